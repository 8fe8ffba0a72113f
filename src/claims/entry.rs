//! The one way a lesson's claims are judged: a run (`runner`), the recorded
//! Windows host (`recorded`) and a refitted record (`freshness`) all come here,
//! so a claim is judged the same whoever took its evidence.

use super::{judge, not_judged, EvidenceSet};
use crate::lesson::{Claim, Lesson};
use crate::messages::Text;
use crate::platform::{self, Isolation, IsolationBinding, Os};
use crate::record::{ClaimResult, StepRecord};

impl<'a> EvidenceSet<'a> {
    /// The evidence of `steps`, taken on a host of `os` whose isolation modes
    /// map as `bindings` (which names the worker a sandboxed container shows as).
    pub(crate) fn on_host(os: Os, steps: &'a [StepRecord], bindings: &'a [IsolationBinding]) -> EvidenceSet<'a> {
        let worker = platform::binding_for(bindings, Isolation::Hyperv).and_then(|b| b.worker.as_deref());
        EvidenceSet { os, steps, worker }
    }
}

/// Every claim of `lesson`, in the lesson's order, judged from `ev`. A claim
/// for which `leave` gives a reason is not judged: it is NOT RUN with that
/// reason (an exercise in a build, a claim a transcript cannot answer).
pub(crate) fn judge_lesson(
    lesson: &Lesson,
    ev: &EvidenceSet,
    leave: impl Fn(&Claim) -> Option<Text>,
) -> Vec<ClaimResult> {
    lesson
        .claims()
        .map(|c| match leave(c) {
            Some(reason) => not_judged(c, reason),
            None => judge(c, ev),
        })
        .collect()
}
