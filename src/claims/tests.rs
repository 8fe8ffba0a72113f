//! The checks added for the lesson set, each shown to come out proven and
//! refuted from evidence alone (and never proven from missing evidence).

use super::*;
use crate::lesson::{ExecAction, HostProcessesAction, Step, TopAction};
use crate::record::HostInfo;
use crate::test_support::proc;

fn record(id: &str, action: Action, evidence: Evidence) -> StepRecord {
    StepRecord::captured(
        Step {
            id: id.into(),
            line: 1,
            timeout: None,
            action,
        },
        evidence,
    )
}

fn top(id: &str, procs: Vec<ProcInfo>) -> StepRecord {
    let ev = Evidence::Top {
        container_id: "c".into(),
        titles: vec![],
        rows: vec![],
        processes: procs,
    };
    record(
        id,
        Action::Top(TopAction {
            container: "run".into(),
        }),
        ev,
    )
}

fn host(id: &str, procs: Vec<ProcInfo>) -> StepRecord {
    let ev = Evidence::HostProcesses {
        filter: Default::default(),
        processes: procs,
        query: None,
    };
    record(id, Action::HostProcesses(HostProcessesAction::default()), ev)
}

fn exec(id: &str, stdout: &str, parse: Option<ParseAs>) -> StepRecord {
    let action = Action::Exec(ExecAction {
        container: "run".into(),
        command: PerOs::Same(vec!["ps".into()]),
        parse,
    });
    record(
        id,
        action,
        Evidence::Exec {
            stdout: stdout.into(),
            stderr: String::new(),
            exit_code: Some(0),
        },
    )
}

fn host_info(id: &str, h: HostInfo) -> StepRecord {
    record(
        id,
        Action::HostInfo(Default::default()),
        Evidence::HostInfo(Box::new(h)),
    )
}

fn judge_on(os: Os, steps: &[StepRecord], check: Check) -> (Verdict, String) {
    let claim = Claim {
        id: "c".into(),
        line: 1,
        says: "s".into(),
        check,
        hint: None,
    };
    let r = judge(
        &claim,
        &EvidenceSet {
            os,
            steps,
            worker: Some("runsc-sandbox"),
        },
    );
    (r.verdict, r.reason.to_string())
}

fn verdict(steps: &[StepRecord], check: Check) -> Verdict {
    judge_on(Os::Linux, steps, check).0
}

fn same(s: &str) -> PerOs<String> {
    PerOs::Same(s.into())
}

/// busybox `ps` inside a runc container: the shell is PID 1, its `sleep` PID 8.
const PS_RUNC: &str =
    "PID   USER     COMMAND\n    1 0        sh -c sleep 3600 & wait\n    8 0        sleep 3600\n    9 0        ps\n";

#[test]
fn lists_reads_an_exec_process_table() {
    let steps = [exec("inside", PS_RUNC, Some(ParseAs::Ps))];
    let names = |n: &[&str]| PerOs::Same(n.iter().map(|s| s.to_string()).collect());
    assert_eq!(
        verdict(
            &steps,
            Check::Lists {
                view: "inside".into(),
                names: names(&["sh", "sleep"])
            }
        ),
        Verdict::Proven
    );
    assert_eq!(
        verdict(
            &steps,
            Check::Lists {
                view: "inside".into(),
                names: names(&["sh", "init"])
            }
        ),
        Verdict::Refuted
    );
}

#[test]
fn an_exec_not_marked_as_a_process_table_is_not_read_as_one() {
    let steps = [exec("inside", PS_RUNC, None)];
    let check = Check::PidIs {
        view: "inside".into(),
        pid: 1,
        process: same("sh"),
    };
    assert_eq!(verdict(&steps, check), Verdict::Error);
}

#[test]
fn pid_is_proven_refuted_and_error_on_an_empty_view() {
    let steps = [exec("inside", PS_RUNC, Some(ParseAs::Ps)), host("empty", vec![])];
    let pid_is = |view: &str, pid, name: &str| Check::PidIs {
        view: view.into(),
        pid,
        process: same(name),
    };
    assert_eq!(verdict(&steps, pid_is("inside", 1, "sh")), Verdict::Proven);
    assert_eq!(verdict(&steps, pid_is("inside", 1, "sleep")), Verdict::Refuted);
    assert_eq!(verdict(&steps, pid_is("inside", 42, "sh")), Verdict::Refuted);
    assert_eq!(verdict(&steps, pid_is("empty", 1, "sh")), Verdict::Error);
}

