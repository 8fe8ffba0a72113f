//! Stage 4: run records → HTML book. Reads records only (each carries its
//! lesson), so a book renders the same live or from stored evidence.
//! Templates live in `templates/` and are compiled into the binary.

mod compare;
mod fold;
pub(crate) mod i18n;
pub(crate) mod links;
mod search;
mod site;
mod view;

use std::path::{Path, PathBuf};

use minijinja::{context, Environment};

use crate::error::OutputError;
use crate::messages::Lang;
// Re-exported: pages escape as messages do.
pub use crate::messages::escape_html;
use crate::record::{HostRecords, RunRecord};
use crate::write::write_within;
pub(crate) use view::{HostView, LessonView};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("lesson.html", include_str!("../../templates/lesson.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("handout.html", include_str!("../../templates/handout.html")),
    ("compare.html", include_str!("../../templates/compare.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("search.html", include_str!("../../templates/search.html")),
];
const STYLE: &str = include_str!("../../templates/style.css");
/// The search that runs in the reader's browser over each edition's `search-index.js`.
const SEARCH_JS: &str = include_str!("../../templates/search.js");

/// The book's templates, parsed once; renders every kind of page from records.
pub struct Renderer {
    env: Environment<'static>,
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    /// Parses the templates built into the binary.
    pub fn new() -> Self {
        let mut env = Environment::new();
        for (name, src) in TEMPLATES {
            env.add_template(name, src).expect("bundled templates parse");
        }
        env.set_formatter(html_formatter);
        Renderer { env }
    }

    fn page(&self, template: &str, ctx: minijinja::Value) -> Result<String, OutputError> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|e| OutputError::Template {
                template: template.to_string(),
                detail: format!("{e:#}"),
            })
    }

    /// Writes the whole book into `out`. The first host is "this host": its
    /// lessons get full pages; every host appears in the comparison matrix.
    /// Every page links its counterpart in the other language (the same
    /// lesson when translated, else that language's index).
    pub fn render_book(
        &self,
        hosts: &[HostRecords],
        out: &Path,
        from_records: bool,
    ) -> Result<Vec<PathBuf>, OutputError> {
        let mut written = Vec::new();
        write_page(out, &mut written, out.join("style.css"), STYLE.to_string())?;
        write_page(out, &mut written, out.join("search.js"), SEARCH_JS.to_string())?;
        let Some(main) = hosts.first() else {
            return Err(OutputError::NoRecords);
        };
        let mut records: Vec<&RunRecord> = main.records.iter().collect();
        records.sort_by(|a, b| a.doc.book_order().cmp(&b.doc.book_order()));
        let mut langs: Vec<String> = records.iter().map(|r| r.lang.clone()).collect();
        langs.sort();
        langs.dedup();
        let mut book = Book {
            renderer: self,
            out,
            hosts,
            records,
            nav: Nav {
                langs,
                compare: hosts.len() > 1,
            },
            from_records,
            written,
        };
        for lang in &book.nav.langs.clone() {
            book.lesson_pages(lang)?;
            book.search(lang)?;
        }
        // The index comes in each language, its own language's lessons first;
        // book/index.html is English when there is one.
        for lang in &book.nav.langs.clone() {
            book.index(lang)?;
        }
        if book.nav.compare {
            for lang in &book.nav.langs.clone() {
                book.compare(lang)?;
            }
            // Every other host gets its own lesson pages to link the matrix cells to.
            for h in &hosts[1..] {
                book.host_pages(h)?;
            }
        }
        Ok(book.written)
    }
}

fn write_page(out: &Path, written: &mut Vec<PathBuf>, path: PathBuf, text: String) -> Result<(), OutputError> {
    write_within(out, &path, text.as_bytes()).map_err(|source| OutputError::Write {
        path: path.clone(),
        source,
    })?;
    written.push(path);
    Ok(())
}

/// One rendering of the book: what every page writer needs, and the pages written so far.
struct Book<'a> {
    renderer: &'a Renderer,
    out: &'a Path,
    hosts: &'a [HostRecords],
    /// This host's records, in book order.
    records: Vec<&'a RunRecord>,
    nav: Nav,
    from_records: bool,
    written: Vec<PathBuf>,
}

