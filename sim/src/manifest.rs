//! Export of live objects as clean manifests (experience.md, "Export"): the
//! YAML a person would write and `kubectl apply` on a real cluster — no
//! status, no server-set metadata (uid, resourceVersion, generation,
//! creationTimestamp, owner references, finalizers), no namespace, and no
//! allocated `clusterIP` (a headless Service keeps `clusterIP: None`, §3.5).
//!
//! The output is valid `apps/v1` StatefulSet and `v1` Service for Kubernetes
//! 1.36 (checked by `kubernetes-validate --strict` in the tests when it is
//! installed).

use crate::api::{Kind, Object, StatefulSet};
use crate::engine::Store;
use serde_json::{Map, Value};

/// Metadata fields the API server sets; never part of a manifest.
const SERVER_METADATA: [&str; 10] = [
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "ownerReferences",
    "finalizers",
    "managedFields",
    "namespace",
];

/// Annotations written by tools rather than people.
const TOOL_ANNOTATIONS: [&str; 2] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
];

fn clean_metadata(meta: &mut Value) {
    let Some(m) = meta.as_object_mut() else {
        return;
    };
    for k in SERVER_METADATA {
        m.remove(k);
    }
    if m.get("generateName").and_then(Value::as_str) == Some("") {
        m.remove("generateName");
    }
    if let Some(Value::Object(ann)) = m.get_mut("annotations") {
        for k in TOOL_ANNOTATIONS {
            ann.remove(k);
        }
    }
    drop_empty(m, &["labels", "annotations"]);
}

/// Removes keys whose value is `null`, `{}` or `[]`.
fn drop_empty(m: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        let empty = match m.get(*k) {
            Some(Value::Null) => true,
            Some(Value::Object(o)) => o.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        if empty {
            m.remove(*k);
        }
    }
}

