//! ControllerRevisions (§12): the stored patch, the hash name, choosing the
//! update revision (create / reuse / roll back) and history truncation.
//! Mirrors upstream `pkg/controller/history/controller_history.go` and
//! `getPatch`/`newRevision`/`ApplyRevision` of `stateful_set_utils.go`.

use super::pods::set_owner_ref;
use crate::api::{ControllerRevision, ObjectMeta, PodTemplateSpec, StatefulSet};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;

thread_local! {
    /// The last template's patch and its compact JSON: a reconcile with an
    /// unchanged template does no serde work (a pure memo; §12.1/§12.2 as before).
    static PATCH_MEMO: RefCell<Option<(PodTemplateSpec, Value, String)>> =
        const { RefCell::new(None) };
    /// The last revision data decoded by [`template_of`] and its template.
    static TEMPLATE_MEMO: RefCell<Option<(Value, Option<PodTemplateSpec>)>> =
        const { RefCell::new(None) };
}

/// `patch_for(set)` and its compact JSON, memoized on the template.
fn patch_and_raw(set: &StatefulSet) -> (Value, String) {
    with_patch(set, |patch, raw| (patch.clone(), raw.to_string()))
}

/// Calls `f` with `patch_for(set)` and its compact JSON, from the memo
/// (refreshed when the template changed).
fn with_patch<R>(set: &StatefulSet, f: impl FnOnce(&Value, &str) -> R) -> R {
    PATCH_MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let entry = match memo.take() {
            Some(e) if e.0 == set.spec.template => e,
            _ => {
                let patch = patch_for(set);
                let raw = serde_json::to_string(&patch).unwrap_or_default();
                (set.spec.template.clone(), patch, raw)
            }
        };
        let (_, patch, raw) = memo.insert(entry);
        f(patch, raw)
    })
}

/// `equal_revision(r, &new_revision(set, _, collision_count))` for each of
/// `revisions`, without building the candidate revision (no copy of the
/// patch per reconcile): the hash labels, then the data (§12.2, §12.3).
pub fn equal_to_new_revision<'a>(
    set: &StatefulSet,
    collision_count: i32,
    revisions: &[&'a ControllerRevision],
) -> Vec<&'a ControllerRevision> {
    with_patch(set, |patch, raw| {
        let hash = hash_raw(raw, collision_count);
        revisions
            .iter()
            .copied()
            .filter(|r| {
                r.metadata.labels.get(HASH_LABEL).is_none_or(|h| *h == hash) && r.data == *patch
            })
            .collect()
    })
}

/// Label holding the revision's hash (§12.2).
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// The "safe" alphabet of `k8s.io/apimachinery/pkg/util/rand` (no vowels, no
/// look-alikes) (§12.2).
const SAFE_ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// Recursively sorts object keys, as Go's `json.Marshal` of a
/// `map[string]interface{}` does.
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                if let Some(x) = m.get(k) {
                    out.insert(k.clone(), sorted(x));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The stored patch `{"spec":{"template":{…,"$patch":"replace"}}}` with
/// keys sorted, as upstream `getPatch` produces it (§12.1).
pub fn patch_for(set: &StatefulSet) -> Value {
    let mut template = serde_json::to_value(&set.spec.template).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut template {
        // Go serializes a zero creationTimestamp as null inside the template.
        if let Some(Value::Object(meta)) = m.get_mut("metadata") {
            meta.entry("creationTimestamp").or_insert(Value::Null);
        } else {
            let mut meta = Map::new();
            meta.insert("creationTimestamp".into(), Value::Null);
            m.insert("metadata".into(), Value::Object(meta));
        }
        m.insert("$patch".into(), Value::String("replace".into()));
    }
    let mut spec = Map::new();
    spec.insert("template".into(), template);
    let mut root = Map::new();
    root.insert("spec".into(), Value::Object(spec));
    sorted(&Value::Object(root))
}

/// FNV-1 32-bit (Go's `hash/fnv.New32`, which is FNV-1, not FNV-1a).
fn fnv1_32(chunks: &[&[u8]]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for chunk in chunks {
        for b in *chunk {
            h = h.wrapping_mul(0x0100_0193);
            h ^= u32::from(*b);
        }
    }
    h
}

/// `rand.SafeEncodeString`: every byte mapped into the safe alphabet.
fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| char::from(SAFE_ALPHANUMS[usize::from(b) % SAFE_ALPHANUMS.len()]))
        .collect()
}

/// `HashControllerRevision`: FNV-1 over the compact patch JSON followed by
/// the decimal collision count, printed in decimal and safe-encoded (§12.2).
pub fn hash_patch(patch: &Value, collision_count: i32) -> String {
    let raw = serde_json::to_string(patch).unwrap_or_default();
    hash_raw(&raw, collision_count)
}

/// [`hash_patch`] of an already serialized patch.
fn hash_raw(raw: &str, collision_count: i32) -> String {
    let probe = collision_count.to_string();
    safe_encode(&fnv1_32(&[raw.as_bytes(), probe.as_bytes()]).to_string())
}

