//! The system's errors (`std::io::Error`) in the reader's language. The
//! operating system words them in its own language (English on Linux), so a
//! Korean sentence would end in "No such file or directory (os error 2)".
//! Each common kind has a sentence in the catalogue; what has none keeps the
//! system's text, marked as the system's words.

use std::io::{Error, ErrorKind};

use super::{say, Id, Lang};

/// The catalogue's sentence for a kind of system error, if it has one.
fn sentence(kind: ErrorKind) -> Option<Id> {
    use ErrorKind as K;
    Some(match kind {
        K::NotFound => Id::io_not_found,
        K::PermissionDenied => Id::io_permission_denied,
        K::AlreadyExists => Id::io_already_exists,
        K::IsADirectory => Id::io_is_a_directory,
        K::NotADirectory => Id::io_not_a_directory,
        K::DirectoryNotEmpty => Id::io_directory_not_empty,
        K::InvalidData => Id::io_invalid_data,
        K::InvalidInput => Id::io_invalid_input,
        K::TimedOut => Id::io_timed_out,
        K::ConnectionRefused => Id::io_connection_refused,
        K::ConnectionReset => Id::io_connection_reset,
        K::ConnectionAborted => Id::io_connection_aborted,
        K::NotConnected => Id::io_not_connected,
        K::AddrInUse => Id::io_addr_in_use,
        K::AddrNotAvailable => Id::io_addr_not_available,
        K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown => Id::io_unreachable,
        K::StorageFull => Id::io_storage_full,
        K::QuotaExceeded => Id::io_quota_exceeded,
        K::ReadOnlyFilesystem => Id::io_read_only,
        K::BrokenPipe => Id::io_broken_pipe,
        K::UnexpectedEof => Id::io_unexpected_eof,
        K::Interrupted => Id::io_interrupted,
        K::OutOfMemory => Id::io_out_of_memory,
        K::Unsupported => Id::io_unsupported,
        K::ResourceBusy => Id::io_resource_busy,
        K::ExecutableFileBusy => Id::io_executable_busy,
        K::FileTooLarge => Id::io_file_too_large,
        K::InvalidFilename => Id::io_invalid_filename,
        K::TooManyLinks => Id::io_too_many_links,
        K::CrossesDevices => Id::io_crosses_devices,
        _ => return None,
    })
}

/// The catalogue's sentence for `e` when the system made it (an OS error
/// code, or a bare kind); None for an error someone wrote words for (its
/// words say more than its kind) or a kind without a sentence.
pub(crate) fn known(lang: Lang, e: &Error) -> Option<String> {
    if e.get_ref().is_some() {
        return None;
    }
    sentence(e.kind()).map(|id| say(lang, id, &[]))
}

/// `e` as the reader reads it: the catalogue's sentence for its kind; the
/// words of whoever wrote it (proofbook's own are already in the reader's
/// language); else the system's text, marked as the system's.
pub(crate) fn said(lang: Lang, e: &Error) -> String {
    if let Some(s) = known(lang, e) {
        return s;
    }
    match e.get_ref() {
        Some(inner) => inner.to_string(),
        None => say(lang, Id::io_other, &[("said", &e.to_string())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(code: i32) -> Error {
        Error::from_raw_os_error(code)
    }

    /// The kinds the brief names, as the system reports them: each a
    /// sentence in both languages, with nothing of the system's English left.
    #[test]
    fn the_common_kinds_are_sentences_in_both_languages() {
        #[cfg(unix)]
        let system = [
            (2, "그런 파일이나 폴더가 없습니다", "no such file or folder"),
            (13, "접근 권한이 없습니다", "permission denied"),
            (17, "같은 이름의", "exists already"),
            (21, "파일이 아니라 폴더입니다", "a folder, not a file"),
            (20, "폴더가 아닌 파일", "not a folder"),
            (110, "시간이 초과되었습니다", "timed out"),
            (111, "연결이 거부되었습니다", "connection refused"),
            (28, "디스크 공간이 부족합니다", "no space left"),
            (32, "파이프의 반대편이 닫혔습니다", "pipe was closed"),
            (98, "주소가 이미 사용 중입니다", "already in use"),
        ];
        #[cfg(windows)]
        let system = [
            (2, "그런 파일이나 폴더가 없습니다", "no such file or folder"),
            (5, "접근 권한이 없습니다", "permission denied"),
            (80, "같은 이름의", "exists already"),
            (112, "디스크 공간이 부족합니다", "no space left"),
            (109, "파이프의 반대편이 닫혔습니다", "pipe was closed"),
        ];
        for (code, ko, en) in system {
            let e = os(code);
            let (k, n) = (said(Lang::Ko, &e), said(Lang::En, &e));
            assert!(k.contains(ko) && !k.contains("os error"), "{code}: {k}");
            assert!(
                !k.chars().any(|c| c.is_ascii_alphabetic()),
                "{code}: English left in {k}"
            );
            assert!(n.contains(en), "{code}: {n}");
        }
        let bare = Error::from(ErrorKind::InvalidData);
        assert_eq!(said(Lang::Ko, &bare), "데이터가 올바르지 않습니다");
        let eof = Error::from(ErrorKind::UnexpectedEof);
        assert_eq!(said(Lang::Ko, &eof), "데이터가 예상보다 일찍 끝났습니다");
    }

    /// An error without a sentence keeps the system's text, marked as the
    /// system's; one someone worded keeps its words.
    #[test]
    fn what_has_no_sentence_keeps_the_systems_words() {
        #[cfg(unix)]
        let eio = os(5);
        #[cfg(windows)]
        let eio = os(1117);
        let system = eio.to_string();
        let ko = said(Lang::Ko, &eio);
        assert_eq!(ko, format!("운영 체제가 알린 오류입니다(`{system}`)"));
        assert_eq!(said(Lang::En, &eio), system);
        let worded = Error::new(ErrorKind::PermissionDenied, "b.html is not inside book");
        assert_eq!(said(Lang::Ko, &worded), "b.html is not inside book");
        assert_eq!(known(Lang::Ko, &worded), None);
    }
}
