//! Checks a parsed lesson makes sense before anything runs: ids are unique,
//! references point at earlier steps of the right kind, and no step asks the
//! engine to weaken the host's isolation.

use crate::messages::Id;
use crate::output::tr;
use std::collections::HashMap;

use super::model::*;
use crate::input::InputError;

/// Every reason not to run the lesson, each at its `file:line`; empty when it may run.
pub fn validate(lesson: &Lesson) -> Vec<InputError> {
    let path = lesson.path.as_str();
    let mut errors = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut steps: HashMap<&str, &Step> = HashMap::new();

    for block in &lesson.blocks {
        let (id, line) = match block {
            Block::Step(s) => (s.id.as_str(), s.line),
            Block::Claim(c) => (c.id.as_str(), c.line),
            Block::Prose { .. } => continue,
        };
        if !super::is_plain_name(id) {
            errors.push(InputError::new(path, line, tr(Id::bad_id, &[("id", id)])));
        }
        if let Some(first) = seen.insert(id, line) {
            errors.push(InputError::new(
                path,
                line,
                tr(Id::duplicate_id, &[("id", id), ("first", &first.to_string())]),
            ));
        }
        match block {
            Block::Step(step) => {
                for dep in step.action.reads() {
                    match &step.action {
                        // PIDs come from a process view: a top, or an exec read as a table.
                        Action::HostProcesses(_) => {
                            check_view(path, step.line, &steps, dep, &["top", "exec"], &mut errors)
                        }
                        _ => {
                            check_ref(path, step.line, &steps, dep, CONTAINERS, &mut errors);
                        }
                    }
                }
                if let Action::Run(run) = &step.action {
                    errors.extend(refuse_unsafe(path, step.line, &step.id, run));
                }
                if let Action::HostRegistry(hr) = &step.action {
                    if let Some(key) = hr.key.for_os(crate::platform::Os::Windows) {
                        if let Err(why) = crate::platform::windows::split_registry_key(&key) {
                            errors.push(InputError::new(
                                path,
                                step.line,
                                tr(Id::step_why, &[("step", &step.id), ("why", &why.to_string())]),
                            ));
                        }
                    }
                    if hr.key.for_os(crate::platform::Os::Linux).is_some() {
                        errors.push(InputError::new(
                            path,
                            step.line,
                            tr(Id::registry_windows_only, &[("step", &step.id)]),
                        ));
                    }
                }
                if let Action::Exec(exec) = &step.action {
                    errors.extend(refuse_missing_program(path, step, exec, &steps));
                }
                steps.insert(step.id.as_str(), step);
            }
            Block::Claim(claim) => {
                check_claim(path, claim, &steps, &mut errors);
                errors.extend(super::can_fail::refuse(path, claim, &steps));
            }
            Block::Prose { .. } => {}
        }
    }
    errors.extend(super::exercise::validate_exercises(lesson));
    errors
}

/// Steps whose container other steps can read: one proofbook starts, or one the learner started.
const CONTAINERS: &[&str] = &["run", "adopt"];

fn check_claim(path: &str, claim: &Claim, steps: &HashMap<&str, &Step>, errors: &mut Vec<InputError>) {
    let line = claim.line;
    match &claim.check {
        Check::VisibleOnHost { top, host, .. } | Check::HiddenFromHost { top, host, .. } => {
            check_ref(path, line, steps, top, &["top"], errors);
            check_ref(path, line, steps, host, &["host_processes"], errors);
        }
        Check::HostProcessCount { .. } => check_count(path, line, steps, &claim.check, errors),
        Check::TopLists { top, .. } => {
            check_ref(path, line, steps, top, &["top"], errors);
        }
        Check::Lists { view, .. } | Check::PidIs { view, .. } | Check::PidIsNot { view, .. } => {
            check_view(path, line, steps, view, VIEWS, errors);
        }
        Check::PidNumbering { inside, outside, .. } => {
            check_view(path, line, steps, inside, VIEWS, errors);
            check_view(path, line, steps, outside, VIEWS, errors);
        }
        Check::Compare { left, right, .. } => {
            for v in [left, right] {
                if let ValueRef::Field { step, field } = v {
                    check_field(path, line, steps, step, field, errors);
                }
            }
        }
    }
}

