//! How the integrator's page asks the frame to look: a colour scheme, an accent colour, a
//! corner radius and a font stack from a fixed list. Both sides hold it to the same rules: the
//! embed refuses a bad `appearance` option, and the frame reads it back from its URL's fragment
//! (which only the session's `host_uri` can set: no one else may frame it) through the same
//! parser, so nothing but these validated values ever becomes a CSS custom property.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `colorScheme`: the page's light or dark palette, or the recipient's system setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorScheme {
    Light,
    Dark,
    #[default]
    Auto,
}

/// `fontFamily`: one of a few stacks of fonts a system already has (the frame's CSP loads
/// fonts only from its own origin, and a name from the page never reaches CSS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontStack {
    System,
    SansSerif,
    Serif,
    Monospace,
}

impl FontStack {
    pub const ALL: [FontStack; 4] = [Self::System, Self::SansSerif, Self::Serif, Self::Monospace];

    pub fn name(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::SansSerif => "sans-serif",
            Self::Serif => "serif",
            Self::Monospace => "monospace",
        }
    }

    /// The CSS `font-family` value.
    pub fn css(self) -> &'static str {
        match self {
            Self::System => "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", sans-serif",
            Self::SansSerif => "\"Helvetica Neue\", Helvetica, Arial, \"Noto Sans\", sans-serif",
            Self::Serif => "Georgia, \"Times New Roman\", \"Noto Serif\", serif",
            Self::Monospace => "ui-monospace, \"SF Mono\", Menlo, Consolas, \"Noto Sans Mono\", monospace",
        }
    }
}

/// The largest `borderRadius`, in CSS pixels.
pub const MAX_RADIUS: u8 = 24;

/// A validated appearance; every field absent means "the frame's default".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Appearance {
    pub color_scheme: ColorScheme,
    /// `#rrggbb`, as three bytes.
    pub accent: Option<[u8; 3]>,
    pub radius: Option<u8>,
    pub font: Option<FontStack>,
}

/// Why an appearance was refused; the text names the option as the integrator wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppearanceError {
    NotAnObject,
    UnknownKey(String),
    ColorScheme,
    AccentColor,
    BorderRadius,
    FontFamily,
}

impl fmt::Display for AppearanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAnObject => f.write_str("appearance must be an object such as { colorScheme: \"dark\" }"),
            Self::UnknownKey(key) => write!(f, "appearance has no option `{key}` (colorScheme, accentColor, borderRadius, fontFamily)"),
            Self::ColorScheme => f.write_str("appearance.colorScheme must be \"light\", \"dark\" or \"auto\""),
            Self::AccentColor => f.write_str("appearance.accentColor must be a colour of the form \"#rrggbb\""),
            Self::BorderRadius => write!(f, "appearance.borderRadius must be an integer number of pixels from 0 to {MAX_RADIUS}"),
            Self::FontFamily => f.write_str("appearance.fontFamily must be one of \"system\", \"sans-serif\", \"serif\", \"monospace\""),
        }
    }
}

impl std::error::Error for AppearanceError {}

impl ColorScheme {
    pub fn name(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
            Self::Auto => "auto",
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppearanceError> {
        [Self::Light, Self::Dark, Self::Auto].into_iter().find(|c| c.name() == s).ok_or(AppearanceError::ColorScheme)
    }
}

/// `#rrggbb` (either case) as bytes. Byte-wise, without slicing or integer parsing: the embed's
/// wasm then carries no panic path or radix parser for it.
pub fn parse_accent(s: &str) -> Result<[u8; 3], AppearanceError> {
    let nibble = |b: &u8| (*b as char).to_digit(16);
    let mut out = [0u8; 3];
    match s.as_bytes() {
        [b'#', hex @ ..] if hex.len() == 6 => {
            for (slot, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
                let (Some(high), Some(low)) = (pair.first().and_then(nibble), pair.last().and_then(nibble)) else {
                    return Err(AppearanceError::AccentColor);
                };
                *slot = (high * 16 + low) as u8;
            }
            Ok(out)
        }
        _ => Err(AppearanceError::AccentColor),
    }
}

pub fn parse_radius(n: f64) -> Result<u8, AppearanceError> {
    (n.fract() == 0.0 && (0.0..=f64::from(MAX_RADIUS)).contains(&n)).then_some(n as u8).ok_or(AppearanceError::BorderRadius)
}

pub fn parse_font(s: &str) -> Result<FontStack, AppearanceError> {
    FontStack::ALL.into_iter().find(|f| f.name() == s).ok_or(AppearanceError::FontFamily)
}


/// `appearance` as JSON (the create-session body; the session read and the mount answer send
/// an [`Appearance`] back in this shape): the embed option's keys. Shapes only: the values are
/// held to the embed's rules by `Appearance::try_from`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppearanceOptions {
    /// `"light"`, `"dark"` or `"auto"` (the default: the recipient's system setting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_scheme: Option<String>,
    /// `"#rrggbb"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<String>,
    /// Whole CSS pixels, 0 to 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u8>, maximum = 24))]
    pub border_radius: Option<f64>,
    /// `"system"`, `"sans-serif"`, `"serif"` or `"monospace"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
}

