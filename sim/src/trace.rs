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
        #[serde(serialize_with = "every_counter")]
        status: StatefulSetStatus,
    },
    /// Kinds without extra fields (Service, Node, Deployment, …).
    Other {},
}

/// A StatefulSet change record carries every status counter, zero or not
/// (§6 of scripts-and-traces.md), although the API object omits zero
/// `observedGeneration`/`readyReplicas`/`currentReplicas`/`updatedReplicas`.
fn every_counter<S: serde::Serializer>(st: &StatefulSetStatus, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Full<'a> {
        observed_generation: i64,
        replicas: i32,
        ready_replicas: i32,
        current_replicas: i32,
        updated_replicas: i32,
        available_replicas: i32,
        #[serde(skip_serializing_if = "str::is_empty")]
        current_revision: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        update_revision: &'a str,
        collision_count: i32,
    }
    Full {
        observed_generation: st.observed_generation,
        replicas: st.replicas,
        ready_replicas: st.ready_replicas,
        current_replicas: st.current_replicas,
        updated_replicas: st.updated_replicas,
        available_replicas: st.available_replicas,
        current_revision: &st.current_revision,
        update_revision: &st.update_revision,
        collision_count: st.collision_count,
    }
    .serialize(s)
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
    /// shows `readyReplicas: 0`), while trace records keep every counter.
    #[test]
    fn statefulset_status_omits_zero_counters_but_traces_keep_them() {
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
        let r = Record {
            t: 0,
            body: RecordBody::Change {
                op: ChangeOp::Modified,
                object: "StatefulSet/web".into(),
                fields: ChangeFields::StatefulSet { status: st },
            },
        };
        assert_eq!(
            r.to_json_line(),
            r#"{"t":0,"kind":"change","op":"modified","object":"StatefulSet/web","status":{"observedGeneration":0,"replicas":2,"readyReplicas":0,"currentReplicas":0,"updatedReplicas":0,"availableReplicas":0,"currentRevision":"web-1","updateRevision":"web-1","collisionCount":0}}"#
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
}
