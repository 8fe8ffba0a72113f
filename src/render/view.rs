//! What templates see: records flattened into display-ready values.
//! Captured text stays plain text here; the templates' auto-escaping makes it safe.

use serde::Serialize;

use super::i18n::Ui;
use crate::lesson::Block;
use crate::messages::{Lang, Msg, Text};
use crate::record::{ClaimResult, Evidence, Provenance, RunRecord, StepRecord};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HostView {
    pub(crate) label: String,
    pub(crate) os: String,
    pub(crate) os_name: String,
    pub(crate) os_version: String,
    pub(crate) os_build: String,
    pub(crate) kernel: String,
    pub(crate) hostname: String,
    /// Where proofbook ran, when not on the engine's machine, and why not.
    pub(crate) proofbook_host: String,
    pub(crate) elsewhere: String,
    /// The language `elsewhere` comes out in (English in older records).
    pub(crate) elsewhere_lang: String,
    pub(crate) engine: String,
    pub(crate) runtimes: String,
    pub(crate) isolation: Vec<(String, String)>,
    /// Windows: what `docker run` without `--isolation` gets; empty elsewhere.
    pub(crate) default_isolation: String,
    pub(crate) captured_at: String,
    pub(crate) recorded: Option<String>,
    pub(crate) run_id: String,
}

impl HostView {
    /// The host of a record, described in `lang`.
    pub(crate) fn of(r: &RunRecord, label: &str, lang: Lang) -> HostView {
        let t = super::i18n::strings(lang);
        let h = &r.host;
        HostView {
            label: label.to_string(),
            os: h.os.as_str().to_string(),
            os_name: h.os_name.clone(),
            os_version: h.os_version.clone(),
            os_build: h.os_build.clone(),
            kernel: h.kernel.clone(),
            hostname: h.hostname.clone(),
            proofbook_host: h.proofbook_host.clone(),
            elsewhere: h.elsewhere.bare(lang),
            elsewhere_lang: h.elsewhere.lang(lang).to_string(),
            engine: engine_text(h, lang),
            runtimes: if h.runtimes.is_empty() {
                "—".into()
            } else {
                format!("{} ({} {})", h.runtimes.join(", "), t.default, h.default_runtime)
            },
            isolation: h
                .isolation
                .iter()
                .map(|b| {
                    let how = match (&b.runtime, &b.worker, &b.missing) {
                        (Some(r), Some(w), _) => format!("{r} ({}: {w})", t.host_worker),
                        (Some(r), None, _) => r.clone(),
                        (None, _, Some(m)) => m.bare(lang),
                        _ => "—".into(),
                    };
                    (b.isolation.as_str().to_string(), how)
                })
                .collect(),
            default_isolation: h.default_isolation.clone(),
            captured_at: h.captured_at.clone(),
            recorded: match &r.provenance {
                Provenance::Live => None,
                Provenance::Recorded { note } => Some(note.bare(lang)),
            },
            run_id: r.run_id.clone(),
        }
    }
}

