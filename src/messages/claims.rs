//! Claim reasons: why `src/claims` judged a claim as it did, with the
//! evidence each sentence is made from. Kept apart from the other messages
//! so the two tables grow without touching each other.

use serde::{Deserialize, Serialize};

use super::{pids, Arg, Args, Id};

/// Whose process list a reason speaks of, and the step that captured it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct View {
    /// Whose list it is: the engine's `top`, the host's table, or one printed inside.
    pub kind: ViewKind,
    /// The id of the step that captured it.
    pub step: String,
}

/// Whose process list a view is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    /// The engine's `docker top`.
    Top,
    /// The host's own process table.
    Host,
    /// A process table printed inside the container.
    Inside,
}

/// A process as a view listed it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProcName {
    /// The program's name as the view gave it.
    pub name: String,
    /// Its PID in that view.
    pub pid: u32,
}

/// What the host's table holds at a PID the engine's `top` reported:
/// a process of that name, or nothing (`None`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OnHost {
    /// The PID `top` reported.
    pub pid: u32,
    /// The name of the host process at that PID; `None`: no process there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// How the two sides of a `compare` claim were held against each other.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The two hold the same words, however spaced.
    Equals,
    /// They do not.
    Differs,
    /// The left holds the right as text.
    Contains,
    /// The left does not hold the right.
    NotContains,
}

/// What one side of a `compare` claim is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Side {
    /// Field `field` of step `step`'s evidence.
    Step {
        /// The id of the step whose evidence it is.
        step: String,
        /// The evidence field (`stdout`, `exists`, `hostname` …).
        field: String,
        /// The step that started the container an `exec` step ran in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        container: Option<String>,
    },
    /// A value the lesson writes itself: what it expects, or must not see.
    Lesson,
}

/// The two sides of a `compare` claim.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sides {
    /// What the left value is.
    pub left: Side,
    /// What the right value is.
    pub right: Side,
}

/// The inside view of a `pid_numbering` claim: where the process was found, and as which PIDs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Inside {
    /// The view the process was looked for in.
    pub view: View,
    /// The process's name, as the lesson gives it.
    pub name: String,
    /// The PIDs that view gives it.
    pub pids: Vec<u32>,
}

fn val(s: &str) -> Arg<'static> {
    Arg::Val(s.to_string())
}

fn num(n: impl ToString) -> Arg<'static> {
    Arg::Val(n.to_string())
}

/// A view, as its own sentence naming the step that captured it.
pub(super) fn view(v: &View) -> Arg<'static> {
    let id = match v.kind {
        ViewKind::Top => Id::view_top,
        ViewKind::Host => Id::view_host,
        ViewKind::Inside => Id::view_inside,
    };
    Arg::Sub(id, vec![("step", val(&v.step))])
}

/// `sleep (PID 8), sh (PID 1)`, or "nothing".
pub(super) fn procs(v: &[ProcName]) -> Arg<'static> {
    if v.is_empty() {
        return Arg::Sub(Id::nothing, vec![]);
    }
    let items = v
        .iter()
        .map(|p| Arg::Sub(Id::proc_item, vec![("name", val(&p.name)), ("pid", num(p.pid))]))
        .collect();
    Arg::Join(items, Id::sep_list)
}

/// PIDs, or "none".
pub(super) fn pids_or_none(v: &[u32]) -> Arg<'static> {
    if v.is_empty() {
        Arg::Sub(Id::none, vec![])
    } else {
        Arg::Val(pids(v))
    }
}

pub(super) fn on_host(facts: &[OnHost], if_named: Id, if_absent: Id, sep: Id) -> Arg<'static> {
    let items = facts
        .iter()
        .map(|f| match &f.name {
            Some(n) => Arg::Sub(if_named, vec![("pid", num(f.pid)), ("name", Arg::Val(n.clone()))]),
            None => Arg::Sub(if_absent, vec![("pid", num(f.pid))]),
        })
        .collect();
    Arg::Join(items, sep)
}

