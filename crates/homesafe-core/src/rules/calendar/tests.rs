//! Tests of the working-day rules: the rules.md §7 table, worked deadlines, and invariants.

use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use proptest::prelude::*;

use super::*;

static ENGLAND_AND_WALES: LazyLock<Calendar> = LazyLock::new(Calendar::england_and_wales);

/// The embedded calendar with a Christmas shutdown on 24, 29, 30 and 31 December each year.
static WITH_SHUTDOWN: LazyLock<Calendar> = LazyLock::new(|| {
    let days = (2018..=2028)
        .flat_map(|year| [24, 29, 30, 31].map(|day| (date(year, 12, day), "Christmas shutdown")));
    Calendar::england_and_wales().with_closure_days(days)
});

fn cal() -> &'static Calendar {
    &ENGLAND_AND_WALES
}

/// Every England and Wales bank holiday in rules.md §7, one row per date, with GOV.UK's title.
const RULES_MD_SECTION_7: [(Date, &str); 91] = [
    (date(2018, 1, 1), "New Year’s Day"),
    (date(2018, 3, 30), "Good Friday"),
    (date(2018, 4, 2), "Easter Monday"),
    (date(2018, 5, 7), "Early May bank holiday"),
    (date(2018, 5, 28), "Spring bank holiday"),
    (date(2018, 8, 27), "Summer bank holiday"),
    (date(2018, 12, 25), "Christmas Day"),
    (date(2018, 12, 26), "Boxing Day"),
    (date(2019, 1, 1), "New Year’s Day"),
    (date(2019, 4, 19), "Good Friday"),
    (date(2019, 4, 22), "Easter Monday"),
    (date(2019, 5, 6), "Early May bank holiday"),
    (date(2019, 5, 27), "Spring bank holiday"),
    (date(2019, 8, 26), "Summer bank holiday"),
    (date(2019, 12, 25), "Christmas Day"),
    (date(2019, 12, 26), "Boxing Day"),
    (date(2020, 1, 1), "New Year’s Day"),
    (date(2020, 4, 10), "Good Friday"),
    (date(2020, 4, 13), "Easter Monday"),
    (date(2020, 5, 8), "Early May bank holiday (VE day)"),
    (date(2020, 5, 25), "Spring bank holiday"),
    (date(2020, 8, 31), "Summer bank holiday"),
    (date(2020, 12, 25), "Christmas Day"),
    (date(2020, 12, 28), "Boxing Day"),
    (date(2021, 1, 1), "New Year’s Day"),
    (date(2021, 4, 2), "Good Friday"),
    (date(2021, 4, 5), "Easter Monday"),
    (date(2021, 5, 3), "Early May bank holiday"),
    (date(2021, 5, 31), "Spring bank holiday"),
    (date(2021, 8, 30), "Summer bank holiday"),
    (date(2021, 12, 27), "Christmas Day"),
    (date(2021, 12, 28), "Boxing Day"),
    (date(2022, 1, 3), "New Year’s Day"),
    (date(2022, 4, 15), "Good Friday"),
    (date(2022, 4, 18), "Easter Monday"),
    (date(2022, 5, 2), "Early May bank holiday"),
    (date(2022, 6, 2), "Spring bank holiday"),
    (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
    (date(2022, 8, 29), "Summer bank holiday"),
    (
        date(2022, 9, 19),
        "Bank Holiday for the State Funeral of Queen Elizabeth II",
    ),
    (date(2022, 12, 26), "Boxing Day"),
    (date(2022, 12, 27), "Christmas Day"),
    (date(2023, 1, 2), "New Year’s Day"),
    (date(2023, 4, 7), "Good Friday"),
    (date(2023, 4, 10), "Easter Monday"),
    (date(2023, 5, 1), "Early May bank holiday"),
    (
        date(2023, 5, 8),
        "Bank holiday for the coronation of King Charles III",
    ),
    (date(2023, 5, 29), "Spring bank holiday"),
    (date(2023, 8, 28), "Summer bank holiday"),
    (date(2023, 12, 25), "Christmas Day"),
    (date(2023, 12, 26), "Boxing Day"),
    (date(2024, 1, 1), "New Year’s Day"),
    (date(2024, 3, 29), "Good Friday"),
    (date(2024, 4, 1), "Easter Monday"),
    (date(2024, 5, 6), "Early May bank holiday"),
    (date(2024, 5, 27), "Spring bank holiday"),
    (date(2024, 8, 26), "Summer bank holiday"),
    (date(2024, 12, 25), "Christmas Day"),
    (date(2024, 12, 26), "Boxing Day"),
    (date(2025, 1, 1), "New Year’s Day"),
    (date(2025, 4, 18), "Good Friday"),
    (date(2025, 4, 21), "Easter Monday"),
    (date(2025, 5, 5), "Early May bank holiday"),
    (date(2025, 5, 26), "Spring bank holiday"),
    (date(2025, 8, 25), "Summer bank holiday"),
    (date(2025, 12, 25), "Christmas Day"),
    (date(2025, 12, 26), "Boxing Day"),
    (date(2026, 1, 1), "New Year’s Day"),
    (date(2026, 4, 3), "Good Friday"),
    (date(2026, 4, 6), "Easter Monday"),
    (date(2026, 5, 4), "Early May bank holiday"),
    (date(2026, 5, 25), "Spring bank holiday"),
    (date(2026, 8, 31), "Summer bank holiday"),
    (date(2026, 12, 25), "Christmas Day"),
    (date(2026, 12, 28), "Boxing Day"),
    (date(2027, 1, 1), "New Year’s Day"),
    (date(2027, 3, 26), "Good Friday"),
    (date(2027, 3, 29), "Easter Monday"),
    (date(2027, 5, 3), "Early May bank holiday"),
    (date(2027, 5, 31), "Spring bank holiday"),
    (date(2027, 8, 30), "Summer bank holiday"),
    (date(2027, 12, 27), "Christmas Day"),
    (date(2027, 12, 28), "Boxing Day"),
    (date(2028, 1, 3), "New Year’s Day"),
    (date(2028, 4, 14), "Good Friday"),
    (date(2028, 4, 17), "Easter Monday"),
    (date(2028, 5, 1), "Early May bank holiday"),
    (date(2028, 5, 29), "Spring bank holiday"),
    (date(2028, 8, 28), "Summer bank holiday"),
    (date(2028, 12, 25), "Christmas Day"),
    (date(2028, 12, 26), "Boxing Day"),
];

#[test]
fn embedded_calendar_knows_2018_to_2028() {
    let calendar = Calendar::england_and_wales();
    let years: Vec<(i16, YearStatus)> = calendar.known_years().collect();
    let mut expected: Vec<(i16, YearStatus)> =
        (2018..=2027).map(|y| (y, YearStatus::Published)).collect();
    expected.push((2028, YearStatus::Provisional));
    assert_eq!(years, expected);
}

#[test]
fn every_rules_md_section_7_date_is_a_bank_holiday_and_not_a_working_day() {
    for (day, title) in RULES_MD_SECTION_7 {
        let holiday = cal().bank_holiday(day);
        assert_eq!(holiday.map(|h| h.title.as_str()), Some(title), "{day}");
        assert_eq!(cal().is_working_day(day), Ok(false), "{day}");
        assert_eq!(
            holiday.map(|h| h.provisional),
            Some(day.year() == 2028),
            "{day}"
        );
    }
}

#[test]
fn the_calendar_holds_no_bank_holiday_beyond_rules_md_section_7() {
    let embedded: Vec<Date> = cal().bank_holidays().map(|h| h.date).collect();
    let table: Vec<Date> = RULES_MD_SECTION_7.iter().map(|(day, _)| *day).collect();
    assert_eq!(embedded, table);
}

#[test]
fn substitute_days_are_noted() {
    for day in [
        date(2020, 12, 28),
        date(2022, 1, 3),
        date(2022, 12, 27),
        date(2028, 1, 3),
    ] {
        assert_eq!(
            cal().bank_holiday(day).unwrap().notes,
            "Substitute day",
            "{day}"
        );
    }
    assert_eq!(cal().bank_holiday(date(2022, 12, 26)).unwrap().notes, "");
}

#[test]
fn ordinary_weekdays_are_working_days_and_weekends_are_not() {
    for day in [
        date(2018, 1, 2),
        date(2022, 12, 28),
        date(2023, 5, 9),
        date(2024, 7, 10),
        date(2025, 12, 24),
        date(2028, 3, 1),
    ] {
        assert_eq!(cal().is_working_day(day), Ok(true), "{day}");
    }
    for day in [date(2024, 7, 13), date(2024, 7, 14), date(2022, 12, 25)] {
        assert_eq!(cal().is_working_day(day), Ok(false), "{day}");
    }
}

/// The Easter dates behind Good Friday and Easter Monday (anonymous Gregorian algorithm),
/// to check the computed 2028 and the copied years independently of the data file.
fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as i8, day as i8)
}

