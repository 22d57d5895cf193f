//! Decoding the generated types from a [`Reader`]: the [`Decode`] trait,
//! its impls for the values the types hold, and the helpers the generated
//! decoders call member by member.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::Deserializer;

use super::json::{Error, JsonType, Reader};
use super::{UnknownBuilder, tri};
use crate::{Null, Nullable, UnknownMembers};

/// A type decoded from JSON text by a [`Reader`].
///
/// Every generated type implements it with a decoder of its own, which is
/// not generic: it is compiled once, in this crate.
pub trait Decode: Sized {
    /// Decodes the value at the reader.
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error>;
}

impl Decode for String {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.string()
    }
}

impl Decode for bool {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.bool()
    }
}

impl Decode for i64 {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.i64()
    }
}

impl Decode for crate::Number {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.number()
    }
}

impl Decode for Null {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        if r.null()? {
            Ok(Null)
        } else {
            Err(r.invalid_type("null"))
        }
    }
}

impl Decode for serde_json::Value {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.value()
    }
}

impl Decode for serde_json::Map<String, serde_json::Value> {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.object_value()
    }
}

impl Decode for UnknownMembers {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        unknown_object(r, "a JSON object")
    }
}

// The impls generic over an element type use `tri!` and `match` where `?`
// and `map` would compile a helper per element type (see `tri!`).

impl<T: Decode> Decode for Option<T> {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        if tri!(r.null()) {
            return Ok(None);
        }
        match T::decode(r) {
            Ok(value) => Ok(Some(value)),
            Err(e) => Err(e),
        }
    }
}

impl<T: Decode> Decode for Nullable<T> {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        match Option::<T>::decode(r) {
            Ok(Some(value)) => Ok(Nullable::Value(value)),
            Ok(None) => Ok(Nullable::Null),
            Err(e) => Err(e),
        }
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        tri!(r.begin_array("an array"));
        let start = r.offset();
        let mut items = Vec::new();
        let mut first = true;
        while tri!(r.next_element(&mut first)) {
            if items.len() == items.capacity() && items.len() >= LARGE_ARRAY {
                items.reserve_exact(growth(items.len(), r.offset() - start, r.remaining()));
            }
            match T::decode(r) {
                Ok(item) => items.push(item),
                Err(e) => return Err(e.in_element(items.len())),
            }
        }
        Ok(items)
    }
}

/// From how many elements on an array grows by [`growth`] rather than
/// by doubling.
const LARGE_ARRAY: usize = 1024;

/// How many more elements to make room for in a full array of `len`
/// elements that took `read` bytes of text, with `remaining` bytes of text
/// left: as many as the rest of the text could hold at the average size so
/// far (the array is usually most of a large body), but never more than
/// doubling and never less than a quarter more, so growth stays geometric
/// when the guess is short. Doubling blindly leaves a large list with up to
/// half its room unused, and holds the old and the new buffer at once while
/// it moves: for a 100,000-element list, a quarter more memory at the peak.
fn growth(len: usize, read: usize, remaining: usize) -> usize {
    let per_element = (read / len).max(1);
    (remaining / per_element + 1).clamp(len / 4, len)
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        tri!(r.begin_object("an object"));
        let mut map = BTreeMap::new();
        let mut first = true;
        while let Some(name) = tri!(r.next_member(&mut first)) {
            let value = match T::decode(r) {
                Ok(value) => value,
                Err(e) => return Err(e.in_member(&name)),
            };
            match map.entry(name.into_owned()) {
                std::collections::btree_map::Entry::Occupied(entry) => {
                    return Err(r.duplicate_member(entry.key()));
                }
                std::collections::btree_map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
        }
        Ok(map)
    }
}

// ----- members of a struct -----

/// Reads a member's value into its slot, refusing a second occurrence: a
/// duplicate member would otherwise be silently lost on re-encode.
#[inline(never)]
#[allow(
    clippy::redundant_pattern_matching,
    reason = "a pattern compiles no helper per type; `is_some` does (see `tri!`)"
)]
pub fn once<T: Decode>(
    r: &mut Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), Error> {
    // A match rather than `map_err`: the value (up to a kilobyte) moves
    // once, not twice.
    let value = match T::decode(r) {
        Ok(value) => value,
        Err(e) => return Err(e.in_member(name)),
    };
    if let Some(_) = slot {
        return Err(duplicate(r, name));
    }
    *slot = Some(value);
    Ok(())
}

