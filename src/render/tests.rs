//! Pages rendered from records judged from the shipped Windows transcripts
//! (no engine): every claim and step shows the verdict, status and reason its
//! record holds, in the page's language.

use super::*;
use crate::messages::Lang;
use crate::record::{StepOutcome, Verdict};

fn hosts() -> Vec<HostRecords> {
    let lessons = crate::lesson::load_embedded().expect("the built-in book loads");
    crate::transcripts::windows_hosts(&lessons)
}

/// The markup of the element carrying `attr="value"`, up to the next element of its kind.
fn element<'a>(page: &'a str, attr: &str, value: &str) -> &'a str {
    let at = format!("{attr}=\"{value}\"");
    let found = page.find(&at).unwrap_or_else(|| panic!("no {at} on the page"));
    let start = page[..found].rfind('<').expect("the element's tag");
    let after = found + at.len();
    let end = page[after..]
        .find(&format!("{attr}=\""))
        .map_or(page.len(), |e| after + e);
    &page[start..end]
}

fn check_page(page: &str, r: &RunRecord) {
    let t = i18n::strings(Lang::of(&r.lang));
    for c in &r.claims {
        let el = element(page, "data-claim", &format!("{}/{}", r.lesson, c.id));
        let v = c.verdict.as_str();
        assert!(el.contains(&format!("data-verdict=\"{v}\"")), "{}: {el}", c.id);
        let label = format!("<span class=\"verdict v-{v}\">{}</span>", t.label(c.verdict));
        assert!(el.contains(&label), "{} shows {label}: {el}", c.id);
        let reason = format!(
            "<span class=\"reason\" lang=\"{}\">{}</span>",
            c.reason.lang(Lang::of(&r.lang)),
            c.reason.html(Lang::of(&r.lang))
        );
        assert!(el.contains(&reason), "{} gives its reason {reason}: {el}", c.id);
    }
    for s in &r.steps {
        let el = element(page, "data-step", &s.id);
        assert!(
            el.contains(&format!("data-status=\"{}\"", s.outcome.label())),
            "{}: {el}",
            s.id
        );
        if let Some(d) = s.outcome.detail() {
            let why = format!(
                "<span class=\"status-reason\" lang=\"{}\">{}</span>",
                d.lang(Lang::of(&r.lang)),
                d.html(Lang::of(&r.lang))
            );
            assert!(el.contains(&why), "{} says why: {why}: {el}", s.id);
        }
    }
}

#[test]
fn every_claim_and_step_shows_its_record_in_the_page_language() {
    let out = tempfile::tempdir().unwrap();
    let hosts = hosts();
    Renderer::new()
        .render_book(&hosts, out.path(), true)
        .expect("the book renders");
    let mut langs = std::collections::BTreeSet::new();
    for r in &hosts[0].records {
        let page = std::fs::read_to_string(out.path().join(&r.lang).join(format!("{}.html", r.lesson))).unwrap();
        check_page(&page, r);
        langs.insert(r.lang.as_str());
    }
    assert_eq!(langs.into_iter().collect::<Vec<_>>(), ["en", "ko"]);
    let verdicts: std::collections::BTreeSet<Verdict> = hosts[0]
        .records
        .iter()
        .flat_map(|r| &r.claims)
        .map(|c| c.verdict)
        .collect();
    assert!(
        verdicts.len() > 1,
        "the transcripts prove some claims and leave others: {verdicts:?}"
    );
}

/// What a page shows comes from the record: change the record, the page follows.
#[test]
fn a_changed_record_changes_its_page_and_the_other_hosts_pages() {
    let out = tempfile::tempdir().unwrap();
    let mut hosts = hosts();
    let mut other = hosts[0].clone();
    other.label = "other".into();
    let r = &mut other.records[0];
    let proven = r
        .claims
        .iter_mut()
        .find(|c| c.verdict != Verdict::Refuted)
        .expect("a claim");
    proven.verdict = Verdict::Refuted;
    proven.reason = crate::messages::Text::Plain("the evidence says otherwise".into());
    let step = &mut r.steps[0];
    step.outcome = StepOutcome::Timeout { after_ms: 2500 };
    step.evidence = None;
    // After every recorded host: its pages are the last host's.
    let at = hosts.len();
    hosts.push(other);
    Renderer::new()
        .render_book(&hosts, out.path(), true)
        .expect("the book renders");
    for r in &hosts[at].records {
        let path = out
            .path()
            .join("hosts/other")
            .join(format!("{}.{}.html", r.lesson, r.lang));
        check_page(&std::fs::read_to_string(path).unwrap(), r);
    }
    let r = &hosts[at].records[0];
    let page = std::fs::read_to_string(
        out.path()
            .join("hosts/other")
            .join(format!("{}.{}.html", r.lesson, r.lang)),
    )
    .unwrap();
    assert!(page.contains("the evidence says otherwise"));
    let compare = std::fs::read_to_string(out.path().join("compare.html")).unwrap();
    assert!(
        compare.contains("data-host=\"other\" data-verdict=\"refuted\""),
        "the matrix shows the other host's verdict"
    );
}