/// `version (API x) at endpoint` in `lang`, leaving out what was not captured.
fn engine_text(h: &crate::record::HostInfo, lang: Lang) -> String {
    let mut s = h.engine_version.clone();
    if !h.engine_api_version.is_empty() {
        s.push_str(&format!(" (API {})", h.engine_api_version));
    }
    if h.engine_endpoint.is_empty() {
        return s;
    }
    Text::from(Msg::EngineAt {
        engine: s,
        endpoint: h.engine_endpoint.clone(),
    })
    .bare(lang)
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct LessonView {
    pub(crate) lesson: String,
    pub(crate) lang: String,
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) order: u32,
    pub(crate) sections: Vec<Section>,
    pub(crate) claims: Vec<ClaimView>,
    /// The same lesson in the other language, if the book has it.
    pub(crate) translation: Option<String>,
    /// (verdict, how many claims have it), in verdict order, for the summary line.
    pub(crate) counts: Vec<(String, usize)>,
    /// HTML of the notice when the record was taken for other steps or claims than the lesson now has.
    pub(crate) stale: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Section {
    /// `anchor` is the prose's id on the page (`prose-<block>`), which search results link to.
    Prose {
        html: String,
        anchor: String,
    },
    Step(StepView),
    Claim(ClaimView),
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct StepView {
    pub(crate) id: String,
    pub(crate) action: String,
    pub(crate) cli: String,
    pub(crate) host_cli: Option<String>,
    pub(crate) status: String,
    /// Why the step did not run or failed, as HTML (code marked, values escaped).
    pub(crate) status_reason: Option<Reason>,
    /// How long the step took, for live evidence only (a transcript has no timings).
    pub(crate) duration: Option<String>,
    pub(crate) table: Option<Table>,
    /// A line about the table (e.g. what a host table was filtered by).
    pub(crate) caption: Option<String>,
    pub(crate) text: Option<String>,
    /// An exercise's task (HTML from the lesson's Markdown); its command is `cli`.
    pub(crate) task: Option<String>,
    /// Part of an exercise.
    pub(crate) exercise: bool,
    /// The evidence is the learner's own, captured by `proofbook verify`.
    pub(crate) yours: bool,
    /// One sentence per captured stream cut at the build's cap.
    pub(crate) cut: Vec<String>,
    /// The handout's short form (`render::fold`).
    pub(crate) fold: Option<Box<super::fold::Folded>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Table {
    pub(crate) head: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClaimView {
    pub(crate) key: String,
    pub(crate) id: String,
    pub(crate) says: String,
    pub(crate) verdict: String,
    pub(crate) reason: Reason,
    pub(crate) evidence: Vec<String>,
    /// What to try when an exercise claim is not proven (HTML from the lesson's Markdown).
    pub(crate) hint: Option<String>,
    pub(crate) exercise: bool,
    /// Judged on the learner's own evidence (`proofbook verify`).
    pub(crate) yours: bool,
    /// The record stored another verdict than its evidence gives: what it
    /// said, in the page's language (`crate::rejudge`).
    pub(crate) overruled: Option<Reason>,
}

/// A sentence of proofbook's on a page: escaped HTML with code in `<code>`,
/// and the language it is in (English for text from an older record or an
/// engine, whatever the page).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Reason {
    pub(crate) html: String,
    pub(crate) lang: String,
}

impl Reason {
    pub(super) fn of(t: &Text, lang: Lang) -> Reason {
        Reason {
            html: t.html(lang),
            lang: t.lang(lang).to_string(),
        }
    }
}

impl ClaimView {
    fn of(r: &RunRecord, c: &ClaimResult, exercise: &[&str], lang: Lang) -> ClaimView {
        ClaimView {
            key: format!("{}/{}", r.lesson, c.id),
            id: c.id.clone(),
            says: c.says.clone(),
            verdict: c.verdict.as_str().to_string(),
            reason: Reason::of(&c.reason, lang),
            evidence: c.evidence.clone(),
            hint: r
                .doc
                .claims()
                .find(|d| d.id == c.id)
                .and_then(|d| d.hint.as_deref())
                .map(super::markdown),
            exercise: exercise.contains(&c.id.as_str()),
            yours: r.verified.as_ref().is_some_and(|v| v.claims.contains(&c.id)),
            overruled: r.overruled_notice(&c.id).map(|t| Reason::of(&t, lang)),
        }
    }
}

impl LessonView {
    pub(crate) fn of(r: &RunRecord, all: &[&RunRecord]) -> LessonView {
        let exercise_claims: Vec<&str> = r.doc.exercise_claims().iter().map(|c| c.id.as_str()).collect();
        let claims: Vec<ClaimView> = r
            .claims
            .iter()
            .map(|c| ClaimView::of(r, c, &exercise_claims, Lang::of(&r.lang)))
            .collect();
        let live = matches!(r.provenance, Provenance::Live);
        let exercise_steps = r.doc.exercise_steps();
        // PIDs and process names read the same in every language: the English sentence serves.
        let reasons: Vec<String> = r.claims.iter().map(|c| c.reason.to_string()).collect();
        let keep = super::fold::names_in_reasons(&reasons.iter().map(String::as_str).collect::<Vec<_>>());
        let sections = r
            .doc
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b {
                Block::Prose { markdown } => Some(Section::Prose {
                    html: super::markdown(markdown),
                    anchor: format!("prose-{i}"),
                }),
                Block::Step(s) => r.step(&s.id).map(|rec| {
                    let mut v = step_view(rec, Lang::of(&r.lang), live);
                    v.exercise = exercise_steps.contains(s.id.as_str());
                    v.yours = r.verified.as_ref().is_some_and(|x| x.steps.contains(&s.id));
                    v.fold = Some(Box::new(super::fold::fold(&v, &keep)));
                    Section::Step(v)
                }),
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
            translation: all
                .iter()
                .find(|o| o.lesson == r.lesson && o.lang != r.lang)
                .map(|o| o.lang.clone()),
            counts: {
                let mut c: std::collections::BTreeMap<crate::record::Verdict, usize> = Default::default();
                for x in &r.claims {
                    *c.entry(x.verdict).or_default() += 1;
                }
                c.into_iter().map(|(v, n)| (v.as_str().to_string(), n)).collect()
            },
            stale: r
                .derived
                .stale
                .as_ref()
                .map(|s| code_spans(&s.notice(Lang::of(&r.lang)))),
        }
    }
}

/// Plain text → HTML, each `backticked` span as <code>.
fn code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = super::escape_html(part);
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part
            }
        })
        .collect()
}

