//! Cross-reference checks, run once every component has been read:
//! dangling `$ref`s, reference cycles that no array or map breaks, `allOf`
//! members that are not objects, and discriminated unions whose
//! alternatives do not carry their tag.

use std::collections::BTreeMap;

use super::model::{Body, Const, Kind, Schema, Spec};
use crate::diagnostic::{Diagnostic, Sink};

pub fn check(spec: &Spec, diagnostics: &mut Sink) {
    let before = diagnostics.len();
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
            Some(Body::Json { schema, .. }) => {
                checker.walk(schema);
                checker.body_type(schema, "request body");
            }
            Some(Body::Multipart { parts, .. }) => {
                for part in parts {
                    checker.walk(&part.schema);
                    if matches!(part.schema.kind, Kind::Ref(_)) {
                        checker.body_type(&part.schema, "multipart JSON part");
                    }
                }
            }
            None => {}
        }
        let success = (&operation.success_status, &operation.success);
        let failure = operation.failure.as_ref().map(|(s, n)| (s, n));
        for (status, name) in std::iter::once(success).chain(failure) {
            let pointer = format!(
                "{}/responses/{status}/content/application~1json/schema/$ref",
                operation.pointer
            );
            let Some(schema) = names.get(name.as_str()) else {
                checker.diagnostics.push(Diagnostic::new(
                    pointer,
                    format!("expected `{name}` to be a component, but `components.schemas` has no such entry"),
                    "fix the name or add the component",
                ));
                continue;
            };
            // A body is decoded into a generated type, so it must be one.
            let Some(target) = checker.resolve(schema) else {
                continue;
            };
            if !target.kind.has_own_type() {
                checker.diagnostics.push(Diagnostic::new(
                    pointer,
                    format!(
                        "expected the response body `{name}` to be an object with `properties`, a `oneOf` or a string `enum`, but it is {}",
                        describe(&target.kind)
                    ),
                    format!("wrap it in an envelope object, e.g. `{{\"type\": \"object\", \"properties\": {{\"result\": {{\"$ref\": \"#/components/schemas/{}\"}}}}}}`, so the body has a type of its own", crate::diagnostic::escape_token(name)),
                ));
            }
        }
    }
    if checker.diagnostics.len() != before {
        return;
    }
    cycles(spec, &names, checker.diagnostics);
}

