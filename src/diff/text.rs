//! The report for a terminal, in the reader's language.

use super::human::verdict;
use super::report::{ClaimRef, LessonRef, Report};
use crate::messages::{say, Id, Lang};

/// The lines of a report being written, in one language.
struct Lines {
    lang: Lang,
    text: String,
}

impl Lines {
    /// Sentence `id` on a line of its own, after `indent` spaces.
    fn say(&mut self, indent: usize, id: Id, args: &[(&str, &str)]) {
        let line = say(self.lang, id, args);
        self.raw(indent, &line);
    }

    fn raw(&mut self, indent: usize, line: &str) {
        self.text.push_str(&" ".repeat(indent));
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A heading with a count, after an empty line.
    fn head(&mut self, id: Id, n: usize) {
        self.text.push('\n');
        self.say(0, id, &[("n", &n.to_string())]);
    }
}

/// The human-readable report, in `lang`.
pub(crate) fn to_text(r: &Report, lang: Lang) -> String {
    let mut out = Lines {
        lang,
        text: String::new(),
    };
    out.say(0, Id::diff_comparing, &[("old", &r.old), ("new", &r.new)]);
    for (o, n) in r.hosts.iter().filter(|(o, n)| o != n) {
        out.say(2, Id::diff_host_pair, &[("old", o), ("new", n)]);
    }
    verdicts(&mut out, r);
    claims(&mut out, Id::diff_claims_added_head, &r.claims_added);
    claims(&mut out, Id::diff_claims_removed_head, &r.claims_removed);
    steps(&mut out, r);
    if !r.host_changes.is_empty() {
        out.text.push('\n');
        out.say(0, Id::diff_host_head, &[]);
        for h in &r.host_changes {
            out.raw(2, &format!("[{}] {}", h.host, h.change.describe(lang)));
        }
    }
    lessons(&mut out, Id::diff_lessons_added_head, &r.lessons_added);
    lessons(&mut out, Id::diff_lessons_removed_head, &r.lessons_removed);
    out.text.push('\n');
    if r.verdict_changed() {
        out.say(0, Id::diff_verdicts_changed, &[("n", &r.verdicts.len().to_string())]);
    } else if r.is_empty() {
        out.say(0, Id::diff_no_differences, &[]);
    } else {
        out.say(0, Id::diff_no_verdict_changed, &[]);
    }
    out.text
}

fn verdicts(out: &mut Lines, r: &Report) {
    if r.verdicts.is_empty() {
        return;
    }
    out.head(Id::diff_verdicts_head, r.verdicts.len());
    let lang = out.lang;
    for v in &r.verdicts {
        let (old, new) = (verdict(lang, v.old), verdict(lang, v.new));
        let at = v.at.show();
        let line = [("at", at.as_str()), ("claim", &v.claim), ("old", &old), ("new", &new)];
        out.say(2, Id::diff_verdict_line, &line);
        out.say(6, Id::diff_claim_says, &[("says", &v.says)]);
        out.say(6, Id::diff_was, &[("reason", &v.old_reason.plain(lang))]);
        out.say(6, Id::diff_now, &[("reason", &v.new_reason.plain(lang))]);
    }
}

fn claims(out: &mut Lines, head: Id, list: &[ClaimRef]) {
    if list.is_empty() {
        return;
    }
    out.head(head, list.len());
    for c in list {
        let (at, v) = (c.at.show(), verdict(out.lang, c.verdict));
        out.say(
            2,
            Id::diff_claim_ref,
            &[("at", &at), ("claim", &c.claim), ("verdict", &v)],
        );
    }
}

fn steps(out: &mut Lines, r: &Report) {
    if r.steps.is_empty() {
        return;
    }
    out.head(Id::diff_steps_head, r.steps.len());
    for st in &r.steps {
        let at = st.at.show();
        out.say(
            2,
            Id::diff_step_line,
            &[("at", &at), ("step", &st.step), ("action", &st.action)],
        );
        for c in &st.changes {
            let line = c.describe(out.lang);
            out.raw(6, &line);
        }
    }
}

fn lessons(out: &mut Lines, head: Id, list: &[LessonRef]) {
    if list.is_empty() {
        return;
    }
    out.head(head, list.len());
    for l in list {
        out.raw(2, &l.show());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use crate::diff::fixtures::{claim, english_left, every_change, host, host_view, record};
    use crate::record::Verdict;
    use crate::test_support::proc;

    /// English is what it was before the catalogue (scripts and people read it):
    /// every line of every kind, written out.
    #[test]
    fn english_reads_as_before() {
        let r = every_change();
        let (was, now) = (
            r.verdicts[0].old_reason.plain(Lang::En),
            r.verdicts[0].new_reason.plain(Lang::En),
        );
        let expected = format!(
            "comparing /tmp/x1 (old) with /tmp/x2 (new)
  host h1 (old) is compared with host h2 (new)

verdicts changed (1):
  en/iso claim c1: proven → refuted
      claim: c1-says
      was:   {was}
      now:   {now}

claims added (1):
  en/iso claim c2 (not-run)

claims removed (1):
  en/iso claim c3 (proven)

evidence changed shape (3 step(s)):
  en/iso step s1 (run):
      step as written in the lesson: `{{\"run\":1}}` → `{{\"run\":2}}`
      outcome ok → not-run (step `s0` was not run)
      outcome timeout → ok
      engine (docker top): process `sleep` appeared (×1)
      host: process `runsc-sandbox` vanished (was ×2)
      host processes named `sleep`: 1 → 2
      engine (docker top) processes: 1 → 2
      lines of output: 3 → 0
      exit code: `0` → `none`
      exists: `true` → `false`
      runtime: `runsc` → `runc`
  en/iso step s2 (top):
      step added
  en/iso step s3 (exec):
      step removed

host changed:
  [h2] engine version: `20.10.24` → `24.0.7`
  [h2] hyperv isolation runs on: `runsc` → `(none)`
  [h2] hyperv isolation runs on: `(missing)` → `runc`
  [h2] network interface `wg0`: `absent` → `present`

lessons added (1):
  [h2] ko/iso2

lessons removed (1):
  en/iso3

1 verdict(s) changed
"
        );
        assert_eq!(to_text(&r, Lang::En), expected);
    }

    /// Korean: every line from the catalogue, values as they are, nothing English
    /// but code and values.
    #[test]
    fn korean_reads_as_korean() {
        let text = to_text(&every_change(), Lang::Ko);
        for line in [
            "이전 기록(/tmp/x1)과 새 기록(/tmp/x2)을 비교합니다",
            "  이전 쪽 h1 호스트와 새 쪽 h2 호스트를 비교합니다",
            "판정이 바뀐 주장(1개):",
            "  en/iso `c1` 주장: 증명됨 → 반증됨",
            "      주장: c1-says",
            "  en/iso `c2` 주장(실행하지 않음)",
            "      실행 결과: 실행됨 → 실행하지 않음(`s0` 단계가 실행되지 않았습니다)",
            "      엔진(`docker top`): `sleep` 프로세스가 새로 보입니다(×1)",
            "      호스트에서 본 `sleep` 프로세스 수: 1 → 2",
            "      종료 코드: `0` → 없음",
            "      존재 여부: 있음 → 없음",
            "      레슨에 새로 생긴 단계입니다",
            "  [h2] 엔진 버전: `20.10.24` → `24.0.7`",
            "  [h2] `hyperv` 격리를 실행하는 런타임: `runsc` → 기록 없음",
            "  [h2] `wg0` 네트워크 인터페이스: 없음 → 있음",
            "판정 1개가 바뀌었습니다",
        ] {
            assert!(text.contains(line), "no `{line}` in:\n{text}");
        }
        assert_eq!(english_left(&text), Vec::<String>::new(), "{text}");
    }

    /// The pseudo-locale: every sentence `diff` prints comes from the catalogue.
    #[test]
    fn the_pseudo_locale_leaves_no_english() {
        let text = to_text(&every_change(), Lang::Pseudo);
        assert_eq!(english_left(&text), Vec::<String>::new(), "{text}");
        assert_ne!(english_left(&to_text(&every_change(), Lang::En)), Vec::<String>::new());
    }

    #[test]
    fn identical_runs_say_no_differences() {
        let r = record(
            "a",
            vec![host_view(vec![proc(10, "sleep", "sleep 3600")])],
            vec![claim("c", Verdict::Proven)],
            "runsc",
        );
        let rep = compare(&host("x", vec![r.clone()]), &host("y", vec![r]));
        assert!(to_text(&rep, Lang::En).contains("no differences"));
    }

    #[test]
    fn a_changed_verdict_is_one_line() {
        let old = record("a", vec![], vec![claim("flip", Verdict::Proven)], "runsc");
        let new = record("a", vec![], vec![claim("flip", Verdict::Refuted)], "runsc");
        let text = to_text(&compare(&host("h", vec![old]), &host("h", vec![new])), Lang::En);
        assert!(text.contains("en/a claim flip: proven → refuted"), "{text}");
    }
}
