//! The record on SQLite (embedded, the default) or PostgreSQL, through one code path on sqlx's
//! `Any` driver. History is the source of truth: every write appends hash-chained events and
//! updates the derived current-state tables in the same transaction.
#![forbid(unsafe_code)]

pub mod alerts;
mod bench;
mod calendar;
mod commitments;
mod connect;
mod documents;
mod error;
mod history;
mod households;
mod letters;
mod migrations;
mod project;
mod queries;
mod recurrence;
mod remedies;
mod rows;
mod tokens;
mod write;

#[doc(hidden)]
pub mod testing;

pub use alerts::parse_as_of;
pub use alerts::table::{AlertCount, Refreshed, WorklistPage};
pub use bench::RawScan;
pub use commitments::{FATES_BY_URGENCY, scope_kind, sort_by_urgency, urgency};
pub use connect::{Backend, Store};
pub use documents::{DocumentStore, StoredDocument};
pub use error::StoreError;
pub use history::{ImportReport, Progress, VerifyReport};
pub use letters::{IssueError, IssuedLetterRecord, LetterDocument};
pub use queries::{HistoryEntry, RecordPage, RecordQuery};
pub use remedies::ledger_scope_kinds;
pub use tokens::{NewToken, TokenIdentity};
pub use write::Appended;
