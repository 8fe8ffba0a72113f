//! Every file proofbook writes — pages, records, reports, the book `init`
//! writes out — goes through here, so the rules hold for all of them:
//!
//! - a page or a record stays inside its root ([`prepare_within`]: no `..`, no
//!   absolute part, no symlinked folder on the way leading out);
//! - a regular file is replaced whole: written to a temporary file of the
//!   `tempfile` crate (created `O_EXCL` under an unpredictable name in the
//!   target's folder, so a symlink planted at a guessed name is never
//!   followed), then renamed over the target, so a killed run never leaves
//!   half a file;
//! - an existing target that is not a regular file (a FIFO, `/dev/stdout`, a
//!   device) is written into, not replaced: `--junit /dev/stdout` prints the
//!   report, and `/dev/full` fails as it should;
//! - inside a root, a symlink at a page's own name is replaced, never
//!   followed (it may lead out); a report at the path the user named is
//!   written where that path leads, as a shell's `>` does.

use std::io::Write;
use std::path::Path;

/// The check every writer makes first: `path` lies under `root` (no `..`, no
/// absolute part, no symlinked folder on the way leading out); creates its folder.
pub(crate) fn prepare_within(root: &Path, path: &Path) -> std::io::Result<()> {
    let outside = || {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            crate::output::tr(
                crate::messages::Id::out_outside,
                &[
                    ("path", &path.display().to_string()),
                    ("root", &root.display().to_string()),
                ],
            ),
        )
    };
    let rel = path.strip_prefix(root).map_err(|_| outside())?;
    let plain = rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    let (Some(dir), true) = (path.parent(), plain && rel.file_name().is_some()) else {
        return Err(outside());
    };
    std::fs::create_dir_all(dir)?;
    if !std::fs::canonicalize(dir)?.starts_with(std::fs::canonicalize(root)?) {
        return Err(outside());
    }
    Ok(())
}

/// A page or a record: inside `root` only (see [`prepare_within`]); a symlink
/// at its name is replaced, not followed.
pub(crate) fn write_within(root: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    prepare_within(root, path)?;
    put(path, bytes, Links::Replace)
}

/// A report at the path the user gave (`--junit`): written where it leads.
/// Its folder is made when missing, as for a page.
pub(crate) fn write_named(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    put(path, bytes, Links::Follow)
}

/// A new file inside `root` that must not exist yet (`init` never overwrites):
/// `AlreadyExists` when anything, a symlink included, is at its name.
pub(crate) fn create_new_within(root: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    prepare_within(root, path)?;
    // create_new is O_EXCL: it neither follows nor replaces what is there.
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

#[derive(PartialEq, Eq)]
enum Links {
    Replace,
    Follow,
}

fn put(path: &Path, bytes: &[u8], links: Links) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() && links == Links::Follow => write_into(path, bytes),
        Ok(m) if !m.is_file() && !m.is_dir() && !m.file_type().is_symlink() => write_into(path, bytes),
        _ => replace(path, bytes),
    }
}

/// Into what is there (a FIFO, a terminal, a device, where a symlink leads): no temporary, no rename.
fn write_into(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Not create: it exists, and if it went away since, nothing should appear in its place.
    let mut f = std::fs::OpenOptions::new().write(true).truncate(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// A regular file (or nothing yet) replaced whole through a temporary in its folder.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    if let Some(p) = crate::platform::files::new_file_permissions() {
        builder.permissions(p);
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    // On failure the temporary is removed when the error (which holds it) is dropped.
    tmp.persist(path).map(drop).map_err(|e| e.error)
}

#[cfg(test)]
mod tests;
