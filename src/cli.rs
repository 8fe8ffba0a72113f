//! The command line in the reader's language: the commands (each declares
//! its own flags beside its `run`, in `commands/<name>.rs`), which language
//! the terminal speaks, and `--help` with every command's and flag's
//! description, clap's own headings and annotations included, taken from the
//! message catalogue. The flags are declared without any text; this module
//! gives each its words when the language is known.

use clap::{Arg, Command, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands;
use crate::messages::{Id, Lang};

/// The whole command line: the global `--lang` and one command.
#[derive(Debug, Parser)]
#[command(name = "proofbook", version)]
pub struct Cli {
    /// `--lang`: the terminal's language, and the language of the lesson `verify` judges.
    #[arg(long, global = true, value_parser = ["en", "ko"])]
    pub lang: Option<String>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Commands,
}

/// One variant per command, holding that command's own `Args`.
#[derive(Debug, Subcommand)]
pub enum Commands {
    /// `build`: run the lessons, judge, write the book.
    Build(commands::build::BuildArgs),
    /// `check`: the lessons without an engine.
    Check(commands::check::CheckArgs),
    /// `render`: the book from stored records.
    Render(commands::render::RenderArgs),
    /// `diff`: what changed between two runs.
    Diff(commands::diff::DiffArgs),
    /// `doctor`: can this engine run the lessons.
    Doctor(commands::doctor::DoctorArgs),
    /// `init`: the built-in book written out to start one's own.
    Init(commands::init::InitArgs),
    /// `verify`: an exercise judged on the learner's own containers.
    Verify(commands::verify::VerifyArgs),
    /// `serve`: the book served while its lessons are edited.
    Serve(commands::serve::ServeArgs),
}

/// The command line, parsed by the command clap derives from [`Cli`],
/// described in the terminal's language; what clap refuses ends the program
/// here, said once ([`refuse`]).
pub fn parse(args: &[std::ffi::OsString], lang: Lang) -> Cli {
    let cmd = localize(named_as_run(Cli::command(), args), lang);
    let matches = cmd.try_get_matches_from(args).unwrap_or_else(|e| refuse(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| refuse(e, lang))
}

/// The terminal's language: `--lang` if given (anywhere before `--`), else
/// the reader's locale (`platform::locale`): Korean when it is Korean,
/// otherwise English.
pub fn terminal_lang(args: &[std::ffi::OsString]) -> Lang {
    // A value `--lang` does not take is refused by clap, in the locale's language.
    match flag_lang(args).as_deref().and_then(Lang::from_code) {
        Some(lang) => lang,
        None if crate::platform::locale::locale_is_korean() => Lang::Ko,
        None => Lang::En,
    }
}

/// The value of `--lang X` / `--lang=X`, read before clap parses (its help
/// must already be in that language). An unknown value is left to clap to refuse.
fn flag_lang(args: &[std::ffi::OsString]) -> Option<String> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(a) = args.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            found = args.next().map(|v| v.to_string());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            found = Some(v.to_string());
        }
    }
    found
}

/// Ends the program on what clap refused: in Korean as the catalogue says it
/// (exit 2, as clap exits), else as clap prints it (help and version included).
pub fn refuse(e: clap::Error, lang: Lang) -> ! {
    match refusal(&e, lang) {
        Some(text) => {
            crate::errln!("proofbook: {text}");
            std::process::exit(2)
        }
        None => e.exit(),
    }
}

