//! `render --lessons` and `--junit` from stored records, no engine: stale
//! pages are marked in their language, the JUnit report parses and counts
//! every claim of every language and host. Records are made from the shipped
//! Windows transcripts (real evidence judged by the real claims code).

use crate::common::*;

use std::path::{Path, PathBuf};

use proofbook::record::{RunRecord, Verdict};

/// Records of every shipped lesson, written as one host's folder.
fn write_records(dir: &Path) -> Vec<RunRecord> {
    let lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    write_records_of(dir, &lessons)
}

fn write_records_of(dir: &Path, lessons: &[proofbook::lesson::Lesson]) -> Vec<RunRecord> {
    let host = dir.join("records").join("workshop-host");
    lessons
        .iter()
        .map(|l| {
            let mut r = records::live_record(l);
            r.run_id = "feedc0ffee00".into();
            proofbook::record::write_record(&host, &r).unwrap();
            r
        })
        .collect()
}

/// The shipped lessons, but the Korean `process-isolation` as it was when its
/// record was taken: `run-process` then ran sandboxed. (The languages of a
/// lesson must agree, so a lesson folder cannot hold this; a record can.)
fn lessons_when_ko_ran_sandboxed() -> Vec<proofbook::lesson::Lesson> {
    let mut lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    let path = repo().join("lessons/process-isolation.ko.md");
    let then = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("isolation: process", "isolation: hyperv", 1);
    let then = proofbook::lesson::parse_lesson(s(&path), &then).expect("the earlier Korean lesson parses");
    let at = lessons
        .iter()
        .position(|l| l.meta.lesson == "process-isolation" && l.meta.lang == "ko")
        .expect("the Korean process-isolation lesson");
    lessons[at] = then;
    lessons
}

