//! The working-day calendar: which days count when a rule says "within N working days".
//!
//! One calendar for every clock (rules.md §9.1): a working day is Monday to Friday, minus every
//! England and Wales entry in the GOV.UK bank-holidays feed (bank holidays, Christmas Day, Good
//! Friday, substitute and one-off days), minus the landlord's own closure days.
//!
//! Counting is day-zero everywhere (rules.md §9.2, §2.3 "Day counting"): the trigger day is day 0
//! and "within N working days" ends at the end of the Nth working day after it. The calendar
//! refuses to answer for a year whose bank holidays it does not know rather than guess, and it
//! says when an answer rests on provisional (computed, not yet published) holidays.
//!
//! Day boundaries are Europe/London civil days; see [`london_date`] and [`deadline_end`].

mod computed;
mod govuk;
mod london;

pub use computed::computed_bank_holidays;
#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (style.md practice 9)
mod tests;

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};

pub use govuk::MergeReport;
pub use london::{add_clock_hours, deadline_end, london_date, london_day_start};

/// The England and Wales bank holidays 2018–2028 that ship with HomeSafe, in the GOV.UK
/// bank-holidays.json format. Source: GOV.UK <https://www.gov.uk/bank-holidays.json>, division
/// `england-and-wales` (rules.md §7). The feed is a rolling window, so HomeSafe keeps its own copy;
/// 2028 is computed and listed under `homesafe.provisional_years` until GOV.UK publishes it.
const EMBEDDED_BANK_HOLIDAYS: &str =
    include_str!("../../../data/bank-holidays-england-and-wales.json");

/// Whether the bank holidays of a year come from a published GOV.UK feed or were computed.
///
/// rules.md §9.1: years beyond the published feed are flagged provisional until published, so a
/// deadline that depends on them can be shown as provisional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    /// Taken from a GOV.UK feed.
    Published,
    /// Computed from the usual rules; GOV.UK has not published the year yet.
    Provisional,
}

/// One England and Wales bank holiday, as the GOV.UK feed lists it (rules.md §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHoliday {
    /// The day that is not a working day (a substitute day when the holiday fell on a weekend).
    pub date: Date,
    /// GOV.UK's title, e.g. "Boxing Day" — shown to staff to explain a skipped day.
    pub title: String,
    /// GOV.UK's notes, e.g. "Substitute day"; empty when there are none.
    pub notes: String,
    /// True while the year is computed rather than published (rules.md §9.1).
    pub provisional: bool,
}

/// A working-day deadline and whether it rests on provisional bank holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingDayDeadline {
    /// The last day on which the duty can be done in time (it ends at [`deadline_end`]).
    pub date: Date,
    /// True when any day counted after the trigger lies in a provisional year, so the date may
    /// move once GOV.UK publishes that year (rules.md §9.1). Callers should flag it.
    pub provisional: bool,
}

/// Why the calendar could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date lies in a year whose bank holidays are unknown. The calendar never assumes that a
    /// weekday there is a working day: a missed bank holiday would move a statutory deadline.
    #[error(
        "{date}: the working-day calendar does not know the bank holidays of {year} \
         (it knows {known}); load a newer GOV.UK bank-holidays feed"
    )]
    UnknownYear {
        /// The first date the answer needed.
        date: Date,
        /// Its year.
        year: i16,
        /// The years the calendar knows, e.g. "2018–2028".
        known: String,
    },
    /// The text given as a bank-holidays feed is not JSON at all.
    #[error("bank-holidays feed is not valid JSON: {0}")]
    FeedNotJson(String),
    /// The feed is JSON but not in the GOV.UK shape; `path` says where, e.g.
    /// `england-and-wales.events[3].date`.
    #[error("bank-holidays feed: {path}: {problem}")]
    InvalidFeed {
        /// Where in the feed, e.g. `england-and-wales.events[3].date`.
        path: String,
        /// What is wrong there, quoting the value.
        problem: String,
    },
    /// Date or time arithmetic left the range jiff can represent (years -9999 to 9999).
    #[error("{0} is outside the range of dates and times HomeSafe can represent")]
    OutOfRange(String),
}

impl CalendarError {
    /// A stable snake_case code for API clients (style.md practice 4).
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::UnknownYear { .. } => "calendar_unknown_year",
            CalendarError::FeedNotJson(_) => "calendar_feed_not_json",
            CalendarError::InvalidFeed { .. } => "calendar_feed_invalid",
            CalendarError::OutOfRange(_) => "calendar_out_of_range",
        }
    }
}

