//! Node lifecycle: `sim node down|up`, cordon, drain, node deletion, and
//! the node-lifecycle controller's timers (50 s grace → pods' Ready
//! condition False, and the NoExecute taint; 300 s of toleration after the
//! taint → pods deleted, §10.5).

use crate::api::*;
use crate::engine::{Engine, NodeRuntime, Work};

/// Node-monitor grace period: kube-controller-manager's
/// `--node-monitor-grace-period` default, 50 s since v1.32 (kubernetes
/// PR #126287; 40 s before).
pub const NODE_MONITOR_GRACE: Millis = 50_000;
/// Default `tolerationSeconds` for `node.kubernetes.io/unreachable`.
pub const NOT_READY_TOLERATION: Millis = 300_000;

impl Engine {
    /// Runtime bookkeeping for a new node.
    pub(crate) fn node_created(&mut self, name: &str) {
        let index = name
            .rsplit('-')
            .next()
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(self.nodes_rt.len() as u32 + 1);
        self.nodes_rt.insert(
            name.to_string(),
            NodeRuntime {
                index,
                ..Default::default()
            },
        );
        self.scheduler_retry_all();
    }

    pub(crate) fn node_is_ready(&self, node: &str) -> bool {
        self.store.nodes.get(node).is_some_and(Node::is_ready)
    }

    fn pods_on(&self, node: &str) -> Vec<String> {
        self.idx
            .node_pods
            .get(node)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    pub(crate) fn node_set_ready(&mut self, node: &str, ready: bool) -> Result<(), ApiError> {
        if !self.store.nodes.contains_key(node) {
            return Err(ApiError::NotFound {
                kind: Kind::Node,
                name: node.to_string(),
            });
        }
        if self.node_is_ready(node) == ready {
            return Ok(());
        }
        let now = self.now;
        let (status, reason) = if ready {
            ("True", "KubeletReady")
        } else {
            ("Unknown", "NodeStatusUnknown")
        };
        self.modify::<Node>(node, |n| {
            n.status.conditions.retain(|c| c.type_ != "Ready");
            n.status.conditions.push(NodeCondition {
                type_: "Ready".into(),
                status: status.into(),
                last_transition_time: Some(Time(now)),
                reason: Some(reason.into()),
            });
        });
        let old = self
            .nodes_rt
            .get_mut(node)
            .map(|r| std::mem::take(&mut r.monitors))
            .unwrap_or_default();
        for k in old {
            self.queue.remove(&k);
        }
        if ready {
            self.event(
                Kind::Node,
                node,
                "Normal",
                "NodeReady",
                format!("Node {node} status is now: NodeReady"),
                "kubelet",
                Some(node),
            );
            for p in self.pods_on(node) {
                self.kubelet_resume(&p);
            }
            self.scheduler_retry_all();
        } else {
            self.event(
                Kind::Node,
                node,
                "Normal",
                "NodeNotReady",
                format!("Node {node} status is now: NodeNotReady"),
                "node-controller",
                None,
            );
            for p in self.pods_on(node) {
                self.kubelet_freeze(&p);
            }
            let a = self.enqueue(
                now + NODE_MONITOR_GRACE,
                Work::NodeMonitor(node.to_string(), false),
            );
            // The unreachable NoExecute taint is added when the grace period
            // ends (with the pods' Ready=False), and the pods' default
            // 300 s toleration counts from the taint.
            let b = self.enqueue(
                now + NODE_MONITOR_GRACE + NOT_READY_TOLERATION,
                Work::NodeMonitor(node.to_string(), true),
            );
            if let Some(r) = self.nodes_rt.get_mut(node) {
                r.monitors = vec![a, b];
            }
        }
        Ok(())
    }

    /// A node-lifecycle timer fired for a node that is still not Ready.
    pub(crate) fn node_monitor(&mut self, key: (Millis, u64), node: &str, evict: bool) {
        if let Some(r) = self.nodes_rt.get_mut(node) {
            r.monitors.retain(|k| *k != key);
        }
        if self.node_is_ready(node) || !self.store.nodes.contains_key(node) {
            return;
        }
        let now = self.now;
        for p in self.pods_on(node) {
            let Some(pod) = self.store.pods.get(&p) else {
                continue;
            };
            if pod.is_failed_or_succeeded() {
                continue;
            }
            if !evict {
                // MarkPodsNotReady (pkg/controller/util/node): only the Ready
                // condition turns False. The kubelet is unreachable, so the
                // container statuses (kubectl's READY 1/1) and the phase stay as
                // they were. The `NodeLost` reason belonged to the old
                // eviction path (DeletePods → SetPodTerminationReason); with
                // taint-based eviction, the only one current releases run,
                // kubectl shows Running, then Terminating once the taint
                // eviction deletes the pod (§10.5).
                self.modify::<Pod>(&p, |pod| {
                    crate::control::scheduler::set_condition(
                        &mut pod.status.conditions,
                        "Ready",
                        "False",
                        now,
                        None,
                        None,
                    );
                });
            } else if !pod.metadata.is_terminating() {
                self.event(
                    Kind::Pod,
                    &p,
                    "Normal",
                    "TaintManagerEviction",
                    format!("Marking for deletion Pod default/{p}"),
                    "taint-eviction-controller",
                    None,
                );
                let _ = self.delete_pod(&p, None, false);
            }
        }
    }

    pub(crate) fn node_cordon(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError> {
        if !self.store.nodes.contains_key(node) {
            return Err(ApiError::NotFound {
                kind: Kind::Node,
                name: node.to_string(),
            });
        }
        self.modify::<Node>(node, |n| {
            n.spec.unschedulable = unschedulable.then_some(true)
        });
        if !unschedulable {
            self.scheduler_retry_all();
        }
        Ok(())
    }

    pub(crate) fn node_drain(&mut self, node: &str) -> Result<Vec<String>, ApiError> {
        self.node_cordon(node, true)?;
        let mut evicted = Vec::new();
        for p in self.pods_on(node) {
            let live = self
                .store
                .pods
                .get(&p)
                .is_some_and(|p| !p.metadata.is_terminating());
            if live && self.delete_pod(&p, None, false).is_ok() {
                evicted.push(p);
            }
        }
        Ok(evicted)
    }

    /// `kubectl delete node`: the node goes, and pod GC removes its pods.
    pub(crate) fn node_deleted(&mut self, node: &str) {
        let monitors = self
            .nodes_rt
            .remove(node)
            .map(|r| r.monitors)
            .unwrap_or_default();
        for k in monitors {
            self.queue.remove(&k);
        }
        self.remove_obj::<Node>(node);
        for p in self.pods_on(node) {
            self.force_remove_pod(
                &p,
                self.store
                    .pods
                    .get(&p)
                    .is_some_and(|p| !p.metadata.finalizers.is_empty()),
            );
        }
    }
}
