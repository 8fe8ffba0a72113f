//! Recorded Windows output (tests/fixtures/windows/, from the seeds) read by
//! `platform::windows` and judged by `claims::judge` exactly like live
//! evidence. No engine needed: these run on any host.

use std::path::PathBuf;

use proofbook::claims::{judge, EvidenceSet};
use proofbook::lesson::{self, Action, Check, Claim, HostInfoAction, Isolation, Lesson, PerOs, Step, TopAction};
use proofbook::messages::Lang;
use proofbook::platform::{windows, Os};
use proofbook::record::{ClaimResult, Evidence, ProcInfo, StepOutcome, StepRecord, Verdict};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/windows")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

fn pids(procs: &[ProcInfo]) -> Vec<u32> {
    procs.iter().map(|p| p.pid).collect()
}

// ---------------------------------------------------------------- parsing

/// Every capture and what the parsers must read from it. A fixture missing
/// here fails `every_fixture_is_parsed`.
const TOPS: &[(&str, usize, (&str, u32))] = &[
    ("ws2019-top-process.txt", 14, ("PING.EXE", 4872)),
    ("ws2019-top-hyperv.txt", 14, ("PING.EXE", 1308)),
    ("docs-top-process-short.txt", 1, ("ping", 3964)),
    ("docs-top-hyperv-short.txt", 1, ("ping", 1732)),
];

const HOST_TABLES: &[(&str, &[(u32, &str)])] = &[
    ("ws2019-host-ping-process-running.txt", &[(4872, "PING")]),
    ("ws2019-host-ping-hyperv-started.txt", &[(4872, "PING")]),
    // Header and row on one line, as published.
    ("ws2019-host-ping-both-running.txt", &[(4872, "PING")]),
    ("ws2019-host-vmwp-before-hyperv.txt", &[(4368, "vmwp"), (6584, "vmwp")]),
    ("ws2019-host-vmwp-both-running.txt", &[(4368, "vmwp"), (6584, "vmwp")]),
    // With the VM(M) column (`...71`).
    ("docs-host-ping-process-running.txt", &[(3964, "PING")]),
    ("docs-host-ping-not-found.txt", &[]),
    ("docs-host-vmwp-hyperv-running.txt", &[(2376, "vmwp")]),
    (
        "tp-csrss-host-before-process.txt",
        &[(532, "csrss"), (608, "csrss"), (3484, "csrss")],
    ),
    ("tp-csrss-in-process-container.txt", &[(1228, "csrss")]),
    (
        "tp-csrss-host-process-running.txt",
        &[(532, "csrss"), (608, "csrss"), (1228, "csrss"), (3484, "csrss")],
    ),
    (
        "tp-csrss-host-before-hyperv.txt",
        &[(532, "csrss"), (608, "csrss"), (3484, "csrss")],
    ),
    // Its row has no Handles value.
    ("tp-csrss-in-hyperv-container.txt", &[(956, "csrss")]),
    (
        "tp-csrss-host-hyperv-running.txt",
        &[(532, "csrss"), (608, "csrss"), (3484, "csrss")],
    ),
];

/// Captures that are not process tables: neither parser may find a process in them.
const OTHER: &[&str] = &[
    "ws2019-docker-images.txt",
    "ws2019-run-process.txt",
    "ws2019-run-hyperv.txt",
];

#[test]
fn every_fixture_is_parsed() {
    let mut known: Vec<&str> = TOPS
        .iter()
        .map(|t| t.0)
        .chain(HOST_TABLES.iter().map(|t| t.0))
        .chain(OTHER.iter().copied())
        .collect();
    known.push("README.md");
    known.sort();
    let mut present: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(present, known, "each fixture has an expectation in this file");
    let readme = fixture("README.md");
    for f in &known[..] {
        assert!(
            *f == "README.md" || readme.contains(f),
            "README.md says where {f} came from"
        );
    }
}

#[test]
fn docker_top_reads_every_top_capture() {
    for (file, n, (name, pid)) in TOPS {
        let procs = windows::parse_docker_top(&fixture(file));
        assert_eq!(procs.len(), *n, "{file}: {procs:?}");
        assert!(
            procs.iter().any(|p| p.pid == *pid && p.name == *name),
            "{file} has {name} {pid}: {procs:?}"
        );
        assert!(procs.iter().all(|p| p.pid != 0), "{file}: no zero PIDs");
    }
    let procs = windows::parse_docker_top(&fixture("ws2019-top-process.txt"));
    let names: Vec<&str> = procs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        &names[..6],
        [
            "smss.exe",
            "csrss.exe",
            "wininit.exe",
            "services.exe",
            "lsass.exe",
            "svchost.exe"
        ]
    );
    assert_eq!(procs.iter().filter(|p| p.answers_to("svchost")).count(), 7);
}

