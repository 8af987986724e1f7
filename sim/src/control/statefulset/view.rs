//! A compact, owned summary of one pod: everything a reconcile reasons
//! about (§5 states, revision, identity and storage checks), built from a
//! borrowed pod so that a reconcile never deep-copies the pods it only reads.
//! The full pod is fetched only for the rare writes that need it (adoption,
//! release, identity repair).

use super::pods::{self, REVISION_LABEL};
use crate::api::pod::available_at;
use crate::api::{Pod, StatefulSet, Time};
use std::sync::Arc;

/// Pod phase (§5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// No phase: not created yet as far as the controller knows (§5.1).
    None,
    Pending,
    Running,
    Succeeded,
    Failed,
    /// `Unknown` or anything else.
    Other,
}

/// What the controller needs to know about one pod.
#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub name: String,
    pub uid: String,
    /// Ordinal parsed from the name, −1 when it does not parse (§3.2).
    pub ordinal: i32,
    /// `controller-revision-hash` label ("" when absent). Shared: pods of
    /// one revision may hold the same allocation (see [`RevisionIs`]).
    pub revision: Arc<str>,
    pub phase: Phase,
    /// Condition Ready=True.
    pub ready: bool,
    /// Last transition of the Ready condition.
    pub ready_since: Option<Time>,
    /// deletionTimestamp set (§5.4).
    pub terminating: bool,
    /// §3.4 identity holds.
    pub identity_ok: bool,
    /// §3.4 storage holds.
    pub storage_ok: bool,
    /// The revision-independent part of this pod's [`Brief`], derived once.
    brief_bits: u16,
}

impl PodView {
    /// Summarizes `pod` as seen by `set`.
    pub fn of(set: &StatefulSet, pod: &Pod) -> PodView {
        PodView::with_revision(set, pod, Arc::from(revision_label(pod)))
    }

    /// [`PodView::of`] given the text of [`revision_label`] as an `Arc`
    /// (so pods of one revision can share one allocation).
    pub fn with_revision(set: &StatefulSet, pod: &Pod, revision: Arc<str>) -> PodView {
        debug_assert_eq!(&*revision, revision_label(pod));
        let ready = pod.ready_condition();
        // The name is parsed once for the ordinal, identity and storage.
        let parsed = pods::parent_and_ordinal(&pod.metadata.name);
        let ord = parsed.map_or(-1, |(_, o)| o);
        let mut view = PodView {
            name: pod.metadata.name.clone(),
            uid: pod.metadata.uid.clone(),
            ordinal: ord,
            revision,
            phase: match pod.status.phase.as_deref() {
                None => Phase::None,
                Some("Pending") => Phase::Pending,
                Some("Running") => Phase::Running,
                Some("Succeeded") => Phase::Succeeded,
                Some("Failed") => Phase::Failed,
                Some(_) => Phase::Other,
            },
            ready: ready.is_some_and(|c| c.status == "True"),
            ready_since: ready.and_then(|c| c.last_transition_time),
            terminating: pod.metadata.is_terminating(),
            identity_ok: pods::identity_matches_parsed(set, pod, parsed),
            storage_ok: pods::storage_matches_at(set, pod, ord),
            brief_bits: 0,
        };
        view.brief_bits = Brief::state_bits(&view);
        view
    }

    /// Has a phase (§5.1).
    #[inline(always)]
    pub fn is_created(&self) -> bool {
        self.phase != Phase::None
    }

    /// Running and Ready (§5.2).
    #[inline(always)]
    pub fn is_running_and_ready(&self) -> bool {
        self.phase == Phase::Running && self.ready
    }

    /// Ready for at least minReadySeconds, compared with ≤ (§5.3).
    #[inline(always)]
    pub fn is_available(&self, min_ready_seconds: i64, now: Time) -> bool {
        available(
            self.is_running_and_ready(),
            self.ready_since,
            min_ready_seconds,
            now,
        )
    }

    /// Failed or Succeeded (§5.6).
    #[inline(always)]
    pub fn is_failed_or_succeeded(&self) -> bool {
        matches!(self.phase, Phase::Failed | Phase::Succeeded)
    }

    /// Phase Pending (§6.6 step 3).
    #[inline(always)]
    pub fn is_pending(&self) -> bool {
        self.phase == Phase::Pending
    }

    /// The phase as Kubernetes spells it.
    pub fn phase_str(&self) -> &'static str {
        match self.phase {
            Phase::None => "",
            Phase::Pending => "Pending",
            Phase::Running => "Running",
            Phase::Succeeded => "Succeeded",
            Phase::Failed => "Failed",
            Phase::Other => "Unknown",
        }
    }
}

/// The `controller-revision-hash` label ("" when absent, §3.3).
pub fn revision_label(pod: &Pod) -> &str {
    pod.metadata
        .labels
        .get(REVISION_LABEL)
        .map_or("", String::as_str)
}

