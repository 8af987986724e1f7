//! `kubectl exec POD -- CMD…` (a tiny in-pod shell: `hostname`, `cat`,
//! `ls`, `echo`, `sh -c 'echo TEXT > FILE'`, `nslookup`) and
//! `kubectl run NAME --rm -i --image=busybox --restart=Never -- nslookup HOST`.

use super::super::flags::{flag, parse_flags, val};
use super::super::Ctx;
use crate::api::{Kind, Object, Pod};
use crate::script::api_err;

/// `kubectl exec`.
pub fn exec(ctx: &mut Ctx, args: &[String]) {
    let specs = [
        flag("stdin", Some('i')),
        flag("tty", Some('t')),
        val("container", Some('c')),
    ];
    let p = match parse_flags("exec", args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(target) = p.args.first() else {
        return ctx.fail("error: pod, type/name or --filename must be specified");
    };
    // kubectl: a command without `--` is a usage error (UsageErrorf adds
    // the help hint); `--` with nothing after it is "must specify".
    if p.after_dash.is_none() && p.args.len() > 1 {
        return ctx.fail("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
    }
    let Some(cmd) = p.after_dash.clone().filter(|c| !c.is_empty()) else {
        return ctx.fail("error: you must specify at least one command for the container");
    };
    let name = target
        .strip_prefix("pod/")
        .or(target.strip_prefix("pods/"))
        .unwrap_or(target)
        .to_string();
    let pod = match ctx.engine.get(Kind::Pod, &name) {
        Ok(Object::Pod(p)) => p,
        Ok(_) => return,
        Err(e) => return ctx.fail(api_err(&e)),
    };
    if pod.is_failed_or_succeeded() {
        let phase = pod.status.phase.clone().unwrap_or_default();
        return ctx.fail(format!(
            "error: cannot exec into a container in a completed pod; current phase is {phase}"
        ));
    }
    let container = pod
        .spec
        .containers
        .first()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let running = pod
        .status
        .container_statuses
        .iter()
        .any(|c| c.state.running.is_some());
    if pod.status.phase.as_deref() != Some("Running") || !running {
        return ctx.fail(format!(
            "error: unable to upgrade connection: container not found (\"{container}\")"
        ));
    }
    let code = shell(ctx, &pod, &cmd);
    if code != 0 {
        ctx.fail(format!("command terminated with exit code {code}"));
    }
}

/// Runs one in-pod command; returns its exit code.
fn shell(ctx: &mut Ctx, pod: &Pod, cmd: &[String]) -> i32 {
    let name = pod.metadata.name.clone();
    let hostname = pod.spec.hostname.clone().unwrap_or_else(|| name.clone());
    let prog = cmd.first().map(String::as_str).unwrap_or("");
    let args = cmd.get(1..).unwrap_or_default();
    match prog {
        "hostname" => {
            ctx.out(&hostname);
            0
        }
        "echo" => {
            ctx.out(args.join(" "));
            0
        }
        "cat" => {
            let mut code = 0;
            for f in args {
                match ctx.engine.exec_read(&name, f) {
                    Ok(text) => {
                        let t = text.strip_suffix('\n').unwrap_or(&text).to_string();
                        ctx.out(t);
                    }
                    Err(e) => {
                        ctx.warn(e);
                        code = 1;
                    }
                }
            }
            code
        }
        "ls" => {
            let dir = args
                .iter()
                .find(|a| !a.starts_with('-'))
                .map(String::as_str)
                .unwrap_or("/");
            match ctx.engine.exec_ls(&name, dir) {
                Ok(entries) => {
                    for e in entries {
                        ctx.out(e);
                    }
                    0
                }
                Err(e) => {
                    ctx.warn(e);
                    1
                }
            }
        }
        "nslookup" => nslookup(ctx, args.first().map(String::as_str).unwrap_or("")),
        "sh" | "bash" | "/bin/sh" | "/bin/bash" => {
            let Some(script) = args
                .iter()
                .position(|a| a == "-c")
                .and_then(|i| args.get(i + 1))
            else {
                ctx.warn("the playground shell runs one command: sh -c 'echo TEXT > FILE'");
                return 1;
            };
            let script = script
                .replace("$(hostname)", &hostname)
                .replace("`hostname`", &hostname)
                .replace("$HOSTNAME", &hostname);
            let Some(words) = shlex::split(&script) else {
                ctx.warn("sh: syntax error: unterminated quoted string");
                return 2;
            };
            // `echo TEXT > FILE` / `>> FILE`, possibly with the operator glued.
            let mut text_words = Vec::new();
            let mut redirect: Option<(bool, String)> = None;
            let mut it = words.iter().peekable();
            while let Some(w) = it.next() {
                let (append, rest) = if let Some(r) = w.strip_prefix(">>") {
                    (true, Some(r))
                } else if let Some(r) = w.strip_prefix('>') {
                    (false, Some(r))
                } else {
                    (false, None)
                };
                match rest {
                    Some(r) if !r.is_empty() => redirect = Some((append, r.to_string())),
                    Some(_) => redirect = it.next().map(|f| (append, f.clone())),
                    None => text_words.push(w.clone()),
                }
            }
            match redirect {
                Some((append, file)) => {
                    if text_words.first().map(String::as_str) != Some("echo") {
                        ctx.warn(
                            "the playground shell only redirects echo: sh -c 'echo TEXT > FILE'",
                        );
                        return 1;
                    }
                    // The engine appends the newline echo writes.
                    let text = text_words.get(1..).unwrap_or_default().join(" ");
                    match ctx.engine.exec_write(&name, &file, &text, append) {
                        Ok(()) => 0,
                        Err(e) => {
                            ctx.warn(e);
                            1
                        }
                    }
                }
                None => shell(ctx, pod, &text_words),
            }
        }
        other => {
            ctx.warn(format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown"));
            126
        }
    }
}

/// busybox-style nslookup against the simulated cluster DNS.
fn nslookup(ctx: &mut Ctx, host: &str) -> i32 {
    ctx.out("Server:    10.96.0.10");
    ctx.out("Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local");
    ctx.out("");
    match ctx.engine.dns_lookup(host) {
        Some(records) if !records.is_empty() => {
            ctx.out(format!("Name:      {host}"));
            for (i, r) in records.iter().enumerate() {
                // busybox prints the reverse (PTR) name: the pod's own record.
                let ptr = if r.pod.is_empty() || r.fqdn.starts_with(&format!("{}.", r.pod)) {
                    r.fqdn.clone()
                } else {
                    format!("{}.{}", r.pod, r.fqdn)
                };
                ctx.out(format!("Address {}: {} {ptr}", i + 1, r.ip));
            }
            0
        }
        _ => {
            // busybox printf()s this line: stdout, like the rest of the answer.
            ctx.out(format!("** server can't find {host}: NXDOMAIN"));
            1
        }
    }
}

/// `kubectl run NAME --rm -i --image=busybox --restart=Never -- nslookup HOST`:
/// a one-shot DNS lookup from inside the cluster (no pod is modelled).
pub fn run(ctx: &mut Ctx, args: &[String]) {
    let specs = [
        val("image", None),
        flag("rm", None),
        flag("stdin", Some('i')),
        flag("tty", Some('t')),
        val("restart", None),
        flag("attach", None),
        val("command", None),
    ];
    let p = match parse_flags("run", args, &specs) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some(name) = p.args.first().cloned() else {
        return ctx
            .fail("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
    };
    if p.get("image").is_none() {
        return ctx.fail("error: required flag(s) \"image\" not set");
    }
    let cmd = p.after_dash.clone().unwrap_or_default();
    let is_lookup = cmd.first().map(String::as_str) == Some("nslookup");
    if !(p.on("rm") && p.on("stdin") && is_lookup) {
        return ctx.fail("error: the playground runs one-shot lookups only: kubectl run NAME --rm -i --image=busybox --restart=Never -- nslookup HOST");
    }
    if ctx.engine.get(Kind::Pod, &name).is_ok() {
        return ctx.fail(format!(
            "Error from server (AlreadyExists): pods \"{name}\" already exists"
        ));
    }
    let code = nslookup(ctx, cmd.get(1).map(String::as_str).unwrap_or(""));
    ctx.out(format!("pod \"{name}\" deleted"));
    if code != 0 {
        ctx.fail(format!("pod default/{name} terminated (Error)"));
    }
}
