//! `build --changed`: which lessons need the engine again, and which records
//! already hold evidence for the lesson and host as they are now.

use std::path::Path;

use crate::freshness::{self, Fingerprint, Staleness};
use crate::lesson::Lesson;
use crate::messages::Lang;
use crate::record::{self, HostInfo, Provenance, RunRecord};

/// What one engine's part of a `--changed` build does.
#[derive(Debug, Default)]
pub struct Plan {
    /// Records whose evidence still fits, fitted to the current prose.
    pub kept: Vec<RunRecord>,
    /// Lessons to run again, in book order.
    pub to_run: Vec<Lesson>,
    /// One line per lesson: kept, or why it runs again.
    pub notes: Vec<String>,
}

/// Splits `lessons` into those whose record in `dir` fits (same steps and
/// claims, same host) and those to run: changed, without a record, or taken
/// on another host. Kept records are written back with the current prose, so
/// a later `render` of the folder shows it too.
pub fn plan(lessons: &[Lesson], dir: &Path, host: &HostInfo) -> Plan {
    let host_now = freshness::host_hash(host);
    let mut plan = Plan::default();
    for lesson in lessons {
        let path = dir.join(format!("{}.{}.json", lesson.meta.lesson, lesson.meta.lang));
        let why_run = match path.is_file().then(|| record::read_record(&path)) {
            None => Some("no record yet".to_string()),
            Some(Err(e)) => Some(format!("its record cannot be read ({e})")),
            Some(Ok(r)) => match reason_to_run(&r, lesson, host, &host_now) {
                Some(why) => Some(why),
                None => {
                    let mut r = r;
                    // Its verdicts stand only as its evidence gives them.
                    crate::rejudge::record(&mut r);
                    super::warn_overruled(&r);
                    freshness::refit(&mut r, lesson);
                    plan.notes.push(format!(
                        "kept {}: steps, claims and host unchanged since run {}",
                        lesson.key(),
                        r.run_id
                    ));
                    if let Err(e) = record::write_record(dir, &r) {
                        crate::errln!("warning: could not update the record of {}: {e}", lesson.key());
                    }
                    plan.kept.push(r);
                    None
                }
            },
        };
        if let Some(why) = why_run {
            plan.notes.push(format!("running {}: {why}", lesson.key()));
            plan.to_run.push(lesson.clone());
        }
    }
    plan
}

/// Why a stored record cannot stand for this lesson on this host; None when it can.
fn reason_to_run(r: &RunRecord, lesson: &Lesson, host: &HostInfo, host_now: &str) -> Option<String> {
    if !matches!(r.provenance, Provenance::Live) {
        return Some("its record was not captured live".into());
    }
    let was = Fingerprint::of_record(r);
    if was.lesson != freshness::lesson_hash(lesson) {
        let s = Staleness::between(&r.doc, lesson);
        return Some(format!("{} since run {}", s.describe(Lang::En), r.run_id));
    }
    if was.host != host_now {
        let changes: Vec<String> = crate::diff::host_info_changes(&r.host, host, true)
            .iter()
            .map(|c| c.to_string())
            .collect();
        let what = if changes.is_empty() {
            format!("host name or engine endpoint ({} → {})", r.host.hostname, host.hostname)
        } else {
            changes.join(", ")
        };
        return Some(format!("the host differs from run {}'s: {what}", r.run_id));
    }
    None
}