/// Reads the value of an optional member whose schema does not allow
/// `null`. The API sends `null` for such members now and then; it is kept
/// among the unknown members, so it is written back, and the field stays
/// absent. A second occurrence of the name is refused.
#[inline(never)]
#[allow(
    clippy::redundant_pattern_matching,
    reason = "a pattern compiles no helper per type; `is_some` does (see `tri!`)"
)]
pub fn optional<T: Decode>(
    r: &mut Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
    unknown: &mut UnknownBuilder,
) -> Result<(), Error> {
    if r.null()? {
        if matches!(slot, Some(_)) || unknown.has_null(name) {
            return Err(duplicate(r, name));
        }
        unknown.push_null(name);
        return Ok(());
    }
    let value = match T::decode(r) {
        Ok(value) => value,
        Err(e) => return Err(e.in_member(name)),
    };
    if matches!(slot, Some(_)) || unknown.has_null(name) {
        return Err(duplicate(r, name));
    }
    *slot = Some(value);
    Ok(())
}

/// Checks a fixed member's value and records that it was seen, refusing a
/// second occurrence.
pub fn fixed(
    r: &mut Reader<'_>,
    seen: &mut bool,
    value: Fixed,
    name: &'static str,
) -> Result<(), Error> {
    value.check(r).map_err(|e| e.in_member(name))?;
    if *seen {
        return Err(duplicate(r, name));
    }
    *seen = true;
    Ok(())
}

#[cold]
fn duplicate(r: &Reader<'_>, name: &str) -> Error {
    r.error(format_args!("duplicate field `{name}`"))
}

/// A required member that did not come.
#[cold]
#[inline(never)]
pub fn missing(r: &Reader<'_>, name: &str) -> Error {
    r.error(format_args!("missing field `{name}`"))
}

/// A fixed value a member must hold.
#[derive(Debug, Clone, Copy)]
pub enum Fixed {
    /// A string.
    Str(&'static str),
    /// A boolean.
    Bool(bool),
}

impl Fixed {
    /// Reads the value and checks it is this one.
    fn check(self, r: &mut Reader<'_>) -> Result<(), Error> {
        match self {
            Fixed::Str(expected) => {
                if r.peek_type() != Some(JsonType::String) {
                    return Err(r.invalid_type(&format!("the string {expected:?}")));
                }
                let found = r.str("a string")?;
                if found == expected {
                    Ok(())
                } else {
                    Err(r.invalid_value(
                        &format!("string {found:?}"),
                        &format!("the string {expected:?}"),
                    ))
                }
            }
            Fixed::Bool(expected) => {
                let found = r.bool()?;
                if found == expected {
                    Ok(())
                } else {
                    Err(r.invalid_value(&format!("boolean `{found}`"), &format!("`{expected}`")))
                }
            }
        }
    }

    /// Whether the JSON text `value` is this value.
    fn matches(self, value: &str) -> bool {
        let mut r = Reader::new(value);
        match self {
            Fixed::Str(s) => r.str("a string").is_ok_and(|v| v == s),
            Fixed::Bool(b) => r.bool().is_ok_and(|v| v == b),
        }
    }
}

/// A string enum's value: `known` the values this crate knows, `other`
/// keeps any other.
#[inline]
pub fn string_enum<T>(
    r: &mut Reader<'_>,
    known: fn(&str) -> Option<T>,
    other: fn(String) -> T,
) -> Result<T, Error> {
    let text = tri!(r.str("a string"));
    Ok(match known(&text) {
        Some(value) => value,
        None => other(text.into_owned()),
    })
}

/// The members of an object this crate does not know, kept as the JSON
/// text they came in: every digit, in the order they came.
pub fn unknown_object(r: &mut Reader<'_>, expected: &str) -> Result<UnknownMembers, Error> {
    r.begin_object(expected)?;
    let mut builder = UnknownBuilder::default();
    let mut first = true;
    while let Some(name) = r.next_member(&mut first)? {
        builder.read(r, &name)?;
    }
    Ok(builder.finish())
}

// ----- unions -----

/// Reads an object's members up to the tag `property` and returns the tag;
/// the caller rewinds to the object's start (`mark`, taken before) and
/// hands the whole object to the alternative the tag names. The members
/// before the tag are checked as they are skipped, and read again by the
/// alternative: nothing is buffered.
pub fn read_tag<'a>(
    r: &mut Reader<'a>,
    property: &'static str,
    expected: &str,
) -> Result<Cow<'a, str>, Error> {
    r.begin_object(expected)?;
    let mut first = true;
    while let Some(name) = r.next_member(&mut first)? {
        if name == property {
            return r.str("a string").map_err(|e| e.in_member(property));
        }
        r.skip_value().map_err(|e| e.in_member(&name))?;
    }
    Err(missing(r, property))
}