#[test]
fn good_friday_and_easter_monday_match_the_easter_computation() {
    for year in 2018..=2028 {
        let easter = easter_sunday(year);
        let good_friday = easter.checked_sub(2.days()).unwrap();
        let easter_monday = easter.checked_add(1.days()).unwrap();
        assert_eq!(
            cal().bank_holiday(good_friday).unwrap().title,
            "Good Friday"
        );
        assert_eq!(
            cal().bank_holiday(easter_monday).unwrap().title,
            "Easter Monday"
        );
    }
}

#[test]
fn provisional_2028_follows_the_usual_rules() {
    let first_monday_of_may = date(2028, 5, 1).nth_weekday_of_month(1, Weekday::Monday);
    let last_monday_of_may = date(2028, 5, 1).nth_weekday_of_month(-1, Weekday::Monday);
    let last_monday_of_august = date(2028, 8, 1).nth_weekday_of_month(-1, Weekday::Monday);
    assert_eq!(first_monday_of_may.unwrap(), date(2028, 5, 1));
    assert_eq!(last_monday_of_may.unwrap(), date(2028, 5, 29));
    assert_eq!(last_monday_of_august.unwrap(), date(2028, 8, 28));
    // 1 Jan 2028 is a Saturday: the substitute is Monday 3 January.
    assert_eq!(date(2028, 1, 1).weekday(), Weekday::Saturday);
    assert_eq!(date(2028, 12, 25).weekday(), Weekday::Monday);
}

