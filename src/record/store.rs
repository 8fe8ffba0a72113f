//! The record store: run records on disk, read as hosts. Every command that
//! reads stored records (`render`, `diff`, `verify`, `build --with-host`)
//! reads them by one rule, [`load`]:
//!
//! - a record file is one host, labelled by the folder it is in, with that record;
//! - a folder with records directly in it is one host, labelled by the folder;
//! - each subfolder holding records (at any depth) is one more host, labelled
//!   by the subfolder, with every record under it.
//!
//! So `book/records` (a build's folder of host folders) and
//! `book/records/local` (one host) both read as a build wrote them. A host
//! holds one record per lesson and language; a second one, and any record
//! that cannot be read, is bad input named as `path:line: message`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::{read_record, RunRecord};
use crate::input::InputError;
use crate::lesson::Lesson;
use crate::messages::Id;
use crate::output::{tr, tr_io};

/// Records of one host (one engine, or one recorded transcript set).
#[derive(Debug, Clone)]
pub struct HostRecords {
    /// Short, filesystem-safe label, e.g. `local` or `windows-server-2019-recorded`.
    pub label: String,
    /// The host's records, one per lesson and language.
    pub records: Vec<RunRecord>,
}

/// Every record that could not be read, each named by `file:line` (a command
/// turns them into its exit 2).
pub(crate) type BadRecords = Vec<InputError>;

/// The hosts stored at `path`, by the rule of this module.
pub fn load(path: &Path) -> Result<Vec<HostRecords>, BadRecords> {
    let shown = path.display().to_string();
    let Ok(meta) = std::fs::metadata(path) else {
        return Err(bad(&shown, tr(Id::records_path_missing, &[])));
    };
    // A path given by name that is not a folder is one record: a FIFO or a
    // device is refused by the reader, before it is opened.
    if !meta.is_dir() {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        return Ok(vec![HostRecords {
            label: label_of(parent),
            records: vec![read_record(path).map_err(|e| vec![e])?],
        }]);
    }
    let groups = host_groups(path)?;
    if groups.is_empty() {
        return Err(bad(&shown, tr(Id::records_none_found, &[])));
    }
    let mut errors = Vec::new();
    let hosts = groups
        .into_iter()
        .map(|(label, files)| read_host(label, files, &mut errors))
        .collect();
    if errors.is_empty() {
        Ok(hosts)
    } else {
        Err(errors)
    }
}

/// The hosts stored at each path, in order, labels made unique and checked.
pub(crate) fn load_all(paths: &[PathBuf]) -> Result<Vec<HostRecords>, BadRecords> {
    let mut hosts = Vec::new();
    for p in paths {
        hosts.append(&mut load(p)?);
    }
    settle_labels(&mut hosts)?;
    Ok(hosts)
}

