//! Reading and writing amounts. Files use `1234.56`; people read and type `1.234,56`.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Parses a decimal as written in TOML or JSON: digits, an optional `.` and an optional sign.
/// A Danish-looking amount (`15.600,00`) is refused with a hint, since in a file the two
/// separators are ambiguous.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let b = t.as_bytes();
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    // One pass: digits with at most one inner point, accumulated while they fit an i64.
    let mut mantissa: i64 = 0;
    let mut scale = 0u32;
    let mut point = false;
    let mut count = 0u32;
    let mut ok = !digits.is_empty() && digits[0] != b'.' && digits[digits.len() - 1] != b'.';
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                count += 1;
                if count <= 18 {
                    mantissa = mantissa * 10 + i64::from(c - b'0');
                }
                if point {
                    scale += 1;
                }
            }
            b'.' if !point => point = true,
            _ => {
                ok = false;
                break;
            }
        }
    }
    if !ok {
        let hint = if t.contains(',') {
            "; write amounts with a decimal point and no thousands separator, e.g. 15600.00"
        } else if t.contains(['e', 'E']) {
            "; write the number out in full, without an exponent"
        } else {
            ""
        };
        return Err(format!("`{t}` is not a decimal number{hint}"));
    }
    if count <= 18 {
        return Ok(Decimal::new(
            if negative { -mantissa } else { mantissa },
            scale,
        ));
    }
    // Longer numbers take the library's parser, which rounds what does not fit 96 bits and 28
    // decimals: such a number is refused, never rounded into another amount.
    let d = Decimal::from_str(t).map_err(|e| format!("`{t}` is not a decimal number: {e}"))?;
    if d.scale() != scale {
        return Err(format!(
            "`{t}` has more digits than a number can hold exactly (28 significant digits)"
        ));
    }
    Ok(d)
}

/// Why a number in a case file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// Written with an exponent (`7.9e25`).
    Exponent,
    /// A point followed by three digits, the last a zero (`15.600`): a file reads a decimal
    /// point (15,60), a Danish reader a thousands separator (15.600). Both readings are given.
    Ambiguous { file: Decimal, danish: Decimal },
    /// Written the Danish way (`1.234,56`, `15600,50`, `1.234.567`): the Danish reading.
    Danish { danish: Decimal },
    /// Digits beyond what a decimal holds exactly (28 significant digits): refused, not rounded.
    TooManyDigits,
}

