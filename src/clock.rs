//! History and time travel: the live cluster, the log of every command with
//! the virtual time it ran at, and periodic checkpoints (engine clones).
//!
//! Seeking back restores the nearest earlier checkpoint and replays logged
//! commands up to the target time; playing forward from the past replays the
//! recorded future like a video; acting while in the past forks it (the
//! later commands are dropped). Checkpoints are bounded: when there are more
//! than [`MAX_CHECKPOINTS`], every other one is dropped and the spacing
//! doubles, so memory stays flat however long a session runs.

use crate::backend::{Backend, Outcome};
use sim::Millis;

/// Upper bound on stored engine clones.
pub const MAX_CHECKPOINTS: usize = 64;
/// Upper bound on the objects held by all checkpoints together (a
/// checkpoint at the 10,000-replica ceiling holds ~30,000): beyond it,
/// checkpoints are thinned like above, down to the first and the last.
pub const MAX_CHECKPOINT_OBJECTS: usize = 300_000;
/// The history ceiling (issue 6 §3): when the live trace holds more records
/// than this, the history before the playhead is dropped (trace and
/// checkpoints); time travel then reaches back to that moment only
/// ([`Timeline::floor`]). Share links are unaffected: they replay the
/// command log from the start.
pub const MAX_RECORDS: usize = 100_000;
/// Initial spacing of checkpoints in virtual time.
const FIRST_INTERVAL: Millis = 10_000;

/// One command as it was run, at virtual time `t`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedCommand {
    pub t: Millis,
    pub text: String,
}

#[derive(Clone, Debug)]
struct Checkpoint {
    t: Millis,
    /// How many logged commands the saved engine had already run.
    applied: usize,
    /// The engine without its trace (a prefix of the live trace)…
    backend: Backend,
    /// …of this many records.
    records: usize,
}

/// The cluster at the playhead plus everything needed to move the playhead.
#[derive(Clone, Debug)]
pub struct Timeline {
    seed: u64,
    backend: Backend,
    log: Vec<LoggedCommand>,
    applied: usize,
    checkpoints: Vec<Checkpoint>,
    interval: Millis,
    horizon: Millis,
    /// Earliest time the playhead can return to (0 until the history
    /// ceiling is reached).
    floor: Millis,
    /// The history ceiling in records ([`MAX_RECORDS`]; lower in tests).
    max_records: usize,
}

impl Timeline {
    /// A fresh cluster at t = 0.
    pub fn new(seed: u64) -> Timeline {
        let mut backend = Backend::new(seed);
        let (snapshot, records) = backend.snapshot();
        Timeline {
            seed,
            checkpoints: vec![Checkpoint {
                t: 0,
                applied: 0,
                backend: snapshot,
                records,
            }],
            backend,
            log: Vec::new(),
            applied: 0,
            interval: FIRST_INTERVAL,
            horizon: 0,
            floor: 0,
            max_records: MAX_RECORDS,
        }
    }

    /// Rebuilds a session from a shared link: seed, command log, time.
    pub fn from_parts(seed: u64, log: Vec<LoggedCommand>, t: Millis) -> Timeline {
        let mut tl = Timeline::new(seed);
        tl.horizon = log.last().map_or(0, |c| c.t).max(t);
        tl.log = log;
        tl.advance_to(t);
        tl
    }

    /// The cluster at the playhead.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Random seed the session started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every command of the current history (including a recorded future).
    pub fn log(&self) -> &[LoggedCommand] {
        &self.log
    }

    /// Virtual time of the playhead.
    pub fn now(&self) -> Millis {
        self.backend.engine().now()
    }

    /// Furthest virtual time this history has reached.
    pub fn horizon(&self) -> Millis {
        self.horizon.max(self.now())
    }

    /// Earliest reachable time: 0, or where the history ceiling
    /// ([`MAX_RECORDS`]) last dropped older history.
    pub fn floor(&self) -> Millis {
        self.floor
    }