/// `<setName>-<hash>`, prefix truncated to 223 bytes (§12.2).
pub fn revision_name(set: &str, hash: &str) -> String {
    let mut prefix = set;
    if prefix.len() > 223 {
        let mut cut = 223;
        while !prefix.is_char_boundary(cut) {
            cut -= 1;
        }
        prefix = &prefix[..cut];
    }
    format!("{prefix}-{hash}")
}

/// A new (not yet stored) revision of `set`'s template (upstream newRevision, §12.2).
pub fn new_revision(set: &StatefulSet, number: i64, collision_count: i32) -> ControllerRevision {
    let (data, raw) = patch_and_raw(set);
    let hash = hash_raw(&raw, collision_count);
    let mut labels = set.spec.template.metadata.labels.clone();
    labels.insert(HASH_LABEL.into(), hash.clone());
    ControllerRevision {
        api_version: "apps/v1".into(),
        kind: "ControllerRevision".into(),
        metadata: ObjectMeta {
            name: revision_name(&set.metadata.name, &hash),
            namespace: set.metadata.namespace.clone(),
            labels,
            owner_references: vec![set_owner_ref(set)],
            ..Default::default()
        },
        data,
        revision: number,
    }
}

/// The template stored in a revision (upstream ApplyRevision); `None` if the
/// stored data is not a template patch.
pub fn template_of(rev: &ControllerRevision) -> Option<PodTemplateSpec> {
    TEMPLATE_MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some((data, template)) = memo.as_ref() {
            if *data == rev.data {
                return template.clone();
            }
        }
        let template = decode_template(rev);
        *memo = Some((rev.data.clone(), template.clone()));
        template
    })
}

/// upstream ApplyRevision proper, unmemoized.
fn decode_template(rev: &ControllerRevision) -> Option<PodTemplateSpec> {
    let mut t = rev.data.get("spec")?.get("template")?.clone();
    if let Value::Object(m) = &mut t {
        m.remove("$patch");
    }
    serde_json::from_value(t).ok()
}

/// Equal data (upstream EqualRevision: hash labels, then bytes).
pub fn equal_revision(a: &ControllerRevision, b: &ControllerRevision) -> bool {
    if let (Some(ha), Some(hb)) = (
        a.metadata.labels.get(HASH_LABEL),
        b.metadata.labels.get(HASH_LABEL),
    ) {
        if ha != hb {
            return false;
        }
    }
    a.data == b.data
}

/// Revisions whose data no pod, current or update revision refers to,
/// beyond `revisionHistoryLimit`, oldest first (§12.5). `revisions` sorted ascending.
pub fn revisions_to_truncate<'a, 'p>(
    set: &StatefulSet,
    revisions: &[&'a ControllerRevision],
    pod_revisions: impl Iterator<Item = &'p str>,
    live: &[&str],
) -> Vec<&'a ControllerRevision> {
    let limit = set.spec.revision_history_limit.unwrap_or(10);
    if limit < 0 {
        return Vec::new();
    }
    // The history is a subset of `revisions`: within the limit, no pod
    // needs a look.
    if revisions.len() <= limit as usize {
        return Vec::new();
    }
    let mut live_names: BTreeSet<&str> = live.iter().copied().collect();
    // Pods of one revision usually share its text: only a different
    // allocation costs a lookup.
    let mut last: Option<(*const u8, usize)> = None;
    for rev in pod_revisions {
        let key = (rev.as_ptr(), rev.len());
        if last != Some(key) {
            live_names.insert(rev);
            last = Some(key);
        }
    }
    let history: Vec<&ControllerRevision> = revisions
        .iter()
        .copied()
        .filter(|r| !live_names.contains(r.metadata.name.as_str()))
        .collect();
    let limit = limit as usize;
    if history.len() <= limit {
        return Vec::new();
    }
    let n = history.len() - limit;
    history.into_iter().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s12_2_fnv1_and_safe_encoding() {
        // FNV-1 32 of "" is the offset basis; of "a" is 0x050c5d7e.
        assert_eq!(fnv1_32(&[b""]), 0x811c_9dc5);
        assert_eq!(fnv1_32(&[b"a"]), 0x050c_5d7e);
        // "0" (48) → 48 % 27 = 21 → "4"; "9" (57) → 3 → "f".
        assert_eq!(safe_encode("09"), "4f");
        let set = StatefulSet {
            metadata: ObjectMeta {
                name: "web".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let r0 = new_revision(&set, 1, 0);
        let r1 = new_revision(&set, 1, 1);
        assert!(r0.metadata.name.starts_with("web-"));
        assert_ne!(r0.metadata.name, r1.metadata.name);
        assert!(r0.metadata.name.len() <= "web-".len() + 10);
        assert_eq!(template_of(&r0), Some(set.spec.template.clone()));
    }
}