/// `[sign]digits[.digits]`: text [`parse_decimal`] refuses only for its length.
fn plain_number_text(t: &str) -> bool {
    let u = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (whole, frac) = u.split_once('.').unwrap_or((u, "1"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
}

/// Reads an amount in a case file, the one way every scheme and format reads it: digits with
/// an optional decimal point (`1234.56`) and sign. Text that a Danish reader would read
/// otherwise is refused, naming both readings: `15.600` (15,60 or 15.600?), `1.234,56`.
pub fn read_amount(text: &str) -> Result<Decimal, NumberError> {
    if let Some(d) = plain_amount(text.trim_ascii().as_bytes()) {
        return Ok(d);
    }
    let t = text.trim();
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    if let Some((whole, groups)) = unsigned.split_once('.') {
        let danish_groups = (1..=3).contains(&whole.len())
            && whole.bytes().all(|b| b.is_ascii_digit())
            && groups
                .split('.')
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if danish_groups {
            let danish = parse_decimal(&t.replace('.', "")).map_err(|_| NumberError::NotANumber)?;
            // Three decimals are no amount in a file, so only `15.600` (15,60) is ambiguous.
            return match parse_decimal(t) {
                Ok(file) if file.normalize().scale() <= 2 => {
                    Err(NumberError::Ambiguous { file, danish })
                }
                _ => Err(NumberError::Danish { danish }),
            };
        }
    }
    match parse_decimal(t) {
        Ok(d) => Ok(d),
        Err(_) if t.contains(',') => match parse_amount_da(t) {
            Ok(danish) => Err(NumberError::Danish { danish }),
            Err(_) => Err(NumberError::NotANumber),
        },
        Err(_) if t.contains(['e', 'E']) => Err(NumberError::Exponent),
        Err(_) if plain_number_text(t) => Err(NumberError::TooManyDigits),
        Err(_) => Err(NumberError::NotANumber),
    }
}

/// The common case of [`read_amount`] in one pass (batch rows come here a million times):
/// `[sign]digits[.digits]`, at most 18 digits, and not a point followed by a group of three
/// digits after at most three (`15.600`, which has two readings). Anything else: `None`, and
/// the full reader decides.
fn plain_amount(b: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    let (mut mantissa, mut whole, mut frac, mut point) = (0i64, 0u32, 0u32, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                if whole + frac == 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(c - b'0');
                if point {
                    frac += 1;
                } else {
                    whole += 1;
                }
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if whole == 0 || (point && frac == 0) || (frac == 3 && whole <= 3) {
        return None;
    }
    Some(Decimal::new(
        if negative { -mantissa } else { mantissa },
        frac,
    ))
}

/// Reads a quantity in a case file (hours, a rate): digits with an optional decimal point; a
/// decimal comma is read as a point, since hours and rates have no thousands to separate.
pub fn read_quantity(text: &str) -> Result<Decimal, NumberError> {
    let t = text.trim();
    match parse_decimal(t) {
        Ok(d) => Ok(d),
        Err(_) if t.matches(',').count() == 1 && !t.contains('.') => {
            parse_decimal(&t.replace(',', ".")).map_err(|_| NumberError::NotANumber)
        }
        Err(_) if t.contains(['e', 'E']) => Err(NumberError::Exponent),
        Err(_) if plain_number_text(t) => Err(NumberError::TooManyDigits),
        Err(_) => Err(NumberError::NotANumber),
    }
}

/// Hours as a case file or a history writes them ([`read_quantity`]), refused as ambiguous
/// where the Danish reading differs and is also hours that `max` allows (`0.100`: 0,1 or 100
/// hours): the one rule for hours in a field and in every history.
pub fn read_hours(text: &str, max: u32) -> Result<Decimal, NumberError> {
    let d = read_quantity(text)?;
    if let Err(NumberError::Ambiguous { danish, .. } | NumberError::Danish { danish }) =
        read_amount(text)
        && danish != d
        && danish <= Decimal::from(max)
    {
        return Err(NumberError::Ambiguous { file: d, danish });
    }
    Ok(d)
}

/// Parses an amount as a person types it: `15.272,00`, `15272,5`, `15272` or `15272.00`.
/// A single `.` followed by exactly three digits is a thousands separator (`15.272`), as in
/// Danish; otherwise a lone `.` is a decimal point. Thousands separators must group by three
/// (`1.234.567`): `1.234.5` or `12.34,00` is a typing error, not 12345 or 1234.
pub fn parse_amount_da(text: &str) -> Result<Decimal, String> {
    let not_an_amount = || format!("`{}` is not an amount, e.g. 15.272,00", text.trim());
    let bare = text
        .trim()
        .trim_end_matches("kr.")
        .trim_end_matches("kr")
        .trim();
    // A space is a thousands separator (`15 600,50`) and nothing else: `1 5600` or `20 0` is
    // a typing error, not 15.600 or 200.
    let space = |c: char| matches!(c, ' ' | '\u{a0}');
    if bare.contains(space) {
        let (whole, decimals) = bare.split_once(',').unwrap_or((bare, ""));
        let mut groups = whole.split(space).filter(|g| !g.is_empty());
        let first_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.trim_start_matches(['-', '+']).len()));
        if !first_ok
            || whole.contains('.')
            || decimals.contains(space)
            || groups.any(|g| g.len() != 3)
        {
            return Err(not_an_amount());
        }
    }
    let t: String = bare.chars().filter(|c| !space(*c)).collect();
    let (whole, decimals) = match t.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None if t.matches('.').count() == 1
            && t.split_once('.').is_some_and(|(_, f)| f.len() != 3) =>
        {
            return parse_decimal(&t).map_err(|_| not_an_amount());
        }
        None => (t.as_str(), None),
    };
    let whole = if whole.contains('.') {
        let mut groups = whole.split('.');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || groups.any(|g| g.len() != 3) {
            return Err(not_an_amount());
        }
        whole.replace('.', "")
    } else {
        whole.to_string()
    };
    let canonical = match decimals {
        Some(f) => format!("{whole}.{f}"),
        None => whole,
    };
    parse_decimal(&canonical).map_err(|_| not_an_amount())
}

