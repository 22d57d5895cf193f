//! Encoding the generated types as JSON text: the [`Encode`] trait, its
//! impls for the values the types hold, and the [`Writer`] the generated
//! encoders write to.
//!
//! Like decoding, encoding is not generic: each type's encoder is one
//! function compiled once, in this crate. Unknown members are kept as JSON
//! text and copied out as they are. The types' `Serialize` impls encode
//! here and hand the text to the serializer (see [`serialize`]).

use std::collections::BTreeMap;

use serde::ser::{Error as _, Serialize, SerializeMap as _, SerializeSeq as _, Serializer};

use super::json::Reader;
use crate::unknown::RawJson;
use crate::{Null, Nullable, UnknownMembers};

/// JSON text being written.
#[derive(Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// `{`.
    #[inline]
    pub fn begin_object(&mut self) {
        self.out.push('{');
    }

    /// `}`.
    #[inline]
    pub fn end_object(&mut self) {
        self.out.push('}');
    }

    /// `[`.
    #[inline]
    pub fn begin_array(&mut self) {
        self.out.push('[');
    }

    /// `]`.
    #[inline]
    pub fn end_array(&mut self) {
        self.out.push(']');
    }

    /// A member's name, with the comma before it when it is not the first:
    /// its value comes next.
    #[inline(never)]
    pub fn member(&mut self, name: &str) {
        self.separate();
        push_quoted(&mut self.out, name);
        self.out.push(':');
    }

    /// The comma before an element when it is not the first: the element
    /// comes next.
    #[inline]
    pub fn element(&mut self) {
        if !self.out.ends_with('[') {
            self.out.push(',');
        }
    }

    /// A string.
    #[inline(never)]
    pub fn str(&mut self, value: &str) {
        push_quoted(&mut self.out, value);
    }

    /// A boolean.
    #[inline]
    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// `null`.
    #[inline]
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// An integer.
    #[inline]
    pub fn i64(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        push_u64(&mut self.out, value.unsigned_abs());
    }

    /// JSON text, as it is.
    #[inline]
    pub fn raw(&mut self, json: &str) {
        self.out.push_str(json);
    }

    /// The unknown members of an object whose optional members named in
    /// `set` (empty strings for those unset) were written. A `null` kept
    /// for such a member when it came as `null` (the decoder puts those
    /// first, each written `"name":null`) is left out once the member is
    /// set, so no name is written twice.
    #[inline]
    pub fn unknown_except(&mut self, members: &UnknownMembers, set: &[&str]) {
        if set.iter().all(|name| name.is_empty()) {
            self.unknown(members);
            return;
        }
        let mut rest = members.inner_text();
        while let Some((name, member, after)) = leading_null(rest) {
            // A name with an escape is never one a struct declares here.
            let set_now = !name.is_empty() && !name.contains('\\') && set.contains(&name);
            if !set_now {
                self.separate();
                self.out.push_str(member);
            }
            rest = after;
        }
        if !rest.is_empty() {
            self.separate();
            self.out.push_str(rest);
        }
    }

    /// The comma before a member that is not the first.
    #[inline]
    fn separate(&mut self) {
        if !self.out.ends_with('{') {
            self.out.push(',');
        }
    }

    /// The unknown members of the object being written, after its known
    /// ones: the kept text, copied as it is.
    #[inline]
    pub fn unknown(&mut self, members: &UnknownMembers) {
        let inner = members.inner_text();
        if !inner.is_empty() {
            self.separate();
            self.out.push_str(inner);
        }
    }
}

/// If the members' text starts with a member `"name":null`: its name, its
/// text, and the text after it (past its comma).
fn leading_null(inner: &str) -> Option<(&str, &str, &str)> {
    let name_end = crate::unknown::skip_string(inner.as_bytes(), 0)?;
    let name = inner.get(1..name_end - 1)?;
    let member_len = name_end + ":null".len();
    let member = inner.get(..member_len)?;
    if !member.ends_with("\":null") {
        return None;
    }
    let after = inner.get(member_len..)?;
    match after.strip_prefix(',') {
        Some(after) => Some((name, member, after)),
        None if after.is_empty() => Some((name, member, after)),
        None => None,
    }
}

