//! `kubectl get` (tables, `-o wide|name|json|yaml|jsonpath=…`, `-l`,
//! `-w`) and `kubectl describe`.

use super::super::flags::{flag, parse_flags, val};
use super::super::output::{jsonpath, table, yaml};
use super::super::resource::parse_targets;
use super::super::Ctx;
use super::{parse_selector, select, slash_name};
use crate::api::{Kind, LabelSelector, Object};
use crate::script::api_err;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Format {
    Table(table::TableOpts),
    Name,
    Json,
    Yaml,
    JsonPath(String),
    /// `-o custom-columns=HEADER:.path,…` as (header, template) pairs.
    CustomColumns(Vec<(String, String)>),
}

fn parse_format(
    o: Option<&str>,
    show_labels: bool,
    label_columns: Option<&str>,
) -> Result<Format, String> {
    let label_columns = label_columns
        .map(|l| {
            l.split(',')
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let base = table::TableOpts {
        wide: false,
        show_labels,
        label_columns,
    };
    Ok(match o {
        None | Some("") => Format::Table(base),
        Some("wide") => Format::Table(table::TableOpts { wide: true, ..base }),
        Some("name") => Format::Name,
        Some("json") => Format::Json,
        Some("yaml") => Format::Yaml,
        Some(s) if s.starts_with("jsonpath=") || s.starts_with("jsonpath-as-json=") => {
            Format::JsonPath(s.split_once('=').map(|x| x.1).unwrap_or("").to_string())
        }
        Some(s) if s.starts_with("custom-columns=") => {
            let spec = s.trim_start_matches("custom-columns=");
            let mut cols = Vec::new();
            for c in spec.split(',') {
                let Some((h, path)) = c.split_once(':').filter(|(h, p)| !h.is_empty() && !p.is_empty()) else {
                    return Err(format!("error: expected <header>:<json-path-expr> for spec, got {c:?}"));
                };
                let t = if path.starts_with('{') { path.to_string() } else { format!("{{{path}}}") };
                jsonpath::render(&t, &Value::Null)?;
                cols.push((h.to_string(), t));
            }
            Format::CustomColumns(cols)
        }
        Some("jsonpath") => return Err("error: template format specified but no template given".into()),
        Some(other) => return Err(format!("error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")),
    })
}

/// `kubectl get`.
pub fn get(ctx: &mut Ctx, args: &[String]) {
    let specs = [
        val("output", Some('o')),
        val("selector", Some('l')),
        val("field-selector", None),
        val("sort-by", None),
        val("label-columns", Some('L')),
        flag("watch", Some('w')),
        flag("watch-only", None),
        flag("show-labels", None),
        flag("no-headers", None),
        flag("ignore-not-found", None),
        flag("all-namespaces", Some('A')),
    ];
    let p = match parse_flags("get", args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    if p.on("all-namespaces") {
        return ctx
            .fail("error: the playground cluster has only the \"default\" namespace; drop -A");
    }
    let format = match parse_format(p.get("output"), p.on("show-labels"), p.get("label-columns")) {
        Ok(f) => f,
        Err(e) => return ctx.fail(e),
    };
    if p.args.is_empty() {
        return ctx.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    }
    let selector = match p.get("selector").map(parse_selector).transpose() {
        Ok(s) => s,
        Err(e) => return ctx.fail(e),
    };
    if let [types] = p.args.as_slice() {
        if types == "all" || types.contains(',') {
            return get_several(
                ctx,
                types,
                selector.as_ref(),
                &format,
                p.on("no-headers"),
                p.on("watch"),
            );
        }
    }
    let targets = match parse_targets(&p.args) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    if selector.is_some() && !targets.named.is_empty() {
        return ctx.fail("error: name cannot be provided when a selector is specified");
    }
    let watch = p.on("watch") || p.on("watch-only");
    let kind = targets
        .kind
        .or(targets.named.first().map(|n| n.0))
        .unwrap_or(Kind::Pod);
    let mut missing = Vec::new();
    let mut objs = current(
        ctx,
        &targets.named,
        targets.kind,
        selector.as_ref(),
        (!p.on("ignore-not-found")).then_some(&mut missing),
    );
    if let Some(fs) = p.get("field-selector") {
        match parse_field_selector(fs) {
            Ok(reqs) => objs.retain(|o| field_matches(o, &reqs)),
            Err(e) => return ctx.fail(e),
        }
    }
    if let Some(key) = p.get("sort-by") {
        if let Err(e) = sort_by(&mut objs, key) {
            return ctx.fail(e);
        }
    }
    let single = targets.named.len() == 1;
    if !p.on("watch-only") {
        // kubectl says so only with a human-readable printer (table or
        // wide); -o name/json/yaml/jsonpath/custom-columns print the empty
        // list as that format does (kubectl get.go printGeneric).
        if objs.is_empty()
            && targets.named.is_empty()
            && !watch
            && matches!(format, Format::Table(_))
        {
            ctx.warn(if kind.namespaced() {
                "No resources found in default namespace."
            } else {
                "No resources found"
            });
        }
        print(ctx, &objs, &format, p.on("no-headers"), single);
    }
    // kubectl reports missing names after printing what it found.
    for e in missing {
        ctx.fail(e);
    }
    if watch {
        super::watch::watch_rows(
            ctx,
            &targets.named,
            targets.kind,
            selector.as_ref(),
            &format,
            kind,
            objs.is_empty() || p.on("watch-only"),
        );
    }
}

/// The objects `get` shows now; errors for missing names go to `missing`.
pub(super) fn current(
    ctx: &mut Ctx,
    named: &[(Kind, String)],
    kind: Option<Kind>,
    sel: Option<&LabelSelector>,
    mut missing: Option<&mut Vec<String>>,
) -> Vec<Object> {
    if named.is_empty() {
        let mut objs = kind.map(|k| select(ctx, k, sel)).unwrap_or_default();
        // The API server lists every kind in key (name) order. Events are
        // kept in the order they were recorded, and an event's name is its
        // object's name and a growing suffix: sorted by name, `kubectl get
        // events` groups them by object, as on a real cluster (`kubectl
        // events` sorts by time itself).
        if kind == Some(Kind::Event) {
            objs.sort_by(|a, b| a.name().cmp(b.name()));
        }
        return objs;
    }
    let mut out = Vec::new();
    for (k, n) in named {
        match ctx.engine.get(*k, n) {
            Ok(o) => out.push(o),
            Err(e) => {
                if let Some(m) = missing.as_deref_mut() {
                    m.push(api_err(&e));
                }
            }
        }
    }
    out
}

/// `--field-selector a.b=x,c!=y` as (path template, value, equal).
fn parse_field_selector(fs: &str) -> Result<Vec<(String, String, bool)>, String> {
    fs.split(',')
        .map(|part| {
            let (k, v, eq) = if let Some((k, v)) = part.split_once("!=") {
                (k, v, false)
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                (k, v, true)
            } else {
                return Err(format!(
                    "error: invalid selector: '{fs}'; can't understand '{part}'"
                ));
            };
            Ok((format!("{{.{}}}", k.trim()), v.trim().to_string(), eq))
        })
        .collect()
}

fn field_matches(o: &Object, reqs: &[(String, String, bool)]) -> bool {
    let j = o.to_json();
    reqs.iter().all(|(t, v, eq)| {
        let got = jsonpath::render(t, &j).unwrap_or_default();
        (got == *v) == *eq
    })
}

/// `--sort-by=.metadata.creationTimestamp` (numbers compare as numbers).
fn sort_by(objs: &mut [Object], key: &str) -> Result<(), String> {
    let t = if key.starts_with('{') {
        key.to_string()
    } else {
        format!("{{{key}}}")
    };
    jsonpath::render(&t, &Value::Null)?;
    let mut keyed: Vec<(String, Object)> = objs
        .iter()
        .map(|o| {
            (
                jsonpath::render(&t, &o.to_json()).unwrap_or_default(),
                o.clone(),
            )
        })
        .collect();
    keyed.sort_by(
        |(a, _), (b, _)| match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => a.cmp(b),
        },
    );
    for (slot, (_, o)) in objs.iter_mut().zip(keyed) {
        *slot = o;
    }
    Ok(())
}

/// `kubectl get TYPE1,TYPE2` and `kubectl get all` (pods, services,
/// deployments, replica sets, stateful sets): one table per type, names
/// prefixed with the type.
fn get_several(
    ctx: &mut Ctx,
    types: &str,
    sel: Option<&LabelSelector>,
    format: &Format,
    no_headers: bool,
    watch: bool,
) {
    if watch {
        return ctx.fail("error: kubectl get -w with several types is not supported in the playground; watch one type");
    }
    let kinds: Vec<Kind> = if types == "all" {
        vec![
            Kind::Pod,
            Kind::Service,
            Kind::Deployment,
            Kind::ReplicaSet,
            Kind::StatefulSet,
            Kind::HorizontalPodAutoscaler,
        ]
    } else {
        let mut v = Vec::new();
        for t in types.split(',') {
            match super::super::resource::resolve_kind(t) {
                Some(k) => v.push(k),
                None => return ctx.fail(super::super::resource::unknown_type(t)),
            }
        }
        v
    };
    let objs: Vec<Object> = kinds.iter().flat_map(|k| select(ctx, *k, sel)).collect();
    if objs.is_empty() && matches!(format, Format::Table(_)) {
        return ctx.warn("No resources found in default namespace.");
    }
    print_prefixed(ctx, &objs, format, no_headers, false, true);
}

fn print(ctx: &mut Ctx, objs: &[Object], format: &Format, no_headers: bool, single: bool) {
    print_prefixed(ctx, objs, format, no_headers, single, false);
}

fn print_prefixed(
    ctx: &mut Ctx,
    objs: &[Object],
    format: &Format,
    no_headers: bool,
    single: bool,
    prefix: bool,
) {
    let now = ctx.engine.now();
    match format {
        Format::Table(o) => {
            if objs.is_empty() {
                return;
            }
            // Mixed kinds (TYPE/NAME forms) print one table per kind.
            let mut by_kind: Vec<(Kind, Vec<Object>)> = Vec::new();
            for obj in objs {
                match by_kind.iter_mut().find(|(k, _)| *k == obj.kind()) {
                    Some((_, v)) => v.push(obj.clone()),
                    None => by_kind.push((obj.kind(), vec![obj.clone()])),
                }
            }
            let multi = prefix || by_kind.len() > 1;
            for (i, (k, list)) in by_kind.iter().enumerate() {
                if i > 0 {
                    ctx.out("");
                }
                let mut rows = Vec::new();
                if !no_headers {
                    rows.push(table::header(*k, o));
                }
                for obj in list {
                    let mut r = table::row(obj, now, o);
                    // kubectl prefixes names with the type when several kinds print.
                    if let Some(first) = r.first_mut().filter(|_| multi) {
                        *first = slash_name(*k, first);
                    }
                    rows.push(r);
                }
                let mut widths = Vec::new();
                for l in table::align(&rows, &mut widths) {
                    ctx.out(l);
                }
            }
        }
        Format::Name => {
            for o in objs {
                ctx.out(slash_name(o.kind(), o.name()));
            }
        }
        Format::CustomColumns(cols) => {
            let mut rows = Vec::new();
            if !no_headers {
                rows.push(cols.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>());
            }
            for o in objs {
                let j = o.to_json();
                rows.push(
                    cols.iter()
                        .map(|(_, t)| match jsonpath::render(t, &j) {
                            Ok(v) if !v.is_empty() => v,
                            _ => "<none>".to_string(),
                        })
                        .collect(),
                );
            }
            let mut widths = Vec::new();
            for l in table::align(&rows, &mut widths) {
                ctx.out(l);
            }
        }
        Format::Json | Format::Yaml | Format::JsonPath(_) => {
            let v = if single {
                match objs.first() {
                    Some(o) => o.to_json(),
                    None => return,
                }
            } else {
                yaml::list(objs.iter().map(Object::to_json).collect())
            };
            match format {
                Format::Json => yaml::to_json(&v).into_iter().for_each(|l| ctx.out(l)),
                Format::Yaml => yaml::to_yaml(&v).into_iter().for_each(|l| ctx.out(l)),
                Format::JsonPath(t) => match jsonpath::render(t, &v) {
                    Ok(s) => {
                        // kubectl adds no newline; an empty result prints nothing.
                        let s = s.strip_suffix('\n').unwrap_or(&s);
                        if !s.is_empty() {
                            ctx.out(s);
                        }
                    }
                    Err(e) => ctx.fail(e),
                },
                _ => {}
            }
        }
    }
}
