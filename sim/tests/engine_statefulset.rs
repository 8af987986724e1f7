//! Engine + StatefulSet controller: informers, requeues, GC, DNS, exec
//! files, determinism and performance.

use sim::api::*;
use sim::{
    ChangeFields, ChangeOp, Config, DeleteOptions, Engine, Kind, Object, Propagation, RecordBody,
};

fn web(replicas: i32, parallel: bool) -> StatefulSet {
    let y = format!(
        r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: {replicas}
  podManagementPolicy: {}
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
        image: registry.k8s.io/nginx-slim:0.21
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
"#,
        if parallel { "Parallel" } else { "OrderedReady" }
    );
    serde_yaml_ng::from_str(&y).unwrap()
}

fn headless() -> Service {
    serde_yaml_ng::from_str(
        r#"
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
"#,
    )
    .unwrap()
}

fn pod_adds(e: &Engine) -> Vec<(u64, String)> {
    e.records()
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Change {
                op: ChangeOp::Added,
                object,
                fields: ChangeFields::Pod { .. },
            } => Some((r.t, object.clone())),
            _ => None,
        })
        .collect()
}

fn setup(replicas: i32, parallel: bool) -> Engine {
    let mut e = Engine::new(Config::default());
    e.create(Object::Service(headless())).unwrap();
    e.create(Object::StatefulSet(web(replicas, parallel)))
        .unwrap();
    e
}

#[test]
fn ordered_ready_creates_pods_in_order_and_settles() {
    let mut e = setup(3, false);
    e.settle(120_000).unwrap();
    let adds = pod_adds(&e);
    let names: Vec<&str> = adds.iter().map(|a| a.1.as_str()).collect();
    assert_eq!(names, ["Pod/web-0", "Pod/web-1", "Pod/web-2"]);
    // web-1 only after web-0 is Ready.
    let ready0 = e.store().pods["web-0"]
        .ready_condition()
        .unwrap()
        .last_transition_time
        .unwrap()
        .0;
    assert!(adds[1].0 >= ready0);
    let s = &e.store().statefulsets["web"];
    assert_eq!(s.status.ready_replicas, 3);
    assert_eq!(s.status.observed_generation, 1);
    assert!(e
        .store()
        .pvcs
        .values()
        .all(|c| c.status.phase.as_deref() == Some("Bound")));
    assert!(e.is_quiet());
}

#[test]
fn dns_records_are_gated_on_readiness() {
    let mut e = setup(2, false);
    e.settle(120_000).unwrap();
    let recs = e.dns_records();
    let names: Vec<&str> = recs.iter().map(|r| r.fqdn.as_str()).collect();
    assert_eq!(
        names,
        [
            "web-0.nginx.default.svc.cluster.local",
            "web-1.nginx.default.svc.cluster.local"
        ]
    );
    assert_eq!(e.dns_lookup("web-0.nginx").unwrap()[0].pod, "web-0");
    assert_eq!(
        e.dns_lookup("web-0.nginx.default.svc.cluster.local")
            .unwrap()
            .len(),
        1
    );
    assert_eq!(e.dns_lookup("nginx").unwrap().len(), 2);
    assert!(e.dns_lookup("web-7.nginx").is_none());
    e.set_readiness("web-1", false).unwrap();
    assert!(e.dns_lookup("web-1.nginx").is_none());
    assert_eq!(e.dns_lookup("nginx").unwrap().len(), 1);
    e.set_readiness("web-1", true).unwrap();
    e.flush();
    assert!(e.dns_lookup("web-1.nginx").is_some());
}

#[test]
fn files_under_a_claim_survive_pod_replacement() {
    let mut e = setup(1, false);
    e.settle(120_000).unwrap();
    e.exec_write("web-0", "/usr/share/nginx/html/index.html", "web-0", false)
        .unwrap();
    e.exec_write("web-0", "/tmp/scratch", "gone", false)
        .unwrap();
    assert_eq!(
        e.exec_read("web-0", "/usr/share/nginx/html/index.html")
            .unwrap(),
        "web-0\n"
    );
    assert_eq!(
        e.exec_ls("web-0", "/usr/share/nginx/html").unwrap(),
        ["index.html"]
    );
    let old_uid = e.store().pods["web-0"].metadata.uid.clone();
    let old_ip = e.store().pods["web-0"].status.pod_ip.clone();
    e.delete(Kind::Pod, "web-0", DeleteOptions::default())
        .unwrap();
    e.settle(120_000).unwrap();
    let p = &e.store().pods["web-0"];
    assert_ne!(p.metadata.uid, old_uid);
    assert_ne!(
        p.status.pod_ip, old_ip,
        "a replacement pod gets a new IP (§3.6)"
    );
    assert_eq!(
        e.exec_read("web-0", "/usr/share/nginx/html/index.html")
            .unwrap(),
        "web-0\n"
    );
    assert_eq!(
        e.exec_read("web-0", "/tmp/scratch").unwrap_err(),
        "cat: can't open '/tmp/scratch': No such file or directory"
    );
}

