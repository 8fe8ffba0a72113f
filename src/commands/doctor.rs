//! `proofbook doctor`: can this engine run the lessons? Reaches the engine,
//! then actually starts a tiny container in every runtime / isolation mode
//! (network none, time-limited, force-removed), checks that an image is
//! there or can be built offline, and on Windows that the host build has a
//! matching image tag. Every problem comes with the command that fixes it.
//!
//! Exit codes: 0 everything the lessons need works; 1 something they need is
//! missing or broken; 2 bad input; 3 the engine cannot be reached.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::engine::{self, ContainerSpec, Engine};
use crate::error::{CommandResult, Failure, Outcome};
use crate::lesson::{Action, Isolation, Lesson};
use crate::platform::{self, ContainerIsolation, ForcedRuntimes, IsolationBinding, Os};
use crate::record::HostInfo;

#[derive(Debug, Clone)]
pub struct DoctorArgs {
    pub engine: Option<String>,
    /// Context and TLS choices, as the docker CLI's global options.
    pub remote: crate::engine::RemoteOptions,
    /// Lessons whose needs are checked (default: lessons/).
    pub paths: Vec<PathBuf>,
    pub offline: bool,
    pub forced: ForcedRuntimes,
    /// Limit of each trial container's create + start.
    pub timeout: Duration,
}

struct Problem {
    what: String,
    fix: String,
}

/// What the lessons ask of an engine.
struct Needs {
    /// Isolation → (image, command) of the first `run` step using it.
    runs: Vec<(Isolation, String, Vec<String>)>,
    /// Every (image, isolation) a `run` step uses on this OS.
    images: Vec<(String, Isolation)>,
    host_view: bool,
    source: String,
}

impl Needs {
    fn of(lessons: &[Lesson], os: Os) -> Needs {
        let mut runs: Vec<(Isolation, String, Vec<String>)> = Vec::new();
        let mut host_view = false;
        let mut images = Vec::new();
        for step in lessons.iter().flat_map(|l| l.steps()) {
            match &step.action {
                Action::Run(r) => {
                    if let Some(image) = r.image.for_os(os) {
                        if !images.contains(&(image.clone(), r.isolation)) {
                            images.push((image, r.isolation));
                        }
                    }
                    if runs.iter().any(|(i, _, _)| *i == r.isolation) {
                        continue;
                    }
                    if let (Some(image), Some(cmd)) = (r.image.for_os(os), r.command.for_os(os)) {
                        runs.push((r.isolation, image, cmd));
                    }
                }
                Action::HostProcesses(_) | Action::HostFile(_) | Action::HostRegistry(_) => host_view = true,
                _ => {}
            }
        }
        runs.sort_by_key(|(i, _, _)| *i == Isolation::Hyperv);
        Needs {
            runs,
            images,
            host_view,
            source: format!("{} lesson(s)", lessons.len()),
        }
    }

    fn defaults(os: Os) -> Needs {
        let (image, cmd): (&str, &[&str]) = match os {
            Os::Linux => ("busybox", &["sleep", "30"]),
            Os::Windows => (
                "mcr.microsoft.com/windows/nanoserver:{host_tag}",
                &["ping", "-n", "30", "localhost"],
            ),
        };
        let cmd: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
        Needs {
            runs: vec![
                (Isolation::Process, image.into(), cmd.clone()),
                (Isolation::Hyperv, image.into(), cmd),
            ],
            images: vec![(image.into(), Isolation::Process), (image.into(), Isolation::Hyperv)],
            host_view: true,
            source: "the defaults (both isolation modes, a busybox / nanoserver workload, the host's process table)"
                .into(),
        }
    }
}

/// What `{host_tag}` becomes on this Windows host for each isolation, from the version table.
fn windows_tags(os_build: &str, problems: &mut Vec<Problem>) {
    let name = platform::windows::host_build(os_build)
        .map(|h| h.name)
        .unwrap_or("a build not in the table");
    for iso in [Isolation::Process, Isolation::Hyperv] {
        match platform::windows::host_tag(os_build, iso) {
            Ok(tag) => crate::outln!("✓ host build {os_build} ({name}), {} isolation → image tag `{tag}`", iso.as_str()),
            Err(why) => problems.push(problem(
                why.to_string(),
                "see docs/windows-versions.md for the tags each Windows host runs; use `isolation: hyperv` for an older image, or run the lessons on a host in the table".into(),
            )),
        }
    }
}

