//! Property-based round trips through the generated types.
//!
//! Random documents are generated from `schema/openapi.json` itself, read at
//! test time, so the generator follows every schema edit without changes
//! here. For an object each declared member is present or absent (required
//! ones always present), values follow their schema recursively (`$ref`
//! followed, depth-limited), and 0–3 extra members with names the object
//! does not declare carry random JSON of any depth (closed objects get them
//! too: the types keep unknown members even where the schema forbids
//! them, and a closed union then keeps the object whole). String enums sometimes
//! get a value they do not list, discriminated unions sometimes an unknown
//! tag, `number` mixes integers and floats, nullable values are sometimes
//! `null` and `const` members hold their constant.
//!
//! Response documents include `readOnly` members and sometimes `writeOnly`
//! ones (which are never required there); request documents leave
//! `readOnly` members out, as a client would.
//!
//! The properties:
//!
//! - `roundtrip`: decoding a document from a `serde_json::Value` succeeds and
//!   encoding the result gives back the same `Value`;
//! - `from_bytes`: decoding the document's bytes (`from_slice` of
//!   `to_vec`) gives the same value as decoding the `Value` those bytes
//!   read back as (the crate's byte-reading paths agree with its `Value`
//!   ones);
//! - `member_order`: decoding the document written with its members in a
//!   random order (a union's tag anywhere, say) gives the same value too;
//! - `nothing_unrecognized`: a document with no extra members, unknown enum
//!   values or unknown tags decodes with nothing reported by
//!   [`Inspect::unrecognized`] (so no alternative is mistaken for `Other`).
//!
//! - `responses_the_published_document_describes_decode_whole`: responses
//!   drawn the same way from Cloudflare's published document
//!   (`tests/fixtures/published/`) rather than this crate's schema decode
//!   through the registry, come back whole and leave nothing unrecognized;
//!
//! - `floats_survive_text` (with `a_float_survives_text`, its smallest
//!   case): numbers read from text are written back exactly.
//!
//! Runs are reproducible: no regression file is written, and a failure
//! prints the seed to give `PROPTEST_RNG_SEED` to rerun exactly the same
//! cases. `PROPTEST_CASES` overrides the case counts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a panic with a message"
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::hash::{BuildHasher as _, RandomState};
use std::path::Path;
use std::sync::LazyLock;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};
use worker_versions::Inspect;
use worker_versions::types;

// ----- the schema ---------------------------------------------------------

static OPENAPI: LazyLock<Value> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/openapi.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
});

/// Cloudflare's published OpenAPI document for the same operations
/// (OpenAPI 3.0.3), which responses are also drawn from.
static PUBLISHED: LazyLock<Value> = LazyLock::new(|| {
    let text = include_str!("fixtures/published/worker-versions.openapi.json");
    serde_json::from_str(text).expect("the published document is JSON")
});

fn components() -> &'static Map<String, Value> {
    OPENAPI["components"]["schemas"]
        .as_object()
        .expect("components.schemas is an object")
}

/// A component of this crate's schema or, for a name it does not have, of
/// the published document (whose names all start `workers_`, so the two
/// never meet).
fn component(name: &str) -> &'static Value {
    components()
        .get(name)
        .or_else(|| PUBLISHED["components"]["schemas"].get(name))
        .unwrap_or_else(|| panic!("no component `{name}` in either schema"))
}

/// Follows `$ref`s to the schema they name.
fn resolve(mut schema: &'static Value) -> &'static Value {
    for _ in 0..64 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("unsupported reference `{reference}`"));
                schema = component(name);
            }
            None => return schema,
        }
    }
    panic!("a cycle of bare `$ref`s")
}

/// A keyword flag on a schema or on what its `$ref` names.
fn flag(schema: &'static Value, keyword: &str) -> bool {
    let is_set = |s: &Value| s.get(keyword).and_then(Value::as_bool) == Some(true);
    is_set(schema) || is_set(resolve(schema))
}

/// For synthesized sub-schemas: the generator works on `'static` schema
/// nodes, so the few it makes up (one per `type` of a `type: [..]` list)
/// are leaked. They are built once per strategy.
fn leak(value: Value) -> &'static Value {
    Box::leak(Box::new(value))
}

// ----- generating documents ----------------------------------------------

/// Which side of the API a document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    /// Returned by the API: `readOnly` members included, `writeOnly` ones
    /// optional.
    Response,
    /// Sent by a client: `readOnly` members left out.
    Request,
}

/// How documents are generated.
#[derive(Debug, Clone, Copy)]
struct Mode {
    view: View,
    /// Extra members, unknown enum values and unknown union tags.
    unknowns: bool,
}

/// How deep documents nest (each object or array level takes one). Below
/// it only required members are generated, so an accidental cycle through
/// required members is the only way not to end; that is caught by
/// `CYCLE_GUARD`.
const MAX_DEPTH: i32 = 10;
const CYCLE_GUARD: i32 = -40;
/// Depth of random JSON in extra members and free-form values.
const ANY_DEPTH: u32 = 4;

struct Gen {
    mode: Mode,
}

