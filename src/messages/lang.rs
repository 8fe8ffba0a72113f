//! The languages proofbook speaks. A language is a variant here and one
//! catalogue file beside this one (`en.rs`, `ko.rs`); nothing else names it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::catalogue::Catalogue;

/// A language of the catalogue (and of a lesson, a page, a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Korean.
    Ko,
    /// A test-only pseudo-locale: the English catalogue with every letter
    /// replaced, so any English left on its pages came from outside the catalogue.
    #[cfg(test)]
    Pseudo,
}

impl Lang {
    /// The languages a reader can choose (the pseudo-locale is not one).
    pub const CHOOSABLE: [Lang; 2] = [Lang::En, Lang::Ko];

    /// Its BCP 47 tag: a page's `lang` attribute, a lesson's file suffix, a record's `lang`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            #[cfg(test)]
            Lang::Pseudo => "qps",
        }
    }

    /// The language of a tag, if proofbook speaks it.
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            #[cfg(test)]
            "qps" => Some(Lang::Pseudo),
            _ => None,
        }
    }

    /// The language of a record or lesson tag; a tag proofbook does not speak reads as English.
    pub fn of(code: &str) -> Lang {
        Lang::from_code(code).unwrap_or(Lang::En)
    }

    pub(crate) fn catalogue(self) -> &'static Catalogue {
        match self {
            Lang::En => &super::en::EN,
            Lang::Ko => &super::ko::KO,
            #[cfg(test)]
            Lang::Pseudo => super::pseudo::catalogue(),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::from_code(s).ok_or_else(|| format!("unknown language `{s}` (known: en, ko)"))
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