struct RefChecker<'a, 'd> {
    names: &'a BTreeMap<&'a str, &'a Schema>,
    diagnostics: &'d mut Sink,
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
                let known: Vec<String> = self.names.keys().map(|n| format!("`{n}`")).collect();
                let hint = if known.len() <= 12 {
                    format!(
                        "fix the reference (the components are {}) or add `{name}` under `components.schemas`",
                        known.join(", ")
                    )
                } else {
                    format!("fix the reference or add `{name}` under `components.schemas`")
                };
                self.diagnostics.push(Diagnostic::new(
                    format!("{}/$ref", schema.pointer),
                    format!("expected `#/components/schemas/{name}` to exist, but there is no such component{close}"),
                    hint,
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
                        let what = match &member.kind {
                            Kind::Ref(name) => format!("`{name}` is {}", describe(&target.kind)),
                            other => format!("this one is {}", describe(other)),
                        };
                        self.diagnostics.push(Diagnostic::new(
                            member.pointer.clone(),
                            format!("expected every `allOf` member to be an object schema, but {what}"),
                            "`allOf` merges the members' properties into one struct; move this value into a property of an object, or use `oneOf` for alternatives",
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
                            self.diagnostics
                                .push(self.missing_tag(target, name, &d.property, tag));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A JSON request body or part is encoded from a generated type, so
    /// the schema it names must have one (`Kind::has_own_type`).
    fn body_type(&mut self, schema: &Schema, what: &str) {
        let Some(target) = self.resolve(schema) else {
            return;
        };
        if !target.kind.has_own_type() {
            let name = match &schema.kind {
                Kind::Ref(name) => format!("`{name}`"),
                _ => "it".to_owned(),
            };
            self.diagnostics.push(Diagnostic::new(
                target.pointer.clone(),
                format!(
                    "expected the {what} {name} to be an object with `properties`, a `oneOf` or a string `enum`, but it is {}",
                    describe(&target.kind)
                ),
                "wrap the value in an object, so the body has a type of its own",
            ));
        }
    }

    /// Why `target` (the component `name`) does not carry the tag: points
    /// at the member when it is there but wrong, else at the component.
    fn missing_tag(&self, target: &Schema, name: &str, property: &str, tag: &str) -> Diagnostic {
        let expected = format!(
            "expected `{name}` to declare a required member `{property}` with `\"const\": \"{tag}\"`, because the discriminator maps `{tag}` to it"
        );
        let add = format!(
            "add `\"{property}\": {{\"type\": \"string\", \"const\": \"{tag}\"}}` to its properties and list it in `required`"
        );
        if let Some(Kind::OneOf { .. }) = self.resolve(target).map(|t| &t.kind) {
            return Diagnostic::new(
                target.pointer.clone(),
                format!("{expected}, in every one of its alternatives"),
                format!(
                    "add `\"{property}\": {{\"type\": \"string\", \"const\": \"{tag}\"}}` to the properties of each alternative and list it in their `required`"
                ),
            );
        }
        let Some(member) = self.find_member(target, property, 0) else {
            return Diagnostic::new(
                target.pointer.clone(),
                format!("{expected}, but it has no member `{property}`"),
                add,
            );
        };
        let schema = self.resolve(&member.schema).unwrap_or(&member.schema);
        match &schema.kind {
            Kind::Const(Const::String(other)) if other != tag => Diagnostic::new(
                format!("{}/const", schema.pointer),
                format!("{expected}, but its `const` is `\"{other}\"`"),
                format!(
                    "make the `const` `\"{tag}\"`, or map `\"{other}\"` to `{name}` in the discriminator instead"
                ),
            ),
            Kind::Const(Const::String(_)) if !member.required => Diagnostic::new(
                member.schema.pointer.clone(),
                format!("{expected}, but `{property}` is not listed in `required`"),
                format!("add `\"{property}\"` to the `required` list of `{name}`"),
            ),
            _ => Diagnostic::new(
                member.schema.pointer.clone(),
                format!("{expected}, but `{property}` is {}", describe(&schema.kind)),
                format!(
                    "write the member as `{{\"type\": \"string\", \"const\": \"{tag}\"}}` and list it in `required`"
                ),
            ),
        }
    }

    /// The first declaration of the member `property` in `schema`, through
    /// references and `allOf`.
    fn find_member<'s>(
        &'s self,
        schema: &'s Schema,
        property: &str,
        depth: usize,
    ) -> Option<&'s super::model::Property> {
        if depth > 32 {
            return None;
        }
        match &self.resolve(schema)?.kind {
            Kind::Object(object) => object.properties.iter().find(|p| p.name == property),
            Kind::AllOf(members) => members
                .iter()
                .find_map(|m| self.find_member(m, property, depth + 1)),
            _ => None,
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
            // A one-value `enum` fixes the member as well as a `const`
            // does (OpenAPI 3.0 has no `const`).
            Kind::Object(object) => object.properties.iter().any(|p| {
                let fixed = match &self.resolve(&p.schema).unwrap_or(&p.schema).kind {
                    Kind::Const(Const::String(t)) => t == tag,
                    Kind::Enum { values, .. } => {
                        values.len() == 1 && values.iter().all(|v| v == tag)
                    }
                    _ => false,
                };
                p.name == property && p.required && fixed
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
fn cycles(spec: &Spec, names: &BTreeMap<&str, &Schema>, diagnostics: &mut Sink) {
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
                        // The reference closing the cycle is in `node`, so
                        // the path is told from there: node → target → … → node.
                        let from = stack.iter().position(|(n, _)| n == target).unwrap_or(0);
                        let mut path: Vec<&str> = vec![node];
                        path.extend(stack.iter().skip(from).map(|(n, _)| *n));
                        let cycle = path.join("` → `");
                        diagnostics.push(Diagnostic::new(
                            pointer.clone(),
                            format!("expected every reference cycle to pass through an array or a map, but `{cycle}` contains itself directly"),
                            "a type cannot contain itself without indirection (it would have no finite size); put the recursive member inside an array or a map, or remove the reference",
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

/// A short English name for what a schema node describes.
fn describe(kind: &Kind) -> String {
    match kind {
        Kind::Any => "any JSON value (`{}`)".to_owned(),
        Kind::Ref(name) => format!("a reference to `{name}`"),
        Kind::Null => "`null`".to_owned(),
        Kind::Boolean => "a boolean".to_owned(),
        Kind::Integer => "an integer".to_owned(),
        Kind::Number => "a number".to_owned(),
        Kind::String => "a string".to_owned(),
        Kind::Enum { .. } => "a string enum".to_owned(),
        Kind::Const(_) => "a `const`".to_owned(),
        Kind::Array(_) => "an array".to_owned(),
        Kind::Object(object) if object.properties.is_empty() && !object.closed => {
            "a free-form object (no `properties`)".to_owned()
        }
        Kind::Object(_) => "an object".to_owned(),
        Kind::Map(values) => format!(
            "a map (`additionalProperties`) of {}",
            match &values.kind {
                Kind::Map(_) => "maps".to_owned(),
                other => plural(other),
            }
        ),
        Kind::OneOf { .. } => "a `oneOf`".to_owned(),
        Kind::AllOf(_) => "an `allOf`".to_owned(),
        Kind::Nullable(inner) => format!(
            "a nullable {}",
            describe(&inner.kind)
                .trim_start_matches("a ")
                .trim_start_matches("an ")
        ),
    }
}

/// The values of a map, in the plural: "strings", "`Owner` values"…
fn plural(kind: &Kind) -> String {
    match kind {
        Kind::Ref(name) => format!("`{name}` values"),
        Kind::Boolean => "booleans".to_owned(),
        Kind::Integer => "integers".to_owned(),
        Kind::Number => "numbers".to_owned(),
        Kind::String | Kind::Enum { .. } => "strings".to_owned(),
        Kind::Array(_) => "arrays".to_owned(),
        Kind::Object(_) | Kind::AllOf(_) => "objects".to_owned(),
        _ => "values".to_owned(),
    }
}
