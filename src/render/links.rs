//! Which link and image targets a page keeps live. Lessons and records come
//! from elsewhere, so a target stays an `href`/`src` only when it is `http`,
//! `https`, `mailto`, a relative path or a `#fragment`; any other scheme
//! (`javascript:`, `data:`, `vbscript:`, `file:` …) is shown as text.
//!
//! The decision is made on the target as a browser would read it, and more
//! strictly: character references and percent escapes decoded, every control
//! character and space removed, case folded. Whatever survives that with a
//! scheme other than the three is refused; a browser, which removes less,
//! can only see fewer schemes than this does.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown proofbook renders: CommonMark with tables and strikethrough.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// What a link or an image target is, as far as a page is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A path in the book or a `#fragment`: nothing leaves the page's folder.
    Local,
    /// `http`, `https`, `mailto` or `//host`: fine to follow, never loaded by a page.
    Remote,
    /// Any other scheme: rendered as text.
    Refused,
}

pub(crate) fn classify(url: &str) -> Target {
    let seen = browser_view(url);
    let end = seen.find([':', '/', '?', '#']).unwrap_or(seen.len());
    if seen[end..].starts_with(':') {
        return match &seen[..end] {
            "http" | "https" | "mailto" => Target::Remote,
            _ => Target::Refused,
        };
    }
    // A browser reads `\` as `/` in a web page's URLs: `/\host` and `\\host` name a host too.
    let two: String = seen.chars().take(2).map(|c| if c == '\\' { '/' } else { c }).collect();
    if two == "//" {
        Target::Remote
    } else {
        Target::Local
    }
}

/// The target with character references and percent escapes decoded, control
/// characters and whitespace (anywhere) removed, ASCII letters in lower case.
fn browser_view(url: &str) -> String {
    let decoded = percent_decode(&decode_references(url));
    decoded
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && !is_invisible(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Characters that take no room: a scheme written around them reads whole to a person.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// `&#106;`, `&#x6A;` (the `;` optional, as browsers read them) and the named
/// references that spell a scheme's punctuation or spacing.
fn decode_references(s: &str) -> String {
    const NAMED: [(&str, char); 4] = [("colon;", ':'), ("tab;", '\t'), ("newline;", '\n'), ("nbsp;", ' ')];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some((c, used)) = numeric_reference(rest) {
            out.push(c);
            rest = &rest[used..];
        } else if let Some((name, c)) = NAMED
            .iter()
            .find(|(n, _)| rest.get(..n.len()).is_some_and(|r| r.eq_ignore_ascii_case(n)))
        {
            out.push(*c);
            rest = &rest[name.len()..];
        } else {
            out.push('&');
        }
    }
    out.push_str(rest);
    out
}

/// After a `&`: `#106;` or `#x6a` → the character and the bytes read.
fn numeric_reference(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('#')?;
    let (radix, digits_at) = match body.as_bytes().first() {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let digits = s[digits_at..].chars().take_while(|c| c.is_digit(radix)).take(8).count();
    if digits == 0 {
        return None;
    }
    let value = u32::from_str_radix(&s[digits_at..digits_at + digits], radix).ok()?;
    let mut used = digits_at + digits;
    if s[used..].starts_with(';') {
        used += 1;
    }
    Some((char::from_u32(value).unwrap_or('\u{FFFD}'), used))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex
            .filter(|_| bytes[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a link or an image start becomes on a page.
enum Kept {
    /// Left as it is.
    As,
    /// An image that is not a local file: a link to it, so a page loads nothing from the network.
    ImageAsLink,
    /// Refused: its text stays, its target goes.
    Text,
}

/// Rewrites a Markdown event stream so no refused target reaches the HTML.
pub(crate) fn rewrite<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut links: Vec<bool> = Vec::new();
    let mut images: Vec<Kept> = Vec::new();
    events.filter_map(move |e| match e {
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = classify(dest_url) != Target::Refused;
            links.push(keep);
            keep.then_some(e)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(true).then_some(e),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => match classify(&dest_url) {
            Target::Refused => {
                images.push(Kept::Text);
                None
            }
            Target::Remote => {
                images.push(Kept::ImageAsLink);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Target::Local => {
                images.push(Kept::As);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
        },
        Event::End(TagEnd::Image) => match images.pop() {
            Some(Kept::Text) => None,
            Some(Kept::ImageAsLink) => Some(Event::End(TagEnd::Link)),
            _ => Some(e),
        },
        other => Some(other),
    })
}

/// Every refused target in `md`: its byte offset in `md` and the target as written.
pub(crate) fn refused(md: &str) -> Vec<(usize, String)> {
    Parser::new_ext(md, options())
        .into_offset_iter()
        .filter_map(|(e, range)| match e {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })
                if classify(&dest_url) == Target::Refused =>
            {
                Some((range.start, dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
