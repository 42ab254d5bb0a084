//! A small JSON reader that keeps positions: every value and every key becomes a [`Node`] or
//! [`Entry`] with its byte span, as TOML's do, so a field error in a JSON case file names its
//! line and column. Numbers keep the text they were written with (never a float), and a key
//! given twice in one object is refused at the second, with the first's position, as TOML
//! refuses it.
//!
//! Hand-written rather than a crate: it is the whole of what is needed (RFC 8259, about 300
//! lines); it reads a case as fast as `serde_json` into a `Value` and on into the tree did
//! (release build, loaded 2-core machine, medians of four runs: 2.4 µs against 3.0 µs for a
//! fixture-sized case, 15 ms against 20 ms for 30,000 keys); and it is the only JSON reader in
//! the WebAssembly build (the page's what-if request is read by it too), where `serde_json`
//! now only writes. A crate that keeps spans would be a second reader beside `serde_json`'s.
//! Measured on the `wasm` profile before `wasm-opt`: this reader beside `serde_json`'s cost
//! 18.5 KB; with `serde_json`'s reader gone the module is 1,685,139 bytes (419,862 gzipped)
//! against 1,682,320 (422,626) before this work.

use std::collections::BTreeMap;
use std::ops::Range;

use super::diag::{Diagnostic, SourceText};
use super::tree::{Entry, Kind, Node};
use crate::values::value::{Said, Value};

/// Arrays and objects nest at most this deep (as `serde_json`'s limit): a case file never
/// comes near, and the reader's recursion stays small.
const MAX_DEPTH: usize = 128;

/// Keys of an object up to this many are searched in order for a duplicate; a longer object's
/// keys are kept in a map, so that a duplicate is found in logarithmic time.
const LONG_OBJECT: usize = 16;

/// Why the text is not JSON, and where.
struct Error {
    at: usize,
    message: String,
    /// The dotted path of the field, for errors about a field (a duplicate key).
    field: String,
    /// Where a duplicate key was first given, and the key.
    first: Option<(usize, String)>,
}

fn error(at: usize, message: impl Into<String>) -> Error {
    Error {
        at,
        message: message.into(),
        field: String::new(),
        first: None,
    }
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

/// Reads `src` as one JSON value; a syntax error (or a duplicate key) is a diagnostic with
/// line and column.
pub fn parse(src: &SourceText) -> Result<Node, Diagnostic> {
    let text = src.text.as_str();
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        // A byte-order mark (Windows editors' "UTF-8 with BOM") is not content; positions
        // still count from the file's first byte.
        pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
    };
    r.skip_space();
    let read = r.value(0).and_then(|node| {
        r.skip_space();
        if r.pos < r.bytes.len() {
            return Err(error(r.pos, "trailing characters"));
        }
        Ok(node)
    });
    read.map_err(|e| match e.first {
        Some((first, key)) => {
            let (line, col) = src.line_col(first);
            let said = Said::common("case.duplicate_key").with("key", Value::Text(key.clone()));
            let at = Value::Text(format!("{line}:{col}"));
            // The English is written here as well: every reader of a case or rule file meets
            // this error, not only those that settle sentences.
            let message = format!("duplicate key `{key}`: a key may be given once");
            src.error(Some(e.at..e.at), e.field, message)
                .with_help(format!("first given at {line}:{col}"))
                .said(said)
                .help_said(Said::common("help.first_given").with("at", at))
        }
        None => {
            let message = format!("invalid JSON: {}", e.message);
            let said = Said::common("case.invalid_json").with("message", Value::Text(e.message));
            src.error(Some(e.at..e.at), e.field, message).said(said)
        }
    })
}

