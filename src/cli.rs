//! The command line in the reader's language: which language the terminal
//! speaks, and `--help` with every command's and flag's description, clap's
//! own headings and annotations included, taken from the message catalogue.
//! The binary declares the commands (clap derive) without any text; this
//! module gives each its words when the language is known.

use clap::{Arg, Command};

/// The terminal's language: `--lang` if given (anywhere before `--`), else
/// the reader's locale (`platform::locale`): Korean when it is Korean,
/// otherwise English.
pub fn terminal_korean(args: &[std::ffi::OsString]) -> bool {
    // A value `--lang` does not take is refused by clap, in the locale's language.
    match flag_lang(args).as_deref() {
        Some("ko") => true,
        Some("en") => false,
        _ => crate::platform::locale::locale_is_korean(),
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
pub fn refuse(e: clap::Error, ko: bool) -> ! {
    match refusal(&e, ko) {
        Some(text) => {
            crate::errln!("proofbook: {text}");
            std::process::exit(2)
        }
        None => e.exit(),
    }
}

/// What clap refused on the command line, in the terminal's words (`None`:
/// clap's own output stands: help, version, or the English terminal).
fn refusal(e: &clap::Error, ko: bool) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if !ko
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
    let mut text = help_text(key, ko).unwrap_or_default().to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), &value);
    }
    Some(format!("{text}\n{}", help_text("refused_more", ko).unwrap_or_default()))
}

/// `cmd` with every description, heading and annotation in the terminal's language.
pub fn localize(mut cmd: Command, ko: bool) -> Command {
    // Clap adds `--help`, `--version` and the `help` command while building; build first so they are there to describe.
    cmd.build();
    describe(cmd, "", ko)
}

fn describe(cmd: Command, path: &str, ko: bool) -> Command {
    let key = if path.is_empty() {
        "about".to_string()
    } else {
        format!("command.{path}")
    };
    let about = help_text(&key, ko).unwrap_or_default();
    let usage = help_text("usage_heading", ko).unwrap_or_default();
    let cmd = cmd
        .about(about)
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading(help_text("commands_heading", ko).unwrap_or_default())
        .mut_args({
            // Custom headings are ordered by display order (else by name): keep the declared order.
            let mut order = 0;
            move |arg| {
                order += 1;
                describe_arg(arg, path, ko).display_order(order)
            }
        });
    cmd.mut_subcommands(|sub| {
        let sub_path = sub.get_name().to_string();
        describe(sub, &sub_path, ko)
    })
}

fn describe_arg(arg: Arg, path: &str, ko: bool) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let own = help_text(&format!("{path}.{id}"), ko).or_else(|| help_text(&id, ko));
    let mut text = own.unwrap_or_default().to_string();
    for note in annotations(&arg, ko) {
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
        .help_heading(help_text(heading, ko))
        .hide_default_value(true)
        .hide_env(true)
        .hide_possible_values(true)
}

/// Clap's `[default: …]`, `[env: …]` and `[possible values: …]`, in the catalogue's words.
fn annotations(arg: &Arg, ko: bool) -> Vec<String> {
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
        notes.push(fill(help_text("note_values", ko), "values", &values.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    // A flag's default (`false`) says nothing a reader needs.
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        notes.push(fill(help_text("note_default", ko), "value", &defaults.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        notes.push(fill(help_text("note_env", ko), "name", &env.to_string_lossy()));
    }
    notes
}

fn fill(template: Option<&str>, name: &str, value: &str) -> String {
    template.unwrap_or_default().replace(&format!("{{{name}}}"), value)
}

/// The description of `key` (`about`, a command, `command.arg`, or an arg shared by several commands).
fn help_text(key: &str, ko: bool) -> Option<&'static str> {
    HELP.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, kr)| if ko { *kr } else { *en })
}

