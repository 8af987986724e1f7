//! Engine core: API server, scheduler, volumes, kubelet, termination.

use sim::api::*;
use sim::{ChangeFields, ChangeOp, Config, DeleteOptions, Engine, Kind, Object, RecordBody};

fn pod_with_claim(name: &str, claim: Option<&str>) -> Pod {
    let mut p = Pod::default();
    p.metadata.name = name.into();
    p.metadata.labels.insert("app".into(), "nginx".into());
    p.spec.hostname = Some(name.into());
    p.spec.subdomain = Some("nginx".into());
    p.spec.containers.push(Container {
        name: "nginx".into(),
        image: "registry.k8s.io/nginx-slim:0.21".into(),
        volume_mounts: claim
            .map(|_| VolumeMount {
                name: "www".into(),
                mount_path: "/usr/share/nginx/html".into(),
                extra: Default::default(),
            })
            .into_iter()
            .collect(),
        ..Default::default()
    });
    if let Some(c) = claim {
        p.spec.volumes.push(Volume {
            name: "www".into(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: c.into(),
                read_only: None,
            }),
            extra: Default::default(),
        });
    }
    p
}

fn pvc(name: &str) -> PersistentVolumeClaim {
    let mut c = PersistentVolumeClaim::default();
    c.metadata.name = name.into();
    c.spec.access_modes = vec!["ReadWriteOnce".into()];
    c.spec
        .resources
        .requests
        .insert("storage".into(), "1Gi".into());
    c
}

fn pod_changes(e: &Engine, name: &str) -> Vec<(u64, ChangeOp, String, bool, bool)> {
    let obj = format!("Pod/{name}");
    e.records()
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Change {
                op,
                object,
                fields:
                    ChangeFields::Pod {
                        phase,
                        ready,
                        terminating,
                        ..
                    },
            } if *object == obj => Some((r.t, *op, phase.clone(), *ready, *terminating)),
            _ => None,
        })
        .collect()
}

