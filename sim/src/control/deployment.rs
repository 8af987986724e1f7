//! The Deployment controller (upstream `pkg/controller/deployment`), enough
//! for the side-by-side comparison: one ReplicaSet per pod template
//! (`<deployment>-<pod-template-hash>`), scaling through it, and the
//! RollingUpdate strategy with maxSurge / maxUnavailable (defaults 25 % /
//! 25 %; surge rounds up, unavailable rounds down, both 0 ⇒ unavailable 1),
//! or Recreate.
//!
//! Events (source `deployment-controller`, on the Deployment):
//! `ScalingReplicaSet` `Scaled up replica set NAME from A to B` /
//! `Scaled down replica set NAME from A to B`.

use crate::api::*;
use crate::control::statefulset::revision::hash_patch;
use crate::engine::Engine;

/// Label that ties a ReplicaSet and its pods to one template.
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// The pod-template-hash of a Deployment's template (FNV over the template
/// JSON, safe-encoded like upstream `ComputeHash`).
pub fn template_hash(d: &Deployment, collision_count: i32) -> String {
    let v = serde_json::to_value(&d.spec.template).unwrap_or(serde_json::Value::Null);
    hash_patch(&v, collision_count)
}

fn without_hash(t: &PodTemplateSpec) -> PodTemplateSpec {
    let mut t = t.clone();
    t.metadata.labels.remove(POD_TEMPLATE_HASH);
    t
}

impl Engine {
    /// Available pods of a ReplicaSet, counted from the pods themselves and
    /// capped at its replicas (its status, and its pods, may lag behind a
    /// scale-down made in this same instant).
    fn rs_available(&self, rs: &ReplicaSet) -> i32 {
        let min_ready = rs.spec.min_ready_seconds.unwrap_or(0) as i64;
        let now = Time(self.now);
        self.controlled_pods(&rs.metadata.uid)
            .iter()
            .filter(|p| !p.metadata.is_terminating() && p.is_available(min_ready, now))
            .count()
            .min(rs.spec.replicas.unwrap_or(0).max(0) as usize) as i32
    }

