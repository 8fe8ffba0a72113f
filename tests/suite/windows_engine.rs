//! proofbook against a Windows-shaped engine on loopback (tests/suite/common/windows_engine.rs):
//! the Windows path end to end, as a remote Windows host reached through a
//! tunnel looks. Nothing here needs Docker; every request stays on loopback.

use crate::common::windows_engine::{WinHost, WindowsEngine};
use crate::common::{command, repo, text};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn proofbook(args: &[&str], out: &Path, offline: bool) -> Output {
    let mut cmd = command();
    cmd.args(args).current_dir(repo()).env_remove("DOCKER_HOST");
    // Pulls go to the stand-in only (it is the engine that pulls), never to a registry.
    if offline {
        cmd.env("PROOFBOOK_OFFLINE", "1");
    } else {
        cmd.env_remove("PROOFBOOK_OFFLINE");
    }
    let o = crate::common::output_within(&mut cmd, crate::common::LIMIT);
    std::fs::write(out.join("proofbook-output.txt"), text(&o)).ok();
    o
}

fn build(engine: &WindowsEngine, dir: &Path, extra: &[&str]) -> Output {
    let out = dir.join("book");
    let mut args = vec!["build", "--engine", &engine.url, "--no-recorded", "--out"];
    let out_s = out.display().to_string();
    args.push(&out_s);
    args.extend_from_slice(extra);
    proofbook(&args, dir, true)
}

