//! Ids are plain names and nothing is written outside the book: a lesson id,
//! a record's lesson or language, or a host label that would lead out of
//! `--out` / `--records` is refused (exit 2) and nothing lands outside.

use crate::common::*;

use std::path::Path;

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().display().to_string())
        .collect()
}

fn lesson_with_id(id: &str) -> String {
    format!(
        "---\ntitle: T\nlang: en\nlesson: {id}\norder: 1\nsummary: S\n---\n\n```step\nid: h\nhost_info: {{}}\n```\n"
    )
}

/// A lesson id that climbs out of the book (`lesson: ../../../../tmp/x/pwned`),
/// pointed at a folder of this test's own so the check for stray files is exact.
#[test]
fn a_lesson_id_that_is_a_path_is_refused_and_nothing_is_written() {
    let outside = tempdir();
    let work = tempdir();
    let escape = format!("../../../..{}/pwned", outside.path().display());
    let lessons = work.path().join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let file = lessons.join("pwned.en.md");
    std::fs::write(&file, lesson_with_id(&escape)).unwrap();

    let o = proofbook(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let want = format!(
        "{}:4: lesson id `{escape}` must be letters, digits, `-` or `_`",
        file.display()
    );
    assert!(text(&o).contains(&want), "expected `{want}` in {}", text(&o));

    let out = work.path().join("out").join("book");
    let o = proofbook(&[
        "build",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        lessons.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!text(&o).contains("book written"), "{}", text(&o));
    assert!(
        files_under(outside.path()).is_empty(),
        "{:?}",
        files_under(outside.path())
    );
    assert!(!out.exists(), "nothing is rendered from refused lessons");
    // Any id that is not a plain name is refused the same way, never with a panic.
    for bad in ["x/pwned", "../pwned", "a/b", "a.b", "", "é"] {
        let f = lessons.join("pwned.en.md");
        std::fs::write(&f, lesson_with_id(&format!("\"{bad}\""))).unwrap();
        let o = proofbook(&["check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "`{bad}`: {}", text(&o));
        assert!(!text(&o).contains("panicked"), "{}", text(&o));
    }
}

/// A stored record is input too: its lesson id and language name pages.
#[test]
fn a_record_whose_lesson_is_a_path_is_refused_by_render() {
    let work = tempdir();
    let outside = tempdir();
    let record =
        proofbook::transcripts::windows_hosts(&proofbook::lesson::load_all(&[repo().join("lessons")]).unwrap())
            .into_iter()
            .flat_map(|h| h.records)
            .next()
            .expect("a recorded record");
    for (field, value) in [
        ("lesson", format!("../../..{}/pwned", outside.path().display())),
        ("lang", "../x".into()),
    ] {
        let mut r = record.clone();
        match field {
            "lesson" => r.lesson = value.clone(),
            _ => r.lang = value.clone(),
        }
        let dir = work.path().join(format!("records-{field}")).join("host");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("r.json"), serde_json::to_vec(&r).unwrap()).unwrap();
        let out = work.path().join(format!("out-{field}"));
        let o = proofbook(&[
            "render",
            "--records",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{field}: {}", text(&o));
        assert!(
            text(&o).contains(&format!("{field} `{value}` must be letters")),
            "{}",
            text(&o)
        );
        assert!(files_under(outside.path()).is_empty());
    }
}

#[test]
fn a_host_label_is_made_a_plain_name() {
    let work = tempdir();
    let records =
        proofbook::transcripts::windows_hosts(&proofbook::lesson::load_all(&[repo().join("lessons")]).unwrap())
            .into_iter()
            .flat_map(|h| h.records)
            .collect::<Vec<_>>();
    let dir = work.path().join("my host.v2");
    std::fs::create_dir_all(&dir).unwrap();
    for r in &records {
        std::fs::write(dir.join(r.file_name()), serde_json::to_vec(r).unwrap()).unwrap();
    }
    let out = work.path().join("out");
    let o = proofbook(&[
        "render",
        "--records",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The folder's name is made a plain name before it names anything.
    assert!(text(&o).contains("host my-host-v2:"), "{}", text(&o));
    assert!(files_under(work.path())
        .iter()
        .all(|f| f.starts_with(&out.display().to_string()) || f.starts_with(&dir.display().to_string())));
}

#[test]
fn building_an_empty_folder_is_bad_input_naming_it() {
    let empty = tempdir();
    let out = empty.path().join("book");
    for cmd in ["build", "check"] {
        let mut args = vec![cmd, empty.path().to_str().unwrap()];
        if cmd == "build" {
            args.extend(["--engine", MAIN_ENGINE, "--out", out.to_str().unwrap()]);
        }
        let o = proofbook(&args);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", text(&o));
        assert!(
            text(&o).contains(&format!("{}:0: no lessons (*.md) found here", empty.path().display())),
            "{}",
            text(&o)
        );
        assert!(!text(&o).contains("book written"), "{}", text(&o));
    }
    assert!(!out.exists());
}
