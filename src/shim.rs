//! Interim command interpreter: the subset of scripts-and-traces.md §2–§3
//! the UI's buttons emit, translated word for word into `Engine` calls.
//! It exists only until `sim::script::Session` lands (then `backend.rs`
//! switches to it); it decides no cluster behaviour — the engine does.

use crate::backend::Outcome;
use serde_json::Value;
use sim::api::{Kind, Object};
use sim::{DeleteOptions, Engine};

const VERBS: &[&str] = &[
    "annotate", "apply", "cordon", "create", "delete", "describe", "drain", "exec", "get", "label",
    "logs", "patch", "rollout", "run", "scale", "set", "uncordon", "wait",
];
const TYPES: &[&str] = &[
    "pods",
    "statefulsets",
    "persistentvolumeclaims",
    "persistentvolumes",
    "services",
    "nodes",
    "events",
];

fn ok(stdout: impl Into<String>) -> Outcome {
    Outcome {
        stdout: stdout.into(),
        stderr: String::new(),
        ok: true,
    }
}

fn err(stderr: impl Into<String>) -> Outcome {
    Outcome {
        stdout: String::new(),
        stderr: stderr.into(),
        ok: false,
    }
}

/// Resource aliases of §2.
fn kind_of(word: &str) -> Option<Kind> {
    Some(match word {
        "pod" | "pods" | "po" => Kind::Pod,
        "statefulset" | "statefulsets" | "sts" | "statefulset.apps" => Kind::StatefulSet,
        "persistentvolumeclaim" | "persistentvolumeclaims" | "pvc" => Kind::PersistentVolumeClaim,
        "persistentvolume" | "persistentvolumes" | "pv" => Kind::PersistentVolume,
        "service" | "services" | "svc" => Kind::Service,
        "node" | "nodes" | "no" => Kind::Node,
        "event" | "events" | "ev" => Kind::Event,
        _ => return None,
    })
}

