//! The on-disk format, pinned. A record embeds the lesson it ran (`doc`)
//! and each step as written (`request`), so a serde change in
//! `lesson/model.rs` (or in a message, or here) changes what records say on
//! disk. This test writes a small record holding every kind of step,
//! evidence, outcome and claim check once, and compares it byte for byte
//! with `tests/fixtures/records/schema-3.json`.

use super::*;
use crate::messages::Msg;
use crate::process::ProcInfo;

const GOLDEN: &str = "tests/fixtures/records/schema-3.json";

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records")
}

fn proc(pid: u32, name: &str, cmd: &str) -> ProcInfo {
    ProcInfo {
        pid,
        name: name.into(),
        cmd: cmd.into(),
        user: "root".into(),
    }
}

fn host() -> HostInfo {
    HostInfo {
        os: Os::Linux,
        os_name: "Linux (Debian GNU/Linux 12)".into(),
        os_version: "12".into(),
        os_build: String::new(),
        kernel: "6.1.0".into(),
        hostname: "workshop".into(),
        engine_endpoint: "unix:///var/run/docker.sock".into(),
        engine_version: "20.10.24".into(),
        engine_api_version: "1.41".into(),
        engine_os: "Debian GNU/Linux 12 (bookworm) 12".into(),
        runtimes: vec!["runc".into(), "runsc".into()],
        default_runtime: "runc".into(),
        isolation: vec![
            IsolationBinding {
                isolation: Isolation::Process,
                runtime: Some("runc".into()),
                worker: None,
                missing: None,
            },
            IsolationBinding {
                isolation: Isolation::Hyperv,
                runtime: Some("runsc".into()),
                worker: Some("runsc-sandbox".into()),
                missing: None,
            },
        ],
        captured_at: "2026-12-06T08:00:00.000Z".into(),
        default_isolation: String::new(),
        net_interfaces: vec!["eth0".into(), "lo".into()],
        elsewhere: Text::default(),
        proofbook_host: String::new(),
    }
}

/// The evidence each step of the format lesson captured, made by hand.
fn evidence(id: &str) -> (StepOutcome, Option<Evidence>) {
    let ok = |e: Evidence| (StepOutcome::Ok, Some(e));
    match id {
        "host" => ok(Evidence::HostInfo(Box::new(host()))),
        "host-before" => ok(Evidence::HostProcesses {
            filter: Msg::FilterName {
                names: vec!["runsc-sandbox".into()],
            }
            .into(),
            processes: vec![],
            query: Some(HostQuery {
                names: vec!["runsc-sandbox".into()],
                pids: vec![],
            }),
        }),
        "run" => ok(Evidence::Container {
            id: "c0ffee".into(),
            name: "pb-run".into(),
            image: "busybox".into(),
            image_source: Msg::ImageLocal.into(),
            isolation: Isolation::Hyperv,
            runtime: "runsc".into(),
            state: "running".into(),
        }),
        "top" => ok(Evidence::Top {
            container_id: "c0ffee".into(),
            titles: vec!["PID".into(), "CMD".into()],
            rows: vec![vec!["4242".into(), "sleep 3600".into()]],
            processes: vec![proc(4242, "sleep", "sleep 3600")],
        }),
        "ps" => ok(Evidence::Exec {
            stdout: "PID USER COMMAND\n1 root sleep 3600\n".into(),
            stderr: String::new(),
            exit_code: Some(0),
        }),
        "host-view" => ok(Evidence::HostProcesses {
            filter: Msg::FilterAll.into(),
            processes: vec![
                proc(1, "systemd", "/sbin/init"),
                proc(4343, "runsc-sandbox", "runsc-sandbox --id=c0ffee"),
            ],
            query: Some(HostQuery {
                names: vec!["sleep".into()],
                pids: vec![1],
            }),
        }),
        "file" => (StepOutcome::Timeout { after_ms: 5000 }, None),
        "reg" => (
            StepOutcome::NotRun {
                reason: Msg::StepOnlyFor {
                    only: "Windows".into(),
                    os: "Linux".into(),
                }
                .into(),
            },
            None,
        ),
        _ => (
            StepOutcome::Error {
                message: "no such container: mine".into(),
            },
            None,
        ),
    }
}

