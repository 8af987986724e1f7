//! The live Kubernetes event stream, newest first, filterable by text.
//! Hovering or focusing a row highlights the pod or claim card it is about.
//!
//! The rows are in chronological order in the DOM (oldest first) and drawn
//! newest-first with the CSS `order` property (from the event's sequence
//! number): new events are then appended, which the keyed list does without
//! touching the other rows (prepending made it move every row every frame).

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
    // Cheap fingerprint of the event list: the rows below are rebuilt only
    // when an event was added or removed, not on every store change.
    let fingerprint = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            let events = &t.backend().engine().store().events;
            (events.len(), events.last().map(|e| (e.name(), e.count())))
        })
    });
    let rows = Memo::new(move |_| {
        // Read (not just track): a memo only recomputes when read.
        fingerprint.with(|_| ());
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
                        || e.object.to_lowercase().contains(&f)
                })
                .take(SHOWN)
                .map(|e| {
                    (
                        (e.name(), e.count()),
                        e.time,
                        e.is_warning(),
                        e.reason.to_string(),
                        format!("{}/{}", e.kind.as_str(), e.object),
                        e.message.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    // Oldest first, for the DOM (see the module doc).
    let chrono = move || {
        let mut v = rows.get();
        v.reverse();
        v
    };
    let hl = pg.highlight;
    // Arrow keys move between rows (one tab stop for the whole list).
    let on_key = move |e: leptos::ev::KeyboardEvent| {
        use wasm_bindgen::JsCast;
        let key = e.key();
        if key != "ArrowDown" && key != "ArrowUp" {
            return;
        }
        let Some(target) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        // Visual order is the reverse of DOM order: down = older = previous sibling.
        let next = if target.tag_name().eq_ignore_ascii_case("li") {
            if key == "ArrowDown" {
                target.previous_element_sibling()
            } else {
                target.next_element_sibling()
            }
        } else {
            // From the list itself: the newest row.
            target.last_element_child()
        };
        if let Some(el) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            e.prevent_default();
            let _ = el.focus();
        }
    };
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
            <ol
                class="event-list"
                aria-label="Events, oldest first (shown newest at the top); arrow keys move between rows"
                tabindex="0"
                on:keydown=on_key
                on:mouseleave=move |_| hl.set(None)
                on:focusout=move |_| hl.set(None)
            >
                // Keyed by (event name, repeat count): a new event
                // adds one row instead of redrawing all of them.
                <For each=chrono key=|r| r.0.clone() let:row>
                    {
                        let ((ev_name, _), t, warn, reason, object, message) = row;
                        let (o1, o2) = (object.clone(), object.clone());
                        // CSSOM (style:order), not a style attribute: the strict
                        // CSP (style-src 'self') blocks inline style attributes.
                        let order = (-sequence(&ev_name)).to_string();
                        view! {
                            <li
                                class:warning=warn
                                tabindex="-1"
                                style:order=order
                                on:mouseenter=move |_| hl.set(Some(o1.clone()))
                                on:focus=move |_| hl.set(Some(o2.clone()))
                            >
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

/// Creation sequence of an event, from the hex counter the engine puts after
/// the last `.` of its name (`web-0.1870000000000007`); 0 if there is none,
/// which leaves the row in DOM (chronological) order.
fn sequence(name: &str) -> i64 {
    name.rsplit_once('.')
        .and_then(|(_, hex)| u64::from_str_radix(hex, 16).ok())
        .map_or(0, |n| i64::from((n & 0x3fff_ffff) as u32))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sequence_reads_the_counter_after_the_last_dot() {
        assert_eq!(super::sequence("web-0.1870000000000007"), 7);
        assert_eq!(super::sequence("www-web-0.187000000000002a"), 42);
        assert_eq!(super::sequence("no-dot"), 0);
        assert_eq!(super::sequence("x.zz"), 0);
    }
}
