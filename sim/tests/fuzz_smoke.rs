//! Smoke fuzzing (issue 6, part 1): a short, seeded, deterministic run of
//! the four hostile-input entry points that `fuzz/` fuzzes for real with
//! cargo-fuzz — the script parser (plus the console that runs what it
//! parses), the manifest (YAML) path, kubectl's JSONPath templates and the
//! share-fragment decoder. It runs inside `cargo test` on any machine (no
//! nightly, no cargo-fuzz), in a few seconds per target.
//!
//! Inputs are the committed seed corpus (`fuzz/corpus/<target>/`) mutated by
//! a seeded generator (byte edits, dictionary tokens, splices, control
//! characters, long repeats) plus grammar-built console commands. The
//! property is the one that matters in WebAssembly, where a panic kills the
//! page: nothing panics, and every failure is an ordinary error value.
//!
//! `FUZZ_SMOKE_ITERS=N` changes the iterations per target (default 1500),
//! `FUZZ_SMOKE_SECS=S` the wall-clock cap per target (default 6). A failing
//! input is written to `$CARGO_TARGET_TMPDIR/fuzz-smoke-<target>.crash` and
//! can be added to the corpus and replayed with cargo-fuzz.

use serde_json::{json, Value};
use sim::script::manifest::{decode as decode_manifest, parse_manifests, unknown_fields};
use sim::script::output::jsonpath;
use sim::script::{export_script, parse_script, RunOptions, Session};
use sim::share::{self, ShareState};
use sim::Config;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- RNG

/// SplitMix64: tiny, seeded, reproducible on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

// ---------------------------------------------------------------- corpus

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("fuzz")
        .join("corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let out: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    assert!(
        !out.is_empty(),
        "seed corpus {} is missing or empty",
        dir.display()
    );
    out
}

/// Tokens worth inserting: shell syntax, kubectl words, YAML syntax, JSONPath
/// syntax, base64 alphabet edges, hostile text.
const DICT: &[&str] = &[
    "'",
    "\"",
    "\\",
    "\\\n",
    "\n",
    "\r\n",
    "#",
    "<<",
    "<<'EOF'",
    "<<-EOF",
    "\nEOF\n",
    "EOF",
    "|",
    ";",
    "&",
    "$",
    "`",
    "(",
    ")",
    ">",
    "<",
    "<<<",
    "{",
    "}",
    "[",
    "]",
    "[*]",
    "[-1]",
    "[0:2]",
    "..",
    ".",
    "@",
    "?(@.a==\"b\")",
    "{range .items[*]}",
    "{end}",
    "{\"\\n\"}",
    "\\.",
    "---\n",
    ": ",
    "- ",
    "  ",
    "\t",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "? ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "true",
    "-1",
    "0",
    "1000000000",
    "99999999999999999999",
    "1e400",
    "NaN",
    "three",
    "kubectl ",
    "sim ",
    "sleep ",
    "get ",
    "apply -f - ",
    "scale ",
    "sts ",
    "web ",
    "--replicas=",
    "-o ",
    "jsonpath=",
    "pod/web-0",
    "-l ",
    "app=nginx",
    "=",
    "--",
    "-n ",
    "apiVersion: apps/v1\n",
    "kind: StatefulSet\n",
    "metadata:\n",
    "  name: ",
    "spec:\n",
    "replicas: ",
    "v1.",
    "v2.",
    "A",
    "_",
    "-",
    "+",
    "/",
    "=",
    "%",
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{200b}",
    "\u{202e}",
    "\u{fffd}",
    "é",
    "日本",
    "😀",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&amp;",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = rng.pick(seeds).cloned().unwrap_or_default();
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(10) {
            0 | 1 => {
                let tok = rng.pick(DICT).copied().unwrap_or("");
                data.splice(at..at, tok.bytes());
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(len);
                if at < end {
                    data.drain(at..end);
                }
            }
            3 => {
                if let Some(b) = data.get_mut(at) {
                    *b ^= 1 << rng.below(8);
                }
            }
            4 => {
                let b = rng.next() as u8;
                data.insert(at, b);
            }
            5 => {
                // Splice a piece of another seed.
                if let Some(other) = rng.pick(seeds) {
                    let a = rng.below(other.len() + 1);
                    let b = (a + rng.below(64)).min(other.len());
                    if let Some(piece) = other.get(a..b) {
                        data.splice(at..at, piece.iter().copied());
                    }
                }
            }
            6 => data.truncate(at),
            7 => {
                // Duplicate a chunk many times (long lines, deep nesting).
                let end = (at + 1 + rng.below(8)).min(len);
                if let Some(chunk) = data.get(at..end).map(<[u8]>::to_vec) {
                    let most = if rng.below(20) == 0 { 5000 } else { 50 };
                    let times = 1 + rng.below(most);
                    for _ in 0..times {
                        data.splice(at..at, chunk.iter().copied());
                    }
                }
            }
            8 => {
                // Swap two bytes.
                let b = rng.below(len + 1);
                if at < len && b < len {
                    data.swap(at, b);
                }
            }
            _ => {
                let c =
                    [b'\n', b'\'', b'"', b'{', b'}', b'[', b']', b':', b'-', b'.'][rng.below(10)];
                data.insert(at, c);
            }
        }
    }
    data
}

