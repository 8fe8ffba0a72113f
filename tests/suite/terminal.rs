//! Text from records and engines printed on a terminal: an escape sequence in
//! a record's hostname, run id or claim sentence, or in an engine's error
//! message, is shown (`^[`, `\x9b`), never sent. Everything printed goes
//! through `output::visible`.

use crate::common::*;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Output;

use proofbook::record::{RunRecord, StepOutcome};

/// Sets the window title, clears the screen, and a C1 CSI.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m";
const SHOWN: &str = "^[]0;pwned^G^[[2J\\x9b31m";

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

fn run(args: &[&str]) -> Output {
    in_c_locale(&mut std::process::Command::new("timeout"))
        .arg("120")
        .arg(bin())
        .args(args)
        .current_dir(repo())
        .env("PROOFBOOK_OFFLINE", "1")
        .output()
        .expect("proofbook runs")
}

fn assert_shown(o: &Output) {
    let all = text(o);
    for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
        assert!(!all.contains(c), "{c:?} reached the terminal: {all:?}");
    }
    assert!(all.contains(SHOWN), "the sequence is shown as text: {all}");
}

/// Records of every shipped lesson in `dir/records/workshop-host`, edited by `edit`.
fn records_in(dir: &Path, edit: impl Fn(&mut RunRecord)) -> std::path::PathBuf {
    let lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    let host = dir.join("records").join("workshop-host");
    for l in &lessons {
        let mut r = proofbook::transcripts::record_for(l);
        r.provenance = proofbook::record::Provenance::Live;
        r.run_id = "feedc0ffee00".into();
        edit(&mut r);
        proofbook::record::write_record(&host, &r).unwrap();
    }
    dir.join("records")
}

#[test]
fn render_shows_escapes_in_a_hostname_and_a_run_id() {
    let dir = tempdir();
    let records = records_in(dir.path(), |r| {
        r.host.hostname = format!("host{HOSTILE}");
        r.run_id = format!("run{HOSTILE}");
    });
    let o = run(&["render", "--records", s(&records), "--out", s(&dir.path().join("book"))]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_shown(&o);
}

#[test]
fn diff_shows_escapes_in_a_claim_sentence_and_a_hostname() {
    let dir = tempdir();
    let old = records_in(&dir.path().join("old"), |_| {});
    // The new run's steps all timed out: its claims are judged again to NOT RUN,
    // and `diff` prints each changed claim's sentence.
    let new = records_in(&dir.path().join("new"), |r| {
        r.host.hostname = format!("host{HOSTILE}");
        for c in &mut r.claims {
            c.says = format!("{}{HOSTILE}", c.says);
        }
        for b in &mut r.doc.blocks {
            if let proofbook::lesson::Block::Claim(c) = b {
                c.says = format!("{}{HOSTILE}", c.says);
            }
        }
        for s in &mut r.steps {
            s.outcome = StepOutcome::Timeout { after_ms: 1 };
            s.evidence = None;
        }
    });
    let o = run(&["diff", s(&old), s(&new)]);
    assert_eq!(o.status.code(), Some(1), "verdicts changed: {}", text(&o));
    assert!(text(&o).contains("claim:"), "{}", text(&o));
    assert_shown(&o);
    // As JSON the sequence is a JSON escape: nothing raw reaches the terminal, and it reads back.
    let o = run(&["diff", "--json", s(&old), s(&new)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert!(report.to_string().contains("\\u001b]0;pwned"), "{report}");
    assert!(
        serde_json::to_string(&report).unwrap().contains("\u{9b}31m"),
        "C1 reads back"
    );
}

/// An engine on loopback that answers every request with a 500 whose message holds the sequence.
fn hostile_engine() -> (std::net::SocketAddr, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(false).unwrap();
    let body = serde_json::json!({ "message": format!("boom{HOSTILE}") }).to_string();
    let serve = std::thread::spawn(move || {
        // Ends when the test process does; each connection gets one answer.
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).ok();
            let mut buf = [0u8; 8192];
            let _ = stream.read(&mut buf);
            let reply = format!(
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    (addr, serve)
}

#[test]
fn doctor_shows_escapes_in_an_engine_error() {
    let (addr, _serve) = hostile_engine();
    let o = run(&["doctor", "--engine", &format!("tcp://{addr}")]);
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("boom"), "the engine's message is shown: {}", text(&o));
    assert_shown(&o);
}