fn events(e: &Engine, object: &str) -> Vec<(u64, String, String)> {
    e.records()
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Event {
                reason,
                object: o,
                message,
                ..
            } if o == object => Some((r.t, reason.to_string(), message.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn new_engine_has_ready_nodes() {
    let e = Engine::new(Config::default());
    let names: Vec<&String> = e.store().nodes.keys().collect();
    assert_eq!(names, ["node-1", "node-2", "node-3"]);
    assert!(e.store().nodes.values().all(Node::is_ready));
    assert!(e.is_quiet());
}

#[test]
fn pod_with_claim_goes_through_provisioning_scheduling_and_kubelet() {
    let mut e = Engine::new(Config::default());
    e.create(Object::PersistentVolumeClaim(pvc("www-web-0")))
        .unwrap();
    let created = e
        .create(Object::Pod(pod_with_claim("web-0", Some("www-web-0"))))
        .unwrap();
    let Object::Pod(p) = created else { panic!() };
    assert_eq!(p.status.phase.as_deref(), Some("Pending"));
    assert_eq!(p.metadata.namespace, "default");
    assert!(!p.metadata.uid.is_empty());
    assert_eq!(p.spec.termination_grace_period_seconds, Some(30));
    e.settle(60_000).unwrap();
    let pod = &e.store().pods["web-0"];
    assert!(pod.is_running_and_ready());
    assert_eq!(pod.spec.node_name.as_deref(), Some("node-1"));
    assert!(pod
        .status
        .pod_ip
        .as_deref()
        .unwrap()
        .starts_with("10.244.1."));
    let claim = &e.store().pvcs["www-web-0"];
    assert_eq!(claim.status.phase.as_deref(), Some("Bound"));
    let pv = claim.spec.volume_name.clone().unwrap();
    assert_eq!(pv, format!("pvc-{}", claim.metadata.uid));
    assert_eq!(
        e.store().pvs[&pv]
            .spec
            .persistent_volume_reclaim_policy
            .as_deref(),
        Some("Delete")
    );
    assert_eq!(e.store().pvs[&pv].attached_node.as_deref(), Some("node-1"));
    // Provisioned after 1 s, scheduled only once the claim is Bound.
    let pvc_events = events(&e, "PersistentVolumeClaim/www-web-0");
    assert_eq!(pvc_events[0].1, "ProvisioningSucceeded");
    assert_eq!(pvc_events[0].0, 1000);
    let ev = events(&e, "Pod/web-0");
    let reasons: Vec<&str> = ev.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "Scheduled",
            "SuccessfulAttachVolume",
            "Pulling",
            "Pulled",
            "Created",
            "Started"
        ]
    );
    assert_eq!(ev[0].2, "Successfully assigned default/web-0 to node-1");
    assert_eq!(ev[0].0, 1000, "scheduled as soon as the claim is Bound");
    // Change records: added Pending, …, Running not ready, Running ready.
    let ch = pod_changes(&e, "web-0");
    assert_eq!(ch[0].1, ChangeOp::Added);
    assert_eq!(ch[0].2, "Pending");
    let last = ch.last().unwrap();
    assert_eq!((last.2.as_str(), last.3), ("Running", true));
    assert!(ch.iter().any(|c| c.2 == "Running" && !c.3));
}

#[test]
fn duplicate_and_invalid_creates_are_rejected_without_change() {
    let mut e = Engine::new(Config::default());
    e.create(Object::Pod(pod_with_claim("a", None))).unwrap();
    let n = e.records().len();
    let err = e
        .create(Object::Pod(pod_with_claim("a", None)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Error from server (AlreadyExists): pods \"a\" already exists"
    );
    let err = e
        .create(Object::Pod(pod_with_claim("Bad_Name", None)))
        .unwrap_err();
    assert!(matches!(err, ApiError::Invalid { .. }));
    assert_eq!(e.records().len(), n);
    let err = e
        .delete(Kind::Pod, "nope", DeleteOptions::default())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Error from server (NotFound): pods \"nope\" not found"
    );
}

#[test]
fn graceful_and_forced_pod_deletion() {
    let mut e = Engine::new(Config::default());
    e.create(Object::Pod(pod_with_claim("a", None))).unwrap();
    e.create(Object::Pod(pod_with_claim("b", None))).unwrap();
    e.settle(60_000).unwrap();
    let t0 = e.now();
    e.delete(Kind::Pod, "a", DeleteOptions::default()).unwrap();
    let a = &e.store().pods["a"];
    assert!(a.metadata.is_terminating());
    assert_eq!(a.metadata.deletion_grace_period_seconds, Some(30));
    e.settle(60_000).unwrap();
    assert!(!e.store().pods.contains_key("a"));
    let ch = pod_changes(&e, "a");
    let del = ch.last().unwrap();
    assert_eq!(del.1, ChangeOp::Deleted);
    assert_eq!(
        del.0,
        t0 + 1000,
        "a well-behaved container stops after timing.terminate"
    );
    assert!(events(&e, "Pod/a")
        .iter()
        .any(|x| x.1 == "Killing" && x.2 == "Stopping container nginx"));
    // Force with grace 0: gone at once.
    e.delete(
        Kind::Pod,
        "b",
        DeleteOptions {
            grace_period_seconds: Some(0),
            force: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!e.store().pods.contains_key("b"));
}

#[test]
fn no_op_update_does_not_bump_resource_version_or_emit() {
    let mut e = Engine::new(Config::default());
    e.create(Object::Pod(pod_with_claim("a", None))).unwrap();
    e.settle(60_000).unwrap();
    let before = e.store().pods["a"].clone();
    let n = e.records().len();
    e.update(Object::Pod(before.clone())).unwrap();
    assert_eq!(e.records().len(), n);
    assert_eq!(
        e.store().pods["a"].metadata.resource_version,
        before.metadata.resource_version
    );
    let mut changed = before.clone();
    changed.metadata.labels.insert("x".into(), "y".into());
    e.update(Object::Pod(changed)).unwrap();
    assert_eq!(e.records().len(), n + 1);
    assert_ne!(
        e.store().pods["a"].metadata.resource_version,
        before.metadata.resource_version
    );
}
