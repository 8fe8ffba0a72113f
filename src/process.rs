//! A process as a view reports it, and how process names compare. Engine,
//! host, platform readers, claims and records all speak of processes; this
//! module depends on none of them, so each can use it without a cycle.

use serde::{Deserialize, Serialize};

/// One process as some view (engine `top`, host table, in-container `ps`) reports it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProcInfo {
    /// Its PID as that view numbers it: the host table as the host does, an
    /// in-container `ps` as the container's own PID namespace does, the
    /// engine's `top` as the engine reports it (the host's PID for a
    /// process-isolated container).
    pub pid: u32,
    /// Its name as the view gives it (`sleep`, `vmwp.exe`); compare with `answers_to`.
    pub name: String,
    /// Its command line; empty when the view gives none.
    #[serde(default)]
    pub cmd: String,
    /// The user it runs as, as the view names it; empty when the view gives none.
    #[serde(default)]
    pub user: String,
}

impl ProcInfo {
    /// Names compare case-insensitively without `.exe`, and a Linux process
    /// also answers to its argv[0] (gVisor's sandbox is `exe` with argv[0] `runsc-sandbox`).
    pub fn answers_to(&self, name: &str) -> bool {
        let want = normalize_name(name);
        normalize_name(&self.name) == want || program_name(&self.cmd).is_some_and(|p| normalize_name(p) == want)
    }
    /// Whether this process names the container (by full or short id) in its command line or user.
    pub(crate) fn mentions(&self, container_id: &str) -> bool {
        let id = container_id.to_ascii_lowercase();
        if id.len() < 12 {
            return false;
        }
        let short = short_id(&id);
        let hay = format!("{} {}", self.cmd, self.user).to_ascii_lowercase();
        hay.contains(&id) || hay.split(|c: char| !c.is_ascii_hexdigit()).any(|w| w == short)
    }
}

/// The process `table` lists under `pid`, when it answers to `name`: the
/// same process another view (the engine's `top`) lists under that PID. How
/// the judges and `doctor` tell whether this machine sees a container's process.
pub(crate) fn same_process<'a>(table: &'a [ProcInfo], pid: u32, name: &str) -> Option<&'a ProcInfo> {
    table.iter().find(|h| h.pid == pid).filter(|h| h.answers_to(name))
}

/// The program a command line runs, as `ps` would name it: the base name of
/// argv[0] (`/usr/bin/sleep 5` → `sleep`, `C:\\Windows\\ping.exe -t` → `ping.exe`),
/// or what is inside brackets, which `ps` shows when a process has no command
/// line to read — a kernel thread, a zombie, a workload caught just as it execs
/// (`[kworker/0:1]`, `[sh] <defunct>`). None for an empty command line.
pub fn program_name(cmd: &str) -> Option<&str> {
    fn bracketed(s: &str) -> Option<&str> {
        s.strip_prefix('[')
            .and_then(|c| c.strip_suffix(']'))
            .filter(|inner| !inner.is_empty())
    }
    let cmd = cmd.trim();
    if let Some(inner) = bracketed(cmd) {
        return Some(inner);
    }
    let argv0 = cmd.split_whitespace().next()?;
    if let Some(inner) = bracketed(argv0) {
        return Some(inner);
    }
    argv0.rsplit(['/', '\\']).next().filter(|base| !base.is_empty())
}

/// The 12-character form `docker ps` shows; safe on any text (a hand-made
/// record may hold ids that are not hex).
pub fn short_id(id: &str) -> &str {
    id.char_indices().nth(12).map_or(id, |(i, _)| &id[..i])
}

/// A process name as names compare: trimmed, lower case, without `.exe`.
pub fn normalize_name(name: &str) -> String {
    let n = name.trim().to_ascii_lowercase();
    n.strip_suffix(".exe").map(str::to_string).unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::{program_name, same_process, ProcInfo};

    #[test]
    fn the_same_process_has_the_pid_and_answers_to_the_name() {
        let proc = |pid, name: &str, cmd: &str| ProcInfo {
            pid,
            name: name.into(),
            cmd: cmd.into(),
            user: String::new(),
        };
        let table = [
            proc(7, "sleep", "/bin/sleep 30"),
            proc(9, "exe", "runsc-sandbox --root=/x"),
        ];
        assert_eq!(same_process(&table, 7, "sleep").map(|p| p.pid), Some(7));
        assert_eq!(same_process(&table, 9, "runsc-sandbox").map(|p| p.pid), Some(9));
        // Another process under that PID (the number reused, or another namespace's numbering).
        assert!(same_process(&table, 7, "ping").is_none());
        // The name under another PID is not it either.
        assert!(same_process(&table, 8, "sleep").is_none());
        assert!(same_process(&[], 7, "sleep").is_none());
    }

    #[test]
    fn argv0_base_or_what_is_inside_brackets() {
        let cases = [
            ("sh -c sleep 3600", Some("sh")),
            ("/usr/bin/sleep 5", Some("sleep")),
            ("C:\\Windows\\System32\\PING.EXE -t 127.0.0.1", Some("PING.EXE")),
            ("[kthreadd]", Some("kthreadd")),
            ("[kworker/0:1]", Some("kworker/0:1")),
            ("[sh] <defunct>", Some("sh")),
            ("  /bin/sleep", Some("sleep")),
            ("[]", Some("[]")),
            ("/", None),
            ("", None),
            ("   ", None),
        ];
        for (cmd, want) in cases {
            assert_eq!(program_name(cmd), want, "{cmd:?}");
        }
    }

    #[test]
    fn a_process_answers_to_its_name_or_its_program() {
        let p = |name: &str, cmd: &str| ProcInfo {
            pid: 1,
            name: name.into(),
            cmd: cmd.into(),
            user: String::new(),
        };
        assert!(p("exe", "runsc-sandbox --root=/var/run").answers_to("runsc-sandbox"));
        assert!(p("exe", "runsc-sandbox").answers_to("exe"));
        assert!(p("PING.EXE", "").answers_to("ping"));
        assert!(p("x", "C:\\Windows\\ping.exe -t").answers_to("PING"));
        assert!(!p("sleep", "/bin/sleep 5").answers_to("sh"));
        assert!(!p("sleep", "").answers_to(""), "an empty name is nobody");
    }
}
