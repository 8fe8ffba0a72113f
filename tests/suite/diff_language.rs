//! `proofbook diff` in the reader's language, through the binary: a Korean
//! locale (or `--lang ko`) gets the text and the Markdown comment in Korean,
//! values from records as they are; `LANG=C` stays English; `--json` is the
//! same whatever the language.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use crate::common::{self, bin, output_within, repo, tempdir, text};

use proofbook::record::{RunRecord, StepOutcome};

/// proofbook with exactly these locale variables (the others removed), offline.
fn run_in(locale: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args).current_dir(repo()).env("PROOFBOOK_OFFLINE", "1");
    common::in_locale(&mut cmd, locale);
    output_within(&mut cmd, Duration::from_secs(120))
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('가'..='힣').contains(&c))
}

/// Records of every shipped lesson's English edition in `dir/records/h`, edited by `edit`.
fn records_in(dir: &Path, edit: impl Fn(&mut RunRecord)) -> PathBuf {
    let lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    let host = dir.join("records").join("h");
    for l in lessons.iter().filter(|l| l.meta.lang == "en") {
        let mut r = proofbook::transcripts::record_for(l);
        r.provenance = proofbook::record::Provenance::Live;
        edit(&mut r);
        proofbook::record::write_record(&host, &r).unwrap();
    }
    dir.join("records")
}

/// Two runs: the second's engine is newer and every step timed out, so
/// claims are judged again to TIMED OUT and steps' outcomes changed.
fn two_runs(dir: &Path) -> (String, String) {
    let old = records_in(&dir.join("old"), |_| {});
    let new = records_in(&dir.join("new"), |r| {
        r.host.engine_version = "99.0.1".into();
        for s in &mut r.steps {
            s.outcome = StepOutcome::Timeout { after_ms: 1500 };
            s.evidence = None;
        }
    });
    (old.display().to_string(), new.display().to_string())
}

/// English sentences of `diff`'s text and Markdown: none may be left in Korean.
const ENGLISH: &[&str] = &[
    "comparing",
    "verdicts changed",
    "claim:",
    "was:",
    "now:",
    "evidence changed shape",
    "host changed",
    "outcome",
    "engine version",
    "verdict(s) changed",
    "Comparing",
    "| Lesson |",
    "Why now",
    "Host versions",
    "Evidence changed shape",
];

#[test]
fn diff_speaks_korean_in_a_korean_locale_and_english_in_c() {
    let dir = tempdir();
    let (old, new) = two_runs(dir.path());
    for locale in [&[("LANG", "ko_KR.UTF-8")][..], &[("LC_ALL", "C")][..]] {
        let args: Vec<&str> = ["--lang", "ko", "diff", &old, &new].into();
        let args = if locale[0].0 == "LANG" { &args[2..] } else { &args[..] };
        let o = run_in(locale, args);
        let said = text(&o);
        assert_eq!(o.status.code(), Some(1), "verdicts changed: {said}");
        let out = String::from_utf8_lossy(&o.stdout);
        for korean in [
            "이전 기록(",
            "판정이 바뀐 주장(",
            "주장: ",
            "지금 근거: ",
            "증명됨 → 시간 초과",
            "증거의 형태가 바뀐 단계(",
            "실행 결과: 실행됨 → 시간 초과(1.5초)",
            "바뀐 호스트 정보:",
            "엔진 버전: `",
            " → `99.0.1`",
            "개가 바뀌었습니다",
        ] {
            assert!(out.contains(korean), "{locale:?}: no `{korean}` in\n{out}");
        }
        for english in ENGLISH {
            assert!(!out.contains(english), "{locale:?}: English `{english}` left in\n{out}");
        }
    }

    let c = run_in(&[("LANG", "C")], &["diff", &old, &new]);
    let out = String::from_utf8_lossy(&c.stdout);
    assert_eq!(c.status.code(), Some(1), "{}", text(&c));
    assert!(
        out.starts_with(&format!("comparing {old} (old) with {new} (new)\n")),
        "{out}"
    );
    for english in [
        "verdicts changed (",
        ": proven → timeout",
        "      claim: ",
        "outcome ok → timeout (1.5",
        "host changed:",
        "engine version: `",
    ] {
        assert!(out.contains(english), "no `{english}` in\n{out}");
    }
    assert!(!has_hangul(&out), "English lessons, English terminal: {out}");
}

#[test]
fn diff_markdown_in_korean_translates_headers_not_values() {
    let dir = tempdir();
    let (old, new) = two_runs(dir.path());
    let o = run_in(
        &[("LANG", "ko_KR.UTF-8")],
        &["diff", "--format", "markdown", &old, &new],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let md = String::from_utf8_lossy(&o.stdout);
    for korean in [
        "### proofbook: 판정 ",
        "| 레슨 | 주장 | 이전 | 지금 | 지금 판정의 근거 |",
        "**증명됨** | **시간 초과** |",
        "**호스트 버전**",
        "| 호스트 | 항목 | 이전 | 지금 |",
        "| h | 엔진 버전 | ",
        "| 99.0.1 |",
        "<details><summary>증거의 형태가 바뀐 단계 ",
    ] {
        assert!(md.contains(korean), "no `{korean}` in\n{md}");
    }
    for english in ENGLISH {
        assert!(!md.contains(english), "English `{english}` left in\n{md}");
    }
    let en = run_in(&[("LANG", "C")], &["diff", "--format", "markdown", &old, &new]);
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(
        en.contains("| Lesson | Claim | Was | Now | Why now |") && en.contains("**PROVEN** | **TIMEOUT** |"),
        "{en}"
    );
}

#[test]
fn diff_json_is_the_same_in_every_language() {
    let dir = tempdir();
    let (old, new) = two_runs(dir.path());
    let ko = run_in(
        &[("LANG", "ko_KR.UTF-8")],
        &["--lang", "ko", "diff", "--json", &old, &new],
    );
    let c = run_in(&[("LANG", "C")], &["diff", "--json", &old, &new]);
    assert_eq!(ko.status.code(), Some(1), "{}", text(&ko));
    assert_eq!(ko.stdout, c.stdout, "JSON does not follow the terminal's language");
    let report: serde_json::Value = serde_json::from_slice(&c.stdout).expect("valid JSON");
    let host = &report["host_changes"][0];
    assert_eq!(host["change"]["field"], "engine version", "{report}");
    assert_eq!(report["verdicts"][0]["new"], "timeout", "{report}");
    assert!(!has_hangul(&String::from_utf8_lossy(&c.stdout)), "English lessons only");
}