/// (trigger, working days, deadline, why) — each computed by hand from rules.md §7, day 0 =
/// the trigger (rules.md §9.2).
const WORKED_EXAMPLES: [(Date, u32, Date, &str); 16] = [
    (
        date(2022, 12, 23),
        5,
        date(2023, 1, 4),
        "Fri; skip 24-25 weekend, Mon 26 Boxing Day, Tue 27 Christmas (sub): Wed 28 (1), \
         Thu 29 (2), Fri 30 (3); skip weekend and Mon 2 Jan New Year (sub): Tue 3 (4), Wed 4 (5)",
    ),
    (
        date(2022, 6, 1),
        1,
        date(2022, 6, 6),
        "Wed; Thu 2 Spring (moved), Fri 3 Jubilee",
    ),
    (
        date(2022, 5, 31),
        5,
        date(2022, 6, 9),
        "Tue; Wed 1 (1), skip Thu 2 and Fri 3, Mon 6 (2) .. Thu 9 (5)",
    ),
    (
        date(2022, 6, 1),
        10,
        date(2022, 6, 17),
        "stage 1 response (Code 6.3): Mon 6 (1) .. Fri 10 (5), Mon 13 (6) .. Fri 17 (10)",
    ),
    (
        date(2022, 9, 16),
        1,
        date(2022, 9, 20),
        "Fri; Mon 19 state funeral",
    ),
    (
        date(2022, 9, 15),
        5,
        date(2022, 9, 23),
        "Thu; Fri 16 (1), skip Mon 19, Tue 20 (2) .. Fri 23 (5)",
    ),
    (
        date(2025, 3, 8),
        1,
        date(2025, 3, 10),
        "Saturday trigger: day 1 is Monday",
    ),
    (
        date(2025, 3, 8),
        5,
        date(2025, 3, 14),
        "Saturday trigger + 5 = Friday",
    ),
    (
        date(2025, 3, 9),
        1,
        date(2025, 3, 10),
        "Sunday trigger: day 1 is Monday",
    ),
    (
        date(2025, 3, 7),
        1,
        date(2025, 3, 10),
        "Friday trigger: day 1 is Monday",
    ),
    (
        date(2025, 3, 8),
        0,
        date(2025, 3, 8),
        "n = 0 is the trigger itself, even a Saturday",
    ),
    (
        date(2025, 5, 5),
        1,
        date(2025, 5, 6),
        "trigger on the early May bank holiday",
    ),
    (
        date(2021, 12, 24),
        1,
        date(2021, 12, 29),
        "Fri; weekend, Mon 27 and Tue 28 substitute days",
    ),
    (
        date(2025, 12, 18),
        10,
        date(2026, 1, 6),
        "Awaab significant investigation (reg 6): Fri 19 (1), Mon 22 (2), Tue 23 (3), \
         Wed 24 (4), skip 25-28, Mon 29 (5), Tue 30 (6), Wed 31 (7), skip Thu 1 Jan, \
         Fri 2 (8), Mon 5 (9), Tue 6 (10)",
    ),
    (
        date(2024, 3, 25),
        20,
        date(2024, 4, 24),
        "stage 2 final response (Code 6.14): Tue 26 (1) .. Thu 28 (3), skip Good Friday and \
         Easter Monday, Tue 2 Apr (4) .. Wed 24 Apr (20)",
    ),
    (
        date(2023, 5, 5),
        1,
        date(2023, 5, 9),
        "Fri; Mon 8 May coronation",
    ),
];

