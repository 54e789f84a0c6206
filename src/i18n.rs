//! The page speaks the session's locale, message by message over en-US: a translation that is
//! missing, unparsable or fails to format never blanks a label, it shows English and records
//! why (`Localizer::errors`).

use crate::error::FrameError;
use capture_protocol::{LocaleCode, TextDirection};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::cell::RefCell;
use unic_langid::LanguageIdentifier;

/// The source locale, built into the wasm so the page can always speak.
pub const EN_US_FTL: &str = include_str!("../locales/en-US/capture.ftl");

type Bundle = FluentBundle<FluentResource>;

/// The bundles of one page and the problems met while using them.
pub struct Localizer {
    /// The session's locale, when it is not en-US and its file could be read.
    primary: Option<(LocaleCode, Bundle)>,
    en_us: Bundle,
    errors: RefCell<Vec<FrameError>>,
}

impl Localizer {
    /// `ftl` is the locale's `capture.ftl`; `None` when it could not be fetched (the page then
    /// speaks en-US). For en-US the text is ignored: the embedded source is used.
    pub fn new(locale: LocaleCode, ftl: Option<&str>) -> Self {
        let mut errors = Vec::new();
        let en_us = bundle(LocaleCode::EN_US, EN_US_FTL.to_owned(), &mut errors);
        let primary = match ftl {
            _ if locale == LocaleCode::EN_US => None,
            Some(text) => Some((locale, bundle(locale, text.to_owned(), &mut errors))),
            None => {
                errors.push(FrameError::Fluent { locale, detail: "locale file unavailable".into() });
                None
            }
        };
        Self { primary, en_us, errors: RefCell::new(errors) }
    }

    /// en-US only: what the page shows before the mount answer names a locale.
    pub fn en_us() -> Self {
        Self::new(LocaleCode::EN_US, None)
    }

    /// The locale actually spoken (en-US when the session's file was unavailable).
    pub fn locale(&self) -> LocaleCode {
        self.primary.as_ref().map_or(LocaleCode::EN_US, |(code, _)| *code)
    }

    pub fn dir(&self) -> TextDirection {
        self.locale().direction()
    }

    /// A message without variables.
    pub fn text(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message with one numeric variable (plural selection and locale digits).
    pub fn count(&self, id: &str, name: &'static str, n: u32) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(n));
        self.format(id, Some(&args))
    }

    /// A message with one string variable (kept as given: names, last four digits).
    pub fn with_str(&self, id: &str, name: &'static str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value.to_owned()));
        self.format(id, Some(&args))
    }

    /// Formats `id` from the session's locale, else from en-US, else shows the id itself.
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        if let Some((code, b)) = &self.primary {
            match format_in(b, id, args) {
                Ok(s) => return s,
                Err(detail) => self.errors.borrow_mut().push(FrameError::Fluent { locale: *code, detail }),
            }
        }
        format_in(&self.en_us, id, args).unwrap_or_else(|detail| {
            self.errors.borrow_mut().push(FrameError::Fluent { locale: LocaleCode::EN_US, detail });
            id.to_owned()
        })
    }

    /// Every problem met so far, oldest first.
    pub fn errors(&self) -> Vec<String> {
        self.errors.borrow().iter().map(ToString::to_string).collect()
    }
}

fn bundle(code: LocaleCode, text: String, errors: &mut Vec<FrameError>) -> Bundle {
    let langid: LanguageIdentifier = code.as_str().parse().unwrap_or_default();
    let mut b = FluentBundle::new(vec![langid]);
    #[cfg(target_arch = "wasm32")]
    b.set_formatter(Some(number_format::format));
    // A file with syntax errors still yields every entry that parsed; the rest fall back.
    let res = FluentResource::try_new(text).unwrap_or_else(|(res, errs)| {
        errors.extend(errs.into_iter().map(|e| FrameError::Fluent { locale: code, detail: format!("parse: {e}") }));
        res
    });
    if let Err(errs) = b.add_resource(res) {
        errors.extend(errs.into_iter().map(|e| FrameError::Fluent { locale: code, detail: e.to_string() }));
    }
    b
}

