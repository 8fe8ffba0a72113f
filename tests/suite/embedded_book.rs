//! The book built into the binary: it equals `lessons/` byte for byte, commands
//! fall back to it when there is no `lessons/` folder, and `init` writes it out
//! without ever overwriting a file.

use crate::common::*;

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, keyed by its path relative to `dir` with `/` separators.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (key, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn embedded() -> BTreeMap<String, Vec<u8>> {
    proofbook::lesson::embedded::files()
        .into_iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect()
}

#[test]
fn the_embedded_book_equals_the_lessons_folder() {
    let folder = tree(&repo().join("lessons"));
    let built_in = embedded();
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&built_in), names(&folder), "the same files");
    for (name, bytes) in &folder {
        assert!(
            built_in[name] == *bytes,
            "{name}: the embedded copy differs from lessons/{name}"
        );
    }
    assert!(folder.contains_key("README.md"), "the folder's README ships too");
}

#[test]
fn the_embedded_lessons_load_like_the_folder() {
    let from_folder = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("lessons/ loads");
    let built_in = proofbook::lesson::load_embedded().expect("the built-in book loads");
    let keys = |ls: &[proofbook::lesson::Lesson]| ls.iter().map(|l| l.key()).collect::<Vec<_>>();
    assert_eq!(keys(&built_in), keys(&from_folder));
    assert!(
        built_in.iter().all(|l| l.path.starts_with("lessons/")),
        "named as in the folder"
    );
}

#[test]
fn check_without_a_lessons_folder_uses_the_built_in_book_and_says_so() {
    let dir = tempdir();
    let o = proofbook_in(dir.path(), &["check"], LIMIT);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let in_repo = proofbook(&["check", "lessons"]);
    assert_eq!(
        o.stdout, in_repo.stdout,
        "the same lessons, steps and claims as lessons/"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "one line says so: {err}");
    assert!(err.contains("built into proofbook"), "{err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "check writes nothing"
    );
}

#[test]
fn init_writes_the_book_out_and_then_it_is_used() {
    let dir = tempdir();
    let o = proofbook_in(dir.path(), &["init"], LIMIT);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(tree(&dir.path().join("lessons")), tree(&repo().join("lessons")));
    // The folder wins over the built-in book, and its README is not taken for a lesson.
    let o = proofbook_in(dir.path(), &["check"], LIMIT);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!text(&o).contains("built into"), "{}", text(&o));
    let sub = dir.path().join("workshop");
    let o = proofbook_in(dir.path(), &["init", sub.to_str().unwrap()], LIMIT);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(tree(&sub.join("lessons")), embedded());
}

#[test]
fn init_never_overwrites_and_writes_nothing_when_it_refuses() {
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir(&lessons).unwrap();
    let mine = lessons.join("versions.ko.md");
    std::fs::write(&mine, "my own lesson").unwrap();
    let o = proofbook_in(dir.path(), &["init"], LIMIT);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("versions.ko.md") && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own lesson");
    assert_eq!(
        tree(&lessons).len(),
        1,
        "nothing else written: {:?}",
        tree(&lessons).keys()
    );

    // A whole book already there: the second init refuses and the edits stay.
    let other = tempdir();
    assert_eq!(proofbook_in(other.path(), &["init"], LIMIT).status.code(), Some(0));
    let readme = other.path().join("lessons/README.md");
    std::fs::write(&readme, "edited").unwrap();
    let o = proofbook_in(other.path(), &["init"], LIMIT);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "edited");
}

#[test]
fn init_into_a_file_is_refused_naming_it() {
    let dir = tempdir();
    std::fs::write(dir.path().join("lessons"), "not a folder").unwrap();
    let o = proofbook_in(dir.path(), &["init"], LIMIT);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    // The file in the way is named, not a README that cannot go under it.
    assert!(err.contains("lessons: ") && !err.contains("README"), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("lessons")).unwrap(),
        "not a folder"
    );
}