#[test]
fn worked_examples() {
    for (trigger, n, expected, why) in WORKED_EXAMPLES {
        assert_eq!(
            cal().add_working_days(trigger, n),
            Ok(expected),
            "{trigger} + {n}: {why}"
        );
        assert_eq!(
            cal().working_days_between(trigger, expected),
            Ok(i64::from(n)),
            "{trigger} to {expected}: {why}"
        );
    }
}

#[test]
fn closure_days_are_not_working_days() {
    let calendar = &*WITH_SHUTDOWN;
    assert_eq!(
        calendar.closure_day(date(2025, 12, 24)),
        Some("Christmas shutdown")
    );
    assert_eq!(calendar.closure_day(date(2025, 12, 23)), None);
    assert_eq!(calendar.is_working_day(date(2025, 12, 24)), Ok(false));
    assert_eq!(cal().is_working_day(date(2025, 12, 24)), Ok(true));
    // Thu 18 Dec 2025 + 10: Fri 19 (1), Mon 22 (2), Tue 23 (3), skip Wed 24 (closed), 25, 26,
    // weekend, 29-31 (closed), Thu 1 Jan; Fri 2 (4), Mon 5 (5) .. Fri 9 (9), Mon 12 (10).
    assert_eq!(
        calendar.add_working_days(date(2025, 12, 18), 10),
        Ok(date(2026, 1, 12))
    );

    let mut calendar = Calendar::england_and_wales();
    calendar.add_closure_day(date(2024, 7, 10), "Staff training day");
    assert_eq!(
        calendar.closure_day(date(2024, 7, 10)),
        Some("Staff training day")
    );
    assert_eq!(
        calendar.add_working_days(date(2024, 7, 9), 1),
        Ok(date(2024, 7, 11))
    );
}

