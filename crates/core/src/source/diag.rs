//! Diagnostics: what is wrong with a rule set or a case file, and where.
//!
//! One diagnostic is one line for a person: `file:line:col: error: field: reason (help)`.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use crate::values::value::Said;

/// A text that was read (a rule-set file, a case file, stdin), kept for line and column lookups.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// How the user knows the text: a path, `<stdin>`, or `bundled:rules/...`.
    pub name: String,
    /// The text itself; the line index is built from it on the first lookup, so it is not
    /// changed after that.
    pub text: String,
    index: OnceLock<LineIndex>,
}

/// Where each line starts, and how many characters precede every [`LineIndex::BLOCK`] bytes,
/// built in one pass over the text: a position is then a binary search and a count within one
/// block, however many diagnostics a file has and however long its lines are (a minified JSON
/// file is one line).
#[derive(Debug, Clone)]
struct LineIndex {
    /// Byte offsets of the first byte of each line (the first is 0).
    line_starts: Vec<usize>,
    /// `block_chars[i]`: characters in the text's first `i × BLOCK` bytes.
    block_chars: Vec<usize>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl LineIndex {
    const BLOCK: usize = 1024;

    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        let mut block_chars = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut chars = 0;
        for block in bytes.chunks(Self::BLOCK) {
            block_chars.push(chars);
            chars += block.iter().filter(|b| starts_char(**b)).count();
        }
        block_chars.push(chars);
        Self {
            line_starts,
            block_chars,
        }
    }

    /// Characters in `text[..offset]`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / Self::BLOCK;
        let start = block * Self::BLOCK;
        let counted = self.block_chars.get(block).copied().unwrap_or(0);
        counted
            + text.as_bytes()[start..offset]
                .iter()
                .filter(|b| starts_char(**b))
                .count()
    }
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            index: OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset. The line index is built once,
    /// on the first call; each call after that costs a binary search.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let index = self.index.get_or_init(|| LineIndex::new(&self.text));
        // The last line starting at or before the offset.
        let line = index.line_starts.partition_point(|&s| s <= offset);
        let line_start = index.line_starts[line.saturating_sub(1)];
        let col =
            index.chars_before(&self.text, offset) - index.chars_before(&self.text, line_start) + 1;
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        (clamp(line), clamp(col))
    }

    /// A diagnostic located at `span` in this text (or at the file when there is no span).
    pub fn error(
        &self,
        span: Option<Range<usize>>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: self.name.clone(),
            position: span.map(|s| self.line_col(s.start)),
            field: field.into(),
            message: message.into(),
            help: None,
            sentences: None,
        }
    }

    /// A diagnostic whose reason is a catalogue sentence, so it can be shown in either language
    /// (its English `message` is written by [`crate::text::diag::settle`]).
    pub fn error_said(
        &self,
        span: Option<Range<usize>>,
        field: impl Into<String>,
        said: Said,
    ) -> Diagnostic {
        self.error(span, field, String::new()).said(said)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based (line, column); `None` where there is no place in a text (a whole file, a
    /// value computed from several fields).
    pub position: Option<(u32, u32)>,
    /// Dotted path of the field (`parameters.threshold.value`); empty for the whole file.
    pub field: String,
    /// The reason in English (what `Display`, the JSON and the logs carry).
    pub message: String,
    pub help: Option<String>,
    /// The reason and help as catalogue sentences, where they are, for a reader in another
    /// language ([`crate::text::diag`]). Not serialised (the JSON carries `message`). Boxed: a
    /// diagnostic travels in every `Result` of the engine.
    #[serde(skip)]
    pub sentences: Option<Box<Sentences>>,
}

/// A diagnostic's reason and help as catalogue sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentences {
    pub reason: Option<Said>,
    pub help: Option<Said>,
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the reason to a catalogue sentence. This layer sits below the catalogues, so the
    /// English `message` is written when the diagnostic leaves the reader
    /// ([`crate::text::diag::settle`]).
    pub fn said(mut self, said: Said) -> Self {
        self.sentences.get_or_insert_default().reason = Some(said);
        self
    }

    /// Sets the help to a catalogue sentence (written out as [`Diagnostic::said`]).
    pub fn help_said(mut self, said: Said) -> Self {
        self.sentences.get_or_insert_default().help = Some(said);
        self
    }

    /// The reason as a catalogue sentence, if it is one.
    pub fn reason_said(&self) -> Option<&Said> {
        self.sentences.as_ref().and_then(|s| s.reason.as_ref())
    }

    /// The help as a catalogue sentence, if it is one.
    pub fn help_sentence(&self) -> Option<&Said> {
        self.sentences.as_ref().and_then(|s| s.help.as_ref())
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {level}: ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        match (self.reason_said(), self.message.is_empty()) {
            // Never a blank reason: an unsettled sentence is named by its key.
            (Some(s), true) => write!(f, "{}.{}", s.scope, s.key)?,
            _ => write!(f, "{}", self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = SourceText::new("f.toml", "a = 1\nø = \"x\"\n");
        assert_eq!(src.line_col(0), (1, 1));
        // 'ø' is two bytes; the '=' after it is column 3.
        let eq = src.text.find("= \"x\"").unwrap();
        assert_eq!(src.line_col(eq), (2, 3));
    }

    /// The index gives what counting from the top gives, at every offset: across lines, at
    /// line ends, inside multi-byte characters (the character's own column), past the end, and
    /// across the index's blocks on a long line of mixed characters.
    #[test]
    fn the_line_index_agrees_with_counting_from_the_top() {
        fn counted(text: &str, offset: usize) -> (u32, u32) {
            let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[line_start..].chars().count() + 1;
            (line as u32, col as u32)
        }
        let long: String = "aø€𝄞 ".repeat(700);
        for text in [
            "",
            "\n",
            "a = 1\nø = \"x\"\n\nlast",
            long.as_str(),
            &format!("x\n{long}\n{long}y"),
        ] {
            let src = SourceText::new("t", text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    src.line_col(offset),
                    counted(text, offset),
                    "offset {offset}"
                );
            }
        }
    }

    /// 30,000 positions in a file of 30,000 lines: counting from the top for each took
    /// seconds (22 s in a release build for a case file of 30,000 unknown keys).
    #[test]
    fn many_positions_in_a_long_file_are_found_quickly() {
        let text: String = (0..30_000)
            .map(|i| format!("unknown_key_{i} = \"1\"\n"))
            .collect();
        let src = SourceText::new("t", text.as_str());
        let offsets: Vec<usize> = text.match_indices("unknown").map(|(i, _)| i).collect();
        let started = std::time::Instant::now();
        let last = offsets.iter().map(|&o| src.line_col(o)).last();
        assert_eq!(last, Some((30_000, 1)));
        // Counting from the top took minutes here in a debug build.
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn did_you_mean_finds_typos_but_not_strangers() {
        let keys = ["value", "unit", "sources", "derivation"];
        assert_eq!(did_you_mean("vallue", keys), Some("value"));
        assert_eq!(did_you_mean("source", keys), Some("sources"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
