//! The pod card: name, status and readiness ring, revision colour, node
//! badge, restarts, age, grace-period countdown, and the pod actions. Every
//! action runs the kubectl/sim command it names.

use crate::model::{self, PodView};
use crate::state::Playground;
use leptos::prelude::*;

/// The card's accessible name.
fn pod_label(pod: Memo<Option<PodView>>) -> String {
    pod.with(|p| {
        p.as_ref().map_or_else(String::new, |p| {
            format!(
                "{}, {}, ready {}{}{}, restarts {}",
                p.name,
                p.status,
                p.ready_text,
                p.node
                    .as_ref()
                    .map(|n| format!(", on {n}{}", if p.node_down { " (down)" } else { "" }))
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
}

/// One button of the card's "More" menu: runs `cmd`. One non-generic
/// function, so the three buttons share their view code (docs/size.md).
fn menu_button(pg: Playground, label: String, text: &'static str, cmd: String) -> AnyView {
    view! {
        <button class="btn small" aria-label=label on:click=move |_| {
            pg.act(&cmd);
        }>
            {text}
        </button>
    }
    .into_any()
}

/// Card for the pod in a lane. `pod` is `Some` while the card is mounted.
#[component]
pub fn PodCard(
    /// The lane's pod snapshot.
    pod: Memo<Option<PodView>>,
) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let name = pod.with_untracked(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    // Plain functions, called from syntactic `move ||` closures in the view:
    // with `erase_components` Leptos shares one render effect per output
    // type for those, instead of one per closure type (docs/size.md).
    let get = move |f: fn(&PodView) -> String| pod.with(|p| p.as_ref().map(f).unwrap_or_default());
    // Whole virtual seconds: ages tick once per second, not per frame.
    let secs = Memo::new(move |_| pg.now.get() / 1000);
    // Whole seconds left until the deletion deadline, from the exact virtual
    // time (a deadline at 30.3 s reads "10s left" at 20.3 s, not 11): the
    // memo recomputes per frame, the text changes once per second.
    let left = Memo::new(move |_| {
        let now = pg.now.get();
        pod.with(|p| {
            p.as_ref()
                .and_then(|p| p.deadline)
                .map(|d| d.saturating_sub(now).div_ceil(1000))
        })
    });
    let countdown = move || left.get().map(|s| format!("{s}s left"));
    let age = move || {
        let now = secs.get() * 1000;
        pod.with(|p| {
            p.as_ref()
                .and_then(|p| p.created)
                .map(|c| model::age(now.saturating_sub(c)))
                .unwrap_or_default()
        })
    };
    // From the engine, not the last click: a lesson or the console may have
    // failed readiness too.
    let readiness_failing = move || pod.with(|p| p.as_ref().is_some_and(|p| p.readiness_failing));
    let hl_key = format!("Pod/{name}");
    let n = name.clone();
    let run = move |cmd: String| {
        pg.act(&cmd);
    };
    let (n1, n3, n6) = (n.clone(), n.clone(), n.clone());
    view! {
        <li
            class="card pod"
            class:ready=move || pod.with(|p| p.as_ref().is_some_and(|p| p.ready))
            class:terminating=move || pod.with(|p| p.as_ref().is_some_and(|p| p.deadline.is_some()))
            class:highlight=move || pg.highlight.with(|h| h.as_deref() == Some(hl_key.as_str()))
            data-rev=move || pod.with(|p| p.as_ref().map_or(0, |p| p.revision_slot))
            data-status=move || get(|p| p.status.clone())
            aria-label=move || pod_label(pod)
            data-testid=format!("pod-{n}")
            data-uid=move || get(|p| p.uid.clone())
        >
            <div class="pod-head">
                <span class="ring" aria-hidden="true"></span>
                <strong class="pod-name">{name.clone()}</strong>
                <span class="badge node" class:down=move || pod.with(|p| p.as_ref().is_some_and(|p| p.node_down))
                    title=move || if pod.with(|p| p.as_ref().is_some_and(|p| p.node_down)) { "node is down" } else { "node" }>
                    {move || get(|p| match (&p.node, p.node_down) {
                        (Some(n), true) => format!("{n} down"),
                        (Some(n), false) => n.clone(),
                        (None, _) => "unscheduled".into(),
                    })}
                </span>
            </div>
            <div class="pod-status">
                <span class="status">{move || get(|p| p.status.clone())}</span>
                <span class="ready-text" title="ready containers">{move || get(|p| p.ready_text.clone())}</span>
                <span class="countdown">{move || countdown()}</span>
            </div>
            <div class="pod-meta">
                <span class="rev" title="controller-revision-hash">
                    <span class="swatch" aria-hidden="true"></span>
                    {move || get(|p| p.revision.rsplit('-').next().unwrap_or_default().to_string())}
                </span>
                <span title="restarts">{move || format!("↻{}", pod.with(|p| p.as_ref().map_or(0, |p| p.restarts)))}</span>
                <span title="age">{move || age()}</span>
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
                        {menu_button(pg, format!("Force delete pod {n}"), "Force delete", format!("kubectl delete pod {n} --grace-period=0 --force"))}
                        <button
                            class="btn small"
                            aria-label=move || {
                                if readiness_failing() {
                                    format!("Recover readiness of {n6}")
                                } else {
                                    format!("Fail readiness of {n6}")
                                }
                            }
                            on:click=move |_| {
                                let fail = !pod.with_untracked(|p| p.as_ref().is_some_and(|p| p.readiness_failing));
                                run(format!("sim readiness pod/{n3} {}", if fail { "fail" } else { "pass" }));
                            }
                        >
                            {move || if readiness_failing() { "Recover readiness" } else { "Fail readiness" }}
                        </button>
                        {menu_button(pg, format!("Crash pod {n}"), "Crash", format!("sim crash pod/{n}"))}
                        {menu_button(pg, format!("Evict pod {n}"), "Evict", format!("sim evict pod/{n}"))}
                    </div>
                </details>
            </div>
            <span class="attach" aria-hidden="true"></span>
        </li>
    }
}
