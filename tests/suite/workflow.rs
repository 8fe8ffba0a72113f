//! The Windows refresh workflow keeps its contract: both hosted Windows
//! runners record, doctor's exit 1 (something missing, e.g. Hyper-V) does not
//! fail a host, one book is rendered from every host's records and diffed
//! against records/windows/; and the file passes actionlint when it is here.

use std::path::PathBuf;
use std::process::Command;

fn workflow() -> (String, serde_yaml::Value) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/windows-refresh.yml");
    let text = std::fs::read_to_string(&path).expect("the workflow exists");
    let yaml = serde_yaml::from_str(&text).expect("the workflow is YAML");
    (text, yaml)
}

fn step_runs(job: &serde_yaml::Value) -> Vec<String> {
    job["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_hosted_windows_runner_records_and_tolerates_a_missing_feature() {
    let (_, wf) = workflow();
    let record = &wf["jobs"]["record"];
    let runners: Vec<&str> = record["strategy"]["matrix"]["runner"]
        .as_sequence()
        .expect("a runner matrix")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(runners, ["windows-2022", "windows-2025"]);
    assert_eq!(record["runs-on"].as_str(), Some("${{ matrix.runner }}"));
    let runs = step_runs(record);
    let doctor = runs
        .iter()
        .find(|r| r.contains("proofbook.exe doctor"))
        .expect("a doctor step");
    assert!(
        doctor.contains("set +e") && doctor.contains("1) echo \"::warning"),
        "{doctor}"
    );
    let build = runs
        .iter()
        .find(|r| r.contains("proofbook.exe build"))
        .expect("a build step");
    assert!(build.contains("--records records-out"), "{build}");
    let uploads = record["steps"].as_sequence().unwrap().iter().filter(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/upload-artifact"))
            && s["with"]["name"].as_str() == Some("records-${{ matrix.runner }}")
    });
    assert_eq!(uploads.count(), 1, "the records are uploaded as an artifact");
}

#[test]
fn one_book_from_all_hosts_and_a_diff_against_committed_records() {
    let (_, wf) = workflow();
    let book = &wf["jobs"]["book"];
    assert_eq!(book["needs"].as_str(), Some("record"));
    assert_eq!(book["runs-on"].as_str(), Some("ubuntu-latest"));
    let runs = step_runs(book).join("\n");
    assert!(runs.contains("proofbook render --records hosts"), "{runs}");
    assert!(runs.contains("proofbook diff \"$committed\" \"$host\""), "{runs}");
    assert!(runs.contains("committed=\"records/windows/$name\""), "{runs}");
    assert!(
        runs.contains("::notice title=no committed records"),
        "no committed folder is not a failure: {runs}"
    );
    assert!(PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("records/windows/README.md")
        .is_file());
}

#[test]
fn actionlint_passes_when_installed() {
    let Ok(out) = Command::new("actionlint")
        .args([".github/workflows/windows-refresh.yml", ".github/workflows/release.yml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    else {
        eprintln!("actionlint is not on PATH here; .ci/run installs and runs it");
        return;
    };
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The release workflow (a version tag): every target a learner downloads,
/// each archive with its SHA-256 file, checked again and published to the release.
#[test]
fn a_version_tag_publishes_every_archive_with_its_checksum() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    let wf: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).expect("release.yml")).unwrap();
    let tags = &wf["on"]["push"]["tags"][0];
    assert!(tags.as_str().is_some_and(|t| t.starts_with("v")), "{tags:?}");
    let build = &wf["jobs"]["build"];
    let targets: Vec<(&str, &str)> = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a target matrix")
        .iter()
        .map(|t| (t["target"].as_str().unwrap(), t["archive"].as_str().unwrap()))
        .collect();
    for want in [
        ("x86_64-pc-windows-msvc", "zip"),
        ("x86_64-unknown-linux-musl", "tar.gz"),
        ("aarch64-unknown-linux-musl", "tar.gz"),
        ("x86_64-apple-darwin", "tar.gz"),
        ("aarch64-apple-darwin", "tar.gz"),
    ] {
        assert!(targets.contains(&want), "{want:?} in {targets:?}");
    }
    let runs = step_runs(build).join("\n");
    assert!(runs.contains("--locked --target \"$TARGET\""), "{runs}");
    assert!(runs.contains("sha256sum \"$file\" > \"$file.sha256\""), "{runs}");
    let publish = &wf["jobs"]["publish"];
    assert_eq!(publish["permissions"]["contents"].as_str(), Some("write"));
    let runs = step_runs(publish).join("\n");
    assert!(
        runs.contains("sha256sum -c"),
        "checksums checked before publishing: {runs}"
    );
    assert!(runs.contains("gh release upload \"$TAG\""), "{runs}");
}
