//! The lessons panel (experience.md, "Lessons"): pick a lesson, read each
//! step's narration while its commands play out in the cluster, do what a
//! check asks ("scale to 5 to continue"), Continue / Back / Replay, ← / →
//! inside the panel, and a deep link per step (`?lesson=ID&step=N`).
//!
//! A step's commands run through [`Playground::act`] one by one. The UI
//! clock moves time, so waiting commands become pauses of the sequencer:
//! `sleep D` waits D of virtual time; `rollout status`, `wait`, `get -w`,
//! `sim settle` and a waiting `kubectl delete` run once, then wait until the
//! cluster is quiet (at most two virtual minutes).

use crate::state::Playground;
use leptos::prelude::*;
use sim::lessons::{self, Lesson};
use sim::Millis;
use std::collections::VecDeque;

/// How long a waiting command may hold the sequencer (virtual ms).
const MAX_WAIT_MS: Millis = 120_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    Until(Millis),
    Quiet(Millis),
}

/// `sleep D` → D (the sequencer waits instead of running it).
fn sleep_ms(cmd: &str) -> Option<Millis> {
    match cmd.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["sleep", d] => sim::script::duration::parse_sleep(d),
        _ => None,
    }
}

fn engine_quiet(pg: &Playground) -> bool {
    pg.with(|t| t.backend().engine().is_quiet())
}

/// Steps the cluster until it is quiet or `max` virtual ms passed.
fn settle(pg: &Playground, max: Millis) {
    let deadline = pg.now.get_untracked().saturating_add(max);
    for _ in 0..100_000 {
        if engine_quiet(pg) || pg.now.get_untracked() >= deadline {
            return;
        }
        pg.step();
    }
}

fn is_waiting(cmd: &str) -> bool {
    if crate::panels::console::follows(cmd) {
        return true;
    }
    let words: Vec<&str> = cmd.split_whitespace().collect();
    match words.as_slice() {
        ["kubectl", "wait", ..] | ["sim", "settle", ..] => true,
        ["kubectl", "delete", rest @ ..] => !rest.iter().any(|w| w.starts_with("--wait=false")),
        _ => false,
    }
}

/// Lesson progress, provided as context so the embed can start a lesson.
#[derive(Clone, Copy)]
pub struct LessonState {
    /// The open lesson, if any.
    pub lesson: RwSignal<Option<Lesson>>,
    /// 0-based step.
    pub step: RwSignal<usize>,
    queue: StoredValue<VecDeque<String>>,
    wait: RwSignal<Option<Wait>>,
    /// Commands of the step still to run (for the "running…" hint).
    pub pending: RwSignal<usize>,
}

impl LessonState {
    /// A closed lessons panel.
    pub fn new() -> LessonState {
        LessonState {
            lesson: RwSignal::new(None),
            step: RwSignal::new(0),
            queue: StoredValue::new(VecDeque::new()),
            wait: RwSignal::new(None),
            pending: RwSignal::new(0),
        }
    }

    /// Opens lesson `id` at step `step` on a fresh cluster: the commands and
    /// solutions of the earlier steps are replayed at once, then the step's
    /// own commands play out. Returns false for an unknown id.
    pub fn start(&self, pg: Playground, id: &str, step: usize) -> bool {
        let Some(lesson) = lessons::get(id) else {
            return false;
        };
        let step = step.min(lesson.steps.len().saturating_sub(1));
        // A fresh cluster: the previous session's lines would read as this one's.
        pg.start_over(&format!("── lesson “{}”: a fresh cluster ──", lesson.title));
        for s in lesson.steps.iter().take(step) {
            for c in &s.commands {
                pg.act(c);
            }
            if let Some(check) = &s.check {
                for c in &check.solution {
                    pg.act(c);
                }
            }
            // Let the cluster catch up between earlier steps.
            settle(&pg, MAX_WAIT_MS);
        }
        self.lesson.set(Some(lesson));
        self.enter(pg, step);
        true
    }

    /// Closes the open lesson and drops its queued commands.
    pub fn close(&self) {
        self.lesson.set(None);
        self.step.set(0);
        self.queue.set_value(VecDeque::new());
        self.wait.set(None);
        self.pending.set(0);
    }

