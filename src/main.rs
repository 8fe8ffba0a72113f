use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use proofbook::commands;
use proofbook::engine::RemoteOptions;
use proofbook::platform::ForcedRuntimes;

/// Markdown lessons whose claims are proven, refuted or left unrun on your own Docker engine.
#[derive(Parser)]
#[command(name = "proofbook", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the lessons' steps on the engine, judge every claim, render the book.
    Build(BuildCli),
    /// Validate lessons without an engine.
    Check {
        /// Lesson files or folders (default: lessons/, else the book built into proofbook)
        paths: Vec<PathBuf>,
    },
    /// Render the book from stored run records, without an engine.
    Render(RenderCli),
    /// Compare two runs: changed verdicts, evidence, host facts, lessons. Exit 1 when a verdict changed.
    Diff(DiffCli),
    /// Check that an engine can run the lessons; every problem comes with its fix.
    Doctor(DoctorCli),
    /// Write the book built into proofbook to DIR/lessons/ (never overwriting), to start a book of one's own.
    Init {
        /// Folder to write `lessons/` into
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Judge a lesson's exercise on the containers you started yourself. Exit 1 when a claim is not proven.
    Verify(VerifyCli),
}

#[derive(Args)]
struct VerifyCli {
    /// A lesson id (e.g. process-isolation) or a lesson file
    lesson: String,
    /// Language of the lesson and of what verify prints
    #[arg(long, value_parser = ["en", "ko"])]
    lang: Option<String>,
    /// Folder a lesson id is looked up in
    #[arg(long, default_value = "lessons")]
    lessons: PathBuf,
    /// Engine endpoint (unix://, tcp://, npipe://). Default: DOCKER_HOST or the local socket
    #[arg(long)]
    engine: Option<String>,
    /// Output folder of the book whose page shows your evidence
    #[arg(long, default_value = "book")]
    out: PathBuf,
    /// Where run records are kept (default: <out>/records/<engine>/)
    #[arg(long)]
    records: Option<PathBuf>,
    /// A prefix you put before every container name the exercise asks for (one per learner on a shared host)
    #[arg(long, default_value = "", env = "PROOFBOOK_NAME_PREFIX")]
    name_prefix: String,
    #[command(flatten)]
    runtime: RuntimeFlags,
    /// Default time limit of one step, in seconds
    #[arg(long, default_value_t = 10.0)]
    step_timeout: f64,
    /// Leave out the recorded Windows Server 2019 host proofbook ships for comparison
    #[arg(long)]
    no_recorded: bool,
}

#[derive(Args)]
struct RenderCli {
    /// A folder of one host's records, a folder of host folders (e.g. book/records), or a record file; repeat for more hosts
    #[arg(long = "records", required = true)]
    records: Vec<PathBuf>,
    /// Output folder of the book
    #[arg(long, default_value = "book")]
    out: PathBuf,
    /// Leave out the recorded Windows Server 2019 host proofbook ships for comparison
    #[arg(long)]
    no_recorded: bool,
    /// Lesson files or folders: pages show their current prose, and pages whose record was taken for other
    /// steps or claims are marked stale
    #[arg(long = "lessons")]
    lessons: Vec<PathBuf>,
    /// Write a JUnit XML report (a test case per claim, language and host) to this file
    #[arg(long)]
    junit: Option<PathBuf>,
}

#[derive(Args)]
struct DiffCli {
    /// The earlier run: a records folder (one host or a folder of hosts) or a record file
    old: PathBuf,
    /// The later run, in the same forms
    new: PathBuf,
    /// Print the comparison as JSON (same as `--format json`)
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// How to print the comparison: text, json, or markdown (a pull-request comment)
    #[arg(long, value_enum, default_value_t = commands::diff::Format::Text)]
    format: commands::diff::Format,
}

#[derive(Args)]
struct DoctorCli {
    /// Lesson files or folders whose needs are checked (default: lessons/, else the built-in book)
    paths: Vec<PathBuf>,
    /// Engine endpoint (unix://, tcp://, ssh://, npipe://). Default: as the docker CLI (context, DOCKER_HOST, local socket)
    #[arg(long, short = 'H')]
    engine: Option<String>,
    #[command(flatten)]
    remote: RemoteFlags,
    #[command(flatten)]
    runtime: RuntimeFlags,
    /// Time limit of each trial container, in seconds (0.01 to 3600)
    #[arg(long, default_value_t = 30.0, value_parser = commands::parse_seconds)]
    timeout: f64,
}

/// How containers are obtained and run; shared by every command that starts one.
#[derive(Args)]
struct RuntimeFlags {
    /// Never pull images from a registry (also PROOFBOOK_OFFLINE=1)
    #[arg(long)]
    offline: bool,
    /// Runtime for `process` isolation (Linux), overriding detection
    #[arg(long)]
    process_runtime: Option<String>,
    /// Runtime for `hyperv` (sandboxed) isolation (Linux), overriding detection
    #[arg(long)]
    sandbox_runtime: Option<String>,
}

impl RuntimeFlags {
    fn offline(&self) -> bool {
        self.offline || proofbook::offline_from_env()
    }
    fn forced(&self) -> ForcedRuntimes {
        ForcedRuntimes {
            process: self.process_runtime.clone(),
            hyperv: self.sandbox_runtime.clone(),
        }
    }
}

