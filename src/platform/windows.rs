//! Windows hosts: isolation is an engine setting (`process` | `hyperv`), a
//! Hyper-V container shows on the host as one `vmwp` worker, and the image
//! tag must match the host build for process isolation. Also reads the
//! text Windows tools print, so recorded transcripts become evidence.
//! Pure functions only: this compiles and is tested on any host.

use super::{Isolation, IsolationBinding};
use crate::messages::{Msg, Text};
use crate::process::ProcInfo;

/// The host process of a Hyper-V container's utility VM: one per container,
/// named after the VM rather than the container.
pub const VM_WORKER: &str = "vmwp";

/// Where the version rules below come from. Microsoft Learn, "Windows container
/// version compatibility" (2025 revision):
/// - Hyper-V isolation runs base images of the host's build or an OLDER one;
///   a newer image does not start, whatever the isolation.
/// - Process isolation needs the host's own build, with the documented
///   exceptions: a Windows Server 2025 host runs Server 2022 (`ltsc2022`)
///   images process-isolated; Windows 11 runs `ltsc2022` images
///   process-isolated, and `ltsc2025` from 24H2 (26100) on; Windows 10 (19041
///   and later) can no longer process-isolate any current base image, Server
///   2019 images included.
/// - From 1809 (17763) on, host and image revisions need not match: only the
///   build counts, so `10.0.20348.2340` and `10.0.20348.1` are one row.
///
/// Microsoft Learn, "Isolation modes": Windows Server defaults to process
/// isolation, Windows 10/11 Pro and Enterprise to Hyper-V isolation; a client
/// accepts `--isolation=process` for development and testing.
pub const VERSIONS_SOURCE: &str =
    "https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility";

/// A Windows base image tag (nanoserver and servercore both publish these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageTag {
    /// The tag (`1809`, `ltsc2022`).
    pub tag: &'static str,
    /// Other spellings of the same image build (servercore's `ltsc2019`).
    pub(crate) aliases: &'static [&'static str],
    /// The Windows build the image is (17763 for `1809`).
    pub build: u32,
    pub(crate) release: &'static str,
}

/// Oldest first. `1809` rather than `ltsc2019`: nanoserver has only `1809`.
pub const IMAGE_TAGS: &[ImageTag] = &[
    ImageTag {
        tag: "1809",
        aliases: &["ltsc2019"],
        build: 17763,
        release: "Windows Server 2019",
    },
    ImageTag {
        tag: "ltsc2022",
        aliases: &[],
        build: 20348,
        release: "Windows Server 2022",
    },
    ImageTag {
        tag: "ltsc2025",
        aliases: &[],
        build: 26100,
        release: "Windows Server 2025",
    },
];

/// One Windows host release and the base image tags it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostBuild {
    /// The host's build number (20348 for Windows Server 2022).
    pub build: u32,
    /// The release's name (`Windows Server 2022`, `Windows 11, version 24H2`).
    pub name: &'static str,
    /// Windows 10/11: Hyper-V isolation by default, process isolation for development.
    pub(crate) client: bool,
    /// Tags a process-isolated container may use, the preferred one first.
    pub process: &'static [&'static str],
    /// Tags a Hyper-V isolated container may use, newest first.
    pub hyperv: &'static [&'static str],
}

const fn host(
    build: u32,
    name: &'static str,
    client: bool,
    process: &'static [&'static str],
    hyperv: &'static [&'static str],
) -> HostBuild {
    HostBuild {
        build,
        name,
        client,
        process,
        hyperv,
    }
}

const UP_TO_2019: &[&str] = &["1809"];
const UP_TO_2022: &[&str] = &["ltsc2022", "1809"];
const UP_TO_2025: &[&str] = &["ltsc2025", "ltsc2022", "1809"];
const WIN10: &str = "Windows 10";

