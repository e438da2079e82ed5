//! Reading one line of a history file, with errors that name the line, the field and the reason.

use serde::Deserialize;
use serde_json::Value;

use super::actor::Actor;
use super::event::{Draft, Event, FORMAT_VERSION, Hash};
use super::ids::{EventId, RecordId};
use super::time::HistoryTime;
use crate::events::{EventData, SubjectRule};

/// What is wrong with a line of a history file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {field}: {reason}")]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub reason: String,
}

impl LineError {
    pub fn new(line: usize, field: impl Into<String>, reason: impl Into<String>) -> Self {
        LineError {
            line,
            field: field.into(),
            reason: reason.into(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    #[serde(default)]
    v: Option<u32>,
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default)]
    id: Option<EventId>,
    #[serde(rename = "type")]
    type_name: String,
    subject: RecordId,
    at: HistoryTime,
    #[serde(default)]
    recorded: Option<HistoryTime>,
    actor: Actor,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    corrects: Option<EventId>,
    data: Value,
    #[serde(default)]
    prev: Option<String>,
    #[serde(default)]
    hash: Option<String>,
}

/// A parsed line: the event as drafted, and the chain position the file gave it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedLine {
    pub draft: Draft,
    /// When the line carried `hash`: the event exactly as the file sealed it, hash checked.
    pub sealed: Option<Event>,
}

/// Parses line `n` (1-based) of a history file.
pub fn parse_line(n: usize, text: &str) -> Result<ParsedLine, LineError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let raw: RawLine = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "(line)".to_string()
        } else {
            path
        };
        LineError::new(n, field, strip_position(&e.into_inner().to_string()))
    })?;
    if let Some(v) = raw.v
        && v != FORMAT_VERSION
    {
        return Err(LineError::new(
            n,
            "v",
            format!(
                "format version {v} is not supported (this HomeSafe reads version {FORMAT_VERSION})"
            ),
        ));
    }
    // `type` before `data`, as text, so serde reads the data straight into its variant and
    // the error path names the exact field (with `data` first it buffers and loses the path).
    let mut tagged = String::with_capacity(64);
    tagged.push_str("{\"type\":");
    super::canonical::write_str(&raw.type_name, &mut tagged);
    tagged.push_str(",\"data\":");
    super::canonical::write_canonical(&raw.data, &mut tagged);
    tagged.push('}');
    let de = &mut serde_json::Deserializer::from_str(&tagged);
    let data: EventData = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let inner = strip_position(&inner);
        if inner.starts_with(&format!("unknown variant `{}`", raw.type_name)) {
            LineError::new(n, "type", format!("unknown event type '{}'", raw.type_name))
        } else if path == "." || path.is_empty() || path == "data" {
            LineError::new(n, "data", inner)
        } else {
            LineError::new(n, path, inner)
        }
    })?;
    data.check()
        .map_err(|inv| LineError::new(n, format!("data.{}", inv.field), inv.reason))?;
    if raw.actor.id.trim().is_empty() {
        return Err(LineError::new(
            n,
            "actor.id",
            "every event names who wrote it",
        ));
    }
    if matches!(data, EventData::DocumentAdded(_))
        && crate::documents::sha256_of(&raw.subject).is_none()
    {
        return Err(LineError::new(
            n,
            "subject",
            "a document's id is sha256: followed by the 64 lower-case hex digits of its content",
        ));
    }
    if data.subject_rule() == SubjectRule::ChangesAny && raw.corrects.is_none() {
        return Err(LineError::new(
            n,
            "corrects",
            "entry.voided must name the event it withdraws",
        ));
    }
    if raw.corrects.is_some() && raw.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(LineError::new(n, "reason", "a correction must say why"));
    }
    let draft = Draft {
        id: raw.id,
        subject: raw.subject,
        at: raw.at,
        recorded: raw.recorded,
        actor: raw.actor,
        reason: raw.reason,
        corrects: raw.corrects,
        data,
    };
    let sealed = match raw.hash {
        None => None,
        Some(given) => {
            let given =
                Hash::parse(&given).map_err(|e| LineError::new(n, "hash", e.to_string()))?;
            let (Some(seq), Some(prev), Some(_)) =
                (raw.seq, raw.prev.as_deref(), draft.id.as_ref())
            else {
                return Err(LineError::new(
                    n,
                    "hash",
                    "a line with a hash must also have seq, id and prev",
                ));
            };
            let prev = Hash::parse(prev).map_err(|e| LineError::new(n, "prev", e.to_string()))?;
            let event = draft.clone().seal(seq, prev);
            if event.hash != given {
                return Err(LineError::new(
                    n,
                    "hash",
                    "does not match the line's content: the line was altered after it was written",
                ));
            }
            Some(event)
        }
    };
    Ok(ParsedLine { draft, sealed })
}

/// serde_json ends messages with "at line 1 column N", which misleads after "line 4:".
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}
