//! One household's slice of the history. Questions about one home, household or complaint — its
//! promised-vs-done table, a response letter's draft — need only the events of its household
//! group and of the shared records those events refer to (`homesafe_core::rules::alerts::
//! households`), which the alert tables already keep (`alerts/table.rs`). Reading that slice
//! instead of the whole history keeps such a question as quick at 125,000 homes as at 50; the
//! answer is the same, which `tests/household_history.rs` checks against the whole replay.

use homesafe_core::history::{Event, RecordId};
use homesafe_core::rules::RulesConfig;
use sqlx::Row;

use crate::connect::Store;
use crate::error::StoreError;

impl Store {
    /// The events of the household group(s) `record` belongs to, with the events of the shared
    /// records they refer to, in history order — or `None` when the record is in no household
    /// group (a shared record such as a contractor or a block, or no record at all). The alert
    /// tables are brought up to date first.
    pub async fn household_history(
        &self,
        record: &RecordId,
    ) -> Result<Option<Vec<Event>>, StoreError> {
        self.refresh_alerts(&mut |_| {}).await?;
        let groups: Vec<String> =
            sqlx::query("SELECT household FROM alert_households WHERE record = $1")
                .bind(record.as_str())
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?;
        if groups.is_empty() {
            return Ok(None);
        }
        let mut events = self.household_events(&groups).await?;
        events.extend(self.shared_events_needed(&events).await?);
        events.sort_by_key(|e| e.seq);
        events.dedup_by_key(|e| e.seq);
        Ok(Some(events))
    }

    /// Runs `f` over the history `record`'s questions need — its household's slice when it has
    /// one, else the whole history — and [`Store::rules_config`], on a blocking thread so the
    /// replay never holds up the server.
    pub(crate) async fn replay_for<T: Send + 'static>(
        &self,
        record: &RecordId,
        what: &'static str,
        f: impl FnOnce(&[Event], &RulesConfig) -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let config = self.rules_config().await?;
        let events = match self.household_history(record).await? {
            Some(events) => events,
            None => self.history_events().await?,
        };
        run_blocking(what, move || f(&events, &config)).await
    }
}

/// Runs `f` on a blocking thread; a panic in it is resumed here, as if it had run inline.
pub(crate) async fn run_blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(out) => Ok(out),
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => Err(StoreError::Io(std::io::Error::other(format!(
                "{what} did not finish: {e}"
            )))),
        },
    }
}
