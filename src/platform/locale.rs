//! Which language the reader's terminal speaks, as the system says it: the
//! POSIX locale variables, and on Windows (where they are seldom set) the
//! user's display language. The catalogue decides what to do with the answer.

/// The locale variables in POSIX's order of precedence for messages.
const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// Whether the reader's locale is Korean: the first non-empty of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` (so `LC_ALL=C` wins over `LANG=ko_KR.UTF-8`, as it
/// does for every POSIX tool); when none is set, the Windows user's UI
/// language. Anything else reads as not Korean.
pub fn locale_is_korean() -> bool {
    match posix_locale(|name| std::env::var(name).ok()) {
        Some(tag) => is_korean(&tag),
        None => ui_language_is_korean(),
    }
}

/// The locale POSIX's precedence picks from `get`: the first variable set to a non-empty value.
pub(crate) fn posix_locale(get: impl Fn(&str) -> Option<String>) -> Option<String> {
    LOCALE_VARS
        .iter()
        .filter_map(|v| get(v))
        .find(|value| !value.is_empty())
}

/// `ko`, `ko_KR.UTF-8`, `ko-KR`, `ko_KR.eucKR`: a locale whose language part is Korean.
pub(crate) fn is_korean(tag: &str) -> bool {
    let language = tag.split(['_', '-', '.', '@']).next().unwrap_or("");
    language.eq_ignore_ascii_case("ko")
}

/// The Windows user's display language (Settings > Time & language), Korean or not.
#[cfg(windows)]
fn ui_language_is_korean() -> bool {
    use windows_sys::Win32::Globalization::GetUserDefaultUILanguage;
    /// `LANG_KOREAN`: the primary language of every Korean LANGID (ko-KR is 0x0412).
    const LANG_KOREAN: u16 = 0x12;
    // SAFETY: takes no arguments and only reads the user's settings.
    let langid = unsafe { GetUserDefaultUILanguage() };
    langid & 0x3ff == LANG_KOREAN
}

#[cfg(not(windows))]
fn ui_language_is_korean() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_first_non_empty_variable_wins_as_posix_says() {
        assert_eq!(
            posix_locale(env(&[("LANG", "ko_KR.UTF-8")])).as_deref(),
            Some("ko_KR.UTF-8")
        );
        let c_over_ko = [("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")];
        assert_eq!(posix_locale(env(&c_over_ko)).as_deref(), Some("C"));
        let messages = [("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "en_US.UTF-8")];
        assert_eq!(posix_locale(env(&messages)).as_deref(), Some("ko_KR.UTF-8"));
        let empty_all = [("LC_ALL", ""), ("LANG", "ko_KR.UTF-8")];
        assert_eq!(posix_locale(env(&empty_all)).as_deref(), Some("ko_KR.UTF-8"));
        assert_eq!(posix_locale(env(&[])), None);
    }

    #[test]
    fn only_a_korean_language_part_is_korean() {
        for tag in ["ko", "ko_KR.UTF-8", "ko-KR", "KO_kr.eucKR", "ko_KR@euro"] {
            assert!(is_korean(tag), "{tag}");
        }
        for tag in ["C", "POSIX", "en_US.UTF-8", "C.UTF-8", "kok_IN", "", "de_DE", "korean"] {
            assert!(!is_korean(tag), "{tag}");
        }
    }
}
