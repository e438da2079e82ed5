//! Whole-history operations: import, export, verify, rebuild.

use std::io::{BufRead, Write};

use homesafe_core::history::{Hash, LineError, StoredEvent, parse_line, verify_one};
use sha2::{Digest, Sha256};
use sqlx::{Row, any::AnyRow};

use crate::connect::Store;
use crate::error::StoreError;
use crate::project::Projector;
use crate::rows::event_from_row;
use crate::write::{Pending, Writer};

/// Events read per page by export and verify (a rebuild reads `MemoryLimits::lines_per_chunk`).
const PAGE: i64 = 10_000;

/// Told how far a long operation has got (events or lines done so far).
pub trait Progress {
    fn set(&mut self, done: u64);
}

impl<F: FnMut(u64)> Progress for F {
    fn set(&mut self, done: u64) {
        self(done)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub events: u64,
    pub first_seq: u64,
    pub last_seq: u64,
    pub file_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: u64,
    pub head: Hash,
}

fn line_error(e: LineError) -> StoreError {
    StoreError::Invalid {
        line: Some(e.line),
        field: e.field,
        reason: e.reason,
    }
}

/// Provenance: who imported what, into which part of the chain.
async fn record_import(
    writer: &mut Writer,
    report: &ImportReport,
    operator: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO imports (file_sha256, first_seq, last_seq, operator, imported_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(report.file_sha256.clone())
    .bind(report.first_seq as i64)
    .bind(report.last_seq as i64)
    .bind(operator)
    .bind(jiff::Timestamp::now().to_string())
    .execute(&mut *writer.tx)
    .await?;
    Ok(())
}

impl Store {
    /// Imports a history file atomically: every line is parsed, chained and checked, and either
    /// the whole file lands or nothing does. A malformed line is reported with its line number,
    /// field and reason. Lines are read and parsed on a second thread while this one writes.
    pub async fn import<R: BufRead + Send + 'static>(
        &self,
        reader: R,
        operator: &str,
        progress: &mut dyn Progress,
    ) -> Result<ImportReport, StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut writer = Writer::begin(self).await?;
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Parsed>(4);
        let chunk_size = self.memory.lines_per_chunk;
        std::thread::Builder::new()
            .name("homesafe-parse".into())
            .spawn(move || parse_file(reader, chunk_size, tx))?;
        let mut count = 0u64;
        let mut file_sha256 = None;
        while let Some(message) = rx.recv().await {
            match message {
                Parsed::Chunk(chunk) => {
                    count += writer.write_chunk(chunk).await?.len() as u64;
                    progress.set(count);
                }
                Parsed::Failed(e) => return Err(e),
                Parsed::Done(hash) => file_sha256 = Some(hash),
            }
        }
        let file_sha256 = file_sha256
            .ok_or_else(|| StoreError::Corrupt("the file reader stopped before the end".into()))?;
        let report = ImportReport {
            events: count,
            first_seq: writer.first_seq,
            last_seq: writer.seq,
            file_sha256,
        };
        record_import(&mut writer, &report, operator).await?;
        writer.commit().await?;
        Ok(report)
    }

