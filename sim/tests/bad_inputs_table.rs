//! The engine side of the bad-inputs table (issue 6, part 2;
//! `docs/bad-inputs.md`). Every row is typed into a cluster running the
//! kubernetes.io tutorial's StatefulSet exactly as the console and the
//! manifest editor send it (`Session::run` with `wait: false`), and must
//!
//! 1. fail (exit status non-zero),
//! 2. print exactly the error in the table (stderr, lines joined by `\n`),
//! 3. leave the cluster unchanged: every object of every kind, serialized,
//!    and the virtual clock are byte-for-byte the same before and after.
//!
//! Page-level rows (share fragment, local storage, URL parameters) are
//! decoded here through `sim::share` for their exact message; their
//! in-page behaviour is tested by `e2e/harden-*.test.mjs`.
//!
//! The Markdown table between the `engine-rows` markers of
//! `docs/bad-inputs.md` is generated from these rows; the test fails when it
//! is stale. `BLESS=1 cargo test -p sim --test bad_inputs_table` rewrites it.

use sim::script::{RunOptions, Session};
use sim::share;
use sim::{Config, Kind};
use std::path::PathBuf;

/// One bad input and what the user sees.
struct Row {
    id: &'static str,
    place: &'static str,
    what: &'static str,
    /// What is typed; `@1MB@` stands for a 1 MiB word.
    input: &'static str,
    /// stderr, lines joined with `\n` (with `@1MB@` as in the input).
    error: &'static str,
}

const MB: &str = "@1MB@";

