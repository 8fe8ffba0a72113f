//! Output is bounded, live on the real engine: an exec printing 400 MB keeps
//! 1 MiB per stream, records how much more it read, says so on the page in
//! both languages, and no file of the book is over 8 MB. In the same build a
//! step that hangs past bollard's default 120 s limit on any API call ends as
//! `timeout` by its own limit, not as an engine error. (Peak memory of the
//! flood build is measured in docs/performance.md, not asserted here.)

use crate::common::*;

use proofbook::record::{Evidence, StepOutcome};

const FLOOD_BYTES: u64 = 400_000_000;

fn flood(lang: &str) -> String {
    format!(
        r#"---
title: Flood
lang: {lang}
lesson: flood
order: 1
summary: S
---

```step
id: c
run: {{image: busybox, isolation: process, command: [sleep, "3600"]}}
```

```step
id: loud
timeout: 300
exec:
  container: c
  command: [sh, -c, "yes 0123456789abcdef | head -c {FLOOD_BYTES}"]
```

```claim
id: said-something
says: The step printed the pattern.
check:
  kind: compare
  left: {{step: loud, field: stdout}}
  op: contains
  right: {{value: "0123456789abcdef"}}
```

```claim
id: quiet-at-the-end
says: The step never printed "done".
check:
  kind: compare
  left: {{step: loud, field: stdout}}
  op: not_contains
  right: {{value: done}}
```
"#
    )
}

/// 125 s: past the 120 s bollard gives any API call by default.
const HANG: &str = r#"---
title: Hang
lang: en
lesson: hang
order: 2
summary: S
---

```step
id: c
run: {image: busybox, isolation: process, command: [sleep, "3600"]}
```

```step
id: hang
timeout: 125
exec: {container: c, command: [sleep, "3600"]}
```
"#;

#[test]
fn a_400_mb_flood_is_cut_at_1_mib_and_a_long_hang_times_out_by_its_own_limit() {
    require!(LIVE);
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    std::fs::write(lessons.join("flood.en.md"), flood("en")).unwrap();
    std::fs::write(lessons.join("flood.ko.md"), flood("ko")).unwrap();
    std::fs::write(lessons.join("hang.en.md"), HANG).unwrap();
    let out = dir.path().join("book");
    let o = proofbook(&[
        "build",
        "--quiet",
        "--no-recorded",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        lessons.to_str().unwrap(),
    ]);
    let said = text(&o);
    assert!(!said.contains("panicked"), "{said}");

    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
        let len = entry.metadata().unwrap().len();
        assert!(len <= 8 << 20, "{} is {len} bytes", entry.path().display());
    }

    let record = proofbook::record::read_record(&out.join("records/var-run-docker-sock/flood.en.json"))
        .or_else(|_| proofbook::record::read_record(&out.join("records/local/flood.en.json")))
        .expect("the flood's record");
    let loud = record.step("loud").expect("loud step");
    assert_eq!(loud.outcome, StepOutcome::Ok, "{said}");
    let Some(Evidence::Exec { stdout, .. }) = &loud.evidence else {
        panic!("exec evidence")
    };
    assert_eq!(stdout.len(), 1 << 20);
    let cut = loud
        .cut
        .iter()
        .find(|c| c.stream == proofbook::record::Stream::Stdout)
        .expect("stdout was cut");
    assert_eq!((cut.kept, cut.kept + cut.cut), (1 << 20, FLOOD_BYTES));

    // Found in what was kept: proven. Absent from what was kept: not a proof.
    let verdict = |id: &str| record.claims.iter().find(|c| c.id == id).map(|c| c.verdict.as_str());
    assert_eq!(verdict("said-something"), Some("proven"));
    assert_eq!(verdict("quiet-at-the-end"), Some("error"));

    let en = std::fs::read_to_string(out.join("en/flood.html")).unwrap();
    assert!(
        en.contains("Output was cut: standard output kept its first 1.0 MiB; 380.5 MiB more was read and not kept."),
        "the English page says the output was cut"
    );
    let ko = std::fs::read_to_string(out.join("ko/flood.html")).unwrap();
    assert!(
        ko.contains("출력이 잘렸습니다. 표준 출력은 앞부분 1.0 MiB만 남기고, 그 뒤로 읽은 380.5 MiB는 버렸습니다."),
        "the Korean page says the output was cut"
    );

    let hang = proofbook::record::read_record(&out.join("records/local/hang.en.json"))
        .or_else(|_| proofbook::record::read_record(&out.join("records/var-run-docker-sock/hang.en.json")))
        .expect("the hang's record");
    let step = hang.step("hang").expect("hang step");
    assert_eq!(step.outcome, StepOutcome::Timeout { after_ms: 125_000 }, "{said}");
}
