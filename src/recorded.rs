//! A Windows host the reader does not have: output recorded on a real
//! Windows Server 2019 machine (build 17763, `nanoserver:1809`, process and
//! Hyper-V isolation), shipped with proofbook and turned into run records.
//!
//! Only the *captures* are shipped (tests/fixtures/windows/, compiled in); they
//! are parsed with the same `platform::windows` readers a Windows run would use,
//! and every claim is judged by `claims::judge` like a live one. A lesson step
//! the transcript has no capture for, or whose request differs from what the
//! transcript ran, is not run — never filled in.

use crate::claims::{self, EvidenceSet};
use crate::lesson::{Action, Check, Claim, Isolation, Lesson, Step};
use crate::messages::{Msg, Text};
use crate::platform::{self, windows, Os};
use crate::record::HostRecords;
use crate::record::{self, Evidence, HostInfo, Provenance, RunRecord, StepOutcome, StepRecord};

/// The folder label of the recorded host in the book (`hosts/<label>/…`).
pub const LABEL: &str = "windows-server-2019-recorded";

/// The captures, one per file, as cleaned from the seeds (see tests/fixtures/windows/README.md).
pub mod fixtures {
    macro_rules! fixture {
        ($name:ident, $file:literal) => {
            pub const $name: &str = include_str!(concat!("../tests/fixtures/windows/", $file));
        };
    }
    // Seed 000: one reader's Windows Server 2019 host, in the order typed.
    fixture!(DOCKER_IMAGES, "ws2019-docker-images.txt");
    fixture!(RUN_PROCESS, "ws2019-run-process.txt");
    fixture!(TOP_PROCESS, "ws2019-top-process.txt");
    fixture!(HOST_PING_PROCESS_RUNNING, "ws2019-host-ping-process-running.txt");
    fixture!(HOST_VMWP_BEFORE_HYPERV, "ws2019-host-vmwp-before-hyperv.txt");
    fixture!(RUN_HYPERV, "ws2019-run-hyperv.txt");
    fixture!(HOST_PING_HYPERV_STARTED, "ws2019-host-ping-hyperv-started.txt");
    fixture!(TOP_HYPERV, "ws2019-top-hyperv.txt");
    fixture!(HOST_PING_BOTH_RUNNING, "ws2019-host-ping-both-running.txt");
    fixture!(HOST_VMWP_BOTH_RUNNING, "ws2019-host-vmwp-both-running.txt");
}

/// What the transcript typed to start a container.
struct RecordedRun {
    isolation: Isolation,
    name: &'static str,
    /// `docker run -d` prints the container id: the capture.
    id_capture: &'static str,
    command: &'static [&'static str],
}

enum Source {
    /// The host as the transcript describes it (see `host_info`).
    HostInfo,
    Run(RecordedRun),
    /// `docker top <id>` of the container a recorded run printed.
    Top {
        run_capture: &'static str,
        capture: &'static str,
    },
    /// `Get-Process -Name <name>` captures, and when in the transcript they were taken.
    HostProcesses {
        captures: &'static [(&'static str, &'static str)],
        when: When,
    },
}

/// When in the transcript a host table was taken.
enum When {
    BothRunning,
    BeforeHyperv,
}

impl When {
    fn msg(&self) -> Msg {
        match self {
            When::BothRunning => Msg::TranscriptBothRunning,
            When::BeforeHyperv => Msg::TranscriptBeforeHyperv,
        }
    }
}

const IMAGE: &str = "mcr.microsoft.com/windows/nanoserver:1809";
const BUILD: &str = "17763";

const RUN_PROCESS: Source = Source::Run(RecordedRun {
    isolation: Isolation::Process,
    name: "process",
    id_capture: fixtures::RUN_PROCESS,
    command: &["ping", "localhost", "-t"],
});
const TOP_PROCESS: Source = Source::Top {
    run_capture: fixtures::RUN_PROCESS,
    capture: fixtures::TOP_PROCESS,
};
const RUN_HYPERV: Source = Source::Run(RecordedRun {
    isolation: Isolation::Hyperv,
    name: "hyperv",
    id_capture: fixtures::RUN_HYPERV,
    command: &["ping", "localhost", "-t"],
});
const TOP_HYPERV: Source = Source::Top {
    run_capture: fixtures::RUN_HYPERV,
    capture: fixtures::TOP_HYPERV,
};
/// Taken last in the transcript, with both containers running.
const HOST_TABLES: Source = Source::HostProcesses {
    captures: &[
        ("ping", fixtures::HOST_PING_BOTH_RUNNING),
        ("vmwp", fixtures::HOST_VMWP_BOTH_RUNNING),
    ],
    when: When::BothRunning,
};
/// Taken after the process-isolated container started, before the Hyper-V one.
const HOST_TABLES_BEFORE_HYPERV: Source = Source::HostProcesses {
    captures: &[
        ("ping", fixtures::HOST_PING_PROCESS_RUNNING),
        ("vmwp", fixtures::HOST_VMWP_BEFORE_HYPERV),
    ],
    when: When::BeforeHyperv,
};

