//! Running Windows programs under Wine for the tests: a Wine prefix in a
//! folder the test made, the cross-built `proofbook.exe` beside the stub
//! `bcryptprimitives.dll` Wine 8 lacks, and real host processes under any
//! name. Every child has a time limit; the prefix's wineserver is ended
//! (`wineserver -k`) when the test is done, passed or not.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::windows_engine::HostProcs;

/// How long one proofbook.exe run may take under Wine.
const RUN_LIMIT: Duration = Duration::from_secs(300);
/// How long a helper process lives at most (it ends sooner when told to).
const HELPER_LIFE_SECS: &str = "900";
/// Building proofbook.exe when it is stale or missing (a cold cross build).
const CARGO_LIMIT: Duration = Duration::from_secs(1800);
const WINE_TARGET: &str = "x86_64-pc-windows-gnu";

/// What Windows (Wine) says about this machine.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    pub name: String,
    pub mem_total: u64,
}

/// A finished run.
#[derive(Debug)]
pub(crate) struct Run {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    /// stdout and stderr as text.
    pub text: String,
}

pub(crate) struct Wine {
    _dir: tempfile::TempDir,
    pub prefix: PathBuf,
    /// proofbook.exe's working folder (Z:\… under Wine).
    pub work: PathBuf,
    bin: PathBuf,
    pub facts: Facts,
    procs: Arc<WineProcs>,
}

/// What the test needs and lacks, as one line; None when nothing.
fn missing() -> Option<String> {
    let mut lacks = Vec::new();
    for (tool, package) in [
        ("wine", "wine64"),
        ("wineserver", "wine64"),
        ("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64"),
    ] {
        if which(tool).is_none() {
            lacks.push(format!("`{tool}` (apt-get install {package})"));
        }
    }
    let targets = Command::new("rustup").args(["target", "list", "--installed"]).output();
    let has_target = targets.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l == WINE_TARGET));
    if !has_target {
        lacks.push(format!("the {WINE_TARGET} target (rustup target add {WINE_TARGET})"));
    }
    (!lacks.is_empty()).then(|| lacks.join(", "))
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(tool)).find(|f| f.is_file()))
        .unwrap_or(None)
}

