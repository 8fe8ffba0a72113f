//! Pairs the hosts, lessons, claims and steps of two runs and collects what
//! differs between each pair into a [`Report`].

use std::collections::BTreeMap;

use super::evidence::{host_info_changes, step_changes};
use super::report::{Change, ClaimRef, HostChange, LessonRef, Report, StepChange, VerdictChange};
use crate::record::{HostRecords, RunRecord};

/// Compares two runs. Each run is one or more hosts; with one host on each
/// side they are compared whatever their labels, otherwise hosts are paired
/// by label and an unpaired host's lessons count as added or removed.
pub(crate) fn compare(old: &[HostRecords], new: &[HostRecords]) -> Report {
    let mut report = Report::default();
    let single = old.len() == 1 && new.len() == 1;
    let mut pairs: Vec<(Option<&HostRecords>, Option<&HostRecords>)> = Vec::new();
    if single {
        pairs.push((Some(&old[0]), Some(&new[0])));
    } else {
        for o in old {
            pairs.push((Some(o), new.iter().find(|n| n.label == o.label)));
        }
        for n in new {
            if !old.iter().any(|o| o.label == n.label) {
                pairs.push((None, Some(n)));
            }
        }
    }
    for (o, n) in pairs {
        let host_key = |h: &HostRecords| if single { None } else { Some(h.label.clone()) };
        match (o, n) {
            (Some(o), Some(n)) => {
                report.hosts.push((o.label.clone(), n.label.clone()));
                compare_host(&mut report, o, n, host_key(n));
            }
            (Some(o), None) => report
                .lessons_removed
                .extend(o.records.iter().map(|r| lesson_ref(host_key(o), r))),
            (None, Some(n)) => report
                .lessons_added
                .extend(n.records.iter().map(|r| lesson_ref(host_key(n), r))),
            (None, None) => {}
        }
    }
    report.lessons_added.sort();
    report.lessons_removed.sort();
    report
}

fn lesson_ref(host: Option<String>, r: &RunRecord) -> LessonRef {
    LessonRef {
        host,
        lesson: r.lesson.clone(),
        lang: r.lang.clone(),
    }
}

fn compare_host(report: &mut Report, old: &HostRecords, new: &HostRecords, host: Option<String>) {
    if let (Some(o), Some(n)) = (old.records.first(), new.records.first()) {
        for change in host_info_changes(&o.host, &n.host, true) {
            report.host_changes.push(HostChange {
                host: new.label.clone(),
                change,
            });
        }
    }
    let key = |r: &RunRecord| (r.lesson.clone(), r.lang.clone());
    let olds: BTreeMap<_, &RunRecord> = old.records.iter().map(|r| (key(r), r)).collect();
    let news: BTreeMap<_, &RunRecord> = new.records.iter().map(|r| (key(r), r)).collect();
    for (k, o) in &olds {
        match news.get(k) {
            Some(n) => compare_record(report, o, n, lesson_ref(host.clone(), n)),
            None => report.lessons_removed.push(lesson_ref(host.clone(), o)),
        }
    }
    for (k, n) in &news {
        if !olds.contains_key(k) {
            report.lessons_added.push(lesson_ref(host.clone(), n));
        }
    }
}

