//! PVC retention policy as owner references on claims (§11.5–§11.12).
//! Mirrors upstream `isClaimOwnerUpToDate`, `updateClaimOwnerRefForSetAndPod`,
//! `hasStaleOwnerRef`, `hasUnexpectedController` and `PodClaimIsStale`.

use super::pods::in_ordinal_range;
use crate::api::{OwnerReference, PersistentVolumeClaim, StatefulSet};

/// Who a claim's references are judged against: the set and one pod.
pub struct Owners<'a> {
    /// The StatefulSet.
    pub set: &'a StatefulSet,
    /// Pod name.
    pub pod: &'a str,
    /// Pod UID ("" for a pod not created yet).
    pub pod_uid: &'a str,
    /// The pod's ordinal.
    pub ordinal: i32,
}

fn matches_set(r: &OwnerReference, o: &Owners) -> bool {
    r.kind == "StatefulSet" && r.name == o.set.metadata.name && r.uid == o.set.metadata.uid
}

fn matches_pod(r: &OwnerReference, o: &Owners) -> bool {
    r.kind == "Pod" && r.name == o.pod && r.uid == o.pod_uid
}

fn has_ref_uid(claim: &PersistentVolumeClaim, uid: &str) -> bool {
    claim.metadata.owner_references.iter().any(|r| r.uid == uid)
}

/// A reference to an object of this kind and name but another UID (§11.8, §11.11).
pub fn has_stale_ref(claim: &PersistentVolumeClaim, kind: &str, name: &str, uid: &str) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .any(|r| r.kind == kind && r.name == name && r.uid != uid)
}

/// A controller reference to something other than this set or pod (§11.11).
pub fn has_unexpected_controller(claim: &PersistentVolumeClaim, o: &Owners) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .filter(|r| r.controller == Some(true))
        .any(|r| !matches_set(r, o) && !matches_pod(r, o))
}

fn has_non_controller_owner(claim: &PersistentVolumeClaim, o: &Owners) -> bool {
    claim.metadata.owner_references.iter().any(|r| {
        (r.uid == o.set.metadata.uid || (!o.pod_uid.is_empty() && r.uid == o.pod_uid))
            && r.controller != Some(true)
    })
}

/// The claim's owner references already match the policy table of §11.5.
pub fn claim_owner_up_to_date(claim: &PersistentVolumeClaim, o: &Owners) -> bool {
    let set = o.set;
    if has_stale_ref(claim, "StatefulSet", &set.metadata.name, &set.metadata.uid)
        || has_stale_ref(claim, "Pod", o.pod, o.pod_uid)
    {
        // §11.11: managed by a previous incarnation; leave it alone.
        return true;
    }
    let has_set = has_ref_uid(claim, &set.metadata.uid);
    let has_pod = !o.pod_uid.is_empty() && has_ref_uid(claim, o.pod_uid);
    if has_unexpected_controller(claim, o) {
        return !(has_set || has_pod);
    }
    if has_non_controller_owner(claim, o) {
        return false;
    }
    let (when_deleted, when_scaled) = set.retention();
    let scaled_down = !in_ordinal_range(set, o.ordinal);
    match (when_scaled, when_deleted) {
        (false, false) => !has_set && !has_pod,
        (false, true) => has_set && !has_pod,
        (true, false) => !has_set && scaled_down == has_pod,
        (true, true) => scaled_down != has_set && scaled_down == has_pod,
    }
}

/// Rewrites the claim's references to this set and pod per §11.5
/// (upstream updateClaimOwnerRefForSetAndPod).
pub fn update_claim_owner_refs(claim: &mut PersistentVolumeClaim, o: &Owners) {
    let unexpected = has_unexpected_controller(claim, o);
    claim
        .metadata
        .owner_references
        .retain(|r| !matches_set(r, o) && !matches_pod(r, o));
    if unexpected {
        return;
    }
    let (when_deleted, when_scaled) = o.set.retention();
    let scaled_down = !in_ordinal_range(o.set, o.ordinal);
    let set_ref = super::pods::set_owner_ref(o.set);
    let pod_ref = OwnerReference::controller_ref("v1", "Pod", o.pod, o.pod_uid);
    match (when_scaled, when_deleted) {
        (false, false) => {}
        (false, true) => claim.metadata.owner_references.push(set_ref),
        (true, false) => {
            if scaled_down {
                claim.metadata.owner_references.push(pod_ref);
            }
        }
        (true, true) => {
            if scaled_down {
                claim.metadata.owner_references.push(pod_ref);
            } else {
                claim.metadata.owner_references.push(set_ref);
            }
        }
    }
}
