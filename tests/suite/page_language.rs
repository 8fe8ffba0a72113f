//! Every sentence proofbook writes on a page is in the page's language:
//! rendered from the recorded Windows host (no engine), in both languages.

use std::path::{Path, PathBuf};

use proofbook::messages::Msg;
use proofbook::record::HostRecords;
use proofbook::record::{Evidence, StepOutcome};
use proofbook::render::Renderer;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn book(tweak: impl Fn(&mut proofbook::record::RunRecord)) -> tempfile::TempDir {
    let lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    let mut hosts = proofbook::transcripts::windows_hosts(&lessons);
    let mut records: Vec<_> = hosts.remove(0).records;
    records.iter_mut().for_each(&tweak);
    let dir = tempfile::tempdir().unwrap();
    let hosts = vec![HostRecords {
        label: "local".into(),
        records,
    }];
    Renderer::new().render_book(&hosts, dir.path(), true).unwrap();
    dir
}

fn page(dir: &Path, p: &str) -> String {
    std::fs::read_to_string(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The text of every element with `class="<class>"` (the first span or td level).
fn texts_of(html: &str, class: &str) -> Vec<String> {
    let needle = format!("class=\"{class}\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i..];
            let start = rest.find('>').unwrap() + 1;
            let end = rest.find("</span>").or_else(|| rest.find("</td>")).unwrap();
            rest[start..end].to_string()
        })
        .collect()
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[test]
fn step_statuses_filters_images_and_notes_are_korean_on_korean_pages() {
    let dir = book(|_| {});
    let lessons = [
        "process-isolation",
        "sandbox-isolation",
        "system-processes",
        "versions",
        "what-is-isolated",
    ];
    let ko_pages: String = lessons
        .iter()
        .map(|l| page(dir.path(), &format!("ko/{l}.html")))
        .collect();
    let statuses = texts_of(&ko_pages, "status-reason\" lang=\"ko");
    assert!(!statuses.is_empty(), "the recorded host leaves some steps not run");
    for s in &statuses {
        assert!(has_hangul(s), "a step status on a Korean page is Korean: {s}");
    }
    assert!(
        !ko_pages.contains("status-reason\" lang=\"en"),
        "no English step status"
    );
    let ko = page(dir.path(), "ko/process-isolation.html");
    assert!(
        ko.contains("필터: 이름이 "),
        "the host table's filter is described in Korean"
    );
    assert!(!ko.contains("taken with both containers running"));
    assert!(ko.contains("레지스트리에서 받은 이미지"), "the image source is Korean");
    assert!(!ko.contains("pulled ("));
    assert!(
        ko.contains("프로세스 격리와 Hyper-V 격리로"),
        "the recorded note is Korean"
    );
    assert!(!ko.contains("process 격리"));
    let en = page(dir.path(), "en/process-isolation.html");
    for s in texts_of(&en, "status-reason\" lang=\"en") {
        assert!(!has_hangul(&s), "{s}");
    }
    assert!(en.contains("filtered by: name "), "{en}");
    assert!(!has_hangul(&texts_of(&en, "reason\" lang=\"en").concat()));
}

/// A step id is the reader's own text: in a reason it is code, escaped.
#[test]
fn a_hostile_name_in_a_reason_is_escaped_code() {
    let evil = "<script>alert(1)</script>";
    let dir = book(|r| {
        if let Some(s) = r.steps.first_mut() {
            s.outcome = StepOutcome::NotRun {
                reason: Msg::NoContainerStarted { step: evil.into() }.into(),
            };
            s.evidence = None;
        }
        for s in &mut r.steps {
            if let Some(Evidence::Container { image_source, .. }) = &mut s.evidence {
                *image_source = Msg::ImageStandsIn {
                    source: Msg::ImagePulled.boxed(),
                    image: evil.into(),
                }
                .into();
            }
        }
    });
    for p in ["ko/process-isolation.html", "en/process-isolation.html"] {
        let html = page(dir.path(), p);
        assert!(!html.contains("<script>"), "{p}");
        assert!(
            html.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
            "{p}: the name is code, escaped"
        );
    }
    let ko = page(dir.path(), "ko/process-isolation.html");
    assert!(ko.contains("단계에서 시작된 컨테이너가 없습니다"), "{ko}");
}
