//! Console completion: verbs, resource types and object names.

use super::resource::{resolve_kind, TYPE_WORDS};
use crate::api::Kind;
use crate::engine::Engine;

/// The longest prefix every candidate starts with (on char boundaries);
/// empty for no candidates.
pub fn common_prefix(cands: &[String]) -> &str {
    let Some(first) = cands.first() else {
        return "";
    };
    let mut end = first.len();
    for c in cands.iter().skip(1) {
        end = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((i, a), b)| *i < end && a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
    }
    first.get(..end).unwrap_or("")
}

/// Candidates for the last (partial) word of `partial`, sorted, each a
/// complete word the UI can put in place of that last word. `TYPE/NAME`
/// words complete to `TYPE/NAME`.
pub fn complete(engine: &Engine, partial: &str) -> Vec<String> {
    let ends_blank = partial.is_empty() || partial.ends_with(char::is_whitespace);
    let mut words: Vec<&str> = partial.split_whitespace().collect();
    let last = if ends_blank {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let names = |kind: Kind| -> Vec<String> {
        engine
            .list(kind)
            .iter()
            .map(|o| o.name().to_string())
            .collect()
    };
    let mut cands: Vec<String> = match words.as_slice() {
        [] => vec!["kubectl".into(), "sim".into(), "sleep".into()],
        [.., "-o" | "--output"] => ["json", "jsonpath=", "name", "wide", "yaml"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["kubectl"] => super::kubectl_verbs()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["sim"] => super::sim_verbs::VERBS
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["kubectl", "rollout"] => ["history", "restart", "status", "undo"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["kubectl", "rollout", _, ..] | ["kubectl", "set", "image", ..] => names(Kind::StatefulSet)
            .into_iter()
            .map(|n| format!("sts/{n}"))
            .collect(),
        ["kubectl", "set"] => vec!["image".into()],
        ["kubectl", "cordon" | "uncordon" | "drain", ..] => names(Kind::Node),
        ["kubectl", "exec", ..] => names(Kind::Pod),
        ["kubectl", "get" | "describe" | "delete" | "scale" | "autoscale" | "patch" | "label" | "annotate"
        | "wait", rest @ ..] => {
            let typed: Vec<&&str> = rest.iter().filter(|w| !w.starts_with('-')).collect();
            match typed.first().and_then(|t| resolve_kind(t)) {
                Some(kind) if !last.contains('/') => names(kind),
                _ => {
                    if let Some((t, _)) = last.split_once('/') {
                        resolve_kind(t)
                            .map(|k| names(k).into_iter().map(|n| format!("{t}/{n}")).collect())
                            .unwrap_or_default()
                    } else {
                        TYPE_WORDS.iter().map(|s| s.to_string()).collect()
                    }
                }
            }
        }
        ["sim", "readiness" | "crash" | "evict"] => names(Kind::Pod)
            .into_iter()
            .map(|n| format!("pod/{n}"))
            .collect(),
        ["sim", "readiness", _] => vec!["fail".into(), "pass".into()],
        ["sim", "node"] => names(Kind::Node),
        ["sim", "node", _] => vec!["down".into(), "up".into()],
        ["sim", "load"] => names(Kind::StatefulSet)
            .into_iter()
            .map(|n| format!("sts/{n}"))
            .collect(),
        ["sim", "load", _] => ["0", "50", "100", "200"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        ["sim", "pvc"] => names(Kind::PersistentVolumeClaim),
        ["sim", "pvc", _] => vec!["hold".into(), "release".into()],
        ["sim", "image", _] => vec![
            "crash".into(),
            "never-ready".into(),
            "ok".into(),
            "pull-error".into(),
        ],
        _ => vec![],
    };
    cands.retain(|c| c.starts_with(last));
    cands.sort();
    cands.dedup();
    cands
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn common_prefix_is_what_every_candidate_shares() {
        assert_eq!(common_prefix(&v(&["web-0", "web-1", "web-2"])), "web-");
        assert_eq!(common_prefix(&v(&["web-0"])), "web-0");
        assert_eq!(common_prefix(&v(&["rollout", "run"])), "r");
        assert_eq!(common_prefix(&v(&["get", "web"])), "");
        assert_eq!(common_prefix(&v(&["é-a", "é-b"])), "é-");
        assert_eq!(common_prefix(&v(&["ab", "a"])), "a");
        assert_eq!(common_prefix(&[]), "");
    }
}
