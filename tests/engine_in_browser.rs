//! The engine crate runs unchanged inside the browser's WebAssembly.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn virtual_time_renders_like_kubernetes_in_wasm() {
    assert!(web_sys::window().is_some(), "running in a browser page");
    assert_eq!(sim::api::Time(61_000).to_rfc3339(), "2026-01-01T00:01:01Z");
    assert_eq!(sim::api::Time::parse_rfc3339("not a time"), None);
}
