//! Claim and volume cards under the pod: the claim's phase and owner
//! references (the retention policy made visible, §11) and the volume
//! bound to it, with the node it is attached to.

use crate::model::LaneView;
use crate::state::Playground;
use leptos::prelude::*;

/// The lane's PersistentVolumeClaim (or an empty slot).
#[component]
pub fn ClaimCard(
    /// The lane snapshot.
    lane: Memo<LaneView>,
) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let claim = Memo::new(move |_| lane.with(|l| l.claim.clone()));
    let has_pod = Memo::new(move |_| lane.with(|l| l.pod.is_some()));
    view! {
        {move || {
            claim
                .get()
                .map(|c| {
                    let owners = if c.owners.is_empty() {
                        "no owner: kept until deleted".to_string()
                    } else {
                        format!("owned by {}", c.owners.join(", "))
                    };
                    let files = c.files.as_ref().map(|f| {
                        if f.is_empty() {
                            "no files".to_string()
                        } else {
                            format!("files: {}", f.join(", "))
                        }
                    });
                    let label = format!(
                        "claim {}, {}{}, {}{}",
                        c.name,
                        c.phase,
                        c.volume.as_ref().map(|v| format!(", volume {v}")).unwrap_or_default(),
                        owners,
                        files.as_ref().map(|f| format!(", {f}")).unwrap_or_default(),
                    );
                    let key = format!("PersistentVolumeClaim/{}", c.name);
                    view! {
                        <li
                            class="card claim"
                            class:highlight=move || pg.highlight.with(|h| h.as_deref() == Some(key.as_str()))
                            class:attached=move || has_pod.get()
                            class:terminating=c.terminating
                            aria-label=label
                        >
                            <div class="claim-name">{c.name.clone()}</div>
                            <div class="claim-phase">{c.phase.clone()}</div>
                            <div class="claim-owner">{owners}</div>
                            {files
                                .map(|f| {
                                    view! {
                                        <div class="claim-files" title="kubectl exec … -- ls (the volume's files)">
                                            {f}
                                        </div>
                                    }
                                })}
                        </li>
                    }
                })
        }}
    }
}

/// The PersistentVolume bound to the lane's claim.
#[component]
pub fn VolumeCard(
    /// The lane snapshot.
    lane: Memo<LaneView>,
) -> impl IntoView {
    let pg = expect_context::<Playground>();
    let volume = Memo::new(move |_| lane.with(|l| l.volume.clone()));
    view! {
        {move || {
            volume
                .get()
                .map(|v| {
                    let label = format!(
                        "volume {}, {}{}",
                        v.name,
                        v.phase,
                        v.attached_node.as_ref().map(|n| format!(", attached to {n}")).unwrap_or_default(),
                    );
                    let key = format!("PersistentVolume/{}", v.name);
                    view! {
                        <li
                            class="card volume"
                            class:highlight=move || pg.highlight.with(|h| h.as_deref() == Some(key.as_str()))
                            aria-label=label
                        >
                            <div class="vol-name">{v.name.clone()}</div>
                            <div class="vol-meta">
                                {v.phase.clone()}
                                {v.attached_node.clone().map(|n| format!(" · {n}"))}
                            </div>
                        </li>
                    }
                })
        }}
    }
}
