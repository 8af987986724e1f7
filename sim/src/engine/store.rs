//! The simulated API server's storage layer: every write goes through
//! [`Engine::insert`], [`Engine::modify`] or [`Engine::remove_obj`], which
//! bump `resourceVersion`, append a trace `change` record, keep the lookup
//! indices current and wake interested actors (the informers).

use super::events::StoredEvent;
use super::{Engine, Store, Work};
use crate::api::*;
use crate::trace::{ChangeFields, ChangeOp, Record, RecordBody};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Lookup indices, so no actor scans every object per event.
#[derive(Clone, Debug, Default)]
pub(crate) struct Indices {
    /// uid → (kind, name) of every stored object.
    pub uids: super::LookupMap<String, (Kind, String)>,
    /// owner uid → dependents (objects with an owner reference to it).
    pub dependents: BTreeMap<String, BTreeSet<(Kind, String)>>,
    /// Pods with no controller owner reference (adoption candidates, §6.1).
    pub ownerless_pods: BTreeSet<String>,
    /// PVC name → pods whose volumes reference it.
    pub pvc_users: BTreeMap<String, BTreeSet<String>>,
    /// node → pods bound to it.
    pub node_pods: BTreeMap<String, BTreeSet<String>>,
    /// PVCs with at least one owner reference (§11.5 fast path).
    pub owned_pvcs: BTreeSet<String>,
}

/// The index-relevant facts of one object.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct IndexKeys {
    uid: String,
    owners: Vec<String>,
    has_controller: bool,
    pvcs: Vec<String>,
    node: Option<String>,
}

impl IndexKeys {
    /// Equal to `other` but for the node.
    fn differ_only_in_node(&self, other: &IndexKeys) -> bool {
        self.uid == other.uid
            && self.owners == other.owners
            && self.has_controller == other.has_controller
            && self.pvcs == other.pvcs
    }
}

/// A kind the API server stores in a per-kind map of [`Store`].
pub(crate) trait Stored: Clone + PartialEq + Sized {
    const KIND: Kind;
    fn map(s: &Store) -> &BTreeMap<String, Self>;
    fn map_mut(s: &mut Store) -> &mut BTreeMap<String, Self>;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    fn wrap(self) -> Object;
    /// Trace fields; `None` for kinds that are not traced.
    fn fields(&self) -> Option<ChangeFields> {
        None
    }
    fn as_pod(&self) -> Option<&Pod> {
        None
    }
    fn as_pvc(&self) -> Option<&PersistentVolumeClaim> {
        None
    }
    fn index_keys(&self) -> IndexKeys {
        let m = self.meta();
        IndexKeys {
            uid: m.uid.clone(),
            owners: m.owner_references.iter().map(|r| r.uid.clone()).collect(),
            has_controller: m.controller_ref().is_some(),
            pvcs: self
                .as_pod()
                .map(|p| {
                    p.spec
                        .volumes
                        .iter()
                        .filter_map(|v| {
                            v.persistent_volume_claim
                                .as_ref()
                                .map(|c| c.claim_name.clone())
                        })
                        .collect()
                })
                .unwrap_or_default(),
            node: self.as_pod().and_then(|p| p.spec.node_name.clone()),
        }
    }
    /// Whether [`Stored::index_keys`] would equal `k` (without building
    /// the keys: one comparison per field, no allocation).
    fn index_keys_eq(&self, k: &IndexKeys) -> bool {
        let m = self.meta();
        if m.uid != k.uid
            || m.owner_references.len() != k.owners.len()
            || m.owner_references
                .iter()
                .zip(&k.owners)
                .any(|(r, u)| r.uid != *u)
            || m.controller_ref().is_some() != k.has_controller
        {
            return false;
        }
        match self.as_pod() {
            Some(p) => {
                let mut claims = p
                    .spec
                    .volumes
                    .iter()
                    .filter_map(|v| v.persistent_volume_claim.as_ref());
                let mut keyed = k.pvcs.iter();
                loop {
                    match (claims.next(), keyed.next()) {
                        (None, None) => break,
                        (Some(c), Some(n)) if c.claim_name == *n => {}
                        _ => return false,
                    }
                }
                p.spec.node_name == k.node
            }
            None => k.pvcs.is_empty() && k.node.is_none(),
        }
    }
}

