//! The one door to the simulated cluster. Every button, key, console line and
//! lesson step becomes a command line of scripts-and-traces.md §2–§3 and is
//! run here through `sim::script::Session`, so what the UI does is always
//! something a learner could type — and the console shows it.

use sim::script::{self, RunOptions, Session};
use sim::{Config, Engine, Millis};

/// What one command printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// False when the command failed (and then changed nothing).
    pub ok: bool,
    /// What it printed, in write order: `(true, line)` for stderr (kubectl's
    /// words), `(false, line)` for stdout.
    pub lines: Vec<(bool, String)>,
}

/// The simulated cluster plus the command interpreter. Cheap enough to
/// clone for time-travel checkpoints.
#[derive(Clone, Debug)]
pub struct Backend {
    session: Session,
}

impl Backend {
    /// An empty cluster (three Ready nodes) with the given random seed.
    pub fn new(seed: u64) -> Backend {
        Backend {
            session: Session::new(Config {
                seed,
                ..Config::default()
            }),
        }
    }

    /// Read access to the engine (store, records, explanations, DNS).
    pub fn engine(&self) -> &Engine {
        &self.session.engine
    }

    /// Runs ONE command (a here-document may follow the first line) without
    /// waiting: the playback clock moves time, not the command
    /// (`RunOptions { wait: false }`). The command and its output land in
    /// the trace at the current virtual time.
    pub fn run(&mut self, text: &str) -> Outcome {
        let r = self.session.run(text, RunOptions { wait: false });
        Outcome {
            ok: r.ok,
            lines: r.lines,
        }
    }

    /// A copy for a time-travel checkpoint, without the trace records, and
    /// how many records the trace had (see `Engine::take_records`).
    pub fn snapshot(&mut self) -> (Backend, usize) {
        let records = self.session.engine.take_records();
        let copy = self.clone();
        let n = records.len();
        self.session.engine.set_records(records);
        (copy, n)
    }

    /// Rebuilds a backend from a snapshot of `records` records, taking the
    /// trace prefix from `live`, a backend of the same history that has
    /// already passed the snapshot.
    pub fn restore(snapshot: &Backend, records: usize, live: &Backend) -> Backend {
        let mut b = snapshot.clone();
        let all = live.engine().records();
        b.session
            .engine
            .set_records(all[..records.min(all.len())].to_vec());
        b
    }

    /// Drops the trace records (the history ceiling, `clock.rs`).
    pub fn take_trace(&mut self) -> Vec<sim::Record> {
        self.session.engine.take_records()
    }

    /// Objects held by the cluster (for the checkpoints' memory budget).
    pub fn object_count(&self) -> usize {
        let s = self.engine().store();
        s.statefulsets.len()
            + s.pods.len()
            + s.pvcs.len()
            + s.pvs.len()
            + s.services.len()
            + s.nodes.len()
            + s.revisions.len()
            + s.deployments.len()
            + s.replicasets.len()
            + s.hpas.len()
            + s.events.len()
    }

    /// Completions for the last word of a partial console line.
    pub fn complete(&self, partial: &str) -> Vec<String> {
        script::complete(&self.session.engine, partial)
    }

    /// Does all work due up to `t` (no-op when `t` is not in the future).
    pub fn advance_to(&mut self, t: Millis) {
        if t > self.session.engine.now() {
            self.session.engine.advance_to(t);
        }
    }

    /// Runs the next due engine action; returns its time.
    pub fn step(&mut self) -> Option<Millis> {
        self.session.engine.step()
    }
}

/// Splits a script into command texts (each with its here-document), for
/// running them one by one through the history. A parse error is returned
/// in the script language's words.
pub fn split_script(src: &str) -> Result<Vec<String>, String> {
    script::parse_script(src)
        .map(|cmds| cmds.into_iter().map(|c| c.text).collect())
        .map_err(|e| format!("error: {e}"))
}
