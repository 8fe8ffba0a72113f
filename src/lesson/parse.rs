//! Markdown + YAML front matter → `Lesson`. Steps and claims are fenced
//! blocks whose info string starts with `step` / `claim`; everything else is prose.

use crate::messages::Id;
use crate::output::tr;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::model::*;
use crate::input::InputError;

/// Parse one lesson file's text. Every problem found is returned, not just the first.
pub fn parse_lesson(path: &str, text: &str) -> Result<Lesson, Vec<InputError>> {
    let mut errors = Vec::new();
    let (meta, body, body_line) = match split_front_matter(path, text) {
        Ok(v) => v,
        Err(e) => return Err(vec![e]),
    };
    if let Some(at) = super::depth::too_deep(meta) {
        return Err(vec![too_deep(path, 1 + at, "front matter")]);
    }
    let meta: Option<FrontMatter> = match serde_yaml::from_str::<FrontMatter>(meta) {
        Ok(m) if !super::is_plain_name(&m.lesson) => {
            // The id names the lesson's pages and records: it must never be a path.
            let at = meta
                .lines()
                .position(|l| l.trim_start().starts_with("lesson:"))
                .unwrap_or(0);
            errors.push(InputError::new(
                path,
                2 + at,
                tr(Id::lesson_bad_id, &[("id", &m.lesson)]),
            ));
            None
        }
        Ok(m) => Some(m),
        Err(e) => {
            let line = 1 + e.location().map(|l| l.line()).unwrap_or(1);
            errors.push(InputError::new(
                path,
                line,
                tr(Id::front_matter, &[("detail", &super::yaml_error::explain(&e))]),
            ));
            None
        }
    };

    let mut blocks = Vec::new();
    let mut prose_start = 0usize;
    let mut fence: Option<(String, usize, usize)> = None; // (info, start offset, line)
    let mut code = String::new();
    // Lines are counted once through the body (offsets come in order), not
    // from its start for every block: that made a big lesson quadratic.
    let mut lines = LineCounter::new(body, body_line);
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let kind = info.split_whitespace().next().unwrap_or("");
                if kind == "step" || kind == "claim" {
                    let line = lines.at(range.start);
                    fence = Some((kind.to_string(), range.start, line));
                    code.clear();
                    push_prose(&mut blocks, &body[prose_start..range.start]);
                    prose_start = range.end;
                }
            }
            Event::Text(t) if fence.is_some() => code.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                if let Some((kind, _, line)) = fence.take() {
                    match parse_block(path, &kind, &code, line) {
                        Ok(b) => blocks.push(b),
                        Err(e) => errors.push(e),
                    }
                }
            }
            _ => {}
        }
    }
    push_prose(&mut blocks, &body[prose_start..]);

    match meta {
        Some(meta) if errors.is_empty() => Ok(Lesson {
            path: path.to_string(),
            meta,
            blocks,
        }),
        _ => Err(errors),
    }
}

/// The line of an offset in a text, for offsets that only grow.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: first_line,
        }
    }

    fn at(&mut self, offset: usize) -> usize {
        if offset > self.offset {
            self.line += self.text.as_bytes()[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.offset = offset;
        }
        self.line
    }
}

fn push_prose(blocks: &mut Vec<Block>, text: &str) {
    if !text.trim().is_empty() {
        blocks.push(Block::Prose {
            markdown: text.to_string(),
        });
    }
}

/// Returns (front matter, body, 1-based line where the body starts).
fn split_front_matter<'a>(path: &str, text: &'a str) -> Result<(&'a str, &'a str, usize), InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(|| InputError::new(path, 1, tr(Id::no_front_matter, &[])))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let meta = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + meta.matches('\n').count() + 1;
            return Ok((meta, body, body_line));
        }
        offset += line.len();
    }
    Err(InputError::new(path, 1, tr(Id::front_matter_open, &[])))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: String,
    #[serde(default)]
    timeout: Option<f64>,
    #[serde(default)]
    run: Option<RunAction>,
    #[serde(default)]
    top: Option<TopAction>,
    #[serde(default)]
    host_processes: Option<HostProcessesAction>,
    #[serde(default)]
    exec: Option<ExecAction>,
    #[serde(default)]
    host_info: Option<HostInfoAction>,
    #[serde(default)]
    host_file: Option<HostFileAction>,
    #[serde(default)]
    adopt: Option<AdoptAction>,
    host_registry: Option<HostRegistryAction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: String,
    says: String,
    check: Check,
    #[serde(default)]
    hint: Option<String>,
}

fn parse_block(path: &str, kind: &str, code: &str, fence_line: usize) -> Result<Block, InputError> {
    // The YAML body starts on the line after the fence.
    let yaml_err = |e: serde_yaml::Error| {
        let line = fence_line + e.location().map(|l| l.line()).unwrap_or(1);
        InputError::new(
            path,
            line,
            tr(
                Id::block_yaml,
                &[("kind", kind), ("detail", &super::yaml_error::explain(&e))],
            ),
        )
    };
    if let Some(at) = super::depth::too_deep(code) {
        return Err(too_deep(path, fence_line + at, kind));
    }
    if kind == "step" {
        let raw: RawStep = serde_yaml::from_str(code).map_err(yaml_err)?;
        let mut actions: Vec<Action> = Vec::new();
        actions.extend(raw.run.map(Action::Run));
        actions.extend(raw.top.map(Action::Top));
        actions.extend(raw.host_processes.map(Action::HostProcesses));
        actions.extend(raw.exec.map(Action::Exec));
        actions.extend(raw.host_info.map(Action::HostInfo));
        actions.extend(raw.host_file.map(Action::HostFile));
        actions.extend(raw.adopt.map(Action::Adopt));
        actions.extend(raw.host_registry.map(Action::HostRegistry));
        if actions.len() != 1 {
            return Err(InputError::new(
                path,
                fence_line,
                tr(
                    Id::step_actions,
                    &[("step", &raw.id), ("count", &actions.len().to_string())],
                ),
            ));
        }
        if let Some(t) = raw.timeout {
            if !(t > 0.0 && t <= MAX_STEP_SECONDS) {
                return Err(InputError::new(
                    path,
                    fence_line,
                    tr(
                        Id::step_timeout,
                        &[("step", &raw.id), ("max", &MAX_STEP_SECONDS.to_string())],
                    ),
                ));
            }
        }
        Ok(Block::Step(Step {
            id: raw.id,
            line: fence_line,
            timeout: raw.timeout,
            action: actions.pop().expect("exactly one action"),
        }))
    } else {
        let raw: RawClaim = serde_yaml::from_str(code).map_err(yaml_err)?;
        Ok(Block::Claim(Claim {
            id: raw.id,
            line: fence_line,
            says: raw.says,
            check: raw.check,
            hint: raw.hint,
        }))
    }
}

fn too_deep(path: &str, line: usize, what: &str) -> InputError {
    InputError::new(
        path,
        line,
        format!(
            "{what}: YAML nested more than {} levels deep (`[` or `{{` inside one another); a lesson needs a few, and deeper YAML is not read",
            super::depth::MAX_YAML_DEPTH
        ),
    )
}
