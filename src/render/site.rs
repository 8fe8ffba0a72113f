//! The book as a site: each language's edition has a sidebar of its lessons
//! in book order and previous/next links, and links only to pages of its own
//! language (the language switch is the one way across).

use serde::Serialize;

use crate::record::RunRecord;

/// One lesson in the sidebar; `href` is relative to the book's root.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavLesson {
    pub(crate) lesson: String,
    pub(crate) title: String,
    pub(crate) order: u32,
    pub(crate) href: String,
    pub(crate) current: bool,
}

/// What every page of an edition shows around its content.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteNav {
    pub(crate) lang: String,
    pub(crate) lessons: Vec<NavLesson>,
    pub(crate) prev: Option<NavLesson>,
    pub(crate) next: Option<NavLesson>,
    /// The edition's search page, relative to the book's root.
    pub(crate) search_href: String,
    pub(crate) handout_href: String,
}

/// The page of `lesson` in `lang`'s edition, relative to the book's root.
pub(crate) fn lesson_href(lang: &str, lesson: &str) -> String {
    format!("{lang}/{lesson}.html")
}

/// The search page of `lang`'s edition, relative to the book's root.
pub(crate) fn search_href(lang: &str) -> String {
    format!("{lang}/search.html")
}

/// The navigation of `lang`'s edition as seen from the page of `current`
/// (None on a page that is not a lesson: index, handout, search, compare).
/// `records` are this host's, in book order; other languages' are left out.
pub(crate) fn nav(records: &[&RunRecord], lang: &str, current: Option<&str>) -> SiteNav {
    let lessons: Vec<NavLesson> = records
        .iter()
        .filter(|r| r.lang == lang)
        .map(|r| NavLesson {
            lesson: r.lesson.clone(),
            title: r.title.clone(),
            order: r.doc.meta.order,
            href: lesson_href(lang, &r.lesson),
            current: current == Some(r.lesson.as_str()),
        })
        .collect();
    let at = lessons.iter().position(|l| l.current);
    let prev = at.and_then(|i| i.checked_sub(1)).map(|i| lessons[i].clone());
    let next = at.and_then(|i| lessons.get(i + 1)).cloned();
    SiteNav {
        lang: lang.to_string(),
        lessons,
        prev,
        next,
        search_href: search_href(lang),
        handout_href: format!("{lang}/handout.html"),
    }
}
