//! `proofbook verify`: judge a lesson's exercise on the containers the
//! learner started by hand. The same runner, engine and claims code as
//! `build`; it only looks at those containers (inspect, top, the exec steps
//! the lesson declares) and never creates, stops or removes one.

use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::ProgressBar;

use super::flags::RuntimeFlags;
use crate::claims::{self, EvidenceSet};
use crate::engine::Engine;
use crate::error::{CommandResult, Failure, InputError, Outcome};
use crate::lesson::{self, Action, Lesson};
use crate::messages::Lang;
use crate::record::{self, RunRecord, StepOutcome, Verdict, Verified};
use crate::render::{i18n, Renderer};
use crate::runner::{self, Mode, RunOptions};

/// `verify`'s command line; descriptions in the catalogue (`help_verify_<field>`, `help_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {
    /// A lesson id (looked up in `lessons`) or a lesson file.
    pub lesson: String,
    /// Where a lesson named by id is looked up.
    #[arg(long, default_value = "lessons")]
    pub lessons: PathBuf,
    /// The engine's endpoint (default: the docker CLI's choice).
    #[arg(long)]
    pub engine: Option<String>,
    /// Where the book is written.
    #[arg(long, default_value = "book")]
    pub out: PathBuf,
    /// Where run records are stored (default: `<out>/records/<engine>/`).
    #[arg(long)]
    pub records: Option<PathBuf>,
    /// Put before every container name the exercise asks for.
    #[arg(long, default_value = "", env = "PROOFBOOK_NAME_PREFIX")]
    pub name_prefix: String,
    /// Offline, and runtimes chosen over the ones found.
    #[command(flatten)]
    pub runtime: RuntimeFlags,
    /// Default limit of each step, in seconds.
    #[arg(long, default_value_t = 10.0, value_parser = super::flags::parse_seconds)]
    pub step_timeout: f64,
    /// Leave the Windows transcripts proofbook ships out of the book.
    #[arg(long)]
    pub no_recorded: bool,
}

/// Exit codes: 0 every exercise claim proven, 1 one refuted or a container missing, 2 bad input, 3 no engine.
///
/// `lang`: the lesson's language the global `--lang` chose, if it did.
pub async fn run(args: VerifyArgs, lang: Option<String>) -> CommandResult {
    let (lesson, other) = resolve(&args, lang)?;
    let lang = lesson.meta.lang.clone();
    let engine = Engine::connect(args.engine.as_deref(), args.runtime.offline()).await?;
    let mut opts = RunOptions::new(runner::new_run_id());
    opts.forced = args.runtime.forced();
    opts.default_timeout = Duration::from_secs_f64(args.step_timeout);
    opts.mode = Mode::Verify {
        name_prefix: args.name_prefix.clone(),
    };
    let bindings = engine.bindings(&opts.forced);
    let host = engine.host_info(&bindings);
    let captured = runner::run_lesson(&engine, &lesson, &bindings, host, &opts, &ProgressBar::hidden()).await;

    let label = super::engine_label(args.engine.as_deref());
    let records_root = args.records.clone().unwrap_or_else(|| args.out.join("records"));
    let dir = records_root.join(&label);
    let mut written = Vec::new();
    for l in std::iter::once(&lesson).chain(other.as_ref()) {
        let rec = verified_record(l, &captured, &dir, &engine.endpoint);
        match record::write_record(&dir, &rec) {
            Ok(_) => written.push(rec),
            Err(e) => {
                let said = crate::messages::io::said(Lang::of(&lang), &e);
                crate::errln!("{}", say(Lang::of(&lang), Say::NotWritten(&dir, &said)))
            }
        }
    }
    let page = args.out.join(&lang).join(format!("{}.html", lesson.meta.lesson));
    // A record in the folder that cannot be read (another lesson's, with
    // repeated ids, say) is bad input, exit 2, once the learner has their verdicts.
    let mut bad_records = None;
    match rerender(&records_root, &label, &args) {
        Ok(()) => {}
        Err(Failure::BadInput(e)) => bad_records = Some(e),
        Err(e) => crate::errln!("{}", say(Lang::of(&lang), Say::NotRendered(&e.to_string()))),
    }
    let outcome = print_verdicts(&lesson, &captured, &engine.endpoint);
    match bad_records {
        Some(e) => Err(Failure::BadInput(e)),
        None => {
            if written.iter().any(|r| r.lang == lang) {
                crate::outln!("{}", say(Lang::of(&lang), Say::Page(&page)));
            }
            Ok(outcome)
        }
    }
}

