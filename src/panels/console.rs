//! The kubectl console: a prompt with history (↑/↓) and completion (Tab)
//! of verbs, resource types and names; output and errors in kubectl's
//! words; `clear` empties it and `kubectl help` lists what it runs. Every
//! UI action is echoed here as the command it ran.

use crate::state::{LineKind, Playground};
use leptos::prelude::*;

/// `kubectl rollout status` and `kubectl get -w`: commands that follow the
/// cluster on a real terminal (`kubectl wait` says so in its own error).
/// Lessons wait on these too (`lessons_panel::is_waiting`).
pub(crate) fn follows(cmd: &str) -> bool {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    match words.as_slice() {
        ["kubectl" | "k", "rollout", "status", ..] => true,
        ["kubectl" | "k", "get", rest @ ..] => rest
            .iter()
            .any(|w| matches!(*w, "-w" | "--watch" | "--watch-only") || *w == "--watch=true"),
        _ => false,
    }
}

/// Scrollback + prompt.
#[component]
pub fn Console() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let input = RwSignal::new(String::new());
    let history = StoredValue::new(Vec::<String>::new());
    let cursor = StoredValue::new(None::<usize>);
    let suggestions = RwSignal::new(Vec::<String>::new());
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    // Keep the newest output in view.
    Effect::new(move |_| {
        pg.console.track();
        if let Some(el) = scroll_ref.get() {
            request_animation_frame(move || el.set_scroll_top(el.scroll_height()));
        }
    });
    let submit = move || {
        let line = input.get_untracked();
        if line.trim().is_empty() {
            return;
        }
        history.update_value(|h| {
            if h.last() != Some(&line) {
                h.push(line.clone());
            }
        });
        cursor.set_value(None);
        suggestions.set(Vec::new());
        input.set(String::new());
        // `clear` empties the scrollback, as in a terminal; it is not a
        // command of the cluster, so it is neither run nor logged.
        if line.trim() == "clear" {
            pg.clear_console();
        } else {
            pg.act(line.trim());
            // Scripts and lessons follow these until done; the console answers
            // at once with the state now (the clock keeps running).
            if follows(line.trim()) {
                pg.note("── the console does not block: that was the state now; the lanes keep changing, run it again to see later states ──");
            }
        }
    };
    let recall = move |up: bool| {
        let h = history.get_value();
        if h.is_empty() {
            return;
        }
        let next = match (cursor.get_value(), up) {
            (None, true) => Some(h.len() - 1),
            (None, false) => None,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < h.len() => Some(i + 1),
            (Some(_), false) => None,
        };
        cursor.set_value(next);
        input.set(next.and_then(|i| h.get(i).cloned()).unwrap_or_default());
    };
    // Completes the last word; false when there is nothing to complete, so
    // Tab can move focus on as usual (no keyboard trap).
    let complete = move || -> bool {
        let line = input.get_untracked();
        let options = pg.complete(&line);
        // The line without its last (partial) word.
        let keep = if line.ends_with(' ') || line.is_empty() {
            line.clone()
        } else {
            line.rsplit_once(' ')
                .map_or(String::new(), |(a, _)| format!("{a} "))
        };
        if let [only] = options.as_slice() {
            let done = format!("{keep}{only} ");
            let changed = done != line;
            input.set(done);
            suggestions.set(Vec::new());
            changed
        } else {
            // Like bash: fill in what every candidate shares (`w` → `web-`).
            let shared = sim::script::common_prefix(&options);
            let grew = keep.len() + shared.len() > line.len();
            if grew {
                input.set(format!("{keep}{shared}"));
            }
            let shown = !options.is_empty() && suggestions.with_untracked(|s| *s != options);
            suggestions.set(options);
            grew || shown
        }
    };
    view! {
        <section class="panel console" aria-labelledby="console-title">
            <h2 id="console-title">"kubectl console"</h2>
            <div class="scrollback" node_ref=scroll_ref role="log" aria-label="Console output" tabindex="0">
                <For each=move || pg.console.get() key=|l| l.id let:line>
                    <div class=match line.kind {
                        LineKind::Command => "cl cmd",
                        LineKind::Stdout => "cl out",
                        LineKind::Stderr => "cl err",
                        LineKind::Note => "cl note",
                    }>
                        {if line.kind == LineKind::Command { format!("$ {}", line.text) } else { line.text.clone() }}
                    </div>
                </For>
            </div>
            <form class="prompt" on:submit=move |e| {
                e.prevent_default();
                submit();
            }>
                <span class="ps1" aria-hidden="true">"$"</span>
                <input
                    id="console-input"
                    type="text"
                    aria-label="kubectl console"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    placeholder="kubectl get pods · kubectl help"
                    prop:value=move || input.get()
                    on:input=move |e| {
                        input.set(event_target_value(&e));
                        suggestions.set(Vec::new());
                    }
                    on:keydown=move |e| match e.key().as_str() {
                        "ArrowUp" => {
                            e.prevent_default();
                            recall(true)
                        }
                        "ArrowDown" => {
                            e.prevent_default();
                            recall(false)
                        }
                        // Tab completes while it has something to add;
                        // otherwise (and always with Shift) it moves focus.
                        "Tab" if !e.shift_key()
                            && !input.get_untracked().trim().is_empty()
                            && complete() => e.prevent_default(),
                        _ => {}
                    }
                />
            </form>
            <Show when=move || suggestions.with(|s| !s.is_empty())>
                <p class="suggestions" aria-live="polite">
                    {move || suggestions.get().join("  ")}
                </p>
            </Show>
        </section>
    }
}
