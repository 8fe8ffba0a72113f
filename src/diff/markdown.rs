//! The report as a pull-request comment, in the reader's language: headers
//! and labels from the catalogue, values from records as they are, escaped.

use std::fmt::Write;

use super::human::{marker, verdict};
use super::report::{Change, ClaimRef, LessonRef, Report};
use crate::messages::{say, Id, Lang};
use crate::record::Verdict;

/// The report as Markdown for a pull-request comment: changed verdicts and
/// host versions as tables, the rest as short lists; "No change" when none.
pub(crate) fn to_markdown(r: &Report, lang: Lang) -> String {
    let mut s = String::new();
    let headline = if r.verdict_changed() {
        say(lang, Id::diff_verdicts_changed, &[("n", &r.verdicts.len().to_string())])
    } else if r.is_empty() {
        say(lang, Id::diff_md_no_change, &[])
    } else {
        say(lang, Id::diff_md_no_verdict_changed, &[])
    };
    let _ = writeln!(s, "### proofbook: {headline}\n");
    let sides = [("old", md(&r.old)), ("new", md(&r.new))];
    let sides: Vec<(&str, &str)> = sides.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _ = writeln!(s, "{}\n", say(lang, Id::diff_md_comparing, &sides));
    if r.is_empty() {
        let _ = writeln!(s, "{}", say(lang, Id::diff_md_same, &[]));
        return s;
    }
    verdict_table(&mut s, r, lang);
    host_table(&mut s, r, lang);
    let claim = |c: &ClaimRef| claim_line(c, lang);
    md_list(&mut s, lang, Id::diff_md_claims_added, r.claims_added.iter().map(claim));
    md_list(
        &mut s,
        lang,
        Id::diff_md_claims_removed,
        r.claims_removed.iter().map(claim),
    );
    let lessons = |list: &[LessonRef]| list.iter().map(|l| md(&l.show())).collect::<Vec<_>>();
    md_list(
        &mut s,
        lang,
        Id::diff_md_lessons_added,
        lessons(&r.lessons_added).into_iter(),
    );
    md_list(
        &mut s,
        lang,
        Id::diff_md_lessons_removed,
        lessons(&r.lessons_removed).into_iter(),
    );
    steps(&mut s, r, lang);
    s
}

/// A table's header row and its separator, from catalogue words.
fn header(s: &mut String, lang: Lang, columns: &[Id]) {
    let words: Vec<String> = columns.iter().map(|id| say(lang, *id, &[])).collect();
    let _ = writeln!(s, "| {} |", words.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(columns.len()));
}

fn verdict_table(s: &mut String, r: &Report, lang: Lang) {
    if r.verdicts.is_empty() {
        return;
    }
    use Id::*;
    header(
        s,
        lang,
        &[diff_md_lesson, diff_md_claim, diff_md_was, diff_md_now, diff_md_why_now],
    );
    for v in &r.verdicts {
        let _ = writeln!(
            s,
            "| {} | `{}` {} | {} | {} | {} |",
            md(&v.at.show()),
            md(&v.claim),
            md(&v.says),
            badge(v.old, lang),
            badge(v.new, lang),
            md(&v.new_reason.plain(lang))
        );
    }
    s.push('\n');
}

fn host_table(s: &mut String, r: &Report, lang: Lang) {
    if r.host_changes.is_empty() {
        return;
    }
    let _ = writeln!(s, "**{}**\n", say(lang, Id::diff_md_host_versions, &[]));
    header(
        s,
        lang,
        &[Id::diff_md_host, Id::diff_md_what, Id::diff_md_was, Id::diff_md_now],
    );
    for h in &r.host_changes {
        let (what, old, new) = match &h.change {
            Change::Value { field, old, new } => {
                let cell = |v: &String| marker(lang, field, v).unwrap_or_else(|| v.clone());
                (field.named_in(lang), cell(old), cell(new))
            }
            other => (other.describe(lang), String::new(), String::new()),
        };
        let _ = writeln!(s, "| {} | {} | {} | {} |", md(&h.host), md(&what), md(&old), md(&new));
    }
    s.push('\n');
}

fn steps(s: &mut String, r: &Report, lang: Lang) {
    if r.steps.is_empty() {
        return;
    }
    let summary = say(lang, Id::diff_md_steps, &[("n", &r.steps.len().to_string())]);
    let _ = writeln!(s, "<details><summary>{summary}</summary>\n");
    let sep = say(lang, Id::diff_sep_changes, &[]);
    for st in &r.steps {
        let changes: Vec<String> = st.changes.iter().map(|c| md(&c.describe(lang))).collect();
        let _ = writeln!(s, "- {} `{}`: {}", md(&st.at.show()), md(&st.step), changes.join(&sep));
    }
    let _ = writeln!(s, "\n</details>");
}

fn claim_line(c: &ClaimRef, lang: Lang) -> String {
    format!("{} `{}` ({})", md(&c.at.show()), md(&c.claim), badge(c.verdict, lang))
}

fn md_list(s: &mut String, lang: Lang, title: Id, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if !items.is_empty() {
        let _ = writeln!(s, "**{}** ({})\n", say(lang, title, &[]), items.len());
        for i in items {
            let _ = writeln!(s, "- {i}");
        }
        s.push('\n');
    }
}

