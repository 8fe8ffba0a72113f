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
mod derived;
mod read;
pub mod store;
pub(crate) use capped::cap_rows;
pub use capped::{Capped, DEFAULT_MAX_OUTPUT};
pub(crate) use derived::{Derived, Overruled, Staleness};
pub use read::{read_record, MAX_RECORD_BYTES};
pub use store::HostRecords;

/// Bumped when a record written now could not be read by an older proofbook.
/// docs/records.md says what each schema changed and how older ones read;
/// `record/tests.rs` pins the format written now (`tests/fixtures/records/schema-3.json`).
pub const SCHEMA: u32 = 3;

/// Everything one lesson's run captured on one host, and the verdicts judged from it:
/// what `render`, `diff` and `verify` read (docs/records.md describes the JSON).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RunRecord {
    /// The record format's version ([`SCHEMA`] when written by this proofbook).
    pub(crate) schema: u32,
    /// The build that made it: 12 hex digits shared by every lesson and engine of one
    /// build, and the `org.proofbook.run` label of its containers.
    pub run_id: String,
    /// The lesson's id; with `lang`, what the record is of (its file is `<lesson>.<lang>.json`).
    pub lesson: String,
    /// The language of the lesson file that ran (`en`, `ko`).
    pub lang: String,
    /// The lesson's title, as it was when it ran.
    pub title: String,
    /// The lesson file the run read, as given to `build`.
    pub(crate) source: String,
    /// The lesson as it was run: prose, steps and claims, so a book can be
    /// rendered from records alone.
    pub doc: crate::lesson::Lesson,
    /// The host the evidence came from: OS, kernel, engine, how isolation maps.
    pub host: HostInfo,
    /// Where the evidence came from: captured live on this host, or recorded
    /// elsewhere and shipped (e.g. the Windows transcripts).
    #[serde(default)]
    pub provenance: Provenance,
    /// When the lesson's run began (RFC 3339, UTC).
    pub(crate) started_at: String,
    /// How long the lesson's run took, in milliseconds.
    pub(crate) duration_ms: u64,
    /// Each step as it ran, in order, with its evidence.
    pub steps: Vec<StepRecord>,
    /// Each claim's verdict and why; judged again from `steps` whenever the record is read.
    pub claims: Vec<ClaimResult>,
    /// What the evidence depends on: the lesson's steps and claims, the host
    /// and engine (`crate::freshness`). Absent in older records: computed from `doc` and `host` then.
    #[serde(default, skip_serializing_if = "Fingerprint::is_empty")]
    pub(crate) fingerprint: Fingerprint,
    /// Set by `proofbook verify`: the exercise steps and claims of this record
    /// hold the learner's own evidence, captured from their containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) verified: Option<Verified>,
    /// What this proofbook found reading, judging and fitting the record
    /// (the file it came from, overruled verdicts, staleness): for showing
    /// it, never stored, and ignored when records are compared.
    #[serde(skip)]
    pub(crate) derived: Derived,
}

/// What a record's evidence depends on, hashed (`crate::freshness` makes and compares it).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub(crate) struct Fingerprint {
    /// Hash of the lesson's steps (id, timeout, action) and claims (id, check).
    #[serde(default)]
    pub(crate) lesson: String,
    /// Hash of the host and engine facts a verdict can depend on (see `HostKey`).
    #[serde(default)]
    pub(crate) host: String,
}

/// Which parts of a record `proofbook verify` captured from the learner's containers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Verified {
    /// When `verify` captured them (RFC 3339, UTC).
    pub(crate) at: String,
    /// The `verify` run's own id.
    pub(crate) run_id: String,
    /// The engine the learner's containers ran on.
    pub(crate) engine_endpoint: String,
    /// Ids of the exercise steps whose evidence is the learner's.
    pub(crate) steps: Vec<String>,
    /// Ids of the claims judged from that evidence.
    pub(crate) claims: Vec<String>,
}

/// Where a record's evidence came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Captured by this proofbook, on the host the record names.
    #[default]
    Live,
    /// Recorded elsewhere and shipped with proofbook (the Windows transcripts).
    Recorded {
        /// Where it was recorded and what the recording could not show.
        note: Text,
    },
}

