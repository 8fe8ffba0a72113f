use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use proofbook::commands;
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
        /// Lesson files or folders (default: lessons/)
        paths: Vec<PathBuf>,
    },
}

#[derive(Args)]
struct BuildCli {
    /// Lesson files or folders (default: lessons/)
    paths: Vec<PathBuf>,
    /// Output folder of the book
    #[arg(long, default_value = "book")]
    out: PathBuf,
    /// Where run records go (default: <out>/records/<engine>/)
    #[arg(long)]
    records: Option<PathBuf>,
    /// Engine endpoint (unix://, tcp://, npipe://); repeat to run a fleet. Default: DOCKER_HOST or the local socket
    #[arg(long = "engine")]
    engines: Vec<String>,
    /// Never pull images from a registry (also PROOFBOOK_OFFLINE=1)
    #[arg(long)]
    offline: bool,
    /// Runtime for `process` isolation (Linux), overriding detection
    #[arg(long)]
    process_runtime: Option<String>,
    /// Runtime for `hyperv` (sandboxed) isolation (Linux), overriding detection
    #[arg(long)]
    sandbox_runtime: Option<String>,
    /// Default time limit of one step, in seconds
    #[arg(long, default_value_t = 10.0)]
    step_timeout: f64,
    /// Records of other hosts to show in the comparison matrix (one folder per host)
    #[arg(long = "with-host")]
    with_hosts: Vec<PathBuf>,
    /// No progress display
    #[arg(long, short)]
    quiet: bool,
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check { paths } => commands::check::run(&paths),
        Command::Build(b) => {
            let args = commands::build::BuildArgs {
                paths: b.paths,
                out: b.out,
                records: b.records,
                engines: b.engines,
                offline: b.offline || proofbook::offline_from_env(),
                forced: ForcedRuntimes { process: b.process_runtime, hyperv: b.sandbox_runtime },
                step_timeout: b.step_timeout,
                progress: !b.quiet && std::io::stderr().is_terminal(),
                recorded_hosts: b.with_hosts,
            };
            runtime().block_on(commands::build::run(args))
        }
    };
    std::process::exit(code);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be created")
}