impl Wine {
    /// A fresh prefix with proofbook.exe and the helpers in it; None (after one
    /// line saying what is missing) when this machine cannot run Wine tests,
    /// a failure under `CI=true` or `PROOFBOOK_LIVE=1` (`common::skip_or_fail`).
    pub(crate) fn set_up() -> Option<Wine> {
        if let Some(lacks) = missing() {
            crate::common::skip_or_fail(&format!("the Wine test needs {lacks}"));
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("proofbook-wine-")
            .tempdir()
            .expect("temp dir");
        let (prefix, work, bin) = (
            dir.path().join("prefix"),
            dir.path().join("work"),
            dir.path().join("bin"),
        );
        for d in [&work, &bin, &bin.join("procs")] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::copy(proofbook_exe(), bin.join("proofbook.exe")).expect("copy proofbook.exe");
        let src = crate::common::repo().join("tests/suite/wine");
        let def = src.join("bcryptprimitives.def");
        mingw(
            &["-shared", "-O2", "-o"],
            &bin.join("bcryptprimitives.dll"),
            &[&src.join("bcryptprimitives.c"), &def],
            &["-ladvapi32"],
        );
        mingw(
            &["-O2", "-o"],
            &bin.join("hostproc.exe"),
            &[&src.join("hostproc.c")],
            &[],
        );
        let procs = Arc::new(WineProcs {
            prefix: prefix.clone(),
            bin: bin.clone(),
            children: Mutex::new(HashMap::new()),
        });
        let mut wine = Wine {
            _dir: dir,
            prefix,
            work,
            bin,
            facts: Facts {
                name: String::new(),
                mem_total: 0,
            },
            procs,
        };
        wine.facts = wine.read_facts();
        Some(wine)
    }

    /// The first Wine run also makes the prefix (wineboot).
    fn read_facts(&self) -> Facts {
        let o = self.run(&self.bin.join("hostproc.exe"), &["--facts"], Duration::from_secs(180));
        assert_eq!(o.code, Some(0), "hostproc --facts:\n{}", o.text);
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        let mut lines = out.lines().map(str::trim);
        let name = lines.next().unwrap_or_default().to_string();
        let mem_total = lines.next().and_then(|m| m.parse().ok()).unwrap_or(0);
        assert!(!name.is_empty() && mem_total > 0, "facts: {out}");
        Facts { name, mem_total }
    }

    pub(crate) fn procs(&self) -> Arc<dyn HostProcs> {
        self.procs.clone()
    }

    /// The stand-in built for Windows, serving `\\.\pipe\docker_engine` in this
    /// prefix as this machine's engine; returns once the pipe exists.
    pub(crate) fn pipe_standin(&self) -> PipeStandin {
        let exe = self.bin.join("windows_standin.exe");
        std::fs::copy(standin_exe(), &exe).expect("copy windows_standin.exe");
        let mut cmd = self.command("wine");
        cmd.arg(&exe)
            .arg(&self.facts.name)
            .arg(self.facts.mem_total.to_string())
            .arg(windows_path(&self.bin.join("hostproc.exe")))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("wine starts the stand-in");
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = tx.send(line);
        });
        let url = rx.recv_timeout(Duration::from_secs(120)).unwrap_or_default();
        let standin = PipeStandin {
            stderr: reader(child.stderr.take()),
            child,
            url: url.trim().to_string(),
        };
        assert!(standin.url.starts_with("npipe://"), "the stand-in said {url:?}");
        standin
    }

    /// `proofbook.exe ARGS` in the work folder.
    pub(crate) fn proofbook(&self, args: &[&str]) -> Run {
        self.run(&self.bin.join("proofbook.exe"), args, RUN_LIMIT)
    }

    /// `proofbook.exe ARGS` on a terminal (a pty from `script`), with `LANG`:
    /// Wine gives the program a Windows console there, so Rust's standard
    /// library writes it UTF-16 (`WriteConsoleW`), and Wine's console shows it
    /// on the terminal in the locale's charset. What the terminal received,
    /// its control sequences and line ends removed.
    pub(crate) fn on_console(&self, args: &[&str], lang: &str) -> String {
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut line = vec![
            quote("wine"),
            quote(&self.bin.join("proofbook.exe").display().to_string()),
        ];
        line.extend(args.iter().map(|a| quote(a)));
        let mut cmd = self.command("script");
        cmd.args(["-qec", &line.join(" "), "/dev/null"])
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        terminal_text(limited(cmd, RUN_LIMIT).stdout)
    }

    /// `proofbook.exe ARGS` with `LANG` set (Wine passes it to the program) and
    /// its output on pipes, where Rust writes UTF-8 bytes as they are.
    pub(crate) fn proofbook_in(&self, args: &[&str], lang: &str) -> Run {
        let mut cmd = self.command("wine");
        cmd.arg(self.bin.join("proofbook.exe"))
            .args(args)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        limited(cmd, RUN_LIMIT)
    }

    /// `program ARGS` (a Windows path) through Wine's `cmd`, with Wine started
    /// in `unix_locale` and the locale variables Wine passes on (`LANG`,
    /// `LC_ALL`, `LC_MESSAGES`) cleared inside the Windows environment, so
    /// the program finds none and Windows' own settings speak: Wine derives
    /// the user's display language from the locale it started in. On a
    /// terminal (`script`) when `console`, where Wine's console writes in the
    /// locale's charset; else on pipes.
    pub(crate) fn in_display_language(&self, program: &str, args: &[&str], unix_locale: &str, console: bool) -> Run {
        let line = format!(
            "set LANG=&& set LC_ALL=&& set LC_MESSAGES=&& {program} {}",
            args.join(" ")
        );
        let mut cmd = if console {
            let mut script = self.command("script");
            script.args(["-qec", &format!("wine cmd /c '{line}'"), "/dev/null"]);
            script
        } else {
            let mut wine = self.command("wine");
            wine.args(["cmd", "/c", &line]);
            wine
        };
        crate::common::in_locale(&mut cmd, &[("LANG", unix_locale), ("LC_ALL", unix_locale)]);
        let mut run = limited(cmd, RUN_LIMIT);
        if console {
            run.text = terminal_text(std::mem::take(&mut run.stdout));
        }
        run
    }

    /// The Windows path of proofbook.exe and of the helper program.
    pub(crate) fn windows_exe(&self, which: &str) -> String {
        windows_path(&self.bin.join(which))
    }

    /// Wine's own `reg.exe` on the prefix's registry.
    pub(crate) fn reg(&self, args: &[&str]) {
        let mut all = vec!["reg"];
        all.extend_from_slice(args);
        let mut cmd = self.command("wine");
        cmd.args(&all);
        let o = limited(cmd, Duration::from_secs(60));
        assert_eq!(o.code, Some(0), "reg {args:?}:\n{}", o.text);
    }

    pub(crate) fn run(&self, exe: &Path, args: &[&str], limit: Duration) -> Run {
        let mut cmd = self.command("wine");
        cmd.arg(exe).args(args);
        limited(cmd, limit)
    }

    /// A command in this prefix: no display, no Wine debug noise, no
    /// engine from the environment, offline, in the C locale (Wine passes
    /// the locale variables to proofbook.exe; a caller may set its own).
    pub(crate) fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        crate::common::in_c_locale(&mut cmd);
        cmd.current_dir(&self.work)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("PROOFBOOK_OFFLINE", "1")
            .env_remove("DISPLAY")
            .env_remove("DOCKER_HOST")
            .env_remove("DOCKER_CONTEXT");
        cmd
    }
}

