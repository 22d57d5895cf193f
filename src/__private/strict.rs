//! Decoding that refuses duplicate member names at every depth.
//!
//! `serde_json::Value`, `serde_json::Map` and `BTreeMap` keep the last of
//! two members with the same name and drop the first without a word; a
//! response decoded that way would not encode back to what came. Every
//! value the generated types hold is decoded through [`StrictDecode`]
//! instead, which makes a duplicate an error naming the member.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IntoDeserializer as _, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::{Null, Nullable};

/// Decodes a value, refusing duplicate member names inside it.
pub trait StrictDecode<'de>: Sized {
    /// Decodes from `deserializer`.
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// The seed form of [`StrictDecode`], for `next_value_seed` and friends.
pub struct Strict<T>(PhantomData<T>);

impl<T> Strict<T> {
    /// The seed.
    pub fn new() -> Self {
        Strict(PhantomData)
    }
}

impl<T> Default for Strict<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: StrictDecode<'de>> DeserializeSeed<'de> for Strict<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode(deserializer)
    }
}

/// Generated types check their own members already; they decode through
/// their `Deserialize` impl.
pub trait Generated {}

impl<'de, T: Generated + Deserialize<'de>> StrictDecode<'de> for T {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer)
    }
}

macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Generated for $t {}
    )*};
}

// Values without members cannot hold duplicates.
plain!(String, bool, i64, Number, crate::Number, Null);

impl<'de, T: StrictDecode<'de>> StrictDecode<'de> for Option<T> {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A deserializer that cannot tell `null` apart up front hands the
        // value itself over instead of `visit_some` (serde's own value
        // deserializers do); the visitor decodes it as `T` all the same.
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: StrictDecode<'de>> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::decode(deserializer).map(Some)
    }
    #[inline]
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::decode(v.into_deserializer()).map(Some)
    }
    #[inline]
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::decode(v.into_deserializer()).map(Some)
    }
    #[inline]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::decode(v.into_deserializer()).map(Some)
    }
    #[inline]
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::decode(v.into_deserializer()).map(Some)
    }
    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::decode(v.into_deserializer()).map(Some)
    }
    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        T::decode(BorrowedStrDeserializer::new(v)).map(Some)
    }
    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        T::decode(v.into_deserializer()).map(Some)
    }
    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::decode(SeqAccessDeserializer::new(seq)).map(Some)
    }
    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::decode(MapAccessDeserializer::new(map)).map(Some)
    }
}

impl<'de, T: StrictDecode<'de>> StrictDecode<'de> for Nullable<T> {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::decode(deserializer).map(Nullable::from)
    }
}

impl<'de, T: StrictDecode<'de>> StrictDecode<'de> for Vec<T> {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeqVisitor<T>(PhantomData<T>);
        impl<'de, T: StrictDecode<'de>> Visitor<'de> for SeqVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // The hint is capped: a hostile length must not reserve memory
                // before any element has been read.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                loop {
                    match seq.next_element_seed(Strict::<T>::new()) {
                        Ok(Some(item)) => out.push(item),
                        Ok(None) => return Ok(out),
                        Err(e) => {
                            super::path::index(out.len());
                            return Err(e);
                        }
                    }
                }
            }
        }
        deserializer.deserialize_seq(SeqVisitor(PhantomData))
    }
}

impl<'de, T: StrictDecode<'de>> StrictDecode<'de> for BTreeMap<String, T> {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: StrictDecode<'de>> Visitor<'de> for MapVisitor<T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = access.next_key::<String>()? {
                    let value = access
                        .next_value_seed(Strict::<T>::new())
                        .inspect_err(|_| super::path::key(&key))?;
                    if out.contains_key(&key) {
                        return Err(duplicate(&key));
                    }
                    out.insert(key, value);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<'de> StrictDecode<'de> for Map<String, Value> {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(ValueVisitor)
            .and_then(|value| match value {
                Value::Object(members) => Ok(members),
                _ => Err(de::Error::custom("expected an object")),
            })
    }
}

impl<'de> StrictDecode<'de> for Value {
    fn decode<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
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
        while let Some(item) = seq
            .next_element_seed(Strict::<Value>::new())
            .inspect_err(|_| super::path::index(out.len()))?
        {
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
        let value = access
            .next_value_seed(Strict::<Value>::new())
            .inspect_err(|_| super::path::key(&key))?;
        insert_unknown(&mut members, key, value)?;
    }
    Ok(members)
}
