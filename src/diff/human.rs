//! What the two formats for people (text and Markdown) say of one change
//! and of one lesson.

use super::report::{Change, LessonRef};

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Outcome { old, new, detail } if detail.is_empty() => write!(f, "outcome {old} → {new}"),
            Change::Outcome { old, new, detail } => write!(f, "outcome {old} → {new} ({detail})"),
            Change::StepAdded => write!(f, "step added"),
            Change::StepRemoved => write!(f, "step removed"),
            Change::ProcessAppeared { view, name, count } => write!(f, "{view}: process `{name}` appeared (×{count})"),
            Change::ProcessVanished { view, name, count } => {
                write!(f, "{view}: process `{name}` vanished (was ×{count})")
            }
            Change::Count { what, old, new } => write!(f, "{what}: {old} → {new}"),
            Change::Value { field, old, new } => write!(f, "{field}: `{old}` → `{new}`"),
        }
    }
}

impl LessonRef {
    pub(super) fn show(&self) -> String {
        match &self.host {
            Some(h) => format!("[{h}] {}/{}", self.lang, self.lesson),
            None => format!("{}/{}", self.lang, self.lesson),
        }
    }
}
