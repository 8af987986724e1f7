//! The StatefulSet controller's API client over the engine's store, and
//! the reconcile driver (§6): the controller reads through listers and
//! writes through the simulated API server like any other actor.

use super::Engine;
use crate::api::*;
use crate::control::statefulset::index::{IndexKey, SlotIndex};
use crate::control::statefulset::view::{revision_label, PodFacts};
use crate::control::statefulset::{self, StatefulSetClient};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The claiming facts ([`PodFacts`]) of one set's candidate pods (see
/// [`candidates`]), in name order. The store marks a pod dirty when it
/// changes; the next reconcile re-derives only the dirty pods, so a
/// reconcile of a large set pays O(changed pods · log n) here, not O(n)
/// derivations. Valid while the set's identity, selector and claim
/// templates are the ones recorded in `key`.
#[derive(Clone, Debug, Default)]
pub(crate) struct FactsCache {
    key: Option<(
        String,
        String,
        Option<LabelSelector>,
        Vec<PersistentVolumeClaim>,
    )>,
    entries: Arc<Vec<PodFacts>>,
    /// Pods written since `entries` was brought up to date.
    pub dirty: BTreeSet<String>,
    /// `entries` holds every candidate (else it is rebuilt from scratch).
    pub filled: bool,
    /// Recently seen revision names, so that pods of one revision share
    /// one allocation (cheap comparisons, see `RevisionIs`).
    revisions: Vec<Arc<str>>,
    /// The set's [`SlotIndex`] over `entries` as they were at its last
    /// update; `index_dirty` names the pods re-derived since.
    index: Option<Arc<SlotIndex>>,
    index_dirty: BTreeSet<String>,
}

impl FactsCache {
    /// Forgets everything unless the cache was filled for `set`'s inputs.
    fn validate(&mut self, set: &StatefulSet) {
        let same = self.key.as_ref().is_some_and(|(n, ns, sel, t)| {
            *n == set.metadata.name
                && *ns == set.metadata.namespace
                && *sel == set.spec.selector
                && *t == set.spec.volume_claim_templates
        });
        if !same {
            self.filled = false;
            self.index = None;
            self.key = Some((
                set.metadata.name.clone(),
                set.metadata.namespace.clone(),
                set.spec.selector.clone(),
                set.spec.volume_claim_templates.clone(),
            ));
        }
    }
}

impl FactsCache {
    /// [`PodFacts::of`], with the revision text shared with earlier pods.
    fn facts(&mut self, set: &StatefulSet, pod: &Pod) -> PodFacts {
        let label = revision_label(pod);
        let revision = match self.revisions.iter().find(|r| ***r == *label) {
            Some(r) => Arc::clone(r),
            None => {
                let r: Arc<str> = Arc::from(label);
                if self.revisions.len() >= 16 {
                    self.revisions.remove(0);
                }
                self.revisions.push(Arc::clone(&r));
                r
            }
        };
        PodFacts::with_revision(set, pod, revision)
    }
}

/// Whether [`candidates`] lists `p` for the set with `set_uid`.
fn is_candidate(p: &Pod, set_uid: &str, selector: Option<&LabelSelector>) -> bool {
    p.metadata.owner_references.iter().any(|r| r.uid == set_uid)
        || (p.metadata.controller_ref().is_none()
            && selector.is_some_and(|s| !s.is_empty() && s.matches(&p.metadata.labels)))
}

/// The pods a set's controller can claim (§6.1), in name order: those with
/// an owner reference to it plus ownerless pods its selector matches.
fn candidates<'a>(
    e: &'a Engine,
    set_uid: &str,
    selector: Option<&LabelSelector>,
) -> Vec<&'a String> {
    let mut names: Vec<&String> = Vec::new();
    if let Some(deps) = e.idx.dependents.get(set_uid) {
        names.extend(deps.iter().filter(|(k, _)| *k == Kind::Pod).map(|(_, n)| n));
    }
    if let Some(sel) = selector.filter(|s| !s.is_empty()) {
        let before = names.len();
        for n in &e.idx.ownerless_pods {
            if e.store
                .pods
                .get(n)
                .is_some_and(|p| sel.matches(&p.metadata.labels))
            {
                names.push(n);
            }
        }
        if names.len() > before {
            names.sort();
            names.dedup();
        }
    }
    names
}

/// [`StatefulSetClient`] for one reconcile of one set.
struct Client<'a> {
    eng: &'a mut Engine,
    set: String,
    set_uid: String,
    selector: Option<LabelSelector>,
}

