//! `host_process_count`: how many host processes have a name (by default the
//! VM worker of this host's sandbox runtime), in total and per container.

use super::evidence::{covers_name, host_procs, EvidenceSet};
use super::verdict::{for_os, not_counted, proven_if, Gate, Judged};
use crate::lesson::PerOs;
use crate::messages::{Msg, Text};
use crate::record::{ProcInfo, Verdict};

/// The fields of `host_process_count`, as the lesson gives them.
type Fields<'c> = (
    &'c String,
    &'c Option<PerOs<String>>,
    &'c Vec<String>,
    &'c Option<usize>,
    &'c Option<String>,
    &'c Option<usize>,
    &'c Option<usize>,
);

/// Judges `host_process_count { host, name, containers, per_container, before, min, max }`.
pub(super) fn judge(ev: &EvidenceSet, gate: Gate, fields: Fields) -> Result<Judged, Judged> {
    let (host, name, containers, per_container, before, min, max) = fields;
    if let Some(n) = name {
        for_os(n, ev.os)?;
    }
    gate.pass()?;
    let name = match name {
        Some(n) => for_os(n, ev.os)?,
        None => ev
            .worker
            .map(str::to_string)
            .ok_or((Verdict::NotRun, Msg::NoSandboxWorker))?,
    };
    let per = PerContainer {
        want: *per_container,
        before: before.as_deref(),
    };
    Ok(count(ev, host, &name, containers, per, *min, *max))
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
    proven_if(ok, Msg::Facts { parts: facts })
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

#[cfg(test)]
pub(super) mod tests {
    use super::super::tests::*;
    use crate::lesson::{Action, Check, PerOs};
    use crate::platform::Os;
    use crate::record::{Evidence, ProcInfo, StepRecord, Verdict};
    use crate::test_support::proc;

    fn count(host: &str, name: Option<&str>, containers: &[&str], per: Option<usize>, min: Option<usize>) -> Check {
        Check::HostProcessCount {
            host: host.into(),
            name: name.map(same),
            containers: containers.iter().map(|c| c.to_string()).collect(),
            per_container: per,
            before: None,
            min,
            max: Some(3),
        }
    }

    fn worker_count(containers: &[&str], before: Option<&str>) -> Check {
        Check::HostProcessCount {
            host: "after".into(),
            name: Some(PerOs::Same("vmwp".into())),
            containers: containers.iter().map(|c| c.to_string()).collect(),
            per_container: Some(1),
            before: before.map(str::to_string),
            min: None,
            max: None,
        }
    }

    /// Evidence that proves, refutes and decides nothing about the claim.
    pub(in crate::claims) fn cases() -> Cases {
        let gvisor = "23d58035bf66aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let proving = vec![
            (
                vec![
                    sandbox("sb-a", gvisor),
                    host(
                        "h",
                        vec![proc(9, "runsc-sandbox", &format!("runsc-sandbox boot {gvisor}"))],
                    ),
                ],
                count("h", None, &["sb-a"], Some(1), Some(1)),
            ),
            (
                vec![sandbox("sb-a", gvisor), host("h", vec![proc(9, "vmwp", "")])],
                count("h", Some("vmwp"), &["sb-a"], Some(1), None),
            ),
            (
                vec![
                    host("before", vec![proc(4368, "vmwp", "vmwp 9C2B")]),
                    sandbox("sb-a", gvisor),
                    host(
                        "after",
                        vec![proc(4368, "vmwp", "vmwp 9C2B"), proc(7012, "vmwp", "vmwp 3E1F")],
                    ),
                ],
                worker_count(&["sb-a"], Some("before")),
            ),
        ];
        // Two sandbox workers where at most one may run.
        let refuting = vec![(
            vec![host(
                "h",
                vec![proc(1, "runsc-sandbox", ""), proc(2, "runsc-sandbox", "")],
            )],
            Check::HostProcessCount {
                host: "h".into(),
                name: None,
                containers: vec![],
                per_container: None,
                before: None,
                min: None,
                max: Some(1),
            },
        )];
        let mut zero = worker_count(&["sb-a"], Some("before"));
        if let Check::HostProcessCount { per_container, .. } = &mut zero {
            *per_container = Some(0);
        }
        let undecided = vec![
            (
                vec![filtered_host("h", &["sleep"], &[], vec![proc(1, "sleep", "")])],
                count("h", Some("runsc-sandbox"), &[], None, None),
            ),
            (
                vec![
                    host("before", vec![]),
                    sandbox("sb-a", "0123456789ab"),
                    host("after", vec![]),
                ],
                zero,
            ),
        ];
        Cases {
            proving,
            refuting,
            undecided,
        }
    }

    #[test]
    fn a_sandbox_with_no_worker_at_all_counts_zero_per_container() {
        let run = |id: &str, cid: &str| {
            let ev = Evidence::Container {
                id: cid.into(),
                name: id.into(),
                image: "busybox".into(),
                image_source: "local".into(),
                isolation: crate::lesson::Isolation::Hyperv,
                runtime: "runc".into(),
                state: "running".into(),
            };
            let action = Action::HostInfo(Default::default());
            record(id, action, ev)
        };
        let a = "23d58035bf66aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let steps = [run("sb-a", a), host("host", vec![])];
        let check = Check::HostProcessCount {
            host: "host".into(),
            name: None,
            containers: vec!["sb-a".into()],
            per_container: Some(1),
            before: None,
            min: None,
            max: None,
        };
        let (v, reason) = judge_on(Os::Linux, &steps, check);
        assert_eq!(v, Verdict::Refuted);
        assert!(reason.contains("0 belong to container `sb-a`"), "{reason}");
    }

    /// A Windows VM worker's command line and user name carry its VM's GUID,
    /// not the container id: such workers are counted by what appeared since
    /// the table taken before the containers started.
    #[test]
    fn workers_named_after_their_vm_are_counted_by_what_appeared() {
        let a = "a503f75e958370f0bb544c94e28b65eb38e9dc59a1087297316c5006503f997b";
        let b = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        let vmwp = |pid: u32, guid: &str| ProcInfo {
            pid,
            name: "vmwp.exe".into(),
            cmd: format!(r"C:\Windows\System32\vmwp.exe {guid} 0x00000e54"),
            user: format!(r"NT VIRTUAL MACHINE\{guid}"),
        };
        let old = vmwp(4368, "9C2B4A56-1F0E-4E51-9C1D-2B7F8E6A0D11");
        let new_a = vmwp(7012, "3E1F6C1A-7B2D-4C8E-A1F0-6D2E9B4C8A77");
        let new_b = vmwp(7260, "5A8D2E3F-9C1B-4D7A-B2E6-1F0C3D4E5A66");
        let win = |steps: &[StepRecord], check| judge_on(Os::Windows, steps, check);

        // One new worker for one container.
        let steps = [
            host("before", vec![old.clone()]),
            sandbox("sb-a", a),
            host("after", vec![old.clone(), new_a.clone()]),
        ];
        let (v, reason) = win(&steps, worker_count(&["sb-a"], Some("before")));
        assert_eq!(v, Verdict::Proven, "{reason}");
        assert!(
            reason.contains("1 new (PIDs 7012; before: 4368), at least 1 expected for 1 container(s)"),
            "{reason}"
        );

        // The same workers as before: the container got none.
        let steps = [
            host("before", vec![old.clone()]),
            sandbox("sb-a", a),
            host("after", vec![old.clone()]),
        ];
        let (v, reason) = win(&steps, worker_count(&["sb-a"], Some("before")));
        assert_eq!(v, Verdict::Refuted, "{reason}");
        assert!(reason.contains("0 new (PIDs none; before: 4368)"), "{reason}");

        // Two containers need two new workers; one is not enough.
        let two = [sandbox("sb-a", a), sandbox("sb-b", b)];
        let steps = [
            vec![host("before", vec![old.clone()])],
            two.to_vec(),
            vec![host("after", vec![old.clone(), new_a.clone()])],
        ]
        .concat();
        assert_eq!(
            win(&steps, worker_count(&["sb-a", "sb-b"], Some("before"))).0,
            Verdict::Refuted
        );
        let steps = [
            vec![host("before", vec![old.clone()])],
            two.to_vec(),
            vec![host("after", vec![old.clone(), new_a.clone(), new_b.clone()])],
        ]
        .concat();
        assert_eq!(
            win(&steps, worker_count(&["sb-a", "sb-b"], Some("before"))).0,
            Verdict::Proven
        );

        // Without `before`, workers with command lines that name no container belong to none.
        let steps = [sandbox("sb-a", a), host("after", vec![old.clone(), new_a.clone()])];
        let (v, reason) = win(&steps, worker_count(&["sb-a"], None));
        assert_eq!(v, Verdict::Refuted, "{reason}");
        assert!(reason.contains("0 belong to container `sb-a`"), "{reason}");
    }

    /// Workers that carry container ids (gVisor's sandboxes) are tied to their
    /// containers by id even when `before` is given: a sandbox that appeared for
    /// another container, in another lesson running at the same time, is not counted.
    #[test]
    fn workers_that_name_containers_are_tied_by_id_even_with_before() {
        let mine = "23d58035bf66aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let other = "99d58035bf66bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        let sandbox_of = |pid: u32, id: &str| {
            proc(pid, "runsc-sandbox", &format!("runsc-sandbox --root=/var/run/docker/runtime-runc/moby boot --bundle=/run/containerd/io.containerd.runtime.v2.task/moby/{id} {id}"))
        };
        let check = Check::HostProcessCount {
            host: "after".into(),
            name: None,
            containers: vec!["sb-a".into()],
            per_container: Some(1),
            before: Some("before".into()),
            min: None,
            max: None,
        };
        // The container is a runc one (no sandbox); another lesson's sandbox appeared meanwhile.
        let steps = [
            host("before", vec![]),
            sandbox("sb-a", mine),
            host("after", vec![sandbox_of(900, other)]),
        ];
        let (v, reason) = judge_on(Os::Linux, &steps, check.clone());
        assert_eq!(v, Verdict::Refuted, "{reason}");
        assert!(reason.contains("0 belong to container `sb-a`"), "{reason}");
        let steps = [
            host("before", vec![]),
            sandbox("sb-a", mine),
            host("after", vec![sandbox_of(900, other), sandbox_of(901, mine)]),
        ];
        assert_eq!(judge_on(Os::Linux, &steps, check).0, Verdict::Proven);
    }

    #[test]
    fn a_count_from_a_table_of_other_names_decides_nothing_and_never_overflows() {
        let steps = [filtered_host("h", &["sleep"], &[], vec![proc(1, "sleep", "")])];
        let count = |max| Check::HostProcessCount {
            host: "h".into(),
            name: Some(same("runsc-sandbox")),
            containers: vec![],
            per_container: None,
            before: None,
            min: None,
            max,
        };
        assert_eq!(verdict(&steps, count(Some(0))), Verdict::Error);
        // usize::MAX per container, two containers: the product must not wrap around.
        let huge = [
            sandbox("a", "0123456789ab"),
            sandbox("b", "ba9876543210"),
            host("after", vec![proc(9, "vmwp", "")]),
            host("before", vec![]),
        ];
        let mut check = worker_count(&["a", "b"], Some("before"));
        if let Check::HostProcessCount { per_container, .. } = &mut check {
            *per_container = Some(usize::MAX);
        }
        assert_eq!(verdict(&huge, check.clone()), Verdict::Refuted);
        if let Check::HostProcessCount { before, .. } = &mut check {
            *before = None;
        }
        assert_eq!(verdict(&huge, check), Verdict::Refuted);
    }
}
