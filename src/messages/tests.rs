use super::*;

fn s(v: &str) -> String {
    v.to_string()
}

/// One message of every kind. A kind missing here leaves its template
/// unrendered, which `every_template_is_rendered_in_both_languages` catches.
fn samples() -> Vec<Msg> {
    let mut v = step_samples();
    v.extend(tag_samples());
    v.extend(filter_samples());
    v.extend(recorded_host_samples());
    v.extend(windows_path_samples());
    v.extend(vec![
        Msg::EngineAt {
            engine: s("e1"),
            endpoint: s("e2"),
        },
        Msg::StaleClaim { run: s("r1") },
        Msg::Overruled {
            stored: s("proven"),
            judged: s("refuted"),
            reason: Msg::StepMissing { step: s("s9") }.boxed(),
        },
        Msg::OverruledClaim {
            file: s("f1.json"),
            claim: s("c1"),
            notice: Msg::Overruled {
                stored: s("error"),
                judged: s("not-run"),
                reason: Msg::StepMissing { step: s("s9") }.boxed(),
            }
            .boxed(),
        },
        Msg::ResultWithoutClaim {
            file: s("f1.json"),
            claim: s("c1"),
            stored: s("timeout"),
        },
        Msg::StaleStep { run: s("r1") },
        Msg::LinkShownAsText {
            url: s("javascript:alert(1)"),
        },
        Msg::Seconds { seconds: s("1.5") },
    ]);
    v
}

fn step_samples() -> Vec<Msg> {
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
        Msg::ContainerStoppedMidStep {
            step: s("s1"),
            status: s("t1"),
        },
        Msg::ContainerGoneMidStep { step: s("s1") },
        Msg::ExecStreamCut { step: s("s1") },
    ]
}

fn tag_samples() -> Vec<Msg> {
    vec![
        Msg::NoImageTag {
            why: Msg::NoTagClientProcess { host: s("h1") }.boxed(),
            known: s("k1"),
        },
        Msg::NoTagForIsolation {
            host: s("h1"),
            isolation: s("i1"),
        },
        Msg::NoTagClientProcess {
            host: s("Windows 10, version 22H2"),
        },
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
    ]
}

fn filter_samples() -> Vec<Msg> {
    vec![
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
    ]
}

/// The recorded hosts of every transcript.
fn recorded_host_samples() -> Vec<Msg> {
    vec![
        Msg::RecordedDocsNote,
        Msg::RecordedTpNote,
        Msg::TranscriptDocsProcessExample,
        Msg::TranscriptDocsHypervExample,
        Msg::TranscriptTpProcessRunning,
        Msg::TranscriptTpHypervRunning,
        Msg::FilterTranscriptTyped {
            names: vec![s("n1")],
            typed: s("t1"),
            when: Msg::TranscriptTpHypervRunning.boxed(),
            pids_from: vec![],
        },
        Msg::FilterTranscriptTyped {
            names: vec![s("n1")],
            typed: s("t1"),
            when: Msg::TranscriptTpProcessRunning.boxed(),
            pids_from: vec![s("s1")],
        },
        Msg::TranscriptListingShowsOnly {
            step: s("s1"),
            shown: vec![s("n1")],
            asked: vec![s("n2")],
        },
        Msg::TranscriptListingShowsOnly {
            step: s("s1"),
            shown: vec![s("n1")],
            asked: vec![],
        },
        Msg::TranscriptNotRunning {
            host: s("s1"),
            step: s("s2"),
            container: s("c1"),
            when: Msg::TranscriptDocsHypervExample.boxed(),
        },
        Msg::ImageNewContainer { image: s("i1") },
        Msg::ImageInDocsExample,
        Msg::ImageOtherBaseInDocsExample {
            asked: s("i1"),
            ran: s("i2"),
        },
    ]
}

