//! Reads for the API and the CLI: current state by record, by kind, by home; a record's history.

use homesafe_core::history::{HistoryTime, RecordId};
use homesafe_core::records::RecordState;
use homesafe_core::references::RecordKind;
use sqlx::Row;

use crate::connect::Store;
use crate::error::StoreError;
use crate::rows::{RECORD_COLUMNS, event_from_row, record_from_row};

/// A filter over current state. Pages are ordered by record id; `after` is the last id of the
/// previous page.
#[derive(Debug, Clone, Default)]
pub struct RecordQuery {
    pub kind: Option<RecordKind>,
    pub property: Option<RecordId>,
    pub status: Option<String>,
    pub after: Option<RecordId>,
    pub limit: u32,
}

#[derive(Debug, Clone)]
pub struct RecordPage {
    pub records: Vec<RecordState>,
    /// The cursor for the next page, if there may be one.
    pub next: Option<RecordId>,
}

/// One event as shown in a chronology: the line exactly as exported, parsed.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub seq: u64,
    pub at: HistoryTime,
    pub line: serde_json::Value,
}

impl Store {
    pub async fn record(&self, id: &RecordId) -> Result<Option<RecordState>, StoreError> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(record_from_row).transpose()
    }

    pub async fn records(&self, q: &RecordQuery) -> Result<RecordPage, StoreError> {
        let limit = q.limit.clamp(1, 1000);
        // Optional filters as `($n IS NULL OR col = $n)`, so the statement text is fixed.
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM records \
             WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR property = $2) \
             AND ($3 IS NULL OR status = $3) AND ($4 IS NULL OR id > $4) \
             ORDER BY id LIMIT $5"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(q.kind.map(|k| k.as_str().to_string()))
            .bind(q.property.as_ref().map(|p| p.to_string()))
            .bind(q.status.clone())
            .bind(q.after.as_ref().map(|a| a.to_string()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let records = rows
            .iter()
            .map(record_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let next = (records.len() == limit as usize)
            .then(|| records.last().map(|r| r.id.clone()))
            .flatten();
        Ok(RecordPage { records, next })
    }

    /// Every event about a record — or, for a property, about the property and every record
    /// that belongs to it — in history order.
    pub async fn history_of(&self, id: &RecordId) -> Result<Vec<HistoryEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, body, hash FROM events WHERE subject = $1 \
             OR subject IN (SELECT id FROM records WHERE property = $1) ORDER BY seq",
        )
        .bind(id.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let event = event_from_row(row.try_get("body")?, row.try_get("hash")?)?;
                let line = serde_json::from_str(&event.line())
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(HistoryEntry {
                    seq: event.seq,
                    at: event.at,
                    line,
                })
            })
            .collect()
    }

    /// Number of current records of each kind.
    pub async fn counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT kind, COUNT(*) AS n FROM records GROUP BY kind ORDER BY kind")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("kind")?, r.try_get("n")?)))
            .collect()
    }

    pub async fn event_count(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM events")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok(n as u64)
    }

    /// Records that a person read special category data (requirements R19).
    pub async fn log_access(
        &self,
        actor_id: &str,
        actor_role: &str,
        record: &RecordState,
        purpose: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO access_log (at, actor_id, actor_role, record_id, kind, purpose) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(jiff::Timestamp::now().to_string())
        .bind(actor_id)
        .bind(actor_role)
        .bind(record.id.as_str())
        .bind(record.kind.as_str())
        .bind(purpose)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A digest of the current-state tables, to compare a rebuild with what it replaced.
    pub async fn state_digest(&self) -> Result<String, StoreError> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let sql = format!("SELECT {RECORD_COLUMNS} FROM records ORDER BY id");
        for row in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?
        {
            for col in ["id", "kind", "status", "opened", "updated", "state"] {
                let v: String = row.try_get(col)?;
                h.update(v.as_bytes());
                h.update([0]);
            }
            let p: Option<String> = row.try_get("property")?;
            h.update(p.unwrap_or_default().as_bytes());
            for col in ["created_seq", "updated_seq"] {
                let v: i64 = row.try_get(col)?;
                h.update(v.to_le_bytes());
            }
        }
        Ok(homesafe_core::history::Hash(h.finalize().into()).to_string())
    }
}
