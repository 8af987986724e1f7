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
//!
//! The engine side ([`Engine::hpa_sync`], upstream `reconcileAutoscaler` in
//! `pkg/controller/podautoscaler/horizontal.go`): read the target's scale
//! (spec.replicas, ready pods), handle replicas outside
//! `[minReplicas, maxReplicas]` first, else run [`sync`] (upstream
//! `computeReplicasForMetrics` → `replica_calculator.go`
//! `GetResourceReplicas`, then `normalizeDesiredReplicas`), write the new
//! count through the scale subresource, record `SuccessfulRescale`
//! (`New size: N; reason: R`) and update the status. The StatefulSet
//! controller then creates or deletes pods in its usual order.
//!
//! Syncs run on a 15 s grid from the HPA's creation while something may
//! still change (a rescale, or recommendations in the stabilization window
//! that differ from the latest one); a change of the target or of its load
//! (`sim load`) wakes the HPA at its next grid point. A cluster whose HPAs
//! have nothing left to decide is quiet (`sim settle` returns).

use crate::api::autoscaling::{
    HorizontalPodAutoscalerSpec, MetricStatus, MetricValueStatus, ResourceMetricStatus,
};
use crate::api::{ApiError, HorizontalPodAutoscaler, Kind, Millis, StatefulSet, Time};
use crate::engine::Engine;
use std::collections::BTreeMap;

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

/// The metric name in upstream rescale reasons (`horizontal.go`,
/// `computeReplicasForMetric`: `"%s resource utilization (percentage of
/// request)"`).
const CPU_METRIC_NAME: &str = "cpu resource utilization (percentage of request)";
/// Event source of the controller.
const SOURCE: &str = "horizontal-pod-autoscaler";

/// HPA controller state kept beside the API objects, and the load model.
#[derive(Clone, Debug, Default)]
pub struct HpaState {
    /// Stabilization recommendations per HPA uid.
    pub(crate) history: BTreeMap<String, HpaHistory>,
    /// Earliest queued sync per HPA name.
    pub(crate) queued: BTreeMap<String, Millis>,
    /// `sim load`: total cpu demand per scale target (percent of one pod's
    /// request).
    pub(crate) loads: BTreeMap<(Kind, String), u32>,
}

/// The kinds an HPA can scale here (`kubectl autoscale` accepts these and
/// ReplicaSets / ReplicationControllers).
fn target_kind(kind: &str) -> Option<Kind> {
    match kind {
        "StatefulSet" => Some(Kind::StatefulSet),
        "Deployment" => Some(Kind::Deployment),
        _ => None,
    }
}

impl Engine {
    /// `sim load sts/NAME PERCENT`: the total cpu demand on a StatefulSet
    /// (or Deployment), in percent of one pod's cpu request, spread evenly
    /// over its ready pods. HPAs scaling it see the change at their next
    /// sync.
    pub fn set_load(&mut self, kind: Kind, name: &str, percent: u32) -> Result<(), ApiError> {
        self.flush();
        let exists = match kind {
            Kind::StatefulSet => self.store.statefulsets.contains_key(name),
            Kind::Deployment => self.store.deployments.contains_key(name),
            _ => false,
        };
        if !exists {
            return Err(ApiError::NotFound {
                kind,
                name: name.to_string(),
            });
        }
        self.hpa.loads.insert((kind, name.to_string()), percent);
        self.hpa_informer(kind, name);
        Ok(())
    }

