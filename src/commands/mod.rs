//! One module per CLI command; each returns a `CommandResult`, which
//! `error::exit_code` turns into the process's exit code.

pub mod build;
pub mod check;
pub mod diff;
pub mod doctor;
pub mod flags;
pub mod incremental;
pub mod init;
pub mod render;
pub mod serve;
pub mod verify;

use crate::messages::Id;
use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::lesson::{self, Lesson};
use crate::record::store::{self, BadRecords, HostRecords};

/// `lessons/` when no path is given.
pub(crate) fn lesson_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("lessons")]
    } else {
        paths.to_vec()
    }
}

/// The lessons a command works on: the paths given, else `lessons/`, else (no
/// such folder here) the book built into proofbook, which it says in one line.
pub(crate) fn load_lessons(paths: &[PathBuf]) -> Result<Vec<Lesson>, Vec<InputError>> {
    if paths.is_empty() && !Path::new("lessons").exists() {
        let lessons = lesson::load_embedded()?;
        let names: std::collections::BTreeSet<&str> = lessons.iter().map(|l| l.meta.lesson.as_str()).collect();
        let langs: std::collections::BTreeSet<&str> = lessons.iter().map(|l| l.meta.lang.as_str()).collect();
        let langs = langs
            .into_iter()
            .collect::<Vec<_>>()
            .join(&crate::output::tr(crate::messages::Id::and_sep, &[]));
        let said = crate::output::tr(
            Id::builtin_book,
            &[("count", &names.len().to_string()), ("langs", &langs)],
        );
        crate::errln!("{said}");
        return Ok(lessons);
    }
    lesson::load_all(&lesson_paths(paths))
}

/// The hosts stored at `path` (`record::store::load`), every claim judged
/// again from its record's own evidence (`crate::rejudge`): every command
/// that reads stored records reads them through here or [`stored_all`].
pub(crate) fn stored(path: &Path) -> Result<Vec<HostRecords>, BadRecords> {
    Ok(judged_again(store::load(path)?))
}

/// The hosts stored at each path, labels made unique (`store::load_all`), judged again.
pub(crate) fn stored_all(paths: &[PathBuf]) -> Result<Vec<HostRecords>, BadRecords> {
    Ok(judged_again(store::load_all(paths)?))
}

/// Judges every stored claim again; each stored verdict its evidence does
/// not give is a warning naming the record's file and the claim.
pub(crate) fn judged_again(mut hosts: Vec<HostRecords>) -> Vec<HostRecords> {
    crate::rejudge::hosts(&mut hosts);
    for r in hosts.iter().flat_map(|h| &h.records) {
        warn_overruled(r);
    }
    hosts
}

/// The warnings of one record's overruled claims, in the terminal's language. They carry what the
/// record says (its path, claim ids, process names in the reason): control
/// characters are made visible, as for everything a terminal gets from a record.
pub(crate) fn warn_overruled(r: &crate::record::RunRecord) {
    for w in r.overruled_warnings() {
        let line = w.plain(crate::output::lang());
        let line = crate::output::visible(&line);
        crate::errln!("{}", crate::output::tr(Id::overruled_warning, &[("warning", &line)]));
    }
}

/// A filesystem-safe name for an engine endpoint, used as its records folder.
pub(crate) fn engine_label(endpoint: Option<&str>) -> String {
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
