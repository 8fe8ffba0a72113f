//! Comparing two runs: which claims changed verdict, which steps' evidence
//! changed shape, which lessons came or went. Plain data in, plain serde data
//! out; `commands::diff` only loads records and prints.
//!
//! "Shape" deliberately ignores what differs on every run (PIDs, container
//! ids and names, timestamps, durations) and keeps what a reader would call a
//! change: a process that appeared or vanished (by name), a count that moved,
//! a version string, a runtime, a step outcome.
//!
//! The comparison (`report`, `compare`, `evidence`) knows nothing of how it is
//! shown; each output format is a file of its own (`text`, `markdown`, `json`),
//! and what the two formats for people say of one change is in `human`.

mod compare;
mod evidence;
mod field;
#[cfg(test)]
mod fixtures;
mod human;
mod json;
mod markdown;
mod report;
mod text;

pub(crate) use compare::compare;
pub(crate) use evidence::host_info_changes;
pub(crate) use json::to_json;
pub(crate) use markdown::to_markdown;
pub(crate) use text::to_text;
