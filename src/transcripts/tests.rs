//! The recorded hosts' rules, and that their verdicts follow the captures:
//! each test alters one capture of a transcript and sees the verdict change.

use std::path::PathBuf;

use super::*;
use crate::lesson::Block;
use crate::messages::Lang;
use crate::record::{StepOutcome, Verdict};

fn lessons() -> Vec<Lesson> {
    crate::lesson::load_all(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons")])
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn lesson(id: &str) -> Lesson {
    lessons()
        .into_iter()
        .find(|l| l.meta.lesson == id && l.meta.lang == "en")
        .unwrap_or_else(|| panic!("lesson {id}"))
}

fn verdict(t: &Transcript, lesson_id: &str, claim: &str) -> (Verdict, String) {
    let r = t.record_for(&lesson(lesson_id));
    let c = r
        .claims
        .iter()
        .find(|c| c.id == claim)
        .unwrap_or_else(|| panic!("{claim}"));
    (c.verdict, c.reason.to_string())
}

/// `t` with the source of one lesson step replaced.
fn altered(t: &Transcript, lesson_id: &str, step: &str, src: Source) -> Transcript {
    let mut steps: Vec<(&'static str, &'static str, Source)> = t.steps.to_vec();
    let at = steps
        .iter()
        .position(|(l, s, _)| *l == lesson_id && *s == step)
        .unwrap_or_else(|| panic!("{lesson_id}/{step} is answered"));
    steps[at].2 = src;
    Transcript {
        steps: Box::leak(steps.into_boxed_slice()),
        ..t.clone()
    }
}

fn tables_of(t: &Transcript, lesson_id: &str, step: &str) -> HostTables {
    t.tables(lesson_id, step).unwrap_or_else(|| panic!("{step}")).clone()
}

/// A capture with one more row, as `Get-Process` prints it.
fn with_row(text: &str, row: &str) -> &'static str {
    Box::leak(format!("{}\n{row}\n", text.trim_end()).into_boxed_str())
}

#[test]
fn tp_hyperv_csrss_is_proven_hidden_and_refuted_once_the_host_lists_it() {
    let (v, why) = verdict(&TECH_PREVIEW, "system-processes", "sandbox-csrss-not-on-host");
    assert_eq!(v, Verdict::Proven, "{why}");
    assert!(why.contains("956"), "{why}");
    let mut t = tables_of(&TECH_PREVIEW, "system-processes", "host-csrss");
    let text = with_row(
        fixtures::TP_HOST_HYPERV_RUNNING,
        "    175       9     1260       3708 ...97     0.20    956   3 csrss",
    );
    t.captures = Box::leak(
        vec![Capture {
            text,
            ..t.captures[0].clone()
        }]
        .into_boxed_slice(),
    );
    let alt = altered(
        &TECH_PREVIEW,
        "system-processes",
        "host-csrss",
        Source::HostProcesses(t),
    );
    let (v, why) = verdict(&alt, "system-processes", "sandbox-csrss-not-on-host");
    assert_eq!(v, Verdict::Refuted, "{why}");
}

#[test]
fn tp_process_containers_csrss_is_proven_a_host_process_and_refuted_without_it() {
    let (v, why) = verdict(&TECH_PREVIEW, "system-processes", "same-process-both-sides");
    assert_eq!(v, Verdict::Proven, "{why}");
    assert!(why.contains("1228"), "{why}");
    // The table taken before the container started lacks 1228.
    let mut t = tables_of(&TECH_PREVIEW, "system-processes", "host-view");
    t.captures = Box::leak(
        vec![Capture {
            text: fixtures::TP_HOST_BEFORE_PROCESS,
            ..t.captures[0].clone()
        }]
        .into_boxed_slice(),
    );
    let alt = altered(&TECH_PREVIEW, "system-processes", "host-view", Source::HostProcesses(t));
    let (v, why) = verdict(&alt, "system-processes", "same-process-both-sides");
    assert_eq!(v, Verdict::Refuted, "{why}");
}

#[test]
fn docs_hyperv_ping_is_proven_hidden_and_refuted_when_the_host_lists_it() {
    let (v, why) = verdict(&DOCS, "sandbox-isolation", "workload-hidden");
    assert_eq!(v, Verdict::Proven, "{why}");
    assert!(why.contains("1732"), "{why}");
    let mut t = tables_of(&DOCS, "sandbox-isolation", "host-view");
    let ping = with_row(
        fixtures::DOCS_HOST_PING_PROCESS_RUNNING,
        "     67       5      820       3836 ...71     0.03   1732   3 PING",
    );
    t.captures = Box::leak(vec![Capture::by_name("ping", ping), t.captures[1].clone()].into_boxed_slice());
    let alt = altered(&DOCS, "sandbox-isolation", "host-view", Source::HostProcesses(t));
    let (v, why) = verdict(&alt, "sandbox-isolation", "workload-hidden");
    assert_eq!(v, Verdict::Refuted, "{why}");
}

/// A table taken while a container was not running cannot show that its
/// process is hidden: judged anyway, the docs' process-example table would
/// "prove" the Hyper-V ping hidden.
#[test]
fn a_table_taken_while_the_container_did_not_run_decides_nothing_about_it() {
    let (v, why) = verdict(&DOCS, "process-isolation", "sandboxed-hidden");
    assert_eq!(v, Verdict::NotRun, "{why}");
    assert!(why.contains("`hyperv`") && why.contains("not running"), "{why}");
    let mut t = tables_of(&DOCS, "process-isolation", "host-view");
    t.running = &["process", "hyperv"];
    let alt = altered(&DOCS, "process-isolation", "host-view", Source::HostProcesses(t));
    assert_eq!(
        verdict(&alt, "process-isolation", "sandboxed-hidden").0,
        Verdict::Proven
    );
    // The container it did run is judged.
    assert_eq!(
        verdict(&DOCS, "process-isolation", "process-shares-pid").0,
        Verdict::Proven
    );
}

/// The documentation's `docker top` shows one row: judged anyway, it would
/// refute that the container runs its system processes.
#[test]
fn an_abbreviated_listing_decides_only_what_it_shows() {
    let (v, why) = verdict(&DOCS, "system-processes", "own-system-processes");
    assert_eq!(v, Verdict::NotRun, "{why}");
    assert!(why.contains("shows only ping"), "{why}");
    let Some(Source::Top(top)) = DOCS.source("system-processes", "top-process") else {
        panic!("top-process is a listing")
    };
    let whole = TopCapture {
        shows: None,
        ..top.clone()
    };
    let alt = altered(&DOCS, "system-processes", "top-process", Source::Top(whole));
    assert_eq!(
        verdict(&alt, "system-processes", "own-system-processes").0,
        Verdict::Refuted
    );
}

#[test]
fn a_run_step_asking_for_another_command_or_isolation_is_not_answered() {
    let mut l = lesson("sandbox-isolation");
    for b in &mut l.blocks {
        if let Block::Step(s) = b {
            if let Action::Run(run) = &mut s.action {
                run.command = crate::lesson::PerOs::Same(vec!["ping".into(), "-n".into(), "1".into()]);
            }
        }
    }
    let r = DOCS.record_for(&l);
    match &r.step("sandbox-a").unwrap().outcome {
        StepOutcome::NotRun { reason } => assert!(reason.contains("--isolation=hyperv"), "{reason}"),
        o => panic!("{o:?}"),
    }
    assert_eq!(
        r.claims.iter().find(|c| c.id == "workload-hidden").unwrap().verdict,
        Verdict::NotRun
    );
}

#[test]
fn same_build_means_the_same_windows_build_of_a_windows_base_image() {
    let ltsc = "mcr.microsoft.com/windows/servercore:ltsc2019";
    assert!(same_build_base_image("mcr.microsoft.com/windows/nanoserver:1809", ltsc));
    assert!(same_build_base_image("mcr.microsoft.com/windows/servercore:1809", ltsc));
    assert!(!same_build_base_image(
        "mcr.microsoft.com/windows/servercore:ltsc2022",
        ltsc
    ));
    assert!(!same_build_base_image(
        "mcr.microsoft.com/windows/servercore/iis:1809",
        ltsc
    ));
    assert!(!same_build_base_image("busybox", ltsc));
}

#[test]
fn every_recorded_host_has_its_own_label_run_and_note() {
    let l = lesson("process-isolation");
    let mut labels: Vec<&str> = ALL.iter().map(|t| t.label).collect();
    labels.dedup();
    assert_eq!(labels.len(), ALL.len());
    for t in ALL {
        assert!(is_recorded_label(t.label));
        let r = t.record_for(&l);
        assert_eq!(r.run_id, t.run_id);
        assert_eq!(r.host.os, crate::platform::Os::Windows);
        let Provenance::Recorded { note } = &r.provenance else {
            panic!("{}: recorded", t.label)
        };
        assert!(!note.plain(Lang::En).is_empty() && note.plain(Lang::Ko) != note.plain(Lang::En));
    }
    assert!(!is_recorded_label("local"));
}
