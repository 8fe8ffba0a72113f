//! The book's search index, built at render time, one per edition, read by
//! `templates/search.js` in the reader's browser with no server and no network.
//!
//! Words are cut without a dictionary, so Korean needs no morphological
//! analyser at run time: a run of Latin letters or digits is one word; a run
//! of Hangul (or other CJK) is cut into overlapping pairs of characters
//! (bigrams), so `격리를` holds `격리` and `리를`, and a search for `격리`
//! finds it whatever particle follows. `search.js` cuts the query the same way.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::lesson::Block;
use crate::record::RunRecord;

/// How much of a section's text a result may show.
const SNIPPET_CHARS: usize = 160;

/// Text written in syllables or ideographs, cut into bigrams.
fn is_ngram_script(c: char) -> bool {
    matches!(c as u32,
        0xAC00..=0xD7A3 // Hangul syllables
        | 0x1100..=0x11FF | 0x3130..=0x318F // Hangul jamo
        | 0x3040..=0x30FF // kana
        | 0x4E00..=0x9FFF | 0x3400..=0x4DBF) // CJK ideographs
}

/// The index terms of `text`, each once, in order of first appearance.
pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let ngram = is_ngram_script(c);
        if !ngram && !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (is_ngram_script(chars[i]) == ngram) && (ngram || chars[i].is_alphanumeric()) {
            i += 1;
        }
        let run = &chars[start..i];
        if !ngram {
            push(run.iter().collect());
        } else if run.len() == 1 {
            push(run[0].to_string());
        } else {
            for pair in run.windows(2) {
                push(pair.iter().collect());
            }
        }
    }
    out
}

/// One thing a search can find: a lesson, a stretch of prose, a step or a claim.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// The lesson it is in (its page and title in [`Index::lessons`]).
    pub(crate) lesson: u32,
    /// The anchor on the lesson's page (empty: the page itself).
    pub(crate) anchor: String,
    /// `lesson`, `prose`, `step` or `claim`.
    pub(crate) kind: &'static str,
    /// The heading the result sits under (in [`Index::sections`]; 0 is none).
    pub(crate) section: u32,
    /// What the result shows (cut to [`SNIPPET_CHARS`]).
    pub(crate) text: String,
    /// A claim's verdict.
    pub(crate) verdict: Option<String>,
}

/// A document as the script reads it: `[lesson, anchor, kind, section, text, verdict?]`,
/// an array rather than an object so the index does not repeat field names.
impl Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        seq.serialize_element(&self.lesson)?;
        seq.serialize_element(&self.anchor)?;
        seq.serialize_element(self.kind)?;
        seq.serialize_element(&self.section)?;
        seq.serialize_element(&self.text)?;
        if let Some(v) = &self.verdict {
            seq.serialize_element(v)?;
        }
        seq.end()
    }
}

/// An edition's index: its documents, and for each term the documents holding it.
#[derive(Debug, Serialize, Default)]
pub(crate) struct Index {
    pub(crate) lang: String,
    /// The words the results are labelled with, in the edition's language.
    pub(crate) labels: BTreeMap<&'static str, &'static str>,
    /// (page relative to the edition's folder, title) of each lesson.
    pub(crate) lessons: Vec<(String, String)>,
    /// Headings results sit under; the first is none.
    pub(crate) sections: Vec<String>,
    pub(crate) docs: Vec<Doc>,
    pub(crate) terms: BTreeMap<String, Vec<u32>>,
}

impl Index {
    /// The index of `lang`'s edition from this host's records (any order).
    pub(crate) fn build(records: &[&RunRecord], lang: &str) -> Index {
        let mut index = Index {
            lang: lang.to_string(),
            labels: labels(lang),
            sections: vec![String::new()],
            ..Index::default()
        };
        let mut full = Vec::new();
        for r in records.iter().filter(|r| r.lang == lang) {
            index.add_lesson(r, &mut full);
        }
        for (n, text) in full.iter().enumerate() {
            let d = &index.docs[n];
            let mut words = terms(&format!("{} {}", index.sections[d.section as usize], d.text));
            words.extend(terms(text));
            for t in words {
                let list = index.terms.entry(t).or_default();
                if list.last() != Some(&(n as u32)) {
                    list.push(n as u32);
                }
            }
        }
        index
    }

    /// The index as the script `search-index.js` (a script, not JSON to
    /// fetch: a page opened from disk may not fetch files).
    pub(crate) fn script(&self) -> String {
        let json = serde_json::to_string(self).expect("the index serializes");
        format!("window.proofbookSearch = {json};\n")
    }

    fn section(&mut self, heading: &str) -> u32 {
        match self.sections.iter().position(|s| s == heading) {
            Some(i) => i as u32,
            None => {
                self.sections.push(heading.to_string());
                (self.sections.len() - 1) as u32
            }
        }
    }

