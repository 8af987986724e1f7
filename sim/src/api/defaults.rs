//! API-server defaulting for the non-StatefulSet kinds (what
//! `SetDefaults_*` and the default admission plugins fill in). StatefulSet
//! defaults live in [`super::statefulset_rules`].

use super::{
    Deployment, DeploymentStrategy, IntOrString, PersistentVolumeClaim, Pod,
    RollingUpdateDeployment, Service,
};

/// The default StorageClass of the simulated cluster (DefaultStorageClass
/// admission fills it into claims that name none).
pub const DEFAULT_STORAGE_CLASS: &str = "standard";

/// Pod defaults: `restartPolicy: Always`, `terminationGracePeriodSeconds: 30`
/// (§19.2).
pub fn default_pod(pod: &mut Pod) {
    if pod.spec.restart_policy.as_deref().is_none_or(str::is_empty) {
        pod.spec.restart_policy = Some("Always".into());
    }
    pod.spec.termination_grace_period_seconds.get_or_insert(30);
}

/// PVC defaults: `volumeMode: Filesystem`, the default StorageClass.
pub fn default_pvc(pvc: &mut PersistentVolumeClaim) {
    pvc.spec
        .volume_mode
        .get_or_insert_with(|| "Filesystem".into());
    if pvc.spec.storage_class_name.is_none() {
        pvc.spec.storage_class_name = Some(DEFAULT_STORAGE_CLASS.into());
    }
}

/// Service defaults: `type: ClusterIP` (the IP itself is allocated by the
/// engine).
pub fn default_service(svc: &mut Service) {
    if svc.spec.type_.as_deref().is_none_or(str::is_empty) {
        svc.spec.type_ = Some("ClusterIP".into());
    }
}

/// Deployment defaults (`SetDefaults_Deployment`): 1 replica,
/// RollingUpdate 25%/25%, history 10, progress deadline 600 s.
pub fn default_deployment(d: &mut Deployment) {
    d.spec.replicas.get_or_insert(1);
    let s = d
        .spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    if s.type_.as_deref().is_none_or(str::is_empty) {
        s.type_ = Some("RollingUpdate".into());
    }
    if s.type_.as_deref() == Some("RollingUpdate") {
        let ru = s
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        ru.max_unavailable
            .get_or_insert(IntOrString::String("25%".into()));
        ru.max_surge
            .get_or_insert(IntOrString::String("25%".into()));
    }
    d.spec.revision_history_limit.get_or_insert(10);
    d.spec.progress_deadline_seconds.get_or_insert(600);
    let pod = &mut d.spec.template.spec;
    if pod.restart_policy.as_deref().is_none_or(str::is_empty) {
        pod.restart_policy = Some("Always".into());
    }
    pod.termination_grace_period_seconds.get_or_insert(30);
}
