//! The Docker engine, through bollard. The API version is negotiated with the
//! engine so old (20.10, API 1.41) and new engines both answer.

mod containers;
mod error;
mod error_text;
mod images;
mod locality;
pub(crate) mod remote;
mod ssh;
mod trial;

use bollard::Docker;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OnceCell};

pub(crate) use containers::{parse_top, ContainerSpec, ContainerState, LABEL_RUN};
pub use error::EngineError;
pub(crate) use images::{find_static_busybox, ImageResult, ImageSource, BASE_IMAGE, PULL_TIMEOUT};
pub(crate) use locality::Locality;
pub use remote::RemoteOptions;
pub(crate) use remote::{DockerEnv, Target};
pub(crate) use trial::{Trial, TrialError, TrialSpec};

use crate::platform::{self, ForcedRuntimes, Os};
use crate::record::{HostInfo, IsolationBinding};

/// How long any single API call may take before the engine counts as gone.
/// Longer than the longest step limit a lesson may set, so a step that hangs
/// ends as `timeout` by its own limit, never as an API error first; calls
/// outside steps (connecting, removing) carry shorter limits of their own.
pub(crate) const API_TIMEOUT_SECS: u64 = crate::lesson::MAX_STEP_SECONDS as u64 + 60;

/// The limit of each call made while connecting.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) struct Engine {
    /// Reached only through this module's functions, so callers deal in `EngineError` kinds.
    docker: Docker,
    pub(crate) endpoint: String,
    /// A plain name for the engine's records folder and column (the context's name, or the endpoint's).
    pub(crate) label: String,
    pub(crate) os: Os,
    pub(crate) offline: bool,
    pub(crate) info: EngineFacts,
    /// Whether the engine's containers run on this machine, from evidence.
    pub(crate) locality: Locality,
    /// How long one image's pull may take (not counted in any step's time).
    pub(crate) pull_timeout: Duration,
    /// Requested image → what getting it came to; shared by the lessons of a
    /// run so an image is pulled (or the base image imported) once.
    image_cache: Mutex<HashMap<String, Arc<OnceCell<ImageResult>>>>,
}

/// What the engine said about itself at connect time.
#[derive(Debug, Clone, Default)]
pub(crate) struct EngineFacts {
    pub(crate) version: String,
    pub(crate) api_version: String,
    pub(crate) os_type: String,
    pub(crate) runtimes: Vec<String>,
    pub(crate) default_runtime: String,
    pub(crate) kernel: String,
    pub(crate) operating_system: String,
    pub(crate) os_version: String,
    /// The engine host's name (`docker info` Name).
    pub(crate) name: String,
    /// The engine host's memory in bytes (`docker info` MemTotal).
    pub(crate) mem_total: u64,
    /// Windows: the isolation a container gets when none is asked for (`docker info` Isolation).
    pub(crate) default_isolation: String,
}

pub(crate) fn how_to_start_engine() -> String {
    crate::output::tr(crate::messages::Id::start_engine, &[])
}

impl Engine {
    /// Connects to `endpoint` or, when absent, to the engine the docker CLI
    /// would pick (context, DOCKER_HOST, the local socket).
    pub(crate) async fn connect(endpoint: Option<&str>, offline: bool) -> Result<Engine, EngineError> {
        Self::connect_with(endpoint, &RemoteOptions::default(), offline).await
    }

    /// As `connect`, with the command line's context and TLS choices.
    pub(crate) async fn connect_with(
        endpoint: Option<&str>,
        remote: &RemoteOptions,
        offline: bool,
    ) -> Result<Engine, EngineError> {
        let target = remote::resolve(endpoint, remote, &DockerEnv::from_process())?;
        let shown = target.host.clone();
        let docker = remote::dial(&target)?.with_timeout(Duration::from_secs(API_TIMEOUT_SECS));
        let no_answer = || EngineError::Unreachable {
            detail: format!("{shown}: no answer within {} s", CONNECT_TIMEOUT.as_secs()),
        };
        let docker = tokio::time::timeout(CONNECT_TIMEOUT, docker.negotiate_version())
            .await
            .map_err(|_| no_answer())?
            .map_err(|e| remote::classify(&target, &e))?;
        // Every call while connecting has its own short limit: the client's
        // timeout is as long as the longest step.
        let version = tokio::time::timeout(CONNECT_TIMEOUT, docker.version())
            .await
            .map_err(|_| no_answer())?
            .map_err(|e| remote::classify(&target, &e))?;
        let info = tokio::time::timeout(CONNECT_TIMEOUT, docker.info())
            .await
            .map_err(|_| no_answer())?
            .map_err(|e| remote::classify(&target, &e))?;
        let mut runtimes: Vec<String> = info.runtimes.clone().unwrap_or_default().into_keys().collect();
        runtimes.sort();
        let facts = EngineFacts {
            version: version.version.clone().unwrap_or_default(),
            api_version: docker.client_version().to_string(),
            os_type: info
                .os_type
                .clone()
                .or(version.os.clone())
                .unwrap_or_else(|| "linux".into()),
            runtimes,
            default_runtime: info.default_runtime.clone().unwrap_or_default(),
            kernel: info.kernel_version.clone().unwrap_or_default(),
            operating_system: info.operating_system.clone().unwrap_or_default(),
            os_version: info.os_version.clone().unwrap_or_default(),
            name: info.name.clone().unwrap_or_default(),
            mem_total: info.mem_total.and_then(|m| u64::try_from(m).ok()).unwrap_or(0),
            default_isolation: info
                .isolation
                .map(|i| i.to_string())
                .filter(|i| !i.is_empty() && i != "default")
                .unwrap_or_default(),
        };
        let locality = locality::judge(&docker, &facts).await;
        Ok(Engine {
            os: Os::from_engine(&facts.os_type),
            docker,
            label: target.label(),
            endpoint: shown,
            offline,
            info: facts,
            locality,
            pull_timeout: PULL_TIMEOUT,
            image_cache: Mutex::new(HashMap::new()),
        })
    }