/// Appends `n` in decimal.
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        // `n % 10` is below 10.
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(digits.get(start..).unwrap_or_default()).unwrap_or_default());
}

/// Appends `text` as a JSON string, escaped the way `serde_json` writes it.
pub(crate) fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    let mut rest = text;
    while let Some(at) = super::json::find_special(rest.as_bytes()) {
        let (plain, special) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = special.chars();
        match chars.next() {
            Some('"') => out.push_str("\\\""),
            Some('\\') => out.push_str("\\\\"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some('\t') => out.push_str("\\t"),
            Some('\u{8}') => out.push_str("\\b"),
            Some('\u{c}') => out.push_str("\\f"),
            Some(c) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let code = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(code >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(code & 0xf).copied().unwrap_or(b'0')));
            }
            None => {}
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out.push('"');
}

/// A type encoded as JSON text by a [`Writer`].
///
/// Every generated type implements it with an encoder of its own, which is
/// not generic: it is compiled once, in this crate.
pub trait Encode {
    /// Writes the value.
    fn encode(&self, w: &mut Writer);
}

impl Encode for String {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl Encode for bool {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

impl Encode for i64 {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        w.i64(*self);
    }
}

impl Encode for crate::Number {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        self.write_json(&mut w.out);
    }
}

impl Encode for Null {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        w.null();
    }
}

impl Encode for serde_json::Value {
    fn encode(&self, w: &mut Writer) {
        // A value built by `serde_json` always encodes.
        w.raw(&self.to_string());
    }
}

impl Encode for serde_json::Map<String, serde_json::Value> {
    fn encode(&self, w: &mut Writer) {
        w.begin_object();
        for (name, value) in self {
            w.member(name);
            value.encode(w);
        }
        w.end_object();
    }
}

impl Encode for UnknownMembers {
    fn encode(&self, w: &mut Writer) {
        w.begin_object();
        w.unknown(self);
        w.end_object();
    }
}

impl<T: Encode> Encode for Option<T> {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        match self {
            Some(value) => value.encode(w),
            None => w.null(),
        }
    }
}

impl<T: Encode> Encode for Nullable<T> {
    #[inline]
    fn encode(&self, w: &mut Writer) {
        match self.as_ref() {
            Some(value) => value.encode(w),
            None => w.null(),
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, w: &mut Writer) {
        w.begin_array();
        for item in self {
            w.element();
            item.encode(w);
        }
        w.end_array();
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self, w: &mut Writer) {
        w.begin_object();
        for (name, value) in self {
            w.member(name);
            value.encode(w);
        }
        w.end_object();
    }
}

/// The JSON text of a value.
pub fn to_json<T: Encode + ?Sized>(value: &T) -> String {
    let mut w = Writer::new();
    value.encode(&mut w);
    w.finish()
}

/// `Serialize::serialize` for a generated type: the type's own encoder
/// writes the JSON text, which goes to `serde_json` as it is; any other
/// serializer gets the value member by member, element by element.
pub fn serialize<T: Encode + ?Sized, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let text = to_json(value);
    match serde_json_serializer::<S>() {
        Some(Layout::Compact) => RawJson(&text).serialize(serializer),
        json => Transcoded {
            text: &text,
            depth: 0,
            raw_numbers: json.is_some(),
        }
        .serialize(serializer),
    }
}

/// How one of `serde_json`'s serializers lays out what it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// As compact as the crate's own encoder (or into a `Value`): raw JSON
    /// text handed to it is written, or parsed, as it is.
    Compact,
    /// Its own layout (pretty printing, another formatter): the value is
    /// handed over piece by piece, and only numbers as raw text.
    Formatted,
}

