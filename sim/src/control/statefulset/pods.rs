//! Pod identity: names, ordinals, labels, claim volumes (§3, §4, §11.1).
//! Mirrors upstream `stateful_set_utils.go` (getPodName, getParentNameAndOrdinal,
//! newStatefulSetPod, identityMatches, storageMatches, updateStorage).

use crate::api::{
    OwnerReference, PersistentVolumeClaim, PersistentVolumeClaimVolumeSource, Pod, StatefulSet,
    Volume,
};

/// Label carrying the pod's own name (§3.3).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
/// Label carrying the pod's ordinal as a decimal string (§3.3, §4.4).
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// Label naming the ControllerRevision a pod was stamped from (§3.3).
pub const REVISION_LABEL: &str = "controller-revision-hash";

/// `<setName>-<ordinal>` (§3.1).
pub fn pod_name(set: &str, ordinal: i32) -> String {
    // `format!("{set}-{ordinal}")` without the formatter (hot path).
    let mut s = String::with_capacity(set.len() + 12);
    s.push_str(set);
    s.push('-');
    push_decimal(&mut s, ordinal);
    s
}

/// Appends `n` in decimal (what `{n}` prints).
fn push_decimal(s: &mut String, n: i32) {
    let mut n = i64::from(n);
    if n < 0 {
        s.push('-');
        n = -n;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        s.push(char::from(b));
    }
}

/// Splits a pod name at the last `-` into (parent, ordinal); `None` when the
/// suffix is not a 32-bit decimal number (§3.2; upstream regex `(.*)-([0-9]+)$`).
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i32)> {
    // (A byte search: `-` is ASCII, so the split is at a char boundary.)
    let dash = name.bytes().rposition(|b| b == b'-')?;
    let (parent, suffix) = (&name[..dash], &name[dash + 1..]);
    if suffix.is_empty() || !suffix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    suffix.parse::<i32>().ok().map(|o| (parent, o))
}

/// The ordinal of a member pod, or −1 (§3.2).
pub fn ordinal(pod: &Pod) -> i32 {
    parent_and_ordinal(&pod.metadata.name).map_or(-1, |(_, o)| o)
}

/// Whether `pod`'s name makes it a member of `set` (§3.2, upstream isMemberOf).
pub fn is_member_of(set: &StatefulSet, pod: &Pod) -> bool {
    parent_and_ordinal(&pod.metadata.name).is_some_and(|(p, _)| p == set.metadata.name)
}

/// `spec.ordinals.start` (§4.1).
pub fn start_ordinal(set: &StatefulSet) -> i32 {
    set.start_ordinal()
}

/// One past the last kept ordinal: start + replicas (§4.1).
#[inline(always)]
pub fn end_ordinal_exclusive(set: &StatefulSet) -> i64 {
    set.start_ordinal() as i64 + set.replicas().max(0) as i64
}

/// Whether `ord` is in the kept window `start … start+replicas−1` (§4.1).
#[inline(always)]
pub fn in_ordinal_range(set: &StatefulSet, ord: i32) -> bool {
    ord >= set.start_ordinal() && (ord as i64) < end_ordinal_exclusive(set)
}

/// `<claimTemplateName>-<setName>-<ordinal>` (§11.1).
pub fn claim_name(template: &str, set: &str, ordinal: i32) -> String {
    let mut s = String::with_capacity(template.len() + set.len() + 13);
    push_claim_name(&mut s, template, set, ordinal);
    s
}

/// Whether `f` holds for the name of every PVC a pod of `ordinal` needs,
/// in claim-template order (§11.1); stops at the first that does not.
/// The names are built in one buffer (a Pending pod is looked at on every
/// reconcile until it runs: no allocation per claim).
pub fn all_claim_names(set: &StatefulSet, ordinal: i32, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut buf = String::with_capacity(64);
    set.spec.volume_claim_templates.iter().all(|t| {
        buf.clear();
        push_claim_name(&mut buf, &t.metadata.name, &set.metadata.name, ordinal);
        f(&buf)
    })
}

/// Appends [`claim_name`] to `s`.
fn push_claim_name(s: &mut String, template: &str, set: &str, ordinal: i32) {
    // `format!("{template}-{set}-{ordinal}")` without the formatter (hot path).
    s.push_str(template);
    s.push('-');
    s.push_str(set);
    s.push('-');
    push_decimal(s, ordinal);
}

