//! Lowering operations into [`OperationDef`]s.

use super::docs::{paragraphs, sentence};
use super::names;
use super::{
    BodyDef, FilesPart, JsonPart, OperationDef, PaginationDef, ParamDef, PathPiece, ResponseDef,
    Step, TypeDef, TypeKind, TypeRef, TypeSpace, View,
};
use crate::check::model::{Body, Kind, Location, PathSegment, Spec};
use crate::diagnostic::{Diagnostic, Sink};

pub fn lower(spec: &Spec, types: &TypeSpace, diagnostics: &mut Sink) -> Vec<OperationDef> {
    let mut out = Vec::new();
    let mut type_names: std::collections::HashMap<String, String> = types
        .types
        .iter()
        .map(|t| (t.name.name.clone(), t.pointer.clone()))
        .collect();
    for op in &spec.operations {
        let type_name = names::pascal(&op.id);
        if let Some(pointer) = type_names.insert(type_name.clone(), op.pointer.clone()) {
            diagnostics.push(Diagnostic::new(
                format!("{}/operationId", op.pointer),
                format!("expected the operation's descriptor name `{type_name}` to be free, but `{pointer}` already uses it"),
                "rename the operationId or the component",
            ));
        }
        if names::constant(&op.id) == "ALL" {
            diagnostics.push(Diagnostic::new(
                format!("{}/operationId", op.pointer),
                "expected an operationId other than `all`, whose registry entry would be `ALL`, the list of every operation",
                "rename the operationId",
            ));
        }
        let mut docs = Vec::new();
        if let Some(summary) = &op.summary {
            docs.push(sentence(summary));
        }
        docs.extend(paragraphs(op.description.as_deref()));
        docs.push(format!("`{} {}`", op.method, op.path));

        // Path parameters in template order, so that positional
        // constructors read like the URL.
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        for p in &op.parameters {
            let ty = match &p.schema.kind {
                Kind::String => TypeRef::String,
                Kind::Integer => TypeRef::Integer,
                Kind::Number => TypeRef::Number,
                Kind::Boolean => TypeRef::Bool,
                Kind::Enum { .. } => {
                    TypeRef::Named(format!("{type_name}{}", names::pascal(&p.name)))
                }
                Kind::Ref(name) => match types.get(&names::type_name(name).source()) {
                    Some(t) if matches!(t.kind, TypeKind::Enum(_)) => {
                        TypeRef::Named(t.name.name.clone())
                    }
                    _ => match spec.component(name).map(|c| &c.schema.kind) {
                        Some(Kind::Integer) => TypeRef::Integer,
                        Some(Kind::Number) => TypeRef::Number,
                        Some(Kind::Boolean) => TypeRef::Bool,
                        _ => TypeRef::String,
                    },
                },
                _ => TypeRef::String,
            };
            let mut param_docs = paragraphs(p.description.as_deref());
            if param_docs.is_empty() {
                param_docs.push(format!("The `{}` parameter.", p.name));
            }
            if let Some(default) = &p.schema.default {
                param_docs.push(format!("The API assumes `{default}` when it is left out."));
            }
            let values = match &p.schema.kind {
                Kind::Enum {
                    values,
                    names: given,
                } => Some(names::enumeration(
                    values,
                    given.as_deref(),
                    &p.schema.pointer,
                    diagnostics,
                )),
                _ => None,
            };
            let local_type = match (values, &ty) {
                (Some(values), TypeRef::Named(type_name)) => {
                    let mut docs = param_docs.clone();
                    docs.insert(
                        0,
                        format!("Values of the `{}` query parameter of `{}`.", p.name, op.id),
                    );
                    Some(TypeDef {
                        name: names::type_name(type_name),
                        docs,
                        pointer: p.schema.pointer.clone(),
                        views: vec![View::Input],
                        kind: TypeKind::Enum(values),
                    })
                }
                _ => None,
            };
            let def = ParamDef {
                name: p.name.clone(),
                rust_name: names::field(&p.name),
                docs: param_docs,
                ty,
                required: p.required,
                local_type,
            };
            match p.location {
                Location::Path => path_params.push(def),
                Location::Query => query_params.push(def),
            }
        }
        let position = |name: &str| {
            op.template
                .iter()
                .position(|s| matches!(s, PathSegment::Parameter(n) if n == name))
                .unwrap_or(usize::MAX)
        };
        path_params.sort_by_key(|p| position(&p.name));
        let template = op
            .template
            .iter()
            .filter_map(|segment| match segment {
                PathSegment::Literal(text) => Some(PathPiece::Literal(text.clone())),
                PathSegment::Parameter(name) => path_params
                    .iter()
                    .position(|p| &p.name == name)
                    .map(PathPiece::Parameter),
            })
            .collect();

        let body = match &op.body {
            None => None,
            Some(Body::Json {
                schema,
                description,
            }) => {
                let Kind::Ref(name) = &schema.kind else {
                    continue;
                };
                Some(BodyDef::Json {
                    ty: input_name(types, name),
                    docs: paragraphs(description.as_deref()),
                })
            }
            Some(Body::Multipart {
                parts,
                content_types,
                each_file_as_part,
                description,
            }) => {
                let mut json_parts = Vec::new();
                let mut files: Option<FilesPart> = None;
                for part in parts {
                    let field = part
                        .schema
                        .rust_name
                        .as_deref()
                        .map_or_else(|| names::field(&part.name), names::field);
                    match &part.schema.kind {
                        Kind::Ref(name) => {
                            let ct = content_types.iter().find(|(p, _)| p == &part.name).map_or("application/json", |(_, c)| c.as_str());
                            json_parts.push(JsonPart {
                                name: part.name.clone(),
                                field,
                                ty: TypeRef::Named(input_name(types, name)),
                                content_type: ct.to_owned(),
                            });
                        }
                        Kind::Array(items) if items.format.as_deref() == Some("binary") => {
                            if let Some(first) = &files {
                                diagnostics.push(Diagnostic::new(
                                    part.schema.pointer.clone(),
                                    format!("expected one part of files, but `{}` and `{}` both are", first.name, part.name),
                                    "send every file under one part",
                                ));
                                continue;
                            }
                            files = Some(FilesPart {
                                name: part.name.clone(),
                                field,
                                each_file_as_part: each_file_as_part.contains(&part.name),
                                docs: paragraphs(part.schema.description.as_deref()),
                            });
                        }
                        _ => diagnostics.push(Diagnostic::new(
                            part.schema.pointer.clone(),
                            format!("expected the multipart part `{}` to be a `$ref` (a JSON part) or an array of `format: binary` strings (files)", part.name),
                            "describe JSON parts with a component and file parts as `{\"type\": \"array\", \"items\": {\"type\": \"string\", \"format\": \"binary\"}}`",
                        )),
                    }
                }
                Some(BodyDef::Multipart {
                    json_parts,
                    files,
                    docs: paragraphs(description.as_deref()),
                })
            }
        };
        // The descriptor's fields: parameters, then the body's parts; two
        // with one name would not compile.
        if let Some(BodyDef::Multipart {
            json_parts, files, ..
        }) = &body
        {
            let parts = json_parts
                .iter()
                .map(|p| &p.field)
                .chain(files.iter().map(|f| &f.field));
            for field in parts {
                if path_params
                    .iter()
                    .chain(&query_params)
                    .any(|p| p.rust_name == *field)
                {
                    diagnostics.push(Diagnostic::new(
                        format!("{}/requestBody", op.pointer),
                        format!("expected the multipart part field `{}` to differ from the parameters' fields, but a parameter has that name", field.name),
                        "rename the part with `x-rust-name`, or the parameter",
                    ));
                }
            }
        }
        let pagination = op.pagination.as_ref().and_then(|p| {
            let success = names::type_name(&op.success).source();
            let mut walk = |pointer: &str| match steps(types, &success, pointer) {
                Ok(found) => Some(found),
                Err(message) => {
                    diagnostics.push(Diagnostic::new(
                        p.pointer.clone(),
                        message,
                        "point at a member of the success body, through declared object members",
                    ));
                    None
                }
            };
            let items = walk(&p.items)?;
            let total_pages = match &p.total_pages {
                Some(pointer) => Some(walk(pointer)?),
                None => None,
            };
            if !matches!(items.1, TypeRef::Vec(_)) {
                diagnostics.push(Diagnostic::new(
                    p.pointer.clone(),
                    format!("expected `{}` to lead to an array", p.items),
                    "point `items` at the list of items",
                ));
                return None;
            }
            if let Some((_, ty)) = &total_pages
                && !matches!(ty, TypeRef::Integer | TypeRef::Number)
            {
                diagnostics.push(Diagnostic::new(
                    p.pointer.clone(),
                    "expected `totalPages` to lead to a number",
                    "point `totalPages` at the page count",
                ));
                return None;
            }
            Some(PaginationDef {
                items: items.0,
                total_pages,
                disabled_by: p.disabled_by.as_deref().map(names::field),
            })
        });
        // Bodies are decoded into generated types, so each must be an object,
        // a union or an enum.
        // Every body has a generated type of its own: `check` makes sure
        // of it, with `Kind::has_own_type`, the rule `lower` names types by.
        out.push(OperationDef {
            pagination,
            id: op.id.clone(),
            const_name: names::constant(&op.id),
            type_name,
            method: op.method.clone(),
            path: op.path.clone(),
            template,
            docs,
            path_params,
            query_params,
            body,
            success: ResponseDef {
                status: op.success_status.clone(),
                ty: names::type_name(&op.success).source(),
            },
            failure: op.failure.as_ref().map(|(status, component)| ResponseDef {
                status: status.clone(),
                ty: names::type_name(component).source(),
            }),
        });
    }
    out
}

