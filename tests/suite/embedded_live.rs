//! The binary alone is a book: from an empty folder, `proofbook build` runs the
//! lessons built into it on the real engine (runc + gVisor) and proves every
//! claim that applies to Linux; the Windows-only ones are not run, saying so.

use crate::common::*;

use proofbook::messages::Lang;
use std::collections::BTreeSet;

#[test]
fn build_in_an_empty_folder_proves_the_built_in_book() {
    require!(LIVE);
    let dir = tempdir();
    // The plain command; only the step limit is raised for a busy shared machine.
    let o = output_within(
        command()
            .args(["build", "--quiet", "--step-timeout", "30"])
            .current_dir(dir.path())
            .env("PROOFBOOK_OFFLINE", "1")
            .env_remove("DOCKER_HOST"),
        LIMIT,
    );
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("built into proofbook"),
        "says it used the built-in book: {out}"
    );
    assert!(dir.path().join("book/index.html").is_file(), "{out}");
    assert!(!dir.path().join("lessons").exists(), "build writes no lessons out");

    let records: Vec<serde_json::Value> = walkdir::WalkDir::new(dir.path().join("book/records"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap())
        .collect();
    let lessons = proofbook::lesson::load_embedded().expect("the built-in book loads");
    assert_eq!(
        records.len(),
        lessons.len(),
        "one record per lesson and language: {out}"
    );

    let mut proven = 0;
    for l in &lessons {
        let r = records
            .iter()
            .find(|r| r["lesson"] == l.meta.lesson.as_str() && r["lang"] == l.meta.lang.as_str())
            .unwrap_or_else(|| panic!("no record of {}: {out}", l.key()));
        let claims = r["claims"].as_array().expect("claims");
        let want: BTreeSet<String> = l.claims().map(|c| c.id.clone()).collect();
        let got: BTreeSet<String> = claims.iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
        assert_eq!(got, want, "every claim of {} judged", l.key());
        for c in claims {
            let reason: proofbook::messages::Text = serde_json::from_value(c["reason"].clone()).expect("a reason");
            let reason = reason.plain(Lang::En);
            let (id, verdict) = (&c["id"], c["verdict"].as_str().unwrap());
            match verdict {
                "proven" => proven += 1,
                "not-run" => assert!(
                    reason.contains("Windows") || reason == proofbook::lesson::build_reason(l).plain(Lang::En),
                    "{}/{id} not run on Linux: {reason}",
                    l.key()
                ),
                _ => panic!("{}/{id} is {verdict}: {reason}\n{out}", l.key()),
            }
        }
    }
    assert!(
        proven >= 30,
        "most claims apply to Linux and are proven ({proven}): {out}"
    );
}
