//! StatefulSet defaulting (§1.2) and validation (§2), with the causes worded
//! exactly as upstream `pkg/apis/apps/validation/validation.go` renders them
//! (`<field path>: <error type>: <value>: <detail>`). The API server (engine)
//! calls these; a non-empty cause list rejects the write.

use super::meta::IntOrString;
use super::statefulset::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
};
use super::statefulset::{StatefulSetOrdinals, StatefulSetUpdateStrategy};
use std::collections::BTreeMap;

/// The simulator's default replica ceiling (`Config` may override it).
pub const DEFAULT_MAX_REPLICAS: i32 = 10_000;

const NEGATIVE: &str = "must be greater than or equal to 0";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
/// The §2.4 immutability message, verbatim.
pub const FORBIDDEN_UPDATE_MSG: &str = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/// Applies the API server's defaults to a StatefulSet (§1.2, upstream
/// `SetDefaults_StatefulSet` with MaxUnavailableStatefulSet on, plus the pod
/// template defaults the simulator relies on: `restartPolicy: Always` and
/// `terminationGracePeriodSeconds: 30`, §19.2).
pub fn default_statefulset(set: &mut StatefulSet) {
    let spec = &mut set.spec;
    if spec
        .pod_management_policy
        .as_deref()
        .is_none_or(str::is_empty)
    {
        spec.pod_management_policy = Some("OrderedReady".into());
    }
    let strategy = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    if strategy.type_.as_deref().is_none_or(str::is_empty) {
        strategy.type_ = Some("RollingUpdate".into());
        // §1.2: only an omitted type creates the empty block.
        if strategy.rolling_update.is_none() {
            strategy.rolling_update = Some(RollingUpdateStatefulSetStrategy::default());
        }
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        // §1.2 / §13.7: with an explicit type and no block, the block stays absent.
        if let Some(ru) = strategy.rolling_update.as_mut() {
            ru.partition.get_or_insert(0);
            ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        }
    }
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    if policy.when_deleted.as_deref().is_none_or(str::is_empty) {
        policy.when_deleted = Some("Retain".into());
    }
    if policy.when_scaled.as_deref().is_none_or(str::is_empty) {
        policy.when_scaled = Some("Retain".into());
    }
    spec.replicas.get_or_insert(1);
    spec.revision_history_limit.get_or_insert(10);
    let pod = &mut spec.template.spec;
    if pod.restart_policy.as_deref().is_none_or(str::is_empty) {
        pod.restart_policy = Some("Always".into());
    }
    pod.termination_grace_period_seconds.get_or_insert(30);
    for claim in &mut spec.volume_claim_templates {
        claim
            .spec
            .volume_mode
            .get_or_insert_with(|| "Filesystem".into());
        // §1.2: the generated defaulter also runs SetDefaults_PersistentVolumeClaim
        // on each claim template, so `kubectl get sts -o yaml` shows
        // `status: {phase: Pending}` under every volumeClaimTemplates entry.
        if claim.status.phase.as_deref().is_none_or(str::is_empty) {
            claim.status.phase = Some("Pending".into());
        }
    }
}

/// Go's `%#v` of a `map[string]string` (keys sorted, as fmt prints maps).
fn go_map(m: &BTreeMap<String, String>) -> String {
    if m.is_empty() {
        return "map[string]string(nil)".into();
    }
    let body: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", body.join(", "))
}

/// Go's `%#v` of an `intstr.IntOrString` value.
fn go_intstr(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => format!("intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}"),
        IntOrString::String(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{s:?}}}"),
    }
}

/// Upstream `IsDNS1123Label`: the detail messages for `name`.
fn dns1123_label_errors(name: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if name.len() > 63 {
        errs.push("must be no more than 63 characters");
    }
    let b = name.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ok = !b.is_empty()
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || *c == b'-');
    if !ok {
        errs.push(DNS1123_LABEL_MSG);
    }
    errs
}

