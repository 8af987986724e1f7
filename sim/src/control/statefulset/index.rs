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

use super::pods::{self, parent_and_ordinal};
use super::view::{Brief, Control, PodFacts, PodView};
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

    /// Revision labels of every owned pod (slots and condemned).
    pub fn revisions(&self) -> impl Iterator<Item = &str> {
        self.by_revision
            .keys()
            .map(String::as_str)
            .chain(self.condemned.values().map(|p| &*p.revision))
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
            self.condemned.remove(&ord);
        }
    }

    /// Indexes the candidate `f` (after [`Self::remove`] of the same name).
    /// Classifies it as `Reconcile::claim_pods` does for a set that is not
    /// being deleted (§6.1).
    pub fn add(&mut self, f: &PodFacts) {
        if !f.same_namespace {
            return;
        }
        let name = &f.view.name;
        match f.control {
            Control::Set if f.matches => {}
            Control::Set => {
                self.claim_work.insert(name.clone());
                return;
            }
            Control::None if f.matches && !f.view.terminating => {
                self.claim_work.insert(name.clone());
                return;
            }
            _ => return,
        }
        let ord = f.view.ordinal;
        if ord < 0 || *name != pods::pod_name(&self.key.name, ord) {
            self.irregular.insert(name.clone());
            return;
        }
        match self.slot_of(ord) {
            Some(k) => self.put(k, Some(f.view.clone())),
            None => {
                self.condemned.insert(ord, f.view.clone());
            }
        }
    }

    fn slot_of(&self, ord: i32) -> Option<usize> {
        let k = (ord as i64).checked_sub(self.key.start as i64)?;
        (k >= 0 && (k as u64) < self.slots.len() as u64).then_some(k as usize)
    }

    /// Replaces the pod of slot `k`, moving the slot's contribution.
    fn put(&mut self, k: usize, pod: Option<PodView>) {
        if let Some(old) = self.slots.get_mut(k).and_then(Option::take) {
            self.contribute(k, &old, -1);
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
            self.contribute(k, &p, 1);
            if let Some(s) = self.slots.get_mut(k) {
                *s = Some(p);
            }
        }
    }

    /// Adds (`sign` 1) or takes away (−1) what the pod of slot `k` counts.
    fn contribute(&mut self, k: usize, p: &PodView, sign: i32) {
        let b = Brief::of(p, false, false);
        let c = &mut self.counts;
        let created = b.is_created();
        c.replicas += sign * i32::from(created);
        if b.is_running_and_ready() {
            c.ready_replicas += sign;
            c.available_replicas += sign * i32::from(b.is_available(0, Time(0)));
        }
        let rev: &str = &p.revision;
        if created && !b.terminating() {
            let v = self.live_by_revision.entry(rev.to_string()).or_insert(0);
            *v += sign;
            if *v == 0 {
                self.live_by_revision.remove(rev);
            }
        }
        if sign > 0 {
            self.by_revision
                .entry(rev.to_string())
                .or_default()
                .insert(k);
        } else if let Some(s) = self.by_revision.get_mut(rev) {
            s.remove(&k);
            if s.is_empty() {
                self.by_revision.remove(rev);
            }
        }
    }
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
                ix.remove(name);
                if rng.next(4) == 0 {
                    truth.remove(name);
                } else {
                    let f = PodFacts::of(&s, &pod(&mut rng, name));
                    ix.add(&f);
                    truth.insert(name.clone(), f);
                }
                let all: Vec<PodFacts> = truth.values().cloned().collect();
                assert_eq!(ix, SlotIndex::build(&s, &all));
            }
        }
    }
}
