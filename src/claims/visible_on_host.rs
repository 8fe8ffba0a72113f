//! `visible_on_host`: the container's process, as the engine's `top` lists
//! it, is a host process with the same PID and name (process isolation).

use super::evidence::{host_procs, top_procs, was_cut, would_hold, EvidenceSet};
use super::verdict::{cut_short, for_os, host_fact, names_of, not_asked, Gate, Judged};
use crate::lesson::PerOs;
use crate::messages::Msg;
use crate::process::same_process;
use crate::record::{ProcInfo, Verdict};

/// Judges `visible_on_host { top, host, process }`.
pub(super) fn judge(
    ev: &EvidenceSet,
    gate: Gate,
    (top, host, process): (&String, &String, &PerOs<String>),
) -> Result<Judged, Judged> {
    let name = for_os(process, ev.os)?;
    gate.pass()?;
    Ok(visible(ev, top, host, &name))
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
        if let Some(h) = same_process(table, p.pid, name) {
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
            misses.push(host_fact(p.pid, on_host_now));
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

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::Check;
    use crate::test_support::proc;

    fn visible(host: &str) -> Check {
        Check::VisibleOnHost {
            top: "t".into(),
            host: host.into(),
            process: same("sleep"),
        }
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let sleep_top = || top("t", vec![proc(4242, "sleep", "sleep 3600")]);
        Cases {
            proving: vec![(
                vec![sleep_top(), host("h", vec![proc(4242, "sleep", "sleep 3600")])],
                visible("h"),
            )],
            // The host has PID 4242, but it is another program.
            refuting: vec![(
                vec![sleep_top(), host("h", vec![proc(4242, "bash", "bash")])],
                visible("h"),
            )],
            undecided: vec![],
        }
    }
}
