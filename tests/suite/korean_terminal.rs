//! The terminal in the reader's language, through the binary: a Korean locale
//! (or `--lang ko`) gets Korean from `--help`, `check` and `doctor`; `LANG=C`
//! stays English, and `--lang en` wins over a Korean locale.

use std::process::{Command, Output};
use std::time::Duration;

use crate::common::{self, bin, output_within, require, tempdir, text, PrivateEngine, LIVE, PRIVATE_ENGINE};

/// proofbook with exactly these locale variables (the others removed), offline.
fn run_in(locale: &[(&str, &str)], args: &[&str], dir: &std::path::Path) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args).current_dir(dir).env("PROOFBOOK_OFFLINE", "1");
    common::in_locale(&mut cmd, locale);
    output_within(&mut cmd, Duration::from_secs(120))
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('가'..='힣').contains(&c))
}

/// A lesson whose claim names a kind that does not exist, on line 18.
fn broken_lesson(dir: &std::path::Path) -> String {
    let text = "---\ntitle: t\nlang: ko\nlesson: broken\norder: 1\nsummary: s\n---\n\n```step\nid: host\nhost_info: {}\n```\n\n```claim\nid: c\nsays: s\ncheck:\n  kind: comparee\n```\n";
    let path = dir.join("broken.ko.md");
    std::fs::write(&path, text).expect("writes the lesson");
    path.display().to_string()
}

