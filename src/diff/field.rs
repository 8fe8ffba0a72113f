//! What a change is about — a named value, a process view, a count — as
//! types, so each output format can word it in its own language. In JSON each
//! is the English id it has always been (`"engine version"`, `"host processes
//! named `sleep`"`): scripts read those, and they do not follow the terminal.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::platform::Isolation;

/// A named value of a step's evidence or of a host that can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub(crate) enum Field {
    /// The step itself, as the lesson writes it (its action as JSON).
    StepAsWritten,
    /// The column titles of `docker top`.
    Columns,
    /// The host file a step looked for.
    Path,
    /// Whether a host file or registry key exists (`true`, `false`).
    Exists,
    /// The registry key a step looked for.
    Key,
    /// The kind of evidence, when the two sides captured different kinds.
    EvidenceKind,
    /// A container's image.
    Image,
    /// A container's isolation mode.
    Isolation,
    /// A container's runtime.
    Runtime,
    /// A container's state as the engine reports it.
    State,
    /// A command's exit code (`none` when it has none).
    ExitCode,
    /// The host's operating system family.
    Os,
    /// The host's operating system name.
    OsName,
    /// The host's operating system version.
    OsVersion,
    /// The host's operating system build.
    OsBuild,
    /// The host's kernel version.
    Kernel,
    /// The engine's version.
    EngineVersion,
    /// The engine's API version.
    EngineApiVersion,
    /// The engine's default runtime.
    DefaultRuntime,
    /// The engine's runtimes, sorted, comma-separated.
    Runtimes,
    /// A network interface of the host, `present` on one side and `absent` on the other.
    NetInterface(String),
    /// The runtime an isolation mode runs on (`(none)` unmapped, `(missing)` unavailable).
    RunsOn(Isolation),
    /// A field this version of proofbook does not know (a report read back from JSON).
    Other(String),
}

/// A network interface only one side has: `present` on it …
pub(crate) const PRESENT: &str = "present";
/// … and `absent` on the other.
pub(crate) const ABSENT: &str = "absent";
/// The runtime of an isolation mode the record maps to none.
pub(crate) const UNMAPPED: &str = "(none)";
/// The runtime of an isolation mode the host has no runtime for.
pub(crate) const MISSING: &str = "(missing)";
/// The exit code of a command that has none.
pub(crate) const NO_EXIT_CODE: &str = "none";

/// The fields named by an id alone, in the order `diff` compares them.
const FIXED: [Field; 20] = [
    Field::StepAsWritten,
    Field::Columns,
    Field::Path,
    Field::Exists,
    Field::Key,
    Field::EvidenceKind,
    Field::Image,
    Field::Isolation,
    Field::Runtime,
    Field::State,
    Field::ExitCode,
    Field::Os,
    Field::OsName,
    Field::OsVersion,
    Field::OsBuild,
    Field::Kernel,
    Field::EngineVersion,
    Field::EngineApiVersion,
    Field::DefaultRuntime,
    Field::Runtimes,
];

const ISOLATIONS: [Isolation; 2] = [Isolation::Process, Isolation::Hyperv];

impl Field {
    /// Its id in JSON.
    pub(crate) fn id(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Field::StepAsWritten => "step as written in the lesson",
            Field::Columns => "columns",
            Field::Path => "path",
            Field::Exists => "exists",
            Field::Key => "key",
            Field::EvidenceKind => "evidence kind",
            Field::Image => "image",
            Field::Isolation => "isolation",
            Field::Runtime => "runtime",
            Field::State => "state",
            Field::ExitCode => "exit code",
            Field::Os => "os",
            Field::OsName => "os name",
            Field::OsVersion => "os version",
            Field::OsBuild => "os build",
            Field::Kernel => "kernel",
            Field::EngineVersion => "engine version",
            Field::EngineApiVersion => "engine API version",
            Field::DefaultRuntime => "default runtime",
            Field::Runtimes => "runtimes",
            Field::NetInterface(name) => return Cow::Owned(format!("network interface `{name}`")),
            Field::RunsOn(iso) => return Cow::Owned(format!("{} isolation runs on", iso.as_str())),
            Field::Other(id) => return Cow::Owned(id.clone()),
        })
    }

    /// The field a JSON id names.
    fn from_id(id: String) -> Field {
        if let Some(f) = FIXED.iter().find(|f| f.id() == id.as_str()) {
            return f.clone();
        }
        let net = id
            .strip_prefix("network interface `")
            .and_then(|rest| rest.strip_suffix('`'));
        if let Some(name) = net {
            return Field::NetInterface(name.to_string());
        }
        let runs_on = id.strip_suffix(" isolation runs on");
        match ISOLATIONS.into_iter().find(|i| Some(i.as_str()) == runs_on) {
            Some(iso) => Field::RunsOn(iso),
            None => Field::Other(id),
        }
    }
}

