//! `proofbook render`: the book from stored run records, no engine. For a
//! docs site's CI that publishes evidence captured elsewhere.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Failure, InputError};
use crate::record::{self, RunRecord};
use crate::render::{HostRecords, Renderer};

#[derive(Debug, Clone)]
pub struct RenderArgs {
    /// Record folders (one host, or a folder of host folders) or single record files.
    pub records: Vec<PathBuf>,
    pub out: PathBuf,
    /// Leave out the recorded hosts proofbook ships (e.g. Windows transcripts).
    pub no_recorded: bool,
    /// Lesson files or folders whose current prose the pages show; records taken
    /// for other steps or claims are marked stale (`--lessons`).
    pub lessons: Vec<PathBuf>,
    /// Where to write a JUnit XML report of the verdicts (`--junit`).
    pub junit: Option<PathBuf>,
}

pub fn run(args: RenderArgs) -> i32 {
    let mut hosts = Vec::new();
    for dir in &args.records {
        match load_run(dir) {
            Ok(mut h) => hosts.append(&mut h),
            Err(f) => return super::build::report(f),
        }
    }
    unique_labels(&mut hosts);
    if let Err(f) = super::check_labels(&hosts) {
        return super::build::report(f);
    }
    if !args.lessons.is_empty() {
        match crate::lesson::load_all(&args.lessons) {
            Ok(lessons) => fit_to_lessons(&mut hosts, &lessons),
            Err(errors) => return super::build::report(Failure::BadInput(errors)),
        }
    }
    // The report covers the hosts whose records were given, not the shipped transcripts.
    let given = hosts.len();
    // The recorded Windows host, as `build` shows it: judged from the shipped
    // transcripts against the lessons the records were run from.
    if !args.no_recorded && !hosts.iter().any(|h| h.label == crate::recorded::LABEL) {
        hosts.extend(crate::recorded::windows_hosts(&lessons_of(&hosts)));
    }

    if let Err(e) = Renderer::new().render_book(&hosts, &args.out, true) {
        return super::build::report(Failure::Other(e));
    }
    if let Some(path) = &args.junit {
        if let Err(e) = crate::junit::write(path, &hosts[..given]) {
            return super::build::report(Failure::Other(e));
        }
    }
    for h in &hosts {
        let (first, last) = captured_span(&h.records);
        let when = if first == last {
            first
        } else {
            format!("between {first} and {last}")
        };
        let runs: HashSet<&str> = h.records.iter().map(|r| r.run_id.as_str()).collect();
        let mut runs: Vec<&str> = runs.into_iter().collect();
        runs.sort();
        if runs.len() > 1 {
            crate::errln!(
                "warning: host {}'s records come from {} different runs; the host card shows the first record's capture time",
                h.label,
                runs.len()
            );
        }
        crate::outln!(
            "host {}: {} record(s), evidence captured {when} (run {}) on {}",
            h.label,
            h.records.len(),
            runs.join(", "),
            h.records.first().map(|r| r.host.hostname.as_str()).unwrap_or("?")
        );
    }
    crate::outln!(
        "book written to {} (from stored records; no engine contacted)",
        args.out.join("index.html").display()
    );
    0
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
                    "warning: [{}] no lesson file for {} in --lessons; its page shows the lesson as it was run",
                    h.label,
                    r.key()
                );
                continue;
            };
            let stale = crate::freshness::refit(r, lesson);
            if !stale.is_empty() {
                crate::errln!(
                    "warning: [{}] {}: the record (run {}) was taken for other steps or claims than {} now has ({}); \
                     its page is marked stale. Run `proofbook build --changed` to take fresh evidence",
                    h.label,
                    r.key(),
                    r.run_id,
                    lesson.path,
                    stale.describe("en")
                );
                r.stale = Some(stale);
            }
        }
        for l in lessons {
            if !h
                .records
                .iter()
                .any(|r| r.lesson == l.meta.lesson && r.lang == l.meta.lang)
            {
                crate::errln!(
                    "warning: [{}] {} has no record; run `proofbook build --changed` to add its page",
                    h.label,
                    l.path
                );
            }
        }
    }
}

