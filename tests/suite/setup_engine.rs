//! scripts/setup-engine.sh: its daemon.json merge on a copy (other settings
//! kept, runsc added, a second run a no-op), and its engine handling on a
//! private dockerd of the test's own (never the shared engine): started by hand
//! when none answers, left alone when ready, reloaded (not restarted) when
//! runsc is missing.
#![cfg(unix)]

use crate::common::*;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn script() -> std::path::PathBuf {
    repo().join("scripts/setup-engine.sh")
}

fn merge_only(daemon_json: &Path) -> Output {
    Command::new("bash")
        .arg(script())
        .arg("--merge-only")
        .env("PROOFBOOK_DAEMON_JSON", daemon_json)
        .output()
        .expect("bash runs")
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const OTHER: &str = r#"{"log-level":"warn","labels":["proofbook-setup=test"],
  "runtimes":{"kata":{"path":"/usr/bin/kata-runtime"}},"default-runtime":"runc"}"#;

#[test]
fn merge_keeps_other_settings_adds_runsc_and_runs_again_as_a_no_op() {
    require!(&[Need::Jq]);
    let dir = tempdir();
    let file = dir.path().join("daemon.json");
    std::fs::write(&file, OTHER).unwrap();
    let o = merge_only(&file);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("runsc merged"), "{}", text(&o));

    let merged = json(&file);
    let before: serde_json::Value = serde_json::from_str(OTHER).unwrap();
    for key in ["log-level", "labels", "default-runtime"] {
        assert_eq!(merged[key], before[key], "{key} kept: {merged}");
    }
    assert_eq!(
        merged["runtimes"]["kata"], before["runtimes"]["kata"],
        "other runtimes kept"
    );
    assert_eq!(
        merged["runtimes"]["runsc"]["runtimeArgs"],
        serde_json::json!(["--network=none"])
    );
    assert!(merged["runtimes"]["runsc"]["path"].as_str().unwrap().ends_with("runsc"));

    let bytes = std::fs::read(&file).unwrap();
    let o = merge_only(&file);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("unchanged"), "{}", text(&o));
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "a second run changes nothing");
}

#[test]
fn merge_adds_network_none_to_a_runsc_registered_without_it_and_refuses_bad_json() {
    require!(&[Need::Jq]);
    let dir = tempdir();
    let file = dir.path().join("daemon.json");
    std::fs::write(
        &file,
        r#"{"runtimes":{"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["--debug"]}}}"#,
    )
    .unwrap();
    assert!(merge_only(&file).status.success());
    assert_eq!(
        json(&file)["runtimes"]["runsc"]["runtimeArgs"],
        serde_json::json!(["--debug", "--network=none"])
    );

    std::fs::write(&file, "{not json").unwrap();
    let o = merge_only(&file);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not a JSON object"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{not json",
        "a bad file is left as it is"
    );

    let fresh = dir.path().join("etc/docker/daemon.json");
    assert!(merge_only(&fresh).status.success());
    assert!(
        json(&fresh)["runtimes"]["runsc"].is_object(),
        "a missing file is created"
    );
}

/// A dockerd the script starts for the test: its files under `root`, its socket there too.
struct Private {
    root: tempfile::TempDir,
}

impl Private {
    fn socket(&self) -> String {
        format!("unix://{}/docker.sock", self.root.path().display())
    }
    fn daemon_json(&self) -> std::path::PathBuf {
        self.root.path().join("daemon.json")
    }
    fn setup(&self) -> Output {
        let r = self.root.path();
        let args = format!(
            "-H {} --data-root {} --exec-root {} --ip6tables=false",
            self.socket(),
            r.join("data").display(),
            r.join("exec").display()
        );
        Command::new("bash")
            .arg(script())
            .env("PROOFBOOK_DAEMON_JSON", self.daemon_json())
            .env("PROOFBOOK_DOCKERD_PIDFILE", r.join("docker.pid"))
            .env("PROOFBOOK_DOCKERD_LOG", r.join("dockerd.log"))
            .env("PROOFBOOK_DOCKERD_ARGS", args)
            .env("DOCKER_HOST", self.socket())
            .output()
            .expect("bash runs")
    }
    fn pid(&self) -> Option<String> {
        std::fs::read_to_string(self.root.path().join("docker.pid"))
            .ok()
            .map(|p| p.trim().to_string())
    }
    fn runtimes(&self) -> String {
        let o = docker_on(
            &self.socket(),
            &["info", "--format", "{{json .Runtimes}} {{json .Labels}}"],
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    }
}

impl Drop for Private {
    fn drop(&mut self) {
        // Only the dockerd this test had the script start, by its PID.
        if let Some(pid) = self.pid() {
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
            let t0 = Instant::now();
            while Path::new(&format!("/proc/{pid}")).exists() && t0.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

#[test]
fn setup_starts_an_engine_leaves_a_ready_one_alone_and_reloads_one_without_runsc() {
    require!(PRIVATE_ENGINE);
    let engine = Private {
        root: tempfile::Builder::new().prefix("pb-setup").tempdir_in("/tmp").unwrap(),
    };
    std::fs::write(engine.daemon_json(), OTHER.replace("kata-runtime", "true")).unwrap();

    // No engine answers on the socket: the script starts one by hand, with runsc.
    let o = engine.setup();
    assert!(o.status.success(), "{}\n{}", text(&o), read_log(&engine));
    assert!(text(&o).contains("starting dockerd by hand"), "{}", text(&o));
    let pid = engine.pid().expect("the started dockerd wrote its pidfile");
    let seen = engine.runtimes();
    assert!(
        seen.contains("\"runsc\"") && seen.contains("proofbook-setup=test"),
        "{seen}"
    );

    // Ready already: nothing changes, the same dockerd keeps running.
    let sum = std::fs::read(engine.daemon_json()).unwrap();
    let o = engine.setup();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("left as it is"), "{}", text(&o));
    assert_eq!(
        std::fs::read(engine.daemon_json()).unwrap(),
        sum,
        "daemon.json unchanged"
    );
    assert_eq!(
        engine.pid().as_deref(),
        Some(pid.as_str()),
        "the engine was not restarted"
    );

    // runsc taken out of the file and the engine (SIGHUP reloads runtimes): the script
    // merges it back and reloads the same dockerd instead of restarting it.
    std::fs::write(engine.daemon_json(), OTHER.replace("kata-runtime", "true")).unwrap();
    assert!(Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    let t0 = Instant::now();
    while engine.runtimes().contains("\"runsc\"") && t0.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        !engine.runtimes().contains("\"runsc\""),
        "runsc dropped: {}",
        engine.runtimes()
    );
    let o = engine.setup();
    assert!(o.status.success(), "{}\n{}", text(&o), read_log(&engine));
    assert!(text(&o).contains("SIGHUP"), "{}", text(&o));
    assert!(engine.runtimes().contains("\"runsc\""), "{}", engine.runtimes());
    assert_eq!(engine.pid().as_deref(), Some(pid.as_str()), "reloaded, not restarted");
}

fn read_log(e: &Private) -> String {
    std::fs::read_to_string(e.root.path().join("dockerd.log")).unwrap_or_default()
}
