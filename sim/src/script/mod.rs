//! The command language (scripts-and-traces.md): script parsing, the kubectl
//! subset and `sim` verbs, kubectl-style output, and the session that runs
//! commands against an [`Engine`].
//!
//! The UI's console, buttons and lessons, the `stsplay` runner and the tests
//! all go through [`Session`]: [`Session::run`] runs one command (possibly
//! with a here-document), [`Session::run_script`] a whole script. Every
//! command and each line it prints is appended to the engine's record
//! stream ([`Engine::push_record`]), so one ordered trace holds everything.
//!
//! Also for the UI: [`complete`] (console completion), [`pod_status_text`]
//! / [`pod_ready_text`] / [`pod_restarts_text`] (kubectl's pod columns),
//! [`transcript`] (records as a terminal session), [`parse_script`] and
//! [`export_script`] (a script as bash for a real cluster).
//!
//! Layout: `parse` (words, comments, here-documents), `flags` (pflag-style
//! options), `resource` (type aliases), `manifest` (YAML documents, kind
//! mapping, strict fields), `patch` (strategic/merge/JSON patch, apply's
//! three-way patch), `kubectl/` (one file per verb group), `sim_verbs`,
//! `time` (the waiting rules of §4), `output/` (tables, JSON/YAML,
//! JSONPath, describe pages), `export`, `complete`.

mod complete;
pub mod duration;
mod export;
pub mod flags;
mod kubectl;
pub mod manifest;
pub mod output;
pub mod parse;
pub mod patch;
pub mod resource;
mod sim_verbs;
#[cfg(test)]
pub(crate) mod tests;
mod time;

pub use complete::{common_prefix, complete};
pub use export::export_script;
pub use output::status::{pod_ready_text, pod_restarts_text, pod_status_text};
pub use parse::{parse_script, ParseError, ScriptCommand};

use crate::engine::{Config, Engine};
use crate::trace::RecordBody;

/// How a command runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOptions {
    /// `true` (scripts, `stsplay`): commands that wait advance virtual time
    /// (§4). `false` (the UI, whose own clock moves time): they apply their
    /// effect and return at once; `kubectl delete` behaves like
    /// `--wait=false`; `rollout status`, `wait`, `get -w`, `sleep` and
    /// `sim settle` print the current state once.
    pub wait: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { wait: true }
    }
}

/// What one command printed and whether it succeeded (exit status 0).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunResult {
    /// Lines written to stdout.
    pub stdout: Vec<String>,
    /// Lines written to stderr.
    pub stderr: Vec<String>,
    /// Exit status 0.
    pub ok: bool,
    /// Every line in the order it was written, `true` for stderr (a
    /// terminal shows kubectl's warning before the result that follows it).
    pub lines: Vec<(bool, String)>,
}

/// Summary of a script run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptOutcome {
    /// Commands run.
    pub commands: usize,
    /// Commands that failed (non-zero exit).
    pub failed: usize,
}

impl ScriptOutcome {
    /// Every command succeeded.
    pub fn ok(&self) -> bool {
        self.failed == 0
    }
}

/// A simulated cluster plus the command interpreter in front of it.
#[derive(Clone, Debug)]
pub struct Session {
    /// The simulated cluster. Read freely; act through commands.
    pub engine: Engine,
}

impl Session {
    /// A fresh cluster (`Engine::new(config)`).
    pub fn new(config: Config) -> Session {
        Session {
            engine: Engine::new(config),
        }
    }

    /// Wraps an existing engine (e.g. a restored checkpoint).
    pub fn from_engine(engine: Engine) -> Session {
        Session { engine }
    }

    /// Runs `text`: one command, possibly continued with `\` or carrying a
    /// here-document (several commands are run in order). A parse error is
    /// reported on stderr and changes nothing.
    pub fn run(&mut self, text: &str, opts: RunOptions) -> RunResult {
        match parse_script(text) {
            Ok(cmds) => {
                let mut total = RunResult {
                    ok: true,
                    ..Default::default()
                };
                for c in &cmds {
                    let r = self.run_command(c, opts);
                    total.stdout.extend(r.stdout);
                    total.stderr.extend(r.stderr);
                    total.lines.extend(r.lines);
                    total.ok &= r.ok;
                }
                total
            }
            Err(e) => {
                self.engine.push_record(RecordBody::Command {
                    line: e.line,
                    text: text.to_string(),
                });
                let msg = format!("error: {e}");
                self.engine
                    .push_record(RecordBody::Stderr { text: msg.clone() });
                RunResult {
                    stdout: vec![],
                    stderr: vec![msg.clone()],
                    ok: false,
                    lines: vec![(true, msg)],
                }
            }
        }
    }