/// Recursively removes `null` values (serde `Option::None` that was not
/// skipped) — an explicit `null` is never what a person writes.
fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            for x in m.values_mut() {
                drop_nulls(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// The manifest form of one object as JSON (see the module docs for what is
/// removed). Kinds other than StatefulSet, Service and Deployment get only
/// the generic metadata/status clean-up.
pub fn clean_json(obj: &Object) -> Value {
    let mut v = obj.to_json();
    drop_nulls(&mut v);
    let Some(root) = v.as_object_mut() else {
        return v;
    };
    root.remove("status");
    if let Some(meta) = root.get_mut("metadata") {
        clean_metadata(meta);
    }
    let kind = obj.kind();
    if let Some(Value::Object(spec)) = root.get_mut("spec") {
        match kind {
            Kind::StatefulSet | Kind::Deployment => {
                if let Some(Value::Object(tpl)) = spec.get_mut("template") {
                    if let Some(meta) = tpl.get_mut("metadata") {
                        clean_metadata(meta);
                    }
                    drop_empty(tpl, &["metadata"]);
                }
                if let Some(Value::Array(vcts)) = spec.get_mut("volumeClaimTemplates") {
                    for t in vcts.iter_mut() {
                        if let Some(t) = t.as_object_mut() {
                            t.remove("status");
                            // Inside a template `apiVersion`/`kind` are allowed but noise.
                            t.remove("apiVersion");
                            t.remove("kind");
                            if let Some(meta) = t.get_mut("metadata") {
                                clean_metadata(meta);
                            }
                            if let Some(Value::Object(s)) = t.get_mut("spec") {
                                // Bound volume names are per-claim, never part of a template.
                                s.remove("volumeName");
                            }
                        }
                    }
                }
            }
            Kind::Service => {
                // A headless Service keeps `clusterIP: None`; an allocated IP is dropped.
                if spec.get("clusterIP").and_then(Value::as_str) != Some("None") {
                    spec.remove("clusterIP");
                }
                spec.remove("clusterIPs");
            }
            _ => {}
        }
    }
    v
}

/// One object as a YAML document (no leading `---`).
pub fn to_yaml(obj: &Object) -> String {
    serde_yaml_ng::to_string(&clean_json(obj)).unwrap_or_default()
}

/// The StatefulSet `name` and, when it exists, its governing Service
/// (`spec.serviceName`), as a multi-document YAML stream (Service first, so
/// `kubectl apply -f` creates it before the pods need DNS). `None` when the
/// set does not exist.
pub fn export_statefulset(store: &Store, name: &str) -> Option<String> {
    let set = store.statefulsets.get(name)?;
    let mut docs = Vec::new();
    if let Some(svc) = store.services.get(&set.spec.service_name) {
        docs.push(to_yaml(&Object::Service(svc.clone())));
    }
    docs.push(to_yaml(&Object::StatefulSet(set.clone())));
    Some(join(docs))
}

/// Every Service, StatefulSet and Deployment in the store, as one YAML
/// stream: Services first, then StatefulSets, then Deployments, each by name.
/// Empty when there is nothing to export.
pub fn export_all(store: &Store) -> String {
    let mut docs: Vec<String> = Vec::new();
    docs.extend(
        store
            .services
            .values()
            .map(|s| to_yaml(&Object::Service(s.clone()))),
    );
    docs.extend(
        store
            .statefulsets
            .values()
            .map(|s| to_yaml(&Object::StatefulSet(s.clone()))),
    );
    docs.extend(
        store
            .deployments
            .values()
            .map(|d| to_yaml(&Object::Deployment(d.clone()))),
    );
    join(docs)
}

/// Convenience for a single set held outside a store.
pub fn statefulset_yaml(set: &StatefulSet) -> String {
    to_yaml(&Object::StatefulSet(set.clone()))
}

fn join(docs: Vec<String>) -> String {
    docs.into_iter()
        .map(|d| {
            if d.ends_with('\n') {
                d
            } else {
                format!("{d}\n")
            }
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{OwnerReference, Service, Time};

    pub(crate) const BASICS: &str = include_str!("../lessons/manifests/web.yaml");

    pub(crate) fn store_from(yaml: &str) -> Store {
        use serde::Deserialize;
        let mut store = Store::default();
        for doc in serde_yaml_ng::Deserializer::from_str(yaml) {
            let v = serde_json::Value::deserialize(doc).unwrap();
            let kind = Kind::from_kind_str(v["kind"].as_str().unwrap()).unwrap();
            match Object::from_json(kind, v).unwrap() {
                Object::StatefulSet(mut s) => {
                    // What the API server adds, which export must strip.
                    s.metadata.uid = "u-1".into();
                    s.metadata.resource_version = "42".into();
                    s.metadata.generation = 3;
                    s.metadata.namespace = "default".into();
                    s.metadata.creation_timestamp = Some(Time(5000));
                    s.status.replicas = 3;
                    s.status.current_revision = "web-abc".into();
                    store.statefulsets.insert(s.metadata.name.clone(), s);
                }
                Object::Service(mut s) => {
                    s.metadata.uid = "u-2".into();
                    s.metadata
                        .owner_references
                        .push(OwnerReference::controller_ref("v1", "X", "x", "u"));
                    store.services.insert(s.metadata.name.clone(), s);
                }
                Object::Deployment(d) => {
                    store.deployments.insert(d.metadata.name.clone(), d);
                }
                _ => {}
            }
        }
        store
    }

    #[test]
    fn strips_server_fields_and_keeps_the_spec() {
        let store = store_from(BASICS);
        let y = export_statefulset(&store, "web").unwrap();
        for noise in [
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "status",
            "namespace",
            "ownerReferences",
        ] {
            assert!(!y.contains(&format!("{noise}:")), "{noise} left in:\n{y}");
        }
        assert!(y.starts_with("apiVersion: v1\nkind: Service\n"), "{y}");
        assert!(
            y.contains("\n---\napiVersion: apps/v1\nkind: StatefulSet\n"),
            "{y}"
        );
        assert!(y.contains("clusterIP: None"));
        assert!(y.contains("serviceName: nginx"));
        assert!(y.contains("image: registry.k8s.io/nginx-slim:0.24"));
        assert!(export_statefulset(&store, "nope").is_none());
    }

    #[test]
    fn allocated_cluster_ip_is_dropped() {
        let mut svc = Service::default();
        svc.metadata.name = "front".into();
        svc.spec.cluster_ip = Some("10.96.0.17".into());
        let y = to_yaml(&Object::Service(svc));
        assert!(!y.contains("clusterIP"), "{y}");
    }

    /// Validates exported YAML with the real Kubernetes 1.36 OpenAPI schemas
    /// (`kubernetes-validate --strict`) when the tool is installed
    /// (scripts/install.sh installs it); skipped otherwise.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn exported_yaml_passes_kubernetes_validate_1_36() {
        use std::process::Command;
        let have = Command::new("python3")
            .args(["-c", "import kubernetes_validate"])
            .status()
            .map(|s| s.success());
        if !matches!(have, Ok(true)) {
            eprintln!("kubernetes-validate not installed; skipping");
            return;
        }
        let dir = std::env::temp_dir().join(format!("sim-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let scenarios: Vec<(&str, String)> = vec![
            ("basics", BASICS.to_string()),
            (
                "parallel-partition",
                include_str!("../lessons/manifests/export-canary.yaml").to_string(),
            ),
            (
                "retention-ordinals",
                include_str!("../lessons/manifests/web-retention.yaml").to_string(),
            ),
            (
                "database",
                include_str!("../lessons/manifests/db.yaml").to_string(),
            ),
        ];
        for (name, yaml) in scenarios {
            let store = store_from(&yaml);
            let out = export_all(&store);
            assert!(!out.is_empty());
            let file = dir.join(format!("{name}.yaml"));
            std::fs::write(&file, &out).unwrap();
            let o = Command::new("python3")
                .args([
                    "-m",
                    "kubernetes_validate",
                    "--kubernetes-version",
                    "1.36.0",
                    "--strict",
                ])
                .arg(&file)
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(
                o.status.success() && !text.contains("ERROR"),
                "{name}: {text}\n{out}"
            );
        }
        // The validator does catch mistakes: a StatefulSet without a selector
        // and with an unknown field must fail.
        let bad = dir.join("bad.yaml");
        std::fs::write(
            &bad,
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: x\nspec:\n  replica: 3\n",
        )
        .unwrap();
        let o = Command::new("python3")
            .args([
                "-m",
                "kubernetes_validate",
                "--kubernetes-version",
                "1.36.0",
                "--strict",
            ])
            .arg(&bad)
            .output()
            .unwrap();
        assert!(
            !o.status.success(),
            "kubernetes-validate accepted a broken manifest"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
