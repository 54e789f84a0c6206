//! What the form knows without a DOM: its fields, how digits are shown while typed, and how
//! raw input becomes an [`AccountSubmission`] or the message ids of what is wrong. The
//! validators are the protocol's, so the page and the server agree on every rule.

use capture_protocol::account::{self, AccountError, CardBrand};
use capture_protocol::frame_api::{AccountSubmission, AccountType};
use capture_protocol::FundingDestination;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    CardNumber,
    Expiry,
    CardName,
    Routing,
    Account,
    AccountConfirm,
    HolderName,
    Postal,
}

/// How a field is built: DOM id, `name`, label and hint message ids, `autocomplete` token,
/// and whether digits are typed (`inputmode="numeric"`).
pub struct Spec {
    pub id: &'static str,
    pub name: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
    pub numeric: bool,
}

impl Field {
    pub const DEBIT: [Field; 3] = [Field::CardNumber, Field::Expiry, Field::CardName];
    pub const ACH: [Field; 4] = [Field::Routing, Field::Account, Field::AccountConfirm, Field::HolderName];

    pub fn spec(self) -> Spec {
        let s = |id, name, label, hint, autocomplete, numeric| Spec { id, name, label, hint, autocomplete, numeric };
        match self {
            Self::CardNumber => s("card-number", "card_number", "card-number-label", None, Some("cc-number"), true),
            Self::Expiry => s("card-expiry", "expiry", "card-expiry-label", Some("card-expiry-hint"), Some("cc-exp"), true),
            Self::CardName => s("card-name", "card_name", "card-name-label", None, Some("cc-name"), false),
            // Bank numbers have no autocomplete token; "off" keeps browsers from offering
            // unrelated saved numbers.
            Self::Routing => s("routing-number", "routing_number", "routing-label", Some("routing-hint"), Some("off"), true),
            Self::Account => s("account-number", "account_number", "account-label", None, Some("off"), true),
            Self::AccountConfirm => s("account-number-confirm", "account_number_confirm", "account-confirm-label", None, Some("off"), true),
            Self::HolderName => s("holder-name", "holder_name", "holder-name-label", None, Some("name"), false),
            Self::Postal => s("postal-code", "postal_code", "postal-code-label", None, Some("postal-code"), true),
        }
    }

    /// The fields a destination asks for, in order (the postal code last, shared).
    pub fn for_destination(dest: FundingDestination) -> Vec<Field> {
        let mut v = match dest {
            FundingDestination::Debit => Self::DEBIT.to_vec(),
            FundingDestination::Ach => Self::ACH.to_vec(),
        };
        v.push(Self::Postal);
        v
    }

    /// The field a server `param` (an [`AccountSubmission`] key) names.
    pub fn from_param(param: &str, dest: FundingDestination) -> Option<Field> {
        Some(match (param, dest) {
            ("card_number", _) => Self::CardNumber,
            ("expiry", _) => Self::Expiry,
            ("routing_number", _) => Self::Routing,
            ("account_number", _) => Self::Account,
            ("postal_code", _) => Self::Postal,
            ("name", FundingDestination::Debit) => Self::CardName,
            ("name", FundingDestination::Ach) => Self::HolderName,
            _ => return None,
        })
    }

    /// The message for a server `reason` the page does not know: the field's general error.
    fn general_error(self) -> &'static str {
        match self {
            Self::CardNumber => "error-card-checksum",
            Self::Expiry => "error-expiry-format",
            Self::CardName | Self::HolderName => "error-name",
            Self::Routing => "error-routing-checksum",
            Self::Account | Self::AccountConfirm => "error-account-number",
            Self::Postal => "error-postal-code",
        }
    }
}

pub fn error_id(e: AccountError) -> &'static str {
    match e {
        AccountError::Required => "error-required",
        AccountError::CardLength => "error-card-length",
        AccountError::CardChecksum => "error-card-checksum",
        AccountError::UnsupportedBrand => "error-card-brand",
        AccountError::ExpiryFormat => "error-expiry-format",
        AccountError::ExpiryPast => "error-expiry-past",
        AccountError::RoutingLength => "error-routing-length",
        AccountError::RoutingChecksum => "error-routing-checksum",
        AccountError::AccountNumber => "error-account-number",
        AccountError::PostalCode => "error-postal-code",
        AccountError::Name => "error-name",
    }
}

/// The server's `reason` names (the serde names of [`AccountError`]) and their messages.
/// Kept as a table rather than deserialized: it is the page's only JSON read besides the
/// envelopes, and a test holds it to the protocol's serde names.
pub const REASONS: [(&str, AccountError); 11] = [
    ("required", AccountError::Required),
    ("card_length", AccountError::CardLength),
    ("card_checksum", AccountError::CardChecksum),
    ("unsupported_brand", AccountError::UnsupportedBrand),
    ("expiry_format", AccountError::ExpiryFormat),
    ("expiry_past", AccountError::ExpiryPast),
    ("routing_length", AccountError::RoutingLength),
    ("routing_checksum", AccountError::RoutingChecksum),
    ("account_number", AccountError::AccountNumber),
    ("postal_code", AccountError::PostalCode),
    ("name", AccountError::Name),
];