/// A verdict in bold: its id in capitals in English (`**REFUTED**`), the page's word otherwise.
fn badge(v: Verdict, lang: Lang) -> String {
    match lang {
        Lang::En => format!("**{}**", v.as_str().to_uppercase()),
        _ => format!("**{}**", verdict(lang, v)),
    }
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
    use crate::diff::fixtures::{claim, english_left, every_change, host, record};

    /// English is what it was before the catalogue: every table, list and line.
    #[test]
    fn english_reads_as_before() {
        let r = every_change();
        let now = md(&r.verdicts[0].new_reason.plain(Lang::En));
        let expected = format!(
            "### proofbook: 1 verdict(s) changed

Comparing `/tmp/x1` (old) with `/tmp/x2` (new).

| Lesson | Claim | Was | Now | Why now |
|---|---|---|---|---|
| en/iso | `c1` c1-says | **PROVEN** | **REFUTED** | {now} |

**Host versions**

| Host | What | Was | Now |
|---|---|---|---|
| h2 | engine version | 20.10.24 | 24.0.7 |
| h2 | hyperv isolation runs on | runsc | (none) |
| h2 | hyperv isolation runs on | (missing) | runc |
| h2 | network interface `wg0` | absent | present |

**Claims added** (1)

- en/iso `c2` (**NOT-RUN**)

**Claims removed** (1)

- en/iso `c3` (**PROVEN**)

**Lessons added** (1)

- [h2] ko/iso2

**Lessons removed** (1)

- en/iso3

<details><summary>Evidence changed shape in 3 step(s)</summary>

- en/iso `s1`: step as written in the lesson: `{{\"run\":1}}` → `{{\"run\":2}}`; outcome ok → not-run (step `s0` was not run); \
outcome timeout → ok; engine (docker top): process `sleep` appeared (×1); host: process `runsc-sandbox` vanished (was ×2); \
host processes named `sleep`: 1 → 2; engine (docker top) processes: 1 → 2; lines of output: 3 → 0; \
exit code: `0` → `none`; exists: `true` → `false`; runtime: `runsc` → `runc`
- en/iso `s2`: step added
- en/iso `s3`: step removed

</details>
"
        );
        assert_eq!(to_markdown(&r, Lang::En), expected);
    }

    /// Korean headers and labels; values from records as they are, escaped as in English.
    #[test]
    fn korean_tables_and_lists() {
        let mut r = every_change();
        r.verdicts[0].says = "a | b <i>".into();
        let md = to_markdown(&r, Lang::Ko);
        for line in [
            "### proofbook: 판정 1개가 바뀌었습니다\n",
            "이전 기록(`/tmp/x1`)과 새 기록(`/tmp/x2`)을 비교합니다.",
            "| 레슨 | 주장 | 이전 | 지금 | 지금 판정의 근거 |\n|---|---|---|---|---|\n",
            "| en/iso | `c1` a \\| b &lt;i&gt; | **증명됨** | **반증됨** | 엔진의 `top` 출력에",
            "**호스트 버전**\n\n| 호스트 | 항목 | 이전 | 지금 |\n|---|---|---|---|\n",
            "| h2 | 엔진 버전 | 20.10.24 | 24.0.7 |",
            "| h2 | `wg0` 네트워크 인터페이스 | 없음 | 있음 |",
            "**새로 생긴 주장** (1)\n\n- en/iso `c2` (**실행하지 않음**)",
            "<details><summary>증거의 형태가 바뀐 단계 3개</summary>",
            "- en/iso `s2`: 레슨에 새로 생긴 단계입니다",
        ] {
            assert!(md.contains(line), "no `{line}` in:\n{md}");
        }
        let plain = to_markdown(&every_change(), Lang::Ko);
        assert!(!plain.contains(';'), "no semicolon in Korean: {plain}");
        let same = every_change().verdicts[0].clone();
        let one = Report {
            verdicts: vec![same],
            ..Default::default()
        };
        assert_eq!(english_left(&plain), Vec::<String>::new(), "{plain}");
        assert!(to_markdown(&one, Lang::Ko).contains("판정 1개가 바뀌었습니다"));
        let empty = to_markdown(&Report::default(), Lang::Ko);
        assert!(empty.starts_with("### proofbook: 바뀐 것이 없습니다"), "{empty}");
        assert!(
            empty.contains("판정, 증거의 형태, 호스트 버전, 레슨이 모두 그대로입니다."),
            "{empty}"
        );
    }

    /// The pseudo-locale: every word of the comment comes from the catalogue.
    #[test]
    fn the_pseudo_locale_leaves_no_english() {
        for r in [every_change(), Report::default()] {
            let md = to_markdown(&r, Lang::Pseudo);
            assert_eq!(english_left(&md), Vec::<String>::new(), "{md}");
        }
    }

    #[test]
    fn markdown_summary_tables_verdicts_and_host_versions() {
        let same = record("a", vec![], vec![claim("same", Verdict::Proven)], "runsc");
        let rep = compare(&host("h", vec![same.clone()]), &host("h", vec![same.clone()]));
        let md = to_markdown(&rep, Lang::En);
        assert!(md.starts_with("### proofbook: No change"), "{md}");
        assert!(md.contains("No change: the same verdicts"), "{md}");
        assert!(!md.contains('|'), "no empty tables: {md}");

        let mut new = record("a", vec![], vec![claim("same", Verdict::Refuted)], "runc");
        new.claims[0].reason = "top | ps <b> differ\nsecond line".into();
        new.host.engine_version = "24.0.7".into();
        let rep = compare(&host("h", vec![same]), &host("h", vec![new]));
        let md = to_markdown(&rep, Lang::En);
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
