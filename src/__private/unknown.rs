//! Collecting an object's unknown members as JSON text while it decodes.
//!
//! The members are appended to a per-thread buffer as they come,
//! `"name":value`, and copied out into the struct's [`UnknownMembers`] at
//! the end. From
//! `serde_json` the value is copied straight out of the input, the way
//! `serde_json::value::RawValue` is, without being parsed into a
//! `serde_json::Value` tree first: that tree, one allocation per string,
//! array and map, made an unknown member cost several times a known one.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasher as _;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::encode::push_quoted;
use super::json::{Error, Reader};
use super::strict::{StrictValue, ValueVisitor, duplicate};
use crate::UnknownMembers;

/// The name `serde_json` gives the newtype struct that asks it for a
/// value's raw text (`serde_json::value::RawValue`). It is private to
/// `serde_json`, so everything here still works without it: a deserializer
/// that does not know the name hands over the value itself, which is then
/// written out as JSON (`serde_json`'s compact form rather than the exact
/// text). `tests/unknown_members.rs` checks that the raw text is used.
/// Encoding hands values over under the same name (`UnknownMembers`).
pub(crate) const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

thread_local! {
    /// The unknown members of every object being decoded on this thread,
    /// innermost last: each object appends its members after the text of
    /// the objects that enclose it, and takes its own text out (truncating
    /// back) when it is done. Objects nest strictly, so each one's text
    /// stays contiguous, and the buffer's room is reused from object to
    /// object: an object's members cost one exact allocation, made once it
    /// is complete, and no growing or shrinking.
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Room the scratch buffer keeps between decodes; more (after a huge
/// unknown member, say) is given back once the outermost object is done.
const SCRATCH_KEPT: usize = 64 * 1024;

/// Runs `f` on this thread's scratch text. Never called while `f` itself
/// runs, so the borrow cannot fail.
fn with_scratch<R>(f: impl FnOnce(&mut String) -> R) -> R {
    SCRATCH.with_borrow_mut(f)
}

/// Collects the unknown members of one object.
#[derive(Default)]
pub struct UnknownBuilder {
    /// Where this object's text (`{"name":value,...`) starts in the
    /// scratch buffer, once it has a member.
    start: Option<usize>,
    /// Where each member's quoted name starts in the scratch buffer.
    names: NameStarts,
    /// How many of the members are a `null` kept for a known member (see
    /// [`UnknownBuilder::push_null`]).
    nulls: usize,
    /// How long their text is, at the front of the object's.
    nulls_len: usize,
}

impl UnknownBuilder {
    /// Reads the value of the unknown member `name` (the member name the
    /// reader read last), refusing a name that came before in this object:
    /// one of the two would be lost on encode. The value is kept as the
    /// text it came in.
    pub fn read(&mut self, r: &mut Reader<'_>, name: &str) -> Result<(), Error> {
        let quoted = r.last_key_text();
        let value = r.skip_value().map_err(|e| e.in_member(name))?;
        let repeated = with_scratch(|text| {
            let name_at = if quoted.contains('\\') {
                self.begin_member(text, name)
            } else {
                // Without escapes the name as it came is the canonical text.
                self.begin_quoted(text, quoted)
            };
            if self.names.add(text, name_at) {
                return true;
            }
            text.push_str(value);
            false
        });
        if repeated {
            return Err(r.duplicate_member(name));
        }
        Ok(())
    }

    /// [`UnknownBuilder::read`] for serde's `MapAccess`.
    pub(crate) fn read_from<'de, A: MapAccess<'de>>(
        &mut self,
        access: &mut A,
        name: Cow<'de, str>,
    ) -> Result<(), A::Error> {
        let repeated = with_scratch(|text| {
            let name_at = self.begin_member(text, &name);
            self.names.add(text, name_at)
        });
        if repeated {
            return Err(duplicate(&name));
        }
        access.next_value_seed(RawText)
    }

    /// Keeps `name: null` for a known member that came as `null`, ahead
    /// of the members that are truly unknown: an encoder finds it there
    /// (at the front, written exactly so) and leaves it out once the
    /// member has been set. See `Writer::unknown_except`.
    pub(crate) fn push_null(&mut self, name: &str) {
        self.nulls += 1;
        with_scratch(|text| {
            let start = *self.start.get_or_insert_with(|| {
                text.push('{');
                text.len() - 1
            });
            // Each kept null carries its comma (the last one loses it in
            // `finish` if nothing follows).
            let mut member = String::with_capacity(name.len() + 8);
            push_quoted(&mut member, name);
            member.push_str(":null,");
            // Past the object's `{` and the nulls kept before this one, so
            // they stay in the order they came.
            let at = start + 1 + self.nulls_len;
            text.insert_str(at, &member);
            self.nulls_len += member.len();
            self.names.shift_from(at, member.len());
            self.names.add_at(text, at, member.len() - ":null,".len());
        });
    }

    /// Whether a `null` was kept for the known member `name`.
    #[inline]
    pub(crate) fn has_null(&self, name: &str) -> bool {
        self.nulls != 0 && self.has(name)
    }

    /// Whether `name` is among the members so far.
    fn has(&self, name: &str) -> bool {
        let mut quoted = String::with_capacity(name.len() + 2);
        push_quoted(&mut quoted, name);
        with_scratch(|text| self.names.contains(text, &quoted))
    }

    /// Appends a member unless one of the same name is there already.
    pub(crate) fn push_if_new(&mut self, name: &str, value: &str) {
        if !self.has(name) {
            self.push_unchecked(name, value);
        }
    }

    /// Appends a member whose name is known to be new and whose value is
    /// JSON text.
    pub(crate) fn push_unchecked(&mut self, name: &str, value: &str) {
        with_scratch(|text| {
            let name_at = self.begin_member(text, name);
            self.names.add(text, name_at);
            text.push_str(value);
        });
    }

    /// Writes the separator, the quoted name and the colon, and returns
    /// where the quoted name starts.
    fn begin_member(&mut self, text: &mut String, name: &str) -> usize {
        self.separator(text);
        let name_at = text.len();
        push_quoted(text, name);
        text.push(':');
        name_at
    }

    /// [`UnknownBuilder::begin_member`] for a name already quoted.
    fn begin_quoted(&mut self, text: &mut String, quoted: &str) -> usize {
        self.separator(text);
        let name_at = text.len();
        text.push_str(quoted);
        text.push(':');
        name_at
    }

    fn separator(&mut self, text: &mut String) {
        if self.start.is_none() {
            self.start = Some(text.len());
            text.push('{');
        } else if !text.ends_with(',') {
            // (A kept null brings its own comma.)
            text.push(',');
        }
    }

    /// The members collected.
    pub fn finish(mut self) -> UnknownMembers {
        let Some(start) = self.start.take() else {
            return UnknownMembers::new();
        };
        with_scratch(|text| {
            if text.ends_with(',') {
                // After the kept nulls, nothing came.
                text.pop();
            }
            text.push('}');
            let members = UnknownMembers::from_object_text(text.get(start..).unwrap_or("{}"));
            release(text, start);
            members
        })
    }
}

/// An object given up half way (an error, or an alternative of a union
/// that did not fit) takes its text out of the scratch buffer too.
impl Drop for UnknownBuilder {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            let _ = SCRATCH.try_with(|scratch| {
                if let Ok(mut text) = scratch.try_borrow_mut() {
                    release(&mut text, start);
                }
            });
        }
    }
}

