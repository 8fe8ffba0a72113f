use super::*;

/// The scheme a browser reads from an `href`/`src` attribute's value as it
/// stands in the HTML (WHATWG URL parsing, its first steps): an oracle of its
/// own, so these tests do not take [`classify`]'s word for what a browser does.
pub(crate) fn browser_scheme(attr: &str) -> Option<String> {
    let value = unescape_attr(attr);
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let mut chars = url.chars();
    if !chars.next()?.is_ascii_alphabetic() {
        return None;
    }
    let end = url.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))?;
    url[end..].starts_with(':').then(|| url[..end].to_ascii_lowercase())
}

fn unescape_attr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').expect("a reference is closed");
        let name = &rest[1..end];
        out.push(match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if name.starts_with("#x") => char::from_u32(u32::from_str_radix(&name[2..], 16).unwrap()).unwrap(),
            _ if name.starts_with('#') => char::from_u32(name[1..].parse().unwrap()).unwrap(),
            _ => panic!("unexpected reference &{name}; in {s}"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Every `href`/`src` value in `html`, as written.
pub(crate) fn targets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in [" href=\"", " src=\"", " href='", " src='"] {
        let quote = &attr[attr.len() - 1..];
        for (at, _) in html.match_indices(attr) {
            let value = &html[at + attr.len()..];
            found.push(value[..value.find(quote).unwrap_or(value.len())].to_string());
        }
    }
    found
}

/// The page's live targets all have an allowed scheme, or none.
pub(crate) fn assert_only_allowed(html: &str) {
    for t in targets(html) {
        if let Some(scheme) = browser_scheme(&t) {
            assert!(
                ["http", "https", "mailto"].contains(&scheme.as_str()),
                "a live `{scheme}:` target `{t}` in:\n{html}"
            );
        }
    }
}

const HOSTILE: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<java script:alert(1)>)",
    "[x](java&#x09;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](&#0000106avascript:alert(1))",
    "[x](java%73cript:alert(1))",
    "[x](\u{1}javascript:alert(1))",
    "[x](\u{7f}javascript:alert(1))",
    "[x](\u{200b}javascript:alert(1))",
    "[x](javascript\\:alert(1))",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][]\n\n[x]: <vbscript:msgbox(1)>",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "![x](data:image/svg+xml;base64,PHN2Zy8+)",
    "![x](javascript:alert(1))",
    "![x][i]\n\n[i]: DATA:image/png;base64,AAAA",
    "[![x](data:image/png,1)](javascript:alert(1))",
];

#[test]
fn every_other_scheme_is_text() {
    for md in HOSTILE {
        let html = crate::render::markdown(md);
        assert_only_allowed(&html);
        assert!(targets(&html).is_empty(), "{md:?} keeps a target: {html}");
        assert!(!html.contains("<a ") && !html.contains("<img"), "{md:?}: {html}");
        // Control characters and spaces end a destination: those are no link at all.
        let link =
            pulldown_cmark::Parser::new(md).any(|e| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })));
        assert_eq!(!refused(md).is_empty(), link, "{md:?} is reported");
    }
    // The link's text stays, as text.
    assert_eq!(crate::render::markdown("[click](javascript:x)"), "<p>click</p>\n");
    assert_eq!(crate::render::markdown("![alt](data:x)"), "<p>alt</p>\n");
}

#[test]
fn allowed_targets_stay_live() {
    for (md, href) in [
        ("[x](https://example.org/a)", "href=\"https://example.org/a\""),
        ("[x](HTTP://example.org)", "href=\"HTTP://example.org\""),
        ("[x](mailto:a@b.c)", "href=\"mailto:a@b.c\""),
        ("<a@b.c>", "href=\"mailto:a@b.c\""),
        ("<https://example.org>", "href=\"https://example.org\""),
        ("[x](other.html#claim)", "href=\"other.html#claim\""),
        ("[x](#top)", "href=\"#top\""),
        ("[x](../en/index.html)", "href=\"../en/index.html\""),
        ("[x](./a:b)", "href=\"./a:b\""),
        ("![x](img/a.png)", "src=\"img/a.png\""),
        // A remote image becomes a link to it: a page loads nothing from the network.
        ("![x](https://example.org/a.png)", "href=\"https://example.org/a.png\""),
        ("![x](//example.org/a.png)", "href=\"//example.org/a.png\""),
        ("![x](/\\example.org/a.png)", "href=\"/%5Cexample.org/a.png\""),
    ] {
        let html = crate::render::markdown(md);
        assert!(html.contains(href), "{md}: {html}");
        assert!(refused(md).is_empty(), "{md}");
    }
}

#[test]
fn the_decision_reads_the_target_as_a_browser_would() {
    for url in [
        "javascript:x",
        " \t\njavascript:x",
        "JAVA\u{0}SCRIPT:x",
        "java\u{85}script:x",
        "&#106;avascript:x",
        "&#X6a;avascript:x",
        "javascript&colon;x",
        "javascript&COLON;x",
        "j%61vascript:x",
        "data:,x",
        "vbscript:x",
        "file:x",
        "c:\\windows",
        "ms-settings:x",
        "javascript\u{feff}:x",
    ] {
        assert_eq!(classify(url), Target::Refused, "{url:?}");
    }
    for (url, t) in [
        ("https://x", Target::Remote),
        ("mailto:x", Target::Remote),
        ("//x", Target::Remote),
        ("\\\\x", Target::Remote),
        ("a/b:c", Target::Local),
        ("#f", Target::Local),
        ("?q=a:b", Target::Local),
        ("&amp;", Target::Local),
        ("&#xffffffff;", Target::Local),
        ("", Target::Local),
    ] {
        assert_eq!(classify(url), t, "{url:?}");
    }
}

