//! Every sentence proofbook itself writes into a record — step statuses,
//! claim reasons, filter descriptions, image sources, notes — as a message id
//! with typed parameters. The record keeps the message, not its English text,
//! so a page renders it in its own language from the same evidence. `messages!`
//! declares each kind with the catalogue sentence it says (`catalogue.rs`
//! declares the sentence, `en.rs` / `ko.rs` write it).
//!
//! In a template, text between backticks is code (`<code>` on a page) and
//! `{name}` is a parameter. Parameters are substituted after the template is
//! split into code and prose, so a captured value holding a backtick or `<`
//! can never change the markup.

use serde::{Deserialize, Serialize};

mod catalogue;
mod claims;
mod en;
pub(crate) mod io;
mod ko;
mod lang;
mod particle;
#[cfg(test)]
pub(crate) mod pseudo;
#[cfg(test)]
pub(crate) use pseudo::pseudo;

pub(crate) use catalogue::{Catalogue, Id};
pub(crate) use claims::{Inside, OnHost, ProcName, Relation, Side, Sides, View, ViewKind};
pub use lang::Lang;
pub(crate) use particle::Particle;

/// A sentence in a record: a message, or — in records written before
/// messages existed, and for text that comes from elsewhere (an engine's
/// error) — plain English text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Text {
    /// proofbook's own sentence, rendered in the page's language.
    Msg(Msg),
    /// Text as it was said elsewhere (an engine's error, an older record's English).
    Plain(String),
}

/// A Windows image tag the host cannot start (boxed: the largest message).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImageMismatch {
    /// The image tag a step asked for (`ltsc2022`).
    pub tag: String,
    /// The Windows build that tag is.
    pub image_build: String,
    /// The isolation mode asked for (`process`, `hyperv`).
    pub isolation: String,
    /// The host's release, as the version table names it (or "this host").
    pub host: String,
    /// The host's full OS version (`10.0.20348.2340`).
    pub build: String,
    /// The image is newer than the host (no isolation starts it).
    pub newer: bool,
    /// The tags this host runs with that isolation, as a list for the sentence ("none" when none).
    pub usable: String,
}

/// How a parameter is written into a sentence.
pub(crate) enum Arg<'a> {
    /// A captured value, written as it is.
    Val(String),
    /// Another sentence, in the same language.
    Text(&'a Text),
    /// Sentences joined by the language's "or".
    AnyOf(&'a [Text]),
    /// Another sentence of the catalogue, with its own parameters.
    Sub(Id, Vec<(&'static str, Arg<'a>)>),
    /// Parts joined by a separator of the catalogue.
    Join(Vec<Arg<'a>>, Id),
}

type Args<'a> = Vec<(&'static str, Arg<'a>)>;

use claims::{on_host, pids_or_none, procs};

fn list(v: &[String]) -> String {
    v.join(", ")
}

fn pids(v: &[u32]) -> String {
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// How a field of a message becomes a parameter.
trait IntoArg {
    fn arg(&self) -> Arg<'_>;
}

impl IntoArg for String {
    fn arg(&self) -> Arg<'_> {
        Arg::Val(self.clone())
    }
}

impl IntoArg for Box<Text> {
    fn arg(&self) -> Arg<'_> {
        Arg::Text(self)
    }
}

impl IntoArg for Vec<String> {
    fn arg(&self) -> Arg<'_> {
        Arg::Val(list(self))
    }
}

impl IntoArg for Vec<u32> {
    fn arg(&self) -> Arg<'_> {
        Arg::Val(pids(self))
    }
}

impl IntoArg for u32 {
    fn arg(&self) -> Arg<'_> {
        Arg::Val(self.to_string())
    }
}

impl IntoArg for usize {
    fn arg(&self) -> Arg<'_> {
        Arg::Val(self.to_string())
    }
}

/// `(Id::x, vec![("a", a.arg()), ("b", expr)])`: a sentence and its parameters,
/// each named as the catalogue declares it.
macro_rules! msg {
    ($id:ident $(, $name:ident $(= $e:expr)?)* $(,)?) => {
        (Id::$id, vec![$((stringify!($name), msg!(@arg $name $($e)?)),)*])
    };
    (@arg $name:ident) => {
        IntoArg::arg($name)
    };
    (@arg $name:ident $e:expr) => {
        $e
    };
}

