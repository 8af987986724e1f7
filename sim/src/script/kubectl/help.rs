//! `kubectl help`, `kubectl --help` and `kubectl VERB --help` (`-h`): the
//! commands the playground simulates, in kubectl's words and layout (cobra's
//! help template), with usage lines that name only the flags the playground
//! accepts. kubectl's own error texts end in "See 'kubectl scale --help' for
//! usage.", so that advice has to work here too.

use super::super::Ctx;

/// One command's help: kubectl's one-line description (its `Short`) and
/// the usage the playground accepts.
struct Help {
    cmd: &'static str,
    short: &'static str,
    usage: &'static str,
}

const fn h(cmd: &'static str, short: &'static str, usage: &'static str) -> Help {
    Help { cmd, short, usage }
}

/// kubectl's root help groups, restricted to the simulated verbs.
const GROUPS: &[(&str, &[&str])] = &[
    ("Basic Commands (Beginner)", &["create", "run", "set"]),
    ("Basic Commands (Intermediate)", &["get", "delete"]),
    ("Deploy Commands", &["rollout", "scale", "autoscale"]),
    (
        "Cluster Management Commands",
        &["cordon", "uncordon", "drain"],
    ),
    (
        "Troubleshooting and Debugging Commands",
        &["describe", "exec", "events"],
    ),
    ("Advanced Commands", &["apply", "patch", "replace", "wait"]),
    ("Settings Commands", &["label", "annotate"]),
];

const HELP: &[Help] = &[
    h("annotate", "Update the annotations on a resource", "kubectl annotate [--overwrite] TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]"),
    h("apply", "Apply a configuration to a resource by file name or stdin", "kubectl apply -f - [--validate=strict|warn|ignore] [--save-config] [options]"),
    h("autoscale", "Auto-scale a deployment, replica set, stateful set, or replication controller", "kubectl autoscale TYPE NAME [--min=MINPODS] --max=MAXPODS [--cpu=CPU] [--cpu-percent=CPU] [--name=NAME] [options]"),
    h("cordon", "Mark node as unschedulable", "kubectl cordon NODE [options]"),
    h("create", "Create a resource from a file or from stdin", "kubectl create -f - [--validate=strict|warn|ignore] [--save-config] [options]"),
    h("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector", "kubectl delete (-f - | TYPE [(NAME | -l label | --all)]) [--grace-period=SECONDS] [--force] [--now] [--wait] [--cascade=background|orphan|foreground] [--ignore-not-found] [--timeout=DURATION] [options]"),
    h("describe", "Show details of a specific resource or group of resources", "kubectl describe (TYPE [NAME_PREFIX] | TYPE/NAME | -l label) [--show-events=false] [options]"),
    h("drain", "Drain node in preparation for maintenance", "kubectl drain NODE [--ignore-daemonsets] [--delete-emptydir-data] [--force] [--grace-period=SECONDS] [--timeout=DURATION] [options]"),
    h("events", "List events", "kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [options]"),
    h("exec", "Execute a command in a container", "kubectl exec (POD | TYPE/NAME) [-i] [-t] [-c CONTAINER] -- COMMAND [args...] [options]"),
    h("get", "Display one or many resources", "kubectl get TYPE[.VERSION][.GROUP] [NAME | -l label] [-o wide|name|yaml|json|jsonpath=...|custom-columns=...] [--sort-by=FIELD] [--field-selector=...] [-L label] [--show-labels] [--no-headers] [-w] [--watch-only] [--ignore-not-found] [-A] [options]"),
    h("label", "Update the labels on a resource", "kubectl label [--overwrite] TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]"),
    h("patch", "Update fields of a resource", "kubectl patch (TYPE NAME | TYPE/NAME) [-p PATCH] [--type=strategic|merge|json] [--local] [options]"),
    h("replace", "Replace a resource by file name or stdin", "kubectl replace -f - [options]"),
    h("rollout", "Manage the rollout of a resource", "kubectl rollout SUBCOMMAND [options]\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout"),
    h("rollout history", "View rollout history", "kubectl rollout history (TYPE NAME | TYPE/NAME) [--revision=N] [options]"),
    h("rollout restart", "Restart a resource", "kubectl rollout restart RESOURCE [options]"),
    h("rollout status", "Show the status of the rollout", "kubectl rollout status (TYPE NAME | TYPE/NAME) [-w=false] [--revision=N] [--timeout=DURATION] [options]"),
    h("rollout undo", "Undo a previous rollout", "kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N] [options]"),
    h("run", "Run a particular image on the cluster", "kubectl run NAME --image=image [--restart=Never] [--rm] [-i] [-t] [--attach] [--command] -- [COMMAND] [args...] [options]"),
    h("scale", "Set a new size for a deployment, replica set, or replication controller", "kubectl scale [--current-replicas=count] --replicas=COUNT (TYPE NAME | TYPE/NAME) [--timeout=DURATION] [options]"),
    h("set", "Set specific features on objects", "kubectl set SUBCOMMAND [options]\n\nAvailable Commands:\n  image         Update the image of a pod template"),
    h("set image", "Update the image of a pod template", "kubectl set image (TYPE NAME | TYPE/NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... [options]"),
    h("uncordon", "Mark node as schedulable", "kubectl uncordon NODE [options]"),
    h("wait", "Experimental: Wait for a specific condition on one or many resources", "kubectl wait (TYPE NAME | TYPE/NAME | TYPE -l label | TYPE --all) --for=delete|condition=NAME[=VALUE]|jsonpath='{.field}'=VALUE [--timeout=DURATION] [options]"),
];

