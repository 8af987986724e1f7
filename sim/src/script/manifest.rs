//! Manifests read from a here-document (`kubectl apply|create -f -`): YAML
//! documents split on `---`, `apiVersion`/`kind` mapping, and strict field
//! validation where the schema is closed — all with kubectl's error text.

use crate::api::{Kind, Object};
use serde::Deserialize;
use serde_json::Value;

/// One decoded manifest document.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// The kind (already mapped from `apiVersion` + `kind`).
    pub kind: Kind,
    /// The document as JSON (what `last-applied-configuration` records).
    pub json: Value,
}

impl Manifest {
    /// `metadata.name`, or empty.
    pub fn name(&self) -> &str {
        self.json
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Splits `src` into YAML documents and maps their kinds. `source` is what
/// kubectl names the input (`STDIN`).
pub fn parse_manifests(src: &str, source: &str) -> Result<Vec<Manifest>, String> {
    let mut docs: Vec<String> = vec![String::new()];
    for line in src.lines() {
        if line == "---" || line.starts_with("--- ") {
            docs.push(String::new());
        } else if let Some(d) = docs.last_mut() {
            d.push_str(line);
            d.push('\n');
        }
    }
    let mut out = Vec::new();
    for doc in docs {
        if doc
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            continue;
        }
        let value: Value = match serde_yaml_ng::Deserializer::from_str(&doc).next() {
            Some(d) => Value::deserialize(d).map_err(|e| yaml_error(&e, source))?,
            None => continue,
        };
        if value.is_null() {
            continue;
        }
        if !value.is_object() {
            return Err(format!("error: error parsing {source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}", json_type(&value)));
        }
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let validating = format!("error: error validating \"{source}\": error validating data: ");
        let tail =
            "; if you choose to ignore these errors, turn validation off with --validate=false";
        match (api_version.is_empty(), kind.is_empty()) {
            (true, true) => {
                return Err(format!(
                    "{validating}[apiVersion not set, kind not set]{tail}"
                ))
            }
            (true, false) => return Err(format!("{validating}apiVersion not set{tail}")),
            (false, true) => return Err(format!("{validating}kind not set{tail}")),
            _ => {}
        }
        let name = value
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mapped = Kind::from_kind_str(kind).filter(|k| k.api_version() == api_version);
        let Some(k) = mapped else {
            return Err(format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{source}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
            ));
        };
        if let Some(ns) = value.pointer("/metadata/namespace").and_then(Value::as_str) {
            if ns != "default" {
                return Err(format!("error: the namespace from the provided object \"{ns}\" does not match the namespace \"default\". You must pass '--namespace={ns}' to perform this operation."));
            }
        }
        out.push(Manifest {
            kind: k,
            json: value,
        });
    }
    if out.is_empty() {
        return Err("error: no objects passed to apply".into());
    }
    Ok(out)
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        _ => "object",
    }
}

/// `error: error parsing STDIN: error converting YAML to JSON: yaml: line 3: …`
fn yaml_error(e: &serde_yaml_ng::Error, source: &str) -> String {
    let text = e.to_string();
    let msg = match text.find(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text.clone(),
    };
    match e.location() {
        Some(loc) => format!(
            "error: error parsing {source}: error converting YAML to JSON: yaml: line {}: {msg}",
            loc.line()
        ),
        None => {
            format!("error: error parsing {source}: error converting YAML to JSON: yaml: {msg}")
        }
    }
}

const META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
    "selfLink",
];
const TOP: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];
const STS_SPEC: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "volumeClaimTemplates",
    "serviceName",
    "podManagementPolicy",
    "updateStrategy",
    "revisionHistoryLimit",
    "minReadySeconds",
    "persistentVolumeClaimRetentionPolicy",
    "ordinals",
];
const DEPLOY_SPEC: &[&str] = &[
    "replicas",
    "selector",
    "template",
    "strategy",
    "revisionHistoryLimit",
    "minReadySeconds",
    "progressDeadlineSeconds",
    "paused",
];
const SELECTOR: &[&str] = &["matchLabels", "matchExpressions"];

fn check_keys(v: Option<&Value>, path: &str, allowed: &[&str], out: &mut Vec<String>) {
    if let Some(Value::Object(m)) = v {
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                out.push(format!("unknown field \"{p}\""));
            }
        }
    }
}

