//! Diagnostics in the reader's language. A reason or help that is a catalogue sentence
//! ([`Diagnostic::said`]) is written here, a layer above the readers that raise it: in English
//! into `message` when it leaves them ([`settle`]), and in either language when shown.

use std::borrow::Cow;
use std::fmt;

use crate::source::diag::{Diagnostic, Severity};
use crate::text::catalogue::Lang;
use crate::text::format::say;
use crate::values::value::Said;

/// Writes the English `message` and `help` of a diagnostic whose reason is a sentence.
pub fn settle(d: &mut Diagnostic) {
    if d.message.is_empty()
        && let Some(s) = d.reason_said()
    {
        d.message = say(s, Lang::En);
    }
    if d.help.is_none()
        && let Some(s) = d.help_sentence()
    {
        d.help = Some(say(s, Lang::En));
    }
}

/// [`settle`] for each.
pub fn settled(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.iter_mut().for_each(settle);
    diags
}

/// The reason in `lang`: the catalogue's sentence where there is one, else the English
/// `message` (a TOML syntax error, a rule set's own text).
pub fn message(d: &Diagnostic, lang: Lang) -> Cow<'_, str> {
    match (d.reason_said(), lang) {
        (Some(s), Lang::Da) => Cow::Owned(say(s, lang)),
        (Some(s), Lang::En) if d.message.is_empty() => Cow::Owned(say(s, lang)),
        _ => Cow::Borrowed(&d.message),
    }
}

/// The help in `lang`, as [`message`].
pub fn help(d: &Diagnostic, lang: Lang) -> Option<Cow<'_, str>> {
    match (d.help_sentence(), lang) {
        (Some(s), Lang::Da) => Some(Cow::Owned(say(s, lang))),
        (Some(s), Lang::En) if d.help.is_none() => Some(Cow::Owned(say(s, lang))),
        _ => d.help.as_deref().map(Cow::Borrowed),
    }
}

/// "error" or "warning" in `lang`.
pub fn level(severity: Severity, lang: Lang) -> String {
    let key = match severity {
        Severity::Error => "diag.error",
        Severity::Warning => "diag.warning",
    };
    say(&Said::common(key), lang)
}

/// The one-line form of a diagnostic in `lang`: `file:line:col: fejl: field: reason (help)`.
pub fn in_lang(d: &Diagnostic, lang: Lang) -> InLang<'_> {
    InLang { diag: d, lang }
}

pub struct InLang<'a> {
    diag: &'a Diagnostic,
    lang: Lang,
}

impl fmt::Display for InLang<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        write!(f, "{}", d.file)?;
        if let Some((line, col)) = d.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}: ", level(d.severity, self.lang))?;
        if !d.field.is_empty() {
            write!(f, "{}: ", d.field)?;
        }
        write!(f, "{}", message(d, self.lang))?;
        if let Some(help) = help(d, self.lang) {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::diag::SourceText;
    use crate::values::value::Value;

    #[test]
    fn a_sentence_is_written_in_english_when_settled_and_in_danish_when_shown() {
        let src = SourceText::new("case.toml", "month = 5\n");
        let said = Said::common("case.wrong_type")
            .with("expected", Value::said(Said::common("expected.month")))
            .with("found", Value::said(Said::common("kind.number")));
        let mut d = src.error_said(Some(8..9), "month", said);
        settle(&mut d);
        assert_eq!(
            d.to_string(),
            "case.toml:1:9: error: month: expected a month such as \"2024-03\", found a number"
        );
        assert_eq!(
            in_lang(&d, Lang::Da).to_string(),
            "case.toml:1:9: fejl: month: forventede en måned som \"2024-03\", fandt et tal"
        );
    }

    #[test]
    fn an_unsettled_sentence_is_never_a_blank_reason() {
        let d = SourceText::new("x", "").error_said(None, "f", Said::common("case.given_twice"));
        assert_eq!(d.to_string(), "x: error: f: common.case.given_twice");
        assert_eq!(message(&d, Lang::En), "given twice");
    }
}
