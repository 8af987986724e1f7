//! The Why panel: the controller's last decisions and current waits, in
//! plain words, each with the semantics rule it follows (from
//! `Engine::explanations`, never computed here).

use crate::state::Playground;
use leptos::prelude::*;
use sim::ExplanationKind;

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
                e.explanations(&name)
                    .into_iter()
                    .map(|x| (x.kind == ExplanationKind::Wait, x.text, x.rule, x.object))
                    .collect::<Vec<_>>()
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
                                        <code class="rule" title="statefulset-semantics.md rule">{rule}</code>
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
