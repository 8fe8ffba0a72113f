//! What every claim kind's tests share: fixtures that build evidence, the
//! cases each kind's file gives (`<kind>::tests::cases`), and the rules that
//! hold across kinds: every kind can be refuted; a capture cut at the cap, or
//! a view never asked for a PID, proves nothing.

use super::*;
use crate::lesson::{
    Action, CompareOp, ExecAction, HostProcessesAction, Numbering, ParseAs, PerOs, Step, TopAction, ValueRef,
};
use crate::platform::Os;
use crate::record::{Evidence, HostInfo, ProcInfo, StepOutcome, StepRecord};
use crate::test_support::proc;

/// Evidence and the claim it is judged for.
pub(super) type Case = (Vec<StepRecord>, Check);

/// A kind's cases: evidence that proves it, that refutes it, and that
/// decides nothing (missing, failed, cut, empty, not asked for).
pub(super) struct Cases {
    pub(super) proving: Vec<Case>,
    pub(super) refuting: Vec<Case>,
    pub(super) undecided: Vec<Case>,
}

pub(super) fn record(id: &str, action: Action, evidence: Evidence) -> StepRecord {
    StepRecord::captured(
        Step {
            id: id.into(),
            line: 1,
            timeout: None,
            action,
        },
        evidence,
    )
}

pub(super) fn top(id: &str, procs: Vec<ProcInfo>) -> StepRecord {
    let ev = Evidence::Top {
        container_id: "c".into(),
        titles: vec![],
        rows: vec![],
        processes: procs,
    };
    record(
        id,
        Action::Top(TopAction {
            container: "run".into(),
        }),
        ev,
    )
}

pub(super) fn host(id: &str, procs: Vec<ProcInfo>) -> StepRecord {
    let ev = Evidence::HostProcesses {
        filter: Default::default(),
        processes: procs,
        query: None,
    };
    record(id, Action::HostProcesses(HostProcessesAction::default()), ev)
}

pub(super) fn exec(id: &str, stdout: &str, parse: Option<ParseAs>) -> StepRecord {
    let action = Action::Exec(ExecAction {
        container: "run".into(),
        command: PerOs::Same(vec!["ps".into()]),
        parse,
    });
    record(
        id,
        action,
        Evidence::Exec {
            stdout: stdout.into(),
            stderr: String::new(),
            exit_code: Some(0),
        },
    )
}

pub(super) fn host_info(id: &str, h: HostInfo) -> StepRecord {
    record(
        id,
        Action::HostInfo(Default::default()),
        Evidence::HostInfo(Box::new(h)),
    )
}

pub(super) fn judge_on(os: Os, steps: &[StepRecord], check: Check) -> (Verdict, String) {
    let claim = Claim {
        id: "c".into(),
        line: 1,
        says: "s".into(),
        check,
        hint: None,
    };
    let r = judge(
        &claim,
        &EvidenceSet {
            os,
            steps,
            worker: Some("runsc-sandbox"),
        },
    );
    (r.verdict, r.reason.to_string())
}

pub(super) fn verdict(steps: &[StepRecord], check: Check) -> Verdict {
    judge_on(Os::Linux, steps, check).0
}

pub(super) fn same(s: &str) -> PerOs<String> {
    PerOs::Same(s.into())
}

pub(super) fn field(step: &str, field: &str) -> ValueRef {
    ValueRef::Field {
        step: step.into(),
        field: field.into(),
    }
}

pub(super) fn sandbox(id: &str, cid: &str) -> StepRecord {
    let ev = Evidence::Container {
        id: cid.into(),
        name: id.into(),
        image: "nanoserver".into(),
        image_source: "local".into(),
        isolation: crate::lesson::Isolation::Hyperv,
        runtime: "hyperv".into(),
        state: "running".into(),
    };
    record(id, Action::HostInfo(Default::default()), ev)
}

pub(super) fn filtered_host(id: &str, names: &[&str], pids_from: &[&str], procs: Vec<ProcInfo>) -> StepRecord {
    let hp = HostProcessesAction {
        name: Some(PerOs::Same(names.iter().map(|s| s.to_string()).collect())),
        pids_from: pids_from.iter().map(|s| s.to_string()).collect(),
        pids: vec![],
    };
    let ev = Evidence::HostProcesses {
        filter: Default::default(),
        processes: procs,
        query: None,
    };
    record(id, Action::HostProcesses(hp), ev)
}

pub(super) fn container(id: &str, cid: &str, isolation: crate::lesson::Isolation) -> StepRecord {
    let ev = Evidence::Container {
        id: cid.into(),
        name: id.into(),
        image: "busybox".into(),
        image_source: "local".into(),
        isolation,
        runtime: "runc".into(),
        state: "running".into(),
    };
    record(id, Action::HostInfo(Default::default()), ev)
}

/// busybox `ps` inside a runc container: the shell is PID 1, its `sleep` PID 8.
pub(super) const PS_RUNC: &str =
    "PID   USER     COMMAND\n    1 0        sh -c sleep 3600 & wait\n    8 0        sleep 3600\n    9 0        ps\n";

/// Names, the same on every OS.
pub(super) fn names(n: &[&str]) -> PerOs<Vec<String>> {
    PerOs::Same(n.iter().map(|s| s.to_string()).collect())
}

