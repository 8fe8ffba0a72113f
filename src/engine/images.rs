//! Getting an image: use the local one, else pull (unless offline), else on
//! Linux build a tiny base image from the host's static busybox, so offline
//! workshops and registry-less machines still run every lesson.

use bollard::body_full;
use bollard::query_parameters::CreateImageOptionsBuilder;
use futures_util::StreamExt;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use super::{Engine, EngineError};
use crate::messages::Id;
use crate::output::tr;
use crate::platform::Os;

pub(crate) const BASE_IMAGE: &str = "proofbook/base:busybox";
/// How long a pull may take by default: Windows base images are gigabytes.
pub(crate) const PULL_TIMEOUT: Duration = Duration::from_secs(1800);

/// Applets linked into the base image; enough for every Linux lesson.
const APPLETS: &[&str] = &[
    "sh", "sleep", "ps", "hostname", "cat", "uname", "ls", "echo", "touch", "test", "id", "head", "grep", "true",
    "readlink", "wc",
];

/// How an image came to be on the engine; shown in the terminal's language
/// with the sentence a record's image note uses (`local`, `pulled` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageSource {
    /// The image asked for was there already.
    Local,
    /// Pulled from its registry.
    Pulled,
    /// proofbook's base image, built now from the host's static busybox.
    Imported,
    /// proofbook's base image, there from an earlier run, standing in for the one asked for.
    LocalBase,
}

impl std::fmt::Display for ImageSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = match self {
            ImageSource::Local => Id::image_local,
            ImageSource::Pulled => Id::image_pulled,
            ImageSource::Imported => Id::image_imported,
            ImageSource::LocalBase => Id::image_local_base,
        };
        f.write_str(&tr(id, &[]))
    }
}

/// What getting one image came to: (image used, how it came), or why not.
pub(crate) type ImageResult = Result<(String, ImageSource), EngineError>;

impl Engine {
    /// Returns (image to use, how it was obtained).
    /// Each image is got once per run; the map is locked only to find its
    /// slot, so one image's pull holds up nobody but the steps that need it.
    pub(crate) async fn ensure_image(&self, wanted: &str) -> ImageResult {
        self.ensure_image_with(wanted, None).await
    }

    /// `ensure_image`, showing a pull's progress on `bar`.
    pub(crate) async fn ensure_image_with(&self, wanted: &str, bar: Option<&ProgressBar>) -> ImageResult {
        let slot = {
            let mut cache = self.image_cache.lock().await;
            cache.entry(wanted.to_string()).or_default().clone()
        };
        slot.get_or_init(|| self.resolve_image(wanted, bar)).await.clone()
    }

    /// Gets every image before any step starts, all at once, each under the
    /// pull limit rather than a step's: Windows base images are gigabytes, and
    /// a pull inside a step would eat that step's time (and every step waiting
    /// for the same image). Results are kept for the steps, failures too.
    pub(crate) async fn prepare_images(&self, images: &[(crate::lesson::Isolation, String)], multi: &MultiProgress) {
        let mut unique: Vec<&String> = images.iter().map(|(_, i)| i).collect();
        unique.dedup();
        unique.sort();
        unique.dedup();
        let style = ProgressStyle::with_template("{spinner} {prefix:.bold} {bytes}/{total_bytes} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let jobs = unique.into_iter().map(|image| {
            let bar = multi.add(ProgressBar::new(0));
            bar.set_style(style.clone());
            bar.set_prefix(crate::output::visible(&tr(Id::pull_bar, &[("image", image)])).into_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            async move {
                let t0 = std::time::Instant::now();
                let got = self.ensure_image_with(image, Some(&bar)).await;
                // The engine's error is its own text: shown, not sent to the terminal.
                bar.finish_with_message(crate::output::visible(&pull_said(&got, t0.elapsed())).into_owned());
            }
        });
        futures_util::future::join_all(jobs).await;
    }

    /// Whether the engine has `image` already (no pull is tried).
    pub(crate) async fn has_image(&self, image: &str) -> bool {
        self.docker.inspect_image(image).await.is_ok()
    }

    async fn resolve_image(&self, wanted: &str, bar: Option<&ProgressBar>) -> ImageResult {
        if self.has_image(wanted).await {
            return Ok((wanted.to_string(), ImageSource::Local));
        }
        let pull_error = if self.offline {
            EngineError::Offline
        } else {
            match self.pull(wanted, bar).await {
                Ok(()) => return Ok((wanted.to_string(), ImageSource::Pulled)),
                Err(e) => e,
            }
        };
        if self.os == Os::Windows {
            return Err(EngineError::NotPulled {
                image: wanted.to_string(),
                pull: Box::new(pull_error),
            });
        }
        if self.has_image(BASE_IMAGE).await {
            return Ok((BASE_IMAGE.to_string(), ImageSource::LocalBase));
        }
        self.import_busybox().await.map_err(|e| EngineError::NotBuilt {
            image: wanted.to_string(),
            pull: Box::new(pull_error),
            build: Box::new(e),
        })?;
        Ok((BASE_IMAGE.to_string(), ImageSource::Imported))
    }

