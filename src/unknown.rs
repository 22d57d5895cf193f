//! The members of an object that this crate does not know.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::__private::encode::{Layout, serde_json_serializer, values_of};
use crate::__private::{CowStr, RAW_VALUE_TOKEN, UnknownBuilder};

/// The members of one JSON object that this crate does not know, kept as
/// the JSON text they came in.
///
/// Cloudflare adds members to its responses all the time. Every generated
/// struct keeps the ones it has no field for in its `unknown_members`, and
/// writes them back after its known members on encode, so nothing is lost
/// on the way through.
///
/// Each value is kept byte for byte as it came, formatting and all, and
/// member names are re-escaped the way `serde_json` writes them. All the
/// unknown members of one object share a single allocation, and an object
/// without any costs no allocation at all.
///
/// Two `UnknownMembers` are equal when they hold the same members with the
/// same JSON values, whatever their order and formatting.
///
/// ```
/// use worker_versions::types::ScriptVersionMetadata;
///
/// let metadata: ScriptVersionMetadata = serde_json::from_str(
///     r#"{"author_id": "a1", "region": {"name": "weur"}, "tier": 2}"#,
/// )?;
/// let unknown = &metadata.unknown_members;
/// assert_eq!(unknown.len(), 2);
/// assert_eq!(unknown.get("region").map(|raw| raw.get()), Some(r#"{"name": "weur"}"#));
/// assert_eq!(unknown.as_json(), r#"{"region":{"name": "weur"},"tier":2}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct UnknownMembers {
    /// `{"name":value,...}`; `None` when there are no members.
    text: Option<Box<str>>,
}

impl UnknownMembers {
    /// No members.
    pub const fn new() -> Self {
        UnknownMembers { text: None }
    }

    /// Takes the text an [`UnknownBuilder`] wrote: a JSON object with at
    /// least one member, each name escaped canonically and unique.
    pub(crate) fn from_object_text(text: &str) -> Self {
        UnknownMembers {
            text: Some(Box::from(text)),
        }
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.text.is_none()
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// The members' text without the object's braces: `"name":value,...`,
    /// empty when there are none.
    pub(crate) fn inner_text(&self) -> &str {
        self.text
            .as_deref()
            .and_then(|text| text.get(1..text.len().saturating_sub(1)))
            .unwrap_or_default()
    }

    /// The members as one JSON object, `{}` when there are none.
    pub fn as_json(&self) -> &str {
        self.text.as_deref().unwrap_or("{}")
    }

    /// Each member's name and JSON text, in the order they came (a
    /// `null` kept for a member the struct declares comes first).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Cow<'_, str>, &RawValue)> {
        self.members().into_iter()
    }

