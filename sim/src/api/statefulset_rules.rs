//! StatefulSet defaulting (§1.2) and validation (§2). Owned by the
//! StatefulSet-controller engineer; the API server (engine) calls these.

use super::StatefulSet;

/// Applies the API server's defaults to a StatefulSet (§1.2).
pub fn default_statefulset(set: &mut StatefulSet) {
    let _ = set;
}

/// Validation causes for a create (§2.1–§2.3), each in upstream wording such
/// as `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
/// Empty = valid. `max_replicas` is the simulator's ceiling.
pub fn validate_statefulset(set: &StatefulSet, max_replicas: i32) -> Vec<String> {
    let _ = (set, max_replicas);
    Vec::new()
}

/// Additional causes for an update (§2.4 immutability).
pub fn validate_statefulset_update(old: &StatefulSet, new: &StatefulSet) -> Vec<String> {
    let _ = (old, new);
    Vec::new()
}
