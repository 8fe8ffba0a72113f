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
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(tag = "msg", rename_all = "snake_case")]
    pub enum Msg {
        // Why a step did not run.
        /// A step or a claim reads a step the lesson's run does not have.
        StepMissing {
            /// The id of the step read.
            step: String,
        } => msg!(step_missing, step),
        /// A step was not run because a step it reads did not run.
        NeedsUnrunStep {
            /// The id of the step it needs.
            step: String,
            /// Why that step did not run.
            reason: Box<Text>,
        } => msg!(needs_unrun_step, step, reason),
        /// A step was not run because a step it reads timed out or failed.
        NeedsFailedStep {
            /// The id of the step it needs.
            step: String,
            /// Whether it timed out (else it failed).
            timed_out: bool,
        } => if *timed_out { msg!(needs_timed_out_step, step) } else { msg!(needs_failed_step, step) },
        /// A step asks for an isolation mode this host maps to no runtime.
        NoIsolationMapping {
            /// The isolation mode asked for (`process`, `hyperv`).
            isolation: String,
        } => msg!(no_isolation_mapping, isolation),
        /// A step given for one OS alone, on a host of the other.
        StepOnlyFor {
            /// The one OS the lesson gives it for.
            only: String,
            /// The host's OS, as a reader names it (`Linux`, `Windows`).
            os: String,
        } => msg!(step_only_for, only, os),
        /// A step the lesson gives no form for this host's OS.
        StepNoForm {
            /// The host's OS.
            os: String,
        } => msg!(step_no_form, os),
        /// A claim given for one OS alone, on a host of the other.
        ClaimOnlyFor {
            /// The one OS the lesson gives it for.
            only: String,
            /// The host's OS, as a reader names it (`Linux`, `Windows`).
            os: String,
        } => msg!(claim_only_for, only, os),
        /// A claim the lesson gives no form for this host's OS.
        ClaimNoForm {
            /// The host's OS.
            os: String,
        } => msg!(claim_no_form, os),
        /// A host table step not run: the engine is on another machine, whose processes cannot be read from here.
        EngineNotLocalProcesses {
            /// The engine's endpoint.
            endpoint: String,
            /// Why the engine is not on this machine.
            why: Box<Text>,
        } => msg!(engine_not_local_processes, endpoint, why),
        /// A host file step not run: the engine is on another machine, whose files cannot be read from here.
        EngineNotLocalFiles {
            /// The engine's endpoint.
            endpoint: String,
            /// Why the engine is not on this machine.
            why: Box<Text>,
        } => msg!(engine_not_local_files, endpoint, why),
        /// A step reads a container that its `run` step did not start.
        NoContainerStarted {
            /// The id of the `run` step.
            step: String,
        } => msg!(no_container_started, step),
        // A stored verdict its record's own evidence does not give (src/rejudge.rs).
        // Verdicts are their ids (`proven`, …).
        /// A claim's stored verdict is not what the record's own evidence gives (shown beside the claim).
        Overruled {
            /// The verdict the record stored (`proven`, …).
            stored: String,
            /// The verdict its evidence gives.
            judged: String,
            /// Why, from the evidence.
            reason: Box<Text>,
        } => msg!(overruled, stored = claims::verdict(stored), judged = claims::verdict(judged), reason),
        /// The terminal's warning for an overruled claim, naming the record's file.
        OverruledClaim {
            /// The record's file.
            file: String,
            /// The claim's id.
            claim: String,
            /// What the record says and what its evidence says, and why.
            notice: Box<Text>,
        } => msg!(overruled_claim, file, claim, notice),
        /// A stored verdict for a claim the record's lesson does not have; it is left out.
        ResultWithoutClaim {
            /// The record's file.
            file: String,
            /// The claim's id.
            claim: String,
            /// The verdict it stored.
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
        /// An exercise step `build` leaves to the learner and `proofbook verify`.
        ExerciseBuild {
            /// The lesson's id, for `proofbook verify`.
            lesson: String,
        } => msg!(exercise_build, lesson),
        /// A step `verify` leaves to `build`: it is not part of the exercise.
        ExerciseNotPart => msg!(exercise_not_part),
        /// An exercise's container is not there.
        AdoptMissing {
            /// The container's name.
            name: String,
            /// The command that starts it, for the learner to type.
            command: String,
        } => msg!(adopt_missing, name, command),
        /// An exercise's container is there but not running.
        AdoptNotRunning {
            /// The container's name.
            name: String,
            /// Its state as the engine reports it (`exited`, `created`, …).
            status: String,
            /// The command that starts it again, for the learner to type.
            command: String,
        } => msg!(adopt_not_running, name, status = state(status), command),
        // A container that stopped under a running step: what the step read
        // is partial, so it is an error, not evidence.
        /// The container `step` started was no longer running when a step that
        /// read from it ended.
        ContainerStoppedMidStep {
            /// The step that started the container.
            step: String,
            /// Its state as the engine reports it (`exited`, `dead`, …).
            status: String,
        } => msg!(container_stopped_mid_step, step, status = state(status)),
        /// The container `step` started was gone from the engine when a step
        /// that read from it ended.
        ContainerGoneMidStep {
            /// The step that started the container.
            step: String,
        } => msg!(container_gone_mid_step, step),
        /// A step's output stream from the container `step` started ended while
        /// the engine still reported its command running.
        ExecStreamCut {
            /// The step that started the container.
            step: String,
        } => msg!(exec_stream_cut, step),
        // What a host process table was filtered by.
        /// A host table that kept every process.
        FilterAll => msg!(filter_all),
        /// A host table filtered by several filters, any of which keeps a process.
        FilterAny {
            /// The filters.
            parts: Vec<Text>,
        } => msg!(filter_any, parts = Arg::AnyOf(parts)),
        /// A host table filtered by process name.
        FilterName {
            /// The names kept.
            names: Vec<String>,
        } => msg!(filter_name, names),
        /// A host table filtered by the PIDs other steps reported.
        FilterPidsFrom {
            /// The steps whose PIDs were looked up.
            steps: Vec<String>,
            /// The PIDs they reported.
            pids: Vec<u32>,
            /// Those of the steps that did not run.
            unrun: Vec<String>,
        } => {
            if unrun.is_empty() {
                msg!(filter_pids_from, steps, pids)
            } else {
                msg!(filter_pids_from_unrun, steps, pids, unrun)
            }
        },
        /// A host table filtered by PIDs the lesson gives.
        FilterPids {
            /// The PIDs kept.
            pids: Vec<u32>,
        } => msg!(filter_pids, pids),
        /// A recorded host table, filtered by name with `Get-Process -Name`.
        FilterTranscript {
            /// The names looked up.
            names: Vec<String>,
            /// When the table was taken.
            when: Box<Text>,
            /// The steps whose PIDs the lesson asked to look up; the transcript cannot.
            pids_from: Vec<String>,
        } => {
            if pids_from.is_empty() {
                msg!(filter_transcript, names, when)
            } else {
                msg!(filter_transcript_no_pid_lookup, names, when, steps = pids_from.arg())
            }
        },
        /// When a recorded table was taken: with both containers running.
        TranscriptBothRunning => msg!(transcript_both_running),
        /// When a recorded table was taken: before the Hyper-V container started.
        TranscriptBeforeHyperv => msg!(transcript_before_hyperv),
        // Where a container's image came from.
        /// How a container's image was obtained: already on the engine.
        ImageLocal => msg!(image_local),
        /// How a container's image was obtained: proofbook's offline base image, already on the engine.
        ImageLocalBase => msg!(image_local_base),
        /// How a container's image was obtained: pulled.
        ImagePulled => msg!(image_pulled),
        /// How a container's image was obtained: proofbook's offline base image, built from the host's static busybox.
        ImageImported => msg!(image_imported),
        /// An image that ran in place of the one the step asks for.
        ImageStandsIn {
            /// How the image that ran was obtained.
            source: Box<Text>,
            /// The image the step asks for.
            image: String,
        } => msg!(image_stands_in, source, image),
        /// How a recorded container's image was obtained: pulled in the transcript.
        ImagePulledInTranscript => msg!(image_pulled_in_transcript),
        /// A recorded container ran another base image of the same build and isolation than the step asks for.
        ImageOtherBaseInTranscript {
            /// The image the step asks for.
            asked: String,
            /// The image the transcript ran.
            ran: String,
        } => msg!(image_other_base_in_transcript, asked, ran),
        // The recorded Windows host.
        /// The provenance note of the recorded Windows Server 2019 host.
        RecordedWs2019Note => msg!(recorded_ws2019_note),
        /// A step the recorded transcript has no capture for.
        NotInTranscript => msg!(not_in_transcript),
        /// A step the recorded transcript ran otherwise than it asks.
        TranscriptRanOther {
            /// The command the transcript typed.
            typed: String,
        } => msg!(transcript_ran_other, typed),
        /// A step whose recorded capture lists another container than it asks for.
        TranscriptOtherContainer {
            /// The container id the transcript lists.
            id: String,
        } => msg!(transcript_other_container, id),
        /// A host table step the transcript answers only by process name, not as it asks.
        TranscriptByNameOnly => msg!(transcript_by_name_only),
        /// A host table step whose process names the transcript never looked up.
        TranscriptNoCapture {
            /// The names the step asks for.
            names: Vec<String>,
        } => msg!(transcript_no_capture, names),
        /// A step the transcript captured as another kind of action.
        TranscriptOtherKind {
            /// The action the step asks for.
            action: String,
        } => msg!(transcript_other_kind, action),
        /// A claim the recorded host tables, filtered by name, cannot answer.
        TranscriptTablesCannotAnswer {
            /// The names the tables were filtered by.
            names: Vec<String>,
            /// The claim's kind.
            kind: String,
        } => msg!(transcript_tables_cannot_answer, names, kind),
        /// A claim about a process the recorded host tables do not list by name.
        TranscriptTablesLack {
            /// The names the tables were filtered by.
            names: Vec<String>,
            /// The process the claim asks about.
            process: String,
        } => msg!(transcript_tables_lack, names, process),
        /// Two recorded tables that are most likely one output pasted twice, so they cannot show a change.
        TranscriptSameCaptures {
            /// The id of the table taken before.
            before: String,
            /// The id of the table taken after.
            host: String,
            /// The worker process's name.
            worker: String,
            /// The worker processes' PIDs, the same in both.
            pids: Vec<u32>,
        } => msg!(transcript_same_captures, before, host, worker, pids),
        // Evidence kept from a run made for an earlier form of the lesson.
        /// A claim changed since its record was taken; recorded evidence cannot judge it again.
        StaleClaim {
            /// The run whose evidence the page shows.
            run: String,
        } => msg!(stale_claim, run),
        /// A step changed since its record was taken; the record has no evidence for it as it is now.
        StaleStep {
            /// The run whose evidence the page shows.
            run: String,
        } => msg!(stale_step, run),
        // `proofbook check`: a link or image whose scheme a page refuses (render::links).
        /// The warning for a lesson link whose target a page does not keep as a link.
        LinkShownAsText {
            /// The link's target.
            url: String,
        } => msg!(link_shown_as_text, url),
        // Windows image tags (the version table in platform::windows).
        /// A Windows step for which no base image tag fits this host.
        NoImageTag {
            /// Why no tag fits.
            why: Box<Text>,
            /// The tags proofbook knows, as `tag = build`.
            known: String,
        } => msg!(no_image_tag, why, known),
        /// Why no tag: a Windows client release runs no current base image with process isolation.
        NoTagClientProcess {
            /// The host's Windows release, as the version table names it.
            host: String,
        } => msg!(no_tag_client_process, host = windows_name(host)),
        /// Why no tag: the host runs no known base image with that isolation.
        NoTagForIsolation {
            /// The host's Windows release, as the version table names it.
            host: String,
            /// The isolation mode asked for.
            isolation: String,
        } => msg!(no_tag_for_isolation, host = windows_name(host), isolation),
        /// Why no tag: the host's build is not in proofbook's Windows version table.
        NoTagUnknownBuild {
            /// The host's build number.
            build: String,
        } => msg!(no_tag_unknown_build, build),
        /// Why no tag: the host's build is older than every known base image.
        NoTagOlderBuild {
            /// The host's build number.
            build: String,
        } => msg!(no_tag_older_build, build),
        /// A Windows image tag the host cannot start with the isolation asked for.
        ImageTagCannotStart(mismatch: Box<ImageMismatch>) => mismatch.args(),
        // The host's registry.
        /// A registry step not run: the engine is on another machine, whose registry cannot be read from here.
        EngineNotLocalRegistry {
            /// The engine's endpoint.
            endpoint: String,
            /// Why the engine is not on this machine.
            why: Box<Text>,
        } => msg!(engine_not_local_registry, endpoint, why),
        /// A registry step on a machine without a Windows registry.
        NoRegistryHere => msg!(no_registry_here),
        // The recorded hosts of every transcript.
        /// The provenance note of Microsoft Learn's "Isolation modes" example host.
        RecordedDocsNote => msg!(recorded_docs_note),
        /// The provenance note of the Windows Server 2016 Technical Preview documentation's host.
        RecordedTpNote => msg!(recorded_tp_note),
        /// When a recorded table was taken: in the documentation's process isolation example.
        TranscriptDocsProcessExample => msg!(transcript_docs_process_example),
        /// When a recorded table was taken: in the documentation's Hyper-V example, the process-isolated container stopped.
        TranscriptDocsHypervExample => msg!(transcript_docs_hyperv_example),
        /// When a recorded table was taken: with the Windows Server container running.
        TranscriptTpProcessRunning => msg!(transcript_tp_process_running),
        /// When a recorded table was taken: with the Hyper-V container running.
        TranscriptTpHypervRunning => msg!(transcript_tp_hyperv_running),
        /// A recorded host table, filtered by name with the command the transcript typed.
        FilterTranscriptTyped {
            /// The names looked up.
            names: Vec<String>,
            /// The command the transcript typed.
            typed: String,
            /// When the table was taken.
            when: Box<Text>,
            /// The steps whose PIDs the lesson asked to look up; the transcript cannot.
            pids_from: Vec<String>,
        } => {
            if pids_from.is_empty() {
                msg!(filter_transcript_typed, names, typed, when)
            } else {
                msg!(filter_transcript_typed_no_pid_lookup, names, typed, when, steps = pids_from.arg())
            }
        },
        /// A claim about a process a recorded listing does not show.
        TranscriptListingShowsOnly {
            /// The id of the step whose listing it is.
            step: String,
            /// The processes the listing shows.
            shown: Vec<String>,
            /// The processes the claim asks about; empty when the check cannot be answered at all.
            asked: Vec<String>,
        } => {
            if asked.is_empty() {
                msg!(transcript_listing_cannot_answer, step, shown)
            } else {
                msg!(transcript_listing_shows_only, step, shown, asked)
            }
        },
        /// A recorded table taken while the claim's container was not running.
        TranscriptNotRunning {
            /// The id of the host table step.
            host: String,
            /// The id of the step that started the container.
            step: String,
            /// The container's name.
            container: String,
            /// When the table was taken.
            when: Box<Text>,
        } => msg!(transcript_not_running, host, step, container, when),
        /// How a recorded container was made: the Technical Preview's `New-Container`, running the image's own command.
        ImageNewContainer {
            /// The image.
            image: String,
        } => msg!(image_new_container, image),
        /// How a recorded container's image was obtained: as the documentation's example ran it.
        ImageInDocsExample => msg!(image_in_docs_example),
        /// The documentation's example ran another base image of the same build and isolation than the step asks for.
        ImageOtherBaseInDocsExample {
            /// The image the step asks for.
            asked: String,
            /// The image the documentation's example ran.
            ran: String,
        } => msg!(image_other_base_in_docs_example, asked, ran),
        // The Windows path (Hyper-V, engine locality, exec start) and engine failures.
        /// How to enable Hyper-V on the engine's machine.
        HypervFix => msg!(hyperv_fix),
        /// Hyper-V isolation is not available on the engine's machine (a trial container did not start).
        HypervUnavailable {
            /// The engine's error when the trial container did not start.
            error: String,
            /// How to enable Hyper-V.
            fix: Box<Text>,
        } => msg!(hyperv_unavailable, error, fix),
        /// A runtime forced on the command line that the engine does not have.
        RuntimeForcedMissing {
            /// The runtime forced.
            runtime: String,
            /// The runtimes the engine has.
            registered: String,
        } => msg!(runtime_forced_missing, runtime, registered),
        /// No sandbox runtime (gVisor's `runsc`) is registered with the engine; how to register it.
        NoSandboxRuntime => msg!(
            no_sandbox_runtime,
            config = Arg::Val(r#"{"runtimes":{"runsc":{"path":"/usr/bin/runsc"}}}"#.into())
        ),
        /// Why the engine is not on this machine: it runs another OS's containers.
        EngineOtherOs {
            /// The OS of the engine's containers.
            engine_os: String,
            /// The OS proofbook runs on.
            here_os: String,
        } => msg!(engine_other_os, engine_os, here_os),
        /// proofbook on macOS: Docker Desktop's engine lives in a Linux VM.
        EngineInMacVm => msg!(engine_in_mac_vm),
        /// Why the engine cannot be told to be on this machine: it did not say its host's name.
        EngineNoName => msg!(engine_no_name),
        /// Why the engine is not on this machine: its host has another name.
        EngineOtherName {
            /// The engine's host name.
            engine: String,
            /// This machine's name.
            here: String,
        } => msg!(engine_other_name, engine, here),
        /// Why the engine is not on this machine: its host has another amount of memory.
        EngineOtherMemory {
            /// Memory of the engine's host, in MiB.
            engine_mib: String,
            /// Memory of this machine, in MiB.
            here_mib: String,
        } => msg!(engine_other_memory, engine_mib, here_mib),
        /// Why the engine's processes are not this machine's: a running container's PID does not exist here.
        EngineContainerPidMissing {
            /// The running container's name.
            name: String,
            /// Its PID as the engine reports it.
            pid: String,
        } => msg!(engine_container_pid_missing, name, pid),
        /// An exec whose program the engine could not start in the container.
        ExecStartFailed {
            /// The program the exec asked for.
            program: String,
            /// The exit code the engine gave.
            code: String,
            /// The engine's words.
            said: String,
        } => msg!(exec_start_failed, program, code, said),
        /// The connection to the engine broke during a step.
        EngineLost {
            /// The engine's endpoint.
            endpoint: String,
            /// The client's words.
            detail: String,
        } => msg!(engine_lost, endpoint, detail),
        /// The engine did not answer a step's call within its limit.
        EngineNoAnswer {
            /// The engine's endpoint.
            endpoint: String,
            /// The limit, in seconds.
            secs: String,
        } => msg!(engine_no_answer, endpoint, secs),
        /// The engine refused a step's call.
        EngineStatus {
            /// The HTTP status of the engine's reply.
            status: String,
            /// The engine's words.
            message: String,
        } => msg!(engine_status, status, message),
        /// A step's image is not on the engine and could not be pulled.
        ImageNotPulled {
            /// The image.
            image: String,
            /// Why the pull failed.
            pull: Box<Text>,
        } => msg!(image_not_pulled, image, pull),
        /// The offline base image could be neither pulled nor built.
        ImageNotBuilt {
            /// The image.
            image: String,
            /// Why the pull failed.
            pull: Box<Text>,
            /// Why the local build failed.
            build: Box<Text>,
        } => msg!(image_not_built, image, pull, build),
        /// An image had to be pulled in offline mode.
        PullsOff => msg!(pulls_off),
        /// The offline base image needs a static busybox this machine does not have.
        NoStaticBusybox => msg!(no_static_busybox),
        /// The offline base image's tar could not be made.
        BaseImageTar {
            /// The OS's words.
            detail: String,
        } => msg!(base_image_tar, detail),
        /// A pull outlasted `--pull-timeout`.
        PullTookTooLong {
            /// The image being pulled.
            image: String,
            /// The limit, in seconds.
            secs: String,
        } => msg!(pull_took_too_long, image, secs),
        /// Reading a registry key failed.
        RegistryReadFailed {
            /// The registry key.
            key: String,
            /// The Windows error code.
            code: String,
        } => msg!(registry_read_failed, key, code),
        /// Reading the host's process table failed.
        HostTableFailed {
            /// The OS's words.
            detail: String,
        } => msg!(host_table_failed, detail),
        /// Reading the host's users failed.
        HostUsersFailed {
            /// The OS's words.
            detail: String,
        } => msg!(host_users_failed, detail),
        // end win
        // Said on pages only.
        /// An engine and where it answers (`27.3.1 (API 1.47) at unix:///var/run/docker.sock`).
        EngineAt {
            /// The engine's version (and its API version).
            engine: String,
            /// The engine's endpoint.
            endpoint: String,
        } => msg!(engine_at, engine, endpoint),
        /// A duration, in seconds.
        Seconds {
            /// The duration, to a tenth of a second.
            seconds: String,
        } => msg!(seconds, seconds),
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
