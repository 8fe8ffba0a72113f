use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use proofbook::commands;
use proofbook::engine::RemoteOptions;
use proofbook::platform::ForcedRuntimes;

// Every description, heading and annotation comes from the message catalogue
// in the terminal's language (`proofbook::cli::localize`), so none is written here.
#[derive(Parser)]
#[command(name = "proofbook", version)]
struct Cli {
    #[arg(long, global = true, value_parser = ["en", "ko"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(BuildCli),
    Check {
        paths: Vec<PathBuf>,
    },
    Render(RenderCli),
    Diff(DiffCli),
    Doctor(DoctorCli),
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    Verify(VerifyCli),
    Serve(ServeCli),
}

#[derive(Args)]
struct ServeCli {
    paths: Vec<PathBuf>,
    #[arg(long, default_value = "book")]
    out: PathBuf,
    #[arg(long)]
    records: Option<PathBuf>,
    #[arg(long, short = 'H')]
    engine: Option<String>,
    #[command(flatten)]
    remote: RemoteFlags,
    #[command(flatten)]
    runtime: RuntimeFlags,
    #[arg(long, default_value_t = 3000)]
    port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    #[arg(long)]
    open: bool,
    #[arg(long, default_value_t = 10.0, value_parser = commands::parse_seconds)]
    step_timeout: f64,
    #[arg(long)]
    no_recorded: bool,
}

#[derive(Args)]
struct VerifyCli {
    lesson: String,
    #[arg(long, default_value = "lessons")]
    lessons: PathBuf,
    #[arg(long)]
    engine: Option<String>,
    #[arg(long, default_value = "book")]
    out: PathBuf,
    #[arg(long)]
    records: Option<PathBuf>,
    #[arg(long, default_value = "", env = "PROOFBOOK_NAME_PREFIX")]
    name_prefix: String,
    #[command(flatten)]
    runtime: RuntimeFlags,
    #[arg(long, default_value_t = 10.0)]
    step_timeout: f64,
    #[arg(long)]
    no_recorded: bool,
}

#[derive(Args)]
struct RenderCli {
    #[arg(long = "records", required = true)]
    records: Vec<PathBuf>,
    #[arg(long, default_value = "book")]
    out: PathBuf,
    #[arg(long)]
    no_recorded: bool,
    #[arg(long = "lessons")]
    lessons: Vec<PathBuf>,
    #[arg(long)]
    junit: Option<PathBuf>,
}

#[derive(Args)]
struct DiffCli {
    old: PathBuf,
    new: PathBuf,
    #[arg(long, conflicts_with = "format")]
    json: bool,
    #[arg(long, value_enum, default_value_t = commands::diff::Format::Text)]
    format: commands::diff::Format,
}

#[derive(Args)]
struct DoctorCli {
    paths: Vec<PathBuf>,
    #[arg(long, short = 'H')]
    engine: Option<String>,
    #[command(flatten)]
    remote: RemoteFlags,
    #[command(flatten)]
    runtime: RuntimeFlags,
    #[arg(long, default_value_t = 30.0, value_parser = commands::parse_seconds)]
    timeout: f64,
}