pub async fn run(args: DoctorArgs) -> CommandResult {
    let engine = connect(&args).await?;
    let needs = match super::load_lessons(&args.paths) {
        Ok(l) if !l.is_empty() => Needs::of(&l, engine.os),
        Ok(_) => Needs::defaults(engine.os),
        Err(errors) => {
            crate::outln!(
                "  note: the lessons could not be read ({}), so the defaults are checked",
                errors.first().map(|e| e.to_string()).unwrap_or_default()
            );
            Needs::defaults(engine.os)
        }
    };
    crate::outln!("  checking what {} need", needs.source);
    let bindings = engine.bindings(&args.forced);
    let mut checkup = Checkup {
        host: engine.host_info(&bindings),
        engine: &engine,
        args: &args,
        needs,
        bindings,
        run_id: format!("doctor{}", crate::runner::new_run_id()),
        problems: Vec::new(),
    };
    if engine.os == Os::Windows {
        windows_tags(&checkup.host.os_build, &mut checkup.problems);
    }
    let usable = checkup.images().await;
    let results = checkup.runtimes(&usable).await;
    checkup.isolation_modes(&results);
    if checkup.needs.host_view {
        host_view_check(&engine, &checkup.bindings, &results, &mut checkup.problems);
    }
    leftovers(&engine).await;
    Ok(conclude(&checkup.problems))
}

/// Reaches the engine and says what it is; a failure is the checklist's first line.
async fn connect(args: &DoctorArgs) -> Result<Engine, Failure> {
    let engine = match Engine::connect_with(args.engine.as_deref(), &args.remote, args.offline).await {
        Ok(e) => e,
        Err(f) => {
            // Part of the checklist, on stdout: printed here, not again on stderr.
            crate::outln!("✗ engine: {f}");
            return Err(Failure::Shown(Box::new(f.into())));
        }
    };
    let f = &engine.info;
    crate::outln!(
        "✓ engine {} answers: Docker {} (API {}), {} containers, {} {}",
        engine.endpoint,
        f.version,
        f.api_version,
        f.os_type,
        f.operating_system,
        f.os_version
    );
    if engine.os == Os::Linux {
        crate::outln!(
            "  runtimes registered: {} (default {})",
            if f.runtimes.is_empty() {
                "none".into()
            } else {
                f.runtimes.join(", ")
            },
            f.default_runtime
        );
    }
    Ok(engine)
}

/// One doctor run: what it checks against, and the problems found so far.
struct Checkup<'a> {
    engine: &'a Engine,
    args: &'a DoctorArgs,
    needs: Needs,
    bindings: Vec<IsolationBinding>,
    host: HostInfo,
    run_id: String,
    problems: Vec<Problem>,
}

/// What a trial in each runtime (Linux) or isolation mode (Windows) came to, by its name.
type Trials = BTreeMap<String, Result<Trial, TrialError>>;