/// Unknown fields where the schema is closed (StatefulSet/Deployment spec
/// and metadata, strategy blocks). Empty when the object is clean.
pub fn unknown_fields(kind: Kind, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if !matches!(kind, Kind::StatefulSet | Kind::Deployment) {
        check_keys(v.get("metadata"), "metadata", META, &mut out);
        return out;
    }
    check_keys(Some(v), "", TOP, &mut out);
    check_keys(v.get("metadata"), "metadata", META, &mut out);
    let spec = v.get("spec");
    check_keys(
        spec.and_then(|s| s.get("selector")),
        "spec.selector",
        SELECTOR,
        &mut out,
    );
    check_keys(
        spec.and_then(|s| s.pointer("/template/metadata")),
        "spec.template.metadata",
        META,
        &mut out,
    );
    if kind == Kind::StatefulSet {
        check_keys(spec, "spec", STS_SPEC, &mut out);
        check_keys(
            spec.and_then(|s| s.get("updateStrategy")),
            "spec.updateStrategy",
            &["type", "rollingUpdate"],
            &mut out,
        );
        check_keys(
            spec.and_then(|s| s.pointer("/updateStrategy/rollingUpdate")),
            "spec.updateStrategy.rollingUpdate",
            &["partition", "maxUnavailable"],
            &mut out,
        );
        check_keys(
            spec.and_then(|s| s.get("persistentVolumeClaimRetentionPolicy")),
            "spec.persistentVolumeClaimRetentionPolicy",
            &["whenDeleted", "whenScaled"],
            &mut out,
        );
        check_keys(
            spec.and_then(|s| s.get("ordinals")),
            "spec.ordinals",
            &["start"],
            &mut out,
        );
    } else {
        check_keys(spec, "spec", DEPLOY_SPEC, &mut out);
        check_keys(
            spec.and_then(|s| s.get("strategy")),
            "spec.strategy",
            &["type", "rollingUpdate"],
            &mut out,
        );
        check_keys(
            spec.and_then(|s| s.pointer("/strategy/rollingUpdate")),
            "spec.strategy.rollingUpdate",
            &["maxUnavailable", "maxSurge"],
            &mut out,
        );
    }
    out
}

/// Decodes a manifest into a typed object, with the API server's
/// "cannot be handled" wording on failure. `verb` is `creating` or
/// `patching`.
pub fn decode(kind: Kind, v: &Value, verb: &str, source: &str) -> Result<Object, String> {
    let prefix = format!(
        "Error from server (BadRequest): error when {verb} \"{source}\": {} in version \"v1\" cannot be handled as a {}: ",
        kind.as_str(),
        kind.as_str()
    );
    let unknown = unknown_fields(kind, v);
    if !unknown.is_empty() {
        return Err(format!(
            "{prefix}strict decoding error: {}",
            unknown.join(", ")
        ));
    }
    Object::from_json(kind, v.clone()).map_err(|e| {
        let e = go_unmarshal_error(kind, v, &e).unwrap_or(e);
        format!("{prefix}{e}")
    })
}

/// Rewrites serde's type error (`invalid type: string "three", expected i32`)
/// in the words of Go's `encoding/json` `UnmarshalTypeError`, which the API
/// server returns for a wrongly typed field:
/// `json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32`.
/// The field is found by locating the one scalar in the manifest that serde
/// names; `None` (keep serde's text) when that is ambiguous or unknown.
fn go_unmarshal_error(kind: Kind, v: &Value, serde_msg: &str) -> Option<String> {
    // "invalid value" is serde's word for a number out of the field's range,
    // which Go reports as `cannot unmarshal number 99999999999 into …`.
    let (rest, out_of_range) = match serde_msg.strip_prefix("invalid type: ") {
        Some(rest) => (rest, false),
        None => (serde_msg.strip_prefix("invalid value: ")?, true),
    };
    let (unexpected, expected) = rest.split_once(", expected ")?;
    let go_type = match expected {
        "i32" => "int32",
        "i64" => "int64",
        "u32" => "uint32",
        "u64" => "uint64",
        "f64" => "float64",
        "a boolean" => "bool",
        "a string" => "string",
        _ => return None,
    };
    let is_match = |leaf: &Value| -> bool {
        match leaf {
            Value::String(s) => unexpected == format!("string {}", Value::String(s.clone())),
            Value::Bool(b) => unexpected == format!("boolean `{b}`"),
            Value::Number(n) => {
                unexpected == format!("integer `{n}`")
                    || unexpected == format!("floating point `{n}`")
                    || n.as_f64()
                        .is_some_and(|f| unexpected == format!("floating point `{f:?}`"))
            }
            _ => false,
        }
    };
    // Field paths as Go writes them: dotted JSON names, no list indices.
    fn walk(
        v: &Value,
        path: &mut Vec<String>,
        hit: &dyn Fn(&Value) -> bool,
        out: &mut Vec<Vec<String>>,
    ) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    path.push(k.clone());
                    walk(x, path, hit, out);
                    path.pop();
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, path, hit, out)),
            leaf if hit(leaf) => out.push(path.clone()),
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(v, &mut Vec::new(), &is_match, &mut found);
    let [path] = found.as_slice() else {
        return None;
    };
    let (_field, parent) = path.split_last()?;
    let json_kind = if unexpected.starts_with("string") {
        "string".to_string()
    } else if unexpected.starts_with("boolean") {
        "bool".to_string()
    } else if out_of_range {
        // Go names the literal: `number 99999999999`.
        let literal = unexpected.split('`').nth(1).filter(|n| !n.is_empty())?;
        format!("number {literal}")
    } else {
        "number".to_string()
    };
    let full = path.join(".");
    Some(format!(
        "json: cannot unmarshal {json_kind} into Go struct field {}.{full} of type {go_type}",
        go_struct(kind, parent)?
    ))
}

