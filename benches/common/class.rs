//! A class of learners' hosts made from real records (a build's, or the
//! recorded Windows transcripts'), one folder per learner as an instructor
//! collects them. Some learners' evidence is changed the way real machines
//! differ, and their claims are judged again from it by proofbook's own judge,
//! so the class has groups that disagree with the book for a reason:
//!
//! - every 10th learner from the 4th: the engine runs in a VM (as Docker
//!   Desktop's does), so the host's process table has no `sleep`;
//! - every 7th learner from the 6th: the container has a network, so
//!   `ls /sys/class/net` lists `eth0` beside `lo`.
//!
//! Shared by `benches/class.rs` and the suite's browser test of the compare page.

use std::path::Path;

use proofbook::claims::{judge, EvidenceSet};
use proofbook::platform::Isolation;
use proofbook::record::{Evidence, RunRecord};

/// The records of learner `i` (0-based): `base` on a host named after the learner, changed as above.
fn learner(base: &[RunRecord], i: usize) -> (String, Vec<RunRecord>) {
    let label = format!("learner-{:03}", i + 1);
    let mut records = base.to_vec();
    for r in &mut records {
        r.host.hostname = label.clone();
        let mut changed = false;
        if i % 10 == 3 {
            changed |= hide_workloads(r);
        }
        if i % 7 == 5 {
            changed |= give_a_network(r);
        }
        if changed {
            rejudge(r);
        }
    }
    (label, records)
}

/// Writes `n` learners' record folders under `dir`; returns their labels.
pub(crate) fn write_class(base: &[RunRecord], n: usize, dir: &Path) -> Vec<String> {
    (0..n)
        .map(|i| {
            let (label, records) = learner(base, i);
            let folder = dir.join(&label);
            std::fs::create_dir_all(&folder).expect("a learner's folder");
            for r in &records {
                proofbook::record::write_record(&folder, r).expect("a learner's record");
            }
            label
        })
        .collect()
}

/// The host's process tables without the workload (`sleep`).
fn hide_workloads(r: &mut RunRecord) -> bool {
    let mut changed = false;
    for s in &mut r.steps {
        if let Some(Evidence::HostProcesses { processes, .. }) = &mut s.evidence {
            let before = processes.len();
            processes.retain(|p| p.name != "sleep");
            changed |= processes.len() != before;
        }
    }
    changed
}

/// The container's interfaces with a network's `eth0`.
fn give_a_network(r: &mut RunRecord) -> bool {
    let mut changed = false;
    for s in r.steps.iter_mut().filter(|s| s.id == "net-inside") {
        if let Some(Evidence::Exec { stdout, .. }) = &mut s.evidence {
            *stdout = "eth0\nlo\n".to_string();
            changed = true;
        }
    }
    changed
}

/// Every claim but the exercises' judged again from the record's evidence.
fn rejudge(r: &mut RunRecord) {
    let os = r.host.os;
    let worker = r
        .host
        .isolation
        .iter()
        .find(|b| b.isolation == Isolation::Hyperv)
        .and_then(|b| b.worker.clone());
    let exercises: Vec<String> = r.doc.exercise_claims().iter().map(|c| c.id.clone()).collect();
    let ev = EvidenceSet {
        os,
        steps: &r.steps,
        worker: worker.as_deref(),
    };
    let judged: Vec<_> = r
        .doc
        .claims()
        .filter(|c| !exercises.contains(&c.id))
        .map(|c| judge(c, &ev))
        .collect();
    for j in judged {
        if let Some(c) = r.claims.iter_mut().find(|c| c.id == j.id) {
            *c = j;
        }
    }
}
