//! Cluster DNS for headless Services (§3.5): per-pod records
//! `<hostname>.<service>.default.svc.cluster.local` for selected pods whose
//! `spec.subdomain` is the service name, and the service name resolving to
//! all its pods — Ready pods only, unless `publishNotReadyAddresses`.
//! Terminating pods are not published.

use crate::api::*;
use crate::engine::{DnsRecord, Store};

const DOMAIN: &str = "default.svc.cluster.local";

/// Pods a headless service publishes: (pod, ready).
fn endpoints<'a>(store: &'a Store, svc: &Service) -> Vec<(&'a Pod, bool)> {
    if svc.spec.selector.is_empty() {
        return Vec::new();
    }
    let publish_all = svc.spec.publish_not_ready_addresses == Some(true);
    store
        .pods
        .values()
        .filter(|p| {
            svc.spec
                .selector
                .iter()
                .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        })
        .filter(|p| {
            p.status.pod_ip.is_some() && !p.metadata.is_terminating() && !p.is_failed_or_succeeded()
        })
        .map(|p| (p, p.is_running_and_ready()))
        .filter(|(_, ready)| *ready || publish_all)
        .collect()
}

fn pod_record(svc: &str, p: &Pod, ready: bool) -> Option<DnsRecord> {
    let host = p.spec.hostname.as_deref()?;
    if p.spec.subdomain.as_deref() != Some(svc) {
        return None;
    }
    Some(DnsRecord {
        fqdn: format!("{host}.{svc}.{DOMAIN}"),
        ip: p.status.pod_ip.clone().unwrap_or_default(),
        pod: p.metadata.name.clone(),
        ready,
    })
}

/// Every per-pod record of every headless Service, sorted by name.
pub fn records(store: &Store) -> Vec<DnsRecord> {
    let mut out = Vec::new();
    for (name, svc) in store.services.iter().filter(|(_, s)| s.is_headless()) {
        for (p, ready) in endpoints(store, svc) {
            out.extend(pod_record(name, p, ready));
        }
    }
    out
}

/// Resolves `name` from a pod in namespace `default` (search path
/// `default.svc.cluster.local svc.cluster.local cluster.local`).
pub fn lookup(store: &Store, name: &str) -> Option<Vec<DnsRecord>> {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    let candidates = [
        name.clone(),
        format!("{name}.{DOMAIN}"),
        format!("{name}.svc.cluster.local"),
        format!("{name}.cluster.local"),
    ];
    for fqdn in candidates {
        let Some(rest) = fqdn.strip_suffix(".svc.cluster.local") else {
            continue;
        };
        let parts: Vec<&str> = rest.split('.').collect();
        match parts.as_slice() {
            [svc, "default"] => {
                let Some(s) = store.services.get(*svc) else {
                    continue;
                };
                if !s.is_headless() {
                    let ip = s.spec.cluster_ip.clone().unwrap_or_default();
                    return Some(vec![DnsRecord {
                        fqdn,
                        ip,
                        pod: String::new(),
                        ready: true,
                    }]);
                }
                let recs: Vec<DnsRecord> = endpoints(store, s)
                    .into_iter()
                    .map(|(p, ready)| DnsRecord {
                        fqdn: fqdn.clone(),
                        ip: p.status.pod_ip.clone().unwrap_or_default(),
                        pod: p.metadata.name.clone(),
                        ready,
                    })
                    .collect();
                return if recs.is_empty() { None } else { Some(recs) };
            }
            [host, svc, "default"] => {
                let Some(s) = store.services.get(*svc).filter(|s| s.is_headless()) else {
                    continue;
                };
                let recs: Vec<DnsRecord> = endpoints(store, s)
                    .into_iter()
                    .filter_map(|(p, ready)| pod_record(svc, p, ready))
                    .filter(|r| r.fqdn == fqdn)
                    .collect();
                let _ = host;
                if !recs.is_empty() {
                    return Some(recs);
                }
            }
            _ => {}
        }
    }
    None
}