/// Canonical text with at least `scale` decimals: trailing zeros beyond `scale` are dropped
/// and short values padded (`15272` → `15272.00`, `4680.0000` → `4680.00`). It never rounds:
/// a value with more decimals (an exact intermediate such as `569.2555`) keeps them.
pub fn fixed(d: Decimal, scale: u32) -> String {
    let mut v = d.normalize();
    if v.scale() < scale {
        v.rescale(scale);
    }
    v.to_string()
}

/// Appends [`fixed`] text to `out` without an intermediate string (for batch output): the
/// digits of the mantissa, for values that fit an i64, written backwards into a buffer on the
/// stack and appended at once; the library's formatting otherwise.
pub fn write_fixed(out: &mut String, d: Decimal, scale: u32) {
    let (Ok(m), s) = (i64::try_from(d.mantissa()), d.scale()) else {
        return write_fixed_slow(out, d, scale);
    };
    if s > 19 || scale > 28 {
        return write_fixed_slow(out, d, scale);
    }
    // Kroner and øre, the common case: whole and hundredths, with itoa's digit pairs.
    if scale == 2
        && s <= 2
        && let Some(cents) = m.unsigned_abs().checked_mul(10u64.pow(2 - s))
    {
        if m < 0 {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(cents / 100));
        let c = (cents % 100) as u8;
        out.push('.');
        out.push(char::from(b'0' + c / 10));
        out.push(char::from(b'0' + c % 10));
        return;
    }
    // Trailing zeros beyond `scale` are dropped.
    let (mut n, mut digits) = (m.unsigned_abs(), s);
    while digits > scale && n % 10 == 0 {
        n /= 10;
        digits -= 1;
    }
    // At most a sign, 19 digits, a point and 28 zeros.
    let mut buf = [b'0'; 64];
    let mut at = buf.len();
    // Short values are padded with zeros to `scale` decimals (already zeros in the buffer).
    at -= scale.saturating_sub(digits) as usize;
    for _ in 0..digits {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    if digits > 0 || scale > 0 {
        at -= 1;
        buf[at] = b'.';
    }
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if m < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    match std::str::from_utf8(&buf[at..]) {
        Ok(text) => out.push_str(text),
        Err(_) => write_fixed_slow(out, d, scale),
    }
}

fn write_fixed_slow(out: &mut String, d: Decimal, scale: u32) {
    use std::fmt::Write;
    let mut v = d.normalize();
    if v.scale() < scale {
        v.rescale(scale);
    }
    let _ = write!(out, "{v}");
}

/// An exact running sum of amounts: values with up to six decimals are added as integer
/// millionths (fast); anything else as a decimal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Total {
    micro: i128,
    rest: Decimal,
    /// Whether any amount was added: a column of dates or words has no total.
    seen: bool,
    /// A sum beyond what a decimal holds: the total is not shown rather than wrong or a panic.
    overflow: bool,
}

impl Total {
    const SCALE: u32 = 6;

    pub fn add(&mut self, d: Decimal) {
        const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
        let s = d.scale();
        match (
            i64::try_from(d.mantissa()),
            POW10.get((Self::SCALE.saturating_sub(s)) as usize),
        ) {
            (Ok(m), Some(f)) if s <= Self::SCALE => {
                // An i64 times a power of ten up to a million: one widening multiplication.
                match self.micro.checked_add(i128::from(m) * i128::from(*f)) {
                    Some(sum) => self.micro = sum,
                    None => self.overflow = true,
                }
            }
            _ => match self.rest.checked_add(d) {
                Some(sum) => self.rest = sum,
                None => self.overflow = true,
            },
        }
        self.seen = true;
    }

    pub fn seen(&self) -> bool {
        self.seen
    }

    pub fn merge(&mut self, other: Total) {
        match (
            self.micro.checked_add(other.micro),
            self.rest.checked_add(other.rest),
        ) {
            (Some(m), Some(r)) => {
                self.micro = m;
                self.rest = r;
            }
            _ => self.overflow = true,
        }
        self.overflow |= other.overflow;
        self.seen |= other.seen;
    }

