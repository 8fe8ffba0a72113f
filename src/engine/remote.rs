//! Which engine to reach and how, decided the way the docker CLI decides it, so
//! that a maintainer's `docker` and `proofbook` talk to the same engine:
//! `--engine` (docker's `-H`) > `--context` > `DOCKER_HOST` > `DOCKER_CONTEXT` >
//! the `currentContext` of `config.json` > the local socket. TLS comes from
//! `--tlsverify`/`--tlscacert`/`--tlscert`/`--tlskey`, `DOCKER_TLS_VERIFY` +
//! `DOCKER_CERT_PATH`, or a context's stored TLS material.

use std::path::PathBuf;

use bollard::{Docker, API_DEFAULT_VERSION};
use sha2::{Digest, Sha256};

use super::error::tls_fix;
pub(crate) use super::error::EngineError;
use super::API_TIMEOUT_SECS;
use crate::messages::Id;
use crate::output::tr;

/// The TLS and context choices of the command line: docker's global flags of
/// the same names, declared here once and flattened into every command that
/// reaches an engine. Arg ids are the flags' names: the catalogue describes them by those.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RemoteOptions {
    /// `--context`: the Docker context whose endpoint and TLS material to use.
    #[arg(long)]
    pub context: Option<String>,
    /// `--tlsverify`: speak TLS and verify the engine's certificate.
    #[arg(id = "tlsverify", long = "tlsverify")]
    pub tls_verify: bool,
    /// `--tlscacert`: the CA that signed the engine's certificate.
    #[arg(id = "tlscacert", long = "tlscacert", value_name = "FILE")]
    pub tls_ca: Option<PathBuf>,
    /// `--tlscert`: the client certificate.
    #[arg(id = "tlscert", long = "tlscert", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// `--tlskey`: the client certificate's key.
    #[arg(id = "tlskey", long = "tlskey", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
}

/// The part of the environment the docker CLI reads; taken apart from the
/// process so resolution can be tested without touching global state.
#[derive(Debug, Clone, Default)]
pub(crate) struct DockerEnv {
    pub(crate) host: Option<String>,
    pub(crate) context: Option<String>,
    /// Any non-empty DOCKER_TLS_VERIFY turns verification on, `0` included, as for the docker CLI.
    pub(crate) tls_verify: bool,
    pub(crate) cert_path: Option<PathBuf>,
    /// DOCKER_CONFIG, else `~/.docker`.
    pub(crate) config_dir: Option<PathBuf>,
}

impl DockerEnv {
    pub(crate) fn from_process() -> DockerEnv {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        DockerEnv {
            host: var("DOCKER_HOST"),
            context: var("DOCKER_CONTEXT"),
            tls_verify: var("DOCKER_TLS_VERIFY").is_some(),
            cert_path: var("DOCKER_CERT_PATH").map(PathBuf::from),
            config_dir: var("DOCKER_CONFIG")
                .map(PathBuf::from)
                .or_else(|| std::env::home_dir().map(|h| h.join(".docker"))),
        }
    }
}

/// The client certificate set of a TLS engine.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TlsFiles {
    pub(crate) ca: PathBuf,
    pub(crate) cert: PathBuf,
    pub(crate) key: PathBuf,
}

/// Where the endpoint came from; named in messages so a reader knows what to change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Via {
    Flag,
    Context(String),
    DockerHost,
    Default,
}

/// An engine endpoint and how to speak to it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub(crate) host: String,
    pub(crate) tls: Option<TlsFiles>,
    pub(crate) via: Via,
}

impl Target {
    /// A plain name (letters, digits, `-`) for the engine's records folder and column.
    pub(crate) fn label(&self) -> String {
        match &self.via {
            Via::Context(name) => plain_name(name),
            Via::Default => "local".to_string(),
            // A DOCKER_HOST socket is this machine's engine, named as before contexts existed.
            Via::DockerHost
                if ["unix://", "npipe://"]
                    .iter()
                    .any(|p| self.host.to_ascii_lowercase().starts_with(p)) =>
            {
                "local".to_string()
            }
            Via::Flag | Via::DockerHost => {
                let rest = self.host.split_once("://").map_or(self.host.as_str(), |(_, r)| r);
                plain_name(rest)
            }
        }
    }
}

fn plain_name(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "engine".to_string()
    } else {
        s
    }
}

