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

/// Spec and status of the set on screen.
#[component]
pub fn SpecPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let set: Memo<Option<SetView>> = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| model::main_set(t.backend().engine()).map(model::set_view))
    });
    let field = move |f: fn(&SetView) -> String| {
        move || set.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let name =
        move || set.with_untracked(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let run = move |spec: String| {
        let n = name();
        if !n.is_empty() {
            pg.act(&patch(&n, &spec));
        }
    };
    let int = |e: &leptos::ev::Event| event_target_value(e).trim().parse::<i64>().ok();
    let image_draft = RwSignal::new(None::<String>);
    view! {
        <section class="panel spec" aria-labelledby="spec-title">
            <h2 id="spec-title">
                {move || set.with(|s| s.as_ref().map_or("StatefulSet".into(), |s| format!("StatefulSet {}", s.name)))}
            </h2>
            <Show when=move || set.with(Option::is_some) fallback=|| view! { <p class="muted">"No StatefulSet."</p> }>
                <ReplicasControl set/>
                <dl class="status-grid" aria-label="Status">
                    <div><dt>"ready"</dt><dd>{field(|s| format!("{}/{}", s.ready, s.replicas))}</dd></div>
                    <div><dt>"current"</dt><dd>{field(|s| s.current.to_string())}</dd></div>
                    <div><dt>"updated"</dt><dd>{field(|s| s.updated.to_string())}</dd></div>
                    <div><dt>"available"</dt><dd>{field(|s| s.available.to_string())}</dd></div>
                </dl>
                <dl class="revisions">
                    <div>
                        <dt>"current revision"</dt>
                        <dd class="rev" data-rev=move || set.with(|s| s.as_ref().map_or("0", |s| if s.current_revision == s.update_revision { "0" } else { "1" }))><span class="swatch" aria-hidden="true"></span>{field(|s| s.current_revision.clone())}</dd>
                    </div>
                    <div>
                        <dt>"update revision"</dt>
                        <dd class="rev" data-rev="0"><span class="swatch" aria-hidden="true"></span>{field(|s| s.update_revision.clone())}</dd>
                    </div>
                    <div>
                        <dt>"generation"</dt>
                        <dd>{field(|s| format!("{} (observed {})", s.generation, s.observed_generation))}</dd>
                    </div>
                </dl>
                <div class="form">
                    <label>
                        <span>"image"</span>
                        <span class="inline">
                            <input
                                type="text"
                                spellcheck="false"
                                prop:value=move || image_draft.get().unwrap_or_else(field(|s| s.image.clone()))
                                on:input=move |e| image_draft.set(Some(event_target_value(&e)))
                                on:keydown=move |e| {
                                    if e.key() == "Enter" {
                                        let img = event_target_value(&e);
                                        let (n, c) = set.with_untracked(|s| s.as_ref().map(|s| (s.name.clone(), s.container.clone())).unwrap_or_default());
                                        image_draft.set(None);
                                        if !img.trim().is_empty() && !img.contains(char::is_whitespace) {
                                            pg.act(&format!("kubectl set image sts/{n} {c}={img}"));
                                        }
                                    }
                                }
                            />
                        </span>
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
                            <option value="RollingUpdate" selected=move || field(|s| s.strategy.clone())() == "RollingUpdate">"RollingUpdate"</option>
                            <option value="OnDelete" selected=move || field(|s| s.strategy.clone())() == "OnDelete">"OnDelete"</option>
                        </select>
                    </label>
                    <label>
                        <span>"partition"</span>
                        <input type="number" min="0" prop:value=field(|s| s.partition.to_string())
                            disabled=move || field(|s| s.strategy.clone())() == "OnDelete"
                            on:change=move |e| if let Some(n) = int(&e) {
                                run(format!(r#"{{"updateStrategy":{{"type":"RollingUpdate","rollingUpdate":{{"partition":{n}}}}}}}"#))
                            }
                        />
                    </label>
                    <label>
                        <span>"maxUnavailable"</span>
                        <input type="text" size="4" prop:value=field(|s| s.max_unavailable.clone())
                            disabled=move || field(|s| s.strategy.clone())() == "OnDelete"
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
                    <label>
                        <span>"minReadySeconds"</span>
                        <input type="number" min="0" prop:value=field(|s| s.min_ready_seconds.to_string())
                            on:change=move |e| if let Some(n) = int(&e) { run(format!(r#"{{"minReadySeconds":{n}}}"#)) }
                        />
                    </label>
                    <label>
                        <span>"ordinals.start"</span>
                        <input type="number" min="0" prop:value=field(|s| s.start.to_string())
                            on:change=move |e| if let Some(n) = int(&e) { run(format!(r#"{{"ordinals":{{"start":{n}}}}}"#)) }
                        />
                    </label>
                    <label>
                        <span>"PVC whenDeleted"</span>
                        <select on:change=move |e| run(format!(r#"{{"persistentVolumeClaimRetentionPolicy":{{"whenDeleted":"{}"}}}}"#, if event_target_value(&e) == "Delete" { "Delete" } else { "Retain" }))>
                            <option selected=move || field(|s| s.when_deleted.clone())() == "Retain">"Retain"</option>
                            <option selected=move || field(|s| s.when_deleted.clone())() == "Delete">"Delete"</option>
                        </select>
                    </label>
                    <label>
                        <span>"PVC whenScaled"</span>
                        <select on:change=move |e| run(format!(r#"{{"persistentVolumeClaimRetentionPolicy":{{"whenScaled":"{}"}}}}"#, if event_target_value(&e) == "Delete" { "Delete" } else { "Retain" }))>
                            <option selected=move || field(|s| s.when_scaled.clone())() == "Retain">"Retain"</option>
                            <option selected=move || field(|s| s.when_scaled.clone())() == "Delete">"Delete"</option>
                        </select>
                    </label>
                </div>
                <dl class="immutable" aria-label="Immutable after creation">
                    <div><dt>"podManagementPolicy"</dt><dd>{field(|s| s.policy.clone())}<span class="lock">" immutable"</span></dd></div>
                    <div><dt>"serviceName"</dt><dd>{field(|s| s.service_name.clone())}<span class="lock">" immutable"</span></dd></div>
                    <div><dt>"volumeClaimTemplates"</dt><dd>{field(|s| s.claim_template.clone())}<span class="lock">" immutable"</span></dd></div>
                </dl>
            </Show>
        </section>
    }
}
