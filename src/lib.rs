//! proofbook: Markdown lessons whose claims are proven on the reader's own
//! Docker engine. The pipeline, one module per stage:
//! `lesson` (parse) → `runner` + `engine` + `host` (capture evidence into a
//! `record::RunRecord`) → `claims` (judge) → `render` (HTML book).
//! What differs between Windows and Linux hosts lives in `platform`; README
//! "Layout" says where else the OS matters and why.

// Printing goes through `out!`/`outln!`/`errln!` (src/output.rs): `println!` and
// `eprintln!` panic when the reader closes the pipe (`proofbook doctor | head`).
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Every pub item says what it means for its reader (a record's field: what it
// means to someone reading a record); an item nothing outside needs is pub(crate).
#![deny(missing_docs)]

pub mod claims;
pub mod cli;
pub mod commands;
mod diff;
pub mod engine;
pub mod error;
mod freshness;
pub mod host;
mod input;
mod junit;
pub mod lesson;
pub mod messages;
pub mod output;
pub mod platform;
mod process;
pub mod record;
pub mod rejudge;
pub mod render;
mod runner;
#[cfg(test)]
mod test_support;
pub mod transcripts;
mod write;

/// `--offline` / PROOFBOOK_OFFLINE=1: never contact a registry.
pub fn offline_from_env() -> bool {
    std::env::var("PROOFBOOK_OFFLINE").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}
