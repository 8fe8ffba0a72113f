//! Stage 1 of the pipeline: lesson files → `Lesson` values.

mod can_fail;
mod depth;
pub mod embedded;
mod exercise;
mod fields;
mod languages;
pub mod model;
mod parse;
mod validate;
mod yaml_error;

use crate::messages::Id;
use crate::output::tr;
use std::path::{Path, PathBuf};

pub use exercise::build_reason;
pub(crate) use exercise::exercise_command;
pub use fields::*;
pub(crate) use languages::languages_agree;
pub use model::*;
pub use parse::parse_lesson;
pub use validate::validate;

use crate::input::InputError;

/// Whether `s` is a plain name: ASCII letters, digits, `-` and `_`, at least
/// one. Lesson ids, step and claim ids, languages and host labels become file
/// and folder names, so nothing else may reach a path.
pub(crate) fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether a file met while walking a folder is a lesson: `*.md`, except a
/// `README.md` (the one `proofbook init` writes says how to write lessons).
pub(crate) fn is_lesson_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "md")
        && !path.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
}

/// Lesson files under the given paths (files are taken as they are,
/// folders are walked for `*.md` but READMEs), sorted for stable output.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut found = Vec::new();
    for p in paths {
        if p.is_file() {
            found.push(p.clone());
            continue;
        }
        if !p.exists() {
            return Err(InputError::new(&p.display().to_string(), 0, tr(Id::no_such_path, &[])));
        }
        for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                // walkdir names the path in English; the error's own path leads the line instead.
                let (at, why) = match (e.path(), e.io_error()) {
                    (Some(at), Some(io)) => (at, crate::output::tr_io(io)),
                    _ => (p.as_path(), e.to_string()),
                };
                InputError::new(&at.display().to_string(), 0, why)
            })?;
            if entry.file_type().is_file() && is_lesson_file(entry.path()) {
                found.push(entry.into_path());
            }
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// Read, parse and validate every lesson; all problems of all files are reported together.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Lesson>, Vec<InputError>> {
    let files = discover(paths).map_err(|e| vec![e])?;
    if files.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(vec![InputError::new(&named.join(", "), 0, tr(Id::no_lessons, &[]))]);
    }
    gather(files.iter().map(|f| load_one(f)))
}

/// The book built into the binary, each lesson named `lessons/<file>` as in the folder it was built from.
pub fn load_embedded() -> Result<Vec<Lesson>, Vec<InputError>> {
    gather(embedded::lesson_files().into_iter().map(|(name, bytes)| {
        let path = format!("lessons/{name}");
        let text = std::str::from_utf8(bytes).map_err(|e| {
            vec![InputError::new(
                &path,
                0,
                tr(Id::not_utf8, &[("detail", &e.to_string())]),
            )]
        })?;
        load_text(&path, text)
    }))
}

/// Loaded lessons checked together (one key, one file) and sorted; all problems of all files together.
fn gather(loaded: impl Iterator<Item = Result<Lesson, Vec<InputError>>>) -> Result<Vec<Lesson>, Vec<InputError>> {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for one in loaded {
        match one {
            Ok(l) => lessons.push(l),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let mut keys = std::collections::HashMap::new();
    for l in &lessons {
        if let Some(first) = keys.insert(l.key(), l.path.clone()) {
            errors.push(InputError::new(
                &l.path,
                1,
                tr(
                    Id::lesson_twice,
                    &[("lesson", &l.meta.lesson), ("lang", &l.meta.lang), ("first", &first)],
                ),
            ));
        }
    }
    for (i, a) in lessons.iter().enumerate() {
        let mut others = lessons
            .iter()
            .filter(|b| b.meta.lesson == a.meta.lesson && b.path != a.path)
            .peekable();
        if others.peek().is_none() {
            warn_one_language(a);
        }
        for b in lessons[i + 1..].iter().filter(|b| b.meta.lesson == a.meta.lesson) {
            errors.extend(languages_agree(a, b));
        }
    }
    if errors.is_empty() {
        lessons.sort_by(|a, b| a.book_order().cmp(&b.book_order()));
        Ok(lessons)
    } else {
        Err(errors)
    }
}

/// A lesson in one language is allowed while it is being written, so only a
/// warning; a sibling file that exists but was not named is no warning.
fn warn_one_language(lesson: &Lesson) {
    if let Some(other) = languages::other_language_path(lesson) {
        if !Path::new(&other).exists() {
            let said = tr(
                Id::one_language,
                &[
                    ("path", &lesson.path),
                    ("lesson", &lesson.meta.lesson),
                    ("other", &other),
                ],
            );
            crate::errln!("{said}");
        }
    }
}

/// Reads, parses and validates one lesson file; every error names the file and line.
pub fn load_one(file: &Path) -> Result<Lesson, Vec<InputError>> {
    let path = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| vec![InputError::new(&path, 0, crate::output::tr_io(&e))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        vec![InputError::new(
            &path,
            0,
            tr(Id::not_utf8, &[("detail", &e.to_string())]),
        )]
    })?;
    load_text(&path, &text)
}

/// Parses and validates one lesson's text; `path` names it in errors and records.
pub(crate) fn load_text(path: &str, text: &str) -> Result<Lesson, Vec<InputError>> {
    let lesson = parse_lesson(path, text)?;
    let mut errors = validate(&lesson);
    if !["ko", "en"].contains(&lesson.meta.lang.as_str()) {
        errors.push(InputError::new(
            path,
            2,
            tr(Id::lang_unsupported, &[("lang", &lesson.meta.lang)]),
        ));
    }
    if errors.is_empty() {
        Ok(lesson)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod big_tests;

#[cfg(test)]
mod plain_name_tests {
    use super::is_plain_name;

    #[test]
    fn plain_names() {
        for ok in ["a", "process-isolation", "A_1"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "a/b", "a\\b", "a.b", "a b", "é", "/tmp/x"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
