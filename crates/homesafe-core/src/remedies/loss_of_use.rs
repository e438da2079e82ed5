//! Loss of use of the home: compensation as a share of the rent paid over a period.
//!
//! The Ombudsman compensates a resident who could not fully use her home by a share of the rent
//! she paid while that lasted — in the Clarion case (202208650, 11 August 2023) "approximately
//! 40% of the total rent during the period in question", £2,600, on a rent of about £469 a month
//! "since June 2022". The Ombudsman calls this "not a precise calculation"; HomeSafe makes the
//! arithmetic visible instead, so a complaints officer can show a resident, a manager or the
//! Ombudsman how a figure was reached: rent per period × periods × share, then the rounding.
//!
//! Money is whole pence and every step is exact (integer fractions, no floats); rounding happens
//! once, at the end, by the rule the officer chooses, and the result says which.
//!
//! Source: Housing Ombudsman, Guidance on remedies (rules.md §5.3: remedies reflect the impact on
//! the resident and are never punitive); the method is the Clarion order's (see the test
//! `remedies_cases.rs`).

use std::fmt;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::pounds;
use crate::codes::Pence;
use crate::estate::{Rent, RentPeriod};

/// How long the resident lost the use of (part of) the home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossPeriod {
    /// Whole calendar months — how the Ombudsman counted in the Clarion case.
    Months(u32),
    /// Whole weeks.
    Weeks(u32),
    /// From the first day to the last, both included.
    Dates { first: Date, last: Date },
}

/// The share of the rent awarded, in hundredths of a per cent (4000 = 40%), so that shares such
/// as 37.5% or 33.33% are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Share(u32);

impl Share {
    /// A whole percentage, more than 0 and at most 100.
    pub fn percent(p: u32) -> Result<Share, LossOfUseError> {
        Share::basis_points(p.saturating_mul(100))
    }

    /// Hundredths of a per cent, more than 0 and at most 10,000.
    pub fn basis_points(bp: u32) -> Result<Share, LossOfUseError> {
        if bp == 0 || bp > 10_000 {
            return Err(LossOfUseError::Share { basis_points: bp });
        }
        Ok(Share(bp))
    }

    pub fn basis_points_value(&self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Share {
    type Error = LossOfUseError;
    fn try_from(bp: u32) -> Result<Self, Self::Error> {
        Share::basis_points(bp)
    }
}

impl From<Share> for u32 {
    fn from(s: Share) -> u32 {
        s.0
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}%"),
            f10 if f10.is_multiple_of(10) => write!(f, "{whole}.{}%", f10 / 10),
            _ => write!(f, "{whole}.{frac:02}%"),
        }
    }
}

/// How the exact figure becomes the amount offered. Halves always round up (away from zero:
/// amounts here are never negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// To the nearest penny.
    ToPenny,
    /// To the nearest multiple of this many pounds (the Ombudsman's £2,600 is the nearest £100).
    NearestPounds(u32),
    /// Down to a multiple of this many pounds.
    DownToPounds(u32),
}

impl Rounding {
    fn unit_pence(&self) -> i128 {
        match self {
            Rounding::ToPenny => 1,
            Rounding::NearestPounds(n) | Rounding::DownToPounds(n) => i128::from(*n) * 100,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Rounding::ToPenny => "to the nearest penny (halves up)".to_string(),
            Rounding::NearestPounds(n) => format!("to the nearest £{n} (halves up)"),
            Rounding::DownToPounds(n) => format!("down to a multiple of £{n}"),
        }
    }
}

/// What the calculator is asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossOfUse {
    /// The rent the resident paid, and its period.
    pub rent: Rent,
    pub period: LossPeriod,
    pub share: Share,
    pub rounding: Rounding,
}

/// Why a loss-of-use figure cannot be calculated; each names the input at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LossOfUseError {
    #[error("rent: must be more than £0.00 (was {0})")]
    Rent(Pence),
    #[error(
        "share: must be more than 0% and at most 100% (was {basis_points} hundredths of a per cent)"
    )]
    Share { basis_points: u32 },
    #[error("period: the last day ({last}) is before the first ({first})")]
    PeriodBackwards { first: Date, last: Date },
    #[error("period: no time at all (0 months or weeks)")]
    EmptyPeriod,
    #[error("rounding: round to at least £1")]
    Rounding,
    #[error("the figures are too large to calculate")]
    TooLarge,
}

/// An exact fraction, for counting rent periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fraction {
    pub numerator: i128,
    pub denominator: i128,
}

impl Fraction {
    fn new(n: i128, d: i128) -> Fraction {
        let g = gcd(n.abs(), d.abs()).max(1);
        Fraction {
            numerator: n / g,
            denominator: d / g,
        }
    }

