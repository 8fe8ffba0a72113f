//! What the two formats for people (text and Markdown) say of one change,
//! one lesson and one verdict, in the reader's language. Every word is a
//! sentence of the catalogue; values from records (names, versions, ids, an
//! engine's error) stay as they are, in backticks.
//!
//! A word proofbook itself puts in a report as a value — a verdict, a step's
//! outcome, `present`, `(none)` — is shown in English as its id, what
//! `--json` and scripts read (as the terminal shows verdicts everywhere), and in
//! any other language as the word the pages use.

use super::field::{Counted, Field, View, ABSENT, MISSING, NO_EXIT_CODE, PRESENT, UNMAPPED};
use super::report::{Change, LessonRef};
use crate::messages::{say, Id, Lang};
use crate::record::Verdict;

impl Change {
    /// The change as one line in `lang`.
    pub(crate) fn describe(&self, lang: Lang) -> String {
        match self {
            Change::Outcome { old, new, detail } => {
                let (old, new) = (outcome(lang, old), outcome(lang, new));
                match detail {
                    None => say(lang, Id::diff_outcome, &[("old", &old), ("new", &new)]),
                    Some(d) => say(
                        lang,
                        Id::diff_outcome_why,
                        &[("old", &old), ("new", &new), ("detail", &d.plain(lang))],
                    ),
                }
            }
            Change::StepAdded => say(lang, Id::diff_step_added, &[]),
            Change::StepRemoved => say(lang, Id::diff_step_removed, &[]),
            Change::ProcessAppeared { view, name, count } => {
                let args = [
                    ("view", view.named_in(lang)),
                    ("name", name.clone()),
                    ("count", count.to_string()),
                ];
                say(lang, Id::diff_appeared, &pairs(&args))
            }
            Change::ProcessVanished { view, name, count } => {
                let args = [
                    ("view", view.named_in(lang)),
                    ("name", name.clone()),
                    ("count", count.to_string()),
                ];
                say(lang, Id::diff_vanished, &pairs(&args))
            }
            Change::Count { what, old, new } => {
                let args = [
                    ("what", what.named_in(lang)),
                    ("old", old.to_string()),
                    ("new", new.to_string()),
                ];
                say(lang, Id::diff_count, &pairs(&args))
            }
            Change::Value { field, old, new } => {
                let args = [
                    ("field", field.named_in(lang)),
                    ("old", value(lang, field, old)),
                    ("new", value(lang, field, new)),
                ];
                say(lang, Id::diff_value, &pairs(&args))
            }
        }
    }
}

fn pairs<'a>(args: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    args.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

impl View {
    fn named_in(self, lang: Lang) -> String {
        let id = match self {
            View::Host => Id::diff_view_host,
            View::Engine => Id::diff_view_engine,
        };
        say(lang, id, &[])
    }
}

impl Counted {
    fn named_in(&self, lang: Lang) -> String {
        match self {
            Counted::LinesOfOutput => say(lang, Id::diff_lines_of_output, &[]),
            Counted::Processes(view) => say(lang, Id::diff_processes, &[("view", &view.named_in(lang))]),
            Counted::ProcessesNamed(view, name) => say(
                lang,
                Id::diff_processes_named,
                &[("view", &view.named_in(lang)), ("name", name)],
            ),
            Counted::Other(id) => id.clone(),
        }
    }
}

impl Field {
    /// The field's name in `lang`: a table cell in Markdown, the start of a line in text.
    pub(super) fn named_in(&self, lang: Lang) -> String {
        let id = match self {
            Field::StepAsWritten => Id::diff_f_step_as_written,
            Field::Columns => Id::diff_f_columns,
            Field::Path => Id::diff_f_path,
            Field::Exists => Id::diff_f_exists,
            Field::Key => Id::diff_f_key,
            Field::EvidenceKind => Id::diff_f_evidence_kind,
            Field::Image => Id::diff_f_image,
            Field::Isolation => Id::diff_f_isolation,
            Field::Runtime => Id::diff_f_runtime,
            Field::State => Id::diff_f_state,
            Field::ExitCode => Id::diff_f_exit_code,
            Field::Os => Id::diff_f_os,
            Field::OsName => Id::diff_f_os_name,
            Field::OsVersion => Id::diff_f_os_version,
            Field::OsBuild => Id::diff_f_os_build,
            Field::Kernel => Id::diff_f_kernel,
            Field::EngineVersion => Id::diff_f_engine_version,
            Field::EngineApiVersion => Id::diff_f_engine_api_version,
            Field::DefaultRuntime => Id::diff_f_default_runtime,
            Field::Runtimes => Id::diff_f_runtimes,
            Field::NetInterface(name) => return say(lang, Id::diff_f_net_interface, &[("name", name)]),
            Field::RunsOn(iso) => return say(lang, Id::diff_f_runs_on, &[("isolation", iso.as_str())]),
            Field::Other(id) => return id.clone(),
        };
        say(lang, id, &[])
    }
}

/// A value of `field` as a line shows it: from a record, in backticks as it
/// is; proofbook's own marker (`present`, `(none)` …), see [`marker`].
fn value(lang: Lang, field: &Field, v: &str) -> String {
    marker(lang, field, v).unwrap_or_else(|| format!("`{v}`"))
}

/// The word for proofbook's own marker among the values of `field`
/// (`present`, `(none)`, `none` …) in any language but English (whose
/// readers see the id, as `--json` prints it); None for a value from a record.
pub(super) fn marker(lang: Lang, field: &Field, v: &str) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let t = lang.catalogue();
    Some(match (field, v) {
        (Field::NetInterface(_), PRESENT) | (Field::Exists, "true") => t.exists.into(),
        (Field::NetInterface(_), ABSENT) | (Field::Exists, "false") => t.absent.into(),
        (Field::RunsOn(_), UNMAPPED) => say(lang, Id::diff_not_mapped, &[]),
        (Field::RunsOn(_), MISSING) => say(lang, Id::diff_runtime_missing, &[]),
        (Field::ExitCode, NO_EXIT_CODE) => say(lang, Id::diff_no_exit_code, &[]),
        _ => return None,
    })
}

/// A step outcome's label (`ok`, `not-run` …) as a line shows it.
fn outcome(lang: Lang, label: &str) -> String {
    let t = lang.catalogue();
    let word = match label {
        _ if lang == Lang::En => label,
        "ok" => t.ok,
        "not-run" => t.not_run,
        "timeout" => t.timeout,
        "error" => t.error,
        other => other,
    };
    word.to_string()
}

/// A verdict as a line shows it: `proven` in English, the page's 증명됨 in Korean.
pub(super) fn verdict(lang: Lang, v: Verdict) -> String {
    match lang {
        Lang::En => v.as_str().to_string(),
        _ => lang.catalogue().label(v).to_string(),
    }
}

impl LessonRef {
    /// `en/lesson`, after `[host]` when each side has several hosts.
    pub(super) fn show(&self) -> String {
        match &self.host {
            Some(h) => format!("[{h}] {}/{}", self.lang, self.lesson),
            None => format!("{}/{}", self.lang, self.lesson),
        }
    }
}
