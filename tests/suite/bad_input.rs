//! Malformed lessons: `file:line: message`, exit 2, no panic, no engine needed.

use crate::common::*;

fn check_text(lesson: &str) -> (i32, String, String) {
    let dir = tempdir();
    let path = dir.path().join("bad.en.md");
    std::fs::write(&path, lesson).unwrap();
    let o = proofbook(&["check", path.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o), path.display().to_string())
}

const HEAD: &str = "---\ntitle: T\nlang: en\nlesson: bad\norder: 1\nsummary: S\n---\n\nSome prose.\n\n";

#[test]
fn bad_yaml_names_file_and_line() {
    let (code, out, path) = check_text(&format!("{HEAD}```step\nid: a\nrun: [unclosed\n```\n"));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains(&format!("{path}:13:")), "{out}");
    assert!(!out.contains("panicked"));
}

#[test]
fn unknown_action_is_reported() {
    let (code, out, path) = check_text(&format!("{HEAD}```step\nid: a\nreboot: {{}}\n```\n"));
    assert_eq!(code, 2);
    assert!(
        out.contains(&format!("{path}:13:")) && out.contains("unknown action"),
        "{out}"
    );
}

#[test]
fn claim_on_missing_step_is_reported() {
    let (code, out, path) = check_text(&format!(
        "{HEAD}```claim\nid: c\nsays: x\ncheck: {{kind: visible_on_host, top: nope, host: nope2, process: sleep}}\n```\n"
    ));
    assert_eq!(code, 2);
    assert!(out.contains(&format!("{path}:11:")) && out.contains("`nope`"), "{out}");
}

#[test]
fn duplicate_ids_are_reported() {
    let (code, out, path) = check_text(&format!(
        "{HEAD}```step\nid: a\nhost_info: {{}}\n```\n\n```step\nid: a\nhost_info: {{}}\n```\n"
    ));
    assert_eq!(code, 2);
    assert!(out.contains(&format!("{path}:16: duplicate id `a`")), "{out}");
}

#[test]
fn missing_front_matter_is_reported() {
    let (code, out, path) = check_text("# no front matter\n");
    assert_eq!(code, 2);
    assert!(out.contains(&format!("{path}:1:")), "{out}");
}

#[test]
fn the_shipped_lessons_pass_check() {
    let o = proofbook(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn a_worker_count_before_table_must_precede_its_containers() {
    let steps = "```step\nid: sb\nrun: {image: busybox, isolation: hyperv, command: [sleep, '60']}\n```\n\n\
                 ```step\nid: late\nhost_processes: {name: [runsc-sandbox]}\n```\n\n\
                 ```step\nid: top-a\ntop: {container: sb}\n```\n\n";
    let claim = |before: &str| {
        format!("```claim\nid: c\nsays: x\ncheck: {{kind: host_process_count, host: late, containers: [sb], per_container: 1, before: {before}}}\n```\n")
    };
    // The table is taken after the container started: it cannot show what was there before.
    let (code, out, path) = check_text(&format!("{HEAD}{steps}{}", claim("late")));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!("{path}:26: `before` step `late` (line 16) must come before"))
            && out.contains("`sb` starts at line 11"),
        "{out}"
    );
    // Not a host table at all.
    let (code, out, _) = check_text(&format!("{HEAD}{steps}{}", claim("top-a")));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("step `top-a` is a `top` step; expected host_processes"),
        "{out}"
    );
    assert!(!out.contains("panicked"));
}

/// Both languages of the shipped process-isolation lesson in a fresh folder, the Korean one changed by `edit`.
fn check_languages(edit: impl Fn(&str) -> String) -> (i32, String, String, String, tempfile::TempDir) {
    let dir = tempdir();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let (en, ko) = (dir.path().join("p.en.md"), dir.path().join("p.ko.md"));
    std::fs::copy(shipped.join("process-isolation.en.md"), &en).unwrap();
    let ko_text = std::fs::read_to_string(shipped.join("process-isolation.ko.md")).unwrap();
    let edited = edit(&ko_text);
    assert_ne!(edited, ko_text, "the edit must change the lesson");
    std::fs::write(&ko, edited).unwrap();
    let o = proofbook(&["check", dir.path().to_str().unwrap()]);
    let (en, ko) = (en.display().to_string(), ko.display().to_string());
    (o.status.code().unwrap_or(-1), text(&o), en, ko, dir)
}

fn line_of(path: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    1 + text
        .lines()
        .position(|l| l == needle)
        .unwrap_or_else(|| panic!("{needle} not in {path}"))
}

#[test]
fn the_languages_of_a_lesson_agree_or_check_refuses() {
    let (code, out, _, _, _dir) = check_languages(|t| t.to_string() + "\n");
    assert_eq!(code, 0, "prose may differ: {out}");
    assert!(!out.contains("warning"), "{out}");

    let (code, out, en, ko, _dir) =
        check_languages(|t| t.replacen(r#"linux: [sleep, "3600"]"#, r#"linux: [sleep, "60"]"#, 1));
    assert_eq!(code, 2, "{out}");
    let (le, lk) = (line_of(&en, "id: run-process"), line_of(&ko, "id: run-process"));
    let want = format!(
        "{en}:{}: step `run-process` has action.run.command.linux [\"sleep\",\"3600\"] here but [\"sleep\",\"60\"] in {ko}:{}",
        le - 1,
        lk - 1
    );
    assert!(out.contains(&want), "{want}\n{out}");
    assert_eq!(
        out.matches("differs").count() + out.matches(" has ").count(),
        1,
        "one error per difference: {out}"
    );
}

#[test]
fn a_claim_missing_in_one_language_names_both_files() {
    let (code, out, en, ko, _dir) = check_languages(|t| {
        let start = t.find("```claim\nid: sandboxed-hidden").unwrap();
        let end = start + 3 + t[start + 3..].find("```").unwrap() + 3;
        format!("{}{}", &t[..start], &t[end..])
    });
    assert_eq!(code, 2, "{out}");
    let line = line_of(&en, "id: sandboxed-hidden") - 1;
    assert!(
        out.contains(&format!(
            "{en}:{line}: claim `sandboxed-hidden` is here but missing from {ko}"
        )),
        "{out}"
    );
}

#[test]
fn a_check_field_that_differs_is_refused() {
    let (code, out, en, ko, _dir) = check_languages(|t| {
        t.replacen(
            "  top: top-sandboxed\n  host: host-view",
            "  top: top-process\n  host: host-view",
            1,
        )
    });
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!("{en}:"))
            && out.contains("claim `sandboxed-hidden` has check.top \"top-sandboxed\" here but \"top-process\"")
            && out.contains(&format!("in {ko}:")),
        "{out}"
    );
}

#[test]
fn a_lesson_in_one_language_only_is_a_warning() {
    let (code, out, path) = check_text(&format!("{HEAD}```step\nid: a\nhost_info: {{}}\n```\n"));
    assert_eq!(code, 0, "{out}");
    let missing = path.replace("bad.en.md", "bad.ko.md");
    assert!(
        out.contains("warning: ") && out.contains(&format!("{missing} is missing")),
        "{out}"
    );
}

#[test]
fn diff_names_the_bad_records_of_both_sides_at_once() {
    let dir = tempdir();
    let (old, new) = (dir.path().join("old.json"), dir.path().join("new.json"));
    std::fs::write(&old, "{ not json").unwrap();
    std::fs::write(&new, "[]").unwrap();
    let o = proofbook(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(2), "{said}");
    assert!(said.contains("old.json:1:"), "the old side, with its line: {said}");
    assert!(said.contains("new.json:1:"), "and the new side in the same run: {said}");
}