fn step_view(s: &StepRecord, lang: Lang, live: bool) -> StepView {
    let (table, caption, text) = match &s.evidence {
        None => (None, None, None),
        Some(e) => evidence_view(e, lang),
    };
    let status_reason = s.outcome.detail().map(|d| Reason::of(&d, lang));
    StepView {
        id: s.id.clone(),
        action: s.action().to_string(),
        cli: s.cli.clone(),
        host_cli: s.host_cli.clone(),
        status: s.outcome.label().to_string(),
        status_reason,
        duration: live.then(|| format!("{} ms", s.duration_ms)),
        table,
        caption,
        text,
        task: match &s.request.action {
            crate::lesson::Action::Adopt(a) => Some(super::markdown(&a.task)),
            _ => None,
        },
        exercise: false,
        yours: false,
        cut: s.cut.iter().map(|c| super::i18n::cut_note(lang, c)).collect(),
        fold: None,
    }
}

fn kv(rows: Vec<(&str, String)>) -> Option<Table> {
    Some(Table {
        head: vec![],
        rows: rows.into_iter().map(|(k, v)| vec![k.to_string(), v]).collect(),
    })
}

fn dash(v: &str) -> String {
    if v.trim().is_empty() {
        "—".to_string()
    } else {
        v.to_string()
    }
}

/// Evidence as (table, caption, text), labelled in the page's language.
/// Captured values stay as captured: only proofbook's own words are translated.
fn evidence_view(e: &Evidence, lang: Lang) -> (Option<Table>, Option<String>, Option<String>) {
    let t = super::i18n::strings(lang);
    match e {
        Evidence::Top { titles, rows, .. } => (
            Some(Table {
                head: titles.clone(),
                rows: rows.clone(),
            }),
            None,
            None,
        ),
        Evidence::HostProcesses { filter, processes, .. } => (
            Some(process_table(processes, t)),
            Some(format!("{}: {}", t.filter, filter.bare(lang))),
            None,
        ),
        Evidence::Exec {
            stdout,
            stderr,
            exit_code,
        } => (None, None, Some(exec_text(stdout, stderr, *exit_code, t))),
        _ => (fields(e, t, lang).and_then(kv), None, None),
    }
}

/// A host's process table; columns a capture never filled (Get-Process has
/// no user or command line) are left out.
fn process_table(processes: &[crate::record::ProcInfo], t: &Ui) -> Table {
    let users = processes.iter().any(|p| !p.user.is_empty());
    let cmds = processes.iter().any(|p| !p.cmd.is_empty());
    let mut head = vec![t.pid.to_string(), t.name.to_string()];
    if users {
        head.push(t.user.to_string());
    }
    if cmds {
        head.push(t.cmdline.to_string());
    }
    let rows = processes
        .iter()
        .map(|p| {
            let mut row = vec![p.pid.to_string(), p.name.clone()];
            if users {
                row.push(p.user.clone());
            }
            if cmds {
                row.push(p.cmd.clone());
            }
            row
        })
        .collect();
    Table { head, rows }
}

/// What a command printed, then its standard error and exit code when there are any.
fn exec_text(stdout: &str, stderr: &str, exit_code: Option<i64>, t: &Ui) -> String {
    let mut text = stdout.to_string();
    if !stderr.is_empty() {
        text.push_str(&format!("\n[{}]\n{stderr}", t.stderr));
    }
    if let Some(c) = exit_code {
        text.push_str(&format!("\n[{} {c}]", t.exit_code));
    }
    text
}

/// The (label, value) rows of evidence shown as a key-value table; None for
/// the evidence shown as a table of its own or as text.
fn fields(e: &Evidence, t: &Ui, lang: Lang) -> Option<Vec<(&'static str, String)>> {
    let exists = |e: bool| (if e { t.exists } else { t.absent }).to_string();
    Some(match e {
        Evidence::Container {
            id,
            name,
            image,
            image_source,
            isolation,
            runtime,
            state,
        } => vec![
            (t.k_container, format!("{name} ({})", crate::record::short_id(id))),
            (t.k_image, format!("{image} — {}", image_source.bare(lang))),
            (t.k_isolation, format!("{} → {runtime}", isolation.as_str())),
            (t.k_state, super::i18n::state(lang, state)),
        ],
        Evidence::Adopted {
            id,
            name,
            image,
            runtime,
            state,
        } => vec![
            (t.k_container, format!("{name} ({})", crate::record::short_id(id))),
            (t.k_image, image.clone()),
            (t.k_runtime, dash(runtime)),
            (t.k_state, super::i18n::state(lang, state)),
        ],
        Evidence::HostInfo(h) => vec![
            (t.os, format!("{} {}", h.os_name, h.os_version)),
            (t.build, dash(&h.os_build)),
            (t.kernel, dash(&h.kernel)),
            (t.hostname, dash(&h.hostname)),
            (t.engine, dash(&engine_text(h, lang))),
            (t.runtimes, dash(&h.runtimes.join(", "))),
        ],
        Evidence::HostRegistry { key, value, exists: e } => vec![
            (t.registry_key, key.clone()),
            (t.registry_value, value.clone().unwrap_or_else(|| "—".into())),
            (t.k_exists, exists(*e)),
        ],
        Evidence::HostFile { path, exists: e } => vec![(t.path, path.clone()), (t.k_exists, exists(*e))],
        Evidence::Top { .. } | Evidence::HostProcesses { .. } | Evidence::Exec { .. } => return None,
    })
}
