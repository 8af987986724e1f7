//! The StatefulSet controller's view of the API server — the simulation's
//! counterpart of upstream's `StatefulPodControl` + listers. The engine
//! implements it over its object store; unit tests implement it with a fake.
//! Every write goes through the simulated API server, which validates it,
//! records a trace `change`, and wakes interested actors (informers).

use super::index::SlotIndex;
use super::view::PodFacts;
use crate::api::{
    ApiError, ControllerRevision, Millis, PersistentVolumeClaim, Pod, StatefulSet,
    StatefulSetStatus, Time,
};
use std::borrow::Cow;
use std::sync::Arc;

pub trait StatefulSetClient {
    /// Current virtual time (for availability, §5.3).
    fn now(&self) -> Time;
    /// Every pod in the namespace (the controller claims/filters, §6.1).
    fn list_pods(&self) -> Vec<Pod>;
    /// A PVC by name.
    fn get_pvc(&self, name: &str) -> Option<PersistentVolumeClaim>;
    /// Every ControllerRevision in the namespace.
    fn list_revisions(&self) -> Vec<ControllerRevision>;

    fn create_pvc(&mut self, pvc: PersistentVolumeClaim) -> Result<(), ApiError>;
    fn update_pvc(&mut self, pvc: PersistentVolumeClaim) -> Result<(), ApiError>;
    /// Creates a pod; the API server assigns uid and phase `Pending`.
    fn create_pod(&mut self, pod: Pod) -> Result<(), ApiError>;
    /// Replaces a pod's metadata/spec (identity repair, adoption, release).
    fn update_pod(&mut self, pod: Pod) -> Result<(), ApiError>;
    /// Graceful delete with the pod's own grace period (§19.2).
    fn delete_pod(&mut self, name: &str) -> Result<(), ApiError>;
    fn create_revision(&mut self, rev: ControllerRevision) -> Result<ControllerRevision, ApiError>;
    fn update_revision(&mut self, rev: ControllerRevision) -> Result<(), ApiError>;
    fn delete_revision(&mut self, name: &str) -> Result<(), ApiError>;
    /// Writes `status` of the set (status subresource).
    fn update_status(&mut self, set: &str, status: StatefulSetStatus) -> Result<(), ApiError>;
    /// Records an Event on the StatefulSet from `statefulset-controller` (§16).
    fn record_event(
        &mut self,
        set: &str,
        type_: &'static str,
        reason: Cow<'static, str>,
        message: String,
    );
    /// Asks for another reconcile of `set` after `after` ms (§6 requeues).
    fn requeue_after(&mut self, set: &str, after: Millis);

    /// Calls `f` with every pod [`list_pods`](Self::list_pods) would return,
    /// without copying them (a reconcile reads every pod of its set, so
    /// implementations over a large store should override this).
    fn for_each_pod(&self, f: &mut dyn FnMut(&Pod)) {
        for p in self.list_pods() {
            f(&p);
        }
    }

    /// Calls `f` with the PVC `name`, if it exists, without copying it.
    fn with_pvc(&self, name: &str, f: &mut dyn FnMut(&PersistentVolumeClaim)) {
        if let Some(p) = self.get_pvc(name) {
            f(&p);
        }
    }

    /// One pod by name, for writes that need the whole object.
    fn get_pod(&self, name: &str) -> Option<Pod> {
        self.list_pods()
            .into_iter()
            .find(|p| p.metadata.name == name)
    }

    /// [`PodFacts::of`]`(set, pod)` for every pod
    /// [`for_each_pod`](Self::for_each_pod) visits, in the same order, as one
    /// shared array (a reconcile borrows it instead of copying per pod).
    /// Implementations may return facts kept from an earlier call while
    /// neither the pod nor the set (uid, generation) changed.
    fn pod_facts(&mut self, set: &StatefulSet) -> Arc<Vec<PodFacts>> {
        let mut out = Vec::new();
        self.for_each_pod(&mut |p| out.push(PodFacts::of(set, p)));
        Arc::new(out)
    }

    /// The [`SlotIndex`] of `set` over `facts`, the array
    /// [`pod_facts`](Self::pod_facts) just returned (no write in between).
    /// Implementations may keep it between calls and update it from the
    /// pods changed since; it must equal `SlotIndex::build(set, facts)`.
    /// `None` turns the incremental path off (every reconcile then takes
    /// the full path, which decides the same; see `Config::incremental_reconcile`).
    fn slot_index(&mut self, set: &StatefulSet, facts: &[PodFacts]) -> Option<Arc<SlotIndex>> {
        Some(Arc::new(SlotIndex::build(set, facts)))
    }

    /// `true` only if no PVC in the namespace has any owner reference (then
    /// every claim is up to date under the Retain/Retain policy, §11.5).
    /// The default, `false`, makes the controller check claim by claim.
    fn no_claim_has_owners(&self) -> bool {
        false
    }
}
