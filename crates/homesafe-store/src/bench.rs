//! The baseline for the import benchmark: the engine's own bulk-insert rate for the same rows,
//! with no parsing, validation, hashing or projection — the same lines written as
//! (seq, line) into a bare table with the same multi-row statements, in one transaction.

use std::io::BufRead;

use sqlx::AssertSqlSafe;

use crate::connect::Store;
use crate::error::StoreError;
use crate::rows::{ROWS_PER_STATEMENT, multi_row_insert};

impl Store {
    /// Inserts every line of `reader` into `bench_raw_events` (created fresh) and returns the
    /// number of rows.
    pub async fn bench_raw_insert(&self, reader: impl BufRead) -> Result<u64, StoreError> {
        sqlx::query("DROP TABLE IF EXISTS bench_raw_events")
            .execute(&self.pool)
            .await?;
        sqlx::query("CREATE TABLE bench_raw_events (seq BIGINT PRIMARY KEY, line TEXT NOT NULL)")
            .execute(&self.pool)
            .await?;
        let mut tx = self.pool.begin().await?;
        let mut batch: Vec<String> = Vec::with_capacity(ROWS_PER_STATEMENT);
        let mut seq = 0i64;
        let full_sql =
            multi_row_insert("bench_raw_events", &["seq", "line"], ROWS_PER_STATEMENT, "");
        for line in reader.lines() {
            batch.push(line?);
            if batch.len() == ROWS_PER_STATEMENT {
                let mut q = sqlx::query(AssertSqlSafe(full_sql.clone()));
                for l in &batch {
                    seq += 1;
                    q = q.bind(seq).bind(l.as_str());
                }
                q.execute(&mut *tx).await?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            let sql = multi_row_insert("bench_raw_events", &["seq", "line"], batch.len(), "");
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for l in &batch {
                seq += 1;
                q = q.bind(seq).bind(l.as_str());
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(seq as u64)
    }
}
