//! Stage 2: execute a lesson's steps on the engine and the host, producing a
//! `RunRecord` of raw evidence; then stage 3 judges its claims from it.

mod cli;

use crate::messages::Id;
use crate::output::tr;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::claims::{self, EvidenceSet};
use crate::engine::{ContainerSpec, Engine, ImageSource};
use crate::lesson::{
    Action, ExecAction, HostFileAction, HostProcessesAction, HostRegistryAction, Isolation, Lesson, RunAction, Step,
    TopAction,
};
use crate::messages::{Msg, Text};
use crate::platform::{self, ForcedRuntimes};
use crate::record::{self, Evidence, HostInfo, IsolationBinding, RunRecord, StepOutcome, StepRecord};

/// How long the end of a run waits for an engine that went away to come back.
const CLEANUP_GRACE: Duration = Duration::from_secs(30);

/// How long a step whose command was killed watches for its container to stop.
const CONTAINER_END_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub(crate) struct RunOptions {
    pub forced: ForcedRuntimes,
    pub default_timeout: Duration,
    /// Where records are written as each lesson finishes; None keeps them in memory.
    pub records_dir: Option<PathBuf>,
    pub progress: bool,
    pub run_id: String,
    /// Bytes kept of each captured stream (exec output, top rows, host tables).
    pub max_output: usize,
    pub mode: Mode,
    /// Told as each step starts (`proofbook serve` shows a lesson's progress on its page).
    pub on_step: Option<StepHook>,
}

/// Where a lesson's run is: the step starting, and how many came before it.
#[derive(Debug, Clone)]
pub(crate) struct StepProgress {
    pub lesson: String,
    pub step: String,
    pub done: usize,
    pub total: usize,
}

/// A function told each [`StepProgress`].
#[derive(Clone)]
pub(crate) struct StepHook(pub Arc<dyn Fn(StepProgress) + Send + Sync>);

impl std::fmt::Debug for StepHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StepHook")
    }
}

/// What a run does with a lesson's exercises.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Mode {
    /// Run everything but the exercises, which are left NOT RUN with instructions.
    #[default]
    Build,
    /// Run the exercises only, on the containers the learner started; their
    /// names carry `name_prefix`.
    Verify { name_prefix: String },
}

impl RunOptions {
    pub(crate) fn new(run_id: String) -> Self {
        RunOptions {
            forced: ForcedRuntimes::default(),
            default_timeout: Duration::from_secs(10),
            records_dir: None,
            progress: false,
            run_id,
            max_output: record::DEFAULT_MAX_OUTPUT,
            mode: Mode::Build,
            on_step: None,
        }
    }
    fn name_prefix(&self) -> &str {
        match &self.mode {
            Mode::Verify { name_prefix } => name_prefix,
            Mode::Build => "",
        }
    }
}

pub(crate) fn new_run_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_string()
}

