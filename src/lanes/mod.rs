//! Ordinal lanes (architecture.md "Identity is the picture"): lane k holds
//! pod `web-k` over claim `www-web-k` over its volume. Lanes are keyed by
//! ordinal, so a replaced pod reappears in its own lane and only that lane
//! re-renders. Lanes beyond `replicas` that still hold a claim stay, greyed.

mod claim_card;
mod pod_card;

pub use claim_card::{ClaimCard, VolumeCard};
pub use pod_card::PodCard;

use crate::model::{self, LaneView};
use crate::state::Playground;
use leptos::prelude::*;

/// Above this many lanes the cards switch to a compact layout.
const COMPACT_FROM: usize = 24;

/// All lanes of the set on screen.
#[component]
pub fn Lanes() -> impl IntoView {
    let pg = expect_context::<Playground>();
    let ordinals = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| model::lane_ordinals(t.backend().engine()))
    });
    let title = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| {
            model::main_set(t.backend().engine()).map(|s| {
                let v = model::set_view(s);
                (v.name, v.replicas, v.ready, v.policy)
            })
        })
    });
    view! {
        <div class="lanes-wrap">
            <p class="lanes-caption">
                {move || match title.get() {
                    Some((name, replicas, ready, policy)) => format!(
                        "StatefulSet {name}: {ready} of {replicas} ready · {policy}",
                    ),
                    None => "No StatefulSet yet — create one in the console.".to_string(),
                }}
            </p>
            <div
                class="lanes"
                class:compact=move || ordinals.with(|o| o.len() > COMPACT_FROM)
                data-testid="lanes"
            >
                <For each=move || ordinals.get() key=|o| *o let:ordinal>
                    <Lane ordinal/>
                </For>
            </div>
        </div>
    }
}

/// One ordinal lane.
#[component]
pub fn Lane(ordinal: i32) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let lane: Memo<LaneView> = Memo::new(move |_| {
        pg.version.track();
        pg.with(|t| model::lane_view(t.backend().engine(), ordinal))
    });
    // A new uid means a new pod object: re-render the card so it appears
    // (and the attachment to its claim redraws) even though the name is the same.
    let pod_uid = Memo::new(move |_| lane.with(|l| l.pod.as_ref().map(|p| p.uid.clone())));
    let pod = Memo::new(move |_| lane.with(|l| l.pod.clone()));
    let set_name = pg.set_name();
    view! {
        <section
            class="lane"
            class:beyond=move || !lane.with(|l| l.in_spec)
            aria-label=format!("Ordinal {ordinal}")
            data-ordinal=ordinal
        >
            <div class="lane-ordinal" aria-hidden="true">{ordinal}</div>
            <ul class="lane-stack">
                {move || match pod_uid.get() {
                    Some(_) => view! { <PodCard pod/> }.into_any(),
                    None => {
                        let name = format!("{set_name}-{ordinal}");
                        let label = if lane.with_untracked(|l| l.in_spec) {
                            format!("no pod {name} yet")
                        } else {
                            format!("no pod {name}: ordinal is beyond replicas")
                        };
                        view! {
                            <li class="card slot-empty" aria-label=label>
                                <span class="empty-name">{name}</span>
                            </li>
                        }
                            .into_any()
                    }
                }}
                <ClaimCard lane/>
                <VolumeCard lane/>
            </ul>
        </section>
    }
}
