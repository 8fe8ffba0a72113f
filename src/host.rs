//! The host's own process table, through sysinfo: the view a reader gets
//! from Task Manager / `Get-Process` on Windows or `ps` on Linux.

use sysinfo::{Networks, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind, Users};

use crate::record::ProcInfo;

/// Host processes matching any name, or any PID in `pids`. With neither, all.
pub fn processes(names: &[String], pids: &[u32]) -> Result<Vec<ProcInfo>, String> {
    let mut sys = System::new().map_err(|e| format!("reading the host's process table: {e}"))?;
    sys.refresh_processes_specifics(
        ProcessesToUpdate::All,
        true,
        ProcessRefreshKind::nothing().with_cmd(UpdateKind::Always).with_user(UpdateKind::Always),
    );
    let users = Users::new_with_refreshed_list().map_err(|e| format!("reading the host's users: {e}"))?;
    let mut out: Vec<ProcInfo> = sys
        .processes()
        .iter()
        // Threads are listed as processes on Linux; the reader's `ps` does not show them.
        .filter(|(_, p)| p.thread_kind().is_none())
        .map(|(pid, p)| ProcInfo {
            pid: pid.as_u32(),
            name: p.name().to_string_lossy().into_owned(),
            cmd: p.cmd().iter().map(|s| s.to_string_lossy()).collect::<Vec<_>>().join(" "),
            user: p
                .user_id()
                .and_then(|u| users.get_user_by_id(u))
                .map(|u| u.name().to_string())
                .unwrap_or_default(),
        })
        .filter(|p| (names.is_empty() && pids.is_empty()) || pids.contains(&p.pid) || names.iter().any(|n| p.answers_to(n)))
        .collect();
    out.sort_by_key(|p| p.pid);
    Ok(out)
}

/// The host's network interface names, sorted byte-wise as `ls` sorts them.
pub fn network_interfaces() -> Vec<String> {
    let Ok(networks) = Networks::new_with_refreshed_list() else { return Vec::new() };
    let mut names: Vec<String> = networks.keys().map(|n| n.to_string_lossy().into_owned()).collect();
    names.sort();
    names
}
