//! Europe/London day boundaries and clock-hour deadlines.
//!
//! A working-day deadline is a civil date in England; it ends when that day ends in London,
//! which is 23 or 25 hours after it began on the days the clocks change. Clock-hour deadlines
//! (Awaab's Law emergency track, rules.md §2.3 and §9.8: "the 24-hour clock runs continuously")
//! are elapsed time and ignore day boundaries altogether.

use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::CalendarError;

/// Europe/London from jiff's bundled time-zone database (the crate enables
/// `tzdb-bundle-always`, so the lookup cannot miss on any platform).
static EUROPE_LONDON: LazyLock<TimeZone> = LazyLock::new(|| {
    TimeZone::get("Europe/London").expect("jiff's bundled tzdb contains Europe/London")
});

/// The civil date in London at instant `ts`: the day an event (a report received, a letter
/// sent) counts as happening on, for day-zero counting (rules.md §9.2). 23:30 UTC on a July
/// evening is 00:30 BST, so it is already the next day.
pub fn london_date(ts: Timestamp) -> Date {
    ts.to_zoned(EUROPE_LONDON.clone()).date()
}

/// The instant the London civil day `date` begins (00:00 London time).
pub fn london_day_start(date: Date) -> Result<Timestamp, CalendarError> {
    date.to_zoned(EUROPE_LONDON.clone())
        .map(|start| start.timestamp())
        .map_err(|_| CalendarError::OutOfRange(format!("the start of {date} in London")))
}

/// The instant a deadline on `date` expires: the exclusive end of that London civil day, i.e.
/// 00:00 London time on the next day. "Within N working days" means by the end of the Nth
/// working day (rules.md §9.2), so anything strictly before this instant is in time. The day is
/// 23 hours long when the clocks go forward and 25 hours when they go back.
pub fn deadline_end(date: Date) -> Result<Timestamp, CalendarError> {
    let next = date
        .tomorrow()
        .map_err(|_| CalendarError::OutOfRange(format!("the end of {date}")))?;
    london_day_start(next)
}

/// `ts` plus `hours` elapsed hours: a clock-hour deadline such as Awaab's Law's 24 hours
/// (rules.md §2.3, §9.8) runs continuously through nights, weekends and bank holidays, and 24
/// hours is 24 elapsed hours even across a clock change (so 12:00 on the Saturday before the
/// clocks go back + 24 hours is 11:00 on the Sunday, London time).
pub fn add_clock_hours(ts: Timestamp, hours: u32) -> Result<Timestamp, CalendarError> {
    ts.checked_add(SignedDuration::from_hours(i64::from(hours)))
        .map_err(|_| CalendarError::OutOfRange(format!("{ts} + {hours} hours")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (style.md practice 9)
mod tests {
    use jiff::civil::date;

    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn day_length_hours(day: Date) -> i64 {
        let start = london_day_start(day).unwrap();
        let end = deadline_end(day).unwrap();
        end.duration_since(start).as_hours()
    }

    #[test]
    fn late_evening_utc_in_summer_is_the_next_day_in_london() {
        assert_eq!(london_date(ts("2025-07-15T23:30:00Z")), date(2025, 7, 16));
        assert_eq!(london_date(ts("2025-07-15T22:59:59Z")), date(2025, 7, 15));
        // In winter London is on UTC.
        assert_eq!(london_date(ts("2025-01-15T23:30:00Z")), date(2025, 1, 15));
        assert_eq!(london_date(ts("2025-01-16T00:00:00Z")), date(2025, 1, 16));
    }

    #[test]
    fn ordinary_days_are_24_hours_and_end_at_london_midnight() {
        assert_eq!(
            deadline_end(date(2025, 1, 15)).unwrap(),
            ts("2025-01-16T00:00:00Z")
        );
        assert_eq!(
            deadline_end(date(2025, 7, 15)).unwrap(),
            ts("2025-07-15T23:00:00Z")
        );
        assert_eq!(day_length_hours(date(2025, 1, 15)), 24);
        assert_eq!(day_length_hours(date(2025, 7, 15)), 24);
    }

    /// (day, London midnight that starts it, London midnight that ends it, hours long)
    const CLOCK_CHANGE_DAYS: [(Date, &str, &str, i64); 4] = [
        (
            date(2025, 3, 30),
            "2025-03-30T00:00:00Z",
            "2025-03-30T23:00:00Z",
            23,
        ),
        (
            date(2025, 10, 26),
            "2025-10-25T23:00:00Z",
            "2025-10-27T00:00:00Z",
            25,
        ),
        (
            date(2026, 3, 29),
            "2026-03-29T00:00:00Z",
            "2026-03-29T23:00:00Z",
            23,
        ),
        (
            date(2026, 10, 25),
            "2026-10-24T23:00:00Z",
            "2026-10-26T00:00:00Z",
            25,
        ),
    ];

    #[test]
    fn clock_change_days_are_23_or_25_hours() {
        for (day, start, end, hours) in CLOCK_CHANGE_DAYS {
            assert_eq!(london_day_start(day).unwrap(), ts(start), "start of {day}");
            assert_eq!(deadline_end(day).unwrap(), ts(end), "end of {day}");
            assert_eq!(day_length_hours(day), hours, "length of {day}");
        }
    }

    #[test]
    fn london_date_agrees_with_the_day_boundaries_on_clock_change_days() {
        for (day, start, end, _) in CLOCK_CHANGE_DAYS {
            let (start, end) = (ts(start), ts(end));
            let second = SignedDuration::from_secs(1);
            assert_eq!(london_date(start), day, "first instant of {day}");
            assert_eq!(
                london_date(end.checked_sub(second).unwrap()),
                day,
                "last second of {day}"
            );
            assert_eq!(
                london_date(start.checked_sub(second).unwrap()),
                day.yesterday().unwrap()
            );
            assert_eq!(london_date(end), day.tomorrow().unwrap(), "end of {day}");
        }
        // The hour that repeats on 26 Oct 2025 (01:00-02:00 BST, then 01:00-02:00 GMT) is all
        // the same London day; so is the evening after the clocks go forward.
        assert_eq!(london_date(ts("2025-10-26T00:30:00Z")), date(2025, 10, 26));
        assert_eq!(london_date(ts("2025-10-26T01:30:00Z")), date(2025, 10, 26));
        assert_eq!(london_date(ts("2025-03-30T22:30:00Z")), date(2025, 3, 30));
    }

    #[test]
    fn clock_hours_are_elapsed_hours_across_a_clock_change() {
        // Saturday 25 Oct 2025 12:00 BST (11:00 UTC) + 24 h = Sunday 11:00 GMT (11:00 UTC).
        let reported = ts("2025-10-25T11:00:00Z");
        let due = add_clock_hours(reported, 24).unwrap();
        assert_eq!(due, ts("2025-10-26T11:00:00Z"));
        let local = due.to_zoned(EUROPE_LONDON.clone());
        assert_eq!((local.date(), local.hour()), (date(2025, 10, 26), 11));

        // Saturday 29 Mar 2025 12:00 GMT + 24 h = Sunday 13:00 BST.
        let due = add_clock_hours(ts("2025-03-29T12:00:00Z"), 24).unwrap();
        assert_eq!(due, ts("2025-03-30T12:00:00Z"));
        assert_eq!(due.to_zoned(EUROPE_LONDON.clone()).hour(), 13);

        assert_eq!(add_clock_hours(reported, 0).unwrap(), reported);
        assert!(add_clock_hours(Timestamp::MAX, 1).is_err());
    }
}
