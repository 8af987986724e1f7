//! `-o json` and `-o yaml`: kubectl prints keys sorted (it goes through
//! unstructured maps), JSON indented by 4 spaces, YAML block style.

use serde_json::{Map, Value};

/// Recursively sorts object keys.
pub fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                if let Some(x) = m.get(k) {
                    out.insert(k.clone(), sorted(x));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A `kind: List` wrapper as `kubectl get TYPE -o json|yaml` prints it.
pub fn list(items: Vec<Value>) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": items,
        "kind": "List",
        "metadata": {"resourceVersion": ""}
    })
}

/// `-o json`.
pub fn to_json(v: &Value) -> Vec<String> {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(&sorted(v), &mut ser).is_err() {
        return vec![];
    }
    String::from_utf8_lossy(&buf)
        .lines()
        .map(str::to_string)
        .collect()
}

/// `-o yaml`.
pub fn to_yaml(v: &Value) -> Vec<String> {
    match serde_yaml_ng::to_string(&sorted(v)) {
        Ok(s) => s.lines().map(str::to_string).collect(),
        Err(e) => vec![format!("error: {e}")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_yaml_and_json() {
        let v = serde_json::json!({"metadata": {"name": "web"}, "apiVersion": "apps/v1", "spec": {"containers": [{"name": "n", "image": "i"}]}});
        assert_eq!(
            to_yaml(&v),
            [
                "apiVersion: apps/v1",
                "metadata:",
                "  name: web",
                "spec:",
                "  containers:",
                "  - image: i",
                "    name: n"
            ]
        );
        assert_eq!(
            to_json(&serde_json::json!({"b": 1, "a": [1]})),
            [
                "{",
                "    \"a\": [",
                "        1",
                "    ],",
                "    \"b\": 1",
                "}"
            ]
        );
    }
}
