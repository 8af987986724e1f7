//! StatefulSet vs Deployment, side by side (experience.md, "Lessons":
//! "same actions applied to both"). Turning the comparison on creates a
//! Deployment `web-deploy` with the same pod template as the StatefulSet;
//! every action here is applied to both, as kubectl commands, so the
//! differences show: stable ordinal names vs random ones, ordered vs
//! all-at-once, per-pod claims vs none, per-pod DNS names vs none.

use crate::state::Playground;
use leptos::prelude::*;
use sim::api::{Pod, StatefulSet};

/// Name of the Deployment the comparison creates.
pub const DEPLOYMENT: &str = "web-deploy";

/// `kubectl apply` of a Deployment mirroring `set`'s template and replicas
/// (label `app: web-deploy`, so the two selectors never overlap).
pub fn deployment_manifest(set: &StatefulSet) -> String {
    let image = set
        .spec
        .template
        .spec
        .containers
        .first()
        .map(|c| c.image.clone())
        .unwrap_or_else(|| "registry.k8s.io/nginx-slim:0.24".into());
    let container = set
        .spec
        .template
        .spec
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "nginx".into());
    format!(
        "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {DEPLOYMENT}\nspec:\n  replicas: {}\n  selector:\n    matchLabels:\n      app: {DEPLOYMENT}\n  template:\n    metadata:\n      labels:\n        app: {DEPLOYMENT}\n    spec:\n      terminationGracePeriodSeconds: 10\n      containers:\n      - name: {container}\n        image: {image}\n        ports:\n        - containerPort: 80\nEOF",
        set.replicas()
    )
}

#[derive(Clone, PartialEq)]
struct Row {
    name: String,
    status: String,
    ready: String,
    extra: String,
}

fn row(p: &Pod, extra: String) -> Row {
    let status = if p.metadata.is_terminating() {
        "Terminating".to_string()
    } else {
        sim::script::pod_status_text(p)
    };
    Row {
        name: p.metadata.name.clone(),
        status,
        ready: sim::script::pod_ready_text(p),
        extra,
    }
}

