//! The Windows build, executed: `proofbook.exe` (x86_64-pc-windows-gnu) runs
//! under Wine against the Windows engine stand-in (tests/suite/common/windows_engine.rs)
//! playing this machine's own engine. The stand-in's `Name` and `MemTotal` are
//! what Windows (Wine) says about this machine, and a process-isolated
//! container's processes are real processes in the Wine prefix (a tiny mingw
//! program, tests/suite/wine/hostproc.c, copied under each name: `PING.EXE`,
//! `csrss.exe`, …) at the PIDs `top` reports; a Hyper-V container shows on the
//! host as one real `vmwp.exe`. So the Windows code runs for real: the process
//! table through the Win32 API (sysinfo), the registry through `RegGetValueW`,
//! host files at `C:\` paths, locality, and the Windows console.
//!
//! Needs `wine` (Debian's wine64), `x86_64-w64-mingw32-gcc` and the
//! x86_64-pc-windows-gnu target. Missing, the test skips with one line, except
//! under `CI=true` where it fails.

mod harness;

use crate::common::verdict_in;
use crate::common::windows_engine::{HostProcs, WinHost, WindowsEngine};
use harness::Wine;
use std::path::Path;
use std::sync::Arc;

const NANO: &str = "mcr.microsoft.com/windows/nanoserver:ltsc2022";

/// Server 2022 as this machine: the name and memory Windows reports here.
fn this_machine(w: &Wine) -> WinHost {
    WinHost {
        name: w.facts.name.clone(),
        mem_total: w.facts.mem_total,
        ..WinHost::server_2022().with_base_images()
    }
}

fn page(dir: &Path, lang: &str, lesson: &str) -> String {
    std::fs::read_to_string(dir.join("book").join(lang).join(format!("{lesson}.html")))
        .unwrap_or_else(|e| panic!("{lang}/{lesson}.html: {e}"))
}

/// The verdict of `lesson/claim` on a page.
fn verdict(html: &str, key: &str) -> String {
    verdict_in(html, key).unwrap_or_else(|| format!("no claim {key}"))
}

/// The whole book on a local Windows host: `doctor`, `build`, `verify` of a
/// learner's own process-isolated and Hyper-V containers, `render` from the
/// records; then the host file and registry value planted and removed, each
/// flipping exactly its claim; then an engine that is not this machine.
#[test]
fn proofbook_exe_runs_the_book_under_wine_on_a_local_windows_host() {
    let Some(w) = Wine::set_up() else { return };
    let procs: Arc<dyn HostProcs> = w.procs();
    let engine = WindowsEngine::start_with(this_machine(&w), Some(procs.clone()));
    doctor_says_ready(&w, &engine);
    the_book_is_proven_from_the_local_host(&w, &engine);
    verify_judges_the_learners_containers(&w, &engine);
    render_reads_the_records(&w);
    host_file_and_registry_flip_their_claims(&w, &engine);
    engine.remove_all();
    assert_eq!(engine.unanswered(), Vec::<String>::new());
    the_default_named_pipe_reaches_the_engine(&w);
    another_machine_gets_no_host_steps(&w, procs);
}

