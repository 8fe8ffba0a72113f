//! What the commands print. `println!` panics (exit 101) when whoever reads
//! stdout stops early (`proofbook doctor | head`); [`outln!`](crate::outln)
//! ends the program quietly instead, with 141 as a Unix tool stopped by
//! SIGPIPE does. [`errln!`](crate::errln) never stops anything: a warning no
//! one can read is dropped, and a build removing its containers goes on.
//!
//! Restoring SIGPIPE's default action would be shorter, but it would also kill
//! proofbook when the Docker engine closes its Unix socket under a request:
//! those writes fail with EPIPE, as they should, only while SIGPIPE stays
//! ignored (as Rust sets it up).
//!
//! Everything printed goes through [`visible`] here, once: a hostname, a run
//! id, a claim's sentence or an engine's error holding an escape sequence is
//! shown as text and never sets a window title or clears the screen. The
//! progress bars (indicatif) are given their text through it too.

use std::io::{ErrorKind, Write};

use crate::messages::{Id, Lang};

/// Exit code when stdout's reader went away: 128 + SIGPIPE (13), what a shell
/// reports for `yes | head`.
pub(crate) const CLOSED_PIPE_EXIT: i32 = 141;

/// Prints on stdout (`out!`, `outln!`); see the module for a closed pipe.
/// What is printed goes through [`visible`]: every command's output carries
/// text from records, lessons, engines or containers.
pub(crate) fn stdout(args: std::fmt::Arguments) {
    let text = args.to_string();
    let written = std::io::stdout().lock().write_all(visible(&text).as_bytes());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(CLOSED_PIPE_EXIT),
        Err(e) => {
            // A full disk under `> file`, say: the output is incomplete, so say so (exit 4: unexpected).
            let said = tr(Id::stdout_failed, &[("error", &tr_io(&e))]);
            let _ = writeln!(std::io::stderr(), "{said}");
            std::process::exit(4);
        }
    }
}

/// Prints a line on stderr (`errln!`), dropping it when stderr is gone; through [`visible`] as stdout.
pub(crate) fn stderr_line(args: std::fmt::Arguments) {
    let text = args.to_string();
    let _ = writeln!(std::io::stderr().lock(), "{}", visible(&text));
}

/// `print!` that survives a closed pipe; see [`crate::output`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!($($arg)*))
    };
}

