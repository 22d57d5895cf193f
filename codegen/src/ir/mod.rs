//! Stage 3 — the intermediate representation: the Rust types and
//! operations to emit, named and laid out, with no syntax yet.
//!
//! [`TypeSpace`] is what the emitter walks. Everything that needs a
//! decision — names, which members a request may send, how a union picks
//! its alternative — is decided here, so that `emit` only prints.

mod convert;
mod docs;
mod lower;
pub mod names;
mod operations;
mod shared;

use crate::check::model::Spec;
use crate::diagnostic::Sink;

pub use names::Ident;

/// Lowers a checked document. Problems go to `sink`; `None` when there
/// were any (each step runs only on a sound result of the one before).
pub fn lower(spec: &Spec, sink: &mut Sink) -> Option<Ir> {
    let before = sink.len();
    let mut types = lower::lower(spec, sink);
    if sink.len() != before {
        return None;
    }
    shared::find(&mut types);
    let conversions = convert::find(&types, sink);
    if sink.len() != before {
        return None;
    }
    let operations = operations::lower(spec, &types, sink);
    if sink.len() != before {
        return None;
    }
    Some(Ir {
        title: spec.title.clone(),
        version: spec.version.clone(),
        servers: spec.servers.clone(),
        types,
        conversions,
        operations,
    })
}

/// The whole intermediate representation.
#[derive(Debug, Clone)]
pub struct Ir {
    /// The API's title.
    pub title: String,
    /// The API's version.
    pub version: String,
    /// Base URLs.
    pub servers: Vec<String>,
    /// The types.
    pub types: TypeSpace,
    /// `From` conversions from response types to their request twins.
    pub conversions: Vec<Conversion>,
    /// The operations.
    pub operations: Vec<OperationDef>,
}

/// A fixed value a member must hold (a union's tag, the envelope's
/// `success`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Const {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
}

impl From<&crate::check::model::Const> for Const {
    fn from(value: &crate::check::model::Const) -> Self {
        match value {
            crate::check::model::Const::String(s) => Const::String(s.clone()),
            crate::check::model::Const::Bool(b) => Const::Bool(*b),
        }
    }
}

/// Every generated type, in a stable order: components in document order,
/// each followed by the inline shapes found inside it.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    /// The types.
    pub types: Vec<TypeDef>,
}

impl TypeSpace {
    /// The type called `name`.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name.name == name)
    }
}

/// Which side of the API a type describes.
///
/// A schema with `readOnly` or required `writeOnly` members reads
/// differently in a request than in a response; such a schema becomes two
/// types, the request one named with an `Input` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// What the API returns: read-only members included, write-only ones
    /// optional.
    Output,
    /// What a client sends: read-only members left out.
    Input,
}

/// One generated type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name.
    pub name: Ident,
    /// Documentation, as Markdown paragraphs.
    pub docs: Vec<String>,
    /// The schema node it comes from.
    pub pointer: String,
    /// Request or response side (both when the two read the same).
    pub views: Vec<View>,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a generated type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A JSON object with declared members.
    Struct(Struct),
    /// A string enum, open to unknown values.
    Enum(Enum),
    /// A choice between alternatives.
    Union(Union),
}

/// A JSON object with declared members; unknown members are kept too.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Members in schema order.
    pub members: Vec<Member>,
    /// The schema says `additionalProperties: false`. Unknown members are
    /// still kept on decode (the API may add some), but documented.
    pub closed: bool,
    /// Whether it derives `Default`: only when no member is required.
    pub default: bool,
}

impl Struct {
    /// The fields (members that are not fixed tags).
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.members.iter().filter_map(|m| match m {
            Member::Field(f) => Some(f),
            Member::Const(_) => None,
        })
    }
}

/// A member of an object.
#[derive(Debug, Clone)]
pub enum Member {
    /// A member with a value of its own.
    Field(Field),
    /// A required member whose value is fixed (a tag such as `"type": "ai"`).
    /// It has no field: it is checked on decode and written on encode.
    Const(ConstMember),
}

/// A member with a value.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire.
    pub json_name: String,
    /// Rust field name.
    pub rust_name: Ident,
    /// Documentation.
    pub docs: Vec<String>,
    /// The value's type (without the `Option` that optionality adds).
    pub ty: TypeRef,
    /// A string of base64-encoded bytes (`format: byte`): the struct gets
    /// an accessor that decodes it and, if it is required, a constructor
    /// that encodes it.
    pub base64: bool,
    /// A JSON number the API fills with whole numbers (`x-whole-number`):
    /// kept as it came, with an accessor that reads it as an `i64`.
    pub whole_number: bool,
    /// Whether it must be present.
    pub required: bool,
    /// Secret material: redacted from `Debug`.
    pub sensitive: bool,
    /// Where the member is declared.
    pub pointer: String,
}

