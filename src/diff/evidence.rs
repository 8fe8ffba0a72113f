//! The shape of two steps' evidence compared: what a reader would call a
//! change (a process name that came or went, a count, a version, a runtime),
//! never what differs on every run (PIDs, container ids, timestamps).

use std::collections::BTreeMap;

use super::field::{Counted, Field, View, ABSENT, MISSING, NO_EXIT_CODE, PRESENT, UNMAPPED};
use super::report::Change;
use crate::record::{normalize_name, Evidence, HostInfo, ProcInfo, StepRecord};

/// The differences between two records of the same step.
pub(super) fn step_changes(old: &StepRecord, new: &StepRecord) -> Vec<Change> {
    let mut out = Vec::new();
    // The lesson itself changed the step (another image, command, filter): say so
    // first, since it explains whatever else moved. Its line number does not count.
    if old.request.action != new.request.action || old.request.timeout != new.request.timeout {
        let show = |s: &StepRecord| serde_json::to_string(&s.request.action).unwrap_or_default();
        out.push(Change::Value {
            field: Field::StepAsWritten,
            old: show(old),
            new: show(new),
        });
    }
    if old.outcome.label() != new.outcome.label() {
        let detail = new.outcome.detail();
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

pub(super) fn evidence_changes(old: &Evidence, new: &Evidence) -> Vec<Change> {
    let mut out = Vec::new();
    match (old, new) {
        (Evidence::Container { .. }, Evidence::Container { .. })
        | (Evidence::Adopted { .. }, Evidence::Adopted { .. }) => {
            for ((field, o), (_, n)) in container_facts(old).iter().zip(&container_facts(new)) {
                value(&mut out, field.clone(), o, n);
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
                value(&mut out, Field::Columns, &ot.join(" "), &nt.join(" "));
            }
            processes(&mut out, View::Engine, o, n);
        }
        (Evidence::HostProcesses { processes: o, .. }, Evidence::HostProcesses { processes: n, .. }) => {
            processes(&mut out, View::Host, o, n);
        }
        (Evidence::Exec { .. }, Evidence::Exec { .. }) => exec_changes(&mut out, old, new),
        (Evidence::HostInfo(o), Evidence::HostInfo(n)) => out.extend(host_info_changes(o, n, false)),
        (Evidence::HostFile { exists: o, path: op }, Evidence::HostFile { exists: n, path: np }) => {
            value(&mut out, Field::Path, op, np);
            value(&mut out, Field::Exists, &o.to_string(), &n.to_string());
        }
        (Evidence::HostRegistry { exists: o, key: ok, .. }, Evidence::HostRegistry { exists: n, key: nk, .. }) => {
            value(&mut out, Field::Key, ok, nk);
            value(&mut out, Field::Exists, &o.to_string(), &n.to_string());
        }
        (o, n) => value(&mut out, Field::EvidenceKind, kind(o), kind(n)),
    }
    out
}

/// What `diff` compares of a container a step started or adopted, in order.
fn container_facts(e: &Evidence) -> Vec<(Field, String)> {
    match e {
        Evidence::Container {
            image,
            isolation,
            runtime,
            state,
            ..
        } => vec![
            (Field::Image, image.clone()),
            (Field::Isolation, isolation.as_str().to_string()),
            (Field::Runtime, runtime.clone()),
            (Field::State, state.clone()),
        ],
        Evidence::Adopted {
            image, runtime, state, ..
        } => vec![
            (Field::Image, image.clone()),
            (Field::Runtime, runtime.clone()),
            (Field::State, state.clone()),
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
    let code = |c: &Option<i64>| c.map(|c| c.to_string()).unwrap_or_else(|| NO_EXIT_CODE.into());
    value(out, Field::ExitCode, &code(oc), &code(nc));
    let lines = |s: &str| s.lines().filter(|l| !l.trim().is_empty()).count();
    count(out, Counted::LinesOfOutput, lines(oo), lines(no));
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
    value(&mut out, Field::Os, old.os.as_str(), new.os.as_str());
    value(&mut out, Field::OsName, &old.os_name, &new.os_name);
    value(&mut out, Field::OsVersion, &old.os_version, &new.os_version);
    value(&mut out, Field::OsBuild, &old.os_build, &new.os_build);
    value(&mut out, Field::Kernel, &old.kernel, &new.kernel);
    value(&mut out, Field::EngineVersion, &old.engine_version, &new.engine_version);
    value(
        &mut out,
        Field::EngineApiVersion,
        &old.engine_api_version,
        &new.engine_api_version,
    );
    value(
        &mut out,
        Field::DefaultRuntime,
        &old.default_runtime,
        &new.default_runtime,
    );
    let mut o = old.runtimes.clone();
    let mut n = new.runtimes.clone();
    o.sort();
    n.sort();
    value(&mut out, Field::Runtimes, &o.join(", "), &n.join(", "));
    // An empty list means "not captured" (a remote engine), not "no interfaces".
    if !old.net_interfaces.is_empty() && !new.net_interfaces.is_empty() {
        for name in old.net_interfaces.iter().filter(|i| !new.net_interfaces.contains(i)) {
            out.push(Change::Value {
                field: Field::NetInterface(name.clone()),
                old: PRESENT.into(),
                new: ABSENT.into(),
            });
        }
        for name in new.net_interfaces.iter().filter(|i| !old.net_interfaces.contains(i)) {
            out.push(Change::Value {
                field: Field::NetInterface(name.clone()),
                old: ABSENT.into(),
                new: PRESENT.into(),
            });
        }
    }
    if bindings {
        for iso in [crate::lesson::Isolation::Process, crate::lesson::Isolation::Hyperv] {
            let show = |h: &HostInfo| {
                crate::platform::binding_for(&h.isolation, iso)
                    .map(|b| b.runtime.clone().unwrap_or_else(|| MISSING.into()))
                    .unwrap_or_else(|| UNMAPPED.into())
            };
            value(&mut out, Field::RunsOn(iso), &show(old), &show(new));
        }
    }
    out
}

fn value(out: &mut Vec<Change>, field: Field, old: &str, new: &str) {
    if old != new {
        out.push(Change::Value {
            field,
            old: old.into(),
            new: new.into(),
        });
    }
}

fn count(out: &mut Vec<Change>, what: Counted, old: usize, new: usize) {
    if old != new {
        out.push(Change::Count { what, old, new });
    }
}

/// The name a process is compared by: its argv[0] base name when it has one
/// (gVisor's sandbox is `exe` to the kernel but `runsc-sandbox` to `ps`),
/// else its name; case-insensitive, without `.exe`.
pub(super) fn process_name(p: &ProcInfo) -> String {
    normalize_name(crate::record::program_name(&p.cmd).unwrap_or(&p.name))
}

fn processes(out: &mut Vec<Change>, view: View, old: &[ProcInfo], new: &[ProcInfo]) {
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
                view,
                name: name.clone(),
                count: c,
            }),
            Some(&nc) if nc != c => out.push(Change::Count {
                what: Counted::ProcessesNamed(view, name.clone()),
                old: c,
                new: nc,
            }),
            Some(_) => {}
        }
    }
    for (name, &c) in &n {
        if !o.contains_key(name) {
            out.push(Change::ProcessAppeared {
                view,
                name: name.clone(),
                count: c,
            });
        }
    }
    count(out, Counted::Processes(view), old.len(), new.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use crate::diff::fixtures::{host, record, step};
    use crate::record::StepOutcome;

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
                    field: Field::NetInterface("eth0".into()),
                    old: "present".into(),
                    new: "absent".into()
                },
                Change::Value {
                    field: Field::NetInterface("wg0".into()),
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
                field: Field::EngineVersion,
                old: "20.10".into(),
                new: "24.0".into()
            }]
        );
        assert_eq!(
            by("s"),
            vec![Change::Outcome {
                old: "ok".into(),
                new: "not-run".into(),
                detail: Some("no sandbox".into())
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
            matches!(&step_changes(&moved, &retimed)[..], [Change::Value { field, .. }] if *field == Field::StepAsWritten)
        );
        assert!(!rep.verdict_changed());
    }
}