#[test]
fn docker_top_table_keeps_the_columns() {
    let (titles, rows) = windows::docker_top_table(&fixture("ws2019-top-hyperv.txt"));
    assert_eq!(titles, ["Name", "PID", "CPU", "Private Working Set"]);
    assert_eq!(rows.len(), 14);
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    assert_eq!(rows[13], ["PING.EXE", "1308", "00:00:00.046", "516.1kB"]);
    let (titles, rows) = windows::docker_top_table(&fixture("docs-top-process-short.txt"));
    assert_eq!(titles, ["PID", "Name"]);
    assert_eq!(rows, [["3964", "ping"]]);
}

#[test]
fn get_process_reads_every_host_table() {
    for (file, want) in HOST_TABLES {
        let procs = windows::parse_get_process(&fixture(file));
        let got: Vec<(u32, &str)> = procs.iter().map(|p| (p.pid, p.name.as_str())).collect();
        assert_eq!(&got, want, "{file}");
    }
}

#[test]
fn other_captures_are_not_process_tables() {
    for file in OTHER {
        assert!(windows::parse_get_process(&fixture(file)).is_empty(), "{file}");
        assert!(windows::parse_docker_top(&fixture(file)).is_empty(), "{file}");
    }
}

// ---------------------------------------------------------------- evidence

fn lesson() -> Lesson {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons/process-isolation.en.md");
    lesson::load_one(&path).unwrap_or_else(|e| panic!("{e:?}"))
}

fn claim(l: &Lesson, id: &str) -> Claim {
    l.claims()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("claim {id}"))
        .clone()
}

fn step(id: &str, action: Action, evidence: Evidence) -> StepRecord {
    StepRecord::captured(
        Step {
            id: id.into(),
            line: 0,
            timeout: None,
            action,
        },
        evidence,
    )
}

const PROCESS_ID: &str = "cece6585ce235d4790d6ab4d86c425338a6c9091b0f45c2e6a4f883fd7348f7a";
const HYPERV_ID: &str = "a503f75e958370f0bb544c94e28b65eb38e9dc59a1087297316c5006503f997b";

fn container(id: &str, cid: &str, iso: Isolation) -> StepRecord {
    let ev = Evidence::Container {
        id: cid.into(),
        name: id.into(),
        image: "mcr.microsoft.com/windows/nanoserver:1809".into(),
        image_source: "recorded".into(),
        isolation: iso,
        runtime: iso.as_str().into(),
        state: "running".into(),
    };
    step(id, Action::HostInfo(HostInfoAction {}), ev)
}

fn top(id: &str, container_step: &str, cid: &str, file: &str) -> StepRecord {
    let text = fixture(file);
    let (titles, rows) = windows::docker_top_table(&text);
    let ev = Evidence::Top {
        container_id: cid.into(),
        titles,
        rows,
        processes: windows::parse_docker_top(&text),
    };
    step(
        id,
        Action::Top(TopAction {
            container: container_step.into(),
        }),
        ev,
    )
}

/// A host table from one or more `Get-Process -Name` captures, each given
/// with the name it looked up (a capture may have found none).
fn host(id: &str, captures: &[(&str, &str)]) -> StepRecord {
    let processes: Vec<_> = captures
        .iter()
        .flat_map(|(_, f)| windows::parse_get_process(&fixture(f)))
        .collect();
    let names = captures.iter().map(|(n, _)| n.to_string()).collect();
    let files: Vec<&str> = captures.iter().map(|(_, f)| *f).collect();
    step(
        id,
        Action::HostInfo(HostInfoAction {}),
        Evidence::HostProcesses {
            filter: files.join(" + ").into(),
            processes,
            query: Some(proofbook::record::HostQuery {
                names,
                pids: Vec::new(),
            }),
        },
    )
}

fn judged(c: &Claim, steps: &[StepRecord]) -> ClaimResult {
    judge(
        c,
        &EvidenceSet {
            os: Os::Windows,
            steps,
            worker: Some(windows::VM_WORKER),
        },
    )
}

