//! What the open pages are told: the book's generation (a new one reloads
//! them) and what `serve` is doing, as HTML in both languages so each page
//! shows it in its own. Values are escaped; only proofbook's markup is HTML.

use serde::Serialize;
use tokio::sync::watch;

use crate::input::InputError;
use crate::messages::{escape_html, say_html, Id, Lang};
use crate::runner::StepProgress;

/// `serve`'s state as the pages read it (`/_proofbook/events`).
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Snapshot {
    /// Counts the books written; a page of an older one reloads.
    pub generation: u64,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Status {
    /// `idle`, `running` or `errors`.
    pub kind: &'static str,
    pub html: Both,
}

/// The same sentence in English and Korean.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Both {
    pub en: String,
    pub ko: String,
}

impl Both {
    /// A sentence of the catalogue as HTML in both languages (values escaped, code marked).
    fn say(id: Id, values: &[(&str, &str)]) -> Both {
        Both {
            en: say_html(Lang::En, id, values),
            ko: say_html(Lang::Ko, id, values),
        }
    }
}

/// The shared state, and the channel every page's event stream reads.
#[derive(Clone)]
pub(crate) struct Live {
    tx: std::sync::Arc<watch::Sender<Snapshot>>,
}

impl Live {
    pub(crate) fn new() -> Live {
        let (tx, _) = watch::channel(Snapshot {
            generation: 0,
            status: Status {
                kind: "idle",
                html: Both::default(),
            },
        });
        Live {
            tx: std::sync::Arc::new(tx),
        }
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Snapshot> {
        self.tx.subscribe()
    }

    pub(crate) fn generation(&self) -> u64 {
        self.tx.borrow().generation
    }

    fn set(&self, kind: &'static str, html: Both) {
        self.tx.send_modify(|s| s.status = Status { kind, html });
    }

    pub(crate) fn rendering(&self) {
        self.set("running", Both::say(Id::serve_rendering, &[]));
    }

    pub(crate) fn running(&self, p: &StepProgress) {
        let (n, total) = ((p.done + 1).to_string(), p.total.to_string());
        let values = [
            ("lesson", p.lesson.as_str()),
            ("n", &n),
            ("total", &total),
            ("step", &p.step),
        ];
        self.set("running", Both::say(Id::serve_running, &values));
    }

    /// A new book is written: every open page reloads to it.
    pub(crate) fn rendered(&self) {
        self.tx.send_modify(|s| {
            s.generation += 1;
            s.status = Status {
                kind: "idle",
                html: Both::default(),
            };
        });
    }

    /// The lessons fail check: the errors, each `file:line`, over the last good page.
    pub(crate) fn failed(&self, errors: &[InputError]) {
        // check said them in the terminal's language: the attribute says which.
        let said = crate::output::lang().code();
        let items: String = errors
            .iter()
            .map(|e| {
                let at = escape_html(&format!("{}:{}", e.path, e.line));
                format!(
                    "<li><code>{at}</code>: <span lang=\"{said}\">{}</span></li>",
                    escape_html(&e.message)
                )
            })
            .collect();
        let head = Both::say(Id::serve_failed_check, &[]);
        let both = Both {
            en: format!("<p>{}</p><ul>{items}</ul>", head.en),
            ko: format!("<p>{}</p><ul>{items}</ul>", head.ko),
        };
        self.set("errors", both);
    }

    /// The book could not be written (a full disk…): said as the terminal said it.
    pub(crate) fn failed_output(&self, error: &str) {
        let said = crate::output::lang().code();
        let item = format!("<ul><li lang=\"{said}\">{}</li></ul>", escape_html(error));
        self.set(
            "errors",
            Both {
                en: item.clone(),
                ko: item,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_backticks_are_code_in_both_languages() {
        let live = Live::new();
        let rx = live.subscribe();
        live.running(&StepProgress {
            lesson: "ko/<b>x</b>".into(),
            step: "s`1".into(),
            done: 0,
            total: 3,
        });
        let s = rx.borrow().clone();
        assert_eq!(s.status.kind, "running");
        assert!(
            s.status.html.en.contains("<code>ko/&lt;b&gt;x&lt;/b&gt;</code>"),
            "{}",
            s.status.html.en
        );
        assert!(
            s.status.html.en.contains("step 1 of 3 (<code>s`1</code>)"),
            "{}",
            s.status.html.en
        );
        assert!(s.status.html.ko.contains("3단계 중 1단계"), "{}", s.status.html.ko);
        live.failed(&[InputError::new("lessons/a.ko.md", 7, "unknown key `<x>`")]);
        let s = rx.borrow().clone();
        assert_eq!(s.status.kind, "errors");
        assert!(
            s.status.html.ko.contains("<code>lessons/a.ko.md:7</code>"),
            "{}",
            s.status.html.ko
        );
        assert!(s.status.html.ko.contains("&lt;x&gt;"));
        assert!(s.status.html.ko.contains("마지막으로 제대로 만든 페이지"));
        assert!(s.status.html.ko.contains("<span lang=\"en\">"), "{}", s.status.html.ko);
        // A Korean terminal's check errors are Korean, and the page says so.
        crate::output::in_lang(crate::messages::Lang::Ko, || {
            live.failed(&[InputError::new("lessons/a.ko.md", 7, "알 수 없는 키")])
        });
        assert!(rx.borrow().status.html.en.contains("<span lang=\"ko\">"));
        assert_eq!(s.generation, 0);
        live.rendered();
        assert_eq!((rx.borrow().generation, rx.borrow().status.kind), (1, "idle"));
    }
}
