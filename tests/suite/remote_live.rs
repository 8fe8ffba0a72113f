//! Remote engines reached the Docker way: a private `dockerd
//! --tlsverify` on loopback with a CA, server and client certificates made
//! here by `openssl`, reached by the TLS flags, by DOCKER_TLS_VERIFY +
//! DOCKER_CERT_PATH and by a Docker context in a made-up `~/.docker`; and an
//! `ssh://` endpoint through a private `sshd` on a loopback port.
#![cfg(unix)]

use crate::common::*;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LESSON: &str = "lessons/process-isolation.en.md";
const RUNSC: &str = r#"{"runsc":{"path":"/usr/bin/runsc","runtimeArgs":["--network=none"]}}"#;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn run(cmd: &mut Command) {
    let o = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(o.status.success(), "{cmd:?}: {}", text(&o));
}

/// A CA and a certificate it signs, in `dir`: `<name>-cert.pem`, `<name>-key.pem`.
fn sign(dir: &Path, ca: &str, name: &str, ext: &str) {
    let key = dir.join(format!("{name}-key.pem"));
    run(Command::new("openssl").args([
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&key),
    ]));
    let csr = dir.join(format!("{name}.csr"));
    run(Command::new("openssl").args([
        "req",
        "-new",
        "-key",
        s(&key),
        "-subj",
        &format!("/CN={name}"),
        "-out",
        s(&csr),
    ]));
    let extfile = dir.join(format!("{name}.ext"));
    std::fs::write(&extfile, ext).unwrap();
    run(Command::new("openssl").args([
        "x509",
        "-req",
        "-in",
        s(&csr),
        "-CA",
        s(&dir.join(format!("{ca}.pem"))),
        "-CAkey",
        s(&dir.join(format!("{ca}-key.pem"))),
        "-CAcreateserial",
        "-days",
        "2",
        "-sha256",
        "-extfile",
        s(&extfile),
        "-out",
        s(&dir.join(format!("{name}-cert.pem"))),
    ]));
}

fn make_ca(dir: &Path, ca: &str) {
    let key = dir.join(format!("{ca}-key.pem"));
    run(Command::new("openssl").args([
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        s(&key),
    ]));
    run(Command::new("openssl").args([
        "req",
        "-x509",
        "-new",
        "-key",
        s(&key),
        "-sha256",
        "-days",
        "2",
        "-subj",
        &format!("/CN={ca}"),
        "-out",
        s(&dir.join(format!("{ca}.pem"))),
    ]));
}

/// The certificates of one test: the engine's CA, its server pair for
/// 127.0.0.1, a client pair, and a client pair from a CA the engine does not trust.
fn make_pki(dir: &Path) {
    make_ca(dir, "ca");
    sign(
        dir,
        "ca",
        "server",
        "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    );
    sign(dir, "ca", "client", "extendedKeyUsage=clientAuth\n");
    make_ca(dir, "rogue-ca");
    sign(dir, "rogue-ca", "rogue", "extendedKeyUsage=clientAuth\n");
}

/// A folder laid out as DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem.
fn cert_path(pki: &Path, into: &Path, client: &str) {
    std::fs::create_dir_all(into).unwrap();
    std::fs::copy(pki.join("ca.pem"), into.join("ca.pem")).unwrap();
    std::fs::copy(pki.join(format!("{client}-cert.pem")), into.join("cert.pem")).unwrap();
    std::fs::copy(pki.join(format!("{client}-key.pem")), into.join("key.pem")).unwrap();
}

/// proofbook with a home of its own, none of the docker CLI's variables unless given.
fn proofbook_in(home: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = command();
    cmd.args(args)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .env("HOME", home);
    for k in [
        "DOCKER_HOST",
        "DOCKER_CONTEXT",
        "DOCKER_CONFIG",
        "DOCKER_TLS_VERIFY",
        "DOCKER_CERT_PATH",
    ] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = output_within(&mut cmd, LIMIT);
    (o.status.code().unwrap_or(-1), text(&o))
}

fn sha256_hex(name: &str) -> String {
    let o = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(name.as_bytes())?;
            c.wait_with_output()
        })
        .expect("sha256sum runs");
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// `~/.docker` as `docker context create NAME --docker host=…,ca=…,cert=…,key=…` + `docker context use NAME` leave it.
fn docker_home_with_context(home: &Path, name: &str, host: &str, pki: &Path) {
    let docker = home.join(".docker");
    let hash = sha256_hex(name);
    let meta = docker.join("contexts/meta").join(&hash);
    std::fs::create_dir_all(&meta).unwrap();
    let json = serde_json::json!({
        "Name": name,
        "Metadata": {"Description": "a Windows engine over TLS"},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}}
    });
    std::fs::write(meta.join("meta.json"), json.to_string()).unwrap();
    cert_path(pki, &docker.join("contexts/tls").join(&hash).join("docker"), "client");
    std::fs::write(
        docker.join("config.json"),
        format!(r#"{{"auths":{{}},"currentContext":"{name}"}}"#),
    )
    .unwrap();
}

