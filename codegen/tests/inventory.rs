//! A compact, reviewable snapshot of everything the real schema generates:
//! each type with its members, and each operation with its parameters.
//! The generated source itself is pinned by the checked-in copy under
//! `generated/` (see the root crate's `generated_up_to_date` test); this
//! snapshot shows API changes at a glance in review.

#![allow(clippy::panic, reason = "a test reports failure by panicking")]

use std::fmt::Write as _;
use std::path::Path;

use worker_versions_codegen::ir::{self, BodyDef, Member, Strategy, TypeKind, TypeRef};

fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::Any => "any".into(),
        TypeRef::Object => "object".into(),
        TypeRef::Null => "null".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer => "integer".into(),
        TypeRef::Number => "number".into(),
        TypeRef::String => "string".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(inner) => format!("[{}]", ty(inner)),
        TypeRef::Map(inner) => format!("{{string: {}}}", ty(inner)),
        TypeRef::Nullable(inner) => format!("{}?", ty(inner)),
    }
}

#[test]
fn the_crate_generates_these_types_and_operations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let file = match worker_versions_codegen::load::load(&root.join("schema/openapi.json")) {
        Ok(file) => file,
        Err(d) => panic!("{d}"),
    };
    let mut sink = worker_versions_codegen::diagnostic::Sink::default();
    let spec = worker_versions_codegen::check::check(&file.root, &file.order, &mut sink);
    let ir = ir::lower(&spec, &mut sink).filter(|_| sink.is_empty());
    let Some(ir) = ir else {
        panic!("{}", file.locate(sink.into_vec()))
    };
    let mut out = String::new();
    for t in &ir.types.types {
        match &t.kind {
            TypeKind::Struct(s) => {
                let _ = writeln!(out, "struct {}", t.name.name);
                for m in &s.members {
                    match m {
                        Member::Field(f) => {
                            let optional = if f.required { "" } else { " (optional)" };
                            let secret = if f.sensitive { " (secret)" } else { "" };
                            let _ =
                                writeln!(out, "  {}: {}{optional}{secret}", f.json_name, ty(&f.ty));
                        }
                        Member::Const(c) => {
                            let _ = writeln!(out, "  {} = {:?}", c.json_name, c.value);
                        }
                    }
                }
            }
            TypeKind::Enum(e) => {
                let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
                let _ = writeln!(out, "enum {}: {}", t.name.name, values.join(" | "));
            }
            TypeKind::Union(u) => {
                let how = match &u.strategy() {
                    Strategy::Tag(p) => format!("by `{p}`"),
                    Strategy::BestFit => "by best fit".into(),
                    Strategy::JsonType => "by JSON type".into(),
                };
                let _ = writeln!(out, "union {} {how}", t.name.name);
                for (v, tag) in u.with_tags() {
                    let tag = tag.map(|t| format!(" = {t:?}")).unwrap_or_default();
                    let _ = writeln!(out, "  {}({}){tag}", v.name.name, ty(&v.ty));
                }
            }
        }
    }
    for op in &ir.operations {
        let _ = writeln!(
            out,
            "operation {} {} {} -> {} / {}",
            op.id,
            op.method,
            op.path,
            op.success.ty,
            op.failure.as_ref().map_or("(none)", |f| f.ty.as_str())
        );
        for p in op.path_params.iter().chain(&op.query_params) {
            let optional = if p.required { "" } else { " (optional)" };
            let _ = writeln!(out, "  {}: {}{optional}", p.name, ty(&p.ty));
        }
        match &op.body {
            Some(BodyDef::Json { ty: body, .. }) => {
                let _ = writeln!(out, "  body: {body}");
            }
            Some(BodyDef::Multipart {
                json_parts, files, ..
            }) => {
                for part in json_parts {
                    let _ = writeln!(
                        out,
                        "  part {}: {} ({})",
                        part.name,
                        ty(&part.ty),
                        part.content_type
                    );
                }
                if let Some(files) = files {
                    let naming = if files.each_file_as_part {
                        "each named by its file"
                    } else {
                        "under the part's name"
                    };
                    let _ = writeln!(
                        out,
                        "  files {} as `{}`, {naming}",
                        files.name, files.field.name
                    );
                }
            }
            None => {}
        }
        if op.pagination.is_some() {
            let _ = writeln!(out, "  paginated");
        }
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("inventory", out);
    });
}