/// A `host_process_count` claim: its steps, where its `before` table was
/// taken, and that it asks for something.
fn check_count(path: &str, line: usize, steps: &HashMap<&str, &Step>, check: &Check, errors: &mut Vec<InputError>) {
    let Check::HostProcessCount {
        host,
        containers,
        per_container,
        before,
        min,
        max,
        ..
    } = check
    else {
        return;
    };
    check_ref(path, line, steps, host, &["host_processes"], errors);
    for c in containers {
        check_ref(path, line, steps, c, CONTAINERS, errors);
    }
    if let Some(b) = before {
        if check_ref(path, line, steps, b, &["host_processes"], errors) {
            let at = steps[b.as_str()].line;
            for c in containers
                .iter()
                .filter_map(|c| steps.get(c.as_str()))
                .filter(|c| c.line < at)
            {
                errors.push(InputError::new(
                    path,
                    line,
                    tr(
                        Id::before_order,
                        &[
                            ("before", b),
                            ("at", &at.to_string()),
                            ("step", &c.id),
                            ("line", &c.line.to_string()),
                        ],
                    ),
                ));
            }
        }
        if per_container.is_none() {
            errors.push(InputError::new(path, line, tr(Id::before_needs_per, &[])));
        }
    }
    if per_container.is_none() && min.is_none() && max.is_none() {
        errors.push(InputError::new(path, line, tr(Id::count_needs, &[])));
    }
    if per_container.is_some() && containers.is_empty() {
        errors.push(InputError::new(path, line, tr(Id::per_needs_containers, &[])));
    }
}

/// A field a `compare` claim reads: a step with evidence, and a field that evidence has.
fn check_field(
    path: &str,
    line: usize,
    steps: &HashMap<&str, &Step>,
    step: &str,
    field: &str,
    errors: &mut Vec<InputError>,
) {
    if !check_ref(path, line, steps, step, super::Field::ACTIONS, errors) {
        return;
    }
    let action = steps[step].action.name();
    if super::Field::parse(action, field).is_none() {
        errors.push(InputError::new(
            path,
            line,
            tr(
                Id::no_field,
                &[
                    ("step", step),
                    ("action", action),
                    ("field", field),
                    ("fields", &super::Field::names(action).join(", ")),
                ],
            ),
        ));
    }
}

/// A process view: `top`, `host_processes`, or an `exec` whose output is read
/// as a process table. An exec without `parse: ps` is only text, so a check
/// reading PIDs from it would read nothing and could not fail honestly.
const VIEWS: &[&str] = &["top", "exec", "host_processes"];

fn check_view(
    path: &str,
    line: usize,
    steps: &HashMap<&str, &Step>,
    id: &str,
    want: &[&str],
    errors: &mut Vec<InputError>,
) {
    if !check_ref(path, line, steps, id, want, errors) {
        return;
    }
    if let Action::Exec(e) = &steps[id].action {
        if e.parse != Some(ParseAs::Ps) {
            errors.push(InputError::new(path, line, tr(Id::exec_not_table, &[("step", id)])));
        }
    }
}

/// True when `id` names an earlier step whose action is one of `want`.
fn check_ref(
    path: &str,
    line: usize,
    steps: &HashMap<&str, &Step>,
    id: &str,
    want: &[&str],
    errors: &mut Vec<InputError>,
) -> bool {
    match steps.get(id) {
        None => {
            errors.push(InputError::new(path, line, tr(Id::undefined_step, &[("step", id)])));
            false
        }
        Some(s) if !want.contains(&s.action.name()) => {
            errors.push(InputError::new(
                path,
                line,
                tr(
                    Id::wrong_step_kind,
                    &[
                        ("step", id),
                        ("action", s.action.name()),
                        ("want", &want.join(&tr(Id::or_sep, &[]))),
                    ],
                ),
            ));
            false
        }
        Some(_) => true,
    }
}

