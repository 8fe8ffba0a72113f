//! Korean particles after an inserted value, chosen by how the value is read
//! aloud. The catalogue prefers a carrier noun ("`{name}` 컨테이너를"), so
//! no particle touches a value; where that reads badly, a template writes
//! `{name|을}` and this module picks 을 or 를 from the value's final sound.
//! The rule is written down in docs/messages.md; the tests below try it on
//! every kind of value the catalogue inserts.

/// A particle whose form depends on the final sound of the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Particle {
    /// 을/를 (object)
    EulReul,
    /// 이/가 (subject)
    IGa,
    /// 은/는 (topic)
    EunNeun,
    /// 으로/로 (means, direction): ㄹ takes 로 like a vowel.
    EuroRo,
    /// 과/와 (and, with)
    GwaWa,
}

/// How a word ends when read aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Final {
    /// A vowel: no final consonant (받침).
    Vowel,
    /// The final consonant ㄹ.
    Rieul,
    /// Any other final consonant.
    Consonant,
}

impl Particle {
    /// The particle a template names, in either of its forms (`{x|을}` or `{x|를}`).
    pub(crate) fn from_mark(mark: &str) -> Option<Particle> {
        Some(match mark {
            "을" | "를" => Particle::EulReul,
            "이" | "가" => Particle::IGa,
            "은" | "는" => Particle::EunNeun,
            "으로" | "로" => Particle::EuroRo,
            "과" | "와" => Particle::GwaWa,
            _ => return None,
        })
    }

    /// The form that follows `value`.
    pub(crate) fn after(self, value: &str) -> &'static str {
        let end = final_sound(value);
        let closed = end != Final::Vowel;
        match self {
            Particle::EulReul if closed => "을",
            Particle::EulReul => "를",
            Particle::IGa if closed => "이",
            Particle::IGa => "가",
            Particle::EunNeun if closed => "은",
            Particle::EunNeun => "는",
            Particle::EuroRo if end == Final::Consonant => "으로",
            Particle::EuroRo => "로",
            Particle::GwaWa if closed => "과",
            Particle::GwaWa => "와",
        }
    }
}

/// The final sound of `value` read aloud: its last Hangul syllable, number or
/// Latin word. Punctuation is not read, and a closing parenthetical is not
/// either: a particle after "출력(`s1`)" follows 출력.
pub(crate) fn final_sound(value: &str) -> Final {
    let mut value = value.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    while let Some(inner) = value.strip_suffix(')') {
        value = match inner.rfind('(') {
            Some(open) => inner[..open].trim_end(),
            None => inner,
        };
    }
    let value = value.trim_end_matches(|c: char| !c.is_alphanumeric());
    let Some(last) = value.chars().next_back() else {
        return Final::Vowel;
    };
    if ('\u{AC00}'..='\u{D7A3}').contains(&last) {
        return match (last as u32 - 0xAC00) % 28 {
            0 => Final::Vowel,
            8 => Final::Rieul,
            _ => Final::Consonant,
        };
    }
    if last.is_ascii_digit() {
        return number_final(value);
    }
    if last.is_ascii_alphabetic() {
        let start = value
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map(|i| i + 1)
            .unwrap_or(0);
        return latin_final(&value[start..]);
    }
    Final::Consonant
}

/// A number read in Korean: the last non-zero place decides (500 오백, 87 칠,
/// 10 십, 10000 만); digits after a single decimal point are read one by one
/// (1.50 일 점 오 영). Version numbers (10.0.14393) read each part as a number.
fn number_final(value: &str) -> Final {
    let digits_at = value.rfind(|c: char| !c.is_ascii_digit()).map(|i| i + 1).unwrap_or(0);
    let run = &value[digits_at..];
    let before = &value[..digits_at];
    let decimal = before.ends_with('.')
        && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        && !before[..before.len() - 1].contains('.');
    let last = run.bytes().last().map_or(0, |b| b - b'0');
    if decimal || last != 0 {
        return digit_final(last);
    }
    let zeros = run.bytes().rev().take_while(|b| *b == b'0').count();
    if zeros == run.len() {
        return Final::Consonant; // 영
    }
    match zeros {
        // 십, 백, 천, 만 (up to 천만), 억 (up to 천억), 조, 경
        1..=11 => Final::Consonant,
        12..=15 => Final::Vowel,
        _ => Final::Consonant,
    }
}

/// 영 일 이 삼 사 오 육 칠 팔 구
fn digit_final(d: u8) -> Final {
    match d {
        1 | 7 | 8 => Final::Rieul,
        0 | 3 | 6 => Final::Consonant,
        _ => Final::Vowel,
    }
}

/// Two consonant letters that end English words (a word ending in any other
/// pair, like `runsc` or `vmwp`, is read out letter by letter at its end).
const WORD_ENDINGS: &[&str] = &[
    "ng", "nk", "nd", "nt", "st", "ss", "ll", "ck", "sh", "ch", "th", "ph", "gh", "rt", "rd", "rk", "rm", "rn", "rl",
    "rs", "ld", "lt", "lk", "lf", "lm", "lp", "mp", "ft", "pt", "ct", "xt", "sk", "sp", "ts", "ks", "ps", "ds", "gs",
    "ns", "ms", "ls", "ws", "rb", "rp", "lb", "nx",
];

