//! Embedded migrations, one tree per backend with the same version numbers (a test checks the
//! directories agree). Append-only: a landed migration is never edited.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AssertSqlSafe, SqlSafeStr};

use crate::connect::Backend;

/// (version, name, SQLite SQL, PostgreSQL SQL)
pub(crate) const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "record",
        include_str!("../migrations/sqlite/0001_record.sql"),
        include_str!("../migrations/postgres/0001_record.sql"),
    ),
    (
        2,
        "calendar",
        include_str!("../migrations/sqlite/0002_calendar.sql"),
        include_str!("../migrations/postgres/0002_calendar.sql"),
    ),
    (
        3,
        "alerts",
        include_str!("../migrations/sqlite/0003_alerts.sql"),
        include_str!("../migrations/postgres/0003_alerts.sql"),
    ),
    (
        4,
        "worklist",
        include_str!("../migrations/sqlite/0004_worklist.sql"),
        include_str!("../migrations/postgres/0004_worklist.sql"),
    ),
];

pub(crate) fn migrator(backend: Backend) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|(version, name, sqlite, postgres)| {
            let sql = match backend {
                Backend::Sqlite => *sqlite,
                Backend::Postgres => *postgres,
            };
            Migration::new(
                *version,
                Cow::Borrowed(*name),
                MigrationType::Simple,
                AssertSqlSafe(sql).into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    fn names(dir: &str) -> Vec<String> {
        let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut v: Vec<String> = std::fs::read_dir(path)
            .expect("migrations dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn both_backends_have_the_same_migrations_and_all_are_embedded() {
        let sqlite = names("sqlite");
        assert_eq!(sqlite, names("postgres"), "migration trees differ");
        let embedded: Vec<String> = MIGRATIONS
            .iter()
            .map(|(v, n, _, _)| format!("{v:04}_{n}.sql"))
            .collect();
        assert_eq!(
            sqlite, embedded,
            "every migration file must be listed in MIGRATIONS"
        );
    }
}
