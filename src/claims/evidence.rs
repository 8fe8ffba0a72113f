//! What every judge reads: the evidence a run captured, looked up by step,
//! and what each view was asked for (so that a process missing from it counts
//! as evidence only where the view would have listed it).

use super::parse_process_table;
use crate::lesson::{Action, HostProcessesAction, ParseAs};
use crate::messages::{View, ViewKind};
use crate::platform::{self, Isolation, IsolationBinding, Os};
use crate::record::{Evidence, HostQuery, ProcInfo, StepRecord};

/// What a check may read: the steps recorded so far and the host they ran on.
pub struct EvidenceSet<'a> {
    /// The OS of the host the steps ran on: it picks each claim's form.
    pub os: Os,
    /// The recorded steps, in the order they ran.
    pub steps: &'a [StepRecord],
    /// The host-side process a sandboxed container shows as on this host.
    pub worker: Option<&'a str>,
}

impl<'a> EvidenceSet<'a> {
    /// The evidence of `steps`, taken on a host of `os` whose isolation modes
    /// map as `bindings` (which names the worker a sandboxed container shows as).
    pub(crate) fn on_host(os: Os, steps: &'a [StepRecord], bindings: &'a [IsolationBinding]) -> EvidenceSet<'a> {
        let worker = platform::binding_for(bindings, Isolation::Hyperv).and_then(|b| b.worker.as_deref());
        EvidenceSet { os, steps, worker }
    }

    /// The recorded step `id`, if it was recorded.
    pub(super) fn step(&self, id: &str) -> Option<&'a StepRecord> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// The processes the engine's `top` step `id` listed (none if it is not one).
pub(super) fn top_procs<'a>(ev: &EvidenceSet<'a>, id: &str) -> &'a [ProcInfo] {
    match ev.step(id).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::Top { processes, .. }) => processes,
        _ => &[],
    }
}

/// The processes the host table step `id` listed (none if it is not one).
pub(super) fn host_procs<'a>(ev: &EvidenceSet<'a>, id: &str) -> &'a [ProcInfo] {
    match ev.step(id).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::HostProcesses { processes, .. }) => processes,
        _ => &[],
    }
}

/// PIDs the named captures reported: a `top`, or an `exec` read as a process table.
pub(crate) fn reported_pids(steps: &[StepRecord], from: &[String]) -> Vec<u32> {
    from.iter()
        .filter_map(|id| steps.iter().find(|s| &s.id == id))
        .flat_map(|s| match (&s.evidence, &s.request.action) {
            (Some(Evidence::Top { processes, .. }), _) => processes.iter().map(|p| p.pid).collect(),
            (Some(Evidence::Exec { stdout, .. }), Action::Exec(e)) if e.parse == Some(ParseAs::Ps) => {
                parse_process_table(stdout).iter().map(|p| p.pid).collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

/// What a host table without a recorded query was asked for, read from its request.
fn requested(ev: &EvidenceSet, hp: &HostProcessesAction) -> HostQuery {
    let mut pids = reported_pids(ev.steps, &hp.pids_from);
    pids.extend(&hp.pids);
    HostQuery {
        names: hp.name.as_ref().and_then(|n| n.for_os(ev.os)).unwrap_or_default(),
        pids,
    }
}

/// What a view was asked for.
enum Asked {
    /// A `top` or a `ps` inside: it lists all the processes it can see.
    Everything,
    Query(HostQuery),
    /// A host table whose request is not known: no absence from it counts.
    Unknown,
}

fn asked(ev: &EvidenceSet, id: &str) -> Asked {
    let Some(step) = ev.step(id) else { return Asked::Unknown };
    match (&step.evidence, &step.request.action) {
        (Some(Evidence::HostProcesses { query: Some(q), .. }), _) => Asked::Query(q.clone()),
        (Some(Evidence::HostProcesses { query: None, .. }), Action::HostProcesses(hp)) => {
            Asked::Query(requested(ev, hp))
        }
        (Some(Evidence::HostProcesses { .. }), _) => Asked::Unknown,
        _ => Asked::Everything,
    }
}

/// Whether view `id` would hold PID `pid` had the process there been `name`:
/// only then is the PID's absence from it evidence.
pub(super) fn would_hold(ev: &EvidenceSet, id: &str, pid: u32, name: &str) -> bool {
    if was_cut(ev, id) {
        return false;
    }
    match asked(ev, id) {
        Asked::Everything => true,
        Asked::Query(q) => q.would_hold(pid, name),
        Asked::Unknown => false,
    }
}

/// Whether view `id` holds every process named `name` it could see.
pub(super) fn covers_name(ev: &EvidenceSet, id: &str, name: &str) -> bool {
    if was_cut(ev, id) {
        return false;
    }
    match asked(ev, id) {
        Asked::Everything => true,
        Asked::Query(q) => q.covers_name(name),
        Asked::Unknown => false,
    }
}

/// Whether a step's capture was cut at the build's cap: what it lacks may
/// be in the part that was not kept.
pub(super) fn was_cut(ev: &EvidenceSet, id: &str) -> bool {
    ev.step(id).is_some_and(|s| !s.cut.is_empty())
}

/// The processes a view reported: the engine's top, the host's table, or an
/// exec whose output the lesson asked to read as a process table.
pub(super) fn view_procs(ev: &EvidenceSet, id: &str) -> Vec<ProcInfo> {
    let Some(step) = ev.step(id) else { return Vec::new() };
    match (&step.evidence, &step.request.action) {
        (Some(Evidence::Top { processes, .. }), _) | (Some(Evidence::HostProcesses { processes, .. }), _) => {
            processes.clone()
        }
        (Some(Evidence::Exec { stdout, .. }), Action::Exec(e)) if e.parse == Some(ParseAs::Ps) => {
            parse_process_table(stdout)
        }
        _ => Vec::new(),
    }
}

/// Whether step `id` is the engine's `top`.
pub(super) fn is_top(ev: &EvidenceSet, id: &str) -> bool {
    matches!(
        ev.step(id).and_then(|s| s.evidence.as_ref()),
        Some(Evidence::Top { .. })
    )
}

/// Whose view a step is, for reasons a reader can follow.
pub(super) fn view_label(ev: &EvidenceSet, id: &str) -> View {
    let kind = match ev.step(id).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::Top { .. }) => ViewKind::Top,
        Some(Evidence::HostProcesses { .. }) => ViewKind::Host,
        _ => ViewKind::Inside,
    };
    View {
        kind,
        step: id.to_string(),
    }
}
