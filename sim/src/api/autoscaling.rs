//! `autoscaling/v2` HorizontalPodAutoscaler (the subset the playground
//! simulates: one `Resource` cpu `Utilization` metric and `behavior`
//! stabilization windows).

use serde::{Deserialize, Serialize};

/// `spec.scaleTargetRef`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossVersionObjectReference {
    /// `apps/v1`.
    #[serde(default)]
    pub api_version: String,
    /// `StatefulSet` or `Deployment`.
    pub kind: String,
    /// Target name.
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
    pub scale_target_ref: CrossVersionObjectReference,
    /// Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<i32>,
    /// Upper bound.
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
