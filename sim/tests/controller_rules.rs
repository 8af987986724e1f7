//! StatefulSet controller unit tests against a fake `StatefulSetClient`.
//! Each test is named after the semantics rule it pins (`sN_M_…`) and
//! asserts the exact writes and events of `sync` (statefulset-semantics.md).

use sim::api::statefulset_rules::default_statefulset;
use sim::api::*;
use sim::control::statefulset::{sync, StatefulSetClient};
use sim::{Explanation, ExplanationKind};
use std::collections::BTreeMap;

/// An in-memory API server that logs every write in order.
#[derive(Default)]
struct Fake {
    now: Time,
    pods: BTreeMap<String, Pod>,
    pvcs: BTreeMap<String, PersistentVolumeClaim>,
    revisions: BTreeMap<String, ControllerRevision>,
    status: Option<StatefulSetStatus>,
    log: Vec<String>,
    requeues: Vec<Millis>,
    next_uid: u64,
    fail_create_pod: Option<ApiError>,
    fail_delete_pod: Option<ApiError>,
}

impl Fake {
    fn uid(&mut self) -> String {
        self.next_uid += 1;
        format!("uid-{}", self.next_uid)
    }
    /// Takes the write log since the last call.
    fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }
    fn set_ready(&mut self, name: &str, ready: bool) {
        let now = self.now;
        if let Some(p) = self.pods.get_mut(name) {
            p.status.phase = Some("Running".into());
            p.status.conditions = vec![PodCondition {
                type_: "Ready".into(),
                status: if ready { "True" } else { "False" }.into(),
                last_transition_time: Some(now),
                ..Default::default()
            }];
        }
    }
    fn all_ready(&mut self) {
        let names: Vec<String> = self
            .pods
            .iter()
            .filter(|(_, p)| !p.is_running_and_ready() && !p.metadata.is_terminating())
            .map(|(n, _)| n.clone())
            .collect();
        for n in names {
            self.set_ready(&n, true);
        }
    }
    /// Terminating pods disappear (graceful deletion completes).
    fn finish_deletions(&mut self) {
        self.pods.retain(|_, p| !p.metadata.is_terminating());
    }
    fn pod(&self, name: &str) -> &Pod {
        self.pods
            .get(name)
            .unwrap_or_else(|| panic!("no pod {name}"))
    }
    fn pod_names(&self) -> Vec<String> {
        self.pods.keys().cloned().collect()
    }
    fn live_pods(&self) -> Vec<String> {
        self.pods
            .iter()
            .filter(|(_, p)| !p.metadata.is_terminating())
            .map(|(n, _)| n.clone())
            .collect()
    }
}

impl StatefulSetClient for Fake {
    fn now(&self) -> Time {
        self.now
    }
    fn list_pods(&self) -> Vec<Pod> {
        self.pods.values().cloned().collect()
    }
    fn get_pvc(&self, name: &str) -> Option<PersistentVolumeClaim> {
        self.pvcs.get(name).cloned()
    }
    fn list_revisions(&self) -> Vec<ControllerRevision> {
        self.revisions.values().cloned().collect()
    }
    fn create_pvc(&mut self, mut pvc: PersistentVolumeClaim) -> Result<(), ApiError> {
        self.log.push(format!("create pvc {}", pvc.metadata.name));
        pvc.metadata.uid = self.uid();
        self.pvcs.insert(pvc.metadata.name.clone(), pvc);
        Ok(())
    }
    fn update_pvc(&mut self, pvc: PersistentVolumeClaim) -> Result<(), ApiError> {
        let refs: Vec<String> = pvc
            .metadata
            .owner_references
            .iter()
            .map(|r| r.short())
            .collect();
        self.log.push(format!(
            "update pvc {} refs=[{}]",
            pvc.metadata.name,
            refs.join(",")
        ));
        self.pvcs.insert(pvc.metadata.name.clone(), pvc);
        Ok(())
    }
    fn create_pod(&mut self, mut pod: Pod) -> Result<(), ApiError> {
        if let Some(e) = self.fail_create_pod.clone() {
            return Err(e);
        }
        let name = pod.metadata.name.clone();
        if self.pods.contains_key(&name) {
            return Err(ApiError::AlreadyExists {
                kind: Kind::Pod,
                name,
            });
        }
        self.log.push(format!(
            "create pod {name} rev={}",
            pod.metadata
                .labels
                .get("controller-revision-hash")
                .cloned()
                .unwrap_or_default()
        ));
        pod.metadata.uid = self.uid();
        pod.status.phase = Some("Pending".into());
        self.pods.insert(name, pod);
        Ok(())
    }
    fn update_pod(&mut self, pod: Pod) -> Result<(), ApiError> {
        self.log.push(format!("update pod {}", pod.metadata.name));
        self.pods.insert(pod.metadata.name.clone(), pod);
        Ok(())
    }
    fn delete_pod(&mut self, name: &str) -> Result<(), ApiError> {
        if let Some(e) = self.fail_delete_pod.clone() {
            return Err(e);
        }
        let now = self.now;
        match self.pods.get_mut(name) {
            Some(p) => {
                p.metadata.deletion_timestamp = Some(now);
                self.log.push(format!("delete pod {name}"));
                Ok(())
            }
            None => Err(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.into(),
            }),
        }
    }
    fn create_revision(&mut self, rev: ControllerRevision) -> Result<ControllerRevision, ApiError> {
        let name = rev.metadata.name.clone();
        if self.revisions.contains_key(&name) {
            return Err(ApiError::AlreadyExists {
                kind: Kind::ControllerRevision,
                name,
            });
        }
        self.log.push(format!("create revision #{}", rev.revision));
        self.revisions.insert(name, rev.clone());
        Ok(rev)
    }
    fn update_revision(&mut self, rev: ControllerRevision) -> Result<(), ApiError> {
        self.log.push(format!("update revision #{}", rev.revision));
        self.revisions.insert(rev.metadata.name.clone(), rev);
        Ok(())
    }
    fn delete_revision(&mut self, name: &str) -> Result<(), ApiError> {
        let n = self.revisions.remove(name).map_or(-1, |r| r.revision);
        self.log.push(format!("delete revision #{n}"));
        Ok(())
    }
    fn update_status(&mut self, _set: &str, status: StatefulSetStatus) -> Result<(), ApiError> {
        self.log.push(format!(
            "status replicas={} ready={} available={} current={} updated={}",
            status.replicas,
            status.ready_replicas,
            status.available_replicas,
            status.current_replicas,
            status.updated_replicas
        ));
        self.status = Some(status);
        Ok(())
    }
    fn record_event(
        &mut self,
        _set: &str,
        type_: &'static str,
        reason: std::borrow::Cow<'static, str>,
        message: String,
    ) {
        self.log.push(format!("event {type_} {reason}: {message}"));
    }
    fn requeue_after(&mut self, _set: &str, after: Millis) {
        self.requeues.push(after);
    }
}

