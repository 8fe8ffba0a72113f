//! The compare page: every claim against every host, for a build beside the
//! recorded Windows hosts, a workshop of 30 learners' machines or a Windows
//! refresh matrix. An instructor asks first whose machine disagrees with the
//! book and why, so hosts with the same verdict on every claim form one group,
//! groups that disagree come first (and their columns leftmost), and so do the
//! claims on which hosts differ. The verdicts are those the render pipeline
//! hands over in the records' claims; nothing here judges.

use std::cmp::Reverse;
use std::collections::HashMap;

use serde::Serialize;

use super::i18n::{self, Ui};
use super::view::Reason;
use crate::messages::Lang;
use crate::record::{ClaimResult, HostRecords, Provenance, RunRecord, Verdict};

/// The compare page of one language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Compare {
    /// Host columns, group by group.
    pub(crate) hosts: Vec<HostColumn>,
    /// Claims, those on which a host disagrees with the book first, then
    /// those on which hosts differ, each part in book order.
    pub(crate) rows: Vec<Row>,
    pub(crate) groups: Vec<Group>,
    /// What the class view says first: how many hosts disagree, on how many claims hosts differ.
    pub(crate) headline: Vec<String>,
    /// Rows on which hosts do not all agree (the filter's count).
    pub(crate) differ: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HostColumn {
    pub(crate) label: String,
    /// OS, build, runtimes and engine, and when the evidence was captured, for the header's title.
    pub(crate) details: String,
    pub(crate) recorded: bool,
    pub(crate) captured_at: String,
    /// Letter of the host's group.
    pub(crate) group: String,
    /// The first column of its group.
    pub(crate) group_start: bool,
    /// The host's first lesson page, which carries its host card.
    pub(crate) href: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Agreement {
    /// Some host refuted the claim, or judging it failed there (error, timeout).
    Disagree,
    /// Hosts have different verdicts, none of them a failure.
    Split,
    /// Every host that has the claim has the same verdict.
    Same,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    /// `lesson/claim`.
    pub(crate) key: String,
    pub(crate) says: String,
    pub(crate) agreement: Agreement,
    /// (verdict, "28 PROVEN") per verdict the hosts have, in verdict order.
    pub(crate) tally: Vec<(String, String)>,
    /// One per host column: (verdict, link to that host's evidence), or None when the host has no such claim.
    pub(crate) cells: Vec<Option<(String, String)>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Group {
    pub(crate) letter: String,
    /// "3 hosts", in the page's language.
    pub(crate) size: String,
    pub(crate) hosts: Vec<GroupHost>,
    /// 0: disagrees with the book; 1: could not check a claim another host proved; 2: agrees.
    pub(crate) rank: u8,
    /// Claims this group refuted (or could not judge: error, timeout), each with the reason on its first host.
    pub(crate) disagree: Vec<Why>,
    /// Claims not run here that another host proved, gathered by reason.
    pub(crate) unchecked: Vec<Unchecked>,
    /// How many claims `unchecked` names ("17 claims").
    pub(crate) unchecked_count: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GroupHost {
    pub(crate) label: String,
    pub(crate) details: String,
    pub(crate) href: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Why {
    pub(crate) key: String,
    pub(crate) says: String,
    pub(crate) verdict: String,
    pub(crate) reason: Reason,
    /// The host the reason was taken from (the group's first).
    pub(crate) host: String,
    pub(crate) href: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Unchecked {
    pub(crate) reason: Reason,
    pub(crate) host: String,
    pub(crate) claims: Vec<String>,
}

/// One claim's verdict on every host, hosts in the order given.
struct Line<'a> {
    lesson: &'a str,
    claim: &'a str,
    says: &'a str,
    cells: Vec<Option<(&'a ClaimResult, String)>>,
}

impl Line<'_> {
    fn key(&self) -> String {
        format!("{}/{}", self.lesson, self.claim)
    }
    fn verdict(&self, host: usize) -> Option<Verdict> {
        self.cells[host].as_ref().map(|(c, _)| c.verdict)
    }
    fn agreement(&self) -> Agreement {
        let mut verdicts = self.cells.iter().flatten().map(|(c, _)| c.verdict);
        let Some(first) = verdicts.next() else {
            return Agreement::Same;
        };
        let (mut failed, mut split) = (first.is_failure(), false);
        for v in verdicts {
            failed |= v.is_failure();
            split |= v != first;
        }
        match (failed, split) {
            (true, _) => Agreement::Disagree,
            (false, true) => Agreement::Split,
            (false, false) => Agreement::Same,
        }
    }
}

/// The compare page of `hosts` in `lang`.
pub(super) fn compare(hosts: &[HostRecords], lang: &str) -> Compare {
    let t = i18n::strings(Lang::of(lang));
    let lines = lines(hosts, lang);
    let groups = groups(hosts.len(), &lines);
    let order: Vec<usize> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let columns = columns(hosts, &groups, lang, t);
    let mut rows: Vec<(Agreement, usize)> = lines.iter().enumerate().map(|(i, l)| (l.agreement(), i)).collect();
    rows.sort();
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(agreement, i)| row(&lines[i], agreement, &order, t, lang))
        .collect();
    let group_views: Vec<Group> = groups
        .iter()
        .enumerate()
        .map(|(gi, members)| group_view(gi, members, &lines, &columns, lang))
        .collect();
    let differ = rows.iter().filter(|r| r.agreement != Agreement::Same).count();
    let disagreeing: usize = group_views.iter().filter(|g| g.rank == 0).map(|g| g.hosts.len()).sum();
    Compare {
        headline: vec![
            i18n::hosts_disagree(Lang::of(lang), disagreeing, hosts.len()),
            i18n::claims_differ(Lang::of(lang), differ, rows.len()),
        ],
        hosts: order.iter().map(|&h| columns[h].clone()).collect(),
        rows,
        groups: group_views,
        differ,
    }
}

/// A host's records of `lang` (all of them when it has none), in book order.
fn records_in<'a>(h: &'a HostRecords, lang: &str) -> Vec<&'a RunRecord> {
    let mut recs: Vec<&RunRecord> = h.records.iter().filter(|r| r.lang == lang).collect();
    if recs.is_empty() {
        recs = h.records.iter().collect();
    }
    recs.sort_by(|a, b| a.doc.book_order().cmp(&b.doc.book_order()));
    recs
}

/// Where host `hi`'s evidence of record `r` is: this host's own pages, or the other hosts' pages.
fn page_of(hi: usize, h: &HostRecords, r: &RunRecord) -> String {
    if hi == 0 {
        format!("{}/{}.html", r.lang, r.lesson)
    } else {
        format!("hosts/{}/{}.{}.html", h.label, r.lesson, r.lang)
    }
}

/// Claim × host. Claims are taken in the order of the first host that has
/// them; a claim's text and verdict come from the page language's record when the host has one.
fn lines<'a>(hosts: &'a [HostRecords], lang: &str) -> Vec<Line<'a>> {
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut at: HashMap<(&'a str, &'a str), usize> = HashMap::new();
    for (hi, h) in hosts.iter().enumerate() {
        for r in records_in(h, lang) {
            for c in &r.claims {
                let i = *at.entry((r.lesson.as_str(), c.id.as_str())).or_insert_with(|| {
                    lines.push(Line {
                        lesson: &r.lesson,
                        claim: &c.id,
                        says: &c.says,
                        cells: vec![None; hosts.len()],
                    });
                    lines.len() - 1
                });
                let cell = &mut lines[i].cells[hi];
                if cell.is_none() || r.lang == lang {
                    *cell = Some((c, format!("{}#claim-{}", page_of(hi, h, r), c.id)));
                }
            }
        }
    }
    lines
}