/// A private `dockerd --tlsverify` on a loopback port (and its own socket), with its PKI.
struct TlsEngine {
    engine: PrivateEngine,
    endpoint: String,
    pki: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl TlsEngine {
    fn start() -> TlsEngine {
        let pki = tempdir();
        make_pki(pki.path());
        let endpoint = format!("tcp://127.0.0.1:{}", free_port());
        let p = pki.path();
        let engine = PrivateEngine::start_with(RUNSC, |_| {
            vec![
                "--tlsverify".into(),
                format!("--tlscacert={}", p.join("ca.pem").display()),
                format!("--tlscert={}", p.join("server-cert.pem").display()),
                format!("--tlskey={}", p.join("server-key.pem").display()),
                "-H".into(),
                endpoint.clone(),
            ]
        });
        TlsEngine {
            engine,
            endpoint,
            pki,
            home: tempdir(),
        }
    }
}

#[test]
fn a_tls_engine_through_the_flags_and_the_environment() {
    require!(LIVE, PRIVATE_ENGINE, &[Need::Openssl]);
    let t = TlsEngine::start();
    let (pki, home, endpoint) = (t.pki.path(), t.home.path(), t.endpoint.clone());
    let (ca, cert, key) = (
        pki.join("ca.pem"),
        pki.join("client-cert.pem"),
        pki.join("client-key.pem"),
    );

    // The flags of the docker CLI.
    let (code, out) = proofbook_in(
        home,
        &[
            "doctor",
            "--engine",
            &endpoint,
            "--tlsverify",
            "--tlscacert",
            s(&ca),
            "--tlscert",
            s(&cert),
            "--tlskey",
            s(&key),
            LESSON,
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("engine {endpoint} answers")), "{out}");
    assert!(out.contains("✓ runc usable"), "{out}");

    // Plain HTTP to the TLS port: exit 3 and the variables and flags that fix it.
    let (code, out) = proofbook_in(home, &["doctor", "--engine", &endpoint, LESSON], &[]);
    assert_eq!(code, 3, "{out}");
    for fix in [
        "speaks TLS",
        "DOCKER_TLS_VERIFY=1",
        "DOCKER_CERT_PATH",
        "--tlsverify",
        "--context",
    ] {
        assert!(out.contains(fix), "{fix} missing: {out}");
    }

    // DOCKER_TLS_VERIFY with an empty DOCKER_CERT_PATH: the files it looked for.
    let certs = home.join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    let tls_env = [
        ("DOCKER_HOST", endpoint.as_str()),
        ("DOCKER_TLS_VERIFY", "1"),
        ("DOCKER_CERT_PATH", s(&certs)),
    ];
    let (code, out) = proofbook_in(home, &["doctor", LESSON], &tls_env);
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains(s(&certs.join("ca.pem"))) && out.contains("cannot be read"),
        "{out}"
    );

    // A client pair from a CA the engine does not trust is turned away in the handshake.
    cert_path(pki, &certs, "rogue");
    let (code, out) = proofbook_in(home, &["doctor", LESSON], &tls_env);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("TLS handshake"), "{out}");

    // The right pair in DOCKER_CERT_PATH.
    cert_path(pki, &certs, "client");
    let (code, out) = proofbook_in(home, &["doctor", LESSON], &tls_env);
    assert_eq!(code, 0, "{out}");

    assert!(
        proofbook_containers(&t.engine.socket).is_empty(),
        "nothing left on the engine"
    );
}

#[test]
fn a_tls_engine_through_a_docker_context() {
    require!(LIVE, PRIVATE_ENGINE, &[Need::Openssl]);
    let t = TlsEngine::start();
    let (pki, home, endpoint) = (t.pki.path(), t.home.path(), t.endpoint.clone());
    // A context made current in config.json; the book's records are named after it.
    docker_home_with_context(home, "win-tls", &endpoint, pki);
    let book = home.join("book");
    let (code, out) = proofbook_in(
        home,
        &["build", "--quiet", "--no-recorded", "--out", s(&book), LESSON],
        &[],
    );
    assert_eq!(code, 0, "{out}");
    let rec = book.join("records/win-tls/process-isolation.en.json");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&rec).unwrap_or_else(|e| panic!("{}: {e}\n{out}", rec.display())))
            .unwrap();
    assert_eq!(r["host"]["engine_endpoint"], endpoint.as_str());
    assert!(book.join("index.html").is_file());

    // --context names it over DOCKER_HOST; --engine with --context is refused as docker refuses -H with it.
    let (code, out) = proofbook_in(
        home,
        &["doctor", "--context", "win-tls", LESSON],
        &[("DOCKER_HOST", "unix:///nonexistent.sock")],
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = proofbook_in(
        home,
        &["doctor", "--context", "win-tls", "--engine", &endpoint, LESSON],
        &[],
    );
    assert_eq!(code, 2, "{out}");
    let (code, out) = proofbook_in(home, &["doctor", "--context", "nowhere", LESSON], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("docker context ls"), "{out}");
    assert!(
        proofbook_containers(&t.engine.socket).is_empty(),
        "nothing left on the engine"
    );
}

