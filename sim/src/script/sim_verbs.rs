//! Simulator verbs (scripts-and-traces.md §3): things a real cluster does
//! to you, triggered on purpose.
//!
//! The spec leaves their output open; each prints one short confirmation
//! line (`pod/web-0 readiness probe fails`, `node/node-3 NotReady`,
//! `image IMAGE: crash`, `persistentvolumeclaim/www-web-1 held`), except
//! `sim settle` and `sim seed`, which print nothing unless they fail.
//! Errors about missing objects use the API server's wording.

use super::duration::{go_duration_string, parse_go_duration};
use super::time::{advance, DEFAULT_CAP};
use super::Ctx;
use crate::api::Kind;
use crate::engine::ImageBehaviour;
use crate::script::api_err;

/// The verbs, for suggestions and completion.
pub const VERBS: &[&str] = &[
    "crash",
    "evict",
    "image",
    "load",
    "node",
    "pvc",
    "readiness",
    "seed",
    "settle",
];

const USAGE: &str = "usage: sim readiness pod/NAME fail|pass | sim crash pod/NAME | sim evict pod/NAME | sim node NODE down|up | sim image IMAGE ok|pull-error|never-ready|crash | sim pvc NAME hold|release | sim load sts/NAME PERCENT | sim settle [--timeout=DURATION] | sim seed N";

fn pod_arg(a: Option<&String>) -> Option<String> {
    let a = a?;
    Some(
        a.strip_prefix("pod/")
            .or(a.strip_prefix("pods/"))
            .or(a.strip_prefix("po/"))
            .unwrap_or(a)
            .to_string(),
    )
}

/// Runs `sim VERB …`.
pub fn run(ctx: &mut Ctx, args: &[String]) {
    let verb = args.first().map(String::as_str).unwrap_or("");
    let a = args.get(1..).unwrap_or_default();
    let bad = |ctx: &mut Ctx, form: &str| ctx.fail(format!("sim: usage: {form}"));
    match verb {
        "readiness" => {
            let (Some(pod), Some(mode)) = (pod_arg(a.first()), a.get(1)) else {
                return bad(ctx, "sim readiness pod/NAME fail|pass");
            };
            let pass = match mode.as_str() {
                "pass" => true,
                "fail" => false,
                _ => return bad(ctx, "sim readiness pod/NAME fail|pass"),
            };
            match ctx.engine.set_readiness(&pod, pass) {
                Ok(()) => ctx.out(format!(
                    "pod/{pod} readiness probe {}",
                    if pass { "passes" } else { "fails" }
                )),
                Err(e) => ctx.fail(api_err(&e)),
            }
        }
        "crash" | "evict" => {
            let Some(pod) = pod_arg(a.first()) else {
                return bad(ctx, &format!("sim {verb} pod/NAME"));
            };
            let r = if verb == "crash" {
                ctx.engine.crash(&pod)
            } else {
                ctx.engine.evict(&pod)
            };
            match r {
                Ok(()) => ctx.out(format!(
                    "pod/{pod} {}",
                    if verb == "crash" {
                        "container crashed"
                    } else {
                        "evicted"
                    }
                )),
                Err(e) => ctx.fail(api_err(&e)),
            }
        }
        "node" => {
            let (Some(node), Some(mode)) = (a.first(), a.get(1)) else {
                return bad(ctx, "sim node NODE down|up");
            };
            let node = node.strip_prefix("node/").unwrap_or(node).to_string();
            let up = match mode.as_str() {
                "up" => true,
                "down" => false,
                _ => return bad(ctx, "sim node NODE down|up"),
            };
            match ctx.engine.set_node_ready(&node, up) {
                Ok(()) => ctx.out(format!(
                    "node/{node} {}",
                    if up { "Ready" } else { "NotReady" }
                )),
                Err(e) => ctx.fail(api_err(&e)),
            }
        }
        "image" => {
            let (Some(image), Some(mode)) = (a.first(), a.get(1)) else {
                return bad(ctx, "sim image IMAGE ok|pull-error|never-ready|crash");
            };
            let b = match mode.as_str() {
                "ok" => ImageBehaviour::Ok,
                "pull-error" => ImageBehaviour::PullError,
                "never-ready" => ImageBehaviour::NeverReady,
                "crash" => ImageBehaviour::Crash,
                _ => return bad(ctx, "sim image IMAGE ok|pull-error|never-ready|crash"),
            };
            ctx.engine.set_image_behaviour(image, b);
            ctx.out(format!("image {image}: {mode}"));
        }
        "pvc" => {
            let (Some(pvc), Some(mode)) = (a.first(), a.get(1)) else {
                return bad(ctx, "sim pvc NAME hold|release");
            };
            let pvc = pvc.strip_prefix("pvc/").unwrap_or(pvc).to_string();
            let hold = match mode.as_str() {
                "hold" => true,
                "release" => false,
                _ => return bad(ctx, "sim pvc NAME hold|release"),
            };
            match ctx.engine.hold_pvc(&pvc, hold) {
                Ok(()) => ctx.out(format!(
                    "persistentvolumeclaim/{pvc} {}",
                    if hold { "held" } else { "released" }
                )),
                Err(e) => ctx.fail(api_err(&e)),
            }
        }
        "load" => {
            // The HPA load model (control/hpa.rs): total cpu demand on the
            // set, in percent of one pod's request, spread over its ready pods.
            const FORM: &str = "sim load sts/NAME PERCENT";
            let (Some(target), Some(pct), None) = (a.first(), a.get(1), a.get(2)) else {
                return bad(ctx, FORM);
            };
            let Some((t, name)) = target.split_once('/') else {
                return bad(ctx, FORM);
            };
            let kind = match super::resource::resolve_kind(t) {
                Some(k @ (Kind::StatefulSet | Kind::Deployment)) if !name.is_empty() => k,
                _ => return bad(ctx, FORM),
            };
            let Ok(percent) = pct.strip_suffix('%').unwrap_or(pct).parse::<u32>() else {
                return bad(ctx, FORM);
            };
            match ctx.engine.set_load(kind, name, percent) {
                Ok(()) => ctx.out(format!("{}/{name} load {percent}%", kind.qualified())),
                Err(e) => ctx.fail(api_err(&e)),
            }
        }
        "settle" => {
            let mut timeout = DEFAULT_CAP;
            for x in a {
                match x.strip_prefix("--timeout=").map(parse_go_duration) {
                    Some(Some(t)) => timeout = t,
                    _ => return bad(ctx, "sim settle [--timeout=DURATION]"),
                }
            }
            let quiet = advance(ctx, timeout, &mut |ctx: &mut Ctx| ctx.engine.is_quiet());
            if !quiet && ctx.wait {
                ctx.fail(format!("error: the cluster did not become quiet within {} (work is still pending, e.g. a crash loop or a long grace period)", go_duration_string(timeout)));
            }
        }
        "seed" => match a.first().and_then(|s| s.parse::<u64>().ok()) {
            Some(n) if a.len() == 1 => ctx.engine.reseed(n),
            _ => bad(ctx, "sim seed N"),
        },
        "" => ctx.fail(format!("sim: missing verb\n{USAGE}")),
        other => ctx.fail(format!("sim: unknown verb \"{other}\"\n{USAGE}")),
    }
}