/// Whether `S` is one of `serde_json`'s serializers, which take raw JSON
/// text (under its private raw-value name), and with what layout. Told by
/// the type's name: a wrapping serializer or a future renaming only loses
/// the fast path, never correctness.
pub(crate) fn serde_json_serializer<S>() -> Option<Layout> {
    let name = std::any::type_name::<S>();
    let layout = if name.starts_with("serde_json::value::ser::Serializer") {
        Layout::Compact
    } else if let Some(arguments) = name
        .strip_prefix("&mut serde_json::ser::Serializer<")
        .and_then(|rest| rest.strip_suffix('>'))
    {
        // `<W>` when the formatter is the default, compact one (a type's
        // name leaves out default parameters), else `<W, F>`.
        match formatter_of(arguments) {
            None | Some("serde_json::ser::CompactFormatter") => Layout::Compact,
            Some(_) => Layout::Formatted,
        }
    } else {
        return None;
    };
    crate::unknown::raw_json_is_understood().then_some(layout)
}

/// Well-formed JSON text as a value a serializer takes piece by piece;
/// `raw_numbers` when it is one of `serde_json`'s, which take numbers (and
/// what nests too deep to hand over) as their text.
pub(crate) fn values_of(text: &str, raw_numbers: bool) -> impl Serialize + '_ {
    Transcoded {
        text,
        depth: 0,
        raw_numbers,
    }
}

/// The second of two type arguments written out (`W, F`), if there are two.
fn formatter_of(arguments: &str) -> Option<&str> {
    let mut depth = 0_usize;
    for (at, c) in arguments.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return arguments.get(at + 1..).map(str::trim),
            _ => {}
        }
    }
    None
}

/// How deep a value is handed to a serializer other than `serde_json`'s:
/// past this, a kept unknown member (which may nest without limit) is
/// refused rather than recursed into.
const TRANSCODE_DEPTH: usize = 128;

/// JSON text written well-formed by a [`Writer`], handed to any serializer
/// as the values it holds.
struct Transcoded<'a> {
    text: &'a str,
    depth: usize,
    /// Whether the serializer takes raw JSON text (`serde_json`): numbers
    /// go to it as written. Any other gets integers as integers and the
    /// rest as the nearest `f64`.
    raw_numbers: bool,
}

