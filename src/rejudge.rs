//! Stored verdicts are never trusted. Records travel (a docs site's CI, an
//! instructor's folders of learners' records), and a record's `claims` say
//! whatever its writer put there. Every command that reads stored records
//! (`render`, `diff`, `verify`'s re-render, `build --with-host`, `build
//! --changed`'s kept records) judges every claim again from the record's own
//! evidence with the judge this binary carries (`claims::judge_lesson`), and
//! shows that verdict. Where the stored verdict differs, the record keeps
//! which claims (`Derived::overruled`): the page says so beside the claim
//! (`RunRecord::overruled_notice`), the terminal names the file and the claim
//! (`RunRecord::overruled_warnings`). A record written by an older
//! proofbook whose judge has since changed reads the same way, honestly.

use crate::claims::{self, EvidenceSet};
use crate::record::{ClaimResult, HostRecords, Overruled, RunRecord};

/// Judges every record of every host again (see [`record`]).
pub(crate) fn hosts(hosts: &mut [HostRecords]) {
    for r in hosts.iter_mut().flat_map(|h| h.records.iter_mut()) {
        record(r);
    }
}

/// Judges every claim of `r` again from its own steps. The results replace
/// the stored ones, in the order of the lesson the record carries; a stored
/// verdict the evidence does not give, and a stored result for a claim the
/// lesson does not have, are kept in `r.derived.overruled`.
pub fn record(r: &mut RunRecord) {
    let judged = crate::transcripts::judge_again(r).unwrap_or_else(|| judge_live(r));
    let overruled = r
        .claims
        .iter()
        .filter_map(|old| {
            let now = judged.iter().find(|j| j.id == old.id).map(|j| j.verdict);
            (now != Some(old.verdict)).then(|| Overruled {
                claim: old.id.clone(),
                stored: old.verdict,
                judged: now,
            })
        })
        .collect();
    r.claims = judged;
    r.derived.overruled = overruled;
}

/// As a run judges: a build leaves the exercises to the learner (NOT RUN,
/// saying so), unless `proofbook verify` captured the learner's evidence for
/// them. Leaving a claim unjudged can only make it NOT RUN, never PROVEN.
fn judge_live(r: &RunRecord) -> Vec<ClaimResult> {
    let os = r.host.os;
    let ev = EvidenceSet::on_host(os, &r.steps, &r.host.isolation);
    let exercise: Vec<String> = r.doc.exercise_claims().iter().map(|c| c.id.clone()).collect();
    let verified: &[String] = r.verified.as_ref().map(|v| v.claims.as_slice()).unwrap_or_default();
    let reason = crate::lesson::build_reason(&r.doc);
    claims::judge_lesson(&r.doc, &ev, |c| {
        (exercise.contains(&c.id) && !verified.contains(&c.id)).then(|| reason.clone())
    })
}

#[cfg(test)]
mod tests;
