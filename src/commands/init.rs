//! `proofbook init [DIR]`: writes the book built into proofbook out to
//! `DIR/lessons/` (the lessons in both languages and a README on the lesson
//! format), as the start of one's own book. It never overwrites: when any of
//! the files is already there, nothing is written and exit is 2.

use std::path::{Path, PathBuf};

use crate::error::{CommandResult, InitError, Outcome};
use crate::lesson::embedded;

/// `init`'s command line; descriptions in the catalogue (`help_init_<field>`).
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The folder whose `lessons/` receives the book.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Exit codes: 0 written, 2 a file is already there (`InitError::Exists`), 4 a file cannot be written.
pub fn run(args: InitArgs) -> CommandResult {
    let dir = args.dir.as_path();
    let target = dir.join("lessons");
    let n = write_book(&target)?;
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        crate::output::tr(crate::messages::Id::init_cd, &[("dir", &dir.display().to_string())])
    };
    let args = [
        ("dir", target.display().to_string()),
        ("count", n.to_string()),
        ("cd", cd),
    ];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::outln!("{}", crate::output::tr(crate::messages::Id::init_wrote, &args));
    Ok(Outcome::Success)
}

/// Writes every embedded file under `target`; checks them all first so that a
/// refusal leaves nothing half-written. Returns how many files were written.
pub(crate) fn write_book(target: &Path) -> Result<usize, InitError> {
    let files = embedded::files();
    // A file (or a link) named `lessons` is what stands in the way, not the
    // README that cannot go under it.
    if target.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        return Err(InitError::Exists(target.to_path_buf()));
    }
    if let Some((name, _)) = files
        .iter()
        .find(|(name, _)| target.join(name).symlink_metadata().is_ok())
    {
        return Err(InitError::Exists(target.join(name)));
    }
    for (name, bytes) in &files {
        let path = target.join(name);
        // create_new: a file that appeared since the check above is still not overwritten.
        crate::write::create_new_within(target, &path, bytes).map_err(|e| io_error(&path, e))?;
    }
    Ok(files.len())
}

fn io_error(path: &Path, e: std::io::Error) -> InitError {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        InitError::Exists(path.to_path_buf())
    } else {
        InitError::Io(path.to_path_buf(), e)
    }
}
