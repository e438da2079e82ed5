//! Clocks: how long a duty may take (a [`Limit`]) and when it falls due ([`Due`]).
//!
//! One set of conventions for every clock (rules.md §9.2, §2.3 "Day counting"):
//!
//! - **Working days and calendar days count from day 0**, the London date of the trigger; "within
//!   N" ends at the end of the Nth day after it ([`crate::rules::calendar::deadline_end`]).
//! - **A trigger known only to a month or year starts the clock on the last day it could be**
//!   ([`HistoryTime::last_date`]), so HomeSafe never alleges a breach the record cannot prove.
//! - **Clock hours run continuously** from the latest instant the trigger could be (the end of the
//!   day, month or year for a partial time).
//! - **Explicit due dates** (a commitment, an Ombudsman order) end at the end of their last
//!   possible day.
//!
//! Each clock also says when it becomes **due soon** (the alarm before the deadline): the last
//! [`DueSoon`] working days, calendar days or clock hours before it falls due. A clock shorter
//! than its warning period gets no due-soon stage — every moment of it would be "due soon".

use std::fmt;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::calendar::{Calendar, CalendarError, add_clock_hours, deadline_end, london_day_start};
use crate::history::HistoryTime;

/// How long a duty may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "unit", content = "amount", rename_all = "snake_case")]
pub enum Limit {
    /// Monday to Friday minus England and Wales bank holidays and closure days (rules.md §9.1).
    WorkingDays(u32),
    /// Every day counts.
    CalendarDays(u32),
    /// Seven calendar days each (Awaab's Law: "physically start within 12 weeks").
    Weeks(u32),
    /// Elapsed hours, through nights, weekends and bank holidays (Awaab's Law emergencies).
    ClockHours(u32),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Limit::WorkingDays(n) => (n, "working day"),
            Limit::CalendarDays(n) => (n, "calendar day"),
            Limit::Weeks(n) => (n, "week"),
            Limit::ClockHours(n) => (n, "clock hour"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

/// How long before a deadline HomeSafe starts showing it as due soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueSoon {
    /// For working-day clocks and explicit due dates.
    pub working_days: u32,
    /// For calendar-day and week clocks.
    pub calendar_days: u32,
    /// For clock-hour clocks.
    pub clock_hours: u32,
}

impl Default for DueSoon {
    /// Two working days, three calendar days, six clock hours — HomeSafe's own choice, chosen so
    /// that a complaint handler sees a stage 1 response due on Friday from Thursday morning and an
    /// Awaab's Law emergency from its 18th hour. Landlord-configurable.
    fn default() -> Self {
        DueSoon {
            working_days: 2,
            calendar_days: 3,
            clock_hours: 6,
        }
    }
}

/// When a clock falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The instant the duty becomes overdue (exclusive: anything strictly before is in time).
    pub at: Timestamp,
    /// The last civil day on which the duty is in time, for day-based clocks.
    pub date: Option<Date>,
    /// When the clock becomes due soon, if it is long enough to have a due-soon stage.
    pub warn_from: Option<Timestamp>,
    /// True when the deadline rests on provisional (computed, not yet published) bank holidays.
    pub provisional: bool,
}

/// The instant a clock counts from, for display: the start of the London day it counts from for
/// day-based clocks, the latest instant the trigger could be for clock-hour clocks.
pub fn clock_start(limit: Limit, trigger: &HistoryTime) -> Timestamp {
    match limit {
        Limit::ClockHours(_) => latest_instant(trigger),
        _ => london_day_start(trigger.last_date()).unwrap_or(Timestamp::MIN),
    }
}

/// The latest instant a time could denote: the instant itself, or the (exclusive) end of its day,
/// month or year.
pub fn latest_instant(t: &HistoryTime) -> Timestamp {
    t.end()
}

/// When a duty with `limit`, triggered at `trigger`, falls due.
pub fn due_after(
    limit: Limit,
    trigger: &HistoryTime,
    calendar: &Calendar,
    soon: &DueSoon,
) -> Result<Due, CalendarError> {
    let day0 = trigger.last_date();
    match limit {
        Limit::WorkingDays(n) => {
            let deadline = calendar.working_day_deadline(day0, n)?;
            let warn_from = if n > soon.working_days {
                let w = calendar.add_working_days(day0, n - soon.working_days)?;
                Some(deadline_end(w)?)
            } else {
                None
            };
            Ok(Due {
                at: deadline_end(deadline.date)?,
                date: Some(deadline.date),
                warn_from,
                provisional: deadline.provisional,
            })
        }
        Limit::CalendarDays(n) => calendar_days(day0, n, soon),
        Limit::Weeks(w) => calendar_days(day0, w.saturating_mul(7), soon),
        Limit::ClockHours(h) => {
            let start = latest_instant(trigger);
            let warn_from = if h > soon.clock_hours {
                Some(add_clock_hours(start, h - soon.clock_hours)?)
            } else {
                None
            };
            Ok(Due {
                at: add_clock_hours(start, h)?,
                date: None,
                warn_from,
                provisional: false,
            })
        }
    }
}

fn add_days(date: Date, n: u32) -> Result<Date, CalendarError> {
    date.checked_add(i64::from(n).days())
        .map_err(|_| CalendarError::OutOfRange(format!("{date} + {n} days")))
}

