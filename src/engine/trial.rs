//! Trial containers, for what the engine's facts do not say: whether a
//! runtime or an isolation mode can start anything at all (`doctor`), and on
//! Windows whether Hyper-V isolation can (`docker info` reports the default
//! isolation, not whether Hyper-V is on). One lifecycle for both
//! ([`Engine::trial`]): created and started within a limit, looked at while
//! it runs, force-removed whatever happened.

use std::future::Future;
use std::time::{Duration, Instant};

use super::{ContainerSpec, Engine, EngineError};
use crate::messages::{Id, Msg};
use crate::output::tr;
use crate::platform::{windows, ContainerIsolation, Os};

/// A utility VM boots in seconds; a machine without Hyper-V fails at once.
const TRIAL_LIMIT: Duration = Duration::from_secs(120);

/// What a trial container is made of and how long it may take to start.
pub(crate) struct TrialSpec<'a> {
    /// The container; its name carries the run id, which keeps it apart from
    /// a lesson's containers, and its lesson label says what it is for
    /// (`doctor`, `hyperv-trial`).
    pub(crate) container: ContainerSpec<'a>,
    /// The limit of its create, and again of its start and the look at it.
    pub(crate) limit: Duration,
}

/// A trial container that started: what was seen of it while it ran.
pub(crate) struct Trial<T> {
    /// Its id, for a message that names it (it is gone by now).
    pub(crate) id: String,
    /// From the create to the end of the look, removal not counted.
    pub(crate) took: Duration,
    pub(crate) seen: T,
}

/// Why a trial container did not show its runtime usable.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TrialError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{}", tr(Id::trial_not_created, &[("secs", &.0.to_string())]))]
    NotCreated(u64),
    #[error("{}", tr(Id::trial_not_running, &[("state", .0)]))]
    NotRunning(String),
    #[error("{}", tr(Id::trial_not_started, &[("secs", &.0.to_string())]))]
    NotStarted(u64),
    #[error("{}", tr(Id::trial_not_removed, &[("error", &.0.to_string())]))]
    NotRemoved(EngineError),
}

impl Engine {
    /// Creates and starts a trial container, gives its id to `look` while it
    /// runs, and force-removes it, also when the start or the look failed or
    /// ran out of time. A create that runs out of time leaves whatever it
    /// made to the run's removal (`remove_run`), as it has no id yet.
    pub(crate) async fn trial<T, Fut>(
        &self,
        spec: &TrialSpec<'_>,
        look: impl FnOnce(String) -> Fut,
    ) -> Result<Trial<T>, TrialError>
    where
        Fut: Future<Output = Result<T, TrialError>>,
    {
        let t0 = Instant::now();
        let secs = spec.limit.as_secs();
        let id = tokio::time::timeout(spec.limit, self.create(&spec.container))
            .await
            .map_err(|_| TrialError::NotCreated(secs))??;
        let work = async {
            self.start(&id).await?;
            look(id.clone()).await
        };
        let result = tokio::time::timeout(spec.limit, work)
            .await
            .unwrap_or(Err(TrialError::NotStarted(secs)));
        let took = t0.elapsed();
        let removed = self.remove_all(vec![id.clone()]).await;
        let seen = result?;
        removed.map_err(TrialError::NotRemoved)?;
        Ok(Trial { id, took, seen })
    }

    /// Windows: why Hyper-V isolation cannot start a container on the engine's
    /// machine, from a trial container of `image`; None when it can, or when
    /// the trial failed for another reason (the steps then say theirs).
    pub(crate) async fn hyperv_unavailable(&self, image: &str, run_id: &str) -> Option<Msg> {
        // Client Windows isolates with Hyper-V by default: it has it.
        if self.os != Os::Windows || self.info.default_isolation.eq_ignore_ascii_case("hyperv") {
            return None;
        }
        let spec = TrialSpec {
            container: ContainerSpec {
                name: format!("pb-{run_id}-hyperv-trial"),
                image,
                command: vec!["cmd".into(), "/c".into(), "exit".into(), "0".into()],
                isolation: ContainerIsolation {
                    runtime: None,
                    isolation: Some("hyperv".into()),
                },
                run_id,
                lesson: "hyperv-trial",
            },
            limit: TRIAL_LIMIT,
        };
        // Started is all it asks: the container exits at once by design.
        match self.trial(&spec, |_| async { Ok(()) }).await {
            // The engine's own words (HCS's) say whether the feature is missing.
            Err(TrialError::Engine(e)) if windows::hyperv_missing(&e.to_string()) => {
                Some(windows::hyperv_missing_reason(&e.to_string()))
            }
            _ => None,
        }
    }
}
