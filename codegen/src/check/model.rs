//! The checked model: the subset of OpenAPI 3.1 the generator understands,
//! as plain Rust data.
//!
//! Everything in here has passed [`super::check`]: references resolve,
//! keywords are known, unions carry their tags. Each node keeps the JSON
//! pointer it came from so that later stages can still point at the schema
//! when they find a problem.

use serde_json::Value;

/// A whole checked document.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `info.title`.
    pub title: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// `servers[*].url`, in order.
    pub servers: Vec<String>,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// `components.schemas`, in document order.
    pub components: Vec<Component>,
}

impl Spec {
    /// The component called `name`.
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
    }
}

/// A named schema under `components.schemas`.
#[derive(Debug, Clone)]
pub struct Component {
    /// The key under `components.schemas`.
    pub name: String,
    /// Its schema.
    pub schema: Schema,
}

/// A response: its status key (`4XX`…) and the component that describes
/// its body.
pub type Response = (String, String);

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text sent as it is written (`/accounts/`).
    Literal(String),
    /// `{name}`: a path parameter, encoded as one segment.
    Parameter(String),
}

/// One HTTP operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/accounts/{account_id}/...`.
    pub path: String,
    /// The path template, parsed: literal text and `{parameter}`s.
    pub template: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Path and query parameters, in document order.
    pub parameters: Vec<Parameter>,
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// The status key of the success response (`200`, `2XX`…).
    pub success_status: String,
    /// The component that describes the success body.
    pub success: String,
    /// The status key of the failure response (`4XX`…) and the component
    /// that describes its body; `None` when the operation declares no
    /// failure response (its failures are still read as the API's error).
    pub failure: Option<Response>,
    /// `x-pagination`: how to ask for the next page.
    pub pagination: Option<Pagination>,
    /// Where the operation is defined.
    pub pointer: String,
}

/// `x-pagination` on a list operation: where the response says how many
/// items and pages there are. The request must have `page` and `per_page`
/// query parameters.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// JSON pointer, in the success body, to the array of items.
    pub items: String,
    /// JSON pointer, in the success body, to the total number of pages.
    pub total_pages: Option<String>,
    /// A boolean query parameter that, when true, makes the API return
    /// everything at once and ignore `page`.
    pub disabled_by: Option<String>,
    /// Where it is declared.
    pub pointer: String,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path template.
    Path,
    /// A member of the query string.
    Query,
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Its name on the wire.
    pub name: String,
    /// Path or query.
    pub location: Location,
    /// Whether the caller must give it.
    pub required: bool,
    /// `description` (falls back to the schema's).
    pub description: Option<String>,
    /// Its value's schema (a primitive or a string enum).
    pub schema: Schema,
    /// Where the parameter is defined.
    pub pointer: String,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// `application/json`, described by a component.
    Json {
        /// The component.
        schema: Box<Schema>,
        /// `requestBody.description`.
        description: Option<String>,
    },
    /// `multipart/form-data`: named parts.
    Multipart {
        /// The parts, as the properties of the form object.
        parts: Vec<Property>,
        /// `encoding.<part>.contentType`, where given.
        content_types: Vec<(String, String)>,
        /// File parts marked `x-each-file-as-part`: each file is a part of
        /// its own, named by its file name, rather than one more part under
        /// the property's name.
        each_file_as_part: Vec<String>,
        /// `requestBody.description`.
        description: Option<String>,
    },
}

/// A schema node with its annotations.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Where the node is in the document.
    pub pointer: String,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `default`.
    pub default: Option<Value>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `x-sensitive`: secret material, never printed.
    pub sensitive: bool,
    /// `x-whole-number`: a `type: number` member the API fills with whole
    /// numbers (a version number), kept exactly but readable as an integer.
    pub whole_number: bool,
    /// `x-rust-name`: the Rust field name for a property.
    pub rust_name: Option<String>,
    /// For an untitled alternative of a union, a name made from its shape
    /// (`TargetedRegion`); the union's name goes in front of it for the
    /// type's name.
    pub shape_name: Option<String>,
    /// What the node describes.
    pub kind: Kind,
}

/// What a schema node describes.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `{}`: any JSON value.
    Any,
    /// `$ref` to `#/components/schemas/<name>`.
    Ref(String),
    /// `type: null`.
    Null,
    /// `type: boolean`.
    Boolean,
    /// `type: integer`.
    Integer,
    /// `type: number`.
    Number,
    /// `type: string`.
    String,
    /// `type: string` with `enum`.
    Enum {
        /// The values, in order.
        values: Vec<String>,
        /// `x-enum-varnames`, if given.
        names: Option<Vec<String>>,
    },
    /// `const` (only on required properties).
    Const(Const),
    /// `type: array`.
    Array(Box<Schema>),
    /// `type: object` with `properties` (or with nothing: a free-form object).
    Object(Object),
    /// `type: object` with only `additionalProperties: <schema>`.
    Map(Box<Schema>),
    /// `oneOf`.
    OneOf {
        /// The alternatives, in order.
        members: Vec<Schema>,
        /// `discriminator`, if given.
        discriminator: Option<Discriminator>,
    },
    /// `allOf`: object members merged into one.
    AllOf(Vec<Schema>),
    /// `type: [T, "null"]`.
    Nullable(Box<Schema>),
}

impl Kind {
    /// Whether a value of this kind gets a generated type of its own (a
    /// struct, a union or an enum) rather than a plain Rust type: the rule
    /// for what may be a response or request body, and for what the IR
    /// names. `$ref`s must be resolved first.
    pub fn has_own_type(&self) -> bool {
        match self {
            Kind::Object(object) => !object.properties.is_empty() || object.closed,
            Kind::AllOf(_) | Kind::OneOf { .. } | Kind::Enum { .. } => true,
            _ => false,
        }
    }
}

/// A fixed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Const {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
}

/// An object with declared members.
#[derive(Debug, Clone)]
pub struct Object {
    /// The members, in document order.
    pub properties: Vec<Property>,
    /// `additionalProperties: false`.
    pub closed: bool,
    /// Members listed in `required` but declared by another part of the
    /// `allOf` this object is part of.
    pub required_elsewhere: Vec<String>,
}

/// A member of an object.
#[derive(Debug, Clone)]
pub struct Property {
    /// Its name on the wire.
    pub name: String,
    /// Whether it is listed in `required`.
    pub required: bool,
    /// Its schema.
    pub schema: Schema,
}

/// `discriminator` of a `oneOf`.
#[derive(Debug, Clone)]
pub struct Discriminator {
    /// `propertyName`.
    pub property: String,
    /// `mapping`: tag value → component name, in document order.
    pub mapping: Vec<(String, String)>,
}
