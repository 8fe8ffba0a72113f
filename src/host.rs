//! The host's own process table, through sysinfo: the view a reader gets
//! from Task Manager / `Get-Process` on Windows or `ps` on Linux.

use sysinfo::{Networks, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind, Users};

use crate::record::ProcInfo;

/// What this machine would not tell about itself.
#[derive(Debug, Clone, thiserror::Error)]
pub enum HostError {
    /// The process table could not be read (the OS's words).
    #[error("{}", crate::output::tr(crate::messages::Id::host_table_failed, &[("detail", .0)]))]
    ProcessTable(String),
    /// The user list could not be read (the OS's words).
    #[error("{}", crate::output::tr(crate::messages::Id::host_users_failed, &[("detail", .0)]))]
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
    scan_only(ProcessesToUpdate::All, users)
}

/// The processes `which` names, read afresh (a table of its own each time,
/// so a process that exec'd since is never shown under its old name).
fn scan_only(which: ProcessesToUpdate<'_>, users: bool) -> Result<System, HostError> {
    // Each PID once: sysinfo's dead-process pass visits every listed PID and
    // removes one it already visited, so a live process listed twice was
    // dropped (and a live build, named once per container, taken for dead).
    let unique: Vec<sysinfo::Pid>;
    let which = match which {
        ProcessesToUpdate::Some(pids) => {
            let mut pids = pids.to_vec();
            pids.sort_unstable();
            pids.dedup();
            unique = pids;
            ProcessesToUpdate::Some(&unique)
        }
        all => all,
    };
    let mut sys = System::new().map_err(|e| HostError::ProcessTable(e.to_string()))?;
    // Threads are listed as processes on Linux and the reader's `ps` does not
    // show them; skipping them also skips most of the /proc reading.
    let mut kind = ProcessRefreshKind::nothing()
        .without_tasks()
        .with_cmd(UpdateKind::Always);
    if users {
        kind = kind.with_user(UpdateKind::Always);
    }
    sys.refresh_processes_specifics(which, true, kind);
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
    // PIDs alone: only those are read, not the whole table (the same answer:
    // a PID that is not a process here is left out either way).
    let sys = if names.is_empty() && !pids.is_empty() {
        let only: Vec<sysinfo::Pid> = pids.iter().map(|p| sysinfo::Pid::from_u32(*p)).collect();
        scan_only(ProcessesToUpdate::Some(&only), true)?
    } else {
        scan(true)?
    };
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
///
/// Called in a loop while a container settles: where the kernel lists each
/// thread's children (`/proc/PID/task/TID/children`), only the tree's own
/// processes are read, not the whole table (the whole table was most of
/// proofbook's own CPU time in a build).
pub(crate) fn process_tree(root: u32) -> Option<Vec<ProcInfo>> {
    match descendants(root) {
        Some(tree) => {
            let only: Vec<sysinfo::Pid> = tree.iter().map(|p| sysinfo::Pid::from_u32(*p)).collect();
            let sys = scan_only(ProcessesToUpdate::Some(&only), false).ok()?;
            sys.process(sysinfo::Pid::from_u32(root))?;
            let mut out: Vec<ProcInfo> = only
                .iter()
                .filter_map(|pid| {
                    sys.process(*pid)
                        .filter(|p| p.thread_kind().is_none())
                        .map(|p| info(*pid, p, String::new()))
                })
                .collect();
            out.sort_by_key(|p| p.pid);
            Some(out)
        }
        None => process_tree_from_table(root),
    }
}

/// `root` and its descendants by the kernel's children lists, or None when
/// the kernel keeps none (CONFIG_PROC_CHILDREN) or `root` is not here.
fn descendants(root: u32) -> Option<Vec<u32>> {
    let mut tree = vec![root];
    let mut i = 0;
    while let Some(&pid) = tree.get(i) {
        i += 1;
        let tasks = std::fs::read_dir(format!("/proc/{pid}/task"));
        let Ok(tasks) = tasks else {
            if pid == root {
                return None;
            }
            continue; // gone since its parent listed it
        };
        for task in tasks.flatten() {
            let list = match std::fs::read_to_string(task.path().join("children")) {
                Ok(list) => list,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && pid == root => return None,
                Err(_) => continue,
            };
            for child in list.split_whitespace().filter_map(|c| c.parse::<u32>().ok()) {
                if !tree.contains(&child) {
                    tree.push(child);
                }
            }
        }
    }
    Some(tree)
}

/// `process_tree` from the whole table, by parent links.
fn process_tree_from_table(root: u32) -> Option<Vec<ProcInfo>> {
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
    use super::{descendants, process_tree, process_tree_from_table};

    #[test]
    fn a_process_tree_holds_the_children_it_started() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        // Between fork and exec the child still bears this test's name and
        // command line, and inside exec the kernel names it before its new
        // arguments are set (an empty command line); on a loaded machine both
        // last, so read until exec is through.
        let t0 = std::time::Instant::now();
        let tree = loop {
            let tree = process_tree(std::process::id()).expect("this process is on this host");
            let execd = tree
                .iter()
                .any(|p| p.pid == child.id() && p.name == "sleep" && !p.cmd.is_empty());
            if execd || t0.elapsed() > std::time::Duration::from_secs(20) {
                break tree;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
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

    /// A PID asked for twice is still found: sysinfo's dead-process pass
    /// visits every listed PID and drops one it has already visited (its
    /// "updated" flag was reset by the first visit), so a live process named
    /// twice vanished. The start-of-build sweep names each run's owner once
    /// per container, and took a live run with two containers for a dead one.
    #[test]
    fn a_pid_asked_for_twice_is_found() {
        let me = std::process::id();
        let found = super::processes(&[], &[me, me, me]).expect("the process table reads");
        assert_eq!(
            found.iter().filter(|p| p.pid == me).count(),
            1,
            "this process, once: {found:?}"
        );
    }

    /// The kernel's children lists and the whole table's parent links give the
    /// same tree (where the kernel keeps the lists; elsewhere the table is used).
    #[test]
    fn the_children_lists_and_the_whole_table_agree() {
        let mut child = std::process::Command::new("sh")
            .args(["-c", "sleep 30 & wait"])
            .spawn()
            .expect("sh starts");
        let me = std::process::id();
        let pids = |t: Option<Vec<crate::record::ProcInfo>>| -> Vec<u32> {
            t.unwrap_or_default().iter().map(|p| p.pid).collect()
        };
        let mut agreed = false;
        // The shell's own child may appear between the two reads; a few tries settle it.
        for _ in 0..20 {
            let (a, b) = (pids(process_tree(me)), pids(process_tree_from_table(me)));
            if a == b && a.len() >= 3 {
                agreed = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let kernel_lists = descendants(me).is_some();
        // The sh's sleep first (by its PID, a descendant of this test), then the sh.
        for pid in pids(process_tree(child.id())).into_iter().filter(|p| *p != child.id()) {
            let _ = std::process::Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            agreed,
            "the tree of this test, its sh and the sh's sleep, read both ways (kernel lists: {kernel_lists})"
        );
    }
}
