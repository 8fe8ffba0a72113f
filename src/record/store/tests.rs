use super::*;
use crate::record::write_record;

/// Records of two lessons in both languages, judged from the shipped
/// Windows transcripts: real records, no engine.
fn records() -> Vec<RunRecord> {
    let lessons = crate::lesson::load_embedded().expect("the built-in book loads");
    let mut out: Vec<RunRecord> = lessons.iter().take(2).map(crate::transcripts::record_for).collect();
    assert_eq!(out.len(), 2);
    out.sort_by_key(|r| r.file_name());
    out
}

fn labels(hosts: &[HostRecords]) -> Vec<(&str, usize)> {
    hosts.iter().map(|h| (h.label.as_str(), h.records.len())).collect()
}

#[test]
fn a_file_a_host_folder_and_a_folder_of_hosts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("records");
    let recs = records();
    for host in ["alpha", "beta"] {
        for r in &recs {
            write_record(&root.join(host), r).unwrap();
        }
    }
    // A subfolder at any depth belongs to its top host folder.
    write_record(&root.join("beta/old/deeper"), &{
        let mut r = recs[0].clone();
        r.lesson = "moved-away".into();
        r
    })
    .unwrap();

    let one = load(&root.join("alpha").join(recs[0].file_name())).unwrap();
    assert_eq!(labels(&one), [("alpha", 1)]);
    assert_eq!(labels(&load(&root.join("alpha")).unwrap()), [("alpha", 2)]);
    assert_eq!(labels(&load(&root).unwrap()), [("alpha", 2), ("beta", 3)]);

    // Records directly in a folder are its host; its subfolders are more hosts.
    write_record(&root, &recs[1]).unwrap();
    assert_eq!(
        labels(&load(&root).unwrap()),
        [("records", 1), ("alpha", 2), ("beta", 3)]
    );
}

#[test]
fn a_second_record_of_a_lesson_and_an_empty_folder_are_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let host = tmp.path().join("local");
    let r = &records()[0];
    write_record(&host, r).unwrap();
    std::fs::copy(host.join(r.file_name()), host.join("sub-copy.json")).unwrap();
    let Err(errors) = load(&host) else {
        panic!("two records of one lesson for one host must be refused")
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().contains("a second record of lesson"),
        "{}",
        errors[0]
    );

    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(empty.join("sub")).unwrap();
    let e = crate::error::Failure::from(load(&empty).expect_err("no records"));
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("no run records"), "{e}");
    let e = crate::error::Failure::from(load(&tmp.path().join("missing")).expect_err("no such folder"));
    assert!(e.to_string().contains("no such file or folder"), "{e}");
}

#[test]
fn labels_are_made_unique_and_must_be_plain_names() {
    let host = |label: &str| HostRecords {
        label: label.into(),
        records: vec![],
    };
    let mut hosts = vec![host("local"), host("local"), host("windows-server-2019-recorded")];
    settle_labels(&mut hosts).unwrap();
    assert_eq!(
        labels(&hosts),
        [("local", 0), ("local-2", 0), ("windows-server-2019-recorded", 0)]
    );
    for bad in ["..", "a/b", "my host", ""] {
        let e = crate::error::Failure::from(check_labels(&[host("local"), host(bad)]).expect_err(bad));
        assert_eq!(e.exit_code(), 2);
    }
    assert_eq!(sanitize("my host.v2"), "my-host-v2");
    assert_eq!(sanitize(".."), "host");
}

#[test]
fn load_all_reads_every_path_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let recs = records();
    for dir in ["a/local", "b/local"] {
        write_record(&tmp.path().join(dir), &recs[0]).unwrap();
    }
    let hosts = load_all(&[tmp.path().join("a/local"), tmp.path().join("b")]).unwrap();
    assert_eq!(labels(&hosts), [("local", 1), ("local-2", 1)]);
    assert_eq!(lessons_of(&hosts).len(), 1, "one lesson, whatever the hosts");
}