#[test]
fn the_oracle_sees_what_a_browser_sees() {
    assert_eq!(browser_scheme("JavaScript:x").as_deref(), Some("javascript"));
    assert_eq!(browser_scheme(" \u{1}java\tscript:x").as_deref(), Some("javascript"));
    assert_eq!(browser_scheme("&#x6A;avascript:x").as_deref(), Some("javascript"));
    assert_eq!(browser_scheme("java%73cript:x"), None);
    assert_eq!(browser_scheme("a/b:c"), None);
}

#[test]
fn refused_targets_are_found_with_their_offset() {
    let md = "Intro.\n\nSee [this](javascript:alert(1)) and <vbscript:x>.\n";
    let found = refused(md);
    assert_eq!(
        found.iter().map(|(_, u)| u.as_str()).collect::<Vec<_>>(),
        ["javascript:alert(1)", "vbscript:x"]
    );
    assert!(found.iter().all(|(at, _)| md[..*at].matches('\n').count() == 2));
}

mod props {
    //! Real records (the shipped Windows transcripts judged) with hostile links
    //! spliced into every Markdown a page shows: the book renders, and no page
    //! has a live target of another scheme.

    use super::assert_only_allowed;
    use crate::lesson::{Action, Block};
    use crate::record::{HostRecords, RunRecord};
    use proptest::prelude::*;

    const SCHEMES: &[&str] = &[
        "javascript",
        "vbscript",
        "data",
        "file",
        "http",
        "https",
        "mailto",
        "ms-its",
    ];
    const JUNK: &[&str] = &[
        "\t",
        "\n",
        " ",
        "\u{0}",
        "\u{1}",
        "\u{1b}",
        "\u{7f}",
        "\u{85}",
        "\u{9b}",
        "\u{a0}",
        "\u{200b}",
        "\u{feff}",
        "&Tab;",
        "&NewLine;",
        "%09",
        "%0a",
        "&#9;",
        "&#x0A;",
        "\\",
    ];

    /// A scheme spelt as an attacker would: case, references, escapes, junk between letters.
    fn spelt(scheme: &str, how: &[(u8, u8)]) -> String {
        let mut out = String::new();
        for (i, c) in scheme.chars().enumerate() {
            let (pick, junk) = how.get(i).copied().unwrap_or((0, 0));
            match pick % 7 {
                0 => out.push(c),
                1 => out.push(c.to_ascii_uppercase()),
                2 => out.push_str(&format!("&#{};", c as u32)),
                3 => out.push_str(&format!("&#x{:X}", c as u32)),
                4 => out.push_str(&format!("%{:02x}", c as u32)),
                5 => {
                    out.push_str(JUNK[junk as usize % JUNK.len()]);
                    out.push(c);
                }
                _ => out.push(c.to_ascii_uppercase()),
            }
        }
        let colon = [":", "&colon;", "&#58;", "&#x3a;", "%3A"];
        out.push_str(colon[how.len() % colon.len()]);
        out
    }

    fn link() -> impl Strategy<Value = String> {
        (
            prop::sample::select(SCHEMES),
            prop::collection::vec(any::<(u8, u8)>(), 0..12),
            0usize..7,
            prop::option::of(prop::sample::select(JUNK)),
        )
            .prop_map(|(scheme, how, form, lead)| {
                let url = format!("{}{}alert(1)", lead.unwrap_or(""), spelt(scheme, &how));
                match form {
                    0 => format!("[t]({url})"),
                    1 => format!("[t](<{url}>)"),
                    2 => format!("<{url}>"),
                    3 => format!("[t][r]\n\n[r]: {url}\n"),
                    4 => format!("![t]({url})"),
                    5 => format!("[![t]({url})]({url})"),
                    _ => format!("[t][]\n\n[t]: <{url}> \"title\"\n"),
                }
            })
    }

    fn markdown_places(r: &mut RunRecord) -> Vec<&mut String> {
        let mut places: Vec<&mut String> = Vec::new();
        for b in &mut r.doc.blocks {
            match b {
                Block::Prose { markdown } => places.push(markdown),
                Block::Claim(c) => places.push(c.hint.get_or_insert_with(String::new)),
                Block::Step(s) => {
                    if let Action::Adopt(a) = &mut s.action {
                        places.push(&mut a.task);
                    }
                }
            }
        }
        for s in &mut r.steps {
            if let Action::Adopt(a) = &mut s.request.action {
                places.push(&mut a.task);
            }
        }
        places.push(&mut r.title);
        places
    }

    fn splice(hosts: &mut [HostRecords], at: (usize, usize, usize), text: &str) {
        let records = &mut hosts[0].records;
        let n = records.len();
        let mut places = markdown_places(&mut records[at.0 % n]);
        let n = places.len();
        let place = &mut places[at.1 % n];
        let mut cut = at.2 % (place.len() + 1);
        while !place.is_char_boundary(cut) {
            cut -= 1;
        }
        place.insert_str(cut, text);
    }

    fn pages(dir: &std::path::Path) -> Vec<String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn hostile_links_in_records_never_go_live(
            splices in prop::collection::vec((any::<(usize, usize, usize)>(), link(), ".{0,8}"), 1..12),
        ) {
            let lessons = crate::lesson::load_embedded().expect("the built-in book loads");
            let mut hosts = crate::transcripts::windows_hosts(&lessons);
            hosts.truncate(1);
            for (at, link, noise) in &splices {
                splice(&mut hosts, *at, &format!("{noise}{link}{noise}"));
            }
            let out = tempfile::tempdir().unwrap();
            crate::render::Renderer::new().render_book(&hosts, out.path(), true).expect("the book renders");
            let pages = pages(out.path());
            prop_assert!(!pages.is_empty());
            for page in &pages {
                assert_only_allowed(page);
            }
        }
    }
}