fn web(replicas: i32) -> StatefulSet {
    let labels: BTreeMap<String, String> = [("app".to_string(), "nginx".to_string())].into();
    let mut s = StatefulSet::default();
    s.metadata.name = "web".into();
    s.metadata.namespace = "default".into();
    s.metadata.uid = "uid-web".into();
    s.metadata.generation = 1;
    s.spec.replicas = Some(replicas);
    s.spec.service_name = "nginx".into();
    s.spec.selector = Some(LabelSelector {
        match_labels: labels.clone(),
        ..Default::default()
    });
    s.spec.template.metadata.labels = labels;
    s.spec.template.spec.containers = vec![Container {
        name: "nginx".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    }];
    let mut claim = PersistentVolumeClaim::default();
    claim.metadata.name = "www".into();
    s.spec.volume_claim_templates = vec![claim];
    default_statefulset(&mut s);
    s
}

fn set_image(set: &mut StatefulSet, image: &str) {
    set.spec.template.spec.containers[0].image = image.into();
    set.metadata.generation += 1;
}

fn rolling(set: &mut StatefulSet) -> &mut RollingUpdateStatefulSetStrategy {
    set.spec
        .update_strategy
        .as_mut()
        .and_then(|u| u.rolling_update.as_mut())
        .expect("rollingUpdate block")
}

/// One reconcile; the written status is applied to `set` as the store would.
fn step(set: &mut StatefulSet, fake: &mut Fake) -> Vec<Explanation> {
    let out = sync(set, fake);
    if let Some(st) = fake.status.take() {
        set.status = st;
    }
    out
}

/// Reconciles, making pods Ready and finishing deletions, until nothing is written.
fn converge(set: &mut StatefulSet, fake: &mut Fake) {
    for _ in 0..200 {
        step(set, fake);
        let wrote = !fake.take().is_empty();
        let before = fake.pods.clone();
        fake.all_ready();
        fake.finish_deletions();
        if !wrote && before == fake.pods {
            return;
        }
    }
    panic!("did not converge");
}

fn waits(out: &[Explanation]) -> Vec<String> {
    out.iter()
        .filter(|e| e.kind == ExplanationKind::Wait)
        .map(|e| format!("{} {}", e.rule, e.text))
        .collect()
}

fn rev_of(p: &Pod) -> String {
    p.metadata
        .labels
        .get("controller-revision-hash")
        .cloned()
        .unwrap_or_default()
}

