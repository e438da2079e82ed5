//! The demo's calendar: one row per day with its London midnight, weekday and whether it is a
//! working day (weekends and England and Wales bank holidays off). Times inside the simulation
//! are whole UTC seconds; London wall-clock times are turned into them through the table, so
//! no time-zone lookup happens per event.

use jiff::civil::{Date, Weekday};
use jiff::{Timestamp, ToSpan};

use crate::history::{HistoryTime, london};
use crate::rules::calendar::Calendar;

/// A day of the simulation, as an index into [`Clock`]'s table.
pub(crate) type Day = u32;

pub(crate) const HOUR: i64 = 3600;
pub(crate) const MINUTE: i64 = 60;

#[derive(Debug, Clone, Copy)]
struct DayInfo {
    date: Date,
    /// UTC seconds of 00:00 London time.
    midnight: i64,
    working: bool,
    /// 0 = Monday.
    weekday: u8,
    /// The clocks change during this day.
    switch: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Clock {
    days: Vec<DayInfo>,
    /// First simulated day.
    pub(crate) start: Day,
    /// Last simulated day (inclusive).
    pub(crate) end: Day,
}

/// Days before the first simulated day kept in the table (disclosure dates, earlier reviews).
const BEFORE: i64 = 800;
/// Days after the last simulated day kept in the table (targets and due dates).
const AFTER: i64 = 1200;

impl Clock {
    pub(crate) fn new(first: Date, last: Date) -> Clock {
        let base = first.checked_sub(BEFORE.days()).unwrap_or(first);
        let total = (last
            .since(first)
            .map(|s| i64::from(s.get_days()))
            .unwrap_or(0))
            + BEFORE
            + AFTER
            + 2;
        let tz = london();
        let mut days = Vec::with_capacity(total as usize);
        // The one calendar HomeSafe has, widened by rule to the years simulated.
        let mut calendar = Calendar::england_and_wales();
        calendar.add_computed_years(base.year()..=last.year().saturating_add(5));
        let mut d = base;
        for _ in 0..total {
            let midnight = d
                .to_zoned(tz.clone())
                .map(|z| z.timestamp().as_second())
                .unwrap_or(0);
            let weekday = d.weekday().to_monday_zero_offset() as u8;
            days.push(DayInfo {
                date: d,
                midnight,
                working: calendar.is_working_day(d).unwrap_or(weekday < 5),
                weekday,
                switch: false,
            });
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        for i in 0..days.len().saturating_sub(1) {
            days[i].switch = days[i + 1].midnight - days[i].midnight != 24 * HOUR;
        }
        let start = BEFORE as Day;
        let end = start + (total - BEFORE - AFTER - 2) as Day;
        Clock { days, start, end }
    }

    fn info(&self, d: Day) -> &DayInfo {
        let i = (d as usize).min(self.days.len() - 1);
        &self.days[i]
    }

    pub(crate) fn date(&self, d: Day) -> Date {
        self.info(d).date
    }

    pub(crate) fn midnight(&self, d: Day) -> i64 {
        self.info(d).midnight
    }

    /// 0 = Monday … 6 = Sunday.
    pub(crate) fn weekday(&self, d: Day) -> u8 {
        self.info(d).weekday
    }

    pub(crate) fn working(&self, d: Day) -> bool {
        self.info(d).working
    }

    /// The instant of London wall-clock `secs` after midnight on day `d`.
    pub(crate) fn local(&self, d: Day, secs: i64) -> i64 {
        let info = self.info(d);
        if !info.switch {
            return info.midnight + secs;
        }
        let secs = secs.clamp(0, 24 * HOUR - 1);
        let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
        info.date
            .at(h as i8, m as i8, s as i8, 0)
            .to_zoned(london())
            .map(|z| z.timestamp().as_second())
            .unwrap_or(info.midnight + secs)
    }

    /// The day an instant falls on, in London.
    pub(crate) fn day_of(&self, t: i64) -> Day {
        let first = self.days[0].midnight;
        let mut i =
            ((t - first).div_euclid(24 * HOUR)).clamp(0, self.days.len() as i64 - 1) as usize;
        while i + 1 < self.days.len() && self.days[i + 1].midnight <= t {
            i += 1;
        }
        while i > 0 && self.days[i].midnight > t {
            i -= 1;
        }
        i as Day
    }

    /// Seconds since London midnight of the instant's day.
    #[cfg(test)]
    pub(crate) fn secs_of_day(&self, t: i64) -> i64 {
        t - self.midnight(self.day_of(t))
    }

    /// The working day `n` working days after `d` (day `d` itself is day 0).
    pub(crate) fn add_working(&self, d: Day, n: u32) -> Day {
        let mut day = d;
        let mut left = n;
        let last = self.days.len() as Day - 1;
        while left > 0 && day < last {
            day += 1;
            if self.working(day) {
                left -= 1;
            }
        }
        day
    }

    /// `d` if it is a working day, else the next working day.
    pub(crate) fn next_working(&self, d: Day) -> Day {
        let mut day = d;
        let last = self.days.len() as Day - 1;
        while !self.working(day) && day < last {
            day += 1;
        }
        day
    }

    /// Working days from `a` to `b` (0 when `b` is not after `a`).
    pub(crate) fn working_between(&self, a: Day, b: Day) -> u32 {
        (a + 1..=b).filter(|&d| self.working(d)).count() as u32
    }

    /// The next instant at or after `t` inside office hours (08:30–17:30 on a working day).
    pub(crate) fn office(&self, t: i64) -> i64 {
        let d = self.day_of(t);
        let secs = t - self.midnight(d);
        if self.working(d) && (8 * HOUR + 30 * MINUTE..17 * HOUR + 30 * MINUTE).contains(&secs) {
            return t;
        }
        let next = if self.working(d) && secs < 8 * HOUR + 30 * MINUTE {
            d
        } else {
            self.next_working(d + 1)
        };
        self.local(next, 8 * HOUR + 30 * MINUTE)
    }

    pub(crate) fn day_time(&self, d: Day) -> HistoryTime {
        HistoryTime::Day(self.date(d))
    }

    /// The index of a date inside the table (clamped to it).
    pub(crate) fn index_of(&self, on: Date) -> Day {
        let first = self.days[0].date;
        let n = on
            .since(first)
            .map(|s| i64::from(s.get_days()))
            .unwrap_or(0);
        n.clamp(0, self.days.len() as i64 - 1) as Day
    }

    /// The first Monday of April in the year of day `d`, if that is day `d`.
    pub(crate) fn is_rent_day(&self, d: Day) -> bool {
        let date = self.date(d);
        date.month() == 4 && date.day() <= 7 && date.weekday() == Weekday::Monday
    }
}

pub(crate) fn instant(t: i64) -> HistoryTime {
    HistoryTime::Instant(Timestamp::from_second(t).unwrap_or(Timestamp::UNIX_EPOCH))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let c = Clock::new(date(2025, 12, 1), date(2026, 1, 31));
        let fri = c.index_of(date(2025, 12, 19));
        // 22, 23, 24, 29, 30 December are the next five working days.
        assert_eq!(c.date(c.add_working(fri, 5)), date(2025, 12, 30));
        assert_eq!(c.working_between(fri, c.add_working(fri, 5)), 5);
        let sat = c.index_of(date(2025, 12, 20));
        assert_eq!(c.date(c.next_working(sat)), date(2025, 12, 22));
    }

    #[test]
    fn london_times_follow_the_clock_changes() {
        let c = Clock::new(date(2026, 3, 1), date(2026, 4, 30));
        let summer = c.index_of(date(2026, 4, 1));
        assert_eq!(
            instant(c.local(summer, 10 * HOUR)).to_string(),
            "2026-04-01T09:00:00Z"
        );
        let switch = c.index_of(date(2026, 3, 29));
        assert_eq!(
            instant(c.local(switch, 10 * HOUR)).to_string(),
            "2026-03-29T09:00:00Z"
        );
        let t = c.local(summer, 23 * HOUR + 30 * MINUTE);
        assert_eq!(c.day_of(t), summer);
        assert_eq!(c.secs_of_day(t), 23 * HOUR + 30 * MINUTE);
    }
}
