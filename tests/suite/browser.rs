//! The book in a real browser: headless Chromium loads the index, a lesson
//! in each language, the handouts and the comparison from a book built by the
//! proofbook binary, offline and without JavaScript in the pages. It checks
//! that every link and resource is a local file that exists, that the page's
//! stylesheet loaded, that each claim's verdict is in the DOM, and saves
//! screenshots (and a printed handout) under the test's temp dir.
//!
//! Needs the `chromium` and `fonts-noto-cjk` Debian packages (CI installs
//! them). Without chromium the browser tests skip with the shared guard's
//! one-line message (tests/suite/common `require!`), or fail where CI=true or
//! PROOFBOOK_LIVE=1.

use crate::common::*;

mod compare;

use std::path::{Path, PathBuf};
use std::process::Command;

const VERDICTS: &[&str] = &["proven", "refuted", "not-run", "timeout", "error"];

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {name}"))
            .output()
            .ok()?;
        let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !p.is_empty()).then(|| PathBuf::from(p))
    })
}

/// The browser, for a test that began with `require!(&[Need::Chromium])`.
fn browser() -> Browser {
    Browser::new(chromium().expect("the guard found chromium"))
}

struct Browser {
    bin: PathBuf,
    profile: tempfile::TempDir,
}

struct Run {
    stdout: String,
    stderr: String,
}

impl Browser {
    fn new(bin: PathBuf) -> Browser {
        Browser {
            bin,
            profile: tempdir(),
        }
    }

    fn run(&self, extra: &[&str], url: &str) -> Run {
        let out = Command::new(&self.bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-extensions",
                "--hide-scrollbars",
                // Any host name fails to resolve: a page that reaches for the network shows it.
                "--host-resolver-rules=MAP * ~NOTFOUND",
            ])
            .arg(format!("--user-data-dir={}", self.profile.path().display()))
            .args(extra)
            .arg(url)
            .output()
            .expect("chromium runs");
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn dump_dom(&self, page: &Path) -> Run {
        self.run(&["--dump-dom", "--virtual-time-budget=3000"], &url(page))
    }

    fn screenshot(&self, page: &Path, png: &Path, size: &str) -> Run {
        self.run(
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size={size}"),
            ],
            &url(page),
        )
    }

    fn print_pdf(&self, page: &Path, pdf: &Path) -> Run {
        self.run(
            &[&format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer"],
            &url(page),
        )
    }
}

fn url(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Load errors Chromium reports on stderr (its D-Bus and GPU chatter is not one).
fn load_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            [
                "ERR_FILE_NOT_FOUND",
                "ERR_NAME_NOT_RESOLVED",
                "net::ERR",
                "Failed to load",
                "Not allowed to load",
                "Refused to",
            ]
            .iter()
            .any(|m| l.contains(m))
        })
        .collect()
}

// ------------------------------------------------------------------ static checks

/// (tag, attribute, value) of every href= and src= in a page.
fn links(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for attr in ["href", "src"] {
        let needle = format!(" {attr}=\"");
        let mut from = 0;
        while let Some(i) = html[from..].find(&needle) {
            let start = from + i + needle.len();
            let end = start + html[start..].find('"').expect("attribute closes");
            let tag_start = html[..start].rfind('<').expect("inside a tag");
            let tag: String = html[tag_start + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            out.push((
                tag.to_ascii_lowercase(),
                attr.to_string(),
                html[start..end].replace("&amp;", "&"),
            ));
            from = end;
        }
    }
    out
}

/// Every href/src of a page is a local file that exists (and, with a
/// `#fragment`, has that id); only a plain link (`<a>`) may point off the book.
fn check_links(page: &Path) -> usize {
    let html = std::fs::read_to_string(page).unwrap();
    let dir = page.parent().unwrap();
    let mut n = 0;
    for (tag, attr, value) in links(&html) {
        let remote = value.contains("://")
            || value.starts_with("//")
            || value.starts_with("data:")
            || value.starts_with("javascript:");
        if remote {
            assert!(
                tag == "a" && attr == "href" && !value.starts_with("javascript:"),
                "{}: <{tag} {attr}=\"{value}\"> would load from outside the book",
                page.display()
            );
            continue;
        }
        let (path, frag) = match value.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (value.as_str(), None),
        };
        let target = if path.is_empty() {
            page.to_path_buf()
        } else {
            dir.join(path)
        };
        assert!(
            target.is_file(),
            "{}: <{tag} {attr}=\"{value}\"> points at {}, which does not exist",
            page.display(),
            target.display()
        );
        if let Some(f) = frag.filter(|f| !f.is_empty()) {
            let text = std::fs::read_to_string(&target).unwrap();
            assert!(
                text.contains(&format!("id=\"{f}\"")),
                "{}: {value}: no id `{f}` in {}",
                page.display(),
                target.display()
            );
        }
        n += 1;
    }
    n
}

fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!("{attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let s = i + needle.len();
            &html[s..s + html[s..].find('"').unwrap()]
        })
        .collect()
}

// ------------------------------------------------------------------ the book

/// Used only while the repository has no Korean lesson: the first lesson in Korean.
const KO_LESSON: &str = r#"---
title: 프로세스 격리와 샌드박스 격리
lang: ko
lesson: process-isolation
order: 1
summary: 오래 실행되는 같은 워크로드를 두 번 시작합니다. 한 번은 호스트의 커널을 함께 쓰고, 한 번은 샌드박스 안에서 실행해 호스트가 어느 쪽을 볼 수 있는지 확인합니다.
---

Windows는 컨테이너를 실행하는 두 가지 방식을 제공하며, 둘의 차이는 컨테이너를
호스트로부터 얼마나 떼어 놓느냐뿐입니다. **프로세스 격리**에서 컨테이너는
네임스페이스와 리소스 제어로 둘러싸인 평범한 호스트 프로세스의 묶음이며, 호스트와
같은 커널을 씁니다. **Hyper-V 격리**에서는 컨테이너마다 자체 커널을 가진 작은
유틸리티 가상 머신이 주어집니다.

Linux에도 같은 구분이 있습니다. 기본 런타임 `runc`는 프로세스 격리를, gVisor의
`runsc` 같은 샌드박스 런타임은 컨테이너와 호스트 사이에 애플리케이션 커널을 둡니다.

## 어떤 컴퓨터인가요?

```step
id: host
host_info: {}
```

## 호스트의 커널을 함께 쓰는 워크로드

```step
id: run-process
run:
  image: {windows: "mcr.microsoft.com/windows/nanoserver:{host_tag}", linux: busybox}
  isolation: process
  command: {windows: [ping, localhost, -t], linux: [sleep, "3600"]}
```

엔진에 컨테이너 안에서 어떤 프로세스가 실행 중인지 묻습니다.

```step
id: top-process
top: {container: run-process}
```

## 같은 워크로드를 샌드박스 안에서

```step
id: run-sandboxed
run:
  image: {windows: "mcr.microsoft.com/windows/nanoserver:{host_tag}", linux: busybox}
  isolation: hyperv
  command: {windows: [ping, localhost, -t], linux: [sleep, "3600"]}
```

```step
id: top-sandboxed
top: {container: run-sandboxed}
```

## 이제 호스트에서 봅니다

```step
id: host-view
host_processes:
  name: {windows: [ping, vmwp], linux: [sleep, runsc-sandbox]}
  pids_from: [top-process, top-sandboxed]
```

## 증거가 말하는 것

```claim
id: process-shares-pid
says: 프로세스 격리 컨테이너의 워크로드는 엔진이 보고한 것과 같은 PID를 가진 호스트 프로세스입니다.
check:
  kind: visible_on_host
  top: top-process
  host: host-view
  process: {windows: ping, linux: sleep}
```

```claim
id: sandboxed-hidden
says: 샌드박스 안의 워크로드는 호스트의 프로세스 목록에 보이지 않습니다.
check:
  kind: hidden_from_host
  top: top-sandboxed
  host: host-view
  process: {windows: ping, linux: sleep}
```

```claim
id: one-worker
says: 호스트의 VM 작업자 프로세스 중 정확히 하나가 샌드박스 컨테이너의 것입니다.
check:
  kind: host_process_count
  host: host-view
  containers: [run-sandboxed]
  per_container: 1
```
"#;

struct Book {
    dir: tempfile::TempDir,
    out: PathBuf,
    /// lesson file, language, lesson id, claims in it
    lessons: Vec<(PathBuf, String, String, usize)>,
}

