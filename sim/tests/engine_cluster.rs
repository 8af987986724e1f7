//! Engine core: node failure, image behaviours, sim verbs, PVC protection,
//! retention through the GC, drain.

use sim::api::*;
use sim::{Config, DeleteOptions, Engine, ImageBehaviour, Kind, Object, RecordBody};

const IMAGE: &str = "registry.k8s.io/nginx-slim:0.21";

fn web(replicas: i32, extra_spec: &str) -> StatefulSet {
    let y = format!(
        r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: {replicas}
{extra_spec}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: {IMAGE}
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
"#
    );
    serde_yaml_ng::from_str(&y).unwrap()
}

fn settled(replicas: i32, extra: &str) -> Engine {
    let mut e = Engine::new(Config::default());
    e.create(Object::StatefulSet(web(replicas, extra))).unwrap();
    e.settle(300_000).unwrap();
    e
}

fn reasons(e: &Engine, object: &str) -> Vec<String> {
    e.records()
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Event {
                reason, object: o, ..
            } if o == object => Some(reason.to_string()),
            _ => None,
        })
        .collect()
}

fn scale(e: &mut Engine, n: i32) {
    let mut s = e.store().statefulsets["web"].clone();
    s.spec.replicas = Some(n);
    e.update(Object::StatefulSet(s)).unwrap();
}

#[test]
fn node_down_pods_go_not_ready_then_terminating_and_never_duplicate() {
    let mut e = settled(3, "");
    let node = e.store().pods["web-1"].spec.node_name.clone().unwrap();
    let uid = e.store().pods["web-1"].metadata.uid.clone();
    let t0 = e.now();
    e.set_node_ready(&node, false).unwrap();
    assert_eq!(
        e.store().nodes[&node].status.conditions[0].status,
        "Unknown"
    );
    // The node-monitor grace period is 50 s in v1.32+ (40 s before).
    e.advance_to(t0 + 49_000);
    assert!(e.store().pods["web-1"].is_running_and_ready());
    e.advance_to(t0 + 50_000);
    let p = &e.store().pods["web-1"];
    assert!(!p.is_running_and_ready());
    // MarkPodsNotReady only: no `NodeLost` reason since v1.27, so kubectl
    // still says Running (READY 1/1: the containers' last report).
    assert_eq!(p.status.reason, None);
    assert_eq!(sim::script::pod_status_text(p), "Running");
    assert_eq!(sim::script::pod_ready_text(p), "1/1");
    // Eviction: 300 s of toleration after the taint added at 50 s.
    e.advance_to(t0 + 349_000);
    assert!(!e.store().pods["web-1"].metadata.is_terminating());
    e.advance_to(t0 + 350_000);
    assert!(e.store().pods["web-1"].metadata.is_terminating());
    assert_eq!(
        sim::script::pod_status_text(&e.store().pods["web-1"]),
        "Terminating"
    );
    assert!(reasons(&e, "Pod/web-1").contains(&"TaintManagerEviction".to_string()));
    // Nothing more can happen: quiet, and still the same pod (§10.5).
    e.settle(600_000).unwrap();
    assert_eq!(e.store().pods["web-1"].metadata.uid, uid);
    // Force delete: the replacement appears on a Ready node.
    e.delete(
        Kind::Pod,
        "web-1",
        DeleteOptions {
            grace_period_seconds: Some(0),
            force: true,
            ..Default::default()
        },
    )
    .unwrap();
    e.settle(300_000).unwrap();
    let p = &e.store().pods["web-1"];
    assert_ne!(p.metadata.uid, uid);
    assert_ne!(p.spec.node_name.as_deref(), Some(node.as_str()));
    assert!(p.is_running_and_ready());
}

#[test]
fn node_up_finishes_terminations_and_restores_readiness() {
    let mut e = settled(3, "");
    let node = e.store().pods["web-2"].spec.node_name.clone().unwrap();
    let t0 = e.now();
    e.set_node_ready(&node, false).unwrap();
    e.advance_to(t0 + 60_000);
    assert!(!e.store().pods["web-2"].is_running_and_ready());
    // A graceful delete cannot complete while the kubelet is gone.
    e.delete(Kind::Pod, "web-2", DeleteOptions::default())
        .unwrap();
    e.advance_to(t0 + 100_000);
    assert!(e.store().pods["web-2"].metadata.is_terminating());
    e.set_node_ready(&node, true).unwrap();
    e.settle(300_000).unwrap();
    assert!(e
        .store()
        .pods
        .values()
        .all(|p| p.is_running_and_ready() && !p.metadata.is_terminating()));
    assert_eq!(e.store().statefulsets["web"].status.ready_replicas, 3);
}