impl StatefulSetClient for Client<'_> {
    fn now(&self) -> Time {
        Time(self.eng.now)
    }

    /// The pods the controller can claim (§6.1): those it controls plus
    /// ownerless pods its selector matches. Pods controlled by anything
    /// else are invisible to it, as after upstream's claim filtering.
    fn list_pods(&self) -> Vec<Pod> {
        let mut out = Vec::new();
        self.for_each_pod(&mut |p| out.push(p.clone()));
        out
    }

    /// [`Self::list_pods`] without copies: visits the candidates in name
    /// order straight from the store and its indices.
    fn for_each_pod(&self, f: &mut dyn FnMut(&Pod)) {
        let e = &*self.eng;
        for n in candidates(e, &self.set_uid, self.selector.as_ref()) {
            if let Some(p) = e.store.pods.get(n) {
                f(p);
            }
        }
    }

    /// [`Self::for_each_pod`] as facts, from the engine's cache: only pods
    /// written since the last reconcile are looked up and re-derived. The
    /// array is shared with the cache (copied on the next write only while
    /// a reconcile still holds it).
    fn pod_facts(&mut self, set: &StatefulSet) -> Arc<Vec<PodFacts>> {
        let mut cache = self
            .eng
            .pod_facts
            .remove(&set.metadata.uid)
            .unwrap_or_default();
        cache.validate(set);
        let e = &*self.eng;
        let selector = self.selector.as_ref();
        if cache.filled {
            let dirty = std::mem::take(&mut cache.dirty);
            if !dirty.is_empty() {
                let mut entries = std::mem::take(&mut cache.entries);
                let list = Arc::make_mut(&mut entries);
                for name in &dirty {
                    let pos = list.binary_search_by(|f| f.view.name.as_str().cmp(name.as_str()));
                    let facts = e
                        .store
                        .pods
                        .get(name)
                        .filter(|p| is_candidate(p, &self.set_uid, selector))
                        .map(|p| cache.facts(set, p));
                    match (pos, facts) {
                        (Ok(i), Some(x)) => list[i] = x,
                        (Ok(i), None) => {
                            list.remove(i);
                        }
                        (Err(i), Some(x)) => list.insert(i, x),
                        (Err(_), None) => {}
                    }
                }
                cache.entries = entries;
                // The index catches up with these pods when next asked
                // (without an index there is nothing to catch up: the
                // next `slot_index` builds one from the facts).
                if cache.index.is_some() {
                    if cache.index_dirty.is_empty() {
                        cache.index_dirty = dirty;
                    } else {
                        cache.index_dirty.extend(dirty);
                    }
                }
            }
        } else {
            let mut entries = Vec::new();
            for n in candidates(e, &self.set_uid, selector) {
                if let Some(p) = e.store.pods.get(n) {
                    entries.push(cache.facts(set, p));
                }
            }
            cache.entries = Arc::new(entries);
            cache.dirty.clear();
            cache.filled = true;
            cache.index = None;
            cache.index_dirty.clear();
        }
        let out = Arc::clone(&cache.entries);
        self.eng.pod_facts.insert(set.metadata.uid.clone(), cache);
        out
    }

    /// The index kept in the set's facts cache, brought up to date with
    /// the pods re-derived since its last use: O(changed pods · log n).
    /// Rebuilt (O(n)) when the set's shape ([`IndexKey`]) changed or the
    /// facts were rebuilt.
    fn slot_index(&mut self, set: &StatefulSet, facts: &[PodFacts]) -> Option<Arc<SlotIndex>> {
        if !self.eng.config.incremental_reconcile {
            return None;
        }
        let Some(cache) = self.eng.pod_facts.get_mut(&set.metadata.uid) else {
            return Some(Arc::new(SlotIndex::build(set, facts)));
        };
        let key = IndexKey::of(set);
        let dirty = std::mem::take(&mut cache.index_dirty);
        let ix = match cache.index.take() {
            Some(mut ix) if ix.key == key => {
                let m = Arc::make_mut(&mut ix);
                for name in &dirty {
                    let now = facts
                        .binary_search_by(|f| f.view.name.as_str().cmp(name))
                        .ok()
                        .and_then(|i| facts.get(i));
                    m.update(name, now);
                }
                // Native debug builds (the tests) check every update of a
                // small set against a rebuild (a large one would make a debug
                // `stsplay` quadratic); release and WebAssembly builds do not.
                #[cfg(all(debug_assertions, not(target_arch = "wasm32")))]
                if facts.len() <= 256 {
                    assert!(*ix == SlotIndex::build(set, facts), "slot index drifted");
                }
                ix
            }
            _ => Arc::new(SlotIndex::build(set, facts)),
        };
        cache.index = Some(Arc::clone(&ix));
        Some(ix)
    }

    fn no_claim_has_owners(&self) -> bool {
        self.eng.idx.owned_pvcs.is_empty()
    }

    fn get_pod(&self, name: &str) -> Option<Pod> {
        let p = self.eng.store.pods.get(name)?;
        let mine = match p.metadata.controller_ref() {
            Some(r) => r.uid == self.set_uid,
            None => self
                .selector
                .as_ref()
                .is_some_and(|s| !s.is_empty() && s.matches(&p.metadata.labels)),
        };
        mine.then(|| p.clone())
    }

    fn get_pvc(&self, name: &str) -> Option<PersistentVolumeClaim> {
        self.eng.store.pvcs.get(name).cloned()
    }

    fn with_pvc(&self, name: &str, f: &mut dyn FnMut(&PersistentVolumeClaim)) {
        if let Some(c) = self.eng.store.pvcs.get(name) {
            f(c);
        }
    }

    fn list_revisions(&self) -> Vec<ControllerRevision> {
        self.eng.store.revisions.values().cloned().collect()
    }

    fn create_pvc(&mut self, pvc: PersistentVolumeClaim) -> Result<(), ApiError> {
        self.eng
            .create_inner(Object::PersistentVolumeClaim(pvc))
            .map(|_| ())
    }

    fn update_pvc(&mut self, pvc: PersistentVolumeClaim) -> Result<(), ApiError> {
        self.eng
            .update_object(Object::PersistentVolumeClaim(pvc), true)
            .map(|_| ())
    }

    fn create_pod(&mut self, pod: Pod) -> Result<(), ApiError> {
        self.eng.create_inner(Object::Pod(pod)).map(|_| ())
    }

    fn update_pod(&mut self, pod: Pod) -> Result<(), ApiError> {
        self.eng.update_object(Object::Pod(pod), true).map(|_| ())
    }

    fn delete_pod(&mut self, name: &str) -> Result<(), ApiError> {
        self.eng.delete_pod(name, None, false)
    }

    fn create_revision(&mut self, rev: ControllerRevision) -> Result<ControllerRevision, ApiError> {
        match self.eng.create_object(Object::ControllerRevision(rev))? {
            Object::ControllerRevision(r) => Ok(r),
            _ => Err(ApiError::BadRequest("unexpected object kind".into())),
        }
    }

    fn update_revision(&mut self, rev: ControllerRevision) -> Result<(), ApiError> {
        self.eng
            .update_object(Object::ControllerRevision(rev), true)
            .map(|_| ())
    }

    fn delete_revision(&mut self, name: &str) -> Result<(), ApiError> {
        if self.eng.store.revisions.contains_key(name) {
            self.eng.remove_obj::<ControllerRevision>(name);
            Ok(())
        } else {
            Err(ApiError::NotFound {
                kind: Kind::ControllerRevision,
                name: name.to_string(),
            })
        }
    }

    fn update_status(&mut self, set: &str, status: StatefulSetStatus) -> Result<(), ApiError> {
        if !self.eng.store.statefulsets.contains_key(set) {
            return Err(ApiError::NotFound {
                kind: Kind::StatefulSet,
                name: set.to_string(),
            });
        }
        // The controller's own status write does not re-trigger it.
        self.eng.quiet_set = Some(set.to_string());
        self.eng.modify::<StatefulSet>(set, |s| s.status = status);
        self.eng.quiet_set = None;
        Ok(())
    }

    fn record_event(
        &mut self,
        set: &str,
        type_: &'static str,
        reason: Cow<'static, str>,
        message: String,
    ) {
        self.eng.event(
            Kind::StatefulSet,
            set,
            type_,
            reason,
            message,
            "statefulset-controller",
            None,
        );
    }

    fn requeue_after(&mut self, set: &str, after: Millis) {
        let at = self.eng.now.saturating_add(after);
        self.eng.enqueue_reconcile(set, at);
    }
}

impl Engine {
    /// One reconcile of `set` (§6); keeps its explanations for the UI.
    pub(crate) fn reconcile(&mut self, set: &str) {
        let Some(s) = self.store.statefulsets.get(set).cloned() else {
            return;
        };
        let mut client = Client {
            eng: self,
            set: set.to_string(),
            set_uid: s.metadata.uid.clone(),
            selector: s.spec.selector.clone(),
        };
        let ex = statefulset::sync(&s, &mut client);
        let name = client.set.clone();
        if self.store.statefulsets.contains_key(&name) {
            self.explanations.insert(name, ex);
        }
    }
}
