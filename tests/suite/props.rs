//! Property tests: no lesson text and no evidence makes proofbook panic.
//!
//! - the lesson parser and validator on arbitrary text, on lessons built from
//!   real fragments, and on the shipped lesson mangled (cut, spliced, lines
//!   swapped or duplicated, bytes inserted);
//! - the claim judge on arbitrary evidence (any step outcomes, any captured
//!   processes, ids and strings, including non-ASCII).
//!
//! The default case count is small so `cargo test` stays fast; a sustained run:
//! `PROPTEST_CASES=200000 cargo test --release --test suite props::` (see docs/performance.md).

use proofbook::claims::{self, EvidenceSet};
use proofbook::lesson::{self, Check, Claim, CompareOp, Isolation, Numbering, PerOs, Step, ValueRef};
use proofbook::platform::Os;
use proofbook::record::{Evidence, HostInfo, HostQuery, ProcInfo, StepOutcome, StepRecord, Verdict};
use proptest::prelude::*;

const SHIPPED: &str = include_str!("../../lessons/process-isolation.en.md");

fn config() -> ProptestConfig {
    // PROPTEST_CASES overrides this (proptest reads it into the default config).
    let from_env = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok());
    ProptestConfig {
        cases: from_env.unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Parse, and validate what parsed: the two entry points `check` and `build` use.
fn parse_and_validate(text: &str) {
    match lesson::parse_lesson("fuzz.en.md", text) {
        Ok(l) => {
            for e in lesson::validate(&l) {
                assert!(!e.message.is_empty());
                assert_eq!(e.path, "fuzz.en.md");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a failed parse reports at least one problem");
            for e in &errors {
                assert!(!e.message.is_empty());
            }
        }
    }
}

const FRONT: &str = "---\ntitle: T\nlang: en\nlesson: fuzz\norder: 1\nsummary: S\n---\n";

/// Pieces real lessons are made of, and near misses of them.
fn fragment() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "\n",
        "Some prose with `code` and **bold**.\n",
        "<script>alert(1)</script>\n",
        "```step\nid: h\nhost_info: {}\n```\n",
        "```step\nid: r\nrun:\n  image: busybox\n  isolation: process\n  command: [sleep, \"60\"]\n```\n",
        "```step\nid: r2\nrun:\n  image: {windows: x, linux: busybox}\n  isolation: hyperv\n  command: {linux: [sleep, \"1\"]}\n```\n",
        "```step\nid: t\ntop: {container: r}\n```\n",
        "```step\nid: t\ntop: {container: nope}\n```\n",
        "```step\nid: e\nexec: {container: r, command: [echo, hi]}\n```\n",
        "```step\nid: hp\nhost_processes:\n  name: {linux: [sleep]}\n  pids_from: [t, e]\n```\n",
        "```step\nid: hf\nhost_file: {path: /etc/hostname}\n```\n",
        "```step\nid: x\ntimeout: -1\nhost_info: {}\n```\n",
        "```step\nid: x\ntimeout: .nan\nhost_info: {}\n```\n",
        "```step\nid: x\ntimeout: 1e308\nhost_info: {}\n```\n",
        "```step\nid: two\nhost_info: {}\nhost_file: {path: /}\n```\n",
        "```step\nid: \"\"\nhost_info: {}\n```\n",
        "```step\nid: [a, b]\n```\n",
        "```step\n```\n",
        "```claim\n```\n",
        "```step\n",
        "```claim\nid: c1\nsays: s\ncheck: {kind: visible_on_host, top: t, host: hp, process: sleep}\n```\n",
        "```claim\nid: c2\nsays: s\ncheck: {kind: hidden_from_host, top: t, host: hp, process: {linux: sleep}}\n```\n",
        "```claim\nid: c3\nsays: s\ncheck: {kind: host_process_count, host: hp, containers: [r], per_container: 1}\n```\n",
        "```claim\nid: c4\nsays: s\ncheck: {kind: host_process_count, host: hp}\n```\n",
        "```claim\nid: c5\nsays: s\ncheck: {kind: top_lists, top: t, names: [sleep]}\n```\n",
        "```claim\nid: c6\nsays: s\ncheck: {kind: compare, left: {step: e, field: stdout}, op: contains, right: {value: hi}}\n```\n",
        "```claim\nid: c7\nsays: s\ncheck: {kind: compare, left: {step: h, field: nope}, op: equals, right: {step: hf, field: exists}}\n```\n",
        "```claim\nid: c8\nsays: s\ncheck: {kind: teleport}\n```\n",
        "```claim\nid: c9\nsays: s\ncheck: {kind: compare, left: {step: e, field: stdout}, op: equals, right: {value: {linux: x}}}\n```\n",
        "~~~step\nid: tilde\nhost_info: {}\n~~~\n",
        "    ```step\n    id: indented\n    host_info: {}\n    ```\n",
        "> ```step\n> id: quoted\n> host_info: {}\n> ```\n",
        "- ```claim\n  id: listed\n```\n",
        "````step\nid: four\nhost_info: {}\n````\n",
        "---\n",
        "\r\n",
        "\u{feff}",
        "é한글\u{0}\u{202e}",
        "```step\nid: r\nrun:\n  image: busybox\n  isolation: process\n  command: [sh]\n  privileged: true\n  binds: [/:/h]\n```\n",
        "```step\nid: a\nrun: &a [*a]\n```\n",
        "```step\nid: a\nrun: !!binary aGk=\n```\n",
        "```step\n{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n```\n",
    ])
    .prop_map(str::to_string);
    prop_oneof![4 => fixed, 1 => any::<String>(), 1 => "[ -~\n]{0,40}"]
}

