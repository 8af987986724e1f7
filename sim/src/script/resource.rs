//! Resource type names and aliases as kubectl accepts them (§2), and
//! `TYPE NAME` / `TYPE/NAME` argument forms.

use crate::api::Kind;

/// Resolves `pods`, `po`, `sts`, `statefulsets.apps`, … to a kind.
pub fn resolve_kind(word: &str) -> Option<Kind> {
    let w = word.to_ascii_lowercase();
    let w = w.strip_suffix(".apps").unwrap_or(&w);
    let w = w.strip_suffix(".autoscaling").unwrap_or(w);
    Some(match w {
        "pod" | "pods" | "po" => Kind::Pod,
        "statefulset" | "statefulsets" | "sts" => Kind::StatefulSet,
        "persistentvolumeclaim" | "persistentvolumeclaims" | "pvc" => Kind::PersistentVolumeClaim,
        "persistentvolume" | "persistentvolumes" | "pv" => Kind::PersistentVolume,
        "service" | "services" | "svc" => Kind::Service,
        "deployment" | "deployments" | "deploy" => Kind::Deployment,
        "replicaset" | "replicasets" | "rs" => Kind::ReplicaSet,
        "event" | "events" | "ev" => Kind::Event,
        "node" | "nodes" | "no" => Kind::Node,
        "controllerrevision" | "controllerrevisions" => Kind::ControllerRevision,
        "horizontalpodautoscaler" | "horizontalpodautoscalers" | "hpa" => {
            Kind::HorizontalPodAutoscaler
        }
        _ => return None,
    })
}

/// kubectl's error for an unknown type.
pub fn unknown_type(word: &str) -> String {
    format!("error: the server doesn't have a resource type \"{word}\"")
}

/// Every type name completion offers (the canonical short and long forms).
pub const TYPE_WORDS: &[&str] = &[
    "controllerrevisions",
    "deployments",
    "events",
    "horizontalpodautoscalers",
    "hpa",
    "nodes",
    "persistentvolumeclaims",
    "persistentvolumes",
    "pods",
    "pvc",
    "pv",
    "services",
    "statefulsets",
    "sts",
    "svc",
];

/// A parsed `TYPE NAME…` / `TYPE/NAME…` argument list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Targets {
    /// The kind of a bare `TYPE` (listing), if given.
    pub kind: Option<Kind>,
    /// Named objects, in the order given.
    pub named: Vec<(Kind, String)>,
}

/// Parses positional arguments: `TYPE [NAME…]` or `TYPE/NAME…`.
/// Errors are kubectl's wording.
pub fn parse_targets(args: &[String]) -> Result<Targets, String> {
    let Some(first) = args.first() else {
        return Ok(Targets {
            kind: None,
            named: Vec::new(),
        });
    };
    if first.contains('/') {
        let mut named = Vec::new();
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
            };
            let kind = resolve_kind(t).ok_or_else(|| unknown_type(t))?;
            if n.is_empty() {
                return Err(format!("error: arguments in resource/name form must have a single resource and name: {a:?}"));
            }
            named.push((kind, n.to_string()));
        }
        return Ok(Targets { kind: None, named });
    }
    if first.contains(',') || first == "all" {
        return Err(format!(
            "error: {first}: several types at once are supported by kubectl get only"
        ));
    }
    let kind = resolve_kind(first).ok_or_else(|| unknown_type(first))?;
    let mut named = Vec::new();
    for n in args.iter().skip(1) {
        if n.contains('/') {
            return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
        }
        named.push((kind, n.clone()));
    }
    Ok(Targets {
        kind: Some(kind),
        named,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn aliases_and_forms() {
        assert_eq!(resolve_kind("po"), Some(Kind::Pod));
        assert_eq!(resolve_kind("statefulsets.apps"), Some(Kind::StatefulSet));
        assert_eq!(resolve_kind("ev"), Some(Kind::Event));
        assert_eq!(resolve_kind("pod2"), None);
        assert_eq!(resolve_kind("hpa"), Some(Kind::HorizontalPodAutoscaler));
        assert_eq!(
            resolve_kind("horizontalpodautoscalers.autoscaling"),
            Some(Kind::HorizontalPodAutoscaler)
        );
        let t = parse_targets(&s(&["sts/web", "pod/web-0"])).unwrap_or(Targets {
            kind: None,
            named: vec![],
        });
        assert_eq!(
            t.named,
            vec![
                (Kind::StatefulSet, "web".into()),
                (Kind::Pod, "web-0".into())
            ]
        );
        let t = parse_targets(&s(&["pods", "web-0", "web-1"])).unwrap_or(Targets {
            kind: None,
            named: vec![],
        });
        assert_eq!(t.kind, Some(Kind::Pod));
        assert_eq!(t.named.len(), 2);
        assert_eq!(
            parse_targets(&s(&["foo"])),
            Err("error: the server doesn't have a resource type \"foo\"".into())
        );
    }
}
