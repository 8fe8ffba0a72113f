use super::*;
use std::fs;
use std::path::Path;

fn env_in(dir: &Path) -> DockerEnv {
    DockerEnv {
        config_dir: Some(dir.to_path_buf()),
        ..DockerEnv::default()
    }
}

fn certs_in(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for f in ["ca.pem", "cert.pem", "key.pem"] {
        fs::write(dir.join(f), "pem").unwrap();
    }
}

/// A context as `docker context create` stores it.
fn context(config: &Path, name: &str, host: &str, tls: bool) {
    let hash = format!("{:x}", Sha256::digest(name.as_bytes()));
    let meta = config.join("contexts/meta").join(&hash);
    fs::create_dir_all(&meta).unwrap();
    let json = serde_json::json!({
        "Name": name,
        "Metadata": {},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}}
    });
    fs::write(meta.join("meta.json"), json.to_string()).unwrap();
    if tls {
        certs_in(&config.join("contexts/tls").join(&hash).join("docker"));
    }
}

#[test]
fn the_context_folder_is_the_sha256_of_its_name() {
    // The folder docker itself uses for a context named "default".
    let env = env_in(Path::new("/c"));
    assert_eq!(
        context_dir(&env, "meta", "default"),
        Path::new("/c/contexts/meta/37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f")
    );
}

#[test]
fn precedence_is_the_docker_clis() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path();
    context(c, "flagctx", "tcp://10.0.0.1:2375", false);
    context(c, "envctx", "tcp://10.0.0.2:2375", false);
    context(c, "cfgctx", "tcp://10.0.0.3:2375", false);
    fs::write(c.join("config.json"), r#"{"currentContext":"cfgctx"}"#).unwrap();
    let mut env = env_in(c);
    let none = RemoteOptions::default();
    let flag_ctx = RemoteOptions {
        context: Some("flagctx".into()),
        ..RemoteOptions::default()
    };
    let host = |t: Target| t.host;

    assert_eq!(host(resolve(None, &none, &env).unwrap()), "tcp://10.0.0.3:2375");
    env.context = Some("envctx".into());
    assert_eq!(host(resolve(None, &none, &env).unwrap()), "tcp://10.0.0.2:2375");
    env.host = Some("tcp://10.0.0.4:2375".into());
    let t = resolve(None, &none, &env).unwrap();
    assert_eq!((t.host.as_str(), &t.via), ("tcp://10.0.0.4:2375", &Via::DockerHost));
    let t = resolve(None, &flag_ctx, &env).unwrap();
    assert_eq!(
        (t.host.as_str(), t.label()),
        ("tcp://10.0.0.1:2375", "flagctx".to_string())
    );
    let t = resolve(Some("tcp://10.0.0.5:2375"), &none, &env).unwrap();
    assert_eq!((t.host.as_str(), &t.via), ("tcp://10.0.0.5:2375", &Via::Flag));
    assert!(matches!(
        resolve(Some("tcp://10.0.0.5:2375"), &flag_ctx, &env),
        Err(EngineError::Conflicting)
    ));
}

#[test]
fn the_default_context_means_the_environment_or_the_socket() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("config.json"), r#"{"currentContext":"default"}"#).unwrap();
    let t = resolve(None, &RemoteOptions::default(), &env_in(dir.path())).unwrap();
    assert_eq!(
        (t.host.as_str(), &t.via),
        (super::super::default_endpoint(), &Via::Default)
    );
    assert_eq!(t.label(), "local");
}

#[test]
fn an_unknown_context_names_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let opts = RemoteOptions {
        context: Some("nowhere".into()),
        ..RemoteOptions::default()
    };
    let e = resolve(None, &opts, &env_in(dir.path())).unwrap_err();
    assert!(matches!(e, EngineError::UnknownContext { .. }), "{e}");
    assert!(e.to_string().contains("docker context ls"), "{e}");
    assert_eq!(crate::error::Failure::from(e).exit_code(), 3);
}