impl Book<'_> {
    fn write(&mut self, path: PathBuf, template: &str, ctx: minijinja::Value) -> Result<(), OutputError> {
        let text = self.renderer.page(template, ctx)?;
        write_page(self.out, &mut self.written, path, text)
    }

    fn main_label(&self) -> &str {
        &self.hosts[0].label
    }

    /// This host's lesson pages in `lang`, and the handout that gathers them.
    fn lesson_pages(&mut self, lang: &str) -> Result<(), OutputError> {
        let (nav, from_records) = (&self.nav, self.from_records);
        let host = self
            .records
            .first()
            .map(|r| HostView::of(r, self.main_label(), Lang::of(lang)));
        let of_lang: Vec<&RunRecord> = self.records.iter().copied().filter(|r| r.lang == lang).collect();
        let lessons: Vec<LessonView> = of_lang.iter().map(|r| LessonView::of(r, &self.records)).collect();
        let mut pages = Vec::new();
        for (lesson, record) in lessons.iter().zip(&of_lang) {
            // A lesson page names the host and time of its own record, which
            // may differ from the first record's when a folder mixes runs.
            let host = HostView::of(record, self.main_label(), Lang::of(lang));
            let switch = match &lesson.translation {
                Some(tr) => Some(Switch::to(tr, format!("{tr}/{}.html", lesson.lesson))),
                None => nav.other(lang).map(|o| Switch::to(o, nav.index(o))),
            };
            let ctx = context! {
                t => i18n::strings(Lang::of(lang)), lang, root => "../", index_href => nav.index(lang), compare_href => nav.compare(lang),
                handout_href => format!("{lang}/handout.html"), switch,
                lesson, host, from_records, compare => nav.compare,
                site => site::nav(&self.records, lang, Some(&lesson.lesson)),
            };
            pages.push((self.out.join(lang).join(format!("{}.html", lesson.lesson)), ctx));
        }
        let switch = nav.other(lang).map(|o| Switch::to(o, format!("{o}/handout.html")));
        let handout = context! {
            t => i18n::strings(Lang::of(lang)), lang, root => "../", index_href => nav.index(lang), compare_href => nav.compare(lang),
            switch, lessons, host, from_records, site => site::nav(&self.records, lang, None),
        };
        for (path, ctx) in pages {
            self.write(path, "lesson.html", ctx)?;
        }
        self.write(self.out.join(lang).join("handout.html"), "handout.html", handout)
    }

    /// The index in `lang`: that edition's lessons only (the other
    /// language's index is one switch away).
    fn index(&mut self, lang: &str) -> Result<(), OutputError> {
        let nav = &self.nav;
        let host = self
            .records
            .first()
            .map(|r| HostView::of(r, self.main_label(), Lang::of(lang)));
        let lessons: Vec<LessonView> = self
            .records
            .iter()
            .filter(|r| r.lang == lang)
            .map(|r| LessonView::of(r, &self.records))
            .collect();
        let groups = vec![(lang.to_string(), lessons)];
        let switch = nav.other(lang).map(|o| Switch::to(o, nav.index(o)));
        let ctx = context! {
            t => i18n::strings(Lang::of(lang)), lang, root => "", index_href => nav.index(lang), compare_href => nav.compare(lang),
            switch, groups, host, from_records => self.from_records, compare => nav.compare,
            site => site::nav(&self.records, lang, None),
        };
        self.write(self.out.join(nav.index(lang)), "index.html", ctx)
    }

    /// The search page of `lang`'s edition and the index it searches.
    fn search(&mut self, lang: &str) -> Result<(), OutputError> {
        let index = search::Index::build(&self.records, lang);
        let path = self.out.join(lang).join("search-index.js");
        write_page(self.out, &mut self.written, path, index.script())?;
        let nav = &self.nav;
        let switch = nav.other(lang).map(|o| Switch::to(o, site::search_href(o)));
        let ctx = context! {
            t => i18n::strings(Lang::of(lang)), lang, root => "../", index_href => nav.index(lang), compare_href => nav.compare(lang),
            switch, from_records => self.from_records, site => site::nav(&self.records, lang, None),
        };
        self.write(self.out.join(site::search_href(lang)), "search.html", ctx)
    }

    /// The claim × host matrix in `lang`, with the class view of hosts grouped by verdict.
    fn compare(&mut self, lang: &str) -> Result<(), OutputError> {
        let nav = &self.nav;
        let matrix = compare::compare(self.hosts, lang);
        let switch = nav.other(lang).and_then(|o| nav.compare(o).map(|c| Switch::to(o, c)));
        let ctx = context! {
            t => i18n::strings(Lang::of(lang)), lang, root => "", index_href => nav.index(lang), compare_href => nav.compare(lang),
            switch, matrix, from_records => self.from_records, site => site::nav(&self.records, lang, None),
        };
        self.write(
            self.out.join(nav.compare(lang).expect("compare is on")),
            "compare.html",
            ctx,
        )
    }

    /// Another host's lesson pages (`hosts/<label>/<lesson>.<lang>.html`), which the matrix links.
    fn host_pages(&mut self, h: &HostRecords) -> Result<(), OutputError> {
        let all: Vec<&RunRecord> = h.records.iter().collect();
        for r in &h.records {
            let nav = &self.nav;
            let lesson = LessonView::of(r, &all);
            let hv = HostView::of(r, &h.label, Lang::of(&r.lang));
            let index_lang = if nav.langs.contains(&r.lang) {
                r.lang.clone()
            } else {
                nav.langs[0].clone()
            };
            let switch = match &lesson.translation {
                Some(tr) => Some(Switch::to(tr, format!("hosts/{}/{}.{tr}.html", h.label, r.lesson))),
                None => nav.other(&r.lang).map(|o| Switch::to(o, nav.index(o))),
            };
            let ctx = context! {
                t => i18n::strings(Lang::of(&r.lang)), lang => r.lang.clone(), root => "../../",
                index_href => nav.index(&index_lang), compare_href => nav.compare(&index_lang), switch,
                lesson, host => hv, from_records => self.from_records, compare => nav.compare,
                site => site::nav(&self.records, &index_lang, None),
            };
            let path = self
                .out
                .join("hosts")
                .join(&h.label)
                .join(format!("{}.{}.html", r.lesson, r.lang));
            self.write(path, "lesson.html", ctx)?;
        }
        Ok(())
    }
}

