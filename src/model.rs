//! The view model: plain, comparable snapshots derived from the object
//! store. Components wrap these in `Memo`s so a card re-renders only when
//! its own snapshot changes. Nothing here decides cluster behaviour; it
//! reads what the store says and words it the way kubectl does.

use sim::api::{Pod, StatefulSet};
use sim::{Engine, Millis};

/// How a pod card looks (the kubectl STATUS column plus what the lane shows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodView {
    pub name: String,
    pub uid: String,
    /// kubectl's STATUS column: `Pending`, `ContainerCreating`, `Running`,
    /// `Terminating`, `Evicted`, `CrashLoopBackOff`, `Unknown`, …
    pub status: String,
    /// kubectl's READY column, `1/1`.
    pub ready_text: String,
    pub ready: bool,
    /// Deletion deadline (deletionTimestamp) while terminating.
    pub deadline: Option<Millis>,
    pub node: Option<String>,
    /// The pod's node is not Ready (taken down): the pod may still say
    /// Running until the node-lifecycle controller notices (§10.5).
    pub node_down: bool,
    /// `sim readiness … fail` is in force (the More menu offers Recover).
    pub readiness_failing: bool,
    /// `controller-revision-hash` label.
    pub revision: String,
    /// Colour slot of the revision ([`revision_slot`]).
    pub revision_slot: usize,
    pub image: String,
    pub restarts: i32,
    pub created: Option<Millis>,
    pub ip: Option<String>,
}

/// A claim card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimView {
    pub name: String,
    pub phase: String,
    pub volume: Option<String>,
    /// Owner references as `Kind/name` (retention policy made visible, §11).
    pub owners: Vec<String>,
    pub terminating: bool,
    /// Files on the claim's volume (written with `kubectl exec`), read
    /// through the lane's pod while it runs; `None` when no pod can show
    /// them right now.
    pub files: Option<Vec<String>>,
}

/// A volume card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeView {
    pub name: String,
    pub phase: String,
    pub attached_node: Option<String>,
}

/// Everything drawn in one ordinal lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneView {
    pub ordinal: i32,
    /// Inside `[start, start + replicas)`.
    pub in_spec: bool,
    pub pod: Option<PodView>,
    pub claim: Option<ClaimView>,
    pub volume: Option<VolumeView>,
}

/// The StatefulSet panel.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SetView {
    pub name: String,
    pub replicas: i32,
    pub start: i32,
    pub policy: String,
    pub service_name: String,
    pub strategy: String,
    pub partition: i32,
    pub max_unavailable: String,
    pub min_ready_seconds: i32,
    pub when_deleted: String,
    pub when_scaled: String,
    pub image: String,
    pub container: String,
    pub claim_template: String,
    pub status_replicas: i32,
    pub ready: i32,
    pub current: i32,
    pub updated: i32,
    pub available: i32,
    pub current_revision: String,
    pub update_revision: String,
    /// Colour slots of the two revisions ([`revision_slot`]).
    pub current_slot: usize,
    pub update_slot: usize,
    pub generation: i64,
    pub observed_generation: i64,
}

/// The set the page is about (the first one, `web` on load).
pub fn main_set(engine: &Engine) -> Option<&StatefulSet> {
    let sets = &engine.store().statefulsets;
    sets.get("web").or_else(|| sets.values().next())
}

