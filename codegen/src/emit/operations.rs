//! Emitting the operation registry and one descriptor per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::types::{self, ident, rust_type};
use crate::ir::{self, BodyDef, OperationDef, ParamDef, PathPiece, Step, TypeRef};

/// The registry file of the `operations` module: every operation in one
/// list, and a lookup by id.
pub fn registry(operations: &[OperationDef]) -> TokenStream {
    let names = operations
        .iter()
        .map(|op| format_ident!("{}", op.const_name));
    quote! {
        /// Every operation, in the order the schema lists them.
        pub const ALL: &[crate::Operation] = &[#(#names),*];

        /// The operation with this `operationId`.
        pub fn find(id: &str) -> Option<&'static crate::Operation> {
            ALL.iter().find(|op| op.id == id)
        }
    }
}

/// The Rust type of an operation's failure body: its generated type, or,
/// when the schema declares no failure response, the body kept whole as
/// its members.
fn failure_type_tokens(op: &OperationDef) -> TokenStream {
    match &op.failure {
        Some(failure) => {
            let name = format_ident!("{}", failure.ty);
            quote!(types::#name)
        }
        None => quote!(crate::UnknownMembers),
    }
}

/// The failure response's status key and type name, as the registry
/// lists them (`""` for the status when there is none).
fn failure_names(op: &OperationDef) -> (&str, &str) {
    match &op.failure {
        Some(failure) => (&failure.status, &failure.ty),
        None => ("", "UnknownMembers"),
    }
}

/// The response body types of `operations`, each once.
pub fn body_types(operations: &[OperationDef]) -> Vec<&str> {
    let mut bodies: Vec<&str> = operations
        .iter()
        .flat_map(|op| {
            let failure = op.failure.as_ref().map(|f| f.ty.as_str());
            std::iter::once(op.success.ty.as_str()).chain(failure)
        })
        .collect();
    bodies.sort_unstable();
    bodies.dedup();
    bodies
}

/// One operation's file: its registry entry, its request descriptor and
/// the enums of its query parameters.
pub fn operation(op: &OperationDef) -> TokenStream {
    let entry = registry_entry(op);
    let descriptor = descriptor(op);
    quote! {
        #entry
        #descriptor
    }
}

/// `from_slice` and `FromStr` on a response body type. They are not
/// generic, so the decoder behind them is compiled once, in this crate,
/// rather than in every program that decodes the type.
pub fn body_decoder(type_name: &str) -> TokenStream {
    let ty = format_ident!("{}", type_name);
    let doc = format!(
        " Decodes a `{type_name}` from JSON. Not generic: the decoder is compiled in this crate, not in yours. Errors name the JSON path, the line and the column."
    );
    quote! {
        impl #ty {
            #[doc = #doc]
            pub fn from_slice(json: &[u8]) -> Result<Self, crate::JsonError> {
                rt::from_json(json, #type_name, SENSITIVE_MEMBERS)
            }
        }

        impl std::str::FromStr for #ty {
            type Err = crate::JsonError;

            /// Decodes it from JSON text, as [`Self::from_slice`] does.
            fn from_str(json: &str) -> Result<Self, Self::Err> {
                Self::from_slice(json.as_bytes())
            }
        }
    }
}

fn registry_entry(op: &OperationDef) -> TokenStream {
    let name = format_ident!("{}", op.const_name);
    let doc = docs::attrs(&op.docs);
    let id = &op.id;
    let method = &op.method;
    let path = &op.path;
    let (success_status, success_type) = (&op.success.status, &op.success.ty);
    let (failure_status, failure_type) = failure_names(op);
    let success = format_ident!("{}", success_type);
    let failure = failure_type_tokens(op);
    let decode = format_ident!("decode_{}", ir::names::module(&op.type_name));
    let decode_doc = format!(
        " The decoder behind [`{}`]'s [`crate::Operation::decode`]: not generic, so it is compiled here, once.",
        op.const_name
    );
    quote! {
        #doc
        pub const #name: crate::Operation = rt::OperationParts {
            id: #id,
            method: #method,
            path_template: #path,
            success_status: #success_status,
            success_type: #success_type,
            failure_status: #failure_status,
            failure_type: #failure_type,
            sensitive_members: types::SENSITIVE_MEMBERS,
            decode: #decode,
        }
        .build();

        #[doc = #decode_doc]
        fn #decode(status: u16, body: &[u8]) -> Result<crate::Decoded, crate::DecodeError> {
            rt::decode_response::<types::#success, #failure>(&#name, status, body)
        }
    }
}