#[test]
fn s3_3_created_pod_identity_and_event_order() {
    let mut set = web(1);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    let log = f.take();
    let rev = set.status.update_revision.clone();
    assert!(rev.starts_with("web-"), "{rev}");
    assert_eq!(
        log,
        vec![
            "create revision #1".to_string(),
            "create pvc www-web-0".into(),
            "event Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success".into(),
            format!("create pod web-0 rev={rev}"),
            "event Normal SuccessfulCreate: create Pod web-0 in StatefulSet web successful".into(),
            "status replicas=0 ready=0 available=0 current=0 updated=0".into(),
        ]
    );
    let p = f.pod("web-0");
    assert_eq!(
        p.metadata
            .labels
            .get("statefulset.kubernetes.io/pod-name")
            .map(String::as_str),
        Some("web-0")
    );
    assert_eq!(
        p.metadata
            .labels
            .get("apps.kubernetes.io/pod-index")
            .map(String::as_str),
        Some("0")
    );
    assert_eq!(
        p.metadata.labels.get("app").map(String::as_str),
        Some("nginx")
    );
    assert_eq!(p.spec.hostname.as_deref(), Some("web-0"));
    assert_eq!(p.spec.subdomain.as_deref(), Some("nginx"));
    let owner = &p.metadata.owner_references[0];
    assert_eq!(
        (
            owner.kind.as_str(),
            owner.name.as_str(),
            owner.controller,
            owner.block_owner_deletion
        ),
        ("StatefulSet", "web", Some(true), Some(true))
    );
    let vol = &p.spec.volumes[0];
    assert_eq!(vol.name, "www");
    assert_eq!(
        vol.persistent_volume_claim
            .as_ref()
            .map(|c| c.claim_name.as_str()),
        Some("www-web-0")
    );
    let pvc = &f.pvcs["www-web-0"];
    assert_eq!(
        pvc.metadata.labels.get("app").map(String::as_str),
        Some("nginx")
    );
    assert!(pvc.metadata.owner_references.is_empty());
}

#[test]
fn s3_4_drift_repair_emits_successful_update() {
    let mut set = web(1);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    if let Some(p) = f.pods.get_mut("web-0") {
        p.metadata
            .labels
            .remove("statefulset.kubernetes.io/pod-name");
    }
    let out = step(&mut set, &mut f);
    assert_eq!(
        f.take(),
        vec![
            "update pod web-0".to_string(),
            "event Normal SuccessfulUpdate: update Pod web-0 in StatefulSet web successful".into()
        ]
    );
    assert_eq!(
        f.pod("web-0")
            .metadata
            .labels
            .get("statefulset.kubernetes.io/pod-name")
            .map(String::as_str),
        Some("web-0")
    );
    assert!(out.iter().any(|e| e.rule == "§3.4"));
}

#[test]
fn s7_1_ordered_ready_creates_one_pod_per_ready_predecessor() {
    let mut set = web(3);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0"]);
    f.take();
    let out = step(&mut set, &mut f);
    assert_eq!(
        f.take(),
        vec!["status replicas=1 ready=0 available=0 current=1 updated=1".to_string()],
        "only status is written while web-0 is Pending"
    );
    assert_eq!(
        waits(&out),
        vec!["§7.1 web-1 is not created yet because web-0 is not Ready".to_string()]
    );
    f.set_ready("web-0", true);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0", "web-1"]);
    f.set_ready("web-1", true);
    step(&mut set, &mut f);
    f.set_ready("web-2", true);
    step(&mut set, &mut f);
    assert_eq!(set.status.ready_replicas, 3);
    assert_eq!(set.status.current_replicas, 3);
    assert_eq!(set.status.current_revision, set.status.update_revision);
}

#[test]
fn s7_3_scale_up_halts_while_a_pod_is_unready() {
    let mut set = web(1);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    f.set_ready("web-0", false);
    set.spec.replicas = Some(3);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0"]);
    f.set_ready("web-0", true);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0", "web-1"]);
}

#[test]
fn s7_4_missing_lower_pod_is_recreated_even_if_higher_is_unready() {
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    f.set_ready("web-1", false);
    f.pods.remove("web-0");
    f.take();
    step(&mut set, &mut f);
    let log = f.take();
    assert!(log[0].starts_with("create pod web-0"), "{log:?}");
    assert!(
        !log.iter().any(|l| l.contains("create pvc")),
        "the PVC is reattached, not recreated"
    );
}

#[test]
fn s7_5_missing_higher_pod_waits_for_unready_lower_pod() {
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    f.set_ready("web-0", false);
    f.pods.remove("web-2");
    f.take();
    step(&mut set, &mut f);
    assert!(!f.take().iter().any(|l| l.starts_with("create pod")));
}

#[test]
fn s8_1_scale_down_is_highest_first_and_waits_for_termination() {
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    set.spec.replicas = Some(0);
    f.take();
    step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(
        log[0..2],
        [
            "delete pod web-2".to_string(),
            "event Normal SuccessfulDelete: delete Pod web-2 in StatefulSet web successful".into()
        ]
    );
    let out = step(&mut set, &mut f);
    assert!(!f.take().iter().any(|l| l.starts_with("delete pod")));
    assert_eq!(
        waits(&out),
        vec!["§8.1 web-1 is not deleted yet: web-2 is still terminating".to_string()]
    );
    f.finish_deletions();
    step(&mut set, &mut f);
    assert_eq!(f.take()[0], "delete pod web-1");
    f.finish_deletions();
    step(&mut set, &mut f);
    assert_eq!(f.take()[0], "delete pod web-0");
    f.finish_deletions();
    step(&mut set, &mut f);
    assert_eq!(set.status.replicas, 0);
    assert_eq!(set.status.current_revision, set.status.update_revision);
}

