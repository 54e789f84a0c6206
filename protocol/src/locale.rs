use crate::ids::IdError;
use serde::{Deserialize, Serialize};

/// Writing direction, as the `dir` attribute spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
// The derive cannot see the 28 codes behind the private field; the embed's tests check this
// list against `LocaleCode::ALL`.
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(type = "\"ar-SA\" | \"cs-CZ\" | \"da-DK\" | \"de-DE\" | \"en-GB\" | \"en-US\" | \"es-ES\" | \"es-US\" | \"fa-IR\" | \"fi-FI\" | \"fr-FR\" | \"hmn-Latn\" | \"it-IT\" | \"ja-JP\" | \"km-KH\" | \"ko-KR\" | \"nb-NO\" | \"nl-NL\" | \"pl-PL\" | \"pt-BR\" | \"ru-RU\" | \"sv-SE\" | \"tl-PH\" | \"tr-TR\" | \"vi-VN\" | \"zh-CN\" | \"zh-Hans\" | \"zh-TW\""))]
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

/// A string schema of the 28 codes: the derive cannot see them behind the private field.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for LocaleCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(Self::ALL)).into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for LocaleCode {}

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

/// `language_locale_code: "auto"`: the locale is negotiated at mount from the browser's
/// languages (see [`negotiate`]).
pub const AUTO: &str = "auto";

/// What a create request may name: a locale code or [`AUTO`].
#[cfg(feature = "openapi")]
pub fn requested_locale_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(LocaleCode::ALL.iter().copied().chain([AUTO]))).build()
}

/// The program's locale that best serves a browser asking for `requested` (its
/// `navigator.languages`, most preferred first; only the first [`crate::frame_api::MAX_LANGUAGES`]
/// count), among `available` (the program's languages, its default first), by fluent-langneg's
/// lookup with likely subtags (zh-HK → Traditional → zh-TW; pt-PT → pt-BR; de-AT → de-DE).
/// Spanish of the Americas (es-MX, es-419, …) prefers es-US over es-ES. Nothing usable → the
/// program's first language.
#[cfg(feature = "negotiate")]
pub fn negotiate(requested: &[String], available: &[LocaleCode]) -> LocaleCode {
    use fluent_langneg::{negotiate_languages, NegotiationStrategy};
    use unic_langid::LanguageIdentifier;
    let Some(default) = available.first().copied() else { return LocaleCode::EN_US };
    let mut wanted: Vec<LanguageIdentifier> = Vec::new();
    for tag in requested.iter().take(crate::frame_api::MAX_LANGUAGES) {
        let Ok(id) = tag.parse::<LanguageIdentifier>() else { continue };
        // Lookup settles each requested tag in turn, and es-MX would settle on the first Spanish
        // offered (es-ES): the Americas' es-US is asked for first.
        if id.language.as_str() == "es" && id.region.is_some_and(|r| r.as_str() != "ES") {
            wanted.push(LanguageIdentifier::from_parts("es".parse().expect("literal"), None, Some("US".parse().expect("literal")), &[]));
        }
        wanted.push(id);
    }
    // Compared in their maximized forms (zh-TW is zh-Hant-TW), so a script decides before a region.
    let offered: Vec<(LanguageIdentifier, LocaleCode)> = available
        .iter()
        .filter_map(|c| {
            let mut id: LanguageIdentifier = c.as_str().parse().ok()?;
            id.maximize();
            Some((id, *c))
        })
        .collect();
    let ids: Vec<LanguageIdentifier> = offered.iter().map(|(id, _)| id.clone()).collect();
    let chosen = negotiate_languages(&wanted, &ids, None, NegotiationStrategy::Lookup);
    chosen.first().and_then(|id| offered.iter().find(|(o, _)| o == *id)).map_or(default, |(_, c)| *c)
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

    #[cfg(feature = "negotiate")]
    #[test]
    fn negotiation_table() {
        let all: Vec<LocaleCode> = LocaleCode::all().collect();
        let mut program = vec![LocaleCode::EN_US];
        program.extend(all.iter().copied().filter(|c| *c != LocaleCode::EN_US));
        let pick = |langs: &[&str]| negotiate(&langs.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &program).as_str();
        for (asked, want) in [
            (&["es-MX", "es"][..], "es-US"),
            (&["es-419"], "es-US"),
            (&["es-ES"], "es-ES"),
            (&["es"], "es-ES"),
            (&["pt-PT"], "pt-BR"),
            (&["zh-HK"], "zh-TW"),
            (&["zh-Hant"], "zh-TW"),
            (&["zh-SG"], "zh-CN"),
            (&["de-AT"], "de-DE"),
            (&["fr-CA", "en"], "fr-FR"),
            (&["en-AU"], "en-US"),
            (&["ar"], "ar-SA"),
            (&["hmn"], "hmn-Latn"),
            (&["xx-YY", "tlh"], "en-US"),
            (&[], "en-US"),
            (&["not a tag", "ja"], "ja-JP"),
        ] {
            assert_eq!(pick(asked), want, "{asked:?}");
        }
        // Only the program's languages, its first as the default.
        let small = [LocaleCode::try_from("fr-FR").unwrap(), LocaleCode::EN_US];
        assert_eq!(negotiate(&["de-DE".into()], &small).as_str(), "fr-FR");
        assert_eq!(negotiate(&["en-GB".into()], &small).as_str(), "en-US");
        // At most ten languages are read.
        let many: Vec<String> = std::iter::repeat_n("xx".to_string(), 10).chain(["ja".to_string()]).collect();
        assert_eq!(negotiate(&many, &program).as_str(), "en-US");
    }

    #[test]
    fn serde_uses_canonical_spelling() {
        let c: LocaleCode = serde_json::from_str("\"ja-jp\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"ja-JP\"");
        assert!(serde_json::from_str::<LocaleCode>("\"xx-XX\"").is_err());
    }
}
