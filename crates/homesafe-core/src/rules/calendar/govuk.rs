//! Reading the GOV.UK bank-holidays feed (<https://www.gov.uk/bank-holidays.json>) into the
//! calendar. The format is in rules.md §7: one object per division, each with `division` and
//! `events` (`title`, `date` as `YYYY-MM-DD`, `notes`, `bunting`).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde_json::{Map, Value};

use super::{BankHoliday, Calendar, CalendarError, YearStatus};

/// The only division HomeSafe uses: Scotland and Northern Ireland have other holidays and the
/// UK-wide union would be wrong (rules.md §7).
const DIVISION: &str = "england-and-wales";

/// What [`Calendar::merge_govuk_json`] changed. Every list is in date (or year) order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Years the calendar did not know before, now added.
    pub years_added: Vec<i16>,
    /// Provisional years that the feed publishes: they are now published.
    pub years_confirmed: Vec<i16>,
    /// Dates that became bank holidays: every date of an added year, one-off holidays announced
    /// in a year already known, and published dates that a provisional computation had missed.
    pub added: Vec<Date>,
    /// Provisional dates that the published feed lists too: now published, unchanged.
    pub confirmed: Vec<Date>,
    /// Provisional dates that the published feed does not list: no longer bank holidays. Not
    /// empty means the published year differs from the computation, and the published wins.
    pub replaced: Vec<Date>,
    /// Dates of a published year that the feed no longer lists. Kept (the calendar never drops
    /// a published date on its own) and reported so that a person can check the change.
    pub kept_not_in_feed: Vec<Date>,
}

impl MergeReport {
    /// True when the merge changed the calendar.
    pub fn changed(&self) -> bool {
        !(self.added.is_empty() && self.confirmed.is_empty() && self.replaced.is_empty())
    }
}

impl Calendar {
    /// Merges a GOV.UK bank-holidays feed, England and Wales division only (rules.md §7).
    ///
    /// The feed is a rolling window whose old years drop off, so the merge only ever adds: years
    /// missing from the feed are kept; in a published year the calendar already knows, new dates
    /// (a one-off holiday announced late) are added and dates the feed lacks are kept and
    /// reported. A published year replaces a provisional one outright (rules.md §9.1). A year
    /// the feed itself marks provisional never overrides one the calendar knows.
    ///
    /// The whole feed is checked before anything changes: on error the calendar is untouched.
    pub fn merge_govuk_json(&mut self, json: &str) -> Result<MergeReport, CalendarError> {
        let feed = parse_feed(json)?;
        let mut by_year: BTreeMap<i16, Vec<BankHoliday>> = BTreeMap::new();
        for holiday in feed.holidays {
            by_year
                .entry(holiday.date.year())
                .or_default()
                .push(holiday);
        }

        let mut report = MergeReport::default();
        for (year, holidays) in by_year {
            let incoming = if feed.provisional_years.contains(&year) {
                YearStatus::Provisional
            } else {
                YearStatus::Published
            };
            match (self.year_status(year), incoming) {
                (None, _) => {
                    report.years_added.push(year);
                    report.added.extend(holidays.iter().map(|h| h.date));
                    self.insert_holidays(holidays);
                    self.years.insert(year, incoming);
                }
                (Some(YearStatus::Provisional), YearStatus::Published) => {
                    let computed = self.holiday_dates_in(year);
                    let published: BTreeSet<Date> = holidays.iter().map(|h| h.date).collect();
                    for date in &computed {
                        self.holidays.remove(date);
                    }
                    report.years_confirmed.push(year);
                    report.confirmed.extend(computed.intersection(&published));
                    report.added.extend(published.difference(&computed));
                    report.replaced.extend(computed.difference(&published));
                    self.insert_holidays(holidays);
                    self.years.insert(year, YearStatus::Published);
                }
                (Some(YearStatus::Published), YearStatus::Published) => {
                    let known = self.holiday_dates_in(year);
                    let listed: BTreeSet<Date> = holidays.iter().map(|h| h.date).collect();
                    report.kept_not_in_feed.extend(known.difference(&listed));
                    let new: Vec<BankHoliday> = holidays
                        .into_iter()
                        .filter(|h| !known.contains(&h.date))
                        .collect();
                    report.added.extend(new.iter().map(|h| h.date));
                    self.insert_holidays(new);
                }
                (Some(_), YearStatus::Provisional) => {}
            }
        }
        report.added.sort();
        Ok(report)
    }

