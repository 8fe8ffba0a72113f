//! Exercises against the real engine: the learner's container, started with
//! the docker CLI exactly as `verify` says to start it, is judged; the other
//! runtime refutes with the hint; a missing one is named with its command;
//! and verify leaves every container it looked at running.

use crate::common::*;

use std::process::Command;
use std::sync::Mutex;

/// One import of the base image at a time.
static IMAGE: Mutex<()> = Mutex::new(());

/// Names unique to this test run, so parallel runs do not collide.
fn prefix(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("pbx{}{nanos}-{tag}-", std::process::id())
}

/// Removes, by name, the containers this test started.
struct Cleanup(Vec<String>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for name in &self.0 {
            let _ = try_output_within(
                Command::new("docker").args(["-H", MAIN_ENGINE, "rm", "-f", name]),
                DOCKER_LIMIT,
            );
        }
    }
}

/// The image the exercise names, or, on this registry-less machine, the base
/// image proofbook builds offline in its place (a first build imports it).
fn image_for(wanted: &str, out: &std::path::Path) -> String {
    let _one = IMAGE.lock().unwrap_or_else(|e| e.into_inner());
    if docker_on(MAIN_ENGINE, &["image", "inspect", wanted]).status.success() {
        return wanted.to_string();
    }
    if !docker_on(MAIN_ENGINE, &["image", "inspect", "proofbook/base:busybox"])
        .status
        .success()
    {
        let o = proofbook(&[
            "build",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
            "lessons/what-is-isolated.en.md",
        ]);
        assert!(
            docker_on(MAIN_ENGINE, &["image", "inspect", "proofbook/base:busybox"])
                .status
                .success(),
            "{}",
            text(&o)
        );
    }
    "proofbook/base:busybox".to_string()
}

fn verify(lesson: &str, out: &std::path::Path, prefix: &str, lang: &str) -> (i32, String) {
    let o = proofbook(&[
        "verify",
        lesson,
        "--lang",
        lang,
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        "--name-prefix",
        prefix,
    ]);
    (o.status.code().unwrap_or(-1), text(&o))
}