#[test]
fn s8_2_scale_down_waits_for_lowest_unhealthy() {
    // 5→2 with web-3 and web-4 unready: nothing is deleted.
    let mut set = web(5);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    f.set_ready("web-3", false);
    f.set_ready("web-4", false);
    set.spec.replicas = Some(2);
    f.take();
    let out = step(&mut set, &mut f);
    assert!(!f.take().iter().any(|l| l.starts_with("delete pod")));
    assert_eq!(
        waits(&out),
        vec!["§8.2 web-4 is not deleted yet: it is not Ready and it is not the first unhealthy pod (web-3 is); scale-down waits until it recovers".to_string()]
    );
    // Only web-3 unready: web-4 (healthy) goes, then web-3 (the first unhealthy), then web-2.
    f.set_ready("web-4", true);
    step(&mut set, &mut f);
    assert_eq!(f.take()[0], "delete pod web-4");
    f.finish_deletions();
    step(&mut set, &mut f);
    assert_eq!(f.take()[0], "delete pod web-3");
    f.finish_deletions();
    step(&mut set, &mut f);
    assert_eq!(f.take()[0], "delete pod web-2");
}

#[test]
fn s8_3_unready_kept_pod_blocks_scale_down() {
    let mut set = web(5);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    f.set_ready("web-1", false);
    set.spec.replicas = Some(2);
    f.take();
    step(&mut set, &mut f);
    assert!(!f.take().iter().any(|l| l.starts_with("delete pod")));
    // 3→0 with only web-0 unready: web-2, web-1, then web-0.
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    f.set_ready("web-0", false);
    set.spec.replicas = Some(0);
    for want in ["web-2", "web-1", "web-0"] {
        f.take();
        step(&mut set, &mut f);
        assert_eq!(
            f.take().first().map(String::as_str),
            Some(format!("delete pod {want}").as_str())
        );
        f.finish_deletions();
    }
}

#[test]
fn s9_parallel_creates_and_deletes_all_at_once() {
    let mut set = web(4);
    set.spec.pod_management_policy = Some("Parallel".into());
    let mut f = Fake::default();
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0", "web-1", "web-2", "web-3"]);
    let log = f.take();
    // claim event precedes its pod event for each creation (§16).
    let i_claim = log
        .iter()
        .position(|l| l.contains("create Claim www-web-2"))
        .unwrap_or(usize::MAX);
    let i_pod = log
        .iter()
        .position(|l| l.contains("create Pod web-2"))
        .unwrap_or(0);
    assert!(i_claim < i_pod);
    set.spec.replicas = Some(1);
    step(&mut set, &mut f);
    let deletes: Vec<String> = f
        .take()
        .into_iter()
        .filter(|l| l.starts_with("delete pod"))
        .collect();
    assert_eq!(
        deletes,
        vec!["delete pod web-3", "delete pod web-2", "delete pod web-1"]
    );
}

#[test]
fn s10_1_failed_pod_is_deleted_then_recreated() {
    let mut set = web(2);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    if let Some(p) = f.pods.get_mut("web-0") {
        p.status.phase = Some("Failed".into());
    }
    f.take();
    step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(
        log[0..2],
        [
            "delete pod web-0".to_string(),
            "event Normal SuccessfulDelete: delete Pod web-0 in StatefulSet web successful".into()
        ]
    );
    assert_eq!(
        log.iter().filter(|l| l.starts_with("delete pod")).count(),
        1
    );
    step(&mut set, &mut f);
    assert!(!f
        .take()
        .iter()
        .any(|l| l.starts_with("create pod") || l.starts_with("delete pod")));
    f.finish_deletions();
    step(&mut set, &mut f);
    assert!(f.take()[0].starts_with("create pod web-0"));
}

#[test]
fn s11_3_pvc_being_deleted_fails_pod_creation() {
    let mut set = web(1);
    let mut f = Fake::default();
    let mut pvc = PersistentVolumeClaim::default();
    pvc.metadata.name = "www-web-0".into();
    pvc.metadata.deletion_timestamp = Some(Time(0));
    f.pvcs.insert(pvc.metadata.name.clone(), pvc);
    step(&mut set, &mut f);
    let log = f.take();
    assert!(log.contains(&"event Warning FailedCreate: create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted".to_string()), "{log:?}");
    assert!(f.pods.is_empty());
    assert_eq!(f.requeues, vec![1000], "a failed sync is retried");
}

#[test]
fn s11_4_pending_pod_gets_its_missing_claim_back() {
    let mut set = web(1);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    f.pvcs.clear();
    f.take();
    step(&mut set, &mut f);
    assert_eq!(
        f.take()[0..2],
        ["create pvc www-web-0".to_string(), "event Normal SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success".into()]
    );
}

fn refs(f: &Fake, pvc: &str) -> Vec<String> {
    f.pvcs[pvc]
        .metadata
        .owner_references
        .iter()
        .map(|r| r.short())
        .collect()
}