/// The working-day calendar for England and Wales (rules.md §9.1).
///
/// It holds the bank holidays of the years it knows (each year published or provisional) and
/// the landlord's closure days. Build it with [`Calendar::england_and_wales`], keep it current
/// with [`Calendar::merge_govuk_json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeMap<Date, BankHoliday>,
    years: BTreeMap<i16, YearStatus>,
    closures: BTreeMap<Date, String>,
}

impl Calendar {
    /// The calendar HomeSafe ships with: England and Wales bank holidays 2018–2028 (rules.md §7),
    /// 2028 provisional, no closure days.
    ///
    /// # Panics
    /// Only if the embedded data file is malformed, which the test
    /// `embedded_calendar_knows_2018_to_2028` rules out at build time.
    pub fn england_and_wales() -> Calendar {
        Calendar::from_govuk_json(EMBEDDED_BANK_HOLIDAYS)
            .expect("the embedded bank-holidays file is valid (checked by the tests)")
    }

    /// A calendar holding exactly the England and Wales years of a GOV.UK bank-holidays feed.
    /// Years listed under `homesafe.provisional_years` (HomeSafe's own marker, never in GOV.UK's
    /// feed) are provisional; all others are published.
    pub fn from_govuk_json(json: &str) -> Result<Calendar, CalendarError> {
        let mut calendar = Calendar {
            holidays: BTreeMap::new(),
            years: BTreeMap::new(),
            closures: BTreeMap::new(),
        };
        calendar.merge_govuk_json(json)?;
        Ok(calendar)
    }

    /// Adds the landlord's closure days (e.g. a 24, 29, 30, 31 December shutdown) and returns
    /// the calendar, for building it in one expression.
    pub fn with_closure_days<R: Into<String>>(
        mut self,
        days: impl IntoIterator<Item = (Date, R)>,
    ) -> Calendar {
        for (date, reason) in days {
            self.add_closure_day(date, reason);
        }
        self
    }

    /// Marks a day on which the landlord is closed, so it is not a working day. A landlord's
    /// closure is its own policy, not part of the GOV.UK feed (rules.md §9.1 lists only bank
    /// holidays); adding the same day twice keeps the latest reason.
    pub fn add_closure_day(&mut self, date: Date, reason: impl Into<String>) {
        self.closures.insert(date, reason.into());
    }

    /// Adds, as provisional, every year in `years` that the calendar does not know, computed by
    /// rule ([`computed_bank_holidays`]). For simulations and history older than the shipped
    /// data; a published feed replaces a provisional year when merged.
    pub fn add_computed_years(&mut self, years: std::ops::RangeInclusive<i16>) {
        for year in years {
            if self.years.contains_key(&year) {
                continue;
            }
            for (date, title) in computed_bank_holidays(year) {
                self.holidays.insert(
                    date,
                    BankHoliday {
                        date,
                        title: title.to_string(),
                        notes: String::new(),
                        provisional: true,
                    },
                );
            }
            self.years.insert(year, YearStatus::Provisional);
        }
    }

    /// The reason the landlord is closed on `date`, if it is a closure day.
    pub fn closure_day(&self, date: Date) -> Option<&str> {
        self.closures.get(&date).map(String::as_str)
    }

    /// The England and Wales bank holiday on `date`, if the calendar knows one. `None` for a
    /// year the calendar does not know too; use [`Calendar::year_status`] to tell them apart.
    pub fn bank_holiday(&self, date: Date) -> Option<&BankHoliday> {
        self.holidays.get(&date)
    }

    /// Every bank holiday the calendar knows, in date order (for display and for storing the
    /// calendar, since the GOV.UK feed drops old years — rules.md §7).
    pub fn bank_holidays(&self) -> impl Iterator<Item = &BankHoliday> {
        self.holidays.values()
    }

