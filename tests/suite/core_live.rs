//! The core pipeline against the real engine: runc + gVisor prove the three
//! isolation claims, swapping the runtimes refutes them, and an engine with
//! no sandbox runtime leaves them not run. No container outlives a build.

use crate::common::*;

const LESSON: &str = "lessons/process-isolation.en.md";

struct Built {
    code: i32,
    out: String,
    index: String,
    page: String,
    run_id: String,
    _dir: tempfile::TempDir,
}

fn build(extra: &[&str]) -> Built {
    let dir = tempdir();
    let out = dir.path().join("book");
    let mut args = vec!["build", "--quiet", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(LESSON);
    let o = proofbook(&args);
    let record_dir = walkdir::WalkDir::new(out.join("records"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "json"))
        .unwrap_or_else(|| panic!("a run record is written: {}", text(&o)));
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(record_dir.path()).unwrap()).unwrap();
    Built {
        code: o.status.code().unwrap_or(-1),
        out: text(&o),
        index: std::fs::read_to_string(out.join("index.html")).unwrap(),
        page: std::fs::read_to_string(out.join("en/process-isolation.html")).unwrap(),
        run_id: record["run_id"].as_str().unwrap().to_string(),
        _dir: dir,
    }
}

fn verdicts(b: &Built) -> [String; 3] {
    ["process-shares-pid", "sandboxed-hidden", "one-worker"].map(|c| {
        let claim = format!("process-isolation/{c}");
        let v = verdict_in(&b.page, &claim).unwrap_or_else(|| panic!("{claim} on the page: {}", b.out));
        assert_eq!(
            verdict_in(&b.index, &claim).as_deref(),
            Some(v.as_str()),
            "index agrees with the page on {claim}"
        );
        v
    })
}

#[test]
fn runc_and_gvisor_prove_all_three_claims() {
    require!(LIVE);
    let b = build(&["--engine", MAIN_ENGINE]);
    assert_eq!(verdicts(&b), ["proven", "proven", "proven"], "{}", b.out);
    assert_eq!(b.code, 0, "{}", b.out);
    assert!(
        run_containers(MAIN_ENGINE, &b.run_id).is_empty(),
        "no container of the run is left"
    );
    // The page shows the commands a reader would type and the real capture.
    assert!(b.page.contains("docker top pb-"), "docker top command shown");
    assert!(
        b.page.contains("--runtime=runsc"),
        "sandboxed run shown with its runtime"
    );
    assert!(b.page.contains("ps -o pid"), "host-side command shown");
}

#[test]
fn running_the_sandboxed_role_on_runc_refutes_the_sandbox_claims() {
    require!(LIVE);
    let b = build(&["--engine", MAIN_ENGINE, "--sandbox-runtime", "runc"]);
    assert_eq!(verdicts(&b), ["proven", "refuted", "refuted"], "{}", b.out);
    assert_eq!(b.code, 1, "a refuted claim makes build exit 1: {}", b.out);
    assert!(run_containers(MAIN_ENGINE, &b.run_id).is_empty());
}

#[test]
fn running_the_process_role_on_gvisor_refutes_the_shared_pid_claim() {
    require!(LIVE);
    let b = build(&["--engine", MAIN_ENGINE, "--process-runtime", "runsc"]);
    assert_eq!(b.code, 1, "{}", b.out);
    assert_eq!(verdicts(&b)[0], "refuted", "{}", b.out);
    assert!(run_containers(MAIN_ENGINE, &b.run_id).is_empty());
}

#[test]
fn without_a_sandbox_runtime_the_sandbox_claims_are_not_run_with_a_way_out() {
    require!(LIVE, PRIVATE_ENGINE);
    let engine = PrivateEngine::start("{}");
    let b = build(&["--engine", &engine.socket]);
    assert_eq!(verdicts(&b), ["proven", "not-run", "not-run"], "{}", b.out);
    assert_eq!(b.code, 0, "not-run is not a failure: {}", b.out);
    assert!(
        b.page.contains("apt-get install runsc"),
        "the reason says how to enable a sandbox"
    );
    assert!(proofbook_containers(&engine.socket).is_empty());
}

#[test]
fn an_unreachable_engine_exits_3_with_advice() {
    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        "unix:///nonexistent/docker.sock",
        "--out",
        "/tmp/pb-unreachable",
        LESSON,
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("Start a Docker engine"), "{}", text(&o));
}