// ---------------------------------------------------------------- driver

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `check` on `iters` generated inputs (or until the time cap) and
/// fails with the first input that panics.
fn campaign(
    target: &str,
    seed: u64,
    gen: &mut dyn FnMut(&mut Rng) -> Vec<u8>,
    check: &dyn Fn(&[u8]),
) {
    let iters = env_usize("FUZZ_SMOKE_ITERS", 1500);
    let cap = Duration::from_secs(env_usize("FUZZ_SMOKE_SECS", 6) as u64);
    let start = Instant::now();
    let mut rng = Rng(seed);
    let mut done = 0;
    // The seeds themselves first.
    for s in corpus(target) {
        run_one(target, &s, check);
    }
    while done < iters && start.elapsed() < cap {
        let input = gen(&mut rng);
        run_one(target, &input, check);
        done += 1;
    }
    eprintln!(
        "fuzz smoke {target}: {done} generated inputs in {:.1}s, no panic",
        start.elapsed().as_secs_f64()
    );
    assert!(done > 0, "no input was generated");
}

fn run_one(target: &str, input: &[u8], check: &dyn Fn(&[u8])) {
    let r = catch_unwind(AssertUnwindSafe(|| check(input)));
    if r.is_err() {
        let file =
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-smoke-{target}.crash"));
        let _ = std::fs::write(&file, input);
        let shown: String = String::from_utf8_lossy(input).chars().take(600).collect();
        panic!(
            "{target} panicked on this input (saved to {}):\n{shown:?}",
            file.display()
        );
    }
}

// ---------------------------------------------------------------- targets

/// A cluster with the tutorial's Service and StatefulSet, settled: the
/// console commands below act on something real.
fn base_session() -> &'static Session {
    static BASE: OnceLock<Session> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = Session::new(Config::default());
        let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz/corpus/manifest_yaml/basics.yaml");
        let yaml = std::fs::read_to_string(&file).unwrap_or_default();
        let r = s.run(
            &format!("kubectl apply -f - <<'EOF'\n{yaml}EOF\n"),
            RunOptions { wait: true },
        );
        assert!(r.ok, "setup failed: {:?}", r.stderr);
        let r = s.run("sim settle --timeout=5m", RunOptions { wait: true });
        assert!(r.ok, "setup did not settle: {:?}", r.stderr);
        s
    })
}

/// The `script_parse` property: parsing, exporting and running (as the
/// console does, without waiting) never panic.
pub fn check_script(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let parsed = parse_script(&text);
    let _ = export_script(&text);
    if let Ok(cmds) = &parsed {
        for c in cmds {
            assert!(
                c.line >= 1 && c.end_line >= c.line,
                "bad line numbers {c:?}"
            );
        }
    }
    if text.len() <= 8 * 1024 {
        let mut s = base_session().clone();
        let r = s.run(&text, RunOptions { wait: false });
        if parsed.is_err() {
            assert!(!r.ok, "a parse error must fail the command");
        }
    }
}

/// The `manifest_yaml` property: splitting, decoding and applying a
/// here-document never panic.
pub fn check_manifest(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(docs) = parse_manifests(&text, "STDIN") {
        for d in &docs {
            let _ = d.name();
            let _ = unknown_fields(d.kind, &d.json);
            let _ = decode_manifest(d.kind, &d.json, "apply", "STDIN");
        }
    }
    if text.len() <= 16 * 1024 {
        let mut s = base_session().clone();
        let _ = s.run(
            &format!("kubectl apply -f - <<'FUZZ_END_7f3a'\n{text}\nFUZZ_END_7f3a\n"),
            RunOptions { wait: false },
        );
    }
}

fn jsonpath_root() -> &'static Value {
    static ROOT: OnceLock<Value> = OnceLock::new();
    ROOT.get_or_init(|| {
        json!({
            "apiVersion": "v1", "kind": "List",
            "items": [
                {"metadata": {"name": "web-0", "labels": {"app": "nginx", "app.kubernetes.io/name": "web"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]},
                 "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}},
                {"metadata": {"name": "web-1", "labels": {"app": "nginx"}},
                 "spec": {"containers": []},
                 "status": {"phase": "Pending", "podIP": null, "n": 1.5e300}}
            ],
            "metadata": {"resourceVersion": ""}
        })
    })
}