/// How the shipped lesson gets mangled.
#[derive(Debug, Clone)]
enum Mangle {
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, String),
    SwapLines(usize, usize),
    DuplicateLine(usize),
    DropLine(usize),
    ReplaceByte(usize, u8),
}

fn mangle() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        any::<usize>().prop_map(Mangle::Truncate),
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Mangle::Delete(a, n)),
        (
            any::<usize>(),
            prop_oneof![any::<String>(), "[-:{}\\[\\]`\n #&*!|>'\"]{1,6}"]
        )
            .prop_map(|(a, s)| Mangle::Insert(a, s)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mangle::SwapLines(a, b)),
        any::<usize>().prop_map(Mangle::DuplicateLine),
        any::<usize>().prop_map(Mangle::DropLine),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mangle::ReplaceByte(a, b)),
    ]
}

fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mangle) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len().max(1);
    match m {
        Mangle::Truncate(a) => text[..floor_char(text, a % (text.len() + 1))].to_string(),
        Mangle::Delete(a, len) => {
            let s = floor_char(text, a % (text.len() + 1));
            let e = floor_char(text, s + len);
            format!("{}{}", &text[..s], &text[e..])
        }
        Mangle::Insert(a, ins) => {
            let s = floor_char(text, a % (text.len() + 1));
            format!("{}{ins}{}", &text[..s], &text[s..])
        }
        Mangle::SwapLines(a, b) => {
            let mut l = lines.clone();
            if !l.is_empty() {
                l.swap(a % n, b % n);
            }
            l.concat()
        }
        Mangle::DuplicateLine(a) => {
            let mut l = lines.clone();
            if !l.is_empty() {
                let x = l[a % n];
                l.insert(a % n, x);
            }
            l.concat()
        }
        Mangle::DropLine(a) => {
            let mut l = lines.clone();
            if !l.is_empty() {
                l.remove(a % n);
            }
            l.concat()
        }
        Mangle::ReplaceByte(a, b) => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let i = a % bytes.len();
                bytes[i] = *b;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

// ---- evidence for the claim judge ----

const IDS: &[&str] = &["a", "b", "c", "top", "host", ""];

fn step_id() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(IDS).prop_map(str::to_string), 1 => any::<String>()]
}

fn text() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec![
            "sleep",
            "runsc-sandbox",
            "SLEEP.EXE",
            "exe",
            "vmwp",
            "",
            "/bin/sleep 3600",
            "0123456789abcdef0123"
        ])
        .prop_map(str::to_string),
        any::<String>(),
        "[0-9a-f]{0,70}",
        "[é한 a-z/\\\\.]{0,20}",
    ]
    .boxed()
}

fn proc_info() -> impl Strategy<Value = ProcInfo> {
    (any::<u32>().prop_map(|p| p % 64), text(), text(), text()).prop_map(|(pid, name, cmd, user)| ProcInfo {
        pid,
        name,
        cmd,
        user,
    })
}

fn procs() -> impl Strategy<Value = Vec<ProcInfo>> {
    prop::collection::vec(proc_info(), 0..8)
}

fn host_query() -> impl Strategy<Value = HostQuery> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(any::<u32>().prop_map(|p| p % 64), 0..3),
    )
        .prop_map(|(names, pids)| HostQuery { names, pids })
}