/// The Go type (k8s.io/api) of the object at `path` (JSON names, no list
/// indices) inside a manifest of `kind`.
fn go_struct(kind: Kind, path: &[String]) -> Option<String> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let name = match p.as_slice() {
        [] => kind.as_str(),
        [.., "metadata"] => "ObjectMeta",
        [.., "selector"] if kind != Kind::Service => "LabelSelector",
        [.., "template"] => "PodTemplateSpec",
        [.., "template", "spec"] => "PodSpec",
        [.., "containers"] | [.., "initContainers"] => "Container",
        [.., "ports"] if kind == Kind::Service => "ServicePort",
        [.., "ports"] => "ContainerPort",
        [.., "volumeMounts"] => "VolumeMount",
        [.., "resources"] if p.contains(&"volumeClaimTemplates") => "VolumeResourceRequirements",
        [.., "resources"] => "ResourceRequirements",
        [.., "readinessProbe"] | [.., "livenessProbe"] | [.., "startupProbe"] => "Probe",
        ["spec", "volumeClaimTemplates"] => "PersistentVolumeClaim",
        ["spec", "volumeClaimTemplates", "spec"] => "PersistentVolumeClaimSpec",
        ["spec", "updateStrategy"] => "StatefulSetUpdateStrategy",
        ["spec", "updateStrategy", "rollingUpdate"] => "RollingUpdateStatefulSetStrategy",
        ["spec", "persistentVolumeClaimRetentionPolicy"] => {
            "StatefulSetPersistentVolumeClaimRetentionPolicy"
        }
        ["spec", "ordinals"] => "StatefulSetOrdinals",
        ["spec", "strategy"] => "DeploymentStrategy",
        ["spec", "strategy", "rollingUpdate"] => "RollingUpdateDeployment",
        ["spec"] => {
            return Some(format!("{}Spec", kind.as_str()));
        }
        _ => return None,
    };
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_kind_mapping() {
        let src = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n---\n# c\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\n";
        let m = parse_manifests(src, "STDIN").unwrap_or_default();
        assert_eq!(
            m.iter()
                .map(|m| (m.kind, m.name().to_string()))
                .collect::<Vec<_>>(),
            vec![
                (Kind::Service, "nginx".into()),
                (Kind::StatefulSet, "web".into())
            ]
        );
        let e = parse_manifests(
            "apiVersion: apps/v1\nkind: Statefulset\nmetadata:\n  name: x\n",
            "STDIN",
        )
        .err()
        .unwrap_or_default();
        assert_eq!(e, "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Statefulset\" in version \"apps/v1\"\nensure CRDs are installed first");
        let e = parse_manifests("kind: Service\n", "STDIN")
            .err()
            .unwrap_or_default();
        assert!(e.contains("apiVersion not set"));
        let e = parse_manifests(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  b: : c\n",
            "STDIN",
        )
        .err()
        .unwrap_or_default();
        assert!(
            e.starts_with(
                "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: "
            ),
            "{e}"
        );
    }

    #[test]
    fn strict_fields() {
        let v = serde_json::json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"}, "spec": {"replica": 3, "template": {"spec": {"containers": [{"name": "x", "foo": 1}]}}}});
        assert_eq!(
            unknown_fields(Kind::StatefulSet, &v),
            vec!["unknown field \"spec.replica\"".to_string()]
        );
        let e = decode(Kind::StatefulSet, &v, "creating", "STDIN")
            .err()
            .unwrap_or_default();
        assert_eq!(e, "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"");
    }

    #[test]
    fn type_errors_in_go_words() {
        let m = |spec: &str| -> Value {
            serde_json::from_str(&format!(
                r#"{{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{{"name":"w"}},"spec":{spec}}}"#
            ))
            .unwrap_or(Value::Null)
        };
        let v = m(
            r#"{"serviceName":"n","replicas":"three","selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}"#,
        );
        let e = decode(Kind::StatefulSet, &v, "creating", "STDIN").unwrap_err();
        assert!(e.ends_with("cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"), "{e}");
        let v = m(
            r#"{"serviceName":"n","selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":7}]}}}"#,
        );
        let e = decode(Kind::StatefulSet, &v, "creating", "STDIN").unwrap_err();
        assert!(e.ends_with("json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string"), "{e}");
        // Out of int32's range: Go's UnmarshalTypeError names the number.
        let v = m(
            r#"{"serviceName":"n","replicas":99999999999,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}"#,
        );
        let e = decode(Kind::StatefulSet, &v, "creating", "STDIN").unwrap_err();
        assert!(e.ends_with("json: cannot unmarshal number 99999999999 into Go struct field StatefulSetSpec.spec.replicas of type int32"), "{e}");
    }
}
