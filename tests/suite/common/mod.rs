//! Shared helpers of the integration tests: the proofbook binary, the main
//! engine, and private engines (a dockerd of our own, on its own socket and
//! data root) for tests that need another configuration or must restart one.
#![allow(dead_code)]

pub(crate) mod records;
pub(crate) mod windows_engine;

// The name `records.rs` is written against (the library's unit tests include it too).
use proofbook as pb;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub(crate) const MAIN_ENGINE: &str = "unix:///var/run/docker.sock";

pub(crate) fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_proofbook"))
}

pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The locale variables proofbook reads (POSIX's three) and GNU's `LANGUAGE`.
const LOCALE_VARS: [&str; 4] = ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"];

/// `cmd` in exactly this locale: `vars` set, every other locale variable
/// removed, whatever locale the machine running the tests is in.
pub(crate) fn in_locale<'a>(cmd: &'a mut Command, vars: &[(&str, &str)]) -> &'a mut Command {
    for var in LOCALE_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(vars.iter().copied())
}

/// `cmd` in the C locale, where proofbook speaks English: what a test
/// expects unless it sets its own language (`in_locale`).
pub(crate) fn in_c_locale(cmd: &mut Command) -> &mut Command {
    in_locale(cmd, &[("LC_ALL", "C")])
}

/// The proofbook binary as a test starts it: in the C locale (English), so a
/// Korean machine (`LANG=ko_KR.UTF-8`) runs the suite as any other does.
pub(crate) fn command() -> Command {
    let mut cmd = Command::new(bin());
    in_c_locale(&mut cmd);
    cmd
}

/// How long a proofbook a test starts may run unless the test says otherwise:
/// the longest live build (every shipped lesson in both languages, a debug
/// binary on a busy 2-CPU machine) stays well under it, and a run that passes
/// it is stuck, not slow.
pub(crate) const LIMIT: Duration = Duration::from_secs(900);

/// Runs proofbook offline (tests never reach a registry), from the repository
/// root, within `LIMIT`.
pub(crate) fn proofbook(args: &[&str]) -> Output {
    proofbook_in(&repo(), args, LIMIT)
}

/// Runs proofbook offline from `dir`, killed and failing the test after `limit`.
pub(crate) fn proofbook_in(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut cmd = command();
    cmd.args(args).current_dir(dir).env("PROOFBOOK_OFFLINE", "1");
    output_within(&mut cmd, limit)
}

/// `cmd.output()` with a time limit: stdin closed, stdout and stderr read to
/// their end. Past `limit` the child is killed (by its own PID, nothing
/// else) and the test fails naming the command.
pub(crate) fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    try_output_within(cmd, limit).unwrap_or_else(|why| panic!("{why}"))
}

/// `output_within` that says why instead of failing the test: the command
/// could not start, or it ran over `limit` (and was killed by its PID).
pub(crate) fn try_output_within(cmd: &mut Command, limit: Duration) -> Result<Output, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = cmd.spawn().map_err(|e| format!("{cmd:?} cannot start: {e}"))?;
    try_wait_within(child, limit, &format!("{cmd:?}"))
}

/// How long one docker CLI call of a test may take: the engine answers a
/// `ps`, `rm -f` or `run -d` in seconds even on a busy machine; one that
/// has not answered in this time is stuck, and the test says so.
pub(crate) const DOCKER_LIMIT: Duration = Duration::from_secs(120);

/// The docker CLI with `args` (`-H` included where the test names an
/// engine), within `DOCKER_LIMIT`: killed by its PID and failing the test past it.
pub(crate) fn docker(args: &[&str]) -> Output {
    output_within(Command::new("docker").args(args), DOCKER_LIMIT)
}

/// `docker -H engine args…`, within `DOCKER_LIMIT`.
pub(crate) fn docker_on(engine: &str, args: &[&str]) -> Output {
    output_within(Command::new("docker").args(["-H", engine]).args(args), DOCKER_LIMIT)
}

/// Waits for a child a test spawned (its stdio set up by the test), reading
/// whatever of stdout and stderr is piped. Past `limit` the child is killed
/// and the test fails naming `what`.
pub(crate) fn wait_within(child: Child, limit: Duration, what: &str) -> Output {
    try_wait_within(child, limit, what).unwrap_or_else(|why| panic!("{why}"))
}

