//! `top_lists`: the engine's `top` lists processes with all these names.

use super::evidence::{top_procs, was_cut, EvidenceSet};
use super::verdict::{cut_short, for_os, names_of, unanswered, Gate, Judged};
use crate::lesson::PerOs;
use crate::messages::Msg;
use crate::record::Verdict;

/// Judges `top_lists { top, names }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (top, names): (&String, &PerOs<Vec<String>>),
) -> Result<Judged, Judged> {
    let names = for_os(names, ev.os)?;
    gate.pass()?;
    Ok(top_lists(ev, top, &names))
}

fn top_lists(ev: &EvidenceSet, top: &str, names: &[String]) -> Judged {
    let procs = top_procs(ev, top);
    let missing = unanswered(procs, names);
    if missing.is_empty() {
        (Verdict::Proven, Msg::TopLists { names: names.to_vec() })
    } else if was_cut(ev, top) {
        cut_short(ev, top)
    } else {
        let msg = Msg::TopLacks {
            missing,
            listed: names_of(procs),
        };
        (Verdict::Refuted, msg)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Check, PerOs};
    use crate::test_support::proc;

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let sleep_top = || top("t", vec![proc(4242, "sleep", "sleep 3600")]);
        let lists = |names: PerOs<Vec<String>>| Check::TopLists { top: "t".into(), names };
        Cases {
            proving: vec![(vec![sleep_top()], lists(names(&["sleep"])))],
            refuting: vec![(vec![sleep_top()], lists(names(&["sleep", "nginx"])))],
            // A Windows-only claim on Linux.
            undecided: vec![(
                vec![sleep_top()],
                lists(PerOs::Split {
                    windows: Some(vec!["csrss".into()]),
                    linux: None,
                }),
            )],
        }
    }
}