/// How the engine is reached, as the docker CLI's global options of the same names.
#[derive(Args)]
struct RemoteFlags {
    /// Docker context to use (`docker context ls`); overrides DOCKER_HOST, DOCKER_CONTEXT and `docker context use`
    #[arg(long)]
    context: Option<String>,
    /// Use TLS and verify the engine's certificate (also DOCKER_TLS_VERIFY)
    #[arg(long)]
    tlsverify: bool,
    /// CA that signed the engine's certificate [default: DOCKER_CERT_PATH or ~/.docker, ca.pem]
    #[arg(long, value_name = "FILE")]
    tlscacert: Option<PathBuf>,
    /// Client certificate [default: DOCKER_CERT_PATH or ~/.docker, cert.pem]
    #[arg(long, value_name = "FILE")]
    tlscert: Option<PathBuf>,
    /// Client key [default: DOCKER_CERT_PATH or ~/.docker, key.pem]
    #[arg(long, value_name = "FILE")]
    tlskey: Option<PathBuf>,
}

impl RemoteFlags {
    fn options(self) -> RemoteOptions {
        RemoteOptions {
            context: self.context,
            tls_verify: self.tlsverify,
            tls_ca: self.tlscacert,
            tls_cert: self.tlscert,
            tls_key: self.tlskey,
        }
    }
}

#[derive(Args)]
struct BuildCli {
    /// Lesson files or folders (default: lessons/, else the book built into proofbook)
    paths: Vec<PathBuf>,
    /// Output folder of the book
    #[arg(long, default_value = "book")]
    out: PathBuf,
    /// Where run records go (default: <out>/records/<engine>/)
    #[arg(long)]
    records: Option<PathBuf>,
    /// Engine endpoint (unix://, tcp://, ssh://, npipe://); repeat to run a fleet. Default: as the docker CLI (context, DOCKER_HOST, local socket)
    #[arg(long = "engine", short = 'H')]
    engines: Vec<String>,
    #[command(flatten)]
    remote: RemoteFlags,
    #[command(flatten)]
    runtime: RuntimeFlags,
    /// Default time limit of one step, in seconds (0.01 to 3600)
    #[arg(long, default_value_t = 10.0, value_parser = commands::parse_seconds)]
    step_timeout: f64,
    /// Time limit of each image pull, in seconds. Pulls happen before the steps, not in their time
    #[arg(long, default_value_t = 1800.0, value_parser = commands::parse_pull_seconds)]
    pull_timeout: f64,
    /// Bytes kept of each captured stream (exec output, top rows, host tables); the rest is read and counted, not kept
    #[arg(long, default_value_t = proofbook::record::DEFAULT_MAX_OUTPUT, value_parser = commands::parse_max_output)]
    max_output: usize,
    /// Records of other hosts to show in the comparison matrix (one folder per host)
    #[arg(long = "with-host")]
    with_hosts: Vec<PathBuf>,
    /// Leave out the recorded Windows Server 2019 host proofbook ships for comparison
    #[arg(long)]
    no_recorded: bool,
    /// No progress display
    #[arg(long, short)]
    quiet: bool,
    /// Run only the lessons whose steps or claims changed since their record in the records folder, whose record
    /// is missing, or whose host differs; keep the other records (with the current prose) and write the whole book
    #[arg(long)]
    changed: bool,
    /// Write a JUnit XML report (a test case per claim, language and host) to this file
    #[arg(long)]
    junit: Option<PathBuf>,
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { paths } => commands::check::run(&paths),
        Command::Init { dir } => commands::init::run(&dir),
        Command::Render(r) => commands::render::run(commands::render::RenderArgs {
            records: r.records,
            out: r.out,
            no_recorded: r.no_recorded,
            lessons: r.lessons,
            junit: r.junit,
        }),
        Command::Diff(d) => commands::diff::run(commands::diff::DiffArgs {
            old: d.old,
            new: d.new,
            format: if d.json { commands::diff::Format::Json } else { d.format },
        }),
        Command::Doctor(d) => runtime().block_on(commands::doctor::run(commands::doctor::DoctorArgs {
            engine: d.engine,
            remote: d.remote.options(),
            paths: d.paths,
            offline: d.runtime.offline(),
            forced: d.runtime.forced(),
            timeout: std::time::Duration::from_secs_f64(d.timeout),
        })),
        Command::Verify(v) => runtime().block_on(commands::verify::run(commands::verify::VerifyArgs {
            lesson: v.lesson,
            lang: v.lang,
            lessons: v.lessons,
            engine: v.engine,
            out: v.out,
            records: v.records,
            name_prefix: v.name_prefix,
            offline: v.runtime.offline(),
            forced: v.runtime.forced(),
            step_timeout: v.step_timeout,
            no_recorded: v.no_recorded,
        })),
        Command::Build(b) => {
            let args = commands::build::BuildArgs {
                paths: b.paths,
                out: b.out,
                records: b.records,
                engines: b.engines,
                remote: b.remote.options(),
                offline: b.runtime.offline(),
                forced: b.runtime.forced(),
                step_timeout: b.step_timeout,
                pull_timeout: b.pull_timeout,
                // Quiet when stdout is not a terminal (CI logs, pipes); the bars draw on stderr.
                progress: !b.quiet && std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
                recorded_hosts: b.with_hosts,
                no_recorded: b.no_recorded,
                changed: b.changed,
                junit: b.junit,
                max_output: b.max_output,
            };
            runtime().block_on(commands::build::run(args))
        }
    };
    std::process::exit(proofbook::error::report(result));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be created")
}
