//! A lesson can never ask the engine to weaken the host's isolation:
//! `proofbook check` refuses each such request with `path:line` and exit 2.

use crate::common::*;

const HEAD: &str = "---\ntitle: T\nlang: en\nlesson: unsafe\norder: 1\nsummary: S\n---\n\nSome prose.\n\n";

/// Writes a lesson whose only step is a `run` with `extra` added, checks it,
/// and returns (exit code, output, path). The step's fence is on line 11.
fn check_run_with(extra: &str) -> (i32, String, String) {
    let dir = tempdir();
    let path = dir.path().join("unsafe.en.md");
    let lesson = format!(
        "{HEAD}```step\nid: bad\nrun:\n  image: busybox\n  isolation: process\n  command: [sleep, \"60\"]\n{extra}```\n\nMore prose.\n"
    );
    std::fs::write(&path, lesson).unwrap();
    let o = proofbook(&["check", path.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o), path.display().to_string())
}

fn assert_refused(extra: &str, what: &str) {
    let (code, out, path) = check_run_with(extra);
    assert_eq!(code, 2, "`{}` must be refused with exit 2: {out}", extra.trim());
    let want = format!("{path}:11: step `bad` is refused: lessons may not ask for {what}");
    assert!(out.contains(&want), "expected `{want}` in:\n{out}");
    assert!(!out.contains("panicked"), "{out}");
}

