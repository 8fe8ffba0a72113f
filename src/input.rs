//! Bad input, named by `file:line`: the one error lessons and records share.
//! It depends on no other module, so `lesson` and `record` report bad input
//! without reaching `error`, which knows the engine (and so, through it, lessons).

use std::fmt;

/// One thing wrong with a lesson or a record, where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InputError {
    /// The file, as the reader gave it.
    pub path: String,
    pub(crate) line: usize,
    /// What is wrong, in the terminal's language.
    pub message: String,
}

impl InputError {
    /// The error at `path:line`.
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