/// The members of an object schema, `allOf`s merged.
struct Shape {
    properties: Vec<(String, &'static Value)>,
    required: BTreeSet<String>,
    /// `additionalProperties` when it is a schema (a map).
    additional: Option<&'static Value>,
}

impl Gen {
    fn value(&self, schema: &'static Value, depth: i32) -> BoxedStrategy<Value> {
        assert!(
            depth > CYCLE_GUARD,
            "the schema recurses through required members"
        );
        let Some(object) = schema.as_object() else {
            // A boolean schema: `true` allows anything.
            return any_json();
        };
        if object.contains_key("$ref") {
            return self.value(resolve(schema), depth);
        }
        if let Some(constant) = object.get("const") {
            return Just(constant.clone()).boxed();
        }
        if object.get("nullable").and_then(Value::as_bool) == Some(true) {
            // OpenAPI 3.0's `nullable`: the value or, now and then, `null`.
            let mut plain = object.clone();
            plain.remove("nullable");
            let value = self.value(leak(Value::Object(plain)), depth);
            return Union::new_weighted(vec![(3, value), (1, Just(Value::Null).boxed())]).boxed();
        }
        if let (Some(values), false) = (
            object.get("enum").and_then(Value::as_array),
            object.get("type") == Some(&Value::from("string")),
        ) {
            // An `enum` of booleans, numbers or objects: one of its values.
            return proptest::sample::select(values.clone()).boxed();
        }
        if let Some(alternatives) = object
            .get("oneOf")
            .or_else(|| object.get("anyOf"))
            .and_then(Value::as_array)
        {
            return self.union(schema, alternatives, depth);
        }
        if let Some([only]) = object
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            && !object.contains_key("properties")
        {
            // One part and nothing beside it: that part, whatever its type
            // (the published document wraps arrays so, to add an example).
            return self.value(only, depth);
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            let scalar = parts.iter().any(|part| {
                resolve(part)
                    .get("type")
                    .is_some_and(|t| t != "object" && !t.is_array())
            });
            if scalar {
                // `allOf` of a scalar schema and more constraints on it:
                // one schema with every part's keywords.
                let mut merged = Map::new();
                for part in parts {
                    merged.extend(
                        resolve(part)
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(k, v)| (k.clone(), v.clone())),
                    );
                }
                return self.value(leak(Value::Object(merged)), depth);
            }
            return self.object(&shape(schema), depth);
        }
        match object.get("type") {
            Some(Value::Array(types)) => {
                // `type: [T, "null"]`: one strategy per listed type.
                let options = types
                    .iter()
                    .map(|t| {
                        let mut single = object.clone();
                        single.insert("type".into(), t.clone());
                        let weight = if t == "null" { 1 } else { 3 };
                        (weight, self.value(leak(Value::Object(single)), depth))
                    })
                    .collect();
                Union::new_weighted(options).boxed()
            }
            Some(Value::String(t)) => match t.as_str() {
                "null" => Just(Value::Null).boxed(),
                "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
                "integer" => integer(
                    object.get("minimum").and_then(Value::as_i64),
                    object.get("maximum").and_then(Value::as_i64),
                ),
                "number" => number()
                    .prop_map(Value::Number)
                    .prop_filter("outside the schema's bounds", {
                        let min = object.get("minimum").and_then(Value::as_f64);
                        let max = object.get("maximum").and_then(Value::as_f64);
                        move |v| {
                            let x = v.as_f64().unwrap_or(0.0);
                            min.is_none_or(|m| x >= m) && max.is_none_or(|m| x <= m)
                        }
                    })
                    .boxed(),
                "string" => match object.get("enum").and_then(Value::as_array) {
                    Some(values) => self.enumeration(values),
                    None => string(
                        object.get("format").and_then(Value::as_str),
                        object.get("maxLength").and_then(Value::as_u64),
                    )
                    .prop_map(Value::String)
                    .boxed(),
                },
                "array" => self.array(object, depth),
                "object" => self.object(&shape(schema), depth),
                other => panic!("unsupported type `{other}`"),
            },
            Some(other) => panic!("unsupported `type`: {other}"),
            None if object.contains_key("properties") => self.object(&shape(schema), depth),
            None => match object.get("enum").and_then(Value::as_array) {
                Some(values) => self.enumeration(values),
                // `{}`: any JSON value.
                None => any_json(),
            },
        }
    }