/// Truncates the scratch text back to `start`; once nothing is left, gives
/// back room beyond what is worth keeping.
fn release(text: &mut String, start: usize) {
    text.truncate(start);
    if text.is_empty() && text.capacity() > SCRATCH_KEPT {
        *text = String::new();
    }
}

/// Member name positions: the first few inline, since most objects have
/// one to three unknown members and should not pay an allocation for the
/// list. Past those, a set of the names' hashes keeps the duplicate check
/// linear in the number of members (a hostile object may have a hundred
/// thousand).
#[derive(Default)]
struct NameStarts {
    inline: [usize; 6],
    len: usize,
    more: Vec<usize>,
    index: Option<(std::hash::RandomState, HashSet<u64>)>,
}

impl NameStarts {
    fn all(&self) -> impl Iterator<Item = usize> + '_ {
        self.inline.iter().take(self.len).chain(&self.more).copied()
    }

    /// Whether `quoted` (a name with its quotes, as the buffer holds it) is
    /// among the names so far. Names are escaped canonically, so equal
    /// names have equal text.
    fn contains(&self, text: &str, quoted: &str) -> bool {
        // `quoted` ends in its closing quote, which no other name's text
        // has at that place unless the names are equal.
        let is_at = |at: usize| text.get(at..).is_some_and(|rest| rest.starts_with(quoted));
        match &self.index {
            Some((hasher, hashes)) => {
                hashes.contains(&hasher.hash_one(quoted)) && self.all().any(is_at)
            }
            None => self.all().any(is_at),
        }
    }

    /// Adds the name at `name_at`, the last thing in `text` (with its
    /// colon), unless it is there already; whether it was.
    fn add(&mut self, text: &str, name_at: usize) -> bool {
        let quoted = text
            .get(name_at..text.len().saturating_sub(1))
            .unwrap_or_default();
        if self.contains(text, quoted) {
            return true;
        }
        self.record(text, name_at, quoted);
        false
    }

    /// Adds the name of `len` bytes (quotes included) at `name_at`, known
    /// to be new.
    fn add_at(&mut self, text: &str, name_at: usize, len: usize) {
        let quoted = text.get(name_at..name_at + len).unwrap_or_default();
        self.record(text, name_at, quoted);
    }

    /// Moves every name at or after `at` on by `by` bytes (text was
    /// inserted there).
    fn shift_from(&mut self, at: usize, by: usize) {
        let len = self.len;
        for start in self.inline.iter_mut().take(len).chain(&mut self.more) {
            if *start >= at {
                *start += by;
            }
        }
    }

    fn record(&mut self, text: &str, name_at: usize, quoted: &str) {
        match self.inline.get_mut(self.len) {
            Some(slot) => {
                *slot = name_at;
                self.len += 1;
            }
            None => {
                if self.index.is_none() {
                    let hasher = std::hash::RandomState::new();
                    let hashes = self
                        .all()
                        .map(|at| hasher.hash_one(quoted_name(text, at)))
                        .collect();
                    self.index = Some((hasher, hashes));
                }
                if let Some((hasher, hashes)) = &mut self.index {
                    hashes.insert(hasher.hash_one(quoted));
                }
                self.more.push(name_at);
            }
        }
    }
}

