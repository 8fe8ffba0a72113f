//! Claims that could not fail are refused by `proofbook check` (path:line,
//! exit 2), kind by kind; the same claims in a form that can fail pass.

use crate::common::*;

const HEAD: &str = "---\ntitle: T\nlang: en\nlesson: vacuous\norder: 1\nsummary: S\n---\n\n";

/// Steps every claim below may read: a container, its top, a ps inside,
/// host tables filtered in several ways, an exec and a host_info.
const STEPS: &str = "\
```step
id: c
run: {image: busybox, isolation: process, command: [sleep, \"60\"]}
```
```step
id: t
top: {container: c}
```
```step
id: ps
exec: {container: c, command: [ps], parse: ps}
```
```step
id: e
exec: {container: c, command: [hostname]}
```
```step
id: hi
host_info: {}
```
```step
id: by-other-name
host_processes: {name: [runsc-sandbox]}
```
```step
id: by-name
host_processes: {name: [sleep]}
```
```step
id: by-top
host_processes: {name: [runsc-sandbox], pids_from: [t, ps]}
```
```step
id: all
host_processes: {}
```
```step
id: pid-1
host_processes: {pids: [1]}
```
";

/// The line the claim's fence opens on: after HEAD (8 lines) and STEPS.
fn claim_line() -> usize {
    HEAD.lines().count() + STEPS.lines().count() + 1
}

fn check_claim(check: &str) -> (i32, String, String) {
    let dir = tempdir();
    let path = dir.path().join("vacuous.en.md");
    std::fs::write(
        &path,
        format!("{HEAD}{STEPS}```claim\nid: x\nsays: s\ncheck: {check}\n```\n"),
    )
    .unwrap();
    let o = proofbook(&["check", path.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), text(&o), path.display().to_string())
}

fn refused(check: &str, why: &str) {
    let (code, out, path) = check_claim(check);
    assert_eq!(code, 2, "`{check}` must be refused: {out}");
    let want = format!("{path}:{}: claim `x` cannot fail: ", claim_line());
    assert!(out.contains(&want), "expected `{want}` in:\n{out}");
    assert!(out.contains(why), "expected `{why}` in:\n{out}");
    assert!(!out.contains("panicked"), "{out}");
}

fn accepted(check: &str) {
    let (code, out, _) = check_claim(check);
    assert_eq!(code, 0, "`{check}` must pass: {out}");
}

#[test]
fn top_lists_and_lists_with_no_names() {
    refused("{kind: top_lists, top: t, names: []}", "`names` is empty");
    refused("{kind: top_lists, top: t, names: {linux: []}}", "`names` is empty");
    refused("{kind: lists, view: ps, names: []}", "`names` is empty");
    refused("{kind: lists, view: ps, names: [sleep, \" \"]}", "empty name");
    accepted("{kind: top_lists, top: t, names: [sleep]}");
    accepted("{kind: lists, view: ps, names: {linux: [sleep]}}");
}

#[test]
fn host_process_count_that_always_holds() {
    refused("{kind: host_process_count, host: all, name: sleep, min: 0}", "`min: 0`");
    refused(
        "{kind: host_process_count, host: all, name: sleep, max: 4194304}",
        "no host runs",
    );
    refused(
        "{kind: host_process_count, host: all, name: sleep, min: 3, max: 2}",
        "can never hold",
    );
    refused(
        "{kind: host_process_count, host: all, containers: [c], per_container: 0}",
        "per_container: 0",
    );
    // A table of other names holds no `sleep` to count: `max: 0` would always hold.
    refused(
        "{kind: host_process_count, host: by-other-name, name: sleep, max: 0}",
        "does not hold every `sleep`",
    );
    accepted("{kind: host_process_count, host: all, name: sleep, min: 0, max: 3}");
    accepted("{kind: host_process_count, host: by-name, name: sleep, min: 1}");
    accepted("{kind: host_process_count, host: by-top, containers: [c], per_container: 1}");
}

#[test]
fn pids_read_in_a_host_table_that_was_not_asked_for_them() {
    for kind in ["hidden_from_host", "visible_on_host"] {
        refused(
            &format!("{{kind: {kind}, top: t, host: by-other-name, process: sleep}}"),
            "add `pids_from: [t]`",
        );
        refused(
            &format!("{{kind: {kind}, top: t, host: pid-1, process: sleep}}"),
            "add `pids_from: [t]`",
        );
        for host in ["by-top", "by-name", "all"] {
            accepted(&format!("{{kind: {kind}, top: t, host: {host}, process: sleep}}"));
        }
    }
    refused(
        "{kind: pid_numbering, inside: ps, outside: by-other-name, process: sleep, numbering: own}",
        "add `pids_from: [ps]`",
    );
    accepted("{kind: pid_numbering, inside: ps, outside: by-top, process: sleep, numbering: own}");
    accepted("{kind: pid_numbering, inside: ps, outside: t, process: sleep, numbering: shared}");
}

#[test]
fn a_pid_looked_up_in_a_table_that_could_not_hold_it() {
    for kind in ["pid_is", "pid_is_not"] {
        refused(
            &format!("{{kind: {kind}, view: by-other-name, pid: 1, process: sleep}}"),
            "add 1 to its `pids`",
        );
        refused(
            &format!("{{kind: {kind}, view: pid-1, pid: 2, process: sleep}}"),
            "add 2 to its `pids`",
        );
        accepted(&format!("{{kind: {kind}, view: pid-1, pid: 1, process: sleep}}"));
        accepted(&format!("{{kind: {kind}, view: all, pid: 7, process: sleep}}"));
        accepted(&format!("{{kind: {kind}, view: ps, pid: 1, process: sleep}}"));
    }
}

#[test]
fn compare_that_reads_no_evidence_or_the_same_twice() {
    refused(
        "{kind: compare, left: {value: a}, op: equals, right: {value: a}}",
        "both sides are literal",
    );
    refused(
        "{kind: compare, left: {step: e, field: stdout}, op: differs, right: {step: e, field: stdout}}",
        "the same field",
    );
    refused(
        "{kind: compare, left: {step: e, field: stdout}, op: contains, right: {value: \"\"}}",
        "the value looked for is empty",
    );
    refused(
        "{kind: compare, left: {step: e, field: stdout}, op: not_contains, right: {value: {linux: \" \"}}}",
        "the value looked for is empty",
    );
    accepted("{kind: compare, left: {step: e, field: stdout}, op: equals, right: {step: hi, field: hostname}}");
    accepted("{kind: compare, left: {step: e, field: stdout}, op: contains, right: {value: x}}");
}

#[test]
fn the_shipped_lessons_pass() {
    let o = proofbook(&["check", "lessons"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}
