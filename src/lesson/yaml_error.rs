//! serde's and libyaml's words about a lesson's YAML, said again in the
//! terminal's language. They come as English text only ("invalid type:
//! sequence, expected struct RunAction", "found unexpected end of stream"), so
//! each kind a lesson author meets is recognised by its fixed words and given
//! a catalogue sentence; what is not recognised keeps its words, marked as the
//! YAML reader's. The line is the caller's (`file:line`), so serde_yaml's
//! " at line N column M" is dropped.

use crate::messages::Id;
use crate::output::tr;

/// The error, without its position, in the terminal's language: `field.path: sentence`.
pub(super) fn explain(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    // serde_yaml appends " at line N column M" (and libyaml a context after it).
    let msg = match msg.find(" at line ").or_else(|| msg.find(" at position ")) {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let (at, what) = match msg.split_once(": ") {
        Some((at, what)) if !at.contains(' ') => (Some(at), what),
        _ => (None, msg.as_str()),
    };
    let said = sentence(what).unwrap_or_else(|| other(what));
    match at {
        Some(at) => format!("{at}: {said}"),
        None => said,
    }
}

/// Words nobody recognised: as said, marked as the YAML reader's (proofbook's
/// own, already in the terminal's language, stay as they are).
fn other(what: &str) -> String {
    if what.chars().any(|c| ('가'..='힣').contains(&c)) {
        return what.to_string();
    }
    tr(Id::yaml_other, &[("detail", what)])
}

/// The catalogue's sentence for serde's or libyaml's words, if they are a kind it knows.
fn sentence(what: &str) -> Option<String> {
    if let Some(id) = libyaml(what) {
        return Some(tr(id, &[]));
    }
    if let Some(rest) = what.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected one of ")?;
        return Some(tr(
            Id::yaml_unknown_variant,
            &[("value", value), ("expected", expected)],
        ));
    }
    if let Some(rest) = what.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected one of ")?;
        let key = if expected.starts_with("`id`, `timeout`, `run`") {
            Id::unknown_action
        } else {
            Id::yaml_unknown_field
        };
        return Some(tr(key, &[("field", field), ("expected", expected)]));
    }
    if let Some(field) = what.strip_prefix("missing field ") {
        return Some(tr(Id::yaml_missing_field, &[("field", field)]));
    }
    if let Some(field) = what.strip_prefix("duplicate field ") {
        return Some(tr(Id::yaml_duplicate_field, &[("field", field.trim_matches('`'))]));
    }
    if let Some(rest) = what
        .strip_prefix("invalid type: ")
        .or_else(|| what.strip_prefix("invalid value: "))
    {
        let (got, expected) = rest.split_once(", expected ")?;
        let (got, expected) = (found(got)?, wanted(expected)?);
        return Some(tr(Id::yaml_invalid_type, &[("expected", &expected), ("got", &got)]));
    }
    if let Some(rest) = what.strip_prefix("invalid length ") {
        let (len, expected) = rest.split_once(", expected ")?;
        return Some(tr(Id::yaml_invalid_length, &[("len", len), ("expected", expected)]));
    }
    if what.starts_with("data did not match any variant of untagged enum ") {
        return Some(tr(Id::yaml_no_form, &[]));
    }
    (what == "EOF while parsing a value").then(|| tr(Id::yaml_empty, &[]))
}

/// libyaml's problems a hand-written block runs into (its words are fixed).
fn libyaml(what: &str) -> Option<Id> {
    Some(match what.split(", while ").next().unwrap_or(what) {
        "found unexpected end of stream" => Id::yaml_unclosed,
        "found character that cannot start any token" => Id::yaml_bad_char,
        "found a tab character that violates indentation"
        | "found a tab character where an indentation space is expected" => Id::yaml_tab,
        "did not find expected key" => Id::yaml_no_key,
        "mapping values are not allowed in this context" => Id::yaml_map_here,
        "could not find expected ':'" => Id::yaml_no_colon,
        "did not find expected node content" => Id::yaml_no_content,
        "did not find expected ',' or ']'" => Id::yaml_open_list,
        "did not find expected ',' or '}'" => Id::yaml_open_map,
        "found unknown escape character" => Id::yaml_escape,
        _ => return None,
    })
}

