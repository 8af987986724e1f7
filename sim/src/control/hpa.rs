//! The HorizontalPodAutoscaler algorithm (`autoscaling/v2`, upstream
//! `pkg/controller/podautoscaler`), as a pure function the engine calls on
//! each sync (every 15 s of virtual time while an HPA exists).
//!
//! Load model (a simulator input): `sim load sts/web PERCENT` sets the total
//! cpu demand on the set, in percent of one pod's request; it is spread
//! evenly over the ready pods, so each pod's utilization is
//! `PERCENT / ready`.
//!
//! One sync:
//! 1. `ratio = utilization / target`; within the 0.1 tolerance
//!    (`|ratio − 1| ≤ 0.1`) the recommendation is the current replicas,
//!    else `ceil(ratio × ready)`.
//! 2. Clamp to `[minReplicas, maxReplicas]`.
//! 3. Stabilization: the recommendation is stored with its time; scaling
//!    down uses the **highest** recommendation of the last
//!    `scaleDown.stabilizationWindowSeconds` (default 300 s), scaling up the
//!    **lowest** of the last `scaleUp.stabilizationWindowSeconds` (default 0).

use crate::api::autoscaling::HorizontalPodAutoscalerSpec;
use crate::api::Millis;

/// Seconds between two syncs (`--horizontal-pod-autoscaler-sync-period`).
pub const SYNC_PERIOD_MS: Millis = 15_000;
/// `--horizontal-pod-autoscaler-tolerance`.
pub const TOLERANCE: f64 = 0.1;

/// Recommendations remembered for stabilization: (time, replicas).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HpaHistory {
    /// Oldest first.
    pub recommendations: Vec<(Millis, i32)>,
}

/// What one sync decided.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HpaDecision {
    /// Per-pod utilization observed (percent of request).
    pub utilization: i32,
    /// Raw recommendation after clamping.
    pub recommended: i32,
    /// Replicas to set after stabilization.
    pub desired: i32,
}

/// One sync. `current` = the target's spec.replicas, `ready` = its ready
/// pods, `load_percent` = total demand (percent of one pod's request).
pub fn sync(
    spec: &HorizontalPodAutoscalerSpec,
    current: i32,
    ready: i32,
    load_percent: u32,
    now: Millis,
    history: &mut HpaHistory,
) -> HpaDecision {
    let min = spec.min_replicas.unwrap_or(1).max(1);
    let max = spec.max_replicas.max(min);
    let target = spec.target_utilization().max(1) as f64;
    let ready_n = ready.max(0);
    let utilization = if ready_n > 0 {
        load_percent as f64 / ready_n as f64
    } else {
        0.0
    };
    let raw = if ready_n == 0 {
        // No metrics: upstream does not scale on missing metrics.
        current
    } else {
        let ratio = utilization / target;
        if (ratio - 1.0).abs() <= TOLERANCE {
            current
        } else {
            (ratio * ready_n as f64).ceil() as i32
        }
    };
    let recommended = raw.clamp(min, max);
    history.recommendations.push((now, recommended));
    let keep_from = now.saturating_sub(spec.scale_down_window_ms().max(spec.scale_up_window_ms()));
    history.recommendations.retain(|(t, _)| *t >= keep_from);
    let within = |w: Millis| {
        history
            .recommendations
            .iter()
            .filter(move |(t, _)| *t >= now.saturating_sub(w))
            .map(|(_, r)| *r)
    };
    let desired = if recommended < current {
        within(spec.scale_down_window_ms())
            .max()
            .unwrap_or(recommended)
            .min(current)
    } else if recommended > current {
        within(spec.scale_up_window_ms())
            .min()
            .unwrap_or(recommended)
            .max(current)
    } else {
        current
    };
    HpaDecision {
        utilization: utilization.round() as i32,
        recommended,
        desired: desired.clamp(min, max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::autoscaling::*;

    fn spec(min: i32, max: i32, target: i32) -> HorizontalPodAutoscalerSpec {
        HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference {
                api_version: "apps/v1".into(),
                kind: "StatefulSet".into(),
                name: "web".into(),
            },
            min_replicas: Some(min),
            max_replicas: max,
            metrics: vec![MetricSpec {
                type_: "Resource".into(),
                resource: Some(ResourceMetricSource {
                    name: "cpu".into(),
                    target: MetricTarget {
                        type_: "Utilization".into(),
                        average_utilization: Some(target),
                    },
                }),
            }],
            behavior: None,
        }
    }

    #[test]
    fn scales_up_by_the_ratio() {
        let mut h = HpaHistory::default();
        // 3 pods, 300 % total demand → 100 % each vs target 50 → 6.
        let d = sync(&spec(1, 10, 50), 3, 3, 300, 0, &mut h);
        assert_eq!((d.utilization, d.recommended, d.desired), (100, 6, 6));
    }

    #[test]
    fn tolerance_keeps_the_count() {
        let mut h = HpaHistory::default();
        // 162 / 3 = 54 % vs 50 %: ratio 1.08 → within tolerance.
        assert_eq!(sync(&spec(1, 10, 50), 3, 3, 162, 0, &mut h).desired, 3);
        // 170 / 3 = 56.7 %: ratio 1.13 → ceil(1.133 × 3) = 4.
        assert_eq!(sync(&spec(1, 10, 50), 3, 3, 170, 15_000, &mut h).desired, 4);
    }

    #[test]
    fn clamps_to_min_and_max() {
        let mut h = HpaHistory::default();
        assert_eq!(sync(&spec(2, 5, 50), 3, 3, 3000, 0, &mut h).desired, 5);
        let mut h = HpaHistory::default();
        let s = HorizontalPodAutoscalerSpec {
            behavior: Some(HorizontalPodAutoscalerBehavior {
                scale_down: Some(HpaScalingRules {
                    stabilization_window_seconds: Some(0),
                }),
                scale_up: None,
            }),
            ..spec(2, 5, 50)
        };
        assert_eq!(sync(&s, 3, 3, 0, 0, &mut h).desired, 2);
    }

    #[test]
    fn scale_down_waits_for_the_stabilization_window() {
        let s = spec(1, 10, 50);
        let mut h = HpaHistory::default();
        assert_eq!(sync(&s, 2, 2, 300, 0, &mut h).desired, 6);
        // Load drops at 15 s: the recommendation is 1, but 6 was
        // recommended within the last 300 s → stay at 6.
        let mut t = 15_000;
        while t < 300_000 {
            assert_eq!(sync(&s, 6, 6, 30, t, &mut h).desired, 6, "at {t}");
            t += SYNC_PERIOD_MS;
        }
        // Once the high recommendation is older than 300 s: down to 1.
        assert_eq!(sync(&s, 6, 6, 30, 300_001, &mut h).desired, 1);
    }

    #[test]
    fn no_ready_pods_no_change() {
        let mut h = HpaHistory::default();
        assert_eq!(sync(&spec(1, 10, 50), 3, 0, 500, 0, &mut h).desired, 3);
    }
}
