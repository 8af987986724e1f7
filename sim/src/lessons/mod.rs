//! Guided lessons (experience.md, "Lessons"): scripts with narration, split
//! into steps the learner walks through (Continue / Replay), some of which
//! wait for the learner to act (a [`Check`]).
//!
//! # The `.lesson` format
//!
//! Lessons live in `sim/lessons/NN-slug.lesson` and are embedded with
//! `include_str!`. Line by line:
//!
//! ```text
//! title: Ordered creation                 header lines (before the first step)
//! summary: One sentence for the lesson list.
//!
//! == Step title                           starts a step
//! Narration text, any number of lines.    blank lines separate paragraphs
//! $ kubectl scale sts web --replicas=3    a command the lesson runs (a script line;
//!                                         a heredoc `<<'EOF'` continues until EOF)
//! $! kubectl exec web-1 -- cat /tmp/gone  a command that is *meant* to fail
//!                                         (the lesson shows the error)
//! $ @apply web                            shorthand: `kubectl apply -f - <<'EOF'`
//!                                         with the embedded manifest `web`
//! ? sts/web replicas == 5 : Scale web to 5 replicas to continue
//!                                         a check (see [`check`]) and its prompt
//! ! kubectl scale sts web --replicas=5    the check's solution (what a test,
//!                                         or the "show me" button, runs)
//! # a comment                             ignored
//! ```
//!
//! A step's commands run when the step is entered; the step is done when its
//! check (if any) holds. Every check must have at least one solution line so
//! that the native test (`sim/tests/lessons.rs`) can walk every lesson from
//! start to finish.

pub mod check;
mod library;

pub use check::{CheckParseError, Op, Predicate, Target};
pub use library::{all, get, manifest, LESSON_SOURCES, MANIFESTS};

use crate::engine::Engine;
use std::fmt;

/// A guided lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Slug from the file name (`ordered-creation`), used in links (`lesson=`).
    pub id: String,
    /// Shown in the lesson list and the lesson header.
    pub title: String,
    /// One sentence for the lesson list.
    pub summary: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Short heading (`== …`).
    pub title: String,
    /// Narration paragraphs (plain text; `§N.M` references kept verbatim).
    pub narration: Vec<String>,
    /// Script chunks the step runs when entered, in order (a heredoc command
    /// is one chunk including its body).
    pub commands: Vec<String>,
    /// Indexes into `commands` of the commands meant to fail (`$!` lines):
    /// the lesson shows their error on purpose.
    pub expected_errors: Vec<usize>,
    /// What the learner must do before Continue is offered.
    pub check: Option<Check>,
}

impl Step {
    /// The step's commands as one script (scripts-and-traces.md §1).
    pub fn script(&self) -> String {
        let mut s = self.commands.join("\n");
        if !s.is_empty() {
            s.push('\n');
        }
        s
    }
}

/// A condition on the cluster that the learner has to bring about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The parsed predicate.
    pub predicate: Predicate,
    /// What to tell the learner ("Scale web to 5 replicas to continue").
    pub prompt: String,
    /// Commands that satisfy the check (a hint, and what tests run).
    pub solution: Vec<String>,
}

impl Check {
    /// Whether the learner has done it.
    pub fn is_met(&self, engine: &Engine) -> bool {
        self.predicate.is_met(engine)
    }
}

/// A `.lesson` file that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonParseError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LessonParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LessonParseError {}

/// The heredoc delimiter of a command line (`<<'EOF'`, `<<"EOF"`, `<<EOF`,
/// `<<-EOF`), if it has one.
fn heredoc_delimiter(line: &str) -> Option<String> {
    let at = line.find("<<")?;
    let rest = line.get(at + 2..)?.trim_start_matches('-').trim_start();
    let word: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    let word = word.trim_matches(|c| c == '\'' || c == '"').to_string();
    (!word.is_empty()).then_some(word)
}