/// A `compare` claim's reason, as a statement of what was compared (when
/// the record kept it) and what the values are.
pub(super) fn compared(
    left: &str,
    relation: Relation,
    right: &str,
    holds: bool,
    sides: Option<&Sides>,
) -> (Id, Args<'static>) {
    let same = match (relation, holds) {
        (Relation::Equals, true) | (Relation::Differs, false) => [Id::compare_same, Id::compared_same],
        (Relation::Equals, false) | (Relation::Differs, true) => [Id::compare_different, Id::compared_different],
        (Relation::Contains, true) | (Relation::NotContains, false) => [Id::compare_has, Id::compared_has],
        (Relation::Contains, false) | (Relation::NotContains, true) => [Id::compare_lacks, Id::compared_lacks],
    };
    let values = vec![("left", val(left)), ("right", val(right))];
    match sides {
        None => (same[0], values),
        Some(s) => {
            let mut args = vec![("left_is", side(&s.left)), ("right_is", side(&s.right))];
            args.extend(values);
            (same[1], args)
        }
    }
}

/// A side of a `compare` claim, as a noun phrase: the output of an `exec`
/// in its container, another field of a step, or the lesson's value.
fn side(s: &Side) -> Arg<'static> {
    let Side::Step { step, field, container } = s else {
        return Arg::Sub(Id::side_lesson, vec![]);
    };
    match (exec_field(field), container) {
        (Some(what), Some(container)) => {
            let args = vec![
                ("what", Arg::Sub(what, vec![])),
                ("step", val(step)),
                ("container", val(container)),
            ];
            Arg::Sub(Id::side_exec, args)
        }
        _ => Arg::Sub(Id::side_field, vec![("step", val(step)), ("field", val(field))]),
    }
}

/// The catalogue's word for a field of an `exec` step's evidence.
fn exec_field(field: &str) -> Option<Id> {
    match field {
        "stdout" => Some(Id::exec_stdout),
        "stderr" => Some(Id::exec_stderr),
        "exit_code" => Some(Id::exec_exit_code),
        _ => None,
    }
}

/// A `pid_numbering` reason: the process inside, then what the outside view shows.
pub(super) fn numbering(
    id: Id,
    inside: &Inside,
    outside: &View,
    p: &[u32],
    more: Option<(&'static str, Arg<'static>)>,
) -> (Id, Args<'static>) {
    let mut a = vec![
        ("inside", view(&inside.view)),
        ("name", val(&inside.name)),
        ("in_pids", Arg::Val(pids(&inside.pids))),
        ("outside", view(outside)),
        ("pids", Arg::Val(pids(p))),
    ];
    a.extend(more);
    (id, a)
}

/// Whether the outside view gives the inside process the same PIDs; a
/// sandbox's top takes its names from the host's table, not the workload's.
pub(super) fn numbering_shared(
    inside: &Inside,
    outside: &View,
    p: &[u32],
    same: bool,
    unnamed: bool,
) -> (Id, Args<'static>) {
    let note = if unnamed {
        Arg::Sub(Id::numbering_unnamed_note, vec![("name", val(&inside.name))])
    } else {
        Arg::Val(String::new())
    };
    let id = match (same, p.is_empty()) {
        (true, _) => Id::numbering_same_pids,
        (false, false) => Id::numbering_other_pids,
        (false, true) => Id::numbering_no_pids,
    };
    numbering(id, inside, outside, p, Some(("note", note)))
}

/// A verdict by its id (`proven`, `not-run`, …), as its label in the
/// sentence's language; an id this build does not know is written as it is.
pub(super) fn verdict(id: &str) -> Arg<'static> {
    match id {
        "proven" => Arg::Sub(Id::proven, vec![]),
        "refuted" => Arg::Sub(Id::refuted, vec![]),
        "not-run" => Arg::Sub(Id::not_run, vec![]),
        "timeout" => Arg::Sub(Id::timeout, vec![]),
        "error" => Arg::Sub(Id::error, vec![]),
        other => Arg::Val(other.to_string()),
    }
}