/// The `jsonpath` property: any template renders or is rejected, never panics.
pub fn check_jsonpath(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let root = jsonpath_root();
    let _ = jsonpath::render(&text, root);
    if let Some(item) = root.pointer("/items/0") {
        let _ = jsonpath::render(&text, item);
    }
    let _ = jsonpath::render(&text, &Value::Null);
}

/// The `share_fragment` property: decoding never panics; whatever decodes
/// re-encodes to an equal state. Input starting with `{` is packed as a
/// well-formed fragment first, so the JSON layer is reached.
pub fn check_share(bytes: &[u8]) {
    // As in fuzz/fuzz_targets/share_fragment.rs: `{…}` is packed first.
    let text = if bytes.first() == Some(&b'{') {
        pack(bytes)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    if let Ok(state) = share::decode(&text) {
        // What the page does next with a decoded link.
        let _ = share::script_to_log(&state.script);
        let again = share::encode(&state).expect("a decoded state re-encodes");
        assert_eq!(share::decode(&again).ok(), Some(state), "roundtrip");
    }
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Packs arbitrary bytes as a well-formed v1 fragment, so that the JSON
/// layer behind the decompressor is reached, not just the base64 checks.
fn pack(json: &[u8]) -> String {
    format!(
        "v1.{}",
        b64url(&miniz_oxide::deflate::compress_to_vec(json, 6))
    )
}

// ---------------------------------------------------------------- grammar

const VERBS: &[&str] = &[
    "get", "describe", "scale", "patch", "delete", "apply", "create", "rollout", "set", "exec",
    "wait", "run", "cordon", "uncordon", "drain", "edit", "label", "annotate", "logs", "scael", "",
];
const TYPES: &[&str] = &[
    "pods",
    "po",
    "pod/web-0",
    "sts",
    "sts/web",
    "statefulset.apps",
    "pvc",
    "pv",
    "svc",
    "deploy",
    "ev",
    "no",
    "nodes",
    "controllerrevisions",
    "web",
    "web-0",
    "web-9",
    "node-1",
    "node-9",
    "www-web-0",
    "configmap",
    "",
];
const ARGS: &[&str] = &[
    "--replicas=3",
    "--replicas=0",
    "--replicas=-1",
    "--replicas=10001",
    "--replicas=1000000000",
    "--replicas=three",
    "--replicas=",
    "-o",
    "wide",
    "name",
    "json",
    "yaml",
    "-o=jsonpath={.items[*].metadata.name}",
    "-ojsonpath={.spec.replicas}",
    "-o=custom-columns=N:.metadata.name",
    "-l",
    "app=nginx",
    "app!=x",
    "app in (a,b)",
    "-w",
    "--watch",
    "--all",
    "-A",
    "-n",
    "kube-system",
    "default",
    "--grace-period=0",
    "--grace-period=-5",
    "--force",
    "--wait=false",
    "--cascade=orphan",
    "--cascade=foreground",
    "--cascade=nope",
    "--ignore-not-found",
    "-p",
    "{\"spec\":{\"replicas\":2}}",
    "{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}}}}",
    "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]",
    "[{\"op\":\"remove\",\"path\":\"/spec\"}]",
    "--type=json",
    "--type=merge",
    "--type=strategic",
    "--type=bogus",
    "{",
    "status",
    "history",
    "undo",
    "restart",
    "--to-revision=1",
    "--to-revision=99",
    "--timeout=1s",
    "--timeout=x",
    "nginx=nginx:1.27",
    "=",
    "--",
    "hostname",
    "cat",
    "/usr/share/nginx/html/index.html",
    "ls",
    "/",
    "sh",
    "-c",
    "echo hi > /tmp/f",
    "nslookup",
    "web-0.nginx",
    "--for=condition=Ready",
    "--for=delete",
    "--rm",
    "-i",
    "--image=busybox",
    "--restart=Never",
    "-f",
    "-",
    "x",
    "\u{0}",
    "<b>bold</b>",
];
const SIM: &[&str] = &[
    "readiness pod/web-0 fail",
    "readiness pod/web-0 pass",
    "readiness pod/nope fail",
    "crash pod/web-1",
    "evict pod/web-0",
    "node node-1 down",
    "node node-1 up",
    "node node-7 up",
    "image nginx:1.27 crash",
    "image registry.k8s.io/nginx-slim:0.24 pull-error",
    "image x never-ready",
    "image x wobble",
    "pvc www-web-0 hold",
    "pvc www-web-0 release",
    "settle",
    "settle --timeout=1s",
    "seed 7",
    "seed -1",
    "seed 99999999999999999999",
    "bogus",
    "",
];

fn console_line(rng: &mut Rng) -> Vec<u8> {
    let mut line = String::new();
    match rng.below(6) {
        0 => {
            line.push_str("sim ");
            line.push_str(rng.pick(SIM).copied().unwrap_or(""));
        }
        1 => {
            line.push_str("sleep ");
            line.push_str(
                rng.pick(&[
                    "5",
                    "5s",
                    "2m",
                    "500ms",
                    "-1",
                    "1h30m",
                    "x",
                    "99999999999h",
                    "",
                ])
                .copied()
                .unwrap_or(""),
            );
        }
        _ => {
            line.push_str("kubectl ");
            line.push_str(rng.pick(VERBS).copied().unwrap_or(""));
            for _ in 0..rng.below(3) {
                line.push(' ');
                line.push_str(rng.pick(TYPES).copied().unwrap_or(""));
            }
            for _ in 0..rng.below(5) {
                line.push(' ');
                let a = rng.pick(ARGS).copied().unwrap_or("");
                if a.contains([' ', '{', '[', '(', '>', '<', '!']) {
                    line.push('\'');
                    line.push_str(a);
                    line.push('\'');
                } else {
                    line.push_str(a);
                }
            }
        }
    }
    let mut bytes = line.into_bytes();
    if rng.below(4) == 0 {
        bytes = mutate(rng, &[bytes]);
    }
    bytes
}

// ---------------------------------------------------------------- tests

#[test]
fn smoke_script_parse_and_console() {
    base_session();
    let seeds = corpus("script_parse");
    campaign(
        "script_parse",
        0x5C21_F7A0,
        &mut |rng| {
            if rng.below(2) == 0 {
                mutate(rng, &seeds)
            } else {
                console_line(rng)
            }
        },
        &check_script,
    );
}

#[test]
fn smoke_manifest_yaml() {
    base_session();
    let seeds = corpus("manifest_yaml");
    campaign(
        "manifest_yaml",
        0x4A41_4D4C,
        &mut |rng| mutate(rng, &seeds),
        &check_manifest,
    );
}

#[test]
fn smoke_jsonpath() {
    let seeds = corpus("jsonpath");
    campaign(
        "jsonpath",
        0x4A50_4154,
        &mut |rng| mutate(rng, &seeds),
        &check_jsonpath,
    );
}

#[test]
fn smoke_share_fragment() {
    let seeds = corpus("share_fragment");
    let script_seeds = corpus("script_parse");
    let json_seeds: Vec<Vec<u8>> = [
        r#"{"script":"kubectl get pods\n","seed":1,"time_ms":0,"view":{"theme":"dark"}}"#,
        r#"{"script":"","seed":18446744073709551615,"time_ms":0}"#,
        r#"{"script":"x","seed":1,"time_ms":1,"view":{"k":"v"},"extra":[1,2,{"a":null}]}"#,
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    campaign(
        "share_fragment",
        0x5348_4152,
        &mut |rng| match rng.below(3) {
            0 => mutate(rng, &seeds),
            // Well-formed container, hostile JSON inside.
            1 => {
                let mut j = mutate(rng, &json_seeds);
                if j.first() != Some(&b'{') {
                    j.insert(0, b'{');
                }
                j
            }
            _ => {
                // Random valid state: must round-trip exactly.
                let mut view = BTreeMap::new();
                for _ in 0..rng.below(4) {
                    let k =
                        String::from_utf8_lossy(&mutate(rng, &[b"theme".to_vec()])).into_owned();
                    let v = String::from_utf8_lossy(&mutate(rng, &[b"dark".to_vec()])).into_owned();
                    view.insert(k, v);
                }
                let script = String::from_utf8_lossy(&mutate(rng, &script_seeds)).into_owned();
                let state = ShareState {
                    script,
                    seed: rng.next(),
                    time_ms: rng.next(),
                    view,
                };
                match share::encode(&state) {
                    Ok(f) => {
                        assert_eq!(share::decode(&f).as_ref(), Ok(&state), "roundtrip of {f}");
                        f.into_bytes()
                    }
                    Err(_) => Vec::new(),
                }
            }
        },
        &check_share,
    );
}

#[test]
fn every_share_seed_fails_or_decodes_with_the_documented_prefix() {
    for seed in corpus("share_fragment") {
        let text = String::from_utf8_lossy(&seed);
        if let Err(e) = share::decode(&text) {
            assert!(
                e.to_string()
                    .starts_with("this link is damaged or from a newer version: "),
                "{e}"
            );
        }
    }
}
