//! How the integrator's page asks the frame to look: a colour scheme, an accent colour, a
//! corner radius and a font stack from a fixed list. Both sides hold it to the same rules: the
//! embed refuses a bad `appearance` option, and the frame reads it back from its URL's fragment
//! (which only the session's `host_uri` can set: no one else may frame it) through the same
//! parser, so nothing but these validated values ever becomes a CSS custom property.

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
    fn the_accents_text_colour_contrasts() {
        assert_eq!(Appearance::accent_foreground([0x0b, 0x57, 0xd0]), "#ffffff");
        assert_eq!(Appearance::accent_foreground([0xff, 0xd6, 0x00]), "#000000");
        let props = Appearance { accent: Some([0, 0, 0]), radius: Some(0), font: Some(FontStack::Monospace), ..Default::default() }.properties();
        let names: Vec<_> = props.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["--accent", "--focus", "--accent-fg", "--radius", "--font"]);
    }
}
