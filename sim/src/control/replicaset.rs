//! The ReplicaSet controller (upstream `pkg/controller/replicaset`), the
//! backdrop for the StatefulSet-vs-Deployment comparison: pods get random
//! names (`web-7d9c5b6f4-x2k8q`, suffix from the seeded RNG), are created all
//! at once, and scale-down picks victims by state, not by ordinal.
//!
//! Each sync: count the active pods the set controls (not terminating, not
//! Failed/Succeeded); create the missing ones or delete the surplus ones
//! (upstream's ranking: unscheduled before scheduled, Pending before
//! Running, not-ready before ready, fewer restarts last, newest first); write
//! status (replicas, readyReplicas, availableReplicas).
//!
//! Events (source `replicaset-controller`, on the ReplicaSet):
//! `SuccessfulCreate` `Created pod: NAME`, `SuccessfulDelete` `Deleted pod: NAME`.

use crate::api::*;
use crate::engine::Engine;

impl Engine {
    /// Pods controlled by the object with this uid, sorted by name.
    pub(crate) fn controlled_pods(&self, owner_uid: &str) -> Vec<Pod> {
        self.store
            .pods
            .values()
            .filter(|p| {
                p.metadata
                    .controller_ref()
                    .is_some_and(|r| r.uid == owner_uid)
            })
            .cloned()
            .collect()
    }

    /// One sync of ReplicaSet `name`.
    pub(crate) fn replicaset_sync(&mut self, name: &str) {
        let Some(rs) = self.store.replicasets.get(name).cloned() else {
            return;
        };
        let uid = rs.metadata.uid.clone();
        let pods = self.controlled_pods(&uid);
        let active: Vec<&Pod> = pods
            .iter()
            .filter(|p| !p.metadata.is_terminating() && !p.is_failed_or_succeeded())
            .collect();
        let want = rs.spec.replicas.unwrap_or(1).max(0) as usize;
        if !rs.metadata.is_terminating() {
            if active.len() < want {
                for _ in active.len()..want {
                    self.replicaset_create_pod(&rs);
                }
            } else if active.len() > want {
                let mut ranked = active.clone();
                ranked.sort_by_key(|p| deletion_rank(p));
                let victims: Vec<String> = ranked
                    .iter()
                    .take(active.len() - want)
                    .map(|p| p.metadata.name.clone())
                    .collect();
                for v in victims {
                    if self.delete_pod(&v, None, false).is_ok() {
                        self.event(
                            Kind::ReplicaSet,
                            name,
                            "Normal",
                            "SuccessfulDelete",
                            format!("Deleted pod: {v}"),
                            "replicaset-controller",
                            None,
                        );
                    }
                }
            }
        }
        // Status from what is stored now.
        let pods = self.controlled_pods(&uid);
        let min_ready = rs.spec.min_ready_seconds.unwrap_or(0) as i64;
        let now = Time(self.now);
        let live: Vec<&Pod> = pods
            .iter()
            .filter(|p| !p.metadata.is_terminating() && !p.is_failed_or_succeeded())
            .collect();
        let status = ReplicaSetStatus {
            observed_generation: rs.metadata.generation,
            replicas: live.len() as i32,
            fully_labeled_replicas: live.len() as i32,
            ready_replicas: live.iter().filter(|p| p.is_running_and_ready()).count() as i32,
            available_replicas: live
                .iter()
                .filter(|p| p.is_available(min_ready, now))
                .count() as i32,
        };
        self.modify::<ReplicaSet>(name, |r| r.status = status);
        // Availability after minReadySeconds needs a wake-up.
        if min_ready > 0 {
            for p in &live {
                if p.is_running_and_ready() && !p.is_available(min_ready, now) {
                    if let Some(t) = p.ready_condition().and_then(|c| c.last_transition_time) {
                        self.enqueue_workload(
                            Kind::ReplicaSet,
                            name,
                            t.0 + min_ready as u64 * 1000,
                        );
                    }
                }
            }
        }
    }

