//! The scheduler (`default-scheduler`): binds pending pods to a Ready,
//! schedulable node after `timing.schedule` ms, spreading deterministically
//! (fewest pods, then node name). A pod whose claims are still being
//! provisioned waits quietly until they are Bound; a missing or deleting
//! claim, or no available node, is reported as `FailedScheduling` (once per
//! distinct message) and retried when claims or nodes change.

use crate::api::*;
use crate::engine::{Engine, PodRuntime, Work};

const SOURCE: &str = "default-scheduler";

impl Engine {
    /// Informer hook for a newly created pod: queue scheduling, or start the
    /// kubelet when the pod names its node already.
    pub(crate) fn pod_created(&mut self, name: &str) {
        let Some(pod) = self.store.pods.get(name) else {
            return;
        };
        let uid = pod.metadata.uid.clone();
        let bound = pod.spec.node_name.is_some();
        self.runtime.insert(
            name.to_string(),
            PodRuntime {
                uid: uid.clone(),
                backoff: 10_000,
                ..Default::default()
            },
        );
        if bound {
            self.kubelet_pod_bound(name);
        } else {
            let at = self.now + self.config.timing.schedule;
            self.enqueue(at, Work::Schedule(name.to_string(), uid));
        }
    }

    fn sched_fail(&mut self, name: &str, message: String) {
        self.unschedulable.insert(name.to_string());
        let report = self.runtime.get_mut(name).is_some_and(|rt| {
            let new = rt.sched_reported.as_deref() != Some(message.as_str());
            rt.sched_reported = Some(message.clone());
            new
        });
        if report {
            let now = self.now;
            let msg = message.clone();
            self.modify::<Pod>(name, |p| {
                set_condition(
                    &mut p.status.conditions,
                    "PodScheduled",
                    "False",
                    now,
                    Some("Unschedulable"),
                    Some(msg),
                );
            });
            self.event(
                Kind::Pod,
                name,
                "Warning",
                "FailedScheduling",
                message,
                SOURCE,
                None,
            );
        }
    }

    /// Tries to place pod `name` (uid `uid`).
    pub(crate) fn scheduler_place(&mut self, name: &str, uid: &str) {
        let Some(pod) = self.store.pods.get(name) else {
            return;
        };
        if pod.metadata.uid != uid || pod.spec.node_name.is_some() || pod.metadata.is_terminating()
        {
            return;
        }
        self.unschedulable.remove(name);
        let total = self.store.nodes.len();
        // Only a pod that cannot be placed reports it: formatted then.
        let preempt = || {
            format!("preemption: 0/{total} nodes are available: {total} Preemption is not helpful for scheduling.")
        };
        let claims: Vec<String> = pod
            .spec
            .volumes
            .iter()
            .filter_map(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .map(|c| c.claim_name.clone())
            })
            .collect();
        for c in &claims {
            let problem = match self.store.pvcs.get(c) {
                None => Some(format!("persistentvolumeclaim {c:?} not found")),
                Some(p) if p.metadata.is_terminating() => {
                    Some(format!("persistentvolumeclaim {c:?} is being deleted"))
                }
                Some(p) if p.status.phase.as_deref() != Some("Bound") => {
                    // Provisioning in progress: wait quietly; the claim's
                    // change wakes the pod (see `scheduler_on_pvc_change`).
                    self.unschedulable.insert(name.to_string());
                    return;
                }
                Some(_) => None,
            };
            if let Some(why) = problem {
                self.sched_fail(
                    name,
                    format!("0/{total} nodes are available: {why}. {}", preempt()),
                );
                return;
            }
        }
        let mut best: Option<(usize, &String)> = None;
        let (mut not_ready, mut cordoned) = (0usize, 0usize);
        for (n, node) in &self.store.nodes {
            if !node.is_ready() {
                not_ready += 1;
                continue;
            }
            if node.spec.unschedulable == Some(true) {
                cordoned += 1;
                continue;
            }
            let load = self.idx.node_pods.get(n).map_or(0, |s| s.len());
            if best.is_none_or(|(l, _)| load < l) {
                best = Some((load, n));
            }
        }
        let Some((_, node)) = best else {
            let mut reasons = Vec::new();
            if not_ready > 0 {
                reasons.push(format!("{not_ready} node(s) had untolerated taint {{node.kubernetes.io/unreachable: }}"));
            }
            if cordoned > 0 {
                reasons.push(format!("{cordoned} node(s) were unschedulable"));
            }
            reasons.sort();
            let why = if reasons.is_empty() {
                "no nodes available to schedule pods".to_string()
            } else {
                reasons.join(", ")
            };
            self.sched_fail(
                name,
                format!("0/{total} nodes are available: {why}. {}", preempt()),
            );
            return;
        };
        let node = node.clone();
        let now = self.now;
        let n2 = node.clone();
        self.modify_in_place::<Pod>(name, |p| {
            set(&mut p.spec.node_name, Some(n2))
                | set_condition(
                    &mut p.status.conditions,
                    "PodScheduled",
                    "True",
                    now,
                    None,
                    None,
                )
        });
        self.event(
            Kind::Pod,
            name,
            "Normal",
            "Scheduled",
            format!("Successfully assigned default/{name} to {node}"),
            SOURCE,
            None,
        );
        self.kubelet_pod_bound(name);
    }

    /// A claim changed: retry pods that wait for it.
    pub(crate) fn scheduler_on_pvc_change(&mut self, pvc: &str) {
        let waiting: Vec<String> = self
            .idx
            .pvc_users
            .get(pvc)
            .map(|s| {
                s.iter()
                    .filter(|p| self.unschedulable.contains(*p))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        for p in waiting {
            self.retry_schedule(&p);
        }
    }

    /// Nodes changed: retry every waiting pod.
    pub(crate) fn scheduler_retry_all(&mut self) {
        let waiting: Vec<String> = self.unschedulable.iter().cloned().collect();
        for p in waiting {
            self.retry_schedule(&p);
        }
    }

    fn retry_schedule(&mut self, pod: &str) {
        if let Some(uid) = self.store.pods.get(pod).map(|p| p.metadata.uid.clone()) {
            self.unschedulable.remove(pod);
            self.enqueue(self.now, Work::Schedule(pod.to_string(), uid));
        }
    }
}

/// Sets (or adds) a pod condition; `lastTransitionTime` moves only when the
/// status changes.
/// Returns whether it changed the conditions.
pub(crate) fn set_condition(
    conds: &mut Vec<PodCondition>,
    type_: &str,
    status: &str,
    now: Millis,
    reason: Option<&str>,
    message: Option<String>,
) -> bool {
    match conds.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            let mut changed = false;
            if c.status != status {
                c.status = status.to_string();
                c.last_transition_time = Some(Time(now));
                changed = true;
            }
            if c.reason.as_deref() != reason {
                c.reason = reason.map(str::to_string);
                changed = true;
            }
            changed |= set(&mut c.message, message);
            changed
        }
        None => {
            conds.push(PodCondition {
                type_: type_.to_string(),
                status: status.to_string(),
                last_transition_time: Some(Time(now)),
                reason: reason.map(str::to_string),
                message,
            });
            true
        }
    }
}

/// `*slot = value`; returns whether that changed it.
pub(crate) fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
    if *slot == value {
        false
    } else {
        *slot = value;
        true
    }
}
