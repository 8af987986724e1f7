//! Data-driven scenario tests: every `tests/scenarios/NAME.sh` is run as a
//! script (seed 1) and its transcript — each command after `$ `, then what
//! it printed, then `# exit status: N` — is compared with `NAME.out`.
//!
//! After an intended change, re-bless the expected transcripts with
//!
//! ```text
//! BLESS=1 cargo test -p sim --test scenarios
//! ```
//!
//! and read the diff before committing: a `.out` file is a claim about what
//! a real cluster would show.

use sim::script::{transcript, Session};
use sim::Config;
use std::path::{Path, PathBuf};

fn run_one(path: &Path) -> String {
    let src = std::fs::read_to_string(path).unwrap_or_default();
    let mut s = Session::new(Config::default());
    let status = match s.run_script(&src) {
        Ok(o) if o.ok() => 0,
        Ok(_) => 1,
        Err(e) => return format!("parse error: {e}\n# exit status: 2\n"),
    };
    format!(
        "{}# exit status: {status}\n",
        transcript(s.engine.records())
    )
}

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sh"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn scenario_transcripts_match() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let all = scenarios();
    assert!(
        all.len() >= 10,
        "expected the scenario files, found {}",
        all.len()
    );
    for sh in all {
        let got = run_one(&sh);
        let out = sh.with_extension("out");
        if bless {
            std::fs::write(&out, &got).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
            continue;
        }
        let want = std::fs::read_to_string(&out).unwrap_or_default();
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            failures.push(format!(
                "{}: transcript differs from {} at line {}:\n  got:  {:?}\n  want: {:?}",
                sh.display(),
                out.display(),
                first + 1,
                got.lines().nth(first),
                want.lines().nth(first)
            ));
        }
    }
    assert!(failures.is_empty(), "{}\n(re-bless with BLESS=1 cargo test -p sim --test scenarios after checking the new output)", failures.join("\n"));
}

#[test]
fn the_tutorial_runs_start_to_finish() {
    let sh = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/statefulset-basics.sh");
    let got = run_one(&sh);
    assert!(got.ends_with("# exit status: 0\n"), "{got}");
}
