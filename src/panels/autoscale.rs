//! Autoscaling: a HorizontalPodAutoscaler on the main StatefulSet and the
//! load control that drives it (issue 5, lesson 12). Both are commands of
//! the contract: `kubectl autoscale …` creates the HPA and the slider runs
//! `sim load sts/NAME PERCENT` (the simulator's cpu demand, in percent of one
//! pod's request), so the console shows what a learner could type.

use crate::model;
use crate::state::Playground;
use leptos::prelude::*;
use sim::api::Kind;

/// What the panel shows of the HPA that scales the main set.
#[derive(Clone, Debug, PartialEq)]
struct HpaView {
    set: String,
    hpa: Option<(String, i32, i32, i32, i32)>,
    load: u32,
}

/// The HPA of the main set (min, max, target %, desired) and its load.
#[component]
pub fn AutoscalePanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let view_m: Memo<Option<HpaView>> = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            let e = t.backend().engine();
            let set = model::main_set(e)?.metadata.name.clone();
            let hpa = e
                .store()
                .hpas
                .values()
                .find(|h| {
                    h.spec.scale_target_ref.kind == "StatefulSet"
                        && h.spec.scale_target_ref.name == set
                })
                .map(|h| {
                    (
                        h.metadata.name.clone(),
                        h.spec.min_replicas.unwrap_or(1),
                        h.spec.max_replicas,
                        h.spec.target_utilization(),
                        h.status.desired_replicas,
                    )
                });
            let load = e.load(Kind::StatefulSet, &set);
            Some(HpaView { set, hpa, load })
        })
    });
    let set_name = move || view_m.with(|v| v.as_ref().map(|v| v.set.clone()).unwrap_or_default());
    view! {
        <Show when=move || view_m.with(Option::is_some)>
            <section class="panel autoscale" aria-labelledby="autoscale-title">
                <h2 id="autoscale-title">"Autoscaling"</h2>
                <Show
                    when=move || view_m.with(|v| v.as_ref().is_some_and(|v| v.hpa.is_some()))
                    fallback=move || view! {
                        <p class="muted">"No HorizontalPodAutoscaler scales this set."</p>
                        <button
                            class="btn"
                            data-testid="autoscale-button"
                            on:click=move |_| {
                                let n = set_name();
                                pg.act(&format!("kubectl autoscale statefulset {n} --min=2 --max=6 --cpu-percent=50"));
                            }
                        >
                            {move || format!("Autoscale {} (2–6 pods, 50% cpu)", set_name())}
                        </button>
                    }
                >
                    <p data-testid="hpa-summary">
                        {move || view_m.with(|v| {
                            v.as_ref().and_then(|v| v.hpa.clone()).map_or(String::new(), |(n, min, max, target, desired)| {
                                format!("hpa/{n}: {min}–{max} pods, target cpu {target}%, desired {desired}")
                            })
                        })}
                    </p>
                    <label class="load">
                        <span>"CPU load"</span>
                        <input
                            type="range"
                            min="0"
                            max="400"
                            step="10"
                            data-testid="load-slider"
                            prop:value=move || view_m.with(|v| v.as_ref().map_or(0, |v| v.load)).to_string()
                            on:change=move |e| {
                                if let Ok(p) = event_target_value(&e).trim().parse::<u32>() {
                                    let n = set_name();
                                    pg.act(&format!("sim load sts/{n} {p}"));
                                }
                            }
                        />
                        <output>{move || format!("{}% of one pod's request", view_m.with(|v| v.as_ref().map_or(0, |v| v.load)))}</output>
                    </label>
                </Show>
            </section>
        </Show>
    }
}
