//! The Why panel: the controller's last decisions and current waits, in
//! plain words, each with the semantics rule it follows (from
//! `Engine::explanations`, never computed here).

use crate::state::Playground;
use leptos::prelude::*;
use sim::ExplanationKind;

/// A fact the controller cannot act on, stated beside its decisions: a pod
/// of the set on a node that is down keeps its name and is not replaced
/// until it is force deleted or the node returns (§10.5). Read from the
/// store (the pod's node is not Ready), not decided here.
fn node_down_notes(e: &sim::Engine, set: &str) -> Vec<(bool, String, String, String)> {
    let store = e.store();
    // The common case, every node up, costs no walk over the pods (this
    // runs on every engine write).
    if store.nodes.values().all(|n| n.is_ready()) {
        return Vec::new();
    }
    store
        .pods
        .values()
        .filter(|p| {
            p.metadata
                .owner_references
                .iter()
                .any(|o| o.kind == "StatefulSet" && o.name == set)
        })
        .filter_map(|p| {
            let node = p.spec.node_name.as_deref()?;
            let down = store.nodes.get(node).is_some_and(|n| !n.is_ready());
            down.then(|| {
                let pod = &p.metadata.name;
                (
                    true,
                    format!("{node} is down: {pod} keeps its name and is not replaced until it is force deleted (More → Force delete) or {node} comes back"),
                    "§10.5".to_string(),
                    format!("Pod/{pod}"),
                )
            })
        })
        .collect()
}

/// The rule a row cites, as a link to where it is stated upstream (the
/// kubernetes.io page, else the controller source); plain text if unknown.
fn rule_link(rule: String) -> AnyView {
    match sim::explain::rule_source(&rule) {
        Some((name, url)) => {
            let label = format!("Rule {rule}, {name}: read upstream (opens a new tab)");
            view! {
                <a class="rule" href=url target="_blank" rel="noopener noreferrer" title=format!("{rule} {name}") aria-label=label data-rule=rule.clone()>
                    {name}
                    <span aria-hidden="true">" ↗"</span>
                </a>
            }
            .into_any()
        }
        None => {
            view! { <code class="rule" data-rule=rule.clone()>{rule.clone()}</code> }.into_any()
        }
    }
}

/// Why the controller did (or did not do) what the lanes show.
#[component]
pub fn WhyPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let items = Memo::new(move |_| {
        pg.version.track();
        let name = pg.set_name();
        pg.with(|t| {
            let e = t.backend().engine();
            if e.store().statefulsets.contains_key(&name) {
                let mut rows = e
                    .explanations(&name)
                    .into_iter()
                    .map(|x| (x.kind == ExplanationKind::Wait, x.text, x.rule, x.object))
                    .collect::<Vec<_>>();
                rows.extend(node_down_notes(e, &name));
                rows
            } else {
                Vec::new()
            }
        })
    });
    view! {
        <section class="panel why" aria-labelledby="why-title">
            <h2 id="why-title">"Why"</h2>
            <Show
                when=move || items.with(|i| !i.is_empty())
                fallback=|| view! { <p class="muted">"The controller has nothing to wait for."</p> }
            >
                <ul class="why-list">
                    {move || {
                        items
                            .get()
                            .into_iter()
                            .map(|(wait, text, rule, object)| {
                                view! {
                                    <li class:wait=wait title=object>
                                        <span class="why-kind">{if wait { "waiting" } else { "did" }}</span>
                                        <span class="why-text">{text}</span>
                                        {rule_link(rule)}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
        </section>
    }
}
