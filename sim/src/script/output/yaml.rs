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
        Ok(s) => go_yaml_style(&s),
        Err(e) => vec![format!("error: {e}")],
    }
}

/// Re-quotes scalars the way kubectl's YAML (go-yaml) writes them: double
/// quotes instead of single, and RFC 3339 timestamps quoted
/// (`creationTimestamp: "2026-01-01T00:00:00Z"`). Block scalars are left alone.
fn go_yaml_style(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut block_indent: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(b) = block_indent {
            if indent > b || line.trim().is_empty() {
                out.push(line.to_string());
                continue;
            }
            block_indent = None;
        }
        let trimmed = line.trim_end();
        if trimmed.ends_with(": |")
            || trimmed.ends_with(": |-")
            || trimmed.ends_with(": >")
            || trimmed.ends_with("- |")
        {
            block_indent = Some(indent);
            out.push(line.to_string());
            continue;
        }
        // Split off the scalar after `key: ` or `- `.
        let split = line
            .find(": ")
            .map(|i| i + 2)
            .or_else(|| line.trim_start().starts_with("- ").then_some(indent + 2));
        let Some(at) = split else {
            out.push(line.to_string());
            continue;
        };
        let (head, value) = line.split_at(at.min(line.len()));
        out.push(format!("{head}{}", requote(value)));
    }
    out
}

/// Plain scalars go-yaml v2 resolves to a boolean besides `true`/`false`
/// (which serde_yaml already quotes).
const YAML11_BOOLS: [&str; 16] = [
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
    "OFF",
];

fn requote(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        let unescaped = inner.replace("''", "'");
        return format!(
            "\"{}\"",
            unescaped.replace('\\', "\\\\").replace('"', "\\\"")
        );
    }
    // go-yaml v2 (kubectl's YAML printer) reads these plain scalars as
    // YAML 1.1 booleans, so it double-quotes such strings
    // (`pv.kubernetes.io/bind-completed: "yes"`); serde_yaml (YAML 1.2)
    // leaves them plain.
    if YAML11_BOOLS.contains(&value) {
        return format!("\"{value}\"");
    }
    let b = value.as_bytes();
    let looks_like_time = b.len() >= 20
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.get(10) == Some(&b'T')
        && value.ends_with('Z');
    if looks_like_time && !value.contains(' ') {
        return format!("\"{value}\"");
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go_yaml() {
        let v = serde_json::json!({"metadata": {"creationTimestamp": "2026-01-01T00:00:00Z", "resourceVersion": "1147", "x": "it's", "ann": "a\nb\n"}});
        assert_eq!(
            to_yaml(&v),
            [
                "metadata:",
                "  ann: |",
                "    a",
                "    b",
                "  creationTimestamp: \"2026-01-01T00:00:00Z\"",
                "  resourceVersion: \"1147\"",
                "  x: it's"
            ]
        );
    }

    #[test]
    fn quotes_yaml11_booleans_like_go_yaml() {
        let v = serde_json::json!({"a": "yes", "b": "no", "c": "on", "d": "y", "e": "yesno", "f": "true", "g": ["off"]});
        assert_eq!(
            to_yaml(&v),
            [
                "a: \"yes\"",
                "b: \"no\"",
                "c: \"on\"",
                "d: \"y\"",
                "e: yesno",
                "f: \"true\"",
                "g:",
                "- \"off\""
            ]
        );
    }

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
                // go-yaml v2 resolves a plain `n` to false, so it quotes it.
                "    name: \"n\""
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
