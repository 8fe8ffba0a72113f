//! The report for a terminal.

use super::report::Report;

/// The human-readable report.
pub(crate) fn to_text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "comparing {} (old) with {} (new)", r.old, r.new);
    for (o, n) in &r.hosts {
        if o != n {
            let _ = writeln!(s, "  host {o} (old) is compared with host {n} (new)");
        }
    }
    if !r.verdicts.is_empty() {
        let _ = writeln!(s, "\nverdicts changed ({}):", r.verdicts.len());
        for v in &r.verdicts {
            let _ = writeln!(
                s,
                "  {} claim {}: {} → {}",
                v.at.show(),
                v.claim,
                v.old.as_str(),
                v.new.as_str()
            );
            let _ = writeln!(s, "      claim: {}", v.says);
            let _ = writeln!(s, "      was:   {}", v.old_reason);
            let _ = writeln!(s, "      now:   {}", v.new_reason);
        }
    }
    for (title, list) in [("claims added", &r.claims_added), ("claims removed", &r.claims_removed)] {
        if !list.is_empty() {
            let _ = writeln!(s, "\n{title} ({}):", list.len());
            for c in list {
                let _ = writeln!(s, "  {} claim {} ({})", c.at.show(), c.claim, c.verdict.as_str());
            }
        }
    }
    if !r.steps.is_empty() {
        let _ = writeln!(s, "\nevidence changed shape ({} step(s)):", r.steps.len());
        for st in &r.steps {
            let _ = writeln!(s, "  {} step {} ({}):", st.at.show(), st.step, st.action);
            for c in &st.changes {
                let _ = writeln!(s, "      {c}");
            }
        }
    }
    if !r.host_changes.is_empty() {
        let _ = writeln!(s, "\nhost changed:");
        for h in &r.host_changes {
            let _ = writeln!(s, "  [{}] {}", h.host, h.change);
        }
    }
    for (title, list) in [
        ("lessons added", &r.lessons_added),
        ("lessons removed", &r.lessons_removed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(s, "\n{title} ({}):", list.len());
            for l in list {
                let _ = writeln!(s, "  {}", l.show());
            }
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        if r.verdict_changed() {
            format!("{} verdict(s) changed", r.verdicts.len())
        } else if r.is_empty() {
            "no differences".to_string()
        } else {
            "no verdict changed".to_string()
        }
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use crate::diff::fixtures::{claim, host, host_view, record};
    use crate::record::Verdict;
    use crate::test_support::proc;

    #[test]
    fn identical_runs_say_no_differences() {
        let r = record(
            "a",
            vec![host_view(vec![proc(10, "sleep", "sleep 3600")])],
            vec![claim("c", Verdict::Proven)],
            "runsc",
        );
        let rep = compare(&host("x", vec![r.clone()]), &host("y", vec![r]));
        assert!(to_text(&rep).contains("no differences"));
    }

    #[test]
    fn a_changed_verdict_is_one_line() {
        let old = record("a", vec![], vec![claim("flip", Verdict::Proven)], "runsc");
        let new = record("a", vec![], vec![claim("flip", Verdict::Refuted)], "runsc");
        let text = to_text(&compare(&host("h", vec![old]), &host("h", vec![new])));
        assert!(text.contains("en/a claim flip: proven → refuted"), "{text}");
    }
}
