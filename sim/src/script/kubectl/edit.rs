//! Verbs that edit an object: `scale`, `patch`, `set image`, `label`,
//! `annotate`.

use super::super::flags::{flag, parse_flags, val};
use super::super::patch::{json_patch, merge_patch, strategic_merge};
use super::super::resource::parse_targets;
use super::super::Ctx;
use super::{slash_name, update_json};
use crate::api::Kind;
use serde_json::Value;

fn one_target(ctx: &mut Ctx, verb: &str, args: &[String]) -> Option<(Kind, String)> {
    match parse_targets(args) {
        Ok(t) => match t.named.as_slice() {
            [one] => Some(one.clone()),
            [] => {
                ctx.fail(format!("error: resource(s) were provided, but no name was specified\nSee 'kubectl {verb} -h' for help and examples"));
                None
            }
            _ => {
                ctx.fail(format!("error: only one object can be changed at a time by kubectl {verb} in the playground"));
                None
            }
        },
        Err(e) => {
            ctx.fail(e);
            None
        }
    }
}

/// `kubectl scale sts web --replicas=N`.
pub fn scale(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags(
        "scale",
        args,
        &[
            val("replicas", None),
            val("current-replicas", None),
            val("timeout", None),
        ],
    ) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(r) = p.get("replicas") else {
        return ctx.fail("error: required flag(s) \"replicas\" not set");
    };
    let Ok(replicas) = r.parse::<i32>() else {
        return ctx.fail(super::super::flags::invalid_flag_value(
            "scale",
            "replicas",
            r,
            &super::super::flags::parse_int_error(r),
        ));
    };
    if replicas < 0 {
        return ctx.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    let Some((kind, name)) = one_target(ctx, "scale", &p.args) else {
        return;
    };
    if !matches!(
        kind,
        Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet
    ) {
        return ctx.fail(format!(
            "error: no scaler has been implemented for {{\"{}\" \"{}\"}}",
            kind.api_version()
                .split_once('/')
                .map_or("", |(group, _)| group),
            kind.as_str()
        ));
    }
    if let Some(cur) = p.get("current-replicas") {
        let actual = ctx
            .engine
            .get(kind, &name)
            .ok()
            .map(|o| o.to_json())
            .and_then(|j| j.pointer("/spec/replicas").and_then(Value::as_i64));
        if actual.map(|a| a.to_string()).as_deref() != Some(cur) {
            return ctx.fail(format!(
                "error: Expected replicas to be {cur}, was {}",
                actual.unwrap_or(1)
            ));
        }
    }
    let res = update_json(ctx, kind, &name, |v| {
        let mut v = v.clone();
        if let Some(spec) = v.get_mut("spec").and_then(Value::as_object_mut) {
            spec.insert("replicas".into(), Value::from(replicas));
        }
        Ok(v)
    });
    match res {
        Ok(_) => ctx.out(format!("{} scaled", slash_name(kind, &name))),
        Err(e) => ctx.fail(e),
    }
}

/// `kubectl patch TYPE NAME -p PATCH [--type=strategic|merge|json]`.
pub fn patch(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags(
        "patch",
        args,
        &[
            val("patch", Some('p')),
            val("type", None),
            flag("local", None),
        ],
    ) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(text) = p.get("patch") else {
        return ctx.fail(
            "error: must specify --patch or --patch-file containing the contents of the patch",
        );
    };
    let ptype = p.get("type").unwrap_or("strategic").to_string();
    if !matches!(ptype.as_str(), "strategic" | "merge" | "json") {
        return ctx.fail(format!(
            "error: --type must be one of [json merge strategic], not \"{ptype}\""
        ));
    }
    // kubectl accepts YAML as well as JSON for -p.
    let patch: Value = match serde_json::from_str(text)
        .or_else(|_| serde_yaml_ng::from_str::<Value>(text).map_err(|e| e.to_string()))
    {
        Ok(v) if v.is_object() || v.is_array() => v,
        Ok(_) | Err(_) => {
            return ctx.fail(format!(
                "error: unable to parse \"{text}\": yaml: did not find expected node content"
            ))
        }
    };
    let Some((kind, name)) = one_target(ctx, "patch", &p.args) else {
        return;
    };
    if ptype == "json" && !patch.is_array() {
        return ctx.fail("Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    if ptype != "json" && !patch.is_object() {
        return ctx.fail("Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}");
    }
    let res = update_json(ctx, kind, &name, |v| match ptype.as_str() {
        "json" => json_patch(v, &patch)
            .map_err(|e| format!("Error from server (UnprocessableEntity): {e}")),
        "merge" => Ok(merge_patch(v, &patch)),
        _ => Ok(strategic_merge(v, &patch)),
    });
    match res {
        Ok(true) => ctx.out(format!("{} patched", slash_name(kind, &name))),
        Ok(false) => ctx.out(format!("{} patched (no change)", slash_name(kind, &name))),
        Err(e) => ctx.fail(e),
    }
}

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE…`.
pub fn set(ctx: &mut Ctx, args: &[String]) {
    match args.first().map(String::as_str) {
        Some("image") => {}
        Some(other) => {
            return ctx.fail(format!(
                "error: unknown command \"{other}\" for \"kubectl set\""
            ))
        }
        None => {
            return ctx.fail(
                "error: kubectl set needs a subcommand, e.g. kubectl set image sts/web nginx=IMAGE",
            )
        }
    }
    let p = match parse_flags("set image", args.get(1..).unwrap_or_default(), &[]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let (objs, pairs): (Vec<String>, Vec<String>) =
        p.args.iter().cloned().partition(|a| !a.contains('='));
    if pairs.is_empty() {
        return ctx.fail("error: at least one image update is required");
    }
    let Some((kind, name)) = one_target(ctx, "set image", &objs) else {
        return;
    };
    let res = update_json(ctx, kind, &name, |v| {
        let mut v = v.clone();
        for pair in &pairs {
            let (cname, image) = pair.split_once('=').unwrap_or((pair, ""));
            let mut found = false;
            for list in ["containers", "initContainers"] {
                if let Some(cs) = v
                    .pointer_mut(&format!("/spec/template/spec/{list}"))
                    .and_then(Value::as_array_mut)
                {
                    for c in cs.iter_mut() {
                        if cname == "*" || c.get("name").and_then(Value::as_str) == Some(cname) {
                            if let Some(o) = c.as_object_mut() {
                                o.insert("image".into(), Value::from(image));
                            }
                            found = true;
                        }
                    }
                }
            }
            if !found {
                return Err(format!("error: unable to find container named \"{cname}\""));
            }
        }
        Ok(v)
    });
    match res {
        Ok(true) => ctx.out(format!("{} image updated", slash_name(kind, &name))),
        Ok(false) => {}
        Err(e) => ctx.fail(e),
    }
}

/// `kubectl label|annotate TYPE NAME k=v k-` (`--overwrite`).
pub fn label(ctx: &mut Ctx, args: &[String], annotate: bool) {
    let verb = if annotate { "annotate" } else { "label" };
    let p = match parse_flags(verb, args, &[flag("overwrite", None)]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let (objs, pairs): (Vec<String>, Vec<String>) = p
        .args
        .iter()
        .cloned()
        .partition(|a| !a.contains('=') && !a.ends_with('-'));
    let Some((kind, name)) = one_target(ctx, verb, &objs) else {
        return;
    };
    let field = if annotate { "annotations" } else { "labels" };
    let overwrite = p.on("overwrite");
    let res = update_json(ctx, kind, &name, |v| {
        let mut v = v.clone();
        let meta = v
            .get_mut("metadata")
            .and_then(Value::as_object_mut)
            .ok_or("error: object has no metadata")?;
        let map = meta
            .entry(field)
            .or_insert_with(|| Value::Object(Default::default()));
        let map = map.as_object_mut().ok_or("error: invalid metadata")?;
        for pair in &pairs {
            if let Some(k) = pair.strip_suffix('-') {
                map.shift_remove(k);
            } else if let Some((k, val)) = pair.split_once('=') {
                if !overwrite && map.get(k).is_some_and(|old| old.as_str() != Some(val)) {
                    return Err(format!(
                        "error: '{k}' already has a value ({}), and --overwrite is false",
                        map.get(k).and_then(Value::as_str).unwrap_or("")
                    ));
                }
                map.insert(k.to_string(), Value::from(val));
            }
        }
        Ok(v)
    });
    let past = if annotate { "annotated" } else { "labeled" };
    match res {
        Ok(true) => ctx.out(format!("{} {past}", slash_name(kind, &name))),
        Ok(false) => ctx.out(format!("{} not {past}", slash_name(kind, &name))),
        Err(e) => ctx.fail(e),
    }
}
