//! The StatefulSet panel: the replica control, the mutable spec fields as
//! controls (each change runs `kubectl patch`/`kubectl set image`), the
//! immutable ones shown as such (§2.4), live status counters and revisions.

use crate::controls::replicas::ReplicasControl;
use crate::model::{self, SetView};
use crate::state::Playground;
use leptos::prelude::*;

/// Wraps a JSON merge patch of `spec` in the kubectl command line.
fn patch(name: &str, spec: &str) -> String {
    format!("kubectl patch sts {name} --type=merge -p '{{\"spec\":{spec}}}'")
}

/// The value of one field of the set, or "" when there is none.
fn field_of(set: Memo<Option<SetView>>, f: fn(&SetView) -> String) -> String {
    set.with(|s| s.as_ref().map(f).unwrap_or_default())
}

/// Runs a merge patch of the set's spec.
fn run_patch(pg: Playground, set: Memo<Option<SetView>>, spec: &str) {
    let n = set.with_untracked(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    if !n.is_empty() {
        pg.act(&patch(&n, spec));
    }
}

// The rows below are plain (non-generic) functions: each shape of row is
// built by one copy of the view code however often it appears
// (docs/size.md, "Tried").

/// `<div><dt>term</dt><dd>value</dd></div>`.
fn value_row(set: Memo<Option<SetView>>, term: &'static str, f: fn(&SetView) -> String) -> AnyView {
    view! { <div><dt>{term}</dt><dd>{move || field_of(set, f)}</dd></div> }.into_any()
}

/// A row of the immutable fields.
fn immutable_row(
    set: Memo<Option<SetView>>,
    term: &'static str,
    f: fn(&SetView) -> String,
) -> AnyView {
    view! { <div><dt>{term}</dt><dd>{move || field_of(set, f)}<span class="lock">" immutable"</span></dd></div> }.into_any()
}

/// A whole-number field patched with `json(n)` on change.
fn number_row(
    pg: Playground,
    set: Memo<Option<SetView>>,
    label: &'static str,
    f: fn(&SetView) -> String,
    json: fn(i64) -> String,
) -> AnyView {
    view! {
        <label>
            <span>{label}</span>
            <input type="number" min="0" prop:value=move || field_of(set, f)
                on:change=move |e| if let Some(n) = int(&e) { run_patch(pg, set, &json(n)) }
            />
        </label>
    }
    .into_any()
}

/// A Retain / Delete choice of `persistentVolumeClaimRetentionPolicy.key`.
fn retention_row(
    pg: Playground,
    set: Memo<Option<SetView>>,
    label: &'static str,
    key: &'static str,
    f: fn(&SetView) -> String,
) -> AnyView {
    view! {
        <label>
            <span>{label}</span>
            <select on:change=move |e| run_patch(pg, set, &format!(r#"{{"persistentVolumeClaimRetentionPolicy":{{"{key}":"{}"}}}}"#, if event_target_value(&e) == "Delete" { "Delete" } else { "Retain" }))>
                <option selected=move || field_of(set, f) == "Retain">"Retain"</option>
                <option selected=move || field_of(set, f) == "Delete">"Delete"</option>
            </select>
        </label>
    }
    .into_any()
}

fn int(e: &leptos::ev::Event) -> Option<i64> {
    event_target_value(e).trim().parse::<i64>().ok()
}

/// Spec and status of the set on screen.
#[component]
pub fn SpecPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let set: Memo<Option<SetView>> = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            let e = t.backend().engine();
            model::main_set(e).map(|s| model::set_view(e, s))
        })
    });
    let field = move |f: fn(&SetView) -> String| field_of(set, f);
    let run = move |spec: String| run_patch(pg, set, &spec);
    let image_draft = RwSignal::new(None::<String>);
    // How the next image typed above behaves (`sim image IMAGE …`): the
    // simulated registry has every image unless told otherwise.
    let image_behaviour = RwSignal::new("ok");
    view! {
        <section class="panel spec" aria-labelledby="spec-title">
            <h2 id="spec-title">
                {move || set.with(|s| s.as_ref().map_or("StatefulSet".into(), |s| format!("StatefulSet {}", s.name)))}
            </h2>
            <Show when=move || set.with(Option::is_some) fallback=|| view! { <p class="muted">"No StatefulSet."</p> }>
                <ReplicasControl set/>
                <dl class="status-grid" aria-label="Status">
                    {value_row(set, "ready", |s| format!("{}/{}", s.ready, s.replicas))}
                    {value_row(set, "current", |s| s.current.to_string())}
                    {value_row(set, "updated", |s| s.updated.to_string())}
                    {value_row(set, "available", |s| s.available.to_string())}
                </dl>
                <dl class="revisions">
                    <div>
                        <dt>"current revision"</dt>
                        <dd class="rev" data-rev=move || set.with(|s| s.as_ref().map_or(0, |s| s.current_slot))><span class="swatch" aria-hidden="true"></span>{move || field(|s| s.current_revision.clone())}</dd>
                    </div>
                    <div>
                        <dt>"update revision"</dt>
                        <dd class="rev" data-rev=move || set.with(|s| s.as_ref().map_or(0, |s| s.update_slot))><span class="swatch" aria-hidden="true"></span>{move || field(|s| s.update_revision.clone())}</dd>
                    </div>
                    {value_row(set, "generation", |s| format!("{} (observed {})", s.generation, s.observed_generation))}
                </dl>
                <div class="form">
                    <label>
                        <span>"image"</span>
                        <span class="inline">
                            <input
                                type="text"
                                spellcheck="false"
                                prop:value=move || image_draft.get().unwrap_or_else(|| field(|s| s.image.clone()))
                                on:input=move |e| image_draft.set(Some(event_target_value(&e)))
                                on:keydown=move |e| {
                                    if e.key() == "Enter" {
                                        let img = event_target_value(&e);
                                        let (n, c) = set.with_untracked(|s| s.as_ref().map(|s| (s.name.clone(), s.container.clone())).unwrap_or_default());
                                        image_draft.set(None);
                                        if !img.trim().is_empty() && !img.contains(char::is_whitespace) {
                                            // The simulated registry pulls every image; a chosen
                                            // failure is declared first, as a script would (`sim image`).
                                            let how = image_behaviour.get_untracked();
                                            if how != "ok" {
                                                pg.act(&format!("sim image {img} {how}"));
                                            }
                                            pg.act(&format!("kubectl set image sts/{n} {c}={img}"));
                                        }
                                    }
                                }
                            />
                        </span>
                    </label>
                    <label>
                        <span>"a new image (on Enter)"</span>
                        <select
                            data-testid="image-behaviour"
                            on:change=move |e| image_behaviour.set(match event_target_value(&e).as_str() {
                                "pull-error" => "pull-error",
                                "never-ready" => "never-ready",
                                "crash" => "crash",
                                _ => "ok",
                            })
                        >
                            <option value="ok" selected=move || image_behaviour.get() == "ok">"pulls and starts"</option>
                            <option value="pull-error" selected=move || image_behaviour.get() == "pull-error">"fails to pull"</option>
                            <option value="never-ready" selected=move || image_behaviour.get() == "never-ready">"never becomes Ready"</option>
                            <option value="crash" selected=move || image_behaviour.get() == "crash">"crashes on start"</option>
                        </select>
                    </label>
                    <label>
                        <span>"updateStrategy"</span>
                        <select on:change=move |e| {
                            if event_target_value(&e) == "OnDelete" {
                                run(r#"{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}"#.into())
                            } else {
                                run(r#"{"updateStrategy":{"type":"RollingUpdate"}}"#.into())
                            }
                        }>
                            <option value="RollingUpdate" selected=move || field(|s| s.strategy.clone()) == "RollingUpdate">"RollingUpdate"</option>
                            <option value="OnDelete" selected=move || field(|s| s.strategy.clone()) == "OnDelete">"OnDelete"</option>
                        </select>
                    </label>
                    <label>
                        <span>"partition"</span>
                        <input type="number" min="0" prop:value=move || field(|s| s.partition.to_string())
                            disabled=move || field(|s| s.strategy.clone()) == "OnDelete"
                            on:change=move |e| if let Some(n) = int(&e) {
                                run(format!(r#"{{"updateStrategy":{{"type":"RollingUpdate","rollingUpdate":{{"partition":{n}}}}}}}"#))
                            }
                        />
                    </label>
                    <label>
                        <span>"maxUnavailable"</span>
                        <input type="text" size="4" prop:value=move || field(|s| s.max_unavailable.clone())
                            disabled=move || field(|s| s.strategy.clone()) == "OnDelete"
                            on:change=move |e| {
                                let v = event_target_value(&e);
                                let v = v.trim();
                                let json = if let Ok(n) = v.parse::<i64>() {
                                    Some(n.to_string())
                                } else if v.strip_suffix('%').is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
                                    Some(format!("\"{v}\""))
                                } else {
                                    None
                                };
                                if let Some(j) = json {
                                    run(format!(r#"{{"updateStrategy":{{"type":"RollingUpdate","rollingUpdate":{{"maxUnavailable":{j}}}}}}}"#))
                                }
                            }
                        />
                    </label>
                    {number_row(pg, set, "minReadySeconds", |s| s.min_ready_seconds.to_string(), |n| format!(r#"{{"minReadySeconds":{n}}}"#))}
                    {number_row(pg, set, "ordinals.start", |s| s.start.to_string(), |n| format!(r#"{{"ordinals":{{"start":{n}}}}}"#))}
                    {retention_row(pg, set, "PVC whenDeleted", "whenDeleted", |s| s.when_deleted.clone())}
                    {retention_row(pg, set, "PVC whenScaled", "whenScaled", |s| s.when_scaled.clone())}
                </div>
                <p class="hint">"A field applies when you press Enter or leave it: it runs the kubectl patch shown in the console."</p>
                <dl class="immutable" aria-label="Immutable after creation">
                    {immutable_row(set, "podManagementPolicy", |s| s.policy.clone())}
                    {immutable_row(set, "serviceName", |s| s.service_name.clone())}
                    {immutable_row(set, "volumeClaimTemplates", |s| s.claim_template.clone())}
                </dl>
            </Show>
        </section>
    }
}