/// A required member with a fixed value.
#[derive(Debug, Clone)]
pub struct ConstMember {
    /// Name on the wire.
    pub json_name: String,
    /// The fixed value.
    pub value: Const,
}

/// A reference to a type from a field, an item or a variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    Object,
    /// Always `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A whole number (`i64`).
    Integer,
    /// Any JSON number, kept exactly as it came (integer or float).
    Number,
    /// A string.
    String,
    /// A generated type.
    Named(String),
    /// A JSON array.
    Vec(Box<TypeRef>),
    /// A JSON object used as a map from names to values.
    Map(Box<TypeRef>),
    /// The value or `null`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// Whether values of this type can hold unknown members, enum values
    /// or variants, so that a walk for them must look inside.
    pub fn contains_named(&self) -> bool {
        match self {
            TypeRef::Named(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.contains_named()
            }
            _ => false,
        }
    }
}

/// A string enum. Values outside the list decode into an `Other` variant
/// that keeps the text.
#[derive(Debug, Clone)]
pub struct Enum {
    /// The known values.
    pub variants: Vec<EnumVariant>,
}

/// One known value of an enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The value on the wire.
    pub value: String,
    /// The Rust variant name.
    pub name: Ident,
}

/// A choice between alternatives.
#[derive(Debug, Clone)]
pub struct Union {
    /// The alternatives, with what each strategy needs to tell them apart
    /// and nothing else.
    pub alternatives: Alternatives,
    /// String members every alternative has, each read by an accessor of
    /// the same name (a binding's `name`, say).
    pub shared: Vec<SharedMember>,
}

/// A union's alternatives, by how one is chosen.
#[derive(Debug, Clone)]
pub enum Alternatives {
    /// By the string member `property` (a discriminator). Unknown tags
    /// decode into `Other`.
    Tagged {
        /// The member that holds the tag.
        property: String,
        /// Each alternative with its tag.
        variants: Vec<Tagged>,
    },
    /// Objects without a tag: the alternative whose required and fixed
    /// members fit and which knows most of the members present wins; if it
    /// fails to decode, the next is tried. A value that fits none decodes
    /// into `Other`.
    BestFit {
        /// Each alternative with what it must look like.
        variants: Vec<Fitted>,
    },
    /// By the JSON type of the value (for example a boolean or an array).
    ByJsonType {
        /// Each alternative with its JSON type.
        variants: Vec<Typed>,
    },
}

/// An alternative of a tagged union.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// The alternative.
    pub variant: UnionVariant,
    /// Its tag value.
    pub tag: String,
}

/// An alternative of a best-fit union.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// The alternative.
    pub variant: UnionVariant,
    /// What an object must look like to be it.
    pub fit: Fit,
}

/// An alternative of a union told apart by JSON type.
#[derive(Debug, Clone)]
pub struct Typed {
    /// The alternative.
    pub variant: UnionVariant,
    /// The JSON type it takes.
    pub json_type: JsonType,
}

impl Union {
    /// Every alternative, in order.
    pub fn variants(&self) -> Vec<&UnionVariant> {
        match &self.alternatives {
            Alternatives::Tagged { variants, .. } => variants.iter().map(|t| &t.variant).collect(),
            Alternatives::BestFit { variants } => variants.iter().map(|f| &f.variant).collect(),
            Alternatives::ByJsonType { variants } => variants.iter().map(|t| &t.variant).collect(),
        }
    }

    /// How the alternative is chosen.
    pub fn strategy(&self) -> Strategy {
        match &self.alternatives {
            Alternatives::Tagged { property, .. } => Strategy::Tag(property.clone()),
            Alternatives::BestFit { .. } => Strategy::BestFit,
            Alternatives::ByJsonType { .. } => Strategy::JsonType,
        }
    }

    /// Every alternative with its tag (`None` unless the union is tagged).
    pub fn with_tags(&self) -> Vec<(&UnionVariant, Option<&str>)> {
        match &self.alternatives {
            Alternatives::Tagged { variants, .. } => variants
                .iter()
                .map(|t| (&t.variant, Some(t.tag.as_str())))
                .collect(),
            _ => self.variants().into_iter().map(|v| (v, None)).collect(),
        }
    }

    /// The tag of each alternative, for a tagged union.
    pub fn tags(&self) -> Option<(&str, Vec<(&UnionVariant, &str)>)> {
        match &self.alternatives {
            Alternatives::Tagged { property, variants } => Some((
                property,
                variants
                    .iter()
                    .map(|t| (&t.variant, t.tag.as_str()))
                    .collect(),
            )),
            _ => None,
        }
    }
}

