use super::*;
use crate::commands::render::RenderArgs;
use crate::record::{write_record, Evidence, Provenance, Verdict};

// The forged record's one home, shared with the integration tests.
use crate as pb;
#[path = "../../tests/suite/common/records.rs"]
mod records;
use records::forged;

const CLAIM: &str = records::SHARED_PID_CLAIM;

fn shipped_lessons() -> Vec<crate::lesson::Lesson> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::lesson::load_all(&[root.join("lessons")]).expect("shipped lessons load")
}

/// The process-isolation lesson's record from the Windows Server 2019
/// transcript (recorded, or read as if captured live), where the workload's
/// PID is a host process of the same name: `process-shares-pid` is PROVEN.
fn honest(lang: &str, live: bool) -> RunRecord {
    let lessons = shipped_lessons();
    let lesson = lessons
        .iter()
        .find(|l| l.meta.lesson == "process-isolation" && l.meta.lang == lang)
        .unwrap();
    let r = if live {
        records::live_record(lesson)
    } else {
        crate::transcripts::record_for(lesson)
    };
    assert_eq!(verdict_of(&r, CLAIM), Verdict::Proven, "{:?}", r.claims);
    r
}

fn verdict_of(r: &RunRecord, id: &str) -> Verdict {
    r.claims.iter().find(|c| c.id == id).expect(id).verdict
}

#[test]
fn a_forged_proven_is_refuted_from_its_own_evidence() {
    for live in [false, true] {
        let mut r = forged(honest("en", live));
        assert_eq!(verdict_of(&r, CLAIM), Verdict::Proven, "stored as forged");
        record(&mut r);
        assert_eq!(verdict_of(&r, CLAIM), Verdict::Refuted, "live: {live}");
        assert_eq!(
            r.derived.overruled,
            vec![Overruled {
                claim: CLAIM.into(),
                stored: Verdict::Proven,
                judged: Some(Verdict::Refuted),
            }]
        );
        let notice = r.overruled_notice(CLAIM).unwrap();
        let en = notice.plain(crate::messages::Lang::En);
        assert!(
            en.starts_with("This record says PROVEN; its evidence says REFUTED: "),
            "{en}"
        );
        assert!(en.contains("explorer"), "the reason names what is at the PID: {en}");
        let ko = notice.plain(crate::messages::Lang::Ko);
        assert!(
            ko.contains("증명됨 판정이 저장되어 있지만") && ko.contains("반증됨 판정입니다"),
            "{ko}"
        );
        let warning = r.overruled_warnings()[0].plain(crate::messages::Lang::En);
        assert!(
            warning.starts_with(&format!("{}: claim `{CLAIM}`: This record says PROVEN", r.file_name())),
            "{warning}"
        );
    }
}

#[test]
fn an_honest_record_is_left_as_it_was_judged() {
    for lang in ["en", "ko"] {
        for live in [false, true] {
            let before = honest(lang, live);
            let mut again = before.clone();
            record(&mut again);
            assert!(again.derived.overruled.is_empty(), "{:?}", again.derived.overruled);
            assert_eq!(again.claims, before.claims);
        }
    }
}

#[test]
fn a_record_without_steps_proves_nothing() {
    for live in [false, true] {
        let mut r = honest("en", live);
        for c in &mut r.claims {
            c.verdict = Verdict::Proven;
        }
        r.steps.clear();
        record(&mut r);
        assert!(!r.claims.is_empty());
        for c in &r.claims {
            assert_eq!(c.verdict, Verdict::NotRun, "{c:?}");
        }
        // The lesson it carries without its steps too: still nothing proven.
        let mut r = honest("en", live);
        r.steps.clear();
        r.doc.blocks.retain(|b| !matches!(b, crate::lesson::Block::Step(_)));
        record(&mut r);
        assert!(r.claims.iter().all(|c| c.verdict != Verdict::Proven), "{:?}", r.claims);
    }
}

