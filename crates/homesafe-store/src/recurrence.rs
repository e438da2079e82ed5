//! What came before a report or works order, over the stored record
//! (`homesafe_core::recurrence`): the core decides; this module feeds it the report's household
//! slice of the history (`households.rs`) and the surveys of whole blocks, which belong to no
//! household group (a block is shared by many homes).

use homesafe_core::history::{Event, RecordId};
use homesafe_core::recurrence::{self, Earlier};
use homesafe_core::references::RecordKind;
use jiff::Timestamp;
use sqlx::Row;

use crate::connect::Store;
use crate::error::StoreError;
use crate::households::run_blocking;
use crate::rows::event_from_row;

impl Store {
    /// The earlier reports, works orders and surveys linked to the report or works order
    /// `record`, as the record stood at `as_of`. [`StoreError::NotFound`] if there is no such
    /// report or works order (then, or at all).
    pub async fn earlier(
        &self,
        record: &RecordId,
        as_of: Timestamp,
    ) -> Result<Earlier, StoreError> {
        let not_found = |why: String| {
            StoreError::NotFound(format!("no report or works order '{record}': {why}"))
        };
        match self.record(record).await? {
            None => return Err(not_found("no such record".into())),
            Some(r) if !matches!(r.kind, RecordKind::Report | RecordKind::WorksOrder) => {
                return Err(not_found(format!("it is a {} record", r.kind.as_str())));
            }
            Some(_) => {}
        }
        let config = self.rules_config().await?;
        let mut events = match self.household_history(record).await? {
            Some(events) => events,
            None => self.history_events().await?,
        };
        events.extend(self.block_survey_events().await?);
        events.sort_by_key(|e| e.seq);
        events.dedup_by_key(|e| e.seq);
        let id = record.clone();
        run_blocking("the earlier items", move || {
            recurrence::earlier(&events, &config, &id, as_of)
        })
        .await?
        .ok_or_else(|| not_found(format!("not yet on the record at {as_of}")))
    }

    /// Every event of the surveys of a whole block (no home named).
    async fn block_survey_events(&self) -> Result<Vec<Event>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.body, e.hash FROM records r JOIN events e ON e.subject = r.id \
             WHERE r.kind = 'survey' AND r.property IS NULL ORDER BY e.seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| event_from_row(r.try_get("body")?, r.try_get("hash")?))
            .collect()
    }
}