fn refuse_unsafe(path: &str, line: usize, id: &str, run: &RunAction) -> Vec<InputError> {
    let mut why = Vec::new();
    if run.privileged == Some(true) {
        why.push(Id::unsafe_privileged);
    }
    if !run.binds.is_empty() {
        why.push(Id::unsafe_binds);
    }
    if run.network.as_deref().is_some_and(|n| n != "none") {
        why.push(Id::unsafe_network);
    }
    if run.pid.is_some() {
        why.push(Id::unsafe_pid);
    }
    if !run.devices.is_empty() {
        why.push(Id::unsafe_devices);
    }
    if !run.cap_add.is_empty() {
        why.push(Id::unsafe_caps);
    }
    let mut errors: Vec<InputError> = why
        .into_iter()
        .map(|w| {
            InputError::new(
                path,
                line,
                tr(Id::refused_unsafe, &[("step", id), ("what", &tr(w, &[]))]),
            )
        })
        .collect();
    // Not unsafe, but never passed to the engine: accepting it would let a
    // lesson believe it set a name the container does not have.
    if run.hostname.is_some() {
        errors.push(InputError::new(path, line, tr(Id::no_hostname, &[("step", id)])));
    }
    errors
}

/// An `exec` of a program the container's Windows base image does not ship
/// (`tasklist` in Nano Server) could only fail on every Windows host.
fn refuse_missing_program(
    path: &str,
    step: &Step,
    exec: &ExecAction,
    steps: &HashMap<&str, &Step>,
) -> Option<InputError> {
    let Some(Action::Run(run)) = steps.get(exec.container.as_str()).map(|s| &s.action) else {
        return None;
    };
    let image = run.image.for_os(crate::platform::Os::Windows)?;
    let command = exec.command.for_os(crate::platform::Os::Windows)?;
    let (program, base) = crate::platform::windows::missing_program(&image, &command)?;
    Some(InputError::new(
        path,
        step.line,
        format!(
            "step `{}` runs `{program}` in container `{}`, whose Windows image `{image}` has no `{program}` ({base} ships none); \
             run that container from `mcr.microsoft.com/windows/servercore:{{host_tag}}`, which has it",
            step.id, exec.container
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse_lesson;

    const HEAD: &str = "---\ntitle: T\nlang: en\nlesson: t\norder: 1\nsummary: S\n---\n\n";
    const RUN: &str = "```step\nid: c\nrun: {image: busybox, isolation: process, command: [sleep, \"60\"]}\n```\n";

    fn problems(body: &str) -> Vec<String> {
        let lesson = parse_lesson("t.en.md", &format!("{HEAD}{RUN}{body}")).expect("parses");
        validate(&lesson).into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn a_process_check_needs_an_exec_read_as_a_process_table() {
        let claim = "```claim\nid: p\nsays: s\ncheck: {kind: pid_is, view: ps, pid: 1, process: sleep}\n```\n";
        let plain = format!("```step\nid: ps\nexec: {{container: c, command: [ps]}}\n```\n{claim}");
        assert!(
            problems(&plain).iter().any(|m| m.contains("add `parse: ps`")),
            "{:?}",
            problems(&plain)
        );
        let parsed = format!("```step\nid: ps\nexec: {{container: c, command: [ps], parse: ps}}\n```\n{claim}");
        assert_eq!(problems(&parsed), Vec::<String>::new());
    }

    #[test]
    fn a_process_check_refuses_a_step_that_is_no_process_view() {
        let body = "```step\nid: h\nhost_info: {}\n```\n```claim\nid: p\nsays: s\ncheck: {kind: lists, view: h, names: [sleep]}\n```\n";
        assert!(
            problems(body)
                .iter()
                .any(|m| m.contains("expected top or exec or host_processes")),
            "{:?}",
            problems(body)
        );
    }

    #[test]
    fn a_hostname_that_would_be_ignored_is_refused() {
        let lesson = parse_lesson(
            "t.en.md",
            &format!("{HEAD}```step\nid: c\nrun: {{image: busybox, isolation: process, command: [sleep, \"60\"], hostname: box}}\n```\n"),
        )
        .expect("parses");
        assert!(validate(&lesson)
            .iter()
            .any(|e| e.message.contains("`hostname` is not supported")));
    }
}
