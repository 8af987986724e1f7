//! The playground's components driven in a real browser (wasm-bindgen-test,
//! headless Chromium): each test mounts the whole shell on the opening scene,
//! acts through the DOM as a person would (click, type, submit) and asserts
//! what the page then shows.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use stsplay_app::app::Shell;
use stsplay_app::state::{Playground, INITIAL_SCRIPT};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the shell on the opening scene advanced by `advance_ms`, paused.
fn mount_scene(advance_ms: u64) -> (web_sys::HtmlElement, Playground) {
    let doc = document();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let slot: Rc<Cell<Option<Playground>>> = Rc::new(Cell::new(None));
    let out = slot.clone();
    leptos::mount::mount_to(host.clone(), move || {
        let pg = Playground::new(1);
        provide_context(pg);
        pg.run_script(INITIAL_SCRIPT);
        pg.playing.set(false);
        pg.advance_by(advance_ms);
        out.set(Some(pg));
        view! { <Shell/> }
    })
    .forget();
    (host, slot.get().expect("mounted"))
}

fn all(host: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn text(host: &web_sys::HtmlElement, selector: &str) -> String {
    all(host, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The accessible name of a button: its aria-label, else its text without
/// the parts hidden from assistive technology.
fn accessible_name(b: &web_sys::Element) -> String {
    if let Some(l) = b.get_attribute("aria-label") {
        return l;
    }
    let kids = b.child_nodes();
    (0..kids.length())
        .filter_map(|i| kids.item(i))
        .filter(|n| {
            n.dyn_ref::<web_sys::Element>()
                .is_none_or(|e| e.get_attribute("aria-hidden").as_deref() != Some("true"))
        })
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn button(host: &web_sys::HtmlElement, name: &str) -> web_sys::HtmlElement {
    all(host, "button")
        .into_iter()
        .find(|b| accessible_name(b).trim() == name)
        .unwrap_or_else(|| panic!("no button named {name:?}"))
        .unchecked_into()
}

/// Sets an input's value and fires the bubbling `input` event a keystroke would.
fn type_into(input: &web_sys::Element, value: &str) {
    let input: &web_sys::HtmlInputElement = input.unchecked_ref();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn fire(target: &web_sys::Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn pod_cards(host: &web_sys::HtmlElement) -> usize {
    all(host, "li.pod[data-testid^='pod-web-']").len()
}

async fn settle_dom() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn play_pause_and_step_are_named_buttons_and_step_advances_the_cluster() {
    let (host, pg) = mount_scene(0);
    settle_dom().await;
    for name in ["Play", "Pause", "Step"] {
        button(&host, name);
    }
    assert_eq!(pod_cards(&host), 0, "nothing exists before time moves");
    let t0 = pg.now.get_untracked();
    // Stepping is what a person does to watch web-0 appear; it never plays.
    for _ in 0..20 {
        button(&host, "Step").click();
        settle_dom().await;
        if pod_cards(&host) > 0 {
            break;
        }
    }
    // The controller creates web-0 at once (same virtual instant): a step
    // is the next engine action, not a fixed slice of time.
    assert!(pg.now.get_untracked() >= t0);
    assert!(!pg.playing.get_untracked(), "Step leaves the clock paused");
    assert_eq!(
        all(&host, "li.pod[data-testid='pod-web-0']").len(),
        1,
        "web-0 is the first pod to appear"
    );
    assert_eq!(pod_cards(&host), 1, "OrderedReady: only web-0 so far");
}

#[wasm_bindgen_test]
async fn a_console_typo_is_answered_in_kubectls_words_and_changes_nothing() {
    let (host, pg) = mount_scene(60_000);
    settle_dom().await;
    let before = pod_cards(&host);
    let cluster = || {
        pg.with(|t| {
            let s = t.backend().engine().store();
            let gen = s.statefulsets.get("web").map(|w| w.metadata.generation);
            (s.pods.keys().cloned().collect::<Vec<_>>(), gen)
        })
    };
    let before_cluster = cluster();
    let input = host
        .query_selector("input[aria-label='kubectl console']")
        .unwrap()
        .expect("console input");
    type_into(&input, "kubectl gett pods");
    fire(
        &host.query_selector("form.prompt").unwrap().unwrap(),
        "submit",
    );
    settle_dom().await;
    let log = text(&host, ".scrollback");
    assert!(
        log.contains("error: unknown command \"gett\" for \"kubectl\""),
        "{log}"
    );
    assert_eq!(pod_cards(&host), before);
    // The cluster did not change: the same pods, none terminating.
    assert!(text(&host, "li.pod").matches("Terminating").count() == 0);
    assert_eq!(cluster(), before_cluster, "the typo changed nothing");
}

#[wasm_bindgen_test]
async fn the_replica_preview_names_the_ordinals_that_will_come_and_go() {
    let (host, _pg) = mount_scene(60_000);
    settle_dom().await;
    let input = host.query_selector("#replicas-input").unwrap().unwrap();
    type_into(&input, "5");
    settle_dom().await;
    let grow = text(&host, "#replicas-preview");
    assert!(grow.contains("web-3") && grow.contains("web-4"), "{grow}");
    type_into(&input, "1");
    settle_dom().await;
    let shrink = text(&host, "#replicas-preview");
    assert!(
        shrink.contains("web-2") && shrink.contains("web-1"),
        "{shrink}"
    );
    assert!(!shrink.contains("web-0"), "web-0 stays: {shrink}");
    // Typing alone previews; nothing was applied.
    assert_eq!(pod_cards(&host), 3);
}

#[wasm_bindgen_test]
async fn the_why_panel_explains_the_ordered_wait_with_its_rule() {
    // Early in the opening scene web-0 exists and is not Ready yet.
    let (host, pg) = mount_scene(0);
    settle_dom().await;
    for _ in 0..40 {
        if pod_cards(&host) > 0 {
            break;
        }
        pg.step();
        settle_dom().await;
    }
    let waits = all(&host, ".why-list li.wait");
    assert!(!waits.is_empty(), "{}", text(&host, ".why"));
    let why = text(&host, ".why-list");
    assert!(why.contains("web-1"), "{why}");
    for row in all(&host, ".why-list li") {
        let rule = row.query_selector(".rule").ok().flatten();
        let r = rule
            .as_ref()
            .and_then(|e| e.get_attribute("data-rule"))
            .unwrap_or_default();
        assert!(r.starts_with('§'), "every explanation cites a rule: {r:?}");
        // A cited rule links to where it is stated upstream.
        let href = rule
            .and_then(|e| e.get_attribute("href"))
            .unwrap_or_default();
        assert!(
            href.starts_with("https://kubernetes.io/docs/")
                || href.starts_with("https://github.com/kubernetes/kubernetes/"),
            "{r} links to {href:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn dns_lists_ready_pods_and_drops_one_that_fails_readiness() {
    let (host, pg) = mount_scene(60_000);
    settle_dom().await;
    let dns = text(&host, ".dns tbody");
    for i in 0..3 {
        assert!(
            dns.contains(&format!("web-{i}.nginx.default.svc.cluster.local")),
            "{dns}"
        );
    }
    pg.act("sim readiness pod/web-1 fail");
    pg.advance_by(30_000);
    settle_dom().await;
    let ready_rows = text(&host, ".dns tbody tr:not(.not-ready)");
    assert!(!ready_rows.contains("web-1.nginx"), "{ready_rows}");
    assert!(ready_rows.contains("web-0.nginx") && ready_rows.contains("web-2.nginx"));
}

#[wasm_bindgen_test]
async fn the_event_filter_keeps_only_matching_rows() {
    let (host, _pg) = mount_scene(60_000);
    settle_dom().await;
    let rows = all(&host, ".event-list li").len();
    assert!(rows >= 3, "the opening scene has events");
    let filter = host
        .query_selector("input[aria-label='Filter events']")
        .unwrap()
        .unwrap();
    type_into(&filter, "web-2");
    settle_dom().await;
    let kept = all(&host, ".event-list li");
    assert!(
        !kept.is_empty() && kept.len() < rows,
        "{} of {rows}",
        kept.len()
    );
    for row in kept {
        let t = row.text_content().unwrap_or_default();
        assert!(t.contains("web-2"), "{t}");
    }
}

#[wasm_bindgen_test]
async fn deleting_a_pod_from_its_card_brings_the_name_back_on_the_same_claim() {
    let (host, pg) = mount_scene(60_000);
    settle_dom().await;
    button(&host, "Delete pod web-1").click();
    settle_dom().await;
    let console = text(&host, ".scrollback");
    assert!(console.contains("kubectl delete pod web-1"), "{console}");
    pg.advance_by(60_000);
    settle_dom().await;
    let card = all(&host, "li.pod[data-testid='pod-web-1']");
    assert_eq!(card.len(), 1);
    let name = card[0].get_attribute("aria-label").unwrap_or_default();
    assert!(name.starts_with("web-1, Running, ready 1/1"), "{name}");
    let claim = all(&host, "[data-ordinal='1'] li.claim");
    let claim = claim[0].get_attribute("aria-label").unwrap_or_default();
    assert!(claim.starts_with("claim www-web-1, Bound"), "{claim}");
    // The live region said what happened, in words.
    let said = text(&host, "[data-testid='announcer']");
    assert!(!said.trim().is_empty());
}
