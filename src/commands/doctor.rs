//! `proofbook doctor`: can this engine run the lessons? Reaches the engine,
//! then actually starts a tiny container in every runtime / isolation mode
//! (network none, time-limited, force-removed), checks that an image is
//! there or can be built offline, and on Windows that the host build has a
//! matching image tag. Every problem comes with the command that fixes it.
//!
//! Exit codes: 0 everything the lessons need works; 1 something they need is
//! missing or broken; 2 bad input; 3 the engine cannot be reached.

use crate::messages::Id;
use crate::output::tr;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use super::flags::RuntimeFlags;
use crate::engine::{self, Engine, Trial, TrialError, TrialSpec};
use crate::error::{CommandResult, Failure, Outcome};
use crate::lesson::{Action, Isolation, Lesson};
use crate::platform::{self, ContainerIsolation, IsolationBinding, Os};
use crate::record::HostInfo;

/// `doctor`'s command line; descriptions in the catalogue (`help_doctor_<field>`, `help_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct DoctorArgs {
    /// Lessons whose needs are checked (default: lessons/).
    pub paths: Vec<PathBuf>,
    /// The engine's endpoint (default: the docker CLI's choice).
    #[arg(long, short = 'H')]
    pub engine: Option<String>,
    /// Context and TLS choices, as the docker CLI's global options.
    #[command(flatten)]
    pub remote: crate::engine::RemoteOptions,
    /// Offline, and runtimes chosen over the ones found.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// Limit of each trial container's create + start, in seconds.
    #[arg(long, default_value_t = 30.0, value_parser = super::flags::parse_seconds)]
    pub timeout: f64,
}

impl DoctorArgs {
    fn trial_limit(&self) -> Duration {
        Duration::from_secs_f64(self.timeout)
    }
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
            source: tr(Id::doctor_lessons, &[("count", &lessons.len().to_string())]),
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
            source: tr(Id::doctor_defaults, &[]),
        }
    }
}

/// What `{host_tag}` becomes on this Windows host for each isolation, from the version table.
fn windows_tags(os_build: &str, problems: &mut Vec<Problem>) {
    let name = platform::windows::host_build(os_build)
        .map(|h| h.name.to_string())
        .unwrap_or_else(|| tr(Id::doctor_build_not_in_table, &[]));
    for iso in [Isolation::Process, Isolation::Hyperv] {
        match platform::windows::host_tag(os_build, iso) {
            Ok(tag) => {
                let args = [
                    ("build", os_build),
                    ("name", name.as_str()),
                    ("isolation", iso.as_str()),
                    ("tag", tag),
                ];
                crate::outln!("✓ {}", tr(Id::doctor_host_tag, &args))
            }
            Err(why) => problems.push(problem(why.to_string(), tr(Id::doctor_tag_fix, &[]))),
        }
    }
}