const ROWS: &[Row] = &[
    Row {
        id: "unknown-verb",
        place: "console",
        what: "unknown kubectl verb (typo)",
        input: "kubectl scael sts web --replicas=3",
        error: "error: unknown command \"scael\" for \"kubectl\"\n\nDid you mean this?\n\tscale",
    },
    Row {
        id: "unknown-program",
        place: "console",
        what: "a program the playground does not have",
        input: "frobnicate --now",
        error: "frobnicate: command not found (scripts run kubectl, sim and sleep; try kubectl help)",
    },
    Row {
        id: "unknown-sim-verb",
        place: "console",
        what: "unknown `sim` verb",
        input: "sim explode pod/web-0",
        error: "sim: unknown verb \"explode\"\nusage: sim readiness pod/NAME fail|pass | sim crash pod/NAME | sim evict pod/NAME | sim node NODE down|up | sim image IMAGE ok|pull-error|never-ready|crash | sim pvc NAME hold|release | sim load sts/NAME PERCENT | sim settle [--timeout=DURATION] | sim seed N",
    },
    Row {
        id: "kubectl-unknown-flag",
        place: "console",
        what: "a flag kubectl itself does not have",
        input: "kubectl --frobnicate",
        error: "error: unknown flag: --frobnicate\nSee 'kubectl --help' for usage.",
    },
    Row {
        id: "unbalanced-single",
        place: "console",
        what: "unbalanced single quote",
        input: "kubectl get pods 'web-0",
        error: "error: line 1, column 18: unterminated quote (')",
    },
    Row {
        id: "unbalanced-double",
        place: "console",
        what: "unbalanced double quote",
        input: "kubectl get pods \"web-0",
        error: "error: line 1, column 18: unterminated quote (\")",
    },
    Row {
        id: "heredoc-no-end",
        place: "console",
        what: "here-document without its end line",
        input: "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Service\nmetadata:\n  name: other",
        error: "error: line 1, column 1: here-document delimited by end-of-file (wanted 'EOF')",
    },
    Row {
        id: "pipe",
        place: "console",
        what: "a pipe",
        input: "kubectl get pods | grep web",
        error: "error: line 1, column 18: pipes (|) are not supported: one command per line",
    },
    Row {
        id: "command-list",
        place: "console",
        what: "`;` command list",
        input: "kubectl get pods; kubectl delete sts web",
        error: "error: line 1, column 17: command lists (;) are not supported: put each command on its own line",
    },
    Row {
        id: "variable",
        place: "console",
        what: "shell variable",
        input: "echo $HOME",
        error: "error: line 1, column 6: variables and command substitution ($) are not supported: write the value itself",
    },
    Row {
        id: "unknown-flag",
        place: "console",
        what: "unknown flag",
        input: "kubectl scale sts web --replicas=3 --bogus",
        error: "error: unknown flag: --bogus\nSee 'kubectl scale --help' for usage.",
    },
    Row {
        id: "replicas-negative",
        place: "console",
        what: "replicas −1",
        input: "kubectl scale sts web --replicas=-1",
        error: "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
    },
    Row {
        id: "replicas-billion",
        place: "console",
        what: "replicas 10⁹",
        input: "kubectl scale sts web --replicas=1000000000",
        error: "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (simulator limit)",
    },
    Row {
        id: "replicas-ceiling",
        place: "console",
        what: "replicas one above the ceiling (10,000)",
        input: "kubectl scale sts web --replicas=10001",
        error: "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: 10001: must be less than or equal to 10000 (simulator limit)",
    },
    Row {
        id: "replicas-word",
        place: "console",
        what: "replicas \"three\"",
        input: "kubectl scale sts web --replicas=three",
        error: "error: invalid argument \"three\" for \"--replicas\" flag: strconv.ParseInt: parsing \"three\": invalid syntax\nSee 'kubectl scale --help' for usage.",
    },
    Row {
        id: "not-found",
        place: "console",
        what: "a pod that does not exist",
        input: "kubectl get pod web-9",
        error: "Error from server (NotFound): pods \"web-9\" not found",
    },
    Row {
        id: "unknown-type",
        place: "console",
        what: "a resource type the simulator does not have",
        input: "kubectl get configmaps",
        error: "error: the server doesn't have a resource type \"configmaps\"",
    },
    Row {
        id: "other-namespace",
        place: "console",
        what: "another namespace",
        input: "kubectl get pods -n kube-system",
        error: "error: the playground cluster has only the \"default\" namespace (got -n kube-system)",
    },
    Row {
        id: "megabyte-line",
        place: "console",
        what: "a 1 MB line (one 1 MiB word)",
        input: "kubectl get pods @1MB@",
        error: "Error from server (NotFound): pods \"@1MB@\" not found",
    },
    Row {
        id: "control-chars",
        place: "console",
        what: "control characters (NUL, ESC) in a name",
        input: "kubectl get pod web\u{0}\u{1b}[2J",
        // Go's %q, as apimachinery's NewNotFound writes it.
        error: "Error from server (NotFound): pods \"web\\x00\\x1b[2J\" not found",
    },
    Row {
        id: "markup-name",
        place: "console",
        what: "markup in a name",
        input: "kubectl get pod '<img src=x onerror=alert(1)>'",
        error: "Error from server (NotFound): pods \"<img src=x onerror=alert(1)>\" not found",
    },
    Row {
        id: "bad-jsonpath",
        place: "console",
        what: "unclosed JSONPath action",
        input: "kubectl get pods -o 'jsonpath={.items[*'",
        error: "error: error parsing jsonpath {.items[*, unclosed action",
    },
    Row {
        id: "bad-output",
        place: "console",
        what: "unknown output format",
        input: "kubectl get pods -o wide -o xml",
        error: "error: unable to match a printer suitable for the output format \"xml\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml",
    },
    Row {
        id: "bad-selector",
        place: "console",
        what: "malformed label selector",
        input: "kubectl get pods -l 'app in (a'",
        error: "error: unable to parse requirement: found 'app in (a', expected: identifier",
    },
    Row {
        id: "bad-cascade",
        place: "console",
        what: "unknown cascade mode",
        input: "kubectl delete sts web --cascade=sideways",
        error: "error: invalid cascade value (sideways). Must be \"background\", \"foreground\", or \"orphan\".",
    },
    Row {
        id: "bad-grace",
        place: "console",
        what: "non-numeric grace period",
        input: "kubectl delete pod web-0 --grace-period=abc",
        error: "error: invalid argument \"abc\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl delete --help' for usage.",
    },
    Row {
        id: "bad-sleep",
        place: "console",
        what: "`sleep` with a word",
        input: "sleep forever",
        error: "sleep: invalid time interval 'forever'\nTry 'sleep --help' for more information.",
    },
    Row {
        id: "bad-timeout",
        place: "console",
        what: "`wait` with a malformed timeout",
        input: "kubectl wait --for=condition=Ready pod/web-0 --timeout=soon",
        error: "error: invalid argument \"soon\" for \"--timeout\" flag: time: invalid duration \"soon\"\nSee 'kubectl wait --help' for usage.",
    },
    Row {
        id: "patch-selector",
        place: "console",
        what: "immutable field edit: selector",
        input: "kubectl patch sts web -p '{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}'",
        error: "The StatefulSet \"web\" is invalid: \n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`\n* spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
    Row {
        id: "patch-policy",
        place: "console",
        what: "immutable field edit: podManagementPolicy",
        input: "kubectl patch sts web -p '{\"spec\":{\"podManagementPolicy\":\"Parallel\"}}'",
        error: "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
    Row {
        id: "patch-not-json",
        place: "console",
        what: "patch that is not JSON",
        input: "kubectl patch sts web -p '{not json'",
        error: "error: unable to parse \"{not json\": yaml: did not find expected node content",
    },
    Row {
        id: "patch-json-missing",
        place: "console",
        what: "JSON patch removing a missing path",
        input: "kubectl patch sts web --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'",
        error: "Error from server (UnprocessableEntity): remove operation does not apply: doc is missing path: \"/spec/nope\": missing value",
    },
    Row {
        id: "patch-negative",
        place: "console",
        what: "patch replicas −5",
        input: "kubectl patch sts web -p '{\"spec\":{\"replicas\":-5}}'",
        error: "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -5: must be greater than or equal to 0",
    },
    Row {
        id: "patch-empty-image",
        place: "console",
        what: "patch an empty image",
        input: "kubectl patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"\"}]}}}}'",
        error: "The StatefulSet \"web\" is invalid: spec.template.spec.containers[0].image: Required value",
    },
    Row {
        id: "undo-missing",
        place: "console",
        what: "rollback to a revision that does not exist",
        input: "kubectl rollout undo sts/web --to-revision=99",
        error: "error: unable to find specified revision 99 in history",
    },
    Row {
        id: "unknown-node",
        place: "console",
        what: "`sim` on a node that does not exist",
        input: "sim node node-9 down",
        error: "Error from server (NotFound): nodes \"node-9\" not found",
    },
    Row {
        id: "bad-image-mode",
        place: "console",
        what: "unknown image behaviour",
        input: "sim image nginx wobble",
        error: "sim: usage: sim image IMAGE ok|pull-error|never-ready|crash",
    },
    Row {
        id: "exec-unknown",
        place: "console",
        what: "exec of a program the pod does not have",
        input: "kubectl exec web-0 -- rm -rf /",
        error: "OCI runtime exec failed: exec failed: unable to start container process: exec: \"rm\": executable file not found in $PATH: unknown\ncommand terminated with exit code 126",
    },
    Row {
        id: "yaml-invalid",
        place: "manifest editor",
        what: "invalid YAML",
        input: "kubectl apply -f - <<'EOF'\nkind: [Service\nEOF",
        error: "error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'",
    },
    Row {
        id: "yaml-list",
        place: "manifest editor",
        what: "a YAML list instead of an object",
        input: "kubectl apply -f - <<'EOF'\n- apiVersion: v1\n  kind: Service\nEOF",
        error: "error: error parsing STDIN: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
    },
    Row {
        id: "wrong-kind",
        place: "manifest editor",
        what: "a kind the simulator does not have",
        input: "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\nEOF",
        error: "error: resource mapping not found for name: \"cfg\" namespace: \"\" from \"STDIN\": no matches for kind \"ConfigMap\" in version \"v1\"\nensure CRDs are installed first",
    },
    Row {
        id: "wrong-version",
        place: "manifest editor",
        what: "wrong apiVersion",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v2\nkind: StatefulSet\nmetadata:\n  name: web\nEOF",
        error: "error: resource mapping not found for name: \"web\" namespace: \"\" from \"STDIN\": no matches for kind \"StatefulSet\" in version \"apps/v2\"\nensure CRDs are installed first",
    },
    Row {
        id: "no-name",
        place: "manifest editor",
        what: "no metadata.name",
        input: "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    app: x\nEOF",
        error: "error: error when retrieving current configuration of:\nResource: \"v1, Resource=services\", GroupVersionKind: \"v1, Kind=Service\"\nName: \"\", Namespace: \"default\"\nfrom server for: \"STDIN\": resource name may not be empty",
    },
    Row {
        id: "name-not-dns",
        place: "manifest editor",
        what: "name that is not a DNS-1123 label",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: Web_1\nspec:\n  serviceName: nginx\n  replicas: 1\n  selector:\n    matchLabels:\n      app: w\n  template:\n    metadata:\n      labels:\n        app: w\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF",
        error: "The StatefulSet \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    },
    Row {
        id: "name-markup",
        place: "manifest editor",
        what: "markup in a name",
        input: "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Service\nmetadata:\n  name: \"<b>web</b>\"\nspec:\n  clusterIP: None\nEOF",
        error: "The Service \"<b>web</b>\" is invalid: metadata.name: Invalid value: \"<b>web</b>\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    },
    Row {
        id: "yaml-replicas-word",
        place: "manifest editor",
        what: "replicas \"three\"",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w2\nspec:\n  serviceName: nginx\n  replicas: \"three\"\n  selector:\n    matchLabels:\n      app: w2\n  template:\n    metadata:\n      labels:\n        app: w2\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF",
        error: "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32",
    },
    Row {
        id: "yaml-replicas-negative",
        place: "manifest editor",
        what: "replicas −1",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w2\nspec:\n  serviceName: nginx\n  replicas: -1\n  selector:\n    matchLabels:\n      app: w2\n  template:\n    metadata:\n      labels:\n        app: w2\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF",
        error: "The StatefulSet \"w2\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    },
    Row {
        id: "yaml-replicas-billion",
        place: "manifest editor",
        what: "replicas 10⁹",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w2\nspec:\n  serviceName: nginx\n  replicas: 1000000000\n  selector:\n    matchLabels:\n      app: w2\n  template:\n    metadata:\n      labels:\n        app: w2\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF",
        error: "The StatefulSet \"w2\" is invalid: spec.replicas: Invalid value: 1000000000: must be less than or equal to 10000 (simulator limit)",
    },
    Row {
        id: "unknown-field",
        place: "manifest editor",
        what: "misspelt field (`replica`)",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w2\nspec:\n  serviceName: nginx\n  replica: 3\n  selector:\n    matchLabels:\n      app: w2\n  template:\n    metadata:\n      labels:\n        app: w2\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF",
        error: "Error from server (BadRequest): error when creating \"STDIN\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"",
    },
    Row {
        id: "selector-mismatch",
        place: "manifest editor",
        what: "selector does not match the template labels",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w2\nspec:\n  serviceName: nginx\n  replicas: 1\n  selector:\n    matchLabels:\n      app: w2\n  template:\n    metadata:\n      labels:\n        app: other\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF",
        error: "The StatefulSet \"w2\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
    },
    Row {
        id: "immutable-apply",
        place: "manifest editor",
        what: "immutable field edit: serviceName",
        input: "kubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: other\n  replicas: 2\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: registry.k8s.io/nginx-slim:0.24\nEOF",
        error: "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    },
    Row {
        id: "create-existing",
        place: "manifest editor",
        what: "`create` of an object that exists",
        input: "kubectl create -f - <<'EOF'\napiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\nEOF",
        error: "Error from server (AlreadyExists): error when creating \"STDIN\": services \"nginx\" already exists",
    },
    Row {
        id: "load-negative",
        place: "console",
        what: "negative `sim load`",
        input: "sim load sts/web -50",
        error: "sim: usage: sim load sts/NAME PERCENT",
    },
    Row {
        id: "load-not-a-number",
        place: "console",
        what: "`sim load` that is not a number",
        input: "sim load sts/web lots",
        error: "sim: usage: sim load sts/NAME PERCENT",
    },
    Row {
        id: "load-no-target",
        place: "console",
        what: "`sim load` without a target",
        input: "sim load 200",
        error: "sim: usage: sim load sts/NAME PERCENT",
    },
    Row {
        id: "load-unknown-set",
        place: "console",
        what: "`sim load` on a set that does not exist",
        input: "sim load sts/db 200",
        error: "Error from server (NotFound): statefulsets.apps \"db\" not found",
    },
    Row {
        id: "autoscale-no-max",
        place: "console",
        what: "`kubectl autoscale` without `--max`",
        input: "kubectl autoscale sts web --min=2",
        error: "error: --max=MAXPODS is required and must be at least 1, max: -1",
    },
    Row {
        id: "autoscale-max-below-min",
        place: "console",
        what: "`kubectl autoscale` with `--max` below `--min`",
        input: "kubectl autoscale sts web --min=5 --max=2",
        error: "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5",
    },
    Row {
        id: "autoscale-pod",
        place: "console",
        what: "`kubectl autoscale` of a pod",
        input: "kubectl autoscale pod web-0 --max=3",
        error: "error: cannot autoscale a Pod",
    },
    Row {
        id: "hpa-max-below-min",
        place: "manifest editor",
        what: "HorizontalPodAutoscaler with maxReplicas below minReplicas",
        input: "kubectl apply -f - <<'EOF'\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: StatefulSet\n    name: web\n  minReplicas: 4\n  maxReplicas: 2\nEOF",
        error: "The HorizontalPodAutoscaler \"web\" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
    },
    Row {
        id: "hpa-min-zero",
        place: "manifest editor",
        what: "HorizontalPodAutoscaler with minReplicas 0",
        input: "kubectl apply -f - <<'EOF'\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: StatefulSet\n    name: web\n  minReplicas: 0\n  maxReplicas: 3\nEOF",
        error: "The HorizontalPodAutoscaler \"web\" is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
    },
    Row {
        id: "timeout-no-unit",
        place: "console",
        what: "`rollout status` with a timeout without a unit",
        input: "kubectl rollout status sts/web --timeout=5",
        error: "error: invalid argument \"5\" for \"--timeout\" flag: time: missing unit in duration \"5\"\nSee 'kubectl rollout status --help' for usage.",
    },
    Row {
        id: "undo-not-a-number",
        place: "console",
        what: "rollback to a revision that is not a number",
        input: "kubectl rollout undo sts/web --to-revision=two",
        error: "error: invalid argument \"two\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"two\": invalid syntax\nSee 'kubectl rollout undo --help' for usage.",
    },
    Row {
        id: "undo-negative",
        place: "console",
        what: "rollback to a negative revision",
        input: "kubectl rollout undo sts/web --to-revision=-1",
        error: "error: unable to find specified revision -1 in history",
    },
    Row {
        id: "exec-no-dash",
        place: "console",
        what: "exec without `--` before the command",
        input: "kubectl exec web-0 hostname",
        error: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
    },
    Row {
        id: "patch-no-patch",
        place: "console",
        what: "patch without a patch",
        input: "kubectl patch sts web",
        error: "error: must specify --patch or --patch-file containing the contents of the patch",
    },
    Row {
        id: "describe-nothing",
        place: "console",
        what: "describe without a type",
        input: "kubectl describe",
        error: "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
    },
];

/// Bad share links and autosave entries: (id, place, what, fragment, error).
/// The page shows the error in its banner and runs the default scenario.
const FRAGMENTS: &[(&str, &str, &str, &str, &str)] = &[
    ("frag-empty", "URL fragment", "empty fragment after `#v1.`", "#v1.",
     "this link is damaged or from a newer version: the compressed data is corrupt"),
    ("frag-version", "URL fragment", "a newer format version", "#v2.AAAA",
     "this link is damaged or from a newer version: format version \"v2\" is not known to this playground (it reads v1)"),
    ("frag-no-prefix", "URL fragment", "not a playground link at all", "#section-2",
     "this link is damaged or from a newer version: it does not start with \"v1.\""),
    ("frag-bad-char", "URL fragment", "a character outside base64url", "#v1.ab$c",
     "this link is damaged or from a newer version: it contains the character '$', which links do not use"),
    ("frag-cut", "URL fragment", "a link cut short by a mail client", "#v1.JY3NCsIwEIRfZ",
     "this link is damaged or from a newer version: its encoded data has been cut short"),
    ("frag-corrupt", "URL fragment", "valid base64url that is not deflate data", "#v1.AAAAAAAA",
     "this link is damaged or from a newer version: the compressed data is corrupt"),
    ("frag-markup", "URL fragment", "markup in the fragment", "#v1.<script>alert(1)</script>",
     "this link is damaged or from a newer version: its encoded data has been cut short"),
    ("storage-garbage", "local storage", "autosave entry overwritten with JSON", "{\"script\":1}",
     "this link is damaged or from a newer version: it does not start with \"v1.\""),
];

fn snapshot(s: &Session) -> Vec<String> {
    let mut out = vec![format!("now={}", s.engine.now())];
    for k in Kind::ALL {
        for o in s.engine.list(k) {
            out.push(serde_json::to_string(&o.to_json()).unwrap_or_default());
        }
    }
    out
}

fn base() -> Session {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/manifest_yaml/basics.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap_or_default();
    let mut s = Session::new(Config::default());
    let r = s.run(
        &format!("kubectl apply -f - <<'EOF'\n{yaml}EOF\n"),
        RunOptions { wait: true },
    );
    assert!(r.ok, "setup: {:?}", r.stderr);
    let r = s.run("sim settle --timeout=5m", RunOptions { wait: true });
    assert!(r.ok, "setup: {:?}", r.stderr);
    assert_eq!(
        s.engine.list(Kind::Pod).len(),
        2,
        "setup runs web-0 and web-1"
    );
    s
}

#[test]
fn every_bad_input_fails_with_its_message_and_changes_nothing() {
    let base = base();
    let mb = "a".repeat(1 << 20);
    let mut failures = Vec::new();
    for row in ROWS {
        let input = row.input.replace(MB, &mb);
        let mut s = base.clone();
        let before = snapshot(&s);
        let records_before = s.engine.records().len();
        let r = s.run(&input, RunOptions { wait: false });
        let after = snapshot(&s);
        let err = r.stderr.join("\n").replace(&mb, MB);
        if r.ok {
            failures.push(format!("{}: succeeded but must fail", row.id));
        }
        if err != row.error {
            failures.push(format!(
                "{}: stderr\n  got:  {err:?}\n  want: {:?}",
                row.id, row.error
            ));
        }
        if before != after {
            failures.push(format!("{}: the cluster changed", row.id));
        }
        if s.engine.records().len() <= records_before {
            failures.push(format!(
                "{}: the command and its error are not in the trace",
                row.id
            ));
        }
        // The session still responds: a good command works afterwards.
        let next = s.run("kubectl get sts web -o name", RunOptions { wait: false });
        if next.stdout != ["statefulset.apps/web"] {
            failures.push(format!(
                "{}: the session no longer responds ({next:?})",
                row.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_ceiling_itself_is_accepted() {
    let mut s = base();
    let r = s.run(
        "kubectl scale sts web --replicas=10000",
        RunOptions { wait: false },
    );
    assert!(r.ok, "{:?}", r.stderr);
    assert_eq!(r.stdout, ["statefulset.apps/web scaled"]);
}

#[test]
fn bad_fragments_are_refused_with_their_message() {
    let mut failures = Vec::new();
    for (id, _, _, frag, want) in FRAGMENTS {
        match share::decode(frag) {
            Ok(s) => failures.push(format!("{id}: decoded to {s:?}")),
            Err(e) if &e.to_string() != want => failures.push(format!(
                "{id}:\n  got:  {:?}\n  want: {want:?}",
                e.to_string()
            )),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ids_are_unique_and_the_table_is_big_enough() {
    let mut ids: Vec<&str> = ROWS
        .iter()
        .map(|r| r.id)
        .chain(FRAGMENTS.iter().map(|f| f.0))
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate row id");
    assert!(n >= 30, "issue 6 asks for at least 30 rows");
}

// ------------------------------------------------------------ the doc table

fn cell(s: &str, limit: usize) -> String {
    let mut out = String::new();
    for (shown, ch) in s.chars().enumerate() {
        if shown == limit {
            out.push('…');
            break;
        }
        match ch {
            '\n' => out.push('⏎'),
            '\t' => out.push_str("\\t"),
            '|' => out.push_str("\\|"),
            '`' => out.push('ˋ'),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    format!("`{out}`")
}

fn table() -> String {
    let mut t = String::from("| # | id | where | bad input | typed | what the user sees (stderr, ⏎ = new line) |\n|---|---|---|---|---|---|\n");
    let mut n = 0;
    for r in ROWS {
        n += 1;
        t.push_str(&format!(
            "| {n} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.place,
            r.what,
            cell(r.input, 160),
            cell(r.error, 400)
        ));
    }
    for (id, place, what, frag, err) in FRAGMENTS {
        n += 1;
        t.push_str(&format!(
            "| {n} | {id} | {place} | {what} | {} | {} |\n",
            cell(frag, 80),
            cell(err, 400)
        ));
    }
    t
}

#[test]
fn docs_table_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/bad-inputs.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = ("<!-- engine-rows:start -->\n", "<!-- engine-rows:end -->");
    let (Some(a), Some(b)) = (doc.find(start), doc.find(end)) else {
        panic!("docs/bad-inputs.md lacks the engine-rows markers");
    };
    let fresh = format!("{}{start}{}{}", &doc[..a], table(), &doc[b..]);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{e}"));
    } else {
        assert!(
            fresh == doc,
            "docs/bad-inputs.md is stale: run BLESS=1 cargo test -p sim --test bad_inputs_table"
        );
    }
}
