//! `pid_is_not`: in a process view, PID `pid` exists and is some other
//! process than the named one.

use super::evidence::{view_label, view_procs, EvidenceSet};
use super::verdict::{for_os, nothing_listed, short, Gate, Judged};
use crate::lesson::PerOs;
use crate::messages::Msg;
use crate::record::Verdict;

/// Judges `pid_is_not { view, pid, process }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (view, pid, process): (&String, &u32, &PerOs<String>),
) -> Result<Judged, Judged> {
    let name = for_os(process, ev.os)?;
    gate.pass()?;
    Ok(pid_is_not(ev, view, *pid, &name))
}

fn pid_is_not(ev: &EvidenceSet, view: &str, pid: u32, name: &str) -> Judged {
    let procs = view_procs(ev, view);
    if procs.is_empty() {
        return nothing_listed(ev, view);
    }
    let label = view_label(ev, view);
    let name = name.to_string();
    match procs.iter().find(|p| p.pid == pid) {
        Some(p) if p.answers_to(&name) => (Verdict::Refuted, Msg::PidIsItself { view: label, pid, name }),
        Some(p) => {
            let msg = Msg::PidIsOtherThan {
                view: label,
                pid,
                got: p.name.clone(),
                cmd: short(&p.cmd),
                name,
            };
            (Verdict::Proven, msg)
        }
        // Without the PID there is nothing to tell apart: that is missing evidence, not a finding.
        None => (Verdict::Error, Msg::PidMissingCannotShow { view: label, pid }),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::Check;
    use crate::record::Verdict;
    use crate::test_support::proc;

    fn not(view: &str, pid: u32) -> Check {
        Check::PidIsNot {
            view: view.into(),
            pid,
            process: same("sleep"),
        }
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let init = || vec![host("h", vec![proc(1, "systemd", "/sbin/init")])];
        Cases {
            proving: vec![(init(), not("h", 1))],
            refuting: vec![(vec![host("h", vec![proc(1, "sleep", "sleep 3600")])], not("h", 1))],
            undecided: vec![(init(), not("h", 7))],
        }
    }

    #[test]
    fn pid_is_not_needs_the_pid_to_be_there() {
        let steps = [
            host("host", vec![proc(1, "systemd", "/sbin/init")]),
            host("in-container", vec![proc(1, "sleep", "sleep 3600")]),
        ];
        assert_eq!(verdict(&steps, not("host", 1)), Verdict::Proven);
        assert_eq!(verdict(&steps, not("in-container", 1)), Verdict::Refuted);
        // No PID 7 listed: nothing shows what PID 7 is, so nothing is proven.
        assert_eq!(verdict(&steps, not("host", 7)), Verdict::Error);
    }
}
