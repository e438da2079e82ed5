//! Opening the record: SQLite by default (the file is created on first run), PostgreSQL by URL.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use tokio::sync::Mutex;

use crate::error::StoreError;
use crate::migrations::migrator;
use crate::project::MemoryLimits;

/// Which database engine holds the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }
}

/// The record store. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// One writer at a time per process: the hash chain is a single sequence.
    pub(crate) write_lock: Arc<Mutex<()>>,
    /// One refresh of the alert tables at a time per process.
    pub(crate) alerts_lock: Arc<Mutex<()>>,
    journal: Journal,
    /// What imports and rebuilds hold in memory (small in tests, to exercise the limits).
    pub(crate) memory: MemoryLimits,
}

/// How SQLite keeps a transaction's changes until it commits (see [`Store::open_for_bulk_load`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Journal {
    Wal,
    Rollback,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        Store::open_as(url, Journal::Wal).await
    }

    /// Opens the database for one bulk load (`homesafe import`, `homesafe demo`) by this process
    /// alone. On SQLite the load is written with a rollback journal instead of the write-ahead
    /// log: an import is one transaction, and a write-ahead log keeps every page of it until the
    /// commit and then copies them into the database, so a 45-million-event import would need
    /// twice the database's size in free disk. A rollback journal keeps only the pages the load
    /// changes that existed before it — almost nothing for a new database. [`Store::close`]
    /// returns the database to the write-ahead log that `serve` uses.
    pub async fn open_for_bulk_load(url: &str) -> Result<Store, StoreError> {
        Store::open_as(url, Journal::Rollback).await
    }

    async fn open_as(url: &str, journal: Journal) -> Result<Store, StoreError> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            // Create the file on first run.
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(match (backend, journal) {
                (Backend::Sqlite, Journal::Rollback) => 1,
                (Backend::Sqlite, Journal::Wal) => 4,
                (Backend::Postgres, _) => 8,
            })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; \
                             PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;",
                        )
                        .await?;
                        match journal {
                            Journal::Wal => {
                                conn.execute("PRAGMA journal_mode = WAL").await?;
                            }
                            // Leaving the write-ahead log needs the database to itself; if
                            // another process has it open, the load keeps the log.
                            Journal::Rollback => {
                                let _ = conn.execute("PRAGMA journal_mode = TRUNCATE").await;
                            }
                        }
                    }
                    Ok(())
                })
            });
        let pool = options.connect(&url).await?;
        migrator(backend).run(&pool).await?;
        Ok(Store {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
            alerts_lock: Arc::new(Mutex::new(())),
            journal,
            memory: MemoryLimits::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        if self.backend == Backend::Sqlite && self.journal == Journal::Rollback {
            // Best effort: the next `Store::open` sets it again anyway.
            let _ = sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&self.pool)
                .await;
        }
        self.pool.close().await;
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
