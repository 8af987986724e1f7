//! `kubectl delete`: graceful by default, then — like kubectl — waits
//! (advancing virtual time, §4) until the objects are gone unless
//! `--wait=false`.

use super::super::flags::{flag, parse_flags, val};
use super::super::resource::parse_targets;
use super::super::time::{advance, DEFAULT_CAP};
use super::super::Ctx;
use super::{parse_selector, quoted_name, select};
use crate::api::Kind;
use crate::engine::{DeleteOptions, Propagation};
use crate::script::api_err;

/// `kubectl delete TYPE NAME…|-l SEL|--all`.
pub fn delete(ctx: &mut Ctx, args: &[String], stdin: Option<&str>) {
    let specs = [
        val("filename", Some('f')),
        val("selector", Some('l')),
        val("grace-period", None),
        flag("force", None),
        flag("wait", None),
        flag("ignore-not-found", None),
        val("cascade", None),
        flag("all", None),
        flag("now", None),
        val("timeout", None),
    ];
    let p = match parse_flags("delete", args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let wait_flag = p.get("wait") != Some("false");
    let propagation = match p.get("cascade") {
        None | Some("background") | Some("true") => Propagation::Background,
        Some("foreground") => Propagation::Foreground,
        Some("orphan") | Some("false") => Propagation::Orphan,
        Some(v) => return ctx.fail(format!("error: invalid cascade value ({v}). Must be \"background\", \"foreground\", or \"orphan\".")),
    };
    let mut grace: Option<i64> = match p.get("grace-period").map(str::parse::<i64>) {
        None => None,
        Some(Ok(g)) if g < 0 => None,
        Some(Ok(g)) => Some(g),
        Some(Err(_)) => {
            let v = p.get("grace-period").unwrap_or("");
            return ctx.fail(super::super::flags::invalid_flag_value(
                "delete",
                "grace-period",
                v,
                &super::super::flags::parse_int_error(v),
            ));
        }
    };
    let force = p.on("force");
    if p.on("now") {
        grace = Some(1);
    }
    if force && grace.is_none() {
        grace = Some(0);
    }
    if grace == Some(0) && !force {
        // kubectl: --grace-period=0 without --force means "as soon as possible".
        grace = Some(1);
    }
    let timeout = match p
        .get("timeout")
        .map(super::super::duration::parse_go_duration)
    {
        None => DEFAULT_CAP,
        Some(Some(0)) => DEFAULT_CAP,
        Some(Some(t)) => t,
        Some(None) => {
            return ctx.fail(super::super::flags::invalid_duration_flag(
                "delete",
                "timeout",
                p.get("timeout").unwrap_or(""),
            ))
        }
    };
    // `kubectl delete -f -` with a here-document: the objects it names.
    let from_file: Option<Vec<(Kind, String)>> = match p.get("filename") {
        None => None,
        Some("-") => match super::super::manifest::parse_manifests(stdin.unwrap_or(""), "STDIN") {
            Ok(ms) => Some(ms.iter().map(|m| (m.kind, m.name().to_string())).collect()),
            Err(e) => {
                return ctx
                    .fail(e.replace("no objects passed to apply", "no objects passed to delete"))
            }
        },
        Some(f) => return ctx.fail(format!("error: the path \"{f}\" does not exist")),
    };
    if p.args.is_empty() && from_file.is_none() {
        return ctx.fail("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    if from_file.is_some() && !p.args.is_empty() {
        return ctx.fail("error: Unexpected args: resources are given by -f");
    }
    let targets = match from_file {
        Some(named) => super::super::resource::Targets { kind: None, named },
        None => match parse_targets(&p.args) {
            Ok(t) => t,
            Err(e) => return ctx.fail(e),
        },
    };
    let selector = match p.get("selector").map(parse_selector).transpose() {
        Ok(s) => s,
        Err(e) => return ctx.fail(e),
    };
    let mut names: Vec<(Kind, String)> = targets.named.clone();
    if names.is_empty() {
        let Some(kind) = targets.kind else { return };
        if selector.is_none() && !p.on("all") {
            return ctx.fail("error: resource(s) were provided, but no name was specified");
        }
        names = select(ctx, kind, selector.as_ref())
            .into_iter()
            .map(|o| (kind, o.name().to_string()))
            .collect();
        if names.is_empty() {
            ctx.out("No resources found");
            return;
        }
    } else if selector.is_some() {
        return ctx.fail("error: name cannot be provided when a selector is specified");
    }
    if force && grace == Some(0) {
        ctx.warn("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let opts = DeleteOptions {
        grace_period_seconds: grace,
        force,
        propagation,
    };
    let mut pending: Vec<(Kind, String, String)> = Vec::new();
    for (kind, name) in names {
        let uid = match ctx.engine.get(kind, &name) {
            Ok(o) => o.metadata().uid.clone(),
            Err(e) => {
                if !p.on("ignore-not-found") {
                    ctx.fail(api_err(&e));
                }
                continue;
            }
        };
        match ctx.engine.delete(kind, &name, opts) {
            Ok(()) => {
                let verb = if force && grace == Some(0) {
                    "force deleted"
                } else {
                    "deleted"
                };
                ctx.out(format!("{} {verb}", quoted_name(kind, &name)));
                pending.push((kind, name, uid));
            }
            Err(e) => ctx.fail(api_err(&e)),
        }
    }
    if !ctx.wait || !wait_flag || pending.is_empty() {
        return;
    }
    let gone = |ctx: &mut Ctx, kind: Kind, name: &str, uid: &str| {
        ctx.engine
            .get(kind, name)
            .map_or(true, |o| o.metadata().uid != uid)
    };
    let done = advance(ctx, timeout, &mut |ctx: &mut Ctx| {
        pending.iter().all(|(k, n, u)| gone(ctx, *k, n, u))
    });
    if !done {
        for (k, n, u) in &pending {
            if !gone(ctx, *k, n, u) {
                ctx.fail(format!(
                    "error: timed out waiting for the condition on {}/{n}",
                    k.plural()
                ));
            }
        }
    }
}
