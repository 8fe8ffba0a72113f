//! The Windows version table (src/platform/windows.rs) against Microsoft's
//! compatibility rules, row by row, and docs/windows-versions.md against the table.

use proofbook::lesson::Isolation::{self, Hyperv, Process};
use proofbook::messages::Lang;
use proofbook::platform::windows::{self, HOST_BUILDS, IMAGE_TAGS};
use proofbook::platform::{expand_image, Os};

/// Every row, written out from Microsoft Learn's matrix (not derived from the
/// table): build → (tag `{host_tag}` gives with process isolation, the tags
/// process isolation may use, tag with Hyper-V isolation).
const EXPECTED: &[(u32, Option<&str>, &[&str], &str)] = &[
    (17763, Some("1809"), &["1809"], "1809"),
    (20348, Some("ltsc2022"), &["ltsc2022"], "ltsc2022"),
    (26100, Some("ltsc2025"), &["ltsc2025", "ltsc2022"], "ltsc2025"),
    (19041, None, &[], "1809"),
    (19042, None, &[], "1809"),
    (19043, None, &[], "1809"),
    (19044, None, &[], "1809"),
    (19045, None, &[], "1809"),
    (22000, Some("ltsc2022"), &["ltsc2022"], "ltsc2022"),
    (22621, Some("ltsc2022"), &["ltsc2022"], "ltsc2022"),
    (22631, Some("ltsc2022"), &["ltsc2022"], "ltsc2022"),
    (26200, Some("ltsc2025"), &["ltsc2025", "ltsc2022"], "ltsc2025"),
];

fn version(build: u32) -> String {
    // The form Docker on Windows reports as KernelVersion; the revision must not matter.
    format!("10.0 {build} ({build}.4321.amd64fre.release.240101-1200)")
}

#[test]
fn every_row_gives_the_documented_tags() {
    for &(build, process_tag, process_ok, hyperv_tag) in EXPECTED {
        let v = version(build);
        assert_eq!(
            windows::host_tag(&v, Process).ok(),
            process_tag,
            "build {build}, process"
        );
        assert_eq!(
            windows::host_tag(&v, Hyperv).ok(),
            Some(hyperv_tag),
            "build {build}, hyperv"
        );
        for t in IMAGE_TAGS {
            let want = process_ok.contains(&t.tag);
            assert_eq!(
                windows::compatible(&v, t.tag, Process),
                Some(want),
                "build {build}, tag {} with process isolation",
                t.tag
            );
            // Hyper-V: the same or an older image build only.
            assert_eq!(
                windows::compatible(&v, t.tag, Hyperv),
                Some(t.build <= build),
                "build {build}, tag {} with Hyper-V isolation",
                t.tag
            );
        }
    }
    // And the table has no row this test does not pin.
    for row in HOST_BUILDS {
        assert!(
            EXPECTED.iter().any(|e| e.0 == row.build),
            "row {} ({}) has no expectation",
            row.name,
            row.build
        );
    }
}

#[test]
fn documented_exceptions_hold() {
    let ws2025 = version(26100);
    let win11_23h2 = version(22631);
    let win10 = version(19045);
    // Server 2025 runs Server 2022 images process-isolated.
    assert_eq!(windows::compatible(&ws2025, "ltsc2022", Process), Some(true));
    // Windows 11 runs ltsc2022 process-isolated; ltsc2025 only from 24H2.
    assert_eq!(windows::compatible(&win11_23h2, "ltsc2022", Process), Some(true));
    assert_eq!(windows::compatible(&win11_23h2, "ltsc2025", Process), Some(false));
    assert_eq!(windows::compatible(&version(26200), "ltsc2025", Process), Some(true));
    // Windows 10 no longer process-isolates Server 2019 images.
    assert_eq!(windows::compatible(&win10, "1809", Process), Some(false));
    assert_eq!(windows::compatible(&win10, "ltsc2019", Hyperv), Some(true));
    // Hyper-V does not run newer images.
    assert_eq!(windows::compatible(&version(17763), "ltsc2022", Hyperv), Some(false));
    assert_eq!(windows::compatible(&version(20348), "ltsc2025", Hyperv), Some(false));
    // Server 2022 does not process-isolate 2019 images.
    assert_eq!(windows::compatible(&version(20348), "1809", Process), Some(false));
}

#[test]
fn revisions_do_not_matter_builds_do() {
    for v in [
        "10.0.20348.2340",
        "20348",
        "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
    ] {
        assert_eq!(windows::host_tag(v, Process).unwrap(), "ltsc2022", "{v}");
    }
    assert!(windows::host_tag("10.0.20349.1", Process).is_err());
}