/// Validation causes for a create (§2.1–§2.3), each in upstream wording such
/// as `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
/// Empty = valid. `max_replicas` is the simulator's ceiling. Expects a
/// defaulted object (§1.2), as upstream validates after defaulting.
pub fn validate_statefulset(set: &StatefulSet, max_replicas: i32) -> Vec<String> {
    validate(set, max_replicas, false)
}

/// [`validate_statefulset`] for the new object of an update: upstream
/// ValidateStatefulSetUpdate passes `AllowInvalidServiceName: true`
/// (serviceName is immutable, so only the Forbidden error of
/// [`validate_statefulset_update`] applies to it).
pub fn validate_statefulset_for_update(set: &StatefulSet, max_replicas: i32) -> Vec<String> {
    validate(set, max_replicas, true)
}

fn validate(set: &StatefulSet, max_replicas: i32, allow_invalid_service_name: bool) -> Vec<String> {
    let mut errs = Vec::new();
    let name = &set.metadata.name;
    // §2.1
    if name.is_empty() {
        errs.push("metadata.name: Required value: name or generateName is required".to_string());
    } else {
        for msg in dns1123_label_errors(name) {
            errs.push(format!("metadata.name: Invalid value: {name:?}: {msg}"));
        }
    }
    let spec = &set.spec;
    // §2.3 podManagementPolicy
    match spec.pod_management_policy.as_deref() {
        None | Some("") => errs.push("spec.podManagementPolicy: Required value".into()),
        Some("OrderedReady") | Some("Parallel") => {}
        Some(other) => errs.push(format!(
            "spec.podManagementPolicy: Invalid value: {other:?}: must be 'OrderedReady' or 'Parallel'"
        )),
    }
    // §2.3 updateStrategy
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    match strategy.type_.as_deref() {
        None | Some("") => errs.push("spec.updateStrategy: Required value".into()),
        Some("OnDelete") => {
            if strategy.rolling_update.is_some() {
                errs.push(format!(
                    "spec.updateStrategy.rollingUpdate: Invalid value: {}: only allowed for updateStrategy 'RollingUpdate'",
                    go_rolling_update(strategy.rolling_update.as_ref())
                ));
            }
        }
        Some("RollingUpdate") => {
            if let Some(ru) = &strategy.rolling_update {
                validate_rolling_update(ru, &mut errs);
            }
        }
        Some(other) => errs.push(format!(
            "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{{Type:{other:?}, RollingUpdate:{}}}: must be 'RollingUpdate' or 'OnDelete'",
            match &strategy.rolling_update {
                Some(_) => "(*apps.RollingUpdateStatefulSetStrategy)(…)".to_string(),
                None => "(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(),
            }
        )),
    }
    // §2.3 retention policy
    if let Some(p) = &spec.persistent_volume_claim_retention_policy {
        for (field, v) in [
            ("whenDeleted", &p.when_deleted),
            ("whenScaled", &p.when_scaled),
        ] {
            match v.as_deref() {
                Some("Retain") | Some("Delete") => {}
                other => errs.push(format!(
                    "spec.persistentVolumeClaimRetentionPolicy.{field}: Unsupported value: {:?}: supported values: \"Delete\", \"Retain\"",
                    other.unwrap_or("")
                )),
            }
        }
    }
    // §2.3 numbers
    let replicas = spec.replicas.unwrap_or(1);
    if replicas < 0 {
        errs.push(format!(
            "spec.replicas: Invalid value: {replicas}: {NEGATIVE}"
        ));
    } else if replicas > max_replicas {
        errs.push(format!(
            "spec.replicas: Invalid value: {replicas}: must be less than or equal to {max_replicas} (simulator limit)"
        ));
    }
    let mrs = spec.min_ready_seconds.unwrap_or(0);
    if mrs < 0 {
        errs.push(format!(
            "spec.minReadySeconds: Invalid value: {mrs}: {NEGATIVE}"
        ));
    }
    if let Some(StatefulSetOrdinals { start }) = &spec.ordinals {
        if *start < 0 {
            errs.push(format!(
                "spec.ordinals.start: Invalid value: {start}: {NEGATIVE}"
            ));
        }
    }
    // §2.3 serviceName: optional, but when set it must be a DNS-1123 label,
    // since it becomes every pod's spec.subdomain (upstream PR #130233,
    // v1.33+; checked after ordinals, before the selector).
    if !allow_invalid_service_name && !spec.service_name.is_empty() {
        for msg in dns1123_label_errors(&spec.service_name) {
            errs.push(format!(
                "spec.serviceName: Invalid value: {:?}: {msg}",
                spec.service_name
            ));
        }
    }
    // §2.3 selector and template labels
    match &spec.selector {
        None => {
            errs.push("spec.selector: Required value".into());
            // §2.3: upstream then validates the template against
            // LabelSelectorAsSelector(nil) = labels.Nothing(), which is not
            // Empty() and matches nothing, so the labels error follows.
            errs.push(format!(
                "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                go_map(&spec.template.metadata.labels)
            ));
        }
        Some(sel) => {
            for (i, e) in sel.match_expressions.iter().enumerate() {
                let needs_values = matches!(e.operator.as_str(), "In" | "NotIn");
                let path = format!("spec.selector.matchExpressions[{i}]");
                match e.operator.as_str() {
                    "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                    other => errs.push(format!(
                        "{path}.operator: Invalid value: {other:?}: not a valid selector operator"
                    )),
                }
                if needs_values && e.values.is_empty() {
                    errs.push(format!(
                        "{path}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
                    ));
                }
                if !needs_values && !e.values.is_empty() {
                    errs.push(format!(
                        "{path}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                    ));
                }
            }
            if sel.is_empty() {
                errs.push("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset".into());
            } else if !sel.matches(&spec.template.metadata.labels) {
                errs.push(format!(
                    "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                    go_map(&spec.template.metadata.labels)
                ));
            }
        }
    }
    // §2.3 template spec
    let pod = &spec.template.spec;
    if pod.containers.is_empty() {
        errs.push("spec.template.spec.containers: Required value".into());
    }
    for (i, c) in pod.containers.iter().enumerate() {
        if c.name.is_empty() {
            errs.push(format!(
                "spec.template.spec.containers[{i}].name: Required value"
            ));
        }
        if c.image.trim().is_empty() {
            errs.push(format!(
                "spec.template.spec.containers[{i}].image: Required value"
            ));
        }
    }
    match pod.restart_policy.as_deref() {
        Some("Always") => {}
        other => errs.push(format!(
            "spec.template.spec.restartPolicy: Unsupported value: {:?}: supported values: \"Always\"",
            other.unwrap_or("")
        )),
    }
    if pod.active_deadline_seconds.is_some() {
        errs.push(
            "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"
                .into(),
        );
    }
    for (i, claim) in spec.volume_claim_templates.iter().enumerate() {
        if claim.metadata.name.is_empty() {
            errs.push(format!(
                "spec.volumeClaimTemplates[{i}].metadata.name: Required value"
            ));
        }
    }
    errs
}