/// What clap refused on the command line, in the terminal's words (`None`:
/// clap's own output stands: help, version, or the English terminal).
fn refusal(e: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if lang == Lang::En
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return None;
    }
    let get = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let (key, args): (&str, Vec<(&str, String)>) = match e.kind() {
        // `--out` at the end, or `--out=`: clap says so with an empty invalid value.
        ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_empty() => {
            ("refused_no_value", vec![("arg", arg)])
        }
        ErrorKind::InvalidValue => (
            "refused_value",
            vec![
                ("value", get(ContextKind::InvalidValue)),
                ("arg", arg),
                ("values", get(ContextKind::ValidValue)),
            ],
        ),
        ErrorKind::ValueValidation => (
            "refused_validation",
            vec![
                ("value", get(ContextKind::InvalidValue)),
                ("arg", arg),
                (
                    "why",
                    std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default(),
                ),
            ],
        ),
        ErrorKind::UnknownArgument => ("refused_unknown_arg", vec![("arg", arg)]),
        ErrorKind::InvalidSubcommand => (
            "refused_unknown_command",
            vec![("command", get(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument => ("refused_missing", vec![("args", arg)]),
        ErrorKind::ArgumentConflict => (
            "refused_conflict",
            vec![("arg", arg), ("other", get(ContextKind::PriorArg))],
        ),
        _ => ("refused_other", vec![("detail", e.kind().to_string())]),
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let mut text = help_said(key, lang, &args);
    if let Some(tip) = tip(e, lang) {
        text = format!("{text}\n{tip}");
    }
    Some(format!(
        "{text}\n{}",
        help_text("refused_more", lang).unwrap_or_default()
    ))
}

/// clap's tip under an unknown argument, in the terminal's words: the flag
/// it resembles, or how a value starting with `-` (`-1`) is given.
fn tip(e: &clap::Error, lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    if let Some(ContextValue::String(similar)) = e.get(ContextKind::SuggestedArg) {
        return Some(help_said("refused_similar", lang, &[("arg", similar)]));
    }
    let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let numeric = arg.strip_prefix('-').is_some_and(|n| n.parse::<f64>().is_ok());
    numeric.then(|| help_said("refused_dash_value", lang, &[("arg", arg)]))
}

/// `cmd` named as it was run (`proofbook.exe` on Windows), as clap names it
/// when it parses: a usage line written before parsing (`usage_in`) must say the same.
fn named_as_run(cmd: Command, args: &[std::ffi::OsString]) -> Command {
    let name = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_name())
        .and_then(|n| n.to_str())
        .map(str::to_string);
    match name {
        Some(name) => cmd.bin_name(name),
        None => cmd,
    }
}

/// `cmd` with every description, heading and annotation in the terminal's language.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    // Clap adds `--help`, `--version` and the `help` command while building; build first so they are there to describe.
    cmd.build();
    describe(cmd, "", lang)
}

fn describe(cmd: Command, path: &str, lang: Lang) -> Command {
    let key = if path.is_empty() {
        "about".to_string()
    } else {
        format!("command.{path}")
    };
    let about = help_text(&key, lang).unwrap_or_default();
    let usage = help_text("usage_heading", lang).unwrap_or_default();
    let cmd = cmd
        .about(about)
        // The declarations' doc comments are for the source's reader, never a terminal's.
        .long_about(None::<&str>)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(help_text("commands_heading", lang).unwrap_or_default())
        .subcommand_value_name(help_text("usage_command", lang).unwrap_or("COMMAND"))
        .mut_args({
            // Custom headings are ordered by display order (else by name): keep the declared order.
            let mut order = 0;
            move |arg| {
                order += 1;
                describe_arg(arg, path, lang).display_order(order)
            }
        });
    let cmd = usage_in(cmd, lang);
    cmd.mut_subcommands(|sub| {
        let sub_path = sub.get_name().to_string();
        describe(sub, &sub_path, lang)
    })
}

/// The usage line in a language other than clap's English: clap's own line
/// (value names already in the catalogue's words), its `[OPTIONS]` in the
/// catalogue's. English keeps clap's, whose errors fit the line to what was typed.
fn usage_in(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built and described, so the line names the command by its full path and its values as described.
    let rendered = cmd.render_usage().to_string();
    let line = rendered.split_once(' ').map_or(rendered.as_str(), |(_, rest)| rest);
    let options = help_text("usage_options", lang).unwrap_or("[OPTIONS]");
    let line = line.replace("[OPTIONS]", options);
    cmd.override_usage(line)
}

fn describe_arg(arg: Arg, path: &str, lang: Lang) -> Arg {
    let id = arg.get_id().as_str().to_string();
    // The `<…>` of a flag's value and of an argument, as usage lines, help and refusals show it.
    let arg = match help_text(&format!("value.{path}.{id}"), lang).or_else(|| help_text(&format!("value.{id}"), lang)) {
        Some(name) if arg.get_action().takes_values() => arg.value_name(name),
        _ => arg,
    };
    let own = help_text(&format!("{path}.{id}"), lang).or_else(|| help_text(&id, lang));
    let mut text = own.unwrap_or_default().to_string();
    for note in annotations(&arg, lang) {
        text.push(' ');
        text.push_str(&note);
    }
    let heading = if arg.is_positional() {
        "arguments_heading"
    } else {
        "options_heading"
    };
    // Clap's long help (`--help` when some value has its own description) would otherwise stay in its English.
    let arg = if arg.get_long_help().is_some() {
        arg.long_help(text.clone())
    } else {
        arg
    };
    arg.help(text)
        .help_heading(help_text(heading, lang))
        .hide_default_value(true)
        .hide_env(true)
        .hide_possible_values(true)
}

/// Clap's `[default: …]`, `[env: …]` and `[possible values: …]`, in the catalogue's words.
fn annotations(arg: &Arg, lang: Lang) -> Vec<String> {
    let mut notes = Vec::new();
    if arg.is_hide_possible_values_set() {
        return notes;
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && arg.get_action().takes_values() {
        notes.push(help_said("note_values", lang, &[("values", &values.join(", "))]));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // A flag's default (`false`) says nothing a reader needs, nor does an empty one (`--name-prefix`).
    if !defaults.iter().all(String::is_empty) && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        notes.push(help_said("note_default", lang, &[("value", &defaults.join(", "))]));
    }
    if let Some(env) = arg.get_env() {
        notes.push(help_said("note_env", lang, &[("name", &env.to_string_lossy())]));
    }
    notes
}

/// The catalogue's `help_<key>` (`.` read as `_`): `about`, a heading, `command.<name>`,
/// `<command>.<arg>`, or an arg several commands share. A key the catalogue
/// lacks leaves the text empty, which the binary's test of every flag catches.
fn help_id(key: &str) -> Option<Id> {
    let name = format!("help_{}", key.replace('.', "_"));
    Id::ALL.iter().copied().find(|id| id.name() == name)
}

/// A description without parameters, as clap keeps it (for the whole run).
fn help_text(key: &str, lang: Lang) -> Option<&'static str> {
    help_id(key).map(|id| lang.catalogue().get(id))
}

/// A sentence with parameters.
fn help_said(key: &str, lang: Lang, args: &[(&str, &str)]) -> String {
    help_id(key)
        .map(|id| crate::messages::say(lang, id, args))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<std::ffi::OsString> {
        v.iter().map(|a| a.into()).collect()
    }

    #[test]
    fn the_lang_flag_is_read_anywhere_before_a_double_dash() {
        assert_eq!(
            flag_lang(&args(&["proofbook", "--lang", "ko", "check"])).as_deref(),
            Some("ko")
        );
        assert_eq!(
            flag_lang(&args(&["proofbook", "check", "--lang=en"])).as_deref(),
            Some("en")
        );
        assert_eq!(flag_lang(&args(&["proofbook", "check", "--", "--lang", "ko"])), None);
        assert_eq!(flag_lang(&args(&["proofbook", "check"])), None);
        assert_eq!(terminal_lang(&args(&["proofbook", "--lang", "ko"])), Lang::Ko);
        assert_eq!(terminal_lang(&args(&["proofbook", "--lang", "en"])), Lang::En);
    }

    /// Every command and every flag, in both languages, has a description
    /// from the catalogue; the Korean ones are Korean.
    #[test]
    fn every_command_and_flag_is_described_in_both_languages() {
        for lang in Lang::CHOOSABLE {
            let ko = lang == Lang::Ko;
            let cmd = localize(Cli::command(), lang);
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
            let cmd = localize(Cli::command(), lang);
            cmd.try_get_matches_from(args)
                .expect_err("help is shown as an error")
                .render()
                .to_string()
        };
        let ko = render(Lang::Ko, &["proofbook", "build", "--help"]);
        for want in ["사용법:", "옵션:", "인수:", "[기본값: book]", "도움말을 출력합니다"] {
            assert!(ko.contains(want), "{want} in {ko}");
        }
        assert!(
            !ko.contains("Usage:") && !ko.contains("[default:") && !ko.contains("Print help"),
            "{ko}"
        );
        let en = render(Lang::En, &["proofbook", "diff", "--help"]);
        for want in ["Usage:", "Options:", "Arguments:", "[default: text]", "Print help"] {
            assert!(en.contains(want), "{want} in {en}");
        }
        let top = render(Lang::Ko, &["proofbook", "--help"]);
        assert!(
            top.contains("명령:") && top.contains("엔진 없이 레슨을 검사합니다."),
            "{top}"
        );
    }

    /// `--help` (or clap's refusal) as the binary would print it, in `lang`.
    fn help_of(lang: Lang, args: &[&str]) -> String {
        localize(Cli::command(), lang)
            .try_get_matches_from(args)
            .expect_err("help is shown as an error")
            .render()
            .to_string()
    }

    /// The help of the top level and of every command, `help` included.
    fn every_help(lang: Lang) -> Vec<(String, String)> {
        let cmd = localize(Cli::command(), lang);
        let mut helps = vec![("proofbook".to_string(), help_of(lang, &["proofbook", "--help"]))];
        for sub in cmd.get_subcommands().map(|s| s.get_name().to_string()) {
            let args = if sub == "help" {
                ["proofbook", "help", "help"]
            } else {
                ["proofbook", sub.as_str(), "--help"]
            };
            helps.push((sub.clone(), help_of(lang, &args)));
        }
        helps
    }

    /// Acronyms and names a Korean engineer writes as they are.
    const KEPT: &[&str] = &[
        "proofbook",
        "Markdown",
        "Docker",
        "Windows",
        "Linux",
        "TLS",
        "CA",
        "CLI",
        "JUnit",
        "XML",
        "JSON",
        "ID",
    ];

    /// The English words of a Korean help: what is left once code (`…`),
    /// flags, command names and the values of annotations are taken out.
    fn english_words(help: &str, commands: &[String]) -> Vec<String> {
        let mut prose = String::new();
        for (i, part) in help.split('`').enumerate() {
            if i % 2 == 0 {
                prose.push_str(part);
            }
        }
        // `[기본값: book]`, `[가능한 값: en, ko]`, `[환경 변수: NAME]`: values, said as they are typed.
        for note in ["[기본값:", "[가능한 값:", "[환경 변수:"] {
            while let Some(at) = prose.find(note) {
                let end = prose[at..].find(']').map_or(prose.len(), |e| at + e + 1);
                prose.replace_range(at..end, " ");
            }
        }
        prose
            .split_whitespace()
            .filter(|w| !w.starts_with('-'))
            .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .filter(|w| !KEPT.contains(w) && !commands.iter().any(|c| c == w))
            .map(str::to_string)
            .collect()
    }

    /// A Korean `--help` says everything but flags, commands and
    /// values in Korean, the usage line's `[옵션]`, `<명령>` and value names
    /// included; an English one has no Korean.
    #[test]
    fn korean_help_has_no_english_but_flags_commands_and_values() {
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut commands = commands;
        commands.push("help".into());
        let ko = every_help(Lang::Ko);
        assert_eq!(ko.len(), commands.len() + 1, "the top level and every command");
        for (name, help) in &ko {
            let english = english_words(help, &commands);
            assert!(
                english.is_empty(),
                "`{name} --help` says {english:?} in English:\n{help}"
            );
            assert!(help.contains("사용법: proofbook"), "{help}");
            assert!(!help.contains("[OPTIONS]") && !help.contains("COMMAND"), "{help}");
        }
        let top = &ko[0].1;
        assert!(top.contains("사용법: proofbook [옵션] <명령>"), "{top}");
        let diff = &ko.iter().find(|(n, _)| n == "diff").expect("diff").1;
        assert!(diff.contains("--format <형식>"), "{diff}");
        for (name, help) in every_help(Lang::En) {
            assert!(
                !help.chars().any(|c| ('가'..='힣').contains(&c)),
                "`{name} --help`: {help}"
            );
            assert!(help.contains("Usage: proofbook"), "{help}");
        }
        let en_build = help_of(Lang::En, &["proofbook", "build", "--help"]);
        assert!(
            en_build.contains("Usage: proofbook build [OPTIONS] [PATHS]...")
                && en_build.contains("--step-timeout <STEP_TIMEOUT>"),
            "English usage and value names stay clap's: {en_build}"
        );
    }

    /// The usage line names the program as it was run, in every language (`proofbook.exe` under Windows).
    #[test]
    fn usage_names_the_program_as_run() {
        // `/` separates folders on Windows too.
        let args: Vec<std::ffi::OsString> = ["bin/proofbook.exe", "build", "--help"]
            .iter()
            .map(Into::into)
            .collect();
        for (lang, want) in [
            (Lang::Ko, "사용법: proofbook.exe build [옵션] [경로]..."),
            (Lang::En, "Usage: proofbook.exe build [OPTIONS] [PATHS]..."),
        ] {
            let help = localize(named_as_run(Cli::command(), &args), lang)
                .try_get_matches_from(&args)
                .expect_err("help")
                .render()
                .to_string();
            assert!(help.contains(want), "{help}");
        }
    }

    /// Clap's refusals name a flag with its value's name: in Korean, that name is Korean too.
    #[test]
    fn korean_refusals_name_values_in_korean() {
        let refused = |lang, args: &[&str]| {
            let e = localize(Cli::command(), lang)
                .try_get_matches_from(args)
                .expect_err("refused");
            refusal(&e, lang)
        };
        let said = refused(Lang::Ko, &["proofbook", "build", "--step-timeout", "x"]).expect("said in Korean");
        assert!(said.contains("`--step-timeout <초>`"), "{said}");
        let said = refused(Lang::Ko, &["proofbook", "build", "--out"]).expect("said in Korean");
        assert!(said.contains("`--out <폴더>` 인수에는 값을 주어야 합니다."), "{said}");
        // A value parser's own reason follows the terminal (`output::lang`): the suite's korean_terminal checks it.
        let said = refused(Lang::Ko, &["proofbook", "diff", "a"]).expect("said in Korean");
        assert!(said.contains("<나중 실행>"), "{said}");
        assert!(english_words(&said, &[]).is_empty(), "{said}");
        assert_eq!(
            refused(Lang::En, &["proofbook", "build", "--out"]),
            None,
            "English: clap's own"
        );
        // clap's tips come along: the flag a typo resembles, how to give a value starting with `-`.
        let said = refused(Lang::Ko, &["proofbook", "build", "--step-timout", "3"]).expect("said in Korean");
        assert!(
            said.contains("이름이 비슷한 `--step-timeout` 인수가 있습니다."),
            "{said}"
        );
        let said = refused(Lang::Ko, &["proofbook", "build", "--step-timeout", "-1"]).expect("said in Korean");
        assert!(said.contains("`--인수=-1`처럼 등호 뒤에"), "{said}");
        let said = refused(Lang::Ko, &["proofbook", "build", "-x"]).expect("said in Korean");
        assert_eq!(said.lines().count(), 2, "no tip where clap has none: {said}");
    }
}
