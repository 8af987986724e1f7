//! The live Kubernetes event stream, newest first, filterable by text.

use crate::model;
use crate::state::Playground;
use leptos::prelude::*;

/// Rows shown at most (the store keeps them all).
const SHOWN: usize = 80;

/// Filterable event list.
#[component]
pub fn EventsPanel() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let filter = RwSignal::new(String::new());
    let rows = Memo::new(move |_| {
        pg.version.track();
        let f = filter.get().to_lowercase();
        pg.with(|t| {
            t.backend()
                .engine()
                .store()
                .events
                .iter()
                .rev()
                .filter(|e| {
                    f.is_empty()
                        || e.reason.to_lowercase().contains(&f)
                        || e.message.to_lowercase().contains(&f)
                        || e.involved_object.name.to_lowercase().contains(&f)
                })
                .take(SHOWN)
                .map(|e| {
                    (
                        (e.metadata.name.clone(), e.count),
                        e.last_timestamp
                            .or(e.first_timestamp)
                            .map(|t| t.0)
                            .unwrap_or_default(),
                        e.type_ == "Warning",
                        e.reason.clone(),
                        format!("{}/{}", e.involved_object.kind, e.involved_object.name),
                        e.message.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel events" aria-labelledby="events-title">
            <h2 id="events-title">"Events"</h2>
            <label class="filter">
                <span class="sr-only">"Filter events"</span>
                <input
                    type="search"
                    placeholder="Filter events (reason, object, message)"
                    aria-label="Filter events"
                    prop:value=move || filter.get()
                    on:input=move |e| filter.set(event_target_value(&e))
                />
            </label>
            <ol class="event-list" aria-label="Events, newest first" tabindex="0">
                // Keyed by (event name, repeat count): a new event
                // adds one row instead of redrawing all of them.
                <For each=move || rows.get() key=|r| r.0.clone() let:row>
                    {
                        let (_, t, warn, reason, object, message) = row;
                        view! {
                            <li class:warning=warn>
                                <span class="ev-time">{model::clock_text(t)}</span>
                                <span class="ev-reason">{reason}</span>
                                <span class="ev-object">{object}</span>
                                <span class="ev-msg">{message}</span>
                            </li>
                        }
                    }
                </For>
            </ol>
        </section>
    }
}
