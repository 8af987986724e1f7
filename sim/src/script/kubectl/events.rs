//! `kubectl events [--for TYPE/NAME] [--types=Normal,Warning]`: the
//! cluster's events, oldest first, in `kubectl get events` columns.

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
    let (lines, _) = table::table(
        Kind::Event,
        &evs,
        ctx.engine.now(),
        &table::TableOpts::default(),
        false,
    );
    for l in lines {
        ctx.out(l);
    }
}
