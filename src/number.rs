//! JSON numbers kept digit for digit.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::__private::{CowStr, RAW_VALUE_TOKEN};
use crate::unknown::RawJson;

/// A JSON number, exactly as it came: digit for digit however large, and
/// in the form it was written (`3`, `3.0` and `3e0` stay apart).
///
/// `serde_json::Number` keeps an integer beyond `u64` or `i64` only as the
/// nearest `f64` (unless its `arbitrary_precision` feature is on, which
/// changes `serde_json` for every crate of a program), so
/// `123456789012345678901234567890` would come back as
/// `1.2345678901234568e+29`. This type keeps such a number's text instead.
/// Integers that fit an `i64` or a `u64`, which is nearly every number the
/// API sends, are held as that integer and cost no allocation.
///
/// Two numbers are equal when they are written alike.
///
/// ```
/// use worker_versions::Number;
///
/// let big: Number = "123456789012345678901234567890".parse()?;
/// assert_eq!(big.to_string(), "123456789012345678901234567890");
/// assert_eq!(big.as_u64(), None);
/// assert_eq!(serde_json::to_string(&big)?, "123456789012345678901234567890");
///
/// let small = Number::from(42_u64);
/// assert_eq!(small.as_u64(), Some(42));
/// assert_eq!(serde_json::from_str::<Number>("42")?, small);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Number(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// An integer written as its plain decimal digits that fits a `u64`.
    Unsigned(u64),
    /// A negative integer written as `-` and its digits that fits an
    /// `i64`.
    Negative(i64),
    /// Any other number: its JSON text, checked. Boxed twice so that a
    /// `Number` stays 16 bytes, the size of the integers it nearly always
    /// holds; such numbers are rare enough for the second allocation.
    Text(Box<Box<str>>),
}

impl Number {
    /// The number as a `u64`, if it is written as an integer in range
    /// (`3` is, `3.0` and `-3` are not).
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Repr::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    /// The number as an `i64`, if it is written as an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Unsigned(n) => i64::try_from(n).ok(),
            Repr::Negative(n) => Some(n),
            Repr::Text(_) => None,
        }
    }

    /// The nearest `f64`, or `None` beyond `f64`'s range (`1e400`).
    pub fn as_f64(&self) -> Option<f64> {
        let value = match &self.0 {
            // Rounds to nearest beyond 2^53, as a conversion must.
            #[allow(clippy::cast_precision_loss, reason = "nearest is what is asked for")]
            Repr::Unsigned(n) => *n as f64,
            #[allow(clippy::cast_precision_loss, reason = "nearest is what is asked for")]
            Repr::Negative(n) => *n as f64,
            Repr::Text(text) => text.parse().ok()?,
        };
        value.is_finite().then_some(value)
    }

    /// The number as an `i64` when it is a whole number in range, however
    /// it is written: `3`, `3.0` and `3e0` are, `3.5` and `1e300` are not.
    pub fn as_whole_i64(&self) -> Option<i64> {
        if let Some(n) = self.as_i64() {
            return Some(n);
        }
        let f = self.as_f64()?;
        // Every f64 in this range without a fraction is exactly an i64, so
        // the cast loses nothing.
        let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f);
        #[allow(clippy::cast_possible_truncation, reason = "checked just above")]
        (in_range && f.fract() == 0.0).then_some(f as i64)
    }

    /// The nearest `serde_json::Number`: the same number when it is an
    /// integer in `u64` or `i64` range, else the nearest `f64` (`None`
    /// beyond its range).
    pub fn to_json_number(&self) -> Option<serde_json::Number> {
        match self.0 {
            Repr::Unsigned(n) => Some(n.into()),
            Repr::Negative(n) => Some(n.into()),
            Repr::Text(_) => serde_json::Number::from_f64(self.as_f64()?),
        }
    }

    /// Takes JSON number text that is known to be well-formed.
    pub(crate) fn from_checked(text: &str) -> Number {
        // The common case in one pass: up to 19 digits always fit a `u64`.
        let (negative, digits) = match text.as_bytes().split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text.as_bytes()),
        };
        if (1..=19).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
            let n = digits
                .iter()
                .fold(0_u64, |n, d| n * 10 + u64::from(d - b'0'));
            if !negative {
                return Number(Repr::Unsigned(n));
            }
            // `-0` is not `0`: it keeps its text.
            if n != 0
                && let Some(n) = 0_i64.checked_sub_unsigned(n)
            {
                return Number(Repr::Negative(n));
            }
        }
        // A 20-digit integer may still fit a `u64`; every other number
        // (a fraction, an exponent, beyond the integers) keeps its text.
        if !negative && let Ok(n) = text.parse::<u64>() {
            return Number(Repr::Unsigned(n));
        }
        Number(Repr::Text(Box::new(Box::from(text))))
    }
}