/// Runs every lesson concurrently on one engine. The run's containers are
/// removed before this returns, whatever happened in between.
pub(crate) async fn run_lessons(engine: Arc<Engine>, lessons: &[Lesson], opts: &RunOptions) -> Vec<RunRecord> {
    let mut bindings = engine.bindings(&opts.forced);
    let mut host = engine.host_info(&bindings);
    let multi = MultiProgress::with_draw_target(if opts.progress {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    });
    let style = ProgressStyle::with_template("{spinner} {prefix:.bold} [{pos}/{len}] {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    // Images first, under their own limit: a step's time is for the step.
    let images = images_needed(&engine, lessons, &bindings, &host);
    engine.prepare_images(&images, &multi).await;
    // Hyper-V is tried with an image a Hyper-V step will use, once it is there.
    let hyperv_image = match images.iter().find(|(iso, _)| *iso == Isolation::Hyperv) {
        Some((_, image)) => engine.ensure_image(image).await.ok().map(|(used, _)| used),
        None => None,
    };
    if let Some(image) = hyperv_image {
        if let Some(why) = engine.hyperv_unavailable(&image, &opts.run_id).await {
            for b in bindings.iter_mut().filter(|b| b.isolation == Isolation::Hyperv) {
                b.runtime = None;
                b.missing = Some(why.clone().into());
            }
            host = engine.host_info(&bindings);
        }
    }

    let jobs = lessons.iter().map(|lesson| {
        let bar = multi.add(ProgressBar::new(lesson.steps().count() as u64));
        bar.set_style(style.clone());
        bar.set_prefix(crate::output::visible(&lesson.key()).into_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        let (engine, bindings, host) = (engine.clone(), bindings.clone(), host.clone());
        async move {
            let record = run_lesson(&engine, lesson, &bindings, host, opts, &bar).await;
            bar.finish_with_message(crate::output::visible(&summary(&record)).into_owned());
            if let Some(dir) = &opts.records_dir {
                if let Err(e) = record::write_record(dir, &record) {
                    let said = tr(
                        Id::record_not_written,
                        &[("lesson", &lesson.key()), ("error", &crate::output::tr_io(&e))],
                    );
                    crate::errln!("{said}");
                }
            }
            // A finished lesson's containers go now, while other lessons still
            // run; the run-wide removal below catches any this misses.
            let ids: Vec<String> = record
                .steps
                .iter()
                .filter_map(|s| match &s.evidence {
                    Some(Evidence::Container { id, .. }) => Some(id.clone()),
                    _ => None,
                })
                .collect();
            if !ids.is_empty() {
                let _ = engine.remove_all(ids).await;
            }
            record
        }
    });
    let records = futures_util::future::join_all(jobs).await;
    if let Err(e) = engine.remove_run_patiently(&opts.run_id, CLEANUP_GRACE).await {
        crate::errln!(
            "{}",
            tr(Id::run_not_removed, &[("run", &opts.run_id), ("error", &e.to_string())])
        );
    }
    records
}

/// Every (isolation, image) a `run` step of these lessons will ask for on this engine, once each.
fn images_needed(
    engine: &Engine,
    lessons: &[Lesson],
    bindings: &[IsolationBinding],
    host: &HostInfo,
) -> Vec<(Isolation, String)> {
    let mut images: Vec<(Isolation, String)> = Vec::new();
    for step in lessons.iter().flat_map(|l| l.steps()) {
        let Action::Run(run) = &step.action else { continue };
        if platform::binding_for(bindings, run.isolation).is_none_or(|b| b.missing.is_some()) {
            continue;
        }
        let Some(image) = run.image.for_os(engine.os) else {
            continue;
        };
        if let Ok(image) = platform::expand_image(engine.os, &image, &host.os_build, run.isolation) {
            if !images.iter().any(|(iso, i)| *iso == run.isolation && *i == image) {
                images.push((run.isolation, image));
            }
        }
    }
    images
}

fn summary(r: &RunRecord) -> String {
    let mut counts: std::collections::BTreeMap<&str, (usize, crate::record::Verdict)> = Default::default();
    for c in &r.claims {
        counts.entry(c.verdict.as_str()).or_insert((0, c.verdict)).0 += 1;
    }
    counts
        .values()
        .map(|(n, v)| {
            let word = crate::output::verdict_word(*v);
            tr(
                Id::progress_summary_item,
                &[("count", &n.to_string()), ("verdict", &word)],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Per-lesson state: what each `run` step started.
struct Started {
    name: String,
    id: String,
}

pub(crate) async fn run_lesson(
    engine: &Engine,
    lesson: &Lesson,
    bindings: &[IsolationBinding],
    host: HostInfo,
    opts: &RunOptions,
    bar: &ProgressBar,
) -> RunRecord {
    let started_at = crate::engine::now();
    let clock = Instant::now();
    let mut steps: Vec<StepRecord> = Vec::new();
    let mut containers: HashMap<String, Started> = HashMap::new();
    let skip = Skip::of(lesson, &opts.mode);

    let total = lesson.steps().count();
    for (done, step) in lesson.steps().enumerate() {
        bar.set_message(crate::output::visible(&format!("{} ({})", step.id, step.action.name())).into_owned());
        if let Some(StepHook(tell)) = &opts.on_step {
            tell(StepProgress {
                lesson: lesson.key(),
                step: step.id.clone(),
                done,
                total,
            });
        }
        let ctx = StepCtx {
            engine,
            lesson,
            bindings,
            host: &host,
            opts,
            steps: &steps,
            containers: &containers,
            cut: Default::default(),
        };
        let (record, started) = ctx.run(step, skip.step(step)).await;
        if let Some(s) = started {
            containers.insert(step.id.clone(), s);
        }
        steps.push(record);
        bar.inc(1);
    }

    let ev = EvidenceSet::on_host(engine.os, &steps, bindings);
    let claims = claims::judge_lesson(lesson, &ev, |c| skip.claim(c));

    RunRecord {
        schema: record::SCHEMA,
        run_id: opts.run_id.clone(),
        lesson: lesson.meta.lesson.clone(),
        lang: lesson.meta.lang.clone(),
        title: lesson.meta.title.clone(),
        source: lesson.path.clone(),
        doc: lesson.clone(),
        fingerprint: crate::freshness::Fingerprint::of(lesson, &host),
        host,
        provenance: record::Provenance::Live,
        started_at,
        duration_ms: clock.elapsed().as_millis() as u64,
        steps,
        claims,
        verified: None,
        derived: Default::default(),
    }
}

/// The steps and claims a run leaves alone, and why: a build leaves the
/// exercises to the learner, a verify runs nothing else.
struct Skip {
    build: Option<Text>,
    verify_steps: Option<std::collections::HashSet<String>>,
    exercise_steps: std::collections::HashSet<String>,
    exercise_claims: Vec<String>,
}

impl Skip {
    fn of(lesson: &Lesson, mode: &Mode) -> Skip {
        let owned = |set: std::collections::HashSet<&str>| set.into_iter().map(str::to_string).collect();
        Skip {
            build: (*mode == Mode::Build).then(|| crate::lesson::build_reason(lesson)),
            verify_steps: matches!(mode, Mode::Verify { .. }).then(|| owned(lesson.verify_steps())),
            exercise_steps: owned(lesson.exercise_steps()),
            exercise_claims: lesson.exercise_claims().iter().map(|c| c.id.clone()).collect(),
        }
    }
    fn step(&self, step: &Step) -> Option<Text> {
        if let Some(reason) = &self.build {
            return self.exercise_steps.contains(&step.id).then(|| reason.clone());
        }
        match &self.verify_steps {
            Some(run) if !run.contains(&step.id) => Some(self.not_exercise()),
            _ => None,
        }
    }
    fn claim(&self, claim: &crate::lesson::Claim) -> Option<Text> {
        let exercise = self.exercise_claims.contains(&claim.id);
        match &self.build {
            Some(reason) => exercise.then(|| reason.clone()),
            None => (!exercise).then(|| self.not_exercise()),
        }
    }
    fn not_exercise(&self) -> Text {
        Msg::ExerciseNotPart.into()
    }
}

/// Adopted containers are named by the lesson, so commands can name them before they are found.
fn adopted_names(lesson: &Lesson, prefix: &str, names: &mut HashMap<String, String>) {
    for s in lesson.steps() {
        if let Action::Adopt(a) = &s.action {
            names
                .entry(s.id.clone())
                .or_insert_with(|| format!("{prefix}{}", a.name));
        }
    }
}

fn containers_names(c: &HashMap<String, Started>) -> HashMap<String, String> {
    c.iter().map(|(k, v)| (k.clone(), v.name.clone())).collect()
}

enum StepFail {
    NotRun(Text),
    /// What went wrong, as the engine or the host said it.
    Error(Text),
}

impl StepFail {
    /// The host's failure, in its own words.
    fn error(e: impl std::fmt::Display) -> StepFail {
        StepFail::Error(Text::Plain(e.to_string()))
    }

    /// The engine's failure: proofbook's sentence in the page's language
    /// around the engine's own words (`engine::words`).
    fn engine(e: crate::engine::EngineError) -> StepFail {
        StepFail::Error(e.into())
    }
}

/// Where a container's image came from, and the image it stands in for when it is not the one asked for.
fn image_note(source: ImageSource, used: &str, asked: String) -> Text {
    let source = match source {
        ImageSource::Local => Msg::ImageLocal.into(),
        ImageSource::Pulled => Msg::ImagePulled.into(),
        ImageSource::Imported => Msg::ImageImported.into(),
        ImageSource::LocalBase => Msg::ImageLocalBase.into(),
    };
    if used == asked {
        source
    } else {
        Msg::ImageStandsIn {
            source: Box::new(source),
            image: asked,
        }
        .into()
    }
}

/// A step the lesson gives no form for this host's OS is not run, saying so.
fn no_form<T: Clone>(v: &crate::lesson::PerOs<T>, os: platform::Os) -> StepFail {
    StepFail::NotRun(crate::lesson::no_form(v, os, false).into())
}

struct StepCtx<'a> {
    engine: &'a Engine,
    lesson: &'a Lesson,
    bindings: &'a [IsolationBinding],
    host: &'a HostInfo,
    opts: &'a RunOptions,
    steps: &'a [StepRecord],
    containers: &'a HashMap<String, Started>,
    /// Streams this step's capture cut at `max_output`.
    cut: std::sync::Mutex<Vec<record::Cut>>,
}

impl StepCtx<'_> {
    /// A step whose inputs did not come out cannot run either.
    fn blocked(&self, step: &Step) -> Option<Text> {
        for dep in step.action.depends_on() {
            let step = dep.to_string();
            let why = match self.steps.iter().find(|s| s.id == dep).map(|s| &s.outcome) {
                Some(StepOutcome::Ok) => continue,
                Some(StepOutcome::NotRun { reason }) => Msg::NeedsUnrunStep {
                    step,
                    reason: Box::new(reason.clone()),
                },
                Some(o) => Msg::NeedsFailedStep {
                    step,
                    timed_out: matches!(o, StepOutcome::Timeout { .. }),
                },
                None => Msg::StepMissing { step },
            };
            return Some(why.into());
        }
        None
    }

    /// Runs one step (unless it is skipped or blocked) under its time limit, and records what came of it.
    async fn run(self, step: &Step, skipped: Option<Text>) -> (StepRecord, Option<Started>) {
        let t0 = Instant::now();
        let at = crate::engine::now();
        let limit = step
            .timeout
            .map(Duration::from_secs_f64)
            .unwrap_or(self.opts.default_timeout);
        let (outcome, evidence, started) = match skipped.or_else(|| self.blocked(step)) {
            Some(reason) => (StepOutcome::NotRun { reason }, None, None),
            None => match tokio::time::timeout(limit, self.execute(step)).await {
                Ok(Ok((ev, started))) => (StepOutcome::Ok, Some(ev), started),
                Ok(Err(StepFail::NotRun(reason))) => (StepOutcome::NotRun { reason }, None, None),
                Ok(Err(StepFail::Error(message))) => (StepOutcome::Error { message }, None, None),
                Err(_) => (
                    StepOutcome::Timeout {
                        after_ms: limit.as_millis() as u64,
                    },
                    None,
                    None,
                ),
            },
        };
        let (cli, host_cli) = self.commands(step, evidence.as_ref());
        // What a step that timed out had read is not kept, so neither is its cut.
        let cut = match evidence {
            Some(_) => self.cut.into_inner().unwrap_or_default(),
            None => Vec::new(),
        };
        let record = StepRecord {
            id: step.id.clone(),
            request: step.clone(),
            cli,
            host_cli,
            outcome,
            evidence,
            started_at: at,
            duration_ms: t0.elapsed().as_millis() as u64,
            cut,
        };
        (record, started)
    }

    /// The commands a reader would type for this step (docker's, and the host's when it reads the host).
    fn commands(&self, step: &Step, evidence: Option<&Evidence>) -> (String, Option<String>) {
        let os = self.engine.os;
        let mut names = containers_names(self.containers);
        adopted_names(self.lesson, self.opts.name_prefix(), &mut names);
        let (cli, host_cli) = cli::equivalent(os, step, evidence, self.steps, &names);
        match &step.action {
            Action::Adopt(a) => (
                crate::lesson::exercise_command(a, os, &self.host.os_build, self.opts.name_prefix())
                    .unwrap_or_default(),
                host_cli,
            ),
            _ => (cli, host_cli),
        }
    }

    async fn execute(&self, step: &Step) -> Result<(Evidence, Option<Started>), StepFail> {
        let started = |(ev, s): (Evidence, Started)| (ev, Some(s));
        let alone = |ev: Evidence| (ev, None);
        match &step.action {
            Action::Run(run) => self.run_container(step, run).await.map(started),
            Action::Adopt(adopt) => self.adopt(adopt).await,
            Action::Top(top) => self.top(top).await.map(alone),
            Action::Exec(exec) => self.exec(exec).await.map(alone),
            Action::HostProcesses(hp) => self.host_processes(hp).await.map(alone),
            Action::HostInfo(_) => Ok(alone(Evidence::HostInfo(Box::new(self.host.clone())))),
            Action::HostFile(hf) => self.host_file(hf).map(alone),
            Action::HostRegistry(hr) => self.host_registry(hr).map(alone),
        }
    }

    /// Creates and starts the step's container, and says where its image came from.
    async fn run_container(&self, step: &Step, run: &RunAction) -> Result<(Evidence, Started), StepFail> {
        let os = self.engine.os;
        let binding = platform::binding_for(self.bindings, run.isolation).ok_or_else(|| {
            StepFail::NotRun(
                Msg::NoIsolationMapping {
                    isolation: run.isolation.as_str().into(),
                }
                .into(),
            )
        })?;
        if let Some(why) = &binding.missing {
            return Err(StepFail::NotRun(why.clone()));
        }
        let image = run.image.for_os(os).ok_or_else(|| no_form(&run.image, os))?;
        let command = run.command.for_os(os).ok_or_else(|| no_form(&run.command, os))?;
        let image = platform::expand_image(os, &image, &self.host.os_build, run.isolation)
            .map_err(|e| StepFail::NotRun(e.into()))?;
        let (used, source) = self.engine.ensure_image(&image).await.map_err(StepFail::engine)?;
        // The language is part of the name: both languages of a lesson run at once.
        let name = format!(
            "pb-{}-{}-{}-{}",
            &self.opts.run_id, self.lesson.meta.lesson, self.lesson.meta.lang, step.id
        );
        let spec = ContainerSpec {
            name: name.clone(),
            image: &used,
            command,
            isolation: platform::container_isolation(os, binding),
            run_id: &self.opts.run_id,
            lesson: &self.lesson.meta.lesson,
        };
        let id = self.engine.create(&spec).await.map_err(StepFail::engine)?;
        self.engine.start(&id).await.map_err(StepFail::engine)?;
        let crate::engine::ContainerState {
            status: state,
            runtime,
            pid,
        } = self.engine.inspect_state(&id).await.map_err(StepFail::engine)?;
        if runtime == "runc" {
            self.engine.settle(&id, pid).await;
        }
        let evidence = Evidence::Container {
            id: id.clone(),
            name: name.clone(),
            image_source: image_note(source, &used, image),
            image: used,
            isolation: run.isolation,
            runtime,
            state,
        };
        Ok((evidence, Started { name, id }))
    }

    async fn top(&self, top: &TopAction) -> Result<Evidence, StepFail> {
        let c = self.container(&top.container)?;
        let (titles, rows, mut processes) = self.engine.top(&c.id).await.map_err(StepFail::engine)?;
        let row_size = |r: &Vec<String>| r.iter().map(|c| c.len() + 1).sum();
        let (rows, cut) = record::cap_rows(rows, self.opts.max_output, record::Stream::Top, row_size);
        if let Some(cut) = cut {
            processes = crate::engine::parse_top(&titles, &rows);
            self.note_cut(cut);
        }
        Ok(Evidence::Top {
            container_id: c.id.clone(),
            titles,
            rows,
            processes,
        })
    }

    async fn exec(&self, exec: &ExecAction) -> Result<Evidence, StepFail> {
        let os = self.engine.os;
        let c = self.container(&exec.container)?;
        let cmd = exec.command.for_os(os).ok_or_else(|| no_form(&exec.command, os))?;
        let out = match self.engine.exec(&c.id, cmd.clone(), self.opts.max_output).await {
            Ok(out) => out,
            // "No such exec instance" says less than what became of the container.
            Err(e) => match self.stopped(&exec.container, &c.id).await {
                Ok(Some(why)) => return Err(StepFail::Error(why)),
                _ => return Err(StepFail::engine(e)),
            },
        };
        // A stream also ends when its container dies (killed, removed, the
        // engine restarting): what was read then is a part taken for the whole.
        if let Some(why) = self.cut_short(&exec.container, &c.id, out.exit_code).await? {
            return Err(StepFail::Error(why));
        }
        let (stdout, cut) = out.stdout.finish(record::Stream::Stdout);
        let (stderr, cut_err) = out.stderr.finish(record::Stream::Stderr);
        cut.into_iter().chain(cut_err).for_each(|c| self.note_cut(c));
        let exit_code = out.exit_code;
        if let Some(e) = platform::exec_start_failure(&cmd, &stdout, &stderr, exit_code) {
            return Err(StepFail::Error(e.into()));
        }
        Ok(Evidence::Exec {
            stdout,
            stderr,
            exit_code,
        })
    }

    async fn host_processes(&self, hp: &HostProcessesAction) -> Result<Evidence, StepFail> {
        let os = self.engine.os;
        self.here_only(|endpoint, why| Msg::EngineNotLocalProcesses { endpoint, why })?;
        let names = match &hp.name {
            Some(n) => n.for_os(os).ok_or_else(|| no_form(n, os))?,
            None => Vec::new(),
        };
        let mut pids = claims::reported_pids(self.steps, &hp.pids_from);
        let filter = describe_filter(&names, &hp.pids_from, &pids, &hp.pids, self.steps);
        pids.extend(&hp.pids);
        let query = record::HostQuery { names, pids };
        let asked = query.clone();
        let processes = tokio::task::spawn_blocking(move || crate::host::processes(&asked.names, &asked.pids))
            .await
            .map_err(StepFail::error)?
            .map_err(|e| StepFail::Error((&e).into()))?;
        let proc_size = |p: &record::ProcInfo| 12 + p.name.len() + p.cmd.len() + p.user.len();
        let (processes, cut) = record::cap_rows(
            processes,
            self.opts.max_output,
            record::Stream::HostProcesses,
            proc_size,
        );
        cut.into_iter().for_each(|c| self.note_cut(c));
        Ok(Evidence::HostProcesses {
            filter,
            processes,
            query: Some(query),
        })
    }

    fn host_file(&self, hf: &HostFileAction) -> Result<Evidence, StepFail> {
        let os = self.engine.os;
        let path = hf.path.for_os(os).ok_or_else(|| no_form(&hf.path, os))?;
        self.here_only(|endpoint, why| Msg::EngineNotLocalFiles { endpoint, why })?;
        let exists = std::path::Path::new(&path).exists();
        Ok(Evidence::HostFile { path, exists })
    }

    fn host_registry(&self, hr: &HostRegistryAction) -> Result<Evidence, StepFail> {
        let os = self.engine.os;
        let key = hr.key.for_os(os).ok_or_else(|| no_form(&hr.key, os))?;
        self.here_only(|endpoint, why| Msg::EngineNotLocalRegistry { endpoint, why })?;
        let exists = platform::windows::registry_has(&key, hr.value.as_deref()).map_err(StepFail::NotRun)?;
        Ok(Evidence::HostRegistry {
            key,
            value: hr.value.clone(),
            exists,
        })
    }

    /// A step that reads this machine is NOT RUN when the engine's machine is another one.
    fn here_only(&self, reason: impl FnOnce(String, Box<Text>) -> Msg) -> Result<(), StepFail> {
        match &self.engine.locality {
            crate::engine::Locality::Elsewhere(why) => Err(StepFail::NotRun(
                reason(self.engine.endpoint.clone(), Box::new(why.clone().into())).into(),
            )),
            crate::engine::Locality::ThisMachine => Ok(()),
        }
    }

    fn note_cut(&self, cut: record::Cut) {
        if let Ok(mut v) = self.cut.lock() {
            v.push(cut);
        }
    }

    /// Finds the learner's container by name. It is only looked at: never
    /// created, started, stopped or removed here.
    async fn adopt(&self, adopt: &crate::lesson::AdoptAction) -> Result<(Evidence, Option<Started>), StepFail> {
        let os = self.engine.os;
        let prefix = self.opts.name_prefix();
        let command = crate::lesson::exercise_command(adopt, os, &self.host.os_build, prefix)
            .ok_or_else(|| no_form(&adopt.command, os))?;
        let name = format!("{prefix}{}", adopt.name);
        let Some(found) = self.engine.find_container(&name).await.map_err(StepFail::engine)? else {
            return Err(StepFail::NotRun(Msg::AdoptMissing { name, command }.into()));
        };
        if found.state.status != "running" {
            return Err(StepFail::NotRun(
                Msg::AdoptNotRunning {
                    name,
                    status: found.state.status,
                    command,
                }
                .into(),
            ));
        }
        if found.state.runtime == "runc" {
            self.engine.settle(&found.id, found.state.pid).await;
        }
        Ok((
            Evidence::Adopted {
                id: found.id.clone(),
                name: name.clone(),
                image: found.image,
                runtime: found.state.runtime,
                state: found.state.status,
            },
            Some(Started { name, id: found.id }),
        ))
    }

    /// What became of the container `step` started when it is no longer
    /// running (stopped, or gone from the engine); None while it runs.
    async fn stopped(&self, step: &str, id: &str) -> Result<Option<Text>, crate::engine::EngineError> {
        let step = step.to_string();
        match self.engine.inspect_state(id).await {
            Ok(s) if s.status == "running" => Ok(None),
            Ok(s) => Ok(Some(Msg::ContainerStoppedMidStep { step, status: s.status }.into())),
            Err(crate::engine::EngineError::NotFound { .. }) => Ok(Some(Msg::ContainerGoneMidStep { step }.into())),
            Err(e) => Err(e),
        }
    }

    /// Why an exec's output is only part of it, if it is. A command that
    /// exited with a code of its own (0–127) ended by itself: its output is
    /// whole. Killed by a signal or never seen to end, it may have died with
    /// its container, which the engine reports a moment after the exec
    /// itself: the container is watched for `CONTAINER_END_WAIT`.
    async fn cut_short(&self, step: &str, id: &str, exit_code: Option<i64>) -> Result<Option<Text>, StepFail> {
        if exit_code.is_some_and(|c| (0..=127).contains(&c)) {
            return Ok(None);
        }
        let t0 = Instant::now();
        loop {
            if let Some(why) = self.stopped(step, id).await.map_err(StepFail::engine)? {
                return Ok(Some(why));
            }
            if t0.elapsed() > CONTAINER_END_WAIT {
                // Still running: a command killed on its own keeps its output; one never seen to end does not.
                return Ok(exit_code
                    .is_none()
                    .then(|| Msg::ExecStreamCut { step: step.to_string() }.into()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn container(&self, step: &str) -> Result<&Started, StepFail> {
        self.containers
            .get(step)
            .ok_or_else(|| StepFail::NotRun(Msg::NoContainerStarted { step: step.into() }.into()))
    }
}

fn describe_filter(names: &[String], from: &[String], pids: &[u32], fixed: &[u32], steps: &[StepRecord]) -> Text {
    let mut parts: Vec<Text> = Vec::new();
    if !names.is_empty() {
        parts.push(Msg::FilterName { names: names.to_vec() }.into());
    }
    if !from.is_empty() {
        let unrun = from
            .iter()
            .filter(|id| !steps.iter().any(|s| &s.id == *id && s.outcome == StepOutcome::Ok))
            .cloned()
            .collect();
        parts.push(
            Msg::FilterPidsFrom {
                steps: from.to_vec(),
                pids: pids.to_vec(),
                unrun,
            }
            .into(),
        );
    }
    if !fixed.is_empty() {
        parts.push(Msg::FilterPids { pids: fixed.to_vec() }.into());
    }
    match parts.len() {
        0 => Msg::FilterAll.into(),
        1 => parts.remove(0),
        _ => Msg::FilterAny { parts }.into(),
    }
}

#[cfg(test)]
mod tests;