    fn replicaset_create_pod(&mut self, rs: &ReplicaSet) {
        let mut pod = Pod {
            api_version: "v1".into(),
            kind: "Pod".into(),
            metadata: rs.spec.template.metadata.clone(),
            spec: rs.spec.template.spec.clone(),
            status: PodStatus::default(),
        };
        // generateName `<rs>-` plus five characters from the seeded RNG; a
        // clash with a stored name draws again.
        let mut name = String::new();
        for _ in 0..16 {
            name = format!("{}-{}", rs.metadata.name, self.rng.name_suffix(5));
            if !self.store.pods.contains_key(&name) {
                break;
            }
        }
        pod.metadata.name = name.clone();
        pod.metadata.generate_name = format!("{}-", rs.metadata.name);
        pod.metadata.owner_references = vec![OwnerReference::controller_ref(
            "apps/v1",
            "ReplicaSet",
            &rs.metadata.name,
            &rs.metadata.uid,
        )];
        match self.create_object(Object::Pod(pod)) {
            Ok(_) => self.event(
                Kind::ReplicaSet,
                &rs.metadata.name,
                "Normal",
                "SuccessfulCreate",
                format!("Created pod: {name}"),
                "replicaset-controller",
                None,
            ),
            Err(e) => self.event(
                Kind::ReplicaSet,
                &rs.metadata.name,
                "Warning",
                "FailedCreate",
                format!("Error creating: {e}"),
                "replicaset-controller",
                None,
            ),
        }
    }

    /// Queues a sync of a Deployment or ReplicaSet at `at`, unless one is
    /// already queued for that instant.
    pub(crate) fn enqueue_workload(&mut self, kind: Kind, name: &str, at: Millis) {
        let at = at.max(self.now);
        let work = crate::engine::Work::Workload(kind, name.to_string());
        let dup = self
            .queue
            .range((at, 0)..=(at, u64::MAX))
            .any(|(_, w)| *w == work);
        if !dup {
            self.enqueue(at, work);
        }
    }

    /// Informer hook: who among the workload controllers wakes up when an
    /// object changes (`owners` are the owner uids before and after).
    pub(crate) fn workload_informer(&mut self, kind: Kind, name: &str, owners: &[&String]) {
        match kind {
            Kind::Deployment if self.store.deployments.contains_key(name) => {
                self.enqueue_workload(Kind::Deployment, name, self.now);
            }
            Kind::ReplicaSet => {
                if self.store.replicasets.contains_key(name) {
                    self.enqueue_workload(Kind::ReplicaSet, name, self.now);
                }
                self.wake_owners(owners, Kind::Deployment);
            }
            Kind::Pod => self.wake_owners(owners, Kind::ReplicaSet),
            _ => {}
        }
    }

    fn wake_owners(&mut self, owners: &[&String], kind: Kind) {
        let names: Vec<String> = owners
            .iter()
            .filter_map(|u| match self.idx.uids.get(*u) {
                Some((k, n)) if *k == kind => Some(n.clone()),
                _ => None,
            })
            .collect();
        for n in names {
            self.enqueue_workload(kind, &n, self.now);
        }
    }
}

/// Upstream `ActivePodsWithRanks` order for scale-down: the pod sorted first
/// is deleted first.
fn deletion_rank(p: &Pod) -> (u8, u8, u8, i32, std::cmp::Reverse<u64>, String) {
    let scheduled = u8::from(p.spec.node_name.is_some());
    let phase = match p.status.phase.as_deref() {
        Some("Pending") => 0,
        Some("Unknown") => 1,
        _ => 2,
    };
    let ready = u8::from(p.is_running_and_ready());
    let created = p.metadata.creation_timestamp.map_or(0, |t| t.0);
    (
        scheduled,
        phase,
        ready,
        -p.restarts(),
        std::cmp::Reverse(created),
        p.metadata.name.clone(),
    )
}
