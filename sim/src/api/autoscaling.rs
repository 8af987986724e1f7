//! `autoscaling/v2` HorizontalPodAutoscaler (the subset the playground
//! simulates: one `Resource` cpu `Utilization` metric and `behavior`
//! stabilization windows).

use super::meta::{ObjectMeta, Time};
use serde::{Deserialize, Serialize};

/// `spec.scaleTargetRef`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossVersionObjectReference {
    /// `apps/v1`.
    #[serde(default)]
    pub api_version: String,
    /// `StatefulSet` or `Deployment`.
    #[serde(default)]
    pub kind: String,
    /// Target name.
    #[serde(default)]
    pub name: String,
}

/// `target` of a resource metric.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricTarget {
    /// `Utilization` (the only type simulated).
    #[serde(rename = "type")]
    pub type_: String,
    /// Percent of the pods' cpu request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i32>,
}

/// `resource` of a metric.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceMetricSource {
    /// `cpu`.
    pub name: String,
    /// The target.
    pub target: MetricTarget,
}

/// One entry of `spec.metrics`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricSpec {
    /// `Resource`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The resource metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricSource>,
}

/// `behavior.scaleUp` / `behavior.scaleDown` (policies not simulated).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HpaScalingRules {
    /// Seconds of recommendations considered (up: default 0, down: 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stabilization_window_seconds: Option<i32>,
}

/// `spec.behavior`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HorizontalPodAutoscalerBehavior {
    /// Scale-up rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_up: Option<HpaScalingRules>,
    /// Scale-down rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_down: Option<HpaScalingRules>,
}

/// `spec`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HorizontalPodAutoscalerSpec {
    /// What to scale.
    #[serde(default)]
    pub scale_target_ref: CrossVersionObjectReference,
    /// Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<i32>,
    /// Upper bound.
    #[serde(default)]
    pub max_replicas: i32,
    /// Metrics (the first cpu Utilization one is used).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<MetricSpec>,
    /// Stabilization windows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub behavior: Option<HorizontalPodAutoscalerBehavior>,
}

impl HorizontalPodAutoscalerSpec {
    /// Target cpu utilization in percent (default 80, as `kubectl autoscale`).
    pub fn target_utilization(&self) -> i32 {
        self.metrics
            .iter()
            .filter_map(|m| m.resource.as_ref())
            .find(|r| r.name == "cpu")
            .and_then(|r| r.target.average_utilization)
            .unwrap_or(80)
    }

    /// Scale-down stabilization window in ms (default 300 s).
    pub fn scale_down_window_ms(&self) -> u64 {
        let s = self
            .behavior
            .as_ref()
            .and_then(|b| b.scale_down.as_ref())
            .and_then(|r| r.stabilization_window_seconds)
            .unwrap_or(300);
        s.clamp(0, 3600) as u64 * 1000
    }

    /// Scale-up stabilization window in ms (default 0).
    pub fn scale_up_window_ms(&self) -> u64 {
        let s = self
            .behavior
            .as_ref()
            .and_then(|b| b.scale_up.as_ref())
            .and_then(|r| r.stabilization_window_seconds)
            .unwrap_or(0);
        s.clamp(0, 3600) as u64 * 1000
    }
}

/// `current` of a resource metric status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricValueStatus {
    /// Average utilization over the pods, in percent of their request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_utilization: Option<i32>,
}

/// `resource` of a metric status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceMetricStatus {
    /// `cpu`.
    pub name: String,
    /// The observed value.
    pub current: MetricValueStatus,
}

/// One entry of `status.currentMetrics`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricStatus {
    /// `Resource`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The resource metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceMetricStatus>,
}

/// `status` (autoscaling/v2 `HorizontalPodAutoscalerStatus`, without
/// conditions).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HorizontalPodAutoscalerStatus {
    /// Generation the controller last acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// When the controller last changed the target's replicas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_scale_time: Option<Time>,
    /// The target's replicas as last seen.
    #[serde(default)]
    pub current_replicas: i32,
    /// What the controller last decided.
    #[serde(default)]
    pub desired_replicas: i32,
    /// Last observed metrics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub current_metrics: Vec<MetricStatus>,
}

/// `autoscaling/v2` HorizontalPodAutoscaler.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HorizontalPodAutoscaler {
    #[serde(default = "autoscaling_v2")]
    pub api_version: String,
    #[serde(default = "hpa_kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: HorizontalPodAutoscalerSpec,
    #[serde(default)]
    pub status: HorizontalPodAutoscalerStatus,
}

