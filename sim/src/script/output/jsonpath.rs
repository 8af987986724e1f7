//! kubectl's JSONPath templates (`-o jsonpath=…`): text with `{…}` actions,
//! `{.a.b}`, `{.items[*].metadata.name}`, `[N]`, `[-1]`, `[*]`, `['k']`,
//! slices `[1:]`, `[-1:]`, `[0:2]`, `[::2]`,
//! escaped dots in keys (`{.metadata.labels.app\.kubernetes\.io/name}`),
//! filters `[?(@.type=="Ready")]`, `..name`, string literals `{"\n"}` and
//! `{range …}{end}`. Missing keys print nothing, as with `kubectl get`.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(i64),
    /// `[start:end:step]` (each part optional; negatives count from the end).
    Slice(Option<i64>, Option<i64>, Option<i64>),
    All,
    Recursive(String),
    Filter(Vec<Seg>, Option<String>),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Seg>),
    Range(Vec<Seg>, Vec<Node>),
}

/// Renders `template` against `root`; `Err` carries kubectl's error line.
pub fn render(template: &str, root: &Value) -> Result<String, String> {
    let nodes = parse_template(template)
        .map_err(|e| format!("error: error parsing jsonpath {template}, {e}"))?;
    let mut out = String::new();
    eval_nodes(&nodes, root, &mut out);
    Ok(out)
}

fn parse_template(t: &str) -> Result<Vec<Node>, String> {
    // Flat list of (is_action, text), then fold ranges.
    let chars: Vec<char> = t.chars().collect();
    let mut items: Vec<(bool, String)> = Vec::new();
    let mut i = 0;
    let mut text = String::new();
    while i < chars.len() {
        if chars[i] == '{' {
            if !text.is_empty() {
                items.push((false, std::mem::take(&mut text)));
            }
            let mut j = i + 1;
            let mut in_str: Option<char> = None;
            let mut depth = 0;
            while j < chars.len() {
                let c = chars[j];
                match in_str {
                    Some(q) => {
                        if c == '\\' {
                            j += 1;
                        } else if c == q {
                            in_str = None;
                        }
                    }
                    None => match c {
                        '"' | '\'' => in_str = Some(c),
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        '}' if depth <= 0 => break,
                        _ => {}
                    },
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err("unclosed action".into());
            }
            items.push((true, chars[i + 1..j].iter().collect()));
            i = j + 1;
        } else {
            text.push(chars[i]);
            i += 1;
        }
    }
    if !text.is_empty() {
        items.push((false, text));
    }
    let mut pos = 0;
    let nodes = fold(&items, &mut pos, false)?;
    Ok(nodes)
}

fn fold(items: &[(bool, String)], pos: &mut usize, in_range: bool) -> Result<Vec<Node>, String> {
    let mut out = Vec::new();
    while let Some((action, s)) = items.get(*pos) {
        *pos += 1;
        if !action {
            out.push(Node::Text(s.clone()));
            continue;
        }
        let a = s.trim();
        if a == "end" {
            if in_range {
                return Ok(out);
            }
            return Err("not in range, nothing to end".into());
        }
        if let Some(rest) = a.strip_prefix("range ") {
            let path = parse_path(rest.trim())?;
            let body = fold(items, pos, true)?;
            out.push(Node::Range(path, body));
            continue;
        }
        if let Some(lit) = string_literal(a) {
            out.push(Node::Text(lit));
            continue;
        }
        out.push(Node::Path(parse_path(a)?));
    }
    if in_range {
        return Err("range without end".into());
    }
    Ok(out)
}

fn string_literal(a: &str) -> Option<String> {
    let inner = a.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn parse_path(p: &str) -> Result<Vec<Seg>, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    if chars.first().is_some_and(|c| *c == '$' || *c == '@') {
        i = 1;
    }
    let mut segs = Vec::new();
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let recursive = chars.get(i + 1) == Some(&'.');
                i += if recursive { 2 } else { 1 };
                let mut name = String::new();
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    name.push(chars[i]);
                    i += 1;
                }
                if recursive {
                    segs.push(Seg::Recursive(name));
                } else if name == "*" {
                    segs.push(Seg::All);
                } else if !name.is_empty() {
                    segs.push(Seg::Key(name));
                }
            }
            '[' => {
                let close = find_close(&chars, i).ok_or("unterminated array")?;
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.trim();
                if inner == "*" {
                    segs.push(Seg::All);
                } else if let Some(f) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
                    let (lhs, rhs) = match f.split_once("==") {
                        Some((l, r)) => (
                            l.trim(),
                            Some(r.trim().trim_matches(|c| c == '"' || c == '\'').to_string()),
                        ),
                        None => (f.trim(), None),
                    };
                    segs.push(Seg::Filter(parse_path(lhs)?, rhs));
                } else if (inner.starts_with('\'') && inner.ends_with('\'')
                    || inner.starts_with('"') && inner.ends_with('"'))
                    && inner.len() >= 2
                {
                    segs.push(Seg::Key(inner[1..inner.len() - 1].to_string()));
                } else if inner.contains(':') {
                    // kubectl's array slices: `[1:]`, `[-1:]`, `[0:2]`, `[::2]`.
                    let parts: Vec<&str> = inner.split(':').collect();
                    if parts.len() > 3 {
                        return Err(format!("invalid array index {inner}"));
                    }
                    let mut nums = [None; 3];
                    for (k, part) in parts.iter().enumerate() {
                        let part = part.trim();
                        if !part.is_empty() {
                            nums[k] = Some(
                                part.parse::<i64>()
                                    .map_err(|_| format!("invalid array index {inner}"))?,
                            );
                        }
                    }
                    if nums[2].is_some_and(|st| st <= 0) {
                        return Err("step must be > 0".into());
                    }
                    segs.push(Seg::Slice(nums[0], nums[1], nums[2]));
                } else {
                    let n: i64 = inner
                        .parse()
                        .map_err(|_| format!("invalid array index {inner}"))?;
                    segs.push(Seg::Index(n));
                }
                i = close + 1;
            }
            c if c.is_whitespace() => i += 1,
            c => {
                return Err(format!(
                    "unrecognized character in action: U+{:04X} '{c}'",
                    c as u32
                ))
            }
        }
    }
    Ok(segs)
}

