//! The integration tests: one binary (linking the crate once instead of once
//! per file), a module per feature, and the shared helpers in `common`.
//! Run one feature with `cargo test --test suite MODULE::` (e.g. `bad_input::`).
//! Tests that need more than Rust (an engine, root, Chromium) go through
//! `common::require`; the README says when they skip and when they fail.

mod common;

mod bad_input;
mod bounds_live;
mod browser;
mod cannot_fail;
mod closed_pipe;
mod core_live;
mod diff_language;
mod embedded_book;
mod embedded_live;
mod escape_paths;
mod escaping_live;
mod exercises_live;
mod fresh_live;
mod fresh_render;
mod hostile_flags;
mod korean_terminal;
mod layout;
mod lessons_live;
mod page_language;
mod props;
mod refresh_live;
mod refusals;
mod reliability_live;
mod remote_live;
mod serve_live;
mod setup_engine;
mod site;
mod stream_live;
mod terminal;
mod untrusted_records;
mod windows_engine;
mod windows_transcripts;
mod windows_versions;
mod wine;
mod worker_count_live;
mod workflow;
