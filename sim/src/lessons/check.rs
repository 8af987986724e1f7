//! Lesson checks: a small predicate language over the engine's state, used
//! by `? …` lines to wait for what the learner did ("scale web to 5 to
//! continue").
//!
//! Grammar (one predicate per check, words separated by spaces):
//!
//! ```text
//! check    := target property [op value]
//! target   := sts/NAME | pod/NAME | pvc/NAME | deploy/NAME | node/NAME
//!           | file POD PATH                 (content via `kubectl exec POD -- cat PATH`)
//!           | pods LABEL=VALUE[,…]          (non-terminating pods matching the labels)
//! op       := == | != | >= | <= | > | <
//! ```
//!
//! | target | properties |
//! | --- | --- |
//! | `sts/NAME` | `exists`, `absent`, `replicas` (spec), `ready`, `available`, `current`, `updated` (status counters), `partition`, `start` (ordinals.start), `image` (first container), `policy` (podManagementPolicy), `strategy`, `whenScaled`, `whenDeleted`, `rolledOut` (currentRevision == updateRevision and updated == replicas) |
//! | `pod/NAME` | `exists`, `absent`, `ready` (Running and Ready, §5.2), `notready`, `terminating`, `phase`, `image`, `node`, `restarts`, `creations` (how many times the StatefulSet controller created it: its `SuccessfulCreate` events, §16) |
//! | `pvc/NAME` | `exists`, `absent`, `phase` |
//! | `deploy/NAME` | `exists`, `absent`, `replicas`, `ready`, `available`, `image` |
//! | `node/NAME` | `ready`, `notready`, `cordoned` |
//! | `file POD PATH` | `== TEXT` (rest of the line, compared after trimming) |
//! | `pods SELECTOR` | `count` |
//!
//! Numbers compare numerically; everything else compares as text (only `==`
//! and `!=`). A property that does not apply (the object is missing) is false.

use crate::engine::Engine;
use std::fmt;

/// Comparison operator of a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `<`
    Lt,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">=" => Op::Ge,
            "<=" => Op::Le,
            ">" => Op::Gt,
            "<" => Op::Lt,
            _ => return None,
        })
    }
    fn cmp_num(self, a: i64, b: i64) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Ne => a != b,
            Op::Ge => a >= b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Lt => a < b,
        }
    }
    fn cmp_text(self, a: &str, b: &str) -> bool {
        match self {
            Op::Eq => a == b,
            Op::Ne => a != b,
            _ => false,
        }
    }
}

/// What a check looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `sts/NAME`
    StatefulSet(String),
    /// `pod/NAME`
    Pod(String),
    /// `pvc/NAME`
    Pvc(String),
    /// `deploy/NAME`
    Deployment(String),
    /// `node/NAME`
    Node(String),
    /// `file POD PATH`
    File { pod: String, path: String },
    /// `pods k=v,…`
    Pods(Vec<(String, String)>),
}

/// A parsed check predicate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predicate {
    /// The object or file looked at.
    pub target: Target,
    /// Property name (`replicas`, `ready`, `content` for files…).
    pub property: String,
    /// Comparison and expected value; `None` for boolean properties.
    pub compare: Option<(Op, String)>,
}

/// Why a check line could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckParseError(pub String);

impl fmt::Display for CheckParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const STS_PROPS: &[&str] = &[
    "exists",
    "absent",
    "replicas",
    "ready",
    "available",
    "current",
    "updated",
    "partition",
    "start",
    "image",
    "policy",
    "strategy",
    "whenScaled",
    "whenDeleted",
    "rolledOut",
];
const POD_PROPS: &[&str] = &[
    "exists",
    "absent",
    "ready",
    "notready",
    "terminating",
    "phase",
    "image",
    "node",
    "restarts",
    "creations",
];
const PVC_PROPS: &[&str] = &["exists", "absent", "phase"];
const DEPLOY_PROPS: &[&str] = &[
    "exists",
    "absent",
    "replicas",
    "ready",
    "available",
    "image",
];
const NODE_PROPS: &[&str] = &["ready", "notready", "cordoned"];
/// Properties that are true or false (no comparison), per target kind.
const BOOL_COMMON: &[&str] = &["exists", "absent", "rolledOut"];
const BOOL_POD_NODE: &[&str] = &[
    "exists",
    "absent",
    "ready",
    "notready",
    "terminating",
    "cordoned",
];