    fn union(
        &self,
        schema: &'static Value,
        alternatives: &'static [Value],
        depth: i32,
    ) -> BoxedStrategy<Value> {
        let count = u32::try_from(alternatives.len()).unwrap_or(u32::MAX).max(1);
        let mut options: Vec<(u32, BoxedStrategy<Value>)> = alternatives
            .iter()
            .map(|a| (9, self.value(a, depth)))
            .collect();
        let tag = schema
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str);
        if let (Some(tag), true) = (tag, self.mode.unknowns) {
            // About one document in ten gets a tag the union does not know.
            let known = known_tags(schema, alternatives, tag);
            options.push((count, unknown_alternative(tag, known)));
        }
        Union::new_weighted(options).boxed()
    }

    fn enumeration(&self, values: &'static [Value]) -> BoxedStrategy<Value> {
        let listed = proptest::sample::select(values.to_vec()).boxed();
        if !self.mode.unknowns {
            return listed;
        }
        let known: BTreeSet<String> = values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let unknown = string(None, None)
            .prop_filter("a listed value", move |s| !known.contains(s))
            .prop_map(Value::String)
            .boxed();
        Union::new_weighted(vec![(7, listed), (1, unknown)]).boxed()
    }

    fn array(&self, object: &'static Map<String, Value>, depth: i32) -> BoxedStrategy<Value> {
        let items = object.get("items").unwrap_or(&Value::Bool(true));
        let min = object
            .get("minItems")
            .and_then(Value::as_u64)
            .map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let max = if depth > 0 { 3 } else { 0 };
        let max = object
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(max, |n| usize::try_from(n).unwrap_or(max).min(max))
            .max(min);
        let unique = object.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        vec(self.value(items, depth - 1), min..=max)
            .prop_map(move |mut items| {
                if unique {
                    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
                    for item in items.drain(..) {
                        if !kept.contains(&item) {
                            kept.push(item);
                        }
                    }
                    items = kept;
                }
                Value::Array(items)
            })
            .boxed()
    }

    fn object(&self, shape: &Shape, depth: i32) -> BoxedStrategy<Value> {
        let declared: BTreeSet<String> = shape
            .properties
            .iter()
            .map(|(name, _)| name.clone())
            .chain(shape.required.iter().cloned())
            .collect();
        let mut members: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        let mut listed = BTreeSet::new();
        for (name, schema) in &shape.properties {
            if !listed.insert(name.clone()) {
                // Declared twice through `allOf`: the first declaration wins.
                continue;
            }
            let read_only = flag(schema, "readOnly");
            let write_only = flag(schema, "writeOnly");
            if self.mode.view == View::Request && read_only {
                continue;
            }
            let required =
                shape.required.contains(name) && !(self.mode.view == View::Response && write_only);
            if !required && depth <= 0 {
                continue;
            }
            let name = name.clone();
            let member = self
                .value(schema, depth - 1)
                .prop_map(move |v| (name.clone(), v));
            members.push(if required {
                member.prop_map(Some).boxed()
            } else {
                proptest::option::of(member).boxed()
            });
        }
        for name in &shape.required {
            // Required but not described: anything will do.
            if listed.insert(name.clone()) {
                let name = name.clone();
                members.push(
                    any_json()
                        .prop_map(move |v| Some((name.clone(), v)))
                        .boxed(),
                );
            }
        }
        let most = if depth > 0 { 3 } else { 0 };
        let extra: BoxedStrategy<Vec<(String, Value)>> = match shape.additional {
            // A map: its entries follow the value schema.
            Some(values) => vec(
                (member_name(declared), self.value(values, depth - 1)),
                0..=most,
            )
            .boxed(),
            // Members the schema does not declare: none in half the
            // objects, 1–3 in the others.
            None if self.mode.unknowns && most > 0 => prop_oneof![
                1 => Just(Vec::new()),
                1 => vec((member_name(declared), any_json()), 1..=most),
            ]
            .boxed(),
            None => Just(Vec::new()).boxed(),
        };
        (members, extra)
            .prop_map(|(members, extra)| {
                let mut map = Map::new();
                for (name, value) in members.into_iter().flatten() {
                    map.insert(name, value);
                }
                for (name, value) in extra {
                    map.entry(name).or_insert(value);
                }
                Value::Object(map)
            })
            .boxed()
    }
}

/// The members of an object schema, with `allOf` parts (and the `$ref`s
/// among them) merged in order.
fn shape(schema: &'static Value) -> Shape {
    let mut out = Shape {
        properties: Vec::new(),
        required: BTreeSet::new(),
        additional: None,
    };
    gather(schema, &mut out);
    out
}

fn gather(schema: &'static Value, out: &mut Shape) {
    let schema = resolve(schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            gather(part, out);
        }
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        out.properties
            .extend(properties.iter().map(|(k, v)| (k.clone(), v)));
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        out.required
            .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    if let Some(additional) = schema.get("additionalProperties")
        && additional.is_object()
    {
        out.additional = Some(additional);
    }
}

/// The tags a discriminated union knows: its mapping's keys and the tag
/// constants of its alternatives (nested unions included).
fn known_tags(
    schema: &'static Value,
    alternatives: &'static [Value],
    tag: &str,
) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = schema
        .get("discriminator")
        .and_then(|d| d.get("mapping"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    fn constants(schema: &'static Value, tag: &str, out: &mut BTreeSet<String>, depth: u32) {
        if depth == 0 {
            return;
        }
        let schema = resolve(schema);
        if let Some(c) = schema
            .get("properties")
            .and_then(|p| p.get(tag))
            .and_then(|p| p.get("const"))
            .and_then(Value::as_str)
        {
            out.insert(c.to_owned());
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            for part in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                constants(part, tag, out, depth - 1);
            }
        }
    }
    for alternative in alternatives {
        constants(alternative, tag, &mut known, 8);
    }
    known
}