/// Picks the engine as the docker CLI would; reads contexts from `env.config_dir`.
pub(crate) fn resolve(flag: Option<&str>, opts: &RemoteOptions, env: &DockerEnv) -> Result<Target, EngineError> {
    if flag.is_some() && opts.context.is_some() {
        return Err(EngineError::Conflicting);
    }
    if let Some(host) = flag {
        return with_tls(host, Via::Flag, opts, env);
    }
    let context = match &opts.context {
        Some(name) => Some(name.clone()),
        // DOCKER_HOST outranks every context but the one given on the command line.
        None if env.host.is_some() => None,
        None => match &env.context {
            Some(name) => Some(name.clone()),
            None => current_context(env)?,
        },
    };
    match context.filter(|n| n != "default") {
        Some(name) => from_context(&name, env),
        None => match &env.host {
            Some(host) => with_tls(host, Via::DockerHost, opts, env),
            None => with_tls(super::default_endpoint(), Via::Default, opts, env),
        },
    }
}

/// TLS applies to tcp:// (and https://) endpoints only, as in the docker CLI.
fn with_tls(host: &str, via: Via, opts: &RemoteOptions, env: &DockerEnv) -> Result<Target, EngineError> {
    check_form(host)?;
    let lower = host.to_ascii_lowercase();
    let tcp = lower.starts_with("tcp://") || lower.starts_with("https://");
    let why = if opts.tls_verify {
        Some("--tlsverify")
    } else if opts.tls_ca.is_some() || opts.tls_cert.is_some() || opts.tls_key.is_some() {
        Some("--tlscacert/--tlscert/--tlskey")
    } else if env.tls_verify {
        Some("DOCKER_TLS_VERIFY")
    } else if lower.starts_with("https://") {
        Some("https://")
    } else {
        None
    };
    let tls = match why {
        Some(why) if tcp => {
            let dir = env
                .cert_path
                .clone()
                .or_else(|| env.config_dir.clone())
                .unwrap_or_default();
            let files = TlsFiles {
                ca: opts.tls_ca.clone().unwrap_or_else(|| dir.join("ca.pem")),
                cert: opts.tls_cert.clone().unwrap_or_else(|| dir.join("cert.pem")),
                key: opts.tls_key.clone().unwrap_or_else(|| dir.join("key.pem")),
            };
            let why = if why == "DOCKER_TLS_VERIFY" {
                tr(Id::tls_why_env, &[])
            } else {
                why.to_string()
            };
            check_files(host, &why, &files, &tls_fix())?;
            Some(files)
        }
        _ => None,
    };
    Ok(Target {
        host: host.to_string(),
        tls,
        via,
    })
}

fn check_files(endpoint: &str, why: &str, files: &TlsFiles, fix: &str) -> Result<(), EngineError> {
    let missing: Vec<String> = [&files.ca, &files.cert, &files.key]
        .into_iter()
        .filter(|p| !p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(EngineError::MissingCerts {
        endpoint: endpoint.to_string(),
        why: why.to_string(),
        missing: missing.join(", "),
        fix: fix.to_string(),
    })
}

/// The forms an engine can answer at.
fn check_form(endpoint: &str) -> Result<(), EngineError> {
    let lower = endpoint.to_ascii_lowercase();
    let forms = ["unix://", "tcp://", "http://", "https://", "npipe://", "ssh://"];
    if forms.iter().any(|f| lower.starts_with(f)) {
        return Ok(());
    }
    let hint = if endpoint.starts_with('/') {
        tr(Id::hint_unix, &[("endpoint", endpoint)])
    } else {
        String::new()
    };
    Err(EngineError::BadForm {
        endpoint: endpoint.to_string(),
        hint,
    })
}

fn context_dir(env: &DockerEnv, kind: &str, name: &str) -> PathBuf {
    let hash = format!("{:x}", Sha256::digest(name.as_bytes()));
    env.config_dir
        .clone()
        .unwrap_or_default()
        .join("contexts")
        .join(kind)
        .join(hash)
}

/// `currentContext` of `config.json`; an absent file or key means none.
fn current_context(env: &DockerEnv) -> Result<Option<String>, EngineError> {
    let Some(dir) = &env.config_dir else { return Ok(None) };
    let path = dir.join("config.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| EngineError::BadConfig {
        path: path.display().to_string(),
        message: tr(Id::err_not_json, &[("detail", &e.to_string())]),
    })?;
    Ok(json
        .get("currentContext")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .map(str::to_string))
}

