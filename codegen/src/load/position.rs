//! Maps JSON pointers to line and column in a document's text, and back.
//!
//! `serde_json::Value` keeps no positions, so diagnostics are located by
//! scanning the text again. This only runs when there is something to
//! report, so it stays off the path of a successful build.

use std::collections::HashMap;

use crate::diagnostic::child;

/// A tiny scanner over JSON text. It is lenient: on malformed input it stops
/// early instead of failing, because it only serves error reporting.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads a string starting at the opening quote and returns its decoded
    /// content (escapes resolved; invalid escapes kept verbatim).
    fn string(&mut self) -> Option<String> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let mut raw = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'n' => raw.push(b'\n'),
                        b't' => raw.push(b'\t'),
                        b'r' => raw.push(b'\r'),
                        b'b' => raw.push(8),
                        b'f' => raw.push(12),
                        b'u' => {
                            let hex = self.bytes.get(self.pos..self.pos + 4)?;
                            self.pos += 4;
                            let code =
                                u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                            let c = char::from_u32(code).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            raw.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        other => raw.push(other),
                    }
                }
                other => raw.push(other),
            }
        }
        Some(String::from_utf8_lossy(&raw).into_owned())
    }

    /// Skips one value of any kind. Returns `None` if the text ends first.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = self.bytes.get(..offset).unwrap_or(self.bytes);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        (line, column)
    }
}

fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Returns the 1-based line and column where the node at `pointer` starts.
/// When the pointer goes deeper than the document, the deepest node that
/// exists is used; `(1, 1)` when nothing matches.
pub fn locate(text: &str, pointer: &str) -> (usize, usize) {
    let tokens: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .trim_start_matches('/')
            .split('/')
            .map(unescape_token)
            .collect()
    };
    let mut s = Scanner::new(text);
    s.skip_ws();
    let mut found = s.pos;
    for token in &tokens {
        s.skip_ws();
        found = s.pos;
        let matched = match s.peek() {
            Some(b'{') => {
                s.pos += 1;
                find_member(&mut s, token)
            }
            Some(b'[') => {
                s.pos += 1;
                token
                    .parse::<usize>()
                    .ok()
                    .is_some_and(|index| find_element(&mut s, index))
            }
            _ => false,
        };
        if !matched {
            return s.line_col(found);
        }
    }
    s.skip_ws();
    s.line_col(s.pos.max(found))
}

fn find_member(s: &mut Scanner<'_>, name: &str) -> bool {
    loop {
        s.skip_ws();
        let Some(key) = s.string() else { return false };
        if !s.eat(b':') {
            return false;
        }
        if key == name {
            return true;
        }
        if s.skip_value().is_none() || !s.eat(b',') {
            return false;
        }
    }
}

fn find_element(s: &mut Scanner<'_>, index: usize) -> bool {
    for _ in 0..index {
        if s.skip_value().is_none() || !s.eat(b',') {
            return false;
        }
    }
    s.skip_ws();
    !matches!(s.peek(), Some(b']') | None)
}

/// A member name that appears more than once in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The member's pointer (the same for every copy).
    pub pointer: String,
    /// The member name.
    pub name: String,
    /// 1-based line and column of the repeated name.
    pub at: (usize, usize),
    /// 1-based line and column of the first occurrence.
    pub first: (usize, usize),
}

/// What one pass over a document's text finds that `serde_json::Value`
/// forgets.
#[derive(Debug, Default)]
pub struct Scan {
    /// Member names that appear again in one object, one entry per repeat.
    pub duplicates: Vec<Duplicate>,
    /// The member names of each object, by pointer, in document order
    /// (`serde_json::Map` sorts them).
    pub order: HashMap<String, Vec<String>>,
}

/// Scans a document that has already parsed.
pub fn scan(text: &str) -> Scan {
    let mut s = Scanner::new(text);
    let mut out = Scan::default();
    walk(&mut s, "", &mut out, 0);
    out
}

