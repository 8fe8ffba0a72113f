//! A lesson of 20,000 steps reads as a small one does: every block at its
//! own line, an error in the last block named at its line, the languages'
//! agreement checked part by part (`check` is linear; `benches/check.rs`
//! times it).

use super::*;

/// A generated lesson of `pairs` run/exec step pairs and a claim per pair,
/// with the line each block's fence is on.
fn generated(pairs: usize, lang: &str) -> (String, Vec<(String, usize)>) {
    let mut s = format!("---\ntitle: Big\nlang: {lang}\nlesson: big\norder: 1\nsummary: s\n---\n\n");
    s.push_str("```step\nid: host\nhost_info: {}\n```\n\n");
    let mut at = vec![("host".to_string(), 9)];
    // Each pair takes 27 lines: 2 of prose, 8 and 7 of steps, 10 of the claim.
    for i in 0..pairs {
        let first = 14 + 27 * i;
        s.push_str(&format!("Pair {i}, with [a link](https://example.org/{i}).\n\n"));
        at.push((format!("run-{i}"), first + 2));
        s.push_str(&format!(
            "```step\nid: run-{i}\nrun:\n  image: busybox\n  isolation: process\n  command: [sleep, \"3600\"]\n```\n\n"
        ));
        at.push((format!("ver-{i}"), first + 10));
        s.push_str(&format!(
            "```step\nid: ver-{i}\nexec:\n  container: run-{i}\n  command: [uname, -r]\n```\n\n"
        ));
        at.push((format!("c-{i}"), first + 17));
        s.push_str(&format!(
            "```claim\nid: c-{i}\nsays: Kernel {i}.\ncheck:\n  kind: compare\n  left: {{step: ver-{i}, field: stdout}}\n  op: contains\n  right: {{step: host, field: kernel_release}}\n```\n\n"
        ));
    }
    (s, at)
}

#[test]
fn a_20000_step_lesson_reads_every_block_at_its_line() {
    let (text, at) = generated(10_000, "en");
    let lesson = load_text("big.en.md", &text).unwrap_or_else(|e| panic!("{:?}", &e[..e.len().min(3)]));
    assert_eq!(lesson.steps().count(), 20_001);
    assert_eq!(lesson.claims().count(), 10_000);
    let lines: Vec<(String, usize)> = lesson
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Step(s) => Some((s.id.clone(), s.line)),
            Block::Claim(c) => Some((c.id.clone(), c.line)),
            Block::Prose { .. } => None,
        })
        .collect();
    assert_eq!(lines, at);

    // A mistake in the last claim is named at its line.
    let last = at.last().unwrap().1;
    let bad = text.replace("left: {step: ver-9999,", "left: {step: nowhere,");
    let errors = load_text("big.en.md", &bad).expect_err("an unknown step");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].line, errors[0].path.as_str()),
        (last, "big.en.md"),
        "{}",
        errors[0]
    );
}

#[test]
fn two_big_languages_agree_and_a_moved_step_is_named_once() {
    let (en, _) = generated(10_000, "en");
    let (ko, _) = generated(10_000, "ko");
    let en = load_text("big.en.md", &en).unwrap();
    let ko_lesson = load_text("big.ko.md", &ko).unwrap();
    assert_eq!(languages_agree(&en, &ko_lesson), Vec::new());
    // The last claim moved before the one ahead of it: one order error each way.
    let moved = ko
        .replace("id: c-9998\n", "id: tmp\n")
        .replace("id: c-9999\n", "id: c-9998\n")
        .replace("id: tmp\n", "id: c-9999\n");
    let ko_moved = load_text("big.ko.md", &moved).unwrap();
    let errors = languages_agree(&en, &ko_moved);
    let order: Vec<&InputError> = errors.iter().filter(|e| e.message.contains("another order")).collect();
    assert_eq!(order.len(), 2, "{errors:#?}");
    assert!(order.iter().all(|e| e.message.contains("c-999")), "{order:#?}");
}

#[test]
fn deep_yaml_is_refused_at_its_line_before_it_is_parsed() {
    let head = "---\ntitle: Deep\nlang: en\nlesson: deep\norder: 1\nsummary: s\n---\n\n";
    let deep = format!(
        "{head}```step\nid: a\nhost_info: {}{}\n```\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let start = std::time::Instant::now();
    let errors = load_text("deep.en.md", &deep).expect_err("too deep");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "refused without parsing it"
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 11, "{}", errors[0]);
    assert!(
        errors[0].message.contains("nested more than 64 levels"),
        "{}",
        errors[0]
    );
    let front = format!(
        "---\ntitle: {}{}\nlang: en\nlesson: deep\norder: 1\nsummary: s\n---\n",
        "{a: ".repeat(70),
        "}".repeat(70)
    );
    let errors = load_text("deep.en.md", &front).expect_err("too deep");
    assert_eq!(errors[0].line, 2, "{}", errors[0]);
    assert!(errors[0].message.starts_with("front matter: "), "{}", errors[0]);
}
