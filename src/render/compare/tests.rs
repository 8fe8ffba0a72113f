//! The compare page of a class: hosts made from the records judged from the
//! shipped Windows transcripts, some of them handed other verdicts (the page
//! shows what the render pipeline hands it; it judges nothing itself).

use super::*;
use crate::messages::Text;
use crate::record::HostRecords;

/// `n` learners with the first recorded host's records, then the recorded hosts.
fn class(n: usize) -> Vec<HostRecords> {
    let lessons = crate::lesson::load_embedded().expect("the built-in book loads");
    let recorded = crate::transcripts::windows_hosts(&lessons);
    let mut hosts: Vec<HostRecords> = (1..=n)
        .map(|i| HostRecords {
            label: format!("learner-{i:02}"),
            records: recorded[0].records.clone(),
        })
        .collect();
    hosts.extend(recorded);
    hosts
}

/// The first claim `host` has PROVEN, handed `verdict` with `reason`, in both languages.
fn hand(host: &mut HostRecords, verdict: Verdict, reason: &str) -> String {
    let key = host
        .records
        .iter()
        .find_map(|r| {
            let c = r.claims.iter().find(|c| c.verdict == Verdict::Proven)?;
            Some((r.lesson.clone(), c.id.clone()))
        })
        .expect("a proven claim");
    for r in host.records.iter_mut().filter(|r| r.lesson == key.0) {
        let c = r.claims.iter_mut().find(|c| c.id == key.1).expect("in both languages");
        c.verdict = verdict;
        c.reason = Text::Plain(reason.into());
    }
    format!("{}/{}", key.0, key.1)
}

#[test]
fn hosts_with_the_same_verdicts_form_one_group_and_disagreeing_groups_come_first() {
    let mut hosts = class(6);
    let key = hand(&mut hosts[2], Verdict::Refuted, "no sleep in the host's table");
    hand(&mut hosts[4], Verdict::Refuted, "no sleep in the host's table");
    let c = compare(&hosts, "en");

    let labels = |g: &Group| g.hosts.iter().map(|h| h.label.clone()).collect::<Vec<_>>();
    assert_eq!(labels(&c.groups[0]), ["learner-03", "learner-05"]);
    assert_eq!(c.groups[0].rank, 0);
    assert_eq!(c.groups[0].size, "2 hosts");
    assert_eq!(c.groups[0].disagree.len(), 1);
    let why = &c.groups[0].disagree[0];
    assert_eq!((why.key.as_str(), why.verdict.as_str()), (key.as_str(), "refuted"));
    assert_eq!(why.host, "learner-03");
    assert!(why.reason.html.contains("no sleep in the host"), "{:?}", why.reason);
    assert!(why.href.starts_with("hosts/learner-03/"), "{}", why.href);
    // The other four learners are one group with the recorded host whose records they have.
    assert_eq!(
        labels(&c.groups[1]),
        ["learner-01", "learner-02", "learner-04", "learner-06", &hosts[6].label]
    );
    assert_eq!(c.groups.iter().map(|g| g.hosts.len()).sum::<usize>(), hosts.len());
    // Columns go group by group, each group's first column marked.
    let columns: Vec<&str> = c.hosts.iter().map(|h| h.label.as_str()).collect();
    assert_eq!(&columns[..3], ["learner-03", "learner-05", "learner-01"]);
    assert!(c.hosts[0].group_start && !c.hosts[1].group_start && c.hosts[2].group_start);
    assert_eq!((c.hosts[0].group.as_str(), c.hosts[2].group.as_str()), ("A", "B"));
    assert_eq!(
        c.headline[0],
        format!(
            "2 of {} hosts disagree with the book on at least one claim.",
            hosts.len()
        )
    );
}

#[test]
fn disagreements_come_first_with_their_tally_in_both_languages() {
    let mut hosts = class(6);
    let key = hand(&mut hosts[2], Verdict::Refuted, "refuted here");
    let n = hosts.len();
    for (lang, tally) in [("en", "1 REFUTED"), ("ko", "반증됨 1")] {
        let c = compare(&hosts, lang);
        let first = &c.rows[0];
        assert_eq!(
            (first.key.as_str(), first.agreement),
            (key.as_str(), Agreement::Disagree)
        );
        let proven = first.cells.iter().flatten().filter(|(v, _)| v == "proven").count();
        let texts: Vec<&str> = first.tally.iter().map(|(_, t)| t.as_str()).collect();
        let proven_text = if lang == "ko" {
            format!("증명됨 {proven}")
        } else {
            format!("{proven} PROVEN")
        };
        assert!(
            texts.contains(&tally) && texts.contains(&proven_text.as_str()),
            "{texts:?}"
        );
        let counted: usize = first.cells.iter().flatten().count();
        assert!(counted <= n && proven < counted);
        // Then the claims hosts split on, then those all hosts agree on.
        let order: Vec<Agreement> = c.rows.iter().map(|r| r.agreement).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
        assert_eq!(
            c.differ,
            c.rows.iter().filter(|r| r.agreement != Agreement::Same).count()
        );
        assert!(c.headline.iter().all(|s| !s.is_empty()));
    }
    let ko = compare(&hosts, "ko");
    assert_eq!(
        ko.headline[0],
        format!("호스트 {n}대 중 1대에서 책과 다른 판정이 하나 이상 나왔습니다.")
    );
}

#[test]
fn a_class_that_agrees_has_one_group_per_verdict_vector() {
    let hosts = class(30);
    let c = compare(&hosts, "en");
    // The 30 learners have the first recorded host's records: one group with it.
    assert_eq!(c.groups[0].hosts.len(), 31);
    assert_eq!(c.groups[0].hosts[30].label, hosts[30].label);
    // The other recorded hosts differ from it and from each other: one group each.
    assert_eq!(c.groups.len(), hosts.len() - 30);
    assert!(c.groups.iter().all(|g| g.rank > 0 || !g.disagree.is_empty()));
    assert_eq!(
        c.rows.len(),
        c.rows
            .iter()
            .map(|r| &r.key)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    for r in &c.rows {
        assert_eq!(r.cells.len(), hosts.len());
    }
}

#[test]
fn group_letters_go_on_past_z() {
    assert_eq!(
        [0, 25, 26, 27, 51, 52].map(letter),
        ["A", "Z", "AA", "AB", "AZ", "BA"].map(String::from)
    );
}
