//! A `serde_json::Value` from any serde deserializer, refusing duplicate
//! member names: `serde_json`'s own visitor keeps the last of two and drops
//! the first without a word. Used where a value comes through serde rather
//! than through the crate's reader (a deserializer other than
//! `serde_json` handing a generated type its value).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// A `serde_json::Value` from any deserializer, duplicate member names
/// refused.
pub(crate) struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

pub(crate) fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate member `{key}`"))
}

/// Builds a `serde_json::Value` like serde_json's own visitor, but refuses
/// duplicate member names.
pub(crate) struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            out.push(item);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        decode_members(access).map(Value::Object)
    }
}

/// Keeps a member, refusing a duplicate name.
pub(crate) fn insert_unknown<E: de::Error>(
    members: &mut Map<String, Value>,
    key: String,
    value: Value,
) -> Result<(), E> {
    match members.entry(key) {
        Entry::Occupied(entry) => Err(duplicate(entry.key())),
        Entry::Vacant(entry) => {
            entry.insert(value);
            Ok(())
        }
    }
}

/// Collects every remaining member of an object.
pub fn decode_members<'de, A: MapAccess<'de>>(
    mut access: A,
) -> Result<Map<String, Value>, A::Error> {
    let mut members = Map::new();
    while let Some(key) = access.next_key::<String>()? {
        let value = access.next_value_seed(StrictValue)?;
        insert_unknown(&mut members, key, value)?;
    }
    Ok(members)
}
