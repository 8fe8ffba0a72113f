//! `lists`: a process view (`top`, an `exec` read as a process table, or
//! the host's table) lists processes with all these names.

use super::evidence::{view_label, view_procs, was_cut, EvidenceSet};
use super::verdict::{cut_short, for_os, names_of, unanswered, Gate, Judged};
use crate::lesson::PerOs;
use crate::messages::Msg;
use crate::record::Verdict;

/// Judges `lists { view, names }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (view, names): (&String, &PerOs<Vec<String>>),
) -> Result<Judged, Judged> {
    let names = for_os(names, ev.os)?;
    gate.pass()?;
    Ok(lists(ev, view, &names))
}

fn lists(ev: &EvidenceSet, view: &str, names: &[String]) -> Judged {
    let procs = view_procs(ev, view);
    let missing = unanswered(&procs, names);
    if missing.is_empty() {
        let found = names_of(procs.iter().filter(|p| names.iter().any(|n| p.answers_to(n))));
        let msg = Msg::ViewLists {
            view: view_label(ev, view),
            found,
        };
        (Verdict::Proven, msg)
    } else if was_cut(ev, view) {
        cut_short(ev, view)
    } else {
        let msg = Msg::ViewLacks {
            view: view_label(ev, view),
            missing,
            listed: names_of(&procs),
        };
        (Verdict::Refuted, msg)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Check, ParseAs};
    use crate::record::Verdict;

    fn lists(n: &[&str]) -> Check {
        Check::Lists {
            view: "inside".into(),
            names: names(n),
        }
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let inside = || vec![exec("inside", PS_RUNC, Some(ParseAs::Ps))];
        Cases {
            proving: vec![(inside(), lists(&["sh", "sleep"]))],
            refuting: vec![(inside(), lists(&["nginx"]))],
            undecided: vec![],
        }
    }

    #[test]
    fn lists_reads_an_exec_process_table() {
        let steps = [exec("inside", PS_RUNC, Some(ParseAs::Ps))];
        assert_eq!(verdict(&steps, lists(&["sh", "sleep"])), Verdict::Proven);
        assert_eq!(verdict(&steps, lists(&["sh", "init"])), Verdict::Refuted);
    }
}
