//! Builds at once on one engine, live: a build that starts while another
//! streams leaves the other's containers alone (its start-of-build sweep
//! once took a live build with two containers for a dead one), and a
//! container that dies while a step reads its output makes that step an
//! error saying so, in both languages, with no claim proven from the part
//! that was read.

use crate::common::*;

use proofbook::messages::{Msg, Text};
use proofbook::record::{RunRecord, StepOutcome};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A container and an exec that prints a line every 0.2 s for ten minutes.
fn ticking(lang: &str) -> String {
    format!(
        r#"---
title: Ticking
lang: {lang}
lesson: ticking
order: 1
summary: S
---

```step
id: c
run: {{image: busybox, isolation: process, command: [sleep, "3600"]}}
```

```step
id: tick
timeout: 600
exec:
  container: c
  command: [sh, -c, "i=0; while [ $i -lt 3000 ]; do echo tick $i; i=$((i+1)); sleep 0.2; done; echo done"]
```

```claim
id: ticked
says: The step printed ticks.
check: {{kind: compare, left: {{step: tick, field: stdout}}, op: contains, right: {{value: "tick 1"}}}}
```

```claim
id: never-done
says: The step never said done.
check: {{kind: compare, left: {{step: tick, field: stdout}}, op: not_contains, right: {{value: done}}}}
```
"#
    )
}

const SHORT: &str = r#"---
title: Short
lang: en
lesson: short
order: 1
summary: S
---

```step
id: r
run: {image: busybox, isolation: process, command: [sleep, "3600"]}
```

```step
id: say
exec: {container: r, command: [echo, hi]}
```

```claim
id: said
says: echo said hi.
check: {kind: compare, left: {step: say, field: stdout}, op: equals, right: {value: hi}}
```
"#;

fn spawn_build(out: &Path, lessons: &Path) -> Child {
    command()
        .args(["build", "--quiet", "--no-recorded", "--engine", MAIN_ENGINE, "--out"])
        .arg(out)
        .arg(lessons)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("proofbook starts")
}

/// Polls `what` until it gives Some, failing the test after `limit`.
fn wait_until<T>(limit: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let t0 = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(t0.elapsed() < limit, "{what} within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The run's record of one language (its folder is named after the engine).
fn record(out: &Path, lang: &str) -> RunRecord {
    let file = out.join(format!("records/var-run-docker-sock/ticking.{lang}.json"));
    proofbook::record::read_record(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn running(id: &str) -> bool {
    let o = docker_on(MAIN_ENGINE, &["inspect", "-f", "{{.State.Running}}", id]);
    String::from_utf8_lossy(&o.stdout).trim() == "true"
}

#[test]
fn a_build_beside_a_streaming_one_leaves_it_alone_and_a_killed_container_fails_its_step() {
    require!(LIVE);
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    for lang in ["en", "ko"] {
        std::fs::write(lessons.join(format!("ticking.{lang}.md")), ticking(lang)).unwrap();
    }
    let out = dir.path().join("book");
    let child = spawn_build(&out, &lessons);
    let pid = child.id();
    // Both languages' containers exist and their execs are printing.
    let ids = wait_until(Duration::from_secs(120), "two containers of the build", || {
        let ids = owned_by(MAIN_ENGINE, pid);
        (ids.len() == 2).then_some(ids)
    });
    for id in &ids {
        wait_until(Duration::from_secs(120), "the exec printing", || {
            let top = docker_on(MAIN_ENGINE, &["top", id]);
            String::from_utf8_lossy(&top.stdout).contains("while").then_some(())
        });
    }
    std::thread::sleep(Duration::from_secs(1));

    // Another build on the same engine, start to end, while the first streams.
    let short_dir = dir.path().join("short");
    std::fs::create_dir_all(&short_dir).unwrap();
    std::fs::write(short_dir.join("short.en.md"), SHORT).unwrap();
    let short = output_within(
        command()
            .args(["build", "--quiet", "--no-recorded", "--engine", MAIN_ENGINE, "--out"])
            .arg(dir.path().join("short-book"))
            .arg(&short_dir)
            .env("PROOFBOOK_OFFLINE", "1"),
        LIMIT,
    );
    assert_eq!(short.status.code(), Some(0), "{}", text(&short));
    assert!(!text(&short).contains("left behind"), "{}", text(&short));
    for id in &ids {
        assert!(running(id), "the streaming build's container {id} is still running");
    }

    // Each container dies mid-stream (killed by its id: the build this test started made it).
    for id in &ids {
        let o = docker_on(MAIN_ENGINE, &["kill", id]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = wait_within(child, LIMIT, "the ticking build");
    let said = text(&o);
    assert_eq!(o.status.code(), Some(1), "an error verdict makes build exit 1: {said}");
    for lang in ["en", "ko"] {
        let r = record(&out, lang);
        let tick = r.step("tick").expect("tick step");
        let StepOutcome::Error { message } = &tick.outcome else {
            panic!("{lang}: the step is an error, not {:?}: {said}", tick.outcome)
        };
        assert!(
            matches!(message, Text::Msg(Msg::ContainerStoppedMidStep { step, status }) if step == "c" && status == "exited"),
            "{lang}: {message:?}"
        );
        assert!(tick.evidence.is_none(), "{lang}: the part read is not evidence");
        for c in &r.claims {
            assert_eq!(
                c.verdict.as_str(),
                "error",
                "{lang}: {} is not judged from a part",
                c.id
            );
        }
    }
    let en = std::fs::read_to_string(out.join("en/ticking.html")).unwrap();
    assert!(
        en.contains("stopped while this step was reading its output"),
        "the English page says what happened"
    );
    let ko = std::fs::read_to_string(out.join("ko/ticking.html")).unwrap();
    assert!(
        ko.contains("이 단계가 출력을 읽는 동안"),
        "the Korean page says what happened"
    );
    assert!(owned_by(MAIN_ENGINE, pid).is_empty(), "no container of the run is left");
}
