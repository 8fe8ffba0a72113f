//! Everything that differs between a Windows and a Linux container host lives
//! here: how an isolation mode is asked of the engine, what a sandbox's worker
//! process is called, which commands a reader would type, and how recorded
//! Windows output reads.

pub(crate) mod files;
pub mod linux;
pub mod locale;
pub mod windows;

use serde::{Deserialize, Serialize};

/// Opens `url` in the reader's browser (`serve --open`): `xdg-open` on Linux,
/// `open` on macOS, `start` on Windows. Not waited for: the browser outlives it.
pub(crate) fn open_in_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// The OS of the containers the engine runs (and so of the lesson values used).
/// Stored in records as `linux` or `windows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    /// Linux containers: isolation by runtime (runc, gVisor's runsc). Also
    /// what an engine that names no OS is taken to run (`from_engine`).
    #[default]
    Linux,
    /// Windows containers: isolation by `--isolation` (process, hyperv).
    Windows,
}

impl Os {
    pub(crate) fn from_engine(os_type: &str) -> Os {
        if os_type.eq_ignore_ascii_case("windows") {
            Os::Windows
        } else {
            Os::Linux
        }
    }
    /// As records and lessons spell it: `linux`, `windows`.
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Windows => "windows",
        }
    }
}

/// How a container is isolated from its host, as lessons name it: sharing the
/// host's kernel, or behind a VM / sandboxed kernel (Hyper-V, gVisor).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Isolation {
    /// The container's processes run on the host's kernel, as host processes
    /// (runc; Windows process isolation).
    Process,
    /// The container runs behind a VM or a sandboxed kernel, and the host sees
    /// a worker process instead (Hyper-V's `vmwp`; gVisor's `runsc-sandbox`).
    Hyperv,
}

impl Isolation {
    /// As lessons and records spell it: `process`, `hyperv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Isolation::Process => "process",
            Isolation::Hyperv => "hyperv",
        }
    }
}

/// How one isolation mode maps on a host.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IsolationBinding {
    /// The mode a lesson asks for.
    pub isolation: Isolation,
    /// What the engine is asked for: a runtime name on Linux, an isolation mode on Windows.
    pub(crate) runtime: Option<String>,
    /// The host-side process a sandboxed container shows as (vmwp, runsc-sandbox…).
    pub worker: Option<String>,
    /// Why `runtime` is absent, in words the reader can act on (a message;
    /// plain English in records written before it was one).
    pub(crate) missing: Option<crate::messages::Text>,
}

/// Runtimes the reader forced on the command line, overriding detection.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ForcedRuntimes {
    /// The runtime for `isolation: process` containers (`--process-runtime`).
    pub process: Option<String>,
    /// The runtime for `isolation: hyperv` containers (`--sandbox-runtime`).
    pub hyperv: Option<String>,
}

/// What the engine must be told for a container of a given isolation.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ContainerIsolation {
    /// Linux: HostConfig.Runtime.
    pub(crate) runtime: Option<String>,
    /// Windows: HostConfig.Isolation.
    pub isolation: Option<String>,
}

pub(crate) fn bind_isolation(
    os: Os,
    runtimes: &[String],
    default_runtime: &str,
    forced: &ForcedRuntimes,
) -> Vec<IsolationBinding> {
    match os {
        Os::Windows => windows::bindings(),
        Os::Linux => linux::bindings(runtimes, default_runtime, forced),
    }
}

pub(crate) fn container_isolation(os: Os, binding: &IsolationBinding) -> ContainerIsolation {
    match os {
        Os::Windows => ContainerIsolation {
            runtime: None,
            isolation: binding.runtime.clone(),
        },
        Os::Linux => ContainerIsolation {
            runtime: binding.runtime.clone(),
            isolation: None,
        },
    }
}

pub(crate) fn binding_for(bindings: &[IsolationBinding], iso: Isolation) -> Option<&IsolationBinding> {
    bindings.iter().find(|b| b.isolation == iso)
}

