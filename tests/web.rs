//! Components in a real browser (wasm-bindgen-test, headless Chromium):
//! the accessible names the e2e tests and screen readers rely on.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use stsplay_app::app::Shell;
use stsplay_app::state::{Playground, INITIAL_SCRIPT};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_scene(advance_ms: u64) -> web_sys::HtmlElement {
    let doc = document();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let h = host.clone();
    leptos::mount::mount_to(h, move || {
        let pg = Playground::new(1);
        provide_context(pg);
        pg.run_script(INITIAL_SCRIPT);
        pg.playing.set(false);
        pg.advance_by(advance_ms);
        view! { <Shell/> }
    })
    .forget();
    host
}

fn label(host: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    host.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("aria-label"))
}

#[wasm_bindgen_test]
async fn pod_cards_are_list_items_named_after_their_pod() {
    let host = mount_scene(60_000);
    leptos::task::tick().await;
    for i in 0..3 {
        let l = label(&host, &format!("li.pod[data-testid='pod-web-{i}']")).unwrap_or_default();
        assert!(
            l.starts_with(&format!("web-{i}, Running, ready 1/1")),
            "{l}"
        );
    }
    assert!(label(&host, "li.pod[data-testid='pod-web-3']").is_none());
    let claim = label(&host, "[data-ordinal='2'] li.claim").unwrap_or_default();
    assert!(claim.starts_with("claim www-web-2, Bound"), "{claim}");
    assert!(host
        .query_selector("button[aria-label='Delete pod web-2']")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn replica_control_is_a_labelled_spinbutton_and_console_is_labelled() {
    let host = mount_scene(0);
    leptos::task::tick().await;
    let input = host
        .query_selector("#replicas-input")
        .unwrap()
        .expect("replicas input");
    assert_eq!(input.get_attribute("type").as_deref(), Some("number"));
    let label = host
        .query_selector("label[for='replicas-input']")
        .unwrap()
        .expect("label");
    assert_eq!(label.text_content().as_deref(), Some("Replicas"));
    assert!(host
        .query_selector("input[aria-label='kubectl console']")
        .unwrap()
        .is_some());
    // Every command the scene ran is echoed in the console.
    let log = host
        .query_selector(".scrollback")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(log.contains("statefulset.apps/web created"), "{log}");
}
