//! Schemas: keywords, types, objects, enums, unions and merges.

use super::*;

impl Checker<'_> {
    pub(super) fn schema(&mut self, value: &Value, pointer: &str) -> Schema {
        let outer = self.in_part;
        self.in_part = std::mem::take(&mut self.next_is_part);
        let schema = self.schema_node(value, pointer);
        self.in_part = outer;
        schema
    }

    fn schema_node(&mut self, value: &Value, pointer: &str) -> Schema {
        let mut schema = self.bare(pointer);
        let map = match value {
            Value::Object(map) => map,
            Value::Bool(true) => return schema,
            other => {
                self.error(
                    pointer,
                    format!("expected a schema object, found {}", kind_of(other)),
                    "write the schema as `{ … }`",
                );
                return schema;
            }
        };
        for (key, _) in self.entries(map, pointer) {
            let known = ANNOTATIONS.contains(&key.as_str())
                || STRUCTURAL.contains(&key.as_str())
                || EXTENSIONS.contains(&key.as_str());
            if !known && !key.starts_with("x-") {
                let hint = match key.as_str() {
                    "not" => "remove it; generated types cannot express a negation, so list the allowed values with `enum`, or state the rule in `description`".to_owned(),
                    "patternProperties" => "for a map with free-form keys, use `\"additionalProperties\": { … }` with the value schema; key patterns are not checked, so state them in `description`".to_owned(),
                    _ => format!("remove it or express it with: {}", STRUCTURAL.join(", ")),
                };
                self.error(
                    &child(pointer, key),
                    format!("unsupported keyword `{key}`"),
                    hint,
                );
            }
        }
        schema.title = self.string(map, "title", pointer).map(str::to_owned);
        schema.description = self.string(map, "description", pointer).map(str::to_owned);
        schema.format = self.string(map, "format", pointer).map(str::to_owned);
        schema.default = map.get("default").cloned();
        schema.read_only = self.boolean(map, "readOnly", pointer);
        schema.write_only = self.boolean(map, "writeOnly", pointer);
        schema.deprecated = self.boolean(map, "deprecated", pointer);
        schema.sensitive = self.boolean(map, "x-sensitive", pointer);
        schema.whole_number = self.boolean(map, "x-whole-number", pointer);
        schema.rust_name = self.string(map, "x-rust-name", pointer).map(str::to_owned);
        if schema.read_only && schema.write_only {
            self.error(
                pointer,
                "expected at most one of `readOnly` and `writeOnly`",
                "a member that is neither sent nor returned has no use; keep one",
            );
        }
        if let Some(Value::Array(_)) | None = map.get("examples") {
        } else {
            self.error(
                &child(pointer, "examples"),
                "expected `examples` to be an array",
                "write `\"examples\": [ … ]`",
            );
        }
        if let Some(name) = &schema.rust_name
            && !is_rust_field_name(name)
        {
            let suggestion = heck::ToSnakeCase::to_snake_case(name.as_str());
            let hint = if is_rust_field_name(&suggestion) {
                format!(
                    "use lower-case ASCII letters, digits and `_`, starting with a letter, e.g. `{suggestion}`"
                )
            } else {
                "use lower-case ASCII letters, digits and `_`, starting with a letter".to_owned()
            };
            self.error(
                &child(pointer, "x-rust-name"),
                format!("expected a snake_case Rust identifier, found `{name}`"),
                hint,
            );
        }
        schema.kind = self.kind(map, pointer);
        // An `allOf` that stands for one of its parts keeps what every part
        // says about the member: secret, read-only, the format.
        for part in self.narrowed.take().unwrap_or_default() {
            keep_annotations(&mut schema, &part);
        }
        // The value inside `[T, "null"]` carries the node's annotations, so
        // an inline object there keeps its title and description.
        if let Kind::Nullable(inner) = &mut schema.kind {
            inner.title.clone_from(&schema.title);
            inner.description.clone_from(&schema.description);
            inner.format.clone_from(&schema.format);
        }
        schema
    }

    pub(super) fn kind(&mut self, map: &Map<String, Value>, pointer: &str) -> Kind {
        if let Some(nullable) = map.get("nullable") {
            // OpenAPI 3.0's way of writing `type: [T, "null"]`.
            let mut plain = map.clone();
            plain.remove("nullable");
            let kind = self.kind(&plain, pointer);
            return match nullable {
                Value::Bool(true) => match kind {
                    Kind::Nullable(_) | Kind::Null | Kind::Any => kind,
                    other => Kind::Nullable(Box::new(Schema {
                        kind: other,
                        ..self.bare(pointer)
                    })),
                },
                Value::Bool(false) => kind,
                other => {
                    self.error(
                        &child(pointer, "nullable"),
                        format!(
                            "expected `nullable` to be a boolean, found {}",
                            kind_of(other)
                        ),
                        "write `\"nullable\": true`",
                    );
                    kind
                }
            };
        }
        if let Some(reference) = map.get("$ref") {
            for (key, _) in self.entries(map, pointer) {
                if !REF_SIBLINGS.contains(&key.as_str())
                    && !key.starts_with("x-")
                    && (STRUCTURAL.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str()))
                {
                    self.error(
                        &child(pointer, key),
                        format!("unsupported keyword `{key}` beside `$ref`"),
                        format!("beside `$ref` only {} are allowed; wrap the two in `allOf` to combine schemas", REF_SIBLINGS.join(", ")),
                    );
                }
            }
            return match reference {
                Value::String(r) => match r.strip_prefix(SCHEMA_PREFIX) {
                    Some(name) if !name.contains('/') => Kind::Ref(unescape(name)),
                    _ => {
                        self.error(
                            &child(pointer, "$ref"),
                            format!("expected a reference of the form `{SCHEMA_PREFIX}<name>`, found `{r}`"),
                            "only references to components of this document are supported; move the schema under `components.schemas`",
                        );
                        Kind::Any
                    }
                },
                other => {
                    self.error(
                        &child(pointer, "$ref"),
                        format!("expected `$ref` to be a string, found {}", kind_of(other)),
                        "write the reference in quotes",
                    );
                    Kind::Any
                }
            };
        }
        let combinators = ["oneOf", "anyOf", "allOf"]
            .iter()
            .filter(|k| map.contains_key(**k))
            .count();
        if combinators > 1 {
            self.error(
                pointer,
                "expected at most one of `oneOf`, `anyOf` and `allOf`",
                "nest one inside the other",
            );
        }
        // `anyOf` is read as `oneOf`: the value is decoded as the
        // alternative it fits best, which is what either promises.
        for keyword in ["oneOf", "anyOf"] {
            if let Some(members) = map.get(keyword) {
                self.no_type_keywords(map, pointer, keyword);
                return self.one_of(keyword, members, map, pointer);
            }
        }
        if map.contains_key("discriminator") {
            self.error(
                &child(pointer, "discriminator"),
                "unsupported keyword `discriminator` without `oneOf`",
                "put the discriminator beside the `oneOf` it selects from",
            );
        }
        if let Some(members) = map.get("allOf") {
            self.no_type_keywords(map, pointer, "allOf");
            let p = child(pointer, "allOf");
            return match members {
                Value::Array(items) if !items.is_empty() => {
                    let parts: Vec<Schema> = items
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            self.next_is_part = true;
                            self.schema(m, &child(&p, &i.to_string()))
                        })
                        .collect();
                    match narrowed(&parts) {
                        Some(kind) => {
                            self.narrowed = Some(parts);
                            kind
                        }
                        None => Kind::AllOf(parts),
                    }
                }
                _ => {
                    self.error(
                        &p,
                        "expected `allOf` to be a non-empty array of schemas",
                        "list the object schemas to merge",
                    );
                    Kind::Any
                }
            };
        }
        if let Some(value) = map.get("const") {
            return match value {
                Value::String(s) => Kind::Const(Const::String(s.clone())),
                Value::Bool(b) => Kind::Const(Const::Bool(*b)),
                other => {
                    self.error(
                        &child(pointer, "const"),
                        format!(
                            "expected `const` to be a string or a boolean, found {}",
                            kind_of(other)
                        ),
                        "`const` is for tags, which are strings (or `true`/`false` for flags); for a number, drop `const` and keep `\"type\": \"integer\"` or `\"number\"`",
                    );
                    Kind::Any
                }
            };
        }
        let types: Vec<&str> = match map.get("type") {
            None => {
                if map.contains_key("properties") || map.contains_key("additionalProperties") {
                    vec!["object"]
                } else if map.contains_key("items") {
                    vec!["array"]
                } else if map.contains_key("enum") {
                    vec!["string"]
                } else {
                    return Kind::Any;
                }
            }
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => {
                let mut names = Vec::new();
                for (i, t) in ts.iter().enumerate() {
                    match t {
                        Value::String(name) => names.push(name.as_str()),
                        other => {
                            self.error(
                                &format!("{pointer}/type/{i}"),
                                format!("expected the entries of `type` to be type names, found {}", kind_of(other)),
                                "write each type in quotes, e.g. `\"type\": [\"string\", \"null\"]`",
                            );
                            return Kind::Any;
                        }
                    }
                }
                names
            }
            Some(other) => {
                self.error(
                    &child(pointer, "type"),
                    format!(
                        "expected `type` to be a string or an array of strings, found {}",
                        kind_of(other)
                    ),
                    "write e.g. `\"type\": \"string\"`",
                );
                return Kind::Any;
            }
        };
        let nullable = types.contains(&"null") && types.len() == 2;
        let base: Vec<&str> = types
            .iter()
            .copied()
            .filter(|t| !nullable || *t != "null")
            .collect();
        let [base] = base.as_slice() else {
            let found = if types.is_empty() {
                "an empty list".to_owned()
            } else {
                types
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let alternatives = types
                .iter()
                .map(|t| {
                    let title = heck::ToUpperCamelCase::to_upper_camel_case(*t);
                    format!("{{\"title\": \"{title}\", \"type\": \"{t}\"}}")
                })
                .collect::<Vec<_>>()
                .join(", ");
            let hint = if types.is_empty() {
                "name the type, e.g. `\"type\": \"string\"`, or drop `type` to allow any value"
                    .to_owned()
            } else {
                format!(
                    "describe alternatives with `oneOf`, each titled: `\"oneOf\": [{alternatives}]`"
                )
            };
            self.error(
                &child(pointer, "type"),
                format!("expected one type, or one type and \"null\", found {found}"),
                hint,
            );
            return Kind::Any;
        };
        let kind = self.typed(base, map, pointer);
        if nullable {
            Kind::Nullable(Box::new(Schema {
                kind,
                ..self.bare(pointer)
            }))
        } else {
            kind
        }
    }

    pub(super) fn bare(&self, pointer: &str) -> Schema {
        Schema {
            pointer: pointer.to_owned(),
            title: None,
            description: None,
            format: None,
            default: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            sensitive: false,
            whole_number: false,
            rust_name: None,
            shape_name: None,
            kind: Kind::Any,
        }
    }

    pub(super) fn no_type_keywords(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        combinator: &str,
    ) {
        for key in [
            "type",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "enum",
        ] {
            // `type: object` beside a union or a merge of objects says
            // nothing the alternatives do not.
            let says_object = key == "type" && map.get(key) == Some(&Value::from("object"));
            if map.contains_key(key) && !says_object {
                self.error(
                    &child(pointer, key),
                    format!("unsupported keyword `{key}` beside `{combinator}`"),
                    format!("move `{key}` into the {combinator} members"),
                );
            }
        }
    }

    pub(super) fn typed(&mut self, ty: &str, map: &Map<String, Value>, pointer: &str) -> Kind {
        let misplaced = |allowed: &[&str]| -> Vec<&str> {
            [
                "properties",
                "required",
                "additionalProperties",
                "items",
                "enum",
            ]
            .into_iter()
            .filter(|k| map.contains_key(*k) && !allowed.contains(k))
            .collect()
        };
        let allowed: &[&str] = match ty {
            "object" => &["properties", "required", "additionalProperties", "enum"],
            "array" => &["items"],
            "string" | "boolean" | "integer" | "number" => &["enum"],
            _ => &[],
        };
        for key in misplaced(allowed) {
            self.error(
                &child(pointer, key),
                format!("unsupported keyword `{key}` for `type: {ty}`"),
                format!("`{key}` does not apply to {ty} values; remove it"),
            );
        }
        match ty {
            "null" => Kind::Null,
            // One allowed boolean is a fixed flag (`"success": false` of an
            // error envelope); any other `enum` of booleans or numbers
            // allows what the type allows, since the API adds values.
            "boolean" => match map.get("enum").and_then(Value::as_array).map(Vec::as_slice) {
                Some([Value::Bool(b)]) => Kind::Const(Const::Bool(*b)),
                _ => Kind::Boolean,
            },
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            // An object whose only allowed value is `null` is `null`.
            "object"
                if map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| {
                        !values.is_empty() && values.iter().all(Value::is_null)
                    }) =>
            {
                Kind::Null
            }
            "string" => match map.get("enum") {
                Some(values) => self.enumeration(values, map, pointer),
                None => Kind::String,
            },
            "array" => match map.get("items") {
                Some(items) => Kind::Array(Box::new(self.schema(items, &child(pointer, "items")))),
                None => {
                    self.error(
                        pointer,
                        "expected `items` for `type: array`",
                        "describe the elements, e.g. `\"items\": {\"type\": \"string\"}`",
                    );
                    Kind::Any
                }
            },
            "object" => self.object_kind(map, pointer),
            other => {
                self.error(
                    &child(pointer, "type"),
                    format!("unsupported type `{other}`"),
                    "use string, integer, number, boolean, object, array or null",
                );
                Kind::Any
            }
        }
    }

    pub(super) fn enumeration(
        &mut self,
        values: &Value,
        map: &Map<String, Value>,
        pointer: &str,
    ) -> Kind {
        let p = child(pointer, "enum");
        let Value::Array(items) = values else {
            self.error(
                &p,
                "expected `enum` to be an array",
                "list the allowed values: `\"enum\": [\"a\", \"b\"]`",
            );
            return Kind::Any;
        };
        if items.is_empty() {
            self.error(
                &p,
                "expected at least one value in `enum`",
                "list the allowed values, or drop `enum` to allow any string",
            );
            return Kind::Any;
        }
        let mut out = Vec::new();
        let mut others = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => {
                    if out.contains(s) {
                        self.error(
                            &child(&p, &i.to_string()),
                            format!("expected each enum value once, but `{s}` appears again"),
                            "delete the duplicate",
                        );
                    }
                    out.push(s.clone());
                }
                other => others.push((i, kind_of(other))),
            }
        }
        if let Some((i, kind)) = others.first() {
            let message = if out.is_empty() {
                format!("expected the enum values to be strings, found {kind}")
            } else {
                format!("expected the enum values to all be strings, but value {i} is {kind}")
            };
            self.error(&child(&p, &i.to_string()), message, "an enum becomes a Rust enum of string values; mixed or non-string enums are not supported");
            return Kind::Any;
        }
        let names = match map.get("x-enum-varnames") {
            None => None,
            Some(Value::Array(names))
                if names.len() == out.len() && names.iter().all(Value::is_string) =>
            {
                Some(
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                )
            }
            Some(other) => {
                let found = match other {
                    Value::Array(names) => match names.iter().find(|n| !n.is_string()) {
                        Some(n) => format!("an array holding {}", kind_of(n)),
                        None if names.len() == 1 => "1 name".to_owned(),
                        None => format!("{} names", names.len()),
                    },
                    other => kind_of(other).to_owned(),
                };
                self.error(
                    &child(pointer, "x-enum-varnames"),
                    format!("expected `x-enum-varnames` to be an array of {} strings, one per enum value, found {found}", out.len()),
                    "give one PascalCase variant name for each value, in the same order",
                );
                None
            }
        };
        Kind::Enum { values: out, names }
    }

    pub(super) fn object_kind(&mut self, map: &Map<String, Value>, pointer: &str) -> Kind {
        let required = self.required_list(map, pointer);
        let additional = map.get("additionalProperties");
        let closed = matches!(additional, Some(Value::Bool(false)));
        let properties = match map.get("properties") {
            None => Vec::new(),
            Some(Value::Object(props)) => {
                let base = child(pointer, "properties");
                self.entries(props, &base)
                    .into_iter()
                    .map(|(name, value)| {
                        let schema = self.schema(value, &child(&base, name));
                        Property {
                            name: name.clone(),
                            required: required.iter().any(|(r, _)| r == name),
                            schema,
                        }
                    })
                    .collect()
            }
            Some(other) => {
                self.error(
                    &child(pointer, "properties"),
                    format!(
                        "expected `properties` to be an object, found {}",
                        kind_of(other)
                    ),
                    "map member names to schemas",
                );
                Vec::new()
            }
        };
        let mut required_elsewhere = Vec::new();
        for (name, i) in &required {
            if properties.iter().any(|p| &p.name == name) {
                continue;
            }
            if self.in_part {
                required_elsewhere.push(name.clone());
            } else {
                self.error(
                    &format!("{pointer}/required/{i}"),
                    format!("expected the required member `{name}` to be declared in `properties`"),
                    format!(
                        "add `\"{name}\": {{…}}` to `properties`, or remove it from `required`"
                    ),
                );
            }
        }
        for property in &properties {
            if matches!(property.schema.kind, Kind::Const(_)) && !property.required {
                self.error(
                    &property.schema.pointer,
                    format!("expected the fixed member `{}` to be required", property.name),
                    "`const` marks a tag that is always present; list it in `required`, or use a one-value `enum` for an optional member",
                );
            }
        }
        match additional {
            None | Some(Value::Bool(_)) => Kind::Object(Object {
                properties,
                closed,
                required_elsewhere,
            }),
            Some(schema) => {
                if !properties.is_empty() {
                    self.error(
                        &child(pointer, "additionalProperties"),
                        "unsupported: an object with both `properties` and an `additionalProperties` schema",
                        "use `properties` for a record or `additionalProperties` alone for a map",
                    );
                }
                Kind::Map(Box::new(
                    self.schema(schema, &child(pointer, "additionalProperties")),
                ))
            }
        }
    }

    pub(super) fn required_list(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
    ) -> Vec<(String, usize)> {
        match map.get("required") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match item {
                    Value::String(s) => Some((s.clone(), i)),
                    other => {
                        self.error(
                            &format!("{pointer}/required/{i}"),
                            format!("expected a member name, found {}", kind_of(other)),
                            "list member names as strings",
                        );
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.error(
                    &child(pointer, "required"),
                    format!(
                        "expected `required` to be an array, found {}",
                        kind_of(other)
                    ),
                    "list member names: `[\"a\", \"b\"]`",
                );
                Vec::new()
            }
        }
    }

    pub(super) fn one_of(
        &mut self,
        keyword: &str,
        members: &Value,
        map: &Map<String, Value>,
        pointer: &str,
    ) -> Kind {
        let p = child(pointer, keyword);
        let Value::Array(items) = members else {
            self.error(
                &p,
                format!("expected `{keyword}` to be an array of schemas"),
                "list the alternatives",
            );
            return Kind::Any;
        };
        if items.is_empty() {
            self.error(
                &p,
                format!("expected at least one alternative in `{keyword}`"),
                "list the alternatives",
            );
            return Kind::Any;
        }
        let mut members: Vec<Schema> = items
            .iter()
            .enumerate()
            .map(|(i, m)| self.schema(m, &child(&p, &i.to_string())))
            .collect();
        // `oneOf: [X, {"type": "null"}]` is how OpenAPI 3.1 writes a nullable
        // reference: it is the value or null, not a union.
        if members.len() == 2 && !map.contains_key("discriminator") {
            let nulls = members
                .iter()
                .filter(|m| matches!(m.kind, Kind::Null))
                .count();
            if nulls == 1 {
                if let Some(value) = members.into_iter().find(|m| !matches!(m.kind, Kind::Null)) {
                    return Kind::Nullable(Box::new(value));
                }
                return Kind::Any;
            }
        }
        let discriminator = match map.get("discriminator") {
            None => None,
            Some(value) => self.discriminator(value, &child(pointer, "discriminator"), &members),
        };
        if discriminator.is_none() {
            // An alternative written inline without a `title` is named from
            // its shape: its fixed values, then its other required members
            // (`{"mode": "targeted", "region": …}` is `TargetedRegion`).
            for member in &mut members {
                if !matches!(member.kind, Kind::Ref(_)) && member.title.is_none() {
                    member.shape_name = Some(shape_name(member));
                }
            }
        }
        Kind::OneOf {
            members,
            discriminator,
        }
    }

    pub(super) fn discriminator(
        &mut self,
        value: &Value,
        pointer: &str,
        members: &[Schema],
    ) -> Option<Discriminator> {
        let map = self.object(value, pointer, "`discriminator`")?;
        self.only_keys(
            map,
            pointer,
            &["propertyName", "mapping"],
            "`discriminator`",
        );
        let property = self
            .required_string(map, "propertyName", pointer)?
            .to_owned();
        let Some(mapping) = map.get("mapping") else {
            let example = members
                .iter()
                .filter_map(|m| match &m.kind {
                    Kind::Ref(name) => Some(format!(
                        "\"<tag of {name}>\": \"{SCHEMA_PREFIX}{}\"",
                        crate::diagnostic::escape_token(name)
                    )),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                pointer,
                format!("expected a `mapping` in the discriminator on `{property}`"),
                format!("map each value of `{property}` to its alternative: `\"mapping\": {{{example}}}`"),
            );
            return None;
        };
        let mapping_pointer = child(pointer, "mapping");
        let mapping = self.object(mapping, &mapping_pointer, "`mapping`")?;
        let mut out = Vec::new();
        for (tag, target) in self.entries(mapping, &mapping_pointer) {
            let tp = child(&mapping_pointer, tag);
            match target.as_str().and_then(|t| t.strip_prefix(SCHEMA_PREFIX)) {
                Some(name) => out.push((tag.clone(), unescape(name))),
                None => self.error(
                    &tp,
                    format!("expected a reference of the form `{SCHEMA_PREFIX}<name>`"),
                    "map the tag to a component",
                ),
            }
        }
        for member in members {
            match &member.kind {
                Kind::Ref(name) => {
                    if !out.iter().any(|(_, n)| n == name) {
                        self.error(&member.pointer, format!("expected the alternative `{name}` to be listed in the discriminator mapping"), "add its tag value to `mapping`");
                    }
                }
                _ => self.error(
                    &member.pointer,
                    "expected every alternative of a discriminated `oneOf` to be a `$ref`",
                    "move the alternative under `components.schemas`",
                ),
            }
        }
        for (tag, name) in &out {
            if !members
                .iter()
                .any(|m| matches!(&m.kind, Kind::Ref(n) if n == name))
            {
                self.error(
                    &child(&mapping_pointer, tag),
                    format!("expected `{name}` to be one of the `oneOf` alternatives"),
                    "add it to `oneOf`, or remove it from `mapping`",
                );
            }
        }
        Some(Discriminator {
            property,
            mapping: out,
        })
    }
}

