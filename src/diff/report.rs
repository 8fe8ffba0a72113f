//! What a comparison finds, as plain serde data: `diff --json` prints it as
//! it is, the text and Markdown formats read it.

use serde::{Deserialize, Serialize};

pub(crate) use super::field::{Counted, Field, View};
use crate::messages::{Lang, Text};
use crate::record::Verdict;

/// Everything that differs between two runs (`diff --json` prints it as it is).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct Report {
    /// The old side, as given on the command line (a records folder or file).
    pub old: String,
    /// The new side, as given on the command line.
    pub new: String,
    /// Host pairs compared: (old label, new label).
    pub hosts: Vec<(String, String)>,
    /// Claims on both sides whose verdict differs. Any entry here makes `diff` exit 1.
    pub verdicts: Vec<VerdictChange>,
    /// Claims only the new side has, within a lesson present on both.
    pub claims_added: Vec<ClaimRef>,
    /// Claims only the old side has, within a lesson present on both.
    pub claims_removed: Vec<ClaimRef>,
    /// Steps whose evidence changed shape, or that came or went.
    pub steps: Vec<StepChange>,
    /// Host facts that changed (engine version, kernel, os build, runtimes, isolation mapping).
    pub host_changes: Vec<HostChange>,
    /// Lessons (or whole hosts' lessons) only the new side has.
    pub lessons_added: Vec<LessonRef>,
    /// Lessons (or whole hosts' lessons) only the old side has.
    pub lessons_removed: Vec<LessonRef>,
}

impl Report {
    /// Whether a claim's verdict differs: `diff` then exits 1.
    pub(crate) fn verdict_changed(&self) -> bool {
        !self.verdicts.is_empty()
    }

    /// Whether nothing at all differs.
    pub(crate) fn is_empty(&self) -> bool {
        self.verdicts.is_empty()
            && self.claims_added.is_empty()
            && self.claims_removed.is_empty()
            && self.steps.is_empty()
            && self.host_changes.is_empty()
            && self.lessons_added.is_empty()
            && self.lessons_removed.is_empty()
    }
}

/// One lesson in one language, on one host.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LessonRef {
    /// Host label; None when each side is a single host.
    pub host: Option<String>,
    /// The lesson's id.
    pub lesson: String,
    /// The lesson's language tag (`en`, `ko`).
    pub lang: String,
}

/// A claim only one side has, and its verdict there.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct ClaimRef {
    /// Where the claim is.
    #[serde(flatten)]
    pub at: LessonRef,
    /// The claim's id.
    pub claim: String,
    /// Its verdict on the side that has it.
    pub verdict: Verdict,
}

/// A claim both sides judged, with different verdicts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct VerdictChange {
    /// Where the claim is.
    #[serde(flatten)]
    pub at: LessonRef,
    /// The claim's id.
    pub claim: String,
    /// What the claim says, as the new side's lesson words it.
    pub says: String,
    /// The old side's verdict.
    pub old: Verdict,
    /// The new side's verdict.
    pub new: Verdict,
    /// Why the old side judged so (in JSON, in English).
    #[serde(with = "english")]
    pub old_reason: Text,
    /// Why the new side judged so (in JSON, in English).
    #[serde(with = "english")]
    pub new_reason: Text,
}

/// A step whose evidence changed shape, or that only one side has.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct StepChange {
    /// Where the step is.
    #[serde(flatten)]
    pub at: LessonRef,
    /// The step's id.
    pub step: String,
    /// The step's action (`run`, `top`, `host_processes` …).
    pub action: String,
    /// What differs, the lesson's own change to the step first.
    pub changes: Vec<Change>,
}

/// A fact of a host that changed between the two sides.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct HostChange {
    /// Label of the new side's host.
    pub host: String,
    /// What changed.
    pub change: Change,
}

/// One difference in the shape of some evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Change {
    /// The step ran on one side and not (or differently) on the other.
    Outcome {
        /// The old outcome's label (`ok`, `not-run`, `timeout`, `error`).
        old: String,
        /// The new outcome's label.
        new: String,
        /// Why the new side did not run or failed (in JSON, in English; empty when it ran).
        #[serde(with = "english_or_empty")]
        detail: Option<Text>,
    },
    /// A step was added to the lesson.
    StepAdded,
    /// A step was removed from the lesson.
    StepRemoved,
    /// A process name only the new side's view lists.
    ProcessAppeared {
        /// The view that lists it.
        view: View,
        /// The name processes are compared by (see `evidence::process_name`).
        name: String,
        /// How many processes bear it.
        count: usize,
    },
    /// A process name only the old side's view lists.
    ProcessVanished {
        /// The view that listed it.
        view: View,
        /// The name processes are compared by.
        name: String,
        /// How many processes bore it.
        count: usize,
    },
    /// A count that moved: processes bearing a name, rows of a table, lines of output.
    Count {
        /// What was counted.
        what: Counted,
        /// The old count.
        old: usize,
        /// The new count.
        new: usize,
    },
    /// A named value that changed: a version string, a runtime, an exit code.
    Value {
        /// Which value.
        field: Field,
        /// The old value.
        old: String,
        /// The new value.
        new: String,
    },
}

/// A sentence of a record in JSON: its English text, as `diff --json` has
/// always printed it; read back as that text.
mod english {
    use super::{Lang, Text};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(text: &Text, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text.plain(Lang::En))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::Plain)
    }
}

/// [`english`] for a sentence that may be missing: an empty string in JSON.
mod english_or_empty {
    use super::{Lang, Text};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(text: &Option<Text>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text.as_ref().map(|t| t.plain(Lang::En)).unwrap_or_default())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Text>, D::Error> {
        let text = String::deserialize(d)?;
        Ok((!text.is_empty()).then_some(Text::Plain(text)))
    }
}
