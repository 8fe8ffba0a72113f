//! What goes wrong between proofbook and an engine: reaching it (each with
//! its fix), and the calls made once it answers. Callers decide by kind
//! (`is_lost`, `NotFound`, `Conflict`), never by the words of a message.

use crate::messages::Id;
use crate::output::tr;

/// What goes wrong between proofbook and an engine, each with its fix.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EngineError {
    // Choosing and reaching the engine.
    /// Both `--engine` and `--context` were given; the docker CLI refuses that too.
    #[error("{}", tr(Id::err_conflicting, &[]))]
    Conflicting,
    /// The Docker context asked for has no stored metadata.
    #[error("{}", tr(Id::err_unknown_context, &[("name", name), ("path", path)]))]
    UnknownContext {
        /// The context's name, as given.
        name: String,
        /// The metadata file looked for.
        path: String,
    },
    /// The docker CLI's `config.json` or a context's metadata could not be read.
    #[error("{path}: {message}")]
    BadConfig {
        /// The file that could not be read.
        path: String,
        /// Why, in the reader's or the OS's words.
        message: String,
    },
    /// A Docker context turns TLS verification off, which proofbook never does:
    /// evidence from an engine it cannot verify proves nothing.
    #[error(
        "Docker context `{name}` skips TLS verification (SkipTLSVerify); proofbook always verifies the engine: \
         store the engine's CA and a client pair in the context: \
         `docker context update {name} --docker \"host={host},ca=ca.pem,cert=cert.pem,key=key.pem\"`."
    )]
    SkipVerify {
        /// The context's name.
        name: String,
        /// The endpoint the context stores.
        host: String,
    },
    /// TLS was asked for and a certificate file cannot be read.
    #[error("{}", tr(Id::err_missing_certs, &[("endpoint", endpoint), ("why", why), ("missing", missing), ("fix", fix)]))]
    MissingCerts {
        /// The engine's endpoint.
        endpoint: String,
        /// What asked for TLS (`--tlsverify`, DOCKER_TLS_VERIFY, `https://`, …).
        why: String,
        /// The certificate files that are not there, comma-separated.
        missing: String,
        /// How to provide them.
        fix: String,
    },
    /// The endpoint is none of the forms an engine answers at.
    #[error("{}", tr(Id::err_bad_form, &[("endpoint", endpoint), ("hint", hint)]))]
    BadForm {
        /// The endpoint as given.
        endpoint: String,
        /// What was probably meant (a bare socket path: `unix://` in front), or empty.
        hint: String,
    },
    /// The engine speaks TLS and was spoken to in plain HTTP.
    #[error("{}", tr(Id::err_tls_required, &[("endpoint", endpoint), ("fix", &tls_fix())]))]
    TlsRequired {
        /// The engine's endpoint.
        endpoint: String,
    },
    /// The TLS handshake failed (wrong CA, a client pair the engine does not accept).
    #[error("{}", tr(Id::err_tls_handshake, &[("endpoint", endpoint), ("detail", detail), ("fix", fix)]))]
    TlsHandshake {
        /// The engine's endpoint.
        endpoint: String,
        /// The TLS library's words.
        detail: String,
        /// Which certificate must match which.
        fix: String,
    },
    /// No engine answered at the endpoint while connecting.
    #[error("{}", tr(Id::err_unreachable, &[("detail", detail), ("fix", &super::how_to_start_engine())]))]
    Unreachable {
        /// The client's words.
        detail: String,
    },

    // Calls to an engine that answered.
    /// The connection broke: refused, reset, the socket gone.
    #[error("{}", tr(Id::err_lost, &[("endpoint", endpoint), ("detail", detail)]))]
    Lost {
        /// The engine's endpoint.
        endpoint: String,
        /// The client's words.
        detail: String,
    },
    /// No answer within the client's limit.
    #[error("{}", tr(Id::err_timeout, &[("endpoint", endpoint), ("secs", &secs.to_string())]))]
    Timeout {
        /// The engine's endpoint.
        endpoint: String,
        /// The limit that passed, in seconds.
        secs: u64,
    },
    /// 404: no such container, image or exec.
    #[error("{}", tr(Id::err_status, &[("status", "404"), ("message", message)]))]
    NotFound {
        /// The engine's words.
        message: String,
    },
    /// 409: the object is busy (a removal already in progress, a name in use).
    #[error("{}", tr(Id::err_status, &[("status", "409"), ("message", message)]))]
    Conflict {
        /// The engine's words.
        message: String,
    },
    /// Any other refusal, with the engine's status and words.
    #[error("{}", tr(Id::err_status, &[("status", &status.to_string()), ("message", message)]))]
    Api {
        /// The HTTP status of the engine's reply.
        status: u16,
        /// The engine's words.
        message: String,
    },
    /// What the client reported otherwise (a reply it could not read, a broken stream).
    #[error("{0}")]
    Client(String),

    // Removing containers.
    /// A container could not be removed.
    #[error("{}", tr(Id::err_removing, &[("id", id), ("error", &source.to_string())]))]
    Removing {
        /// The container's id.
        id: String,
        /// Why the engine did not remove it.
        source: Box<EngineError>,
    },
    /// A removal got no answer: the container's runtime may be stuck creating it.
    #[error("{}", tr(Id::err_remove_stuck, &[("id", id), ("secs", &secs.to_string())]))]
    RemoveStuck {
        /// The container's id.
        id: String,
        /// How long proofbook waited, in seconds.
        secs: u64,
    },
    /// A removal got no answer even after the container's stuck runtime
    /// processes were ended.
    #[error("{}", tr(Id::err_remove_stuck_after_kill, &[("id", id), ("secs", &secs.to_string()), ("pids", pids)]))]
    RemoveStuckAfterKill {
        /// The container's id.
        id: String,
        /// How long proofbook waited, in seconds.
        secs: u64,
        /// The runtime processes ended, comma-separated PIDs.
        pids: String,
    },
    /// The engine accepted a removal but still lists the container.
    #[error("{}", tr(Id::err_still_listed, &[("id", id), ("secs", &secs.to_string())]))]
    StillListed {
        /// The container's id.
        id: String,
        /// How long after the removal began, in seconds.
        secs: u64,
    },
    /// Removing a run's containers as a whole took longer than its limit.
    #[error("{}", tr(Id::err_run_removal_timeout, &[("run", run_id), ("secs", &secs.to_string())]))]
    RunRemovalTimeout {
        /// The run whose containers (by label) were being removed.
        run_id: String,
        /// The limit, in seconds.
        secs: u64,
    },
    /// Several containers failed to go, each for its own reason.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(&tr(Id::list_sep, &[])))]
    Several(Vec<EngineError>),
    /// The host's process table, needed to tell a crashed run's containers from a live one's.
    #[error(transparent)]
    Host(#[from] crate::host::HostError),

    // Getting an image.
    /// An image had to be pulled and `--offline` (or PROOFBOOK_OFFLINE) forbids it.
    #[error("{}", tr(Id::err_offline, &[]))]
    Offline,
    /// The registry's (or the engine's) own words about a pull.
    #[error("{0}")]
    Pull(String),
    /// A pull outlasted `--pull-timeout`.
    #[error("{}", tr(Id::err_pull_timeout, &[("image", image), ("secs", &secs.to_string())]))]
    PullTimeout {
        /// The image being pulled.
        image: String,
        /// The limit, in seconds.
        secs: u64,
    },
    /// The offline base image needs a statically linked busybox on this machine, and none was found.
    #[error("{}", tr(Id::err_no_busybox, &[]))]
    NoBusybox,
    /// The offline base image's tar could not be made (the OS's words).
    #[error("{}", tr(Id::err_image_tar, &[("detail", .0)]))]
    ImageTar(String),
    /// An image is not on the engine and its pull failed.
    #[error("{}", tr(Id::err_not_pulled, &[("image", image), ("pull", &pull.to_string())]))]
    NotPulled {
        /// The image a step asked for.
        image: String,
        /// Why the pull failed.
        pull: Box<EngineError>,
    },
    /// The offline base image could be neither pulled nor built here.
    #[error("{}", tr(Id::err_not_built, &[("image", image), ("pull", &pull.to_string()), ("build", &build.to_string())]))]
    NotBuilt {
        /// The image a step asked for.
        image: String,
        /// Why the pull failed.
        pull: Box<EngineError>,
        /// Why the local build failed.
        build: Box<EngineError>,
    },
}