#[test]
fn pid_is_not_needs_the_pid_to_be_there() {
    let steps = [
        host("host", vec![proc(1, "systemd", "/sbin/init")]),
        host("in-container", vec![proc(1, "sleep", "sleep 3600")]),
    ];
    let not = |view: &str, pid| Check::PidIsNot {
        view: view.into(),
        pid,
        process: same("sleep"),
    };
    assert_eq!(verdict(&steps, not("host", 1)), Verdict::Proven);
    assert_eq!(verdict(&steps, not("in-container", 1)), Verdict::Refuted);
    // No PID 7 listed: nothing shows what PID 7 is, so nothing is proven.
    assert_eq!(verdict(&steps, not("host", 7)), Verdict::Error);
}

fn numbering(outside: &str, n: Numbering) -> Check {
    Check::PidNumbering {
        inside: "inside".into(),
        outside: outside.into(),
        process: same("sleep"),
        numbering: n,
    }
}

#[test]
fn own_numbering_under_runc_and_not_under_a_sandbox() {
    let steps = [
        exec("inside", PS_RUNC, Some(ParseAs::Ps)),
        top(
            "runc-top",
            vec![
                proc(30535, "sh", "sh -c sleep 3600 & wait"),
                proc(30537, "sleep", "sleep 3600"),
            ],
        ),
        // gVisor: the sandbox's PIDs, with names the engine took from the host's table.
        top(
            "gvisor-top",
            vec![
                proc(1, "process_api", "/process_api"),
                proc(2, "[kthreadd]", "[kthreadd]"),
            ],
        ),
        top("same-top", vec![proc(8, "sleep", "sleep 3600")]),
    ];
    assert_eq!(verdict(&steps, numbering("runc-top", Numbering::Own)), Verdict::Proven);
    // A view that does not list the process gives it no number of its own.
    assert_eq!(
        verdict(&steps, numbering("gvisor-top", Numbering::Own)),
        Verdict::Refuted
    );
    assert_eq!(verdict(&steps, numbering("same-top", Numbering::Own)), Verdict::Refuted);
}

#[test]
fn shared_numbering_reads_a_sandbox_top_by_pid() {
    let inside = exec(
        "inside",
        "PID   USER     COMMAND\n    1 0        sleep 3600\n    3 0        ps\n",
        Some(ParseAs::Ps),
    );
    let steps = [
        inside,
        top("gvisor-top", vec![proc(1, "process_api", "/process_api")]),
        top("runc-top", vec![proc(22711, "sleep", "sleep 3600")]),
        host("host", vec![proc(1, "process_api", "/process_api")]),
    ];
    let (v, reason) = judge_on(Os::Linux, &steps, numbering("gvisor-top", Numbering::Shared));
    assert_eq!(v, Verdict::Proven, "{reason}");
    assert!(reason.contains("PID 1"), "{reason}");
    assert_eq!(
        verdict(&steps, numbering("runc-top", Numbering::Shared)),
        Verdict::Refuted
    );
    // Only a top view is read by PID alone; a host table must name the process.
    assert_eq!(verdict(&steps, numbering("host", Numbering::Shared)), Verdict::Refuted);
}

#[test]
fn windows_tasklist_inside_shares_the_pids_top_reports() {
    let tasklist = "Image Name                     PID Session Name        Session#    Mem Usage\n\
        ========================= ======== ================ =========== ============\n\
        csrss.exe                     1228 Services                   0      1,520 K\n\
        PING.EXE                      4872 Services                   0      2,100 K\n";
    let steps = [
        exec("inside", tasklist, Some(ParseAs::Ps)),
        top(
            "top",
            vec![proc(1228, "csrss.exe", "csrss.exe"), proc(4872, "PING.EXE", "PING.EXE")],
        ),
    ];
    let check = |n| Check::PidNumbering {
        inside: "inside".into(),
        outside: "top".into(),
        process: PerOs::Split {
            windows: Some("csrss".into()),
            linux: None,
        },
        numbering: n,
    };
    assert_eq!(
        judge_on(Os::Windows, &steps, check(Numbering::Shared)).0,
        Verdict::Proven
    );
    assert_eq!(judge_on(Os::Windows, &steps, check(Numbering::Own)).0, Verdict::Refuted);
    let (v, reason) = judge_on(Os::Linux, &steps, check(Numbering::Shared));
    assert_eq!(v, Verdict::NotRun);
    assert!(reason.starts_with("Windows-only"), "{reason}");
}

fn field(step: &str, field: &str) -> ValueRef {
    ValueRef::Field {
        step: step.into(),
        field: field.into(),
    }
}

