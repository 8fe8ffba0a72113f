//! The commands a reader would type by hand for each step, shown beside the
//! evidence so the workbook teaches the CLI, not proofbook.

use std::collections::HashMap;

use crate::lesson::{Action, Isolation, Step};
use crate::platform::{self, Os};
use crate::record::{Evidence, StepRecord};

/// (docker command, host-side command) for a step.
pub(crate) fn equivalent(
    os: Os,
    step: &Step,
    evidence: Option<&Evidence>,
    earlier: &[StepRecord],
    names: &HashMap<String, String>,
) -> (String, Option<String>) {
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| format!("<{id}>"));
    match &step.action {
        Action::Run(run) => {
            let image = match evidence {
                Some(Evidence::Container { image, .. }) => image.clone(),
                _ => run.image.for_os(os).unwrap_or_default(),
            };
            let iso = match (os, run.isolation, evidence) {
                (Os::Windows, i, _) => format!(" --isolation={}", i.as_str()),
                (Os::Linux, _, Some(Evidence::Container { runtime, .. }))
                    if !runtime.is_empty() && runtime != "runc" =>
                {
                    format!(" --runtime={runtime}")
                }
                (Os::Linux, Isolation::Hyperv, None) => " --runtime=runsc".to_string(),
                _ => String::new(),
            };
            let name = match evidence {
                Some(Evidence::Container { name, .. }) => name.clone(),
                _ => step.id.clone(),
            };
            let cmd = run.command.for_os(os).unwrap_or_default().join(" ");
            (
                format!("docker run -d --name {name} --network none{iso} {image} {cmd}"),
                None,
            )
        }
        // The runner fills in the host's tag and the learner's name prefix.
        Action::Adopt(a) => (a.command.for_os(os).unwrap_or_default(), None),
        Action::Top(t) => (format!("docker top {}", name_of(&t.container)), None),
        Action::Exec(e) => (
            format!(
                "docker exec {} {}",
                name_of(&e.container),
                e.command.for_os(os).unwrap_or_default().join(" ")
            ),
            None,
        ),
        Action::HostProcesses(hp) => {
            let names = hp.name.as_ref().and_then(|n| n.for_os(os)).unwrap_or_default();
            let mut pids = crate::claims::reported_pids(earlier, &hp.pids_from);
            pids.extend(&hp.pids);
            (String::new(), Some(platform::host_process_cli(os, &names, &pids)))
        }
        Action::HostInfo(_) => (
            "docker version; docker info".to_string(),
            Some(match os {
                Os::Windows => {
                    "[Environment]::OSVersion.Version; Get-ComputerInfo -Property OsName,OsBuildNumber; Get-NetAdapter"
                        .to_string()
                }
                Os::Linux => "uname -a; cat /etc/os-release; ls /sys/class/net".to_string(),
            }),
        ),
        Action::HostRegistry(hr) => {
            let key = hr.key.for_os(os).unwrap_or_default();
            let value = hr.value.as_deref().map(|v| format!(" /v {v}")).unwrap_or_default();
            (String::new(), Some(format!("reg query \"{key}\"{value}")))
        }
        Action::HostFile(hf) => {
            let path = hf.path.for_os(os).unwrap_or_default();
            (
                String::new(),
                Some(match os {
                    Os::Windows => format!("Test-Path {path}"),
                    Os::Linux => format!("ls -l {path}"),
                }),
            )
        }
    }
}
