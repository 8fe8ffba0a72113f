//! Pages rendered from records judged from the shipped Windows transcripts
//! (no engine): every claim and step shows the verdict, status and reason its
//! record holds, in the page's language.

use super::*;
use crate::record::{StepOutcome, Verdict};

fn hosts() -> Vec<HostRecords> {
    let lessons = crate::lesson::load_embedded().expect("the built-in book loads");
    crate::recorded::windows_hosts(&lessons)
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
    let t = i18n::strings(&r.lang);
    for c in &r.claims {
        let el = element(page, "data-claim", &format!("{}/{}", r.lesson, c.id));
        let v = c.verdict.as_str();
        assert!(el.contains(&format!("data-verdict=\"{v}\"")), "{}: {el}", c.id);
        let label = format!("<span class=\"verdict v-{v}\">{}</span>", t.label(c.verdict));
        assert!(el.contains(&label), "{} shows {label}: {el}", c.id);
        let reason = format!(
            "<span class=\"reason\" lang=\"{}\">{}</span>",
            c.reason.lang(&r.lang),
            c.reason.html(&r.lang)
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
                d.lang(&r.lang),
                d.html(&r.lang)
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