macro_rules! stored {
    ($t:ty, $kind:ident, $field:ident) => {
        impl Stored for $t {
            const KIND: Kind = Kind::$kind;
            fn map(s: &Store) -> &BTreeMap<String, Self> {
                &s.$field
            }
            fn map_mut(s: &mut Store) -> &mut BTreeMap<String, Self> {
                &mut s.$field
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn wrap(self) -> Object {
                Object::$kind(self)
            }
            stored!(@extra $kind);
        }
    };
    (@extra Pod) => {
        fn fields(&self) -> Option<ChangeFields> {
            Some(ChangeFields::Pod {
                phase: self.status.phase.clone().unwrap_or_default(),
                ready: self.ready_condition().is_some_and(|c| c.status == "True"),
                terminating: self.metadata.is_terminating(),
                node: self.spec.node_name.clone(),
                revision: self.metadata.labels.get("controller-revision-hash").cloned().unwrap_or_default(),
                uid: self.metadata.uid.clone(),
                restarts: self.restarts(),
            })
        }
        fn as_pod(&self) -> Option<&Pod> {
            Some(self)
        }
    };
    (@extra PersistentVolumeClaim) => {
        fn fields(&self) -> Option<ChangeFields> {
            Some(ChangeFields::PersistentVolumeClaim {
                phase: self.status.phase.clone().unwrap_or_default(),
                volume: self.spec.volume_name.clone(),
                owner_references: self.metadata.owner_references.iter().map(OwnerReference::short).collect(),
            })
        }
        fn as_pvc(&self) -> Option<&PersistentVolumeClaim> {
            Some(self)
        }
    };
    (@extra PersistentVolume) => {
        fn fields(&self) -> Option<ChangeFields> {
            Some(ChangeFields::PersistentVolume {
                phase: self.status.phase.clone().unwrap_or_default(),
                claim: self.spec.claim_ref.as_ref().map(|c| format!("default/{}", c.name)),
                node: self.attached_node.clone(),
            })
        }
    };
    (@extra StatefulSet) => {
        fn fields(&self) -> Option<ChangeFields> {
            Some(ChangeFields::StatefulSet { status: (&self.status).into() })
        }
    };
    (@extra $other:ident) => {};
}

stored!(StatefulSet, StatefulSet, statefulsets);
stored!(Pod, Pod, pods);
stored!(PersistentVolumeClaim, PersistentVolumeClaim, pvcs);
stored!(PersistentVolume, PersistentVolume, pvs);
stored!(Service, Service, services);
stored!(Node, Node, nodes);
stored!(ControllerRevision, ControllerRevision, revisions);
stored!(Deployment, Deployment, deployments);
stored!(ReplicaSet, ReplicaSet, replicasets);
stored!(HorizontalPodAutoscaler, HorizontalPodAutoscaler, hpas);

/// Runs `$body` with `$t` bound to the Rust type of `$kind` (Event excluded:
/// evaluates `$event` for it).
macro_rules! with_kind {
    ($kind:expr, $t:ident => $body:expr, $event:expr) => {
        match $kind {
            Kind::StatefulSet => {
                type $t = StatefulSet;
                $body
            }
            Kind::Pod => {
                type $t = Pod;
                $body
            }
            Kind::PersistentVolumeClaim => {
                type $t = PersistentVolumeClaim;
                $body
            }
            Kind::PersistentVolume => {
                type $t = PersistentVolume;
                $body
            }
            Kind::Service => {
                type $t = Service;
                $body
            }
            Kind::Node => {
                type $t = Node;
                $body
            }
            Kind::ControllerRevision => {
                type $t = ControllerRevision;
                $body
            }
            Kind::Deployment => {
                type $t = Deployment;
                $body
            }
            Kind::ReplicaSet => {
                type $t = ReplicaSet;
                $body
            }
            Kind::HorizontalPodAutoscaler => {
                type $t = HorizontalPodAutoscaler;
                $body
            }
            Kind::Event => $event,
        }
    };
}
pub(crate) use with_kind;

impl Engine {
    /// A fresh uid: a counter scrambled by a bijective mixer and rendered
    /// as a version-4 UUID — unique, deterministic, realistic-looking.
    pub(crate) fn new_uid(&mut self) -> String {
        self.next_uid += 1;
        let mix = |mut z: u64| {
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let a = mix(self.next_uid);
        let b = mix(a ^ 0x5851_F42D_4C95_7F2D);
        // `format!("{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}", …)` without
        // the formatter (one per created object).
        let mut s = String::with_capacity(36);
        push_hex(&mut s, a >> 32, 8);
        s.push('-');
        push_hex(&mut s, (a >> 16) & 0xffff, 4);
        s.push_str("-4");
        push_hex(&mut s, (a >> 4) & 0xfff, 3);
        s.push('-');
        push_hex(&mut s, 8 + (b >> 62), 0);
        push_hex(&mut s, (b >> 48) & 0xfff, 3);
        s.push('-');
        push_hex(&mut s, ((a & 0xf) << 44) | (b & 0x0fff_ffff_ffff), 12);
        s
    }

    fn bump_rv(&mut self) -> String {
        self.next_rv += 1;
        (self.next_rv + 1000).to_string()
    }

    fn record_change<T: Stored>(&mut self, op: ChangeOp, obj: &T) {
        if let Some(r) = change_record(self.now, op, obj) {
            self.records.push(r);
        }
        tap(&mut self.watch_tap, obj);
    }

    /// Stores a new object (uid already assigned): resourceVersion, `added`
    /// record, indices, informers.
    pub(crate) fn insert<T: Stored>(&mut self, mut obj: T) {
        obj.meta_mut().resource_version = self.bump_rv();
        let name = obj.meta().name.clone();
        let keys = obj.index_keys();
        self.record_change(ChangeOp::Added, &obj);
        self.forget_facts(T::KIND, &name);
        self.reindex(T::KIND, &name, None, Some(&keys));
        T::map_mut(&mut self.store).insert(name.clone(), obj);
        self.informers::<T>(&name, None, Some(&keys.owners));
    }

    /// Applies `f` to a copy of the stored object; when anything changed,
    /// stores it with a new resourceVersion and a `modified` record (a no-op
    /// write changes nothing). An object left with a deletionTimestamp and
    /// no finalizers is then removed (pods only once their containers
    /// stopped). Returns whether it changed.
    pub(crate) fn modify<T: Stored>(&mut self, name: &str, f: impl FnOnce(&mut T)) -> bool {
        let Some(old) = T::map(&self.store).get(name) else {
            return false;
        };
        let mut new = old.clone();
        f(&mut new);
        if &new == old {
            return false;
        }
        let old_keys = old.index_keys();
        let was_terminating = old.meta().is_terminating();
        // Replace in place: the key is already stored (no key allocation,
        // no re-insertion); same contents as `insert`.
        if let Some(slot) = T::map_mut(&mut self.store).get_mut(name) {
            *slot = new;
        }
        self.finish_modify::<T>(name, old_keys, was_terminating);
        true
    }

    /// [`Engine::modify`] without the copy: `f` edits the stored object in
    /// place and returns whether it changed anything (it must report every
    /// change; debug builds check it against a copy). For the hot writes of
    /// the scheduler, the volume controller and the kubelet, whose objects
    /// are large (a pod copy is about 45 allocations). Same effects as
    /// `modify`.
    pub(crate) fn modify_in_place<T: Stored>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut T) -> bool,
    ) -> bool {
        let Some(slot) = T::map_mut(&mut self.store).get_mut(name) else {
            return false;
        };
        let old_keys = slot.index_keys();
        let was_terminating = slot.meta().is_terminating();
        #[cfg(debug_assertions)]
        let before = slot.clone();
        let changed = f(slot);
        #[cfg(debug_assertions)]
        assert_eq!(
            changed,
            *slot != before,
            "modify_in_place: the edit of {name} misreported whether it changed the object"
        );
        if !changed {
            return false;
        }
        self.finish_modify::<T>(name, old_keys, was_terminating);
        true
    }

    /// The rest of a write once the changed object is stored: new
    /// resourceVersion, `modified` record, indices, informers, and removal
    /// of an object left terminating without finalizers.
    fn finish_modify<T: Stored>(&mut self, name: &str, old_keys: IndexKeys, was_terminating: bool) {
        let rv = self.bump_rv();
        let Some(slot) = T::map_mut(&mut self.store).get_mut(name) else {
            return;
        };
        slot.meta_mut().resource_version = rv;
        // Most writes leave the index keys alone: build them again only
        // when they changed.
        let new_keys = (!slot.index_keys_eq(&old_keys)).then(|| slot.index_keys());
        let done = slot.meta().is_terminating() && slot.meta().finalizers.is_empty();
        let record = change_record(self.now, ChangeOp::Modified, &*slot);
        if let Some(r) = record {
            self.records.push(r);
        }
        tap(&mut self.watch_tap, &*slot);
        self.forget_facts(T::KIND, name);
        let keys = new_keys.as_ref().unwrap_or(&old_keys);
        if let Some(keys) = &new_keys {
            let uid_indexed = self
                .idx
                .uids
                .get(&keys.uid)
                .is_some_and(|(k, n)| *k == T::KIND && n == name);
            if T::KIND == Kind::Pod && uid_indexed && keys.differ_only_in_node(&old_keys) {
                self.reindex_node(name, old_keys.node.as_deref(), keys.node.as_deref());
            } else {
                self.reindex(T::KIND, name, Some(&old_keys), Some(keys));
            }
        }
        self.informers::<T>(name, Some(&old_keys.owners), Some(&keys.owners));
        if !was_terminating && T::KIND == Kind::Pod {
            if let Some(p) = T::map(&self.store).get(name).and_then(Stored::as_pod) {
                if p.metadata.is_terminating() {
                    let p = p.clone();
                    self.kubelet_on_pod_deleted(&p);
                }
            }
        }
        if done {
            let removable =
                T::KIND != Kind::Pod || self.runtime.get(name).is_none_or(|r| r.stopped);
            if removable {
                self.remove_obj::<T>(name);
            }
        }
    }

    /// [`Engine::modify`] of a pod's status alone (the kubelet's writes):
    /// `f` gets the spec to read and the stored status to edit in place, and
    /// returns whether it changed anything (checked against a copy in debug
    /// builds), so nothing is copied. Same effects as `modify` with a
    /// closure that only edits `status`: a status write leaves the index
    /// keys (uid, owners, claims, node) and the deletionTimestamp as they
    /// were. Returns whether it changed.
    pub(crate) fn modify_pod_status(
        &mut self,
        name: &str,
        f: impl FnOnce(&PodSpec, &mut PodStatus) -> bool,
    ) -> bool {
        let Some(slot) = self.store.pods.get_mut(name) else {
            return false;
        };
        #[cfg(debug_assertions)]
        let before = slot.status.clone();
        let changed = f(&slot.spec, &mut slot.status);
        #[cfg(debug_assertions)]
        assert_eq!(
            changed,
            slot.status != before,
            "modify_pod_status: the edit of {name} misreported whether it changed the status"
        );
        if !changed {
            return false;
        }
        let rv = self.bump_rv();
        let Some(slot) = self.store.pods.get_mut(name) else {
            return false;
        };
        slot.metadata.resource_version = rv;
        // The informers read only the owners of the (unchanged) index keys.
        let owners: Vec<String> = slot
            .metadata
            .owner_references
            .iter()
            .map(|r| r.uid.clone())
            .collect();
        let done = slot.metadata.is_terminating() && slot.metadata.finalizers.is_empty();
        if let Some(r) = change_record(self.now, ChangeOp::Modified, &*slot) {
            self.records.push(r);
        }
        tap(&mut self.watch_tap, &*slot);
        self.forget_facts(Kind::Pod, name);
        self.informers::<Pod>(name, Some(&owners), Some(&owners));
        if done && self.runtime.get(name).is_none_or(|r| r.stopped) {
            self.remove_obj::<Pod>(name);
        }
        true
    }

    /// Removes an object from storage: `deleted` record, indices,
    /// informers, garbage collection of its dependents.
    pub(crate) fn remove_obj<T: Stored>(&mut self, name: &str) -> Option<T> {
        let obj = T::map_mut(&mut self.store).remove(name)?;
        let keys = obj.index_keys();
        self.record_change(ChangeOp::Deleted, &obj);
        self.forget_facts(T::KIND, name);
        if T::KIND == Kind::StatefulSet {
            self.pod_facts.remove(&keys.uid);
        }
        self.reindex(T::KIND, name, Some(&keys), None);
        self.informers::<T>(name, Some(&keys.owners), None);
        // §11.5 / §17: dependents of a vanished owner go to the GC.
        if self
            .idx
            .dependents
            .get(&keys.uid)
            .is_some_and(|d| !d.is_empty())
        {
            self.enqueue(self.now, Work::Gc(keys.uid.clone()));
        }
        match T::KIND {
            Kind::Pod => {
                if let Some(p) = obj.as_pod() {
                    let p = p.clone();
                    self.pod_removed(&p);
                }
            }
            Kind::PersistentVolumeClaim => {
                if let Some(pvc) = obj.as_pvc() {
                    let pvc = pvc.clone();
                    self.volume_pvc_removed(&pvc);
                }
            }
            Kind::PersistentVolume => {
                self.files.remove(&format!("pv/{name}"));
            }
            Kind::StatefulSet => {
                self.explanations.remove(name);
            }
            _ => {}
        }
        Some(obj)
    }

    /// Marks a written pod dirty in the StatefulSet controller's facts caches.
    fn forget_facts(&mut self, kind: Kind, name: &str) {
        if kind == Kind::Pod {
            for c in self.pod_facts.values_mut() {
                // (No key allocation for a pod already marked.)
                if c.filled && !c.dirty.contains(name) {
                    c.dirty.insert(name.to_string());
                }
            }
        }
    }

    /// Moves a pod in `node_pods` from `old` to `new` (an emptied node entry
    /// stays). Part of [`Engine::reindex`], and all of it for a pod whose
    /// keys changed in the node alone (the other indices would be removed
    /// and re-added unchanged).
    fn reindex_node(&mut self, name: &str, old: Option<&str>, new: Option<&str>) {
        if let Some(n) = old {
            if let Some(s) = self.idx.node_pods.get_mut(n) {
                s.remove(name);
            }
        }
        if let Some(node) = new {
            match self.idx.node_pods.get_mut(node) {
                Some(s) => {
                    s.insert(name.to_string());
                }
                None => {
                    self.idx
                        .node_pods
                        .insert(node.to_string(), [name.to_string()].into());
                }
            }
        }
    }

    fn reindex(
        &mut self,
        kind: Kind,
        name: &str,
        old: Option<&IndexKeys>,
        new: Option<&IndexKeys>,
    ) {
        let key = (kind, name.to_string());
        if let Some(o) = old {
            if self
                .idx
                .uids
                .get(&o.uid)
                .is_some_and(|(k, n)| *k == kind && n == name)
            {
                self.idx.uids.remove(&o.uid);
            }
            for u in &o.owners {
                if let Some(set) = self.idx.dependents.get_mut(u) {
                    set.remove(&key);
                    if set.is_empty() {
                        self.idx.dependents.remove(u);
                    }
                }
            }
            if kind == Kind::PersistentVolumeClaim {
                self.idx.owned_pvcs.remove(name);
            }
            if kind == Kind::Pod {
                self.idx.ownerless_pods.remove(name);
                for c in &o.pvcs {
                    if let Some(s) = self.idx.pvc_users.get_mut(c) {
                        s.remove(name);
                        if s.is_empty() {
                            self.idx.pvc_users.remove(c);
                        }
                    }
                }
            }
        }
        if let Some(n) = new {
            self.idx.uids.insert(n.uid.clone(), key.clone());
            for u in &n.owners {
                self.idx
                    .dependents
                    .entry(u.clone())
                    .or_default()
                    .insert(key.clone());
            }
            if kind == Kind::PersistentVolumeClaim && !n.owners.is_empty() {
                self.idx.owned_pvcs.insert(name.to_string());
            }
            if kind == Kind::Pod {
                if !n.has_controller {
                    self.idx.ownerless_pods.insert(name.to_string());
                }
                for c in &n.pvcs {
                    self.idx
                        .pvc_users
                        .entry(c.clone())
                        .or_default()
                        .insert(name.to_string());
                }
            }
        }
        if kind == Kind::Pod {
            self.reindex_node(
                name,
                old.and_then(|o| o.node.as_deref()),
                new.and_then(|n| n.node.as_deref()),
            );
        }
    }

    /// The informers: who wakes up when an object of kind `T` changes
    /// (`old` / `new`: the owner uids of its index keys before / after).
    fn informers<T: Stored>(&mut self, name: &str, old: Option<&[String]>, new: Option<&[String]>) {
        // Deployment / ReplicaSet controllers (control/deployment.rs,
        // replicaset.rs): only kinds they watch, and only while they have
        // something to wake.
        let watched = match T::KIND {
            Kind::Deployment => true,
            Kind::ReplicaSet => true,
            Kind::Pod => !self.store.replicasets.is_empty(),
            _ => false,
        };
        if watched {
            let owners: Vec<&String> = [old, new].into_iter().flatten().flatten().collect();
            self.workload_informer(T::KIND, name, &owners);
        }
        // HorizontalPodAutoscalers whose scale target changed (control/hpa.rs).
        self.hpa_informer(T::KIND, name);
        match T::KIND {
            Kind::StatefulSet if self.quiet_set.as_deref() != Some(name) && new.is_some() => {
                self.wake_set(name);
            }
            Kind::Pod => {
                // Wake the controlling set(s) of the old and new state, and
                // sets that may adopt an ownerless pod (§6.1).
                // (A small Vec: usually one set, woken in name order.)
                let mut sets: Vec<String> = Vec::new();
                // Old and new owners are usually the same: look each up once.
                let new_owners = new.filter(|n| Some(*n) != old);
                for k in [old, new_owners].into_iter().flatten() {
                    for u in k {
                        if let Some((Kind::StatefulSet, s)) = self.idx.uids.get(u) {
                            sets.push(s.clone());
                        }
                    }
                }
                let pod = T::map(&self.store).get(name).and_then(Stored::as_pod);
                if let Some(p) = pod {
                    if p.metadata.controller_ref().is_none() {
                        for (sname, set) in &self.store.statefulsets {
                            if set
                                .spec
                                .selector
                                .as_ref()
                                .is_some_and(|s| !s.is_empty() && s.matches(&p.metadata.labels))
                            {
                                sets.push(sname.clone());
                            }
                        }
                    }
                }
                sets.sort_unstable();
                sets.dedup();
                for s in sets {
                    self.wake_set(&s);
                }
            }
            Kind::PersistentVolumeClaim => {
                // Wake the set owning the pods that use it, and the set
                // owning the claim itself.
                let mut sets = BTreeSet::new();
                if let Some(users) = self.idx.pvc_users.get(name) {
                    for p in users {
                        if let Some(r) = self
                            .store
                            .pods
                            .get(p)
                            .and_then(|p| p.metadata.controller_ref())
                        {
                            if r.kind == "StatefulSet" {
                                sets.insert(r.name.clone());
                            }
                        }
                    }
                }
                for k in [old, new].into_iter().flatten() {
                    for u in k {
                        if let Some((Kind::StatefulSet, s)) = self.idx.uids.get(u) {
                            sets.insert(s.clone());
                        }
                    }
                }
                // Sets whose claim names (`<template>-<set>-<ordinal>`, §11.1)
                // match: a stale or deleted claim may unblock them (§11.3, §11.8).
                for (sname, set) in &self.store.statefulsets {
                    let matches = set.spec.volume_claim_templates.iter().any(|t| {
                        name.strip_prefix(t.metadata.name.as_str())
                            .and_then(|r| r.strip_prefix('-'))
                            .and_then(|r| r.strip_prefix(sname.as_str()))
                            .and_then(|r| r.strip_prefix('-'))
                            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| b.is_ascii_digit()))
                    });
                    if matches {
                        sets.insert(sname.clone());
                    }
                }
                for s in sets {
                    if self.store.statefulsets.contains_key(&s) {
                        self.wake_set(&s);
                    }
                }
                self.scheduler_on_pvc_change(name);
            }
            _ => {}
        }
        // Owners waiting in foreground/orphan deletion re-check when a
        // dependent disappears or drops its reference.
        if let Some(o) = old {
            let dropped: Vec<&String> = o
                .iter()
                .filter(|u| new.is_none_or(|n| !n.contains(u)))
                .collect();
            for u in dropped {
                if let Some((k, n)) = self.idx.uids.get(u).cloned() {
                    if self
                        .meta_of(k, &n)
                        .is_some_and(|m| m.is_terminating() && !m.finalizers.is_empty())
                    {
                        self.enqueue(self.now, Work::OwnerFinalizers(k, n));
                    }
                }
            }
        }
        // Dangling owner references go to the GC (§11.5).
        if let Some(n) = new {
            if n.iter().any(|u| !self.idx.uids.contains_key(u)) {
                self.enqueue(self.now, Work::GcObject(T::KIND, name.to_string()));
            }
        }
    }

    /// Metadata of any stored object.
    pub(crate) fn meta_of(&self, kind: Kind, name: &str) -> Option<&ObjectMeta> {
        with_kind!(kind, T => T::map(&self.store).get(name).map(Stored::meta), None)
    }

    /// Edits the metadata of any stored object through [`Engine::modify`].
    pub(crate) fn modify_meta(
        &mut self,
        kind: Kind,
        name: &str,
        f: impl FnOnce(&mut ObjectMeta),
    ) -> bool {
        with_kind!(kind, T => self.modify::<T>(name, |o| f(o.meta_mut())), false)
    }

    /// Records a Kubernetes Event in the store and the trace (§16). The
    /// store keeps it compact ([`StoredEvent`]); the API object is built
    /// when read.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn event(
        &mut self,
        kind: Kind,
        name: &str,
        type_: &'static str,
        reason: impl Into<Cow<'static, str>>,
        message: String,
        source: &'static str,
        host: Option<&str>,
    ) {
        self.next_event += 1;
        let reason = reason.into();
        let object_uid = self
            .meta_of(kind, name)
            .map(|m| m.uid.clone())
            .unwrap_or_default();
        self.next_rv += 1;
        let resource_version = self.next_rv + 1000;
        self.records.push(Record {
            t: self.now,
            body: RecordBody::Event {
                type_: Cow::Borrowed(type_),
                reason: reason.clone(),
                object: kind_slash_name(kind, name),
                source: Cow::Borrowed(source),
                message: message.clone(),
            },
        });
        self.store.events.push(StoredEvent {
            seq: self.next_event,
            time: self.now,
            resource_version,
            kind,
            object: name.to_string(),
            object_uid,
            type_,
            reason,
            message,
            source,
            host: host.map(str::to_string),
        });
    }
}