fn evidence() -> impl Strategy<Value = Evidence> {
    let isolation = prop_oneof![Just(Isolation::Process), Just(Isolation::Hyperv)];
    prop_oneof![
        (text(), text(), text(), isolation, text()).prop_map(|(id, name, image, isolation, runtime)| {
            Evidence::Container {
                id,
                name,
                image,
                image_source: "local".into(),
                isolation,
                runtime,
                state: "running".into(),
            }
        }),
        (text(), procs()).prop_map(|(container_id, processes)| Evidence::Top {
            container_id,
            titles: vec!["UID".into(), "PID".into(), "CMD".into()],
            rows: vec![],
            processes
        }),
        (text(), procs(), prop::option::of(host_query())).prop_map(|(filter, processes, query)| {
            Evidence::HostProcesses {
                filter: filter.into(),
                processes,
                query,
            }
        }),
        (text(), text(), any::<Option<i64>>()).prop_map(|(stdout, stderr, exit_code)| Evidence::Exec {
            stdout,
            stderr,
            exit_code
        }),
        (any::<bool>(), text(), text()).prop_map(|(windows, kernel, hostname)| Evidence::HostInfo(Box::new(
            HostInfo {
                os: if windows { Os::Windows } else { Os::Linux },
                kernel,
                hostname,
                ..HostInfo::default()
            }
        ))),
        (text(), any::<bool>()).prop_map(|(path, exists)| Evidence::HostFile { path, exists }),
    ]
}

fn outcome() -> impl Strategy<Value = StepOutcome> {
    prop_oneof![
        6 => Just(StepOutcome::Ok),
        1 => text().prop_map(|reason| StepOutcome::NotRun { reason: reason.into() }),
        1 => any::<u64>().prop_map(|after_ms| StepOutcome::Timeout { after_ms }),
        1 => text().prop_map(|message| StepOutcome::Error { message: message.into() }),
    ]
}

/// What a step asked for: the judge reads host tables' filters and tops'
/// containers from the request, so requests vary too.
fn request() -> impl Strategy<Value = lesson::Action> {
    let names = prop::option::of(per_os(prop::collection::vec(text(), 0..3).boxed()));
    let from = prop::collection::vec(step_id(), 0..3);
    let pids = prop::collection::vec(any::<u32>().prop_map(|p| p % 64), 0..3);
    prop_oneof![
        Just(lesson::Action::HostInfo(Default::default())),
        step_id().prop_map(|container| lesson::Action::Top(lesson::TopAction { container })),
        (names, from, pids).prop_map(|(name, pids_from, pids)| lesson::Action::HostProcesses(
            lesson::HostProcessesAction { name, pids_from, pids }
        )),
        (step_id(), any::<bool>()).prop_map(|(container, ps)| lesson::Action::Exec(lesson::ExecAction {
            container,
            command: PerOs::Same(vec!["ps".into()]),
            parse: ps.then_some(lesson::ParseAs::Ps),
        })),
    ]
}

fn step_record() -> impl Strategy<Value = StepRecord> {
    (step_id(), outcome(), prop::option::weighted(0.9, evidence()), request()).prop_map(
        |(id, outcome, evidence, action)| StepRecord {
            id: id.clone(),
            request: Step {
                id,
                line: 1,
                timeout: None,
                action,
            },
            cli: String::new(),
            host_cli: None,
            outcome,
            evidence,
            started_at: String::new(),
            duration_ms: 0,
            cut: Vec::new(),
        },
    )
}

fn per_os<T: std::fmt::Debug + Clone + 'static>(s: BoxedStrategy<T>) -> BoxedStrategy<PerOs<T>> {
    prop_oneof![
        s.clone().prop_map(PerOs::Same),
        (prop::option::of(s.clone()), prop::option::of(s)).prop_map(|(windows, linux)| PerOs::Split { windows, linux }),
    ]
    .boxed()
}