/// `println!` that survives a closed pipe; see [`crate::output`].
#[macro_export]
macro_rules! outln {
    () => {
        $crate::output::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that survives a closed stderr; see [`crate::output`].
#[macro_export]
macro_rules! errln {
    () => {
        $crate::output::stderr_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::stderr_line(format_args!($($arg)*))
    };
}

/// Text from elsewhere (a record, a lesson, an engine, a container) made safe
/// to print on a terminal: every control character but newline and tab is
/// shown, not sent, so no escape sequence in it sets a window title, moves the
/// cursor or clears the screen. The notation is `cat -v`'s caret form for C0
/// and DEL (ESC is `^[`, CR is `^M`, DEL is `^?`) and `\xNN` for C1 (CSI, U+009B,
/// is `\x9b`); the bidirectional overrides and isolates, which reorder what
/// follows them, are shown as `\u{202e}`. Everything else, Korean included, is kept.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_showing) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !needs_showing(c) => out.push(c),
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push(char::from(c as u8 + 0x40));
            }
            '\u{7f}' => out.push_str("^?"),
            '\u{80}'..='\u{9f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON for a terminal: what [`visible`] would change is written as a JSON
/// `\uXXXX` escape instead (serde_json leaves DEL, C1 and the bidi controls
/// raw), so the output stays valid JSON and reads back as the same strings.
pub(crate) fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if needs_showing(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_showing(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        c if c.is_control() => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod visible_tests {
    use super::visible;

    #[test]
    fn control_characters_are_shown_not_sent() {
        for (raw, shown) in [
            ("plain 한국어 text\n\tok", "plain 한국어 text\n\tok"),
            ("\u{1b}]0;pwned\u{7}", "^[]0;pwned^G"),
            ("\u{1b}[2J\u{1b}[H", "^[[2J^[[H"),
            ("a\rb\u{0}c\u{7f}", "a^Mb^@c^?"),
            ("\u{9b}31m", "\\x9b31m"),
            ("\u{85}", "\\x85"),
            ("abc\u{202e}txt.exe", "abc\\u{202e}txt.exe"),
        ] {
            assert_eq!(visible(raw), shown, "{raw:?}");
            assert!(!visible(raw).chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        }
    }

    #[test]
    fn json_for_a_terminal_stays_json_and_reads_back() {
        let value = serde_json::json!({"host": "a\u{1b}]0;x\u{7}b\u{9b}c\u{7f}d\u{202e}e", "n": 1});
        let json = super::json_for_terminal(&serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(visible(&json), json, "nothing left for visible to change");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }
}

/// The terminal's language, chosen once by the binary before any command runs
/// (`--lang`, else the locale); every sentence a command prints is in it.
static TERMINAL: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

thread_local! {
    /// A language for this thread only: English while text bound for a record
    /// is made (records stay language-neutral), any language in a test.
    static HERE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Sets the terminal's language; the binary does, once, before the command runs.
pub fn set_lang(lang: Lang) {
    let _ = TERMINAL.set(lang);
}

/// The language the terminal speaks (English until the binary chose one).
pub(crate) fn lang() -> Lang {
    HERE.get().or_else(|| TERMINAL.get().copied()).unwrap_or(Lang::En)
}

/// `f`'s text in `lang` on this thread, whatever the terminal speaks.
pub(crate) fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let was = HERE.replace(Some(lang));
    let out = f();
    HERE.set(was);
    out
}

/// `f`'s text in English: for the plain text a record keeps (a record holds
/// message ids; the rare sentence it keeps as text must not depend on who ran the build).
pub(crate) fn in_english<T>(f: impl FnOnce() -> T) -> T {
    in_lang(Lang::En, f)
}

/// A sentence of the catalogue in the terminal's language.
pub(crate) fn tr(id: Id, args: &[(&str, &str)]) -> String {
    crate::messages::say(lang(), id, args)
}

/// A system error (`std::io::Error`) in the terminal's language (`messages::io`).
pub(crate) fn tr_io(e: &std::io::Error) -> String {
    crate::messages::io::said(lang(), e)
}

/// A verdict as the terminal says it: its record name in English (`proven`,
/// what scripts read), its page label in any other language (증명됨, 반증됨 …).
pub(crate) fn verdict_word(v: crate::record::Verdict) -> String {
    match lang() {
        Lang::En => v.as_str().to_string(),
        other => crate::render::i18n::strings(other).label(v).to_string(),
    }
}

#[cfg(test)]
mod lang_tests {
    use super::*;

    /// What a command prints comes from the catalogue: in the pseudo-locale no
    /// English is left in a lesson error but its code (ids, fields, values).
    #[test]
    fn a_lesson_error_in_the_pseudo_locale_has_no_english_but_its_code() {
        let lesson = "---\ntitle: t\nlang: en\nlesson: x\norder: 1\nsummary: s\n---\n\n```step\nid: a\nrun: {image: busybox, isolation: process, command: [sleep, \"1\"], privileged: true}\n```\n\n```claim\nid: c\nsays: s\ncheck: {kind: top_lists, top: nowhere, names: [sh]}\n```\n";
        let errors = in_lang(Lang::Pseudo, || {
            crate::lesson::load_text("t.en.md", lesson).expect_err("refused")
        });
        assert!(errors.len() >= 2, "{errors:?}");
        for e in &errors {
            let prose: String = e.message.split('`').step_by(2).collect();
            assert!(
                !prose.chars().any(|c| c.is_ascii_alphabetic()),
                "English left: {}",
                e.message
            );
        }
        let english = crate::lesson::load_text("t.en.md", lesson).expect_err("refused");
        assert!(
            english.iter().any(|e| e.message.contains("lessons may not ask for")),
            "{english:?}"
        );
    }
}
