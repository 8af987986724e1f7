//! [`SlotIndex`]: the per-slot structures of a reconcile (§6.3), kept
//! between reconciles and updated pod by pod, so that a reconcile of a large
//! set costs O(pods changed · log n) instead of O(n) in the common case.
//!
//! The index holds only what depends on the pods and on the set's shape
//! (name, uid, `ordinals.start`, replicas, pod management policy, the
//! [`IndexKey`]). What depends on the revisions of one reconcile (current
//! and update revision) is kept per revision label, so the index stays
//! valid when the revisions move on. Availability is taken with
//! minReadySeconds = 0 (§5.3: then it does not depend on the time); the
//! controller uses the index only when minReadySeconds ≤ 0.

use super::pods::{is_decimal_of, parent_and_ordinal};
use super::view::{Brief, Claim, PodFacts, PodView};
use crate::api::{StatefulSet, Time};
use std::collections::{BTreeMap, BTreeSet};

/// The set's shape that an index was built for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexKey {
    pub name: String,
    pub uid: String,
    pub start: i32,
    pub replicas: usize,
    /// OrderedReady (not Parallel).
    pub monotonic: bool,
}

impl IndexKey {
    pub fn of(set: &StatefulSet) -> IndexKey {
        IndexKey {
            name: set.metadata.name.clone(),
            uid: set.metadata.uid.clone(),
            start: set.start_ordinal(),
            replicas: set.replicas().max(0) as usize,
            monotonic: !set.is_parallel(),
        }
    }
}

/// Slot counters that do not depend on the revisions (§15.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlotCounts {
    pub replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
}

/// The claiming (§6.1) and slot split (§6.3) of one set's candidate pods,
/// maintained incrementally. See the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct SlotIndex {
    pub key: IndexKey,
    /// The owned pod of each slot (ordinal `start + k`).
    slots: Vec<Option<PodView>>,
    /// Owned pods outside the ordinal range, by ordinal (condemned, §4.2).
    condemned: BTreeMap<i32, PodView>,
    /// Pods that claiming would adopt or release (§6.1).
    claim_work: BTreeSet<String>,
    /// Owned pods whose name is not the canonical `set-ordinal` (e.g. a
    /// leading zero): two such pods may share an ordinal.
    irregular: BTreeSet<String>,
    /// Counters of the slot pods taken with minReadySeconds = 0.
    pub counts: SlotCounts,
    /// Slots whose pod is unavailable or missing (§5.5).
    pub unavailable: BTreeSet<usize>,
    /// Slots whose brief does not make them settled (`Brief::settled_brief`).
    pub unsettled: BTreeSet<usize>,
    /// Slots without a pod.
    pub empty: BTreeSet<usize>,
    /// Filled slots by their pod's revision label.
    by_revision: BTreeMap<String, BTreeSet<usize>>,
    /// Per revision label, the slot pods that are created and not
    /// terminating (what §15.1 counts as current/updated).
    live_by_revision: BTreeMap<String, i32>,
    /// The same three for the condemned pods (§15.1 counts them too).
    pub condemned_counts: SlotCounts,
    condemned_live: BTreeMap<String, i32>,
    /// Condemned pods per revision label (for history truncation).
    condemned_revisions: BTreeMap<String, i32>,
    /// Ordinals of condemned pods that are unavailable (§5.5).
    pub condemned_unavailable: BTreeSet<i32>,
    /// Ordinals of condemned pods that are not terminating.
    condemned_active: BTreeSet<i32>,
}

impl SlotIndex {
    /// An index of `facts` (the candidates of `set`, any order).
    pub fn build(set: &StatefulSet, facts: &[PodFacts]) -> SlotIndex {
        let key = IndexKey::of(set);
        let n = key.replicas;
        let mut ix = SlotIndex {
            key,
            slots: vec![None; n],
            condemned: BTreeMap::new(),
            claim_work: BTreeSet::new(),
            irregular: BTreeSet::new(),
            counts: SlotCounts::default(),
            unavailable: (0..n).collect(),
            unsettled: (0..n).collect(),
            empty: (0..n).collect(),
            by_revision: BTreeMap::new(),
            live_by_revision: BTreeMap::new(),
            condemned_counts: SlotCounts::default(),
            condemned_live: BTreeMap::new(),
            condemned_revisions: BTreeMap::new(),
            condemned_unavailable: BTreeSet::new(),
            condemned_active: BTreeSet::new(),
        };
        for f in facts {
            ix.add(f);
        }
        ix
    }

