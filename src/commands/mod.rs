//! One module per CLI command; each returns the process exit code.

pub mod build;
pub mod check;
pub mod diff;
pub mod doctor;
pub mod incremental;
pub mod init;
pub mod render;
pub mod verify;

use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::lesson::{self, Lesson};

/// The longest time limit a step or a trial may have, in seconds.
pub const MAX_SECONDS: f64 = crate::lesson::MAX_STEP_SECONDS;

/// The shortest: anything less ends every step before it could start.
pub const MIN_SECONDS: f64 = 0.01;

/// A time limit given on the command line: a number of seconds from [`MIN_SECONDS`] and
/// at most [`MAX_SECONDS`] (`inf`, `nan`, negatives and 1e300 are refused
/// here, before anything turns them into a `Duration`).
pub fn parse_seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if v.is_finite() && (MIN_SECONDS..=MAX_SECONDS).contains(&v) {
        Ok(v)
    } else {
        Err(format!("`{s}` must be between {MIN_SECONDS} and {MAX_SECONDS} seconds"))
    }
}

/// Bounds of `--max-output`: enough for any table a lesson reads, and little
/// enough that a build's memory stays small.
pub const MAX_OUTPUT_RANGE: std::ops::RangeInclusive<usize> = 1024..=(64 << 20);

pub fn parse_max_output(s: &str) -> Result<usize, String> {
    let v: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a whole number of bytes"))?;
    if MAX_OUTPUT_RANGE.contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "`{s}` must be between {} and {} bytes",
            MAX_OUTPUT_RANGE.start(),
            MAX_OUTPUT_RANGE.end()
        ))
    }
}

/// `lessons/` when no path is given.
pub fn lesson_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("lessons")]
    } else {
        paths.to_vec()
    }
}

/// The lessons a command works on: the paths given, else `lessons/`, else (no
/// such folder here) the book built into proofbook, which it says in one line.
pub fn load_lessons(paths: &[PathBuf]) -> Result<Vec<Lesson>, Vec<InputError>> {
    if paths.is_empty() && !Path::new("lessons").exists() {
        let lessons = lesson::load_embedded()?;
        let names: std::collections::BTreeSet<&str> = lessons.iter().map(|l| l.meta.lesson.as_str()).collect();
        let langs: std::collections::BTreeSet<&str> = lessons.iter().map(|l| l.meta.lang.as_str()).collect();
        crate::errln!(
            "no lessons/ folder here: using the book built into proofbook ({} lessons in {}; `proofbook init` writes it out to edit)",
            names.len(),
            langs.into_iter().collect::<Vec<_>>().join(" and ")
        );
        return Ok(lessons);
    }
    lesson::load_all(&lesson_paths(paths))
}

/// A filesystem-safe name for an engine endpoint, used as its records folder.
pub fn engine_label(endpoint: Option<&str>) -> String {
    match endpoint {
        None => "local".to_string(),
        Some(e) => crate::engine::Target {
            host: e.to_string(),
            tls: None,
            via: crate::engine::remote::Via::Flag,
        }
        .label(),
    }
}

use crate::error::Failure;
use crate::render::HostRecords;

/// Every record under a folder (searched recursively), sorted by file name.
pub fn read_records_dir(dir: &std::path::Path) -> Result<Vec<crate::record::RunRecord>, Failure> {
    let files = if dir.is_file() {
        vec![dir.to_path_buf()]
    } else {
        let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "json"))
            .map(|e| e.into_path())
            .collect();
        v.sort();
        v
    };
    if files.is_empty() {
        return Err(Failure::BadInput(vec![crate::error::InputError::new(
            &dir.display().to_string(),
            0,
            "no run records (*.json) found here",
        )]));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match crate::record::read_record(&f) {
            Ok(r) => out.push(r),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Failure::BadInput(errors))
    }
}

/// Host labels name folders of the book (`hosts/<label>/`): plain names only.
pub fn check_labels(hosts: &[HostRecords]) -> Result<(), Failure> {
    let bad: Vec<crate::error::InputError> = hosts
        .iter()
        .filter(|h| !crate::lesson::is_plain_name(&h.label))
        .map(|h| {
            crate::error::InputError::new(
                &h.label,
                0,
                "a host label (the records folder's name) must be letters, digits, `-` or `_`; rename the folder",
            )
        })
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(bad))
    }
}

/// Record folders given as extra hosts: each folder is one host, labelled by its name.
pub fn load_recorded_hosts(dirs: &[PathBuf]) -> Result<Vec<HostRecords>, Failure> {
    dirs.iter()
        .map(|d| {
            Ok(HostRecords {
                label: render::sanitize(
                    &d.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "host".into()),
                ),
                records: read_records_dir(d)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_are_not_plain_names_are_bad_input() {
        let host = |label: &str| HostRecords {
            label: label.into(),
            records: vec![],
        };
        assert!(check_labels(&[host("local"), host("windows-server-2019-recorded")]).is_ok());
        for bad in ["..", "a/b", "my host", ""] {
            let e = check_labels(&[host("local"), host(bad)]).expect_err(bad);
            assert_eq!(e.exit_code(), 2);
        }
        assert_eq!(render::sanitize("my host.v2"), "my-host-v2");
        assert_eq!(render::sanitize(".."), "host");
    }
}
