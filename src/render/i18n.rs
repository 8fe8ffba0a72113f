//! The book's own words on a page, from the message catalogue
//! (`src/messages/catalogue.rs`). Prose comes from the lessons.

use crate::messages::{say, Catalogue, Id, Lang};

/// The book's own words in one language: the catalogue, which templates read
/// as `t.key`.
pub(crate) type Ui = Catalogue;

/// The words of `lang`.
pub(crate) fn strings(lang: Lang) -> &'static Ui {
    lang.catalogue()
}

impl Ui {
    /// A verdict's label (`PROVEN`, `반증됨`…).
    pub(crate) fn label(&self, v: crate::record::Verdict) -> &'static str {
        use crate::record::Verdict;
        match v {
            Verdict::Proven => self.proven,
            Verdict::Refuted => self.refuted,
            Verdict::NotRun => self.not_run,
            Verdict::Timeout => self.timeout,
            Verdict::Error => self.error,
        }
    }
}

/// The sentence that says a captured stream was cut at the build's cap, in
/// the page's language: one sentence a stream, so no particle guesses its noun.
pub(crate) fn cut_note(lang: Lang, c: &crate::record::Cut) -> String {
    use crate::record::Stream;
    let id = match c.stream {
        Stream::Stdout => Id::cut_stdout,
        Stream::Stderr => Id::cut_stderr,
        Stream::Top => Id::cut_top,
        Stream::HostProcesses => Id::cut_host,
    };
    let (kept, cut) = (size(c.kept, lang), size(c.cut, lang));
    say(lang, id, &[("kept", &kept), ("cut", &cut)])
}

/// How many hosts have a verdict on a claim: `28 PROVEN` / `증명됨 28`
/// (Korean puts the count after the label, as a tally reads there).
pub(crate) fn tally(lang: Lang, label: &str, n: usize) -> String {
    say(lang, Id::tally, &[("label", label), ("n", &n.to_string())])
}

/// `3 hosts` / `호스트 3대`.
pub(crate) fn host_count(lang: Lang, n: usize) -> String {
    let id = if n == 1 { Id::host_count_one } else { Id::host_count };
    say(lang, id, &[("n", &n.to_string())])
}

/// `17 claims` / `주장 17개`.
pub(crate) fn claim_count(lang: Lang, n: usize) -> String {
    let id = if n == 1 { Id::claim_count_one } else { Id::claim_count };
    say(lang, id, &[("n", &n.to_string())])
}

/// The class view's first sentence: how many of the hosts disagree with the book.
pub(crate) fn hosts_disagree(lang: Lang, disagree: usize, hosts: usize) -> String {
    let id = match disagree {
        0 => Id::hosts_all_agree,
        1 => Id::hosts_one_disagrees,
        _ => Id::hosts_disagree,
    };
    let hosts = host_count(lang, hosts);
    say(lang, id, &[("hosts", &hosts), ("n", &disagree.to_string())])
}

/// How many of the page's claims the hosts do not all agree on.
pub(crate) fn claims_differ(lang: Lang, differ: usize, claims: usize) -> String {
    let id = match differ {
        0 => Id::claims_all_same,
        1 => Id::claims_one_differs,
        _ => Id::claims_differ,
    };
    say(lang, id, &[("claims", &claims.to_string()), ("n", &differ.to_string())])
}

/// A container's state in the page's language (`running` → 실행 중); a state
/// proofbook does not know is shown as the engine said it.
pub(crate) fn state(lang: Lang, s: &str) -> String {
    match crate::messages::state_id(s) {
        Some(id) => lang.catalogue().get(id).to_string(),
        None => s.to_string(),
    }
}

fn size(n: u64, lang: Lang) -> String {
    const KIB: f64 = 1024.0;
    let f = n as f64;
    if f >= KIB * KIB {
        format!("{:.1} MiB", f / KIB / KIB)
    } else if f >= KIB {
        format!("{:.1} KiB", f / KIB)
    } else {
        say(lang, Id::size_bytes, &[("n", &n.to_string())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Templates look strings up by name at render time, where a missing
    /// one would show as nothing: every `t.key` they use must be a field.
    #[test]
    fn every_key_the_templates_use_exists_in_both_languages() {
        for ui in [strings(Lang::En), strings(Lang::Ko)] {
            let keys = serde_json::to_value(ui).unwrap();
            let has = |k: &str| keys.get(k).and_then(|v| v.as_str()).is_some_and(|v| !v.is_empty());
            for (name, src) in super::super::TEMPLATES {
                let bytes = src.as_bytes();
                for (i, _) in src.match_indices("t.") {
                    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || b"_.".contains(&bytes[i - 1])) {
                        continue;
                    }
                    let key: String = src[i + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    assert!(has(&key), "{name} uses t.{key}, which is not a UI string");
                }
            }
            use crate::record::{StepOutcome, Verdict};
            for v in [
                Verdict::Proven,
                Verdict::Refuted,
                Verdict::NotRun,
                Verdict::Timeout,
                Verdict::Error,
            ] {
                assert!(has(v.as_str()), "t[{}] is looked up for a verdict", v.as_str());
                assert_eq!(keys[v.as_str()].as_str(), Some(ui.label(v)));
            }
            let timeout = StepOutcome::Timeout { after_ms: 1 };
            for status in [StepOutcome::Ok.label(), timeout.label(), "not-run", "error"] {
                assert!(has(status), "t[{status}] is looked up for a step's status");
            }
        }
        assert_ne!(
            strings(Lang::Ko).label(crate::record::Verdict::Proven),
            strings(Lang::En).proven
        );
    }
}