/// The trace's `Change` record of `obj` (none for kinds the trace omits).
fn change_record<T: Stored>(t: Millis, op: ChangeOp, obj: &T) -> Option<Record> {
    let fields = obj.fields()?;
    let object = kind_slash_name(T::KIND, &obj.meta().name);
    Some(Record {
        t,
        body: RecordBody::Change { op, object, fields },
    })
}

/// `Kind/name` (what `format!("{}/{name}", kind.as_str())` prints).
pub(crate) fn kind_slash_name(kind: Kind, name: &str) -> String {
    let kind = kind.as_str();
    let mut s = String::with_capacity(kind.len() + 1 + name.len());
    s.push_str(kind);
    s.push('/');
    s.push_str(name);
    s
}

/// `format!("{s:?}")`: printable ASCII without quotes or backslashes is
/// only wrapped in quotes (what Debug prints for it); anything else goes
/// through the formatter.
pub(crate) fn debug_quoted(s: &str) -> String {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        out
    } else {
        format!("{s:?}")
    }
}

/// Appends `v` in lowercase hex, zero-padded to at least `width` digits
/// (exactly what `{:0width$x}` prints).
pub(crate) fn push_hex(s: &mut String, v: u64, width: usize) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    let mut x = v;
    loop {
        i -= 1;
        buf[i] = DIGITS[(x & 0xf) as usize];
        x >>= 4;
        if x == 0 {
            break;
        }
    }
    let digits = buf.len() - i;
    for _ in digits..width {
        s.push('0');
    }
    for &b in &buf[i..] {
        s.push(char::from(b));
    }
}

