//! Reading a process table a command printed inside a container: `ps` in
//! any common layout (busybox, procps `-ef` / `aux`) or Windows `tasklist`.
//! The judge parses the captured text when a claim needs it, so the record
//! keeps exactly what the container printed.

use crate::record::{program_name, ProcInfo};

/// Processes of a `ps` / `tasklist` table; lines that are not rows are skipped.
pub(crate) fn parse_process_table(text: &str) -> Vec<ProcInfo> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines
        .by_ref()
        .find(|l| l.split_whitespace().any(|t| t.eq_ignore_ascii_case("PID")))
    else {
        return Vec::new();
    };
    if header.trim_start().to_ascii_lowercase().starts_with("image name") {
        return lines.filter_map(tasklist_row).collect();
    }
    let titles: Vec<String> = header.split_whitespace().map(|t| t.to_ascii_uppercase()).collect();
    let col = |names: &[&str]| titles.iter().position(|t| names.contains(&t.as_str()));
    let Some(pid_col) = col(&["PID"]) else {
        return Vec::new();
    };
    // The command is the last column and may hold spaces: it takes the rest of the row.
    let cmd_col = col(&["COMMAND", "CMD", "ARGS", "COMM"]).unwrap_or(titles.len().saturating_sub(1));
    let user_col = col(&["USER", "UID"]);
    lines
        .filter_map(|line| {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let pid = tokens.get(pid_col)?.parse().ok()?;
            let cmd = tokens.get(cmd_col..).map(|t| t.join(" ")).unwrap_or_default();
            Some(ProcInfo {
                pid,
                name: program_name(&cmd).unwrap_or_default().to_string(),
                user: user_col
                    .and_then(|c| tokens.get(c))
                    .map(|u| u.to_string())
                    .unwrap_or_default(),
                cmd,
            })
        })
        .collect()
}

/// `PING.EXE   1308 Services   0   1,234 K`: the image name (which may hold
/// spaces, as in `System Idle Process`) runs up to the first number.
fn tasklist_row(line: &str) -> Option<ProcInfo> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let at = tokens.iter().position(|t| t.parse::<u32>().is_ok())?;
    if at == 0 || tokens[0].starts_with('=') {
        return None;
    }
    let name = tokens[..at].join(" ");
    Some(ProcInfo {
        pid: tokens[at].parse().ok()?,
        cmd: name.clone(),
        name,
        user: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(u32, String)> {
        parse_process_table(text).into_iter().map(|p| (p.pid, p.name)).collect()
    }

    #[test]
    fn busybox_ps_as_captured_under_runc_and_gvisor() {
        let text = "PID   USER     COMMAND\n    1 0        sh -c sleep 3600 & wait\n    8 0        sleep 3600\n    9 0        ps\n";
        assert_eq!(
            pairs(text),
            vec![(1, "sh".into()), (8, "sleep".into()), (9, "ps".into())]
        );
        assert_eq!(parse_process_table(text)[0].cmd, "sh -c sleep 3600 & wait");
        assert_eq!(parse_process_table(text)[0].user, "0");
    }

    #[test]
    fn busybox_with_time_and_procps_layouts() {
        assert_eq!(
            pairs("PID   USER     TIME  COMMAND\n    1 root      0:00 /bin/sleep 60\n"),
            vec![(1, "sleep".into())]
        );
        let ef = "UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 07:45 ?        00:00:02 /sbin/init splash\nroot           2       0  0 07:45 ?        00:00:00 [kthreadd]\n";
        assert_eq!(pairs(ef), vec![(1, "init".into()), (2, "kthreadd".into())]);
    }

    #[test]
    fn windows_tasklist() {
        let text = "\nImage Name                     PID Session Name        Session#    Mem Usage\n\
            ========================= ======== ================ =========== ============\n\
            System Idle Process              0 Services                   0          8 K\n\
            smss.exe                       980 Services                   0      1,024 K\n\
            PING.EXE                      1308 Services                   0      2,100 K\n";
        assert_eq!(
            pairs(text),
            vec![
                (0, "System Idle Process".into()),
                (980, "smss.exe".into()),
                (1308, "PING.EXE".into())
            ]
        );
    }

    #[test]
    fn text_that_is_not_a_table_gives_no_processes() {
        assert!(parse_process_table("").is_empty());
        assert!(parse_process_table("sh: ps: not found\n").is_empty());
        assert!(parse_process_table("PID USER COMMAND\nnot a row\n").is_empty());
    }
}
