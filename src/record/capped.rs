//! Capping what a step captures: a stream (an exec's output) or a table (a
//! `top`, a host process table) keeps at most the build's cap, and what was
//! cut is recorded as a [`Cut`], so a step that prints without end costs no
//! more memory than the cap. Capture-time helpers: not part of the record.

use super::{Cut, Stream};

/// Keeps the first `cap` bytes of a stream and counts the rest, so a step
/// that prints without end costs no more memory than the cap.
#[derive(Debug, Clone)]
pub struct Capped {
    kept: Vec<u8>,
    cut: u64,
    cap: usize,
}

impl Capped {
    /// Keeps at most `cap` bytes.
    pub(crate) fn new(cap: usize) -> Self {
        Capped {
            kept: Vec::new(),
            cut: 0,
            cap,
        }
    }
    /// Keeps what fits of `bytes`, counts the rest.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        let room = self.cap.saturating_sub(self.kept.len()).min(bytes.len());
        self.kept.extend_from_slice(&bytes[..room]);
        self.cut = self.cut.saturating_add((bytes.len() - room) as u64);
    }
    /// The kept text and, when anything was cut, the record of it.
    pub(crate) fn finish(self, stream: Stream) -> (String, Option<Cut>) {
        let cut = (self.cut > 0).then_some(Cut {
            stream,
            kept: self.kept.len() as u64,
            cut: self.cut,
        });
        (String::from_utf8_lossy(&self.kept).into_owned(), cut)
    }
}

/// Keeps the first rows of a table that fit in `cap` bytes (as `size` counts
/// them); the rest are counted as cut.
pub(crate) fn cap_rows<T>(
    rows: Vec<T>,
    cap: usize,
    stream: Stream,
    size: impl Fn(&T) -> usize,
) -> (Vec<T>, Option<Cut>) {
    let (mut kept, mut used, mut cut) = (Vec::new(), 0usize, 0u64);
    for row in rows {
        let n = size(&row);
        if cut == 0 && used.saturating_add(n) <= cap {
            used += n;
            kept.push(row);
        } else {
            cut = cut.saturating_add(n as u64);
        }
    }
    let cut = (cut > 0).then_some(Cut {
        stream,
        kept: used as u64,
        cut,
    });
    (kept, cut)
}

/// What a build keeps of each captured stream unless told otherwise.
pub const DEFAULT_MAX_OUTPUT: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Step;
    use crate::record::{Evidence, StepRecord};

    #[test]
    fn capped_keeps_the_first_bytes_and_counts_the_rest() {
        let mut c = Capped::new(5);
        c.push(b"abc");
        c.push(b"defgh");
        c.push(&[b'x'; 1000]);
        let (text, cut) = c.finish(Stream::Stdout);
        assert_eq!(text, "abcde");
        assert_eq!(
            cut,
            Some(Cut {
                stream: Stream::Stdout,
                kept: 5,
                cut: 1003
            })
        );
        let mut small = Capped::new(5);
        small.push(b"abc");
        assert_eq!(small.finish(Stream::Stderr), ("abc".to_string(), None));
    }

    #[test]
    fn cap_rows_keeps_whole_rows_that_fit() {
        let rows = vec!["aaaa", "bb", "c", "dddddd"];
        let (kept, cut) = cap_rows(rows, 6, Stream::Top, |r| r.len());
        assert_eq!(kept, vec!["aaaa", "bb"]);
        // A row that would fit after one that did not is not kept: rows stay a prefix.
        assert_eq!(cut.map(|c| (c.kept, c.cut)), Some((6, 7)));
    }

    #[test]
    fn a_record_without_cut_reads_as_nothing_cut() {
        let step = StepRecord::captured(
            Step {
                id: "s".into(),
                line: 1,
                timeout: None,
                action: crate::lesson::Action::HostInfo(Default::default()),
            },
            Evidence::HostFile {
                path: "/".into(),
                exists: true,
            },
        );
        let json = serde_json::to_string(&step).unwrap();
        assert!(!json.contains("\"cut\""), "{json}");
        let back: StepRecord = serde_json::from_str(&json).unwrap();
        assert!(back.cut.is_empty());
    }
}
