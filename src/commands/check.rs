//! `proofbook check`: validate lessons without an engine.

use std::path::PathBuf;

use crate::error::{CommandResult, Outcome};

pub fn run(paths: &[PathBuf]) -> CommandResult {
    let lessons = super::load_lessons(paths)?;
    let steps: usize = lessons.iter().map(|l| l.steps().count()).sum();
    let claims: usize = lessons.iter().map(|l| l.claims().count()).sum();
    crate::outln!("{} lesson(s), {steps} step(s), {claims} claim(s): ok", lessons.len());
    Ok(Outcome::Success)
}