    /// Whether the playhead is behind the end of the recorded history.
    pub fn in_past(&self) -> bool {
        self.applied < self.log.len() || self.now() < self.horizon
    }

    /// Runs a command now. In the past this forks: the recorded future is
    /// dropped first.
    pub fn act(&mut self, text: &str) -> Outcome {
        if self.in_past() {
            let now = self.now();
            self.log.truncate(self.applied);
            self.checkpoints
                .retain(|c| c.t <= now && c.applied <= self.applied);
            self.horizon = now;
        }
        let out = self.backend.run(text);
        self.log.push(LoggedCommand {
            t: self.now(),
            text: text.to_string(),
        });
        self.applied = self.log.len();
        out
    }

    /// Moves the playhead forward to `t`, replaying recorded commands due
    /// on the way.
    pub fn advance_to(&mut self, t: Millis) {
        while let Some(cmd) = self.log.get(self.applied).filter(|c| c.t <= t).cloned() {
            self.backend.advance_to(cmd.t);
            self.backend.run(&cmd.text);
            self.applied += 1;
            self.maybe_checkpoint();
        }
        self.backend.advance_to(t);
        self.maybe_checkpoint();
        self.horizon = self.horizon.max(self.now());
    }

    /// Moves to the next thing that happens: a recorded command or the
    /// engine's next due action. Returns the new time, `None` if nothing is
    /// pending.
    pub fn step(&mut self) -> Option<Millis> {
        let due = self.backend.engine().next_due();
        let cmd = self.log.get(self.applied).map(|c| c.t);
        match (due, cmd) {
            (_, Some(c)) if due.is_none_or(|d| c <= d) => {
                self.advance_to(c);
                Some(c)
            }
            (Some(_), _) => {
                let t = self.backend.step();
                self.maybe_checkpoint();
                self.horizon = self.horizon.max(self.now());
                t
            }
            _ => None,
        }
    }

