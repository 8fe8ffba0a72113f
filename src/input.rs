//! Bad input, named by `file:line`: the one error lessons and records share.
//! It depends on no other module, so `lesson` and `record` report bad input
//! without reaching `error`, which knows the engine (and so, through it, lessons).

use std::fmt;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InputError {
    pub path: String,
    pub(crate) line: usize,
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
