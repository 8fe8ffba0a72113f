//! Which lessons changed: a `notify` watcher (inotify, FSEvents,
//! ReadDirectoryChangesW, as mdBook uses) on the lesson folders, its events
//! gathered into one batch per save (editors write a file in several steps).

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// How long a save's events keep coming after the first.
const SETTLE: Duration = Duration::from_millis(200);

/// The folders to watch for `paths` (a lesson file's folder, so an editor
/// that replaces the file is still seen); None when the built-in book is served.
pub(crate) fn roots(paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    if paths.is_empty() && !Path::new("lessons").exists() {
        return None;
    }
    let roots = crate::commands::lesson_paths(paths)
        .into_iter()
        .map(|p| {
            if p.is_file() {
                p.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
            } else {
                p
            }
        })
        .collect();
    Some(roots)
}

/// Starts watching; the watcher stops when dropped.
pub(crate) fn start(roots: &[PathBuf]) -> notify::Result<(notify::RecommendedWatcher, UnboundedReceiver<PathBuf>)> {
    let (tx, rx) = unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other | EventKind::Any) {
            return;
        }
        for p in event.paths.into_iter().filter(|p| is_lesson(p)) {
            let _ = tx.send(p);
        }
    })?;
    for root in roots {
        watcher.watch(root, RecursiveMode::Recursive)?;
    }
    Ok((watcher, rx))
}

/// A Markdown file, not an editor's swap or backup file.
fn is_lesson(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".md") && !name.starts_with('.') && !name.starts_with('#')
}

/// The next save: the files changed, each once, once their events settle. None when watching ended.
pub(crate) async fn next_batch(rx: &mut UnboundedReceiver<PathBuf>) -> Option<Vec<PathBuf>> {
    let first = rx.recv().await?;
    let mut batch = vec![first];
    while let Ok(Some(p)) = tokio::time::timeout(SETTLE, rx.recv()).await {
        if !batch.contains(&p) {
            batch.push(p);
        }
    }
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lessons_are_markdown_files_and_swap_files_are_not() {
        assert!(is_lesson(Path::new("lessons/a.ko.md")));
        assert!(!is_lesson(Path::new("lessons/.a.ko.md.swp")));
        assert!(!is_lesson(Path::new("lessons/.#a.md")));
        assert!(!is_lesson(Path::new("lessons/a.md~")));
        assert!(!is_lesson(Path::new("book/index.html")));
    }
}