/// The quoted name that starts at `at` in text the builder wrote.
fn quoted_name(text: &str, at: usize) -> &str {
    crate::unknown::skip_string(text.as_bytes(), at)
        .and_then(|end| text.get(at..end))
        .unwrap_or_default()
}

/// Appends a value's JSON text to the scratch buffer.
struct RawText;

impl RawText {
    fn push_value<E: de::Error>(self, value: &Value) -> Result<(), E> {
        let json = serde_json::to_string(value).map_err(E::custom)?;
        with_scratch(|text| text.push_str(&json));
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for RawText {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// `serde_json` answers with a one-member map: the token, then the
    /// value's text. Any other map is a value of its own.
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        let Some(first) = access.next_key_seed(super::object::CowStr)? else {
            return self.push_value(&Value::Object(serde_json::Map::new()));
        };
        if first == RAW_VALUE_TOKEN {
            return access.next_value_seed(Verbatim);
        }
        self.push_value(&object_from(first, access)?)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let value = StrictValue.deserialize(deserializer)?;
        self.push_value(&value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let value = ValueVisitor.visit_seq(seq)?;
        self.push_value(&value)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.visit_newtype_struct(deserializer)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        with_scratch(|text| text.push_str("null"));
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        with_scratch(|text| text.push_str("null"));
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.push_value(&Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.push_value(&Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.push_value(&Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.push_value(&Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        with_scratch(|text| push_quoted(text, v));
        Ok(())
    }
}

/// A map that is a value of its own (not `serde_json`'s raw-value answer),
/// its first member's name read already: as a `Value`, duplicate names
/// refused.
fn object_from<'de, A: MapAccess<'de>>(
    first: Cow<'de, str>,
    mut access: A,
) -> Result<Value, A::Error> {
    let value = access.next_value_seed(StrictValue)?;
    let mut members = super::strict::decode_members(access)?;
    super::strict::insert_unknown(&mut members, first.into_owned(), value)?;
    Ok(Value::Object(members))
}

/// The text of a raw value, appended as it is.
struct Verbatim;

impl<'de> DeserializeSeed<'de> for Verbatim {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Verbatim {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON text of a value")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        // serde_json checks the escapes of text it only skips less strictly
        // than of text it reads: a lone surrogate (`"\udc00"`) passes. Such
        // text is not JSON, so it is refused here as it would be anywhere
        // else in the body.
        if value.as_bytes().contains(&b'\\') {
            lone_surrogate(value).map_or(Ok(()), |at| {
                Err(E::custom(format_args!(
                    "lone surrogate in a string escape at byte {at} of an unknown member"
                )))
            })?;
        }
        with_scratch(|text| text.push_str(value));
        Ok(())
    }
}

/// Where the first `\u` escape of a surrogate without its other half
/// starts, in JSON text whose escapes are otherwise well-formed.
fn lone_surrogate(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let digits = bytes.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) != Some(&b'\\') {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            i += 2;
            continue;
        }
        let unit = hex(i + 2)?;
        match unit {
            0xD800..=0xDBFF => {
                let low = (bytes.get(i + 6..i + 8) == Some(b"\\u".as_slice()))
                    .then(|| hex(i + 8))
                    .flatten();
                if !matches!(low, Some(0xDC00..=0xDFFF)) {
                    return Some(i);
                }
                i += 12;
            }
            0xDC00..=0xDFFF => return Some(i),
            _ => i += 6,
        }
    }
    None
}

/// The JSON text of a value from any deserializer: from `serde_json`, the
/// text as it came (borrowed from the input when it can be); from any
/// other, the value written out as JSON.
pub(crate) fn text_of<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, TextOf)
}

struct TextOf;

impl TextOf {
    fn json<'de, E: de::Error>(value: &Value) -> Result<Cow<'de, str>, E> {
        serde_json::to_string(value)
            .map(Cow::Owned)
            .map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for TextOf {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    /// `serde_json` answers with a one-member map: the token, then the
    /// value's text. Any other map is a value of its own.
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let Some(first) = access.next_key_seed(super::object::CowStr)? else {
            return Ok(Cow::Borrowed("{}"));
        };
        if first == RAW_VALUE_TOKEN {
            return access.next_value_seed(super::object::CowStr);
        }
        Self::json(&object_from(first, access)?)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Self::json(&StrictValue.deserialize(d)?)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Self::json(&ValueVisitor.visit_seq(seq)?)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visit_newtype_struct(d)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed("null"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed("null"))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::json(&Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::json(&Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::json(&Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::json(&Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Self::json(&Value::from(v))
    }
}

#[cfg(test)]
mod surrogate_tests {
    use super::lone_surrogate;

    #[test]
    fn pairs_pass_and_halves_do_not() {
        assert_eq!(lone_surrogate(r#""plain""#), None);
        assert_eq!(lone_surrogate(r#""\ud83d\ude00 and \u00e9""#), None);
        assert_eq!(
            lone_surrogate(r#""a\\udc00""#),
            None,
            "an escaped backslash"
        );
        assert_eq!(lone_surrogate(r#""\udc00""#), Some(1));
        assert_eq!(lone_surrogate(r#"{"k": "\ud800x"}"#), Some(7));
        assert_eq!(lone_surrogate(r#""\ud800\u0041""#), Some(1));
    }
}
