//! `proofbook diff OLD NEW`: what changed between two runs. The comparison
//! itself lives in `crate::diff`; this loads, prints and picks the exit code.

use std::path::PathBuf;

use crate::diff;
use crate::error::{CommandResult, Outcome};

#[derive(Debug, Clone)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    pub format: Format,
}

/// How the comparison is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A summary for the terminal
    #[default]
    Text,
    /// The report as JSON, for scripts
    Json,
    /// A Markdown summary fit for a pull-request comment
    Markdown,
}

/// 1 when a claim's verdict changed, 0 otherwise, 2 when a side cannot be read.
pub fn run(args: DiffArgs) -> CommandResult {
    let load = |p: &PathBuf| super::stored(p);
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        // Both sides' problems at once, so one fix-and-rerun fixes them all.
        (Err(mut o), Err(n)) => {
            o.extend(n);
            return Err(o.into());
        }
        (Err(f), _) | (_, Err(f)) => return Err(f.into()),
    };
    let mut report = diff::compare(&old, &new);
    report.old = args.old.display().to_string();
    report.new = args.new.display().to_string();
    match args.format {
        Format::Json => crate::outln!("{}", diff::to_json(&report)?),
        Format::Markdown => crate::out!("{}", diff::to_markdown(&report)),
        Format::Text => crate::out!("{}", diff::to_text(&report)),
    }
    Ok(Outcome::failed_if(report.verdict_changed()))
}
