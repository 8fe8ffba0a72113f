//! Windows hosts the reader does not have: output recorded on real Windows
//! machines and in Microsoft's documentation (the seeds), shipped with
//! proofbook and turned into run records, one recorded host per transcript
//! (`hosts::ALL`, re-exported as `transcripts::ALL`): a reader's Windows Server 2019 host, Microsoft
//! Learn's isolation example, and the Windows Server Technical Preview's
//! Hyper-V container documentation.
//!
//! Only the *captures* are shipped (tests/fixtures/windows/, compiled in); they
//! are parsed with the same `platform::windows` readers a Windows run would use,
//! and every claim is judged by `claims::judge` like a live one. A lesson step
//! the transcript has no capture for, or whose request differs from what the
//! transcript ran, is not run — never filled in; a claim its captures cannot
//! decide (a table taken while the container was not running, a capture that
//! shows only some processes, one output pasted twice) is not run with why.

mod hosts;

use crate::claims::{self, EvidenceSet};
use crate::lesson::{Action, Check, Claim, HostProcessesAction, Isolation, Lesson, RunAction, Step, TopAction};
use crate::messages::{Msg, Text};
use crate::platform::{self, windows, Os};
use crate::record::HostRecords;
use crate::record::{self, ClaimResult, Evidence, HostInfo, Provenance, RunRecord, StepRecord};

pub use hosts::{fixtures, ALL, DOCS, TECH_PREVIEW, WS2019};

/// The folder label of the Windows Server 2019 recorded host (`hosts/<label>/…`).
pub const LABEL: &str = WS2019.label;

/// Whether a host label is one of the recorded hosts' (a records folder that
/// already holds them is not given them twice).
pub(crate) fn is_recorded_label(label: &str) -> bool {
    ALL.iter().any(|t| t.label == label)
}

/// One recorded host: where its captures come from and which lesson step
/// each answers.
#[derive(Clone)]
pub struct Transcript {
    /// The host's label in the book (`windows-server-2019-recorded`, …), as a records folder's name would be.
    pub label: &'static str,
    run_id: &'static str,
    /// The host's Windows build; empty when the transcript does not show it.
    build: &'static str,
    host: fn() -> HostInfo,
    /// Where the transcript comes from and what it cannot show.
    note: fn() -> Msg,
    /// lesson id, step id → the capture that answers it. Each entry is still
    /// checked against the step's request: a lesson that changes the step
    /// gets "not run", not a capture of something else.
    steps: &'static [(&'static str, &'static str, Source)],
}

/// A container the transcript started.
#[derive(Clone)]
struct RecordedRun {
    isolation: Isolation,
    /// Its name in the transcript; host tables say which names ran (`HostTables::running`).
    name: &'static str,
    /// Its id as the transcript shows it (a capture of `docker run -d`, or
    /// the id `docker top` was given); its name when none is shown.
    id: &'static str,
    image: &'static str,
    /// How it was started, as typed.
    typed: &'static str,
    started: Started,
}

#[derive(Clone)]
enum Started {
    /// `docker run` with this command.
    Docker {
        command: &'static [&'static str],
        /// The transcript shows the image in `docker images`.
        listed_by_docker_images: bool,
    },
    /// The Technical Preview's `New-Container`: the image's own command, no docker.
    NewContainer,
}

/// A process listing of a container the transcript started.
#[derive(Clone)]
struct TopCapture {
    run: &'static RecordedRun,
    capture: &'static str,
    /// What was typed, when it was not `docker top <id>` (a listing taken
    /// inside the container, read with the `Get-Process` reader).
    typed: Option<&'static str>,
    /// The only process names it lists, when the transcript cut it down
    /// (an abbreviated `docker top`, a listing filtered by name).
    shows: Option<&'static [&'static str]>,
}

impl TopCapture {
    const fn docker_top(run: &'static RecordedRun, capture: &'static str) -> TopCapture {
        TopCapture {
            run,
            capture,
            typed: None,
            shows: None,
        }
    }
}

/// Host process tables taken at one moment of the transcript.
#[derive(Clone)]
struct HostTables {
    captures: &'static [Capture],
    when: When,
    /// The names of the transcript's containers that were running then.
    running: &'static [&'static str],
}

/// One host process listing: the name it looked up, how, and its output.
#[derive(Clone)]
struct Capture {
    name: &'static str,
    lookup: Lookup,
    text: &'static str,
}