#[test]
fn s11_5_retention_owner_reference_table() {
    for (when_scaled, when_deleted, kept, condemned) in [
        ("Retain", "Retain", vec![], vec![]),
        (
            "Retain",
            "Delete",
            vec!["StatefulSet/web"],
            vec!["StatefulSet/web"],
        ),
        ("Delete", "Retain", vec![], vec!["Pod/web-2"]),
        (
            "Delete",
            "Delete",
            vec!["StatefulSet/web"],
            vec!["Pod/web-2"],
        ),
    ] {
        let mut set = web(3);
        set.spec.persistent_volume_claim_retention_policy =
            Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
                when_deleted: Some(when_deleted.into()),
                when_scaled: Some(when_scaled.into()),
            });
        let mut f = Fake::default();
        converge(&mut set, &mut f);
        assert_eq!(
            refs(&f, "www-web-0"),
            kept,
            "{when_scaled}/{when_deleted} in range"
        );
        set.spec.replicas = Some(2);
        f.take();
        step(&mut set, &mut f);
        let log = f.take();
        assert_eq!(
            refs(&f, "www-web-2"),
            condemned,
            "{when_scaled}/{when_deleted} condemned"
        );
        assert_eq!(refs(&f, "www-web-0"), kept);
        // §6.7: claims are fixed before the condemned pod is deleted.
        if let Some(upd) = log
            .iter()
            .position(|l| l.starts_with("update pvc www-web-2"))
        {
            let del = log
                .iter()
                .position(|l| l == "delete pod web-2")
                .unwrap_or(0);
            assert!(upd < del, "{log:?}");
        }
        assert!(log.contains(&"delete pod web-2".to_string()));
    }
}

#[test]
fn s11_8_stale_claim_blocks_scale_up() {
    let mut set = web(2);
    set.spec.persistent_volume_claim_retention_policy =
        Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
            when_deleted: Some("Retain".into()),
            when_scaled: Some("Delete".into()),
        });
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    set.spec.replicas = Some(1);
    converge(&mut set, &mut f);
    assert_eq!(
        refs(&f, "www-web-1"),
        vec!["Pod/web-1"],
        "the GC has not removed it yet"
    );
    set.spec.replicas = Some(2);
    f.take();
    let out = step(&mut set, &mut f);
    assert!(f.take().iter().all(|l| !l.starts_with("create pod")));
    assert!(waits(&out)[0].starts_with(
        "§11.8 web-1 is not created yet: its claim www-web-1 still belongs to the previous web-1"
    ));
    f.pvcs.remove("www-web-1");
    step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(log[0], "create pvc www-web-1");
}

#[test]
fn s11_11_foreign_controller_is_reported() {
    let mut set = web(1);
    set.spec.persistent_volume_claim_retention_policy =
        Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
            when_deleted: Some("Delete".into()),
            when_scaled: Some("Retain".into()),
        });
    let mut f = Fake::default();
    let mut pvc = PersistentVolumeClaim::default();
    pvc.metadata.name = "www-web-0".into();
    pvc.metadata.owner_references = vec![OwnerReference::controller_ref(
        "v1",
        "ConfigMap",
        "other",
        "uid-other",
    )];
    f.pvcs.insert(pvc.metadata.name.clone(), pvc);
    step(&mut set, &mut f);
    let log = f.take();
    assert!(log.iter().any(|l| l.starts_with("event Warning ConflictingController: PersistentVolumeClaim www-web-0 has a conflicting OwnerReference")));
    assert_eq!(
        refs(&f, "www-web-0"),
        vec!["ConfigMap/other"],
        "the policy is ignored for that claim"
    );
}

#[test]
fn s12_3_revisions_create_reuse_and_roll_back() {
    let mut set = web(1);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    let r1 = set.status.update_revision.clone();
    step(&mut set, &mut f);
    assert!(
        f.take().is_empty(),
        "an unchanged template creates no revision"
    );
    set_image(&mut set, "nginx:1.26");
    step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(log[0], "create revision #2");
    let r2 = set.status.update_revision.clone();
    assert_ne!(r1, r2);
    converge(&mut set, &mut f);
    set_image(&mut set, "nginx:1.25");
    step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(
        log[0], "update revision #3",
        "rollback bumps the old revision"
    );
    assert_eq!(set.status.update_revision, r1);
    assert_eq!(f.revisions.len(), 2);
    assert_eq!(f.revisions[&r1].revision, 3);
    converge(&mut set, &mut f);
    assert_eq!(rev_of(f.pod("web-0")), r1);
    // Changing replicas or the strategy never makes a revision (§12.1).
    set.spec.replicas = Some(2);
    rolling(&mut set).partition = Some(1);
    step(&mut set, &mut f);
    assert!(!f.take().iter().any(|l| l.contains("revision")));
}

#[test]
fn s12_5_history_is_truncated_to_the_limit() {
    let mut set = web(1);
    set.spec.revision_history_limit = Some(2);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    for i in 0..6 {
        set_image(&mut set, &format!("nginx:{i}"));
        converge(&mut set, &mut f);
        assert!(f.revisions.len() <= 2 + 2, "{}", f.revisions.len());
    }
    assert_eq!(f.revisions.len(), 3, "limit 2 + the live revision");
}

