//! `pid_is`: in a process view, PID `pid` is the named process.

use super::evidence::{view_label, view_procs, would_hold, EvidenceSet};
use super::verdict::{for_os, names_of, not_asked, nothing_listed, short, Gate, Judged};
use crate::lesson::PerOs;
use crate::messages::Msg;
use crate::record::Verdict;

/// Judges `pid_is { view, pid, process }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (view, pid, process): (&String, &u32, &PerOs<String>),
) -> Result<Judged, Judged> {
    let name = for_os(process, ev.os)?;
    gate.pass()?;
    Ok(pid_is(ev, view, *pid, &name))
}

fn pid_is(ev: &EvidenceSet, view: &str, pid: u32, name: &str) -> Judged {
    let procs = view_procs(ev, view);
    if procs.is_empty() {
        return nothing_listed(ev, view);
    }
    let label = view_label(ev, view);
    match procs.iter().find(|p| p.pid == pid) {
        Some(p) if p.answers_to(name) => {
            let msg = Msg::PidIs {
                view: label,
                pid,
                name: p.name.clone(),
                cmd: short(&p.cmd),
            };
            (Verdict::Proven, msg)
        }
        Some(p) => {
            let msg = Msg::PidIsOther {
                view: label,
                pid,
                got: p.name.clone(),
                name: name.to_string(),
            };
            (Verdict::Refuted, msg)
        }
        None if !would_hold(ev, view, pid, name) => not_asked(ev, view, &[pid], name),
        None => {
            let msg = Msg::PidMissing {
                view: label,
                pid,
                listed: names_of(&procs),
            };
            (Verdict::Refuted, msg)
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Check, ParseAs};
    use crate::record::Verdict;

    fn pid_is(view: &str, pid: u32, name: &str) -> Check {
        Check::PidIs {
            view: view.into(),
            pid,
            process: same(name),
        }
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let inside = || vec![exec("inside", PS_RUNC, Some(ParseAs::Ps))];
        Cases {
            proving: vec![(inside(), pid_is("inside", 1, "sh"))],
            // PID 8 inside is `sleep`, not `sh`.
            refuting: vec![(inside(), pid_is("inside", 8, "sh"))],
            undecided: vec![(vec![host("empty", vec![])], pid_is("empty", 1, "sh"))],
        }
    }

    #[test]
    fn an_exec_not_marked_as_a_process_table_is_not_read_as_one() {
        let steps = [exec("inside", PS_RUNC, None)];
        assert_eq!(verdict(&steps, pid_is("inside", 1, "sh")), Verdict::Error);
    }

    #[test]
    fn pid_is_proven_refuted_and_error_on_an_empty_view() {
        let steps = [exec("inside", PS_RUNC, Some(ParseAs::Ps)), host("empty", vec![])];
        assert_eq!(verdict(&steps, pid_is("inside", 1, "sh")), Verdict::Proven);
        assert_eq!(verdict(&steps, pid_is("inside", 1, "sleep")), Verdict::Refuted);
        assert_eq!(verdict(&steps, pid_is("inside", 42, "sh")), Verdict::Refuted);
        assert_eq!(verdict(&steps, pid_is("empty", 1, "sh")), Verdict::Error);
    }
}
