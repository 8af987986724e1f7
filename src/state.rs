//! The app's reactive state. The cluster lives in one non-reactive
//! `StoredValue` (cloning it into a signal every frame would be wasteful);
//! `version` is bumped whenever the store may have changed and `now` every
//! time virtual time moves, so memos subscribe to exactly what they read.
//! A `Playground` is `Copy` and provided as context to every component.

use crate::backend::Outcome;
use crate::clock::{LoggedCommand, Timeline};
use crate::model;
use leptos::prelude::*;
use sim::{ChangeFields, Millis, RecordBody};

/// Script run on load (experience.md "First ten seconds"): the headless
/// Service `nginx` and the 3-replica StatefulSet `web` with claim template `www`.
pub const INITIAL_SCRIPT: &str = r#"kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
EOF
"#;

/// One line of the console's scrollback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub id: usize,
    pub kind: LineKind,
    pub text: String,
}

/// Prompt echo, stdout or stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Command,
    Stdout,
    Stderr,
    /// The playground's own remark (not kubectl output), e.g. a fork.
    Note,
}

/// Speeds offered by the time bar (0.25× – 16×).
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// Shared reactive state of the playground.
#[derive(Clone, Copy)]
pub struct Playground {
    timeline: StoredValue<Timeline, LocalStorage>,
    /// Bumped when objects may have changed.
    pub version: RwSignal<u64>,
    /// Virtual time of the playhead.
    pub now: RwSignal<Millis>,
    /// End of recorded history.
    pub horizon: RwSignal<Millis>,
    pub playing: RwSignal<bool>,
    /// Index into [`SPEEDS`].
    pub speed: RwSignal<usize>,
    pub console: RwSignal<Vec<ConsoleLine>>,
    /// Latest sentence for the live region.
    pub announcement: RwSignal<String>,
    /// Times of logged commands (scrubber markers).
    pub markers: RwSignal<Vec<Millis>>,
    pub help_open: RwSignal<bool>,
    /// The last Step found nothing due (the cluster is quiet); cleared by the
    /// next change, command or seek.
    pub step_idle: RwSignal<bool>,
    /// `Kind/name` of the object an Events row points at (hover or focus);
    /// its card is highlighted.
    pub highlight: RwSignal<Option<String>>,
    /// Records already turned into announcements.
    seen_records: StoredValue<usize>,
    next_line: StoredValue<usize>,
}

impl Playground {
    /// A playground on a fresh cluster (nothing created yet).
    pub fn new(seed: u64) -> Playground {
        Playground {
            timeline: StoredValue::new_local(Timeline::new(seed)),
            version: RwSignal::new(0),
            now: RwSignal::new(0),
            horizon: RwSignal::new(0),
            playing: RwSignal::new(true),
            speed: RwSignal::new(2),
            console: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            markers: RwSignal::new(Vec::new()),
            help_open: RwSignal::new(false),
            step_idle: RwSignal::new(false),
            highlight: RwSignal::new(None),
            seen_records: StoredValue::new(0),
            next_line: StoredValue::new(0),
        }
    }

    /// Reads the timeline (non-reactively; read a signal first to subscribe).
    pub fn with<R>(&self, f: impl FnOnce(&Timeline) -> R) -> R {
        self.timeline.with_value(f)
    }

    /// Runs one command as if typed: echoed in the console, logged in the
    /// history (forking it when in the past), output printed.
    pub fn act(&self, text: &str) -> Outcome {
        // Acting in the past drops the recorded future (clock.rs); say so
        // above the command, so the scrollback's later lines read as gone.
        let fork = self.with(|t| t.in_past().then(|| (t.now(), t.horizon())));
        if let Some((now, horizon)) = fork {
            self.note(&format!(
                "── history forked at {}: what happened after it (up to {}) was dropped ──",
                model::clock_text(now),
                model::clock_text(horizon)
            ));
        }
        let out = self
            .timeline
            .try_update_value(|t| t.act(text))
            .unwrap_or_default();
        self.clear_step_idle();
        self.echo(text);
        // In write order, as a terminal shows them (a warning, then the result).
        // An empty line is kept, as between the tables of `kubectl get all`.
        for (err, text) in &out.lines {
            let kind = if *err {
                LineKind::Stderr
            } else {
                LineKind::Stdout
            };
            if text.is_empty() {
                self.print(kind, "");
            }
            for l in text.lines() {
                self.print(kind, l);
            }
        }
        self.refresh();
        out
    }

    /// Runs a script command by command (lessons, the initial scene).
    pub fn run_script(&self, src: &str) {
        match crate::backend::split_script(src) {
            Ok(cmds) => {
                for cmd in cmds {
                    self.act(&cmd);
                }
            }
            Err(e) => {
                self.print(LineKind::Stderr, &e);
            }
        }
    }

    /// Shows a command in the console as typed (a here-document as its
    /// first line and `…`), without running it.
    pub fn echo(&self, text: &str) {
        let first = text.lines().next().unwrap_or_default();
        let shown = if text.contains('\n') {
            format!("{first} …")
        } else {
            first.to_string()
        };
        self.print(LineKind::Command, &shown);
    }

    /// Empties the console's scrollback.
    pub fn clear_console(&self) {
        self.console.set(Vec::new());
    }

