//! Stage 2 — check: turn the parsed JSON into the [`model`], refusing
//! anything outside the supported subset.
//!
//! The checker never stops at the first problem: it records a
//! [`Diagnostic`] and carries on, so one run shows everything that needs
//! fixing. Cross-references (dangling `$ref`s, cycles, discriminator tags)
//! are checked once every component has been read.

pub mod model;
mod references;

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, child};
use model::{
    Body, Component, Const, Discriminator, Kind, Location, Object, Operation, Pagination,
    Parameter, PathSegment, Property, Schema, Spec,
};

/// Checks a parsed document. `order` gives each object's member names in
/// document order (see [`crate::load::SourceFile::order`]), so that types,
/// fields and operations come out in the order the schema lists them.
pub fn check(root: &Value, order: &HashMap<String, Vec<String>>) -> Result<Spec, Vec<Diagnostic>> {
    let mut checker = Checker {
        diagnostics: Vec::new(),
        order,
        all_of_depth: 0,
        request_bodies: Map::new(),
        inline_components: Vec::new(),
        component_names: BTreeSet::new(),
    };
    let spec = checker.document(root);
    if checker.diagnostics.is_empty() {
        references::check(&spec, &mut checker.diagnostics);
    }
    if checker.diagnostics.is_empty() {
        Ok(spec)
    } else {
        Err(checker.diagnostics)
    }
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Keywords that only document or validate a value; the generated types
/// carry them in docs (or not at all) but they never change a type.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "format",
    "default",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Keywords that shape a type.
const STRUCTURAL: &[&str] = &[
    "type",
    "nullable",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "allOf",
    "discriminator",
    "$ref",
];

/// Keywords allowed beside `$ref` (OpenAPI 3.1 allows siblings).
const REF_SIBLINGS: &[&str] = &[
    "$ref",
    "title",
    "description",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Extensions the generator interprets.
const EXTENSIONS: &[&str] = &[
    "x-sensitive",
    "x-rust-name",
    "x-enum-varnames",
    "x-whole-number",
    "x-each-file-as-part",
];

struct Checker<'o> {
    diagnostics: Vec<Diagnostic>,
    order: &'o HashMap<String, Vec<String>>,
    /// How many `allOf`s the schema being checked is inside: there, a
    /// part may require a member another part declares.
    all_of_depth: usize,
    /// `components.requestBodies`, for request bodies given as `$ref`.
    request_bodies: Map<String, Value>,
    /// Components made for schemas written inline where a type needs a
    /// name (a response or request body), named from their operation.
    inline_components: Vec<Component>,
    /// Every component name so far, the document's and those made here.
    component_names: BTreeSet<String>,
}

impl Checker<'_> {
    /// The members of `map` (found at `pointer`) in document order.
    fn entries<'v>(
        &self,
        map: &'v Map<String, Value>,
        pointer: &str,
    ) -> Vec<(&'v String, &'v Value)> {
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        if let Some(order) = self.order.get(pointer) {
            entries.sort_by_key(|(k, _)| order.iter().position(|o| o == *k).unwrap_or(usize::MAX));
        }
        entries
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::new(pointer, message, hint));
    }

    fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.error(
                    pointer,
                    format!(
                        "expected {what} to be a JSON object, found {}",
                        kind_of(other)
                    ),
                    "wrap the members in `{ … }`",
                );
                None
            }
        }
    }

    fn string<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<&'v str> {
        match map.get(key) {
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                self.error(
                    &child(pointer, key),
                    format!("expected `{key}` to be a string, found {}", kind_of(other)),
                    "write the value in double quotes",
                );
                None
            }
            None => None,
        }
    }

    fn required_string<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        key: &str,
        pointer: &str,
    ) -> Option<&'v str> {
        if !map.contains_key(key) {
            let article = if key.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            self.error(
                pointer,
                format!("expected {article} `{key}` member"),
                format!("add `\"{key}\": \"…\"`"),
            );
            return None;
        }
        self.string(map, key, pointer)
    }

    fn boolean(&mut self, map: &Map<String, Value>, key: &str, pointer: &str) -> bool {
        match map.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &child(pointer, key),
                    format!(
                        "expected `{key}` to be true or false, found {}",
                        kind_of(other)
                    ),
                    "use a JSON boolean",
                );
                false
            }
            None => false,
        }
    }

    fn only_keys(&mut self, map: &Map<String, Value>, pointer: &str, allowed: &[&str], what: &str) {
        for (key, _) in self.entries(map, pointer) {
            if !allowed.contains(&key.as_str()) && !key.starts_with("x-") {
                self.error(
                    &child(pointer, key),
                    format!("unsupported keyword `{key}` in {what}"),
                    format!("remove it; {what} may only use: {}", allowed.join(", ")),
                );
            }
        }
    }

    // ----- document -----

    fn document(&mut self, root: &Value) -> Spec {
        let mut spec = Spec {
            title: String::new(),
            description: None,
            version: String::new(),
            servers: Vec::new(),
            operations: Vec::new(),
            components: Vec::new(),
        };
        let Some(map) = self.object(root, "", "the document") else {
            return spec;
        };
        self.only_keys(
            map,
            "",
            &[
                "openapi",
                "info",
                "servers",
                "security",
                "paths",
                "components",
                "tags",
            ],
            "the document root",
        );
        match self.required_string(map, "openapi", "") {
            Some(v) if v.starts_with("3.1.") => {}
            // 3.0 differs in what this generator reads only by `nullable`,
            // which is read as `type: [T, "null"]`.
            Some(v) if v.starts_with("3.0.") => {}
            Some(v) => self.error(
                "/openapi",
                format!("expected OpenAPI version 3.0.x or 3.1.x, found `{v}`"),
                "set `\"openapi\": \"3.1.0\"`",
            ),
            None => {}
        }
        if let Some(info) = map
            .get("info")
            .and_then(|v| self.object(v, "/info", "`info`"))
        {
            spec.title = self
                .required_string(info, "title", "/info")
                .unwrap_or_default()
                .to_owned();
            spec.version = self
                .required_string(info, "version", "/info")
                .unwrap_or_default()
                .to_owned();
            spec.description = self.string(info, "description", "/info").map(str::to_owned);
        } else if !map.contains_key("info") {
            self.error(
                "",
                "expected an `info` member",
                "add `\"info\": {\"title\": …, \"version\": …}`",
            );
        }
        if let Some(servers) = map.get("servers") {
            match servers {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let p = format!("/servers/{i}");
                        if let Some(server) = self.object(item, &p, "a server")
                            && let Some(url) = self.required_string(server, "url", &p)
                        {
                            spec.servers.push(url.to_owned());
                        }
                    }
                }
                other => self.error(
                    "/servers",
                    format!("expected an array, found {}", kind_of(other)),
                    "use `[{\"url\": …}]`",
                ),
            }
        }
        if let Some(components) = map
            .get("components")
            .and_then(|v| self.object(v, "/components", "`components`"))
        {
            self.only_keys(
                components,
                "/components",
                &["schemas", "securitySchemes", "requestBodies"],
                "`components`",
            );
            if let Some(bodies) = components.get("requestBodies")
                && let Some(bodies) = self.object(
                    bodies,
                    "/components/requestBodies",
                    "`components.requestBodies`",
                )
            {
                self.request_bodies = bodies.clone();
            }
            if let Some(schemas) = components
                .get("schemas")
                .and_then(|v| self.object(v, "/components/schemas", "`components.schemas`"))
            {
                for (name, value) in self.entries(schemas, "/components/schemas") {
                    let pointer = child("/components/schemas", name);
                    if !is_component_name(name) {
                        self.error(
                            &pointer,
                            format!("expected a component name made of ASCII letters, digits, `_`, `-` or `.`, found `{name}`"),
                            "rename the component; the name becomes a Rust type name",
                        );
                    }
                    let schema = self.schema(value, &pointer);
                    self.component_names.insert(name.clone());
                    spec.components.push(Component {
                        name: name.clone(),
                        schema,
                    });
                }
            }
        }
        match map.get("paths") {
            Some(paths) => {
                if let Some(paths) = self.object(paths, "/paths", "`paths`") {
                    // operationId → the operation that first used it.
                    let mut ids: HashMap<String, String> = HashMap::new();
                    for (path, item) in self.entries(paths, "/paths") {
                        let pointer = child("/paths", path);
                        if !path.starts_with('/') {
                            self.error(
                                &pointer,
                                format!("expected a path starting with `/`, found `{path}`"),
                                "write the path template as `/segment/{param}/…`",
                            );
                        }
                        let Some(item) = self.object(item, &pointer, "a path item") else {
                            continue;
                        };
                        for (method, operation) in self.entries(item, &pointer) {
                            let op_pointer = child(&pointer, method);
                            if !["get", "put", "post", "delete", "patch", "head", "options"]
                                .contains(&method.as_str())
                            {
                                if !method.starts_with("x-") {
                                    self.error(
                                        &op_pointer,
                                        format!("unsupported keyword `{method}` in a path item"),
                                        "a path item may only hold operations keyed by lower-case HTTP methods",
                                    );
                                }
                                continue;
                            }
                            if let Some(op) = self.operation(operation, &op_pointer, path, method) {
                                let here = format!("{} {}", op.method, op.path);
                                if let Some(first) = ids.get(&op.id) {
                                    self.error(
                                        &child(&op_pointer, "operationId"),
                                        format!("expected each operationId once, but `{}` is already the operationId of `{first}`", op.id),
                                        "give this operation its own operationId; it names the generated descriptor",
                                    );
                                } else {
                                    ids.insert(op.id.clone(), here);
                                }
                                spec.operations.push(op);
                            }
                        }
                    }
                }
            }
            None => self.error("", "expected a `paths` member", "add `\"paths\": {}`"),
        }
        spec.components.append(&mut self.inline_components);
        spec
    }

    fn operation(
        &mut self,
        value: &Value,
        pointer: &str,
        path: &str,
        method: &str,
    ) -> Option<Operation> {
        let map = self.object(value, pointer, "an operation")?;
        self.only_keys(
            map,
            pointer,
            &[
                "operationId",
                "summary",
                "description",
                "tags",
                "parameters",
                "requestBody",
                "responses",
                "security",
                "deprecated",
            ],
            "an operation",
        );
        let id = self
            .required_string(map, "operationId", pointer)?
            .to_owned();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.error(
                &child(pointer, "operationId"),
                format!(
                    "expected an operationId of ASCII letters, digits, `-` and `_`, found `{id}`"
                ),
                "the operationId names the generated descriptor",
            );
        }
        let mut parameters = Vec::new();
        if let Some(list) = map.get("parameters") {
            let p = child(pointer, "parameters");
            match list {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(param) = self.parameter(item, &child(&p, &i.to_string())) {
                            if parameters.iter().any(|q: &Parameter| {
                                q.name == param.name && q.location == param.location
                            }) {
                                self.error(
                                    &param.pointer,
                                    format!(
                                        "expected each parameter once, but `{}` is declared again",
                                        param.name
                                    ),
                                    "delete the duplicate",
                                );
                            }
                            parameters.push(param);
                        }
                    }
                }
                other => self.error(
                    &p,
                    format!("expected an array of parameters, found {}", kind_of(other)),
                    "use `[{…}, …]`",
                ),
            }
        }
        let template = self.path_parameters(path, pointer, &parameters);
        let body = map
            .get("requestBody")
            .and_then(|b| self.body(b, &child(pointer, "requestBody"), &id, 0));
        let pagination = map
            .get("x-pagination")
            .and_then(|v| self.pagination(v, &child(pointer, "x-pagination"), &parameters));
        let (success_status, success, failure) =
            self.responses(map.get("responses"), pointer, &id)?;
        Some(Operation {
            id,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            template,
            summary: self.string(map, "summary", pointer).map(str::to_owned),
            description: self.string(map, "description", pointer).map(str::to_owned),
            parameters,
            body,
            success_status,
            success,
            failure,
            pagination,
            pointer: pointer.to_owned(),
        })
    }

    fn pagination(
        &mut self,
        value: &Value,
        pointer: &str,
        parameters: &[Parameter],
    ) -> Option<Pagination> {
        let map = self.object(value, pointer, "`x-pagination`")?;
        self.only_keys(
            map,
            pointer,
            &["items", "totalPages", "disabledBy"],
            "`x-pagination`",
        );
        for name in ["page", "per_page"] {
            if !parameters
                .iter()
                .any(|p| p.location == Location::Query && p.name == name)
            {
                self.error(
                    pointer,
                    format!("expected a `{name}` query parameter, because the operation declares `x-pagination`"),
                    "paginated operations take `page` and `per_page` query parameters",
                );
            }
        }
        let mut pointer_member = |key: &str| -> Option<String> {
            let value = self.string(map, key, pointer)?;
            if !value.starts_with('/') {
                self.error(
                    &child(pointer, key),
                    format!("expected a JSON pointer such as `/result/items`, found `{value}`"),
                    "start the pointer with `/`",
                );
                return None;
            }
            Some(value.to_owned())
        };
        let items = pointer_member("items");
        let total_pages = pointer_member("totalPages");
        let disabled_by = self.string(map, "disabledBy", pointer).map(str::to_owned);
        if let Some(name) = &disabled_by
            && !parameters.iter().any(|p| {
                p.location == Location::Query
                    && &p.name == name
                    && matches!(p.schema.kind, Kind::Boolean)
            })
        {
            self.error(
                &child(pointer, "disabledBy"),
                format!("expected `{name}` to be a boolean query parameter of this operation"),
                "name the flag that makes the API ignore pagination",
            );
        }
        if items.is_none() {
            self.error(
                pointer,
                "expected an `items` pointer",
                "point at the array of items in the success body, e.g. `/result/items`",
            );
        }
        Some(Pagination {
            items: items?,
            total_pages,
            disabled_by,
            pointer: pointer.to_owned(),
        })
    }

    /// Every `{name}` in the template has a path parameter, and every path
    /// parameter appears in the template.
    /// Parses the path template (the one place it is parsed) and checks
    /// that its parameters and the path parameters are the same.
    fn path_parameters(
        &mut self,
        path: &str,
        pointer: &str,
        parameters: &[Parameter],
    ) -> Vec<PathSegment> {
        let mut template = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else {
                self.error(
                    pointer,
                    format!("expected every `{{` in the path `{path}` to be closed by `}}`"),
                    "close the parameter name",
                );
                return template;
            };
            let literal = rest.get(..start).unwrap_or_default();
            if !literal.is_empty() {
                template.push(PathSegment::Literal(literal.to_owned()));
            }
            template.push(PathSegment::Parameter(
                rest.get(start + 1..start + len)
                    .unwrap_or_default()
                    .to_owned(),
            ));
            rest = rest.get(start + len + 1..).unwrap_or_default();
        }
        if !rest.is_empty() {
            template.push(PathSegment::Literal(rest.to_owned()));
        }
        let in_template: BTreeSet<&str> = template
            .iter()
            .filter_map(|s| match s {
                PathSegment::Parameter(name) => Some(name.as_str()),
                PathSegment::Literal(_) => None,
            })
            .collect();
        for name in &in_template {
            if !parameters
                .iter()
                .any(|p| p.location == Location::Path && p.name == *name)
            {
                self.error(
                    pointer,
                    format!("expected a path parameter `{name}`, because the path `{path}` contains `{{{name}}}`"),
                    format!("add `{{\"name\": \"{name}\", \"in\": \"path\", \"required\": true, \"schema\": {{\"type\": \"string\"}}}}` to `parameters`"),
                );
            }
        }
        for p in parameters.iter().filter(|p| p.location == Location::Path) {
            if !in_template.contains(p.name.as_str()) {
                self.error(
                    &p.pointer,
                    format!("expected the path `{path}` to contain `{{{}}}`, because `{}` is a path parameter", p.name, p.name),
                    "add the segment to the path template, or make the parameter a query parameter",
                );
            }
        }
        template
    }

    fn parameter(&mut self, value: &Value, pointer: &str) -> Option<Parameter> {
        let map = self.object(value, pointer, "a parameter")?;
        self.only_keys(
            map,
            pointer,
            &[
                "name",
                "in",
                "required",
                "description",
                "schema",
                "deprecated",
            ],
            "a parameter",
        );
        let name = self.required_string(map, "name", pointer)?.to_owned();
        let location = match self.required_string(map, "in", pointer)? {
            "path" => Location::Path,
            "query" => Location::Query,
            other => {
                self.error(
                    &child(pointer, "in"),
                    format!("expected `in` to be `path` or `query`, found `{other}`"),
                    "header and cookie parameters are not supported; the descriptors set headers themselves",
                );
                return None;
            }
        };
        let required = self.boolean(map, "required", pointer);
        if location == Location::Path && !required {
            self.error(
                pointer,
                format!("expected the path parameter `{name}` to be required"),
                "add `\"required\": true`",
            );
        }
        let Some(schema_value) = map.get("schema") else {
            self.error(
                pointer,
                format!("expected a `schema` for the parameter `{name}`"),
                "add `\"schema\": {\"type\": \"string\"}`",
            );
            return None;
        };
        let schema = self.schema(schema_value, &child(pointer, "schema"));
        if !matches!(
            schema.kind,
            Kind::String
                | Kind::Integer
                | Kind::Number
                | Kind::Boolean
                | Kind::Enum { .. }
                | Kind::Ref(_)
        ) {
            self.error(
                &schema.pointer,
                format!("expected the parameter `{name}` to be a string, integer, number, boolean or string enum"),
                "parameters are written into the URL, so they must be scalars",
            );
        }
        Some(Parameter {
            description: self
                .string(map, "description", pointer)
                .map(str::to_owned)
                .or_else(|| schema.description.clone()),
            name,
            location,
            required,
            schema,
            pointer: pointer.to_owned(),
        })
    }

    fn body(
        &mut self,
        value: &Value,
        pointer: &str,
        operation: &str,
        depth: usize,
    ) -> Option<Body> {
        let map = self.object(value, pointer, "a request body")?;
        if let Some(reference) = map.get("$ref") {
            return self.body_reference(reference, pointer, operation, depth);
        }
        self.only_keys(
            map,
            pointer,
            &["description", "required", "content"],
            "a request body",
        );
        let description = self.string(map, "description", pointer).map(str::to_owned);
        let content_pointer = child(pointer, "content");
        let Some(content) = map.get("content") else {
            self.error(
                pointer,
                "expected a `content` member",
                "add `\"content\": {\"application/json\": {\"schema\": …}}`",
            );
            return None;
        };
        let content = self.object(content, &content_pointer, "`content`")?;
        if content.len() != 1 {
            self.error(
                &content_pointer,
                format!("expected exactly one media type, found {}", content.len()),
                "keep either `application/json` or `multipart/form-data`",
            );
            return None;
        }
        let (media, media_value) = content.iter().next()?;
        let media_pointer = child(&content_pointer, media);
        let media_map = self.object(media_value, &media_pointer, "a media type")?;
        self.only_keys(
            media_map,
            &media_pointer,
            &["schema", "encoding"],
            "a media type",
        );
        let schema_pointer = child(&media_pointer, "schema");
        let Some(schema_value) = media_map.get("schema") else {
            self.error(
                &media_pointer,
                "expected a `schema` member",
                "describe the body with `\"schema\": {\"$ref\": …}`",
            );
            return None;
        };
        match media.as_str() {
            "application/json" => {
                if media_map.contains_key("encoding") {
                    self.error(
                        &child(&media_pointer, "encoding"),
                        "unsupported keyword `encoding` for a JSON body",
                        "remove it; `encoding` applies to multipart bodies",
                    );
                }
                let schema = self.schema(schema_value, &schema_pointer);
                let schema = self.named(schema, operation, "Body");
                Some(Body::Json {
                    schema: Box::new(schema),
                    description,
                })
            }
            "multipart/form-data" => {
                let schema = self.schema(schema_value, &schema_pointer);
                let Kind::Object(object) = schema.kind else {
                    self.error(&schema_pointer, "expected the multipart schema to be an object whose properties are the parts", "write `{\"type\": \"object\", \"properties\": {…}}`");
                    return None;
                };
                let mut content_types = Vec::new();
                if let Some(encoding) = media_map.get("encoding") {
                    let enc_pointer = child(&media_pointer, "encoding");
                    if let Some(encoding) = self.object(encoding, &enc_pointer, "`encoding`") {
                        for (part, spec) in self.entries(encoding, &enc_pointer) {
                            let part_pointer = child(&enc_pointer, part);
                            if !object.properties.iter().any(|p| &p.name == part) {
                                self.error(
                                    &part_pointer,
                                    format!(
                                        "expected `{part}` to be one of the multipart properties"
                                    ),
                                    "name an existing part, or add it to the schema's properties",
                                );
                            }
                            if let Some(spec) = self.object(spec, &part_pointer, "a part encoding")
                            {
                                self.only_keys(
                                    spec,
                                    &part_pointer,
                                    &["contentType"],
                                    "a part encoding",
                                );
                                if let Some(ct) = self.string(spec, "contentType", &part_pointer) {
                                    content_types.push((part.clone(), ct.to_owned()));
                                }
                            }
                        }
                    }
                }
                // A JSON part written inline gets a component of its own,
                // named from the operation and the part.
                let parts = object
                    .properties
                    .into_iter()
                    .map(|mut part| {
                        if matches!(part.schema.kind, Kind::Object(_) | Kind::AllOf(_)) {
                            let role =
                                heck::ToUpperCamelCase::to_upper_camel_case(part.name.as_str());
                            part.schema = self.named(part.schema, operation, &role);
                        }
                        part
                    })
                    .collect();
                let each_file_as_part = schema_value
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|properties| {
                        properties
                            .iter()
                            .filter(|(_, p)| {
                                p.get("x-each-file-as-part") == Some(&Value::Bool(true))
                            })
                            .map(|(name, _)| name.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                Some(Body::Multipart {
                    parts,
                    content_types,
                    each_file_as_part,
                    description,
                })
            }
            other => {
                self.error(
                    &media_pointer,
                    format!("unsupported media type `{other}`"),
                    "use `application/json` or `multipart/form-data`",
                );
                None
            }
        }
    }

    /// A request body given as `{"$ref": "#/components/requestBodies/…"}`.
    fn body_reference(
        &mut self,
        reference: &Value,
        pointer: &str,
        operation: &str,
        depth: usize,
    ) -> Option<Body> {
        const PREFIX: &str = "#/components/requestBodies/";
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix(PREFIX))
            .map(unescape)
            .filter(|name| !name.contains('/'));
        let Some(name) = target else {
            self.error(
                &child(pointer, "$ref"),
                format!("expected a reference of the form `{PREFIX}<name>`"),
                "point the request body at an entry of `components.requestBodies`",
            );
            return None;
        };
        let Some(body) = self.request_bodies.get(&name).cloned() else {
            self.error(
                &child(pointer, "$ref"),
                format!("expected `{name}` to be a request body, but `components.requestBodies` has no such entry"),
                "fix the name or add the request body",
            );
            return None;
        };
        if depth > 8 {
            self.error(
                &child(pointer, "$ref"),
                "expected the request body references to end, but they go round in a cycle",
                "point one of them at a request body with `content`",
            );
            return None;
        }
        let target_pointer = child("/components/requestBodies", &name);
        self.body(&body, &target_pointer, operation, depth + 1)
    }

    /// `schema` if it is a `$ref` already; otherwise a reference to a new
    /// component holding it, named from the operation and `role` (the
    /// inline success body of `listWorkerVersions` is
    /// `ListWorkerVersionsResponse`), so that the body type has a name.
    fn named(&mut self, schema: Schema, operation: &str, role: &str) -> Schema {
        if matches!(schema.kind, Kind::Ref(_)) {
            return schema;
        }
        let base = format!(
            "{}{role}",
            heck::ToUpperCamelCase::to_upper_camel_case(operation)
        );
        let mut name = base.clone();
        let mut n = 2;
        while self.component_names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.component_names.insert(name.clone());
        let pointer = schema.pointer.clone();
        self.inline_components.push(Component {
            name: name.clone(),
            schema,
        });
        Schema {
            kind: Kind::Ref(name),
            ..self.bare(&pointer)
        }
    }

    fn responses(
        &mut self,
        value: Option<&Value>,
        pointer: &str,
        operation: &str,
    ) -> Option<(String, String, Option<model::Response>)> {
        let responses_pointer = child(pointer, "responses");
        let Some(value) = value else {
            self.error(
                pointer,
                "expected a `responses` member",
                "add a `200` and a `4XX` response",
            );
            return None;
        };
        let map = self.object(value, &responses_pointer, "`responses`")?;
        let mut success = None;
        let mut failure = None;
        // Whether a response of each kind is declared at all, even one
        // found wrong below, so that a broken `200` is not also reported
        // as a missing one.
        let mut declared = (false, false);
        for (status, response) in self.entries(map, &responses_pointer) {
            let p = child(&responses_pointer, status);
            let slot = if status.starts_with('2') {
                declared.0 = true;
                &mut success
            } else if status.starts_with('4') || status == "default" {
                declared.1 = true;
                &mut failure
            } else {
                self.error(
                    &p,
                    format!("unsupported response status `{status}`"),
                    "describe one success (`200` or `2XX`) and one failure (`4XX`) response",
                );
                continue;
            };
            if slot.is_some() {
                self.error(
                    &p,
                    format!(
                        "expected one success and one failure response, but `{status}` is another"
                    ),
                    "merge the bodies into one component",
                );
                continue;
            }
            let Some(response) = self.object(response, &p, "a response") else {
                continue;
            };
            self.only_keys(
                response,
                &p,
                &["description", "content", "headers"],
                "a response",
            );
            let schema = response
                .get("content")
                .and_then(|c| c.get("application/json"))
                .and_then(|m| m.get("schema"));
            let Some(schema) = schema else {
                self.error(
                    &p,
                    "expected `content.application/json.schema`",
                    "every response of this API is a JSON envelope; describe it",
                );
                continue;
            };
            let schema_pointer = format!("{p}/content/application~1json/schema");
            let checked = self.schema(schema, &schema_pointer);
            let role = if status.starts_with('2') {
                "Response"
            } else {
                "Failure"
            };
            if let Kind::Ref(name) = self.named(checked, operation, role).kind {
                *slot = Some((status.clone(), name));
            }
        }
        // No failure response is fine: a failure is then kept whole and
        // read as the API's error envelope. A declared one that was wrong
        // has been reported above.
        match (success, failure) {
            (Some((ss, s)), f) if f.is_some() || !declared.1 => Some((ss, s, f)),
            (s, _) => {
                if s.is_none() && !declared.0 {
                    self.error(
                        &responses_pointer,
                        "expected a success response (`200` or `2XX`)",
                        "add one",
                    );
                }
                None
            }
        }
    }

    // ----- schemas -----

    fn schema(&mut self, value: &Value, pointer: &str) -> Schema {
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
        // The value inside `[T, "null"]` carries the node's annotations, so
        // an inline object there keeps its title and description.
        if let Kind::Nullable(inner) = &mut schema.kind {
            inner.title.clone_from(&schema.title);
            inner.description.clone_from(&schema.description);
            inner.format.clone_from(&schema.format);
        }
        schema
    }

    fn kind(&mut self, map: &Map<String, Value>, pointer: &str) -> Kind {
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
                    self.all_of_depth += 1;
                    let parts: Vec<Schema> = items
                        .iter()
                        .enumerate()
                        .map(|(i, m)| self.schema(m, &child(&p, &i.to_string())))
                        .collect();
                    self.all_of_depth -= 1;
                    narrowed(&parts).unwrap_or(Kind::AllOf(parts))
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

    fn bare(&self, pointer: &str) -> Schema {
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

    fn no_type_keywords(&mut self, map: &Map<String, Value>, pointer: &str, combinator: &str) {
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

    fn typed(&mut self, ty: &str, map: &Map<String, Value>, pointer: &str) -> Kind {
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

    fn enumeration(&mut self, values: &Value, map: &Map<String, Value>, pointer: &str) -> Kind {
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

    fn object_kind(&mut self, map: &Map<String, Value>, pointer: &str) -> Kind {
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
            if self.all_of_depth > 0 {
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

    fn required_list(&mut self, map: &Map<String, Value>, pointer: &str) -> Vec<(String, usize)> {
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

    fn one_of(
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

    fn discriminator(
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

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn is_component_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn is_rust_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A short English name for a JSON value's kind.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A name for an untitled union alternative, from its shape: the values of
/// its fixed members (a `const` or one-value `enum`), then its other
/// required members, in PascalCase; for a value that is not an object, its
/// type (`Boolean`, `StringList`).
fn shape_name(schema: &Schema) -> String {
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

/// The one schema an `allOf` stands for when it merges no objects: a
/// single part (`"allOf": [{"$ref": …}]`, the usual way to add a
/// description or example to a reference), or one reference narrowed by
/// scalar parts (`[{"$ref": "…identifier"}, {"type": "string"}]`).
fn narrowed(parts: &[Schema]) -> Option<Kind> {
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
