//! The JSON Schema that `schemars` produces for the generated types agrees
//! with the OpenAPI document they are generated from.
//!
//! Every component of `schema/openapi.json` that becomes a generated type
//! (an object, an `allOf`, a `oneOf` or a string enum; not an alias of a
//! primitive, an array or a map) is compared, component by component, with
//! the `schemars` definition of its Rust type:
//!
//! - the same member names and the same `required` set, except that a
//!   `writeOnly` member is never required in a response type and a
//!   `readOnly` member is absent from a request (`...Input`) type;
//! - each member's type agrees (`string`, `integer`, `number`, `boolean`,
//!   `array`, `object`, `null`), a `$ref` names the Rust type of the
//!   referenced component (in the same view), nullable reads as
//!   `anyOf [T, null]`, and inline shapes are compared where they are
//!   defined;
//! - enums list the same values (the Rust enum is open, so `schemars` shows
//!   `anyOf [{enum}, {type: string}]`);
//! - unions have the same alternatives, referring to the same types, and
//!   the same discriminator;
//! - constants are equal, and `additionalProperties: false` shows as
//!   `x-closed`.
//!
//! Which Rust type stands for which component is the list in
//! `generated_types!` below; `the_list_covers_every_generated_type` fails
//! when a component is added to the schema and not to the list.
//!
//! A component used on both sides of the API is compared in both views;
//! when the two read differently the generator makes a second, `...Input`,
//! type for requests, and the list names it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a panic with a message"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use schemars::{Schema, SchemaGenerator};
use serde_json::{Map, Value, json};
use worker_versions::types;

// ----- the OpenAPI side ----------------------------------------------------

static OPENAPI: LazyLock<Value> = LazyLock::new(|| {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/openapi.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
});

fn components() -> &'static Map<String, Value> {
    OPENAPI["components"]["schemas"]
        .as_object()
        .expect("components.schemas is an object")
}

fn component(name: &str) -> &'static Value {
    components()
        .get(name)
        .unwrap_or_else(|| panic!("no component `{name}` in the schema"))
}

/// The component an OpenAPI `$ref` names.
fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(|r| r.strip_prefix("#/components/schemas/").unwrap_or(r))
}

/// Follows `$ref`s.
fn resolve(mut schema: &'static Value) -> &'static Value {
    for _ in 0..64 {
        match ref_name(schema) {
            Some(name) => schema = component(name),
            None => return schema,
        }
    }
    panic!("a cycle of bare `$ref`s")
}

fn flag(schema: &'static Value, keyword: &str) -> bool {
    let is_set = |s: &Value| s.get(keyword).and_then(Value::as_bool) == Some(true);
    is_set(schema) || is_set(resolve(schema))
}

/// `type: [T, "null"]`, or a `oneOf`/`anyOf` of one schema and
/// `{type: null}`: the non-null part.
fn nullable_inner(schema: &'static Value) -> Option<Value> {
    if let Some(Value::Array(types)) = schema.get("type") {
        let rest: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        if rest.len() < types.len() {
            let mut inner = schema.as_object().cloned().unwrap_or_default();
            match rest.as_slice() {
                [one] => inner.insert("type".into(), (*one).clone()),
                _ => inner.insert(
                    "type".into(),
                    Value::Array(rest.into_iter().cloned().collect()),
                ),
            };
            return Some(Value::Object(inner));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alternatives)) = schema.get(key) {
            let is_null = |a: &Value| a.get("type") == Some(&json!("null"));
            if alternatives.len() == 2 && alternatives.iter().any(is_null) {
                return alternatives.iter().find(|a| !is_null(a)).cloned();
            }
        }
    }
    None
}

/// Whether a schema becomes a Rust type of its own: an object with
/// members (or closed), an `allOf`, a `oneOf`/`anyOf` (other than a
/// nullable wrapper) or a string enum. Aliases of primitives, arrays, maps
/// and free-form objects do not.
fn is_generated_type(schema: &'static Value) -> bool {
    let schema = resolve(schema);
    if nullable_inner(schema).is_some() {
        return false;
    }
    if schema.get("allOf").is_some()
        || schema.get("oneOf").is_some()
        || schema.get("anyOf").is_some()
    {
        return true;
    }
    if schema.get("enum").is_some() && schema.get("type") == Some(&json!("string")) {
        return true;
    }
    let has_members = schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
    has_members || closed
}