    /// The index serves the reconcile only when claiming has nothing to
    /// do and every owned pod sits at its own ordinal.
    pub fn regular(&self) -> bool {
        self.claim_work.is_empty() && self.irregular.is_empty()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The pod of slot `k`.
    pub fn slot(&self, k: usize) -> Option<&PodView> {
        self.slots.get(k).and_then(Option::as_ref)
    }

    /// Condemned pods, highest ordinal first (§4.2).
    pub fn condemned(&self) -> impl Iterator<Item = &PodView> {
        self.condemned.values().rev()
    }

    /// Slot pods of `revision` that are created and not terminating.
    pub fn live_of(&self, revision: &str) -> i32 {
        self.live_by_revision.get(revision).copied().unwrap_or(0)
    }

    /// Condemned pods of `revision` that are created and not terminating.
    pub fn condemned_live_of(&self, revision: &str) -> i32 {
        self.condemned_live.get(revision).copied().unwrap_or(0)
    }

    /// Number of condemned pods.
    pub fn condemned_len(&self) -> usize {
        self.condemned.len()
    }

    /// The condemned pods that are not terminating, each with its position
    /// in [`Self::condemned`] order (highest ordinal first). Walks the
    /// condemned pods only down to the lowest such pod.
    pub fn condemned_active(&self) -> Vec<(usize, &PodView)> {
        let want = self.condemned_active.len();
        let mut out = Vec::with_capacity(want);
        for (j, p) in self.condemned().enumerate() {
            if out.len() == want {
                break;
            }
            if !p.terminating {
                out.push((j, p));
            }
        }
        out
    }

    /// Revision labels of every owned pod (slots and condemned), each once
    /// per map (order and repeats do not matter to §12.5).
    pub fn revisions(&self) -> impl Iterator<Item = &str> {
        self.by_revision
            .keys()
            .chain(self.condemned_revisions.keys())
            .map(String::as_str)
    }

    /// The highest filled slot in `lo..hi` whose revision is not `update`.
    pub fn last_outdated_in(&self, update: &str, lo: usize, hi: usize) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        self.by_revision
            .iter()
            .filter(|(r, _)| r.as_str() != update)
            .filter_map(|(_, s)| s.range(lo..hi).next_back().copied())
            .max()
    }