    /// Puts the playhead at `t`: forward by playing, backward by restoring
    /// a checkpoint and replaying.
    pub fn seek(&mut self, t: Millis) {
        let t = t.max(self.floor);
        if t >= self.now() {
            self.advance_to(t);
            return;
        }
        let cp = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.t <= t)
            .or(self.checkpoints.first());
        if let Some(cp) = cp {
            self.backend = Backend::restore(&cp.backend, cp.records, &self.backend);
            self.applied = cp.applied;
        }
        self.advance_to(t);
    }

    fn maybe_checkpoint(&mut self) {
        if self.backend.engine().records().len() > self.max_records {
            self.compact();
            return;
        }
        let now = self.now();
        let last = self.checkpoints.last().map_or(0, |c| c.t);
        if now < last + self.interval {
            return;
        }
        let (backend, records) = self.backend.snapshot();
        self.checkpoints.push(Checkpoint {
            t: now,
            applied: self.applied,
            backend,
            records,
        });
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            self.thin();
        }
        // The memory budget: thin out while all checkpoints together hold
        // too many objects.
        while self.checkpoints.len() > 2
            && self
                .checkpoints
                .iter()
                .map(|c| c.backend.object_count())
                .sum::<usize>()
                > MAX_CHECKPOINT_OBJECTS
        {
            self.thin();
        }
    }

    /// Drops every other checkpoint, keeping the first (t = 0 or the
    /// floor) and the newest, and doubles the spacing of the next ones.
    fn thin(&mut self) {
        let last = self.checkpoints.len();
        let mut i = 0usize;
        self.checkpoints.retain(|_| {
            i += 1;
            i == 1 || i == last || i.is_multiple_of(2)
        });
        self.interval = self.interval.saturating_mul(2);
    }

    /// The history ceiling: drops the trace and every checkpoint; the
    /// playhead's moment becomes the only checkpoint and the new floor.
    fn compact(&mut self) {
        let now = self.now();
        let _ = self.backend.take_trace();
        let (backend, records) = self.backend.snapshot();
        self.checkpoints = vec![Checkpoint {
            t: now,
            applied: self.applied,
            backend,
            records,
        }];
        self.interval = FIRST_INTERVAL;
        self.floor = now;
    }

    /// Number of stored checkpoints (for tests and the size report).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene() -> Timeline {
        let mut tl = Timeline::new(1);
        for cmd in crate::backend::split_script(crate::state::INITIAL_SCRIPT).unwrap_or_default() {
            tl.act(&cmd);
        }
        tl
    }

    fn pods(tl: &Timeline) -> Vec<String> {
        tl.backend().engine().store().pods.keys().cloned().collect()
    }

    #[test]
    fn checkpoints_do_not_copy_the_trace_and_seeking_restores_it_exactly() {
        let mut tl = scene();
        tl.advance_to(120_000);
        assert!(tl
            .checkpoints
            .iter()
            .all(|c| c.backend.engine().records().is_empty()));
        let live = tl.backend().engine().records().to_vec();
        // Back to 45 s, then forward again: the same trace, record for record.
        tl.seek(45_000);
        let mut fresh = scene();
        fresh.advance_to(45_000);
        assert_eq!(
            tl.backend().engine().records(),
            fresh.backend().engine().records()
        );
        tl.seek(120_000);
        assert_eq!(tl.backend().engine().records(), &live[..]);
    }

    #[test]
    fn seeking_back_restores_the_past_and_forward_replays_it() {
        let mut tl = scene();
        tl.advance_to(60_000);
        assert_eq!(pods(&tl), ["web-0", "web-1", "web-2"]);
        tl.seek(500);
        assert_eq!(tl.now(), 500);
        assert!(tl.in_past());
        assert!(
            pods(&tl).len() <= 1,
            "at 0.5 s at most web-0 exists: {:?}",
            pods(&tl)
        );
        tl.seek(60_000);
        assert_eq!(pods(&tl), ["web-0", "web-1", "web-2"]);
        assert!(!tl.in_past());
    }

    #[test]
    fn acting_in_the_past_forks_the_future() {
        let mut tl = scene();
        tl.advance_to(30_000);
        tl.act("kubectl scale sts web --replicas=5");
        tl.advance_to(90_000);
        assert_eq!(tl.log().len(), 2);
        tl.seek(10_000);
        let out = tl.act("kubectl scale sts web --replicas=1");
        assert!(out.ok, "{out:?}");
        // The scale to 5 at 30 s is gone; history ends now.
        assert_eq!(tl.log().len(), 2);
        assert_eq!(tl.horizon(), 10_000);
        tl.advance_to(120_000);
        assert_eq!(pods(&tl), ["web-0"]);
    }

    #[test]
    fn the_history_ceiling_drops_old_history_and_keeps_the_floor() {
        let mut tl = scene();
        tl.max_records = 2_000;
        tl.act("kubectl scale sts web --replicas=20");
        let mut t = 0;
        while tl.floor() == 0 && t < 3_600_000 {
            t += 120_000;
            tl.advance_to(t);
            tl.act("kubectl rollout restart sts/web");
        }
        assert!(tl.floor() > 0, "the ceiling was never reached");
        assert!(tl.backend().engine().records().len() <= 2_000);
        assert_eq!(tl.checkpoint_count(), 1);
        // The playhead cannot go back past the floor, and acting still works.
        let floor = tl.floor();
        tl.seek(0);
        assert_eq!(tl.now(), floor);
        assert!(tl.act("kubectl get sts web").ok);
    }

    #[test]
    fn checkpoints_stay_bounded() {
        let mut tl = scene();
        for i in 1..=2_000u64 {
            tl.advance_to(i * 1_000);
        }
        assert!(tl.checkpoint_count() <= MAX_CHECKPOINTS + 1);
        tl.seek(1_500);
        assert_eq!(tl.now(), 1_500);
    }
}
