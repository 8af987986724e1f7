//! Ordinal lanes (architecture.md "Identity is the picture"): lane k holds
//! pod `web-k` over claim `www-web-k` over its volume. Lanes are keyed by
//! ordinal, so a replaced pod reappears in its own lane and only that lane
//! re-renders. Lanes beyond `replicas` that still hold a claim stay, greyed.

mod claim_card;
mod pod_card;

pub use claim_card::{ClaimCard, VolumeCard};
pub use pod_card::PodCard;

use crate::model::{self, LaneView};
use crate::state::Playground;
use leptos::prelude::*;

/// Above this many lanes the cards switch to a compact layout of fixed-width
/// lanes, and only the lanes in (or near) the visible part of the strip are
/// rendered: scrolling moves a window over the ordinals (issue 6 §3).
const COMPACT_FROM: usize = 24;
/// Width of a compact lane plus the gap after it, in CSS pixels. Must match
/// `.lanes.compact` in style/main.css (120px lanes, 12px gap).
const PITCH: i32 = 132;
const GAP: i32 = 12;
/// Lanes rendered beyond each edge of the viewport, so a quick scroll never
/// shows a blank strip.
const OVERSCAN: i32 = 4;
/// Viewport width assumed before the strip has been measured.
const DEFAULT_WIDTH: i32 = 1280;

/// Which slice `[first, last)` of `n` fixed-pitch lanes a viewport at
/// `scroll_left` that is `width` pixels wide shows, with overscan.
pub fn window_range(n: usize, scroll_left: i32, width: i32) -> (usize, usize) {
    let n_i = i32::try_from(n).unwrap_or(i32::MAX);
    let first = (scroll_left.max(0) / PITCH)
        .saturating_sub(OVERSCAN)
        .clamp(0, n_i);
    let shown = (width.max(PITCH) / PITCH)
        .saturating_add(2)
        .saturating_add(2 * OVERSCAN);
    let last = first.saturating_add(shown).clamp(first, n_i);
    (
        usize::try_from(first).unwrap_or(0),
        usize::try_from(last).unwrap_or(0),
    )
}

/// How many pods of the set are in each state, for the summary line shown
/// when the lanes are windowed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhaseCounts {
    pub lanes: usize,
    pub ready: usize,
    pub not_ready: usize,
    pub pending: usize,
    pub terminating: usize,
    pub claims: usize,
}

fn phase_counts(engine: &sim::Engine, lanes: usize) -> PhaseCounts {
    let mut c = PhaseCounts {
        lanes,
        ..PhaseCounts::default()
    };
    let Some(set) = model::main_set(engine) else {
        return c;
    };
    let name = set.metadata.name.as_str();
    let store = engine.store();
    for p in store.pods.values() {
        if !p
            .metadata
            .name
            .strip_prefix(name)
            .is_some_and(|r| r.starts_with('-'))
        {
            continue;
        }
        if p.metadata.deletion_timestamp.is_some() {
            c.terminating += 1;
        } else if p.is_running_and_ready() {
            c.ready += 1;
        } else if p.spec.node_name.is_none() || p.status.phase.as_deref() == Some("Pending") {
            c.pending += 1;
        } else {
            c.not_ready += 1;
        }
    }
    if let Some(t) = set.spec.volume_claim_templates.first() {
        let prefix = format!("{}-{name}-", t.metadata.name);
        c.claims = store.pvcs.keys().filter(|k| k.starts_with(&prefix)).count();
    }
    c
}