#[test]
fn s13_1_rolling_update_highest_first_one_at_a_time() {
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    set_image(&mut set, "nginx:1.26");
    f.take();
    step(&mut set, &mut f);
    let log = f.take();
    assert!(log.contains(&"delete pod web-2".to_string()));
    assert_eq!(
        log.iter().filter(|l| l.starts_with("delete pod")).count(),
        1
    );
    assert_eq!(
        set.status.current_replicas, 2,
        "a pod deleted for update is subtracted at once (§15.2)"
    );
    let order: Vec<String> = {
        let mut order = Vec::new();
        for _ in 0..50 {
            step(&mut set, &mut f);
            order.extend(f.take().into_iter().filter(|l| l.starts_with("delete pod")));
            f.all_ready();
            f.finish_deletions();
        }
        order
    };
    assert_eq!(order, vec!["delete pod web-1", "delete pod web-0"]);
    let update = set.status.update_revision.clone();
    assert!(f.pods.values().all(|p| rev_of(p) == update));
    assert_eq!(set.status.current_revision, update, "§13.9 completion");
}

#[test]
fn s13_6_partition_protects_lower_ordinals() {
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    let old = set.status.update_revision.clone();
    rolling(&mut set).partition = Some(2);
    set_image(&mut set, "nginx:1.26");
    converge(&mut set, &mut f);
    let new = set.status.update_revision.clone();
    assert_eq!(rev_of(f.pod("web-2")), new);
    assert_eq!(rev_of(f.pod("web-1")), old);
    assert_eq!(rev_of(f.pod("web-0")), old);
    let out = step(&mut set, &mut f);
    assert!(waits(&out).contains(
        &"§13.6 partition 2 protects web-0 and web-1: they keep the old revision".to_string()
    ));
    assert_ne!(
        set.status.current_revision, new,
        "never completes with P > 0"
    );
    // §13.7: a protected pod that is deleted comes back at the old revision.
    f.pods.remove("web-0");
    converge(&mut set, &mut f);
    assert_eq!(rev_of(f.pod("web-0")), old);
    // Lowering the partition resumes the rollout.
    rolling(&mut set).partition = Some(0);
    converge(&mut set, &mut f);
    assert!(f.pods.values().all(|p| rev_of(p) == new));
}

#[test]
fn s13_5_parallel_max_unavailable_deletes_in_batches() {
    let mut set = web(6);
    set.spec.pod_management_policy = Some("Parallel".into());
    let ru = rolling(&mut set);
    ru.partition = Some(3);
    ru.max_unavailable = Some(IntOrString::Int(2));
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    set_image(&mut set, "nginx:1.26");
    f.take();
    step(&mut set, &mut f);
    let deletes: Vec<String> = f
        .take()
        .into_iter()
        .filter(|l| l.starts_with("delete pod"))
        .collect();
    assert_eq!(deletes, vec!["delete pod web-5", "delete pod web-4"]);
    f.finish_deletions();
    step(&mut set, &mut f);
    let creates: Vec<String> = f
        .take()
        .into_iter()
        .filter(|l| l.starts_with("create pod"))
        .map(|l| l[..16].to_string())
        .collect();
    assert_eq!(creates, vec!["create pod web-4", "create pod web-5"]);
    f.set_ready("web-4", true);
    step(&mut set, &mut f);
    let deletes: Vec<String> = f
        .take()
        .into_iter()
        .filter(|l| l.starts_with("delete pod"))
        .collect();
    assert_eq!(deletes, vec!["delete pod web-3"], "U=1 < M=2");
}

#[test]
fn s13_7_legacy_rule_without_rolling_update_block() {
    let mut set = web(3);
    set.spec.update_strategy = Some(StatefulSetUpdateStrategy {
        type_: Some("RollingUpdate".into()),
        rolling_update: None,
    });
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    let old = set.status.update_revision.clone();
    set_image(&mut set, "nginx:1.26");
    step(&mut set, &mut f); // deletes web-2, currentReplicas 3 → 2
    f.take();
    f.finish_deletions();
    // The recreated web-2 is at the old revision? No: ordinal 2 ≥ start + currentReplicas (2).
    step(&mut set, &mut f);
    assert_ne!(rev_of(f.pod("web-2")), old);
    // A deleted web-0 (ordinal < currentReplicas) comes back at the current revision.
    f.all_ready();
    f.pods.remove("web-0");
    step(&mut set, &mut f);
    assert_eq!(rev_of(f.pod("web-0")), old);
}