/// Every record the build wrote, parsed.
fn records(dir: &Path) -> Vec<Value> {
    walkdir::WalkDir::new(dir.join("book/records"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
        .collect()
}

/// A record's sentence (a message or plain text) as an English page shows it.
fn english(v: &Value) -> String {
    said_in(v, "en")
}

/// The action a step record ran: its request's (schema 3 keeps no copy of it beside the request).
fn action(s: &Value) -> &str {
    s["request"]["action"]
        .as_object()
        .and_then(|a| a.keys().next())
        .expect("a step record's request names its action")
}

/// A record's sentence as a page in `lang` shows it.
fn said_in(v: &Value, lang: &str) -> String {
    let text: proofbook::messages::Text = serde_json::from_value(v.clone()).unwrap();
    text.plain(proofbook::messages::Lang::of(lang))
}

fn tags(build: u32) -> &'static [&'static str] {
    match build {
        17763 => &["1809", "ltsc2019"],
        20348 => &["ltsc2022"],
        _ => &["ltsc2025"],
    }
}

fn lesson(dir: &Path, name: &str, body: &str) -> String {
    let lessons = dir.join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    let path = lessons.join(format!("{name}.en.md"));
    std::fs::write(
        &path,
        format!("---\ntitle: {name}\nlang: en\nlesson: {name}\norder: 1\nsummary: a test\n---\n\n{body}"),
    )
    .unwrap();
    lessons.display().to_string()
}

/// The shipped lessons on Server 2019, 2022 and 2025 engines: the Windows
/// forms are chosen, each container is asked for with `HostConfig.Isolation`
/// and an image of the host's build, host-side steps are NOT RUN because the
/// engine is not this machine, and the pages carry the Windows evidence.
#[test]
fn the_lessons_take_the_windows_path_on_every_server_build() {
    for host in [WinHost::server_2019(), WinHost::server_2022(), WinHost::server_2025()] {
        let build_no = host.build;
        let engine = WindowsEngine::start(host.with_base_images());
        let dir = crate::common::tempdir();
        let o = build(&engine, dir.path(), &[]);
        let said = text(&o);
        assert!(matches!(o.status.code(), Some(0 | 1)), "build {build_no}: {said}");
        assert_eq!(engine.unanswered(), Vec::<String>::new(), "build {build_no}");
        containers_asked_the_windows_way(&engine, build_no, &said);
        let recs = records(dir.path());
        assert!(recs.len() >= 10, "a record per lesson and language");
        for r in &recs {
            host_facts_are_the_engines(r, &engine, build_no);
            host_steps_and_their_claims_are_not_run(r);
        }
        let page = std::fs::read_to_string(dir.path().join("book/en/system-processes.html")).unwrap();
        assert!(page.contains("Private Working Set"), "the Windows top table is shown");
        assert!(page.contains("CExecSvc.exe"), "Windows processes are shown");
        assert!(
            page.contains("fp-proofbook-host"),
            "the host card marks proofbook's machine"
        );
        let ko = std::fs::read_to_string(dir.path().join("book/ko/system-processes.html")).unwrap();
        assert!(ko.contains("proofbook을 실행한 머신"), "and says so in Korean");
    }
}

/// Each container with `HostConfig.Isolation` (both modes used), no Linux runtime,
/// a Windows image of the host's build for process isolation; none left behind.
fn containers_asked_the_windows_way(engine: &WindowsEngine, build_no: u32, said: &str) {
    let creates = engine.creates();
    assert!(
        !creates.is_empty(),
        "build {build_no}: no container was asked for\n{said}"
    );
    let mut modes = std::collections::BTreeSet::new();
    for c in &creates {
        let iso = c["HostConfig"]["Isolation"].as_str().unwrap_or("").to_string();
        assert!(
            iso == "process" || iso == "hyperv",
            "build {build_no}: isolation {iso:?} in {c}"
        );
        assert!(c["HostConfig"]["Runtime"].is_null(), "no Linux runtime on Windows: {c}");
        let image = c["Image"].as_str().unwrap();
        assert!(
            image.starts_with("mcr.microsoft.com/windows/"),
            "a Windows image: {image}"
        );
        let tag = image.rsplit_once(':').unwrap().1;
        if iso == "process" {
            // Process isolation needs the host's own build.
            assert!(tags(build_no).contains(&tag), "build {build_no}: process image {image}");
        }
        modes.insert(iso);
    }
    assert_eq!(modes.len(), 2, "both isolation modes are used: {modes:?}");
    assert_eq!(engine.containers_left(), 0, "every container removed");
}

/// Every host fact is the engine's machine's, and proofbook's own machine is marked as elsewhere.
fn host_facts_are_the_engines(r: &serde_json::Value, engine: &WindowsEngine, build_no: u32) {
    let h = &r["host"];
    assert_eq!(h["os"], "windows");
    assert_eq!(h["os_build"], build_no.to_string());
    assert_eq!(
        h["hostname"], engine.host.name,
        "the host name is the engine's machine's"
    );
    assert!(h["kernel"].as_str().unwrap().contains(&build_no.to_string()), "{h}");
    assert!(h["os_name"].as_str().unwrap().contains("Windows Server"), "{h}");
    assert!(
        english(&h["elsewhere"]).contains("windows"),
        "proofbook's machine is marked: {h}"
    );
    assert!(
        said_in(&h["elsewhere"], "ko").contains("같은 컴퓨터가 아닙니다"),
        "and says why in Korean too: {h}"
    );
}

/// Host-side steps are NOT RUN (the engine is not this machine), and so is every claim reading them.
fn host_steps_and_their_claims_are_not_run(r: &serde_json::Value) {
    for s in r["steps"].as_array().unwrap() {
        if ["host_processes", "host_file"].contains(&action(s)) {
            let outcome = &s["outcome"];
            assert_eq!(outcome["status"], "not-run", "{}: {s}", r["lesson"]);
            let reason: proofbook::messages::Text = serde_json::from_value(outcome["reason"].clone()).unwrap();
            let reason = reason.to_string();
            // An exercise's host steps wait for the learner (`proofbook verify`); every other
            // host step is not run because the engine is not on this machine.
            assert!(
                reason.contains("not on this machine")
                    || (reason.contains("an exercise") && reason.contains("proofbook verify")),
                "{reason}"
            );
        }
    }
    for c in r["claims"].as_array().unwrap() {
        // No verdict comes from this (Linux) machine's processes or files.
        let uses_host = c["evidence"].as_array().unwrap().iter().any(|e| {
            r["steps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == *e && ["host_processes", "host_file"].contains(&action(s)))
        });
        if uses_host {
            assert_eq!(c["verdict"], "not-run", "{}/{}: {c}", r["lesson"], c["id"]);
        }
    }
}

/// `HostConfig.Isolation` is sent as the lesson asks, and `{host_tag}` becomes
/// the tag of the engine's build (its own lesson, so the check is exact).
#[test]
fn isolation_and_image_tag_are_what_the_engine_is_asked_for() {
    let body = "```step\nid: p\nrun:\n  image: {windows: \"mcr.microsoft.com/windows/nanoserver:{host_tag}\", linux: busybox}\n  isolation: process\n  command: {windows: [ping, localhost, -t], linux: [sleep, \"60\"]}\n```\n\n```step\nid: h\nrun:\n  image: {windows: \"mcr.microsoft.com/windows/nanoserver:1809\", linux: busybox}\n  isolation: hyperv\n  command: {windows: [ping, localhost, -t], linux: [sleep, \"60\"]}\n```\n\n```step\nid: top-h\ntop: {container: h}\n```\n\n```claim\nid: h-system\nsays: The Hyper-V container runs its own csrss.\ncheck:\n  kind: top_lists\n  top: top-h\n  names: {windows: [csrss]}\n```\n";
    for (host, tag) in [
        (WinHost::server_2019(), "1809"),
        (WinHost::server_2022(), "ltsc2022"),
        (WinHost::server_2025(), "ltsc2025"),
    ] {
        let engine = WindowsEngine::start(host.with_base_images());
        let dir = crate::common::tempdir();
        let lessons = lesson(dir.path(), "iso", body);
        let o = build(&engine, dir.path(), &[&lessons]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let sent: Vec<(String, String, String)> = engine
            .creates()
            .iter()
            .filter(|c| !c["_name"].as_str().unwrap().ends_with("-hyperv-trial"))
            .map(|c| {
                (
                    c["_name"].as_str().unwrap().rsplit('-').next().unwrap().to_string(),
                    c["HostConfig"]["Isolation"].as_str().unwrap().to_string(),
                    c["Image"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut sent = sent;
        sent.sort();
        assert_eq!(
            sent,
            vec![
                (
                    "h".into(),
                    "hyperv".into(),
                    "mcr.microsoft.com/windows/nanoserver:1809".into()
                ),
                (
                    "p".into(),
                    "process".into(),
                    format!("mcr.microsoft.com/windows/nanoserver:{tag}")
                ),
            ]
        );
    }
}

/// A program the image lacks (no Windows image ships procdump): the daemon writes
/// "The system cannot find the file specified" into the stream with exit code
/// 126. That is a step error naming the program, never output a claim reads.
#[test]
fn an_exec_that_cannot_start_is_a_step_error_naming_the_program() {
    let body = "```step\nid: p\nrun:\n  image: {windows: \"mcr.microsoft.com/windows/nanoserver:{host_tag}\", linux: busybox}\n  isolation: process\n  command: {windows: [ping, localhost, -t], linux: [sleep, \"60\"]}\n```\n\n```step\nid: inside\nexec:\n  container: p\n  command: {windows: [procdump, -accepteula], linux: [ps]}\n  parse: ps\n```\n\n```step\nid: ver\nexec:\n  container: p\n  command: {windows: [cmd, /c, ver], linux: [uname, -r]}\n```\n\n```claim\nid: tree\nsays: The container lists its own csrss.\ncheck:\n  kind: lists\n  view: inside\n  names: {windows: [csrss], linux: [sleep]}\n```\n\n```claim\nid: build\nsays: ver names the build.\ncheck:\n  kind: compare\n  left: {step: ver, field: stdout}\n  op: contains\n  right: {value: {windows: \"20348\", linux: \".\"}}\n```\n";
    let engine = WindowsEngine::start(WinHost::server_2022().with_base_images());
    let dir = crate::common::tempdir();
    let lessons = lesson(dir.path(), "missing", body);
    let o = build(&engine, dir.path(), &[&lessons]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let recs = records(dir.path());
    let steps = recs[0]["steps"].as_array().unwrap();
    let inside = steps.iter().find(|s| s["id"] == "inside").unwrap();
    assert_eq!(inside["outcome"]["status"], "error", "{inside}");
    let msg = english(&inside["outcome"]["message"]);
    assert!(
        msg.contains("`procdump`") && msg.contains("cannot find the file specified"),
        "{msg}"
    );
    // The sentence is proofbook's in the page's language; the engine's words stay its own.
    let ko = said_in(&inside["outcome"]["message"], "ko");
    assert!(
        ko.contains("`procdump` 프로그램을 시작하지 못했습니다") && ko.contains("cannot find the file specified"),
        "{ko}"
    );
    let ver = steps.iter().find(|s| s["id"] == "ver").unwrap();
    assert_eq!(ver["outcome"]["status"], "ok", "a program the image has runs: {ver}");
    let verdict = |id: &str| {
        recs[0]["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["verdict"]
            .clone()
    };
    assert_eq!(verdict("tree"), "error", "not REFUTED by an empty listing");
    assert_eq!(verdict("build"), "proven");
}

/// An engine that names this very machine is still not this machine when it
/// runs another OS's containers, and doctor says why instead of blaming a PID namespace.
#[test]
#[cfg_attr(windows, ignore = "proofbook on Windows shares the stand-in's OS")]
fn doctor_does_not_take_a_loopback_windows_engine_for_this_machine() {
    let mut host = WinHost::server_2022().with_base_images();
    host.name = sysinfo::System::host_name().unwrap_or_default();
    let engine = WindowsEngine::start(host);
    let dir = crate::common::tempdir();
    let o = proofbook(&["doctor", "--engine", &engine.url], dir.path(), true);
    let said = text(&o);
    assert!(said.contains("is not on this machine"), "{said}");
    assert!(
        said.contains("windows containers and proofbook runs on linux"),
        "{said}"
    );
    assert!(!said.contains("PID namespace"), "no wrong fix: {said}");
    assert_eq!(engine.unanswered(), Vec::<String>::new());
}

fn outcomes(recs: &[Value], status: &str) -> Vec<String> {
    recs.iter()
        .flat_map(|r| {
            r["steps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["outcome"]["status"] == status)
                .map(|s| format!("{}/{}: {}", r["lesson"], s["id"], s["outcome"]))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Gigabyte base images: every image is pulled once, before any container
/// starts, with a limit of its own; a step limit shorter than a pull times
/// nothing out. A pull over its own limit fails the steps that need the
/// image, saying so, and is not counted as any step's timeout.
#[test]
fn images_are_pulled_before_the_steps_under_their_own_limit() {
    let mut host = WinHost::server_2022();
    host.pull_time = std::time::Duration::from_millis(2500);
    let engine = WindowsEngine::start(host);
    let dir = crate::common::tempdir();
    // Two images, each a longer pull than the 1 s limit of the step that needs it.
    let body = "```step\nid: p\ntimeout: 1\nrun:\n  image: {windows: \"mcr.microsoft.com/windows/nanoserver:{host_tag}\", linux: busybox}\n  isolation: process\n  command: {windows: [ping, localhost, -t], linux: [sleep, \"60\"]}\n```\n\n```step\nid: s\ntimeout: 1\nrun:\n  image: {windows: \"mcr.microsoft.com/windows/servercore:{host_tag}\", linux: busybox}\n  isolation: process\n  command: {windows: [ping, localhost, -t], linux: [sleep, \"60\"]}\n```\n\n```step\nid: top-s\ntop: {container: s}\n```\n\n```claim\nid: s-system\nsays: The container runs csrss.\ncheck:\n  kind: top_lists\n  top: top-s\n  names: {windows: [csrss]}\n```\n";
    let lessons = lesson(dir.path(), "pulls", body);
    let out = dir.path().join("book").display().to_string();
    let args = [
        "build",
        "--engine",
        &engine.url,
        "--no-recorded",
        "--step-timeout",
        "1",
        "--out",
        &out,
        &lessons,
    ];
    let o = proofbook(&args, dir.path(), false);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    let recs = records(dir.path());
    assert_eq!(outcomes(&recs, "timeout"), Vec::<String>::new(), "{said}");
    assert_eq!(outcomes(&recs, "error"), Vec::<String>::new(), "{said}");
    let mut pulls = engine.pulls();
    pulls.sort();
    assert_eq!(
        pulls,
        vec![
            "mcr.microsoft.com/windows/nanoserver:ltsc2022".to_string(),
            "mcr.microsoft.com/windows/servercore:ltsc2022".to_string()
        ],
        "each image pulled once"
    );
    let sources: Vec<String> = recs[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["evidence"]["image_source"].is_null())
        .map(|s| english(&s["evidence"]["image_source"]))
        .collect();
    assert_eq!(sources, ["pulled", "pulled"]);
    let reqs = engine.requests();
    let last_pull = reqs.iter().rposition(|r| r.path == "/images/create").unwrap();
    let first_create = reqs.iter().position(|r| r.path == "/containers/create").unwrap();
    assert!(last_pull < first_create, "every pull came before the first container");
}

/// The same pulls under a 1 s pull limit: the image steps fail with the pull's
/// reason (in both languages), and no container is made without its image.
#[test]
fn a_pull_over_its_limit_fails_the_image_steps_with_the_reason() {
    let engine = WindowsEngine::start({
        let mut h = WinHost::server_2022();
        h.pull_time = std::time::Duration::from_millis(2500);
        h
    });
    let dir = crate::common::tempdir();
    let out = dir.path().join("book").display().to_string();
    let args = [
        "build",
        "--engine",
        &engine.url,
        "--no-recorded",
        "--pull-timeout",
        "1",
        "--out",
        &out,
    ];
    let o = proofbook(&args, dir.path(), false);
    let recs = records(dir.path());
    assert_eq!(outcomes(&recs, "timeout"), Vec::<String>::new(), "{}", text(&o));
    let errors = outcomes(&recs, "error");
    assert!(!errors.is_empty(), "{}", text(&o));
    for s in recs.iter().flat_map(|r| r["steps"].as_array().unwrap()) {
        if s["outcome"]["status"] == "error" {
            let (en, ko) = (
                english(&s["outcome"]["message"]),
                said_in(&s["outcome"]["message"], "ko"),
            );
            assert!(en.contains("--pull-timeout"), "{en}");
            assert!(ko.contains("오래 걸렸습니다") && ko.contains("--pull-timeout"), "{ko}");
        }
    }
    assert!(engine.creates().is_empty(), "no container without its image");
}

/// A Windows Server without the Hyper-V feature: the Hyper-V steps are NOT
/// RUN with the fix (not errors), the process-isolated ones still run, and
/// doctor names the fix.
#[test]
fn without_hyper_v_the_hyperv_steps_are_not_run_with_the_fix() {
    let mut host = WinHost::server_2025().with_base_images();
    host.hyperv = false;
    let engine = WindowsEngine::start(host.clone());
    let dir = crate::common::tempdir();
    let o = build(&engine, dir.path(), &[]);
    let said = text(&o);
    let recs = records(dir.path());
    assert_eq!(outcomes(&recs, "error"), Vec::<String>::new(), "{said}");
    let mut hyperv_steps = 0;
    for r in &recs {
        for s in r["steps"].as_array().unwrap() {
            if s["request"]["action"]["run"]["isolation"] == "hyperv" {
                hyperv_steps += 1;
                assert_eq!(s["outcome"]["status"], "not-run", "{s}");
                let why = english(&s["outcome"]["reason"]);
                assert!(why.contains("Hyper-V isolation is not available"), "{why}");
                assert!(why.contains("Install-WindowsFeature"), "{why}");
                let ko = said_in(&s["outcome"]["reason"], "ko");
                assert!(
                    ko.contains("Hyper-V 격리를 쓸 수 없습니다") && ko.contains("Install-WindowsFeature"),
                    "{ko}"
                );
            }
        }
        let hv = r["host"]["isolation"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["isolation"] == "hyperv")
            .unwrap();
        assert!(
            english(&hv["missing"]).contains("Hyper-V"),
            "the host card says so: {hv}"
        );
        assert!(
            said_in(&hv["missing"], "ko").contains("Hyper-V 기능을 켜고"),
            "in Korean too: {hv}"
        );
    }
    assert!(hyperv_steps > 0, "the lessons have Hyper-V steps");
    let created: Vec<String> = engine
        .creates()
        .iter()
        .filter(|c| !c["_name"].as_str().unwrap().ends_with("hyperv-trial"))
        .map(|c| c["HostConfig"]["Isolation"].as_str().unwrap().to_string())
        .collect();
    assert!(
        created.iter().all(|i| i == "process") && !created.is_empty(),
        "{created:?}"
    );

    let engine = WindowsEngine::start(host);
    let o = proofbook(&["doctor", "--engine", &engine.url], dir.path(), true);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("Hyper-V isolation is not available"), "{said}");
    assert!(said.contains("Install-WindowsFeature -Name Hyper-V"), "{said}");
    assert!(!said.contains("journalctl"), "no Linux fix for Windows: {said}");
}