/// `-h` or `--help` before any `--` (cobra's help flag, on every command).
pub fn asks_help(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "-h" || a == "--help" || a == "--help=true")
}

/// The command path help is asked for: `rollout status` when the second
/// word is a subcommand with help of its own, else the verb.
fn command_path(words: &[String]) -> Option<&'static Help> {
    let verb = words.first()?;
    let sub = words
        .get(1)
        .filter(|w| !w.starts_with('-'))
        .and_then(|s| HELP.iter().find(|x| x.cmd == format!("{verb} {s}")));
    sub.or_else(|| HELP.iter().find(|x| x.cmd == verb))
}

/// Prints help for `words` (`[]` for the root; `["scale"]`; `["rollout",
/// "status"]`). An unknown command fails as `kubectl help NAME` does.
pub fn print(ctx: &mut Ctx, words: &[String]) {
    if words.is_empty() {
        return ctx.out(root());
    }
    match command_path(words) {
        Some(x) => ctx.out(format!(
            "{}.\n\nUsage:\n  {}\n\nEvery command also takes -n, --namespace=NAME.",
            x.short, x.usage
        )),
        // cobra's help command: a message and the root usage, exit status 0.
        None => ctx.warn(format!(
            "Unknown help topic [{}]\n{}",
            words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(" "),
            root()
        )),
    }
}

fn root() -> String {
    let mut s = String::from(
        "kubectl controls the Kubernetes cluster manager.\n\nThis playground simulates the commands below; the rest of kubectl is not modelled.\n",
    );
    for (group, cmds) in GROUPS {
        s.push_str(&format!("\n{group}:\n"));
        for c in *cmds {
            let short = HELP.iter().find(|x| x.cmd == *c).map_or("", |x| x.short);
            s.push_str(&format!("  {c:<15} {short}\n"));
        }
    }
    s.push_str("\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\nThe playground also runs `sim …` (cluster events such as sim node node-1 down; type sim for the list) and `sleep DURATION`.");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::{Config, RunOptions, Session};

    /// Runs each line on a fresh cluster; returns (all ok, stdout + stderr).
    fn run_lines(lines: &[&str]) -> String {
        let mut s = Session::new(Config::default());
        let mut text = String::new();
        for l in lines {
            let r = s.run(l, RunOptions { wait: false });
            text.push_str(&r.stdout.join("\n"));
            text.push_str(&r.stderr.join("\n"));
            if !r.ok {
                text.push_str("\n[failed]");
            }
        }
        text
    }

    #[test]
    fn every_verb_has_help_and_a_group() {
        for v in super::super::VERBS {
            assert!(HELP.iter().any(|x| x.cmd == *v), "{v} has no help");
            assert!(
                GROUPS.iter().any(|(_, cs)| cs.contains(v)),
                "{v} is in no help group"
            );
        }
    }

    /// Every `--flag` a usage line names is one the command accepts: the help
    /// cannot advertise what the parser would call an unknown flag.
    #[test]
    fn usage_lines_name_only_accepted_flags() {
        for x in HELP {
            for flag in x
                .usage
                .split(|c: char| c.is_whitespace() || "[]()|".contains(c))
                .filter(|w| w.starts_with("--") && w.len() > 2)
            {
                let name = flag.trim_start_matches('-');
                let name = name.split('=').next().unwrap_or(name);
                let line = format!("kubectl {} --{name}=x", x.cmd);
                let out = run_lines(&[&line]);
                assert!(
                    !out.contains("unknown flag"),
                    "help for {} names --{name}, which the parser rejects: {out}",
                    x.cmd
                );
            }
        }
    }

    #[test]
    fn help_flag_prints_usage_and_succeeds() {
        let out = run_lines(&["kubectl scale --help"]);
        assert!(
            out.contains("Set a new size for a deployment")
                && out.contains("--replicas=COUNT")
                && !out.contains("error")
                && !out.contains("[failed]"),
            "{out}"
        );
        let out = run_lines(&["kubectl rollout status -h"]);
        assert!(out.contains("Show the status of the rollout."), "{out}");
        let out = run_lines(&["kubectl help"]);
        assert!(
            out.contains("Deploy Commands:") && out.contains("  scale "),
            "{out}"
        );
        // cobra: an unknown topic is reported with the root help, not failed.
        let out = run_lines(&["kubectl help frobnicate"]);
        assert!(
            out.starts_with("Unknown help topic [`frobnicate`]\nkubectl controls")
                && !out.contains("[failed]"),
            "{out}"
        );
        // Bare kubectl prints the root help and succeeds, as kubectl does.
        let out = run_lines(&["kubectl"]);
        assert!(
            out.contains("Basic Commands (Beginner):") && !out.contains("[failed]"),
            "{out}"
        );
        // After `--` a -h belongs to the command run in the container.
        let out = run_lines(&["kubectl exec web-0 -- ls -h"]);
        assert!(!out.contains("Execute a command in a container"), "{out}");
    }
}