/// Page names of the book, so every link points at a page that is written.
struct Nav {
    langs: Vec<String>,
    compare: bool,
}

impl Nav {
    /// `index.html` is English, or the only language; the others are `index.<lang>.html`.
    fn page(&self, stem: &str, lang: &str) -> String {
        if lang == "en"
            || self.langs.len() == 1
            || !self.langs.iter().any(|l| l == "en") && self.langs.first().is_some_and(|l| l == lang)
        {
            format!("{stem}.html")
        } else {
            format!("{stem}.{lang}.html")
        }
    }
    fn index(&self, lang: &str) -> String {
        self.page("index", lang)
    }
    fn compare(&self, lang: &str) -> Option<String> {
        self.compare.then(|| self.page("compare", lang))
    }
    fn other(&self, lang: &str) -> Option<&String> {
        self.langs.iter().find(|l| *l != lang)
    }
}

/// The language switch of a page: where the other language's version is.
#[derive(serde::Serialize)]
struct Switch {
    lang: String,
    href: String,
}

impl Switch {
    fn to(lang: &str, href: String) -> Switch {
        Switch {
            lang: lang.to_string(),
            href,
        }
    }
}

/// Escapes what HTML needs escaped and nothing more, so attributes such as
/// `data-claim="lesson/claim"` stay greppable (minijinja's default also escapes `/`).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if !matches!(state.auto_escape(), minijinja::AutoEscape::Html) || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    let text = value.to_string();
    out.write_str(&escape_html(&text)).map_err(minijinja::Error::from)
}

/// Markdown prose → HTML. Raw HTML in a lesson is shown as text, not
/// interpreted: a page's only markup is the templates' and Markdown's own.
/// Link and image targets go through [`links::rewrite`]: only `http`,
/// `https`, `mailto`, relative paths and fragments stay live.
pub(crate) fn markdown(md: &str) -> String {
    use pulldown_cmark::Event;
    let events = pulldown_cmark::Parser::new_ext(md, links::options()).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, links::rewrite(events));
    html
}

#[cfg(test)]
mod tests;