fn value_ref() -> impl Strategy<Value = ValueRef> {
    let field = prop::sample::select(vec![
        "stdout",
        "stderr",
        "exit_code",
        "exists",
        "path",
        "id",
        "image",
        "runtime",
        "isolation",
        "pids",
        "names",
        "os",
        "kernel",
        "hostname",
        "os_build",
        "nope",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        (step_id(), field).prop_map(|(step, field)| ValueRef::Field { step, field }),
        per_os(text()).prop_map(|value| ValueRef::Literal { value }),
    ]
}

fn check() -> impl Strategy<Value = Check> {
    let op = prop_oneof![
        Just(CompareOp::Equals),
        Just(CompareOp::Differs),
        Just(CompareOp::Contains),
        Just(CompareOp::NotContains)
    ];
    // Counts of any size: a product of two must never overflow.
    let small = || prop::option::of(prop_oneof![0usize..5, any::<usize>()]);
    let pid = || prop_oneof![0u32..64, any::<u32>()];
    let numbering = prop_oneof![Just(Numbering::Own), Just(Numbering::Shared)];
    prop_oneof![
        (step_id(), step_id(), per_os(text())).prop_map(|(top, host, process)| Check::VisibleOnHost {
            top,
            host,
            process
        }),
        (step_id(), step_id(), per_os(text())).prop_map(|(top, host, process)| Check::HiddenFromHost {
            top,
            host,
            process
        }),
        (
            step_id(),
            prop::option::of(per_os(text())),
            prop::collection::vec(step_id(), 0..4),
            small(),
            prop::option::of(step_id()),
            small(),
            small()
        )
            .prop_map(
                |(host, name, containers, per_container, before, min, max)| Check::HostProcessCount {
                    host,
                    name,
                    containers,
                    per_container,
                    before,
                    min,
                    max
                }
            ),
        (step_id(), per_os(prop::collection::vec(text(), 0..4).boxed()))
            .prop_map(|(top, names)| Check::TopLists { top, names }),
        (value_ref(), op, value_ref()).prop_map(|(left, op, right)| Check::Compare { left, op, right }),
        (step_id(), per_os(prop::collection::vec(text(), 0..4).boxed()))
            .prop_map(|(view, names)| Check::Lists { view, names }),
        (step_id(), pid(), per_os(text())).prop_map(|(view, pid, process)| Check::PidIs { view, pid, process }),
        (step_id(), pid(), per_os(text())).prop_map(|(view, pid, process)| Check::PidIsNot { view, pid, process }),
        (step_id(), step_id(), per_os(text()), numbering).prop_map(|(inside, outside, process, numbering)| {
            Check::PidNumbering {
                inside,
                outside,
                process,
                numbering,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        parse_and_validate(&text);
        parse_and_validate(&format!("{FRONT}{text}"));
    }

    #[test]
    fn lessons_built_from_fragments_never_panic(parts in prop::collection::vec(fragment(), 0..16), front in any::<bool>()) {
        let body = parts.concat();
        parse_and_validate(&if front { format!("{FRONT}{body}") } else { body });
    }

    #[test]
    fn the_shipped_lesson_mangled_never_panics(ms in prop::collection::vec(mangle(), 1..6)) {
        let mut text = SHIPPED.to_string();
        for m in &ms {
            text = apply(&text, m);
        }
        parse_and_validate(&text);
    }

    #[test]
    fn the_judge_never_panics(
        steps in prop::collection::vec(step_record(), 0..8),
        check in check(),
        windows in any::<bool>(),
        worker in prop::option::of(text()),
    ) {
        let claim = Claim { id: "c".into(), line: 1, says: "s".into(), check, hint: None };
        let ev = EvidenceSet { os: if windows { Os::Windows } else { Os::Linux }, steps: &steps, worker: worker.as_deref() };
        let r = claims::judge(&claim, &ev);
        prop_assert!(!r.reason.is_empty() || r.verdict == Verdict::Proven || r.verdict == Verdict::Refuted);
        prop_assert_eq!(&r.check, claim.check.kind());
        // A verdict either way needs every step it read to have run and captured something.
        if matches!(r.verdict, Verdict::Proven | Verdict::Refuted) {
            for id in claim.check.steps() {
                let step = steps.iter().find(|s| s.id == id);
                prop_assert!(step.is_some_and(|s| s.outcome == StepOutcome::Ok), "{} read a step that did not run: {}", r.verdict.as_str(), r.reason);
            }
        }
    }
}

#[test]
fn the_shipped_lesson_parses_and_validates() {
    let l = lesson::parse_lesson("p.en.md", SHIPPED).expect("parses");
    assert!(lesson::validate(&l).is_empty());
}

/// Container ids are hex when they come from an engine, but a judge reading
/// any evidence must not slice a string inside a character.
#[test]
fn non_ascii_container_ids_do_not_panic() {
    for id in ["aéééééééééé", "a한한한한한한", "é", "0123456789aé"] {
        let run = StepRecord {
            id: "r".into(),
            request: Step {
                id: "r".into(),
                line: 1,
                timeout: None,
                action: lesson::Action::HostInfo(Default::default()),
            },
            cli: String::new(),
            host_cli: None,
            outcome: StepOutcome::Ok,
            evidence: Some(Evidence::Container {
                id: id.into(),
                name: "n".into(),
                image: "i".into(),
                image_source: "local".into(),
                isolation: Isolation::Hyperv,
                runtime: "runsc".into(),
                state: "running".into(),
            }),
            started_at: String::new(),
            duration_ms: 0,
            cut: Vec::new(),
        };
        let mut host = run.clone();
        host.id = "h".into();
        host.evidence = Some(Evidence::HostProcesses {
            filter: Default::default(),
            processes: vec![ProcInfo {
                pid: 1,
                name: "w".into(),
                cmd: format!("w {id}"),
                user: String::new(),
            }],
            query: None,
        });
        let steps = vec![run, host];
        let check = Check::HostProcessCount {
            host: "h".into(),
            name: Some(PerOs::Same("w".into())),
            containers: vec!["r".into()],
            per_container: Some(1),
            before: Some("r".into()),
            min: None,
            max: None,
        };
        let claim = Claim {
            id: "c".into(),
            line: 1,
            says: "s".into(),
            check,
            hint: None,
        };
        let _ = claims::judge(
            &claim,
            &EvidenceSet {
                os: Os::Linux,
                steps: &steps,
                worker: None,
            },
        );
    }
}