/// How to give proofbook the client certificates a TLS engine asks for.
pub(super) fn tls_fix() -> String {
    tr(Id::tls_fix, &[])
}

impl EngineError {
    /// A call's failure, by kind: a broken connection names the engine that went away.
    pub(crate) fn from_call(endpoint: &str, e: bollard::errors::Error) -> EngineError {
        use bollard::errors::Error as E;
        match e {
            E::HyperLegacyError { .. } | E::IOError { .. } | E::SocketNotFoundError(_) => EngineError::Lost {
                endpoint: endpoint.to_string(),
                detail: e.to_string(),
            },
            E::RequestTimeoutError => EngineError::Timeout {
                endpoint: endpoint.to_string(),
                secs: super::API_TIMEOUT_SECS,
            },
            E::DockerResponseServerError {
                status_code: 404,
                message,
            } => EngineError::NotFound { message },
            E::DockerResponseServerError {
                status_code: 409,
                message,
            } => EngineError::Conflict { message },
            E::DockerResponseServerError { status_code, message } => EngineError::Api {
                status: status_code,
                message,
            },
            other => EngineError::Client(other.to_string()),
        }
    }

    /// Whether the engine went away (so waiting for it to come back may help).
    pub(crate) fn is_lost(&self) -> bool {
        match self {
            EngineError::Lost { .. } => true,
            EngineError::Removing { source, .. } => source.is_lost(),
            EngineError::Several(all) => all.iter().any(EngineError::is_lost),
            _ => false,
        }
    }

