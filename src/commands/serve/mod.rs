//! `proofbook serve`: the book on a loopback web server while its author
//! edits the lessons. It builds the book (reusing the records that still fit,
//! as `build --changed`), watches the lessons (`notify`, as mdBook does) and
//! on each save re-renders a prose edit from the kept evidence, reruns only a
//! lesson whose steps or claims changed (its progress on the open pages), or
//! shows `check`'s `file:line` errors over the last good page. Open pages
//! reload by themselves (server-sent events). Ctrl-C removes the containers
//! of a run in flight before it exits, as `build` does.

mod http;
mod live;
mod watch;

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::flags::RuntimeFlags;
use crate::engine::{Engine, RemoteOptions};
use crate::error::{CommandResult, Failure, Outcome, OutputError};
use crate::lesson::Lesson;
use crate::messages::{say, Id, Lang};
use crate::record::store::HostRecords;
use crate::render::Renderer;
use crate::runner::{self, RunOptions, StepHook};

/// `serve`'s command line; descriptions in the catalogue (`help_serve_<field>`, `help_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Lesson files or folders (default: `lessons/`, else the built-in book).
    pub paths: Vec<PathBuf>,
    /// Where the book is written.
    #[arg(long, default_value = "book")]
    pub out: PathBuf,
    /// Where run records are stored (default: `<out>/records/<engine>/`).
    #[arg(long)]
    pub records: Option<PathBuf>,
    /// The engine's endpoint (default: the docker CLI's choice).
    #[arg(long, short = 'H')]
    pub engine: Option<String>,
    /// Context and TLS choices, as the docker CLI's global options.
    #[command(flatten)]
    pub remote: RemoteOptions,
    /// Offline, and runtimes chosen over the ones found.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 3000, value_parser = super::flags::parse_port)]
    pub port: u16,
    /// The address to listen on (loopback unless asked).
    #[arg(long, default_value = "127.0.0.1", value_parser = super::flags::parse_address)]
    pub bind: IpAddr,
    /// Open the book in a browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Default limit of each step, in seconds.
    #[arg(long, default_value_t = 10.0, value_parser = super::flags::parse_seconds)]
    pub step_timeout: f64,
    /// Leave the Windows transcripts proofbook ships out of the book.
    #[arg(long)]
    pub no_recorded: bool,
}

/// What one `serve` keeps between rebuilds.
struct Session {
    args: ServeArgs,
    engine: Arc<Engine>,
    records_dir: PathBuf,
    live: live::Live,
    /// The run whose containers may still exist (a rebuild cut short by Ctrl-C).
    in_flight: Mutex<Option<String>>,
}

impl Session {
    /// The terminal's language (`output::lang`, which live pages' notes also follow).
    fn lang(&self) -> Lang {
        crate::output::lang()
    }

    /// Reads the lessons again: a book when they pass check, else their errors on the pages.
    async fn update(&self) {
        match super::load_lessons(&self.args.paths) {
            Ok(lessons) => self.rebuild(&lessons).await,
            Err(errors) => {
                crate::errln!("{}", say(self.lang(), Id::serve_check_failed, &[]));
                for e in &errors {
                    crate::errln!("  {e}");
                }
                self.live.failed(&errors);
            }
        }
    }

    /// Runs what changed (nothing for a prose edit), renders the book, tells the pages to reload.
    async fn rebuild(&self, lessons: &[Lesson]) {
        let started = Instant::now();
        self.live.rendering();
        let mut opts = RunOptions::new(runner::new_run_id());
        opts.forced = self.args.runtime.forced();
        opts.default_timeout = Duration::from_secs_f64(self.args.step_timeout);
        opts.records_dir = Some(self.records_dir.clone());
        let live = self.live.clone();
        opts.on_step = Some(StepHook(Arc::new(move |p| live.running(&p))));
        *self.in_flight.lock().expect("not poisoned") = Some(opts.run_id.clone());
        let label = self.engine.label.clone();
        let records = super::build::run_changed(&label, self.engine.clone(), lessons, &opts).await;
        *self.in_flight.lock().expect("not poisoned") = None;
        let mut hosts = vec![HostRecords { label, records }];
        if !self.args.no_recorded {
            hosts.extend(crate::transcripts::windows_hosts(lessons));
        }
        match Renderer::new().render_book(&hosts, &self.args.out, false) {
            Ok(_) => {
                self.live.rendered();
                let secs = format!("{:.2}", started.elapsed().as_secs_f64());
                crate::errln!("{}", say(self.lang(), Id::serve_rebuilt, &[("secs", &secs)]));
            }
            Err(e) => {
                crate::errln!("{e}");
                self.live.failed_output(&e.to_string());
            }
        }
    }

