//! `kubectl describe pod`.

use super::{events_section, mounts, port_lines, rfc1123, since, Page};
use crate::api::*;
use crate::engine::Engine;
use crate::script::output::table::align_with;

pub(super) fn describe_pod(engine: &Engine, pod: &Pod) -> Vec<String> {
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
        // kubectl prints the time since deletionTimestamp, which for a pod
        // is the end of its grace period: `<invalid>` until then.
        p.kv(
            0,
            "Status",
            format!("Terminating (lasts {})", since(engine.now(), t)),
        );
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
    match &pod.status.pod_ip {
        Some(ip) => {
            p.line("IPs:");
            p.line(format!("  IP:           {ip}"));
        }
        None => p.line("IPs:              <none>"),
    }
    if let Some(r) = pod.metadata.controller_ref() {
        // kubectl's tabwriter restarts its columns after the IPs block.
        p.line(format!("Controlled By:  {}/{}", r.kind, r.name));
    }
    p.kv(0, "Containers", "");
    for c in &pod.spec.containers {
        p.line(format!("  {}:", c.name));
        let mut q = Page::new(20);
        q.kv(4, "Image", &c.image);
        port_lines(&mut q, c, 4);
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
        q.kv(4, "Environment", "<none>");
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
    p.line("QoS Class:                   BestEffort");
    p.line("Node-Selectors:              <none>");
    p.line(
        "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
    );
    p.line(
        "                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
    );
    p.lines.extend(events_section(
        engine,
        Kind::Pod,
        &pod.metadata.name,
        &pod.metadata.uid,
    ));
    p.lines
}