    async fn pull(&self, image: &str, bar: Option<&ProgressBar>) -> Result<(), EngineError> {
        let (name, tag) = split_tag(image);
        let opts = CreateImageOptionsBuilder::default().from_image(name).tag(tag).build();
        let limit = self.pull_timeout;
        let work = async {
            let mut layers: HashMap<String, (u64, u64)> = HashMap::new();
            let mut stream = self.docker.create_image(Some(opts), None, None);
            while let Some(item) = stream.next().await {
                let info = item.map_err(|e| self.api_error(e))?;
                if let Some(e) = info.error_detail.and_then(|d| d.message) {
                    return Err(EngineError::Pull(e));
                }
                if let (Some(bar), Some(id), Some(p)) = (bar, info.id, info.progress_detail) {
                    let to_u64 = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok()).unwrap_or(0);
                    layers.insert(id, (to_u64(p.current), to_u64(p.total)));
                    bar.set_length(layers.values().map(|l| l.1).sum());
                    bar.set_position(layers.values().map(|l| l.0).sum());
                }
            }
            Ok::<(), EngineError>(())
        };
        tokio::time::timeout(limit, work)
            .await
            .map_err(|_| EngineError::PullTimeout {
                image: image.to_string(),
                secs: limit.as_secs(),
            })?
    }

    /// The API equivalent of `docker import` of a tar holding busybox.
    async fn import_busybox(&self) -> Result<(), EngineError> {
        let busybox = find_static_busybox().ok_or(EngineError::NoBusybox)?;
        let tar = base_image_tar(&busybox).map_err(|e| EngineError::ImageTar(e.to_string()))?;
        let (repo, tag) = split_tag(BASE_IMAGE);
        let opts = CreateImageOptionsBuilder::default()
            .from_src("-")
            .repo(repo)
            .tag(tag)
            .changes(vec!["LABEL org.proofbook.base=busybox".into(), "CMD [\"sh\"]".into()])
            .build();
        let mut stream = self.docker.create_image(Some(opts), Some(body_full(tar.into())), None);
        while let Some(item) = stream.next().await {
            item.map_err(|e| self.api_error(e))?;
        }
        Ok(())
    }
}

/// The last words of an image's progress line: how it came and in how long, or why not.
fn pull_said(got: &ImageResult, took: Duration) -> String {
    match got {
        Ok((_, how)) => {
            let secs = format!("{:.1}", took.as_secs_f64());
            tr(Id::pull_got, &[("how", &how.to_string()), ("secs", &secs)])
        }
        Err(e) => tr(Id::pull_failed, &[("error", &e.to_string())]),
    }
}

fn split_tag(image: &str) -> (&str, &str) {
    // A colon after the last slash is a tag; one before it is a registry port.
    match image.rfind(':') {
        Some(i) if !image[i..].contains('/') => (&image[..i], &image[i + 1..]),
        _ => (image, "latest"),
    }
}

pub(crate) fn find_static_busybox() -> Option<PathBuf> {
    ["/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox"]
        .iter()
        .map(PathBuf::from)
        .find(|p| std::fs::read(p).is_ok_and(|b| is_static_elf(&b)))
}

/// An ELF with no PT_INTERP program header needs no loader: it runs in an empty image.
fn is_static_elf(b: &[u8]) -> bool {
    if b.len() < 64 || &b[..4] != b"\x7fELF" || b[4] != 2 || b[5] != 1 {
        return false;
    }
    let u16_at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]) as usize;
    let phoff = u64::from_le_bytes(b[0x20..0x28].try_into().unwrap_or_default()) as usize;
    let (phentsize, phnum) = (u16_at(0x36), u16_at(0x38));
    (0..phnum).all(|i| {
        let o = phoff + i * phentsize;
        o + 4 <= b.len() && u32::from_le_bytes(b[o..o + 4].try_into().unwrap_or_default()) != 3
    })
}

fn base_image_tar(busybox: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    for dir in ["bin", "tmp", "etc", "proc", "sys", "dev"] {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_mode(if dir == "tmp" { 0o1777 } else { 0o755 });
        h.set_size(0);
        builder.append_data(&mut h, format!("{dir}/"), std::io::empty())?;
    }
    let mut file = std::fs::File::open(busybox)?;
    builder.append_file("bin/busybox", &mut file)?;
    for applet in APPLETS {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_mode(0o777);
        h.set_size(0);
        builder.append_link(&mut h, format!("bin/{applet}"), "busybox")?;
    }
    builder.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;
    use crate::output::in_lang;

    /// A pull's progress line speaks the terminal's language: Korean has none
    /// of the English words, English reads as before.
    #[test]
    fn a_pulls_progress_line_is_in_the_terminals_language() {
        let took = Duration::from_millis(1250);
        let pulled: ImageResult = Ok(("alpine:3".into(), ImageSource::Pulled));
        let offline: ImageResult = Err(EngineError::NotPulled {
            image: "alpine:3".into(),
            pull: Box::new(EngineError::Offline),
        });
        let en = in_lang(Lang::En, || {
            (
                tr(Id::pull_bar, &[("image", "alpine:3")]),
                pull_said(&pulled, took),
                pull_said(&offline, took),
            )
        });
        assert_eq!(en.0, "pull alpine:3");
        assert_eq!(en.1, "pulled (1.2 s)");
        assert!(en.2.starts_with("failed: "), "{}", en.2);
        let ko = in_lang(Lang::Ko, || {
            let got = [ImageSource::Local, ImageSource::Imported, ImageSource::LocalBase]
                .map(|how| pull_said(&Ok(("i".into(), how)), took));
            (
                tr(Id::pull_bar, &[("image", "alpine:3")]),
                pull_said(&pulled, took),
                pull_said(&offline, took),
                got,
            )
        });
        assert_eq!(ko.0, "alpine:3 이미지 받는 중");
        assert_eq!(ko.1, "레지스트리에서 받은 이미지(1.2초)");
        assert!(ko.2.starts_with("가져오지 못했습니다. "), "{}", ko.2);
        for said in [&ko.1, &ko.2].into_iter().chain(&ko.3) {
            for english in ["pull", "local", "imported", "failed", " s)"] {
                assert!(!said.contains(english), "{english} in {said}");
            }
        }
    }
}