/// Hands a write of `obj` to a running `kubectl get -w` of its kind (the
/// engine's `watch_tap`; a free function so a caller can pass the tap
/// beside a borrowed store slot).
#[inline]
fn tap<T: Stored>(watch_tap: &mut Option<(Kind, Vec<Object>)>, obj: &T) {
    if let Some((kind, seen)) = watch_tap {
        if *kind == T::KIND {
            seen.push(obj.clone().wrap());
        }
    }
}

#[cfg(test)]
mod push_hex_tests {
    use super::push_hex;

    #[test]
    fn debug_quoted_matches_the_formatter() {
        for s in [
            "",
            "nginx:1",
            "registry.k8s.io/nginx-slim:0.24",
            "a\"b",
            "c\\d",
            "tab\t",
            "é",
            "\u{301}x",
            "'q'",
            "~ ^",
        ] {
            assert_eq!(super::debug_quoted(s), format!("{s:?}"));
        }
    }

    #[test]
    fn push_hex_matches_the_formatter() {
        for v in [
            0u64,
            1,
            0xf,
            0x10,
            0xabc,
            0x1870_0000_0000_0001,
            u64::MAX,
            1 << 40,
        ] {
            for width in [0usize, 1, 7, 12, 16, 20] {
                let mut s = String::new();
                push_hex(&mut s, v, width);
                assert_eq!(s, format!("{v:0width$x}"));
            }
        }
    }
}
