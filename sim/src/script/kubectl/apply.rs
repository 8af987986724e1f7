//! `kubectl apply -f -` and `kubectl create -f -` (client-side apply with
//! the `last-applied-configuration` annotation, like kubectl's default).

use super::super::flags::{flag, parse_flags, val};
use super::super::manifest::{decode, parse_manifests, Manifest};
use super::super::patch::{strategic_merge, three_way_patch};
use super::super::Ctx;
use super::slash_name;
use crate::api::ApiError;
use crate::script::api_err;
use serde_json::Value;

const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Runs apply (`create_only == false`) or create.
pub fn apply(ctx: &mut Ctx, args: &[String], stdin: Option<&str>, create_only: bool) {
    let verb = if create_only { "create" } else { "apply" };
    let specs = [
        val("filename", Some('f')),
        val("validate", None),
        flag("save-config", None),
    ];
    let p = match parse_flags(verb, args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    if let Some(extra) = p.args.first() {
        if create_only {
            return ctx.fail(format!("error: creating {extra} from arguments is not supported in the playground; use kubectl create -f - with a here-document"));
        }
        return ctx.fail(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl apply -h' for help and examples",
            p.args.join(" ")
        ));
    }
    let Some(file) = p.get("filename") else {
        return ctx.fail(if create_only {
            "error: must specify one of -f and -k\n\nerror: unknown command \"\"\nSee 'kubectl create -h' for help and examples"
        } else {
            "error: must specify one of -f and -k"
        });
    };
    if file != "-" {
        return ctx.fail(format!("error: the path \"{file}\" does not exist"));
    }
    let src = stdin.unwrap_or("");
    let manifests = match parse_manifests(src, "STDIN") {
        Ok(m) => m,
        Err(e) => return ctx.fail(e),
    };
    for m in manifests {
        if let Err(e) = apply_one(ctx, &m, create_only) {
            ctx.fail(e);
        }
    }
}

fn apply_one(ctx: &mut Ctx, m: &Manifest, create_only: bool) -> Result<(), String> {
    let name = m.name().to_string();
    let kind = m.kind;
    if name.is_empty() {
        return Err(format!(
            "error: error when retrieving current configuration of:\nResource: \"{}, Resource={}\", GroupVersionKind: \"{}, Kind={}\"\nName: \"\", Namespace: \"default\"\nfrom server for: \"STDIN\": resource name may not be empty",
            kind.api_version(),
            kind.plural(),
            kind.api_version(),
            kind.as_str()
        ));
    }
    let mut manifest = m.json.clone();
    if !create_only {
        // The annotation holds the manifest itself (without the annotation).
        let recorded = format!(
            "{}\n",
            serde_json::to_string(&super::super::output::yaml::sorted(&manifest))
                .unwrap_or_default()
        );
        if let Some(meta) = manifest.get_mut("metadata").and_then(Value::as_object_mut) {
            let ann = meta
                .entry("annotations")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(a) = ann.as_object_mut() {
                a.insert(LAST_APPLIED.into(), Value::String(recorded));
            }
        }
    }
    match ctx.engine.get(kind, &name) {
        Err(ApiError::NotFound { .. }) => {
            let obj = decode(kind, &manifest, "creating", "STDIN")?;
            ctx.engine
                .create(obj)
                .map_err(|e| creating_error(e, kind))?;
            ctx.out(format!("{} created", slash_name(kind, &name)));
            Ok(())
        }
        Err(e) => Err(api_err(&e)),
        Ok(live) => {
            if create_only {
                return Err(format!(
                    "Error from server (AlreadyExists): error when creating \"STDIN\": {}{} \"{name}\" already exists",
                    kind.plural(),
                    if kind.api_version() == "apps/v1" { ".apps" } else { "" }
                ));
            }
            decode(kind, &manifest, "patching", "STDIN")?;
            let live_json = live.to_json();
            if !live.metadata().annotations.contains_key(LAST_APPLIED) {
                ctx.warn(format!(
                    "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
                    kind.plural()
                ));
            }
            let last: Value = live
                .metadata()
                .annotations
                .get(LAST_APPLIED)
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or(Value::Object(Default::default()));
            let patch = three_way_patch(&last, &manifest);
            let merged = strategic_merge(&live_json, &patch);
            if merged == live_json {
                ctx.out(format!("{} unchanged", slash_name(kind, &name)));
                return Ok(());
            }
            let obj = decode(kind, &merged, "patching", "STDIN")?;
            ctx.engine.update(obj).map_err(|e| api_err(&e))?;
            ctx.out(format!("{} configured", slash_name(kind, &name)));
            Ok(())
        }
    }
}

fn creating_error(e: ApiError, kind: crate::api::Kind) -> String {
    match e {
        ApiError::AlreadyExists { name, .. } => format!(
            "Error from server (AlreadyExists): error when creating \"STDIN\": {}{} \"{name}\" already exists",
            kind.plural(),
            if kind.api_version() == "apps/v1" { ".apps" } else { "" }
        ),
        ApiError::BadRequest(m) => format!("Error from server (BadRequest): error when creating \"STDIN\": {m}"),
        ApiError::Forbidden(m) => format!("Error from server (Forbidden): error when creating \"STDIN\": {m}"),
        other => other.to_string(),
    }
}
