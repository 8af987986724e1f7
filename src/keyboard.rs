//! Keyboard shortcuts (experience.md "Time") and the `?` overlay listing
//! them. Shortcuts never fire while typing in a field.

use crate::state::{Playground, SPEEDS};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Every shortcut, as shown in the overlay.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "Play / pause"),
    ("→", "Step to the next engine action"),
    ("Shift + ← / →", "Seek 5 seconds back / forward"),
    ("+ / −", "Faster / slower"),
    ("Home / End", "Start of history / back to now"),
    ("?", "Show this list"),
    ("Esc", "Close this list"),
];

fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("summary, button").ok().flatten().is_some() && ev.key() == " "
        })
}

/// Handles one key press; returns whether it was a shortcut.
pub fn handle_key(pg: Playground, key: &str, shift: bool) -> bool {
    match (key, shift) {
        (" ", _) => pg.playing.update(|p| *p = !*p),
        ("ArrowRight", false) => {
            pg.playing.set(false);
            pg.step();
        }
        ("ArrowRight", true) => pg.seek(
            pg.now
                .get_untracked()
                .saturating_add(5_000)
                .min(pg.horizon.get_untracked()),
        ),
        ("ArrowLeft", true) => pg.seek(pg.now.get_untracked().saturating_sub(5_000)),
        ("+" | "=", _) => pg.speed.update(|s| *s = (*s + 1).min(SPEEDS.len() - 1)),
        ("-" | "_", _) => pg.speed.update(|s| *s = s.saturating_sub(1)),
        ("Home", _) => pg.seek(0),
        ("End", _) => pg.seek(pg.horizon.get_untracked()),
        ("?", _) => pg.help_open.update(|o| *o = !*o),
        ("Escape", _) if pg.help_open.get_untracked() => pg.help_open.set(false),
        _ => return false,
    }
    true
}

/// Installs the window-level key handler.
pub fn install(pg: Playground) {
    let handle = window_event_listener(ev::keydown, move |e| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || (typing(&e) && e.key() != "Escape") {
            return;
        }
        if handle_key(pg, &e.key(), e.shift_key()) {
            e.prevent_default();
        }
    });
    std::mem::forget(handle);
}

/// The `?` overlay: a modal dialog listing every shortcut.
#[component]
pub fn HelpOverlay() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let close_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if pg.help_open.get() {
            if let Some(b) = close_ref.get() {
                let _ = b.focus();
            }
        }
    });
    view! {
        <Show when=move || pg.help_open.get()>
            <div class="overlay" on:click=move |_| pg.help_open.set(false)>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-title"
                    on:click=|e| e.stop_propagation()
                >
                    <h2 id="help-title">"Keyboard shortcuts"</h2>
                    <dl class="shortcuts">
                        {SHORTCUTS
                            .iter()
                            .map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> })
                            .collect_view()}
                    </dl>
                    <p class="hint">"Every control is also reachable with Tab; the console takes kubectl commands."</p>
                    <button class="btn" node_ref=close_ref on:click=move |_| pg.help_open.set(false)>
                        "Close"
                    </button>
                </div>
            </div>
        </Show>
    }
}
