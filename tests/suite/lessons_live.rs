//! The whole shipped lesson set, both languages, on the real engine (runc +
//! gVisor): every claim is proven, or not run because it is Windows-only.
//! Swapping the two runtimes must refute exactly the claims that depend on
//! the isolation, and leave the ones that hold either way proven.

use crate::common::*;

use std::collections::BTreeSet;
use std::path::PathBuf;

/// How a claim behaves on a Linux host.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// Proven with runc for process and gVisor for hyperv; refuted when swapped.
    Isolation,
    /// Proven whichever runtime runs which role (namespaces, PID 1 inside…).
    EitherRuntime,
    /// Not run on Linux, with a reason saying it is Windows-only.
    WindowsOnly,
    /// An exercise: `build` leaves it NOT RUN for the learner (`verify` judges it, tests/suite/exercises_live.rs).
    Exercise,
}
use Kind::*;

/// Every claim of the shipped lessons. A claim added to a lesson and not
/// listed here fails `the_table_lists_every_claim_of_the_lessons`.
const CLAIMS: &[(&str, &str, Kind)] = &[
    ("process-isolation", "process-shares-pid", Isolation),
    ("process-isolation", "sandboxed-hidden", Isolation),
    ("process-isolation", "one-worker", Isolation),
    ("process-isolation", "my-process-on-host", Exercise),
    ("sandbox-isolation", "workload-hidden", Isolation),
    ("sandbox-isolation", "top-shows-sandbox-pid", Isolation),
    ("sandbox-isolation", "workload-is-pid-1", EitherRuntime),
    ("sandbox-isolation", "one-worker-each", Isolation),
    ("sandbox-isolation", "my-sandbox-hidden", Exercise),
    ("sandbox-isolation", "my-sandbox-worker", Exercise),
    ("system-processes", "own-system-processes", WindowsOnly),
    ("system-processes", "sandbox-own-system-processes", WindowsOnly),
    ("system-processes", "own-pid-1", EitherRuntime),
    ("system-processes", "own-tree", EitherRuntime),
    ("system-processes", "same-process-both-sides", Isolation),
    ("system-processes", "own-pid-numbers", Isolation),
    ("system-processes", "shared-pid-numbers", WindowsOnly),
    ("system-processes", "sandboxed-system-hidden", Isolation),
    ("system-processes", "sandbox-csrss-not-on-host", WindowsOnly),
    ("what-is-isolated", "own-hostname", EitherRuntime),
    ("what-is-isolated", "own-pid-1", EitherRuntime),
    ("what-is-isolated", "host-pid-1-is-another", EitherRuntime),
    ("what-is-isolated", "file-written-inside", EitherRuntime),
    ("what-is-isolated", "file-not-on-host", EitherRuntime),
    ("what-is-isolated", "registry-written-inside", WindowsOnly),
    ("what-is-isolated", "registry-not-on-host", WindowsOnly),
    ("what-is-isolated", "only-loopback", EitherRuntime),
    ("what-is-isolated", "host-interfaces-not-seen", EitherRuntime),
    ("versions", "process-reports-host-kernel", Isolation),
    ("versions", "sandbox-reports-own-kernel", Isolation),
    ("versions", "sandbox-runs-image-build", WindowsOnly),
];

const LANGS: &[&str] = &["en", "ko"];

struct Built {
    code: i32,
    out: String,
    dir: tempfile::TempDir,
    records: Vec<serde_json::Value>,
}

impl Built {
    fn page(&self, lang: &str, lesson: &str) -> String {
        let path = self.dir.path().join("book").join(lang).join(format!("{lesson}.html"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), self.out))
    }

    fn reason(&self, lang: &str, lesson: &str, claim: &str) -> String {
        self.records
            .iter()
            .filter(|r| r["lang"] == lang && r["lesson"] == lesson)
            .flat_map(|r| r["claims"].as_array().cloned().unwrap_or_default())
            .find(|c| c["id"] == claim)
            // The record keeps a message; the tests read its English sentence.
            .and_then(|c| serde_json::from_value::<proofbook::messages::Text>(c["reason"].clone()).ok())
            .map(|t| t.to_string())
            .unwrap_or_else(|| panic!("no record of {lang}/{lesson}/{claim}: {}", self.out))
    }

    fn run_ids(&self) -> BTreeSet<String> {
        self.records
            .iter()
            .filter_map(|r| r["run_id"].as_str().map(str::to_string))
            .collect()
    }
}