/// `wait_within` that says why instead of failing the test.
pub(crate) fn try_wait_within(mut child: Child, limit: Duration, what: &str) -> Result<Output, String> {
    use std::io::Read;
    use wait_timeout::ChildExt;
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    }
    let (out, err) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let status = match child.wait_timeout(limit).expect("wait for the child") {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{what} ran over its limit of {limit:?} and was killed"));
        }
    };
    Ok(Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Containers carrying proofbook's run label on an engine (via the docker CLI,
/// independently of the code under test).
pub(crate) fn proofbook_containers(engine: &str) -> Vec<String> {
    containers_labelled(engine, "org.proofbook.run")
}

/// Containers of one run id.
pub(crate) fn run_containers(engine: &str, run_id: &str) -> Vec<String> {
    containers_labelled(engine, &format!("org.proofbook.run={run_id}"))
}

/// Containers, running or not, that the proofbook process `pid` started on
/// `engine` (its owner label: this host's name and the PID).
pub(crate) fn owned_by(engine: &str, pid: u32) -> Vec<String> {
    let host = sysinfo::System::host_name().unwrap_or_default();
    containers_labelled(engine, &format!("org.proofbook.owner={host}:{pid}"))
}

/// Ids of the containers on `engine` with the label `filter` (`key` or `key=value`).
pub(crate) fn containers_labelled(engine: &str, filter: &str) -> Vec<String> {
    let out = docker_on(engine, &["ps", "-aq", "--filter", &format!("label={filter}")]);
    assert!(out.status.success(), "docker ps on {engine}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// `data-verdict` of a `data-claim` in a rendered page.
pub(crate) fn verdict_in(html: &str, claim: &str) -> Option<String> {
    let needle = format!("data-claim=\"{claim}\" data-verdict=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// What a test needs from the machine besides Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Running as root: private engines, and the processes of other users' containers.
    Root,
    /// The docker CLI, and the shared engine at `MAIN_ENGINE` answering it.
    Engine,
    /// gVisor's `runsc` registered as a runtime of the shared engine.
    Runsc,
    /// The `dockerd` binary, for engines of the test's own.
    Dockerd,
    /// Headless Chromium, for the browser tests.
    Chromium,
    /// `openssl`, to make a CA and certificates for an engine over TLS.
    Openssl,
    /// OpenSSH's server and client, for an `ssh://` engine on loopback.
    Ssh,
    /// `jq`, which scripts/setup-engine.sh merges daemon.json with.
    Jq,
}

/// What a test against the shared engine with runc and gVisor needs.
pub(crate) const LIVE: &[Need] = &[Need::Engine, Need::Runsc];
/// What a test that starts an engine of its own needs besides.
pub(crate) const PRIVATE_ENGINE: &[Need] = &[Need::Root, Need::Dockerd];

/// Skips the calling test (returns from it) when the machine lacks what it
/// needs, or fails it where a skip is not allowed (see `available`):
/// `require!(LIVE)`, `require!(LIVE, PRIVATE_ENGINE)`.
macro_rules! require {
    ($($needs:expr),+ $(,)?) => {
        if !$crate::common::available(&[$($needs as &[$crate::common::Need]),+].concat()) {
            return;
        }
    };
}
pub(crate) use require;

/// Whether a missing need fails the test instead of skipping it: in CI
/// (`CI=true`, as GitHub Actions and most CI services set it) and wherever
/// `PROOFBOOK_LIVE=1` asks for it (`.ci/run` does). A suite that passes on a
/// machine that could not run it proves nothing there.
pub(crate) fn strict() -> bool {
    let on = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    on("CI") || on("PROOFBOOK_LIVE")
}

/// The one guard of the tests that need more than Rust. True when everything
/// in `needs` is here. Otherwise, in strict mode, panics in one line with
/// everything missing and how to get it (so such a test fails for what it
/// lacks, not for an unrelated message later); elsewhere writes that line to
/// the terminal, marked as a skip, and returns false.
pub(crate) fn available(needs: &[Need]) -> bool {
    let missing: Vec<(Need, String)> = needs.iter().filter_map(|n| Some((*n, missing(*n)?))).collect();
    if missing.is_empty() {
        return true;
    }
    let what: Vec<&str> = missing.iter().map(|(_, why)| why.as_str()).collect();
    let mut fixes: Vec<&str> = Vec::new();
    for (n, _) in &missing {
        let fix = match n {
            Need::Root => "run the tests as root",
            Need::Engine | Need::Runsc | Need::Dockerd => {
                "`sudo scripts/setup-engine.sh` installs and starts the engine with runsc"
            }
            Need::Chromium => "`apt-get install -y chromium fonts-noto-cjk` installs the browser",
            Need::Openssl => "`apt-get install -y openssl`",
            Need::Ssh => "`apt-get install -y openssh-server openssh-client`",
            Need::Jq => "`apt-get install -y jq`",
        };
        if !fixes.contains(&fix) {
            fixes.push(fix);
        }
    }
    skip_or_fail(&format!(
        "missing {}. Fix: {} (`sudo bash .ci/run` installs everything and runs the suite)",
        what.join("; "),
        fixes.join("; ")
    ));
    false
}

/// A test that cannot run here (`why`): panics in strict mode, else says so
/// in one line, marked as a skip; the caller then returns.
pub(crate) fn skip_or_fail(why: &str) {
    if strict() {
        panic!("this test cannot run here: {why}");
    }
    // Straight to stderr: the test harness captures `eprintln!` of passing tests.
    use std::io::Write;
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    let _ = writeln!(
        std::io::stderr().lock(),
        "skipped {test}: {why}; CI=true or PROOFBOOK_LIVE=1 makes this a failure"
    );
}

/// Why `need` is not met, or None. Probed once per test binary.
fn missing(need: Need) -> Option<String> {
    use std::sync::OnceLock;
    static ROOT: OnceLock<Option<String>> = OnceLock::new();
    static ENGINE: OnceLock<Option<String>> = OnceLock::new();
    static RUNSC: OnceLock<Option<String>> = OnceLock::new();
    static DOCKERD: OnceLock<Option<String>> = OnceLock::new();
    static CHROMIUM: OnceLock<Option<String>> = OnceLock::new();
    static OPENSSL: OnceLock<Option<String>> = OnceLock::new();
    static SSH: OnceLock<Option<String>> = OnceLock::new();
    static JQ: OnceLock<Option<String>> = OnceLock::new();
    let cell = match need {
        Need::Root => &ROOT,
        Need::Engine => &ENGINE,
        Need::Runsc => &RUNSC,
        Need::Dockerd => &DOCKERD,
        Need::Chromium => &CHROMIUM,
        Need::Openssl => &OPENSSL,
        Need::Ssh => &SSH,
        Need::Jq => &JQ,
    };
    cell.get_or_init(|| probe(need)).clone()
}

fn probe(need: Need) -> Option<String> {
    let run = |prog: &str, args: &[&str]| -> Result<String, String> {
        let o = try_output_within(Command::new(prog).args(args), DOCKER_LIMIT)
            .map_err(|e| format!("`{prog}` cannot be run ({e})"))?;
        let out = String::from_utf8_lossy(&o.stdout).trim().to_string();
        if o.status.success() {
            Ok(out)
        } else {
            let err = String::from_utf8_lossy(&o.stderr);
            Err(err.lines().next().unwrap_or("").trim().to_string())
        }
    };
    match need {
        Need::Root => match run("id", &["-u"]) {
            Ok(uid) if uid == "0" => None,
            Ok(uid) => Some(format!("root (running as uid {uid})")),
            Err(e) => Some(format!("root (uid unknown: {e})")),
        },
        Need::Engine => match run(
            "docker",
            &["-H", MAIN_ENGINE, "version", "--format", "{{.Server.Version}}"],
        ) {
            Ok(_) => None,
            Err(e) => Some(format!("a Docker engine answering at {MAIN_ENGINE} ({e})")),
        },
        Need::Runsc => match run("docker", &["-H", MAIN_ENGINE, "info", "--format", "{{json .Runtimes}}"]) {
            Ok(rt) if rt.contains("\"runsc\"") => None,
            Ok(rt) => Some(format!("runsc registered with the engine (its runtimes: {rt})")),
            Err(_) => Some("runsc registered with the engine (the engine does not answer)".into()),
        },
        Need::Dockerd => match run("dockerd", &["--version"]) {
            Ok(_) => None,
            Err(e) => Some(format!("the dockerd binary ({e})")),
        },
        Need::Chromium => {
            let found = ["chromium", "chromium-browser"]
                .iter()
                .any(|b| run("sh", &["-c", &format!("command -v {b}")]).is_ok());
            (!found).then(|| "chromium".to_string())
        }
        Need::Openssl => run("openssl", &["version"]).err().map(|e| format!("openssl ({e})")),
        Need::Jq => run("jq", &["--version"]).err().map(|e| format!("jq ({e})")),
        Need::Ssh => {
            let found = ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"]
                .iter()
                .all(|p| Path::new(p).exists());
            (!found).then(|| "OpenSSH (/usr/sbin/sshd, /usr/bin/ssh, /usr/bin/ssh-keygen)".to_string())
        }
    }
}

pub(crate) fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A dockerd of the test's own. Killed (by the PID we started) and its
/// containers removed when dropped.
pub(crate) struct PrivateEngine {
    pub socket: String,
    pub root: tempfile::TempDir,
    child: Option<Child>,
    config: PathBuf,
    /// More dockerd arguments (e.g. a TLS listener beside the socket).
    extra: Vec<String>,
}

impl PrivateEngine {
    /// `runtimes` is the daemon.json `runtimes` object, e.g.
    /// `{"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["--network=none"]}}`; `{}` for none.
    pub(crate) fn start(runtimes: &str) -> PrivateEngine {
        Self::start_with(runtimes, |_| Vec::new())
    }

    /// As `start`, with more dockerd arguments made from the engine's own folder.
    pub(crate) fn start_with(runtimes: &str, extra: impl FnOnce(&Path) -> Vec<String>) -> PrivateEngine {
        assert!(
            available(PRIVATE_ENGINE),
            "a test that starts an engine of its own begins with require!(PRIVATE_ENGINE)"
        );
        let root = tempfile::Builder::new()
            .prefix("pb-dockerd")
            .tempdir_in("/tmp")
            .expect("temp dir");
        let config = root.path().join("daemon.json");
        std::fs::write(&config, format!("{{\"runtimes\":{runtimes}}}")).expect("write config");
        let socket = format!("unix://{}/docker.sock", root.path().display());
        let extra = extra(root.path());
        let mut e = PrivateEngine {
            socket,
            root,
            child: None,
            config,
            extra,
        };
        e.launch();
        e
    }

    fn launch(&mut self) {
        let r = self.root.path();
        let log = std::fs::File::create(r.join("dockerd.log")).expect("log file");
        let child = Command::new("dockerd")
            .arg("--config-file")
            .arg(&self.config)
            .arg("--data-root")
            .arg(r.join("data"))
            .arg("--exec-root")
            .arg(r.join("exec"))
            .arg("--pidfile")
            .arg(r.join("docker.pid"))
            .arg("-H")
            .arg(&self.socket)
            .args(["--bridge=none", "--iptables=false", "--ip6tables=false"])
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("dockerd starts (is docker.io installed?)");
        self.child = Some(child);
        self.wait_ready();
    }

    fn wait_ready(&self) {
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(60) {
            let ok = try_output_within(
                Command::new("docker").args(["-H", &self.socket, "version"]),
                DOCKER_LIMIT,
            )
            .is_ok_and(|o| o.status.success());
            if ok {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "private dockerd did not answer: {}",
            std::fs::read_to_string(self.root.path().join("dockerd.log")).unwrap_or_default()
        );
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let pid = c.id().to_string();
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs(20) {
                if c.try_wait().ok().flatten().is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub(crate) fn restart(&mut self) {
        self.stop();
        self.launch();
    }

    pub(crate) fn path(&self) -> &Path {
        self.root.path()
    }
}

impl Drop for PrivateEngine {
    fn drop(&mut self) {
        if self.child.is_some() {
            let ids = proofbook_containers(&self.socket);
            if !ids.is_empty() {
                let mut args = vec!["-H".to_string(), self.socket.clone(), "rm".into(), "-f".into()];
                args.extend(ids);
                let _ = try_output_within(Command::new("docker").args(&args), DOCKER_LIMIT);
            }
        }
        self.stop();
    }
}

/// The time limit holds: a child that outlives it is killed and the test fails.
#[test]
#[should_panic(expected = "ran over its limit of 1s and was killed")]
fn a_child_over_its_limit_is_killed_and_fails_the_test() {
    output_within(Command::new("sleep").arg("600"), Duration::from_secs(1));
}

#[test]
fn a_child_within_its_limit_gives_its_output() {
    let o = output_within(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]), LIMIT);
    assert_eq!(
        (o.status.code(), &o.stdout[..], &o.stderr[..]),
        (Some(3), &b"out\n"[..], &b"err\n"[..])
    );
}