fn calendar_days(day0: Date, n: u32, soon: &DueSoon) -> Result<Due, CalendarError> {
    let date = add_days(day0, n)?;
    let warn_from = if n > soon.calendar_days {
        Some(deadline_end(add_days(day0, n - soon.calendar_days)?)?)
    } else {
        None
    };
    Ok(Due {
        at: deadline_end(date)?,
        date: Some(date),
        warn_from,
        provisional: false,
    })
}

/// A duty due on an explicit date (a commitment's due date, an Ombudsman order's): it falls due
/// at the end of the last day `due` could be, and is due soon for the last [`DueSoon`] working
/// days up to it.
pub fn due_on(
    due: &HistoryTime,
    calendar: &Calendar,
    soon: &DueSoon,
) -> Result<Due, CalendarError> {
    let date = due.last_date();
    // Step back over `soon.working_days` working days, counting the due date itself if it is one.
    let mut day = date;
    let mut counted = 0;
    while counted < soon.working_days {
        if calendar.is_working_day(day)? {
            counted += 1;
        }
        day = day
            .yesterday()
            .map_err(|_| CalendarError::OutOfRange(format!("the day before {day}")))?;
    }
    Ok(Due {
        at: deadline_end(date)?,
        date: Some(date),
        warn_from: Some(deadline_end(day)?),
        provisional: calendar.is_provisional(date),
    })
}

/// Words for a partially known time, for alert details: "known only to the month (March 2021):
/// counted from its last day, 31 March 2021". Empty for days and instants.
pub fn precision_note(what: &str, t: &HistoryTime) -> String {
    match t {
        HistoryTime::Year(_) => format!(
            " ({what} {t} is known only to the year: counted from its last day, {})",
            t.last_date()
        ),
        HistoryTime::Month(..) => format!(
            " ({what} {t} is known only to the month: counted from its last day, {})",
            t.last_date()
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn t(s: &str) -> HistoryTime {
        s.parse().unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn working_days_count_from_the_last_possible_day_and_warn_two_days_ahead() {
        let cal = Calendar::england_and_wales();
        let soon = DueSoon::default();
        // Thursday 3 March 2022 + 5 working days = Thursday 10 March.
        let due = due_after(Limit::WorkingDays(5), &t("2022-03-03"), &cal, &soon).unwrap();
        assert_eq!(due.date, Some(date(2022, 3, 10)));
        assert_eq!(due.at, ts("2022-03-11T00:00:00Z"));
        // Due soon from the end of day 3 (Tuesday 8 March): Wednesday and Thursday.
        assert_eq!(due.warn_from, Some(ts("2022-03-09T00:00:00Z")));
        // A month counts from its last day: 30 November 2021 + 5 = 7 December 2021.
        let due = due_after(Limit::WorkingDays(5), &t("2021-11"), &cal, &soon).unwrap();
        assert_eq!(due.date, Some(date(2021, 12, 7)));
    }

    #[test]
    fn short_clocks_have_no_due_soon_stage() {
        let cal = Calendar::england_and_wales();
        let soon = DueSoon::default();
        let due = due_after(Limit::WorkingDays(1), &t("2022-03-03"), &cal, &soon).unwrap();
        assert_eq!(due.warn_from, None);
        let due = due_after(
            Limit::ClockHours(6),
            &t("2022-03-03T10:00:00Z"),
            &cal,
            &soon,
        )
        .unwrap();
        assert_eq!(due.warn_from, None);
    }

    #[test]
    fn clock_hours_run_from_the_latest_instant() {
        let cal = Calendar::england_and_wales();
        let soon = DueSoon::default();
        let due = due_after(Limit::ClockHours(24), &t("2022-02-21"), &cal, &soon).unwrap();
        // The day could have ended at midnight: 24 hours from 22 February 00:00.
        assert_eq!(due.at, ts("2022-02-23T00:00:00Z"));
        assert_eq!(due.warn_from, Some(ts("2022-02-22T18:00:00Z")));
        let due = due_after(
            Limit::ClockHours(24),
            &t("2026-01-10T15:00:00Z"),
            &cal,
            &soon,
        )
        .unwrap();
        assert_eq!(due.at, ts("2026-01-11T15:00:00Z"));
    }

    #[test]
    fn weeks_and_calendar_days() {
        let cal = Calendar::england_and_wales();
        let soon = DueSoon::default();
        let due = due_after(Limit::CalendarDays(28), &t("2021-03"), &cal, &soon).unwrap();
        assert_eq!(due.date, Some(date(2021, 4, 28)));
        let due = due_after(Limit::Weeks(12), &t("2026-01-12"), &cal, &soon).unwrap();
        assert_eq!(due.date, Some(date(2026, 4, 6)));
    }

    #[test]
    fn explicit_due_dates_end_with_their_last_possible_day() {
        let cal = Calendar::england_and_wales();
        let soon = DueSoon::default();
        let due = due_on(&t("2022"), &cal, &soon).unwrap();
        assert_eq!(due.date, Some(date(2022, 12, 31)));
        assert_eq!(due.at, ts("2023-01-01T00:00:00Z"));
        // Thursday 7 April 2022: due soon from Wednesday 6 April.
        let due = due_on(&t("2022-04-07"), &cal, &soon).unwrap();
        assert_eq!(due.warn_from, Some(ts("2022-04-05T23:00:00Z")));
    }

    #[test]
    fn limits_read_as_words() {
        assert_eq!(Limit::WorkingDays(10).to_string(), "10 working days");
        assert_eq!(Limit::ClockHours(1).to_string(), "1 clock hour");
        assert_eq!(Limit::Weeks(12).to_string(), "12 weeks");
    }
}