/// The sentences of the Windows path.
fn windows_path_samples() -> Vec<Msg> {
    vec![
        Msg::HypervFix,
        Msg::HypervUnavailable {
            error: s("e1"),
            fix: Msg::HypervFix.boxed(),
        },
        Msg::RuntimeForcedMissing {
            runtime: s("r1"),
            registered: s("runc, runsc"),
        },
        Msg::NoSandboxRuntime,
        Msg::EngineOtherOs {
            engine_os: s("windows"),
            here_os: s("linux"),
        },
        Msg::EngineInMacVm,
        Msg::EngineNoName,
        Msg::EngineOtherName {
            engine: s("h1"),
            here: s("h2"),
        },
        Msg::EngineOtherMemory {
            engine_mib: s("8192"),
            here_mib: s("16384"),
        },
        Msg::EngineContainerPidMissing {
            name: s("c1"),
            pid: s("42"),
        },
        Msg::ExecStartFailed {
            program: s("tasklist"),
            code: s("126"),
            said: s("The system cannot find the file specified."),
        },
        Msg::EngineLost {
            endpoint: s("e1"),
            detail: s("d1"),
        },
        Msg::EngineNoAnswer {
            endpoint: s("e1"),
            secs: s("120"),
        },
        Msg::EngineStatus {
            status: s("500"),
            message: s("m1"),
        },
        Msg::ImageNotPulled {
            image: s("i1"),
            pull: Msg::PullsOff.boxed(),
        },
        Msg::ImageNotBuilt {
            image: s("i1"),
            pull: Msg::PullsOff.boxed(),
            build: Box::new(Text::Plain(s("b1"))),
        },
        Msg::PullsOff,
        Msg::NoStaticBusybox,
        Msg::BaseImageTar { detail: s("d1") },
        Msg::PullTookTooLong {
            image: s("i1"),
            secs: s("1800"),
        },
        Msg::RegistryReadFailed {
            key: s("k1"),
            code: s("5"),
        },
        Msg::HostTableFailed { detail: s("d1") },
        Msg::HostUsersFailed { detail: s("d1") },
    ]
}

/// Latin words a Korean engineer writes as they are: names of products,
/// programs and units.
const KEPT_IN_KOREAN: &[&str] = &[
    // Acronyms and product names the terminal's Korean keeps as they are written.
    "TLS",
    "HTTP",
    "CA",
    "API",
    "JSON",
    "YAML",
    "UTF",
    "IP",
    "CLI",
    "SSH",
    "OpenSSH",
    "JUnit",
    "XML",
    "Markdown",
    "Debian",
    "Ubuntu",
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
    // Product names in the recorded hosts' notes.
    "Learn",
    "Technical",
    "Preview",
    "PowerShell",
    "Docker",
    "MiB",
    "gVisor",
    // Docker Desktop on a Mac (the engine's Linux VM).
    "macOS",
    "Mac",
    "Desktop",
    "Linux",
    "ID",
    // A command named in a page label (labels have no code marks).
    "verify",
    "N",
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

/// Every text of the catalogue, as (id, English, Korean).
fn all_templates() -> impl Iterator<Item = (Id, &'static str, &'static str)> {
    Id::ALL
        .iter()
        .map(|id| (*id, template(*id, Lang::En), template(*id, Lang::Ko)))
}

fn template(id: Id, lang: Lang) -> &'static str {
    lang.catalogue().get(id)
}

