//! The `stsplay` binary: exit codes 0/1/2, transcript and JSONL shape,
//! export (scripts-and-traces.md §5–§6).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn stsplay(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stsplay runs");
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("stsplay finishes")
}

const OK: &str = "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 1\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\nEOF\nkubectl rollout status sts/web\n";

#[test]
fn exit_zero_and_transcript() {
    let o = stsplay(&["run", "-"], OK);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("$ kubectl apply -f - <<'EOF'\n> apiVersion: apps/v1\n"),
        "{out}"
    );
    assert!(
        out.contains("statefulset.apps/web created\n$ kubectl rollout status sts/web\n"),
        "{out}"
    );
    assert!(
        out.ends_with("partitioned roll out complete: 1 new pods have been updated...\n"),
        "{out}"
    );
}

#[test]
fn exit_one_when_a_command_fails_and_the_run_continues() {
    let o = stsplay(
        &["run", "-"],
        "kubectl delete pod web-9\nkubectl get pods\n",
    );
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Error from server (NotFound): pods \"web-9\" not found\n$ kubectl get pods\nNo resources found in default namespace.\n"), "{out}");
}

#[test]
fn exit_two_on_parse_error_naming_line_and_column() {
    let o = stsplay(&["run", "-"], "kubectl get pods\nkubectl get pods | head\n");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("-:2:18: pipes (|) are not supported"), "{err}");
    assert!(o.stdout.is_empty());
    assert_eq!(stsplay(&["frobnicate"], "").status.code(), Some(2));
    assert_eq!(
        stsplay(&["run", "/nonexistent/x.sh"], "").status.code(),
        Some(2)
    );
}

#[test]
fn jsonl_records_have_the_contract_shape() {
    let o = stsplay(&["run", "-", "--output", "jsonl", "--until-quiet"], OK);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    let recs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let first = &recs[0];
    assert_eq!(first["t"], 0);
    assert_eq!(first["kind"], "command");
    assert_eq!(first["line"], 1);
    assert!(first["text"]
        .as_str()
        .is_some_and(|t| t.starts_with("kubectl apply -f - <<'EOF'\n")));
    let kinds: Vec<&str> = recs.iter().filter_map(|r| r["kind"].as_str()).collect();
    for k in ["command", "stdout", "event", "change"] {
        assert!(kinds.contains(&k), "no {k} record");
    }
    let mut last_t = 0;
    for r in &recs {
        let t = r["t"].as_u64().expect("t is a number");
        assert!(t >= last_t, "records are in time order");
        last_t = t;
    }
    let created = recs
        .iter()
        .find(|r| r["kind"] == "stdout")
        .expect("stdout record");
    assert_eq!(created["text"], "statefulset.apps/web created");
    let pod = recs
        .iter()
        .find(|r| r["kind"] == "change" && r["object"] == "Pod/web-0")
        .expect("pod change");
    for f in [
        "op",
        "phase",
        "ready",
        "terminating",
        "node",
        "revision",
        "uid",
        "restarts",
    ] {
        assert!(pod.get(f).is_some(), "pod change lacks {f}: {pod}");
    }
}

#[test]
fn export_turns_sim_lines_into_comments() {
    let dir = std::env::temp_dir().join(format!("stsplay-export-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let f = dir.join("s.sh");
    let _ = std::fs::write(&f, "kubectl get pods\nsim readiness pod/web-0 fail\n");
    let o = stsplay(&["export", f.to_str().unwrap_or_default()], "");
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\nkubectl get pods\n# sim readiness pod/web-0 fail — on a real cluster: make the readiness probe fail, e.g. kubectl exec web-0 -- rm /usr/share/nginx/html/index.html\n"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exported_tutorial_is_valid_bash() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/scenarios/statefulset-basics.sh"
    );
    let o = stsplay(&["export", path], "");
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        !text.lines().any(|l| l.starts_with("sim ")),
        "a sim line survived export"
    );
    // `bash -n` only parses; skip where bash is not installed.
    let Ok(mut child) = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    if let Some(mut i) = child.stdin.take() {
        let _ = i.write_all(text.as_bytes());
    }
    let out = child.wait_with_output().expect("bash -n finishes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
