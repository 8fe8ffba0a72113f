//! Captured output is text, never markup: a container that prints
//! `<script>alert(1)</script>` and other HTML shows up escaped on every page.

use crate::common::*;

const MARKUP: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "</pre></code><b>bold</b>",
    "<!-- comment -->",
    "<a href=\"javascript:alert(3)\">x</a>",
    "<svg onload=alert(4)>",
];

fn lesson() -> String {
    let echo_all = MARKUP
        .iter()
        .map(|m| format!("echo '{}'", m.replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        r#"---
title: Markup in captured output
lang: en
lesson: escaping
order: 1
summary: A container prints HTML; the page shows it as text.
---

```step
id: r
run:
  image: busybox
  isolation: process
  command: [sh, -c, "sleep 3600; echo '<script>alert(5)</script>'"]
```

```step
id: out
exec: {{container: r, command: [sh, -c, "{echo_all}"]}}
```

```step
id: err
exec: {{container: r, command: [sh, -c, "echo '<script>alert(6)</script>' >&2; echo '<iframe src=x>' >&2"]}}
```

```step
id: t
top: {{container: r}}
```

```claim
id: printed
says: The container printed a script tag.
check: {{kind: compare, left: {{step: out, field: stdout}}, op: contains, right: {{value: "<script>alert(1)</script>"}}}}
```

```claim
id: stderr-printed
says: The container printed markup on stderr.
check: {{kind: compare, left: {{step: err, field: stderr}}, op: equals, right: {{value: "<script>alert(6)</script>"}}}}
```

```claim
id: listed
says: top lists the shell.
check: {{kind: top_lists, top: t, names: [sh]}}
```
"#
    )
}

#[test]
fn captured_markup_is_shown_as_escaped_text_only() {
    require!(LIVE);
    let dir = tempdir();
    let path = dir.path().join("escaping.en.md");
    std::fs::write(&path, lesson()).unwrap();
    let out = dir.path().join("book");
    let o = proofbook(&[
        "build",
        "--quiet",
        "--engine",
        MAIN_ENGINE,
        "--out",
        out.to_str().unwrap(),
        path.to_str().unwrap(),
    ]);
    let said = text(&o);
    // stderr-printed is refuted (stderr has two lines), the rest proven: exit 1, but every page is written.
    assert_eq!(o.status.code(), Some(1), "{said}");
    let page = std::fs::read_to_string(out.join("en/escaping.html")).expect("lesson page");
    assert_eq!(
        verdict_in(&page, "escaping/printed").as_deref(),
        Some("proven"),
        "{said}"
    );
    assert_eq!(
        verdict_in(&page, "escaping/stderr-printed").as_deref(),
        Some("refuted"),
        "{said}"
    );
    assert_eq!(
        verdict_in(&page, "escaping/listed").as_deref(),
        Some("proven"),
        "{said}"
    );

    // The captured text is on the page, escaped.
    for m in MARKUP {
        let escaped = proofbook::render::escape_html(m);
        assert!(page.contains(&escaped), "`{m}` shown as `{escaped}`");
    }
    assert!(
        page.contains(&proofbook::render::escape_html("<script>alert(6)</script>")),
        "stderr shown escaped"
    );
    assert!(
        page.contains(&proofbook::render::escape_html("<script>alert(5)</script>")),
        "top's command line shown escaped"
    );

    no_markup_anywhere(&out);

    // The record keeps the bytes as they were: escaping is the page's job.
    let rec = walkdir::WalkDir::new(out.join("records"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "json"))
        .unwrap();
    let r = proofbook::record::read_record(rec.path()).unwrap();
    match &r.step("out").unwrap().evidence {
        Some(proofbook::record::Evidence::Exec { stdout, .. }) => {
            assert!(stdout.contains("<script>alert(1)</script>"), "{stdout}")
        }
        other => panic!("exec evidence: {other:?}"),
    }
}

/// Nowhere in the book is any captured text markup.
fn no_markup_anywhere(out: &std::path::Path) {
    let raw = [
        "<script>alert",
        "<img src=x",
        "<b>bold</b>",
        "<!-- comment",
        "<a href=\"javascript",
        "<svg",
        "<iframe",
    ];
    let mut pages = 0;
    for f in walkdir::WalkDir::new(out).into_iter().filter_map(Result::ok) {
        if f.path().extension().is_some_and(|x| x == "html") {
            pages += 1;
            let html = std::fs::read_to_string(f.path()).unwrap();
            for r in raw {
                assert!(!html.contains(r), "{} contains raw `{r}`", f.path().display());
            }
            // The book's only scripts are the search page's own two (templates/search.html,
            // 6dcd1e1); any other <script> would be captured output.
            let own = html
                .replace("<script src=\"search-index.js\"></script>", "")
                .replace("<script src=\"../search.js\"></script>", "");
            assert!(
                !own.to_ascii_lowercase().contains("<script"),
                "{} has a <script> element",
                f.path().display()
            );
        }
    }
    assert!(pages >= 2, "lesson page and index written");
}
