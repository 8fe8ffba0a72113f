//! The records a render bench starts from: PB_BENCH_RECORDS (a records
//! folder), or those of a build of the shipped lessons on PB_BENCH_ENGINE
//! (default unix:///var/run/docker.sock).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proofbook::record::RunRecord;

/// PB_BENCH_RECORDS, or the records of a build of the shipped lessons on PB_BENCH_ENGINE.
pub(crate) fn records_dir(repo: &Path, work: &Path) -> Option<PathBuf> {
    match std::env::var("PB_BENCH_RECORDS") {
        Ok(d) => Some(PathBuf::from(d)),
        Err(_) => {
            let engine = std::env::var("PB_BENCH_ENGINE").unwrap_or_else(|_| "unix:///var/run/docker.sock".into());
            let out = work.join("live");
            let st = Command::new(env!("CARGO_BIN_EXE_proofbook"))
                .args(["build", "--quiet", "--engine", &engine, "--out"])
                .arg(&out)
                .arg("lessons")
                .current_dir(repo)
                .env("PROOFBOOK_OFFLINE", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            if !matches!(st.code(), Some(0) | Some(1)) {
                println!("bench skipped: no records (the build on {engine} failed; set PB_BENCH_RECORDS)");
                return None;
            }
            Some(out.join("records"))
        }
    }
}

/// Every record stored under `dir`, whatever host it belongs to.
pub(crate) fn read_records(dir: &Path) -> Vec<RunRecord> {
    let hosts =
        proofbook::record::store::load(dir).unwrap_or_else(|e| panic!("valid records under {}: {e:?}", dir.display()));
    hosts.into_iter().flat_map(|h| h.records).collect()
}
