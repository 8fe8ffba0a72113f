//! Exercises: the steps and claims that read a container the learner started
//! by hand (an `adopt` step). `build` leaves them NOT RUN with instructions;
//! `proofbook verify` captures and judges them on the learner's container.

use crate::messages::Id;
use crate::output::tr;
use std::collections::HashSet;

use super::model::*;
use crate::input::InputError;
use crate::platform::Os;

impl Lesson {
    /// Adopt steps and every step that reads one, directly or through another.
    pub fn exercise_steps(&self) -> HashSet<&str> {
        let mut set: HashSet<&str> = HashSet::new();
        // Steps only read earlier steps, so one pass in document order is enough.
        for s in self.steps() {
            if matches!(s.action, Action::Adopt(_)) || s.action.reads().iter().any(|r| set.contains(r)) {
                set.insert(s.id.as_str());
            }
        }
        set
    }

    /// Claims that read an exercise step.
    pub fn exercise_claims(&self) -> Vec<&Claim> {
        let ex = self.exercise_steps();
        self.claims()
            .filter(|c| c.check.steps().iter().any(|s| ex.contains(s)))
            .collect()
    }

    pub(crate) fn has_exercise(&self) -> bool {
        self.steps().any(|s| matches!(s.action, Action::Adopt(_)))
    }

    /// What `verify` runs: the exercise steps and every step an exercise claim
    /// reads, with what those read in turn.
    pub(crate) fn verify_steps(&self) -> HashSet<&str> {
        let mut want: Vec<&str> = self.exercise_steps().into_iter().collect();
        want.extend(self.exercise_claims().iter().flat_map(|c| c.check.steps()));
        let mut set: HashSet<&str> = HashSet::new();
        while let Some(id) = want.pop() {
            if set.insert(id) {
                if let Some(s) = self.step(id) {
                    want.extend(s.action.reads());
                }
            }
        }
        set
    }
}

/// The command an exercise asks the learner to type on this OS, with the
/// image tag of this host filled in and the container name prefixed (a
/// workshop host shared by several learners gives each a prefix).
pub(crate) fn exercise_command(adopt: &AdoptAction, os: Os, os_build: &str, prefix: &str) -> Option<String> {
    let raw = adopt.command.for_os(os)?;
    let raw = fill_host_tag(raw, os, os_build);
    if prefix.is_empty() {
        return Some(raw);
    }
    let full = format!("{prefix}{}", adopt.name);
    let mut out: Vec<String> = Vec::new();
    let mut after_flag = false;
    for tok in raw.split_whitespace() {
        if after_flag && tok == adopt.name {
            out.push(full.clone());
        } else if tok == format!("--name={}", adopt.name) {
            out.push(format!("--name={full}"));
        } else {
            out.push(tok.to_string());
        }
        after_flag = tok == "--name";
    }
    Some(out.join(" "))
}

/// `{host_tag}` in a typed command: the tag this host runs with the
/// isolation the command asks for. Left as written when the host's build is
/// not known, so the learner sees what to fill in.
fn fill_host_tag(raw: String, os: Os, os_build: &str) -> String {
    if !raw.contains("{host_tag}") {
        return raw;
    }
    match os {
        Os::Linux => raw.replace("{host_tag}", "latest"),
        Os::Windows => {
            let iso = if raw.contains("--isolation=hyperv") || raw.contains("--isolation hyperv") {
                Isolation::Hyperv
            } else {
                Isolation::Process
            };
            match crate::platform::windows::host_tag(os_build, iso) {
                Ok(tag) => raw.replace("{host_tag}", tag),
                Err(_) => raw,
            }
        }
    }
}

/// The reason an exercise's steps and claims are NOT RUN on a built page.
pub fn build_reason(lesson: &Lesson) -> crate::messages::Text {
    crate::messages::Msg::ExerciseBuild {
        lesson: lesson.meta.lesson.clone(),
    }
    .into()
}

/// Docker's rule for container names.
fn plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && name.len() <= 64
}

fn names_container(command: &str, name: &str) -> bool {
    let toks: Vec<&str> = command.split_whitespace().collect();
    toks.windows(2).any(|w| w[0] == "--name" && w[1] == name) || toks.iter().any(|t| *t == format!("--name={name}"))
}