/// THE table: every host build proofbook knows → the tags it can run, per
/// isolation mode (see `VERSIONS_SOURCE`). A build shared by a server and a
/// client release (17763, 26100) has one row each; they must agree, since
/// the engine reports only the build (tested).
pub const HOST_BUILDS: &[HostBuild] = &[
    host(17763, "Windows Server 2019", false, &["1809"], UP_TO_2019),
    host(20348, "Windows Server 2022", false, &["ltsc2022"], UP_TO_2022),
    host(
        26100,
        "Windows Server 2025",
        false,
        &["ltsc2025", "ltsc2022"],
        UP_TO_2025,
    ),
    // Windows 10 1809 accepted process isolation with a matching tag ("Isolation modes").
    host(17763, "Windows 10, version 1809", true, &["1809"], UP_TO_2019),
    host(19041, "Windows 10, version 2004", true, &[], UP_TO_2019),
    host(19042, "Windows 10, version 20H2", true, &[], UP_TO_2019),
    host(19043, "Windows 10, version 21H1", true, &[], UP_TO_2019),
    host(19044, "Windows 10, version 21H2", true, &[], UP_TO_2019),
    host(19045, "Windows 10, version 22H2", true, &[], UP_TO_2019),
    host(22000, "Windows 11, version 21H2", true, &["ltsc2022"], UP_TO_2022),
    host(22621, "Windows 11, version 22H2", true, &["ltsc2022"], UP_TO_2022),
    host(22631, "Windows 11, version 23H2", true, &["ltsc2022"], UP_TO_2022),
    host(
        26100,
        "Windows 11, version 24H2",
        true,
        &["ltsc2025", "ltsc2022"],
        UP_TO_2025,
    ),
    host(
        26200,
        "Windows 11, version 25H2",
        true,
        &["ltsc2025", "ltsc2022"],
        UP_TO_2025,
    ),
];

/// Programs a Windows base image is known not to ship, by repository name.
/// Nano Server has no `tasklist`/`taskkill` (microsoft/Windows-Containers#254),
/// no PowerShell (microsoft/Windows-Containers#252, moby/moby#24949; PowerShell
/// comes only in the separate `mcr.microsoft.com/powershell:nanoserver-*`
/// images) and no `nltest` (MicrosoftDocs/Virtualization-Documentation#769).
/// Server Core has all of these. `proofbook check` refuses an `exec` of one of
/// them in a container of that image: the step could only fail.
pub(crate) const MISSING_PROGRAMS: &[(&str, &[&str])] = &[(
    "nanoserver",
    &["tasklist", "taskkill", "powershell", "pwsh", "powershell_ise", "nltest"],
)];

/// The program `command` starts, looking through `cmd /c …` to the command it
/// runs: lower case, without directory or `.exe`.
fn program_of(command: &[String]) -> Option<String> {
    let bare = |word: &str| {
        let last = word.rsplit(['\\', '/']).next().unwrap_or(word).to_ascii_lowercase();
        last.strip_suffix(".exe").map(str::to_string).unwrap_or(last)
    };
    let first = bare(command.first()?);
    if first == "cmd" {
        let at = command
            .iter()
            .position(|a| a.eq_ignore_ascii_case("/c") || a.eq_ignore_ascii_case("/k"))?;
        let rest = command.get(at + 1)?;
        return rest.split_whitespace().next().map(bare);
    }
    Some(first)
}

/// When `image` is a base image known to lack the program `command` runs:
/// (program, image repository) for the refusal message.
pub(crate) fn missing_program(image: &str, command: &[String]) -> Option<(String, &'static str)> {
    let repo = image.split(['@', ':']).next().unwrap_or(image);
    let name = repo.rsplit('/').next().unwrap_or(repo).to_ascii_lowercase();
    let (base, missing) = MISSING_PROGRAMS.iter().find(|(b, _)| *b == name)?;
    let program = program_of(command)?;
    missing.contains(&program.as_str()).then_some((program, *base))
}

