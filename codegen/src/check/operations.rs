//! Operations: parameters, the path template, request bodies and
//! responses.

use super::*;

impl Checker<'_> {
    pub(super) fn operation(
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

    pub(super) fn pagination(
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
    pub(super) fn path_parameters(
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

    pub(super) fn parameter(&mut self, value: &Value, pointer: &str) -> Option<Parameter> {
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

    pub(super) fn body(
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
    pub(super) fn body_reference(
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
    pub(super) fn named(&mut self, schema: Schema, operation: &str, role: &str) -> Schema {
        if matches!(schema.kind, Kind::Ref(_)) {
            return schema;
        }
        let base = format!(
            "{}{role}",
            heck::ToUpperCamelCase::to_upper_camel_case(operation)
        );
        let mut name = base.clone();
        let mut n = 2;
        while self.component_names.contains(&name_key(&name)) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.component_names.insert(name_key(&name));
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

    pub(super) fn responses(
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
}
