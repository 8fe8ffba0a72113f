//! The report as JSON, for scripts: keys and ids only, the same in every
//! language the terminal speaks.

use super::report::Report;

/// The report as pretty JSON, safe to print on a terminal (control
/// characters from records are JSON escapes, see `output::json_for_terminal`).
pub(crate) fn to_json(r: &Report) -> serde_json::Result<String> {
    Ok(crate::output::json_for_terminal(&serde_json::to_string_pretty(r)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use crate::diff::fixtures::{claim, every_change, host, record};
    use crate::messages::Lang;
    use crate::record::Verdict;
    use serde_json::json;

    /// The JSON scripts read: English ids and English sentences, whatever
    /// the terminal speaks (the shape `diff --json` has always had).
    #[test]
    fn every_kind_of_change_keeps_its_json() {
        let r = every_change();
        let json: serde_json::Value = serde_json::from_str(&to_json(&r).unwrap()).unwrap();
        let step = &json["steps"][0];
        assert_eq!(
            (&step["lesson"], &step["lang"], &step["host"], &step["action"]),
            (&json!("iso"), &json!("en"), &json!(null), &json!("run"))
        );
        assert_eq!(
            step["changes"],
            json!([
                {"kind": "value", "field": "step as written in the lesson", "old": r#"{"run":1}"#, "new": r#"{"run":2}"#},
                {"kind": "outcome", "old": "ok", "new": "not-run", "detail": "step `s0` was not run"},
                {"kind": "outcome", "old": "timeout", "new": "ok", "detail": ""},
                {"kind": "process_appeared", "view": "engine (docker top)", "name": "sleep", "count": 1},
                {"kind": "process_vanished", "view": "host", "name": "runsc-sandbox", "count": 2},
                {"kind": "count", "what": "host processes named `sleep`", "old": 1, "new": 2},
                {"kind": "count", "what": "engine (docker top) processes", "old": 1, "new": 2},
                {"kind": "count", "what": "lines of output", "old": 3, "new": 0},
                {"kind": "value", "field": "exit code", "old": "0", "new": "none"},
                {"kind": "value", "field": "exists", "old": "true", "new": "false"},
                {"kind": "value", "field": "runtime", "old": "runsc", "new": "runc"},
            ])
        );
        assert_eq!(json["steps"][1]["changes"], json!([{"kind": "step_added"}]));
        assert_eq!(
            json["host_changes"][1],
            json!({"host": "h2", "change": {"kind": "value", "field": "hyperv isolation runs on", "old": "runsc", "new": "(none)"}})
        );
        let v = &json["verdicts"][0];
        assert_eq!(
            (&v["old"], &v["new"], &v["claim"]),
            (&json!("proven"), &json!("refuted"), &json!("c1"))
        );
        assert_eq!(v["old_reason"], json!("top lists vmwp"));
        assert_eq!(v["new_reason"], json!(r.verdicts[0].new_reason.plain(Lang::En)));
        assert_eq!(json["hosts"], json!([["h1", "h2"]]));
        assert_eq!(
            json["lessons_added"],
            json!([{"host": "h2", "lesson": "iso2", "lang": "ko"}])
        );
        assert_eq!(
            json["claims_added"],
            json!([{"host": null, "lesson": "iso", "lang": "en", "claim": "c2", "verdict": "not-run"}])
        );
    }

    #[test]
    fn json_round_trips() {
        let old = record("a", vec![], vec![claim("flip", Verdict::Proven)], "runsc");
        let new = record("a", vec![], vec![claim("flip", Verdict::Refuted)], "runc");
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        let json = to_json(&rep).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), rep);
    }
}