/// Which side of the API a type describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum View {
    /// Responses: `readOnly` members in, `writeOnly` ones optional.
    Output,
    /// Requests: `readOnly` members out.
    Input,
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            View::Output => "response view",
            View::Input => "request view",
        })
    }
}

/// The (component, view) pairs reachable from an operation: responses in
/// the response view; request bodies and parameters in the request view,
/// where `readOnly` members are not followed.
static USAGE: LazyLock<BTreeSet<(String, View)>> = LazyLock::new(|| {
    fn mark(schema: &'static Value, view: View, used: &mut BTreeSet<(String, View)>) {
        if let Some(name) = ref_name(schema) {
            if used.insert((name.to_owned(), view)) {
                mark(component(name), view, used);
            }
            return;
        }
        let Some(object) = schema.as_object() else {
            return;
        };
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for property in properties.values() {
                if view == View::Input && flag(property, "readOnly") {
                    continue;
                }
                mark(property, view, used);
            }
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = object.get(key) {
                mark(inner, view, used);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for member in object
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                mark(member, view, used);
            }
        }
    }
    let mut used = BTreeSet::new();
    for item in OPENAPI["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if ![
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .contains(&method.as_str())
            {
                continue;
            }
            for response in operation["responses"].as_object().into_iter().flatten() {
                for media in response.1["content"].as_object().into_iter().flatten() {
                    mark(&media.1["schema"], View::Output, &mut used);
                }
            }
            for media in operation["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                mark(&media.1["schema"], View::Input, &mut used);
            }
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                mark(&parameter["schema"], View::Input, &mut used);
            }
        }
    }
    used
});

/// The views a component is compared in: those it is used in, or the
/// response view for a component no operation uses.
fn views_of(name: &str) -> Vec<View> {
    let views: Vec<View> = [View::Output, View::Input]
        .into_iter()
        .filter(|&v| USAGE.contains(&(name.to_owned(), v)))
        .collect();
    if views.is_empty() {
        vec![View::Output]
    } else {
        views
    }
}

// ----- the Rust side -------------------------------------------------------

/// A Rust type and how to ask `schemars` for it.
struct RustType {
    name: &'static str,
    subschema: fn(&mut SchemaGenerator) -> Schema,
}

/// One line of the list: a component, its Rust type, and the separate
/// request type where the generator makes one.
struct Entry {
    component: &'static str,
    output: RustType,
    input: Option<RustType>,
}

impl Entry {
    fn rust_type(&self, view: View) -> &RustType {
        match (view, &self.input) {
            (View::Input, Some(input)) => input,
            _ => &self.output,
        }
    }
}

/// The list of components that become generated types, each with its
/// Rust type (named like the component) and, in parentheses, the request
/// type where there is one. Expands into `entries()` and into one test per
/// component, `agrees::<Component>`.
macro_rules! generated_types {
    ($($component:ident $(($input:ident))?),* $(,)?) => {
        fn entries() -> Vec<Entry> {
            vec![$(
                Entry {
                    component: stringify!($component),
                    output: RustType {
                        name: stringify!($component),
                        subschema: |g| g.subschema_for::<types::$component>(),
                    },
                    input: None $(.or(Some(RustType {
                        name: stringify!($input),
                        subschema: |g| g.subschema_for::<types::$input>(),
                    })))?,
                },
            )*]
        }

        /// One test per component.
        #[allow(non_snake_case, reason = "named after the component")]
        mod agrees {
            $(
                #[test]
                fn $component() {
                    super::check_component(stringify!($component));
                }
            )*
        }
    };
}

