//! Choosing a union's alternative.

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess};

use super::object::CowStr;
use super::unknown::OwnedText;

/// Reads members until the tag `property`, buffering the ones before it.
///
/// Returns the tag and a [`Prefixed`] access that replays the buffered
/// members and the tag, then continues with the rest of the object, so the
/// chosen alternative decodes the same object in one pass. When the tag
/// comes first, as it usually does, nothing is buffered, and from a
/// borrowing deserializer (`serde_json::from_slice`, `from_str`) nothing is
/// allocated either: the tag is borrowed from the input and handed on as
/// it is.
pub fn read_tag<'de, A: MapAccess<'de>>(
    mut access: A,
    property: &'static str,
) -> Result<(Cow<'de, str>, Prefixed<'de, A>), A::Error> {
    let mut buffered = Vec::new();
    loop {
        let Some(key) = access.next_key_seed(CowStr)? else {
            return Err(de::Error::missing_field(property));
        };
        if key == property {
            let tag = access
                .next_value_seed(CowStr)
                .inspect_err(|_| super::path::key(property))?;
            return Ok((
                tag.clone(),
                Prefixed {
                    buffered: buffered.into_iter(),
                    property,
                    tag: Some(tag),
                    pending: Pending::Nothing,
                    access,
                },
            ));
        }
        let value = access
            .next_value_seed(OwnedText)
            .inspect_err(|_| super::path::key(&key))?;
        buffered.push((key.into_owned(), value));
    }
}

/// A `MapAccess` that yields the members read before the tag, then the
/// tag, then the live ones.
pub struct Prefixed<'de, A> {
    /// Members before the tag: name and JSON text.
    buffered: std::vec::IntoIter<(String, String)>,
    property: &'static str,
    tag: Option<Cow<'de, str>>,
    pending: Pending<'de>,
    access: A,
}

/// The value that goes with the key just handed out.
enum Pending<'de> {
    Nothing,
    Buffered(String, String),
    Tag(Cow<'de, str>),
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prefixed<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.buffered.next() {
            let result = seed.deserialize(StrDeserializer::<A::Error>::new(&key));
            self.pending = Pending::Buffered(key, value);
            return result.map(Some);
        }
        if let Some(tag) = self.tag.take() {
            self.pending = Pending::Tag(tag);
            return seed
                .deserialize(BorrowedStrDeserializer::<A::Error>::new(self.property))
                .map(Some);
        }
        self.access.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match std::mem::replace(&mut self.pending, Pending::Nothing) {
            // Buffered values were read before the tag; their own position
            // is no longer tracked by the caller's deserializer, so the
            // member name goes into the message.
            // Read from the kept text, so nothing is lost on the way (a
            // reader that owns nothing can hand values to any `'de`).
            Pending::Buffered(key, text) => {
                let mut reader = serde_json::Deserializer::from_reader(text.as_bytes());
                seed.deserialize(&mut reader)
                    .map_err(|e| de::Error::custom(format_args!("member `{key}`: {e}")))
            }
            Pending::Tag(Cow::Borrowed(tag)) => {
                seed.deserialize(BorrowedStrDeserializer::<A::Error>::new(tag))
            }
            Pending::Tag(Cow::Owned(tag)) => {
                seed.deserialize(StringDeserializer::<A::Error>::new(tag))
            }
            Pending::Nothing => self.access.next_value_seed(seed),
        }
    }
}

/// A fixed value an alternative requires of a member when it is present.
#[derive(Debug, Clone, Copy)]
pub enum Fixed {
    /// A string.
    Str(&'static str),
    /// A boolean.
    Bool(bool),
}

impl Fixed {
    /// Whether the JSON text `value` is this value.
    fn matches(self, value: &str) -> bool {
        match self {
            Fixed::Str(s) => serde_json::from_str::<Cow<'_, str>>(value).is_ok_and(|v| v == s),
            Fixed::Bool(b) => value.trim() == if b { "true" } else { "false" },
        }
    }
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

/// Decodes one alternative from the buffered object.
pub type Decoder<T> = fn(&str) -> Result<T, String>;

/// The alternatives `members` fits, best first: those whose required and
/// fixed members are satisfied (and, if closed, that know every member),
/// ranked by how many of the present members they declare, then by how
/// many they require, then in schema order.
fn rank(members: &[(Cow<'_, str>, &str)], fits: &[Fit]) -> Vec<usize> {
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

/// Decodes an untagged object union: keeps the object's members as their
/// JSON text, tries the alternatives that fit in rank order on that text,
/// and keeps an object that fits none in `other`, member for member as it
/// came. If alternatives fit but none decodes, the error of the last one
/// tried is returned, with the path inside the object.
pub fn decode_best_fit<'de, A: MapAccess<'de>, T>(
    access: A,
    fits: &[Fit],
    decoders: &[Decoder<T>],
    other: fn(crate::UnknownMembers) -> T,
) -> Result<T, A::Error> {
    // Read as an unknown alternative's members are: duplicates refused,
    // every value kept as its text.
    let object = unknown_alternative(access)?;
    let members: Vec<(Cow<'_, str>, &str)> = object.members_text().collect();
    let order = rank(&members, fits);
    let mut last_error = None;
    for index in order {
        if let Some(decode) = decoders.get(index) {
            match decode(object.as_json()) {
                Ok(decoded) => return Ok(decoded),
                Err(e) => last_error = Some(e),
            }
        }
    }
    match last_error {
        Some(e) => Err(de::Error::custom(e)),
        None => Ok(other(object)),
    }
}

/// The members of an alternative this crate does not know (after its tag,
/// which [`read_tag`]'s access hands over again), kept as the JSON text
/// they came in: every digit, in the order they came.
pub fn unknown_alternative<'de, A: MapAccess<'de>>(
    mut access: A,
) -> Result<crate::UnknownMembers, A::Error> {
    let mut builder = super::UnknownBuilder::default();
    while let Some(name) = access.next_key_seed(CowStr)? {
        builder.read(&mut access, name)?;
    }
    Ok(builder.finish())
}

/// Decodes `T` from a buffered value, with the path of any mismatch inside
/// it in the message.
pub fn decode_buffered<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    super::path::track(|| serde_json::from_str::<T>(json)).map_err(|(e, path)| {
        if path == "." {
            e.to_string()
        } else {
            format!("at `{path}` inside: {e}")
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

    fn ranked(v: serde_json::Value, fits: &[Fit]) -> Vec<usize> {
        let owned: Vec<(String, String)> = match v {
            serde_json::Value::Object(m) => {
                m.into_iter().map(|(k, v)| (k, v.to_string())).collect()
            }
            _ => Vec::new(),
        };
        let members: Vec<(Cow<'_, str>, &str)> = owned
            .iter()
            .map(|(k, v)| (Cow::Borrowed(k.as_str()), v.as_str()))
            .collect();
        rank(&members, fits)
    }

    #[test]
    fn the_most_specific_alternative_wins() {
        let fits = [SMART, REGION, TARGETED_REGION];
        assert_eq!(ranked(serde_json::json!({"mode": "smart"}), &fits), vec![0]);
        assert_eq!(ranked(serde_json::json!({"region": "x"}), &fits), vec![1]);
        assert_eq!(
            ranked(
                serde_json::json!({"mode": "targeted", "region": "x"}),
                &fits
            ),
            vec![2, 1]
        );
        assert!(ranked(serde_json::json!({"mode": "auto"}), &fits).is_empty());
    }
}