impl Checkup<'_> {
    /// Images: what each isolation's workload runs from. Requested image → the image to start, if any.
    async fn images(&mut self) -> HashMap<String, Option<String>> {
        let engine = self.engine;
        let mut usable: HashMap<String, Option<String>> = HashMap::new();
        for (image, iso) in &self.needs.images {
            let image = match platform::expand_image(engine.os, image, &self.host.os_build, *iso) {
                Ok(i) => i,
                // The version table has no tag: reported once per isolation by windows_tags.
                Err(_) if image.contains("{host_tag}") => continue,
                Err(why) => {
                    self.problems.push(problem(
                        why.to_string(),
                        "write the image as `…:{host_tag}` in the lesson so it follows the host, or run that step with `isolation: hyperv`".into(),
                    ));
                    continue;
                }
            };
            if usable.contains_key(&image) {
                continue;
            }
            let result = check_image(engine, &image, self.args.offline, &mut self.problems).await;
            usable.insert(image, result);
        }
        usable
    }

    /// Runtimes (Linux) / isolation modes (Windows): a real container in each, all at once.
    async fn runtimes(&self, usable: &HashMap<String, Option<String>>) -> Trials {
        let engine = self.engine;
        let os = engine.os;
        let start = self.needs.runs.iter().find_map(|(iso, img, cmd)| {
            let img = platform::expand_image(os, img, &self.host.os_build, *iso).ok()?;
            Some((usable.get(&img)?.clone()?, cmd.clone()))
        });
        let Some((image, cmd)) = start else {
            crate::outln!("runtimes not tried: no image to start a container from (see the problem below)");
            return Trials::new();
        };
        // Only the process-isolation runtime's workload is expected in the host's process table.
        let process_rt = platform::binding_for(&self.bindings, Isolation::Process).and_then(|b| b.runtime.clone());
        let (run_id, limit) = (self.run_id.as_str(), self.args.timeout);
        let jobs = trial_isolations(engine).into_iter().map(|(name, iso)| {
            let looks = if process_rt.as_deref() == Some(name.as_str()) {
                15
            } else {
                1
            };
            let (image, cmd) = (image.as_str(), cmd.clone());
            async move {
                let tried = try_container(engine, image, cmd, iso, run_id, &name, limit, looks).await;
                (name, tried)
            }
        });
        let results: Trials = futures_util::future::join_all(jobs).await.into_iter().collect();
        // Whatever a timed-out create left behind.
        let _ = engine.remove_run(run_id).await;
        crate::outln!("runtimes tried (a `{image}` container each, network none, force-removed; label org.proofbook.run={run_id}):");
        let used: Vec<&str> = self.bindings.iter().filter_map(|b| b.runtime.as_deref()).collect();
        for (name, r) in &results {
            let note = if used.contains(&name.as_str()) {
                ""
            } else {
                " (not used by the lessons)"
            };
            match r {
                Ok(t) => crate::outln!(
                    "  ✓ {name} usable{note}: started in {:.1} s, engine reports `{}`",
                    t.took.as_secs_f64(),
                    t.reported
                ),
                Err(e) => crate::outln!("  ✗ {name} not usable{note}: {e}"),
            }
        }
        results
    }

    /// The isolation modes the lessons use, what they map to, and whether that started.
    fn isolation_modes(&mut self, results: &Trials) {
        crate::outln!("isolation modes the lessons use:");
        let runs = self.needs.runs.clone();
        for (iso, image, _) in &runs {
            let Some(b) = platform::binding_for(&self.bindings, *iso).cloned() else {
                continue;
            };
            let label = match iso {
                Isolation::Process => "process (shares the host kernel)",
                Isolation::Hyperv => "hyperv (sandboxed, own kernel)",
            };
            match (&b.runtime, &b.missing) {
                (None, Some(why)) => {
                    crate::outln!("  ✗ {label}: missing");
                    let fix = self.missing_fix(*iso);
                    self.problems.push(problem(format!("{label}: {why}"), fix));
                }
                (Some(rt), _) => {
                    let worker = b
                        .worker
                        .as_deref()
                        .map(|w| format!(", host worker `{w}`"))
                        .unwrap_or_default();
                    self.mode_tried(label, &format!("{rt}{worker}"), rt, *iso, image, results.get(rt));
                }
                (None, None) => {}
            }
        }
    }

    fn missing_fix(&self, iso: Isolation) -> String {
        if self.engine.os == Os::Linux && self.args.forced.hyperv.is_none() && iso == Isolation::Hyperv {
            "sudo scripts/setup-engine.sh   (from proofbook's source folder: installs gVisor, registers runsc in /etc/docker/daemon.json keeping its other settings, reloads the engine)".to_string()
        } else {
            "register the runtime in /etc/docker/daemon.json and restart the engine, or drop the --*-runtime option"
                .to_string()
        }
    }

    /// One isolation mode's line, from its runtime's trial; a problem with its fix when it did not start.
    fn mode_tried(
        &mut self,
        label: &str,
        shown: &str,
        rt: &str,
        iso: Isolation,
        image: &str,
        tried: Option<&Result<Trial, TrialError>>,
    ) {
        let os = self.engine.os;
        match tried {
            Some(Ok(_)) => crate::outln!("  ✓ {label} → {shown}: usable"),
            // The engine's own words (HCS's) say whether the feature is missing.
            Some(Err(e)) if os == Os::Windows && platform::windows::hyperv_missing(&e.to_string()) => {
                crate::outln!("  ✗ {label} → {shown}: Hyper-V is not available on the engine's machine; the lessons' Hyper-V steps will be NOT RUN");
                self.problems.push(problem(
                    format!("{label}: Hyper-V isolation is not available ({e})"),
                    crate::messages::Msg::HypervFix.to_string(),
                ));
            }
            Some(Err(e)) => {
                crate::outln!("  ✗ {label} → {shown}: registered but a container does not start");
                let img = platform::expand_image(os, image, &self.host.os_build, iso).unwrap_or_else(|_| image.into());
                let flag = if os == Os::Windows {
                    format!("--isolation={rt}")
                } else {
                    format!("--runtime={rt}")
                };
                self.problems.push(problem(
                    format!("{label} → {rt}: {e}"),
                    format!("`docker run --rm --network none {flag} {img}` shows the engine's own error; check its log (`journalctl -u docker`)"),
                ));
            }
            None => crate::outln!("  ? {label} → {shown}: not tried"),
        }
    }
}

