//! Claim reasons on rendered pages, from evidence: a Korean page gives every
//! reason in Korean and an English page in English, for every claim kind and
//! every outcome evidence can give it.

use std::collections::BTreeSet;

use super::*;
use crate::lesson::Block;
use crate::messages::Lang;
use crate::record::{HostRecords, RunRecord};
use crate::render::Renderer;

/// Every case, judged on Linux, as the claim results of one record; and
/// the claims themselves, for the lesson's blocks.
fn judged() -> (Vec<Claim>, Vec<ClaimResult>) {
    let mut cases: Vec<Case> = every_kind()
        .into_iter()
        .flat_map(|(_, c)| [c.refuting, c.proving, c.undecided].concat())
        .collect();
    // The last case runs on a host with no sandboxing runtime.
    let count = Check::HostProcessCount {
        host: "h".into(),
        name: None,
        containers: vec![],
        per_container: None,
        before: None,
        min: None,
        max: Some(3),
    };
    cases.push((vec![host("h", vec![])], count));
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
    assert_eq!(kinds.len(), every_kind().len(), "{kinds:?}");
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
