//! `kubectl rollout status|history|undo|restart` for StatefulSets (and the
//! status of Deployments), with kubectl's status-viewer messages.

use super::super::duration::parse_go_duration;
use super::super::flags::{
    flag, invalid_duration_flag, invalid_flag_value, parse_flags, parse_int_error, val,
};
use super::super::output::table::align_with;
use super::super::patch::strategic_merge;
use super::super::resource::parse_targets;
use super::super::time::{advance, DEFAULT_CAP};
use super::super::Ctx;
use super::{slash_name, update_json};
use crate::api::{ControllerRevision, Kind, Object, StatefulSet, Time};
use crate::script::api_err;
use serde_json::Value;

/// Dispatches `kubectl rollout SUB …`.
pub fn rollout(ctx: &mut Ctx, args: &[String]) {
    let sub = args.first().map(String::as_str).unwrap_or("");
    let rest = args.get(1..).unwrap_or_default();
    match sub {
        "status" => status(ctx, rest),
        "history" => history(ctx, rest),
        "undo" => undo(ctx, rest),
        "restart" => restart(ctx, rest),
        "pause" | "resume" => {
            let name = parse_targets(rest)
                .ok()
                .and_then(|t| t.named.first().cloned());
            let what = name
                .map(|(k, n)| format!("{} \"{n}\"", k.resource()))
                .unwrap_or_default();
            let verb = if sub == "pause" {
                "pausing"
            } else {
                "resuming"
            };
            ctx.fail(format!("error: {what} {verb} is not supported"));
        }
        "" => {
            ctx.fail("error: kubectl rollout needs a subcommand: status, history, undo or restart")
        }
        other => ctx.fail(format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\""
        )),
    }
}

fn target(ctx: &mut Ctx, verb: &str, args: &[String]) -> Option<(Kind, String)> {
    match parse_targets(args) {
        Ok(t) => match t.named.first() {
            Some((k, n)) if matches!(k, Kind::StatefulSet | Kind::Deployment) => {
                Some((*k, n.clone()))
            }
            Some((k, _)) => {
                ctx.fail(format!(
                    "error: no {verb} has been implemented for {{\"{}\" \"{}\"}}",
                    if k.api_version() == "v1" { "" } else { "apps" },
                    k.as_str()
                ));
                None
            }
            None => {
                ctx.fail(format!("error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help and examples"));
                None
            }
        },
        Err(e) => {
            ctx.fail(e);
            None
        }
    }
}

/// kubectl's `StatefulSetStatusViewer.Status`: (message, done) or an error.
pub fn sts_status(s: &StatefulSet) -> Result<(String, bool), String> {
    if s.is_on_delete()
        || s.spec
            .update_strategy
            .as_ref()
            .and_then(|u| u.type_.as_deref())
            .is_some_and(|t| t != "RollingUpdate")
    {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".into(),
        );
    }
    if s.status.observed_generation == 0 || s.metadata.generation > s.status.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...".into(),
            false,
        ));
    }
    let replicas = s.replicas();
    if s.status.ready_replicas < replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...",
                replicas - s.status.ready_replicas
            ),
            false,
        ));
    }
    if let Some(partition) = s
        .spec
        .update_strategy
        .as_ref()
        .and_then(|u| u.rolling_update.as_ref())
        .and_then(|r| r.partition)
    {
        if s.status.updated_replicas < replicas - partition {
            return Ok((
                format!("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...", s.status.updated_replicas, replicas - partition),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...",
                s.status.updated_replicas
            ),
            true,
        ));
    }
    if s.status.update_revision != s.status.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...",
                s.status.updated_replicas, s.status.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...",
            s.status.current_replicas, s.status.current_revision
        ),
        true,
    ))
}

fn object_status(o: &Object) -> Result<(String, bool), String> {
    match o {
        Object::StatefulSet(s) => sts_status(s),
        Object::Deployment(d) => {
            let n = &d.metadata.name;
            if d.metadata.generation > d.status.observed_generation {
                return Ok((
                    "Waiting for deployment spec update to be observed...".into(),
                    false,
                ));
            }
            let want = d.spec.replicas.unwrap_or(1);
            let st = &d.status;
            if st.updated_replicas < want {
                return Ok((format!("Waiting for deployment \"{n}\" rollout to finish: {} out of {want} new replicas have been updated...", st.updated_replicas), false));
            }
            if st.replicas > st.updated_replicas {
                return Ok((format!("Waiting for deployment \"{n}\" rollout to finish: {} old replicas are pending termination...", st.replicas - st.updated_replicas), false));
            }
            if st.available_replicas < st.updated_replicas {
                return Ok((format!("Waiting for deployment \"{n}\" rollout to finish: {} of {} updated replicas are available...", st.available_replicas, st.updated_replicas), false));
            }
            Ok((format!("deployment \"{n}\" successfully rolled out"), true))
        }
        _ => Err("error: unsupported kind".into()),
    }
}

