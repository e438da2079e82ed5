//! A fresh, isolated database for each test: a temporary SQLite file, or — when
//! `HOMESAFE_TEST_POSTGRES` names a server (e.g. `postgres://postgres@127.0.0.1:5432`) — a newly
//! created PostgreSQL database that is dropped afterwards. Used by this crate's tests and by the
//! web and CLI tests, so one suite runs against both backends.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AssertSqlSafe, Connection, Executor};

use crate::connect::Store;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A store for one test, and what must be cleaned up after it.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Postgres { server: String, name: String },
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("homesafe_test_{}_{}_{}", std::process::id(), nanos, n)
}

impl TestDb {
    /// Which backend the tests are running against, for messages.
    pub fn backend_name() -> &'static str {
        if std::env::var("HOMESAFE_TEST_POSTGRES").is_ok() {
            "postgres"
        } else {
            "sqlite"
        }
    }

    pub async fn new() -> TestDb {
        sqlx::any::install_default_drivers();
        let name = unique_name();
        match std::env::var("HOMESAFE_TEST_POSTGRES") {
            Ok(server) => {
                let server = server.trim_end_matches('/').to_string();
                let mut admin = sqlx::AnyConnection::connect(&format!("{server}/postgres"))
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {server}: {e}"));
                admin
                    .execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .await
                    .unwrap_or_else(|e| panic!("cannot create test database: {e}"));
                let url = format!("{server}/{name}");
                let store = Store::open(&url)
                    .await
                    .unwrap_or_else(|e| panic!("open {url}: {e}"));
                TestDb {
                    store,
                    url,
                    cleanup: Cleanup::Postgres { server, name },
                }
            }
            Err(_) => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let url = format!("sqlite://{}", path.display());
                let store = Store::open(&url)
                    .await
                    .unwrap_or_else(|e| panic!("open {url}: {e}"));
                TestDb {
                    store,
                    url,
                    cleanup: Cleanup::File(path),
                }
            }
        }
    }

    /// Closes the store and removes the database.
    pub async fn drop_db(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { server, name } => {
                if let Ok(mut admin) =
                    sqlx::AnyConnection::connect(&format!("{server}/postgres")).await
                {
                    let _ = admin
                        .execute(AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .await;
                }
            }
        }
    }

    /// Runs a raw `SELECT COUNT(*) …` and returns the count.
    pub async fn raw_count(&self, sql: &str) -> Result<i64, sqlx::Error> {
        use sqlx::Row;
        let mut conn = sqlx::AnyConnection::connect(&self.url).await?;
        let row = sqlx::query(AssertSqlSafe(sql.to_string()))
            .fetch_one(&mut conn)
            .await?;
        row.try_get::<i64, _>(0)
    }

    /// Runs raw SQL against the test database (for tamper tests).
    pub async fn raw(&self, sql: &str) -> Result<u64, sqlx::Error> {
        let mut conn = sqlx::AnyConnection::connect(&self.url).await?;
        let done = conn.execute(AssertSqlSafe(sql.to_string())).await?;
        Ok(done.rows_affected())
    }
}
