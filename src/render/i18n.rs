//! UI strings of the book in each lesson language. Prose comes from the
//! lessons; everything proofbook itself says on a page comes from here.

/// Declares [`Ui`] and its English and Korean values from one list, each
/// string beside its translation: a field missing in a language, or a
/// mistyped name where a string is used, does not compile.
macro_rules! ui_strings {
    ($($key:ident $(as $name:literal)?: $en:expr, $ko:expr;)*) => {
        /// The book's own words in one language. Templates read it as `t.key`
        /// (and `t[verdict]`, `t["a_" ~ action]`, `t["lang_" ~ lang]`: its
        /// serialized names are the keys).
        #[derive(Debug, serde::Serialize)]
        pub(crate) struct Ui {
            $($(#[serde(rename = $name)])? pub $key: &'static str,)*
        }
        static EN: Ui = Ui { $($key: $en,)* };
        static KO: Ui = Ui { $($key: $ko,)* };
    };
}

ui_strings! {
    book_title: "proofbook — container isolation, proven on this machine", "proofbook — 이 컴퓨터에서 증명하는 컨테이너 격리";
    lessons: "Lessons", "레슨";
    claim: "Claim", "주장";
    verdict: "Verdict", "판정";
    why: "Why", "근거";
    host: "Host", "호스트";
    this_host: "The host these verdicts come from", "이 판정이 나온 호스트";
    os: "Operating system", "운영체제";
    build: "Build", "빌드";
    kernel: "Kernel", "커널";
    engine: "Engine", "엔진";
    runtimes: "Runtimes", "런타임";
    isolation_map: "Isolation modes on this host", "이 호스트의 격리 방식";
    default_isolation: "Isolation when none is asked for", "격리 모드를 지정하지 않을 때";
    captured: "Evidence captured", "증거 수집 시각";
    live: "captured live by this build", "이번 빌드에서 직접 수집";
    recorded: "recorded elsewhere and shipped with the book", "다른 곳에서 기록되어 책과 함께 제공됨";
    step: "Step", "단계";
    host_command: "On the host", "호스트에서";
    no_output: "(nothing captured)", "(수집된 내용 없음)";
    proven: "PROVEN", "증명됨";
    refuted: "REFUTED", "반박됨";
    not_run as "not-run": "NOT RUN", "실행하지 않음";
    timeout: "TIMED OUT", "시간 초과";
    error: "ERROR", "오류";
    ok: "ran", "실행됨";
    handout: "Printable handout", "인쇄용 자료";
    index: "All lessons", "전체 레슨";
    other_lang: "한국어", "English";
    compare: "Hosts compared", "호스트 비교";
    compare_intro: "Each row is a claim, each column a host; a cell is that host's verdict and links to its evidence. Claims on which a host disagrees with the book come first, then those on which hosts differ.", "행은 주장, 열은 호스트입니다. 각 칸은 그 호스트의 판정이며, 누르면 그 호스트의 증거로 이동합니다. 책과 다른 판정이 나온 주장이 먼저 나오고, 호스트마다 판정이 갈린 주장이 그다음입니다.";
    class_view: "Hosts grouped by verdict", "판정이 같은 호스트끼리 묶기";
    class_intro: "Hosts with the same verdict on every claim form one group. Groups that disagree with the book come first, then those that could not check a claim another host proved.", "모든 주장에서 판정이 같은 호스트를 한 묶음으로 보여 줍니다. 책과 다른 판정이 나온 묶음이 먼저 나오고, 다른 호스트에서는 증명된 주장을 확인하지 못한 묶음이 그다음입니다.";
    group: "Group", "묶음";
    disagrees: "Disagrees with the book", "책과 다른 판정";
    unchecked: "Not checked here, proven on another host", "여기서는 확인하지 못했지만 다른 호스트에서는 증명됨";
    agrees: "Agrees with the book on every claim it could check.", "확인할 수 있었던 주장은 모두 책과 같은 판정입니다.";
    claims_by_host: "Every claim on every host", "모든 호스트의 주장별 판정";
    only_differ: "Only the claims on which hosts differ", "호스트마다 판정이 다른 주장만 보기";
    tally_head: "Across hosts", "호스트별 집계";
    no_engine_note: "Rendered from stored run records; no engine was contacted to make this page.", "저장된 실행 기록으로 만든 페이지입니다. 이 페이지를 만들 때 엔진에 접속하지 않았습니다.";
    pid: "PID", "PID";
    name: "Name", "이름";
    user: "User", "사용자";
    cmdline: "Command line", "명령줄";
    exists: "exists", "있음";
    absent: "does not exist", "없음";
    exit_code: "exit code", "종료 코드";
    run_id: "Run", "실행 ID";
    k_container: "container", "컨테이너";
    k_image: "image", "이미지";
    k_isolation: "isolation", "격리";
    k_state: "state", "상태";
    k_engine: "engine", "엔진";
    k_exists: "on the host", "호스트에";
    hostname: "Host name", "호스트 이름";
    proofbook_host: "proofbook ran on", "proofbook을 실행한 머신";
    not_engine_machine: "not the engine's machine; every other fact here is the engine's machine's", "엔진이 있는 컴퓨터가 아닙니다. 이 카드의 다른 정보는 모두 엔진이 있는 컴퓨터의 정보입니다";
    path: "path", "경로";
    filter: "filtered by", "필터";
    stderr: "stderr", "표준 오류";
    unknown: "not recorded", "기록 없음";
    lang_en: "English", "영어";
    lang_ko: "Korean", "한국어";
    a_run: "start a container", "컨테이너 실행";
    a_top: "the engine's process list", "엔진의 프로세스 목록";
    a_host_processes: "the host's process table", "호스트의 프로세스 목록";
    a_exec: "run a command in the container", "컨테이너 안에서 명령 실행";
    a_host_info: "describe the host", "호스트 정보";
    a_host_file: "look for a file on the host", "호스트에서 파일 확인";
    a_adopt: "exercise: a container you start", "실습: 직접 실행하는 컨테이너";
    k_runtime: "runtime", "런타임";
    exercise: "Exercise", "실습";
    task: "Your task", "할 일";
    hint: "Hint", "힌트";
    yours: "your own container, checked by proofbook verify", "proofbook verify로 확인한 내 컨테이너";
    a_host_registry: "look in the host's registry", "호스트의 레지스트리 확인";
    registry_key: "registry key", "레지스트리 키";
    registry_value: "value", "값";
    recorded_banner: "Recorded evidence, not captured on this machine:", "이 컴퓨터에서 수집하지 않은, 기록된 증거입니다:";
    verdict_counts: "Verdicts", "판정 요약";
    default: "default", "기본값";
    host_worker: "host worker", "호스트의 작업자 프로세스";
    search: "Search", "검색";
    search_placeholder: "Search this book (e.g. vmwp)", "이 책에서 검색 (예: 격리)";
    search_lesson: "Lesson", "레슨";
    search_prose: "Text", "본문";
    search_none: "Nothing in this book matches.", "이 책에서 찾은 내용이 없습니다.";
    search_count: "Found in {n} places.", "{n}곳에서 찾았습니다.";
    search_offline: "Search runs in this page, from an index written with the book: nothing is sent anywhere.", "검색은 이 페이지 안에서, 책과 함께 만든 색인으로 실행됩니다. 어디에도 전송하지 않습니다.";
    folded_note: "On paper, long command lines, cells and tables are shortened (…, +N rows); each lesson's page has the full evidence.", "인쇄본에서는 긴 명령줄·칸·표를 줄여서 보여 줍니다(…, +N행). 전체 증거는 각 레슨 페이지에 있습니다.";
}

/// The strings of `lang` (English for any language but Korean).
pub(crate) fn strings(lang: &str) -> &'static Ui {
    if lang == "ko" {
        &KO
    } else {
        &EN
    }
}

impl Ui {
    /// A verdict's label (`PROVEN`, `반박됨`…).
    pub(crate) fn label(&self, v: crate::record::Verdict) -> &'static str {
        use crate::record::Verdict;
        match v {
            Verdict::Proven => self.proven,
            Verdict::Refuted => self.refuted,
            Verdict::NotRun => self.not_run,
            Verdict::Timeout => self.timeout,
            Verdict::Error => self.error,
        }
    }
}

