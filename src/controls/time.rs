//! The time bar: Play, Pause, Step, speed, and a scrubber over the whole
//! history with a marker per command. Dragging back rewinds; acting while
//! in the past forks the future (clock.rs).

use crate::model;
use crate::state::{Playground, SPEEDS};
use leptos::prelude::*;

fn speed_label(s: f64) -> String {
    if s < 1.0 {
        format!("{s}×")
    } else {
        format!("{}×", s as u32)
    }
}

/// Playback controls and the history scrubber.
#[component]
pub fn TimeBar() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let in_past = move || pg.now.get() < pg.horizon.get();
    // Scrubber position as tenths of a second: fine enough, and the range
    // input's value changes only 10× per virtual second.
    let tenth = Memo::new(move |_| pg.now.get() / 100);
    let max = Memo::new(move |_| (pg.horizon.get() / 100).max(1));
    // Where the history ceiling (clock.rs MAX_RECORDS) last dropped older
    // history: seeking earlier stops there.
    let floor = Memo::new(move |_| {
        pg.horizon.track();
        pg.with(|t| t.floor())
    });
    view! {
        <section
            class="timebar"
            aria-label="Time"
            // Trace records so far: read by the benchmark probe (e2e/bench-probe.mjs).
            data-records=move || {
                pg.version.track();
                pg.with(|t| t.backend().engine().records().len())
            }
        >
            <div class="transport">
                <button
                    class="btn"
                    aria-pressed=move || pg.playing.get().to_string()
                    aria-keyshortcuts="Space"
                    on:click=move |_| pg.playing.set(true)
                >
                    "Play"
                </button>
                <button
                    class="btn"
                    aria-pressed=move || (!pg.playing.get()).to_string()
                    on:click=move |_| pg.playing.set(false)
                >
                    "Pause"
                </button>
                <button
                    class="btn"
                    aria-keyshortcuts="ArrowRight"
                    title="Advance to the next thing the cluster does"
                    on:click=move |_| {
                        pg.playing.set(false);
                        pg.step();
                    }
                >
                    "Step"
                    <span aria-hidden="true">" ›"</span>
                </button>
                <label class="speed">
                    <span>"Speed"</span>
                    <select on:change=move |e| {
                        if let Ok(i) = event_target_value(&e).parse::<usize>() {
                            pg.speed.set(i.min(SPEEDS.len() - 1))
                        }
                    }>
                        {SPEEDS
                            .iter()
                            .enumerate()
                            .map(|(i, s)| {
                                view! {
                                    <option value=i.to_string() selected=move || pg.speed.get() == i>
                                        {speed_label(*s)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <div class="scrub">
                <span class="clock" aria-hidden="true">{move || model::clock_text(tenth.get() * 100)}</span>
                <div class="scrub-track">
                    <input
                        type="range"
                        aria-label="Time"
                        aria-valuetext=move || format!("{} seconds of simulated time", tenth.get() / 10)
                        min="0"
                        max=move || max.get().to_string()
                        prop:value=move || tenth.get().to_string()
                        on:input=move |e| {
                            if let Ok(v) = event_target_value(&e).parse::<u64>() {
                                // The track's end is "now", even when the horizon is not a
                                // whole tenth of a second.
                                let t = if v >= max.get_untracked() { pg.horizon.get_untracked() } else { v * 100 };
                                pg.seek(t)
                            }
                        }
                    />
                    <div class="markers" aria-hidden="true">
                        {move || {
                            let max = max.get() as f64;
                            pg.markers
                                .get()
                                .into_iter()
                                .map(|t| {
                                    let pct = ((t / 100) as f64 / max * 100.0).clamp(0.0, 100.0);
                                    view! { <span class="marker" style:left=format!("{pct:.2}%")></span> }
                                })
                                .collect_view()
                        }}
                    </div>
                </div>
                // The notes wrap onto a line of their own (.scrub-notes), so the track
                // keeps its width while it is being dragged into the past.
                <Show when=move || { floor.get() > 0 }>
                    <span class="past-note scrub-notes" data-testid="history-floor">
                        {move || format!("History before {} was dropped to keep memory bounded; time travel reaches back to there.", model::clock_text(floor.get()))}
                    </span>
                </Show>
                <Show when=move || pg.step_idle.get()>
                    <span class="past-note scrub-notes" data-testid="step-idle">
                        "Nothing is due: the cluster is quiet until you act (scale, delete a pod, roll out an image…)."
                    </span>
                </Show>
                <Show when=in_past>
                    <span class="scrub-notes" data-testid="in-past">
                        <span class="past-note">"Viewing the past — acting now forks the future."</span>
                        <button class="btn small" on:click=move |_| pg.seek(pg.horizon.get_untracked())>
                            "Back to now"
                        </button>
                    </span>
                </Show>
            </div>
        </section>
    }
}
