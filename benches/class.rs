//! Rendering a class of hosts, as an instructor does with every learner's
//! `book/records/<host>/`: `proofbook render --records CLASS` on PB_BENCH_HOSTS
//! (default 100) learners' folders made from real records
//! (benches/common/class.rs: some learners' evidence changed and judged
//! again, so the compare page has groups that disagree with the book).
//!
//! The records are a build's of the shipped lessons on PB_BENCH_ENGINE, or
//! PB_BENCH_RECORDS. Each round runs the release binary end to end — reading
//! and judging every record again, every page, the compare page in both
//! languages — and reports wall time, peak memory and CPU time (with
//! /usr/bin/time; CPU time holds up on a loaded machine, wall time does not) and
//! what it wrote. Run: `PROOFBOOK_OFFLINE=1 cargo bench --bench class`.
//! Reports; asserts nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "common/class.rs"]
mod class;
#[path = "common/records.rs"]
mod records;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let (hosts, rounds) = (env("PB_BENCH_HOSTS", 100), env("PB_BENCH_ROUNDS", 3));
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::Builder::new()
        .prefix("pb-bench-class")
        .tempdir()
        .expect("temp dir");
    let Some(dir) = records::records_dir(&repo, work.path()) else {
        return;
    };
    let base = records::read_records(&dir);
    assert!(!base.is_empty(), "records in {}", dir.display());
    let folder = work.path().join("class");
    class::write_class(&base, hosts, &folder);
    println!(
        "{hosts} learners' folders of {} records each ({} records, {:.1} MB)",
        base.len(),
        hosts * base.len(),
        du(&folder) as f64 / 1e6
    );
    let mut times = Vec::new();
    for round in 0..rounds {
        let out = work.path().join(format!("book-{round}"));
        let (took, rss) = render(&folder, &out);
        times.push(took);
        let compare = std::fs::read_to_string(out.join("compare.html")).expect("compare.html");
        println!(
            "round {round}: render {:.2} s, max RSS {rss}; compare.html {:.0} KB ({} groups, {} rows), book {:.1} MB in {} files",
            took.as_secs_f64(),
            compare.len() as f64 / 1e3,
            compare.matches("<li class=\"group").count(),
            compare.matches("<tr data-claim=").count(),
            du(&out) as f64 / 1e6,
            files(&out)
        );
    }
    times.sort();
    let median = times[times.len() / 2].as_secs_f64();
    println!(
        "\nmedian of {rounds} rounds, {hosts} hosts: render {median:.2} s ({:.1} ms a host)",
        median * 1e3 / hosts as f64
    );
    println!(
        "load average at end: {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
}

/// One `proofbook render --records CLASS --out OUT`: wall time, and peak RSS when /usr/bin/time can say.
fn render(class: &Path, out: &Path) -> (Duration, String) {
    let timed = Path::new("/usr/bin/time").is_file();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M %U %S"]).arg(env!("CARGO_BIN_EXE_proofbook"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_proofbook"))
    };
    cmd.arg("render").arg("--records").arg(class).arg("--out").arg(out);
    let t0 = Instant::now();
    let o = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("proofbook runs");
    let took = t0.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "render: {err}");
    // /usr/bin/time's last line: max RSS (KB), user and system CPU seconds.
    let nums: Vec<f64> = err
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let rss = match nums[..] {
        [kb, user, sys] if timed => format!("{:.1} MB, CPU {:.2} s", kb / 1e3, user + sys),
        _ => "not measured".to_string(),
    };
    (took, rss)
}

fn walk(dir: &Path) -> impl Iterator<Item = std::fs::Metadata> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
}

fn du(dir: &Path) -> u64 {
    walk(dir).map(|m| m.len()).sum()
}

fn files(dir: &Path) -> usize {
    walk(dir).count()
}