    /// The years whose bank holidays the calendar knows, in order, with their status.
    pub fn known_years(&self) -> impl Iterator<Item = (i16, YearStatus)> + '_ {
        self.years.iter().map(|(year, status)| (*year, *status))
    }

    /// Whether the calendar knows `year`, and if so whether it is published or provisional.
    pub fn year_status(&self, year: i16) -> Option<YearStatus> {
        self.years.get(&year).copied()
    }

    /// True when `date` lies in a provisional year: its working-day status may change once
    /// GOV.UK publishes that year (rules.md §9.1). False for published and unknown years.
    pub fn is_provisional(&self, date: Date) -> bool {
        self.year_status(date.year()) == Some(YearStatus::Provisional)
    }

    /// Whether `date` is a working day: Monday to Friday, not an England and Wales bank
    /// holiday, not a closure day (rules.md §9.1). Refuses a year the calendar does not know.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        self.require_known(date)?;
        Ok(self.is_working_day_in_known_year(date))
    }

    /// The date that is `working_days` working days after `trigger`, counting day-zero
    /// (rules.md §9.2): the trigger is day 0 whatever day it is, day 1 is the first working day
    /// after it. So a trigger on Saturday + 1 is Monday, exactly as a trigger on Friday + 1, and
    /// `working_days == 0` returns the trigger itself.
    ///
    /// Refuses with [`CalendarError::UnknownYear`] if the trigger or any day up to the result
    /// lies in a year the calendar does not know. See [`Calendar::working_day_deadline`] to learn
    /// whether the result rests on provisional bank holidays.
    pub fn add_working_days(
        &self,
        trigger: Date,
        working_days: u32,
    ) -> Result<Date, CalendarError> {
        Ok(self.working_day_deadline(trigger, working_days)?.date)
    }

    /// [`Calendar::add_working_days`], also saying whether the deadline rests on provisional
    /// bank holidays (rules.md §9.1), so it can be shown as provisional.
    pub fn working_day_deadline(
        &self,
        trigger: Date,
        working_days: u32,
    ) -> Result<WorkingDayDeadline, CalendarError> {
        self.require_known(trigger)?;
        let mut date = trigger;
        let mut provisional = false;
        let mut counted = 0;
        while counted < working_days {
            date = next_day(date)?;
            provisional |= self.require_known(date)? == YearStatus::Provisional;
            if self.is_working_day_in_known_year(date) {
                counted += 1;
            }
        }
        Ok(WorkingDayDeadline { date, provisional })
    }

    /// The number of working days after `from`, up to and including `to` (rules.md §9.2: `from`
    /// is day 0). It inverts [`Calendar::add_working_days`]: if `add_working_days(a, n) == b`
    /// then `working_days_between(a, b) == n`.
    ///
    /// Antisymmetric: when `to` is before `from` the answer is minus the count from `to` to
    /// `from`. So `working_days_between(deadline, done)` is how many working days late (positive)
    /// or early (negative or zero) a duty was done. Refuses a day in a year the calendar does not
    /// know.
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<i64, CalendarError> {
        let (start, end, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        self.require_known(start)?;
        let mut date = start;
        let mut count: i64 = 0;
        while date < end {
            date = next_day(date)?;
            self.require_known(date)?;
            if self.is_working_day_in_known_year(date) {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    fn is_working_day_in_known_year(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.holidays.contains_key(&date)
            && !self.closures.contains_key(&date)
    }

    /// The status of `date`'s year, or the refusal naming the years the calendar does know.
    fn require_known(&self, date: Date) -> Result<YearStatus, CalendarError> {
        self.year_status(date.year())
            .ok_or_else(|| CalendarError::UnknownYear {
                date,
                year: date.year(),
                known: self.known_years_summary(),
            })
    }

    /// The known years as runs, e.g. "2018–2028" or "2018–2026, 2028", or "no years".
    fn known_years_summary(&self) -> String {
        let mut runs: Vec<(i16, i16)> = Vec::new();
        for &year in self.years.keys() {
            match runs.last_mut() {
                Some((_, last)) if i32::from(*last) + 1 == i32::from(year) => *last = year,
                _ => runs.push((year, year)),
            }
        }
        if runs.is_empty() {
            return "no years".to_string();
        }
        let parts: Vec<String> = runs
            .iter()
            .map(|&(first, last)| {
                if first == last {
                    first.to_string()
                } else {
                    format!("{first}–{last}")
                }
            })
            .collect();
        parts.join(", ")
    }
}

fn next_day(date: Date) -> Result<Date, CalendarError> {
    date.tomorrow()
        .map_err(|_| CalendarError::OutOfRange(format!("the day after {date}")))
}