    /// Imports drafts produced in order by another task (the demo generator), in chunks, as
    /// one atomic write — the same checks as a file import.
    pub async fn import_drafts(
        &self,
        mut chunks: tokio::sync::mpsc::Receiver<Vec<homesafe_core::history::Draft>>,
        operator: &str,
        progress: &mut dyn Progress,
    ) -> Result<ImportReport, StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut writer = Writer::begin(self).await?;
        let mut count = 0u64;
        while let Some(chunk) = chunks.recv().await {
            let start = count as usize;
            count += chunk.len() as u64;
            let numbered = chunk
                .into_iter()
                .enumerate()
                .map(|(i, d)| (start + i + 1, Pending::Draft(Box::new(d))))
                .collect();
            // "line" here is the position in the generated stream.
            writer.write_chunk(numbered).await?;
            progress.set(count);
        }
        let report = ImportReport {
            events: count,
            first_seq: writer.first_seq,
            last_seq: writer.seq,
            file_sha256: "generated".into(),
        };
        record_import(&mut writer, &report, operator).await?;
        writer.commit().await?;
        Ok(report)
    }

    async fn page(&self, after: i64) -> Result<Vec<AnyRow>, StoreError> {
        Ok(sqlx::query(
            "SELECT seq, id, type, subject, recorded, body, hash FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Writes the whole history in the interchange format, one line per event, in order.
    pub async fn export(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn Progress,
    ) -> Result<u64, StoreError> {
        let mut after = 0i64;
        let mut count = 0u64;
        loop {
            let rows = self.page(after).await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let body: &str = row.try_get("body")?;
                let hash: &str = row.try_get("hash")?;
                out.write_all(&body.as_bytes()[..body.len() - 1])?;
                out.write_all(b",\"hash\":\"")?;
                out.write_all(hash.as_bytes())?;
                out.write_all(b"\"}\n")?;
                after = row.try_get("seq")?;
            }
            count += rows.len() as u64;
            progress.set(count);
        }
        out.flush()?;
        Ok(count)
    }

    /// Recomputes the whole hash chain; fails naming the first event that does not match.
    pub async fn verify(&self, progress: &mut dyn Progress) -> Result<VerifyReport, StoreError> {
        let mut after = 0i64;
        let mut prev = Hash::GENESIS;
        let mut expected = 1u64;
        loop {
            let rows = self.page(after).await?;
            if rows.is_empty() {
                break;
            }
            for row in &rows {
                let seq: i64 = row.try_get("seq")?;
                let stored = StoredEvent {
                    seq: seq as u64,
                    id: row.try_get("id")?,
                    type_name: row.try_get("type")?,
                    subject: row.try_get("subject")?,
                    recorded: row.try_get("recorded")?,
                    body: row.try_get("body")?,
                    hash: row.try_get("hash")?,
                };
                prev = verify_one(&stored, expected, prev)?;
                expected += 1;
                after = seq;
            }
            progress.set(expected - 1);
        }
        Ok(VerifyReport {
            events: expected - 1,
            head: prev,
        })
    }

    /// Re-derives every current-state table from history alone.
    pub async fn rebuild(&self, progress: &mut dyn Progress) -> Result<u64, StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM records").execute(&mut *tx).await?;
        let mut projector = Projector::new(self.backend, self.memory);
        let mut after = 0i64;
        let mut count = 0u64;
        loop {
            let rows = sqlx::query(
                "SELECT seq, body, hash FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(self.memory.lines_per_chunk as i64)
            .fetch_all(&mut *tx)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut events: Vec<homesafe_core::history::Event> = Vec::with_capacity(rows.len());
            for row in &rows {
                events.push(event_from_row(row.try_get("body")?, row.try_get("hash")?)?);
                after = row.try_get("seq")?;
            }
            projector.project(&mut tx, &mut events).await?;
            projector.flush(&mut tx).await?;
            count += events.len() as u64;
            progress.set(count);
        }
        tx.commit().await?;
        Ok(count)
    }
}

/// What the file-reading thread sends the writer.
enum Parsed {
    Chunk(Vec<(usize, Pending)>),
    Failed(StoreError),
    /// The whole file was read; its SHA-256.
    Done(String),
}

/// Reads, hashes and parses a history file in chunks (on its own thread). Stops at the first
/// bad line, or when the writer stops listening.
fn parse_file(reader: impl BufRead, chunk_size: usize, tx: tokio::sync::mpsc::Sender<Parsed>) {
    let mut file_hash = Sha256::new();
    let mut chunk = Vec::with_capacity(chunk_size);
    let mut file_prev: Option<Hash> = None;
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                let _ = tx.blocking_send(Parsed::Failed(StoreError::invalid(
                    Some(n),
                    "(line)",
                    format!("cannot be read: {e}"),
                )));
                return;
            }
        };
        file_hash.update(line.as_bytes());
        file_hash.update(b"\n");
        if line.trim().is_empty() {
            continue;
        }
        let parsed = match parse_line(n, &line) {
            Ok(p) => p,
            Err(e) => {
                let _ = tx.blocking_send(Parsed::Failed(line_error(e)));
                return;
            }
        };
        if let Some(sealed) = parsed.sealed() {
            if let Some(fp) = file_prev
                && sealed.prev != fp
            {
                let _ = tx.blocking_send(Parsed::Failed(StoreError::invalid(
                    Some(n),
                    "prev",
                    "does not match the hash of the line before: a line was removed, reordered or altered",
                )));
                return;
            }
            file_prev = Some(sealed.hash);
        }
        chunk.push((n, Pending::from(parsed)));
        if chunk.len() == chunk_size
            && tx
                .blocking_send(Parsed::Chunk(std::mem::take(&mut chunk)))
                .is_err()
        {
            return;
        }
    }
    if !chunk.is_empty() && tx.blocking_send(Parsed::Chunk(chunk)).is_err() {
        return;
    }
    let _ = tx.blocking_send(Parsed::Done(Hash(file_hash.finalize().into()).to_string()));
}
