//! `proofbook check` on generated lessons, to show its cost grows linearly
//! with a lesson's size (a rescan of the text before every block makes it
//! quadratic: 10,000 steps took 2.8 s and 40,000 took 39 s). Target: a 20,000-step
//! lesson in under 1 s on the 2-CPU machine of docs/performance.md, in
//! release. Also times the refusal of 100,000 nested flow lists (200 KB),
//! which the YAML parser took 24 s over before the depth pre-scan.
//!
//! Each size is a lesson in English alone, then in both languages (so the
//! check that the two agree runs too), with prose, `run` and `exec` steps and a claim per pair of
//! steps, as real lessons have. The lesson is checked in-process through
//! `commands::check::run`, what `proofbook check DIR` runs.
//!
//! Run: `cargo bench --bench check`. Knobs: PB_BENCH_ROUNDS (default 5),
//! PB_BENCH_SIZES (default 10000,20000,40000 steps). Reports; asserts nothing.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rounds: usize = env_or("PB_BENCH_ROUNDS", "5").parse().unwrap_or(5);
    let sizes: Vec<usize> = env_or("PB_BENCH_SIZES", "10000,20000,40000")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let work = tempfile::Builder::new()
        .prefix("pb-bench-check")
        .tempdir()
        .expect("temp dir");
    println!("check bench: {rounds} round(s), medians; CPU = this process's user+system time");
    println!("(on a shared machine wall time includes waiting for a CPU; CPU time does not)");
    println!(
        "{:>8} {:>6} {:>10} {:>10} {:>10} {:>14}",
        "steps", "langs", "bytes", "wall", "CPU", "CPU/1k steps"
    );
    let mut per_step = Vec::new();
    for &n in &sizes {
        for langs in [&["en"][..], &["en", "ko"][..]] {
            let dir = work.path().join(format!("n{n}-{}", langs.len()));
            let bytes = write_lesson(&dir, n, langs);
            let (wall, cpu) = measure(rounds, &dir, true);
            let per_k = cpu.as_secs_f64() * 1000.0 / (n * langs.len()) as f64;
            if langs.len() == 1 {
                per_step.push(per_k);
            }
            println!(
                "{n:>8} {:>6} {bytes:>10} {:>8.3} s {:>8.3} s {:>11.1} ms",
                langs.join("+"),
                wall.as_secs_f64(),
                cpu.as_secs_f64(),
                per_k * 1000.0
            );
        }
    }
    if let (Some(first), Some(last)) = (per_step.first(), per_step.last()) {
        println!("CPU per step, largest vs smallest: {:.2}x (1.0 = linear)", last / first);
    }
    let deep = work.path().join("deep");
    write_deep(&deep, 100_000);
    let (wall, cpu) = measure(rounds, &deep, false);
    println!(
        "100,000 nested flow lists (refused): {:.3} s wall, {:.3} s CPU",
        wall.as_secs_f64(),
        cpu.as_secs_f64()
    );
}

/// Median wall and CPU time of `rounds` checks of `dir`.
fn measure(rounds: usize, dir: &Path, ok: bool) -> (Duration, Duration) {
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let cpu = cpu_time();
        walls.push(time_check(dir, ok));
        cpus.push(cpu_time().saturating_sub(cpu));
    }
    (median(walls), median(cpus))
}

/// This process's CPU time so far (user + system); zero where not known.
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } == 0 {
            let t = |tv: libc::timeval| Duration::new(tv.tv_sec as u64, tv.tv_usec as u32 * 1000);
            return t(u.ru_utime) + t(u.ru_stime);
        }
    }
    Duration::ZERO
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| default.into())
}

/// Checks the lessons in `dir`; `ok` says whether they are expected to pass.
fn time_check(dir: &Path, ok: bool) -> Duration {
    let start = Instant::now();
    let result = proofbook::commands::check::run(proofbook::commands::check::CheckArgs {
        paths: vec![dir.to_path_buf()],
    });
    let took = start.elapsed();
    assert_eq!(result.is_ok(), ok, "check of {}: {:?}", dir.display(), result.err());
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A lesson of about `steps` steps in each of `langs`; returns one file's size.
fn write_lesson(dir: &Path, steps: usize, langs: &[&str]) -> usize {
    std::fs::create_dir_all(dir).unwrap();
    let mut size = 0;
    for lang in langs {
        let text = lesson(steps, lang);
        size = text.len();
        std::fs::write(dir.join(format!("big.{lang}.md")), text).unwrap();
    }
    size
}

fn lesson(steps: usize, lang: &str) -> String {
    let mut s = format!("---\ntitle: Big\nlang: {lang}\nlesson: big\norder: 1\nsummary: generated\n---\n\n");
    s.push_str("```step\nid: host\nhost_info: {}\n```\n\n");
    for i in 0..(steps - 1) / 2 {
        s.push_str(&format!(
            "Group {i}: prose with `code` and a [link](https://example.org/{i}).\n\n\
             ```step\nid: run-{i}\ntimeout: 60\nrun:\n  image: busybox\n  isolation: process\n  command: [sleep, \"3600\"]\n```\n\n\
             ```step\nid: ver-{i}\nexec:\n  container: run-{i}\n  command: [uname, -r]\n```\n\n\
             ```claim\nid: c-{i}\nsays: Kernel {i} is the host's.\ncheck:\n  kind: compare\n  \
             left: {{step: ver-{i}, field: stdout}}\n  op: contains\n  right: {{step: host, field: kernel_release}}\n```\n\n"
        ));
    }
    s
}

fn write_deep(dir: &Path, levels: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let text = format!(
        "---\ntitle: Deep\nlang: en\nlesson: deep\norder: 1\nsummary: s\n---\n\n```step\nid: a\nhost_info: {}{}\n```\n",
        "[".repeat(levels),
        "]".repeat(levels)
    );
    std::fs::write(dir.join("deep.en.md"), text).unwrap();
}