/// The step, its capture cut at the build's output cap.
pub(super) fn cut(mut s: StepRecord) -> StepRecord {
    s.cut.push(crate::record::Cut {
        stream: crate::record::Stream::Top,
        kept: 10,
        cut: 10,
    });
    s
}

/// The step, with `outcome` and no evidence.
pub(super) fn with_outcome(mut s: StepRecord, outcome: StepOutcome) -> StepRecord {
    s.outcome = outcome;
    s.evidence = None;
    s
}

/// For every claim kind, evidence that refutes it: no kind is proven whatever
/// the run captured. Every kind's file gives its cases (the `kinds!` rows
/// make it), and each is judged here as the file says it comes out.
#[test]
fn every_claim_kind_can_be_refuted() {
    for (kind, cases) in every_kind() {
        assert!(!cases.refuting.is_empty(), "`{kind}` has no refuting case");
        assert!(!cases.proving.is_empty(), "`{kind}` has no proving case");
        let all = [
            (&cases.refuting, "refuted"),
            (&cases.proving, "proven"),
            (&cases.undecided, "undecided"),
        ];
        for (group, want) in all {
            for (steps, check) in group {
                assert_eq!(check.kind(), kind, "a case in `{kind}.rs` is for another kind");
                let (v, reason) = judge_on(Os::Linux, steps, check.clone());
                let decided = matches!(v, Verdict::Proven | Verdict::Refuted);
                let ok = if want == "undecided" {
                    !decided
                } else {
                    v.as_str() == want
                };
                assert!(ok, "{kind}: {want} case came out {}: {reason}", v.as_str());
            }
        }
    }
}

/// The case: a runc workload, plainly a host process, looked up in a
/// host table filtered by another name and never asked for its PID. Its
/// absence there is no evidence: the claim must not come out proven.
#[test]
fn a_pid_the_host_table_was_not_asked_for_proves_nothing() {
    let steps = [
        top("t", vec![proc(4242, "sleep", "sleep 3600")]),
        filtered_host("by-other-name", &["runsc-sandbox"], &[], vec![]),
        filtered_host("by-top", &["runsc-sandbox"], &["t"], vec![]),
    ];
    let hidden = |host: &str| Check::HiddenFromHost {
        top: "t".into(),
        host: host.into(),
        process: same("sleep"),
    };
    let (v, reason) = judge_on(Os::Linux, &steps, hidden("by-other-name"));
    assert_eq!(v, Verdict::Error, "{reason}");
    assert!(reason.contains("not asked for PID 4242"), "{reason}");
    // Asked for the PID and it is not there: that is evidence.
    assert_eq!(verdict(&steps, hidden("by-top")), Verdict::Proven);
    let visible = Check::VisibleOnHost {
        top: "t".into(),
        host: "by-other-name".into(),
        process: same("sleep"),
    };
    assert_eq!(verdict(&steps, visible), Verdict::Error);
    let pid_is = Check::PidIs {
        view: "by-other-name".into(),
        pid: 1,
        process: same("systemd"),
    };
    assert_eq!(verdict(&steps, pid_is), Verdict::Error);
    let own = Check::PidNumbering {
        inside: "t".into(),
        outside: "by-other-name".into(),
        process: same("sleep"),
        numbering: Numbering::Own,
    };
    let mut with_other = steps.to_vec();
    with_other[1] = filtered_host("by-other-name", &["other"], &[], vec![proc(5, "sleep", "")]);
    assert_eq!(verdict(&with_other, own), Verdict::Error);
}

/// Evidence cut at the output cap decides nothing that the cut part could change.
#[test]
fn a_capture_cut_at_the_cap_proves_nothing_its_lost_part_could_refute() {
    let steps = [
        cut(top("t", vec![proc(4242, "sleep", "sleep 3600")])),
        cut(host("h", vec![])),
        cut(exec("e", "hello", None)),
    ];
    let hidden = Check::HiddenFromHost {
        top: "t".into(),
        host: "h".into(),
        process: same("sleep"),
    };
    assert_eq!(verdict(&steps, hidden), Verdict::Error);
    let mut whole_top = steps.to_vec();
    whole_top[0] = top("t", vec![proc(4242, "sleep", "sleep 3600")]);
    let hidden = Check::HiddenFromHost {
        top: "t".into(),
        host: "h".into(),
        process: same("sleep"),
    };
    // The host table lacks PID 4242, but it was cut: that shows nothing.
    assert_eq!(verdict(&whole_top, hidden), Verdict::Error);
    let count = Check::HostProcessCount {
        host: "h".into(),
        name: Some(same("sleep")),
        containers: vec![],
        per_container: None,
        before: None,
        min: None,
        max: Some(0),
    };
    assert_eq!(verdict(&steps, count), Verdict::Error);
    let compare = |op, needle: &str| Check::Compare {
        left: field("e", "stdout"),
        op,
        right: ValueRef::Literal { value: same(needle) },
    };
    assert_eq!(verdict(&steps, compare(CompareOp::NotContains, "bye")), Verdict::Error);
    assert_eq!(verdict(&steps, compare(CompareOp::Differs, "bye")), Verdict::Error);
    // Text found in what was kept is found, cut or not.
    assert_eq!(verdict(&steps, compare(CompareOp::Contains, "hell")), Verdict::Proven);
    let lists = Check::TopLists {
        top: "t".into(),
        names: PerOs::Same(vec!["nginx".into()]),
    };
    assert_eq!(verdict(&steps, lists), Verdict::Error);
}

mod page;
