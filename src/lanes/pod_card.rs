//! The pod card: name, status and readiness ring, revision colour, node
//! badge, restarts, age, grace-period countdown, and the pod actions. Every
//! action runs the kubectl/sim command it names.

use crate::model::{self, PodView};
use crate::state::Playground;
use leptos::prelude::*;

/// Card for the pod in a lane. `pod` is `Some` while the card is mounted.
#[component]
pub fn PodCard(
    /// The lane's pod snapshot.
    pod: Memo<Option<PodView>>,
) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let name = pod.with_untracked(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let get = move |f: fn(&PodView) -> String| {
        move || pod.with(|p| p.as_ref().map(f).unwrap_or_default())
    };
    let ready = move || pod.with(|p| p.as_ref().is_some_and(|p| p.ready));
    let terminating = move || pod.with(|p| p.as_ref().is_some_and(|p| p.deadline.is_some()));
    // Whole virtual seconds: ages and countdowns tick once per second, not per frame.
    let secs = Memo::new(move |_| pg.now.get() / 1000);
    let countdown = move || {
        let now = secs.get() * 1000;
        pod.with(|p| {
            p.as_ref()
                .and_then(|p| p.deadline)
                .map(|d| format!("{}s left", d.saturating_sub(now).div_ceil(1000)))
        })
    };
    let age = move || {
        let now = secs.get() * 1000;
        pod.with(|p| {
            p.as_ref()
                .and_then(|p| p.created)
                .map(|c| model::age(now.saturating_sub(c)))
                .unwrap_or_default()
        })
    };
    let label = move || {
        pod.with(|p| {
            p.as_ref().map_or_else(String::new, |p| {
                format!(
                    "{}, {}, ready {}{}{}, restarts {}",
                    p.name,
                    p.status,
                    p.ready_text,
                    p.node
                        .as_ref()
                        .map(|n| format!(", on {n}"))
                        .unwrap_or_default(),
                    if p.revision.is_empty() {
                        String::new()
                    } else {
                        format!(", revision {}", p.revision)
                    },
                    p.restarts
                )
            })
        })
    };
    let readiness_failing = RwSignal::new(false);
    let hl_key = format!("Pod/{name}");
    let highlighted = move || pg.highlight.with(|h| h.as_deref() == Some(hl_key.as_str()));
    let n = name.clone();
    let run = move |cmd: String| {
        pg.act(&cmd);
    };
    let (n1, n2, n3, n4, n5, n6) = (
        n.clone(),
        n.clone(),
        n.clone(),
        n.clone(),
        n.clone(),
        n.clone(),
    );
    view! {
        <li
            class="card pod"
            class:ready=ready
            class:terminating=terminating
            class:highlight=highlighted
            data-rev=move || pod.with(|p| p.as_ref().map_or(0, |p| p.revision_slot))
            data-status=get(|p| p.status.clone())
            aria-label=label
            data-testid=format!("pod-{n}")
            data-uid=get(|p| p.uid.clone())
        >
            <div class="pod-head">
                <span class="ring" aria-hidden="true"></span>
                <strong class="pod-name">{name.clone()}</strong>
                <span class="badge node" title="node">{get(|p| p.node.clone().unwrap_or_else(|| "unscheduled".into()))}</span>
            </div>
            <div class="pod-status">
                <span class="status">{get(|p| p.status.clone())}</span>
                <span class="ready-text" title="ready containers">{get(|p| p.ready_text.clone())}</span>
                <span class="countdown">{countdown}</span>
            </div>
            <div class="pod-meta">
                <span class="rev" title="controller-revision-hash">
                    <span class="swatch" aria-hidden="true"></span>
                    {get(|p| p.revision.rsplit('-').next().unwrap_or_default().to_string())}
                </span>
                <span title="restarts">{move || format!("↻{}", pod.with(|p| p.as_ref().map_or(0, |p| p.restarts)))}</span>
                <span title="age">{age}</span>
            </div>
            <div class="pod-actions">
                <button
                    class="btn small danger"
                    aria-label=format!("Delete pod {n}")
                    title=format!("kubectl delete pod {n} --wait=false")
                    on:click=move |_| run(format!("kubectl delete pod {n1} --wait=false"))
                >
                    "Delete"
                </button>
                <details class="more">
                    <summary aria-label=format!("More actions for {n}")>"More"</summary>
                    <div class="menu">
                        <button
                            class="btn small"
                            aria-label=format!("Force delete pod {n}")
                            on:click=move |_| run(format!("kubectl delete pod {n2} --grace-period=0 --force"))
                        >
                            "Force delete"
                        </button>
                        <button
                            class="btn small"
                            aria-label=move || {
                                if readiness_failing.get() {
                                    format!("Recover readiness of {n6}")
                                } else {
                                    format!("Fail readiness of {n6}")
                                }
                            }
                            on:click=move |_| {
                                let fail = !readiness_failing.get_untracked();
                                readiness_failing.set(fail);
                                run(format!("sim readiness pod/{n3} {}", if fail { "fail" } else { "pass" }));
                            }
                        >
                            {move || if readiness_failing.get() { "Recover readiness" } else { "Fail readiness" }}
                        </button>
                        <button
                            class="btn small"
                            aria-label=format!("Crash pod {n}")
                            on:click=move |_| run(format!("sim crash pod/{n4}"))
                        >
                            "Crash"
                        </button>
                        <button
                            class="btn small"
                            aria-label=format!("Evict pod {n}")
                            on:click=move |_| run(format!("sim evict pod/{n5}"))
                        >
                            "Evict"
                        </button>
                    </div>
                </details>
            </div>
            <span class="attach" aria-hidden="true"></span>
        </li>
    }
}
