//! The whole lesson set through proofbook, against
//!  1. the same steps as a shell script with the docker CLI and `ps`, run one
//!     after another as a person would (benches/lessons.sh is a copy of the
//!     script generated on the reference machine), and
//!  2. the engine floor: only create + start + remove of the same containers
//!     through the API (bollard), lessons concurrently as proofbook runs them,
//!  3. the engine floor plus the same evidence (each `docker top`, exec and
//!     host process table read of the lessons, in order, through the API; the
//!     engine's and host's facts a record holds, `docker version` + `info`;
//!     each container inspected for its runtime and state; and whether the
//!     engine runs on this machine: a few running containers' PIDs looked up
//!     here): what the evidence itself costs, without proofbook around it,
//!
//! on the same engine, in alternating order. Also the peak memory (max RSS)
//! and proofbook's own CPU time (user + sys) of each build, via
//! `/usr/bin/time`, and where that CPU time goes: reading and checking the
//! lessons (`proofbook check`), rendering the book from the round's records
//! (`proofbook render`), and the rest (running the steps).
//!
//! Run: `PROOFBOOK_OFFLINE=1 cargo bench --bench lessons`
//! Knobs: PB_BENCH_ENGINE (default unix:///var/run/docker.sock),
//! PB_BENCH_ROUNDS (default 5), PB_BENCH_SAVE_SCRIPT=1 (rewrite benches/lessons.sh),
//! PB_BENCH_SCRIPT=0 (leave out the slow script to fit more rounds),
//! PB_BENCH_BIN (another proofbook binary, e.g. an older build).
//! Reports ratios; asserts nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bollard::exec::{CreateExecOptions, StartExecResults};
use bollard::models::{ContainerCreateBody, HostConfig};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, ListContainersOptionsBuilder, RemoveContainerOptionsBuilder,
};
use futures_util::StreamExt;
use proofbook::lesson::Action;
use proofbook::platform::Os;
use proofbook::record::{Evidence, RunRecord, StepOutcome};

const PROOFBOOK: &str = "proofbook build";
const SCRIPT: &str = "shell script (CLI)";
const FLOOR: &str = "engine floor (API)";
const EVIDENCE_FLOOR: &str = "engine floor + evidence (API)";

/// What every round needs: the engine, the contenders' inputs, one runtime.
struct Bench {
    engine: String,
    rounds: usize,
    repo: PathBuf,
    work: tempfile::TempDir,
    bin: PathBuf,
    script_path: PathBuf,
    plan: Vec<Vec<FloorOp>>,
    contenders: Vec<&'static str>,
    rt: tokio::runtime::Runtime,
    docker: bollard::Docker,
}

/// What the rounds measured, per contender.
#[derive(Default)]
struct Tally {
    wall: HashMap<&'static str, Vec<Duration>>,
    cpu: HashMap<&'static str, Vec<f64>>,
    rss: Vec<u64>,
    floor_ratios: Vec<f64>,
    evidence_ratios: Vec<f64>,
    /// proofbook's own CPU (user + sys) per build, and of its parts.
    own: Vec<Own>,
}

/// proofbook's own CPU seconds (user + sys) in one round.
#[derive(Default, Clone, Copy)]
struct Own {
    build: f64,
    check: f64,
    render: f64,
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing useful. Both run it.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(bench) = setup() else { return };
    let mut tally = Tally::default();
    for round in 0..bench.rounds {
        run_round(&bench, round, &mut tally);
    }
    report(&bench, &tally);
}

