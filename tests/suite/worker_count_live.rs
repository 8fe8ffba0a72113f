//! `host_process_count` with `before`, live: processes that name no container
//! (as a Windows `vmwp` names only its VM) are counted by what appeared on the
//! host since the `before` table. Here the "worker" is the workload itself,
//! `sleep`: a runc container adds one host process, a gVisor one adds none.
//! Its own test binary, so no other test starts processes in between.

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
host_processes: {name: [sleep]}
```

```step
id: r
run:
  image: busybox
  isolation: process
  command: [sleep, "3599"]
```

```step
id: host-after
host_processes: {name: [sleep]}
```

```claim
id: appeared
says: Starting the container added its workload to the host's process table.
check:
  kind: host_process_count
  host: host-after
  name: {linux: sleep}
  containers: [r]
  per_container: 1
  before: host-before
```
"#;

fn build(extra: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempdir();
    let path = dir.path().join("appeared.en.md");
    std::fs::write(&path, LESSON).unwrap();
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
    )
}

#[test]
fn what_appeared_since_before_is_counted_and_flips_with_the_runtime() {
    require(LIVE);
    let (code, verdict, said) = build(&[]);
    assert_eq!((code, verdict.as_str()), (Some(0), "proven"), "{said}");
    assert!(said.contains("1 new (PIDs "), "{said}");
    assert!(said.contains("at least 1 expected for 1 container(s)"), "{said}");

    // Under gVisor the workload is not a host process: nothing new appears.
    let (code, verdict, said) = build(&["--process-runtime", "runsc"]);
    assert_eq!((code, verdict.as_str()), (Some(1), "refuted"), "{said}");
    assert!(said.contains("0 new (PIDs none;"), "{said}");
    assert!(proofbook_containers(MAIN_ENGINE).is_empty(), "no container left");
}