/// What `stsplay export` writes for a `sim` line: the manual equivalent on
/// a real cluster, as a comment.
pub fn manual_equivalent(words: &[String]) -> String {
    let verb = words.get(1).map(String::as_str).unwrap_or("");
    let arg = words.get(2).cloned().unwrap_or_default();
    let pod = arg.strip_prefix("pod/").unwrap_or(&arg).to_string();
    let mode = words.get(3).map(String::as_str).unwrap_or("");
    match (verb, mode) {
        ("readiness", "fail") => format!("make the readiness probe fail, e.g. kubectl exec {pod} -- rm /usr/share/nginx/html/index.html"),
        ("readiness", _) => format!("make the readiness probe pass again, e.g. kubectl exec {pod} -- sh -c 'echo ok > /usr/share/nginx/html/index.html'"),
        ("crash", _) => format!("make the container exit, e.g. kubectl exec {pod} -- kill 1"),
        ("evict", _) => format!("evict the pod, e.g. kubectl debug node/<its node> or create an Eviction for {pod} under node pressure"),
        ("node", "down") => format!("stop the kubelet on {arg} (e.g. ssh {arg} sudo systemctl stop kubelet) or power the machine off"),
        ("node", _) => format!("start the kubelet on {arg} again (e.g. ssh {arg} sudo systemctl start kubelet)"),
        ("image", "pull-error") => format!("use an image reference that cannot be pulled instead of {arg}"),
        ("image", "never-ready") => format!("use a build of {arg} whose readiness probe never passes"),
        ("image", "crash") => format!("use a build of {arg} that exits at start-up"),
        ("image", _) => format!("use a working build of {arg}"),
        ("pvc", "hold") => format!("add a finalizer to the claim: kubectl patch pvc {arg} -p '{{\"metadata\":{{\"finalizers\":[\"example.com/hold\"]}}}}'"),
        ("pvc", _) => format!("remove that finalizer: kubectl patch pvc {arg} --type=json -p '[{{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}}]'"),
        ("load", _) => format!("generate cpu load on {arg}, e.g. kubectl run load --image=busybox -- sh -c 'while true; do wget -q -O- http://<service>; done' (the HPA reads it through metrics-server)"),
        ("settle", _) => "wait until nothing changes any more, e.g. kubectl rollout status sts/<name> or kubectl get pods -w".into(),
        ("seed", _) => "nothing to do: a real cluster's timing is not reproducible".into(),
        _ => "no real-cluster equivalent".into(),
    }
}
