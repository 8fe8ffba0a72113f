//! Records to compare, for the unit tests of every file of `diff`.

use crate::lesson::{Action, FrontMatter, HostInfoAction, Isolation, Lesson, Step};
use crate::record::{
    ClaimResult, Evidence, HostInfo, HostRecords, ProcInfo, Provenance, RunRecord, StepOutcome, StepRecord, Verdict,
};

/// A step of kind `host_info` with this outcome and evidence.
pub(super) fn step(id: &str, outcome: StepOutcome, evidence: Option<Evidence>) -> StepRecord {
    StepRecord {
        id: id.into(),
        action: "host_processes".into(),
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
        stale: None,
        verified: None,
        overruled: Vec::new(),
        file: Default::default(),
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