/// The `docker run …` that verify says to type, as argv (without `docker`).
fn command_in(message: &str) -> Vec<String> {
    let start = message.find("start it with `").expect("the message names the command") + "start it with `".len();
    let end = message[start..].find('`').expect("command is closed") + start;
    message[start..end]
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// Starts the learner's container from the command verify printed, with the
/// image swapped for the offline stand-in and, when given, the runtime swapped.
fn start(cmd: &[String], image: &str, swap: Option<(&str, &str)>) {
    let args: Vec<String> = cmd
        .iter()
        .map(|a| match swap {
            Some((from, to)) if a == from => to.to_string(),
            _ if a == "busybox" => image.to_string(),
            _ => a.clone(),
        })
        .collect();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = docker_on(MAIN_ENGINE, &refs);
    assert!(o.status.success(), "docker {args:?}: {}", text(&o));
}

fn running(name: &str) -> bool {
    let o = docker_on(MAIN_ENGINE, &["inspect", "-f", "{{.State.Running}}", name]);
    String::from_utf8_lossy(&o.stdout).trim() == "true"
}

fn page(out: &std::path::Path, lang: &str, lesson: &str) -> String {
    std::fs::read_to_string(out.join(lang).join(format!("{lesson}.html"))).expect("verify renders the page")
}

#[test]
fn process_exercise_missing_then_proven_then_refuted_on_the_other_runtime() {
    require!(LIVE);
    let dir = tempdir();
    let out = dir.path().join("book");
    let pre = prefix("proc");
    let name = format!("{pre}my-process");
    let _clean = Cleanup(vec![name.clone()]);
    let image = image_for("busybox", &out);

    // The book first: the exercise is a task, its claim NOT RUN with the verify instruction.
    // The same --engine as verify's: the records folder is named after it.
    let built = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        "lessons/process-isolation.en.md",
    ]);
    let html = page(&out, "en", "process-isolation");
    assert_eq!(
        verdict_in(&html, "process-isolation/my-process-on-host").as_deref(),
        Some("not-run"),
        "{}",
        text(&built)
    );
    assert!(
        html.contains(
            "an exercise: start the container yourself, then run <code>proofbook verify process-isolation</code>"
        ),
        "{html}"
    );
    assert!(html.contains("docker run -d --name my-process --runtime=runc busybox sleep 3600"));

    let (code, said) = verify("process-isolation", &out, &pre, "en");
    assert_eq!(code, 1, "a missing container makes verify exit 1: {said}");
    assert!(said.contains(&format!("container `{name}` is missing: start it with `docker run -d --name {name} --runtime=runc busybox sleep 3600`")), "{said}");
    let cmd = command_in(&said);

    start(&cmd, &image, None);
    let (code, said) = verify("process-isolation", &out, &pre, "en");
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("PROVEN") && said.contains("my-process-on-host"), "{said}");
    assert!(running(&name), "verify leaves the learner's container running");
    let html = page(&out, "en", "process-isolation");
    assert_eq!(
        verdict_in(&html, "process-isolation/my-process-on-host").as_deref(),
        Some("proven")
    );
    assert!(
        html.contains("data-yours=\"1\""),
        "the evidence is marked as the learner's"
    );
    assert_eq!(
        verdict_in(&html, "process-isolation/process-shares-pid").as_deref(),
        Some("proven"),
        "the build's own claims stay on the page: {}",
        text(&built)
    );

    // The same name on the sandboxed runtime: refuted, with the hint, in Korean too.
    assert!(docker_on(MAIN_ENGINE, &["rm", "-f", &name]).status.success());
    start(&cmd, &image, Some(("--runtime=runc", "--runtime=runsc")));
    let (code, said) = verify("process-isolation", &out, &pre, "ko");
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("반증됨") && said.contains("힌트:"), "{said}");
    assert!(said.contains("--runtime=runc"), "the hint says what to change: {said}");
    assert!(running(&name), "verify leaves a refuted container running too");
    assert_eq!(
        verdict_in(
            &page(&out, "ko", "process-isolation"),
            "process-isolation/my-process-on-host"
        )
        .as_deref(),
        Some("refuted")
    );
}

#[test]
fn sandbox_exercise_is_proven_on_runsc_and_refuted_on_runc() {
    require!(LIVE);
    let dir = tempdir();
    let out = dir.path().join("book");
    let pre = prefix("sbx");
    let name = format!("{pre}my-sandbox");
    let _clean = Cleanup(vec![name.clone()]);
    let image = image_for("busybox", &out);

    let (code, said) = verify("lessons/sandbox-isolation.en.md", &out, &pre, "en");
    assert_eq!(code, 1, "{said}");
    let cmd = command_in(&said);
    assert!(cmd.contains(&"--runtime=runsc".to_string()), "{cmd:?}");

    start(&cmd, &image, None);
    let (code, said) = verify("lessons/sandbox-isolation.en.md", &out, &pre, "en");
    assert_eq!(code, 0, "{said}");
    for claim in ["my-sandbox-hidden", "my-sandbox-worker"] {
        assert_eq!(
            verdict_in(
                &page(&out, "en", "sandbox-isolation"),
                &format!("sandbox-isolation/{claim}")
            )
            .as_deref(),
            Some("proven"),
            "{said}"
        );
    }

    assert!(docker_on(MAIN_ENGINE, &["rm", "-f", &name]).status.success());
    start(&cmd, &image, Some(("--runtime=runsc", "--runtime=runc")));
    let (code, said) = verify("lessons/sandbox-isolation.en.md", &out, &pre, "en");
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("REFUTED") && said.contains("Hint: Is `my-sandbox` sandboxed?"),
        "{said}"
    );
    assert!(running(&name), "verify leaves the learner's container running");
}

#[test]
fn no_engine_is_exit_3_and_a_lesson_without_exercise_is_exit_2() {
    let o = proofbook(&[
        "verify",
        "process-isolation",
        "--engine",
        "unix:///nonexistent/docker.sock",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let o = proofbook(&["verify", "what-is-isolated", "--engine", MAIN_ENGINE]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("has no exercise"), "{}", text(&o));
}