/// An object with a tag no alternative has, and random other members.
fn unknown_alternative(tag: &'static str, known: BTreeSet<String>) -> BoxedStrategy<Value> {
    let tag_value = prop_oneof![
        8 => "[a-zA-Z][a-z0-9_-]{0,14}",
        1 => Just(String::new()),
        1 => string(None, None),
    ]
    .prop_filter("a known tag", move |t| !known.contains(t));
    let others = vec(
        (member_name(BTreeSet::from([tag.to_owned()])), any_json()),
        0..=3,
    );
    (tag_value, others)
        .prop_map(move |(value, others)| {
            let mut map: Map<String, Value> = others.into_iter().collect();
            map.insert(tag.to_owned(), Value::String(value));
            Value::Object(map)
        })
        .boxed()
}

/// Integers within the schema's bounds (or the whole `i64` range): mostly
/// small ones, and the bounds themselves.
fn integer(min: Option<i64>, max: Option<i64>) -> BoxedStrategy<Value> {
    let lo = min.unwrap_or(i64::MIN);
    let hi = max.unwrap_or(i64::MAX).max(lo);
    let (small_lo, small_hi) = if lo <= 1000 && hi >= -1000 {
        (lo.max(-1000), hi.min(1000))
    } else {
        (lo, lo.saturating_add(1000).min(hi))
    };
    prop_oneof![
        4 => small_lo..=small_hi,
        2 => lo..=hi,
        1 => Just(lo),
        1 => Just(hi),
    ]
    .prop_map(Value::from)
    .boxed()
}

/// JSON numbers: small and large integers, integers beyond `i64`, floats
/// (subnormal to huge) and floats with an integral value such as `3.0`.
fn number() -> BoxedStrategy<Number> {
    let finite = prop::num::f64::POSITIVE
        | prop::num::f64::NEGATIVE
        | prop::num::f64::NORMAL
        | prop::num::f64::SUBNORMAL
        | prop::num::f64::ZERO;
    prop_oneof![
        3 => (-1000i64..=1000).prop_map(Number::from),
        2 => any::<i64>().prop_map(Number::from),
        1 => ((i64::MAX as u64 + 1)..=u64::MAX).prop_map(Number::from),
        3 => finite.prop_filter_map("not finite", Number::from_f64),
        1 => (-1000i64..=1000).prop_filter_map("not finite", |i| Number::from_f64(i as f64)),
        1 => (-1_000_000i64..=1_000_000)
            .prop_filter_map("not finite", |i| Number::from_f64(i as f64 / 1000.0)),
    ]
    .boxed()
}