/// The field accesses that lead from the type `start` along a JSON
/// pointer, and the type reached.
fn steps(types: &TypeSpace, start: &str, pointer: &str) -> Result<(Vec<Step>, TypeRef), String> {
    let mut ty = TypeRef::Named(start.to_owned());
    let mut out = Vec::new();
    for token in pointer.trim_start_matches('/').split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        let name = match &ty {
            TypeRef::Named(name) => name.clone(),
            _ => {
                return Err(format!(
                    "expected `{pointer}` to go through objects, but `{token}` is inside a value that is not one"
                ));
            }
        };
        let Some(TypeKind::Struct(s)) = types.get(&name).map(|t| &t.kind) else {
            return Err(format!(
                "expected `{name}` to be an object with the member `{token}` (from `{pointer}`)"
            ));
        };
        let Some(field) = s.fields().find(|f| f.json_name == token) else {
            return Err(format!(
                "expected `{name}` to have the member `{token}` (from `{pointer}`)"
            ));
        };
        let (inner, nullable) = match &field.ty {
            TypeRef::Nullable(inner) => ((**inner).clone(), true),
            other => (other.clone(), false),
        };
        out.push(Step {
            field: field.rust_name.clone(),
            required: field.required,
            nullable,
        });
        ty = inner;
    }
    Ok((out, ty))
}

/// The request-side type of a component.
fn input_name(types: &TypeSpace, component: &str) -> String {
    let base = names::type_name(component).source();
    let input = format!("{base}{}", names::INPUT_SUFFIX);
    match types.get(&input) {
        Some(t) if t.views.contains(&View::Input) => input,
        _ => base,
    }
}
