//! Bad input, one test per class: each asserts kubectl's message and that
//! the API objects in the store are unchanged by the failed command.

use sim::script::{RunOptions, Session};
use sim::{Config, Kind};

const SETUP: &str = r#"kubectl apply -f - <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
EOF
kubectl rollout status sts/web
"#;

fn session() -> Session {
    let mut s = Session::new(Config::default());
    let o = s.run_script(SETUP).expect("setup parses");
    assert!(o.ok(), "setup failed");
    s
}

/// Every stored API object, as JSON, for before/after comparisons.
fn snapshot(s: &Session) -> Vec<String> {
    Kind::ALL
        .iter()
        .filter(|k| **k != Kind::Event)
        .flat_map(|k| s.engine.list(*k))
        .map(|o| o.to_json().to_string())
        .collect()
}

/// Runs `cmd`, asserts it failed with `stderr` as its first line and that
/// nothing changed.
fn rejects(cmd: &str, stderr: &str) {
    let mut s = session();
    let before = snapshot(&s);
    let r = s.run(cmd, RunOptions { wait: true });
    assert!(!r.ok, "{cmd} should fail");
    assert_eq!(
        r.stderr.first().map(String::as_str),
        Some(stderr),
        "{cmd}: {:?}",
        r.stderr
    );
    assert_eq!(snapshot(&s), before, "{cmd} changed the store");
}

#[test]
fn parse_errors_name_line_and_column() {
    let e = sim::script::parse_script("kubectl get pods\nkubectl get pods | grep web\n")
        .expect_err("pipe rejected");
    assert_eq!((e.line, e.column), (2, 18));
    rejects(
        "kubectl get pods; kubectl get sts",
        "error: line 1, column 17: command lists (;) are not supported: put each command on its own line",
    );
    rejects(
        "echo $HOME",
        "error: line 1, column 6: variables and command substitution ($) are not supported: write the value itself",
    );
}

#[test]
fn unknown_commands_and_flags() {
    rejects(
        "kubectl scael sts web --replicas=3",
        "error: unknown command \"scael\" for \"kubectl\"",
    );
    rejects(
        "kubectl scale sts web --replica=3",
        "error: unknown flag: --replica",
    );
    rejects(
        "kubectl get foo",
        "error: the server doesn't have a resource type \"foo\"",
    );
    rejects("kubectl get pods -o table", "error: unable to match a printer suitable for the output format \"table\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml");
    rejects("sim wobble pod/web-0", "sim: unknown verb \"wobble\"");
    rejects(
        "helm install x",
        "helm: command not found (scripts run kubectl, sim and sleep; try kubectl help)",
    );
    rejects("sleep soon", "sleep: invalid time interval 'soon'");
}

#[test]
fn manifest_errors() {
    rejects(
        "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: Statefulset\nmetadata:\n  name: x\nEOF",
        "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Statefulset\" in version \"apps/v1\"",
    );
    rejects(
        "kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replica: 3\nEOF",
        "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"",
    );
    let mut s = session();
    let before = snapshot(&s);
    let r = s.run(
        "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  b: : c\nEOF",
        RunOptions::default(),
    );
    assert!(!r.ok);
    let first = r.stderr.first().cloned().unwrap_or_default();
    assert!(
        first.starts_with(
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: "
        ),
        "{first}"
    );
    assert_eq!(snapshot(&s), before);
}

#[test]
fn validation_failures() {
    rejects(
        "kubectl scale sts web --replicas=-1",
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
    );
    let mut s = session();
    let before = snapshot(&s);
    let r = s.run(
        "kubectl patch sts web --type=merge -p '{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\"}}}}'",
        RunOptions::default(),
    );
    assert!(!r.ok);
    let first = r.stderr.first().cloned().unwrap_or_default();
    assert!(
        first.starts_with("The StatefulSet \"web\" is invalid: "),
        "{first}"
    );
    assert_eq!(snapshot(&s), before);
}

#[test]
fn immutable_fields() {
    rejects(
        "kubectl patch sts web -p '{\"spec\":{\"serviceName\":\"other\"}}'",
        "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
}

#[test]
fn missing_objects() {
    rejects(
        "kubectl delete pod web-9",
        "Error from server (NotFound): pods \"web-9\" not found",
    );
    rejects(
        "kubectl get sts nope",
        "Error from server (NotFound): statefulsets.apps \"nope\" not found",
    );
    rejects(
        "kubectl exec web-9 -- hostname",
        "Error from server (NotFound): pods \"web-9\" not found",
    );
    rejects(
        "sim readiness pod/web-9 fail",
        "Error from server (NotFound): pods \"web-9\" not found",
    );
    rejects(
        "kubectl rollout undo sts/web --to-revision=7",
        "error: unable to find specified revision 7 in history",
    );
    let mut s = session();
    let r = s.run(
        "kubectl delete pod web-9 --ignore-not-found",
        RunOptions::default(),
    );
    assert!(r.ok && r.stderr.is_empty() && r.stdout.is_empty());
}

mod never_panics {
    use proptest::prelude::*;
    use sim::script::{RunOptions, Session};
    use sim::Config;

    const WORDS: &[&str] = &[
        "kubectl",
        "sim",
        "sleep",
        "get",
        "apply",
        "create",
        "delete",
        "scale",
        "patch",
        "rollout",
        "status",
        "undo",
        "history",
        "restart",
        "set",
        "image",
        "exec",
        "run",
        "wait",
        "describe",
        "cordon",
        "drain",
        "uncordon",
        "label",
        "sts",
        "pod",
        "pods",
        "pvc",
        "pv",
        "svc",
        "node",
        "events",
        "controllerrevisions",
        "web",
        "web-0",
        "web-1",
        "sts/web",
        "pod/web-0",
        "node-1",
        "-o",
        "yaml",
        "json",
        "wide",
        "name",
        "jsonpath={.items[*]}",
        "-l",
        "app=nginx",
        "-w",
        "--replicas=3",
        "--replicas=-1",
        "--replicas=x",
        "-p",
        "{\"spec\":{\"replicas\":0}}",
        "[]",
        "--type=json",
        "--type=merge",
        "--",
        "sh",
        "-c",
        "echo hi > /tmp/x",
        "cat",
        "ls",
        "/",
        "hostname",
        "nslookup",
        "readiness",
        "fail",
        "pass",
        "crash",
        "evict",
        "settle",
        "seed",
        "1",
        "5s",
        "--timeout=1s",
        "--to-revision=0",
        "--force",
        "--grace-period=0",
        "--cascade=orphan",
        "--for=condition=Ready",
        "--for=delete",
        "nginx=x",
        "--rm",
        "-i",
        "--image=busybox",
        "'",
        "\"",
        "\\",
        "{",
        "[",
        "#",
        "<<EOF",
        "=",
        "-",
        "--",
    ];

    const MANIFEST: &str = "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: 2\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\nEOF\n";

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn random_commands_never_panic(cmds in prop::collection::vec(prop::collection::vec(prop::sample::select(WORDS), 0..7), 1..8)) {
            let mut s = Session::new(Config::default());
            let _ = s.run_script(MANIFEST);
            for words in cmds {
                let line = words.join(" ");
                let _ = s.run(&line, RunOptions { wait: true });
                let _ = s.run(&line, RunOptions { wait: false });
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,80}") {
            let mut s = Session::new(Config::default());
            let _ = s.run(&text, RunOptions { wait: false });
            let _ = sim::script::parse_script(&text);
            let _ = sim::script::export_script(&text);
            let _ = sim::script::complete(&s.engine, &text);
        }
    }
}