/// A small record of every kind of thing a record holds, each value fixed.
fn small_record() -> RunRecord {
    let path = root().join("format.en.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = crate::lesson::parse_lesson("format.en.md", &text).expect("the format lesson parses");
    let host = host();
    let steps: Vec<StepRecord> = doc
        .steps()
        .map(|s| {
            let (outcome, evidence) = evidence(&s.id);
            let mut r = StepRecord::captured(
                s.clone(),
                Evidence::HostFile {
                    path: String::new(),
                    exists: false,
                },
            );
            r.outcome = outcome;
            r.evidence = evidence;
            r.cli = format!("docker {}", s.id);
            r.host_cli = s.id.starts_with("host").then(|| "ps -e".to_string());
            r.started_at = "2026-12-06T08:00:01.000Z".into();
            r.duration_ms = 7;
            if s.id == "ps" {
                r.cut = vec![Cut {
                    stream: Stream::Stdout,
                    kept: 40,
                    cut: 2,
                }];
            }
            r
        })
        .collect();
    let claims = doc
        .claims()
        .enumerate()
        .map(|(i, c)| ClaimResult {
            id: c.id.clone(),
            says: c.says.clone(),
            check: c.check.kind().into(),
            verdict: [
                Verdict::Proven,
                Verdict::Refuted,
                Verdict::NotRun,
                Verdict::Timeout,
                Verdict::Error,
            ][i % 5],
            reason: Msg::StepMissing { step: "top".into() }.into(),
            evidence: c.check.steps().iter().map(|s| s.to_string()).collect(),
        })
        .collect();
    RunRecord {
        schema: SCHEMA,
        run_id: "0123456789ab".into(),
        lesson: doc.meta.lesson.clone(),
        lang: doc.meta.lang.clone(),
        title: doc.meta.title.clone(),
        source: "lessons/format.en.md".into(),
        fingerprint: Fingerprint::of(&doc, &host),
        doc,
        host,
        provenance: Provenance::Live,
        started_at: "2026-12-06T08:00:00.000Z".into(),
        duration_ms: 1234,
        steps,
        claims,
        verified: Some(Verified {
            at: "2026-12-06T09:00:00.000Z".into(),
            run_id: "ba9876543210".into(),
            engine_endpoint: "unix:///var/run/docker.sock".into(),
            steps: vec!["mine".into()],
            claims: vec!["mine-runs".into()],
        }),
        derived: Derived::default(),
    }
}

#[test]
fn the_on_disk_format_is_pinned() {
    let written = serde_json::to_string_pretty(&small_record()).unwrap() + "\n";
    let golden = std::fs::read_to_string(root().join("schema-3.json")).unwrap_or_default();
    if written != golden {
        let at = written
            .lines()
            .zip(golden.lines())
            .position(|(w, g)| w != g)
            .unwrap_or_else(|| written.lines().count().min(golden.lines().count()));
        panic!(
            "this changes the on-disk record format: bump SCHEMA and keep older schemas reading \
             (docs/records.md says how), then write the new format to {GOLDEN}.\n\
             First difference at line {}:\n  {GOLDEN}: {}\n  written now: {}\n\
             The record as written now:\n{written}",
            at + 1,
            golden.lines().nth(at).unwrap_or("(end of file)"),
            written.lines().nth(at).unwrap_or("(end of output)"),
        );
    }
}

#[test]
fn the_pinned_record_reads_back_as_it_was_made() {
    let back = read_record(&root().join("schema-3.json")).expect("the pinned record reads");
    assert_eq!(back, small_record());
    assert_eq!(back.schema, SCHEMA, "the pinned record is of the schema written now");
}