/// Seed 000 as the lesson's steps: both containers, both tops, the host
/// tables taken before the Hyper-V container started, and those taken last,
/// with both containers running.
fn seed000() -> Vec<StepRecord> {
    vec![
        container("run-process", PROCESS_ID, Isolation::Process),
        top("top-process", "run-process", PROCESS_ID, "ws2019-top-process.txt"),
        host(
            "host-before",
            &[
                ("ping", "ws2019-host-ping-process-running.txt"),
                ("vmwp", "ws2019-host-vmwp-before-hyperv.txt"),
            ],
        ),
        container("run-sandboxed", HYPERV_ID, Isolation::Hyperv),
        top("top-sandboxed", "run-sandboxed", HYPERV_ID, "ws2019-top-hyperv.txt"),
        host(
            "host-view",
            &[
                ("ping", "ws2019-host-ping-both-running.txt"),
                ("vmwp", "ws2019-host-vmwp-both-running.txt"),
            ],
        ),
    ]
}

#[test]
fn process_isolated_ping_is_host_ping_4872() {
    let r = judged(&claim(&lesson(), "process-shares-pid"), &seed000());
    assert_eq!(r.verdict, Verdict::Proven, "{}", r.reason);
    assert!(r.reason.contains("PID 4872"), "{}", r.reason);
}

#[test]
fn hyperv_ping_1308_is_not_a_host_process() {
    let r = judged(&claim(&lesson(), "sandboxed-hidden"), &seed000());
    assert_eq!(r.verdict, Verdict::Proven, "{}", r.reason);
    assert!(r.reason.contains("1308"), "{}", r.reason);
    // The only ping on the host is the process-isolated container's.
    let host = windows::parse_get_process(&fixture("ws2019-host-ping-both-running.txt"));
    assert_eq!(pids(&host), [4872]);
}

/// What the worker count can and cannot say from seed 000.
///
/// The lesson's `one-worker` claim asks for one `vmwp` per Hyper-V container.
/// `Get-Process` output has no command line or user, so no worker can be tied
/// to a container by id; the claim names the host table taken before the
/// Hyper-V container started (`before: host-before`), so workers are counted
/// by what appeared since. In the transcript nothing did: the same two workers
/// (4368, 6584, with the same CPU seconds) are listed before and after. The
/// transcript therefore refutes the claim, and the reason says why. A table
/// with one more worker proves it; without `before`, only totals are compared.
#[test]
fn vmwp_count_is_judged_by_what_appeared_since_before() {
    let l = lesson();
    let c = claim(&l, "one-worker");
    let r = judged(&c, &seed000());
    assert_eq!(r.verdict, Verdict::Refuted, "{}", r.reason);
    assert!(
        r.reason.to_string().starts_with("2 host process(es) named `vmwp`"),
        "{}",
        r.reason
    );
    assert!(
        r.reason
            .contains("0 new (PIDs none; before: 4368, 6584), at least 1 expected for 1 container(s)"),
        "{}",
        r.reason
    );
    assert_eq!(
        pids(&windows::parse_get_process(&fixture(
            "ws2019-host-vmwp-before-hyperv.txt"
        ))),
        pids(&windows::parse_get_process(&fixture(
            "ws2019-host-vmwp-both-running.txt"
        ))),
        "no vmwp appeared when the Hyper-V container started"
    );

    // A hypothetical table in which the Hyper-V container's worker did appear.
    let mut appeared = seed000();
    let Evidence::HostProcesses { processes, .. } = appeared[5].evidence.as_mut().unwrap() else {
        panic!("host-view is a host table")
    };
    processes.push(ProcInfo {
        pid: 7012,
        name: "vmwp".into(),
        cmd: String::new(),
        user: String::new(),
    });
    let a = judged(&c, &appeared);
    assert_eq!(a.verdict, Verdict::Proven, "{}", a.reason);
    assert!(
        a.reason.contains("1 new (PIDs 7012; before: 4368, 6584)"),
        "{}",
        a.reason
    );

    // Without `before`, a capture that cannot tie workers to containers compares totals only.
    let mut totals = c.clone();
    if let Check::HostProcessCount { before, .. } = &mut totals.check {
        *before = None;
    }
    let t = judged(&totals, &seed000());
    assert_eq!(t.verdict, Verdict::Proven, "{}", t.reason);
    assert!(t.reason.contains("cannot tie workers to containers"), "{}", t.reason);
    let mut none = seed000();
    // A vmwp lookup that found none: a not-found capture stands for its empty answer.
    none[5] = host(
        "host-view",
        &[
            ("ping", "ws2019-host-ping-both-running.txt"),
            ("vmwp", "docs-host-ping-not-found.txt"),
        ],
    );
    let n = judged(&totals, &none);
    assert_eq!(n.verdict, Verdict::Refuted, "{}", n.reason);
    assert!(n.reason.to_string().starts_with("0 host process(es)"), "{}", n.reason);
}

