//! Stage 3: evidence → verdict. A check reads only what the run captured
//! (the `StepRecord`s); it never talks to the engine or the host.

mod entry;
mod ps;

pub use entry::judge_lesson;
pub use ps::parse_process_table;

use crate::lesson::HostProcessesAction;
use crate::lesson::{self, Action, Check, Claim, CompareOp, Numbering, ParseAs, PerOs, ValueRef};
use crate::platform::Os;
use crate::record::{ClaimResult, Evidence, HostQuery, ProcInfo, StepOutcome, StepRecord, Verdict};

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
    // A claim with no form for this OS is not checked, whatever its steps did.
    let (verdict, reason) = match no_form(&claim.check, ev.os).or_else(|| blocked_by(&used, ev)) {
        Some(v) => v,
        None => decide(&claim.check, ev),
    };
    ClaimResult {
        id: claim.id.clone(),
        says: claim.says.clone(),
        check: claim.check.kind().to_string(),
        verdict,
        reason: reason.into(),
        evidence: used,
    }
}

/// A claim this run leaves alone (an exercise in a build, say), with why.
pub fn not_judged(claim: &Claim, reason: crate::messages::Text) -> ClaimResult {
    ClaimResult {
        id: claim.id.clone(),
        says: claim.says.clone(),
        check: claim.check.kind().to_string(),
        verdict: Verdict::NotRun,
        reason,
        evidence: claim.check.steps().iter().map(|s| s.to_string()).collect(),
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
                return Some((
                    Verdict::Timeout,
                    format!("step `{id}` timed out after {:.1} s", *after_ms as f64 / 1000.0),
                ))
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
        let Some(s) = ev.step(dep) else { continue };
        match &s.outcome {
            StepOutcome::Timeout { .. } => return Some(Verdict::Timeout),
            StepOutcome::Error { .. } => return Some(Verdict::Error),
            StepOutcome::NotRun { .. } => {
                if let Some(v) = root_failure(s, ev, depth + 1) {
                    return Some(v);
                }
            }
            StepOutcome::Ok => {}
        }
    }
    None
}

fn for_os<T: Clone>(v: &PerOs<T>, os: Os) -> Result<T, (Verdict, String)> {
    v.for_os(os)
        .ok_or_else(|| (Verdict::NotRun, lesson::not_for_os(v, os, "claim")))
}

/// NOT RUN when the lesson gives the claim's process or names no form for `os`.
fn no_form(check: &Check, os: Os) -> Option<(Verdict, String)> {
    match check {
        Check::VisibleOnHost { process, .. }
        | Check::HiddenFromHost { process, .. }
        | Check::PidIs { process, .. }
        | Check::PidIsNot { process, .. }
        | Check::PidNumbering { process, .. } => for_os(process, os).err(),
        Check::TopLists { names, .. } | Check::Lists { names, .. } => for_os(names, os).err(),
        Check::HostProcessCount { name: Some(n), .. } => for_os(n, os).err(),
        Check::HostProcessCount { name: None, .. } | Check::Compare { .. } => None,
    }
}

