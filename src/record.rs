//! The run record: everything one lesson's run captured, and the verdicts
//! judged from it. It is the seam between running and rendering: `render`
//! and `diff` read nothing else.

use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::lesson::Step;
use crate::lesson::{Field, HostInfoField};
use crate::messages::Text;
use crate::platform::{Isolation, Os};
// Re-exported: records hold them, and readers of records name them from here.
pub(crate) use crate::platform::IsolationBinding;
pub use crate::process::{normalize_name, program_name, short_id, ProcInfo};

mod capped;
mod read;
pub mod store;
pub(crate) use capped::cap_rows;
pub use capped::{Capped, DEFAULT_MAX_OUTPUT};
pub use read::{read_record, MAX_RECORD_BYTES};
pub use store::HostRecords;

/// Bumped when a record written now could not be read by an older proofbook.
pub const SCHEMA: u32 = 3;

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
    /// The OS of the containers the engine runs: `linux` or `windows`
    /// (which of a lesson's per-OS values applied, how the evidence reads).
    pub os: Os,
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
    /// Which stream was cut.
    pub stream: Stream,
    /// Bytes kept.
    pub kept: u64,
    /// Bytes read after those and not kept.
    pub cut: u64,
}

/// A captured stream that can be cut at the build's cap.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// An exec's standard output.
    Stdout,
    /// An exec's standard error.
    Stderr,
    /// The rows of the engine's `top` table.
    Top,
    /// The rows of the host's process table.
    HostProcesses,
}

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
    /// The value of the field named `field` (see [`crate::lesson::Field`])
    /// as a claim compares it; None when this evidence has no such field.
    pub fn field(&self, field: &str) -> Option<String> {
        self.read(Field::parse(self.action(), field)?)
    }

    /// The name of the action whose step captures this kind of evidence.
    pub fn action(&self) -> &'static str {
        match self {
            Evidence::Container { .. } => "run",
            Evidence::Adopted { .. } => "adopt",
            Evidence::Top { .. } => "top",
            Evidence::HostProcesses { .. } => "host_processes",
            Evidence::Exec { .. } => "exec",
            Evidence::HostRegistry { .. } => "host_registry",
            Evidence::HostInfo(_) => "host_info",
            Evidence::HostFile { .. } => "host_file",
        }
    }

    /// The value of `field`; None when it is another action's field, or
    /// the evidence holds no value for it. Each action's fields are matched
    /// exhaustively: a field added to the table must be read here.
    fn read(&self, field: Field) -> Option<String> {
        use crate::lesson::{
            AdoptField as A, ExecField as X, HostFileField as F, HostRegistryField as G, RunField as R, TopField as T,
        };
        let v = match (self, field) {
            (
                Evidence::Exec {
                    stdout,
                    stderr,
                    exit_code,
                },
                Field::Exec(f),
            ) => match f {
                X::Stdout => stdout.trim().to_string(),
                X::Stderr => stderr.trim().to_string(),
                X::ExitCode => (*exit_code)?.to_string(),
            },
            (Evidence::HostFile { exists, path }, Field::HostFile(f)) => match f {
                F::Exists => exists.to_string(),
                F::Path => path.clone(),
            },
            (Evidence::HostRegistry { exists, key, .. }, Field::HostRegistry(f)) => match f {
                G::Exists => exists.to_string(),
                G::Key => key.clone(),
            },
            (
                Evidence::Container {
                    id,
                    image,
                    runtime,
                    isolation,
                    ..
                },
                Field::Run(f),
            ) => match f {
                R::Id => id.clone(),
                R::Image => image.clone(),
                R::Runtime => runtime.clone(),
                R::Isolation => isolation.as_str().to_string(),
            },
            (
                Evidence::Adopted {
                    id,
                    name,
                    image,
                    runtime,
                    state,
                },
                Field::Adopt(f),
            ) => match f {
                A::Id => id.clone(),
                A::Name => name.clone(),
                A::Image => image.clone(),
                A::Runtime => runtime.clone(),
                A::State => state.clone(),
            },
            (Evidence::Top { processes, .. }, Field::Top(f)) => match f {
                T::Pids => join(processes.iter().map(|p| p.pid.to_string())),
                T::Names => join(processes.iter().map(|p| p.name.clone())),
            },
            (Evidence::HostInfo(h), Field::HostInfo(f)) => return h.read(f),
            _ => return None,
        };
        Some(v)
    }
}

impl HostInfo {
    fn read(&self, field: HostInfoField) -> Option<String> {
        use HostInfoField as H;
        let v = match field {
            H::Os => self.os.as_str().to_string(),
            H::OsName => self.os_name.clone(),
            H::OsVersion => self.os_version.clone(),
            H::OsBuild => self.os_build.clone(),
            H::Kernel => self.kernel.clone(),
            H::Hostname => self.hostname.clone(),
            H::EngineVersion => self.engine_version.clone(),
            H::DefaultRuntime => self.default_runtime.clone(),
            // What a container sharing this kernel reports as its version:
            // `uname -r` on Linux; on Windows `ver` shows the build number.
            H::KernelRelease => Some(match self.os {
                Os::Windows => &self.os_build,
                Os::Linux => &self.kernel,
            })
            .filter(|v| !v.is_empty())?
            .clone(),
            // An empty list means "not captured", never "no interfaces": no value then.
            H::NetInterfaces => Some(self.net_interfaces.join(" ")).filter(|v| !v.is_empty())?,
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
    /// The step's action (`run`, `top`, `exec`, …), as its request says.
    /// Records of schema 1 and 2 also stored it beside the request; it is
    /// not read from there (the request is what was run).
    pub fn action(&self) -> &'static str {
        self.request.action.name()
    }

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
mod tests;
