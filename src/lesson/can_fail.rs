//! Claims that could not fail are refused before anything runs: a PROVEN
//! that no evidence could have turned into REFUTED proves nothing. Each rule
//! here is one form of claim the judge would otherwise prove whatever the
//! run captured (docs/lesson-format.md lists them, kind by kind).

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
            parts.push(format!("name {}", self.names.join(", ")));
        }
        if !self.pids.is_empty() {
            parts.push(format!(
                "PID {}",
                self.pids.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ));
        }
        if !self.from.is_empty() {
            parts.push(format!("the PIDs of {}", self.from.join(", ")));
        }
        parts.join(" or ")
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
        .map(|w| InputError::new(path, claim.line, format!("claim `{}` cannot fail: {w}", claim.id)))
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
            format!(
                "host step `{table}` keeps only processes with {}, so the PIDs `{from}` reports for `{name}` need not be in it; add `pids_from: [{from}]` to it (or `{name}` to its names)",
                reach.describe()
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
            format!(
                "host step `{view}` keeps only processes with {}, so PID {pid} need not be in it; add {pid} to its `pids`",
                reach.describe()
            )
        })
        .collect()
}

fn empty_names(names: &PerOs<Vec<String>>) -> Vec<String> {
    let forms: Vec<Vec<String>> = OSES.iter().filter_map(|os| names.for_os(*os)).collect();
    if forms.iter().any(|f| f.is_empty()) {
        vec!["`names` is empty, so there is nothing to look for".into()]
    } else if forms.iter().flatten().any(|n| n.trim().is_empty()) {
        vec!["`names` holds an empty name".into()]
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
        why.push("without `max` or `per_container`, `min: 0` holds for any host".to_string());
    }
    if *per_container == Some(0) {
        why.push("`per_container: 0` can only be told from workers that name their container; use `max: 0` to claim there are none".into());
    }
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            why.push(format!("`min: {lo}` is above `max: {hi}`, so it can never hold"));
        }
    }
    if max.is_some_and(|m| m >= MAX_PROCESSES) {
        why.push(format!(
            "no host runs {MAX_PROCESSES} processes, so a `max` that high holds for any host"
        ));
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
                        why.push(format!(
                            "host step `{table}` keeps only processes with {}, so it does not hold every `{n}` to count; add `{n}` to its names",
                            reach.describe()
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
        (ValueRef::Literal { .. }, ValueRef::Literal { .. }) => {
            why.push("both sides are literal values, so no evidence is read".to_string())
        }
        (l, r) if l == r => why.push("both sides are the same field, so the outcome is known before running".into()),
        _ => {}
    }
    if let (CompareOp::Contains | CompareOp::NotContains, ValueRef::Literal { value }) = (op, right) {
        if OSES
            .iter()
            .filter_map(|os| value.for_os(*os))
            .any(|v| v.trim().is_empty())
        {
            why.push("the value looked for is empty, and every text contains it".into());
        }
    }
    why
}