fn find_close(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut q: Option<char> = None;
    for (k, &c) in chars.iter().enumerate().skip(open) {
        match q {
            Some(x) if c == x => q = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => q = Some(c),
                '[' | '(' => depth += 1,
                ']' | ')' => {
                    depth -= 1;
                    if depth == 0 && c == ']' {
                        return Some(k);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

fn select<'a>(vals: Vec<&'a Value>, seg: &Seg) -> Vec<&'a Value> {
    let mut out = Vec::new();
    for v in vals {
        match seg {
            Seg::Key(k) => out.extend(v.get(k.as_str())),
            Seg::Index(n) => {
                if let Value::Array(a) = v {
                    let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                    out.extend(usize::try_from(idx).ok().and_then(|i| a.get(i)));
                }
            }
            Seg::Slice(start, end, step) => {
                if let Value::Array(a) = v {
                    let len = a.len() as i64;
                    let norm = |x: i64| if x < 0 { x + len } else { x };
                    let lo = norm(start.unwrap_or(0)).clamp(0, len);
                    let hi = norm(end.unwrap_or(len)).clamp(0, len);
                    let step = usize::try_from(step.unwrap_or(1)).unwrap_or(1).max(1);
                    if lo < hi {
                        out.extend(a[lo as usize..hi as usize].iter().step_by(step));
                    }
                }
            }
            Seg::All => match v {
                Value::Array(a) => out.extend(a.iter()),
                Value::Object(m) => out.extend(m.values()),
                _ => {}
            },
            Seg::Recursive(name) => collect_recursive(v, name, &mut out),
            Seg::Filter(path, want) => {
                if let Value::Array(a) = v {
                    for item in a {
                        let got = path.iter().fold(vec![item], |acc, s| select(acc, s));
                        let keep = match want {
                            None => !got.is_empty(),
                            Some(w) => got.iter().any(|g| scalar(g) == *w),
                        };
                        if keep {
                            out.push(item);
                        }
                    }
                }
            }
        }
    }
    out
}

fn collect_recursive<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(name) {
                out.push(x);
            }
            for x in m.values() {
                collect_recursive(x, name, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_recursive(x, name, out)),
        _ => {}
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        // Go's encoding/json sorts map keys.
        other => super::yaml::sorted(other).to_string(),
    }
}

fn eval_nodes(nodes: &[Node], cur: &Value, out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(p) => {
                let vals = p.iter().fold(vec![cur], |acc, s| select(acc, s));
                out.push_str(&vals.iter().map(|v| scalar(v)).collect::<Vec<_>>().join(" "));
            }
            Node::Range(p, body) => {
                let vals = p.iter().fold(vec![cur], |acc, s| select(acc, s));
                for v in vals {
                    eval_nodes(body, v, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kubectl_templates() {
        let v = json!({"items": [
            {"metadata": {"name": "web-0", "labels": {"app.kubernetes.io/name": "x"}}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}},
            {"metadata": {"name": "web-1"}, "spec": {"containers": [{"image": "nginx:1"}]}}
        ]});
        assert_eq!(
            render("{.items[*].metadata.name}", &v).as_deref(),
            Ok("web-0 web-1")
        );
        assert_eq!(
            render("{.items[1].spec.containers[0].image}", &v).as_deref(),
            Ok("nginx:1")
        );
        assert_eq!(
            render("{.items[-1].metadata.name}", &v).as_deref(),
            Ok("web-1")
        );
        // Slices, as kubectl's jsonpath takes them.
        assert_eq!(
            render("{.items[-1:].metadata.name}", &v).as_deref(),
            Ok("web-1")
        );
        assert_eq!(
            render("{.items[0:2].metadata.name}", &v).as_deref(),
            Ok("web-0 web-1")
        );
        assert_eq!(
            render("{.items[:1].metadata.name}", &v).as_deref(),
            Ok("web-0")
        );
        assert_eq!(
            render("{.items[::2].metadata.name}", &v).as_deref(),
            Ok("web-0")
        );
        assert_eq!(
            render("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", &v).as_deref(),
            Ok("x")
        );
        assert_eq!(
            render("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &v).as_deref(),
            Ok("web-0\nweb-1\n")
        );
        assert_eq!(
            render(
                "{.items[0].status.conditions[?(@.type==\"Ready\")].status}",
                &v
            )
            .as_deref(),
            Ok("True")
        );
        assert_eq!(render("{.nope.deeper}", &v).as_deref(), Ok(""));
        assert_eq!(
            render("name={.items[0].metadata.name}!", &v).as_deref(),
            Ok("name=web-0!")
        );
        assert!(render("{.items[", &v).is_err());
        assert!(render("{end}", &v).is_err());
    }
}
