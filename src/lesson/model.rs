//! The parsed form of a lesson file. Plain serde types: the runner, the
//! claim judge and the renderer all read these, none of them re-parse Markdown.

use serde::{Deserialize, Serialize};

use crate::platform::Os;
// An isolation mode is a platform's idea; lessons name it.
pub use crate::platform::Isolation;

/// One lesson file, in one language.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Lesson {
    /// The file it was read from, as given (what `file:line` messages name).
    pub path: String,
    /// Its front matter: title, language, lesson id, place in the book.
    pub meta: FrontMatter,
    /// Prose and executable blocks in document order.
    pub blocks: Vec<Block>,
}

impl Lesson {
    /// The steps, in the order they run.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Step(s) => Some(s),
            _ => None,
        })
    }
    /// The claims, in document order.
    pub fn claims(&self) -> impl Iterator<Item = &Claim> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Claim(c) => Some(c),
            _ => None,
        })
    }
    pub(crate) fn step(&self, id: &str) -> Option<&Step> {
        self.steps().find(|s| s.id == id)
    }
    /// `<lesson>/<lang>`: unique across a book.
    pub fn key(&self) -> String {
        format!("{}/{}", self.meta.lang, self.meta.lesson)
    }
    /// Where the lesson stands in a book: by `order`, then id, then language.
    pub(crate) fn book_order(&self) -> (u32, &str, &str) {
        (self.meta.order, &self.meta.lesson, &self.meta.lang)
    }
}

/// The YAML between `---` lines at the top of a lesson file; every field is
/// required and no other is accepted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page's title.
    pub title: String,
    /// The language the file is written in: `en` or `ko`.
    pub lang: String,
    /// The lesson's id, shared by its languages; it names the lesson's pages
    /// and records, so it is letters, digits, `-` and `_` only.
    pub lesson: String,
    /// Place in the book, ascending.
    pub order: u32,
    /// One sentence for the book's index.
    pub summary: String,
}

/// A piece of a lesson, in document order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Prose between executable blocks.
    Prose {
        /// Its Markdown source, in the lesson's language.
        markdown: String,
    },
    /// A ```` ```step ```` block: something to run and capture.
    Step(Step),
    /// A ```` ```claim ```` block: a sentence judged from captured evidence.
    Claim(Claim),
}

/// A value the lesson may give once, or per host OS.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum PerOs<T> {
    /// Given per OS of the engine's containers; an OS left out has no form of
    /// the step or claim, which is then not run (checked) there.
    Split {
        /// The value on an engine running Windows containers.
        #[serde(default)]
        windows: Option<T>,
        /// The value on an engine running Linux containers.
        #[serde(default)]
        linux: Option<T>,
    },
    /// One value for every host.
    Same(T),
}

impl<T: Clone> PerOs<T> {
    /// `None` when the lesson gives no value for this OS: the step is not for this host.
    pub fn for_os(&self, os: Os) -> Option<T> {
        match self {
            PerOs::Same(v) => Some(v.clone()),
            PerOs::Split { windows, linux } => match os {
                Os::Windows => windows.clone(),
                Os::Linux => linux.clone(),
            },
        }
    }
    /// The one OS this value is given for, if it is given for exactly one.
    pub(crate) fn only_for(&self) -> Option<Os> {
        match self {
            PerOs::Split {
                windows: Some(_),
                linux: None,
            } => Some(Os::Windows),
            PerOs::Split {
                windows: None,
                linux: Some(_),
            } => Some(Os::Linux),
            _ => None,
        }
    }
}

/// Why a step (or claim) with no form for `os` is not run (checked) there,
/// in words a reader can act on: "Windows-only: …" when the lesson gives it
/// for the other OS alone.
pub(crate) fn no_form<T: Clone>(v: &PerOs<T>, os: Os, claim: bool) -> crate::messages::Msg {
    use crate::messages::Msg;
    let os_name = os_title(os).to_string();
    match (v.only_for(), claim) {
        (Some(only), false) if only != os => Msg::StepOnlyFor {
            only: os_title(only).into(),
            os: os_name,
        },
        (Some(only), true) if only != os => Msg::ClaimOnlyFor {
            only: os_title(only).into(),
            os: os_name,
        },
        (_, false) => Msg::StepNoForm { os: os_name },
        (_, true) => Msg::ClaimNoForm { os: os_name },
    }
}

