//! Emitting the generated types: definitions, their decoders and
//! encoders (`rt::Decode`, `rt::Encode`, with `Deserialize` and `Serialize`
//! on top), `Inspect` (the walk that reports what was kept without being
//! understood) and `schemars::JsonSchema`.
//!
//! Each type's decoder and encoder is a plain function over the runtime's
//! JSON reader and writer, not generic over a serde `Deserializer` or
//! `Serializer`: it is compiled once, in the library, and a program that
//! depends on it instantiates none of it. Decoding is one pass, like a
//! derive's; unions read ahead to their tag (or, without one, to the end of
//! the object) and then read the object again from its start.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::ir::{
    self, Alternatives, Const, Field, Fit, Fitted, JsonType, Member, Strategy, Struct, Tagged,
    TypeDef, TypeKind, TypeRef, Typed, Union,
};

/// The identifier for an IR name, raw where it must be.
pub fn ident(name: &ir::Ident) -> Ident {
    if name.raw {
        format_ident!("r#{}", name.name)
    } else {
        format_ident!("{}", name.name)
    }
}

/// The Rust type for a value of `ty`.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Object => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Null => quote!(crate::Null),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(crate::Number),
        TypeRef::String => quote!(String),
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(#name)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(crate::Nullable<#inner>)
        }
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn const_tokens(value: &Const) -> TokenStream {
    match value {
        Const::String(s) => quote!(#s),
        Const::Bool(b) => quote!(#b),
    }
}

fn const_fixed(value: &Const) -> TokenStream {
    match value {
        Const::String(s) => quote!(rt::Fixed::Str(#s)),
        Const::Bool(b) => quote!(rt::Fixed::Bool(#b)),
    }
}

/// Everything for one type.
pub fn emit(def: &TypeDef) -> TokenStream {
    let item = match &def.kind {
        TypeKind::Struct(s) => emit_struct(def, s),
        TypeKind::Enum(e) => emit_enum(def, e),
        TypeKind::Union(u) => emit_union(def, u),
    };
    quote! {
        #item
    }
}

// ----- structs -----

fn emit_struct(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let name_str = &def.name.name;
    let mut type_docs = def.docs.clone();
    if type_docs.is_empty() {
        type_docs.push(format!("The `{name_str}` object."));
    }
    let consts: Vec<String> = s
        .members
        .iter()
        .filter_map(|m| match m {
            Member::Const(c) => Some(format!(
                "`{}` is always `{}`",
                c.json_name,
                const_text(&c.value)
            )),
            Member::Field(_) => None,
        })
        .collect();
    if !consts.is_empty() {
        type_docs.push(format!(
            "On the wire, {}; decoding checks it and encoding writes it.",
            consts.join(", ")
        ));
    }
    let doc = docs::attrs(&type_docs);
    let sensitive = s.fields().any(|f| f.sensitive);
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !sensitive {
        derives.insert(0, quote!(Debug));
    }
    if s.default {
        derives.push(quote!(Default));
    }
    let fields = s.fields().map(|f| {
        let doc = docs::attrs(&f.docs);
        let fname = ident(&f.rust_name);
        let ty = field_type(f);
        quote! { #doc pub #fname: #ty, }
    });
    let unknown_doc = if s.closed {
        " Members this crate does not know, kept as received. The schema allows none, so this is empty unless the API has grown."
    } else {
        " Members this crate does not know, kept as received and written back on encode."
    };

    let debug = if sensitive {
        debug_impl(&name, name_str, s)
    } else {
        quote!()
    };
    let serialize = serialize_struct(&name, s);
    let deserialize = deserialize_struct(&name, name_str, s);
    let inspect = inspect_struct(&name, s);
    let schema = schema_struct(&name, name_str, def, s);
    let constructor = constructor(&name, name_str, s);
    let base64 = value_accessors(&name, s);
    quote! {
        #doc
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
            #[doc = #unknown_doc]
            pub unknown_members: crate::UnknownMembers,
        }
        #constructor
        #base64
        #debug
        #serialize
        #deserialize
        #inspect
        #schema
    }
}

/// `new`, taking the required members, for a struct that has some (it
/// derives no `Default`, so none can be left empty by accident).
fn constructor(name: &Ident, name_str: &str, s: &Struct) -> TokenStream {
    if s.default {
        return quote!();
    }
    let doc = format!(
        " A `{name_str}` with its required members; the optional ones are unset (assign them, or use `{name_str} {{ field: …, ..{name_str}::new(…) }}`)."
    );
    let new = constructor_fn(&format_ident!("new"), &doc, s, None);
    // With bytes for the required base64 member, when there is one.
    let mut base64 = s.fields().filter(|f| f.base64 && f.required);
    let from_bytes = match (base64.next(), base64.next()) {
        (Some(encoded), None) => {
            let stem = encoded
                .rust_name
                .name
                .strip_suffix("_base64")
                .unwrap_or("bytes");
            let doc = format!(
                " A `{name_str}` whose `{}` is `{stem}`, base64-encoded here.",
                encoded.json_name
            );
            let bytes = format_ident!("{}", stem);
            constructor_fn(
                &format_ident!("from_bytes"),
                &doc,
                s,
                Some((encoded, &bytes)),
            )
        }
        _ => quote!(),
    };
    quote! {
        impl #name {
            #new

            #from_bytes
        }
    }
}

/// A constructor taking the required members in order, the optional ones
/// unset; with `bytes`, that base64 member takes bytes (as the argument
/// `bytes`, last) and encodes them.
fn constructor_fn(
    name: &Ident,
    doc: &str,
    s: &Struct,
    bytes: Option<(&Field, &Ident)>,
) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in s.fields() {
        let field = ident(&f.rust_name);
        match bytes {
            _ if !f.required => inits.push(quote!(#field: None)),
            Some((encoded, bytes)) if std::ptr::eq(f, encoded) => {
                inits.push(quote!(#field: rt::base64_encode(#bytes.as_ref())));
            }
            _ => {
                let (arg, init) = argument(&field, &f.ty, rust_type(&f.ty));
                args.push(arg);
                inits.push(init);
            }
        }
    }
    if let Some((_, bytes)) = bytes {
        args.push(quote!(#bytes: impl AsRef<[u8]>));
    }
    let many = (args.len() > 7).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required member")])
    });
    quote! {
        #[doc = #doc]
        #[inline]
        #[must_use]
        #many
        pub fn #name(#(#args),*) -> Self {
            Self {
                #(#inits,)*
                unknown_members: crate::UnknownMembers::default(),
            }
        }
    }
}

/// A constructor's argument for the member `field` of type `ty` (written
/// `tokens`), and the field initializer that stores it: strings take
/// anything that converts into a `String`.
pub fn argument(field: &Ident, ty: &TypeRef, tokens: TokenStream) -> (TokenStream, TokenStream) {
    if *ty == TypeRef::String {
        (
            quote!(#field: impl Into<String>),
            quote!(#field: #field.into()),
        )
    } else {
        (quote!(#field: #tokens), quote!(#field))
    }
}

/// Accessors that read a member as what it holds: base64 members
/// (`format: byte`) decoded, whole numbers (`x-whole-number`) as `i64`.
fn value_accessors(name: &Ident, s: &Struct) -> TokenStream {
    let accessors = s.fields().filter(|f| f.base64).map(|f| {
        let field = ident(&f.rust_name);
        let method = format_ident!(
            "{}",
            f.rust_name.name.strip_suffix("_base64").map_or_else(
                || format!("{}_bytes", f.rust_name.name),
                |stem| format!("{stem}_bytes")
            )
        );
        let doc = format!(" The `{}` member decoded from base64.", f.json_name);
        let (value, ret) = if f.required {
            (
                quote!(rt::base64_decode(&self.#field)),
                quote!(Result<Vec<u8>, crate::Base64Error>),
            )
        } else {
            (
                quote!(self.#field.as_deref().map(rt::base64_decode)),
                quote!(Option<Result<Vec<u8>, crate::Base64Error>>),
            )
        };
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> #ret {
                #value
            }
        }
    });
    let whole = s.fields().filter(|f| f.whole_number).map(|f| {
        let field = ident(&f.rust_name);
        let method = format_ident!("{}_i64", f.rust_name.name);
        let doc = format!(
            " The `{}` member as an integer (`3` and `3.0` alike): `None` if it is absent, or not a whole number that fits an `i64`. The field keeps it exactly as it came either way.",
            f.json_name
        );
        let value = if f.required {
            quote!(rt::whole_number(&self.#field))
        } else {
            quote!(self.#field.as_ref().and_then(rt::whole_number))
        };
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> Option<i64> {
                #value
            }
        }
    });
    let accessors: Vec<_> = accessors.chain(whole).collect();
    if accessors.is_empty() {
        return quote!();
    }
    quote! {
        impl #name {
            #(#accessors)*
        }
    }
}

fn const_text(value: &Const) -> String {
    match value {
        Const::String(s) => format!("\"{s}\""),
        Const::Bool(b) => b.to_string(),
    }
}

fn debug_impl(name: &Ident, name_str: &str, s: &Struct) -> TokenStream {
    let fields = s.fields().map(|f| {
        let fname = ident(&f.rust_name);
        let label = &f.rust_name.name;
        if f.sensitive {
            if f.required {
                quote!(.field(#label, &rt::Redacted))
            } else {
                quote!(.field(#label, &self.#fname.as_ref().map(|_| rt::Redacted)))
            }
        } else {
            quote!(.field(#label, &self.#fname))
        }
    });
    quote! {
        /// Secret members print as `<redacted>`.
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_str)
                    #(#fields)*
                    .field("unknown_members", &self.unknown_members)
                    .finish()
            }
        }
    }
}

/// `Serialize` through the type's own encoder.
fn serialize_impl(name: &Ident) -> TokenStream {
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                rt::serialize(self, serializer)
            }
        }
    }
}

fn serialize_struct(name: &Ident, s: &Struct) -> TokenStream {
    let members = s.members.iter().map(|m| match m {
        Member::Const(c) => {
            let key = &c.json_name;
            let value = match &c.value {
                Const::String(s) => quote!(w.str(#s);),
                Const::Bool(b) => quote!(w.bool(#b);),
            };
            quote! {
                w.member(#key);
                #value
            }
        }
        Member::Field(f) => {
            let key = &f.json_name;
            let fname = ident(&f.rust_name);
            if f.required {
                quote! {
                    w.member(#key);
                    rt::Encode::encode(&self.#fname, w);
                }
            } else {
                quote! {
                    if let Some(value) = &self.#fname {
                        w.member(#key);
                        rt::Encode::encode(value, w);
                    }
                }
            }
        }
    });
    // A `null` kept among the unknown members for an optional member that
    // came as `null` gives way once the member is set.
    let may_hold_null: Vec<&Field> = s.fields().filter(|f| null_is_drift(f)).collect();
    let unknown = if may_hold_null.is_empty() {
        quote!(w.unknown(&self.unknown_members);)
    } else {
        let set = may_hold_null.iter().map(|f| {
            let fname = ident(&f.rust_name);
            let key = &f.json_name;
            // A pattern rather than `is_some`: no generic instance per type.
            quote!(match &self.#fname { Some(_) => #key, None => "" })
        });
        quote!(w.unknown_except(&self.unknown_members, &[#(#set),*]);)
    };
    let serialize = serialize_impl(name);
    quote! {
        #serialize

        impl rt::Encode for #name {
            fn encode(&self, w: &mut rt::Writer) {
                w.begin_object();
                #(#members)*
                #unknown
                w.end_object();
            }
        }
    }
}

/// The local variable that collects a member while decoding.
fn slot(member: &Member) -> Ident {
    match member {
        Member::Field(f) => format_ident!("{}_", f.rust_name.name),
        // Fixed members only need a flag; the different pattern keeps the
        // flag apart from any field's slot.
        Member::Const(c) => format_ident!(
            "seen_{}",
            crate::ir::names::field(&c.json_name)
                .name
                .trim_start_matches('_')
        ),
    }
}

/// `Deserialize` through the type's own decoder.
fn deserialize_impl(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::deserialize(deserializer)
            }
        }
    }
}

fn deserialize_struct(name: &Ident, name_str: &str, s: &Struct) -> TokenStream {
    let expecting = format!("a JSON object (`{name_str}`)");
    let slots: Vec<Ident> = s.members.iter().map(slot).collect();
    let declarations = s.members.iter().zip(&slots).map(|(m, slot)| match m {
        Member::Field(f) => {
            let ty = rust_type(&f.ty);
            quote! { let mut #slot: Option<#ty> = None; }
        }
        Member::Const(_) => quote! { let mut #slot = false; },
    });
    let arms = s.members.iter().zip(&slots).map(|(m, slot)| match m {
        Member::Field(f) if null_is_drift(f) => {
            let key = &f.json_name;
            quote! { #key => rt::tri!(rt::optional(r, &mut #slot, #key, &mut unknown_members)), }
        }
        Member::Field(f) => {
            let key = &f.json_name;
            quote! { #key => rt::tri!(rt::once(r, &mut #slot, #key)), }
        }
        Member::Const(c) => {
            let key = &c.json_name;
            let fixed = const_fixed(&c.value);
            quote! { #key => rt::tri!(rt::fixed(r, &mut #slot, #fixed, #key)), }
        }
    });
    let checks = s
        .members
        .iter()
        .zip(&slots)
        .filter_map(|(m, slot)| match m {
            Member::Const(c) => {
                let key = &c.json_name;
                Some(quote! {
                    if !#slot {
                        return Err(rt::missing(r, #key));
                    }
                })
            }
            Member::Field(_) => None,
        });
    let inits = s
        .members
        .iter()
        .zip(&slots)
        .filter_map(|(m, slot)| match m {
            Member::Field(f) => Some((f, slot)),
            Member::Const(_) => None,
        });
    let inits = inits.map(|(f, slot)| {
        let fname = ident(&f.rust_name);
        let key = &f.json_name;
        if f.required {
            quote! {
                #fname: match #slot {
                    Some(value) => value,
                    None => return Err(rt::missing(r, #key)),
                },
            }
        } else {
            quote! { #fname: #slot, }
        }
    });
    let dispatch = if s.members.is_empty() {
        quote!(rt::tri!(unknown_members.read(r, &key));)
    } else {
        quote! {
            match &*key {
                #(#arms)*
                _ => rt::tri!(unknown_members.read(r, &key)),
            }
        }
    };
    let deserialize = deserialize_impl(name);
    quote! {
        #deserialize

        impl rt::Decode for #name {
            fn decode(r: &mut rt::Reader<'_>) -> Result<Self, rt::Error> {
                #(#declarations)*
                let mut unknown_members = rt::UnknownBuilder::default();
                rt::tri!(r.begin_object(#expecting));
                let mut first = true;
                while let Some(key) = rt::tri!(r.next_member(&mut first)) {
                    #dispatch
                }
                #(#checks)*
                Ok(Self {
                    #(#inits)*
                    unknown_members: unknown_members.finish(),
                })
            }
        }
    }
}

/// An optional member whose schema does not allow `null`: a `null` for it
/// is drift, kept and reported rather than refused.
fn null_is_drift(f: &ir::Field) -> bool {
    !f.required && !matches!(f.ty, TypeRef::Nullable(_) | TypeRef::Null | TypeRef::Any)
}

fn inspect_struct(name: &Ident, s: &Struct) -> TokenStream {
    let walks = s.fields().filter(|f| f.ty.contains_named()).map(|f| {
        let fname = ident(&f.rust_name);
        let key = &f.json_name;
        // An optional member is unwrapped here rather than by `Option`'s
        // impl: no helper per type.
        if f.required {
            quote! { crate::Inspect::inspect(&self.#fname, &at.key(#key), found); }
        } else {
            quote! {
                if let Some(value) = &self.#fname {
                    crate::Inspect::inspect(value, &at.key(#key), found);
                }
            }
        }
    });
    let optional = s
        .fields()
        .filter(|f| null_is_drift(f))
        .map(|f| f.json_name.as_str());
    quote! {
        impl crate::Inspect for #name {
            fn inspect(&self, at: &crate::JsonPath<'_>, found: &mut Vec<crate::Unrecognized>) {
                #(#walks)*
                rt::inspect_unknown_members(&self.unknown_members, &[#(#optional),*], at, found);
            }
        }
    }
}

fn schema_struct(name: &Ident, name_str: &str, def: &TypeDef, s: &Struct) -> TokenStream {
    let description = def.docs.join("\n\n");
    let members = s.members.iter().map(|m| match m {
        Member::Const(c) => {
            let key = &c.json_name;
            let value = const_tokens(&c.value);
            quote! { rt::schema::fixed(&mut schema, #key, #value); }
        }
        Member::Field(f) => {
            let key = &f.json_name;
            let ty = rust_type(&f.ty);
            let required = f.required;
            quote! { rt::schema::property(&mut schema, #key, generator.subschema_for::<#ty>(), #required); }
        }
    });
    let closed = s.closed;
    let generator = if s.fields().next().is_some() {
        quote!(generator)
    } else {
        quote!(_)
    };
    let members: Vec<TokenStream> = members.collect();
    let schema_body = if members.is_empty() {
        quote!(rt::schema::object(#description, #closed))
    } else {
        quote! {
            let mut schema = rt::schema::object(#description, #closed);
            #(#members)*
            schema
        }
    };
    quote! {
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#name_str)
            }

            fn json_schema(#generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                #schema_body
            }
        }
    }
}

// ----- string enums -----

fn emit_enum(def: &TypeDef, e: &ir::Enum) -> TokenStream {
    let name = ident(&def.name);
    let name_str = &def.name.name;
    let mut type_docs = def.docs.clone();
    if type_docs.is_empty() {
        type_docs.push(format!("The `{name_str}` values."));
    }
    type_docs.push(
        "Values this crate does not know decode into `Other`, which keeps the text.".to_owned(),
    );
    let doc = docs::attrs(&type_docs);
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| format!(" `{v}`"));
    let description = def.docs.join("\n\n");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this crate does not know, kept as received.
            Other(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Other(value) => value,
                }
            }

            fn known(value: &str) -> Option<Self> {
                match value {
                    #( #values => Some(Self::#variants), )*
                    _ => None,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Other(value.to_owned()))
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl rt::Encode for #name {
            fn encode(&self, w: &mut rt::Writer) {
                w.str(self.as_str());
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::deserialize(deserializer)
            }
        }

        impl rt::Decode for #name {
            fn decode(r: &mut rt::Reader<'_>) -> Result<Self, rt::Error> {
                rt::string_enum(r, Self::known, Self::Other)
            }
        }

        impl crate::Inspect for #name {
            fn inspect(&self, at: &crate::JsonPath<'_>, found: &mut Vec<crate::Unrecognized>) {
                if let Self::Other(value) = self {
                    found.push(crate::Unrecognized::enum_value(at, #name_str, value));
                }
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#name_str)
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                rt::schema::open_enum(#description, &[#(#values),*])
            }
        }
    }
}

// ----- unions -----

fn emit_union(def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let name_str = &def.name.name;
    let mut type_docs = def.docs.clone();
    if type_docs.is_empty() {
        type_docs.push(format!("The `{name_str}` alternatives."));
    }
    let strategy = u.strategy();
    let all = u.variants();
    let open = strategy != Strategy::JsonType;
    type_docs.push(match &strategy {
        Strategy::Tag(property) => format!("The alternative is chosen by the `{property}` member; an unknown `{property}` decodes into `Other`, which keeps every member."),
        Strategy::BestFit => "There is no tag: the alternative whose required and fixed members are present and which knows the most of the members present is chosen, and the next is tried if it does not decode. An object that fits none decodes into `Other`.".to_owned(),
        Strategy::JsonType => "The alternative is chosen by the JSON type of the value.".to_owned(),
    });
    let doc = docs::attrs(&type_docs);
    let variants: Vec<Ident> = all.iter().map(|v| ident(&v.name)).collect();
    let variant_types: Vec<TokenStream> = all.iter().map(|v| rust_type(&v.ty)).collect();
    let variant_docs = all.iter().map(|v| docs::attrs(&v.docs));
    let other = if open {
        let doc = match &strategy {
            Strategy::Tag(p) => format!(
                " An alternative this crate does not know (by its `{p}`), with every member kept as received."
            ),
            _ => " An object that fits no known alternative, with every member kept as received."
                .to_owned(),
        };
        quote! {
            #[doc = #doc]
            Other(crate::UnknownMembers),
        }
    } else {
        quote!()
    };
    let derives = quote!(#[derive(Debug, Clone, PartialEq)]);

    let encode_other = if open {
        quote!(Self::Other(members) => rt::Encode::encode(members, w),)
    } else {
        quote!()
    };
    let serialize_impl = serialize_impl(&name);
    let serialize = quote! {
        #serialize_impl

        impl rt::Encode for #name {
            fn encode(&self, w: &mut rt::Writer) {
                match self {
                    #( Self::#variants(value) => rt::Encode::encode(value, w), )*
                    #encode_other
                }
            }
        }
    };
    let deserialize = match &u.alternatives {
        Alternatives::Tagged { property, variants } => {
            deserialize_tagged(&name, name_str, property, variants)
        }
        Alternatives::BestFit { variants } => deserialize_best_fit(&name, name_str, variants),
        Alternatives::ByJsonType { variants } => deserialize_by_type(&name, name_str, variants),
    };
    let inspect_other = match &strategy {
        Strategy::Tag(p) => quote! {
            Self::Other(members) => found.push(crate::Unrecognized::variant(at, #name_str, members.get(#p))),
        },
        Strategy::BestFit => quote! {
            Self::Other(_) => found.push(crate::Unrecognized::variant(at, #name_str, None)),
        },
        Strategy::JsonType => quote!(),
    };
    let walks = open || all.iter().any(|v| v.ty.contains_named());
    let (at, found) = if walks {
        (quote!(at), quote!(found))
    } else {
        (quote!(_), quote!(_))
    };
    let inspect_arms = all.iter().zip(&variants).map(|(v, variant)| {
        if v.ty.contains_named() {
            quote! { Self::#variant(value) => crate::Inspect::inspect(value, at, found), }
        } else {
            quote! { Self::#variant(_) => {} }
        }
    });
    let inspect = quote! {
        impl crate::Inspect for #name {
            fn inspect(&self, #at: &crate::JsonPath<'_>, #found: &mut Vec<crate::Unrecognized>) {
                match self {
                    #(#inspect_arms)*
                    #inspect_other
                }
            }
        }
    };
    // `From` for each alternative whose type is its own.
    let froms = all.iter().zip(&variants).filter(|(v, _)| {
        matches!(v.ty, TypeRef::Named(_)) && all.iter().filter(|w| w.ty == v.ty).count() == 1
    });
    let froms = froms.map(|(v, variant)| {
        let ty = rust_type(&v.ty);
        quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    let tag_accessor = match u.tags() {
        Some((property, tagged)) => {
            let tags = tagged.iter().map(|(_, tag)| *tag);
            let doc = format!(" The value of the `{property}` member.");
            quote! {
                impl #name {
                    #[doc = #doc]
                    pub fn tag(&self) -> &str {
                        match self {
                            #( Self::#variants(_) => #tags, )*
                            Self::Other(members) => members.get_str(#property).unwrap_or_default(),
                        }
                    }
                }
            }
        }
        None => quote!(),
    };
    let shared = u.shared.iter().map(|m| {
        let method = ident(&m.method);
        let json_name = &m.json_name;
        let doc = format!(
            " The `{json_name}` member, which every alternative has (`None` where it is absent{}).",
            if open {
                ", or not a string in an unknown alternative"
            } else {
                ""
            }
        );
        let arms = m
            .fields
            .iter()
            .zip(&variants)
            .map(|((field, required), variant)| {
                let field = ident(field);
                if *required {
                    quote!(Self::#variant(value) => Some(value.#field.as_str()),)
                } else {
                    quote!(Self::#variant(value) => value.#field.as_deref(),)
                }
            });
        let other = if open {
            quote!(Self::Other(members) => members.get_str(#json_name),)
        } else {
            quote!()
        };
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #method(&self) -> Option<&str> {
                match self {
                    #(#arms)*
                    #other
                }
            }
        }
    });
    let shared = if u.shared.is_empty() {
        quote!()
    } else {
        quote! {
            impl #name {
                #(#shared)*
            }
        }
    };
    let description = def.docs.join("\n\n");
    let schema_kind = match &strategy {
        Strategy::JsonType => quote!(rt::schema::UnionKind::Closed),
        Strategy::Tag(p) => quote!(rt::schema::UnionKind::Tagged(#p)),
        Strategy::BestFit => quote!(rt::schema::UnionKind::Open),
    };
    quote! {
        #doc
        #derives
        pub enum #name {
            #( #variant_docs #variants(#variant_types), )*
            #other
        }
        #tag_accessor
        #shared
        #(#froms)*
        #serialize
        #deserialize
        #inspect

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(#name_str)
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                rt::schema::union(#description, #schema_kind, Vec::from([#(generator.subschema_for::<#variant_types>()),*]))
            }
        }
    }
}

/// Decodes alternative `variant` of type `ty` from the reader. A `match`
/// rather than `Result::map`: no helper per type (see `rt::tri!`).
fn decode_variant(ty: &TokenStream, variant: &Ident) -> TokenStream {
    quote! {
        match <#ty as rt::Decode>::decode(r) {
            Ok(value) => Ok(Self::#variant(value)),
            Err(e) => Err(e),
        }
    }
}

/// Keeps the object at the reader, member for member, in `Other`.
fn decode_other(expecting: &str) -> TokenStream {
    quote! {
        match rt::unknown_object(r, #expecting) {
            Ok(members) => Ok(Self::Other(members)),
            Err(e) => Err(e),
        }
    }
}

fn deserialize_tagged(
    name: &Ident,
    name_str: &str,
    property: &str,
    tagged: &[Tagged],
) -> TokenStream {
    let expecting = format!("a JSON object with a `{property}` member (`{name_str}`)");
    let other = decode_other(&expecting);
    let arms = tagged.iter().map(|Tagged { variant: v, tag }| {
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty);
        let decode = decode_variant(&ty, &variant);
        quote! { #tag => #decode, }
    });
    let deserialize = deserialize_impl(name);
    quote! {
        #deserialize

        impl rt::Decode for #name {
            fn decode(r: &mut rt::Reader<'_>) -> Result<Self, rt::Error> {
                let start = r.mark();
                let tag = rt::tri!(rt::read_tag(r, #property, #expecting));
                r.rewind(start);
                match &*tag {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    }
}

fn fit_tokens(fit: &Fit) -> TokenStream {
    let required = &fit.required;
    let known = &fit.known;
    let fixed = fit.fixed.iter().map(|(k, v)| {
        let value = const_fixed(v);
        quote!((#k, #value))
    });
    let closed = fit.closed;
    quote! {
        rt::Fit { required: &[#(#required),*], known: &[#(#known),*], fixed: &[#(#fixed),*], closed: #closed }
    }
}

fn deserialize_best_fit(name: &Ident, name_str: &str, fitted: &[Fitted]) -> TokenStream {
    let expecting = format!("a JSON object (`{name_str}`)");
    let other = decode_other(&expecting);
    let fits = fitted.iter().map(|f| fit_tokens(&f.fit));
    let count = Literal::usize_unsuffixed(fitted.len());
    let arms = fitted
        .iter()
        .enumerate()
        .map(|(i, Fitted { variant: v, .. })| {
            let variant = ident(&v.name);
            let ty = rust_type(&v.ty);
            let i = Literal::usize_unsuffixed(i);
            let decode = decode_variant(&ty, &variant);
            quote! { #i => #decode, }
        });
    let deserialize = deserialize_impl(name);
    quote! {
        #deserialize

        impl rt::Decode for #name {
            fn decode(r: &mut rt::Reader<'_>) -> Result<Self, rt::Error> {
                const FITS: [rt::Fit; #count] = [#(#fits),*];
                let start = r.mark();
                let members = rt::tri!(rt::scan_members(r, #expecting));
                // Each alternative that fits reads the object from its
                // start; if none decodes, the error is the best fit's.
                let mut best_error = None;
                for index in rt::rank(&members, &FITS) {
                    r.rewind(start);
                    let decoded = match index {
                        #(#arms)*
                        _ => continue,
                    };
                    match decoded {
                        Ok(value) => return Ok(value),
                        Err(e) => {
                            best_error.get_or_insert(e);
                        }
                    }
                }
                if let Some(e) = best_error {
                    return Err(e);
                }
                r.rewind(start);
                #other
            }
        }
    }
}

fn deserialize_by_type(name: &Ident, name_str: &str, typed: &[Typed]) -> TokenStream {
    let expecting = {
        let kinds: Vec<&str> = typed.iter().map(|t| json_type_name(t.json_type)).collect();
        format!("{} (a `{name_str}`)", kinds.join(" or "))
    };
    let arms = typed.iter().map(
        |Typed {
             variant: v,
             json_type,
         }| {
            let variant = ident(&v.name);
            let ty = rust_type(&v.ty);
            let kind = match json_type {
                JsonType::Null => quote!(Null),
                JsonType::Bool => quote!(Bool),
                JsonType::Number => quote!(Number),
                JsonType::String => quote!(String),
                JsonType::Array => quote!(Array),
                JsonType::Object => quote!(Object),
            };
            let decode = decode_variant(&ty, &variant);
            quote! { Some(rt::JsonType::#kind) => #decode, }
        },
    );
    let deserialize = deserialize_impl(name);
    quote! {
        #deserialize

        impl rt::Decode for #name {
            fn decode(r: &mut rt::Reader<'_>) -> Result<Self, rt::Error> {
                match rt::json_type(r) {
                    #(#arms)*
                    _ => Err(rt::no_alternative(r, #expecting)),
                }
            }
        }
    }
}

fn json_type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Bool => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}