/// The host a record's evidence came from. When proofbook ran on another
/// machine than the engine's, every fact is the engine's machine's (`elsewhere` says why).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct HostInfo {
    /// The OS of the containers the engine runs: `linux` or `windows`
    /// (which of a lesson's per-OS values applied, how the evidence reads).
    pub os: Os,
    /// The host's OS, e.g. `Linux (Debian GNU/Linux 12)`.
    pub os_name: String,
    /// The OS's version, as the OS or the engine gives it (`12`, `1809`).
    pub os_version: String,
    /// Windows build number (e.g. 20348); empty on Linux.
    pub os_build: String,
    /// Kernel version (on Windows, the build string).
    pub kernel: String,
    /// Host name of the engine's machine.
    pub hostname: String,
    /// The engine's endpoint, as proofbook reached it.
    pub engine_endpoint: String,
    /// The engine's version (`docker version`).
    pub engine_version: String,
    /// The API version the engine speaks.
    pub engine_api_version: String,
    /// The engine's own description of its OS (`docker info` OperatingSystem and OSVersion).
    pub engine_os: String,
    /// Runtimes registered with the engine (Linux: `runc`, `runsc`, …).
    pub runtimes: Vec<String>,
    /// The runtime a container gets when it asks for none.
    pub default_runtime: String,
    /// How each lesson isolation maps on this host, e.g. process → runc.
    pub isolation: Vec<IsolationBinding>,
    /// When these facts were taken (RFC 3339, UTC): the "evidence captured" time pages show.
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

/// One step as it ran: what was asked, what came back, how it ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StepRecord {
    /// The step's id in its lesson.
    pub id: String,
    /// The step as the lesson wrote it, so the record is judged against what
    /// actually ran (for a record a build wrote, the step of this id in `doc`).
    /// Its action is the step's action ([`StepRecord::action`]); schemas 1
    /// and 2 stored that again in an `action` field, no longer written or read.
    pub request: Step,
    /// The `docker …` command a reader would type for the same thing.
    pub cli: String,
    /// For host captures: the PowerShell / ps equivalent.
    pub host_cli: Option<String>,
    /// How the step ended: ran, did not run (and why), timed out, failed.
    pub outcome: StepOutcome,
    /// What came back; None unless the step came out ok.
    pub evidence: Option<Evidence>,
    /// When the step began (RFC 3339, UTC); empty for evidence made elsewhere.
    pub started_at: String,
    /// How long it took, in milliseconds.
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

/// How a step ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum StepOutcome {
    /// It ran and its evidence was captured.
    Ok,
    /// It was not run: a step it needs did not come out ok, it has no form for this host, …
    NotRun {
        /// Why, in words the reader can act on.
        reason: Text,
    },
    /// It outlasted its time limit.
    Timeout {
        /// How long it ran before it was stopped, in milliseconds.
        after_ms: u64,
    },
    /// The engine or the host failed it.
    Error {
        /// The failure, proofbook's words around the engine's or the OS's own.
        message: Text,
    },
}

impl StepOutcome {
    /// The outcome's name on pages and in `diff`: `ok`, `not-run`, `timeout`, `error`.
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

/// What a step captured, one kind per action (`run` → `Container`, …);
/// claims read nothing else.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A container a `run` step started.
    Container {
        /// The container's id.
        id: String,
        /// The name proofbook gave it.
        name: String,
        /// The image it actually ran (which may stand in for the one asked for).
        image: String,
        /// How the image was obtained (local, pulled, imported…).
        image_source: Text,
        /// The isolation mode the lesson asked for.
        isolation: Isolation,
        /// The runtime (Linux) or isolation mode (Windows) the engine reported for it.
        runtime: String,
        /// Its state as the engine reported it after starting (`running`, `exited`, …).
        state: String,
    },
    /// A container the learner started (an exercise), found by its name.
    /// Never created, stopped or removed by proofbook.
    Adopted {
        /// The container's id.
        id: String,
        /// The name the learner gave it.
        name: String,
        /// The image it runs.
        image: String,
        /// The runtime (Linux) or isolation mode (Windows) the engine reports for it.
        runtime: String,
        /// Its state as the engine reports it (`running`, `exited`, …).
        state: String,
    },
    /// A container's processes as the engine lists them (`docker top`).
    Top {
        /// The container listed.
        container_id: String,
        /// The table's column titles, as the engine gave them.
        titles: Vec<String>,
        /// The table's rows, verbatim.
        rows: Vec<Vec<String>>,
        /// The rows read as processes (PIDs as the engine numbers them: the host's, on Linux).
        processes: Vec<ProcInfo>,
    },
    /// This machine's own process table, filtered as the step asked.
    HostProcesses {
        /// What the table was filtered by.
        filter: Text,
        /// The processes kept.
        processes: Vec<ProcInfo>,
        /// What the table was asked for, so a judge knows which absences mean
        /// something. Absent in records older than the field: the judge then
        /// reads it from the step's request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<HostQuery>,
    },
    /// A command run inside a container.
    Exec {
        /// Its standard output (cut at the build's cap; `cut` on the step says so).
        stdout: String,
        /// Its standard error (cut the same way).
        stderr: String,
        /// Its exit code; None when the engine did not give one.
        exit_code: Option<i64>,
    },
    /// Whether the host's registry (Windows) has a key, or a value under it.
    HostRegistry {
        /// The key looked for.
        key: String,
        /// The value name looked for under it; absent when the step named none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        /// Whether it is there.
        exists: bool,
    },
    // Boxed: the host description is several times the size of any other evidence.
    /// The host's facts, as a `host_info` step took them.
    HostInfo(Box<HostInfo>),
    /// Whether a path exists on the host.
    HostFile {
        /// The path looked for.
        path: String,
        /// Whether it is there.
        exists: bool,
    },
}