    /// Enters step `k` of the open lesson: queues its commands.
    pub fn enter(&self, pg: Playground, k: usize) {
        let Some(lesson) = self.lesson.get_untracked() else {
            return;
        };
        let Some(step) = lesson.steps.get(k) else {
            return;
        };
        self.step.set(k);
        self.queue
            .set_value(step.commands.iter().cloned().collect());
        self.wait.set(None);
        self.pending.set(step.commands.len());
        set_step_url(&lesson.id, k);
        pg.announcement.set(format!(
            "Lesson step {} of {}: {}",
            k + 1,
            lesson.steps.len(),
            step.title
        ));
        self.pump(pg);
    }

    /// Whether the open step's commands are still playing out (queued, or
    /// one of them waiting for the cluster).
    fn running(&self) -> bool {
        self.pending.get() > 0 || self.wait.with(Option::is_some)
    }

    fn running_untracked(&self) -> bool {
        self.pending.get_untracked() > 0 || self.wait.with_untracked(Option::is_some)
    }

    /// Runs queued commands until one has to wait.
    fn pump(&self, pg: Playground) {
        loop {
            if let Some(w) = self.wait.get_untracked() {
                let now = pg.now.get_untracked();
                let done = match w {
                    Wait::Until(t) => now >= t,
                    Wait::Quiet(deadline) => now >= deadline || engine_quiet(&pg),
                };
                if !done {
                    return;
                }
                self.wait.set(None);
            }
            let Some(cmd) = self.queue.try_update_value(|q| q.pop_front()).flatten() else {
                self.pending.set(0);
                return;
            };
            self.pending.update(|p| *p = p.saturating_sub(1));
            let now = pg.now.get_untracked();
            if let Some(d) = sleep_ms(&cmd) {
                self.wait.set(Some(Wait::Until(now + d)));
                continue;
            }
            pg.act(&cmd);
            if is_waiting(&cmd) {
                self.wait.set(Some(Wait::Quiet(now + MAX_WAIT_MS)));
            }
        }
    }
}

impl Default for LessonState {
    fn default() -> Self {
        LessonState::new()
    }
}

