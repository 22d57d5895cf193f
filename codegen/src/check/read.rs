//! Reading JSON: members in document order, typed lookups and the
//! one place diagnostics are recorded.

use super::*;

impl Checker<'_> {
    /// The members of `map` (found at `pointer`) in document order.
    pub(super) fn entries<'v>(
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

    pub(super) fn error(
        &mut self,
        pointer: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::new(pointer, message, hint));
    }

    pub(super) fn object<'v>(
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

    pub(super) fn string<'v>(
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

    pub(super) fn required_string<'v>(
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

    pub(super) fn boolean(&mut self, map: &Map<String, Value>, key: &str, pointer: &str) -> bool {
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

    pub(super) fn only_keys(
        &mut self,
        map: &Map<String, Value>,
        pointer: &str,
        allowed: &[&str],
        what: &str,
    ) {
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
}
