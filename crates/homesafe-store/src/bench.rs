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

/// What a raw SQL scan of alert rows read: rows and the bytes of their text columns.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawScan {
    pub rows: u64,
    pub bytes: u64,
}

/// The baselines for the alerts benchmark: the same rows [`Store::alerts_as_of`] and
/// [`Store::household_alerts`] read, by the same statements, fetched and counted with none of
/// the work HomeSafe adds (decoding into alerts, vulnerabilities, worklist order).
impl Store {
    pub async fn bench_alerts_raw_scan(
        &self,
        as_of: jiff::Timestamp,
    ) -> Result<RawScan, StoreError> {
        let (spans, vulnerabilities) = self.present_rows(as_of, None).await?;
        Ok(count(&spans, SPAN_TEXT) + count(&vulnerabilities, VULNERABILITY_TEXT))
    }

    /// The rows the dashboard counts cover, fetched one by one (code, severity, stage).
    pub async fn bench_counts_raw_scan(
        &self,
        as_of: jiff::Timestamp,
    ) -> Result<RawScan, StoreError> {
        let t = as_of.as_microsecond();
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT code, severity, stage FROM alert_spans WHERE {}",
            crate::alerts::table::SHOWN
        )))
        .bind(t)
        .bind(t)
        .fetch_all(&self.pool)
        .await?;
        Ok(count(&rows, &["code", "severity", "stage"]))
    }

    /// The rows of one page of the worklist, by the same ordered statement, and the count of
    /// the alerts shown then (what a page's `total` needs).
    pub async fn bench_page_raw_scan(
        &self,
        as_of: jiff::Timestamp,
        offset: u64,
        limit: u64,
    ) -> Result<RawScan, StoreError> {
        let rows = self.page_rows(as_of, offset, limit).await?;
        let t = as_of.as_microsecond();
        let total = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM alert_spans WHERE {}",
            crate::alerts::table::SHOWN
        )))
        .bind(t)
        .bind(t)
        .fetch_all(&self.pool)
        .await?;
        Ok(count(&rows, SPAN_TEXT) + count(&total, &[]))
    }

    pub async fn bench_household_raw_scan(
        &self,
        property: &str,
        as_of: jiff::Timestamp,
    ) -> Result<RawScan, StoreError> {
        let (spans, vulnerabilities) = self.present_rows(as_of, Some(property)).await?;
        Ok(count(&spans, SPAN_TEXT) + count(&vulnerabilities, VULNERABILITY_TEXT))
    }

    /// Homes to sample for the one-household measurement: every `step`-th property with alerts.
    pub async fn bench_sample_homes(&self, n: usize) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT property FROM alert_spans WHERE property IS NOT NULL ORDER BY property",
        )
        .fetch_all(&self.pool)
        .await?;
        let step = (rows.len() / n.max(1)).max(1);
        rows.iter()
            .step_by(step)
            .take(n)
            .map(|r| Ok(sqlx::Row::try_get::<String, _>(r, 0)?))
            .collect()
    }

    /// The moment the history was last recorded: the as-at instant the benchmark asks about.
    pub async fn bench_last_recorded(&self) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT recorded FROM events ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(sqlx::Row::try_get(&r, "recorded")?),
            None => None,
        })
    }

    /// How many alert spans the tables hold.
    pub async fn bench_span_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM alert_spans")
            .fetch_one(&self.pool)
            .await?;
        Ok(sqlx::Row::try_get(&row, "n")?)
    }
}

/// Rows fetched, and the bytes of their text columns (each read once, so the scan is not
/// optimised away; numbers are fetched with the row).
fn count(rows: &[sqlx::any::AnyRow], text_columns: &[&str]) -> RawScan {
    use sqlx::Row as _;
    let mut scan = RawScan::default();
    for row in rows {
        scan.rows += 1;
        for c in text_columns {
            if let Ok(Some(s)) = row.try_get::<Option<&str>, _>(*c) {
                scan.bytes += s.len() as u64;
            }
        }
    }
    scan
}

const SPAN_TEXT: &[&str] = &[
    "code", "severity", "stage", "rule", "source", "property", "records", "detail",
];
const VULNERABILITY_TEXT: &[&str] = &["property", "codes"];

impl std::ops::Add for RawScan {
    type Output = RawScan;
    fn add(self, o: RawScan) -> RawScan {
        RawScan {
            rows: self.rows + o.rows,
            bytes: self.bytes + o.bytes,
        }
    }
}
