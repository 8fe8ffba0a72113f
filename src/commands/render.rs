//! `proofbook render`: the book from stored run records, no engine. For a
//! docs site's CI that publishes evidence captured elsewhere.

use crate::messages::Id;
use crate::output::tr;
use std::collections::HashSet;
use std::path::PathBuf;

use crate::error::{CommandResult, Outcome};
use crate::record::store::{self, HostRecords};
use crate::record::RunRecord;
use crate::render::Renderer;

/// `render`'s command line; descriptions in the catalogue (`help_render_<field>`, `help_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct RenderArgs {
    /// Record folders (one host, or a folder of host folders) or single record files.
    #[arg(long = "records", required = true)]
    pub records: Vec<PathBuf>,
    /// Where the book is written.
    #[arg(long, default_value = "book")]
    pub out: PathBuf,
    /// Leave out the recorded hosts proofbook ships (e.g. Windows transcripts).
    #[arg(long)]
    pub no_recorded: bool,
    /// Lesson files or folders whose current prose the pages show; records taken
    /// for other steps or claims are marked stale (`--lessons`).
    #[arg(long = "lessons")]
    pub lessons: Vec<PathBuf>,
    /// Where to write a JUnit XML report of the verdicts (`--junit`).
    #[arg(long)]
    pub junit: Option<PathBuf>,
}

/// Exit codes: 0 the book is written (verdicts never fail a render), 2 bad records or lessons, 4 the book cannot be written.
pub fn run(args: RenderArgs) -> CommandResult {
    let mut hosts = super::stored_all(&args.records)?;
    if !args.lessons.is_empty() {
        fit_to_lessons(&mut hosts, &crate::lesson::load_all(&args.lessons)?);
    }
    // The report covers the hosts whose records were given, not the shipped transcripts.
    let given = hosts.len();
    // The recorded Windows host, as `build` shows it: judged from the shipped
    // transcripts against the lessons the records were run from.
    if !args.no_recorded && !hosts.iter().any(|h| crate::transcripts::is_recorded_label(&h.label)) {
        hosts.extend(crate::transcripts::windows_hosts(&store::lessons_of(&hosts)));
    }

    Renderer::new().render_book(&hosts, &args.out, true)?;
    if let Some(path) = &args.junit {
        crate::junit::write(path, &hosts[..given])?;
    }
    for h in &hosts {
        let (first, last) = captured_span(&h.records);
        let when = if first == last {
            first
        } else {
            tr(Id::render_between, &[("first", &first), ("last", &last)])
        };
        let runs: HashSet<&str> = h.records.iter().map(|r| r.run_id.as_str()).collect();
        let mut runs: Vec<&str> = runs.into_iter().collect();
        runs.sort();
        if runs.len() > 1 {
            crate::errln!(
                "{}",
                tr(
                    Id::render_mixed_runs,
                    &[("host", &h.label), ("runs", &runs.len().to_string())]
                )
            );
        }
        let said = tr(
            Id::render_host,
            &[
                ("host", &h.label),
                ("count", &h.records.len().to_string()),
                ("when", &when),
                ("runs", &runs.join(", ")),
                (
                    "hostname",
                    h.records.first().map(|r| r.host.hostname.as_str()).unwrap_or("?"),
                ),
            ],
        );
        crate::outln!("{said}");
    }
    let path = args.out.join("index.html").display().to_string();
    crate::outln!("{}", tr(Id::render_written, &[("path", &path)]));
    Ok(Outcome::Success)
}

/// Fits every record to its lesson as it is now (prose, and evidence only of
/// unchanged steps) and marks, with a warning, those taken for other steps or
/// claims. Lessons without a record and records without a lesson are named.
fn fit_to_lessons(hosts: &mut [HostRecords], lessons: &[crate::lesson::Lesson]) {
    for h in hosts.iter_mut() {
        for r in h.records.iter_mut() {
            let Some(lesson) = lessons
                .iter()
                .find(|l| l.meta.lesson == r.lesson && l.meta.lang == r.lang)
            else {
                crate::errln!(
                    "{}",
                    tr(Id::render_no_lesson, &[("key", &h.label), ("lesson", &r.key())])
                );
                continue;
            };
            let stale = crate::freshness::refit(r, lesson);
            if !stale.is_empty() {
                let said = tr(
                    Id::render_stale,
                    &[
                        ("key", &h.label),
                        ("lesson", &r.key()),
                        ("run", &r.run_id),
                        ("file", &lesson.path),
                        ("what", &stale.describe(crate::output::lang())),
                    ],
                );
                crate::errln!("{said}");
                r.derived.stale = Some(stale);
            }
        }
        for l in lessons {
            if !h
                .records
                .iter()
                .any(|r| r.lesson == l.meta.lesson && r.lang == l.meta.lang)
            {
                crate::errln!(
                    "{}",
                    tr(Id::render_no_record, &[("key", &h.label), ("lesson", &l.path)])
                );
            }
        }
    }
}

fn captured_span(records: &[RunRecord]) -> (String, String) {
    let mut times: Vec<&str> = records.iter().map(|r| r.host.captured_at.as_str()).collect();
    times.sort();
    (
        times.first().unwrap_or(&"?").to_string(),
        times.last().unwrap_or(&"?").to_string(),
    )
}