/// The lesson in the chosen language, and its other language when there is one.
fn resolve(args: &VerifyArgs, lang: Option<String>) -> Result<(Lesson, Option<Lesson>), Failure> {
    if !args
        .name_prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(Failure::BadInput(vec![InputError::new(
            "--name-prefix",
            0,
            crate::output::tr(crate::messages::Id::verify_bad_prefix, &[("prefix", &args.name_prefix)]),
        )]));
    }
    let as_file = Path::new(&args.lesson);
    let (folder, id, lang) = if as_file.is_file() {
        let l = lesson::load_one(as_file).map_err(Failure::BadInput)?;
        let folder = as_file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let lang = lang.unwrap_or_else(|| l.meta.lang.clone());
        (folder, l.meta.lesson, lang)
    } else {
        (
            args.lessons.clone(),
            args.lesson.clone(),
            // A lesson named by id is read in the terminal's language unless --lang says otherwise.
            lang.unwrap_or_else(|| crate::output::lang().code().into()),
        )
    };
    // No lessons folder here: the book built into proofbook, as for `build`.
    let all = if folder.exists() {
        lesson::load_all(std::slice::from_ref(&folder))
    } else {
        lesson::load_embedded()
    }
    .map_err(Failure::BadInput)?;
    let shown = folder.display().to_string();
    let of_id: Vec<Lesson> = all.into_iter().filter(|l| l.meta.lesson == id).collect();
    let Some(chosen) = of_id.iter().find(|l| l.meta.lang == lang).cloned() else {
        let msg = if of_id.is_empty() {
            crate::output::tr(crate::messages::Id::verify_no_lesson, &[("lesson", &id)])
        } else {
            crate::output::tr(
                crate::messages::Id::verify_no_version,
                &[("lesson", &id), ("lang", &lang)],
            )
        };
        return Err(InputError::new(&shown, 0, msg).into());
    };
    if !chosen.has_exercise() {
        return Err(InputError::new(
            &chosen.path,
            1,
            format!("lesson `{id}` has no exercise (no `adopt` step) to verify"),
        )
        .into());
    }
    let other = of_id.into_iter().find(|l| l.meta.lang != lang);
    Ok((chosen, other))
}

/// The record of `lesson` with the exercise replaced by what verify captured:
/// the rest comes from the last build's record when it was run from this
/// same lesson, else stays NOT RUN as verify left it.
fn verified_record(lesson: &Lesson, captured: &RunRecord, dir: &Path, endpoint: &str) -> RunRecord {
    let mine = lesson.verify_steps();
    let steps = in_own_words(lesson, captured);
    let os = captured.host.os;
    let ev = EvidenceSet::on_host(os, &steps, &captured.host.isolation);
    let judged: Vec<record::ClaimResult> = lesson
        .exercise_claims()
        .into_iter()
        .map(|c| claims::judge(c, &ev))
        .collect();
    let mut rec = base_record(lesson, captured, dir);
    for s in rec.steps.iter_mut() {
        if let Some(n) = steps.iter().find(|n| n.id == s.id && mine.contains(s.id.as_str())) {
            *s = n.clone();
        }
    }
    for c in rec.claims.iter_mut() {
        if let Some(j) = judged.iter().find(|j| j.id == c.id) {
            *c = j.clone();
        }
    }
    rec.verified = Some(Verified {
        at: crate::engine::now(),
        run_id: captured.run_id.clone(),
        engine_endpoint: endpoint.to_string(),
        steps: steps
            .iter()
            .filter(|s| mine.contains(s.id.as_str()))
            .map(|s| s.id.clone())
            .collect(),
        claims: lesson.exercise_claims().iter().map(|c| c.id.clone()).collect(),
    });
    rec
}

/// The captured steps as `lesson` writes them: the other language's steps
/// are the same but for the task's words.
fn in_own_words(lesson: &Lesson, captured: &RunRecord) -> Vec<record::StepRecord> {
    captured
        .steps
        .iter()
        .map(|s| {
            let mut s = s.clone();
            if let Some(own) = lesson.step(&s.id) {
                s.request = own.clone();
            }
            s
        })
        .collect()
}

/// The record the learner's evidence goes into: the last build's record of
/// this same lesson, else what verify captured (in the lesson's language,
/// every claim NOT RUN but the exercise's).
fn base_record(lesson: &Lesson, captured: &RunRecord, dir: &Path) -> RunRecord {
    let base = record::read_record(&dir.join(format!("{}.{}.json", lesson.meta.lesson, lesson.meta.lang)))
        .ok()
        .filter(|r| r.doc == *lesson)
        .map(|mut r| {
            // Its other claims are shown as they are here: never as stored.
            crate::rejudge::record(&mut r);
            super::warn_overruled(&r);
            r
        });
    match base {
        Some(b) => b,
        None if lesson.meta.lang == captured.lang => captured.clone(),
        None => {
            let mut r = captured.clone();
            r.lang = lesson.meta.lang.clone();
            r.title = lesson.meta.title.clone();
            r.source = lesson.path.clone();
            r.doc = lesson.clone();
            r.claims = lesson
                .claims()
                .map(|c| claims::not_judged(c, crate::messages::Msg::ExerciseNotPart.into()))
                .collect();
            r
        }
    }
}

