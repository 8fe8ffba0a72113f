//! The runner's decisions that need no engine, on evidence recorded from the
//! shipped Windows transcripts: which steps and claims a build or a verify
//! leaves alone, how the claims are judged from what the steps captured, and
//! how a run is summed up.

use super::*;
use crate::lesson::Claim;
use crate::record::{ClaimResult, Verdict};

fn lessons() -> Vec<Lesson> {
    crate::lesson::load_embedded().expect("the built-in book loads")
}

/// Judges `lesson` as `run_lesson` does, from steps captured elsewhere.
fn judged(lesson: &Lesson, steps: &[StepRecord], bindings: &[IsolationBinding], mode: &Mode) -> Vec<ClaimResult> {
    let skip = Skip::of(lesson, mode);
    let ev = EvidenceSet::on_host(platform::Os::Windows, steps, bindings);
    claims::judge_lesson(lesson, &ev, |c| skip.claim(c))
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    it.collect()
}

#[test]
fn a_build_leaves_the_exercises_to_the_learner_and_judges_the_rest() {
    let (mut exercises, mut proven) = (0, 0);
    for lesson in lessons() {
        let rec = crate::transcripts::record_for(&lesson);
        let skip = Skip::of(&lesson, &Mode::Build);
        let exercise_steps = lesson.exercise_steps();
        for step in lesson.steps() {
            let want = exercise_steps
                .contains(step.id.as_str())
                .then(|| crate::lesson::build_reason(&lesson));
            assert_eq!(skip.step(step), want, "{}: step {}", lesson.key(), step.id);
        }
        let got = judged(&lesson, &rec.steps, &rec.host.isolation, &Mode::Build);
        assert_eq!(
            ids(got.iter().map(|c| c.id.as_str())),
            ids(lesson.claims().map(|c| c.id.as_str())),
            "claims come in the lesson's order"
        );
        let ev = EvidenceSet::on_host(platform::Os::Windows, &rec.steps, &rec.host.isolation);
        let exercise: Vec<&str> = lesson.exercise_claims().iter().map(|c| c.id.as_str()).collect();
        for (claim, result) in lesson.claims().zip(&got) {
            if exercise.contains(&claim.id.as_str()) {
                exercises += 1;
                assert_eq!(result.verdict, Verdict::NotRun, "{}: {}", lesson.key(), claim.id);
                assert_eq!(result.reason, crate::lesson::build_reason(&lesson));
            } else {
                assert_eq!(result, &claims::judge(claim, &ev), "{}: {}", lesson.key(), claim.id);
                proven += usize::from(result.verdict == Verdict::Proven);
            }
        }
    }
    assert!(exercises > 0, "the built-in book has exercises");
    assert!(proven > 0, "the recorded evidence proves claims outside the exercises");
}

#[test]
fn a_verify_runs_and_judges_the_exercise_only() {
    let mode = Mode::Verify {
        name_prefix: "me-".into(),
    };
    let mut seen = 0;
    for lesson in lessons().into_iter().filter(|l| l.has_exercise()) {
        let rec = crate::transcripts::record_for(&lesson);
        let skip = Skip::of(&lesson, &mode);
        let runs = lesson.verify_steps();
        for step in lesson.steps() {
            let want = (!runs.contains(step.id.as_str())).then(|| Msg::ExerciseNotPart.into());
            assert_eq!(skip.step(step), want, "{}: step {}", lesson.key(), step.id);
        }
        let exercise: Vec<&Claim> = lesson.exercise_claims();
        let got = judged(&lesson, &rec.steps, &rec.host.isolation, &mode);
        for (claim, result) in lesson.claims().zip(&got) {
            let left_alone = result.verdict == Verdict::NotRun && result.reason == Msg::ExerciseNotPart.into();
            assert_eq!(
                left_alone,
                !exercise.iter().any(|c| c.id == claim.id),
                "{}: {} is judged when it is the exercise's",
                lesson.key(),
                claim.id
            );
        }
        seen += 1;
    }
    assert!(seen > 0, "the built-in book has lessons with exercises");
}