pub(crate) fn bindings() -> Vec<IsolationBinding> {
    [Isolation::Process, Isolation::Hyperv]
        .into_iter()
        .map(|iso| IsolationBinding {
            isolation: iso,
            runtime: Some(iso.as_str().to_string()),
            worker: (iso == Isolation::Hyperv).then(|| VM_WORKER.to_string()),
            missing: None,
        })
        .collect()
}

/// The build number from a version like `10.0.20348.2340`, `20348` or `10.0 20348 (20348.1.amd64fre…)`.
pub(crate) fn build_number(version: &str) -> Option<&str> {
    version
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 5)
}

/// The table's row for a host version string (first row of that build).
pub(crate) fn host_build(version: &str) -> Option<&'static HostBuild> {
    let build: u32 = build_number(version)?.parse().ok()?;
    HOST_BUILDS.iter().find(|h| h.build == build)
}

pub(crate) fn image_tag(tag: &str) -> Option<&'static ImageTag> {
    IMAGE_TAGS
        .iter()
        .find(|t| t.tag.eq_ignore_ascii_case(tag) || t.aliases.iter().any(|a| a.eq_ignore_ascii_case(tag)))
}

pub(crate) fn build_for_tag(tag: &str) -> Option<u32> {
    image_tag(tag).map(|t| t.build)
}

/// The tags a host of build `version` runs with `iso`. A build the table does
/// not know: Hyper-V isolation still follows the documented rule (same or
/// older image build); process isolation is not guessed.
pub(crate) fn usable_tags(version: &str, iso: Isolation) -> Vec<&'static str> {
    if let Some(row) = host_build(version) {
        return match iso {
            Isolation::Process => row.process.to_vec(),
            Isolation::Hyperv => row.hyperv.to_vec(),
        };
    }
    let build: Option<u32> = build_number(version).and_then(|b| b.parse().ok());
    match (iso, build) {
        (Isolation::Hyperv, Some(b)) => IMAGE_TAGS
            .iter()
            .rev()
            .filter(|t| t.build <= b)
            .map(|t| t.tag)
            .collect(),
        _ => Vec::new(),
    }
}

/// What `{host_tag}` becomes for a step of isolation `iso` on host `version`:
/// the preferred tag of the table's row, or why there is none.
pub fn host_tag(version: &str, iso: Isolation) -> Result<&'static str, Msg> {
    usable_tags(version, iso)
        .first()
        .copied()
        .ok_or_else(|| no_tag_explanation(version, iso))
}

fn no_tag_explanation(version: &str, iso: Isolation) -> Msg {
    let known: Vec<String> = IMAGE_TAGS
        .iter()
        .map(|t| format!("`{}` = {} ({})", t.tag, t.build, t.release))
        .collect();
    let why = match (host_build(version), iso) {
        (Some(row), Isolation::Process) if row.client && row.name.starts_with(WIN10) => {
            Msg::NoTagClientProcess { host: row.name.into() }
        }
        (Some(row), _) => Msg::NoTagForIsolation {
            host: row.name.into(),
            isolation: iso.as_str().into(),
        },
        (None, Isolation::Process) => Msg::NoTagUnknownBuild { build: version.into() },
        (None, Isolation::Hyperv) => Msg::NoTagOlderBuild { build: version.into() },
    };
    Msg::NoImageTag {
        why: Box::new(why.into()),
        known: known.join(", "),
    }
}

/// Whether a container of image tag `tag` can start with `iso` on host
/// `version`; None when the tag or (for process isolation) the host build is
/// not in the table.
pub fn compatible(version: &str, tag: &str, iso: Isolation) -> Option<bool> {
    let image = image_tag(tag)?;
    let host: u32 = build_number(version)?.parse().ok()?;
    if host_build(version).is_none() && iso == Isolation::Process {
        return None;
    }
    // A newer image never starts, whatever the isolation.
    if image.build > host {
        return Some(false);
    }
    Some(usable_tags(version, iso).contains(&image.tag))
}

