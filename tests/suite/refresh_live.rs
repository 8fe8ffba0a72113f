//! Refreshing the book against real engines: rendering from stored
//! records, diffing runs, a fleet of two engines, `doctor`, and the endpoint
//! forms `--engine` / DOCKER_HOST accept.

use crate::common::*;

use std::path::{Path, PathBuf};

const LESSON: &str = "lessons/process-isolation.en.md";
const MAIN_LABEL: &str = "var-run-docker-sock";
const CLAIMS: [&str; 3] = ["process-shares-pid", "sandboxed-hidden", "one-worker"];

fn build(out: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build", "--quiet", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(LESSON);
    let o = proofbook(&args);
    (o.status.code().unwrap_or(-1), text(&o))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every `.html` file under `dir`, relative.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

/// The `data-claim` and `data-verdict` attributes of a page, in document order.
fn verdict_attrs(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(" data-") {
        rest = &rest[i + 6..];
        let Some(eq) = rest.find("=\"") else { break };
        let name = &rest[..eq];
        if name == "claim" || name == "verdict" {
            let v = &rest[eq + 2..];
            let end = v.find('"').unwrap_or(v.len());
            out.push((name.to_string(), v[..end].to_string()));
        }
    }
    out
}

/// Asserts two books have the same pages with the same claims and verdicts on each.
fn same_verdicts(live: &Path, rendered: &Path) -> usize {
    let (a, b) = (pages(live), pages(rendered));
    assert_eq!(a, b, "the same pages");
    let mut n = 0;
    for p in &a {
        let x = verdict_attrs(&std::fs::read_to_string(live.join(p)).unwrap());
        let y = verdict_attrs(&std::fs::read_to_string(rendered.join(p)).unwrap());
        assert_eq!(x, y, "claims and verdicts of {}", p.display());
        n += x.len();
    }
    n
}

#[test]
fn render_from_records_matches_the_live_build() {
    require!(LIVE);
    let dir = tempdir();
    let live = dir.path().join("live");
    let (code, out) = build(&live, &["--engine", MAIN_ENGINE]);
    assert_eq!(code, 0, "{out}");

    // The build's folder of host folders, as a docs site's CI would keep it.
    let rendered = dir.path().join("rendered");
    let o = proofbook(&["render", "--records", s(&live.join("records")), "--out", s(&rendered)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let n = same_verdicts(&live, &rendered);
    assert!(n >= 6, "claims found on the pages ({n})");

    // `--no-recorded` leaves the shipped Windows host out, as it does for build.
    let bare = dir.path().join("bare");
    let o = proofbook(&[
        "render",
        "--no-recorded",
        "--records",
        s(&live.join("records")),
        "--out",
        s(&bare),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        !bare.join("hosts").exists() && !bare.join("compare.html").exists(),
        "one host, no matrix"
    );
    let live_bare = dir.path().join("live-bare");
    let (code, out) = build(&live_bare, &["--engine", MAIN_ENGINE, "--no-recorded"]);
    assert_eq!(code, 0, "{out}");
    let o = proofbook(&[
        "render",
        "--no-recorded",
        "--records",
        s(&live_bare.join("records")),
        "--out",
        s(&bare),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_verdicts(&live_bare, &bare);

    // One host's folder works the same.
    let one = dir.path().join("one");
    let o = proofbook(&[
        "render",
        "--records",
        s(&live.join("records").join(MAIN_LABEL)),
        "--out",
        s(&one),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_verdicts(&live, &one);

    // The pages say where and when the evidence was captured, and that no engine was asked.
    let record: serde_json::Value = serde_json::from_slice(
        &std::fs::read(live.join("records").join(MAIN_LABEL).join("process-isolation.en.json")).unwrap(),
    )
    .unwrap();
    let captured = record["host"]["captured_at"].as_str().unwrap();
    for page in ["index.html", "en/process-isolation.html"] {
        let html = std::fs::read_to_string(rendered.join(page)).unwrap();
        let note = html
            .split("class=\"note provenance\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{page} has the provenance note"));
        let note = &note[..note.find("</p>").unwrap()];
        assert!(note.contains("no engine was contacted"), "{note}");
        assert!(
            note.contains(MAIN_LABEL) && note.contains(captured),
            "{page}: host and capture time in the note: {note}"
        );
        let live_html = std::fs::read_to_string(live.join(page)).unwrap();
        assert!(!live_html.contains("note provenance"), "a live build has no such note");
    }
}

#[test]
fn render_rejects_bad_records_with_path_and_line() {
    let dir = tempdir();
    let host = dir.path().join("host");
    std::fs::create_dir_all(&host).unwrap();
    let bad = host.join("broken.en.json");
    std::fs::write(&bad, "{\n  \"schema\": 1,\n  \"run_id\": \n}").unwrap();
    let o = proofbook(&["render", "--records", s(&host), "--out", s(&dir.path().join("b"))]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains(&format!("{}:4:", bad.display())), "{}", text(&o));
    assert!(!text(&o).contains("panicked"));

    // Valid JSON of the wrong shape names the offending line too.
    std::fs::write(&bad, "{\n  \"schema\": 1,\n  \"run_id\": 5\n}").unwrap();
    let o = proofbook(&["render", "--records", s(&host), "--out", s(&dir.path().join("b"))]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("{}:3: not a run record", bad.display())),
        "{}",
        text(&o)
    );

    std::fs::write(&bad, "{\"schema\": 99}").unwrap();
    let o = proofbook(&["render", "--records", s(&host), "--out", s(&dir.path().join("b"))]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("{}:1: record schema 99 is newer", bad.display())),
        "{}",
        text(&o)
    );

    let o = proofbook(&[
        "render",
        "--records",
        s(&dir.path().join("nothing-here")),
        "--out",
        s(&dir.path().join("b")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("nothing-here:0: no such file or folder"),
        "{}",
        text(&o)
    );

    let o = proofbook(&["diff", s(&host), s(&host)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

fn diff(old: &Path, new: &Path, json: bool) -> (i32, String, String) {
    let mut args = vec!["diff", s(old), s(new)];
    if json {
        args.push("--json");
    }
    let o = proofbook(&args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        text(&o),
    )
}

#[test]
fn diff_of_runc_against_runsc_lists_the_changed_verdicts() {
    require!(LIVE);
    let dir = tempdir();
    let (a, b, c) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
    // Three builds at once: two normal runs of the same host, one with the sandbox role on runc.
    let runs = [
        (&a, vec!["--engine", MAIN_ENGINE]),
        (&b, vec!["--engine", MAIN_ENGINE]),
        (&c, vec!["--engine", MAIN_ENGINE, "--sandbox-runtime", "runc"]),
    ];
    let results: Vec<(i32, String)> = std::thread::scope(|sc| {
        let hs: Vec<_> = runs
            .iter()
            .map(|(out, extra)| sc.spawn(move || build(out, extra)))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results[0].0, 0, "{}", results[0].1);
    assert_eq!(results[1].0, 0, "{}", results[1].1);
    assert_eq!(results[2].0, 1, "{}", results[2].1);

    // runsc → runc: two verdicts flip, exit 1, both named.
    let (code, stdout, all) = diff(&a.join("records"), &c.join("records"), false);
    assert_eq!(code, 1, "{all}");
    assert!(stdout.contains("claim sandboxed-hidden: proven → refuted"), "{stdout}");
    assert!(stdout.contains("claim one-worker: proven → refuted"), "{stdout}");
    assert!(!stdout.contains("claim process-shares-pid:"), "{stdout}");
    assert!(
        stdout.contains("runtime: `runsc` → `runc`"),
        "the run step's runtime change is shown: {stdout}"
    );
    // The engine's view of the sandboxed container now shows the workload itself.
    // (The host view is not asserted: builds running alongside add their own sandbox workers to it.)
    assert!(
        stdout.contains("engine (docker top): process `sleep` appeared"),
        "{stdout}"
    );
    assert!(
        stdout.contains("hyperv isolation runs on: `runsc` → `runc`"),
        "{stdout}"
    );

    json_lists_the_flipped_verdicts(&a, &c);

    // The same host twice: PIDs and container ids differ, verdicts do not.
    let (code, stdout, all) = diff(&a.join("records"), &b.join("records"), false);
    assert_eq!(code, 0, "{all}");
    assert!(!stdout.contains("verdicts changed"), "{stdout}");
    assert!(!stdout.contains("runtime:"), "{stdout}");
    let (code, json, _) = diff(&a.join("records"), &b.join("records"), true);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(report["verdicts"].as_array().unwrap().is_empty());
    assert!(
        report["lessons_added"].as_array().unwrap().is_empty()
            && report["lessons_removed"].as_array().unwrap().is_empty()
    );

    // Single record files compare the same way.
    let file = |d: &Path| d.join("records").join(MAIN_LABEL).join("process-isolation.en.json");
    let (code, stdout, _) = diff(&file(&a), &file(&c), false);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("claim one-worker: proven → refuted"), "{stdout}");
}

/// `diff --json` of runsc → runc: the two flipped verdicts, each from proven to refuted.
fn json_lists_the_flipped_verdicts(a: &Path, c: &Path) {
    let (code, json, all) = diff(&a.join("records"), &c.join("records"), true);
    assert_eq!(code, 1, "{all}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let mut changed: Vec<&str> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["claim"].as_str().unwrap())
        .collect();
    changed.sort();
    assert_eq!(changed, ["one-worker", "sandboxed-hidden"]);
    for v in report["verdicts"].as_array().unwrap() {
        assert_eq!(
            (v["old"].as_str(), v["new"].as_str()),
            (Some("proven"), Some("refuted"))
        );
        assert_eq!(v["lesson"], "process-isolation");
    }
}

/// One record set per engine, both of the same run, each naming its engine.
fn one_run_two_record_sets(out: &Path, private_label: &str, private_socket: &str, log: &str) {
    for label in [MAIN_LABEL, private_label] {
        let rec = out.join("records").join(label).join("process-isolation.en.json");
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&rec).unwrap_or_else(|e| panic!("{}: {e}\n{log}", rec.display())))
                .unwrap();
        assert_eq!(r["schema"], proofbook::record::SCHEMA);
    }
    let main_rec: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("records").join(MAIN_LABEL).join("process-isolation.en.json")).unwrap(),
    )
    .unwrap();
    let priv_rec: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            out.join("records")
                .join(private_label)
                .join("process-isolation.en.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(main_rec["host"]["engine_endpoint"], MAIN_ENGINE);
    assert_eq!(priv_rec["host"]["engine_endpoint"], private_socket);
    assert_eq!(main_rec["run_id"], priv_rec["run_id"], "one run, two engines");
}

#[test]
fn a_fleet_of_two_engines_gives_two_record_sets_and_a_matrix() {
    require!(LIVE, PRIVATE_ENGINE);
    let private = PrivateEngine::start("{}");
    let dir = tempdir();
    let out = dir.path().join("book");
    let (code, log) = build(&out, &["--engine", MAIN_ENGINE, "--engine", &private.socket]);
    // The private engine has no sandbox runtime: not-run, which is not a failure.
    assert_eq!(code, 0, "{log}");
    let private_label: String = private
        .socket
        .trim_start_matches("unix://")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    one_run_two_record_sets(&out, &private_label, &private.socket, &log);

    let compare = std::fs::read_to_string(out.join("compare.html")).expect("compare.html with two hosts");
    let expected = [
        (MAIN_LABEL, ["proven", "proven", "proven"]),
        (private_label.as_str(), ["proven", "not-run", "not-run"]),
    ];
    for (label, verdicts) in expected {
        assert!(
            compare.contains(&format!("<th data-host=\"{label}\">")),
            "{label} has a column"
        );
        for (claim, verdict) in CLAIMS.iter().zip(verdicts) {
            assert_eq!(
                matrix_cell(&compare, &format!("process-isolation/{claim}"), label).as_deref(),
                Some(verdict),
                "{label} {claim}"
            );
        }
    }
    assert!(
        out.join("hosts")
            .join(&private_label)
            .join("process-isolation.en.html")
            .is_file(),
        "the second host's evidence page"
    );
    assert!(
        proofbook_containers(&private.socket).is_empty(),
        "no container left on the private engine"
    );

    // The same fleet re-rendered from its records, hosts in the same order.
    let rendered = dir.path().join("rendered");
    let o = proofbook(&[
        "render",
        "--records",
        s(&out.join("records").join(MAIN_LABEL)),
        "--records",
        s(&out.join("records").join(&private_label)),
        "--out",
        s(&rendered),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_verdicts(&out, &rendered);
}

/// The verdict in the matrix row of `claim`, column of `host`.
fn matrix_cell(html: &str, claim: &str, host: &str) -> Option<String> {
    let row_start = html.find(&format!("<tr data-claim=\"{claim}\""))?;
    let row = &html[row_start..];
    let row = &row[..row.find("</tr>")?];
    let needle = format!("data-host=\"{host}\" data-verdict=\"");
    let i = row.find(&needle)? + needle.len();
    Some(row[i..i + row[i..].find('"')?].to_string())
}

fn doctor(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = command();
    cmd.arg("doctor")
        .args(args)
        .arg(LESSON)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .env_remove("DOCKER_HOST");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = output_within(&mut cmd, LIMIT);
    (o.status.code().unwrap_or(-1), text(&o))
}

#[test]
fn doctor_with_the_sandbox_runtime_is_happy() {
    require!(LIVE);
    let (code, out) = doctor(&["--engine", MAIN_ENGINE], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("✓ runsc usable"), "{out}");
    assert!(out.contains("✓ runc usable"), "{out}");
    assert!(out.contains("all good"), "{out}");
    let run_id = out
        .split("org.proofbook.run=")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .expect("doctor names its run label");
    assert!(run_id.starts_with("doctor"), "{run_id}");
    assert!(
        run_containers(MAIN_ENGINE, run_id).is_empty(),
        "doctor leaves no container behind"
    );
}

#[test]
fn doctor_without_a_sandbox_runtime_says_how_to_enable_runsc() {
    require!(LIVE, PRIVATE_ENGINE);
    let private = PrivateEngine::start("{}");
    let (code, out) = doctor(&["--engine", &private.socket], &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("✓ runc usable"), "process isolation still works: {out}");
    assert!(out.contains("hyperv (sandboxed, own kernel): missing"), "{out}");
    assert!(out.contains("fix: sudo scripts/setup-engine.sh"), "{out}");
    assert!(
        proofbook_containers(&private.socket).is_empty(),
        "doctor leaves no container behind"
    );
}

#[test]
fn doctor_on_an_unreachable_engine_exits_3() {
    let (code, out) = doctor(&["--engine", "unix:///nonexistent/docker.sock"], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("Start a Docker engine"), "{out}");
    assert!(
        out.contains("sudo scripts/setup-engine.sh"),
        "points at the set-up script: {out}"
    );
}

/// A TCP → unix-socket relay on loopback, so the tcp:// and http:// forms
/// reach the main engine (which listens on its socket only).
#[cfg(unix)]
fn tcp_relay(socket: &str) -> u16 {
    use std::os::unix::net::UnixStream;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let path = socket.trim_start_matches("unix://").to_string();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let Ok(unix) = UnixStream::connect(&path) else { continue };
            let (mut t1, mut u1) = (conn.try_clone().unwrap(), unix.try_clone().unwrap());
            let (mut t2, mut u2) = (conn, unix);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut t1, &mut u1);
                let _ = u1.shutdown(std::net::Shutdown::Write);
            });
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut u2, &mut t2);
                let _ = t2.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    port
}

#[test]
#[cfg(unix)]
fn engine_endpoints_in_every_form_bollard_accepts() {
    require!(LIVE);
    // DOCKER_HOST, no --engine.
    let (code, out) = doctor(&[], &[("DOCKER_HOST", MAIN_ENGINE)]);
    assert_eq!(code, 0, "DOCKER_HOST=unix://…: {out}");
    assert!(out.contains(&format!("engine {MAIN_ENGINE} answers")), "{out}");

    let port = tcp_relay(MAIN_ENGINE);
    for scheme in ["tcp", "http"] {
        let ep = format!("{scheme}://127.0.0.1:{port}");
        let (code, out) = doctor(&["--engine", &ep], &[]);
        assert_eq!(code, 0, "--engine {ep}: {out}");
        assert!(out.contains("✓ runsc usable"), "{out}");
        let (code, out) = doctor(&[], &[("DOCKER_HOST", &ep)]);
        assert_eq!(code, 0, "DOCKER_HOST={ep}: {out}");
    }

    // A build through tcp:// records under its own label; the same engine given twice runs once.
    let dir = tempdir();
    let ep = format!("tcp://127.0.0.1:{port}");
    let (code, out) = build(&dir.path().join("book"), &["--engine", &ep, "--engine", &ep]);
    assert_eq!(code, 0, "{out}");
    assert!(
        dir.path()
            .join(format!("book/records/127-0-0-1-{port}/process-isolation.en.json"))
            .is_file(),
        "{out}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("book/records")).unwrap().count(),
        1,
        "one record folder"
    );

    // An empty DOCKER_HOST counts as unset, as for the docker CLI.
    let (code, out) = doctor(&[], &[("DOCKER_HOST", "")]);
    assert_eq!(code, 0, "DOCKER_HOST='': {out}");

    // A form bollard does not know is refused with advice, not a panic.
    let (code, out) = doctor(&["--engine", "/var/run/docker.sock"], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("Did you mean unix:///var/run/docker.sock?"), "{out}");
    let (code, out) = doctor(&["--engine", "ftp://127.0.0.1:1"], &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("not an engine endpoint"), "{out}");
}
