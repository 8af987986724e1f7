//! `kubectl autoscale TYPE NAME --min=N --max=M --cpu-percent=P` (upstream
//! `staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go`): creates an
//! `autoscaling/v2` HorizontalPodAutoscaler for a StatefulSet or
//! Deployment and prints `horizontalpodautoscaler.autoscaling/NAME
//! autoscaled`.

use super::super::flags::{parse_flags, val};
use super::super::resource::parse_targets;
use super::super::Ctx;
use super::slash_name;
use crate::api::autoscaling::{
    cpu_metric, CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec,
};
use crate::api::{Kind, Object, ObjectMeta};
use crate::script::api_err;

fn int_flag(p: &super::super::flags::Parsed, name: &str) -> Result<Option<i64>, String> {
    match p.get(name) {
        None => Ok(None),
        Some(v) => v.parse::<i64>().map(Some).map_err(|_| {
            super::super::flags::invalid_flag_value(
                "autoscale",
                name,
                v,
                &super::super::flags::parse_int_error(v),
            )
        }),
    }
}

/// `kubectl autoscale`.
pub fn autoscale(ctx: &mut Ctx, args: &[String]) {
    let p = match parse_flags(
        "autoscale",
        args,
        &[
            val("min", None),
            val("max", None),
            val("cpu-percent", None),
            val("cpu", None),
            val("name", None),
        ],
    ) {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let (min, max, mut cpu) = match (
        int_flag(&p, "min"),
        int_flag(&p, "max"),
        int_flag(&p, "cpu-percent"),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a.unwrap_or(-1), b.unwrap_or(-1), c.unwrap_or(-1)),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return ctx.fail(e),
    };
    // Newer kubectl also takes `--cpu=50%` (a utilization target).
    if let Some(c) = p.get("cpu") {
        match c.strip_suffix('%').and_then(|n| n.parse::<i64>().ok()) {
            Some(n) => cpu = n,
            None => {
                return ctx.fail(format!(
                    "error: invalid argument \"{c}\" for \"--cpu\" flag: the playground takes a utilization such as --cpu=50%"
                ))
            }
        }
    }
    let targets = match parse_targets(&p.args) {
        Ok(t) => t,
        Err(e) => return ctx.fail(e),
    };
    let (kind, target) = match targets.named.as_slice() {
        [one] => one.clone(),
        [] => {
            return ctx.fail("error: required resource not specified\nSee 'kubectl autoscale -h' for help and examples")
        }
        _ => {
            return ctx.fail(
                "error: only one object can be autoscaled at a time by kubectl autoscale in the playground",
            )
        }
    };
    // Validate(): the flags first.
    if max < 1 {
        return ctx.fail(format!(
            "error: --max=MAXPODS is required and must be at least 1, max: {max}"
        ));
    }
    if max < min {
        return ctx.fail(format!(
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {max}, min: {min}"
        ));
    }
    // polymorphichelpers.CanBeAutoscaled.
    if !matches!(
        kind,
        Kind::StatefulSet | Kind::Deployment | Kind::ReplicaSet
    ) {
        return ctx.fail(format!("error: cannot autoscale a {}", kind.as_str()));
    }
    if let Err(e) = ctx.engine.get(kind, &target) {
        return ctx.fail(api_err(&e));
    }
    let clamp = |v: i64| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    let name = p.get("name").unwrap_or(&target).to_string();
    let hpa = HorizontalPodAutoscaler {
        api_version: "autoscaling/v2".into(),
        kind: "HorizontalPodAutoscaler".into(),
        metadata: ObjectMeta {
            name: name.clone(),
            ..Default::default()
        },
        spec: HorizontalPodAutoscalerSpec {
            scale_target_ref: CrossVersionObjectReference {
                api_version: kind.api_version().into(),
                kind: kind.as_str().into(),
                name: target,
            },
            // `if o.Min > 0`: unset otherwise (the server defaults 1).
            min_replicas: (min > 0).then(|| clamp(min)),
            max_replicas: clamp(max),
            // `if o.CPUPercent >= 0`: unset otherwise (the server defaults 80 %).
            metrics: if cpu >= 0 {
                vec![cpu_metric(clamp(cpu))]
            } else {
                Vec::new()
            },
            behavior: None,
        },
        status: Default::default(),
    };
    match ctx.engine.create(Object::HorizontalPodAutoscaler(hpa)) {
        Ok(_) => ctx.out(format!(
            "{} autoscaled",
            slash_name(Kind::HorizontalPodAutoscaler, &name)
        )),
        Err(e) => ctx.fail(api_err(&e)),
    }
}