/// The record files of a folder, as (host label, files): the folder's own
/// records first, then each subfolder's, every list sorted.
fn host_groups(path: &Path) -> Result<Vec<(String, Vec<PathBuf>)>, BadRecords> {
    let shown = path.display().to_string();
    let root = std::fs::canonicalize(path).map_err(|e| bad(&shown, tr_io(&e)))?;
    let entries = std::fs::read_dir(path).map_err(|e| bad(&shown, tr_io(&e)))?;
    let (mut direct, mut subdirs, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for entry in entries.filter_map(Result::ok) {
        let Ok(kind) = entry.file_type() else { continue };
        match classify(&entry.path(), kind, &root) {
            Ok(Some(Found::Record(p))) => direct.push(p),
            Ok(Some(Found::Folder(p))) => subdirs.push(p),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    direct.sort();
    subdirs.sort();
    let mut groups = Vec::new();
    if !direct.is_empty() {
        groups.push((label_of(path), direct));
    }
    for d in subdirs {
        let files = records_under(&d, &root, &mut errors);
        if !files.is_empty() {
            groups.push((label_of(&d), files));
        }
    }
    if errors.is_empty() {
        Ok(groups)
    } else {
        Err(errors)
    }
}

/// Every record file under `dir`, at any depth, sorted; what cannot be read
/// goes to `errors`. Symbolic links are not followed into folders.
fn records_under(dir: &Path, root: &Path, errors: &mut Vec<InputError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        match classify(e.path(), e.file_type(), root) {
            Ok(Some(Found::Record(p))) => files.push(p),
            Ok(_) => {}
            Err(err) => errors.push(err),
        }
    }
    files.sort();
    files
}

/// What a folder entry is to the store.
enum Found {
    Record(PathBuf),
    Folder(PathBuf),
}

/// A folder entry, judged by its own file type (never by what a link points
/// at, and before anything is opened: opening a FIFO waits for a writer).
/// A `*.json` that is not a regular file is refused; so is a symbolic link
/// that leads out of the folder given. A link to a folder inside is left to
/// be read where it really is.
fn classify(path: &Path, kind: std::fs::FileType, root: &Path) -> Result<Option<Found>, InputError> {
    let shown = path.display().to_string();
    if kind.is_dir() {
        return Ok(Some(Found::Folder(path.to_path_buf())));
    }
    if kind.is_symlink() {
        let target = std::fs::canonicalize(path);
        let meta = target.as_ref().ok().and_then(|t| std::fs::metadata(t).ok());
        // Only what would be read matters: a record file or a folder.
        if !is_record_file(path) && !meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Ok(None);
        }
        let target = target.map_err(|e| InputError::new(&shown, 0, tr_io(&e)))?;
        if !target.starts_with(root) {
            return Err(InputError::new(
                &shown,
                0,
                tr(
                    Id::records_link_out,
                    &[
                        ("root", &root.display().to_string()),
                        ("target", &target.display().to_string()),
                    ],
                ),
            ));
        }
        return match meta {
            Some(m) if m.is_dir() => Ok(None),
            Some(m) => regular(path, &m),
            None => Err(InputError::new(&shown, 0, tr(Id::records_link_unreadable, &[]))),
        };
    }
    if !is_record_file(path) {
        return Ok(None);
    }
    let meta = std::fs::symlink_metadata(path).map_err(|e| InputError::new(&shown, 0, tr_io(&e)))?;
    regular(path, &meta)
}

fn regular(path: &Path, meta: &std::fs::Metadata) -> Result<Option<Found>, InputError> {
    if meta.is_file() {
        Ok(Some(Found::Record(path.to_path_buf())))
    } else {
        Err(InputError::new(
            &path.display().to_string(),
            0,
            super::read::not_regular(meta),
        ))
    }
}

/// One host's records; unreadable and second records of a lesson go to `errors`.
fn read_host(label: String, files: Vec<PathBuf>, errors: &mut Vec<InputError>) -> HostRecords {
    let mut records = Vec::new();
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    for f in files {
        let r = match read_record(&f) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let fp = f.display().to_string();
        match seen.insert((r.lesson.clone(), r.lang.clone()), fp.clone()) {
            Some(first) => errors.push(InputError::new(
                &fp,
                1,
                tr(
                    Id::records_second_of_lesson,
                    &[
                        ("lesson", &r.lesson),
                        ("lang", &r.lang),
                        ("label", &label),
                        ("first", &first),
                    ],
                ),
            )),
            None => records.push(r),
        }
    }
    HostRecords { label, records }
}

fn is_record_file(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "json")
}

fn bad(path: &str, message: impl Into<String>) -> BadRecords {
    vec![InputError::new(path, 0, message)]
}

/// A folder's host label: its real name (so `.` is named), made a plain name.
fn label_of(p: &Path) -> String {
    let name = std::fs::canonicalize(p)
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()));
    sanitize(&name.unwrap_or_else(|| "host".into()))
}

/// A host label from a folder name: a plain name, as the book's folders need.
fn sanitize(name: &str) -> String {
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

/// Makes host labels unique (they name folders of the book): `local`,
/// `local-2`, …; then refuses any that is not a plain name.
pub(crate) fn settle_labels(hosts: &mut [HostRecords]) -> Result<(), BadRecords> {
    let mut seen = HashSet::new();
    for h in hosts.iter_mut() {
        let base = h.label.clone();
        let mut n = 1;
        while !seen.insert(h.label.clone()) {
            n += 1;
            h.label = format!("{base}-{n}");
        }
    }
    check_labels(hosts)
}

/// Host labels name folders of the book (`hosts/<label>/`): plain names only.
fn check_labels(hosts: &[HostRecords]) -> Result<(), BadRecords> {
    let bad: Vec<InputError> = hosts
        .iter()
        .filter(|h| !crate::lesson::is_plain_name(&h.label))
        .map(|h| InputError::new(&h.label, 0, tr(Id::records_bad_host_label, &[])))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(bad)
    }
}

/// The lessons the records were run from (each record carries its lesson as
/// `doc`), once each, in book order.
pub(crate) fn lessons_of(hosts: &[HostRecords]) -> Vec<Lesson> {
    let mut seen = HashSet::new();
    let mut lessons: Vec<Lesson> = hosts
        .iter()
        .flat_map(|h| &h.records)
        .filter(|r| seen.insert((r.lesson.clone(), r.lang.clone())))
        .map(|r| r.doc.clone())
        .collect();
    lessons.sort_by(|a, b| a.book_order().cmp(&b.book_order()));
    lessons
}

#[cfg(test)]
mod tests;