generated_types! {
    ApiMessage,
    ApiSuccess,
    DeleteVersionResponse,
    ApiFailure,
    ResultInfo,
    ExportsReconciliationFailure,
    UploadFailure,
    ScriptVersionListResponse,
    ScriptVersionDetailResponse,
    ScriptVersionUploadResponse,
    WorkerVersionResponse,
    WorkerVersionListResponse,
    VersionAnnotations(VersionAnnotationsInput),
    VersionSource,
    ScriptVersionMetadata,
    ScriptVersion,
    ScriptVersionDetail,
    ScriptVersionResources,
    ScriptInfo,
    NamedHandler,
    ScriptRuntime,
    UploadedScriptVersion,
    UploadMetadata,
    UsageModel,
    HtmlHandling,
    NotFoundHandling,
    RunWorkerFirst,
    AssetsConfig,
    Assets,
    Limits,
    Module,
    Container,
    PackageDependency,
    Version(VersionInput),
    CacheOptions,
    EntrypointCacheOptions,
    ExportStorage,
    ExportConfig(ExportConfigInput),
    WorkerExport,
    DurableObjectExport(DurableObjectExportInput),
    DurableObjectCreatedExport,
    DurableObjectDeletedExport,
    DurableObjectRenamedExport(DurableObjectRenamedExportInput),
    DurableObjectTransferredExport(DurableObjectTransferredExportInput),
    DurableObjectExpectingTransferExport,
    ExportsReconciliationScenario,
    ExportsReconciliationError,
    ExportsReconciliationWarning,
    ExportsReconciliationInfo,
    ExportsReconciliationRename,
    ExportsReconciliationTransfer,
    ExportsReconciliationTransferPending,
    ExportsReconciliation,
    MigrationTagConditions,
    MigrationStep,
    SingleStepMigrations,
    MultipleStepMigrations,
    Migrations,
    Placement,
    PlacementTarget,
    Binding(BindingInput),
    AiBinding,
    AiSearchBinding,
    AiSearchNamespaceBinding,
    MessagingBinding,
    AnalyticsEngineBinding,
    AssetsBinding,
    BrowserBinding,
    D1Binding,
    DataBlobBinding,
    DispatchNamespaceBinding,
    DurableObjectNamespaceBinding,
    HyperdriveBinding,
    InheritBinding,
    ImagesBinding,
    JsonBinding,
    KvNamespaceBinding,
    MediaBinding,
    MtlsCertificateBinding,
    PlainTextBinding,
    PipelinesBinding,
    QueueBinding,
    RatelimitBinding,
    R2BucketBinding,
    SecretTextBinding(SecretTextBindingInput),
    SendEmailBinding,
    ServiceBinding,
    TextBlobBinding,
    VectorizeBinding,
    VersionMetadataBinding,
    SecretsStoreSecretBinding,
    FlagshipBinding,
    SecretKeyBinding,
    WorkflowBinding,
    WasmModuleBinding,
    VpcServiceBinding,
    VpcNetworkBinding,
    LogfwdrBinding,
    AgentMemoryBinding,
    StreamBinding,
    WebsearchBinding,
    ArtifactsBinding,
    WorkerLoaderBinding,
    UnsafeHelloWorldBinding,
    R2Jurisdiction,
    SecretKeyFormat,
    SecretKeyUsage,
}

/// The `schemars` side: every listed type registered with one generator.
struct RustSchemas {
    entries: Vec<Entry>,
    /// What `subschema_for` returned, by Rust type name.
    references: BTreeMap<&'static str, Value>,
    /// `$defs`.
    definitions: Map<String, Value>,
}

impl RustSchemas {
    fn new() -> Self {
        let entries = entries();
        let mut generator = SchemaGenerator::default();
        let mut references = BTreeMap::new();
        for entry in &entries {
            for rust in std::iter::once(&entry.output).chain(&entry.input) {
                references.insert(rust.name, (rust.subschema)(&mut generator).to_value());
            }
        }
        let definitions = generator.definitions().clone();
        RustSchemas {
            entries,
            references,
            definitions,
        }
    }

    fn entry(&self, component: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.component == component)
    }
}

/// The definition name a `schemars` `$ref` points at.
fn def_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(|r| r.strip_prefix("#/$defs/").unwrap_or(r))
}

// ----- comparing -----------------------------------------------------------

