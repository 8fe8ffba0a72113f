//! How deep a YAML text nests flow collections (`[…]`, `{…}`), found by one
//! cheap pass before the YAML parser sees it. libyaml's cost grows with the
//! square of the flow depth (100,000 nested lists in a 200 KB lesson took
//! 24 s), and no lesson needs more than a few levels.

/// The deepest flow nesting a lesson's YAML may have. Real lessons use at
/// most 4; serde_yaml itself refuses more than 128 levels, after parsing.
pub(crate) const MAX_YAML_DEPTH: usize = 64;

/// The 1-based line of `yaml` where its flow nesting first goes deeper than
/// [`MAX_YAML_DEPTH`]; None when it never does.
///
/// Brackets inside quoted scalars and comments do not count. A quote starts
/// a scalar only where YAML lets one start (line start, after `:`, `,`, `-`,
/// `?`, `[`, `{` and spaces), so the apostrophe in `don't` is text.
pub(crate) fn too_deep(yaml: &str) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut prev = '\n'; // the last character outside a quote that is not a space
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                prev = '\n';
                continue;
            }
            ' ' | '\t' | '\r' => continue,
            '#' if prev == '\n' || prev == ' ' => {
                // A comment: to the end of the line.
                for n in chars.by_ref() {
                    if n == '\n' {
                        line += 1;
                        break;
                    }
                }
                prev = '\n';
                continue;
            }
            '"' | '\'' if matches!(prev, '\n' | ':' | ',' | '-' | '?' | '[' | '{') => {
                line += skip_quoted(c, &mut chars);
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(line);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    None
}

/// Skips a quoted scalar opened by `quote`; returns how many lines it spans.
fn skip_quoted(quote: char, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> usize {
    let mut lines = 0;
    while let Some(c) = chars.next() {
        match c {
            '\n' => lines += 1,
            // An escaped character: a line break escaped still ends a line.
            '\\' if quote == '"' => lines += usize::from(chars.next() == Some('\n')),
            // '' is a quote inside a single-quoted scalar.
            '\'' if quote == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
            }
            c if c == quote => break,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_at_its_line() {
        let deep = format!("id: a\nhost_info:\n  {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(too_deep(&deep), Some(3));
        let at_limit = format!("x: {}{}", "{a: ".repeat(MAX_YAML_DEPTH), "}".repeat(MAX_YAML_DEPTH));
        assert_eq!(too_deep(&at_limit), None);
        let over = format!(
            "x: {}{}",
            "[".repeat(MAX_YAML_DEPTH + 1),
            "]".repeat(MAX_YAML_DEPTH + 1)
        );
        assert_eq!(too_deep(&over), Some(1));
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let many = "[".repeat(200);
        for yaml in [
            format!("says: \"{many}\"\n"),
            format!("says: '{many}'\n"),
            format!("says: 'it''s {many}'\n"),
            format!("# {many}\nid: a\n"),
            format!("cmd: [sh, -c, \"echo \\\" {many}\"]\n"),
            format!("says: \"two\n lines {many}\"\n"),
        ] {
            assert_eq!(too_deep(&yaml), None, "{yaml}");
        }
        // An apostrophe inside a plain scalar opens no quote: what follows counts.
        let plain = format!("says: don't\nx: {}{}\n", "[".repeat(100), "]".repeat(100));
        assert_eq!(too_deep(&plain), Some(2));
    }
}