impl Predicate {
    /// Parses `sts/web replicas == 5`, `pod/web-0 ready`,
    /// `file web-0 /usr/share/nginx/html/index.html == hello`, ….
    pub fn parse(src: &str) -> Result<Predicate, CheckParseError> {
        let err = |m: String| Err(CheckParseError(m));
        let mut words = src.split_whitespace();
        let Some(first) = words.next() else {
            return err("empty check".into());
        };
        if first == "file" {
            let (Some(pod), Some(path)) = (words.next(), words.next()) else {
                return err("`file` needs a pod and a path: file POD PATH == TEXT".into());
            };
            let rest: Vec<&str> = words.collect();
            let Some((&op, value)) = rest.split_first() else {
                return err("`file` needs `== TEXT`".into());
            };
            let op = match Op::parse(op) {
                Some(o @ (Op::Eq | Op::Ne)) => o,
                _ => return err(format!("`file` compares with == or !=, not {op:?}")),
            };
            return Ok(Predicate {
                target: Target::File {
                    pod: pod.into(),
                    path: path.into(),
                },
                property: "content".into(),
                compare: Some((op, value.join(" "))),
            });
        }
        if first == "pods" {
            let Some(sel) = words.next() else {
                return err("`pods` needs a label selector: pods app=nginx count == 3".into());
            };
            let mut labels = Vec::new();
            for part in sel.split(',') {
                let Some((k, v)) = part.split_once('=') else {
                    return err(format!(
                        "label selector {sel:?} must be KEY=VALUE[,KEY=VALUE]"
                    ));
                };
                labels.push((k.to_string(), v.to_string()));
            }
            let target = Target::Pods(labels);
            return Self::finish(target, &["count"], BOOL_COMMON, words.collect());
        }
        let Some((kind, name)) = first.split_once('/') else {
            return err(format!("unknown check target {first:?} (use sts/NAME, pod/NAME, pvc/NAME, deploy/NAME, node/NAME, file or pods)"));
        };
        if name.is_empty() {
            return err(format!("{first:?} needs a name after the /"));
        }
        let (target, props) = match kind {
            "sts" | "statefulset" => (Target::StatefulSet(name.into()), STS_PROPS),
            "pod" | "po" => (Target::Pod(name.into()), POD_PROPS),
            "pvc" => (Target::Pvc(name.into()), PVC_PROPS),
            "deploy" | "deployment" => (Target::Deployment(name.into()), DEPLOY_PROPS),
            "node" | "no" => (Target::Node(name.into()), NODE_PROPS),
            _ => return err(format!("unknown check target kind {kind:?}")),
        };
        let bools = if matches!(target, Target::Pod(_) | Target::Node(_)) {
            BOOL_POD_NODE
        } else {
            BOOL_COMMON
        };
        Self::finish(target, props, bools, words.collect())
    }

    fn finish(
        target: Target,
        props: &[&str],
        bools: &[&str],
        rest: Vec<&str>,
    ) -> Result<Predicate, CheckParseError> {
        let Some((&prop, rest)) = rest.split_first() else {
            return Err(CheckParseError(format!(
                "missing property; one of: {}",
                props.join(", ")
            )));
        };
        if !props.contains(&prop) {
            return Err(CheckParseError(format!(
                "unknown property {prop:?}; one of: {}",
                props.join(", ")
            )));
        }
        let compare = match rest {
            [] if bools.contains(&prop) => None,
            [] => {
                return Err(CheckParseError(format!(
                    "{prop:?} needs a comparison such as `== 3`"
                )))
            }
            [op, value @ ..] if !value.is_empty() => {
                let Some(op) = Op::parse(op) else {
                    return Err(CheckParseError(format!(
                        "unknown operator {op:?}; use == != >= <= > <"
                    )));
                };
                if bools.contains(&prop) {
                    return Err(CheckParseError(format!(
                        "{prop:?} is true or false and takes no comparison"
                    )));
                }
                Some((op, value.join(" ")))
            }
            _ => {
                return Err(CheckParseError(
                    "a comparison needs an operator and a value".into(),
                ))
            }
        };
        Ok(Predicate {
            target,
            property: prop.to_string(),
            compare,
        })
    }

    /// Whether the predicate holds in the engine's current state.
    pub fn is_met(&self, engine: &Engine) -> bool {
        match self.value(engine) {
            Value::Missing => self.property == "absent",
            Value::Bool(b) => self.compare.is_none() && b,
            Value::Num(n) => match &self.compare {
                Some((op, v)) => v
                    .trim()
                    .parse::<i64>()
                    .is_ok_and(|want| op.cmp_num(n, want)),
                None => false,
            },
            Value::Text(t) => match &self.compare {
                Some((op, v)) => op.cmp_text(t.trim(), v.trim()),
                None => false,
            },
        }
    }

