//! Every sentence proofbook itself writes into a record — step statuses,
//! claim reasons, filter descriptions, image sources, notes — as a message id
//! with typed parameters. The record keeps the message, not its English text,
//! so a page renders it in its own language from the same evidence. One table
//! (`TEMPLATES`) holds each message in English and Korean.
//!
//! In a template, text between backticks is code (`<code>` on a page) and
//! `{name}` is a parameter. Parameters are substituted after the template is
//! split into code and prose, so a captured value holding a backtick or `<`
//! can never change the markup.

use serde::{Deserialize, Serialize};

mod claims;

pub(crate) use claims::{Inside, OnHost, ProcName, Relation, View, ViewKind};

/// A sentence in a record: a message, or — in records written before
/// messages existed, and for text that comes from elsewhere (an engine's
/// error) — plain English text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Text {
    Msg(Msg),
    Plain(String),
}

/// A Windows image tag the host cannot start (boxed: the largest message).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImageMismatch {
    pub tag: String,
    pub image_build: String,
    pub isolation: String,
    pub host: String,
    pub build: String,
    /// The image is newer than the host (no isolation starts it).
    pub newer: bool,
    pub usable: String,
}

/// One kind of sentence and the evidence it is made from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum Msg {
    // Why a step did not run.
    StepMissing {
        step: String,
    },
    NeedsUnrunStep {
        step: String,
        reason: Box<Text>,
    },
    NeedsFailedStep {
        step: String,
        timed_out: bool,
    },
    NoIsolationMapping {
        isolation: String,
    },
    StepOnlyFor {
        only: String,
        os: String,
    },
    StepNoForm {
        os: String,
    },
    ClaimOnlyFor {
        only: String,
        os: String,
    },
    ClaimNoForm {
        os: String,
    },
    EngineNotLocalProcesses {
        endpoint: String,
        why: Box<Text>,
    },
    EngineNotLocalFiles {
        endpoint: String,
        why: Box<Text>,
    },
    NoContainerStarted {
        step: String,
    },
    // A stored verdict its record's own evidence does not give (src/rejudge.rs;
    // templates in `claims::TEMPLATES`). Verdicts are their ids (`proven`, …).
    Overruled {
        stored: String,
        judged: String,
        reason: Box<Text>,
    },
    OverruledClaim {
        file: String,
        claim: String,
        notice: Box<Text>,
    },
    ResultWithoutClaim {
        file: String,
        claim: String,
        stored: String,
    },
    // Claim reasons (src/claims, `claims::TEMPLATES`): why a claim came out as it did.
    ClaimStepNotRun {
        step: String,
        reason: Box<Text>,
    },
    ClaimStepTimedOut {
        step: String,
        after: Box<Text>,
    },
    ClaimStepFailed {
        step: String,
        message: Box<Text>,
    },
    StepNoField {
        step: String,
        field: String,
    },
    CompareCut {
        step: String,
    },
    CompareEmptyRight,
    Compared {
        left: String,
        relation: Relation,
        right: String,
        holds: bool,
    },
    ViewCut {
        view: View,
    },
    ViewEmpty {
        view: View,
    },
    ViewNotAsked {
        view: View,
        pids: Vec<u32>,
        name: String,
    },
    ViewNotCounted {
        view: View,
        name: String,
    },
    TopLists {
        names: Vec<String>,
    },
    TopLacks {
        missing: Vec<String>,
        listed: Vec<ProcName>,
    },
    ViewLists {
        view: View,
        found: Vec<ProcName>,
    },
    ViewLacks {
        view: View,
        missing: Vec<String>,
        listed: Vec<ProcName>,
    },
    PidIs {
        view: View,
        pid: u32,
        name: String,
        cmd: String,
    },
    PidIsOther {
        view: View,
        pid: u32,
        got: String,
        name: String,
    },
    PidMissing {
        view: View,
        pid: u32,
        listed: Vec<ProcName>,
    },
    PidIsItself {
        view: View,
        pid: u32,
        name: String,
    },
    PidIsOtherThan {
        view: View,
        pid: u32,
        got: String,
        cmd: String,
        name: String,
    },
    PidMissingCannotShow {
        view: View,
        pid: u32,
    },
    TopNoName {
        name: String,
        listed: Vec<ProcName>,
    },
    SameProcessOnHost {
        name: String,
        pid: u32,
        host_name: String,
    },
    NotOnHost {
        name: String,
        facts: Vec<OnHost>,
    },
    TopEmpty,
    TopNoNameNotSandboxed {
        name: String,
        listed: Vec<ProcName>,
    },
    WorkloadOnHost {
        pid: u32,
        name: String,
    },
    HiddenFromHost {
        listed: Vec<ProcName>,
        seen: Vec<OnHost>,
        name: String,
    },
    NoSandboxWorker,
    /// Facts that together decide a claim, each its own sentence.
    Facts {
        parts: Vec<Text>,
    },
    CountTotal {
        total: usize,
        name: String,
    },
    CountSince {
        before: String,
        new: Vec<u32>,
        earlier: Vec<u32>,
        need: usize,
        containers: usize,
    },
    CountOfContainer {
        n: usize,
        step: String,
        id: String,
    },
    CountUntied {
        need: usize,
        containers: usize,
    },
    CountAtLeast {
        min: usize,
    },
    CountAtMost {
        max: usize,
    },
    ZeroPerContainer,
    NumberingNoName {
        view: View,
        name: String,
        listed: Vec<ProcName>,
    },
    NumberingOutsideLacks {
        inside: Box<Inside>,
        outside: View,
        listed: Vec<ProcName>,
    },
    NumberingOwn {
        inside: Box<Inside>,
        outside: View,
        pids: Vec<u32>,
    },
    NumberingSameNumber {
        inside: Box<Inside>,
        outside: View,
        pids: Vec<u32>,
    },
    NumberingShared {
        inside: Box<Inside>,
        outside: View,
        pids: Vec<u32>,
        /// Whether the inside PIDs are among `pids`.
        same: bool,
        /// The outside view names no such process: its PIDs are compared as they are.
        unnamed: bool,
    },
    // End of the claim reasons.
    // Exercises: containers the learner starts.
    ExerciseBuild {
        lesson: String,
    },
    ExerciseNotPart,
    AdoptMissing {
        name: String,
        command: String,
    },
    AdoptNotRunning {
        name: String,
        status: String,
        command: String,
    },
    // What a host process table was filtered by.
    FilterAll,
    FilterAny {
        parts: Vec<Text>,
    },
    FilterName {
        names: Vec<String>,
    },
    FilterPidsFrom {
        steps: Vec<String>,
        pids: Vec<u32>,
        unrun: Vec<String>,
    },
    FilterPids {
        pids: Vec<u32>,
    },
    FilterTranscript {
        names: Vec<String>,
        when: Box<Text>,
        pids_from: Vec<String>,
    },
    TranscriptBothRunning,
    TranscriptBeforeHyperv,
    // Where a container's image came from.
    ImageLocal,
    ImageLocalBase,
    ImagePulled,
    ImageImported,
    ImageStandsIn {
        source: Box<Text>,
        image: String,
    },
    ImagePulledInTranscript,
    ImageOtherBaseInTranscript {
        asked: String,
        ran: String,
    },
    // The recorded Windows host.
    RecordedWs2019Note,
    NotInTranscript,
    TranscriptRanOther {
        typed: String,
    },
    TranscriptOtherContainer {
        id: String,
    },
    TranscriptByNameOnly,
    TranscriptNoCapture {
        names: Vec<String>,
    },
    TranscriptOtherKind {
        action: String,
    },
    TranscriptTablesCannotAnswer {
        names: Vec<String>,
        kind: String,
    },
    TranscriptTablesLack {
        names: Vec<String>,
        process: String,
    },
    TranscriptSameCaptures {
        before: String,
        host: String,
        worker: String,
        pids: Vec<u32>,
    },
    // Evidence kept from a run made for an earlier form of the lesson.
    StaleClaim {
        run: String,
    },
    StaleStep {
        run: String,
    },
    // `proofbook check`: a link or image whose scheme a page refuses (render::links).
    LinkShownAsText {
        url: String,
    },
    // Windows image tags (the version table in platform::windows).
    NoImageTag {
        why: Box<Text>,
        known: String,
    },
    NoTagClientProcess {
        host: String,
    },
    NoTagForIsolation {
        host: String,
        isolation: String,
    },
    NoTagUnknownBuild {
        build: String,
    },
    NoTagOlderBuild {
        build: String,
    },
    ImageTagCannotStart(Box<ImageMismatch>),
    // The host's registry.
    EngineNotLocalRegistry {
        endpoint: String,
        why: Box<Text>,
    },
    NoRegistryHere,
    // win (issue 14): the recorded hosts of every transcript, and sentences
    // of the Windows path (engine locality, Hyper-V, exec start).
    RecordedDocsNote,
    RecordedTpNote,
    TranscriptDocsProcessExample,
    TranscriptDocsHypervExample,
    TranscriptTpProcessRunning,
    TranscriptTpHypervRunning,
    FilterTranscriptTyped {
        names: Vec<String>,
        typed: String,
        when: Box<Text>,
        pids_from: Vec<String>,
    },
    TranscriptListingShowsOnly {
        step: String,
        shown: Vec<String>,
        asked: Vec<String>,
    },
    TranscriptNotRunning {
        host: String,
        step: String,
        container: String,
        when: Box<Text>,
    },
    ImageNewContainer {
        image: String,
    },
    ImageInDocsExample,
    ImageOtherBaseInDocsExample {
        asked: String,
        ran: String,
    },
    // win: sentences of the Windows path (Hyper-V, engine locality, exec start, engine failures).
    HypervFix,
    HypervUnavailable {
        error: String,
        fix: Box<Text>,
    },
    RuntimeForcedMissing {
        runtime: String,
        registered: String,
    },
    NoSandboxRuntime,
    EngineOtherOs {
        engine_os: String,
        here_os: String,
    },
    /// proofbook on macOS: Docker Desktop's engine lives in a Linux VM.
    EngineInMacVm,
    EngineNoName,
    EngineOtherName {
        engine: String,
        here: String,
    },
    EngineOtherMemory {
        engine_mib: String,
        here_mib: String,
    },
    EngineContainerPidMissing {
        name: String,
        pid: String,
    },
    ExecStartFailed {
        program: String,
        code: String,
        said: String,
    },
    EngineLost {
        endpoint: String,
        detail: String,
    },
    EngineNoAnswer {
        endpoint: String,
        secs: String,
    },
    EngineStatus {
        status: String,
        message: String,
    },
    ImageNotPulled {
        image: String,
        pull: Box<Text>,
    },
    ImageNotBuilt {
        image: String,
        pull: Box<Text>,
        build: Box<Text>,
    },
    PullsOff,
    NoStaticBusybox,
    BaseImageTar {
        detail: String,
    },
    PullTookTooLong {
        image: String,
        secs: String,
    },
    RegistryReadFailed {
        key: String,
        code: String,
    },
    HostTableFailed {
        detail: String,
    },
    HostUsersFailed {
        detail: String,
    },
    // end win
    // Said on pages only.
    EngineAt {
        engine: String,
        endpoint: String,
    },
    Seconds {
        seconds: String,
    },
}

