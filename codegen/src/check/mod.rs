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
    Parameter, Property, Schema, Spec,
};

/// Checks a parsed document. `order` gives each object's member names in
/// document order (see [`crate::load::SourceFile::order`]), so that types,
/// fields and operations come out in the order the schema lists them.
pub fn check(root: &Value, order: &HashMap<String, Vec<String>>) -> Result<Spec, Vec<Diagnostic>> {
    let mut checker = Checker {
        diagnostics: Vec::new(),
        order,
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
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
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
];

struct Checker<'o> {
    diagnostics: Vec<Diagnostic>,
    order: &'o HashMap<String, Vec<String>>,
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
            Some(v) => self.error(
                "/openapi",
                format!("expected OpenAPI version 3.1.x, found `{v}`"),
                "set `\"openapi\": \"3.1.0\"`; 3.0 documents need `nullable` rewritten as `type: [T, \"null\"]` and `example` as `examples`",
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
                &["schemas", "securitySchemes"],
                "`components`",
            );
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
        self.path_parameters(path, pointer, &parameters);
        let body = map
            .get("requestBody")
            .and_then(|b| self.body(b, &child(pointer, "requestBody")));
        let pagination = map
            .get("x-pagination")
            .and_then(|v| self.pagination(v, &child(pointer, "x-pagination"), &parameters));
        let (success_status, success, failure) = self.responses(map.get("responses"), pointer)?;
        Some(Operation {
            id,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
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
    fn path_parameters(&mut self, path: &str, pointer: &str, parameters: &[Parameter]) {
        let mut in_template = BTreeSet::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else {
                self.error(
                    pointer,
                    format!("expected every `{{` in the path `{path}` to be closed by `}}`"),
                    "close the parameter name",
                );
                return;
            };
            in_template.insert(
                rest.get(start + 1..start + len)
                    .unwrap_or_default()
                    .to_owned(),
            );
            rest = rest.get(start + len + 1..).unwrap_or_default();
        }
        for name in &in_template {
            if !parameters
                .iter()
                .any(|p| p.location == Location::Path && &p.name == name)
            {
                self.error(
                    pointer,
                    format!("expected a path parameter `{name}`, because the path `{path}` contains `{{{name}}}`"),
                    format!("add `{{\"name\": \"{name}\", \"in\": \"path\", \"required\": true, \"schema\": {{\"type\": \"string\"}}}}` to `parameters`"),
                );
            }
        }
        for p in parameters.iter().filter(|p| p.location == Location::Path) {
            if !in_template.contains(&p.name) {
                self.error(
                    &p.pointer,
                    format!("expected the path `{path}` to contain `{{{}}}`, because `{}` is a path parameter", p.name, p.name),
                    "add the segment to the path template, or make the parameter a query parameter",
                );
            }
        }
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

    fn body(&mut self, value: &Value, pointer: &str) -> Option<Body> {
        let map = self.object(value, pointer, "a request body")?;
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
                if !matches!(schema.kind, Kind::Ref(_)) {
                    self.error(
                        &schema_pointer,
                        "expected the JSON body schema to be a `$ref` to a component",
                        "move the schema under `components.schemas` so the body type has a name",
                    );
                }
                Some(Body::Json {
                    schema,
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
                Some(Body::Multipart {
                    parts: object.properties,
                    content_types,
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

    fn responses(
        &mut self,
        value: Option<&Value>,
        pointer: &str,
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
            match checked.kind {
                Kind::Ref(name) => *slot = Some((status.clone(), name)),
                _ => self.error(
                    &schema_pointer,
                    "expected the response schema to be a `$ref` to a component",
                    "move the schema under `components.schemas` so the response type has a name",
                ),
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
                    "nullable" => match (map.get("type"), map.get("$ref")) {
                        (Some(Value::String(ty)), _) => format!(
                            "OpenAPI 3.1 has no `nullable`; write `\"type\": [\"{ty}\", \"null\"]` instead"
                        ),
                        (_, Some(Value::String(r))) => format!(
                            "OpenAPI 3.1 has no `nullable`; write `\"oneOf\": [{{\"$ref\": \"{r}\"}}, {{\"type\": \"null\"}}]` instead"
                        ),
                        _ => "OpenAPI 3.1 has no `nullable`; write `\"type\": [T, \"null\"]` instead"
                            .to_owned(),
                    },
                    "example" => match map.get("example").map(Value::to_string) {
                        Some(value) if value.len() <= 60 => format!(
                            "OpenAPI 3.1 takes a list of examples; write `\"examples\": [{value}]`"
                        ),
                        _ => "OpenAPI 3.1 takes a list of examples; write `\"examples\": [ … ]`"
                            .to_owned(),
                    },
                    "anyOf" => {
                        "use `oneOf`; the generator picks the best-matching alternative".to_owned()
                    }
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
        let combinators = ["oneOf", "allOf"]
            .iter()
            .filter(|k| map.contains_key(**k))
            .count();
        if combinators > 1 {
            self.error(
                pointer,
                "expected at most one of `oneOf` and `allOf`",
                "nest one inside the other",
            );
        }
        if let Some(members) = map.get("oneOf") {
            self.no_type_keywords(map, pointer, "oneOf");
            return self.one_of(members, map, pointer);
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
                Value::Array(items) if !items.is_empty() => Kind::AllOf(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, m)| self.schema(m, &child(&p, &i.to_string())))
                        .collect(),
                ),
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
            if map.contains_key(key) {
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
            "object" => &["properties", "required", "additionalProperties"],
            "array" => &["items"],
            "string" => &["enum"],
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
            "boolean" => Kind::Boolean,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
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
        for (name, i) in &required {
            if !properties.iter().any(|p| &p.name == name) {
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
            None | Some(Value::Bool(_)) => Kind::Object(Object { properties, closed }),
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

    fn one_of(&mut self, members: &Value, map: &Map<String, Value>, pointer: &str) -> Kind {
        let p = child(pointer, "oneOf");
        let Value::Array(items) = members else {
            self.error(
                &p,
                "expected `oneOf` to be an array of schemas",
                "list the alternatives",
            );
            return Kind::Any;
        };
        if items.is_empty() {
            self.error(
                &p,
                "expected at least one alternative in `oneOf`",
                "list the alternatives",
            );
            return Kind::Any;
        }
        let members: Vec<Schema> = items
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
            for member in &members {
                if !matches!(member.kind, Kind::Ref(_)) && member.title.is_none() {
                    self.error(
                        &member.pointer,
                        "expected an alternative of `oneOf` to be a `$ref` or to have a `title`",
                        "add a PascalCase `title`; it names the variant of the generated enum",
                    );
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
