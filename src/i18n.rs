//! The page speaks the session's locale, message by message over en-US: a translation that is
//! missing, unparsable or fails to format never blanks a label, it shows English and records
//! why (`Localizer::errors`).
//!
//! The `.ftl` files are parsed by fluent-syntax (the Fluent project's parser); resolving the
//! parsed messages is done here, for the constructs the locale files use (text, variables,
//! selects on a number's CLDR plural category or on a string), with the browser's
//! `Intl.PluralRules` and `Intl.NumberFormat`. Anything else is an error, so the message falls
//! back to en-US. Measured (`scripts/size-report`, 2026-12-03): fluent-bundle with
//! intl_pluralrules, intl-memoizer and unic-langid made the page's wasm 369,071 B
//! (128,669 B brotli); with this resolver it is 280,733 B (93,623 B brotli). The native tests
//! (`tests/i18n.rs`) hold every message of every locale to fluent-bundle's output.

use crate::error::FrameError;
use capture_protocol::{LocaleCode, TextDirection};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use std::cell::RefCell;

/// The source locale, built into the wasm so the page can always speak.
pub const EN_US_FTL: &str = include_str!("../locales/en-US/capture.ftl");

/// A variable's value: a count (plural selection, locale digits) or a string kept as given.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Count(u32),
    Str(&'a str),
}

/// One locale's messages and its plural rules and number format.
struct Bundle {
    messages: Vec<(String, Pattern<String>)>,
    intl: Intl,
}

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
        // Each Localizer parses the embedded en-US again (start-up makes two). Measured
        // 2026-12-03: a parse takes ~20 µs natively, while sharing one parse through a
        // thread-local made the page 279 B (brotli) larger, more than it saves over a slow link.
        let mut errors = Vec::new();
        let en_us = bundle(LocaleCode::EN_US, EN_US_FTL, &mut errors);
        let primary = match ftl {
            _ if locale == LocaleCode::EN_US => None,
            Some(text) => Some((locale, bundle(locale, text, &mut errors))),
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
        self.format(id, &[])
    }

    /// A message with one numeric variable (plural selection and locale digits).
    pub fn count(&self, id: &str, name: &str, n: u32) -> String {
        self.format(id, &[(name, Arg::Count(n))])
    }

    /// A message with one string variable (kept as given: names, last four digits).
    pub fn with_str(&self, id: &str, name: &str, value: &str) -> String {
        self.format(id, &[(name, Arg::Str(value))])
    }

    /// Formats `id` from the session's locale, else from en-US, else shows the id itself.
    pub fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        if let Some((code, b)) = &self.primary {
            match b.format(id, args) {
                Ok(s) => return s,
                Err(detail) => self.errors.borrow_mut().push(FrameError::Fluent { locale: *code, detail }),
            }
        }
        self.en_us.format(id, args).unwrap_or_else(|detail| {
            self.errors.borrow_mut().push(FrameError::Fluent { locale: LocaleCode::EN_US, detail });
            id.to_owned()
        })
    }

    /// Every problem met so far, oldest first.
    pub fn errors(&self) -> Vec<String> {
        self.errors.borrow().iter().map(ToString::to_string).collect()
    }
}

/// A file with syntax errors still yields every message that parsed; the rest fall back. As in
/// fluent-bundle, the first of two messages with one id wins.
fn bundle(code: LocaleCode, text: &str, errors: &mut Vec<FrameError>) -> Bundle {
    let resource = fluent_syntax::parser::parse_runtime(text.to_owned()).unwrap_or_else(|(res, errs)| {
        errors.extend(errs.into_iter().map(|e| FrameError::Fluent { locale: code, detail: format!("parse: {e}") }));
        res
    });
    let mut messages: Vec<(String, Pattern<String>)> = Vec::new();
    for entry in resource.body {
        let Entry::Message(m) = entry else { continue };
        let Some(value) = m.value else { continue };
        if messages.iter().any(|(id, _)| *id == m.id.name) {
            errors.push(FrameError::Fluent { locale: code, detail: format!("duplicate message {}", m.id.name) });
        } else {
            messages.push((m.id.name, value));
        }
    }
    Bundle { messages, intl: Intl::new(code) }
}

/// What a selector or a variable resolved to.
enum Value<'a> {
    Number(u32),
    Str(&'a str),
}

impl Bundle {
    fn format(&self, id: &str, args: &[(&str, Arg)]) -> Result<String, String> {
        let pattern = self.messages.iter().find(|(m, _)| m == id).map(|(_, p)| p).ok_or_else(|| format!("missing message {id}"))?;
        let mut out = String::new();
        self.write(pattern, args, &mut out).map_err(|e| format!("{id}: {e}"))?;
        Ok(out)
    }

