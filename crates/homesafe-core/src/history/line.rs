//! Reading one line of a history file, with errors that name the line, the field and the reason.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;

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
struct RawLine<'a> {
    #[serde(default)]
    v: Option<u32>,
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default)]
    id: Option<EventId>,
    #[serde(rename = "type", borrow)]
    type_name: Cow<'a, str>,
    subject: RecordId,
    at: HistoryTime,
    #[serde(default)]
    recorded: Option<HistoryTime>,
    actor: Actor,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    corrects: Option<EventId>,
    /// Kept as text: it is parsed once, straight into its typed variant.
    #[serde(borrow)]
    data: &'a RawValue,
    #[serde(default, borrow)]
    prev: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    hash: Option<Cow<'a, str>>,
}

/// A parsed line: an event as drafted, or — when the line carried its `hash` — the event
/// exactly as the file sealed it, hash checked.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedLine {
    Draft(Draft),
    Sealed(Event),
}

impl ParsedLine {
    /// The sealed event, if the line carried its place in a chain.
    pub fn sealed(&self) -> Option<&Event> {
        match self {
            ParsedLine::Sealed(e) => Some(e),
            ParsedLine::Draft(_) => None,
        }
    }

    /// The event as a draft, to be sealed into another chain.
    pub fn into_draft(self) -> Draft {
        match self {
            ParsedLine::Draft(d) => d,
            ParsedLine::Sealed(e) => e.to_draft(),
        }
    }
}

/// Deserializes `text`; only when that fails is it read again with path tracking, so the
/// error can name the exact field (the tracking costs time on every good line otherwise).
fn deserialize_tracked<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, (String, String)> {
    match serde_json::from_str::<T>(text) {
        Ok(v) => Ok(v),
        Err(plain) => {
            let de = &mut serde_json::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, T>(de) {
                Ok(v) => Ok(v),
                Err(e) => {
                    let path = e.path().to_string();
                    Err((path, strip_position(&e.into_inner().to_string())))
                }
            }
            .map_err(|(p, m)| {
                if m.is_empty() {
                    (p, strip_position(&plain.to_string()))
                } else {
                    (p, m)
                }
            })
        }
    }
}

/// Parses line `n` (1-based) of a history file.
pub fn parse_line(n: usize, text: &str) -> Result<ParsedLine, LineError> {
    let raw: RawLine<'_> = deserialize_tracked(text).map_err(|(path, reason)| {
        let field = if path == "." || path.is_empty() {
            "(line)".to_string()
        } else {
            path
        };
        LineError::new(n, field, reason)
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
    // `type` before `data`, as text, so serde reads the data straight into its variant and the
    // error path names the exact field (with `data` first it buffers and loses the path).
    let mut tagged = String::with_capacity(raw.data.get().len() + raw.type_name.len() + 20);
    tagged.push_str("{\"type\":");
    super::canonical::write_str(&raw.type_name, &mut tagged);
    tagged.push_str(",\"data\":");
    tagged.push_str(raw.data.get());
    tagged.push('}');
    let data: EventData = deserialize_tracked(&tagged).map_err(|(path, inner)| {
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
    let given_hash = match &raw.hash {
        None => None,
        Some(given) => {
            Some(Hash::parse(given).map_err(|e| LineError::new(n, "hash", e.to_string()))?)
        }
    };
    let given_prev = match &raw.prev {
        Some(prev) if given_hash.is_some() => {
            Some(Hash::parse(prev).map_err(|e| LineError::new(n, "prev", e.to_string()))?)
        }
        _ => None,
    };
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
    let Some(given) = given_hash else {
        return Ok(ParsedLine::Draft(draft));
    };
    let (Some(seq), Some(prev), Some(_)) = (raw.seq, given_prev, draft.id.as_ref()) else {
        return Err(LineError::new(
            n,
            "hash",
            "a line with a hash must also have seq, id and prev",
        ));
    };
    let event = draft.seal(seq, prev);
    if event.hash != given {
        return Err(LineError::new(
            n,
            "hash",
            "does not match the line's content: the line was altered after it was written",
        ));
    }
    Ok(ParsedLine::Sealed(event))
}

/// serde_json ends messages with "at line 1 column N", which misleads after "line 4:".
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}