/// Snapshot of a set's spec and status.
pub fn set_view(engine: &Engine, set: &StatefulSet) -> SetView {
    let s = &set.spec;
    let ru = s
        .update_strategy
        .as_ref()
        .and_then(|u| u.rolling_update.as_ref());
    let ret = s.persistent_volume_claim_retention_policy.as_ref();
    let container = s.template.spec.containers.first();
    SetView {
        name: set.metadata.name.clone(),
        replicas: set.replicas(),
        start: set.start_ordinal(),
        policy: s
            .pod_management_policy
            .clone()
            .unwrap_or_else(|| "OrderedReady".into()),
        service_name: s.service_name.clone(),
        strategy: s
            .update_strategy
            .as_ref()
            .and_then(|u| u.type_.clone())
            .unwrap_or_else(|| "RollingUpdate".into()),
        partition: ru.and_then(|r| r.partition).unwrap_or(0),
        max_unavailable: ru
            .and_then(|r| r.max_unavailable.as_ref())
            .map_or_else(|| "1".into(), |m| m.to_string()),
        min_ready_seconds: s.min_ready_seconds.unwrap_or(0),
        when_deleted: ret
            .and_then(|r| r.when_deleted.clone())
            .unwrap_or_else(|| "Retain".into()),
        when_scaled: ret
            .and_then(|r| r.when_scaled.clone())
            .unwrap_or_else(|| "Retain".into()),
        image: container.map(|c| c.image.clone()).unwrap_or_default(),
        container: container.map(|c| c.name.clone()).unwrap_or_default(),
        claim_template: s
            .volume_claim_templates
            .first()
            .map(|t| t.metadata.name.clone())
            .unwrap_or_default(),
        status_replicas: set.status.replicas,
        ready: set.status.ready_replicas,
        current: set.status.current_replicas,
        updated: set.status.updated_replicas,
        available: set.status.available_replicas,
        current_revision: set.status.current_revision.clone(),
        update_revision: set.status.update_revision.clone(),
        current_slot: revision_slot(engine, &set.status.current_revision),
        update_slot: revision_slot(engine, &set.status.update_revision),
        generation: set.metadata.generation,
        observed_generation: set.status.observed_generation,
    }
}

/// The ordinal encoded in `prefix-N`.
fn ordinal_of(name: &str, prefix: &str) -> Option<i32> {
    name.strip_prefix(prefix)?
        .strip_prefix('-')?
        .parse()
        .ok()
        .filter(|n: &i32| *n >= 0)
}

/// Ordinals that have a lane: the spec's range, plus any pod or claim of
/// the set still around (retained claims stay visible beyond `replicas`).
pub fn lane_ordinals(engine: &Engine) -> Vec<i32> {
    let Some(set) = main_set(engine) else {
        return Vec::new();
    };
    let name = &set.metadata.name;
    let start = set.start_ordinal();
    let end = start.saturating_add(set.replicas().clamp(0, 100_000));
    let lo = start.max(0);
    // Pods and claims outside the spec's range (retained claims, pods still
    // terminating after a scale-down). Inside the range every ordinal has a
    // lane anyway, so only the few outliers are collected and sorted.
    let outside = |o: &i32| *o < lo || *o >= end;
    let store = engine.store();
    let mut extra: Vec<i32> = store
        .pods
        .keys()
        .filter_map(|p| ordinal_of(p, name))
        .filter(outside)
        .collect();
    if let Some(t) = set.spec.volume_claim_templates.first() {
        let prefix = format!("{}-{name}", t.metadata.name);
        extra.extend(
            store
                .pvcs
                .keys()
                .filter_map(|c| ordinal_of(c, &prefix))
                .filter(outside),
        );
    }
    extra.sort_unstable();
    extra.dedup();
    let split = extra.partition_point(|o| *o < lo);
    let mut ords = Vec::with_capacity(extra.len() + usize::try_from(end - lo).unwrap_or(0));
    ords.extend_from_slice(extra.get(..split).unwrap_or_default());
    ords.extend(lo..end);
    ords.extend_from_slice(extra.get(split..).unwrap_or_default());
    ords
}

/// The colour slot of revision `name` (a ControllerRevision's name, as in a
/// pod's `controller-revision-hash` label): its revision number, so a
/// revision keeps its colour when a newer one appears (pods that did not
/// change do not change colour).
pub fn revision_slot(engine: &Engine, name: &str) -> usize {
    engine
        .store()
        .revisions
        .get(name)
        .map_or(0, |r| (r.revision - 1).rem_euclid(5) as usize)
}

