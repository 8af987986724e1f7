//! `kubectl describe statefulset`.

use super::{events_section, rfc1123, Page};
use crate::api::*;
use crate::engine::Engine;
use std::collections::BTreeMap;

pub(super) fn describe_sts(engine: &Engine, s: &StatefulSet) -> Vec<String> {
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
        // As upstream describe: MaxUnavailable only under a partition.
        if let Some(part) = ru.partition {
            p.kv(2, "Partition", part.to_string());
            if let Some(m) = &ru.max_unavailable {
                p.kv(2, "MaxUnavailable", m.to_string());
            }
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
    p.lines.extend(super::pod_template(&s.spec.template, false));
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