/// What a host's verdict on a line says about it: 0 disagrees with the
/// book, 1 could not check what another host proved, 2 neither.
fn standing(line: &Line, host: usize) -> u8 {
    match line.verdict(host) {
        Some(v) if v.is_failure() => 0,
        Some(Verdict::NotRun) if line.cells.iter().flatten().any(|(c, _)| c.verdict == Verdict::Proven) => 1,
        _ => 2,
    }
}

/// Hosts with the same verdict on every line, as groups of host indices:
/// those that disagree with the book first, then those that could not check
/// what another host proved; the larger group first, then the first given.
fn groups(hosts: usize, lines: &[Line]) -> Vec<Vec<usize>> {
    let mut by_vector: HashMap<Vec<Option<Verdict>>, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for h in 0..hosts {
        let vector: Vec<Option<Verdict>> = lines.iter().map(|l| l.verdict(h)).collect();
        let g = *by_vector.entry(vector).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(h);
    }
    let rank = |g: &Vec<usize>| lines.iter().map(|l| standing(l, g[0])).min().unwrap_or(2);
    groups.sort_by_key(|g| (rank(g), Reverse(g.len()), g[0]));
    groups
}

/// Group letters: A … Z, then AA, AB …
fn letter(i: usize) -> String {
    let abc = |n: usize| char::from(b'A' + (n % 26) as u8);
    if i < 26 {
        abc(i).to_string()
    } else {
        format!("{}{}", abc(i / 26 - 1), abc(i))
    }
}