#[test]
fn equality_ignores_how_words_are_spaced() {
    let h = HostInfo {
        net_interfaces: vec!["eth0".into(), "lo".into()],
        ..Default::default()
    };
    let steps = [
        host_info("host", h),
        exec("net", "eth0\nlo\n", None),
        exec("net-none", "lo\n", None),
    ];
    let cmp = |l, op, r| Check::Compare { left: l, op, right: r };
    assert_eq!(
        verdict(
            &steps,
            cmp(
                field("host", "net_interfaces"),
                CompareOp::Equals,
                field("net", "stdout")
            )
        ),
        Verdict::Proven
    );
    assert_eq!(
        verdict(
            &steps,
            cmp(
                field("host", "net_interfaces"),
                CompareOp::Differs,
                field("net-none", "stdout")
            )
        ),
        Verdict::Proven
    );
    assert_eq!(
        verdict(
            &steps,
            cmp(
                field("host", "net_interfaces"),
                CompareOp::Differs,
                field("net", "stdout")
            )
        ),
        Verdict::Refuted
    );
}

#[test]
fn uncaptured_interfaces_and_empty_needles_decide_nothing() {
    let steps = [host_info("host", HostInfo::default()), exec("net", "lo\n", None)];
    let cmp = |l, op, r| Check::Compare { left: l, op, right: r };
    assert_eq!(
        verdict(
            &steps,
            cmp(
                field("host", "net_interfaces"),
                CompareOp::Differs,
                field("net", "stdout")
            )
        ),
        Verdict::Error
    );
    // An empty kernel release would be "contained" in anything.
    assert_eq!(
        verdict(
            &steps,
            cmp(
                field("net", "stdout"),
                CompareOp::Contains,
                field("host", "kernel_release")
            )
        ),
        Verdict::Error
    );
}