/// Page words and terminal sentences that are not records' messages.
fn said_outside_records(id: Id) -> bool {
    let name = id.name();
    let page = Id::ALL
        .iter()
        .position(|i| *i == Id::book_title)
        .expect("page words are declared");
    Id::ALL.iter().position(|i| *i == id).expect("declared") >= page
        || [
            "cut_",
            "size_",
            "stale_",
            "verify_",
            "sep_",
            "tally",
            "host_count",
            "claim_count",
            "hosts_",
            "claims_",
            "state_",
            "this_computer",
            "engine_unversioned",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

#[test]
fn every_template_is_rendered_in_both_languages() {
    let rendered: Vec<Id> = all_samples().iter().flat_map(rendered_ids).collect();
    for id in Id::ALL {
        if said_outside_records(*id) {
            continue;
        }
        assert!(
            rendered.contains(id),
            "no sample renders `{id:?}`: add one to samples()"
        );
    }
}

#[test]
fn no_english_in_korean_and_no_korean_in_english() {
    for (id, _, ko) in all_templates() {
        let foreign: Vec<String> = prose_words(ko)
            .into_iter()
            .filter(|w| !KEPT_IN_KOREAN.contains(&w.as_str()))
            .collect();
        assert!(
            foreign.is_empty() || id == Id::other_lang,
            "{id:?}: English words {foreign:?} in the Korean template"
        );
    }
    for m in all_samples() {
        let (id, _) = m.args();
        let (en, ko) = (
            Text::from(m.clone()).plain(Lang::En),
            Text::from(m.clone()).plain(Lang::Ko),
        );
        assert!(!has_hangul(&en), "{id:?}: Korean in the English sentence: {en}");
        // The rendered Korean (nested sentences included) holds no prose word
        // of the English templates it is made from.
        let en_words = rendered_ids(&m)
            .into_iter()
            .flat_map(|i| prose_words(template(i, Lang::En)));
        for w in en_words {
            if KEPT_IN_KOREAN.contains(&w.as_str()) || w.len() < 3 {
                continue;
            }
            let prose: String = Text::from(m.clone())
                .segments(Lang::Ko)
                .into_iter()
                .filter(|s| !s.code)
                .map(|s| s.text)
                .collect();
            let leaked = prose.split(|c: char| !c.is_ascii_alphabetic()).any(|x| x == w);
            assert!(
                !leaked,
                "{id:?}: the English word `{w}` is in the Korean sentence: {ko}"
            );
        }
        if !prose_words(template(id, Lang::En)).is_empty() && template(id, Lang::En) != template(id, Lang::Ko) {
            assert!(has_hangul(&ko), "{id:?}: the Korean sentence has no Korean: {ko}");
        }
    }
}

#[test]
fn every_kind_is_stored_as_an_id_with_parameters_and_read_back() {
    for m in all_samples() {
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
    assert_eq!(
        t.lang(Lang::Ko),
        Lang::En,
        "it is English on a Korean page, and says so"
    );
    assert_eq!(t.html(Lang::Ko), "top lists <code>sleep</code>");
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
    for lang in [Lang::En, Lang::Ko] {
        let html = t.html(lang);
        assert!(!html.contains("<script"), "{lang}: {html}");
        assert!(
            html.contains("<code>&lt;script&gt;alert(`x`)&lt;/script&gt;</code>"),
            "{lang}: the whole value, backticks included, is one code run: {html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(`x`)&lt;/script&gt;의") || lang == Lang::En,
            "{html}"
        );
    }
    assert_eq!(
        Text::from(Msg::StepMissing { step: s("a") }).html(Lang::Ko),
        "<code>a</code> 단계가 실행되지 않았습니다"
    );
    // An unpaired backtick in plain text is text, not an open code run.
    assert_eq!(Text::from("a ` b").html(Lang::En), "a ` b");
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
    assert_eq!(t.plain(Lang::En), "name sleep or PID 7");
    assert_eq!(t.plain(Lang::Ko), "이름이 sleep인 프로세스 또는 PID 7");
}

fn view(kind: ViewKind) -> View {
    View { kind, step: s("v1") }
}

fn procs(n: usize) -> Vec<ProcName> {
    (0..n)
        .map(|i| ProcName {
            name: format!("p{i}"),
            pid: 7 + i as u32,
        })
        .collect()
}

fn inside() -> Box<Inside> {
    Box::new(Inside {
        view: view(ViewKind::Inside),
        name: s("n1"),
        pids: vec![8],
    })
}

/// One claim reason of every kind, with each form its parameters choose.
fn claim_samples() -> Vec<Msg> {
    let mut v = vec![
        Msg::ClaimStepNotRun {
            step: s("s1"),
            reason: Msg::NoIsolationMapping { isolation: s("i1") }.boxed(),
        },
        Msg::ClaimStepTimedOut {
            step: s("s1"),
            after: Msg::Seconds { seconds: s("1.5") }.boxed(),
        },
        Msg::ClaimStepFailed {
            step: s("s1"),
            message: Box::new(Text::Plain(s("e1"))),
        },
        Msg::StepNoField {
            step: s("s1"),
            field: s("f1"),
        },
        Msg::CompareCut { step: s("s1") },
        Msg::CompareEmptyRight,
        Msg::ViewCut {
            view: view(ViewKind::Top),
        },
        Msg::ViewEmpty {
            view: view(ViewKind::Host),
        },
        Msg::ViewNotAsked {
            view: view(ViewKind::Host),
            pids: vec![7],
            name: s("n1"),
        },
        Msg::ViewNotAsked {
            view: view(ViewKind::Host),
            pids: vec![7, 8],
            name: s("n1"),
        },
        Msg::ViewNotCounted {
            view: view(ViewKind::Host),
            name: s("n1"),
        },
        Msg::TopLists { names: vec![s("n1")] },
        Msg::TopLacks {
            missing: vec![s("n1")],
            listed: procs(2),
        },
        Msg::ViewLists {
            view: view(ViewKind::Inside),
            found: procs(1),
        },
        Msg::ViewLacks {
            view: view(ViewKind::Inside),
            missing: vec![s("n1")],
            listed: procs(0),
        },
    ];
    v.extend(compared_samples());
    v.extend(pid_samples());
    v.extend(host_samples());
    v.extend(numbering_samples());
    v
}

/// The field `field` of exec step `s1`, run in the container step `r1` started.
fn exec_side(field: &str) -> Side {
    Side::Step {
        step: s("s1"),
        field: s(field),
        container: Some(s("r1")),
    }
}

/// A host field.
fn host_side(field: &str) -> Side {
    Side::Step {
        step: s("h1"),
        field: s(field),
        container: None,
    }
}

fn compared(left: Side, relation: Relation, right: Side, holds: bool) -> Msg {
    Msg::Compared {
        left: s("l1"),
        relation,
        right: s("r1"),
        holds,
        sides: Some(Box::new(Sides { left, right })),
    }
}

/// A `compare` reason for every way a side is named.
fn compared_samples() -> Vec<Msg> {
    let mut v = vec![
        compared(exec_side("stderr"), Relation::Contains, host_side("hostname"), true),
        compared(exec_side("exit_code"), Relation::Equals, Side::Lesson, false),
        compared(
            host_side("kernel_release"),
            Relation::Differs,
            exec_side("stdout"),
            true,
        ),
    ];
    for relation in [
        Relation::Equals,
        Relation::Differs,
        Relation::Contains,
        Relation::NotContains,
    ] {
        for holds in [true, false] {
            v.push(Msg::Compared {
                left: s("l1"),
                relation,
                right: s("r1"),
                holds,
                sides: None,
            });
            v.push(Msg::Compared {
                left: s("l1"),
                relation,
                right: s("r1"),
                holds,
                sides: Some(Box::new(Sides {
                    left: exec_side("stdout"),
                    right: Side::Lesson,
                })),
            });
        }
    }
    v
}

/// A `compare` reason says what it compared, as a statement, in each
/// language: which field of which step (in which container), or the
/// lesson's own value; no particle is guessed after a value.
#[test]
fn a_compare_reason_says_what_it_compared() {
    let t = |m: Msg| Text::from(m);
    let hostname = t(compared(
        exec_side("stdout"),
        Relation::Differs,
        host_side("hostname"),
        true,
    ));
    assert_eq!(
        hostname.plain(Lang::En),
        "the output of step `s1` in container `r1` (`l1`) differs from `hostname` of step `h1` (`r1`)"
    );
    assert_eq!(
        hostname.plain(Lang::Ko),
        "`r1` 컨테이너에서 실행한 `s1` 단계의 출력(`l1`)과 `h1` 단계의 `hostname` 값(`r1`)은 서로 다릅니다"
    );
    let expected = t(compared(host_side("exists"), Relation::Equals, Side::Lesson, false));
    assert_eq!(
        expected.plain(Lang::En),
        "`exists` of step `h1` (`l1`) differs from the value in the lesson (`r1`)"
    );
    assert_eq!(
        expected.plain(Lang::Ko),
        "`h1` 단계의 `exists` 값(`l1`)과 레슨에 적힌 값(`r1`)은 서로 다릅니다"
    );
    // The particle follows the side's last word: 코드 takes 가, 값 takes 이.
    let code = t(compared(
        Side::Lesson,
        Relation::NotContains,
        exec_side("exit_code"),
        false,
    ));
    assert_eq!(
        code.plain(Lang::Ko),
        "레슨에 적힌 값(`l1`)에 `r1` 컨테이너에서 실행한 `s1` 단계의 종료 코드(`r1`)가 들어 있습니다"
    );
    assert_eq!(
        code.plain(Lang::En),
        "the value in the lesson (`l1`) contains the exit code of step `s1` in container `r1` (`r1`)"
    );
    let pseudo = code.plain(Lang::Pseudo);
    let prose: String = pseudo.split('`').step_by(2).collect();
    assert!(!prose.chars().any(|c| c.is_ascii_alphabetic()), "{pseudo}");
    assert!(pseudo.contains("`s1`") && pseudo.contains("`r1`"), "{pseudo}");
}

/// A `compare` reason is stored as docs/records.md shows it: the values,
/// and what each side was, as ids and parameters (no language in it).
#[test]
fn a_compare_reason_is_stored_as_the_records_doc_shows() {
    let m = Msg::Compared {
        left: s("lo"),
        relation: Relation::Equals,
        right: s("lo"),
        holds: true,
        sides: Some(Box::new(Sides {
            left: Side::Step {
                step: s("net-inside"),
                field: s("stdout"),
                container: Some(s("run-process")),
            },
            right: Side::Lesson,
        })),
    };
    let json = serde_json::to_string(&Text::from(m.clone())).unwrap();
    let doc = include_str!("../../docs/records.md");
    assert!(doc.contains(&format!("`{json}`")), "{json}");
    assert_eq!(
        m.to_string(),
        "the output of step `net-inside` in container `run-process` (`lo`) equals the value in the lesson (`lo`)"
    );
}

/// A record written before reasons said what was compared holds the values
/// only: it loads, and says what it said then, in either language.
#[test]
fn an_older_compare_reason_loads_and_reads_as_before() {
    let old = r#"{"msg":"compared","left":"box-1","relation":"equals","right":"box-2","holds":false}"#;
    let t: Text = serde_json::from_str(old).expect("the older shape loads");
    let Text::Msg(Msg::Compared { sides, .. }) = &t else {
        panic!("read as a message: {t:?}");
    };
    assert!(sides.is_none());
    assert_eq!(t.plain(Lang::En), "`box-1` differs from `box-2`");
    assert_eq!(t.plain(Lang::Ko), "`box-1` 값과 `box-2` 값은 서로 다릅니다");
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, old, "written back in the same shape");
}

fn pid_samples() -> Vec<Msg> {
    vec![
        Msg::PidIs {
            view: view(ViewKind::Inside),
            pid: 8,
            name: s("n1"),
            cmd: s("c1"),
        },
        Msg::PidIsOther {
            view: view(ViewKind::Inside),
            pid: 8,
            got: s("n2"),
            name: s("n1"),
        },
        Msg::PidMissing {
            view: view(ViewKind::Host),
            pid: 8,
            listed: procs(1),
        },
        Msg::PidIsItself {
            view: view(ViewKind::Host),
            pid: 1,
            name: s("n1"),
        },
        Msg::PidIsOtherThan {
            view: view(ViewKind::Inside),
            pid: 1,
            got: s("n2"),
            cmd: s("c1"),
            name: s("n1"),
        },
        Msg::PidMissingCannotShow {
            view: view(ViewKind::Top),
            pid: 1,
        },
    ]
}

fn host_samples() -> Vec<Msg> {
    let on_host = vec![
        OnHost {
            pid: 7,
            name: Some(s("n2")),
        },
        OnHost { pid: 8, name: None },
    ];
    vec![
        Msg::TopNoName {
            name: s("n1"),
            listed: procs(1),
        },
        Msg::SameProcessOnHost {
            name: s("n1"),
            pid: 7,
            host_name: s("n1"),
        },
        Msg::NotOnHost {
            name: s("n1"),
            facts: on_host.clone(),
        },
        Msg::TopEmpty,
        Msg::TopNoNameNotSandboxed {
            name: s("n1"),
            listed: procs(0),
        },
        Msg::WorkloadOnHost { pid: 7, name: s("n1") },
        Msg::HiddenFromHost {
            listed: procs(2),
            seen: on_host,
            name: s("n1"),
        },
        Msg::NoSandboxWorker,
        Msg::Facts {
            parts: vec![
                Msg::CountTotal {
                    total: 2,
                    name: s("n1"),
                }
                .into(),
                Msg::CountSince {
                    before: s("s1"),
                    new: vec![],
                    earlier: vec![7],
                    need: 1,
                    containers: 1,
                }
                .into(),
                Msg::CountOfContainer {
                    n: 1,
                    step: s("s2"),
                    id: s("c1"),
                }
                .into(),
                Msg::CountUntied { need: 2, containers: 2 }.into(),
                Msg::CountAtLeast { min: 1 }.into(),
                Msg::CountAtMost { max: 1 }.into(),
            ],
        },
        Msg::ZeroPerContainer,
    ]
}

fn numbering_samples() -> Vec<Msg> {
    let shared = |pids: Vec<u32>, same: bool, unnamed: bool| Msg::NumberingShared {
        inside: inside(),
        outside: view(ViewKind::Top),
        pids,
        same,
        unnamed,
    };
    vec![
        Msg::NumberingNoName {
            view: view(ViewKind::Inside),
            name: s("n1"),
            listed: procs(1),
        },
        Msg::NumberingOutsideLacks {
            inside: inside(),
            outside: view(ViewKind::Host),
            listed: procs(1),
        },
        Msg::NumberingOwn {
            inside: inside(),
            outside: view(ViewKind::Host),
            pids: vec![4242],
        },
        Msg::NumberingSameNumber {
            inside: inside(),
            outside: view(ViewKind::Top),
            pids: vec![8],
        },
        shared(vec![8], true, false),
        shared(vec![8], true, true),
        shared(vec![1, 2], false, false),
        shared(vec![], false, true),
    ]
}

/// Every message sample, the claim reasons included.
fn all_samples() -> Vec<Msg> {
    samples().into_iter().chain(claim_samples()).collect()
}

/// The ids of the templates a message renders, nested ones included.
fn ids_in(id: Id, args: &[(&str, Arg)], out: &mut Vec<Id>) {
    out.push(id);
    for (_, a) in args {
        arg_ids(a, out);
    }
}

fn arg_ids(a: &Arg, out: &mut Vec<Id>) {
    match a {
        Arg::Val(_) => {}
        Arg::Text(Text::Msg(m)) => {
            let (id, args) = m.args();
            ids_in(id, &args, out);
        }
        Arg::Text(Text::Plain(_)) => {}
        Arg::AnyOf(parts) => parts.iter().for_each(|t| arg_ids(&Arg::Text(t), out)),
        Arg::Sub(id, args) => ids_in(*id, args, out),
        Arg::Join(parts, sep) => {
            out.push(*sep);
            parts.iter().for_each(|p| arg_ids(p, out))
        }
    }
}

fn rendered_ids(m: &Msg) -> Vec<Id> {
    let mut out = Vec::new();
    let (id, args) = m.args();
    ids_in(id, &args, &mut out);
    out
}

#[test]
fn claim_reasons_read_as_before_in_english_and_in_korean_on_korean_pages() {
    let t = |m: Msg| Text::from(m);
    let shared = t(Msg::NumberingShared {
        inside: inside(),
        outside: view(ViewKind::Top),
        pids: vec![],
        same: false,
        unnamed: true,
    });
    assert_eq!(
        shared.plain(Lang::En),
        "the container's own process list (`v1`) has `n1` as PID 8, but the engine's top (`v1`) reports PID none \
         (it names no `n1`; the names beside its PIDs come from the host's table)"
    );
    assert_eq!(
        shared.plain(Lang::Ko),
        "컨테이너 안의 프로세스 목록(`v1`)에서 `n1` 프로세스의 PID는 8이지만, 엔진의 `top` 출력(`v1`)에서 보고한 PID가 없습니다\
         (여기에는 `n1` 프로세스가 없으며, PID 옆의 이름은 호스트 프로세스 목록에서 가져온 것입니다)"
    );
    let facts = t(host_samples().swap_remove(8));
    assert_eq!(
        facts.plain(Lang::En),
        "2 host process(es) named `n1`; no worker names a container, so they are counted by what appeared since `s1`: \
         0 new (PIDs none; before: 7), at least 1 expected for 1 container(s); 1 belong to container `s2` (c1); \
         2 expected for 2 container(s); the capture cannot tie workers to containers; at least 1 expected; at most 1 expected"
    );
    assert!(
        facts.plain(Lang::Ko).starts_with("이름이 `n1`인 호스트 프로세스 2개, "),
        "{}",
        facts.plain(Lang::Ko)
    );
    let hidden = t(host_samples().swap_remove(6));
    assert_eq!(
        hidden.plain(Lang::En),
        "top reports p0 (PID 7), p1 (PID 8); on the host PID 7 is `n2`, PID 8 is not in the captured host table — none is `n1`"
    );
    assert_eq!(
        hidden.html(Lang::Ko),
        "<code>top</code> 출력: p0(PID 7), p1(PID 8). 호스트에서 확인한 결과: PID 7: <code>n2</code>, \
         PID 8: 수집한 호스트 프로세스 목록에 없음. 어느 것도 <code>n1</code> 프로세스가 아닙니다"
    );
}

/// The kinds `Msg` declares, as their serde tags: a sample of every kind
/// makes every kind rendered by a test.
fn declared_kinds() -> Vec<String> {
    Msg::KINDS
        .iter()
        .map(|name| {
            let mut tag = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    tag.push('_');
                }
                tag.push(c.to_ascii_lowercase());
            }
            tag
        })
        .collect()
}

