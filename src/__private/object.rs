//! Helpers for the generated encoders, `Inspect` and `Debug` impls.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::{JsonPath, UnknownMembers, Unrecognized};

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
pub fn members_of<T: super::Encode>(value: &T) -> UnknownMembers {
    let text = super::to_json(value);
    let mut r = super::Reader::new(&text);
    let mut members = super::UnknownBuilder::default();
    // The text is well-formed: the only thing that can go wrong is a name
    // written twice (one set as a field and inserted among the unknown
    // members as well), and then the first, the field's, is kept.
    let mut first = true;
    if r.begin_object("an object").is_ok() {
        while let Ok(Some(name)) = r.next_member(&mut first) {
            let Ok(value) = r.skip_value() else { break };
            members.push_if_new(&name, value);
        }
    }
    members.finish()
}

/// A JSON number as an `i64`, when it is a whole number in range.
#[inline]
pub fn whole_number(number: &crate::Number) -> Option<i64> {
    number.as_whole_i64()
}