/// A context's docker endpoint (`meta.json`) and its TLS material (`tls/<hash>/docker/`).
fn from_context(name: &str, env: &DockerEnv) -> Result<Target, EngineError> {
    let meta = context_dir(env, "meta", name).join("meta.json");
    let text = std::fs::read_to_string(&meta).map_err(|_| EngineError::UnknownContext {
        name: name.to_string(),
        path: meta.display().to_string(),
    })?;
    let bad = |message: String| EngineError::BadConfig {
        path: meta.display().to_string(),
        message,
    };
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad(tr(Id::err_not_json, &[("detail", &e.to_string())])))?;
    let endpoint = &json["Endpoints"]["docker"];
    let host = endpoint["Host"]
        .as_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad(tr(Id::err_context_no_host, &[("name", name)])))?;
    check_form(host).map_err(|e| bad(e.to_string()))?;
    let tls_dir = context_dir(env, "tls", name).join("docker");
    let lower = host.to_ascii_lowercase();
    let tcp = lower.starts_with("tcp://") || lower.starts_with("https://");
    // SkipTLSVerify means "TLS without checking": with or without TLS material it is
    // refused, never taken as leave to speak plain HTTP.
    if endpoint["SkipTLSVerify"].as_bool() == Some(true) && (tcp || lower.starts_with("http://")) {
        return Err(EngineError::SkipVerify {
            name: name.to_string(),
            host: host.to_string(),
        });
    }
    let tls = if tcp && (tls_dir.is_dir() || lower.starts_with("https://")) {
        let files = TlsFiles {
            ca: tls_dir.join("ca.pem"),
            cert: tls_dir.join("cert.pem"),
            key: tls_dir.join("key.pem"),
        };
        let fix = tr(Id::tls_fix_context, &[("name", name), ("host", host)]);
        check_files(host, &tr(Id::tls_why_context, &[("name", name)]), &files, &fix)?;
        Some(files)
    } else {
        None
    };
    Ok(Target {
        host: host.to_string(),
        tls,
        via: Via::Context(name.to_string()),
    })
}

/// A client for the target; nothing is sent yet.
pub(crate) fn dial(target: &Target) -> Result<Docker, EngineError> {
    let host = target.host.as_str();
    let lower = host.to_ascii_lowercase();
    let unreachable = |e: bollard::errors::Error| EngineError::Unreachable {
        detail: format!("{host}: {}", said(&e)),
    };
    if let Some(tls) = &target.tls {
        return Docker::connect_with_ssl(
            host,
            &tls.key,
            &tls.cert,
            &tls.ca,
            API_TIMEOUT_SECS,
            API_DEFAULT_VERSION,
        )
        .map_err(unreachable);
    }
    if lower.starts_with("ssh://") {
        return super::ssh::connect(host);
    }
    if lower.starts_with("https://") {
        // TLS was asked for but no material resolved: never fall back to plain HTTP.
        return Err(EngineError::TlsRequired {
            endpoint: host.to_string(),
        });
    }
    if lower.starts_with("tcp://") || lower.starts_with("http://") {
        // Not connect_with_host: with TLS built in, it would read DOCKER_TLS_VERIFY behind this resolution's back.
        return Docker::connect_with_http(host, API_TIMEOUT_SECS, API_DEFAULT_VERSION).map_err(unreachable);
    }
    Docker::connect_with_host(host).map_err(unreachable)
}

/// The first answer failed: say what that means for this kind of endpoint.
pub(crate) fn classify(target: &Target, err: &bollard::errors::Error) -> EngineError {
    let endpoint = target.host.clone();
    let detail = chain(err);
    let lower = detail.to_ascii_lowercase();
    if target.tls.is_none() && lower.contains("http request to an https server") {
        return EngineError::TlsRequired { endpoint };
    }
    if target.tls.is_some() {
        let fix = if lower.contains("corrupt message") || lower.contains("invalidcontenttype") {
            Some(tr(Id::tls_not_tls, &[]))
        } else if lower.contains("certificate") || lower.contains("alert") || lower.contains("unknownissuer") {
            Some(tr(Id::tls_mismatch, &[]))
        } else {
            None
        };
        if let Some(fix) = fix {
            return EngineError::TlsHandshake { endpoint, detail, fix };
        }
    }
    EngineError::Unreachable {
        detail: format!("{endpoint}: {}", said(err)),
    }
}

/// Why an engine cannot be reached, as the terminal's reader reads it: where
/// the chain holds a system error the catalogue has a sentence for (refused,
/// timed out, no socket …), that sentence instead of the English the client
/// libraries wrapped around it; else the whole chain, as said.
fn said(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = Some(err);
    while let Some(e) = cur {
        // bollard's IOError is transparent: its source() skips the io::Error itself.
        let io = match e.downcast_ref::<bollard::errors::Error>() {
            Some(bollard::errors::Error::IOError { err }) => Some(err),
            Some(bollard::errors::Error::SocketNotFoundError(path)) => {
                return tr(Id::engine_no_socket, &[("path", path)]);
            }
            _ => e.downcast_ref::<std::io::Error>(),
        };
        if let Some(known) = io.and_then(|io| crate::messages::io::known(crate::output::lang(), io)) {
            return known;
        }
        cur = e.source();
    }
    chain(err)
}

/// An error with its causes: hyper and rustls put the reason in the source chain.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cur = e.source();
    }
    out
}

#[cfg(test)]
mod tests;
