//! The book as a site, in headless Chromium: search in both editions (the
//! index and `search.js` written into the book, run offline from disk), and
//! the navigation of each edition (sidebar, previous/next, language switch).
//! The book is rendered from the recorded Windows hosts: no engine needed.
//!
//! Needs the `chromium` and `fonts-noto-cjk` Debian packages (CI installs them); skips
//! without them, as `require!` says, but in CI.

use crate::common::*;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Chromium, for a test that began with `require!(&[Need::Chromium])`.
fn chromium() -> PathBuf {
    ["chromium", "chromium-browser"]
        .iter()
        .find_map(|name| {
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("command -v {name}"))
                .output()
                .ok()?;
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (out.status.success() && !p.is_empty()).then(|| PathBuf::from(p))
        })
        .expect("the guard found chromium")
}

/// Chromium's flags for a test: headless, no network but loopback, a profile of its own.
fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// The DOM of `url` once its scripts ran, within a time limit.
fn dump_dom(url: &str) -> String {
    let profile = tempdir();
    let mut child = Command::new(chromium())
        .args(chromium_args(profile.path()))
        .args(["--dump-dom", "--virtual-time-budget=3000"])
        .arg(url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        use std::io::Read;
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("chromium is waited for").is_none() {
        if std::time::Instant::now() > deadline {
            // Our own child, not yet reaped: its PID is still its own.
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took over 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn book() -> tempfile::TempDir {
    let lessons = proofbook::lesson::load_all(&[repo().join("lessons")]).expect("shipped lessons load");
    let mut hosts = proofbook::transcripts::windows_hosts(&lessons);
    hosts.truncate(1);
    hosts[0].label = "local".into();
    let dir = tempdir();
    proofbook::render::Renderer::new()
        .render_book(&hosts, dir.path(), true)
        .expect("the book renders");
    dir
}

fn url(p: &Path, query: &str) -> String {
    format!("file://{}{query}", p.display())
}

/// (href, kind) of each search result in a dumped DOM.
fn results(dom: &str) -> Vec<(String, String)> {
    dom.match_indices("<li class=\"result r-")
        .map(|(i, m)| {
            let rest = &dom[i + m.len()..];
            let kind = rest[..rest.find('"').unwrap()].to_string();
            let h = rest.find("href=\"").unwrap() + 6;
            let href = rest[h..h + rest[h..].find('"').unwrap()].replace("&amp;", "&");
            (href, kind)
        })
        .collect()
}

fn percent(q: &str) -> String {
    q.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[test]
fn search_finds_korean_and_latin_words_in_chromium_in_both_editions() {
    require!(&[Need::Chromium]);
    let book = book();
    for lang in ["en", "ko"] {
        let index = std::fs::metadata(book.path().join(lang).join("search-index.js"))
            .unwrap()
            .len();
        let pages: u64 = std::fs::read_dir(book.path().join(lang))
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        eprintln!("{lang}: search index {index} bytes; the edition's folder {pages} bytes");
    }
    for (lang, query) in [
        ("ko", "격리"),
        ("ko", "워크로드"),
        ("ko", "vmwp"),
        ("en", "vmwp"),
        ("en", "isolation"),
    ] {
        let page = book.path().join(lang).join("search.html");
        let dom = dump_dom(&url(&page, &format!("?q={}", percent(query))));
        let found = results(&dom);
        let kinds: Vec<&str> = found.iter().map(|(_, k)| k.as_str()).collect();
        assert!(kinds.contains(&"claim"), "{lang} {query}: {kinds:?}\n{dom}");
        assert!(
            kinds.iter().any(|k| *k == "prose" || *k == "lesson"),
            "{lang} {query}: {kinds:?}"
        );
        assert!(
            dom.contains(&format!("<mark>{query}</mark>")),
            "{lang} {query}: the word is marked"
        );
        for (href, _) in &found {
            let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = page.parent().unwrap().join(file);
            let html = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{href}: {e}"));
            assert!(
                anchor.is_empty() || html.contains(&format!("id=\"{anchor}\"")),
                "{lang}: {href}"
            );
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{href} is in the {lang} edition"
            );
        }
    }
    // A word in no lesson: the edition's own "nothing found" sentence.
    let none = dump_dom(&url(
        &book.path().join("ko/search.html"),
        &format!("?q={}", percent("쿠버네티스")),
    ));
    assert!(results(&none).is_empty());
    assert!(none.contains("이 책에서 찾은 내용이 없습니다."), "{none}");
}

/// `(href, attributes before it)` of every link in the sidebar and the pager of a dumped page.
fn nav_links(dom: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [
        ("<aside class=\"sidebar\"", "</aside>"),
        ("<nav class=\"pager\"", "</nav>"),
    ] {
        if let Some(s) = dom.find(open) {
            let part = &dom[s..s + dom[s..].find(close).unwrap()];
            out.extend(part.match_indices("href=\"").map(|(i, m)| {
                let v = &part[i + m.len()..];
                v[..v.find('"').unwrap()].to_string()
            }));
        }
    }
    out
}

#[test]
fn each_editions_navigation_stays_in_its_language_in_chromium() {
    require!(&[Need::Chromium]);
    let book = book();
    for lang in ["en", "ko"] {
        let pages: Vec<PathBuf> = std::fs::read_dir(book.path().join(lang))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "html"))
            .collect();
        assert!(pages.len() >= 6, "{lang}: {pages:?}");
        let mut with_pager = 0;
        for page in &pages {
            let dom = dump_dom(&url(page, ""));
            let links = nav_links(&dom);
            assert!(links.len() >= 5, "{}: {links:?}", page.display());
            with_pager += usize::from(dom.contains("class=\"pager\""));
            for href in links {
                let target = page.parent().unwrap().join(&href);
                let html = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{href}: {e}"));
                assert!(
                    html.contains(&format!("<html lang=\"{lang}\">")),
                    "{}: {href} leaves the {lang} edition",
                    page.display()
                );
            }
        }
        assert!(with_pager >= 5, "{lang}: lesson pages have previous/next links");
    }
}