    fn holiday_dates_in(&self, year: i16) -> BTreeSet<Date> {
        self.holidays
            .keys()
            .filter(|date| date.year() == year)
            .copied()
            .collect()
    }

    fn insert_holidays(&mut self, holidays: Vec<BankHoliday>) {
        for holiday in holidays {
            self.holidays.insert(holiday.date, holiday);
        }
    }
}

/// The England and Wales part of a feed, checked.
struct Feed {
    holidays: Vec<BankHoliday>,
    provisional_years: BTreeSet<i16>,
}

fn parse_feed(json: &str) -> Result<Feed, CalendarError> {
    let root: Value =
        serde_json::from_str(json).map_err(|e| CalendarError::FeedNotJson(e.to_string()))?;
    let root = root
        .as_object()
        .ok_or_else(|| invalid("(top level)", format!("{} is not an object", quote(&root))))?;
    let division = root.get(DIVISION).ok_or_else(|| {
        let found: Vec<&str> = root.keys().map(String::as_str).collect();
        invalid(
            DIVISION,
            format!("missing; the feed has only [{}]", found.join(", ")),
        )
    })?;
    let division = object(division, DIVISION)?;
    if let Some(name) = division.get("division")
        && name.as_str() != Some(DIVISION)
    {
        let path = format!("{DIVISION}.division");
        return Err(invalid(
            &path,
            format!("is {}, expected '{DIVISION}'", quote(name)),
        ));
    }
    let events_path = format!("{DIVISION}.events");
    let events = division
        .get("events")
        .ok_or_else(|| invalid(&events_path, "missing".to_string()))?;
    let events = events
        .as_array()
        .ok_or_else(|| invalid(&events_path, format!("{} is not a list", quote(events))))?;
    if events.is_empty() {
        return Err(invalid(&events_path, "is empty".to_string()));
    }

    let mut holidays: Vec<BankHoliday> = Vec::with_capacity(events.len());
    let mut seen: BTreeMap<Date, usize> = BTreeMap::new();
    for (index, event) in events.iter().enumerate() {
        let path = format!("{events_path}[{index}]");
        let holiday = parse_event(event, &path)?;
        if let Some(first) = seen.insert(holiday.date, index) {
            return Err(invalid(
                &format!("{path}.date"),
                format!(
                    "'{}' is listed twice (also {events_path}[{first}])",
                    holiday.date
                ),
            ));
        }
        holidays.push(holiday);
    }

    let provisional_years = parse_provisional_years(root, &seen)?;
    for holiday in &mut holidays {
        holiday.provisional = provisional_years.contains(&holiday.date.year());
    }
    Ok(Feed {
        holidays,
        provisional_years,
    })
}

fn parse_event(event: &Value, path: &str) -> Result<BankHoliday, CalendarError> {
    let event = object(event, path)?;
    let title = string_field(event, path, "title")?
        .ok_or_else(|| invalid(&format!("{path}.title"), "missing".to_string()))?;
    if title.trim().is_empty() {
        return Err(invalid(&format!("{path}.title"), "is empty".to_string()));
    }
    let date_path = format!("{path}.date");
    let date_text = string_field(event, path, "date")?
        .ok_or_else(|| invalid(&date_path, "missing".to_string()))?;
    let date = parse_iso_date(date_text).ok_or_else(|| {
        invalid(
            &date_path,
            format!("'{date_text}' is not a date (YYYY-MM-DD)"),
        )
    })?;
    let notes = string_field(event, path, "notes")?.unwrap_or_default();
    Ok(BankHoliday {
        date,
        title: title.to_string(),
        notes: notes.to_string(),
        provisional: false,
    })
}

/// HomeSafe's own marker `homesafe.provisional_years` (absent from GOV.UK's feed): the years
/// computed rather than published (rules.md §9.1). Each must have events in the feed.
fn parse_provisional_years(
    root: &Map<String, Value>,
    dates: &BTreeMap<Date, usize>,
) -> Result<BTreeSet<i16>, CalendarError> {
    let path = "homesafe.provisional_years";
    let Some(years) = root
        .get("homesafe")
        .and_then(|h| h.get("provisional_years"))
    else {
        return Ok(BTreeSet::new());
    };
    let years = years
        .as_array()
        .ok_or_else(|| invalid(path, format!("{} is not a list", quote(years))))?;
    let mut provisional = BTreeSet::new();
    for (index, year) in years.iter().enumerate() {
        let year_path = format!("{path}[{index}]");
        let value = year
            .as_i64()
            .and_then(|y| i16::try_from(y).ok())
            .ok_or_else(|| invalid(&year_path, format!("{} is not a year", quote(year))))?;
        if !dates.keys().any(|date| date.year() == value) {
            return Err(invalid(&year_path, format!("{value} has no events")));
        }
        provisional.insert(value);
    }
    Ok(provisional)
}