/// Go's `%#v` of a `*RollingUpdateStatefulSetStrategy` after dereference.
fn go_rolling_update(ru: Option<&RollingUpdateStatefulSetStrategy>) -> String {
    match ru {
        None => "null".into(),
        Some(ru) => format!(
            "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{}}}",
            ru.partition.unwrap_or(0),
            match &ru.max_unavailable {
                Some(_) => "(*intstr.IntOrString)(…)",
                None => "(*intstr.IntOrString)(nil)",
            }
        ),
    }
}

/// Upstream `validateRollingUpdateStatefulSet` (§2.3).
fn validate_rolling_update(ru: &RollingUpdateStatefulSetStrategy, errs: &mut Vec<String>) {
    let path = "spec.updateStrategy.rollingUpdate";
    let partition = ru.partition.unwrap_or(0);
    if partition < 0 {
        errs.push(format!(
            "{path}.partition: Invalid value: {partition}: {NEGATIVE}"
        ));
    }
    let Some(mu) = &ru.max_unavailable else {
        return;
    };
    let shown = go_intstr(mu);
    let mut zero = false;
    match mu {
        IntOrString::Int(i) => {
            if *i < 0 {
                errs.push(format!(
                    "{path}.maxUnavailable: Invalid value: {i}: {NEGATIVE}"
                ));
            }
            zero = *i == 0;
        }
        IntOrString::String(s) => {
            let pct = s
                .strip_suffix('%')
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            match pct {
                None => errs.push(format!(
                    "{path}.maxUnavailable: Invalid value: {shown}: {PERCENT_MSG}"
                )),
                Some(d) => {
                    let v: u64 = d.parse().unwrap_or(u64::MAX);
                    zero = v == 0;
                    if v > 100 {
                        errs.push(format!("{path}.maxUnavailable: Invalid value: {shown}: must not be greater than 100%"));
                    }
                }
            }
        }
    }
    if zero {
        errs.push(format!(
            "{path}.maxUnavailable: Invalid value: {shown}: cannot be 0"
        ));
    }
}

