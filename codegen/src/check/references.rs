//! Cross-reference checks, run once every component has been read:
//! dangling `$ref`s, reference cycles that no array or map breaks, `allOf`
//! members that are not objects, and discriminated unions whose
//! alternatives do not carry their tag.

use std::collections::BTreeMap;

use super::model::{Body, Const, Kind, Schema, Spec};
use crate::diagnostic::Diagnostic;

pub fn check(spec: &Spec, diagnostics: &mut Vec<Diagnostic>) {
    let names: BTreeMap<&str, &Schema> = spec
        .components
        .iter()
        .map(|c| (c.name.as_str(), &c.schema))
        .collect();
    let mut checker = RefChecker {
        names: &names,
        diagnostics,
    };
    for component in &spec.components {
        checker.walk(&component.schema);
    }
    for operation in &spec.operations {
        for parameter in &operation.parameters {
            checker.walk(&parameter.schema);
        }
        match &operation.body {
            Some(Body::Json { schema, .. }) => checker.walk(schema),
            Some(Body::Multipart { parts, .. }) => {
                parts.iter().for_each(|p| checker.walk(&p.schema))
            }
            None => {}
        }
        for (status, name) in [
            (&operation.success_status, &operation.success),
            (&operation.failure_status, &operation.failure),
        ] {
            if !names.contains_key(name.as_str()) {
                checker.diagnostics.push(Diagnostic::new(
                    format!("{}/responses/{status}/content/application~1json/schema/$ref", operation.pointer),
                    format!("expected `{name}` to be a component, but `components.schemas` has no such entry"),
                    "fix the name or add the component",
                ));
            }
        }
    }
    if !checker.diagnostics.is_empty() {
        return;
    }
    cycles(spec, &names, checker.diagnostics);
}

struct RefChecker<'a, 'd> {
    names: &'a BTreeMap<&'a str, &'a Schema>,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl RefChecker<'_, '_> {
    fn resolve<'s>(&'s self, mut schema: &'s Schema) -> Option<&'s Schema> {
        for _ in 0..64 {
            match &schema.kind {
                Kind::Ref(name) => schema = self.names.get(name.as_str())?,
                _ => return Some(schema),
            }
        }
        None
    }

    fn walk(&mut self, schema: &Schema) {
        match &schema.kind {
            Kind::Ref(name) if !self.names.contains_key(name.as_str()) => {
                let close = self
                    .names
                    .keys()
                    .find(|n| n.eq_ignore_ascii_case(name))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                self.diagnostics.push(Diagnostic::new(
                    format!("{}/$ref", schema.pointer),
                    format!("expected `#/components/schemas/{name}` to exist, but there is no such component{close}"),
                    "fix the reference or add the component",
                ));
            }
            Kind::Array(items) | Kind::Map(items) | Kind::Nullable(items) => self.walk(items),
            Kind::Object(object) => object.properties.iter().for_each(|p| self.walk(&p.schema)),
            Kind::AllOf(members) => {
                for member in members {
                    self.walk(member);
                    if let Some(target) = self.resolve(member)
                        && !matches!(target.kind, Kind::Object(_) | Kind::AllOf(_))
                    {
                        self.diagnostics.push(Diagnostic::new(
                            member.pointer.clone(),
                            "expected every `allOf` member to be an object schema",
                            "`allOf` merges the members' properties into one struct; use `oneOf` for alternatives",
                        ));
                    }
                }
            }
            Kind::OneOf {
                members,
                discriminator,
            } => {
                members.iter().for_each(|m| self.walk(m));
                if let Some(d) = discriminator {
                    for (tag, name) in &d.mapping {
                        let Some(target) = self.names.get(name.as_str()) else {
                            self.diagnostics.push(Diagnostic::new(
                                format!("{}/discriminator/mapping/{}", schema.pointer, crate::diagnostic::escape_token(tag)),
                                format!("expected `#/components/schemas/{name}` to exist, but there is no such component"),
                                "fix the mapping or add the component",
                            ));
                            continue;
                        };
                        if !self.carries_tag(target, &d.property, tag, 0) {
                            self.diagnostics.push(Diagnostic::new(
                                target.pointer.clone(),
                                format!("expected `{name}` to declare a required member `{}` with `\"const\": \"{tag}\"`, because the discriminator maps `{tag}` to it", d.property),
                                format!("add `\"{}\": {{\"type\": \"string\", \"const\": \"{tag}\"}}` to its properties and list it in `required`", d.property),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether every value of `schema` has a required member `property`
    /// fixed to `tag`.
    fn carries_tag(&self, schema: &Schema, property: &str, tag: &str, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        let Some(schema) = self.resolve(schema) else {
            return false;
        };
        match &schema.kind {
            Kind::Object(object) => object.properties.iter().any(|p| {
                p.name == property
                    && p.required
                    && matches!(&p.schema.kind, Kind::Const(Const::String(t)) if t == tag)
            }),
            Kind::AllOf(members) => members
                .iter()
                .any(|m| self.carries_tag(m, property, tag, depth + 1)),
            Kind::OneOf { members, .. } => members
                .iter()
                .all(|m| self.carries_tag(m, property, tag, depth + 1)),
            _ => false,
        }
    }
}

/// Reports reference cycles that no array or map breaks: such a type would
/// contain itself and have no finite size.
fn cycles(spec: &Spec, names: &BTreeMap<&str, &Schema>, diagnostics: &mut Vec<Diagnostic>) {
    let mut edges: BTreeMap<&str, Vec<(&str, String)>> = BTreeMap::new();
    for component in &spec.components {
        let mut out = Vec::new();
        direct_refs(&component.schema, &mut out);
        edges.insert(component.name.as_str(), out);
    }
    // Iterative depth-first search with colours; each cycle is reported once,
    // at the reference that closes it.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour: BTreeMap<&str, Colour> = names.keys().map(|n| (*n, Colour::White)).collect();
    for start in names.keys() {
        if colour.get(start) != Some(&Colour::White) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        colour.insert(start, Colour::Grey);
        while let Some((node, next)) = stack.last().copied() {
            let out = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            if let Some((target, pointer)) = out.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match colour.get(target).copied() {
                    Some(Colour::White) => {
                        colour.insert(target, Colour::Grey);
                        stack.push((target, 0));
                    }
                    Some(Colour::Grey) => {
                        let from = stack.iter().position(|(n, _)| n == target).unwrap_or(0);
                        let mut path: Vec<&str> =
                            stack.iter().skip(from).map(|(n, _)| *n).collect();
                        path.push(target);
                        diagnostics.push(Diagnostic::new(
                            pointer.clone(),
                            format!("expected references to reach a value, but `{}` is a cycle with no array or map in between", path.join("` → `")),
                            "a type cannot contain itself directly; put the recursive member inside an array or a map, or remove the reference",
                        ));
                    }
                    _ => {}
                }
            } else {
                colour.insert(node, Colour::Black);
                stack.pop();
            }
        }
    }
}

/// The components a schema contains directly (not behind an array or map),
/// with the pointer of each `$ref`.
fn direct_refs<'s>(schema: &'s Schema, out: &mut Vec<(&'s str, String)>) {
    match &schema.kind {
        Kind::Ref(name) => out.push((name.as_str(), format!("{}/$ref", schema.pointer))),
        Kind::Nullable(inner) => direct_refs(inner, out),
        Kind::Object(object) => object
            .properties
            .iter()
            .for_each(|p| direct_refs(&p.schema, out)),
        Kind::AllOf(members) | Kind::OneOf { members, .. } => {
            members.iter().for_each(|m| direct_refs(m, out))
        }
        _ => {}
    }
}