/// A claim's verdict follows what its step came to: the same claim the
/// recorded evidence proves times out, errs or is not run with its step.
#[test]
fn a_claim_carries_what_its_step_came_to() {
    let lesson = lessons()
        .into_iter()
        .find(|l| {
            let rec = crate::transcripts::record_for(l);
            rec.claims.iter().any(|c| c.verdict == Verdict::Proven)
        })
        .expect("a lesson the transcripts prove a claim of");
    let rec = crate::transcripts::record_for(&lesson);
    let before = judged(&lesson, &rec.steps, &rec.host.isolation, &Mode::Build);
    let proven = before
        .iter()
        .find(|c| c.verdict == Verdict::Proven)
        .expect("a proven claim");
    let step = proven.evidence[0].clone();
    let outcomes = [
        (StepOutcome::Timeout { after_ms: 1500 }, Verdict::Timeout),
        (
            StepOutcome::Error {
                message: Text::Plain("the engine went away".into()),
            },
            Verdict::Error,
        ),
        (
            StepOutcome::NotRun {
                reason: Msg::ExerciseNotPart.into(),
            },
            Verdict::NotRun,
        ),
    ];
    for (outcome, verdict) in outcomes {
        let mut steps = rec.steps.clone();
        let s = steps.iter_mut().find(|s| s.id == step).expect("the claim's step");
        s.outcome = outcome.clone();
        s.evidence = None;
        let after = judged(&lesson, &steps, &rec.host.isolation, &Mode::Build);
        let claim = after.iter().find(|c| c.id == proven.id).expect("the same claim");
        assert_eq!(claim.verdict, verdict, "step {step} {}", outcome.label());
        assert!(!claim.reason.to_string().is_empty());
    }
    let without: Vec<StepRecord> = rec.steps.iter().filter(|s| s.id != step).cloned().collect();
    let after = judged(&lesson, &without, &rec.host.isolation, &Mode::Build);
    let claim = after.iter().find(|c| c.id == proven.id).expect("the same claim");
    assert_eq!(claim.verdict, Verdict::NotRun, "a step the run lacks decides nothing");
}

#[test]
fn a_run_is_summed_up_by_verdict() {
    let lesson = lessons().into_iter().next().expect("a lesson");
    let mut rec = crate::transcripts::record_for(&lesson);
    let verdicts = [Verdict::Refuted, Verdict::Proven, Verdict::Proven, Verdict::NotRun];
    let template = rec.claims.first().cloned().expect("a claim");
    rec.claims = verdicts
        .iter()
        .map(|v| ClaimResult {
            verdict: *v,
            ..template.clone()
        })
        .collect();
    assert_eq!(summary(&rec), "1 not-run, 2 proven, 1 refuted");
    rec.claims.clear();
    assert_eq!(summary(&rec), "");
}

#[test]
fn a_host_table_says_what_it_was_filtered_by() {
    let lesson = lessons().into_iter().next().expect("a lesson");
    let rec = crate::transcripts::record_for(&lesson);
    let ran = rec
        .steps
        .iter()
        .find(|s| s.outcome == StepOutcome::Ok)
        .expect("a step that ran");
    let names = vec!["vmwp".to_string()];
    assert_eq!(describe_filter(&[], &[], &[], &[], &rec.steps), Msg::FilterAll.into());
    assert_eq!(
        describe_filter(&names, &[], &[], &[], &rec.steps),
        Msg::FilterName { names: names.clone() }.into()
    );
    let from = vec![ran.id.clone(), "never-ran".to_string()];
    let Text::Msg(Msg::FilterAny { parts }) = describe_filter(&names, &from, &[42], &[7], &rec.steps) else {
        panic!("names, PIDs of steps and fixed PIDs together are any of three filters");
    };
    assert_eq!(parts.len(), 3);
    assert_eq!(
        parts[1],
        Msg::FilterPidsFrom {
            steps: from.clone(),
            pids: vec![42],
            unrun: vec!["never-ran".to_string()],
        }
        .into(),
        "a step that did not run is named as one"
    );
    assert_eq!(parts[2], Msg::FilterPids { pids: vec![7] }.into());
}