fn front(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The repository's lessons, plus a Korean process-isolation lesson when the
/// repository has no Korean lesson yet, built on the main engine.
fn build_book() -> Book {
    let dir = tempdir();
    let src = dir.path().join("lessons");
    std::fs::create_dir_all(&src).unwrap();
    for e in std::fs::read_dir(repo().join("lessons")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, src.join(p.file_name().unwrap())).unwrap();
        }
    }
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let has_ko = std::fs::read_dir(&src)
        .unwrap()
        .any(|e| front(&read(&e.unwrap().path()), "lang") == "ko");
    if !has_ko {
        std::fs::write(src.join("process-isolation.ko.md"), KO_LESSON).unwrap();
    }
    let mut lessons: Vec<(PathBuf, String, String, usize)> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let t = read(&p);
            let claims = t.lines().filter(|l| l.trim_start().starts_with("```claim")).count();
            (p, front(&t, "lang"), front(&t, "lesson"), claims)
        })
        .collect();
    lessons.sort();

    let out = dir.path().join("book");
    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        src.to_str().unwrap(),
    ]);
    // 1 only says a claim failed on this host; the book is written either way.
    assert!(matches!(o.status.code(), Some(0 | 1)), "build: {}", text(&o));
    assert!(out.join("index.html").is_file(), "{}", text(&o));
    Book { dir, out, lessons }
}

#[test]
fn the_book_loads_offline_in_chromium_in_both_languages() {
    require!(LIVE, &[Need::Chromium]);
    let browser = browser();
    warn_without_korean_fonts();
    let book = build_book();
    let shots = book.dir.path().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for page in pages_to_check(&book) {
        check_page(&browser, &book.out, &page, &shots);
    }
    check_stylesheet_loads(&browser, &book);
    check_handout_prints(&browser, &book, &shots);
    check_dark_theme(&browser, &book);

    eprintln!("screenshots and the printed handout: {}", shots.display());
    if std::env::var_os("PROOFBOOK_KEEP_BROWSER_OUTPUT").is_some() {
        let kept = book.dir.keep();
        eprintln!("kept {}", kept.display());
    }
}

fn warn_without_korean_fonts() {
    let fonts = Command::new("fc-list")
        .arg(":lang=ko")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if fonts.trim().is_empty() {
        assert!(!strict(), "no Korean font: CI installs fonts-noto-cjk");
        eprintln!("warning: no Korean font installed (apt-get install -y fonts-noto-cjk); Korean pages will show boxes in the screenshots");
    }
}

/// A page to check: its file, language, claims shown with a verdict, screenshot name.
struct PageCheck {
    page: PathBuf,
    lang: &'static str,
    claims: usize,
    shot: Option<&'static str>,
}

fn pages_to_check(book: &Book) -> Vec<PageCheck> {
    let out = &book.out;
    let lesson = "process-isolation";
    let claims_in = |lang: &str| book.lessons.iter().filter(|l| l.1 == lang).map(|l| l.3).sum::<usize>();
    let claims_of = |lang: &str, id: &str| {
        book.lessons
            .iter()
            .find(|l| l.1 == lang && l.2 == id)
            .map(|l| l.3)
            .unwrap()
    };
    assert!(claims_of("en", lesson) > 0 && claims_of("ko", lesson) > 0);
    let check = |page: PathBuf, lang, claims, shot| PageCheck {
        page,
        lang,
        claims,
        shot,
    };
    vec![
        // Each edition's index lists its own language's lessons only (a47a6e1).
        check(out.join("index.html"), "en", claims_in("en"), Some("index-en")),
        check(out.join("index.ko.html"), "ko", claims_in("ko"), Some("index-ko")),
        check(
            out.join(format!("en/{lesson}.html")),
            "en",
            claims_of("en", lesson),
            Some("lesson-en"),
        ),
        check(
            out.join(format!("ko/{lesson}.html")),
            "ko",
            claims_of("ko", lesson),
            Some("lesson-ko"),
        ),
        check(out.join("en/handout.html"), "en", claims_in("en"), None),
        check(out.join("ko/handout.html"), "ko", claims_in("ko"), Some("handout-ko")),
        check(out.join("compare.html"), "en", 0, Some("compare-en")),
        check(
            out.join(format!("hosts/windows-server-2019-recorded/{lesson}.ko.html")),
            "ko",
            claims_of("ko", lesson),
            None,
        ),
    ]
}