fn format_in(b: &Bundle, id: &str, args: Option<&FluentArgs>) -> Result<String, String> {
    let pattern = b.get_message(id).and_then(|m| m.value()).ok_or_else(|| format!("missing message {id}"))?;
    let mut errs = Vec::new();
    let out = b.format_pattern(pattern, args, &mut errs);
    match errs.first() {
        None => Ok(out.into_owned()),
        Some(e) => Err(format!("{id}: {e}")),
    }
}

/// Numbers through the browser's `Intl.NumberFormat` (fluent-rs has no number formatter of
/// its own): Arabic-Indic digits in ar-SA, Persian in fa-IR, grouping everywhere.
#[cfg(target_arch = "wasm32")]
mod number_format {
    use fluent_bundle::FluentValue;
    use intl_memoizer::{IntlLangMemoizer, Memoizable};
    use unic_langid::LanguageIdentifier;
    use wasm_bindgen::JsValue;

    /// One `Intl.NumberFormat` per bundle, built on first use and kept by the memoizer.
    struct JsNumberFormat(js_sys::Function);

    impl Memoizable for JsNumberFormat {
        type Args = ();
        type Error = ();
        fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
            let locales = js_sys::Array::of1(&JsValue::from_str(&lang.to_string()));
            Ok(Self(js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new()).format()))
        }
    }

    pub(super) fn format(value: &FluentValue<'_>, intls: &IntlLangMemoizer) -> Option<String> {
        let FluentValue::Number(n) = value else { return None };
        intls
            .with_try_get::<JsNumberFormat, _, _>((), |f| f.0.call1(&JsValue::NULL, &JsValue::from_f64(n.value)).ok()?.as_string())
            .ok()
            .flatten()
    }
}

/// Sets `<html lang dir>` to the locale actually spoken.
pub fn apply_to_document(doc: &web_sys::Document, loc: &Localizer) {
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("lang", loc.locale().as_str());
        let _ = html.set_attribute("dir", loc.dir().as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> LocaleCode {
        LocaleCode::try_from(s).unwrap()
    }

    #[test]
    fn falls_back_per_message_and_collects_errors() {
        let loc = Localizer::new(code("de-DE"), Some("submit = Konto hinzufügen\ncancel = { $oops ->\n"));
        assert_eq!(loc.locale(), code("de-DE"));
        assert_eq!(loc.text("submit"), "Konto hinzufügen");
        assert_eq!(loc.text("try-again"), "Try again");
        assert_eq!(loc.text("no-such-id"), "no-such-id");
        let errors = loc.errors().join("\n");
        assert!(errors.contains("parse"), "{errors}");
        assert!(errors.contains("missing message try-again"), "{errors}");
        assert!(errors.contains("en-US: missing message no-such-id"), "{errors}");
    }

    #[test]
    fn unavailable_locale_speaks_en_us() {
        let loc = Localizer::new(code("ar-SA"), None);
        assert_eq!((loc.locale(), loc.dir()), (LocaleCode::EN_US, TextDirection::Ltr));
        assert_eq!(loc.count("attempts-remaining", "attempts", 1), "You have \u{2068}1\u{2069} attempt left.");
        assert_eq!(loc.errors().len(), 1);
    }

    #[test]
    fn rtl_and_isolated_placeables() {
        let loc = Localizer::new(code("fa-IR"), Some("card-brand = نوع کارت: { $brand }"));
        assert_eq!(loc.dir(), TextDirection::Rtl);
        assert_eq!(loc.with_str("card-brand", "brand", "Visa"), "نوع کارت: \u{2068}Visa\u{2069}");
    }

    #[test]
    fn a_variable_the_translation_misspells_falls_back() {
        let loc = Localizer::new(code("fr-FR"), Some("success-card = Carte { $last_four }"));
        assert_eq!(loc.with_str("success-card", "last4", "4242"), "Your card ending in \u{2068}4242\u{2069} is ready to receive payouts.");
        assert!(loc.errors().iter().any(|e| e.contains("fr-FR")));
    }
}