/// lesson id, step id → the capture that answers it. Keyed by lesson id, so
/// every language of a lesson reads the same transcript. Each entry is still
/// checked against the step's request (`evidence_for`): a lesson that changes
/// the step gets "not run", not a capture of something else. The transcript
/// started one container of each kind, so a lesson with more (sandbox-b,
/// sandbox-c) gets only the first answered.
const TRANSCRIPT: &[(&str, &str, Source)] = &[
    ("process-isolation", "host", Source::HostInfo),
    ("process-isolation", "run-process", RUN_PROCESS),
    ("process-isolation", "top-process", TOP_PROCESS),
    ("process-isolation", "host-before", HOST_TABLES_BEFORE_HYPERV),
    ("process-isolation", "run-sandboxed", RUN_HYPERV),
    ("process-isolation", "top-sandboxed", TOP_HYPERV),
    ("process-isolation", "host-view", HOST_TABLES),
    ("system-processes", "run-process", RUN_PROCESS),
    ("system-processes", "top-process", TOP_PROCESS),
    ("system-processes", "run-sandboxed", RUN_HYPERV),
    ("system-processes", "top-sandboxed", TOP_HYPERV),
    ("sandbox-isolation", "host", Source::HostInfo),
    ("sandbox-isolation", "host-before", HOST_TABLES_BEFORE_HYPERV),
    ("sandbox-isolation", "sandbox-a", RUN_HYPERV),
    ("sandbox-isolation", "top-a", TOP_HYPERV),
    ("sandbox-isolation", "host-view", HOST_TABLES),
    ("what-is-isolated", "host", Source::HostInfo),
    ("what-is-isolated", "run-process", RUN_PROCESS),
    ("versions", "host", Source::HostInfo),
    ("versions", "run-process", RUN_PROCESS),
];

/// The recorded host as the transcript states it: Windows Server 2019, an
/// image tag (1809) matching the host's build, both isolation modes. What it
/// does not show (engine version, kernel string, host name, date) stays empty.
pub fn host_info() -> HostInfo {
    HostInfo {
        os: "windows".into(),
        os_name: "Windows Server 2019".into(),
        os_version: "1809".into(),
        os_build: BUILD.into(),
        kernel: String::new(),
        hostname: String::new(),
        engine_endpoint: String::new(),
        engine_version: "Docker (version not in the transcript)".into(),
        engine_api_version: String::new(),
        engine_os: "windows".into(),
        runtimes: Vec::new(),
        default_runtime: String::new(),
        isolation: windows::bindings(),
        // The transcript carries no date; the note says where it comes from.
        captured_at: String::new(),
        // The transcript passes --isolation every time and shows no `docker info`.
        default_isolation: String::new(),
        net_interfaces: Vec::new(),
        elsewhere: String::new(),
        proofbook_host: String::new(),
    }
}

/// One recorded host with a record for every lesson given; `[]` without lessons.
pub fn windows_hosts(lessons: &[Lesson]) -> Vec<HostRecords> {
    if lessons.is_empty() {
        return Vec::new();
    }
    let records = lessons.iter().map(record_for).collect();
    vec![HostRecords {
        label: LABEL.to_string(),
        records,
    }]
}

/// The run record the transcript yields for one lesson, claims judged from it.
pub fn record_for(lesson: &Lesson) -> RunRecord {
    let host = host_info();
    let mut steps: Vec<StepRecord> = Vec::new();
    for step in lesson.steps() {
        let source = source(&lesson.meta.lesson, &step.id);
        let rec = match source {
            None => StepRecord::not_run(step, Msg::NotInTranscript.into()),
            Some(src) => match evidence_for(step, src, &steps, &host) {
                Ok((evidence, cli, host_cli)) => StepRecord {
                    id: step.id.clone(),
                    action: step.action.name().to_string(),
                    request: step.clone(),
                    cli,
                    host_cli,
                    outcome: StepOutcome::Ok,
                    evidence: Some(evidence),
                    started_at: String::new(),
                    duration_ms: 0,
                    cut: Vec::new(),
                },
                Err(reason) => StepRecord::not_run(step, reason),
            },
        };
        steps.push(rec);
    }
    let ev = EvidenceSet::on_host(Os::Windows, &steps, &host.isolation);
    let claims = claims::judge_lesson(lesson, &ev, |c| {
        unanswerable(c, lesson)
            .or_else(|| undecidable_count(c, lesson))
            .map(Text::from)
    });
    RunRecord {
        schema: record::SCHEMA,
        run_id: "recorded-ws2019".into(),
        lesson: lesson.meta.lesson.clone(),
        lang: lesson.meta.lang.clone(),
        title: lesson.meta.title.clone(),
        source: lesson.path.clone(),
        doc: lesson.clone(),
        provenance: Provenance::Recorded {
            note: Msg::RecordedWs2019Note.into(),
        },
        fingerprint: crate::freshness::Fingerprint::of(lesson, &host),
        host,
        started_at: String::new(),
        duration_ms: 0,
        steps,
        claims,
        stale: None,
        verified: None,
    }
}