/// The page's static properties, then what Chromium makes of it.
fn check_page(browser: &Browser, out: &Path, c: &PageCheck, shots: &Path) {
    let name = c.page.strip_prefix(out).unwrap().display().to_string();
    assert!(c.page.is_file(), "{name} is written");
    let html = std::fs::read_to_string(&c.page).unwrap();
    assert!(
        html.contains(&format!("<html lang=\"{}\">", c.lang)),
        "{name} is in {}",
        c.lang
    );
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "{name} has no JavaScript"
    );
    let checked = check_links(&c.page);
    assert!(
        checked >= 2,
        "{name}: at least the stylesheet and the index link ({checked})"
    );
    // Every page but the handout's print view switches language.
    assert!(
        html.contains("class=\"lang-switch\""),
        "{name} links the other language"
    );
    let dom = browser.dump_dom(&c.page);
    assert!(
        load_errors(&dom.stderr).is_empty(),
        "{name}: chromium reported load errors: {:?}",
        load_errors(&dom.stderr)
    );
    assert!(
        dom.stdout.contains("</html>"),
        "{name}: chromium rendered a DOM: {}",
        dom.stderr
    );
    check_verdicts_shown(&name, &dom.stdout, c);
    if let Some(shot) = c.shot {
        let png = shots.join(format!("{shot}.png"));
        let r = browser.screenshot(&c.page, &png, "1100,1600");
        assert!(
            load_errors(&r.stderr).is_empty(),
            "{name}: {:?}",
            load_errors(&r.stderr)
        );
        let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(size > 10_000, "{name}: screenshot {} is {size} bytes", png.display());
    }
}

fn check_verdicts_shown(name: &str, dom: &str, c: &PageCheck) {
    let verdicts = attr_values(dom, "data-verdict");
    for v in &verdicts {
        assert!(VERDICTS.contains(v), "{name}: verdict `{v}`");
    }
    if c.claims > 0 {
        // Lesson pages and handouts show one claim box per claim; the index one row per claim.
        let boxes = dom.matches("<div class=\"claim v-").count();
        let rows = dom.matches("<tr data-claim=\"").count();
        assert_eq!(
            boxes.max(rows),
            c.claims,
            "{name}: every claim is shown with its verdict"
        );
        assert!(
            dom.matches("class=\"verdict v-").count() >= c.claims,
            "{name}: a verdict badge per claim"
        );
    } else {
        assert!(!verdicts.is_empty(), "{name}: the matrix has verdict cells");
    }
    if c.lang == "ko" {
        assert!(
            ["증명됨", "반증됨", "실행하지 않음", "시간 초과", "오류"]
                .iter()
                .any(|w| dom.contains(w)),
            "{name}: verdicts are named in Korean"
        );
    }
}

/// The stylesheet actually loaded (not just exists): a probe page, outside the
/// book and allowed to read file:// frames, counts its rules in the frame.
fn check_stylesheet_loads(browser: &Browser, book: &Book) {
    for page in [book.out.join("index.ko.html"), book.out.join("ko/handout.html")] {
        let probe = book.dir.path().join("probe.html");
        std::fs::write(&probe, PROBE.replace("PAGE", &url(&page))).unwrap();
        let report = probe_report(browser, &probe, &[]);
        assert!(report.contains("style.css rules="), "{}: {report}", page.display());
        assert!(
            !report.contains("rules=0") && !report.contains("rules=-"),
            "{}: stylesheet did not load: {report}",
            page.display()
        );
        assert!(
            !report.contains("ok=false"),
            "{}: an image did not load: {report}",
            page.display()
        );
        assert!(
            report.contains("Noto Sans CJK KR"),
            "{}: CJK fonts are in the font stack: {report}",
            page.display()
        );
    }
}

/// What a probe page wrote into its `<pre id="out">`.
fn probe_report(browser: &Browser, probe: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
    ];
    args.extend_from_slice(extra);
    let r = browser.run(&args, &url(probe));
    r.stdout
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or("")
        .to_string()
}

