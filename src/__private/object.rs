//! Decoding and encoding objects member by member.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::ser::SerializeMap;
use serde_json::Value;

use super::strict::{Strict, StrictDecode};
use crate::{JsonPath, UnknownMembers, Unrecognized};

/// A type decoded from the members of a JSON object.
///
/// Separate from `Deserialize` so that a tagged union, having read the tag,
/// can hand the rest of the same object to the alternative it chose.
pub trait DecodeObject: Sized {
    /// What the decoder expected, for error messages.
    const EXPECTING: &'static str;

    /// Decodes from the object's members.
    fn decode_object<'de, A: MapAccess<'de>>(access: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for a [`DecodeObject`] type.
pub fn deserialize_object<'de, D: Deserializer<'de>, T: DecodeObject>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: DecodeObject> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<T, A::Error> {
            T::decode_object(access)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// The members a generated struct knows, by name.
pub trait FieldName: Sized {
    /// The member called `name`, if known.
    fn from_name(name: &str) -> Option<Self>;
}

/// A member name: one the struct knows, or another.
///
/// Known names are matched without allocating, and unknown ones are
/// borrowed from the input whenever the deserializer can lend them.
pub enum Key<'de, F> {
    /// A declared member.
    Known(F),
    /// Any other member.
    Unknown(Cow<'de, str>),
}

impl<'de, F: FieldName> de::Deserialize<'de> for Key<'de, F> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor<F>(PhantomData<F>);
        impl<'de, F: FieldName> Visitor<'de> for KeyVisitor<F> {
            type Value = Key<'de, F>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            #[inline]
            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
                Ok(F::from_name(name).map_or(Key::Unknown(Cow::Borrowed(name)), Key::Known))
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
                Ok(F::from_name(name)
                    .map_or_else(|| Key::Unknown(Cow::Owned(name.to_owned())), Key::Known))
            }
            fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
                Ok(match F::from_name(&name) {
                    Some(field) => Key::Known(field),
                    None => Key::Unknown(Cow::Owned(name)),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor(PhantomData))
    }
}

/// A string, borrowed from the input when the deserializer can lend it.
pub struct CowStr;

impl<'de> DeserializeSeed<'de> for CowStr {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CowStr {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

/// Reads a member's value into its slot, refusing a second occurrence: a
/// duplicate member would otherwise be silently lost on re-encode.
#[inline]
pub fn next_once<'de, A: MapAccess<'de>, T: StrictDecode<'de>>(
    access: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    // A match rather than `inspect_err`: the value (up to a kilobyte) moves
    // once, not twice.
    let value = match access.next_value_seed(Strict::<T>::new()) {
        Ok(value) => value,
        Err(e) => {
            super::path::key(name);
            return Err(e);
        }
    };
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

/// Reads the value of an optional member whose schema does not allow
/// `null`. The API sends `null` for such members now and then; it is kept
/// among the unknown members, so it is written back, and the field stays
/// absent. A second occurrence of the name is refused.
#[inline]
pub fn next_optional<'de, A: MapAccess<'de>, T: StrictDecode<'de>>(
    access: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    unknown: &mut super::UnknownBuilder,
) -> Result<(), A::Error> {
    // Read as an option, so `T` is decoded by the same decoder as
    // everywhere else. (Asking for any value would look at the value once
    // rather than twice, but would compile `T`'s decoder again for every
    // kind of value a deserializer can hand over.)
    let value = match access.next_value_seed(Strict::<Option<T>>::new()) {
        Ok(value) => value,
        Err(e) => {
            super::path::key(name);
            return Err(e);
        }
    };
    if slot.is_some() || unknown.has_null(name) {
        return Err(de::Error::duplicate_field(name));
    }
    match value {
        Some(value) => *slot = Some(value),
        None => unknown.push_null(name),
    }
    Ok(())
}

/// Checks a fixed member's value and records that it was seen, refusing a
/// second occurrence.
pub fn next_fixed<'de, A: MapAccess<'de>, S: DeserializeSeed<'de, Value = ()>>(
    access: &mut A,
    seen: &mut bool,
    fixed: S,
    name: &'static str,
) -> Result<(), A::Error> {
    access
        .next_value_seed(fixed)
        .inspect_err(|_| super::path::key(name))?;
    if *seen {
        return Err(de::Error::duplicate_field(name));
    }
    *seen = true;
    Ok(())
}

/// Writes the unknown members back, after the known ones.
pub fn serialize_unknown_members<M: SerializeMap>(
    map: &mut M,
    members: &UnknownMembers,
) -> Result<(), M::Error> {
    members.serialize_into(map)
}

/// Reports each unknown member; a `null` kept for one of the struct's
/// optional, non-nullable members (`optional`) is reported as such.
pub fn inspect_unknown_members(
    members: &UnknownMembers,
    optional: &[&str],
    at: &JsonPath<'_>,
    found: &mut Vec<Unrecognized>,
) {
    for (name, value) in members.members_text() {
        let path = at.key(&name);
        found.push(if value == "null" && optional.contains(&name.as_ref()) {
            Unrecognized::null_for_optional(&path)
        } else {
            Unrecognized::member(&path)
        });
    }
}

/// Checks that a member holds a fixed string.
pub struct FixedStr(pub &'static str);

impl<'de> DeserializeSeed<'de> for FixedStr {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FixedStr {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the string {}", Value::from(self.0))
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        if value == self.0 {
            Ok(())
        } else {
            Err(E::invalid_value(Unexpected::Str(value), &self))
        }
    }
}

/// Checks that a member holds a fixed boolean.
pub struct FixedBool(pub bool);

impl<'de> DeserializeSeed<'de> for FixedBool {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_bool(self)
    }
}

impl Visitor<'_> for FixedBool {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.0)
    }
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        if value == self.0 {
            Ok(())
        } else {
            Err(E::invalid_value(Unexpected::Bool(value), &self))
        }
    }
}

/// `Deserialize::deserialize` for a generated string enum.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: From<String> + for<'a> From<&'a str>,
{
    struct EnumVisitor<T>(PhantomData<T>);
    impl<T: From<String> + for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

/// Stands in for a secret member in `Debug` output.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The members of a value, as a union's `Other` keeps them: the JSON text
/// the value encodes to, member by member. A value that does not encode to
/// an object gives no members.
pub fn members_of<T: serde::Serialize>(value: &T) -> UnknownMembers {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// A JSON number as an `i64`, when it is a whole number in range.
#[inline]
pub fn whole_number(number: &crate::Number) -> Option<i64> {
    number.as_whole_i64()
}