fn copy_lessons(dir: &Path) -> PathBuf {
    let to = dir.join("lessons");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(repo().join("lessons")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    to
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn stale_pages_are_marked_in_their_language_and_prose_edits_show() {
    let dir = tempdir();
    write_records_of(dir.path(), &lessons_when_ko_ran_sandboxed());
    let lessons = copy_lessons(dir.path());
    edit(
        &lessons.join("process-isolation.en.md"),
        "\n## A workload",
        "\nProse added after the run.\n\n## A workload",
    );
    let out = dir.path().join("book");
    let records = dir.path().join("records");
    let o = proofbook(&[
        "render",
        "--records",
        s(&records),
        "--lessons",
        s(&lessons),
        "--out",
        s(&out),
        "--no-recorded",
    ]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains("warning: [workshop-host] ko/process-isolation: the record (run feedc0ffee00) was taken for other steps or claims"),
        "{said}"
    );
    assert!(said.contains("steps changed: `run-process`"), "{said}");
    assert!(
        !said.contains("en/process-isolation: the record"),
        "the English lesson is not stale: {said}"
    );

    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let ko = page("ko/process-isolation.html");
    assert!(ko.contains("<body class=\"page\" data-stale=\"true\">"), "{ko}");
    assert!(ko.contains("바뀐 단계(<code>run-process</code>)"), "{ko}");
    assert!(ko.contains("<code>proofbook build --changed</code>를 실행하면"), "{ko}");
    assert!(!ko.contains("steps changed"), "the Korean page speaks Korean");
    // The changed step's evidence is not shown as if it were the new step's.
    assert_eq!(
        verdict_in(&ko, "process-isolation/process-shares-pid").as_deref(),
        Some("not-run")
    );

    let en = page("en/process-isolation.html");
    assert!(!en.contains("data-stale"), "unchanged steps: not stale");
    assert!(
        en.contains("Prose added after the run."),
        "the current prose is rendered"
    );
    assert!(page("ko/handout.html").contains("data-stale=\"true\""));
    assert!(page("index.ko.html").contains("data-stale=\"true\""));

    // An English stale page says it in English (a step edit goes into both
    // languages: `check` refuses a lesson whose languages disagree).
    for lang in ["en", "ko"] {
        edit(
            &lessons.join(format!("process-isolation.{lang}.md")),
            "name: {windows: [vmwp], linux: [runsc-sandbox]}",
            "name: {windows: [vmwp, vmmem], linux: [runsc-sandbox]}",
        );
    }
    let o = proofbook(&[
        "render",
        "--records",
        s(&records),
        "--lessons",
        s(&lessons),
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let en = page("en/process-isolation.html");
    assert!(en.contains("steps changed: <code>host-before</code>"), "{en}");
    assert!(en.contains("Run <code>proofbook build --changed</code>"), "{en}");
}

#[test]
fn bad_lessons_for_render_are_input_errors() {
    let dir = tempdir();
    write_records(dir.path());
    let bad = dir.path().join("bad.en.md");
    std::fs::write(&bad, "---\ntitle: x\n---\n```step\nid: [\n```\n").unwrap();
    let o = proofbook(&[
        "render",
        "--records",
        s(&dir.path().join("records")),
        "--lessons",
        s(&bad),
        "--out",
        s(&dir.path().join("b")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("bad.en.md:"), "{}", text(&o));
}

/// A strict reading of the small XML subset JUnit uses: every tag closed in
/// order, attribute values quoted, `<` and `&` only as markup or entities.
/// Returns every element as (name, attributes) in document order.
fn parse_xml(doc: &str) -> Vec<(String, Vec<(String, String)>)> {
    let body = doc
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        check_text(&rest[..lt]);
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        let gt = rest.find('>').expect("tag closes");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing tag matches");
            continue;
        }
        let selfclose = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(' ').unwrap_or(tag.len());
        let name = tag[..name_end].to_string();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "element name {name}");
        out.push((name.clone(), attrs(&tag[name_end..])));
        if !selfclose {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    out
}

fn check_text(t: &str) {
    let mut rest = t;
    while let Some(i) = rest.find('&') {
        rest = &rest[i..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#10;", "&#13;", "&#9;"]
            .iter()
            .any(|e| rest.starts_with(e));
        assert!(ok, "bare & in {t:?}");
        rest = &rest[1..];
    }
    assert!(
        !t.chars().any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c)),
        "control character in {t:?}"
    );
}

fn attrs(mut s: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return v;
        }
        let eq = s.find("=\"").expect("attribute is name=\"value\"");
        let name = s[..eq].to_string();
        let val_end = s[eq + 2..].find('"').expect("value closes") + eq + 2;
        let raw = &s[eq + 2..val_end];
        assert!(!raw.contains('<'), "< in attribute {name}");
        check_text(raw);
        let val = raw
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#10;", "\n")
            .replace("&amp;", "&");
        v.push((name, val));
        s = &s[val_end + 1..];
    }
}

fn attr<'a>(a: &'a [(String, String)], k: &str) -> &'a str {
    a.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("attribute {k}"))
}

/// Hostile text where a record can carry it: in the claim's sentence (the
/// lesson the record holds) and in the host's process table, with another
/// process at the PID `top` reported, so its evidence refutes the claim
/// and the reason names that process.
fn hostile_refutation(r: &mut RunRecord, hostile: &str) {
    records::forge_workload_pid(r, hostile);
    for b in &mut r.doc.blocks {
        if let proofbook::lesson::Block::Claim(c) = b {
            if c.id == "process-shares-pid" {
                c.says = hostile.into();
            }
        }
    }
    proofbook::rejudge::record(r);
    let c = r.claims.iter().find(|c| c.id == "process-shares-pid").unwrap();
    assert_eq!((c.verdict, c.says.as_str()), (Verdict::Refuted, hostile));
}

