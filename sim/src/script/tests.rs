//! Session-level tests: the UI's no-wait mode, records, completion.

use super::*;
use crate::api::Kind;
use crate::trace::RecordBody;

/// A 2-replica `web` StatefulSet (also used by the HPA tests).
pub(crate) const STS: &str = "kubectl apply -f - <<'EOF'
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
        image: nginx
EOF";

const NO_WAIT: RunOptions = RunOptions { wait: false };

#[test]
fn ui_mode_never_moves_time() {
    let mut s = Session::new(Config::default());
    let r = s.run(STS, NO_WAIT);
    assert!(r.ok);
    assert_eq!(r.stdout, ["statefulset.apps/web created"]);
    for cmd in [
        "kubectl rollout status sts/web",
        "kubectl get pods -w",
        "sleep 30",
        "sim settle",
    ] {
        let r = s.run(cmd, NO_WAIT);
        assert_eq!(s.engine.now(), 0, "{cmd} moved time");
        assert!(r.stderr.is_empty(), "{cmd}: {:?}", r.stderr);
    }
    let r = s.run("kubectl rollout status sts/web", NO_WAIT);
    assert_eq!(
        r.stdout.len(),
        1,
        "prints the current state once: {:?}",
        r.stdout
    );
    // Let time pass as the UI's clock would, then delete without waiting.
    s.engine.advance_to(60_000);
    let r = s.run("kubectl delete pod web-1", NO_WAIT);
    assert_eq!(r.stdout, ["pod \"web-1\" deleted"]);
    assert_eq!(s.engine.now(), 60_000);
    assert!(s
        .engine
        .get(Kind::Pod, "web-1")
        .is_ok_and(|p| p.metadata().is_terminating()));
}

#[test]
fn every_command_and_line_is_recorded() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script("kubectl get pods\nkubectl get nope\n");
    let script: Vec<String> = s
        .engine
        .records()
        .iter()
        .filter_map(|r| match &r.body {
            RecordBody::Command { line, text } => Some(format!("cmd {line} {text}")),
            RecordBody::Stdout { text } => Some(format!("out {text}")),
            RecordBody::Stderr { text } => Some(format!("err {text}")),
            _ => None,
        })
        .collect();
    assert_eq!(
        script,
        [
            "cmd 1 kubectl get pods",
            "err No resources found in default namespace.",
            "cmd 2 kubectl get nope",
            "err error: the server doesn't have a resource type \"nope\"",
        ]
    );
    assert_eq!(
        transcript(s.engine.records()),
        "$ kubectl get pods\nNo resources found in default namespace.\n$ kubectl get nope\nerror: the server doesn't have a resource type \"nope\"\n"
    );
}

#[test]
fn parse_errors_in_the_console_change_nothing() {
    let mut s = Session::new(Config::default());
    let r = s.run("kubectl get pods | wc -l", NO_WAIT);
    assert!(!r.ok);
    assert_eq!(
        r.stderr,
        ["error: line 1, column 18: pipes (|) are not supported: one command per line"]
    );
    assert!(s.engine.list(Kind::Pod).is_empty());
}

#[test]
fn completion_offers_verbs_types_and_names() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nsim settle\n"));
    let e = &s.engine;
    assert_eq!(complete(e, "kub"), ["kubectl"]);
    assert_eq!(complete(e, "kubectl sc"), ["scale"]);
    assert!(complete(e, "kubectl get ").contains(&"pods".to_string()));
    assert_eq!(complete(e, "kubectl get pods w"), ["web-0", "web-1"]);
    assert_eq!(complete(e, "kubectl delete pod/web-1"), ["pod/web-1"]);
    assert_eq!(complete(e, "sim readiness "), ["pod/web-0", "pod/web-1"]);
    assert_eq!(complete(e, "sim readiness pod/web-0 "), ["fail", "pass"]);
    assert_eq!(complete(e, "kubectl rollout status "), ["sts/web"]);
    assert!(complete(e, "zzz").is_empty());
    assert_eq!(complete(e, "kubectl get pods -o y"), ["yaml"]);
}

