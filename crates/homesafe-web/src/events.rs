//! `POST /api/v1/events`: append events to the history.
//!
//! Each event is checked exactly as `homesafe import` checks a line: the handler builds the
//! history line — the client's fields, the token as actor, the server's clock as `recorded` —
//! and hands it to [`parse_line`]. The store then checks references and corrections against the
//! record and seals the events into the chain, all or nothing.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use homesafe_core::events::EventData;
use homesafe_core::history::{
    Actor, Draft, EventId, Hash, HistoryTime, Known, RecordId, Validator, parse_line,
};
use homesafe_core::references::RecordKind;
use homesafe_store::{Store, StoreError};
use serde_json::Value;

use crate::AppState;
use crate::auth::{Caller, check_write};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::ApiJson;
use crate::openapi::{HistoryLine, NewEvents};

/// The most events one request may carry; bulk loads use `homesafe import`.
pub const MAX_EVENTS_PER_REQUEST: usize = 1000;

/// The fields a client may send.
const CLIENT_FIELDS: [&str; 7] = ["type", "subject", "at", "reason", "corrects", "data", "id"];

/// Append events.
///
/// The body is one event or an array of events, in the history line's shape without the fields
/// the server assigns. The actor is always the token; `recorded` is the server's clock; `at`
/// defaults to now. An array is written all or nothing. The response holds the events exactly as
/// they now appear in the history (as `homesafe export` would write them): one event for one
/// event, an array for an array.
#[utoipa::path(
    post,
    path = "/api/v1/events",
    tag = "events",
    operation_id = "append_events",
    request_body(content = NewEvents, content_type = "application/json"),
    responses(
        (status = 201, description = "Written. The sealed events, in the order sent (an object for an object, an array for an array).",
            body = Vec<HistoryLine>),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's role may not write", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An event breaks the history format's rules; nothing was written. `errors` names the field.",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn append_events(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Value>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    check_write(&caller)?;
    let (items, single) = match body {
        Value::Array(items) => (items, false),
        event @ Value::Object(_) => (vec![event], true),
        _ => {
            return Err(ApiError::invalid_event(
                "(body)",
                "send one event (a JSON object) or an array of events",
            ));
        }
    };
    if items.is_empty() {
        return Err(ApiError::invalid_event(
            "(body)",
            "the array is empty: send at least one event",
        ));
    }
    if items.len() > MAX_EVENTS_PER_REQUEST {
        return Err(ApiError::invalid_event(
            "(body)",
            format!(
                "{} events in one request; the most is {MAX_EVENTS_PER_REQUEST} (use `homesafe import` for bulk loads)",
                items.len()
            ),
        ));
    }
    // Where in the body: `data.property` for one event, `[2].data.property` in an array.
    let field_of = |i: usize, field: &str| match (single, field) {
        (true, _) => field.to_string(),
        (false, "(event)") => format!("[{i}]"),
        (false, _) => format!("[{i}].{field}"),
    };

    let now = server_now();
    let actor = caller.actor();
    let mut drafts = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match draft_from_json(i + 1, item, &actor, now) {
            Ok(draft) => drafts.push(draft),
            Err(e) => errors.push(FieldError::new(field_of(i, &e.field), e.reason)),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::InvalidEvent(errors));
    }

    // Kept only to say which event the store refused, should it refuse one.
    let copies = (drafts.len() > 1).then(|| drafts.clone());
    let appended = match state.store.append(drafts).await {
        Ok(appended) => appended,
        Err(StoreError::Invalid {
            line,
            field,
            reason,
        }) => {
            let index = match (line, &copies) {
                (Some(line), _) => line.checked_sub(1),
                (None, None) => Some(0),
                (None, Some(drafts)) => locate_refusal(&state.store, drafts, &field, &reason).await,
            };
            let field = match index {
                Some(i) => field_of(i, &field),
                None => field,
            };
            return Err(ApiError::invalid_event(field, reason));
        }
        Err(e) => return Err(e.into()),
    };

    let mut lines = appended
        .events
        .iter()
        .map(|event| serde_json::from_str::<Value>(&event.line()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    let body = if single {
        lines
            .pop()
            .ok_or_else(|| ApiError::internal("append returned no event"))?
    } else {
        Value::Array(lines)
    };
    Ok((StatusCode::CREATED, Json(body)))
}

/// The server's clock, to the millisecond.
fn server_now() -> HistoryTime {
    let now = jiff::Timestamp::now();
    HistoryTime::Instant(now.round(jiff::Unit::Millisecond).unwrap_or(now))
}

/// Builds the history line for one client event and parses it as the importer would.
/// `n` is the event's 1-based position (used only in `parse_line`'s own messages).
fn draft_from_json(
    n: usize,
    item: Value,
    actor: &Actor,
    now: HistoryTime,
) -> Result<Draft, FieldError> {
    let Value::Object(mut event) = item else {
        return Err(FieldError::new("(event)", "an event is a JSON object"));
    };
    for key in event.keys() {
        let refused = match key.as_str() {
            k if CLIENT_FIELDS.contains(&k) => continue,
            "actor" => "the actor is the API token's identity; it cannot be set",
            "recorded" => "the server records when an event was recorded; it cannot be set",
            "v" | "seq" | "prev" | "hash" => {
                "assigned by the server when the event is sealed into the chain; it cannot be set"
            }
            _ => "unknown field: an event has type, subject, at, reason, corrects, data and id",
        };
        return Err(FieldError::new(key.as_str(), refused));
    }
    for required in ["type", "subject", "data"] {
        if event.get(required).is_none_or(Value::is_null) {
            return Err(FieldError::new(required, "missing: this field is required"));
        }
    }
    if event.get("at").is_none_or(Value::is_null) {
        event.insert("at".into(), Value::String(now.to_string()));
    }
    event.insert("recorded".into(), Value::String(now.to_string()));
    let actor = serde_json::to_value(actor).map_err(|e| FieldError::new("actor", e.to_string()))?;
    event.insert("actor".into(), actor);
    let line = Value::Object(event).to_string();
    match parse_line(n, &line) {
        Ok(parsed) => Ok(parsed.into_draft()),
        Err(e) => {
            let reason = without_position(&e.reason);
            Err(match e.field.as_str() {
                "(line)" => FieldError::new("(event)", reason),
                "type" | "data" => {
                    locate_in_data(&line).unwrap_or_else(|| FieldError::new(e.field, reason))
                }
                _ => FieldError::new(e.field, reason),
            })
        }
    }
}

/// `parse_line` reads `data` after the event type from a buffered value, so it can name no
/// field inside `data` (and reports an unknown enum value there as an unknown event type).
/// Reading `type` then `data` as a stream keeps the path: `data.address.line1`.
fn locate_in_data(line: &str) -> Option<FieldError> {
    let event: Value = serde_json::from_str(line).ok()?;
    let tagged = format!(
        "{{\"type\":{},\"data\":{}}}",
        event.get("type")?,
        event.get("data")?
    );
    let de = &mut serde_json::Deserializer::from_str(&tagged);
    let error = serde_path_to_error::deserialize::<_, EventData>(de).err()?;
    let mut field = error.path().to_string();
    if !(field == "data" || field.starts_with("data.") || field.starts_with("data[")) {
        return None;
    }
    let reason = error.into_inner().to_string();
    let reason = without_position(&reason);
    if let Some(missing) = reason
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        field = format!("{field}.{missing}");
    }
    Some(FieldError::new(field, reason))
}

