//! Claim reasons on rendered pages, from evidence: a Korean page gives every
//! reason in Korean and an English page in English, for every claim kind and
//! every outcome evidence can give it.

use std::collections::BTreeSet;

use super::*;
use crate::lesson::Block;
use crate::messages::{Lang, Msg};
use crate::record::{Cut, HostRecords, RunRecord};
use crate::render::Renderer;

fn cut(mut s: StepRecord) -> StepRecord {
    s.cut.push(Cut {
        stream: "top".into(),
        kept: 10,
        cut: 10,
    });
    s
}

fn with_outcome(mut s: StepRecord, outcome: StepOutcome) -> StepRecord {
    s.outcome = outcome;
    s.evidence = None;
    s
}

fn compare_on(stdout: &str, op: CompareOp, right: &str) -> (Vec<StepRecord>, Check) {
    let check = Check::Compare {
        left: field("e", "stdout"),
        op,
        right: ValueRef::Literal { value: same(right) },
    };
    (vec![exec("e", stdout, None)], check)
}

fn count(host: &str, name: Option<&str>, containers: &[&str], per: Option<usize>, min: Option<usize>) -> Check {
    Check::HostProcessCount {
        host: host.into(),
        name: name.map(same),
        containers: containers.iter().map(|c| c.to_string()).collect(),
        per_container: per,
        before: None,
        min,
        max: Some(3),
    }
}

/// Evidence that proves the kinds that read the host's processes.
fn proving_cases() -> Vec<(Vec<StepRecord>, Check)> {
    let sleep_top = || top("t", vec![proc(4242, "sleep", "sleep 3600")]);
    let gvisor = "23d58035bf66aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let visible = |host: &str| Check::VisibleOnHost {
        top: "t".into(),
        host: host.into(),
        process: same("sleep"),
    };
    let hidden = |host: &str, name: &str| Check::HiddenFromHost {
        top: "t".into(),
        host: host.into(),
        process: same(name),
    };
    vec![
        (
            vec![sleep_top(), host("h", vec![proc(4242, "sleep", "sleep 3600")])],
            visible("h"),
        ),
        (
            vec![sleep_top(), filtered_host("by-top", &["runsc-sandbox"], &["t"], vec![])],
            hidden("by-top", "sleep"),
        ),
        (
            vec![
                container("run", "c", crate::lesson::Isolation::Hyperv),
                sleep_top(),
                host("h", vec![proc(4242, "sleep", "sleep 3600")]),
            ],
            hidden("h", "slep"),
        ),
        (
            vec![
                sandbox("sb-a", gvisor),
                host(
                    "h",
                    vec![proc(9, "runsc-sandbox", &format!("runsc-sandbox boot {gvisor}"))],
                ),
            ],
            count("h", None, &["sb-a"], Some(1), Some(1)),
        ),
        (
            vec![sandbox("sb-a", gvisor), host("h", vec![proc(9, "vmwp", "")])],
            count("h", Some("vmwp"), &["sb-a"], Some(1), None),
        ),
        (
            vec![
                host("before", vec![proc(4368, "vmwp", "vmwp 9C2B")]),
                sandbox("sb-a", gvisor),
                host(
                    "after",
                    vec![proc(4368, "vmwp", "vmwp 9C2B"), proc(7012, "vmwp", "vmwp 3E1F")],
                ),
            ],
            worker_count(&["sb-a"], Some("before")),
        ),
    ]
}

