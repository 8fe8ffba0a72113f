//! `build --changed`: which lessons need the engine again, and which records
//! already hold evidence for the lesson and host as they are now.

use crate::messages::Id;
use crate::output::tr;
use std::path::Path;

use crate::freshness::{self, Fingerprint, Staleness};
use crate::lesson::Lesson;
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
            None => Some(tr(Id::incr_no_record, &[])),
            Some(Err(e)) => Some(tr(Id::incr_unreadable, &[("error", &e.to_string())])),
            Some(Ok(r)) => match reason_to_run(&r, lesson, host, &host_now) {
                Some(why) => Some(why),
                None => {
                    let mut r = r;
                    // Its verdicts stand only as its evidence gives them.
                    crate::rejudge::record(&mut r);
                    super::warn_overruled(&r);
                    freshness::refit(&mut r, lesson);
                    plan.notes
                        .push(tr(Id::incr_kept, &[("lesson", &lesson.key()), ("run", &r.run_id)]));
                    if let Err(e) = record::write_record(dir, &r) {
                        let said = tr(
                            Id::incr_not_updated,
                            &[("lesson", &lesson.key()), ("error", &crate::output::tr_io(&e))],
                        );
                        crate::errln!("{said}");
                    }
                    plan.kept.push(r);
                    None
                }
            },
        };
        if let Some(why) = why_run {
            plan.notes
                .push(tr(Id::incr_running, &[("lesson", &lesson.key()), ("why", &why)]));
            plan.to_run.push(lesson.clone());
        }
    }
    plan
}

/// Why a stored record cannot stand for this lesson on this host; None when it can.
fn reason_to_run(r: &RunRecord, lesson: &Lesson, host: &HostInfo, host_now: &str) -> Option<String> {
    if !matches!(r.provenance, Provenance::Live) {
        return Some(tr(Id::incr_not_live, &[]));
    }
    let was = Fingerprint::of_record(r);
    if was.lesson != freshness::lesson_hash(lesson) {
        let s = Staleness::between(&r.doc, lesson);
        let what = s.describe(crate::output::lang());
        return Some(tr(Id::incr_changed, &[("what", &what), ("run", &r.run_id)]));
    }
    if was.host != host_now {
        let changes: Vec<String> = crate::diff::host_info_changes(&r.host, host, true)
            .iter()
            .map(|c| c.describe(crate::output::lang()))
            .collect();
        let what = if changes.is_empty() {
            tr(
                Id::incr_host_name,
                &[("was", &r.host.hostname), ("now", &host.hostname)],
            )
        } else {
            changes.join(", ")
        };
        return Some(tr(Id::incr_host_differs, &[("run", &r.run_id), ("what", &what)]));
    }
    None
}
