//! The StatefulSet controller (statefulset-semantics.md §6–§18), a port of
//! upstream `stateful_set.go` (claiming), `stateful_set_control.go` (the
//! reconcile) and `stateful_pod_control.go` (pod and claim writes).
//!
//! [`sync`] is one reconcile of one set. It reads the cluster through a
//! [`StatefulSetClient`], writes through it, and returns [`Explanation`]s: the
//! decisions it took and the waits in force, for the UI's Why panel. It keeps
//! no state between calls; everything it needs is in the store (a client may
//! keep structures derived from it, [`index::SlotIndex`], between calls).
//!
//! Cost: in the common case (see [`Reconcile::run_indexed`]) one reconcile
//! is O((pods changed since the last reconcile + pods it visits) · log n +
//! claim templates × pods touched); otherwise O(pods of the set + …). An
//! OrderedReady creation or scale-down step creates or deletes at most one
//! pod (§6.6); a rolling update deletes up to maxUnavailable (§13), and the
//! slot pass repairs every drifted pod it meets (§3.4).

pub mod client;
mod explain;
pub mod index;
mod podctl;
pub mod pods;
pub mod retention;
pub mod revision;
pub mod status;
mod update;
pub mod view;

pub use client::StatefulSetClient;

use crate::api::error::go_quote;
use crate::api::{ApiError, ControllerRevision, Kind, Pod, StatefulSet, StatefulSetStatus, Time};
use crate::explain::{Explanation, ExplanationKind};
use index::SlotIndex;
use retention::Owners;
use std::borrow::Cow;
use view::{Brief, Claim, PodFacts, PodView, RevisionIs};

/// Source component of the controller's events (§16).
pub const COMPONENT: &str = "statefulset-controller";

/// Largest concurrent batch of the Parallel slot pass (upstream MaxBatchSize, §6.6).
pub const MAX_BATCH_SIZE: usize = 500;

/// Retry delay after a failed reconcile. Upstream uses a per-item exponential
/// back-off (5 ms doubling); the simulator keeps no per-set state, so it
/// retries after a fixed second, which keeps failure events readable.
pub const RETRY_AFTER_MS: u64 = 1_000;

/// One reconcile of `set` (§6): reads through `client`, writes through it,
/// and returns the decisions taken and the waits in force, for the UI.
pub fn sync(set: &StatefulSet, client: &mut dyn StatefulSetClient) -> Vec<Explanation> {
    let now = client.now();
    let mut r = Reconcile {
        set,
        client,
        now,
        out: Vec::new(),
        retain_all: set.retention() == (false, false),
    };
    if r.run().is_err() {
        let name = set.metadata.name.clone();
        r.client.requeue_after(&name, RETRY_AFTER_MS);
    }
    r.out
}

/// A reconcile failed on an API error; it is retried (§6).
#[derive(Debug)]
struct SyncError;

type Step<T> = Result<T, SyncError>;

/// The current revision's template (upstream ApplyRevision), decoded on
/// first use.
type CurrentTemplate = std::cell::OnceCell<crate::api::PodTemplateSpec>;

/// Where a slot stands: the index of its pod in `Source::Full::pods`, or empty.
type Slot = Option<usize>;

struct Reconcile<'a> {
    set: &'a StatefulSet,
    client: &'a mut dyn StatefulSetClient,
    now: Time,
    out: Vec<Explanation>,
    /// §11.5 retention policy Retain/Retain.
    retain_all: bool,
}

/// Where a reconcile reads its slots from.
enum Source<'p> {
    /// Built for this reconcile (O(n)).
    Full {
        /// Pods owned by the set (after adoption/release, §6.1), borrowed
        /// from the client's facts array (no per-pod copy or reference count).
        pods: Vec<&'p PodView>,
        /// One entry per kept ordinal `start …` (§6.3).
        slots: Vec<Slot>,
        /// The hot facts of each slot's pod, in slot order (same length).
        brief: Vec<Brief>,
    },
    /// Kept by the client between reconciles (see [`index::SlotIndex`]).
    Index {
        ix: &'p SlotIndex,
        /// The reconcile's current and update revision names.
        current: String,
        update: String,
    },
}