/// The lessons the records were run from (each record carries its lesson as `doc`), once each, in book order.
pub fn lessons_of(hosts: &[HostRecords]) -> Vec<crate::lesson::Lesson> {
    let mut seen = HashSet::new();
    let mut lessons: Vec<crate::lesson::Lesson> = hosts
        .iter()
        .flat_map(|h| &h.records)
        .filter(|r| seen.insert((r.lesson.clone(), r.lang.clone())))
        .map(|r| r.doc.clone())
        .collect();
    lessons.sort_by(|a, b| a.book_order().cmp(&b.book_order()));
    lessons
}

fn captured_span(records: &[RunRecord]) -> (String, String) {
    let mut times: Vec<&str> = records.iter().map(|r| r.host.captured_at.as_str()).collect();
    times.sort();
    (
        times.first().unwrap_or(&"?").to_string(),
        times.last().unwrap_or(&"?").to_string(),
    )
}

/// Makes host labels unique (they name folders of the book): `local`, `local-2`, …
pub fn unique_labels(hosts: &mut [HostRecords]) {
    let mut seen = HashSet::new();
    for h in hosts.iter_mut() {
        let base = h.label.clone();
        let mut n = 1;
        while !seen.insert(h.label.clone()) {
            n += 1;
            h.label = format!("{base}-{n}");
        }
    }
}

/// One run as stored on disk, as hosts:
/// - a record file: one host (labelled by its folder) with that record;
/// - a folder with records directly in it: one host, labelled by the folder;
/// - each subfolder holding records (at any depth): one more host, labelled by the subfolder.
///
/// So `book/records` (a build's folder of host folders) and `book/records/local`
/// (one host) both work. Unreadable records are reported as `path:line: message`.
pub fn load_run(path: &Path) -> Result<Vec<HostRecords>, Failure> {
    let shown = path.display().to_string();
    let label_of = |p: &Path| {
        let name = std::fs::canonicalize(p)
            .ok()
            .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()));
        sanitize(&name.unwrap_or_else(|| "host".into()))
    };
    if path.is_file() {
        let r = record::read_record(path)?;
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        return Ok(vec![HostRecords {
            label: label_of(parent),
            records: vec![r],
        }]);
    }
    if !path.is_dir() {
        return Err(Failure::BadInput(vec![InputError::new(
            &shown,
            0,
            "no such file or folder",
        )]));
    }
    let mut direct = Vec::new();
    let mut subdirs = Vec::new();
    let entries =
        std::fs::read_dir(path).map_err(|e| Failure::BadInput(vec![InputError::new(&shown, 0, e.to_string())]))?;
    for entry in entries.filter_map(Result::ok) {
        let p = entry.path();
        if p.is_dir() {
            subdirs.push(p);
        } else if is_record_file(&p) {
            direct.push(p);
        }
    }
    direct.sort();
    subdirs.sort();

    let mut groups: Vec<(String, Vec<PathBuf>)> = Vec::new();
    if !direct.is_empty() {
        groups.push((label_of(path), direct));
    }
    for d in subdirs {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&d)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && is_record_file(e.path()))
            .map(|e| e.into_path())
            .collect();
        files.sort();
        if !files.is_empty() {
            groups.push((label_of(&d), files));
        }
    }
    if groups.is_empty() {
        return Err(Failure::BadInput(vec![InputError::new(
            &shown,
            0,
            "no run records (*.json) found here or in its subfolders",
        )]));
    }

    let mut errors = Vec::new();
    let mut hosts = Vec::new();
    for (label, files) in groups {
        let mut records = Vec::new();
        let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
        for f in files {
            match record::read_record(&f) {
                Ok(r) => {
                    let fp = f.display().to_string();
                    if let Some(first) = seen.insert((r.lesson.clone(), r.lang.clone()), fp.clone()) {
                        errors.push(InputError::new(
                            &fp,
                            1,
                            format!(
                                "a second record of lesson `{}` ({}) for host `{label}`; the first is {first}",
                                r.lesson, r.lang
                            ),
                        ));
                    } else {
                        records.push(r);
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        hosts.push(HostRecords { label, records });
    }
    if errors.is_empty() {
        Ok(hosts)
    } else {
        Err(Failure::BadInput(errors))
    }
}

fn is_record_file(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "json")
}

/// A host label from a folder name: a plain name, as the book's folders need.
pub(super) fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "host".into()
    } else {
        s
    }
}