/// What a host process table was asked for: processes with one of these
/// names, or with one of these PIDs; neither means every process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct HostQuery {
    /// Processes with one of these names (compared as process names compare).
    #[serde(default)]
    pub names: Vec<String>,
    /// Processes with one of these PIDs.
    #[serde(default)]
    pub pids: Vec<u32>,
}

impl HostQuery {
    /// Whether the table holds every process (no name and no PID asked for).
    pub(crate) fn all(&self) -> bool {
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
    pub(crate) fn field(&self, field: &str) -> Option<String> {
        self.read(Field::parse(self.action(), field)?)
    }

    /// The name of the action whose step captures this kind of evidence.
    pub(crate) fn action(&self) -> &'static str {
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

/// What the evidence says of a claim.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The evidence shows the claim holds.
    Proven,
    /// The evidence shows the claim does not hold.
    Refuted,
    /// A step the claim reads did not run, or the claim has no form for this host.
    NotRun,
    /// A step the claim reads timed out.
    Timeout,
    /// The evidence cannot decide it (a step failed, a value the check needs is missing).
    Error,
}

impl Verdict {
    /// As records and pages spell it: `proven`, `refuted`, `not-run`, `timeout`, `error`.
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

/// A claim's verdict on one host, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimResult {
    /// The claim's id in its lesson.
    pub id: String,
    /// The sentence claimed, in the lesson's language.
    pub says: String,
    /// The kind of check that decided it (`visible_on_host`, `compare`, …).
    pub check: String,
    /// What the evidence gives.
    pub verdict: Verdict,
    /// Why, in terms of the evidence: which PIDs, names, counts were compared.
    pub reason: Text,
    /// Step ids whose evidence decided it.
    pub(crate) evidence: Vec<String>,
}

impl StepRecord {
    /// The step's action (`run`, `top`, `exec`, …), as its request says.
    /// Records of schema 1 and 2 also stored it beside the request; it is
    /// not read from there (the request is what was run).
    pub(crate) fn action(&self) -> &'static str {
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
    pub(crate) fn container_id(&self) -> Option<&str> {
        match self {
            Evidence::Container { id, .. } | Evidence::Adopted { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl RunRecord {
    /// The step with this id, if the record has it.
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.id == id)
    }
    /// `<lang>/<lesson>`: unique among one host's records.
    pub(crate) fn key(&self) -> String {
        format!("{}/{}", self.lang, self.lesson)
    }
    /// The record's file name in its host's folder: `<lesson>.<lang>.json`.
    pub fn file_name(&self) -> String {
        format!("{}.{}.json", self.lesson, self.lang)
    }
}

/// Writes the record into `dir` as `<lesson>.<lang>.json`, replacing any
/// earlier one whole (never half a file); returns its path.
pub fn write_record(dir: &Path, record: &RunRecord) -> std::io::Result<std::path::PathBuf> {
    let path = dir.join(record.file_name());
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    crate::write::write_within(dir, &path, &json)?;
    Ok(path)
}

#[cfg(test)]
mod tests;
