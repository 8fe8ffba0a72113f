//! The catalogue's own guarantees: every language names exactly the declared
//! parameters of every sentence, Korean glues no particle to a value by
//! guess, and a third language (the pseudo-locale) leaves no English behind.

use super::super::particle::Particle;
use super::super::{render_template, Arg, Lang, Seg};
use super::Id;

/// Every language, the pseudo-locale included.
const LANGS: [Lang; 3] = [Lang::En, Lang::Ko, Lang::Pseudo];

/// The `{…}` slots of a template: (parameter, particle mark if any).
fn slots(template: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).expect("an unclosed `{`");
        let inner = &rest[open + 1..close];
        out.push(match inner.split_once('|') {
            Some((name, mark)) => (name, Some(mark)),
            None => (inner, None),
        });
        rest = &rest[close + 1..];
    }
    out
}

#[test]
fn every_language_names_exactly_the_declared_parameters() {
    for lang in LANGS {
        for id in Id::ALL {
            let text = lang.catalogue().get(*id);
            let mut named: Vec<&str> = slots(text).into_iter().map(|(n, _)| n).collect();
            named.sort();
            named.dedup();
            let mut declared = id.params().to_vec();
            declared.sort();
            assert_eq!(
                named,
                declared,
                "{lang}: `{}` names other parameters: {text}",
                id.name()
            );
            for (name, mark) in slots(text) {
                if let Some(mark) = mark {
                    assert!(
                        Particle::from_mark(mark).is_some(),
                        "{lang}: `{}`: `{{{name}|{mark}}}` is not a particle the helper knows",
                        id.name()
                    );
                }
            }
        }
    }
}

/// Particles whose form depends on the sound before them.
const PARTICLES: &[&str] = &["을", "를", "이", "가", "은", "는", "으로", "로", "과", "와"];

/// `이` that begins the copula (입니다, 이고, 인 …) is not the subject particle.
const COPULA: &[&str] = &[
    "입니다",
    "이고",
    "이지만",
    "이며",
    "이므로",
    "이라",
    "이었",
    "이어",
    "이면",
];

#[test]
fn no_korean_particle_is_glued_to_a_parameter() {
    for lang in [Lang::Ko] {
        for id in Id::ALL {
            let text = lang.catalogue().get(*id);
            for (i, _) in text.match_indices('}') {
                let open = text[..i].rfind('{').expect("a slot");
                if text[open..i].contains('|') {
                    continue; // the helper chose it
                }
                let after = text[i + 1..].trim_start_matches('`');
                let glued =
                    PARTICLES.iter().any(|p| after.starts_with(p)) && !COPULA.iter().any(|c| after.starts_with(c));
                assert!(
                    !glued,
                    "{lang}: `{}` glues a particle to `{}`: {text}",
                    id.name(),
                    &text[open..=i]
                );
            }
            for guess in [
                "은(는)", "는(은)", "을(를)", "를(을)", "이(가)", "가(이)", "(으)로", "와(과)", "과(와)",
            ] {
                assert!(
                    !text.contains(guess),
                    "{lang}: `{}` writes `{guess}`: {text}",
                    id.name()
                );
            }
            assert!(!text.contains(';'), "{lang}: `{}` has a semicolon: {text}", id.name());
        }
    }
}

#[test]
fn the_helper_reads_the_value_a_template_inserts() {
    // `{cut}{cut|는}`: the particle follows the size as it is read.
    let render = |cut: &str| {
        let args = vec![("kept", Arg::Val("1.0 KiB".into())), ("cut", Arg::Val(cut.into()))];
        let mut out = Vec::new();
        render_template(Id::cut_stdout, &args, Lang::Ko, &mut out);
        out.into_iter().map(|s| s.text).collect::<String>()
    };
    assert!(
        render("12바이트").contains("12바이트는 버렸습니다"),
        "{}",
        render("12바이트")
    );
    assert!(render("3.0 MiB").contains("3.0 MiB는"), "{}", render("3.0 MiB"));
}

/// Renders `id` in `lang` with every parameter set to `value`.
fn render_all(id: Id, lang: Lang, value: &str) -> Vec<Seg> {
    let args: Vec<(&str, Arg)> = id.params().iter().map(|p| (*p, Arg::Val(value.into()))).collect();
    let mut out = Vec::new();
    render_template(id, &args, lang, &mut out);
    out
}

#[test]
fn the_pseudo_locale_renders_every_sentence_with_no_english_left() {
    for id in Id::ALL {
        let segs = render_all(*id, Lang::Pseudo, "·");
        let prose: String = segs.iter().filter(|s| !s.code).map(|s| s.text.as_str()).collect();
        assert!(
            !prose.chars().any(|c| c.is_ascii_alphabetic()),
            "`{}` leaves English in the pseudo-locale: {prose}",
            id.name()
        );
        let en: String = render_all(*id, Lang::En, "·").into_iter().map(|s| s.text).collect();
        let pseudo: String = segs.into_iter().map(|s| s.text).collect();
        assert!(
            en.is_empty() || en != pseudo || !en.chars().any(|c| c.is_ascii_alphabetic()),
            "`{}` is the same in English and the pseudo-locale",
            id.name()
        );
    }
}