/// The transcript's host tables list only the processes of the names typed
/// (`Get-Process -Name ping`, `-Name vmwp`). A claim that looks up any other
/// process in them would be judged on an absence the transcript never
/// observed, so it is not judged at all.
fn unanswerable(claim: &Claim, lesson: &Lesson) -> Option<Msg> {
    for id in claim.check.steps() {
        let Some(Source::HostProcesses { captures, .. }) = source(&lesson.meta.lesson, id) else {
            continue;
        };
        let have: Vec<String> = captures.iter().map(|(n, _)| n.to_string()).collect();
        let covered = |name: &str| {
            have.iter()
                .any(|h| record::normalize_name(h) == record::normalize_name(name))
        };
        let wanted: Option<String> = match &claim.check {
            Check::VisibleOnHost { process, .. } | Check::HiddenFromHost { process, .. } => process.for_os(Os::Windows),
            Check::HostProcessCount { name, .. } => match name {
                Some(n) => n.for_os(Os::Windows),
                None => Some(windows::VM_WORKER.to_string()),
            },
            _ => {
                return Some(Msg::TranscriptTablesCannotAnswer {
                    names: have,
                    kind: claim.check.kind().to_string(),
                })
            }
        };
        if let Some(n) = wanted.filter(|n| !covered(n)) {
            return Some(Msg::TranscriptTablesLack {
                names: have,
                process: n,
            });
        }
    }
    None
}

/// A worker count read against a `before` table needs two captures of the
/// workers taken at different times. Identical captures (same PIDs, same CPU
/// seconds: a running VM worker's CPU time grows) are one output shown twice,
/// which can neither prove nor refute that a worker appeared.
fn undecidable_count(claim: &Claim, lesson: &Lesson) -> Option<Msg> {
    let Check::HostProcessCount {
        host,
        before: Some(before),
        name,
        ..
    } = &claim.check
    else {
        return None;
    };
    let worker = name
        .as_ref()
        .and_then(|n| n.for_os(Os::Windows))
        .unwrap_or_else(|| windows::VM_WORKER.to_string());
    let capture = |step: &str| match source(&lesson.meta.lesson, step) {
        Some(Source::HostProcesses { captures, .. }) => captures
            .iter()
            .find(|(n, _)| record::normalize_name(n) == record::normalize_name(&worker))
            .map(|(_, text)| normalized(text)),
        _ => None,
    };
    let (after, earlier) = (capture(host)?, capture(before)?);
    if after != earlier || after.is_empty() {
        return None;
    }
    let pids = earlier
        .iter()
        .flat_map(|l| windows::parse_get_process(l))
        .map(|p| p.pid)
        .collect();
    Some(Msg::TranscriptSameCaptures {
        before: before.clone(),
        host: host.clone(),
        worker,
        pids,
    })
}

/// A capture's data rows, whitespace collapsed (header and rule lines dropped).
fn normalized(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && !l.starts_with("Handles") && !l.starts_with('-'))
        .collect()
}

fn source(lesson: &str, step: &str) -> Option<&'static Source> {
    TRANSCRIPT
        .iter()
        .find(|(l, s, _)| *l == lesson && *s == step)
        .map(|(_, _, src)| src)
}

fn container_id(capture: &str) -> String {
    capture.trim().to_string()
}

/// Server Core and Nano Server of one tag are the same Windows build; the
/// lessons use Server Core only where a step needs a tool Nano Server lacks
/// (`tasklist`), and the transcript ran no such step. Any other image, or
/// another tag, is not what the transcript ran.
fn same_build_base_image(image: &str) -> bool {
    image == IMAGE || image == IMAGE.replace("/nanoserver:", "/servercore:")
}

type Built = (Evidence, String, Option<String>);