/// The sentence that says a captured stream was cut at the build's cap, in
/// the page's language.
pub(crate) fn cut_note(lang: &str, c: &crate::record::Cut) -> String {
    let ko = lang == "ko";
    let stream = match (c.stream.as_str(), ko) {
        ("stdout", false) => "standard output",
        ("stdout", true) => "표준 출력",
        ("stderr", false) => "standard error",
        ("stderr", true) => "표준 오류",
        ("top", false) => "the engine's process list",
        ("top", true) => "엔진의 프로세스 목록",
        (_, false) => "the host's process table",
        (_, true) => "호스트의 프로세스 표",
    };
    let (kept, cut) = (size(c.kept, ko), size(c.cut, ko));
    if ko {
        format!("출력이 잘렸습니다. {stream}은(는) 앞부분 {kept}만 남겼고, 그 뒤로 읽은 {cut}는 버렸습니다.")
    } else {
        format!("Output was cut: {stream} kept its first {kept}; {cut} more was read and not kept.")
    }
}

/// How many hosts have a verdict on a claim: `28 PROVEN` / `증명됨 28`
/// (Korean puts the count after the label, as a tally reads there).
pub(crate) fn tally(lang: &str, label: &str, n: usize) -> String {
    if lang == "ko" {
        format!("{label} {n}")
    } else {
        format!("{n} {label}")
    }
}

