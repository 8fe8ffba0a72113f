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
    use crate::diff::fixtures::{claim, host, record};
    use crate::record::Verdict;

    #[test]
    fn json_round_trips() {
        let old = record("a", vec![], vec![claim("flip", Verdict::Proven)], "runsc");
        let new = record("a", vec![], vec![claim("flip", Verdict::Refuted)], "runc");
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        let json = to_json(&rep).unwrap();
        assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), rep);
    }
}
