//! Lowering components and their inline shapes into a [`TypeSpace`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::docs::{first_sentence, paragraphs, sentence};
use super::names::{self, Ident};
use super::{
    Alternatives, ConstMember, Enum, Field, Fit, Fitted, JsonType, Member, Struct, Tagged, TypeDef,
    TypeKind, TypeRef, TypeSpace, Typed, Union, UnionVariant, View,
};
use crate::check::model::{Body, Component, Const, Kind, Property, Schema, Spec};
use crate::diagnostic::{Diagnostic, Sink};

/// The name of the field that keeps unknown members in every struct.
pub const UNKNOWN_MEMBERS: &str = "unknown_members";
pub use super::names::OTHER;

pub fn lower(spec: &Spec, sink: &mut Sink) -> TypeSpace {
    let mut lowerer = Lowerer::new(spec, sink);
    lowerer.mark_usage();
    for component in &spec.components {
        if !lowerer.is_named(&component.schema) {
            continue;
        }
        let out = lowerer
            .used
            .contains(&(component.name.clone(), View::Output));
        let inp = lowerer
            .used
            .contains(&(component.name.clone(), View::Input));
        let views: &[View] = match (out, inp) {
            (false, true) => &[View::Input],
            (true, true) if lowerer.split(&component.name) => &[View::Output, View::Input],
            _ => &[View::Output],
        };
        for &view in views {
            let name = lowerer.component_name(&component.name, view);
            let suffix = lowerer.suffix(&component.name, view);
            lowerer.define(&component.schema, name, view, suffix, &component.name);
        }
    }
    lowerer.record_views();
    lowerer.derive_defaults();
    TypeSpace {
        types: lowerer.types,
    }
}

struct Lowerer<'s, 'k> {
    spec: &'s Spec,
    components: BTreeMap<&'s str, &'s Component>,
    /// (component, view) pairs reachable from an operation.
    used: BTreeSet<(String, View)>,
    /// Memo for [`Self::differs`], by pointer.
    differs_memo: HashMap<String, bool>,
    types: Vec<TypeDef>,
    /// Type name → (pointer, index in `types`), to find duplicates.
    defined: HashMap<String, (String, usize)>,
    /// Views each type was lowered in.
    views: HashMap<String, BTreeSet<View>>,
    diagnostics: &'k mut Sink,
}

/// A property gathered for a struct, with the name of the type that
/// declares it (inline shapes are named after their declaring type, so a
/// shape merged into several structs by `allOf` is still generated once).
struct Gathered<'s> {
    property: &'s Property,
    owner: String,
    /// Listed in `required` by its own object or, in an `allOf`, by
    /// another part.
    required: bool,
}

impl<'s, 'k> Lowerer<'s, 'k> {
    fn new(spec: &'s Spec, sink: &'k mut Sink) -> Self {
        Lowerer {
            spec,
            components: spec
                .components
                .iter()
                .map(|c| (c.name.as_str(), c))
                .collect(),
            used: BTreeSet::new(),
            differs_memo: HashMap::new(),
            types: Vec::new(),
            defined: HashMap::new(),
            views: HashMap::new(),
            diagnostics: sink,
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::new(pointer, message, hint));
    }