/// How containers are obtained and run; shared by every command that starts one.
#[derive(Args)]
struct RuntimeFlags {
    #[arg(long)]
    offline: bool,
    #[arg(long)]
    process_runtime: Option<String>,
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
    #[arg(long)]
    context: Option<String>,
    #[arg(long)]
    tlsverify: bool,
    #[arg(long, value_name = "FILE")]
    tlscacert: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    tlscert: Option<PathBuf>,
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
    paths: Vec<PathBuf>,
    #[arg(long, default_value = "book")]
    out: PathBuf,
    #[arg(long)]
    records: Option<PathBuf>,
    #[arg(long = "engine", short = 'H')]
    engines: Vec<String>,
    #[command(flatten)]
    remote: RemoteFlags,
    #[command(flatten)]
    runtime: RuntimeFlags,
    #[arg(long, default_value_t = 10.0, value_parser = commands::parse_seconds)]
    step_timeout: f64,
    #[arg(long, default_value_t = 1800.0, value_parser = commands::parse_pull_seconds)]
    pull_timeout: f64,
    #[arg(long, default_value_t = proofbook::record::DEFAULT_MAX_OUTPUT, value_parser = commands::parse_max_output)]
    max_output: usize,
    #[arg(long = "with-host")]
    with_hosts: Vec<PathBuf>,
    #[arg(long)]
    no_recorded: bool,
    #[arg(long, short)]
    quiet: bool,
    #[arg(long)]
    changed: bool,
    #[arg(long)]
    junit: Option<PathBuf>,
}

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = proofbook::cli::terminal_lang(&args);
    proofbook::output::set_lang(lang);
    let cli = parse(&args, lang);
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
            lang: cli.lang.clone(),
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
        Command::Serve(s) => runtime().block_on(commands::serve::run(commands::serve::ServeArgs {
            paths: s.paths,
            out: s.out,
            records: s.records,
            engine: s.engine,
            remote: s.remote.options(),
            bind: s.bind,
            port: s.port,
            open: s.open,
            offline: s.runtime.offline(),
            forced: s.runtime.forced(),
            step_timeout: s.step_timeout,
            no_recorded: s.no_recorded,
            ko: lang == proofbook::messages::Lang::Ko,
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

/// The command line, parsed by the command clap derives from `Cli`, described in the terminal's language.
fn parse(args: &[std::ffi::OsString], lang: proofbook::messages::Lang) -> Cli {
    let cmd = proofbook::cli::localize(Cli::command(), lang);
    let matches = cmd
        .try_get_matches_from(args)
        .unwrap_or_else(|e| proofbook::cli::refuse(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| proofbook::cli::refuse(e, lang))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be created")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every flag, in both languages, has a description
    /// from the catalogue; the Korean ones are Korean.
    #[test]
    fn every_command_and_flag_is_described_in_both_languages() {
        for lang in proofbook::messages::Lang::CHOOSABLE {
            let ko = lang == proofbook::messages::Lang::Ko;
            let cmd = proofbook::cli::localize(Cli::command(), lang);
            let mut missing = Vec::new();
            let mut check = |what: String, text: String| {
                let hangul = text.chars().any(|c| ('가'..='힣').contains(&c));
                if text.trim().is_empty() || hangul != ko {
                    missing.push(format!("{what}: {text:?}"));
                }
            };
            for sub in std::iter::once(&cmd).chain(cmd.get_subcommands()) {
                check(
                    format!("{} about", sub.get_name()),
                    sub.get_about().map(|s| s.to_string()).unwrap_or_default(),
                );
                for arg in sub.get_arguments() {
                    let help = arg.get_help().map(|s| s.to_string()).unwrap_or_default();
                    check(format!("{} {}", sub.get_name(), arg.get_id()), help);
                }
            }
            assert!(missing.is_empty(), "ko={ko}: {missing:#?}");
        }
    }

    #[test]
    fn korean_help_has_korean_headings_and_english_help_has_claps() {
        let render = |lang, args: &[&str]| {
            let cmd = proofbook::cli::localize(Cli::command(), lang);
            cmd.try_get_matches_from(args)
                .expect_err("help is shown as an error")
                .render()
                .to_string()
        };
        let ko = render(proofbook::messages::Lang::Ko, &["proofbook", "build", "--help"]);
        for want in ["사용법:", "옵션:", "인수:", "[기본값: book]", "도움말을 출력합니다"] {
            assert!(ko.contains(want), "{want} in {ko}");
        }
        assert!(
            !ko.contains("Usage:") && !ko.contains("[default:") && !ko.contains("Print help"),
            "{ko}"
        );
        let en = render(proofbook::messages::Lang::En, &["proofbook", "diff", "--help"]);
        for want in ["Usage:", "Options:", "Arguments:", "[default: text]", "Print help"] {
            assert!(en.contains(want), "{want} in {en}");
        }
        let top = render(proofbook::messages::Lang::Ko, &["proofbook", "--help"]);
        assert!(
            top.contains("명령:") && top.contains("엔진 없이 레슨을 검사합니다."),
            "{top}"
        );
    }
}
