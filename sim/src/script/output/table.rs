//! kubectl's default table output (`kubectl get`): the columns each kind
//! prints, aligned like Go's `text/tabwriter` with kubectl's settings
//! (minimum width 6, padding 3).

use super::status::{pod_ready_text, pod_restarts_text, pod_status_text};
use crate::api::*;
use crate::script::duration::age;

/// Aligns rows like kubectl's tabwriter. `widths` carries remembered column
/// widths between calls (watch rows keep the header's alignment).
pub fn align(rows: &[Vec<String>], widths: &mut Vec<usize>) -> Vec<String> {
    align_cells(rows, widths, 3, 6)
}

/// Aligns rows with a given padding and minimum cell width (kubectl
/// describe uses padding 2, minimum 0).
pub fn align_with(rows: &[Vec<String>], padding: usize, min: usize) -> Vec<String> {
    align_cells(rows, &mut Vec::new(), padding, min)
}

fn align_cells(
    rows: &[Vec<String>],
    widths: &mut Vec<usize>,
    padding: usize,
    min: usize,
) -> Vec<String> {
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                break; // the last cell is not padded
            }
            let w = (cell.chars().count() + padding).max(min);
            if widths.len() <= i {
                widths.resize(i + 1, 0);
            }
            if let Some(x) = widths.get_mut(i) {
                *x = (*x).max(w);
            }
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let w = widths.get(i).copied().unwrap_or(0);
                    for _ in cell.chars().count()..w {
                        line.push(' ');
                    }
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Options affecting the columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableOpts {
    /// `-o wide`.
    pub wide: bool,
    /// `--show-labels`.
    pub show_labels: bool,
    /// `-L key1,key2`: one column per label key.
    pub label_columns: Vec<String>,
}

/// The header row for a kind.
pub fn header(kind: Kind, o: &TableOpts) -> Vec<String> {
    let cols: &[&str] = match (kind, o.wide) {
        (Kind::Pod, false) => &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        (Kind::Pod, true) => &[
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE",
            "NOMINATED NODE",
            "READINESS GATES",
        ],
        (Kind::StatefulSet, false) => &["NAME", "READY", "AGE"],
        (Kind::StatefulSet, true) => &["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"],
        (Kind::PersistentVolumeClaim, false) => &[
            "NAME",
            "STATUS",
            "VOLUME",
            "CAPACITY",
            "ACCESS MODES",
            "STORAGECLASS",
            "AGE",
        ],
        (Kind::PersistentVolumeClaim, true) => &[
            "NAME",
            "STATUS",
            "VOLUME",
            "CAPACITY",
            "ACCESS MODES",
            "STORAGECLASS",
            "AGE",
            "VOLUMEMODE",
        ],
        (Kind::PersistentVolume, _) => &[
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "REASON",
            "AGE",
        ],
        (Kind::Service, false) => &[
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE",
        ],
        (Kind::Service, true) => &[
            "NAME",
            "TYPE",
            "CLUSTER-IP",
            "EXTERNAL-IP",
            "PORT(S)",
            "AGE",
            "SELECTOR",
        ],
        (Kind::Node, false) => &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        (Kind::Node, true) => &["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP"],
        (Kind::Event, _) => &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
        (Kind::ControllerRevision, _) => &["NAME", "CONTROLLER", "REVISION", "AGE"],
        (Kind::Deployment, _) => &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        (Kind::ReplicaSet, _) => &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
        (Kind::HorizontalPodAutoscaler, _) => &[
            "NAME",
            "REFERENCE",
            "TARGETS",
            "MINPODS",
            "MAXPODS",
            "REPLICAS",
            "AGE",
        ],
    };
    let mut h: Vec<String> = cols.iter().map(|s| s.to_string()).collect();
    // kubectl names a -L column after the key's last path segment.
    h.extend(
        o.label_columns
            .iter()
            .map(|k| k.rsplit('/').next().unwrap_or(k).to_uppercase()),
    );
    if o.show_labels {
        h.push("LABELS".into());
    }
    h
}

fn or_none(s: Option<&str>) -> String {
    match s {
        Some(v) if !v.is_empty() => v.to_string(),
        _ => "<none>".into(),
    }
}