/// With no locale variable in its environment, proofbook.exe asks Windows
/// for the user's display language (`GetUserDefaultUILanguage`,
/// src/platform/locale.rs). Wine derives that language from the Unix locale
/// it starts in, and passes `LANG`/`LC_*` on, which proofbook would read
/// first: so they are cleared inside the Windows environment (`cmd /c "set
/// LANG=&& …"`). Korean Wine: Korean `--help`, on pipes and on the console;
/// the C locale, or a German one: English.
#[test]
fn proofbook_exe_speaks_the_windows_display_language_under_wine() {
    let Some(w) = Wine::set_up() else { return };
    if !korean_locale_installed() {
        crate::common::skip_or_fail(
            "the Windows display-language test needs the ko_KR.UTF-8 locale \
             (Debian: ko_KR.UTF-8 in /etc/locale.gen, then locale-gen; .ci/run does it)",
        );
        return;
    }
    let (proofbook, helper) = (w.windows_exe("proofbook.exe"), w.windows_exe("hostproc.exe"));
    let env = w.in_display_language("set", &[], "ko_KR.UTF-8", false);
    let cleared: Vec<&str> = env
        .text
        .lines()
        .filter(|l| ["LANG=", "LC_ALL=", "LC_MESSAGES="].iter().any(|v| l.starts_with(v)))
        .collect();
    assert!(
        cleared.is_empty(),
        "no locale variable left for proofbook.exe: {cleared:?}"
    );
    for (locale, langid, korean) in [
        ("ko_KR.UTF-8", "0412", true),
        ("C", "0409", false),
        ("de_DE.UTF-8", "0407", false),
    ] {
        let ui = w.in_display_language(&helper, &["--ui-language"], locale, false);
        assert_eq!(ui.text.trim(), langid, "Wine's display language in {locale}");
        let help = w.in_display_language(&proofbook, &["--help"], locale, false);
        assert_eq!(help.code, Some(0), "{}", help.text);
        if korean {
            assert!(
                help.text.contains("사용법: proofbook") && help.text.contains("명령:"),
                "{locale}: {}",
                help.text
            );
        } else {
            assert!(
                help.text.contains("Usage: proofbook") && !help.text.contains("사용법"),
                "{locale}: {}",
                help.text
            );
        }
    }
    let console = w.in_display_language(&proofbook, &["--help"], "ko_KR.UTF-8", true);
    assert!(
        console.text.contains("사용법: proofbook") && !console.text.contains('\u{fffd}'),
        "Korean on the console: {}",
        console.text
    );
}

/// Whether glibc has the ko_KR.UTF-8 locale (`locale -a` lists it as `ko_KR.utf8`).
fn korean_locale_installed() -> bool {
    let mut cmd = std::process::Command::new("locale");
    cmd.arg("-a");
    let listed = harness::limited(cmd, std::time::Duration::from_secs(30));
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .any(|l| l.eq_ignore_ascii_case("ko_KR.utf8") || l.eq_ignore_ascii_case("ko_KR.UTF-8"))
}

fn doctor_says_ready(w: &Wine, engine: &WindowsEngine) {
    let o = w.proofbook(&["doctor", "--engine", &engine.url]);
    assert_eq!(o.code, Some(0), "doctor under Wine:\n{}", o.text);
}

/// Every claim of the built-in book that a Windows host can decide is
/// proven, host steps included (the engine is this machine); none refuted.
fn the_book_is_proven_from_the_local_host(w: &Wine, engine: &WindowsEngine) {
    let o = w.proofbook(&["build", "--engine", &engine.url, "--no-recorded", "--out", "book"]);
    assert_eq!(o.code, Some(0), "build under Wine:\n{}", o.text);
    assert_eq!(engine.containers_left(), 0, "build removed its containers");
    for (lesson, claims) in [
        (
            "process-isolation",
            &["process-shares-pid", "sandboxed-hidden", "one-worker"][..],
        ),
        (
            "what-is-isolated",
            &["file-not-on-host", "registry-not-on-host", "own-hostname"][..],
        ),
        ("system-processes", &[][..]),
        ("sandbox-isolation", &["one-worker-each"][..]),
    ] {
        for lang in ["en", "ko"] {
            let html = page(&w.work, lang, lesson);
            assert!(
                !html.contains("data-verdict=\"refuted\""),
                "{lang}/{lesson}: a claim refuted"
            );
            for claim in claims {
                assert_eq!(
                    verdict(&html, &format!("{lesson}/{claim}")),
                    "proven",
                    "{lang}/{lesson} {claim}"
                );
            }
        }
    }
    let html = page(&w.work, "en", "system-processes");
    let proven = html.matches("data-verdict=\"proven\"").count();
    assert!(proven >= 4, "system-processes: {proven} proven\n{}", o.text);
}

