//! Windows hosts: isolation is an engine setting (`process` | `hyperv`), a
//! Hyper-V container shows on the host as one `vmwp` worker, and the image
//! tag must match the host build for process isolation. Also reads the
//! text Windows tools print, so recorded transcripts become evidence.
//! Pure functions only: this compiles and is tested on any host.

use crate::lesson::Isolation;
use crate::record::{IsolationBinding, ProcInfo};

pub const VM_WORKER: &str = "vmwp";

/// Host build → the Windows base image tag built for it.
pub const BUILD_TAGS: &[(&str, &str, &str)] = &[
    ("17763", "1809", "Windows Server 2019"),
    ("20348", "ltsc2022", "Windows Server 2022"),
    ("26100", "ltsc2025", "Windows Server 2025"),
];

pub fn bindings() -> Vec<IsolationBinding> {
    [Isolation::Process, Isolation::Hyperv]
        .into_iter()
        .map(|iso| IsolationBinding {
            isolation: iso,
            runtime: Some(iso.as_str().to_string()),
            worker: (iso == Isolation::Hyperv).then(|| VM_WORKER.to_string()),
            missing: None,
        })
        .collect()
}

/// The build number from a version like `10.0.20348.2340`, `20348` or `10.0 20348 (20348.1.amd64fre…)`.
pub fn build_number(version: &str) -> Option<&str> {
    version
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 5)
}

pub fn tag_for_build(version: &str) -> Option<&'static str> {
    let build = build_number(version)?;
    BUILD_TAGS.iter().find(|(b, _, _)| *b == build).map(|(_, t, _)| *t)
}

pub fn build_for_tag(tag: &str) -> Option<&'static str> {
    BUILD_TAGS.iter().find(|(_, t, _)| *t == tag).map(|(b, _, _)| *b)
}

pub fn mismatch_explanation(version: &str) -> String {
    let known: Vec<String> = BUILD_TAGS
        .iter()
        .map(|(b, t, n)| format!("{n} = build {b} = tag {t}"))
        .collect();
    format!(
        "no Windows base image tag is known for host build `{version}`. Process isolation needs an image built for the same \
         Windows build as the host; Hyper-V isolation does not. Known pairs: {}.",
        known.join("; ")
    )
}

/// Whether a process-isolated container of image tag `tag` can start on host `version`.
pub fn process_isolation_compatible(version: &str, tag: &str) -> Option<bool> {
    let host = build_number(version)?;
    let image = build_for_tag(tag)?;
    Some(host == image)
}

pub fn get_process_cli(names: &[String], pids: &[u32]) -> String {
    let mut parts = Vec::new();
    if !names.is_empty() {
        parts.push(format!("Get-Process -Name {}", names.join(",")));
    }
    if !pids.is_empty() {
        let list: Vec<String> = pids.iter().map(u32::to_string).collect();
        parts.push(format!("Get-Process -Id {}", list.join(",")));
    }
    if parts.is_empty() {
        "Get-Process".to_string()
    } else {
        parts.join("; ")
    }
}

/// `docker top` output of a Windows container (`Name PID CPU Private Working Set`),
/// or the short `PID name` form the documentation abbreviates it to.
pub fn parse_docker_top(text: &str) -> Vec<ProcInfo> {
    let mut out = Vec::new();
    // Some other table (`docker images`, `docker ps`…) is not a top: its
    // header is neither `Name …` nor a `PID name` row.
    let first = text
        .lines()
        .map(str::split_whitespace)
        .find_map(|mut t| t.next().map(|w| (w, t.next())));
    if let Some((word, second)) = first {
        let is_row = word.parse::<u32>().is_ok() || second.is_some_and(|w| w.parse::<u32>().is_ok());
        if !is_row && !word.eq_ignore_ascii_case("name") {
            return out;
        }
    }
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        match tokens.as_slice() {
            [] => {}
            [first, ..] if first.eq_ignore_ascii_case("name") => {}
            [pid, name, ..] if pid.parse::<u32>().is_ok() => out.push(proc(pid, name)),
            [name, pid, ..] if pid.parse::<u32>().is_ok() => out.push(proc(pid, name)),
            _ => {}
        }
    }
    out
}

/// The same `docker top` text as the engine's titles and rows, for showing it:
/// titles are split on runs of two or more spaces (`Private Working Set` is one
/// title), rows on whitespace with any surplus joined into the last column.
/// The short `PID name` form has no header; it gets `PID`, `Name`.
pub fn docker_top_table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut titles: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if titles.is_empty()
            && line
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("name"))
        {
            titles = line
                .split("  ")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if !tokens.iter().any(|t| t.parse::<u32>().is_ok()) {
            continue;
        }
        let width = if titles.is_empty() { 2 } else { titles.len() };
        let mut row: Vec<String> = tokens
            .iter()
            .take(width.saturating_sub(1))
            .map(|t| t.to_string())
            .collect();
        if tokens.len() >= width {
            row.push(tokens[width - 1..].join(" "));
        }
        rows.push(row);
    }
    if titles.is_empty() && !rows.is_empty() {
        titles = vec!["PID".to_string(), "Name".to_string()];
    }
    (titles, rows)
}

/// `Get-Process` table output. Columns vary by PowerShell version (VM(M) comes
/// and goes), but the last three are always `Id SI ProcessName`. The
/// "Cannot find a process" error means an empty table.
pub fn parse_get_process(text: &str) -> Vec<ProcInfo> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut tokens: Vec<&str> = line.split_whitespace().collect();
        // A transcript copied through Markdown can lose the line break after
        // the header (`… Id  SI ProcessName 75  5  820 …`): keep what follows it.
        if tokens.first() == Some(&"Handles") {
            let Some(i) = tokens.iter().position(|t| *t == "ProcessName") else {
                continue;
            };
            tokens.drain(..=i);
        }
        if tokens.len() < 4 || tokens[0].starts_with('-') {
            continue;
        }
        let n = tokens.len();
        let (pid, si, name) = (tokens[n - 3], tokens[n - 2], tokens[n - 1]);
        if pid.parse::<u32>().is_ok() && si.parse::<u32>().is_ok() {
            out.push(proc(pid, name));
        }
    }
    out
}

fn proc(pid: &str, name: &str) -> ProcInfo {
    ProcInfo {
        pid: pid.parse().unwrap_or(0),
        name: name.to_string(),
        cmd: String::new(),
        user: String::new(),
    }
}