impl Error {
    /// A field error raised inside the value of `key` (or `[i]`): its path gains that step.
    fn inside(mut self, step: &str) -> Self {
        if self.first.is_some() {
            self.field = if self.field.is_empty() {
                step.to_string()
            } else if self.field.starts_with('[') {
                format!("{step}{}", self.field)
            } else {
                format!("{step}.{}", self.field)
            };
        }
        self
    }
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eof(&self, what: &str) -> Error {
        error(self.bytes.len(), format!("EOF while parsing {what}"))
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(self.eof("a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b't') => self.word("true", Kind::Bool(true))?,
            Some(b'f') => self.word("false", Kind::Bool(false))?,
            Some(b'n') => self.word("null", Kind::Null)?,
            Some(_) => return Err(error(start, "expected value")),
        };
        Ok(Node {
            kind,
            span: Some(start..self.pos),
        })
    }

    fn word(&mut self, word: &str, kind: Kind) -> Result<Kind, Error> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(error(self.pos, "expected value"))
        }
    }

    fn nested(&self, depth: usize) -> Result<usize, Error> {
        if depth >= MAX_DEPTH {
            return Err(error(
                self.pos,
                format!("nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(depth + 1)
    }

    fn array(&mut self, depth: usize) -> Result<Kind, Error> {
        let depth = self.nested(depth)?;
        self.pos += 1; // [
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_space();
            let index = items.len();
            items.push(
                self.value(depth)
                    .map_err(|e| e.inside(&format!("[{index}]")))?,
            );
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        return Err(error(self.pos, "trailing comma"));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                None => return Err(self.eof("a list")),
                Some(_) => return Err(error(self.pos, "expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, Error> {
        let depth = self.nested(depth)?;
        self.pos += 1; // {
        let mut entries: Vec<Entry> = Vec::new();
        // The keys read so far, by name, once an object is too long to search them in order.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Table(entries));
        }
        loop {
            self.skip_space();
            let key_start = self.pos;
            let key = match self.peek() {
                Some(b'"') => self.string()?,
                None => return Err(self.eof("an object")),
                Some(_) => return Err(error(self.pos, "key must be a string")),
            };
            let key_span: Range<usize> = key_start..self.pos;
            let first = if entries.len() < LONG_OBJECT {
                entries
                    .iter()
                    .find(|e| e.key == key)
                    .and_then(|e| e.key_span.as_ref().map(|s| s.start))
            } else {
                if seen.is_empty() {
                    for e in &entries {
                        let at = e.key_span.as_ref().map_or(0, |s| s.start);
                        seen.insert(e.key.clone(), at);
                    }
                }
                seen.insert(key.clone(), key_start)
            };
            if let Some(first) = first {
                return Err(Error {
                    at: key_start,
                    message: String::new(),
                    field: key.clone(),
                    first: Some((first, key)),
                });
            }
            self.skip_space();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.eof("an object")),
                Some(_) => return Err(error(self.pos, "expected `:`")),
            }
            self.skip_space();
            let value = self.value(depth).map_err(|e| e.inside(&key))?;
            entries.push(Entry {
                key,
                key_span: Some(key_span),
                value,
            });
            self.skip_space();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                    if self.peek() == Some(b'}') {
                        return Err(error(self.pos, "trailing comma"));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Table(entries));
                }
                None => return Err(self.eof("an object")),
                Some(_) => return Err(error(self.pos, "expected `,` or `}`")),
            }
        }
    }

    /// A number as written: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<String, Error> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(error(self.pos, "invalid number"));
        }
        if self.bytes[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(error(int_start, "invalid number: a leading zero"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(error(self.pos, "invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(error(self.pos, "invalid number"));
            }
        }
        Ok(self.text[start..self.pos].to_string())
    }

    /// A string, its escapes read.
    fn string(&mut self) -> Result<String, Error> {
        self.pos += 1; // "
        let mut out = String::new();
        loop {
            // The run of plain characters up to the next quote, backslash or control character.
            let run = self.pos;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.pos += 1;
            }
            // Quotes, backslashes and control characters are ASCII: the run ends on a boundary.
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                None => return Err(self.eof("a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => {
                    return Err(error(
                        self.pos,
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let at = self.pos;
        let Some(b) = self.peek() else {
            return Err(self.eof("a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    // A high surrogate: a low one must follow.
                    if !self.bytes[self.pos..].starts_with(b"\\u") {
                        return Err(error(at, "lone leading surrogate in hex escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(error(at, "invalid unicode code point"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                char::from_u32(code).ok_or_else(|| error(at, "invalid unicode code point"))?
            }
            _ => return Err(error(at, "invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.eof("a string"))?;
        let mut n = 0;
        for (i, d) in digits.iter().enumerate() {
            let v = char::from(*d)
                .to_digit(16)
                .ok_or_else(|| error(self.pos + i, "invalid escape"))?;
            n = n * 16 + v;
        }
        self.pos += 4;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Node, String> {
        parse(&SourceText::new("c.json", text)).map_err(|d| d.to_string())
    }

    fn entries(node: &Node) -> &[Entry] {
        match &node.kind {
            Kind::Table(e) => e,
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn values_keep_their_text_and_their_place() {
        let text = "{\"a\": 0.30, \"b\": [1, -2.5e3, true, null],\n \"c\": \"x\\u00f8\\n\\\"\"}";
        let node = read(text).unwrap();
        let e = entries(&node);
        assert_eq!(e[0].key, "a");
        assert!(matches!(&e[0].value.kind, Kind::Number(t) if t == "0.30"));
        assert_eq!(e[0].key_span, Some(1..4));
        assert_eq!(e[0].value.span, Some(6..10));
        match &e[1].value.kind {
            Kind::Array(items) => {
                assert!(matches!(&items[1].kind, Kind::Number(t) if t == "-2.5e3"));
                assert!(matches!(items[2].kind, Kind::Bool(true)));
                assert!(matches!(items[3].kind, Kind::Null));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&e[2].value.kind, Kind::String(s) if s == "xø\n\""));
        let src = SourceText::new("c.json", text);
        let at = e[2].value.span.clone().unwrap().start;
        assert_eq!(src.line_col(at), (2, 7));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_positions_still_count_from_the_file_start() {
        let node = read("\u{feff}{\"a\": 1,\n \"a\": 2}");
        let e = node.unwrap_err();
        assert_eq!(
            e,
            "c.json:2:2: error: a: duplicate key `a`: a key may be given once (first given at 1:3)"
        );
        let node = read("\u{feff}{\"a\": 1}").unwrap();
        assert_eq!(entries(&node)[0].key_span, Some(4..7));
    }

    #[test]
    fn surrogate_pairs_and_plain_unicode_are_read() {
        let node = read("[\"\\ud834\\udd1e\", \"æøå 𝄞\"]").unwrap();
        match node.kind {
            Kind::Array(items) => {
                assert!(matches!(&items[0].kind, Kind::String(s) if s == "𝄞"));
                assert!(matches!(&items[1].kind, Kind::String(s) if s == "æøå 𝄞"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_key_given_twice_is_refused_at_the_second() {
        assert_eq!(
            read("{\"input\": {\"wage\": \"1\",\n \"wage\": \"2\"}}").unwrap_err(),
            "c.json:2:2: error: input.wage: duplicate key `wage`: a key may be given once (first given at 1:12)"
        );
        assert_eq!(
            read("{\"a\": [{}, {\"x\": 1, \"x\": 2}]}").unwrap_err(),
            "c.json:1:21: error: a[1].x: duplicate key `x`: a key may be given once (first given at 1:13)"
        );
        // A long object's keys are looked up by name.
        let long: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k3\": 0}}", long.join(", "));
        assert!(read(&text).unwrap_err().contains("k3: duplicate key `k3`"));
        assert!(read(&format!("{{{}}}", long.join(", "))).is_ok());
        // The same key in different objects is no duplicate.
        assert!(read("{\"a\": {\"x\": 1}, \"b\": {\"x\": 1}}").is_ok());
    }

    #[test]
    fn syntax_errors_are_located() {
        let cases = [
            (
                "{\"a\": }",
                "c.json:1:7: error: invalid JSON: expected value",
            ),
            (
                "{",
                "c.json:1:2: error: invalid JSON: EOF while parsing an object",
            ),
            (
                "{\"a\": 1,}",
                "c.json:1:9: error: invalid JSON: trailing comma",
            ),
            (
                "[1 2]",
                "c.json:1:4: error: invalid JSON: expected `,` or `]`",
            ),
            (
                "{a: 1}",
                "c.json:1:2: error: invalid JSON: key must be a string",
            ),
            (
                "{} x",
                "c.json:1:4: error: invalid JSON: trailing characters",
            ),
            (
                "01",
                "c.json:1:1: error: invalid JSON: invalid number: a leading zero",
            ),
            ("1.", "c.json:1:3: error: invalid JSON: invalid number"),
            ("\"\\x\"", "c.json:1:3: error: invalid JSON: invalid escape"),
            (
                "\"\\ud834\"",
                "c.json:1:3: error: invalid JSON: lone leading surrogate in hex escape",
            ),
            (
                "\"a\nb\"",
                "c.json:1:3: error: invalid JSON: control character (\\u0000-\\u001F) found while parsing a string",
            ),
            (
                "",
                "c.json:1:1: error: invalid JSON: EOF while parsing a value",
            ),
            ("tru", "c.json:1:1: error: invalid JSON: expected value"),
        ];
        for (text, message) in cases {
            assert_eq!(read(text).unwrap_err(), message, "{text:?}");
        }
    }

    #[test]
    fn nesting_is_bounded_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(
            read(&deep)
                .unwrap_err()
                .contains("nested more than 128 levels deep")
        );
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(read(&ok).is_ok());
    }

    /// Whatever `serde_json` reads, this reader reads to the same values (numbers with an
    /// exponent keep the text as written, where `serde_json` writes `1e5` as `1e+5`).
    #[test]
    fn it_reads_what_serde_json_reads() {
        fn same(node: &Node, v: &serde_json::Value) -> bool {
            match (&node.kind, v) {
                (Kind::Null, serde_json::Value::Null) => true,
                (Kind::Bool(a), serde_json::Value::Bool(b)) => a == b,
                (Kind::Number(a), serde_json::Value::Number(b)) => *a == b.to_string(),
                (Kind::String(a), serde_json::Value::String(b)) => a == b,
                (Kind::Array(a), serde_json::Value::Array(b)) => {
                    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
                }
                (Kind::Table(a), serde_json::Value::Object(b)) => {
                    a.len() == b.len()
                        && a.iter()
                            .all(|e| b.get(&e.key).is_some_and(|y| same(&e.value, y)))
                }
                _ => false,
            }
        }
        for text in [
            r#"{"scheme": "fleksloentilskud", "month": "2024-03", "input": {"wage": 15600.00, "x": [-0, 0.10, 12, "\t\u00e6\/"]}}"#,
            " [ ] ",
            "\"\"",
            "123456789012345678901234567890.123456789",
        ] {
            let v: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(same(&read(text).unwrap(), &v), "{text}");
        }
    }
}
