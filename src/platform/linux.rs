//! Linux hosts: process isolation is the default runtime (runc); the
//! sandboxed mode is a runtime with its own kernel (gVisor, Kata).

use super::ForcedRuntimes;
use super::{Isolation, IsolationBinding};
use crate::messages::Msg;

/// Sandboxing runtimes, in order of preference, with their host-side worker.
pub(crate) const SANDBOXES: &[(&str, &str)] = &[
    ("runsc", "runsc-sandbox"),
    ("kata", "qemu-system-x86_64"),
    ("kata-runtime", "qemu-system-x86_64"),
];

pub(crate) fn worker_of(runtime: &str) -> Option<&'static str> {
    SANDBOXES.iter().find(|(r, _)| *r == runtime).map(|(_, w)| *w)
}

pub(crate) fn bindings(runtimes: &[String], default_runtime: &str, forced: &ForcedRuntimes) -> Vec<IsolationBinding> {
    let has = |r: &str| runtimes.iter().any(|x| x == r);
    let default = if default_runtime.is_empty() {
        "runc"
    } else {
        default_runtime
    };

    let process = match &forced.process {
        Some(r) if !has(r) => missing(Isolation::Process, not_registered(r, runtimes)),
        Some(r) => binding(Isolation::Process, r, None),
        None => binding(Isolation::Process, default, None),
    };

    let detected = SANDBOXES.iter().find(|(r, _)| has(r));
    // The worker the lesson expects of a sandbox, even when the reader forced
    // a non-sandbox runtime: then the count of workers honestly comes out 0.
    let expected_worker = detected.map(|(_, w)| *w).unwrap_or(SANDBOXES[0].1);
    let hyperv = match &forced.hyperv {
        Some(r) if !has(r) => missing(Isolation::Hyperv, not_registered(r, runtimes)),
        Some(r) => binding(Isolation::Hyperv, r, Some(worker_of(r).unwrap_or(expected_worker))),
        None => match detected {
            Some((r, w)) => binding(Isolation::Hyperv, r, Some(w)),
            None => missing(Isolation::Hyperv, Msg::NoSandboxRuntime),
        },
    };
    vec![process, hyperv]
}

fn binding(iso: Isolation, runtime: &str, worker: Option<&str>) -> IsolationBinding {
    IsolationBinding {
        isolation: iso,
        runtime: Some(runtime.to_string()),
        worker: worker.map(str::to_string),
        missing: None,
    }
}

fn missing(iso: Isolation, why: Msg) -> IsolationBinding {
    IsolationBinding {
        isolation: iso,
        runtime: None,
        worker: None,
        missing: Some(why.into()),
    }
}

fn not_registered(runtime: &str, runtimes: &[String]) -> Msg {
    Msg::RuntimeForcedMissing {
        runtime: runtime.to_string(),
        registered: runtimes.join(", "),
    }
}

pub(crate) fn ps_cli(names: &[String], pids: &[u32]) -> String {
    let mut parts = Vec::new();
    if !names.is_empty() {
        parts.push(format!("ps -o pid,user,comm,args -C {}", names.join(",")));
    }
    if !pids.is_empty() {
        let list: Vec<String> = pids.iter().map(u32::to_string).collect();
        parts.push(format!("ps -o pid,user,comm,args -p {}", list.join(",")));
    }
    if parts.is_empty() {
        "ps -eo pid,user,comm,args".to_string()
    } else {
        parts.join("; ")
    }
}