/// The pods of this reconcile, split as in §6.3.
struct Split<'p> {
    src: Source<'p>,
    /// §15.1 counters of the slot pods (fixed for the reconcile: pods it
    /// creates are not counted, §15.2), taken when the split is made.
    slot_counts: StatefulSetStatus,
    /// Lowest slot whose pod is unavailable (or missing, §5.5), and how
    /// many slots are (both fixed for the reconcile, like the briefs).
    first_unavailable_slot: Option<usize>,
    unavailable_slots: usize,
    /// Slots whose brief alone does not make them settled (see
    /// `Reconcile::settled`), in order: with no claim to check (§11.5
    /// Retain/Retain, no owned claim) the slot pass visits only these.
    /// (With [`Source::Index`], the index's set is used instead.)
    unsettled: Vec<usize>,
    /// Condemned pods, highest ordinal first (§4.2). With
    /// [`Source::Index`] only the highest: the passes read the rest from
    /// the index (see `Reconcile::passes`).
    condemned: Vec<&'p PodView>,
}

impl<'p> Split<'p> {
    /// Number of slots (replicas).
    fn n(&self) -> usize {
        match &self.src {
            Source::Full { slots, .. } => slots.len(),
            Source::Index { ix, .. } => ix.len(),
        }
    }

    /// The pod of slot `k`.
    fn pod(&self, k: usize) -> Option<&'p PodView> {
        match &self.src {
            Source::Full { pods, slots, .. } => slots
                .get(k)
                .copied()
                .flatten()
                .and_then(|i| pods.get(i).copied()),
            Source::Index { ix, .. } => ix.slot(k),
        }
    }

    /// The brief of slot `k` (`None` past the last slot).
    fn brief(&self, k: usize) -> Option<Brief> {
        match &self.src {
            Source::Full { brief, .. } => brief.get(k).copied(),
            Source::Index {
                ix,
                current,
                update,
            } => (k < ix.len()).then(|| match ix.slot(k) {
                Some(p) => Brief::of(p, *p.revision == **current, *p.revision == **update),
                None => Brief::default(),
            }),
        }
    }

    /// Slot `k` holds a pod whose revision is not `update`.
    fn outdated(&self, update: &str, k: usize) -> bool {
        self.pod(k).is_some_and(|p| *p.revision != *update)
    }

    /// The lowest empty slot at or above `lo`.
    fn first_empty_from(&self, lo: usize) -> Option<usize> {
        match &self.src {
            Source::Index { ix, .. } => ix.empty.range(lo..).next().copied(),
            Source::Full { .. } => (lo..self.n()).find(|&j| self.pod(j).is_none()),
        }
    }

    /// The lowest outdated slot (see [`Self::outdated`]) in `lo..hi`.
    fn first_outdated_in(&self, update: &str, lo: usize, hi: usize) -> Option<usize> {
        match &self.src {
            Source::Index { ix, .. } => ix.first_outdated_in(update, lo, hi),
            Source::Full { .. } => (lo..hi).find(|&k| self.outdated(update, k)),
        }
    }

    /// The highest outdated slot in `lo..hi`.
    fn last_outdated_in(&self, update: &str, lo: usize, hi: usize) -> Option<usize> {
        match &self.src {
            Source::Index { ix, .. } => ix.last_outdated_in(update, lo, hi),
            Source::Full { .. } => (lo..hi).rev().find(|&k| self.outdated(update, k)),
        }
    }

    /// Every outdated slot in `lo..hi`, ascending.
    fn outdated_in(&self, update: &str, lo: usize, hi: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut from = lo;
        while let Some(k) = self.first_outdated_in(update, from, hi) {
            out.push(k);
            from = k + 1;
        }
        out
    }

    /// The index, when the split reads from one.
    fn index(&self) -> Option<&'p SlotIndex> {
        match self.src {
            Source::Index { ix, .. } => Some(ix),
            Source::Full { .. } => None,
        }
    }

    /// The slots the briefs-only slot pass visits, ascending.
    fn unsettled(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        match &self.src {
            Source::Index { ix, .. } => Box::new(ix.unsettled.iter().copied()),
            Source::Full { .. } => Box::new(self.unsettled.iter().copied()),
        }
    }
}

/// The message text of an API error as Go's `err.Error()` prints it (no
/// `Error from server (...)` prefix).
pub fn api_error_message(e: &ApiError) -> String {
    match e {
        // Go's %q like ApiError's Display (names here are validated DNS
        // names, so this only matters for consistency).
        ApiError::NotFound { kind, name } => {
            format!("{} {} not found", kind.plural(), go_quote(name))
        }
        ApiError::AlreadyExists { kind, name } => {
            format!("{} {} already exists", kind.plural(), go_quote(name))
        }
        ApiError::Invalid { kind, name, causes } => {
            if causes.len() == 1 {
                format!(
                    "{} {} is invalid: {}",
                    kind.as_str(),
                    go_quote(name),
                    causes.join("")
                )
            } else {
                format!(
                    "{} {} is invalid: [{}]",
                    kind.as_str(),
                    go_quote(name),
                    causes.join(", ")
                )
            }
        }
        ApiError::BadRequest(m) | ApiError::Forbidden(m) | ApiError::Conflict(m) => m.clone(),
    }
}