#[test]
fn a_result_for_a_claim_the_lesson_lacks_is_left_out_and_named() {
    let mut r = honest("en", true);
    let mut extra = r.claims[0].clone();
    extra.id = "made-up".into();
    r.claims.push(extra);
    record(&mut r);
    assert!(r.claims.iter().all(|c| c.id != "made-up"));
    let w: Vec<String> = r
        .overruled_warnings()
        .iter()
        .map(|w| w.plain(crate::messages::Lang::En))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("claim `made-up`") && w[0].contains("left out"), "{w:?}");
}

/// `render` of a folder holding the forged record: the page shows REFUTED
/// with the notice in its language, with `--lessons` too; JUnit counts a
/// failure; `diff` against the honest record reports the verdict change.
#[test]
fn render_junit_and_diff_use_the_verdict_the_evidence_gives() {
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["en", "ko"] {
        write_record(&tmp.path().join("honest/local"), &honest(lang, true)).unwrap();
        write_record(&tmp.path().join("forged/local"), &forged(honest(lang, true))).unwrap();
    }
    for lessons in [vec![], shipped_lessons_dir()] {
        let out = tmp.path().join("book");
        let junit = tmp.path().join("report.xml");
        crate::commands::render::run(RenderArgs {
            records: vec![tmp.path().join("forged/local")],
            out: out.clone(),
            no_recorded: true,
            lessons,
            junit: Some(junit.clone()),
        })
        .expect("renders");
        for (lang, says) in [("en", "This record says"), ("ko", "이 기록에는")] {
            let page = std::fs::read_to_string(out.join(format!("{lang}/process-isolation.html"))).unwrap();
            let at = page
                .find(&format!("id=\"claim-{CLAIM}\""))
                .expect("the claim is on the page");
            let claim = &page[at..at + page[at..].find("</div>").unwrap()];
            assert!(claim.contains("data-verdict=\"refuted\""), "{claim}");
            assert!(
                claim.contains("data-overruled=\"true\"") && claim.contains(says),
                "{claim}"
            );
        }
        let xml = std::fs::read_to_string(&junit).unwrap();
        let case = &xml[xml.find(&format!("name=\"process-isolation/{CLAIM}\"")).unwrap()..];
        assert!(
            case[..case.find("</testcase>").unwrap()].contains("type=\"refuted\""),
            "{xml}"
        );
    }
    let load = |side: &str| crate::commands::stored(&tmp.path().join(side).join("local")).unwrap();
    let report = crate::diff::compare(&load("honest"), &load("forged"));
    let changed: Vec<_> = report
        .verdicts
        .iter()
        .map(|v| (v.claim.as_str(), v.old, v.new))
        .collect();
    assert_eq!(changed, [(CLAIM, Verdict::Proven, Verdict::Refuted); 2], "{report:?}");
}

/// Two `compare` claims on the process-isolation record's own evidence: a
/// field of `top` holds the workload's name; the host's OS is not Plan 9.
fn with_compare_claims(mut r: RunRecord) -> RunRecord {
    use crate::lesson::{Block, Check, Claim, CompareOp, PerOs, ValueRef};
    let Some(Evidence::Top { processes, .. }) = &r.step("top-process").unwrap().evidence else {
        panic!("top-process has a top")
    };
    let ping = processes
        .iter()
        .find(|p| p.name.to_lowercase().contains("ping"))
        .unwrap();
    let claim = |id: &str, step: &str, field: &str, op, value: &str| {
        Block::Claim(Claim {
            id: id.into(),
            line: 1,
            says: id.into(),
            check: Check::Compare {
                left: ValueRef::Field {
                    step: step.into(),
                    field: field.into(),
                },
                op,
                right: ValueRef::Literal {
                    value: PerOs::Same(value.into()),
                },
            },
            hint: None,
        })
    };
    let names = claim("top-names", "top-process", "names", CompareOp::Contains, &ping.name);
    let os = claim("host-os", "host", "os", CompareOp::Differs, "plan9");
    r.doc.blocks.extend([names, os]);
    record(&mut r);
    r
}

