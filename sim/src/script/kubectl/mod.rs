//! The kubectl subset (scripts-and-traces.md §2): one file per verb group,
//! output and errors in kubectl's own words.

mod apply;
mod autoscale;
mod delete;
mod describe;
mod edit;
mod events;
mod exec;
mod get;
mod help;
mod node;
mod replace;
mod rollout;
mod wait;
mod watch;

use super::Ctx;
use crate::api::{Kind, LabelSelector, LabelSelectorRequirement, Object};
use crate::script::api_err;
use serde_json::Value;

/// The verbs the playground understands (for suggestions and completion).
pub const VERBS: &[&str] = &[
    "annotate",
    "apply",
    "autoscale",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "events",
    "exec",
    "get",
    "label",
    "patch",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "uncordon",
    "wait",
];

/// Runs `kubectl ARGS…`.
pub fn run(ctx: &mut Ctx, args: &[String], stdin: Option<&str>) {
    let Some(verb) = args.first() else {
        // Like kubectl with no arguments: the root help.
        return help::print(ctx, &[]);
    };
    let rest = args.get(1..).unwrap_or_default();
    if verb == "help" {
        return help::print(ctx, rest);
    }
    if help::asks_help(args) {
        // `kubectl --help`, `kubectl scale -h`, `kubectl rollout status --help`.
        let words: Vec<String> = args
            .iter()
            .take_while(|a| !a.starts_with('-'))
            .cloned()
            .collect();
        return help::print(ctx, &words);
    }
    match verb.as_str() {
        "apply" => apply::apply(ctx, rest, stdin, false),
        "create" => apply::apply(ctx, rest, stdin, true),
        "get" => get::get(ctx, rest),
        "autoscale" => autoscale::autoscale(ctx, rest),
        "describe" => describe::describe(ctx, rest),
        "delete" => delete::delete(ctx, rest, stdin),
        "scale" => edit::scale(ctx, rest),
        "patch" => edit::patch(ctx, rest),
        "set" => edit::set(ctx, rest),
        "label" => edit::label(ctx, rest, false),
        "annotate" => edit::label(ctx, rest, true),
        "rollout" => rollout::rollout(ctx, rest),
        "replace" => replace::replace(ctx, rest, stdin),
        "events" => events::events(ctx, rest),
        "wait" => wait::wait(ctx, rest),
        "exec" => exec::exec(ctx, rest),
        "run" => exec::run(ctx, rest),
        "cordon" => node::cordon(ctx, rest, true),
        "uncordon" => node::cordon(ctx, rest, false),
        "drain" => node::drain(ctx, rest),
        "logs" | "edit" | "top" | "port-forward" | "explain" | "api-resources" | "api-versions" | "version" | "config"
        | "cp" | "attach" | "expose" | "debug" | "auth" | "certificate" | "cluster-info"
        | "proxy" | "taint" | "kustomize" | "plugin" | "completion" | "diff" => ctx.fail(format!(
            "error: \"kubectl {verb}\" is a real kubectl command that the playground does not simulate (it supports: {})",
            VERBS.join(", ")
        )),
        v if v.starts_with('-') => ctx.fail(format!(
            "error: unknown flag: {v}\nSee 'kubectl --help' for usage."
        )),
        other => {
            let mut msg = format!("error: unknown command \"{other}\" for \"kubectl\"");
            let s = suggestions(other, VERBS);
            if !s.is_empty() {
                msg.push_str("\n\nDid you mean this?");
                for x in s {
                    msg.push_str(&format!("\n\t{x}"));
                }
            }
            ctx.fail(msg);
        }
    }
}