#[test]
fn get_output_formats() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    let r = s.run("kubectl get sts -o name", NO_WAIT);
    assert_eq!(r.stdout, ["statefulset.apps/web"]);
    let r = s.run(
        "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
        NO_WAIT,
    );
    assert_eq!(r.stdout, ["web-0 web-1"]);
    let r = s.run("kubectl get sts web -o yaml", NO_WAIT);
    assert_eq!(
        r.stdout.first().map(String::as_str),
        Some("apiVersion: apps/v1")
    );
    assert!(
        r.stdout.contains(&"  replicas: 2".to_string()),
        "{:?}",
        r.stdout
    );
    let r = s.run("kubectl get pods,sts", NO_WAIT);
    assert!(r.ok);
    assert!(
        r.stdout.iter().any(|l| l.starts_with("pod/web-1 ")),
        "{:?}",
        r.stdout
    );
    assert!(
        r.stdout
            .iter()
            .any(|l| l.starts_with("statefulset.apps/web ")),
        "{:?}",
        r.stdout
    );
    let r = s.run("kubectl get all", NO_WAIT);
    assert_eq!(
        r.stdout.first().map(String::as_str),
        Some("NAME        READY   STATUS    RESTARTS   AGE"),
        "{:?}",
        r.stdout
    );
    let r = s.run("kubectl get pod/web-0 sts/web", NO_WAIT);
    assert_eq!(r.stdout.first().map(|l| l.starts_with("NAME ")), Some(true));
    assert!(
        r.stdout.iter().any(|l| l.starts_with("pod/web-0 ")),
        "{:?}",
        r.stdout
    );
    assert!(
        r.stdout
            .iter()
            .any(|l| l.starts_with("statefulset.apps/web ")),
        "{:?}",
        r.stdout
    );
}

#[test]
fn pod_text_helpers_are_exported() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    let Ok(crate::api::Object::Pod(p)) = s.engine.get(Kind::Pod, "web-0") else {
        panic!("web-0 exists");
    };
    assert_eq!(pod_status_text(&p), "Running");
    assert_eq!(pod_ready_text(&p), "1/1");
}

#[test]
fn wait_for_jsonpath_and_condition_values() {
    let mut s = Session::new(Config::default());
    let _ = s.run(STS, RunOptions::default());
    let r = s.run(
        "kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 sts/web --timeout=1m",
        RunOptions::default(),
    );
    assert_eq!(
        r.stdout,
        ["statefulset.apps/web condition met"],
        "{:?}",
        r.stderr
    );
    let r = s.run(
        "kubectl wait --for=condition=Ready=False pod/web-0 --timeout=1s",
        RunOptions::default(),
    );
    assert!(!r.ok);
    assert_eq!(
        r.stderr,
        ["error: timed out waiting for the condition on pods/web-0"]
    );
    let r = s.run(
        "kubectl wait --for=sunshine pod/web-0",
        RunOptions::default(),
    );
    assert_eq!(r.stderr, ["error: unrecognized condition: \"sunshine\""]);
}

#[test]
fn real_but_unsimulated_verbs_say_so() {
    let mut s = Session::new(Config::default());
    let r = s.run("kubectl logs web-0", NO_WAIT);
    assert!(!r.ok);
    assert!(r.stderr[0].starts_with(
        "error: \"kubectl logs\" is a real kubectl command that the playground does not simulate"
    ));
}

#[test]
fn field_selectors_and_sorting() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    let r = s.run(
        "kubectl get pods --field-selector metadata.name=web-1 -o name",
        NO_WAIT,
    );
    assert_eq!(r.stdout, ["pod/web-1"]);
    let r = s.run(
        "kubectl get pods --field-selector status.phase!=Running -o name",
        NO_WAIT,
    );
    assert!(r.stdout.is_empty() || r.stdout == [""], "{:?}", r.stdout);
    let r = s.run("kubectl get pods --sort-by=.metadata.name -o name", NO_WAIT);
    assert_eq!(r.stdout, ["pod/web-0", "pod/web-1"]);
    let r = s.run(
        "kubectl get pods --sort-by='{.status.podIP}' -o name",
        NO_WAIT,
    );
    assert_eq!(r.stdout.len(), 2);
    let r = s.run("kubectl get events --field-selector involvedObject.kind=StatefulSet -o jsonpath='{.items[*].reason}'", NO_WAIT);
    assert!(
        r.stdout[0].starts_with("SuccessfulCreate"),
        "{:?}",
        r.stdout
    );
}

#[test]
fn delete_by_manifest() {
    let mut s = Session::new(Config::default());
    let _ = s.run(STS, NO_WAIT);
    let text = STS.replacen("kubectl apply", "kubectl delete", 1);
    let r = s.run(&text, NO_WAIT);
    assert_eq!(
        r.stdout,
        ["statefulset.apps \"web\" deleted"],
        "{:?}",
        r.stderr
    );
    assert!(s.engine.get(Kind::StatefulSet, "web").is_err());
}