#[test]
fn a_broken_config_json_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("config.json"), "{not json").unwrap();
    let e = resolve(None, &RemoteOptions::default(), &env_in(dir.path())).unwrap_err();
    assert!(e.to_string().contains("config.json"), "{e}");
}

#[test]
fn a_context_with_tls_material_is_a_tls_target() {
    let dir = tempfile::tempdir().unwrap();
    context(dir.path(), "win2025", "tcp://winhost:2376", true);
    context(dir.path(), "plain", "tcp://winhost:2375", false);
    let mut env = env_in(dir.path());
    env.context = Some("win2025".into());
    let t = resolve(None, &RemoteOptions::default(), &env).unwrap();
    let tls = t.tls.clone().expect("TLS from the context's tls folder");
    assert!(tls.ca.ends_with("docker/ca.pem") && tls.key.ends_with("docker/key.pem"));
    assert_eq!(t.label(), "win2025");
    env.context = Some("plain".into());
    assert_eq!(resolve(None, &RemoteOptions::default(), &env).unwrap().tls, None);
}

#[test]
fn a_context_that_skips_verification_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    context(dir.path(), "lax", "tcp://winhost:2376", true);
    let meta = context_dir(&env_in(dir.path()), "meta", "lax").join("meta.json");
    let text = fs::read_to_string(&meta).unwrap().replace("false", "true");
    fs::write(&meta, text).unwrap();
    let opts = RemoteOptions {
        context: Some("lax".into()),
        ..RemoteOptions::default()
    };
    let e = resolve(None, &opts, &env_in(dir.path())).unwrap_err();
    assert!(matches!(e, EngineError::SkipVerify { .. }), "{e}");
}

/// `SkipTLSVerify: true` with no TLS material once meant plain HTTP. It is
/// refused with the fix a context with TLS material gets, and exit 3.
#[test]
fn skipping_verification_without_tls_material_is_refused_not_plain_http() {
    let dir = tempfile::tempdir().unwrap();
    for (name, host) in [("bare", "tcp://winhost:2376"), ("http", "http://winhost:2375")] {
        context(dir.path(), name, host, false);
        let meta = context_dir(&env_in(dir.path()), "meta", name).join("meta.json");
        let text = fs::read_to_string(&meta).unwrap().replace("false", "true");
        fs::write(&meta, text).unwrap();
        let opts = RemoteOptions {
            context: Some(name.into()),
            ..RemoteOptions::default()
        };
        let e = resolve(None, &opts, &env_in(dir.path())).expect_err(name);
        let msg = e.to_string();
        assert!(matches!(e, EngineError::SkipVerify { .. }), "{msg}");
        let fix = format!("docker context update {name} --docker \"host={host},ca=ca.pem,cert=cert.pem,key=key.pem\"");
        assert!(msg.contains(&fix), "{msg}");
        assert_eq!(crate::error::exit_code(&Err(e.into())), 3);
    }
}

/// An https:// context without TLS material is not dialled in plain HTTP either.
#[test]
fn an_https_context_without_tls_material_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    context(dir.path(), "secure", "https://winhost:2376", false);
    let opts = RemoteOptions {
        context: Some("secure".into()),
        ..RemoteOptions::default()
    };
    let e = resolve(None, &opts, &env_in(dir.path())).unwrap_err();
    assert!(matches!(e, EngineError::MissingCerts { .. }), "{e}");
    let bare = Target {
        host: "https://winhost:2376".into(),
        tls: None,
        via: Via::Flag,
    };
    assert!(matches!(dial(&bare), Err(EngineError::TlsRequired { .. })));
}

