//! Trace records: what running a script produced, one JSON object per line
//! (scripts-and-traces.md §6). Field order here is the contract's order.

use crate::api::{Millis, StatefulSetStatus};
use serde::Serialize;
use std::borrow::Cow;

/// One trace line. `t` is virtual milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    pub t: Millis,
    #[serde(flatten)]
    pub body: RecordBody,
}

/// The `kind` of a record and its fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RecordBody {
    /// A script command as typed; `line` is 1-based in the script.
    Command { line: usize, text: String },
    /// One line a command wrote to stdout.
    Stdout { text: String },
    /// One line a command wrote to stderr.
    Stderr { text: String },
    /// A Kubernetes Event (reason and message in upstream wording, §16).
    Event {
        #[serde(rename = "type")]
        type_: Cow<'static, str>,
        reason: Cow<'static, str>,
        /// `Kind/name` of the involved object.
        object: String,
        /// Reporting component, e.g. `statefulset-controller`, `kubelet`.
        source: Cow<'static, str>,
        message: String,
    },
    /// An object change as `kubectl get -w` would show it.
    Change {
        op: ChangeOp,
        /// `Kind/name`.
        object: String,
        #[serde(flatten)]
        fields: ChangeFields,
    },
}

/// `added`, `modified` or `deleted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Added,
    Modified,
    Deleted,
}

/// Kind-specific fields of a change record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ChangeFields {
    Pod {
        phase: String,
        ready: bool,
        terminating: bool,
        node: Option<String>,
        revision: String,
        uid: String,
        restarts: i32,
    },
    PersistentVolumeClaim {
        phase: String,
        volume: Option<String>,
        #[serde(rename = "ownerReferences")]
        owner_references: Vec<String>,
    },
    PersistentVolume {
        phase: String,
        claim: Option<String>,
        node: Option<String>,
    },
    StatefulSet {
        status: TraceStatus,
    },
    /// Kinds without extra fields (Service, Node, Deployment, …).
    Other {},
}

/// The `status` of a StatefulSet change record: exactly the fields the
/// contract lists, in its order (scripts-and-traces.md §6: replicas,
/// readyReplicas, availableReplicas, currentReplicas, updatedReplicas,
/// currentRevision, updateRevision, observedGeneration). The revisions are
/// always present (`""` before the controller's first status write), like a
/// pod's `revision`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TraceStatus {
    pub replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub current_replicas: i32,
    pub updated_replicas: i32,
    pub current_revision: String,
    pub update_revision: String,
    pub observed_generation: i64,
}

impl From<&StatefulSetStatus> for TraceStatus {
    fn from(s: &StatefulSetStatus) -> Self {
        TraceStatus {
            replicas: s.replicas,
            ready_replicas: s.ready_replicas,
            available_replicas: s.available_replicas,
            current_replicas: s.current_replicas,
            updated_replicas: s.updated_replicas,
            current_revision: s.current_revision.clone(),
            update_revision: s.update_revision.clone(),
            observed_generation: s.observed_generation,
        }
    }
}

impl Record {
    /// The record as one JSONL line.
    pub fn to_json_line(&self) -> String {
        // Serialization of these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// §1.1: the API object omits zero omitempty counters (kubectl never
    /// shows `readyReplicas: 0`); trace records keep every counter
    /// (`statefulset_status_in_contract_order`).
    #[test]
    fn statefulset_status_omits_zero_counters() {
        let st = StatefulSetStatus {
            replicas: 2,
            current_revision: "web-1".into(),
            update_revision: "web-1".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&st).unwrap_or_default(),
            r#"{"replicas":2,"availableReplicas":0,"currentRevision":"web-1","updateRevision":"web-1","collisionCount":0}"#
        );
    }

    #[test]
    fn records_serialize_in_contract_shape() {
        let r = Record {
            t: 0,
            body: RecordBody::Command {
                line: 3,
                text: "kubectl scale sts web --replicas=5".into(),
            },
        };
        assert_eq!(
            r.to_json_line(),
            r#"{"t":0,"kind":"command","line":3,"text":"kubectl scale sts web --replicas=5"}"#
        );
        let e = Record {
            t: 12,
            body: RecordBody::Event {
                type_: "Normal".into(),
                reason: "SuccessfulCreate".into(),
                object: "StatefulSet/web".into(),
                source: "statefulset-controller".into(),
                message: "create Claim www-web-3 Pod web-3 in StatefulSet web success".into(),
            },
        };
        assert_eq!(
            e.to_json_line(),
            r#"{"t":12,"kind":"event","type":"Normal","reason":"SuccessfulCreate","object":"StatefulSet/web","source":"statefulset-controller","message":"create Claim www-web-3 Pod web-3 in StatefulSet web success"}"#
        );
        let c = Record {
            t: 12,
            body: RecordBody::Change {
                op: ChangeOp::Added,
                object: "Pod/web-3".into(),
                fields: ChangeFields::Pod {
                    phase: "Pending".into(),
                    ready: false,
                    terminating: false,
                    node: None,
                    revision: "web-6d5b7c9f8b".into(),
                    uid: "u".into(),
                    restarts: 0,
                },
            },
        };
        assert_eq!(
            c.to_json_line(),
            r#"{"t":12,"kind":"change","op":"added","object":"Pod/web-3","phase":"Pending","ready":false,"terminating":false,"node":null,"revision":"web-6d5b7c9f8b","uid":"u","restarts":0}"#
        );
    }

    /// scripts-and-traces.md §6: a StatefulSet change record carries
    /// `status` with the contract's fields in the contract's order.
    #[test]
    fn statefulset_status_in_contract_order() {
        let st = StatefulSetStatus {
            observed_generation: 2,
            replicas: 3,
            ready_replicas: 2,
            current_replicas: 1,
            updated_replicas: 2,
            available_replicas: 2,
            current_revision: "web-a".into(),
            update_revision: "web-b".into(),
            collision_count: 0,
        };
        let c = Record {
            t: 5,
            body: RecordBody::Change {
                op: ChangeOp::Modified,
                object: "StatefulSet/web".into(),
                fields: ChangeFields::StatefulSet {
                    status: (&st).into(),
                },
            },
        };
        assert_eq!(
            c.to_json_line(),
            r#"{"t":5,"kind":"change","op":"modified","object":"StatefulSet/web","status":{"replicas":3,"readyReplicas":2,"availableReplicas":2,"currentReplicas":1,"updatedReplicas":2,"currentRevision":"web-a","updateRevision":"web-b","observedGeneration":2}}"#
        );
        // Before the controller's first write the revisions are empty, not absent.
        let empty: TraceStatus = (&StatefulSetStatus::default()).into();
        assert_eq!(
            serde_json::to_string(&empty).unwrap_or_default(),
            r#"{"replicas":0,"readyReplicas":0,"availableReplicas":0,"currentReplicas":0,"updatedReplicas":0,"currentRevision":"","updateRevision":"","observedGeneration":0}"#
        );
    }
}
