//! `stsbench` — how fast the engine runs the StatefulSet controller.
//!
//! Prints a table of median wall-clock times (native; run it with
//! `cargo run --profile native-bench -p sim --bin stsbench [-- --runs N] [-- --quick]`;
//! `--only K --n N` runs case K (1–3) alone at size N, e.g. for profiling):
//! OrderedReady 0→n until quiet, Parallel 0→n until quiet, and a rolling
//! update of n replicas, each at n and 2n, with the cost ratio t(2n)/t(n).
//! Linear growth gives ≈2, n·log n a little more; ≈4 would be quadratic.
//! Targets: Parallel 0→10,000 under 1 s in release; ratios no worse than
//! n·log n. The two sizes are timed alternately, and the last column prints
//! the ratio n·log n allows (2·log n / log(n/2)).

use sim::api::*;
use sim::{Config, Engine};
use std::collections::BTreeMap;
use std::time::Instant;

/// A faster allocator for the native runner (see sim/Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Virtual-time budget for one scenario to become quiet.
const TIMEOUT_MS: Millis = 100 * 24 * 3600 * 1000;

fn manifest(replicas: i32, parallel: bool) -> StatefulSet {
    let labels: BTreeMap<String, String> = [("app".to_string(), "bench".to_string())].into();
    let mut s = StatefulSet::default();
    s.metadata.name = "web".into();
    s.spec.replicas = Some(replicas);
    s.spec.service_name = "nginx".into();
    s.spec.selector = Some(LabelSelector {
        match_labels: labels.clone(),
        ..Default::default()
    });
    s.spec.template.metadata.labels = labels;
    s.spec.template.spec.containers = vec![Container {
        name: "nginx".into(),
        image: "nginx:1".into(),
        ..Default::default()
    }];
    if parallel {
        s.spec.pod_management_policy = Some("Parallel".into());
    }
    let mut claim = PersistentVolumeClaim::default();
    claim.metadata.name = "www".into();
    claim.spec.access_modes = vec!["ReadWriteOnce".into()];
    claim
        .spec
        .resources
        .requests
        .insert("storage".into(), "1Gi".into());
    s.spec.volume_claim_templates = vec![claim];
    s
}

fn engine_with(replicas: i32, parallel: bool) -> Result<Engine, String> {
    let config = Config {
        nodes: 10,
        ..Config::default()
    };
    let mut e = Engine::new(config);
    e.create(Object::StatefulSet(manifest(replicas, parallel)))
        .map_err(|err| err.to_string())?;
    Ok(e)
}

fn settle(e: &mut Engine, what: &str) -> Result<(), String> {
    e.settle(TIMEOUT_MS)
        .map_err(|()| format!("{what}: not quiet within the virtual timeout"))
}

fn ready(e: &Engine) -> i32 {
    e.store()
        .statefulsets
        .get("web")
        .map_or(0, |s| s.status.ready_replicas)
}

/// Scale 0→n until quiet; returns seconds.
fn scale_up(n: i32, parallel: bool) -> Result<f64, String> {
    let mut e = engine_with(n, parallel)?;
    let t0 = Instant::now();
    settle(&mut e, "scale-up")?;
    let dt = t0.elapsed().as_secs_f64();
    if ready(&e) != n {
        return Err(format!("scale-up to {n}: only {} ready", ready(&e)));
    }
    Ok(dt)
}

/// Rolling update (maxUnavailable 1, one pod at a time) of n ready
/// replicas set up with Parallel; returns seconds of the update alone.
fn rolling_update(n: i32) -> Result<f64, String> {
    let mut e = engine_with(n, true)?;
    settle(&mut e, "setup")?;
    let Some(mut s) = e.store().statefulsets.get("web").cloned() else {
        return Err("set vanished".into());
    };
    if let Some(c) = s.spec.template.spec.containers.first_mut() {
        c.image = "nginx:2".into();
    }
    e.update(Object::StatefulSet(s))
        .map_err(|err| err.to_string())?;
    let t0 = Instant::now();
    settle(&mut e, "rolling update")?;
    let dt = t0.elapsed().as_secs_f64();
    let done = e.store().statefulsets.get("web").is_some_and(|s| {
        s.status.updated_replicas == n && s.status.current_revision == s.status.update_revision
    });
    if !done {
        return Err(format!("rolling update of {n} did not complete"));
    }
    Ok(dt)
}

/// Medians of `runs` timings of `f(half)` and of `f(n)`, taken alternately
/// (half, n, half, n, …) so that a drift in the machine's speed (a shared VM)
/// weighs on both sizes alike instead of skewing their ratio.
fn medians(
    f: &dyn Fn(i32) -> Result<f64, String>,
    half: i32,
    n: i32,
    runs: usize,
) -> Result<(f64, f64), String> {
    let (mut small, mut big) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        small.push(f(half)?);
        big.push(f(n)?);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    Ok((median(&mut small), median(&mut big)))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(3usize)
        .max(1);
    let quick = args.iter().any(|a| a == "--quick");
    // `--only K` runs case K (1-based) alone; `--n N` overrides its n.
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<i32>().ok())
    };
    let only = flag("--only");
    let n_override = flag("--n").filter(|&n| n > 1);
    let scale = if quick { 10 } else { 1 };
    type Bench = Box<dyn Fn(i32) -> Result<f64, String>>;
    let cases: Vec<(&str, i32, Bench)> = vec![
        (
            "OrderedReady 0→n until quiet",
            1_000 / scale,
            Box::new(|n| scale_up(n, false)),
        ),
        (
            "Parallel 0→n until quiet",
            10_000 / scale,
            Box::new(|n| scale_up(n, true)),
        ),
        (
            "rolling update of n replicas",
            1_000 / scale,
            Box::new(rolling_update),
        ),
    ];
    println!("median of {runs} run(s), wall-clock seconds");
    println!(
        "{:<32} {:>7} {:>10} {:>10} {:>12} {:>13}",
        "scenario", "n", "t(n/2)", "t(n)", "t(n)/t(n/2)", "n·log n bound"
    );
    let mut failed = false;
    for (k, (label, n, f)) in cases.iter().enumerate() {
        if only.is_some_and(|o| o != k as i32 + 1) {
            continue;
        }
        let n = n_override.unwrap_or(*n);
        let half = n / 2;
        match medians(f.as_ref(), half, n, runs) {
            Ok((a, b)) => {
                // n·log n allows t(n)/t(n/2) = 2·log(n)/log(n/2).
                let bound = 2.0 * f64::from(n).ln() / f64::from(half).ln();
                println!(
                    "{label:<32} {n:>7} {a:>10.3} {b:>10.3} {:>12.2} {bound:>13.2}",
                    b / a.max(1e-9)
                );
            }
            Err(e) => {
                failed = true;
                println!("{label:<32} {n:>7} failed: {e}");
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
