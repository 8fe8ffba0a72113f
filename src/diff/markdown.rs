//! The report as a pull-request comment.

use super::report::{Change, ClaimRef, Report};
use crate::record::Verdict;

/// The report as Markdown for a pull-request comment: changed verdicts and
/// host versions as tables, the rest as short lists; "No change" when none.
pub(crate) fn to_markdown(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let headline = if r.verdict_changed() {
        format!("{} verdict(s) changed", r.verdicts.len())
    } else if r.is_empty() {
        "No change".to_string()
    } else {
        "No verdict changed".to_string()
    };
    let _ = writeln!(s, "### proofbook: {headline}\n");
    let _ = writeln!(s, "Comparing `{}` (old) with `{}` (new).\n", md(&r.old), md(&r.new));
    if r.is_empty() {
        let _ = writeln!(
            s,
            "No change: the same verdicts, evidence shape, host versions and lessons."
        );
        return s;
    }
    if !r.verdicts.is_empty() {
        let _ = writeln!(s, "| Lesson | Claim | Was | Now | Why now |\n|---|---|---|---|---|");
        for v in &r.verdicts {
            let _ = writeln!(
                s,
                "| {} | `{}` {} | {} | {} | {} |",
                md(&v.at.show()),
                md(&v.claim),
                md(&v.says),
                badge(v.old),
                badge(v.new),
                md(&v.new_reason)
            );
        }
        s.push('\n');
    }
    if !r.host_changes.is_empty() {
        let _ = writeln!(s, "**Host versions**\n\n| Host | What | Was | Now |\n|---|---|---|---|");
        for h in &r.host_changes {
            let (what, old, new) = match &h.change {
                Change::Value { field, old, new } => (field.clone(), old.clone(), new.clone()),
                other => (other.to_string(), String::new(), String::new()),
            };
            let _ = writeln!(s, "| {} | {} | {} | {} |", md(&h.host), md(&what), md(&old), md(&new));
        }
        s.push('\n');
    }
    md_list(&mut s, "Claims added", r.claims_added.iter().map(claim_line));
    md_list(&mut s, "Claims removed", r.claims_removed.iter().map(claim_line));
    md_list(&mut s, "Lessons added", r.lessons_added.iter().map(|l| md(&l.show())));
    md_list(
        &mut s,
        "Lessons removed",
        r.lessons_removed.iter().map(|l| md(&l.show())),
    );
    if !r.steps.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>Evidence changed shape in {} step(s)</summary>\n",
            r.steps.len()
        );
        for st in &r.steps {
            let changes: Vec<String> = st.changes.iter().map(|c| md(&c.to_string())).collect();
            let _ = writeln!(s, "- {} `{}`: {}", md(&st.at.show()), md(&st.step), changes.join("; "));
        }
        let _ = writeln!(s, "\n</details>");
    }
    s
}

fn claim_line(c: &ClaimRef) -> String {
    format!("{} `{}` ({})", md(&c.at.show()), md(&c.claim), badge(c.verdict))
}

fn md_list(s: &mut String, title: &str, items: impl Iterator<Item = String>) {
    use std::fmt::Write;
    let items: Vec<String> = items.collect();
    if !items.is_empty() {
        let _ = writeln!(s, "**{title}** ({})\n", items.len());
        for i in items {
            let _ = writeln!(s, "- {i}");
        }
        s.push('\n');
    }
}

fn badge(v: Verdict) -> String {
    format!("**{}**", v.as_str().to_uppercase())
}

/// Text safe inside a Markdown table cell: no pipes, line breaks or raw HTML.
fn md(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use crate::diff::fixtures::{claim, host, record};

    #[test]
    fn markdown_summary_tables_verdicts_and_host_versions() {
        let same = record("a", vec![], vec![claim("same", Verdict::Proven)], "runsc");
        let rep = compare(&host("h", vec![same.clone()]), &host("h", vec![same.clone()]));
        let md = to_markdown(&rep);
        assert!(md.starts_with("### proofbook: No change"), "{md}");
        assert!(md.contains("No change: the same verdicts"), "{md}");
        assert!(!md.contains('|'), "no empty tables: {md}");

        let mut new = record("a", vec![], vec![claim("same", Verdict::Refuted)], "runc");
        new.claims[0].reason = "top | ps <b> differ\nsecond line".into();
        new.host.engine_version = "24.0.7".into();
        let rep = compare(&host("h", vec![same]), &host("h", vec![new]));
        let md = to_markdown(&rep);
        assert!(md.starts_with("### proofbook: 1 verdict(s) changed"), "{md}");
        assert!(md.contains("| Lesson | Claim | Was | Now | Why now |"), "{md}");
        assert!(
            md.contains(
                "| en/a | `same` same says | **PROVEN** | **REFUTED** | top \\| ps &lt;b&gt; differ second line |"
            ),
            "{md}"
        );
        assert!(md.contains("| h | engine version | 20.10.24 | 24.0.7 |"), "{md}");
        assert!(md.contains("| h | hyperv isolation runs on | runsc | runc |"), "{md}");
        // Every table row has as many cells as its header.
        for table in md.split("\n\n").filter(|b| b.contains("|---")) {
            let cols: Vec<usize> = table
                .lines()
                .filter(|l| l.starts_with('|'))
                .map(|l| l.replace("\\|", "").matches('|').count())
                .collect();
            assert!(cols.windows(2).all(|w| w[0] == w[1]), "{table}");
        }
    }
}