/// How a parameter is written into a sentence.
enum Arg<'a> {
    /// A captured value, written as it is.
    Val(String),
    /// Another sentence, in the same language.
    Text(&'a Text),
    /// Sentences joined by "or" in the page's language.
    AnyOf(&'a [Text]),
    /// Another template of a table, with its own parameters.
    Sub(&'static str, Vec<(&'static str, Arg<'a>)>),
    /// Parts joined by punctuation that both languages use.
    Join(Vec<Arg<'a>>, &'static str),
}

fn list(v: &[String]) -> String {
    v.join(", ")
}

fn pids(v: &[u32]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

impl Msg {
    /// The message's id (its serde tag) and its parameters.
    fn args(&self) -> (&'static str, Vec<(&'static str, Arg<'_>)>) {
        let grouped = self
            .claim_args()
            .or_else(|| self.later_args())
            .or_else(|| self.tag_args())
            .or_else(|| self.filter_args());
        if let Some(a) = grouped {
            return a;
        }
        use Arg::*;
        let v = |s: &String| Val(s.clone());
        match self {
            Msg::StepMissing { step } => ("step_missing", vec![("step", v(step))]),
            Msg::NeedsUnrunStep { step, reason } => {
                ("needs_unrun_step", vec![("step", v(step)), ("reason", Text(reason))])
            }
            Msg::NeedsFailedStep { step, timed_out: true } => ("needs_timed_out_step", vec![("step", v(step))]),
            Msg::NeedsFailedStep { step, timed_out: false } => ("needs_failed_step", vec![("step", v(step))]),
            Msg::NoIsolationMapping { isolation } => ("no_isolation_mapping", vec![("isolation", v(isolation))]),
            Msg::StepOnlyFor { only, os } => ("step_only_for", vec![("only", v(only)), ("os", v(os))]),
            Msg::StepNoForm { os } => ("step_no_form", vec![("os", v(os))]),
            Msg::ClaimOnlyFor { only, os } => ("claim_only_for", vec![("only", v(only)), ("os", v(os))]),
            Msg::ClaimNoForm { os } => ("claim_no_form", vec![("os", v(os))]),
            Msg::EngineNotLocalProcesses { endpoint, why } => (
                "engine_not_local_processes",
                vec![("endpoint", v(endpoint)), ("why", Text(why))],
            ),
            Msg::EngineNotLocalFiles { endpoint, why } => (
                "engine_not_local_files",
                vec![("endpoint", v(endpoint)), ("why", Text(why))],
            ),
            Msg::NoContainerStarted { step } => ("no_container_started", vec![("step", v(step))]),
            Msg::ExerciseBuild { lesson } => ("exercise_build", vec![("lesson", v(lesson))]),
            Msg::ExerciseNotPart => ("exercise_not_part", vec![]),
            Msg::AdoptMissing { name, command } => ("adopt_missing", vec![("name", v(name)), ("command", v(command))]),
            Msg::AdoptNotRunning { name, status, command } => (
                "adopt_not_running",
                vec![("name", v(name)), ("status", v(status)), ("command", v(command))],
            ),
            Msg::ImageLocal => ("image_local", vec![]),
            Msg::ImageLocalBase => ("image_local_base", vec![]),
            Msg::ImagePulled => ("image_pulled", vec![]),
            Msg::ImageImported => ("image_imported", vec![]),
            Msg::ImageStandsIn { source, image } => {
                ("image_stands_in", vec![("source", Text(source)), ("image", v(image))])
            }
            Msg::ImagePulledInTranscript => ("image_pulled_in_transcript", vec![]),
            Msg::ImageOtherBaseInTranscript { asked, ran } => (
                "image_other_base_in_transcript",
                vec![("asked", v(asked)), ("ran", v(ran))],
            ),
            // Every other kind is in one of the groups above.
            _ => unreachable!("message {self:?} has no arguments"),
        }
    }

    /// The recorded host, stale evidence, page-only sentences.
    fn later_args(&self) -> Option<(&'static str, Vec<(&'static str, Arg<'_>)>)> {
        use Arg::*;
        let v = |s: &String| Val(s.clone());
        Some(match self {
            Msg::TranscriptSameCaptures {
                before,
                host,
                worker,
                pids: p,
            } => (
                "transcript_same_captures",
                vec![
                    ("before", v(before)),
                    ("host", v(host)),
                    ("worker", v(worker)),
                    ("pids", Val(pids(p))),
                ],
            ),
            Msg::RecordedWs2019Note => ("recorded_ws2019_note", vec![]),
            Msg::NotInTranscript => ("not_in_transcript", vec![]),
            Msg::TranscriptRanOther { typed } => ("transcript_ran_other", vec![("typed", v(typed))]),
            Msg::TranscriptOtherContainer { id } => ("transcript_other_container", vec![("id", v(id))]),
            Msg::TranscriptByNameOnly => ("transcript_by_name_only", vec![]),
            Msg::TranscriptNoCapture { names } => ("transcript_no_capture", vec![("names", Val(list(names)))]),
            Msg::TranscriptOtherKind { action } => ("transcript_other_kind", vec![("action", v(action))]),
            Msg::TranscriptTablesCannotAnswer { names, kind } => (
                "transcript_tables_cannot_answer",
                vec![("names", Val(list(names))), ("kind", v(kind))],
            ),
            Msg::TranscriptTablesLack { names, process } => (
                "transcript_tables_lack",
                vec![("names", Val(list(names))), ("process", v(process))],
            ),
            Msg::StaleClaim { run } => ("stale_claim", vec![("run", v(run))]),
            Msg::StaleStep { run } => ("stale_step", vec![("run", v(run))]),
            Msg::LinkShownAsText { url } => ("link_shown_as_text", vec![("url", v(url))]),
            // win (issue 14)
            Msg::RecordedDocsNote
            | Msg::RecordedTpNote
            | Msg::TranscriptDocsProcessExample
            | Msg::TranscriptDocsHypervExample
            | Msg::TranscriptTpProcessRunning
            | Msg::TranscriptTpHypervRunning
            | Msg::FilterTranscriptTyped { .. }
            | Msg::TranscriptListingShowsOnly { .. }
            | Msg::TranscriptNotRunning { .. }
            | Msg::ImageNewContainer { .. }
            | Msg::ImageInDocsExample
            | Msg::ImageOtherBaseInDocsExample { .. } => self.win_args(),
            Msg::HypervFix
            | Msg::HypervUnavailable { .. }
            | Msg::RuntimeForcedMissing { .. }
            | Msg::NoSandboxRuntime
            | Msg::EngineOtherOs { .. }
            | Msg::EngineInMacVm
            | Msg::EngineNoName
            | Msg::EngineOtherName { .. }
            | Msg::EngineOtherMemory { .. }
            | Msg::EngineContainerPidMissing { .. }
            | Msg::ExecStartFailed { .. }
            | Msg::EngineLost { .. }
            | Msg::EngineNoAnswer { .. }
            | Msg::EngineStatus { .. }
            | Msg::ImageNotPulled { .. }
            | Msg::ImageNotBuilt { .. }
            | Msg::PullsOff
            | Msg::NoStaticBusybox
            | Msg::BaseImageTar { .. }
            | Msg::PullTookTooLong { .. }
            | Msg::RegistryReadFailed { .. }
            | Msg::HostTableFailed { .. }
            | Msg::HostUsersFailed { .. } => self.windows_path_args(),
            Msg::EngineAt { engine, endpoint } => ("engine_at", vec![("engine", v(engine)), ("endpoint", v(endpoint))]),
            Msg::Seconds { seconds } => ("seconds", vec![("seconds", v(seconds))]),
            _ => return None,
        })
    }
}

impl Msg {
    /// What a host process table was filtered by.
    fn filter_args(&self) -> Option<(&'static str, Vec<(&'static str, Arg<'_>)>)> {
        use Arg::*;
        Some(match self {
            Msg::FilterAll => ("filter_all", vec![]),
            Msg::FilterAny { parts } => ("filter_any", vec![("parts", AnyOf(parts))]),
            Msg::FilterName { names } => ("filter_name", vec![("names", Val(list(names)))]),
            Msg::FilterPidsFrom { steps, pids: p, unrun } if unrun.is_empty() => (
                "filter_pids_from",
                vec![("steps", Val(list(steps))), ("pids", Val(pids(p)))],
            ),
            Msg::FilterPidsFrom { steps, pids: p, unrun } => (
                "filter_pids_from_unrun",
                vec![
                    ("steps", Val(list(steps))),
                    ("pids", Val(pids(p))),
                    ("unrun", Val(list(unrun))),
                ],
            ),
            Msg::FilterPids { pids: p } => ("filter_pids", vec![("pids", Val(pids(p)))]),
            Msg::FilterTranscript { names, when, pids_from } if pids_from.is_empty() => (
                "filter_transcript",
                vec![("names", Val(list(names))), ("when", Text(when))],
            ),
            Msg::FilterTranscript { names, when, pids_from } => (
                "filter_transcript_no_pid_lookup",
                vec![
                    ("names", Val(list(names))),
                    ("when", Text(when)),
                    ("steps", Val(list(pids_from))),
                ],
            ),
            Msg::TranscriptBothRunning => ("transcript_both_running", vec![]),
            Msg::TranscriptBeforeHyperv => ("transcript_before_hyperv", vec![]),
            _ => return None,
        })
    }
}

impl Msg {
    /// Windows image tags and the host's registry.
    fn tag_args(&self) -> Option<(&'static str, Vec<(&'static str, Arg<'_>)>)> {
        use Arg::*;
        let v = |s: &String| Val(s.clone());
        Some(match self {
            Msg::NoImageTag { why, known } => ("no_image_tag", vec![("why", Text(why)), ("known", v(known))]),
            Msg::NoTagClientProcess { host } => ("no_tag_client_process", vec![("host", v(host))]),
            Msg::NoTagForIsolation { host, isolation } => (
                "no_tag_for_isolation",
                vec![("host", v(host)), ("isolation", v(isolation))],
            ),
            Msg::NoTagUnknownBuild { build } => ("no_tag_unknown_build", vec![("build", v(build))]),
            Msg::NoTagOlderBuild { build } => ("no_tag_older_build", vec![("build", v(build))]),
            Msg::ImageTagCannotStart(m) => {
                let ImageMismatch {
                    tag,
                    image_build,
                    isolation,
                    host,
                    build,
                    newer,
                    usable,
                } = m.as_ref();
                (
                    if *newer {
                        "image_newer_than_host"
                    } else {
                        "image_other_build"
                    },
                    vec![
                        ("tag", v(tag)),
                        ("image_build", v(image_build)),
                        ("isolation", v(isolation)),
                        ("host", v(host)),
                        ("build", v(build)),
                        ("usable", v(usable)),
                    ],
                )
            }
            Msg::EngineNotLocalRegistry { endpoint, why } => (
                "engine_not_local_registry",
                vec![("endpoint", v(endpoint)), ("why", Text(why))],
            ),
            Msg::NoRegistryHere => ("no_registry_here", vec![]),
            _ => return None,
        })
    }
}

impl Msg {
    /// The parameters of the recorded hosts' and the Windows path's messages (issue 14).
    fn win_args(&self) -> (&'static str, Vec<(&'static str, Arg<'_>)>) {
        use Arg::*;
        let v = |s: &String| Val(s.clone());
        match self {
            Msg::RecordedDocsNote => ("recorded_docs_note", vec![]),
            Msg::RecordedTpNote => ("recorded_tp_note", vec![]),
            Msg::TranscriptDocsProcessExample => ("transcript_docs_process_example", vec![]),
            Msg::TranscriptDocsHypervExample => ("transcript_docs_hyperv_example", vec![]),
            Msg::TranscriptTpProcessRunning => ("transcript_tp_process_running", vec![]),
            Msg::TranscriptTpHypervRunning => ("transcript_tp_hyperv_running", vec![]),
            Msg::FilterTranscriptTyped {
                names,
                typed,
                when,
                pids_from,
            } => (
                if pids_from.is_empty() {
                    "filter_transcript_typed"
                } else {
                    "filter_transcript_typed_no_pid_lookup"
                },
                vec![
                    ("names", Val(list(names))),
                    ("typed", v(typed)),
                    ("when", Text(when)),
                    ("steps", Val(list(pids_from))),
                ],
            ),
            Msg::TranscriptListingShowsOnly { step, shown, asked } => (
                if asked.is_empty() {
                    "transcript_listing_cannot_answer"
                } else {
                    "transcript_listing_shows_only"
                },
                vec![
                    ("step", v(step)),
                    ("shown", Val(list(shown))),
                    ("asked", Val(list(asked))),
                ],
            ),
            Msg::TranscriptNotRunning {
                host,
                step,
                container,
                when,
            } => (
                "transcript_not_running",
                vec![
                    ("host", v(host)),
                    ("step", v(step)),
                    ("container", v(container)),
                    ("when", Text(when)),
                ],
            ),
            Msg::ImageNewContainer { image } => ("image_new_container", vec![("image", v(image))]),
            Msg::ImageInDocsExample => ("image_in_docs_example", vec![]),
            Msg::ImageOtherBaseInDocsExample { asked, ran } => (
                "image_other_base_in_docs_example",
                vec![("asked", v(asked)), ("ran", v(ran))],
            ),
            _ => unreachable!("win_args is called for the issue 14 messages only"),
        }
    }

    /// The parameters of the Windows path's messages (issue 14).
    fn windows_path_args(&self) -> (&'static str, Vec<(&'static str, Arg<'_>)>) {
        use Arg::*;
        let v = |s: &String| Val(s.clone());
        match self {
            Msg::HypervFix => ("hyperv_fix", vec![]),
            Msg::HypervUnavailable { error, fix } => {
                ("hyperv_unavailable", vec![("error", v(error)), ("fix", Text(fix))])
            }
            Msg::RuntimeForcedMissing { runtime, registered } => (
                "runtime_forced_missing",
                vec![("runtime", v(runtime)), ("registered", v(registered))],
            ),
            Msg::NoSandboxRuntime => (
                "no_sandbox_runtime",
                vec![(
                    "config",
                    Val(r#"{"runtimes":{"runsc":{"path":"/usr/bin/runsc"}}}"#.into()),
                )],
            ),
            Msg::EngineOtherOs { engine_os, here_os } => (
                "engine_other_os",
                vec![("engine_os", v(engine_os)), ("here_os", v(here_os))],
            ),
            Msg::EngineInMacVm => ("engine_in_mac_vm", vec![]),
            Msg::EngineNoName => ("engine_no_name", vec![]),
            Msg::EngineOtherName { engine, here } => {
                ("engine_other_name", vec![("engine", v(engine)), ("here", v(here))])
            }
            Msg::EngineOtherMemory { engine_mib, here_mib } => (
                "engine_other_memory",
                vec![("engine_mib", v(engine_mib)), ("here_mib", v(here_mib))],
            ),
            Msg::EngineContainerPidMissing { name, pid } => {
                ("engine_container_pid_missing", vec![("name", v(name)), ("pid", v(pid))])
            }
            Msg::ExecStartFailed { program, code, said } => (
                "exec_start_failed",
                vec![("program", v(program)), ("code", v(code)), ("said", v(said))],
            ),
            Msg::EngineLost { endpoint, detail } => {
                ("engine_lost", vec![("endpoint", v(endpoint)), ("detail", v(detail))])
            }
            Msg::EngineNoAnswer { endpoint, secs } => {
                ("engine_no_answer", vec![("endpoint", v(endpoint)), ("secs", v(secs))])
            }
            Msg::EngineStatus { status, message } => {
                ("engine_status", vec![("status", v(status)), ("message", v(message))])
            }
            Msg::ImageNotPulled { image, pull } => {
                ("image_not_pulled", vec![("image", v(image)), ("pull", Text(pull))])
            }
            Msg::ImageNotBuilt { image, pull, build } => (
                "image_not_built",
                vec![("image", v(image)), ("pull", Text(pull)), ("build", Text(build))],
            ),
            Msg::PullsOff => ("pulls_off", vec![]),
            Msg::NoStaticBusybox => ("no_static_busybox", vec![]),
            Msg::BaseImageTar { detail } => ("base_image_tar", vec![("detail", v(detail))]),
            Msg::PullTookTooLong { image, secs } => {
                ("pull_took_too_long", vec![("image", v(image)), ("secs", v(secs))])
            }
            Msg::RegistryReadFailed { key, code } => ("registry_read_failed", vec![("key", v(key)), ("code", v(code))]),
            Msg::HostTableFailed { detail } => ("host_table_failed", vec![("detail", v(detail))]),
            Msg::HostUsersFailed { detail } => ("host_users_failed", vec![("detail", v(detail))]),
            _ => unreachable!("windows_path_args is called for the Windows path's messages only"),
        }
    }
}

/// id, English, Korean. The Korean is written as a Korean engineer would
/// say it, not translated word by word; parameters may move.
const TEMPLATES: &[(&str, &str, &str)] = &[
    ("step_missing", "step `{step}` was not run", "`{step}` 단계가 실행되지 않았습니다"),
    (
        "needs_unrun_step",
        "it needs step `{step}`, which did not run: {reason}",
        "`{step}` 단계가 필요한데 그 단계가 실행되지 않았습니다: {reason}",
    ),
    (
        "needs_timed_out_step",
        "it needs step `{step}`, which timed out",
        "`{step}` 단계가 필요한데 그 단계가 시간 초과로 끝났습니다",
    ),
    (
        "needs_failed_step",
        "it needs step `{step}`, which ended in an error",
        "`{step}` 단계가 필요한데 그 단계가 오류로 끝났습니다",
    ),
    (
        "no_isolation_mapping",
        "this host has no mapping for `{isolation}` isolation",
        "이 호스트에는 `{isolation}` 격리에 대응하는 실행 방식이 없습니다",
    ),
    (
        "step_only_for",
        "{only}-only: the lesson gives this step no {os} form, so it is not run on a {os} host",
        "{only} 전용 단계입니다. 레슨에 {os}용 형식이 없으므로 {os} 호스트에서는 실행하지 않습니다",
    ),
    (
        "step_no_form",
        "the lesson gives this step no form for {os} hosts",
        "레슨에 이 단계의 {os} 호스트용 형식이 없습니다",
    ),
    (
        "claim_only_for",
        "{only}-only: the lesson gives this claim no {os} form, so it is not checked on a {os} host",
        "{only} 전용 주장입니다. 레슨에 {os}용 형식이 없으므로 {os} 호스트에서는 확인하지 않습니다",
    ),
    (
        "claim_no_form",
        "the lesson gives this claim no form for {os} hosts",
        "레슨에 이 주장의 {os} 호스트용 형식이 없습니다",
    ),
    (
        "engine_not_local_processes",
        "the engine at {endpoint} is not on this machine ({why}), so its host's process table cannot be read from here",
        "{endpoint}의 엔진은 이 컴퓨터에 있지 않으므로({why}) 그 호스트의 프로세스 목록을 여기서 읽을 수 없습니다",
    ),
    (
        "engine_not_local_files",
        "the engine at {endpoint} is not on this machine ({why}), so its host's files cannot be read from here",
        "{endpoint}의 엔진은 이 컴퓨터에 있지 않으므로({why}) 그 호스트의 파일을 여기서 읽을 수 없습니다",
    ),
    (
        "no_container_started",
        "step `{step}` started no container",
        "`{step}` 단계에서 시작된 컨테이너가 없습니다",
    ),
    ("filter_all", "all processes", "모든 프로세스"),
    ("filter_any", "{parts}", "{parts}"),
    ("filter_name", "name {names}", "이름이 {names}인 프로세스"),
    ("filter_pids_from", "PIDs reported by {steps} ({pids})", "{steps} 단계가 보고한 PID({pids})"),
    (
        "filter_pids_from_unrun",
        "PIDs reported by {steps} ({pids}; {unrun} did not run)",
        "{steps} 단계가 보고한 PID({pids}; {unrun} 단계는 실행되지 않음)",
    ),
    ("filter_pids", "PID {pids}", "PID {pids}"),
    (
        "filter_transcript",
        "name {names} (`Get-Process -Name`, {when})",
        "이름이 {names}인 프로세스(`Get-Process -Name`, {when})",
    ),
    (
        "filter_transcript_no_pid_lookup",
        "name {names} (`Get-Process -Name`, {when}); the transcript has no lookup by the PIDs of {steps}, but every process with these names is listed",
        "이름이 {names}인 프로세스(`Get-Process -Name`, {when}). 기록에는 {steps} 단계의 PID로 찾은 결과가 없지만, 이 이름의 프로세스는 모두 나와 있습니다",
    ),
    (
        "transcript_both_running",
        "taken with both containers running",
        "두 컨테이너가 모두 실행 중일 때 수집",
    ),
    (
        "transcript_before_hyperv",
        "taken before the Hyper-V container started",
        "Hyper-V 컨테이너를 시작하기 전에 수집",
    ),
    ("image_local", "local", "이 호스트에 있던 이미지"),
    (
        "image_local_base",
        "proofbook's base image, already on this host",
        "이 호스트에 이미 있던 proofbook 기본 이미지",
    ),
    ("image_pulled", "pulled", "레지스트리에서 받은 이미지"),
    (
        "image_imported",
        "imported (built from the host's static busybox)",
        "호스트의 정적 busybox로 만들어 가져온 이미지",
    ),
    ("image_stands_in", "{source} (stands in for `{image}`)", "{source}(`{image}` 대신 사용)"),
    (
        "image_pulled_in_transcript",
        "pulled (`docker pull`, listed by `docker images` in the transcript)",
        "레지스트리에서 받은 이미지(기록의 `docker pull`, `docker images` 출력)",
    ),
    (
        "image_other_base_in_transcript",
        "pulled (`docker pull`, listed by `docker images` in the transcript); this step asks for `{asked}`, the transcript ran `{ran}`: the same Windows build and isolation, the other base image",
        "레지스트리에서 받은 이미지(기록의 `docker pull`, `docker images` 출력). 이 단계는 `{asked}` 이미지를 요청하지만 기록에서 실행한 이미지는 `{ran}`입니다. Windows 빌드와 격리 방식은 같고 기본 이미지만 다릅니다",
    ),
    (
        "recorded_ws2019_note",
        "A published transcript of a Windows Server 2019 host (build 17763) running one nanoserver:1809 container with process \
         isolation and one with Hyper-V isolation. It lists the same two vmwp processes (4368, 6584) with the same CPU seconds \
         before and after the Hyper-V container started; a running VM worker's CPU time grows, so the output was most likely \
         pasted twice. The transcript therefore cannot show whether a worker appeared, and the worker-count claims are not run. \
         Steps where a lesson asks for the Server Core image read the nanoserver capture of the same build (1809); the evidence \
         names the image that actually ran.",
        "Windows Server 2019(빌드 17763) 호스트에서 nanoserver:1809 컨테이너를 프로세스 격리와 Hyper-V 격리로 하나씩 실행한 공개 기록입니다. \
         Hyper-V 컨테이너를 시작하기 전과 후의 출력에 똑같은 vmwp 프로세스 두 개(4368, 6584)가 CPU 시간까지 같게 나옵니다. \
         실행 중인 VM 작업자 프로세스의 CPU 시간은 계속 늘어나므로, 같은 출력을 두 번 붙여 넣었을 가능성이 큽니다. \
         그래서 이 기록으로는 새 작업자 프로세스가 생겼는지 판단할 수 없고, 작업자 수에 대한 주장은 실행하지 않음으로 표시합니다. \
         레슨이 Server Core 이미지를 요청하는 단계에는 같은 빌드(1809)의 nanoserver 기록을 쓰고, 실제로 실행된 이미지를 증거에 적어 둡니다.",
    ),
    ("not_in_transcript", "not in the recorded transcript", "기록에 없는 단계입니다"),
    (
        "exercise_build",
        "an exercise: start the container yourself, then run `proofbook verify {lesson}`",
        "실습입니다. 컨테이너를 직접 실행한 다음 `proofbook verify {lesson} --lang ko`를 실행하세요",
    ),
    (
        "exercise_not_part",
        "not part of an exercise: `proofbook verify` leaves it to `proofbook build`",
        "실습이 아니므로 `proofbook verify`는 실행하지 않습니다. `proofbook build`가 실행합니다",
    ),
    (
        "adopt_missing",
        "container `{name}` is missing: start it with `{command}`",
        "`{name}` 컨테이너가 없습니다. 다음 명령으로 실행하세요: `{command}`",
    ),
    (
        "adopt_not_running",
        "container `{name}` is not running (it is {status}): remove it with `docker rm {name}`, then start it with `{command}`",
        "`{name}` 컨테이너가 실행 중이 아닙니다(상태: {status}). `docker rm {name}`으로 지운 다음 다시 실행하세요: `{command}`",
    ),
    (
        "transcript_ran_other",
        "the recorded transcript ran `{typed}`, which is not what this step asks for",
        "기록에서 실행한 명령(`{typed}`)은 이 단계가 요청한 것과 다릅니다",
    ),
    (
        "transcript_other_container",
        "the recorded transcript lists container {id}, which is not what this step asks for",
        "기록에 나온 컨테이너({id})는 이 단계가 요청한 컨테이너가 아닙니다",
    ),
    (
        "transcript_by_name_only",
        "the recorded transcript looked host processes up by name only, which is not what this step asks for",
        "기록은 호스트 프로세스를 이름으로만 찾았으므로 이 단계의 요청과 맞지 않습니다",
    ),
    (
        "transcript_no_capture",
        "the recorded transcript has no `Get-Process -Name` capture for {names}, which is not what this step asks for",
        "기록에는 {names}에 대한 `Get-Process -Name` 출력이 없어 이 단계의 요청에 답할 수 없습니다",
    ),
    (
        "transcript_other_kind",
        "the recorded transcript has a different kind of capture than `{action}`, which is not what this step asks for",
        "기록에 있는 출력은 `{action}` 단계와 종류가 달라 이 단계의 요청에 답할 수 없습니다",
    ),
    (
        "transcript_tables_cannot_answer",
        "the recorded transcript's host tables list only {names} by name; a `{kind}` check cannot be answered from them",
        "기록의 호스트 프로세스 목록에는 이름으로 찾은 {names}만 있으므로 `{kind}` 확인에는 답할 수 없습니다",
    ),
    (
        "transcript_tables_lack",
        "the recorded transcript's host tables list only {names}, not `{process}`",
        "기록의 호스트 프로세스 목록에는 {names}만 있고 `{process}`는 없습니다",
    ),
    (
        "transcript_same_captures",
        "the transcript's `{before}` and `{host}` tables list the same {worker} processes ({pids}) with the same CPU seconds; a running worker's CPU time grows, so this is most likely one output pasted twice, and it cannot show whether a worker appeared",
        "기록의 `{before}` 표와 `{host}` 표에 나온 {worker} 프로세스({pids})가 CPU 시간까지 똑같습니다. 실행 중인 작업자 프로세스의 CPU 시간은 계속 늘어나므로 같은 출력을 두 번 붙여 넣은 것으로 보이며, 이 기록으로는 새 작업자 프로세스가 생겼는지 판단할 수 없습니다",
    ),
    (
        "stale_claim",
        "this claim changed after run {run}, and recorded evidence cannot judge it again; take fresh evidence with `proofbook build --changed`",
        "이 주장은 실행 {run} 이후에 바뀌었고, 기록된 증거로는 다시 판정할 수 없습니다. `proofbook build --changed`로 증거를 새로 수집하세요",
    ),
    (
        "stale_step",
        "run {run} recorded no evidence for this step as it is now; take it again with `proofbook build --changed`",
        "실행 {run}의 기록에는 지금의 이 단계에 맞는 증거가 없습니다. `proofbook build --changed`로 다시 수집하세요",
    ),
    (
        "link_shown_as_text",
        "warning: the link target `{url}` is shown as text, not as a link: a page keeps only `http:`, `https:` and `mailto:` targets, relative paths and `#fragments` live",
        "경고: 링크 대상 `{url}` 주소는 링크가 아니라 글자로 표시됩니다. 페이지에서 링크로 남는 대상은 `http:`, `https:`, `mailto:` 주소와 상대 경로, `#fragment` 뿐입니다",
    ),
    (
        "no_image_tag",
        "no Windows base image tag for this step: {why}. Known tags: {known}",
        "이 단계에 쓸 Windows 기본 이미지 태그가 없습니다. {why}. 알려진 태그: {known}",
    ),
    (
        "no_tag_client_process",
        "{host} runs no current Windows base image with process isolation (Microsoft's compatibility table lists none for it); run the step with Hyper-V isolation (`hyperv`)",
        "{host}는 현재의 어떤 Windows 기본 이미지도 프로세스 격리로 실행하지 못합니다(마이크로소프트의 호환성 표에 해당 항목이 없습니다). 이 단계는 Hyper-V 격리(`hyperv`)로 실행하세요",
    ),
    (
        "no_tag_for_isolation",
        "{host} runs no known base image with {isolation} isolation",
        "{host}는 알려진 기본 이미지 중 어느 것도 {isolation} 격리로 실행하지 못합니다",
    ),
    (
        "no_tag_unknown_build",
        "host build `{build}` is not in proofbook's Windows version table; process isolation needs an image of the host's own build (or one Microsoft documents as compatible), so no tag is guessed",
        "호스트 빌드 `{build}`는 proofbook의 Windows 버전 표에 없습니다. 프로세스 격리에는 호스트와 같은 빌드(또는 마이크로소프트가 호환된다고 밝힌 빌드)의 이미지가 필요하므로 태그를 짐작하지 않습니다",
    ),
    (
        "no_tag_older_build",
        "host build `{build}` is older than every known base image; Hyper-V isolation runs images of the host's build or an older one only",
        "호스트 빌드 `{build}`는 알려진 어떤 기본 이미지보다도 오래되었습니다. Hyper-V 격리는 호스트와 같거나 더 오래된 빌드의 이미지만 실행합니다",
    ),
    (
        "image_newer_than_host",
        "image tag `{tag}` (build {image_build}) cannot start with {isolation} isolation on {host} (build {build}): an image newer than the host starts with neither isolation mode. Tags this host runs with {isolation} isolation: {usable}",
        "이미지 태그 `{tag}`(빌드 {image_build})는 {host}(빌드 {build})에서 {isolation} 격리로 시작할 수 없습니다. 호스트보다 새로운 이미지는 어느 격리 모드로도 시작되지 않습니다. 이 호스트가 {isolation} 격리로 실행하는 태그: {usable}",
    ),
    (
        "image_other_build",
        "image tag `{tag}` (build {image_build}) cannot start with {isolation} isolation on {host} (build {build}): process isolation needs the host's own build or one Microsoft documents as compatible. Tags this host runs with {isolation} isolation: {usable}",
        "이미지 태그 `{tag}`(빌드 {image_build})는 {host}(빌드 {build})에서 {isolation} 격리로 시작할 수 없습니다. 프로세스 격리에는 호스트와 같은 빌드이거나 마이크로소프트가 호환된다고 밝힌 빌드의 이미지가 필요합니다. 이 호스트가 {isolation} 격리로 실행하는 태그: {usable}",
    ),
    (
        "engine_not_local_registry",
        "the engine at {endpoint} is not on this machine ({why}), so its host's registry cannot be read from here",
        "{endpoint}의 엔진은 이 컴퓨터에 있지 않으므로({why}) 그 호스트의 레지스트리를 여기서 읽을 수 없습니다",
    ),
    (
        "no_registry_here",
        "this host has no Windows registry: proofbook reads the registry of the Windows machine it runs on",
        "이 호스트에는 Windows 레지스트리가 없습니다. proofbook은 자신이 실행되는 Windows 머신의 레지스트리를 읽습니다",
    ),
    // win (issue 14): the recorded hosts of every transcript, and the Windows path.
    (
        "recorded_docs_note",
        "Microsoft Learn's \"Isolation modes\" example (its Korean page of 2018 and the current one show the same output), \
         on a Windows Server 2019 host (its images are build 17763): a `servercore:ltsc2019` container with process isolation \
         and one with Hyper-V isolation, each in a demonstration of its own. The page abbreviates `docker top` to the \
         workload's row, and took each demonstration's host tables while only that demonstration's container ran: a claim \
         about another process, or one that pairs a container with a table taken while it was not running, is not run. No \
         host table was taken before the Hyper-V container started, so the worker count is not run either.",
        "마이크로소프트 Learn의 \"격리 모드\" 문서 예제입니다(2018년 한국어 페이지와 현재 페이지의 출력이 같습니다). \
         이미지가 빌드 17763이므로 호스트는 Windows Server 2019입니다. `servercore:ltsc2019` 컨테이너를 프로세스 격리와 \
         Hyper-V 격리로 하나씩 실행하는데, 두 격리 방식을 따로 시연합니다. 문서는 `docker top` 출력을 워크로드 한 줄로 \
         줄였고, 호스트 프로세스 목록은 시연마다 그 시연의 컨테이너만 실행 중일 때 수집했습니다. 그래서 다른 프로세스에 \
         대한 주장이나, 실행 중이 아니던 컨테이너를 그때 수집한 목록과 비교하는 주장은 실행하지 않음으로 표시합니다. \
         Hyper-V 컨테이너를 시작하기 전의 목록이 없으므로 작업자 수에 대한 주장도 실행하지 않습니다.",
    ),
    (
        "recorded_tp_note",
        "The Windows Server 2016 Technical Preview documentation of Hyper-V containers: the host's `csrss` processes listed \
         while a Windows Server container (process isolation) runs and then while a Hyper-V container runs, and each \
         container's own `csrss` listed from a PowerShell session inside it. The preview had no `docker`: the containers were \
         made with `New-Container` (no command of the lesson ran in them), and the listing from inside stands in for \
         `docker top`, which on Windows lists the container's own processes. Every listing holds `csrss` only, so claims \
         about other processes are not run. The page names no build.",
        "Windows Server 2016 Technical Preview의 Hyper-V 컨테이너 문서입니다. Windows Server 컨테이너(프로세스 격리)가 \
         실행되는 동안, 이어서 Hyper-V 컨테이너가 실행되는 동안 호스트의 `csrss` 프로세스 목록을 수집하고, 각 컨테이너 안의 \
         PowerShell 세션에서 컨테이너 자신의 `csrss`를 조회합니다. 이 프리뷰에는 `docker`가 없어 컨테이너를 `New-Container`로 \
         만들었으므로(레슨의 명령은 실행되지 않았습니다), 컨테이너 안에서 조회한 목록을 `docker top` 대신 씁니다. \
         Windows의 `docker top`도 컨테이너 자신의 프로세스를 보여 줍니다. 모든 목록에 `csrss`만 있으므로 다른 프로세스에 \
         대한 주장은 실행하지 않습니다. 문서에 빌드 번호는 나오지 않습니다.",
    ),
    (
        "transcript_docs_process_example",
        "taken in the documentation's process isolation example, with only its process-isolated container running",
        "문서의 프로세스 격리 예제에서 수집(프로세스 격리 컨테이너만 실행 중)",
    ),
    (
        "transcript_docs_hyperv_example",
        "taken in the documentation's Hyper-V isolation example, after the process-isolated container had stopped (its `ping` is not found)",
        "문서의 Hyper-V 격리 예제에서 수집(프로세스 격리 컨테이너는 이미 멈춰 `ping`이 검색되지 않음)",
    ),
    (
        "transcript_tp_process_running",
        "taken with the Windows Server container running, before the Hyper-V container was made",
        "Windows Server 컨테이너가 실행 중이고 Hyper-V 컨테이너를 만들기 전에 수집",
    ),
    (
        "transcript_tp_hyperv_running",
        "taken with the Hyper-V container running",
        "Hyper-V 컨테이너가 실행 중일 때 수집",
    ),
    (
        "filter_transcript_typed",
        "name {names} (`{typed}`, {when})",
        "이름이 {names}인 프로세스(`{typed}`, {when})",
    ),
    (
        "filter_transcript_typed_no_pid_lookup",
        "name {names} (`{typed}`, {when}); the transcript has no lookup by the PIDs of {steps}, but every process with this name is listed",
        "이름이 {names}인 프로세스(`{typed}`, {when}). 기록에는 {steps} 단계의 PID로 찾은 결과가 없지만, 이 이름의 프로세스는 모두 나와 있습니다",
    ),
    (
        "transcript_listing_shows_only",
        "the transcript's `{step}` listing shows only {shown}, not `{asked}`: any other process may have been left out of it",
        "기록의 `{step}` 목록에는 {shown}만 나오고 `{asked}`는 없습니다. 다른 프로세스는 기록에서 빠졌을 수 있습니다",
    ),
    (
        "transcript_listing_cannot_answer",
        "the transcript's `{step}` listing shows only {shown}, so this check cannot be answered from it",
        "기록의 `{step}` 목록에는 {shown}만 나오므로 이 확인에는 답할 수 없습니다",
    ),
    (
        "transcript_not_running",
        "the transcript's `{host}` table was {when}: container `{container}` (step `{step}`) was not running then, so the table cannot show whether its processes are host processes",
        "기록의 `{host}` 표는 이렇게 수집했습니다: {when}. 그때 `{container}` 컨테이너(`{step}` 단계)는 실행 중이 아니었으므로, 그 컨테이너의 프로세스가 호스트 프로세스인지 이 표로는 알 수 없습니다",
    ),
    (
        "image_new_container",
        "made from the `{image}` image with the Technical Preview's `New-Container` (no `docker`); it ran the image's own command, not the lesson's",
        "Technical Preview의 `New-Container`로 `{image}` 이미지에서 만든 컨테이너(`docker` 없음). 레슨의 명령이 아니라 이미지의 기본 명령이 실행되었습니다",
    ),
    (
        "image_in_docs_example",
        "the image the documentation's example ran (the page shows no `docker pull`)",
        "문서 예제가 실행한 이미지(문서에 `docker pull`은 나오지 않음)",
    ),
    (
        "image_other_base_in_docs_example",
        "the image the documentation's example ran; this step asks for `{asked}`, the example ran `{ran}`: the same Windows build and isolation, another base image or spelling of the tag",
        "문서 예제가 실행한 이미지. 이 단계는 `{asked}` 이미지를 요청하지만 예제에서 실행한 이미지는 `{ran}`입니다. Windows 빌드와 격리 방식은 같고 기본 이미지나 태그 표기만 다릅니다",
    ),
    (
        "hyperv_fix",
        "enable the Hyper-V feature on the engine's machine and restart it: on Windows Server `Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart`, on Windows client (10/11) `Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All`",
        "엔진이 있는 컴퓨터에서 Hyper-V 기능을 켜고 다시 시작하세요. Windows Server에서는 `Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart`, Windows 클라이언트(10/11)에서는 `Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All`를 실행합니다",
    ),
    (
        "hyperv_unavailable",
        "Hyper-V isolation is not available on the engine's machine (a trial container did not start: `{error}`); to run these steps, {fix}",
        "엔진이 있는 컴퓨터에서 Hyper-V 격리를 쓸 수 없습니다(시험용 컨테이너가 시작되지 않았습니다: `{error}`). 이 단계를 실행하려면 {fix}",
    ),
    (
        "runtime_forced_missing",
        "the runtime `{runtime}` you forced is not registered with the engine (registered: {registered})",
        "지정한 런타임 `{runtime}`이 엔진에 등록되어 있지 않습니다(등록된 런타임: {registered})",
    ),
    (
        "no_sandbox_runtime",
        "no sandboxing runtime (`runsc`, `kata`) is registered with the engine, so the `hyperv`-isolated steps cannot run here. To enable gVisor: `sudo apt-get install runsc`, add `{config}` to `/etc/docker/daemon.json`, then restart the engine.",
        "샌드박스 런타임(`runsc`, `kata`)이 엔진에 등록되어 있지 않아 `hyperv` 격리 단계를 여기서 실행할 수 없습니다. gVisor를 쓰려면 `sudo apt-get install runsc`로 설치하고 `/etc/docker/daemon.json`에 `{config}`를 추가한 다음 엔진을 다시 시작하세요.",
    ),
    (
        "engine_other_os",
        "the engine runs {engine_os} containers and proofbook runs on {here_os}, so they are not the same machine",
        "엔진은 {engine_os} 컨테이너를 실행하고 proofbook은 {here_os}에서 실행되므로 같은 컴퓨터가 아닙니다",
    ),
    (
        "engine_in_mac_vm",
        "proofbook runs on macOS, where Docker Desktop runs the engine and its containers in a Linux VM: their processes and files belong to that VM, not to this Mac",
        "proofbook이 macOS에서 실행되고 있습니다. macOS의 Docker Desktop은 엔진과 컨테이너를 Linux VM 안에서 실행하므로, 컨테이너의 프로세스와 파일은 이 Mac이 아니라 그 VM에 있습니다",
    ),
    (
        "engine_no_name",
        "the engine did not say its host's name, so it cannot be told to be this machine",
        "엔진이 자기 호스트의 이름을 알려 주지 않아 이 컴퓨터인지 확인할 수 없습니다",
    ),
    (
        "engine_other_name",
        "the engine's host is named `{engine}` and this machine `{here}`",
        "엔진의 호스트 이름은 `{engine}`이고 이 컴퓨터의 이름은 `{here}`입니다",
    ),
    (
        "engine_other_memory",
        "the engine's host has {engine_mib} MiB of memory and this machine {here_mib} MiB",
        "엔진의 호스트 메모리는 {engine_mib} MiB이고 이 컴퓨터의 메모리는 {here_mib} MiB입니다",
    ),
    (
        "engine_container_pid_missing",
        "the engine's container `{name}` runs as PID {pid}, and this machine has no such process: proofbook runs in another PID namespace than the engine (inside a container, say)",
        "엔진의 `{name}` 컨테이너는 PID {pid}로 실행되는데 이 컴퓨터에는 그런 프로세스가 없습니다. proofbook이 엔진과 다른 PID 네임스페이스에서(예를 들어 컨테이너 안에서) 실행되고 있습니다",
    ),
    (
        "exec_start_failed",
        "the engine could not start `{program}` in the container (exit code {code}): the image has no such program, or it cannot run there. The engine said: `{said}`",
        "엔진이 컨테이너 안에서 `{program}` 프로그램을 시작하지 못했습니다(종료 코드 {code}). 이미지에 그 프로그램이 없거나, 있어도 그 안에서 실행할 수 없습니다. 엔진의 메시지: `{said}`",
    ),
    (
        "engine_lost",
        "lost the Docker engine at {endpoint} (is it still running?): `{detail}`",
        "{endpoint}의 Docker 엔진과 연결이 끊겼습니다(엔진이 아직 실행 중인지 확인하세요): `{detail}`",
    ),
    (
        "engine_no_answer",
        "the Docker engine at {endpoint} did not answer within {secs} s",
        "{endpoint}의 Docker 엔진이 {secs}초 안에 응답하지 않았습니다",
    ),
    (
        "engine_status",
        "Docker responded with status code {status}: `{message}`",
        "Docker 엔진이 상태 코드 {status}로 응답했습니다: `{message}`",
    ),
    (
        "image_not_pulled",
        "image `{image}` is not on the engine and could not be pulled ({pull})",
        "`{image}` 이미지가 엔진에 없고 레지스트리에서 받아 오지도 못했습니다({pull})",
    ),
    (
        "image_not_built",
        "image `{image}` could not be pulled ({pull}) nor built locally: {build}",
        "`{image}` 이미지를 레지스트리에서 받아 오지도({pull}), 이 컴퓨터에서 만들지도 못했습니다: {build}",
    ),
    (
        "pulls_off",
        "offline mode: pulling is disabled",
        "오프라인 모드라서 이미지를 받아 오지 않습니다",
    ),
    (
        "no_static_busybox",
        "no statically linked busybox found (looked in `/bin`, `/usr/bin`); install it with `sudo apt-get install busybox-static`",
        "정적으로 링크된 `busybox`를 찾지 못했습니다(`/bin`, `/usr/bin`). `sudo apt-get install busybox-static`으로 설치하세요",
    ),
    (
        "base_image_tar",
        "building the image tar: {detail}",
        "이미지 `tar` 파일을 만들지 못했습니다: {detail}",
    ),
    (
        "pull_took_too_long",
        "the pull of `{image}` took longer than {secs} s (`--pull-timeout` sets the limit)",
        "`{image}` 이미지를 받는 데 {secs}초보다 오래 걸렸습니다(`--pull-timeout`으로 한도를 정합니다)",
    ),
    (
        "host_table_failed",
        "reading the host's process table: `{detail}`",
        "호스트의 프로세스 목록을 읽지 못했습니다: `{detail}`",
    ),
    (
        "host_users_failed",
        "reading the host's users: `{detail}`",
        "호스트의 사용자 목록을 읽지 못했습니다: `{detail}`",
    ),
    (
        "registry_read_failed",
        "reading the registry key `{key}` failed with Windows error {code}",
        "레지스트리 키 `{key}`를 읽다가 Windows 오류 {code}가 났습니다",
    ),
    // end win
    ("engine_at", "{engine} at {endpoint}", "{engine}, 접속 주소 {endpoint}"),
    ("seconds", "{seconds} s", "{seconds}초"),
];

/// Words that join parameters, per language.
fn or_word(lang: &str) -> &'static str {
    if lang == "ko" {
        " 또는 "
    } else {
        " or "
    }
}

/// A run of a rendered sentence: prose, or code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seg {
    pub code: bool,
    pub text: String,
}

/// Every table of templates.
fn all_templates() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    TEMPLATES.iter().chain(claims::TEMPLATES)
}

fn template(id: &str, lang: &str) -> &'static str {
    let (_, en, ko) = all_templates()
        .find(|(k, _, _)| *k == id)
        .unwrap_or_else(|| panic!("message `{id}` has no template"));
    if lang == "ko" {
        ko
    } else {
        en
    }
}

