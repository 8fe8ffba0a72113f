//! Records proofbook did not write, through the binary: a forged verdict is
//! shown as its evidence judges it (page, terminal, JUnit, diff), and records
//! with repeated ids, FIFOs and oversized files are refused with exit 2,
//! naming the file, without waiting.

use std::path::Path;
use std::time::Duration;

use proofbook::record::RunRecord;

use crate::common::{proofbook, proofbook_in, records, repo, tempdir, text, verdict_in};

const CLAIM: &str = records::SHARED_PID_CLAIM;

/// The process-isolation lesson's record from the Windows Server 2019
/// transcript, read as a live record and judged as a run judges it.
fn honest(lang: &str) -> RunRecord {
    let lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    let lesson = lessons
        .iter()
        .find(|l| l.meta.lesson == "process-isolation" && l.meta.lang == lang)
        .unwrap();
    records::live_record(lesson)
}

/// Another process at the PID `top` reported, in the host's table; the
/// stored verdicts untouched (so `process-shares-pid` still says proven).
fn forged(r: RunRecord) -> RunRecord {
    let r = records::forged(r);
    assert_eq!(
        r.claims.iter().find(|c| c.id == CLAIM).unwrap().verdict.as_str(),
        "proven"
    );
    r
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_forged_proven_is_refuted_on_the_page_the_terminal_junit_and_diff() {
    let dir = tempdir();
    let (ok, bad) = (dir.path().join("honest/local"), dir.path().join("forged/local"));
    proofbook::record::write_record(&ok, &honest("en")).unwrap();
    let file = proofbook::record::write_record(&bad, &forged(honest("en"))).unwrap();
    let (book, junit) = (dir.path().join("book"), dir.path().join("report.xml"));
    let o = proofbook(&[
        "render",
        "--records",
        s(&bad),
        "--out",
        s(&book),
        "--junit",
        s(&junit),
        "--no-recorded",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "warning: {}: claim `{CLAIM}`: This record says PROVEN; its evidence says REFUTED",
            file.display()
        )),
        "{err}"
    );
    // A Korean terminal gets the warning in Korean (it was English whatever the terminal spoke).
    let ko_book = dir.path().join("book-ko");
    let ko = proofbook(&[
        "--lang",
        "ko",
        "render",
        "--records",
        s(&bad),
        "--out",
        s(&ko_book),
        "--no-recorded",
    ]);
    let ko_err = String::from_utf8_lossy(&ko.stderr);
    assert!(
        ko_err.contains(&format!("경고: {}: `{CLAIM}` 주장: 이 기록에는", file.display()))
            && !ko_err.contains("warning:"),
        "{ko_err}"
    );
    let page = std::fs::read_to_string(book.join("en/process-isolation.html")).unwrap();
    assert_eq!(
        verdict_in(&page, &format!("process-isolation/{CLAIM}")).as_deref(),
        Some("refuted")
    );
    assert!(
        page.contains("This record says PROVEN; its evidence says REFUTED"),
        "the notice is on the page"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    let case = &xml[xml.find(&format!("name=\"process-isolation/{CLAIM}\"")).unwrap()..];
    assert!(
        case[..case.find("</testcase>").unwrap()].contains("type=\"refuted\""),
        "{xml}"
    );

    let o = proofbook(&["diff", s(&ok), s(&bad)]);
    assert_eq!(o.status.code(), Some(1), "a verdict changed: {}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains(CLAIM), "{}", text(&o));
}

/// Every reader refuses, exit 2, naming the file: render and diff here;
/// verify and build --with-host read through the same loader.
fn refused(records: &Path, file: &Path, says: &str) {
    refused_in(&[], records, file, says);
}

/// As [`refused`], with proofbook's global flags first (`--lang ko`).
fn refused_in(global: &[&str], records: &Path, file: &Path, says: &str) {
    let book = records.parent().unwrap().join("book");
    for command in [
        vec!["render", "--records", s(records), "--out", s(&book)],
        vec!["diff", s(records), s(records)],
    ] {
        let args: Vec<&str> = global.iter().copied().chain(command).collect();
        let o = proofbook_in(&repo(), &args, Duration::from_secs(120));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(s(file)) && err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn repeated_ids_fifos_and_oversized_records_are_refused() {
    let dir = tempdir();
    let host = dir.path().join("records/local");
    let mut r = honest("en");
    let twice = r.claims[0].clone();
    r.claims.push(twice);
    let file = proofbook::record::write_record(&host, &r).unwrap();
    refused(&host, &file, "appears more than once");
    std::fs::remove_file(&file).unwrap();

    let big = host.join("big.json");
    std::fs::File::create(&big).unwrap().set_len((16 << 20) + 1).unwrap();
    refused(&host, &big, "at most 16 MiB");
    std::fs::remove_file(&big).unwrap();

    let fifo = host.join("pipe.json");
    let o = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .output()
        .expect("mkfifo");
    assert!(o.status.success());
    // Nothing ever writes to it: a reader that opened it would wait forever.
    refused(&host, &fifo, "named pipe");
}

/// The same refusals in a Korean terminal: the reader's sentence, the file named.
#[test]
fn refused_records_are_said_in_korean() {
    let dir = tempdir();
    let host = dir.path().join("records/local");
    let ko = ["--lang", "ko"];
    let mut r = honest("en");
    let twice = r.claims[0].clone();
    r.claims.push(twice);
    let file = proofbook::record::write_record(&host, &r).unwrap();
    let said = format!("`{}` 주장이 두 번 이상 나옵니다", r.claims[0].id);
    refused_in(&ko, &host, &file, &said);
    std::fs::remove_file(&file).unwrap();

    let big = host.join("big.json");
    std::fs::File::create(&big).unwrap().set_len((16 << 20) + 1).unwrap();
    refused_in(&ko, &host, &big, "실행 기록은 최대 16MiB인데");
    std::fs::remove_file(&big).unwrap();

    let bad = host.join("bad.json");
    std::fs::write(&bad, "{\n  \"schema\": \"three\"\n}\n").unwrap();
    refused_in(&ko, &host, &bad, ":2: 기록의 `schema` 값이 \"three\"입니다");
}