fn os_title(os: Os) -> &'static str {
    match os {
        Os::Linux => "Linux",
        Os::Windows => "Windows",
    }
}

/// The longest time limit a step may have, in seconds.
pub(crate) const MAX_STEP_SECONDS: f64 = 3600.0;

/// Something a lesson runs on the engine or the host, whose evidence claims read.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Step {
    /// Unique in the lesson; claims and other steps name the step by it.
    pub id: String,
    /// 1-based line of the opening fence, for `file:line` messages.
    pub line: usize,
    /// Seconds; the runner's default applies when absent.
    pub timeout: Option<f64>,
    /// What the step does.
    pub action: Action,
}

/// What a step does; its evidence has the same kind (`record::Evidence`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Start a container.
    Run(RunAction),
    /// The engine's process list of a container (`docker top`).
    Top(TopAction),
    /// The host's own process table, filtered.
    HostProcesses(HostProcessesAction),
    /// A command inside a running container, with its output.
    Exec(ExecAction),
    /// The host's OS, kernel and engine versions.
    HostInfo(HostInfoAction),
    /// Whether a path exists on the host.
    HostFile(HostFileAction),
    /// An exercise: a container the learner started by hand.
    Adopt(AdoptAction),
    /// Whether a key or value exists in the host's registry (Windows).
    HostRegistry(HostRegistryAction),
}

impl Action {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Action::Run(_) => "run",
            Action::Top(_) => "top",
            Action::HostProcesses(_) => "host_processes",
            Action::Exec(_) => "exec",
            Action::HostInfo(_) => "host_info",
            Action::HostFile(_) => "host_file",
            Action::Adopt(_) => "adopt",
            Action::HostRegistry(_) => "host_registry",
        }
    }
    /// Step ids this action cannot run without.
    pub(crate) fn depends_on(&self) -> Vec<&str> {
        match self {
            Action::Top(a) => vec![a.container.as_str()],
            Action::Exec(a) => vec![a.container.as_str()],
            Action::Run(_)
            | Action::HostProcesses(_)
            | Action::HostInfo(_)
            | Action::HostFile(_)
            | Action::Adopt(_)
            | Action::HostRegistry(_) => vec![],
        }
    }
    /// Step ids this action reads from when they ran; a host table is still
    /// worth taking when one of the PID sources did not come out.
    pub(crate) fn reads(&self) -> Vec<&str> {
        match self {
            Action::HostProcesses(a) => a.pids_from.iter().map(String::as_str).collect(),
            other => other.depends_on(),
        }
    }
}

/// Start a container, labelled as this run's; it is removed once its lesson has run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RunAction {
    /// The image, per OS (a Windows image's tag may follow the host's build).
    pub image: PerOs<String>,
    pub(crate) isolation: Isolation,
    /// The container's command, per OS.
    pub command: PerOs<Vec<String>>,
    /// Extra settings a lesson might try; all are refused by validation
    /// because a workbook must never weaken the host's isolation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) privileged: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) binds: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) network: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) pid: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) devices: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) cap_add: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) hostname: Option<String>,
}

/// An exercise: a container the learner starts by hand, found by name.
/// `build` never starts it; `proofbook verify` reads it and never creates,
/// stops or removes it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AdoptAction {
    /// The container name the learner gives with `--name`.
    pub(crate) name: String,
    /// What the learner is asked to do, in the lesson's language (Markdown).
    pub task: String,
    /// The command to type, per host OS.
    pub(crate) command: PerOs<String>,
}

/// List a container's processes as the engine sees them (`docker top`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TopAction {
    /// Id of the `run` step whose container is listed.
    pub container: String,
}