    /// Follows `$ref`s to the schema they name. The checker has ruled out
    /// dangling references and cycles, so this ends.
    fn resolve(&self, mut schema: &'s Schema) -> &'s Schema {
        while let Kind::Ref(name) = &schema.kind {
            match self.components.get(name.as_str()) {
                Some(c) => schema = &c.schema,
                None => break,
            }
        }
        schema
    }

    /// Whether a schema becomes a type of its own (rather than a Rust
    /// primitive, `Vec`, map or `serde_json` value used in place).
    fn is_named(&self, schema: &Schema) -> bool {
        self.resolve(schema).kind.has_own_type()
    }

    // ----- which side of the API each component is used on -----

    fn mark_usage(&mut self) {
        let spec = self.spec;
        for op in &spec.operations {
            let failure = op.failure.as_ref().map(|(_, name)| name);
            for name in std::iter::once(&op.success).chain(failure) {
                self.mark_component(name, View::Output);
            }
            match &op.body {
                Some(Body::Json { schema, .. }) => self.mark(schema, View::Input),
                Some(Body::Multipart { parts, .. }) => {
                    for part in parts {
                        self.mark(&part.schema, View::Input);
                    }
                }
                None => {}
            }
            for param in &op.parameters {
                self.mark(&param.schema, View::Input);
            }
        }
    }

    fn mark_component(&mut self, name: &str, view: View) {
        if !self.used.insert((name.to_owned(), view)) {
            return;
        }
        if let Some(component) = self.components.get(name) {
            let schema = &component.schema;
            self.mark(schema, view);
        }
    }

    fn mark(&mut self, schema: &'s Schema, view: View) {
        match &schema.kind {
            Kind::Ref(name) => self.mark_component(name, view),
            Kind::Array(inner) | Kind::Map(inner) | Kind::Nullable(inner) => self.mark(inner, view),
            Kind::Object(o) => {
                for p in &o.properties {
                    if view == View::Input && self.read_only(&p.schema) {
                        continue;
                    }
                    self.mark(&p.schema, view);
                }
            }
            Kind::AllOf(members) | Kind::OneOf { members, .. } => {
                for m in members {
                    self.mark(m, view);
                }
            }
            _ => {}
        }
    }

    fn read_only(&self, schema: &Schema) -> bool {
        schema.read_only || self.resolve(schema).read_only
    }

    fn write_only(&self, schema: &Schema) -> bool {
        schema.write_only || self.resolve(schema).write_only
    }

    /// Whether the request view of a schema differs from its response view:
    /// it has read-only members, required write-only members, or contains a
    /// schema that does.
    fn differs(&mut self, schema: &'s Schema) -> bool {
        if let Some(&known) = self.differs_memo.get(&schema.pointer) {
            return known;
        }
        // Provisional answer while the schema is being looked at, so that a
        // reference back to it (through an array) ends the recursion.
        self.differs_memo.insert(schema.pointer.clone(), false);
        let answer = self.differs_uncached(schema);
        self.differs_memo.insert(schema.pointer.clone(), answer);
        answer
    }

    fn differs_uncached(&mut self, schema: &'s Schema) -> bool {
        match &schema.kind {
            Kind::Ref(name) => match self.components.get(name.as_str()) {
                Some(c) => self.differs(&c.schema),
                None => false,
            },
            // The value inside `[T, "null"]` shares the node's pointer, so it
            // is looked at directly rather than through the memo.
            Kind::Nullable(inner) => self.differs_uncached(inner),
            Kind::Array(inner) | Kind::Map(inner) => self.differs(inner),
            Kind::Object(o) => o.properties.iter().any(|p| {
                self.read_only(&p.schema)
                    || (p.required && self.write_only(&p.schema))
                    || self.differs(&p.schema)
            }),
            Kind::AllOf(members) => {
                let gathered = self.gather(members, "");
                let required: BTreeSet<&str> = gathered
                    .iter()
                    .filter(|g| g.required)
                    .map(|g| g.property.name.as_str())
                    .collect();
                gathered.iter().any(|g| {
                    let p = g.property;
                    self.read_only(&p.schema)
                        || (required.contains(p.name.as_str()) && self.write_only(&p.schema))
                }) || gathered.iter().any(|g| self.differs(&g.property.schema))
            }
            Kind::OneOf { members, .. } => members.iter().any(|m| self.differs(m)),
            _ => false,
        }
    }

    /// Whether a component gets two types, one per view.
    fn split(&mut self, name: &str) -> bool {
        let both = self.used.contains(&(name.to_owned(), View::Output))
            && self.used.contains(&(name.to_owned(), View::Input));
        match self.components.get(name).copied() {
            Some(c) if both => self.differs(&c.schema),
            _ => false,
        }
    }

    /// What the names of `component`'s types end with in `view`: the one
    /// place the `Input` naming rule is applied.
    fn suffix(&mut self, component: &str, view: View) -> &'static str {
        if view == View::Input && self.split(component) {
            names::INPUT_SUFFIX
        } else {
            ""
        }
    }

    fn component_name(&mut self, name: &str, view: View) -> String {
        let base = names::type_name(name).source();
        format!("{base}{}", self.suffix(name, view))
    }

    // ----- types -----