impl From<Field> for String {
    fn from(f: Field) -> String {
        f.id().into_owned()
    }
}

impl From<String> for Field {
    fn from(id: String) -> Field {
        Field::from_id(id)
    }
}

/// Whose process list a process change was seen in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum View {
    /// The host's process table.
    #[serde(rename = "host")]
    Host,
    /// The engine's `docker top` of a container.
    #[serde(rename = "engine (docker top)")]
    Engine,
}

impl View {
    /// Its id in JSON.
    pub(crate) fn id(self) -> &'static str {
        match self {
            View::Host => "host",
            View::Engine => "engine (docker top)",
        }
    }
}

/// What a count that moved counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub(crate) enum Counted {
    /// Non-empty lines a command printed.
    LinesOfOutput,
    /// Every process a view lists.
    Processes(View),
    /// The processes a view lists under one name.
    ProcessesNamed(View, String),
    /// A count this version of proofbook does not know (a report read back from JSON).
    Other(String),
}

impl Counted {
    /// Its id in JSON.
    pub(crate) fn id(&self) -> String {
        match self {
            Counted::LinesOfOutput => "lines of output".into(),
            Counted::Processes(view) => format!("{} processes", view.id()),
            Counted::ProcessesNamed(view, name) => format!("{} processes named `{name}`", view.id()),
            Counted::Other(id) => id.clone(),
        }
    }

    fn from_id(id: String) -> Counted {
        if id == "lines of output" {
            return Counted::LinesOfOutput;
        }
        for view in [View::Host, View::Engine] {
            let Some(rest) = id.strip_prefix(view.id()) else {
                continue;
            };
            if rest == " processes" {
                return Counted::Processes(view);
            }
            let named = rest
                .strip_prefix(" processes named `")
                .and_then(|r| r.strip_suffix('`'));
            if let Some(name) = named {
                return Counted::ProcessesNamed(view, name.to_string());
            }
        }
        Counted::Other(id)
    }
}

impl From<Counted> for String {
    fn from(c: Counted) -> String {
        c.id()
    }
}

impl From<String> for Counted {
    fn from(id: String) -> Counted {
        Counted::from_id(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids are what `diff --json` has always printed: scripts match on them.
    #[test]
    fn json_ids_are_the_ones_scripts_read_and_read_back() {
        let fields = [
            (Field::EngineApiVersion, "engine API version"),
            (Field::StepAsWritten, "step as written in the lesson"),
            (Field::NetInterface("eth0".into()), "network interface `eth0`"),
            (Field::RunsOn(Isolation::Hyperv), "hyperv isolation runs on"),
            (Field::Other("something new".into()), "something new"),
        ];
        for (field, id) in fields {
            let json = serde_json::to_string(&field).unwrap();
            assert_eq!(json, serde_json::to_string(id).unwrap());
            assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), field);
        }
        for f in FIXED {
            assert_eq!(Field::from_id(f.id().into_owned()), f);
        }
        let counts = [
            (Counted::LinesOfOutput, "lines of output"),
            (Counted::Processes(View::Host), "host processes"),
            (
                Counted::ProcessesNamed(View::Engine, "sleep".into()),
                "engine (docker top) processes named `sleep`",
            ),
            (Counted::Other("rows".into()), "rows"),
        ];
        for (counted, id) in counts {
            let json = serde_json::to_string(&counted).unwrap();
            assert_eq!(json, serde_json::to_string(id).unwrap());
            assert_eq!(serde_json::from_str::<Counted>(&json).unwrap(), counted);
        }
        assert_eq!(serde_json::to_string(&View::Engine).unwrap(), "\"engine (docker top)\"");
    }
}