/// What an object must look like to be one alternative of an untagged
/// union.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    /// Members that must be present.
    pub required: &'static [&'static str],
    /// Every member the alternative declares.
    pub known: &'static [&'static str],
    /// Members that must hold a given value when present.
    pub fixed: &'static [(&'static str, Fixed)],
    /// No other members are allowed.
    pub closed: bool,
}

/// The members of the object at the reader, name and JSON text, read
/// through: duplicates refused.
pub fn scan_members<'a>(
    r: &mut Reader<'a>,
    expected: &str,
) -> Result<Vec<(Cow<'a, str>, &'a str)>, Error> {
    r.begin_object(expected)?;
    let mut members: Vec<(Cow<'a, str>, &'a str)> = Vec::new();
    // Past a few members, a set keeps the duplicate check linear.
    let mut names = std::collections::HashSet::new();
    let mut first = true;
    while let Some(name) = r.next_member(&mut first)? {
        let value = r.skip_value().map_err(|e| e.in_member(&name))?;
        let repeated = if members.len() < 8 {
            members.iter().any(|(k, _)| *k == name)
        } else {
            if names.is_empty() {
                names.extend(members.iter().map(|(k, _)| k.clone()));
            }
            !names.insert(name.clone())
        };
        if repeated {
            return Err(r.duplicate_member(&name));
        }
        members.push((name, value));
    }
    Ok(members)
}