fn push(out: &mut Vec<Seg>, code: bool, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.code == code => last.text.push_str(text),
        _ => out.push(Seg {
            code,
            text: text.to_string(),
        }),
    }
}

/// Splits text on backticks: odd runs are code. An unpaired backtick stays text.
fn split_code(text: &str) -> Vec<(bool, &str)> {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return vec![(false, text)];
    }
    parts.into_iter().enumerate().map(|(i, p)| (i % 2 == 1, p)).collect()
}

impl Msg {
    fn render_into(&self, lang: &str, out: &mut Vec<Seg>) {
        let (id, args) = self.args();
        render_template(id, &args, lang, out);
    }
}

fn render_template(id: &str, args: &[(&str, Arg)], lang: &str, out: &mut Vec<Seg>) {
    for (code, part) in split_code(template(id, lang)) {
        let mut rest = part;
        while let Some(open) = rest.find('{') {
            push(out, code, &rest[..open]);
            let close = rest[open..].find('}').map(|c| open + c).unwrap_or(rest.len());
            let name = &rest[open + 1..close];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, arg)) => render_arg(arg, code, lang, out),
                None => panic!("template `{id}` names `{name}`, which the message does not give"),
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        push(out, code, rest);
    }
}

fn render_arg(arg: &Arg, code: bool, lang: &str, out: &mut Vec<Seg>) {
    match arg {
        Arg::Val(s) => push(out, code, s),
        Arg::Text(t) => t.render_into(lang, out),
        Arg::AnyOf(parts) => {
            for (i, t) in parts.iter().enumerate() {
                if i > 0 {
                    push(out, false, or_word(lang));
                }
                t.render_into(lang, out);
            }
        }
        Arg::Sub(id, args) => render_template(id, args, lang, out),
        Arg::Join(parts, sep) => {
            for (i, a) in parts.iter().enumerate() {
                if i > 0 {
                    push(out, false, sep);
                }
                render_arg(a, code, lang, out);
            }
        }
    }
}