/// A name for an untitled union alternative, from its shape: the values of
/// its fixed members (a `const` or one-value `enum`), then its other
/// required members, in PascalCase; for a value that is not an object, its
/// type (`Boolean`, `StringList`).
pub(super) fn shape_name(schema: &Schema) -> String {
    let pascal = |s: &str| heck::ToUpperCamelCase::to_upper_camel_case(s);
    match &schema.kind {
        Kind::Object(object) => {
            let fixed = |p: &Property| match &p.schema.kind {
                Kind::Const(Const::String(v)) => Some(v.clone()),
                Kind::Enum { values, .. } if values.len() == 1 => values.first().cloned(),
                _ => None,
            };
            let mut words: Vec<String> = object.properties.iter().filter_map(fixed).collect();
            words.extend(
                object
                    .properties
                    .iter()
                    .filter(|p| p.required && fixed(p).is_none())
                    .map(|p| p.name.clone()),
            );
            if words.is_empty() {
                words.extend(object.properties.iter().map(|p| p.name.clone()));
            }
            let name: String = words.iter().map(|w| pascal(w)).collect();
            if name.is_empty() {
                "Object".to_owned()
            } else {
                name
            }
        }
        Kind::Array(items) => format!("{}List", shape_name(items)),
        Kind::Ref(name) => pascal(name),
        Kind::Boolean | Kind::Const(Const::Bool(_)) => "Boolean".to_owned(),
        Kind::Integer => "Integer".to_owned(),
        Kind::Number => "Number".to_owned(),
        Kind::String | Kind::Const(Const::String(_)) => "String".to_owned(),
        Kind::Enum { .. } => "Name".to_owned(),
        Kind::Map(_) => "Map".to_owned(),
        Kind::Null => "Null".to_owned(),
        Kind::Nullable(inner) => shape_name(inner),
        Kind::OneOf { .. } | Kind::AllOf(_) | Kind::Any => "Value".to_owned(),
    }
}

