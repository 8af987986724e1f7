//! The manifest path: `parse_manifests` (YAML documents → kinds), decoding,
//! unknown-field checks, and `kubectl apply -f -` of the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sim::script::manifest::{decode, parse_manifests, unknown_fields};
use sim::script::{RunOptions, Session};
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
    if let Ok(docs) = parse_manifests(&text, "STDIN") {
        for d in &docs {
            let _ = d.name();
            let _ = unknown_fields(d.kind, &d.json);
            let _ = decode(d.kind, &d.json, "apply", "STDIN");
        }
    }
    if text.len() <= 16 * 1024 {
        let mut s = base().clone();
        let _ = s.run(
            &format!("kubectl apply -f - <<'FUZZ_END_7f3a'\n{text}\nFUZZ_END_7f3a\n"),
            RunOptions { wait: false },
        );
    }
});
