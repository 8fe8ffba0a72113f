//! `proofbook build`: run the lessons on one or more engines, judge, render.

use crate::messages::Id;
use crate::output::tr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::flags::{self, RuntimeFlags};
use crate::engine::Engine;
use crate::engine::RemoteOptions;
use crate::error::{CommandResult, Outcome};
use crate::lesson::Lesson;
use crate::record::store::{self, HostRecords};
use crate::record::RunRecord;
use crate::render::Renderer;
use crate::runner::{self, RunOptions};

/// `build`'s command line. Each field's description is in the catalogue
/// (`help_build_<field>`, or `help_<field>` for one several commands share).
#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    /// Lesson files or folders (default: `lessons/`, else the built-in book).
    pub paths: Vec<PathBuf>,
    /// Where the book is written.
    #[arg(long, default_value = "book")]
    pub out: PathBuf,
    /// Where run records are stored (default: `<out>/records/<engine>/`).
    #[arg(long)]
    pub records: Option<PathBuf>,
    /// Engine endpoints; several run at once, none means the docker CLI's choice.
    #[arg(long = "engine", short = 'H')]
    pub engines: Vec<String>,
    /// Context and TLS choices, as the docker CLI's global options.
    #[command(flatten)]
    pub remote: RemoteOptions,
    /// Offline, and runtimes chosen over the ones found.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// Default limit of each step, in seconds.
    #[arg(long, default_value_t = 10.0, value_parser = flags::parse_seconds)]
    pub step_timeout: f64,
    /// Limit of each image pull, which happens before the steps and is not part of their time.
    #[arg(long, default_value_t = 1800.0, value_parser = flags::parse_pull_seconds)]
    pub pull_timeout: f64,
    /// Bytes kept of each captured stream.
    #[arg(long, default_value_t = crate::record::DEFAULT_MAX_OUTPUT, value_parser = flags::parse_max_output)]
    pub max_output: usize,
    /// Record folders of other hosts, shown beside this one (`--with-host`).
    #[arg(long = "with-host")]
    pub with_hosts: Vec<PathBuf>,
    /// Leave the Windows transcripts proofbook ships out of the comparison.
    #[arg(long)]
    pub no_recorded: bool,
    /// No progress bars (`--quiet`).
    #[arg(long, short)]
    pub quiet: bool,
    /// Run only lessons whose steps, claims or host changed since their record (`--changed`).
    #[arg(long)]
    pub changed: bool,
    /// Where to write a JUnit XML report of this build's verdicts (`--junit`).
    #[arg(long)]
    pub junit: Option<PathBuf>,
}

impl BuildArgs {
    /// Progress bars, unless `--quiet` or stdout is not a terminal (CI logs,
    /// pipes); the bars draw on stderr, so it must be one too.
    fn progress(&self) -> bool {
        use std::io::IsTerminal;
        !self.quiet && std::io::stdout().is_terminal() && std::io::stderr().is_terminal()
    }
}

/// Exit codes: 0 nothing refuted or errored, 1 something was, 2 bad lessons,
/// 3 no engine, 4 the book cannot be written, 130 interrupted.
pub async fn run(args: BuildArgs) -> CommandResult {
    let lessons = super::load_lessons(&args.paths)?;
    let records_root = args.records.clone().unwrap_or_else(|| args.out.join("records"));
    let mut endpoints: Vec<Option<String>> = if args.engines.is_empty() {
        vec![None]
    } else {
        args.engines.iter().cloned().map(Some).collect()
    };
    // The same engine given twice would race itself for one record folder.
    let mut seen = std::collections::HashSet::new();
    endpoints.retain(|e| seen.insert(e.clone()));

    let mut engines: Vec<(String, Arc<Engine>)> = Vec::new();
    for ep in &endpoints {
        let mut e = Engine::connect_with(ep.as_deref(), &args.remote, args.runtime.offline()).await?;
        e.pull_timeout = Duration::from_secs_f64(args.pull_timeout);
        // Distinct endpoints can share a label (`tcp://a.b:1`, `tcp://a-b:1`): keep record folders apart.
        let base = e.label.clone();
        let mut label = base.clone();
        let mut n = 1;
        while engines.iter().any(|(l, _)| *l == label) {
            n += 1;
            label = format!("{base}-{n}");
        }
        engines.push((label, Arc::new(e)));
    }
    for (label, engine) in &engines {
        match engine.sweep_stale().await {
            Ok(0) => {}
            Ok(n) => crate::errln!(
                "{}",
                tr(Id::build_swept, &[("label", label), ("count", &n.to_string())])
            ),
            Err(e) => crate::errln!(
                "{}",
                tr(Id::build_sweep_failed, &[("label", label), ("error", &e.to_string())])
            ),
        }
    }

    let run_id = runner::new_run_id();
    let jobs = engines.iter().map(|(label, engine)| {
        let mut opts = RunOptions::new(run_id.clone());
        opts.forced = args.runtime.forced();
        opts.default_timeout = Duration::from_secs_f64(args.step_timeout);
        opts.records_dir = Some(records_root.join(label));
        opts.progress = args.progress();
        opts.max_output = args.max_output;
        let (label, engine, lessons, changed) = (label.clone(), engine.clone(), &lessons, args.changed);
        async move {
            let records = if changed {
                run_changed(&label, engine, lessons, &opts).await
            } else {
                runner::run_lessons(engine, lessons, &opts).await
            };
            HostRecords { label, records }
        }
    });
    let work = futures_util::future::join_all(jobs);

    let hosts = tokio::select! {
        hosts = work => hosts,
        signal = interrupted() => {
            crate::errln!("{}", tr(signal, &[]));
            for (label, engine) in &engines {
                // Creates in flight when the signal came may land after a first pass.
                if let Err(e) = engine.remove_run_settled(&run_id, Duration::from_millis(1500), Duration::from_secs(30)).await {
                    crate::errln!("{}", tr(Id::build_leftover, &[("label", label), ("error", &e.to_string())]));
                }
            }
            return Ok(Outcome::Interrupted);
        }
    };
    finish(&hosts, &args, &lessons)
}