/// (path relative to the book's root, page text) of every HTML page written.
fn pages(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// Every `href="…"` of a page resolved against the book's root, with whether
/// it is the language switch.
fn hrefs(page: &str, html: &str) -> Vec<(String, bool)> {
    let dir: Vec<&str> = page
        .split('/')
        .rev()
        .skip(1)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    html.match_indices(" href=\"")
        .map(|(i, m)| {
            let start = i + m.len();
            let value = &html[start..start + html[start..].find('"').unwrap()];
            let tag_start = html[..i].rfind('<').unwrap();
            let switch = html[tag_start..i].contains("lang-switch");
            // A link within the page (`#row-…`) leads to the page itself.
            if value.starts_with('#') {
                return (page.to_string(), switch);
            }
            let mut parts: Vec<&str> = dir.clone();
            for seg in value.split('#').next().unwrap().split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "" | "." => {}
                    s => parts.push(s),
                }
            }
            (parts.join("/"), switch)
        })
        .collect()
}

/// The edition a page belongs to, by its path.
fn edition(page: &str) -> &'static str {
    if page.starts_with("ko/") || page.ends_with(".ko.html") {
        "ko"
    } else {
        "en"
    }
}

/// The Korean edition is a site of its own: every link of a Korean page leads
/// to a Korean page (or the stylesheet), and the same for English, except the
/// language switch, which leads to the other edition.
#[test]
fn each_edition_links_only_to_its_own_pages_but_for_the_switch() {
    let out = tempfile::tempdir().unwrap();
    Renderer::new().render_book(&hosts(), out.path(), true).unwrap();
    let all = pages(out.path());
    assert!(all.len() > 10, "{}", all.len());
    for (page, html) in &all {
        let lang = edition(page);
        let mut switches = 0;
        for (target, switch) in hrefs(page, html) {
            if target == "style.css" {
                continue;
            }
            assert!(out.path().join(&target).is_file(), "{page}: {target} does not exist");
            if switch {
                switches += 1;
                assert_ne!(edition(&target), lang, "{page}: the switch leads to {target}");
            } else {
                assert_eq!(edition(&target), lang, "{page} ({lang}) links {target}");
            }
        }
        assert_eq!(switches, 1, "{page} has one language switch");
    }
}

/// Every lesson page has the sidebar of its edition's lessons in book order,
/// marks itself, and links the lessons before and after it.
#[test]
fn lesson_pages_have_a_sidebar_in_book_order_and_prev_next() {
    let out = tempfile::tempdir().unwrap();
    let hosts = hosts();
    Renderer::new().render_book(&hosts, out.path(), true).unwrap();
    for lang in ["en", "ko"] {
        let mut of_lang: Vec<&RunRecord> = hosts[0].records.iter().filter(|r| r.lang == lang).collect();
        of_lang.sort_by(|a, b| a.doc.book_order().cmp(&b.doc.book_order()));
        assert!(of_lang.len() >= 3);
        let toc: Vec<String> = of_lang
            .iter()
            .map(|r| format!("<a href=\"../{lang}/{}.html\"", r.lesson))
            .collect();
        for (i, r) in of_lang.iter().enumerate() {
            let html = std::fs::read_to_string(out.path().join(lang).join(format!("{}.html", r.lesson))).unwrap();
            let side = &html[html.find("<aside class=\"sidebar\"").expect("a sidebar")..html.find("</aside>").unwrap()];
            let at: Vec<usize> = toc.iter().map(|a| side.find(a.as_str()).expect(a)).collect();
            assert!(at.windows(2).all(|w| w[0] < w[1]), "{lang}/{}: book order", r.lesson);
            let current = format!("<a href=\"../{lang}/{}.html\" aria-current=\"page\">", r.lesson);
            assert!(side.contains(&current), "{current}");
            let prev = i
                .checked_sub(1)
                .map(|p| format!("rel=\"prev\" href=\"../{lang}/{}.html\"", of_lang[p].lesson));
            let next = of_lang
                .get(i + 1)
                .map(|n| format!("rel=\"next\" href=\"../{lang}/{}.html\"", n.lesson));
            assert_eq!(html.contains("rel=\"prev\""), prev.is_some(), "{}", r.lesson);
            assert_eq!(html.contains("rel=\"next\""), next.is_some(), "{}", r.lesson);
            for link in prev.iter().chain(&next) {
                assert!(html.contains(link.as_str()), "{lang}/{}: {link}", r.lesson);
            }
        }
    }
}

