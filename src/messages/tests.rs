use super::*;

fn s(v: &str) -> String {
    v.to_string()
}

/// One message of every kind. A kind missing here leaves its template
/// unrendered, which `every_template_is_rendered_in_both_languages` catches.
fn samples() -> Vec<Msg> {
    let inner = || Msg::StepMissing { step: s("s9") }.boxed();
    vec![
        Msg::ExerciseBuild { lesson: s("l1") },
        Msg::ExerciseNotPart,
        Msg::AdoptMissing {
            name: s("my-box"),
            command: s("docker run -d --name my-box busybox sleep 3600"),
        },
        Msg::AdoptNotRunning {
            name: s("my-box"),
            status: s("exited"),
            command: s("docker run -d --name my-box busybox sleep 3600"),
        },
        Msg::StepMissing { step: s("s1") },
        Msg::NeedsUnrunStep {
            step: s("s1"),
            reason: inner(),
        },
        Msg::NeedsFailedStep {
            step: s("s1"),
            timed_out: true,
        },
        Msg::NeedsFailedStep {
            step: s("s1"),
            timed_out: false,
        },
        Msg::NoIsolationMapping { isolation: s("i1") },
        Msg::StepOnlyFor {
            only: s("o1"),
            os: s("o2"),
        },
        Msg::StepNoForm { os: s("o2") },
        Msg::ClaimOnlyFor {
            only: s("o1"),
            os: s("o2"),
        },
        Msg::ClaimNoForm { os: s("o2") },
        Msg::EngineNotLocalProcesses {
            endpoint: s("e1"),
            why: Msg::StepMissing { step: s("s9") }.boxed(),
        },
        Msg::EngineNotLocalFiles {
            endpoint: s("e1"),
            why: Msg::StepMissing { step: s("s9") }.boxed(),
        },
        Msg::NoContainerStarted { step: s("s1") },
        Msg::NoImageTag {
            why: Msg::NoTagClientProcess { host: s("h1") }.boxed(),
            known: s("k1"),
        },
        Msg::NoTagForIsolation {
            host: s("h1"),
            isolation: s("i1"),
        },
        Msg::NoTagClientProcess { host: s("h1") },
        Msg::NoTagUnknownBuild { build: s("b1") },
        Msg::NoTagOlderBuild { build: s("b1") },
        Msg::ImageTagCannotStart(Box::new(crate::messages::ImageMismatch {
            tag: s("t1"),
            image_build: s("b2"),
            isolation: s("i1"),
            host: s("h1"),
            build: s("b1"),
            newer: true,
            usable: s("u1"),
        })),
        Msg::ImageTagCannotStart(Box::new(crate::messages::ImageMismatch {
            tag: s("t1"),
            image_build: s("b2"),
            isolation: s("i1"),
            host: s("h1"),
            build: s("b1"),
            newer: false,
            usable: s("u1"),
        })),
        Msg::EngineNotLocalRegistry {
            endpoint: s("e1"),
            why: Msg::StepMissing { step: s("s9") }.boxed(),
        },
        Msg::NoRegistryHere,
        Msg::FilterAll,
        Msg::FilterAny {
            parts: vec![Msg::FilterPids { pids: vec![7] }.into(), Msg::FilterAll.into()],
        },
        Msg::FilterName { names: vec![s("n1")] },
        Msg::FilterPidsFrom {
            steps: vec![s("s1")],
            pids: vec![7],
            unrun: vec![],
        },
        Msg::FilterPidsFrom {
            steps: vec![s("s1")],
            pids: vec![],
            unrun: vec![s("s2")],
        },
        Msg::FilterPids { pids: vec![7, 8] },
        Msg::FilterTranscript {
            names: vec![s("n1")],
            when: Msg::TranscriptBothRunning.boxed(),
            pids_from: vec![],
        },
        Msg::FilterTranscript {
            names: vec![s("n1")],
            when: Msg::TranscriptBeforeHyperv.boxed(),
            pids_from: vec![s("s2")],
        },
        Msg::TranscriptBothRunning,
        Msg::TranscriptBeforeHyperv,
        Msg::ImageLocal,
        Msg::ImageLocalBase,
        Msg::ImagePulled,
        Msg::ImageImported,
        Msg::ImageStandsIn {
            source: Msg::ImageImported.boxed(),
            image: s("i1"),
        },
        Msg::ImagePulledInTranscript,
        Msg::ImageOtherBaseInTranscript {
            asked: s("i1"),
            ran: s("i2"),
        },
        Msg::TranscriptSameCaptures {
            before: s("s1"),
            host: s("s2"),
            worker: s("w1"),
            pids: vec![7, 8],
        },
        Msg::RecordedWs2019Note,
        Msg::NotInTranscript,
        Msg::TranscriptRanOther { typed: s("t1") },
        Msg::TranscriptOtherContainer { id: s("c1") },
        Msg::TranscriptByNameOnly,
        Msg::TranscriptNoCapture { names: vec![s("n1")] },
        Msg::TranscriptOtherKind { action: s("a1") },
        Msg::TranscriptTablesCannotAnswer {
            names: vec![s("n1")],
            kind: s("k1"),
        },
        Msg::TranscriptTablesLack {
            names: vec![s("n1")],
            process: s("p1"),
        },
        Msg::EngineAt {
            engine: s("e1"),
            endpoint: s("e2"),
        },
        Msg::StaleClaim { run: s("r1") },
        Msg::StaleStep { run: s("r1") },
        Msg::Seconds { seconds: s("1.5") },
    ]
}