#[derive(Clone)]
enum Lookup {
    /// `Get-Process -Name <name>`.
    ByName,
    /// Another command listing every process of that name.
    Typed(&'static str),
}

impl Capture {
    const fn by_name(name: &'static str, text: &'static str) -> Capture {
        Capture {
            name,
            lookup: Lookup::ByName,
            text,
        }
    }

    fn typed(&self) -> String {
        match self.lookup {
            Lookup::ByName => format!("Get-Process -Name {}", self.name),
            Lookup::Typed(t) => t.to_string(),
        }
    }
}

#[derive(Clone)]
enum Source {
    /// The host as the transcript describes it (`Transcript::host`).
    HostInfo,
    Run(RecordedRun),
    Top(TopCapture),
    HostProcesses(HostTables),
}

/// When in the transcript a host table was taken.
#[derive(Clone)]
enum When {
    BothRunning,
    BeforeHyperv,
    DocsProcessExample,
    DocsHypervExample,
    TpProcessRunning,
    TpHypervRunning,
}

impl When {
    fn msg(&self) -> Msg {
        match self {
            When::BothRunning => Msg::TranscriptBothRunning,
            When::BeforeHyperv => Msg::TranscriptBeforeHyperv,
            When::DocsProcessExample => Msg::TranscriptDocsProcessExample,
            When::DocsHypervExample => Msg::TranscriptDocsHypervExample,
            When::TpProcessRunning => Msg::TranscriptTpProcessRunning,
            When::TpHypervRunning => Msg::TranscriptTpHypervRunning,
        }
    }
}

/// The Windows Server 2019 host as its transcript states it.
pub fn host_info() -> HostInfo {
    (WS2019.host)()
}

/// One recorded host per transcript, each with a record for every lesson
/// given; `[]` without lessons.
pub fn windows_hosts(lessons: &[Lesson]) -> Vec<HostRecords> {
    if lessons.is_empty() {
        return Vec::new();
    }
    ALL.iter()
        .map(|t| HostRecords {
            label: t.label.to_string(),
            records: lessons.iter().map(|l| t.record_for(l)).collect(),
        })
        .collect()
}

/// The claims of a stored record made from a shipped transcript (found by
/// its run id), judged again from the record's own evidence with that
/// transcript's rules of what its captures cannot decide; None for any other
/// record, which is judged as a run judges.
pub(crate) fn judge_again(r: &RunRecord) -> Option<Vec<ClaimResult>> {
    if !matches!(r.provenance, Provenance::Recorded { .. }) {
        return None;
    }
    let t = ALL.iter().find(|t| t.run_id == r.run_id)?;
    Some(t.judge_all(&r.doc, &r.host, &r.steps))
}

/// The run record the Windows Server 2019 transcript yields for one lesson.
pub fn record_for(lesson: &Lesson) -> RunRecord {
    WS2019.record_for(lesson)
}

impl Transcript {
    /// The run record this transcript yields for one lesson, claims judged from it.
    pub fn record_for(&self, lesson: &Lesson) -> RunRecord {
        let host = (self.host)();
        let mut steps: Vec<StepRecord> = Vec::new();
        for step in lesson.steps() {
            let rec = match self.source(&lesson.meta.lesson, &step.id) {
                None => StepRecord::not_run(step, Msg::NotInTranscript.into()),
                Some(src) => match self.evidence_for(step, src, &steps, &host) {
                    Ok(built) => built.into_record(step),
                    Err(reason) => StepRecord::not_run(step, reason),
                },
            };
            steps.push(rec);
        }
        let claims = self.judge_all(lesson, &host, &steps);
        RunRecord {
            schema: record::SCHEMA,
            run_id: self.run_id.into(),
            lesson: lesson.meta.lesson.clone(),
            lang: lesson.meta.lang.clone(),
            title: lesson.meta.title.clone(),
            source: lesson.path.clone(),
            doc: lesson.clone(),
            provenance: Provenance::Recorded {
                note: (self.note)().into(),
            },
            fingerprint: crate::freshness::Fingerprint::of(lesson, &host),
            host,
            started_at: String::new(),
            duration_ms: 0,
            steps,
            claims,
            verified: None,
            derived: Default::default(),
        }
    }

    /// Every claim of the lesson: not run when the captures cannot decide it,
    /// else judged by the claims code like live evidence.
    fn judge_all(&self, lesson: &Lesson, host: &HostInfo, steps: &[StepRecord]) -> Vec<ClaimResult> {
        let ev = EvidenceSet::on_host(Os::Windows, steps, &host.isolation);
        let id = lesson.meta.lesson.as_str();
        claims::judge_lesson(lesson, &ev, |c| {
            self.unanswerable(c, id)
                .or_else(|| self.top_shows_too_little(c, id))
                .or_else(|| self.not_running(c, id))
                .or_else(|| self.undecidable_count(c, id))
                .map(Text::from)
        })
    }

