//! The languages of a lesson are one experiment told twice: the same steps run
//! and the same claims are judged, whatever the prose around them says.

use crate::messages::Id;
use crate::output::tr;
use std::path::Path;

use serde_json::Value;

use super::model::{Action, Lesson};
use crate::input::InputError;

/// One step or claim as far as it must agree: its id, line, and everything that
/// is not per-language text (an exercise's task, a claim's `says` and `hint` words).
struct Part {
    id: String,
    line: usize,
    shape: Value,
}

fn steps(l: &Lesson) -> Vec<Part> {
    l.steps()
        .map(|s| {
            let mut action = s.action.clone();
            if let Action::Adopt(a) = &mut action {
                a.task.clear();
            }
            let shape = serde_json::json!({ "timeout": s.timeout, "action": action });
            Part {
                id: s.id.clone(),
                line: s.line,
                shape,
            }
        })
        .collect()
}

fn claims(l: &Lesson) -> Vec<Part> {
    l.claims()
        .map(|c| {
            let shape = serde_json::json!({ "check": c.check, "hint": c.hint.is_some() });
            Part {
                id: c.id.clone(),
                line: c.line,
                shape,
            }
        })
        .collect()
}

/// The first field where two shapes differ, as `field.path`, here and there.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<(String, String, String)> {
    if let (Value::Object(x), Value::Object(y)) = (a, b) {
        for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
            let (va, vb) = (x.get(key).unwrap_or(&Value::Null), y.get(key).unwrap_or(&Value::Null));
            let next = if at.is_empty() {
                key.clone()
            } else {
                format!("{at}.{key}")
            };
            if let Some(d) = first_difference(va, vb, &next) {
                return Some(d);
            }
        }
        return None;
    }
    (a != b).then(|| (at.to_string(), a.to_string(), b.to_string()))
}

/// Errors in `a` for every step or claim that `b` lacks, has elsewhere in the order, or defines differently.
/// Linear: ids are looked up in maps, and each part's place among the parts
/// both languages have is counted once (a lesson may have tens of thousands).
fn compare(kind: Id, a: &Lesson, pa: &[Part], b: &Lesson, pb: &[Part]) -> Vec<InputError> {
    let (in_a, in_b) = (index(pa), index(pb));
    let (rank_a, rank_b) = (shared_rank(pa, &in_b), shared_rank(pb, &in_a));
    let mut errors = Vec::new();
    for (i, p) in pa.iter().enumerate() {
        let Some(&j) = in_b.get(p.id.as_str()) else {
            errors.push(missing(kind, &a.path, p, &b.path));
            continue;
        };
        let q = &pb[j];
        if rank_a[i] != rank_b[j] {
            errors.push(InputError::new(
                &a.path,
                p.line,
                tr(
                    Id::agree_order,
                    &[
                        ("kind", &tr(kind, &[])),
                        ("id", &p.id),
                        ("other", &format!("{}:{}", b.path, q.line)),
                    ],
                ),
            ));
        }
        if let Some((field, here, there)) = first_difference(&p.shape, &q.shape, "") {
            errors.push(InputError::new(
                &a.path,
                p.line,
                tr(
                    Id::agree_differs,
                    &[
                        ("kind", &tr(kind, &[])),
                        ("id", &p.id),
                        ("field", &field),
                        ("here", &here),
                        ("there", &there),
                        ("other", &format!("{}:{}", b.path, q.line)),
                    ],
                ),
            ));
        }
    }
    for q in pb.iter().filter(|q| !in_a.contains_key(q.id.as_str())) {
        errors.push(missing(kind, &b.path, q, &a.path));
    }
    errors
}

fn missing(kind: Id, here: &str, p: &Part, there: &str) -> InputError {
    InputError::new(
        here,
        p.line,
        tr(
            Id::agree_missing,
            &[("kind", &tr(kind, &[])), ("id", &p.id), ("other", there)],
        ),
    )
}

/// Each id's first place in `parts`.
fn index(parts: &[Part]) -> std::collections::HashMap<&str, usize> {
    let mut at = std::collections::HashMap::new();
    for (i, p) in parts.iter().enumerate() {
        at.entry(p.id.as_str()).or_insert(i);
    }
    at
}

/// For each part, how many parts before it the other language has too: two
/// languages keep one order when every shared part has the same count in both.
fn shared_rank(parts: &[Part], other: &std::collections::HashMap<&str, usize>) -> Vec<usize> {
    let mut n = 0;
    parts
        .iter()
        .map(|p| {
            let rank = n;
            n += usize::from(other.contains_key(p.id.as_str()));
            rank
        })
        .collect()
}

/// Every difference between two languages of one lesson, each naming both files.
pub(crate) fn languages_agree(a: &Lesson, b: &Lesson) -> Vec<InputError> {
    let mut errors = compare(Id::kind_step, a, &steps(a), b, &steps(b));
    errors.extend(compare(Id::kind_claim, a, &claims(a), b, &claims(b)));
    errors
}

/// Where the other language of a lesson file would be: `x.en.md` → `x.ko.md`.
pub(crate) fn other_language_path(lesson: &Lesson) -> Option<String> {
    let other = match lesson.meta.lang.as_str() {
        "en" => "ko",
        "ko" => "en",
        _ => return None,
    };
    let path = Path::new(&lesson.path);
    let name = path.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(&format!(".{}.md", lesson.meta.lang))
        .or_else(|| name.strip_suffix(".md"))?;
    Some(path.with_file_name(format!("{stem}.{other}.md")).display().to_string())
}
