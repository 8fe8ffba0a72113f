//! Errors a reader can act on. Bad lesson input always names `file:line`.

use std::fmt;

use crate::engine::EngineError;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InputError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl InputError {
    pub fn new(path: &str, line: usize, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for InputError {}

/// What a command can fail with; each maps to one exit code.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Exit 2: the lessons or records given are malformed.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    BadInput(Vec<InputError>),
    /// Exit 3: no engine answered.
    #[error("{0}")]
    EngineUnreachable(String),
    /// Exit 3 (2 for conflicting options): the engine could not be chosen or reached; says how to fix it.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// Exit 1 is a refuted claim, not a failure; anything else unexpected is 4.
    #[error("{0}")]
    Other(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::BadInput(_) => 2,
            Failure::EngineUnreachable(_) => 3,
            // As the docker CLI refuses -H with --context: the command line is wrong.
            Failure::Engine(EngineError::Conflicting) => 2,
            Failure::Engine(_) => 3,
            Failure::Other(_) => 4,
        }
    }
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::BadInput(vec![e])
    }
}