fn build(extra: &[&str]) -> Built {
    let dir = tempdir();
    let out = dir.path().join("book");
    // Two whole books (20 lesson runs, 10 of them sandboxed) may build at once
    // on a busy CI machine: the verdicts are under test here, not the speed.
    let mut args = vec![
        "build",
        "--quiet",
        "--no-recorded",
        "--step-timeout",
        "30",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.push("lessons");
    let o = proofbook(&args);
    let records = walkdir::WalkDir::new(out.join("records"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
        .collect();
    Built {
        code: o.status.code().unwrap_or(-1),
        out: text(&o),
        dir,
        records,
    }
}

/// Every (lang, lesson, claim) verdict differing from `want`, so one failure lists them all.
fn mismatches(b: &Built, want: impl Fn(Kind) -> &'static str) -> Vec<String> {
    let mut wrong = Vec::new();
    for lang in LANGS {
        for (lesson, claim, kind) in CLAIMS {
            let page = b.page(lang, lesson);
            let got = verdict_in(&page, &format!("{lesson}/{claim}")).unwrap_or_else(|| "missing".into());
            if got != want(*kind) {
                wrong.push(format!(
                    "{lang}/{lesson}/{claim}: {got}, expected {} — {}",
                    want(*kind),
                    b.reason(lang, lesson, claim)
                ));
            }
        }
    }
    wrong
}

fn assert_windows_only_reasons(b: &Built) {
    for lang in LANGS {
        for (lesson, claim, _) in CLAIMS.iter().filter(|(_, _, k)| *k == WindowsOnly) {
            let reason = b.reason(lang, lesson, claim);
            assert!(
                reason.contains("Windows-only"),
                "{lang}/{lesson}/{claim} says why it did not run: {reason}"
            );
        }
    }
}

fn assert_nothing_left(b: &Built) {
    assert!(!b.run_ids().is_empty(), "records carry the run id: {}", b.out);
    for id in b.run_ids() {
        assert!(
            run_containers(MAIN_ENGINE, &id).is_empty(),
            "no container of run {id} is left"
        );
    }
}

#[test]
fn runc_and_gvisor_prove_every_linux_claim_in_both_languages() {
    require!(LIVE);
    let b = build(&[]);
    let wrong = mismatches(&b, |k| match k {
        WindowsOnly | Exercise => "not-run",
        Isolation | EitherRuntime => "proven",
    });
    assert!(wrong.is_empty(), "{}\n{}", wrong.join("\n"), b.out);
    assert_eq!(b.code, 0, "{}", b.out);
    assert_windows_only_reasons(&b);
    assert_nothing_left(&b);
    assert_eq!(b.records.len(), 10, "one record per lesson and language: {}", b.out);
}

#[test]
fn swapping_the_runtimes_refutes_exactly_the_isolation_claims() {
    require!(LIVE);
    let b = build(&["--process-runtime", "runsc", "--sandbox-runtime", "runc"]);
    let wrong = mismatches(&b, |k| match k {
        Isolation => "refuted",
        EitherRuntime => "proven",
        WindowsOnly | Exercise => "not-run",
    });
    assert!(wrong.is_empty(), "{}\n{}", wrong.join("\n"), b.out);
    assert_eq!(b.code, 1, "refuted claims make build exit 1: {}", b.out);
    assert_windows_only_reasons(&b);
    assert_nothing_left(&b);
}

fn lesson_files() -> Vec<PathBuf> {
    proofbook::lesson::discover(&[repo().join("lessons")]).expect("lessons/ is readable")
}

#[test]
fn the_table_lists_every_claim_of_the_lessons() {
    let lessons = proofbook::lesson::load_all(&lesson_files()).unwrap_or_else(|e| panic!("{e:?}"));
    let in_files: BTreeSet<(String, String)> = lessons
        .iter()
        .flat_map(|l| {
            l.claims()
                .map(|c| (l.meta.lesson.clone(), c.id.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let in_table: BTreeSet<(String, String)> = CLAIMS.iter().map(|(l, c, _)| (l.to_string(), c.to_string())).collect();
    assert_eq!(in_files, in_table);
}

#[test]
fn both_languages_have_the_same_steps_and_checks() {
    let lessons = proofbook::lesson::load_all(&lesson_files()).unwrap_or_else(|e| panic!("{e:?}"));
    let ids: BTreeSet<&str> = lessons.iter().map(|l| l.meta.lesson.as_str()).collect();
    assert_eq!(ids.len(), 5, "five lessons");
    for id in ids {
        let of = |lang: &str| {
            lessons
                .iter()
                .find(|l| l.meta.lesson == id && l.meta.lang == lang)
                .unwrap_or_else(|| panic!("{id} has a `{lang}` version"))
        };
        let (en, ko) = (of("en"), of("ko"));
        assert_eq!(en.meta.order, ko.meta.order, "{id}: same order");
        // An exercise's task is told in each language; everything else is the same.
        let steps = |l: &proofbook::lesson::Lesson| {
            l.steps()
                .map(|s| {
                    let mut action = s.action.clone();
                    if let proofbook::lesson::Action::Adopt(a) = &mut action {
                        a.task.clear();
                    }
                    (s.id.clone(), s.timeout, action)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(steps(en), steps(ko), "{id}: same steps in both languages");
        let checks = |l: &proofbook::lesson::Lesson| {
            l.claims()
                .map(|c| (c.id.clone(), c.check.clone(), c.hint.is_some()))
                .collect::<Vec<_>>()
        };
        assert_eq!(checks(en), checks(ko), "{id}: same claims and checks in both languages");
        for c in ko.claims() {
            assert!(
                c.says.chars().any(|ch| ('\u{ac00}'..='\u{d7a3}').contains(&ch)),
                "{id}/{}: the Korean page says it in Korean",
                c.id
            );
        }
    }
}

#[test]
fn check_accepts_every_shipped_lesson() {
    let o = proofbook(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("10 lesson(s)"), "{}", text(&o));
}
