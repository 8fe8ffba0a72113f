//! What proofbook derives from a record when it reads one, for showing it:
//! where it was read from, which stored verdicts its evidence overrules
//! (`crate::rejudge`), and how it no longer fits its lesson
//! (`crate::freshness`). None of it is part of the on-disk format: a record
//! holds it in [`RunRecord::derived`], never stored, and it is ignored when
//! records are compared (one read back from disk equals the one written).

use serde::Serialize;

use super::{RunRecord, Verdict};
use crate::messages::{Msg, Text};

/// What this proofbook found reading, judging and fitting a record.
#[derive(Debug, Clone, Default)]
pub(crate) struct Derived {
    /// The file the record was read from; empty for one made in this run.
    pub(crate) file: String,
    /// Claims whose stored verdict the record's own evidence does not give,
    /// found when it is judged again (`crate::rejudge`).
    pub(crate) overruled: Vec<Overruled>,
    /// Set when rendering a record that no longer fits its lesson as it is
    /// now (`render --lessons`): what changed.
    pub(crate) stale: Option<Staleness>,
}

impl PartialEq for Derived {
    /// Not part of what the record says: two records that say the same are equal.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A claim whose verdict, as stored, is not what the record's evidence gives.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Overruled {
    /// The claim's id.
    pub(crate) claim: String,
    /// The verdict the record stored.
    pub(crate) stored: Verdict,
    /// What the evidence gives; None when the lesson the record carries has
    /// no such claim (the stored result is then left out).
    pub(crate) judged: Option<Verdict>,
}

/// What differs between the lesson a record was taken for and the lesson now
/// (`crate::freshness` finds it).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub(crate) struct Staleness {
    /// Ids of steps whose request changed since the record was taken.
    pub(crate) steps_changed: Vec<String>,
    /// Ids of steps the lesson has now and the record lacks.
    pub(crate) steps_added: Vec<String>,
    /// Ids of steps the record has and the lesson no longer does.
    pub(crate) steps_removed: Vec<String>,
    /// Ids of claims whose check changed.
    pub(crate) claims_changed: Vec<String>,
    /// Ids of claims the lesson has now and the record lacks.
    pub(crate) claims_added: Vec<String>,
    /// Ids of claims the record has and the lesson no longer does.
    pub(crate) claims_removed: Vec<String>,
    /// Same steps and claims, in another order (steps read each other's results in order).
    pub(crate) reordered: bool,
    /// The run whose evidence the page shows.
    pub(crate) run_id: String,
}

impl RunRecord {
    /// The notice beside claim `id` when its stored verdict was overruled
    /// (`crate::rejudge`): what the record says, what its evidence says, why.
    pub(crate) fn overruled_notice(&self, id: &str) -> Option<Text> {
        let o = self.derived.overruled.iter().find(|o| o.claim == id)?;
        let now = self.claims.iter().find(|c| c.id == id)?;
        Some(
            Msg::Overruled {
                stored: o.stored.as_str().into(),
                judged: now.verdict.as_str().into(),
                reason: Box::new(now.reason.clone()),
            }
            .into(),
        )
    }

    /// One warning per overruled claim, naming the record's file and the claim.
    pub(crate) fn overruled_warnings(&self) -> Vec<Text> {
        let file = if self.derived.file.is_empty() {
            self.file_name()
        } else {
            self.derived.file.clone()
        };
        let (file, stored) = (&file, |o: &Overruled| o.stored.as_str().to_string());
        self.derived
            .overruled
            .iter()
            .map(|o| match self.overruled_notice(&o.claim) {
                Some(n) => Msg::OverruledClaim {
                    file: file.clone(),
                    claim: o.claim.clone(),
                    notice: Box::new(n),
                }
                .into(),
                None => Msg::ResultWithoutClaim {
                    file: file.clone(),
                    claim: o.claim.clone(),
                    stored: stored(o),
                }
                .into(),
            })
            .collect()
    }
}