/// Available (§5.3): Running and Ready, for at least `min_ready_seconds`.
#[inline(always)]
fn available(
    running_ready: bool,
    ready_since: Option<Time>,
    min_ready_seconds: i64,
    now: Time,
) -> bool {
    running_ready
        && (min_ready_seconds <= 0
            || ready_since.is_some_and(|t| available_at(t, min_ready_seconds) <= now.0))
}

/// Unavailable: not created, terminating, or not available (§5.5).
#[inline(always)]
pub fn is_unavailable(pod: Option<&PodView>, min_ready_seconds: i64, now: Time) -> bool {
    match pod {
        None => true,
        Some(p) => !p.is_created() || p.terminating || !p.is_available(min_ready_seconds, now),
    }
}

/// The hot facts of one slot (§5 states and the revision as seen by one
/// reconcile), packed so that the passes over a large set read one small
/// contiguous array in slot order instead of chasing every pod.
#[derive(Clone, Copy, Debug, Default)]
pub struct Brief {
    bits: u16,
    ready_since: Option<Time>,
}

impl Brief {
    const FILLED: u16 = 1;
    const CREATED: u16 = 1 << 1;
    const RUNNING_READY: u16 = 1 << 2;
    const TERMINATING: u16 = 1 << 3;
    const FAILED_OR_SUCCEEDED: u16 = 1 << 4;
    const PENDING: u16 = 1 << 5;
    const SHAPE_OK: u16 = 1 << 6;
    const IS_CURRENT: u16 = 1 << 7;
    const IS_UPDATE: u16 = 1 << 8;

    /// The slot's pod, `is_current`/`is_update`: its revision is the
    /// reconcile's current/update revision.
    #[inline(always)]
    pub fn of(pod: &PodView, is_current: bool, is_update: bool) -> Brief {
        let flag = |b: bool, f: u16| if b { f } else { 0 };
        Brief {
            bits: pod.brief_bits
                | flag(is_current, Self::IS_CURRENT)
                | flag(is_update, Self::IS_UPDATE),
            ready_since: pod.ready_since,
        }
    }

    /// The bits of [`Brief::of`] that depend on the pod alone.
    fn state_bits(pod: &PodView) -> u16 {
        let flag = |b: bool, f: u16| if b { f } else { 0 };
        Self::FILLED
            | flag(pod.is_created(), Self::CREATED)
            | flag(pod.is_running_and_ready(), Self::RUNNING_READY)
            | flag(pod.terminating, Self::TERMINATING)
            | flag(pod.is_failed_or_succeeded(), Self::FAILED_OR_SUCCEEDED)
            | flag(pod.is_pending(), Self::PENDING)
            | flag(pod.identity_ok && pod.storage_ok, Self::SHAPE_OK)
    }

    #[inline(always)]
    fn has(&self, f: u16) -> bool {
        self.bits & f != 0
    }
    /// A pod occupies the slot.
    #[inline(always)]
    pub fn filled(&self) -> bool {
        self.has(Self::FILLED)
    }
    #[inline(always)]
    pub fn is_created(&self) -> bool {
        self.has(Self::CREATED)
    }
    #[inline(always)]
    pub fn is_running_and_ready(&self) -> bool {
        self.has(Self::RUNNING_READY)
    }
    #[inline(always)]
    pub fn terminating(&self) -> bool {
        self.has(Self::TERMINATING)
    }
    #[inline(always)]
    pub fn is_failed_or_succeeded(&self) -> bool {
        self.has(Self::FAILED_OR_SUCCEEDED)
    }
    #[inline(always)]
    pub fn is_pending(&self) -> bool {
        self.has(Self::PENDING)
    }
    /// §3.4 identity and storage hold.
    #[inline(always)]
    pub fn shape_ok(&self) -> bool {
        self.has(Self::SHAPE_OK)
    }
    #[inline(always)]
    pub fn is_current(&self) -> bool {
        self.has(Self::IS_CURRENT)
    }
    #[inline(always)]
    pub fn is_update(&self) -> bool {
        self.has(Self::IS_UPDATE)
    }

    /// [`PodView::is_available`] (§5.3).
    #[inline(always)]
    pub fn is_available(&self, min_ready_seconds: i64, now: Time) -> bool {
        available(
            self.is_running_and_ready(),
            self.ready_since,
            min_ready_seconds,
            now,
        )
    }

    /// The slot's pod passes every check of the slot pass that its brief
    /// can tell (all but the claims', §6.6, §7.1): filled, not failed or
    /// succeeded, not Pending, not terminating, (OrderedReady) available,
    /// identity and storage intact.
    #[inline(always)]
    pub fn settled_brief(&self, monotonic: bool, min_ready_seconds: i64, now: Time) -> bool {
        self.filled()
            && !self.is_failed_or_succeeded()
            && !self.is_pending()
            && !self.terminating()
            && (!monotonic
                || (self.is_running_and_ready() && self.is_available(min_ready_seconds, now)))
            && self.shape_ok()
    }