/// A conversion from a response type to its request twin, which cannot
/// fail.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The response type.
    pub from: String,
    /// The request type.
    pub to: String,
    /// How.
    pub kind: ConversionKind,
}

/// How a conversion goes.
#[derive(Debug, Clone)]
pub enum ConversionKind {
    /// Member by member; read-only members are dropped, unknown ones kept.
    Struct {
        /// The request type's fields that have a source.
        fields: Vec<FieldConversion>,
        /// The request type's optional fields without one: left unset.
        missing: Vec<Ident>,
    },
    /// Alternative by alternative.
    Union {
        /// One arm per response alternative.
        arms: Vec<UnionArm>,
        /// Whether both have an `Other` alternative.
        open: bool,
    },
}

/// One field of a struct conversion.
#[derive(Debug, Clone)]
pub struct FieldConversion {
    /// The response type's field.
    pub from: Ident,
    /// The request type's field.
    pub to: Ident,
    /// How its value converts.
    pub value: ValueConversion,
    /// Required in the response, optional in the request.
    pub wrap_some: bool,
    /// Optional in the response (and so in the request).
    pub from_optional: bool,
}

/// How a value converts.
#[derive(Debug, Clone)]
pub enum ValueConversion {
    /// The same type on both sides.
    Same,
    /// Through its own `From` conversion.
    Into,
    /// Element by element.
    Vec(Box<ValueConversion>),
    /// Value by value.
    Map(Box<ValueConversion>),
    /// The value inside, `null` kept.
    Nullable(Box<ValueConversion>),
}

/// One alternative of a union conversion.
#[derive(Debug, Clone)]
pub enum UnionArm {
    /// Into the request alternative of the same tag or name.
    Convert {
        /// The response alternative.
        from: Ident,
        /// The request alternative.
        to: Ident,
        /// How its value converts.
        value: ValueConversion,
    },
    /// Into `Other`, with the members it has: it cannot be sent as the
    /// same alternative (it lacks a member the request requires), and no
    /// fixup names another.
    AsReceived {
        /// The response alternative.
        from: Ident,
    },
    /// Into the same alternative when the members it may lack are there,
    /// otherwise into another one (a named fixup).
    Fallback {
        /// The response alternative.
        from: Ident,
        /// The request alternative of the same tag, its type and fields.
        direct: Option<(Ident, String, Vec<DirectField>)>,
        /// The alternative it becomes otherwise, and its type.
        to: Ident,
        /// Its type.
        to_type: String,
        /// Fields copied: response field, request field, wrapped in `Some`.
        copied: Vec<(Ident, Ident, bool)>,
        /// Its optional fields, left unset.
        absent: Vec<Ident>,
        /// Why, for the docs.
        why: String,
    },
}

/// A field of a fallback arm's direct conversion.
#[derive(Debug, Clone)]
pub struct DirectField {
    /// The response type's field.
    pub from: Ident,
    /// The request type's field.
    pub to: Ident,
    /// Required in the request, optional in the response.
    pub needed: bool,
}

/// A string member that every alternative of a union declares.
#[derive(Debug, Clone)]
pub struct SharedMember {
    /// Name on the wire.
    pub json_name: String,
    /// The accessor's name.
    pub method: Ident,
    /// In each alternative, in variant order: the field, and whether it is
    /// required there.
    pub fields: Vec<(Ident, bool)>,
}

/// How a union decides which alternative a value is (what
/// [`Alternatives`] says, without the alternatives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    /// By the string member named here (a discriminator). Unknown tags
    /// decode into `Other`.
    Tag(String),
    /// Objects without a tag: the alternative whose required and fixed
    /// members fit and which knows most of the members present wins; if it
    /// fails to decode, the next is tried. A value that fits none decodes
    /// into `Other`.
    BestFit,
    /// By the JSON type of the value (for example a boolean or an array).
    JsonType,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: Ident,
    /// Documentation.
    pub docs: Vec<String>,
    /// The value's type.
    pub ty: TypeRef,
}

/// What an object must look like to be an alternative of a best-fit union.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fit {
    /// Members that must be present.
    pub required: Vec<String>,
    /// Every member the alternative declares.
    pub known: Vec<String>,
    /// Members whose value is fixed (or limited to one value) when present.
    pub fixed: Vec<(String, Const)>,
    /// The alternative allows no other members.
    pub closed: bool,
}