/// The warm-up build, the script and floor plan made from its records, the engine connection.
fn setup() -> Option<Bench> {
    std::env::set_var("PROOFBOOK_OFFLINE", "1");
    let engine = std::env::var("PB_BENCH_ENGINE").unwrap_or_else(|_| "unix:///var/run/docker.sock".into());
    let rounds: usize = std::env::var("PB_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::Builder::new().prefix("pb-bench").tempdir().expect("temp dir");
    // PB_BENCH_BIN: another proofbook binary (an older build, to compare against the same floors).
    let bin = std::env::var_os("PB_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_proofbook")));

    if Command::new("docker")
        .args(["-H", &engine, "version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| !s.success())
        .unwrap_or(true)
    {
        println!("lessons bench skipped: no engine answers at {engine}");
        return None;
    }

    // Warm-up build: imports the base image, and its records tell what each step does.
    let warm = work.path().join("warm");
    let (ok, t, _) = proofbook_build(&bin, &repo, &engine, &warm);
    assert!(ok, "warm-up build ran");
    let records = read_records(&warm.join("records"));
    println!(
        "warm-up build: {:.2} s, {} lesson record(s)",
        t.as_secs_f64(),
        records.len()
    );

    let script = shell_script(&records, &engine);
    let script_path = work.path().join("lessons.sh");
    std::fs::write(&script_path, &script).unwrap();
    if std::env::var("PB_BENCH_SAVE_SCRIPT").is_ok_and(|v| v == "1") {
        std::fs::write(repo.join("benches/lessons.sh"), &script).unwrap();
    }
    let plan = floor_plan(&records);
    let containers = plan.iter().flatten().filter(|o| matches!(o, FloorOp::Start(_))).count();
    println!(
        "script: {} command line(s); floor: {containers} container(s) in {} lesson(s)",
        script.lines().count(),
        plan.len()
    );
    let mut contenders = vec![PROOFBOOK, FLOOR, EVIDENCE_FLOOR];
    if std::env::var("PB_BENCH_SCRIPT").map(|v| v != "0").unwrap_or(true) {
        contenders.insert(1, SCRIPT);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let docker = bollard::Docker::connect_with_host(&engine).expect("bollard connects");
    let docker = rt.block_on(docker.negotiate_version()).expect("engine answers");
    Some(Bench {
        engine,
        rounds,
        repo,
        work,
        bin,
        script_path,
        plan,
        contenders,
        rt,
        docker,
    })
}

/// One round: every contender once, in alternating order, each on a machine at rest.
fn run_round(b: &Bench, round: usize, tally: &mut Tally) {
    let mut order = b.contenders.clone();
    if round % 2 == 1 {
        order.reverse();
    }
    for what in order {
        // The engine finishes tearing down the previous contender's containers
        // after the API has answered; each contender starts on a machine at rest.
        wait_for_quiet();
        let busy0 = busy_seconds();
        let t = run_contender(b, what, round, &mut tally.rss, &mut tally.own);
        tally.wall.entry(what).or_default().push(t);
        if let (Some(a), Some(b)) = (busy0, busy_seconds()) {
            tally.cpu.entry(what).or_default().push(b - a);
        }
        // Its parts, outside the contender's time and CPU.
        if let (PROOFBOOK, Some(own)) = (what, tally.own.last_mut()) {
            let parts = own_parts(b, &b.work.path().join(format!("book-{round}")));
            (own.check, own.render) = (parts.check, parts.render);
        }
    }
    let last = |w: &str| tally.wall[w][round].as_secs_f64();
    tally.floor_ratios.push(last(PROOFBOOK) / last(FLOOR));
    tally.evidence_ratios.push(last(PROOFBOOK) / last(EVIDENCE_FLOOR));
    let line: Vec<String> = b.contenders.iter().map(|c| format!("{c} {:.2} s", last(c))).collect();
    println!(
        "round {round}: {} (proofbook / floor {:.2})",
        line.join(", "),
        last(PROOFBOOK) / last(FLOOR)
    );
}

fn run_contender(b: &Bench, what: &str, round: usize, rss: &mut Vec<u64>, own: &mut Vec<Own>) -> Duration {
    match what {
        PROOFBOOK => {
            let out = b.work.path().join(format!("book-{round}"));
            let (ok, t, usage) = proofbook_build(&b.bin, &b.repo, &b.engine, &out);
            assert!(ok, "proofbook build ran");
            if let Some(u) = usage {
                rss.push(u.max_kb);
                own.push(Own {
                    build: u.cpu,
                    ..Own::default()
                });
            }
            t
        }
        SCRIPT => {
            let t0 = Instant::now();
            let st = Command::new("sh")
                .arg(&b.script_path)
                .env("DOCKER_HOST", &b.engine)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(st.success(), "the script ran");
            t0.elapsed()
        }
        FLOOR => b.rt.block_on(floor(&b.docker, &b.plan, round, false)),
        _ => b.rt.block_on(floor(&b.docker, &b.plan, round, true)),
    }
}

fn report(b: &Bench, t: &Tally) {
    let med = |w: &str| median(&t.wall[w]);
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "\nmedian of {} alternating rounds on {} ({cpus} CPUs); CPU is the whole machine's busy time:",
        b.rounds, b.engine
    );
    for c in &b.contenders {
        let c_cpu = t
            .cpu
            .get(c)
            .map(|v| format!("{:.2} s CPU", median_f64(v)))
            .unwrap_or_default();
        println!("  {c:<32} {:.2} s   {c_cpu}", med(c));
    }
    if b.contenders.contains(&SCRIPT) {
        println!(
            "  proofbook / script               {:.2}x   (target <= 0.7x)",
            med(PROOFBOOK) / med(SCRIPT)
        );
    }
    println!(
        "  proofbook / floor                {:.2}x   (target <= 1.2x; median of per-round ratios {:.2}x)",
        med(PROOFBOOK) / med(FLOOR),
        median_f64(&t.floor_ratios)
    );
    println!(
        "  evidence floor / floor           {:.2}x   (what the evidence itself costs the engine)",
        med(EVIDENCE_FLOOR) / med(FLOOR)
    );
    println!(
        "  proofbook / evidence floor       {:.2}x   (proofbook's own overhead; target <= 1.05x; median of per-round ratios {:.2}x)",
        med(PROOFBOOK) / med(EVIDENCE_FLOOR),
        median_f64(&t.evidence_ratios)
    );
    if let (Some(p), Some(e)) = (t.cpu.get(PROOFBOOK), t.cpu.get(EVIDENCE_FLOOR)) {
        println!(
            "  machine CPU, proofbook / evidence floor {:.2}x",
            median_f64(p) / median_f64(e)
        );
    }
    report_own(&t.own);
    if !t.rss.is_empty() {
        let max = t.rss.iter().max().unwrap();
        println!(
            "  peak RSS of a build   {:.1} MB max, {:.1} MB median (target < 100 MB)",
            *max as f64 / 1024.0,
            median_u64(&t.rss) as f64 / 1024.0
        );
    }
    println!(
        "  load average at end   {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
}

/// What `/usr/bin/time` said about one proofbook process.
struct Usage {
    max_kb: u64,
    /// user + sys seconds
    cpu: f64,
}

/// (exit status is 0 or 1, wall time, its usage when /usr/bin/time is there)
fn proofbook_build(bin: &Path, repo: &Path, engine: &str, out: &Path) -> (bool, Duration, Option<Usage>) {
    let args = [
        "build",
        "--quiet",
        "--engine",
        engine,
        "--out",
        &out.to_string_lossy(),
        "lessons",
    ];
    let (code, t, usage) = timed(bin, repo, &args, &out.with_extension("rss"));
    (matches!(code, Some(0) | Some(1)), t, usage)
}

/// Runs proofbook with `args` from `dir` under `/usr/bin/time` (when there),
/// its report written to `report`: (exit code, wall time, usage).
fn timed(bin: &Path, dir: &Path, args: &[&str], report: &Path) -> (Option<i32>, Duration, Option<Usage>) {
    let have_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if have_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M %U %S", "-o"]).arg(report).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let t0 = Instant::now();
    let st = cmd
        .args(args)
        .current_dir(dir)
        .env("PROOFBOOK_OFFLINE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let t = t0.elapsed();
    let usage = std::fs::read_to_string(report).ok().and_then(|s| {
        let f: Vec<f64> = s
            .lines()
            .last()?
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        Some(Usage {
            max_kb: *f.first()? as u64,
            cpu: f.get(1)? + f.get(2)?,
        })
    });
    (st.code(), t, usage)
}

/// proofbook's own CPU for the parts of a build it can do alone: reading and
/// checking the lessons, and rendering the book from the build's records.
fn own_parts(b: &Bench, book: &Path) -> Own {
    let cpu = |args: &[&str], name: &str| {
        let (_, _, u) = timed(&b.bin, &b.repo, args, &b.work.path().join(name));
        u.map(|u| u.cpu).unwrap_or(0.0)
    };
    let records = book.join("records");
    let again = book.with_extension("render");
    Own {
        build: 0.0,
        check: cpu(&["check", "lessons"], "check.time"),
        render: cpu(
            &[
                "render",
                "--records",
                &records.to_string_lossy(),
                "--lessons",
                "lessons",
                "--out",
                &again.to_string_lossy(),
            ],
            "render.time",
        ),
    }
}

fn read_records(dir: &Path) -> Vec<RunRecord> {
    let hosts =
        proofbook::record::store::load(dir).unwrap_or_else(|e| panic!("valid records under {}: {e:?}", dir.display()));
    hosts.into_iter().flat_map(|h| h.records).collect()
}

fn q(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What a person would type for the lessons, one lesson after another.
fn shell_script(records: &[RunRecord], engine: &str) -> String {
    let mut s =
        String::from("#!/bin/sh\n# The steps of every lesson, by hand: docker CLI and ps, one after another,\n");
    s.push_str("# each lesson's containers removed at its end. Generated by benches/lessons.rs\n");
    s.push_str(&format!("# from the records of a proofbook build on {engine}.\n"));
    s.push_str("set -u\nexec >/dev/null 2>&1\n");
    for r in records {
        s.push_str(&format!("\n# {} ({})\n", r.lesson, r.lang));
        let mut names = Vec::new();
        for step in r.steps.iter().filter(|st| st.outcome == StepOutcome::Ok) {
            let name_of = |id: &str| format!("pbsh-{}-{}-{id}", r.lesson, r.lang);
            match (&step.request.action, &step.evidence) {
                (Action::Run(run), Some(Evidence::Container { image, runtime, .. })) => {
                    let name = name_of(&step.id);
                    let rt = if !runtime.is_empty() && runtime != "runc" {
                        format!(" --runtime={runtime}")
                    } else {
                        String::new()
                    };
                    let cmd: Vec<String> = run
                        .command
                        .for_os(Os::Linux)
                        .unwrap_or_default()
                        .iter()
                        .map(|a| q(a))
                        .collect();
                    s.push_str(&format!(
                        "docker run -d --name {name} --network none{rt} {} {}\n",
                        q(image),
                        cmd.join(" ")
                    ));
                    names.push(name);
                }
                (Action::Top(t), _) => s.push_str(&format!("docker top {}\n", name_of(&t.container))),
                (Action::Exec(e), _) => {
                    let cmd: Vec<String> = e
                        .command
                        .for_os(Os::Linux)
                        .unwrap_or_default()
                        .iter()
                        .map(|a| q(a))
                        .collect();
                    s.push_str(&format!("docker exec {} {}\n", name_of(&e.container), cmd.join(" ")));
                }
                (Action::HostInfo(_), _) => {
                    s.push_str("docker version; docker info; uname -a; cat /etc/os-release; ls /sys/class/net\n")
                }
                _ => {
                    if let Some(h) = &step.host_cli {
                        s.push_str(h);
                        s.push('\n');
                    }
                }
            }
        }
        if !names.is_empty() {
            s.push_str(&format!("docker rm -f {}\n", names.join(" ")));
        }
    }
    s
}

struct FloorContainer {
    image: String,
    cmd: Vec<String>,
    runtime: Option<String>,
}

/// What a lesson asks of the engine and the host, in its order. Containers are
/// referred to by their position among the lesson's `Start`s.
enum FloorOp {
    Start(FloorContainer),
    Top(usize),
    Exec(usize, Vec<String>),
    HostTable(Vec<String>),
}

/// Each lesson's operations, as its record says they ran.
fn floor_plan(records: &[RunRecord]) -> Vec<Vec<FloorOp>> {
    records
        .iter()
        .map(|r| {
            let mut started: Vec<&str> = Vec::new();
            let mut ops = Vec::new();
            for st in r.steps.iter().filter(|st| st.outcome == StepOutcome::Ok) {
                let index = |step: &str| started.iter().position(|s| *s == step);
                match (&st.request.action, &st.evidence) {
                    (Action::Run(run), Some(Evidence::Container { image, runtime, .. })) => {
                        started.push(&st.id);
                        ops.push(FloorOp::Start(FloorContainer {
                            image: image.clone(),
                            cmd: run.command.for_os(Os::Linux).unwrap_or_default(),
                            runtime: (!runtime.is_empty()).then(|| runtime.clone()),
                        }));
                    }
                    (Action::Top(t), _) => ops.extend(index(&t.container).map(FloorOp::Top)),
                    (Action::Exec(e), _) => ops.extend(
                        index(&e.container).map(|i| FloorOp::Exec(i, e.command.for_os(Os::Linux).unwrap_or_default())),
                    ),
                    (Action::HostProcesses(h), _) => ops.push(FloorOp::HostTable(
                        h.name.as_ref().and_then(|n| n.for_os(Os::Linux)).unwrap_or_default(),
                    )),
                    _ => {}
                }
            }
            ops
        })
        .filter(|ops: &Vec<FloorOp>| ops.iter().any(|o| matches!(o, FloorOp::Start(_))))
        .collect()
}

/// Create + start each lesson's containers (lessons concurrently, a lesson's
/// containers in order), then force-remove them all: what no runner can avoid.
/// With `evidence`, also what a runner that gathers this evidence cannot
/// avoid: the engine's and the host's facts and where the engine runs (once),
/// each container inspected for its runtime and state, and the lesson's
/// `docker top`s, execs (output read to the end, exit code asked for) and host
/// process table reads, in the lesson's order.
async fn floor(docker: &bollard::Docker, plan: &[Vec<FloorOp>], round: usize, evidence: bool) -> Duration {
    let t0 = Instant::now();
    if evidence {
        facts(docker).await;
    }
    let lessons = plan.iter().enumerate().map(|(li, lesson)| async move {
        let mut ids: Vec<String> = Vec::new();
        for op in lesson {
            match op {
                FloorOp::Start(c) => {
                    let name = format!("pbfloor-{}-{round}-{evidence}-{li}-{}", std::process::id(), ids.len());
                    ids.push(start(docker, c, &name, evidence).await);
                }
                _ if !evidence => {}
                op => gather(docker, op, &ids).await,
            }
        }
        ids
    });
    let ids: Vec<String> = futures_util::future::join_all(lessons)
        .await
        .into_iter()
        .flatten()
        .collect();
    let removes = ids.iter().map(|id| async move {
        let opts = RemoveContainerOptionsBuilder::default().force(true).v(true).build();
        docker.remove_container(id, Some(opts)).await.expect("remove");
    });
    futures_util::future::join_all(removes).await;
    t0.elapsed()
}

/// What a record holds about the engine and the host, and whether the engine
/// runs here: `docker version` and `info`, the host's OS, kernel, name and
/// network interfaces, and the first PIDs of up to 3 running containers
/// looked up in this host's table.
async fn facts(docker: &bollard::Docker) {
    docker.version().await.expect("version");
    docker.info().await.expect("info");
    let opts = ListContainersOptionsBuilder::default().limit(3).build();
    let mut pids = Vec::new();
    for id in docker
        .list_containers(Some(opts))
        .await
        .expect("list")
        .into_iter()
        .filter_map(|c| c.id)
    {
        let info = docker.inspect_container(&id, None).await.expect("inspect");
        pids.extend(info.state.and_then(|s| s.pid).and_then(|p| u32::try_from(p).ok()));
    }
    tokio::task::spawn_blocking(move || {
        let _ = (
            sysinfo::System::long_os_version(),
            sysinfo::System::kernel_version(),
            sysinfo::System::host_name(),
            sysinfo::Networks::new_with_refreshed_list(),
        );
        proofbook::host::processes(&[], &pids)
    })
    .await
    .unwrap()
    .expect("host table");
}

/// Creates and starts one container; with `evidence`, inspects it (its
/// runtime and state are what the isolation claims rest on).
async fn start(docker: &bollard::Docker, c: &FloorContainer, name: &str, evidence: bool) -> String {
    let body = ContainerCreateBody {
        image: Some(c.image.clone()),
        cmd: Some(c.cmd.clone()),
        labels: Some(HashMap::from([(
            "org.proofbook.bench".to_string(),
            "floor".to_string(),
        )])),
        network_disabled: Some(true),
        host_config: Some(HostConfig {
            network_mode: Some("none".into()),
            runtime: c.runtime.clone(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let opts = CreateContainerOptionsBuilder::default().name(name).build();
    let id = docker.create_container(Some(opts), body).await.expect("create").id;
    docker.start_container(&id, None).await.expect("start");
    if evidence {
        docker.inspect_container(&id, None).await.expect("inspect");
    }
    id
}

/// One `docker top`, exec or host table read of a lesson.
async fn gather(docker: &bollard::Docker, op: &FloorOp, ids: &[String]) {
    match op {
        FloorOp::Start(_) => {}
        FloorOp::Top(i) => {
            docker.top_processes(&ids[*i], None).await.expect("top");
        }
        FloorOp::Exec(i, cmd) => {
            let opts = CreateExecOptions {
                cmd: Some(cmd.clone()),
                attach_stdout: Some(true),
                attach_stderr: Some(true),
                ..Default::default()
            };
            let exec = docker.create_exec(&ids[*i], opts).await.expect("exec create");
            if let StartExecResults::Attached { mut output, .. } =
                docker.start_exec(&exec.id, None).await.expect("exec start")
            {
                while output.next().await.is_some() {}
            }
            docker.inspect_exec(&exec.id).await.expect("exec inspect");
        }
        FloorOp::HostTable(names) => {
            let names = names.clone();
            tokio::task::spawn_blocking(move || proofbook::host::processes(&names, &[]))
                .await
                .unwrap()
                .expect("host table");
        }
    }
}

/// Where proofbook's own CPU time goes (medians over the rounds).
fn report_own(own: &[Own]) {
    if own.is_empty() {
        return;
    }
    let med = |f: fn(&Own) -> f64| median_f64(&own.iter().map(f).collect::<Vec<_>>());
    let (build, check, render) = (med(|o| o.build), med(|o| o.check), med(|o| o.render));
    println!("  proofbook's own CPU (user + sys) in a build: {build:.2} s, of which");
    // Each part is a process of its own, so each includes a start of proofbook.
    println!("    reading and checking the lessons (proofbook check, a process start included)     {check:.2} s");
    println!("    rendering the book from its records (proofbook render, a process start included) {render:.2} s");
    println!(
        "    the rest: running the steps (engine calls, host tables, settling), judging, records {:.2} s",
        (build - check - render).max(0.0)
    );
}

fn median(v: &[Duration]) -> f64 {
    let mut s: Vec<f64> = v.iter().map(Duration::as_secs_f64).collect();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    s[s.len() / 2]
}

fn median_f64(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    s[s.len() / 2]
}

/// CPU time the whole machine has spent busy (all CPUs, from /proc/stat), in seconds.
fn busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<f64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|v| v.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    let busy = f.iter().take(8).sum::<f64>() - f.get(3)? - f.get(4).unwrap_or(&0.0);
    Some(busy / 100.0)
}

/// Waits (at most 10 s) until the machine has been under 10% busy for a quarter second.
fn wait_for_quiet() {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(10) {
        let Some(a) = busy_seconds() else { return };
        std::thread::sleep(Duration::from_millis(250));
        let Some(b) = busy_seconds() else { return };
        if (b - a) / (0.25 * cpus) < 0.10 {
            return;
        }
    }
}

fn median_u64(v: &[u64]) -> u64 {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}