#[test]
fn verdicts_flip_when_the_tops_are_swapped() {
    let l = lesson();
    // Claim (1) read against the Hyper-V container's top: PING.EXE 1308 is not a host ping.
    let mut swapped = seed000();
    swapped[1] = top("top-process", "run-sandboxed", HYPERV_ID, "ws2019-top-hyperv.txt");
    swapped[4] = top("top-sandboxed", "run-process", PROCESS_ID, "ws2019-top-process.txt");
    let r = judged(&claim(&l, "process-shares-pid"), &swapped);
    assert_eq!(r.verdict, Verdict::Refuted, "{}", r.reason);
    assert!(r.reason.contains("PID 1308"), "{}", r.reason);
    // Claim (2) read against the process-isolated top: PING.EXE 4872 is a host process.
    let r = judged(&claim(&l, "sandboxed-hidden"), &swapped);
    assert_eq!(r.verdict, Verdict::Refuted, "{}", r.reason);
    assert!(r.reason.contains("4872"), "{}", r.reason);
}

#[test]
fn seed_top_lists_the_windows_system_processes() {
    let c = Claim {
        id: "system-processes".into(),
        line: 0,
        says: "A Windows container runs its own session manager, CSRSS, wininit, services, LSASS and the container exec service.".into(),
        check: Check::TopLists {
            top: "top-process".into(),
            names: PerOs::Same(["smss", "csrss", "wininit", "services", "lsass", "CExecSvc"].map(String::from).to_vec()),
        },
        hint: None,
    };
    let r = judged(&c, &seed000());
    assert_eq!(r.verdict, Verdict::Proven, "{}", r.reason);
    // The Hyper-V container's utility VM runs the same set.
    let mut on_hyperv = c.clone();
    on_hyperv.check = Check::TopLists {
        top: "top-sandboxed".into(),
        names: match &c.check {
            Check::TopLists { names, .. } => names.clone(),
            _ => unreachable!(),
        },
    };
    assert_eq!(judged(&on_hyperv, &seed000()).verdict, Verdict::Proven);
    // The documentation's abbreviated top lists only ping.
    let docs = vec![top(
        "top-process",
        "run-process",
        PROCESS_ID,
        "docs-top-process-short.txt",
    )];
    let r = judged(&c, &docs);
    assert_eq!(r.verdict, Verdict::Refuted, "{}", r.reason);
    assert!(r.reason.contains("smss"), "{}", r.reason);
}

#[test]
fn documentation_transcripts_prove_the_same_two_claims() {
    let l = lesson();
    let docs = vec![
        top("top-process", "run-process", PROCESS_ID, "docs-top-process-short.txt"),
        top("top-sandboxed", "run-sandboxed", HYPERV_ID, "docs-top-hyperv-short.txt"),
        // Only the Hyper-V container's search is the error; the ping found
        // earlier belongs to the process-isolated one.
        host(
            "host-view",
            &[
                ("ping", "docs-host-ping-not-found.txt"),
                ("vmwp", "docs-host-vmwp-hyperv-running.txt"),
            ],
        ),
    ];
    let mut with_process = docs.clone();
    with_process[2] = host("host-view", &[("ping", "docs-host-ping-process-running.txt")]);
    let r = judged(&claim(&l, "process-shares-pid"), &with_process);
    assert_eq!(r.verdict, Verdict::Proven, "{}", r.reason);
    let r = judged(&claim(&l, "sandboxed-hidden"), &docs);
    assert_eq!(r.verdict, Verdict::Proven, "{}", r.reason);
    assert!(r.reason.contains("1732"), "{}", r.reason);
}

