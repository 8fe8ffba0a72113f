//! `host_process_count` with `before`, live: processes that name no container
//! (as a Windows `vmwp` names only its VM) are counted by what appeared on the
//! host since the `before` table. Here the "worker" is the workload itself: a
//! runc container adds one host process, a gVisor one adds none.
//!
//! The host is shared (other tests of this binary, other runs on the machine
//! start `sleep`s of their own), so the workload runs under a name no one else
//! uses: busybox copied to `busybox<8 hex>` (busybox runs the applet named by
//! its next argument when its own name starts with "busybox"). An exec step
//! waits until that name is in the container's process table, so the host's
//! table is read after the workload exists however slow the machine is.

use crate::common::*;

const LESSON: &str = r#"---
title: What appeared on the host
lang: en
lesson: appeared
order: 1
summary: Count host processes by what appeared since a table taken before.
---

```step
id: host-before
host_processes: {name: [WORKER]}
```

```step
id: r
run:
  image: busybox
  isolation: process
  command: [sh, -c, "cp /bin/busybox /tmp/WORKER && exec /tmp/WORKER sleep 3599"]
```

```step
id: started
timeout: 300
exec:
  container: r
  command: [sh, -c, "until grep -qx WORKER /proc/[0-9]*/comm; do sleep 0.2; done"]
```

```step
id: host-after
host_processes: {name: [WORKER]}
```

```claim
id: appeared
says: Starting the container added its workload to the host's process table.
check:
  kind: host_process_count
  host: host-after
  name: {linux: WORKER}
  containers: [r]
  per_container: 1
  before: host-before
```
"#;

/// A process name (at most 15 bytes, the kernel's `comm`) unique to this build.
fn worker_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("busybox{:08x}", nanos ^ std::process::id().rotate_left(16))
}

/// (exit code, the claim's verdict, what proofbook said, the run's ids)
fn build(extra: &[&str]) -> (Option<i32>, String, String, Vec<String>) {
    let dir = tempdir();
    let path = dir.path().join("appeared.en.md");
    std::fs::write(&path, LESSON.replace("WORKER", &worker_name())).unwrap();
    let out = dir.path().join("book");
    let mut args = vec![
        "build",
        "--quiet",
        "--no-recorded",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    args.push(path.to_str().unwrap());
    let o = proofbook(&args);
    let page = std::fs::read_to_string(out.join("en/appeared.html")).unwrap_or_default();
    (
        o.status.code(),
        verdict_in(&page, "appeared/appeared").unwrap_or_default(),
        text(&o),
        run_ids(&out),
    )
}

/// The run ids of the records a build wrote under its book.
fn run_ids(out: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(out.join("records"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| proofbook::record::read_record(e.path()).ok())
        .map(|r| r.run_id)
        .collect()
}

/// No container of these runs is left on the shared engine (other runs' may be).
fn assert_none_left(runs: &[String]) {
    assert!(!runs.is_empty(), "the build wrote its records");
    for run in runs {
        assert!(
            run_containers(MAIN_ENGINE, run).is_empty(),
            "no container of run {run} left"
        );
    }
}

#[test]
fn what_appeared_since_before_is_counted_and_flips_with_the_runtime() {
    require!(LIVE);
    let (code, verdict, said, runs) = build(&[]);
    assert_eq!((code, verdict.as_str()), (Some(0), "proven"), "{said}");
    assert_none_left(&runs);
    assert!(said.contains("1 new (PIDs "), "{said}");
    assert!(said.contains("at least 1 expected for 1 container(s)"), "{said}");

    // Under gVisor the workload is not a host process: nothing new appears.
    let (code, verdict, said, runs) = build(&["--process-runtime", "runsc"]);
    assert_eq!((code, verdict.as_str()), (Some(1), "refuted"), "{said}");
    assert!(said.contains("0 new (PIDs none;"), "{said}");
    assert_none_left(&runs);
}
