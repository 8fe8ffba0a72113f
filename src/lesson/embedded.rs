//! The book built into the binary: every file of `lessons/` (both languages and
//! the folder's README), embedded at compile time so that `proofbook build`
//! works from any folder and `proofbook init` can write the book out to edit.

use include_dir::{include_dir, Dir, DirEntry};

static LESSONS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/lessons");

/// Every embedded file as (path relative to `lessons/`, with `/` separators; bytes), sorted by path.
pub fn files() -> Vec<(&'static str, &'static [u8])> {
    let mut out = Vec::new();
    collect(&LESSONS, &mut out);
    out.sort_by_key(|(p, _)| *p);
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(&'static str, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => {
                if let Some(path) = f.path().to_str() {
                    out.push((path, f.contents()));
                }
            }
        }
    }
}

/// The embedded lesson files (`*.md` but the README), as discovery would pick them from the folder.
pub(crate) fn lesson_files() -> Vec<(&'static str, &'static [u8])> {
    files()
        .into_iter()
        .filter(|(p, _)| super::is_lesson_file(std::path::Path::new(p)))
        .collect()
}
