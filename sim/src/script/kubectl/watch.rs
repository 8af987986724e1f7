//! `kubectl get -w`: after the initial list, one row per change until the
//! cluster is quiet (§4), in the order the API server made the changes.

use super::super::output::table;
use super::super::time::{advance, DEFAULT_CAP};
use super::super::Ctx;
use super::get::{current, Format};
use super::slash_name;
use crate::api::{Kind, LabelSelector, Object};
use crate::trace::RecordBody;
use serde_json::Value;
use std::collections::BTreeMap;

/// `-w`: after the initial list, one row per change until the cluster is
/// quiet (§4).
pub(super) fn watch_rows(
    ctx: &mut Ctx,
    named: &[(Kind, String)],
    kind: Option<Kind>,
    sel: Option<&LabelSelector>,
    format: &Format,
    k: Kind,
    need_header: bool,
) {
    let snapshot = |ctx: &mut Ctx| -> BTreeMap<String, (Value, Object)> {
        current(ctx, named, kind, sel, None)
            .into_iter()
            .map(|o| (o.name().to_string(), (o.to_json(), o)))
            .collect()
    };
    let mut seen = snapshot(ctx);
    let opts = match format {
        Format::Table(o) => o.clone(),
        _ => table::TableOpts::default(),
    };
    let mut widths: Vec<usize> = Vec::new();
    let header = table::header(k, &opts);
    // Remember the column widths the initial table used (tabwriter's
    // RememberWidths), so watch rows line up with it.
    let _ = table::align(std::slice::from_ref(&header), &mut widths);
    let now = ctx.engine.now();
    let initial: Vec<Vec<String>> = seen
        .values()
        .map(|(_, o)| table::row(o, now, &opts))
        .collect();
    let _ = table::align(&initial, &mut widths);
    let mut header_due = need_header;
    let mut rec_idx = ctx.engine.records().len();
    // A watch delivers one event per write, several at one instant
    // included (a pod bound by the scheduler and then marked
    // ContainerCreating by the kubelet shows both rows), each with the
    // object as that write left it: the engine hands over every write of
    // the kind. Events are not stored as objects: those are diffed.
    let tapped = k != Kind::Event;
    if tapped {
        ctx.engine.start_watch_tap(k);
    }
    let wanted = |o: &Object| {
        if named.is_empty() {
            sel.is_none_or(|s| s.matches(&o.metadata().labels))
        } else {
            named.iter().any(|(nk, n)| *nk == o.kind() && n == o.name())
        }
    };
    advance(ctx, DEFAULT_CAP, &mut |ctx: &mut Ctx| {
        let now = ctx.engine.now();
        let changed: Vec<Object> = if tapped {
            ctx.engine
                .take_watched()
                .into_iter()
                .filter(|o| wanted(o))
                .collect()
        } else {
            let next = snapshot(ctx);
            // Order this instant's rows by the engine's change records.
            let prefix = format!("{}/", k.as_str());
            let order: Vec<String> = ctx
                .engine
                .records()
                .get(rec_idx..)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| match &r.body {
                    RecordBody::Change { object, .. } => {
                        object.strip_prefix(&prefix).map(str::to_string)
                    }
                    _ => None,
                })
                .collect();
            rec_idx = ctx.engine.records().len();
            let rank = |name: &str| order.iter().position(|n| n == name).unwrap_or(usize::MAX);
            let mut changed: Vec<Object> = Vec::new();
            for (name, (v, o)) in &next {
                if seen.get(name).is_none_or(|(old, _)| old != v) {
                    changed.push(o.clone());
                }
            }
            for (name, (_, o)) in &seen {
                if !next.contains_key(name) {
                    changed.push(o.clone());
                }
            }
            changed.sort_by(|a, b| (rank(a.name()), a.name()).cmp(&(rank(b.name()), b.name())));
            seen = next;
            changed
        };
        for o in &changed {
            match format {
                Format::Name => ctx.out(slash_name(o.kind(), o.name())),
                _ => {
                    let mut rows = Vec::new();
                    if header_due {
                        rows.push(header.clone());
                        header_due = false;
                    }
                    rows.push(table::row(o, now, &opts));
                    for l in table::align(&rows, &mut widths) {
                        ctx.out(l);
                    }
                }
            }
        }
        ctx.engine.is_quiet()
    });
    if tapped {
        ctx.engine.stop_watch_tap();
    }
}