/// Evidence that proves the kinds that read one view, or two views' PIDs, or values.
fn proving_view_cases() -> Vec<(Vec<StepRecord>, Check)> {
    let names = |n: &[&str]| PerOs::Same(n.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    vec![
        (
            vec![top("t", vec![proc(4242, "sleep", "sleep 3600")])],
            Check::TopLists {
                top: "t".into(),
                names: names(&["sleep"]),
            },
        ),
        compare_on("box-1", CompareOp::Equals, "box-1"),
        compare_on("box-1", CompareOp::Differs, "box-2"),
        compare_on("box-1", CompareOp::Contains, "box"),
        compare_on("box-1", CompareOp::NotContains, "crate"),
        (
            vec![exec("inside", PS_RUNC, Some(ParseAs::Ps))],
            Check::Lists {
                view: "inside".into(),
                names: names(&["sh", "sleep"]),
            },
        ),
        (
            vec![exec("inside", PS_RUNC, Some(ParseAs::Ps))],
            Check::PidIs {
                view: "inside".into(),
                pid: 1,
                process: same("sh"),
            },
        ),
        (
            vec![host("h", vec![proc(1, "systemd", "/sbin/init")])],
            Check::PidIsNot {
                view: "h".into(),
                pid: 1,
                process: same("sleep"),
            },
        ),
        (
            vec![
                exec("inside", PS_RUNC, Some(ParseAs::Ps)),
                top("runc-top", vec![proc(30537, "sleep", "sleep 3600")]),
            ],
            numbering("runc-top", Numbering::Own),
        ),
        (
            vec![
                exec("inside", "PID USER COMMAND\n 1 0 sleep 3600\n", Some(ParseAs::Ps)),
                top("gvisor-top", vec![proc(1, "process_api", "/process_api")]),
            ],
            numbering("gvisor-top", Numbering::Shared),
        ),
    ]
}

/// Evidence that decides nothing: missing, failed, cut, empty or not asked for.
fn undecided_cases() -> Vec<(Vec<StepRecord>, Check)> {
    let hidden = |host: &str| Check::HiddenFromHost {
        top: "t".into(),
        host: host.into(),
        process: same("sleep"),
    };
    let sleep_top = || top("t", vec![proc(4242, "sleep", "sleep 3600")]);
    let unrun = Msg::NoIsolationMapping {
        isolation: "hyperv".into(),
    };
    let failed = Text::Plain("the engine answered 500".into());
    let mut zero = worker_count(&["sb-a"], Some("before"));
    if let Check::HostProcessCount { per_container, .. } = &mut zero {
        *per_container = Some(0);
    }
    vec![
        (vec![], hidden("h")),
        (
            vec![with_outcome(sleep_top(), StepOutcome::NotRun { reason: unrun.into() })],
            hidden("h"),
        ),
        (
            vec![with_outcome(sleep_top(), StepOutcome::Timeout { after_ms: 1500 })],
            hidden("h"),
        ),
        (
            vec![with_outcome(sleep_top(), StepOutcome::Error { message: failed })],
            hidden("h"),
        ),
        (vec![cut(sleep_top()), host("h", vec![])], hidden("h")),
        (vec![top("t", vec![]), host("h", vec![])], hidden("h")),
        (
            vec![
                container("run", "c", crate::lesson::Isolation::Process),
                sleep_top(),
                host("h", vec![]),
            ],
            Check::HiddenFromHost {
                top: "t".into(),
                host: "h".into(),
                process: same("slep"),
            },
        ),
        (
            vec![sleep_top(), filtered_host("by-name", &["runsc-sandbox"], &[], vec![])],
            hidden("by-name"),
        ),
        (
            vec![filtered_host("h", &["sleep"], &[], vec![proc(1, "sleep", "")])],
            count("h", Some("runsc-sandbox"), &[], None, None),
        ),
        (
            vec![
                host("before", vec![]),
                sandbox("sb-a", "0123456789ab"),
                host("after", vec![]),
            ],
            zero,
        ),
    ]
}

/// Evidence that decides nothing about one view's PIDs or a value.
fn undecided_view_cases() -> Vec<(Vec<StepRecord>, Check)> {
    let sleep_top = || top("t", vec![proc(4242, "sleep", "sleep 3600")]);
    vec![
        (
            vec![host("empty", vec![])],
            Check::PidIs {
                view: "empty".into(),
                pid: 1,
                process: same("sh"),
            },
        ),
        (
            vec![host("h", vec![proc(1, "systemd", "/sbin/init")])],
            Check::PidIsNot {
                view: "h".into(),
                pid: 7,
                process: same("sleep"),
            },
        ),
        (
            vec![exec("e", "box-1", None)],
            Check::Compare {
                left: field("e", "stdout"),
                op: CompareOp::Equals,
                right: field("e", "no-such-field"),
            },
        ),
        compare_on("box-1", CompareOp::Contains, " "),
        (
            vec![cut(exec("e", "box-1", None))],
            Check::Compare {
                left: field("e", "stdout"),
                op: CompareOp::Equals,
                right: ValueRef::Literal { value: same("box-1") },
            },
        ),
        (
            vec![sleep_top()],
            Check::TopLists {
                top: "t".into(),
                names: PerOs::Split {
                    windows: Some(vec!["csrss".into()]),
                    linux: None,
                },
            },
        ),
    ]
}

/// Every case, judged on Linux, as the claim results of one record; and
/// the claims themselves, for the lesson's blocks.
fn judged() -> (Vec<Claim>, Vec<ClaimResult>) {
    let mut cases = refuting_cases();
    cases.extend(proving_cases());
    cases.extend(proving_view_cases());
    cases.extend(undecided_cases());
    cases.extend(undecided_view_cases());
    // The last case runs on a host with no sandboxing runtime.
    cases.push((vec![host("h", vec![])], count("h", None, &[], None, None)));
    let last = cases.len() - 1;
    let mut claims = Vec::new();
    let mut results = Vec::new();
    for (i, (steps, check)) in cases.into_iter().enumerate() {
        let claim = Claim {
            id: format!("c{i}"),
            line: 1,
            says: format!("claim {i}"),
            check,
            hint: None,
        };
        let worker = if i == last { None } else { Some("runsc-sandbox") };
        let ev = EvidenceSet {
            os: Os::Linux,
            steps: &steps,
            worker,
        };
        results.push(judge(&claim, &ev));
        claims.push(claim);
    }
    (claims, results)
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// `(lang, inner html)` of every claim reason on a page.
fn reasons(html: &str) -> Vec<(String, String)> {
    let open = "class=\"reason\" lang=\"";
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let lang = rest[..rest.find('"').unwrap()].to_string();
            let start = rest.find('>').unwrap() + 1;
            let end = rest.find("</span>").or_else(|| rest.find("</td>")).unwrap();
            (lang, rest[start..end].to_string())
        })
        .collect()
}

