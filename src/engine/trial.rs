//! A trial container, for what the engine's facts do not say: on Windows,
//! whether Hyper-V isolation can start anything on the engine's machine
//! (`docker info` reports the default isolation, not whether Hyper-V is on).

use std::time::Duration;

use super::{ContainerSpec, Engine};
use crate::messages::Msg;
use crate::platform::{windows, ContainerIsolation, Os};

/// A utility VM boots in seconds; a machine without Hyper-V fails at once.
const TRIAL_LIMIT: Duration = Duration::from_secs(120);

impl Engine {
    /// Windows: why Hyper-V isolation cannot start a container on the engine's
    /// machine, from a trial container of `image`; None when it can, or when
    /// the trial failed for another reason (the steps then say theirs).
    pub(crate) async fn hyperv_unavailable(&self, image: &str, run_id: &str) -> Option<Msg> {
        // Client Windows isolates with Hyper-V by default: it has it.
        if self.os != Os::Windows || self.info.default_isolation.eq_ignore_ascii_case("hyperv") {
            return None;
        }
        let spec = ContainerSpec {
            name: format!("pb-{run_id}-hyperv-trial"),
            image,
            command: vec!["cmd".into(), "/c".into(), "exit".into(), "0".into()],
            isolation: ContainerIsolation {
                runtime: None,
                isolation: Some("hyperv".into()),
            },
            run_id,
            lesson: "hyperv-trial",
        };
        let trial = async {
            let id = self.create(&spec).await?;
            let started = self.start(&id).await;
            let _ = self.remove_all(vec![id]).await;
            started
        };
        match tokio::time::timeout(TRIAL_LIMIT, trial).await {
            // The engine's own words (HCS's) say whether the feature is missing.
            Ok(Err(e)) if windows::hyperv_missing(&e.to_string()) => {
                Some(windows::hyperv_missing_reason(&e.to_string()))
            }
            _ => None,
        }
    }
}
