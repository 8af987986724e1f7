//! The node strip: each node's readiness and pod count, and a way to take
//! it down (`sim node NODE down`) or bring it back.

use crate::state::Playground;
use leptos::prelude::*;

/// Nodes with their status and the down/up action.
#[component]
pub fn NodesPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let nodes = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            let store = t.backend().engine().store();
            store
                .nodes
                .values()
                .map(|n| {
                    let name = n.metadata.name.clone();
                    let pods = store
                        .pods
                        .values()
                        .filter(|p| p.spec.node_name.as_deref() == Some(name.as_str()))
                        .count();
                    (
                        name,
                        n.is_ready(),
                        n.spec.unschedulable.unwrap_or(false),
                        pods,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel nodes" aria-labelledby="nodes-title">
            <h2 id="nodes-title">"Nodes"</h2>
            <ul class="node-strip">
                <For each=move || nodes.get() key=|n| n.clone() let:n>
                    {
                        let (name, ready, cordoned, pods) = n;
                        let cmd = format!("sim node {name} {}", if ready { "down" } else { "up" });
                        let action = if ready { format!("Take {name} down") } else { format!("Bring {name} up") };
                        let pods = if pods == 1 { "1 pod".to_string() } else { format!("{pods} pods") };
                        view! {
                            <li class="node" class:down=!ready aria-label=format!(
                                "{name}, {}{}, {pods}",
                                if ready { "Ready" } else { "NotReady" },
                                if cordoned { ", cordoned" } else { "" },
                            )>
                                <span class="node-name">{name.clone()}</span>
                                <span class="node-state">{if ready { "Ready" } else { "NotReady" }}</span>
                                <span class="node-pods">{pods.clone()}</span>
                                <button class="btn small" on:click=move |_| {
                                    pg.act(&cmd);
                                }>{action}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}