/// Every host's column, in the order hosts were given.
fn columns(hosts: &[HostRecords], groups: &[Vec<usize>], lang: &str, t: &Ui) -> Vec<HostColumn> {
    let mut group_of = vec![(String::new(), false); hosts.len()];
    for (gi, g) in groups.iter().enumerate() {
        for (k, &h) in g.iter().enumerate() {
            group_of[h] = (letter(gi), k == 0);
        }
    }
    hosts
        .iter()
        .enumerate()
        .map(|(hi, h)| {
            let captured_at = h
                .records
                .iter()
                .map(|r| r.host.captured_at.clone())
                .min()
                .unwrap_or_default();
            let first = records_in(h, lang).first().copied();
            let mut details = first.map(|r| describe(r, t, Lang::of(lang))).unwrap_or_default();
            if !captured_at.is_empty() {
                details.push_str(&format!(" · {}: {captured_at}", t.captured));
            }
            let (group, group_start) = group_of[hi].clone();
            HostColumn {
                // The live engine's folder is `local`: on a page it is this computer.
                label: if h.label == "local" {
                    t.this_computer.to_string()
                } else {
                    h.label.clone()
                },
                details,
                recorded: first.is_some_and(|r| matches!(r.provenance, Provenance::Recorded { .. })),
                captured_at,
                group,
                group_start,
                href: first.map(|r| page_of(hi, h, r)).unwrap_or_default(),
            }
        })
        .collect()
}

/// `OS build · runtimes · engine version`, as a column header's title says it.
fn describe(r: &RunRecord, t: &Ui, lang: Lang) -> String {
    let runtimes: Vec<String> = r.host.isolation.iter().filter_map(|b| b.runtime.clone()).collect();
    let mut d = format!("{} {} · {}", r.host.os_name, r.host.os_build, runtimes.join("+"));
    if !r.host.engine_version.is_empty() {
        let engine = &r.host.engine_version;
        // A recorded host names its engine without a version ("Docker").
        let engine = if engine.contains(|c: char| c.is_ascii_digit()) {
            engine.clone()
        } else {
            crate::messages::say(lang, crate::messages::Id::engine_unversioned, &[("engine", engine)])
        };
        d.push_str(&format!(" · {} {engine}", t.k_engine));
    }
    d
}

fn row(line: &Line, agreement: Agreement, order: &[usize], t: &Ui, lang: &str) -> Row {
    let mut counts: std::collections::BTreeMap<Verdict, usize> = Default::default();
    for (c, _) in line.cells.iter().flatten() {
        *counts.entry(c.verdict).or_default() += 1;
    }
    Row {
        key: line.key(),
        says: line.says.to_string(),
        agreement,
        tally: counts
            .into_iter()
            .map(|(v, n)| (v.as_str().to_string(), i18n::tally(Lang::of(lang), t.label(v), n)))
            .collect(),
        cells: order
            .iter()
            .map(|&h| {
                line.cells[h]
                    .as_ref()
                    .map(|(c, href)| (c.verdict.as_str().to_string(), href.clone()))
            })
            .collect(),
    }
}

/// A group as the class view shows it: its hosts, and why it differs, in the
/// words of its first host's records.
fn group_view(gi: usize, members: &[usize], lines: &[Line], columns: &[HostColumn], lang: &str) -> Group {
    let first = members[0];
    let name = &columns[first].label;
    let mut disagree = Vec::new();
    let mut unchecked: Vec<Unchecked> = Vec::new();
    for line in lines {
        let Some((c, href)) = &line.cells[first] else {
            continue;
        };
        match standing(line, first) {
            0 => disagree.push(Why {
                key: line.key(),
                says: line.says.to_string(),
                verdict: c.verdict.as_str().to_string(),
                reason: Reason::of(&c.reason, Lang::of(lang)),
                host: name.clone(),
                href: href.clone(),
            }),
            1 => {
                let reason = Reason::of(&c.reason, Lang::of(lang));
                match unchecked.iter_mut().find(|u| u.reason.html == reason.html) {
                    Some(u) => u.claims.push(line.key()),
                    None => unchecked.push(Unchecked {
                        reason,
                        host: name.clone(),
                        claims: vec![line.key()],
                    }),
                }
            }
            _ => {}
        }
    }
    let rank = if !disagree.is_empty() {
        0
    } else if !unchecked.is_empty() {
        1
    } else {
        2
    };
    Group {
        letter: letter(gi),
        size: i18n::host_count(Lang::of(lang), members.len()),
        hosts: members
            .iter()
            .map(|&h| GroupHost {
                label: columns[h].label.clone(),
                details: columns[h].details.clone(),
                href: columns[h].href.clone(),
            })
            .collect(),
        rank,
        disagree,
        unchecked_count: i18n::claim_count(Lang::of(lang), unchecked.iter().map(|u| u.claims.len()).sum()),
        unchecked,
    }
}

#[cfg(test)]
mod tests;