    /// The sum, or `None` when it does not fit a decimal (about 7,9 · 10²⁸).
    pub fn value(&self) -> Option<Decimal> {
        if self.overflow {
            return None;
        }
        Decimal::try_from_i128_with_scale(self.micro, Self::SCALE)
            .ok()
            .and_then(|d| d.normalize().checked_add(self.rest))
    }
}

/// Appends the decimal digits of `n`.
pub fn push_u64(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// An amount written for a Danish reader: `15.272,00`.
pub fn danish(d: Decimal, scale: u32) -> String {
    let text = fixed(d, scale);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A decimal without trailing zeros (`0.30` → `0.3`, `30.00` → `30`), for rates in prose.
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

/// [`plain`], appended to `out`.
pub fn write_plain(out: &mut String, d: Decimal) {
    // `fixed` at scale 0 is the normalised value's text (the property test below holds the
    // writer to it), without the formatting machinery: hours and counts in every dagpenge row.
    write_fixed(out, d, 0)
}

/// [`plain`] for a Danish reader, with a decimal comma (`18,5`).
pub fn plain_da(d: Decimal) -> String {
    plain(d).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn digits_beyond_what_a_decimal_holds_are_refused_not_rounded() {
        // 29 significant digits would round to 15600.01 and to 100000.00.
        assert!(parse_decimal("15600.009999999999999999999999999").is_err());
        assert_eq!(
            read_amount("99999.999999999999999999999999"),
            Err(NumberError::TooManyDigits)
        );
        // 28 digits are held exactly.
        assert_eq!(
            parse_decimal("8.966666666666666666666666667").map(|d| d.scale()),
            Ok(27)
        );
        assert!(parse_decimal("79228162514264337593543950335").is_ok());
    }

    #[test]
    fn file_amounts_are_canonical() {
        assert_eq!(parse_decimal("15600.00"), Ok(d("15600.00")));
        assert_eq!(parse_decimal("-3"), Ok(d("-3")));
        assert!(
            parse_decimal("15.600,00")
                .unwrap_err()
                .contains("decimal point")
        );
        assert!(parse_decimal("1e3").unwrap_err().contains("exponent"));
        assert!(parse_decimal("").is_err());
        assert!(parse_decimal("12.").is_err());
        // The fast path and the library agree, scale included.
        for t in [
            "0",
            "0.30",
            "15600.00",
            "-0.5",
            "+7",
            "123456789012345678",
            "1234567890123456789.5",
            "00012.340",
        ] {
            let fast = parse_decimal(t).unwrap();
            let lib = Decimal::from_str(t).unwrap();
            assert_eq!(fast, lib, "{t}");
            assert_eq!(fast.scale(), lib.scale(), "{t}");
        }
    }

    #[test]
    fn typed_amounts_accept_danish_and_plain_forms() {
        assert_eq!(parse_amount_da("15.272,00"), Ok(d("15272.00")));
        assert_eq!(parse_amount_da("15272"), Ok(d("15272")));
        assert_eq!(parse_amount_da("15272,5"), Ok(d("15272.5")));
        assert_eq!(parse_amount_da("15.272"), Ok(d("15272")));
        assert_eq!(parse_amount_da("1.234.567,89 kr."), Ok(d("1234567.89")));
        assert_eq!(parse_amount_da("200.5"), Ok(d("200.5")));
        assert!(parse_amount_da("abc").is_err());
        // Misplaced thousands separators are typing errors, never silently read as digits.
        for bad in [
            "1.234.5",
            "12.34,00",
            "1234.567,00",
            ".272",
            "15.272.",
            "1,2,3",
        ] {
            assert!(parse_amount_da(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn file_amounts_have_one_reading() {
        assert_eq!(read_amount("15600.00"), Ok(d("15600.00")));
        assert_eq!(read_amount("15.6"), Ok(d("15.6")));
        assert_eq!(read_amount(" 200 "), Ok(d("200")));
        assert_eq!(
            read_amount("15.600"),
            Err(NumberError::Ambiguous {
                file: d("15.600"),
                danish: d("15600")
            })
        );
        assert_eq!(
            read_amount("1.234,56"),
            Err(NumberError::Danish {
                danish: d("1234.56")
            })
        );
        assert_eq!(
            read_amount("1.234.567"),
            Err(NumberError::Danish {
                danish: d("1234567")
            })
        );
        assert_eq!(
            read_amount("15600,5"),
            Err(NumberError::Danish {
                danish: d("15600.5")
            })
        );
        assert_eq!(read_amount("7.9e25"), Err(NumberError::Exponent));
        assert_eq!(read_amount("abc"), Err(NumberError::NotANumber));
        assert_eq!(read_amount("1,2,3"), Err(NumberError::NotANumber));
        assert_eq!(read_quantity("18,5"), Ok(d("18.5")));
        assert_eq!(read_quantity("3.6667"), Ok(d("3.6667")));
    }

    proptest::proptest! {
        /// The one-pass reading of a plain amount is the full reader's, scale included.
        #[test]
        fn the_fast_reading_agrees_with_the_full_one(t in "[-+]?[0-9]{0,20}(\\.[0-9]{0,5})?") {
            if let Some(d) = plain_amount(t.as_bytes()) {
                let full = parse_decimal(&t).unwrap();
                proptest::prop_assert_eq!(d, full);
                proptest::prop_assert_eq!(d.scale(), full.scale());
            }
        }
    }

    proptest::proptest! {
        /// The batch writer of an amount is [`fixed`], for every decimal and every scale.
        #[test]
        fn the_fast_writer_agrees_with_fixed(
            lo in proptest::prelude::any::<u32>(),
            mid in proptest::prelude::any::<u32>(),
            hi in proptest::prelude::any::<u32>(),
            width in 0u32..4,
            negative in proptest::prelude::any::<bool>(),
            s in 0u32..=28,
            scale in 0u32..=9,
        ) {
            // Mantissas of every size: up to 32, 64 and 96 bits, and small ones.
            let (mid, hi) = match width {
                0 => (0, 0),
                1 => (mid, 0),
                2 => (mid, hi),
                _ => (0, 0),
            };
            let lo = if width == 3 { lo % 1000 } else { lo };
            let d = Decimal::from_parts(lo, mid, hi, negative, s);
            let mut out = String::from("x");
            write_fixed(&mut out, d, scale);
            proptest::prop_assert_eq!(&out[1..], fixed(d, scale));
        }
    }

    #[test]
    fn totals_are_exact() {
        let mut t = Total::default();
        for v in ["0.10", "0.20", "15272", "-3.5", "0.0055"] {
            t.add(d(v));
        }
        assert_eq!(t.value(), Some(d("15268.8055")));
    }

    #[test]
    fn a_total_beyond_a_decimal_is_none_not_a_panic() {
        // Amounts with many decimals take the decimal path, where the sum can overflow.
        let mut t = Total::default();
        let big = Decimal::MAX / d("1.0000001");
        for _ in 0..3 {
            t.add(big);
        }
        assert_eq!(t.value(), None);
        let mut whole = Total::default();
        whole.add(d("1"));
        whole.merge(t);
        assert_eq!(whole.value(), None);
    }

    #[test]
    fn danish_output_groups_thousands() {
        assert_eq!(danish(d("15272"), 2), "15.272,00");
        assert_eq!(danish(d("1234567.5"), 2), "1.234.567,50");
        assert_eq!(danish(d("-500"), 2), "-500,00");
        assert_eq!(danish(d("999"), 0), "999");
        assert_eq!(fixed(d("0.5"), 2), "0.50");
        assert_eq!(fixed(d("4680.0000"), 2), "4680.00");
        assert_eq!(fixed(d("569.2555"), 2), "569.2555");
        assert_eq!(fixed(d("0"), 2), "0.00");
        for (v, text) in [
            ("15272", "15272.00"),
            ("0.5", "0.50"),
            ("-3.1", "-3.10"),
            ("4680.0000", "4680.00"),
            ("569.2555", "569.2555"),
            ("0", "0.00"),
            ("12.345", "12.345"),
        ] {
            let mut out = String::new();
            write_fixed(&mut out, d(v), 2);
            assert_eq!(out, text, "{v}");
            assert_eq!(out, fixed(d(v), 2), "write_fixed and fixed agree for {v}");
        }
    }
}