    fn value(&self, engine: &Engine) -> Value {
        let store = engine.store();
        let p = self.property.as_str();
        let exists = |present: bool| match p {
            "exists" => Some(Value::Bool(present)),
            "absent" => Some(Value::Bool(!present)),
            _ => None,
        };
        match &self.target {
            Target::StatefulSet(name) => {
                let set = store.statefulsets.get(name);
                if let Some(v) = exists(set.is_some()) {
                    return v;
                }
                let Some(s) = set else { return Value::Missing };
                let ru = s
                    .spec
                    .update_strategy
                    .as_ref()
                    .and_then(|u| u.rolling_update.as_ref());
                let retention = s.spec.persistent_volume_claim_retention_policy.as_ref();
                match p {
                    "replicas" => Value::Num(s.replicas() as i64),
                    "ready" => Value::Num(s.status.ready_replicas as i64),
                    "available" => Value::Num(s.status.available_replicas as i64),
                    "current" => Value::Num(s.status.current_replicas as i64),
                    "updated" => Value::Num(s.status.updated_replicas as i64),
                    "partition" => Value::Num(ru.and_then(|r| r.partition).unwrap_or(0) as i64),
                    "start" => Value::Num(s.start_ordinal() as i64),
                    "image" => text(
                        s.spec
                            .template
                            .spec
                            .containers
                            .first()
                            .map(|c| c.image.clone()),
                    ),
                    "policy" => Value::Text(
                        if s.is_parallel() {
                            "Parallel"
                        } else {
                            "OrderedReady"
                        }
                        .into(),
                    ),
                    "strategy" => Value::Text(
                        if s.is_on_delete() {
                            "OnDelete"
                        } else {
                            "RollingUpdate"
                        }
                        .into(),
                    ),
                    "whenScaled" => text(Some(
                        retention
                            .and_then(|r| r.when_scaled.clone())
                            .unwrap_or_else(|| "Retain".into()),
                    )),
                    "whenDeleted" => text(Some(
                        retention
                            .and_then(|r| r.when_deleted.clone())
                            .unwrap_or_else(|| "Retain".into()),
                    )),
                    "rolledOut" => Value::Bool(
                        s.status.observed_generation >= s.metadata.generation
                            && !s.status.update_revision.is_empty()
                            && s.status.current_revision == s.status.update_revision
                            && s.status.updated_replicas == s.replicas()
                            && s.status.ready_replicas == s.replicas(),
                    ),
                    _ => Value::Missing,
                }
            }
            Target::Pod(name) if p == "creations" => {
                // §16: `create Pod <pod> in StatefulSet <set> successful`.
                let prefix = format!("create Pod {name} in StatefulSet ");
                Value::Num(
                    store
                        .events
                        .iter()
                        .filter(|e| {
                            e.reason == "SuccessfulCreate" && e.message.starts_with(&prefix)
                        })
                        .map(|e| e.count().max(1) as i64)
                        .sum(),
                )
            }
            Target::Pod(name) => {
                let pod = store.pods.get(name);
                if let Some(v) = exists(pod.is_some()) {
                    return v;
                }
                let Some(pod) = pod else {
                    return Value::Missing;
                };
                match p {
                    "ready" => {
                        Value::Bool(pod.is_running_and_ready() && !pod.metadata.is_terminating())
                    }
                    "notready" => Value::Bool(!pod.is_running_and_ready()),
                    "terminating" => Value::Bool(pod.metadata.is_terminating()),
                    "phase" => text(pod.status.phase.clone()),
                    "image" => text(pod.spec.containers.first().map(|c| c.image.clone())),
                    "node" => text(pod.spec.node_name.clone()),
                    "restarts" => Value::Num(pod.restarts() as i64),
                    _ => Value::Missing,
                }
            }
            Target::Pvc(name) => {
                let pvc = store.pvcs.get(name);
                if let Some(v) = exists(pvc.is_some()) {
                    return v;
                }
                match (pvc, p) {
                    (Some(c), "phase") => text(c.status.phase.clone()),
                    _ => Value::Missing,
                }
            }
            Target::Deployment(name) => {
                let d = store.deployments.get(name);
                if let Some(v) = exists(d.is_some()) {
                    return v;
                }
                let Some(d) = d else { return Value::Missing };
                match p {
                    "replicas" => Value::Num(d.spec.replicas.unwrap_or(1) as i64),
                    "ready" => Value::Num(d.status.ready_replicas as i64),
                    "available" => Value::Num(d.status.available_replicas as i64),
                    "image" => text(
                        d.spec
                            .template
                            .spec
                            .containers
                            .first()
                            .map(|c| c.image.clone()),
                    ),
                    _ => Value::Missing,
                }
            }
            Target::Node(name) => {
                let Some(n) = store.nodes.get(name) else {
                    return Value::Missing;
                };
                let ready = n
                    .status
                    .conditions
                    .iter()
                    .any(|c| c.type_ == "Ready" && c.status == "True");
                match p {
                    "ready" => Value::Bool(ready),
                    "notready" => Value::Bool(!ready),
                    "cordoned" => Value::Bool(n.spec.unschedulable == Some(true)),
                    _ => Value::Missing,
                }
            }
            Target::File { pod, path } => {
                if !store.pods.contains_key(pod) {
                    return Value::Missing;
                }
                match engine.exec_read(pod, path) {
                    Ok(t) => Value::Text(t),
                    Err(_) => Value::Missing,
                }
            }
            Target::Pods(labels) => Value::Num(
                store
                    .pods
                    .values()
                    .filter(|pod| !pod.metadata.is_terminating())
                    .filter(|pod| {
                        labels
                            .iter()
                            .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
                    })
                    .count() as i64,
            ),
        }
    }
}

