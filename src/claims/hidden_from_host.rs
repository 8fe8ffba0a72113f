//! `hidden_from_host`: no host process has the PID and name the engine's
//! `top` gave for the container's process (a sandbox hides its workload).

use super::evidence::{host_procs, top_procs, was_cut, would_hold, EvidenceSet};
use super::verdict::{cut_short, for_os, host_fact, names_of, not_asked, Gate, Judged};
use crate::lesson::{self, Action, PerOs};
use crate::messages::Msg;
use crate::process::same_process;
use crate::record::{Evidence, ProcInfo, Verdict};

/// Judges `hidden_from_host { top, host, process }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (top, host, process): (&String, &String, &PerOs<String>),
) -> Result<Judged, Judged> {
    let name = for_os(process, ev.os)?;
    gate.pass()?;
    Ok(hidden(ev, top, host, &name))
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
        if same_process(table, p.pid, name).is_some() {
            let msg = Msg::WorkloadOnHost {
                pid: p.pid,
                name: name.to_string(),
            };
            return (Verdict::Refuted, msg);
        }
        if on_host_now.is_none() && !would_hold(ev, host, p.pid, name) {
            unasked.push(p.pid);
        }
        seen.push(host_fact(p.pid, on_host_now));
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

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Action, Check, Isolation, TopAction};
    use crate::messages::Msg;
    use crate::messages::Text;
    use crate::record::{Evidence, StepOutcome, Verdict};
    use crate::test_support::proc;

    fn hidden(host: &str, name: &str) -> Check {
        Check::HiddenFromHost {
            top: "t".into(),
            host: host.into(),
            process: same(name),
        }
    }

    fn sleep_top() -> crate::record::StepRecord {
        top("t", vec![proc(4242, "sleep", "sleep 3600")])
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let proving = vec![
            // Asked for the PID `top` gave, and the host has no such process.
            (
                vec![sleep_top(), filtered_host("by-top", &["runsc-sandbox"], &["t"], vec![])],
                hidden("by-top", "sleep"),
            ),
            // A sandbox's top read by PID: the host's PID 4242 is not `slep`.
            (
                vec![
                    container("run", "c", Isolation::Hyperv),
                    sleep_top(),
                    host("h", vec![proc(4242, "sleep", "sleep 3600")]),
                ],
                hidden("h", "slep"),
            ),
        ];
        let refuting = vec![(
            vec![sleep_top(), host("h", vec![proc(4242, "sleep", "sleep 3600")])],
            hidden("h", "sleep"),
        )];
        Cases {
            proving,
            refuting,
            undecided: undecided(),
        }
    }

    /// Evidence that decides nothing: missing, failed, cut, empty or not asked for.
    fn undecided() -> Vec<Case> {
        let unrun = Msg::NoIsolationMapping {
            isolation: "hyperv".into(),
        };
        let failed = Text::Plain("the engine answered 500".into());
        let h = || hidden("h", "sleep");
        vec![
            (vec![], h()),
            (
                vec![with_outcome(sleep_top(), StepOutcome::NotRun { reason: unrun.into() })],
                h(),
            ),
            (
                vec![with_outcome(sleep_top(), StepOutcome::Timeout { after_ms: 1500 })],
                h(),
            ),
            (
                vec![with_outcome(sleep_top(), StepOutcome::Error { message: failed })],
                h(),
            ),
            (vec![cut(sleep_top()), host("h", vec![])], h()),
            (vec![top("t", vec![]), host("h", vec![])], h()),
            (
                vec![
                    container("run", "c", Isolation::Process),
                    sleep_top(),
                    host("h", vec![]),
                ],
                hidden("h", "slep"),
            ),
            (
                vec![sleep_top(), filtered_host("by-name", &["runsc-sandbox"], &[], vec![])],
                hidden("by-name", "sleep"),
            ),
        ]
    }

    /// A top that does not name the process shows nothing about a container that
    /// is not sandboxed (a misspelt name must not read as "hidden").
    #[test]
    fn hidden_reads_every_top_pid_only_for_a_sandboxed_container() {
        let runc_top = record(
            "t",
            Action::Top(TopAction { container: "c".into() }),
            Evidence::Top {
                container_id: "c".into(),
                titles: vec![],
                rows: vec![],
                processes: vec![proc(4242, "sleep", "sleep 3600")],
            },
        );
        let hidden = hidden("h", "slep");
        let host_view = host("h", vec![proc(4242, "sleep", "sleep 3600")]);
        let runc = [
            container("c", "c", Isolation::Process),
            runc_top.clone(),
            host_view.clone(),
        ];
        assert_eq!(verdict(&runc, hidden.clone()), Verdict::Error);
        let sandboxed = [container("c", "c", Isolation::Hyperv), runc_top, host_view];
        assert_eq!(verdict(&sandboxed, hidden), Verdict::Proven);
    }
}
