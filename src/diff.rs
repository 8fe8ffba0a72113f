//! Comparing two runs: which claims changed verdict, which steps' evidence
//! changed shape, which lessons came or went. Plain data in, plain serde data
//! out; `commands::diff` only loads records and prints.
//!
//! "Shape" deliberately ignores what differs on every run (PIDs, container
//! ids and names, timestamps, durations) and keeps what a reader would call a
//! change: a process that appeared or vanished (by name), a count that moved,
//! a version string, a runtime, a step outcome.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::record::HostRecords;
use crate::record::{normalize_name, Evidence, HostInfo, ProcInfo, RunRecord, StepRecord, Verdict};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct Report {
    /// What was compared, as given on the command line.
    pub old: String,
    pub new: String,
    /// Host pairs compared: (old label, new label).
    pub hosts: Vec<(String, String)>,
    /// Claims on both sides whose verdict differs. Any entry here makes `diff` exit 1.
    pub verdicts: Vec<VerdictChange>,
    /// Claims present on one side only, within a lesson present on both.
    pub claims_added: Vec<ClaimRef>,
    pub claims_removed: Vec<ClaimRef>,
    pub steps: Vec<StepChange>,
    /// Host facts that changed (engine version, kernel, os build, runtimes, isolation mapping).
    pub host_changes: Vec<HostChange>,
    pub lessons_added: Vec<LessonRef>,
    pub lessons_removed: Vec<LessonRef>,
}

