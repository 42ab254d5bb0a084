//! Deterministic synthetic caseloads for benchmarks and regression runs: the same scheme, row
//! count and seed give the same bytes on every machine (SplitMix64, integer arithmetic only).

use std::io::Write;

use crate::schemes::SchemeSpec;
use crate::values::month::Month;

/// SplitMix64: small, fast, and fully specified, so output never depends on a library version.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

fn write_ore(out: &mut String, ore: u64) {
    use std::fmt::Write;
    let _ = write!(out, "{}.{:02}", ore / 100, ore % 100);
}

/// Writes a CSV caseload of `rows` cases of `scheme`. With `month`, every row is that month;
/// otherwise months are spread over `months` (inclusive).
pub fn generate(
    scheme: &SchemeSpec,
    rows: u64,
    seed: u64,
    months: (Month, Month),
    out: &mut impl Write,
) -> std::io::Result<()> {
    let mut rng = SplitMix64::new(seed);
    let (first, last) = months;
    let span = (last.year() - first.year()) as u64 * 12 + u64::from(last.month0())
        - u64::from(first.month0());
    match scheme.name {
        "fleksloentilskud" => {
            out.write_all(b"scheme,month,wage,full_time_wage\n")?;
            let mut line = String::with_capacity(64);
            for _ in 0..rows {
                line.clear();
                let m = first.plus_months(rng.between(0, span) as u32);
                // Wage 0,01-45.000 kr.; lønloft 1-3 times the wage, absent in about 1 row of 10.
                let wage = rng.between(1, 4_500_000);
                let factor = rng.between(100, 300);
                let capped = rng.between(0, 9) != 0;
                line.push_str("fleksloentilskud,");
                line.push_str(&m.to_string());
                line.push(',');
                write_ore(&mut line, wage);
                line.push(',');
                if capped {
                    write_ore(&mut line, wage * factor / 100);
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
            }
            Ok(())
        }
        "statsrefusion" => statsrefusion(&mut rng, rows, months, out),
        other => Err(std::io::Error::other(format!(
            "no caseload generator for `{other}`"
        ))),
    }
}

/// A caseload of one person-month each for the refusionstrappe (from January 2016, when the
/// staircase began: earlier months in the range are moved to it). About half the ledighedsydelse
/// rows ask the what-if: a flex-job next month.
fn statsrefusion(
    rng: &mut SplitMix64,
    rows: u64,
    months: (Month, Month),
    out: &mut impl Write,
) -> std::io::Result<()> {
    const BENEFITS: [&str; 6] = [
        "kontanthjaelp",
        "sygedagpenge",
        "ledighedsydelse",
        "ressourceforloebsydelse",
        "fleksloentilskud",
        "dagpenge",
    ];
    let start: Month = "2016-01"
        .parse()
        .map_err(|_| std::io::Error::other("2016-01 is a month"))?;
    let visitation_from: Month = "2014-07"
        .parse()
        .map_err(|_| std::io::Error::other("2014-07 is a month"))?;
    let index = |m: Month| i64::from(m.year()) * 12 + i64::from(m.month0());
    let first = if index(months.0) < index(start) {
        start
    } else {
        months.0
    };
    let last = if index(months.1) < index(first) {
        first
    } else {
        months.1
    };
    let span = (index(last) - index(first)) as u64;
    out.write_all(
        b"scheme,month,benefit,amount,weeks_before,weeks_in_month,self_support_weeks,\
visitation_date,next_month_fleksjob_amount,next_month_weeks\n",
    )?;
    let mut line = String::with_capacity(128);
    for _ in 0..rows {
        use std::fmt::Write as _;
        line.clear();
        let m = first.plus_months(rng.between(0, span) as u32);
        let benefit = BENEFITS[rng.between(0, BENEFITS.len() as u64 - 1) as usize];
        // 5.000-25.000 kr.; 0-150 weeks before; 4 or 5 weeks in the month; self-support
        // weeks mostly few, about 1 row in 10 past the 52 that restart the count.
        let amount = rng.between(500_000, 2_500_000);
        let before = rng.between(0, 150);
        let weeks = rng.between(4, 5);
        let self_support = if rng.between(0, 9) == 0 {
            rng.between(52, 104)
        } else {
            rng.between(0, 20)
        };
        let _ = write!(line, "statsrefusion,{m},{benefit},");
        write_ore(&mut line, amount);
        let _ = write!(line, ",{before},{weeks},{self_support},");
        if matches!(benefit, "ledighedsydelse" | "fleksloentilskud") {
            let since = (index(m) - index(visitation_from)) as u64;
            let visited = visitation_from.plus_months(rng.between(0, since) as u32);
            let _ = write!(line, "{visited}-01");
        }
        line.push(',');
        if benefit == "ledighedsydelse" && rng.between(0, 1) == 0 {
            write_ore(&mut line, rng.between(200_000, 2_000_000));
            let _ = write!(line, ",{}", rng.between(4, 5));
        } else {
            line.push(',');
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        let spec = crate::schemes::find("fleksloentilskud").unwrap();
        let months = ("2013-01".parse().unwrap(), "2026-12".parse().unwrap());
        let mut a = Vec::new();
        let mut b = Vec::new();
        generate(spec, 100, 7, months, &mut a).unwrap();
        generate(spec, 100, 7, months, &mut b).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        generate(spec, 100, 8, months, &mut c).unwrap();
        assert_ne!(a, c);
        assert_eq!(String::from_utf8(a).unwrap().lines().count(), 101);
    }

    #[test]
    fn a_refund_caseload_computes_every_row() {
        let spec = crate::schemes::find("statsrefusion").unwrap();
        let months = ("2013-01".parse().unwrap(), "2026-12".parse().unwrap());
        let mut a = Vec::new();
        generate(spec, 200, 7, months, &mut a).unwrap();
        let text = String::from_utf8(a).unwrap();
        assert_eq!(text.lines().count(), 201);
        assert!(text.lines().skip(1).all(|l| &l[14..18] >= "2016"));
    }

    #[test]
    fn splitmix_matches_its_reference_sequence() {
        // First outputs for seed 0 from the SplitMix64 reference implementation.
        let mut r = SplitMix64::new(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(r.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }
}
