//! The baseline for the import benchmark: the engine's own bulk-insert rate for the same rows.
//! Each exported line becomes the row `homesafe import` writes to `events` — same columns, same
//! indexes, same multi-row statements, one transaction — with none of the work import adds:
//! no validation of the data, no reference checks, no hashing, no current-state projection.

use std::io::BufRead;

use serde::Deserialize;
use sqlx::AssertSqlSafe;

use crate::connect::Store;
use crate::error::StoreError;
use crate::rows::{ROWS_PER_STATEMENT, multi_row_insert};

/// The columns of an `events` row, read from an exported line without validating it.
#[derive(Deserialize)]
struct Columns<'a> {
    seq: i64,
    id: &'a str,
    #[serde(rename = "type")]
    type_name: &'a str,
    subject: &'a str,
    recorded: &'a str,
    hash: &'a str,
}

struct Row {
    seq: i64,
    id: String,
    type_name: String,
    subject: String,
    recorded: String,
    body: String,
    hash: String,
}

fn row(line: &str) -> Result<Row, StoreError> {
    let c: Columns<'_> = serde_json::from_str(line)
        .map_err(|e| StoreError::invalid(None, "(line)", format!("not an exported line: {e}")))?;
    let cut = line
        .rfind(",\"hash\":\"")
        .ok_or_else(|| StoreError::invalid(None, "hash", "not an exported line"))?;
    Ok(Row {
        seq: c.seq,
        id: c.id.to_string(),
        type_name: c.type_name.to_string(),
        subject: c.subject.to_string(),
        recorded: c.recorded.to_string(),
        body: format!("{}}}", &line[..cut]),
        hash: c.hash.to_string(),
    })
}

const COLUMNS: [&str; 7] = ["seq", "id", "type", "subject", "recorded", "body", "hash"];

impl Store {
    /// Inserts every line of an exported history into `bench_raw_events` (created fresh, shaped
    /// like `events`) and returns the number of rows.
    pub async fn bench_raw_insert(&self, reader: impl BufRead) -> Result<u64, StoreError> {
        for sql in [
            "DROP TABLE IF EXISTS bench_raw_events",
            "CREATE TABLE bench_raw_events (seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, \
             type TEXT NOT NULL, subject TEXT NOT NULL, recorded TEXT NOT NULL, body TEXT NOT NULL, \
             hash TEXT NOT NULL)",
            "CREATE INDEX bench_raw_events_by_subject ON bench_raw_events (subject, seq)",
        ] {
            sqlx::query(sql).execute(&self.pool).await?;
        }
        let mut tx = self.pool.begin().await?;
        let mut batch: Vec<Row> = Vec::with_capacity(ROWS_PER_STATEMENT);
        let mut count = 0u64;
        let mut lines = reader.lines();
        loop {
            let next = lines.next().transpose()?;
            if let Some(line) = &next {
                batch.push(row(line)?);
            }
            if batch.len() == ROWS_PER_STATEMENT || (next.is_none() && !batch.is_empty()) {
                let sql =
                    multi_row_insert(self.backend, "bench_raw_events", &COLUMNS, batch.len(), "");
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for r in &batch {
                    q = q
                        .bind(r.seq)
                        .bind(r.id.as_str())
                        .bind(r.type_name.as_str())
                        .bind(r.subject.as_str())
                        .bind(r.recorded.as_str())
                        .bind(r.body.as_str())
                        .bind(r.hash.as_str());
                }
                q.execute(&mut *tx).await?;
                count += batch.len() as u64;
                batch.clear();
            }
            if next.is_none() {
                break;
            }
        }
        tx.commit().await?;
        Ok(count)
    }
}
