//! Claims that could not fail are refused before anything runs: a PROVEN
//! that no evidence could have turned into REFUTED proves nothing. Each rule
//! here is one form of claim the judge would otherwise prove whatever the
//! run captured (docs/lesson-format.md lists them, kind by kind).

use crate::messages::Id;
use crate::output::tr;
use std::collections::HashMap;

use super::model::*;
use crate::input::InputError;
use crate::platform::Os;
use crate::process::normalize_name;

/// No host can run more processes than this (Linux's largest `pid_max`), so a
/// count bounded above by more could not fail.
pub(crate) const MAX_PROCESSES: usize = 4_194_304;

const OSES: [Os; 2] = [Os::Linux, Os::Windows];

/// What a `host_processes` step asks for on one OS; None when it is not a
/// host table or has no form there (it does not run, so nothing is read).
struct Reach<'a> {
    names: Vec<String>,
    pids: &'a [u32],
    from: &'a [String],
}

impl Reach<'_> {
    fn of<'s>(step: &'s Step, os: Os) -> Option<Reach<'s>> {
        let Action::HostProcesses(hp) = &step.action else {
            return None;
        };
        let names = match &hp.name {
            Some(n) => n.for_os(os)?,
            None => Vec::new(),
        };
        Some(Reach {
            names,
            pids: &hp.pids,
            from: &hp.pids_from,
        })
    }
    fn all(&self) -> bool {
        self.names.is_empty() && self.pids.is_empty() && self.from.is_empty()
    }
    fn covers(&self, name: &str) -> bool {
        self.all() || self.names.iter().any(|n| normalize_name(n) == normalize_name(name))
    }
    /// Whether the table holds the PIDs view `view` reports, whatever they are.
    fn holds_pids_of(&self, view: &str, name: &str) -> bool {
        self.covers(name) || self.from.iter().any(|f| f == view)
    }
    /// Whether the table could hold PID `pid` whatever process it is.
    fn could_hold(&self, pid: u32, name: &str) -> bool {
        self.covers(name) || self.pids.contains(&pid) || !self.from.is_empty()
    }
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.names.is_empty() {
            parts.push(tr(Id::reach_name, &[("names", &self.names.join(", "))]));
        }
        if !self.pids.is_empty() {
            let pids = self.pids.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
            parts.push(tr(Id::reach_pid, &[("pids", &pids)]));
        }
        if !self.from.is_empty() {
            parts.push(tr(Id::reach_from, &[("steps", &self.from.join(", "))]));
        }
        parts.join(&tr(Id::or_sep, &[]))
    }
}

/// Problems that make `claim` unable to fail, given the steps before it.
pub(crate) fn refuse(path: &str, claim: &Claim, steps: &HashMap<&str, &Step>) -> Vec<InputError> {
    let mut why: Vec<String> = Vec::new();
    match &claim.check {
        Check::VisibleOnHost { top, host, process } | Check::HiddenFromHost { top, host, process } => {
            why.extend(pids_read_elsewhere(steps, top, host, process));
        }
        Check::HostProcessCount { .. } => why.extend(vacuous_count(&claim.check, steps)),
        Check::TopLists { names, .. } | Check::Lists { names, .. } => why.extend(empty_names(names)),
        Check::PidIs { view, pid, process } | Check::PidIsNot { view, pid, process } => {
            why.extend(pid_unreachable(steps, view, *pid, process));
        }
        Check::PidNumbering {
            inside,
            outside,
            process,
            ..
        } => why.extend(pids_read_elsewhere(steps, inside, outside, process)),
        Check::Compare { left, op, right } => why.extend(vacuous_compare(left, *op, right)),
    }
    why.into_iter()
        .map(|w| {
            InputError::new(
                path,
                claim.line,
                tr(Id::cannot_fail, &[("claim", &claim.id), ("why", &w)]),
            )
        })
        .collect()
}