    /// An empty cluster with the same seed and an empty console that
    /// starts with `note`, playing (a reset, a lesson).
    pub fn start_over(&self, note: &str) {
        let seed = self.export_session().0;
        self.import_session(seed, Vec::new(), 0);
        self.clear_console();
        self.note(note);
        self.playing.set(true);
    }

    /// Starts over with the starting scene (INITIAL_SCRIPT).
    pub fn reset(&self) {
        self.start_over("── reset: the starting scene ──");
        self.run_script(INITIAL_SCRIPT);
    }

    /// A remark of the playground's own in the console (not kubectl output).
    pub fn note(&self, text: &str) {
        self.print(LineKind::Note, text);
    }

    fn print(&self, kind: LineKind, text: &str) {
        let id = self.next_line.get_value();
        self.next_line.set_value(id + 1);
        self.console.update(|c| {
            c.push(ConsoleLine {
                id,
                kind,
                text: text.to_string(),
            });
            // Bounded scrollback.
            if c.len() > 400 {
                c.drain(..100);
            }
        });
    }

    /// Advances virtual time by `dt` ms of virtual time (from the clock).
    pub fn advance_by(&self, dt: Millis) {
        if dt == 0 {
            return;
        }
        self.timeline.update_value(|t| {
            let target = t.now().saturating_add(dt);
            t.advance_to(target);
        });
        self.refresh();
    }

    /// Next engine action or recorded command.
    pub fn step(&self) {
        let mut moved = None;
        self.timeline.update_value(|t| moved = t.step());
        self.refresh();
        if moved.is_none() {
            self.step_idle.set(true);
            self.announcement
                .set("Nothing is due: the cluster is quiet until you act.".into());
        }
    }

    /// Moves the playhead to `t` (time travel).
    pub fn seek(&self, t: Millis) {
        self.timeline.update_value(|tl| tl.seek(t));
        self.clear_step_idle();
        // After a seek the announcer must not replay the whole history.
        let len = self.with(|t| t.backend().engine().records().len());
        self.seen_records.set_value(len);
        self.version.update(|v| *v += 1);
        self.refresh();
    }

    /// Completions for the console.
    pub fn complete(&self, partial: &str) -> Vec<String> {
        self.with(|t| t.backend().complete(partial))
    }

    /// Seed, command log and time, for share links (issue 5).
    pub fn export_session(&self) -> (u64, Vec<LoggedCommand>, Millis) {
        self.with(|t| (t.seed(), t.log().to_vec(), t.now()))
    }

    /// Replaces the session with one from a share link (issue 5).
    pub fn import_session(&self, seed: u64, log: Vec<LoggedCommand>, t: Millis) {
        self.timeline.set_value(Timeline::from_parts(seed, log, t));
        self.seen_records
            .set_value(self.with(|t| t.backend().engine().records().len()));
        self.version.update(|v| *v += 1);
        self.refresh();
    }

    fn clear_step_idle(&self) {
        if self.step_idle.get_untracked() {
            self.step_idle.set(false);
        }
    }

    /// Publishes changes to the signals, only where something differs.
    fn refresh(&self) {
        let (now, horizon, n_records, markers) = self.with(|t| {
            (
                t.now(),
                t.horizon(),
                t.backend().engine().records().len(),
                t.log().len(),
            )
        });
        if self.now.get_untracked() != now {
            self.now.set(now);
            self.clear_step_idle();
        }
        if self.horizon.get_untracked() != horizon {
            self.horizon.set(horizon);
        }
        if self.markers.with_untracked(Vec::len) != markers {
            self.markers
                .set(self.with(|t| t.log().iter().map(|c| c.t).collect()));
        }
        let seen = self.seen_records.get_value();
        if n_records != seen {
            self.clear_step_idle();
            self.version.update(|v| *v += 1);
            let text = self.with(|t| {
                announce(
                    t.backend()
                        .engine()
                        .records()
                        .get(seen.min(n_records)..)
                        .unwrap_or_default(),
                )
            });
            self.seen_records.set_value(n_records);
            if !text.is_empty() {
                self.announcement.set(text);
            }
        }
    }

    /// The name of the set on screen and its claim template (for labels).
    pub fn set_name(&self) -> String {
        self.with(|t| {
            model::main_set(t.backend().engine())
                .map(|s| s.metadata.name.clone())
                .unwrap_or_else(|| "web".into())
        })
    }
}

/// Plain-words summary of new pod transitions, for the live region.
pub fn announce(records: &[sim::Record]) -> String {
    let mut out: Vec<String> = Vec::new();
    for r in records {
        if let RecordBody::Change {
            op,
            object,
            fields:
                ChangeFields::Pod {
                    phase,
                    ready,
                    terminating,
                    ..
                },
        } = &r.body
        {
            let Some(name) = object.strip_prefix("Pod/") else {
                continue;
            };
            let s = match op {
                sim::ChangeOp::Added => format!("{name} created"),
                sim::ChangeOp::Deleted => format!("{name} deleted"),
                sim::ChangeOp::Modified if *terminating => format!("{name} terminating"),
                sim::ChangeOp::Modified if *ready => format!("{name} is ready"),
                sim::ChangeOp::Modified => format!("{name} is {}", phase.to_lowercase()),
            };
            if out.last() != Some(&s) {
                out.push(s);
            }
        }
    }
    // Keep it short: a screen reader should not read a novel every frame.
    if out.len() > 4 {
        let n = out.len();
        out.drain(..n - 3);
        out.insert(0, format!("{} changes;", n - 3));
    }
    out.join(". ")
}
