//! Shared helpers of the integration tests: the proofbook binary, the main
//! engine, and private engines (a dockerd of our own, on its own socket and
//! data root) for tests that need another configuration or must restart one.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const MAIN_ENGINE: &str = "unix:///var/run/docker.sock";

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_proofbook"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs proofbook offline (tests never reach a registry).
pub fn proofbook(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .output()
        .expect("proofbook runs")
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Containers carrying proofbook's run label on an engine (via the docker CLI,
/// independently of the code under test).
pub fn proofbook_containers(engine: &str) -> Vec<String> {
    let out = Command::new("docker")
        .args(["-H", engine, "ps", "-aq", "--filter", "label=org.proofbook.run"])
        .output()
        .expect("docker CLI runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Containers of one run id.
pub fn run_containers(engine: &str, run_id: &str) -> Vec<String> {
    let out = Command::new("docker")
        .args([
            "-H",
            engine,
            "ps",
            "-aq",
            "--filter",
            &format!("label=org.proofbook.run={run_id}"),
        ])
        .output()
        .expect("docker CLI runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// `data-verdict` of a `data-claim` in a rendered page.
pub fn verdict_in(html: &str, claim: &str) -> Option<String> {
    let needle = format!("data-claim=\"{claim}\" data-verdict=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A dockerd of the test's own. Killed (by the PID we started) and its
/// containers removed when dropped.
pub struct PrivateEngine {
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
    pub fn start(runtimes: &str) -> PrivateEngine {
        Self::start_with(runtimes, |_| Vec::new())
    }

    /// As `start`, with more dockerd arguments made from the engine's own folder.
    pub fn start_with(runtimes: &str, extra: impl FnOnce(&Path) -> Vec<String>) -> PrivateEngine {
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
            let ok = Command::new("docker")
                .args(["-H", &self.socket, "version"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
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

    pub fn stop(&mut self) {
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

    pub fn restart(&mut self) {
        self.stop();
        self.launch();
    }

    pub fn path(&self) -> &Path {
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
                let _ = Command::new("docker").args(&args).output();
            }
        }
        self.stop();
    }
}
