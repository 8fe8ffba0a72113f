//! `pid_numbering`: the PIDs `inside` gives a process against the PIDs
//! `outside` gives it: `own` numbering when they differ (a PID namespace of
//! its own), `shared` when the outside view reports the very PIDs inside.

use super::evidence::{is_top, view_label, view_procs, was_cut, would_hold, EvidenceSet};
use super::verdict::{cut_short, for_os, names_of, not_asked, nothing_listed, proven_if, Gate, Judged};
use crate::lesson::{Numbering, PerOs};
use crate::messages::{Inside, Msg};
use crate::record::Verdict;

/// Judges `pid_numbering { inside, outside, process, numbering }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (inside, outside, process, numbering): (&String, &String, &PerOs<String>, &Numbering),
) -> Result<Judged, Judged> {
    let name = for_os(process, ev.os)?;
    gate.pass()?;
    Ok(pid_numbering(ev, inside, outside, &name, *numbering))
}

fn pid_numbering(ev: &EvidenceSet, inside: &str, outside: &str, name: &str, numbering: Numbering) -> Judged {
    let inner = view_procs(ev, inside);
    if inner.is_empty() {
        return nothing_listed(ev, inside);
    }
    // Numbers not kept inside may be the very ones outside uses.
    if was_cut(ev, inside) {
        return cut_short(ev, inside);
    }
    let in_pids: Vec<u32> = inner.iter().filter(|p| p.answers_to(name)).map(|p| p.pid).collect();
    if in_pids.is_empty() {
        let msg = Msg::NumberingNoName {
            view: view_label(ev, inside),
            name: name.to_string(),
            listed: names_of(&inner),
        };
        return (Verdict::Refuted, msg);
    }
    let seen = Box::new(Inside {
        view: view_label(ev, inside),
        name: name.to_string(),
        pids: in_pids,
    });
    match numbering {
        Numbering::Own => own_numbering(ev, seen, outside),
        Numbering::Shared => shared_numbering(ev, seen, outside),
    }
}

/// The outside view numbers the process itself: it lists it, and under other PIDs.
fn own_numbering(ev: &EvidenceSet, inside: Box<Inside>, outside: &str) -> Judged {
    let outer = view_procs(ev, outside);
    let name = inside.name.as_str();
    let named: Vec<u32> = outer.iter().filter(|p| p.answers_to(name)).map(|p| p.pid).collect();
    let out_label = view_label(ev, outside);
    // A view that does not list the process gives it no number at all,
    // let alone one of its own: that is not own numbering.
    if named.is_empty() {
        let msg = Msg::NumberingOutsideLacks {
            inside,
            outside: out_label,
            listed: names_of(&outer),
        };
        return (Verdict::Refuted, msg);
    }
    let same: Vec<u32> = inside.pids.iter().copied().filter(|p| named.contains(p)).collect();
    // A number the outside view was never asked for may be there unseen.
    let unasked: Vec<u32> = inside
        .pids
        .iter()
        .copied()
        .filter(|p| !would_hold(ev, outside, *p, name))
        .collect();
    if same.is_empty() && !unasked.is_empty() {
        return not_asked(ev, outside, &unasked, name);
    }
    if same.is_empty() {
        let msg = Msg::NumberingOwn {
            inside,
            outside: out_label,
            pids: named,
        };
        (Verdict::Proven, msg)
    } else {
        let msg = Msg::NumberingSameNumber {
            inside,
            outside: out_label,
            pids: same,
        };
        (Verdict::Refuted, msg)
    }
}

