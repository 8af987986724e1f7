//! `kubectl replace -f -`: a full PUT of each manifest (no merge with the
//! live object; status is kept by the API server).

use super::super::flags::{parse_flags, val};
use super::super::manifest::{decode, parse_manifests};
use super::super::Ctx;
use super::slash_name;
use crate::api::ApiError;
use crate::script::api_err;

/// `kubectl replace -f -` with a here-document.
pub fn replace(ctx: &mut Ctx, args: &[String], stdin: Option<&str>) {
    let p = match parse_flags("replace", args, &[val("filename", Some('f'))]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    match p.get("filename") {
        Some("-") => {}
        Some(f) => return ctx.fail(format!("error: the path \"{f}\" does not exist")),
        None => return ctx.fail("error: must specify --filename to replace"),
    }
    let manifests = match parse_manifests(stdin.unwrap_or(""), "STDIN") {
        Ok(m) => m,
        Err(e) => {
            return ctx
                .fail(e.replace("no objects passed to apply", "no objects passed to replace"))
        }
    };
    for m in manifests {
        let name = m.name().to_string();
        if let Err(e) = ctx.engine.get(m.kind, &name) {
            let text = match e {
                ApiError::NotFound { .. } => api_err(&e).replacen(
                    "Error from server (NotFound): ",
                    "Error from server (NotFound): error when replacing \"STDIN\": ",
                    1,
                ),
                other => api_err(&other),
            };
            ctx.fail(text);
            continue;
        }
        let obj = match decode(m.kind, &m.json, "replacing", "STDIN") {
            Ok(o) => o,
            Err(e) => {
                ctx.fail(e);
                continue;
            }
        };
        match ctx.engine.update(obj) {
            Ok(_) => ctx.out(format!("{} replaced", slash_name(m.kind, &name))),
            Err(e) => ctx.fail(api_err(&e)),
        }
    }
}