    /// As a decimal to four places, e.g. `14` or `4.3333`.
    pub fn decimal(&self) -> String {
        if self.denominator == 1 {
            return self.numerator.to_string();
        }
        let scaled = round_half_up(self.numerator * 10_000, self.denominator);
        let s = format!("{}.{:04}", scaled / 10_000, scaled % 10_000);
        s.trim_end_matches('0').to_string()
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// `n / d` rounded to the nearest whole number, halves up; `n` and `d` positive.
fn round_half_up(n: i128, d: i128) -> i128 {
    (2 * n + d) / (2 * d)
}

/// The answer, with its working.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LossOfUseAward {
    pub rent: Rent,
    /// The period as the officer gave it, in words, e.g. "14 calendar months".
    pub period_described: String,
    /// How many rent periods that is (exact).
    pub rent_periods: Fraction,
    /// How the rent periods were counted, when the period is not given in them.
    pub conversion: Option<String>,
    /// Rent over the period, to the nearest penny (the exact value is used onwards).
    pub rent_over_period: Pence,
    pub share: Share,
    /// The share of the rent to the nearest penny, before the officer's rounding.
    pub before_rounding: Pence,
    pub rounding: Rounding,
    /// The amount to offer.
    pub total: Pence,
}

impl LossOfUseAward {
    /// The arithmetic in plain words, one line a step — for the letter, the file and the
    /// Ombudsman.
    pub fn working(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "Rent: {} per {}",
            pounds(self.rent.amount),
            period_word(self.rent.period)
        )];
        let periods = self.rent_periods.decimal();
        match &self.conversion {
            None => lines.push(format!("Period: {}", self.period_described)),
            Some(how) => lines.push(format!(
                "Period: {} = {periods} {} ({how})",
                self.period_described,
                plural_period(self.rent.period)
            )),
        }
        lines.push(format!(
            "Rent over the period: {} × {periods} = {}",
            pounds(self.rent.amount),
            pounds(self.rent_over_period)
        ));
        lines.push(format!(
            "Share for loss of use: {} of {} = {}",
            self.share,
            pounds(self.rent_over_period),
            pounds(self.before_rounding)
        ));
        lines.push(format!(
            "Rounded {}: {}",
            self.rounding.describe(),
            pounds(self.total)
        ));
        lines
    }
}

impl fmt::Display for LossOfUseAward {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.working().join("\n"))
    }
}

fn period_word(p: RentPeriod) -> &'static str {
    match p {
        RentPeriod::Weekly => "week",
        RentPeriod::Fortnightly => "fortnight",
        RentPeriod::FourWeekly => "four weeks",
        RentPeriod::Monthly => "calendar month",
    }
}

fn plural_period(p: RentPeriod) -> &'static str {
    match p {
        RentPeriod::Weekly => "weeks",
        RentPeriod::Fortnightly => "fortnights",
        RentPeriod::FourWeekly => "four-week periods",
        RentPeriod::Monthly => "calendar months",
    }
}

/// Days a rent period of `p` lasts, for the periods measured in days.
fn days_in(p: RentPeriod) -> Option<i128> {
    match p {
        RentPeriod::Weekly => Some(7),
        RentPeriod::Fortnightly => Some(14),
        RentPeriod::FourWeekly => Some(28),
        RentPeriod::Monthly => None,
    }
}

fn long_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = MONTHS[usize::from(d.month().unsigned_abs()).saturating_sub(1) % 12];
    format!("{} {m} {}", d.day(), d.year())
}

/// Whole calendar months from `first` and the days left over to `last` (inclusive). Months are
/// counted from `first` each time (31 January + 1 month = 28 or 29 February, + 2 = 31 March), so
/// short months do not drift.
fn months_and_days(first: Date, last: Date) -> Result<(i128, i128), LossOfUseError> {
    let end = last
        .checked_add(1.day())
        .map_err(|_| LossOfUseError::TooLarge)?;
    let mut months: i32 = 0;
    loop {
        let next = first
            .checked_add((months + 1).months())
            .map_err(|_| LossOfUseError::TooLarge)?;
        if next > end {
            break;
        }
        months += 1;
    }
    let from = first
        .checked_add(months.months())
        .map_err(|_| LossOfUseError::TooLarge)?;
    let days = from
        .until(end)
        .map_err(|_| LossOfUseError::TooLarge)?
        .get_days();
    Ok((i128::from(months), i128::from(days)))
}

