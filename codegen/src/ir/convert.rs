//! Conversions from a response type to its request twin (`Version` to
//! `VersionInput`, `Binding` to `BindingInput`), so a fetched value can be
//! sent back: read-only members are dropped, everything else is kept,
//! unknown members included.
//!
//! A conversion exists only where it cannot fail. A request type that
//! requires a member its response twin may lack (a secret's write-only
//! `text`) has none, and neither has anything that contains it, unless a
//! fixup below says what such a value becomes instead.

use super::{
    Conversion, ConversionKind, DirectField, FieldConversion, Strategy, Struct, TypeDef, TypeKind,
    TypeRef, TypeSpace, UnionArm, ValueConversion, View,
};
use crate::diagnostic::{Diagnostic, Sink};

/// A union alternative that a response may carry without a member its
/// request twin requires, and the alternative it is sent back as instead.
struct Fallback {
    /// The tag of the alternative.
    tag: &'static str,
    /// The tag of the alternative it becomes.
    becomes: &'static str,
    /// Why, for the generated docs.
    why: &'static str,
}

/// Cloudflare never returns a secret's `text` (it is write-only), so a
/// fetched `secret_text` binding cannot be sent back as it is. Sending an
/// `inherit` binding of the same name instead keeps the secret the
/// deployed version already has, which is what a redeploy or a rollback
/// means. The fixup is checked: if either tag leaves the binding union, or
/// `inherit` stops being a binding that needs no more than a name, the
/// generator says so.
const FALLBACKS: &[Fallback] = &[Fallback {
    tag: "secret_text",
    becomes: "inherit",
    why: "the API never returns a secret's text; an `inherit` binding of the same name keeps the secret the version already has",
}];

/// Finds every conversion, response type to request type.
pub fn find(types: &TypeSpace, diagnostics: &mut Sink) -> Vec<Conversion> {
    let pairs: Vec<(&TypeDef, &TypeDef)> = types
        .types
        .iter()
        .filter(|t| t.views == [View::Output])
        .filter_map(|output| {
            let input = types.types.iter().find(|t| {
                t.views == [View::Input] && t.pointer == output.pointer && t.name != output.name
            })?;
            Some((output, input))
        })
        .collect();
    let mut used = vec![false; FALLBACKS.len()];
    // Pairs that cannot convert whatever their members' types do: the
    // request requires a member the response may lack.
    let optimistic = |a: &str, b: &str| {
        pairs
            .iter()
            .any(|(o, i)| o.name.name == a && i.name.name == b)
    };
    let impossible: Vec<&str> = pairs
        .iter()
        .filter(|(output, input)| match (&output.kind, &input.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                struct_conversion(a, b, &optimistic).is_none()
            }
            _ => false,
        })
        .map(|(output, _)| output.name.name.as_str())
        .collect();
    // A conversion may need another one (a field of a split type), so
    // repeat until no new conversion appears.
    let mut found: Vec<Conversion> = Vec::new();
    loop {
        let before = found.len();
        for (output, input) in &pairs {
            if found.iter().any(|c| c.from == output.name.name) {
                continue;
            }
            let known = |a: &str, b: &str| found.iter().any(|c| c.from == a && c.to == b);
            let kind = match (&output.kind, &input.kind) {
                (TypeKind::Struct(a), TypeKind::Struct(b)) => struct_conversion(a, b, &known),
                (TypeKind::Union(a), TypeKind::Union(b)) if a.strategy() == b.strategy() => {
                    union_conversion(types, a, b, &known, &impossible, &mut used)
                }
                _ => None,
            };
            if let Some(kind) = kind {
                found.push(Conversion {
                    from: output.name.name.clone(),
                    to: input.name.name.clone(),
                    kind,
                });
            }
        }
        if found.len() == before {
            break;
        }
    }
    let has_pairs = !pairs.is_empty();
    for (fallback, used) in FALLBACKS.iter().zip(used) {
        // A schema without split types (a small test schema) has nothing
        // for the fixup to apply to; one with them must still need it.
        let union = types.types.iter().find(|t| has_tag(t, fallback.tag));
        if let (true, false, Some(union)) = (has_pairs, used, union) {
            diagnostics.push(Diagnostic::new(
                union.pointer.as_str(),
                format!(
                    "the fixup that sends a `{}` alternative back as `{}` no longer applies",
                    fallback.tag, fallback.becomes
                ),
                "the schema changed: remove the fixup from codegen/src/ir/convert.rs, or update it",
            ));
        }
    }
    found
}

fn has_tag(def: &TypeDef, tag: &str) -> bool {
    matches!(&def.kind, TypeKind::Union(u) if u.with_tags().iter().any(|(_, t)| *t == Some(tag)))
}

/// Whether a conversion from the first named type to the second exists.
type Known<'a> = dyn Fn(&str, &str) -> bool + 'a;