#[test]
fn a_korean_locale_gets_check_errors_in_korean_with_file_and_line() {
    let dir = tempdir();
    let file = broken_lesson(dir.path());
    let ko = run_in(&[("LANG", "ko_KR.UTF-8")], &["check", &file], dir.path());
    let said = text(&ko);
    assert_eq!(ko.status.code(), Some(2), "{said}");
    assert!(said.contains(&format!("{file}:18:")), "file:line kept: {said}");
    assert!(
        said.contains("블록을 읽지 못했습니다") && said.contains("값은 쓸 수 없습니다"),
        "{said}"
    );
    assert!(
        !said.contains("unknown variant"),
        "serde's English said again in Korean: {said}"
    );

    let c = run_in(&[("LANG", "C")], &["check", &file], dir.path());
    assert_eq!(c.status.code(), Some(2));
    assert!(
        text(&c).contains("unknown variant `comparee`") && !has_hangul(&text(&c)),
        "{}",
        text(&c)
    );

    // POSIX: the first non-empty of LC_ALL, LC_MESSAGES, LANG wins.
    let all_c = run_in(
        &[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")],
        &["check", &file],
        dir.path(),
    );
    assert!(!has_hangul(&text(&all_c)), "{}", text(&all_c));
    let flag = run_in(
        &[("LANG", "ko_KR.UTF-8")],
        &["--lang", "en", "check", &file],
        dir.path(),
    );
    assert!(!has_hangul(&text(&flag)), "--lang en wins: {}", text(&flag));
    let flag_ko = run_in(&[("LANG", "C")], &["check", "--lang", "ko", &file], dir.path());
    assert!(has_hangul(&text(&flag_ko)), "--lang ko wins: {}", text(&flag_ko));
}

#[test]
fn help_is_korean_in_a_korean_locale_and_english_in_c() {
    let dir = tempdir();
    let ko = run_in(&[("LC_MESSAGES", "ko_KR.UTF-8")], &["build", "--help"], dir.path());
    let said = String::from_utf8_lossy(&ko.stdout).to_string();
    assert_eq!(ko.status.code(), Some(0), "{said}");
    for want in ["사용법:", "옵션:", "엔진에서 레슨의 단계를 실행하고", "[기본값: book]"] {
        assert!(said.contains(want), "{want}: {said}");
    }
    assert!(!said.contains("Usage:") && !said.contains("Print help"), "{said}");
    let en = run_in(&[("LANG", "C")], &["build", "--help"], dir.path());
    let said = String::from_utf8_lossy(&en.stdout).to_string();
    assert!(
        said.contains("Usage:") && said.contains("Run the lessons' steps"),
        "{said}"
    );
    assert!(!has_hangul(&said), "{said}");
    let refused = run_in(&[("LANG", "ko_KR.UTF-8")], &["bild"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused).contains("`bild` 명령은 없습니다"), "{}", text(&refused));
    // Usage words and value names are Korean too; the flags stay as typed.
    let top = run_in(&[("LANG", "ko_KR.UTF-8")], &["--help"], dir.path());
    let said = String::from_utf8_lossy(&top.stdout).to_string();
    assert!(said.contains("사용법: proofbook [옵션] <명령>"), "{said}");
    let c = run_in(&[("LANG", "C")], &["--help"], dir.path());
    assert!(
        text(&c).contains("Usage: proofbook [OPTIONS] <COMMAND>"),
        "{}",
        text(&c)
    );
    // A refused value: the flag's value name and the reason, in Korean; the value as typed.
    for (args, reason) in [
        (&["serve", "--port", "99999"][..], "`--port <포트>` 인수에 준 `99999` 값을 쓸 수 없습니다. `99999` 값은 0에서 65535 사이의 포트 번호가 아닙니다"),
        (&["serve", "--bind", "x"], "`--bind <주소>` 인수에 준 `x` 값을 쓸 수 없습니다. IP 주소 형식이 아닙니다"),
        (&["build", "--out"], "`--out <폴더>` 인수에는 값을 주어야 합니다."),
    ] {
        let ko = run_in(&[("LANG", "ko_KR.UTF-8")], args, dir.path());
        assert_eq!(ko.status.code(), Some(2), "{args:?}: {}", text(&ko));
        assert!(text(&ko).contains(reason), "{args:?}: {}", text(&ko));
        let en = run_in(&[("LANG", "C")], args, dir.path());
        assert_eq!(en.status.code(), Some(2), "{args:?}: {}", text(&en));
        assert!(!has_hangul(&text(&en)), "{args:?}: {}", text(&en));
    }
}

#[test]
fn a_korean_doctor_on_an_engine_without_runsc_gives_the_fix_in_korean() {
    require!(LIVE, PRIVATE_ENGINE);
    let engine = PrivateEngine::start("{}");
    let dir = tempdir();
    let lessons = common::repo().join("lessons");
    let args = [
        "doctor",
        "--engine",
        &engine.socket,
        "--timeout",
        "60",
        lessons.to_str().unwrap(),
    ];
    let ko = run_in(&[("LANG", "ko_KR.UTF-8")], &args, dir.path());
    let said = text(&ko);
    assert_eq!(ko.status.code(), Some(1), "{said}");
    assert!(
        said.contains("해결 방법: `sudo scripts/setup-engine.sh`"),
        "a Korean fix: {said}"
    );
    assert!(said.contains("문제 1개:") && said.contains("등록된 런타임"), "{said}");
    let en = run_in(&[("LANG", "C")], &args, dir.path());
    assert!(text(&en).contains("fix: sudo scripts/setup-engine.sh"), "{}", text(&en));
    assert!(!has_hangul(&text(&en)), "{}", text(&en));
}

/// The system's errors in the reader's language: `init` where a file stands
/// in the path (`/dev/null/…`, nothing can be written there) and an engine
/// socket nobody serves say why in Korean, with none of the system's English
/// ("Not a directory (os error 20)", "Connection refused"); `LANG=C` keeps English.
#[cfg(unix)]
#[test]
fn system_errors_read_in_the_readers_language() {
    let dir = tempdir();
    let target = "/dev/null/proofbook-test";
    let ko = run_in(&[("LANG", "ko_KR.UTF-8")], &["init", target], dir.path());
    let said = text(&ko);
    assert_eq!(ko.status.code(), Some(4), "{said}");
    assert!(
        said.contains("/dev/null/proofbook-test/lessons/") && said.contains("경로 중간에 폴더가 아닌 파일이 있습니다"),
        "{said}"
    );
    assert!(!said.contains("os error") && !said.contains("directory"), "{said}");
    let en = run_in(&[("LANG", "C")], &["init", target], dir.path());
    assert!(
        text(&en).contains("a part of the path is a file, not a folder"),
        "{}",
        text(&en)
    );

    // A socket file that nobody listens on: connecting is refused.
    let socket = dir.path().join("engine.sock");
    drop(std::os::unix::net::UnixListener::bind(&socket).expect("binds"));
    let engine = format!("unix://{}", socket.display());
    let ko = run_in(&[("LANG", "ko_KR.UTF-8")], &["doctor", "--engine", &engine], dir.path());
    let said = text(&ko);
    assert_eq!(ko.status.code(), Some(3), "{said}");
    assert!(said.contains("연결이 거부되었습니다"), "{said}");
    assert!(!said.contains("refused") && !said.contains("os error"), "{said}");
    let missing = format!("unix://{}", dir.path().join("none.sock").display());
    let ko = run_in(
        &[("LANG", "ko_KR.UTF-8")],
        &["doctor", "--engine", &missing],
        dir.path(),
    );
    assert!(text(&ko).contains("none.sock 경로에 소켓이 없습니다"), "{}", text(&ko));
    let en = run_in(&[("LANG", "C")], &["doctor", "--engine", &engine], dir.path());
    assert!(text(&en).contains("connection refused"), "{}", text(&en));
}

/// serde's and libyaml's own words in a Korean `check`: a value of the wrong
/// type, a field twice, a quote left open each read in Korean on their
/// `file:line`, with none of serde's English ("invalid type", "duplicate
/// field", "found unexpected end of stream") left.
#[test]
fn a_korean_check_says_yaml_errors_in_korean_on_their_line() {
    let dir = tempdir();
    let head = "---\ntitle: t\nlang: ko\nlesson: yaml\norder: 1\nsummary: s\n---\n\n```step\nid: s1\n";
    for (body, line, ko, en) in [
        (
            "run: [sleep]\n",
            11,
            "여기에는 맵(`키: 값` 줄) 형식이 와야 합니다(지금은 목록)",
            "expected a map",
        ),
        ("id: s2\n", 10, "`id` 필드가 두 번 나옵니다", "field `id` appears twice"),
        (
            "timeout: \"5\n",
            12,
            "따옴표나 괄호가 닫히기 전에 블록이 끝났습니다",
            "found unexpected end of stream",
        ),
    ] {
        let path = dir.path().join("yaml.ko.md");
        std::fs::write(&path, format!("{head}{body}```\n")).expect("writes the lesson");
        let file = path.display().to_string();
        let ko_run = run_in(&[("LANG", "ko_KR.UTF-8")], &["check", &file], dir.path());
        let said = text(&ko_run);
        assert_eq!(ko_run.status.code(), Some(2), "{said}");
        assert!(
            said.contains(&format!("{file}:{line}:")) && said.contains(ko),
            "{body:?}: {said}"
        );
        for english in ["invalid type", "duplicate field", "unexpected end", "expected struct"] {
            assert!(!said.contains(english), "{body:?}: {said}");
        }
        let en_run = run_in(&[("LANG", "C")], &["check", &file], dir.path());
        assert!(
            text(&en_run).contains(en) && !has_hangul(&text(&en_run)),
            "{}",
            text(&en_run)
        );
    }
}
