//! Finding what a decoded value kept without understanding it.
//!
//! Every generated type implements [`Inspect`]. It walks the value and
//! reports each unknown member, unknown enum value and unknown union
//! alternative with its JSON path, so a tool can warn that the API has
//! grown past this crate.

use std::collections::BTreeMap;
use std::fmt;

use crate::Nullable;

/// A position in a JSON document, built on the stack while walking.
#[derive(Debug, Clone, Copy)]
pub enum JsonPath<'a> {
    /// The document itself.
    Root,
    /// A member of an object.
    Key(&'a JsonPath<'a>, &'a str),
    /// An element of an array.
    Index(&'a JsonPath<'a>, usize),
}

impl<'a> JsonPath<'a> {
    /// The member `key` below this path.
    pub fn key(&'a self, key: &'a str) -> JsonPath<'a> {
        JsonPath::Key(self, key)
    }

    /// The element `index` below this path.
    pub fn index(&'a self, index: usize) -> JsonPath<'a> {
        JsonPath::Index(self, index)
    }
}

/// Paths print as `result.items[0].id`, and `.` for the root. Decode
/// errors print theirs through this impl too, so errors and reports read
/// the same.
impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn write(path: &JsonPath<'_>, f: &mut fmt::Formatter<'_>) -> Result<bool, fmt::Error> {
            match path {
                JsonPath::Root => Ok(false),
                JsonPath::Key(parent, key) => {
                    if write(parent, f)? {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                    Ok(true)
                }
                JsonPath::Index(parent, index) => {
                    write(parent, f)?;
                    write!(f, "[{index}]")?;
                    Ok(true)
                }
            }
        }
        if !write(self, f)? {
            f.write_str(".")?;
        }
        Ok(())
    }
}

/// Something a decoded value kept without understanding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrecognized {
    /// Where it is, as printed by [`JsonPath`].
    pub path: String,
    /// What it is.
    pub kind: UnrecognizedKind,
}

/// What kind of thing was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnrecognizedKind {
    /// An object member the schema does not declare.
    Member,
    /// `null` for a member the schema declares as optional but not
    /// nullable: kept (and written back), while the field reads as absent.
    NullForOptional,
    /// A string outside a known enum.
    EnumValue {
        /// The enum's type name.
        type_name: &'static str,
        /// The value received.
        value: String,
    },
    /// A union alternative this crate does not know.
    Variant {
        /// The union's type name.
        type_name: &'static str,
        /// The tag received, for tagged unions.
        tag: Option<String>,
    },
}

impl Unrecognized {
    /// An unknown member at `at`.
    pub fn member(at: &JsonPath<'_>) -> Self {
        Unrecognized {
            path: at.to_string(),
            kind: UnrecognizedKind::Member,
        }
    }

    /// A `null` for an optional, non-nullable member at `at`.
    pub fn null_for_optional(at: &JsonPath<'_>) -> Self {
        Unrecognized {
            path: at.to_string(),
            kind: UnrecognizedKind::NullForOptional,
        }
    }

    /// An unknown value of the enum `type_name` at `at`.
    pub fn enum_value(at: &JsonPath<'_>, type_name: &'static str, value: &str) -> Self {
        Unrecognized {
            path: at.to_string(),
            kind: UnrecognizedKind::EnumValue {
                type_name,
                value: value.to_owned(),
            },
        }
    }

    /// An unknown alternative of the union `type_name` at `at`.
    pub fn variant(
        at: &JsonPath<'_>,
        type_name: &'static str,
        tag: Option<&serde_json::value::RawValue>,
    ) -> Self {
        // A string tag reads as its text; anything else as its JSON.
        let tag = tag.map(|t| {
            serde_json::from_str::<String>(t.get()).unwrap_or_else(|_| t.get().to_owned())
        });
        Unrecognized {
            path: at.to_string(),
            kind: UnrecognizedKind::Variant { type_name, tag },
        }
    }
}

impl fmt::Display for Unrecognized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            UnrecognizedKind::Member => write!(f, "unknown member at `{}`", self.path),
            UnrecognizedKind::NullForOptional => write!(
                f,
                "null where the schema allows only a value or nothing at `{}` (kept; the field reads as absent)",
                self.path
            ),
            UnrecognizedKind::EnumValue { type_name, value } => {
                write!(
                    f,
                    "unknown {type_name} value {} at `{}`",
                    serde_json::Value::from(value.as_str()),
                    self.path
                )
            }
            UnrecognizedKind::Variant {
                type_name,
                tag: Some(tag),
            } => {
                write!(
                    f,
                    "unknown {type_name} alternative {} at `{}`",
                    serde_json::Value::from(tag.as_str()),
                    self.path
                )
            }
            UnrecognizedKind::Variant {
                type_name,
                tag: None,
            } => write!(f, "unknown {type_name} alternative at `{}`", self.path),
        }
    }
}

/// Walks a value for what it kept without understanding it.
pub trait Inspect {
    /// Adds to `found` everything unrecognized in `self`, which sits at
    /// `at`.
    fn inspect(&self, at: &JsonPath<'_>, found: &mut Vec<Unrecognized>);

    /// Everything unrecognized in `self`, in document order.
    fn unrecognized(&self) -> Vec<Unrecognized> {
        let mut found = Vec::new();
        self.inspect(&JsonPath::Root, &mut found);
        found
    }
}

impl<T: Inspect> Inspect for Option<T> {
    fn inspect(&self, at: &JsonPath<'_>, found: &mut Vec<Unrecognized>) {
        if let Some(value) = self {
            value.inspect(at, found);
        }
    }
}

impl<T: Inspect> Inspect for Nullable<T> {
    fn inspect(&self, at: &JsonPath<'_>, found: &mut Vec<Unrecognized>) {
        if let Nullable::Value(value) = self {
            value.inspect(at, found);
        }
    }
}

impl<T: Inspect> Inspect for Vec<T> {
    fn inspect(&self, at: &JsonPath<'_>, found: &mut Vec<Unrecognized>) {
        for (i, value) in self.iter().enumerate() {
            value.inspect(&at.index(i), found);
        }
    }
}

impl<T: Inspect> Inspect for BTreeMap<String, T> {
    fn inspect(&self, at: &JsonPath<'_>, found: &mut Vec<Unrecognized>) {
        for (key, value) in self {
            value.inspect(&at.key(key), found);
        }
    }
}