/// Compensation for loss of use: `share` of the rent over `period`, rounded by `rounding`.
///
/// Rent periods are converted as landlords convert rent: a year is 52 weeks, 26 fortnights, 13
/// four-week periods or 12 calendar months (`RentPeriod::per_year`). A date range is counted in
/// days for weekly rents; for a monthly rent it is whole calendar months plus the days left
/// over, each day 12/365 of a month (HomeSafe's rule: the Ombudsman states none).
pub fn loss_of_use(q: &LossOfUse) -> Result<LossOfUseAward, LossOfUseError> {
    if q.rent.amount.0 <= 0 {
        return Err(LossOfUseError::Rent(q.rent.amount));
    }
    if q.rounding.unit_pence() == 0 {
        return Err(LossOfUseError::Rounding);
    }
    let per_year = i128::from(q.rent.period.per_year());
    let plural = plural_period(q.rent.period);
    let (periods, described, conversion) = match q.period {
        LossPeriod::Months(0) | LossPeriod::Weeks(0) => return Err(LossOfUseError::EmptyPeriod),
        LossPeriod::Months(n) => {
            let n = i128::from(n);
            let described = format!("{n} calendar month{}", if n == 1 { "" } else { "s" });
            if q.rent.period == RentPeriod::Monthly {
                (Fraction::new(n, 1), described, None)
            } else {
                let how = format!("{n} × {per_year}/12 {plural}: {per_year} in a year");
                (Fraction::new(n * per_year, 12), described, Some(how))
            }
        }
        LossPeriod::Weeks(n) => {
            let n = i128::from(n);
            let described = format!("{n} week{}", if n == 1 { "" } else { "s" });
            if q.rent.period == RentPeriod::Weekly {
                (Fraction::new(n, 1), described, None)
            } else {
                let how = format!("{n} × {per_year}/52 {plural}: {per_year} in 52 weeks");
                (Fraction::new(n * per_year, 52), described, Some(how))
            }
        }
        LossPeriod::Dates { first, last } => {
            if last < first {
                return Err(LossOfUseError::PeriodBackwards { first, last });
            }
            let span = format!("{} to {}", long_date(first), long_date(last));
            match days_in(q.rent.period) {
                Some(len) => {
                    let days = i128::from(
                        first
                            .until(last)
                            .map_err(|_| LossOfUseError::TooLarge)?
                            .get_days(),
                    ) + 1;
                    let described = format!("{span}, {days} days");
                    let how = format!("{days} days ÷ {len}");
                    (Fraction::new(days, len), described, Some(how))
                }
                None => {
                    let (months, days) = months_and_days(first, last)?;
                    let described = format!("{span}, {months} calendar months and {days} days");
                    if days == 0 {
                        (Fraction::new(months, 1), described, None)
                    } else {
                        let how = format!(
                            "{months} + {days} × 12/365: each day left over is 12/365 of a month"
                        );
                        (
                            Fraction::new(months * 365 + days * 12, 365),
                            described,
                            Some(how),
                        )
                    }
                }
            }
        }
    };
    let rent = i128::from(q.rent.amount.0);
    let bp = i128::from(q.share.0);
    // Exact pence: rent × periods × share.
    let over_num = rent
        .checked_mul(periods.numerator)
        .ok_or(LossOfUseError::TooLarge)?;
    let over_den = periods.denominator;
    let award_num = over_num.checked_mul(bp).ok_or(LossOfUseError::TooLarge)?;
    let award_den = over_den * 10_000;
    let unit = q.rounding.unit_pence();
    let total = match q.rounding {
        Rounding::DownToPounds(_) => award_num / (award_den * unit) * unit,
        _ => round_half_up(award_num, award_den * unit) * unit,
    };
    let pence = |v: i128| {
        i64::try_from(v)
            .map(Pence)
            .map_err(|_| LossOfUseError::TooLarge)
    };
    Ok(LossOfUseAward {
        rent: q.rent.clone(),
        period_described: described,
        rent_periods: periods,
        conversion,
        rent_over_period: pence(round_half_up(over_num, over_den))?,
        share: q.share,
        before_rounding: pence(round_half_up(award_num, award_den))?,
        rounding: q.rounding,
        total: pence(total)?,
    })
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn weekly(pence: i64) -> Rent {
        Rent {
            amount: Pence(pence),
            period: RentPeriod::Weekly,
        }
    }

    fn ask(rent: Rent, period: LossPeriod, pct: u32, rounding: Rounding) -> LossOfUseAward {
        loss_of_use(&LossOfUse {
            rent,
            period,
            share: Share::percent(pct).expect("share"),
            rounding,
        })
        .expect("calculates")
    }

    #[test]
    fn weekly_rent_over_weeks_is_simple_multiplication() {
        // £100 a week for 10 weeks at 25% = £250.
        let a = ask(weekly(10_000), LossPeriod::Weeks(10), 25, Rounding::ToPenny);
        assert_eq!(a.rent_over_period, Pence(100_000));
        assert_eq!(a.total, Pence(25_000));
        assert_eq!(a.conversion, None);
    }

    #[test]
    fn weekly_rent_over_months_uses_52_weeks_a_year() {
        // 3 months of a £100 weekly rent = 3 × 52/12 = 13 weeks = £1,300; 10% = £130.
        let a = ask(weekly(10_000), LossPeriod::Months(3), 10, Rounding::ToPenny);
        assert_eq!(a.rent_periods.decimal(), "13");
        assert_eq!(a.rent_over_period, Pence(130_000));
        assert_eq!(a.total, Pence(13_000));
        assert!(a.working()[1].contains("3 × 52/12"), "{}", a.working()[1]);
    }

    #[test]
    fn weekly_rent_over_dates_counts_days_inclusive() {
        // 1 to 14 March = 14 days = 2 weeks of £91.50; 50% = £91.50.
        let a = ask(
            weekly(9_150),
            LossPeriod::Dates {
                first: date(2024, 3, 1),
                last: date(2024, 3, 14),
            },
            50,
            Rounding::ToPenny,
        );
        assert_eq!(a.rent_periods.decimal(), "2");
        assert_eq!(a.total, Pence(9_150));
    }

    #[test]
    fn monthly_rent_over_dates_counts_whole_months_then_days() {
        let rent = Rent {
            amount: Pence(36_500),
            period: RentPeriod::Monthly,
        };
        // 15 January to 24 March: 2 whole months (to 14 March) and 10 days; each day is
        // 12/365 of £365 = £12, so £730 + £120 = £850; 100% kept to see the rent itself.
        let a = ask(
            rent,
            LossPeriod::Dates {
                first: date(2023, 1, 15),
                last: date(2023, 3, 24),
            },
            100,
            Rounding::ToPenny,
        );
        assert!(
            a.period_described
                .ends_with("2 calendar months and 10 days")
        );
        assert_eq!(a.rent_over_period, Pence(85_000));
        assert_eq!(a.total, Pence(85_000));
    }

    #[test]
    fn month_ends_do_not_drift() {
        assert_eq!(
            months_and_days(date(2023, 1, 31), date(2023, 4, 30)).expect("counts"),
            (3, 1)
        );
        assert_eq!(
            months_and_days(date(2023, 1, 1), date(2023, 12, 31)).expect("counts"),
            (12, 0)
        );
    }

    #[test]
    fn rounding_rules() {
        // 40% of £469 × 14 = £2,626.40.
        let rent = Rent {
            amount: Pence(46_900),
            period: RentPeriod::Monthly,
        };
        let at = |r| ask(rent.clone(), LossPeriod::Months(14), 40, r).total;
        assert_eq!(at(Rounding::ToPenny), Pence(262_640));
        assert_eq!(at(Rounding::NearestPounds(100)), Pence(260_000));
        assert_eq!(at(Rounding::NearestPounds(50)), Pence(265_000));
        assert_eq!(at(Rounding::DownToPounds(50)), Pence(260_000));
        assert_eq!(at(Rounding::NearestPounds(1)), Pence(262_600));
        // Halves go up: 50% of £1.01 = 50.5p → 51p.
        let half = ask(weekly(101), LossPeriod::Weeks(1), 50, Rounding::ToPenny);
        assert_eq!(half.total, Pence(51));
    }

    #[test]
    fn shares_show_exactly() {
        assert_eq!(Share::percent(40).expect("ok").to_string(), "40%");
        assert_eq!(Share::basis_points(3750).expect("ok").to_string(), "37.5%");
        assert_eq!(Share::basis_points(3333).expect("ok").to_string(), "33.33%");
    }

    #[test]
    fn nonsense_is_refused_naming_the_input() {
        let base = LossOfUse {
            rent: weekly(10_000),
            period: LossPeriod::Weeks(4),
            share: Share::percent(10).expect("share"),
            rounding: Rounding::ToPenny,
        };
        let err = |q: LossOfUse| loss_of_use(&q).expect_err("refused");
        assert_eq!(
            err(LossOfUse {
                rent: weekly(0),
                ..base.clone()
            }),
            LossOfUseError::Rent(Pence(0))
        );
        assert_eq!(
            err(LossOfUse {
                period: LossPeriod::Months(0),
                ..base.clone()
            }),
            LossOfUseError::EmptyPeriod
        );
        let backwards = err(LossOfUse {
            period: LossPeriod::Dates {
                first: date(2024, 2, 1),
                last: date(2024, 1, 31),
            },
            ..base.clone()
        });
        assert!(backwards.to_string().starts_with("period:"), "{backwards}");
        assert_eq!(
            err(LossOfUse {
                rounding: Rounding::NearestPounds(0),
                ..base
            }),
            LossOfUseError::Rounding
        );
        assert!(Share::percent(0).is_err());
        assert!(Share::percent(101).is_err());
        assert!(Share::percent(100).is_ok());
    }
}
