//! Share links and autosave (experience.md, "Share, embed, export").
//!
//! - The URL fragment `#v1.…` carries the script, seed, time and view
//!   options (`sim::share`); opening such a link restores exactly that
//!   moment, paused.
//! - Every change of the command log (and every ~5 s of virtual time) is
//!   autosaved to `localStorage`; a reload without a fragment restores it.
//! - A damaged fragment or storage entry never gives a blank page: the
//!   default scenario runs and a banner says what was wrong.

use crate::clock::LoggedCommand;
use crate::embed::{self, EmbedOptions};
use crate::state::{Playground, INITIAL_SCRIPT};
use leptos::prelude::*;
use sim::share::{self, ShareError, ShareState, TimedCommand};
use std::collections::BTreeMap;

/// `localStorage` key of the autosaved session.
pub const STORAGE_KEY: &str = "stsplay.session.v1";

/// Where the session on screen came from (for tests and the banner).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The default scenario.
    Default,
    /// `?script=` of an embed.
    EmbedScript,
    /// The URL fragment.
    Link,
    /// The autosave entry.
    Autosave,
}

/// Banner text and origin, provided as context.
#[derive(Clone, Copy)]
pub struct ShareContext {
    /// Message about a damaged link / entry (empty: none).
    pub notice: RwSignal<String>,
    /// Where the session came from.
    pub origin: RwSignal<&'static str>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The session as a share state.
pub fn current_state(pg: &Playground, view: BTreeMap<String, String>) -> ShareState {
    let (seed, log, t) = pg.export_session();
    let timed: Vec<TimedCommand> = log
        .into_iter()
        .map(|c| TimedCommand {
            t: c.t,
            text: c.text,
        })
        .collect();
    ShareState {
        script: share::log_to_script(&timed),
        seed,
        time_ms: t,
        view,
    }
}

/// Replaces the session with `state` (paused at its time).
pub fn restore(pg: &Playground, state: &ShareState) -> Result<(), ShareError> {
    let log = share::script_to_log(&state.script)?;
    let log: Vec<LoggedCommand> = log
        .into_iter()
        .map(|c| LoggedCommand {
            t: c.t,
            text: c.text,
        })
        .collect();
    // The console starts with the commands that built this moment (their
    // output is in the cluster, not repeated), so the state is explained.
    let built: Vec<String> = log
        .iter()
        .filter(|c| c.t <= state.time_ms)
        .map(|c| c.text.clone())
        .collect();
    pg.import_session(state.seed, log, state.time_ms);
    pg.clear_console();
    pg.note(&format!(
        "── restored session at {}: the {} command(s) that built it ──",
        crate::model::clock_text(state.time_ms),
        built.len()
    ));
    for text in &built {
        pg.echo(text);
    }
    pg.playing.set(false);
    Ok(())
}

/// The share link for the current session.
pub fn share_link(pg: &Playground) -> Result<(String, String), ShareError> {
    let frag = share::encode(&current_state(pg, BTreeMap::new()))?;
    Ok((format!("{}#{frag}", embed::base_url()), frag))
}

fn clear_fragment() {
    if let Some(w) = web_sys::window() {
        let l = w.location();
        let url = format!(
            "{}{}",
            l.pathname().unwrap_or_default(),
            l.search().unwrap_or_default()
        );
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Decides what the page starts with: an embed's `script=`, the URL
/// fragment, the autosave entry, or the default scenario — in that order.
/// Returns the origin; a damaged source sets the notice and falls back.
pub fn boot(pg: Playground, opts: &EmbedOptions, ctx: ShareContext) -> Origin {
    let fallback = |why: String| {
        ctx.notice
            .set(format!("{why}. Showing the default scenario instead."));
        pg.run_script(INITIAL_SCRIPT);
        Origin::Default
    };
    if let Some(s) = &opts.script {
        if s.starts_with(share::PREFIX_V1) {
            return match share::decode(s).and_then(|st| restore(&pg, &st)) {
                Ok(()) => Origin::EmbedScript,
                Err(e) => fallback(format!("The embedded scenario could not be loaded: {e}")),
            };
        }
        pg.run_script(s);
        return Origin::EmbedScript;
    }
    if opts.lesson.is_some() {
        // The lessons panel starts the lesson itself.
        return Origin::Default;
    }
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let hash = hash.trim_start_matches('#');
    if !hash.is_empty() {
        let r = share::decode(hash).and_then(|st| restore(&pg, &st));
        // The fragment has been read; from now on the session moves on.
        clear_fragment();
        return match r {
            Ok(()) => Origin::Link,
            Err(e) => fallback(format!("This link could not be opened — {e}")),
        };
    }
    if let Some(saved) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) {
        return match share::decode(&saved).and_then(|st| restore(&pg, &st)) {
            Ok(()) => {
                // An autosave resumes where it was, playing as before.
                pg.playing.set(opts.autoplay);
                Origin::Autosave
            }
            Err(e) => {
                if let Some(s) = storage() {
                    let _ = s.remove_item(STORAGE_KEY);
                }
                fallback(format!(
                    "The saved session could not be restored ({})",
                    e.detail
                ))
            }
        };
    }
    pg.run_script(INITIAL_SCRIPT);
    Origin::Default
}

/// Saves the session whenever the command log changes and every 5 s of
/// virtual time.
pub fn install_autosave(pg: Playground) {
    let tick = Memo::new(move |_| (pg.markers.with(Vec::len), pg.now.get() / 5_000));
    Effect::new(move |_| {
        // Read, not just track: a Memo that is only tracked is never
        // recomputed, so the effect would run once at load and never again.
        let _ = tick.get();
        if let (Ok(frag), Some(s)) = (
            share::encode(&current_state(&pg, BTreeMap::new())),
            storage(),
        ) {
            let _ = s.set_item(STORAGE_KEY, &frag);
        }
    });
}

/// The banner shown when a link or the saved session was damaged.
#[component]
pub fn ShareNotice() -> impl IntoView {
    let ctx = use_context::<ShareContext>().unwrap_or(ShareContext {
        notice: RwSignal::new(String::new()),
        origin: RwSignal::new("default"),
    });
    view! {
        <Show when=move || !ctx.notice.get().is_empty()>
            <div class="notice" role="alert" data-testid="share-notice">
                <p>{move || ctx.notice.get()}</p>
                <button class="btn ghost" on:click=move |_| ctx.notice.set(String::new())>"Dismiss"</button>
            </div>
        </Show>
    }
}

/// Selects a read-only field's text and copies it to the clipboard
/// (`execCommand("copy")`: unlike `navigator.clipboard` it also works on
/// plain http, and it fails softly). `done` gets a word for the status line.
fn copy_input(
    input: NodeRef<leptos::html::Input>,
    status: RwSignal<&'static str>,
    done: &'static str,
) {
    use wasm_bindgen::JsCast;
    let Some(el) = input.get_untracked() else {
        return;
    };
    el.select();
    let ok = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    status.set(if ok {
        done
    } else {
        "Copy is blocked here: the text is selected, press Ctrl+C"
    });
}

/// The Share button and its dialog: the link, and an iframe snippet.
#[component]
pub fn ShareButton() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let open = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Div>::new();
    let opener = NodeRef::<leptos::html::Button>::new();
    crate::dialog::manage_focus(open, dialog, opener);
    let link = RwSignal::new(String::new());
    let snippet = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let show = move |_| {
        match share_link(&pg) {
            Ok((url, frag)) => {
                link.set(url);
                snippet.set(embed::iframe_snippet(&embed::base_url(), &frag));
                error.set(String::new());
            }
            Err(e) => error.set(e.to_string()),
        }
        open.set(true);
    };
    let select_all = |ev: web_sys::FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(t) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            t.select();
        }
    };
    let link_ref = NodeRef::<leptos::html::Input>::new();
    let snippet_ref = NodeRef::<leptos::html::Input>::new();
    let copied = RwSignal::new("");
    view! {
        <button class="btn ghost" data-testid="share-button" node_ref=opener on:click=show>"Share"</button>
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" data-testid="share-dialog"
                node_ref=dialog on:keydown=crate::dialog::on_keydown(open, dialog)>
                <h2 id="share-title">"Share this moment"</h2>
                <Show when=move || !error.get().is_empty()>
                    <p class="error">{move || error.get()}</p>
                </Show>
                <label>
                    "Link (script, seed and time; opens paused at this moment)"
                    <span class="inline">
                        <input readonly data-testid="share-link" node_ref=link_ref prop:value=move || link.get() on:focus=select_all/>
                        <button class="btn small" aria-label="Copy the link" on:click=move |_| copy_input(link_ref, copied, "Link copied")>"Copy"</button>
                    </span>
                </label>
                <label>
                    "Embed in a page"
                    <span class="inline">
                        <input readonly data-testid="share-snippet" node_ref=snippet_ref prop:value=move || snippet.get() on:focus=select_all/>
                        <button class="btn small" aria-label="Copy the embed snippet" on:click=move |_| copy_input(snippet_ref, copied, "Snippet copied")>"Copy"</button>
                    </span>
                </label>
                <p class="hint" role="status" data-testid="share-copied">{move || copied.get()}</p>
                <p class="hint">"Embed options: embed, script=, lesson=, step=, autoplay, controls=full|minimal|none, theme=light|dark."</p>
                <button class="btn" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </Show>
    }
}
