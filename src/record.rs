//! The run record: everything one lesson's run captured, and the verdicts
//! judged from it. It is the seam between running and rendering: `render`
//! and `diff` read nothing else.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::lesson::Step;
use crate::messages::Text;
use crate::platform::Isolation;
// Re-exported: records hold them, and readers of records name them from here.
pub(crate) use crate::platform::IsolationBinding;
pub use crate::process::{normalize_name, program_name, short_id, ProcInfo};

mod read;
pub mod store;
pub use read::{read_record, MAX_RECORD_BYTES};
pub use store::HostRecords;

/// Bumped when a record written now could not be read by an older proofbook.
pub const SCHEMA: u32 = 2;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RunRecord {
    pub schema: u32,
    pub run_id: String,
    pub lesson: String,
    pub lang: String,
    pub title: String,
    pub source: String,
    /// The lesson as it was run: prose, steps and claims, so a book can be
    /// rendered from records alone.
    pub doc: crate::lesson::Lesson,
    pub host: HostInfo,
    /// Where the evidence came from: captured live on this host, or recorded
    /// elsewhere and shipped (e.g. the Windows transcripts).
    #[serde(default)]
    pub provenance: Provenance,
    pub started_at: String,
    pub duration_ms: u64,
    pub steps: Vec<StepRecord>,
    pub claims: Vec<ClaimResult>,
    /// What the evidence depends on: the lesson's steps and claims, the host
    /// and engine (`crate::freshness`). Absent in older records: computed from `doc` and `host` then.
    #[serde(default, skip_serializing_if = "Fingerprint::is_empty")]
    pub fingerprint: Fingerprint,
    /// Set when rendering a record that no longer fits its lesson; never stored.
    #[serde(skip)]
    pub stale: Option<Staleness>,
    /// Set by `proofbook verify`: the exercise steps and claims of this record
    /// hold the learner's own evidence, captured from their containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
    /// Claims whose stored verdict the record's own evidence does not give,
    /// found when it is judged again (`crate::rejudge`); never stored.
    #[serde(skip)]
    pub overruled: Vec<Overruled>,
    /// The file the record was read from; empty for one made in this run.
    #[serde(skip)]
    pub file: ReadFrom,
}

/// Where a record was read from: a path, empty for one made in this run.
/// Not part of what the record says: never stored, and ignored when records
/// are compared (one read back from disk equals the one that was written).
#[derive(Debug, Clone, Default)]
pub struct ReadFrom(pub String);

impl PartialEq for ReadFrom {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A claim whose verdict, as stored, is not what the record's evidence gives.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overruled {
    pub claim: String,
    pub stored: Verdict,
    /// What the evidence gives; None when the lesson the record carries has
    /// no such claim (the stored result is then left out).
    pub judged: Option<Verdict>,
}

/// What a record's evidence depends on, hashed (`crate::freshness` makes and compares it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Fingerprint {
    /// Hash of the lesson's steps (id, timeout, action) and claims (id, check).
    #[serde(default)]
    pub lesson: String,
    /// Hash of the host and engine facts a verdict can depend on (see `HostKey`).
    #[serde(default)]
    pub host: String,
}

/// What differs between the lesson a record was taken for and the lesson now
/// (`crate::freshness` finds it).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Staleness {
    pub steps_changed: Vec<String>,
    pub steps_added: Vec<String>,
    pub steps_removed: Vec<String>,
    pub claims_changed: Vec<String>,
    pub claims_added: Vec<String>,
    pub claims_removed: Vec<String>,
    /// Same steps and claims, in another order (steps read each other's results in order).
    pub reordered: bool,
    /// The run whose evidence the page shows.
    pub run_id: String,
}