/// The handout prints: lessons in book order, one per page at least, no navigation in print.
fn check_handout_prints(browser: &Browser, book: &Book, shots: &Path) {
    let out = &book.out;
    let handout = std::fs::read_to_string(out.join("en/handout.html")).unwrap();
    let in_handout: Vec<&str> = attr_values(&handout, "data-lesson");
    assert_eq!(
        in_handout.len(),
        book.lessons.iter().filter(|l| l.1 == "en").count(),
        "every English lesson is in the handout once"
    );
    let css = std::fs::read_to_string(out.join("style.css")).unwrap();
    let print = css.split("@media print").nth(1).expect("print styles");
    assert!(
        print.contains("nav.top") && print.contains("display:none"),
        "navigation is hidden in print"
    );
    assert!(print.contains("break-before: page"), "each lesson starts a new page");
    assert!(!print.contains("break-after: page"), "and nothing else forces one");
    assert!(css.contains("@page { size: A4;"), "the handout asks for A4");
    for lang in ["en", "ko"] {
        let pdf = shots.join(format!("handout-{lang}.pdf"));
        let r = browser.print_pdf(&out.join(format!("{lang}/handout.html")), &pdf);
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("printed handout: {e}: {}", r.stderr));
        assert!(bytes.starts_with(b"%PDF"), "a PDF was printed");
        let pages = pdf_pages(&bytes);
        let lessons = book.lessons.iter().filter(|l| l.1 == lang).count();
        assert!(
            pages > lessons,
            "{lang}: a summary page and at least a page per lesson ({pages} pages)"
        );
        // The workshop target: five lessons on at most 12 A4 pages (Chromium's default paper is Letter; the stylesheet asks for A4).
        assert!(
            pages <= 12 * lessons.max(5) / 5,
            "{lang}: the handout of {lessons} lessons prints to {pages} pages"
        );
        let fonts = pdf_fonts(&bytes);
        if lang == "ko" {
            // The Korean text was drawn with a Korean font, not boxes from a Latin one.
            assert!(
                fonts.iter().any(|f| KOREAN_FONTS.iter().any(|k| f.contains(k))),
                "ko: the printed handout embeds a Korean font: {fonts:?}"
            );
        }
        eprintln!("{lang} handout: {pages} A4 pages, fonts {fonts:?}");
    }
}

/// Dark theme on screen when the reader's system asks for it; light otherwise and on paper.
fn check_dark_theme(browser: &Browser, book: &Book) {
    let probe = book.dir.path().join("scheme.html");
    let page = book.out.join("ko/handout.html");
    std::fs::write(&probe, SCHEME_PROBE.replace("PAGE", &url(&page))).unwrap();
    assert_eq!(probe_report(browser, &probe, &[]), "dark=false bg=rgb(255, 255, 255)");
    let dark = probe_report(browser, &probe, &["--force-dark-mode"]);
    assert!(dark.starts_with("dark=true bg=rgb("), "{dark}");
    assert_ne!(dark, "dark=true bg=rgb(255, 255, 255)", "the page turns dark");
    let css = std::fs::read_to_string(book.out.join("style.css")).unwrap();
    let dark_rules = css.split("prefers-color-scheme: dark").next().unwrap_or("");
    assert!(
        dark_rules.trim_end().ends_with("@media screen and ("),
        "the dark theme is for the screen only"
    );
}

/// Font names a PDF embeds for Korean text (Noto CJK on Linux, the system fonts elsewhere).
const KOREAN_FONTS: &[&str] = &["CJKkr", "CJKKR", "NanumGothic", "MalgunGothic", "AppleSDGothic"];

/// Pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree nodes).
fn pdf_pages(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

/// The `/FontName`s a PDF embeds, without the subset prefix (`ABCDEF+`).
fn pdf_fonts(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut fonts: Vec<String> = text
        .split("/FontName")
        .skip(1)
        .filter_map(|s| s.trim_start().strip_prefix('/'))
        .map(|s| {
            let name: String = s
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "+-_".contains(*c))
                .collect();
            name.split_once('+').map(|(_, n)| n.to_string()).unwrap_or(name)
        })
        .collect();
    fonts.sort();
    fonts.dedup();
    fonts
}

const SCHEME_PROBE: &str = r#"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="f" src="PAGE" width="1000" height="800"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var w = this.contentWindow, d = this.contentDocument;
  document.getElementById('out').textContent = 'dark=' + w.matchMedia('(prefers-color-scheme: dark)').matches + ' bg=' + w.getComputedStyle(d.body).backgroundColor;
});
</script></body></html>"#;

const PROBE: &str = r#"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="f" src="PAGE" width="1000" height="800"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var out = [];
  try {
    var w = this.contentWindow, d = this.contentDocument;
    for (var i = 0; i < d.styleSheets.length; i++) {
      var s = d.styleSheets[i], n = -1;
      try { n = s.cssRules.length; } catch (e) { n = -2; }
      out.push('sheet ' + s.href + ' rules=' + n);
    }
    for (var i = 0; i < d.images.length; i++) out.push('img ' + d.images[i].src + ' ok=' + (d.images[i].complete && d.images[i].naturalWidth > 0));
    out.push('font ' + w.getComputedStyle(d.body).fontFamily);
  } catch (e) { out.push('error ' + e); }
  document.getElementById('out').textContent = out.join('\n');
});
</script></body></html>"#;

// ------------------------------------------------------------------ escaping