struct Comparison<'a> {
    rust: &'a RustSchemas,
    /// Inline shapes already compared, by definition name and view.
    seen: BTreeSet<(String, View)>,
    problems: Vec<String>,
}

impl Comparison<'_> {
    fn problem(&mut self, at: &str, message: impl fmt::Display) {
        self.problems.push(format!("{at}: {message}"));
    }

    /// The Rust type name expected for a reference to `component`.
    fn type_for(&self, component: &str, view: View) -> Option<&'static str> {
        self.rust.entry(component).map(|e| e.rust_type(view).name)
    }

    fn definition(&mut self, at: &str, name: &str) -> Option<&Value> {
        let found = self.rust.definitions.get(name);
        if found.is_none() {
            self.problems.push(format!(
                "{at}: `$ref` to `{name}`, which is not among the definitions"
            ));
        }
        found
    }

    /// A value in place: a member, an item, an alternative.
    fn value(&mut self, at: &str, openapi: &'static Value, rust: &Value, view: View) {
        if let Some(name) = ref_name(openapi) {
            let target = component(name);
            if !is_generated_type(target) {
                // An alias: the Rust side has the aliased schema in place.
                self.value(at, target, rust, view);
                return;
            }
            let Some(expected) = self.type_for(name, view) else {
                self.problem(at, format!("`{name}` is not in `generated_types!`"));
                return;
            };
            match def_name(rust) {
                Some(got) if got == expected => {}
                Some(got) => self.problem(
                    at,
                    format!("refers to `{got}`, but `{name}` is the Rust type `{expected}` in the {view}"),
                ),
                None => self.problem(
                    at,
                    format!("expected a `$ref` to `{expected}` (component `{name}`), got {rust}"),
                ),
            }
            return;
        }
        if let Some(inner) = nullable_inner(openapi) {
            let inner: &'static Value = Box::leak(Box::new(inner));
            let alternatives = nullable_alternatives(rust);
            match alternatives {
                Some(other) => self.value(&format!("{at} (non-null)"), inner, &other, view),
                None => self.problem(
                    at,
                    format!("nullable in the schema, but not `anyOf [T, null]`: {rust}"),
                ),
            }
            return;
        }
        if is_generated_type(openapi) {
            // An inline shape that becomes a type of its own.
            match def_name(rust) {
                Some(name) => {
                    if let Some(title) = openapi.get("title").and_then(Value::as_str)
                        && title != name
                    {
                        self.problem(
                            at,
                            format!("the inline schema titled `{title}` is the Rust type `{name}`"),
                        );
                    }
                    if !self.seen.insert((name.to_owned(), view)) {
                        return;
                    }
                    if let Some(definition) = self.definition(at, name).cloned() {
                        self.shape(&format!("{at} ~ {name}"), openapi, &definition, view);
                    }
                }
                None => self.shape(at, openapi, rust, view),
            }
            return;
        }
        if let Some(constant) = openapi.get("const") {
            match rust.get("const") {
                Some(got) if got == constant => {}
                Some(got) => self.problem(at, format!("const {got}, the schema says {constant}")),
                None => self.problem(
                    at,
                    format!(
                        "the schema fixes the value to {constant}, the Rust schema does not: {rust}"
                    ),
                ),
            }
            self.type_keyword(at, openapi, rust, true);
            return;
        }
        let Some(object) = openapi.as_object() else {
            // `true`: anything.
            self.anything(at, rust);
            return;
        };
        match object.get("type").and_then(Value::as_str) {
            None if object.is_empty() || only_annotations(object) => self.anything(at, rust),
            None => self.problem(
                at,
                format!("a schema this test does not understand: {openapi}"),
            ),
            Some("array") => {
                self.type_keyword(at, openapi, rust, false);
                let items = object.get("items").unwrap_or(&Value::Bool(true));
                match rust.get("items") {
                    Some(got) => self.value(&format!("{at}[]"), items, &got.clone(), view),
                    None => self.problem(at, format!("an array without `items`: {rust}")),
                }
            }
            Some("object") => {
                self.type_keyword(at, openapi, rust, false);
                match object.get("additionalProperties") {
                    Some(values) if values.is_object() => match rust.get("additionalProperties") {
                        Some(got) => self.value(&format!("{at}{{}}"), values, &got.clone(), view),
                        None => self.problem(at, format!("a map without `additionalProperties`: {rust}")),
                    },
                    // A free-form object.
                    _ => match rust.get("additionalProperties") {
                        None | Some(Value::Bool(true)) => {}
                        Some(other) => self.problem(
                            at,
                            format!("a free-form object, but the Rust schema limits its members to {other}"),
                        ),
                    },
                }
            }
            Some(_) => self.type_keyword(at, openapi, rust, false),
        }
    }

    /// `type` agrees. With `constant`, a missing `type` is fine (the
    /// constant says it).
    fn type_keyword(&mut self, at: &str, openapi: &Value, rust: &Value, constant: bool) {
        let expected = openapi.get("type").and_then(Value::as_str);
        let got = rust.get("type").and_then(Value::as_str);
        match (expected, got) {
            (Some(e), Some(g)) if e == g => {}
            (Some(_) | None, None) if constant => {
                let value_type = openapi.get("const").map(json_type);
                if let (Some(e), Some(v)) = (expected, value_type)
                    && e != v
                {
                    self.problem(at, format!("type `{e}`, but the constant is a {v}"));
                }
            }
            (None, _) => {}
            (Some(e), g) => self.problem(
                at,
                format!(
                    "type `{e}` in the schema, {} in the Rust schema ({rust})",
                    g.map_or("none".to_owned(), |g| format!("`{g}`"))
                ),
            ),
        }
    }

    fn anything(&mut self, at: &str, rust: &Value) {
        let accepts_anything = *rust == Value::Bool(true)
            || rust
                .as_object()
                .is_some_and(|o| o.keys().all(|k| is_annotation(k)));
        if !accepts_anything {
            self.problem(
                at,
                format!("any value in the schema, {rust} in the Rust schema"),
            );
        }
    }

    /// A schema that is a type of its own, against its definition.
    fn shape(&mut self, at: &str, openapi: &'static Value, rust: &Value, view: View) {
        let openapi = resolve(openapi);
        if let Some(alternatives) = openapi
            .get("oneOf")
            .or_else(|| openapi.get("anyOf"))
            .and_then(Value::as_array)
        {
            self.union(at, openapi, alternatives, rust, view);
        } else if let Some(values) = openapi.get("enum").and_then(Value::as_array) {
            self.enumeration(at, values, rust);
        } else {
            self.object(at, openapi, rust, view);
        }
    }

    fn enumeration(&mut self, at: &str, values: &[Value], rust: &Value) {
        let open = rust.get("anyOf").and_then(Value::as_array);
        let listed = match open.map(Vec::as_slice) {
            Some([listed, rest]) => {
                if *rest != json!({"type": "string"}) {
                    self.problem(
                        at,
                        format!("an open enum should accept any string, got {rest}"),
                    );
                }
                listed
            }
            _ => {
                self.problem(
                    at,
                    format!(
                        "expected `anyOf [{{enum}}, {{type: string}}]` for an open enum, got {rust}"
                    ),
                );
                rust
            }
        };
        if listed.get("type") != Some(&json!("string")) {
            self.problem(at, format!("enum values should be strings: {listed}"));
        }
        match listed.get("enum").and_then(Value::as_array) {
            Some(got) if got.as_slice() == values => {}
            Some(got) => {
                let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                let expected: BTreeSet<String> = values.iter().map(text).collect();
                let got_set: BTreeSet<String> = got.iter().map(text).collect();
                let missing: Vec<&String> = expected.difference(&got_set).collect();
                let extra: Vec<&String> = got_set.difference(&expected).collect();
                if missing.is_empty() && extra.is_empty() {
                    self.problem(at, "the enum values are in another order");
                } else {
                    self.problem(
                        at,
                        format!("enum values differ: missing {missing:?}, extra {extra:?}"),
                    );
                }
            }
            None => self.problem(at, format!("no `enum` in {listed}")),
        }
    }

    fn union(
        &mut self,
        at: &str,
        openapi: &'static Value,
        alternatives: &'static [Value],
        rust: &Value,
        view: View,
    ) {
        let tag = openapi
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str);
        let (listed, catch_all) = match (rust.get("oneOf"), rust.get("anyOf")) {
            (Some(Value::Array(list)), None) => (list.clone(), None),
            (None, Some(Value::Array(list))) => {
                // An open union ends with what keeps the objects that fit
                // no alternative: `{type: object}`, with the tag required
                // when the union is tagged.
                let mut list = list.clone();
                let is_catch_all = |last: &Value| {
                    last.get("type") == Some(&json!("object"))
                        && last.get("$ref").is_none()
                        && last.get("properties").is_none()
                };
                let last = if list.last().is_some_and(is_catch_all) {
                    list.pop()
                } else {
                    None
                };
                (list, last)
            }
            _ => {
                self.problem(
                    at,
                    format!("a union in the schema, but neither `oneOf` nor `anyOf` in {rust}"),
                );
                return;
            }
        };
        if listed.len() != alternatives.len() {
            self.problem(
                at,
                format!(
                    "{} alternatives in the schema, {} in the Rust schema",
                    alternatives.len(),
                    listed.len()
                ),
            );
            return;
        }
        for (i, (alternative, got)) in alternatives.iter().zip(&listed).enumerate() {
            let label = ref_name(alternative)
                .or_else(|| alternative.get("title").and_then(Value::as_str))
                .map_or_else(|| format!("#{i}"), str::to_owned);
            self.value(&format!("{at} | {label}"), alternative, got, view);
        }
        match (tag, rust.get("x-discriminator")) {
            (Some(tag), Some(got)) if got == tag => {
                let expected = json!({"type": "object", "required": [tag]});
                if catch_all.as_ref() != Some(&expected) {
                    self.problem(at, format!("a tagged union keeps unknown tags, so expected {expected} last, got {catch_all:?}"));
                }
                self.mapping(at, openapi, alternatives);
            }
            (Some(tag), got) => self.problem(
                at,
                format!("discriminator `{tag}` in the schema, {got:?} in the Rust schema"),
            ),
            (None, Some(got)) => self.problem(
                at,
                format!(
                    "no discriminator in the schema, `x-discriminator: {got}` in the Rust schema"
                ),
            ),
            (None, None) => {
                if let Some(last) = catch_all
                    && last != json!({"type": "object"})
                {
                    self.problem(at, format!("unexpected last alternative {last}"));
                }
            }
        }
    }

    /// The discriminator's mapping names the union's own alternatives.
    fn mapping(&mut self, at: &str, openapi: &Value, alternatives: &[Value]) {
        let referenced: BTreeSet<&str> = alternatives.iter().filter_map(ref_name).collect();
        let mapping = openapi["discriminator"]["mapping"].as_object();
        for (tag, target) in mapping.into_iter().flatten() {
            let name = target
                .as_str()
                .and_then(|t| t.strip_prefix("#/components/schemas/"));
            if name.is_none_or(|n| !referenced.contains(n)) {
                self.problem(
                    at,
                    format!("the mapping sends `{tag}` to {target}, which is not an alternative"),
                );
            }
        }
    }

    fn object(&mut self, at: &str, openapi: &'static Value, rust: &Value, view: View) {
        let shape = shape(openapi);
        if rust.get("type") != Some(&json!("object")) {
            self.problem(
                at,
                format!(
                    "an object in the schema, `type` {:?} in the Rust schema",
                    rust.get("type")
                ),
            );
        }
        let empty = Map::new();
        let got_properties = rust
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let got_required: BTreeSet<String> = rust
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();

        let mut expected: BTreeMap<&str, &'static Value> = BTreeMap::new();
        let mut required = BTreeSet::new();
        for (name, schema) in &shape.properties {
            if view == View::Input && flag(schema, "readOnly") {
                continue;
            }
            if expected.insert(name.as_str(), schema).is_some() {
                self.problem(
                    at,
                    format!("`{name}` is declared twice in the merged `allOf`"),
                );
            }
            if shape.required.contains(name) && !(view == View::Output && flag(schema, "writeOnly"))
            {
                required.insert(name.clone());
            }
        }
        let expected_names: BTreeSet<&str> = expected.keys().copied().collect();
        let got_names: BTreeSet<&str> = got_properties.keys().map(String::as_str).collect();
        for missing in expected_names.difference(&got_names) {
            self.problem(
                at,
                format!("member `{missing}` is missing from the Rust schema"),
            );
        }
        for extra in got_names.difference(&expected_names) {
            self.problem(
                at,
                format!(
                    "member `{extra}` is in the Rust schema but not in the {view} of the schema"
                ),
            );
        }
        if required != got_required {
            let missing: Vec<&String> = required.difference(&got_required).collect();
            let extra: Vec<&String> = got_required.difference(&required).collect();
            self.problem(at, format!("required members differ: not required in Rust {missing:?}, required only in Rust {extra:?}"));
        }
        let closed = shape.closed;
        let got_closed = rust.get("x-closed") == Some(&Value::Bool(true));
        if closed != got_closed {
            self.problem(at, format!("`additionalProperties: false` is {closed} in the schema, `x-closed` is {got_closed}"));
        }
        for (name, schema) in expected {
            if let Some(got) = got_properties.get(name) {
                self.value(&format!("{at}.{name}"), schema, &got.clone(), view);
            }
        }
    }
}

