//! Validators for what a recipient types. Each takes the raw input (spaces and dashes as a
//! person types them are allowed where a person would type them) and returns the normalized
//! value or the one reason it is wrong; the page shows that reason, the server re-checks.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountError {
    #[error("required")]
    Required,
    #[error("card number must have 12 to 19 digits")]
    CardLength,
    #[error("card number fails the Luhn check")]
    CardChecksum,
    #[error("card brand is not accepted")]
    UnsupportedBrand,
    #[error("expiry must be MM/YY")]
    ExpiryFormat,
    #[error("card has expired")]
    ExpiryPast,
    #[error("routing number must have 9 digits")]
    RoutingLength,
    #[error("routing number fails the ABA checksum")]
    RoutingChecksum,
    #[error("account number must have 4 to 17 digits")]
    AccountNumber,
    #[error("postal code must be 5 digits or ZIP+4")]
    PostalCode,
    #[error("name must be 1 to 100 characters with a letter")]
    Name,
}

/// Card networks recognized from the IIN (first digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Discover,
}

impl CardBrand {
    /// The brand's own name: a trademark, shown untranslated in every locale.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Visa => "Visa",
            Self::Mastercard => "Mastercard",
            Self::Amex => "American Express",
            Self::Discover => "Discover",
        }
    }

    /// Brand from a digit prefix, as soon as the typed digits decide it (used while typing).
    pub fn from_prefix(digits: &str) -> Option<CardBrand> {
        let n = |len: usize| digits.get(..len).and_then(|p| p.parse::<u32>().ok());
        if digits.starts_with('4') {
            return Some(Self::Visa);
        }
        if matches!(n(2), Some(34 | 37)) {
            return Some(Self::Amex);
        }
        if matches!(n(2), Some(51..=55)) || matches!(n(4), Some(2221..=2720)) {
            return Some(Self::Mastercard);
        }
        if digits.starts_with("6011") || digits.starts_with("65") || matches!(n(3), Some(644..=649)) || matches!(n(6), Some(622126..=622925)) {
            return Some(Self::Discover);
        }
        None
    }

    /// Group sizes for display while typing: Amex 4-6-5, the others blocks of four.
    pub fn groups(brand: Option<CardBrand>) -> &'static [usize] {
        match brand {
            Some(Self::Amex) => &[4, 6, 5],
            _ => &[4, 4, 4, 4, 3],
        }
    }
}

/// Digits of an input where a person may type spaces or dashes between groups.
fn digits_of(input: &str) -> Option<String> {
    let t: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    t.chars().all(|c| c.is_ascii_digit()).then_some(t)
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum % 10 == 0
}

/// A valid card number: its digits and brand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNumber {
    pub digits: String,
    pub brand: CardBrand,
}

impl CardNumber {
    pub fn last4(&self) -> &str {
        &self.digits[self.digits.len() - 4..]
    }
}

pub fn card_number(input: &str) -> Result<CardNumber, AccountError> {
    if input.trim().is_empty() {
        return Err(AccountError::Required);
    }
    let digits = digits_of(input).ok_or(AccountError::CardLength)?;
    if !(12..=19).contains(&digits.len()) {
        return Err(AccountError::CardLength);
    }
    if !luhn_ok(&digits) {
        return Err(AccountError::CardChecksum);
    }
    let brand = CardBrand::from_prefix(&digits).ok_or(AccountError::UnsupportedBrand)?;
    Ok(CardNumber { digits, brand })
}

/// A card expiry as the month and the full year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    pub month: u8,
    pub year: u16,
}

/// `MM/YY` as cards print it (also `MM / YY`, `MMYY`, and `MM/YYYY` as some cards and bank
/// apps show it), valid through the end of its month. `today` is (year, month) so callers pass
/// their clock and tests stay deterministic.
pub fn expiry(input: &str, today: (u16, u8)) -> Result<Expiry, AccountError> {
    let t: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Err(AccountError::Required);
    }
    let (mm, yy) = match t.split_once('/') {
        Some(parts) => parts,
        // Four bytes may not be four characters: split only at a character boundary.
        None if t.len() == 4 => t.split_at_checked(2).ok_or(AccountError::ExpiryFormat)?,
        None => return Err(AccountError::ExpiryFormat),
    };
    let digits = |s: &str, n: usize| (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u16>().ok()).flatten();
    let month = digits(mm, 2).and_then(|m| u8::try_from(m).ok()).filter(|m| (1..=12).contains(m)).ok_or(AccountError::ExpiryFormat)?;
    // A full year must be 20YY: the page and the server carry the expiry on as MM/YY.
    let year = digits(yy, 2).map(|y| 2000 + y).or_else(|| digits(yy, 4).filter(|y| (2000..=2099).contains(y))).ok_or(AccountError::ExpiryFormat)?;
    if (year, month) < today {
        return Err(AccountError::ExpiryPast);
    }
    Ok(Expiry { month, year })
}

