//! What templates see: records flattened into display-ready values.
//! Captured text stays plain text here; the templates' auto-escaping makes it safe.

use serde::Serialize;

use super::HostRecords;
use crate::lesson::Block;
use crate::record::{ClaimResult, Evidence, Provenance, RunRecord, StepRecord};

#[derive(Debug, Clone, Serialize)]
pub struct HostView {
    pub label: String,
    pub os: String,
    pub os_name: String,
    pub os_version: String,
    pub os_build: String,
    pub kernel: String,
    pub hostname: String,
    pub engine: String,
    pub runtimes: String,
    pub isolation: Vec<(String, String)>,
    pub captured_at: String,
    pub recorded: Option<String>,
    pub run_id: String,
}

impl HostView {
    pub fn of(r: &RunRecord, label: &str) -> HostView {
        let h = &r.host;
        HostView {
            label: label.to_string(),
            os: h.os.clone(),
            os_name: h.os_name.clone(),
            os_version: h.os_version.clone(),
            os_build: h.os_build.clone(),
            kernel: h.kernel.clone(),
            hostname: h.hostname.clone(),
            engine: format!("{} (API {}) at {}", h.engine_version, h.engine_api_version, h.engine_endpoint),
            runtimes: if h.runtimes.is_empty() { "—".into() } else { format!("{} (default {})", h.runtimes.join(", "), h.default_runtime) },
            isolation: h
                .isolation
                .iter()
                .map(|b| {
                    let how = match (&b.runtime, &b.worker, &b.missing) {
                        (Some(r), Some(w), _) => format!("{r} (host worker: {w})"),
                        (Some(r), None, _) => r.clone(),
                        (None, _, Some(m)) => m.clone(),
                        _ => "—".into(),
                    };
                    (b.isolation.as_str().to_string(), how)
                })
                .collect(),
            captured_at: h.captured_at.clone(),
            recorded: match &r.provenance {
                Provenance::Live => None,
                Provenance::Recorded { note } => Some(note.clone()),
            },
            run_id: r.run_id.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonView {
    pub lesson: String,
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub order: u32,
    pub sections: Vec<Section>,
    pub claims: Vec<ClaimView>,
    /// The same lesson in the other language, if the book has it.
    pub translation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Section {
    Prose { html: String },
    Step(StepView),
    Claim(ClaimView),
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub id: String,
    pub action: String,
    pub cli: String,
    pub host_cli: Option<String>,
    pub status: String,
    pub status_reason: Option<String>,
    pub duration_ms: u64,
    pub table: Option<Table>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub key: String,
    pub id: String,
    pub says: String,
    pub verdict: String,
    pub reason: String,
    pub evidence: Vec<String>,
}

impl ClaimView {
    fn of(lesson: &str, c: &ClaimResult) -> ClaimView {
        ClaimView {
            key: format!("{lesson}/{}", c.id),
            id: c.id.clone(),
            says: c.says.clone(),
            verdict: c.verdict.as_str().to_string(),
            reason: c.reason.clone(),
            evidence: c.evidence.clone(),
        }
    }
}

impl LessonView {
    pub fn of(r: &RunRecord, all: &[&RunRecord]) -> LessonView {
        let claims: Vec<ClaimView> = r.claims.iter().map(|c| ClaimView::of(&r.lesson, c)).collect();
        let sections = r
            .doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Prose { markdown } => Some(Section::Prose { html: super::markdown(markdown) }),
                Block::Step(s) => r.step(&s.id).map(|rec| Section::Step(step_view(rec))),
                Block::Claim(c) => claims.iter().find(|v| v.id == c.id).cloned().map(Section::Claim),
            })
            .collect();
        LessonView {
            lesson: r.lesson.clone(),
            lang: r.lang.clone(),
            title: r.title.clone(),
            summary: r.doc.meta.summary.clone(),
            order: r.doc.meta.order,
            sections,
            claims,
            translation: all.iter().find(|o| o.lesson == r.lesson && o.lang != r.lang).map(|o| o.lang.clone()),
        }
    }
}

fn step_view(s: &StepRecord) -> StepView {
    let (table, text) = match &s.evidence {
        None => (None, None),
        Some(e) => evidence_view(e),
    };
    let status_reason = match &s.outcome {
        crate::record::StepOutcome::Ok => None,
        crate::record::StepOutcome::NotRun { reason } => Some(reason.clone()),
        crate::record::StepOutcome::Timeout { after_ms } => Some(format!("{:.1} s", *after_ms as f64 / 1000.0)),
        crate::record::StepOutcome::Error { message } => Some(message.clone()),
    };
    StepView {
        id: s.id.clone(),
        action: s.action.clone(),
        cli: s.cli.clone(),
        host_cli: s.host_cli.clone(),
        status: s.outcome.label().to_string(),
        status_reason,
        duration_ms: s.duration_ms,
        table,
        text,
    }
}

fn kv(rows: Vec<(&str, String)>) -> Option<Table> {
    Some(Table {
        head: vec![],
        rows: rows.into_iter().map(|(k, v)| vec![k.to_string(), v]).collect(),
    })
}

fn evidence_view(e: &Evidence) -> (Option<Table>, Option<String>) {
    match e {
        Evidence::Container { id, name, image, image_source, isolation, runtime, state } => (
            kv(vec![
                ("container", format!("{name} ({})", &id[..id.len().min(12)])),
                ("image", format!("{image} — {image_source}")),
                ("isolation", format!("{} → {runtime}", isolation.as_str())),
                ("state", state.clone()),
            ]),
            None,
        ),
        Evidence::Top { titles, rows, .. } => (Some(Table { head: titles.clone(), rows: rows.clone() }), None),
        Evidence::HostProcesses { filter, processes } => (
            Some(Table {
                head: vec!["PID".into(), "Name".into(), "User".into(), "Command line".into()],
                rows: processes.iter().map(|p| vec![p.pid.to_string(), p.name.clone(), p.user.clone(), p.cmd.clone()]).collect(),
            }),
            Some(format!("filter: {filter}")),
        ),
        Evidence::Exec { stdout, stderr, exit_code } => {
            let mut t = stdout.clone();
            if !stderr.is_empty() {
                t.push_str(&format!("\n[stderr]\n{stderr}"));
            }
            if let Some(c) = exit_code {
                t.push_str(&format!("\n[exit code {c}]"));
            }
            (None, Some(t))
        }
        Evidence::HostInfo(h) => (
            kv(vec![
                ("os", format!("{} {}", h.os_name, h.os_version)),
                ("build", h.os_build.clone()),
                ("kernel", h.kernel.clone()),
                ("hostname", h.hostname.clone()),
                ("engine", format!("{} (API {})", h.engine_version, h.engine_api_version)),
                ("runtimes", h.runtimes.join(", ")),
            ]),
            None,
        ),
        Evidence::HostFile { path, exists } => (kv(vec![("path", path.clone()), ("exists", exists.to_string())]), None),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub hosts: Vec<MatrixHost>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixHost {
    pub label: String,
    pub description: String,
    pub recorded: bool,
    /// When the host's evidence was captured (the earliest record's capture time).
    pub captured_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub lesson: String,
    pub claim: String,
    pub says: String,
    /// One per host: (verdict, link to that host's evidence), or None when the host has no such claim.
    pub cells: Vec<Option<(String, String)>>,
}

/// Claim × host. Claims are taken in the order of the first host that has
/// them; a claim's text comes from the page language when available.
pub fn matrix(hosts: &[HostRecords], lang: &str) -> Matrix {
    let mut rows: Vec<MatrixRow> = Vec::new();
    for (hi, h) in hosts.iter().enumerate() {
        let mut recs: Vec<&RunRecord> = h.records.iter().filter(|r| r.lang == lang).collect();
        if recs.is_empty() {
            recs = h.records.iter().collect();
        }
        recs.sort_by_key(|r| (r.doc.meta.order, r.lesson.clone()));
        for r in recs {
            for c in &r.claims {
                let link = if hi == 0 {
                    format!("{}/{}.html#claim-{}", r.lang, r.lesson, c.id)
                } else {
                    format!("hosts/{}/{}.{}.html#claim-{}", h.label, r.lesson, r.lang, c.id)
                };
                let row = match rows.iter_mut().position(|x| x.lesson == r.lesson && x.claim == c.id) {
                    Some(i) => &mut rows[i],
                    None => {
                        rows.push(MatrixRow { lesson: r.lesson.clone(), claim: c.id.clone(), says: c.says.clone(), cells: vec![None; hosts.len()] });
                        rows.last_mut().expect("just pushed")
                    }
                };
                if row.cells[hi].is_none() || r.lang == lang {
                    row.cells[hi] = Some((c.verdict.as_str().to_string(), link));
                }
            }
        }
    }
    let hosts = hosts
        .iter()
        .map(|h| {
            let first = h.records.first();
            MatrixHost {
                label: h.label.clone(),
                description: first
                    .map(|r| format!("{} {} · {} · engine {}", r.host.os_name, r.host.os_build, r.host.isolation.iter().filter_map(|b| b.runtime.clone()).collect::<Vec<_>>().join("+"), r.host.engine_version))
                    .unwrap_or_default(),
                recorded: first.is_some_and(|r| matches!(r.provenance, Provenance::Recorded { .. })),
                captured_at: h.records.iter().map(|r| r.host.captured_at.clone()).min().unwrap_or_default(),
            }
        })
        .collect();
    Matrix { hosts, rows }
}
