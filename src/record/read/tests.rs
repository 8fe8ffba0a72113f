use super::*;
#[cfg(unix)]
use crate::record::store::load;
use crate::record::write_record;

/// A real record: the first built-in lesson judged from a shipped transcript.
fn record() -> RunRecord {
    let lessons = crate::lesson::load_embedded().expect("the built-in book loads");
    crate::transcripts::record_for(&lessons[0])
}

fn json_with(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v = serde_json::to_value(record()).unwrap();
    edit(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

fn refusal(bytes: &[u8]) -> InputError {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("r.json");
    std::fs::write(&path, bytes).unwrap();
    let e = read_record(&path).expect_err("refused");
    assert_eq!(e.path, path.display().to_string(), "the file is named");
    e
}

#[test]
fn a_real_record_reads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let r = record();
    let path = write_record(tmp.path(), &r).unwrap();
    let back = read_record(&path).unwrap();
    assert_eq!(back.derived.file, path.display().to_string());
    // Equal: what was derived reading it (its file) is not part of the record.
    assert_eq!(back, r);
}

#[test]
fn schema_messages_say_what_was_found_and_what_is_read() {
    let accepted = format!("reads schema 1 to {SCHEMA}");
    for (schema, says) in [
        (serde_json::json!(-1), "`schema` is -1"),
        (serde_json::json!(0), "`schema` is 0"),
        (serde_json::json!("2"), "`schema` is \"2\""),
        (serde_json::json!(1.5), "`schema` is 1.5"),
        (serde_json::json!(null), "`schema` is null"),
    ] {
        let bytes = json_with(|v| v["schema"] = schema.clone());
        let e = refusal(&bytes);
        assert!(
            e.message.contains(says) && e.message.contains(&accepted),
            "{schema}: {e}"
        );
        assert!(!e.message.contains("no `schema` field"), "{e}");
        let line = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .nth(e.line - 1)
            .unwrap()
            .to_string();
        assert!(line.contains("\"schema\""), "the schema's line: {e}: {line}");
    }
    let e = refusal(&json_with(|v| {
        v.as_object_mut().unwrap().remove("schema");
    }));
    assert!(
        e.message.contains("no `schema` field") && e.message.contains(&accepted),
        "{e}"
    );
    let e = refusal(&json_with(|v| v["schema"] = serde_json::json!(SCHEMA + 1)));
    assert!(e.message.contains("newer than this proofbook"), "{e}");
}

type Edit = fn(&mut serde_json::Value);

#[test]
fn repeated_claim_or_step_ids_are_refused() {
    let cases: [(&str, Edit); 4] = [
        ("claim", |v| {
            let c = v["claims"][0].clone();
            v["claims"].as_array_mut().unwrap().push(c);
        }),
        ("step", |v| {
            let s = v["steps"][0].clone();
            v["steps"].as_array_mut().unwrap().push(s);
        }),
        ("claim", |v| {
            let blocks = v["doc"]["blocks"].as_array_mut().unwrap();
            let c = blocks.iter().find(|b| b["type"] == "claim").unwrap().clone();
            blocks.push(c);
        }),
        ("step", |v| {
            let blocks = v["doc"]["blocks"].as_array_mut().unwrap();
            let s = blocks.iter().find(|b| b["type"] == "step").unwrap().clone();
            blocks.push(s);
        }),
    ];
    for (kind, edit) in cases {
        let e = refusal(&json_with(edit));
        assert!(e.message.contains(&format!("{kind} id `")), "{e}");
        assert!(e.message.contains("more than once"), "{e}");
        assert!(e.line > 1, "the second one's line: {e}");
    }
}

#[test]
fn a_record_over_the_cap_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.json");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: no 16 MiB written to the test machine's disk.
    f.set_len(MAX_RECORD_BYTES + 1).unwrap();
    let e = read_record(&path).expect_err("over the cap");
    assert!(e.message.contains("at most 16 MiB"), "{e}");
    // At the cap it is read (and refused as JSON, not for its size).
    f.set_len(MAX_RECORD_BYTES).unwrap();
    let e = read_record(&path).expect_err("not JSON");
    assert!(e.message.contains("not a run record"), "{e}");
}