fn access_modes(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn labels_text(m: &std::collections::BTreeMap<String, String>) -> String {
    if m.is_empty() {
        return "<none>".into();
    }
    m.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// kubectl's `formatHPAMetrics` (printers/internalversion/printers.go) for
/// resource utilization metrics: `cpu: 40%/50%`, `cpu: <unknown>/50%`.
pub fn hpa_targets(h: &crate::api::HorizontalPodAutoscaler) -> String {
    let current = h
        .current_utilization()
        .map_or_else(|| "<unknown>".to_string(), |u| format!("{u}%"));
    let list: Vec<String> = h
        .spec
        .metrics
        .iter()
        .filter_map(|m| m.resource.as_ref())
        .map(|r| {
            let target = r
                .target
                .average_utilization
                .map_or_else(|| "<auto>".to_string(), |t| format!("{t}%"));
            format!("{}: {current}/{target}", r.name)
        })
        .collect();
    if list.is_empty() {
        "<none>".into()
    } else {
        list.join(", ")
    }
}

/// One table row for an object, seen at virtual time `now`.
pub fn row(obj: &Object, now: Millis, o: &TableOpts) -> Vec<String> {
    let created = obj.metadata().creation_timestamp;
    let a = age(now, created);
    let mut r: Vec<String> = match obj {
        Object::Pod(p) => {
            let mut r = vec![
                p.metadata.name.clone(),
                pod_ready_text(p),
                pod_status_text(p),
                pod_restarts_text(p, now),
                a,
            ];
            if o.wide {
                r.push(or_none(p.status.pod_ip.as_deref()));
                r.push(or_none(p.spec.node_name.as_deref()));
                r.push("<none>".into());
                r.push("<none>".into());
            }
            r
        }
        Object::StatefulSet(s) => {
            let mut r = vec![
                s.metadata.name.clone(),
                format!("{}/{}", s.status.ready_replicas, s.replicas()),
                a,
            ];
            if o.wide {
                let c = &s.spec.template.spec.containers;
                r.push(
                    c.iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
                r.push(
                    c.iter()
                        .map(|c| c.image.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            r
        }
        Object::PersistentVolumeClaim(c) => {
            let bound = c.status.phase.as_deref() == Some("Bound");
            let mut r = vec![
                c.metadata.name.clone(),
                // printPersistentVolumeClaim: a deleted claim shows Terminating.
                if c.metadata.deletion_timestamp.is_some() {
                    "Terminating".into()
                } else {
                    c.status.phase.clone().unwrap_or_else(|| "Pending".into())
                },
                c.spec.volume_name.clone().unwrap_or_default(),
                if bound {
                    c.status
                        .capacity
                        .get("storage")
                        .cloned()
                        .unwrap_or_default()
                } else {
                    String::new()
                },
                if bound {
                    access_modes(&c.status.access_modes)
                } else {
                    String::new()
                },
                c.spec
                    .storage_class_name
                    .clone()
                    .unwrap_or_else(|| "<unset>".into()),
                a,
            ];
            if o.wide {
                r.push(
                    c.spec
                        .volume_mode
                        .clone()
                        .unwrap_or_else(|| "Filesystem".into()),
                );
            }
            r
        }
        Object::PersistentVolume(v) => vec![
            v.metadata.name.clone(),
            v.spec.capacity.get("storage").cloned().unwrap_or_default(),
            access_modes(&v.spec.access_modes),
            v.spec
                .persistent_volume_reclaim_policy
                .clone()
                .unwrap_or_else(|| "Retain".into()),
            if v.metadata.deletion_timestamp.is_some() {
                "Terminating".into()
            } else {
                v.status.phase.clone().unwrap_or_else(|| "Pending".into())
            },
            v.spec
                .claim_ref
                .as_ref()
                .map(|c| {
                    format!(
                        "{}/{}",
                        if c.namespace.is_empty() {
                            "default"
                        } else {
                            &c.namespace
                        },
                        c.name
                    )
                })
                .unwrap_or_default(),
            v.spec.storage_class_name.clone().unwrap_or_default(),
            String::new(),
            a,
        ],
        Object::Service(s) => {
            let ports: Vec<String> = s
                .spec
                .ports
                .iter()
                .map(|p| {
                    let port = p.get("port").map(|v| v.to_string()).unwrap_or_default();
                    let proto = p.get("protocol").and_then(|v| v.as_str()).unwrap_or("TCP");
                    format!("{port}/{proto}")
                })
                .collect();
            let mut r = vec![
                s.metadata.name.clone(),
                s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
                or_none(s.spec.cluster_ip.as_deref()),
                "<none>".into(),
                if ports.is_empty() {
                    "<none>".into()
                } else {
                    ports.join(",")
                },
                a,
            ];
            if o.wide {
                r.push(if s.spec.selector.is_empty() {
                    "<none>".into()
                } else {
                    labels_text(&s.spec.selector)
                });
            }
            r
        }
        Object::Node(n) => {
            let mut status = if n.is_ready() {
                "Ready".to_string()
            } else {
                "NotReady".to_string()
            };
            if n.spec.unschedulable == Some(true) {
                status.push_str(",SchedulingDisabled");
            }
            let mut r = vec![
                n.metadata.name.clone(),
                status,
                "<none>".into(),
                a,
                "v1.36.0".into(),
            ];
            if o.wide {
                r.push("<none>".into());
            }
            r
        }
        Object::Event(e) => {
            let last = e
                .last_timestamp
                .or(e.first_timestamp)
                .or(e.metadata.creation_timestamp);
            vec![
                age(now, last),
                e.type_.clone(),
                e.reason.clone(),
                format!(
                    "{}/{}",
                    e.involved_object.kind.to_ascii_lowercase(),
                    e.involved_object.name
                ),
                e.message.clone(),
            ]
        }
        Object::ControllerRevision(c) => vec![
            c.metadata.name.clone(),
            c.metadata
                .controller_ref()
                .map(|r| {
                    format!(
                        "{}/{}",
                        if r.kind == "StatefulSet" {
                            "statefulset.apps"
                        } else {
                            "deployment.apps"
                        },
                        r.name
                    )
                })
                .unwrap_or_else(|| "<none>".into()),
            c.revision.to_string(),
            a,
        ],
        Object::Deployment(d) => vec![
            d.metadata.name.clone(),
            format!(
                "{}/{}",
                d.status.ready_replicas,
                d.spec.replicas.unwrap_or(1)
            ),
            d.status.updated_replicas.to_string(),
            d.status.available_replicas.to_string(),
            a,
        ],
        Object::ReplicaSet(r) => vec![
            r.metadata.name.clone(),
            r.spec.replicas.unwrap_or(1).to_string(),
            r.status.replicas.to_string(),
            r.status.ready_replicas.to_string(),
            a,
        ],
        Object::HorizontalPodAutoscaler(h) => vec![
            h.metadata.name.clone(),
            format!(
                "{}/{}",
                h.spec.scale_target_ref.kind, h.spec.scale_target_ref.name
            ),
            hpa_targets(h),
            h.spec
                .min_replicas
                .map_or_else(|| "<unset>".into(), |m| m.to_string()),
            h.spec.max_replicas.to_string(),
            h.status.current_replicas.to_string(),
            a,
        ],
    };
    let labels = &obj.metadata().labels;
    r.extend(
        o.label_columns
            .iter()
            .map(|k| labels.get(k).cloned().unwrap_or_default()),
    );
    if o.show_labels {
        r.push(labels_text(labels));
    }
    r
}

/// A whole table (header + rows).
pub fn table(
    kind: Kind,
    objs: &[Object],
    now: Millis,
    o: &TableOpts,
    no_headers: bool,
) -> (Vec<String>, Vec<usize>) {
    let mut rows = Vec::new();
    if !no_headers {
        rows.push(header(kind, o));
    }
    rows.extend(objs.iter().map(|obj| row(obj, now, o)));
    let mut widths = Vec::new();
    let lines = align(&rows, &mut widths);
    (lines, widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_like_kubectl() {
        let rows = vec![
            vec![
                "NAME".to_string(),
                "READY".into(),
                "STATUS".into(),
                "RESTARTS".into(),
                "AGE".into(),
            ],
            vec![
                "web-0".to_string(),
                "1/1".into(),
                "Running".into(),
                "0".into(),
                "10s".into(),
            ],
        ];
        let mut w = Vec::new();
        let out = align(&rows, &mut w);
        assert_eq!(out[0], "NAME    READY   STATUS    RESTARTS   AGE");
        assert_eq!(out[1], "web-0   1/1     Running   0          10s");
    }

    #[test]
    fn statefulset_row() {
        let mut s = StatefulSet::default();
        s.metadata.name = "web".into();
        s.metadata.creation_timestamp = Some(Time(0));
        s.spec.replicas = Some(3);
        s.status.ready_replicas = 2;
        let (lines, _) = table(
            Kind::StatefulSet,
            &[Object::StatefulSet(s)],
            125_000,
            &TableOpts::default(),
            false,
        );
        assert_eq!(lines, ["NAME   READY   AGE", "web    2/3     2m5s"]);
    }
}
