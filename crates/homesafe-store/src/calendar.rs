//! The working-day calendar as this landlord's record knows it: the shipped England-and-Wales
//! bank holidays, every GOV.UK feed imported since (replayed in order), and closure days.

use homesafe_core::history::Hash;
use homesafe_core::rules::calendar::{Calendar, CalendarError, MergeReport};
use jiff::civil::Date;
use sqlx::Row;

use crate::connect::Store;
use crate::error::StoreError;

fn calendar_error(e: CalendarError) -> StoreError {
    match e {
        CalendarError::InvalidFeed { path, problem } => StoreError::invalid(None, path, problem),
        other => StoreError::invalid(None, "feed", other.to_string()),
    }
}

impl Store {
    /// The statutory calendar: bank holidays only. Statutory deadlines (the Complaint Handling
    /// Code, Awaab's Law) never move for a landlord's own closure days.
    pub async fn statutory_calendar(&self) -> Result<Calendar, StoreError> {
        let mut calendar = Calendar::england_and_wales();
        let feeds = sqlx::query("SELECT feed FROM calendar_feeds ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        for row in feeds {
            let feed: String = row.try_get("feed")?;
            calendar
                .merge_govuk_json(&feed)
                .map_err(|e| StoreError::Corrupt(format!("stored calendar feed: {e}")))?;
        }
        Ok(calendar)
    }

    /// The landlord's calendar: the statutory one plus its closure days, for its own targets.
    pub async fn landlord_calendar(&self) -> Result<Calendar, StoreError> {
        let mut calendar = self.statutory_calendar().await?;
        for row in sqlx::query("SELECT day, reason FROM closure_days ORDER BY day")
            .fetch_all(&self.pool)
            .await?
        {
            let day: String = row.try_get("day")?;
            let reason: String = row.try_get("reason")?;
            let day: Date = day
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("closure day '{day}'")))?;
            calendar.add_closure_day(day, reason);
        }
        Ok(calendar)
    }

    /// Merges a GOV.UK `bank-holidays.json` feed and keeps it, so years that later drop out of
    /// GOV.UK's rolling window are never lost. A bad feed changes nothing.
    pub async fn import_calendar_feed(
        &self,
        json: &str,
        operator: &str,
    ) -> Result<MergeReport, StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut calendar = self.statutory_calendar().await?;
        let report = calendar.merge_govuk_json(json).map_err(calendar_error)?;
        let mut tx = self.pool.begin().await?;
        let next: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM calendar_feeds")
            .fetch_one(&mut *tx)
            .await?
            .try_get("next")?;
        sqlx::query(
            "INSERT INTO calendar_feeds (seq, imported_at, operator, feed_sha256, feed) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(next)
        .bind(jiff::Timestamp::now().to_string())
        .bind(operator)
        .bind(Hash::of(json.as_bytes()).to_string())
        .bind(json)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    pub async fn add_closure_day(
        &self,
        day: Date,
        reason: &str,
        operator: &str,
    ) -> Result<(), StoreError> {
        if reason.trim().is_empty() {
            return Err(StoreError::invalid(
                None,
                "reason",
                "say why the offices are closed",
            ));
        }
        let done = sqlx::query(
            "INSERT INTO closure_days (day, reason, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING",
        )
        .bind(day.to_string())
        .bind(reason)
        .bind(operator)
        .bind(jiff::Timestamp::now().to_string())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!(
                "{day} is already a closure day"
            )));
        }
        Ok(())
    }
}
