//! Claim reasons: why `src/claims` judged a claim as it did, with the
//! evidence each sentence is made from. Kept apart from the other messages
//! so the two tables grow without touching each other.

use serde::{Deserialize, Serialize};

use super::{pids, Arg, Msg};

/// Whose process list a reason speaks of, and the step that captured it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct View {
    pub kind: ViewKind,
    pub step: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    /// The engine's `docker top`.
    Top,
    /// The host's own process table.
    Host,
    /// A process table printed inside the container.
    Inside,
}

/// A process as a view listed it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProcName {
    pub name: String,
    pub pid: u32,
}

/// What the host's table holds at a PID the engine's `top` reported:
/// a process of that name, or nothing (`None`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OnHost {
    pub pid: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// How the two sides of a `compare` claim were held against each other.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Equals,
    Differs,
    Contains,
    NotContains,
}

/// The inside view of a `pid_numbering` claim: where the process was found, and as which PIDs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Inside {
    pub view: View,
    pub name: String,
    pub pids: Vec<u32>,
}

type Args<'a> = Vec<(&'static str, Arg<'a>)>;

fn val(s: &str) -> Arg<'static> {
    Arg::Val(s.to_string())
}

fn num(n: impl ToString) -> Arg<'static> {
    Arg::Val(n.to_string())
}

fn view(v: &View) -> Arg<'static> {
    let id = match v.kind {
        ViewKind::Top => "view_top",
        ViewKind::Host => "view_host",
        ViewKind::Inside => "view_inside",
    };
    Arg::Sub(id, vec![("step", val(&v.step))])
}

/// `sleep (PID 8), sh (PID 1)`, or "nothing".
fn procs(v: &[ProcName]) -> Arg<'static> {
    if v.is_empty() {
        return Arg::Sub("nothing", vec![]);
    }
    let items = v
        .iter()
        .map(|p| Arg::Sub("proc_item", vec![("name", val(&p.name)), ("pid", num(p.pid))]))
        .collect();
    Arg::Join(items, ", ")
}

/// PIDs, or "none".
fn pids_or_none(v: &[u32]) -> Arg<'static> {
    if v.is_empty() {
        Arg::Sub("none", vec![])
    } else {
        Arg::Val(pids(v))
    }
}