#[test]
fn csrss_inside_a_process_container_is_a_host_process_and_inside_hyperv_is_not() {
    let visible = |proc_name: &str| Claim {
        id: "csrss-visible".into(),
        line: 0,
        says: "The container's csrss is a host process.".into(),
        check: Check::VisibleOnHost {
            top: "inside".into(),
            host: "host".into(),
            process: PerOs::Same(proc_name.into()),
        },
        hint: None,
    };
    let hidden = Claim {
        id: "csrss-hidden".into(),
        line: 0,
        says: "The container's csrss is not a host process.".into(),
        check: Check::HiddenFromHost {
            top: "inside".into(),
            host: "host".into(),
            process: PerOs::Same("csrss".into()),
        },
        hint: None,
    };
    // `Get-Process` inside the container stands in for `docker top`.
    let inside = |file: &str| {
        let processes = windows::parse_get_process(&fixture(file));
        step(
            "inside",
            Action::HostInfo(HostInfoAction {}),
            Evidence::Top {
                container_id: "WINCONT".into(),
                titles: vec![],
                rows: vec![],
                processes,
            },
        )
    };
    let process = vec![
        inside("tp-csrss-in-process-container.txt"),
        host("host", &[("csrss", "tp-csrss-host-process-running.txt")]),
    ];
    assert_eq!(judged(&visible("csrss"), &process).verdict, Verdict::Proven);
    assert_eq!(judged(&hidden, &process).verdict, Verdict::Refuted);
    let hyperv = vec![
        inside("tp-csrss-in-hyperv-container.txt"),
        host("host", &[("csrss", "tp-csrss-host-hyperv-running.txt")]),
    ];
    let r = judged(&visible("csrss"), &hyperv);
    assert_eq!(r.verdict, Verdict::Refuted, "{}", r.reason);
    assert!(r.reason.contains("956"), "{}", r.reason);
    assert_eq!(judged(&hidden, &hyperv).verdict, Verdict::Proven);
    // 1228 appears on the host only while the process-isolated container runs.
    let before = pids(&windows::parse_get_process(&fixture(
        "tp-csrss-host-before-process.txt",
    )));
    assert!(!before.contains(&1228));
}

// ---------------------------------------------------------------- the recorded host

#[test]
fn recorded_host_judges_the_lesson_from_the_transcript() {
    let l = lesson();
    let hosts = proofbook::transcripts::windows_hosts(std::slice::from_ref(&l));
    assert_eq!(hosts.len(), proofbook::transcripts::ALL.len());
    let h = &hosts[0];
    assert_eq!(h.label, proofbook::transcripts::LABEL);
    let r = &h.records[0];
    assert_eq!(r.host.os, proofbook::platform::Os::Windows);
    assert_eq!(r.host.os_build, "17763");
    assert!(matches!(&r.provenance, proofbook::record::Provenance::Recorded { note } if note.contains("vmwp")));
    // Same verdicts as judging the fixtures by hand above, except the worker
    // count: its before and after captures are one output pasted twice.
    let by_hand = seed000();
    // An exercise is the learner's to do; the transcript has none of it.
    let exercise: Vec<&str> = l.exercise_claims().iter().map(|c| c.id.as_str()).collect();
    let exercise_steps = l.exercise_steps();
    for c in l.claims().filter(|c| !exercise.contains(&c.id.as_str())) {
        let got = r.claims.iter().find(|x| x.id == c.id).unwrap();
        if c.id == "one-worker" {
            assert_eq!(got.verdict, Verdict::NotRun, "{}", got.reason);
            assert!(
                got.reason.contains("same vmwp processes (4368, 6584)") && got.reason.contains("pasted twice"),
                "{}",
                got.reason
            );
            assert_eq!(
                judged(c, &by_hand).verdict,
                Verdict::Refuted,
                "judged blindly it would be refuted"
            );
            continue;
        }
        let want = judged(c, &by_hand);
        assert_eq!((got.verdict, &got.reason), (want.verdict, &want.reason), "{}", c.id);
    }
    assert!(
        r.steps
            .iter()
            .filter(|s| !exercise_steps.contains(s.id.as_str()))
            .all(|s| s.outcome == StepOutcome::Ok),
        "{:?}",
        r.steps.iter().map(|s| (&s.id, &s.outcome)).collect::<Vec<_>>()
    );
    let shown = r.step("top-process").unwrap();
    assert!(shown.cli.starts_with("docker top cece6585"), "{}", shown.cli);
    assert_eq!(
        r.step("host-view").unwrap().host_cli.as_deref(),
        Some("Get-Process -Name ping; Get-Process -Name vmwp")
    );
    // A record survives the trip through JSON (render/diff read records from disk).
    let dir = tempfile::tempdir().unwrap();
    let path = proofbook::record::write_record(dir.path(), r).unwrap();
    assert_eq!(&proofbook::record::read_record(&path).unwrap(), r);
}

