//! `proofbook diff OLD NEW`: what changed between two runs. The comparison
//! itself lives in `crate::diff`; this loads, prints and picks the exit code.

use std::path::PathBuf;

use crate::diff;
use crate::error::{CommandResult, Outcome};

/// `diff`'s command line; descriptions in the catalogue (`help_diff_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The earlier run: a records folder or record file.
    pub old: PathBuf,
    /// The later run, in the same forms.
    pub new: PathBuf,
    /// `--json`: the same as `--format json`, kept for scripts that use it.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// How the comparison is printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl DiffArgs {
    /// The format asked for, by `--format` or `--json`.
    fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else {
            self.format
        }
    }
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
    match args.format() {
        Format::Json => crate::outln!("{}", diff::to_json(&report)?),
        Format::Markdown => crate::out!("{}", diff::to_markdown(&report, crate::output::lang())),
        Format::Text => crate::out!("{}", diff::to_text(&report, crate::output::lang())),
    }
    Ok(Outcome::failed_if(report.verdict_changed()))
}