/// Which parts of a record `proofbook verify` captured from the learner's containers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Verified {
    pub at: String,
    pub run_id: String,
    pub engine_endpoint: String,
    pub steps: Vec<String>,
    pub claims: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    #[default]
    Live,
    Recorded {
        note: Text,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct HostInfo {
    /// `linux` or `windows`.
    pub os: String,
    pub os_name: String,
    pub os_version: String,
    /// Windows build number (e.g. 20348); empty on Linux.
    pub os_build: String,
    pub kernel: String,
    pub hostname: String,
    pub engine_endpoint: String,
    pub engine_version: String,
    pub engine_api_version: String,
    pub engine_os: String,
    pub runtimes: Vec<String>,
    pub default_runtime: String,
    /// How each lesson isolation maps on this host, e.g. process → runc.
    pub isolation: Vec<IsolationBinding>,
    pub captured_at: String,
    /// The isolation the engine gives a container that asks for none: Windows'
    /// `docker info` `Isolation`, `process` on Windows Server and `hyperv` on
    /// Windows 10/11 (Microsoft Learn, "Isolation modes"). Empty on Linux, in
    /// records written before it was captured, and when the engine does not say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub default_isolation: String,
    /// The host's network interface names, sorted (what `ls /sys/class/net`
    /// or `Get-NetAdapter` shows); empty when the engine is not on this machine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub net_interfaces: Vec<String>,
    /// Empty when proofbook ran on the engine's machine; else why that
    /// machine is not the engine's (a message; plain English in older
    /// records). Every other fact here is the engine's machine's.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub elsewhere: Text,
    /// Where proofbook ran (`name (os)`), when that is not the engine's machine.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proofbook_host: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StepRecord {
    pub id: String,
    pub action: String,
    pub request: Step,
    /// The `docker …` command a reader would type for the same thing.
    pub cli: String,
    /// For host captures: the PowerShell / ps equivalent.
    pub host_cli: Option<String>,
    pub outcome: StepOutcome,
    pub evidence: Option<Evidence>,
    pub started_at: String,
    pub duration_ms: u64,
    /// Captured streams that were longer than the build's cap: what was kept
    /// and how much more was read and not kept. Empty when nothing was cut
    /// (and in records older than the field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut: Vec<Cut>,
}

/// One captured stream cut at the cap.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Cut {
    /// `stdout`, `stderr`, `top` (its rows) or `host_processes` (the table's rows).
    pub stream: String,
    /// Bytes kept.
    pub kept: u64,
    /// Bytes read after those and not kept.
    pub cut: u64,
}

/// Keeps the first `cap` bytes of a stream and counts the rest, so a step
/// that prints without end costs no more memory than the cap.
#[derive(Debug, Clone)]
pub struct Capped {
    kept: Vec<u8>,
    cut: u64,
    cap: usize,
}

impl Capped {
    pub fn new(cap: usize) -> Self {
        Capped {
            kept: Vec::new(),
            cut: 0,
            cap,
        }
    }
    pub fn push(&mut self, bytes: &[u8]) {
        let room = self.cap.saturating_sub(self.kept.len()).min(bytes.len());
        self.kept.extend_from_slice(&bytes[..room]);
        self.cut = self.cut.saturating_add((bytes.len() - room) as u64);
    }
    /// The kept text and, when anything was cut, the record of it.
    pub fn finish(self, stream: &str) -> (String, Option<Cut>) {
        let cut = (self.cut > 0).then(|| Cut {
            stream: stream.into(),
            kept: self.kept.len() as u64,
            cut: self.cut,
        });
        (String::from_utf8_lossy(&self.kept).into_owned(), cut)
    }
}

/// Keeps the first rows of a table that fit in `cap` bytes (as `size` counts
/// them); the rest are counted as cut.
pub(crate) fn cap_rows<T>(rows: Vec<T>, cap: usize, stream: &str, size: impl Fn(&T) -> usize) -> (Vec<T>, Option<Cut>) {
    let (mut kept, mut used, mut cut) = (Vec::new(), 0usize, 0u64);
    for row in rows {
        let n = size(&row);
        if cut == 0 && used.saturating_add(n) <= cap {
            used += n;
            kept.push(row);
        } else {
            cut = cut.saturating_add(n as u64);
        }
    }
    let cut = (cut > 0).then(|| Cut {
        stream: stream.into(),
        kept: used as u64,
        cut,
    });
    (kept, cut)
}

