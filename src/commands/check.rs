//! `proofbook check`: validate lessons without an engine.

use std::path::PathBuf;

use crate::error::{CommandResult, Outcome};
use crate::lesson::{Action, Lesson};
use crate::messages::{Msg, Text};

/// `check`'s command line; descriptions in the catalogue (`help_check_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Lesson files or folders (default: `lessons/`, else the built-in book).
    pub paths: Vec<PathBuf>,
}

/// Exit codes: 0 every lesson is well formed, 2 one is not (each problem as `file:line`).
pub fn run(args: CheckArgs) -> CommandResult {
    let lessons = super::load_lessons(&args.paths)?;
    for l in &lessons {
        for warning in link_warnings(l) {
            crate::errln!("{warning}");
        }
    }
    let steps: usize = lessons.iter().map(|l| l.steps().count()).sum();
    let claims: usize = lessons.iter().map(|l| l.claims().count()).sum();
    let said = crate::output::tr(
        crate::messages::Id::check_ok,
        &[
            ("lessons", &lessons.len().to_string()),
            ("steps", &steps.to_string()),
            ("claims", &claims.to_string()),
        ],
    );
    crate::outln!("{said}");
    Ok(Outcome::Success)
}

/// Every link or image target a page will show as text (`render::links`),
/// as `file:line: warning`. A warning only: the page is safe either way, but
/// the author meant a link. Prose is read from the file again so each link is
/// named by its own line; a hint or a task by its block's line.
pub(crate) fn link_warnings(lesson: &Lesson) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&lesson.path) {
        // Offsets come in order: lines are counted once through the file.
        let (mut line, mut from) = (1, 0);
        for (at, url) in crate::render::links::refused(&text) {
            line += text[from..at].matches('\n').count();
            from = at;
            found.push((line, url));
        }
    }
    for c in lesson.claims() {
        found.extend(c.hint.iter().flat_map(|h| refused_at(c.line, h)));
    }
    for s in lesson.steps() {
        if let Action::Adopt(a) = &s.action {
            found.extend(refused_at(s.line, &a.task));
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(line, url)| {
            let msg = Text::Msg(Msg::LinkShownAsText {
                url: crate::output::visible(&url).into_owned(),
            });
            format!(
                "{}:{line}: {}",
                crate::output::visible(&lesson.path),
                msg.plain(crate::messages::Lang::of(&lesson.meta.lang))
            )
        })
        .collect()
}

fn refused_at(line: usize, md: &str) -> impl Iterator<Item = (usize, String)> {
    crate::render::links::refused(md)
        .into_iter()
        .map(move |(_, url)| (line, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_links_are_warned_about_with_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.en.md");
        let text = "---\ntitle: T\nlang: en\nlesson: links\norder: 1\nsummary: S\n---\n\
            Fine [link](https://example.org) and [local](other.html).\n\n\
            A [bad one](JaVaScRiPt:alert(1)).\n\n\
            ![img](data:image/png;base64,AAAA) and [t](vbscript:&#27;]0;x)\n\n\
            ```step\nid: a\nadopt:\n  name: mine\n  task: \"Run [it](&#106;avascript:x)\"\n  command: {linux: \"docker run --name mine busybox\"}\n```\n\n\
            ```step\nid: t\ntop: {container: a}\n```\n\n\
            ```claim\nid: c\nsays: S\nhint: \"see [x](file:///etc/passwd)\"\ncheck: {kind: top_lists, top: t, names: {linux: [sleep]}}\n```\n";
        std::fs::write(&path, text).unwrap();
        let lesson = crate::lesson::load_one(&path).unwrap_or_else(|e| panic!("{e:?}"));
        let warnings = link_warnings(&lesson);
        let p = path.display();
        let lines: Vec<String> = warnings
            .iter()
            .map(|w| w.split(": warning").next().unwrap().to_string())
            .collect();
        assert_eq!(lines, [10, 12, 12, 14, 27].map(|n| format!("{p}:{n}")), "{warnings:#?}");
        assert!(warnings[0].contains("`JaVaScRiPt:alert(1)`"), "{}", warnings[0]);
        assert!(warnings[2].contains("`vbscript:^[]0;x`"), "{}", warnings[2]);
        assert!(warnings.iter().all(|w| !w.contains('\u{1b}')), "{warnings:#?}");
        assert!(warnings.iter().all(|w| !w.contains("https://example.org")));
    }

    #[test]
    fn the_shipped_book_has_no_refused_link() {
        for l in crate::lesson::load_embedded().unwrap() {
            assert_eq!(link_warnings(&l), Vec::<String>::new(), "{}", l.path);
        }
    }
}
