//! The script parser and the console behind it: `parse_script`,
//! `export_script`, and `Session::run` (as the UI runs a console line,
//! without waiting) against a cluster running the tutorial's StatefulSet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sim::script::{export_script, parse_script, RunOptions, Session};
use std::sync::OnceLock;

const SETUP: &str = include_str!("../corpus/manifest_yaml/basics.yaml");

fn base() -> &'static Session {
    static BASE: OnceLock<Session> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = Session::new(sim::Config::default());
        s.run(
            &format!("kubectl apply -f - <<'EOF'\n{SETUP}EOF\n"),
            RunOptions { wait: true },
        );
        s.run("sim settle --timeout=5m", RunOptions { wait: true });
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse_script(&text);
    let _ = export_script(&text);
    if text.len() <= 8 * 1024 {
        let mut s = base().clone();
        let r = s.run(&text, RunOptions { wait: false });
        assert!(
            parsed.is_ok() || !r.ok,
            "a parse error must fail the command"
        );
    }
});