/// cobra's "Did you mean this?": Levenshtein distance ≤ 2 or a prefix.
pub fn suggestions(word: &str, candidates: &[&str]) -> Vec<String> {
    candidates
        .iter()
        .filter(|c| {
            levenshtein(&word.to_lowercase(), c) <= 2 || c.starts_with(&word.to_lowercase())
        })
        .map(|c| c.to_string())
        .collect()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Parses a `-l` selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`,
/// `a in (x,y)`, `a notin (x)`, comma-separated).
pub fn parse_selector(s: &str) -> Result<LabelSelector, String> {
    let mut sel = LabelSelector::default();
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    parts.push(cur);
    let bad =
        |p: &str| format!("error: unable to parse requirement: found '{p}', expected: identifier");
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            return Err(bad(p));
        }
        let req = |key: &str, op: &str, values: Vec<String>| LabelSelectorRequirement {
            key: key.trim().to_string(),
            operator: op.to_string(),
            values,
        };
        if let Some((k, v)) = p.split_once("!=") {
            sel.match_expressions
                .push(req(k, "NotIn", vec![v.trim().to_string()]));
        } else if let Some((k, v)) = p.split_once("==").or_else(|| p.split_once('=')) {
            if k.trim().is_empty() {
                return Err(bad(p));
            }
            sel.match_labels
                .insert(k.trim().to_string(), v.trim().to_string());
        } else if let Some(k) = p.strip_prefix('!') {
            sel.match_expressions.push(req(k, "DoesNotExist", vec![]));
        } else if let Some((k, rest)) = p.split_once(" notin ").or_else(|| p.split_once(" in ")) {
            let op = if p.contains(" notin ") { "NotIn" } else { "In" };
            let inner = rest
                .trim()
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(|| bad(p))?;
            sel.match_expressions.push(req(
                k,
                op,
                inner.split(',').map(|v| v.trim().to_string()).collect(),
            ));
        } else if p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            sel.match_expressions.push(req(p, "Exists", vec![]));
        } else {
            return Err(bad(p));
        }
    }
    Ok(sel)
}

/// `statefulset.apps/web`.
pub fn slash_name(kind: Kind, name: &str) -> String {
    format!("{}/{name}", kind.qualified())
}

/// `statefulset.apps "web"`.
pub fn quoted_name(kind: Kind, name: &str) -> String {
    format!("{} \"{name}\"", kind.qualified())
}

/// Reads an object, transforms its JSON, and writes it back if it changed.
/// Returns `Ok(false)` for "no change". Errors are kubectl lines.
pub fn update_json(
    ctx: &mut Ctx,
    kind: Kind,
    name: &str,
    f: impl FnOnce(&Value) -> Result<Value, String>,
) -> Result<bool, String> {
    let obj = ctx.engine.get(kind, name).map_err(|e| api_err(&e))?;
    let before = obj.to_json();
    let after = f(&before)?;
    if after == before {
        return Ok(false);
    }
    let new = super::manifest::decode(kind, &after, "patching", "STDIN")
        .map_err(|e| e.replace("error when patching \"STDIN\": ", ""))?;
    let meta_changed = new.metadata().owner_references != obj.metadata().owner_references
        || new.metadata().finalizers != obj.metadata().finalizers;
    let r = if meta_changed {
        ctx.engine.update_with_metadata(new)
    } else {
        ctx.engine.update(new)
    };
    r.map_err(|e| api_err(&e))?;
    Ok(true)
}

/// Objects of `kind` whose labels match `sel`.
pub fn select(ctx: &Ctx, kind: Kind, sel: Option<&LabelSelector>) -> Vec<Object> {
    ctx.engine
        .list(kind)
        .into_iter()
        .filter(|o| sel.is_none_or(|s| s.matches(&o.metadata().labels)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        let s = parse_selector("app=nginx,tier!=db,env in (a,b),!x,y").unwrap_or_default();
        assert_eq!(s.match_labels.get("app").map(String::as_str), Some("nginx"));
        assert_eq!(s.match_expressions.len(), 4);
        let mut l = std::collections::BTreeMap::new();
        l.insert("app".to_string(), "nginx".to_string());
        l.insert("env".to_string(), "a".to_string());
        l.insert("y".to_string(), "1".to_string());
        assert!(s.matches(&l));
        assert!(parse_selector("=x").is_err());
        assert!(parse_selector("").is_err());
    }

    #[test]
    fn suggests_close_verbs() {
        assert_eq!(suggestions("scael", VERBS), vec!["scale".to_string()]);
        assert!(suggestions("zzzzzz", VERBS).is_empty());
    }
}
