//! `kubectl describe`.

use super::super::flags::{flag, parse_flags, val};
use super::super::output::describe as desc;
use super::super::resource::parse_targets;
use super::super::Ctx;
use super::{parse_selector, select};
use crate::script::api_err;

/// `kubectl describe TYPE NAME…` (or all of a type, or `-l`).
pub fn describe(ctx: &mut Ctx, args: &[String]) {
    let specs = [val("selector", Some('l')), flag("show-events", None)];
    let p = match parse_flags("describe", args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    if p.args.is_empty() {
        // kubectl describe's Complete: one plain error (not `get`'s
        // usage text).
        return ctx.fail("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    let targets = match parse_targets(&p.args) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let selector = match p.get("selector").map(parse_selector).transpose() {
        Ok(s) => s,
        Err(e) => return ctx.fail(e),
    };
    let mut objs = Vec::new();
    if targets.named.is_empty() {
        objs = targets
            .kind
            .map(|k| select(ctx, k, selector.as_ref()))
            .unwrap_or_default();
        if objs.is_empty() {
            ctx.warn("No resources found in default namespace.");
        }
    } else {
        for (k, n) in &targets.named {
            match ctx.engine.get(*k, n) {
                Ok(o) => objs.push(o),
                Err(e) => ctx.fail(api_err(&e)),
            }
        }
    }
    for (i, o) in objs.iter().enumerate() {
        if i > 0 {
            ctx.out("");
            ctx.out("");
        }
        let lines = desc::describe(ctx.engine, o);
        for l in lines {
            ctx.out(l);
        }
    }
}