enum Value {
    Missing,
    Bool(bool),
    Num(i64),
    Text(String),
}

fn text(s: Option<String>) -> Value {
    s.map_or(Value::Missing, Value::Text)
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Target::StatefulSet(n) => write!(f, "sts/{n} {}", self.property)?,
            Target::Pod(n) => write!(f, "pod/{n} {}", self.property)?,
            Target::Pvc(n) => write!(f, "pvc/{n} {}", self.property)?,
            Target::Deployment(n) => write!(f, "deploy/{n} {}", self.property)?,
            Target::Node(n) => write!(f, "node/{n} {}", self.property)?,
            Target::File { pod, path } => write!(f, "file {pod} {path}")?,
            Target::Pods(l) => {
                let sel: Vec<String> = l.iter().map(|(k, v)| format!("{k}={v}")).collect();
                write!(f, "pods {} {}", sel.join(","), self.property)?
            }
        }
        if let Some((op, v)) = &self.compare {
            let op = match op {
                Op::Eq => "==",
                Op::Ne => "!=",
                Op::Ge => ">=",
                Op::Le => "<=",
                Op::Gt => ">",
                Op::Lt => "<",
            };
            write!(f, " {op} {v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        let p = Predicate::parse("sts/web replicas == 5").unwrap();
        assert_eq!(p.target, Target::StatefulSet("web".into()));
        assert_eq!(p.compare, Some((Op::Eq, "5".into())));
        assert_eq!(Predicate::parse("pod/web-0 ready").unwrap().compare, None);
        let f = Predicate::parse("file web-0 /data/x == hello world").unwrap();
        assert_eq!(
            f.target,
            Target::File {
                pod: "web-0".into(),
                path: "/data/x".into()
            }
        );
        assert_eq!(f.compare, Some((Op::Eq, "hello world".into())));
        let c = Predicate::parse("pods app=nginx,tier=db count >= 2").unwrap();
        assert_eq!(c.to_string(), "pods app=nginx,tier=db count >= 2");
    }

    #[test]
    fn rejects_bad_checks_with_reasons() {
        for (src, needle) in [
            ("", "empty"),
            ("sts/web", "missing property"),
            ("sts/web colour == red", "unknown property"),
            ("sts/web replicas", "needs a comparison"),
            ("sts/web replicas =~ 3", "unknown operator"),
            ("pod/web-0 ready == yes", "takes no comparison"),
            ("cm/x exists", "unknown check target kind"),
            ("web replicas == 3", "unknown check target"),
            ("file web-0", "needs a pod and a path"),
            ("pods app count == 1", "KEY=VALUE"),
            ("sts/ replicas == 1", "needs a name"),
        ] {
            let e = Predicate::parse(src).unwrap_err();
            assert!(e.0.contains(needle), "{src:?}: {e}");
        }
    }

    #[test]
    fn evaluates_against_the_store() {
        let e = Engine::new(crate::engine::Config::default());
        // Empty cluster: nothing exists, absent holds, numbers are false.
        assert!(Predicate::parse("sts/web absent").unwrap().is_met(&e));
        assert!(!Predicate::parse("sts/web exists").unwrap().is_met(&e));
        assert!(!Predicate::parse("sts/web replicas == 0")
            .unwrap()
            .is_met(&e));
        assert!(Predicate::parse("pods app=nginx count == 0")
            .unwrap()
            .is_met(&e));
        assert!(!Predicate::parse("pods app=nginx count == 1")
            .unwrap()
            .is_met(&e));
        assert!(!Predicate::parse("file web-0 /x == a").unwrap().is_met(&e));
    }
}