    fn source(&self, lesson: &str, step: &str) -> Option<&'static Source> {
        self.steps
            .iter()
            .find(|(l, s, _)| *l == lesson && *s == step)
            .map(|(_, _, src)| src)
    }

    fn tables(&self, lesson: &str, step: &str) -> Option<&'static HostTables> {
        match self.source(lesson, step) {
            Some(Source::HostProcesses(t)) => Some(t),
            _ => None,
        }
    }

    /// The transcript's host tables list only the processes of the names
    /// looked up. A claim that looks up any other process in them would be
    /// judged on an absence the transcript never observed, so it is not
    /// judged at all.
    fn unanswerable(&self, claim: &Claim, lesson: &str) -> Option<Msg> {
        for id in claim.check.steps() {
            let Some(tables) = self.tables(lesson, id) else {
                continue;
            };
            let have: Vec<String> = tables.captures.iter().map(|c| c.name.to_string()).collect();
            let wanted: Option<String> = match &claim.check {
                Check::VisibleOnHost { process, .. } | Check::HiddenFromHost { process, .. } => {
                    process.for_os(Os::Windows)
                }
                Check::HostProcessCount { name, .. } => match name {
                    Some(n) => n.for_os(Os::Windows),
                    None => Some(windows::VM_WORKER.to_string()),
                },
                _ => {
                    return Some(Msg::TranscriptTablesCannotAnswer {
                        names: have,
                        kind: claim.check.kind().to_string(),
                    })
                }
            };
            if let Some(n) = wanted.filter(|n| !covers(&have, n)) {
                return Some(Msg::TranscriptTablesLack {
                    names: have,
                    process: n,
                });
            }
        }
        None
    }

    /// A process listing the transcript cut down to some names (Microsoft's
    /// abbreviated `docker top`, a listing filtered to `csrss`) answers only
    /// claims about those names: any other process may have been left out.
    fn top_shows_too_little(&self, claim: &Claim, lesson: &str) -> Option<Msg> {
        for id in claim.check.steps() {
            let Some(Source::Top(TopCapture { shows: Some(shows), .. })) = self.source(lesson, id) else {
                continue;
            };
            let shown: Vec<String> = shows.iter().map(|s| s.to_string()).collect();
            // A claim with no Windows form is the claims code's to decline.
            let asked: Vec<String> = match &claim.check {
                Check::VisibleOnHost { process, .. }
                | Check::HiddenFromHost { process, .. }
                | Check::PidIs { process, .. }
                | Check::PidIsNot { process, .. }
                | Check::PidNumbering { process, .. } => vec![process.for_os(Os::Windows)?],
                Check::TopLists { names, .. } | Check::Lists { names, .. } => names.for_os(Os::Windows)?,
                _ => Vec::new(),
            };
            let lacking: Vec<String> = asked.iter().filter(|n| !covers(&shown, n)).cloned().collect();
            if asked.is_empty() || !lacking.is_empty() {
                return Some(Msg::TranscriptListingShowsOnly {
                    step: id.to_string(),
                    shown,
                    asked: lacking,
                });
            }
        }
        None
    }

    /// A claim that looks for a container's processes in a host table taken
    /// while that container was not running (the documentation's separate
    /// demonstrations) would be judged on an absence the table could not show.
    fn not_running(&self, claim: &Claim, lesson: &str) -> Option<Msg> {
        let (host, containers): (&str, Vec<&str>) = match &claim.check {
            Check::VisibleOnHost { top, host, .. } | Check::HiddenFromHost { top, host, .. } => (host, vec![top]),
            Check::HostProcessCount { host, containers, .. } => (host, containers.iter().map(String::as_str).collect()),
            _ => return None,
        };
        let tables = self.tables(lesson, host)?;
        containers.into_iter().find_map(|step| {
            let run = match self.source(lesson, step)? {
                Source::Top(t) => t.run,
                Source::Run(r) => r,
                _ => return None,
            };
            (!tables.running.contains(&run.name)).then(|| Msg::TranscriptNotRunning {
                host: host.to_string(),
                step: step.to_string(),
                container: run.name.to_string(),
                when: tables.when.msg().boxed(),
            })
        })
    }

    /// A worker count read against a `before` table needs two captures of the
    /// workers taken at different times. Identical captures (same PIDs, same CPU
    /// seconds: a running VM worker's CPU time grows) are one output shown twice,
    /// which can neither prove nor refute that a worker appeared.
    fn undecidable_count(&self, claim: &Claim, lesson: &str) -> Option<Msg> {
        let Check::HostProcessCount {
            host,
            before: Some(before),
            name,
            ..
        } = &claim.check
        else {
            return None;
        };
        let worker = name
            .as_ref()
            .and_then(|n| n.for_os(Os::Windows))
            .unwrap_or_else(|| windows::VM_WORKER.to_string());
        let capture = |step: &str| {
            self.tables(lesson, step)?
                .captures
                .iter()
                .find(|c| same_name(c.name, &worker))
                .map(|c| normalized(c.text))
        };
        let (after, earlier) = (capture(host)?, capture(before)?);
        if after != earlier || after.is_empty() {
            return None;
        }
        let pids = earlier
            .iter()
            .flat_map(|l| windows::parse_get_process(l))
            .map(|p| p.pid)
            .collect();
        Some(Msg::TranscriptSameCaptures {
            before: before.clone(),
            host: host.clone(),
            worker,
            pids,
        })
    }

    /// The evidence a capture gives for a step, or why it does not answer that step.
    fn evidence_for(&self, step: &Step, src: &Source, earlier: &[StepRecord], host: &HostInfo) -> Result<Built, Text> {
        match (src, &step.action) {
            (Source::HostInfo, Action::HostInfo(_)) => Ok(Built {
                evidence: Evidence::HostInfo(Box::new(host.clone())),
                cli: "docker images".into(),
                host_cli: None,
            }),
            (Source::Run(r), Action::Run(run)) => self.run_evidence(r, run),
            (Source::Top(t), Action::Top(top)) => top_evidence(t, top, earlier),
            (Source::HostProcesses(t), Action::HostProcesses(hp)) => host_evidence(t, hp),
            _ => Err(Msg::TranscriptOtherKind {
                action: step.action.name().to_string(),
            }
            .into()),
        }
    }

    /// A `run` step answered by a container the transcript started, when it
    /// asks for what the transcript ran.
    fn run_evidence(&self, r: &RecordedRun, run: &RunAction) -> Result<Built, Text> {
        let no_form = || Text::from(Msg::StepNoForm { os: "Windows".into() });
        let other = || Text::from(Msg::TranscriptRanOther { typed: r.typed.into() });
        if run.isolation != r.isolation {
            return Err(other());
        }
        let image_source = match r.started {
            Started::Docker {
                command,
                listed_by_docker_images,
            } => {
                let image = run.image.for_os(Os::Windows).ok_or_else(no_form)?;
                let image =
                    platform::expand_image(Os::Windows, &image, self.build, run.isolation).map_err(Text::from)?;
                let asked = run.command.for_os(Os::Windows).ok_or_else(no_form)?;
                if !same_build_base_image(&image, r.image) || asked != command {
                    return Err(other());
                }
                image_source(&image, r.image, listed_by_docker_images)
            }
            // The image's own command ran, not the lesson's: the claims that
            // read its listing are about the system processes it shows.
            Started::NewContainer => Msg::ImageNewContainer { image: r.image.into() },
        };
        Ok(Built {
            evidence: Evidence::Container {
                id: r.id.trim().to_string(),
                name: r.name.into(),
                image: r.image.into(),
                image_source: image_source.into(),
                isolation: r.isolation,
                runtime: r.isolation.as_str().into(),
                state: "running".into(),
            },
            cli: r.typed.into(),
            host_cli: None,
        })
    }
}

