//! `kubectl describe`: kubectl-like detail pages with an Events section.
//! One file per page kind; the shared layout helpers live here.

mod other;
mod pod;
mod statefulset;

use super::table::align_with;
use crate::api::*;
use crate::engine::Engine;
use crate::script::duration::human_duration;
use std::collections::BTreeMap;

/// kubectl's `translateTimestampSince`: `HumanDuration(now - t)`, which is
/// `<invalid>` for instants more than a second in the future.
pub(super) fn since(now: Millis, t: Time) -> String {
    if t.0 > now + 1000 {
        "<invalid>".into()
    } else {
        human_duration(now.saturating_sub(t.0))
    }
}

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

pub(super) struct Page {
    pub(super) lines: Vec<String>,
    width: usize,
    /// Values follow a tab instead of being aligned at `width`: kubectl's
    /// describe text written without its tabwriter (`rollout history
    /// --revision=N`'s printTemplate).
    tabbed: bool,
}

impl Page {
    pub(super) fn new(width: usize) -> Page {
        Page {
            lines: Vec::new(),
            width,
            tabbed: false,
        }
    }
    pub(super) fn kv(&mut self, indent: usize, key: &str, value: impl AsRef<str>) {
        let k = format!("{}{key}:", " ".repeat(indent));
        let v = value.as_ref();
        if v.is_empty() {
            self.lines.push(k);
        } else if self.tabbed {
            self.lines.push(format!("{k}\t{v}"));
        } else {
            self.lines
                .push(format!("{k:<w$}{v}", w = self.width.max(k.len() + 1)));
        }
    }
    pub(super) fn map(&mut self, indent: usize, key: &str, m: &BTreeMap<String, String>) {
        self.map_with(indent, key, m, "=");
    }
    /// A multi-line field, one `k{sep}v` a line (`<none>` when empty).
    fn map_with(&mut self, indent: usize, key: &str, m: &BTreeMap<String, String>, sep: &str) {
        if m.is_empty() {
            self.kv(indent, key, "<none>");
            return;
        }
        for (i, (k, v)) in m.iter().enumerate() {
            let text = format!("{k}{sep}{v}");
            if i == 0 {
                self.kv(indent, key, text);
            } else if self.tabbed {
                self.lines.push(format!("\t{text}"));
            } else {
                self.lines.push(format!("{}{text}", " ".repeat(self.width)));
            }
        }
    }
    pub(super) fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }
}

/// The Events section for an object (`Events:  <none>` when empty).
/// Like kubectl, only events of this incarnation (same uid) are shown.
pub fn events_section(engine: &Engine, kind: Kind, name: &str, uid: &str) -> Vec<String> {
    let now = engine.now();
    // Repeats are one Event with a count (as the API server holds them),
    // listed by last occurrence like kubectl's SortableEvents.
    let mut evs: Vec<Event> =
        crate::engine::aggregate_events(engine.store().events.iter().filter(|e| {
            e.kind == kind
                && e.object == name
                && (e.object_uid.is_empty() || uid.is_empty() || e.object_uid == uid)
        }));
    evs.sort_by_key(|e| e.last_timestamp.or(e.first_timestamp).map_or(0, |t| t.0));
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

pub(super) fn mounts(p: &mut Page, c: &Container, indent: usize) {
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

pub(super) fn ports(c: &Container) -> String {
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

/// kubectl's Port/Host Port fields of a container (describeContainerPorts,
/// describeContainerHostPorts) as (key, value, host key, host value):
/// `Ports`/`Host Ports` when there are several, `<none>` when there is
/// none; no host ports are modelled, so each is `0/PROTO`.
fn port_fields(c: &Container) -> (&'static str, String, &'static str, String) {
    let port = ports(c);
    if port == "<none>" {
        return ("Port", port, "Host Port", "<none>".into());
    }
    let host: Vec<String> = port
        .split(", ")
        .map(|x| format!("0/{}", x.rsplit('/').next().unwrap_or("TCP")))
        .collect();
    if host.len() > 1 {
        ("Ports", port, "Host Ports", host.join(", "))
    } else {
        ("Port", port, "Host Port", host.join(", "))
    }
}

/// The Port/Host Port lines of a container (see [`port_fields`]).
pub(super) fn port_lines(p: &mut Page, c: &Container, indent: usize) {
    let (pk, pv, hk, hv) = port_fields(c);
    p.kv(indent, pk, pv);
    p.kv(indent, hk, hv);
}

/// kubectl's DescribePodTemplate: the template's labels and annotations,
/// containers, volumes, node selectors and tolerations. `tabbed` writes it
/// without the tabwriter, as `printTemplate` (rollout history
/// --revision=N) does; otherwise aligned as in `kubectl describe sts`.
pub fn pod_template(t: &PodTemplateSpec, tabbed: bool) -> Vec<String> {
    let page = |width| Page {
        tabbed,
        ..Page::new(width)
    };
    let mut out = vec!["Pod Template:".to_string()];
    let annotations = &t.metadata.annotations;
    let mut q = page(if annotations.is_empty() { 11 } else { 16 });
    q.map(2, "Labels", &t.metadata.labels);
    // The template's annotations (e.g. `rollout restart`'s restartedAt)
    // under its labels, one tabwriter block.
    if !annotations.is_empty() {
        q.map_with(2, "Annotations", annotations, ": ");
    }
    out.extend(q.lines);
    out.push("  Containers:".into());
    for c in &t.spec.containers {
        out.push(format!("   {}:", c.name));
        let mut q = page(18);
        q.kv(4, "Image", &c.image);
        port_lines(&mut q, c, 4);
        q.kv(4, "Environment", "<none>");
        mounts(&mut q, c, 4);
        out.extend(q.lines);
    }
    let mut q = page(19);
    for key in ["Volumes", "Node-Selectors", "Tolerations"] {
        q.kv(2, key, "<none>");
    }
    out.extend(q.lines);
    out
}

/// Lines `kubectl describe` prints for one object.
pub fn describe(engine: &Engine, o: &Object) -> Vec<String> {
    match o {
        Object::Pod(p) => pod::describe_pod(engine, p),
        Object::StatefulSet(s) => statefulset::describe_sts(engine, s),
        Object::PersistentVolumeClaim(c) => other::describe_pvc(engine, c),
        Object::HorizontalPodAutoscaler(h) => other::describe_hpa(engine, h),
        o => other::describe_generic(engine, o),
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
