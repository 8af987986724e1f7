//! `kubectl events [--for TYPE/NAME] [--types=Normal,Warning]`: the
//! cluster's events, oldest first, as kubectl's events printer shows them.

use super::super::duration::age;
use super::super::flags::{parse_flags, val};
use super::super::output::table;
use super::super::resource::parse_targets;
use super::super::Ctx;
use crate::api::{Kind, Object};

/// `kubectl events`.
pub fn events(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags("events", args, &[val("for", None), val("types", None)]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let target = match p.get("for") {
        None => None,
        Some(f) => match parse_targets(&[f.to_string()]) {
            Ok(t) => match t.named.first() {
                Some(n) => Some(n.clone()),
                None => {
                    return ctx.fail(format!(
                        "error: --for must be in resource/name form, got {f:?}"
                    ))
                }
            },
            Err(e) => return ctx.fail(e),
        },
    };
    let types: Option<Vec<String>> = p.get("types").map(|t| {
        t.split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .collect()
    });
    let mut evs: Vec<Object> = ctx
        .engine
        .list(Kind::Event)
        .into_iter()
        .filter(|o| match o {
            Object::Event(e) => {
                target.as_ref().is_none_or(|(k, n)| {
                    e.involved_object.kind == k.as_str() && &e.involved_object.name == n
                }) && types
                    .as_ref()
                    .is_none_or(|t| t.contains(&e.type_.to_ascii_lowercase()))
            }
            _ => false,
        })
        .collect();
    // Oldest first by last timestamp (stable, so equal times keep API order).
    evs.sort_by_key(|o| match o {
        Object::Event(e) => e.last_timestamp.or(e.first_timestamp).map_or(0, |t| t.0),
        _ => 0,
    });
    if evs.is_empty() {
        return ctx.warn("No events found in default namespace.");
    }
    // kubectl's own printer (pkg/cmd/events/event_printer.go), not the
    // `get events` table: OBJECT is `Kind/name`, and LAST SEEN of a repeated
    // event reads `30s (x2 over 36s)` (getInterval).
    let now = ctx.engine.now();
    let mut rows = vec![["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
        .map(String::from)
        .to_vec()];
    for o in &evs {
        let Object::Event(e) = o else { continue };
        let first = age(now, e.first_timestamp.or(e.metadata.creation_timestamp));
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", age(now, e.last_timestamp), e.count)
        } else {
            first
        };
        rows.push(vec![
            interval,
            e.type_.clone(),
            e.reason.clone(),
            format!("{}/{}", e.involved_object.kind, e.involved_object.name),
            e.message.trim().to_string(),
        ]);
    }
    for l in table::align(&rows, &mut Vec::new()) {
        ctx.out(l);
    }
}