    /// Adds a document; `full` is the text its terms come from, beside its snippet.
    fn push(
        &mut self,
        full: &mut Vec<String>,
        (anchor, kind): (String, &'static str),
        heading: &str,
        text: &str,
        all: String,
    ) {
        let section = self.section(heading);
        self.docs.push(Doc {
            lesson: (self.lessons.len() - 1) as u32,
            anchor,
            kind,
            section,
            text: cut(text),
            verdict: None,
        });
        full.push(all);
    }
}

/// The result labels of `lang`, from the book's UI strings.
fn labels(lang: &str) -> BTreeMap<&'static str, &'static str> {
    let t = super::i18n::strings(crate::messages::Lang::of(lang));
    BTreeMap::from([
        ("lesson", t.search_lesson),
        ("prose", t.search_prose),
        ("step", t.step),
        ("claim", t.claim),
        ("none", t.search_none),
        ("count", t.search_count),
        ("proven", t.proven),
        ("refuted", t.refuted),
        ("not-run", t.not_run),
        ("timeout", t.timeout),
        ("error", t.error),
    ])
}

fn cut(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

impl Index {
    /// The documents of one lesson, each with the full text its terms come from.
    fn add_lesson(&mut self, r: &RunRecord, full: &mut Vec<String>) {
        self.lessons.push((format!("{}.html", r.lesson), r.title.clone()));
        let summary = &r.doc.meta.summary;
        self.push(
            full,
            (String::new(), "lesson"),
            "",
            summary,
            format!("{} {summary}", r.title),
        );
        let mut heading = String::new();
        for (i, block) in r.doc.blocks.iter().enumerate() {
            match block {
                Block::Prose { markdown } => {
                    for (h, para) in paragraphs(markdown) {
                        if let Some(h) = h {
                            heading = h;
                        }
                        if !para.is_empty() {
                            self.push(full, (format!("prose-{i}"), "prose"), &heading, &para, para.clone());
                        }
                    }
                }
                Block::Step(s) => {
                    let cli = r.step(&s.id).map(|x| x.cli.clone()).unwrap_or_default();
                    let text = format!("{} · {}", s.id, cli);
                    self.push(full, (format!("step-{}", s.id), "step"), &heading, &text, text.clone());
                }
                Block::Claim(c) => {
                    let Some(judged) = r.claims.iter().find(|x| x.id == c.id) else {
                        continue;
                    };
                    // The reason the page shows under the claim names the processes it is about (vmwp…).
                    let reason = judged.reason.plain(crate::messages::Lang::of(&r.lang));
                    let all = format!("{} {} {reason}", c.id, judged.says);
                    self.push(full, (format!("claim-{}", c.id), "claim"), &heading, &judged.says, all);
                    if let Some(d) = self.docs.last_mut() {
                        d.verdict = Some(judged.verdict.as_str().to_string());
                    }
                }
            }
        }
    }
}

/// The prose of a block as (heading that starts here, paragraph text) pairs:
/// what the reader reads, without Markdown's marks.
fn paragraphs(markdown: &str) -> Vec<(Option<String>, String)> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = Vec::new();
    let mut text = String::new();
    let mut in_heading = false;
    for e in pulldown_cmark::Parser::new(markdown) {
        match e {
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut out, &mut text);
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                let h = std::mem::take(&mut text).trim().to_string();
                out.push((Some(h), String::new()));
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableRow) if !in_heading => {
                flush(&mut out, &mut text)
            }
            Event::End(TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    flush(&mut out, &mut text);
    out
}

fn flush(out: &mut Vec<(Option<String>, String)>, text: &mut String) {
    let t = std::mem::take(text).trim().to_string();
    if !t.is_empty() {
        out.push((None, t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_is_cut_into_bigrams_and_latin_into_words() {
        assert_eq!(terms("격리를 확인"), ["격리", "리를", "확인"]);
        assert_eq!(terms("워크로드"), ["워크", "크로", "로드"]);
        assert_eq!(terms("vmwp가 runsc-sandbox, VMWP"), ["vmwp", "가", "runsc", "sandbox"]);
        assert_eq!(terms("PID 1234의"), ["pid", "1234", "의"]);
        assert!(terms(" · — ").is_empty());
    }

    #[test]
    fn paragraphs_keep_their_heading_and_lose_their_marks() {
        let p = paragraphs("Intro *text* `code`.\n\n## A heading\n\nSecond\nline.\n\n- item one\n- item two\n");
        assert_eq!(
            p,
            [
                (None, "Intro text code.".to_string()),
                (Some("A heading".to_string()), String::new()),
                (None, "Second line.".to_string()),
                (None, "item one".to_string()),
                (None, "item two".to_string()),
            ]
        );
    }
}
