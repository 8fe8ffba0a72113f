//! `proofbook check`: validate lessons without an engine.

use std::path::PathBuf;

pub fn run(paths: &[PathBuf]) -> i32 {
    match super::load_lessons(paths) {
        Ok(lessons) => {
            let steps: usize = lessons.iter().map(|l| l.steps().count()).sum();
            let claims: usize = lessons.iter().map(|l| l.claims().count()).sum();
            crate::outln!("{} lesson(s), {steps} step(s), {claims} claim(s): ok", lessons.len());
            0
        }
        Err(errors) => {
            for e in &errors {
                crate::errln!("{e}");
            }
            2
        }
    }
}