/// A step's evidence and the commands shown for it.
struct Built {
    evidence: Evidence,
    cli: String,
    host_cli: Option<String>,
}

impl Built {
    fn into_record(self, step: &Step) -> StepRecord {
        StepRecord {
            cli: self.cli,
            host_cli: self.host_cli,
            ..StepRecord::captured(step.clone(), self.evidence)
        }
    }
}

/// Where the image of a recorded `docker run` came from, and which image
/// stood in for the one the step asks for.
fn image_source(asked: &str, ran: &str, listed_by_docker_images: bool) -> Msg {
    match (asked == ran, listed_by_docker_images) {
        (true, true) => Msg::ImagePulledInTranscript,
        (false, true) => Msg::ImageOtherBaseInTranscript {
            asked: asked.into(),
            ran: ran.into(),
        },
        (true, false) => Msg::ImageInDocsExample,
        (false, false) => Msg::ImageOtherBaseInDocsExample {
            asked: asked.into(),
            ran: ran.into(),
        },
    }
}

/// A `top` step answered by a listing of the container an earlier step got
/// from the same transcript run.
fn top_evidence(t: &TopCapture, top: &TopAction, earlier: &[StepRecord]) -> Result<Built, Text> {
    let id = t.run.id.trim().to_string();
    let started = earlier
        .iter()
        .find(|s| s.id == top.container)
        .and_then(|s| s.evidence.as_ref())
        .and_then(Evidence::container_id);
    if started != Some(id.as_str()) {
        return Err(Msg::TranscriptOtherContainer {
            id: record::short_id(&id).to_string(),
        }
        .into());
    }
    let (titles, rows, processes) = match t.typed {
        None => {
            let (titles, rows) = windows::docker_top_table(t.capture);
            (titles, rows, windows::parse_docker_top(t.capture))
        }
        Some(_) => {
            let processes = windows::parse_get_process(t.capture);
            let rows = processes
                .iter()
                .map(|p| vec![p.pid.to_string(), p.name.clone()])
                .collect();
            (vec!["Id".into(), "ProcessName".into()], rows, processes)
        }
    };
    Ok(Built {
        cli: t
            .typed
            .map(str::to_string)
            .unwrap_or_else(|| format!("docker top {id}")),
        evidence: Evidence::Top {
            container_id: id,
            titles,
            rows,
            processes,
        },
        host_cli: None,
    })
}