/// Adds to `into` what `from` says about the member: secret, read-only,
/// write-only, deprecated, a whole number; its format and description
/// where `into` has none.
fn keep_annotations(into: &mut Schema, from: &Schema) {
    into.read_only |= from.read_only;
    into.write_only |= from.write_only;
    into.deprecated |= from.deprecated;
    into.sensitive |= from.sensitive;
    into.whole_number |= from.whole_number;
    if into.format.is_none() {
        into.format.clone_from(&from.format);
    }
    if into.description.is_none() {
        into.description.clone_from(&from.description);
    }
}

/// The one schema an `allOf` stands for when it merges no objects: a
/// single part (`"allOf": [{"$ref": …}]`, the usual way to add a
/// description or example to a reference), or one reference narrowed by
/// scalar parts (`[{"$ref": "…identifier"}, {"type": "string"}]`).
pub(super) fn narrowed(parts: &[Schema]) -> Option<Kind> {
    if let [only] = parts {
        return Some(only.kind.clone());
    }
    let scalar = |kind: &Kind| {
        matches!(
            kind,
            Kind::String | Kind::Integer | Kind::Number | Kind::Boolean | Kind::Any
        )
    };
    let references: Vec<&Schema> = parts
        .iter()
        .filter(|p| matches!(p.kind, Kind::Ref(_)))
        .collect();
    let narrowing = parts
        .iter()
        .all(|p| matches!(p.kind, Kind::Ref(_)) || scalar(&p.kind));
    match (narrowing, references.as_slice()) {
        (true, [reference]) => Some(reference.kind.clone()),
        (true, []) => parts
            .iter()
            .map(|p| p.kind.clone())
            .find(|k| !matches!(k, Kind::Any)),
        _ => None,
    }
}

pub(super) fn is_rust_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