/// Read the host's process table, keeping the processes the filters name
/// (all of them when none is given).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct HostProcessesAction {
    /// Keep host processes with one of these names (case-insensitive, `.exe` ignored).
    #[serde(default)]
    pub name: Option<PerOs<Vec<String>>>,
    /// Keep host processes whose PID another capture (`top`, `exec`) reported.
    #[serde(default)]
    pub pids_from: Vec<String>,
    /// Keep host processes with these PIDs (e.g. 1, the host's own init).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pids: Vec<u32>,
}

/// Run a command inside a container a `run` step started.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExecAction {
    /// Id of the `run` step whose container runs the command.
    pub container: String,
    /// The command, per OS.
    pub command: PerOs<Vec<String>>,
    /// `ps`: the output is a process table (`ps`, `tasklist`), so checks can
    /// read it as the container's own view of its processes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parse: Option<ParseAs>,
}

/// How an exec's output is read besides as text.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ParseAs {
    /// As a process table (`ps`, `tasklist`): the container's own view of its processes.
    Ps,
}

/// Read the host's OS, kernel, engine and network facts; takes no settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct HostInfoAction {}

/// Look on the host's filesystem for a path (e.g. one a container wrote).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HostFileAction {
    pub(crate) path: PerOs<String>,
}

/// Look in the host's registry (Windows) for a key, or a value under it: a
/// process-isolated container writes its own copy of the registry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HostRegistryAction {
    /// `HKLM\SOFTWARE\…` (or `HKEY_LOCAL_MACHINE\…`, `HKCU`, `HKU`, `HKCR`).
    pub(crate) key: PerOs<String>,
    /// A value name under the key; without it, the key itself is looked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<String>,
}

/// A sentence a lesson asserts and the check that decides it from evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claim {
    /// Unique in the lesson; records, `diff` and the comparison matrix match
    /// a claim across languages and hosts by `<lesson>/<id>`.
    pub id: String,
    /// 1-based line of the opening fence, for `file:line` messages.
    pub line: usize,
    /// The sentence the lesson asserts, in the lesson's language.
    pub says: String,
    /// How the claim is decided.
    pub check: Check,
    /// What to try when an exercise's claim is not proven, in the lesson's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// How a claim is decided. Every variant reads only captured evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Check {
    /// The container's process (as the engine's `top` lists it) is a host
    /// process with the same PID and name.
    VisibleOnHost {
        /// Id of the `top` step that listed the container's processes.
        top: String,
        /// Id of the `host_processes` step with the host's table.
        host: String,
        /// The container's process, by name.
        process: PerOs<String>,
    },
    /// No host process has the PID and name `top` gave for the container's process.
    HiddenFromHost {
        /// Id of the `top` step that listed the container's processes.
        top: String,
        /// Id of the `host_processes` step with the host's table.
        host: String,
        /// The container's process, by name.
        process: PerOs<String>,
    },
    /// Host processes with a name: how many. With `containers`, each listed
    /// container must own exactly `per_container` of them (matched by container
    /// id in the process's command line or user); without, the total is compared.
    HostProcessCount {
        /// Id of the `host_processes` step whose table is counted.
        host: String,
        /// Absent: the VM worker name of this host's sandbox runtime.
        #[serde(default)]
        name: Option<PerOs<String>>,
        /// Ids of the `run` steps whose containers must each own workers.
        #[serde(default)]
        containers: Vec<String>,
        /// How many of the processes each listed container must own.
        #[serde(default)]
        per_container: Option<usize>,
        /// A `host_processes` step taken before the containers started. When no
        /// worker names a container (a Windows `vmwp` is named after its VM, not
        /// the container), workers are counted by what appeared since.
        #[serde(default)]
        before: Option<String>,
        /// The fewest processes in all.
        #[serde(default)]
        min: Option<usize>,
        /// The most processes in all.
        #[serde(default)]
        max: Option<usize>,
    },
    /// The engine's `top` lists processes with all these names.
    TopLists {
        /// Id of the `top` step.
        top: String,
        /// The process names it must list, per OS.
        names: PerOs<Vec<String>>,
    },
    /// Compare two captured values.
    Compare {
        /// The value compared.
        left: ValueRef,
        /// How.
        op: CompareOp,
        /// What it is compared with.
        right: ValueRef,
    },
    /// A process view (`top`, `exec` with `parse: ps`, `host_processes`)
    /// lists processes with all these names.
    Lists {
        /// Id of the step whose process view is read.
        view: String,
        /// The process names it must list, per OS.
        names: PerOs<Vec<String>>,
    },
    /// In a process view, PID `pid` is the named process.
    PidIs {
        /// Id of the step whose process view is read.
        view: String,
        /// The PID looked up in that view.
        pid: u32,
        /// The process it must be, by name.
        process: PerOs<String>,
    },
    /// In a process view, PID `pid` exists and is some other process.
    PidIsNot {
        /// Id of the step whose process view is read.
        view: String,
        /// The PID looked up in that view.
        pid: u32,
        /// The process it must not be, by name.
        process: PerOs<String>,
    },
    /// The PID `inside` gives a process against the PID(s) `outside` gives it:
    /// `own` numbering when they differ, `shared` when one is the same.
    PidNumbering {
        /// Id of the step with the container's own view (`exec` with `parse: ps`).
        inside: String,
        /// Id of the step with a view from outside (`top`, `host_processes`).
        outside: String,
        /// The process compared, by name.
        process: PerOs<String>,
        /// Which numbering proves the claim.
        numbering: Numbering,
    },
}

