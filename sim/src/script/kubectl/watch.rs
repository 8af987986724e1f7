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
    advance(ctx, DEFAULT_CAP, &mut |ctx: &mut Ctx| {
        let next = snapshot(ctx);
        let now = ctx.engine.now();
        // Watch events arrive in the order the API server made the changes:
        // order this instant's rows by the engine's change records.
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
        seen = next;
        ctx.engine.is_quiet()
    });
}