/// How a value of type `from` becomes one of type `to`, if it always can.
fn value(from: &TypeRef, to: &TypeRef, known: &Known<'_>) -> Option<ValueConversion> {
    if from == to {
        return Some(ValueConversion::Same);
    }
    Some(match (from, to) {
        (TypeRef::Named(a), TypeRef::Named(b)) if known(a, b) => ValueConversion::Into,
        (TypeRef::Vec(a), TypeRef::Vec(b)) => ValueConversion::Vec(Box::new(value(a, b, known)?)),
        (TypeRef::Map(a), TypeRef::Map(b)) => ValueConversion::Map(Box::new(value(a, b, known)?)),
        (TypeRef::Nullable(a), TypeRef::Nullable(b)) => {
            ValueConversion::Nullable(Box::new(value(a, b, known)?))
        }
        _ => return None,
    })
}

fn struct_conversion(from: &Struct, to: &Struct, known: &Known<'_>) -> Option<ConversionKind> {
    let mut fields = Vec::new();
    for target in to.fields() {
        let source = from.fields().find(|f| f.json_name == target.json_name);
        let Some(source) = source else {
            // A member only requests have: fine if it may be left out.
            if target.required {
                return None;
            }
            continue;
        };
        if target.required && !source.required {
            return None;
        }
        fields.push(FieldConversion {
            from: source.rust_name.clone(),
            to: target.rust_name.clone(),
            value: value(&source.ty, &target.ty, known)?,
            wrap_some: source.required && !target.required,
            from_optional: !source.required,
        });
    }
    let missing: Vec<_> = to
        .fields()
        .filter(|t| !t.required && !from.fields().any(|f| f.json_name == t.json_name))
        .map(|t| t.rust_name.clone())
        .collect();
    Some(ConversionKind::Struct { fields, missing })
}

fn union_conversion(
    types: &TypeSpace,
    from: &super::Union,
    to: &super::Union,
    known: &Known<'_>,
    impossible: &[&str],
    used: &mut [bool],
) -> Option<ConversionKind> {
    let mut arms = Vec::new();
    let targets = to.with_tags();
    let tagged = matches!(from.strategy(), Strategy::Tag(_));
    for (variant, tag) in from.with_tags() {
        let (target, _) = targets.iter().find(|(t, t_tag)| {
            if tagged {
                *t_tag == tag
            } else {
                t.name == variant.name
            }
        })?;
        if let Some(conversion) = value(&variant.ty, &target.ty, known) {
            arms.push(UnionArm::Convert {
                from: variant.name.clone(),
                to: target.name.clone(),
                value: conversion,
            });
            continue;
        }
        // A named fixup says what it becomes; without one, an open union
        // sends it back as it came, in `Other` (the API then says what is
        // missing, rather than this crate making a value up).
        let Some((i, fallback)) = FALLBACKS
            .iter()
            .enumerate()
            .find(|(_, f)| tag == Some(f.tag))
        else {
            let cannot =
                matches!(&variant.ty, TypeRef::Named(n) if impossible.contains(&n.as_str()));
            if !cannot || from.strategy() == Strategy::JsonType {
                return None;
            }
            arms.push(UnionArm::AsReceived {
                from: variant.name.clone(),
            });
            continue;
        };
        let (instead, _) = targets.iter().find(|(_, t)| *t == Some(fallback.becomes))?;
        let (TypeRef::Named(source), TypeRef::Named(instead_ty)) = (&variant.ty, &instead.ty)
        else {
            return None;
        };
        let (TypeKind::Struct(source), TypeKind::Struct(instead_struct)) =
            (&types.get(source)?.kind, &types.get(instead_ty)?.kind)
        else {
            return None;
        };
        // Sent as it is when the members it may lack are there after all
        // (a value built by hand), as the other alternative when not.
        let direct = match &target.ty {
            TypeRef::Named(target_ty) => match &types.get(target_ty)?.kind {
                TypeKind::Struct(target_struct) => direct_fields(source, target_struct)
                    .map(|fields| (target.name.clone(), target_ty.clone(), fields)),
                _ => None,
            },
            _ => None,
        };
        let mut copied = Vec::new();
        let mut absent = Vec::new();
        for field in instead_struct.fields() {
            match source.fields().find(|f| f.json_name == field.json_name) {
                Some(f) if f.required && f.ty == field.ty => {
                    copied.push((
                        f.rust_name.clone(),
                        field.rust_name.clone(),
                        !field.required,
                    ));
                }
                _ if !field.required => absent.push(field.rust_name.clone()),
                _ => return None,
            }
        }
        if let Some(slot) = used.get_mut(i) {
            *slot = true;
        }
        arms.push(UnionArm::Fallback {
            from: variant.name.clone(),
            direct,
            to: instead.name.clone(),
            to_type: instead_ty.clone(),
            copied,
            absent,
            why: fallback.why.to_owned(),
        });
    }
    Some(ConversionKind::Union {
        arms,
        open: from.strategy() != Strategy::JsonType,
    })
}

/// The fields of `to`, each from the field of `from` of the same name and
/// type: `(from, to, needed)`, `needed` when `to` requires what `from` may
/// lack. `None` if some field of `to` has no such source.
fn direct_fields(from: &Struct, to: &Struct) -> Option<Vec<DirectField>> {
    to.fields()
        .map(|t| {
            let f = from
                .fields()
                .find(|f| f.json_name == t.json_name && f.ty == t.ty)?;
            if !t.required && f.required {
                return None;
            }
            Some(DirectField {
                from: f.rust_name.clone(),
                to: t.rust_name.clone(),
                needed: t.required && !f.required,
            })
        })
        .collect()
}