/// The documents of `lang`'s written index that hold every term of `query`.
fn found(out: &Path, lang: &str, query: &str) -> Vec<serde_json::Value> {
    let script = std::fs::read_to_string(out.join(lang).join("search-index.js")).unwrap();
    let json = script
        .strip_prefix("window.proofbookSearch = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("the index is one assignment");
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut hits: Option<Vec<u64>> = None;
    for t in search::terms(query) {
        let docs: Vec<u64> = index["terms"][&t]
            .as_array()
            .map(|a| a.iter().map(|d| d.as_u64().unwrap()).collect())
            .unwrap_or_default();
        hits = Some(match hits {
            None => docs,
            Some(h) => h.into_iter().filter(|d| docs.contains(d)).collect(),
        });
    }
    // Each document as an object: its page and anchor, kind, heading and text.
    let doc = |d: &serde_json::Value| {
        let lesson = &index["lessons"][d[0].as_u64().unwrap() as usize];
        let anchor = d[1].as_str().unwrap();
        let page = lesson[0].as_str().unwrap();
        serde_json::json!({
            "href": if anchor.is_empty() { page.to_string() } else { format!("{page}#{anchor}") },
            "lesson": lesson[1],
            "kind": d[2],
            "section": index["sections"][d[3].as_u64().unwrap() as usize],
            "text": d[4],
        })
    };
    hits.unwrap_or_default()
        .into_iter()
        .map(|d| doc(&index["docs"][d as usize]))
        .collect()
}

/// Searching 격리, 워크로드 or vmwp finds lessons and claims, each result's
/// link is to an anchor that is on its page, and the words searched are in it.
#[test]
fn the_search_index_finds_korean_and_latin_words_and_links_to_their_anchors() {
    let out = tempfile::tempdir().unwrap();
    Renderer::new().render_book(&hosts(), out.path(), true).unwrap();
    for (lang, query, word) in [
        ("ko", "격리", "격리"),
        ("ko", "워크로드", "워크로드"),
        ("ko", "vmwp", "vmwp"),
        ("en", "vmwp", "vmwp"),
        ("en", "isolation", "isolation"),
    ] {
        let docs = found(out.path(), lang, query);
        let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"claim"), "{lang} {query}: {kinds:?}");
        assert!(
            kinds.contains(&"prose") || kinds.contains(&"lesson"),
            "{lang} {query}: {kinds:?}"
        );
        for d in &docs {
            let href = d["href"].as_str().unwrap();
            let (page, anchor) = href.split_once('#').unwrap_or((href, ""));
            let html = std::fs::read_to_string(out.path().join(lang).join(page)).unwrap();
            // The part of the page the result stands for holds the word.
            let part = if anchor.is_empty() {
                // The lesson itself: its title and summary.
                let start = html.find("<article").unwrap();
                &html[start..start + html[start..].find("</p>").unwrap()]
            } else {
                let at = format!("id=\"{anchor}\"");
                let start = html.find(&at).unwrap_or_else(|| panic!("{lang}/{href}: no {at}"));
                let end = html[start + at.len()..]
                    .find(" id=\"")
                    .map_or(html.len(), |e| start + at.len() + e);
                &html[start..end]
            };
            // …or the heading it sits under, as the result says.
            let section = d["section"].as_str().unwrap().to_lowercase();
            assert!(
                part.to_lowercase().contains(word)
                    || section.contains(word) && html.contains(d["section"].as_str().unwrap()),
                "{lang} {query}: {href} lacks {word}"
            );
        }
    }
    // Small beside the pages it searches (docs/performance.md has the numbers).
    for lang in ["en", "ko"] {
        let size = std::fs::metadata(out.path().join(lang).join("search-index.js"))
            .unwrap()
            .len();
        assert!(size < 100_000, "{lang}: the search index is {size} bytes");
    }
    // A word in no lesson finds nothing; Korean bigrams do not match across words.
    assert!(found(out.path(), "ko", "쿠버네티스").is_empty());
    assert!(found(out.path(), "en", "kubernetes").is_empty());
}

