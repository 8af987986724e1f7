//! `stsplay` — the native runner for playground scripts
//! (scripts-and-traces.md §5).
//!
//! ```text
//! stsplay run FILE|- [--output jsonl] [--until-quiet] [--seed N]
//! stsplay export FILE|-
//! ```
//!
//! `run` prints a transcript like a terminal session (each command after
//! `$ `, continuation lines after `> `, then its output), or with
//! `--output jsonl` the machine-readable trace (§6). Exit status: 0 when
//! every command succeeded, 1 when at least one failed, 2 when the script
//! cannot be parsed or the invocation is wrong.

use sim::script::{export_script, parse_script, transcript, Session};
use sim::Config;
use std::io::{Read, Write};
use std::process::ExitCode;

/// A faster allocator for the native runner (see sim/Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long `--until-quiet` waits (virtual time), like `sim settle`.
const UNTIL_QUIET_TIMEOUT: sim::Millis = 600_000;

const USAGE: &str = "usage: stsplay run FILE|- [--output jsonl] [--until-quiet] [--seed N]\n       stsplay export FILE|-";

fn read_source(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("stsplay: cannot read stdin: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("stsplay: cannot read {path}: {e}"))
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let mut file = None;
    let mut jsonl = false;
    let mut until_quiet = false;
    let mut seed = 1u64;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        match a.as_str() {
            "--output" | "-o" => {
                let v = args.get(i).ok_or(USAGE)?;
                i += 1;
                if v != "jsonl" {
                    return Err(format!("stsplay: unknown output format {v:?} (only jsonl)"));
                }
                jsonl = true;
            }
            "--output=jsonl" => jsonl = true,
            "--until-quiet" => until_quiet = true,
            "--seed" => {
                seed = args
                    .get(i)
                    .and_then(|s| s.parse().ok())
                    .ok_or("stsplay: --seed needs a number")?;
                i += 1;
            }
            s if s.starts_with("--seed=") => {
                seed = s
                    .trim_start_matches("--seed=")
                    .parse()
                    .map_err(|_| "stsplay: --seed needs a number")?
            }
            s if s.starts_with('-') && s != "-" => {
                return Err(format!("stsplay: unknown flag {s}\n{USAGE}"))
            }
            s => {
                if file.is_some() {
                    return Err(USAGE.into());
                }
                file = Some(s.to_string());
            }
        }
    }
    let file = file.ok_or(USAGE)?;
    let src = read_source(&file)?;
    let mut session = Session::new(Config {
        seed,
        ..Config::default()
    });
    let outcome = match session.run_script(&src) {
        Ok(o) => o,
        Err(e) => {
            return Err(format!(
                "stsplay: {file}:{}:{}: {}",
                e.line, e.column, e.message
            ))
        }
    };
    let mut ok = outcome.ok();
    if until_quiet {
        // As `sim settle`, but without adding a command the script does not
        // contain to the trace.
        session.engine.flush();
        if session.engine.settle(UNTIL_QUIET_TIMEOUT).is_err() {
            eprintln!(
                "stsplay: the cluster did not become quiet within 10m0s after the last command"
            );
            ok = false;
        }
    }
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if jsonl {
        for r in session.engine.records() {
            let _ = writeln!(w, "{}", r.to_json_line());
        }
    } else {
        let _ = w.write_all(transcript(session.engine.records()).as_bytes());
    }
    let _ = w.flush();
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(args.get(1..).unwrap_or_default()),
        Some("export") => match args.get(1) {
            Some(f) if args.len() == 2 => read_source(f).and_then(|src| {
                // Parse first so errors name line and column.
                parse_script(&src)
                    .map_err(|e| format!("stsplay: {f}:{}:{}: {}", e.line, e.column, e.message))?;
                let out = export_script(&src).map_err(|e| e.to_string())?;
                print!("{out}");
                Ok(ExitCode::SUCCESS)
            }),
            _ => Err(USAGE.into()),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
