//! The document root: `openapi`, `info`, `servers`, `components` and
//! `paths`.

use super::*;

impl Checker<'_> {
    pub(super) fn document(&mut self, root: &Value) -> Spec {
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
                    self.component_names.insert(name_key(name));
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
}

pub(super) fn is_component_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}
