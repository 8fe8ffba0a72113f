//! Records to compare, for the unit tests of every file of `diff`.

use crate::lesson::{Action, FrontMatter, HostInfoAction, Isolation, Lesson, Step};
use crate::record::{
    ClaimResult, Evidence, HostInfo, HostRecords, ProcInfo, Provenance, RunRecord, StepOutcome, StepRecord, Verdict,
};

/// A step of kind `host_info` with this outcome and evidence.
pub(super) fn step(id: &str, outcome: StepOutcome, evidence: Option<Evidence>) -> StepRecord {
    StepRecord {
        id: id.into(),
        request: Step {
            id: id.into(),
            line: 1,
            timeout: None,
            action: Action::HostInfo(HostInfoAction {}),
        },
        cli: String::new(),
        host_cli: None,
        outcome,
        evidence,
        started_at: "t".into(),
        duration_ms: 1,
        cut: Vec::new(),
    }
}

/// A claim with this verdict; its reason names the claim and the verdict.
pub(super) fn claim(id: &str, v: Verdict) -> ClaimResult {
    ClaimResult {
        id: id.into(),
        says: format!("{id} says"),
        check: "k".into(),
        verdict: v,
        reason: format!("{id} is {}", v.as_str()).into(),
        evidence: vec![],
    }
}

/// A record of `lesson` on a Linux host whose Hyper-V isolation runs on `sandbox`.
pub(super) fn record(lesson: &str, steps: Vec<StepRecord>, claims: Vec<ClaimResult>, sandbox: &str) -> RunRecord {
    let mut host = HostInfo {
        engine_version: "20.10.24".into(),
        kernel: "6.1".into(),
        runtimes: vec!["runc".into(), "runsc".into()],
        ..Default::default()
    };
    host.isolation = vec![crate::record::IsolationBinding {
        isolation: Isolation::Hyperv,
        runtime: Some(sandbox.into()),
        worker: None,
        missing: None,
    }];
    RunRecord {
        schema: 1,
        run_id: "r".into(),
        lesson: lesson.into(),
        lang: "en".into(),
        title: "T".into(),
        source: "x.md".into(),
        doc: Lesson {
            path: "x.md".into(),
            meta: FrontMatter {
                title: "T".into(),
                lang: "en".into(),
                lesson: lesson.into(),
                order: 1,
                summary: "S".into(),
            },
            blocks: vec![],
        },
        host,
        provenance: Provenance::Live,
        started_at: "t".into(),
        duration_ms: 1,
        steps,
        claims,
        fingerprint: Default::default(),
        verified: None,
        derived: Default::default(),
    }
}

/// One host, `label`, with these records: one side of a comparison.
pub(super) fn host(label: &str, records: Vec<RunRecord>) -> Vec<HostRecords> {
    vec![HostRecords {
        label: label.into(),
        records,
    }]
}

/// A step whose evidence is the host's process table `procs`.
pub(super) fn host_view(procs: Vec<ProcInfo>) -> StepRecord {
    step(
        "host-view",
        StepOutcome::Ok,
        Some(Evidence::HostProcesses {
            filter: "f".into(),
            processes: procs,
            query: None,
        }),
    )
}