/// What a terminal received, as text: its control sequences and line ends
/// removed; bytes that are not UTF-8 fail the test (Korean lost on the way).
fn terminal_text(raw: Vec<u8>) -> String {
    let raw = String::from_utf8(raw).unwrap_or_else(|e| panic!("the console wrote bytes that are not UTF-8: {e}"));
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // CSI sequences: ESC [ parameters final-letter.
            '\u{1b}' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    while chars.next().is_some_and(|c| !c.is_ascii_alphabetic()) {}
                }
            }
            '\r' | '\n' => {}
            c => text.push(c),
        }
    }
    text
}

/// The stand-in on the named pipe, running under Wine until `stop`.
pub(crate) struct PipeStandin {
    child: Child,
    stderr: std::thread::JoinHandle<Vec<u8>>,
    pub url: String,
}

impl PipeStandin {
    /// Closes its stdin: it removes its containers (ending their host
    /// processes) and says which calls it had no answer for; within a minute.
    pub(crate) fn stop(mut self) -> String {
        drop(self.child.stdin.take());
        let start = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() {
            if start.elapsed() > Duration::from_secs(60) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the stand-in did not stop");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        String::from_utf8_lossy(&self.stderr.join().unwrap_or_default()).to_string()
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        self.procs.end_all();
        let mut kill = self.command("wineserver");
        kill.arg("-k");
        let _ = limited(kill, Duration::from_secs(30));
    }
}

/// The cross-built proofbook.exe, built now if stale or missing (cargo
/// decides; up to date it is a second's check). Its own target folder
/// lock, so it does not wait for the test build.
fn proofbook_exe() -> PathBuf {
    cross_built(&["--bin", "proofbook"], "proofbook.exe")
}

/// The Windows engine stand-in as a Windows program (examples/windows_standin.rs).
/// Built apart from proofbook.exe: together, cargo would build both with the
/// dev-dependencies' features and proofbook.exe would no longer be CI's.
fn standin_exe() -> PathBuf {
    cross_built(&["--example", "windows_standin"], "examples/windows_standin.exe")
}

/// A release build for the Windows target, built now if stale or missing
/// (cargo decides; up to date it is a second's check). Its target folder
/// is not the test build's, so it does not wait for it.
fn cross_built(what: &[&str], file: &str) -> PathBuf {
    let repo = crate::common::repo();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&repo)
        .args(["build", "--release", "--target", WINE_TARGET])
        .args(what);
    let o = limited(cmd, CARGO_LIMIT);
    assert_eq!(
        o.code,
        Some(0),
        "cargo build --target {WINE_TARGET} {what:?}:\n{}",
        o.text
    );
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    target.join(WINE_TARGET).join("release").join(file)
}

