//! Light/dark theme: follows the system unless chosen here; the choice
//! is the `data-theme` attribute on `<html>` (a host page may set it too).

use leptos::prelude::*;

const THEMES: [&str; 3] = ["system", "light", "dark"];

/// Cycles system → light → dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let initial = document()
        .document_element()
        .and_then(|e| e.get_attribute("data-theme"))
        .and_then(|t| THEMES.iter().position(|x| *x == t))
        .unwrap_or(0);
    let theme = RwSignal::new(initial);
    Effect::new(move |_| {
        let t = THEMES.get(theme.get()).copied().unwrap_or("system");
        if let Some(root) = document().document_element() {
            let _ = if t == "system" {
                root.remove_attribute("data-theme")
            } else {
                root.set_attribute("data-theme", t)
            };
        }
    });
    view! {
        <button
            class="btn ghost"
            on:click=move |_| theme.update(|t| *t = (*t + 1) % THEMES.len())
            aria-label=move || format!("Theme: {}", THEMES.get(theme.get()).copied().unwrap_or("system"))
        >
            {move || match theme.get() {
                1 => "☀ Light",
                2 => "☾ Dark",
                _ => "◐ System",
            }}
        </button>
    }
}