/// `from` reports PIDs that are then looked up in `table`: a host table that
/// was not asked for them (filtered by another name, no `pids_from: [from]`)
/// lacks them whatever the host runs, and that absence would read as proof.
fn pids_read_elsewhere(steps: &HashMap<&str, &Step>, from: &str, table: &str, process: &PerOs<String>) -> Vec<String> {
    let Some(step) = steps.get(table) else {
        return Vec::new();
    };
    OSES.iter()
        .filter_map(|os| Some((Reach::of(step, *os)?, process.for_os(*os)?)))
        .filter(|(reach, name)| !reach.holds_pids_of(from, name))
        .map(|(reach, name)| {
            tr(
                Id::pids_elsewhere,
                &[
                    ("table", table),
                    ("reach", &reach.describe()),
                    ("from", from),
                    ("name", &name),
                ],
            )
        })
        .collect()
}

fn pid_unreachable(steps: &HashMap<&str, &Step>, view: &str, pid: u32, process: &PerOs<String>) -> Vec<String> {
    let Some(step) = steps.get(view) else { return Vec::new() };
    OSES.iter()
        .filter_map(|os| Some((Reach::of(step, *os)?, process.for_os(*os)?)))
        .filter(|(reach, name)| !reach.could_hold(pid, name))
        .map(|(reach, _)| {
            tr(
                Id::pid_unreachable,
                &[("view", view), ("reach", &reach.describe()), ("pid", &pid.to_string())],
            )
        })
        .collect()
}

fn empty_names(names: &PerOs<Vec<String>>) -> Vec<String> {
    let forms: Vec<Vec<String>> = OSES.iter().filter_map(|os| names.for_os(*os)).collect();
    if forms.iter().any(|f| f.is_empty()) {
        vec![tr(Id::names_empty, &[])]
    } else if forms.iter().flatten().any(|n| n.trim().is_empty()) {
        vec![tr(Id::names_blank, &[])]
    } else {
        Vec::new()
    }
}

fn vacuous_count(check: &Check, steps: &HashMap<&str, &Step>) -> Vec<String> {
    let Check::HostProcessCount {
        host,
        name,
        per_container,
        before,
        min,
        max,
        ..
    } = check
    else {
        return Vec::new();
    };
    let mut why = Vec::new();
    if per_container.is_none() && max.is_none() && *min == Some(0) {
        why.push(tr(Id::min_zero, &[]));
    }
    if *per_container == Some(0) {
        why.push(tr(Id::per_zero, &[]));
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            why.push(tr(
                Id::min_above_max,
                &[("min", &lo.to_string()), ("max", &hi.to_string())],
            ));
        }
    }
    if max.is_some_and(|m| m >= MAX_PROCESSES) {
        why.push(tr(Id::max_huge, &[("count", &MAX_PROCESSES.to_string())]));
    }
    // Only a table that holds every process of the name can count them.
    if let Some(name) = name {
        for table in std::iter::once(host).chain(before) {
            let Some(step) = steps.get(table.as_str()) else {
                continue;
            };
            for os in OSES {
                if let (Some(reach), Some(n)) = (Reach::of(step, os), name.for_os(os)) {
                    if !reach.covers(&n) {
                        why.push(tr(
                            Id::count_table,
                            &[("table", table), ("reach", &reach.describe()), ("name", &n)],
                        ));
                    }
                }
            }
        }
    }
    why
}

fn vacuous_compare(left: &ValueRef, op: CompareOp, right: &ValueRef) -> Vec<String> {
    let mut why = Vec::new();
    match (left, right) {
        (ValueRef::Literal { .. }, ValueRef::Literal { .. }) => why.push(tr(Id::both_literal, &[])),
        (l, r) if l == r => why.push(tr(Id::same_field, &[])),
        _ => {}
    }
    if let (CompareOp::Contains | CompareOp::NotContains, ValueRef::Literal { value }) = (op, right) {
        if OSES
            .iter()
            .filter_map(|os| value.for_os(*os))
            .any(|v| v.trim().is_empty())
        {
            why.push(tr(Id::empty_needle, &[]));
        }
    }
    why
}
