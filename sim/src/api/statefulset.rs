//! `apps/v1` StatefulSet and ControllerRevision.

use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use super::pod::PodTemplateSpec;
use super::storage::PersistentVolumeClaim;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdateStatefulSetStrategy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetUpdateStrategy {
    /// `RollingUpdate` or `OnDelete` (§1.4).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetPersistentVolumeClaimRetentionPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_deleted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_scaled: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetOrdinals {
    #[serde(default)]
    pub start: i32,
}

/// `spec`. Optional fields are `None` until defaulting (§1.2) fills them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<PersistentVolumeClaim>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_management_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy:
        Option<StatefulSetPersistentVolumeClaimRetentionPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordinals: Option<StatefulSetOrdinals>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSetStatus {
    // §1.1 (upstream apps/v1 types.go): observedGeneration, readyReplicas,
    // currentReplicas and updatedReplicas are `omitempty`, so kubectl
    // shows no zero value for them; replicas and availableReplicas are
    // always written. (Trace records print every counter, see trace.rs.)
    #[serde(default, skip_serializing_if = "super::meta::is_zero")]
    pub observed_generation: i64,
    #[serde(default)]
    pub replicas: i32,
    #[serde(default, skip_serializing_if = "super::meta::is_zero")]
    pub ready_replicas: i32,
    #[serde(default, skip_serializing_if = "super::meta::is_zero")]
    pub current_replicas: i32,
    #[serde(default, skip_serializing_if = "super::meta::is_zero")]
    pub updated_replicas: i32,
    #[serde(default)]
    pub available_replicas: i32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub current_revision: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub update_revision: String,
    #[serde(default)]
    pub collision_count: i32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatefulSet {
    #[serde(default = "apps_v1")]
    pub api_version: String,
    #[serde(default = "sts_kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: StatefulSetSpec,
    #[serde(default)]
    pub status: StatefulSetStatus,
}

pub(crate) fn apps_v1() -> String {
    "apps/v1".into()
}
fn sts_kind() -> String {
    "StatefulSet".into()
}
fn cr_kind() -> String {
    "ControllerRevision".into()
}

impl StatefulSet {
    /// `spec.replicas` after defaulting (1 when unset, §1.2).
    #[inline(always)]
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }
    /// `spec.ordinals.start`, 0 when unset (§4.1).
    #[inline(always)]
    pub fn start_ordinal(&self) -> i32 {
        self.spec.ordinals.as_ref().map_or(0, |o| o.start)
    }
    /// `OrderedReady` unless `Parallel` (§1.2).
    pub fn is_parallel(&self) -> bool {
        self.spec.pod_management_policy.as_deref() == Some("Parallel")
    }
    /// `updateStrategy.type == OnDelete`.
    pub fn is_on_delete(&self) -> bool {
        self.spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.type_.as_deref())
            == Some("OnDelete")
    }
    /// minReadySeconds, 0 when unset.
    #[inline(always)]
    pub fn min_ready_seconds(&self) -> i64 {
        self.spec.min_ready_seconds.unwrap_or(0) as i64
    }
    /// (whenDeleted, whenScaled), each `Retain` unless `Delete` (§1.2).
    pub fn retention(&self) -> (bool, bool) {
        let p = self.spec.persistent_volume_claim_retention_policy.as_ref();
        let del = |v: Option<&String>| v.map(String::as_str) == Some("Delete");
        (
            del(p.and_then(|p| p.when_deleted.as_ref())),
            del(p.and_then(|p| p.when_scaled.as_ref())),
        )
    }
}

/// `apps/v1.ControllerRevision` (§12).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ControllerRevision {
    #[serde(default = "apps_v1")]
    pub api_version: String,
    #[serde(default = "cr_kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The stored patch: `{"spec":{"template":{…,"$patch":"replace"}}}` (§12.1).
    #[serde(default)]
    pub data: Value,
    #[serde(default)]
    pub revision: i64,
}
