//! Status arithmetic (§15): counting, the completion rule, and whether a
//! write is needed. Mirrors upstream computeReplicaStatus,
//! completeRollingUpdate and inconsistentStatus.

use super::view::{Brief, PodView, RevisionIs};
use crate::api::{StatefulSet, StatefulSetStatus, Time};

/// Adds the counters of `pods` to `status` (§15.1).
pub fn count_into<'a>(
    status: &mut StatefulSetStatus,
    pods: impl IntoIterator<Item = &'a PodView>,
    min_ready_seconds: i64,
    now: Time,
) {
    let mut current = RevisionIs::new(&status.current_revision);
    let mut update = RevisionIs::new(&status.update_revision);
    let (mut current_replicas, mut updated_replicas) = (0, 0);
    for pod in pods {
        let t = Brief::of(pod, false, false).tally(min_ready_seconds, now);
        status.replicas += t.replicas;
        status.ready_replicas += t.ready;
        status.available_replicas += t.available;
        if t.live {
            if current.test(&pod.revision) {
                current_replicas += 1;
            }
            if update.test(&pod.revision) {
                updated_replicas += 1;
            }
        }
    }
    status.current_replicas += current_replicas;
    status.updated_replicas += updated_replicas;
}

/// Resets the counters to zero before a recount.
pub fn reset_counts(status: &mut StatefulSetStatus) {
    status.replicas = 0;
    status.ready_replicas = 0;
    status.available_replicas = 0;
    status.current_replicas = 0;
    status.updated_replicas = 0;
}

/// §15.4: a finished RollingUpdate makes the update revision current.
pub fn complete_rolling_update(set: &StatefulSet, status: &mut StatefulSetStatus) {
    let rolling = !set.is_on_delete();
    if rolling
        && status.updated_replicas == status.ready_replicas
        && status.ready_replicas == status.replicas
        && status.replicas == set.replicas()
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
}

/// §15.3: whether `status` differs from what the set already shows.
pub fn inconsistent(set: &StatefulSet, status: &StatefulSetStatus) -> bool {
    let old = &set.status;
    status.observed_generation > old.observed_generation
        || status.replicas != old.replicas
        || status.current_replicas != old.current_replicas
        || status.ready_replicas != old.ready_replicas
        || status.updated_replicas != old.updated_replicas
        || status.current_revision != old.current_revision
        || status.available_replicas != old.available_replicas
        || status.update_revision != old.update_revision
}