impl TryFrom<AppearanceOptions> for Appearance {
    type Error = AppearanceError;

    fn try_from(o: AppearanceOptions) -> Result<Self, AppearanceError> {
        Ok(Appearance {
            color_scheme: o.color_scheme.as_deref().map_or(Ok(ColorScheme::Auto), ColorScheme::parse)?,
            accent: o.accent_color.as_deref().map(parse_accent).transpose()?,
            radius: o.border_radius.map(parse_radius).transpose()?,
            font: o.font_family.as_deref().map(parse_font).transpose()?,
        })
    }
}

/// The JSON shape of [`AppearanceOptions`], with the radius an integer and only what is set.
impl Serialize for Appearance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("colorScheme", self.color_scheme.name())?;
        if let Some([r, g, b]) = self.accent {
            map.serialize_entry("accentColor", &format!("#{r:02x}{g:02x}{b:02x}"))?;
        }
        if let Some(radius) = self.radius {
            map.serialize_entry("borderRadius", &radius)?;
        }
        if let Some(font) = self.font {
            map.serialize_entry("fontFamily", font.name())?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Appearance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Appearance::try_from(AppearanceOptions::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl AppearanceError {
    /// The option the error is about, as the integrator wrote it (`accentColor`).
    pub fn key(&self) -> &str {
        match self {
            Self::NotAnObject => "",
            Self::UnknownKey(key) => key,
            Self::ColorScheme => "colorScheme",
            Self::AccentColor => "accentColor",
            Self::BorderRadius => "borderRadius",
            Self::FontFamily => "fontFamily",
        }
    }
}

impl Appearance {
    /// `&key=value` pairs to append to an `authorized_url`'s fragment (empty for the default).
    pub fn to_fragment(&self) -> String {
        let mut out = String::new();
        if self.color_scheme != ColorScheme::Auto {
            out.push_str(&format!("&color_scheme={}", self.color_scheme.name()));
        }
        if let Some([r, g, b]) = self.accent {
            out.push_str(&format!("&accent={r:02x}{g:02x}{b:02x}"));
        }
        if let Some(radius) = self.radius {
            out.push_str(&format!("&radius={radius}"));
        }
        if let Some(font) = self.font {
            out.push_str(&format!("&font={}", font.name()));
        }
        out
    }

    /// The appearance in a fragment (`#t=…&color_scheme=dark&…`): other keys than these and
    /// `t` are refused, like any bad value, so a fragment either applies whole or not at all.
    pub fn from_fragment(hash: &str) -> Result<Self, AppearanceError> {
        let mut out = Self::default();
        for pair in hash.strip_prefix('#').unwrap_or(hash).split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "t" => {}
                "color_scheme" => out.color_scheme = ColorScheme::parse(value)?,
                "accent" => out.accent = Some(parse_accent(&format!("#{value}"))?),
                "radius" => out.radius = Some(parse_radius(value.parse::<u8>().map_err(|_| AppearanceError::BorderRadius)?.into())?),
                "font" => out.font = Some(parse_font(value)?),
                other => return Err(AppearanceError::UnknownKey(other.chars().take(40).collect())),
            }
        }
        Ok(out)
    }

    /// This appearance over `base`, option by option: what this one sets wins (the embed's
    /// `mount()` option over the session's; `"auto"` counts as unset, as in the fragment).
    pub fn over(self, base: Appearance) -> Appearance {
        Appearance {
            color_scheme: if self.color_scheme == ColorScheme::Auto { base.color_scheme } else { self.color_scheme },
            accent: self.accent.or(base.accent),
            radius: self.radius.or(base.radius),
            font: self.font.or(base.font),
        }
    }

    /// The text colour on the accent: black or white, whichever contrasts more (WCAG relative
    /// luminance), so a light accent never carries white text.
    pub fn accent_foreground(accent: [u8; 3]) -> &'static str {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let l = 0.2126 * linear(accent[0]) + 0.7152 * linear(accent[1]) + 0.0722 * linear(accent[2]);
        // Contrast with white is 1.05 / (l + 0.05), with black (l + 0.05) / 0.05: equal at l ≈ 0.179.
        if l > 0.179 { "#000000" } else { "#ffffff" }
    }

    /// The CSS custom properties (name, value) this appearance sets on the frame's root.
    pub fn properties(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(accent @ [r, g, b]) = self.accent {
            out.push(("--accent", format!("#{r:02x}{g:02x}{b:02x}")));
            out.push(("--focus", format!("#{r:02x}{g:02x}{b:02x}")));
            out.push(("--accent-fg", Self::accent_foreground(accent).to_owned()));
        }
        if let Some(radius) = self.radius {
            out.push(("--radius", format!("{radius}px")));
        }
        if let Some(font) = self.font {
            out.push(("--font", font.css().to_owned()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_round_trips_and_defaults_add_nothing() {
        assert_eq!(Appearance::default().to_fragment(), "");
        let a = Appearance { color_scheme: ColorScheme::Dark, accent: Some([0x1f, 0x6f, 0xeb]), radius: Some(12), font: Some(FontStack::Serif) };
        let fragment = a.to_fragment();
        assert_eq!(fragment, "&color_scheme=dark&accent=1f6feb&radius=12&font=serif");
        assert_eq!(Appearance::from_fragment(&format!("#t=tok{fragment}")), Ok(a));
        assert_eq!(Appearance::from_fragment("#t=tok"), Ok(Appearance::default()));
        assert_eq!(Appearance::from_fragment(""), Ok(Appearance::default()));
    }

    #[test]
    fn bad_values_are_refused_whole() {
        for (hash, error) in [
            ("#t=x&color_scheme=dim", AppearanceError::ColorScheme),
            ("#t=x&accent=red", AppearanceError::AccentColor),
            ("#t=x&accent=12345", AppearanceError::AccentColor),
            ("#t=x&accent=1234567", AppearanceError::AccentColor),
            ("#t=x&accent=;}body{x:y", AppearanceError::AccentColor),
            ("#t=x&radius=25", AppearanceError::BorderRadius),
            ("#t=x&radius=-1", AppearanceError::BorderRadius),
            ("#t=x&radius=1.5", AppearanceError::BorderRadius),
            ("#t=x&font=Comic%20Sans", AppearanceError::FontFamily),
            ("#t=x&font=serif;color:red", AppearanceError::FontFamily),
            ("#t=x&style=evil", AppearanceError::UnknownKey("style".into())),
        ] {
            assert_eq!(Appearance::from_fragment(hash), Err(error), "{hash}");
        }
        assert_eq!(parse_accent("#ABCDEF"), Ok([0xab, 0xcd, 0xef]));
        assert_eq!(parse_radius(24.0), Ok(24));
        assert!(parse_radius(f64::NAN).is_err());
    }

    #[test]
    fn json_round_trips_is_validated_and_layers_option_by_option() {
        let session: Appearance = serde_json::from_str(r##"{"colorScheme":"dark","accentColor":"#1F6FEB","borderRadius":8}"##).unwrap();
        assert_eq!(session, Appearance { color_scheme: ColorScheme::Dark, accent: Some([0x1f, 0x6f, 0xeb]), radius: Some(8), font: None });
        assert_eq!(serde_json::to_string(&session).unwrap(), r##"{"colorScheme":"dark","accentColor":"#1f6feb","borderRadius":8}"##);
        assert_eq!(serde_json::from_str::<Appearance>("{}").unwrap(), Appearance::default());
        for bad in [r#"{"colorScheme":"dim"}"#, r#"{"borderRadius":1.5}"#, r#"{"fontFamily":"Comic Sans"}"#, r#"{"style":"x"}"#] {
            assert!(serde_json::from_str::<Appearance>(bad).is_err(), "{bad}");
        }
        let mount = Appearance { accent: Some([0, 0, 0]), ..Default::default() };
        let merged = mount.over(session);
        assert_eq!(merged, Appearance { accent: Some([0, 0, 0]), ..session });
        let light = Appearance { color_scheme: ColorScheme::Light, ..Default::default() };
        assert_eq!(light.over(session).color_scheme, ColorScheme::Light);
    }

    #[test]
    fn the_accents_text_colour_contrasts() {
        assert_eq!(Appearance::accent_foreground([0x0b, 0x57, 0xd0]), "#ffffff");
        assert_eq!(Appearance::accent_foreground([0xff, 0xd6, 0x00]), "#000000");
        let props = Appearance { accent: Some([0, 0, 0]), radius: Some(0), font: Some(FontStack::Monospace), ..Default::default() }.properties();
        let names: Vec<_> = props.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["--accent", "--focus", "--accent-fg", "--radius", "--font"]);
    }
}