#[test]
fn junit_report_parses_and_counts_every_claim_per_language_and_host() {
    let dir = tempdir();
    let mut records = write_records(dir.path());
    // Hostile text in a reason and a claim sentence: the report must stay well-formed.
    let hostile = "a <b> & \"c\" 'd' \u{1} ]]> end";
    let path = dir.path().join("records/workshop-host/process-isolation.en.json");
    let mut r: RunRecord = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    hostile_refutation(&mut r, hostile);
    proofbook::record::write_record(path.parent().unwrap(), &r).unwrap();
    records.retain(|x| !(x.lesson == r.lesson && x.lang == r.lang));
    records.push(r);
    // A second host: the same records under another label.
    let second = dir.path().join("records/second-host");
    for r in &records {
        proofbook::record::write_record(&second, r).unwrap();
    }

    let xml = dir.path().join("report.xml");
    let o = proofbook(&[
        "render",
        "--records",
        s(&dir.path().join("records")),
        "--out",
        s(&dir.path().join("book")),
        "--junit",
        s(&xml),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let doc = std::fs::read_to_string(&xml).unwrap();
    let elems = parse_xml(&doc);

    let claims: Vec<_> = records
        .iter()
        .flat_map(|r| r.claims.iter().map(move |c| (r, c)))
        .collect();
    let count = |f: &dyn Fn(Verdict) -> bool| claims.iter().filter(|(_, c)| f(c.verdict)).count();
    let (fails, skips) = (count(&|v| v.is_failure()), count(&|v| v == Verdict::NotRun));
    assert!(
        fails >= 1 && skips >= 1,
        "the records have failures and skips to report"
    );

    let suites: Vec<_> = elems.iter().filter(|(n, _)| n == "testsuite").collect();
    assert_eq!(suites.len(), 2, "one suite per host, not the shipped transcripts");
    for (_, a) in &suites {
        assert_eq!(attr(a, "tests").parse::<usize>().unwrap(), claims.len());
        assert_eq!(attr(a, "failures").parse::<usize>().unwrap(), fails);
        assert_eq!(attr(a, "skipped").parse::<usize>().unwrap(), skips);
    }
    let cases: Vec<_> = elems.iter().filter(|(n, _)| n == "testcase").collect();
    assert_eq!(cases.len(), 2 * claims.len());
    assert_eq!(elems.iter().filter(|(n, _)| n == "failure").count(), 2 * fails);
    assert_eq!(elems.iter().filter(|(n, _)| n == "skipped").count(), 2 * skips);
    for (r, c) in &claims {
        let name = format!("{}/{}", r.lesson, c.id);
        let class = format!("{}.{}", r.lesson, r.lang);
        let n = cases
            .iter()
            .filter(|(_, a)| attr(a, "name") == name && attr(a, "classname") == class)
            .count();
        assert_eq!(n, 2, "{class} {name}: once per host");
    }
    let failure = elems.iter().find(|(n, _)| n == "failure").unwrap();
    assert!(
        attr(&failure.1, "message").ends_with("a <b> & \"c\" 'd' \\u{1} ]]> end`"),
        "{failure:?}"
    );
    let case = elems
        .iter()
        .find(|(n, a)| n == "testcase" && attr(a, "name").ends_with("/process-shares-pid"))
        .unwrap();
    assert_eq!(attr(&case.1, "classname"), "process-isolation.en");
    assert_eq!(attr(&failure.1, "type"), "refuted");
    // When python is there, a real XML parser agrees.
    if let Ok(o) = std::process::Command::new("python3")
        .args(["-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])"])
        .arg(&xml)
        .output()
    {
        assert!(o.status.success(), "python's XML parser: {}", text(&o));
    }
}

/// `--junit` at a path that is not a regular file writes into it: `/dev/stdout`
/// prints the report (it was replaced by a file before, and nothing reached the
/// reader), `/dev/full` fails with exit 4 and the device's own error, and stays a device.
#[cfg(target_os = "linux")]
#[test]
fn junit_into_dev_stdout_prints_and_into_dev_full_fails() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempdir();
    write_records(dir.path());
    let (records, book) = (dir.path().join("records"), dir.path().join("book"));
    let run = |junit: &str| {
        in_c_locale(&mut std::process::Command::new("timeout"))
            .args(["120", s(&bin())])
            .args(["render", "--records", s(&records), "--out", s(&book), "--junit", junit])
            .current_dir(repo())
            .env("PROOFBOOK_OFFLINE", "1")
            .output()
            .expect("proofbook runs")
    };
    let o = run("/dev/stdout");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("<?xml") && out.contains("</testsuites>"), "{out}");
    let o = run("/dev/full");
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/dev/full") && err.contains("no space left on the disk"),
        "{err}"
    );
    assert!(std::fs::metadata("/dev/full").unwrap().file_type().is_char_device());
}