impl Report {
    pub(crate) fn verdict_changed(&self) -> bool {
        !self.verdicts.is_empty()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.verdicts.is_empty()
            && self.claims_added.is_empty()
            && self.claims_removed.is_empty()
            && self.steps.is_empty()
            && self.host_changes.is_empty()
            && self.lessons_added.is_empty()
            && self.lessons_removed.is_empty()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LessonRef {
    /// Host label; None when each side is a single host.
    pub host: Option<String>,
    pub lesson: String,
    pub lang: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct ClaimRef {
    #[serde(flatten)]
    pub at: LessonRef,
    pub claim: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct VerdictChange {
    #[serde(flatten)]
    pub at: LessonRef,
    pub claim: String,
    pub says: String,
    pub old: Verdict,
    pub new: Verdict,
    pub old_reason: String,
    pub new_reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct StepChange {
    #[serde(flatten)]
    pub at: LessonRef,
    pub step: String,
    pub action: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct HostChange {
    /// Label of the new side's host.
    pub host: String,
    pub change: Change,
}

/// One difference in the shape of some evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Change {
    /// The step ran on one side and not (or differently) on the other.
    Outcome {
        old: String,
        new: String,
        detail: String,
    },
    /// A step was added to or removed from the lesson.
    StepAdded,
    StepRemoved,
    /// A process name present on one side only (`old`/`new` are how many bear it).
    ProcessAppeared {
        view: String,
        name: String,
        count: usize,
    },
    ProcessVanished {
        view: String,
        name: String,
        count: usize,
    },
    /// A count that moved: processes bearing a name, rows of a table, lines of output.
    Count {
        what: String,
        old: usize,
        new: usize,
    },
    /// A named value that changed: a version string, a runtime, an exit code.
    Value {
        field: String,
        old: String,
        new: String,
    },
}

/// Compares two runs. Each run is one or more hosts; with one host on each
/// side they are compared whatever their labels, otherwise hosts are paired
/// by label and an unpaired host's lessons count as added or removed.
pub(crate) fn compare(old: &[HostRecords], new: &[HostRecords]) -> Report {
    let mut report = Report::default();
    let single = old.len() == 1 && new.len() == 1;
    let mut pairs: Vec<(Option<&HostRecords>, Option<&HostRecords>)> = Vec::new();
    if single {
        pairs.push((Some(&old[0]), Some(&new[0])));
    } else {
        for o in old {
            pairs.push((Some(o), new.iter().find(|n| n.label == o.label)));
        }
        for n in new {
            if !old.iter().any(|o| o.label == n.label) {
                pairs.push((None, Some(n)));
            }
        }
    }
    for (o, n) in pairs {
        let host_key = |h: &HostRecords| if single { None } else { Some(h.label.clone()) };
        match (o, n) {
            (Some(o), Some(n)) => {
                report.hosts.push((o.label.clone(), n.label.clone()));
                compare_host(&mut report, o, n, host_key(n));
            }
            (Some(o), None) => report
                .lessons_removed
                .extend(o.records.iter().map(|r| lesson_ref(host_key(o), r))),
            (None, Some(n)) => report
                .lessons_added
                .extend(n.records.iter().map(|r| lesson_ref(host_key(n), r))),
            (None, None) => {}
        }
    }
    report.lessons_added.sort();
    report.lessons_removed.sort();
    report
}

fn lesson_ref(host: Option<String>, r: &RunRecord) -> LessonRef {
    LessonRef {
        host,
        lesson: r.lesson.clone(),
        lang: r.lang.clone(),
    }
}

fn compare_host(report: &mut Report, old: &HostRecords, new: &HostRecords, host: Option<String>) {
    if let (Some(o), Some(n)) = (old.records.first(), new.records.first()) {
        for change in host_info_changes(&o.host, &n.host, true) {
            report.host_changes.push(HostChange {
                host: new.label.clone(),
                change,
            });
        }
    }
    let key = |r: &RunRecord| (r.lesson.clone(), r.lang.clone());
    let olds: BTreeMap<_, &RunRecord> = old.records.iter().map(|r| (key(r), r)).collect();
    let news: BTreeMap<_, &RunRecord> = new.records.iter().map(|r| (key(r), r)).collect();
    for (k, o) in &olds {
        match news.get(k) {
            Some(n) => compare_record(report, o, n, lesson_ref(host.clone(), n)),
            None => report.lessons_removed.push(lesson_ref(host.clone(), o)),
        }
    }
    for (k, n) in &news {
        if !olds.contains_key(k) {
            report.lessons_added.push(lesson_ref(host.clone(), n));
        }
    }
}

fn compare_record(report: &mut Report, old: &RunRecord, new: &RunRecord, at: LessonRef) {
    for c in &old.claims {
        match new.claims.iter().find(|x| x.id == c.id) {
            Some(n) if n.verdict != c.verdict => report.verdicts.push(VerdictChange {
                at: at.clone(),
                claim: c.id.clone(),
                says: n.says.clone(),
                old: c.verdict,
                new: n.verdict,
                old_reason: c.reason.to_string(),
                new_reason: n.reason.to_string(),
            }),
            Some(_) => {}
            None => report.claims_removed.push(ClaimRef {
                at: at.clone(),
                claim: c.id.clone(),
                verdict: c.verdict,
            }),
        }
    }
    for n in &new.claims {
        if !old.claims.iter().any(|c| c.id == n.id) {
            report.claims_added.push(ClaimRef {
                at: at.clone(),
                claim: n.id.clone(),
                verdict: n.verdict,
            });
        }
    }
    for s in &old.steps {
        let changes = match new.step(&s.id) {
            Some(n) => step_changes(s, n),
            None => vec![Change::StepRemoved],
        };
        if !changes.is_empty() {
            report.steps.push(StepChange {
                at: at.clone(),
                step: s.id.clone(),
                action: s.action.clone(),
                changes,
            });
        }
    }
    for n in &new.steps {
        if old.step(&n.id).is_none() {
            report.steps.push(StepChange {
                at: at.clone(),
                step: n.id.clone(),
                action: n.action.clone(),
                changes: vec![Change::StepAdded],
            });
        }
    }
}

/// The differences between two records of the same step.
pub(crate) fn step_changes(old: &StepRecord, new: &StepRecord) -> Vec<Change> {
    let mut out = Vec::new();
    // The lesson itself changed the step (another image, command, filter): say so
    // first, since it explains whatever else moved. Its line number does not count.
    if old.request.action != new.request.action || old.request.timeout != new.request.timeout {
        let show = |s: &StepRecord| serde_json::to_string(&s.request.action).unwrap_or_default();
        out.push(Change::Value {
            field: "step as written in the lesson".into(),
            old: show(old),
            new: show(new),
        });
    }
    if old.outcome.label() != new.outcome.label() {
        let detail = new.outcome.detail().map(|d| d.to_string()).unwrap_or_default();
        out.push(Change::Outcome {
            old: old.outcome.label().into(),
            new: new.outcome.label().into(),
            detail,
        });
    }
    // When one side has no evidence, the outcome change above already says why.
    if let (Some(o), Some(n)) = (&old.evidence, &new.evidence) {
        out.extend(evidence_changes(o, n));
    }
    out
}

pub(crate) fn evidence_changes(old: &Evidence, new: &Evidence) -> Vec<Change> {
    let mut out = Vec::new();
    match (old, new) {
        (Evidence::Container { .. }, Evidence::Container { .. })
        | (Evidence::Adopted { .. }, Evidence::Adopted { .. }) => {
            for ((field, o), (_, n)) in container_facts(old).iter().zip(&container_facts(new)) {
                value(&mut out, field, o, n);
            }
        }
        (
            Evidence::Top {
                processes: o,
                titles: ot,
                ..
            },
            Evidence::Top {
                processes: n,
                titles: nt,
                ..
            },
        ) => {
            if ot != nt {
                value(&mut out, "columns", &ot.join(" "), &nt.join(" "));
            }
            processes(&mut out, "engine (docker top)", o, n);
        }
        (Evidence::HostProcesses { processes: o, .. }, Evidence::HostProcesses { processes: n, .. }) => {
            processes(&mut out, "host", o, n);
        }
        (Evidence::Exec { .. }, Evidence::Exec { .. }) => exec_changes(&mut out, old, new),
        (Evidence::HostInfo(o), Evidence::HostInfo(n)) => out.extend(host_info_changes(o, n, false)),
        (Evidence::HostFile { exists: o, path: op }, Evidence::HostFile { exists: n, path: np }) => {
            value(&mut out, "path", op, np);
            value(&mut out, "exists", &o.to_string(), &n.to_string());
        }
        (Evidence::HostRegistry { exists: o, key: ok, .. }, Evidence::HostRegistry { exists: n, key: nk, .. }) => {
            value(&mut out, "key", ok, nk);
            value(&mut out, "exists", &o.to_string(), &n.to_string());
        }
        (o, n) => value(&mut out, "evidence kind", kind(o), kind(n)),
    }
    out
}

/// What `diff` compares of a container a step started or adopted, in order.
fn container_facts(e: &Evidence) -> Vec<(&'static str, String)> {
    match e {
        Evidence::Container {
            image,
            isolation,
            runtime,
            state,
            ..
        } => vec![
            ("image", image.clone()),
            ("isolation", isolation.as_str().to_string()),
            ("runtime", runtime.clone()),
            ("state", state.clone()),
        ],
        Evidence::Adopted {
            image, runtime, state, ..
        } => vec![
            ("image", image.clone()),
            ("runtime", runtime.clone()),
            ("state", state.clone()),
        ],
        _ => Vec::new(),
    }
}

/// A command's exit code and how many lines it printed.
fn exec_changes(out: &mut Vec<Change>, old: &Evidence, new: &Evidence) {
    let (
        Evidence::Exec {
            stdout: oo,
            exit_code: oc,
            ..
        },
        Evidence::Exec {
            stdout: no,
            exit_code: nc,
            ..
        },
    ) = (old, new)
    else {
        return;
    };
    let code = |c: &Option<i64>| c.map(|c| c.to_string()).unwrap_or_else(|| "none".into());
    value(out, "exit code", &code(oc), &code(nc));
    let lines = |s: &str| s.lines().filter(|l| !l.trim().is_empty()).count();
    count(out, "lines of output", lines(oo), lines(no));
}

fn kind(e: &Evidence) -> &'static str {
    match e {
        Evidence::Container { .. } => "container",
        Evidence::Adopted { .. } => "adopted container",
        Evidence::Top { .. } => "top",
        Evidence::HostProcesses { .. } => "host_processes",
        Evidence::Exec { .. } => "exec",
        Evidence::HostInfo(_) => "host_info",
        Evidence::HostFile { .. } => "host_file",
        Evidence::HostRegistry { .. } => "host_registry",
    }
}

/// Version strings and the runtime set. `bindings` adds the isolation → runtime mapping.
pub(crate) fn host_info_changes(old: &HostInfo, new: &HostInfo, bindings: bool) -> Vec<Change> {
    let mut out = Vec::new();
    value(&mut out, "os", &old.os, &new.os);
    value(&mut out, "os name", &old.os_name, &new.os_name);
    value(&mut out, "os version", &old.os_version, &new.os_version);
    value(&mut out, "os build", &old.os_build, &new.os_build);
    value(&mut out, "kernel", &old.kernel, &new.kernel);
    value(&mut out, "engine version", &old.engine_version, &new.engine_version);
    value(
        &mut out,
        "engine API version",
        &old.engine_api_version,
        &new.engine_api_version,
    );
    value(&mut out, "default runtime", &old.default_runtime, &new.default_runtime);
    let mut o = old.runtimes.clone();
    let mut n = new.runtimes.clone();
    o.sort();
    n.sort();
    value(&mut out, "runtimes", &o.join(", "), &n.join(", "));
    // An empty list means "not captured" (a remote engine), not "no interfaces".
    if !old.net_interfaces.is_empty() && !new.net_interfaces.is_empty() {
        for name in old.net_interfaces.iter().filter(|i| !new.net_interfaces.contains(i)) {
            out.push(Change::Value {
                field: format!("network interface `{name}`"),
                old: "present".into(),
                new: "absent".into(),
            });
        }
        for name in new.net_interfaces.iter().filter(|i| !old.net_interfaces.contains(i)) {
            out.push(Change::Value {
                field: format!("network interface `{name}`"),
                old: "absent".into(),
                new: "present".into(),
            });
        }
    }
    if bindings {
        for iso in [crate::lesson::Isolation::Process, crate::lesson::Isolation::Hyperv] {
            let show = |h: &HostInfo| {
                crate::platform::binding_for(&h.isolation, iso)
                    .map(|b| b.runtime.clone().unwrap_or_else(|| "(missing)".into()))
                    .unwrap_or_else(|| "(none)".into())
            };
            value(
                &mut out,
                &format!("{} isolation runs on", iso.as_str()),
                &show(old),
                &show(new),
            );
        }
    }
    out
}

fn value(out: &mut Vec<Change>, field: &str, old: &str, new: &str) {
    if old != new {
        out.push(Change::Value {
            field: field.into(),
            old: old.into(),
            new: new.into(),
        });
    }
}

fn count(out: &mut Vec<Change>, what: &str, old: usize, new: usize) {
    if old != new {
        out.push(Change::Count {
            what: what.into(),
            old,
            new,
        });
    }
}

/// The name a process is compared by: its argv[0] base name when it has one
/// (gVisor's sandbox is `exe` to the kernel but `runsc-sandbox` to `ps`),
/// else its name; case-insensitive, without `.exe`.
pub(crate) fn process_name(p: &ProcInfo) -> String {
    normalize_name(crate::record::program_name(&p.cmd).unwrap_or(&p.name))
}

fn processes(out: &mut Vec<Change>, view: &str, old: &[ProcInfo], new: &[ProcInfo]) {
    let tally = |ps: &[ProcInfo]| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for p in ps {
            *m.entry(process_name(p)).or_default() += 1;
        }
        m
    };
    let (o, n) = (tally(old), tally(new));
    for (name, &c) in &o {
        match n.get(name) {
            None => out.push(Change::ProcessVanished {
                view: view.into(),
                name: name.clone(),
                count: c,
            }),
            Some(&nc) if nc != c => out.push(Change::Count {
                what: format!("{view} processes named `{name}`"),
                old: c,
                new: nc,
            }),
            Some(_) => {}
        }
    }
    for (name, &c) in &n {
        if !o.contains_key(name) {
            out.push(Change::ProcessAppeared {
                view: view.into(),
                name: name.clone(),
                count: c,
            });
        }
    }
    count(out, &format!("{view} processes"), old.len(), new.len());
}

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
    fn show(&self) -> String {
        match &self.host {
            Some(h) => format!("[{h}] {}/{}", self.lang, self.lesson),
            None => format!("{}/{}", self.lang, self.lesson),
        }
    }
}

/// The human-readable report.
pub(crate) fn to_text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "comparing {} (old) with {} (new)", r.old, r.new);
    for (o, n) in &r.hosts {
        if o != n {
            let _ = writeln!(s, "  host {o} (old) is compared with host {n} (new)");
        }
    }
    if !r.verdicts.is_empty() {
        let _ = writeln!(s, "\nverdicts changed ({}):", r.verdicts.len());
        for v in &r.verdicts {
            let _ = writeln!(
                s,
                "  {} claim {}: {} → {}",
                v.at.show(),
                v.claim,
                v.old.as_str(),
                v.new.as_str()
            );
            let _ = writeln!(s, "      claim: {}", v.says);
            let _ = writeln!(s, "      was:   {}", v.old_reason);
            let _ = writeln!(s, "      now:   {}", v.new_reason);
        }
    }
    for (title, list) in [("claims added", &r.claims_added), ("claims removed", &r.claims_removed)] {
        if !list.is_empty() {
            let _ = writeln!(s, "\n{title} ({}):", list.len());
            for c in list {
                let _ = writeln!(s, "  {} claim {} ({})", c.at.show(), c.claim, c.verdict.as_str());
            }
        }
    }
    if !r.steps.is_empty() {
        let _ = writeln!(s, "\nevidence changed shape ({} step(s)):", r.steps.len());
        for st in &r.steps {
            let _ = writeln!(s, "  {} step {} ({}):", st.at.show(), st.step, st.action);
            for c in &st.changes {
                let _ = writeln!(s, "      {c}");
            }
        }
    }
    if !r.host_changes.is_empty() {
        let _ = writeln!(s, "\nhost changed:");
        for h in &r.host_changes {
            let _ = writeln!(s, "  [{}] {}", h.host, h.change);
        }
    }
    for (title, list) in [
        ("lessons added", &r.lessons_added),
        ("lessons removed", &r.lessons_removed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(s, "\n{title} ({}):", list.len());
            for l in list {
                let _ = writeln!(s, "  {}", l.show());
            }
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        if r.verdict_changed() {
            format!("{} verdict(s) changed", r.verdicts.len())
        } else if r.is_empty() {
            "no differences".to_string()
        } else {
            "no verdict changed".to_string()
        }
    );
    s
}

/// The report as Markdown for a pull-request comment: changed verdicts and
/// host versions as tables, the rest as short lists; "No change" when none.
pub(crate) fn to_markdown(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let headline = if r.verdict_changed() {
        format!("{} verdict(s) changed", r.verdicts.len())
    } else if r.is_empty() {
        "No change".to_string()
    } else {
        "No verdict changed".to_string()
    };
    let _ = writeln!(s, "### proofbook: {headline}\n");
    let _ = writeln!(s, "Comparing `{}` (old) with `{}` (new).\n", md(&r.old), md(&r.new));
    if r.is_empty() {
        let _ = writeln!(
            s,
            "No change: the same verdicts, evidence shape, host versions and lessons."
        );
        return s;
    }
    if !r.verdicts.is_empty() {
        let _ = writeln!(s, "| Lesson | Claim | Was | Now | Why now |\n|---|---|---|---|---|");
        for v in &r.verdicts {
            let _ = writeln!(
                s,
                "| {} | `{}` {} | {} | {} | {} |",
                md(&v.at.show()),
                md(&v.claim),
                md(&v.says),
                badge(v.old),
                badge(v.new),
                md(&v.new_reason)
            );
        }
        s.push('\n');
    }
    if !r.host_changes.is_empty() {
        let _ = writeln!(s, "**Host versions**\n\n| Host | What | Was | Now |\n|---|---|---|---|");
        for h in &r.host_changes {
            let (what, old, new) = match &h.change {
                Change::Value { field, old, new } => (field.clone(), old.clone(), new.clone()),
                other => (other.to_string(), String::new(), String::new()),
            };
            let _ = writeln!(s, "| {} | {} | {} | {} |", md(&h.host), md(&what), md(&old), md(&new));
        }
        s.push('\n');
    }
    md_list(&mut s, "Claims added", r.claims_added.iter().map(claim_line));
    md_list(&mut s, "Claims removed", r.claims_removed.iter().map(claim_line));
    md_list(&mut s, "Lessons added", r.lessons_added.iter().map(|l| md(&l.show())));
    md_list(
        &mut s,
        "Lessons removed",
        r.lessons_removed.iter().map(|l| md(&l.show())),
    );
    if !r.steps.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>Evidence changed shape in {} step(s)</summary>\n",
            r.steps.len()
        );
        for st in &r.steps {
            let changes: Vec<String> = st.changes.iter().map(|c| md(&c.to_string())).collect();
            let _ = writeln!(s, "- {} `{}`: {}", md(&st.at.show()), md(&st.step), changes.join("; "));
        }
        let _ = writeln!(s, "\n</details>");
    }
    s
}

