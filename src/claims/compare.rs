//! `compare`: two values — a field of a step's evidence, or a literal —
//! equal, differ, or one contains the other.

use super::evidence::{was_cut, EvidenceSet};
use super::verdict::{for_os, proven_if, short, Gate, Judged};
use crate::lesson::{Action, CompareOp, ValueRef};
use crate::messages::{Msg, Relation, Side, Sides};
use crate::record::Verdict;

/// Judges `compare { left, op, right }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (left, op, right): (&ValueRef, &CompareOp, &ValueRef),
) -> Result<Judged, Judged> {
    gate.pass()?;
    compare(ev, left, *op, right)
}

fn value(ev: &EvidenceSet, v: &ValueRef) -> Result<String, Judged> {
    match v {
        ValueRef::Literal { value } => for_os(value, ev.os),
        ValueRef::Field { step, field } => ev
            .step(step)
            .and_then(|s| s.evidence.as_ref())
            .and_then(|e| e.field(field))
            .ok_or_else(|| {
                let msg = Msg::StepNoField {
                    step: step.clone(),
                    field: field.clone(),
                };
                (Verdict::Error, msg)
            }),
    }
}

fn compare(ev: &EvidenceSet, left: &ValueRef, op: CompareOp, right: &ValueRef) -> Result<Judged, Judged> {
    let (l, r) = (value(ev, left)?, value(ev, right)?);
    // Only finding the text in what was kept is sure when a side was cut.
    let cut = [left, right]
        .into_iter()
        .filter_map(ValueRef::step)
        .find(|s| was_cut(ev, s));
    if let Some(step) = cut {
        if !(op == CompareOp::Contains && l.contains(&r)) {
            let step = step.to_string();
            return Err((Verdict::Error, Msg::CompareCut { step }));
        }
    }
    if matches!(op, CompareOp::Contains | CompareOp::NotContains) && r.trim().is_empty() {
        // Every text contains the empty one: such a check could not fail.
        return Err((Verdict::Error, Msg::CompareEmptyRight));
    }
    let holds = match op {
        CompareOp::Equals => same_words(&l, &r),
        CompareOp::Differs => !same_words(&l, &r),
        CompareOp::Contains => l.contains(&r),
        CompareOp::NotContains => !l.contains(&r),
    };
    let relation = match op {
        CompareOp::Equals => Relation::Equals,
        CompareOp::Differs => Relation::Differs,
        CompareOp::Contains => Relation::Contains,
        CompareOp::NotContains => Relation::NotContains,
    };
    let sides = Sides {
        left: side(ev, left),
        right: side(ev, right),
    };
    let msg = Msg::Compared {
        left: short(&l),
        relation,
        right: short(&r),
        holds,
        sides: Some(Box::new(sides)),
    };
    Ok(proven_if(holds, msg))
}

/// What a side of the comparison is, for the reason: a step's field (and,
/// for an `exec`, the container it ran in), or the lesson's own value.
fn side(ev: &EvidenceSet, v: &ValueRef) -> Side {
    let ValueRef::Field { step, field } = v else {
        return Side::Lesson;
    };
    let container = match ev.step(step).map(|s| &s.request.action) {
        Some(Action::Exec(e)) => Some(e.container.clone()),
        _ => None,
    };
    Side::Step {
        step: step.clone(),
        field: field.clone(),
        container,
    }
}

