//! `ssh://[user@]host[:port]` endpoints reached as the docker CLI reaches them:
//! each HTTP connection is `ssh … host docker system dial-stdio`, the remote
//! docker CLI relaying to its local engine. The `ssh` on PATH is used, so the
//! reader's `~/.ssh/config`, agent and known hosts apply (Windows ships
//! OpenSSH's `ssh.exe` too). bollard's own `ssh` feature is not used: it drops
//! the port of the URL and needs OpenSSH's control master, which is Unix-only.

use crate::messages::Id;
use crate::output::tr;
use std::future::Future;
use std::pin::Pin;
use std::process::Stdio;
use std::sync::Arc;
use std::task::{Context, Poll};

use bollard::{BollardRequest, Docker, API_DEFAULT_VERSION};
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::remote::EngineError;
use super::API_TIMEOUT_SECS;

/// Where `ssh` goes: user, host and port taken apart for `-l` and `-p`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SshDest {
    pub(crate) user: Option<String>,
    pub(crate) host: String,
    pub(crate) port: Option<u16>,
}

impl SshDest {
    pub(super) fn parse(endpoint: &str) -> Result<SshDest, EngineError> {
        let bad = |said: Id| EngineError::BadForm {
            endpoint: endpoint.to_string(),
            hint: format!(" {}", tr(said, &[])),
        };
        let rest = endpoint
            .get(..6)
            .filter(|s| s.eq_ignore_ascii_case("ssh://"))
            .map(|_| &endpoint[6..])
            .ok_or_else(|| bad(Id::ssh_scheme))?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains('/') {
            return Err(bad(Id::ssh_path));
        }
        let (user, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u.to_string()), h),
            None => (None, rest),
        };
        let (host, port) = split_port(hostport).ok_or_else(|| bad(Id::ssh_port))?;
        if host.is_empty() || user.as_deref() == Some("") {
            return Err(bad(Id::ssh_form));
        }
        Ok(SshDest {
            user,
            host: host.to_string(),
            port,
        })
    }

    /// The arguments of `ssh`, as `docker -H ssh://…` passes them.
    pub(super) fn args(&self) -> Vec<String> {
        let mut args: Vec<String> = [
            "-o",
            "ConnectTimeout=30",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-T",
        ]
        .map(String::from)
        .to_vec();
        if let Some(user) = &self.user {
            args.extend(["-l".to_string(), user.clone()]);
        }
        if let Some(port) = self.port {
            args.extend(["-p".to_string(), port.to_string()]);
        }
        args.extend(["--", &self.host, "docker", "system", "dial-stdio"].map(String::from));
        args
    }
}

/// `host`, `host:22`, `[::1]:22` → host and port; `None` when the port is not a port.
fn split_port(s: &str) -> Option<(&str, Option<u16>)> {
    if let Some(inner) = s.strip_prefix('[') {
        let (host, after) = inner.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok().filter(|p| *p > 0)?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match s.rsplit_once(':') {
        Some((host, p)) => Some((host, Some(p.parse().ok().filter(|p| *p > 0)?))),
        None => Some((s, None)),
    }
}

/// Opens one `dial-stdio` relay per HTTP connection; hyper's pool reuses them.
#[derive(Clone)]
struct SshConnector {
    dest: Arc<SshDest>,
}

impl tower_service::Service<hyper::Uri> for SshConnector {
    type Response = SshIo;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<SshIo, std::io::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: hyper::Uri) -> Self::Future {
        let dest = self.dest.clone();
        Box::pin(async move {
            let mut child = Command::new("ssh")
                .args(dest.args())
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                // ssh's own reasons (host key, permission denied) reach the reader directly.
                .stderr(Stdio::inherit())
                .kill_on_drop(true)
                .spawn()
                .map_err(|e| {
                    std::io::Error::new(
                        e.kind(),
                        tr(Id::ssh_no_client, &[("detail", &crate::output::tr_io(&e))]),
                    )
                })?;
            let stdin = child
                .stdin
                .take()
                .ok_or_else(|| std::io::Error::other("ssh has no stdin"))?;
            let stdout = child
                .stdout
                .take()
                .ok_or_else(|| std::io::Error::other("ssh has no stdout"))?;
            Ok(SshIo(TokioIo::new(Relay {
                _child: child,
                stdin,
                stdout,
            })))
        })
    }
}

/// The relay's pipes; the `ssh` process ends with the connection.
struct Relay {
    _child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
}

impl AsyncRead for Relay {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdout).poll_read(cx, buf)
    }
}

impl AsyncWrite for Relay {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

/// hyper's view of a relay.
struct SshIo(TokioIo<Relay>);

impl hyper::rt::Read for SshIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for SshIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl Connection for SshIo {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

/// A bollard client whose connections are ssh relays.
pub(super) fn connect(endpoint: &str) -> Result<Docker, EngineError> {
    let dest = SshDest::parse(endpoint)?;
    let client =
        hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(SshConnector { dest: Arc::new(dest) });
    let transport = move |req: BollardRequest| {
        let client = client.clone();
        async move { client.request(req).await.map_err(bollard::errors::Error::from) }
    };
    // The authority is only the Host header: the relay decides where requests go.
    Docker::connect_with_custom_transport(transport, Some("http://docker"), API_TIMEOUT_SECS, API_DEFAULT_VERSION)
        .map_err(|e| EngineError::Unreachable {
            detail: format!("{endpoint}: {e}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_host_and_port_are_taken_apart() {
        let d = SshDest::parse("ssh://root@127.0.0.1:2222").unwrap();
        assert_eq!(d.user.as_deref(), Some("root"));
        assert_eq!(d.host, "127.0.0.1");
        assert_eq!(d.port, Some(2222));
        let a = d.args();
        assert!(a.windows(2).any(|w| w == ["-p", "2222"]), "{a:?}");
        assert!(a.windows(2).any(|w| w == ["-l", "root"]), "{a:?}");
        assert_eq!(&a[a.len() - 5..], ["--", "127.0.0.1", "docker", "system", "dial-stdio"]);
    }

    #[test]
    fn host_alone_and_ipv6_parse() {
        let d = SshDest::parse("ssh://winhost").unwrap();
        assert_eq!((d.user, d.host.as_str(), d.port), (None, "winhost", None));
        let d = SshDest::parse("ssh://admin@[::1]:22/").unwrap();
        assert_eq!((d.host.as_str(), d.port), ("::1", Some(22)));
    }

    #[test]
    fn bad_forms_are_refused() {
        for bad in [
            "ssh://",
            "ssh://host:notaport",
            "ssh://host:0",
            "ssh://@host",
            "ssh://host/path",
            "tcp://host",
        ] {
            assert!(SshDest::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