/// The names of the PVCs a pod of `ordinal` needs, in claim-template order (§11.1).
pub fn claim_names(set: &StatefulSet, ordinal: i32) -> Vec<String> {
    set.spec
        .volume_claim_templates
        .iter()
        .map(|t| claim_name(&t.metadata.name, &set.metadata.name, ordinal))
        .collect()
}

/// The PVCs a pod of `ordinal` needs, in claim-template order, with the
/// set's `matchLabels` added to the template labels (§11.1).
pub fn claims_for(set: &StatefulSet, ordinal: i32) -> Vec<PersistentVolumeClaim> {
    let match_labels = set
        .spec
        .selector
        .as_ref()
        .map(|s| s.match_labels.clone())
        .unwrap_or_default();
    set.spec
        .volume_claim_templates
        .iter()
        .map(|t| {
            let mut claim = t.clone();
            claim.metadata.name = claim_name(&t.metadata.name, &set.metadata.name, ordinal);
            claim.metadata.namespace = set.metadata.namespace.clone();
            for (k, v) in &match_labels {
                claim.metadata.labels.insert(k.clone(), v.clone());
            }
            claim.metadata.owner_references.clear();
            claim.metadata.uid.clear();
            claim.metadata.resource_version.clear();
            claim.metadata.creation_timestamp = None;
            claim.metadata.deletion_timestamp = None;
            claim.status = Default::default();
            if claim.api_version.is_empty() {
                claim.api_version = "v1".into();
            }
            if claim.kind.is_empty() {
                claim.kind = "PersistentVolumeClaim".into();
            }
            claim
        })
        .collect()
}

/// The controller owner reference to the set (§3.3).
pub fn set_owner_ref(set: &StatefulSet) -> OwnerReference {
    OwnerReference::controller_ref(
        "apps/v1",
        "StatefulSet",
        &set.metadata.name,
        &set.metadata.uid,
    )
}

/// Sets name, namespace and the identity labels (upstream updateIdentity, §3.3).
pub fn update_identity(set: &StatefulSet, pod: &mut Pod, ord: i32) {
    pod.metadata.name = pod_name(&set.metadata.name, ord);
    pod.metadata.namespace = set.metadata.namespace.clone();
    pod.metadata
        .labels
        .insert(POD_NAME_LABEL.into(), pod.metadata.name.clone());
    pod.metadata
        .labels
        .insert(POD_INDEX_LABEL.into(), ord.to_string());
}

/// Points one volume per claim template at the right PVC, claim volumes
/// first, replacing template volumes of the same name (upstream updateStorage, §3.3).
pub fn update_storage(set: &StatefulSet, pod: &mut Pod, ord: i32) {
    let templates = &set.spec.volume_claim_templates;
    let mut volumes: Vec<Volume> = templates
        .iter()
        .map(|t| Volume {
            name: t.metadata.name.clone(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(&t.metadata.name, &set.metadata.name, ord),
                // §3.3: upstream sets `ReadOnly: false`, which the API
                // (`readOnly,omitempty`) never shows.
                read_only: None,
            }),
            extra: Default::default(),
        })
        .collect();
    for v in std::mem::take(&mut pod.spec.volumes) {
        if !templates.iter().any(|t| t.metadata.name == v.name) {
            volumes.push(v);
        }
    }
    pod.spec.volumes = volumes;
}

/// Identity holds: right name, namespace, pod-name and pod-index labels (§3.4).
pub fn identity_matches(set: &StatefulSet, pod: &Pod) -> bool {
    identity_matches_parsed(set, pod, parent_and_ordinal(&pod.metadata.name))
}

/// [`identity_matches`] given `parent_and_ordinal` of the pod's name.
pub(super) fn identity_matches_parsed(
    set: &StatefulSet,
    pod: &Pod,
    parsed: Option<(&str, i32)>,
) -> bool {
    let Some((parent, ord)) = parsed else {
        return false;
    };
    parent == set.metadata.name
        && pod.metadata.namespace == set.metadata.namespace
        && pod.metadata.labels.get(POD_NAME_LABEL) == Some(&pod.metadata.name)
        && pod
            .metadata
            .labels
            .get(POD_INDEX_LABEL)
            .is_some_and(|l| is_decimal_of(l, ord))
}

/// `s` is the canonical decimal rendering of `n` (no sign, no leading zeros),
/// i.e. `s == n.to_string()` without allocating.
pub(super) fn is_decimal_of(s: &str, n: i32) -> bool {
    n >= 0
        && !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.len() == 1 || !s.starts_with('0'))
        && s.parse::<i32>() == Ok(n)
}

