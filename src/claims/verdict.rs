//! Verdicts every kind shares: what decides a claim before its judge reads
//! anything (a step that did not run, a claim with no form for this OS), the
//! sentences for evidence that decides nothing (cut, empty, not asked for),
//! and how processes are named in a reason.

use super::evidence::{view_label, EvidenceSet};
use crate::lesson::{self, PerOs};
use crate::messages::{Msg, OnHost, ProcName};
use crate::platform::Os;
use crate::record::{ProcInfo, StepOutcome, StepRecord, Verdict};

/// A verdict and the sentence that says why.
pub(super) type Judged = (Verdict, Msg);

/// PROVEN when `holds`, else REFUTED, with the sentence that says why.
pub(super) fn proven_if(holds: bool, msg: Msg) -> Judged {
    (if holds { Verdict::Proven } else { Verdict::Refuted }, msg)
}

/// A claim's value for `os`; NOT RUN when the lesson gives it no form there.
pub(super) fn for_os<T: Clone>(v: &PerOs<T>, os: Os) -> Result<T, Judged> {
    v.for_os(os)
        .ok_or_else(|| (Verdict::NotRun, lesson::no_form(v, os, true)))
}

/// The steps a claim reads. A judge asks [`Gate::pass`] after it has the
/// claim's forms for this OS and before it reads evidence: missing, failed
/// or timed-out evidence decides nothing.
pub(super) struct Gate<'e, 'a> {
    pub(super) ev: &'e EvidenceSet<'a>,
    pub(super) steps: &'e [String],
}

impl Gate<'_, '_> {
    /// Ok when every step the claim reads ran; else the claim is NOT RUN,
    /// ERROR or TIMEOUT, carrying the step's reason.
    pub(super) fn pass(&self) -> Result<(), Judged> {
        match blocked_by(self.steps, self.ev) {
            Some(j) => Err(j),
            None => Ok(()),
        }
    }
}

fn blocked_by(steps: &[String], ev: &EvidenceSet) -> Option<Judged> {
    for id in steps {
        let step_id = id.clone();
        let Some(step) = ev.step(id) else {
            return Some((Verdict::NotRun, Msg::StepMissing { step: step_id }));
        };
        // Why it did not run or failed, or how long before it timed out.
        let detail = Box::new(step.outcome.detail().unwrap_or_default());
        return Some(match &step.outcome {
            StepOutcome::Ok => continue,
            // A step left unrun because its input timed out or failed carries that verdict on.
            StepOutcome::NotRun { .. } => {
                let verdict = root_failure(step, ev, 0).unwrap_or(Verdict::NotRun);
                (
                    verdict,
                    Msg::ClaimStepNotRun {
                        step: step_id,
                        reason: detail,
                    },
                )
            }
            StepOutcome::Timeout { .. } => (
                Verdict::Timeout,
                Msg::ClaimStepTimedOut {
                    step: step_id,
                    after: detail,
                },
            ),
            StepOutcome::Error { .. } => (
                Verdict::Error,
                Msg::ClaimStepFailed {
                    step: step_id,
                    message: detail,
                },
            ),
        });
    }
    None
}

/// Timeout or error of a step this (unrun) step needed, directly or through other unrun steps.
fn root_failure(step: &StepRecord, ev: &EvidenceSet, depth: usize) -> Option<Verdict> {
    if depth > 32 {
        return None;
    }
    for dep in step.request.action.depends_on() {
        let Some(s) = ev.step(dep) else { continue };
        match &s.outcome {
            StepOutcome::Timeout { .. } => return Some(Verdict::Timeout),
            StepOutcome::Error { .. } => return Some(Verdict::Error),
            StepOutcome::NotRun { .. } => {
                if let Some(v) = root_failure(s, ev, depth + 1) {
                    return Some(v);
                }
            }
            StepOutcome::Ok => {}
        }
    }
    None
}

/// ERROR: view `id` was cut at the build's cap, and the lost part could decide.
pub(super) fn cut_short(ev: &EvidenceSet, id: &str) -> Judged {
    (
        Verdict::Error,
        Msg::ViewCut {
            view: view_label(ev, id),
        },
    )
}

/// ERROR: view `id` was never asked for `pids`, so their absence shows nothing.
pub(super) fn not_asked(ev: &EvidenceSet, id: &str, pids: &[u32], name: &str) -> Judged {
    let msg = Msg::ViewNotAsked {
        view: view_label(ev, id),
        pids: pids.to_vec(),
        name: name.to_string(),
    };
    (Verdict::Error, msg)
}

/// ERROR: view `id` does not hold every process named `name`, so it counts nothing.
pub(super) fn not_counted(ev: &EvidenceSet, id: &str, name: &str) -> Judged {
    let msg = Msg::ViewNotCounted {
        view: view_label(ev, id),
        name: name.to_string(),
    };
    (Verdict::Error, msg)
}

/// ERROR: view `id` listed no process at all.
pub(super) fn nothing_listed(ev: &EvidenceSet, id: &str) -> Judged {
    (
        Verdict::Error,
        Msg::ViewEmpty {
            view: view_label(ev, id),
        },
    )
}

/// What the host's table holds at `pid`.
pub(super) fn host_fact(pid: u32, p: Option<&ProcInfo>) -> OnHost {
    OnHost {
        pid,
        name: p.map(|p| p.name.clone()),
    }
}

/// The names in `names` that no process in `procs` answers to, in order.
pub(super) fn unanswered(procs: &[ProcInfo], names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|n| !procs.iter().any(|p| p.answers_to(n)))
        .cloned()
        .collect()
}

/// Processes as a reason names them: name and PID.
pub(super) fn names_of<'a>(procs: impl IntoIterator<Item = &'a ProcInfo>) -> Vec<ProcName> {
    procs
        .into_iter()
        .map(|p| ProcName {
            name: p.name.clone(),
            pid: p.pid,
        })
        .collect()
}

/// A captured value as a reason quotes it: trimmed, at most 80 characters.
pub(super) fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}
