//! The store's Events (§16), kept compact.
//!
//! A `core/v1.Event` object is about 600 bytes and a dozen strings, most of
//! them the same for every event (`v1`, `Event`, `default`, the reason, the
//! reporting component). A large scale-up records several events per pod, so
//! the store keeps one [`StoredEvent`] per event (the fields that differ) and
//! builds the API object only when something reads it as one
//! ([`StoredEvent::to_event`]: `kubectl get events`, `-o yaml`).

use super::store::push_hex;
use crate::api::{Event, EventSource, Kind, Millis, ObjectMeta, ObjectReference, Time};
use std::borrow::Cow;

/// One recorded Event. Its name and uid derive from `seq` the way the
/// engine has always named events: `{object}.{0x1870…+seq:016x}` and
/// `e{seq>>16:07x}-0000-4000-8000-{seq:012x}`.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    /// 1-based sequence number of the event in this cluster.
    pub seq: u64,
    /// When it was recorded (first and last timestamp; count is always 1).
    pub time: Millis,
    /// Its resourceVersion.
    pub resource_version: u64,
    /// The involved object.
    pub kind: Kind,
    pub object: String,
    /// The involved object's uid when the event was recorded ("" if none).
    pub object_uid: String,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: Cow<'static, str>,
    pub message: String,
    /// Reporting component, e.g. `statefulset-controller`, `kubelet`.
    pub source: &'static str,
    /// Reporting host (the kubelet's node).
    pub host: Option<String>,
}

/// The high bits of every event name's suffix.
const NAME_BASE: u64 = 0x1870_0000_0000_0000;

impl StoredEvent {
    /// `metadata.name`.
    pub fn name(&self) -> String {
        let mut s = String::with_capacity(self.object.len() + 17);
        s.push_str(&self.object);
        s.push('.');
        push_hex(&mut s, NAME_BASE.wrapping_add(self.seq), 16);
        s
    }