#[test]
fn crash_image_loops_with_back_off_and_never_settles() {
    let mut e = Engine::new(Config::default());
    e.set_image_behaviour(IMAGE, ImageBehaviour::Crash);
    e.create(Object::StatefulSet(web(1, ""))).unwrap();
    assert!(e.settle(120_000).is_err());
    let p = &e.store().pods["web-0"];
    assert!(p.restarts() >= 3, "restarts {}", p.restarts());
    assert_eq!(p.status.phase.as_deref(), Some("Running"));
    assert!(!p.is_running_and_ready());
    let r = reasons(&e, "Pod/web-0");
    assert!(r.contains(&"BackOff".to_string()));
    // Back-off doubles: the gaps between restarts grow.
    let starts: Vec<u64> = e
        .records()
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Event { reason, object, .. }
                if reason == "Started" && object == "Pod/web-0" =>
            {
                Some(r.t)
            }
            _ => None,
        })
        .collect();
    let gaps: Vec<u64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.windows(2).all(|g| g[1] > g[0]), "{gaps:?}");
    // Fixing the image lets it recover at the next restart.
    e.set_image_behaviour(IMAGE, ImageBehaviour::Ok);
    e.settle(400_000).unwrap();
    assert!(e.store().pods["web-0"].is_running_and_ready());
}

#[test]
fn pull_error_stays_pending_quietly_and_recovers() {
    let mut e = Engine::new(Config::default());
    e.set_image_behaviour(IMAGE, ImageBehaviour::PullError);
    e.create(Object::StatefulSet(web(2, ""))).unwrap();
    e.settle(120_000).unwrap();
    let p = &e.store().pods["web-0"];
    assert_eq!(p.status.phase.as_deref(), Some("Pending"));
    let waiting = p.status.container_statuses[0]
        .state
        .waiting
        .as_ref()
        .unwrap();
    assert_eq!(waiting.reason.as_deref(), Some("ImagePullBackOff"));
    assert!(
        !e.store().pods.contains_key("web-1"),
        "OrderedReady waits for web-0"
    );
    assert!(reasons(&e, "Pod/web-0").contains(&"Failed".to_string()));
    e.set_image_behaviour(IMAGE, ImageBehaviour::Ok);
    e.settle(120_000).unwrap();
    assert_eq!(e.store().statefulsets["web"].status.ready_replicas, 2);
}

#[test]
fn never_ready_runs_unready_and_is_quiet() {
    let mut e = Engine::new(Config::default());
    e.set_image_behaviour(IMAGE, ImageBehaviour::NeverReady);
    e.create(Object::StatefulSet(web(1, ""))).unwrap();
    e.settle(120_000).unwrap();
    let p = &e.store().pods["web-0"];
    assert_eq!(p.status.phase.as_deref(), Some("Running"));
    assert!(!p.is_running_and_ready());
    assert_eq!(
        reasons(&e, "Pod/web-0")
            .iter()
            .filter(|r| *r == "Unhealthy")
            .count(),
        1
    );
}

#[test]
fn sim_crash_restarts_once_and_readiness_verbs_flip_ready() {
    let mut e = settled(1, "");
    e.crash("web-0").unwrap();
    let p = &e.store().pods["web-0"];
    assert_eq!(p.restarts(), 1);
    assert!(!p.is_running_and_ready());
    e.settle(60_000).unwrap();
    assert!(e.store().pods["web-0"].is_running_and_ready());
    e.set_readiness("web-0", false).unwrap();
    let p = &e.store().pods["web-0"];
    assert_eq!(p.status.phase.as_deref(), Some("Running"));
    assert!(!p.is_running_and_ready());
    e.settle(60_000).unwrap();
    assert!(!e.store().pods["web-0"].is_running_and_ready());
    e.set_readiness("web-0", true).unwrap();
    e.flush();
    assert!(e.store().pods["web-0"].is_running_and_ready());
    assert!(e.crash("nope").is_err());
}

#[test]
fn evicted_pod_is_replaced_with_the_same_name() {
    let mut e = settled(2, "");
    let uid = e.store().pods["web-1"].metadata.uid.clone();
    e.evict("web-1").unwrap();
    e.settle(120_000).unwrap();
    let p = &e.store().pods["web-1"];
    assert_ne!(p.metadata.uid, uid);
    assert!(p.is_running_and_ready());
    let evicted = e.records().iter().any(|r| {
        matches!(&r.body, RecordBody::Change { object, fields: sim::ChangeFields::Pod { phase, .. }, .. }
            if object == "Pod/web-1" && phase == "Failed")
    });
    assert!(evicted);
}

#[test]
fn pvc_protection_and_hold() {
    let mut e = settled(1, "");
    let pv = e.store().pvcs["www-web-0"]
        .spec
        .volume_name
        .clone()
        .unwrap();
    e.hold_pvc("www-web-0", true).unwrap();
    e.delete(
        Kind::PersistentVolumeClaim,
        "www-web-0",
        DeleteOptions::default(),
    )
    .unwrap();
    e.settle(60_000).unwrap();
    assert!(
        e.store().pvcs["www-web-0"].metadata.is_terminating(),
        "in use by web-0"
    );
    // Remove the user of the claim: the set goes, and with it the pod.
    e.delete(Kind::StatefulSet, "web", DeleteOptions::default())
        .unwrap();
    e.settle(60_000).unwrap();
    assert!(e.store().pods.is_empty());
    assert!(
        e.store().pvcs.contains_key("www-web-0"),
        "held by the sim finalizer"
    );
    assert_eq!(
        e.store().pvcs["www-web-0"].metadata.finalizers,
        vec![sim::engine::HOLD_FINALIZER.to_string()]
    );
    e.hold_pvc("www-web-0", false).unwrap();
    e.flush();
    assert!(!e.store().pvcs.contains_key("www-web-0"));
    assert_eq!(e.store().pvs[&pv].status.phase.as_deref(), Some("Released"));
    e.settle(60_000).unwrap();
    assert!(!e.store().pvs.contains_key(&pv), "reclaim policy Delete");
}