/// Splits `TYPE NAME…` / `TYPE/NAME` arguments.
fn targets(args: &[String]) -> Result<(Kind, Vec<String>), String> {
    let first = args
        .first()
        .ok_or("error: You must provide one or more resources")?;
    if let Some((t, n)) = first.split_once('/') {
        let kind = kind_of(t)
            .ok_or_else(|| format!("error: the server doesn't have a resource type \"{t}\""))?;
        let mut names = vec![n.to_string()];
        for a in args.iter().skip(1) {
            names.push(a.split_once('/').map_or(a.as_str(), |(_, n)| n).to_string());
        }
        return Ok((kind, names));
    }
    let kind = kind_of(first)
        .ok_or_else(|| format!("error: the server doesn't have a resource type \"{first}\""))?;
    Ok((kind, args.iter().skip(1).cloned().collect()))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Runs one command; the first line is the command, the rest a heredoc body.
pub fn run(engine: &mut Engine, text: &str) -> Outcome {
    let mut lines = text.splitn(2, '\n');
    let head = lines.next().unwrap_or_default();
    let body = lines.next().unwrap_or_default();
    let Some(words) = shlex::split(head) else {
        return err("error: unterminated quote");
    };
    let (flags, args): (Vec<String>, Vec<String>) = words
        .into_iter()
        .partition(|w| w.starts_with('-') && w.len() > 1);
    let flag = |name: &str| -> Option<String> {
        flags.iter().find_map(|f| {
            let f = f.trim_start_matches('-');
            if f == name {
                Some(String::new())
            } else {
                f.strip_prefix(name)
                    .and_then(|r| r.strip_prefix('='))
                    .map(str::to_string)
            }
        })
    };
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    match arg(0) {
        "" => ok(""),
        "kubectl" => kubectl(
            engine,
            arg(1),
            args.get(2..).unwrap_or_default(),
            &flag,
            head,
            body,
        ),
        "sim" => sim_verb(engine, args.get(1..).unwrap_or_default()),
        other => err(format!("bash: {other}: command not found")),
    }
}

fn kubectl(
    engine: &mut Engine,
    verb: &str,
    rest: &[String],
    flag: &dyn Fn(&str) -> Option<String>,
    head: &str,
    body: &str,
) -> Outcome {
    match verb {
        "apply" | "create" => apply(engine, body, verb == "create", head),
        "scale" => {
            let Some(n) = flag("replicas").and_then(|v| v.parse::<i32>().ok()) else {
                return err("error: --replicas=COUNT is required, and COUNT must be greater than or equal to 0");
            };
            match targets(rest) {
                Ok((Kind::StatefulSet, names)) => {
                    let name = names.first().cloned().unwrap_or_default();
                    edit_set(engine, &name, "scaled", |v| set_path(v, &["spec", "replicas"], Value::from(n)))
                }
                Ok((k, _)) => err(format!("error: cannot scale {}", k.plural())),
                Err(e) => err(e),
            }
        }
        "patch" => {
            let Some(patch) = flag("p").or_else(|| flag("patch")) else {
                return err("error: must specify -p to patch");
            };
            let Ok(patch) = serde_json::from_str::<Value>(&patch) else {
                return err(format!("error: unable to parse \"{patch}\": invalid JSON"));
            };
            match targets(rest) {
                Ok((Kind::StatefulSet, names)) => {
                    let name = names.first().cloned().unwrap_or_default();
                    edit_set(engine, &name, "patched", |v| merge_patch(v, &patch))
                }
                Ok((k, _)) => err(format!("error: patching {} is not available in this playground yet", k.plural())),
                Err(e) => err(e),
            }
        }
        "set" if rest.first().map(String::as_str) == Some("image") => {
            let (Some(target), Some(pair)) = (rest.get(1), rest.get(2)) else {
                return err("error: expected 'set image TYPE/NAME CONTAINER=IMAGE'");
            };
            let Some((container, image)) = pair.split_once('=') else {
                return err("error: expected CONTAINER=IMAGE");
            };
            let name = target.split_once('/').map_or(target.as_str(), |(_, n)| n).to_string();
            let (c, i) = (container.to_string(), image.to_string());
            edit_set(engine, &name, "image updated", move |v| {
                let Some(cs) = v.pointer_mut("/spec/template/spec/containers").and_then(Value::as_array_mut) else {
                    return;
                };
                for ct in cs.iter_mut().filter(|ct| ct.get("name").and_then(Value::as_str) == Some(c.as_str())) {
                    if let Some(o) = ct.as_object_mut() {
                        o.insert("image".into(), Value::from(i.clone()));
                    }
                }
            })
        }
        "delete" => {
            let (kind, names) = match targets(rest) {
                Ok(t) => t,
                Err(e) => return err(e),
            };
            let force = flag("force").is_some();
            let grace = flag("grace-period").and_then(|g| g.parse::<i64>().ok());
            let opts = DeleteOptions { grace_period_seconds: grace, force, ..DeleteOptions::default() };
            let mut out = Outcome { ok: true, ..Outcome::default() };
            if force {
                out.stderr.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
            }
            for n in names {
                match engine.delete(kind, &n, opts) {
                    Ok(()) => {
                        let how = if force { "force deleted" } else { "deleted" };
                        out.stdout.push_str(&format!("{} \"{n}\" {how}\n", kind.qualified()));
                    }
                    Err(e) => {
                        out.ok = false;
                        out.stderr.push_str(&format!("{e}\n"));
                    }
                }
            }
            out
        }
        "cordon" | "uncordon" => {
            let n = rest.first().cloned().unwrap_or_default();
            match engine.cordon(&n, verb == "cordon") {
                Ok(()) => ok(format!("node/{n} {verb}ed")),
                Err(e) => err(e.to_string()),
            }
        }
        "" => err("error: You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources."),
        v if VERBS.contains(&v) => err(format!(
            "error: \"kubectl {v}\" is not wired into this build of the playground yet"
        )),
        v => {
            let mut msg = format!("error: unknown command \"{v}\" for \"kubectl\"");
            let near: Vec<&str> = VERBS.iter().copied().filter(|c| edit_distance(v, c) <= 2).collect();
            if !near.is_empty() {
                msg.push_str("\n\nDid you mean this?");
                for c in near {
                    msg.push_str(&format!("\n\t{c}"));
                }
            }
            err(msg)
        }
    }
}

fn sim_verb(engine: &mut Engine, args: &[String]) -> Outcome {
    let a = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    let pod = |w: &str| w.strip_prefix("pod/").unwrap_or(w).to_string();
    let res = match a(0) {
        "readiness" => match a(2) {
            "pass" | "fail" => engine.set_readiness(&pod(a(1)), a(2) == "pass"),
            _ => return err("error: expected 'sim readiness pod/NAME pass|fail'"),
        },
        "crash" => engine.crash(&pod(a(1))),
        "evict" => engine.evict(&pod(a(1))),
        "node" => match a(2) {
            "down" | "up" => engine.set_node_ready(a(1), a(2) == "up"),
            _ => return err("error: expected 'sim node NODE down|up'"),
        },
        "settle" => {
            return match engine.settle(300_000) {
                Ok(()) => ok(""),
                Err(()) => err("error: timed out waiting for the cluster to become quiet"),
            }
        }
        other => return err(format!("error: unknown sim verb \"{other}\"")),
    };
    match res {
        Ok(()) => ok(""),
        Err(e) => err(e.to_string()),
    }
}

/// Reads the set as JSON, lets `f` edit it, and PUTs it back (the engine
/// validates and bumps the generation).
fn edit_set(engine: &mut Engine, name: &str, verb: &str, f: impl FnOnce(&mut Value)) -> Outcome {
    let Some(set) = engine.store().statefulsets.get(name) else {
        return err(format!(
            "Error from server (NotFound): statefulsets.apps \"{name}\" not found"
        ));
    };
    let mut v = Object::StatefulSet(set.clone()).to_json();
    let before = v.clone();
    f(&mut v);
    if v == before {
        return ok(format!("statefulset.apps/{name} {verb} (no change)"));
    }
    match Object::from_json(Kind::StatefulSet, v) {
        Ok(obj) => match engine.update(obj) {
            Ok(_) => ok(format!("statefulset.apps/{name} {verb}")),
            Err(e) => err(e.to_string()),
        },
        Err(e) => err(format!("error: {e}")),
    }
}

fn set_path(v: &mut Value, path: &[&str], val: Value) {
    let mut cur = v;
    for (i, k) in path.iter().enumerate() {
        let Some(o) = cur.as_object_mut() else { return };
        if i + 1 == path.len() {
            o.insert((*k).to_string(), val);
            return;
        }
        cur = o
            .entry((*k).to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
}

/// RFC 7386 JSON merge patch (enough for the spec fields the UI edits).
fn merge_patch(target: &mut Value, patch: &Value) {
    let Some(p) = patch.as_object() else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let Some(t) = target.as_object_mut() else {
        return;
    };
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

fn apply(engine: &mut Engine, body: &str, create_only: bool, head: &str) -> Outcome {
    if !head.contains("-f") {
        return err("error: must specify one of -f and -k");
    }
    let mut out = Outcome {
        ok: true,
        ..Outcome::default()
    };
    let manifest: String = body
        .lines()
        .take_while(|l| !is_heredoc_end(l))
        .collect::<Vec<_>>()
        .join("\n");
    for doc in manifest.split("\n---") {
        if doc.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_yaml_ng::from_str(doc) {
            Ok(v) => v,
            Err(e) => {
                out.ok = false;
                out.stderr
                    .push_str(&format!("error: error parsing STDIN: {e}\n"));
                continue;
            }
        };
        let kind_str = v
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(kind) = Kind::from_kind_str(&kind_str) else {
            out.ok = false;
            out.stderr.push_str(&format!(
                "error: resource mapping not found for kind \"{kind_str}\"\n"
            ));
            continue;
        };
        let obj = match Object::from_json(kind, v) {
            Ok(o) => o,
            Err(e) => {
                out.ok = false;
                out.stderr.push_str(&format!("error: {e}\n"));
                continue;
            }
        };
        let name = obj.name().to_string();
        let exists = engine.get(kind, &name).is_ok();
        let res = if exists && !create_only {
            engine.update(obj).map(|_| "configured")
        } else {
            engine.create(obj).map(|_| "created")
        };
        match res {
            Ok(word) => out
                .stdout
                .push_str(&format!("{}/{name} {word}\n", kind.qualified())),
            Err(e) => {
                out.ok = false;
                out.stderr.push_str(&format!("{e}\n"));
            }
        }
    }
    out
}

fn is_heredoc_end(l: &str) -> bool {
    let t = l.trim();
    t.starts_with("EOF") && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Splits a script into commands: comments and blank lines dropped, `\`
/// continuations joined, a heredoc kept with its command (first line = the
/// command, following lines = the body up to the delimiter).
pub fn split_script(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = src.lines();
    let mut pending = String::new();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if pending.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        if let Some(stripped) = trimmed.strip_suffix('\\') {
            pending.push_str(stripped);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let mut cmd = std::mem::take(&mut pending);
        if let Some(pos) = cmd.find("<<") {
            let delim = cmd[pos + 2..]
                .trim()
                .trim_matches(|c| c == '\'' || c == '"')
                .to_string();
            cmd = cmd[..pos].trim_end().to_string();
            for body in lines.by_ref() {
                cmd.push('\n');
                if body.trim() == delim {
                    cmd.push_str("EOF");
                    break;
                }
                cmd.push_str(body);
            }
        }
        out.push(cmd);
    }
    out
}

/// Completions of the last word: verbs after `kubectl`, types after a verb,
/// names after a type.
pub fn complete(engine: &Engine, partial: &str) -> Vec<String> {
    let words: Vec<&str> = partial.split_whitespace().collect();
    let ends_space = partial.ends_with(' ') || partial.is_empty();
    let (done, last): (&[&str], &str) = if ends_space {
        (words.as_slice(), "")
    } else {
        let (d, l) = words.split_at(words.len().saturating_sub(1));
        (d, l.first().copied().unwrap_or_default())
    };
    let store = engine.store();
    let names = |k: Kind| -> Vec<String> {
        match k {
            Kind::Pod => store.pods.keys().cloned().collect(),
            Kind::StatefulSet => store.statefulsets.keys().cloned().collect(),
            Kind::PersistentVolumeClaim => store.pvcs.keys().cloned().collect(),
            Kind::Service => store.services.keys().cloned().collect(),
            Kind::Node => store.nodes.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let candidates: Vec<String> = match done {
        [] => vec!["kubectl".into(), "sim".into()],
        ["kubectl"] => VERBS.iter().map(|s| s.to_string()).collect(),
        ["kubectl", _] => TYPES.iter().map(|s| s.to_string()).collect(),
        ["kubectl", _, t, ..] => kind_of(t).map(names).unwrap_or_default(),
        ["sim"] => [
            "readiness",
            "crash",
            "evict",
            "node",
            "settle",
            "image",
            "pvc",
            "seed",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        ["sim", "node"] => names(Kind::Node),
        ["sim", _] => names(Kind::Pod)
            .into_iter()
            .map(|n| format!("pod/{n}"))
            .collect(),
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter(|c| c.starts_with(last) && c != last)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_split_into_commands_with_heredocs() {
        let cmds = split_script("# c\nkubectl apply -f - <<'EOF'\nkind: Service\nEOF\n\nkubectl scale \\\n sts web --replicas=2\n");
        assert_eq!(
            cmds,
            vec![
                "kubectl apply -f -\nkind: Service\nEOF".to_string(),
                "kubectl scale sts web --replicas=2".to_string()
            ]
        );
    }

    #[test]
    fn merge_patch_sets_and_removes() {
        let mut v = serde_json::json!({"spec": {"replicas": 3, "minReadySeconds": 5}});
        merge_patch(
            &mut v,
            &serde_json::json!({"spec": {"replicas": 5, "minReadySeconds": null}}),
        );
        assert_eq!(v, serde_json::json!({"spec": {"replicas": 5}}));
    }

    #[test]
    fn typo_suggests_verb() {
        assert!(edit_distance("scael", "scale") <= 2);
    }
}