impl Serialize for Transcoded<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.depth >= TRANSCODE_DEPTH {
            // `serde_json` takes the rest as the text it is (unformatted);
            // any other serializer would need recursion without end.
            if self.raw_numbers {
                return RawJson(self.text).serialize(serializer);
            }
            return Err(S::Error::custom("the value nests too deep to serialize"));
        }
        let mut r = Reader::new(self.text);
        let inner = |text| Transcoded {
            text,
            depth: self.depth + 1,
            raw_numbers: self.raw_numbers,
        };
        let fail = |e: super::json::Error| S::Error::custom(e.message());
        match r.peek_type() {
            Some(super::json::JsonType::Object) => {
                r.begin_object("an object").map_err(fail)?;
                let mut map = serializer.serialize_map(None)?;
                let mut first = true;
                while let Some(name) = r.next_member(&mut first).map_err(fail)? {
                    let value = r.skip_value().map_err(fail)?;
                    map.serialize_entry(&*name, &inner(value))?;
                }
                map.end()
            }
            Some(super::json::JsonType::Array) => {
                r.begin_array("an array").map_err(fail)?;
                let mut seq = serializer.serialize_seq(None)?;
                let mut first = true;
                while r.next_element(&mut first).map_err(fail)? {
                    let value = r.skip_value().map_err(fail)?;
                    seq.serialize_element(&inner(value))?;
                }
                seq.end()
            }
            Some(super::json::JsonType::String) => {
                serializer.serialize_str(&r.str("a string").map_err(fail)?)
            }
            Some(super::json::JsonType::Number) => {
                let number = r.number().map_err(fail)?;
                number.serialize_as(serializer, self.raw_numbers)
            }
            Some(super::json::JsonType::Bool) => serializer.serialize_bool(r.bool().map_err(fail)?),
            Some(super::json::JsonType::Null) | None => serializer.serialize_unit(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "quote \" backslash \\ slash /",
            "\u{0}\u{1}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f}\u{7f}",
            "é 中 😀",
            "a long run of plain text before an escape at the end\n",
        ] {
            let mut out = String::new();
            push_quoted(&mut out, text);
            assert_eq!(Some(out), serde_json::to_string(text).ok(), "{text:?}");
        }
    }

    #[test]
    fn integers_are_written_in_full() {
        for n in [0, 7, -7, 10, 1234567890, i64::MAX, i64::MIN] {
            let mut w = Writer::new();
            w.i64(n);
            assert_eq!(w.finish(), n.to_string());
        }
    }

    #[test]
    fn commas_go_between_members_and_elements_only() {
        let mut w = Writer::new();
        w.begin_object();
        w.member("a");
        w.begin_array();
        for n in [1, 2] {
            w.element();
            w.i64(n);
        }
        w.element();
        w.begin_object();
        w.end_object();
        w.end_array();
        w.member("b");
        w.null();
        w.end_object();
        assert_eq!(w.finish(), r#"{"a":[1,2,{}],"b":null}"#);
    }

    #[test]
    fn serde_json_serializers_are_told_apart_by_layout() {
        type Compact<'a> = &'a mut serde_json::Serializer<&'a mut Vec<u8>>;
        type Pretty<'a> =
            &'a mut serde_json::Serializer<&'a mut Vec<u8>, serde_json::ser::PrettyFormatter<'a>>;
        assert_eq!(
            serde_json_serializer::<Compact<'_>>(),
            Some(Layout::Compact)
        );
        assert_eq!(
            serde_json_serializer::<Pretty<'_>>(),
            Some(Layout::Formatted)
        );
        assert_eq!(
            serde_json_serializer::<serde_json::value::Serializer>(),
            Some(Layout::Compact)
        );
        assert_eq!(serde_json_serializer::<&mut String>(), None);
        struct Indent;
        impl serde_json::ser::Formatter for Indent {}
        type Custom<'a> = &'a mut serde_json::Serializer<&'a mut Vec<u8>, Indent>;
        assert_eq!(
            serde_json_serializer::<Custom<'_>>(),
            Some(Layout::Formatted)
        );
        type Explicit<'a> =
            &'a mut serde_json::Serializer<&'a mut Vec<u8>, serde_json::ser::CompactFormatter>;
        assert_eq!(
            serde_json_serializer::<Explicit<'_>>(),
            Some(Layout::Compact)
        );
    }

    #[test]
    fn numbers_go_to_other_serializers_as_numbers() {
        for (text, expected) in [
            ("1e2", serde_json::json!(100.0)),
            ("-0", serde_json::json!(-0.0)),
            ("7", serde_json::json!(7)),
        ] {
            let value = serde_json::to_value(values_of(text, false)).ok();
            assert_eq!(value, Some(expected), "{text}");
        }
    }

    #[test]
    fn other_serializers_get_the_values() {
        let text =
            r#"{"a":[1,-2,1.5,"x\n",true,null,{}],"b":{"c":123456789012345678901234567890}}"#;
        let value = serde_json::to_value(Transcoded {
            text,
            depth: 0,
            raw_numbers: true,
        })
        .ok();
        let expected = serde_json::from_str::<serde_json::Value>(text).ok();
        assert_eq!(value, expected);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        // Past the depth limit a serializer that takes no raw text is
        // refused rather than recursed into without end; `serde_json`'s
        // take the rest as its text.
        let refused = serde_json::to_value(Transcoded {
            text: &deep,
            depth: 0,
            raw_numbers: false,
        });
        assert!(refused.is_err());
        let mut pretty = Vec::new();
        let kept = Transcoded {
            text: &deep,
            depth: 0,
            raw_numbers: true,
        }
        .serialize(&mut serde_json::Serializer::pretty(&mut pretty));
        assert!(kept.is_ok());
        let compact: String = String::from_utf8_lossy(&pretty)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(compact, deep);
    }
}
