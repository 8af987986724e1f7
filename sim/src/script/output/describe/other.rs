//! `kubectl describe` for claims, services, nodes, volumes and the rest.

use super::{events_section, since, Page};
use crate::api::*;
use crate::engine::Engine;
use std::collections::BTreeMap;

pub(super) fn describe_pvc(engine: &Engine, c: &PersistentVolumeClaim) -> Vec<String> {
    let mut p = Page::new(15);
    p.kv(0, "Name", &c.metadata.name);
    p.kv(0, "Namespace", "default");
    p.kv(
        0,
        "StorageClass",
        c.spec.storage_class_name.clone().unwrap_or_default(),
    );
    match c.metadata.deletion_timestamp {
        Some(t) => p.kv(
            0,
            "Status",
            format!("Terminating (lasts {})", since(engine.now(), t)),
        ),
        None => p.kv(
            0,
            "Status",
            c.status.phase.clone().unwrap_or_else(|| "Pending".into()),
        ),
    }
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

pub(super) fn describe_generic(engine: &Engine, o: &Object) -> Vec<String> {
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
            for l in crate::script::output::yaml::to_yaml(&o.to_json()) {
                p.line(l);
            }
        }
    }
    p.lines
        .extend(events_section(engine, o.kind(), &m.name, &m.uid));
    p.lines
}

/// `kubectl describe hpa` (kubectl `HorizontalPodAutoscalerDescriber`,
/// autoscaling/v2 layout; conditions are not simulated).
pub(super) fn describe_hpa(engine: &Engine, h: &HorizontalPodAutoscaler) -> Vec<String> {
    let metric_key = "  resource cpu on pods  (as a percentage of request)";
    let mut p = Page::new(metric_key.len() + 3);
    let m = &h.metadata;
    p.kv(0, "Name", &m.name);
    p.kv(0, "Namespace", "default");
    p.map(0, "Labels", &m.labels);
    let ann: BTreeMap<String, String> = m
        .annotations
        .iter()
        .filter(|(k, _)| !k.ends_with("last-applied-configuration"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    p.map(0, "Annotations", &ann);
    if let Some(t) = m.creation_timestamp {
        p.kv(0, "CreationTimestamp", super::rfc1123(t));
    }
    let r = &h.spec.scale_target_ref;
    p.kv(0, "Reference", format!("{}/{}", r.kind, r.name));
    p.kv(0, "Metrics", "( current / target )");
    let current = h
        .current_utilization()
        .map_or_else(|| "<unknown>".to_string(), |u| format!("{u}%"));
    for res in h.spec.metrics.iter().filter_map(|m| m.resource.as_ref()) {
        let target = res
            .target
            .average_utilization
            .map_or_else(|| "<auto>".to_string(), |t| format!("{t}%"));
        p.kv(
            0,
            &format!(
                "  resource {} on pods  (as a percentage of request)",
                res.name
            ),
            format!("{current} / {target}"),
        );
    }
    p.kv(
        0,
        "Min replicas",
        h.spec.min_replicas.unwrap_or(1).to_string(),
    );
    p.kv(0, "Max replicas", h.spec.max_replicas.to_string());
    p.kv(
        0,
        &format!("{} pods", r.kind),
        format!(
            "{} current / {} desired",
            h.status.current_replicas, h.status.desired_replicas
        ),
    );
    p.lines.extend(events_section(
        engine,
        Kind::HorizontalPodAutoscaler,
        &m.name,
        &m.uid,
    ));
    p.lines
}