#[test]
fn recorded_host_leaves_what_it_has_no_capture_for_not_run() {
    let mut l = lesson();
    // A step the transcript never ran.
    for b in &mut l.blocks {
        if let lesson::Block::Step(s) = b {
            if s.id == "top-process" {
                s.id = "top-again".into();
                if let Action::Top(t) = &mut s.action {
                    t.container = "run-process".into();
                }
            }
            if let Action::Run(run) = &mut s.action {
                if s.id == "run-sandboxed" {
                    run.image = PerOs::Same("mcr.microsoft.com/windows/servercore/iis:{host_tag}".into());
                }
            }
        }
    }
    let r = proofbook::transcripts::record_for(&l);
    let outcome = |id: &str| r.step(id).unwrap().outcome.clone();
    match outcome("top-again") {
        StepOutcome::NotRun { reason } => assert_eq!(reason.to_string(), "not in the recorded transcript"),
        o => panic!("{o:?}"),
    }
    match outcome("run-sandboxed") {
        StepOutcome::NotRun { reason } => assert!(reason.contains("nanoserver:1809"), "{reason}"),
        o => panic!("{o:?}"),
    }
    // Its top no longer matches the container either.
    assert!(matches!(outcome("top-sandboxed"), StepOutcome::NotRun { .. }));
    let v: Vec<(String, Verdict)> = r.claims.iter().map(|c| (c.id.clone(), c.verdict)).collect();
    assert!(v.iter().all(|(_, v)| *v == Verdict::NotRun), "{v:?}");
}

#[test]
fn no_lessons_no_recorded_host() {
    assert!(proofbook::transcripts::windows_hosts(&[]).is_empty());
}

