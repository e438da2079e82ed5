use homesafe_core::history::ChainError;

/// What can go wrong in the store. Client errors name what and where; database causes are
/// kept for the log and never shown to API clients.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A submitted event is not acceptable (bad shape, unknown reference, …).
    #[error("{}{field}: {reason}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Invalid {
        line: Option<usize>,
        field: String,
        reason: String,
    },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("history does not verify: {0}")]
    Chain(#[from] ChainError),
    #[error("database URL '{0}' is not supported: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("reading input: {0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn invalid(
        line: Option<usize>,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        StoreError::Invalid {
            line,
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A stable snake_case code for clients.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Invalid { .. } => "invalid_event",
            StoreError::NotFound(_) => "not_found",
            StoreError::Conflict(_) => "conflict",
            StoreError::Chain(_) => "history_does_not_verify",
            StoreError::UnsupportedUrl(_) => "unsupported_database_url",
            StoreError::Io(_) => "io_error",
            StoreError::Database(_) | StoreError::Migrate(_) => "database_error",
            StoreError::Corrupt(_) => "corrupt_store",
        }
    }
}