    /// Removing `id` failed with `self`.
    pub(super) fn removing(self, id: &str) -> EngineError {
        EngineError::Removing {
            id: id.to_string(),
            source: Box::new(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EngineError;
    use bollard::errors::Error as E;

    fn server(status_code: u16) -> E {
        E::DockerResponseServerError {
            status_code,
            message: "No such container: abc".into(),
        }
    }

    #[test]
    fn calls_fail_by_kind_and_keep_the_engines_words() {
        let e = EngineError::from_call("unix:///x.sock", server(404));
        assert!(matches!(e, EngineError::NotFound { .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            server(404).to_string(),
            "the engine's words, as bollard gives them"
        );
        assert!(matches!(
            EngineError::from_call("e", server(409)),
            EngineError::Conflict { .. }
        ));
        let api = EngineError::from_call("e", server(500));
        assert!(matches!(api, EngineError::Api { status: 500, .. }), "{api:?}");
        assert!(!api.is_lost());
        let timeout = EngineError::from_call("unix:///x.sock", E::RequestTimeoutError);
        assert!(matches!(timeout, EngineError::Timeout { .. }) && !timeout.is_lost());
        assert!(timeout
            .to_string()
            .starts_with("the Docker engine at unix:///x.sock did not answer within"));
    }

    #[test]
    fn a_lost_engine_is_told_apart_however_deep() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let lost = EngineError::from_call("unix:///x.sock", E::IOError { err: io });
        assert!(lost.is_lost());
        assert!(
            lost.to_string().starts_with("lost the Docker engine at unix:///x.sock"),
            "{lost}"
        );
        let removing = lost.clone().removing("abc");
        assert!(removing.is_lost());
        assert!(
            removing.to_string().starts_with("removing abc: lost the Docker engine"),
            "{removing}"
        );
        let several = EngineError::Several(vec![
            EngineError::StillListed {
                id: "a".into(),
                secs: 1,
            },
            removing,
        ]);
        assert!(several.is_lost());
        assert_eq!(several.to_string().matches("; ").count(), 1, "{several}");
        assert!(!EngineError::StillListed {
            id: "a".into(),
            secs: 1
        }
        .is_lost());
    }
}