#[test]
fn custom_columns() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    let r = s.run(
        "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,X:.nope",
        NO_WAIT,
    );
    assert_eq!(
        r.stdout.first().map(String::as_str),
        Some("NAME    NODE     X"),
        "{:?}",
        r.stdout
    );
    assert!(
        r.stdout
            .get(1)
            .is_some_and(|l| l.starts_with("web-0   node-") && l.ends_with("<none>")),
        "{:?}",
        r.stdout
    );
    let r = s.run("kubectl get pods -o custom-columns=NAME", NO_WAIT);
    assert!(!r.ok);
}

#[test]
fn replace_and_events() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    let text = STS
        .replacen("kubectl apply", "kubectl replace", 1)
        .replace("replicas: 2", "replicas: 1");
    let r = s.run(&text, NO_WAIT);
    assert_eq!(
        r.stdout,
        ["statefulset.apps/web replaced"],
        "{:?}",
        r.stderr
    );
    let r = s.run(&text.replace("name: web", "name: nope"), NO_WAIT);
    assert_eq!(r.stderr, ["Error from server (NotFound): error when replacing \"STDIN\": statefulsets.apps \"nope\" not found"]);
    let r = s.run("kubectl events --for sts/web", NO_WAIT);
    assert!(
        r.stdout.first().is_some_and(|l| l.starts_with("LAST SEEN")),
        "{:?}",
        r.stdout
    );
    assert!(
        r.stdout
            .iter()
            .skip(1)
            .all(|l| l.contains("   StatefulSet/web   ")),
        "{:?}",
        r.stdout
    );
    let r = s.run("kubectl events --types=Warning --for pod/web-9", NO_WAIT);
    assert_eq!(r.stderr, ["No events found in default namespace."]);
}

fn sts_json(s: &Session) -> serde_json::Value {
    s.engine
        .get(Kind::StatefulSet, "web")
        .map(|o| o.to_json())
        .unwrap_or_default()
}

#[test]
fn patch_types_and_rollout_edits() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    // Strategic merge: containers merge by name, other fields survive.
    let r = s.run(
        "kubectl patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:2\"}]}}}}'",
        NO_WAIT,
    );
    assert_eq!(r.stdout, ["statefulset.apps/web patched"]);
    let j = sts_json(&s);
    assert_eq!(
        j.pointer("/spec/template/spec/containers/0/image"),
        Some(&serde_json::json!("nginx:2"))
    );
    assert_eq!(
        j.pointer("/spec/template/spec/containers/0/name"),
        Some(&serde_json::json!("nginx"))
    );
    // The same patch again changes nothing.
    let r = s.run(
        "kubectl patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:2\"}]}}}}'",
        NO_WAIT,
    );
    assert_eq!(r.stdout, ["statefulset.apps/web patched (no change)"]);
    // JSON merge patch replaces lists wholesale.
    let r = s.run(
        "kubectl patch sts web --type=merge -p '{\"spec\":{\"minReadySeconds\":3}}'",
        NO_WAIT,
    );
    assert!(r.ok, "{:?}", r.stderr);
    assert_eq!(
        sts_json(&s).pointer("/spec/minReadySeconds"),
        Some(&serde_json::json!(3))
    );
    // JSON patch test failure changes nothing.
    let r = s.run("kubectl patch sts web --type=json -p '[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":9}]'", NO_WAIT);
    assert!(!r.ok);
    // Restart stamps the template with the virtual time.
    let _ = s.run("sim settle", RunOptions::default());
    let r = s.run("kubectl rollout restart sts/web", NO_WAIT);
    assert_eq!(r.stdout, ["statefulset.apps/web restarted"]);
    let stamp = sts_json(&s)
        .pointer("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    assert_eq!(stamp, crate::api::Time(s.engine.now()).to_rfc3339());
    // Undo writes the previous revision's template back.
    let _ = s.run("sim settle", RunOptions::default());
    let r = s.run("kubectl rollout undo sts/web", NO_WAIT);
    assert_eq!(
        r.stdout,
        ["statefulset.apps/web rolled back"],
        "{:?}",
        r.stderr
    );
    let j = sts_json(&s);
    assert_eq!(
        j.pointer("/spec/template/spec/containers/0/image"),
        Some(&serde_json::json!("nginx:2"))
    );
    assert!(j
        .pointer("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt")
        .is_none());
}