    /// Defines the type for `schema` under `name`, once.
    fn define(&mut self, schema: &'s Schema, name: String, view: View, suffix: &str, owner: &str) {
        self.views.entry(name.clone()).or_default().insert(view);
        if let Some((pointer, _)) = self.defined.get(&name) {
            if pointer != &schema.pointer {
                let first = pointer.clone();
                self.error(
                    &schema.pointer,
                    format!("expected type names to be unique, but this schema and `{first}` are both named `{name}`"),
                    "rename one of them (a component key, or the `title` of an inline schema)",
                );
            }
            return;
        }
        let index = self.types.len();
        self.defined
            .insert(name.clone(), (schema.pointer.clone(), index));
        // Reserve the slot so that the type precedes the inline shapes found
        // inside it, which reads better in the generated file.
        self.types.push(TypeDef {
            name: names::type_name(&name),
            docs: Vec::new(),
            pointer: schema.pointer.clone(),
            views: Vec::new(),
            kind: TypeKind::Enum(Enum {
                variants: Vec::new(),
            }),
        });
        let resolved = self.resolve(schema);
        let kind = match &resolved.kind {
            Kind::Object(o) => {
                let gathered: Vec<Gathered<'s>> = o
                    .properties
                    .iter()
                    .map(|p| Gathered {
                        property: p,
                        owner: owner_of(owner, &name),
                        required: p.required,
                    })
                    .collect();
                TypeKind::Struct(self.structure(&gathered, o.closed, view, suffix))
            }
            Kind::AllOf(members) => {
                let gathered = self.gather(members, &owner_of(owner, &name));
                if self.contradiction(&gathered, &schema.pointer) {
                    TypeKind::Struct(Struct {
                        members: Vec::new(),
                        closed: false,
                        default: true,
                    })
                } else {
                    self.duplicates(&gathered, &schema.pointer);
                    let mut elsewhere = BTreeSet::new();
                    self.required_elsewhere(members, &mut elsewhere);
                    for name in elsewhere {
                        if !gathered.iter().any(|g| g.property.name == name) {
                            self.error(
                                &schema.pointer,
                                format!("expected the required member `{name}` to be declared by a part of this `allOf`"),
                                format!("add `\"{name}\": {{…}}` to the `properties` of one part, or remove it from `required`"),
                            );
                        }
                    }
                    let closed = false;
                    TypeKind::Struct(self.structure(&gathered, closed, view, suffix))
                }
            }
            Kind::Enum {
                values,
                names: given,
            } => TypeKind::Enum(self.enumeration(values, given.as_deref(), &resolved.pointer)),
            Kind::OneOf {
                members,
                discriminator,
            } => {
                let union = match discriminator {
                    Some(d) => self.tagged(members, &d.property, &d.mapping, view),
                    None => self.untagged(&name, members, view, suffix, &schema.pointer),
                };
                TypeKind::Union(union)
            }
            _ => TypeKind::Struct(Struct {
                members: Vec::new(),
                closed: false,
                default: true,
            }),
        };
        let mut docs = paragraphs(
            resolved
                .description
                .as_deref()
                .or(schema.description.as_deref()),
        );
        if docs.is_empty()
            && let Some(title) = &resolved.title
        {
            docs.push(sentence(title));
        }
        if let Some(slot) = self.types.get_mut(index) {
            slot.docs = docs;
            slot.kind = kind;
        }
    }