/// The outside view reports the very PIDs the process has inside.
fn shared_numbering(ev: &EvidenceSet, inside: Box<Inside>, outside: &str) -> Judged {
    let outer = view_procs(ev, outside);
    let named: Vec<u32> = outer
        .iter()
        .filter(|p| p.answers_to(&inside.name))
        .map(|p| p.pid)
        .collect();
    // A sandbox's top reports the sandbox's own PIDs but takes the names
    // from the host's table, so they need not say `name`: then its PIDs
    // are compared as they are.
    let unnamed = named.is_empty() && is_top(ev, outside);
    let pids = if unnamed {
        outer.iter().map(|p| p.pid).collect()
    } else {
        named
    };
    let same: Vec<u32> = inside.pids.iter().copied().filter(|p| pids.contains(p)).collect();
    let holds = !same.is_empty();
    let msg = Msg::NumberingShared {
        inside,
        outside: view_label(ev, outside),
        pids: if holds { same } else { pids },
        same: holds,
        unnamed,
    };
    proven_if(holds, msg)
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Check, Numbering, ParseAs, PerOs};
    use crate::platform::Os;
    use crate::record::Verdict;
    use crate::test_support::proc;

    fn numbering(outside: &str, n: Numbering) -> Check {
        Check::PidNumbering {
            inside: "inside".into(),
            outside: outside.into(),
            process: same("sleep"),
            numbering: n,
        }
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let inside = || exec("inside", PS_RUNC, Some(ParseAs::Ps));
        let proving = vec![
            (
                vec![inside(), top("runc-top", vec![proc(30537, "sleep", "sleep 3600")])],
                numbering("runc-top", Numbering::Own),
            ),
            (
                vec![
                    exec("inside", "PID USER COMMAND\n 1 0 sleep 3600\n", Some(ParseAs::Ps)),
                    top("gvisor-top", vec![proc(1, "process_api", "/process_api")]),
                ],
                numbering("gvisor-top", Numbering::Shared),
            ),
        ];
        let refuting = vec![
            // The outside view gives `sleep` the PID it has inside: not its own.
            (
                vec![inside(), top("same-top", vec![proc(8, "sleep", "")])],
                numbering("same-top", Numbering::Own),
            ),
            // runc's top gives `sleep` a host PID, not the one inside.
            (
                vec![inside(), top("t", vec![proc(4242, "sleep", "sleep 3600")])],
                numbering("t", Numbering::Shared),
            ),
        ];
        Cases {
            proving,
            refuting,
            undecided: vec![],
        }
    }

    #[test]
    fn own_numbering_under_runc_and_not_under_a_sandbox() {
        let steps = [
            exec("inside", PS_RUNC, Some(ParseAs::Ps)),
            top(
                "runc-top",
                vec![
                    proc(30535, "sh", "sh -c sleep 3600 & wait"),
                    proc(30537, "sleep", "sleep 3600"),
                ],
            ),
            // gVisor: the sandbox's PIDs, with names the engine took from the host's table.
            top(
                "gvisor-top",
                vec![
                    proc(1, "process_api", "/process_api"),
                    proc(2, "[kthreadd]", "[kthreadd]"),
                ],
            ),
            top("same-top", vec![proc(8, "sleep", "sleep 3600")]),
        ];
        assert_eq!(verdict(&steps, numbering("runc-top", Numbering::Own)), Verdict::Proven);
        // A view that does not list the process gives it no number of its own.
        assert_eq!(
            verdict(&steps, numbering("gvisor-top", Numbering::Own)),
            Verdict::Refuted
        );
        assert_eq!(verdict(&steps, numbering("same-top", Numbering::Own)), Verdict::Refuted);
    }

    #[test]
    fn shared_numbering_reads_a_sandbox_top_by_pid() {
        let inside = exec(
            "inside",
            "PID   USER     COMMAND\n    1 0        sleep 3600\n    3 0        ps\n",
            Some(ParseAs::Ps),
        );
        let steps = [
            inside,
            top("gvisor-top", vec![proc(1, "process_api", "/process_api")]),
            top("runc-top", vec![proc(22711, "sleep", "sleep 3600")]),
            host("host", vec![proc(1, "process_api", "/process_api")]),
        ];
        let (v, reason) = judge_on(Os::Linux, &steps, numbering("gvisor-top", Numbering::Shared));
        assert_eq!(v, Verdict::Proven, "{reason}");
        assert!(reason.contains("PID 1"), "{reason}");
        assert_eq!(
            verdict(&steps, numbering("runc-top", Numbering::Shared)),
            Verdict::Refuted
        );
        // Only a top view is read by PID alone; a host table must name the process.
        assert_eq!(verdict(&steps, numbering("host", Numbering::Shared)), Verdict::Refuted);
    }

    #[test]
    fn windows_tasklist_inside_shares_the_pids_top_reports() {
        let tasklist = "Image Name                     PID Session Name        Session#    Mem Usage\n\
            ========================= ======== ================ =========== ============\n\
            csrss.exe                     1228 Services                   0      1,520 K\n\
            PING.EXE                      4872 Services                   0      2,100 K\n";
        let steps = [
            exec("inside", tasklist, Some(ParseAs::Ps)),
            top(
                "top",
                vec![proc(1228, "csrss.exe", "csrss.exe"), proc(4872, "PING.EXE", "PING.EXE")],
            ),
        ];
        let check = |n| Check::PidNumbering {
            inside: "inside".into(),
            outside: "top".into(),
            process: PerOs::Split {
                windows: Some("csrss".into()),
                linux: None,
            },
            numbering: n,
        };
        assert_eq!(
            judge_on(Os::Windows, &steps, check(Numbering::Shared)).0,
            Verdict::Proven
        );
        assert_eq!(judge_on(Os::Windows, &steps, check(Numbering::Own)).0, Verdict::Refuted);
        let (v, reason) = judge_on(Os::Linux, &steps, check(Numbering::Shared));
        assert_eq!(v, Verdict::NotRun);
        assert!(reason.starts_with("Windows-only"), "{reason}");
    }
}