#[test]
fn background_delete_gc_removes_pods_but_keeps_claims() {
    let mut e = setup(2, false);
    e.settle(120_000).unwrap();
    e.delete(Kind::StatefulSet, "web", DeleteOptions::default())
        .unwrap();
    assert!(!e.store().statefulsets.contains_key("web"));
    e.settle(120_000).unwrap();
    assert!(e.store().pods.is_empty());
    assert!(e.store().revisions.is_empty());
    assert_eq!(
        e.store().pvcs.len(),
        2,
        "Retain policy keeps claims (§17.4)"
    );
}

#[test]
fn foreground_delete_keeps_the_set_until_pods_are_gone() {
    let mut e = setup(2, false);
    e.settle(120_000).unwrap();
    e.delete(
        Kind::StatefulSet,
        "web",
        DeleteOptions {
            propagation: Propagation::Foreground,
            ..Default::default()
        },
    )
    .unwrap();
    e.flush();
    let s = &e.store().statefulsets["web"];
    assert!(s.metadata.is_terminating());
    assert!(s
        .metadata
        .finalizers
        .contains(&"foregroundDeletion".to_string()));
    assert!(e.store().pods.values().all(|p| p.metadata.is_terminating()));
    e.settle(120_000).unwrap();
    assert!(!e.store().statefulsets.contains_key("web"));
    assert!(e.store().pods.is_empty());
}

#[test]
fn orphan_delete_leaves_pods_without_owner() {
    let mut e = setup(2, false);
    e.settle(120_000).unwrap();
    e.delete(
        Kind::StatefulSet,
        "web",
        DeleteOptions {
            propagation: Propagation::Orphan,
            ..Default::default()
        },
    )
    .unwrap();
    e.settle(120_000).unwrap();
    assert!(!e.store().statefulsets.contains_key("web"));
    assert_eq!(e.store().pods.len(), 2);
    assert!(e
        .store()
        .pods
        .values()
        .all(|p| p.metadata.owner_references.is_empty()));
    assert!(e
        .store()
        .revisions
        .values()
        .all(|r| r.metadata.owner_references.is_empty()));
    // Deleting an orphan: not recreated.
    e.delete(Kind::Pod, "web-1", DeleteOptions::default())
        .unwrap();
    e.settle(120_000).unwrap();
    assert!(!e.store().pods.contains_key("web-1"));
}

#[test]
fn same_seed_same_trace_other_seed_other_jitter() {
    let run = |seed: u64| {
        let mut e = Engine::new(Config {
            seed,
            ..Config::default()
        });
        e.create(Object::Service(headless())).unwrap();
        e.create(Object::StatefulSet(web(3, false))).unwrap();
        e.settle(120_000).unwrap();
        e.records()
            .iter()
            .map(|r| r.to_json_line())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

/// Parallel 0→1,000: every pod and claim exists and the status counts them.
/// How fast this runs is measured by the `stsbench` benchmark (medians and
/// growth ratios), not asserted by a timed test.
#[test]
fn parallel_scale_to_a_thousand_settles() {
    let n = 1000;
    let mut e = setup(0, true);
    e.settle(10_000).unwrap();
    let mut s = e.store().statefulsets["web"].clone();
    s.spec.replicas = Some(n);
    e.update(Object::StatefulSet(s)).unwrap();
    e.settle(600_000).unwrap();
    assert_eq!(e.store().pods.len(), n as usize);
    assert_eq!(e.store().pvcs.len(), n as usize);
    let st = &e.store().statefulsets["web"].status;
    assert_eq!(
        (st.replicas, st.ready_replicas, st.available_replicas),
        (n, n, n)
    );
}

/// §3.3: the claim volume upstream's updateStorage writes has
/// `ReadOnly: false`, which `readOnly,omitempty` drops from the stored
/// pod: `kubectl get pod -o yaml` shows only `claimName`.
#[test]
fn claim_volume_has_no_read_only_field() {
    let mut e = setup(1, false);
    e.settle(60_000).unwrap();
    let pod = &e.store().pods["web-0"];
    let v = serde_json::to_value(pod).unwrap();
    let vol = &v["spec"]["volumes"][0];
    assert_eq!(vol["name"], "www");
    assert_eq!(
        vol["persistentVolumeClaim"],
        serde_json::json!({"claimName": "www-web-0"})
    );
}
