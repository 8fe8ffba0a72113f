//! Rendering a book of 1,000 lesson pages from run records
//! (`render::Renderer::render_book`) against `mdbook build` of the same
//! Markdown (the lessons' text, one chapter per page, mdbook's defaults).
//!
//! The records are those of the shipped lessons, taken from a build on
//! PB_BENCH_ENGINE (default unix:///var/run/docker.sock) or read from
//! PB_BENCH_RECORDS (a records folder), and copied under new lesson names
//! up to PB_BENCH_PAGES (default 1000). mdbook is skipped, with a message,
//! when it is not installed (`cargo install mdbook`).
//!
//! Run: `PROOFBOOK_OFFLINE=1 cargo bench --bench render`. Reports a ratio; asserts nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proofbook::record::HostRecords;
use proofbook::record::RunRecord;
use proofbook::render::Renderer;

#[path = "common/records.rs"]
mod records;
use records::{read_records, records_dir};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let pages: usize = std::env::var("PB_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let reps: usize = std::env::var("PB_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::Builder::new()
        .prefix("pb-bench-render")
        .tempdir()
        .expect("temp dir");

    let Some(records_dir) = records_dir(&repo, work.path()) else {
        return;
    };
    let base = read_records(&records_dir);
    assert!(!base.is_empty(), "records in {}", records_dir.display());
    let records = multiply(&base, pages);
    let chars: usize = records.iter().map(|r| markdown_of(r).len()).sum();
    println!(
        "{} lesson page(s) from {} record(s); {:.1} MB of lesson Markdown",
        records.len(),
        base.len(),
        chars as f64 / 1e6
    );

    // mdbook's input: the same lessons' Markdown, one chapter each.
    let md = work.path().join("mdbook");
    write_mdbook(&md, &records);
    let mdbook = mdbook_installed();
    if !mdbook {
        println!("mdbook is not installed (`cargo install mdbook`): the comparison is skipped");
    }

    let hosts = vec![HostRecords {
        label: "local".into(),
        records,
    }];
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..reps {
        let out = work.path().join(format!("book-{round}"));
        let t0 = Instant::now();
        let written = Renderer::new().render_book(&hosts, &out, true).expect("renders");
        ours.push(t0.elapsed());
        if mdbook {
            theirs.push(mdbook_build(&md));
        }
        println!(
            "round {round}: proofbook render {:.2} s ({} files){}",
            ours[round].as_secs_f64(),
            written.len(),
            theirs
                .get(round)
                .map(|t| format!(", mdbook build {:.2} s", t.as_secs_f64()))
                .unwrap_or_default()
        );
    }
    let last = work.path().join(format!("book-{}", reps - 1));
    for lang in ["en", "ko"] {
        if let Ok(m) = std::fs::metadata(last.join(lang).join("search-index.js")) {
            println!("search index ({lang}): {:.1} KB", m.len() as f64 / 1e3);
        }
    }
    let p = median(&ours);
    println!("\nmedian of {reps} rounds, {} pages:", pages);
    println!("  proofbook render_book  {p:.2} s");
    if mdbook {
        let m = median(&theirs);
        println!("  mdbook build           {m:.2} s");
        println!("  proofbook / mdbook     {:.2}x   (target <= 1.0x)", p / m);
    }
    println!(
        "  load average at end    {}",
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
}

fn mdbook_installed() -> bool {
    Command::new("mdbook")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// One `mdbook build` of the book in `md`, from a clean output folder.
fn mdbook_build(md: &Path) -> Duration {
    let _ = std::fs::remove_dir_all(md.join("book"));
    let t0 = Instant::now();
    let st = Command::new("mdbook")
        .arg("build")
        .arg(md)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success(), "mdbook build ran");
    t0.elapsed()
}

/// `n` records: the given ones copied under new lesson names (`<lesson>-0042`).
fn multiply(base: &[RunRecord], n: usize) -> Vec<RunRecord> {
    (0..n)
        .map(|i| {
            let mut r = base[i % base.len()].clone();
            let name = format!("{}-{i:04}", r.lesson);
            r.lesson = name.clone();
            r.doc.meta.lesson = name;
            r.doc.meta.order = i as u32;
            r.title = format!("{} ({i})", r.title);
            r.doc.meta.title = r.title.clone();
            r
        })
        .collect()
}

/// The lesson as Markdown: its title, then its prose and its step / claim blocks as fenced code.
fn markdown_of(r: &RunRecord) -> String {
    let mut s = format!("# {}\n\n{}\n\n", r.doc.meta.title, r.doc.meta.summary);
    for b in &r.doc.blocks {
        match b {
            proofbook::lesson::Block::Prose { markdown } => s.push_str(markdown),
            proofbook::lesson::Block::Step(st) => {
                s.push_str(&format!(
                    "\n```yaml\n{}```\n",
                    serde_yaml::to_string(st).unwrap_or_default()
                ));
            }
            proofbook::lesson::Block::Claim(c) => {
                s.push_str(&format!(
                    "\n```yaml\n{}```\n",
                    serde_yaml::to_string(c).unwrap_or_default()
                ));
            }
        }
    }
    s
}

fn write_mdbook(dir: &Path, records: &[RunRecord]) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"proofbook bench\"\nlanguage = \"en\"\n",
    )
    .unwrap();
    let mut summary = String::from("# Summary\n\n");
    for r in records {
        let file = format!("{}.{}.md", r.lesson, r.lang);
        summary.push_str(&format!("- [{}]({file})\n", r.title.replace(['[', ']'], "")));
        std::fs::write(dir.join("src").join(&file), markdown_of(r)).unwrap();
    }
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
}

fn median(v: &[Duration]) -> f64 {
    let mut s: Vec<f64> = v.iter().map(Duration::as_secs_f64).collect();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    s[s.len() / 2]
}
