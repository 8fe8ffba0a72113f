//! What goes wrong between proofbook and an engine: reaching it (each with
//! its fix), and the calls made once it answers. Callers decide by kind
//! (`is_lost`, `NotFound`, `Conflict`), never by the words of a message.

/// What goes wrong between proofbook and an engine, each with its fix.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EngineError {
    // Choosing and reaching the engine.
    #[error(
        "conflicting options: give --engine or --context, not both (the docker CLI refuses -H with --context too)"
    )]
    Conflicting,
    #[error(
        "Docker context `{name}` not found (no {path}). `docker context ls` lists the contexts; \
         `docker context create {name} --docker \"host=tcp://HOST:2376,ca=ca.pem,cert=cert.pem,key=key.pem\"` makes one"
    )]
    UnknownContext { name: String, path: String },
    #[error("{path}: {message}")]
    BadConfig { path: String, message: String },
    #[error(
        "Docker context `{name}` skips TLS verification (SkipTLSVerify); proofbook always verifies the engine: \
         store the engine's CA and a client pair in the context: \
         `docker context update {name} --docker \"host={host},ca=ca.pem,cert=cert.pem,key=key.pem\"`."
    )]
    SkipVerify { name: String, host: String },
    #[error("{endpoint} is a TLS engine ({why}) but {missing} cannot be read. {fix}")]
    MissingCerts {
        endpoint: String,
        why: String,
        missing: String,
        fix: String,
    },
    #[error(
        "`{endpoint}` is not an engine endpoint proofbook can use: write unix:///path/to/docker.sock, tcp://host:port, \
         ssh://user@host[:port] or (Windows) npipe:////./pipe/docker_engine.{hint}"
    )]
    BadForm { endpoint: String, hint: String },
    #[error("{endpoint} speaks TLS and proofbook spoke plain HTTP to it. {}", TLS_FIX)]
    TlsRequired { endpoint: String },
    #[error("the TLS handshake with {endpoint} failed ({detail}). {fix}")]
    TlsHandshake {
        endpoint: String,
        detail: String,
        fix: String,
    },
    #[error("cannot reach the Docker engine ({detail}). {}", super::how_to_start_engine())]
    Unreachable { detail: String },

    // Calls to an engine that answered.
    /// The connection broke: refused, reset, the socket gone.
    #[error("lost the Docker engine at {endpoint} (is it still running?): {detail}")]
    Lost { endpoint: String, detail: String },
    /// No answer within the client's limit.
    #[error("the Docker engine at {endpoint} did not answer within {secs} s")]
    Timeout { endpoint: String, secs: u64 },
    /// 404: no such container, image or exec.
    #[error("Docker responded with status code 404: {message}")]
    NotFound { message: String },
    /// 409: the object is busy (a removal already in progress, a name in use).
    #[error("Docker responded with status code 409: {message}")]
    Conflict { message: String },
    /// Any other refusal, with the engine's status and words.
    #[error("Docker responded with status code {status}: {message}")]
    Api { status: u16, message: String },
    /// What the client reported otherwise (a reply it could not read, a broken stream).
    #[error("{0}")]
    Client(String),

    // Removing containers.
    #[error("removing {id}: {source}")]
    Removing { id: String, source: Box<EngineError> },
    #[error(
        "removing {id}: no answer within {secs} s (its runtime may be stuck creating it; \
         end the runtime processes whose command line holds this id, then `docker rm -f {id}`)"
    )]
    RemoveStuck { id: String, secs: u64 },
    #[error("removing {id}: no answer within {secs} s, even after ending its stuck runtime processes {pids}")]
    RemoveStuckAfterKill { id: String, secs: u64, pids: String },
    #[error("removing {id}: still listed {secs} s after its removal began")]
    StillListed { id: String, secs: u64 },
    #[error("removing the containers of run {run_id}: no answer within {secs} s")]
    RunRemovalTimeout { run_id: String, secs: u64 },
    /// Several containers failed to go, each for its own reason.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Several(Vec<EngineError>),
    /// The host's process table, needed to tell a crashed run's containers from a live one's.
    #[error(transparent)]
    Host(#[from] crate::host::HostError),

    // Getting an image.
    #[error("offline mode: pulling is disabled")]
    Offline,
    /// The registry's (or the engine's) own words about a pull.
    #[error("{0}")]
    Pull(String),
    #[error("the pull of `{image}` took longer than {secs} s (`--pull-timeout` sets the limit)")]
    PullTimeout { image: String, secs: u64 },
    #[error(
        "no statically linked busybox found (looked in /bin, /usr/bin); install it with `sudo apt-get install busybox-static`"
    )]
    NoBusybox,
    #[error("building the image tar: {0}")]
    ImageTar(String),
    #[error("image `{image}` is not on the engine and could not be pulled ({pull})")]
    NotPulled { image: String, pull: Box<EngineError> },
    #[error("image `{image}` could not be pulled ({pull}) nor built locally: {build}")]
    NotBuilt {
        image: String,
        pull: Box<EngineError>,
        build: Box<EngineError>,
    },
}

pub(super) const TLS_FIX: &str = "Give it the client certificates the engine's CA signed: \
    `DOCKER_TLS_VERIFY=1` and `DOCKER_CERT_PATH=<folder with ca.pem, cert.pem, key.pem>`, \
    or `--tlsverify --tlscacert ca.pem --tlscert cert.pem --tlskey key.pem`, or a Docker context that has them \
    (`--context NAME`).";

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