/// `anyOf [T, {type: null}]` (or `type: [T, "null"]`): `T`.
fn nullable_alternatives(rust: &Value) -> Option<Value> {
    if let Some(Value::Array(alternatives)) = rust.get("anyOf") {
        let null = json!({"type": "null"});
        if alternatives.len() == 2 && alternatives.contains(&null) {
            return alternatives.iter().find(|a| **a != null).cloned();
        }
    }
    if let Some(Value::Array(types)) = rust.get("type") {
        let rest: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        if rest.len() == 1 && types.len() == 2 {
            let mut inner = rust.as_object().cloned().unwrap_or_default();
            inner.insert("type".into(), rest[0].clone());
            return Some(Value::Object(inner));
        }
    }
    None
}

fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "description"
            | "title"
            | "examples"
            | "example"
            | "default"
            | "deprecated"
            | "readOnly"
            | "writeOnly"
            | "format"
    ) || keyword.starts_with("x-")
}

fn only_annotations(object: &Map<String, Value>) -> bool {
    object.keys().all(|k| is_annotation(k))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// An object's members with `allOf` parts merged.
struct Shape {
    properties: Vec<(String, &'static Value)>,
    required: BTreeSet<String>,
    closed: bool,
}

fn shape(schema: &'static Value) -> Shape {
    fn gather(schema: &'static Value, out: &mut Shape) {
        let schema = resolve(schema);
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            gather(part, out);
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            out.properties
                .extend(properties.iter().map(|(k, v)| (k.clone(), v)));
        }
        out.required.extend(
            schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
    let mut out = Shape {
        properties: Vec::new(),
        required: BTreeSet::new(),
        // An `allOf` merges members of several schemas; only a plain object
        // says whether others are allowed.
        closed: schema.get("allOf").is_none()
            && schema.get("additionalProperties") == Some(&Value::Bool(false)),
    };
    gather(schema, &mut out);
    out
}

// ----- the tests -----------------------------------------------------------

static RUST: LazyLock<RustSchemas> = LazyLock::new(RustSchemas::new);

/// Compares one component with its Rust type(s), in each view it is used
/// in, and panics with every disagreement found.
fn check_component(name: &str) {
    let rust = &*RUST;
    let entry = rust
        .entry(name)
        .unwrap_or_else(|| panic!("`{name}` is not in `generated_types!`"));
    let openapi = component(name);
    let views = views_of(name);
    let mut comparison = Comparison {
        rust,
        seen: BTreeSet::new(),
        problems: Vec::new(),
    };
    if let Some(input) = &entry.input
        && views != [View::Output, View::Input]
    {
        comparison.problem(
            name,
            format!(
                "listed with a request type `{}`, but the component is used in {views:?} only",
                input.name
            ),
        );
    }
    for view in views {
        let rust_type = entry.rust_type(view);
        let at = format!("{name} ({view}) ~ {}", rust_type.name);
        let reference = &rust.references[rust_type.name];
        match def_name(reference) {
            Some(def) if def == rust_type.name => {
                let definition = rust.definitions[def].clone();
                comparison.shape(&at, openapi, &definition, view);
            }
            _ => comparison.problem(
                &at,
                format!(
                    "`subschema_for` gives {reference}, not a `$ref` to a definition named `{}`",
                    rust_type.name
                ),
            ),
        }
    }
    assert!(
        comparison.problems.is_empty(),
        "the Rust schema disagrees with the OpenAPI component `{name}`:\n  - {}",
        comparison.problems.join("\n  - ")
    );
}

/// Every component that becomes a generated type is in the list, and the
/// list names nothing else.
#[test]
fn the_list_covers_every_generated_type() {
    let generated: BTreeSet<&str> = components()
        .iter()
        .filter(|(_, schema)| is_generated_type(schema))
        .map(|(name, _)| name.as_str())
        .collect();
    let listed: BTreeSet<&str> = entries().iter().map(|e| e.component).collect();
    let missing: Vec<&&str> = generated.difference(&listed).collect();
    let extra: Vec<&&str> = listed.difference(&generated).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "`generated_types!` is out of date: add {missing:?}, remove {extra:?}"
    );
    let names: Vec<&str> = entries().iter().map(|e| e.component).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(names.len(), unique.len(), "a component is listed twice");
}

/// The usage analysis sees what the operations use: the seven responses,
/// the two request bodies, and the split types only where both sides use a
/// component.
#[test]
fn usage_is_worked_out_from_the_operations() {
    for response in [
        "ScriptVersionListResponse",
        "ScriptVersionDetailResponse",
        "ScriptVersionUploadResponse",
        "WorkerVersionResponse",
        "WorkerVersionListResponse",
        "DeleteVersionResponse",
        "ApiFailure",
        "UploadFailure",
    ] {
        assert_eq!(views_of(response), [View::Output], "{response}");
    }
    assert_eq!(views_of("Version"), [View::Output, View::Input]);
    assert_eq!(views_of("UploadMetadata"), [View::Input]);
    // Only reached through `readOnly` members of a request body.
    assert_eq!(views_of("ExportsReconciliation"), [View::Output]);
}

/// The comparison itself notices disagreements (so that a green run means
/// something).
#[test]
fn the_comparison_notices_disagreements() {
    let rust = &*RUST;
    let mut comparison = Comparison {
        rust,
        seen: BTreeSet::new(),
        problems: Vec::new(),
    };
    let ai = rust.definitions["AiBinding"].clone();
    // Another component's schema against `AiBinding`.
    comparison.shape("probe", component("HyperdriveBinding"), &ai, View::Output);
    assert!(
        comparison
            .problems
            .iter()
            .any(|p| p.contains("member `id` is missing")),
        "{:?}",
        comparison.problems
    );
    assert!(
        comparison.problems.iter().any(|p| p.contains("const")),
        "{:?}",
        comparison.problems
    );
    // An enum with a value the Rust enum lacks.
    comparison.problems.clear();
    let values = [
        json!("standard"),
        json!("bundled"),
        json!("unbound"),
        json!("extra"),
    ];
    comparison.enumeration("probe", &values, &rust.definitions["UsageModel"].clone());
    assert!(
        comparison
            .problems
            .iter()
            .any(|p| p.contains("missing [\"extra\"]")),
        "{:?}",
        comparison.problems
    );
    // A union against a type with other alternatives.
    comparison.problems.clear();
    comparison.shape(
        "probe",
        component("Binding"),
        &rust.definitions["ExportConfig"].clone(),
        View::Output,
    );
    assert!(!comparison.problems.is_empty());
    // The request type of a component in the response view.
    comparison.problems.clear();
    comparison.shape(
        "probe",
        component("Version"),
        &rust.definitions["VersionInput"].clone(),
        View::Output,
    );
    assert!(
        comparison
            .problems
            .iter()
            .any(|p| p.contains("member `id` is missing")),
        "{:?}",
        comparison.problems
    );
}