#[test]
fn label_columns() {
    let mut s = Session::new(Config::default());
    let _ = s.run_script(&format!("{STS}\nkubectl rollout status sts/web\n"));
    let r = s.run(
        "kubectl get pods -L app,apps.kubernetes.io/pod-index",
        NO_WAIT,
    );
    assert_eq!(
        r.stdout.first().map(String::as_str),
        Some("NAME    READY   STATUS    RESTARTS   AGE   APP     POD-INDEX"),
        "{:?}",
        r.stdout
    );
    assert!(
        r.stdout.get(2).is_some_and(|l| l.ends_with("nginx   1")),
        "{:?}",
        r.stdout
    );
}

#[test]
fn apply_after_create_warns_about_the_missing_annotation() {
    let mut s = Session::new(Config::default());
    let r = s.run(&STS.replacen("kubectl apply", "kubectl create", 1), NO_WAIT);
    assert_eq!(r.stdout, ["statefulset.apps/web created"]);
    let r = s.run(STS, NO_WAIT);
    assert!(r.ok);
    assert_eq!(r.stdout, ["statefulset.apps/web configured"]);
    assert!(r.stderr[0].starts_with("Warning: resource statefulsets/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation"));
    let r = s.run(STS, NO_WAIT);
    assert_eq!(
        (r.stdout, r.stderr.len()),
        (vec!["statefulset.apps/web unchanged".to_string()], 0)
    );
}

#[test]
fn rollout_status_without_watch_and_wait_for_create() {
    let mut s = Session::new(Config::default());
    let _ = s.run(STS, NO_WAIT);
    let r = s.run(
        "kubectl rollout status sts/web --watch=false",
        RunOptions::default(),
    );
    assert_eq!(s.engine.now(), 0);
    assert_eq!(r.stdout.len(), 1, "{:?}", r.stdout);
    let r = s.run(
        "kubectl wait --for=create pod/web-1 --timeout=1m",
        RunOptions::default(),
    );
    assert_eq!(r.stdout, ["pod/web-1 condition met"], "{:?}", r.stderr);
    assert!(s.engine.now() > 0);
}

/// busybox nslookup prints its answer, including `** server can't find
/// HOST: NXDOMAIN`, on stdout (scripts-and-traces.md §2 `kubectl run`); only
/// kubectl's own `pod default/NAME terminated (Error)` goes to stderr.
#[test]
fn nslookup_nxdomain_is_stdout() {
    let mut s = Session::new(Config::default());
    let r = s.run(
        "kubectl run dns --rm -i --image=busybox --restart=Never -- nslookup nope.nginx",
        NO_WAIT,
    );
    assert!(!r.ok);
    assert_eq!(
        r.stdout.last().map(String::as_str),
        Some("pod \"dns\" deleted")
    );
    assert!(r
        .stdout
        .contains(&"** server can't find nope.nginx: NXDOMAIN".to_string()));
    assert_eq!(r.stderr, ["pod default/dns terminated (Error)"]);
}

/// `No resources found in default namespace.` comes only with kubectl's
/// human-readable printers (table, wide); the generic printers print the
/// empty list their way and nothing on stderr (kubectl get.go printGeneric;
/// scripts-and-traces.md §2 `kubectl get`).
#[test]
fn no_resources_found_only_for_tables() {
    let mut s = Session::new(Config::default());
    for cmd in [
        "kubectl get pods",
        "kubectl get pods -o wide",
        "kubectl get all",
    ] {
        let r = s.run(cmd, NO_WAIT);
        assert_eq!(
            r.stderr,
            ["No resources found in default namespace."],
            "{cmd}"
        );
    }
    for cmd in [
        "kubectl get pods -o name",
        "kubectl get pods -o json",
        "kubectl get pods -o yaml",
        "kubectl get pods -o jsonpath={.items}",
        "kubectl get all -o name",
    ] {
        let r = s.run(cmd, NO_WAIT);
        assert!(r.ok, "{cmd}");
        assert!(r.stderr.is_empty(), "{cmd}: {:?}", r.stderr);
    }
    let r = s.run("kubectl get pods -o name", NO_WAIT);
    assert!(r.stdout.is_empty(), "{:?}", r.stdout);
}

