//! `kubectl wait --for=condition=Ready|--for=delete TYPE/NAME [--timeout=D]`.

use super::super::duration::parse_go_duration;
use super::super::flags::{flag, parse_flags, val};
use super::super::resource::parse_targets;
use super::super::time::advance;
use super::super::Ctx;
use super::{parse_selector, select, slash_name};
use crate::api::{Kind, Object};

/// What `--for` waits for.
enum For {
    Delete,
    /// `--for=create`: the object exists.
    Create,
    /// `condition=Ready` (status `True`) or `condition=Ready=False`.
    Condition(String, String),
    /// `jsonpath={.status.readyReplicas}=3`, or without `=value`: present.
    JsonPath(String, Option<String>),
}

fn met(o: &Object, f: &For) -> bool {
    let j = o.to_json();
    match f {
        For::Delete => false,
        For::Create => true,
        For::Condition(cond, want) => j
            .pointer("/status/conditions")
            .and_then(|c| c.as_array())
            .is_some_and(|cs| {
                cs.iter().any(|c| {
                    c.get("type")
                        .and_then(|t| t.as_str())
                        .is_some_and(|t| t.eq_ignore_ascii_case(cond))
                        && c.get("status")
                            .and_then(|s| s.as_str())
                            .is_some_and(|s| s.eq_ignore_ascii_case(want))
                })
            }),
        For::JsonPath(t, want) => match super::super::output::jsonpath::render(t, &j) {
            Ok(got) => match want {
                Some(w) => &got == w,
                None => !got.is_empty(),
            },
            Err(_) => false,
        },
    }
}

fn parse_for(f: &str) -> Result<For, String> {
    if f == "delete" {
        return Ok(For::Delete);
    }
    if f == "create" {
        return Ok(For::Create);
    }
    if let Some(c) = f.strip_prefix("condition=") {
        let (name, want) = c.split_once('=').unwrap_or((c, "True"));
        return Ok(For::Condition(name.to_string(), want.to_string()));
    }
    if let Some(j) = f.strip_prefix("jsonpath=") {
        // The template ends at the last `}`; `=value` may follow.
        let end = j.rfind('}').map_or(j.len(), |i| i + 1);
        let (t, rest) = j.split_at(end);
        let t = if t.starts_with('{') {
            t.to_string()
        } else {
            format!("{{{t}}}")
        };
        let want = rest.strip_prefix('=').map(str::to_string);
        if super::super::output::jsonpath::render(&t, &serde_json::Value::Null).is_err() {
            return Err(format!("error: unrecognized condition: \"{f}\""));
        }
        return Ok(For::JsonPath(t, want));
    }
    Err(format!("error: unrecognized condition: \"{f}\""))
}

/// `kubectl wait`.
pub fn wait(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags(
        "wait",
        args,
        &[
            val("for", None),
            val("timeout", None),
            val("selector", Some('l')),
            flag("all", None),
        ],
    ) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(for_) = p.get("for").map(str::to_string) else {
        return ctx.fail("error: --for must be specified");
    };
    let cond = match parse_for(&for_) {
        Ok(For::Delete) => None,
        Ok(f) => Some(f),
        Err(e) => return ctx.fail(e),
    };
    let timeout = match p.get("timeout").map(parse_go_duration) {
        None => 30_000,
        Some(Some(t)) => t,
        Some(None) => {
            return ctx.fail(super::super::flags::invalid_duration_flag(
                "wait",
                "timeout",
                p.get("timeout").unwrap_or(""),
            ))
        }
    };
    let targets = match parse_targets(&p.args) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let selector = match p.get("selector").map(parse_selector).transpose() {
        Ok(s) => s,
        Err(e) => return ctx.fail(e),
    };
    let mut names: Vec<(Kind, String)> = targets.named.clone();
    if names.is_empty() {
        let Some(kind) = targets.kind else {
            return ctx.fail("error: resource(s) were provided, but no name was specified");
        };
        names = select(ctx, kind, selector.as_ref())
            .into_iter()
            .map(|o| (kind, o.name().to_string()))
            .collect();
        if names.is_empty() {
            return ctx.fail("error: no matching resources found");
        }
    }
    for (kind, name) in names {
        // The cluster's immediate reactions first (a StatefulSet pod that
        // was just deleted is already back under the same name).
        ctx.engine.flush();
        let uid = match ctx.engine.get(kind, &name) {
            Ok(o) => Some(o.metadata().uid.clone()),
            // kubectl ignores NotFound for `--for=delete`: already gone.
            Err(_) if cond.is_none() => continue,
            // `--for=create` waits for the object to appear.
            Err(_) if matches!(cond, Some(For::Create)) => None,
            // Any other condition on a missing object fails at once, as
            // kubectl's GET does: `Error from server (NotFound): …`.
            Err(e) => {
                ctx.fail(e.to_string());
                continue;
            }
        };
        let mut seen = uid.is_some();
        let met = advance(ctx, timeout, &mut |ctx: &mut Ctx| match (
            &cond,
            ctx.engine.get(kind, &name),
        ) {
            (None, Ok(o)) => Some(&o.metadata().uid) != uid.as_ref(),
            (None, Err(_)) => true,
            (Some(c), Ok(o)) => {
                seen = true;
                met(&o, c)
            }
            (Some(_), Err(_)) => false,
        });
        if !met && !seen {
            ctx.fail(
                crate::api::ApiError::NotFound {
                    kind,
                    name: name.clone(),
                }
                .to_string(),
            );
            continue;
        }
        if met {
            ctx.out(format!("{} condition met", slash_name(kind, &name)));
        } else if ctx.wait {
            ctx.fail(format!(
                "error: timed out waiting for the condition on {}/{name}",
                kind.plural()
            ));
        } else {
            ctx.fail(format!(
                "error: condition not met yet on {}/{name} (the console does not wait: let time run and try again)",
                kind.plural()
            ));
        }
    }
}