fn pod_view(engine: &Engine, pod: &Pod) -> PodView {
    let revision = pod
        .metadata
        .labels
        .get("controller-revision-hash")
        .cloned()
        .unwrap_or_default();
    let revision_slot = revision_slot(engine, &revision);
    PodView {
        name: pod.metadata.name.clone(),
        uid: pod.metadata.uid.clone(),
        status: sim::script::pod_status_text(pod),
        ready_text: sim::script::pod_ready_text(pod),
        ready: pod.is_running_and_ready(),
        readiness_failing: engine.readiness_failing(&pod.metadata.name),
        deadline: pod.metadata.deletion_timestamp.map(|t| t.0),
        node: pod.spec.node_name.clone(),
        node_down: pod
            .spec
            .node_name
            .as_ref()
            .and_then(|n| engine.store().nodes.get(n))
            .is_some_and(|n| !n.is_ready()),
        revision,
        revision_slot,
        image: pod
            .spec
            .containers
            .first()
            .map(|c| c.image.clone())
            .unwrap_or_default(),
        restarts: pod.restarts(),
        created: pod.metadata.creation_timestamp.map(|t| t.0),
        ip: pod.status.pod_ip.clone(),
    }
}

/// Snapshot of lane `ordinal` of the main set.
pub fn lane_view(engine: &Engine, ordinal: i32) -> LaneView {
    let store = engine.store();
    let Some(set) = main_set(engine) else {
        return LaneView {
            ordinal,
            in_spec: false,
            pod: None,
            claim: None,
            volume: None,
        };
    };
    let name = &set.metadata.name;
    let start = set.start_ordinal();
    let in_spec = ordinal >= start && ordinal < start.saturating_add(set.replicas());
    let pod = store
        .pods
        .get(&format!("{name}-{ordinal}"))
        .map(|p| pod_view(engine, p));
    let claim = set.spec.volume_claim_templates.first().and_then(|t| {
        store
            .pvcs
            .get(&format!("{}-{name}-{ordinal}", t.metadata.name))
    });
    let volume = claim
        .and_then(|c| c.spec.volume_name.as_ref())
        .and_then(|v| store.pvs.get(v))
        .map(|pv| VolumeView {
            name: pv.metadata.name.clone(),
            phase: pv.status.phase.clone().unwrap_or_else(|| "Pending".into()),
            attached_node: pv.attached_node.clone(),
        });
    let claim = claim.map(|c| ClaimView {
        name: c.metadata.name.clone(),
        phase: if c.metadata.deletion_timestamp.is_some() {
            "Terminating".into()
        } else {
            c.status.phase.clone().unwrap_or_else(|| "Pending".into())
        },
        volume: c.spec.volume_name.clone(),
        owners: c
            .metadata
            .owner_references
            .iter()
            .map(|o| o.short())
            .collect(),
        terminating: c.metadata.deletion_timestamp.is_some(),
        files: claim_files(engine, set, ordinal),
    });
    LaneView {
        ordinal,
        in_spec,
        pod,
        claim,
        volume,
    }
}

/// What `kubectl exec web-N -- ls MOUNT` lists for the claim template's
/// mount in lane `ordinal`; `None` unless that pod is running.
fn claim_files(engine: &Engine, set: &StatefulSet, ordinal: i32) -> Option<Vec<String>> {
    let template = set.spec.volume_claim_templates.first()?;
    let mount = set
        .spec
        .template
        .spec
        .containers
        .iter()
        .flat_map(|c| c.volume_mounts.iter())
        .find(|m| m.name == template.metadata.name)?;
    let pod = format!("{}-{ordinal}", set.metadata.name);
    // Only a running pod can list its files; skip the exec path otherwise.
    let running = engine
        .store()
        .pods
        .get(&pod)
        .is_some_and(|p| p.status.phase.as_deref() == Some("Running"));
    if !running {
        return None;
    }
    engine.exec_ls(&pod, &mount.mount_path).ok()
}

/// `5s`, `3m12s`, `2h` like kubectl's AGE column.
pub fn age(ms: Millis) -> String {
    let s = ms / 1000;
    match s {
        0..=119 => format!("{s}s"),
        120..=599 => format!("{}m{}s", s / 60, s % 60),
        600..=10_799 => format!("{}m", s / 60),
        _ => format!("{}h", s / 3600),
    }
}