fn walk(s: &mut Scanner<'_>, pointer: &str, out: &mut Scan, depth: usize) -> Option<()> {
    // The document has already parsed, so its depth is within serde_json's
    // limit; the guard only keeps a malformed call from recursing forever.
    if depth > 256 {
        return s.skip_value();
    }
    s.skip_ws();
    match s.peek()? {
        b'{' => {
            s.pos += 1;
            let mut keys: Vec<String> = Vec::new();
            // Where each name first appears, to point back at it.
            let mut starts: Vec<usize> = Vec::new();
            if s.eat(b'}') {
                out.order.insert(pointer.to_owned(), keys);
                return Some(());
            }
            loop {
                s.skip_ws();
                let at = s.pos;
                let key = s.string()?;
                let member = child(pointer, &key);
                if let Some(index) = keys.iter().position(|k| k == &key) {
                    let first = starts.get(index).copied().unwrap_or(at);
                    out.duplicates.push(Duplicate {
                        pointer: member.clone(),
                        name: key,
                        at: s.line_col(at),
                        first: s.line_col(first),
                    });
                } else {
                    keys.push(key);
                    starts.push(at);
                }
                if !s.eat(b':') {
                    return None;
                }
                walk(s, &member, out, depth + 1)?;
                if s.eat(b',') {
                    continue;
                }
                out.order.insert(pointer.to_owned(), keys);
                return s.eat(b'}').then_some(());
            }
        }
        b'[' => {
            s.pos += 1;
            if s.eat(b']') {
                return Some(());
            }
            let mut index = 0usize;
            loop {
                walk(s, &child(pointer, &index.to_string()), out, depth + 1)?;
                index += 1;
                if s.eat(b',') {
                    continue;
                }
                return s.eat(b']').then_some(());
            }
        }
        _ => s.skip_value(),
    }
}

/// The pointer of the innermost node that encloses `line:column`, for
/// syntax errors. The scan stops at the error, so it sees only the valid
/// prefix of the document.
pub fn pointer_at(text: &str, line: usize, column: usize) -> String {
    let offset = offset_of(text, line, column);
    let prefix = text.get(..offset).unwrap_or(text);
    let mut s = Scanner::new(prefix);
    let mut stack: Vec<String> = Vec::new();
    enclosing(&mut s, "", &mut stack);
    stack.pop().unwrap_or_default()
}

/// Turns serde_json's 1-based column, which counts bytes, into one that
/// counts characters like the rest of the diagnostics (they differ on lines
/// with non-ASCII text before the error).
pub(crate) fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(l) = text.split_inclusive('\n').nth(line.saturating_sub(1)) else {
        return byte_column.max(1);
    };
    let mut end = byte_column.saturating_sub(1).min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l.get(..end)
        .map_or(byte_column, |prefix| prefix.chars().count())
        + 1
}

/// The byte offset of the 1-based `line:column` (columns count characters).
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

/// Walks the valid prefix, leaving on `stack` the pointers of the nodes that
/// were still open when the text ran out.
fn enclosing(s: &mut Scanner<'_>, pointer: &str, stack: &mut Vec<String>) -> bool {
    s.skip_ws();
    match s.peek() {
        Some(b'{') => {
            s.pos += 1;
            stack.push(pointer.to_owned());
            loop {
                if s.eat(b'}') {
                    stack.pop();
                    return true;
                }
                s.skip_ws();
                let Some(key) = s.string() else { return false };
                if !s.eat(b':') {
                    return false;
                }
                if !enclosing(s, &child(pointer, &key), stack) {
                    return false;
                }
                s.eat(b',');
            }
        }
        Some(b'[') => {
            s.pos += 1;
            stack.push(pointer.to_owned());
            let mut index = 0usize;
            loop {
                if s.eat(b']') {
                    stack.pop();
                    return true;
                }
                if !enclosing(s, &child(pointer, &index.to_string()), stack) {
                    return false;
                }
                index += 1;
                s.eat(b',');
            }
        }
        Some(_) => {
            let start = s.pos;
            let complete = s.skip_value().is_some() && s.pos < s.bytes.len();
            if !complete || s.pos == start {
                stack.push(pointer.to_owned());
            }
            complete && s.pos != start
        }
        None => false,
    }
}