/// Strings: plain ones, any printable Unicode, any `char` at all (control
/// characters and quotes included), and text shaped like the `format`.
fn string(format: Option<&str>, max_length: Option<u64>) -> BoxedStrategy<String> {
    let plain = prop_oneof![
        6 => text(&PLAIN, 0..=16),
        2 => vec(printable(), 0..=12).prop_map(String::from_iter),
        2 => vec(any::<char>(), 0..8).prop_map(String::from_iter),
    ];
    let shaped = match format {
        Some("date-time") => Some(
            "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9])T[01][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-][01][0-9]:[0-5][0-9])",
        ),
        Some("uuid") => {
            Some("[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
        }
        Some("byte") => Some("([A-Za-z0-9+/]{4}){0,6}([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"),
        Some("email") => Some("[a-z0-9.]{1,10}@[a-z0-9-]{1,10}\\.[a-z]{2,4}"),
        _ => None,
    };
    let strings = match shaped {
        Some(regex) => prop_oneof![3 => regex, 1 => plain].boxed(),
        None => plain.boxed(),
    };
    match max_length.and_then(|n| usize::try_from(n).ok()) {
        Some(n) => strings
            .prop_map(move |s| s.chars().take(n).collect())
            .boxed(),
        None => strings,
    }
}

// Character sets. Most strings are built from characters rather than with
// proptest's regex strategies, which are much slower to sample and would
// dominate the run time (only the rare `format`-shaped ones use a regex).
static PLAIN: LazyLock<Vec<char>> = LazyLock::new(|| chars("azAZ09", "_./:-"));
static IDENT_START: LazyLock<Vec<char>> = LazyLock::new(|| chars("az", ""));
static IDENT_REST: LazyLock<Vec<char>> = LazyLock::new(|| chars("az09", "_"));
static ODD: LazyLock<Vec<char>> = LazyLock::new(|| chars("azAZ", "$@/._-"));

/// The characters of the ranges (pairs of ends) and the extras.
fn chars(ranges: &str, extra: &str) -> Vec<char> {
    let ends: Vec<char> = ranges.chars().collect();
    let mut out: Vec<char> = ends.chunks(2).flat_map(|r| r[0]..=r[1]).collect();
    out.extend(extra.chars());
    out
}

/// Strings of characters from `set`.
fn text(set: &'static [char], length: std::ops::RangeInclusive<usize>) -> BoxedStrategy<String> {
    vec(proptest::sample::select(set), length)
        .prop_map(String::from_iter)
        .boxed()
}

/// Any character but a control character.
fn printable() -> impl Strategy<Value = char> {
    any::<char>().prop_filter("a control character", |c| !c.is_control())
}

/// Every member name declared anywhere in the schema, with the names the
/// Rust fields could have (`x-rust-name`, snake case, `unknown_members`):
/// as JSON members of an object that does not declare them they must stay
/// unknown members.
static VOCABULARY: LazyLock<Vec<String>> = LazyLock::new(|| {
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for c in name.chars() {
            if c.is_ascii_uppercase() {
                if !out.is_empty() {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else if c.is_ascii_alphanumeric() {
                out.push(c);
            } else {
                out.push('_');
            }
        }
        out
    }
    fn collect(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(members) => {
                if let Some(Value::Object(properties)) = members.get("properties") {
                    for name in properties.keys() {
                        out.insert(name.clone());
                        out.insert(snake_case(name));
                    }
                }
                if let Some(Value::String(rust_name)) = members.get("x-rust-name") {
                    out.insert(rust_name.clone());
                }
                for member in members.values() {
                    collect(member, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let mut names = BTreeSet::from(["unknown_members".to_owned()]);
    collect(&OPENAPI["components"], &mut names);
    names.into_iter().collect()
});

/// Names for members the object does not declare (and for map keys):
/// mostly random, sometimes a name another schema declares (a union's
/// sibling alternative, say), which is how a real API grows.
fn member_name(declared: BTreeSet<String>) -> BoxedStrategy<String> {
    NAMES
        .with(Clone::clone)
        .prop_filter("a declared member", move |name| !declared.contains(name))
        .boxed()
}

/// Any JSON value, a few levels deep.
fn any_json() -> BoxedStrategy<Value> {
    ANY_JSON.with(Clone::clone)
}

thread_local! {
    // Built once per thread and shared: building them is not free.
    static NAMES: BoxedStrategy<String> = prop_oneof![
        6 => (proptest::sample::select(IDENT_START.as_slice()), text(&IDENT_REST, 0..=10))
            .prop_map(|(first, rest)| format!("{first}{rest}")),
        1 => text(&ODD, 1..=8),
        1 => vec(printable(), 0..=6).prop_map(String::from_iter),
        1 => vec(any::<char>(), 0..5).prop_map(String::from_iter),
        1 => proptest::sample::select(VOCABULARY.as_slice()),
    ]
    .boxed();
    static ANY_JSON: BoxedStrategy<Value> = {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number().prop_map(Value::Number),
            string(None, None).prop_map(Value::String),
        ]
        .boxed();
        let keys = NAMES.with(Clone::clone);
        // Level by level, up to `ANY_DEPTH` containers deep.
        let mut level = leaf.clone();
        for _ in 0..ANY_DEPTH {
            level = prop_oneof![
                2 => leaf.clone(),
                1 => vec(level.clone(), 0..4).prop_map(Value::Array),
                1 => vec((keys.clone(), level), 0..4)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
            .boxed();
        }
        level
    };
}

/// Documents for a component, as seen from one side of the API.
fn documents(component_name: &str, mode: Mode) -> BoxedStrategy<Value> {
    Gen { mode }.value(component(component_name), MAX_DEPTH)
}

// ----- running ------------------------------------------------------------

const ROUNDTRIP_CASES: u32 = 96;
const OTHER_CASES: u32 = 64;

/// Runs `test` on `cases` values of `strategy`, reproducibly: the seed is
/// fixed up front (from `PROPTEST_RNG_SEED` if set) and printed on failure;
/// no regression file is written.
fn check<S: Strategy>(
    what: &str,
    cases: u32,
    strategy: S,
    show: impl Fn(&S::Value) -> String,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config.failure_persistence = None;
    config.max_shrink_time = 30_000;
    let seed = match config.rng_seed {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => RandomState::new().hash_one(std::time::SystemTime::now()),
    };
    config.rng_seed = RngSeed::Fixed(seed);
    let mut runner = TestRunner::new(config);
    match runner.run(&strategy, test) {
        Ok(()) => {}
        Err(TestError::Abort(why)) => {
            panic!("{what}: aborted ({why}); rerun with PROPTEST_RNG_SEED={seed}")
        }
        Err(TestError::Fail(why, value)) => panic!(
            "{what}: {why}\nrerun with PROPTEST_RNG_SEED={seed}\nminimal failing input:\n{}",
            show(&value)
        ),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("<{e}>"))
}

/// Where two values first differ, as a path, with both sides.
fn first_difference(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}.{key}");
                match b.get(key) {
                    Some(other) => {
                        if let Some(d) = first_difference(value, other, &here) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("`{here}` is missing after the round trip")),
                }
            }
            b.keys()
                .find(|key| !a.contains_key(*key))
                .map(|key| format!("`{path}.{key}` appeared in the round trip"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        _ if expected == actual => None,
        _ => Some(format!(
            "at `{path}`: expected {expected}, got {actual}",
            path = if path.is_empty() { "." } else { path }
        )),
    }
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

fn decode<T: DeserializeOwned>(doc: &Value) -> Result<T, TestCaseError> {
    serde_json::from_value::<T>(doc.clone())
        .map_err(|e| fail(format!("decoding the document failed: {e}")))
}

/// Property: decoding succeeds and encoding gives the document back.
fn roundtrip<T: DeserializeOwned + Serialize>(what: &str, component: &str, mode: Mode) {
    check(
        what,
        ROUNDTRIP_CASES,
        documents(component, mode),
        pretty,
        |doc| {
            let decoded: T = decode(&doc)?;
            let again = serde_json::to_value(&decoded)
                .map_err(|e| fail(format!("encoding the decoded value failed: {e}")))?;
            if again != doc {
                let at = first_difference(&doc, &again, "").unwrap_or_default();
                return Err(fail(format!(
                    "encoding does not give the document back: {at}\nre-encoded:\n{}",
                    pretty(&again)
                )));
            }
            Ok(())
        },
    );
}

/// Property: decoding the document's bytes gives what decoding the `Value`
/// gives.
///
/// The reference is the `Value` that the bytes denote
/// (`from_slice::<Value>`), not `doc` itself: `serde_json` as this crate
/// configures it does not read every float back exactly (see
/// [`floats_survive_text`]), and that is checked on its own so that this
/// property still watches the crate's own byte-reading paths (borrowed
/// strings, buffered members and so on).
fn from_bytes<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    what: &str,
    component: &str,
    mode: Mode,
) {
    check(
        what,
        OTHER_CASES,
        documents(component, mode),
        pretty,
        |doc| {
            let bytes = serde_json::to_vec(&doc).map_err(|e| fail(e.to_string()))?;
            let denoted: Value = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
            same_decoding::<T>(denoted, serde_json::from_slice::<T>(&bytes), "bytes")
        },
    );
}

/// Compares decoding `reference` with a decoding from text.
fn same_decoding<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    reference: Value,
    from_text: Result<T, serde_json::Error>,
    text: &str,
) -> Result<(), TestCaseError> {
    match (serde_json::from_value::<T>(reference), from_text) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Ok(a), Ok(b)) => Err(fail(format!(
            "decoded values differ:\nfrom Value: {a:#?}\nfrom {text}: {b:#?}"
        ))),
        (a, b) => Err(fail(format!(
            "decoding differs:\nfrom Value: {:?}\nfrom {text}: {:?}",
            a.err(),
            b.err()
        ))),
    }
}

/// Writes `value` as JSON text with every object's members in an order
/// picked by `seed`.
fn shuffled_text(value: &Value, seed: u64) -> String {
    fn next(state: &mut u64) -> u64 {
        // xorshift64*
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn write(value: &Value, state: &mut u64, out: &mut String) {
        match value {
            Value::Object(members) => {
                let mut entries: Vec<(&String, &Value)> = members.iter().collect();
                for i in (1..entries.len()).rev() {
                    let j = usize::try_from(next(state) % (i as u64 + 1)).unwrap_or(0);
                    entries.swap(i, j);
                }
                out.push('{');
                for (i, (key, member)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(member, state, out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, state, out);
                }
                out.push(']');
            }
            scalar => {
                let _ = write!(out, "{scalar}");
            }
        }
    }
    let mut state = seed | 1;
    let mut out = String::new();
    write(value, &mut state, &mut out);
    out
}

/// Property: member order does not matter.
fn member_order<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
    what: &str,
    component: &str,
    mode: Mode,
) {
    let strategy = (documents(component, mode), any::<u64>());
    let show = |(doc, seed): &(Value, u64)| {
        format!(
            "{}\nwritten as:\n{}",
            pretty(doc),
            shuffled_text(doc, *seed)
        )
    };
    check(what, OTHER_CASES, strategy, show, |(doc, seed)| {
        let text = shuffled_text(&doc, seed);
        // As in `from_bytes`, the reference is what the text denotes.
        let denoted: Value = serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
        same_decoding::<T>(denoted, serde_json::from_str::<T>(&text), "reordered text")
    });
}

/// Property: a document with nothing unknown in it decodes with nothing
/// reported as unrecognized.
fn nothing_unrecognized<T: DeserializeOwned + Inspect>(what: &str, component: &str, view: View) {
    let mode = Mode {
        view,
        unknowns: false,
    };
    check(
        what,
        OTHER_CASES,
        documents(component, mode),
        pretty,
        |doc| {
            let decoded: T = decode(&doc)?;
            let found = decoded.unrecognized();
            if found.is_empty() {
                Ok(())
            } else {
                let list: Vec<String> = found.iter().map(ToString::to_string).collect();
                Err(fail(format!(
                    "a document with nothing unknown in it reports: {}",
                    list.join("; ")
                )))
            }
        },
    );
}

// ----- the types ----------------------------------------------------------

/// One test per property and type: `roundtrip::worker_version_response`,
/// `from_bytes::version_input` and so on.
macro_rules! properties {
    ($($test:ident: $ty:ident = $component:literal as $view:ident;)*) => {
        mod roundtrip {
            use super::*;
            $(
                #[test]
                fn $test() {
                    let mode = Mode { view: View::$view, unknowns: true };
                    super::roundtrip::<types::$ty>(
                        concat!("roundtrip of ", stringify!($ty)), $component, mode,
                    );
                }
            )*
        }
        mod from_bytes {
            use super::*;
            $(
                #[test]
                fn $test() {
                    let mode = Mode { view: View::$view, unknowns: true };
                    super::from_bytes::<types::$ty>(
                        concat!("decoding ", stringify!($ty), " from bytes"), $component, mode,
                    );
                }
            )*
        }
        mod member_order {
            use super::*;
            $(
                #[test]
                fn $test() {
                    let mode = Mode { view: View::$view, unknowns: true };
                    super::member_order::<types::$ty>(
                        concat!("decoding ", stringify!($ty), " with members reordered"),
                        $component, mode,
                    );
                }
            )*
        }
        mod nothing_unrecognized {
            use super::*;
            $(
                #[test]
                fn $test() {
                    super::nothing_unrecognized::<types::$ty>(
                        concat!("inspecting a clean ", stringify!($ty)), $component, View::$view,
                    );
                }
            )*
        }
    };
}

properties! {
    // Responses of the seven operations.
    script_version_list_response: ScriptVersionListResponse = "ScriptVersionListResponse" as Response;
    script_version_detail_response: ScriptVersionDetailResponse = "ScriptVersionDetailResponse" as Response;
    script_version_upload_response: ScriptVersionUploadResponse = "ScriptVersionUploadResponse" as Response;
    worker_version_response: WorkerVersionResponse = "WorkerVersionResponse" as Response;
    worker_version_list_response: WorkerVersionListResponse = "WorkerVersionListResponse" as Response;
    api_success: ApiSuccess = "ApiSuccess" as Response;
    api_failure: ApiFailure = "ApiFailure" as Response;
    upload_failure: UploadFailure = "UploadFailure" as Response;
    // Request bodies.
    version_input: VersionInput = "Version" as Request;
    upload_metadata: UploadMetadata = "UploadMetadata" as Request;
}

// ----- the generator itself -----------------------------------------------

/// The generator makes what it promises, read off the schema: required
/// members always, unknown tags and enum values sometimes, `writeOnly`
/// members sometimes in responses, no `readOnly` member in a request.
#[test]
fn generated_documents_look_like_the_schema() {
    let names = |schema: &'static Value, keep: &dyn Fn(&'static Value) -> bool| -> Vec<String> {
        shape(schema)
            .properties
            .into_iter()
            .filter(|(_, p)| keep(p))
            .map(|(name, _)| name)
            .collect()
    };
    let envelope_required = shape(component("WorkerVersionResponse")).required;
    let version = component("Version");
    let version_required: Vec<String> = shape(version)
        .required
        .into_iter()
        .filter(|name| {
            let p = shape(version)
                .properties
                .into_iter()
                .find(|(n, _)| n == name);
            p.is_none_or(|(_, p)| !flag(p, "writeOnly"))
        })
        .collect();
    let read_only = names(version, &|p| flag(p, "readOnly"));
    let binding = component("Binding");
    let binding_tags = known_tags(binding, binding["oneOf"].as_array().unwrap(), "type");
    let usage_models: Vec<Value> = component("UsageModel")["enum"].as_array().unwrap().clone();
    let annotations_write_only = names(component("VersionAnnotations"), &|p| flag(p, "writeOnly"));
    assert!(!read_only.is_empty() && !annotations_write_only.is_empty());

    let response = documents(
        "WorkerVersionResponse",
        Mode {
            view: View::Response,
            unknowns: true,
        },
    );
    let request = documents(
        "Version",
        Mode {
            view: View::Request,
            unknowns: false,
        },
    );
    let mut runner = TestRunner::deterministic();
    let (mut known_tag, mut unknown_tag, mut unknown_enum, mut write_only) =
        (false, false, false, false);
    for _ in 0..100 {
        let doc = response.new_tree(&mut runner).unwrap().current();
        for member in &envelope_required {
            assert!(doc.get(member).is_some(), "`{member}` missing in {doc}");
        }
        for member in &version_required {
            assert!(
                doc["result"].get(member).is_some(),
                "`result.{member}` missing in {doc}"
            );
        }
        for binding in doc["result"]
            .get("bindings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let tag = binding["type"].as_str().unwrap_or_default();
            if binding_tags.contains(tag) {
                known_tag = true;
            } else {
                unknown_tag = true;
            }
        }
        if let Some(annotations) = doc["result"].get("annotations") {
            write_only |= annotations_write_only
                .iter()
                .any(|m| annotations.get(m).is_some());
        }
        if let Some(usage) = doc["result"].get("usage_model") {
            unknown_enum |= !usage_models.contains(usage);
        }

        let doc = request.new_tree(&mut runner).unwrap().current();
        for member in &read_only {
            assert!(
                doc.get(member).is_none(),
                "readOnly `{member}` in a request: {doc}"
            );
        }
    }
    assert!(known_tag, "no binding in 100 documents");
    assert!(unknown_tag, "no unknown binding tag in 100 documents");
    assert!(unknown_enum, "no unknown enum value in 100 documents");
    assert!(write_only, "no writeOnly member in 100 responses");
}

/// Numbers keep their exact value through text: encoding a document to
/// bytes, decoding the bytes and encoding again gives the same JSON.
///
/// `number` members keep their text ([`worker_versions::Number`]), and
/// `serde_json`'s `float_roundtrip` parser reads that text back into the
/// same `f64` here (its default parser can be one ulp off:
/// `7.505330170268414e242` would read back as `7.5053301702684145e242`).
#[test]
fn floats_survive_text() {
    let mode = Mode {
        view: View::Response,
        unknowns: true,
    };
    check(
        "numbers of ResultInfo through text",
        ROUNDTRIP_CASES,
        documents("ResultInfo", mode),
        pretty,
        |doc| {
            let bytes = serde_json::to_vec(&doc).map_err(|e| fail(e.to_string()))?;
            let decoded: types::ResultInfo = serde_json::from_slice(&bytes)
                .map_err(|e| fail(format!("decoding the bytes failed: {e}")))?;
            let again = serde_json::to_value(&decoded).map_err(|e| fail(e.to_string()))?;
            match first_difference(&doc, &again, "") {
                None => Ok(()),
                Some(at) => Err(fail(format!("read from text, written back: {at}"))),
            }
        },
    );
}

/// The smallest case of [`floats_survive_text`], without randomness.
#[test]
fn a_float_survives_text() {
    let body = r#"{"success":true,"errors":[],"messages":[],"result":[],
        "result_info":{"count":7.505330170268414e242}}"#;
    let decoded: types::WorkerVersionListResponse = serde_json::from_str(body).unwrap();
    let count = decoded.result_info.as_ref().and_then(|i| i.count.as_ref());
    assert_eq!(
        count.and_then(worker_versions::Number::as_f64),
        Some(7.505330170268414e242),
        "the float was not read exactly"
    );
    // Written back as it came, and into a `Value` (through serde_json's
    // float parser) as the same float.
    let text = serde_json::to_string(&decoded).unwrap();
    assert!(text.contains("7.505330170268414e242"), "{text}");
    let value = serde_json::to_value(&decoded).unwrap();
    assert_eq!(
        value["result_info"]["count"].as_f64(),
        Some(7.505330170268414e242)
    );
}