#[test]
fn s14_on_delete_never_replaces_outdated_pods() {
    let mut set = web(2);
    set.spec.update_strategy = Some(StatefulSetUpdateStrategy {
        type_: Some("OnDelete".into()),
        rolling_update: None,
    });
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    let old = set.status.update_revision.clone();
    set_image(&mut set, "nginx:1.26");
    let out = step(&mut set, &mut f);
    assert!(!f.take().iter().any(|l| l.starts_with("delete pod")));
    assert!(waits(&out).iter().any(|w| w.starts_with("§14.1")));
    let new = set.status.update_revision.clone();
    assert_ne!(old, new);
    // Scale-up and user deletion stamp pods from the update revision (§14.2).
    set.spec.replicas = Some(3);
    f.pods.remove("web-0");
    converge(&mut set, &mut f);
    assert_eq!(rev_of(f.pod("web-0")), new);
    assert_eq!(rev_of(f.pod("web-1")), old);
    assert_eq!(rev_of(f.pod("web-2")), new);
    f.pods.remove("web-1");
    converge(&mut set, &mut f);
    // §14.4: currentRevision is not advanced under OnDelete.
    assert_eq!(set.status.current_revision, old);
    assert_eq!(
        (set.status.current_replicas, set.status.updated_replicas),
        (0, 3)
    );
}

#[test]
fn s15_3_status_is_written_only_when_it_changes() {
    let mut set = web(2);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    step(&mut set, &mut f);
    assert!(f.take().is_empty());
    set.metadata.generation = 2;
    step(&mut set, &mut f);
    assert_eq!(
        f.take(),
        vec!["status replicas=2 ready=2 available=2 current=2 updated=2".to_string()]
    );
    assert_eq!(set.status.observed_generation, 2);
}

#[test]
fn s5_3_min_ready_seconds_gates_availability_and_requeues() {
    let mut set = web(2);
    set.spec.min_ready_seconds = Some(10);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    f.set_ready("web-0", true);
    f.requeues.clear();
    let out = step(&mut set, &mut f);
    assert_eq!(
        f.pod_names(),
        vec!["web-0"],
        "web-1 waits for web-0 to be available"
    );
    assert!(waits(&out)[0].contains("not yet available (minReadySeconds=10)"));
    assert!(
        f.requeues.contains(&10_000) && f.requeues.contains(&11_000),
        "{:?}",
        f.requeues
    );
    assert_eq!(
        (set.status.ready_replicas, set.status.available_replicas),
        (1, 0)
    );
    f.now = Time(10_000);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0", "web-1"]);
}

/// §5.3: the Ready condition's lastTransitionTime is a metav1.Time, kept
/// in whole seconds by the API, so a pod Ready at 1.6 s with
/// minReadySeconds 10 is available from 11.0 s (not 11.6 s); the
/// requeue on the Ready transition still counts from the transition
/// (minReadySeconds + 1 s after it, §6).
#[test]
fn s5_3_ready_transition_time_has_second_precision() {
    let mut set = web(2);
    set.spec.min_ready_seconds = Some(10);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    f.now = Time(1_600);
    f.set_ready("web-0", true);
    f.requeues.clear();
    step(&mut set, &mut f);
    assert!(f.requeues.contains(&11_000), "{:?}", f.requeues);
    f.now = Time(10_999);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0"]);
    f.now = Time(11_000);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0", "web-1"]);
}

#[test]
fn s6_5_deleting_set_only_updates_status() {
    let mut set = web(3);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    f.set_ready("web-0", true);
    set.metadata.deletion_timestamp = Some(Time(0));
    f.take();
    let out = step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(
        log,
        vec!["status replicas=1 ready=1 available=1 current=1 updated=1".to_string()]
    );
    assert_eq!(out.last().map(|e| e.rule.as_str()), Some("§6.5"));
}

#[test]
fn s6_1_adopts_orphans_and_releases_non_matching() {
    let mut set = web(2);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    // Orphan web-1 (owner removed), relabel web-0 so it no longer matches.
    if let Some(p) = f.pods.get_mut("web-1") {
        p.metadata.owner_references.clear();
    }
    if let Some(p) = f.pods.get_mut("web-0") {
        p.metadata.labels.insert("app".into(), "other".into());
    }
    f.take();
    step(&mut set, &mut f);
    let log = f.take();
    assert_eq!(
        log[0..2],
        ["update pod web-0".to_string(), "update pod web-1".into()]
    );
    assert!(
        f.pod("web-0").metadata.owner_references.is_empty(),
        "released"
    );
    assert_eq!(
        f.pod("web-1").metadata.owner_references[0].uid,
        "uid-web",
        "adopted"
    );
    // A pod whose name is not a member is not adopted (§3.2).
    let mut stray = f.pod("web-1").clone();
    stray.metadata.name = "web-x".into();
    stray.metadata.owner_references.clear();
    f.pods.insert("web-x".into(), stray);
    step(&mut set, &mut f);
    assert!(f.pod("web-x").metadata.owner_references.is_empty());
}

#[test]
fn s4_start_ordinal_window() {
    let mut set = web(3);
    set.spec.ordinals = Some(StatefulSetOrdinals { start: 2 });
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-2", "web-3", "web-4"]);
    assert_eq!(
        f.pod("web-3")
            .metadata
            .labels
            .get("apps.kubernetes.io/pod-index")
            .map(String::as_str),
        Some("3")
    );
    assert!(f.pvcs.contains_key("www-web-4"));
    set.spec.ordinals = Some(StatefulSetOrdinals { start: 4 });
    set.spec.replicas = Some(2);
    converge(&mut set, &mut f);
    assert_eq!(f.live_pods(), vec!["web-4", "web-5"]);
}

