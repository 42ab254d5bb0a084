//! Shared amounts: a yearly-regulated amount that several schemes' rule sets build on, defined
//! once per version with its source (`rules/shared/<name>/<version>.toml`), instead of a copy in
//! each rule set. The højeste dagpengebeløb is one: dagpenge pay it, fleksløntilskud is at most
//! 98 % of it (LAB § 123, stk. 1), ledighedsydelse 89 % (aktivloven § 74 a).
//!
//! A rule set's parameter names it instead of a value:
//!
//! ```toml
//! [parameters.max_subsidy]
//! shared = "hoejeste_dagpengebeloeb"   # the version in force on this rule set's valid_from
//! percent = 98
//! rounding = { scale = 0, mode = "half_up" }
//! unit = "kr_per_month"
//! sources = ["lab_123_1"]
//! ```
//!
//! The loader computes the value, marks it derived (unless it is the amount itself, 100 % and
//! unrounded: then it has the amount's status, published or secondary), and writes the chain as
//! its derivation, so every result that uses it says where it came from.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{LegalSource, Status};
use super::spec::Unit;
#[cfg(feature = "toml")]
use crate::{
    source::tree::{Ctx, Node, TableReader},
    values::num,
    values::rounding::{Rounding, RoundingMode},
};

/// One version of a shared amount.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SharedAmount {
    pub name: String,
    pub title: String,
    pub version: String,
    #[serde(with = "super::compact::date")]
    pub valid_from: NaiveDate,
    #[serde(with = "super::compact::opt_date")]
    pub valid_to: Option<NaiveDate>,
    pub status: Status,
    #[serde(with = "super::compact::decimal")]
    pub value: Decimal,
    pub unit: Unit,
    pub derivation: Option<String>,
    /// Who quoted a `secondary` amount, and where.
    pub quoted_by: Option<String>,
    pub note: Option<String>,
    /// The three in Danish (`derivation_da`, `quoted_by_da`, `note_da`), for Danish results.
    pub derivation_da: Option<String>,
    pub quoted_by_da: Option<String>,
    pub note_da: Option<String>,
    pub sources: BTreeMap<String, LegalSource>,
    /// The file, and the SHA-256 of its bytes.
    pub file: String,
    pub sha256: String,
}

impl SharedAmount {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// Every shared amount loaded, by name, ordered by `valid_from`.
#[derive(Debug, Clone, Default)]
pub struct SharedBook {
    amounts: BTreeMap<String, Vec<SharedAmount>>,
}

impl SharedBook {
    pub fn insert(&mut self, a: SharedAmount) {
        let versions = self.amounts.entry(a.name.clone()).or_default();
        versions.push(a);
        versions.sort_by_key(|v| v.valid_from);
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.amounts.keys().map(String::as_str)
    }