#[test]
fn between_counts_working_days_after_the_first_date_and_is_antisymmetric() {
    let (sat, sun, mon) = (date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10));
    let fri = date(2025, 3, 7);
    assert_eq!(cal().working_days_between(fri, fri), Ok(0));
    assert_eq!(cal().working_days_between(fri, sat), Ok(0));
    assert_eq!(cal().working_days_between(sat, sun), Ok(0));
    assert_eq!(cal().working_days_between(sat, mon), Ok(1));
    assert_eq!(cal().working_days_between(fri, mon), Ok(1));
    assert_eq!(cal().working_days_between(mon, fri), Ok(-1));
    assert_eq!(
        cal().working_days_between(date(2023, 1, 4), date(2022, 12, 23)),
        Ok(-5)
    );
}

#[test]
fn deadlines_that_rest_on_2028_are_flagged_provisional() {
    let deadline = cal().working_day_deadline(date(2028, 12, 22), 1).unwrap();
    assert_eq!(
        deadline.date,
        date(2028, 12, 27),
        "Fri; Mon 25 and Tue 26 Dec 2028"
    );
    assert!(deadline.provisional);
    assert!(cal().is_provisional(deadline.date));

    // Fri 31 Dec 2027 + 1: Mon 3 Jan 2028 is the (provisional) New Year substitute.
    let deadline = cal().working_day_deadline(date(2027, 12, 31), 1).unwrap();
    assert_eq!(
        deadline,
        WorkingDayDeadline {
            date: date(2028, 1, 4),
            provisional: true
        }
    );

    let deadline = cal().working_day_deadline(date(2027, 6, 1), 1).unwrap();
    assert_eq!(
        deadline,
        WorkingDayDeadline {
            date: date(2027, 6, 2),
            provisional: false
        }
    );
    assert!(!cal().is_provisional(date(2027, 6, 1)));
    assert!(!cal().is_provisional(date(2029, 6, 1)));
}

#[test]
fn dates_beyond_the_known_years_are_refused() {
    assert_eq!(
        cal().add_working_days(date(2028, 12, 27), 2),
        Ok(date(2028, 12, 29))
    );
    let refusal = cal().add_working_days(date(2028, 12, 27), 3).unwrap_err();
    assert_eq!(
        refusal,
        CalendarError::UnknownYear {
            date: date(2029, 1, 1),
            year: 2029,
            known: "2018–2028".to_string()
        }
    );
    assert_eq!(refusal.code(), "calendar_unknown_year");
    assert_eq!(
        refusal.to_string(),
        "2029-01-01: the working-day calendar does not know the bank holidays of 2029 \
         (it knows 2018–2028); load a newer GOV.UK bank-holidays feed"
    );
    assert!(cal().add_working_days(date(2029, 1, 2), 0).is_err());
    assert!(cal().add_working_days(date(2017, 12, 29), 1).is_err());
    assert!(cal().is_working_day(date(2029, 1, 2)).is_err());
    assert!(cal().is_working_day(date(2017, 12, 29)).is_err());
    assert!(
        cal()
            .working_days_between(date(2028, 12, 1), date(2029, 1, 2))
            .is_err()
    );
    assert!(
        cal()
            .working_days_between(date(2029, 1, 2), date(2028, 12, 1))
            .is_err()
    );
}