    /// Whether `metadata.name` is `name` (without building it).
    pub fn is_named(&self, name: &str) -> bool {
        name.len() == self.object.len() + 17
            && name.starts_with(self.object.as_str())
            && name.as_bytes()[self.object.len()] == b'.'
            && u64::from_str_radix(&name[self.object.len() + 1..], 16)
                .is_ok_and(|v| v == NAME_BASE.wrapping_add(self.seq))
            && name[self.object.len() + 1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }

    /// `metadata.uid`.
    pub fn uid(&self) -> String {
        let mut s = String::with_capacity(36);
        s.push('e');
        push_hex(&mut s, self.seq >> 16, 7);
        s.push_str("-0000-4000-8000-");
        push_hex(&mut s, self.seq, 12);
        s
    }

    /// 1: each stored event is one emission; [`aggregate`] folds repeats
    /// into one Event with a count, as the API server holds them.
    pub fn count(&self) -> i32 {
        1
    }

    pub fn is_warning(&self) -> bool {
        self.type_ == "Warning"
    }

    /// The `core/v1.Event` object the API server serves for it.
    pub fn to_event(&self) -> Event {
        Event {
            api_version: "v1".into(),
            kind: "Event".into(),
            metadata: ObjectMeta {
                name: self.name(),
                namespace: "default".into(),
                uid: self.uid(),
                resource_version: self.resource_version.to_string(),
                creation_timestamp: Some(Time(self.time)),
                ..Default::default()
            },
            involved_object: ObjectReference {
                api_version: self.kind.api_version().into(),
                kind: self.kind.as_str().into(),
                name: self.object.clone(),
                namespace: if self.kind.namespaced() {
                    "default".into()
                } else {
                    String::new()
                },
                uid: self.object_uid.clone(),
            },
            type_: self.type_.into(),
            reason: self.reason.to_string(),
            message: self.message.clone(),
            source: EventSource {
                component: self.source.into(),
                host: self.host.clone(),
            },
            count: self.count(),
            first_timestamp: Some(Time(self.time)),
            last_timestamp: Some(Time(self.time)),
        }
    }
}

/// The Event objects the API server holds for `events` (in recording
/// order): repeats of an event — same source (component and host),
/// involved object (kind, name, uid), type, reason and message — are one
/// Event whose `count` and `lastTimestamp` grow, as client-go's
/// EventCorrelator patches them (kubectl describe shows `AGE (xN over
/// SPAN)`). Each kept Event has the name, uid and first time of its first
/// occurrence and the resourceVersion of its last; order is that of first
/// occurrences. (The trace keeps one record per emission. The correlator's
/// "combined from similar events" and spam filter are not modelled.)
pub fn aggregate<'a>(events: impl IntoIterator<Item = &'a StoredEvent>) -> Vec<Event> {
    type Key<'k> = (
        &'k str,
        Option<&'k str>,
        Kind,
        &'k str,
        &'k str,
        &'k str,
        &'k str,
        &'k str,
    );
    let mut seen: std::collections::HashMap<Key<'a>, usize> = std::collections::HashMap::new();
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let key: Key<'a> = (
            e.source,
            e.host.as_deref(),
            e.kind,
            e.object.as_str(),
            e.object_uid.as_str(),
            e.type_,
            &e.reason,
            e.message.as_str(),
        );
        match seen.get(&key).and_then(|&i| out.get_mut(i)) {
            Some(agg) => {
                agg.count += 1;
                agg.last_timestamp = Some(Time(e.time));
                agg.metadata.resource_version = e.resource_version.to_string();
            }
            None => {
                seen.insert(key, out.len());
                out.push(e.to_event());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(seq: u64) -> StoredEvent {
        StoredEvent {
            seq,
            time: 1500,
            resource_version: 1042,
            kind: Kind::Pod,
            object: "web-0".into(),
            object_uid: "u-1".into(),
            type_: "Normal",
            reason: "Scheduled".into(),
            message: "m".into(),
            source: "default-scheduler",
            host: None,
        }
    }

    /// Repeats of one event are one Event with a count and the first and
    /// last times (EventCorrelator); another message, object uid or
    /// reason is another Event.
    #[test]
    fn repeats_aggregate_into_one_event() {
        let mut a = ev(1);
        let mut b = ev(2);
        b.time = 2500;
        b.resource_version = 1050;
        let mut c = ev(3);
        c.message = "other".into();
        let mut d = ev(4);
        d.object_uid = "u-2".into();
        a.time = 1000;
        let out = aggregate([&a, &b, &c, &d]);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].count, 2);
        assert_eq!(out[0].metadata.name, a.name());
        assert_eq!(out[0].first_timestamp, Some(Time(1000)));
        assert_eq!(out[0].last_timestamp, Some(Time(2500)));
        assert_eq!(out[0].metadata.resource_version, "1050");
        assert_eq!((out[1].count, out[2].count), (1, 1));
    }

    #[test]
    fn names_and_uids_are_the_engine_s_event_names() {
        let e = ev(0x2a);
        assert_eq!(
            e.name(),
            format!("web-0.{:016x}", 0x1870_0000_0000_0000u64 + 0x2a)
        );
        assert_eq!(e.uid(), format!("e{:07x}-0000-4000-8000-{:012x}", 0, 0x2a));
        assert!(e.is_named(&e.name()));
        assert!(!e.is_named("web-0"));
        assert!(!e.is_named(&ev(0x2b).name()));
        assert!(!e.is_named(&e.name().to_uppercase()));
        assert!(!e.is_named("web-1.187000000000002a"));
        let o = e.to_event();
        assert_eq!(o.metadata.name, e.name());
        assert_eq!(o.metadata.resource_version, "1042");
        assert_eq!(o.involved_object.kind, "Pod");
        assert_eq!(o.involved_object.namespace, "default");
        assert_eq!(o.count, 1);
        assert_eq!(o.last_timestamp, Some(Time(1500)));
    }
}
