//! The rules engine over the stored record: the whole history as events, the rules configured
//! with this record's calendar, and the alerts a dashboard showed at a moment.
//!
//! **Scale.** Alerts are kept in tables, evaluated household group by household group and
//! brought up to date before every read ([`table`]); [`Store::alerts_as_of_by_replay`] replays the
//! whole history instead, as the reference the tables are tested against.

pub mod table;

use homesafe_core::history::{Event, HistoryTime, TimeParseError};
use homesafe_core::rules::{self, Alert, RulesConfig};
use jiff::Timestamp;
use sqlx::Row;

use crate::connect::Store;
use crate::error::StoreError;
use crate::rows::event_from_row;

/// Events read per page (as export, verify and rebuild read them).
const PAGE: i64 = 10_000;

/// The instant an "as of" time names: an RFC 3339 instant as given, a wall-clock time without
/// an offset (`2022-04-08T09:00`) in Europe/London, and a date, month or year as the end of that
/// London day, month or year (what a dashboard showed when it was over). Shared by the CLI's
/// `--as-of` and the API's `as_of`.
pub fn parse_as_of(s: &str) -> Result<Timestamp, TimeParseError> {
    Ok(s.trim().parse::<HistoryTime>()?.end())
}

/// The earliest year of history the engine computes bank holidays for by rule.
const PAST_YEARS_FROM: i16 = 2000;

impl Store {
    /// Every event in the history, in sequence order, read in pages of 10,000.
    pub async fn history_events(&self) -> Result<Vec<Event>, StoreError> {
        let mut events = Vec::new();
        let mut after = 0i64;
        loop {
            let rows = sqlx::query(
                "SELECT seq, body, hash FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await?;
            let full = rows.len() as i64 == PAGE;
            events.reserve(rows.len());
            for row in &rows {
                events.push(event_from_row(row.try_get("body")?, row.try_get("hash")?)?);
                after = row.try_get("seq")?;
            }
            if !full {
                break;
            }
        }
        Ok(events)
    }

    /// The rules as HomeSafe ships them ([`RulesConfig::default`]), counted on this record's
    /// statutory calendar: the shipped bank holidays plus every GOV.UK feed imported since
    /// ([`Store::statutory_calendar`]). Closure days are not in it: statutory deadlines never
    /// move for a landlord's own closures.
    pub async fn rules_config(&self) -> Result<RulesConfig, StoreError> {
        let mut calendar = self.statutory_calendar().await?;
        // History older than the shipped bank holidays (a legacy import, the demo's first
        // years): the rule is reliable for past years, so count them as provisional rather than
        // refuse every clock in them. Future years stay unknown until GOV.UK publishes them.
        let first_known = calendar.known_years().next().map(|(year, _)| year);
        if let Some(first) = first_known {
            calendar.add_computed_years(PAST_YEARS_FROM..=first.saturating_sub(1));
        }
        Ok(RulesConfig {
            calendar,
            ..RulesConfig::default()
        })
    }

    /// The alerts a dashboard showed at `as_of`, by replaying the whole history through the
    /// engine (`rules::alerts_as_of`) with [`Store::rules_config`]. [`Store::alerts_as_of`]
    /// answers the same from the alert tables; this is the reference the tests and the benchmark
    /// compare it with. The replay runs on a blocking thread so it never holds up the server.
    pub async fn alerts_as_of_by_replay(&self, as_of: Timestamp) -> Result<Vec<Alert>, StoreError> {
        let config = self.rules_config().await?;
        let events = self.history_events().await?;
        match tokio::task::spawn_blocking(move || rules::alerts_as_of(&events, as_of, &config))
            .await
        {
            Ok(alerts) => Ok(alerts),
            Err(e) => match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(e) => Err(StoreError::Io(std::io::Error::other(format!(
                    "the rules engine did not finish: {e}"
                )))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_forms() {
        let at = |s: &str| parse_as_of(s).expect(s).to_string();
        assert_eq!(at("2022-04-29T12:00:00Z"), "2022-04-29T12:00:00Z");
        // Wall-clock time in London: BST in April.
        assert_eq!(at("2022-04-29T12:00"), "2022-04-29T11:00:00Z");
        assert_eq!(at("2022-01-10T09:30"), "2022-01-10T09:30:00Z");
        // A date: the end of that London day.
        assert_eq!(at("2022-04-29"), "2022-04-29T23:00:00Z");
        assert!(parse_as_of("29/04/2022").is_err());
        assert!(parse_as_of("").is_err());
    }
}
