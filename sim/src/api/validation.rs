//! Generic API-server validation (§2 for everything that is not a
//! StatefulSet rule): object names, labels, Pods, PVCs, Services and
//! Deployments, with causes worded like upstream `field.Error`s
//! (`<path>: <type>: <value>: <detail>`). StatefulSet rules live in
//! [`super::statefulset_rules`].

use super::{Deployment, Kind, PersistentVolumeClaim, Pod, Service};
use std::collections::BTreeMap;

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

fn is_label_char(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.first().copied().is_some_and(is_label_char)
        && b.last().copied().is_some_and(is_label_char)
        && b.iter().all(|c| is_label_char(*c) || *c == b'-')
}

/// Detail messages for a name that must be a DNS-1123 label (≤ 63).
pub fn dns1123_label_errors(name: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 characters");
    }
    if !is_dns1123_label(name) {
        errs.push(LABEL_MSG);
    }
    errs
}

/// Detail messages for a name that must be a DNS-1123 subdomain (≤ 253).
pub fn dns1123_subdomain_errors(name: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if name.len() > 253 {
        errs.push("must be no more than 253 characters");
    }
    if name.is_empty() || !name.split('.').all(is_dns1123_label) {
        errs.push(SUBDOMAIN_MSG);
    }
    errs
}

/// Detail messages for a name that must be a DNS-1035 label (Services).
pub fn dns1035_label_errors(name: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 characters");
    }
    let b = name.as_bytes();
    let ok = b.first().is_some_and(u8::is_ascii_lowercase)
        && b.last().copied().is_some_and(is_label_char)
        && b.iter().all(|c| is_label_char(*c) || *c == b'-');
    if !ok {
        errs.push(DNS1035_MSG);
    }
    errs
}

/// `metadata.name` causes for an object of `kind` (StatefulSet names are
/// checked by the StatefulSet rules).
pub fn validate_name(kind: Kind, name: &str) -> Vec<String> {
    if name.is_empty() {
        return vec!["metadata.name: Required value: name or generateName is required".into()];
    }
    let details = match kind {
        Kind::Service => dns1035_label_errors(name),
        Kind::StatefulSet => dns1123_label_errors(name),
        _ => dns1123_subdomain_errors(name),
    };
    details
        .into_iter()
        .map(|d| format!("metadata.name: Invalid value: {name:?}: {d}"))
        .collect()
}

fn is_label_value(v: &str) -> bool {
    let b = v.as_bytes();
    let alnum = |c: &u8| c.is_ascii_alphanumeric();
    b.is_empty()
        || (b.first().is_some_and(alnum)
            && b.last().is_some_and(alnum)
            && b.iter()
                .all(|c| alnum(c) || matches!(c, b'-' | b'_' | b'.')))
}

/// Label key/value causes under `path` (e.g. `metadata.labels`); values
/// longer than 63 characters fail here, which is what breaks pods of
/// StatefulSets with very long names (§2.2).
pub fn validate_labels(path: &str, labels: &BTreeMap<String, String>) -> Vec<String> {
    let mut errs = Vec::new();
    for (k, v) in labels {
        let name = k.rsplit('/').next().unwrap_or(k);
        if name.is_empty() || name.len() > 63 || !is_label_value(name) {
            errs.push(format!("{path}: Invalid value: {k:?}: {NAME_PART_MSG}"));
        }
        if v.len() > 63 {
            errs.push(format!(
                "{path}: Invalid value: {v:?}: must be no more than 63 characters"
            ));
        }
        if !is_label_value(v) {
            errs.push(format!("{path}: Invalid value: {v:?}: {LABEL_VALUE_MSG}"));
        }
    }
    errs
}

/// Pod causes: name, labels, at least one container, each with a name and
/// an image.
pub fn validate_pod(pod: &Pod) -> Vec<String> {
    let mut errs = validate_name(Kind::Pod, &pod.metadata.name);
    errs.extend(validate_labels("metadata.labels", &pod.metadata.labels));
    if pod.spec.containers.is_empty() {
        errs.push("spec.containers: Required value".into());
    }
    for (i, c) in pod.spec.containers.iter().enumerate() {
        if c.name.is_empty() {
            errs.push(format!("spec.containers[{i}].name: Required value"));
        }
        if c.image.trim().is_empty() {
            errs.push(format!("spec.containers[{i}].image: Required value"));
        }
    }
    for (i, v) in pod.spec.volumes.iter().enumerate() {
        if let Some(pvc) = &v.persistent_volume_claim {
            if pvc.claim_name.is_empty() {
                errs.push(format!(
                    "spec.volumes[{i}].persistentVolumeClaim.claimName: Required value"
                ));
            }
        }
    }
    if let Some(g) = pod.spec.termination_grace_period_seconds {
        if g < 0 {
            errs.push(format!(
                "spec.terminationGracePeriodSeconds: Invalid value: {g}: must be greater than or equal to 0"
            ));
        }
    }
    errs
}

