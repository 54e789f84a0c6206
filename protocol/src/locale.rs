use crate::ids::IdError;
use serde::{Deserialize, Serialize};

/// Writing direction, as the `dir` attribute spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    Ltr,
    Rtl,
}

impl TextDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// One of exactly the 28 supported locales. Parsing ignores ASCII case (BCP 47 tags are
/// case-insensitive); the value always prints in its canonical spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub struct LocaleCode(&'static str);

impl<'de> Deserialize<'de> for LocaleCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::try_from(s.as_str()).map_err(|_| serde::de::Error::custom(format!("unsupported locale code {s:?}")))
    }
}

impl LocaleCode {
    pub const ALL: [&'static str; 28] = [
        "ar-SA", "cs-CZ", "da-DK", "de-DE", "en-GB", "en-US", "es-ES", "es-US", "fa-IR", "fi-FI",
        "fr-FR", "hmn-Latn", "it-IT", "ja-JP", "km-KH", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR",
        "ru-RU", "sv-SE", "tl-PH", "tr-TR", "vi-VN", "zh-CN", "zh-Hans", "zh-TW",
    ];
    /// The source locale every other falls back to, message by message.
    pub const EN_US: LocaleCode = LocaleCode("en-US");

    pub fn all() -> impl Iterator<Item = LocaleCode> {
        Self::ALL.into_iter().map(LocaleCode)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    pub fn direction(self) -> TextDirection {
        match self.0 {
            "ar-SA" | "fa-IR" => TextDirection::Rtl,
            _ => TextDirection::Ltr,
        }
    }
}

impl TryFrom<&str> for LocaleCode {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, IdError> {
        Self::ALL.into_iter().find(|c| c.eq_ignore_ascii_case(s)).map(LocaleCode).ok_or(IdError::Locale)
    }
}

impl TryFrom<String> for LocaleCode {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::try_from(s.as_str())
    }
}

impl From<LocaleCode> for &'static str {
    fn from(c: LocaleCode) -> &'static str {
        c.0
    }
}

impl std::fmt::Display for LocaleCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_28_codes_of_seed_000() {
        assert_eq!(LocaleCode::all().count(), 28);
        for code in LocaleCode::ALL {
            assert_eq!(LocaleCode::try_from(code).unwrap().as_str(), code);
        }
        assert_eq!(LocaleCode::try_from("ES-us").unwrap().as_str(), "es-US");
        assert_eq!(LocaleCode::try_from("HMN-LATN").unwrap().as_str(), "hmn-Latn");
        for bad in ["", "en", "en_US", "es-MX", "zh-Hant", "en-US ", "ar"] {
            assert_eq!(LocaleCode::try_from(bad), Err(IdError::Locale), "{bad}");
        }
    }

    #[test]
    fn only_arabic_and_farsi_are_rtl() {
        let rtl: Vec<_> = LocaleCode::all().filter(|c| c.direction() == TextDirection::Rtl).map(LocaleCode::as_str).collect();
        assert_eq!(rtl, ["ar-SA", "fa-IR"]);
    }

    #[test]
    fn serde_uses_canonical_spelling() {
        let c: LocaleCode = serde_json::from_str("\"ja-jp\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"ja-JP\"");
        assert!(serde_json::from_str::<LocaleCode>("\"xx-XX\"").is_err());
    }
}
