//! Structured explanations of the StatefulSet controller's decisions and
//! waits, for the UI's "Why" panel (issue 3 §3).

use crate::api::Millis;
use serde::Serialize;

/// Whether the controller acted or is waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExplanationKind {
    /// The controller did something (created, deleted, updated).
    Decision,
    /// The controller is holding back until something changes.
    Wait,
}

/// One decision or wait: the object, the rule it follows and one sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Virtual time of the reconcile that produced it.
    pub t: Millis,
    pub kind: ExplanationKind,
    /// `Kind/name` the sentence is about, e.g. `Pod/web-2`.
    pub object: String,
    /// The semantics-spec rule, e.g. `§7.1`.
    pub rule: String,
    /// Plain words, e.g. `web-2 is not created yet because web-1 is not Ready`.
    pub text: String,
}

const DOCS: &str = "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/";
const SRC: &str =
    "https://github.com/kubernetes/kubernetes/blob/v1.36.0/pkg/controller/statefulset/";

/// Every rule an explanation cites (statefulset-semantics.md), with its
/// name in plain words and where a reader can check it upstream: the
/// kubernetes.io page that states it, else the controller source it was
/// read from (the spec's evidence tags, V-doc before V-code).
#[rustfmt::skip]
const RULES: &[(&str, &str, &str)] = &[
    ("§3.4", "identity repair", "stateful_pod_control.go"),
    ("§6.1", "adopting and releasing pods", "stateful_set.go"),
    ("§6.5", "a set being deleted only updates its status", "stateful_set_control.go"),
    ("§6.6", "the slot pass", "stateful_set_control.go"),
    ("§7.1", "ordered creation", "#deployment-and-scaling-guarantees"),
    ("§8.1", "reverse-order termination", "#deployment-and-scaling-guarantees"),
    ("§8.2", "scale-down waits for healthy predecessors", "#deployment-and-scaling-guarantees"),
    ("§8.4", "Parallel scale-down", "#parallel-pod-management"),
    ("§9.1", "Parallel creation", "#parallel-pod-management"),
    ("§10.1", "failed pods are recreated", "stateful_set_control.go"),
    ("§10.2", "a deleted pod returns with its name and claim", "#stable-storage"),
    ("§10.5", "pods on a lost node", "https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/"),
    ("§11.3", "a claim being deleted blocks its pod", "stateful_pod_control.go"),
    ("§11.4", "a pending pod's missing claim is recreated", "stateful_set_control.go"),
    ("§11.6", "whenScaled: Delete", "#persistentvolumeclaim-retention"),
    ("§11.8", "a stale claim blocks scale-up", "stateful_pod_control.go"),
    ("§12.3", "choosing the update revision", "stateful_set_control.go"),
    ("§12.5", "revision history limit", "stateful_set_control.go"),
    ("§13.1", "rolling update, highest ordinal first", "#rolling-updates"),
    ("§13.2", "maxUnavailable", "#maximum-unavailable-pods"),
    ("§13.6", "partitioned rolling update", "#partitions"),
    ("§14.1", "OnDelete", "#on-delete"),
    ("§15.4", "rollout completion", "stateful_set_utils.go"),
    ("§16", "the controller's events", "stateful_pod_control.go"),
    ("§18.1", "a rollout stuck on a broken pod", "#forced-rollback"),
    ("§18.2", "forced rollback", "#forced-rollback"),
];

/// A rule's name and the address that states it upstream, for the Why
/// panel's links (experience.md: "with a link to the spec rule").
pub fn rule_source(rule: &str) -> Option<(&'static str, String)> {
    let (_, name, at) = RULES.iter().find(|(r, _, _)| *r == rule)?;
    let url = if at.starts_with("https://") {
        (*at).to_string()
    } else if at.starts_with('#') {
        format!("{DOCS}{at}")
    } else {
        format!("{SRC}{at}")
    };
    Some((name, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_sources_are_docs_or_controller_files() {
        let (name, url) = rule_source("§7.1").unwrap_or_default();
        assert_eq!(name, "ordered creation");
        assert_eq!(
            url,
            "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#deployment-and-scaling-guarantees"
        );
        let (_, url) = rule_source("§12.3").unwrap_or_default();
        assert!(
            url.ends_with("/pkg/controller/statefulset/stateful_set_control.go"),
            "{url}"
        );
        assert!(rule_source("§99").is_none());
        // One entry per rule.
        for (i, (r, _, _)) in RULES.iter().enumerate() {
            assert!(RULES[..i].iter().all(|(q, _, _)| q != r), "{r} twice");
        }
    }
}
