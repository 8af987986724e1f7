//! `kubectl cordon|uncordon|drain NODE`.

use super::super::flags::{flag, parse_flags, val};
use super::super::time::{advance, DEFAULT_CAP};
use super::super::Ctx;
use crate::api::{Kind, Object};
use crate::script::api_err;

fn node_name(ctx: &mut Ctx, verb: &str, args: &[String]) -> Option<String> {
    match args {
        [one] => Some(
            one.strip_prefix("node/")
                .or(one.strip_prefix("nodes/"))
                .unwrap_or(one)
                .to_string(),
        ),
        [] => {
            ctx.fail(format!(
                "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples"
            ));
            None
        }
        _ => {
            ctx.fail(format!("error: one node at a time: kubectl {verb} NODE"));
            None
        }
    }
}

/// `kubectl cordon|uncordon NODE`.
pub fn cordon(ctx: &mut Ctx, args: &[String], on: bool) {
    let verb = if on { "cordon" } else { "uncordon" };
    let p = match parse_flags(verb, args, &[]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(node) = node_name(ctx, verb, &p.args) else {
        return;
    };
    let already = match ctx.engine.get(Kind::Node, &node) {
        Ok(Object::Node(n)) => (n.spec.unschedulable == Some(true)) == on,
        Ok(_) => false,
        Err(e) => return ctx.fail(api_err(&e)),
    };
    if already {
        return ctx.out(format!("node/{node} already {verb}ed"));
    }
    match ctx.engine.cordon(&node, on) {
        Ok(()) => ctx.out(format!("node/{node} {verb}ed")),
        Err(e) => ctx.fail(api_err(&e)),
    }
}

/// `kubectl drain NODE`: cordon, evict its pods, wait for them to go.
pub fn drain(ctx: &mut Ctx, args: &[String]) {
    let specs = [
        flag("ignore-daemonsets", None),
        flag("delete-emptydir-data", None),
        flag("force", None),
        val("grace-period", None),
        val("timeout", None),
    ];
    let p = match parse_flags("drain", args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(node) = node_name(ctx, "drain", &p.args) else {
        return;
    };
    let was = match ctx.engine.get(Kind::Node, &node) {
        Ok(Object::Node(n)) => n.spec.unschedulable == Some(true),
        Ok(_) => false,
        Err(e) => return ctx.fail(api_err(&e)),
    };
    let before: Vec<(String, String)> = ctx
        .engine
        .store()
        .pods
        .values()
        .filter(|p| p.spec.node_name.as_deref() == Some(node.as_str()))
        .map(|p| (p.metadata.name.clone(), p.metadata.uid.clone()))
        .collect();
    let evicted = match ctx.engine.drain(&node) {
        Ok(v) => v,
        Err(e) => return ctx.fail(api_err(&e)),
    };
    ctx.out(format!(
        "node/{node} {}cordoned",
        if was { "already " } else { "" }
    ));
    for n in &evicted {
        ctx.out(format!("evicting pod default/{n}"));
    }
    let uids: Vec<(String, String)> = before
        .into_iter()
        .filter(|(n, _)| evicted.contains(n))
        .collect();
    let mut reported: Vec<String> = Vec::new();
    advance(ctx, DEFAULT_CAP, &mut |ctx: &mut Ctx| {
        for (n, u) in &uids {
            let gone = ctx
                .engine
                .get(Kind::Pod, n)
                .map_or(true, |o| &o.metadata().uid != u);
            if gone && !reported.contains(n) {
                reported.push(n.clone());
                ctx.out(format!("pod/{n} evicted"));
            }
        }
        reported.len() == uids.len()
    });
    if reported.len() == uids.len() {
        ctx.out(format!("node/{node} drained"));
    } else if ctx.wait {
        ctx.fail(format!("error: unable to drain node \"{node}\" due to error: global timeout reached, continuing command..."));
    }
}