/// `verify` on containers a learner started: proven when they are what the
/// exercise asks for, refuted when the process-isolated one is Hyper-V isolated.
fn verify_judges_the_learners_containers(w: &Wine, engine: &WindowsEngine) {
    let ping = ["ping", "-t", "localhost"];
    engine
        .run("my-process", NANO, "process", &ping)
        .expect("my-process runs");
    engine
        .run("my-sandbox", NANO, "hyperv", &ping)
        .expect("my-sandbox runs");
    for lesson in ["process-isolation", "sandbox-isolation"] {
        let o = w.proofbook(&["verify", lesson, "--engine", &engine.url, "--out", "verified"]);
        assert_eq!(o.code, Some(0), "verify {lesson}:\n{}", o.text);
        assert!(o.text.contains("PROVEN"), "{}", o.text);
    }
    korean_comes_out_right_on_the_console(w, engine);
    engine.remove_all();
    engine
        .run("my-process", NANO, "hyperv", &ping)
        .expect("my-process runs");
    let o = w.proofbook(&[
        "verify",
        "process-isolation",
        "--engine",
        &engine.url,
        "--out",
        "verified",
    ]);
    assert_eq!(o.code, Some(1), "a Hyper-V my-process is refuted:\n{}", o.text);
    assert!(o.text.contains("REFUTED"), "{}", o.text);
    engine.remove_all();
}

/// Korean on a Windows console: `--lang ko` makes Korean help and Korean
/// verdicts, and the terminal receives them intact; a Korean locale (`LANG`,
/// as Wine passes it to the program) makes Korean too; an English one stays English.
fn korean_comes_out_right_on_the_console(w: &Wine, engine: &WindowsEngine) {
    let help = w.on_console(&["--lang", "ko", "--help"], "C.UTF-8");
    assert!(
        help.contains("사용법: proofbook.exe") && help.contains("명령:"),
        "{help}"
    );
    // A Korean locale, on pipes: the console would need the ko_KR.UTF-8 locale
    // installed for Wine to write its charset, which this machine may lack.
    let o = w.proofbook_in(&["--help"], "ko_KR.UTF-8");
    assert!(
        o.text.contains("사용법: proofbook.exe"),
        "the Korean locale: {}",
        o.text
    );
    let help = w.on_console(&["--help"], "C.UTF-8");
    assert!(
        help.contains("Usage: proofbook.exe") && !help.contains("사용법"),
        "{help}"
    );
    let said = w.on_console(
        &[
            "--lang",
            "ko",
            "verify",
            "process-isolation",
            "--engine",
            &engine.url,
            "--out",
            "verified",
        ],
        "C.UTF-8",
    );
    assert!(said.contains("증명됨"), "verify in Korean on the console: {said}");
    assert!(
        !said.contains('\u{fffd}') && !said.contains("??"),
        "nothing lost on the way: {said}"
    );
}

fn render_reads_the_records(w: &Wine) {
    let o = w.proofbook(&["render", "--records", "book\\records", "--out", "rendered"]);
    assert_eq!(o.code, Some(0), "render under Wine:\n{}", o.text);
    let html = std::fs::read_to_string(w.work.join("rendered/en/what-is-isolated.html")).expect("a page");
    assert_eq!(verdict(&html, "what-is-isolated/registry-not-on-host"), "proven");
}