    /// Whether processes of this engine's containers can show up in this
    /// machine's process table: only when the evidence says the engine's
    /// machine is this one (see `locality`), never from the endpoint alone.
    pub(crate) fn is_local(&self) -> bool {
        self.locality == Locality::ThisMachine
    }

    /// Why the engine's host cannot be looked at from here; None when it can.
    pub(crate) fn not_here(&self) -> Option<String> {
        match &self.locality {
            Locality::ThisMachine => None,
            Locality::Elsewhere(why) => {
                let why = crate::messages::Text::from(why.clone()).plain(crate::output::lang());
                Some(crate::output::tr(
                    crate::messages::Id::engine_not_here,
                    &[("endpoint", &self.endpoint), ("why", &why)],
                ))
            }
        }
    }

    pub(crate) fn bindings(&self, forced: &ForcedRuntimes) -> Vec<IsolationBinding> {
        platform::bind_isolation(self.os, &self.info.runtimes, &self.info.default_runtime, forced)
    }

    /// The host fingerprint every record carries. Every fact is of the
    /// engine's machine: read here only when the evidence says this machine
    /// is that one, else as the engine reports it; `proofbook_host` and
    /// `elsewhere` mark the one fact of proofbook's own machine.
    pub(crate) fn host_info(&self, bindings: &[IsolationBinding]) -> HostInfo {
        let local = self.is_local();
        let (os_name, os_version, kernel, hostname) = if local {
            (
                sysinfo::System::long_os_version()
                    .or(sysinfo::System::name())
                    .unwrap_or_default(),
                sysinfo::System::os_version().unwrap_or_default(),
                sysinfo::System::kernel_version().unwrap_or_default(),
                sysinfo::System::host_name().unwrap_or_default(),
            )
        } else {
            (
                self.info.operating_system.clone(),
                self.info.os_version.clone(),
                self.info.kernel.clone(),
                self.info.name.clone(),
            )
        };
        // On Windows the kernel version *is* the build number the image tag must match.
        let os_build = match self.os {
            Os::Windows => platform::windows::build_number(&self.info.kernel)
                .or_else(|| platform::windows::build_number(&self.info.os_version))
                .unwrap_or_default()
                .to_string(),
            Os::Linux => String::new(),
        };
        HostInfo {
            os: self.os,
            os_name,
            os_version,
            os_build,
            kernel,
            hostname,
            engine_endpoint: self.endpoint.clone(),
            engine_version: self.info.version.clone(),
            engine_api_version: self.info.api_version.clone(),
            engine_os: format!("{} {}", self.info.operating_system, self.info.os_version)
                .trim()
                .to_string(),
            runtimes: self.info.runtimes.clone(),
            default_runtime: self.info.default_runtime.clone(),
            isolation: bindings.to_vec(),
            captured_at: now(),
            default_isolation: self.info.default_isolation.clone(),
            net_interfaces: if local {
                crate::host::network_interfaces()
            } else {
                Vec::new()
            },
            elsewhere: match &self.locality {
                Locality::ThisMachine => Default::default(),
                Locality::Elsewhere(why) => why.clone().into(),
            },
            proofbook_host: if local {
                String::new()
            } else {
                format!(
                    "{} ({})",
                    sysinfo::System::host_name().unwrap_or_default(),
                    std::env::consts::OS
                )
            },
        }
    }
}

pub(crate) fn default_endpoint() -> &'static str {
    if cfg!(windows) {
        "npipe:////./pipe/docker_engine"
    } else {
        "unix:///var/run/docker.sock"
    }
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
