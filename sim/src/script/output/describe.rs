//! `kubectl describe`: kubectl-like detail pages with an Events section.

use super::table::align_with;
use crate::api::*;
use crate::engine::Engine;
use crate::script::duration::human_duration;
use std::collections::BTreeMap;

/// Go's `time.RFC1123Z` as kubectl describe prints times
/// (`Thu, 01 Jan 2026 00:00:05 +0000`).
pub fn rfc1123(t: Time) -> String {
    let s = t.to_rfc3339(); // 2026-01-01T00:00:05Z
    let days = (Time::EPOCH_UNIX + (t.0 / 1000) as i64).div_euclid(86_400);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m: usize = s.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    format!(
        "{wd}, {} {} {} {} +0000",
        s.get(8..10).unwrap_or("01"),
        month.get(m.saturating_sub(1)).unwrap_or(&"Jan"),
        s.get(0..4).unwrap_or("2026"),
        s.get(11..19).unwrap_or("00:00:00")
    )
}

struct Page {
    lines: Vec<String>,
    width: usize,
}

impl Page {
    fn new(width: usize) -> Page {
        Page {
            lines: Vec::new(),
            width,
        }
    }
    fn kv(&mut self, indent: usize, key: &str, value: impl AsRef<str>) {
        let k = format!("{}{key}:", " ".repeat(indent));
        let v = value.as_ref();
        if v.is_empty() {
            self.lines.push(k);
        } else {
            self.lines
                .push(format!("{k:<w$}{v}", w = self.width.max(k.len() + 1)));
        }
    }
    fn map(&mut self, indent: usize, key: &str, m: &BTreeMap<String, String>) {
        if m.is_empty() {
            self.kv(indent, key, "<none>");
            return;
        }
        for (i, (k, v)) in m.iter().enumerate() {
            let text = format!("{k}={v}");
            if i == 0 {
                self.kv(indent, key, text);
            } else {
                self.lines.push(format!("{}{text}", " ".repeat(self.width)));
            }
        }
    }
    fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }
}

/// The Events section for an object (`Events:  <none>` when empty).
/// Like kubectl, only events of this incarnation (same uid) are shown.
pub fn events_section(engine: &Engine, kind: Kind, name: &str, uid: &str) -> Vec<String> {
    let now = engine.now();
    let evs: Vec<Event> = engine
        .store()
        .events
        .iter()
        .filter(|e| {
            e.involved_object.kind == kind.as_str()
                && e.involved_object.name == name
                && (e.involved_object.uid.is_empty()
                    || uid.is_empty()
                    || e.involved_object.uid == uid)
        })
        .cloned()
        .collect();
    if evs.is_empty() {
        return vec!["Events:  <none>".into()];
    }
    let mut rows = vec![
        vec![
            "Type".to_string(),
            "Reason".into(),
            "Age".into(),
            "From".into(),
            "Message".into(),
        ],
        vec![
            "----".to_string(),
            "------".into(),
            "----".into(),
            "----".into(),
            "-------".into(),
        ],
    ];
    for e in evs {
        let last = e.last_timestamp.or(e.first_timestamp).map_or(0, |t| t.0);
        let first = e.first_timestamp.map_or(last, |t| t.0);
        let age = if e.count > 1 {
            format!(
                "{} (x{} over {})",
                human_duration(now.saturating_sub(last)),
                e.count,
                human_duration(now.saturating_sub(first))
            )
        } else {
            human_duration(now.saturating_sub(last))
        };
        rows.push(vec![
            e.type_.clone(),
            e.reason.clone(),
            age,
            e.source.component.clone(),
            e.message.clone(),
        ]);
    }
    let mut out = vec!["Events:".to_string()];
    out.extend(
        align_with(&rows, 2, 0)
            .into_iter()
            .map(|l| format!("  {l}")),
    );
    out
}

fn mounts(p: &mut Page, c: &Container, indent: usize) {
    if c.volume_mounts.is_empty() {
        p.kv(indent, "Mounts", "<none>");
        return;
    }
    p.kv(indent, "Mounts", "");
    for m in &c.volume_mounts {
        p.line(format!(
            "{}{} from {} (rw)",
            " ".repeat(indent + 2),
            m.mount_path,
            m.name
        ));
    }
}