/// What a trial container is started in: every registered runtime (Linux), both isolation modes (Windows).
fn trial_isolations(engine: &Engine) -> Vec<(String, ContainerIsolation)> {
    let mut trials: Vec<(String, ContainerIsolation)> = match engine.os {
        Os::Linux => engine
            .info
            .runtimes
            .iter()
            .map(|r| {
                let iso = ContainerIsolation {
                    runtime: Some(r.clone()),
                    isolation: None,
                };
                (r.clone(), iso)
            })
            .collect(),
        Os::Windows => ["process", "hyperv"]
            .iter()
            .map(|i| {
                let iso = ContainerIsolation {
                    runtime: None,
                    isolation: Some(i.to_string()),
                };
                (i.to_string(), iso)
            })
            .collect(),
    };
    trials.sort_by(|a, b| a.0.cmp(&b.0));
    trials
}

/// Containers of proofbook runs still on the engine: worth a note, not a problem.
async fn leftovers(engine: &Engine) {
    match engine.list_labelled(engine::LABEL_RUN).await {
        Ok(l) if !l.is_empty() => crate::outln!(
            "  note: {} proofbook container(s) on the engine (a run in progress, or one that crashed: the next build removes those)",
            l.len()
        ),
        _ => {}
    }
}

/// The summary: ready, or every problem with its fix.
fn conclude(problems: &[Problem]) -> Outcome {
    if problems.is_empty() {
        crate::outln!("\nall good: every lesson step can run on this engine");
        return Outcome::Success;
    }
    crate::outln!("\n{} problem(s):", problems.len());
    for p in problems {
        crate::outln!("  ✗ {}\n    fix: {}", p.what, p.fix);
    }
    Outcome::Failed
}

fn problem(what: String, fix: String) -> Problem {
    Problem { what, fix }
}

/// The image to start when the image is local or can be had; records a problem otherwise.
async fn check_image(engine: &Engine, image: &str, offline: bool, problems: &mut Vec<Problem>) -> Option<String> {
    if engine.has_image(image).await {
        crate::outln!("✓ image `{image}` is on the engine");
        return Some(image.to_string());
    }
    if engine.os == Os::Linux {
        if engine.has_image(engine::BASE_IMAGE).await {
            crate::outln!(
                "✓ image `{image}` is not on the engine; proofbook's base image `{}` stands in for it",
                engine::BASE_IMAGE
            );
            return Some(engine::BASE_IMAGE.to_string());
        }
        if let Some(bb) = engine::find_static_busybox() {
            crate::outln!("✓ image `{image}` is not on the engine; the base image can be built offline from {} (statically linked)", bb.display());
            return match engine.ensure_image(image).await {
                Ok((used, _)) => Some(used),
                Err(e) => {
                    problems.push(problem(
                        format!("building the base image failed: {e}"),
                        format!("`docker pull {image}` where a registry is reachable"),
                    ));
                    None
                }
            };
        }
    }
    if !offline {
        // A pull is the only way left; try it, since the lessons would.
        return match engine.ensure_image(image).await {
            Ok((used, how)) => {
                crate::outln!("✓ image `{image}`: {how}");
                Some(used)
            }
            Err(e) => {
                problems.push(problem(
                    format!("image `{image}` is not on the engine and could not be pulled: {e}"),
                    pull_fix(engine.os, image),
                ));
                None
            }
        };
    }
    let why = format!("image `{image}` is not on the engine, pulling is off (offline), and no statically linked busybox is here to build one");
    problems.push(problem(why, pull_fix(engine.os, image)));
    None
}

fn pull_fix(os: Os, image: &str) -> String {
    match os {
        Os::Linux => format!("sudo scripts/setup-engine.sh (installs busybox-static; proofbook then builds its base image offline), or `docker pull {image}` where a registry is reachable"),
        Os::Windows => format!("`docker pull {image}` while a registry is reachable"),
    }
}