/// Parses one lesson. `id` is the slug the lesson is known by.
pub fn parse_lesson(id: &str, src: &str) -> Result<Lesson, LessonParseError> {
    let mut lesson = Lesson {
        id: id.to_string(),
        title: String::new(),
        summary: String::new(),
        steps: Vec::new(),
    };
    let mut paragraph: Vec<String> = Vec::new();
    let lines: Vec<&str> = src.lines().collect();
    let mut i = 0;
    let err = |line: usize, message: String| Err(LessonParseError { line, message });

    fn flush(paragraph: &mut Vec<String>, lesson: &mut Lesson) {
        if !paragraph.is_empty() {
            if let Some(step) = lesson.steps.last_mut() {
                step.narration.push(paragraph.join(" "));
            }
            paragraph.clear();
        }
    }

    while let Some(&raw) = lines.get(i) {
        let n = i + 1;
        i += 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut lesson);
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some(title) = trimmed.strip_prefix("== ") {
            flush(&mut paragraph, &mut lesson);
            lesson.steps.push(Step {
                title: title.trim().to_string(),
                narration: Vec::new(),
                commands: Vec::new(),
                expected_errors: Vec::new(),
                check: None,
            });
            continue;
        }
        if lesson.steps.is_empty() {
            if let Some(t) = trimmed.strip_prefix("title:") {
                lesson.title = t.trim().to_string();
            } else if let Some(s) = trimmed.strip_prefix("summary:") {
                lesson.summary = s.trim().to_string();
            } else {
                return err(
                    n,
                    format!(
                        "expected `title:`, `summary:` or a step (`== Title`), found {trimmed:?}"
                    ),
                );
            }
            continue;
        }
        let Some(step) = lesson.steps.last_mut() else {
            continue;
        };
        let (cmd_line, fails) = match (trimmed.strip_prefix("$ "), trimmed.strip_prefix("$! ")) {
            (Some(c), _) => (Some(c), false),
            (None, Some(c)) => (Some(c), true),
            _ => (None, false),
        };
        if let Some(cmd) = cmd_line {
            flush_into(&mut paragraph, step);
            if step.check.is_some() {
                return err(n, "a command after the check would run before the learner acts; start a new step (`== …`) for it".into());
            }
            if fails {
                step.expected_errors.push(step.commands.len());
            }
            let cmd = cmd.trim();
            if let Some(name) = cmd.strip_prefix("@apply ") {
                let name = name.trim();
                let Some(body) = manifest(name) else {
                    return err(
                        n,
                        format!("unknown manifest {name:?} (known: {})", known_manifests()),
                    );
                };
                step.commands.push(format!(
                    "kubectl apply -f - <<'EOF'\n{}EOF",
                    ensure_newline(body)
                ));
                continue;
            }
            let mut chunk = cmd.to_string();
            if let Some(delim) = heredoc_delimiter(cmd) {
                let mut closed = false;
                while let Some(&body) = lines.get(i) {
                    i += 1;
                    chunk.push('\n');
                    chunk.push_str(body);
                    if body.trim() == delim {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return err(
                        n,
                        format!("here-document is not closed by a line `{delim}`"),
                    );
                }
            }
            step.commands.push(chunk);
        } else if let Some(rest) = trimmed.strip_prefix("? ") {
            flush_into(&mut paragraph, step);
            if step.check.is_some() {
                return err(n, "a step has at most one check".into());
            }
            let (pred, prompt) = match rest.split_once(" : ") {
                Some((p, m)) => (p.trim(), m.trim().to_string()),
                None => (rest.trim(), String::new()),
            };
            let predicate = match Predicate::parse(pred) {
                Ok(p) => p,
                Err(e) => return err(n, format!("bad check: {e}")),
            };
            let prompt = if prompt.is_empty() {
                format!("Waiting for: {predicate}")
            } else {
                prompt
            };
            step.check = Some(Check {
                predicate,
                prompt,
                solution: Vec::new(),
            });
        } else if let Some(sol) = trimmed.strip_prefix("! ") {
            flush_into(&mut paragraph, step);
            let Some(check) = step.check.as_mut() else {
                return err(n, "a solution line `!` must follow a check line `?`".into());
            };
            check.solution.push(sol.trim().to_string());
        } else {
            paragraph.push(trimmed.to_string());
        }
    }
    flush(&mut paragraph, &mut lesson);
    if lesson.title.is_empty() {
        return err(1, "the lesson has no `title:`".into());
    }
    if lesson.steps.is_empty() {
        return err(1, "the lesson has no steps (`== Title`)".into());
    }
    if let Some((k, _)) = lesson
        .steps
        .iter()
        .enumerate()
        .find(|(_, s)| s.check.as_ref().is_some_and(|c| c.solution.is_empty()))
    {
        return err(
            1,
            format!("step {} has a check without a solution line `!`", k + 1),
        );
    }
    Ok(lesson)
}