/// Whether this engine can run the lessons: starts a tiny container in every
/// runtime they need, checks the base image and (Windows) the image tag, and
/// prints a checklist with each problem's fix. Exit 0 ready, 1 something
/// missing, 3 no engine answers.
pub async fn run(args: DoctorArgs) -> CommandResult {
    let engine = connect(&args).await?;
    let needs = match super::load_lessons(&args.paths) {
        Ok(l) if !l.is_empty() => Needs::of(&l, engine.os),
        Ok(_) => Needs::defaults(engine.os),
        Err(errors) => {
            let error = errors.first().map(|e| e.to_string()).unwrap_or_default();
            crate::outln!("  {}", tr(Id::doctor_unreadable, &[("error", &error)]));
            Needs::defaults(engine.os)
        }
    };
    crate::outln!("  {}", tr(Id::doctor_checking, &[("source", &needs.source)]));
    let bindings = engine.bindings(&args.runtime.forced());
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
    let engine = match Engine::connect_with(args.engine.as_deref(), &args.remote, args.runtime.offline()).await {
        Ok(e) => e,
        Err(f) => {
            // Part of the checklist, on stdout: printed here, not again on stderr.
            crate::outln!("✗ {}", tr(Id::doctor_engine_failed, &[("error", &f.to_string())]));
            return Err(Failure::Shown(Box::new(f.into())));
        }
    };
    let f = &engine.info;
    let args = [
        ("endpoint", engine.endpoint.as_str()),
        ("version", &f.version),
        ("api", &f.api_version),
        ("os_type", &f.os_type),
        ("os", &f.operating_system),
        ("os_version", &f.os_version),
    ];
    crate::outln!("✓ {}", tr(Id::doctor_engine, &args));
    if engine.os == Os::Linux {
        let runtimes = if f.runtimes.is_empty() {
            tr(Id::doctor_none, &[])
        } else {
            f.runtimes.join(", ")
        };
        let args = [("runtimes", runtimes.as_str()), ("default", &f.default_runtime)];
        crate::outln!("  {}", tr(Id::doctor_runtimes, &args));
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
type Trials = BTreeMap<String, Result<Trial<Seen>, TrialError>>;

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
                    self.problems
                        .push(problem(why.to_string(), tr(Id::doctor_image_fix, &[])));
                    continue;
                }
            };
            if usable.contains_key(&image) {
                continue;
            }
            let result = check_image(engine, &image, self.args.runtime.offline(), &mut self.problems).await;
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
            crate::outln!("{}", tr(Id::doctor_no_trial, &[]));
            return Trials::new();
        };
        // Only the process-isolation runtime's workload is expected in the host's process table.
        let process_rt = platform::binding_for(&self.bindings, Isolation::Process).and_then(|b| b.runtime.clone());
        let (run_id, limit) = (self.run_id.as_str(), self.args.trial_limit());
        let jobs = trial_isolations(engine).into_iter().map(|(name, iso)| {
            let looks = if process_rt.as_deref() == Some(name.as_str()) {
                15
            } else {
                1
            };
            let slug: String = name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let spec = TrialSpec {
                container: engine::ContainerSpec {
                    name: format!("pb-{run_id}-{slug}"),
                    image: image.as_str(),
                    command: cmd.clone(),
                    isolation: iso,
                    run_id,
                    lesson: "doctor",
                },
                limit,
            };
            async move {
                let tried = try_container(engine, &spec, looks).await;
                (name, tried)
            }
        });
        let results: Trials = futures_util::future::join_all(jobs).await.into_iter().collect();
        // Whatever a timed-out create left behind: the engine may still be
        // making it, so wait until none has appeared for a while, as build's Ctrl-C does.
        if results.values().any(|r| matches!(r, Err(TrialError::NotCreated(_)))) {
            let _ = engine
                .remove_run_settled(run_id, Duration::from_millis(1500), Duration::from_secs(30))
                .await;
        } else {
            let _ = engine.remove_run(run_id).await;
        }
        self.say_trials(&image, &results);
        results
    }

    /// Each trial's line: usable (how fast, which runtime the engine named) or why not.
    fn say_trials(&self, image: &str, results: &Trials) {
        crate::outln!(
            "{}",
            tr(Id::doctor_trials, &[("image", image), ("run_id", &self.run_id)])
        );
        let used: Vec<&str> = self.bindings.iter().filter_map(|b| b.runtime.as_deref()).collect();
        for (name, r) in results {
            let note = if used.contains(&name.as_str()) {
                String::new()
            } else {
                tr(Id::doctor_unused, &[])
            };
            match r {
                Ok(t) => {
                    let secs = format!("{:.1}", t.took.as_secs_f64());
                    let args = [
                        ("name", name.as_str()),
                        ("note", &note),
                        ("secs", &secs),
                        ("reported", &t.seen.reported),
                    ];
                    crate::outln!("  ✓ {}", tr(Id::doctor_usable, &args))
                }
                Err(e) => {
                    let args = [("name", name.as_str()), ("note", &note), ("error", &e.to_string())];
                    crate::outln!("  ✗ {}", tr(Id::doctor_not_usable, &args))
                }
            }
        }
    }

    /// The isolation modes the lessons use, what they map to, and whether that started.
    fn isolation_modes(&mut self, results: &Trials) {
        crate::outln!("{}", tr(Id::doctor_modes, &[]));
        let runs = self.needs.runs.clone();
        for (iso, image, _) in &runs {
            let Some(b) = platform::binding_for(&self.bindings, *iso).cloned() else {
                continue;
            };
            let label = match iso {
                Isolation::Process => tr(Id::doctor_label_process, &[]),
                Isolation::Hyperv => tr(Id::doctor_label_hyperv, &[]),
            };
            let label = label.as_str();
            match (&b.runtime, &b.missing) {
                (None, Some(why)) => {
                    crate::outln!("  ✗ {}", tr(Id::doctor_mode_missing, &[("label", label)]));
                    let fix = self.missing_fix(*iso);
                    let why = why.plain(crate::output::lang());
                    self.problems.push(problem(
                        tr(Id::doctor_labelled, &[("label", label), ("why", &why)]),
                        fix,
                    ));
                }
                (Some(rt), _) => {
                    let worker = b
                        .worker
                        .as_deref()
                        .map(|w| tr(Id::doctor_worker, &[("worker", w)]))
                        .unwrap_or_default();
                    self.mode_tried(label, &format!("{rt}{worker}"), rt, *iso, image, results.get(rt));
                }
                (None, None) => {}
            }
        }
    }

    fn missing_fix(&self, iso: Isolation) -> String {
        if self.engine.os == Os::Linux && self.args.runtime.sandbox_runtime.is_none() && iso == Isolation::Hyperv {
            tr(Id::doctor_fix_setup, &[])
        } else {
            tr(Id::doctor_fix_register, &[])
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
        tried: Option<&Result<Trial<Seen>, TrialError>>,
    ) {
        let os = self.engine.os;
        match tried {
            Some(Ok(_)) => crate::outln!(
                "  ✓ {}",
                tr(Id::doctor_mode_usable, &[("label", label), ("shown", shown)])
            ),
            // The engine's own words (HCS's) say whether the feature is missing.
            Some(Err(e)) if os == Os::Windows && platform::windows::hyperv_missing(&e.to_string()) => {
                crate::outln!(
                    "  ✗ {}",
                    tr(Id::doctor_mode_no_hyperv, &[("label", label), ("shown", shown)])
                );
                let fix = crate::messages::Text::from(crate::messages::Msg::HypervFix).plain(crate::output::lang());
                self.problems.push(problem(
                    tr(Id::doctor_no_hyperv, &[("label", label), ("error", &e.to_string())]),
                    fix,
                ));
            }
            Some(Err(e)) => {
                crate::outln!(
                    "  ✗ {}",
                    tr(Id::doctor_mode_not_starting, &[("label", label), ("shown", shown)])
                );
                let img = platform::expand_image(os, image, &self.host.os_build, iso).unwrap_or_else(|_| image.into());
                let flag = if os == Os::Windows {
                    format!("--isolation={rt}")
                } else {
                    format!("--runtime={rt}")
                };
                self.problems.push(problem(
                    format!("{label} → {rt}: {e}"),
                    tr(Id::doctor_run_fix, &[("flag", &flag), ("image", &img)]),
                ));
            }
            None => crate::outln!(
                "  ? {}",
                tr(Id::doctor_mode_not_tried, &[("label", label), ("shown", shown)])
            ),
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
        Ok(l) if !l.is_empty() => crate::outln!("  {}", tr(Id::doctor_leftovers, &[("count", &l.len().to_string())])),
        _ => {}
    }
}

/// The summary: ready, or every problem with its fix.
fn conclude(problems: &[Problem]) -> Outcome {
    if problems.is_empty() {
        crate::outln!("\n{}", tr(Id::doctor_all_good, &[]));
        return Outcome::Success;
    }
    crate::outln!(
        "\n{}",
        tr(Id::doctor_problems, &[("count", &problems.len().to_string())])
    );
    for p in problems {
        crate::outln!("  ✗ {}\n    {}", p.what, tr(Id::doctor_fix, &[("fix", &p.fix)]));
    }
    Outcome::Failed
}

fn problem(what: String, fix: String) -> Problem {
    Problem { what, fix }
}

/// The image to start when the image is local or can be had; records a problem otherwise.
async fn check_image(engine: &Engine, image: &str, offline: bool, problems: &mut Vec<Problem>) -> Option<String> {
    if engine.has_image(image).await {
        crate::outln!("✓ {}", tr(Id::doctor_image_here, &[("image", image)]));
        return Some(image.to_string());
    }
    if engine.os == Os::Linux {
        if engine.has_image(engine::BASE_IMAGE).await {
            crate::outln!(
                "✓ {}",
                tr(
                    Id::doctor_image_stand_in,
                    &[("image", image), ("base", engine::BASE_IMAGE)]
                )
            );
            return Some(engine::BASE_IMAGE.to_string());
        }
        if let Some(bb) = engine::find_static_busybox() {
            let busybox = bb.display().to_string();
            crate::outln!(
                "✓ {}",
                tr(Id::doctor_image_buildable, &[("image", image), ("busybox", &busybox)])
            );
            return match engine.ensure_image(image).await {
                Ok((used, _)) => Some(used),
                Err(e) => {
                    problems.push(problem(
                        tr(Id::doctor_base_failed, &[("error", &e.to_string())]),
                        tr(Id::doctor_pull_fix_online, &[("image", image)]),
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
                crate::outln!(
                    "✓ {}",
                    tr(Id::doctor_image_how, &[("image", image), ("how", &how.to_string())])
                );
                Some(used)
            }
            Err(e) => {
                problems.push(problem(
                    tr(Id::doctor_not_pulled, &[("image", image), ("error", &e.to_string())]),
                    pull_fix(engine.os, image),
                ));
                None
            }
        };
    }
    let why = tr(Id::doctor_offline_no_image, &[("image", image)]);
    problems.push(problem(why, pull_fix(engine.os, image)));
    None
}

fn pull_fix(os: Os, image: &str) -> String {
    match os {
        Os::Linux => tr(Id::doctor_pull_fix_linux, &[("image", image)]),
        Os::Windows => tr(Id::doctor_pull_fix_windows, &[("image", image)]),
    }
}

/// What doctor sees of a trial container while it runs.
struct Seen {
    /// The runtime the engine says runs it.
    reported: String,
    /// PIDs the engine's `top` reported.
    pids: Vec<u32>,
    /// Whether this machine's process table showed one of them under the same name, while it ran.
    host_sees: bool,
}

/// A trial container in one runtime or isolation mode (`Engine::trial`): it
/// must be running once started; then what the engine and this machine see of it.
/// `looks`: how many times (200 ms apart) to look for the workload in the host's process table.
async fn try_container(engine: &Engine, spec: &TrialSpec<'_>, looks: usize) -> Result<Trial<Seen>, TrialError> {
    engine
        .trial(spec, |id| async move {
            let engine::ContainerState {
                status,
                runtime: reported,
                ..
            } = engine.inspect_state(&id).await?;
            if status != "running" {
                return Err(TrialError::NotRunning(status));
            }
            let (pids, host_sees) = host_sees_workload(engine, &id, looks).await;
            Ok(Seen {
                reported,
                pids,
                host_sees,
            })
        })
        .await
}

/// The PIDs the engine's `top` gives the container, and whether this
/// machine's table holds one of them as the same process
/// (`process::same_process`, as the judges decide it). Right after start the
/// workload may still be the runtime's init, about to exec: it looks `looks`
/// times before concluding the host cannot see it.
async fn host_sees_workload(engine: &Engine, id: &str, looks: usize) -> (Vec<u32>, bool) {
    let mut last = (Vec::new(), false);
    for attempt in 0..looks {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let top = engine.top(id).await.map(|(_, _, p)| p).unwrap_or_default();
        let pids: Vec<u32> = top.iter().map(|p| p.pid).collect();
        let table = crate::host::processes(&[], &pids).unwrap_or_default();
        let host_sees = top
            .iter()
            .any(|t| crate::process::same_process(&table, t.pid, &t.name).is_some());
        last = (pids, host_sees);
        if host_sees {
            break;
        }
    }
    last
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
            tr(Id::doctor_remote, &[("why", &why)]),
            tr(Id::doctor_remote_fix, &[("there", there)]),
        ));
        return;
    }
    let Some(default) = platform::binding_for(bindings, Isolation::Process).and_then(|b| b.runtime.clone()) else {
        return;
    };
    let Some(Ok(trial)) = results.get(&default) else {
        crate::outln!("  ? {}", tr(Id::doctor_host_not_checked, &[]));
        return;
    };
    let pids = &trial.seen.pids;
    if trial.seen.host_sees {
        let pids = pids.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        crate::outln!(
            "✓ {}",
            tr(Id::doctor_host_sees, &[("runtime", &default), ("pids", &pids)])
        );
    } else {
        problems.push(problem(
            tr(
                Id::doctor_other_namespace,
                &[
                    ("pids", &format!("{pids:?}")),
                    ("container", crate::record::short_id(&trial.id)),
                ],
            ),
            tr(Id::doctor_namespace_fix, &[]),
        ));
    }
}
