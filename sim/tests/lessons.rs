//! Every lesson, walked from start to finish as a learner would: each
//! step's commands run through the command language, each check is *not*
//! met before its solution runs and *is* met (within virtual minutes) after.
//! A lesson that stops working fails here.

use sim::lessons::{self, Lesson};
use sim::script::Session;
use sim::Config;

/// Virtual time a check may take to become true after its solution.
const CHECK_TIMEOUT_MS: u64 = 10 * 60 * 1000;

fn walk(lesson: &Lesson) -> Result<(), String> {
    let mut s = Session::new(Config::default());
    for (k, step) in lesson.steps.iter().enumerate() {
        let here = format!("{} step {} ({})", lesson.id, k + 1, step.title);
        for (i, cmd) in step.commands.iter().enumerate() {
            let before = s.engine.records().len();
            let out = s
                .run_script(cmd)
                .map_err(|e| format!("{here}: command does not parse: {e}\n{cmd}"))?;
            let expect_error = step.expected_errors.contains(&i);
            if out.ok() == expect_error {
                let said: Vec<String> = s.engine.records()[before..]
                    .iter()
                    .filter_map(|r| serde_json::to_value(r).ok())
                    .filter(|v| v["kind"] == "stderr" || v["kind"] == "stdout")
                    .map(|v| v["text"].as_str().unwrap_or("").to_string())
                    .collect();
                return Err(format!(
                    "{here}: `{cmd}` {} (output: {said:?})",
                    if expect_error {
                        "was meant to fail but succeeded"
                    } else {
                        "failed"
                    }
                ));
            }
        }
        if let Some(check) = &step.check {
            if check.is_met(&s.engine) {
                return Err(format!(
                    "{here}: check `{}` already holds before the learner acts",
                    check.predicate
                ));
            }
            for sol in &check.solution {
                let out = s
                    .run_script(sol)
                    .map_err(|e| format!("{here}: solution does not parse: {e}"))?;
                if !out.ok() {
                    return Err(format!("{here}: solution `{sol}` failed"));
                }
            }
            let engine = &mut s.engine;
            let met = engine.run_until(CHECK_TIMEOUT_MS, &mut |e| check.is_met(e));
            if !met {
                return Err(format!(
                    "{here}: check `{}` not met within 10 virtual minutes of its solution",
                    check.predicate
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn library_has_every_lesson_of_the_issue() {
    let ids: Vec<String> = lessons::all().into_iter().map(|l| l.id).collect();
    for want in [
        "ordered-creation",
        "scale-down",
        "stable-storage",
        "headless-dns",
        "parallel",
        "partitioned-rollout",
        "stuck-rollout",
        "retention",
        "ordinals-start",
        "node-failure",
        "replicated-database",
        "autoscaling",
        "vs-deployment",
    ] {
        assert!(
            ids.iter().any(|i| i == want),
            "missing lesson {want}; have {ids:?}"
        );
    }
}

#[test]
fn every_lesson_runs_start_to_finish() {
    let mut failures = Vec::new();
    for lesson in lessons::all() {
        if let Err(e) = walk(&lesson) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} lesson(s) broken:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_step_has_narration_citing_a_rule_or_commands() {
    for lesson in lessons::all() {
        assert!(!lesson.summary.is_empty(), "{} has no summary", lesson.id);
        let cites = lesson
            .steps
            .iter()
            .flat_map(|s| &s.narration)
            .any(|p| p.contains('§'));
        assert!(
            cites,
            "{} cites no rule of statefulset-semantics.md",
            lesson.id
        );
        for step in &lesson.steps {
            assert!(
                !step.narration.is_empty() || !step.commands.is_empty(),
                "{}: step {:?} is empty",
                lesson.id,
                step.title
            );
        }
    }
}