/// The message for an `invalid_account` answer: the server's `reason` is an [`AccountError`]
/// name when it is one the page knows.
pub fn server_error_id(field: Field, reason: Option<&str>) -> &'static str {
    reason
        .and_then(|r| REASONS.iter().find(|(name, _)| *name == r))
        .map_or_else(|| field.general_error(), |(_, e)| error_id(*e))
}

/// Validates one field. `account` is the account number field's value (for the confirmation)
/// and `today` is (year, month) for the expiry.
pub fn validate(field: Field, value: &str, account: &str, today: (u16, u8)) -> Result<String, &'static str> {
    let r = match field {
        Field::CardNumber => account::card_number(value).map(|c| c.digits),
        Field::Expiry => account::expiry(value, today).map(|e| format!("{:02}/{:02}", e.month, e.year % 100)),
        Field::CardName | Field::HolderName => account::name(value),
        Field::Routing => account::routing_number(value),
        Field::Account => account::account_number(value),
        Field::AccountConfirm => {
            return match account::account_number(value) {
                Err(AccountError::Required) => Err("error-required"),
                _ if value.trim() != account.trim() => Err("error-account-mismatch"),
                r => r.map_err(error_id),
            }
        }
        Field::Postal => account::postal_code(value),
    };
    r.map_err(error_id)
}