    /// The load set with `sim load` (0 if never set).
    pub fn load(&self, kind: Kind, name: &str) -> u32 {
        self.hpa
            .loads
            .get(&(kind, name.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// An HPA was created or its spec replaced: sync it now (upstream adds
    /// it to the work queue at once).
    pub(crate) fn hpa_created(&mut self, name: &str) {
        self.hpa_schedule(name, self.now);
    }

    /// Informer: a StatefulSet or Deployment changed; HPAs scaling it sync
    /// at their next 15 s tick.
    pub(crate) fn hpa_informer(&mut self, kind: Kind, name: &str) {
        if self.store.hpas.is_empty() || !matches!(kind, Kind::StatefulSet | Kind::Deployment) {
            return;
        }
        let hpas: Vec<String> = self
            .store
            .hpas
            .values()
            .filter(|h| {
                let r = &h.spec.scale_target_ref;
                r.name == name && target_kind(&r.kind) == Some(kind)
            })
            .map(|h| h.metadata.name.clone())
            .collect();
        for h in hpas {
            let at = self.hpa_next_tick(&h);
            self.hpa_schedule(&h, at);
        }
    }

    /// The first point of the HPA's 15 s grid (from its creation) after now.
    fn hpa_next_tick(&self, name: &str) -> Millis {
        let created = self
            .store
            .hpas
            .get(name)
            .and_then(|h| h.metadata.creation_timestamp)
            .map_or(self.now, |t| t.0.min(self.now));
        let periods = (self.now - created) / SYNC_PERIOD_MS + 1;
        created.saturating_add(periods.saturating_mul(SYNC_PERIOD_MS))
    }

    fn hpa_schedule(&mut self, name: &str, at: Millis) {
        if let Some(&q) = self.hpa.queued.get(name) {
            if q >= self.now && q <= at {
                return;
            }
        }
        self.hpa.queued.insert(name.to_string(), at);
        self.enqueue(at, crate::engine::Work::HpaSync(name.to_string()));
    }

    /// One sync of HPA `name` (upstream `reconcileAutoscaler`).
    /// A `FailedGetScale` warning on the HPA (horizontal.go: the scale
    /// target could not be read).
    fn failed_get_scale(&mut self, name: &str, msg: String) {
        self.event(
            Kind::HorizontalPodAutoscaler,
            name,
            "Warning",
            "FailedGetScale",
            msg,
            SOURCE,
            None,
        );
    }

    pub(crate) fn hpa_sync(&mut self, name: &str) {
        if self.hpa.queued.get(name) == Some(&self.now) {
            self.hpa.queued.remove(name);
        }
        let Some(h) = self.store.hpas.get(name).cloned() else {
            return;
        };
        if h.metadata.is_terminating() {
            return;
        }
        let target = h.spec.scale_target_ref.clone();
        let Some(kind) = target_kind(&target.kind) else {
            let msg = format!(
                "the HPA controller was unable to get the target's current scale: no matches for kind {:?} in the playground (StatefulSet, Deployment)",
                target.kind
            );
            self.failed_get_scale(name, msg);
            return;
        };
        // GET …/scale: spec.replicas and the ready pods.
        let scale = match kind {
            Kind::StatefulSet => self
                .store
                .statefulsets
                .get(&target.name)
                .map(|s| (s.replicas(), s.status.ready_replicas)),
            _ => self
                .store
                .deployments
                .get(&target.name)
                .map(|d| (d.spec.replicas.unwrap_or(1), d.status.ready_replicas)),
        };
        let Some((current, ready)) = scale else {
            let msg = ApiError::NotFound {
                kind,
                name: target.name.clone(),
            }
            .status_message();
            self.failed_get_scale(name, msg);
            return;
        };
        let load = self.load(kind, &target.name);
        let spec = &h.spec;
        let min = spec.min_replicas.unwrap_or(1).max(1);
        let max = spec.max_replicas.max(min);
        let now = self.now;
        let hist = self.hpa.history.entry(h.metadata.uid.clone()).or_default();
        // `recordInitialRecommendation`: the replicas at the first sync
        // count as a recommendation (no scale-down in the first 300 s).
        if hist.recommendations.is_empty() {
            hist.recommendations.push((now, current));
        }
        let mut utilization = None;
        let mut recommended = None;
        let (desired, reason): (i32, Option<String>) = if current == 0 {
            // "scaling is disabled since the replica count of the target is zero"
            (0, None)
        } else if current > max {
            (
                max,
                Some("Current number of replicas above Spec.MaxReplicas".into()),
            )
        } else if current < min {
            (
                min,
                Some("Current number of replicas below Spec.MinReplicas".into()),
            )
        } else {
            let d = sync(spec, current, ready, load, now, hist);
            if ready > 0 {
                utilization = Some(d.utilization);
            }
            recommended = Some(d.recommended);
            // `convertDesiredReplicasWithRules` (no behavior): at most
            // max(2 × current, 4) per sync; with behavior the default
            // scale-up policies (100 % or 4 pods per 15 s, whichever is
            // more) — policies themselves are not simulated.
            let limit = if spec.behavior.is_none() {
                (current.saturating_mul(2)).max(4)
            } else {
                (current.saturating_mul(2)).max(current.saturating_add(4))
            };
            let desired = d.desired.min(limit).clamp(min, max);
            let reason = if desired > current {
                Some(format!("{CPU_METRIC_NAME} above target"))
            } else if desired < current {
                Some("All metrics below target".to_string())
            } else {
                None
            };
            (desired, reason)
        };
        let desired = desired.min(self.config.max_replicas);
        let rescale = current != 0 && desired != current;
        if rescale {
            // PUT …/scale: only spec.replicas changes (a new generation).
            match kind {
                Kind::StatefulSet => {
                    self.modify::<StatefulSet>(&target.name, |s| {
                        s.spec.replicas = Some(desired);
                        s.metadata.generation += 1;
                    });
                }
                _ => {
                    self.modify::<crate::api::Deployment>(&target.name, |d| {
                        d.spec.replicas = Some(desired);
                        d.metadata.generation += 1;
                    });
                }
            }
            self.event(
                Kind::HorizontalPodAutoscaler,
                name,
                "Normal",
                "SuccessfulRescale",
                format!(
                    "New size: {desired}; reason: {}",
                    reason.unwrap_or_default()
                ),
                SOURCE,
                None,
            );
        }
        let generation = h.metadata.generation;
        self.modify::<HorizontalPodAutoscaler>(name, |o| {
            let st = &mut o.status;
            st.observed_generation = Some(generation);
            st.current_replicas = current;
            st.desired_replicas = if rescale { desired } else { current };
            st.current_metrics = vec![MetricStatus {
                type_: "Resource".into(),
                resource: Some(ResourceMetricStatus {
                    name: "cpu".into(),
                    current: MetricValueStatus {
                        average_utilization: utilization,
                    },
                }),
            }];
            if utilization.is_none() {
                st.current_metrics.clear();
            }
            if rescale {
                st.last_scale_time = Some(Time(now));
            }
        });
        // With unchanged inputs (load, ready pods, replicas — their changes
        // wake the HPA anyway) every later sync recommends the same count;
        // the decision can only change while that recommendation differs
        // from the replicas now set (a stabilization window is running).
        let settled_at = if rescale { desired } else { current };
        let unsettled = recommended.is_some_and(|r| r != settled_at);
        if rescale || unsettled {
            let at = self.hpa_next_tick(name);
            self.hpa_schedule(name, at);
        }
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

    /// Engine-level behaviour: the scale subresource path, order, the
    /// stabilization window, quiescence and determinism.
    mod engine {
        use crate::api::{Kind, Object};
        use crate::script::{RunOptions, Session};
        use crate::trace::RecordBody;
        use crate::Config;

        fn session(extra: &str) -> Session {
            let mut s = Session::new(Config::default());
            let out = s.run_script(&format!(
                "{}\nkubectl rollout status sts/web\n{extra}",
                crate::script::tests::STS
            ));
            assert!(out.is_ok_and(|o| o.ok()), "script failed");
            s
        }

        fn replicas(s: &Session) -> i32 {
            s.engine
                .store()
                .statefulsets
                .get("web")
                .map_or(-1, |w| w.replicas())
        }

        fn events(s: &Session, reason: &str) -> Vec<String> {
            s.engine
                .records()
                .iter()
                .filter_map(|r| match &r.body {
                    RecordBody::Event {
                        reason: re,
                        message,
                        ..
                    } if re == reason => Some(message.clone()),
                    _ => None,
                })
                .collect()
        }

        #[test]
        fn autoscale_defaults_and_scales_up_in_order() {
            let mut s = session("kubectl autoscale sts web --max=6\nsim load sts/web 400\n");
            let hpa = s.engine.get(Kind::HorizontalPodAutoscaler, "web");
            let Ok(Object::HorizontalPodAutoscaler(h)) = hpa else {
                panic!("no hpa: {hpa:?}");
            };
            // Server defaults: minReplicas 1, cpu 80 % (no --cpu-percent).
            assert_eq!(h.spec.min_replicas, Some(1));
            assert_eq!(h.spec.target_utilization(), 80);
            assert!(s.engine.settle(600_000).is_ok(), "HPA never quiet");
            // 400 % over 2 pods = 200 % vs 80 %: ceil(2.5 × 2) = 5, above
            // the scale-up limit max(2 × 2, 4) = 4 → 4 first, then 5.
            assert_eq!(replicas(&s), 5);
            let up = "reason: cpu resource utilization (percentage of request) above target";
            assert_eq!(
                events(&s, "SuccessfulRescale"),
                [format!("New size: 4; {up}"), format!("New size: 5; {up}")]
            );
            // Ordered: each pod was created only after the previous one was Ready.
            let store = s.engine.store();
            for k in 1..5 {
                let prev = store.pods.get(&format!("web-{}", k - 1));
                let this = store.pods.get(&format!("web-{k}"));
                let ready_at = prev
                    .and_then(|p| p.ready_condition())
                    .and_then(|c| c.last_transition_time)
                    .map_or(u64::MAX, |t| t.0);
                let created = this
                    .and_then(|p| p.metadata.creation_timestamp)
                    .map_or(0, |t| t.0);
                assert!(
                    created >= ready_at,
                    "web-{k} created before web-{} was Ready",
                    k - 1
                );
            }
        }

        #[test]
        fn scale_down_waits_for_the_window_then_goes_in_reverse() {
            let mut s = session(
                "kubectl autoscale sts web --min=2 --max=10 --cpu-percent=50\nsim load sts/web 200\nsim settle\nsim load sts/web 40\n",
            );
            let dropped = s.engine.now();
            assert_eq!(replicas(&s), 4);
            s.engine.advance_to(dropped + 280_000);
            assert_eq!(replicas(&s), 4, "scaled down inside the 300 s window");
            assert!(s.engine.settle(600_000).is_ok());
            assert_eq!(replicas(&s), 2);
            assert_eq!(
                events(&s, "SuccessfulRescale").last().map(String::as_str),
                Some("New size: 2; reason: All metrics below target")
            );
            let deleted = events(&s, "SuccessfulDelete");
            assert_eq!(deleted.len(), 2, "{deleted:?}");
            assert!(
                deleted[0].contains("web-3") && deleted[1].contains("web-2"),
                "{deleted:?}"
            );
            let pods = &s.engine.store().pods;
            assert!(!pods.contains_key("web-3") && !pods.contains_key("web-2"));
            assert!(pods.contains_key("web-0") && pods.contains_key("web-1"));
        }

        #[test]
        fn deterministic() {
            let script = "kubectl autoscale sts web --min=1 --max=5 --cpu-percent=50\nsim load sts/web 170\nsleep 60\nsim load sts/web 10\nsleep 400\n";
            let a = session(script);
            let b = session(script);
            assert_eq!(a.engine.records(), b.engine.records());
        }

        #[test]
        fn validation_and_bad_input_do_not_panic() {
            let mut s = session("");
            for (cmd, want) in [
                (
                    "kubectl autoscale sts web --max=0",
                    "error: --max=MAXPODS is required and must be at least 1, max: 0",
                ),
                (
                    "kubectl autoscale sts web --max=x",
                    "error: invalid argument \"x\" for \"--max\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl autoscale --help' for usage.",
                ),
                (
                    "kubectl autoscale sts web --max=3 --cpu-percent=0",
                    "The HorizontalPodAutoscaler \"web\" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
                ),
                (
                    "kubectl autoscale sts nope --max=3",
                    "Error from server (NotFound): statefulsets.apps \"nope\" not found",
                ),
                ("sim load", "sim: usage: sim load sts/NAME PERCENT"),
                ("sim load pod/web-0 50", "sim: usage: sim load sts/NAME PERCENT"),
                ("sim load sts/ 50", "sim: usage: sim load sts/NAME PERCENT"),
                (
                    "sim load sts/web 99999999999",
                    "sim: usage: sim load sts/NAME PERCENT",
                ),
                (
                    "kubectl get hpa nope",
                    "Error from server (NotFound): horizontalpodautoscalers.autoscaling \"nope\" not found",
                ),
            ] {
                let r = s.run(cmd, RunOptions { wait: true });
                assert!(!r.ok, "{cmd} succeeded");
                assert_eq!(r.stderr.join("\n"), want, "{cmd}");
            }
            assert!(s.engine.store().hpas.is_empty());
        }
    }
}