/// PVC causes: name, labels, access modes and a storage request.
pub fn validate_pvc(pvc: &PersistentVolumeClaim) -> Vec<String> {
    let mut errs = validate_name(Kind::PersistentVolumeClaim, &pvc.metadata.name);
    errs.extend(validate_labels("metadata.labels", &pvc.metadata.labels));
    if pvc.spec.access_modes.is_empty() {
        errs.push("spec.accessModes: Required value: at least 1 access mode is required".into());
    }
    for m in &pvc.spec.access_modes {
        if !matches!(
            m.as_str(),
            "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod"
        ) {
            errs.push(format!(
                "spec.accessModes: Unsupported value: {m:?}: supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""
            ));
        }
    }
    match pvc.spec.resources.requests.get("storage") {
        None => errs.push("spec.resources[storage]: Required value".into()),
        Some(q) if parse_quantity(q).is_none() => errs.push(format!(
            "spec.resources[storage]: Invalid value: {q:?}: must be a valid quantity"
        )),
        Some(_) => {}
    }
    errs
}

/// PVC update causes: the spec is immutable except `resources.requests`.
pub fn validate_pvc_update(
    old: &PersistentVolumeClaim,
    new: &PersistentVolumeClaim,
) -> Vec<String> {
    let mut errs = validate_pvc(new);
    let mut a = old.spec.clone();
    let mut b = new.spec.clone();
    a.resources = Default::default();
    b.resources = Default::default();
    // The binder fills volumeName; an update that omits it keeps it.
    if b.volume_name.is_none() {
        b.volume_name = a.volume_name.clone();
    }
    if a != b {
        errs.push("spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims".into());
    }
    errs
}

/// Service causes: DNS-1035 name, selector labels, `clusterIP` either
/// `None`, empty or an IPv4 address.
pub fn validate_service(svc: &Service) -> Vec<String> {
    let mut errs = validate_name(Kind::Service, &svc.metadata.name);
    errs.extend(validate_labels("metadata.labels", &svc.metadata.labels));
    errs.extend(validate_labels("spec.selector", &svc.spec.selector));
    if let Some(ip) = svc.spec.cluster_ip.as_deref() {
        let is_ip = ip.split('.').count() == 4 && ip.split('.').all(|p| p.parse::<u8>().is_ok());
        if !(ip.is_empty() || ip == "None" || is_ip) {
            errs.push(format!(
                "spec.clusterIPs[0]: Invalid value: {ip:?}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
            ));
        }
    }
    if let Some(t) = svc.spec.type_.as_deref() {
        if !matches!(
            t,
            "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName"
        ) {
            errs.push(format!(
                "spec.type: Unsupported value: {t:?}: supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
            ));
        }
    }
    errs
}

/// Deployment causes: name, replicas ≥ 0, selector present and matching
/// the template labels, at least one container.
pub fn validate_deployment(d: &Deployment) -> Vec<String> {
    let mut errs = validate_name(Kind::Deployment, &d.metadata.name);
    if let Some(r) = d.spec.replicas {
        if r < 0 {
            errs.push(format!(
                "spec.replicas: Invalid value: {r}: must be greater than or equal to 0"
            ));
        }
    }
    match &d.spec.selector {
        None => errs.push("spec.selector: Required value".into()),
        Some(s) if s.is_empty() => errs.push(
            "spec.selector: Invalid value: \"null\": empty selector is invalid for deployment"
                .into(),
        ),
        Some(s) => {
            if !s.matches(&d.spec.template.metadata.labels) {
                errs.push("spec.template.metadata.labels: Invalid value: map[string]string{}: `selector` does not match template `labels`".into());
            }
        }
    }
    if d.spec.template.spec.containers.is_empty() {
        errs.push("spec.template.spec.containers: Required value".into());
    }
    errs
}

/// Parses a Kubernetes quantity (`1Gi`, `500Mi`, `10G`, `1024`) into bytes.
pub fn parse_quantity(q: &str) -> Option<u128> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    let mult: u128 = match suffix {
        "" => 1,
        "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        "Ti" => 1 << 40,
        _ => return None,
    };
    let v: f64 = num.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some((v * mult as f64) as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(validate_name(Kind::Pod, "web-0").is_empty());
        assert!(validate_name(Kind::Pod, "a.b-c").is_empty());
        assert_eq!(
            validate_name(Kind::Pod, "Web"),
            vec![format!(
                "metadata.name: Invalid value: \"Web\": {SUBDOMAIN_MSG}"
            )]
        );
        assert!(validate_name(Kind::Service, "1nginx")[0].contains("DNS-1035"));
        assert!(validate_name(Kind::Service, "nginx").is_empty());
        assert_eq!(
            validate_name(Kind::Pod, ""),
            vec!["metadata.name: Required value: name or generateName is required"]
        );
    }

    #[test]
    fn long_label_values_fail() {
        let mut l = BTreeMap::new();
        l.insert("controller-revision-hash".to_string(), "x".repeat(64));
        let errs = validate_labels("metadata.labels", &l);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].ends_with("must be no more than 63 characters"));
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("1Gi"), Some(1 << 30));
        assert_eq!(parse_quantity("1.5Gi"), Some(3 << 29));
        assert_eq!(parse_quantity("10"), Some(10));
        assert_eq!(parse_quantity("x"), None);
    }
}
