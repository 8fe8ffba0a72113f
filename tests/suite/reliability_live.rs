//! No proofbook container outlives a build, whatever happens to it: success,
//! a refuted claim, a step timeout, Ctrl-C / SIGTERM, a runtime that hangs, the
//! engine stopping or restarting mid-run, an engine that is not there at all.
//! Leftovers of a crashed run are swept (and reported) by the next build.
//!
//! Disruptive tests (hanging runtime, engine stop/restart, sweeping) use
//! private engines; the main engine is only used to run containers.

use crate::common::*;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const LESSON: &str = "lessons/process-isolation.en.md";

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string()
}

fn spawn_build(args: &[&str]) -> Child {
    command()
        .arg("build")
        .arg("--quiet")
        .args(args)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("proofbook starts")
}

/// Waits for the child within `limit` (killed by its PID past it); how long it took.
fn wait_for(child: Child, limit: Duration) -> (Output, Duration) {
    let t0 = Instant::now();
    let pid = child.id();
    let o = wait_within(child, limit, &format!("proofbook (PID {pid})"));
    (o, t0.elapsed())
}

/// Polls until a container owned by `pid` exists on `engine`.
fn wait_for_container(engine: &str, pid: u32, limit: Duration) -> Vec<String> {
    let t0 = Instant::now();
    while t0.elapsed() < limit {
        let ids = owned_by(engine, pid);
        if !ids.is_empty() {
            return ids;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no container of proofbook PID {pid} appeared within {limit:?}");
}

fn records_in(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out.join("records"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| e.into_path())
        .collect()
}

/// Every record written is a valid run record; returns them.
fn read_records(out: &Path) -> Vec<proofbook::record::RunRecord> {
    let files = records_in(out);
    assert!(!files.is_empty(), "records are written under {}", out.display());
    files
        .iter()
        .map(|f| proofbook::record::read_record(f).unwrap_or_else(|e| panic!("{} is a valid record: {e}", f.display())))
        .collect()
}

/// What a build took beyond its steps (start, images, cleanup): the steps
/// themselves slow down with the machine's load, and their own limits bound
/// them; this part must stay small however long they took.
fn beyond_steps(r: &proofbook::record::RunRecord, took: Duration) -> Duration {
    let steps: u64 = r.steps.iter().map(|s| s.duration_ms).sum();
    took.saturating_sub(Duration::from_millis(steps))
}

fn claim_verdict(r: &proofbook::record::RunRecord, id: &str) -> String {
    r.claims
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.verdict.as_str().to_string())
        .unwrap_or_else(|| panic!("claim {id} in record"))
}

fn step_outcome(r: &proofbook::record::RunRecord, id: &str) -> String {
    r.step(id)
        .map(|s| s.outcome.label().to_string())
        .unwrap_or_else(|| panic!("step {id} in record"))
}

/// A lesson with a slow exec (`sleep <secs>`) between two containers.
/// A build of a 40 s `sleep` lesson on `engine`, returned once its first
/// container has been running for half a second: the moment to disrupt it.
/// (lesson, book folder, the build process)
fn slow_build_under_way(engine: &PrivateEngine, dir: &Path) -> (PathBuf, PathBuf, Child) {
    let lesson = slow_lesson(dir, 40, 60);
    let out = dir.join("book");
    let child = spawn_build(&[
        "--engine",
        &engine.socket,
        "--out",
        out.to_str().unwrap(),
        lesson.to_str().unwrap(),
    ]);
    wait_for_container(&engine.socket, child.id(), Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(500));
    (lesson, out, child)
}

fn slow_lesson(dir: &Path, secs: u32, timeout: u32) -> PathBuf {
    let path = dir.join("slow.en.md");
    std::fs::write(
        &path,
        format!(
            r#"---
title: Slow
lang: en
lesson: slow
order: 1
summary: A lesson with one slow step.
---

```step
id: r
run:
  image: busybox
  isolation: process
  command: [sleep, "3600"]
```

```step
id: slow
timeout: {timeout}
exec: {{container: r, command: [sleep, "{secs}"]}}
```

```step
id: t
top: {{container: r}}
```

```step
id: r2
run:
  image: busybox
  isolation: process
  command: [sleep, "3600"]
```

```step
id: say
exec: {{container: r2, command: [echo, "<b>hi</b>"]}}
```

```claim
id: slept
says: The slow step finished.
check: {{kind: compare, left: {{step: slow, field: exit_code}}, op: equals, right: {{value: "0"}}}}
```

```claim
id: listed
says: top lists sleep.
check: {{kind: top_lists, top: t, names: [sleep]}}
```

```claim
id: said
says: echo said hi.
check: {{kind: compare, left: {{step: say, field: stdout}}, op: equals, right: {{value: "<b>hi</b>"}}}}
```
"#
        ),
    )
    .unwrap();
    path
}

/// runsc processes working for containers of a private engine (its root is in their command lines).
fn runtime_processes_of(engine: &PrivateEngine) -> Vec<String> {
    let root = engine.path().display().to_string();
    let out = Command::new("ps").args(["-eo", "pid,args"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("runsc") && l.contains(&root))
        .map(str::to_string)
        .collect()
}

#[test]
fn success_and_refuted_runs_leave_no_container() {
    require!(LIVE);
    for extra in [&[][..], &["--sandbox-runtime", "runc"][..]] {
        let dir = tempdir();
        let out = dir.path().join("book");
        let mut args = vec!["--engine", MAIN_ENGINE, "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(LESSON);
        let child = spawn_build(&args);
        let pid = child.id();
        let (o, _) = wait_for(child, Duration::from_secs(120));
        let want = if extra.is_empty() { 0 } else { 1 };
        assert_eq!(o.status.code(), Some(want), "{extra:?}: {}", text(&o));
        assert!(
            owned_by(MAIN_ENGINE, pid).is_empty(),
            "{extra:?}: a container of the run is left"
        );
        read_records(&out);
    }
}

#[test]
fn a_step_timeout_is_a_timeout_verdict_and_leaves_no_container() {
    require!(LIVE);
    let dir = tempdir();
    let lesson = slow_lesson(dir.path(), 30, 2);
    let out = dir.path().join("book");
    // The other steps get a limit a busy machine cannot reach; the slow one has its own 2 s.
    let child = spawn_build(&[
        "--engine",
        MAIN_ENGINE,
        "--step-timeout",
        "300",
        "--out",
        out.to_str().unwrap(),
        lesson.to_str().unwrap(),
    ]);
    let pid = child.id();
    let (o, took) = wait_for(child, Duration::from_secs(600));
    assert_eq!(o.status.code(), Some(1), "a timeout makes build exit 1: {}", text(&o));
    let r = &read_records(&out)[0];
    assert_eq!(step_outcome(r, "slow"), "timeout");
    let slow = r.step("slow").unwrap().duration_ms;
    assert!(
        slow < 2_000 + 1_500,
        "the 30 s step was cut at its 2 s limit ({slow} ms)"
    );
    assert!(
        beyond_steps(r, took) < Duration::from_secs(20),
        "nothing waits for the 30 s exec after its step was cut (took {took:?}, {:?} beyond the steps)",
        beyond_steps(r, took)
    );
    assert_eq!(claim_verdict(r, "slept"), "timeout", "{}", text(&o));
    assert_eq!(
        claim_verdict(r, "listed"),
        "proven",
        "later steps still run: {}",
        text(&o)
    );
    assert_eq!(claim_verdict(r, "said"), "proven", "{}", text(&o));
    assert!(owned_by(MAIN_ENGINE, pid).is_empty(), "no container of the run is left");
}

fn interrupt_mid_run(signal: &str, want_word: &str) {
    let dir = tempdir();
    let lesson = slow_lesson(dir.path(), 30, 60);
    let out = dir.path().join("book");
    let child = spawn_build(&[
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        lesson.to_str().unwrap(),
    ]);
    let pid = child.id();
    wait_for_container(MAIN_ENGINE, pid, Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(300));
    assert!(Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap()
        .success());
    let (o, took) = wait_for(child, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(130), "{signal} exits 130: {}", text(&o));
    assert!(text(&o).contains(want_word), "says why it stopped: {}", text(&o));
    assert!(took < Duration::from_secs(30), "stops promptly (took {took:?})");
    assert!(
        owned_by(MAIN_ENGINE, pid).is_empty(),
        "{signal}: no container of the run is left"
    );
}

#[test]
fn ctrl_c_removes_the_runs_containers_and_exits_130() {
    require!(LIVE);
    interrupt_mid_run("-INT", "interrupted");
}

#[test]
fn sigterm_removes_the_runs_containers_and_exits_130() {
    require!(LIVE);
    interrupt_mid_run("-TERM", "terminated");
}

#[test]
fn ctrl_c_at_any_moment_leaves_no_container() {
    require!(LIVE);
    // Signals landing while containers are being created, started or inspected.
    for delay_ms in [0u64, 40, 120, 250] {
        let dir = tempdir();
        let out = dir.path().join("book");
        let child = spawn_build(&["--engine", MAIN_ENGINE, "--out", out.to_str().unwrap(), LESSON]);
        let pid = child.id();
        wait_for_container(MAIN_ENGINE, pid, Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = Command::new("kill").args(["-INT", &pid.to_string()]).status();
        let (o, _) = wait_for(child, Duration::from_secs(60));
        // A run that already finished exits 0; an interrupted one 130.
        assert!(
            matches!(o.status.code(), Some(0) | Some(130)),
            "after {delay_ms} ms: {}",
            text(&o)
        );
        std::thread::sleep(Duration::from_millis(500));
        assert!(
            owned_by(MAIN_ENGINE, pid).is_empty(),
            "after {delay_ms} ms: a container of the run is left: {}",
            text(&o)
        );
    }
}

#[test]
fn an_unreachable_engine_at_start_exits_3_and_starts_nothing() {
    let dir = tempdir();
    let child = spawn_build(&[
        "--engine",
        "unix:///nonexistent/docker.sock",
        "--out",
        dir.path().join("book").to_str().unwrap(),
        LESSON,
    ]);
    let (o, took) = wait_for(child, Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("cannot reach the Docker engine"), "{}", text(&o));
    assert!(took < Duration::from_secs(15), "fails fast ({took:?})");
    assert!(
        !dir.path().join("book").join("records").exists(),
        "no record of a run that never started"
    );
}

/// `source` with its step limits taken out, and every step but `flagged` given
/// `secs` of its own, so the flag `--step-timeout` governs `flagged` alone.
fn only_step_under_flag_limit(source: &str, flagged: &str, secs: u32) -> String {
    let mut out = String::new();
    let mut in_step = false;
    for line in source.lines() {
        let t = line.trim_start();
        if t.starts_with("timeout:") && in_step {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if t.starts_with("```step") {
            in_step = true;
        } else if t.starts_with("```") {
            in_step = false;
        } else if in_step && t.starts_with("id:") && t != format!("id: {flagged}") {
            out.push_str(&format!("timeout: {secs}\n"));
        }
    }
    out
}

#[test]
fn a_hanging_runtime_gives_timeouts_and_the_run_still_cleans_up() {
    require!(LIVE, PRIVATE_ENGINE);
    let engine = PrivateEngine::start(
        r#"{"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["--network=none"]},"runsc-kvm":{"path":"/usr/bin/runsc","runtimeArgs":["--network=none","--platform=kvm"]}}"#,
    );
    let dir = tempdir();
    // The shipped lesson with its own step limits taken out, so --step-timeout governs
    // the step that hangs; every other step gets a limit a busy machine cannot reach
    // (a 4 s limit on every step timed out the runc steps under load).
    let lesson = dir.path().join("process-isolation.en.md");
    let source = std::fs::read_to_string(repo().join(LESSON)).unwrap();
    std::fs::write(&lesson, only_step_under_flag_limit(&source, "run-sandboxed", 300)).unwrap();
    let out = dir.path().join("book");
    let child = spawn_build(&[
        "--engine",
        &engine.socket,
        "--sandbox-runtime",
        "runsc-kvm",
        "--step-timeout",
        "4",
        "--out",
        out.to_str().unwrap(),
        lesson.to_str().unwrap(),
    ]);
    let (o, took) = wait_for(child, Duration::from_secs(600));
    eprintln!("hanging runtime: build took {took:?}");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let r = &read_records(&out)[0];
    assert_eq!(step_outcome(r, "run-sandboxed"), "timeout", "{}", text(&o));
    let s = r.step("run-sandboxed").unwrap();
    assert!(
        s.duration_ms < 4_000 + 1_500,
        "the step was cut at its limit ({} ms)",
        s.duration_ms
    );
    assert_eq!(claim_verdict(r, "process-shares-pid"), "proven", "{}", text(&o));
    assert_eq!(claim_verdict(r, "sandboxed-hidden"), "timeout", "{}", text(&o));
    assert_eq!(claim_verdict(r, "one-worker"), "timeout", "{}", text(&o));
    assert!(
        beyond_steps(r, took) < Duration::from_secs(30),
        "the run finishes, cleanup of the stuck container included (took {took:?}, {:?} beyond the steps)",
        beyond_steps(r, took)
    );
    assert!(
        proofbook_containers(&engine.socket).is_empty(),
        "the stuck container was removed: {}",
        text(&o)
    );
    assert!(!text(&o).contains("could not remove"), "{}", text(&o));
    std::thread::sleep(Duration::from_secs(1));
    let left = runtime_processes_of(&engine);
    assert!(
        left.is_empty(),
        "no runtime process of the stuck container is left: {left:?}"
    );
}

#[test]
fn the_engine_stopping_mid_step_gives_errors_and_the_next_build_sweeps_up() {
    require!(LIVE, PRIVATE_ENGINE);
    let mut engine = PrivateEngine::start("{}");
    let dir = tempdir();
    let (lesson, out, child) = slow_build_under_way(&engine, dir.path());
    let stopped_at = Instant::now();
    engine.stop();
    let (o, _) = wait_for(child, Duration::from_secs(120));
    let after_stop = stopped_at.elapsed();
    let said = text(&o);
    eprintln!("engine stopped: build ended {after_stop:?} after the stop began\n{said}");
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(after_stop < Duration::from_secs(75), "no hang ({after_stop:?})");
    let r = &read_records(&out)[0];
    for c in ["slept", "listed", "said"] {
        assert_eq!(claim_verdict(r, c), "error", "{c}: {said}");
    }
    assert!(
        said.contains("lost the Docker engine at"),
        "the message names the lost engine: {said}"
    );
    assert!(said.contains("The next build on this engine removes them"), "{said}");

    // The engine comes back with the dead run's containers; the next build removes them and says so.
    engine.restart();
    assert!(
        !proofbook_containers(&engine.socket).is_empty(),
        "the stopped engine kept the run's containers"
    );
    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        &engine.socket,
        "--out",
        out.to_str().unwrap(),
        lesson.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("left behind by an earlier proofbook run"),
        "{}",
        text(&o)
    );
    assert!(proofbook_containers(&engine.socket).is_empty(), "{}", text(&o));
}

#[test]
fn the_engine_restarting_mid_run_gives_errors_and_the_run_still_cleans_up() {
    require!(LIVE, PRIVATE_ENGINE);
    let mut engine = PrivateEngine::start("{}");
    let dir = tempdir();
    let (_, out, child) = slow_build_under_way(&engine, dir.path());
    let pid = child.id();
    engine.restart();
    let (o, _) = wait_for(child, Duration::from_secs(120));
    let said = text(&o);
    assert!(matches!(o.status.code(), Some(1)), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    let r = &read_records(&out)[0];
    let slept = claim_verdict(r, "slept");
    assert!(slept == "error" || slept == "timeout", "slept: {slept}: {said}");
    assert!(
        owned_by(&engine.socket, pid).is_empty(),
        "the run's containers were removed once the engine was back: {said}"
    );
}

#[test]
fn containers_of_a_crashed_run_are_swept_at_start_and_reported() {
    require!(LIVE, PRIVATE_ENGINE);
    let engine = PrivateEngine::start("{}");
    // The base image, imported by a first build.
    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        &engine.socket,
        "--out",
        engine.path().join("b1").to_str().unwrap(),
        LESSON,
    ]);
    assert!(o.status.code().is_some(), "{}", text(&o));
    assert!(proofbook_containers(&engine.socket).is_empty());

    // A PID that is certainly dead: a child we started and reaped.
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let owner = format!("{}:{dead}", hostname());
    let alive_owner = format!("{}:{}", hostname(), std::process::id());
    let make = |name: &str, owner: &str| {
        let o = docker_on(
            &engine.socket,
            &[
                "run",
                "-d",
                "--name",
                name,
                "--network",
                "none",
                "--label",
                "org.proofbook.run=x",
                "--label",
                &format!("org.proofbook.owner={owner}"),
                "proofbook/base:busybox",
                "sleep",
                "3600",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
    };
    make("pb-crashed-1", &owner);
    make("pb-crashed-2", &owner);
    make("pb-live-run", &alive_owner); // a run still going (this test process): kept

    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        &engine.socket,
        "--out",
        engine.path().join("b2").to_str().unwrap(),
        LESSON,
    ]);
    let said = text(&o);
    assert!(
        said.contains("removed 2 container(s) left behind by an earlier proofbook run"),
        "{said}"
    );
    let left = docker_on(&engine.socket, &["ps", "-a", "--format", "{{.Names}}"]);
    let left = String::from_utf8_lossy(&left.stdout).to_string();
    assert_eq!(left.trim(), "pb-live-run", "only the live run's container is kept");
}