/// `3 hosts` / `호스트 3대`.
pub(crate) fn host_count(lang: &str, n: usize) -> String {
    match (lang == "ko", n) {
        (true, _) => format!("호스트 {n}대"),
        (false, 1) => "1 host".to_string(),
        (false, _) => format!("{n} hosts"),
    }
}

/// `17 claims` / `주장 17개`.
pub(crate) fn claim_count(lang: &str, n: usize) -> String {
    match (lang == "ko", n) {
        (true, _) => format!("주장 {n}개"),
        (false, 1) => "1 claim".to_string(),
        (false, _) => format!("{n} claims"),
    }
}

/// The class view's first sentence: how many of the hosts disagree with the book.
pub(crate) fn hosts_disagree(lang: &str, disagree: usize, hosts: usize) -> String {
    match (lang == "ko", disagree) {
        (true, 0) => format!("호스트 {hosts}대 모두 확인할 수 있었던 주장에서 책과 같은 판정이 나왔습니다."),
        (true, _) => format!("호스트 {hosts}대 중 {disagree}대에서 책과 다른 판정이 하나 이상 나왔습니다."),
        (false, 0) => format!(
            "All {} agree with the book on every claim they could check.",
            host_count(lang, hosts)
        ),
        (false, 1) => format!(
            "1 of {} disagrees with the book on at least one claim.",
            host_count(lang, hosts)
        ),
        (false, _) => format!(
            "{disagree} of {} disagree with the book on at least one claim.",
            host_count(lang, hosts)
        ),
    }
}

/// How many of the page's claims the hosts do not all agree on.
pub(crate) fn claims_differ(lang: &str, differ: usize, claims: usize) -> String {
    match (lang == "ko", differ) {
        (true, 0) => format!("주장 {claims}개 모두 호스트 간 판정이 같습니다."),
        (true, _) => format!("주장 {claims}개 중 {differ}개에서 호스트마다 판정이 다릅니다."),
        (false, 0) => format!("Every host has the same verdict on each of the {claims} claims."),
        (false, 1) => format!("Hosts differ on 1 of {claims} claims."),
        (false, _) => format!("Hosts differ on {differ} of {claims} claims."),
    }
}

fn size(n: u64, ko: bool) -> String {
    const KIB: f64 = 1024.0;
    let f = n as f64;
    if f >= KIB * KIB {
        format!("{:.1} MiB", f / KIB / KIB)
    } else if f >= KIB {
        format!("{:.1} KiB", f / KIB)
    } else if ko {
        format!("{n}바이트")
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Templates look strings up by name at render time, where a missing
    /// one would show as nothing: every `t.key` they use must be a field.
    #[test]
    fn every_key_the_templates_use_exists_in_both_languages() {
        for ui in [strings("en"), strings("ko")] {
            let keys = serde_json::to_value(ui).unwrap();
            let has = |k: &str| keys.get(k).and_then(|v| v.as_str()).is_some_and(|v| !v.is_empty());
            for (name, src) in super::super::TEMPLATES {
                let bytes = src.as_bytes();
                for (i, _) in src.match_indices("t.") {
                    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || b"_.".contains(&bytes[i - 1])) {
                        continue;
                    }
                    let key: String = src[i + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    assert!(has(&key), "{name} uses t.{key}, which is not a UI string");
                }
            }
            use crate::record::{StepOutcome, Verdict};
            for v in [
                Verdict::Proven,
                Verdict::Refuted,
                Verdict::NotRun,
                Verdict::Timeout,
                Verdict::Error,
            ] {
                assert!(has(v.as_str()), "t[{}] is looked up for a verdict", v.as_str());
                assert_eq!(keys[v.as_str()].as_str(), Some(ui.label(v)));
            }
            let timeout = StepOutcome::Timeout { after_ms: 1 };
            for status in [StepOutcome::Ok.label(), timeout.label(), "not-run", "error"] {
                assert!(has(status), "t[{status}] is looked up for a step's status");
            }
        }
        assert_ne!(
            strings("ko").label(crate::record::Verdict::Proven),
            strings("en").proven
        );
    }
}