/// The comparison panel.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let set_name = move || pg.set_name();
    let on = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            t.backend()
                .engine()
                .store()
                .deployments
                .contains_key(DEPLOYMENT)
        })
    });
    let rows = Memo::new(move |_| {
        pg.version.track();
        pg.now.track();
        let name = set_name();
        pg.with(|t| {
            let store = t.backend().engine().store();
            let set = store.statefulsets.get(&name);
            let svc = set.map(|s| s.spec.service_name.clone()).unwrap_or_default();
            let claims: Vec<String> = set
                .map(|s| {
                    s.spec
                        .volume_claim_templates
                        .iter()
                        .map(|c| c.metadata.name.clone())
                        .collect()
                })
                .unwrap_or_default();
            let mut sts: Vec<(i64, Row)> = store
                .pods
                .values()
                .filter(|p| {
                    set.is_some_and(|s| {
                        p.metadata
                            .controller_ref()
                            .is_some_and(|r| r.uid == s.metadata.uid)
                    })
                })
                .map(|p| {
                    let ord = p
                        .metadata
                        .name
                        .rsplit('-')
                        .next()
                        .and_then(|o| o.parse::<i64>().ok())
                        .unwrap_or(-1);
                    let claim = claims
                        .iter()
                        .map(|c| format!("{c}-{}", p.metadata.name))
                        .collect::<Vec<_>>()
                        .join(", ");
                    (ord, row(p, format!("{}.{svc} · {claim}", p.metadata.name)))
                })
                .collect();
            sts.sort_by_key(|(o, _)| *o);
            let mut dep: Vec<(u64, Row)> = store
                .pods
                .values()
                .filter(|p| p.metadata.labels.get("app").map(String::as_str) == Some(DEPLOYMENT))
                .map(|p| {
                    (
                        p.metadata.creation_timestamp.map_or(0, |t| t.0),
                        row(p, "no own DNS name · no claim".into()),
                    )
                })
                .collect();
            dep.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
            (
                sts.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
                dep.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
            )
        })
    });
    let replicas = RwSignal::new(String::from("5"));
    let image = RwSignal::new(String::from("registry.k8s.io/nginx-slim:0.21"));
    let start = move |_| {
        let name = set_name();
        if let Some(set) = pg.with(|t| {
            t.backend()
                .engine()
                .store()
                .statefulsets
                .get(&name)
                .cloned()
        }) {
            pg.act(&deployment_manifest(&set));
        }
    };
    let stop = move |_| {
        pg.act(&format!(
            "kubectl delete deployment {DEPLOYMENT} --wait=false"
        ));
    };
    let scale = move |_| {
        let n = replicas
            .get_untracked()
            .trim()
            .parse::<u32>()
            .unwrap_or(3)
            .min(20);
        pg.act(&format!("kubectl scale sts {} --replicas={n}", set_name()));
        pg.act(&format!(
            "kubectl scale deployment {DEPLOYMENT} --replicas={n}"
        ));
    };
    let delete_one = move |_| {
        let (sts, dep) = rows.get_untracked();
        if let Some(r) = sts.iter().find(|r| r.status != "Terminating") {
            pg.act(&format!("kubectl delete pod {} --wait=false", r.name));
        }
        if let Some(r) = dep.iter().find(|r| r.status != "Terminating") {
            pg.act(&format!("kubectl delete pod {} --wait=false", r.name));
        }
    };
    let set_image = move |_| {
        let img = image.get_untracked();
        let name = set_name();
        let container = pg.with(|t| {
            t.backend()
                .engine()
                .store()
                .statefulsets
                .get(&name)
                .and_then(|s| {
                    s.spec
                        .template
                        .spec
                        .containers
                        .first()
                        .map(|c| c.name.clone())
                })
                .unwrap_or_else(|| "nginx".into())
        });
        pg.act(&format!("kubectl set image sts/{name} {container}={img}"));
        pg.act(&format!(
            "kubectl set image deployment/{DEPLOYMENT} {container}={img}"
        ));
    };
    let table = |title: &'static str, testid: &'static str, rows: Vec<Row>| {
        view! {
            <div class="compare-col" data-testid=testid>
                <h3>{title}</h3>
                <table>
                    <thead><tr><th scope="col">"Pod"</th><th scope="col">"Ready"</th><th scope="col">"Status"</th><th scope="col">"Identity"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><td class="mono">{r.name}</td><td>{r.ready}</td><td>{r.status}</td><td class="mono small">{r.extra}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
    };
    view! {
        <section class="panel compare" aria-labelledby="compare-title" data-testid="compare-panel">
            <h2 id="compare-title">"StatefulSet vs Deployment"</h2>
            <Show when=move || on.get() fallback=move || view! {
                <p>"Run a Deployment with the same pod template next to the StatefulSet and apply the same actions to both."</p>
                <button class="btn" data-testid="compare-start" on:click=start>"Compare with a Deployment"</button>
            }>
                <div class="compare-actions">
                    <label>"Replicas " <input type="number" min="0" max="20" size="3" data-testid="compare-replicas"
                        prop:value=move || replicas.get() on:input=move |ev| replicas.set(event_target_value(&ev))/></label>
                    <button class="btn" data-testid="compare-scale" on:click=scale>"Scale both"</button>
                    <button class="btn ghost" data-testid="compare-delete" on:click=delete_one>"Delete a pod of each"</button>
                    <label>"Image " <input data-testid="compare-image" prop:value=move || image.get() on:input=move |ev| image.set(event_target_value(&ev))/></label>
                    <button class="btn ghost" data-testid="compare-image-apply" on:click=set_image>"Update both"</button>
                    <button class="btn ghost" data-testid="compare-stop" on:click=stop>"Remove the Deployment"</button>
                </div>
                <div class="compare-grid">
                    {move || { let (s, d) = rows.get(); view! {
                        {table("StatefulSet: ordinal names, one claim each, ordered", "compare-sts", s)}
                        {table("Deployment: random names, no claims, all at once", "compare-deploy", d)}
                    } }}
                </div>
            </Show>
        </section>
    }
}