/// A record written before `compare` reasons said what they compared (its
/// reasons hold the values only) loads from its folder, and is judged again:
/// its reasons then name the step and field each value came from, in either
/// language, and no verdict changes.
#[test]
fn an_older_compare_reason_loads_and_is_judged_again_with_what_was_compared() {
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["en", "ko"] {
        let r = with_compare_claims(honest(lang, true));
        let mut json = serde_json::to_value(&r).unwrap();
        let mut old = 0;
        for c in json["claims"].as_array_mut().unwrap() {
            if c["reason"]["msg"] == "compared" {
                assert_eq!(c["verdict"], "proven", "{c}");
                c["reason"]
                    .as_object_mut()
                    .unwrap()
                    .remove("sides")
                    .expect("judged with its sides");
                old += 1;
            }
        }
        assert_eq!(old, 2);
        let old: RunRecord = serde_json::from_value(json).expect("the older shape loads");
        let en = old.claims.last().unwrap().reason.plain(crate::messages::Lang::En);
        assert_eq!(en, "`windows` differs from `plan9`", "read as it was written");
        write_record(&tmp.path().join("local"), &old).unwrap();
    }
    let hosts = crate::commands::stored(&tmp.path().join("local")).expect("loads");
    let mut said = 0;
    for r in hosts.iter().flat_map(|h| &h.records) {
        assert!(r.derived.overruled.is_empty(), "{:?}", r.derived.overruled);
        for c in r.claims.iter().filter(|c| c.check == "compare") {
            let en = c.reason.plain(crate::messages::Lang::En);
            let ko = c.reason.plain(crate::messages::Lang::Ko);
            match c.id.as_str() {
                "host-os" => {
                    assert_eq!(
                        en,
                        "`os` of step `host` (`windows`) differs from the value in the lesson (`plan9`)"
                    );
                    assert_eq!(
                        ko,
                        "`host` 단계의 `os` 값(`windows`)과 레슨에 적힌 값(`plan9`)은 서로 다릅니다"
                    );
                }
                _ => {
                    assert!(en.starts_with("`names` of step `top-process` ("), "{en}");
                    assert!(ko.starts_with("`top-process` 단계의 `names` 값("), "{ko}");
                }
            }
            said += 1;
        }
    }
    assert_eq!(said, 4);
}

fn shipped_lessons_dir() -> Vec<std::path::PathBuf> {
    vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons")]
}

mod forged {
    use super::*;
    use proptest::prelude::*;

    /// Real records: every shipped lesson judged from every shipped
    /// transcript, and the same evidence read as a live record (judged as a
    /// run would judge it).
    fn real_records() -> Vec<RunRecord> {
        let lessons = shipped_lessons();
        let mut out = Vec::new();
        for h in crate::transcripts::windows_hosts(&lessons) {
            for r in h.records {
                let mut live = r.clone();
                live.provenance = Provenance::Live;
                live.run_id = "feedc0ffee00".into();
                record(&mut live);
                out.push(r);
                out.push(live);
            }
        }
        out
    }

    fn verdict() -> impl Strategy<Value = Verdict> {
        prop_oneof![
            Just(Verdict::Proven),
            Just(Verdict::Refuted),
            Just(Verdict::NotRun),
            Just(Verdict::Timeout),
            Just(Verdict::Error),
        ]
    }

    /// The verdict the page shows for each claim: `id="claim-…" … data-verdict="…"`.
    fn page_verdicts(page: &str) -> Vec<(String, String)> {
        let attr = |s: &str, name: &str| {
            let at = s.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            s[at..at + s[at..].find('"').unwrap()].to_string()
        };
        page.match_indices("<div class=\"claim ")
            .map(|(at, _)| {
                let tag = &page[at..at + page[at..].find('>').unwrap()];
                (
                    attr(tag, "id").trim_start_matches("claim-").to_string(),
                    attr(tag, "data-verdict"),
                )
            })
            .collect()
    }

