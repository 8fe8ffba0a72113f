//! The forged record, in one home for the unit tests (`src/rejudge/tests.rs`
//! includes this file by path) and the suite (`untrusted_records`,
//! `fresh_render`): a shipped Windows transcript's record read as a live
//! one, and the same record with another process at the workload's PID.
//! Written against `pb`, which each includer names: `proofbook` here,
//! `crate` in the library's tests.
#![allow(dead_code)]

use super::pb::lesson::Lesson;
use super::pb::record::{Evidence, Provenance, RunRecord};

/// The claim of the process-isolation lesson the forgery turns: the
/// workload's PID is a host process of the same name.
pub(crate) const SHARED_PID_CLAIM: &str = "process-shares-pid";

/// The record of `lesson` from the Windows Server 2019 transcript, read as a
/// live record and judged as a run judges it (the transcript's own rules
/// leave some claims unjudged that a live record's judge decides).
pub(crate) fn live_record(lesson: &Lesson) -> RunRecord {
    let mut r = super::pb::transcripts::record_for(lesson);
    r.provenance = Provenance::Live;
    super::pb::rejudge::record(&mut r);
    r
}

/// In the process-isolation record's host table (`host-view`), the process
/// at the PID `top` (`top-process`) reported for the workload becomes
/// `name` (its name and command line); stored verdicts are left as they
/// were, so `process-shares-pid` still says what it said.
pub(crate) fn forge_workload_pid(r: &mut RunRecord, name: &str) {
    let Some(Evidence::Top { processes, .. }) = &r.step("top-process").expect("a top-process step").evidence else {
        panic!("top-process has a top")
    };
    let pid = processes
        .iter()
        .find(|p| p.name.to_lowercase().contains("ping"))
        .expect("top lists the workload")
        .pid;
    let host = r
        .steps
        .iter_mut()
        .find(|s| s.id == "host-view")
        .expect("a host-view step");
    let Some(Evidence::HostProcesses { processes, .. }) = &mut host.evidence else {
        panic!("host-view is a host table")
    };
    let at = processes
        .iter_mut()
        .find(|p| p.pid == pid)
        .expect("the workload's PID is on the host");
    at.name = name.into();
    at.cmd = name.into();
}

/// [`forge_workload_pid`] with `explorer.exe`: the record's evidence then
/// refutes `process-shares-pid`, while its stored verdict says PROVEN.
pub(crate) fn forged(mut r: RunRecord) -> RunRecord {
    forge_workload_pid(&mut r, "explorer.exe");
    r
}
