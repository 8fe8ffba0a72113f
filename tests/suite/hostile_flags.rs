//! Every command, every flag, hostile values: a clear message and an exit
//! code, never a panic. Numeric flags are checked at parse time (exit 2, the
//! flag named); nothing here reaches an engine other than a closed loopback port.
//!
//! Every proofbook here starts in a tree of the test's own (relative values
//! such as `..` resolve inside it, never beside the clone) and has a time limit.

use crate::common::*;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// Each of these runs answers at once (a refusal, an empty folder, a closed
/// port); the limit only stops one that does not.
const QUICK: Duration = Duration::from_secs(120);

/// Where the hostile runs start: four folders deep in `work`, so `..` and
/// `../../../../etc` stay inside it, beside a copy of the shipped lessons as
/// `lessons`.
fn start_folder(work: &Path) -> PathBuf {
    let cwd = work.join("a/b/c/d");
    let lessons = cwd.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    for entry in std::fs::read_dir(repo().join("lessons")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), lessons.join(entry.file_name())).unwrap();
        }
    }
    cwd
}

fn no_panic(args: &[&str], o: &Output) {
    let said = text(o);
    assert!(!said.contains("panicked"), "{args:?}: {said}");
    let code = o.status.code();
    assert!(matches!(code, Some(0..=4)), "{args:?} exited {code:?}: {said}");
}

const NUMBERS: &[&str] = &[
    "inf",
    "-inf",
    "nan",
    "NaN",
    "1e300",
    "-1",
    "0",
    "-0",
    "1e-300",
    "",
    " ",
    "abc",
    "1s",
    "0x10",
    "99999999999999999999999",
    "18446744073709551616",
    "１",
];

#[test]
fn numeric_flags_refuse_hostile_numbers_with_exit_2() {
    let empty = tempdir();
    let dir = empty.path().to_str().unwrap();
    let cwd = empty.path();
    // Each flag's own out-of-range values besides the common hostile ones.
    let seconds: &[&str] = &["0.001", "3600.5", "3601"];
    let cases: &[(&str, &str, &[&str])] = &[
        ("build", "--step-timeout", seconds),
        ("build", "--max-output", &["1023", "67108865", "1.5", "1e6"]),
        ("doctor", "--timeout", seconds),
        ("serve", "--step-timeout", seconds),
        // verify took any float here: 1e300 then panicked turning it into a Duration.
        ("verify", "--step-timeout", seconds),
    ];
    for (cmd, flag, own) in cases {
        for v in NUMBERS.iter().chain(own.iter()) {
            let value = format!("{flag}={v}");
            let args = [cmd, value.as_str(), dir, "--engine", "tcp://127.0.0.1:1"];
            let o = proofbook_in(cwd, &args, QUICK);
            no_panic(&args, &o);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
            assert!(
                String::from_utf8_lossy(&o.stderr).contains(flag),
                "{args:?}: {}",
                text(&o)
            );
        }
    }
    // In range, the flags are taken (the empty folder then stops the build, exit 2 naming it).
    for args in [
        ["build", "--step-timeout=3600", dir],
        ["build", "--max-output=1024", dir],
        ["build", "--step-timeout=0.5", dir],
    ] {
        let o = proofbook_in(cwd, &args, QUICK);
        assert!(
            text(&o).contains("no lessons (*.md) found here"),
            "{args:?}: {}",
            text(&o)
        );
    }
}

/// Hostile text for every flag that takes a path, an endpoint or a name.
#[test]
fn text_flags_take_hostile_values_without_panicking() {
    let work = tempdir();
    let cwd = start_folder(work.path());
    let empty = work.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let long = "a".repeat(5000);
    let values = [
        "",
        "-",
        "..",
        "../../../../etc",
        "/dev/null",
        "/dev/null/x",
        "é한\u{202e}",
        long.as_str(),
        "tcp://127.0.0.1:1",
        "ftp://x",
        "unix:///nonexistent/socket",
    ];
    let e = empty.to_str().unwrap();
    for v in values {
        let runs: Vec<Vec<&str>> = vec![
            vec!["check", v],
            vec!["build", e, "--out", v],
            vec!["build", e, "--records", v],
            vec!["build", e, "--with-host", v],
            vec!["build", v, "--engine", "tcp://127.0.0.1:1"],
            vec!["build", "lessons", "--engine", v, "--out", e],
            vec![
                "build",
                "lessons",
                "--engine",
                "tcp://127.0.0.1:1",
                "--process-runtime",
                v,
            ],
            vec![
                "build",
                "lessons",
                "--engine",
                "tcp://127.0.0.1:1",
                "--sandbox-runtime",
                v,
            ],
            vec!["render", "--records", v, "--out", e],
            vec!["render", "--records", e, "--out", v],
            vec!["diff", v, e],
            vec!["diff", e, v],
            vec!["doctor", "--engine", v],
            vec!["doctor", v, "--engine", "tcp://127.0.0.1:1"],
            vec!["doctor", "--engine", "tcp://127.0.0.1:1", "--process-runtime", v],
        ];
        for args in runs {
            let o = proofbook_in(&cwd, &args, QUICK);
            no_panic(&args, &o);
        }
    }
    // `init` writes: only ever into a folder of this test's own.
    for v in ["", "é한", "a/b/c"] {
        let target = work.path().join("init").join(v);
        let t = target.to_str().unwrap();
        let o = proofbook_in(&cwd, &["init", t], QUICK);
        no_panic(&["init", t], &o);
    }
}