#[test]
fn the_evidence_gives_every_claim_kind_every_outcome() {
    let (claims, results) = judged();
    let mut seen = BTreeSet::new();
    for (c, r) in claims.iter().zip(&results) {
        seen.insert((c.check.kind(), r.verdict.as_str()));
    }
    let kinds: BTreeSet<&str> = claims.iter().map(|c| c.check.kind()).collect();
    assert_eq!(kinds.len(), 9, "{kinds:?}");
    for kind in kinds {
        for verdict in ["proven", "refuted"] {
            assert!(seen.contains(&(kind, verdict)), "no {verdict} `{kind}` case: {seen:?}");
        }
    }
    let verdicts: BTreeSet<&str> = results.iter().map(|r| r.verdict.as_str()).collect();
    for v in ["proven", "refuted", "error", "not-run", "timeout"] {
        assert!(verdicts.contains(v), "no case comes out {v}: {verdicts:?}");
    }
}

/// Every claim reason, judged from evidence and rendered on the lesson page
/// and the index, is in the page's language: Korean on a Korean page.
#[test]
fn a_korean_page_gives_every_claim_reason_in_korean() {
    let (claims, results) = judged();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lessons = crate::lesson::load_all(&[root.join("lessons")]).expect("shipped lessons load");
    let mut records = crate::transcripts::windows_hosts(&lessons).remove(0).records;
    records.retain(|r| r.lesson == "process-isolation");
    assert_eq!(records.len(), 2, "the lesson in both languages");
    for r in &mut records {
        r.doc.blocks = claims.iter().cloned().map(Block::Claim).collect();
        r.claims = results.clone();
    }
    let dir = tempfile::tempdir().unwrap();
    let hosts = [HostRecords {
        label: "local".into(),
        records,
    }];
    Renderer::new().render_book(&hosts, dir.path(), true).expect("renders");
    let page = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let ko = reasons(&page("ko/process-isolation.html"));
    assert_eq!(ko.len(), results.len(), "every claim is on the page");
    for ((lang, html), r) in ko.iter().zip(&results) {
        assert_eq!(lang, "ko", "{}: {html}", r.reason);
        assert!(has_hangul(html), "Korean reason for `{}`: {html}", r.reason);
        assert!(!html.contains('`'), "code is <code>, not backticks: {html}");
    }
    // The Korean index lists the Korean lessons only (the English edition is a link away).
    let index = page("index.ko.html");
    assert!(
        !index.contains("data-lang=\"en\""),
        "no English half on the Korean index"
    );
    let ko_index = reasons(&index);
    assert_eq!(ko_index.len(), results.len());
    assert!(ko_index.iter().all(|(lang, _)| lang == "ko"), "{ko_index:?}");
    let en = reasons(&page("en/process-isolation.html"));
    assert_eq!(en.len(), results.len());
    for ((lang, html), r) in en.iter().zip(&results) {
        assert_eq!(lang, "en");
        assert!(!has_hangul(html), "{html}");
        assert_eq!(
            html,
            &r.reason.html(Lang::En),
            "the English page says what the terminal says"
        );
    }
}

/// A record written before claim reasons were messages holds English
/// strings: it still loads, and a Korean page marks such a reason English.
#[test]
fn an_older_record_with_english_reasons_loads_and_is_marked_english() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lessons = crate::lesson::load_all(&[root.join("lessons")]).expect("shipped lessons load");
    let mut records = crate::transcripts::windows_hosts(&lessons).remove(0).records;
    records.retain(|r| r.lesson == "process-isolation");
    let old = "top reports `sleep` as PID 4242; the host's process table has PID 4242 named `sleep`";
    let records: Vec<RunRecord> = records
        .iter()
        .map(|r| {
            let mut json = serde_json::to_value(r).unwrap();
            for c in json["claims"].as_array_mut().unwrap() {
                c["reason"] = serde_json::Value::String(old.into());
            }
            serde_json::from_value(json).expect("an older record loads")
        })
        .collect();
    assert!(records
        .iter()
        .all(|r| r.claims.iter().all(|c| c.reason == Text::Plain(old.into()))));
    let dir = tempfile::tempdir().unwrap();
    let hosts = [HostRecords {
        label: "local".into(),
        records,
    }];
    Renderer::new().render_book(&hosts, dir.path(), true).expect("renders");
    let ko = std::fs::read_to_string(dir.path().join("ko/process-isolation.html")).unwrap();
    let found = reasons(&ko);
    assert!(!found.is_empty());
    for (lang, html) in found {
        assert_eq!(lang, "en", "{html}");
        assert!(html.contains("top reports <code>sleep</code> as PID 4242"), "{html}");
    }
}