fn autoscaling_v2() -> String {
    "autoscaling/v2".into()
}
fn hpa_kind() -> String {
    "HorizontalPodAutoscaler".into()
}

impl HorizontalPodAutoscaler {
    /// The observed cpu utilization (percent), once the controller saw one.
    pub fn current_utilization(&self) -> Option<i32> {
        self.status
            .current_metrics
            .iter()
            .filter_map(|m| m.resource.as_ref())
            .find(|r| r.name == "cpu")
            .and_then(|r| r.current.average_utilization)
    }
}

/// Defaults (upstream `pkg/apis/autoscaling/v2/defaults.go`,
/// `SetDefaults_HorizontalPodAutoscaler`): `minReplicas: 1`, and with no
/// metrics one cpu `Utilization` metric at 80 %
/// (`autoscaling.DefaultCPUUtilization`).
pub fn default_hpa(h: &mut HorizontalPodAutoscaler) {
    h.spec.min_replicas.get_or_insert(1);
    if h.spec.metrics.is_empty() {
        h.spec.metrics.push(cpu_metric(80));
    }
}

/// A `Resource` cpu `Utilization` metric at `percent`.
pub fn cpu_metric(percent: i32) -> MetricSpec {
    MetricSpec {
        type_: "Resource".into(),
        resource: Some(ResourceMetricSource {
            name: "cpu".into(),
            target: MetricTarget {
                type_: "Utilization".into(),
                average_utilization: Some(percent),
            },
        }),
    }
}

/// Validation, worded like upstream
/// `pkg/apis/autoscaling/validation/validation.go`
/// (`validateHorizontalPodAutoscalerSpec`, `ValidateCrossVersionObjectReference`,
/// `validateMetricTarget`, `validateScalingRules`).
pub fn validate_hpa(h: &HorizontalPodAutoscaler) -> Vec<String> {
    let mut errs =
        super::validation::validate_name(super::Kind::HorizontalPodAutoscaler, &h.metadata.name);
    let s = &h.spec;
    let r = &s.scale_target_ref;
    if r.kind.is_empty() {
        errs.push("spec.scaleTargetRef.kind: Required value".into());
    }
    if r.name.is_empty() {
        errs.push("spec.scaleTargetRef.name: Required value".into());
    }
    if let Some(min) = s.min_replicas {
        if min < 1 {
            errs.push(format!(
                "spec.minReplicas: Invalid value: {min}: must be greater than or equal to 1"
            ));
        }
    }
    if s.max_replicas < 1 {
        errs.push(format!(
            "spec.maxReplicas: Invalid value: {}: must be greater than 0",
            s.max_replicas
        ));
    }
    if let Some(min) = s.min_replicas {
        if s.max_replicas < min {
            errs.push(format!(
                "spec.maxReplicas: Invalid value: {}: must be greater than or equal to `minReplicas`",
                s.max_replicas
            ));
        }
    }
    for (i, m) in s.metrics.iter().enumerate() {
        let path = format!("spec.metrics[{i}]");
        match (m.type_.as_str(), &m.resource) {
            ("Resource", Some(res)) => {
                if res.name.is_empty() {
                    errs.push(format!("{path}.resource.name: Required value"));
                }
                let t = &res.target;
                if t.type_ != "Utilization" && t.type_ != "AverageValue" {
                    errs.push(format!(
                        "{path}.resource.target.type: Unsupported value: {:?}: supported values: \"AverageValue\", \"Utilization\"",
                        t.type_
                    ));
                }
                if let Some(u) = t.average_utilization {
                    if u <= 0 {
                        errs.push(format!(
                            "{path}.resource.target.averageUtilization: Invalid value: {u}: must be greater than 0"
                        ));
                    }
                }
            }
            ("Resource", None) => {
                errs.push(format!(
                    "{path}.resource: Required value: must populate information for the given metric source"
                ));
            }
            (t, _) => errs.push(format!(
                "{path}.type: Unsupported value: {t:?}: the playground simulates only \"Resource\" (cpu) metrics"
            )),
        }
    }
    if let Some(b) = &s.behavior {
        for (dir, rules) in [("scaleUp", &b.scale_up), ("scaleDown", &b.scale_down)] {
            if let Some(w) = rules.as_ref().and_then(|r| r.stabilization_window_seconds) {
                let path = format!("spec.behavior.{dir}.stabilizationWindowSeconds");
                if w < 0 {
                    errs.push(format!(
                        "{path}: Invalid value: {w}: must be greater than or equal to zero"
                    ));
                } else if w > 3600 {
                    errs.push(format!(
                        "{path}: Invalid value: {w}: must be less than or equal to 3600"
                    ));
                }
            }
        }
    }
    errs
}