    /// The properties of an `allOf`, members in order, with nested `allOf`s
    /// and references followed.
    fn gather(&self, members: &'s [Schema], owner: &str) -> Vec<Gathered<'s>> {
        let mut out = self.gather_parts(members, owner);
        let mut elsewhere = BTreeSet::new();
        self.required_elsewhere(members, &mut elsewhere);
        for g in &mut out {
            g.required |= elsewhere.contains(g.property.name.as_str());
        }
        out
    }

    /// The names the objects of an `allOf` require without declaring them
    /// (another part does).
    fn required_elsewhere(&self, members: &'s [Schema], out: &mut BTreeSet<&'s str>) {
        for member in members {
            let target = match &member.kind {
                Kind::Ref(_) => self.resolve(member),
                _ => member,
            };
            match &target.kind {
                Kind::Object(o) => out.extend(o.required_elsewhere.iter().map(String::as_str)),
                Kind::AllOf(inner) => self.required_elsewhere(inner, out),
                _ => {}
            }
        }
    }

    fn gather_parts(&self, members: &'s [Schema], owner: &str) -> Vec<Gathered<'s>> {
        let mut out = Vec::new();
        for member in members {
            let (target, member_owner) = match &member.kind {
                Kind::Ref(name) => (self.resolve(member), names::type_name(name).source()),
                _ => (member, owner.to_owned()),
            };
            match &target.kind {
                Kind::Object(o) => out.extend(o.properties.iter().map(|p| Gathered {
                    property: p,
                    owner: member_owner.clone(),
                    required: p.required,
                })),
                Kind::AllOf(inner) => out.extend(self.gather_parts(inner, &member_owner)),
                _ => {}
            }
        }
        out
    }

    /// Whether two parts of an `allOf` fix one member to different values
    /// (`"success": true` and `"success": false`), so that no JSON is
    /// both; reported once, naming the two.
    fn contradiction(&mut self, gathered: &[Gathered<'s>], pointer: &str) -> bool {
        let fixed = |g: &Gathered<'s>| -> Option<String> {
            match &self.resolve(&g.property.schema).kind {
                Kind::Const(Const::String(s)) => Some(format!("\"{s}\"")),
                Kind::Const(Const::Bool(b)) => Some(b.to_string()),
                Kind::Enum { values, .. } if values.len() == 1 => {
                    values.first().map(|v| format!("\"{v}\""))
                }
                _ => None,
            }
        };
        for (i, first) in gathered.iter().enumerate() {
            let Some(a) = fixed(first) else { continue };
            for second in gathered.iter().skip(i + 1) {
                if second.property.name != first.property.name {
                    continue;
                }
                let Some(b) = fixed(second) else { continue };
                if a != b {
                    let name = &first.property.name;
                    self.error(
                        pointer,
                        format!(
                            "expected the parts of this `allOf` to agree, but `{name}` must be {a} (at `{}`) and {b} (at `{}`): no JSON is both",
                            first.property.schema.pointer, second.property.schema.pointer
                        ),
                        "a body is one envelope or the other: describe the response with one of them (for an error response, the failure envelope), or with `oneOf` if it may be either",
                    );
                    return true;
                }
            }
        }
        false
    }

    fn duplicates(&mut self, gathered: &[Gathered<'s>], pointer: &str) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for g in gathered {
            if let Some(first) =
                seen.insert(g.property.name.as_str(), g.property.schema.pointer.as_str())
            {
                let first = first.to_owned();
                self.error(
                    &g.property.schema.pointer,
                    format!("expected each member once in the merged `allOf`, but `{}` is also declared at `{first}`", g.property.name),
                    format!("declare `{}` in one `allOf` member only (list it in `required` there) — {pointer}", g.property.name),
                );
            }
        }
    }

    fn structure(
        &mut self,
        gathered: &[Gathered<'s>],
        closed: bool,
        view: View,
        suffix: &str,
    ) -> Struct {
        let required: BTreeSet<&str> = gathered
            .iter()
            .filter(|g| g.required)
            .map(|g| g.property.name.as_str())
            .collect();
        let mut members = Vec::new();
        let mut rust_names: HashMap<String, String> = HashMap::new();
        // `unknown_members` is taken by the field that keeps unknown members.
        rust_names.insert(UNKNOWN_MEMBERS.to_owned(), String::new());
        for g in gathered {
            let p = g.property;
            let read_only = self.read_only(&p.schema);
            let write_only = self.write_only(&p.schema);
            if view == View::Input && read_only {
                continue;
            }
            let is_required = required.contains(p.name.as_str());
            if let (Kind::Const(value), true) = (&p.schema.kind, is_required) {
                members.push(Member::Const(ConstMember {
                    json_name: p.name.clone(),
                    value: value.into(),
                }));
                continue;
            }
            let rust_name = match &p.schema.rust_name {
                Some(n) => names::field(n),
                None => names::field(&p.name),
            };
            if let Some(other) = rust_names.insert(rust_name.name.clone(), p.name.clone()) {
                let message = if other.is_empty() {
                    format!(
                        "expected a member name other than `{UNKNOWN_MEMBERS}` in Rust, but `{}` becomes that field, which keeps unknown members",
                        p.name
                    )
                } else {
                    format!(
                        "expected member names to stay distinct in Rust, but `{}` and `{other}` both become the field `{}`",
                        p.name, rust_name.name
                    )
                };
                self.error(
                    &p.schema.pointer,
                    message,
                    "give one of them `\"x-rust-name\": \"<snake_case_name>\"`",
                );
            }
            let inline_base = format!("{}{}", g.owner, names::pascal(&p.name));
            let ty = self.type_ref(&p.schema, view, &inline_base, suffix);
            let target = self.resolve(&p.schema);
            let mut docs = paragraphs(
                p.schema
                    .description
                    .as_deref()
                    .or(target.description.as_deref()),
            );
            if docs.is_empty() {
                docs.push(format!("The `{}` member.", p.name));
            }
            let mut notes = Vec::new();
            if read_only {
                notes.push("Read-only: set by the API, never sent.".to_owned());
            }
            if write_only {
                notes.push("Write-only: sent by clients; the API does not return it.".to_owned());
            }
            if p.schema.deprecated || target.deprecated {
                notes.push("Deprecated.".to_owned());
            }
            if let Some(format) = p.schema.format.as_deref().or(target.format.as_deref()) {
                notes.push(match format {
                    "date-time" => "Format: `date-time`; kept exactly as received.".to_owned(),
                    other => format!("Format: `{other}`."),
                });
            }
            if let Some(default) = p.schema.default.as_ref().or(target.default.as_ref()) {
                notes.push(format!("Default when absent: `{default}`."));
            }
            if !notes.is_empty() {
                docs.push(notes.join(" "));
            }
            let base64 = ty == TypeRef::String
                && p.schema.format.as_deref().or(target.format.as_deref()) == Some("byte");
            let whole_number =
                ty == TypeRef::Number && (p.schema.whole_number || target.whole_number);
            members.push(Member::Field(Field {
                json_name: p.name.clone(),
                rust_name,
                docs,
                ty,
                base64,
                whole_number,
                required: is_required && !(view == View::Output && write_only),
                sensitive: p.schema.sensitive || target.sensitive,
                pointer: p.schema.pointer.clone(),
            }));
        }
        Struct {
            members,
            closed,
            default: true,
        }
    }

    /// The type of a value in place: a primitive, a container, or a named
    /// type (defining inline shapes on the way).
    fn type_ref(
        &mut self,
        schema: &'s Schema,
        view: View,
        inline_base: &str,
        suffix: &str,
    ) -> TypeRef {
        match &schema.kind {
            Kind::Any => TypeRef::Any,
            Kind::Null => TypeRef::Null,
            Kind::Boolean | Kind::Const(Const::Bool(_)) => TypeRef::Bool,
            Kind::Integer => TypeRef::Integer,
            Kind::Number => TypeRef::Number,
            Kind::String | Kind::Const(Const::String(_)) => TypeRef::String,
            Kind::Ref(name) => {
                let Some(component) = self.components.get(name.as_str()).copied() else {
                    return TypeRef::Any;
                };
                if self.is_named(&component.schema) {
                    let type_name = self.component_name(name, view);
                    // A component first met in a view it is not marked for
                    // (for example only through a parameter) is defined here.
                    if !self.defined.contains_key(&type_name)
                        && !self.used.contains(&(name.clone(), view))
                    {
                        let own_suffix = self.suffix(name, view);
                        self.define(&component.schema, type_name.clone(), view, own_suffix, name);
                    }
                    TypeRef::Named(type_name)
                } else {
                    let base = names::type_name(name).source();
                    self.type_ref(&component.schema, view, &base, suffix)
                }
            }
            Kind::Array(items) => TypeRef::Vec(Box::new(self.type_ref(
                items,
                view,
                &item_name(inline_base),
                suffix,
            ))),
            Kind::Map(values) => TypeRef::Map(Box::new(self.type_ref(
                values,
                view,
                &format!("{inline_base}Value"),
                suffix,
            ))),
            Kind::Nullable(inner) => {
                TypeRef::Nullable(Box::new(self.type_ref(inner, view, inline_base, suffix)))
            }
            Kind::Object(o) if o.properties.is_empty() && !o.closed => TypeRef::Object,
            Kind::Object(_) | Kind::AllOf(_) | Kind::OneOf { .. } | Kind::Enum { .. } => {
                let base = match &schema.title {
                    Some(title) => names::type_name(title).source(),
                    None => inline_base.to_owned(),
                };
                let differs = self.differs(schema);
                let name = if differs {
                    format!("{base}{suffix}")
                } else {
                    base.clone()
                };
                self.define(
                    schema,
                    name.clone(),
                    view,
                    if differs { suffix } else { "" },
                    &base,
                );
                TypeRef::Named(name)
            }
        }
    }

    fn enumeration(&mut self, values: &[String], given: Option<&[String]>, pointer: &str) -> Enum {
        names::enumeration(values, given, pointer, self.diagnostics)
    }

    fn tagged(
        &mut self,
        members: &'s [Schema],
        property: &str,
        mapping: &[(String, String)],
        view: View,
    ) -> Union {
        let mut variants = Vec::new();
        for member in members {
            let Kind::Ref(component) = &member.kind else {
                continue;
            };
            let Some((tag, _)) = mapping.iter().find(|(_, c)| c == component) else {
                continue;
            };
            let ty = self.type_ref(member, view, "", "");
            let docs = self
                .components
                .get(component.as_str())
                .map(|c| first_sentence(c.schema.description.as_deref()))
                .unwrap_or_default();
            variants.push(Tagged {
                variant: UnionVariant {
                    name: names::variant(tag),
                    docs: if docs.is_empty() {
                        vec![format!("`{property}: \"{tag}\"`.")]
                    } else {
                        docs
                    },
                    ty,
                },
                tag: tag.clone(),
            });
        }
        self.check_variants(
            variants.iter().map(|t| &t.variant),
            members
                .first()
                .map(|m| m.pointer.as_str())
                .unwrap_or_default(),
        );
        Union {
            alternatives: Alternatives::Tagged {
                property: property.to_owned(),
                variants,
            },
            shared: Vec::new(),
        }
    }

    fn untagged(
        &mut self,
        union_name: &str,
        members: &'s [Schema],
        view: View,
        suffix: &str,
        pointer: &str,
    ) -> Union {
        let union_base = union_name
            .strip_suffix(suffix)
            .unwrap_or(union_name)
            .to_owned();
        let json_types: Vec<Option<JsonType>> = members.iter().map(|m| self.json_type(m)).collect();
        let all_objects = json_types.iter().all(|t| *t == Some(JsonType::Object));
        let mut fitted = Vec::new();
        let mut typed = Vec::new();
        for (member, json_type) in members.iter().zip(&json_types) {
            let label = match (&member.kind, &member.title, &member.shape_name) {
                (_, Some(title), _) => names::type_name(title).source(),
                (Kind::Ref(name), None, _) => names::type_name(name).source(),
                // The type is named after the union, the variant after the
                // shape (`union_variant` drops the union's name again).
                (_, None, Some(shape)) => {
                    format!("{union_base}{}", names::type_name(shape).source())
                }
                _ => "Variant".to_owned(),
            };
            let ty = self.type_ref(member, view, &label, suffix);
            let Some(json_type) = *json_type else {
                self.error(
                    &member.pointer,
                    "expected each `oneOf` alternative to have a single JSON type",
                    "alternatives without a `discriminator` are told apart by their JSON type, or (for objects) by their members",
                );
                continue;
            };
            let fit = all_objects.then(|| self.fit(member, view));
            let target = self.resolve(member);
            let variant = UnionVariant {
                name: Ident {
                    name: names::union_variant(&union_base, &label),
                    raw: false,
                },
                docs: {
                    let d = first_sentence(
                        member
                            .description
                            .as_deref()
                            .or(target.description.as_deref()),
                    );
                    if d.is_empty() {
                        vec![format!("A value of the `{label}` shape.")]
                    } else {
                        d
                    }
                },
                ty,
            };
            match fit {
                Some(fit) => fitted.push(Fitted { variant, fit }),
                None => typed.push((Typed { variant, json_type }, member)),
            }
        }
        let mut seen = BTreeMap::new();
        for (t, member) in &typed {
            if let Some(first) = seen.insert(t.json_type, t.variant.name.name.clone()) {
                self.error(
                    &member.pointer,
                    format!("expected the `oneOf` alternatives to differ in JSON type, but `{first}` and `{}` are both {}", t.variant.name.name, json_type_name(t.json_type)),
                    "merge them, or make them objects told apart by their members",
                );
            }
        }
        let alternatives = if all_objects {
            Alternatives::BestFit { variants: fitted }
        } else {
            Alternatives::ByJsonType {
                variants: typed.into_iter().map(|(t, _)| t).collect(),
            }
        };
        let union = Union {
            alternatives,
            shared: Vec::new(),
        };
        self.check_variants(union.variants().into_iter(), pointer);
        union
    }

    fn check_variants<'v>(
        &mut self,
        variants: impl Iterator<Item = &'v UnionVariant>,
        pointer: &str,
    ) {
        let mut seen = BTreeSet::new();
        for v in variants {
            if v.name.name == OTHER {
                self.error(
                    pointer,
                    format!("expected no alternative to be named `{OTHER}`, but one is (from its title or component name)"),
                    format!("`{OTHER}` keeps unknown alternatives; rename this one"),
                );
            }
            if !seen.insert(v.name.name.clone()) {
                self.error(
                    pointer,
                    format!(
                        "expected the alternatives' names to be distinct, but `{}` appears twice",
                        v.name.name
                    ),
                    "give the alternatives distinct titles",
                );
            }
        }
    }

    fn json_type(&self, schema: &'s Schema) -> Option<JsonType> {
        let schema = self.resolve(schema);
        Some(match &schema.kind {
            Kind::Null => JsonType::Null,
            Kind::Boolean | Kind::Const(Const::Bool(_)) => JsonType::Bool,
            Kind::Integer | Kind::Number => JsonType::Number,
            Kind::String | Kind::Enum { .. } | Kind::Const(Const::String(_)) => JsonType::String,
            Kind::Array(_) => JsonType::Array,
            Kind::Object(_) | Kind::Map(_) | Kind::AllOf(_) => JsonType::Object,
            Kind::OneOf { members, .. } => {
                if members
                    .iter()
                    .all(|m| self.json_type(m) == Some(JsonType::Object))
                {
                    JsonType::Object
                } else {
                    return None;
                }
            }
            Kind::Any | Kind::Nullable(_) | Kind::Ref(_) => return None,
        })
    }

    /// What an object alternative must look like in `view`.
    fn fit(&self, member: &'s Schema, view: View) -> Fit {
        let target = self.resolve(member);
        let (gathered, closed) = match &target.kind {
            Kind::Object(o) => (
                o.properties
                    .iter()
                    .map(|p| Gathered {
                        property: p,
                        owner: String::new(),
                        required: p.required,
                    })
                    .collect(),
                o.closed,
            ),
            Kind::AllOf(members) => (self.gather(members, ""), false),
            _ => return Fit::default(),
        };
        let mut fit = Fit {
            closed,
            ..Fit::default()
        };
        for g in &gathered {
            let p = g.property;
            if view == View::Input && self.read_only(&p.schema) {
                continue;
            }
            fit.known.push(p.name.clone());
            let required = g.required && !(view == View::Output && self.write_only(&p.schema));
            if required {
                fit.required.push(p.name.clone());
            }
            match &self.resolve(&p.schema).kind {
                Kind::Const(c) => fit.fixed.push((p.name.clone(), c.into())),
                Kind::Enum { values, .. } if values.len() == 1 => {
                    if let Some(v) = values.first() {
                        fit.fixed
                            .push((p.name.clone(), super::Const::String(v.clone())));
                    }
                }
                _ => {}
            }
        }
        fit
    }

    // ----- finishing -----

    fn record_views(&mut self) {
        for t in &mut self.types {
            if let Some(views) = self.views.get(&t.name.name) {
                t.views = views.iter().copied().collect();
            }
        }
    }

    /// A struct derives `Default` only when it has no required member: a
    /// default for a required one (an empty name, say) would be sent
    /// without a word. Structs with required members get a constructor
    /// that takes them instead.
    fn derive_defaults(&mut self) {
        for t in &mut self.types {
            if let TypeKind::Struct(s) = &mut t.kind {
                let required = s.fields().any(|f| f.required);
                s.default = !required;
            }
        }
    }
}

/// The name of an array's inline item type: the singular of a plural
/// member name (`groups` → `Group`), or the name with `Item` appended.
fn item_name(array: &str) -> String {
    match array.strip_suffix('s') {
        Some(singular) if !singular.is_empty() && !singular.ends_with('s') => singular.to_owned(),
        _ => format!("{array}Item"),
    }
}

fn owner_of(owner: &str, name: &str) -> String {
    if owner.is_empty() {
        name.to_owned()
    } else {
        names::type_name(owner).source()
    }
}

fn json_type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Bool => "booleans",
        JsonType::Number => "numbers",
        JsonType::String => "strings",
        JsonType::Array => "arrays",
        JsonType::Object => "objects",
    }
}