/// The alternatives `members` fits, best first: those whose required and
/// fixed members are satisfied (and, if closed, that know every member),
/// ranked by how many of the present members they declare, then by how
/// many they require, then in schema order.
pub fn rank(members: &[(Cow<'_, str>, &str)], fits: &[Fit]) -> Vec<usize> {
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    let mut candidates: Vec<(usize, usize, usize)> = fits
        .iter()
        .enumerate()
        .filter(|(_, fit)| {
            fit.required.iter().all(|r| get(r).is_some())
                && fit
                    .fixed
                    .iter()
                    .all(|(name, fixed)| get(name).is_none_or(|v| fixed.matches(v)))
                && (!fit.closed || members.iter().all(|(k, _)| fit.known.contains(&k.as_ref())))
        })
        .map(|(i, fit)| {
            let known = members
                .iter()
                .filter(|(k, _)| fit.known.contains(&k.as_ref()))
                .count();
            (i, known, fit.required.len())
        })
        .collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    candidates.into_iter().map(|(i, _, _)| i).collect()
}

/// The value at the reader is of none of a union's JSON types.
#[cold]
pub fn no_alternative(r: &mut Reader<'_>, expected: &str) -> Error {
    r.invalid_type(expected)
}

/// The JSON type of the value at the reader.
#[inline]
pub fn json_type(r: &mut Reader<'_>) -> Option<JsonType> {
    r.peek_type()
}

// ----- whole texts -----

/// Decodes a whole text as a `T`: nothing but whitespace may follow.
pub fn decode_str<T: Decode>(text: &str) -> Result<T, Error> {
    let mut r = Reader::new(text);
    let value = tri!(T::decode(&mut r));
    tri!(r.end());
    Ok(value)
}

/// [`decode_str`] for bytes, which must be UTF-8.
pub fn decode_slice<T: Decode>(bytes: &[u8]) -> Result<T, Error> {
    let mut r = tri!(Reader::from_slice(bytes));
    let value = tri!(T::decode(&mut r));
    tri!(r.end());
    Ok(value)
}

/// `Deserialize::deserialize` for a generated type: the value's JSON text
/// is taken from the deserializer (from `serde_json`, the text as it came;
/// from any other, the value written out as JSON) and decoded by the
/// type's own decoder.
pub fn deserialize<'de, D: Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    let text = super::unknown::text_of(deserializer)?;
    // The position is within the value's own text (for a whole document,
    // the document's): the deserializer's, if it adds one, is where the
    // value ends.
    decode_str::<T>(&text).map_err(|e| {
        let path = e.path();
        let (line, column) = e.line_column(text.as_bytes());
        let message = e.message();
        if path == "." {
            serde::de::Error::custom(format_args!(
                "{message} (line {line}, column {column} of the value)"
            ))
        } else {
            serde::de::Error::custom(format_args!(
                "at `{path}`: {message} (line {line}, column {column} of the value)"
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMART: Fit = Fit {
        required: &["mode"],
        known: &["mode"],
        fixed: &[("mode", Fixed::Str("smart"))],
        closed: false,
    };
    const REGION: Fit = Fit {
        required: &["region"],
        known: &["region"],
        fixed: &[],
        closed: false,
    };
    const TARGETED_REGION: Fit = Fit {
        required: &["mode", "region"],
        known: &["mode", "region"],
        fixed: &[("mode", Fixed::Str("targeted"))],
        closed: false,
    };

    fn ranked(text: &str, fits: &[Fit]) -> Vec<usize> {
        let mut r = Reader::new(text);
        let members = scan_members(&mut r, "an object").unwrap_or_default();
        rank(&members, fits)
    }

    #[test]
    fn large_arrays_grow_by_what_the_rest_of_the_text_can_hold() {
        // 4,096 elements of 100 bytes read; 2,000 more fit the rest.
        assert_eq!(growth(4096, 409_600, 200_000), 2001);
        // A short guess still grows by a quarter, a long one by doubling.
        assert_eq!(growth(4096, 409_600, 100), 1024);
        assert_eq!(growth(4096, 409_600, 100_000_000), 4096);
        // An array of 5,000 numbers decodes whole, past the first growth.
        let text = format!("[{}]", vec!["1"; 5000].join(","));
        let items = decode_str::<Vec<i64>>(&text).unwrap_or_default();
        assert_eq!(items.len(), 5000);
        assert!(
            items.capacity() < 5000 + 5000 / 4 + 2,
            "{}",
            items.capacity()
        );
    }

    #[test]
    fn the_most_specific_alternative_wins() {
        let fits = [SMART, REGION, TARGETED_REGION];
        assert_eq!(ranked(r#"{"mode": "smart"}"#, &fits), vec![0]);
        assert_eq!(ranked(r#"{"region": "x"}"#, &fits), vec![1]);
        assert_eq!(
            ranked(r#"{"mode": "targeted", "region": "x"}"#, &fits),
            vec![2, 1]
        );
        assert_eq!(
            ranked(r#"{"mode": "t\u0061rgeted", "region": "x"}"#, &fits),
            vec![2, 1],
            "a fixed value is compared unescaped"
        );
        assert!(ranked(r#"{"mode": "auto"}"#, &fits).is_empty());
    }

    #[test]
    fn a_tag_after_other_members_is_found_and_the_object_read_again() {
        let text = r#"{"name": "A", "n": [1, {"x": 2}], "type": "ai"}"#;
        let mut r = Reader::new(text);
        let start = r.mark();
        let tag = read_tag(&mut r, "type", "an object").ok();
        assert_eq!(tag.as_deref(), Some("ai"));
        r.rewind(start);
        let members = unknown_object(&mut r, "an object").unwrap_or_default();
        assert_eq!(
            members.as_json(),
            r#"{"name":"A","n":[1, {"x": 2}],"type":"ai"}"#
        );
        assert!(r.end().is_ok());
    }
}