/// The book again, from the records folder: this host first, then any other
/// host folder a build left there, then the recorded Windows host.
fn rerender(root: &Path, label: &str, args: &VerifyArgs) -> Result<(), Failure> {
    let mut hosts = super::stored(root)?;
    hosts.sort_by_key(|h| h.label != label);
    if !args.no_recorded && !hosts.iter().any(|h| crate::transcripts::is_recorded_label(&h.label)) {
        hosts.extend(crate::transcripts::windows_hosts(&crate::record::store::lessons_of(
            &hosts,
        )));
    }
    Renderer::new().render_book(&hosts, &args.out, false)?;
    Ok(())
}

/// Prints what the learner's containers showed; Failed when a claim is not proven or a container is missing.
fn print_verdicts(lesson: &Lesson, r: &RunRecord, endpoint: &str) -> Outcome {
    let lang = Lang::of(&lesson.meta.lang);
    let t = i18n::strings(lang);
    crate::outln!("{}", say(lang, Say::Head(&lesson.meta.lesson, endpoint)));
    let mut failed = false;
    for s in lesson.steps() {
        let Action::Adopt(_) = &s.action else { continue };
        let Some(rec) = r.step(&s.id) else { continue };
        match (&rec.outcome, &rec.evidence) {
            (StepOutcome::Ok, Some(record::Evidence::Adopted { name, runtime, .. })) => {
                crate::outln!("{}", say(lang, Say::Found(name, runtime)))
            }
            (o, _) => {
                failed = true;
                let why = match o {
                    StepOutcome::NotRun { reason } => reason.plain(lang),
                    StepOutcome::Error { message } => message.plain(lang),
                    StepOutcome::Timeout { after_ms } => format!("{:.1} s", *after_ms as f64 / 1000.0),
                    StepOutcome::Ok => String::new(),
                };
                crate::outln!("{}", say(lang, Say::Missing(&s.id, &why)));
            }
        }
    }
    let exercise = lesson.exercise_claims();
    let mut unproven = 0;
    for c in &exercise {
        let Some(v) = r.claims.iter().find(|x| x.id == c.id) else {
            continue;
        };
        // A claim left unrun although its evidence is all there has no form for this host's OS: not a failure.
        let evidence_missing = v
            .evidence
            .iter()
            .any(|id| r.step(id).is_none_or(|s| s.outcome != StepOutcome::Ok));
        let fails = v.verdict.is_failure() || (v.verdict == Verdict::NotRun && evidence_missing);
        failed |= fails;
        unproven += usize::from(v.verdict != Verdict::Proven);
        let label = pad(t.label(v.verdict));
        crate::outln!("{label} {}: {}", c.id, c.says);
        crate::outln!("         {}: {}", t.why, v.reason.plain(lang));
        if let (Some(h), true) = (&c.hint, v.verdict.is_failure()) {
            crate::outln!(
                "         {}: {}",
                t.hint,
                h.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
    crate::outln!("{}", say(lang, Say::Total(exercise.len(), unproven)));
    Outcome::failed_if(failed)
}

/// A verdict label padded to 8 terminal columns (a Hangul syllable takes two).
fn pad(label: &str) -> String {
    let width: usize = label.chars().map(|c| if c >= '\u{1100}' { 2 } else { 1 }).sum();
    format!("{label}{}", " ".repeat(8usize.saturating_sub(width)))
}

/// Every sentence verify prints, from the catalogue.
enum Say<'a> {
    Head(&'a str, &'a str),
    Found(&'a str, &'a str),
    Missing(&'a str, &'a str),
    Total(usize, usize),
    Page(&'a Path),
    NotWritten(&'a Path, &'a str),
    NotRendered(&'a str),
}

fn say(lang: Lang, s: Say) -> String {
    use crate::messages::{say, Id};
    match s {
        Say::Head(id, at) => say(lang, Id::verify_head, &[("lesson", id), ("endpoint", at)]),
        Say::Found(name, rt) => say(lang, Id::verify_found, &[("name", name), ("runtime", rt)]),
        Say::Missing(step, why) => say(lang, Id::verify_missing, &[("step", step), ("why", why)]),
        Say::Total(n, 0) => say(lang, Id::verify_all_proven, &[("n", &n.to_string())]),
        Say::Total(n, k) => say(
            lang,
            Id::verify_not_proven,
            &[("n", &n.to_string()), ("k", &k.to_string())],
        ),
        Say::Page(p) => say(lang, Id::verify_page, &[("path", &p.display().to_string())]),
        Say::NotWritten(d, e) => say(
            lang,
            Id::verify_not_written,
            &[("dir", &d.display().to_string()), ("error", e)],
        ),
        Say::NotRendered(e) => say(lang, Id::verify_not_rendered, &[("error", e)]),
    }
}