    /// The lowest filled slot in `lo..hi` whose revision is not `update`.
    pub fn first_outdated_in(&self, update: &str, lo: usize, hi: usize) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        self.by_revision
            .iter()
            .filter(|(r, _)| r.as_str() != update)
            .filter_map(|(_, s)| s.range(lo..hi).next().copied())
            .min()
    }

    /// Forgets pod `name` (if indexed).
    pub fn remove(&mut self, name: &str) {
        self.claim_work.remove(name);
        if self.irregular.remove(name) {
            return;
        }
        let Some((_, ord)) = parent_and_ordinal(name) else {
            return;
        };
        if let Some(k) = self.slot_of(ord) {
            if self.slot(k).is_some_and(|p| p.name == name) {
                self.put(k, None);
            }
        } else if self.condemned.get(&ord).is_some_and(|p| p.name == name) {
            self.put_condemned(ord, None);
        }
    }

    /// Brings pod `name` up to date: `new` is its facts now (`None` when
    /// it is no longer a candidate). A pod that stays in its slot moves
    /// that slot's contribution once instead of emptying and refilling it.
    pub fn update(&mut self, name: &str, new: Option<&PodFacts>) {
        if let Some(f) = new {
            if let Place::Slot(k) = self.place(f) {
                if self.slot(k).is_some_and(|p| p.name == name) {
                    self.put(k, Some(f.view.clone()));
                    return;
                }
            }
        }
        self.remove(name);
        if let Some(f) = new {
            self.add(f);
        }
    }

    /// Indexes the candidate `f` (after [`Self::remove`] of the same name).
    pub fn add(&mut self, f: &PodFacts) {
        match self.place(f) {
            Place::None => {}
            Place::ClaimWork => {
                self.claim_work.insert(f.view.name.clone());
            }
            Place::Irregular => {
                self.irregular.insert(f.view.name.clone());
            }
            Place::Slot(k) => self.put(k, Some(f.view.clone())),
            Place::Condemned(ord) => self.put_condemned(ord, Some(f.view.clone())),
        }
    }

    /// Where `f` goes. Classifies it as `Reconcile::claim_pods` does for a
    /// set that is not being deleted (§6.1), then splits the owned pods by
    /// ordinal (§6.3).
    fn place(&self, f: &PodFacts) -> Place {
        match f.claim(false) {
            Claim::Own => {}
            Claim::Release | Claim::Adopt => return Place::ClaimWork,
            Claim::Ignore => return Place::None,
        }
        let ord = f.view.ordinal;
        if ord < 0 || !self.canonical(&f.view.name, ord) {
            return Place::Irregular;
        }
        match self.slot_of(ord) {
            Some(k) => Place::Slot(k),
            None => Place::Condemned(ord),
        }
    }

    /// `name` is `pods::pod_name(set, its ordinal)`: the set's name, a
    /// dash, and the decimal ordinal without a leading zero.
    fn canonical(&self, name: &str, ord: i32) -> bool {
        name.strip_prefix(self.key.name.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|d| is_decimal_of(d, ord))
    }

    fn slot_of(&self, ord: i32) -> Option<usize> {
        let k = (ord as i64).checked_sub(self.key.start as i64)?;
        (k >= 0 && (k as u64) < self.slots.len() as u64).then_some(k as usize)
    }

    /// Replaces the pod of slot `k`, moving the slot's contribution.
    fn put(&mut self, k: usize, pod: Option<PodView>) {
        let old = self.slots.get_mut(k).and_then(Option::take);
        match (&old, &pod) {
            // The same revision before and after (most writes): move the
            // counters by the difference; the revision's slot set stays.
            (Some(o), Some(p)) if o.revision == p.revision => {
                let (to, tn) = (tally_of(o), tally_of(p));
                self.counts.replicas += tn.replicas - to.replicas;
                self.counts.ready_replicas += tn.ready - to.ready;
                self.counts.available_replicas += tn.available - to.available;
                if to.live != tn.live {
                    bump(
                        &mut self.live_by_revision,
                        &p.revision,
                        if tn.live { 1 } else { -1 },
                    );
                }
            }
            _ => {
                if let Some(o) = &old {
                    self.contribute(k, o, -1);
                }
                if let Some(p) = &pod {
                    self.contribute(k, p, 1);
                }
            }
        }
        let now = Time(0);
        let brief = pod.as_ref().map(|p| Brief::of(p, false, false));
        let b = brief.unwrap_or_default();
        set_member(&mut self.empty, k, !b.filled());
        set_member(&mut self.unavailable, k, b.is_unavailable(0, now));
        set_member(
            &mut self.unsettled,
            k,
            !b.settled_brief(self.key.monotonic, 0, now),
        );
        if let Some(p) = pod {
            if let Some(s) = self.slots.get_mut(k) {
                *s = Some(p);
            }
        }
    }

    /// Replaces the condemned pod of ordinal `ord`, moving its
    /// contribution.
    fn put_condemned(&mut self, ord: i32, pod: Option<PodView>) {
        if let Some(old) = self.condemned.remove(&ord) {
            count(
                &mut self.condemned_counts,
                &mut self.condemned_live,
                &old,
                -1,
            );
            bump(&mut self.condemned_revisions, &old.revision, -1);
            self.condemned_unavailable.remove(&ord);
            self.condemned_active.remove(&ord);
        }
        if let Some(p) = pod {
            count(&mut self.condemned_counts, &mut self.condemned_live, &p, 1);
            bump(&mut self.condemned_revisions, &p.revision, 1);
            if super::view::is_unavailable(Some(&p), 0, Time(0)) {
                self.condemned_unavailable.insert(ord);
            }
            if !p.terminating {
                self.condemned_active.insert(ord);
            }
            self.condemned.insert(ord, p);
        }
    }

    /// Adds (`sign` 1) or takes away (−1) what the pod of slot `k` counts.
    fn contribute(&mut self, k: usize, p: &PodView, sign: i32) {
        count(&mut self.counts, &mut self.live_by_revision, p, sign);
        let rev: &str = &p.revision;
        if sign > 0 {
            match self.by_revision.get_mut(rev) {
                Some(s) => {
                    s.insert(k);
                }
                None => {
                    self.by_revision
                        .insert(rev.to_string(), BTreeSet::from([k]));
                }
            }
        } else if let Some(s) = self.by_revision.get_mut(rev) {
            s.remove(&k);
            if s.is_empty() {
                self.by_revision.remove(rev);
            }
        }
    }
}

/// Adds (`sign` 1) or takes away (−1) what `p` counts (§15.1, with
/// minReadySeconds = 0): to `c`, and to `live` under its revision when it
/// is created and not terminating.
fn count(c: &mut SlotCounts, live: &mut BTreeMap<String, i32>, p: &PodView, sign: i32) {
    let t = tally_of(p);
    c.replicas += sign * t.replicas;
    c.ready_replicas += sign * t.ready;
    c.available_replicas += sign * t.available;
    if t.live {
        bump(live, &p.revision, sign);
    }
}

/// What `p` counts (§15.1, with minReadySeconds = 0).
fn tally_of(p: &PodView) -> super::view::Tally {
    Brief::of(p, false, false).tally(0, Time(0))
}

/// Adds `sign` to the count of `key`, dropping it at zero.
fn bump(m: &mut BTreeMap<String, i32>, key: &str, sign: i32) {
    match m.get_mut(key) {
        Some(v) => {
            *v += sign;
            if *v == 0 {
                m.remove(key);
            }
        }
        None => {
            m.insert(key.to_string(), sign);
        }
    }
}