#[test]
fn every_kind_has_a_sample_that_renders() {
    let declared = declared_kinds();
    assert!(declared.len() > 50, "read the enum: {declared:?}");
    let mut sampled = std::collections::BTreeSet::new();
    for m in all_samples() {
        tags_in(&serde_json::to_value(&m).unwrap(), &mut sampled);
    }
    let missing: Vec<&String> = declared.iter().filter(|k| !sampled.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "kinds without a sample (and so never rendered by a test): {missing:?}"
    );
}

/// The `msg` tags of a message and of the messages nested in it.
fn tags_in(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(serde_json::Value::String(tag)) = o.get("msg") {
                out.insert(tag.clone());
            }
            o.values().for_each(|x| tags_in(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| tags_in(x, out)),
        _ => {}
    }
}

#[test]
fn a_windows_release_and_its_particle_read_as_each_language_writes_them() {
    let t = Text::from(Msg::NoTagClientProcess {
        host: s("Windows 10, version 22H2"),
    });
    assert!(t.plain(Lang::En).starts_with("Windows 10, version 22H2 runs no"), "{t}");
    let ko = t.plain(Lang::Ko);
    assert!(ko.starts_with("Windows 10 버전 22H2는 현재의"), "{ko}");
    let t = Text::from(Msg::NoTagForIsolation {
        host: s("Windows Server 2022"),
        isolation: s("process"),
    });
    assert!(
        t.plain(Lang::Ko).starts_with("Windows Server 2022는 "),
        "{}",
        t.plain(Lang::Ko)
    );
    let status = Text::from(Msg::EngineStatus {
        status: s("500"),
        message: s("m"),
    });
    assert!(
        status.plain(Lang::Ko).contains("상태 코드 500으로 응답"),
        "{}",
        status.plain(Lang::Ko)
    );
    let code = Text::from(Msg::RegistryReadFailed {
        key: s("HKLM\\SOFTWARE\\proofbook"),
        code: s("87"),
    });
    assert!(
        code.plain(Lang::Ko).contains("오류 87이 발생"),
        "{}",
        code.plain(Lang::Ko)
    );
    let adopt = Text::from(Msg::AdoptNotRunning {
        name: s("my-process"),
        status: s("exited"),
        command: s("docker run x"),
    });
    let ko = adopt.plain(Lang::Ko);
    assert!(
        ko.contains("(상태: 종료됨)") && ko.contains("`docker rm my-process` 명령으로"),
        "{ko}"
    );
    assert!(
        adopt.plain(Lang::En).contains("(it is exited)"),
        "{}",
        adopt.plain(Lang::En)
    );
}