    /// The JSON text of the member called `name`.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.members()
            .into_iter()
            .find_map(|(key, value)| (key == name).then_some(value))
    }

    /// The member `name` when it is a string, as it is written between its
    /// quotes: `None` when it is absent, not a string, or a string with an
    /// escape in it (which would need decoding; [`UnknownMembers::get`]
    /// gives the text).
    pub fn get_str(&self, name: &str) -> Option<&str> {
        let text = self.get(name)?.get();
        let inner = text.strip_prefix('"')?.strip_suffix('"')?;
        (!inner.contains('\\')).then_some(inner)
    }

    /// Sets the member `name` to `value`: in its place if there is one
    /// already, after the others if not.
    ///
    /// The members here are the ones the struct does not declare: a name it
    /// declares would be written twice when its field is set too, so set
    /// the field instead.
    ///
    /// Fails only if `value` cannot be written as JSON (a map with
    /// non-string keys, say).
    pub fn insert<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let value = serde_json::value::to_raw_value(value)?;
        let mut members: Vec<(Cow<'_, str>, &RawValue)> = self.members();
        match members.iter_mut().find(|(key, _)| key == name) {
            Some(slot) => slot.1 = &value,
            None => members.push((Cow::Borrowed(name), &value)),
        }
        let rebuilt = Self::from_members(members);
        *self = rebuilt;
        Ok(())
    }

    /// Removes the member `name` and gives back its JSON text.
    pub fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        let mut members = self.members();
        let index = members.iter().position(|(key, _)| key == name)?;
        let (_, value) = members.remove(index);
        let removed = value.to_owned();
        let rebuilt = Self::from_members(members);
        *self = rebuilt;
        Some(removed)
    }

    /// The members as `serde_json` values.
    ///
    /// A value that itself holds two members of the same name keeps the
    /// last of them here, as `serde_json::Value` always does; the text in
    /// `self` keeps both.
    pub fn to_map(&self) -> Map<String, Value> {
        self.members()
            .into_iter()
            .map(|(key, value)| {
                let value = serde_json::from_str(value.get()).unwrap_or(Value::Null);
                (key.into_owned(), value)
            })
            .collect()
    }

    /// Splits the text into members.
    fn members(&self) -> Vec<(Cow<'_, str>, &RawValue)> {
        let Some(text) = self.text.as_deref() else {
            return Vec::new();
        };
        // The text is always a JSON object this type wrote (or checked), so
        // this cannot fail; an empty list is the quiet answer if it ever
        // did.
        let parsed = serde_json::from_str::<Members<'_>>(text);
        debug_assert!(parsed.is_ok(), "unknown members are not an object: {text}");
        parsed.map(|members| members.0).unwrap_or_default()
    }

    fn from_members<'a>(members: impl IntoIterator<Item = (Cow<'a, str>, &'a RawValue)>) -> Self {
        let mut builder = UnknownBuilder::default();
        for (key, value) in members {
            // Names are unique already: they come from an object this type
            // holds, with at most one replaced.
            builder.push_unchecked(&key, value.get());
        }
        builder.finish()
    }
}

impl UnknownMembers {
    /// Writes each member into `map`, after whatever it holds already:
    /// each value as its raw text to `serde_json`'s compact serializer,
    /// else as the values it holds (`json`: the serializer is one of
    /// `serde_json`'s, and with what layout).
    pub(crate) fn serialize_into<M: SerializeMap>(
        &self,
        map: &mut M,
        json: Option<Layout>,
    ) -> Result<(), M::Error> {
        let Some(text) = self.text.as_deref() else {
            return Ok(());
        };
        for (quoted_name, value) in split_members(text) {
            let name = unquote(quoted_name).ok_or_else(|| not_members(text))?;
            if json == Some(Layout::Compact) {
                map.serialize_entry(&*name, &RawJson(value))?;
            } else {
                map.serialize_entry(&*name, &values_of(value, json.is_some()))?;
            }
        }
        Ok(())
    }

    /// Each member's name and value text, in the order they came.
    pub(crate) fn members_text(&self) -> impl Iterator<Item = (Cow<'_, str>, &str)> {
        self.text
            .as_deref()
            .into_iter()
            .flat_map(split_members)
            .filter_map(|(quoted_name, value)| Some((unquote(quoted_name)?, value)))
    }
}

fn not_members<E: serde::ser::Error>(text: &str) -> E {
    E::custom(format_args!(
        "unknown members are not a JSON object: {text}"
    ))
}