/// Problems of a lesson's exercises, each at its `file:line`.
pub(crate) fn validate_exercises(lesson: &Lesson) -> Vec<InputError> {
    let path = lesson.path.as_str();
    let mut errors = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for step in lesson.steps() {
        let Action::Adopt(a) = &step.action else { continue };
        let err = |m: String| InputError::new(path, step.line, tr(Id::step_why, &[("step", &step.id), ("why", &m)]));
        if !plain_name(&a.name) {
            errors.push(err(tr(Id::adopt_bad_name, &[("name", &a.name)])));
        }
        if names.contains(&a.name.as_str()) {
            errors.push(err(tr(Id::adopt_name_taken, &[("name", &a.name)])));
        }
        names.push(&a.name);
        if a.task.trim().is_empty() {
            errors.push(err(tr(Id::adopt_no_task, &[])));
        }
        let forms: Vec<(Os, String)> = [Os::Windows, Os::Linux]
            .into_iter()
            .filter_map(|os| a.command.for_os(os).map(|c| (os, c)))
            .collect();
        if forms.is_empty() {
            errors.push(err(tr(Id::adopt_no_command, &[])));
        }
        for (os, c) in forms {
            if !names_container(&c, &a.name) {
                errors.push(err(tr(
                    Id::adopt_command_name,
                    &[("os", os.as_str()), ("name", &a.name)],
                )));
            }
        }
        if !lesson
            .exercise_claims()
            .iter()
            .any(|c| reads_exercise_of(lesson, c, &step.id))
        {
            errors.push(err(tr(Id::adopt_no_claim, &[])));
        }
    }
    errors.extend(claim_problems(lesson));
    errors
}

/// Whether claim `c` reads the adopt step `adopt` or a step built on it.
fn reads_exercise_of(lesson: &Lesson, c: &Claim, adopt: &str) -> bool {
    let mut from: HashSet<&str> = HashSet::from([adopt]);
    for s in lesson.steps() {
        if s.action.reads().iter().any(|r| from.contains(r)) {
            from.insert(s.id.as_str());
        }
    }
    c.check.steps().iter().any(|s| from.contains(s))
}

