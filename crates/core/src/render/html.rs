//! A printable explanation of one case for a citizen's letter: one self-contained HTML page
//! (inline CSS, no scripts, no external resources) with the result, every step with its
//! formula and paragraph of law, the rule-set version, the date the case was computed for and
//! the rule set's hash. Every text is escaped.

use std::fmt::Write;

use super::{date_in, heading, legal, notes, report_in, title, valid_to_in, write_step};
use crate::engine::Outcome;
use crate::text::Lang;
use crate::text::format::{self, Style};
use crate::values::value::Value;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, safe in HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font-family:Georgia,'Times New Roman',serif;color:#111;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.4}\
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #999}\
table{border-collapse:collapse;width:100%}td,th{padding:.3em .4em;vertical-align:top;text-align:left}\
th{border-bottom:1px solid #999;font-weight:600}tr.step td{border-top:1px solid #ddd}\
td.amount,th.amount{text-align:right;white-space:nowrap}.formula{font-family:'DejaVu Sans Mono',monospace;font-size:.85em;color:#333}\
.legal{font-size:.85em;color:#333}.headline td{font-weight:700}.meta td:first-child{width:14em;color:#444}\
.hash{font-family:monospace;font-size:.8em;word-break:break-all}footer{margin-top:2em;font-size:.8em;color:#444}\
@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}tr{break-inside:avoid}}";

/// A result's name for a reader: its catalogue entry (`<scheme>.result.<field>`) where the
/// scheme has one, else the field's name as JSON writes it.
fn result_name(scheme: &str, field: &str, lang: Lang) -> String {
    let key = format!("result.{field}");
    if crate::text::catalogue::has(scheme, &key) {
        crate::text::catalogue::fill(lang, scheme, &key, &mut |_| None)
    } else {
        field.to_string()
    }
}

/// The explanation of `outcome` as a self-contained HTML page in `lang`.
pub fn to_html(outcome: &Outcome, lang: Lang) -> String {
    let v = outcome.version;
    let case = &outcome.case;
    let (scheme_title, month_means) = title(case.scheme.name, lang);
    let h = |key: &str| escape(&heading(lang, key, &[]));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} – {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        h("html_title"),
        escape(&scheme_title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&scheme_title));
    let month = format::write(&Value::Month(case.month), lang, Style::Prose);
    let _ = writeln!(
        out,
        "<p>{}: {} ({})</p>",
        h("html_month"),
        escape(&month),
        escape(&month_means)
    );

    // The result first: what the letter is about.
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table class=\"result\">",
        h("html_result")
    );
    let headline = case.scheme.headline;
    for (name, value) in outcome.result.fields() {
        let class = if name == headline {
            " class=\"headline\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{class}><td>{}</td><td class=\"amount\">{}</td></tr>",
            escape(&result_name(case.scheme.name, name, lang)),
            escape(&report_in(&value, lang))
        );
    }
    out.push_str("</table>\n");

    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table class=\"steps\">\n<tr><th>#</th><th>{}</th><th class=\"amount\">{}</th></tr>",
        h("html_steps"),
        h("html_step"),
        h("html_amount")
    );
    for (i, step) in outcome.trace.iter().enumerate() {
        let w = write_step(step, lang);
        let _ = write!(
            out,
            "<tr class=\"step\"><td>{}</td><td>{}",
            i + 1,
            escape(&w.label)
        );
        if !w.formula.is_empty() {
            let _ = write!(out, "<div class=\"formula\">{}</div>", escape(&w.formula));
        }
        if let (Some((name, ..)), Some(r)) = (&step.rounding, &w.rounding) {
            let rounded = super::rounding_line(lang, name, r, outcome.version_of_step(i));
            let _ = write!(out, "<div class=\"formula\">{}</div>", escape(&rounded));
        }
        let cites = legal(step, outcome.version_of_step(i));
        if !cites.is_empty() {
            let _ = write!(out, "<div class=\"legal\">{}: ", h("html_legal"));
            for (k, l) in cites.iter().enumerate() {
                if k > 0 {
                    out.push_str("; ");
                }
                out.push_str(&escape(&l.citation()));
                if !l.url.is_empty() {
                    let _ = write!(out, " &lt;{}&gt;", escape(&l.url));
                }
            }
            out.push_str("</div>");
        }
        let _ = writeln!(
            out,
            "</td><td class=\"amount\">{}</td></tr>",
            escape(&report_in(&step.value, lang))
        );
    }
    out.push_str("</table>\n");

    let notes = notes(outcome, lang);
    if !notes.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>\n<ul>", h("html_notes"));
        for n in &notes {
            let _ = writeln!(out, "<li>{}</li>", escape(n));
        }
        out.push_str("</ul>\n");
    }

    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table class=\"meta\">",
        h("html_rule_set")
    );
    let rows = [
        ("html_rule_set", v.id.clone()),
        // A case computed in parts names every version, in date order.
        (
            "html_version",
            outcome
                .parts
                .iter()
                .map(|(p, _)| p.version.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("html_status", super::status_in(v.status, lang)),
        (
            "html_valid",
            format!("{} – {}", date_in(v.valid_from, lang), valid_to_in(v, lang)),
        ),
        ("html_date", date_in(case.date, lang)),
    ];
    for (key, value) in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            h(key),
            escape(&value)
        );
    }
    let _ = writeln!(
        out,
        "<tr><td>{}</td><td class=\"hash\">{}</td></tr>\n</table>",
        h("html_hash"),
        escape(&v.sha256)
    );
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n</body>\n</html>",
        h("html_footer")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_that_could_be_markup_is_escaped() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