impl Reconcile<'_> {
    fn name(&self) -> &str {
        &self.set.metadata.name
    }

    fn explain(&mut self, kind: ExplanationKind, object: String, rule: &str, text: String) {
        // The Why panel links every rule it cites (explain::rule_source).
        debug_assert!(
            crate::explain::rule_source(rule).is_some(),
            "{rule} has no entry in explain::RULES"
        );
        self.out.push(Explanation {
            t: self.now.0,
            kind,
            object,
            rule: rule.into(),
            text,
        });
    }

    fn decision(&mut self, object: String, rule: &str, text: String) {
        self.explain(ExplanationKind::Decision, object, rule, text);
    }

    fn wait(&mut self, object: String, rule: &str, text: String) {
        self.explain(ExplanationKind::Wait, object, rule, text);
    }

    fn event(
        &mut self,
        type_: &'static str,
        reason: impl Into<Cow<'static, str>>,
        message: String,
    ) {
        let set = self.set.metadata.name.clone();
        self.client
            .record_event(&set, type_, reason.into(), message);
    }

    /// upstream recordPodEvent (§16).
    fn pod_event(&mut self, verb: &str, pod: &str, err: Option<&str>) {
        let set = self.name().to_string();
        // The usual reasons without formatting them (hot path).
        let reason = |ok: bool| -> Cow<'static, str> {
            match (ok, verb) {
                (true, "create") => "SuccessfulCreate".into(),
                (true, "delete") => "SuccessfulDelete".into(),
                (true, "update") => "SuccessfulUpdate".into(),
                (false, "create") => "FailedCreate".into(),
                (false, "delete") => "FailedDelete".into(),
                (false, "update") => "FailedUpdate".into(),
                (true, _) => format!("Successful{}", title_case(verb)).into(),
                (false, _) => format!("Failed{}", title_case(verb)).into(),
            }
        };
        match err {
            None => self.event(
                "Normal",
                reason(true),
                format!("{verb} Pod {pod} in StatefulSet {set} successful"),
            ),
            Some(e) => self.event(
                "Warning",
                reason(false),
                format!("{verb} Pod {pod} in StatefulSet {set} failed error: {e}"),
            ),
        }
    }

    /// upstream recordClaimEvent (§16).
    fn claim_event(&mut self, pod: &str, claim: &str, err: Option<&str>) {
        let set = self.name().to_string();
        match err {
            None => self.event(
                "Normal",
                "SuccessfulCreate",
                format!("create Claim {claim} Pod {pod} in StatefulSet {set} success"),
            ),
            Some(e) => self.event(
                "Warning",
                "FailedCreate",
                format!(
                    "create Claim {claim} for Pod {pod} in StatefulSet {set} failed error: {e}"
                ),
            ),
        }
    }

    fn run(&mut self) -> Step<()> {
        let deleting = self.set.metadata.is_terminating();
        let revisions = self.claim_revisions(deleting)?;
        let facts = self.client.pod_facts(self.set);
        // The incremental path: only where it provably decides as the
        // full one below (see `run_indexed`).
        let mrs = self.set.min_ready_seconds();
        if !deleting && mrs <= 0 && self.retain_all && self.client.no_claim_has_owners() {
            if let Some(ix) = self.client.slot_index(self.set, &facts) {
                if ix.regular() && ix.key == index::IndexKey::of(self.set) {
                    drop(facts);
                    return self.run_indexed(&ix, &revisions);
                }
            }
        }
        let (mine, adopted) = self.claim_pods(&facts, deleting)?;
        // Owned pods in claiming order, adopted ones last (§6.1).
        let owned: Vec<&PodView> = mine
            .iter()
            .map(|&i| &facts[i].view)
            .chain(adopted.iter())
            .collect();
        let (current, update, collision_count) = self.resolve_revisions(&revisions)?;
        let result = self.update_set(owned, &current, &update, collision_count);
        // §6.11: history is truncated even when the reconcile failed.
        let (pods, status, failed) = match result {
            Ok((pods, status)) => (pods, status, false),
            Err((pods, status)) => (pods, status, true),
        };
        self.write_status(status)?;
        self.requeue_for_availability(&pods);
        let pod_revisions = pods.iter().map(|p| &*p.revision);
        self.truncate_history(&revisions, pod_revisions, &current, &update)?;
        if failed {
            return Err(SyncError);
        }
        Ok(())
    }

    /// [`Self::run`] from the client's [`SlotIndex`]. Taken only when
    /// (checked by the caller):
    /// - the set is not being deleted (§6.5 counts every owned pod and
    ///   §6.1 claims differently then);
    /// - minReadySeconds ≤ 0, so availability does not depend on the time
    ///   (§5.3) and the index's sets and counters hold at any `now`; the
    ///   §6 availability requeue is then never asked for;
    /// - the retention policy is Retain/Retain and no claim has an owner
    ///   reference (§11.5): no claim needs a look, so a slot is settled
    ///   exactly when its brief says so (the `briefs_decide` pass);
    /// - the index has no adoption or release candidate and every owned
    ///   pod has its canonical name (§6.1, §3.2): `claim_pods` would then
    ///   write and explain nothing and own exactly the indexed pods, one
    ///   per ordinal, so the split (§6.3) is the index's.
    fn run_indexed(&mut self, ix: &SlotIndex, revisions: &[ControllerRevision]) -> Step<()> {
        let (current, update, collision_count) = self.resolve_revisions(revisions)?;
        let result = self.update_set_indexed(ix, &current, &update, collision_count);
        let (status, failed) = match result {
            Ok(status) => (status, false),
            Err(status) => (status, true),
        };
        // §6.11: history is truncated even when the reconcile failed.
        self.write_status(status)?;
        self.truncate_history(revisions, ix.revisions(), &current, &update)?;
        if failed {
            return Err(SyncError);
        }
        Ok(())
    }

    /// [`Self::update_set`] over the index: the same split (§6.3), briefs,
    /// counters (§15.1, counted with minReadySeconds ≤ 0 as the full path
    /// does) and first unavailable slot (§6.4), then the same passes.
    fn update_set_indexed(
        &mut self,
        ix: &SlotIndex,
        current: &ControllerRevision,
        update: &ControllerRevision,
        collision_count: i32,
    ) -> Result<StatefulSetStatus, StatefulSetStatus> {
        let set = self.set;
        let mut st = Self::fresh_status(set, current, update, collision_count);
        let c = ix.counts;
        let slot_counts = StatefulSetStatus {
            replicas: c.replicas,
            ready_replicas: c.ready_replicas,
            available_replicas: c.available_replicas,
            current_replicas: ix.live_of(&st.current_revision),
            updated_replicas: ix.live_of(&st.update_revision),
            ..Default::default()
        };
        let mut split = Split {
            src: Source::Index {
                ix,
                current: st.current_revision.clone(),
                update: st.update_revision.clone(),
            },
            slot_counts,
            first_unavailable_slot: ix.unavailable.first().copied(),
            unavailable_slots: ix.unavailable.len(),
            unsettled: Vec::new(),
            condemned: ix.condemned().take(1).collect(),
        };
        let current_template = std::cell::OnceCell::new();
        match self.passes(&mut split, &mut st, &current_template, current, update) {
            Ok(()) => Ok(st),
            Err(_) => Err(st),
        }
    }

    /// §6.1: revisions matching the selector that are ours or orphans;
    /// orphans are adopted.
    fn claim_revisions(&mut self, deleting: bool) -> Step<Vec<ControllerRevision>> {
        let uid = self.set.metadata.uid.clone();
        let selector = self.set.spec.selector.clone();
        let mut out = Vec::new();
        for mut rev in self.client.list_revisions() {
            if !selector
                .as_ref()
                .is_some_and(|s| !s.is_empty() && s.matches(&rev.metadata.labels))
            {
                continue;
            }
            match rev.metadata.controller_ref() {
                Some(r) if r.uid == uid => out.push(rev),
                Some(_) => {}
                None => {
                    if deleting {
                        continue;
                    }
                    rev.metadata
                        .owner_references
                        .push(pods::set_owner_ref(self.set));
                    if self.client.update_revision(rev.clone()).is_err() {
                        return Err(SyncError);
                    }
                    let name = rev.metadata.name.clone();
                    self.decision(
                        format!("ControllerRevision/{name}"),
                        "§6.1",
                        format!(
                            "adopted the orphaned revision {name}: its labels match the selector"
                        ),
                    );
                    out.push(rev);
                }
            }
        }
        Ok(out)
    }

    /// §6.1: pods owned by the set; orphans that match are adopted, owned
    /// pods that no longer match are released. Reads pods without copying
    /// them; only adopted/released pods are fetched whole.
    /// Returns the indexes into `facts` of the pods it owns, and the views of
    /// the pods it adopted.
    fn claim_pods(
        &mut self,
        facts: &[PodFacts],
        deleting: bool,
    ) -> Step<(Vec<usize>, Vec<PodView>)> {
        let set = self.set;
        let uid = set.metadata.uid.as_str();
        let mut owned = Vec::with_capacity(facts.len());
        let mut adopted = Vec::new();
        let mut adopt = Vec::new();
        let mut release = Vec::new();
        for (i, f) in facts.iter().enumerate() {
            match f.claim(deleting) {
                Claim::Own => owned.push(i),
                Claim::Release => release.push(f.view.name.clone()),
                Claim::Adopt => adopt.push(f.view.name.clone()),
                Claim::Ignore => {}
            }
        }
        let mut failed = false;
        for name in release {
            let Some(mut pod) = self.client.get_pod(&name) else {
                continue;
            };
            pod.metadata.owner_references.retain(|r| r.uid != uid);
            if self.client.update_pod(pod).is_err() {
                failed = true;
                continue;
            }
            self.decision(
                format!("Pod/{name}"),
                "§6.1",
                format!("released {name}: its labels or name no longer match the StatefulSet"),
            );
        }
        for name in adopt {
            let Some(mut pod) = self.client.get_pod(&name) else {
                continue;
            };
            pod.metadata.owner_references.push(pods::set_owner_ref(set));
            let view = PodView::of(set, &pod);
            if self.client.update_pod(pod).is_err() {
                failed = true;
                continue;
            }
            self.decision(
                format!("Pod/{name}"),
                "§6.1",
                format!("adopted the orphan pod {name}: it matches the selector and its name is a member name"),
            );
            adopted.push(view);
        }
        if failed {
            return Err(SyncError);
        }
        Ok((owned, adopted))
    }

    /// §12.3/§12.4: (current, update, collisionCount).
    /// Revisions already among `revisions` are borrowed, not copied.
    fn resolve_revisions<'r>(
        &mut self,
        revisions: &'r [ControllerRevision],
    ) -> Step<(
        Cow<'r, ControllerRevision>,
        Cow<'r, ControllerRevision>,
        i32,
    )> {
        let mut revisions: Vec<&ControllerRevision> = revisions.iter().collect();
        revisions.sort_by_key(|r| r.revision);
        let mut collision = self.set.status.collision_count;
        let next = revisions.last().map_or(1, |r| r.revision + 1);
        let equal = revision::equal_to_new_revision(self.set, collision, &revisions);
        let update = match (equal.last(), revisions.last()) {
            (Some(eq), Some(last)) if revision::equal_revision(last, eq) => Cow::Borrowed(*last),
            (Some(eq), _) => {
                // §12.3 rollback: reuse the old object with a new number.
                let mut rolled = (*eq).clone();
                let old_number = rolled.revision;
                rolled.revision = next;
                if self.client.update_revision(rolled.clone()).is_err() {
                    return Err(SyncError);
                }
                let name = rolled.metadata.name.clone();
                self.decision(
                    format!("ControllerRevision/{name}"),
                    "§12.3",
                    format!(
                        "the template equals the older revision {name} (number {old_number}): this is a rollback, so {name} becomes revision {next} instead of a new revision"
                    ),
                );
                Cow::Owned(rolled)
            }
            (None, _) => {
                let mut created = None;
                for _ in 0..64 {
                    let rev = revision::new_revision(self.set, next, collision);
                    match self.client.create_revision(rev.clone()) {
                        Ok(stored) => {
                            created = Some(stored);
                            break;
                        }
                        Err(ApiError::AlreadyExists { .. }) => {
                            let existing = self
                                .client
                                .list_revisions()
                                .into_iter()
                                .find(|r| r.metadata.name == rev.metadata.name);
                            match existing {
                                Some(e) if e.data == rev.data => {
                                    created = Some(e);
                                    break;
                                }
                                Some(_) => collision += 1,
                                None => return Err(SyncError),
                            }
                        }
                        Err(_) => return Err(SyncError),
                    }
                }
                let stored = created.ok_or(SyncError)?;
                let name = stored.metadata.name.clone();
                let text = if revisions.is_empty() {
                    format!("recorded the pod template as the first revision {name}")
                } else {
                    format!(
                        "the pod template changed: recorded it as revision {name} (number {next})"
                    )
                };
                self.decision(format!("ControllerRevision/{name}"), "§12.3", text);
                Cow::Owned(stored)
            }
        };
        let current = revisions
            .iter()
            .find(|r| r.metadata.name == self.set.status.current_revision)
            .map(|r| Cow::Borrowed(*r))
            .unwrap_or_else(|| update.clone());
        Ok((current, update, collision))
    }

    /// The status a reconcile starts from: generation, revisions and
    /// collision count; the counters are filled in by the passes (§15.1).
    fn fresh_status(
        set: &StatefulSet,
        current: &ControllerRevision,
        update: &ControllerRevision,
        collision_count: i32,
    ) -> StatefulSetStatus {
        StatefulSetStatus {
            observed_generation: set.metadata.generation,
            current_revision: current.metadata.name.clone(),
            update_revision: update.metadata.name.clone(),
            collision_count,
            ..Default::default()
        }
    }

    /// §6.3–§6.10. Returns the pods seen (for history truncation) and the
    /// status to write; on an API error, the same pair in `Err`.
    #[allow(clippy::type_complexity)]
    fn update_set<'p>(
        &mut self,
        owned: Vec<&'p PodView>,
        current: &ControllerRevision,
        update: &ControllerRevision,
        collision_count: i32,
    ) -> Result<(Vec<&'p PodView>, StatefulSetStatus), (Vec<&'p PodView>, StatefulSetStatus)> {
        let set = self.set;
        let mrs = set.min_ready_seconds();
        let mut st = Self::fresh_status(set, current, update, collision_count);

        // §6.3 split into slots and condemned.
        let start = set.start_ordinal();
        let n = set.replicas().max(0) as usize;
        let pods = owned;
        let mut slots: Vec<Slot> = vec![None; n];
        let mut condemned: Vec<&'p PodView> = Vec::new();
        let end = pods::end_ordinal_exclusive(set);
        for (i, p) in pods.iter().enumerate() {
            let ord = p.ordinal;
            // `in_ordinal_range(set, ord)` with the bounds read once.
            if ord >= start && (ord as i64) < end {
                if let Some(s) = slots.get_mut((ord - start) as usize) {
                    *s = Some(i);
                }
            } else if ord >= 0 {
                condemned.push(p);
            }
        }
        condemned.sort_by_key(|p| std::cmp::Reverse(p.ordinal));

        if set.metadata.is_terminating() {
            // §6.5 / §17.1: status counts every owned pod. (Otherwise the
            // passes below recount over slots and condemned pods, §15.1.)
            status::count_into(&mut st, pods.iter().copied(), mrs, self.now);
            let name = self.name().to_string();
            self.wait(
                format!("StatefulSet/{name}"),
                "§6.5",
                format!("{name} is being deleted: the controller creates, deletes and repairs nothing, it only updates status"),
            );
            return Ok((pods, st));
        }

        let mut is_current = RevisionIs::new(&st.current_revision);
        let mut is_update = RevisionIs::new(&st.update_revision);
        let brief: Vec<Brief> = slots
            .iter()
            .map(|s| match *s {
                Some(i) => {
                    let p = pods[i];
                    Brief::of(p, is_current.test(&p.revision), is_update.test(&p.revision))
                }
                None => Brief::default(),
            })
            .collect();
        // Slot pods' counters (as `status::count_into`; the briefs'
        // revision flags were taken against `st`'s revisions).
        let monotonic = !set.is_parallel();
        let mut slot_counts = StatefulSetStatus::default();
        let mut first_unavailable_slot = None;
        let mut unavailable_slots = 0;
        let mut unsettled = Vec::new();
        let c = &mut slot_counts;
        for (k, b) in brief.iter().enumerate() {
            if b.is_unavailable(mrs, self.now) {
                unavailable_slots += 1;
                first_unavailable_slot.get_or_insert(k);
            }
            if !b.settled_brief(monotonic, mrs, self.now) {
                unsettled.push(k);
            }
            if !b.filled() {
                continue;
            }
            let t = b.tally(mrs, self.now);
            c.replicas += t.replicas;
            c.ready_replicas += t.ready;
            c.available_replicas += t.available;
            if t.live {
                c.current_replicas += i32::from(b.is_current());
                c.updated_replicas += i32::from(b.is_update());
            }
        }
        let mut split = Split {
            src: Source::Full { pods, slots, brief },
            slot_counts,
            first_unavailable_slot,
            unavailable_slots,
            unsettled,
            condemned,
        };
        // Decoded only when a pod is (re)created from the current revision.
        let current_template = std::cell::OnceCell::new();
        let result = self.passes(&mut split, &mut st, &current_template, current, update);
        let Source::Full { pods, .. } = split.src else {
            return Err((Vec::new(), st));
        };
        if result.is_err() {
            return Err((pods, st));
        }
        Ok((pods, st))
    }

    /// Recount over slots and condemned (upstream updateStatus with replicas
    /// + condemned): pods created in this reconcile are not counted (§15.2).
    fn recount(&self, split: &Split, st: &mut StatefulSetStatus) {
        status::reset_counts(st);
        let (mrs, now) = (self.set.min_ready_seconds(), self.now);
        let c = &split.slot_counts;
        st.replicas += c.replicas;
        st.ready_replicas += c.ready_replicas;
        st.available_replicas += c.available_replicas;
        st.current_replicas += c.current_replicas;
        st.updated_replicas += c.updated_replicas;
        match &split.src {
            // The index counts the condemned pods as `count_into` does
            // (with minReadySeconds ≤ 0, which the index path requires).
            Source::Index {
                ix,
                current,
                update,
            } => {
                let c = ix.condemned_counts;
                st.replicas += c.replicas;
                st.ready_replicas += c.ready_replicas;
                st.available_replicas += c.available_replicas;
                st.current_replicas += ix.condemned_live_of(current);
                st.updated_replicas += ix.condemned_live_of(update);
            }
            Source::Full { .. } => {
                status::count_into(st, split.condemned.iter().copied(), mrs, now);
            }
        }
    }

    fn passes(
        &mut self,
        split: &mut Split,
        st: &mut StatefulSetStatus,
        current_template: &CurrentTemplate,
        current: &ControllerRevision,
        update: &ControllerRevision,
    ) -> Step<()> {
        let set = self.set;
        let monotonic = !set.is_parallel();
        let mrs = set.min_ready_seconds();

        // §6.4 first unavailable pod: lowest slot, else lowest condemned.
        let mut first_unavailable: Option<i32> = split
            .first_unavailable_slot
            .map(|k| set.start_ordinal().saturating_add(k as i32));
        if let (None, Some(ix)) = (first_unavailable, split.index()) {
            // The lowest unavailable condemned ordinal (§5.5 with
            // minReadySeconds ≤ 0, as the scan below finds it).
            first_unavailable = ix.condemned_unavailable.first().copied();
        } else if first_unavailable.is_none() {
            for &p in split.condemned.iter().rev() {
                if view::is_unavailable(Some(p), mrs, self.now) {
                    first_unavailable = Some(p.ordinal);
                    break;
                }
            }
        }

        // §6.6 slot pass. With no claim to check, a slot is settled exactly
        // when its brief says so (and that stays true during the pass: under
        // Retain/Retain no write adds an owner reference to a claim), so
        // only the other slots are visited, in the same order and batches.
        let briefs_decide = self.retain_all && self.client.no_claim_has_owners();
        let split: &Split = split;
        // The slots to visit: the unsettled ones when briefs decide, else
        // every slot, skipping those `settled` finds settled.
        let ks: Box<dyn Iterator<Item = usize> + '_> = if briefs_decide {
            split.unsettled()
        } else {
            Box::new(0..split.n())
        };
        let slot_result = if monotonic {
            let mut r = Ok(false);
            for k in ks {
                if !briefs_decide && self.settled(split, k, true) {
                    continue;
                }
                match self.process_replica(split, k, true, current_template, current, update) {
                    Ok(false) => {}
                    other => {
                        r = other;
                        break;
                    }
                }
            }
            r
        } else {
            self.slow_start_sparse(split.n(), ks, |this, k| {
                if !briefs_decide && this.settled(split, k, false) {
                    return Ok(false);
                }
                this.process_replica(split, k, false, current_template, current, update)
            })
            .map(|_| false)
        };
        match slot_result {
            Ok(true) => {
                self.recount(split, st);
                return Ok(());
            }
            Err(e) => {
                self.recount(split, st);
                return Err(e);
            }
            Ok(false) => {}
        }

        // §6.7 condemned claim pass. From the index (briefs decide: §11.5
        // Retain/Retain and no claim with an owner reference, and no write
        // of this reconcile adds one) every condemned pod's claims match the
        // policy, so each call would do nothing and succeed: skipped.
        let index = split.index();
        let condemned: Vec<&PodView> = match index {
            // (Not reached: briefs decide whenever the index is used.)
            Some(ix) if !briefs_decide => ix.condemned().collect(),
            _ => split.condemned.clone(),
        };
        let fixed = if index.is_some() && briefs_decide {
            Ok(())
        } else if monotonic {
            condemned
                .iter()
                .try_for_each(|&p| self.fix_condemned_claims(p))
        } else {
            self.slow_start(condemned.len(), |this, j| match condemned.get(j) {
                Some(&p) => this.fix_condemned_claims(p).map(|_| false),
                None => Ok(false),
            })
            .map(|_| ())
        };
        if fixed.is_err() {
            self.recount(split, st);
            return fixed;
        }

        // §6.8 condemned deletion pass.
        let deleted = if monotonic {
            let mut r = Ok(false);
            for &p in &condemned {
                match self.process_condemned(p, first_unavailable, true) {
                    Ok(false) => {}
                    other => {
                        r = other;
                        break;
                    }
                }
            }
            r
        } else if let Some(ix) = index {
            // Parallel: a terminating condemned pod's call does nothing and
            // succeeds (§8.4), so only the others are called, at their
            // positions: the same calls in the same batches.
            let active = ix.condemned_active();
            self.slow_start_sparse(
                ix.condemned_len(),
                active.iter().map(|&(j, _)| j),
                |this, j| match active.binary_search_by_key(&j, |&(i, _)| i) {
                    Ok(i) => match active.get(i) {
                        Some(&(_, p)) => this.process_condemned(p, first_unavailable, false),
                        None => Ok(false),
                    },
                    Err(_) => Ok(false),
                },
            )
            .map(|_| false)
        } else {
            self.slow_start(condemned.len(), |this, j| match condemned.get(j) {
                Some(&p) => this.process_condemned(p, first_unavailable, false),
                None => Ok(false),
            })
            .map(|_| false)
        };
        self.recount(split, st);
        match deleted {
            Ok(true) => return Ok(()),
            Err(e) => return Err(e),
            Ok(false) => {}
        }

        if set.is_on_delete() {
            self.explain_on_delete(split, update);
            return Ok(());
        }
        self.rolling_update(split, st, update)
    }

    /// Upstream slowStartBatch: batches of 1, 2, 4, … up to
    /// [`MAX_BATCH_SIZE`]; a batch with an error stops the pass (§6.6).
    fn slow_start(
        &mut self,
        total: usize,
        f: impl FnMut(&mut Self, usize) -> Step<bool>,
    ) -> Step<usize> {
        self.slow_start_sparse(total, 0..total, f)
    }

    /// [`Self::slow_start`] over `total` slots calling `f` only for `ks`
    /// (ascending, each below `total`): the other slots' calls would do
    /// nothing and succeed, so the same calls happen and the same batch
    /// stops the pass.
    fn slow_start_sparse(
        &mut self,
        total: usize,
        ks: impl Iterator<Item = usize>,
        mut f: impl FnMut(&mut Self, usize) -> Step<bool>,
    ) -> Step<usize> {
        let mut done = 0;
        let mut batch = total.min(1);
        let mut next = ks.peekable();
        while batch > 0 {
            let mut failed = false;
            while let Some(k) = next.next_if(|&k| k < done + batch) {
                if f(self, k).is_err() {
                    failed = true;
                }
            }
            done += batch;
            if failed {
                return Err(SyncError);
            }
            batch = (2 * batch).min(total - done).min(MAX_BATCH_SIZE);
        }
        Ok(done)
    }

    /// The revision a (re)created pod of `ord` gets (§13.7, §14.2, upstream
    /// newVersionedStatefulSetPod including its operator-precedence quirk).
    fn planned_pod(
        &self,
        ord: i32,
        current_template: &CurrentTemplate,
        current: &ControllerRevision,
        update: &ControllerRevision,
    ) -> Pod {
        let set = self.set;
        let strategy = set.spec.update_strategy.as_ref();
        let rolling = strategy.and_then(|s| s.type_.as_deref()) == Some("RollingUpdate");
        let ru = strategy.and_then(|s| s.rolling_update.as_ref());
        let start = set.start_ordinal() as i64;
        let ord = ord as i64;
        let use_current =
            (rolling && ru.is_none() && ord < start + set.status.current_replicas as i64)
                || ru.is_some_and(|ru| ord < start + ru.partition.unwrap_or(0) as i64);
        if use_current {
            let mut current_set = set.clone();
            current_set.spec.template = current_template
                .get_or_init(|| {
                    revision::template_of(current).unwrap_or_else(|| set.spec.template.clone())
                })
                .clone();
            pods::new_pod(&current_set, ord as i32, &current.metadata.name)
        } else {
            pods::new_pod(set, ord as i32, &update.metadata.name)
        }
    }
}

/// `strings.Title` of a lowercase verb.
fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Owners of the claims of `pod` (§11.5).
fn owners<'a>(set: &'a StatefulSet, pod: &'a PodView) -> Owners<'a> {
    Owners {
        set,
        pod: &pod.name,
        pod_uid: &pod.uid,
        ordinal: pod.ordinal,
    }
}

/// Re-exported for tests and the UI: `Kind/name` of a pod.
pub fn pod_object(name: &str) -> String {
    // `format!("{}/{name}", …)` without the formatter (hot path).
    let kind = Kind::Pod.as_str();
    let mut s = String::with_capacity(kind.len() + 1 + name.len());
    s.push_str(kind);
    s.push('/');
    s.push_str(name);
    s
}