fn summary_text(c: &PhaseCounts) -> String {
    let pods = c.ready + c.not_ready + c.pending + c.terminating;
    let mut parts = vec![format!("{} lanes", c.lanes), format!("{pods} pods")];
    for (n, what) in [
        (c.ready, "ready"),
        (c.not_ready, "running, not ready"),
        (c.pending, "pending"),
        (c.terminating, "terminating"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    parts.push(format!("{} without a pod", c.lanes.saturating_sub(pods)));
    parts.push(format!("{} claims", c.claims));
    parts.join(" · ")
}

/// All lanes of the set on screen.
#[component]
pub fn Lanes() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let ordinals = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| model::lane_ordinals(t.backend().engine()))
    });
    let title = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            let e = t.backend().engine();
            model::main_set(e).map(|s| {
                let v = model::set_view(e, s);
                (v.name, v.replicas, v.ready, v.policy)
            })
        })
    });
    let compact = Memo::new(move |_| ordinals.with(|o| o.len() > COMPACT_FROM));
    // Horizontal scroll position and width of the strip, in CSS pixels.
    let viewport = RwSignal::new((0i32, DEFAULT_WIDTH));
    let strip = NodeRef::<leptos::html::Div>::new();
    let measure = move || {
        if let Some(el) = strip.get_untracked() {
            let v = (el.scroll_left(), el.client_width());
            if viewport.get_untracked() != v {
                viewport.set(v);
            }
        }
    };
    Effect::new(move |_| {
        // Re-measure when the strip mounts or switches layout.
        let _ = compact.get();
        if strip.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // [first, last) indexes into `ordinals` that are rendered.
    let range = Memo::new(move |_| {
        let n = ordinals.with(Vec::len);
        if !compact.get() {
            return (0, n);
        }
        let (left, width) = viewport.get();
        window_range(n, left, width)
    });
    let shown = Memo::new(move |_| {
        let (a, b) = range.get();
        ordinals.with(|o| o.get(a..b).map(<[i32]>::to_vec).unwrap_or_default())
    });
    let spacer = move |lead: bool| {
        move || {
            let (a, b) = range.get();
            let n = ordinals.with(Vec::len);
            let k = if lead { a } else { n.saturating_sub(b) };
            let px = i32::try_from(k)
                .unwrap_or(0)
                .saturating_mul(PITCH)
                .saturating_sub(GAP);
            (k > 0).then(|| {
                // style:flex goes through CSSOM, which the strict CSP allows.
                view! { <div class="lane-spacer" aria-hidden="true" style:flex=format!("0 0 {px}px")></div> }
            })
        }
    };
    let counts = Memo::new(move |_| {
        if !compact.get() {
            return None;
        }
        pg.version.track();
        let lanes = ordinals.with(Vec::len);
        Some(pg.with(|t| phase_counts(t.backend().engine(), lanes)))
    });
    let set_name = pg.set_name();
    let jump_error = RwSignal::new(String::new());
    let jump = move |text: String| {
        let Ok(ord) = text.trim().parse::<i32>() else {
            jump_error.set("Type a whole number.".into());
            return;
        };
        // Ordinals are sorted: the lane at or after `ord`.
        let idx = ordinals.with(|o| o.partition_point(|x| *x < ord));
        jump_error.set(String::new());
        if let Some(el) = strip.get_untracked() {
            let x = i32::try_from(idx).unwrap_or(i32::MAX).saturating_mul(PITCH);
            el.set_scroll_left(x);
            measure();
        }
    };
    view! {
        <div class="lanes-wrap">
            <p class="lanes-caption">
                {move || match title.get() {
                    Some((name, replicas, ready, policy)) => format!(
                        "StatefulSet {name}: {ready} of {replicas} ready · {policy}",
                    ),
                    None => "No StatefulSet yet — create one in the console.".to_string(),
                }}
            </p>
            <Show when=move || compact.get()>
                {
                    let name = set_name.clone();
                    view! {
                        <div class="lanes-summary">
                            <p class="lanes-counts" data-testid="lane-counts">
                                {move || counts.get().map(|c| summary_text(&c))}
                            </p>
                            <label class="lanes-jump">
                                <span>"Jump to ordinal"</span>
                                <input
                                    type="number"
                                    min="0"
                                    inputmode="numeric"
                                    aria-describedby="lanes-jump-hint"
                                    on:keydown=move |e| {
                                        if e.key() == "Enter" {
                                            jump(event_target_value(&e));
                                        }
                                    }
                                />
                            </label>
                            <span id="lanes-jump-hint" class="hint">
                                {move || {
                                    let err = jump_error.get();
                                    if err.is_empty() {
                                        format!("Only the lanes on screen are drawn; scroll or jump to see {name}-N.")
                                    } else {
                                        err
                                    }
                                }}
                            </span>
                        </div>
                    }
                }
            </Show>
            <div
                class="lanes"
                class:compact=move || compact.get()
                data-testid="lanes"
                node_ref=strip
                role="group"
                aria-label=move || {
                    let (a, b) = range.get();
                    ordinals.with(
                        |o| match (o.get(a), b.checked_sub(1).and_then(|l| o.get(l))) {
                            (Some(x), Some(y)) if compact.get() => format!(
                                "Lanes, ordinals {x} to {y} of {} shown; scroll sideways for more",
                                o.len()
                            ),
                            _ => "Lanes".to_string(),
                        },
                    )
                }
                tabindex=move || compact.get().then_some("0")
                on:scroll=move |_| measure()
            >
                {spacer(true)}
                <For each=move || shown.get() key=|o| *o let:ordinal>
                    <Lane ordinal/>
                </For>
                {spacer(false)}
            </div>
        </div>
    }
}

/// One ordinal lane.
#[component]
pub fn Lane(ordinal: i32) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let lane: Memo<LaneView> = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| model::lane_view(t.backend().engine(), ordinal))
    });
    // A new uid means a new pod object: re-render the card so it appears
    // (and the attachment to its claim redraws) even though the name is the same.
    let pod_uid = Memo::new(move |_| lane.with(|l| l.pod.as_ref().map(|p| p.uid.clone())));
    let pod = Memo::new(move |_| lane.with(|l| l.pod.clone()));
    let set_name = pg.set_name();
    view! {
        <section
            class="lane"
            class:beyond=move || !lane.with(|l| l.in_spec)
            aria-label=format!("Ordinal {ordinal}")
            data-ordinal=ordinal
        >
            <div class="lane-ordinal" aria-hidden="true">{ordinal}</div>
            <ul class="lane-stack">
                {move || match pod_uid.get() {
                    Some(_) => view! { <PodCard pod/> }.into_any(),
                    None => {
                        let name = format!("{set_name}-{ordinal}");
                        let label = if lane.with_untracked(|l| l.in_spec) {
                            format!("no pod {name} yet")
                        } else {
                            format!("no pod {name}: ordinal is beyond replicas")
                        };
                        view! {
                            <li class="card slot-empty" aria-label=label>
                                <span class="empty-name">{name}</span>
                            </li>
                        }
                            .into_any()
                    }
                }}
                <ClaimCard lane/>
                <VolumeCard lane/>
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_plus_overscan() {
        // Three lanes: all of them.
        assert_eq!(window_range(3, 0, 1280), (0, 3));
        // 10,000 lanes at the start: a screenful plus overscan, not 10,000.
        let (a, b) = window_range(10_000, 0, 1280);
        assert_eq!(a, 0);
        assert!(b >= 1280 / PITCH as usize && b < 40, "{b}");
        // Scrolled to lane 5,000.
        let (a, b) = window_range(10_000, 5_000 * PITCH, 1280);
        assert_eq!(a, 5_000 - OVERSCAN as usize);
        assert!(b > 5_000 + 9 && b < 5_040, "{b}");
        // Past the end (the list shrank under the scroll position).
        assert_eq!(window_range(10, 100_000, 1280), (10, 10));
        assert_eq!(window_range(0, 0, 0), (0, 0));
    }
}