/// A strict `YYYY-MM-DD` date, as GOV.UK writes them; jiff alone would also accept other ISO
/// 8601 spellings.
fn parse_iso_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if shape_ok { text.parse().ok() } else { None }
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, CalendarError> {
    value
        .as_object()
        .ok_or_else(|| invalid(path, format!("{} is not an object", quote(value))))
}

/// The string field `name` of `event`: `None` when absent, an error when not a string.
fn string_field<'a>(
    event: &'a Map<String, Value>,
    path: &str,
    name: &str,
) -> Result<Option<&'a str>, CalendarError> {
    match event.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(invalid(
            &format!("{path}.{name}"),
            format!("{} is not a string", quote(other)),
        )),
    }
}

fn invalid(path: &str, problem: String) -> CalendarError {
    CalendarError::InvalidFeed {
        path: path.to_string(),
        problem,
    }
}

/// A short rendering of a JSON value for an error message.
fn quote(value: &Value) -> String {
    let text = match value {
        Value::String(s) => format!("'{s}'"),
        other => other.to_string(),
    };
    if text.chars().count() > 40 {
        let short: String = text.chars().take(37).collect();
        format!("{short}...")
    } else {
        text
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (style.md practice 9)
mod tests {
    use jiff::civil::date;

    use super::*;

    /// A feed in the GOV.UK shape with the given England and Wales events and, optionally,
    /// HomeSafe's provisional marker.
    fn feed(events: &[(&str, &str)], provisional_years: &[i16]) -> String {
        let events: Vec<Value> = events
            .iter()
            .map(|(day, title)| {
                serde_json::json!({"title": title, "date": day, "notes": "", "bunting": true})
            })
            .collect();
        let mut root = serde_json::json!({
            "england-and-wales": {"division": "england-and-wales", "events": events},
            "scotland": {"division": "scotland", "events": [
                {"title": "St Andrew’s Day", "date": "2029-11-30", "notes": "", "bunting": true},
                {"title": "2nd January", "date": "2018-01-02", "notes": "", "bunting": true}
            ]},
        });
        if !provisional_years.is_empty() {
            root["homesafe"] = serde_json::json!({"provisional_years": provisional_years});
        }
        root.to_string()
    }

    /// The published 2029 feed as the usual rules predict it (GOV.UK has not published it).
    const EVENTS_2029: [(&str, &str); 8] = [
        ("2029-01-01", "New Year’s Day"),
        ("2029-03-30", "Good Friday"),
        ("2029-04-02", "Easter Monday"),
        ("2029-05-07", "Early May bank holiday"),
        ("2029-05-28", "Spring bank holiday"),
        ("2029-08-27", "Summer bank holiday"),
        ("2029-12-25", "Christmas Day"),
        ("2029-12-26", "Boxing Day"),
    ];

    /// 2028 as rules.md §7 computes it.
    const EVENTS_2028: [(&str, &str); 8] = [
        ("2028-01-03", "New Year’s Day"),
        ("2028-04-14", "Good Friday"),
        ("2028-04-17", "Easter Monday"),
        ("2028-05-01", "Early May bank holiday"),
        ("2028-05-29", "Spring bank holiday"),
        ("2028-08-28", "Summer bank holiday"),
        ("2028-12-25", "Christmas Day"),
        ("2028-12-26", "Boxing Day"),
    ];

    fn feed_error(json: &str) -> String {
        let mut calendar = Calendar::england_and_wales();
        let before = calendar.clone();
        let error = calendar.merge_govuk_json(json).unwrap_err();
        assert_eq!(
            calendar, before,
            "a rejected feed must leave the calendar untouched"
        );
        error.to_string()
    }

    #[test]
    fn a_feed_adds_a_year_the_calendar_did_not_know() {
        let mut calendar = Calendar::england_and_wales();
        assert!(calendar.add_working_days(date(2028, 12, 29), 1).is_err());

        let report = calendar.merge_govuk_json(&feed(&EVENTS_2029, &[])).unwrap();

        assert_eq!(report.years_added, vec![2029]);
        assert_eq!(report.added.len(), 8);
        assert_eq!(report.added[0], date(2029, 1, 1));
        assert!(report.confirmed.is_empty() && report.replaced.is_empty());
        assert_eq!(calendar.year_status(2029), Some(YearStatus::Published));
        assert_eq!(
            calendar.bank_holiday(date(2029, 3, 30)).unwrap().title,
            "Good Friday"
        );
        // Fri 29 Dec 2028 + 1: 1 Jan 2029 is New Year's Day, so Tuesday 2 Jan.
        assert_eq!(
            calendar.add_working_days(date(2028, 12, 29), 1).unwrap(),
            date(2029, 1, 2)
        );
    }

    #[test]
    fn years_missing_from_the_rolling_feed_are_kept() {
        let mut calendar = Calendar::england_and_wales();
        let report = calendar.merge_govuk_json(&feed(&EVENTS_2029, &[])).unwrap();

        assert!(report.kept_not_in_feed.is_empty());
        for year in 2018..=2027 {
            assert_eq!(
                calendar.year_status(year),
                Some(YearStatus::Published),
                "{year}"
            );
        }
        let funeral = calendar.bank_holiday(date(2022, 9, 19)).unwrap();
        assert_eq!(
            funeral.title,
            "Bank Holiday for the State Funeral of Queen Elizabeth II"
        );
        assert_eq!(calendar.is_working_day(date(2018, 12, 26)), Ok(false));
    }

    #[test]
    fn a_published_year_keeps_its_dates_and_gains_a_late_one_off() {
        let mut calendar = Calendar::from_govuk_json(&feed(
            &[
                ("2022-01-03", "New Year’s Day"),
                ("2022-12-26", "Boxing Day"),
            ],
            &[],
        ))
        .unwrap();
        let report = calendar
            .merge_govuk_json(&feed(
                &[
                    (
                        "2022-09-19",
                        "Bank Holiday for the State Funeral of Queen Elizabeth II",
                    ),
                    ("2022-12-26", "Boxing Day"),
                ],
                &[],
            ))
            .unwrap();

        assert_eq!(report.added, vec![date(2022, 9, 19)]);
        assert_eq!(report.kept_not_in_feed, vec![date(2022, 1, 3)]);
        assert!(calendar.bank_holiday(date(2022, 1, 3)).is_some());
        assert_eq!(calendar.is_working_day(date(2022, 9, 19)), Ok(false));
    }

    #[test]
    fn merging_the_same_feed_twice_changes_nothing_the_second_time() {
        let mut calendar = Calendar::england_and_wales();
        calendar.merge_govuk_json(&feed(&EVENTS_2029, &[])).unwrap();
        let report = calendar.merge_govuk_json(&feed(&EVENTS_2029, &[])).unwrap();
        assert!(!report.changed());
        assert_eq!(report, MergeReport::default());
    }

    #[test]
    fn other_divisions_are_ignored() {
        let mut calendar = Calendar::england_and_wales();
        let report = calendar.merge_govuk_json(&feed(&EVENTS_2029, &[])).unwrap();
        // The Scottish 2 January 2018 and St Andrew's Day 2029 are in the feed, not in England.
        assert!(!report.added.contains(&date(2029, 11, 30)));
        assert_eq!(calendar.is_working_day(date(2029, 11, 30)), Ok(true));
        assert_eq!(calendar.is_working_day(date(2018, 1, 2)), Ok(true));
    }

    #[test]
    fn a_feed_without_england_and_wales_is_rejected() {
        let json = r#"{"scotland": {"division": "scotland", "events": []}}"#;
        assert_eq!(
            feed_error(json),
            "bank-holidays feed: england-and-wales: missing; the feed has only [scotland]"
        );
    }

    #[test]
    fn a_mislabelled_division_is_rejected() {
        let json = r#"{"england-and-wales": {"division": "scotland", "events": []}}"#;
        assert_eq!(
            feed_error(json),
            "bank-holidays feed: england-and-wales.division: is 'scotland', \
             expected 'england-and-wales'"
        );
    }

    #[test]
    fn malformed_json_is_rejected_with_its_position() {
        let message = feed_error(r#"{"england-and-wales": {"events": [}"#);
        assert!(
            message.starts_with("bank-holidays feed is not valid JSON: "),
            "{message}"
        );
        assert!(message.contains("line 1 column"), "{message}");
    }

    #[test]
    fn a_bad_event_is_named_by_its_path() {
        let mut events = EVENTS_2029.to_vec();
        events[3] = ("2026-13-01", "Early May bank holiday");
        assert_eq!(
            feed_error(&feed(&events, &[])),
            "bank-holidays feed: england-and-wales.events[3].date: \
             '2026-13-01' is not a date (YYYY-MM-DD)"
        );

        events[3] = ("20290507", "Early May bank holiday");
        assert!(
            feed_error(&feed(&events, &[])).contains("events[3].date: '20290507' is not a date")
        );

        let json =
            r#"{"england-and-wales": {"events": [{"title": "Boxing Day", "date": 20291226}]}}"#;
        assert_eq!(
            feed_error(json),
            "bank-holidays feed: england-and-wales.events[0].date: 20291226 is not a string"
        );

        let json = r#"{"england-and-wales": {"events": [{"date": "2029-12-26"}]}}"#;
        assert_eq!(
            feed_error(json),
            "bank-holidays feed: england-and-wales.events[0].title: missing"
        );
    }

    #[test]
    fn empty_events_and_duplicates_are_rejected() {
        let json = r#"{"england-and-wales": {"division": "england-and-wales", "events": []}}"#;
        assert_eq!(
            feed_error(json),
            "bank-holidays feed: england-and-wales.events: is empty"
        );

        let events = [
            ("2029-12-25", "Christmas Day"),
            ("2029-12-25", "Christmas Day"),
        ];
        assert_eq!(
            feed_error(&feed(&events, &[])),
            "bank-holidays feed: england-and-wales.events[1].date: \
             '2029-12-25' is listed twice (also england-and-wales.events[0])"
        );
    }

    #[test]
    fn a_published_feed_confirms_the_provisional_2028() {
        let mut calendar = Calendar::england_and_wales();
        assert_eq!(calendar.year_status(2028), Some(YearStatus::Provisional));
        assert!(calendar.is_provisional(date(2028, 5, 1)));
        assert!(calendar.bank_holiday(date(2028, 5, 1)).unwrap().provisional);

        let report = calendar.merge_govuk_json(&feed(&EVENTS_2028, &[])).unwrap();

        assert_eq!(report.years_confirmed, vec![2028]);
        assert_eq!(report.confirmed.len(), 8);
        assert!(report.added.is_empty() && report.replaced.is_empty());
        assert_eq!(calendar.year_status(2028), Some(YearStatus::Published));
        assert!(!calendar.is_provisional(date(2028, 5, 1)));
        assert!(!calendar.bank_holiday(date(2028, 5, 1)).unwrap().provisional);
        let deadline = calendar
            .working_day_deadline(date(2028, 12, 22), 1)
            .unwrap();
        assert_eq!(deadline.date, date(2028, 12, 27));
        assert!(!deadline.provisional);
    }

    #[test]
    fn a_published_year_that_differs_from_the_computation_wins() {
        // Suppose GOV.UK moves the 2028 early May holiday to Friday 5 May and adds a one-off.
        let mut events = EVENTS_2028.to_vec();
        events[3] = ("2028-05-05", "Early May bank holiday (moved)");
        events.push(("2028-06-09", "Extra bank holiday"));
        let mut calendar = Calendar::england_and_wales();

        let report = calendar.merge_govuk_json(&feed(&events, &[])).unwrap();

        assert_eq!(report.years_confirmed, vec![2028]);
        assert_eq!(report.replaced, vec![date(2028, 5, 1)]);
        assert_eq!(report.added, vec![date(2028, 5, 5), date(2028, 6, 9)]);
        assert_eq!(report.confirmed.len(), 7);
        assert_eq!(calendar.is_working_day(date(2028, 5, 1)), Ok(true));
        assert_eq!(calendar.is_working_day(date(2028, 5, 5)), Ok(false));
        assert_eq!(calendar.is_working_day(date(2028, 6, 9)), Ok(false));
    }

    #[test]
    fn a_provisional_feed_year_never_overrides_a_known_one() {
        let mut calendar = Calendar::england_and_wales();
        let mut events = EVENTS_2028.to_vec();
        events[3] = ("2028-05-05", "Early May bank holiday");
        let report = calendar.merge_govuk_json(&feed(&events, &[2028])).unwrap();
        assert!(!report.changed());
        assert_eq!(calendar.is_working_day(date(2028, 5, 5)), Ok(true));

        let report = calendar
            .merge_govuk_json(&feed(&EVENTS_2029, &[2029]))
            .unwrap();
        assert_eq!(report.years_added, vec![2029]);
        assert_eq!(calendar.year_status(2029), Some(YearStatus::Provisional));
    }

    #[test]
    fn a_provisional_marker_without_events_is_rejected() {
        assert_eq!(
            feed_error(&feed(&EVENTS_2029, &[2030])),
            "bank-holidays feed: homesafe.provisional_years[0]: 2030 has no events"
        );
    }
}