fn set_step_url(id: &str, k: usize) {
    let Some(w) = web_sys::window() else { return };
    let l = w.location();
    let search = l.search().unwrap_or_default();
    let mut opts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with("lesson=")
                && !p.starts_with("step=")
                && !p.starts_with("script=")
        })
        .map(str::to_string)
        .collect();
    opts.push(format!("lesson={id}"));
    opts.push(format!("step={}", k + 1));
    let url = format!("{}?{}", l.pathname().unwrap_or_default(), opts.join("&"));
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The panel.
#[component]
pub fn LessonsPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let ls = use_context::<LessonState>().unwrap_or_else(|| {
        let l = LessonState::new();
        provide_context(l);
        l
    });
    // Drive the sequencer as time moves.
    Effect::new(move |_| {
        pg.now.track();
        pg.version.track();
        ls.pump(pg);
    });
    let check_met = Memo::new(move |_| {
        pg.version.track();
        pg.now.track();
        ls.lesson.with(|l| {
            l.as_ref()
                .and_then(|l| l.steps.get(ls.step.get()))
                .map(|s| {
                    s.check
                        .as_ref()
                        .is_none_or(|c| pg.with(|t| c.is_met(t.backend().engine())))
                })
                .unwrap_or(true)
        })
    });
    Effect::new(move |prev: Option<bool>| {
        let met = check_met.get();
        if prev == Some(false) && met {
            pg.announcement.set("Done — you can continue.".to_string());
        }
        met
    });
    let all = lessons::all();
    let go = move |delta: i64| {
        let Some(n) = ls
            .lesson
            .with_untracked(|l| l.as_ref().map(|l| l.steps.len()))
        else {
            return;
        };
        let k = ls.step.get_untracked() as i64 + delta;
        if k < 0 || k >= n as i64 {
            return;
        }
        // Continue waits for the step's own commands as well as its check:
        // the next step's narration is about what these commands did.
        if delta > 0 && (!check_met.get_untracked() || ls.running_untracked()) {
            return;
        }
        ls.enter(pg, k as usize);
    };
    let replay = move |_| {
        if let Some(id) = ls
            .lesson
            .with_untracked(|l| l.as_ref().map(|l| l.id.clone()))
        {
            ls.start(pg, &id, ls.step.get_untracked());
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let tag = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|e| e.tag_name());
        if matches!(tag.as_deref(), Some("INPUT" | "SELECT" | "TEXTAREA"))
            || ls.lesson.with_untracked(Option::is_none)
        {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" => {
                ev.prevent_default();
                ev.stop_propagation();
                go(1);
            }
            "ArrowLeft" => {
                ev.prevent_default();
                ev.stop_propagation();
                go(-1);
            }
            _ => {}
        }
    };
    let options = all
        .iter()
        .map(|l| {
            let id = l.id.clone();
            view! { <option value=id.clone()>{l.title.clone()}</option> }
        })
        .collect_view();
    view! {
        <section class="panel lessons" aria-labelledby="lessons-title" data-testid="lessons-panel" tabindex="-1" on:keydown=on_key>
            <h2 id="lessons-title">"Lessons"</h2>
            <label class="lesson-pick">
                "Lesson "
                <select data-testid="lesson-select"
                    prop:value=move || ls.lesson.with(|l| l.as_ref().map(|l| l.id.clone()).unwrap_or_default())
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        if !id.is_empty() {
                            ls.start(pg, &id, 0);
                        }
                    }>
                    <option value="">"Choose a guided lesson…"</option>
                    {options}
                </select>
            </label>
            {move || ls.lesson.get().map(|lesson| {
                let k = ls.step.get();
                let n = lesson.steps.len();
                let step = lesson.steps.get(k).cloned();
                let link = format!("?lesson={}&step={}", lesson.id, k + 1);
                step.map(|step| view! {
                    <div class="lesson-step" data-testid="lesson-step" data-step=k + 1>
                        <p class="lesson-progress">{format!("{} — step {} of {}", lesson.title, k + 1, n)}</p>
                        <h3>{step.title.clone()}</h3>
                        {step.narration.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                        <Show when=move || ls.running()>
                            <p class="hint" data-testid="lesson-running">
                                "Running the step's commands…"
                                {move || (!pg.playing.get()).then_some(" Press Play to let them run.")}
                            </p>
                        </Show>
                        {step.check.clone().map(|c| {
                            let solution = c.solution.clone();
                            view! {
                                <div class="lesson-check" data-testid="lesson-check" data-met=move || check_met.get().to_string()>
                                    <p>{move || if check_met.get() { "✓ ".to_string() } else { "● ".to_string() }}{c.prompt.clone()}</p>
                                    // Once the task is done there is nothing left to do for the learner.
                                    <Show when=move || !check_met.get()>
                                        <button class="btn ghost" data-testid="lesson-show-me" on:click={
                                            let solution = solution.clone();
                                            move |_| {
                                                for s in &solution {
                                                    pg.act(s);
                                                }
                                            }
                                        }>"Do it for me"</button>
                                    </Show>
                                </div>
                            }
                        })}
                        <Show when=move || { k + 1 >= n && check_met.get() && !ls.running() }>
                            <p class="hint lesson-done" data-testid="lesson-complete">
                                "Lesson complete. Keep exploring this cluster, or choose another lesson above."
                            </p>
                        </Show>
                        <div class="lesson-nav">
                            <button class="btn ghost" data-testid="lesson-back" disabled=move || { ls.step.get() == 0 } on:click=move |_| go(-1)>"← Back"</button>
                            <button class="btn ghost" data-testid="lesson-replay" on:click=replay>"Replay"</button>
                            <button class="btn" data-testid="lesson-continue"
                                disabled=move || { let last = ls.step.get() + 1 >= n; !check_met.get() || last || ls.running() }
                                on:click=move |_| go(1)>"Continue →"</button>
                            <a class="step-link" href=link data-testid="lesson-step-link">"Link to this step"</a>
                        </div>
                    </div>
                })
            })}
        </section>
    }
}