/// The command a reader would type on this host to see the same host processes.
pub(crate) fn host_process_cli(os: Os, names: &[String], pids: &[u32]) -> String {
    match os {
        Os::Windows => windows::get_process_cli(names, pids),
        Os::Linux => linux::ps_cli(names, pids),
    }
}

/// Fills `{host_tag}` in an image reference with the tag the host runs with
/// this isolation (Windows: from `windows::HOST_BUILDS`), and refuses a
/// Windows image whose tag the table says this host cannot start.
pub fn expand_image(os: Os, image: &str, os_build: &str, iso: Isolation) -> Result<String, crate::messages::Msg> {
    match os {
        Os::Windows => {
            let image = if image.contains("{host_tag}") {
                image.replace("{host_tag}", windows::host_tag(os_build, iso)?)
            } else {
                image.to_string()
            };
            let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
            if windows::compatible(os_build, tag, iso) == Some(false) {
                return Err(windows::incompatible_explanation(os_build, tag, iso));
            }
            Ok(image)
        }
        Os::Linux => Ok(image.replace("{host_tag}", "latest")),
    }
}

/// What runtimes write into an exec's output when the program could not be
/// started at all (the daemon writes its error into the stream and sets exit
/// code 126 or 127): Windows' HCS, runc and other OCI runtimes.
const EXEC_START_ERRORS: &[&str] = &[
    "The system cannot find the file specified",
    "OCI runtime exec failed",
    "executable file not found",
    "encountered an error during hcs",
];

/// When the engine reports that an exec's program could not be started, the
/// step's error naming the program; None when the output is the program's own.
/// A shell's own `not found` (exit 127 from `sh -c`) is output, not this.
pub(crate) fn exec_start_failure(
    cmd: &[String],
    stdout: &str,
    stderr: &str,
    code: Option<i64>,
) -> Option<crate::messages::Msg> {
    if !matches!(code, Some(126 | 127)) {
        return None;
    }
    let text = format!("{stdout}\n{stderr}");
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| EXEC_START_ERRORS.iter().any(|e| l.contains(e)))?;
    Some(crate::messages::Msg::ExecStartFailed {
        program: cmd.first().cloned().unwrap_or_default(),
        code: code.unwrap_or_default().to_string(),
        said: line.to_string(),
    })
}

#[cfg(test)]
mod exec_start_tests {
    use super::exec_start_failure;

    fn cmd(p: &str) -> Vec<String> {
        vec![p.to_string()]
    }

    #[test]
    fn a_missing_windows_program_is_an_error_naming_it() {
        let out = "container 3f2a encountered an error during hcs::System::CreateProcess: tasklist: failure in a Windows system call: The system cannot find the file specified. (0x2)\r\n";
        let e = exec_start_failure(&cmd("tasklist"), out, "", Some(126))
            .expect("an error")
            .to_string();
        assert!(
            e.contains("`tasklist`") && e.contains("cannot find the file specified"),
            "{e}"
        );
    }

    #[test]
    fn a_missing_linux_program_is_an_error_naming_it() {
        let out = "OCI runtime exec failed: exec failed: unable to start container process: exec: \"tasklist\": executable file not found in $PATH: unknown";
        assert!(exec_start_failure(&cmd("tasklist"), out, "", Some(127)).is_some());
    }

    #[test]
    fn program_output_stays_output() {
        // The shell ran and reported its own failure: that is the program's output.
        assert_eq!(
            exec_start_failure(&cmd("sh"), "", "sh: foo: not found", Some(127)),
            None
        );
        // The message without the exit code the daemon sets is the program's text.
        let out = "The system cannot find the file specified.";
        assert_eq!(exec_start_failure(&cmd("cmd"), out, "", Some(1)), None);
        assert_eq!(exec_start_failure(&cmd("cmd"), out, "", Some(0)), None);
    }
}