fn ports(c: &Container) -> String {
    let ports: Vec<String> = c
        .extra
        .get("ports")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .map(|p| {
                    format!(
                        "{}/{}",
                        p.get("containerPort")
                            .map(|v| v.to_string())
                            .unwrap_or_default(),
                        p.get("protocol").and_then(|v| v.as_str()).unwrap_or("TCP")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if ports.is_empty() {
        "<none>".into()
    } else {
        ports.join(", ")
    }
}

fn describe_pod(engine: &Engine, pod: &Pod) -> Vec<String> {
    let mut p = Page::new(18);
    p.kv(0, "Name", &pod.metadata.name);
    p.kv(0, "Namespace", "default");
    p.kv(0, "Priority", "0");
    p.kv(0, "Service Account", "default");
    p.kv(
        0,
        "Node",
        pod.spec.node_name.clone().map_or("<none>".into(), |n| {
            format!("{n}/{}", pod.status.host_ip.clone().unwrap_or_default())
        }),
    );
    if let Some(t) = pod.status.start_time {
        p.kv(0, "Start Time", rfc1123(t));
    }
    p.map(0, "Labels", &pod.metadata.labels);
    p.map(0, "Annotations", &pod.metadata.annotations);
    if let Some(t) = pod.metadata.deletion_timestamp {
        // kubectl: time left until the deletion deadline, then the grace period.
        let left = human_duration(t.0.saturating_sub(engine.now()));
        p.kv(0, "Status", format!("Terminating (lasts {left})"));
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        p.kv(0, "Termination Grace Period", format!("{grace}s"));
    } else {
        p.kv(
            0,
            "Status",
            pod.status.phase.clone().unwrap_or_else(|| "Pending".into()),
        );
    }
    if let Some(r) = &pod.status.reason {
        p.kv(0, "Reason", r);
    }
    if let Some(m) = &pod.status.message {
        p.kv(0, "Message", m);
    }
    p.kv(0, "IP", pod.status.pod_ip.clone().unwrap_or_default());
    if let Some(r) = pod.metadata.controller_ref() {
        p.kv(0, "Controlled By", format!("{}/{}", r.kind, r.name));
    }
    p.kv(0, "Containers", "");
    for c in &pod.spec.containers {
        p.line(format!("  {}:", c.name));
        let mut q = Page::new(20);
        q.kv(4, "Image", &c.image);
        q.kv(4, "Port", ports(c));
        let cs = pod
            .status
            .container_statuses
            .iter()
            .find(|s| s.name == c.name);
        match cs {
            Some(s) => {
                if let Some(w) = &s.state.waiting {
                    q.kv(4, "State", "Waiting");
                    q.kv(6, "Reason", w.reason.clone().unwrap_or_default());
                } else if let Some(r) = &s.state.running {
                    q.kv(4, "State", "Running");
                    if let Some(t) = r.started_at {
                        q.kv(6, "Started", rfc1123(t));
                    }
                } else if let Some(t) = &s.state.terminated {
                    q.kv(4, "State", "Terminated");
                    q.kv(6, "Reason", t.reason.clone().unwrap_or_default());
                    q.kv(6, "Exit Code", t.exit_code.to_string());
                } else {
                    q.kv(4, "State", "Waiting");
                }
                if let Some(t) = s.last_state.as_ref().and_then(|l| l.terminated.as_ref()) {
                    q.kv(4, "Last State", "Terminated");
                    q.kv(6, "Reason", t.reason.clone().unwrap_or_default());
                    q.kv(6, "Exit Code", t.exit_code.to_string());
                }
                q.kv(4, "Ready", if s.ready { "True" } else { "False" });
                q.kv(4, "Restart Count", s.restart_count.to_string());
            }
            None => {
                q.kv(4, "State", "Waiting");
                q.kv(4, "Ready", "False");
                q.kv(4, "Restart Count", "0");
            }
        }
        mounts(&mut q, c, 4);
        p.lines.extend(q.lines);
    }
    if pod.status.conditions.is_empty() {
        p.line("Conditions:  <none>");
    } else {
        p.line("Conditions:");
        let mut rows = vec![vec!["Type".to_string(), "Status".into()]];
        rows.extend(
            pod.status
                .conditions
                .iter()
                .map(|c| vec![c.type_.clone(), c.status.clone()]),
        );
        p.lines.extend(
            align_with(&rows, 2, 0)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
    }
    if pod.spec.volumes.is_empty() {
        p.line("Volumes:  <none>");
    } else {
        p.line("Volumes:");
        for v in &pod.spec.volumes {
            p.line(format!("  {}:", v.name));
            if let Some(c) = &v.persistent_volume_claim {
                p.line("    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
                p.line(format!("    ClaimName:  {}", c.claim_name));
                p.line(format!("    ReadOnly:   {}", c.read_only.unwrap_or(false)));
            } else {
                p.line("    Type:  (other)");
            }
        }
    }
    p.lines.extend(events_section(
        engine,
        Kind::Pod,
        &pod.metadata.name,
        &pod.metadata.uid,
    ));
    p.lines
}

fn describe_sts(engine: &Engine, s: &StatefulSet) -> Vec<String> {
    let mut p = Page::new(20);
    p.kv(0, "Name", &s.metadata.name);
    p.kv(0, "Namespace", "default");
    if let Some(t) = s.metadata.creation_timestamp {
        p.kv(0, "CreationTimestamp", rfc1123(t));
    }
    let sel = s
        .spec
        .selector
        .as_ref()
        .map(|x| {
            x.match_labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    p.kv(0, "Selector", sel);
    p.map(0, "Labels", &s.metadata.labels);
    let ann: BTreeMap<String, String> = s
        .metadata
        .annotations
        .iter()
        .filter(|(k, _)| !k.ends_with("last-applied-configuration"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    p.map(0, "Annotations", &ann);
    p.kv(
        0,
        "Replicas",
        format!("{} desired | {} total", s.replicas(), s.status.replicas),
    );
    let strategy = s.spec.update_strategy.as_ref();
    p.kv(
        0,
        "Update Strategy",
        strategy
            .and_then(|u| u.type_.clone())
            .unwrap_or_else(|| "RollingUpdate".into()),
    );
    if let Some(ru) = strategy.and_then(|u| u.rolling_update.as_ref()) {
        if let Some(part) = ru.partition {
            p.kv(2, "Partition", part.to_string());
        }
        if let Some(m) = &ru.max_unavailable {
            p.kv(2, "Max Unavailable", m.to_string());
        }
    }
    let pods: Vec<Pod> = engine
        .store()
        .pods
        .values()
        .filter(|pod| {
            pod.metadata
                .controller_ref()
                .is_some_and(|r| r.kind == "StatefulSet" && r.name == s.metadata.name)
        })
        .cloned()
        .collect();
    let count = |ph: &str| {
        pods.iter()
            .filter(|p| p.status.phase.as_deref() == Some(ph))
            .count()
    };
    p.kv(
        0,
        "Pods Status",
        format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            count("Running"),
            count("Pending"),
            count("Succeeded"),
            count("Failed")
        ),
    );
    p.line("Pod Template:");
    let mut q = Page::new(11);
    q.map(2, "Labels", &s.spec.template.metadata.labels);
    p.lines.extend(q.lines);
    p.line("  Containers:");
    for c in &s.spec.template.spec.containers {
        p.line(format!("   {}:", c.name));
        let mut q = Page::new(18);
        q.kv(4, "Image", &c.image);
        q.kv(4, "Port", ports(c));
        q.kv(4, "Host Port", "0/TCP");
        q.kv(4, "Environment", "<none>");
        mounts(&mut q, c, 4);
        p.lines.extend(q.lines);
    }
    p.line("  Volumes:         <none>");
    p.line("  Node-Selectors:  <none>");
    p.line("  Tolerations:     <none>");
    if s.spec.volume_claim_templates.is_empty() {
        p.line("Volume Claims:  <none>");
    } else {
        p.line("Volume Claims:");
        for c in &s.spec.volume_claim_templates {
            let mut q = Page::new(17);
            q.kv(2, "Name", &c.metadata.name);
            q.kv(
                2,
                "StorageClass",
                c.spec.storage_class_name.clone().unwrap_or_default(),
            );
            q.map(2, "Labels", &c.metadata.labels);
            q.map(2, "Annotations", &c.metadata.annotations);
            q.kv(
                2,
                "Capacity",
                c.spec
                    .resources
                    .requests
                    .get("storage")
                    .cloned()
                    .unwrap_or_default(),
            );
            q.kv(
                2,
                "Access Modes",
                format!("[{}]", c.spec.access_modes.join(" ")),
            );
            p.lines.extend(q.lines);
        }
    }
    p.lines.extend(events_section(
        engine,
        Kind::StatefulSet,
        &s.metadata.name,
        &s.metadata.uid,
    ));
    p.lines
}

fn describe_pvc(engine: &Engine, c: &PersistentVolumeClaim) -> Vec<String> {
    let mut p = Page::new(15);
    p.kv(0, "Name", &c.metadata.name);
    p.kv(0, "Namespace", "default");
    p.kv(
        0,
        "StorageClass",
        c.spec.storage_class_name.clone().unwrap_or_default(),
    );
    p.kv(
        0,
        "Status",
        c.status.phase.clone().unwrap_or_else(|| "Pending".into()),
    );
    p.kv(0, "Volume", c.spec.volume_name.clone().unwrap_or_default());
    p.map(0, "Labels", &c.metadata.labels);
    p.map(0, "Annotations", &c.metadata.annotations);
    p.kv(
        0,
        "Finalizers",
        format!("[{}]", c.metadata.finalizers.join(" ")),
    );
    p.kv(
        0,
        "Capacity",
        c.status
            .capacity
            .get("storage")
            .cloned()
            .unwrap_or_default(),
    );
    p.kv(
        0,
        "Access Modes",
        c.status
            .access_modes
            .iter()
            .map(|m| {
                if m == "ReadWriteOnce" {
                    "RWO"
                } else {
                    m.as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    );
    p.kv(
        0,
        "VolumeMode",
        c.spec
            .volume_mode
            .clone()
            .unwrap_or_else(|| "Filesystem".into()),
    );
    let used: Vec<String> = engine
        .store()
        .pods
        .values()
        .filter(|pod| {
            pod.spec.volumes.iter().any(|v| {
                v.persistent_volume_claim
                    .as_ref()
                    .is_some_and(|s| s.claim_name == c.metadata.name)
            })
        })
        .map(|pod| pod.metadata.name.clone())
        .collect();
    p.kv(
        0,
        "Used By",
        if used.is_empty() {
            "<none>".into()
        } else {
            used.join(", ")
        },
    );
    p.lines.extend(events_section(
        engine,
        Kind::PersistentVolumeClaim,
        &c.metadata.name,
        &c.metadata.uid,
    ));
    p.lines
}

fn describe_generic(engine: &Engine, o: &Object) -> Vec<String> {
    let mut p = Page::new(if o.kind() == Kind::Node { 20 } else { 14 });
    let m = o.metadata();
    p.kv(0, "Name", &m.name);
    if o.kind().namespaced() {
        p.kv(0, "Namespace", "default");
    }
    p.map(0, "Labels", &m.labels);
    let ann: BTreeMap<String, String> = m
        .annotations
        .iter()
        .filter(|(k, _)| !k.ends_with("last-applied-configuration"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    p.map(0, "Annotations", &ann);
    match o {
        Object::Service(s) => {
            p.map(0, "Selector", &s.spec.selector);
            p.kv(
                0,
                "Type",
                s.spec.type_.clone().unwrap_or_else(|| "ClusterIP".into()),
            );
            p.kv(0, "IP", s.spec.cluster_ip.clone().unwrap_or_default());
            let eps: Vec<String> = engine
                .dns_records()
                .into_iter()
                .filter(|r| r.ready && r.fqdn.contains(&format!(".{}.", s.metadata.name)))
                .map(|r| r.ip)
                .collect();
            p.kv(
                0,
                "Endpoints",
                if eps.is_empty() {
                    "<none>".into()
                } else {
                    eps.join(",")
                },
            );
        }
        Object::Node(n) => {
            p.kv(
                0,
                "Unschedulable",
                if n.spec.unschedulable == Some(true) {
                    "true"
                } else {
                    "false"
                },
            );
            p.kv(0, "Ready", if n.is_ready() { "True" } else { "False" });
        }
        Object::PersistentVolume(v) => {
            p.kv(0, "Status", v.status.phase.clone().unwrap_or_default());
            p.kv(
                0,
                "Claim",
                v.spec
                    .claim_ref
                    .as_ref()
                    .map(|c| format!("default/{}", c.name))
                    .unwrap_or_default(),
            );
            p.kv(
                0,
                "Reclaim Policy",
                v.spec
                    .persistent_volume_reclaim_policy
                    .clone()
                    .unwrap_or_default(),
            );
            p.kv(
                0,
                "Capacity",
                v.spec.capacity.get("storage").cloned().unwrap_or_default(),
            );
        }
        _ => {
            for l in super::yaml::to_yaml(&o.to_json()) {
                p.line(l);
            }
        }
    }
    p.lines
        .extend(events_section(engine, o.kind(), &m.name, &m.uid));
    p.lines
}

/// Lines `kubectl describe` prints for one object.
pub fn describe(engine: &Engine, o: &Object) -> Vec<String> {
    match o {
        Object::Pod(p) => describe_pod(engine, p),
        Object::StatefulSet(s) => describe_sts(engine, s),
        Object::PersistentVolumeClaim(c) => describe_pvc(engine, c),
        other => describe_generic(engine, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123_dates() {
        assert_eq!(rfc1123(Time(5_000)), "Thu, 01 Jan 2026 00:00:05 +0000");
        assert_eq!(
            rfc1123(Time(86_400_000 * 3)),
            "Sun, 04 Jan 2026 00:00:00 +0000"
        );
    }
}