    /// Removes the containers of a rebuild that Ctrl-C cut short.
    async fn stop(&self) {
        let run = self.in_flight.lock().expect("not poisoned").take();
        if let Some(run_id) = run {
            let (quiet, most) = (Duration::from_millis(1500), Duration::from_secs(30));
            if let Err(e) = self.engine.remove_run_settled(&run_id, quiet, most).await {
                crate::errln!("[{}] warning: {e}", self.engine.label);
            }
        }
        crate::errln!("{}", say(self.lang(), Id::serve_stopped, &[]));
    }
}

/// Exit 2 when the lessons do not pass check at the start, 3 without an
/// engine, 4 when the port cannot be had; 130 once stopped (Ctrl-C, SIGTERM)
/// with no container left behind.
pub async fn run(args: ServeArgs) -> CommandResult {
    let lessons = super::load_lessons(&args.paths)?;
    let engine = Engine::connect_with(args.engine.as_deref(), &args.remote, args.runtime.offline()).await?;
    if let Ok(n @ 1..) = engine.sweep_stale().await {
        let said = say(
            crate::output::lang(),
            Id::build_swept,
            &[("label", &engine.label), ("count", &n.to_string())],
        );
        crate::errln!("{said}");
    }
    let listener = tokio::net::TcpListener::bind((args.bind, args.port))
        .await
        .map_err(|source| OutputError::Serve {
            addr: format!("{}:{}", args.bind, args.port),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| OutputError::Serve {
        addr: format!("{}:{}", args.bind, args.port),
        source,
    })?;
    let records_dir = args
        .records
        .clone()
        .unwrap_or_else(|| args.out.join("records"))
        .join(&engine.label);
    let session = Session {
        live: live::Live::new(),
        engine: Arc::new(engine),
        records_dir,
        in_flight: Mutex::new(None),
        args,
    };
    tokio::spawn(http::serve(listener, session.args.out.clone(), session.live.clone()));
    let url = format!("http://{addr}/");
    let stop = tokio::select! {
        () = session.rebuild(&lessons) => false,
        _ = super::build::interrupted() => true,
    };
    if !stop {
        crate::outln!("{}", say(session.lang(), Id::serve_listening, &[("url", &url)]));
        if session.args.open {
            if let Err(e) = crate::platform::open_in_browser(&url) {
                let why = crate::messages::io::said(session.lang(), &e);
                crate::errln!(
                    "{}",
                    say(session.lang(), Id::serve_open_failed, &[("why", &why), ("url", &url)])
                );
            }
        }
        watch_and_rebuild(&session).await?;
    }
    session.stop().await;
    Ok(Outcome::Interrupted)
}

/// Rebuilds on every saved change until Ctrl-C or SIGTERM.
async fn watch_and_rebuild(session: &Session) -> Result<(), Failure> {
    let watched = watch::roots(&session.args.paths);
    let (_watcher, mut changes) = match &watched {
        None => {
            crate::errln!("{}", say(session.lang(), Id::serve_no_watch, &[]));
            let _ = super::build::interrupted().await;
            return Ok(());
        }
        Some(roots) => watch::start(roots).map_err(|e| {
            let why = match &e.kind {
                notify::ErrorKind::Io(io) => crate::messages::io::said(session.lang(), io),
                _ => e.to_string(),
            };
            Failure::from(OutputError::Watch(say(
                session.lang(),
                Id::serve_watch_failed,
                &[("why", &why)],
            )))
        })?,
    };
    let shown: Vec<String> = watched.iter().flatten().map(|p| p.display().to_string()).collect();
    crate::errln!(
        "{}",
        say(session.lang(), Id::serve_watching, &[("paths", &shown.join(", "))])
    );
    loop {
        let changed = tokio::select! {
            c = watch::next_batch(&mut changes) => c,
            _ = super::build::interrupted() => return Ok(()),
        };
        let Some(changed) = changed else { return Ok(()) };
        let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        crate::errln!(
            "{}",
            say(session.lang(), Id::serve_changed, &[("paths", &names.join(", "))])
        );
        tokio::select! {
            () = session.update() => {}
            _ = super::build::interrupted() => return Ok(()),
        }
    }
}