impl Number {
    /// Appends the number's JSON text.
    pub(crate) fn write_json(&self, out: &mut String) {
        use crate::__private::encode::push_u64;
        match &self.0 {
            Repr::Unsigned(n) => push_u64(out, *n),
            Repr::Negative(n) => {
                out.push('-');
                push_u64(out, n.unsigned_abs());
            }
            Repr::Text(text) => out.push_str(text),
        }
    }
}

impl fmt::Display for Number {
    /// The number as JSON text, exactly as it came.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Unsigned(n) => fmt::Display::fmt(n, f),
            Repr::Negative(n) => fmt::Display::fmt(n, f),
            Repr::Text(text) => f.write_str(text),
        }
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({self})")
    }
}

/// Text that is not a JSON number, refused by `Number`'s `FromStr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    /// Where in the text the number stops being one.
    at: usize,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a JSON number (at byte {})", self.at)
    }
}

impl std::error::Error for NumberError {}

impl FromStr for Number {
    type Err = NumberError;

    /// Reads JSON number text: `-`, digits without a leading zero, then an
    /// optional fraction and exponent. Nothing else, no spaces.
    fn from_str(text: &str) -> Result<Number, NumberError> {
        match json_number_length(text.as_bytes()) {
            Ok(length) if length == text.len() => Ok(Number::from_checked(text)),
            Ok(at) | Err(at) => Err(NumberError { at }),
        }
    }
}

/// How long the JSON number at the start of `bytes` is, or where it breaks
/// off.
pub(crate) fn json_number_length(bytes: &[u8]) -> Result<usize, usize> {
    let digits_from = |at: usize| {
        bytes.get(at..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    match bytes.get(at) {
        Some(b'0') => at += 1,
        Some(b'1'..=b'9') => at += digits_from(at),
        _ => return Err(at),
    }
    if bytes.get(at) == Some(&b'.') {
        let fraction = digits_from(at + 1);
        if fraction == 0 {
            return Err(at + 1);
        }
        at += 1 + fraction;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits_from(at);
        if exponent == 0 {
            return Err(at);
        }
        at += exponent;
    }
    Ok(at)
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Number {
                Number(Repr::Unsigned(u64::from(n)))
            }
        }
    )*};
}

macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Number {
                let n = i64::from(n);
                Number(u64::try_from(n).map_or(Repr::Negative(n), Repr::Unsigned))
            }
        }
    )*};
}

from_unsigned!(u8, u16, u32, u64);
from_signed!(i8, i16, i32, i64);

impl From<serde_json::Number> for Number {
    /// The same number, written as `serde_json` writes it.
    fn from(n: serde_json::Number) -> Number {
        Number::from_checked(&n.to_string())
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = crate::__private::encode::serde_json_serializer::<S>().is_some();
        self.serialize_as(serializer, raw)
    }
}

impl Number {
    /// Hands the number to `serializer`; `raw` says whether it is one of
    /// `serde_json`'s, which take a number's text as it is.
    pub(crate) fn serialize_as<S: Serializer>(
        &self,
        serializer: S,
        raw: bool,
    ) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Unsigned(n) => serializer.serialize_u64(*n),
            Repr::Negative(n) => serializer.serialize_i64(*n),
            // A float that an `f64` writes back as it came goes to any
            // serializer as a float; other text (`1e2`, 30 digits) only to
            // `serde_json`, which writes it verbatim. Other formats get the
            // nearest `f64`.
            Repr::Text(text) => match self.as_f64() {
                Some(f) if writes_back(f, text) => serializer.serialize_f64(f),
                _ if raw => RawJson(text.as_ref()).serialize(serializer),
                Some(f) => serializer.serialize_f64(f),
                None => Err(serde::ser::Error::custom(format_args!(
                    "the number {self} is beyond the range of f64"
                ))),
            },
        }
    }
}