/// Why `tag` does not start with `iso` on host `version`, and what would.
pub(crate) fn incompatible_explanation(version: &str, tag: &str, iso: Isolation) -> Msg {
    let image = image_tag(tag).map(|t| t.build).unwrap_or_default();
    let host_build_no: u32 = build_number(version).and_then(|b| b.parse().ok()).unwrap_or(0);
    let usable = usable_tags(version, iso);
    Msg::ImageTagCannotStart(Box::new(crate::messages::ImageMismatch {
        tag: tag.into(),
        image_build: image.to_string(),
        isolation: iso.as_str().into(),
        host: host_build(version).map(|h| h.name).unwrap_or("this host").into(),
        build: version.into(),
        newer: image > host_build_no,
        usable: if usable.is_empty() {
            "none".into()
        } else {
            usable.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        },
    }))
}

/// docs/windows-versions.md, generated from the table (a test keeps the file equal to this).
pub fn versions_markdown() -> String {
    let mut out = String::from(
        "# Windows host builds and base image tags\n\n\
         Generated from `HOST_BUILDS` in `src/platform/windows.rs`; `cargo test` fails when this file\n\
         and the table disagree. Source: Microsoft Learn, \"Windows container version compatibility\"\n\
         (2025 revision), ",
    );
    out.push_str(VERSIONS_SOURCE);
    out.push_str(
        ", and \"Isolation modes\" for the client hosts' defaults.\n\n\
         `{host_tag}` in a lesson becomes the first tag of the column for the step's isolation.\n\
         Hyper-V isolation runs images of the host's build or an older one; process isolation needs\n\
         the host's build except where Microsoft documents otherwise. From 1809 (build 17763) on,\n\
         revisions need not match.\n\n\
         | Host | Build | Default isolation | Process isolation | Hyper-V isolation |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for h in HOST_BUILDS {
        let tags = |list: &[&str]| {
            if list.is_empty() {
                "none".to_string()
            } else {
                list.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            }
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            h.name,
            h.build,
            if h.client { "hyperv" } else { "process" },
            tags(h.process),
            tags(h.hyperv)
        ));
    }
    out.push_str("\n| Image tag | Build | Release |\n| --- | --- | --- |\n");
    for t in IMAGE_TAGS {
        let mut names = vec![format!("`{}`", t.tag)];
        names.extend(t.aliases.iter().map(|a| format!("`{a}`")));
        out.push_str(&format!("| {} | {} | {} |\n", names.join(", "), t.build, t.release));
    }
    out
}

pub(crate) fn get_process_cli(names: &[String], pids: &[u32]) -> String {
    let mut parts = Vec::new();
    if !names.is_empty() {
        parts.push(format!("Get-Process -Name {}", names.join(",")));
    }
    if !pids.is_empty() {
        let list: Vec<String> = pids.iter().map(u32::to_string).collect();
        parts.push(format!("Get-Process -Id {}", list.join(",")));
    }
    if parts.is_empty() {
        "Get-Process".to_string()
    } else {
        parts.join("; ")
    }
}

/// `docker top` output of a Windows container (`Name PID CPU Private Working Set`),
/// or the short `PID name` form the documentation abbreviates it to.
pub fn parse_docker_top(text: &str) -> Vec<ProcInfo> {
    let mut out = Vec::new();
    // Some other table (`docker images`, `docker ps`…) is not a top: its
    // header is neither `Name …` nor a `PID name` row.
    let first = text
        .lines()
        .map(str::split_whitespace)
        .find_map(|mut t| t.next().map(|w| (w, t.next())));
    if let Some((word, second)) = first {
        let is_row = word.parse::<u32>().is_ok() || second.is_some_and(|w| w.parse::<u32>().is_ok());
        if !is_row && !word.eq_ignore_ascii_case("name") {
            return out;
        }
    }
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        match tokens.as_slice() {
            [] => {}
            [first, ..] if first.eq_ignore_ascii_case("name") => {}
            [pid, name, ..] if pid.parse::<u32>().is_ok() => out.push(proc(pid, name)),
            [name, pid, ..] if pid.parse::<u32>().is_ok() => out.push(proc(pid, name)),
            _ => {}
        }
    }
    out
}

