//! The reader every generated decoder is written against: JSON text in
//! memory, read token by token.
//!
//! Nothing here is generic. The generated decoders call [`Reader`]'s
//! methods directly, so each type's decoder is one function compiled once,
//! in this crate, and a program that depends on the crate instantiates
//! none of it. (Decoding through serde's `Deserializer` trait made every
//! decoder generic over the deserializer, and every rebuild of a dependent
//! compiled it again.)
//!
//! The text is checked to be UTF-8 once, up front; after that a string
//! without escapes is borrowed from it as it is, and a value kept as text
//! (an unknown member) is a slice of it.

use std::borrow::Cow;
use std::fmt;

use crate::JsonPath;

/// How deep arrays and objects may nest in a value that is decoded (not
/// merely kept as text): below `serde_json`'s limit of 128, as it counts,
/// so that a decoder's recursion cannot exhaust the stack.
const RECURSION_LIMIT: usize = 128;

/// Where a value starts, to read it again from there.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    pos: usize,
    depth: usize,
}

/// Reads JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    /// The span of the last member name read, quotes included.
    key: (usize, usize),
}

/// A failed decode: what went wrong, where in the text, and the path of
/// members and elements to it.
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    message: String,
    /// Byte offset into the text.
    at: usize,
    /// Member names and indices, innermost first.
    path: Vec<Segment>,
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not JSON.
    Syntax,
    /// The text stops in the middle of a value.
    Eof,
    /// The text is JSON, but a value does not fit its type.
    Data,
}

enum Segment {
    Key(Box<str>),
    Index(usize),
}

impl Error {
    fn new(kind: ErrorKind, message: String, at: usize) -> Error {
        Error(Box::new(Inner {
            kind,
            message,
            at,
            path: Vec::new(),
        }))
    }

    /// The error happened in member `name` of the object that passes it on.
    #[cold]
    #[inline(never)]
    #[must_use]
    pub fn in_member(mut self, name: &str) -> Error {
        self.0.path.push(Segment::Key(name.into()));
        self
    }

    /// The error happened in element `index` of the array that passes it on.
    #[cold]
    #[inline(never)]
    #[must_use]
    pub fn in_element(mut self, index: usize) -> Error {
        self.0.path.push(Segment::Index(index));
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// What went wrong, without a position.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where, as in `result.items[0].number` (`.` for the whole value).
    pub fn path(&self) -> String {
        fn below(at: &JsonPath<'_>, innermost_first: &[Segment]) -> String {
            match innermost_first.split_last() {
                None => at.to_string(),
                Some((Segment::Key(name), inner)) => below(&at.key(name), inner),
                Some((Segment::Index(index), inner)) => below(&at.index(*index), inner),
            }
        }
        below(&JsonPath::Root, &self.0.path)
    }

    /// The line and column of the failure in `text`, the text it was read
    /// from, as `serde_json` counts them: the line from 1, the column as
    /// the bytes of that line up to and including the one at fault.
    pub fn line_column(&self, text: &[u8]) -> (usize, usize) {
        let before = text.get(..self.0.at.min(text.len())).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count();
        (line, column)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("message", &self.0.message)
            .field("at", &self.0.at)
            .field("path", &self.path())
            .finish()
    }
}

/// Where the first byte of `bytes` that ends a string's plain run is: a
/// quote, a backslash or a control character. Eight bytes at a time.
#[inline]
pub(crate) fn find_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0_u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // A byte is flagged when it is zero (after the XOR) or below 0x20;
        // only the lowest flag is exact, which is the one wanted.
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w))
            & HIGH;
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|n| offset + n)
}

/// Whether `b` is JSON whitespace.
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r')
}

/// Containers open while a value is skipped: one bit each, `1` for an
/// object. The first 128 levels need no allocation.
struct Nesting {
    inline: u128,
    more: Vec<bool>,
    depth: usize,
}

impl Nesting {
    fn new() -> Nesting {
        Nesting {
            inline: 0,
            more: Vec::new(),
            depth: 0,
        }
    }

