//! Reading a whole history file in memory: parse every line, place it in a chain, check every
//! reference. Used by `homesafe check` and by tests; the store's import does the same line by
//! line against what it already holds.

use super::event::{Event, Hash};
use super::line::{LineError, parse_line};
use super::validate::{Known, Validator};

/// Reads a history file that starts a new history (or continues `known` from `head`).
/// Fails on the first bad line, naming it.
pub fn read_history<K: Known>(
    text: &str,
    known: K,
    head: (u64, Hash),
) -> Result<Vec<Event>, LineError> {
    let mut validator = Validator::new(known);
    let (mut seq, mut prev) = head;
    let mut out = Vec::new();
    let mut file_prev: Option<Hash> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = parse_line(n, line)?;
        if let Some(sealed) = parsed.sealed() {
            if let Some(fp) = file_prev
                && sealed.prev != fp
            {
                return Err(LineError::new(
                    n,
                    "prev",
                    "does not match the hash of the line before: a line was removed, reordered or altered",
                ));
            }
            file_prev = Some(sealed.hash);
        }
        seq += 1;
        let event = match parsed {
            // A line sealed at exactly this place in the chain keeps its seal.
            super::line::ParsedLine::Sealed(e) if e.seq == seq && e.prev == prev => e,
            other => other.into_draft().seal(seq, prev),
        };
        validator
            .admit(&event)
            .map_err(|inv| LineError::new(n, inv.field, inv.reason))?;
        prev = event.hash;
        out.push(event);
    }
    Ok(out)
}