/// Whether a container numbers its processes itself (a PID namespace of its own).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// The outside view lists the process under a different PID.
    Own,
    /// The outside view reports the PID the process has inside.
    Shared,
}

impl Check {
    /// The kind's name as a lesson writes it (`kind: visible_on_host`).
    pub fn kind(&self) -> &'static str {
        match self {
            Check::VisibleOnHost { .. } => "visible_on_host",
            Check::HiddenFromHost { .. } => "hidden_from_host",
            Check::HostProcessCount { .. } => "host_process_count",
            Check::TopLists { .. } => "top_lists",
            Check::Compare { .. } => "compare",
            Check::Lists { .. } => "lists",
            Check::PidIs { .. } => "pid_is",
            Check::PidIsNot { .. } => "pid_is_not",
            Check::PidNumbering { .. } => "pid_numbering",
        }
    }
    /// Step ids whose evidence the check reads.
    pub fn steps(&self) -> Vec<&str> {
        match self {
            Check::VisibleOnHost { top, host, .. } | Check::HiddenFromHost { top, host, .. } => {
                vec![top, host]
            }
            Check::HostProcessCount {
                host,
                containers,
                before,
                ..
            } => std::iter::once(host.as_str())
                .chain(before.as_deref())
                .chain(containers.iter().map(String::as_str))
                .collect(),
            Check::TopLists { top, .. } => vec![top],
            Check::Compare { left, right, .. } => left.step().into_iter().chain(right.step()).collect(),
            Check::Lists { view, .. } | Check::PidIs { view, .. } | Check::PidIsNot { view, .. } => vec![view],
            Check::PidNumbering { inside, outside, .. } => vec![inside, outside],
        }
    }
}

/// A value taken from evidence, or a literal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged, deny_unknown_fields)]
pub enum ValueRef {
    /// A field of a step's evidence: `stdout` of an exec, `exists` of a
    /// host_file, `os_build`/`kernel`/`hostname`… of a host_info.
    Field {
        /// The step's id.
        step: String,
        /// The evidence field's name.
        field: String,
    },
    /// A value written in the lesson.
    Literal {
        /// The value, per OS.
        value: PerOs<String>,
    },
}

impl ValueRef {
    pub(crate) fn step(&self) -> Option<&str> {
        match self {
            ValueRef::Field { step, .. } => Some(step),
            ValueRef::Literal { .. } => None,
        }
    }
}

/// How a `compare` claim relates its two values.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    /// The same words, however spaced (`ls` prints a name a line, a host field joins them with spaces).
    Equals,
    /// Not the same words.
    Differs,
    /// The left text holds the right one (which must not be empty: every text holds it).
    Contains,
    /// The left text does not hold the right one (which must not be empty).
    NotContains,
}