/// Latin words a Korean engineer writes as they are: names of products,
/// programs and units.
const KEPT_IN_KOREAN: &[&str] = &[
    "PID",
    "Hyper",
    "V",
    "VM",
    "Core",
    "Windows",
    "Server",
    "nanoserver",
    "vmwp",
    "CPU",
    "proofbook",
    "busybox",
];

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// The prose words of a template: outside code and parameters.
fn prose_words(template: &str) -> Vec<String> {
    let mut words = Vec::new();
    for (code, part) in split_code(template) {
        if code {
            continue;
        }
        let mut depth = 0;
        let mut cleaned = String::new();
        for c in part.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                c if depth == 0 => cleaned.push(c),
                _ => cleaned.push(' '),
            }
        }
        words.extend(
            cleaned
                .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
                .map(str::to_string),
        );
    }
    words
}

#[test]
fn every_template_is_rendered_in_both_languages() {
    let mut ids: Vec<&str> = TEMPLATES.iter().map(|(id, _, _)| *id).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "a message id appears twice in TEMPLATES");
    let rendered: Vec<&str> = samples().iter().map(|m| m.args().0).collect();
    for id in &ids {
        assert!(rendered.contains(id), "no sample renders `{id}`: add one to samples()");
    }
}

#[test]
fn no_english_in_korean_and_no_korean_in_english() {
    for m in samples() {
        let (id, _) = m.args();
        let (en, ko) = (Text::from(m.clone()).plain("en"), Text::from(m.clone()).plain("ko"));
        assert!(!has_hangul(&en), "{id}: Korean in the English sentence: {en}");
        let ko_words = prose_words(template(id, "ko"));
        let foreign: Vec<&String> = ko_words
            .iter()
            .filter(|w| !KEPT_IN_KOREAN.contains(&w.as_str()))
            .collect();
        assert!(
            foreign.is_empty(),
            "{id}: English words {foreign:?} in the Korean template"
        );
        // The rendered Korean (nested sentences included) holds no prose word
        // of the English template.
        for w in prose_words(template(id, "en")) {
            if KEPT_IN_KOREAN.contains(&w.as_str()) || w.len() < 3 {
                continue;
            }
            let prose: String = Text::from(m.clone())
                .segments("ko")
                .into_iter()
                .filter(|s| !s.code)
                .map(|s| s.text)
                .collect();
            let leaked = prose.split(|c: char| !c.is_ascii_alphabetic()).any(|x| x == w);
            assert!(!leaked, "{id}: the English word `{w}` is in the Korean sentence: {ko}");
        }
        if !prose_words(template(id, "en")).is_empty() && template(id, "en") != template(id, "ko") {
            assert!(has_hangul(&ko), "{id}: the Korean sentence has no Korean: {ko}");
        }
    }
}

#[test]
fn every_kind_is_stored_as_an_id_with_parameters_and_read_back() {
    for m in samples() {
        let json = serde_json::to_value(Text::from(m.clone())).expect("serialises");
        assert!(json["msg"].is_string(), "stored with its id: {json}");
        let back: Text = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, Text::Msg(m));
    }
}

#[test]
fn a_reason_from_an_older_record_is_read_as_english_text() {
    let t: Text = serde_json::from_str(r#""top lists `sleep`""#).expect("plain text reads");
    assert_eq!(t, Text::Plain(s("top lists `sleep`")));
    assert_eq!(t.lang("ko"), "en", "it is English on a Korean page, and says so");
    assert_eq!(t.html("ko"), "top lists <code>sleep</code>");
}

#[test]
fn code_is_marked_and_hostile_values_stay_text() {
    let evil = "<script>alert(`x`)</script>";
    let t = Text::from(Msg::NeedsUnrunStep {
        step: s(evil),
        reason: Msg::EngineNotLocalProcesses {
            endpoint: s(evil),
            why: Msg::StepMissing { step: s("s9") }.boxed(),
        }
        .boxed(),
    });
    for lang in ["en", "ko"] {
        let html = t.html(lang);
        assert!(!html.contains("<script"), "{lang}: {html}");
        assert!(
            html.contains("<code>&lt;script&gt;alert(`x`)&lt;/script&gt;</code>"),
            "{lang}: the whole value, backticks included, is one code run: {html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(`x`)&lt;/script&gt;의") || lang == "en",
            "{html}"
        );
    }
    assert_eq!(
        Text::from(Msg::StepMissing { step: s("a") }).html("ko"),
        "<code>a</code> 단계가 실행되지 않았습니다"
    );
    // An unpaired backtick in plain text is text, not an open code run.
    assert_eq!(Text::from("a ` b").html("en"), "a ` b");
}

#[test]
fn alternatives_are_joined_in_the_page_language() {
    let t = Text::from(Msg::FilterAny {
        parts: vec![
            Msg::FilterName {
                names: vec![s("sleep")],
            }
            .into(),
            Msg::FilterPids { pids: vec![7] }.into(),
        ],
    });
    assert_eq!(t.plain("en"), "name sleep or PID 7");
    assert_eq!(t.plain("ko"), "이름이 sleep인 프로세스 또는 PID 7");
}
