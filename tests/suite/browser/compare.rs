//! The compare page of a class in Chromium: the records of a live build made
//! into 1, 4, 30 and 100 learners' folders (benches/common/class.rs: some learners'
//! evidence changed and judged again, so groups disagree with the book), each
//! class rendered with `proofbook render --records`, as an instructor does.
//! At a 1,400 px window the page fits the width (up to 30 learners without
//! scrolling sideways; 100 scroll inside the matrix, the claim column held),
//! stays within a height bound, and shows the class view's groups and tallies
//! in both languages. Full-page screenshots are saved under the test's temp
//! dir (kept with PROOFBOOK_KEEP_BROWSER_OUTPUT=1).

use super::*;

#[path = "../../../benches/common/class.rs"]
mod class;

/// The window the page must fit.
const WIDTH: u32 = 1400;
/// The page of 30 learners (and the three recorded hosts) must stay under this:
/// before the class view, 4 hosts took 5,886 px and 30 took 17,696 px.
const MAX_HEIGHT: u32 = 4000;

#[test]
fn the_compare_page_fits_a_1400_px_window_at_1_4_30_and_100_hosts() {
    require!(LIVE, &[Need::Chromium]);
    let browser = browser();
    warn_without_korean_fonts();
    let book = build_book();
    let base: Vec<proofbook::record::RunRecord> = proofbook::record::store::load(&book.out.join("records"))
        .expect("the build's records")
        .into_iter()
        .flat_map(|h| h.records)
        .collect();
    let shots = book.dir.path().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut heights = Vec::new();
    for n in [1, 4, 30, 100] {
        let folder = book.dir.path().join(format!("class-{n}"));
        let learners = class::write_class(&base, n, &folder);
        let out = book.dir.path().join(format!("book-{n}"));
        let o = proofbook(&[
            "render",
            "--records",
            folder.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(matches!(o.status.code(), Some(0 | 1)), "render: {}", text(&o));
        for (page, lang) in [("compare.html", "en"), ("compare.ko.html", "ko")] {
            let page = out.join(page);
            check_links(&page);
            check_class_view(&page, lang, &learners);
            let m = measure(&browser, book.dir.path(), &page);
            let name = format!("{n} learner(s), {lang}");
            assert!(m.width <= WIDTH, "{name}: the page is {} px wide", m.width);
            if n <= 30 {
                assert!(
                    m.wrap_scroll <= m.wrap_client,
                    "{name}: the matrix scrolls sideways ({} px in {} px)",
                    m.wrap_scroll,
                    m.wrap_client
                );
            } else {
                // A wider class scrolls inside the matrix, its claim column held in place.
                assert!(m.wrap_scroll > m.wrap_client, "{name}: {} px", m.wrap_scroll);
                assert!(
                    m.stuck <= 3,
                    "{name}: scrolled right, the claim column moved {} px",
                    m.stuck
                );
            }
            assert!(m.height <= MAX_HEIGHT, "{name}: the page is {} px tall", m.height);
            let png = shots.join(format!("compare-{n}-{lang}.png"));
            browser.screenshot(&page, &png, &format!("{WIDTH},{}", m.height));
            let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
            assert!(size > 10_000, "{name}: screenshot {} is {size} bytes", png.display());
            eprintln!("compare page, {name}: {} x {} px", m.width, m.height);
            heights.push(m.height);
        }
    }
    // 30 and 100 learners take about the height of one: the class view, not the hosts, sets it.
    assert!(
        heights[4..].iter().all(|&h| h <= heights[0] * 3 / 2),
        "heights {heights:?}"
    );
    eprintln!("screenshots: {}", shots.display());
    if std::env::var_os("PROOFBOOK_KEEP_BROWSER_OUTPUT").is_some() {
        eprintln!("kept {}", book.dir.keep().display());
    }
}

/// What the class view says: the learners the class made disagree are named
/// in the first groups, in the page's language, and every learner has a column.
fn check_class_view(page: &Path, lang: &str, learners: &[String]) {
    let html = std::fs::read_to_string(page).unwrap();
    for l in learners {
        assert!(html.contains(&format!("<th data-host=\"{l}\">")), "{l} has a column");
        assert!(html.contains(&format!("id=\"host-{l}\"")), "{l} is in a group");
    }
    let (proven, refuted) = if lang == "ko" {
        ("증명됨 ", "반증됨")
    } else {
        (" PROVEN", "REFUTED")
    };
    assert!(html.contains(proven), "tallies in {lang}");
    // Learner 4 (index 3) has its engine in a VM: its group disagrees with the
    // book and says so first, before any group that agrees.
    if learners.len() >= 4 {
        let at = html.find(&format!("id=\"host-{}\"", learners[3])).unwrap();
        let start = html[..at].rfind("<li class=\"group").expect("in a group");
        let group = &html[start..start + html[start..].find("</li>\n").unwrap()];
        assert!(group.contains("g-rank-0") && group.contains(refuted), "{group}");
        let first_agreeing = html.find("g-rank-2").unwrap_or(html.len());
        assert!(start < first_agreeing, "disagreeing groups come first");
        let row = &html[html.find("<tr data-claim=").unwrap()..];
        assert!(
            row[..row.find('>').unwrap()].contains("data-agreement=\"disagree\""),
            "{}",
            &row[..300]
        );
    }
}

struct Measured {
    width: u32,
    height: u32,
    wrap_scroll: u32,
    wrap_client: u32,
    /// How far the claim column moved when the matrix was scrolled to its right end
    /// (the table's collapsed border, 2 px, when it is held in place).
    stuck: u32,
}

/// The page's size in a frame `WIDTH` px wide, and the matrix box's scroll and visible widths.
fn measure(browser: &Browser, dir: &Path, page: &Path) -> Measured {
    let probe = dir.join("measure.html");
    std::fs::write(
        &probe,
        MEASURE.replace("PAGE", &url(page)).replace("WIDTH", &WIDTH.to_string()),
    )
    .unwrap();
    let report = probe_report(browser, &probe, &[]);
    let num = |key: &str| -> u32 {
        report
            .split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{key} in the probe's report: {report}"))
    };
    Measured {
        width: num("w"),
        height: num("h"),
        wrap_scroll: num("ws"),
        wrap_client: num("wc"),
        stuck: num("stuck"),
    }
}

const MEASURE: &str = r#"<!doctype html><html><body style="margin:0"><pre id="out">pending</pre>
<iframe id="f" src="PAGE" width="WIDTH" height="900" style="border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument, e = d.documentElement, m = d.querySelector('.matrix-wrap');
  var out = 'w=' + e.scrollWidth + ' h=' + e.scrollHeight + ' ws=' + m.scrollWidth + ' wc=' + m.clientWidth;
  var claim = m.querySelector('tbody th.claim-col'), before = claim.getBoundingClientRect().left;
  m.scrollLeft = m.scrollWidth;
  out += ' stuck=' + Math.round(Math.abs(claim.getBoundingClientRect().left - before));
  document.getElementById('out').textContent = out;
});
</script></body></html>"#;
