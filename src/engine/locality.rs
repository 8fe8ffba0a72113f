//! Is the engine's machine this machine? Host-side steps (the host's process
//! table, its files) only mean something when it is, and an endpoint does not
//! say so: `tcp://127.0.0.1:2375` is as often an SSH tunnel to a remote
//! Windows host as a dockerd next door, and a unix socket can be forwarded
//! too. So it is decided from evidence: the engine runs containers of
//! proofbook's own OS, the engine's view of its host matches this machine
//! (its name, its memory), and the processes of containers it runs exist here.

use bollard::query_parameters::{InspectContainerOptions, ListContainersOptionsBuilder};

use super::EngineFacts;
use crate::messages::Msg;

/// How many running containers are looked up on this machine by their PIDs.
const PID_LOOKS: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Locality {
    /// The evidence says the engine's containers run on this machine.
    ThisMachine,
    /// They do not, or it cannot be told; the reason, in the page's language.
    Elsewhere(Msg),
}

/// This machine's side of the comparison.
#[derive(Debug, Clone)]
pub(crate) struct HereFacts {
    pub(crate) os: &'static str,
    pub(crate) hostname: String,
    pub(crate) mem_total: u64,
}

impl HereFacts {
    pub(crate) fn of_this_machine() -> HereFacts {
        let mem_total = sysinfo::System::new()
            .map(|mut sys| {
                sys.refresh_memory();
                sys.total_memory()
            })
            .unwrap_or(0);
        HereFacts {
            os: std::env::consts::OS,
            hostname: sysinfo::System::host_name().unwrap_or_default(),
            mem_total,
        }
    }
}

/// What the engine said about its machine, against this machine. `None` when
/// nothing disagrees (the PID check comes after, in `judge`).
pub(crate) fn mismatch(engine: &EngineFacts, here: &HereFacts) -> Option<Msg> {
    let engine_os = if engine.os_type.is_empty() {
        "linux"
    } else {
        engine.os_type.as_str()
    };
    // Docker Desktop's engine says `linux` and names its VM: not this Mac.
    if here.os == "macos" {
        return Some(Msg::EngineInMacVm);
    }
    if !engine_os.eq_ignore_ascii_case(here.os) {
        return Some(Msg::EngineOtherOs {
            engine_os: engine_os.to_string(),
            here_os: here.os.to_string(),
        });
    }
    if engine.name.is_empty() {
        return Some(Msg::EngineNoName);
    }
    if !same_host_name(&engine.name, &here.hostname) {
        return Some(Msg::EngineOtherName {
            engine: engine.name.clone(),
            here: here.hostname.clone(),
        });
    }
    if engine.mem_total > 0 && here.mem_total > 0 && engine.mem_total.abs_diff(here.mem_total) > here.mem_total / 100 {
        return Some(Msg::EngineOtherMemory {
            engine_mib: (engine.mem_total >> 20).to_string(),
            here_mib: (here.mem_total >> 20).to_string(),
        });
    }
    None
}

/// Host names compare case-insensitively (Windows upper-cases them) and a
/// fully qualified name matches its first label.
fn same_host_name(a: &str, b: &str) -> bool {
    let short = |s: &str| s.split('.').next().unwrap_or("").to_ascii_lowercase();
    a.eq_ignore_ascii_case(b) || (!a.is_empty() && short(a) == short(b))
}

/// The locality of an engine: its facts against this machine's, then the
/// PIDs of a few of its running containers looked up here.
pub(super) async fn judge(docker: &bollard::Docker, engine: &EngineFacts) -> Locality {
    let here = HereFacts::of_this_machine();
    if let Some(why) = mismatch(engine, &here) {
        return Locality::Elsewhere(why);
    }
    match missing_container_pid(docker).await {
        Some((name, pid)) => Locality::Elsewhere(Msg::EngineContainerPidMissing {
            name,
            pid: pid.to_string(),
        }),
        None => Locality::ThisMachine,
    }
}

/// A running container (not Hyper-V isolated: its PIDs are inside its VM)
/// whose first process the engine reports under a PID this machine lacks,
/// still running under that PID after the look (containers come and go).
async fn missing_container_pid(docker: &bollard::Docker) -> Option<(String, u32)> {
    let opts = ListContainersOptionsBuilder::default().limit(PID_LOOKS as i32).build();
    let list = docker.list_containers(Some(opts)).await.ok()?;
    let mut running = Vec::new();
    for id in list.into_iter().filter_map(|c| c.id).take(PID_LOOKS) {
        if let Some((name, pid)) = first_pid(docker, &id).await {
            running.push((id, name, pid));
        }
    }
    if running.is_empty() {
        return None;
    }
    let pids: Vec<u32> = running.iter().map(|(_, _, p)| *p).collect();
    let seen = tokio::task::spawn_blocking(move || crate::host::processes(&[], &pids))
        .await
        .ok()?
        .ok()?;
    for (id, name, pid) in running {
        if !seen.iter().any(|p| p.pid == pid) && first_pid(docker, &id).await.is_some_and(|(_, now)| now == pid) {
            return Some((name, pid));
        }
    }
    None
}

/// (name, PID of the first process) of a running, not Hyper-V isolated container.
async fn first_pid(docker: &bollard::Docker, id: &str) -> Option<(String, u32)> {
    let info = docker
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
        .ok()?;
    let hyperv = info
        .host_config
        .and_then(|h| h.isolation)
        .is_some_and(|i| i.to_string() == "hyperv");
    let state = info.state?;
    let pid = state.pid.and_then(|p| u32::try_from(p).ok()).filter(|p| *p > 0)?;
    if hyperv || state.running != Some(true) {
        return None;
    }
    Some((info.name.unwrap_or_default().trim_start_matches('/').to_string(), pid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(os: &str, name: &str, mem: u64) -> EngineFacts {
        EngineFacts {
            os_type: os.into(),
            name: name.into(),
            mem_total: mem,
            ..Default::default()
        }
    }

    fn here() -> HereFacts {
        HereFacts {
            os: "linux",
            hostname: "build-01".into(),
            mem_total: 8 << 30,
        }
    }

    #[test]
    fn same_os_name_and_memory_is_this_machine() {
        assert_eq!(mismatch(&engine("linux", "build-01", 8 << 30), &here()), None);
        assert_eq!(mismatch(&engine("linux", "BUILD-01.corp.example", 0), &here()), None);
    }

    #[test]
    fn a_windows_engine_is_not_a_linux_machine_even_with_its_name() {
        let why = mismatch(&engine("windows", "build-01", 8 << 30), &here())
            .expect("elsewhere")
            .to_string();
        assert!(why.contains("windows") && why.contains("linux"), "{why}");
    }

    #[test]
    fn docker_desktop_on_a_mac_is_its_vm_not_this_machine() {
        let mac = HereFacts { os: "macos", ..here() };
        let why = mismatch(&engine("linux", "build-01", 8 << 30), &mac).expect("elsewhere");
        assert_eq!(why, Msg::EngineInMacVm);
        assert!(why.to_string().contains("Docker Desktop"), "{why}");
    }

    #[test]
    fn another_name_or_memory_is_another_machine() {
        let why = mismatch(&engine("linux", "WIN-PB2022", 8 << 30), &here())
            .expect("elsewhere")
            .to_string();
        assert!(why.contains("WIN-PB2022") && why.contains("build-01"), "{why}");
        let why = mismatch(&engine("linux", "build-01", 16 << 30), &here())
            .expect("elsewhere")
            .to_string();
        assert!(why.contains("16384 MiB"), "{why}");
        assert!(mismatch(&engine("linux", "", 8 << 30), &here()).is_some());
    }
}