/// The JSON type of a value, for unions chosen by type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true`/`false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The JSON type a [`TypeRef`] takes, when there is only one.
    pub fn of(ty: &TypeRef, types: &[TypeDef]) -> Option<JsonType> {
        Some(match ty {
            TypeRef::Null => JsonType::Null,
            TypeRef::Bool => JsonType::Bool,
            TypeRef::Integer | TypeRef::Number => JsonType::Number,
            TypeRef::String => JsonType::String,
            TypeRef::Vec(_) => JsonType::Array,
            TypeRef::Object | TypeRef::Map(_) => JsonType::Object,
            TypeRef::Named(name) => match &types.iter().find(|t| &t.name.name == name)?.kind {
                TypeKind::Struct(_) => JsonType::Object,
                TypeKind::Enum(_) => JsonType::String,
                TypeKind::Union(u) if u.strategy() != Strategy::JsonType => JsonType::Object,
                TypeKind::Union(_) => return None,
            },
            TypeRef::Any | TypeRef::Nullable(_) => return None,
        })
    }
}

/// One operation, ready to emit.
#[derive(Debug, Clone)]
pub struct OperationDef {
    /// `operationId`.
    pub id: String,
    /// The descriptor's type name, e.g. `CreateWorkerVersion`.
    pub type_name: String,
    /// The registry constant, e.g. `CREATE_WORKER_VERSION`.
    pub const_name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, as written (for documentation and the registry).
    pub path: String,
    /// The path template, parsed: literal text, and the index in
    /// `path_params` of each parameter.
    pub template: Vec<PathPiece>,
    /// Documentation.
    pub docs: Vec<String>,
    /// Path parameters, in template order.
    pub path_params: Vec<ParamDef>,
    /// Query parameters, in document order.
    pub query_params: Vec<ParamDef>,
    /// The request body.
    pub body: Option<BodyDef>,
    /// The success response.
    pub success: ResponseDef,
    /// The failure response; `None` when the schema declares none.
    pub failure: Option<ResponseDef>,
    /// How to ask for the next page, for list operations.
    pub pagination: Option<PaginationDef>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Text sent as it is.
    Literal(String),
    /// The path parameter at this index of `path_params`.
    Parameter(usize),
}

/// A response of an operation.
#[derive(Debug, Clone)]
pub struct ResponseDef {
    /// Its status key (`200`, `4XX`).
    pub status: String,
    /// The generated type its body decodes into.
    pub ty: String,
}

/// How a list operation pages.
#[derive(Debug, Clone)]
pub struct PaginationDef {
    /// The fields leading from the success body to the array of items.
    pub items: Vec<Step>,
    /// The fields leading to the total number of pages, and its type.
    pub total_pages: Option<(Vec<Step>, TypeRef)>,
    /// The boolean query parameter that turns pagination off.
    pub disabled_by: Option<Ident>,
}

/// One field access on the way to a value.
#[derive(Debug, Clone)]
pub struct Step {
    /// The field.
    pub field: Ident,
    /// Whether it is always present.
    pub required: bool,
    /// Whether it may be `null`.
    pub nullable: bool,
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct ParamDef {
    /// Name on the wire.
    pub name: String,
    /// Rust field name.
    pub rust_name: Ident,
    /// Documentation.
    pub docs: Vec<String>,
    /// Its type: a scalar or a generated enum.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// For a parameter limited to a list of strings, the enum generated
    /// for it beside the descriptor (named by `ty`).
    pub local_type: Option<TypeDef>,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum BodyDef {
    /// A JSON document of the named type.
    Json {
        /// The type.
        ty: String,
        /// Documentation.
        docs: Vec<String>,
    },
    /// A multipart form.
    Multipart {
        /// Parts that carry JSON, in schema order.
        json_parts: Vec<JsonPart>,
        /// The part that carries files, if the schema has one.
        files: Option<FilesPart>,
        /// Documentation.
        docs: Vec<String>,
    },
}

/// A multipart part that carries a JSON document.
#[derive(Debug, Clone)]
pub struct JsonPart {
    /// The part's name in the form.
    pub name: String,
    /// The descriptor field that holds it.
    pub field: Ident,
    /// Its type.
    pub ty: TypeRef,
    /// Its content type.
    pub content_type: String,
}

/// The multipart part that carries files.
#[derive(Debug, Clone)]
pub struct FilesPart {
    /// The part's name in the form.
    pub name: String,
    /// The descriptor field that holds the files (`x-rust-name`, else the
    /// part's name).
    pub field: Ident,
    /// Each file is a part of its own named by its file name
    /// (`x-each-file-as-part`), rather than a part under `name`.
    pub each_file_as_part: bool,
    /// Documentation.
    pub docs: Vec<String>,
}
