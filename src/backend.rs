//! The one door to the simulated cluster. Every button, key, console line and
//! lesson step becomes a command line of scripts-and-traces.md §2–§3 and is run
//! here, so what the UI does is always something a learner could type.
//!
//! Today the lines are interpreted by the small interim shim in `shim.rs`;
//! when `sim::script::Session` lands, `Backend` wraps it instead and nothing
//! else in the app changes (the shim only translates words into `Engine`
//! calls; it holds no Kubernetes rule).

use crate::shim;
use sim::{Config, Engine, Millis, RecordBody};

/// What one command printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Lines for stdout, as kubectl prints them.
    pub stdout: String,
    /// Lines for stderr, in kubectl's words.
    pub stderr: String,
    /// False when the command failed (and then changed nothing).
    pub ok: bool,
}

/// The simulated cluster plus the command interpreter. Cheap enough to
/// clone for time-travel checkpoints.
#[derive(Clone, Debug)]
pub struct Backend {
    engine: Engine,
}

impl Backend {
    /// An empty cluster (three Ready nodes) with the given random seed.
    pub fn new(seed: u64) -> Backend {
        Backend {
            engine: Engine::new(Config {
                seed,
                ..Config::default()
            }),
        }
    }

    /// Read access to the engine (store, records, explanations, DNS).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs ONE command (a heredoc body may follow the first line) without
    /// waiting: the playback clock moves time, not the command. The command
    /// and its output are appended to the trace at the current virtual time.
    pub fn run(&mut self, text: &str) -> Outcome {
        let first = text.lines().next().unwrap_or_default().to_string();
        self.engine.push_record(RecordBody::Command {
            line: 0,
            text: first,
        });
        let out = shim::run(&mut self.engine, text);
        for l in out.stdout.lines() {
            self.engine.push_record(RecordBody::Stdout {
                text: l.to_string(),
            });
        }
        for l in out.stderr.lines() {
            self.engine.push_record(RecordBody::Stderr {
                text: l.to_string(),
            });
        }
        out
    }

    /// Splits a script into commands (comments, blank lines, `\` joins and
    /// heredocs handled) and runs each; returns each command with its outcome.
    pub fn run_script(&mut self, src: &str) -> Vec<(String, Outcome)> {
        shim::split_script(src)
            .into_iter()
            .map(|cmd| {
                let out = self.run(&cmd);
                (cmd, out)
            })
            .collect()
    }

    /// Completions for a partial console line (verbs, types, names).
    pub fn complete(&self, partial: &str) -> Vec<String> {
        shim::complete(&self.engine, partial)
    }

    /// Does all work due up to `t` (no-op when `t` is not in the future).
    pub fn advance_to(&mut self, t: Millis) {
        if t > self.engine.now() {
            self.engine.advance_to(t);
        }
    }

    /// Runs the next due engine action; returns its time.
    pub fn step(&mut self) -> Option<Millis> {
        self.engine.step()
    }
}