fn decide(check: &Check, ev: &EvidenceSet) -> (Verdict, String) {
    let result = match check {
        Check::VisibleOnHost { top, host, process } => for_os(process, ev.os).map(|name| visible(ev, top, host, &name)),
        Check::HiddenFromHost { top, host, process } => for_os(process, ev.os).map(|name| hidden(ev, top, host, &name)),
        Check::HostProcessCount {
            host,
            name,
            containers,
            per_container,
            before,
            min,
            max,
        } => {
            let name = match name {
                Some(n) => for_os(n, ev.os),
                None => ev.worker.map(str::to_string).ok_or_else(|| {
                    (
                        Verdict::NotRun,
                        "this host has no sandboxing runtime, so there is no VM worker to count".to_string(),
                    )
                }),
            };
            name.map(|n| {
                count(
                    ev,
                    host,
                    &n,
                    containers,
                    PerContainer {
                        want: *per_container,
                        before: before.as_deref(),
                    },
                    *min,
                    *max,
                )
            })
        }
        Check::TopLists { top, names } => for_os(names, ev.os).map(|names| top_lists(ev, top, &names)),
        Check::Compare { left, op, right } => compare(ev, left, *op, right),
        Check::Lists { view, names } => for_os(names, ev.os).map(|names| lists(ev, view, &names)),
        Check::PidIs { view, pid, process } => for_os(process, ev.os).map(|name| pid_is(ev, view, *pid, &name)),
        Check::PidIsNot { view, pid, process } => for_os(process, ev.os).map(|name| pid_is_not(ev, view, *pid, &name)),
        Check::PidNumbering {
            inside,
            outside,
            process,
            numbering,
        } => for_os(process, ev.os).map(|name| pid_numbering(ev, inside, outside, &name, *numbering)),
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

/// PIDs the named captures reported: a `top`, or an `exec` read as a process table.
pub fn reported_pids(steps: &[StepRecord], from: &[String]) -> Vec<u32> {
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
fn would_hold(ev: &EvidenceSet, id: &str, pid: u32, name: &str) -> bool {
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
fn covers_name(ev: &EvidenceSet, id: &str, name: &str) -> bool {
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
fn was_cut(ev: &EvidenceSet, id: &str) -> bool {
    ev.step(id).is_some_and(|s| !s.cut.is_empty())
}

fn cut_short(ev: &EvidenceSet, id: &str) -> (Verdict, String) {
    (
        Verdict::Error,
        format!(
            "{} was cut at the build's output cap, so what it does not show may be in the part that was not kept",
            view_label(ev, id)
        ),
    )
}

fn not_asked(ev: &EvidenceSet, id: &str, pids: &[u32], name: &str) -> (Verdict, String) {
    (
        Verdict::Error,
        format!(
            "{} was not asked for PID {} nor for every `{name}` process, so that it does not hold {} shows nothing; look the PIDs up with `pids_from`",
            view_label(ev, id),
            pids_text(pids),
            if pids.len() == 1 { "it" } else { "them" }
        ),
    )
}

fn not_counted(ev: &EvidenceSet, id: &str, name: &str) -> (Verdict, String) {
    (
        Verdict::Error,
        format!(
            "{} was not asked for every process named `{name}`, so it cannot count them",
            view_label(ev, id)
        ),
    )
}

fn describe(p: Option<&ProcInfo>) -> String {
    match p {
        Some(p) => format!("`{}`", p.name),
        None => "not in the captured host table".to_string(),
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
    if in_container.is_empty() && was_cut(ev, top) {
        return cut_short(ev, top);
    }
    if in_container.is_empty() {
        return (
            Verdict::Refuted,
            format!(
                "the engine's top lists no `{name}` process for the container (it lists {})",
                names_of(top_procs(ev, top))
            ),
        );
    }
    let table = host_procs(ev, host);
    let (mut misses, mut unasked) = (Vec::new(), Vec::new());
    for p in &in_container {
        let on_host = table.iter().find(|h| h.pid == p.pid);
        if on_host.is_some_and(|h| h.answers_to(name)) {
            return (
                Verdict::Proven,
                format!(
                    "top reports `{}` as PID {}; the host's process table has PID {} named {}",
                    p.name,
                    p.pid,
                    p.pid,
                    describe(on_host)
                ),
            );
        }
        if on_host.is_none() && !would_hold(ev, host, p.pid, name) {
            unasked.push(p.pid);
        } else {
            misses.push(format!("PID {} on the host is {}", p.pid, describe(on_host)));
        }
    }
    if misses.is_empty() {
        return not_asked(ev, host, &unasked, name);
    }
    (
        Verdict::Refuted,
        format!("top reports `{name}` but {}", misses.join("; ")),
    )
}

/// Whether the container a `top` step lists was started sandboxed.
fn sandboxed(ev: &EvidenceSet, top: &str) -> bool {
    let Some(Action::Top(t)) = ev.step(top).map(|s| &s.request.action) else {
        return false;
    };
    match ev.step(&t.container).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::Container { isolation, .. }) => *isolation == lesson::Isolation::Hyperv,
        // A learner's container is sandboxed when the engine reports it runs
        // Hyper-V isolated (Windows) or on a sandboxing runtime (Linux).
        Some(Evidence::Adopted { runtime, .. }) => {
            runtime.eq_ignore_ascii_case("hyperv") || crate::platform::linux::worker_of(runtime).is_some()
        }
        _ => false,
    }
}

fn hidden(ev: &EvidenceSet, top: &str, host: &str, name: &str) -> (Verdict, String) {
    // Rows not kept may hold the workload at a PID the host shows.
    if was_cut(ev, top) {
        return cut_short(ev, top);
    }
    let all = top_procs(ev, top);
    if all.is_empty() {
        return (
            Verdict::Error,
            "the engine's top listed no processes, so there is nothing to look for on the host".into(),
        );
    }
    let named: Vec<&ProcInfo> = all.iter().filter(|p| p.answers_to(name)).collect();
    // A sandbox's top may not name the workload at all (gVisor reports its
    // own PIDs); then every PID it reported must not be the workload on the
    // host. A container that is not sandboxed has no such excuse: a top that
    // does not name the process shows nothing about it.
    let looked: Vec<&ProcInfo> = match (named.is_empty(), sandboxed(ev, top)) {
        (false, _) => named,
        (true, true) => all.iter().collect(),
        (true, false) => {
            return (
                Verdict::Error,
                format!(
                    "the engine's top lists no `{name}` process for a container that is not sandboxed (it lists {}), so there is nothing to look for on the host",
                    names_of(all)
                ),
            )
        }
    };
    let table = host_procs(ev, host);
    let (mut seen, mut unasked) = (Vec::new(), Vec::new());
    for p in &looked {
        let on_host = table.iter().find(|h| h.pid == p.pid);
        if on_host.is_some_and(|h| h.answers_to(name)) {
            return (
                Verdict::Refuted,
                format!(
                    "top reports PID {} and the host has PID {} named `{}`: the workload is a host process",
                    p.pid, p.pid, name
                ),
            );
        }
        if on_host.is_none() && !would_hold(ev, host, p.pid, name) {
            unasked.push(p.pid);
        }
        seen.push(format!("PID {} is {}", p.pid, describe(on_host)));
    }
    if !unasked.is_empty() {
        return not_asked(ev, host, &unasked, name);
    }
    (
        Verdict::Proven,
        format!(
            "top reports {}; on the host {} — none is `{name}`",
            names_of(&looked.into_iter().cloned().collect::<Vec<_>>()),
            seen.join(", ")
        ),
    )
}

struct PerContainer<'a> {
    want: Option<usize>,
    /// The host table taken before the containers started.
    before: Option<&'a str>,
}

fn count(
    ev: &EvidenceSet,
    host: &str,
    name: &str,
    containers: &[String],
    per: PerContainer,
    min: Option<usize>,
    max: Option<usize>,
) -> (Verdict, String) {
    for view in std::iter::once(host).chain(per.before) {
        if !covers_name(ev, view, name) {
            return not_counted(ev, view, name);
        }
    }
    let workers: Vec<&ProcInfo> = host_procs(ev, host).iter().filter(|p| p.answers_to(name)).collect();
    let total = workers.len();
    let mut facts = vec![format!("{total} host process(es) named `{name}`")];
    let mut ok = true;
    if let Some(want) = per.want {
        let ids: Vec<(String, String)> = containers
            .iter()
            .filter_map(|c| {
                let id = ev.step(c)?.evidence.as_ref()?.container_id()?;
                Some((c.clone(), id.to_string()))
            })
            .collect();
        // With no worker at all, every container plainly has none.
        let attributable = workers.is_empty() || workers.iter().any(|w| !w.cmd.is_empty() || !w.user.is_empty());
        // Workers that name containers (gVisor's do, by full id) are tied to
        // them by name. A Windows VM worker names its VM, not the container:
        // those are counted by what appeared since `before`. Lessons run
        // concurrently, so others' workers may appear too: at least one new
        // worker per container is what this can show, not exactly one.
        let names_containers = workers
            .iter()
            .any(|w| holds_container_id(&w.cmd) || holds_container_id(&w.user));
        if let (false, Some(before)) = (names_containers, per.before) {
            let earlier: Vec<(u32, String)> = host_procs(ev, before)
                .iter()
                .filter(|p| p.answers_to(name))
                .map(|p| (p.pid, p.name.to_ascii_lowercase()))
                .collect();
            let new: Vec<String> = workers
                .iter()
                .filter(|w| !earlier.contains(&(w.pid, w.name.to_ascii_lowercase())))
                .map(|w| w.pid.to_string())
                .collect();
            let need = want.saturating_mul(ids.len());
            if need == 0 {
                return zero_per_container();
            }
            let listed = |pids: Vec<String>| {
                if pids.is_empty() {
                    "none".to_string()
                } else {
                    pids.join(", ")
                }
            };
            facts.push(format!(
                "no worker names a container, so they are counted by what appeared since `{before}`: {} new (PIDs {}; before: {}), at least {need} expected for {} container(s)",
                new.len(),
                listed(new.clone()),
                listed(earlier.iter().map(|(p, _)| p.to_string()).collect()),
                ids.len()
            ));
            ok &= new.len() >= need;
        } else if attributable {
            for (step, id) in &ids {
                let n = workers.iter().filter(|w| w.mentions(id)).count();
                facts.push(format!(
                    "{n} belong to container `{step}` ({})",
                    crate::record::short_id(id)
                ));
                ok &= n == want;
            }
        } else {
            // Recorded output without command lines or users cannot be tied to
            // a container; the total must then account for every container.
            let need = want.saturating_mul(ids.len());
            if need == 0 {
                return zero_per_container();
            }
            facts.push(format!(
                "{need} expected for {} container(s); the capture cannot tie workers to containers",
                ids.len()
            ));
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

/// "At least none" holds whatever the host runs.
fn zero_per_container() -> (Verdict, String) {
    (
        Verdict::Error,
        "no worker names a container, so only a lower bound per container can be shown, and a bound of 0 holds whatever the host runs".into(),
    )
}

/// Whether text holds a full (64 hex digit) container id.
fn holds_container_id(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_hexdigit()).any(|t| t.len() == 64)
}

fn top_lists(ev: &EvidenceSet, top: &str, names: &[String]) -> (Verdict, String) {
    let procs = top_procs(ev, top);
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !procs.iter().any(|p| p.answers_to(n)))
        .collect();
    if missing.is_empty() {
        (Verdict::Proven, format!("top lists {}", names.join(", ")))
    } else if was_cut(ev, top) {
        cut_short(ev, top)
    } else {
        let missing: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        (
            Verdict::Refuted,
            format!(
                "top does not list {} (it lists {})",
                missing.join(", "),
                names_of(procs)
            ),
        )
    }
}

/// The processes a view reported: the engine's top, the host's table, or an
/// exec whose output the lesson asked to read as a process table.
fn view_procs(ev: &EvidenceSet, id: &str) -> Vec<ProcInfo> {
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

fn is_top(ev: &EvidenceSet, id: &str) -> bool {
    matches!(
        ev.step(id).and_then(|s| s.evidence.as_ref()),
        Some(Evidence::Top { .. })
    )
}

/// Whose view a step is, for reasons a reader can follow.
fn view_label(ev: &EvidenceSet, id: &str) -> String {
    match ev.step(id).and_then(|s| s.evidence.as_ref()) {
        Some(Evidence::Top { .. }) => format!("the engine's top (`{id}`)"),
        Some(Evidence::HostProcesses { .. }) => format!("the host's process table (`{id}`)"),
        _ => format!("the container's own process list (`{id}`)"),
    }
}

fn nothing_listed(ev: &EvidenceSet, id: &str) -> (Verdict, String) {
    (
        Verdict::Error,
        format!(
            "{} lists no processes at all, so there is nothing to read",
            view_label(ev, id)
        ),
    )
}

fn lists(ev: &EvidenceSet, view: &str, names: &[String]) -> (Verdict, String) {
    let procs = view_procs(ev, view);
    let missing: Vec<&str> = names
        .iter()
        .filter(|n| !procs.iter().any(|p| p.answers_to(n)))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        let found: Vec<ProcInfo> = procs
            .iter()
            .filter(|p| names.iter().any(|n| p.answers_to(n)))
            .cloned()
            .collect();
        (
            Verdict::Proven,
            format!("{} lists {}", view_label(ev, view), names_of(&found)),
        )
    } else if was_cut(ev, view) {
        cut_short(ev, view)
    } else {
        (
            Verdict::Refuted,
            format!(
                "{} does not list {} (it lists {})",
                view_label(ev, view),
                missing.join(", "),
                names_of(&procs)
            ),
        )
    }
}

fn pid_is(ev: &EvidenceSet, view: &str, pid: u32, name: &str) -> (Verdict, String) {
    let procs = view_procs(ev, view);
    if procs.is_empty() {
        return nothing_listed(ev, view);
    }
    let label = view_label(ev, view);
    match procs.iter().find(|p| p.pid == pid) {
        Some(p) if p.answers_to(name) => (
            Verdict::Proven,
            format!("in {label} PID {pid} is `{}` ({})", p.name, short(&p.cmd)),
        ),
        Some(p) => (
            Verdict::Refuted,
            format!("in {label} PID {pid} is `{}`, not `{name}`", p.name),
        ),
        None if !would_hold(ev, view, pid, name) => not_asked(ev, view, &[pid], name),
        None => (
            Verdict::Refuted,
            format!("{label} has no PID {pid} (it lists {})", names_of(&procs)),
        ),
    }
}

fn pid_is_not(ev: &EvidenceSet, view: &str, pid: u32, name: &str) -> (Verdict, String) {
    let procs = view_procs(ev, view);
    if procs.is_empty() {
        return nothing_listed(ev, view);
    }
    let label = view_label(ev, view);
    match procs.iter().find(|p| p.pid == pid) {
        Some(p) if p.answers_to(name) => (Verdict::Refuted, format!("in {label} PID {pid} is `{name}` itself")),
        Some(p) => (
            Verdict::Proven,
            format!("in {label} PID {pid} is `{}` ({}), not `{name}`", p.name, short(&p.cmd)),
        ),
        // Without the PID there is nothing to tell apart: that is missing evidence, not a finding.
        None => (
            Verdict::Error,
            format!("{label} has no PID {pid}, so it cannot show which process that is"),
        ),
    }
}

fn pids_text(pids: &[u32]) -> String {
    pids.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

fn pid_numbering(ev: &EvidenceSet, inside: &str, outside: &str, name: &str, numbering: Numbering) -> (Verdict, String) {
    let inner = view_procs(ev, inside);
    if inner.is_empty() {
        return nothing_listed(ev, inside);
    }
    // Numbers not kept inside may be the very ones outside uses.
    if was_cut(ev, inside) {
        return cut_short(ev, inside);
    }
    let in_pids: Vec<u32> = inner.iter().filter(|p| p.answers_to(name)).map(|p| p.pid).collect();
    let (in_label, out_label) = (view_label(ev, inside), view_label(ev, outside));
    if in_pids.is_empty() {
        return (
            Verdict::Refuted,
            format!("{in_label} lists no `{name}` (it lists {})", names_of(&inner)),
        );
    }
    let outer = view_procs(ev, outside);
    let named: Vec<u32> = outer.iter().filter(|p| p.answers_to(name)).map(|p| p.pid).collect();
    let seen_inside = format!("{in_label} has `{name}` as PID {}", pids_text(&in_pids));
    match numbering {
        Numbering::Own => {
            // A view that does not list the process gives it no number at all,
            // let alone one of its own: that is not own numbering.
            if named.is_empty() {
                return (
                    Verdict::Refuted,
                    format!(
                        "{seen_inside}, but {out_label} does not list `{name}` at all (it lists {})",
                        names_of(&outer)
                    ),
                );
            }
            let same: Vec<u32> = in_pids.iter().copied().filter(|p| named.contains(p)).collect();
            // A number the outside view was never asked for may be there unseen.
            let unasked: Vec<u32> = in_pids
                .iter()
                .copied()
                .filter(|p| !would_hold(ev, outside, *p, name))
                .collect();
            if same.is_empty() && !unasked.is_empty() {
                return not_asked(ev, outside, &unasked, name);
            }
            if same.is_empty() {
                (
                    Verdict::Proven,
                    format!("{seen_inside}; {out_label} lists it as PID {}", pids_text(&named)),
                )
            } else {
                (
                    Verdict::Refuted,
                    format!(
                        "{seen_inside}, and {out_label} uses the same number ({})",
                        pids_text(&same)
                    ),
                )
            }
        }
        Numbering::Shared => {
            // A sandbox's top reports the sandbox's own PIDs but takes the names
            // from the host's table, so they need not say `name`: then its PIDs
            // are compared as they are.
            let (pids, note) = if named.is_empty() && is_top(ev, outside) {
                (
                    outer.iter().map(|p| p.pid).collect::<Vec<_>>(),
                    format!(" (it names no `{name}`; the names beside its PIDs come from the host's table)"),
                )
            } else {
                (named, String::new())
            };
            let same: Vec<u32> = in_pids.iter().copied().filter(|p| pids.contains(p)).collect();
            if same.is_empty() {
                (
                    Verdict::Refuted,
                    format!(
                        "{seen_inside}, but {out_label} reports PID {}{note}",
                        if pids.is_empty() {
                            "none".into()
                        } else {
                            pids_text(&pids)
                        }
                    ),
                )
            } else {
                (
                    Verdict::Proven,
                    format!("{seen_inside}, and {out_label} reports PID {}{note}", pids_text(&same)),
                )
            }
        }
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

fn compare(
    ev: &EvidenceSet,
    left: &ValueRef,
    op: CompareOp,
    right: &ValueRef,
) -> Result<(Verdict, String), (Verdict, String)> {
    let (l, r) = (value(ev, left)?, value(ev, right)?);
    // Only finding the text in what was kept is sure when a side was cut.
    let cut = [left, right]
        .into_iter()
        .filter_map(ValueRef::step)
        .find(|s| was_cut(ev, s));
    if let Some(step) = cut {
        if !(op == CompareOp::Contains && l.contains(&r)) {
            return Err((
                Verdict::Error,
                format!("the output of step `{step}` was cut at the build's output cap, so only finding the text in what was kept would decide this"),
            ));
        }
    }
    if matches!(op, CompareOp::Contains | CompareOp::NotContains) && r.trim().is_empty() {
        // Every text contains the empty one: such a check could not fail.
        return Err((
            Verdict::Error,
            "there is nothing to look for: the right-hand value is empty".into(),
        ));
    }
    // Equality ignores how the words are spaced: `ls` prints one name a line,
    // a host field joins them with spaces.
    let holds = match op {
        CompareOp::Equals => words(&l) == words(&r),
        CompareOp::Differs => words(&l) != words(&r),
        CompareOp::Contains => l.contains(&r),
        CompareOp::NotContains => !l.contains(&r),
    };
    let word = match op {
        CompareOp::Equals => "equals",
        CompareOp::Differs => "differs from",
        CompareOp::Contains => "contains",
        CompareOp::NotContains => "does not contain",
    };
    let reason = format!(
        "`{}` {} `{}`: {}",
        short(&l),
        word,
        short(&r),
        if holds { "yes" } else { "no" }
    );
    Ok((if holds { Verdict::Proven } else { Verdict::Refuted }, reason))
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests;
