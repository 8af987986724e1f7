//! Patches as `kubectl patch` sends them: strategic merge (the default;
//! lists of containers, volumes, ports, env… merge by their key), JSON merge
//! patch (RFC 7386) and JSON patch (RFC 6902). Also the client-side
//! three-way merge `kubectl apply` computes from the last-applied
//! configuration.

use serde_json::{Map, Value};

/// The merge key of a list field under strategic merge, by field name
/// (upstream `patchMergeKey` tags for the fields our kinds carry).
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "ports" => "containerPort",
        "conditions" => "type",
        "ownerReferences" => "uid",
        _ => return None,
    })
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    match patch {
        Value::Object(p) => {
            let mut out = match target {
                Value::Object(t) => t.clone(),
                _ => Map::new(),
            };
            for (k, v) in p {
                if v.is_null() {
                    out.remove(k);
                } else {
                    let cur = out.get(k).cloned().unwrap_or(Value::Null);
                    out.insert(k.clone(), merge_patch(&cur, v));
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Strategic merge patch (the subset of directives our kinds need:
/// merge keys, `$patch: replace|delete`, `null` deletes).
pub fn strategic_merge(target: &Value, patch: &Value) -> Value {
    let (Value::Object(t), Value::Object(p)) = (target, patch) else {
        return strip_directives(patch);
    };
    if p.get("$patch").and_then(Value::as_str) == Some("replace") {
        return strip_directives(patch);
    }
    let mut out = t.clone();
    for (k, v) in p {
        if k == "$patch" || k.starts_with("$setElementOrder") || k.starts_with("$retainKeys") {
            continue;
        }
        if v.is_null() {
            out.remove(k);
            continue;
        }
        let cur = out.get(k).cloned().unwrap_or(Value::Null);
        let merged = match (&cur, v, merge_key(k)) {
            (Value::Array(a), Value::Array(b), Some(key)) => Value::Array(merge_list(a, b, key)),
            (Value::Object(_), Value::Object(_), _) => strategic_merge(&cur, v),
            _ => strip_directives(v),
        };
        out.insert(k.clone(), merged);
    }
    Value::Object(out)
}

fn merge_list(cur: &[Value], patch: &[Value], key: &str) -> Vec<Value> {
    let mut out: Vec<Value> = cur.to_vec();
    for item in patch {
        let Some(id) = item.get(key) else {
            out.push(strip_directives(item));
            continue;
        };
        let pos = out.iter().position(|x| x.get(key) == Some(id));
        let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
        match (pos, delete) {
            (Some(i), true) => {
                out.remove(i);
            }
            (Some(i), false) => {
                if let Some(slot) = out.get_mut(i) {
                    *slot = strategic_merge(slot, item);
                }
            }
            (None, true) => {}
            (None, false) => out.push(strip_directives(item)),
        }
    }
    out
}

fn strip_directives(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), strip_directives(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_directives).collect()),
        o => o.clone(),
    }
}

/// RFC 6902 JSON patch. Errors use kubectl/apiserver wording.
pub fn json_patch(target: &Value, ops: &Value) -> Result<Value, String> {
    let Value::Array(ops) = ops else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    let mut doc = target.clone();
    for op in ops {
        let name = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or("missing path in json patch operation")?;
        match name {
            "add" => {
                let v = op.get("value").cloned().ok_or("missing value")?;
                add(&mut doc, path, v)?;
            }
            "remove" => {
                remove(&mut doc, path)?;
            }
            "replace" => {
                let v = op.get("value").cloned().ok_or("missing value")?;
                remove(&mut doc, path).map_err(|_| {
                    format!("replace operation does not apply: doc is missing key: {path}")
                })?;
                add(&mut doc, path, v)?;
            }
            "move" | "copy" => {
                let from = op
                    .get("from")
                    .and_then(Value::as_str)
                    .ok_or("missing from")?;
                let v = doc.pointer(from).cloned().ok_or_else(|| {
                    format!("{name} operation does not apply: doc is missing from path: {from}")
                })?;
                if name == "move" {
                    remove(&mut doc, from)?;
                }
                add(&mut doc, path, v)?;
            }
            "test" => {
                let v = op.get("value").ok_or("missing value")?;
                if doc.pointer(path) != Some(v) {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    let idx = path
        .rfind('/')
        .ok_or_else(|| format!("invalid path {path:?}"))?;
    let last = path[idx + 1..].replace("~1", "/").replace("~0", "~");
    Ok((path[..idx].to_string(), last))
}

fn add(doc: &mut Value, path: &str, v: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = v;
        return Ok(());
    }
    let (parent, last) = split_pointer(path)?;
    let missing =
        || format!("add operation does not apply: doc is missing path: \"{path}\": missing value");
    let container = doc.pointer_mut(&parent).ok_or_else(missing)?;
    match container {
        Value::Object(m) => {
            m.insert(last, v);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(v);
            } else {
                let i: usize = last.parse().map_err(|_| missing())?;
                if i > a.len() {
                    return Err(format!("add operation does not apply: doc is missing path: \"{path}\": invalid index referenced: {i}"));
                }
                a.insert(i, v);
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    let container = doc.pointer_mut(&parent).ok_or_else(missing)?;
    match container {
        Value::Object(m) => m.shift_remove(&last).ok_or_else(missing),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < a.len() {
                Ok(a.remove(i))
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

/// The patch client-side `kubectl apply` sends: fields present in the last
/// applied configuration but gone from the new one are deleted (`null`),
/// everything in the new configuration is set.
pub fn three_way_patch(last: &Value, new: &Value) -> Value {
    match (last, new) {
        (Value::Object(l), Value::Object(n)) => {
            let mut out = Map::new();
            for k in l.keys() {
                if !n.contains_key(k) {
                    out.insert(k.clone(), Value::Null);
                }
            }
            for (k, v) in n {
                let sub = match l.get(k) {
                    Some(lv @ Value::Object(_)) if v.is_object() => three_way_patch(lv, v),
                    _ => v.clone(),
                };
                out.insert(k.clone(), sub);
            }
            Value::Object(out)
        }
        _ => new.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_containers_by_name() {
        let t = json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "b", "image": "2"}]}}}});
        let p =
            json!({"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "3"}]}}}});
        let r = strategic_merge(&t, &p);
        assert_eq!(
            r.pointer("/spec/template/spec/containers/0/image"),
            Some(&json!("1"))
        );
        assert_eq!(
            r.pointer("/spec/template/spec/containers/1/image"),
            Some(&json!("3"))
        );
        let m = merge_patch(&t, &p);
        assert_eq!(
            m.pointer("/spec/template/spec/containers")
                .and_then(Value::as_array)
                .map(Vec::len),
            Some(1)
        );
        let rep = strategic_merge(
            &t,
            &json!({"spec": {"template": {"$patch": "replace", "spec": {}}}}),
        );
        assert_eq!(rep.pointer("/spec/template"), Some(&json!({"spec": {}})));
        let del = strategic_merge(
            &t,
            &json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}}}),
        );
        assert_eq!(
            del.pointer("/spec/template/spec/containers/0/name"),
            Some(&json!("b"))
        );
    }

    #[test]
    fn json_patch_operations() {
        let t = json!({"spec": {"replicas": 1, "list": [1, 2]}});
        let r = json_patch(
            &t,
            &json!([{"op": "replace", "path": "/spec/replicas", "value": 3}, {"op": "add", "path": "/spec/list/-", "value": 9}, {"op": "remove", "path": "/spec/list/0"}]),
        );
        assert_eq!(r, Ok(json!({"spec": {"replicas": 3, "list": [2, 9]}})));
        assert!(json_patch(
            &t,
            &json!([{"op": "replace", "path": "/spec/nope", "value": 1}])
        )
        .is_err());
        assert!(json_patch(
            &t,
            &json!([{"op": "test", "path": "/spec/replicas", "value": 2}])
        )
        .is_err());
    }

    #[test]
    fn apply_patch_deletes_dropped_fields() {
        let last = json!({"spec": {"replicas": 2, "minReadySeconds": 5}});
        let new = json!({"spec": {"replicas": 3}});
        assert_eq!(
            three_way_patch(&last, &new),
            json!({"spec": {"minReadySeconds": null, "replicas": 3}})
        );
    }
}