impl Text {
    fn render_into(&self, lang: &str, out: &mut Vec<Seg>) {
        match self {
            Text::Msg(m) => m.render_into(lang, out),
            Text::Plain(s) => {
                for (code, part) in split_code(s) {
                    push(out, code, part);
                }
            }
        }
    }

    /// The sentence in `lang`, as prose and code runs.
    pub(crate) fn segments(&self, lang: &str) -> Vec<Seg> {
        let mut out = Vec::new();
        self.render_into(lang, &mut out);
        out
    }

    /// The language the sentence comes out in on a `lang` page: plain text
    /// (from an old record or an engine) is English whatever the page.
    pub fn lang<'a>(&self, lang: &'a str) -> &'a str {
        match self {
            Text::Plain(_) => "en",
            Text::Msg(_) => lang,
        }
    }

    /// With code in backticks, as a terminal shows it.
    pub fn plain(&self, lang: &str) -> String {
        self.segments(lang)
            .iter()
            .map(|s| {
                if s.code {
                    format!("`{}`", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    /// Without code marks, for a table cell or caption.
    pub fn bare(&self, lang: &str) -> String {
        self.segments(lang).into_iter().map(|s| s.text).collect()
    }

    /// Escaped HTML, code in `<code>`.
    pub fn html(&self, lang: &str) -> String {
        self.segments(lang)
            .iter()
            .map(|s| {
                let text = escape_html(&s.text);
                if s.code {
                    format!("<code>{text}</code>")
                } else {
                    text
                }
            })
            .collect()
    }

    /// Whether the English sentence contains `needle` (what tests and
    /// tools that grep reasons look for).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Text::Plain(s) if s.is_empty())
    }
}

/// English, code in backticks: the terminal's and the tests' form.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.plain("en"))
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Text::Msg(self.clone()).fmt(f)
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        Text::Msg(m)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Plain(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Plain(s.to_string())
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Plain(String::new())
    }
}

impl Msg {
    pub fn boxed(self) -> Box<Text> {
        Box::new(Text::Msg(self))
    }
}

/// Escapes what HTML needs escaped and nothing more (a sentence goes into a
/// page; `/` stays as it is, so attributes such as `data-claim` stay greppable).
pub fn escape_html(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests;