/// A Unix path as a Windows program under Wine names it (Wine's `Z:` is `/`).
pub(crate) fn windows_path(p: &Path) -> String {
    format!("Z:{}", p.display().to_string().replace('/', "\\"))
}

fn mingw(flags: &[&str], out: &Path, sources: &[&Path], libs: &[&str]) {
    let mut cmd = Command::new("x86_64-w64-mingw32-gcc");
    cmd.args(flags).arg(out).args(sources).args(libs);
    let o = limited(cmd, Duration::from_secs(120));
    assert_eq!(o.code, Some(0), "mingw {}:\n{}", out.display(), o.text);
}

/// Runs `cmd` to its end or kills it at `limit` (a failure naming it).
pub(crate) fn limited(mut cmd: Command, limit: Duration) -> Run {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let shown = format!("{cmd:?}");
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{shown}: {e}"));
    let out = reader(child.stdout.take());
    let err = reader(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{shown} ran over {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    Run {
        code: status.code(),
        stdout,
        text,
    }
}

fn reader(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// Host processes in the Wine prefix: hostproc.exe copied under each name,
/// started with `wine`, its Windows PID read from its first line.
struct WineProcs {
    prefix: PathBuf,
    bin: PathBuf,
    /// By Windows PID: the wine child (its Unix process is the Windows one) and its stdin.
    children: Mutex<HashMap<u32, (Child, Option<ChildStdin>)>>,
}

impl WineProcs {
    fn spawn(&self, name: &str) -> Child {
        let exe = self.bin.join("procs").join(name);
        if !exe.exists() {
            std::fs::copy(self.bin.join("hostproc.exe"), &exe).expect("copy hostproc.exe");
        }
        Command::new("wine")
            .arg(&exe)
            .arg(HELPER_LIFE_SECS)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env_remove("DISPLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("wine starts")
    }

    fn end_all(&self) {
        let pids: Vec<u32> = self.children.lock().unwrap().keys().copied().collect();
        self.end(&pids);
    }
}

impl HostProcs for WineProcs {
    /// All started at once, then each PID read (within a minute).
    fn start(&self, names: &[String]) -> Vec<u32> {
        let mut started: Vec<Child> = names.iter().map(|n| self.spawn(n)).collect();
        let mut pids = Vec::new();
        let mut children = self.children.lock().unwrap();
        for (child, name) in started.iter_mut().zip(names) {
            let out = child.stdout.take().expect("stdout");
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(out).read_line(&mut line);
                let _ = tx.send(line);
            });
            let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
            let pid: u32 = line
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{name} said no PID: {line:?}"));
            pids.push(pid);
        }
        for (child, pid) in started.into_iter().zip(&pids) {
            let mut child = child;
            let stdin = child.stdin.take();
            children.insert(*pid, (child, stdin));
        }
        pids
    }

    /// Closing stdin ends a helper; a kill makes sure.
    fn end(&self, pids: &[u32]) {
        let mut children = self.children.lock().unwrap();
        for pid in pids {
            if let Some((mut child, stdin)) = children.remove(pid) {
                drop(stdin);
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}