fn on_host(facts: &[OnHost], named: &'static str, absent: &'static str, sep: &'static str) -> Arg<'static> {
    let items = facts
        .iter()
        .map(|f| match &f.name {
            Some(n) => Arg::Sub(named, vec![("pid", num(f.pid)), ("name", Arg::Val(n.clone()))]),
            None => Arg::Sub(absent, vec![("pid", num(f.pid))]),
        })
        .collect();
    Arg::Join(items, sep)
}

impl Msg {
    /// The id and parameters of a claim reason; `None` for other messages.
    pub(super) fn claim_args(&self) -> Option<(&'static str, Args<'_>)> {
        self.step_reason_args()
            .or_else(|| self.overruled_args())
            .or_else(|| self.view_reason_args())
            .or_else(|| self.host_reason_args())
            .or_else(|| self.numbering_args())
    }

    /// Reasons from the steps a claim reads and from `compare`.
    fn step_reason_args(&self) -> Option<(&'static str, Args<'_>)> {
        Some(match self {
            Msg::ClaimStepNotRun { step, reason } => (
                "claim_step_not_run",
                vec![("step", val(step)), ("reason", Arg::Text(reason))],
            ),
            Msg::ClaimStepTimedOut { step, after } => (
                "claim_step_timed_out",
                vec![("step", val(step)), ("after", Arg::Text(after))],
            ),
            Msg::ClaimStepFailed { step, message } => (
                "claim_step_failed",
                vec![("step", val(step)), ("message", Arg::Text(message))],
            ),
            Msg::StepNoField { step, field } => ("step_no_field", vec![("step", val(step)), ("field", val(field))]),
            Msg::CompareCut { step } => ("compare_cut", vec![("step", val(step))]),
            Msg::CompareEmptyRight => ("compare_empty_right", vec![]),
            Msg::Compared {
                left,
                relation,
                right,
                holds,
            } => {
                let id = match relation {
                    Relation::Equals => "compare_equals",
                    Relation::Differs => "compare_differs",
                    Relation::Contains => "compare_contains",
                    Relation::NotContains => "compare_not_contains",
                };
                let answer = Arg::Sub(if *holds { "yes" } else { "no" }, vec![]);
                (id, vec![("left", val(left)), ("right", val(right)), ("answer", answer)])
            }
            _ => return None,
        })
    }

    /// Reasons that read one view: what it lists, and at which PID.
    fn view_reason_args(&self) -> Option<(&'static str, Args<'_>)> {
        Some(match self {
            Msg::ViewCut { view: v } => ("view_cut", vec![("view", view(v))]),
            Msg::ViewEmpty { view: v } => ("view_empty", vec![("view", view(v))]),
            Msg::ViewNotAsked { view: v, pids: p, name } => (
                if p.len() == 1 {
                    "view_not_asked_one"
                } else {
                    "view_not_asked_many"
                },
                vec![("view", view(v)), ("pids", Arg::Val(pids(p))), ("name", val(name))],
            ),
            Msg::ViewNotCounted { view: v, name } => ("view_not_counted", vec![("view", view(v)), ("name", val(name))]),
            Msg::TopLists { names } => ("top_lists", vec![("names", Arg::Val(names.join(", ")))]),
            Msg::TopLacks { missing, listed } => (
                "top_lacks",
                vec![("missing", Arg::Val(missing.join(", "))), ("listed", procs(listed))],
            ),
            Msg::ViewLists { view: v, found } => ("view_lists", vec![("view", view(v)), ("found", procs(found))]),
            Msg::ViewLacks {
                view: v,
                missing,
                listed,
            } => (
                "view_lacks",
                vec![
                    ("view", view(v)),
                    ("missing", Arg::Val(missing.join(", "))),
                    ("listed", procs(listed)),
                ],
            ),
            _ => return self.pid_reason_args(),
        })
    }

    /// Reasons about the process at one PID of a view.
    fn pid_reason_args(&self) -> Option<(&'static str, Args<'_>)> {
        let at = |v: &View, pid: &u32, more: &[(&'static str, &String)]| {
            let mut a = vec![("view", view(v)), ("pid", num(*pid))];
            a.extend(more.iter().map(|(k, s)| (*k, val(s))));
            a
        };
        Some(match self {
            Msg::PidIs {
                view: v,
                pid,
                name,
                cmd,
            } => ("pid_is", at(v, pid, &[("name", name), ("cmd", cmd)])),
            Msg::PidIsOther {
                view: v,
                pid,
                got,
                name,
            } => ("pid_is_other", at(v, pid, &[("got", got), ("name", name)])),
            Msg::PidMissing { view: v, pid, listed } => {
                let mut a = at(v, pid, &[]);
                a.push(("listed", procs(listed)));
                ("pid_missing", a)
            }
            Msg::PidIsItself { view: v, pid, name } => ("pid_is_itself", at(v, pid, &[("name", name)])),
            Msg::PidIsOtherThan {
                view: v,
                pid,
                got,
                cmd,
                name,
            } => (
                "pid_is_other_than",
                at(v, pid, &[("got", got), ("cmd", cmd), ("name", name)]),
            ),
            Msg::PidMissingCannotShow { view: v, pid } => ("pid_missing_cannot_show", at(v, pid, &[])),
            _ => return None,
        })
    }

    /// Reasons about the host's processes: `visible_on_host`, `hidden_from_host`, `host_process_count`.
    fn host_reason_args(&self) -> Option<(&'static str, Args<'_>)> {
        Some(match self {
            Msg::TopNoName { name, listed } => ("top_no_name", vec![("name", val(name)), ("listed", procs(listed))]),
            Msg::SameProcessOnHost { name, pid, host_name } => (
                "same_process_on_host",
                vec![("name", val(name)), ("pid", num(*pid)), ("host_name", val(host_name))],
            ),
            Msg::NotOnHost { name, facts } => (
                "not_on_host",
                vec![
                    ("name", val(name)),
                    ("facts", on_host(facts, "on_host_pid_named", "on_host_pid_absent", "; ")),
                ],
            ),
            Msg::TopEmpty => ("top_empty", vec![]),
            Msg::TopNoNameNotSandboxed { name, listed } => (
                "top_no_name_not_sandboxed",
                vec![("name", val(name)), ("listed", procs(listed))],
            ),
            Msg::WorkloadOnHost { pid, name } => ("workload_on_host", vec![("pid", num(*pid)), ("name", val(name))]),
            Msg::HiddenFromHost { listed, seen, name } => (
                "hidden_from_host",
                vec![
                    ("listed", procs(listed)),
                    ("seen", on_host(seen, "host_pid_named", "host_pid_absent", ", ")),
                    ("name", val(name)),
                ],
            ),
            _ => return self.count_args(),
        })
    }

    /// The facts a `host_process_count` claim is judged by.
    fn count_args(&self) -> Option<(&'static str, Args<'_>)> {
        Some(match self {
            Msg::NoSandboxWorker => ("no_sandbox_worker", vec![]),
            Msg::Facts { parts } => (
                "facts",
                vec![("parts", Arg::Join(parts.iter().map(Arg::Text).collect(), "; "))],
            ),
            Msg::CountTotal { total, name } => ("count_total", vec![("total", num(total)), ("name", val(name))]),
            Msg::CountSince {
                before,
                new,
                earlier,
                need,
                containers,
            } => (
                "count_since",
                vec![
                    ("before", val(before)),
                    ("n", num(new.len())),
                    ("new", pids_or_none(new)),
                    ("earlier", pids_or_none(earlier)),
                    ("need", num(need)),
                    ("containers", num(containers)),
                ],
            ),
            Msg::CountOfContainer { n, step, id } => (
                "count_of_container",
                vec![("n", num(n)), ("step", val(step)), ("id", val(id))],
            ),
            Msg::CountUntied { need, containers } => (
                "count_untied",
                vec![("need", num(need)), ("containers", num(containers))],
            ),
            Msg::CountAtLeast { min } => ("count_at_least", vec![("min", num(min))]),
            Msg::CountAtMost { max } => ("count_at_most", vec![("max", num(max))]),
            Msg::ZeroPerContainer => ("zero_per_container", vec![]),
            _ => return None,
        })
    }

    /// Reasons of a `pid_numbering` claim: the process inside, then what the outside view shows.
    fn numbering_args(&self) -> Option<(&'static str, Args<'_>)> {
        let seen = |i: &Inside, outside: &View, p: &[u32]| {
            vec![
                ("inside", view(&i.view)),
                ("name", val(&i.name)),
                ("in_pids", Arg::Val(pids(&i.pids))),
                ("outside", view(outside)),
                ("pids", Arg::Val(pids(p))),
            ]
        };
        Some(match self {
            Msg::NumberingNoName { view: v, name, listed } => (
                "numbering_no_name",
                vec![("view", view(v)), ("name", val(name)), ("listed", procs(listed))],
            ),
            Msg::NumberingOutsideLacks {
                inside,
                outside,
                listed,
            } => {
                let mut a = seen(inside, outside, &[]);
                a.push(("listed", procs(listed)));
                ("numbering_outside_lacks", a)
            }
            Msg::NumberingOwn {
                inside,
                outside,
                pids: p,
            } => ("numbering_own", seen(inside, outside, p)),
            Msg::NumberingSameNumber {
                inside,
                outside,
                pids: p,
            } => ("numbering_same_number", seen(inside, outside, p)),
            Msg::NumberingShared {
                inside,
                outside,
                pids: p,
                same,
                unnamed,
            } => {
                let mut a = seen(inside, outside, p);
                // A sandbox's top takes its names from the host's table, not the workload's.
                let note = if *unnamed {
                    Arg::Sub("numbering_unnamed_note", vec![("name", val(&inside.name))])
                } else {
                    Arg::Val(String::new())
                };
                a.push(("note", note));
                let id = match (same, p.is_empty()) {
                    (true, _) => "numbering_same_pids",
                    (false, false) => "numbering_other_pids",
                    (false, true) => "numbering_no_pids",
                };
                (id, a)
            }
            _ => return None,
        })
    }
}

impl Msg {
    /// A stored verdict overruled by the record's own evidence.
    fn overruled_args(&self) -> Option<(&'static str, Args<'_>)> {
        let v = |s: &String| Arg::Val(s.clone());
        Some(match self {
            Msg::Overruled { stored, judged, reason } => (
                "overruled",
                vec![
                    ("stored", verdict(stored)),
                    ("judged", verdict(judged)),
                    ("reason", Arg::Text(reason)),
                ],
            ),
            Msg::OverruledClaim { file, claim, notice } => (
                "overruled_claim",
                vec![("file", v(file)), ("claim", v(claim)), ("notice", Arg::Text(notice))],
            ),
            Msg::ResultWithoutClaim { file, claim, stored } => (
                "result_without_claim",
                vec![("file", v(file)), ("claim", v(claim)), ("stored", verdict(stored))],
            ),
            _ => return None,
        })
    }
}

/// A verdict by its id (`proven`, `not-run`, …), as its label in the
/// sentence's language; an id this build does not know is written as it is.
fn verdict(id: &str) -> Arg<'static> {
    match id {
        "proven" => Arg::Sub("verdict_proven", vec![]),
        "refuted" => Arg::Sub("verdict_refuted", vec![]),
        "not-run" => Arg::Sub("verdict_not_run", vec![]),
        "timeout" => Arg::Sub("verdict_timeout", vec![]),
        "error" => Arg::Sub("verdict_error", vec![]),
        other => Arg::Val(other.to_string()),
    }
}

/// id, English, Korean, as in `super::TEMPLATES`. The views (`{view}`) end in
/// a noun with a final consonant in Korean (출력, 목록), yet the Korean avoids
/// particles that depend on it after parameters: a number or a name read
/// aloud decides 이/가, so `PID {pid} 프로세스가` carries the particle instead.
pub(super) const TEMPLATES: &[(&str, &str, &str)] = &[
    // The Korean names the verdict with 판정 after it, so no particle follows a label.
    (
        "overruled",
        "This record says {stored}; its evidence says {judged}: {reason}",
        "이 기록에는 {stored} 판정이 저장되어 있지만, 기록에 담긴 증거로 다시 판정하면 {judged} 판정입니다. 근거: {reason}",
    ),
    ("overruled_claim", "{file}: claim `{claim}`: {notice}", "{file}: `{claim}` 주장: {notice}"),
    (
        "result_without_claim",
        "{file}: the record has a verdict ({stored}) for claim `{claim}`, which the lesson it carries does not have; it is left out",
        "{file}: 기록에 `{claim}` 주장의 판정({stored})이 있지만, 기록에 담긴 레슨에는 이 주장이 없습니다. 이 판정은 보여 주지 않습니다",
    ),
    ("verdict_proven", "PROVEN", "증명됨"),
    ("verdict_refuted", "REFUTED", "반박됨"),
    ("verdict_not_run", "NOT RUN", "실행하지 않음"),
    ("verdict_timeout", "TIMED OUT", "시간 초과"),
    ("verdict_error", "ERROR", "오류"),
    ("view_top", "the engine's top (`{step}`)", "엔진의 `top` 출력(`{step}`)"),
    ("view_host", "the host's process table (`{step}`)", "호스트 프로세스 목록(`{step}`)"),
    (
        "view_inside",
        "the container's own process list (`{step}`)",
        "컨테이너 안의 프로세스 목록(`{step}`)",
    ),
    ("nothing", "nothing", "없음"),
    ("none", "none", "없음"),
    ("yes", "yes", "예"),
    ("no", "no", "아니요"),
    ("proc_item", "{name} (PID {pid})", "{name}(PID {pid})"),
    // The steps a claim reads.
    (
        "claim_step_not_run",
        "step `{step}` did not run: {reason}",
        "`{step}` 단계가 실행되지 않았습니다: {reason}",
    ),
    (
        "claim_step_timed_out",
        "step `{step}` timed out after {after}",
        "`{step}` 단계가 {after} 만에 시간 초과로 끝났습니다",
    ),
    (
        "claim_step_failed",
        "step `{step}` failed: {message}",
        "`{step}` 단계가 실패했습니다: {message}",
    ),
    (
        "step_no_field",
        "step `{step}` captured no `{field}`",
        "`{step}` 단계에서 수집한 `{field}` 값이 없습니다",
    ),
    // compare
    (
        "compare_cut",
        "the output of step `{step}` was cut at the build's output cap, so only finding the text in what was kept would decide this",
        "`{step}` 단계의 출력이 빌드의 출력 한도를 넘어 잘렸으므로, 남은 출력에서 찾는 문자열이 나올 때만 판정할 수 있습니다",
    ),
    (
        "compare_empty_right",
        "there is nothing to look for: the right-hand value is empty",
        "오른쪽 값이 비어 있어 찾을 것이 없습니다",
    ),
    ("compare_equals", "`{left}` equals `{right}`: {answer}", "`{left}` 값과 `{right}` 값이 같은가: {answer}"),
    (
        "compare_differs",
        "`{left}` differs from `{right}`: {answer}",
        "`{left}` 값과 `{right}` 값이 다른가: {answer}",
    ),
    (
        "compare_contains",
        "`{left}` contains `{right}`: {answer}",
        "`{left}` 안에 `{right}` 문자열이 있는가: {answer}",
    ),
    (
        "compare_not_contains",
        "`{left}` does not contain `{right}`: {answer}",
        "`{left}` 안에 `{right}` 문자열이 없는가: {answer}",
    ),
    // One view: what it lists, and at which PID.
    (
        "view_cut",
        "{view} was cut at the build's output cap, so what it does not show may be in the part that was not kept",
        "{view} 중 일부가 빌드의 출력 한도를 넘어 잘렸습니다. 여기에 보이지 않는 프로세스가 잘려 나간 부분에 있을 수 있습니다",
    ),
    (
        "view_empty",
        "{view} lists no processes at all, so there is nothing to read",
        "{view}에 프로세스가 하나도 없어 읽을 것이 없습니다",
    ),
    (
        "view_not_asked_one",
        "{view} was not asked for PID {pids} nor for every `{name}` process, so that it does not hold it shows nothing; look the PIDs up with `pids_from`",
        "{view}에서는 PID {pids}도, 모든 `{name}` 프로세스도 조회하지 않았으므로 목록에 없다는 사실만으로는 알 수 있는 것이 없습니다. `pids_from`으로 PID를 조회하세요",
    ),
    (
        "view_not_asked_many",
        "{view} was not asked for PID {pids} nor for every `{name}` process, so that it does not hold them shows nothing; look the PIDs up with `pids_from`",
        "{view}에서는 PID {pids}도, 모든 `{name}` 프로세스도 조회하지 않았으므로 목록에 없다는 사실만으로는 알 수 있는 것이 없습니다. `pids_from`으로 PID를 조회하세요",
    ),
    (
        "view_not_counted",
        "{view} was not asked for every process named `{name}`, so it cannot count them",
        "{view}에서는 이름이 `{name}`인 프로세스를 모두 조회하지 않았으므로 그 수를 셀 수 없습니다",
    ),
    ("top_lists", "top lists {names}", "`top` 출력에 있는 프로세스: {names}"),
    (
        "top_lacks",
        "top does not list {missing} (it lists {listed})",
        "`top` 출력에 {missing} 프로세스가 없습니다(목록: {listed})",
    ),
    ("view_lists", "{view} lists {found}", "{view}에 있는 프로세스: {found}"),
    (
        "view_lacks",
        "{view} does not list {missing} (it lists {listed})",
        "{view}에 {missing} 프로세스가 없습니다(목록: {listed})",
    ),
    (
        "pid_is",
        "in {view} PID {pid} is `{name}` ({cmd})",
        "{view}에서 PID {pid} 프로세스는 `{name}`입니다({cmd})",
    ),
    (
        "pid_is_other",
        "in {view} PID {pid} is `{got}`, not `{name}`",
        "{view}에서 PID {pid} 프로세스는 `{name}` 프로세스가 아니라 `{got}`입니다",
    ),
    (
        "pid_missing",
        "{view} has no PID {pid} (it lists {listed})",
        "{view}에 PID {pid} 프로세스가 없습니다(목록: {listed})",
    ),
    (
        "pid_is_itself",
        "in {view} PID {pid} is `{name}` itself",
        "{view}에서 PID {pid} 프로세스가 바로 `{name}`입니다",
    ),
    (
        "pid_is_other_than",
        "in {view} PID {pid} is `{got}` ({cmd}), not `{name}`",
        "{view}에서 PID {pid} 프로세스는 `{name}` 프로세스가 아니라 `{got}`입니다({cmd})",
    ),
    (
        "pid_missing_cannot_show",
        "{view} has no PID {pid}, so it cannot show which process that is",
        "{view}에 PID {pid} 프로세스가 없으므로 그 PID가 어떤 프로세스인지 보여 줄 수 없습니다",
    ),
    // The host's processes.
    (
        "top_no_name",
        "the engine's top lists no `{name}` process for the container (it lists {listed})",
        "엔진의 `top` 출력에 이 컨테이너의 `{name}` 프로세스가 없습니다(목록: {listed})",
    ),
    (
        "same_process_on_host",
        "top reports `{name}` as PID {pid}; the host's process table has PID {pid} named `{host_name}`",
        "`top` 출력에서 `{name}` 프로세스의 PID는 {pid}이고, 호스트 프로세스 목록에서도 PID {pid} 프로세스의 이름이 `{host_name}`입니다",
    ),
    (
        "not_on_host",
        "top reports `{name}` but {facts}",
        "`top` 출력에는 `{name}` 프로세스가 있지만 {facts}",
    ),
    (
        "on_host_pid_named",
        "PID {pid} on the host is `{name}`",
        "호스트의 PID {pid} 프로세스는 `{name}`입니다",
    ),
    (
        "on_host_pid_absent",
        "PID {pid} on the host is not in the captured host table",
        "PID {pid} 프로세스는 수집한 호스트 프로세스 목록에 없습니다",
    ),
    (
        "top_empty",
        "the engine's top listed no processes, so there is nothing to look for on the host",
        "엔진의 `top` 출력에 프로세스가 하나도 없어 호스트에서 찾아볼 것이 없습니다",
    ),
    (
        "top_no_name_not_sandboxed",
        "the engine's top lists no `{name}` process for a container that is not sandboxed (it lists {listed}), so there is nothing to look for on the host",
        "샌드박스가 아닌 컨테이너인데 엔진의 `top` 출력에 `{name}` 프로세스가 없으므로(목록: {listed}) 호스트에서 찾아볼 것이 없습니다",
    ),
    (
        "workload_on_host",
        "top reports PID {pid} and the host has PID {pid} named `{name}`: the workload is a host process",
        "`top` 출력의 PID {pid} 프로세스가 호스트에도 같은 PID로 있고 이름도 `{name}`입니다. 워크로드가 호스트 프로세스로 실행됩니다",
    ),
    (
        "hidden_from_host",
        "top reports {listed}; on the host {seen} — none is `{name}`",
        "`top` 출력: {listed}. 호스트에서 확인한 결과: {seen}. 어느 것도 `{name}` 프로세스가 아닙니다",
    ),
    ("host_pid_named", "PID {pid} is `{name}`", "PID {pid}: `{name}`"),
    (
        "host_pid_absent",
        "PID {pid} is not in the captured host table",
        "PID {pid}: 수집한 호스트 프로세스 목록에 없음",
    ),
    // Counting host processes.
    (
        "no_sandbox_worker",
        "this host has no sandboxing runtime, so there is no VM worker to count",
        "이 호스트에는 샌드박스 런타임이 없으므로 셀 VM 작업자 프로세스가 없습니다",
    ),
    ("facts", "{parts}", "{parts}"),
    (
        "count_total",
        "{total} host process(es) named `{name}`",
        "이름이 `{name}`인 호스트 프로세스 {total}개",
    ),
    (
        "count_since",
        "no worker names a container, so they are counted by what appeared since `{before}`: {n} new (PIDs {new}; before: {earlier}), at least {need} expected for {containers} container(s)",
        "컨테이너를 이름으로 가리키는 작업자 프로세스가 없어 `{before}` 이후에 새로 나타난 것을 셉니다: 새 프로세스 {n}개(PID {new}, 이전: {earlier}), 컨테이너 {containers}개에 최소 {need}개 필요",
    ),
    (
        "count_of_container",
        "{n} belong to container `{step}` ({id})",
        "`{step}` 컨테이너({id})의 작업자 프로세스 {n}개",
    ),
    (
        "count_untied",
        "{need} expected for {containers} container(s); the capture cannot tie workers to containers",
        "컨테이너 {containers}개에 {need}개 필요(수집한 출력으로는 작업자 프로세스가 어느 컨테이너의 것인지 알 수 없음)",
    ),
    ("count_at_least", "at least {min} expected", "최소 {min}개 필요"),
    ("count_at_most", "at most {max} expected", "최대 {max}개 허용"),
    (
        "zero_per_container",
        "no worker names a container, so only a lower bound per container can be shown, and a bound of 0 holds whatever the host runs",
        "컨테이너를 이름으로 가리키는 작업자 프로세스가 없어 컨테이너당 최솟값만 확인할 수 있는데, 최솟값 0은 호스트에서 무엇이 실행되든 항상 성립합니다",
    ),
    // pid_numbering: the process inside, then the outside view.
    (
        "numbering_no_name",
        "{view} lists no `{name}` (it lists {listed})",
        "{view}에 `{name}` 프로세스가 없습니다(목록: {listed})",
    ),
    (
        "numbering_outside_lacks",
        "{inside} has `{name}` as PID {in_pids}, but {outside} does not list `{name}` at all (it lists {listed})",
        "{inside}에서 `{name}` 프로세스의 PID는 {in_pids}이지만, {outside}에는 `{name}` 프로세스가 아예 없습니다(목록: {listed})",
    ),
    (
        "numbering_own",
        "{inside} has `{name}` as PID {in_pids}; {outside} lists it as PID {pids}",
        "{inside}에서 `{name}` 프로세스의 PID는 {in_pids}이고, {outside}에서는 PID {pids}입니다",
    ),
    (
        "numbering_same_number",
        "{inside} has `{name}` as PID {in_pids}, and {outside} uses the same number ({pids})",
        "{inside}에서 `{name}` 프로세스의 PID는 {in_pids}이고, {outside}에서도 같은 번호({pids})를 씁니다",
    ),
    (
        "numbering_same_pids",
        "{inside} has `{name}` as PID {in_pids}, and {outside} reports PID {pids}{note}",
        "{inside}에서 `{name}` 프로세스의 PID는 {in_pids}이고, {outside}에서 보고한 PID도 {pids}입니다{note}",
    ),
    (
        "numbering_other_pids",
        "{inside} has `{name}` as PID {in_pids}, but {outside} reports PID {pids}{note}",
        "{inside}에서 `{name}` 프로세스의 PID는 {in_pids}이지만, {outside}에서 보고한 PID는 {pids}입니다{note}",
    ),
    (
        "numbering_no_pids",
        "{inside} has `{name}` as PID {in_pids}, but {outside} reports PID none{note}",
        "{inside}에서 `{name}` 프로세스의 PID는 {in_pids}이지만, {outside}에서 보고한 PID가 없습니다{note}",
    ),
    (
        "numbering_unnamed_note",
        " (it names no `{name}`; the names beside its PIDs come from the host's table)",
        "(여기에는 `{name}` 프로세스가 없으며, PID 옆의 이름은 호스트 프로세스 목록에서 가져온 것입니다)",
    ),
];
