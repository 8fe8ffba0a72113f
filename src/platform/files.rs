//! How a written file's permissions are asked for on each OS.

/// The mode a new page, record or report is created with: what `fs::write`
/// gives (0o666 less the umask), not a temporary file's owner-only 0o600, so a
/// web server can serve the book. Windows has no mode to ask for.
#[cfg(unix)]
pub(crate) fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
pub(crate) fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}