/// The response schemas of the published document, by operation: each
/// operation's `200` body and its `4XX` body. The legacy operations' `4XX`
/// bodies are an `allOf` of the success and the failure envelope, which no
/// JSON satisfies (`success` would be both `true` and `false`); the
/// failure envelope alone is drawn for those ([`failure_only`]).
fn published_responses() -> Vec<(&'static str, u16, &'static Value)> {
    let mut out = Vec::new();
    let paths = PUBLISHED["paths"].as_object().expect("paths");
    for item in paths.values() {
        for operation in item.as_object().expect("a path item").values() {
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses {
                let schema = &response["content"]["application/json"]["schema"];
                let (status, schema) = match status.as_str() {
                    "200" => (200, schema),
                    "4XX" => (400, failure_only(schema)),
                    other => panic!("{id}: a response for `{other}`"),
                };
                out.push((id, status, schema));
            }
        }
    }
    out
}

/// `schema` with every `allOf` that includes the failure envelope replaced
/// by the failure envelope alone.
fn failure_only(schema: &'static Value) -> &'static Value {
    const FAILURE: &str = "#/components/schemas/workers_api-response-common-failure";
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array)
        && let Some(failure) = parts
            .iter()
            .find(|p| p.get("$ref").and_then(Value::as_str) == Some(FAILURE))
    {
        return failure;
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            let mut rebuilt = schema.as_object().cloned().unwrap_or_default();
            let mapped = alternatives
                .iter()
                .map(|a| failure_only(a).clone())
                .collect();
            rebuilt.insert(key.to_owned(), Value::Array(mapped));
            return leak(Value::Object(rebuilt));
        }
    }
    schema
}