/// An ABA routing number: 9 digits whose 3-7-1 weighted sum is a multiple of 10.
pub fn routing_number(input: &str) -> Result<String, AccountError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(AccountError::Required);
    }
    if t.len() != 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AccountError::RoutingLength);
    }
    let sum: u32 = t.bytes().zip([3, 7, 1].iter().cycle()).map(|(b, w)| u32::from(b - b'0') * w).sum();
    if sum % 10 == 0 { Ok(t.to_owned()) } else { Err(AccountError::RoutingChecksum) }
}

/// A US bank account number: 4 to 17 digits.
pub fn account_number(input: &str) -> Result<String, AccountError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(AccountError::Required);
    }
    if (4..=17).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        Ok(t.to_owned())
    } else {
        Err(AccountError::AccountNumber)
    }
}

/// A US postal code: `12345` or `12345-6789`.
pub fn postal_code(input: &str) -> Result<String, AccountError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(AccountError::Required);
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = match t.split_once('-') {
        None => t.len() == 5 && all_digits(t),
        Some((zip, plus4)) => zip.len() == 5 && plus4.len() == 4 && all_digits(zip) && all_digits(plus4),
    };
    if ok { Ok(t.to_owned()) } else { Err(AccountError::PostalCode) }
}

/// A person's name: trimmed, 1–100 characters, at least one letter, no control characters.
pub fn name(input: &str) -> Result<String, AccountError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(AccountError::Required);
    }
    let ok = t.chars().count() <= 100 && t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_control);
    if ok { Ok(t.to_owned()) } else { Err(AccountError::Name) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AccountError::*;

    #[test]
    fn published_test_cards_are_valid_with_their_brand() {
        for (number, brand) in [
            ("4242424242424242", CardBrand::Visa),
            ("4000056655665556", CardBrand::Visa),
            ("4111 1111 1111 1111", CardBrand::Visa),
            ("4222222222222", CardBrand::Visa),
            ("5555555555554444", CardBrand::Mastercard),
            ("2223003122003222", CardBrand::Mastercard),
            ("5200-8282-8282-8210", CardBrand::Mastercard),
            ("378282246310005", CardBrand::Amex),
            ("371449635398431", CardBrand::Amex),
            ("6011111111111117", CardBrand::Discover),
            ("6011000990139424", CardBrand::Discover),
            ("6445644564456445", CardBrand::Discover),
        ] {
            let card = card_number(number).unwrap_or_else(|e| panic!("{number}: {e}"));
            assert_eq!(card.brand, brand, "{number}");
            assert_eq!(card.last4(), &number.replace([' ', '-'], "")[card.digits.len() - 4..]);
        }
    }

    #[test]
    fn card_near_misses() {
        assert_eq!(card_number(""), Err(Required));
        assert_eq!(card_number("   "), Err(Required));
        assert_eq!(card_number("4242424242424241"), Err(CardChecksum));
        // An adjacent transposition, the typo Luhn exists to catch.
        assert_eq!(card_number("4242424242424224"), Err(CardChecksum));
        assert_eq!(card_number("42424242424"), Err(CardLength));
        assert_eq!(card_number("42424242424242424242"), Err(CardLength));
        assert_eq!(card_number("4242a24242424242"), Err(CardLength));
        // JCB and Diners are well-formed but not accepted.
        assert_eq!(card_number("3566002020360505"), Err(UnsupportedBrand));
        assert_eq!(card_number("36227206271667"), Err(UnsupportedBrand));
        // 2-series Mastercard ends at 2720.
        assert_eq!(CardBrand::from_prefix("2721"), None);
        assert_eq!(CardBrand::from_prefix("2720"), Some(CardBrand::Mastercard));
    }

    #[test]
    fn brand_groups_follow_the_network() {
        assert_eq!(CardBrand::groups(Some(CardBrand::Amex)), &[4, 6, 5]);
        assert_eq!(CardBrand::groups(Some(CardBrand::Visa)), &[4, 4, 4, 4, 3]);
    }

    #[test]
    fn expiry_formats_and_past() {
        let today = (2026, 11);
        assert_eq!(expiry("11/26", today), Ok(Expiry { month: 11, year: 2026 }));
        assert_eq!(expiry("12 / 30", today), Ok(Expiry { month: 12, year: 2030 }));
        assert_eq!(expiry("0127", today), Ok(Expiry { month: 1, year: 2027 }));
        assert_eq!(expiry("10/26", today), Err(ExpiryPast));
        assert_eq!(expiry("13/27", today), Err(ExpiryFormat));
        assert_eq!(expiry("00/27", today), Err(ExpiryFormat));
        assert_eq!(expiry("1/27", today), Err(ExpiryFormat));
        assert_eq!(expiry("11/2", today), Err(ExpiryFormat));
        assert_eq!(expiry("11/202", today), Err(ExpiryFormat));
        assert_eq!(expiry("11/20271", today), Err(ExpiryFormat));
        assert_eq!(expiry("ab/cd", today), Err(ExpiryFormat));
        assert_eq!(expiry("", today), Err(Required));
    }

    #[test]
    fn expiry_as_printed_on_the_card() {
        // Cards print MM/YY; some cards and bank apps show the full year. Each is the same date.
        let today = (2026, 11);
        let want = Ok(Expiry { month: 3, year: 2029 });
        for printed in ["03/29", "03 / 29", "0329", " 03/29 ", "03/2029", "03 / 2029"] {
            assert_eq!(expiry(printed, today), want, "{printed:?}");
        }
        assert_eq!(expiry("11/2026", today), Ok(Expiry { month: 11, year: 2026 }));
        assert_eq!(expiry("10/2026", today), Err(ExpiryPast));
        // Only 20YY: the expiry travels on as MM/YY, which cannot say 1999 or 2100.
        assert_eq!(expiry("03/1999", today), Err(ExpiryFormat));
        assert_eq!(expiry("03/2100", today), Err(ExpiryFormat));
        // Year first (YY/MM, YYYY/MM) is not what a card prints.
        assert_eq!(expiry("2029/03", today), Err(ExpiryFormat));
        assert_eq!(expiry("032029", today), Err(ExpiryFormat));
    }

    #[test]
    fn expiry_of_four_bytes_that_are_not_four_characters() {
        // Found by the `account` fuzz target: `split_at(2)` inside a multi-byte character panicked.
        let today = (2026, 11);
        assert_eq!(expiry("\t 3\u{6f99}", today), Err(ExpiryFormat));
        assert_eq!(expiry("1é1", today), Err(ExpiryFormat));
        assert_eq!(expiry("é12", today), Err(ExpiryFormat));
    }

    #[test]
    fn routing_numbers_checksum() {
        for good in ["011000015", "021000021", "110000000", "122105155", "091000019"] {
            assert_eq!(routing_number(good).as_deref(), Ok(good));
        }
        assert_eq!(routing_number("021000022"), Err(RoutingChecksum));
        assert_eq!(routing_number("11000000"), Err(RoutingLength));
        assert_eq!(routing_number("1100000000"), Err(RoutingLength));
        assert_eq!(routing_number("11000000a"), Err(RoutingLength));
        assert_eq!(routing_number(""), Err(Required));
    }

    #[test]
    fn account_numbers_and_postal_codes() {
        assert!(account_number("0001").is_ok());
        assert!(account_number("00012345678901234").is_ok());
        assert_eq!(account_number("123"), Err(AccountNumber));
        assert_eq!(account_number("000123456789012345"), Err(AccountNumber));
        assert_eq!(account_number("12 34"), Err(AccountNumber));
        assert_eq!(postal_code(" 94107 ").as_deref(), Ok("94107"));
        assert!(postal_code("94107-1234").is_ok());
        for bad in ["9410", "941071", "94107-123", "94107 1234", "ABCDE", "94107-"] {
            assert_eq!(postal_code(bad), Err(PostalCode), "{bad}");
        }
        assert_eq!(postal_code(""), Err(Required));
    }

    #[test]
    fn names() {
        assert_eq!(name("  José Ñúñez ").as_deref(), Ok("José Ñúñez"));
        assert_eq!(name("李小龙").as_deref(), Ok("李小龙"));
        assert_eq!(name("12345"), Err(Name));
        assert_eq!(name(&"a".repeat(101)), Err(Name));
        assert_eq!(name("bad\u{0}name"), Err(Name));
        assert_eq!(name(""), Err(Required));
    }
}