/// Builds the submission for `dest` from the fields' raw values, or lists every invalid field
/// (in form order) with its message id.
pub fn submission(
    dest: FundingDestination,
    value: impl Fn(Field) -> String,
    account_type: AccountType,
    today: (u16, u8),
) -> Result<AccountSubmission, Vec<(Field, &'static str)>> {
    let account = value(Field::Account);
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for f in Field::for_destination(dest) {
        match validate(f, &value(f), &account, today) {
            Ok(v) => ok.push(v),
            Err(id) => bad.push((f, id)),
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut ok = ok.into_iter();
    let mut take = || ok.next().unwrap_or_default();
    Ok(match dest {
        FundingDestination::Debit => {
            AccountSubmission::Debit { card_number: take(), expiry: take(), name: take(), postal_code: take() }
        }
        FundingDestination::Ach => {
            let routing_number = take();
            let account_number = take();
            let _confirmation = take();
            AccountSubmission::Ach { routing_number, account_number, account_type, name: take(), postal_code: take() }
        }
    })
}

/// The card number as typed, regrouped for its brand (at most 19 digits), and where the caret
/// goes: after the same number of digits it followed before.
pub fn format_card(value: &str, caret: usize) -> (String, usize) {
    let digits_before = value.chars().take(caret).filter(char::is_ascii_digit).count();
    let digits: String = value.chars().filter(char::is_ascii_digit).take(19).collect();
    let mut out = String::with_capacity(digits.len() + 4);
    let mut new_caret = 0;
    let mut sizes = CardBrand::groups(CardBrand::from_prefix(&digits)).iter().copied();
    let mut left = sizes.next().unwrap_or(4);
    for (i, d) in digits.chars().enumerate() {
        if left == 0 {
            out.push(' ');
            left = sizes.next().unwrap_or(4);
        }
        out.push(d);
        left -= 1;
        if i + 1 == digits_before {
            new_caret = out.len();
        }
    }
    (out, new_caret)
}

/// The brand to show for what is typed so far.
pub fn brand_of(value: &str) -> Option<CardBrand> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    CardBrand::from_prefix(&digits)
}

/// The expiry as typed with the "/" inserted after the month. `deleting` (a backspace) keeps
/// "12/" from coming back the moment it is erased.
pub fn format_expiry(value: &str, deleting: bool) -> String {
    // Four digits (MM/YY), or six when the year is written out as 20YY (autofill's `cc-exp`
    // and many bank apps give MM/YYYY): cutting those at four would turn 2034 into 20.
    let all: String = value.chars().filter(char::is_ascii_digit).take(6).collect();
    let digits = if all.len() > 4 && &all[2..4] == "20" { all } else { all.chars().take(4).collect() };
    match digits.len() {
        0..=1 => digits,
        2 if deleting => digits,
        _ => format!("{}/{}", &digits[..2], &digits[2..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const TODAY: (u16, u8) = (2026, 11);

    #[test]
    fn card_groups_follow_the_brand_and_keep_the_caret() {
        assert_eq!(format_card("4242424242424242", 16), ("4242 4242 4242 4242".into(), 19));
        assert_eq!(format_card("378282246310005", 15), ("3782 822463 10005".into(), 17));
        // Typing a digit in the middle keeps the caret right after it.
        assert_eq!(format_card("4242 14242", 6), ("4242 1424 2".into(), 6));
        // Non-digits vanish; the caret stays after the digits it followed.
        assert_eq!(format_card("42a4", 3), ("424".into(), 2));
        assert_eq!(format_card("", 0), (String::new(), 0));
        assert_eq!(format_card(&"4".repeat(25), 25).0.chars().filter(char::is_ascii_digit).count(), 19);
    }

    #[test]
    fn expiry_gets_its_slash() {
        assert_eq!(format_expiry("1", false), "1");
        assert_eq!(format_expiry("12", false), "12/");
        assert_eq!(format_expiry("12", true), "12");
        assert_eq!(format_expiry("1228", false), "12/28");
        assert_eq!(format_expiry("12/289", false), "12/28");
        assert_eq!(format_expiry("12/2034", false), "12/2034");
        assert_eq!(format_expiry("122034", false), "12/2034");
        assert_eq!(format_expiry("12/20345", false), "12/2034");
        assert_eq!(format_expiry("12/203", false), "12/203");
    }

    #[test]
    fn debit_submission_and_errors() {
        let good = |f| match f {
            Field::CardNumber => "4242 4242 4242 4242".into(),
            Field::Expiry => "1228".into(),
            Field::CardName => " Ada Lovelace ".into(),
            Field::Postal => "94107".into(),
            _ => String::new(),
        };
        assert_eq!(
            submission(FundingDestination::Debit, good, AccountType::Checking, TODAY),
            Ok(AccountSubmission::Debit {
                card_number: "4242424242424242".into(),
                expiry: "12/28".into(),
                name: "Ada Lovelace".into(),
                postal_code: "94107".into()
            })
        );
        let bad = |f| match f {
            Field::CardNumber => "4242 4242 4242 4241".into(),
            Field::Expiry => "10/26".into(),
            _ => String::new(),
        };
        assert_eq!(
            submission(FundingDestination::Debit, bad, AccountType::Checking, TODAY),
            Err(vec![
                (Field::CardNumber, "error-card-checksum"),
                (Field::Expiry, "error-expiry-past"),
                (Field::CardName, "error-required"),
                (Field::Postal, "error-required")
            ])
        );
    }

    #[test]
    fn ach_submission_and_confirmation() {
        let values = |confirm: &'static str| {
            move |f| match f {
                Field::Routing => "110000000".into(),
                Field::Account => "000123456789".into(),
                Field::AccountConfirm => confirm.into(),
                Field::HolderName => "Ada".into(),
                Field::Postal => "94107-1234".into(),
                _ => String::new(),
            }
        };
        assert_eq!(
            submission(FundingDestination::Ach, values("000123456789"), AccountType::Savings, TODAY),
            Ok(AccountSubmission::Ach {
                routing_number: "110000000".into(),
                account_number: "000123456789".into(),
                account_type: AccountType::Savings,
                name: "Ada".into(),
                postal_code: "94107-1234".into()
            })
        );
        assert_eq!(
            submission(FundingDestination::Ach, values("000123456780"), AccountType::Checking, TODAY),
            Err(vec![(Field::AccountConfirm, "error-account-mismatch")])
        );
        assert_eq!(validate(Field::AccountConfirm, "", "123456", TODAY), Err("error-required"));
    }

    #[test]
    fn reason_names_are_the_protocol_serde_names() {
        for (name, e) in REASONS {
            assert_eq!(serde_json::to_value(e).unwrap(), serde_json::Value::String(name.into()));
        }
    }

    #[test]
    fn server_params_and_reasons() {
        assert_eq!(Field::from_param("name", FundingDestination::Ach), Some(Field::HolderName));
        assert_eq!(Field::from_param("name", FundingDestination::Debit), Some(Field::CardName));
        assert_eq!(Field::from_param("colour", FundingDestination::Debit), None);
        assert_eq!(server_error_id(Field::CardNumber, Some("unsupported_brand")), "error-card-brand");
        assert_eq!(server_error_id(Field::Routing, Some("something_new")), "error-routing-checksum");
        assert_eq!(server_error_id(Field::Postal, None), "error-postal-code");
    }

    #[test]
    fn every_field_is_named_for_autofill_and_qa() {
        let names: Vec<_> = [Field::DEBIT.as_slice(), Field::ACH.as_slice(), &[Field::Postal]].concat().iter().map(|f| f.spec().name).collect();
        assert!(names.contains(&"routing_number") && names.contains(&"account_number") && names.contains(&"account_number_confirm"));
        assert_eq!(Field::CardNumber.spec().autocomplete, Some("cc-number"));
        assert_eq!(Field::Expiry.spec().autocomplete, Some("cc-exp"));
        assert_eq!(Field::CardName.spec().autocomplete, Some("cc-name"));
        assert_eq!(Field::Postal.spec().autocomplete, Some("postal-code"));
    }
}
