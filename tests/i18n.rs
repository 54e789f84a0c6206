//! Every locale says everything en-US says, with the same variables, and every message formats
//! without an error for every plural category a number can land in; and the rules of the
//! language review hold (locales/README.md explains each rule and names its test here).
#![cfg(all(feature = "frame", not(target_arch = "wasm32")))]

use capture_frame::i18n::{Arg, Localizer};
use capture_protocol::LocaleCode;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const NUMBERS: [u32; 8] = [0, 1, 2, 3, 5, 11, 21, 100];

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

fn read(code: &str) -> String {
    std::fs::read_to_string(locales_dir().join(code).join("capture.ftl")).unwrap_or_else(|e| panic!("{code}: {e}"))
}

fn present() -> Vec<&'static str> {
    LocaleCode::ALL.into_iter().filter(|c| locales_dir().join(c).join("capture.ftl").exists()).collect()
}

/// message id → (attribute names, variable names, text of the value)
type Shape = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>, String)>;

fn shape(code: &str, text: &str) -> Shape {
    let res = fluent_syntax::parser::parse(text).unwrap_or_else(|(_, errs)| panic!("{code}: syntax errors {errs:?}"));
    let mut out = Shape::new();
    for entry in res.body {
        match entry {
            Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                let mut attrs = BTreeSet::new();
                for a in &m.attributes {
                    attrs.insert(a.id.name.to_owned());
                    pattern_vars(&a.value, &mut vars);
                }
                let value = m.value.as_ref().map(|p| format!("{p:?}")).unwrap_or_default();
                assert!(out.insert(m.id.name.to_owned(), (attrs, vars, value)).is_none(), "{code}: duplicate {}", m.id.name);
            }
            Entry::Junk { content } => panic!("{code}: junk {content:?}"),
            _ => {}
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            arguments.positional.iter().for_each(|a| inline_vars(a, vars));
            arguments.named.iter().for_each(|a| inline_vars(&a.value, vars));
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn exactly_the_28_locale_folders() {
    let mut folders: Vec<String> = std::fs::read_dir(locales_dir())
        .unwrap()
        .map(|e| e.unwrap())
        // Files beside the folders (README.md) are documentation, not locales.
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    folders.sort();
    let extra: Vec<_> = folders.iter().filter(|f| LocaleCode::try_from(f.as_str()).map(|c| c.as_str() != f.as_str()).unwrap_or(true)).collect();
    assert!(extra.is_empty(), "folders that are not supported locale codes: {extra:?}");
    let missing: Vec<_> = LocaleCode::ALL.into_iter().filter(|c| !folders.iter().any(|f| f == c)).collect();
    assert!(missing.is_empty(), "missing locales: {missing:?}");
    for code in LocaleCode::ALL {
        assert!(locales_dir().join(code).join("capture.ftl").exists(), "{code}/capture.ftl");
    }
}

#[test]
fn every_locale_has_every_message_attribute_and_variable() {
    let source = shape("en-US", &read("en-US"));
    assert!(source.len() >= 60, "en-US has {} messages", source.len());
    let mut problems = Vec::new();
    for code in present() {
        let shape = shape(code, &read(code));
        for (id, (attrs, vars, _)) in &source {
            match shape.get(id) {
                None => problems.push(format!("{code}: missing {id}")),
                Some((a, v, _)) => {
                    if a != attrs {
                        problems.push(format!("{code}: {id} attributes {a:?}, en-US has {attrs:?}"));
                    }
                    if v != vars {
                        problems.push(format!("{code}: {id} variables {v:?}, en-US has {vars:?}"));
                    }
                }
            }
        }
        for id in shape.keys().filter(|id| !source.contains_key(*id)) {
            problems.push(format!("{code}: extra message {id}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn translations_are_not_english_copies() {
    let source = shape("en-US", &read("en-US"));
    for code in present().into_iter().filter(|c| !c.starts_with("en-")) {
        let shape = shape(code, &read(code));
        let same = source.iter().filter(|(id, (_, _, text))| shape.get(*id).is_some_and(|(_, _, t)| t == text)).count();
        assert!(same * 5 < source.len(), "{code}: {same} of {} messages are the English text", source.len());
    }
}

/// A value for every variable the messages use, `n` for the counts.
fn samples(n: u32) -> [(&'static str, Arg<'static>); 5] {
    [("brand", Arg::Str("American Express")), ("host", Arg::Str("shop.example.com")), ("last4", Arg::Str("0042")), ("attempts", Arg::Count(n)), ("count", Arg::Count(n))]
}

/// The same samples as fluent-bundle takes them.
fn sample_args(n: u32) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for (name, value) in samples(n) {
        match value {
            Arg::Count(n) => args.set(name, FluentValue::from(n)),
            Arg::Str(s) => args.set(name, FluentValue::from(s)),
        }
    }
    args
}

#[test]
fn every_message_formats_in_every_locale_for_every_plural_sample() {
    let mut problems = Vec::new();
    for code in present() {
        let bundle = bundle_of(code);
        let ids: Vec<String> = shape(code, &read(code)).into_keys().collect();
        for id in &ids {
            let msg = bundle.get_message(id).unwrap();
            let patterns = msg.value().into_iter().chain(msg.attributes().map(|a| a.value()));
            for pattern in patterns {
                for n in NUMBERS {
                    let mut errors = Vec::new();
                    let out = bundle.format_pattern(pattern, Some(&sample_args(n)), &mut errors);
                    if !errors.is_empty() || out.trim().is_empty() {
                        problems.push(format!("{code}: {id} with {n}: {errors:?} {out:?}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The page resolves messages itself (src/i18n.rs says why); here every message of every locale,
/// for every plural sample, says exactly what fluent-bundle says, and raises no error.
#[test]
fn the_pages_resolver_says_what_fluent_bundle_says() {
    let mut differences = Vec::new();
    for code in present() {
        let bundle = bundle_of(code);
        let loc = Localizer::new(LocaleCode::try_from(code).unwrap(), Some(&read(code)));
        for id in shape(code, &read(code)).into_keys() {
            for n in NUMBERS {
                let ours = loc.format(&id, &samples(n));
                let theirs = format(&bundle, &id, Some(&sample_args(n)));
                if ours != theirs {
                    differences.push(format!("{code}: {id} with {n}: {ours:?} but fluent-bundle {theirs:?}"));
                }
            }
        }
        assert!(loc.errors().is_empty(), "{code}: {:?}", loc.errors());
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn plurals_follow_cldr_where_it_matters() {
    let en = Localizer::new(LocaleCode::EN_US, None);
    assert_eq!(en.count("attempts-remaining", "attempts", 1), "You have \u{2068}1\u{2069} attempt left.");
    assert_eq!(en.count("attempts-remaining", "attempts", 2), "You have \u{2068}2\u{2069} attempts left.");
    // Arabic has all six CLDR categories: 0, 1, 2, 3 (few), 11 (many) and 100 (other) differ.
    if present().contains(&"ar-SA") {
        let ar = Localizer::new(LocaleCode::try_from("ar-SA").unwrap(), Some(&read("ar-SA")));
        let forms: BTreeSet<String> = [0, 1, 2, 3, 11, 100].into_iter().map(|n| ar.count("attempts-remaining", "attempts", n).replace(|c: char| c.is_ascii_digit(), "")).collect();
        assert!(forms.len() >= 4, "ar-SA plural forms: {forms:?}");
        assert!(ar.errors().is_empty(), "{:?}", ar.errors());
    }
}

#[test]
fn hmn_latn_formats_without_cldr_rules() {
    if !present().contains(&"hmn-Latn") {
        return;
    }
    let loc = Localizer::new(LocaleCode::try_from("hmn-Latn").unwrap(), Some(&read("hmn-Latn")));
    assert_eq!(loc.locale().as_str(), "hmn-Latn");
    for n in NUMBERS {
        let text = loc.count("error-summary", "count", n);
        assert!(!text.is_empty() && text.contains(&n.to_string()), "{text}");
    }
    assert!(loc.errors().is_empty(), "{:?}", loc.errors());
}

// ---- The language review's rules (locales/README.md says why; each test names the fix) ----

/// A locale's bundle, for formatting messages as the page does (with isolation marks).
fn bundle_of(code: &str) -> FluentBundle<FluentResource> {
    let res = FluentResource::try_new(read(code)).unwrap_or_else(|(_, e)| panic!("{code}: {e:?}"));
    let mut bundle = FluentBundle::new(vec![code.parse().unwrap()]);
    bundle.add_resource(res).unwrap_or_else(|e| panic!("{code}: {e:?}"));
    bundle
}

fn format(bundle: &FluentBundle<FluentResource>, id: &str, args: Option<&FluentArgs>) -> String {
    let pattern = bundle.get_message(id).and_then(|m| m.value()).unwrap_or_else(|| panic!("no value for {id}"));
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, args, &mut errors).into_owned();
    assert!(errors.is_empty(), "{id}: {errors:?}");
    out
}

fn format_count(bundle: &FluentBundle<FluentResource>, id: &str, var: &str, n: u32) -> String {
    let mut args = FluentArgs::new();
    args.set(var.to_owned(), FluentValue::from(n));
    format(bundle, id, Some(&args))
}

/// Messages whose value selects on a number, with the variable they select on.
fn count_messages(code: &str) -> Vec<(String, String)> {
    let text = read(code);
    let res = fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(_, errs)| panic!("{code}: {errs:?}"));
    let mut out = Vec::new();
    for entry in res.body {
        let Entry::Message(m) = entry else { continue };
        let Some(value) = &m.value else { continue };
        for el in &value.elements {
            if let PatternElement::Placeable { expression: Expression::Select { selector: InlineExpression::VariableReference { id }, .. } } = el {
                out.push((m.id.name.to_owned(), id.name.to_owned()));
            }
        }
    }
    out
}

fn has_digit(s: &str) -> bool {
    // `is_numeric`, not `is_ascii_digit`: Arabic-Indic, Persian and Khmer digits count too.
    s.chars().any(char::is_numeric)
}

#[test]
fn expiry_hint_shows_the_card_mask_with_the_words_beside_it() {
    // Cards print MM/YY whatever the recipient's language: an invented mask (ش ش/س س, BB/TT,
    // 月/年) makes them translate it back. The hint is `MM/YY (<month/year in the language>)`.
    let mut problems = Vec::new();
    for code in present() {
        let b = bundle_of(code);
        let hint = format(&b, "card-expiry-hint", None);
        let words = hint.strip_prefix("MM/YY").map(|rest| rest.trim_start());
        let bracketed = words.is_some_and(|w| {
            let inner = w.strip_prefix('(').and_then(|w| w.strip_suffix(')')).or_else(|| w.strip_prefix('（').and_then(|w| w.strip_suffix('）')));
            inner.is_some_and(|i| i.contains('/') && !i.contains("MM") && i.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        });
        match (code.starts_with("en-"), words) {
            (true, Some("")) => {}
            (false, Some(_)) if bracketed => {}
            _ => problems.push(format!("{code}: card-expiry-hint {hint:?} is not `MM/YY (month/year in the language)`")),
        }
        let error = format(&b, "error-expiry-format", None);
        if !error.contains("MM/YY") {
            problems.push(format!("{code}: error-expiry-format {error:?} does not show MM/YY"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Where a language names one (or two, or none) by the noun's own form, the numeral is wrong:
/// Arabic says "محاولة واحدة", "محاولتان", "لم تتبقَّ لديك أي محاولات", never "١ محاولة".
const SPELLED: [(&str, &[u32]); 1] = [("ar-SA", &[0, 1, 2])];

#[test]
fn counts_a_language_spells_show_no_numeral() {
    let mut problems = Vec::new();
    for (code, numbers) in SPELLED {
        let b = bundle_of(code);
        let messages = count_messages(code);
        assert!(messages.len() >= 2, "{code}: count messages {messages:?}");
        for (id, var) in &messages {
            for &n in numbers {
                let out = format_count(&b, id, var, n);
                if has_digit(&out) {
                    problems.push(format!("{code}: {id} for {n} shows the numeral: {out:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_form_without_the_numeral_stands_for_one_number_only() {
    // The counterpart of spelling: a variant that drops the numeral must be chosen by exactly
    // one number, or the count is lost. French, Portuguese and Persian `one` also covers 0,
    // Russian `one` covers 21, Filipino `one` covers 2 and 3: those keep the numeral.
    let mut problems = Vec::new();
    for code in present() {
        let b = bundle_of(code);
        for (id, var) in count_messages(code) {
            let mut numberless: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            for n in 0..=1000 {
                let out = format_count(&b, &id, &var, n);
                if !has_digit(&out) {
                    numberless.entry(out).or_default().push(n);
                }
            }
            for (text, ns) in numberless.into_iter().filter(|(_, ns)| ns.len() > 1) {
                problems.push(format!("{code}: {id} says {text:?} for {} numbers ({:?}…): keep the numeral in that variant", ns.len(), &ns[..ns.len().min(4)]));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn us_banking_terms_are_named_where_the_recipients_papers_name_them() {
    // Routing numbers and ZIP codes are US concepts: the label is in the recipient's language
    // and names the US term (in brackets where the language has its own word), so it matches
    // the bank statement and the card.
    let mut problems = Vec::new();
    for code in present() {
        let b = bundle_of(code);
        let routing = format(&b, "routing-label", None);
        if !(routing.to_lowercase().contains("routing") || routing.contains("ABA")) {
            problems.push(format!("{code}: routing-label {routing:?} names neither \"routing\" nor \"ABA\""));
        }
        for id in ["postal-code-label", "error-postal-code"] {
            let text = format(&b, id, None);
            if !text.contains("ZIP") {
                problems.push(format!("{code}: {id} {text:?} does not say ZIP"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Locales whose own words for the account types name other products (当座/당좌 is a business
/// cheque account) or that US banks address in English: the US term goes in brackets.
const CHECKING_SAVINGS_IN_BRACKETS: [&str; 4] = ["hmn-Latn", "ja-JP", "ko-KR", "tl-PH"];

#[test]
fn account_types_name_the_us_term_where_the_language_has_none() {
    let mut problems = Vec::new();
    for code in CHECKING_SAVINGS_IN_BRACKETS {
        let b = bundle_of(code);
        for (id, term) in [("account-type-checking", "Checking"), ("account-type-savings", "Savings")] {
            let text = format(&b, id, None);
            if !text.contains(term) {
                problems.push(format!("{code}: {id} {text:?} does not name {term:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Wording the review replaced, by locale: (what not to write, what to write and why).
/// Case-insensitive; `word` entries match whole words only (for ё, where the ё-less spelling
/// is a prefix of other words).
const REVIEWED: &[(&str, &str, bool, &str)] = &[
    ("de-DE", "Kartenmarke", false, "Kartentyp"),
    ("nl-NL", "Kaartmerk", false, "Kaarttype"),
    ("fa-IR", "بدهی", false, "کارت دبیت (کارت بانکی): «کارت بدهی» is a calque"),
    ("fa-IR", "جلسه", false, "a web session is «نشست»; «جلسه» is a meeting"),
    ("fa-IR", "رمزگذاری‌شده", false, "one voice: «رمزگذاری و به‌صورت امن ارسال می‌شود»"),
    ("hmn-Latn", "Vim koj txoj kev nyab xeeb", false, "a calque: «Kom muaj kev nyab xeeb rau koj, …»"),
    ("hmn-Latn", "kev pab cuam saib vev xaib", false, "Hmong speakers in the US say «browser»"),
    ("ja-JP", "再試行", false, "もう一度試す"),
    ("ja-JP", "貯蓄預金", false, "普通預金（Savings）"),
    ("km-KH", "បញ្ហាចំនួន", false, "a count needs its classifier: «បញ្ហា { $count } ចំណុច»"),
    ("ko-KR", "당좌", false, "당좌 is a business cheque account: 입출금 계좌(Checking)"),
    ("pl-PL", "Proszę", false, "one polite form throughout: «Prosimy…»"),
    ("pt-BR", "CEP", true, "CEP is Brazil's own code: «Código postal (ZIP)»"),
    ("ru-RU", "счет", true, "счёт"),
    ("ru-RU", "счета", true, "счёта"),
    ("ru-RU", "истек", true, "истёк"),
    ("ru-RU", "завершен", true, "завершён"),
    ("ru-RU", "еще", true, "ещё"),
    ("tl-PH", "naberipika", false, "«we did not verify»: «Hindi namin ma-verify»"),
    ("tl-PH", "kodigo postal", false, "Filipinos say «ZIP code»"),
    ("tl-PH", "Inihahanda", false, "means «preparing»: «Nilo-load»"),
    ("tl-PH", "nakatala sa nagpadala", false, "«…sa impormasyong hawak ng nagpadala»"),
];

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, w)| {
        let before = text[..i].chars().next_back();
        let after = text[i + w.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn reviewed_wording_stays_fixed() {
    let mut problems = Vec::new();
    for &(code, avoid, word, instead) in REVIEWED {
        // The file itself, comments included, so a section title cannot keep the old word either.
        let text = read(code).to_lowercase();
        let avoid_l = avoid.to_lowercase();
        if if word { contains_word(&text, &avoid_l) } else { text.contains(&avoid_l) } {
            problems.push(format!("{code}: {avoid:?} is back; write {instead}"));
        }
    }
    // Russian: вы/ваш are lowercase except where a sentence starts.
    let ru = read("ru-RU");
    for line in ru.lines().filter(|l| !l.starts_with('#')) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let starts_sentence = pair[0] == "=" || pair[0].ends_with(['.', '!', '?', ']']);
            if !starts_sentence && ["Вы", "Вас", "Вам", "Ваш"].iter().any(|p| pair[1].starts_with(p)) {
                problems.push(format!("ru-RU: {:?} capitalised mid-sentence in {line:?}", pair[1]));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// en-US messages whose text is the US term itself: another locale may show it on purpose
/// (tl-PH says "ZIP code"), so the leak check below lets them through.
const US_TERMS: [&str; 5] = ["routing-label", "account-type-checking", "account-type-savings", "postal-code-label", "method-debit"];

#[test]
fn no_english_sentence_shows_in_another_language() {
    // The rule of tests/e2e/locales.spec.mjs (an en-US sentence of 8+ characters without a
    // placeable, shown verbatim, leaked), applied to every message rather than the first screen.
    let en = read("en-US");
    let english: Vec<(&str, &str)> = en
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(id, text)| !id.starts_with(' ') && !text.contains('{') && text.trim().len() >= 8 && !US_TERMS.contains(id))
        .map(|(id, text)| (id, text.trim()))
        .collect();
    assert!(english.len() >= 40, "{} English sentences", english.len());
    let mut problems = Vec::new();
    for code in present().into_iter().filter(|c| !c.starts_with("en-")) {
        let b = bundle_of(code);
        for id in shape(code, &read(code)).into_keys() {
            let out = format(&b, &id, Some(&sample_args(3)));
            for (en_id, sentence) in &english {
                if out.contains(sentence) {
                    problems.push(format!("{code}: {id} shows the English of {en_id}: {sentence:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The string literals of a source file before its test module, each with where it starts.
fn literals(src: &str) -> Vec<(usize, String)> {
    let code = &src[..src.find("#[cfg(test)]").unwrap_or(src.len())];
    let bytes = code.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = code[i..].find('\n').map_or(bytes.len(), |n| i + n),
            // The character literal '"' (and '\'') is not the start of a string.
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' if bytes.get(i + 1) == Some(&b'\\') && bytes.get(i + 3) == Some(&b'\'') => i += 4,
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                out.push((start, code[start + 1..i].to_owned()));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Kebab-case literals in the page's code that are not message ids (DOM ids, attributes, meta
/// names, autocomplete tokens, headers). Every other such literal must be an en-US message.
const NOT_MESSAGES: [&str; 27] = [
    "account-number", "account-number-confirm", "account-type", "aria-busy", "aria-describedby", "aria-hidden", "aria-invalid",
    "aria-label", "aria-labelledby", "aria-live", "capture-mount-expires-at", "capture-server-time", "capture-static", "card-expiry",
    "card-name", "card-number", "cc-exp", "cc-name", "cc-number", "confirm-title", "content-type", "holder-name", "postal-code", "routing-number",
    "sr-only", "capture-frame", "data-color-scheme",
];

#[test]
fn every_message_id_the_page_uses_is_in_en_us_with_the_variables_it_passes() {
    let en = shape("en-US", &read("en-US"));
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (mut direct, mut problems) = (BTreeSet::new(), Vec::new());
    // Variables passed with an id held in a variable (`loc.with_str(body, "last4", …)`).
    let mut indirect_vars = BTreeSet::new();
    let mut indirect_ids = BTreeSet::new();
    for entry in std::fs::read_dir(&src_dir).unwrap() {
        let path = entry.unwrap().path();
        // The embed speaks no Fluent.
        if path.file_name().is_some_and(|n| n == "embed.rs") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let lits = literals(&src);
        for (n, (at, lit)) in lits.iter().enumerate() {
            let before = src[..*at].trim_end();
            let passed: Option<BTreeSet<String>> = if [".text(", "announce_id(", "Announce("].iter().any(|c| before.ends_with(c)) {
                Some(BTreeSet::new())
            } else if [".count(", ".with_str("].iter().any(|c| before.ends_with(c)) {
                Some(lits.get(n + 1).map(|(_, v)| v.clone()).into_iter().collect())
            } else {
                None
            };
            if let Some(passed) = passed {
                direct.insert(lit.clone());
                match en.get(lit) {
                    None => problems.push(format!("{file}: `{lit}` is not an en-US message")),
                    Some((_, vars, _)) if *vars != passed => problems.push(format!("{file}: `{lit}` gets {passed:?}, en-US uses {vars:?}")),
                    Some(_) => {}
                }
            } else if [".count(", ".with_str("].iter().any(|c| before.ends_with(c) || before.rsplit(c).next().is_some_and(|arg| before.contains(c) && arg.trim_end().ends_with(',') && !arg.contains(['"', ')', ';']))) {
                indirect_vars.insert(lit.clone());
            } else if lit.contains('-') && lit.starts_with(|c: char| c.is_ascii_lowercase()) && lit.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                if en.contains_key(lit) {
                    indirect_ids.insert(lit.clone());
                } else if !NOT_MESSAGES.contains(&lit.as_str()) {
                    problems.push(format!("{file}: `{lit}` is neither an en-US message nor listed in NOT_MESSAGES"));
                }
            }
        }
    }
    // Ids chosen at run time (field labels, error ids, result titles) go through text(), or
    // with_str()/count() with one of the variables passed that way.
    for id in indirect_ids.difference(&direct) {
        let vars = &en[id].1;
        if !vars.iter().all(|v| indirect_vars.contains(v)) {
            problems.push(format!("`{id}` needs {vars:?}; the code passes only {indirect_vars:?} with ids it picks at run time"));
        }
    }
    for listed in NOT_MESSAGES {
        assert!(!en.contains_key(listed), "{listed} is a message: take it off NOT_MESSAGES");
    }
    assert!(direct.len() >= 25 && indirect_ids.len() >= 20, "the scan found {} ids called directly and {} otherwise: is it still reading the code?", direct.len(), indirect_ids.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