/// What a build keeps of each captured stream unless told otherwise.
pub const DEFAULT_MAX_OUTPUT: usize = 1 << 20;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum StepOutcome {
    Ok,
    NotRun { reason: Text },
    Timeout { after_ms: u64 },
    Error { message: Text },
}

impl StepOutcome {
    pub fn label(&self) -> &'static str {
        match self {
            StepOutcome::Ok => "ok",
            StepOutcome::NotRun { .. } => "not-run",
            StepOutcome::Timeout { .. } => "timeout",
            StepOutcome::Error { .. } => "error",
        }
    }
    /// What is said of the outcome beside its label, on pages and in `diff`:
    /// why a step did not run or failed, or how long it ran before it timed
    /// out. None for a step that ran.
    pub(crate) fn detail(&self) -> Option<Text> {
        match self {
            StepOutcome::Ok => None,
            StepOutcome::NotRun { reason } => Some(reason.clone()),
            StepOutcome::Timeout { after_ms } => Some(
                crate::messages::Msg::Seconds {
                    seconds: format!("{:.1}", *after_ms as f64 / 1000.0),
                }
                .into(),
            ),
            StepOutcome::Error { message } => Some(message.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    Container {
        id: String,
        name: String,
        image: String,
        /// How the image was obtained (local, pulled, imported…).
        image_source: Text,
        isolation: Isolation,
        /// The runtime (Linux) or isolation mode (Windows) the engine reported for it.
        runtime: String,
        state: String,
    },
    /// A container the learner started (an exercise), found by its name.
    /// Never created, stopped or removed by proofbook.
    Adopted {
        id: String,
        name: String,
        image: String,
        /// The runtime (Linux) or isolation mode (Windows) the engine reports for it.
        runtime: String,
        state: String,
    },
    Top {
        container_id: String,
        titles: Vec<String>,
        rows: Vec<Vec<String>>,
        processes: Vec<ProcInfo>,
    },
    HostProcesses {
        /// What the table was filtered by.
        filter: Text,
        processes: Vec<ProcInfo>,
        /// What the table was asked for, so a judge knows which absences mean
        /// something. Absent in records older than the field: the judge then
        /// reads it from the step's request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<HostQuery>,
    },
    Exec {
        stdout: String,
        stderr: String,
        exit_code: Option<i64>,
    },
    HostRegistry {
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        exists: bool,
    },
    // Boxed: the host description is several times the size of any other evidence.
    HostInfo(Box<HostInfo>),
    HostFile {
        path: String,
        exists: bool,
    },
}

/// What a host process table was asked for: processes with one of these
/// names, or with one of these PIDs; neither means every process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct HostQuery {
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub pids: Vec<u32>,
}

impl HostQuery {
    pub fn all(&self) -> bool {
        self.names.is_empty() && self.pids.is_empty()
    }
    /// Whether every host process answering to `name` is in the table.
    pub(crate) fn covers_name(&self, name: &str) -> bool {
        let want = normalize_name(name);
        self.all() || self.names.iter().any(|n| normalize_name(n) == want)
    }
    /// Whether the table would hold PID `pid` if the host had a process
    /// `name` there: only then does its absence say something.
    pub(crate) fn would_hold(&self, pid: u32, name: &str) -> bool {
        self.covers_name(name) || self.pids.contains(&pid)
    }
}

impl Evidence {
    /// The value of `field` (one of [`crate::lesson::evidence_fields`] of its action) as a claim compares it.
    pub fn field(&self, field: &str) -> Option<String> {
        let v = match (self, field) {
            (Evidence::Exec { stdout, .. }, "stdout") => stdout.trim().to_string(),
            (Evidence::Exec { stderr, .. }, "stderr") => stderr.trim().to_string(),
            (Evidence::Exec { exit_code, .. }, "exit_code") => (*exit_code)?.to_string(),
            (Evidence::HostFile { exists, .. }, "exists") => exists.to_string(),
            (Evidence::HostFile { path, .. }, "path") => path.clone(),
            (Evidence::HostRegistry { exists, .. }, "exists") => exists.to_string(),
            (Evidence::HostRegistry { key, .. }, "key") => key.clone(),
            (Evidence::Container { id, .. }, "id") => id.clone(),
            (Evidence::Container { image, .. }, "image") => image.clone(),
            (Evidence::Container { runtime, .. }, "runtime") => runtime.clone(),
            (Evidence::Container { isolation, .. }, "isolation") => isolation.as_str().to_string(),
            (Evidence::Adopted { id, .. }, "id") => id.clone(),
            (Evidence::Adopted { name, .. }, "name") => name.clone(),
            (Evidence::Adopted { image, .. }, "image") => image.clone(),
            (Evidence::Adopted { runtime, .. }, "runtime") => runtime.clone(),
            (Evidence::Adopted { state, .. }, "state") => state.clone(),
            (Evidence::Top { processes, .. }, "pids") => join(processes.iter().map(|p| p.pid.to_string())),
            (Evidence::Top { processes, .. }, "names") => join(processes.iter().map(|p| p.name.clone())),
            (Evidence::HostInfo(h), f) => match f {
                "os" => h.os.clone(),
                "os_name" => h.os_name.clone(),
                "os_version" => h.os_version.clone(),
                "os_build" => h.os_build.clone(),
                "kernel" => h.kernel.clone(),
                "hostname" => h.hostname.clone(),
                "engine_version" => h.engine_version.clone(),
                "default_runtime" => h.default_runtime.clone(),
                // What a container sharing this kernel reports as its version:
                // `uname -r` on Linux; on Windows `ver` shows the build number.
                "kernel_release" => Some(if h.os == "windows" { &h.os_build } else { &h.kernel })
                    .filter(|v| !v.is_empty())?
                    .clone(),
                // An empty list means "not captured", never "no interfaces": no value then.
                "net_interfaces" => Some(h.net_interfaces.join(" ")).filter(|v| !v.is_empty())?,
                _ => return None,
            },
            _ => return None,
        };
        Some(v)
    }
}

fn join(it: impl Iterator<Item = String>) -> String {
    it.collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Proven,
    Refuted,
    NotRun,
    Timeout,
    Error,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Proven => "proven",
            Verdict::Refuted => "refuted",
            Verdict::NotRun => "not-run",
            Verdict::Timeout => "timeout",
            Verdict::Error => "error",
        }
    }
    /// Whether this verdict makes `build` exit 1.
    pub fn is_failure(self) -> bool {
        matches!(self, Verdict::Refuted | Verdict::Error | Verdict::Timeout)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimResult {
    pub id: String,
    pub says: String,
    pub check: String,
    pub verdict: Verdict,
    /// Why, in terms of the evidence: which PIDs, names, counts were compared.
    pub reason: Text,
    /// Step ids whose evidence decided it.
    pub evidence: Vec<String>,
}

impl StepRecord {
    /// A step whose evidence came from elsewhere (a transcript, a test): no
    /// timings and no command lines of its own.
    pub fn captured(request: Step, evidence: Evidence) -> StepRecord {
        StepRecord::made_elsewhere(request, StepOutcome::Ok, Some(evidence))
    }

    /// A step this run did not run (a stale step, one a transcript lacks), with why.
    pub(crate) fn not_run(request: &Step, reason: crate::messages::Text) -> StepRecord {
        StepRecord::made_elsewhere(request.clone(), StepOutcome::NotRun { reason }, None)
    }

    fn made_elsewhere(request: Step, outcome: StepOutcome, evidence: Option<Evidence>) -> StepRecord {
        StepRecord {
            id: request.id.clone(),
            action: request.action.name().to_string(),
            request,
            cli: String::new(),
            host_cli: None,
            outcome,
            evidence,
            started_at: String::new(),
            duration_ms: 0,
            cut: Vec::new(),
        }
    }
}

impl Evidence {
    /// The id of the container a `run` or `adopt` step found or started.
    pub fn container_id(&self) -> Option<&str> {
        match self {
            Evidence::Container { id, .. } | Evidence::Adopted { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl RunRecord {
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.id == id)
    }
    pub fn key(&self) -> String {
        format!("{}/{}", self.lang, self.lesson)
    }
    pub fn file_name(&self) -> String {
        format!("{}.{}.json", self.lesson, self.lang)
    }

    /// The notice beside claim `id` when its stored verdict was overruled
    /// (`crate::rejudge`): what the record says, what its evidence says, why.
    pub(crate) fn overruled_notice(&self, id: &str) -> Option<Text> {
        let o = self.overruled.iter().find(|o| o.claim == id)?;
        let now = self.claims.iter().find(|c| c.id == id)?;
        Some(
            crate::messages::Msg::Overruled {
                stored: o.stored.as_str().into(),
                judged: now.verdict.as_str().into(),
                reason: Box::new(now.reason.clone()),
            }
            .into(),
        )
    }

    /// One warning per overruled claim, naming the record's file and the claim.
    pub(crate) fn overruled_warnings(&self) -> Vec<Text> {
        use crate::messages::Msg;
        let file = if self.file.0.is_empty() {
            self.file_name()
        } else {
            self.file.0.clone()
        };
        let (file, stored) = (&file, |o: &Overruled| o.stored.as_str().to_string());
        self.overruled
            .iter()
            .map(|o| match self.overruled_notice(&o.claim) {
                Some(n) => Msg::OverruledClaim {
                    file: file.clone(),
                    claim: o.claim.clone(),
                    notice: Box::new(n),
                }
                .into(),
                None => Msg::ResultWithoutClaim {
                    file: file.clone(),
                    claim: o.claim.clone(),
                    stored: stored(o),
                }
                .into(),
            })
            .collect()
    }
}

pub fn write_record(dir: &Path, record: &RunRecord) -> std::io::Result<std::path::PathBuf> {
    let path = dir.join(record.file_name());
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    crate::write::write_within(dir, &path, &json)?;
    Ok(path)
}

#[cfg(test)]
mod cap_tests {
    use super::*;

    #[test]
    fn capped_keeps_the_first_bytes_and_counts_the_rest() {
        let mut c = Capped::new(5);
        c.push(b"abc");
        c.push(b"defgh");
        c.push(&[b'x'; 1000]);
        let (text, cut) = c.finish("stdout");
        assert_eq!(text, "abcde");
        assert_eq!(
            cut,
            Some(Cut {
                stream: "stdout".into(),
                kept: 5,
                cut: 1003
            })
        );
        let mut small = Capped::new(5);
        small.push(b"abc");
        assert_eq!(small.finish("stderr"), ("abc".to_string(), None));
    }

    #[test]
    fn cap_rows_keeps_whole_rows_that_fit() {
        let rows = vec!["aaaa", "bb", "c", "dddddd"];
        let (kept, cut) = cap_rows(rows, 6, "top", |r| r.len());
        assert_eq!(kept, vec!["aaaa", "bb"]);
        // A row that would fit after one that did not is not kept: rows stay a prefix.
        assert_eq!(cut.map(|c| (c.kept, c.cut)), Some((6, 7)));
    }

    #[test]
    fn a_record_without_cut_reads_as_nothing_cut() {
        let step = StepRecord::captured(
            Step {
                id: "s".into(),
                line: 1,
                timeout: None,
                action: crate::lesson::Action::HostInfo(Default::default()),
            },
            Evidence::HostFile {
                path: "/".into(),
                exists: true,
            },
        );
        let json = serde_json::to_string(&step).unwrap();
        assert!(!json.contains("\"cut\""), "{json}");
        let back: StepRecord = serde_json::from_str(&json).unwrap();
        assert!(back.cut.is_empty());
    }
}
