use super::*;
use crate::lesson::parse_lesson;
use crate::messages::Lang;
use crate::record::{StepOutcome, Verdict};

const LESSON: &str = include_str!("../../lessons/process-isolation.en.md");

fn lesson(text: &str) -> Lesson {
    parse_lesson("lessons/process-isolation.en.md", text).expect("the lesson parses")
}

#[test]
fn prose_line_shifts_and_claim_sentences_leave_the_lesson_fingerprint_alone() {
    let base = lesson(LESSON);
    // A paragraph more at the top moves every step and claim down a few lines.
    let moved = LESSON.replacen(
        "## A workload",
        "An added paragraph.\n\nAnd a second one.\n\n## A workload",
        1,
    );
    let moved = lesson(&moved);
    assert_ne!(base.steps().next().unwrap().line, 0);
    assert_eq!(lesson_hash(&base), lesson_hash(&moved));
    let says = lesson(&LESSON.replacen("says: ", "says: Reworded, ", 1));
    assert_eq!(lesson_hash(&base), lesson_hash(&says));
    assert!(Staleness::between(&base, &moved).is_empty());
}

#[test]
fn a_step_or_check_edit_changes_the_fingerprint_and_names_what_changed() {
    let base = lesson(LESSON);
    let edited = lesson(&LESSON.replacen("linux: [sleep, \"3600\"]}", "linux: [sleep, \"3601\"]}", 1));
    assert_ne!(lesson_hash(&base), lesson_hash(&edited));
    let s = Staleness::between(&base, &edited);
    assert_eq!(s.steps_changed, vec!["run-process".to_string()]);
    assert!(s.claims_changed.is_empty() && s.steps_added.is_empty());
    assert_eq!(s.describe(Lang::En), "steps changed: `run-process`");
    assert_eq!(s.describe(Lang::Ko), "바뀐 단계(`run-process`)");

    let timeout = lesson(&LESSON.replacen("timeout: 60", "timeout: 61", 1));
    assert_ne!(lesson_hash(&base), lesson_hash(&timeout));
}

#[test]
fn host_fingerprint_ignores_capture_time_and_interfaces_but_not_versions() {
    let h = crate::transcripts::host_info();
    let mut later = h.clone();
    later.captured_at = "2030-01-01T00:00:00Z".into();
    later.net_interfaces = vec!["veth123".into()];
    assert_eq!(host_hash(&h), host_hash(&later));
    let mut upgraded = h.clone();
    upgraded.engine_version.push_str(".1");
    assert_ne!(host_hash(&h), host_hash(&upgraded));
    let mut other = h.clone();
    other.isolation.clear();
    assert_ne!(host_hash(&h), host_hash(&other));
}

#[test]
fn refit_keeps_evidence_of_unchanged_steps_only_and_judges_again() {
    let base = lesson(LESSON);
    let record = crate::transcripts::record_for(&base);
    let before: Vec<_> = record.claims.iter().map(|c| (c.id.clone(), c.verdict)).collect();

    // Prose only: same evidence, same verdicts, the new prose in the doc.
    let mut same = record.clone();
    let prose = lesson(&LESSON.replacen("## A workload", "Fresh prose.\n\n## A workload", 1));
    assert!(refit(&mut same, &prose).is_empty());
    assert_eq!(same.doc, prose);
    assert_eq!(
        same.steps.iter().map(|s| &s.evidence).collect::<Vec<_>>(),
        record.steps.iter().map(|s| &s.evidence).collect::<Vec<_>>()
    );
    let after: Vec<_> = same.claims.iter().map(|c| (c.id.clone(), c.verdict)).collect();
    assert_eq!(before, after);

    // The process container changed: its evidence, and everything read from it, is gone.
    let mut changed = record.clone();
    let edited = lesson(&LESSON.replacen("isolation: process", "isolation: hyperv", 1));
    let stale = refit(&mut changed, &edited);
    assert_eq!(stale.steps_changed, vec!["run-process".to_string()]);
    for id in ["run-process", "top-process", "host-view"] {
        let s = changed.step(id).unwrap();
        assert!(
            s.evidence.is_none() && matches!(s.outcome, StepOutcome::NotRun { .. }),
            "{id}: {s:?}"
        );
    }
    assert!(
        changed.step("top-sandboxed").unwrap().evidence.is_some(),
        "an unrelated step keeps its evidence"
    );
    let shares = changed.claims.iter().find(|c| c.id == "process-shares-pid").unwrap();
    assert_eq!(shares.verdict, Verdict::NotRun, "{shares:?}");
    assert!(shares.reason.contains("build --changed"), "{}", shares.reason);
}

#[test]
fn records_without_a_fingerprint_still_read_and_get_one_from_their_lesson() {
    let base = lesson(LESSON);
    let record = crate::transcripts::record_for(&base);
    let mut json = serde_json::to_value(&record).unwrap();
    json.as_object_mut().unwrap().remove("fingerprint");
    let old: RunRecord = serde_json::from_value(json).unwrap();
    assert!(old.fingerprint.is_empty());
    assert_eq!(Fingerprint::of_record(&old), Fingerprint::of(&base, &record.host));
    assert_eq!(record.fingerprint, Fingerprint::of(&base, &record.host));
}

#[test]
fn a_changed_claim_is_judged_again_on_live_evidence_and_not_run_on_recorded() {
    let base = lesson(LESSON);
    let edited = lesson(&LESSON.replacen("kind: visible_on_host", "kind: hidden_from_host", 1));
    let mut recorded = crate::transcripts::record_for(&base);
    let s = refit(&mut recorded, &edited);
    assert_eq!(s.claims_changed, vec!["process-shares-pid".to_string()]);
    let c = &recorded.claims[0];
    assert_eq!((c.id.as_str(), c.verdict), ("process-shares-pid", Verdict::NotRun));
    assert!(c.reason.contains("cannot judge it again"), "{}", c.reason);

    let mut live = crate::transcripts::record_for(&base);
    live.provenance = crate::record::Provenance::Live;
    refit(&mut live, &edited);
    // The process container's PID is on the host: "hidden" is refuted by the same evidence.
    assert_eq!(live.claims[0].verdict, Verdict::Refuted, "{:?}", live.claims[0]);
    assert_eq!(live.claims[0].check, "hidden_from_host");
}
