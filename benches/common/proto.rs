//! A prototype of proposed changes to the generated decoders, for the
//! legacy list (`ScriptVersionListResponse`) only, to put numbers on them.
//! Not the crate's code: the benches change nothing in the crate.
//!
//! 1. Each known member is decoded straight into the struct being built
//!    (`out.field = Some(access.next_value()?)`, duplicate check first),
//!    instead of through the out-of-line `rt::next_once` into a local slot
//!    that is then moved into the struct. Measured alone by `proto-map`,
//!    which keeps unknown members exactly as the crate does
//!    (`rt::next_unknown` into a `serde_json::Map`).
//! 2. Other homes for unknown members than a `BTreeMap` (`serde_json::Map`),
//!    whose first insertion allocates a whole B-tree leaf of 11 slots and
//!    whose values are decoded into `serde_json::Value` trees:
//!    - `proto-vec`: a flat `Vec<(String, Value)>`;
//!    - `proto-raw`: a flat `Vec<(String, Box<RawValue>)>`, each value kept
//!      as its JSON text, which the parser skips like `IgnoredAny`;
//!    - `proto-text`: one JSON text buffer per object (`"key":value,...`)
//!      behind an `Option<Box<_>>` (8 bytes in the struct, no allocation
//!      when there are no unknown members), key and value copied from the
//!      input with no allocation per member.
//!
//! Raw text gives back exactly what came, duplicate names inside a value
//! included, so those forms check only the object's own member names.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};
use worker_versions::__private::{FieldName, Strict, next_unknown};
use worker_versions::types::{ApiMessage, VersionSource};

/// A member name: a known field, or another name, borrowed from the input
/// when it can be.
pub enum PKey<'de, F> {
    Known(F),
    Unknown(Cow<'de, str>),
}

impl<'de, F: FieldName> Deserialize<'de> for PKey<'de, F> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor<F>(PhantomData<F>);
        impl<'de, F: FieldName> Visitor<'de> for KeyVisitor<F> {
            type Value = PKey<'de, F>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
                Ok(F::from_name(name).map_or(PKey::Unknown(Cow::Borrowed(name)), PKey::Known))
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
                Ok(F::from_name(name)
                    .map_or_else(|| PKey::Unknown(Cow::Owned(name.to_owned())), PKey::Known))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor(PhantomData))
    }
}

/// Where unknown members go.
pub trait Unknown: Default {
    /// Reads the value of the unknown member `key`.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        access: &mut A,
    ) -> Result<(), A::Error>;
    /// Called once the object is done.
    fn finish(&mut self) {}
}

fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate member `{key}`"))
}

impl Unknown for Map<String, Value> {
    /// Exactly what the generated code does for an unknown member.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        access: &mut A,
    ) -> Result<(), A::Error> {
        next_unknown(access, self, key.into_owned())
    }
}

impl Unknown for Vec<(String, Value)> {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        access: &mut A,
    ) -> Result<(), A::Error> {
        // The crate's strict decoding (duplicates refused at every depth).
        let value = access.next_value_seed(Strict::<Value>::new())?;
        if self.iter().any(|(k, _)| *k == key) {
            return Err(duplicate(&key));
        }
        self.push((key.into_owned(), value));
        Ok(())
    }
    fn finish(&mut self) {
        self.shrink_to_fit();
    }
}

impl Unknown for Vec<(String, Box<RawValue>)> {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        access: &mut A,
    ) -> Result<(), A::Error> {
        let value: Box<RawValue> = access.next_value()?;
        if self.iter().any(|(k, _)| *k == key) {
            return Err(duplicate(&key));
        }
        self.push((key.into_owned(), value));
        Ok(())
    }
    fn finish(&mut self) {
        self.shrink_to_fit();
    }
}

/// Every unknown member of one object as JSON text, `"key":value,...`.
#[derive(Debug, Default)]
pub struct JsonText(Option<Box<TextMembers>>);

#[derive(Debug, Default)]
pub struct TextMembers {
    pub text: String,
    /// Where each member's quoted name starts, for the duplicate check.
    pub starts: Vec<u32>,
}

