//! Whether a record's evidence still fits its lesson and host.
//!
//! A record stores a fingerprint of what its evidence depends on: the
//! lesson's steps and claim checks (never its prose, line numbers or claim
//! sentences) and the host and engine it ran on. `build --changed` re-runs a
//! lesson only when one of them moved; `render --lessons` fits kept evidence
//! to the lesson as it is now and marks what no longer matches.

use std::hash::Hasher;

use serde::Serialize;

use crate::claims::{self, EvidenceSet};
use crate::lesson::{Action, Check, Lesson, Step};
use crate::messages::{say, Id, Lang, Msg};
use crate::platform::Os;
use crate::record::{ClaimResult, HostInfo, IsolationBinding, Provenance, RunRecord, StepRecord};
// Records hold them (so they live with the record); here is how they are made and read.
pub(crate) use crate::record::{Fingerprint, Staleness};

/// Tags the hash so a later change of algorithm reads as "changed", never as a false match.
const ALGO: &str = "fnv1a64";

impl Fingerprint {
    /// The fingerprint of evidence taken for `lesson` on `host`.
    pub(crate) fn of(lesson: &Lesson, host: &HostInfo) -> Fingerprint {
        Fingerprint {
            lesson: lesson_hash(lesson),
            host: host_hash(host),
        }
    }
    /// Whether it was never computed (a record older than fingerprints).
    pub(crate) fn is_empty(&self) -> bool {
        self.lesson.is_empty() && self.host.is_empty()
    }
    /// The fingerprint a record's evidence was taken for. Records written
    /// before fingerprints existed carry the lesson and host they ran on, so
    /// theirs is computed from those.
    pub(crate) fn of_record(r: &RunRecord) -> Fingerprint {
        Fingerprint {
            lesson: non_empty(&r.fingerprint.lesson).unwrap_or_else(|| lesson_hash(&r.doc)),
            host: non_empty(&r.fingerprint.host).unwrap_or_else(|| host_hash(&r.host)),
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A step as its evidence depends on it: without the line it sits on.
#[derive(Serialize)]
struct StepKey<'a> {
    id: &'a str,
    timeout: Option<f64>,
    action: &'a Action,
}

/// A claim as its verdict depends on it: its check, not the sentence it says.
#[derive(Serialize)]
struct ClaimKey<'a> {
    id: &'a str,
    check: &'a Check,
}

fn step_key(s: &Step) -> StepKey<'_> {
    StepKey {
        id: &s.id,
        timeout: s.timeout,
        action: &s.action,
    }
}

pub(crate) fn lesson_hash(lesson: &Lesson) -> String {
    let steps: Vec<StepKey> = lesson.steps().map(step_key).collect();
    let claims: Vec<ClaimKey> = lesson
        .claims()
        .map(|c| ClaimKey {
            id: &c.id,
            check: &c.check,
        })
        .collect();
    hash(&(steps, claims))
}

/// The host facts evidence depends on. Left out: the capture time, and the
/// network interface list, which other workloads on the host change all day.
#[derive(Serialize)]
struct HostKey<'a> {
    os: Os,
    os_name: &'a str,
    os_version: &'a str,
    os_build: &'a str,
    kernel: &'a str,
    hostname: &'a str,
    engine_endpoint: &'a str,
    engine_version: &'a str,
    engine_api_version: &'a str,
    engine_os: &'a str,
    runtimes: Vec<&'a str>,
    default_runtime: &'a str,
    isolation: &'a [IsolationBinding],
}

pub(crate) fn host_hash(h: &HostInfo) -> String {
    let mut runtimes: Vec<&str> = h.runtimes.iter().map(String::as_str).collect();
    runtimes.sort();
    hash(&HostKey {
        os: h.os,
        os_name: &h.os_name,
        os_version: &h.os_version,
        os_build: &h.os_build,
        kernel: &h.kernel,
        hostname: &h.hostname,
        engine_endpoint: &h.engine_endpoint,
        engine_version: &h.engine_version,
        engine_api_version: &h.engine_api_version,
        engine_os: &h.engine_os,
        runtimes,
        default_runtime: &h.default_runtime,
        isolation: &h.isolation,
    })
}

fn hash<T: Serialize>(value: &T) -> String {
    // serde_json of plain structs and Vecs is deterministic: field order is declaration order.
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    let mut h = fnv::FnvHasher::default();
    h.write(&bytes);
    format!("{ALGO}:{:016x}", h.finish())
}

impl Staleness {
    /// What differs, for the evidence, between the lesson a record was taken for and the lesson now.
    pub(crate) fn between(old: &Lesson, new: &Lesson) -> Staleness {
        let (steps_changed, steps_added, steps_removed) = changes(
            old.steps().map(|s| (s.id.as_str(), hash(&step_key(s)))),
            new.steps().map(|s| (s.id.as_str(), hash(&step_key(s)))),
        );
        let claim = |c: &crate::lesson::Claim| hash(&c.check);
        let (claims_changed, claims_added, claims_removed) = changes(
            old.claims().map(|c| (c.id.as_str(), claim(c))),
            new.claims().map(|c| (c.id.as_str(), claim(c))),
        );
        let mut s = Staleness {
            steps_changed,
            steps_added,
            steps_removed,
            claims_changed,
            claims_added,
            claims_removed,
            reordered: false,
            run_id: String::new(),
        };
        s.reordered = s.lists().iter().all(|(_, l)| l.is_empty()) && lesson_hash(old) != lesson_hash(new);
        s
    }

