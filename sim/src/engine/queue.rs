//! The time queue: every piece of pending work, ordered by (time, sequence
//! number), so the order of work is total and deterministic.

use super::Engine;
use crate::api::{Kind, Millis};

/// A kubelet step of one pod's lifecycle (see `control::kubelet`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KStep {
    /// Volumes attached; begin pulling images.
    Start,
    /// Images pulled (or the pull failed).
    PullDone,
    /// `ErrImagePull` turns into `ImagePullBackOff`.
    PullBackOff,
    /// Containers created and started.
    Started,
    /// Readiness probe passes.
    Ready,
    /// The container exits (crash image).
    Crash,
    /// Back-off over: restart the container.
    Restart,
    /// Termination finished: containers stopped.
    TerminateDone,
}

/// One pending work item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Work {
    /// Reconcile a StatefulSet (§6).
    Reconcile(String),
    /// Scheduler: place pod (name, uid).
    Schedule(String, String),
    /// Volume: provision and bind PVC (name, uid).
    Provision(String, String),
    /// Kubelet: next lifecycle step of pod (name, uid).
    Kubelet(String, String, KStep),
    /// PVC protection: drop the finalizer of a deleted, unused claim.
    PvcProtection(String),
    /// PV reclaim (Delete): remove the released volume.
    ReclaimPv(String),
    /// GC: the owner with this uid is gone; process its dependents.
    Gc(String),
    /// GC: check one object's owner references.
    GcObject(Kind, String),
    /// GC: foreground / orphan finalizers of a deleting owner.
    OwnerFinalizers(Kind, String),
    /// Node lifecycle: 50 s not-ready grace over (`false`) or the 300 s
    /// toleration after the taint over (`true`).
    NodeMonitor(String, bool),
    /// Sync a Deployment or ReplicaSet (`control::deployment`, `control::replicaset`).
    Workload(Kind, String),
    /// Sync a HorizontalPodAutoscaler (`control::hpa`), every 15 s.
    HpaSync(String),
}

/// Safety valve: work items run at one instant before the rest is
/// deferred by 1 ms (only a runaway feedback loop gets here).
const MAX_ITEMS_PER_INSTANT: usize = 2_000_000;

impl Engine {
    /// Queues `work` at time `at` (never earlier than now); returns its key.
    pub(crate) fn enqueue(&mut self, at: Millis, work: Work) -> (Millis, u64) {
        self.next_seq += 1;
        let key = (at.max(self.now), self.next_seq);
        self.queue.insert(key, work);
        key
    }

    /// Queues a reconcile of `set` at `at` (a requeue), unless one is
    /// already queued for that instant.
    pub(crate) fn enqueue_reconcile(&mut self, set: &str, at: Millis) {
        let at = at.max(self.now);
        // §6/§19.3: a delayed requeue goes through client-go's delaying
        // queue, which keeps at most one pending entry per key, the
        // earliest: a later AddAfter is dropped, an earlier one moves the
        // pending entry forward. (Entries at `now` are due: already in
        // the work queue proper, which de-duplicates on its own.)
        if at > self.now {
            let pending = self
                .queued_reconciles
                .get(set)
                .and_then(|q| q.range(self.now + 1..).next().copied());
            match pending {
                Some(e) if e <= at => return,
                Some(e) => {
                    let key = self
                        .queue
                        .range((e, 0)..=(e, u64::MAX))
                        .find(|(_, w)| matches!(w, Work::Reconcile(s) if s == set))
                        .map(|(k, _)| *k);
                    if let Some(k) = key {
                        self.queue.remove(&k);
                    }
                    if let Some(q) = self.queued_reconciles.get_mut(set) {
                        q.remove(&e);
                    }
                }
                None => {}
            }
        }
        // (The key is allocated only for a set with nothing queued.)
        let fresh = match self.queued_reconciles.get_mut(set) {
            Some(queued) => queued.insert(at),
            None => {
                self.queued_reconciles
                    .insert(set.to_string(), [at].into_iter().collect());
                true
            }
        };
        if fresh {
            self.enqueue(at, Work::Reconcile(set.to_string()));
        }
    }