/// A `host_processes` step answered by the tables taken at one moment: the
/// names it asks for that were looked up (claims about others are not judged,
/// `unanswerable`), or every table when it asks only for the PIDs of a
/// listing (a table of every process of a name holds those PIDs of that name).
fn host_evidence(t: &HostTables, hp: &HostProcessesAction) -> Result<Built, Text> {
    let wanted = hp.name.as_ref().and_then(|n| n.for_os(Os::Windows)).unwrap_or_default();
    if !hp.pids.is_empty() || (wanted.is_empty() && hp.pids_from.is_empty()) {
        return Err(Msg::TranscriptByNameOnly.into());
    }
    let used: Vec<&Capture> = t
        .captures
        .iter()
        .filter(|c| wanted.is_empty() || covers(&wanted, c.name))
        .collect();
    if used.is_empty() {
        return Err(Msg::TranscriptNoCapture { names: wanted }.into());
    }
    let names: Vec<String> = used.iter().map(|c| c.name.to_string()).collect();
    let when = t.when.msg().boxed();
    let pids_from = hp.pids_from.clone();
    let filter = match used[0].lookup {
        Lookup::ByName => Msg::FilterTranscript {
            names: names.clone(),
            when,
            pids_from,
        },
        Lookup::Typed(typed) => Msg::FilterTranscriptTyped {
            names: names.clone(),
            typed: typed.into(),
            when,
            pids_from,
        },
    };
    let host_cli = used.iter().map(|c| c.typed()).collect::<Vec<_>>().join("; ");
    Ok(Built {
        evidence: Evidence::HostProcesses {
            filter: filter.into(),
            processes: used.iter().flat_map(|c| windows::parse_get_process(c.text)).collect(),
            // Only name lookups were transcribed: that is all this table was asked for.
            query: Some(record::HostQuery {
                names,
                pids: Vec::new(),
            }),
        },
        cli: String::new(),
        host_cli: Some(host_cli),
    })
}

fn same_name(a: &str, b: &str) -> bool {
    record::normalize_name(a) == record::normalize_name(b)
}

fn covers(names: &[String], name: &str) -> bool {
    names.iter().any(|n| same_name(n, name))
}

/// A capture's data rows, whitespace collapsed (header and rule lines dropped).
fn normalized(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && !l.starts_with("Handles") && !l.starts_with('-'))
        .collect()
}

/// Server Core and Nano Server of one Windows build are the same Windows
/// build; the lessons use Server Core only where a step needs a tool Nano
/// Server lacks (`tasklist`), and no transcript ran such a step. A tag's
/// other spelling (`ltsc2019` for `1809`) is the same build too. Any other
/// image, or another build, is not what the transcript ran.
fn same_build_base_image(asked: &str, ran: &str) -> bool {
    let split = |image: &str| -> Option<(String, u32)> {
        let (repo, tag) = image.rsplit_once(':')?;
        let base = repo
            .strip_prefix("mcr.microsoft.com/windows/")
            .filter(|b| matches!(*b, "nanoserver" | "servercore"))?;
        Some((base.to_string(), windows::build_for_tag(tag)?))
    };
    asked == ran || matches!((split(asked), split(ran)), (Some((_, a)), Some((_, b))) if a == b)
}

#[cfg(test)]
mod tests;
