//! Diagnostics: what is wrong with a rule set or a case file, and where.
//!
//! One diagnostic is one line for a person: `file:line:col: error: field: reason (help)`.

use std::fmt;
use std::ops::Range;

/// A text that was read (a rule-set file, a case file, stdin), kept for line and column lookups.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// How the user knows the text: a path, `<stdin>`, or `bundled:rules/...`.
    pub name: String,
    pub text: String,
}

impl SourceText {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
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
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based (line, column); `None` where the format gives no position (e.g. a JSON field).
    pub position: Option<(u32, u32)>,
    /// Dotted path of the field (`parameters.threshold.value`); empty for the whole file.
    pub field: String,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
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
        write!(f, "{}", self.message)?;
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

    #[test]
    fn did_you_mean_finds_typos_but_not_strangers() {
        let keys = ["value", "unit", "sources", "derivation"];
        assert_eq!(did_you_mean("vallue", keys), Some("value"));
        assert_eq!(did_you_mean("source", keys), Some("sources"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