#[test]
fn tls_verify_from_the_environment_reads_the_cert_path() {
    let dir = tempfile::tempdir().unwrap();
    let certs = dir.path().join("certs");
    let env = DockerEnv {
        host: Some("tcp://winhost:2376".into()),
        tls_verify: true,
        cert_path: Some(certs.clone()),
        ..env_in(dir.path())
    };
    let e = resolve(None, &RemoteOptions::default(), &env).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, EngineError::MissingCerts { .. }), "{msg}");
    assert!(
        msg.contains("ca.pem") && msg.contains("DOCKER_CERT_PATH") && msg.contains("--tlsverify"),
        "{msg}"
    );
    certs_in(&certs);
    let t = resolve(None, &RemoteOptions::default(), &env).unwrap();
    assert_eq!(t.tls.unwrap().cert, certs.join("cert.pem"));
    assert_eq!(t.via, Via::DockerHost);
}

#[test]
fn tls_flags_override_single_files_and_turn_tls_on() {
    let dir = tempfile::tempdir().unwrap();
    certs_in(dir.path());
    let other_ca = dir.path().join("other-ca.pem");
    fs::write(&other_ca, "pem").unwrap();
    let opts = RemoteOptions {
        tls_ca: Some(other_ca.clone()),
        ..RemoteOptions::default()
    };
    let env = env_in(dir.path());
    let t = resolve(Some("tcp://127.0.0.1:2376"), &opts, &env).unwrap();
    let tls = t.tls.clone().unwrap();
    assert_eq!((tls.ca, tls.key), (other_ca, dir.path().join("key.pem")));
    assert_eq!(t.label(), "127-0-0-1-2376");
    // TLS means nothing to a local socket, as for the docker CLI.
    let verify = RemoteOptions {
        tls_verify: true,
        ..RemoteOptions::default()
    };
    assert_eq!(resolve(Some("unix:///run/x.sock"), &verify, &env).unwrap().tls, None);
}

#[test]
fn labels_are_plain_names() {
    for (host, label) in [
        ("tcp://127.0.0.1:2376", "127-0-0-1-2376"),
        ("ssh://admin@win.example:22", "admin-win-example-22"),
        ("unix:///tmp/a b/docker.sock", "tmp-a-b-docker-sock"),
    ] {
        let t = Target {
            host: host.into(),
            tls: None,
            via: Via::Flag,
        };
        assert_eq!(t.label(), label);
    }
    let t = Target {
        host: "tcp://x:1".into(),
        tls: None,
        via: Via::Context("../../etc".into()),
    };
    assert_eq!(t.label(), "etc");
}

#[test]
fn endpoint_forms_are_checked() {
    let env = DockerEnv::default();
    let none = RemoteOptions::default();
    let e = resolve(Some("/var/run/docker.sock"), &none, &env).unwrap_err();
    assert!(
        e.to_string().contains("Did you mean unix:///var/run/docker.sock"),
        "{e}"
    );
    assert!(resolve(Some("ftp://x"), &none, &env).is_err());
    assert!(resolve(Some("ssh://root@host:2222"), &none, &env).is_ok());
}

/// Why an engine cannot be reached reads in the terminal's language where the
/// system said it (a refused connection, a missing socket, however deep in the
/// client's chain); other causes keep the client's own words.
#[test]
fn an_unreachable_engines_system_error_is_said_in_the_readers_language() {
    use crate::messages::Lang;
    use crate::output::in_lang;
    use bollard::errors::Error as E;
    #[derive(Debug)]
    struct Wrapper(std::io::Error);
    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("client error (Connect)")
        }
    }
    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
    let refused = || std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
    let wrapped = Wrapper(refused());
    assert_eq!(in_lang(Lang::Ko, || said(&wrapped)), "연결이 거부되었습니다");
    assert_eq!(in_lang(Lang::En, || said(&wrapped)), "connection refused");
    let io = E::IOError { err: refused() };
    assert_eq!(in_lang(Lang::Ko, || said(&io)), "연결이 거부되었습니다");
    let socket = E::SocketNotFoundError("/run/docker.sock".into());
    assert_eq!(
        in_lang(Lang::Ko, || said(&socket)),
        "/run/docker.sock 경로에 소켓이 없습니다"
    );
    let other = E::RequestTimeoutError;
    assert_eq!(in_lang(Lang::Ko, || said(&other)), chain(&other));
}