/// Property: responses drawn from Cloudflare's published document (not
/// from this crate's schema) decode through the operation's registry
/// entry, come back whole, and leave nothing unrecognized: the crate
/// accepts everything the published document describes.
#[test]
fn responses_the_published_document_describes_decode_whole() {
    let responses = published_responses();
    assert_eq!(responses.len(), 14, "seven operations, two bodies each");
    let mode = Mode {
        view: View::Response,
        unknowns: false,
    };
    for (id, status, schema) in responses {
        let operation = worker_versions::operations::find(id)
            .unwrap_or_else(|| panic!("the crate has no operation `{id}`"));
        check(
            &format!("{id} HTTP {status}, drawn from the published document"),
            OTHER_CASES,
            Gen { mode }.value(schema, MAX_DEPTH),
            pretty,
            |doc| {
                let bytes = serde_json::to_vec(&doc).map_err(|e| fail(e.to_string()))?;
                let decoded = operation
                    .decode(status, &bytes)
                    .map_err(|e| fail(format!("decoding failed: {e}")))?;
                let text = decoded.to_json_text();
                let again: Value = serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
                if let Some(at) = first_difference(&doc, &again, "") {
                    return Err(fail(format!("the round trip changed the body: {at}")));
                }
                let unrecognized = decoded.unrecognized();
                if !unrecognized.is_empty() {
                    return Err(fail(format!(
                        "reported as not understood: {unrecognized:?}"
                    )));
                }
                Ok(())
            },
        );
    }
}