/// Declares `Msg`: each kind with its fields, and after `=>` the sentence of
/// the catalogue it says with its parameters (an expression of the fields,
/// bound by name, giving `(Id, Args)`). A kind without a sentence does not
/// match the macro, so it does not compile; `Msg::args` is made from the
/// rows, one arm a kind, with no wildcard.
macro_rules! messages {
    (
        $(#[$enum_meta:meta])*
        pub enum Msg {
            $(
                $(#[$meta:meta])*
                $kind:ident
                $({ $($(#[$field_meta:meta])* $field:ident: $ty:ty),* $(,)? })?
                $(($inner:ident: $inner_ty:ty))?
                => $says:expr
            ),* $(,)?
        }
    ) => {
        $(#[$enum_meta])*
        pub enum Msg {
            $(
                $(#[$meta])*
                $kind $({ $($(#[$field_meta])* $field: $ty),* })? $(($inner_ty))?,
            )*
        }

        impl Msg {
            /// The message's sentence in the catalogue and its parameters.
            fn args(&self) -> (Id, Args<'_>) {
                match self {
                    $(Msg::$kind $({ $($field),* })? $(($inner))? => $says,)*
                }
            }

            /// Every kind's name, as declared (for the tests that render a sample of each).
            #[cfg(test)]
            pub(crate) const KINDS: &'static [&'static str] = &[$(stringify!($kind)),*];
        }
    };
}

messages! {
    /// One kind of sentence and the evidence it is made from, and the
    /// sentence of the catalogue it says with its parameters (`Msg::args`).
    // A kind is documented by the sentence written beside it (`=> msg!(id, …)`,
    // its words in en.rs and ko.rs), and its fields are that sentence's
    // parameters: a doc comment on each would be a third copy of the sentence.
    #[allow(missing_docs)]
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(tag = "msg", rename_all = "snake_case")]
    pub enum Msg {
        // Why a step did not run.
        StepMissing { step: String } => msg!(step_missing, step),
        NeedsUnrunStep { step: String, reason: Box<Text> } => msg!(needs_unrun_step, step, reason),
        NeedsFailedStep {
            step: String,
            timed_out: bool,
        } => if *timed_out { msg!(needs_timed_out_step, step) } else { msg!(needs_failed_step, step) },
        NoIsolationMapping { isolation: String } => msg!(no_isolation_mapping, isolation),
        StepOnlyFor { only: String, os: String } => msg!(step_only_for, only, os),
        StepNoForm { os: String } => msg!(step_no_form, os),
        ClaimOnlyFor { only: String, os: String } => msg!(claim_only_for, only, os),
        ClaimNoForm { os: String } => msg!(claim_no_form, os),
        EngineNotLocalProcesses { endpoint: String, why: Box<Text> } => msg!(engine_not_local_processes, endpoint, why),
        EngineNotLocalFiles { endpoint: String, why: Box<Text> } => msg!(engine_not_local_files, endpoint, why),
        NoContainerStarted { step: String } => msg!(no_container_started, step),
        // A stored verdict its record's own evidence does not give (src/rejudge.rs).
        // Verdicts are their ids (`proven`, …).
        Overruled {
            stored: String,
            judged: String,
            reason: Box<Text>,
        } => msg!(overruled, stored = claims::verdict(stored), judged = claims::verdict(judged), reason),
        OverruledClaim { file: String, claim: String, notice: Box<Text> } => msg!(overruled_claim, file, claim, notice),
        ResultWithoutClaim {
            file: String,
            claim: String,
            stored: String,
        } => msg!(result_without_claim, file, claim, stored = claims::verdict(stored)),
        // Claim reasons (src/claims; their parts in messages/claims.rs): why a claim came out as it did.
        /// A step the claim reads did not run.
        ClaimStepNotRun {
            /// The step's id.
            step: String,
            /// Why it did not run.
            reason: Box<Text>,
        } => msg!(claim_step_not_run, step, reason),
        /// A step the claim reads ran out of time.
        ClaimStepTimedOut {
            /// The step's id.
            step: String,
            /// How long it ran before it was stopped.
            after: Box<Text>,
        } => msg!(claim_step_timed_out, step, after),
        /// A step the claim reads failed.
        ClaimStepFailed {
            /// The step's id.
            step: String,
            /// What failed, as the step said it.
            message: Box<Text>,
        } => msg!(claim_step_failed, step, message),
        /// The claim reads a field its step's evidence does not have.
        StepNoField {
            /// The step's id.
            step: String,
            /// The field the claim names.
            field: String,
        } => msg!(step_no_field, step, field),
        /// A side of a `compare` was cut at the build's output cap: only finding the text in what was kept decides.
        CompareCut {
            /// The step whose output was cut.
            step: String,
        } => msg!(compare_cut, step),
        /// A `contains` or `not_contains` whose right value is empty: every text contains it.
        CompareEmptyRight => msg!(compare_empty_right),
        /// A `compare` claim's values and how they stood.
        Compared {
            /// The left value, shortened.
            left: String,
            /// How the two were held against each other.
            relation: Relation,
            /// The right value, shortened.
            right: String,
            /// Whether the relation held.
            holds: bool,
            /// What was compared: which field of which step, or the lesson's own
            /// value. Records written before it was kept lack it; their reason
            /// then says the values only.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            sides: Option<Box<Sides>>,
        } => claims::compared(left, *relation, right, *holds, sides.as_deref()),
        /// A view was cut at the build's output cap, and its lost part could decide.
        ViewCut {
            /// The view.
            view: View,
        } => msg!(view_cut, view = claims::view(view)),
        /// A view listed no process at all.
        ViewEmpty {
            /// The view.
            view: View,
        } => msg!(view_empty, view = claims::view(view)),
        /// A host table never asked for these PIDs: their absence from it shows nothing.
        ViewNotAsked {
            /// The host table.
            view: View,
            /// The PIDs it was not asked for.
            pids: Vec<u32>,
            /// The process the claim is about.
            name: String,
        } => {
            if pids.len() == 1 {
                msg!(view_not_asked_one, view = claims::view(view), pids, name)
            } else {
                msg!(view_not_asked_many, view = claims::view(view), pids, name)
            }
        },
        /// A host table that does not hold every process of the name: it counts nothing.
        ViewNotCounted {
            /// The host table.
            view: View,
            /// The name to count.
            name: String,
        } => msg!(view_not_counted, view = claims::view(view), name),
        /// The engine's `top` lists a process of every name.
        TopLists {
            /// The names the claim asks for.
            names: Vec<String>,
        } => msg!(top_lists, names),
        /// The engine's `top` lacks some of the names.
        TopLacks {
            /// The names it lacks.
            missing: Vec<String>,
            /// What it listed.
            listed: Vec<ProcName>,
        } => msg!(top_lacks, missing, listed = procs(listed)),
        /// A view lists a process of every name.
        ViewLists {
            /// The view.
            view: View,
            /// The processes of those names.
            found: Vec<ProcName>,
        } => msg!(view_lists, view = claims::view(view), found = procs(found)),
        /// A view lacks some of the names.
        ViewLacks {
            /// The view.
            view: View,
            /// The names it lacks.
            missing: Vec<String>,
            /// What it listed.
            listed: Vec<ProcName>,
        } => msg!(view_lacks, view = claims::view(view), missing, listed = procs(listed)),
        /// At the PID, the view lists the named process.
        PidIs {
            /// The view.
            view: View,
            /// The PID.
            pid: u32,
            /// The name the view gives it.
            name: String,
            /// Its command line, shortened.
            cmd: String,
        } => msg!(pid_is, view = claims::view(view), pid, name, cmd),
        /// At the PID, the view lists another process than the named one.
        PidIsOther {
            /// The view.
            view: View,
            /// The PID.
            pid: u32,
            /// The name of the process there.
            got: String,
            /// The name the claim expects.
            name: String,
        } => msg!(pid_is_other, view = claims::view(view), pid, got, name),
        /// The view lists no process at the PID.
        PidMissing {
            /// The view.
            view: View,
            /// The PID.
            pid: u32,
            /// What it listed.
            listed: Vec<ProcName>,
        } => msg!(pid_missing, view = claims::view(view), pid, listed = procs(listed)),
        /// At the PID, the view lists the process the claim says is not there.
        PidIsItself {
            /// The view.
            view: View,
            /// The PID.
            pid: u32,
            /// The process's name.
            name: String,
        } => msg!(pid_is_itself, view = claims::view(view), pid, name),
        /// At the PID, the view lists a process other than the named one.
        PidIsOtherThan {
            /// The view.
            view: View,
            /// The PID.
            pid: u32,
            /// The name of the process there.
            got: String,
            /// Its command line, shortened.
            cmd: String,
            /// The name the claim says it is not.
            name: String,
        } => msg!(pid_is_other_than, view = claims::view(view), pid, got, cmd, name),
        /// The view lists no process at the PID, so nothing shows what is there.
        PidMissingCannotShow {
            /// The view.
            view: View,
            /// The PID.
            pid: u32,
        } => msg!(pid_missing_cannot_show, view = claims::view(view), pid),
        /// The engine's `top` lists no process of the name.
        TopNoName {
            /// The name.
            name: String,
            /// What it listed.
            listed: Vec<ProcName>,
        } => msg!(top_no_name, name, listed = procs(listed)),
        /// The host's table has the container's process at the PID `top` gave it.
        SameProcessOnHost {
            /// The name `top` gave it.
            name: String,
            /// The PID both report.
            pid: u32,
            /// The name the host's table gives it.
            host_name: String,
        } => msg!(same_process_on_host, name, pid, host_name),
        /// No PID `top` gave the process holds it in the host's table.
        NotOnHost {
            /// The process's name.
            name: String,
            /// What the host's table holds at each of those PIDs.
            facts: Vec<OnHost>,
        } => msg!(
            not_on_host,
            name,
            facts = on_host(facts, Id::on_host_pid_named, Id::on_host_pid_absent, Id::sep_facts)
        ),
        /// The engine's `top` listed no process at all.
        TopEmpty => msg!(top_empty),
        /// The `top` of a container that is not sandboxed names no such process: it shows nothing about it.
        TopNoNameNotSandboxed {
            /// The name.
            name: String,
            /// What it listed.
            listed: Vec<ProcName>,
        } => msg!(top_no_name_not_sandboxed, name, listed = procs(listed)),
        /// The host's table has the workload at a PID `top` reported.
        WorkloadOnHost {
            /// The PID.
            pid: u32,
            /// The workload's name.
            name: String,
        } => msg!(workload_on_host, pid, name),
        /// No PID `top` reported holds the workload in the host's table.
        HiddenFromHost {
            /// The processes of `top` looked up.
            listed: Vec<ProcName>,
            /// What the host's table holds at each of their PIDs.
            seen: Vec<OnHost>,
            /// The workload's name.
            name: String,
        } => msg!(
            hidden_from_host,
            listed = procs(listed),
            seen = on_host(seen, Id::host_pid_named, Id::host_pid_absent, Id::sep_list),
            name
        ),
        /// This host maps no sandboxing runtime: there is no worker to count.
        NoSandboxWorker => msg!(no_sandbox_worker),
        /// Facts that together decide a claim, each its own sentence.
        Facts {
            /// The facts, in order.
            parts: Vec<Text>,
        } => msg!(facts, parts = Arg::Join(parts.iter().map(Arg::Text).collect(), Id::sep_facts)),
        /// How many host processes have the name.
        CountTotal {
            /// How many.
            total: usize,
            /// The name counted.
            name: String,
        } => msg!(count_total, total, name),
        /// Workers counted by what appeared since an earlier host table.
        CountSince {
            /// The step of the earlier table.
            before: String,
            /// PIDs of the workers not in it.
            new: Vec<u32>,
            /// PIDs of the workers it held.
            earlier: Vec<u32>,
            /// How many new workers the claim needs.
            need: usize,
            /// For how many containers.
            containers: usize,
        } => msg!(
            count_since,
            before,
            n = Arg::Val(new.len().to_string()),
            new = pids_or_none(new),
            earlier = pids_or_none(earlier),
            need,
            containers
        ),
        /// How many workers name one container.
        CountOfContainer {
            /// How many.
            n: usize,
            /// The step that started the container.
            step: String,
            /// The container's short id.
            id: String,
        } => msg!(count_of_container, n, step, id),
        /// Workers the capture cannot tie to containers: the total must account for them all.
        CountUntied {
            /// How many workers that takes.
            need: usize,
            /// For how many containers.
            containers: usize,
        } => msg!(count_untied, need, containers),
        /// The fewest the claim allows.
        CountAtLeast {
            /// That number.
            min: usize,
        } => msg!(count_at_least, min),
        /// The most the claim allows.
        CountAtMost {
            /// That number.
            max: usize,
        } => msg!(count_at_most, max),
        /// Zero per container, which holds whatever the host runs.
        ZeroPerContainer => msg!(zero_per_container),
        /// The inside view lists no process of the name.
        NumberingNoName {
            /// The inside view.
            view: View,
            /// The name.
            name: String,
            /// What it listed.
            listed: Vec<ProcName>,
        } => msg!(numbering_no_name, view = claims::view(view), name, listed = procs(listed)),
        /// The outside view does not list the process: it gives it no number of its own.
        NumberingOutsideLacks {
            /// Where the process was found inside, and its PIDs there.
            inside: Box<Inside>,
            /// The outside view.
            outside: View,
            /// What the outside view listed.
            listed: Vec<ProcName>,
        } => claims::numbering(Id::numbering_outside_lacks, inside, outside, &[], Some(("listed", procs(listed)))),
        /// The outside view numbers the process itself, under other PIDs.
        NumberingOwn {
            /// Where the process was found inside, and its PIDs there.
            inside: Box<Inside>,
            /// The outside view.
            outside: View,
            /// The PIDs the outside view gives it.
            pids: Vec<u32>,
        } => claims::numbering(Id::numbering_own, inside, outside, pids, None),
        /// The outside view gives the process a PID it has inside.
        NumberingSameNumber {
            /// Where the process was found inside, and its PIDs there.
            inside: Box<Inside>,
            /// The outside view.
            outside: View,
            /// The PIDs both give it.
            pids: Vec<u32>,
        } => claims::numbering(Id::numbering_same_number, inside, outside, pids, None),
        /// Whether the outside view reports the PIDs the process has inside.
        NumberingShared {
            /// Where the process was found inside, and its PIDs there.
            inside: Box<Inside>,
            /// The outside view.
            outside: View,
            /// The PIDs in common or, when none, the outside view's.
            pids: Vec<u32>,
            /// Whether the inside PIDs are among `pids`.
            same: bool,
            /// The outside view names no such process: its PIDs are compared as they are.
            unnamed: bool,
        } => claims::numbering_shared(inside, outside, pids, *same, *unnamed),
        // End of the claim reasons.
        // Exercises: containers the learner starts.
        ExerciseBuild { lesson: String } => msg!(exercise_build, lesson),
        ExerciseNotPart => msg!(exercise_not_part),
        AdoptMissing { name: String, command: String } => msg!(adopt_missing, name, command),
        AdoptNotRunning {
            name: String,
            status: String,
            command: String,
        } => msg!(adopt_not_running, name, status = state(status), command),
        // What a host process table was filtered by.
        FilterAll => msg!(filter_all),
        FilterAny { parts: Vec<Text> } => msg!(filter_any, parts = Arg::AnyOf(parts)),
        FilterName { names: Vec<String> } => msg!(filter_name, names),
        FilterPidsFrom {
            steps: Vec<String>,
            pids: Vec<u32>,
            unrun: Vec<String>,
        } => {
            if unrun.is_empty() {
                msg!(filter_pids_from, steps, pids)
            } else {
                msg!(filter_pids_from_unrun, steps, pids, unrun)
            }
        },
        FilterPids { pids: Vec<u32> } => msg!(filter_pids, pids),
        FilterTranscript {
            names: Vec<String>,
            when: Box<Text>,
            pids_from: Vec<String>,
        } => {
            if pids_from.is_empty() {
                msg!(filter_transcript, names, when)
            } else {
                msg!(filter_transcript_no_pid_lookup, names, when, steps = pids_from.arg())
            }
        },
        TranscriptBothRunning => msg!(transcript_both_running),
        TranscriptBeforeHyperv => msg!(transcript_before_hyperv),
        // Where a container's image came from.
        ImageLocal => msg!(image_local),
        ImageLocalBase => msg!(image_local_base),
        ImagePulled => msg!(image_pulled),
        ImageImported => msg!(image_imported),
        ImageStandsIn { source: Box<Text>, image: String } => msg!(image_stands_in, source, image),
        ImagePulledInTranscript => msg!(image_pulled_in_transcript),
        ImageOtherBaseInTranscript { asked: String, ran: String } => msg!(image_other_base_in_transcript, asked, ran),
        // The recorded Windows host.
        RecordedWs2019Note => msg!(recorded_ws2019_note),
        NotInTranscript => msg!(not_in_transcript),
        TranscriptRanOther { typed: String } => msg!(transcript_ran_other, typed),
        TranscriptOtherContainer { id: String } => msg!(transcript_other_container, id),
        TranscriptByNameOnly => msg!(transcript_by_name_only),
        TranscriptNoCapture { names: Vec<String> } => msg!(transcript_no_capture, names),
        TranscriptOtherKind { action: String } => msg!(transcript_other_kind, action),
        TranscriptTablesCannotAnswer {
            names: Vec<String>,
            kind: String,
        } => msg!(transcript_tables_cannot_answer, names, kind),
        TranscriptTablesLack { names: Vec<String>, process: String } => msg!(transcript_tables_lack, names, process),
        TranscriptSameCaptures {
            before: String,
            host: String,
            worker: String,
            pids: Vec<u32>,
        } => msg!(transcript_same_captures, before, host, worker, pids),
        // Evidence kept from a run made for an earlier form of the lesson.
        StaleClaim { run: String } => msg!(stale_claim, run),
        StaleStep { run: String } => msg!(stale_step, run),
        // `proofbook check`: a link or image whose scheme a page refuses (render::links).
        LinkShownAsText { url: String } => msg!(link_shown_as_text, url),
        // Windows image tags (the version table in platform::windows).
        NoImageTag { why: Box<Text>, known: String } => msg!(no_image_tag, why, known),
        NoTagClientProcess { host: String } => msg!(no_tag_client_process, host = windows_name(host)),
        NoTagForIsolation {
            host: String,
            isolation: String,
        } => msg!(no_tag_for_isolation, host = windows_name(host), isolation),
        NoTagUnknownBuild { build: String } => msg!(no_tag_unknown_build, build),
        NoTagOlderBuild { build: String } => msg!(no_tag_older_build, build),
        ImageTagCannotStart(mismatch: Box<ImageMismatch>) => mismatch.args(),
        // The host's registry.
        EngineNotLocalRegistry { endpoint: String, why: Box<Text> } => msg!(engine_not_local_registry, endpoint, why),
        NoRegistryHere => msg!(no_registry_here),
        // win (issue 14): the recorded hosts of every transcript, and sentences
        // of the Windows path (engine locality, Hyper-V, exec start).
        RecordedDocsNote => msg!(recorded_docs_note),
        RecordedTpNote => msg!(recorded_tp_note),
        TranscriptDocsProcessExample => msg!(transcript_docs_process_example),
        TranscriptDocsHypervExample => msg!(transcript_docs_hyperv_example),
        TranscriptTpProcessRunning => msg!(transcript_tp_process_running),
        TranscriptTpHypervRunning => msg!(transcript_tp_hyperv_running),
        FilterTranscriptTyped {
            names: Vec<String>,
            typed: String,
            when: Box<Text>,
            pids_from: Vec<String>,
        } => {
            if pids_from.is_empty() {
                msg!(filter_transcript_typed, names, typed, when)
            } else {
                msg!(filter_transcript_typed_no_pid_lookup, names, typed, when, steps = pids_from.arg())
            }
        },
        TranscriptListingShowsOnly {
            step: String,
            shown: Vec<String>,
            asked: Vec<String>,
        } => {
            if asked.is_empty() {
                msg!(transcript_listing_cannot_answer, step, shown)
            } else {
                msg!(transcript_listing_shows_only, step, shown, asked)
            }
        },
        TranscriptNotRunning {
            host: String,
            step: String,
            container: String,
            when: Box<Text>,
        } => msg!(transcript_not_running, host, step, container, when),
        ImageNewContainer { image: String } => msg!(image_new_container, image),
        ImageInDocsExample => msg!(image_in_docs_example),
        ImageOtherBaseInDocsExample {
            asked: String,
            ran: String,
        } => msg!(image_other_base_in_docs_example, asked, ran),
        // win: sentences of the Windows path (Hyper-V, engine locality, exec start, engine failures).
        HypervFix => msg!(hyperv_fix),
        HypervUnavailable { error: String, fix: Box<Text> } => msg!(hyperv_unavailable, error, fix),
        RuntimeForcedMissing {
            runtime: String,
            registered: String,
        } => msg!(runtime_forced_missing, runtime, registered),
        NoSandboxRuntime => msg!(
            no_sandbox_runtime,
            config = Arg::Val(r#"{"runtimes":{"runsc":{"path":"/usr/bin/runsc"}}}"#.into())
        ),
        EngineOtherOs { engine_os: String, here_os: String } => msg!(engine_other_os, engine_os, here_os),
        /// proofbook on macOS: Docker Desktop's engine lives in a Linux VM.
        EngineInMacVm => msg!(engine_in_mac_vm),
        EngineNoName => msg!(engine_no_name),
        EngineOtherName { engine: String, here: String } => msg!(engine_other_name, engine, here),
        EngineOtherMemory { engine_mib: String, here_mib: String } => msg!(engine_other_memory, engine_mib, here_mib),
        EngineContainerPidMissing { name: String, pid: String } => msg!(engine_container_pid_missing, name, pid),
        ExecStartFailed { program: String, code: String, said: String } => msg!(exec_start_failed, program, code, said),
        EngineLost { endpoint: String, detail: String } => msg!(engine_lost, endpoint, detail),
        EngineNoAnswer { endpoint: String, secs: String } => msg!(engine_no_answer, endpoint, secs),
        EngineStatus { status: String, message: String } => msg!(engine_status, status, message),
        ImageNotPulled { image: String, pull: Box<Text> } => msg!(image_not_pulled, image, pull),
        ImageNotBuilt { image: String, pull: Box<Text>, build: Box<Text> } => msg!(image_not_built, image, pull, build),
        PullsOff => msg!(pulls_off),
        NoStaticBusybox => msg!(no_static_busybox),
        BaseImageTar { detail: String } => msg!(base_image_tar, detail),
        PullTookTooLong { image: String, secs: String } => msg!(pull_took_too_long, image, secs),
        RegistryReadFailed { key: String, code: String } => msg!(registry_read_failed, key, code),
        HostTableFailed { detail: String } => msg!(host_table_failed, detail),
        HostUsersFailed { detail: String } => msg!(host_users_failed, detail),
        // end win
        // Said on pages only.
        EngineAt { engine: String, endpoint: String } => msg!(engine_at, engine, endpoint),
        Seconds { seconds: String } => msg!(seconds, seconds),
    }
}

impl ImageMismatch {
    fn args(&self) -> (Id, Args<'_>) {
        let ImageMismatch {
            tag,
            image_build,
            isolation,
            host,
            build,
            newer,
            usable,
        } = self;
        let (id, args) = msg!(
            image_newer_than_host,
            tag,
            image_build,
            isolation,
            host = windows_name(host),
            build,
            usable
        );
        (if *newer { id } else { Id::image_other_build }, args)
    }
}

/// A Windows release as the version table names it ("Windows 10, version
/// 22H2"), written the way each language writes it ("Windows 10 버전 22H2").
fn windows_name(name: &str) -> Arg<'static> {
    match name.split_once(", version ") {
        Some((product, version)) => Arg::Sub(
            Id::windows_version,
            vec![
                ("product", Arg::Val(product.into())),
                ("version", Arg::Val(version.into())),
            ],
        ),
        None => Arg::Val(name.to_string()),
    }
}

/// A container state as the engine says it (`running`, `exited` …), as a
/// word of the catalogue; a state this build does not know is written as it is.
fn state(s: &str) -> Arg<'static> {
    match state_id(s) {
        Some(id) => Arg::Sub(id, vec![]),
        None => Arg::Val(s.to_string()),
    }
}

/// The catalogue's word for an engine's container state, if it has one.
pub(crate) fn state_id(s: &str) -> Option<Id> {
    Some(match s {
        "created" => Id::state_created,
        "running" => Id::state_running,
        "paused" => Id::state_paused,
        "restarting" => Id::state_restarting,
        "removing" => Id::state_removing,
        "exited" => Id::state_exited,
        "dead" => Id::state_dead,
        _ => return None,
    })
}

/// A run of a rendered sentence: prose, or code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seg {
    pub code: bool,
    pub text: String,
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

/// A `{…}` of a template: a parameter (`{name}`), or the particle the
/// parameter's sound takes (`{name|을}`, see `particle`).
struct Slot<'t> {
    name: &'t str,
    particle: Option<Particle>,
}

impl<'t> Slot<'t> {
    fn parse(inner: &'t str) -> Slot<'t> {
        match inner.split_once('|') {
            Some((name, mark)) => Slot {
                name,
                particle: Particle::from_mark(mark),
            },
            None => Slot {
                name: inner,
                particle: None,
            },
        }
    }
}

/// Renders sentence `id`: the template is split into code and prose first,
/// then each parameter is put in, so a value can never change the markup.
fn render_template(id: Id, args: &[(&str, Arg)], lang: Lang, out: &mut Vec<Seg>) {
    for (code, part) in split_code(lang.catalogue().get(id)) {
        let mut rest = part;
        while let Some(open) = rest.find('{') {
            push(out, code, &rest[..open]);
            let close = rest[open..].find('}').map(|c| open + c).unwrap_or(rest.len());
            let slot = Slot::parse(&rest[open + 1..close]);
            // The catalogue's test checks every template names declared parameters only.
            if let Some((_, arg)) = args.iter().find(|(n, _)| *n == slot.name) {
                match slot.particle {
                    Some(p) => push(out, false, p.after(&arg_text(arg, lang))),
                    None => render_arg(arg, code, lang, out),
                }
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        push(out, code, rest);
    }
}

/// A parameter as read aloud (for the particle that follows it).
fn arg_text(arg: &Arg, lang: Lang) -> String {
    let mut segs = Vec::new();
    render_arg(arg, false, lang, &mut segs);
    segs.into_iter().map(|s| s.text).collect()
}

fn render_arg(arg: &Arg, code: bool, lang: Lang, out: &mut Vec<Seg>) {
    match arg {
        Arg::Val(s) => push(out, code, s),
        Arg::Text(t) => t.render_into(lang, out),
        Arg::AnyOf(parts) => {
            for (i, t) in parts.iter().enumerate() {
                if i > 0 {
                    push(out, false, lang.catalogue().sep_or);
                }
                t.render_into(lang, out);
            }
        }
        Arg::Sub(id, args) => render_template(*id, args, lang, out),
        Arg::Join(parts, sep) => {
            for (i, a) in parts.iter().enumerate() {
                if i > 0 {
                    push(out, false, lang.catalogue().get(*sep));
                }
                render_arg(a, code, lang, out);
            }
        }
    }
}

impl Msg {
    fn render_into(&self, lang: Lang, out: &mut Vec<Seg>) {
        let (id, args) = self.args();
        render_template(id, &args, lang, out);
    }
}

/// Renders a sentence of the catalogue that no record keeps (the book's and
/// the terminal's own words), with its parameters.
pub(crate) fn say(lang: Lang, id: Id, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, Arg)> = args.iter().map(|(n, v)| (*n, Arg::Val(v.to_string()))).collect();
    let mut out = Vec::new();
    render_template(id, &args, lang, &mut out);
    plain(&out)
}

/// [`say`] as escaped HTML, code in `<code>` (a page's words sent by `serve`).
pub(crate) fn say_html(lang: Lang, id: Id, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, Arg)> = args.iter().map(|(n, v)| (*n, Arg::Val(v.to_string()))).collect();
    let mut out = Vec::new();
    render_template(id, &args, lang, &mut out);
    segments_html(&out)
}

/// Segments as escaped HTML, code in `<code>`: the one place a sentence becomes markup.
fn segments_html(segments: &[Seg]) -> String {
    segments
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

fn plain(segs: &[Seg]) -> String {
    segs.iter()
        .map(|s| {
            if s.code {
                format!("`{}`", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

impl Text {
    fn render_into(&self, lang: Lang, out: &mut Vec<Seg>) {
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
    pub(crate) fn segments(&self, lang: Lang) -> Vec<Seg> {
        let mut out = Vec::new();
        self.render_into(lang, &mut out);
        out
    }

    /// The language the sentence comes out in on a `lang` page: plain text
    /// (from an old record or an engine) is English whatever the page.
    pub fn lang(&self, lang: Lang) -> Lang {
        match self {
            Text::Plain(_) => Lang::En,
            Text::Msg(_) => lang,
        }
    }

    /// With code in backticks, as a terminal shows it.
    pub fn plain(&self, lang: Lang) -> String {
        plain(&self.segments(lang))
    }

    /// Without code marks, for a table cell or caption.
    pub fn bare(&self, lang: Lang) -> String {
        self.segments(lang).into_iter().map(|s| s.text).collect()
    }

    /// Escaped HTML, code in `<code>`.
    pub fn html(&self, lang: Lang) -> String {
        segments_html(&self.segments(lang))
    }

    /// Whether the English sentence contains `needle` (what tests and
    /// tools that grep reasons look for).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }

    /// Whether there is nothing to say: the empty plain text a record's
    /// optional sentences default to.
    pub fn is_empty(&self) -> bool {
        matches!(self, Text::Plain(s) if s.is_empty())
    }
}

/// English, code in backticks: the terminal's and the tests' form.
impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.plain(Lang::En))
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
    /// As a parameter of another message (a reason inside a sentence).
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