/// The evidence a capture gives for a step, or why it does not answer that step.
fn evidence_for(step: &Step, src: &Source, earlier: &[StepRecord], host: &HostInfo) -> Result<Built, Text> {
    let no_form = || Text::from(Msg::StepNoForm { os: "Windows".into() });
    match (src, &step.action) {
        (Source::HostInfo, Action::HostInfo(_)) => {
            Ok((Evidence::HostInfo(Box::new(host.clone())), "docker images".into(), None))
        }
        (Source::Run(r), Action::Run(run)) => {
            let typed = format!(
                "docker run -d --name {} --isolation={} {IMAGE} {}",
                r.name,
                r.isolation.as_str(),
                r.command.join(" ")
            );
            let image = run.image.for_os(Os::Windows).ok_or_else(no_form)?;
            let image = platform::expand_image(Os::Windows, &image, BUILD, run.isolation).map_err(Text::from)?;
            let command = run.command.for_os(Os::Windows).ok_or_else(no_form)?;
            if run.isolation != r.isolation || !same_build_base_image(&image) || command != r.command {
                return Err(Msg::TranscriptRanOther { typed }.into());
            }
            let id = container_id(r.id_capture);
            let image_source = if image == IMAGE {
                Msg::ImagePulledInTranscript
            } else {
                Msg::ImageOtherBaseInTranscript {
                    asked: image,
                    ran: IMAGE.into(),
                }
            }
            .into();
            Ok((
                Evidence::Container {
                    id,
                    name: r.name.into(),
                    image: IMAGE.into(),
                    image_source,
                    isolation: r.isolation,
                    runtime: r.isolation.as_str().into(),
                    state: "running".into(),
                },
                typed,
                None,
            ))
        }
        (Source::Top { run_capture, capture }, Action::Top(top)) => {
            let id = container_id(run_capture);
            let started = earlier
                .iter()
                .find(|s| s.id == top.container)
                .and_then(|s| match &s.evidence {
                    Some(Evidence::Container { id, .. }) => Some(id.clone()),
                    _ => None,
                });
            if started.as_deref() != Some(id.as_str()) {
                return Err(Msg::TranscriptOtherContainer {
                    id: crate::record::short_id(&id).to_string(),
                }
                .into());
            }
            let (titles, rows) = windows::docker_top_table(capture);
            let processes = windows::parse_docker_top(capture);
            Ok((
                Evidence::Top {
                    container_id: id.clone(),
                    titles,
                    rows,
                    processes,
                },
                format!("docker top {id}"),
                None,
            ))
        }
        (Source::HostProcesses { captures, when }, Action::HostProcesses(hp)) => {
            let wanted = hp.name.as_ref().and_then(|n| n.for_os(Os::Windows)).unwrap_or_default();
            if wanted.is_empty() || !hp.pids.is_empty() {
                return Err(Msg::TranscriptByNameOnly.into());
            }
            let have: Vec<&str> = captures.iter().map(|(n, _)| *n).collect();
            let missing: Vec<&String> = wanted
                .iter()
                .filter(|w| {
                    !have
                        .iter()
                        .any(|h| record::normalize_name(h) == record::normalize_name(w))
                })
                .collect();
            if !missing.is_empty() {
                return Err(Msg::TranscriptNoCapture {
                    names: missing.into_iter().cloned().collect(),
                }
                .into());
            }
            let used: Vec<&(&str, &str)> = captures
                .iter()
                .filter(|(n, _)| {
                    wanted
                        .iter()
                        .any(|w| record::normalize_name(w) == record::normalize_name(n))
                })
                .collect();
            let processes = used
                .iter()
                .flat_map(|(_, text)| windows::parse_get_process(text))
                .collect();
            let names: Vec<&str> = used.iter().map(|(n, _)| *n).collect();
            let filter = Msg::FilterTranscript {
                names: names.iter().map(|n| n.to_string()).collect(),
                when: when.msg().boxed(),
                pids_from: hp.pids_from.clone(),
            }
            .into();
            let host_cli = names
                .iter()
                .map(|n| format!("Get-Process -Name {n}"))
                .collect::<Vec<_>>()
                .join("; ");
            // Only name lookups were transcribed: that is all this table was asked for.
            let query = record::HostQuery {
                names: names.iter().map(|n| n.to_string()).collect(),
                pids: Vec::new(),
            };
            Ok((
                Evidence::HostProcesses {
                    filter,
                    processes,
                    query: Some(query),
                },
                String::new(),
                Some(host_cli),
            ))
        }
        _ => Err(Msg::TranscriptOtherKind {
            action: step.action.name().to_string(),
        }
        .into()),
    }
}
