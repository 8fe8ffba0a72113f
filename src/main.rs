//! The `proofbook` binary: reads the terminal's language, parses the command
//! line (`proofbook::cli`: every command's flags are declared beside the
//! command in `commands/<name>.rs`), runs the command, and reports its result
//! once, as its exit code says (`error::report`).

use proofbook::cli::Commands;
use proofbook::commands;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = proofbook::cli::terminal_lang(&args);
    proofbook::output::set_lang(lang);
    let cli = proofbook::cli::parse(&args, lang);
    let result = match cli.command {
        Commands::Check(a) => commands::check::run(a),
        Commands::Init(a) => commands::init::run(a),
        Commands::Render(a) => commands::render::run(a),
        Commands::Diff(a) => commands::diff::run(a),
        Commands::Doctor(a) => runtime().block_on(commands::doctor::run(a)),
        Commands::Verify(a) => runtime().block_on(commands::verify::run(a, cli.lang)),
        Commands::Serve(a) => runtime().block_on(commands::serve::run(a)),
        Commands::Build(a) => runtime().block_on(commands::build::run(a)),
    };
    std::process::exit(proofbook::error::report(result));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be created")
}
