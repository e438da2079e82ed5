//! The history: an append-only, hash-chained sequence of events, and its open interchange
//! format (versioned JSON Lines, one event per line — `docs/history-format.md`). History is the
//! source of truth; every current-state table is derived from it.

mod actor;
mod canonical;
mod event;
mod ids;
mod line;
mod read;
mod time;
mod validate;

pub use actor::{Actor, Role};
pub use canonical::{write_canonical, write_canonical_object};
pub use event::{Draft, Event, FORMAT_VERSION, Hash, HashParseError};
pub use ids::{EventId, IdError, RecordId};
pub use line::{LineError, ParsedLine, parse_line};
pub use read::read_history;
pub use time::{HistoryTime, Precision, TimeParseError, london, start_of_london_day};
pub use validate::{ChainError, Known, StoredEvent, Validator, verify_chain, verify_one};