/// Interim table (moves into the message catalogue): key, English, Korean.
const HELP: &[(&str, &str, &str)] = &[
    ("about", "Markdown lessons whose claims are proven, refuted or left unrun on your own Docker engine.", "Markdown 레슨의 주장을 여러분의 Docker 엔진에서 판정합니다. 결과는 증명됨, 반증됨, 실행하지 않음 가운데 하나입니다."),
    ("refused_value", "`{value}` is not a value `{arg}` takes (possible values: {values})", "`{arg}` 인수에는 `{value}` 값을 쓸 수 없습니다. 쓸 수 있는 값: {values}"),
    ("refused_validation", "invalid value `{value}` for `{arg}`: {why}", "`{arg}` 인수에 준 `{value}` 값을 쓸 수 없습니다. {why}"),
    ("refused_unknown_arg", "unexpected argument `{arg}`", "`{arg}` 인수를 알 수 없습니다."),
    ("refused_unknown_command", "unrecognized command `{command}`", "`{command}` 명령은 없습니다."),
    ("refused_missing", "missing required arguments: {args}", "꼭 필요한 인수가 빠졌습니다: {args}"),
    ("refused_conflict", "`{arg}` cannot be used with `{other}`", "`{arg}` 인수는 `{other}` 인수와 함께 쓸 수 없습니다."),
    ("refused_other", "the command line was not understood ({detail})", "명령줄을 해석하지 못했습니다({detail})."),
    ("refused_more", "For more information, try `proofbook --help`.", "자세한 사용법은 `proofbook --help` 명령으로 볼 수 있습니다."),
    ("usage_heading", "Usage:", "사용법:"),
    ("commands_heading", "Commands", "명령"),
    ("arguments_heading", "Arguments", "인수"),
    ("options_heading", "Options", "옵션"),
    ("note_default", "[default: {value}]", "[기본값: {value}]"),
    ("note_env", "[env: {name}]", "[환경 변수: {name}]"),
    ("note_values", "[possible values: {values}]", "[가능한 값: {values}]"),
    ("help", "Print help", "도움말을 출력합니다"),
    ("command.help", "Print this message or the help of the given subcommand(s)", "이 도움말이나 지정한 명령의 도움말을 출력합니다"),
    ("help.subcommand", "The command whose help to print", "도움말을 볼 명령"),
    ("version", "Print version", "버전을 출력합니다"),
    ("lang", "Language of what proofbook prints, and of the lesson `verify` judges: ko or en. Default: LC_ALL, LC_MESSAGES or LANG, or the Windows display language", "proofbook이 출력하는 언어이자 `verify`가 판정할 레슨의 언어: ko 또는 en. 지정하지 않으면 LC_ALL, LC_MESSAGES, LANG 또는 Windows 표시 언어를 따릅니다"),
    ("command.build", "Run the lessons' steps on the engine, judge every claim, render the book.", "엔진에서 레슨의 단계를 실행하고 모든 주장을 판정한 뒤 책을 만듭니다."),
    ("command.check", "Validate lessons without an engine.", "엔진 없이 레슨을 검사합니다."),
    ("command.render", "Render the book from stored run records, without an engine.", "저장된 실행 기록으로 책을 만듭니다. 엔진은 필요 없습니다."),
    ("command.diff", "Compare two runs: changed verdicts, evidence, host facts, lessons. Exit 1 when a verdict changed.", "두 실행 결과를 비교합니다(바뀐 판정, 증거, 호스트 정보, 레슨). 판정이 바뀌었으면 종료 코드 1로 끝납니다."),
    ("command.doctor", "Check that an engine can run the lessons; every problem comes with its fix.", "엔진이 레슨을 실행할 수 있는지 점검합니다. 문제마다 해결 방법을 함께 알려 줍니다."),
    ("command.init", "Write the book built into proofbook to DIR/lessons/ (never overwriting), to start a book of one's own.", "proofbook에 내장된 책을 DIR/lessons/에 써서 내 책을 시작할 수 있게 합니다. 이미 있는 파일은 덮어쓰지 않습니다."),
    ("command.verify", "Judge a lesson's exercise on the containers you started yourself. Exit 1 when a claim is not proven.", "직접 띄운 컨테이너로 레슨의 실습을 판정합니다. 증명되지 않은 주장이 있으면 종료 코드 1로 끝납니다."),
    ("command.serve", "Serve the book on this machine while you edit its lessons: a saved change is rebuilt (prose from the kept evidence, a changed lesson run again) and the open pages reload.", "레슨을 고치는 동안 이 컴퓨터에서 책을 보여 줍니다. 저장하면 바뀐 부분만 다시 만들고(본문은 보관한 증거로, 바뀐 레슨은 다시 실행해서) 열린 페이지를 새로 고칩니다."),
    ("serve.records", "Where run records are kept and reused (default: <out>/records/<engine>/)", "실행 기록을 보관하고 다시 쓰는 폴더(기본값: <out>/records/<engine>/)"),
    ("serve.engine", "Engine endpoint (unix://, tcp://, ssh://, npipe://). Default: as the docker CLI (context, DOCKER_HOST, local socket)", "엔진 주소(unix://, tcp://, ssh://, npipe://). 지정하지 않으면 docker CLI와 같은 순서(컨텍스트, DOCKER_HOST, 로컬 소켓)로 정합니다"),
    ("serve.port", "Port to serve the book on (0: any free port)", "책을 보여 줄 포트(0이면 비어 있는 아무 포트)"),
    ("serve.bind", "Address to listen on; the default is this machine only (loopback)", "접속을 받을 주소. 기본값은 이 컴퓨터에서만 접속할 수 있는 루프백 주소입니다"),
    ("serve.open", "Open the book in your browser once it is built", "책을 만든 뒤 브라우저로 엽니다"),
    ("serve.step_timeout", "Default time limit of one step, in seconds (0.01 to 3600)", "단계 하나의 기본 제한 시간(초, 0.01~3600)"),
    ("paths", "Lesson files or folders (default: lessons/, else the book built into proofbook)", "레슨 파일 또는 폴더(기본값: lessons/, 이 폴더가 없으면 proofbook에 내장된 책)"),
    ("out", "Output folder of the book", "책을 쓸 폴더"),
    ("context", "Docker context to use (`docker context ls`); overrides DOCKER_HOST, DOCKER_CONTEXT and `docker context use`", "사용할 Docker 컨텍스트(`docker context ls`로 확인). DOCKER_HOST, DOCKER_CONTEXT, `docker context use`보다 우선합니다"),
    ("tlsverify", "Use TLS and verify the engine's certificate (also DOCKER_TLS_VERIFY)", "TLS로 연결하고 엔진의 인증서를 검증합니다(환경 변수 DOCKER_TLS_VERIFY도 같은 뜻입니다)"),
    ("tlscacert", "CA that signed the engine's certificate [default: DOCKER_CERT_PATH or ~/.docker, ca.pem]", "엔진의 인증서에 서명한 CA [기본값: DOCKER_CERT_PATH 또는 ~/.docker의 ca.pem]"),
    ("tlscert", "Client certificate [default: DOCKER_CERT_PATH or ~/.docker, cert.pem]", "클라이언트 인증서 [기본값: DOCKER_CERT_PATH 또는 ~/.docker의 cert.pem]"),
    ("tlskey", "Client key [default: DOCKER_CERT_PATH or ~/.docker, key.pem]", "클라이언트 키 [기본값: DOCKER_CERT_PATH 또는 ~/.docker의 key.pem]"),
    ("offline", "Never pull images from a registry (also PROOFBOOK_OFFLINE=1)", "레지스트리에서 이미지를 받지 않습니다(환경 변수 PROOFBOOK_OFFLINE=1도 같은 뜻입니다)"),
    ("process_runtime", "Runtime for `process` isolation (Linux), overriding detection", "`process` 격리에 쓸 런타임(Linux). 자동으로 찾은 런타임 대신 씁니다"),
    ("sandbox_runtime", "Runtime for `hyperv` (sandboxed) isolation (Linux), overriding detection", "`hyperv`(샌드박스) 격리에 쓸 런타임(Linux). 자동으로 찾은 런타임 대신 씁니다"),
    ("no_recorded", "Leave out the recorded Windows hosts proofbook ships for comparison", "비교용으로 proofbook에 들어 있는 Windows 호스트 기록을 빼고 만듭니다"),
    ("junit", "Write a JUnit XML report (a test case per claim, language and host) to this file", "JUnit XML 보고서를 이 파일에 씁니다(주장·언어·호스트마다 테스트 케이스 하나)"),
    ("build.records", "Where run records go (default: <out>/records/<engine>/)", "실행 기록을 저장할 폴더(기본값: <out>/records/<engine>/)"),
    ("build.engines", "Engine endpoint (unix://, tcp://, ssh://, npipe://); repeat to run a fleet. Default: as the docker CLI (context, DOCKER_HOST, local socket)", "엔진 주소(unix://, tcp://, ssh://, npipe://). 여러 번 지정하면 여러 엔진에서 동시에 실행합니다. 지정하지 않으면 docker CLI와 같은 순서(컨텍스트, DOCKER_HOST, 로컬 소켓)로 정합니다"),
    ("build.step_timeout", "Default time limit of one step, in seconds (0.01 to 3600)", "단계 하나의 기본 제한 시간(초, 0.01~3600)"),
    ("build.pull_timeout", "Time limit of each image pull, in seconds. Pulls happen before the steps, not in their time", "이미지 하나를 받는 데 허용할 시간(초). 이미지는 단계보다 먼저 받으므로 단계의 제한 시간에 들어가지 않습니다"),
    ("build.max_output", "Bytes kept of each captured stream (exec output, top rows, host tables); the rest is read and counted, not kept", "수집한 출력(exec 출력, top 행, 호스트 프로세스 목록)마다 보관할 최대 바이트 수. 나머지는 읽어서 크기만 세고 보관하지 않습니다"),
    ("build.with_hosts", "Records of other hosts to show in the comparison matrix (one folder per host)", "비교표에 함께 보여 줄 다른 호스트의 기록(호스트마다 폴더 하나)"),
    ("build.quiet", "No progress display", "진행 상황을 표시하지 않습니다"),
    ("build.changed", "Run only the lessons whose steps or claims changed since their record in the records folder, whose record is missing, or whose host differs; keep the other records (with the current prose) and write the whole book", "기록 폴더의 기록 이후 단계나 주장이 바뀌었거나, 기록이 없거나, 호스트가 다른 레슨만 실행합니다. 나머지 레슨은 기록을 그대로 쓰고(본문은 현재 내용으로) 책 전체를 씁니다"),
    ("render.records", "A folder of one host's records, a folder of host folders (e.g. book/records), or a record file; repeat for more hosts", "호스트 하나의 기록 폴더, 호스트 폴더들을 담은 폴더(예: book/records) 또는 기록 파일. 호스트가 여럿이면 여러 번 지정합니다"),
    ("render.lessons", "Lesson files or folders: pages show their current prose, and pages whose record was taken for other steps or claims are marked stale", "레슨 파일 또는 폴더. 페이지에 현재 본문을 보여 주고, 기록이 다른 단계나 주장으로 만들어진 페이지에는 오래된 기록이라고 표시합니다"),
    ("diff.old", "The earlier run: a records folder (one host or a folder of hosts) or a record file", "이전 실행: 기록 폴더(호스트 하나 또는 호스트 폴더들을 담은 폴더)나 기록 파일"),
    ("diff.new", "The later run, in the same forms", "나중 실행: 이전 실행과 같은 형태"),
    ("diff.json", "Print the comparison as JSON (same as `--format json`)", "비교 결과를 JSON 형식으로 출력합니다(`--format json` 옵션과 같습니다)"),
    ("diff.format", "How to print the comparison: text, json, or markdown (a pull-request comment)", "비교 결과의 출력 형식: text, json, markdown(풀 리퀘스트 댓글용)"),
    ("doctor.paths", "Lesson files or folders whose needs are checked (default: lessons/, else the built-in book)", "실행 조건을 점검할 레슨 파일 또는 폴더(기본값: lessons/, 이 폴더가 없으면 내장된 책)"),
    ("doctor.engine", "Engine endpoint (unix://, tcp://, ssh://, npipe://). Default: as the docker CLI (context, DOCKER_HOST, local socket)", "엔진 주소(unix://, tcp://, ssh://, npipe://). 지정하지 않으면 docker CLI와 같은 순서(컨텍스트, DOCKER_HOST, 로컬 소켓)로 정합니다"),
    ("doctor.timeout", "Time limit of each trial container, in seconds (0.01 to 3600)", "시험용 컨테이너 하나의 제한 시간(초, 0.01~3600)"),
    ("init.dir", "Folder to write `lessons/` into", "`lessons/` 폴더를 만들 위치"),
    ("verify.lesson", "A lesson id (e.g. process-isolation) or a lesson file", "레슨 ID(예: process-isolation) 또는 레슨 파일"),
    ("verify.lessons", "Folder a lesson id is looked up in", "레슨 ID로 레슨을 찾을 폴더"),
    ("verify.engine", "Engine endpoint (unix://, tcp://, npipe://). Default: DOCKER_HOST or the local socket", "엔진 주소(unix://, tcp://, npipe://). 지정하지 않으면 DOCKER_HOST 또는 로컬 소켓"),
    ("verify.out", "Output folder of the book whose page shows your evidence", "내 증거를 보여 줄 페이지가 있는 책의 폴더"),
    ("verify.records", "Where run records are kept (default: <out>/records/<engine>/)", "실행 기록을 보관하는 폴더(기본값: <out>/records/<engine>/)"),
    ("verify.name_prefix", "A prefix you put before every container name the exercise asks for (one per learner on a shared host)", "실습에서 만드는 모든 컨테이너 이름 앞에 붙인 접두사(공용 호스트에서 학습자마다 하나씩)"),
    ("verify.step_timeout", "Default time limit of one step, in seconds", "단계 하나의 기본 제한 시간(초)"),
];

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
        assert!(terminal_korean(&args(&["proofbook", "--lang", "ko"])));
        assert!(!terminal_korean(&args(&["proofbook", "--lang", "en"])));
    }
}