    fn push(&mut self, object: bool) {
        if self.depth < 128 {
            let bit = 1_u128 << self.depth;
            if object {
                self.inline |= bit;
            } else {
                self.inline &= !bit;
            }
        } else {
            self.more.push(object);
        }
        self.depth += 1;
    }

    fn top(&self) -> Option<bool> {
        let top = self.depth.checked_sub(1)?;
        if top < 128 {
            Some(self.inline & (1_u128 << top) != 0)
        } else {
            self.more.last().copied()
        }
    }

    fn pop(&mut self) {
        if self.depth > 128 {
            self.more.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            depth: 0,
            key: (0, 0),
        }
    }

    /// A reader of `bytes`, which must be UTF-8.
    pub fn from_slice(bytes: &'a [u8]) -> Result<Reader<'a>, Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Reader::new(text)),
            // A character cut off by the end of the body: truncated.
            Err(e) if e.error_len().is_none() => Err(Error::new(
                ErrorKind::Eof,
                "EOF while parsing a value".to_owned(),
                bytes.len(),
            )),
            Err(e) => Err(Error::new(
                ErrorKind::Syntax,
                "invalid unicode code point".to_owned(),
                e.valid_up_to() + 1,
            )),
        }
    }

    /// How far into the text the reader is, in bytes.
    #[inline]
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// How many bytes of text are left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.text.len().saturating_sub(self.pos)
    }

    #[inline]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    #[inline]
    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or_default()
    }

    /// Where the reader is, to come back to.
    #[inline]
    pub fn mark(&mut self) -> Mark {
        self.skip_space();
        Mark {
            pos: self.pos,
            depth: self.depth,
        }
    }

    /// Goes back to `mark`.
    #[inline]
    pub fn rewind(&mut self, mark: Mark) {
        self.pos = mark.pos;
        self.depth = mark.depth;
    }

    #[inline]
    fn skip_space(&mut self) {
        while let Some(&b) = self.bytes().get(self.pos) {
            if !is_space(b) {
                break;
            }
            self.pos += 1;
        }
    }

    /// The next byte that is not whitespace.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes().get(self.pos).copied()
    }

    /// A syntax error at the byte the reader is at: placed, as
    /// `serde_json` places it, just past that byte.
    #[cold]
    fn syntax(&self, message: &str) -> Error {
        Error::new(
            ErrorKind::Syntax,
            message.to_owned(),
            (self.pos + 1).min(self.text.len()),
        )
    }

    #[cold]
    fn eof(&self, what: &str) -> Error {
        Error::new(
            ErrorKind::Eof,
            format!("EOF while parsing {what}"),
            self.pos,
        )
    }

    /// The end of the text: nothing but whitespace may follow the value.
    pub fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }

    /// A value of the wrong JSON type where `expected` was due.
    #[cold]
    #[inline(never)]
    pub fn invalid_type(&mut self, expected: &str) -> Error {
        let at = self.pos;
        let found = match self.peek() {
            None => return self.eof("a value"),
            Some(b'"') => match self.string_body() {
                Ok(text) => format!("string {text:?}"),
                Err(e) => return e,
            },
            Some(b'-' | b'0'..=b'9') => match self.number_text() {
                Ok(text) if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
                    format!("integer `{text}`")
                }
                Ok(text) => format!("floating point `{text}`"),
                Err(e) => return e,
            },
            Some(b't') => "boolean `true`".to_owned(),
            Some(b'f') => "boolean `false`".to_owned(),
            Some(b'n') => "null".to_owned(),
            Some(b'{') => {
                self.pos += 1;
                "map".to_owned()
            }
            Some(b'[') => {
                self.pos += 1;
                "sequence".to_owned()
            }
            Some(_) => return self.syntax("expected value"),
        };
        let error = Error::new(
            ErrorKind::Data,
            format!("invalid type: {found}, expected {expected}"),
            self.pos,
        );
        self.pos = at;
        error
    }

    /// A value that has the right JSON type but not an allowed value.
    #[cold]
    pub fn invalid_value(&self, found: &str, expected: &str) -> Error {
        Error::new(
            ErrorKind::Data,
            format!("invalid value: {found}, expected {expected}"),
            self.pos,
        )
    }

    /// A member name that came twice in one object: one of the two would be
    /// lost on encode.
    #[cold]
    pub fn duplicate_member(&self, name: &str) -> Error {
        self.error(format_args!("duplicate member `{name}`"))
    }

    /// An error about the value just read, at the reader's position.
    #[cold]
    pub fn error(&self, message: impl fmt::Display) -> Error {
        Error::new(ErrorKind::Data, message.to_string(), self.pos)
    }

    // ----- containers -----

    /// Reads the `bracket` that opens a container, one level deeper.
    #[inline]
    fn open(&mut self, bracket: u8, expected: &str) -> Result<(), Error> {
        if self.peek() != Some(bracket) {
            return Err(self.invalid_type(expected));
        }
        self.pos += 1;
        self.enter()
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth >= RECURSION_LIMIT {
            return Err(self.syntax("recursion limit exceeded"));
        }
        Ok(())
    }

    /// The start of an object (`expected` names it for the error if the
    /// value is something else). Read its members with
    /// [`Reader::next_member`].
    #[inline]
    pub fn begin_object(&mut self, expected: &str) -> Result<(), Error> {
        self.open(b'{', expected)
    }

    /// The next member's name, with the reader at its value; `None` at the
    /// end of the object. `first` starts `true` for each object.
    #[inline]
    pub fn next_member(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>, Error> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth = self.depth.saturating_sub(1);
                return Ok(None);
            }
            Some(b',') if !*first => {
                self.pos += 1;
                if self.peek() != Some(b'"') {
                    return Err(self.key_error());
                }
            }
            Some(b'"') if *first => {}
            None => return Err(self.eof("an object")),
            Some(_) if *first => return Err(self.key_error()),
            Some(_) => return Err(self.syntax("expected `,` or `}`")),
        }
        *first = false;
        let start = self.pos;
        let name = self.string_body()?;
        self.key = (start, self.pos);
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(Some(name))
            }
            None => Err(self.eof("an object")),
            Some(_) => Err(self.syntax("expected `:`")),
        }
    }

    #[cold]
    fn key_error(&mut self) -> Error {
        match self.peek() {
            None => self.eof("an object"),
            Some(b'}') => self.syntax("trailing comma"),
            Some(_) => self.syntax("key must be a string"),
        }
    }

    /// The text of the last member name read, quotes and escapes as they
    /// came.
    #[inline]
    pub fn last_key_text(&self) -> &'a str {
        self.slice(self.key.0, self.key.1)
    }

    /// The start of an array. Read its elements with
    /// [`Reader::next_element`].
    #[inline]
    pub fn begin_array(&mut self, expected: &str) -> Result<(), Error> {
        self.open(b'[', expected)
    }

    /// Whether another element follows, with the reader at it. `first`
    /// starts `true` for each array.
    #[inline]
    pub fn next_element(&mut self, first: &mut bool) -> Result<bool, Error> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth = self.depth.saturating_sub(1);
                Ok(false)
            }
            Some(b',') if !*first => {
                self.pos += 1;
                match self.peek() {
                    Some(b']') => Err(self.syntax("trailing comma")),
                    None => Err(self.eof("a list")),
                    Some(_) => Ok(true),
                }
            }
            None => Err(self.eof("a list")),
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(_) => Err(self.syntax("expected `,` or `]`")),
        }
    }

    // ----- scalars -----

    /// Whether the value is `null`; if so, it is read.
    #[inline]
    pub fn null(&mut self) -> Result<bool, Error> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), Error> {
        let rest = self.bytes().get(self.pos..).unwrap_or_default();
        match word.iter().zip(rest).position(|(w, b)| w != b) {
            // Placed at the first byte that differs, as serde_json does.
            Some(at) => {
                self.pos += at;
                Err(self.syntax("expected ident"))
            }
            None if rest.len() < word.len() => {
                self.pos = self.text.len();
                Err(self.eof("a value"))
            }
            None => {
                self.pos += word.len();
                Ok(())
            }
        }
    }

    /// A boolean.
    #[inline]
    pub fn bool(&mut self) -> Result<bool, Error> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.invalid_type("a boolean")),
        }
    }

    /// The text of the number at the reader, checked against JSON's grammar.
    fn number_text(&mut self) -> Result<&'a str, Error> {
        let start = self.pos;
        let rest = self.bytes().get(start..).unwrap_or_default();
        match crate::number::json_number_length(rest) {
            Ok(length) => {
                self.pos += length;
                // `01` and `1x` are not numbers.
                match self.bytes().get(self.pos) {
                    Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') => {
                        Err(self.syntax("invalid number"))
                    }
                    _ => Ok(self.slice(start, self.pos)),
                }
            }
            Err(at) => {
                self.pos += at;
                if self.pos >= self.text.len() {
                    Err(self.eof("a value"))
                } else {
                    Err(self.syntax("invalid number"))
                }
            }
        }
    }

    /// An integer in `i64`'s range.
    #[inline]
    pub fn i64(&mut self) -> Result<i64, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {}
            _ => return Err(self.invalid_type("i64")),
        }
        let text = self.number_text()?;
        let (negative, digits) = match text.as_bytes().split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text.as_bytes()),
        };
        let integer = digits.iter().all(u8::is_ascii_digit);
        // `-0` is not the integer 0: written back, it would lose its sign.
        let negative_zero = negative && digits == b"0";
        if digits.len() <= 18 && integer && !negative_zero {
            let n = digits
                .iter()
                .fold(0_i64, |n, d| n * 10 + i64::from(d - b'0'));
            return Ok(if negative { -n } else { n });
        }
        if !negative_zero && let Ok(n) = text.parse::<i64>() {
            return Ok(n);
        }
        Err(if integer && !negative_zero {
            self.invalid_value(&format!("integer `{text}`"), "i64")
        } else {
            Error::new(
                ErrorKind::Data,
                format!("invalid type: floating point `{text}`, expected i64"),
                self.pos,
            )
        })
    }

    /// A number, kept to the digit.
    #[inline]
    pub fn number(&mut self) -> Result<crate::Number, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number_text().map(crate::Number::from_checked),
            _ => Err(self.invalid_type("a JSON number")),
        }
    }

    /// A string, borrowed from the text when it has no escapes.
    #[inline]
    pub fn str(&mut self, expected: &str) -> Result<Cow<'a, str>, Error> {
        if self.peek() == Some(b'"') {
            self.string_body()
        } else {
            Err(self.invalid_type(expected))
        }
    }

    /// A string.
    #[inline]
    pub fn string(&mut self) -> Result<String, Error> {
        self.str("a string").map(Cow::into_owned)
    }

    /// The string at the reader (at its opening quote).
    #[inline]
    fn string_body(&mut self) -> Result<Cow<'a, str>, Error> {
        let start = self.pos + 1;
        let rest = self.bytes().get(start..).unwrap_or_default();
        match find_special(rest) {
            Some(n) if rest.get(n) == Some(&b'"') => {
                self.pos = start + n + 1;
                Ok(Cow::Borrowed(self.slice(start, start + n)))
            }
            Some(n) => {
                self.pos = start + n;
                self.escaped_string(start).map(Cow::Owned)
            }
            None => {
                self.pos = self.text.len();
                Err(self.eof("a string"))
            }
        }
    }

    /// The rest of a string with escapes, from `self.pos`; `start` is where
    /// its text began.
    #[cold]
    fn escaped_string(&mut self, start: usize) -> Result<String, Error> {
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(self.slice(start, self.pos));
        loop {
            match self.bytes().get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(&b) if b < 0x20 => {
                    return Err(self.syntax(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                Some(_) => {
                    let from = self.pos;
                    let rest = self.bytes().get(from..).unwrap_or_default();
                    let n = find_special(rest).unwrap_or(rest.len());
                    self.pos += n;
                    out.push_str(self.slice(from, self.pos));
                }
                None => return Err(self.eof("a string")),
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Result<char, Error> {
        let Some(&b) = self.bytes().get(self.pos) else {
            return Err(self.eof("a string"));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex()?;
                match unit {
                    0xD800..=0xDBFF => {
                        if self.bytes().get(self.pos..self.pos + 2) != Some(b"\\u".as_slice()) {
                            let rest = self.bytes().get(self.pos..).unwrap_or_default();
                            return Err(if b"\\u".starts_with(rest) {
                                self.eof("a string")
                            } else {
                                self.syntax("lone leading surrogate in hex escape")
                            });
                        }
                        self.pos += 2;
                        let low = self.hex()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.syntax("lone leading surrogate in hex escape"));
                        }
                        let c = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        char::from_u32(c)
                            .ok_or_else(|| self.syntax("invalid unicode code point"))?
                    }
                    0xDC00..=0xDFFF => {
                        return Err(self.syntax("lone trailing surrogate in hex escape"));
                    }
                    unit => char::from_u32(u32::from(unit))
                        .ok_or_else(|| self.syntax("invalid unicode code point"))?,
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.syntax("invalid escape"));
            }
        })
    }

    fn hex(&mut self) -> Result<u16, Error> {
        let mut unit = 0_u16;
        for _ in 0..4 {
            let Some(&b) = self.bytes().get(self.pos) else {
                return Err(self.eof("a string"));
            };
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.syntax("invalid escape")),
            };
            unit = unit * 16 + u16::from(digit);
            self.pos += 1;
        }
        Ok(unit)
    }

    /// Checks the string at the reader and moves past it.
    fn skip_string(&mut self) -> Result<(), Error> {
        let start = self.pos + 1;
        self.pos = start;
        loop {
            let rest = self.bytes().get(self.pos..).unwrap_or_default();
            match find_special(rest) {
                Some(n) => {
                    self.pos += n;
                    match rest.get(n) {
                        Some(b'"') => {
                            self.pos += 1;
                            return Ok(());
                        }
                        Some(b'\\') => {
                            self.pos += 1;
                            self.escape()?;
                        }
                        _ => {
                            return Err(self.syntax(
                                "control character (\\u0000-\\u001F) found while parsing a string",
                            ));
                        }
                    }
                }
                None => {
                    self.pos = self.text.len();
                    return Err(self.eof("a string"));
                }
            }
        }
    }

    // ----- whole values -----

    /// Checks the value at the reader and moves past it, returning its
    /// text. It may nest to any depth: nothing here recurses.
    pub fn skip_value(&mut self) -> Result<&'a str, Error> {
        self.skip_space();
        let start = self.pos;
        let mut open = Nesting::new();
        loop {
            // A value is due.
            match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        open.push(true);
                        self.skip_key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        open.push(false);
                        continue;
                    }
                }
                Some(b'"') => self.skip_string()?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number_text()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(_) => return Err(self.syntax("expected value")),
                None => return Err(self.eof("a value")),
            }
            // A value was read: close what it ends.
            loop {
                let Some(object) = open.top() else {
                    return Ok(self.slice(start, self.pos));
                };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(b'}') if object => {
                        self.pos += 1;
                        open.pop();
                    }
                    Some(b']') if !object => {
                        self.pos += 1;
                        open.pop();
                    }
                    None => {
                        return Err(self.eof(if object { "an object" } else { "a list" }));
                    }
                    Some(_) => {
                        return Err(self.syntax(if object {
                            "expected `,` or `}`"
                        } else {
                            "expected `,` or `]`"
                        }));
                    }
                }
            }
        }
    }

    /// A member name and its colon, checked and skipped.
    fn skip_key(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'"') => self.skip_string()?,
            _ => return Err(self.key_error()),
        }
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.eof("an object")),
            Some(_) => Err(self.syntax("expected `:`")),
        }
    }

    /// The JSON type of the value at the reader, from its first byte.
    pub fn peek_type(&mut self) -> Option<JsonType> {
        Some(match self.peek()? {
            b'{' => JsonType::Object,
            b'[' => JsonType::Array,
            b'"' => JsonType::String,
            b'-' | b'0'..=b'9' => JsonType::Number,
            b't' | b'f' => JsonType::Bool,
            b'n' => JsonType::Null,
            _ => return None,
        })
    }

    /// Any JSON value, as a `serde_json::Value`; duplicate member names
    /// are refused, since one of the two would be lost.
    pub fn value(&mut self) -> Result<serde_json::Value, Error> {
        use serde_json::Value;
        match self.peek() {
            Some(b'{') => self.object_value().map(Value::Object),
            Some(b'[') => {
                self.begin_array("an array")?;
                let mut items = Vec::new();
                let mut first = true;
                while self.next_element(&mut first)? {
                    let index = items.len();
                    items.push(self.value().map_err(|e| e.in_element(index))?);
                }
                Ok(Value::Array(items))
            }
            Some(b'"') => self.string_body().map(|s| Value::String(s.into_owned())),
            Some(b'-' | b'0'..=b'9') => self.json_number().map(Value::Number),
            Some(b't' | b'f') => self.bool().map(Value::Bool),
            Some(b'n') => self.literal(b"null").map(|()| Value::Null),
            Some(_) => Err(self.syntax("expected value")),
            None => Err(self.eof("a value")),
        }
    }

    /// An object of any values, duplicate names refused.
    pub fn object_value(&mut self) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
        self.begin_object("an object")?;
        let mut members = serde_json::Map::new();
        let mut first = true;
        while let Some(name) = self.next_member(&mut first)? {
            let value = self.value().map_err(|e| e.in_member(&name))?;
            match members.entry(name.into_owned()) {
                serde_json::map::Entry::Occupied(entry) => {
                    return Err(self.duplicate_member(entry.key()));
                }
                serde_json::map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
        }
        Ok(members)
    }

    /// A number as `serde_json` reads one: an integer in `u64` or `i64`
    /// range as that integer, anything else as the nearest `f64`.
    fn json_number(&mut self) -> Result<serde_json::Number, Error> {
        let text = self.number_text()?;
        let integer = !text.contains(['.', 'e', 'E']);
        if integer {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(n.into());
            }
            // `-0` is a float to serde_json, as every negative integer
            // beyond `i64` is.
            if let Ok(n) = text.parse::<i64>()
                && n != 0
            {
                return Ok(n.into());
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => {
                serde_json::Number::from_f64(f).ok_or_else(|| self.error("number out of range"))
            }
            _ => Err(self.error("number out of range")),
        }
    }
}

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads one whole value as text, as an unknown member is kept.
    fn skip(text: &str) -> Result<&str, Error> {
        let mut r = Reader::new(text);
        let value = r.skip_value()?;
        r.end()?;
        Ok(value)
    }

    #[test]
    fn the_word_scan_finds_what_the_byte_scan_finds() {
        let alphabet = [
            b'a', b'"', b'\\', 0x1f, 0x20, 0x7f, 0x80, 0xff, 0x00, b'!', b'#',
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        // Mostly plain bytes, so the special one lands anywhere.
                        if state.is_multiple_of(5) {
                            alphabet[(state >> 8) as usize % alphabet.len()]
                        } else {
                            b'a' + (state >> 16) as u8 % 26
                        }
                    })
                    .collect();
                let naive = bytes
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
                assert_eq!(find_special(&bytes), naive, "{bytes:?}");
            }
        }
    }

    #[test]
    fn what_it_accepts_is_what_serde_json_accepts() {
        let cases = [
            "0",
            "-0",
            "1.5",
            "-1.5e-3",
            "1E+2",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "0x10",
            "1.5.2",
            "true",
            "tru",
            "false",
            "null",
            "nul",
            "\"\"",
            "\"a\\\"b\"",
            "\"\\u00e9\"",
            "\"\\ud83d\\ude00\"",
            "\"\\x\"",
            "\"\t\"",
            "\"abc",
            "[]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[[[]]]",
            "{}",
            "{\"a\":1}",
            "{\"a\":1,}",
            "{,}",
            "{\"a\" 1}",
            "{a:1}",
            "{\"a\":}",
            "{\"a\":1 \"b\":2}",
            " \n\t{ \"a\" : [ 1 , { } ] } \r\n",
            "[1] x",
            "",
            "   ",
            "{\"a\":{\"a\":{\"a\":[\"\\n\"]}}}",
            "\u{feff}1",
            "\"é\"",
            "[\"\\u0000\"]",
        ];
        for case in cases {
            let ours = skip(case).is_ok();
            let theirs = serde_json::from_str::<serde::de::IgnoredAny>(case).is_ok();
            assert_eq!(ours, theirs, "{case:?}");
            if ours {
                assert_eq!(skip(case).unwrap_or_default(), case.trim(), "{case:?}");
            }
        }
    }

    #[test]
    fn lone_surrogates_are_refused_in_every_string() {
        for case in [
            r#""\udc00""#,
            r#""\ud800""#,
            r#""\ud800x""#,
            r#""\ud800\u0041""#,
        ] {
            assert!(skip(case).is_err(), "{case}");
            assert!(Reader::new(case).string().is_err(), "{case}");
            let member = format!("{{{case}: 1}}");
            assert!(skip(&member).is_err(), "{member}");
        }
    }

    #[test]
    fn strings_read_as_serde_json_reads_them() {
        for case in [
            r#""plain""#,
            r#""tab\tquote\"slash\/back\\""#,
            r#""\b\f\n\r""#,
            r#""\u0041\u00e9\u4e2d\ud83d\ude00""#,
            r#""long enough to take the eight-byte path, then \n an escape""#,
            "\"é and 中 and 😀 as they are\"",
        ] {
            let ours = Reader::new(case).string().ok();
            let theirs = serde_json::from_str::<String>(case).ok();
            assert_eq!(ours, theirs, "{case}");
        }
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        for case in [
            "[0, -0, 1, -1, 18446744073709551615, 18446744073709551616, -9223372036854775808]",
            "[-9223372036854775809, 1.5, 1e2, 1E-2, 0.1, 123456789012345678901234567890]",
            r#"{"a": [true, false, null], "b": {"c": "d\u00e9"}}"#,
        ] {
            let ours = Reader::new(case).value().ok();
            let theirs = serde_json::from_str::<serde_json::Value>(case).ok();
            assert_eq!(ours, theirs, "{case}");
        }
        assert!(Reader::new("1e400").value().is_err());
        assert!(Reader::new(r#"{"k": 1, "k": 2}"#).value().is_err());
    }

    #[test]
    fn nesting_is_limited_where_values_are_built_and_free_where_they_are_kept() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(skip(&deep).is_ok());
        let error = Reader::new(&deep)
            .value()
            .err()
            .map(|e| e.message().to_owned());
        assert_eq!(error.as_deref(), Some("recursion limit exceeded"));
        let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(Reader::new(&ok).value().is_ok());
        let over = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(Reader::new(&over).value().is_err());
        assert!(serde_json::from_str::<serde_json::Value>(&over).is_err());
    }

    #[test]
    fn errors_carry_their_path_and_position() {
        let text = "{\"a\": [1,\n  \"x\"]}";
        let mut r = Reader::new(text);
        let error = (|| -> Result<(), Error> {
            r.begin_object("an object")?;
            let mut first = true;
            while let Some(name) = r.next_member(&mut first)? {
                r.begin_array("an array")?;
                let mut first = true;
                let mut index = 0;
                while r.next_element(&mut first)? {
                    r.i64().map_err(|e| e.in_element(index).in_member(&name))?;
                    index += 1;
                }
            }
            Ok(())
        })()
        .err();
        let error = error
            .as_ref()
            .map(|e| (e.path(), e.line_column(text.as_bytes()), e.kind()));
        assert_eq!(error, Some(("a[1]".to_owned(), (2, 5), ErrorKind::Data)));
    }

    #[test]
    fn integers_outside_i64_and_fractions_are_not_i64() {
        for (case, ok) in [
            ("9223372036854775807", true),
            ("-9223372036854775808", true),
            ("9223372036854775808", false),
            ("1.0", false),
            ("1e2", false),
            ("-0", false),
        ] {
            assert_eq!(Reader::new(case).i64().is_ok(), ok, "{case}");
        }
    }
}