/// Whether two values hold the same words, however spaced: `ls` prints one
/// name a line, a host field joins them with spaces.
fn same_words(l: &str, r: &str) -> bool {
    l.split_whitespace().eq(r.split_whitespace())
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Action, Check, CompareOp, PerOs, ValueRef};
    use crate::platform::Os;
    use crate::record::{Evidence, HostInfo, StepRecord, Verdict};

    fn compare_on(stdout: &str, op: CompareOp, right: &str) -> Case {
        let check = Check::Compare {
            left: field("e", "stdout"),
            op,
            right: ValueRef::Literal { value: same(right) },
        };
        (vec![exec("e", stdout, None)], check)
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let proving = vec![
            compare_on("box-1", CompareOp::Equals, "box-1"),
            compare_on("box-1", CompareOp::Differs, "box-2"),
            compare_on("box-1", CompareOp::Contains, "box"),
            compare_on("box-1", CompareOp::NotContains, "crate"),
        ];
        let refuting = vec![compare_on("box-1", CompareOp::Equals, "box-2")];
        let undecided = vec![
            (
                vec![exec("e", "box-1", None)],
                Check::Compare {
                    left: field("e", "stdout"),
                    op: CompareOp::Equals,
                    right: field("e", "no-such-field"),
                },
            ),
            compare_on("box-1", CompareOp::Contains, " "),
            (
                vec![cut(exec("e", "box-1", None))],
                Check::Compare {
                    left: field("e", "stdout"),
                    op: CompareOp::Equals,
                    right: ValueRef::Literal { value: same("box-1") },
                },
            ),
        ];
        Cases {
            proving,
            refuting,
            undecided,
        }
    }

    /// The reason says what was compared, from the claim's own context: the
    /// exec's output and the container it ran in, the host's field, the
    /// lesson's value; the verdict is the same as the values alone gave.
    #[test]
    fn a_reason_says_which_step_field_and_container_it_compared() {
        let h = HostInfo {
            hostname: "box-host".into(),
            ..Default::default()
        };
        let steps = [host_info("host", h), exec("name", "3f2a1b\n", None)];
        let differs = cmp(field("name", "stdout"), CompareOp::Differs, field("host", "hostname"));
        let (v, en) = judge_on(Os::Linux, &steps, differs.clone());
        assert_eq!(v, Verdict::Proven);
        assert_eq!(
            en,
            "the output of step `name` in container `run` (`3f2a1b`) differs from `hostname` of step `host` (`box-host`)"
        );
        let claim = crate::lesson::Claim {
            id: "c".into(),
            line: 1,
            says: "s".into(),
            check: differs,
            hint: None,
        };
        let ev = crate::claims::EvidenceSet {
            os: Os::Linux,
            steps: &steps,
            worker: None,
        };
        let ko = crate::claims::judge(&claim, &ev)
            .reason
            .plain(crate::messages::Lang::Ko);
        assert_eq!(
            ko,
            "`run` 컨테이너에서 실행한 `name` 단계의 출력(`3f2a1b`)과 `host` 단계의 `hostname` 값(`box-host`)은 서로 다릅니다"
        );
        let (steps, lacks) = compare_on("box-1", CompareOp::Contains, "box-2");
        let (v, en) = judge_on(Os::Linux, &steps, lacks);
        assert_eq!(v, Verdict::Refuted);
        assert_eq!(
            en,
            "the output of step `e` in container `run` (`box-1`) does not contain the value in the lesson (`box-2`)"
        );
    }

    fn cmp(left: ValueRef, op: CompareOp, right: ValueRef) -> Check {
        Check::Compare { left, op, right }
    }

    #[test]
    fn equality_ignores_how_words_are_spaced() {
        let h = HostInfo {
            net_interfaces: vec!["eth0".into(), "lo".into()],
            ..Default::default()
        };
        let steps = [
            host_info("host", h),
            exec("net", "eth0\nlo\n", None),
            exec("net-none", "lo\n", None),
        ];
        let ifaces = || field("host", "net_interfaces");
        let equals = cmp(ifaces(), CompareOp::Equals, field("net", "stdout"));
        assert_eq!(verdict(&steps, equals), Verdict::Proven);
        let differs = cmp(ifaces(), CompareOp::Differs, field("net-none", "stdout"));
        assert_eq!(verdict(&steps, differs), Verdict::Proven);
        let differs = cmp(ifaces(), CompareOp::Differs, field("net", "stdout"));
        assert_eq!(verdict(&steps, differs), Verdict::Refuted);
    }

    #[test]
    fn uncaptured_interfaces_and_empty_needles_decide_nothing() {
        let steps = [host_info("host", HostInfo::default()), exec("net", "lo\n", None)];
        let differs = cmp(
            field("host", "net_interfaces"),
            CompareOp::Differs,
            field("net", "stdout"),
        );
        assert_eq!(verdict(&steps, differs), Verdict::Error);
        // An empty kernel release would be "contained" in anything.
        let contains = cmp(
            field("net", "stdout"),
            CompareOp::Contains,
            field("host", "kernel_release"),
        );
        assert_eq!(verdict(&steps, contains), Verdict::Error);
    }

    #[test]
    fn kernel_release_is_the_kernel_on_linux_and_the_build_on_windows() {
        let linux = HostInfo {
            os: Os::Linux,
            kernel: "6.1.0-18-amd64".into(),
            ..Default::default()
        };
        let windows = HostInfo {
            os: Os::Windows,
            os_build: "20348".into(),
            kernel: "10.0 20348 (20348.1.amd64fre)".into(),
            ..Default::default()
        };
        let steps = [
            host_info("linux", linux),
            host_info("windows", windows),
            exec("uname", "6.1.0-18-amd64\n", None),
            exec("gvisor", "4.4.0\n", None),
            exec("ver", "\r\nMicrosoft Windows [Version 10.0.20348.2340]\r\n", None),
        ];
        let contains =
            |l: &str, host: &str| cmp(field(l, "stdout"), CompareOp::Contains, field(host, "kernel_release"));
        assert_eq!(verdict(&steps, contains("uname", "linux")), Verdict::Proven);
        assert_eq!(verdict(&steps, contains("gvisor", "linux")), Verdict::Refuted);
        assert_eq!(
            judge_on(Os::Windows, &steps, contains("ver", "windows")).0,
            Verdict::Proven
        );
    }

    /// The registry claims: a host registry that has the container's value
    /// refutes "not on the host"; the container's output decides "written inside".
    #[test]
    fn host_registry_exists_decides_both_ways() {
        let reg = |id: &str, exists: bool| -> StepRecord {
            record(
                id,
                Action::HostRegistry(crate::lesson::HostRegistryAction {
                    key: PerOs::Split {
                        windows: Some(r"HKLM\SOFTWARE\proofbook".into()),
                        linux: None,
                    },
                    value: Some("was-here".into()),
                }),
                Evidence::HostRegistry {
                    key: r"HKLM\SOFTWARE\proofbook".into(),
                    value: Some("was-here".into()),
                    exists,
                },
            )
        };
        let steps = [reg("absent", false), reg("present", true)];
        let not_on_host = |step: &str| {
            let windows_false = PerOs::Split {
                windows: Some("false".into()),
                linux: None,
            };
            cmp(
                field(step, "exists"),
                CompareOp::Equals,
                ValueRef::Literal { value: windows_false },
            )
        };
        assert_eq!(judge_on(Os::Windows, &steps, not_on_host("absent")).0, Verdict::Proven);
        assert_eq!(
            judge_on(Os::Windows, &steps, not_on_host("present")).0,
            Verdict::Refuted
        );
        let (v, reason) = judge_on(Os::Linux, &steps, not_on_host("absent"));
        assert_eq!(v, Verdict::NotRun);
        assert!(reason.starts_with("Windows-only"), "{reason}");
    }
}
