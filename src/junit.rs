//! Verdicts as JUnit XML, for CI systems that show test reports: one test
//! suite per host, one test case per claim and language.

use std::fmt::Write;
use std::path::Path;

use crate::record::HostRecords;
use crate::record::{ClaimResult, RunRecord, Verdict};

/// The report of `hosts`, as a JUnit XML document.
pub(crate) fn to_xml(hosts: &[HostRecords]) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let all: Vec<&ClaimResult> = hosts.iter().flat_map(|h| &h.records).flat_map(|r| &r.claims).collect();
    let _ = writeln!(
        x,
        "<testsuites name=\"proofbook\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        all.len(),
        all.iter().filter(|c| c.verdict.is_failure()).count(),
        all.iter().filter(|c| c.verdict == Verdict::NotRun).count()
    );
    for h in hosts {
        suite(&mut x, h);
    }
    x.push_str("</testsuites>\n");
    x
}

fn suite(x: &mut String, h: &HostRecords) {
    let claims: Vec<&ClaimResult> = h.records.iter().flat_map(|r| &r.claims).collect();
    let time: u64 = h.records.iter().map(|r| r.duration_ms).sum();
    let _ = writeln!(
        x,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3}\" hostname=\"{}\">",
        attr(&h.label),
        claims.len(),
        claims.iter().filter(|c| c.verdict.is_failure()).count(),
        claims.iter().filter(|c| c.verdict == Verdict::NotRun).count(),
        time as f64 / 1000.0,
        attr(h.records.first().map(|r| r.host.hostname.as_str()).unwrap_or("")),
    );
    for r in &h.records {
        for c in &r.claims {
            case(x, r, c);
        }
    }
    x.push_str("  </testsuite>\n");
}

fn case(x: &mut String, r: &RunRecord, c: &ClaimResult) {
    let _ = write!(
        x,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
        attr(&format!("{}/{}", r.lesson, c.id)),
        attr(&format!("{}.{}", r.lesson, r.lang))
    );
    // The reason in the language of the lesson the case is for.
    let reason = c.reason.plain(crate::messages::Lang::of(&r.lang));
    let body = match c.verdict {
        Verdict::Proven => None,
        Verdict::NotRun => Some(format!("<skipped message=\"{}\"/>", attr(&reason))),
        v => Some(format!(
            "<failure message=\"{}\" type=\"{}\">{}\n{}</failure>",
            attr(&reason),
            v.as_str(),
            text(&c.says),
            text(&reason)
        )),
    };
    match body {
        None => x.push_str("/>\n"),
        Some(b) => {
            let _ = writeln!(x, ">\n      {b}\n    </testcase>");
        }
    }
}

/// Text content: markup characters escaped, and characters XML 1.0 cannot
/// carry at all (most control characters) shown as `\u{..}`.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(ch),
            // C0, DEL and C1 (a report may go to a terminal: `--junit /dev/stdout`) and XML's non-characters.
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// An attribute value in double quotes; line breaks kept as character references.
fn attr(s: &str) -> String {
    text(s)
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

pub(crate) fn write(path: &Path, hosts: &[HostRecords]) -> Result<(), crate::error::OutputError> {
    // The report goes where the user named it, a FIFO or /dev/stdout included.
    crate::write::write_named(path, to_xml(hosts).as_bytes()).map_err(|source| crate::error::OutputError::Junit {
        path: path.to_path_buf(),
        source,
    })
}
