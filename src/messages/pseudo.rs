//! The pseudo-locale (tests only): a third language made the way a real one
//! is (a `Lang` variant and this file), its text the English catalogue with
//! every ASCII letter of prose swapped for an accented one. Code spans and
//! `{parameters}` stay as they are, so the rendering is real; any plain
//! ASCII word on a pseudo page came from outside the catalogue.

use std::sync::LazyLock;

use super::catalogue::Catalogue;

static PSEUDO: LazyLock<Catalogue> = LazyLock::new(|| super::en::EN.map(|s| Box::leak(pseudo(s).into_boxed_str())));

pub(super) fn catalogue() -> &'static Catalogue {
    &PSEUDO
}

const FROM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const TO: &str = "áƀćđéƒğĥíĵķĺɱńóƥʠŕśťúʋŵẋýźÁƁĆĐÉƑĞĤÍĴĶĹḾŃÓƤɊŔŚŤÚṼŴẊÝŹ";

/// Swaps the letters of prose, leaving code spans and parameters as they are.
pub(crate) fn pseudo(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    let (mut code, mut param) = (false, false);
    for c in s.chars() {
        match c {
            '`' => code = !code,
            '{' if !code => param = true,
            '}' if !code => param = false,
            _ => {}
        }
        out.push(match FROM.find(c) {
            Some(i) if !code && !param => TO.chars().nth(i).unwrap_or(c),
            _ => c,
        });
    }
    out
}
