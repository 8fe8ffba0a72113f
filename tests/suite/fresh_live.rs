//! `build --changed` against the real engine: what it runs again is counted
//! from the engine's own event log (container `create` events carrying the
//! owner label of the proofbook process under test), not from proofbook's output.

use crate::common::*;

use std::path::Path;
use std::process::Command;

const LESSONS: [&str; 3] = [
    "process-isolation.en.md",
    "process-isolation.ko.md",
    "sandbox-isolation.en.md",
];

/// A run of proofbook and the names of the containers the engine created for it.
struct Run {
    code: i32,
    output: String,
    created: Vec<String>,
}

/// Runs `proofbook build` and asks the engine which containers this very
/// process (its `org.proofbook.owner` label: host name and PID) created. The
/// event stream is subscribed before the build starts: the engine keeps only
/// its last 256 events for a later `--since` query, and other engineers'
/// tests on the shared engine can push a build's events out of that window.
fn build(out: &Path, lessons: &Path, extra: &[&str]) -> Run {
    let since = format!("{:.3}", unix_now() - 1.0);
    let mut events = Command::new("docker")
        .args(["-H", MAIN_ENGINE, "events", "--since", &since])
        // Its own time limit: the stream ends by itself after the build's.
        .args(["--until", &format!("{:.3}", unix_now() + LIMIT.as_secs_f64() + 60.0)])
        .args(["--filter", "type=container", "--filter", "event=create"])
        .args(["--filter", "label=org.proofbook.owner"])
        .args([
            "--format",
            "{{index .Actor.Attributes \"org.proofbook.owner\"}} {{.Actor.Attributes.name}}",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("docker events runs");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut args = vec![
        "build",
        "--quiet",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.push(lessons.to_str().unwrap());
    let child = command()
        .args(&args)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("proofbook starts");
    let pid = child.id();
    let o = wait_within(child, LIMIT, "proofbook build");
    // Events are delivered as they happen; a moment covers the last one in flight.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let _ = events.kill();
    let seen = events.wait_with_output().expect("docker events ends");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let owner = format!("{}:{pid}", host.trim());
    Run {
        code: o.status.code().unwrap_or(-1),
        output: text(&o),
        created: String::from_utf8_lossy(&seen.stdout)
            .lines()
            .filter_map(|l| l.split_once(' '))
            .filter(|(o, _)| *o == owner)
            .map(|(_, name)| name.to_string())
            .collect(),
    }
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    for l in LESSONS {
        std::fs::copy(repo().join("lessons").join(l), lessons.join(l)).unwrap();
    }
    let out = dir.path().join("book");
    (dir, lessons, out)
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

fn run_steps(lesson: &Path) -> usize {
    std::fs::read_to_string(lesson).unwrap().matches("\nrun:\n").count()
}

#[test]
fn a_prose_edit_makes_no_container_and_updates_the_pages() {
    require!(LIVE);
    let (_dir, lessons, out) = setup();
    let first = build(&out, &lessons, &[]);
    assert_eq!(first.code, 0, "{}", first.output);
    // The count works: a full build creates every lesson's run containers.
    let all: usize = LESSONS.iter().map(|l| run_steps(&lessons.join(l))).sum();
    assert_eq!(first.created.len(), all, "{:?}\n{}", first.created, first.output);

    let en = lessons.join("process-isolation.en.md");
    let ko = lessons.join("process-isolation.ko.md");
    edit(
        &en,
        "\n## A workload",
        "\nA sentence added for the workshop.\n\n## A workload",
    );
    let ko_text = std::fs::read_to_string(&ko).unwrap();
    let heading = ko_text.lines().find(|l| l.starts_with("## ")).unwrap().to_string();
    edit(&ko, &heading, &format!("워크숍을 위해 더한 문장입니다.\n\n{heading}"));

    let junit = out.with_extension("xml");
    let again = build(&out, &lessons, &["--changed", "--junit", junit.to_str().unwrap()]);
    assert_eq!(again.code, 0, "{}", again.output);
    assert!(again.created.is_empty(), "a prose edit created {:?}", again.created);
    // The report covers kept records too: every claim of every lesson, once.
    let claims: usize = LESSONS
        .iter()
        .map(|l| {
            std::fs::read_to_string(lessons.join(l))
                .unwrap()
                .matches("```claim")
                .count()
        })
        .sum();
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), claims, "{xml}");
    assert!(xml.contains("classname=\"process-isolation.ko\""), "{xml}");
    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    assert!(page("en/process-isolation.html").contains("A sentence added for the workshop."));
    assert!(page("ko/process-isolation.html").contains("워크숍을 위해 더한 문장입니다."));
    assert!(page("en/handout.html").contains("A sentence added for the workshop."));
    // The whole book, verdicts kept: every lesson still has its page and its verdicts.
    for (page_name, claim) in [
        ("en/process-isolation.html", "process-isolation/process-shares-pid"),
        ("en/sandbox-isolation.html", "sandbox-isolation/one-worker-each"),
    ] {
        let html = page(page_name);
        assert_eq!(
            verdict_in(&html, claim).as_deref(),
            Some("proven"),
            "{page_name}: {claim}"
        );
    }
    // The kept record carries the new prose, so a later `render` shows it too.
    let rec = std::fs::read_to_string(out.join("records/var-run-docker-sock/process-isolation.en.json")).unwrap();
    assert!(rec.contains("A sentence added for the workshop."));
    assert!(again.output.contains("kept en/process-isolation"), "{}", again.output);
}

#[test]
fn a_step_edit_runs_only_that_lessons_containers() {
    require!(LIVE);
    let (_dir, lessons, out) = setup();
    let first = build(&out, &lessons, &[]);
    assert_eq!(first.code, 0, "{}", first.output);

    let sandbox = lessons.join("sandbox-isolation.en.md");
    edit(&sandbox, "linux: [sleep, \"3600\"]", "linux: [sleep, \"3599\"]");
    let again = build(&out, &lessons, &["--changed"]);
    assert_eq!(again.code, 0, "{}", again.output);
    assert_eq!(again.created.len(), run_steps(&sandbox), "{:?}", again.created);
    for name in &again.created {
        assert!(
            name.contains("-sandbox-isolation-en-"),
            "{name} is not the edited lesson's"
        );
    }
    assert!(
        again.output.contains("running en/sandbox-isolation: steps changed"),
        "{}",
        again.output
    );

    // A missing record, and a record taken on another host, run again; a
    // record written before fingerprints existed is kept when it fits.
    let records = out.join("records/var-run-docker-sock");
    std::fs::remove_file(records.join("process-isolation.ko.json")).unwrap();
    let en_path = records.join("process-isolation.en.json");
    let mut en: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&en_path).unwrap()).unwrap();
    en["host"]["kernel"] = serde_json::json!("0.0.0-another-host");
    en.as_object_mut().unwrap().remove("fingerprint");
    std::fs::write(&en_path, serde_json::to_vec(&en).unwrap()).unwrap();
    let sb_path = records.join("sandbox-isolation.en.json");
    let mut sb: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sb_path).unwrap()).unwrap();
    sb.as_object_mut().unwrap().remove("fingerprint");
    std::fs::write(&sb_path, serde_json::to_vec(&sb).unwrap()).unwrap();

    let third = build(&out, &lessons, &["--changed"]);
    assert_eq!(third.code, 0, "{}", third.output);
    let process = run_steps(&lessons.join("process-isolation.en.md"));
    assert_eq!(third.created.len(), 2 * process, "{:?}", third.created);
    assert!(
        third.created.iter().all(|n| n.contains("-process-isolation-")),
        "{:?}",
        third.created
    );
    assert!(
        third.output.contains("running ko/process-isolation: no record yet"),
        "{}",
        third.output
    );
    assert!(
        third.output.contains("running en/process-isolation: the host differs"),
        "{}",
        third.output
    );
    assert!(third.output.contains("kept en/sandbox-isolation"), "{}", third.output);
}