/// Splits `{"name":value,...}` as `UnknownBuilder` writes it into quoted
/// names and value texts. Values are valid JSON, so outside strings the
/// only commas and closing brackets at depth zero are the separators.
fn split_members(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let bytes = text.as_bytes();
    // Past the opening brace; an empty object has no members.
    let mut at = if text.len() > 2 { 1 } else { text.len() };
    std::iter::from_fn(move || {
        let name_start = at;
        let name_end = skip_string(bytes, name_start)?;
        // `:` after the name.
        let value_start = name_end + 1;
        let mut depth = 0usize;
        let mut i = value_start;
        loop {
            match *bytes.get(i)? {
                b'"' => {
                    i = skip_string(bytes, i)?;
                    continue;
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' if depth > 0 => depth -= 1,
                b',' | b'}' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let member = (text.get(name_start..name_end)?, text.get(value_start..i)?);
        at = i + 1;
        Some(member)
    })
}

/// The index just past the string that opens at `start`, in JSON text
/// known to be well-formed.
pub(crate) fn skip_string(bytes: &[u8], start: usize) -> Option<usize> {
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let mut i = start + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// A quoted name without its quotes and escapes.
fn unquote(quoted: &str) -> Option<Cow<'_, str>> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str(quoted).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// JSON text handed to a serializer exactly as `serde_json::value::RawValue`
/// hands over its own: a one-field struct under serde_json's private
/// raw-value name. Unlike a `&RawValue`, it needs no parse to make, which
/// matters because every unknown member goes through here on encode.
pub(crate) struct RawJson<'a>(pub(crate) &'a str);

impl Serialize for RawJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut raw = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        raw.serialize_field(RAW_VALUE_TOKEN, self.0)?;
        raw.end()
    }
}

/// Whether `serde_json` writes a [`RawJson`] as the text it holds. The name
/// is private to `serde_json`; should it ever change, this is false and
/// values go through `RawValue` itself (a parse each) rather than come out
/// as something else.
pub(crate) fn raw_json_is_understood() -> bool {
    static UNDERSTOOD: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *UNDERSTOOD.get_or_init(|| {
        let probe = RawJson(r#"[1,{"a":"b"}]"#);
        serde_json::to_string(&probe).is_ok_and(|text| text == probe.0)
            && serde_json::to_value(&probe)
                .is_ok_and(|value| value == serde_json::json!([1, {"a": "b"}]))
    })
}

/// The members of an object's text, borrowed where no escape was undone.
struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(key) = access.next_key_seed(CowStr)? {
                    members.push((key, access.next_value()?));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl PartialEq for UnknownMembers {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text || self.to_map() == other.to_map()
    }
}

impl Eq for UnknownMembers {}

impl fmt::Debug for UnknownMembers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnknownMembers({})", self.as_json())
    }
}

impl fmt::Display for UnknownMembers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_json())
    }
}

/// Every member is unrecognized: a body kept as `UnknownMembers` (the
/// failure of an operation whose schema describes none) reports each.
impl crate::Inspect for UnknownMembers {
    fn inspect(&self, at: &crate::JsonPath<'_>, found: &mut Vec<crate::Unrecognized>) {
        crate::__private::inspect_unknown_members(self, &[], at, found);
    }
}

/// Writes the members as a JSON object of their own. (The generated structs
/// write them inline, after their known members.)
impl Serialize for UnknownMembers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // Values go as raw text to `serde_json`, and to any other
        // serializer as what they hold.
        self.serialize_into(&mut map, serde_json_serializer::<S>())?;
        map.end()
    }
}

/// Reads every member of a JSON object. A name that occurs twice is an
/// error: one of the two would be lost on encode.
impl<'de> Deserialize<'de> for UnknownMembers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = UnknownMembers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<UnknownMembers, A::Error> {
                let mut builder = UnknownBuilder::default();
                while let Some(key) = access.next_key_seed(CowStr)? {
                    builder.read_from(&mut access, key)?;
                }
                Ok(builder.finish())
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

impl From<Map<String, Value>> for UnknownMembers {
    fn from(members: Map<String, Value>) -> Self {
        members.into_iter().collect()
    }
}

impl FromIterator<(String, Value)> for UnknownMembers {
    /// A later member of the same name replaces an earlier one.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Self {
        let mut entries: Vec<(String, Box<RawValue>)> = Vec::new();
        for (key, value) in members {
            // A `Value` always has a JSON text.
            let Ok(value) = serde_json::value::to_raw_value(&value) else {
                continue;
            };
            match entries.iter_mut().find(|(name, _)| *name == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key, value)),
            }
        }
        Self::from_members(
            entries
                .iter()
                .map(|(key, value)| (Cow::Borrowed(key.as_str()), &**value)),
        )
    }
}