/// A report with one of every kind of change, every kind of list and a host
/// pair with different labels; its values hold few English words, so a test
/// can tell proofbook's words from a record's.
pub(super) fn every_change() -> crate::diff::report::Report {
    use crate::diff::field::Field;
    use crate::diff::report::{Change, ClaimRef, HostChange, LessonRef, Report, StepChange, VerdictChange};
    use crate::messages::Msg;
    let at = LessonRef {
        host: None,
        lesson: "iso".into(),
        lang: "en".into(),
    };
    let step = |step: &str, action: &str, changes: Vec<Change>| StepChange {
        at: at.clone(),
        step: step.into(),
        action: action.into(),
        changes,
    };
    let value = |field: Field, old: &str, new: &str| Change::Value {
        field,
        old: old.into(),
        new: new.into(),
    };
    let claim = |claim: &str, verdict: Verdict| ClaimRef {
        at: at.clone(),
        claim: claim.into(),
        verdict,
    };
    let on_h2 = |change: Change| HostChange {
        host: "h2".into(),
        change,
    };
    Report {
        old: "/tmp/x1".into(),
        new: "/tmp/x2".into(),
        hosts: vec![("h1".into(), "h2".into())],
        verdicts: vec![VerdictChange {
            at: at.clone(),
            claim: "c1".into(),
            says: "c1-says".into(),
            old: Verdict::Proven,
            new: Verdict::Refuted,
            old_reason: Msg::TopLists {
                names: vec!["vmwp".into()],
            }
            .into(),
            new_reason: Msg::TopEmpty.into(),
        }],
        claims_added: vec![claim("c2", Verdict::NotRun)],
        claims_removed: vec![claim("c3", Verdict::Proven)],
        steps: vec![
            step("s1", "run", every_kind_of_change()),
            step("s2", "top", vec![Change::StepAdded]),
            step("s3", "exec", vec![Change::StepRemoved]),
        ],
        host_changes: vec![
            on_h2(value(Field::EngineVersion, "20.10.24", "24.0.7")),
            on_h2(value(Field::RunsOn(Isolation::Hyperv), "runsc", "(none)")),
            on_h2(value(Field::RunsOn(Isolation::Hyperv), "(missing)", "runc")),
            on_h2(value(Field::NetInterface("wg0".into()), "absent", "present")),
        ],
        lessons_added: vec![LessonRef {
            host: Some("h2".into()),
            lesson: "iso2".into(),
            lang: "ko".into(),
        }],
        lessons_removed: vec![LessonRef {
            host: None,
            lesson: "iso3".into(),
            lang: "en".into(),
        }],
    }
}

/// One change of every kind a step can have, each with a value proofbook
/// writes itself (`none`, `true`) where the kind has one.
fn every_kind_of_change() -> Vec<crate::diff::report::Change> {
    use crate::diff::field::{Counted, Field, View};
    use crate::diff::report::Change;
    use crate::messages::Msg;
    let value = |field: Field, old: &str, new: &str| Change::Value {
        field,
        old: old.into(),
        new: new.into(),
    };
    vec![
        value(Field::StepAsWritten, r#"{"run":1}"#, r#"{"run":2}"#),
        Change::Outcome {
            old: "ok".into(),
            new: "not-run".into(),
            detail: Some(Msg::StepMissing { step: "s0".into() }.into()),
        },
        Change::Outcome {
            old: "timeout".into(),
            new: "ok".into(),
            detail: None,
        },
        Change::ProcessAppeared {
            view: View::Engine,
            name: "sleep".into(),
            count: 1,
        },
        Change::ProcessVanished {
            view: View::Host,
            name: "runsc-sandbox".into(),
            count: 2,
        },
        Change::Count {
            what: Counted::ProcessesNamed(View::Host, "sleep".into()),
            old: 1,
            new: 2,
        },
        Change::Count {
            what: Counted::Processes(View::Engine),
            old: 1,
            new: 2,
        },
        Change::Count {
            what: Counted::LinesOfOutput,
            old: 3,
            new: 0,
        },
        value(Field::ExitCode, "0", "none"),
        value(Field::Exists, "true", "false"),
        value(Field::Runtime, "runsc", "runc"),
    ]
}

/// The ASCII words a report's values (not proofbook's words) bring into its
/// text: [`every_change`]'s ids, names, runtimes, and the Markdown's markup.
/// (An isolation id, `hyperv`, is prose in English, as it always was.)
pub(super) const VALUE_WORDS: &[&str] = &[
    "hyperv",
    "tmp",
    "x",
    "h",
    "iso",
    "en",
    "ko",
    "c",
    "says",
    "vmwp",
    "s",
    "run",
    "top",
    "exec",
    "sleep",
    "runsc",
    "sandbox",
    "runc",
    "wg",
    "proofbook",
    "details",
    "summary",
];

/// The words of `text` outside code spans that are neither Hangul nor one of [`VALUE_WORDS`].
pub(super) fn english_left(text: &str) -> Vec<String> {
    text.split('`')
        .step_by(2)
        .flat_map(|prose| prose.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| !w.is_empty() && !VALUE_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}