/// Every lesson of the repository against the transcript: the claims the
/// transcript can answer are judged, all others are not run — never refuted
/// for want of a capture.
#[test]
fn recorded_host_over_the_repository_lessons() {
    let lessons = lesson::load_all(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons")])
        .unwrap_or_else(|e| panic!("{e:?}"));
    let hosts = proofbook::transcripts::windows_hosts(&lessons);
    let mut judged = std::collections::BTreeMap::new();
    for r in &hosts[0].records {
        for c in &r.claims {
            eprintln!(
                "{}/{}/{}: {} — {}",
                r.lang,
                r.lesson,
                c.id,
                c.verdict.as_str(),
                c.reason
            );
            assert!(!c.reason.is_empty());
            judged.insert(format!("{}/{}", r.lesson, c.id), c.verdict);
        }
    }
    let expect = [
        ("process-isolation/process-shares-pid", Verdict::Proven),
        ("process-isolation/sandboxed-hidden", Verdict::Proven),
        // The same two vmwp, CPU seconds and all, before and after: one output pasted twice.
        ("process-isolation/one-worker", Verdict::NotRun),
        // docker top of both containers lists the system processes.
        ("system-processes/own-system-processes", Verdict::Proven),
        ("system-processes/sandbox-own-system-processes", Verdict::Proven),
        // Its host table is a PID lookup the transcript never made.
        ("system-processes/same-process-both-sides", Verdict::NotRun),
        ("system-processes/sandboxed-system-hidden", Verdict::NotRun),
        ("sandbox-isolation/workload-hidden", Verdict::Proven),
        // The transcript started one Hyper-V container, not three.
        ("sandbox-isolation/one-worker-each", Verdict::NotRun),
    ];
    for (claim, want) in expect {
        if let Some(got) = judged.get(claim) {
            assert_eq!(*got, want, "{claim}");
        }
    }
    for claim in [
        "process-isolation/process-shares-pid",
        "system-processes/own-system-processes",
        "sandbox-isolation/workload-hidden",
    ] {
        assert_eq!(
            judged.get(claim),
            Some(&Verdict::Proven),
            "{claim} is decided by the transcript"
        );
    }
    let failures: Vec<&String> = judged.iter().filter(|(_, v)| v.is_failure()).map(|(k, _)| k).collect();
    assert!(
        failures.is_empty(),
        "the transcript refutes nothing it cannot decide: {failures:?}"
    );
    // Both languages carry the reason for the worker count, in their own words.
    for r in hosts[0].records.iter().filter(|r| r.lesson == "process-isolation") {
        let c = r.claims.iter().find(|c| c.id == "one-worker").unwrap();
        let word = if r.lang == "ko" {
            "붙여 넣은"
        } else {
            "pasted twice"
        };
        let reason = c.reason.plain(Lang::of(&r.lang));
        assert!(reason.contains(word), "{}: {reason}", r.lang);
        let proofbook::record::Provenance::Recorded { note } = &r.provenance else {
            panic!("recorded")
        };
        let note = note.plain(Lang::of(&r.lang));
        assert!(!note.contains("refutes") && !note.contains("반박"), "{note}");
    }
}

/// A lesson that asks for Server Core (for `tasklist`) reads the transcript's
/// nanoserver capture of the same tag, and the evidence says which ran.
#[test]
fn recorded_host_answers_servercore_steps_from_the_nanoserver_capture_and_says_so() {
    let mut l = lesson();
    for b in &mut l.blocks {
        if let lesson::Block::Step(s) = b {
            if let Action::Run(run) = &mut s.action {
                run.image = PerOs::Same("mcr.microsoft.com/windows/servercore:{host_tag}".into());
            }
        }
    }
    let r = proofbook::transcripts::record_for(&l);
    match &r.step("run-process").unwrap().evidence {
        Some(Evidence::Container {
            image, image_source, ..
        }) => {
            assert_eq!(image, "mcr.microsoft.com/windows/nanoserver:1809");
            assert!(
                image_source.contains("asks for `mcr.microsoft.com/windows/servercore:1809`"),
                "{image_source}"
            );
        }
        e => panic!("{e:?}"),
    }
    assert_eq!(
        r.claims.iter().find(|c| c.id == "process-shares-pid").unwrap().verdict,
        Verdict::Proven
    );
}

/// The transcript's host tables hold only `ping` and `vmwp`: a claim about
/// another process in them is not judged (an absence it never looked for).
#[test]
fn recorded_host_does_not_judge_processes_its_tables_never_listed() {
    let mut l = lesson();
    for b in &mut l.blocks {
        if let lesson::Block::Claim(c) = b {
            if let Check::HiddenFromHost { process, .. } = &mut c.check {
                *process = PerOs::Same("csrss".into());
            }
        }
    }
    let r = proofbook::transcripts::record_for(&l);
    let c = r.claims.iter().find(|c| c.id == "sandboxed-hidden").unwrap();
    assert_eq!(c.verdict, Verdict::NotRun, "{}", c.reason);
    assert!(c.reason.contains("only ping, vmwp, not `csrss`"), "{}", c.reason);
    // The other claims are still judged.
    assert_eq!(
        r.claims.iter().find(|c| c.id == "process-shares-pid").unwrap().verdict,
        Verdict::Proven
    );
}

/// The host card says which isolation a Windows engine uses when none is
/// asked for; a record written before that was captured still reads.
#[test]
fn host_card_shows_the_engines_default_isolation() {
    let mut r = proofbook::transcripts::record_for(&lesson());
    let render = |r: &proofbook::record::RunRecord| {
        let dir = tempfile::tempdir().unwrap();
        let hosts = vec![proofbook::record::HostRecords {
            label: "win".into(),
            records: vec![r.clone()],
        }];
        proofbook::render::Renderer::new()
            .render_book(&hosts, dir.path(), true)
            .unwrap();
        std::fs::read_to_string(dir.path().join("en/process-isolation.html")).unwrap()
    };
    // The transcript shows no `docker info`: the card says it is not recorded.
    assert_eq!(r.host.default_isolation, "");
    let page = render(&r);
    assert!(
        page.contains("class=\"fp-default-isolation\">not recorded</dd>"),
        "{page}"
    );
    r.host.default_isolation = "hyperv".into();
    assert!(render(&r).contains("class=\"fp-default-isolation\"><code>hyperv</code></dd>"));
    // Older records have no such field.
    let mut json = serde_json::to_value(&r).unwrap();
    json["host"].as_object_mut().unwrap().remove("default_isolation");
    let old: proofbook::record::RunRecord = serde_json::from_value(json).unwrap();
    assert_eq!(old.host.default_isolation, "");
}

/// Every recorded host over the repository's lessons, both languages: the
/// claims each transcript decides, with the verdict its captures give, and
/// every other claim not run with a reason. Each host's column is judged by
/// the claims code; `src/transcripts/tests.rs` alters captures to flip them.
#[test]
fn every_recorded_host_decides_what_its_transcript_shows() {
    use proofbook::transcripts::{DOCS, TECH_PREVIEW, WS2019};
    let lessons = lesson::load_all(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons")])
        .unwrap_or_else(|e| panic!("{e:?}"));
    let decided: &[(&str, &[(&str, Verdict)])] = &[
        (
            WS2019.label,
            &[
                ("process-isolation/process-shares-pid", Verdict::Proven),
                ("process-isolation/sandboxed-hidden", Verdict::Proven),
                ("system-processes/own-system-processes", Verdict::Proven),
                ("system-processes/sandbox-own-system-processes", Verdict::Proven),
                ("sandbox-isolation/workload-hidden", Verdict::Proven),
            ],
        ),
        (
            DOCS.label,
            &[
                // The process isolation example: 3964 is the host's ping.
                ("process-isolation/process-shares-pid", Verdict::Proven),
                // The Hyper-V example: 1732 is no host ping, one vmwp runs.
                ("sandbox-isolation/workload-hidden", Verdict::Proven),
            ],
        ),
        (
            TECH_PREVIEW.label,
            &[
                // csrss 1228 inside the Windows Server container is the host's 1228.
                ("system-processes/same-process-both-sides", Verdict::Proven),
                // csrss 956 inside the Hyper-V container is none of the host's.
                ("system-processes/sandbox-csrss-not-on-host", Verdict::Proven),
            ],
        ),
    ];
    let hosts = proofbook::transcripts::windows_hosts(&lessons);
    assert_eq!(
        hosts.iter().map(|h| h.label.as_str()).collect::<Vec<_>>(),
        decided.iter().map(|(l, _)| *l).collect::<Vec<_>>()
    );
    for (h, (_, want)) in hosts.iter().zip(decided) {
        assert_eq!(h.records.len(), lessons.len(), "{}: a record per lesson", h.label);
        for r in &h.records {
            for c in &r.claims {
                let key = format!("{}/{}", r.lesson, c.id);
                let expected = want.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
                assert_eq!(
                    c.verdict,
                    expected.unwrap_or(Verdict::NotRun),
                    "{} {}/{key}: {}",
                    h.label,
                    r.lang,
                    c.reason
                );
                assert!(!c.reason.is_empty(), "{} {key}: a reason", h.label);
            }
        }
    }
}

/// What the Technical Preview and documentation columns show for the steps
/// they answer: the command the page typed, not one it did not.
#[test]
fn recorded_steps_show_what_the_page_typed() {
    use proofbook::transcripts::{DOCS, TECH_PREVIEW};
    let load = |id: &str| {
        lesson::load_one(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("lessons/{id}.en.md")))
            .unwrap_or_else(|e| panic!("{e:?}"))
    };
    let tp = TECH_PREVIEW.record_for(&load("system-processes"));
    let top = tp.step("top-sandboxed").unwrap();
    assert!(top.cli.starts_with("[HYPVCON]: PS C:\\> get-process"), "{}", top.cli);
    assert!(tp
        .step("run-sandboxed")
        .unwrap()
        .cli
        .starts_with("New-Container -Name HYPVCON"));
    assert_eq!(
        tp.step("host-csrss").unwrap().host_cli.as_deref(),
        Some("get-process | where {$_.ProcessName -eq 'csrss'}")
    );
    // No exec ran in the preview's containers: the PID numbering is not judged from itself.
    assert!(matches!(
        tp.step("inside-process").unwrap().outcome,
        StepOutcome::NotRun { .. }
    ));
    let docs = DOCS.record_for(&load("sandbox-isolation"));
    assert_eq!(
        docs.step("sandbox-a").unwrap().cli,
        "docker run -d --isolation=hyperv mcr.microsoft.com/windows/servercore:ltsc2019 ping localhost -t"
    );
    assert!(docs.step("top-a").unwrap().cli.starts_with("docker top 5d5611e3"));
}