/// Drops serde_json's " at line 1 column 57": it points into the line the server built, not
/// into anything the client sent.
fn without_position(reason: &str) -> String {
    if let Some(at) = reason.rfind(" at line ") {
        let tail = &reason[at + " at line ".len()..];
        let numbers = tail.split(" column ").collect::<Vec<_>>();
        if numbers.len() == 2
            && numbers
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            return reason[..at].to_string();
        }
    }
    reason.to_string()
}

/// What the record already holds, looked up for [`locate_refusal`].
#[derive(Default)]
struct Looked {
    records: HashMap<RecordId, RecordKind>,
    events: HashMap<EventId, (RecordId, String)>,
}

impl Known for Looked {
    fn record_kind(&self, id: &RecordId) -> Option<RecordKind> {
        self.records.get(id).copied()
    }
    fn event(&self, id: &EventId) -> Option<(RecordId, String)> {
        self.events.get(id).cloned()
    }
}

/// The store refuses a batch without saying which event it refused. Replays the batch through
/// the same core validator against what the record holds, to find the first event refused for
/// the same reason. Runs only after a refusal; `None` if it cannot tell.
async fn locate_refusal(
    store: &Store,
    drafts: &[Draft],
    field: &str,
    reason: &str,
) -> Option<usize> {
    let mut looked = Looked::default();
    let mut ids: HashSet<&RecordId> = HashSet::new();
    for d in drafts {
        ids.insert(&d.subject);
        ids.extend(d.data.refs().list.iter().map(|r| r.id));
        ids.extend(d.data.also_creates().into_iter().map(|(id, _)| id));
    }
    for id in ids {
        if let Some(state) = store.record(id).await.ok().flatten() {
            looked.records.insert(id.clone(), state.kind);
        }
    }
    // A correction names an event about the same record, so the subject's history holds it.
    let subjects: HashSet<&RecordId> = drafts
        .iter()
        .filter(|d| d.corrects.is_some())
        .map(|d| &d.subject)
        .collect();
    for subject in subjects {
        for entry in store.history_of(subject).await.ok()? {
            let text = |k: &str| {
                entry
                    .line
                    .get(k)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if let (Some(id), Some(about), Some(type_name)) =
                (text("id"), text("subject"), text("type"))
                && let (Ok(id), Ok(about)) = (EventId::parse(id), RecordId::parse(about))
            {
                looked.events.insert(id, (about, type_name));
            }
        }
    }
    let mut validator = Validator::new(looked);
    let mut prev = Hash::GENESIS;
    for (i, draft) in drafts.iter().enumerate() {
        let event = draft.clone().seal(i as u64 + 1, prev);
        match validator.admit(&event) {
            Ok(()) => prev = event.hash,
            Err(invalid) if invalid.field == field && invalid.reason == reason => return Some(i),
            Err(_) => return None,
        }
    }
    None
}