#[test]
fn a_safe_run_step_passes() {
    let (code, out, _) = check_run_with("");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn privileged_is_refused() {
    assert_refused("  privileged: true\n", "privileged containers");
}

#[test]
fn bind_mounts_are_refused() {
    assert_refused("  binds: [\"/:/host\"]\n", "bind mounts");
    assert_refused(
        "  binds: [\"/var/run/docker.sock:/var/run/docker.sock\"]\n",
        "bind mounts",
    );
}

#[test]
fn host_network_is_refused() {
    assert_refused("  network: host\n", "networks other than `none`");
    assert_refused("  network: bridge\n", "networks other than `none`");
}

#[test]
fn the_none_network_is_allowed() {
    let (code, out, _) = check_run_with("  network: none\n");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn host_pid_namespace_is_refused() {
    assert_refused("  pid: host\n", "sharing a PID namespace");
    assert_refused("  pid: \"container:other\"\n", "sharing a PID namespace");
}

#[test]
fn devices_are_refused() {
    assert_refused("  devices: [/dev/kvm]\n", "devices");
}

#[test]
fn capabilities_are_refused() {
    assert_refused("  cap_add: [SYS_ADMIN]\n", "added capabilities");
    assert_refused("  cap_add: [ALL]\n", "added capabilities");
}

#[test]
fn every_unsafe_request_of_one_step_is_reported() {
    let (code, out, path) = check_run_with(
        "  privileged: true\n  binds: [\"/:/host\"]\n  network: host\n  pid: host\n  devices: [/dev/mem]\n  cap_add: [SYS_ADMIN]\n",
    );
    assert_eq!(code, 2, "{out}");
    let lines = out
        .lines()
        .filter(|l| l.starts_with(&format!("{path}:11: step `bad` is refused")))
        .count();
    assert_eq!(lines, 6, "one line per refused setting:\n{out}");
}

#[test]
fn unknown_settings_that_could_weaken_isolation_are_not_silently_accepted() {
    // Settings proofbook does not model at all are unknown fields: refused by the parser.
    for extra in [
        "  security_opt: [\"seccomp=unconfined\"]\n",
        "  userns: host\n",
        "  ipc: host\n",
        "  volumes: [\"/:/host\"]\n",
    ] {
        let (code, out, path) = check_run_with(extra);
        assert_eq!(code, 2, "`{}` must be refused: {out}", extra.trim());
        assert!(out.contains(&format!("{path}:")), "{out}");
        assert!(!out.contains("panicked"), "{out}");
    }
}

#[test]
fn build_refuses_an_unsafe_lesson_before_touching_any_engine() {
    let dir = tempdir();
    let path = dir.path().join("unsafe.en.md");
    std::fs::write(
        &path,
        format!("{HEAD}```step\nid: bad\nrun:\n  image: busybox\n  isolation: process\n  command: [sleep, \"60\"]\n  privileged: true\n```\n"),
    )
    .unwrap();
    // An engine that does not exist: validation must come first, so the exit is 2, not 3.
    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        "unix:///nonexistent/docker.sock",
        "--out",
        dir.path().join("book").to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains(&format!("{}:11:", path.display())), "{}", text(&o));
}

/// A lesson with a Windows `run` step of `image` and an `exec` of `command`
/// in it (the exec's fence is on line 19); returns (exit code, output, path).
fn check_exec_in(image: &str, command: &str) -> (i32, String, String) {
    let dir = tempdir();
    let path = dir.path().join("tools.en.md");
    let lesson = format!(
        "{HEAD}```step\nid: box\nrun:\n  image: {{windows: \"{image}\", linux: busybox}}\n  isolation: process\n  command: [ping, localhost, -t]\n```\n\n```step\nid: list\nexec:\n  container: box\n  command: {{windows: {command}, linux: [ps]}}\n```\n"
    );
    std::fs::write(&path, lesson).unwrap();
    let o = proofbook(&["check", path.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o), path.display().to_string())
}

#[test]
fn exec_of_a_program_nanoserver_lacks_is_refused() {
    let nano = "mcr.microsoft.com/windows/nanoserver:{host_tag}";
    for (command, program) in [
        ("[tasklist]", "tasklist"),
        ("[TASKLIST.EXE]", "tasklist"),
        ("[powershell, -Command, Get-Process]", "powershell"),
        ("[cmd, /c, \"tasklist /fi \\\"imagename eq csrss.exe\\\"\"]", "tasklist"),
        ("['C:\\Windows\\System32\\taskkill.exe', /im, ping.exe]", "taskkill"),
    ] {
        let (code, out, path) = check_exec_in(nano, command);
        assert_eq!(code, 2, "{command}: {out}");
        let want = format!("{path}:19: step `list` runs `{program}` in container `box`");
        assert!(out.contains(&want), "expected `{want}` in:\n{out}");
        assert!(out.contains("servercore"), "the fix names the image that has it: {out}");
    }
}

#[test]
fn exec_of_what_the_image_has_passes() {
    for (image, command) in [
        ("mcr.microsoft.com/windows/servercore:{host_tag}", "[tasklist]"),
        ("mcr.microsoft.com/windows/nanoserver:{host_tag}", "[cmd, /c, ver]"),
        ("mcr.microsoft.com/windows/nanoserver:1809", "[hostname]"),
        ("mcr.microsoft.com/powershell:nanoserver-1809", "[pwsh, -c, ls]"),
    ] {
        let (code, out, _) = check_exec_in(image, command);
        assert_eq!(code, 0, "{image} {command}: {out}");
    }
}

fn check_registry_step(key: &str) -> (i32, String, String) {
    let dir = tempdir();
    let path = dir.path().join("reg.en.md");
    let lesson = format!("{HEAD}```step\nid: reg\nhost_registry:\n  key: {key}\n```\n");
    std::fs::write(&path, lesson).unwrap();
    let o = proofbook(&["check", path.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o), path.display().to_string())
}

#[test]
fn host_registry_keys_are_checked() {
    let (code, out, _) = check_registry_step(r"{windows: 'HKLM\SOFTWARE\proofbook'}");
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = check_registry_step(r"{windows: 'HKEY_CURRENT_USER\Software\x'}");
    assert_eq!(code, 0, "{out}");
    for (key, why) in [
        (r"{windows: 'SOFTWARE\proofbook'}", "must start with HKLM"),
        (r"{windows: 'HKLM'}", "names a whole hive"),
        (r"'HKLM\SOFTWARE\proofbook'", "the registry is Windows-only"),
    ] {
        let (code, out, path) = check_registry_step(key);
        assert_eq!(code, 2, "{key}: {out}");
        assert!(out.contains(&format!("{path}:11: step `reg`")), "{key}: {out}");
        assert!(out.contains(why), "{key}: {out}");
    }
}