#[test]
fn when_scaled_delete_removes_claims_of_scaled_away_ordinals() {
    let mut e = settled(
        3,
        "  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n    whenDeleted: Retain",
    );
    assert_eq!(e.store().pvcs.len(), 3);
    scale(&mut e, 1);
    e.settle(300_000).unwrap();
    let claims: Vec<&String> = e.store().pvcs.keys().collect();
    assert_eq!(claims, ["www-web-0"]);
    assert_eq!(e.store().pvs.len(), 1);
}

#[test]
fn when_deleted_delete_removes_claims_with_the_set() {
    let mut e = settled(
        2,
        "  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Retain\n    whenDeleted: Delete",
    );
    e.delete(Kind::StatefulSet, "web", DeleteOptions::default())
        .unwrap();
    e.settle(300_000).unwrap();
    assert!(e.store().pods.is_empty());
    assert!(e.store().pvcs.is_empty());
    assert!(e.store().pvs.is_empty());
}

#[test]
fn drain_moves_pods_off_a_cordoned_node() {
    let mut e = settled(3, "");
    let node = e.store().pods["web-0"].spec.node_name.clone().unwrap();
    let evicted = e.drain(&node).unwrap();
    assert_eq!(evicted, ["web-0"]);
    e.settle(300_000).unwrap();
    assert_eq!(e.store().nodes[&node].spec.unschedulable, Some(true));
    assert_ne!(e.store().pods["web-0"].spec.node_name, Some(node.clone()));
    assert!(e.store().pods["web-0"].is_running_and_ready());
    e.cordon(&node, false).unwrap();
    assert_eq!(e.store().nodes[&node].spec.unschedulable, None);
}

#[test]
fn no_schedulable_node_reports_failed_scheduling() {
    let mut e = Engine::new(Config::default());
    for n in ["node-1", "node-2", "node-3"] {
        e.cordon(n, true).unwrap();
    }
    e.set_node_ready("node-3", false).unwrap();
    e.create(Object::StatefulSet(web(1, ""))).unwrap();
    e.advance_to(5_000);
    let p = &e.store().pods["web-0"];
    assert_eq!(p.spec.node_name, None);
    let msg = e
        .store()
        .events
        .iter()
        .rev()
        .find(|ev| ev.reason == "FailedScheduling")
        .map(|ev| ev.message.clone())
        .unwrap();
    assert_eq!(
        msg,
        "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    );
    e.cordon("node-1", false).unwrap();
    e.settle(120_000).unwrap_or(());
    assert_eq!(
        e.store().pods["web-0"].spec.node_name.as_deref(),
        Some("node-1")
    );
}

#[test]
fn absurd_horizons_do_not_hang_a_crash_loop() {
    let mut e = Engine::new(Config::default());
    e.set_image_behaviour(IMAGE, ImageBehaviour::Crash);
    e.create(Object::StatefulSet(web(1, ""))).unwrap();
    let t0 = e.now();
    assert!(e.settle(u64::MAX).is_err());
    assert_eq!(e.now(), t0 + sim::engine::MAX_ADVANCE);
    e.advance_to(u64::MAX / 2);
    assert_eq!(e.now(), u64::MAX / 2);
    assert!(!e.is_quiet());
    e.step();
}

#[test]
fn a_stale_claim_blocks_scale_up_until_it_is_gone() {
    // §11.8: whenScaled=Delete, a held claim of a scaled-away ordinal keeps
    // its owner reference to the old pod; once released, the set wakes and
    // recreates the ordinal with a fresh claim.
    let mut e = settled(
        2,
        "  persistentVolumeClaimRetentionPolicy:\n    whenScaled: Delete\n    whenDeleted: Retain",
    );
    e.hold_pvc("www-web-1", true).unwrap();
    scale(&mut e, 1);
    e.settle(120_000).unwrap();
    assert!(e.store().pvcs["www-web-1"].metadata.is_terminating());
    let old = e.store().pvcs["www-web-1"].metadata.uid.clone();
    scale(&mut e, 2);
    e.settle(120_000).unwrap_or(());
    assert!(
        !e.store().pods.contains_key("web-1"),
        "stale claim blocks web-1"
    );
    e.hold_pvc("www-web-1", false).unwrap();
    e.settle(120_000).unwrap();
    assert!(e.store().pods["web-1"].is_running_and_ready());
    assert_ne!(e.store().pvcs["www-web-1"].metadata.uid, old);
}