/// `kubectl get events` lists in the API server's name order (grouped by
/// involved object), not in recording order; `kubectl events` sorts by time.
#[test]
fn get_events_in_name_order() {
    let mut s = Session::new(Config::default());
    assert!(s.run(STS, RunOptions { wait: true }).ok);
    assert!(s.run("sleep 20", RunOptions { wait: true }).ok);
    let r = s.run("kubectl get events -o name", NO_WAIT);
    assert!(r.ok);
    let mut sorted = r.stdout.clone();
    sorted.sort();
    assert_eq!(r.stdout, sorted);
    // The set's own events come after its pods' (`web-0.` < `web.`).
    let first_set = r.stdout.iter().position(|l| l.starts_with("event/web.1"));
    let last_pod = r.stdout.iter().rposition(|l| l.starts_with("event/web-"));
    assert!(first_set > last_pod, "{:?}", r.stdout);
    let t = s.run("kubectl events", NO_WAIT);
    assert!(
        t.stdout
            .get(1)
            .is_some_and(|l| l.contains("SuccessfulCreate")),
        "{:?}",
        t.stdout
    );
}

/// `kubectl rollout history sts/web --revision=N` prints kubectl's
/// printTemplate: DescribePodTemplate without a tabwriter (`Key:\tvalue`),
/// every line of it.
#[test]
fn rollout_history_revision_prints_the_whole_template() {
    let mut s = Session::new(Config::default());
    assert!(s.run(STS, RunOptions { wait: true }).ok);
    let r = s.run("kubectl rollout history sts/web --revision=1", NO_WAIT);
    assert!(r.ok, "{:?}", r.stderr);
    assert_eq!(
        r.stdout,
        [
            "statefulset.apps/web with revision #1",
            "Pod Template:",
            "  Labels:\tapp=nginx",
            "  Containers:",
            "   nginx:",
            "    Image:\tnginx",
            "    Port:\t<none>",
            "    Host Port:\t<none>",
            "    Environment:\t<none>",
            "    Mounts:\t<none>",
            "  Volumes:\t<none>",
            "  Node-Selectors:\t<none>",
            "  Tolerations:\t<none>",
            "",
        ]
    );
}

/// `kubectl describe sts` shows the pod template's annotations (here
/// `rollout restart`'s restartedAt) under its labels, as DescribePodTemplate.
#[test]
fn describe_sts_shows_template_annotations() {
    let mut s = Session::new(Config::default());
    assert!(s.run(STS, RunOptions { wait: true }).ok);
    assert!(s.run("kubectl rollout restart sts/web", NO_WAIT).ok);
    let r = s.run("kubectl describe sts web", NO_WAIT);
    let i = r.stdout.iter().position(|l| l == "Pod Template:");
    let next: Vec<&str> = i
        .map(|i| {
            r.stdout
                .iter()
                .skip(i + 1)
                .take(2)
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        next.first(),
        Some(&"  Labels:       app=nginx"),
        "{:?}",
        r.stdout
    );
    assert!(
        next.get(1)
            .is_some_and(|l| l.starts_with("  Annotations:  kubectl.kubernetes.io/restartedAt: ")),
        "{:?}",
        r.stdout
    );
}

/// `RunResult::lines` keeps both streams in write order: kubectl's warning
/// comes before the result it precedes on a terminal.
#[test]
fn run_result_lines_keep_write_order() {
    let mut s = Session::new(Config::default());
    s.run(STS, NO_WAIT);
    let r = s.run("kubectl delete pod web-0 --grace-period=0 --force", NO_WAIT);
    let first = r.lines.first().cloned().unwrap_or_default();
    assert!(
        first.0 && first.1.starts_with("Warning: Immediate deletion"),
        "{:?}",
        r.lines
    );
    assert_eq!(
        r.lines.get(1),
        Some(&(false, "pod \"web-0\" force deleted".to_string()))
    );
    assert_eq!(r.lines.len(), r.stdout.len() + r.stderr.len());
}

/// `kubectl events` prints a repeated event's LAST SEEN as kubectl's
/// getInterval does: `30s (x2 over 36s)`; `get events` shows only the last.
#[test]
fn kubectl_events_shows_repeats_like_kubectl() {
    let mut s = Session::new(Config::default());
    let wait = RunOptions { wait: true };
    s.run(STS, NO_WAIT);
    s.run("kubectl rollout status sts/web", wait);
    s.run("kubectl delete pod web-1", wait);
    s.run("sleep 30", wait);
    // The row of web-1's creation, which happened twice.
    let mut row = |cmd: &str| {
        s.run(cmd, NO_WAIT)
            .stdout
            .into_iter()
            .find(|l| l.contains("create Pod web-1"))
            .unwrap_or_default()
    };
    let events = row("kubectl events --for sts/web");
    assert!(events.contains(" (x2 over "), "{events}");
    let get = row("kubectl get events");
    assert!(
        !get.contains(" (x2 over ") && get.contains("statefulset/web"),
        "{get}"
    );
}