#[test]
fn s18_2_reverted_template_still_needs_the_broken_pod_deleted() {
    let mut set = web(3);
    let mut f = Fake::default();
    converge(&mut set, &mut f);
    let good = set.status.update_revision.clone();
    set_image(&mut set, "nginx:broken");
    step(&mut set, &mut f); // deletes web-2
    f.finish_deletions();
    step(&mut set, &mut f); // recreates web-2 at the broken revision; it never gets Ready
    f.set_ready("web-2", false);
    let out = step(&mut set, &mut f);
    assert!(
        waits(&out).iter().any(|w| w.starts_with("§18.1")),
        "{:?}",
        waits(&out)
    );
    set_image(&mut set, "nginx:1.25");
    f.take();
    let out = step(&mut set, &mut f);
    assert_eq!(set.status.update_revision, good, "rollback detected");
    assert!(
        !f.take().iter().any(|l| l.starts_with("delete pod")),
        "stuck"
    );
    assert!(
        waits(&out)
            .iter()
            .any(|w| w.starts_with("§18.2 rollout blocked: web-2 is not Ready")),
        "{:?}",
        waits(&out)
    );
    assert_eq!(
        (
            set.status.replicas,
            set.status.ready_replicas,
            set.status.current_replicas,
            set.status.updated_replicas
        ),
        (3, 2, 2, 2)
    );
    f.pods.remove("web-2");
    converge(&mut set, &mut f);
    assert_eq!(rev_of(f.pod("web-2")), good);
}

#[test]
fn s16_failed_create_and_delete_events() {
    let mut set = web(1);
    let mut f = Fake {
        fail_create_pod: Some(ApiError::Forbidden("exceeded quota".into())),
        ..Default::default()
    };
    step(&mut set, &mut f);
    let log = f.take();
    assert!(log.contains(&"event Warning FailedCreate: create Pod web-0 in StatefulSet web failed error: exceeded quota".to_string()), "{log:?}");
    f.fail_create_pod = None;
    converge(&mut set, &mut f);
    f.fail_delete_pod = Some(ApiError::Conflict("boom".into()));
    set.spec.replicas = Some(0);
    step(&mut set, &mut f);
    assert!(f.take().contains(
        &"event Warning FailedDelete: delete Pod web-0 in StatefulSet web failed error: boom"
            .to_string()
    ));
}

#[test]
fn s4_huge_start_ordinal_does_not_panic() {
    let mut set = web(3);
    set.spec.ordinals = Some(StatefulSetOrdinals {
        start: i32::MAX - 1,
    });
    set.spec.pod_management_policy = Some("Parallel".into());
    let mut f = Fake::default();
    for _ in 0..5 {
        step(&mut set, &mut f);
        f.all_ready();
    }
    assert!(f.pods.contains_key("web-2147483647"));
}

/// The Why panel while OrderedReady waits on a pod with nothing above it,
/// and during a canary: the stuck-rollout advice (§18.1) names only pods
/// the partition lets update (§13.6).
#[test]
fn why_texts_for_the_top_pod_and_for_a_canary() {
    let mut set = web(3);
    let mut f = Fake::default();
    step(&mut set, &mut f);
    f.set_ready("web-0", true);
    step(&mut set, &mut f);
    f.set_ready("web-1", true);
    step(&mut set, &mut f);
    assert_eq!(f.pod_names(), vec!["web-0", "web-1", "web-2"]);
    let out = step(&mut set, &mut f);
    assert_eq!(
        waits(&out),
        vec!["§6.6 web-2 is not Ready yet; under OrderedReady the controller changes nothing else until it is".to_string()]
    );
    converge(&mut set, &mut f);
    // Canary: partition 2, new image. web-2 is replaced and not Ready yet.
    rolling(&mut set).partition = Some(2);
    set_image(&mut set, "nginx:1.26");
    let canary = |set: &mut StatefulSet, f: &mut Fake| {
        for _ in 0..4 {
            step(set, f);
            f.finish_deletions();
        }
        step(set, f)
    };
    let out = canary(&mut set, &mut f);
    let w = waits(&out);
    assert!(w.iter().all(|x| !x.starts_with("§18.1")), "{w:?}");
    assert!(
        w.contains(&"§6.6 web-2 is not Ready yet; under OrderedReady the controller changes nothing else until it is".to_string()),
        "{w:?}"
    );
    // Partition 1: web-1 does wait for web-2.
    converge(&mut set, &mut f);
    rolling(&mut set).partition = Some(1);
    set_image(&mut set, "nginx:1.27");
    let out = canary(&mut set, &mut f);
    let w = waits(&out);
    assert!(
        w.contains(&"§18.1 the rolling update waits for web-2 (new revision) to become Ready before it updates web-1; if it never does, revert the template and delete web-2".to_string()),
        "{w:?}"
    );
    assert_eq!(w.len(), 1, "{w:?}");
}
