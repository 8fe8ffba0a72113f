//! Malformed lessons: `file:line: message`, exit 2, no panic, no engine needed.

mod common;
use common::*;

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
