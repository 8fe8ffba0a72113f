//! Errors a reader can act on. Bad lesson input always names `file:line`.

use crate::messages::Id;
use crate::output::{tr, tr_io};
use std::path::PathBuf;

use crate::engine::EngineError;
pub use crate::input::InputError;

/// Why `init` could not write the built-in book (2: a file is already there, 4: it cannot be written).
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// A file `init` would write is already there; `init` never replaces one.
    #[error("{}", tr(Id::init_exists, &[("path", &.0.display().to_string())]))]
    Exists(PathBuf),
    /// A file could not be written (the path and the OS's error).
    #[error("{}", tr(Id::init_io, &[("path", &.0.display().to_string()), ("error", &tr_io(.1))]))]
    Io(PathBuf, std::io::Error),
}

/// What kept the book or a report from being written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A page of the book could not be written.
    #[error("{}", tr(Id::out_write, &[("path", &path.display().to_string()), ("error", &tr_io(source))]))]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS's error.
        source: std::io::Error,
    },
    /// The JUnit report (`--junit`) could not be written.
    #[error("{}", tr(Id::out_junit, &[("path", &path.display().to_string()), ("error", &tr_io(source))]))]
    Junit {
        /// Where it was to go.
        path: PathBuf,
        /// The OS's error.
        source: std::io::Error,
    },
    /// A bundled template failed on these records (`{e:#}`: with minijinja's context).
    #[error("{}", tr(Id::out_template, &[("template", template), ("detail", detail)]))]
    Template {
        /// The template's name (`lesson.html`, …).
        template: String,
        /// minijinja's error, with its context.
        detail: String,
    },
    /// `render` found no run records to render.
    #[error("{}", tr(Id::out_no_records, &[]))]
    NoRecords,
    /// `serve` could not listen where asked (the port taken, the address not this machine's).
    #[error("{}", tr(Id::out_serve, &[("addr", addr), ("error", &tr_io(source))]))]
    Serve {
        /// The address asked for (`127.0.0.1:3000`).
        addr: String,
        /// The OS's error.
        source: std::io::Error,
    },
    /// `serve` could not watch the lessons (already in the reader's language).
    #[error("{0}")]
    Watch(String),
}

/// How a command that ran to its end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: every claim proven or left unrun, the engine ready, no verdict changed.
    Success,
    /// Exit 1: a claim refuted or errored (`build`, `verify`: or an exercise's
    /// container missing), a verdict changed (`diff`), something the lessons
    /// need is missing (`doctor`).
    Failed,
    /// Exit 130: stopped by Ctrl-C or SIGTERM once the run's containers were removed.
    Interrupted,
}

impl Outcome {
    /// `Failed` when `failed`, else `Success`.
    pub(crate) fn failed_if(failed: bool) -> Outcome {
        if failed {
            Outcome::Failed
        } else {
            Outcome::Success
        }
    }
}

/// What every command returns; [`exit_code`] is the one place it becomes the process's exit code.
pub(crate) type CommandResult = Result<Outcome, Failure>;

/// What a command can fail with; each maps to one exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Exit 2: the lessons or records given are malformed.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    BadInput(Vec<InputError>),
    /// Exit 3 (2 for conflicting options): the engine could not be chosen or reached; says how to fix it.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// Exit 2 when `init` would overwrite a file, 4 when it cannot write one.
    #[error(transparent)]
    Init(#[from] InitError),
    /// Exit 4: the book or a report could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Exit 4: the report could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The command already showed this failure in its own report (doctor's
    /// checklist, on stdout): only its exit code is left to give.
    #[error("{0}")]
    Shown(Box<Failure>),
}

impl Failure {
    /// The exit code this failure ends the process with (README, "Commands").
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::BadInput(_) => 2,
            // As the docker CLI refuses -H with --context: the command line is wrong.
            Failure::Engine(EngineError::Conflicting) => 2,
            Failure::Engine(_) => 3,
            Failure::Init(InitError::Exists(_)) => 2,
            Failure::Init(InitError::Io(..)) => 4,
            Failure::Output(_) | Failure::Json(_) => 4,
            Failure::Shown(f) => f.exit_code(),
        }
    }
}

/// The process's exit code for a command's result (README, "Commands", documents them):
/// 0 success, 1 a claim refuted or a verdict changed, 2 bad input, 3 no engine,
/// 4 anything unexpected, 130 interrupted.
pub fn exit_code(result: &CommandResult) -> i32 {
    match result {
        Ok(Outcome::Success) => 0,
        Ok(Outcome::Failed) => 1,
        Ok(Outcome::Interrupted) => 130,
        Err(f) => f.exit_code(),
    }
}

/// Prints a failure once, on stderr, unless the command showed it already; returns the exit code.
pub fn report(result: CommandResult) -> i32 {
    if let Err(f) = &result {
        if !matches!(f, Failure::Shown(_)) {
            crate::errln!("{f}");
        }
    }
    exit_code(&result)
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::BadInput(vec![e])
    }
}

impl From<Vec<InputError>> for Failure {
    fn from(e: Vec<InputError>) -> Self {
        Failure::BadInput(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_result_has_its_documented_exit_code() {
        let io = || std::io::Error::other("disk full");
        let cases: Vec<(CommandResult, i32)> = vec![
            (Ok(Outcome::Success), 0),
            (Ok(Outcome::Failed), 1),
            (Ok(Outcome::Interrupted), 130),
            (Err(InputError::new("a.md", 3, "bad").into()), 2),
            (Err(EngineError::Conflicting.into()), 2),
            (Err(EngineError::Unreachable { detail: "x".into() }.into()), 3),
            (Err(InitError::Exists("lessons/a.md".into()).into()), 2),
            (Err(InitError::Io("lessons/a.md".into(), io()).into()), 4),
            (Err(OutputError::NoRecords.into()), 4),
            (
                Err(Failure::Shown(Box::new(
                    EngineError::Unreachable { detail: "x".into() }.into(),
                ))),
                3,
            ),
        ];
        for (result, code) in &cases {
            assert_eq!(exit_code(result), *code, "{result:?}");
        }
    }
}
