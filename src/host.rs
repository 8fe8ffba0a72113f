//! The host's own process table, through sysinfo: the view a reader gets
//! from Task Manager / `Get-Process` on Windows or `ps` on Linux.

use sysinfo::{Networks, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind, Users};

use crate::record::ProcInfo;

/// What this machine would not tell about itself.
#[derive(Debug, Clone, thiserror::Error)]
pub enum HostError {
    #[error("reading the host's process table: {0}")]
    ProcessTable(String),
    #[error("reading the host's users: {0}")]
    Users(String),
}

/// A step's error: proofbook's sentence in the page's language, the system's words as said.
impl From<&HostError> for crate::messages::Text {
    fn from(e: &HostError) -> crate::messages::Text {
        use crate::messages::Msg;
        match e {
            HostError::ProcessTable(detail) => Msg::HostTableFailed { detail: detail.clone() },
            HostError::Users(detail) => Msg::HostUsersFailed { detail: detail.clone() },
        }
        .into()
    }
}

/// Every process of this host (threads left out), with command lines.
fn scan(users: bool) -> Result<System, HostError> {
    let mut sys = System::new().map_err(|e| HostError::ProcessTable(e.to_string()))?;
    // Threads are listed as processes on Linux and the reader's `ps` does not
    // show them; skipping them also skips most of the /proc reading.
    let mut kind = ProcessRefreshKind::nothing()
        .without_tasks()
        .with_cmd(UpdateKind::Always);
    if users {
        kind = kind.with_user(UpdateKind::Always);
    }
    sys.refresh_processes_specifics(ProcessesToUpdate::All, true, kind);
    Ok(sys)
}

fn info(pid: sysinfo::Pid, p: &sysinfo::Process, user: String) -> ProcInfo {
    ProcInfo {
        pid: pid.as_u32(),
        name: p.name().to_string_lossy().into_owned(),
        cmd: p
            .cmd()
            .iter()
            .map(|s| s.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        user,
    }
}

/// Host processes matching any name, or any PID in `pids`. With neither, all.
pub fn processes(names: &[String], pids: &[u32]) -> Result<Vec<ProcInfo>, HostError> {
    let sys = scan(true)?;
    let users = Users::new_with_refreshed_list().map_err(|e| HostError::Users(e.to_string()))?;
    let user_of = |p: &sysinfo::Process| {
        p.user_id()
            .and_then(|u| users.get_user_by_id(u))
            .map(|u| u.name().to_string())
            .unwrap_or_default()
    };
    let mut out: Vec<ProcInfo> = sys
        .processes()
        .iter()
        .filter(|(_, p)| p.thread_kind().is_none())
        .map(|(pid, p)| info(*pid, p, user_of(p)))
        .filter(|p| {
            (names.is_empty() && pids.is_empty()) || pids.contains(&p.pid) || names.iter().any(|n| p.answers_to(n))
        })
        .collect();
    out.sort_by_key(|p| p.pid);
    Ok(out)
}

/// A process and all its descendants, as this host sees them; None when this
/// host has no such PID (the engine runs in a VM, say). No users are read.
pub(crate) fn process_tree(root: u32) -> Option<Vec<ProcInfo>> {
    let sys = scan(false).ok()?;
    let root = sysinfo::Pid::from_u32(root);
    sys.process(root)?;
    let mut tree = vec![root];
    // Parents are listed before children only by chance; repeat until no new member appears.
    loop {
        let before = tree.len();
        for (pid, p) in sys.processes() {
            if p.thread_kind().is_none() && !tree.contains(pid) && p.parent().is_some_and(|pp| tree.contains(&pp)) {
                tree.push(*pid);
            }
        }
        if tree.len() == before {
            break;
        }
    }
    let mut out: Vec<ProcInfo> = tree
        .iter()
        .filter_map(|pid| sys.process(*pid).map(|p| info(*pid, p, String::new())))
        .collect();
    out.sort_by_key(|p| p.pid);
    Some(out)
}

/// The host's network interface names, sorted byte-wise as `ls` sorts them.
pub(crate) fn network_interfaces() -> Vec<String> {
    let Ok(networks) = Networks::new_with_refreshed_list() else {
        return Vec::new();
    };
    let mut names: Vec<String> = networks.keys().map(|n| n.to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::process_tree;

    #[test]
    fn a_process_tree_holds_the_children_it_started() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        let tree = process_tree(std::process::id()).expect("this process is on this host");
        // Stop the child we started, by its PID, before asserting.
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            tree.iter().any(|p| p.pid == std::process::id()),
            "the root is in its own tree"
        );
        let sleep = tree
            .iter()
            .find(|p| p.pid == child.id())
            .expect("the child is in the tree");
        assert_eq!(sleep.name, "sleep");
        assert_eq!(sleep.cmd, "sleep 30");
        assert!(process_tree(u32::MAX - 1).is_none(), "no such PID, no tree");
    }
}