fn compare_record(report: &mut Report, old: &RunRecord, new: &RunRecord, at: LessonRef) {
    for c in &old.claims {
        match new.claims.iter().find(|x| x.id == c.id) {
            Some(n) if n.verdict != c.verdict => report.verdicts.push(VerdictChange {
                at: at.clone(),
                claim: c.id.clone(),
                says: n.says.clone(),
                old: c.verdict,
                new: n.verdict,
                old_reason: c.reason.clone(),
                new_reason: n.reason.clone(),
            }),
            Some(_) => {}
            None => report.claims_removed.push(ClaimRef {
                at: at.clone(),
                claim: c.id.clone(),
                verdict: c.verdict,
            }),
        }
    }
    for n in &new.claims {
        if !old.claims.iter().any(|c| c.id == n.id) {
            report.claims_added.push(ClaimRef {
                at: at.clone(),
                claim: n.id.clone(),
                verdict: n.verdict,
            });
        }
    }
    for s in &old.steps {
        let changes = match new.step(&s.id) {
            Some(n) => step_changes(s, n),
            None => vec![Change::StepRemoved],
        };
        if !changes.is_empty() {
            report.steps.push(StepChange {
                at: at.clone(),
                step: s.id.clone(),
                action: s.action().to_string(),
                changes,
            });
        }
    }
    for n in &new.steps {
        if old.step(&n.id).is_none() {
            report.steps.push(StepChange {
                at: at.clone(),
                step: n.id.clone(),
                action: n.action().to_string(),
                changes: vec![Change::StepAdded],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::field::{Counted, Field, View};
    use crate::diff::fixtures::{claim, host, host_view, record};
    use crate::record::Verdict;
    use crate::test_support::proc;

    #[test]
    fn identical_runs_have_no_differences() {
        let r = record(
            "a",
            vec![host_view(vec![proc(10, "sleep", "sleep 3600")])],
            vec![claim("c", Verdict::Proven)],
            "runsc",
        );
        let rep = compare(&host("x", vec![r.clone()]), &host("y", vec![r]));
        assert!(rep.is_empty(), "{rep:?}");
        assert!(!rep.verdict_changed());
    }

    #[test]
    fn pids_alone_are_not_a_change_but_names_and_counts_are() {
        let old = record(
            "a",
            vec![host_view(vec![
                proc(10, "sleep", "sleep 3600"),
                proc(20, "exe", "runsc-sandbox --root=/x"),
            ])],
            vec![],
            "runsc",
        );
        let same_names = record(
            "a",
            vec![host_view(vec![
                proc(11, "sleep", "sleep 3600"),
                proc(99, "exe", "runsc-sandbox --root=/y"),
            ])],
            vec![],
            "runsc",
        );
        assert!(compare(&host("h", vec![old.clone()]), &host("h", vec![same_names]))
            .steps
            .is_empty());

        let new = record(
            "a",
            vec![host_view(vec![
                proc(11, "sleep", "sleep 3600"),
                proc(12, "sleep", "sleep 3600"),
            ])],
            vec![],
            "runc",
        );
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        let changes = &rep.steps[0].changes;
        assert!(
            changes.contains(&Change::ProcessVanished {
                view: View::Host,
                name: "runsc-sandbox".into(),
                count: 1
            }),
            "{changes:?}"
        );
        assert!(
            changes
                .iter()
                .any(|c| matches!(c, Change::Count { what: Counted::ProcessesNamed(_, name), old: 1, new: 2 } if name == "sleep")),
            "{changes:?}"
        );
        assert!(rep.host_changes.iter().any(|h| h.change
            == Change::Value {
                field: Field::RunsOn(crate::platform::Isolation::Hyperv),
                old: "runsc".into(),
                new: "runc".into()
            }));
    }

    #[test]
    fn verdict_changes_are_listed_and_counted() {
        let old = record(
            "a",
            vec![],
            vec![
                claim("same", Verdict::Proven),
                claim("flip", Verdict::Proven),
                claim("gone", Verdict::Proven),
            ],
            "runsc",
        );
        let new = record(
            "a",
            vec![],
            vec![
                claim("same", Verdict::Proven),
                claim("flip", Verdict::Refuted),
                claim("fresh", Verdict::NotRun),
            ],
            "runsc",
        );
        let rep = compare(&host("h", vec![old]), &host("h", vec![new]));
        assert!(rep.verdict_changed());
        assert_eq!(rep.verdicts.len(), 1);
        assert_eq!(
            (rep.verdicts[0].claim.as_str(), rep.verdicts[0].old, rep.verdicts[0].new),
            ("flip", Verdict::Proven, Verdict::Refuted)
        );
        assert_eq!(rep.claims_removed[0].claim, "gone");
        assert_eq!(rep.claims_added[0].claim, "fresh");
    }

    #[test]
    fn lessons_and_hosts_that_come_and_go() {
        let a = record("a", vec![], vec![], "runsc");
        let b = record("b", vec![], vec![], "runsc");
        // One host each: labels do not matter.
        let rep = compare(
            &host("old-label", vec![a.clone()]),
            &host("new-label", vec![a.clone(), b.clone()]),
        );
        assert_eq!(
            rep.lessons_added,
            vec![LessonRef {
                host: None,
                lesson: "b".into(),
                lang: "en".into()
            }]
        );
        assert!(rep.lessons_removed.is_empty());
        // Several hosts: paired by label.
        let old = vec![
            HostRecords {
                label: "x".into(),
                records: vec![a.clone()],
            },
            HostRecords {
                label: "y".into(),
                records: vec![a.clone()],
            },
        ];
        let new = vec![
            HostRecords {
                label: "x".into(),
                records: vec![a.clone()],
            },
            HostRecords {
                label: "z".into(),
                records: vec![b],
            },
        ];
        let rep = compare(&old, &new);
        assert_eq!(
            rep.lessons_removed,
            vec![LessonRef {
                host: Some("y".into()),
                lesson: "a".into(),
                lang: "en".into()
            }]
        );
        assert_eq!(
            rep.lessons_added,
            vec![LessonRef {
                host: Some("z".into()),
                lesson: "b".into(),
                lang: "en".into()
            }]
        );
    }
}