    fn lists(&self) -> [(&'static str, &Vec<String>); 6] {
        [
            ("steps_changed", &self.steps_changed),
            ("steps_added", &self.steps_added),
            ("steps_removed", &self.steps_removed),
            ("claims_changed", &self.claims_changed),
            ("claims_added", &self.claims_added),
            ("claims_removed", &self.claims_removed),
        ]
    }

    /// Whether nothing differs: the record's evidence still fits the lesson.
    pub(crate) fn is_empty(&self) -> bool {
        !self.reordered && self.lists().iter().all(|(_, l)| l.is_empty())
    }

    /// What changed, one sentence in `lang`: "steps changed: `a`; claims added: `b`".
    pub(crate) fn describe(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = self
            .lists()
            .iter()
            .filter(|(_, l)| !l.is_empty())
            .map(|(k, l)| {
                let ids: Vec<String> = l.iter().map(|i| format!("`{i}`")).collect();
                say(lang, label(k), &[("ids", &ids.join(", "))])
            })
            .collect();
        if self.reordered {
            parts.push(say(lang, Id::stale_reordered, &[]));
        }
        parts.join(lang.catalogue().sep_facts)
    }
}

impl Staleness {
    /// The page's notice, in `lang`: what changed and how to refresh. Ids stay in backticks.
    pub(crate) fn notice(&self, lang: Lang) -> String {
        let changes = self.describe(lang);
        say(lang, Id::stale_notice, &[("run", &self.run_id), ("changes", &changes)])
    }
}

fn label(key: &str) -> Id {
    match key {
        "steps_changed" => Id::stale_steps_changed,
        "steps_added" => Id::stale_steps_added,
        "steps_removed" => Id::stale_steps_removed,
        "claims_changed" => Id::stale_claims_changed,
        "claims_added" => Id::stale_claims_added,
        _ => Id::stale_claims_removed,
    }
}

/// (changed, added, removed) ids between two keyed lists.
fn changes<'a>(
    old: impl Iterator<Item = (&'a str, String)>,
    new: impl Iterator<Item = (&'a str, String)>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let old: Vec<(&str, String)> = old.collect();
    let new: Vec<(&str, String)> = new.collect();
    let find = |list: &[(&str, String)], id: &str| list.iter().find(|(i, _)| *i == id).map(|(_, h)| h.clone());
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for (id, h) in &new {
        match find(&old, id) {
            Some(o) if &o == h => {}
            Some(_) => changed.push(id.to_string()),
            None => added.push(id.to_string()),
        }
    }
    let removed = old
        .iter()
        .filter(|(id, _)| find(&new, id).is_none())
        .map(|(id, _)| id.to_string())
        .collect();
    (changed, added, removed)
}

/// Fits a record to the lesson as it is now: its prose, title and claim
/// sentences come from `lesson`; evidence is kept only for steps whose
/// definition, and every step they read, is unchanged; a claim with the same
/// check and kept evidence keeps its verdict; any other is judged again from
/// the kept evidence (live records), or not run. Returns what changed, empty
/// when the record was taken for exactly these steps and claims.
pub(crate) fn refit(record: &mut RunRecord, lesson: &Lesson) -> Staleness {
    let mut stale = if Fingerprint::of_record(record).lesson == lesson_hash(lesson) {
        Staleness::default()
    } else {
        Staleness::between(&record.doc, lesson)
    };
    stale.run_id = record.run_id.clone();
    let os = record.host.os;
    let mut steps: Vec<StepRecord> = Vec::new();
    // Steps whose evidence is not kept: a step reading one of them is not kept either.
    let mut dropped: Vec<&str> = Vec::new();
    for step in lesson.steps() {
        let kept = record
            .step(&step.id)
            .filter(|old| hash(&step_key(&old.request)) == hash(&step_key(step)))
            .filter(|_| step.action.reads().iter().all(|dep| !dropped.contains(dep)));
        steps.push(match kept {
            Some(old) => StepRecord {
                request: step.clone(),
                ..old.clone()
            },
            None => {
                dropped.push(&step.id);
                stale_step(step, &record.run_id)
            }
        });
    }
    let ev = EvidenceSet::on_host(os, &steps, &record.host.isolation);
    let live = matches!(record.provenance, Provenance::Live);
    let claims = lesson
        .claims()
        .map(|c| {
            let reads_kept = c.check.steps().iter().all(|s| !dropped.contains(s));
            let same_check = record.doc.claims().any(|o| o.id == c.id && o.check == c.check);
            match record.claims.iter().find(|o| o.id == c.id) {
                // Same check, same evidence: the verdict stands (a recorded host's may come from more than the check).
                Some(old) if same_check && reads_kept => ClaimResult {
                    says: c.says.clone(),
                    ..old.clone()
                },
                // A live record is judged exactly as the run judged it; a stale step makes it not run.
                _ if live || !reads_kept => claims::judge(c, &ev),
                _ => stale_claim(c, &record.run_id),
            }
        })
        .collect();
    record.claims = claims;
    record.steps = steps;
    record.doc = lesson.clone();
    record.title = lesson.meta.title.clone();
    record.source = lesson.path.clone();
    stale
}

fn stale_claim(c: &crate::lesson::Claim, run_id: &str) -> ClaimResult {
    let reason = Msg::StaleClaim { run: run_id.into() }.into();
    ClaimResult {
        id: c.id.clone(),
        says: c.says.clone(),
        check: c.check.kind().to_string(),
        verdict: crate::record::Verdict::NotRun,
        reason,
        evidence: c.check.steps().iter().map(|s| s.to_string()).collect(),
    }
}

fn stale_step(step: &Step, run_id: &str) -> StepRecord {
    StepRecord::not_run(step, Msg::StaleStep { run: run_id.into() }.into())
}

#[cfg(test)]
mod tests;