/// The same `docker top` text as the engine's titles and rows, for showing it:
/// titles are split on runs of two or more spaces (`Private Working Set` is one
/// title), rows on whitespace with any surplus joined into the last column.
/// The short `PID name` form has no header; it gets `PID`, `Name`.
pub fn docker_top_table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut titles: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if titles.is_empty()
            && line
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("name"))
        {
            titles = line
                .split("  ")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if !tokens.iter().any(|t| t.parse::<u32>().is_ok()) {
            continue;
        }
        let width = if titles.is_empty() { 2 } else { titles.len() };
        let mut row: Vec<String> = tokens
            .iter()
            .take(width.saturating_sub(1))
            .map(|t| t.to_string())
            .collect();
        if tokens.len() >= width {
            row.push(tokens[width - 1..].join(" "));
        }
        rows.push(row);
    }
    if titles.is_empty() && !rows.is_empty() {
        titles = vec!["PID".to_string(), "Name".to_string()];
    }
    (titles, rows)
}

/// `Get-Process` table output. Columns vary by PowerShell version (VM(M) comes
/// and goes), but the last three are always `Id SI ProcessName`. The
/// "Cannot find a process" error means an empty table.
pub fn parse_get_process(text: &str) -> Vec<ProcInfo> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut tokens: Vec<&str> = line.split_whitespace().collect();
        // A transcript copied through Markdown can lose the line break after
        // the header (`… Id  SI ProcessName 75  5  820 …`): keep what follows it.
        if tokens.first() == Some(&"Handles") {
            let Some(i) = tokens.iter().position(|t| *t == "ProcessName") else {
                continue;
            };
            tokens.drain(..=i);
        }
        if tokens.len() < 4 || tokens[0].starts_with('-') {
            continue;
        }
        let n = tokens.len();
        let (pid, si, name) = (tokens[n - 3], tokens[n - 2], tokens[n - 1]);
        if pid.parse::<u32>().is_ok() && si.parse::<u32>().is_ok() {
            out.push(proc(pid, name));
        }
    }
    out
}

fn proc(pid: &str, name: &str) -> ProcInfo {
    ProcInfo {
        pid: pid.parse().unwrap_or(0),
        name: name.to_string(),
        cmd: String::new(),
        user: String::new(),
    }
}

/// Whether an engine error starting a Hyper-V isolated container says the
/// machine cannot run utility VMs at all (the feature is off, or no hypervisor
/// runs), as opposed to a problem of that one container.
pub(crate) fn hyperv_missing(engine_error: &str) -> bool {
    let e = engine_error.to_ascii_lowercase();
    [
        "a required feature is not installed",
        "hypervisor is not running",
        "hyper-v is not installed",
        "hyper-v feature",
    ]
    .iter()
    .any(|m| e.contains(m))
}

/// The NOT RUN reason of the Hyper-V isolated steps when the machine lacks Hyper-V.
pub(crate) fn hyperv_missing_reason(engine_error: &str) -> Msg {
    Msg::HypervUnavailable {
        error: engine_error.to_string(),
        fix: Msg::HypervFix.boxed(),
    }
}

#[cfg(test)]
mod hyperv_tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn a_missing_feature_is_told_from_a_container_problem() {
        assert!(hyperv_missing(
            "hcs::CreateComputeSystem 3f2a: The virtual machine could not be started because a required feature is not installed."
        ));
        assert!(hyperv_missing(
            "The virtual machine could not be started because the hypervisor is not running."
        ));
        assert!(!hyperv_missing(
            "hcs::CreateComputeSystem 3f2a: The container operating system does not match the host operating system."
        ));
        let why = Text::from(hyperv_missing_reason("x"));
        assert!(why.contains("Install-WindowsFeature"), "{why}");
        assert!(
            why.plain(Lang::Ko).contains("Hyper-V 기능을 켜고"),
            "{}",
            why.plain(Lang::Ko)
        );
    }
}