impl Unknown for JsonText {
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        access: &mut A,
    ) -> Result<(), A::Error> {
        // Borrowed from the input: this form needs a borrowing deserializer
        // (`from_slice`, `from_str`); from a reader it would take the value
        // as `Box<RawValue>` and copy it in.
        let value: &'de RawValue = access.next_value()?;
        let escaped: Cow<'_, str> = if key.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            let quoted = serde_json::to_string(&*key).map_err(de::Error::custom)?;
            Cow::Owned(quoted.trim_matches('"').to_owned())
        } else {
            Cow::Borrowed(&*key)
        };
        // One allocation for the usual few members, not a doubling series.
        let members = self.0.get_or_insert_with(|| {
            Box::new(TextMembers {
                text: String::with_capacity(256),
                starts: Vec::with_capacity(4),
            })
        });
        let text = &members.text;
        let seen = members.starts.iter().any(|&start| {
            text.get(start as usize + 1..).is_some_and(|rest| {
                rest.strip_prefix(&*escaped)
                    .is_some_and(|after| after.starts_with("\":"))
            })
        });
        if seen {
            return Err(duplicate(&key));
        }
        if !members.text.is_empty() {
            members.text.push(',');
        }
        let start = u32::try_from(members.text.len()).map_err(de::Error::custom)?;
        members.starts.push(start);
        members.text.push('"');
        members.text.push_str(&escaped);
        members.text.push_str("\":");
        members.text.push_str(value.get());
        Ok(())
    }
}

macro_rules! proto_struct {
    ($name:ident { $($field:ident : $ty:ty => $json:literal),* $(,)? }) => {
        #[derive(Debug)]
        pub struct $name<U> {
            $(pub $field: Option<$ty>,)*
            pub unknown_members: U,
        }

        impl<U: Unknown> Default for $name<U> {
            fn default() -> Self {
                $name { $($field: None,)* unknown_members: U::default() }
            }
        }

        impl<'de, U: Unknown> Deserialize<'de> for $name<U> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor<U>(PhantomData<U>);
                impl<'de, U: Unknown> Visitor<'de> for ObjectVisitor<U> {
                    type Value = $name<U>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a JSON object (`", stringify!($name), "`)"))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<$name<U>, A::Error> {
                        #[allow(non_camel_case_types, reason = "named after the fields")]
                        enum Field { $($field,)* }
                        impl FieldName for Field {
                            fn from_name(name: &str) -> Option<Self> {
                                match name {
                                    $($json => Some(Field::$field),)*
                                    _ => None,
                                }
                            }
                        }
                        let mut out = $name::<U>::default();
                        while let Some(key) = access.next_key::<PKey<'de, Field>>()? {
                            match key {
                                $(PKey::Known(Field::$field) => {
                                    if out.$field.is_some() {
                                        return Err(<A::Error as de::Error>::duplicate_field($json));
                                    }
                                    out.$field = Some(access.next_value()?);
                                })*
                                PKey::Unknown(key) => out.unknown_members.read(key, &mut access)?,
                            }
                        }
                        out.unknown_members.finish();
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(ObjectVisitor(PhantomData))
            }
        }
    };
}

proto_struct!(ScriptVersionListResponse {
    success: bool => "success",
    errors: Vec<ApiMessage> => "errors",
    messages: Vec<ApiMessage> => "messages",
    result: ScriptVersionList<U> => "result",
});

proto_struct!(ScriptVersionList {
    items: Vec<ScriptVersion<U>> => "items",
});

proto_struct!(ScriptVersion {
    id: String => "id",
    number: Number => "number",
    metadata: ScriptVersionMetadata<U> => "metadata",
    annotations: VersionAnnotations<U> => "annotations",
});

proto_struct!(ScriptVersionMetadata {
    author_email: String => "author_email",
    author_id: String => "author_id",
    created_on: String => "created_on",
    modified_on: String => "modified_on",
    has_preview_camel: bool => "hasPreview",
    has_preview: bool => "has_preview",
    source: VersionSource => "source",
});

proto_struct!(VersionAnnotations {
    message: String => "workers/message",
    tag: String => "workers/tag",
    alias: String => "workers/alias",
    triggered_by: String => "workers/triggered_by",
    rollback_from: String => "workers/rollback_from",
});

/// The crate's representation, decoded the proposed way.
pub type WithMap = ScriptVersionListResponse<Map<String, Value>>;
/// Unknown members as a flat vector of `Value`s.
pub type WithVec = ScriptVersionListResponse<Vec<(String, Value)>>;
/// Unknown members as a flat vector of raw JSON text.
pub type WithRaw = ScriptVersionListResponse<Vec<(String, Box<RawValue>)>>;
/// Unknown members as one JSON text buffer per object.
pub type WithText = ScriptVersionListResponse<JsonText>;