    pub fn versions(&self, name: &str) -> &[SharedAmount] {
        self.amounts.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn all(&self) -> impl Iterator<Item = &SharedAmount> {
        self.amounts.values().flatten()
    }

    /// The version of `name` in force on `date`.
    pub fn in_force(&self, name: &str, date: NaiveDate) -> Option<&SharedAmount> {
        self.versions(name).iter().find(|v| v.covers(date))
    }

    /// Versions of one amount that overlap: each pair as `(earlier, later)`.
    pub fn overlaps(&self) -> Vec<(&SharedAmount, &SharedAmount)> {
        let mut out = Vec::new();
        for versions in self.amounts.values() {
            for pair in versions.windows(2) {
                if pair[0].valid_to.is_none_or(|to| to >= pair[1].valid_from) {
                    out.push((&pair[0], &pair[1]));
                }
            }
        }
        out
    }
}

/// Reads a shared-amount file; every problem goes to `ctx`.
#[cfg(feature = "toml")]
pub(super) fn read(root: &Node, file: &str, sha256: String, ctx: &mut Ctx) -> Option<SharedAmount> {
    let mut t = TableReader::new(root, "", ctx)?;
    let name: Option<String> = t.required("shared", ctx);
    let title: Option<String> = t.required("title", ctx);
    let version: Option<String> = t.required("version", ctx);
    let valid_from: Option<NaiveDate> = t.required("valid_from", ctx);
    let valid_to: Option<NaiveDate> = t.optional("valid_to", ctx);
    let status = super::model::read_status(&mut t, ctx, true);
    let sources = super::model::read_sources(&mut t, ctx);
    let amount = t.node("amount").and_then(|node| {
        let mut a = TableReader::new(node, "amount", ctx)?;
        let value: Option<Decimal> = a.required("value", ctx);
        let unit_text: Option<String> = a.required("unit", ctx);
        let derivation: Option<String> = a.optional("derivation", ctx);
        let quoted_by: Option<String> = a.optional("quoted_by", ctx);
        let note: Option<String> = a.optional("note", ctx);
        let danish: [Option<String>; 3] = [
            a.optional("derivation_da", ctx),
            a.optional("quoted_by_da", ctx),
            a.optional("note_da", ctx),
        ];
        let keys: Vec<String> = a.required("sources", ctx).unwrap_or_default();
        let unit_span = a.node("unit").and_then(|n| n.span.clone());
        let value_span = a.node("value").and_then(|n| n.span.clone());
        // An amount of money: not negative (the units of money have no upper bound).
        let value = value.filter(|v| {
            let ok = !v.is_sign_negative() || v.is_zero();
            if !ok {
                ctx.error(
                    &value_span,
                    "amount.value",
                    format!("{v} is negative; an amount of money cannot be negative"),
                );
            }
            ok
        });
        let sources_span = a.node("sources").and_then(|n| n.span.clone());
        a.finish(ctx);
        for k in &keys {
            if !sources.contains_key(k) {
                ctx.error(
                    &sources_span,
                    "amount.sources",
                    format!("no source `{k}` in [sources]"),
                );
            }
        }
        let unit = unit_text.as_deref().and_then(|u| {
            let unit = Unit::parse(u).filter(|u| u.is_money());
            if unit.is_none() {
                ctx.error(
                    &unit_span,
                    "amount.unit",
                    format!("`{u}` is not a unit of money"),
                );
            }
            unit
        });
        Some((value?, unit?, derivation, quoted_by, note, danish))
    });
    if t.node("amount").is_none() {
        let span = t.span().clone();
        ctx.error(
            &span,
            "amount",
            "missing [amount] with the value, its unit and its sources",
        );
    }
    t.finish(ctx);
    let status = status?;
    let (value, unit, derivation, quoted_by, note, danish) = amount?;
    let [derivation_da, quoted_by_da, note_da] = danish;
    if status == Status::Derived && derivation.is_none() {
        ctx.error(
            &None,
            "amount.derivation",
            "a derived amount needs its derivation written down",
        );
    }
    if status == Status::Secondary && quoted_by.is_none() {
        ctx.error(
            &None,
            "amount.quoted_by",
            "a secondary amount needs who quoted it and where (`quoted_by = \"...\"`)",
        );
    }
    if status != Status::Secondary && quoted_by.is_some() {
        ctx.error(
            &None,
            "status",
            "an amount quoted from another source must say `status = \"secondary\"`",
        );
    }
    Some(SharedAmount {
        name: name?,
        title: title?,
        version: version?,
        valid_from: valid_from?,
        valid_to,
        status,
        value,
        unit,
        derivation,
        quoted_by,
        note,
        derivation_da,
        quoted_by_da,
        note_da,
        sources,
        file: file.to_string(),
        sha256,
    })
}

/// A parameter computed from a shared amount: its value, status and derivation.
#[cfg(feature = "toml")]
pub(super) struct FromShared {
    pub value: Decimal,
    pub status: Status,
    pub derivation: String,
    /// The chain in Danish: its own words in Danish, the amount's texts in Danish where the
    /// shared file gives them.
    pub derivation_da: String,
    /// Who quoted the amount, when the parameter is a secondary amount itself.
    pub quoted_by: Option<String>,
    pub quoted_by_da: Option<String>,
}

/// Reads `shared`, `percent` and `rounding` of a parameter and computes it from the shared
/// amount in force on `on`.
#[cfg(feature = "toml")]
pub(super) fn parameter(
    p: &mut TableReader,
    shared: &SharedBook,
    on: Option<NaiveDate>,
    ctx: &mut Ctx,
) -> Option<FromShared> {
    let path = p.path().to_string();
    let name: Option<String> = p.required("shared", ctx);
    let percent: Decimal = p.optional("percent", ctx).unwrap_or(Decimal::ONE_HUNDRED);
    let rounding = p.node("rounding").and_then(|node| {
        let mut r = TableReader::new(node, &format!("{path}.rounding"), ctx)?;
        let scale: Option<u32> = r.required("scale", ctx);
        let mode: Option<String> = r.required("mode", ctx);
        let mode_span = r.node("mode").and_then(|n| n.span.clone());
        let scale_span = r.node("scale").and_then(|n| n.span.clone());
        r.finish(ctx);
        let scale = scale.filter(|s| {
            let ok = *s <= Rounding::MAX_SCALE;
            if !ok {
                ctx.error(
                    &scale_span,
                    &format!("{path}.rounding.scale"),
                    format!(
                        "{s} decimals is out of range (0 to {})",
                        Rounding::MAX_SCALE
                    ),
                );
            }
            ok
        });
        let mode = mode.as_deref().and_then(|m| {
            let parsed = RoundingMode::parse(m);
            if parsed.is_none() {
                ctx.error(
                    &mode_span,
                    &format!("{path}.rounding.mode"),
                    format!(
                        "`{m}` is not a rounding mode ({})",
                        RoundingMode::NAMES.join(", ")
                    ),
                );
            }
            parsed
        });
        Some(Rounding {
            scale: scale?,
            mode: mode?,
        })
    });
    let span = p.node("shared").and_then(|n| n.span.clone());
    let (name, on) = (name?, on?);
    if percent <= Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        ctx.error(
            &p.node("percent").and_then(|n| n.span.clone()),
            &format!("{path}.percent"),
            format!("{percent} is not a share of the amount (more than 0, at most 100)"),
        );
        return None;
    }
    let Some(amount) = shared.in_force(&name, on) else {
        let known: Vec<&str> = shared.names().collect();
        let why = if known.contains(&name.as_str()) {
            format!("no version of the shared amount `{name}` is in force on {on}")
        } else if known.is_empty() {
            format!(
                "no shared amount `{name}`: none is loaded (a rules directory holds them under shared/)"
            )
        } else {
            format!("no shared amount `{name}` (loaded: {})", known.join(", "))
        };
        ctx.error(&span, &format!("{path}.shared"), why);
        return None;
    };
    // A share of a very large amount can be beyond what a decimal holds.
    let Some(exact) = amount
        .value
        .checked_mul(percent)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
    else {
        ctx.error(
            &p.node("percent").and_then(|n| n.span.clone()).or(span),
            &format!("{path}.percent"),
            format!(
                "{} % of the shared amount `{name}` ({}, {}) is too large to compute",
                num::plain(percent),
                amount.value,
                amount.file
            ),
        );
        return None;
    };
    let value = rounding.map_or(exact, |r| r.apply(exact));
    let whole = value == amount.value;
    let status = if whole {
        amount.status
    } else {
        Status::Derived
    };
    let source = amount
        .sources
        .values()
        .map(LegalSource::citation)
        .collect::<Vec<_>>()
        .join("; ");
    // The chain in each language: the same figures, the words and the rounding in that language.
    let chain = |of: &str, rounding_text: fn(Rounding) -> String| {
        if whole {
            return format!(
                "{} {} = {} ({source})",
                amount.title,
                amount.version,
                num::danish(amount.value, 0)
            );
        }
        let rounded = match rounding {
            Some(r) if exact != value => {
                format!(" → {} ({})", num::danish(value, 2), rounding_text(r))
            }
            _ => String::new(),
        };
        format!(
            "{} % {of} {} {} ({} kr.; {source}) = {}{rounded}",
            num::plain_da(percent),
            amount.title,
            amount.version,
            num::danish(amount.value, 0),
            num::danish(exact, 2)
        )
    };
    let mut derivation = chain("of", |r| r.to_string());
    let mut derivation_da = chain("af", Rounding::danish);
    if let Some(d) = &amount.derivation {
        derivation.push_str(&format!(". That amount is derived: {d}"));
        let d = amount.derivation_da.as_ref().unwrap_or(d);
        derivation_da.push_str(&format!(". Beløbet er afledt: {d}"));
    }
    if let Some(q) = &amount.quoted_by
        && !whole
    {
        derivation.push_str(&format!(
            ". That amount is a secondary figure: the official figure as quoted by {q}"
        ));
        let q = amount.quoted_by_da.as_ref().unwrap_or(q);
        derivation_da.push_str(&format!(
            ". Beløbet er et sekundært tal: det officielle tal, gengivet af {q}"
        ));
    }
    if let Some(n) = &amount.note {
        derivation.push_str(&format!(". {n}"));
        derivation_da.push_str(&format!(". {}", amount.note_da.as_ref().unwrap_or(n)));
    }
    let file = format!(
        " [{}, sha256 {}]",
        amount.file,
        &amount.sha256[..12.min(amount.sha256.len())]
    );
    derivation.push_str(&file);
    derivation_da.push_str(&file);
    let (quoted_by, quoted_by_da) = if whole {
        (
            amount.quoted_by.clone(),
            amount
                .quoted_by_da
                .clone()
                .or_else(|| amount.quoted_by.clone()),
        )
    } else {
        (None, None)
    };
    Some(FromShared {
        value,
        status,
        derivation,
        derivation_da,
        quoted_by,
        quoted_by_da,
    })
}