/// Types in the operations module live in `types` unless generated here.
fn qualified(ty: &TypeRef, local: &[String]) -> TokenStream {
    match ty {
        TypeRef::Named(name) if !local.contains(name) => {
            let name = format_ident!("{}", name);
            quote!(types::#name)
        }
        other => rust_type(other),
    }
}

fn descriptor(op: &OperationDef) -> TokenStream {
    let name = format_ident!("{}", op.type_name);
    let registry = format_ident!("{}", op.const_name);
    let local: Vec<String> = op
        .query_params
        .iter()
        .filter_map(|p| Some(p.local_type.as_ref()?.name.name.clone()))
        .collect();
    let doc = docs::attrs_with(
        &op.docs,
        &[format!(
            "The request descriptor of `{}`: build it with [`{}::new`], set optional query parameters with the methods of the same name, then turn it into an HTTP request with [`crate::Endpoint::to_request`].",
            op.id, op.type_name
        )],
    );

    let param_field = |p: &ParamDef| {
        let doc = docs::attrs(&p.docs);
        let field = ident(&p.rust_name);
        let ty = qualified(&p.ty, &local);
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
        quote! { #doc pub #field: #ty, }
    };
    let path_fields = op.path_params.iter().map(param_field);
    let query_fields = op.query_params.iter().map(param_field);
    let body_fields = match &op.body {
        None => quote!(),
        Some(BodyDef::Json {
            ty,
            docs: body_docs,
        }) => {
            let ty = format_ident!("{}", ty);
            let mut d = body_docs.clone();
            if d.is_empty() {
                d.push("The JSON body.".to_owned());
            }
            let doc = docs::attrs(&d);
            quote! { #doc pub body: types::#ty, }
        }
        Some(BodyDef::Multipart {
            json_parts, files, ..
        }) => {
            let parts = json_parts.iter().map(|part| {
                let field = ident(&part.field);
                let ty = qualified(&part.ty, &local);
                let doc = format!(" The `{}` part, sent as JSON.", part.name);
                quote! { #[doc = #doc] pub #field: #ty, }
            });
            let files = files.as_ref().map(|files| {
                let field = ident(&files.field);
                let naming = if files.each_file_as_part {
                    "Each file is a part of its own, named by its file name.".to_owned()
                } else {
                    format!("Each file is a `{}` part.", files.name)
                };
                let doc = docs::attrs_with(&files.docs, &[naming]);
                quote! { #doc pub #field: Vec<crate::ModulePart>, }
            });
            quote! {
                #(#parts)*
                #files
            }
        }
    };

    // `new` takes the path parameters, required query parameters and the body.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in op.path_params.iter().chain(&op.query_params) {
        let field = ident(&p.rust_name);
        if !p.required {
            inits.push(quote!(#field: None));
            continue;
        }
        let (arg, init) = types::argument(&field, &p.ty, qualified(&p.ty, &local));
        args.push(arg);
        inits.push(init);
    }
    match &op.body {
        None => {}
        Some(BodyDef::Json { ty, .. }) => {
            let ty = format_ident!("{}", ty);
            args.push(quote!(body: types::#ty));
            inits.push(quote!(body));
        }
        Some(BodyDef::Multipart {
            json_parts, files, ..
        }) => {
            for part in json_parts {
                let field = ident(&part.field);
                let ty = qualified(&part.ty, &local);
                args.push(quote!(#field: #ty));
                inits.push(quote!(#field));
            }
            if let Some(files) = files {
                let field = ident(&files.field);
                args.push(quote!(#field: Vec<crate::ModulePart>));
                inits.push(quote!(#field));
            }
        }
    }
    let setters = op.query_params.iter().filter(|p| !p.required).map(|p| {
        let field = ident(&p.rust_name);
        let ty = qualified(&p.ty, &local);
        let doc = format!(" Sets the `{}` query parameter.", p.name);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #field(mut self, value: #ty) -> Self {
                self.#field = Some(value);
                self
            }
        }
    });

    let path = path_body(op);
    let query_pushes = op.query_params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let key = &p.name;
        let value = match &p.ty {
            TypeRef::String => quote!(value),
            TypeRef::Bool => quote!(if *value { "true" } else { "false" }),
            TypeRef::Named(_) => quote!(value.as_str()),
            _ => quote!(&value.to_string()),
        };
        if p.required {
            quote! {
                let value = &self.#field;
                query.push(#key, #value);
            }
        } else {
            quote! {
                if let Some(value) = &self.#field {
                    query.push(#key, #value);
                }
            }
        }
    });
    let body = match &op.body {
        None => quote!(Ok(crate::RequestBody::Empty)),
        Some(BodyDef::Json { .. }) => quote! {
            Ok(crate::RequestBody::Json(rt::to_json(&self.body).into_bytes()))
        },
        Some(BodyDef::Multipart {
            json_parts, files, ..
        }) => {
            // JSON parts first, in schema order, then the files.
            let encode = json_parts.iter().map(|part| {
                let field = ident(&part.field);
                quote! {
                    let #field = rt::to_json(&self.#field).into_bytes();
                }
            });
            let listed = json_parts.iter().map(|part| {
                let field = ident(&part.field);
                let (name, content_type) = (&part.name, &part.content_type);
                quote!((#name, #content_type, #field.as_slice()))
            });
            let (files, naming) = match files {
                Some(files) => {
                    let field = ident(&files.field);
                    let naming = if files.each_file_as_part {
                        quote!(rt::FileParts::NamedByFile)
                    } else {
                        let name = &files.name;
                        quote!(rt::FileParts::Under(#name))
                    };
                    (quote!(&self.#field), naming)
                }
                None => (quote!(&[]), quote!(rt::FileParts::NamedByFile)),
            };
            quote! {
                #(#encode)*
                let form = rt::multipart_form(&[#(#listed),*], #files, #naming)?;
                Ok(crate::RequestBody::Multipart(form))
            }
        }
    };
    let success = format_ident!("{}", op.success.ty);
    let failure = failure_type_tokens(op);
    let method = format_ident!("{}", op.method);
    let query_mut = if op.query_params.is_empty() {
        quote!(query)
    } else {
        quote!(mut query)
    };
    let pagination = op.pagination.as_ref().map(|p| paginate(&name, p));
    let enums = op
        .query_params
        .iter()
        .filter_map(|p| p.local_type.as_ref().map(types::emit));
    // With nothing to pass, `new()` is the default.
    let derives = if args.is_empty() {
        quote!(#[derive(Debug, Clone, PartialEq, Default)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#path_fields)*
            #(#query_fields)*
            #body_fields
        }

        impl #name {
            /// The request, with every optional query parameter unset.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }

        impl crate::Endpoint for #name {
            type Success = types::#success;
            type Failure = #failure;

            const OPERATION: &'static crate::Operation = &#registry;

            fn method(&self) -> crate::http::Method {
                crate::http::Method::#method
            }

            fn path(&self) -> Result<String, crate::RequestError> {
                #path
            }

            fn query(&self) -> String {
                let #query_mut = crate::QueryBuilder::default();
                #(#query_pushes)*
                query.finish()
            }

            fn body(&self) -> Result<crate::RequestBody, crate::RequestError> {
                #body
            }

            fn parse_response(
                &self,
                status: u16,
                body: &[u8],
            ) -> Result<Self::Success, crate::ApiError> {
                rt::parse_response(&#registry, status, body)
            }

            fn decode_failure(
                &self,
                status: u16,
                body: &[u8],
            ) -> Result<Self::Failure, crate::DecodeError> {
                crate::decode_body(&#registry, status, body)
            }
        }

        #pagination
        #(#enums)*
    }
}

/// The `path` method: literal pieces of the template, and each parameter
/// encoded as one segment.
fn path_body(op: &OperationDef) -> TokenStream {
    let statements = op.template.iter().filter_map(|piece| match piece {
        PathPiece::Literal(text) => Some(quote!(path.push_str(#text);)),
        PathPiece::Parameter(index) => {
            let p = op.path_params.get(*index)?;
            let (name, field) = (&p.name, ident(&p.rust_name));
            let value = match &p.ty {
                TypeRef::String => quote!(&self.#field),
                _ => quote!(&self.#field.to_string()),
            };
            Some(quote!(crate::encode_segment(&mut path, #name, #value)?;))
        }
    });
    let capacity = op.path.len() + 32 * op.path_params.len();
    quote! {
        let mut path = String::with_capacity(#capacity);
        #(#statements)*
        Ok(path)
    }
}

/// An expression walking `steps` from `response`, giving `Option<&T>`.
fn walk(steps: &[Step]) -> TokenStream {
    let mut expr = quote!(Some(response));
    for step in steps {
        let field = ident(&step.field);
        expr = if step.required {
            quote!(#expr.map(|v| &v.#field))
        } else {
            quote!(#expr.and_then(|v| v.#field.as_ref()))
        };
        if step.nullable {
            expr = quote!(#expr.and_then(|v| v.as_ref()));
        }
    }
    expr
}

fn paginate(name: &proc_macro2::Ident, p: &ir::PaginationDef) -> TokenStream {
    let items = walk(&p.items);
    let total_pages = match &p.total_pages {
        Some((steps, TypeRef::Number)) => {
            let e = walk(steps);
            quote!(#e.and_then(crate::Number::as_u64))
        }
        Some((steps, _)) => {
            let e = walk(steps);
            quote!(#e.and_then(|v| u64::try_from(*v).ok()))
        }
        None => quote!(None),
    };
    let disabled = p.disabled_by.as_ref().map(|flag| {
        let flag = ident(flag);
        quote! {
            if self.#flag == Some(true) {
                return None;
            }
        }
    });
    quote! {
        impl crate::Paginated for #name {
            fn next_page(&self, response: &Self::Success) -> Option<Self> {
                #disabled
                let items = #items.map_or(0, Vec::len);
                let total_pages = #total_pages;
                let page = crate::next_page_number(self.page, items, total_pages)?;
                Some(Self { page: Some(page), ..self.clone() })
            }
        }
    }
}
