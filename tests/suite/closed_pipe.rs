//! A reader that stops early (`proofbook doctor | head`) ends proofbook
//! quietly with 141, as it ends any Unix tool, instead of a panic (exit 101);
//! a closed stderr costs only the warnings. No engine needed.

use crate::common::*;

use std::process::{Output, Stdio};

/// Runs proofbook with stdout or stderr connected to a pipe whose reader is already gone.
fn with_closed(stream: &str, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut cmd = command();
    cmd.args(args).current_dir(repo()).env("PROOFBOOK_OFFLINE", "1");
    match stream {
        "stdout" => cmd.stdout(writer).stderr(Stdio::piped()),
        _ => cmd.stderr(writer).stdout(Stdio::piped()),
    };
    let child = cmd.stdin(Stdio::null()).spawn().expect("proofbook starts");
    wait_within(child, LIMIT, "proofbook with a closed pipe")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_with_stdout_closed_ends_quietly() {
    let o = with_closed("stdout", &["check", "lessons"]);
    assert_eq!(o.status.code(), Some(141), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "nothing to say about a reader that left");
}

#[test]
fn doctor_with_stdout_closed_ends_quietly() {
    // Nothing listens on port 1: doctor prints its engine line and stops there.
    let o = with_closed("stdout", &["doctor", "--engine", "tcp://127.0.0.1:1"]);
    assert_eq!(o.status.code(), Some(141), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn init_with_stdout_closed_ends_quietly_after_writing() {
    let dir = tempdir();
    let o = with_closed("stdout", &["init", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(141), "{}", stderr(&o));
    assert!(
        dir.path().join("lessons").is_dir(),
        "the lessons were written before the message"
    );
}

#[test]
fn a_closed_stderr_keeps_the_exit_code() {
    let dir = tempdir();
    let bad = dir.path().join("bad.en.md");
    std::fs::write(&bad, "---\ntitle: [unclosed\n---\n").unwrap();
    let o = with_closed("stderr", &["check", bad.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "bad input is still exit 2 when the message cannot be shown"
    );
    let o = with_closed("stderr", &["check", "lessons"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok"));
}

/// A full disk under stdout (`/dev/full`): exit 4, and the reason in the
/// terminal's language, the system's "No space left on device" included.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_under_stdout_is_said_in_the_terminals_language() {
    for (lang, said) in [
        (
            "ko_KR.UTF-8",
            "proofbook: 표준 출력에 쓰지 못했습니다: 디스크 공간이 부족합니다",
        ),
        ("C", "proofbook: could not write to stdout: no space left on the disk"),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut cmd = command();
        in_locale(&mut cmd, &[("LANG", lang)]);
        cmd.args(["check", "lessons"])
            .current_dir(repo())
            .env("PROOFBOOK_OFFLINE", "1")
            .stdout(full)
            .stderr(Stdio::piped());
        let child = cmd.stdin(Stdio::null()).spawn().expect("proofbook starts");
        let o = wait_within(child, LIMIT, "proofbook writing to /dev/full");
        assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
        assert!(stderr(&o).contains(said), "{lang}: {}", stderr(&o));
        assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
    }
}
