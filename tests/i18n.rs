//! Every locale says everything en-US says, with the same variables, and every message formats
//! without an error for every plural category a number can land in.
#![cfg(all(feature = "frame", not(target_arch = "wasm32")))]

use capture_frame::i18n::Localizer;
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
        .map(|e| e.unwrap().file_name().into_string().unwrap())
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

fn sample_args(n: u32) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("brand", FluentValue::from("American Express"));
    args.set("host", FluentValue::from("shop.example.com"));
    args.set("last4", FluentValue::from("0042"));
    args.set("attempts", FluentValue::from(n));
    args.set("count", FluentValue::from(n));
    args
}

#[test]
fn every_message_formats_in_every_locale_for_every_plural_sample() {
    let mut problems = Vec::new();
    for code in present() {
        let res = FluentResource::try_new(read(code)).unwrap_or_else(|(_, e)| panic!("{code}: {e:?}"));
        let mut bundle = FluentBundle::new(vec![code.parse().unwrap()]);
        bundle.add_resource(res).unwrap_or_else(|e| panic!("{code}: {e:?}"));
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