/// A registry root as written in a key path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RegistryRoot {
    LocalMachine,
    CurrentUser,
    Users,
    ClassesRoot,
}

/// A registry key a lesson cannot read; `check` refuses it with `file:line`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum RegistryKeyError {
    #[error("registry key `{0}` must start with HKLM, HKCU, HKU or HKCR (or their HKEY_… names) and a backslash")]
    UnknownRoot(String),
    #[error("registry key `{0}` names a whole hive; name a key under it")]
    WholeHive(String),
}

/// Lessons are checked before they run, so a step only meets this on a lesson `check` never saw.
impl From<RegistryKeyError> for Text {
    fn from(e: RegistryKeyError) -> Text {
        Text::Plain(e.to_string())
    }
}

/// `HKLM\SOFTWARE\x` → (LocalMachine, `SOFTWARE\x`); the long names work too.
pub(crate) fn split_registry_key(key: &str) -> Result<(RegistryRoot, &str), RegistryKeyError> {
    let (root, rest) = key.split_once('\\').unwrap_or((key, ""));
    let root = match root.to_ascii_uppercase().as_str() {
        "HKLM" | "HKEY_LOCAL_MACHINE" => RegistryRoot::LocalMachine,
        "HKCU" | "HKEY_CURRENT_USER" => RegistryRoot::CurrentUser,
        "HKU" | "HKEY_USERS" => RegistryRoot::Users,
        "HKCR" | "HKEY_CLASSES_ROOT" => RegistryRoot::ClassesRoot,
        _ => return Err(RegistryKeyError::UnknownRoot(key.to_string())),
    };
    if rest.is_empty() {
        return Err(RegistryKeyError::WholeHive(key.to_string()));
    }
    Ok((root, rest))
}

/// Whether this host's registry has `key` (and the value `value` under it).
/// Only "not found" counts as absent; any other error is an error.
#[cfg(windows)]
pub(crate) fn registry_has(key: &str, value: Option<&str>) -> Result<bool, Text> {
    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{
        RegCloseKey, RegGetValueW, RegOpenKeyExW, HKEY, HKEY_CLASSES_ROOT, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE,
        HKEY_USERS, KEY_READ, RRF_RT_ANY,
    };
    let (root, sub) = split_registry_key(key)?;
    let root: HKEY = match root {
        RegistryRoot::LocalMachine => HKEY_LOCAL_MACHINE,
        RegistryRoot::CurrentUser => HKEY_CURRENT_USER,
        RegistryRoot::Users => HKEY_USERS,
        RegistryRoot::ClassesRoot => HKEY_CLASSES_ROOT,
    };
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let sub = wide(sub);
    // SAFETY: every pointer is a NUL-terminated UTF-16 buffer that outlives the
    // call, or null where the API allows it (no type, no data wanted).
    let rc = unsafe {
        match value {
            Some(v) => {
                let v = wide(v);
                RegGetValueW(
                    root,
                    sub.as_ptr(),
                    v.as_ptr(),
                    RRF_RT_ANY,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                )
            }
            None => {
                let mut opened: HKEY = std::ptr::null_mut();
                let rc = RegOpenKeyExW(root, sub.as_ptr(), 0, KEY_READ, &mut opened);
                if rc == ERROR_SUCCESS {
                    RegCloseKey(opened);
                }
                rc
            }
        }
    };
    match rc {
        ERROR_SUCCESS => Ok(true),
        ERROR_FILE_NOT_FOUND | ERROR_PATH_NOT_FOUND => Ok(false),
        e => Err(Msg::RegistryReadFailed {
            key: key.to_string(),
            code: e.to_string(),
        }
        .into()),
    }
}

#[cfg(not(windows))]
pub(crate) fn registry_has(key: &str, _value: Option<&str>) -> Result<bool, Text> {
    split_registry_key(key)?;
    Err(Msg::NoRegistryHere.into())
}