/// Additional causes for an update (§2.4 immutability). The engine also runs
/// [`validate_statefulset`] on the new object.
pub fn validate_statefulset_update(old: &StatefulSet, new: &StatefulSet) -> Vec<String> {
    let mut clone = new.spec.clone();
    clone.replicas = old.spec.replicas;
    clone.template = old.spec.template.clone();
    clone.update_strategy = old.spec.update_strategy.clone();
    clone.min_ready_seconds = old.spec.min_ready_seconds;
    clone.ordinals = old.spec.ordinals.clone();
    clone.revision_history_limit = old.spec.revision_history_limit;
    clone.persistent_volume_claim_retention_policy =
        old.spec.persistent_volume_claim_retention_policy.clone();
    if clone != old.spec {
        vec![FORBIDDEN_UPDATE_MSG.to_string()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Container, LabelSelector};

    fn web() -> StatefulSet {
        let mut s = StatefulSet::default();
        s.metadata.name = "web".into();
        let labels: BTreeMap<String, String> = [("app".to_string(), "nginx".to_string())].into();
        s.spec.selector = Some(LabelSelector {
            match_labels: labels.clone(),
            ..Default::default()
        });
        s.spec.template.metadata.labels = labels;
        s.spec.template.spec.containers = vec![Container {
            name: "nginx".into(),
            image: "nginx:1.25".into(),
            ..Default::default()
        }];
        s.spec.service_name = "nginx".into();
        s
    }

    #[test]
    fn s1_2_defaults() {
        let mut s = web();
        default_statefulset(&mut s);
        assert_eq!(s.spec.replicas, Some(1));
        assert_eq!(
            s.spec.pod_management_policy.as_deref(),
            Some("OrderedReady")
        );
        let us = s.spec.update_strategy.clone().unwrap_or_default();
        assert_eq!(us.type_.as_deref(), Some("RollingUpdate"));
        let ru = us.rolling_update.unwrap_or_default();
        assert_eq!(ru.partition, Some(0));
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(s.spec.revision_history_limit, Some(10));
        assert_eq!(s.retention(), (false, false));
        assert!(validate_statefulset(&s, DEFAULT_MAX_REPLICAS).is_empty());
    }

    #[test]
    fn s1_2_explicit_rolling_update_type_keeps_block_absent() {
        let mut s = web();
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: None,
        });
        default_statefulset(&mut s);
        assert!(s
            .spec
            .update_strategy
            .as_ref()
            .is_some_and(|u| u.rolling_update.is_none()));
    }

    #[test]
    fn s2_validation_wording() {
        let mut s = web();
        s.metadata.name = "Web".into();
        s.spec.replicas = Some(-1);
        s.spec.template.metadata.labels = [("app".to_string(), "x".to_string())].into();
        default_statefulset(&mut s);
        let errs = validate_statefulset(&s, DEFAULT_MAX_REPLICAS);
        assert_eq!(
            errs,
            vec![
                format!("metadata.name: Invalid value: \"Web\": {DNS1123_LABEL_MSG}"),
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0".to_string(),
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`".to_string(),
            ]
        );
    }

    /// §2.3: a missing selector is Required, and the template is then
    /// checked against labels.Nothing(), which matches no labels.
    #[test]
    fn s2_missing_selector_also_reports_template_labels() {
        let mut s = web();
        s.spec.selector = None;
        default_statefulset(&mut s);
        assert_eq!(
            validate_statefulset(&s, DEFAULT_MAX_REPLICAS),
            vec![
                "spec.selector: Required value".to_string(),
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`".to_string(),
            ]
        );
    }

    /// §2.3: serviceName, when set, must be a DNS-1123 label (v1.33+).
    #[test]
    fn s2_service_name_must_be_a_dns_label() {
        let mut s = web();
        s.spec.service_name = "Not_A_Label".into();
        default_statefulset(&mut s);
        assert_eq!(
            validate_statefulset(&s, DEFAULT_MAX_REPLICAS),
            vec![format!(
                "spec.serviceName: Invalid value: \"Not_A_Label\": {DNS1123_LABEL_MSG}"
            )]
        );
        // Optional: an empty serviceName is valid.
        s.spec.service_name.clear();
        assert!(validate_statefulset(&s, DEFAULT_MAX_REPLICAS).is_empty());
        // On update only the immutability error applies.
        let old = {
            let mut o = web();
            default_statefulset(&mut o);
            o
        };
        let mut new = old.clone();
        new.spec.service_name = "Not_A_Label".into();
        assert!(validate_statefulset_for_update(&new, DEFAULT_MAX_REPLICAS).is_empty());
        assert_eq!(
            validate_statefulset_update(&old, &new),
            vec![FORBIDDEN_UPDATE_MSG.to_string()]
        );
    }

    #[test]
    fn s2_replica_ceiling_and_max_unavailable() {
        let mut s = web();
        s.spec.replicas = Some(1_000_000_000);
        default_statefulset(&mut s);
        if let Some(ru) = s
            .spec
            .update_strategy
            .as_mut()
            .and_then(|u| u.rolling_update.as_mut())
        {
            ru.max_unavailable = Some(IntOrString::String("0%".into()));
        }
        let errs = validate_statefulset(&s, DEFAULT_MAX_REPLICAS);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(
            errs[0],
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: cannot be 0"
        );
        assert_eq!(
            errs[1],
            "spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (simulator limit)"
        );
    }

    #[test]
    fn s2_on_delete_forbids_rolling_update_block() {
        let mut s = web();
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: Some(RollingUpdateStatefulSetStrategy::default()),
        });
        default_statefulset(&mut s);
        let errs = validate_statefulset(&s, DEFAULT_MAX_REPLICAS);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].ends_with("only allowed for updateStrategy 'RollingUpdate'"));
    }

    #[test]
    fn s2_4_immutable_fields() {
        let mut old = web();
        default_statefulset(&mut old);
        let mut new = old.clone();
        new.spec.replicas = Some(5);
        new.spec.template.spec.containers[0].image = "nginx:1.26".into();
        assert!(validate_statefulset_update(&old, &new).is_empty());
        new.spec.service_name = "other".into();
        assert_eq!(
            validate_statefulset_update(&old, &new),
            vec![FORBIDDEN_UPDATE_MSG.to_string()]
        );
    }
}
