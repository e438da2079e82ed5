//! Times in the record keep the precision they were known to. The Ombudsman's chronologies say
//! "March 2021" and "on 30 March 2021"; a legacy system may hold a full timestamp. A date known
//! only to the month stays a month: HomeSafe never invents the day.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point or period in time at the precision it is known to.
///
/// Written as `2021`, `2021-03`, `2021-03-30` (civil dates in Europe/London) or an RFC 3339
/// instant, normalised to UTC (`2021-03-30T13:05:00Z`). An instant written without an offset is
/// read as Europe/London wall-clock time, the way English landlords' legacy systems record it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistoryTime {
    Year(i16),
    Month(i16, i8),
    Day(Date),
    Instant(Timestamp),
}

/// How precisely a [`HistoryTime`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Year,
    Month,
    Day,
    Instant,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{input}' is not a time: {reason} (use 2021, 2021-03, 2021-03-30 or 2021-03-30T14:05:00Z)"
)]
pub struct TimeParseError {
    pub input: String,
    pub reason: String,
}

pub fn london() -> TimeZone {
    // The bundled tz database always has Europe/London; fall back to UTC only if a build
    // somehow lacks it, which the tests would catch.
    TimeZone::get("Europe/London").unwrap_or(TimeZone::UTC)
}

impl HistoryTime {
    pub fn now() -> Self {
        HistoryTime::Instant(Timestamp::now())
    }

    pub fn precision(&self) -> Precision {
        match self {
            HistoryTime::Year(_) => Precision::Year,
            HistoryTime::Month(..) => Precision::Month,
            HistoryTime::Day(_) => Precision::Day,
            HistoryTime::Instant(_) => Precision::Instant,
        }
    }

    /// The first London civil date this time could be.
    pub fn first_date(&self) -> Date {
        match *self {
            HistoryTime::Year(y) => Date::new(y, 1, 1).unwrap_or(Date::MIN),
            HistoryTime::Month(y, m) => Date::new(y, m, 1).unwrap_or(Date::MIN),
            HistoryTime::Day(d) => d,
            HistoryTime::Instant(ts) => ts.to_zoned(london()).date(),
        }
    }

    /// The last London civil date this time could be.
    pub fn last_date(&self) -> Date {
        match *self {
            HistoryTime::Year(y) => Date::new(y, 12, 31).unwrap_or(Date::MAX),
            HistoryTime::Month(y, m) => Date::new(y, m, 1)
                .map(|d| d.last_of_month())
                .unwrap_or(Date::MAX),
            HistoryTime::Day(d) => d,
            HistoryTime::Instant(ts) => ts.to_zoned(london()).date(),
        }
    }

    /// The earliest instant this time could denote (start of the London day for dates).
    pub fn earliest(&self) -> Timestamp {
        match *self {
            HistoryTime::Instant(ts) => ts,
            _ => start_of_london_day(self.first_date()),
        }
    }

    /// The end (exclusive) of the period this time denotes.
    pub fn end(&self) -> Timestamp {
        match *self {
            HistoryTime::Instant(ts) => ts,
            _ => {
                let next = self.last_date().checked_add(1.day()).unwrap_or(Date::MAX);
                start_of_london_day(next)
            }
        }
    }
}

pub fn start_of_london_day(date: Date) -> Timestamp {
    date.to_zoned(london())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MIN)
}

fn parse_err(input: &str, reason: impl Into<String>) -> TimeParseError {
    TimeParseError {
        input: input.to_string(),
        reason: reason.into(),
    }
}

impl FromStr for HistoryTime {
    type Err = TimeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.as_bytes();
        let all_digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
        match s.len() {
            4 if all_digits(0..4) => {
                let y: i16 = s.parse().map_err(|_| parse_err(s, "bad year"))?;
                Ok(HistoryTime::Year(y))
            }
            7 if all_digits(0..4) && bytes[4] == b'-' && all_digits(5..7) => {
                let y: i16 = s[0..4].parse().map_err(|_| parse_err(s, "bad year"))?;
                let m: i8 = s[5..7].parse().map_err(|_| parse_err(s, "bad month"))?;
                if !(1..=12).contains(&m) {
                    return Err(parse_err(s, "month must be 01 to 12"));
                }
                Ok(HistoryTime::Month(y, m))
            }
            10 => s
                .parse::<Date>()
                .map(HistoryTime::Day)
                .map_err(|e| parse_err(s, e.to_string())),
            _ if s.len() > 10 && bytes[10] == b'T' => {
                if let Ok(ts) = s.parse::<Timestamp>() {
                    return Ok(HistoryTime::Instant(ts));
                }
                // No offset: London wall-clock time.
                let dt: DateTime = s
                    .parse()
                    .map_err(|e: jiff::Error| parse_err(s, e.to_string()))?;
                let zoned = dt
                    .to_zoned(london())
                    .map_err(|e| parse_err(s, e.to_string()))?;
                Ok(HistoryTime::Instant(zoned.timestamp()))
            }
            _ => Err(parse_err(s, "unrecognised shape")),
        }
    }
}

impl fmt::Display for HistoryTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryTime::Year(y) => write!(f, "{y:04}"),
            HistoryTime::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            HistoryTime::Day(d) => write!(f, "{d}"),
            HistoryTime::Instant(ts) => write!(f, "{ts}"),
        }
    }
}

impl Serialize for HistoryTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HistoryTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_precision_and_round_trips() {
        for s in [
            "2021",
            "2021-03",
            "2021-03-30",
            "2021-03-30T13:05:00Z",
            "2022-06-16T08:00:00.5Z",
        ] {
            let t: HistoryTime = s.parse().expect(s);
            assert_eq!(t.to_string(), s);
        }
        assert_eq!(
            "2021-03".parse::<HistoryTime>().map(|t| t.precision()),
            Ok(Precision::Month)
        );
    }

    #[test]
    fn offsets_normalise_to_utc_and_bare_times_are_london() {
        let t: HistoryTime = "2022-07-01T10:00:00+01:00".parse().expect("parse");
        assert_eq!(t.to_string(), "2022-07-01T09:00:00Z");
        let bare: HistoryTime = "2022-07-01T10:00:00".parse().expect("parse");
        assert_eq!(bare.to_string(), "2022-07-01T09:00:00Z", "BST is UTC+1");
        let winter: HistoryTime = "2022-01-10T10:00:00".parse().expect("parse");
        assert_eq!(winter.to_string(), "2022-01-10T10:00:00Z");
    }

    #[test]
    fn rejects_nonsense_with_the_input_named() {
        for s in ["2021-13", "21-03", "March 2021", "2021-02-30", ""] {
            let err = s.parse::<HistoryTime>().expect_err(s);
            assert!(err.to_string().contains(&format!("'{s}'")), "{err}");
        }
    }

    #[test]
    fn periods_cover_whole_london_days() {
        let march: HistoryTime = "2021-03".parse().expect("parse");
        assert_eq!(march.first_date().to_string(), "2021-03-01");
        assert_eq!(march.last_date().to_string(), "2021-03-31");
        // 28 March 2021 is the spring-forward day; the month still ends at London midnight.
        assert_eq!(march.end().to_string(), "2021-03-31T23:00:00Z");
        assert_eq!(march.earliest().to_string(), "2021-03-01T00:00:00Z");
    }
}