/// Why a trial container did not show a runtime usable.
#[derive(Debug, thiserror::Error)]
enum TrialError {
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
    #[error("no container within {0} s")]
    NotCreated(u64),
    #[error("the container is `{0}`, not running")]
    NotRunning(String),
    #[error("did not start within {0} s")]
    NotStarted(u64),
    #[error("started, but could not be removed: {0}")]
    NotRemoved(engine::EngineError),
}

struct Trial {
    took: Duration,
    reported: String,
    id: String,
    /// PIDs the engine's `top` reported.
    pids: Vec<u32>,
    /// Whether this machine's process table showed one of them under the same name, while it ran.
    host_sees: bool,
}

/// `looks`: how many times (200 ms apart) to look for the workload in the host's process table.
#[allow(clippy::too_many_arguments)]
async fn try_container(
    engine: &Engine,
    image: &str,
    command: Vec<String>,
    isolation: ContainerIsolation,
    run_id: &str,
    name: &str,
    limit: Duration,
    looks: usize,
) -> Result<Trial, TrialError> {
    let t0 = Instant::now();
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let spec = ContainerSpec {
        name: format!("pb-{run_id}-{slug}"),
        image,
        command,
        isolation,
        run_id,
        lesson: "doctor",
    };
    let id = tokio::time::timeout(limit, engine.create(&spec))
        .await
        .map_err(|_| TrialError::NotCreated(limit.as_secs()))??;
    let work = async {
        engine.start(&id).await?;
        let crate::engine::ContainerState {
            status: state,
            runtime: reported,
            ..
        } = engine.inspect_state(&id).await?;
        if state != "running" {
            return Err(TrialError::NotRunning(state));
        }
        // Right after start the workload may still be the runtime's init,
        // about to exec: look a few times before concluding the host cannot see it.
        let mut last = (Vec::new(), false);
        for attempt in 0..looks {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let top = engine.top(&id).await.map(|(_, _, p)| p).unwrap_or_default();
            let pids: Vec<u32> = top.iter().map(|p| p.pid).collect();
            let seen = crate::host::processes(&[], &pids).unwrap_or_default();
            let host_sees = top
                .iter()
                .any(|t| seen.iter().any(|p| p.pid == t.pid && p.answers_to(&t.name)));
            last = (pids, host_sees);
            if host_sees {
                break;
            }
        }
        Ok((reported, last.0, last.1))
    };
    let result = tokio::time::timeout(limit, work)
        .await
        .unwrap_or(Err(TrialError::NotStarted(limit.as_secs())));
    let took = t0.elapsed();
    let removed = engine.remove_all(vec![id.clone()]).await;
    let (reported, pids, host_sees) = result?;
    removed.map_err(TrialError::NotRemoved)?;
    Ok(Trial {
        took,
        reported,
        id,
        pids,
        host_sees,
    })
}

/// Lessons compare the engine's PIDs with this machine's process table: that
/// only works if proofbook sees the engine's processes.
fn host_view_check(engine: &Engine, bindings: &[IsolationBinding], results: &Trials, problems: &mut Vec<Problem>) {
    if let Some(why) = engine.not_here() {
        let there = match engine.os {
            Os::Windows => "npipe:////./pipe/docker_engine",
            Os::Linux => "unix:///var/run/docker.sock",
        };
        problems.push(problem(
            format!("{why}: the steps reading the host's process table or files will be NOT RUN"),
            format!("to prove the host-side claims, run proofbook on the engine's machine itself (there: `proofbook build --engine {there}`); the container-side claims are proven from here"),
        ));
        return;
    }
    let Some(default) = platform::binding_for(bindings, Isolation::Process).and_then(|b| b.runtime.clone()) else {
        return;
    };
    let Some(Ok(trial)) = results.get(&default) else {
        crate::outln!("  ? host process table: not checked (no process-isolated container started)");
        return;
    };
    let pids = &trial.pids;
    if trial.host_sees {
        crate::outln!(
            "✓ host process table: the `{default}` container's process (PID {}) is visible from here",
            pids.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        );
    } else {
        problems.push(problem(
            format!(
                "this machine's process table does not show the container's processes (engine PIDs {:?}, container {}): proofbook seems to run in another PID namespace than the engine",
                pids,
                crate::record::short_id(&trial.id)
            ),
            "run proofbook on the engine's host itself, not inside a container (or start its container with --pid=host)".into(),
        ));
    }
}