    /// One sync of Deployment `name`.
    pub(crate) fn deployment_sync(&mut self, name: &str) {
        let Some(d) = self.store.deployments.get(name).cloned() else {
            return;
        };
        if d.metadata.is_terminating() {
            return;
        }
        let uid = d.metadata.uid.clone();
        let mut owned: Vec<ReplicaSet> = self
            .store
            .replicasets
            .values()
            .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == uid))
            .cloned()
            .collect();
        owned.sort_by_key(|r| {
            (
                r.metadata.creation_timestamp.map_or(0, |t| t.0),
                r.metadata.name.clone(),
            )
        });
        let replicas = d.spec.replicas.unwrap_or(1).max(0);
        let template = without_hash(&d.spec.template);
        let new_rs = match owned
            .iter()
            .find(|r| without_hash(&r.spec.template) == template)
        {
            Some(r) => r.clone(),
            None => {
                let Some(r) = self.deployment_create_rs(&d, &owned) else {
                    return;
                };
                owned.push(r.clone());
                r
            }
        };
        let olds: Vec<ReplicaSet> = owned
            .iter()
            .filter(|r| r.metadata.name != new_rs.metadata.name)
            .cloned()
            .collect();
        let recreate =
            d.spec.strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("Recreate");
        let rs_replicas = |r: &ReplicaSet| r.spec.replicas.unwrap_or(0);
        if recreate {
            // Scale every old ReplicaSet to 0, wait for their pods to be
            // gone, then scale the new one up.
            for o in &olds {
                if rs_replicas(o) > 0 {
                    self.deployment_scale_rs(name, &o.metadata.name, rs_replicas(o), 0);
                }
            }
            let old_pods: usize = olds
                .iter()
                .map(|o| self.controlled_pods(&o.metadata.uid).len())
                .sum();
            if old_pods == 0 && rs_replicas(&new_rs) != replicas {
                self.deployment_scale_rs(
                    name,
                    &new_rs.metadata.name,
                    rs_replicas(&new_rs),
                    replicas,
                );
            }
        } else {
            let ru = d
                .spec
                .strategy
                .as_ref()
                .and_then(|s| s.rolling_update.as_ref());
            let pct = IntOrString::String("25%".into());
            let surge = ru.and_then(|r| r.max_surge.clone()).unwrap_or(pct.clone());
            let unavail = ru.and_then(|r| r.max_unavailable.clone()).unwrap_or(pct);
            let mut max_surge = surge
                .scaled_value(replicas as i64, true)
                .unwrap_or(1)
                .max(0) as i32;
            let mut max_unavailable = unavail
                .scaled_value(replicas as i64, false)
                .unwrap_or(0)
                .max(0) as i32;
            if max_surge == 0 && max_unavailable == 0 {
                max_unavailable = 1;
            }
            if replicas == 0 {
                max_surge = 0;
            }
            let active_olds: Vec<&ReplicaSet> =
                olds.iter().filter(|o| rs_replicas(o) > 0).collect();
            let total: i32 = owned.iter().map(rs_replicas).sum();
            let new_count = rs_replicas(&new_rs);
            // reconcileNewReplicaSet
            if active_olds.is_empty() {
                if new_count != replicas {
                    self.deployment_scale_rs(name, &new_rs.metadata.name, new_count, replicas);
                }
            } else if new_count > replicas {
                self.deployment_scale_rs(name, &new_rs.metadata.name, new_count, replicas);
            } else if new_count < replicas && total < replicas + max_surge {
                let up = (replicas + max_surge - total).min(replicas - new_count);
                self.deployment_scale_rs(name, &new_rs.metadata.name, new_count, new_count + up);
            }
            // reconcileOldReplicaSets
            if !active_olds.is_empty() {
                let all: Vec<ReplicaSet> = self
                    .store
                    .replicasets
                    .values()
                    .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == uid))
                    .cloned()
                    .collect();
                let all_count: i32 = all.iter().map(rs_replicas).sum();
                let min_available = replicas - max_unavailable;
                let new_now = all.iter().find(|r| r.metadata.name == new_rs.metadata.name);
                let new_unavailable =
                    new_now.map_or(0, |r| (rs_replicas(r) - self.rs_available(r)).max(0));
                let mut budget = all_count - min_available - new_unavailable;
                // cleanupUnhealthyReplicas: unavailable old pods go first.
                for o in olds.iter() {
                    if budget <= 0 {
                        break;
                    }
                    let cur = rs_replicas(o);
                    let unhealthy = (cur - self.rs_available(o)).max(0).min(budget);
                    if unhealthy > 0 {
                        self.deployment_scale_rs(name, &o.metadata.name, cur, cur - unhealthy);
                        budget -= unhealthy;
                    }
                }
                // scaleDownOldReplicaSetsForRollingUpdate
                let available: i32 = all.iter().map(|r| self.rs_available(r)).sum();
                let mut left = available - min_available;
                for o in &olds {
                    if left <= 0 {
                        break;
                    }
                    let cur = self
                        .store
                        .replicasets
                        .get(&o.metadata.name)
                        .map_or(0, rs_replicas);
                    let down = cur.min(left);
                    if down > 0 {
                        self.deployment_scale_rs(name, &o.metadata.name, cur, cur - down);
                        left -= down;
                    }
                }
            }
        }
        // Status from the ReplicaSets as stored now.
        let all: Vec<ReplicaSet> = self
            .store
            .replicasets
            .values()
            .filter(|r| r.metadata.controller_ref().is_some_and(|o| o.uid == uid))
            .cloned()
            .collect();
        let sum = |f: fn(&ReplicaSet) -> i32| all.iter().map(f).sum::<i32>();
        let available = sum(|r| r.status.available_replicas);
        let status = DeploymentStatus {
            observed_generation: d.metadata.generation,
            replicas: sum(|r| r.status.replicas),
            updated_replicas: all
                .iter()
                .filter(|r| r.metadata.name == new_rs.metadata.name)
                .map(|r| r.status.replicas)
                .sum(),
            ready_replicas: sum(|r| r.status.ready_replicas),
            available_replicas: available,
            unavailable_replicas: (replicas - available).max(0),
        };
        self.modify::<Deployment>(name, |x| x.status = status);
    }

    fn deployment_create_rs(&mut self, d: &Deployment, owned: &[ReplicaSet]) -> Option<ReplicaSet> {
        let mut collision = 0;
        loop {
            let hash = template_hash(d, collision);
            let rs_name = format!("{}-{}", d.metadata.name, hash);
            if self.store.replicasets.contains_key(&rs_name)
                || owned.iter().any(|r| r.metadata.name == rs_name)
            {
                collision += 1;
                if collision > 8 {
                    return None;
                }
                continue;
            }
            let mut template = d.spec.template.clone();
            template
                .metadata
                .labels
                .insert(POD_TEMPLATE_HASH.into(), hash.clone());
            let mut selector = d.spec.selector.clone().unwrap_or_default();
            selector
                .match_labels
                .insert(POD_TEMPLATE_HASH.into(), hash.clone());
            let mut labels = d.spec.template.metadata.labels.clone();
            labels.insert(POD_TEMPLATE_HASH.into(), hash);
            let rs = ReplicaSet {
                api_version: "apps/v1".into(),
                kind: "ReplicaSet".into(),
                metadata: ObjectMeta {
                    name: rs_name,
                    labels,
                    owner_references: vec![OwnerReference::controller_ref(
                        "apps/v1",
                        "Deployment",
                        &d.metadata.name,
                        &d.metadata.uid,
                    )],
                    ..Default::default()
                },
                spec: ReplicaSetSpec {
                    replicas: Some(0),
                    selector: Some(selector),
                    template,
                    min_ready_seconds: d.spec.min_ready_seconds,
                },
                status: ReplicaSetStatus::default(),
            };
            return match self.create_object(Object::ReplicaSet(rs)) {
                Ok(Object::ReplicaSet(r)) => Some(r),
                _ => None,
            };
        }
    }

    fn deployment_scale_rs(&mut self, deploy: &str, rs: &str, from: i32, to: i32) {
        let changed = self.modify::<ReplicaSet>(rs, |r| r.spec.replicas = Some(to));
        if changed {
            let verb = if to > from { "up" } else { "down" };
            self.event(
                Kind::Deployment,
                deploy,
                "Normal",
                "ScalingReplicaSet",
                format!("Scaled {verb} replica set {rs} from {from} to {to}"),
                "deployment-controller",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::api::*;
    use crate::engine::{Config, Engine};

    fn deployment(replicas: i32, image: &str) -> Deployment {
        let yaml = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: {image}\n"
        );
        serde_yaml_ng::from_str(&yaml).unwrap()
    }

    fn pods(e: &Engine) -> Vec<String> {
        e.store()
            .pods
            .values()
            .filter(|p| !p.metadata.is_terminating())
            .map(|p| p.metadata.name.clone())
            .collect()
    }

    #[test]
    fn creates_random_named_pods_through_a_replicaset() {
        let mut e = Engine::new(Config::default());
        e.create(Object::Deployment(deployment(3, "nginx:1")))
            .unwrap();
        assert!(e.settle(600_000).is_ok());
        let rs: Vec<&String> = e.store().replicasets.keys().collect();
        assert_eq!(rs.len(), 1);
        let rs = rs[0].clone();
        assert!(rs.starts_with("web-") && rs.len() > 8, "{rs}");
        let names = pods(&e);
        assert_eq!(names.len(), 3, "{names:?}");
        for n in &names {
            let suffix = n.strip_prefix(&format!("{rs}-")).unwrap();
            assert_eq!(suffix.len(), 5);
            assert!(
                suffix
                    .chars()
                    .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)),
                "{n}"
            );
        }
        let d = &e.store().deployments["web"];
        assert_eq!(
            (
                d.status.replicas,
                d.status.ready_replicas,
                d.status.available_replicas
            ),
            (3, 3, 3)
        );
        // Same seed, same names.
        let mut e2 = Engine::new(Config::default());
        e2.create(Object::Deployment(deployment(3, "nginx:1")))
            .unwrap();
        let _ = e2.settle(600_000);
        assert_eq!(pods(&e2), names);
    }

    #[test]
    fn rolling_update_respects_surge_and_unavailable() {
        let mut e = Engine::new(Config::default());
        e.create(Object::Deployment(deployment(4, "nginx:1")))
            .unwrap();
        assert!(e.settle(600_000).is_ok());
        let mut d = e.store().deployments["web"].clone();
        d.spec.template.spec.containers[0].image = "nginx:2".into();
        e.update(Object::Deployment(d)).unwrap();
        // 25 % of 4: surge 1, unavailable 1 → never more than 5 pods, never
        // fewer than 3 available.
        let mut max_pods = 0;
        let mut min_avail = i32::MAX;
        let done = e.run_until(600_000, &mut |e| {
            let live = e
                .store()
                .pods
                .values()
                .filter(|p| !p.metadata.is_terminating())
                .count();
            max_pods = max_pods.max(live);
            let avail: i32 = e
                .store()
                .replicasets
                .values()
                .map(|r| r.status.available_replicas)
                .sum();
            min_avail = min_avail.min(avail);
            let d = &e.store().deployments["web"];
            d.status.updated_replicas == 4
                && d.status.available_replicas == 4
                && d.status.replicas == 4
        });
        assert!(done, "rollout did not finish");
        assert!(max_pods <= 5, "surge exceeded: {max_pods}");
        assert!(min_avail >= 3, "too many unavailable: {min_avail}");
        assert_eq!(e.store().replicasets.len(), 2);
        let images: Vec<&str> = e
            .store()
            .pods
            .values()
            .filter(|p| !p.metadata.is_terminating())
            .map(|p| p.spec.containers[0].image.as_str())
            .collect();
        assert_eq!(images, vec!["nginx:2"; 4]);
    }

    #[test]
    fn scale_down_keeps_the_requested_count() {
        let mut e = Engine::new(Config::default());
        e.create(Object::Deployment(deployment(5, "nginx:1")))
            .unwrap();
        let _ = e.settle(600_000);
        let mut d = e.store().deployments["web"].clone();
        d.spec.replicas = Some(2);
        e.update(Object::Deployment(d)).unwrap();
        let _ = e.settle(600_000);
        assert_eq!(e.store().pods.len(), 2);
        assert!(e
            .store()
            .events
            .iter()
            .any(|ev| ev.reason == "ScalingReplicaSet" && ev.message.contains("from 5 to 2")));
    }
}
