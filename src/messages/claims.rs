//! Claim reasons: why `src/claims` judged a claim as it did, with the
//! evidence each sentence is made from. Kept apart from the other messages
//! so the two tables grow without touching each other.

use serde::{Deserialize, Serialize};

use super::{pids, Arg, Args, Id};

/// Whose process list a reason speaks of, and the step that captured it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct View {
    pub kind: ViewKind,
    pub step: String,
}

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
    pub name: String,
    pub pid: u32,
}

/// What the host's table holds at a PID the engine's `top` reported:
/// a process of that name, or nothing (`None`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OnHost {
    pub pid: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// How the two sides of a `compare` claim were held against each other.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Equals,
    Differs,
    Contains,
    NotContains,
}

/// The inside view of a `pid_numbering` claim: where the process was found, and as which PIDs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Inside {
    pub view: View,
    pub name: String,
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

/// A `compare` claim's reason, as a statement of what the values are.
pub(super) fn compared(left: &str, relation: Relation, right: &str, holds: bool) -> (Id, Args<'static>) {
    let id = match (relation, holds) {
        (Relation::Equals, true) | (Relation::Differs, false) => Id::compare_same,
        (Relation::Equals, false) | (Relation::Differs, true) => Id::compare_different,
        (Relation::Contains, true) | (Relation::NotContains, false) => Id::compare_has,
        (Relation::Contains, false) | (Relation::NotContains, true) => Id::compare_lacks,
    };
    (id, vec![("left", val(left)), ("right", val(right))])
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
