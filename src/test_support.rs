//! Fixtures shared by the unit tests of several modules: one home, so a
//! change to a shared type changes one builder, not a copy per module.

use crate::process::ProcInfo;

/// A process as a Linux view reports it: PID, name and command line, no user.
pub(crate) fn proc(pid: u32, name: &str, cmd: &str) -> ProcInfo {
    ProcInfo {
        pid,
        name: name.into(),
        cmd: cmd.into(),
        user: String::new(),
    }
}