/// Where a candidate pod goes in the index.
enum Place {
    /// Not the set's and not to be claimed.
    None,
    /// To be adopted or released (§6.1).
    ClaimWork,
    /// Owned, with a name that is not canonical.
    Irregular,
    Slot(usize),
    Condemned(i32),
}

fn set_member(s: &mut BTreeSet<usize>, k: usize, member: bool) {
    if member {
        s.insert(k);
    } else {
        s.remove(&k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{LabelSelector, OwnerReference, Pod, PodCondition, StatefulSetOrdinals};

    fn set(replicas: i32, start: i32, parallel: bool) -> StatefulSet {
        let mut s = StatefulSet::default();
        s.metadata.name = "web".into();
        s.metadata.uid = "set-uid".into();
        s.spec.replicas = Some(replicas);
        s.spec.selector = Some(LabelSelector {
            match_labels: [("app".to_string(), "web".to_string())].into(),
            ..Default::default()
        });
        s.spec.ordinals = (start != 0).then_some(StatefulSetOrdinals { start });
        if parallel {
            s.spec.pod_management_policy = Some("Parallel".into());
        }
        s
    }

    /// A deterministic pseudo-random source (no extra dependency).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    fn pod(rng: &mut Lcg, name: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.uid = format!("uid-{}", rng.next(1000));
        if rng.next(8) != 0 {
            p.metadata.labels.insert("app".into(), "web".into());
        }
        let rev = ["r1", "r2", "r3", ""][rng.next(4) as usize];
        if !rev.is_empty() {
            p.metadata
                .labels
                .insert(super::super::pods::REVISION_LABEL.into(), rev.into());
        }
        match rng.next(6) {
            0 => {}
            1 => p
                .metadata
                .owner_references
                .push(OwnerReference::controller_ref(
                    "apps/v1",
                    "StatefulSet",
                    "other",
                    "other-uid",
                )),
            _ => p
                .metadata
                .owner_references
                .push(OwnerReference::controller_ref(
                    "apps/v1",
                    "StatefulSet",
                    "web",
                    "set-uid",
                )),
        }
        if rng.next(5) == 0 {
            p.metadata.deletion_timestamp = Some(Time(1));
        }
        p.status.phase = match rng.next(6) {
            0 => None,
            1 => Some("Pending".into()),
            2 => Some("Failed".into()),
            _ => Some("Running".into()),
        };
        if rng.next(3) != 0 {
            p.status.conditions = vec![PodCondition {
                type_: "Ready".into(),
                status: if rng.next(4) == 0 { "False" } else { "True" }.into(),
                last_transition_time: Some(Time(rng.next(10))),
                ..Default::default()
            }];
        }
        p
    }

    #[test]
    fn canonical_names_are_pod_names() {
        let ix = SlotIndex::build(&set(3, 0, false), &[]);
        for name in [
            "web-0", "web-7", "web-10", "web-00", "web-07", "web-", "web-1x", "we-1",
        ] {
            let parsed = super::super::pods::parent_and_ordinal(name);
            let expected =
                parsed.is_some_and(|(_, o)| super::super::pods::pod_name("web", o) == name);
            let ord = parsed.map_or(-1, |(_, o)| o);
            assert_eq!(ix.canonical(name, ord), expected, "{name}");
        }
    }

    /// Updating pod by pod gives what a fresh build over the same pods gives.
    #[test]
    fn incremental_updates_equal_a_rebuild() {
        let names: Vec<String> = (0..14)
            .map(|o| format!("web-{o}"))
            .chain(["web-03", "web-x", "db-2"].map(String::from))
            .collect();
        for (seed, (replicas, start, parallel)) in [(6, 0, false), (10, 2, true), (0, 0, false)]
            .into_iter()
            .enumerate()
        {
            let s = set(replicas, start, parallel);
            let mut rng = Lcg(seed as u64 + 1);
            let mut truth: BTreeMap<String, PodFacts> = BTreeMap::new();
            let mut ix = SlotIndex::build(&s, &[]);
            for _ in 0..2_000 {
                let name = &names[rng.next(names.len() as u64) as usize];
                if rng.next(4) == 0 {
                    truth.remove(name);
                    ix.update(name, None);
                } else {
                    let f = PodFacts::of(&s, &pod(&mut rng, name));
                    if rng.next(2) == 0 {
                        ix.update(name, Some(&f));
                    } else {
                        ix.remove(name);
                        ix.add(&f);
                    }
                    truth.insert(name.clone(), f);
                }
                let all: Vec<PodFacts> = truth.values().cloned().collect();
                assert_eq!(ix, SlotIndex::build(&s, &all));
            }
        }
    }
}