    /// What the slot's pod adds to the §15.1 counters.
    #[inline(always)]
    pub fn tally(&self, min_ready_seconds: i64, now: Time) -> Tally {
        let created = self.is_created();
        let running_ready = self.is_running_and_ready();
        Tally {
            replicas: i32::from(created),
            ready: i32::from(running_ready),
            available: i32::from(running_ready && self.is_available(min_ready_seconds, now)),
            live: created && !self.terminating(),
        }
    }

    /// [`is_unavailable`] of the slot's pod (an empty slot is unavailable, §5.5).
    #[inline(always)]
    pub fn is_unavailable(&self, min_ready_seconds: i64, now: Time) -> bool {
        !self.filled()
            || !self.is_created()
            || self.terminating()
            || !self.is_available(min_ready_seconds, now)
    }
}

/// What one pod adds to the status counters (§15.1): `replicas` if
/// created, `ready` if Running and Ready, `available` if also available.
/// A `live` pod (created, not terminating) also counts as current or
/// updated when its revision is the current or update revision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub replicas: i32,
    pub ready: i32,
    pub available: i32,
    pub live: bool,
}

/// Who controls a pod, relative to the set being reconciled (§6.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// A controller reference to this set.
    Set,
    /// A controller reference to something else.
    Other,
    /// No controller reference (an adoption candidate).
    None,
}

/// A pod as claiming (§6.1) sees it: its [`PodView`] plus the facts that
/// decide whether the set owns, adopts or releases it. Depends only on the
/// pod and on the set's identity and spec, so a client may keep these
/// between reconciles while neither changes (the engine does, so a
/// reconcile of a large set does not re-derive every pod).
#[derive(Clone, Debug, PartialEq)]
pub struct PodFacts {
    /// Inline, so a reconcile scans its set's facts as one contiguous array.
    pub view: PodView,
    /// The namespaces are compatible.
    pub same_namespace: bool,
    pub control: Control,
    /// The selector matches and the name is a member name (§3.2).
    pub matches: bool,
}

impl PodFacts {
    /// Derives the facts of `pod` as seen by `set`.
    pub fn of(set: &StatefulSet, pod: &Pod) -> PodFacts {
        PodFacts::with_revision(set, pod, Arc::from(revision_label(pod)))
    }

    /// [`PodFacts::of`] with the revision text given (see [`PodView::with_revision`]).
    pub fn with_revision(set: &StatefulSet, pod: &Pod, revision: Arc<str>) -> PodFacts {
        let selector = set.spec.selector.as_ref().filter(|s| !s.is_empty());
        PodFacts {
            view: PodView::with_revision(set, pod, revision),
            same_namespace: set.metadata.namespace.is_empty()
                || pod.metadata.namespace.is_empty()
                || pod.metadata.namespace == set.metadata.namespace,
            control: match pod.metadata.controller_ref() {
                Some(r) if r.uid == set.metadata.uid => Control::Set,
                Some(_) => Control::Other,
                None => Control::None,
            },
            matches: selector.is_some_and(|s| s.matches(&pod.metadata.labels))
                && pods::is_member_of(set, pod),
        }
    }
}

/// What claiming (§6.1) does with one candidate pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// Owned by the set and still matching: kept.
    Own,
    /// Owned but no longer matching (labels or name): released.
    Release,
    /// Ownerless, matching and not terminating: adopted.
    Adopt,
    /// Another namespace, another controller, or nothing to do while the
    /// set is being deleted.
    Ignore,
}

impl PodFacts {
    /// Upstream ClaimPods for this pod; a set being deleted neither adopts
    /// nor releases (§6.1).
    #[inline]
    pub fn claim(&self, deleting: bool) -> Claim {
        if !self.same_namespace {
            return Claim::Ignore;
        }
        match self.control {
            Control::Set if self.matches => Claim::Own,
            Control::Set if !deleting => Claim::Release,
            Control::None if !deleting && self.matches && !self.view.terminating => Claim::Adopt,
            _ => Claim::Ignore,
        }
    }
}

/// Tests pod revisions against one revision name, comparing text once per
/// run of pods that share a revision allocation (a large set is scanned on
/// every reconcile; pods of one revision usually share one `Arc<str>`).
pub struct RevisionIs<'a> {
    name: &'a str,
    last: Option<(*const u8, usize, bool)>,
}

impl<'a> RevisionIs<'a> {
    pub fn new(name: &'a str) -> Self {
        RevisionIs { name, last: None }
    }

    /// `rev == name`.
    #[inline(always)]
    pub fn test(&mut self, rev: &str) -> bool {
        let key = (rev.as_ptr(), rev.len());
        match self.last {
            // Same address and length: the very same text.
            Some((p, l, r)) if p == key.0 && l == key.1 => r,
            _ => {
                let r = rev == self.name;
                self.last = Some((key.0, key.1, r));
                r
            }
        }
    }
}