/// `name == claim_name(template, set, ord)` without allocating.
fn is_claim_name(name: &str, template: &str, set: &str, ord: i32) -> bool {
    name.strip_prefix(template)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_prefix(set))
        .and_then(|r| r.strip_prefix('-'))
        .is_some_and(|r| is_decimal_of(r, ord))
}

/// Every claim template has a volume pointing at the right PVC (§3.4).
pub fn storage_matches(set: &StatefulSet, pod: &Pod) -> bool {
    storage_matches_at(set, pod, ordinal(pod))
}

/// [`storage_matches`] given the pod's [`ordinal`].
pub(super) fn storage_matches_at(set: &StatefulSet, pod: &Pod, ord: i32) -> bool {
    if ord < 0 {
        return false;
    }
    set.spec.volume_claim_templates.iter().all(|t| {
        pod.spec.volumes.iter().any(|v| {
            v.name == t.metadata.name
                && v.persistent_volume_claim.as_ref().is_some_and(|c| {
                    is_claim_name(&c.claim_name, &t.metadata.name, &set.metadata.name, ord)
                })
        })
    })
}

/// A new pod of `ord` from `set`'s template, stamped with `revision`
/// (upstream newStatefulSetPod + setPodRevision, §3.3).
pub fn new_pod(set: &StatefulSet, ord: i32, revision: &str) -> Pod {
    let template = &set.spec.template;
    let mut pod = Pod {
        api_version: "v1".into(),
        kind: "Pod".into(),
        ..Default::default()
    };
    pod.metadata.labels = template.metadata.labels.clone();
    pod.metadata.annotations = template.metadata.annotations.clone();
    pod.metadata.finalizers = template.metadata.finalizers.clone();
    pod.metadata.owner_references = vec![set_owner_ref(set)];
    pod.spec = template.spec.clone();
    update_identity(set, &mut pod, ord);
    // §3.3: hostname and subdomain only at creation.
    pod.spec.hostname = Some(pod.metadata.name.clone());
    pod.spec.subdomain = if set.spec.service_name.is_empty() {
        None
    } else {
        Some(set.spec.service_name.clone())
    };
    update_storage(set, &mut pod, ord);
    pod.metadata
        .labels
        .insert(REVISION_LABEL.into(), revision.to_string());
    pod
}

/// The revision label of a pod ("" when absent).
pub fn pod_revision(pod: &Pod) -> &str {
    pod.metadata
        .labels
        .get(REVISION_LABEL)
        .map_or("", String::as_str)
}

/// Phase Pending (§6.6 step 3).
pub fn is_pending(pod: &Pod) -> bool {
    pod.status.phase.as_deref() == Some("Pending")
}

/// Unavailable: not created, terminating, or not available (§5.5).
pub fn is_unavailable(pod: Option<&Pod>, min_ready_seconds: i64, now: crate::api::Time) -> bool {
    match pod {
        None => true,
        Some(p) => {
            !p.is_created()
                || p.metadata.is_terminating()
                || !p.is_available(min_ready_seconds, now)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_2_ordinal_parsing() {
        assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
        assert_eq!(parent_and_ordinal("my-web-12"), Some(("my-web", 12)));
        assert_eq!(parent_and_ordinal("web-"), None);
        assert_eq!(parent_and_ordinal("web-x1"), None);
        assert_eq!(parent_and_ordinal("web--1"), Some(("web-", 1)));
        assert_eq!(parent_and_ordinal("web-99999999999"), None);
        assert_eq!(parent_and_ordinal("web"), None);
    }

    #[test]
    fn s3_4_decimal_and_claim_name_matching() {
        assert!(is_decimal_of("0", 0) && is_decimal_of("12", 12));
        assert!(!is_decimal_of("012", 12) && !is_decimal_of("+1", 1) && !is_decimal_of("", 0));
        assert!(is_claim_name("www-web-3", "www", "web", 3));
        assert!(!is_claim_name("www-web-3", "www", "web", 4));
        assert!(!is_claim_name("www-web-03", "www", "web", 3));
        assert!(!is_claim_name("data-web-3", "www", "web", 3));
    }
}

#[cfg(test)]
mod claim_name_tests {
    #[test]
    fn s11_1_claim_name_matches_the_formatter() {
        for o in [0, 1, 9, 10, 123, -1, -40, i32::MAX, i32::MIN] {
            assert_eq!(super::claim_name("data", "web", o), format!("data-web-{o}"));
            assert_eq!(super::pod_name("web", o), format!("web-{o}"));
        }
    }
}
