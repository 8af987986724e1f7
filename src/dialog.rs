//! Focus for the modal dialogs (Share, Export), as the WAI-ARIA dialog
//! pattern asks: opening moves focus into the dialog, Tab and Shift+Tab
//! cycle inside it, Escape closes it, and closing returns focus to the
//! button that opened it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";

fn focusables(dialog: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Moves focus into `dialog` when `open` turns true (its first focusable
/// element) and back to `opener` when it turns false.
pub fn manage_focus(
    open: RwSignal<bool>,
    dialog: NodeRef<html::Div>,
    opener: NodeRef<html::Button>,
) {
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open {
            // Re-runs once the dialog is in the DOM (the node ref is tracked).
            if let Some(first) = dialog
                .get()
                .as_ref()
                .and_then(|d| focusables(d).into_iter().next())
            {
                let _ = first.focus();
            }
        } else if was_open == Some(true) {
            if let Some(b) = opener.get_untracked() {
                let _ = b.focus();
            }
        }
        is_open
    });
}

/// The dialog's keydown handler: Escape closes it; Tab and Shift+Tab wrap
/// around its focusable elements instead of leaving for the page behind.
pub fn on_keydown(
    open: RwSignal<bool>,
    dialog: NodeRef<html::Div>,
) -> impl Fn(web_sys::KeyboardEvent) + Copy + 'static {
    move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.stop_propagation();
            open.set(false);
        }
        "Tab" => {
            let Some(d) = dialog.get_untracked() else {
                return;
            };
            let all = focusables(&d);
            let (Some(first), Some(last)) = (all.first(), all.last()) else {
                return;
            };
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|doc| doc.active_element());
            let at = |e: &web_sys::HtmlElement| {
                active
                    .as_ref()
                    .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
            };
            let target = if ev.shift_key() && (at(first) || !all.iter().any(at)) {
                Some(last)
            } else if !ev.shift_key() && (at(last) || !all.iter().any(at)) {
                Some(first)
            } else {
                None
            };
            if let Some(t) = target {
                ev.prevent_default();
                let _ = t.focus();
            }
        }
        _ => {}
    }
}