#[test]
fn a_gap_in_the_known_years_is_refused_too() {
    let json = r#"{"england-and-wales": {"events": [
        {"title": "New Year’s Day", "date": "2030-01-01"},
        {"title": "New Year’s Day", "date": "2032-01-01"}]}}"#;
    let calendar = Calendar::from_govuk_json(json).unwrap();
    assert_eq!(
        calendar.add_working_days(date(2030, 12, 31), 0),
        Ok(date(2030, 12, 31))
    );
    let refusal = calendar
        .add_working_days(date(2030, 12, 31), 1)
        .unwrap_err();
    assert!(
        refusal.to_string().contains("(it knows 2030, 2032)"),
        "{refusal}"
    );
}

/// A date from 1 Jan 2018 to 30 Sep 2028, so that 60 working days later is still in 2028.
fn known_date() -> impl Strategy<Value = Date> {
    (0i32..3926).prop_map(|offset| date(2018, 1, 1).checked_add(offset.days()).unwrap())
}

fn either_calendar() -> impl Strategy<Value = &'static Calendar> {
    prop_oneof![Just(&*ENGLAND_AND_WALES), Just(&*WITH_SHUTDOWN)]
}

proptest! {
    #[test]
    fn a_deadline_is_always_a_working_day(
        calendar in either_calendar(), start in known_date(), n in 1u32..=60
    ) {
        let deadline = calendar.add_working_days(start, n).unwrap();
        prop_assert!(deadline > start);
        prop_assert_eq!(calendar.is_working_day(deadline), Ok(true));
    }

    #[test]
    fn more_working_days_give_a_strictly_later_deadline(
        calendar in either_calendar(), start in known_date(), n in 0u32..60
    ) {
        let earlier = calendar.add_working_days(start, n).unwrap();
        let later = calendar.add_working_days(start, n + 1).unwrap();
        prop_assert!(earlier < later);
        // Nothing between them is a working day.
        prop_assert_eq!(calendar.working_days_between(earlier, later), Ok(1));
    }

    #[test]
    fn a_later_trigger_never_gives_an_earlier_deadline(
        calendar in either_calendar(), a in known_date(), b in known_date(), n in 0u32..=60
    ) {
        let (first, second) = if a <= b { (a, b) } else { (b, a) };
        let first_deadline = calendar.add_working_days(first, n).unwrap();
        let second_deadline = calendar.add_working_days(second, n).unwrap();
        prop_assert!(first_deadline <= second_deadline);
    }

    #[test]
    fn between_inverts_add(calendar in either_calendar(), start in known_date(), n in 0u32..=60) {
        let deadline = calendar.add_working_days(start, n).unwrap();
        prop_assert_eq!(calendar.working_days_between(start, deadline), Ok(i64::from(n)));
        prop_assert_eq!(calendar.working_days_between(deadline, start), Ok(-i64::from(n)));
    }

    #[test]
    fn between_is_antisymmetric(a in known_date(), b in known_date()) {
        let forward = cal().working_days_between(a, b).unwrap();
        prop_assert_eq!(cal().working_days_between(b, a), Ok(-forward));
    }

    #[test]
    fn late_2028_triggers_either_stay_in_2028_or_are_refused(
        offset in 0i32..=30, n in 0u32..=40
    ) {
        let start = date(2028, 12, 1).checked_add(offset.days()).unwrap();
        match cal().working_day_deadline(start, n) {
            Ok(deadline) => {
                prop_assert_eq!(deadline.date.year(), 2028);
                prop_assert_eq!(deadline.provisional, n > 0);
            }
            Err(CalendarError::UnknownYear { year, .. }) => prop_assert_eq!(year, 2029),
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }

    #[test]
    fn london_deadline_end_is_the_start_of_the_next_london_date(start in known_date()) {
        let end = deadline_end(start).unwrap();
        prop_assert_eq!(london_date(end), start.tomorrow().unwrap());
        let last_second = end.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap();
        prop_assert_eq!(london_date(last_second), start);
        let hours = end.duration_since(london_day_start(start).unwrap()).as_hours();
        prop_assert!((23..=25).contains(&hours));
    }
}
