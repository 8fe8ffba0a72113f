//! Stage 3: evidence → verdict. A check reads only what the run captured
//! (the `StepRecord`s); it never talks to the engine or the host.

mod entry;
mod ps;

pub(crate) use entry::judge_lesson;
pub(crate) use ps::parse_process_table;

use crate::lesson::HostProcessesAction;
use crate::lesson::{self, Action, Check, Claim, CompareOp, Numbering, ParseAs, PerOs, ValueRef};
use crate::messages::{Inside, Msg, OnHost, ProcName, Relation, Text, View, ViewKind};
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

/// A verdict and the sentence that says why.
type Judged = (Verdict, Msg);

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
pub(crate) fn not_judged(claim: &Claim, reason: Text) -> ClaimResult {
    ClaimResult {
        id: claim.id.clone(),
        says: claim.says.clone(),
        check: claim.check.kind().to_string(),
        verdict: Verdict::NotRun,
        reason,
        evidence: claim.check.steps().iter().map(|s| s.to_string()).collect(),
    }
}

fn blocked_by(steps: &[String], ev: &EvidenceSet) -> Option<Judged> {
    for id in steps {
        let step_id = id.clone();
        let Some(step) = ev.step(id) else {
            return Some((Verdict::NotRun, Msg::StepMissing { step: step_id }));
        };
        // Why it did not run or failed, or how long before it timed out.
        let detail = Box::new(step.outcome.detail().unwrap_or_default());
        return Some(match &step.outcome {
            StepOutcome::Ok => continue,
            // A step left unrun because its input timed out or failed carries that verdict on.
            StepOutcome::NotRun { .. } => {
                let verdict = root_failure(step, ev, 0).unwrap_or(Verdict::NotRun);
                (
                    verdict,
                    Msg::ClaimStepNotRun {
                        step: step_id,
                        reason: detail,
                    },
                )
            }
            StepOutcome::Timeout { .. } => (
                Verdict::Timeout,
                Msg::ClaimStepTimedOut {
                    step: step_id,
                    after: detail,
                },
            ),
            StepOutcome::Error { .. } => (
                Verdict::Error,
                Msg::ClaimStepFailed {
                    step: step_id,
                    message: detail,
                },
            ),
        });
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

fn for_os<T: Clone>(v: &PerOs<T>, os: Os) -> Result<T, Judged> {
    v.for_os(os)
        .ok_or_else(|| (Verdict::NotRun, lesson::no_form(v, os, true)))
}

/// NOT RUN when the lesson gives the claim's process or names no form for `os`.
fn no_form(check: &Check, os: Os) -> Option<Judged> {
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

fn decide(check: &Check, ev: &EvidenceSet) -> Judged {
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
                None => ev
                    .worker
                    .map(str::to_string)
                    .ok_or((Verdict::NotRun, Msg::NoSandboxWorker)),
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

fn cut_short(ev: &EvidenceSet, id: &str) -> Judged {
    (
        Verdict::Error,
        Msg::ViewCut {
            view: view_label(ev, id),
        },
    )
}

fn not_asked(ev: &EvidenceSet, id: &str, pids: &[u32], name: &str) -> Judged {
    let msg = Msg::ViewNotAsked {
        view: view_label(ev, id),
        pids: pids.to_vec(),
        name: name.to_string(),
    };
    (Verdict::Error, msg)
}

fn not_counted(ev: &EvidenceSet, id: &str, name: &str) -> Judged {
    let msg = Msg::ViewNotCounted {
        view: view_label(ev, id),
        name: name.to_string(),
    };
    (Verdict::Error, msg)
}

/// What the host's table holds at `pid`.
fn on_host(pid: u32, p: Option<&ProcInfo>) -> OnHost {
    OnHost {
        pid,
        name: p.map(|p| p.name.clone()),
    }
}

fn names_of<'a>(procs: impl IntoIterator<Item = &'a ProcInfo>) -> Vec<ProcName> {
    procs
        .into_iter()
        .map(|p| ProcName {
            name: p.name.clone(),
            pid: p.pid,
        })
        .collect()
}

fn visible(ev: &EvidenceSet, top: &str, host: &str, name: &str) -> Judged {
    let in_container: Vec<&ProcInfo> = top_procs(ev, top).iter().filter(|p| p.answers_to(name)).collect();
    if in_container.is_empty() && was_cut(ev, top) {
        return cut_short(ev, top);
    }
    if in_container.is_empty() {
        let msg = Msg::TopNoName {
            name: name.to_string(),
            listed: names_of(top_procs(ev, top)),
        };
        return (Verdict::Refuted, msg);
    }
    let table = host_procs(ev, host);
    let (mut misses, mut unasked) = (Vec::new(), Vec::new());
    for p in &in_container {
        let on_host_now = table.iter().find(|h| h.pid == p.pid);
        if let Some(h) = on_host_now.filter(|h| h.answers_to(name)) {
            let msg = Msg::SameProcessOnHost {
                name: p.name.clone(),
                pid: p.pid,
                host_name: h.name.clone(),
            };
            return (Verdict::Proven, msg);
        }
        if on_host_now.is_none() && !would_hold(ev, host, p.pid, name) {
            unasked.push(p.pid);
        } else {
            misses.push(on_host(p.pid, on_host_now));
        }
    }
    if misses.is_empty() {
        return not_asked(ev, host, &unasked, name);
    }
    let msg = Msg::NotOnHost {
        name: name.to_string(),
        facts: misses,
    };
    (Verdict::Refuted, msg)
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

fn hidden(ev: &EvidenceSet, top: &str, host: &str, name: &str) -> Judged {
    // Rows not kept may hold the workload at a PID the host shows.
    if was_cut(ev, top) {
        return cut_short(ev, top);
    }
    let all = top_procs(ev, top);
    if all.is_empty() {
        return (Verdict::Error, Msg::TopEmpty);
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
            let msg = Msg::TopNoNameNotSandboxed {
                name: name.to_string(),
                listed: names_of(all),
            };
            return (Verdict::Error, msg);
        }
    };
    let table = host_procs(ev, host);
    let (mut seen, mut unasked) = (Vec::new(), Vec::new());
    for p in &looked {
        let on_host_now = table.iter().find(|h| h.pid == p.pid);
        if on_host_now.is_some_and(|h| h.answers_to(name)) {
            let msg = Msg::WorkloadOnHost {
                pid: p.pid,
                name: name.to_string(),
            };
            return (Verdict::Refuted, msg);
        }
        if on_host_now.is_none() && !would_hold(ev, host, p.pid, name) {
            unasked.push(p.pid);
        }
        seen.push(on_host(p.pid, on_host_now));
    }
    if !unasked.is_empty() {
        return not_asked(ev, host, &unasked, name);
    }
    let msg = Msg::HiddenFromHost {
        listed: names_of(looked.iter().copied()),
        seen,
        name: name.to_string(),
    };
    (Verdict::Proven, msg)
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
) -> Judged {
    for view in std::iter::once(host).chain(per.before) {
        if !covers_name(ev, view, name) {
            return not_counted(ev, view, name);
        }
    }
    let workers: Vec<&ProcInfo> = host_procs(ev, host).iter().filter(|p| p.answers_to(name)).collect();
    let total = workers.len();
    let mut facts: Vec<Text> = vec![Msg::CountTotal {
        total,
        name: name.to_string(),
    }
    .into()];
    let mut ok = true;
    if let Some(want) = per.want {
        let (found, holds) = match per_container(ev, name, containers, &workers, want, per.before) {
            Ok(v) => v,
            Err(undecided) => return undecided,
        };
        facts.extend(found.into_iter().map(Text::from));
        ok &= holds;
    }
    if let Some(m) = min {
        facts.push(Msg::CountAtLeast { min: m }.into());
        ok &= total >= m;
    }
    if let Some(m) = max {
        facts.push(Msg::CountAtMost { max: m }.into());
        ok &= total <= m;
    }
    let verdict = if ok { Verdict::Proven } else { Verdict::Refuted };
    (verdict, Msg::Facts { parts: facts })
}

/// How many of `workers` each container has: the facts, and whether they
/// hold `want` per container.
fn per_container(
    ev: &EvidenceSet,
    name: &str,
    containers: &[String],
    workers: &[&ProcInfo],
    want: usize,
    before: Option<&str>,
) -> Result<(Vec<Msg>, bool), Judged> {
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
    let need = want.saturating_mul(ids.len());
    if let (false, Some(before)) = (names_containers, before) {
        if need == 0 {
            return Err(zero_per_container());
        }
        let (fact, holds) = since(ev, name, workers, before, need, ids.len());
        return Ok((vec![fact], holds));
    }
    if attributable {
        let (mut facts, mut ok) = (Vec::new(), true);
        for (step, id) in &ids {
            let n = workers.iter().filter(|w| w.mentions(id)).count();
            ok &= n == want;
            facts.push(Msg::CountOfContainer {
                n,
                step: step.clone(),
                id: crate::record::short_id(id).to_string(),
            });
        }
        return Ok((facts, ok));
    }
    // Recorded output without command lines or users cannot be tied to
    // a container; the total must then account for every container.
    if need == 0 {
        return Err(zero_per_container());
    }
    let fact = Msg::CountUntied {
        need,
        containers: ids.len(),
    };
    Ok((vec![fact], workers.len() >= need))
}

/// Workers counted by what appeared since the table `before`: at least `need` new ones.
fn since(
    ev: &EvidenceSet,
    name: &str,
    workers: &[&ProcInfo],
    before: &str,
    need: usize,
    containers: usize,
) -> (Msg, bool) {
    let earlier: Vec<(u32, String)> = host_procs(ev, before)
        .iter()
        .filter(|p| p.answers_to(name))
        .map(|p| (p.pid, p.name.to_ascii_lowercase()))
        .collect();
    let new: Vec<u32> = workers
        .iter()
        .filter(|w| !earlier.contains(&(w.pid, w.name.to_ascii_lowercase())))
        .map(|w| w.pid)
        .collect();
    let holds = new.len() >= need;
    let fact = Msg::CountSince {
        before: before.to_string(),
        new,
        earlier: earlier.into_iter().map(|(p, _)| p).collect(),
        need,
        containers,
    };
    (fact, holds)
}

/// "At least none" holds whatever the host runs.
fn zero_per_container() -> Judged {
    (Verdict::Error, Msg::ZeroPerContainer)
}

/// Whether text holds a full (64 hex digit) container id.
fn holds_container_id(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_hexdigit()).any(|t| t.len() == 64)
}

fn top_lists(ev: &EvidenceSet, top: &str, names: &[String]) -> Judged {
    let procs = top_procs(ev, top);
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !procs.iter().any(|p| p.answers_to(n)))
        .cloned()
        .collect();
    if missing.is_empty() {
        (Verdict::Proven, Msg::TopLists { names: names.to_vec() })
    } else if was_cut(ev, top) {
        cut_short(ev, top)
    } else {
        let msg = Msg::TopLacks {
            missing,
            listed: names_of(procs),
        };
        (Verdict::Refuted, msg)
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
fn view_label(ev: &EvidenceSet, id: &str) -> View {
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

fn nothing_listed(ev: &EvidenceSet, id: &str) -> Judged {
    (
        Verdict::Error,
        Msg::ViewEmpty {
            view: view_label(ev, id),
        },
    )
}

fn lists(ev: &EvidenceSet, view: &str, names: &[String]) -> Judged {
    let procs = view_procs(ev, view);
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !procs.iter().any(|p| p.answers_to(n)))
        .cloned()
        .collect();
    if missing.is_empty() {
        let found = names_of(procs.iter().filter(|p| names.iter().any(|n| p.answers_to(n))));
        let msg = Msg::ViewLists {
            view: view_label(ev, view),
            found,
        };
        (Verdict::Proven, msg)
    } else if was_cut(ev, view) {
        cut_short(ev, view)
    } else {
        let msg = Msg::ViewLacks {
            view: view_label(ev, view),
            missing,
            listed: names_of(&procs),
        };
        (Verdict::Refuted, msg)
    }
}

fn pid_is(ev: &EvidenceSet, view: &str, pid: u32, name: &str) -> Judged {
    let procs = view_procs(ev, view);
    if procs.is_empty() {
        return nothing_listed(ev, view);
    }
    let label = view_label(ev, view);
    match procs.iter().find(|p| p.pid == pid) {
        Some(p) if p.answers_to(name) => {
            let msg = Msg::PidIs {
                view: label,
                pid,
                name: p.name.clone(),
                cmd: short(&p.cmd),
            };
            (Verdict::Proven, msg)
        }
        Some(p) => {
            let msg = Msg::PidIsOther {
                view: label,
                pid,
                got: p.name.clone(),
                name: name.to_string(),
            };
            (Verdict::Refuted, msg)
        }
        None if !would_hold(ev, view, pid, name) => not_asked(ev, view, &[pid], name),
        None => {
            let msg = Msg::PidMissing {
                view: label,
                pid,
                listed: names_of(&procs),
            };
            (Verdict::Refuted, msg)
        }
    }
}

fn pid_is_not(ev: &EvidenceSet, view: &str, pid: u32, name: &str) -> Judged {
    let procs = view_procs(ev, view);
    if procs.is_empty() {
        return nothing_listed(ev, view);
    }
    let label = view_label(ev, view);
    let name = name.to_string();
    match procs.iter().find(|p| p.pid == pid) {
        Some(p) if p.answers_to(&name) => (Verdict::Refuted, Msg::PidIsItself { view: label, pid, name }),
        Some(p) => {
            let msg = Msg::PidIsOtherThan {
                view: label,
                pid,
                got: p.name.clone(),
                cmd: short(&p.cmd),
                name,
            };
            (Verdict::Proven, msg)
        }
        // Without the PID there is nothing to tell apart: that is missing evidence, not a finding.
        None => (Verdict::Error, Msg::PidMissingCannotShow { view: label, pid }),
    }
}

fn pid_numbering(ev: &EvidenceSet, inside: &str, outside: &str, name: &str, numbering: Numbering) -> Judged {
    let inner = view_procs(ev, inside);
    if inner.is_empty() {
        return nothing_listed(ev, inside);
    }
    // Numbers not kept inside may be the very ones outside uses.
    if was_cut(ev, inside) {
        return cut_short(ev, inside);
    }
    let in_pids: Vec<u32> = inner.iter().filter(|p| p.answers_to(name)).map(|p| p.pid).collect();
    if in_pids.is_empty() {
        let msg = Msg::NumberingNoName {
            view: view_label(ev, inside),
            name: name.to_string(),
            listed: names_of(&inner),
        };
        return (Verdict::Refuted, msg);
    }
    let seen = Box::new(Inside {
        view: view_label(ev, inside),
        name: name.to_string(),
        pids: in_pids,
    });
    match numbering {
        Numbering::Own => own_numbering(ev, seen, outside),
        Numbering::Shared => shared_numbering(ev, seen, outside),
    }
}

/// The outside view numbers the process itself: it lists it, and under other PIDs.
fn own_numbering(ev: &EvidenceSet, inside: Box<Inside>, outside: &str) -> Judged {
    let outer = view_procs(ev, outside);
    let name = inside.name.as_str();
    let named: Vec<u32> = outer.iter().filter(|p| p.answers_to(name)).map(|p| p.pid).collect();
    let out_label = view_label(ev, outside);
    // A view that does not list the process gives it no number at all,
    // let alone one of its own: that is not own numbering.
    if named.is_empty() {
        let msg = Msg::NumberingOutsideLacks {
            inside,
            outside: out_label,
            listed: names_of(&outer),
        };
        return (Verdict::Refuted, msg);
    }
    let same: Vec<u32> = inside.pids.iter().copied().filter(|p| named.contains(p)).collect();
    // A number the outside view was never asked for may be there unseen.
    let unasked: Vec<u32> = inside
        .pids
        .iter()
        .copied()
        .filter(|p| !would_hold(ev, outside, *p, name))
        .collect();
    if same.is_empty() && !unasked.is_empty() {
        return not_asked(ev, outside, &unasked, name);
    }
    if same.is_empty() {
        let msg = Msg::NumberingOwn {
            inside,
            outside: out_label,
            pids: named,
        };
        (Verdict::Proven, msg)
    } else {
        let msg = Msg::NumberingSameNumber {
            inside,
            outside: out_label,
            pids: same,
        };
        (Verdict::Refuted, msg)
    }
}

/// The outside view reports the very PIDs the process has inside.
fn shared_numbering(ev: &EvidenceSet, inside: Box<Inside>, outside: &str) -> Judged {
    let outer = view_procs(ev, outside);
    let named: Vec<u32> = outer
        .iter()
        .filter(|p| p.answers_to(&inside.name))
        .map(|p| p.pid)
        .collect();
    // A sandbox's top reports the sandbox's own PIDs but takes the names
    // from the host's table, so they need not say `name`: then its PIDs
    // are compared as they are.
    let unnamed = named.is_empty() && is_top(ev, outside);
    let pids = if unnamed {
        outer.iter().map(|p| p.pid).collect()
    } else {
        named
    };
    let same: Vec<u32> = inside.pids.iter().copied().filter(|p| pids.contains(p)).collect();
    let holds = !same.is_empty();
    let msg = Msg::NumberingShared {
        inside,
        outside: view_label(ev, outside),
        pids: if holds { same } else { pids },
        same: holds,
        unnamed,
    };
    (if holds { Verdict::Proven } else { Verdict::Refuted }, msg)
}

fn value(ev: &EvidenceSet, v: &ValueRef) -> Result<String, Judged> {
    match v {
        ValueRef::Literal { value } => for_os(value, ev.os),
        ValueRef::Field { step, field } => ev
            .step(step)
            .and_then(|s| s.evidence.as_ref())
            .and_then(|e| e.field(field))
            .ok_or_else(|| {
                let msg = Msg::StepNoField {
                    step: step.clone(),
                    field: field.clone(),
                };
                (Verdict::Error, msg)
            }),
    }
}

fn compare(ev: &EvidenceSet, left: &ValueRef, op: CompareOp, right: &ValueRef) -> Result<Judged, Judged> {
    let (l, r) = (value(ev, left)?, value(ev, right)?);
    // Only finding the text in what was kept is sure when a side was cut.
    let cut = [left, right]
        .into_iter()
        .filter_map(ValueRef::step)
        .find(|s| was_cut(ev, s));
    if let Some(step) = cut {
        if !(op == CompareOp::Contains && l.contains(&r)) {
            let step = step.to_string();
            return Err((Verdict::Error, Msg::CompareCut { step }));
        }
    }
    if matches!(op, CompareOp::Contains | CompareOp::NotContains) && r.trim().is_empty() {
        // Every text contains the empty one: such a check could not fail.
        return Err((Verdict::Error, Msg::CompareEmptyRight));
    }
    // Equality ignores how the words are spaced: `ls` prints one name a line,
    // a host field joins them with spaces.
    let holds = match op {
        CompareOp::Equals => words(&l) == words(&r),
        CompareOp::Differs => words(&l) != words(&r),
        CompareOp::Contains => l.contains(&r),
        CompareOp::NotContains => !l.contains(&r),
    };
    let relation = match op {
        CompareOp::Equals => Relation::Equals,
        CompareOp::Differs => Relation::Differs,
        CompareOp::Contains => Relation::Contains,
        CompareOp::NotContains => Relation::NotContains,
    };
    let msg = Msg::Compared {
        left: short(&l),
        relation,
        right: short(&r),
        holds,
    };
    Ok((if holds { Verdict::Proven } else { Verdict::Refuted }, msg))
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
