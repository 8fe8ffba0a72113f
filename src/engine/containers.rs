//! Containers a run starts: always labelled with the run, never networked,
//! privileged or bound to host paths, and always force-removed at the end.

use bollard::exec::{CreateExecOptions, StartExecResults};
use bollard::models::{ContainerCreateBody, HostConfig, HostConfigIsolationEnum};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, ListContainersOptionsBuilder, RemoveContainerOptionsBuilder,
};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::time::Duration;

use super::{Engine, EngineError};
use crate::platform::{ContainerIsolation, Os};
use crate::record::{Capped, ProcInfo};

/// What an exec printed, each stream kept up to the cap.
pub(crate) struct ExecOutput {
    pub(crate) stdout: Capped,
    pub(crate) stderr: Capped,
    pub(crate) exit_code: Option<i64>,
}

pub(crate) const LABEL_RUN: &str = "org.proofbook.run";
/// `<hostname>:<pid>` of the proofbook process that started the container, so
/// a later run can tell a crashed run's leftovers from a live run's containers.
pub(crate) const LABEL_OWNER: &str = "org.proofbook.owner";
pub(crate) const LABEL_LESSON: &str = "org.proofbook.lesson";

/// At most this many looks, 50 ms apart, for a starting container to settle.
const SETTLE_LOOKS: usize = 30;
const REMOVE_TIMEOUT: Duration = Duration::from_secs(20);
/// A force-remove that has not answered by then is held up by a hanging runtime.
const STUCK_AFTER: Duration = Duration::from_secs(5);
/// How long an exec whose output stream ended may still be reported running.
const EXEC_END_WAIT: Duration = Duration::from_secs(5);

pub(crate) struct ContainerSpec<'a> {
    pub(crate) name: String,
    pub(crate) image: &'a str,
    pub(crate) command: Vec<String>,
    pub(crate) isolation: ContainerIsolation,
    pub(crate) run_id: &'a str,
    pub(crate) lesson: &'a str,
}

/// A container found by name.
pub(crate) struct Found {
    pub(crate) id: String,
    pub(crate) image: String,
    pub(crate) state: ContainerState,
}

pub(crate) struct ContainerState {
    pub(crate) status: String,
    pub(crate) runtime: String,
    pub(crate) pid: Option<u32>,
}

pub(crate) fn owner_label() -> String {
    format!(
        "{}:{}",
        sysinfo::System::host_name().unwrap_or_default(),
        std::process::id()
    )
}

impl Engine {
    /// Creates and starts; returns the container id as soon as it exists, so a
    /// start that hangs still leaves an id the run can remove.
    pub(crate) async fn create(&self, spec: &ContainerSpec<'_>) -> Result<String, EngineError> {
        let labels = HashMap::from([
            (LABEL_RUN.to_string(), spec.run_id.to_string()),
            (LABEL_OWNER.to_string(), owner_label()),
            (LABEL_LESSON.to_string(), spec.lesson.to_string()),
        ]);
        let linux = self.os == Os::Linux;
        let host_config = HostConfig {
            network_mode: Some("none".into()),
            privileged: Some(false),
            pids_limit: linux.then_some(128),
            memory: Some(256 * 1024 * 1024),
            runtime: spec.isolation.runtime.clone(),
            isolation: spec.isolation.isolation.as_deref().map(|i| match i {
                "process" => HostConfigIsolationEnum::PROCESS,
                "hyperv" => HostConfigIsolationEnum::HYPERV,
                _ => HostConfigIsolationEnum::DEFAULT,
            }),
            ..Default::default()
        };
        let body = ContainerCreateBody {
            image: Some(spec.image.to_string()),
            cmd: Some(spec.command.clone()),
            labels: Some(labels),
            network_disabled: Some(true),
            host_config: Some(host_config),
            ..Default::default()
        };
        let opts = CreateContainerOptionsBuilder::default().name(&spec.name).build();
        let created = self
            .docker
            .create_container(Some(opts), body)
            .await
            .map_err(|e| self.api_error(e))?;
        Ok(created.id)
    }

