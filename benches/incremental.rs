//! `proofbook build --changed` on the shipped lessons, as a maintainer uses it:
//! one full build, then rounds of
//!   - a prose edit of one lesson (both languages): the whole book again, from
//!     the kept evidence (target: ≤ 0.5 s and no container), and
//!   - a step edit of one lesson (both languages): only that lesson's
//!     containers (target: exactly the `run` steps of that lesson, in both
//!     languages, and none of another lesson).
//!
//! Containers are counted from the engine's own event log (`create` events
//! whose `org.proofbook.owner` label names the proofbook process of the
//! round), not from proofbook's output. Wall time is the whole process: start,
//! the host check against the engine, reading records and lessons, rendering.
//!
//! Run: `PROOFBOOK_OFFLINE=1 cargo bench --bench incremental` (needs a local
//! engine with runc and runsc). Knobs: PB_BENCH_ENGINE (default
//! unix:///var/run/docker.sock), PB_BENCH_ROUNDS (default 7). Reports; asserts
//! nothing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The lesson both edits touch, and the step line the step edit changes.
const LESSON: &str = "process-isolation";
const STEP_LINE: &str = "linux: [sleep, \"3600\"]}";
const STEP_LINE_EDITED: &str = "linux: [sleep, \"3601\"]}";

struct Round {
    wall: Duration,
    code: Option<i32>,
    created: Vec<String>,
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let engine = std::env::var("PB_BENCH_ENGINE").unwrap_or_else(|_| "unix:///var/run/docker.sock".into());
    let rounds: usize = std::env::var("PB_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::Builder::new()
        .prefix("pb-bench-incr")
        .tempdir()
        .expect("temp dir");
    let lessons = work.path().join("lessons");
    copy_lessons(&repo.join("lessons"), &lessons);
    let out = work.path().join("book");

    let full = build(&engine, &lessons, &out, false);
    if !matches!(full.code, Some(0) | Some(1)) {
        println!(
            "incremental bench skipped: the first build on {engine} failed ({:?})",
            full.code
        );
        return;
    }
    println!(
        "full build: {:.2} s, {} container(s)",
        full.wall.as_secs_f64(),
        full.created.len()
    );
    let runs = run_steps(&lessons);
    let (mut prose, mut step) = (Vec::new(), Vec::new());
    for r in 0..rounds {
        edit_prose(&lessons, r);
        prose.push(build(&engine, &lessons, &out, true));
        let (from, to) = if r % 2 == 0 {
            (STEP_LINE, STEP_LINE_EDITED)
        } else {
            (STEP_LINE_EDITED, STEP_LINE)
        };
        edit_both(&lessons, from, to);
        step.push(build(&engine, &lessons, &out, true));
        println!(
            "round {r}: prose edit {:.3} s, {} container(s); step edit {:.2} s, {} container(s)",
            prose[r].wall.as_secs_f64(),
            prose[r].created.len(),
            step[r].wall.as_secs_f64(),
            step[r].created.len()
        );
    }
    report(&full, &prose, &step, runs);
}

fn report(full: &Round, prose: &[Round], step: &[Round], runs: usize) {
    let p = median(prose.iter().map(|r| r.wall));
    let s = median(step.iter().map(|r| r.wall));
    let prose_made: usize = prose.iter().map(|r| r.created.len()).sum();
    let step_counts: Vec<usize> = step.iter().map(|r| r.created.len()).collect();
    let foreign: Vec<&String> = step
        .iter()
        .flat_map(|r| &r.created)
        .filter(|n| !n.contains(&format!("-{LESSON}-")))
        .collect();
    let failed = prose
        .iter()
        .chain(step)
        .filter(|r| !matches!(r.code, Some(0) | Some(1)))
        .count();
    println!("\nmedian of {} rounds:", prose.len());
    println!("  full build                 {:.2} s", full.wall.as_secs_f64());
    println!("  prose edit → whole book    {p:.3} s, {prose_made} container(s) in all rounds   (target ≤ 0.5 s, 0)");
    println!(
        "  step edit  → that lesson   {s:.2} s, containers per round {step_counts:?}   (target {runs} each: \
         the `run` steps of {LESSON} in both languages)"
    );
    println!("  containers of other lessons in step rounds: {}", foreign.len());
    println!("  builds that failed: {failed}");
    println!(
        "  load average at end        {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
}

/// One `proofbook build` (with `--changed` when asked) and the containers the
/// engine created for that very process.
fn build(engine: &str, lessons: &Path, out: &Path, changed: bool) -> Round {
    let since = format!("{:.3}", unix_now() - 1.0);
    let mut events = watch_creates(engine, &since);
    // The subscription must be in place before the build's first create.
    std::thread::sleep(Duration::from_millis(300));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_proofbook"));
    cmd.args(["build", "--quiet", "--engine", engine, "--out"]).arg(out);
    if changed {
        cmd.arg("--changed");
    }
    let t0 = Instant::now();
    let child = cmd
        .arg(lessons)
        .env("PROOFBOOK_OFFLINE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("proofbook starts");
    let pid = child.id();
    let status = child.wait_with_output().expect("proofbook ends").status;
    let wall = t0.elapsed();
    // Events are delivered as they happen; a moment covers the last one in flight.
    std::thread::sleep(Duration::from_millis(500));
    let _ = events.kill();
    let seen = events.wait_with_output().expect("docker events ends");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let owner = format!("{}:{pid}", host.trim());
    let created = String::from_utf8_lossy(&seen.stdout)
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(o, _)| *o == owner)
        .map(|(_, name)| name.to_string())
        .collect();
    Round {
        wall,
        code: status.code(),
        created,
    }
}

fn watch_creates(engine: &str, since: &str) -> Child {
    Command::new("docker")
        .args(["-H", engine, "events", "--since", since])
        .args(["--filter", "type=container", "--filter", "event=create"])
        .args(["--filter", "label=org.proofbook.owner"])
        .args([
            "--format",
            "{{index .Actor.Attributes \"org.proofbook.owner\"}} {{.Actor.Attributes.name}}",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("docker events runs")
}

fn copy_lessons(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") && p.file_name().is_some_and(|n| n != "README.md") {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// A new sentence before the first heading of both languages of the lesson.
fn edit_prose(lessons: &Path, round: usize) {
    for (lang, sentence) in [
        ("en", format!("A sentence added in round {round}.")),
        ("ko", format!("{round}번째 라운드에서 더한 문장입니다.")),
    ] {
        let file = lessons.join(format!("{LESSON}.{lang}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        let at = text.find("\n## ").expect("a heading");
        std::fs::write(&file, format!("{}\n\n{sentence}\n{}", &text[..at], &text[at..])).unwrap();
    }
}

fn edit_both(lessons: &Path, from: &str, to: &str) {
    for lang in ["en", "ko"] {
        let file = lessons.join(format!("{LESSON}.{lang}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{} has `{from}`", file.display());
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
    }
}

/// The containers a build of the lesson makes: one per `run` step, per language.
fn run_steps(lessons: &Path) -> usize {
    ["en", "ko"]
        .iter()
        .map(|lang| {
            std::fs::read_to_string(lessons.join(format!("{LESSON}.{lang}.md")))
                .unwrap()
                .matches("\nrun:\n")
                .count()
        })
        .sum()
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn median(v: impl Iterator<Item = Duration>) -> f64 {
    let mut s: Vec<f64> = v.map(|d| d.as_secs_f64()).collect();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    s.get(s.len() / 2).copied().unwrap_or(f64::NAN)
}