fn status(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags(
        "rollout status",
        args,
        &[
            val("timeout", None),
            flag("watch", Some('w')),
            val("revision", None),
        ],
    ) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let timeout = match p.get("timeout").map(parse_go_duration) {
        None | Some(Some(0)) => DEFAULT_CAP,
        Some(Some(t)) => t,
        Some(None) => {
            return ctx.fail(invalid_duration_flag(
                "rollout status",
                "timeout",
                p.get("timeout").unwrap_or(""),
            ))
        }
    };
    let Some((kind, name)) = target(ctx, "status", &p.args) else {
        return;
    };
    // `--watch=false`: report the current state once (like the UI mode).
    let saved_wait = ctx.wait;
    if p.get("watch") == Some("false") {
        ctx.wait = false;
    }
    let mut last: Option<Value> = None;
    let mut error: Option<String> = None;
    let done = advance(ctx, timeout, &mut |ctx: &mut Ctx| {
        let obj = match ctx.engine.get(kind, &name) {
            Ok(o) => o,
            Err(e) => {
                error = Some(api_err(&e));
                return true;
            }
        };
        let json = obj.to_json();
        if last.as_ref() == Some(&json) {
            return false;
        }
        last = Some(json);
        match object_status(&obj) {
            Ok((msg, done)) => {
                ctx.out(msg);
                done
            }
            Err(e) => {
                error = Some(e);
                true
            }
        }
    });
    let waited = ctx.wait;
    ctx.wait = saved_wait;
    if let Some(e) = error {
        return ctx.fail(e);
    }
    if !done && waited {
        ctx.fail("error: timed out waiting for the condition");
    }
}

/// The set's ControllerRevisions, oldest first.
fn revisions(ctx: &Ctx, set: &str) -> Vec<ControllerRevision> {
    let mut revs: Vec<ControllerRevision> = ctx
        .engine
        .store()
        .revisions
        .values()
        .filter(|r| {
            r.metadata
                .controller_ref()
                .is_some_and(|o| o.kind == "StatefulSet" && o.name == set)
        })
        .cloned()
        .collect();
    revs.sort_by_key(|r| r.revision);
    revs
}