    fn write(&self, pattern: &Pattern<String>, args: &[(&str, Arg)], out: &mut String) -> Result<(), String> {
        // Fluent's rule: a placeable among other elements is wrapped in FSI … PDI, so a name
        // or a number in another script cannot reorder the sentence around it.
        let isolate = pattern.elements.len() > 1;
        for element in &pattern.elements {
            match element {
                PatternElement::TextElement { value } => out.push_str(value),
                PatternElement::Placeable { expression } => {
                    if isolate {
                        out.push('\u{2068}');
                    }
                    match expression {
                        Expression::Inline(inline) => match self.resolve(inline, args)? {
                            Value::Number(n) => out.push_str(&self.intl.number(n)),
                            Value::Str(s) => out.push_str(s),
                        },
                        Expression::Select { selector, variants } => {
                            let value = self.resolve(selector, args)?;
                            let category = match value {
                                Value::Number(n) => Some(self.intl.plural(n)),
                                Value::Str(_) => None,
                            };
                            let matches = |key: &VariantKey<String>| match (key, &value) {
                                (VariantKey::Identifier { name }, Value::Str(s)) => name == s,
                                (VariantKey::Identifier { name }, Value::Number(_)) => category.as_deref() == Some(name.as_str()),
                                (VariantKey::NumberLiteral { value: key }, Value::Number(n)) => key.parse::<u32>().is_ok_and(|k| k == *n),
                                (VariantKey::NumberLiteral { .. }, Value::Str(_)) => false,
                            };
                            // The parser guarantees exactly one default variant.
                            let chosen = variants.iter().find(|v| matches(&v.key)).or_else(|| variants.iter().find(|v| v.default));
                            self.write(&chosen.ok_or("select without a default variant")?.value, args, out)?;
                        }
                    }
                    if isolate {
                        out.push('\u{2069}');
                    }
                }
            }
        }
        Ok(())
    }

    fn resolve<'a>(&self, inline: &InlineExpression<String>, args: &'a [(&str, Arg<'a>)]) -> Result<Value<'a>, String> {
        let InlineExpression::VariableReference { id } = inline else {
            return Err("only variables are supported in placeables".into());
        };
        match args.iter().find(|(name, _)| *name == id.name) {
            Some((_, Arg::Count(n))) => Ok(Value::Number(*n)),
            Some((_, Arg::Str(s))) => Ok(Value::Str(s)),
            None => Err(format!("unknown variable ${}", id.name)),
        }
    }
}

/// Plural categories and digits through the browser's `Intl` (CLDR data the browser already
/// has): Arabic-Indic digits in ar-SA, Persian in fa-IR, grouping everywhere. Made on first use:
/// most screens format no number, and start-up builds two bundles.
#[cfg(target_arch = "wasm32")]
struct Intl {
    code: LocaleCode,
    made: std::cell::OnceCell<(js_sys::Intl::PluralRules, js_sys::Function)>,
}

#[cfg(target_arch = "wasm32")]
impl Intl {
    fn new(code: LocaleCode) -> Self {
        Self { code, made: std::cell::OnceCell::new() }
    }

    fn made(&self) -> &(js_sys::Intl::PluralRules, js_sys::Function) {
        self.made.get_or_init(|| {
            let locales = js_sys::Array::of1(&self.code.as_str().into());
            let options = js_sys::Object::new();
            (js_sys::Intl::PluralRules::new(&locales, &options), js_sys::Intl::NumberFormat::new(&locales, &options).format())
        })
    }

    fn plural(&self, n: u32) -> String {
        self.made().0.select(f64::from(n)).into()
    }

    fn number(&self, n: u32) -> String {
        self.made().1.call1(&wasm_bindgen::JsValue::NULL, &n.into()).ok().and_then(|s| s.as_string()).unwrap_or_else(|| n.to_string())
    }
}

/// Natively (the tests), the CLDR rules fluent-bundle uses, and digits as fluent-bundle
/// prints them without a number formatter.
#[cfg(not(target_arch = "wasm32"))]
struct Intl(Option<intl_pluralrules::PluralRules>);

#[cfg(not(target_arch = "wasm32"))]
impl Intl {
    /// As fluent-bundle looks rules up: the locale, its language alone, else English.
    fn new(code: LocaleCode) -> Self {
        let language = code.as_str().split('-').next().unwrap_or_default();
        let rules = [code.as_str(), language, "en"].into_iter().find_map(|tag| {
            let langid: unic_langid::LanguageIdentifier = tag.parse().ok()?;
            intl_pluralrules::PluralRules::create(langid, intl_pluralrules::PluralRuleType::CARDINAL).ok()
        });
        Self(rules)
    }

    fn plural(&self, n: u32) -> String {
        use intl_pluralrules::PluralCategory as C;
        let category = self.0.as_ref().and_then(|rules| rules.select(n).ok()).unwrap_or(C::OTHER);
        match category {
            C::ZERO => "zero",
            C::ONE => "one",
            C::TWO => "two",
            C::FEW => "few",
            C::MANY => "many",
            C::OTHER => "other",
        }
        .to_owned()
    }

    fn number(&self, n: u32) -> String {
        n.to_string()
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