    /// Renders `r` from a record file, as `proofbook render` does.
    fn rendered(r: &RunRecord) -> Vec<(String, String)> {
        let tmp = tempfile::tempdir().unwrap();
        write_record(&tmp.path().join("local"), r).unwrap();
        let out = tmp.path().join("book");
        crate::commands::render::run(RenderArgs {
            records: vec![tmp.path().join("local")],
            out: out.clone(),
            no_recorded: true,
            lessons: vec![],
            junit: None,
        })
        .expect("renders");
        let page = std::fs::read_to_string(out.join(format!("{}/{}.html", r.lang, r.lesson))).unwrap();
        page_verdicts(&page)
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Forged verdicts (any claim set to any verdict) and removed steps:
        /// the page shows what the evidence gives, never the stored verdict.
        /// With only verdicts forged that is exactly the honest record's.
        #[test]
        fn a_forged_verdict_never_survives(
            pick in any::<usize>(),
            forged_verdicts in prop::collection::vec((any::<usize>(), verdict()), 1..8),
            removed in prop::collection::vec(any::<usize>(), 0..3),
        ) {
            let records = real_records();
            let honest = records[pick % records.len()].clone();
            let mut r = honest.clone();
            for (at, v) in &forged_verdicts {
                let n = r.claims.len();
                r.claims[at % n].verdict = *v;
            }
            for at in &removed {
                let n = r.steps.len();
                if n > 0 {
                    r.steps.remove(at % n);
                }
            }
            let shown = rendered(&r);
            let mut judged = r.clone();
            record(&mut judged);
            let expected: Vec<(String, String)> =
                judged.claims.iter().map(|c| (c.id.clone(), c.verdict.as_str().to_string())).collect();
            prop_assert_eq!(&shown, &expected);
            if removed.is_empty() {
                let honest: Vec<(String, String)> =
                    honest.claims.iter().map(|c| (c.id.clone(), c.verdict.as_str().to_string())).collect();
                prop_assert_eq!(&shown, &honest);
            }
            // A claim reading a step that is gone is never PROVEN.
            for c in &judged.claims {
                if c.evidence.iter().any(|s| r.step(s).is_none()) {
                    prop_assert_ne!(c.verdict, Verdict::Proven, "{:?}", c);
                }
            }
        }
    }
}

/// What a forged record's evidence names reaches the notice as text: a
/// process named like markup is escaped on the page, never live.
#[test]
fn the_notice_escapes_what_the_evidence_names() {
    let mut r = forged(honest("en", true));
    for s in &mut r.steps {
        if let Some(Evidence::HostProcesses { processes, .. }) = &mut s.evidence {
            for p in processes.iter_mut().filter(|p| p.name == "explorer.exe") {
                p.name = "<script>alert(1)</script>".into();
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    write_record(&tmp.path().join("local"), &r).unwrap();
    let out = tmp.path().join("book");
    crate::commands::render::run(RenderArgs {
        records: vec![tmp.path().join("local")],
        out: out.clone(),
        no_recorded: true,
        lessons: vec![],
        junit: None,
    })
    .expect("renders");
    let page = std::fs::read_to_string(out.join("en/process-isolation.html")).unwrap();
    let at = page.find("overruled-note").expect("the notice");
    let note = &page[at..at + page[at..].find("</p>").unwrap()];
    assert!(note.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{note}");
    assert!(!page.contains("<script>alert"), "no live markup from the record");
}

/// Every command reads stored records through `commands::stored` (which
/// judges them again), or reads one record and judges it itself: a new
/// reader that skips the judge fails here.
#[test]
fn every_reader_of_stored_records_judges_them_again() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".rs") || rel.contains("tests") || rel.starts_with("record/") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let loads = code.contains("store::load(") || code.contains("store::load_all(");
        assert!(
            !loads || rel == "commands/mod.rs",
            "{rel} loads stored records without judging them again"
        );
        if code.contains("read_record(") {
            assert!(
                code.contains("rejudge::record("),
                "{rel} reads a record without judging it again"
            );
        }
    }
}
