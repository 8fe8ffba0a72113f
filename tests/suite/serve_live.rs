//! `proofbook serve` end to end: a temp copy of a lesson served on a free
//! loopback port, opened in headless Chromium; saving the lesson changes the
//! open page with no reload by hand (read from Chromium's own list of its
//! pages), check's errors appear over the last good page, a step edit shows
//! its progress and reruns only that lesson, and SIGINT ends serve with none
//! of its containers left. Every child has a time limit and is stopped by its
//! own PID.

use crate::common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A child process that is stopped (SIGKILL, by its PID, while unreaped) when dropped.
struct Owned(Child);

impl Drop for Owned {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// `proofbook serve` on a free port of 127.0.0.1, and the address it printed.
fn serve(dir: &Path) -> (Owned, String, mpsc::Receiver<String>) {
    let mut child = command()
        .args(["serve", "--port", "0", "--no-recorded", "--out", "book", "lessons"])
        .current_dir(dir)
        .env("PROOFBOOK_OFFLINE", "1")
        .env("LANG", "C")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("proofbook starts");
    let (tx, rx) = mpsc::channel();
    for out in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let child = Owned(child);
    let deadline = Instant::now() + Duration::from_secs(180);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("serve printed no address: {seen:#?}"));
        if let Some(at) = line.find("http://127.0.0.1:") {
            let url = line[at..].split_whitespace().next().unwrap().to_string();
            return (child, url, rx);
        }
        seen.push(line);
    }
}

/// The body of a plain HTTP GET on loopback; empty when the server does not answer (yet).
fn get(addr: &str, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return String::new();
    }
    // Read the head, then as many bytes as it announces: a server may keep the connection open.
    let mut r = BufReader::new(s);
    let mut length = None;
    let mut line = String::new();
    while r.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<u64>().ok();
            }
        }
        line.clear();
    }
    let mut body = Vec::new();
    let _ = match length {
        Some(n) => r.take(n).read_to_end(&mut body),
        None => r.read_to_end(&mut body),
    };
    String::from_utf8_lossy(&body).into_owned()
}

/// Headless Chromium showing `url`, with its DevTools port (Chromium's own list of its pages).
fn chromium_on(url: &str, profile: &Path) -> (Owned, String) {
    let bin = ["chromium", "chromium-browser"]
        .iter()
        .find(|b| {
            Command::new("sh")
                .args(["-c", &format!("command -v {b}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("the guard found chromium");
    let child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let child = Owned(child);
    let file = profile.join("DevToolsActivePort");
    let port = wait_for(Duration::from_secs(60), "chromium's DevTools port", || {
        std::fs::read_to_string(&file)
            .ok()
            .and_then(|t| t.lines().next().map(str::to_string))
    });
    (child, format!("127.0.0.1:{port}"))
}

/// Polls `f` every 100 ms until it gives a value, or fails the test after `limit`.
fn wait_for<T>(limit: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The title of the page Chromium shows, as Chromium reports it.
fn title(devtools: &str) -> Option<String> {
    let list: serde_json::Value = serde_json::from_str(&get(devtools, "/json/list")).ok()?;
    let page = list.as_array()?.iter().find(|t| t["type"] == "page")?;
    Some(page["title"].as_str()?.to_string())
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn lesson_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempdir();
    let lessons = dir.path().join("lessons");
    std::fs::create_dir_all(&lessons).unwrap();
    for lang in ["en", "ko"] {
        let name = format!("process-isolation.{lang}.md");
        std::fs::copy(repo().join("lessons").join(&name), lessons.join(&name)).unwrap();
    }
    let (en, ko) = (
        lessons.join("process-isolation.en.md"),
        lessons.join("process-isolation.ko.md"),
    );
    (dir, en, ko)
}

#[test]
fn a_saved_lesson_changes_the_open_page_in_chromium() {
    require!(LIVE, &[Need::Chromium]);
    let (dir, _en, ko) = lesson_copy();
    let (_serve, url, _out) = serve(dir.path());
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let profile = tempdir();
    let (_chromium, devtools) = chromium_on(&format!("{url}ko/process-isolation.html"), profile.path());
    let before = "프로세스 격리와 샌드박스 격리";
    wait_for(Duration::from_secs(60), "the page in Chromium", || {
        title(&devtools).filter(|t| t.starts_with(before))
    });

    // A prose edit (the title): the open page shows it, nobody reloaded it.
    edit(&ko, &format!("title: {before}"), "title: 격리 두 가지, 직접 확인하기");
    wait_for(Duration::from_secs(60), "the new title in the open page", || {
        title(&devtools).filter(|t| t.starts_with("격리 두 가지, 직접 확인하기"))
    });
    assert!(get(&addr, "/ko/process-isolation.html").contains("격리 두 가지, 직접 확인하기"));

    // A lesson that fails check: its file:line errors over the last good page, in Korean.
    edit(&ko, "```step\nid: host\n", "```step\nid: host\nbogus: 1\n");
    let t = wait_for(Duration::from_secs(60), "the page to show check's errors", || {
        title(&devtools).filter(|t| t.starts_with("✗ "))
    });
    assert!(t.contains("격리 두 가지"), "the last good page stays: {t}");
    let events = first_event(&addr);
    assert!(events.contains("lessons/process-isolation.ko.md:"), "{events}");
    assert!(events.contains("마지막으로 제대로 만든 페이지"), "{events}");
    edit(&ko, "bogus: 1\n", "");
    wait_for(Duration::from_secs(60), "the fixed page", || {
        title(&devtools).filter(|t| t.starts_with("격리 두 가지"))
    });
}

/// The first event `/_proofbook/events` sends: serve's state now.
fn first_event(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET /_proofbook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    BufReader::new(s)
        .lines()
        .map_while(Result::ok)
        .find(|l| l.starts_with("data: "))
        .unwrap_or_default()
}

/// Events of `/_proofbook/events` as they come, on a channel.
fn event_stream(addr: &str) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(s, "GET /_proofbook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(s).lines().map_while(Result::ok) {
            if l.starts_with("data: ") && tx.send(l).is_err() {
                return;
            }
        }
    });
    rx
}

/// Containers whose owner label names this serve process.
fn containers_of(pid: u32) -> Vec<String> {
    owned_by(MAIN_ENGINE, pid)
}

#[test]
fn a_step_edit_shows_progress_and_sigint_leaves_no_container() {
    require!(LIVE);
    let (dir, en, ko) = lesson_copy();
    let (mut serve, url, _out) = serve(dir.path());
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let pid = serve.0.id();
    let events = event_stream(&addr);
    // A step edit, in both languages (the twins must agree): that lesson runs again, step by step.
    for f in [&en, &ko] {
        edit(f, "\"3600\"", "\"3601\"");
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    loop {
        let e = events.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        let e = e.unwrap_or_else(|_| panic!("no step progress: {seen:#?}"));
        // The stream sends the latest state when it is read: any step of the run will do.
        if e.contains("\"running\"") && e.contains(" again: step ") {
            assert!(e.contains("process-isolation"), "{e}");
            break;
        }
        seen.push(e);
    }
    // Mid-run (its containers up, when the machine is quick enough to catch them), SIGINT.
    let deadline = Instant::now() + Duration::from_secs(5);
    while containers_of(pid).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    let code = wait_for(Duration::from_secs(90), "serve to end", || {
        serve.0.try_wait().ok().flatten()
    });
    assert_eq!(code.code(), Some(130), "serve ends as an interrupted build does");
    assert_eq!(containers_of(pid), Vec::<String>::new(), "no container left");
}