#[test]
fn rows_of_one_build_agree_and_lists_follow_the_rules() {
    for a in HOST_BUILDS {
        for b in HOST_BUILDS.iter().filter(|b| b.build == a.build) {
            assert_eq!((a.process, a.hyperv), (b.process, b.hyperv), "{} vs {}", a.name, b.name);
        }
        let older: Vec<&str> = IMAGE_TAGS
            .iter()
            .rev()
            .filter(|t| t.build <= a.build)
            .map(|t| t.tag)
            .collect();
        assert_eq!(
            a.hyperv,
            older.as_slice(),
            "{}: Hyper-V runs same or older builds",
            a.name
        );
        for t in a.process {
            assert!(a.hyperv.contains(t), "{}: {t} process-isolated but not Hyper-V", a.name);
        }
    }
}

#[test]
fn unknown_builds_are_not_guessed_for_process_isolation() {
    let newer = "10.0.30000.1";
    assert!(windows::host_tag(newer, Process).is_err());
    assert_eq!(windows::compatible(newer, "ltsc2025", Process), None);
    assert_eq!(windows::host_tag(newer, Hyperv).unwrap(), "ltsc2025");
    let older = "10.0.14393.1";
    let why = windows::host_tag(older, Hyperv).unwrap_err().to_string();
    assert!(why.contains("older than every known base image"), "{why}");
    let win10 = windows::host_tag(&version(19045), Process).unwrap_err().to_string();
    assert!(
        win10.contains("Windows 10") && win10.contains("Hyper-V isolation (`hyperv`)"),
        "{win10}"
    );
}

#[test]
fn expand_image_uses_the_table() {
    let n = "mcr.microsoft.com/windows/nanoserver:{host_tag}";
    let exp = |img: &str, build: u32, iso: Isolation| expand_image(Os::Windows, img, &build.to_string(), iso);
    assert_eq!(
        exp(n, 22621, Process).unwrap(),
        "mcr.microsoft.com/windows/nanoserver:ltsc2022"
    );
    assert_eq!(
        exp(n, 19045, Hyperv).unwrap(),
        "mcr.microsoft.com/windows/nanoserver:1809"
    );
    assert!(exp(n, 19045, Process).is_err());
    assert!(exp("mcr.microsoft.com/windows/nanoserver:1809", 26100, Hyperv).is_ok());
    let why = exp("mcr.microsoft.com/windows/nanoserver:1809", 20348, Process)
        .unwrap_err()
        .to_string();
    assert!(why.contains("`ltsc2022`"), "{why}");
    assert!(exp("mcr.microsoft.com/windows/nanoserver:ltsc2025", 20348, Hyperv).is_err());
    assert_eq!(
        expand_image(Os::Linux, "busybox:{host_tag}", "", Process).unwrap(),
        "busybox:latest"
    );
}

#[test]
fn docs_page_matches_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/windows-versions.md");
    let want = windows::versions_markdown();
    if std::env::var_os("PROOFBOOK_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/windows-versions.md disagrees with HOST_BUILDS; regenerate it with PROOFBOOK_BLESS=1 cargo test --test suite windows_versions::"
    );
    assert!(have.contains(windows::VERSIONS_SOURCE));
}

/// The versions lesson shows a short table of its own: each of its rows must
/// say what the code table says for that build's process isolation.
#[test]
fn the_versions_lesson_table_agrees_with_the_code() {
    for lang in ["en", "ko"] {
        let path = format!("{}/lessons/versions.{lang}.md", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| Windows")).collect();
        assert!(rows.len() >= 3, "{path}: the table is gone");
        for row in rows {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let (build, tag) = (cells[2], cells[3].trim_matches('`'));
            assert_eq!(windows::host_tag(build, Process).ok(), Some(tag), "{path}: {row}");
        }
    }
}

/// The reasons a Windows step is not run for want of a tag come out in the
/// page's language, with the tags as code.
#[test]
fn tag_reasons_exist_in_both_languages() {
    let why = proofbook::messages::Text::from(windows::host_tag(&version(19045), Process).unwrap_err());
    let ko = why.plain(Lang::Ko);
    assert!(
        ko.contains("Windows 10 버전 22H2는") && ko.contains("`1809` = 17763") && ko.contains("Hyper-V 격리(`hyperv`)"),
        "{ko}"
    );
    assert_ne!(ko, why.plain(Lang::En));
    let newer = expand_image(Os::Windows, "x/nanoserver:ltsc2025", "20348", Hyperv).unwrap_err();
    let html = proofbook::messages::Text::from(newer).html(Lang::Ko);
    assert!(
        html.contains("<code>ltsc2025</code>") && html.contains("시작되지 않습니다"),
        "{html}"
    );
}