/// `--changed`: keeps the records that still fit, runs the rest, returns all in book order.
pub(crate) async fn run_changed(
    label: &str,
    engine: Arc<Engine>,
    lessons: &[Lesson],
    opts: &RunOptions,
) -> Vec<RunRecord> {
    let host = engine.host_info(&engine.bindings(&opts.forced));
    let dir = opts.records_dir.clone().unwrap_or_default();
    let plan = super::incremental::plan(lessons, &dir, &host);
    for note in &plan.notes {
        crate::errln!("[{label}] {note}");
    }
    let mut records = plan.kept;
    if !plan.to_run.is_empty() {
        records.extend(runner::run_lessons(engine, &plan.to_run, opts).await);
    }
    let at = |r: &RunRecord| {
        lessons
            .iter()
            .position(|l| l.meta.lesson == r.lesson && l.meta.lang == r.lang)
    };
    records.sort_by_key(at);
    records
}

fn finish(hosts: &[HostRecords], args: &BuildArgs, lessons: &[Lesson]) -> CommandResult {
    let mut all_hosts = hosts.to_vec();
    for dir in &args.with_hosts {
        all_hosts.append(&mut super::stored(dir)?);
    }
    store::settle_labels(&mut all_hosts)?;
    if !args.no_recorded {
        // Shown beside this host in the comparison; it never decides the exit code.
        all_hosts.extend(crate::transcripts::windows_hosts(lessons));
    }
    Renderer::new().render_book(&all_hosts, &args.out, false)?;
    if let Some(path) = &args.junit {
        // Only the engines this build ran: the shipped transcripts never fail a CI job.
        crate::junit::write(path, hosts)?;
    }
    print_summary(hosts);
    let path = args.out.join("index.html").display().to_string();
    crate::outln!("{}", tr(Id::build_written, &[("path", &path)]));
    Ok(exit_for(hosts.iter().flat_map(|h| &h.records)))
}

pub(crate) fn print_summary(hosts: &[HostRecords]) {
    for h in hosts {
        for r in &h.records {
            for c in &r.claims {
                crate::outln!(
                    "[{}] {}/{} {:<8} {}",
                    h.label,
                    r.key(),
                    c.id,
                    crate::output::verdict_word(c.verdict),
                    c.reason.plain(crate::output::lang())
                );
            }
        }
    }
}

/// Success when nothing was refuted, errored or timed out; Failed otherwise.
pub(crate) fn exit_for<'a>(records: impl IntoIterator<Item = &'a RunRecord>) -> Outcome {
    let failed = records
        .into_iter()
        .flat_map(|r| &r.claims)
        .any(|c| c.verdict.is_failure());
    Outcome::failed_if(failed)
}

/// Resolves on Ctrl-C (and SIGTERM on Unix), naming the signal.
pub(crate) async fn interrupted() -> Id {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return Id::build_interrupted;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => Id::build_interrupted,
            _ = term.recv() => Id::build_terminated,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        Id::build_interrupted
    }
}
