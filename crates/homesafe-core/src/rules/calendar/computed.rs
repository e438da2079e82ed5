//! England and Wales bank holidays computed by rule, for years GOV.UK has not published (or no
//! longer publishes): New Year's Day, Good Friday, Easter Monday, the first Monday of May, the
//! last Monday of May, the last Monday of August, Christmas and Boxing Day, with weekend
//! holidays moved to the next weekday not already a holiday (rules.md §7). One-off changes
//! cannot be predicted; the known ones are kept so history before the shipped data is right.
//! Every computed year is provisional until a published feed replaces it.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

/// Easter Sunday (anonymous Gregorian algorithm).
fn easter(y: i16) -> Date {
    let y32 = i32::from(y);
    let a = y32 % 19;
    let b = y32 / 100;
    let c = y32 % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(y, month as i8, day as i8).unwrap_or(date(2000, 4, 23))
}

fn shift(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap_or(d)
}

fn first_monday(y: i16, m: i8) -> Date {
    let mut d = Date::new(y, m, 1).unwrap_or(date(2000, 1, 1));
    while d.weekday() != Weekday::Monday {
        d = shift(d, 1);
    }
    d
}

fn last_monday(y: i16, m: i8) -> Date {
    let mut d = Date::new(y, m, 1)
        .map(|d| d.last_of_month())
        .unwrap_or(date(2000, 1, 31));
    while d.weekday() != Weekday::Monday {
        d = shift(d, -1);
    }
    d
}

/// The year's bank holidays with GOV.UK-style titles, in date order.
pub fn computed_bank_holidays(y: i16) -> Vec<(Date, &'static str)> {
    let mut out = Vec::with_capacity(10);
    let new_year = Date::new(y, 1, 1).unwrap_or(date(2000, 1, 1));
    out.push((
        match new_year.weekday() {
            Weekday::Saturday => shift(new_year, 2),
            Weekday::Sunday => shift(new_year, 1),
            _ => new_year,
        },
        "New Year’s Day",
    ));
    let easter = easter(y);
    out.push((shift(easter, -2), "Good Friday"));
    out.push((shift(easter, 1), "Easter Monday"));
    out.push(match y {
        // Moved to the Friday for the 75th anniversary of VE Day.
        2020 => (date(2020, 5, 8), "Early May bank holiday (VE day)"),
        _ => (first_monday(y, 5), "Early May bank holiday"),
    });
    match y {
        2012 => out.extend([
            (date(2012, 6, 4), "Spring bank holiday"),
            (date(2012, 6, 5), "Queen’s Diamond Jubilee"),
        ]),
        2022 => out.extend([
            (date(2022, 6, 2), "Spring bank holiday"),
            (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
        ]),
        _ => out.push((last_monday(y, 5), "Spring bank holiday")),
    }
    if y == 2022 {
        out.push((
            date(2022, 9, 19),
            "Bank Holiday for the State Funeral of Queen Elizabeth II",
        ));
    }
    if y == 2023 {
        out.push((
            date(2023, 5, 8),
            "Bank holiday for the coronation of King Charles III",
        ));
    }
    out.push((last_monday(y, 8), "Summer bank holiday"));
    let christmas = Date::new(y, 12, 25).unwrap_or(date(2000, 12, 25));
    let (c, b) = match christmas.weekday() {
        Weekday::Friday => (christmas, shift(christmas, 3)),
        Weekday::Saturday => (shift(christmas, 2), shift(christmas, 3)),
        Weekday::Sunday => (shift(christmas, 1), shift(christmas, 2)),
        _ => (christmas, shift(christmas, 1)),
    };
    out.push((c, "Christmas Day"));
    out.push((b, "Boxing Day"));
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::calendar::Calendar;

    #[test]
    fn the_rule_reproduces_every_published_year_shipped() {
        let shipped = Calendar::england_and_wales();
        for year in 2018..=2027 {
            let published: Vec<Date> = shipped
                .bank_holidays()
                .filter(|h| h.date.year() == year)
                .map(|h| h.date)
                .collect();
            let computed: Vec<Date> = computed_bank_holidays(year)
                .into_iter()
                .map(|(d, _)| d)
                .collect();
            assert_eq!(computed, published, "{year}");
        }
    }
}