/// The text a reader sees, outside code, tables of evidence, scripts and
/// anything marked as another language (an engine's own words).
fn visible_prose(html: &str) -> String {
    const SKIP: &[&str] = &["code", "pre", "script", "style", "table", "title"];
    let mut out = String::new();
    let mut skip: Vec<String> = Vec::new();
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skip.is_empty() {
            out.push_str(&rest[..lt]);
            out.push(' ');
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g);
        let tag = &rest[lt + 1..gt];
        rest = rest.get(gt + 1..).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with('/') {
            if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                for (_, skipped) in open.drain(i..) {
                    if skipped {
                        skip.pop();
                    }
                }
            }
        } else if !tag.ends_with('/')
            && !["meta", "link", "br", "img", "input", "hr", "!doctype"].contains(&name.as_str())
        {
            let hides = SKIP.contains(&name.as_str()) || tag.contains("lang=\"en\"");
            if hides {
                skip.push(name.clone());
            }
            open.push((name, hides));
        }
    }
    out.push_str(rest);
    out
}

/// A third language is one `Lang` variant and one file: the pseudo-locale's
/// pages carry no English of proofbook's own (its lessons are pseudo text too).
#[test]
fn the_pseudo_locale_leaves_no_english_on_its_pages() {
    use crate::lesson::Block;
    use crate::messages::pseudo;
    let mut hosts = hosts();
    hosts.truncate(1);
    hosts[0].records.retain(|r| r.lang == "en");
    for r in &mut hosts[0].records {
        r.lang = Lang::Pseudo.code().into();
        r.doc.meta.lang = r.lang.clone();
        r.title = pseudo(&r.title);
        r.doc.meta.title = pseudo(&r.doc.meta.title);
        r.doc.meta.summary = pseudo(&r.doc.meta.summary);
        for b in &mut r.doc.blocks {
            match b {
                Block::Prose { markdown } => *markdown = pseudo(markdown),
                Block::Claim(c) => {
                    c.says = pseudo(&c.says);
                    c.hint = c.hint.as_deref().map(pseudo);
                }
                Block::Step(s) => {
                    if let crate::lesson::Action::Adopt(a) = &mut s.action {
                        a.task = pseudo(&a.task);
                    }
                }
            }
        }
        for c in &mut r.claims {
            c.says = pseudo(&c.says);
        }
        for s in &mut r.steps {
            if let crate::lesson::Action::Adopt(a) = &mut s.request.action {
                a.task = pseudo(&a.task);
            }
        }
    }
    // Words of the evidence and the host (names, versions, labels) are data, not proofbook's words.
    let r = &hosts[0].records[0];
    let data = format!(
        "{} {} {}",
        hosts[0].label,
        serde_json::to_string(&r.host).unwrap(),
        serde_json::to_string(&r.steps.iter().map(|s| &s.evidence).collect::<Vec<_>>()).unwrap()
    );
    let data: std::collections::BTreeSet<&str> = data.split(|c: char| !c.is_ascii_alphabetic()).collect();
    let out = tempfile::tempdir().unwrap();
    Renderer::new().render_book(&hosts, out.path(), true).unwrap();
    let lesson = &hosts[0].records[0].lesson;
    let html = std::fs::read_to_string(out.path().join("qps").join(format!("{lesson}.html"))).unwrap();
    let text = visible_prose(&html);
    assert!(
        text.contains(&pseudo("NOT RUN")),
        "the page speaks the pseudo-locale: {text}"
    );
    let english: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 2 && !data.contains(w))
        .collect();
    assert!(
        english.is_empty(),
        "English on a pseudo-locale page: {english:?}\n{text}"
    );
}