/// What serde found (`serde::de::Unexpected` as it prints): a kind of
/// value, with the value itself where it has one.
fn found(got: &str) -> Option<String> {
    let (kind, value) = match got.split_once(' ') {
        Some((k, v)) if k != "unit" && k != "floating" => (k, Some(v)),
        _ => (got, None),
    };
    let (id, value) = match kind {
        "string" => (Id::yaml_a_string, value),
        "integer" => (Id::yaml_a_integer, value),
        "boolean" => (Id::yaml_a_bool, value),
        "character" => (Id::yaml_a_char, value),
        "sequence" => (Id::yaml_a_list, None),
        "map" => (Id::yaml_a_map, None),
        "unit value" => (Id::yaml_a_null, None),
        _ => match got.strip_prefix("floating point ") {
            Some(v) => (Id::yaml_a_number, Some(v)),
            None => return None,
        },
    };
    let noun = tr(id, &[]);
    Some(match value {
        // serde marks an integer or a bool with backticks, a string with quotes.
        Some(v) => format!("{noun} `{}`", v.trim_matches('`')),
        None => noun,
    })
}

/// What serde expected (a visitor's `expecting`), for the kinds lessons use.
fn wanted(expected: &str) -> Option<String> {
    let id = match expected {
        "a string" | "string" | "a borrowed string" => Id::yaml_a_string,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => Id::yaml_a_integer,
        "f32" | "f64" => Id::yaml_a_number,
        "a boolean" => Id::yaml_a_bool,
        "a sequence" => Id::yaml_a_list,
        "a map" => Id::yaml_a_map,
        "a character" | "a char" => Id::yaml_a_char,
        e if e.starts_with("struct ") => Id::yaml_a_map,
        _ => return None,
    };
    Some(tr(id, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;
    use crate::output::in_lang;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Block {
        id: String,
        timeout: Option<u64>,
        names: Option<Vec<String>>,
        run: Option<Run>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Run {
        image: String,
    }

    fn said(lang: Lang, yaml: &str) -> String {
        let e = serde_yaml::from_str::<Block>(yaml).expect_err("bad YAML");
        in_lang(lang, || explain(&e))
    }

    fn has_hangul(s: &str) -> bool {
        s.chars().any(|c| ('가'..='힣').contains(&c))
    }

    /// Every kind a lesson author meets reads in Korean with no serde or
    /// libyaml English left but the code it names; English reads as clearly.
    #[test]
    fn serdes_and_libyamls_words_read_in_korean() {
        let cases = [
            (
                "id: a\ntimeout: soon\n",
                "여기에는 정수 형식이 와야 합니다(지금은 문자열 `\"soon\"`)",
                "timeout",
            ),
            (
                "id: a\nnames: nginx\n",
                "여기에는 목록 형식이 와야 합니다(지금은 문자열",
                "names",
            ),
            (
                "id: a\nrun: [x]\n",
                "여기에는 맵(`키: 값` 줄) 형식이 와야 합니다(지금은 목록)",
                "run",
            ),
            ("id: [a]\n", "여기에는 문자열 형식이 와야 합니다(지금은 목록)", "id"),
            ("id: a\nid: b\n", "`id` 필드가 두 번 나옵니다", ""),
            ("id: \"a\n", "따옴표나 괄호가 닫히기 전에 블록이 끝났습니다", ""),
            ("id: a\n\ttimeout: 1\n", "탭", ""),
            ("id: a\nnames: [a, b\n", "", ""),
            ("id: a: b\n", "`키: 값` 형태를 쓸 수 없습니다", ""),
            ("id: \"\\q\"\n", "이스케이프 문자", ""),
        ];
        for (yaml, ko, path) in cases {
            let k = said(Lang::Ko, yaml);
            let prose: String = k.split('`').step_by(2).collect();
            assert!(has_hangul(&k) && k.contains(ko), "{yaml:?}: {k}");
            assert!(k.starts_with(path), "{yaml:?}: the field path kept: {k}");
            for english in ["invalid", "expected", "found", "duplicate", "while", "EOF", "struct"] {
                assert!(!prose.contains(english), "{yaml:?}: `{english}` in {k}");
            }
            let e = said(Lang::En, yaml);
            assert!(!has_hangul(&e), "{yaml:?}: {e}");
        }
        assert_eq!(
            said(Lang::En, "id: a\ntimeout: soon\n"),
            "timeout: expected an integer here, found a string `\"soon\"`"
        );
        assert_eq!(said(Lang::En, "id: a\nid: b\n"), "field `id` appears twice");
        let eof = serde_yaml::from_str::<u64>("").expect_err("nothing to read");
        assert_eq!(in_lang(Lang::Ko, || explain(&eof)), "블록에 값이 없습니다", "{eof}");
    }

    /// Words nobody recognised keep their text, marked as the YAML reader's.
    #[test]
    fn unrecognised_words_stay_as_said_and_marked() {
        let k = in_lang(Lang::Ko, || other("recursion limit exceeded"));
        assert_eq!(k, "YAML 해석기가 알린 오류입니다(`recursion limit exceeded`)");
        assert_eq!(
            in_lang(Lang::En, || other("recursion limit exceeded")),
            "recursion limit exceeded"
        );
        assert_eq!(in_lang(Lang::Ko, || other("이미 한국어")), "이미 한국어");
    }
}