    /// An informer event for `set`: queues a reconcile at the current
    /// instant unless one is already queued for it (the workqueue
    /// de-duplicates keys that are waiting).
    pub(crate) fn wake_set(&mut self, set: &str) {
        self.enqueue_reconcile(set, self.now);
    }

    /// Does every item due at instant `t` (including items queued for `t`
    /// while doing so) with `now = t`.
    pub(crate) fn run_instant(&mut self, t: Millis) {
        self.now = self.now.max(t);
        let mut n = 0usize;
        while let Some((&key, _)) = self.queue.first_key_value() {
            if key.0 > self.now {
                break;
            }
            n += 1;
            if n > MAX_ITEMS_PER_INSTANT {
                let rest: Vec<_> = self
                    .queue
                    .range(..(self.now + 1, 0))
                    .map(|(k, _)| *k)
                    .collect();
                for k in rest {
                    if let Some(w) = self.queue.remove(&k) {
                        self.enqueue(self.now + 1, w);
                    }
                }
                break;
            }
            if let Some(work) = self.queue.remove(&key) {
                self.dispatch(key, work);
            }
        }
    }

    fn dispatch(&mut self, key: (Millis, u64), work: Work) {
        match work {
            Work::Reconcile(set) => {
                if let Some(q) = self.queued_reconciles.get_mut(&set) {
                    q.remove(&key.0);
                    if q.is_empty() {
                        self.queued_reconciles.remove(&set);
                    }
                }
                self.reconcile(&set);
            }
            Work::Schedule(pod, uid) => self.scheduler_place(&pod, &uid),
            Work::Provision(pvc, uid) => self.volume_provision(&pvc, &uid),
            Work::Kubelet(pod, uid, step) => self.kubelet_step(key, &pod, &uid, step),
            Work::PvcProtection(pvc) => self.volume_pvc_protection(&pvc),
            Work::ReclaimPv(pv) => self.volume_reclaim(&pv),
            Work::Gc(uid) => self.gc_owner_gone(&uid),
            Work::GcObject(kind, name) => self.gc_object(kind, &name),
            Work::OwnerFinalizers(kind, name) => self.gc_owner_finalizers(kind, &name),
            Work::NodeMonitor(node, evict) => self.node_monitor(key, &node, evict),
            Work::Workload(Kind::Deployment, name) => self.deployment_sync(&name),
            Work::Workload(_, name) => self.replicaset_sync(&name),
            Work::HpaSync(name) => self.hpa_sync(&name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn pending(e: &Engine, set: &str) -> Vec<Millis> {
        e.queue
            .iter()
            .filter(|(_, w)| matches!(w, Work::Reconcile(s) if s == set))
            .map(|(k, _)| k.0)
            .collect()
    }

    /// §6: delayed requeues behave like client-go's delaying queue, which
    /// keeps one pending entry per key, the earliest.
    #[test]
    fn delayed_requeues_keep_only_the_earliest() {
        let mut e = Engine::new(Config::default());
        e.now = 1_000;
        e.enqueue_reconcile("web", 6_000);
        // A later AddAfter is dropped.
        e.enqueue_reconcile("web", 7_000);
        assert_eq!(pending(&e, "web"), vec![6_000]);
        // An earlier one moves the pending entry forward.
        e.enqueue_reconcile("web", 4_000);
        assert_eq!(pending(&e, "web"), vec![4_000]);
        // An immediate wake is separate from the pending delayed entry.
        e.wake_set("web");
        assert_eq!(pending(&e, "web"), vec![1_000, 4_000]);
        // Other sets are independent.
        e.enqueue_reconcile("db", 9_000);
        assert_eq!(pending(&e, "web"), vec![1_000, 4_000]);
        assert_eq!(pending(&e, "db"), vec![9_000]);
    }
}
