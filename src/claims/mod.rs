//! Stage 3: evidence → verdict. A check reads only what the run captured
//! (the `StepRecord`s); it never talks to the engine or the host.
//!
//! Each claim kind is one file, named as the lesson names the kind
//! (`visible_on_host.rs` judges `kind: visible_on_host`), holding its judge
//! and, in its `tests` module, the evidence that proves it, the evidence
//! that REFUTES it, and evidence that decides nothing. Beneath them is a
//! small shared core:
//!
//! - `evidence.rs`: [`EvidenceSet`] and the lookups every judge reads
//!   (a step's processes, what a view was asked for, whether it was cut);
//! - `verdict.rs`: what decides a claim before its judge reads evidence (a
//!   step that did not run, no form for this OS), and the verdicts for
//!   evidence that decides nothing;
//! - this file: the entry points ([`judge`], [`judge_lesson`]) and the
//!   dispatch, one row a kind in `kinds!`.
//!
//! # Adding a claim kind
//!
//! 1. The lesson model: a `Check` variant (`src/lesson/model.rs`: its fields,
//!    its `kind()` name and the `steps()` it reads).
//! 2. Validation: what makes it wrong or unable to fail (`src/lesson/validate.rs`,
//!    `src/lesson/can_fail.rs`).
//! 3. The catalogue: the sentences of its reasons, a row of `messages!` each
//!    (`src/messages.rs`; the ids in `src/messages/catalogue.rs`, the text in
//!    `en.rs` and `ko.rs`).
//! 4. Its file here, `src/claims/<kind>.rs`: `judge(ev, gate, (fields…))`,
//!    which takes the claim's forms for `ev.os` (`for_os`), then calls
//!    `gate.pass()?`, then decides; and `tests::cases()`, with at least one
//!    proving and one refuting case.
//!
//! Here, the new file needs its `mod` line and one row in `kinds!` (the
//! compiler asks for it: the dispatch is an exhaustive match on `Check`).
//! Nothing else changes: the cross-kind tests and the page tests take every
//! kind's cases from the `kinds!` rows, and fail a kind without a proving
//! or a refuting case. The recorded Windows transcripts (`src/transcripts.rs`)
//! leave a kind they do not know unjudged, so they need no change either.

mod evidence;
mod ps;
mod verdict;

mod compare;
mod hidden_from_host;
mod host_process_count;
mod lists;
mod pid_is;
mod pid_is_not;
mod pid_numbering;
mod top_lists;
mod visible_on_host;

pub(crate) use evidence::reported_pids;
pub use evidence::EvidenceSet;
pub(crate) use ps::parse_process_table;

use crate::lesson::{Check, Claim, Lesson};
use crate::messages::Text;
use crate::record::{ClaimResult, Verdict};
use verdict::{Gate, Judged};

/// Judge one claim. Missing, failed or timed-out evidence decides nothing:
/// the claim is then not-run / error / timeout, carrying the step's reason.
/// A claim with no form for this OS is not checked, whatever its steps did.
pub fn judge(claim: &Claim, ev: &EvidenceSet) -> ClaimResult {
    let used: Vec<String> = claim.check.steps().iter().map(|s| s.to_string()).collect();
    let gate = Gate { ev, steps: &used };
    let (verdict, reason) = decide(&claim.check, ev, gate).unwrap_or_else(|undecided| undecided);
    ClaimResult {
        id: claim.id.clone(),
        says: claim.says.clone(),
        check: claim.check.kind().to_string(),
        verdict,
        reason: reason.into(),
        evidence: used,
    }
}

/// A claim this run leaves alone (an exercise in a build, say), with why.
pub(crate) fn not_judged(claim: &Claim, reason: Text) -> ClaimResult {
    ClaimResult {
        id: claim.id.clone(),
        says: claim.says.clone(),
        check: claim.check.kind().to_string(),
        verdict: Verdict::NotRun,
        reason,
        evidence: claim.check.steps().iter().map(|s| s.to_string()).collect(),
    }
}

/// Every claim of `lesson`, in the lesson's order, judged from `ev`: the one
/// way a run (`runner`), the recorded Windows hosts (`transcripts`) and a
/// refitted record (`freshness`) judge a lesson, so a claim is judged the
/// same whoever took its evidence. A claim for which `leave` gives a reason
/// is not judged: it is NOT RUN with that reason (an exercise in a build, a
/// claim a transcript cannot answer).
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

/// The dispatch: one row a claim kind, `Variant { every field } => file`.
/// Each row's file judges the kind (`file::judge`) and, in tests, gives its
/// cases (`file::tests::cases`); the match has no wildcard, so a `Check`
/// variant without a row does not compile.
macro_rules! kinds {
    ($($variant:ident { $($field:ident),* } => $file:ident,)*) => {
        /// The verdict the claim's own kind gives; `Err` when the claim was
        /// decided before its judge read the evidence.
        fn decide(check: &Check, ev: &EvidenceSet, gate: Gate) -> Result<Judged, Judged> {
            match check {
                $(Check::$variant { $($field),* } => $file::judge(ev, gate, ($($field,)*)),)*
            }
        }

        /// Every kind's name (its file's) and its cases.
        #[cfg(test)]
        fn every_kind() -> Vec<(&'static str, tests::Cases)> {
            vec![$((stringify!($file), $file::tests::cases()),)*]
        }
    };
}

kinds! {
    VisibleOnHost { top, host, process } => visible_on_host,
    HiddenFromHost { top, host, process } => hidden_from_host,
    HostProcessCount { host, name, containers, per_container, before, min, max } => host_process_count,
    TopLists { top, names } => top_lists,
    Compare { left, op, right } => compare,
    Lists { view, names } => lists,
    PidIs { view, pid, process } => pid_is,
    PidIsNot { view, pid, process } => pid_is_not,
    PidNumbering { inside, outside, process, numbering } => pid_numbering,
}

#[cfg(test)]
mod tests;