/// The host file and the registry value, planted on this "host" (the Wine
/// prefix) one at a time: each flips exactly its own claim to REFUTED, and
/// removed again the claim is proven again.
fn host_file_and_registry_flip_their_claims(w: &Wine, engine: &WindowsEngine) {
    let file = w.prefix.join("drive_c/users/Public/proofbook-was-here");
    let judge = |label: &str, want_code: i32| {
        let o = w.proofbook(&[
            "build",
            "lessons/what-is-isolated.en.md",
            "--engine",
            &engine.url,
            "--no-recorded",
        ]);
        assert_eq!(o.code, Some(want_code), "{label}:\n{}", o.text);
        let html = page(&w.work, "en", "what-is-isolated");
        (
            verdict(&html, "what-is-isolated/file-not-on-host"),
            verdict(&html, "what-is-isolated/registry-not-on-host"),
        )
    };
    let o = w.proofbook(&["init"]);
    assert_eq!(o.code, Some(0), "init:\n{}", o.text);
    std::fs::write(&file, "planted by the test\r\n").unwrap();
    assert_eq!(judge("file planted", 1), ("refuted".into(), "proven".into()));
    std::fs::remove_file(&file).unwrap();
    w.reg(&[
        "add",
        "HKLM\\SOFTWARE\\proofbook",
        "/v",
        "was-here",
        "/d",
        "planted",
        "/f",
    ]);
    assert_eq!(judge("value planted", 1), ("proven".into(), "refuted".into()));
    w.reg(&["delete", "HKLM\\SOFTWARE\\proofbook", "/f"]);
    assert_eq!(judge("both removed", 0), ("proven".into(), "proven".into()));
}

/// With no engine named, proofbook.exe takes Docker's default Windows
/// endpoint, the named pipe `\\.\pipe\docker_engine`: the stand-in, built for
/// Windows, serves it inside the same prefix, and the book is proven there.
fn the_default_named_pipe_reaches_the_engine(w: &Wine) {
    let standin = w.pipe_standin();
    assert_eq!(standin.url, "npipe:////./pipe/docker_engine");
    let o = w.proofbook(&["build", "--no-recorded", "--out", "piped"]);
    let said = standin.stop();
    assert_eq!(o.code, Some(0), "build through the named pipe:\n{}", o.text);
    let record =
        std::fs::read_to_string(w.work.join("piped/records/local/process-isolation.en.json")).expect("a record");
    assert!(
        record.contains("\"npipe:////./pipe/docker_engine\""),
        "the record names the pipe"
    );
    assert!(said.contains("unanswered: []"), "{said}");
    let html = std::fs::read_to_string(w.work.join("piped/en/process-isolation.html")).expect("a page");
    for claim in ["process-shares-pid", "sandboxed-hidden", "one-worker"] {
        assert_eq!(
            verdict(&html, &format!("process-isolation/{claim}")),
            "proven",
            "{claim}"
        );
    }
    assert!(!html.contains("data-verdict=\"refuted\""));
}

/// The same stand-in under another computer name, then with another memory
/// size: not this machine, so the steps that read the host are NOT RUN with
/// the reason, as on Linux.
fn another_machine_gets_no_host_steps(w: &Wine, procs: Arc<dyn HostProcs>) {
    let other_name = WinHost {
        name: "WIN-PB2022".into(),
        ..this_machine(w)
    };
    let other_memory = WinHost {
        mem_total: w.facts.mem_total * 2,
        ..this_machine(w)
    };
    for (host, why) in [(other_name, "WIN-PB2022"), (other_memory, "MiB")] {
        let engine = WindowsEngine::start_with(host, Some(procs.clone()));
        let o = w.proofbook(&[
            "build",
            "lessons/process-isolation.en.md",
            "--engine",
            &engine.url,
            "--no-recorded",
        ]);
        assert!(matches!(o.code, Some(0 | 1)), "{}", o.text);
        let html = page(&w.work, "en", "process-isolation");
        for claim in ["process-shares-pid", "sandboxed-hidden", "one-worker"] {
            let key = format!("process-isolation/{claim}");
            assert_eq!(verdict(&html, &key), "not-run", "{claim} on another machine ({why})");
        }
        assert!(html.contains(why), "the page says why ({why})");
        engine.remove_all();
    }
}