fn claim_line(c: &ClaimRef) -> String {
    format!("{} `{}` ({})", md(&c.at.show()), md(&c.claim), badge(c.verdict))
}

fn md_list(s: &mut String, title: &str, items: impl Iterator<Item = String>) {
    use std::fmt::Write;
    let items: Vec<String> = items.collect();
    if !items.is_empty() {
        let _ = writeln!(s, "**{title}** ({})\n", items.len());
        for i in items {
            let _ = writeln!(s, "- {i}");
        }
        s.push('\n');
    }
}

fn badge(v: Verdict) -> String {
    format!("**{}**", v.as_str().to_uppercase())
}

/// Text safe inside a Markdown table cell: no pipes, line breaks or raw HTML.
fn md(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Action, FrontMatter, HostInfoAction, Isolation, Lesson, Step};
    use crate::record::{ClaimResult, Provenance, StepOutcome};
    use crate::test_support::proc;

    fn step(id: &str, outcome: StepOutcome, evidence: Option<Evidence>) -> StepRecord {
        StepRecord {
            id: id.into(),
            action: "host_processes".into(),
            request: Step {
                id: id.into(),
                line: 1,
                timeout: None,
                action: Action::HostInfo(HostInfoAction {}),
            },
            cli: String::new(),
            host_cli: None,
            outcome,
            evidence,
            started_at: "t".into(),
            duration_ms: 1,
            cut: Vec::new(),
        }
    }

    fn claim(id: &str, v: Verdict) -> ClaimResult {
        ClaimResult {
            id: id.into(),
            says: format!("{id} says"),
            check: "k".into(),
            verdict: v,
            reason: format!("{id} is {}", v.as_str()).into(),
            evidence: vec![],
        }
    }

    fn record(lesson: &str, steps: Vec<StepRecord>, claims: Vec<ClaimResult>, sandbox: &str) -> RunRecord {
        let mut host = HostInfo {
            engine_version: "20.10.24".into(),
            kernel: "6.1".into(),
            runtimes: vec!["runc".into(), "runsc".into()],
            ..Default::default()
        };
        host.isolation = vec![crate::record::IsolationBinding {
            isolation: Isolation::Hyperv,
            runtime: Some(sandbox.into()),
            worker: None,
            missing: None,
        }];
        RunRecord {
            schema: 1,
            run_id: "r".into(),
            lesson: lesson.into(),
            lang: "en".into(),
            title: "T".into(),
            source: "x.md".into(),
            doc: Lesson {
                path: "x.md".into(),
                meta: FrontMatter {
                    title: "T".into(),
                    lang: "en".into(),
                    lesson: lesson.into(),
                    order: 1,
                    summary: "S".into(),
                },
                blocks: vec![],
            },
            host,
            provenance: Provenance::Live,
            started_at: "t".into(),
            duration_ms: 1,
            steps,
            claims,
            fingerprint: Default::default(),
            stale: None,
            verified: None,
            overruled: Vec::new(),
            file: Default::default(),
        }
    }

    fn host(label: &str, records: Vec<RunRecord>) -> Vec<HostRecords> {
        vec![HostRecords {
            label: label.into(),
            records,
        }]
    }

    fn host_view(procs: Vec<ProcInfo>) -> StepRecord {
        step(
            "host-view",
            StepOutcome::Ok,
            Some(Evidence::HostProcesses {
                filter: "f".into(),
                processes: procs,
                query: None,
            }),
        )
    }

    #[test]
    fn identical_runs_have_no_differences() {
        let r = record(
            "a",
            vec![host_view(vec![proc(10, "sleep", "sleep 3600")])],
            vec![claim("c", Verdict::Proven)],
            "runsc",
        );
        let rep = compare(&host("x", vec![r.clone()]), &host("y", vec![r]));
        assert!(rep.is_empty(), "{rep:?}");
        assert!(!rep.verdict_changed());
        assert!(to_text(&rep).contains("no differences"));
    }

    #[test]
    fn pids_alone_are_not_a_change_but_names_and_counts_are() {
        let old = record(
            "a",
            vec![host_view(vec![
                proc(10, "sleep", "sleep 3600"),
                proc(20, "exe", "runsc-sandbox --root=/x"),
            ])],
            vec![],
            "runsc",
        );
        let same_names = record(
            "a",
            vec![host_view(vec![
                proc(11, "sleep", "sleep 3600"),
                proc(99, "exe", "runsc-sandbox --root=/y"),
            ])],
            vec![],
            "runsc",
        );
        assert!(compare(&host("h", vec![old.clone()]), &host("h", vec![same_names]))
            .steps
            .is_empty());

        let new = record(
            "a",
            vec![host_view(vec![
                proc(11, "sleep", "sleep 3600"),
                proc(12, "sleep", "sleep 3600"),
            ])],
            vec![],
            "runc",
        );
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        let changes = &rep.steps[0].changes;
        assert!(
            changes.contains(&Change::ProcessVanished {
                view: "host".into(),
                name: "runsc-sandbox".into(),
                count: 1
            }),
            "{changes:?}"
        );
        assert!(
            changes
                .iter()
                .any(|c| matches!(c, Change::Count { what, old: 1, new: 2 } if what.contains("`sleep`"))),
            "{changes:?}"
        );
        assert!(rep.host_changes.iter().any(|h| h.change
            == Change::Value {
                field: "hyperv isolation runs on".into(),
                old: "runsc".into(),
                new: "runc".into()
            }));
    }

    #[test]
    fn verdict_changes_are_listed_and_counted() {
        let old = record(
            "a",
            vec![],
            vec![
                claim("same", Verdict::Proven),
                claim("flip", Verdict::Proven),
                claim("gone", Verdict::Proven),
            ],
            "runsc",
        );
        let new = record(
            "a",
            vec![],
            vec![
                claim("same", Verdict::Proven),
                claim("flip", Verdict::Refuted),
                claim("fresh", Verdict::NotRun),
            ],
            "runsc",
        );
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        assert!(rep.verdict_changed());
        assert_eq!(rep.verdicts.len(), 1);
        assert_eq!(
            (rep.verdicts[0].claim.as_str(), rep.verdicts[0].old, rep.verdicts[0].new),
            ("flip", Verdict::Proven, Verdict::Refuted)
        );
        assert_eq!(rep.claims_removed[0].claim, "gone");
        assert_eq!(rep.claims_added[0].claim, "fresh");
        let text = to_text(&rep);
        assert!(text.contains("en/a claim flip: proven → refuted"), "{text}");
        // JSON round-trips.
        let json = serde_json::to_string(&rep).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), rep);
    }

    #[test]
    fn markdown_summary_tables_verdicts_and_host_versions() {
        let same = record("a", vec![], vec![claim("same", Verdict::Proven)], "runsc");
        let rep = compare(&host("h", vec![same.clone()]), &host("h", vec![same.clone()]));
        let md = to_markdown(&rep);
        assert!(md.starts_with("### proofbook: No change"), "{md}");
        assert!(md.contains("No change: the same verdicts"), "{md}");
        assert!(!md.contains('|'), "no empty tables: {md}");

        let mut new = record("a", vec![], vec![claim("same", Verdict::Refuted)], "runc");
        new.claims[0].reason = "top | ps <b> differ\nsecond line".into();
        new.host.engine_version = "24.0.7".into();
        let rep = compare(&host("h", vec![same]), &host("h", vec![new]));
        let md = to_markdown(&rep);
        assert!(md.starts_with("### proofbook: 1 verdict(s) changed"), "{md}");
        assert!(md.contains("| Lesson | Claim | Was | Now | Why now |"), "{md}");
        assert!(
            md.contains(
                "| en/a | `same` same says | **PROVEN** | **REFUTED** | top \\| ps &lt;b&gt; differ second line |"
            ),
            "{md}"
        );
        assert!(md.contains("| h | engine version | 20.10.24 | 24.0.7 |"), "{md}");
        assert!(md.contains("| h | hyperv isolation runs on | runsc | runc |"), "{md}");
        // Every table row has as many cells as its header.
        for table in md.split("\n\n").filter(|b| b.contains("|---")) {
            let cols: Vec<usize> = table
                .lines()
                .filter(|l| l.starts_with('|'))
                .map(|l| l.replace("\\|", "").matches('|').count())
                .collect();
            assert!(cols.windows(2).all(|w| w[0] == w[1]), "{table}");
        }
    }

    #[test]
    fn network_interfaces_that_came_or_went() {
        let nets = |n: &[&str]| HostInfo {
            net_interfaces: n.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        assert_eq!(
            host_info_changes(&nets(&["eth0", "lo"]), &nets(&["lo", "wg0"]), false),
            vec![
                Change::Value {
                    field: "network interface `eth0`".into(),
                    old: "present".into(),
                    new: "absent".into()
                },
                Change::Value {
                    field: "network interface `wg0`".into(),
                    old: "absent".into(),
                    new: "present".into()
                },
            ]
        );
        assert!(
            host_info_changes(&nets(&["eth0"]), &nets(&[]), false).is_empty(),
            "not captured is not a change"
        );
    }

    #[test]
    fn outcome_and_version_changes() {
        let info = |v: &str| {
            Evidence::HostInfo(Box::new(HostInfo {
                engine_version: v.into(),
                kernel: "6.1".into(),
                ..Default::default()
            }))
        };
        let old = record(
            "a",
            vec![
                step("h", StepOutcome::Ok, Some(info("20.10"))),
                step("s", StepOutcome::Ok, None),
            ],
            vec![],
            "runsc",
        );
        let new = record(
            "a",
            vec![
                step("h", StepOutcome::Ok, Some(info("24.0"))),
                step(
                    "s",
                    StepOutcome::NotRun {
                        reason: "no sandbox".into(),
                    },
                    None,
                ),
                step("n", StepOutcome::Ok, None),
            ],
            vec![],
            "runsc",
        );
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        let by = |id: &str| {
            rep.steps
                .iter()
                .find(|s| s.step == id)
                .map(|s| s.changes.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            by("h"),
            vec![Change::Value {
                field: "engine version".into(),
                old: "20.10".into(),
                new: "24.0".into()
            }]
        );
        assert_eq!(
            by("s"),
            vec![Change::Outcome {
                old: "ok".into(),
                new: "not-run".into(),
                detail: "no sandbox".into()
            }]
        );
        assert_eq!(by("n"), vec![Change::StepAdded]);
        let mut moved = step("m", StepOutcome::Ok, None);
        moved.request.line = 99;
        assert!(
            step_changes(&step("m", StepOutcome::Ok, None), &moved).is_empty(),
            "a step that only moved in the file is unchanged"
        );
        let mut retimed = moved.clone();
        retimed.request.timeout = Some(3.0);
        assert!(
            matches!(&step_changes(&moved, &retimed)[..], [Change::Value { field, .. }] if field == "step as written in the lesson")
        );
        assert!(!rep.verdict_changed());
    }

    #[test]
    fn lessons_and_hosts_that_come_and_go() {
        let a = record("a", vec![], vec![], "runsc");
        let b = record("b", vec![], vec![], "runsc");
        // One host each: labels do not matter.
        let rep = compare(
            &host("old-label", vec![a.clone()]),
            &host("new-label", vec![a.clone(), b.clone()]),
        );
        assert_eq!(
            rep.lessons_added,
            vec![LessonRef {
                host: None,
                lesson: "b".into(),
                lang: "en".into()
            }]
        );
        assert!(rep.lessons_removed.is_empty());
        // Several hosts: paired by label.
        let old = vec![
            HostRecords {
                label: "x".into(),
                records: vec![a.clone()],
            },
            HostRecords {
                label: "y".into(),
                records: vec![a.clone()],
            },
        ];
        let new = vec![
            HostRecords {
                label: "x".into(),
                records: vec![a.clone()],
            },
            HostRecords {
                label: "z".into(),
                records: vec![b],
            },
        ];
        let rep = compare(&old, &new);
        assert_eq!(
            rep.lessons_removed,
            vec![LessonRef {
                host: Some("y".into()),
                lesson: "a".into(),
                lang: "en".into()
            }]
        );
        assert_eq!(
            rep.lessons_added,
            vec![LessonRef {
                host: Some("z".into()),
                lesson: "b".into(),
                lang: "en".into()
            }]
        );
    }
}
