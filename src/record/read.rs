//! Reading one record file, trusting nothing about it: what kind of file it
//! is, how big it is, which schema it says, and whether its ids repeat.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use super::{RunRecord, SCHEMA};
use crate::input::InputError;
use crate::messages::Id;
use crate::output::{tr, tr_io};

/// The largest record proofbook reads. Real records are tens of KB (the
/// biggest shipped lesson's is under 100 KB, and a build caps each captured
/// stream at 1 MiB); a file sixteen times that is not a record a run wrote,
/// and reading it whole would cost its size several times over in memory.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// Read a record: a regular file, at most [`MAX_RECORD_BYTES`], of a schema
/// this build understands, each claim and step id once, ids plain names.
pub fn read_record(path: &Path) -> Result<RunRecord, InputError> {
    let p = path.display().to_string();
    let bytes = read_bounded(path).map_err(|m| InputError::new(&p, 0, m))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| InputError::new(&p, e.line(), not_json(&e)))?;
    check_schema(value.get("schema")).map_err(|m| InputError::new(&p, line_of(&bytes, "\"schema\""), m))?;
    // Parsed again from the bytes (not the Value) so a mismatch names its line.
    let mut record: RunRecord =
        serde_json::from_slice(&bytes).map_err(|e| InputError::new(&p, e.line().max(1), not_json(&e)))?;
    check_names(&record).map_err(|m| InputError::new(&p, 1, m))?;
    check_unique(&record)
        .map_err(|(id, m)| InputError::new(&p, second_line_of(&bytes, &format!("\"id\": \"{id}\"")), m))?;
    record.derived.file = p;
    Ok(record)
}

/// The file's bytes, if it is a regular file of at most the cap. The kind of
/// file is asked before opening it (opening a FIFO waits for a writer), and
/// again of what was opened; the read stops past the cap whatever the
/// metadata said (a file may grow, `/proc` files say 0).
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| tr_io(&e))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > MAX_RECORD_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = open_no_wait(path).map_err(|e| tr_io(&e))?;
    let opened = file.metadata().map_err(|e| tr_io(&e))?;
    if !opened.is_file() {
        return Err(not_regular(&opened));
    }
    let mut bytes = Vec::new();
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| tr_io(&e))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens for reading without blocking on a FIFO or device put in the file's
/// place after its type was asked; a regular file reads the same either way.
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// serde_json's own words (English, with its line and column) stay as the
/// parser said them, inside the reader's sentence.
fn not_json(e: &serde_json::Error) -> String {
    tr(Id::record_not_json, &[("detail", &e.to_string())])
}

fn too_big(size: u64) -> String {
    // The read stops one byte past the cap, so a bigger file's size is not known.
    let id = if size > MAX_RECORD_BYTES {
        Id::record_more_than_too_big
    } else {
        Id::record_too_big
    };
    let cap = (MAX_RECORD_BYTES >> 20).to_string();
    tr(id, &[("cap", &cap), ("size", &MAX_RECORD_BYTES.min(size).to_string())])
}

/// What kind of file this is, for a message that says why it is not read.
fn file_kind(meta: &std::fs::Metadata) -> Id {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Id::record_kind_fifo;
        }
        if t.is_socket() {
            return Id::record_kind_socket;
        }
        if t.is_block_device() || t.is_char_device() {
            return Id::record_kind_device;
        }
    }
    if t.is_symlink() {
        Id::record_kind_symlink
    } else if t.is_dir() {
        Id::record_kind_folder
    } else if t.is_file() {
        Id::record_kind_regular
    } else {
        Id::record_kind_other
    }
}

pub(crate) fn not_regular(meta: &std::fs::Metadata) -> String {
    tr(Id::record_not_regular, &[("kind", &tr(file_kind(meta), &[]))])
}

/// The schema a record says, if this build reads it: a whole number from 1
/// to [`SCHEMA`]. Anything else is named as found.
fn check_schema(found: Option<&serde_json::Value>) -> Result<(), String> {
    let high = SCHEMA.to_string();
    let range = [("low", "1"), ("high", high.as_str())];
    match found {
        None => Err(tr(Id::record_no_schema, &range)),
        Some(v) => match v.as_u64() {
            Some(s) if s > SCHEMA as u64 => Err(tr(
                Id::record_schema_newer,
                &[("found", &s.to_string()), ("known", &high)],
            )),
            Some(s) if s >= 1 => Ok(()),
            _ => Err(tr(
                Id::record_schema_bad,
                &[("found", &v.to_string()), range[0], range[1]],
            )),
        },
    }
}

/// A record's lesson and language name the pages rendered from it.
fn check_names(record: &RunRecord) -> Result<(), String> {
    for (field, v) in [
        ("lesson", &record.lesson),
        ("lang", &record.lang),
        ("doc lesson", &record.doc.meta.lesson),
        ("doc lang", &record.doc.meta.lang),
    ] {
        if !crate::lesson::is_plain_name(v) {
            return Err(tr(Id::record_bad_name, &[("field", field), ("value", v)]));
        }
    }
    Ok(())
}

/// Each claim and step once, in the results and in the lesson the record
/// carries: pages, the index and reports look claims up by id, and two
/// results for one id could show two verdicts for one claim.
fn check_unique(record: &RunRecord) -> Result<(), (String, String)> {
    let lists: [(Id, Vec<&str>); 4] = [
        (
            Id::record_repeated_claim,
            record.claims.iter().map(|c| c.id.as_str()).collect(),
        ),
        (
            Id::record_repeated_step,
            record.steps.iter().map(|s| s.id.as_str()).collect(),
        ),
        (
            Id::record_repeated_claim,
            record.doc.claims().map(|c| c.id.as_str()).collect(),
        ),
        (
            Id::record_repeated_step,
            record.doc.steps().map(|s| s.id.as_str()).collect(),
        ),
    ];
    for (said, ids) in lists {
        let mut seen = HashSet::new();
        if let Some(id) = ids.into_iter().find(|id| !seen.insert(*id)) {
            return Err((id.to_string(), tr(said, &[("id", id)])));
        }
    }
    Ok(())
}

/// The line of the first `needle` in `bytes` (1 when absent), for a message
/// about a field the JSON parser did not fail on.
fn line_of(bytes: &[u8], needle: &str) -> usize {
    nth_line_of(bytes, needle, 0)
}

/// The line of the second `needle` (a repeated id as a build writes it), else 1.
fn second_line_of(bytes: &[u8], needle: &str) -> usize {
    nth_line_of(bytes, needle, 1)
}

fn nth_line_of(bytes: &[u8], needle: &str, n: usize) -> usize {
    let pat = needle.as_bytes();
    let found = bytes
        .windows(pat.len().max(1))
        .enumerate()
        .filter(|(_, w)| *w == pat)
        .nth(n);
    match found {
        Some((at, _)) => 1 + bytes[..at].iter().filter(|b| **b == b'\n').count(),
        None => 1,
    }
}

#[cfg(test)]
mod tests;
