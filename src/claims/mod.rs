//! Stage 3: evidence → verdict. A check reads only what the run captured
//! (the `StepRecord`s); it never talks to the engine or the host.

use crate::lesson::{Check, Claim, CompareOp, PerOs, ValueRef};
use crate::platform::Os;
use crate::record::{ClaimResult, Evidence, ProcInfo, StepOutcome, StepRecord, Verdict};

/// What a check may read: the steps recorded so far and the host they ran on.
pub struct EvidenceSet<'a> {
    pub os: Os,
    pub steps: &'a [StepRecord],
    /// The host-side process a sandboxed container shows as on this host.
    pub worker: Option<&'a str>,
}

impl<'a> EvidenceSet<'a> {
    fn step(&self, id: &str) -> Option<&'a StepRecord> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// Judge one claim. Missing, failed or timed-out evidence decides nothing:
/// the claim is then not-run / error / timeout, carrying the step's reason.
pub fn judge(claim: &Claim, ev: &EvidenceSet) -> ClaimResult {
    let used: Vec<String> = claim.check.steps().iter().map(|s| s.to_string()).collect();
    let (verdict, reason) = match blocked_by(&used, ev) {
        Some(v) => v,
        None => decide(&claim.check, ev),
    };
    ClaimResult {
        id: claim.id.clone(),
        says: claim.says.clone(),
        check: claim.check.kind().to_string(),
        verdict,
        reason,
        evidence: used,
    }
}

fn blocked_by(steps: &[String], ev: &EvidenceSet) -> Option<(Verdict, String)> {
    for id in steps {
        let Some(step) = ev.step(id) else {
            return Some((Verdict::NotRun, format!("step `{id}` was not run")));
        };
        match &step.outcome {
            StepOutcome::Ok => {}
            // A step left unrun because its input timed out or failed carries that verdict on.
            StepOutcome::NotRun { reason } => {
                let verdict = root_failure(step, ev, 0).unwrap_or(Verdict::NotRun);
                return Some((verdict, format!("step `{id}` did not run: {reason}")));
            }
            StepOutcome::Timeout { after_ms } => {
                return Some((Verdict::Timeout, format!("step `{id}` timed out after {:.1} s", *after_ms as f64 / 1000.0)))
            }
            StepOutcome::Error { message } => return Some((Verdict::Error, format!("step `{id}` failed: {message}"))),
        }
    }
    None
}

/// Timeout or error of a step this (unrun) step needed, directly or through other unrun steps.
fn root_failure(step: &StepRecord, ev: &EvidenceSet, depth: usize) -> Option<Verdict> {
    if depth > 32 {
        return None;
    }
    for dep in step.request.action.depends_on() {
        match ev.step(dep) {
            Some(s) => match &s.outcome {
                StepOutcome::Timeout { .. } => return Some(Verdict::Timeout),
                StepOutcome::Error { .. } => return Some(Verdict::Error),
                StepOutcome::NotRun { .. } => {
                    if let Some(v) = root_failure(s, ev, depth + 1) {
                        return Some(v);
                    }
                }
                StepOutcome::Ok => {}
            },
            None => {}
        }
    }
    None
}

fn for_os<T: Clone>(v: &PerOs<T>, os: Os) -> Result<T, (Verdict, String)> {
    v.for_os(os)
        .ok_or_else(|| (Verdict::NotRun, format!("this claim is not defined for {} hosts", os.as_str())))
}

fn decide(check: &Check, ev: &EvidenceSet) -> (Verdict, String) {
    let result = match check {
        Check::VisibleOnHost { top, host, process } => for_os(process, ev.os).map(|name| visible(ev, top, host, &name)),
        Check::HiddenFromHost { top, host, process } => for_os(process, ev.os).map(|name| hidden(ev, top, host, &name)),
        Check::HostProcessCount { host, name, containers, per_container, min, max } => {
            let name = match name {
                Some(n) => for_os(n, ev.os),
                None => ev.worker.map(str::to_string).ok_or_else(|| {
                    (Verdict::NotRun, "this host has no sandboxing runtime, so there is no VM worker to count".to_string())
                }),
            };
            name.map(|n| count(ev, host, &n, containers, *per_container, *min, *max))
        }
        Check::TopLists { top, names } => for_os(names, ev.os).map(|names| top_lists(ev, top, &names)),
        Check::Compare { left, op, right } => compare(ev, left, *op, right),
    };
    result.unwrap_or_else(|e| e)
}

fn top_procs<'a>(ev: &EvidenceSet<'a>, id: &str) -> &'a [ProcInfo] {
    match ev.step(id).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::Top { processes, .. }) => processes,
        _ => &[],
    }
}

fn host_procs<'a>(ev: &EvidenceSet<'a>, id: &str) -> &'a [ProcInfo] {
    match ev.step(id).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::HostProcesses { processes, .. }) => processes,
        _ => &[],
    }
}

fn describe(p: Option<&ProcInfo>) -> String {
    match p {
        Some(p) => format!("`{}`", p.name),
        None => "no process at all".to_string(),
    }
}

fn names_of(procs: &[ProcInfo]) -> String {
    let v: Vec<String> = procs.iter().map(|p| format!("{} (PID {})", p.name, p.pid)).collect();
    if v.is_empty() {
        "nothing".into()
    } else {
        v.join(", ")
    }
}