/// Whether `serde_json` writes `f` as exactly `text`.
fn writes_back(f: f64, text: &str) -> bool {
    serde_json::Number::from_f64(f).is_some_and(|n| n.to_string() == text)
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Number, D::Error> {
        // `serde_json` hands over the value's text when asked for a raw
        // value; any other deserializer hands over the value itself.
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, NumberVisitor)
    }
}

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON number")
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
        Ok(Number(Repr::Unsigned(n)))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Number, E> {
        Ok(Number::from(n))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Number, E> {
        serde_json::Number::from_f64(f)
            .map(Number::from)
            .ok_or_else(|| E::invalid_value(Unexpected::Float(f), &self))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Number, D::Error> {
        inner.deserialize_any(self)
    }

    /// `serde_json` answers the raw-value request with a one-member map:
    /// the token, then the value's text.
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Number, A::Error> {
        let first = access.next_key_seed(CowStr)?;
        if first.as_deref() != Some(RAW_VALUE_TOKEN) {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        let text = access.next_value_seed(CowStr)?;
        // The text is a JSON value `serde_json` has read whole, so a number
        // is told by its first byte.
        match text.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => Ok(Number::from_checked(&text)),
            _ => Err(not_a_number(&text, &self)),
        }
    }
}

/// The error for a value that is not a number, from its JSON text.
fn not_a_number<E: de::Error>(text: &str, expected: &dyn de::Expected) -> E {
    let unexpected = match text.as_bytes().first() {
        Some(b'"') => {
            let string = serde_json::from_str::<String>(text).unwrap_or_default();
            return E::invalid_type(Unexpected::Str(&string), expected);
        }
        Some(b't') => Unexpected::Bool(true),
        Some(b'f') => Unexpected::Bool(false),
        Some(b'n') => Unexpected::Unit,
        Some(b'[') => Unexpected::Seq,
        Some(b'{') => Unexpected::Map,
        _ => Unexpected::Other(text),
    };
    E::invalid_type(unexpected, expected)
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Number")
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}

#[cfg(test)]
mod tests {
    use super::Number;

    fn read(text: &str) -> Number {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn numbers_come_back_as_they_were_written() {
        for text in [
            "0",
            "-0",
            "3",
            "-7",
            "3.0",
            "3e0",
            "1E+2",
            "2.5e-3",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1e400",
        ] {
            let number = read(text);
            assert_eq!(number.to_string(), text);
            assert_eq!(serde_json::to_string(&number).ok().as_deref(), Some(text));
            assert_eq!(text.parse::<Number>().ok(), Some(number));
        }
    }

    #[test]
    fn a_number_is_as_small_as_an_integer_and_a_tag() {
        assert_eq!(std::mem::size_of::<Number>(), 16);
        assert_eq!(std::mem::size_of::<Option<Number>>(), 16);
    }

    #[test]
    fn integers_in_range_are_integers() {
        assert_eq!(read("3").as_u64(), Some(3));
        assert_eq!(read("-3").as_i64(), Some(-3));
        assert_eq!(read("-3").as_u64(), None);
        assert_eq!(read("3.0").as_u64(), None);
        assert_eq!(read("18446744073709551615").as_i64(), None);
        assert_eq!(read("-0").as_i64(), None, "-0 keeps its sign as text");
        assert_eq!(Number::from(-5_i32), read("-5"));
        assert_eq!(Number::from(serde_json::Number::from(7_u8)), read("7"));
    }

    #[test]
    fn whole_numbers_read_as_integers_and_others_do_not() {
        assert_eq!(read("3").as_whole_i64(), Some(3));
        assert_eq!(read("-7").as_whole_i64(), Some(-7));
        assert_eq!(read("3.0").as_whole_i64(), Some(3));
        assert_eq!(read("3e0").as_whole_i64(), Some(3));
        assert_eq!(read("3.5").as_whole_i64(), None);
        assert_eq!(read("1e300").as_whole_i64(), None);
        assert_eq!(read("18446744073709551615").as_whole_i64(), None);
        assert_eq!(
            read("9007199254740992.0").as_whole_i64(),
            Some(9_007_199_254_740_992)
        );
        assert_eq!(read("1e400").as_f64(), None);
    }

    #[test]
    fn what_is_not_a_number_is_refused() {
        for text in [
            "", "-", "01", "1.", ".5", "1e", "1e+", "+1", " 1", "1 ", "NaN", "0x1",
        ] {
            assert!(text.parse::<Number>().is_err(), "{text:?}");
        }
        let error = serde_json::from_str::<Number>(r#""1701-E""#)
            .err()
            .map(|e| e.to_string());
        assert!(
            error.as_deref().is_some_and(
                |e| e.starts_with(r#"invalid type: string "1701-E", expected a JSON number"#)
            ),
            "{error:?}"
        );
        assert!(serde_json::from_str::<Number>("{}").is_err());
        assert!(serde_json::from_str::<Number>("null").is_err());
    }

    #[test]
    fn floats_become_value_floats() {
        let value = serde_json::to_value(read("1.5")).ok();
        assert_eq!(value, Some(serde_json::json!(1.5)));
        let value = serde_json::to_value(read("-2.25e-3")).ok();
        assert_eq!(value, Some(serde_json::json!(-0.00225)));
        assert!(super::writes_back(1.5, "1.5"));
        assert!(!super::writes_back(1.5, "1.50"));
        assert!(!super::writes_back(100.0, "1e2"));
    }

    #[test]
    fn other_deserializers_hand_over_the_value() {
        let value = serde_json::json!(12);
        assert_eq!(
            serde_json::from_value::<Number>(value).ok(),
            Some(read("12"))
        );
        let value = serde_json::json!(-1.5);
        assert_eq!(
            serde_json::from_value::<Number>(value).ok(),
            Some(read("-1.5"))
        );
    }
}