fn history(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags("rollout history", args, &[val("revision", None)]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some((kind, name)) = target(ctx, "history viewer", &p.args) else {
        return;
    };
    if kind != Kind::StatefulSet {
        return ctx.fail("error: rollout history of Deployments is not modelled in the playground");
    }
    if let Err(e) = ctx.engine.get(kind, &name) {
        return ctx.fail(api_err(&e));
    }
    let revs = revisions(ctx, &name);
    if let Some(r) = p.get("revision") {
        let Some(rev) = r
            .parse::<i64>()
            .ok()
            .and_then(|n| revs.iter().find(|x| x.revision == n))
        else {
            return ctx.fail("error: unable to find the specified revision");
        };
        ctx.out(format!(
            "{} with revision #{}",
            slash_name(kind, &name),
            rev.revision
        ));
        // kubectl's printTemplate: DescribePodTemplate without a tabwriter.
        let tmpl = crate::control::statefulset::revision::template_of(rev).unwrap_or_default();
        for l in crate::script::output::describe::pod_template(&tmpl, true) {
            ctx.out(l);
        }
        ctx.out("");
        return;
    }
    if revs.is_empty() {
        return ctx.out(format!(
            "No rollout history found for statefulset \"{name}\""
        ));
    }
    ctx.out(format!("{} ", slash_name(kind, &name)));
    let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".into()]];
    for r in &revs {
        let cause = r
            .metadata
            .annotations
            .get("kubernetes.io/change-cause")
            .cloned()
            .unwrap_or_else(|| "<none>".into());
        rows.push(vec![r.revision.to_string(), cause]);
    }
    for l in align_with(&rows, 2, 0) {
        ctx.out(l);
    }
    ctx.out("");
}

fn undo(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags("rollout undo", args, &[val("to-revision", None)]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    // An int64 flag: a value that does not parse is pflag's error; a
    // negative one parses and is kubectl's "unable to find" (checked below).
    let to: i64 = match p.get("to-revision").map(|v| (v, v.parse::<i64>())) {
        None => 0,
        Some((_, Ok(n))) => n,
        Some((v, Err(_))) => {
            return ctx.fail(invalid_flag_value(
                "rollout undo",
                "to-revision",
                v,
                &parse_int_error(v),
            ))
        }
    };
    let Some((kind, name)) = target(ctx, "rollbacker", &p.args) else {
        return;
    };
    if kind != Kind::StatefulSet {
        return ctx.fail("error: rollout undo of Deployments is not modelled in the playground");
    }
    if let Err(e) = ctx.engine.get(kind, &name) {
        return ctx.fail(api_err(&e));
    }
    if to < 0 {
        return ctx.fail(format!(
            "error: unable to find specified revision {to} in history"
        ));
    }
    let revs = revisions(ctx, &name);
    if to == 0 && revs.len() <= 1 {
        return ctx.fail("error: no last revision to roll back to");
    }
    let target_rev = if to == 0 {
        revs.len().checked_sub(2).and_then(|i| revs.get(i))
    } else {
        revs.iter().find(|r| r.revision == to)
    };
    let Some(rev) = target_rev.cloned() else {
        return ctx.fail(format!(
            "error: unable to find specified revision {to} in history"
        ));
    };
    let res = update_json(ctx, kind, &name, |v| Ok(strategic_merge(v, &rev.data)));
    match res {
        Ok(true) => ctx.out(format!("{} rolled back", slash_name(kind, &name))),
        Ok(false) => ctx.out(format!(
            "{} skipped rollback (current template already matches revision {})",
            slash_name(kind, &name),
            rev.revision
        )),
        Err(e) => ctx.fail(e),
    }
}

fn restart(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags("rollout restart", args, &[]) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let Some((kind, name)) = target(ctx, "restarter", &p.args) else {
        return;
    };
    let stamp = Time(ctx.engine.now()).to_rfc3339();
    let res = update_json(ctx, kind, &name, |v| {
        let patch = serde_json::json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": stamp}}}}});
        Ok(strategic_merge(v, &patch))
    });
    match res {
        Ok(_) => ctx.out(format!("{} restarted", slash_name(kind, &name))),
        Err(e) => ctx.fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{RollingUpdateStatefulSetStrategy, StatefulSetUpdateStrategy};

    fn set(replicas: i32, ready: i32, updated: i32, partition: Option<i32>) -> StatefulSet {
        let mut s = StatefulSet::default();
        s.metadata.generation = 2;
        s.spec.replicas = Some(replicas);
        s.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: partition.map(|p| RollingUpdateStatefulSetStrategy {
                partition: Some(p),
                max_unavailable: None,
            }),
        });
        s.status.observed_generation = 2;
        s.status.ready_replicas = ready;
        s.status.updated_replicas = updated;
        s.status.current_replicas = replicas;
        s.status.current_revision = "web-1".into();
        s.status.update_revision = "web-2".into();
        s
    }

    #[test]
    fn status_viewer_messages() {
        assert_eq!(
            sts_status(&set(3, 2, 0, Some(0))),
            Ok(("Waiting for 1 pods to be ready...".into(), false))
        );
        assert_eq!(
            sts_status(&set(3, 3, 1, Some(2))),
            Ok((
                "partitioned roll out complete: 1 new pods have been updated...".into(),
                true
            ))
        );
        assert_eq!(
            sts_status(&set(3, 3, 1, Some(0))),
            Ok(("Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...".into(), false))
        );
        assert_eq!(
            sts_status(&set(3, 3, 2, None)),
            Ok((
                "waiting for statefulset rolling update to complete 2 pods at revision web-2..."
                    .into(),
                false
            ))
        );
        let mut s = set(3, 3, 3, None);
        s.status.current_revision = "web-2".into();
        assert_eq!(
            sts_status(&s),
            Ok((
                "statefulset rolling update complete 3 pods at revision web-2...".into(),
                true
            ))
        );
        s.status.observed_generation = 1;
        assert_eq!(sts_status(&s).map(|x| x.1), Ok(false));
    }
}