fn flush_into(paragraph: &mut Vec<String>, step: &mut Step) {
    if !paragraph.is_empty() {
        step.narration.push(paragraph.join(" "));
        paragraph.clear();
    }
}

fn ensure_newline(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

fn known_manifests() -> String {
    MANIFESTS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "title: T\nsummary: S\n\n== One\nHello\nworld.\n\nSecond para.\n$ kubectl get pods\n$ kubectl apply -f - <<'EOF'\nkind: X\nEOF\n? sts/web replicas == 5 : Scale to 5\n! kubectl scale sts web --replicas=5\n\n== Two\n$ @apply web\n";

    #[test]
    fn parses_steps_narration_commands_checks() {
        let l = parse_lesson("t", SAMPLE).unwrap();
        assert_eq!(l.title, "T");
        assert_eq!(l.steps.len(), 2);
        let s = &l.steps[0];
        assert_eq!(
            s.narration,
            vec!["Hello world.".to_string(), "Second para.".to_string()]
        );
        assert_eq!(
            s.commands,
            vec![
                "kubectl get pods".to_string(),
                "kubectl apply -f - <<'EOF'\nkind: X\nEOF".to_string()
            ]
        );
        let c = s.check.as_ref().unwrap();
        assert_eq!(c.prompt, "Scale to 5");
        assert_eq!(
            c.solution,
            vec!["kubectl scale sts web --replicas=5".to_string()]
        );
        assert!(l.steps[1].commands[0]
            .starts_with("kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Service"));
        assert!(l.steps[1].commands[0].ends_with("\nEOF"));
        assert!(l.steps[1].script().ends_with("EOF\n"));
    }

    #[test]
    fn reports_errors_with_line_numbers() {
        let cases = [
            ("== A\n", "no `title:`"),
            ("title: x\n", "no steps"),
            ("title: x\nbogus\n", "expected `title:`"),
            ("title: x\n== A\n$ cat <<EOF\nno end\n", "not closed"),
            ("title: x\n== A\n? sts/web bogus\n", "bad check"),
            (
                "title: x\n== A\n! kubectl get pods\n",
                "must follow a check",
            ),
            ("title: x\n== A\n? pod/web-0 ready\n", "without a solution"),
            ("title: x\n== A\n$ @apply nope\n", "unknown manifest"),
            (
                "title: x\n== A\n? pod/a ready\n! x\n$ kubectl get pods\n",
                "start a new step",
            ),
        ];
        for (src, needle) in cases {
            let e = parse_lesson("x", src).unwrap_err();
            assert!(e.to_string().contains(needle), "{src:?}: {e}");
        }
        assert_eq!(
            parse_lesson("x", "title: x\n== A\n? sts/web bogus\n")
                .unwrap_err()
                .line,
            3
        );
    }

    #[test]
    fn every_embedded_lesson_parses() {
        for (file, src) in LESSON_SOURCES {
            let id = library::slug(file);
            if let Err(e) = parse_lesson(&id, src) {
                panic!("{file}: {e}");
            }
        }
        assert_eq!(all().len(), LESSON_SOURCES.len());
    }
}