#[test]
fn kernel_release_is_the_kernel_on_linux_and_the_build_on_windows() {
    let linux = HostInfo {
        os: "linux".into(),
        kernel: "6.1.0-18-amd64".into(),
        ..Default::default()
    };
    let windows = HostInfo {
        os: "windows".into(),
        os_build: "20348".into(),
        kernel: "10.0 20348 (20348.1.amd64fre)".into(),
        ..Default::default()
    };
    let steps = [
        host_info("linux", linux),
        host_info("windows", windows),
        exec("uname", "6.1.0-18-amd64\n", None),
        exec("gvisor", "4.4.0\n", None),
        exec("ver", "\r\nMicrosoft Windows [Version 10.0.20348.2340]\r\n", None),
    ];
    let contains = |l: &str, host: &str| Check::Compare {
        left: field(l, "stdout"),
        op: CompareOp::Contains,
        right: field(host, "kernel_release"),
    };
    assert_eq!(verdict(&steps, contains("uname", "linux")), Verdict::Proven);
    assert_eq!(verdict(&steps, contains("gvisor", "linux")), Verdict::Refuted);
    assert_eq!(
        judge_on(Os::Windows, &steps, contains("ver", "windows")).0,
        Verdict::Proven
    );
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

fn sandbox(id: &str, cid: &str) -> StepRecord {
    let ev = Evidence::Container {
        id: cid.into(),
        name: id.into(),
        image: "nanoserver".into(),
        image_source: "local".into(),
        isolation: crate::lesson::Isolation::Hyperv,
        runtime: "hyperv".into(),
        state: "running".into(),
    };
    record(id, Action::HostInfo(Default::default()), ev)
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

fn filtered_host(id: &str, names: &[&str], pids_from: &[&str], procs: Vec<ProcInfo>) -> StepRecord {
    let hp = HostProcessesAction {
        name: Some(PerOs::Same(names.iter().map(|s| s.to_string()).collect())),
        pids_from: pids_from.iter().map(|s| s.to_string()).collect(),
        pids: vec![],
    };
    let ev = Evidence::HostProcesses {
        filter: Default::default(),
        processes: procs,
        query: None,
    };
    record(id, Action::HostProcesses(hp), ev)
}

fn container(id: &str, cid: &str, isolation: crate::lesson::Isolation) -> StepRecord {
    let ev = Evidence::Container {
        id: cid.into(),
        name: id.into(),
        image: "busybox".into(),
        image_source: "local".into(),
        isolation,
        runtime: "runc".into(),
        state: "running".into(),
    };
    record(id, Action::HostInfo(Default::default()), ev)
}

/// The issue's case: a runc workload, plainly a host process, looked up in a
/// host table filtered by another name and never asked for its PID. Its
/// absence there is no evidence: the claim must not come out proven.
#[test]
fn a_pid_the_host_table_was_not_asked_for_proves_nothing() {
    let steps = [
        top("t", vec![proc(4242, "sleep", "sleep 3600")]),
        filtered_host("by-other-name", &["runsc-sandbox"], &[], vec![]),
        filtered_host("by-top", &["runsc-sandbox"], &["t"], vec![]),
    ];
    let hidden = |host: &str| Check::HiddenFromHost {
        top: "t".into(),
        host: host.into(),
        process: same("sleep"),
    };
    let (v, reason) = judge_on(Os::Linux, &steps, hidden("by-other-name"));
    assert_eq!(v, Verdict::Error, "{reason}");
    assert!(reason.contains("not asked for PID 4242"), "{reason}");
    // Asked for the PID and it is not there: that is evidence.
    assert_eq!(verdict(&steps, hidden("by-top")), Verdict::Proven);
    let visible = Check::VisibleOnHost {
        top: "t".into(),
        host: "by-other-name".into(),
        process: same("sleep"),
    };
    assert_eq!(verdict(&steps, visible), Verdict::Error);
    let pid_is = Check::PidIs {
        view: "by-other-name".into(),
        pid: 1,
        process: same("systemd"),
    };
    assert_eq!(verdict(&steps, pid_is), Verdict::Error);
    let own = Check::PidNumbering {
        inside: "t".into(),
        outside: "by-other-name".into(),
        process: same("sleep"),
        numbering: Numbering::Own,
    };
    let mut with_other = steps.to_vec();
    with_other[1] = filtered_host("by-other-name", &["other"], &[], vec![proc(5, "sleep", "")]);
    assert_eq!(verdict(&with_other, own), Verdict::Error);
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
    let hidden = Check::HiddenFromHost {
        top: "t".into(),
        host: "h".into(),
        process: same("slep"),
    };
    let host_view = host("h", vec![proc(4242, "sleep", "sleep 3600")]);
    let runc = [
        container("c", "c", crate::lesson::Isolation::Process),
        runc_top.clone(),
        host_view.clone(),
    ];
    assert_eq!(verdict(&runc, hidden.clone()), Verdict::Error);
    let sandboxed = [
        container("c", "c", crate::lesson::Isolation::Hyperv),
        runc_top,
        host_view,
    ];
    assert_eq!(verdict(&sandboxed, hidden), Verdict::Proven);
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

/// Evidence that refutes each claim kind.
fn refuting_cases() -> Vec<(Vec<StepRecord>, Check)> {
    let runc_top = top("t", vec![proc(4242, "sleep", "sleep 3600")]);
    let mut cases = vec![
        (
            vec![runc_top.clone(), host("h", vec![proc(4242, "bash", "bash")])],
            Check::VisibleOnHost {
                top: "t".into(),
                host: "h".into(),
                process: same("sleep"),
            },
        ),
        (
            vec![runc_top.clone(), host("h", vec![proc(4242, "sleep", "sleep 3600")])],
            Check::HiddenFromHost {
                top: "t".into(),
                host: "h".into(),
                process: same("sleep"),
            },
        ),
        (
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
        ),
    ];
    cases.extend(more_refuting_cases(runc_top));
    cases
}

fn more_refuting_cases(runc_top: StepRecord) -> Vec<(Vec<StepRecord>, Check)> {
    let names = |n: &[&str]| PerOs::Same(n.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    vec![
        (
            vec![runc_top.clone()],
            Check::TopLists {
                top: "t".into(),
                names: names(&["sleep", "nginx"]),
            },
        ),
        (
            vec![exec("e", "box-1", None)],
            Check::Compare {
                left: field("e", "stdout"),
                op: CompareOp::Equals,
                right: ValueRef::Literal { value: same("box-2") },
            },
        ),
        (
            vec![exec("inside", PS_RUNC, Some(ParseAs::Ps))],
            Check::Lists {
                view: "inside".into(),
                names: names(&["nginx"]),
            },
        ),
        (
            vec![exec("inside", PS_RUNC, Some(ParseAs::Ps))],
            Check::PidIs {
                view: "inside".into(),
                pid: 8,
                process: same("sh"),
            },
        ),
        (
            vec![host("h", vec![proc(1, "sleep", "sleep 3600")])],
            Check::PidIsNot {
                view: "h".into(),
                pid: 1,
                process: same("sleep"),
            },
        ),
        (
            vec![
                exec("inside", PS_RUNC, Some(ParseAs::Ps)),
                top("same-top", vec![proc(8, "sleep", "")]),
            ],
            numbering("same-top", Numbering::Own),
        ),
        (
            vec![exec("inside", PS_RUNC, Some(ParseAs::Ps)), runc_top],
            numbering("t", Numbering::Shared),
        ),
    ]
}

/// For every claim kind, evidence that refutes it: no kind is proven whatever
/// the run captured. The match has no wildcard, so a new kind cannot be added
/// without a refuting case here.
#[test]
fn every_claim_kind_can_be_refuted() {
    let cases = refuting_cases();
    let mut kinds = std::collections::BTreeSet::new();
    for (steps, check) in cases {
        let kind = match &check {
            Check::VisibleOnHost { .. }
            | Check::HiddenFromHost { .. }
            | Check::HostProcessCount { .. }
            | Check::TopLists { .. }
            | Check::Compare { .. }
            | Check::Lists { .. }
            | Check::PidIs { .. }
            | Check::PidIsNot { .. }
            | Check::PidNumbering { .. } => check.kind(),
        };
        let (v, reason) = judge_on(Os::Linux, &steps, check);
        assert_eq!(v, Verdict::Refuted, "{kind}: {reason}");
        kinds.insert(kind);
    }
    assert_eq!(kinds.len(), 9, "every kind has a refuting case: {kinds:?}");
}

/// Evidence cut at the output cap decides nothing that the cut part could change.
#[test]
fn a_capture_cut_at_the_cap_proves_nothing_its_lost_part_could_refute() {
    let cut = |mut s: StepRecord| {
        s.cut.push(crate::record::Cut {
            stream: "top".into(),
            kept: 10,
            cut: 10,
        });
        s
    };
    let steps = [
        cut(top("t", vec![proc(4242, "sleep", "sleep 3600")])),
        cut(host("h", vec![])),
        cut(exec("e", "hello", None)),
    ];
    let hidden = Check::HiddenFromHost {
        top: "t".into(),
        host: "h".into(),
        process: same("sleep"),
    };
    assert_eq!(verdict(&steps, hidden), Verdict::Error);
    let mut whole_top = steps.to_vec();
    whole_top[0] = top("t", vec![proc(4242, "sleep", "sleep 3600")]);
    let hidden = Check::HiddenFromHost {
        top: "t".into(),
        host: "h".into(),
        process: same("sleep"),
    };
    // The host table lacks PID 4242, but it was cut: that shows nothing.
    assert_eq!(verdict(&whole_top, hidden), Verdict::Error);
    let count = Check::HostProcessCount {
        host: "h".into(),
        name: Some(same("sleep")),
        containers: vec![],
        per_container: None,
        before: None,
        min: None,
        max: Some(0),
    };
    assert_eq!(verdict(&steps, count), Verdict::Error);
    let compare = |op, needle: &str| Check::Compare {
        left: field("e", "stdout"),
        op,
        right: ValueRef::Literal { value: same(needle) },
    };
    assert_eq!(verdict(&steps, compare(CompareOp::NotContains, "bye")), Verdict::Error);
    assert_eq!(verdict(&steps, compare(CompareOp::Differs, "bye")), Verdict::Error);
    // Text found in what was kept is found, cut or not.
    assert_eq!(verdict(&steps, compare(CompareOp::Contains, "hell")), Verdict::Proven);
    let lists = Check::TopLists {
        top: "t".into(),
        names: PerOs::Same(vec!["nginx".into()]),
    };
    assert_eq!(verdict(&steps, lists), Verdict::Error);
}

/// The registry claims: a host registry that has the container's value
/// refutes "not on the host"; the container's output decides "written inside".
#[test]
fn host_registry_exists_decides_both_ways() {
    let reg = |id: &str, exists: bool| {
        record(
            id,
            Action::HostRegistry(crate::lesson::HostRegistryAction {
                key: PerOs::Split {
                    windows: Some(r"HKLM\SOFTWARE\proofbook".into()),
                    linux: None,
                },
                value: Some("was-here".into()),
            }),
            Evidence::HostRegistry {
                key: r"HKLM\SOFTWARE\proofbook".into(),
                value: Some("was-here".into()),
                exists,
            },
        )
    };
    let steps = [reg("absent", false), reg("present", true)];
    let not_on_host = |step: &str| Check::Compare {
        left: field(step, "exists"),
        op: CompareOp::Equals,
        right: ValueRef::Literal {
            value: PerOs::Split {
                windows: Some("false".into()),
                linux: None,
            },
        },
    };
    assert_eq!(judge_on(Os::Windows, &steps, not_on_host("absent")).0, Verdict::Proven);
    assert_eq!(
        judge_on(Os::Windows, &steps, not_on_host("present")).0,
        Verdict::Refuted
    );
    let (v, reason) = judge_on(Os::Linux, &steps, not_on_host("absent"));
    assert_eq!(v, Verdict::NotRun);
    assert!(reason.starts_with("Windows-only"), "{reason}");
}

mod page;