/// An sshd of the test's own on a loopback port: root logs in with a key made
/// here, and `docker` there reaches `engine_socket` (sshd's SetEnv).
struct Sshd {
    child: Child,
    port: u16,
    bin: PathBuf,
}

impl Sshd {
    fn start(dir: &Path, engine_socket: &str) -> Sshd {
        // sshd started by root refuses to run without its privilege-separation folder.
        std::fs::create_dir_all("/run/sshd").expect("/run/sshd");
        for key in ["host_key", "id"] {
            run(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f", s(&dir.join(key))]));
        }
        std::fs::copy(dir.join("id.pub"), dir.join("authorized_keys")).unwrap();
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nPidFile {d}/sshd.pid\n\
             AuthorizedKeysFile {d}/authorized_keys\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nStrictModes no\nUsePAM no\nSetEnv DOCKER_HOST={engine_socket}\n",
            d = dir.display()
        );
        std::fs::write(dir.join("sshd_config"), config).unwrap();
        // The client's settings: ssh reads ~/.ssh of the passwd entry, not $HOME, so a wrapper on PATH brings them.
        std::fs::write(
            dir.join("ssh_config"),
            format!(
                "Host *\n  IdentityFile {d}/id\n  IdentitiesOnly yes\n  UserKnownHostsFile {d}/known_hosts\n  StrictHostKeyChecking accept-new\n",
                d = dir.display()
            ),
        )
        .unwrap();
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let wrapper = bin.join("ssh");
        std::fs::write(
            &wrapper,
            format!("#!/bin/sh\nexec /usr/bin/ssh -F {}/ssh_config \"$@\"\n", dir.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f", s(&dir.join("sshd_config"))])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("sshd.log")).unwrap())
            .spawn()
            .expect("sshd starts (is openssh-server installed?)");
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "sshd did not listen: {}",
                std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Sshd { child, port, bin }
    }

    fn path(&self) -> String {
        format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap_or_default())
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_ssh_endpoint_relays_through_the_remote_docker_cli() {
    require!(LIVE, PRIVATE_ENGINE, &[Need::Ssh]);
    let engine = PrivateEngine::start(RUNSC);
    let dir = tempdir();
    let sshd = Sshd::start(dir.path(), &engine.socket);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let path = sshd.path();
    let endpoint = format!("ssh://root@127.0.0.1:{}", sshd.port);

    let (code, out) = proofbook_in(&home, &["doctor", "--engine", &endpoint, LESSON], &[("PATH", &path)]);
    let sshd_log = std::fs::read_to_string(dir.path().join("sshd.log")).unwrap_or_default();
    assert!(
        out.contains(&format!("engine {endpoint} answers")),
        "{out}\nsshd: {sshd_log}"
    );
    assert!(out.contains("✓ runc usable") && out.contains("✓ runsc usable"), "{out}");
    // Containers start over the relay; what doctor may still miss is the host's view, since
    // an ssh engine is not taken for this machine.
    assert!(code == 0 || (code == 1 && out.contains("1 problem(s)")), "{out}");

    let book = home.join("book");
    let (code, out) = proofbook_in(
        &home,
        &["build", "--quiet", "--no-recorded", "--out", s(&book), LESSON],
        &[("PATH", &path), ("DOCKER_HOST", &endpoint)],
    );
    assert_eq!(code, 0, "{out}");
    let label = format!("root-127-0-0-1-{}", sshd.port);
    assert!(
        book.join("records")
            .join(&label)
            .join("process-isolation.en.json")
            .is_file(),
        "{out}"
    );

    // Nobody listens on this port: exit 3, and ssh's own reason is shown.
    let closed = format!("ssh://root@127.0.0.1:{}", free_port());
    let (code, out) = proofbook_in(&home, &["doctor", "--engine", &closed, LESSON], &[("PATH", &path)]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("Connection refused"), "{out}");
    assert!(
        proofbook_containers(&engine.socket).is_empty(),
        "nothing left on the engine"
    );
}