/// Virtual time as `m:ss.t` for the time bar.
pub fn clock_text(ms: Millis) -> String {
    format!(
        "{}:{:02}.{}",
        ms / 60_000,
        (ms / 1000) % 60,
        (ms / 100) % 10
    )
}

/// What scaling from `from` to `to` does, in the controller's terms: the
/// ordinals that will be created (lowest first) or condemned (highest
/// first, §8). Pure arithmetic on the two numbers.
pub fn replica_preview(name: &str, start: i32, from: i32, to: i32) -> String {
    let list = |a: i32, b: i32, rev: bool| -> String {
        let mut v: Vec<String> = (a..b)
            .map(|o| format!("{name}-{}", start.saturating_add(o)))
            .collect();
        if rev {
            v.reverse();
        }
        if v.len() > 6 {
            let n = v.len();
            let head = v.get(..3).map(|s| s.join(", ")).unwrap_or_default();
            return format!("{head} … ({n} pods)");
        }
        v.join(", ")
    };
    match to.cmp(&from) {
        std::cmp::Ordering::Greater => format!(
            "will create {} (lowest ordinal first)",
            list(from, to, false)
        ),
        std::cmp::Ordering::Less => format!(
            "will condemn {} (highest ordinal first)",
            list(to, from, true)
        ),
        std::cmp::Ordering::Equal => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_names_created_and_condemned_ordinals() {
        assert_eq!(
            replica_preview("web", 0, 3, 5),
            "will create web-3, web-4 (lowest ordinal first)"
        );
        assert_eq!(
            replica_preview("web", 0, 3, 1),
            "will condemn web-2, web-1 (highest ordinal first)"
        );
        assert_eq!(
            replica_preview("web", 5, 1, 2),
            "will create web-6 (lowest ordinal first)"
        );
        assert_eq!(replica_preview("web", 0, 3, 3), "");
    }

    #[test]
    fn ordinals_parse_only_exact_suffixes() {
        assert_eq!(ordinal_of("web-12", "web"), Some(12));
        assert_eq!(ordinal_of("web-x", "web"), None);
        assert_eq!(ordinal_of("webby-1", "web"), None);
    }

    #[test]
    fn lane_ordinals_are_sorted_and_include_retained_claims() {
        let mut tl = crate::clock::Timeline::new(1);
        for cmd in crate::backend::split_script(crate::state::INITIAL_SCRIPT).unwrap_or_default() {
            tl.act(&cmd);
        }
        tl.advance_to(60_000);
        tl.act("kubectl scale sts web --replicas=1");
        tl.advance_to(120_000);
        assert_eq!(lane_ordinals(tl.backend().engine()), [0, 1, 2]);
        let l = lane_view(tl.backend().engine(), 2);
        assert!(!l.in_spec && l.pod.is_none() && l.claim.is_some(), "{l:?}");
        assert_eq!(l.claim.and_then(|c| c.files), None, "no pod, no listing");
    }

    #[test]
    fn claim_cards_list_the_files_written_with_exec() {
        let mut tl = crate::clock::Timeline::new(1);
        for cmd in crate::backend::split_script(crate::state::INITIAL_SCRIPT).unwrap_or_default() {
            tl.act(&cmd);
        }
        tl.advance_to(60_000);
        let out =
            tl.act("kubectl exec web-1 -- sh -c 'echo hello > /usr/share/nginx/html/index.html'");
        assert!(out.ok, "{out:?}");
        let files = |tl: &crate::clock::Timeline, o| {
            lane_view(tl.backend().engine(), o)
                .claim
                .and_then(|c| c.files)
        };
        assert_eq!(files(&tl, 1), Some(vec!["index.html".to_string()]));
        assert_eq!(files(&tl, 0), Some(Vec::new()));
    }

    #[test]
    fn ages_read_like_kubectl() {
        assert_eq!(age(5_000), "5s");
        assert_eq!(age(192_000), "3m12s");
        assert_eq!(age(36_000_000), "10h");
    }
}