/// Captured text is shown, never interpreted: the recorded Windows record
/// with hostile text in every captured field renders it escaped, and the
/// browser's DOM has none of it as markup. `data-claim="lesson/claim"` keeps its `/`.
#[test]
fn captured_text_is_escaped() {
    let path = repo().join("lessons/process-isolation.en.md");
    let lesson = proofbook::lesson::load_one(&path).unwrap();
    let mut r = proofbook::transcripts::record_for(&lesson);
    let evil = "<img src=x onerror=alert(1)><script>alert('x')</script> & \"q\"";
    r.claims[0].reason = evil.into();
    r.claims[0].says = evil.to_string();
    r.host.os_name = evil.to_string();
    for s in &mut r.steps {
        s.cli = format!("docker top {evil}");
        match &mut s.evidence {
            Some(proofbook::record::Evidence::Top { rows, titles, .. }) => {
                rows[0][0] = evil.to_string();
                titles[0] = evil.to_string();
            }
            Some(proofbook::record::Evidence::HostProcesses { filter, processes, .. }) => {
                *filter = evil.into();
                processes[0].name = evil.to_string();
                processes[0].cmd = evil.to_string();
            }
            _ => {}
        }
    }
    let dir = tempdir();
    let hosts = vec![proofbook::record::HostRecords {
        label: "local".into(),
        records: vec![r],
    }];
    proofbook::render::Renderer::new()
        .render_book(&hosts, dir.path(), true)
        .unwrap();
    for page in ["en/process-isolation.html", "index.html", "en/handout.html"] {
        let html = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(!html.contains("<img src=x"), "{page}: captured markup is escaped");
        assert!(!html.contains("<script>"), "{page}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"),
            "{page}: escaped text is there"
        );
        assert!(
            html.contains("data-claim=\"process-isolation/process-shares-pid\""),
            "{page}: `/` is kept in data-claim"
        );
    }
    require!(&[Need::Chromium]);
    let browser = browser();
    let dom = browser.dump_dom(&dir.path().join("en/process-isolation.html"));
    assert!(
        !dom.stdout.contains("<img"),
        "no image element came out of captured text"
    );
    assert!(
        !dom.stdout.to_ascii_lowercase().contains("<script"),
        "no script element came out of captured text"
    );
    assert!(dom.stdout.contains("&lt;script&gt;"), "the text is shown as text");
}

// ------------------------------------------------------------------ links, without a browser

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// Books rendered from the recorded Windows records (no engine): one
/// language only and both languages, with a second host. Every page's links
/// resolve, and a bilingual book's pages all switch language.
#[test]
fn every_link_resolves_in_one_and_two_language_books() {
    let all = proofbook::lesson::load_all(&[repo().join("lessons")]).unwrap_or_else(|e| panic!("{e:?}"));
    let langs: Vec<&str> = {
        let mut l: Vec<&str> = all.iter().map(|l| l.meta.lang.as_str()).collect();
        l.sort();
        l.dedup();
        l
    };
    for only in [Some("ko"), Some("en"), None] {
        let lessons: Vec<_> = all
            .iter()
            .filter(|l| only.is_none_or(|o| l.meta.lang == o))
            .cloned()
            .collect();
        if lessons.is_empty() {
            continue;
        }
        let mut hosts = proofbook::transcripts::windows_hosts(&lessons);
        let mut second = hosts[0].clone();
        second.label = "second-host".into();
        hosts.push(second);
        let dir = tempdir();
        proofbook::render::Renderer::new()
            .render_book(&hosts, dir.path(), true)
            .unwrap();
        let pages = html_files(dir.path());
        assert!(
            dir.path().join("index.html").is_file(),
            "{only:?}: book/index.html exists"
        );
        assert!(pages.len() >= 2 * lessons.len(), "{only:?}: {} pages", pages.len());
        for page in &pages {
            check_links(page);
            let html = std::fs::read_to_string(page).unwrap();
            // Only the search page runs a script: the book's own files (check_links found them), nothing inline.
            let scripts = html.to_ascii_lowercase().matches("<script").count();
            let search = page.file_name().is_some_and(|n| n == "search.html");
            assert_eq!(scripts, if search { 2 } else { 0 }, "{}", page.display());
            assert_eq!(html.matches("<script src=\"").count(), scripts, "{}", page.display());
            let bilingual = only.is_none() && langs.len() > 1;
            assert_eq!(
                html.contains("class=\"lang-switch\""),
                bilingual,
                "{}: language switch only when there is another language",
                page.display()
            );
        }
    }
}