fn claim_problems(lesson: &Lesson) -> Vec<InputError> {
    let path = lesson.path.as_str();
    let mut errors = Vec::new();
    let exercise: Vec<&str> = lesson.exercise_claims().iter().map(|c| c.id.as_str()).collect();
    let needed = lesson.verify_steps();
    for c in lesson.claims() {
        let is_ex = exercise.contains(&c.id.as_str());
        if c.hint.is_some() && !is_ex {
            errors.push(InputError::new(
                path,
                c.line,
                tr(Id::hint_not_exercise, &[("claim", &c.id)]),
            ));
        }
        if c.hint.as_deref().is_some_and(|h| h.trim().is_empty()) {
            errors.push(InputError::new(path, c.line, tr(Id::hint_empty, &[("claim", &c.id)])));
        }
        if !is_ex {
            continue;
        }
        if let Check::HostProcessCount { before: Some(b), .. } = &c.check {
            errors.push(InputError::new(
                path,
                c.line,
                tr(Id::exercise_before, &[("claim", &c.id), ("before", b)]),
            ));
        }
    }
    // verify never starts a container, so nothing it runs may need one proofbook starts.
    for s in lesson.steps().filter(|s| needed.contains(s.id.as_str())) {
        if matches!(s.action, Action::Run(_)) {
            errors.push(InputError::new(
                path,
                s.line,
                tr(Id::exercise_reads_run, &[("step", &s.id)]),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{parse_lesson, validate};

    const HEAD: &str = "---\ntitle: T\nlang: en\nlesson: t\norder: 1\nsummary: S\n---\n\n";
    const ADOPT: &str = "```step\nid: mine\nadopt: {name: my-box, task: Start it., command: {linux: \"docker run -d --name my-box busybox sleep 3600\"}}\n```\n```step\nid: top-mine\ntop: {container: mine}\n```\n```step\nid: host\nhost_processes: {pids_from: [top-mine]}\n```\n";
    const CLAIM: &str = "```claim\nid: seen\nsays: s\ncheck: {kind: visible_on_host, top: top-mine, host: host, process: sleep}\nhint: Use runc.\n```\n";

    fn problems(body: &str) -> Vec<String> {
        let lesson = parse_lesson("t.en.md", &format!("{HEAD}{body}")).expect("parses");
        validate(&lesson).into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn an_exercise_with_a_claim_is_accepted_and_forms_the_exercise() {
        assert_eq!(problems(&format!("{ADOPT}{CLAIM}")), Vec::<String>::new());
        let l = parse_lesson("t.en.md", &format!("{HEAD}{ADOPT}{CLAIM}")).unwrap();
        let mut ex: Vec<&str> = l.exercise_steps().into_iter().collect();
        ex.sort();
        assert_eq!(ex, ["host", "mine", "top-mine"]);
        assert_eq!(l.exercise_claims().len(), 1);
    }

    #[test]
    fn an_exercise_without_a_claim_is_refused_at_its_line() {
        let p = problems(ADOPT);
        assert!(
            p.iter()
                .any(|m| m.starts_with("t.en.md:9:") && m.contains("has no claim")),
            "{p:?}"
        );
    }

    #[test]
    fn names_must_be_plain_and_given_to_the_command() {
        let bad = ADOPT.replace("name: my-box,", "name: \"my box/1\",");
        assert!(problems(&format!("{bad}{CLAIM}"))
            .iter()
            .any(|m| m.contains("plain container name")));
        let unnamed = ADOPT.replace("--name my-box ", "");
        assert!(problems(&format!("{unnamed}{CLAIM}"))
            .iter()
            .any(|m| m.contains("must start the container with `--name my-box`")));
    }

    #[test]
    fn a_hint_outside_an_exercise_and_an_exercise_reading_a_started_container_are_refused() {
        let run = "```step\nid: c\nrun: {image: busybox, isolation: process, command: [sleep, \"60\"]}\n```\n```step\nid: top-c\ntop: {container: c}\n```\n";
        let hinted = format!("{run}{ADOPT}```claim\nid: x\nsays: s\ncheck: {{kind: top_lists, top: top-c, names: [sleep]}}\nhint: h\n```\n{CLAIM}");
        assert!(problems(&hinted)
            .iter()
            .any(|m| m.contains("belongs on claims of an exercise")));
        let mixed = format!("{run}{ADOPT}```claim\nid: x\nsays: s\ncheck: {{kind: pid_numbering, inside: top-mine, outside: top-c, process: sleep, numbering: own}}\n```\n");
        assert!(
            problems(&mixed)
                .iter()
                .any(|m| m.contains("reads only containers the learner started")),
            "{:?}",
            problems(&mixed)
        );
    }

    #[test]
    fn the_two_languages_must_ask_for_the_same_exercise() {
        let en = parse_lesson("t.en.md", &format!("{HEAD}{ADOPT}{CLAIM}")).unwrap();
        let ko_text = format!("{HEAD}{ADOPT}{CLAIM}")
            .replace("lang: en", "lang: ko")
            .replace("--runtime", "")
            .replace("sleep 3600", "sleep 60");
        let ko = parse_lesson("t.ko.md", &ko_text).unwrap();
        let p = crate::lesson::languages_agree(&en, &ko);
        assert!(
            p.len() == 1 && p[0].to_string().starts_with("t.en.md:9:") && p[0].message.contains("t.ko.md:9"),
            "{p:?}"
        );
        assert!(crate::lesson::languages_agree(&en, &en).is_empty());
        // The words are the page's language; a hint in one language only is not.
        let words = format!("{HEAD}{ADOPT}{CLAIM}")
            .replace("lang: en", "lang: ko")
            .replace("task: Start it.", "task: 시작합니다.")
            .replace("says: s", "says: 보입니다")
            .replace("hint: Use runc.", "hint: runc를 씁니다.");
        let ko = parse_lesson("t.ko.md", &words).unwrap();
        assert!(crate::lesson::languages_agree(&en, &ko).is_empty());
        let ko = parse_lesson("t.ko.md", &words.replace("hint: runc를 씁니다.\n", "")).unwrap();
        let p = crate::lesson::languages_agree(&en, &ko);
        assert!(
            p.len() == 1
                && p[0]
                    .message
                    .contains("claim `seen` has hint true here but false in t.ko.md"),
            "{p:?}"
        );
    }

    #[test]
    fn a_prefix_renames_the_container_in_the_command() {
        let a = AdoptAction {
            name: "my-box".into(),
            task: "t".into(),
            command: PerOs::Same("docker run -d --name my-box --runtime=runc busybox sleep 3600".into()),
        };
        assert_eq!(
            exercise_command(&a, Os::Linux, "", "ws3-").unwrap(),
            "docker run -d --name ws3-my-box --runtime=runc busybox sleep 3600"
        );
    }
}