    /// Runs a whole script (waiting commands advance time). Parse errors
    /// stop everything before any command runs.
    pub fn run_script(&mut self, src: &str) -> Result<ScriptOutcome, ParseError> {
        let cmds = parse_script(src)?;
        let mut outcome = ScriptOutcome::default();
        for c in &cmds {
            outcome.commands += 1;
            if !self.run_command(c, RunOptions { wait: true }).ok {
                outcome.failed += 1;
            }
        }
        Ok(outcome)
    }

    /// Runs one parsed command.
    pub fn run_command(&mut self, cmd: &ScriptCommand, opts: RunOptions) -> RunResult {
        // §4: all work due at or before now is done before a command runs.
        self.engine.flush();
        self.engine.push_record(RecordBody::Command {
            line: cmd.line,
            text: cmd.text.clone(),
        });
        let mut ctx = Ctx {
            engine: &mut self.engine,
            wait: opts.wait,
            stdout: vec![],
            stderr: vec![],
            ok: true,
            lines: vec![],
        };
        dispatch(&mut ctx, &cmd.words, cmd.stdin.as_deref());
        RunResult {
            stdout: ctx.stdout,
            stderr: ctx.stderr,
            ok: ctx.ok,
            lines: ctx.lines,
        }
    }
}

fn dispatch(ctx: &mut Ctx, words: &[String], stdin: Option<&str>) {
    let Some(first) = words.first() else { return };
    let rest = words.get(1..).unwrap_or_default();
    match first.as_str() {
        "kubectl" | "k" => kubectl::run(ctx, rest, stdin),
        "sim" => sim_verbs::run(ctx, rest),
        "sleep" => time::sleep(ctx, rest),
        "echo" => ctx.out(rest.join(" ")),
        other => ctx.fail(format!(
            "{other}: command not found (scripts run kubectl, sim and sleep; try kubectl help)"
        )),
    }
}

/// Renders command/stdout/stderr records as a terminal transcript: each
/// command after `$ ` (continuation and here-document lines after `> `),
/// then what it printed. Event and change records are skipped.
pub fn transcript(records: &[crate::trace::Record]) -> String {
    let mut out = String::new();
    for r in records {
        match &r.body {
            RecordBody::Command { text, .. } => {
                for (i, line) in text.split('\n').enumerate() {
                    out.push_str(if i == 0 { "$ " } else { "> " });
                    out.push_str(line);
                    out.push('\n');
                }
            }
            RecordBody::Stdout { text } | RecordBody::Stderr { text } => {
                out.push_str(text);
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

/// An API error as kubectl prints it (`ApiError`'s display is kubectl's
/// wording, group-qualified resource names included).
pub(crate) fn api_err(e: &crate::api::ApiError) -> String {
    e.to_string()
}

/// The kubectl verbs the playground understands.
pub fn kubectl_verbs() -> &'static [&'static str] {
    kubectl::VERBS
}

/// What a command writes, and the engine it acts on.
pub(crate) struct Ctx<'a> {
    pub engine: &'a mut Engine,
    pub wait: bool,
    pub stdout: Vec<String>,
    pub stderr: Vec<String>,
    pub ok: bool,
    /// Both streams in write order (`true` = stderr).
    pub lines: Vec<(bool, String)>,
}

impl Ctx<'_> {
    /// Writes (possibly several) lines to stdout.
    pub fn out(&mut self, text: impl AsRef<str>) {
        for line in text.as_ref().split('\n') {
            self.engine.push_record(RecordBody::Stdout {
                text: line.to_string(),
            });
            self.stdout.push(line.to_string());
            self.lines.push((false, line.to_string()));
        }
    }

    /// Writes lines to stderr without failing (warnings).
    pub fn warn(&mut self, text: impl AsRef<str>) {
        for line in text.as_ref().split('\n') {
            self.engine.push_record(RecordBody::Stderr {
                text: line.to_string(),
            });
            self.stderr.push(line.to_string());
            self.lines.push((true, line.to_string()));
        }
    }

    /// Writes lines to stderr and marks the command failed.
    pub fn fail(&mut self, text: impl AsRef<str>) {
        self.warn(text);
        self.ok = false;
    }
}