fn visible(ev: &EvidenceSet, top: &str, host: &str, name: &str) -> (Verdict, String) {
    let in_container: Vec<&ProcInfo> = top_procs(ev, top).iter().filter(|p| p.answers_to(name)).collect();
    if in_container.is_empty() {
        return (
            Verdict::Refuted,
            format!("the engine's top lists no `{name}` process for the container (it lists {})", names_of(top_procs(ev, top))),
        );
    }
    let host = host_procs(ev, host);
    let mut misses = Vec::new();
    for p in &in_container {
        let on_host = host.iter().find(|h| h.pid == p.pid);
        if on_host.is_some_and(|h| h.answers_to(name)) {
            return (Verdict::Proven, format!("top reports `{}` as PID {}; the host's process table has PID {} named {}", p.name, p.pid, p.pid, describe(on_host)));
        }
        misses.push(format!("PID {} on the host is {}", p.pid, describe(on_host)));
    }
    (Verdict::Refuted, format!("top reports `{name}` but {}", misses.join("; ")))
}

fn hidden(ev: &EvidenceSet, top: &str, host: &str, name: &str) -> (Verdict, String) {
    let all = top_procs(ev, top);
    if all.is_empty() {
        return (Verdict::Error, "the engine's top listed no processes, so there is nothing to look for on the host".into());
    }
    let named: Vec<&ProcInfo> = all.iter().filter(|p| p.answers_to(name)).collect();
    // A sandbox's top may not name the workload at all (gVisor reports its
    // own PIDs); then every PID it reported must not be the workload on the host.
    let looked: Vec<&ProcInfo> = if named.is_empty() { all.iter().collect() } else { named };
    let host = host_procs(ev, host);
    let mut seen = Vec::new();
    for p in &looked {
        let on_host = host.iter().find(|h| h.pid == p.pid);
        if on_host.is_some_and(|h| h.answers_to(name)) {
            return (Verdict::Refuted, format!("top reports PID {} and the host has PID {} named `{}`: the workload is a host process", p.pid, p.pid, name));
        }
        seen.push(format!("PID {} is {}", p.pid, describe(on_host)));
    }
    (Verdict::Proven, format!("top reports {}; on the host {} — none is `{name}`", names_of(&looked.into_iter().cloned().collect::<Vec<_>>()), seen.join(", ")))
}

fn count(
    ev: &EvidenceSet,
    host: &str,
    name: &str,
    containers: &[String],
    per_container: Option<usize>,
    min: Option<usize>,
    max: Option<usize>,
) -> (Verdict, String) {
    let workers: Vec<&ProcInfo> = host_procs(ev, host).iter().filter(|p| p.answers_to(name)).collect();
    let total = workers.len();
    let mut facts = vec![format!("{total} host process(es) named `{name}`")];
    let mut ok = true;
    if let Some(want) = per_container {
        let ids: Vec<(String, String)> = containers
            .iter()
            .filter_map(|c| match ev.step(c).and_then(|s| s.evidence.as_ref()) {
                Some(Evidence::Container { id, .. }) => Some((c.clone(), id.clone())),
                _ => None,
            })
            .collect();
        let attributable = workers.iter().any(|w| !w.cmd.is_empty() || !w.user.is_empty());
        if attributable {
            for (step, id) in &ids {
                let n = workers.iter().filter(|w| w.mentions(id)).count();
                facts.push(format!("{n} belong to container `{step}` ({})", id.get(..12).unwrap_or(id)));
                ok &= n == want;
            }
        } else {
            // Recorded output without command lines or users cannot be tied to
            // a container; the total must then account for every container.
            let need = want * ids.len();
            facts.push(format!("{need} expected for {} container(s); the capture cannot tie workers to containers", ids.len()));
            ok &= total >= need;
        }
    }
    if let Some(m) = min {
        facts.push(format!("at least {m} expected"));
        ok &= total >= m;
    }
    if let Some(m) = max {
        facts.push(format!("at most {m} expected"));
        ok &= total <= m;
    }
    (if ok { Verdict::Proven } else { Verdict::Refuted }, facts.join("; "))
}

fn top_lists(ev: &EvidenceSet, top: &str, names: &[String]) -> (Verdict, String) {
    let procs = top_procs(ev, top);
    let missing: Vec<&String> = names.iter().filter(|n| !procs.iter().any(|p| p.answers_to(n))).collect();
    if missing.is_empty() {
        (Verdict::Proven, format!("top lists {}", names.join(", ")))
    } else {
        let missing: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        (Verdict::Refuted, format!("top does not list {} (it lists {})", missing.join(", "), names_of(procs)))
    }
}

fn value(ev: &EvidenceSet, v: &ValueRef) -> Result<String, (Verdict, String)> {
    match v {
        ValueRef::Literal { value } => for_os(value, ev.os),
        ValueRef::Field { step, field } => ev
            .step(step)
            .and_then(|s| s.evidence.as_ref())
            .and_then(|e| e.field(field))
            .ok_or_else(|| (Verdict::Error, format!("step `{step}` captured no `{field}`"))),
    }
}

fn compare(ev: &EvidenceSet, left: &ValueRef, op: CompareOp, right: &ValueRef) -> Result<(Verdict, String), (Verdict, String)> {
    let (l, r) = (value(ev, left)?, value(ev, right)?);
    let holds = match op {
        CompareOp::Equals => l == r,
        CompareOp::Differs => l != r,
        CompareOp::Contains => l.contains(&r),
        CompareOp::NotContains => !l.contains(&r),
    };
    let word = match op {
        CompareOp::Equals => "equals",
        CompareOp::Differs => "differs from",
        CompareOp::Contains => "contains",
        CompareOp::NotContains => "does not contain",
    };
    let reason = format!("`{}` {} `{}`: {}", short(&l), word, short(&r), if holds { "yes" } else { "no" });
    Ok((if holds { Verdict::Proven } else { Verdict::Refuted }, reason))
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}