/// A run of Latin letters read aloud. Acronyms (all capitals, or a single
/// letter) and words ending in a pair no English word ends in are read by
/// the name of their last letter (`PID` 디, `HKLM` 엠, `runsc` 씨); other
/// words as Korean writes the loanword (`ping` 핑, `kernel` 커널, `sleep`
/// 슬립, `engine` 엔진, `docker` 도커).
fn latin_final(word: &str) -> Final {
    let lower = word.to_ascii_lowercase();
    let b = lower.as_bytes();
    let n = b.len();
    let acronym = n == 1 || word.bytes().all(|c| c.is_ascii_uppercase());
    let is_vowel = |c: u8| b"aeiouy".contains(&c);
    let odd_pair = n >= 2 && !is_vowel(b[n - 1]) && !is_vowel(b[n - 2]) && !WORD_ENDINGS.contains(&&lower[n - 2..]);
    if acronym || odd_pair {
        return letter_final(b[n - 1]);
    }
    let prev = |k: usize| if n > k { b[n - 1 - k] } else { b'a' };
    match b[n - 1] {
        b'g' if prev(1) == b'n' => Final::Consonant,                // 핑, 스트링
        b'm' | b'n' => Final::Consonant,                            // 시스템, 런
        b'l' => Final::Rieul,                                       // 커널, 셸
        b'e' if prev(1) == b'l' => Final::Rieul,                    // 파일, 테이블
        b'e' if matches!(prev(1), b'm' | b'n') => Final::Consonant, // 타임, 엔진
        // A stop after a vowel closes the syllable (슬립, 톱, 북); after a consonant it takes 으 (호스트).
        b'p' | b'k' | b't' if is_vowel(prev(1)) => Final::Consonant,
        _ => Final::Vowel,
    }
}

/// The Korean name of a letter: 엘, 알 end in ㄹ, 엠, 엔 in another consonant,
/// every other letter (에이, 비, 씨, 디 …) in a vowel.
fn letter_final(c: u8) -> Final {
    match c {
        b'l' | b'r' => Final::Rieul,
        b'm' | b'n' => Final::Consonant,
        _ => Final::Vowel,
    }
}

#[cfg(test)]
mod tests {
    use super::Particle::*;
    use super::*;

    fn check(cases: &[(&str, Particle, &str)]) {
        for (value, p, want) in cases {
            assert_eq!(p.after(value), *want, "{value} + {p:?}");
        }
    }

    #[test]
    fn hangul_by_its_final_consonant() {
        check(&[
            ("컨테이너", EulReul, "를"),
            ("단계", IGa, "가"),
            ("목록", EunNeun, "은"),
            ("파일", EuroRo, "로"),
            ("명령", EuroRo, "으로"),
            ("출력", GwaWa, "과"),
            ("엔진의 `top` 출력(`s1`)", IGa, "이"),
            ("`s2` 단계(`s3`)", IGa, "가"),
        ]);
    }

    #[test]
    fn numbers_as_korean_reads_them() {
        check(&[
            ("500", EuroRo, "으로"),       // 오백
            ("404", EuroRo, "로"),         // 사
            ("87", IGa, "이"),             // 칠
            ("1", EuroRo, "로"),           // 일
            ("3", EuroRo, "으로"),         // 삼
            ("6", EunNeun, "은"),          // 육
            ("8", IGa, "이"),              // 팔
            ("2", IGa, "가"),              // 이
            ("9", EulReul, "를"),          // 구
            ("0", EulReul, "을"),          // 영
            ("10", EuroRo, "으로"),        // 십
            ("100", IGa, "이"),            // 백
            ("1000", IGa, "이"),           // 천
            ("20000", IGa, "이"),          // 이만
            ("1000000000000", IGa, "가"),  // 일조
            ("17763", EunNeun, "은"),      // 삼
            ("1809", EunNeun, "는"),       // 구
            ("10.0.14393", EunNeun, "은"), // 삼
            ("10.0.20348", EunNeun, "은"), // 팔 (ㄹ)
            ("10.0.20348", EuroRo, "로"),
            ("1.5", EunNeun, "는"),           // 일 점 오
            ("2.50", EunNeun, "은"),          // 이 점 오 영
            ("22H2", EunNeun, "는"),          // 이
            ("sleep (PID 8)", EulReul, "을"), // 슬립
            ("p1(PID 9)", EulReul, "을"),     // 피일
        ]);
    }

    #[test]
    fn latin_as_it_is_read_aloud() {
        check(&[
            ("runsc", IGa, "가"),         // 런에스씨
            ("runc", IGa, "가"),          // 런씨
            ("kata", IGa, "가"),          // 카타
            ("ping", EunNeun, "은"),      // 핑
            ("kernel", EuroRo, "로"),     // 커널
            ("engine", EulReul, "을"),    // 엔진
            ("sleep", EulReul, "을"),     // 슬립
            ("docker", EulReul, "를"),    // 도커
            ("busybox", IGa, "가"),       // 비지박스
            ("my-process", EuroRo, "로"), // 프로세스
            ("my-sandbox", EuroRo, "로"),
            ("HKLM", EulReul, "을"),                      // 에이치케이엘엠
            ("PID", EulReul, "를"),                       // 피아이디
            ("Hyper-V", IGa, "가"),                       // 브이
            ("kvm", IGa, "이"),                           // 케이브이엠
            ("vmwp", IGa, "가"),                          // 브이엠더블유피
            ("csrss", IGa, "가"),                         // 씨에스알에스에스
            ("HKLM\\SOFTWARE\\proofbook", EulReul, "을"), // 프루프북
            ("busybox:latest", IGa, "가"),                // 레이티스트
            ("running", EunNeun, "은"),                   // 러닝
            ("exited", EunNeun, "는"),
            ("Linux", EunNeun, "는"),
            ("Windows", EunNeun, "는"),
            ("mcr.microsoft.com/windows/nanoserver:1809", IGa, "가"),
        ]);
    }

    #[test]
    fn nothing_to_read_takes_the_vowel_form() {
        check(&[("", IGa, "가"), ("—", EulReul, "를")]);
    }
}