    pub(crate) async fn start(&self, id: &str) -> Result<(), EngineError> {
        self.docker
            .start_container(id, None)
            .await
            .map_err(|e| self.api_error(e))
    }

    /// The engine answers `start` while the container is still coming up:
    /// runc's init may not yet have become the workload (top then lists `runc
    /// init` or `runc:[2:INIT]`), and a workload that forks may not yet have
    /// exec'd its child (top lists `sh` twice instead of `sh` and `sleep`).
    /// Evidence taken in that window would wrongly refute a claim, so wait
    /// until two looks 50 ms apart agree and show no runtime init.
    /// When the container's first process is visible on this machine its
    /// process tree is read directly: a `docker top` costs the engine a `ps`.
    pub(crate) async fn settle(&self, id: &str, pid: Option<u32>) {
        let local_pid = pid.filter(|_| self.is_local());
        let mut last: Option<Vec<ProcInfo>> = None;
        for _ in 0..SETTLE_LOOKS {
            let seen = match local_pid.and_then(crate::host::process_tree) {
                Some(tree) => tree,
                None => match self.docker.top_processes(id, None).await {
                    Ok(top) => parse_top(&top.titles.unwrap_or_default(), &top.processes.unwrap_or_default()),
                    Err(_) => return,
                },
            };
            let up = !seen.is_empty()
                && !seen
                    .iter()
                    .any(|p| p.cmd.starts_with("runc") || p.name.starts_with("runc"));
            if up && last.as_ref() == Some(&seen) {
                return;
            }
            last = up.then_some(seen);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The container's state, the runtime (Linux) or isolation (Windows) the
    /// engine reports for it, and its first process's PID.
    pub(crate) async fn inspect_state(&self, id: &str) -> Result<ContainerState, EngineError> {
        let c = self
            .docker
            .inspect_container(id, None)
            .await
            .map_err(|e| self.api_error(e))?;
        let state = c.state.unwrap_or_default();
        let hc = c.host_config.unwrap_or_default();
        let runtime = match self.os {
            Os::Windows => hc.isolation.map(|i| i.to_string()).unwrap_or_default(),
            Os::Linux => hc.runtime.unwrap_or_default(),
        };
        Ok(ContainerState {
            status: state.status.map(|s| s.to_string()).unwrap_or_default(),
            runtime,
            pid: state.pid.and_then(|p| u32::try_from(p).ok()).filter(|p| *p > 0),
        })
    }

    /// The container named exactly `name` (a learner's, for an exercise), or
    /// None when there is none. Only inspected: nothing about it is changed.
    pub(crate) async fn find_container(&self, name: &str) -> Result<Option<Found>, EngineError> {
        let c = match self
            .docker
            .inspect_container(name, None)
            .await
            .map_err(|e| self.api_error(e))
        {
            Ok(c) => c,
            Err(EngineError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        // The engine also answers to an id prefix; only the exact name is the learner's container.
        if c.name.as_deref().map(|n| n.trim_start_matches('/')) != Some(name) {
            return Ok(None);
        }
        let id = c.id.clone().unwrap_or_default();
        let image = c.config.as_ref().and_then(|cfg| cfg.image.clone()).unwrap_or_default();
        let state = self.inspect_state(&id).await?;
        Ok(Some(Found { id, image, state }))
    }

    /// The engine's `docker top`: raw table plus parsed processes.
    pub(crate) async fn top(&self, id: &str) -> Result<(Vec<String>, Vec<Vec<String>>, Vec<ProcInfo>), EngineError> {
        let top = self
            .docker
            .top_processes(id, None)
            .await
            .map_err(|e| self.api_error(e))?;
        let titles = top.titles.unwrap_or_default();
        let rows = top.processes.unwrap_or_default();
        let procs = parse_top(&titles, &rows);
        Ok((titles, rows, procs))
    }

    /// Runs a command inside the container. Keeps the first `cap` bytes of
    /// each stream and reads the rest to the end without keeping it.
    pub(crate) async fn exec(&self, id: &str, cmd: Vec<String>, cap: usize) -> Result<ExecOutput, EngineError> {
        let exec = self
            .docker
            .create_exec(
                id,
                CreateExecOptions {
                    cmd: Some(cmd),
                    attach_stdout: Some(true),
                    attach_stderr: Some(true),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| self.api_error(e))?;
        let (mut out, mut err) = (Capped::new(cap), Capped::new(cap));
        if let StartExecResults::Attached { mut output, .. } = self
            .docker
            .start_exec(&exec.id, None)
            .await
            .map_err(|e| self.api_error(e))?
        {
            while let Some(chunk) = output.next().await {
                match chunk.map_err(|e| self.api_error(e))? {
                    bollard::container::LogOutput::StdErr { message } => err.push(&message),
                    other => out.push(&other.into_bytes()),
                }
            }
        }
        // The stream can end before the engine has seen the command end (its
        // container killed under it): ask until the engine says it is over.
        let t0 = std::time::Instant::now();
        let exit_code = loop {
            let seen = self
                .docker
                .inspect_exec(&exec.id)
                .await
                .map_err(|e| self.api_error(e))?;
            if seen.running != Some(true) || t0.elapsed() > EXEC_END_WAIT {
                break seen.exit_code.filter(|_| seen.running != Some(true));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        Ok(ExecOutput {
            stdout: out,
            stderr: err,
            exit_code,
        })
    }

    /// Force-removes every container of a run (kill, no grace period: the
    /// workloads are PID 1 and ignore SIGTERM). Returns how many were removed.
    pub(crate) async fn remove_run(&self, run_id: &str) -> Result<usize, EngineError> {
        let ids = self.list_labelled(&format!("{LABEL_RUN}={run_id}")).await?;
        self.remove_all(ids.into_iter().map(|(id, _)| id).collect()).await
    }

    /// `remove_run`, waiting up to `grace` for an engine that went away
    /// (restarting, say) to come back, so its containers are not left behind.
    pub(crate) async fn remove_run_patiently(&self, run_id: &str, grace: Duration) -> Result<usize, EngineError> {
        let t0 = std::time::Instant::now();
        loop {
            match self.remove_run(run_id).await {
                Err(e) if e.is_lost() && t0.elapsed() < grace => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                other => return other,
            }
        }
    }

    /// `remove_run` for a run that was just cancelled: requests it had in
    /// flight (a create, say) may still land after a first pass, so passes
    /// repeat until none has found anything for `quiet`, or `limit` is up.
    pub(crate) async fn remove_run_settled(
        &self,
        run_id: &str,
        quiet: Duration,
        limit: Duration,
    ) -> Result<usize, EngineError> {
        let t0 = std::time::Instant::now();
        let mut last_found = std::time::Instant::now();
        let mut total = 0;
        loop {
            let left = limit.saturating_sub(t0.elapsed());
            match tokio::time::timeout(left, self.remove_run(run_id)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(n)) => {
                    total += n;
                    last_found = std::time::Instant::now();
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => {
                    return Err(EngineError::RunRemovalTimeout {
                        run_id: run_id.to_string(),
                        secs: limit.as_secs(),
                    })
                }
            }
            if last_found.elapsed() >= quiet || t0.elapsed() >= limit {
                return Ok(total);
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    pub(crate) async fn remove_all(&self, ids: Vec<String>) -> Result<usize, EngineError> {
        let jobs = ids.iter().map(|id| async move {
            let remove = |limit| {
                let opts = RemoveContainerOptionsBuilder::default().force(true).v(true).build();
                tokio::time::timeout(limit, self.docker.remove_container(id, Some(opts)))
            };
            let first = match remove(STUCK_AFTER).await {
                Ok(r) => r,
                Err(_) => {
                    // The engine holds a container while its runtime is still creating
                    // it, and a runtime can hang there (runsc on a platform the machine
                    // cannot run): no API call gets through until that process ends.
                    let ended = self.end_stuck_runtime(id).await;
                    let secs = (STUCK_AFTER + REMOVE_TIMEOUT).as_secs();
                    match remove(REMOVE_TIMEOUT).await {
                        Ok(r) => r,
                        Err(_) if ended.is_empty() => return Err(EngineError::RemoveStuck { id: id.clone(), secs }),
                        Err(_) => {
                            return Err(EngineError::RemoveStuckAfterKill {
                                id: id.clone(),
                                secs,
                                pids: ended.join(", "),
                            })
                        }
                    }
                }
            };
            match first.map_err(|e| self.api_error(e)) {
                Ok(()) | Err(EngineError::NotFound { .. }) => Ok(()),
                // With force, a conflict is an earlier request we gave up waiting for, still removing it.
                Err(EngineError::Conflict { .. }) => self.wait_gone(id, REMOVE_TIMEOUT).await,
                Err(e) => Err(e.removing(id)),
            }
        });
        let results = futures_util::future::join_all(jobs).await;
        let mut errors: Vec<EngineError> = results.into_iter().filter_map(Result::err).collect();
        match errors.len() {
            0 => Ok(ids.len()),
            1 => Err(errors.remove(0)),
            _ => Err(EngineError::Several(errors)),
        }
    }

    /// (id, labels) of every container, running or not, with the label filter.
    pub(crate) async fn list_labelled(
        &self,
        filter: &str,
    ) -> Result<Vec<(String, HashMap<String, String>)>, EngineError> {
        let filters = HashMap::from([("label".to_string(), vec![filter.to_string()])]);
        let opts = ListContainersOptionsBuilder::default()
            .all(true)
            .filters(&filters)
            .build();
        let list = self
            .docker
            .list_containers(Some(opts))
            .await
            .map_err(|e| self.api_error(e))?;
        Ok(list
            .into_iter()
            .filter_map(|c| Some((c.id?, c.labels.unwrap_or_default())))
            .collect())
    }

    /// An API error by kind: a lost connection says which engine went away.
    pub(super) fn api_error(&self, e: bollard::errors::Error) -> EngineError {
        EngineError::from_call(&self.endpoint, e)
    }

    /// Waits until the engine no longer lists the container (listing does
    /// not wait on a container the way inspect and remove do).
    async fn wait_gone(&self, id: &str, limit: Duration) -> Result<(), EngineError> {
        let filters = HashMap::from([("id".to_string(), vec![id.to_string()])]);
        let t0 = std::time::Instant::now();
        loop {
            let opts = ListContainersOptionsBuilder::default()
                .all(true)
                .filters(&filters)
                .build();
            match self.docker.list_containers(Some(opts)).await {
                Ok(l) if l.is_empty() => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(self.api_error(e).removing(id)),
            }
            if t0.elapsed() > limit {
                return Err(EngineError::StillListed {
                    id: id.to_string(),
                    secs: limit.as_secs(),
                });
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// On a local Linux engine, ends (SIGKILL) the runtime processes still
    /// working on one of our containers: those whose command line holds its
    /// full id (`runsc create … <id>`, the sandbox, the gofer), not the
    /// containerd shim. Returns the PIDs ended; none when not permitted.
    async fn end_stuck_runtime(&self, id: &str) -> Vec<String> {
        if !cfg!(target_os = "linux") || self.os != Os::Linux || !self.is_local() || id.len() != 64 {
            return Vec::new();
        }
        let id = id.to_string();
        tokio::task::spawn_blocking(move || {
            let Ok(mut sys) = sysinfo::System::new() else {
                return Vec::new();
            };
            sys.refresh_processes_specifics(
                sysinfo::ProcessesToUpdate::All,
                true,
                sysinfo::ProcessRefreshKind::nothing().with_cmd(sysinfo::UpdateKind::Always),
            );
            let mut ended = Vec::new();
            for (pid, p) in sys.processes() {
                if p.thread_kind().is_some() || p.name().to_string_lossy().starts_with("containerd-shim") {
                    continue;
                }
                if p.cmd().iter().any(|a| a.to_string_lossy().contains(&id))
                    && p.kill_with(sysinfo::Signal::Kill).unwrap_or(false)
                {
                    ended.push(pid.to_string());
                }
            }
            ended
        })
        .await
        .unwrap_or_default()
    }

    /// Removes containers left by proofbook runs whose process is gone (a
    /// crash, a kill -9). Containers of live runs, here or elsewhere, are kept.
    pub(crate) async fn sweep_stale(&self) -> Result<usize, EngineError> {
        let all = self.list_labelled(LABEL_RUN).await?;
        if all.is_empty() {
            return Ok(0);
        }
        let me = sysinfo::System::host_name().unwrap_or_default();
        // The owners on this host: the PIDs to look up (only those are read).
        let owner_pid = |labels: &HashMap<String, String>| -> Option<Result<u32, ()>> {
            let owner = labels.get(LABEL_OWNER).map(String::as_str).unwrap_or("");
            match owner.rsplit_once(':') {
                Some((host, pid)) if host == me => Some(pid.parse::<u32>().map_err(|_| ())),
                Some(_) => None,
                None => Some(Err(())),
            }
        };
        let pids: Vec<u32> = all.iter().filter_map(|(_, l)| owner_pid(l)?.ok()).collect();
        let alive = if pids.is_empty() {
            Vec::new()
        } else {
            crate::host::processes(&[], &pids).map_err(EngineError::from)?
        };
        let stale: Vec<String> = all
            .into_iter()
            .filter(|(_, labels)| match owner_pid(labels) {
                Some(Ok(pid)) => !alive.iter().any(|p| p.pid == pid),
                Some(Err(())) => true,
                None => false,
            })
            .map(|(id, _)| id)
            .collect();
        if stale.is_empty() {
            return Ok(0);
        }
        self.remove_all(stale).await
    }
}

/// Reads `docker top` in any engine's column layout: Linux `UID PID … CMD`,
/// Windows `Name PID CPU Private Working Set`.
pub(crate) fn parse_top(titles: &[String], rows: &[Vec<String>]) -> Vec<ProcInfo> {
    let col = |names: &[&str]| {
        titles
            .iter()
            .position(|t| names.iter().any(|n| t.eq_ignore_ascii_case(n)))
    };
    let Some(pid_col) = col(&["PID"]) else {
        return Vec::new();
    };
    let cmd_col = col(&["CMD", "COMMAND", "Name"]);
    let user_col = col(&["UID", "USER"]);
    rows.iter()
        .filter_map(|row| {
            let pid = row.get(pid_col)?.trim().parse().ok()?;
            let cmd = cmd_col.and_then(|c| row.get(c)).cloned().unwrap_or_default();
            let name = crate::record::program_name(&cmd).unwrap_or_default().to_string();
            Some(ProcInfo {
                pid,
                name,
                cmd,
                user: user_col.and_then(|c| row.get(c)).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_top;

    #[test]
    fn top_names_come_from_argv0_or_from_inside_brackets() {
        let titles: Vec<String> = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let row = |pid: &str, cmd: &str| {
            ["root", pid, "1", "0", "10:00", "?", "00:00:00", cmd]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        };
        let procs = parse_top(
            &titles,
            &[
                row("10", "/bin/sleep 3600"),
                row("11", "[sleep]"),
                row("12", "[kworker/0:1]"),
            ],
        );
        let names: Vec<&str> = procs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["sleep", "sleep", "kworker/0:1"]);
        assert_eq!(
            procs[1].cmd, "[sleep]",
            "the command line stays as the engine reported it"
        );
    }
}