#[test]
fn the_bounded_read_stops_past_the_cap_whatever_the_size_said() {
    // A file that says it is empty but is not (as `/proc` files do): the
    // read itself stops one byte past the cap.
    let too_big = super::too_big(MAX_RECORD_BYTES + 1);
    assert!(too_big.contains("more than 16777216 bytes"), "{too_big}");
    let stat = std::path::Path::new("/proc/self/status");
    if stat.exists() {
        assert!(
            read_bounded(stat).is_ok(),
            "a small file its metadata calls empty reads whole"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_named_json_is_refused_without_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let host = tmp.path().join("local");
    write_record(&host, &record()).unwrap();
    let fifo = host.join("zz.json");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // No writer ever opens it: a reader that opened it would wait forever.
    for path in [host.clone(), tmp.path().to_path_buf(), fifo.clone()] {
        let errors = load(&path).expect_err("a FIFO is not a record");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, fifo.display().to_string());
        assert!(errors[0].message.contains("named pipe"), "{}", errors[0]);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_leading_out_of_the_folder_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let r = record();
    let host = tmp.path().join("records/local");
    write_record(&host, &r).unwrap();
    let mut other = r.clone();
    other.lesson = "elsewhere".into();
    let out_file = write_record(outside.path(), &other).unwrap();
    // A link inside to a record inside is read where it is.
    std::os::unix::fs::symlink(host.join(r.file_name()), tmp.path().join("records/inside.json")).unwrap();
    let hosts = load(&tmp.path().join("records")).expect("a link inside is read");
    assert_eq!(hosts.iter().map(|h| h.records.len()).sum::<usize>(), 2);
    // A link out that would not be read (not a record, not a folder) is no matter.
    std::fs::write(outside.path().join("notes.txt"), "x").unwrap();
    std::os::unix::fs::symlink(outside.path().join("notes.txt"), host.join("notes.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("gone"), host.join("dangling")).unwrap();
    assert!(load(&host).is_ok(), "links that are not read do not refuse the folder");
    std::fs::remove_file(tmp.path().join("records/inside.json")).unwrap();
    for (link, target) in [
        (host.join("out.json"), out_file.clone()),
        (host.join("sub"), outside.path().to_path_buf()),
        (tmp.path().join("records/away"), outside.path().to_path_buf()),
    ] {
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for path in [tmp.path().join("records"), host.clone()] {
            let Err(errors) = load(&path) else {
                if !link.starts_with(&path) {
                    continue;
                }
                panic!("{} leads out", link.display())
            };
            assert!(
                errors
                    .iter()
                    .any(|e| e.path == link.display().to_string() && e.message.contains("leading out")),
                "{errors:?}"
            );
        }
        std::fs::remove_file(&link).unwrap();
    }
}

/// Records proofbook wrote at schema 1 and at schema 2 (live builds of the
/// shipped lessons on a Linux host with runc and runsc, kept as they were
/// written in tests/fixtures/records/schema-N/): each still reads, and is
/// judged again (`crate::rejudge`) as proofbook judged it when schema 2
/// was current. `judged.json` holds, per file, every claim's verdict and the
/// steps that decided it, and each overruled stored verdict, taken from
/// proofbook at schema 2 before schema 3 was made. (Not the reasons' words:
/// those change with the catalogue, and a page shows them in its language.)
#[test]
fn records_of_older_schemas_read_and_judge_as_before() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records");
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("judged.json")).unwrap()).expect("judged.json is JSON");
    let expected = expected.as_object().unwrap();
    assert_eq!(expected.len(), 6, "three records of each older schema");
    let mut seen = Vec::new();
    for (file, want) in expected {
        let mut r = read_record(&root.join(file)).unwrap_or_else(|e| panic!("{file} reads: {e}"));
        assert_eq!(
            Some(r.schema),
            file.strip_prefix("schema-").and_then(|s| s[..1].parse().ok()),
            "{file}: its schema"
        );
        seen.push(r.schema);
        crate::rejudge::record(&mut r);
        let got = judged(&r);
        assert_eq!(&got, want, "{file} is judged as it was at schema 2; got:\n{got:#}");
    }
    assert!(seen.contains(&1) && seen.contains(&2), "{seen:?}");
}

fn judged(r: &RunRecord) -> serde_json::Value {
    serde_json::json!({
        "claims": r.claims.iter().map(|c| serde_json::json!({
            "id": c.id, "verdict": c.verdict.as_str(), "evidence": c.evidence,
        })).collect::<Vec<_>>(),
        "overruled": r.derived.overruled.iter().map(|o| serde_json::json!({
            "claim": o.claim, "stored": o.stored.as_str(), "judged": o.judged.map(|v| v.as_str()),
        })).collect::<Vec<_>>(),
    })
}

/// What an older record's claims are judged from is its own evidence, read
/// from the old format: the same schema-1 and schema-2 records with another
/// process at the PID `top` gave the workload are REFUTED, whatever they store.
#[test]
fn records_of_older_schemas_are_judged_from_their_evidence() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records");
    for schema in ["schema-1", "schema-2"] {
        let file = root.join(schema).join("local/process-isolation.en.json");
        let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        let steps = v["steps"].as_array_mut().unwrap();
        let top = steps.iter().find(|s| s["id"] == "top-process").unwrap();
        let pid = top["evidence"]["processes"][0]["pid"].clone();
        let host = steps.iter_mut().find(|s| s["id"] == "host-view").unwrap();
        let at = host["evidence"]["processes"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|p| p["pid"] == pid)
            .expect("the workload's PID is in the host table");
        // Its name and command line: a Linux process also answers to its argv[0].
        at["name"] = "explorer.exe".into();
        at["cmd"] = "explorer.exe".into();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("process-isolation.en.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        let mut r = read_record(&path).unwrap_or_else(|e| panic!("{schema}: {e}"));
        let stored = r.claims.iter().find(|c| c.id == "process-shares-pid").unwrap().verdict;
        assert_eq!(stored, crate::record::Verdict::Proven, "{schema}: stored as written");
        crate::rejudge::record(&mut r);
        let c = r.claims.iter().find(|c| c.id == "process-shares-pid").unwrap();
        assert_eq!(c.verdict, crate::record::Verdict::Refuted, "{schema}: {c:?}");
        assert_eq!(r.derived.overruled.len(), 1, "{schema}: {:?}", r.derived.overruled);
    }
}

/// Schema 3 names the host's OS and a cut stream exactly: any other value
/// (which an older proofbook read as Linux, or as a host table) is refused,
/// at its line, saying what was found and what is read.
#[test]
fn an_os_or_stream_schema_3_does_not_name_is_refused_at_its_line() {
    let cases: [(&str, Edit); 3] = [
        ("Windows", |v| v["host"]["os"] = "Windows".into()),
        ("plan9", |v| v["host"]["os"] = "plan9".into()),
        ("syslog", |v| {
            v["steps"][0]["cut"] = serde_json::json!([{"stream": "syslog", "kept": 1, "cut": 1}]);
        }),
    ];
    for (found, edit) in cases {
        let bytes = json_with(edit);
        let e = refusal(&bytes);
        assert!(e.message.contains(&format!("unknown variant `{found}`")), "{e}");
        let line = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .nth(e.line - 1)
            .unwrap()
            .to_string();
        assert!(line.contains(found), "{found} at its line: {e}: {line}");
    }
}
