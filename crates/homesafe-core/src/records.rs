//! Current state, derived from history. A record's state is a fold over its events: the
//! creating event's data, overlaid by each later event's data, with a status. Corrections are
//! honoured by re-folding: a corrected event is replaced by its correction, a voided one is
//! skipped. The store keeps these states in its current-state tables and `homesafe rebuild`
//! re-derives them from history with identical results.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::events::{EventData, SubjectRule};
use crate::history::{Event, EventId, HistoryTime, RecordId};
use crate::references::RecordKind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordState {
    pub id: RecordId,
    pub kind: RecordKind,
    pub status: String,
    /// The home this record belongs to, if any (directly or through its parent record).
    pub property: Option<RecordId>,
    pub opened: HistoryTime,
    pub updated: HistoryTime,
    pub created_seq: u64,
    pub updated_seq: u64,
    /// The merged data of the record's events.
    pub fields: Map<String, Value>,
}

/// The parent record through which a record without a `property` field belongs to a home.
pub fn parent_for_property(data: &EventData) -> Option<&RecordId> {
    match data {
        EventData::AppointmentBooked(a) => Some(&a.works_order),
        EventData::RemedyOffered(r) => Some(&r.for_case),
        EventData::CommitmentMade(c) => Some(&c.source),
        EventData::OmbudsmanOrderMade(o) => Some(&o.case),
        EventData::OmbudsmanCaseOpened(o) => o.complaints.first(),
        EventData::QuoteReceived(q) => Some(&q.works_order),
        // The home where the work was done, else the complainant's.
        EventData::ConductCaseOpened(c) => c.works_orders.first().or(c.complaint.as_ref()),
        _ => None,
    }
}

fn property_field(fields: &Map<String, Value>) -> Option<RecordId> {
    fields
        .get("property")
        .and_then(Value::as_str)
        .and_then(|s| RecordId::parse(s).ok())
}

impl RecordState {
    /// The state created by a creating event. `parent_property` resolves the home of a parent
    /// record for kinds that have no `property` field of their own.
    pub fn create(
        ev: &Event,
        kind: RecordKind,
        parent_property: impl Fn(&RecordId) -> Option<RecordId>,
    ) -> RecordState {
        let fields = ev.data_json.as_object().cloned().unwrap_or_default();
        RecordState::create_with(ev, kind, fields, parent_property)
    }

    /// As [`RecordState::create`], given the event's data object (so a caller that owns the
    /// event can move it in rather than copy it).
    pub fn create_with(
        ev: &Event,
        kind: RecordKind,
        fields: Map<String, Value>,
        parent_property: impl Fn(&RecordId) -> Option<RecordId>,
    ) -> RecordState {
        let property = if kind == RecordKind::Property {
            Some(ev.subject.clone())
        } else {
            property_field(&fields)
                .or_else(|| parent_for_property(&ev.data).and_then(&parent_property))
        };
        RecordState {
            id: ev.subject.clone(),
            kind,
            status: ev.data.status_after().unwrap_or("active").to_string(),
            property,
            opened: ev.at,
            updated: ev.at,
            created_seq: ev.seq,
            updated_seq: ev.seq,
            fields,
        }
    }

    /// The state of a sub-record created alongside the subject (a survey's recommendation).
    pub fn create_sub(ev: &Event, id: &RecordId, kind: RecordKind) -> RecordState {
        let mut fields = Map::new();
        if let EventData::SurveyRecorded(s) = &ev.data
            && let Some(rec) = s.recommendations.iter().find(|r| &r.id == id)
            && let Ok(Value::Object(m)) = serde_json::to_value(rec)
        {
            fields = m;
            fields.insert("survey".into(), Value::String(ev.subject.to_string()));
        }
        RecordState {
            id: id.clone(),
            kind,
            status: "open".into(),
            property: match &ev.data {
                EventData::SurveyRecorded(s) => s.property.clone(),
                _ => None,
            },
            opened: ev.at,
            updated: ev.at,
            created_seq: ev.seq,
            updated_seq: ev.seq,
            fields,
        }
    }

    /// Applies a later event about this record.
    pub fn apply(&mut self, ev: &Event) {
        let fields = ev.data_json.as_object().cloned().unwrap_or_default();
        self.apply_with(ev, fields);
    }

    /// As [`RecordState::apply`], given the event's data object.
    pub fn apply_with(&mut self, ev: &Event, fields: Map<String, Value>) {
        self.fields.extend(fields);
        if let Some(status) = ev.data.status_after() {
            self.status = status.to_string();
        }
        if self.property.is_none() {
            self.property = property_field(&self.fields);
        }
        self.updated = ev.at;
        self.updated_seq = ev.seq;
    }
}

/// Folds all the events about one record (in history order), honouring corrections: a
/// corrected event is replaced, at its own place in the order, by its latest correction (so
/// what happened after it still applies); `entry.voided` withdraws it. Returns `None` if no
/// creating event survives (the record was voided at birth).
pub fn fold<'e>(
    events: &[&'e Event],
    parent_property: impl Fn(&RecordId) -> Option<RecordId>,
) -> Option<RecordState> {
    // The latest correction of each corrected event (corrections of corrections chain).
    let mut replacement: HashMap<&'e EventId, &'e Event> = HashMap::new();
    for ev in events {
        if let Some(c) = &ev.corrects {
            replacement.insert(c, ev);
        }
    }
    let resolve = |ev: &'e Event| -> Option<&'e Event> {
        let mut current: &'e Event = ev;
        for _ in 0..events.len() {
            match replacement.get(&current.id) {
                Some(next) => current = next,
                None => break,
            }
        }
        (current.type_name != "entry.voided").then_some(current)
    };
    let mut state: Option<RecordState> = None;
    let mut last_seq = 0;
    for ev in events {
        last_seq = ev.seq;
        if ev.corrects.is_some() {
            // Applied in place of what it corrects.
            continue;
        }
        let Some(effective) = resolve(ev) else {
            continue;
        };
        match (effective.data.subject_rule(), state.as_mut()) {
            (SubjectRule::Creates(kind), None) => {
                let mut created = RecordState::create(effective, kind, &parent_property);
                created.created_seq = ev.seq;
                state = Some(created);
            }
            (SubjectRule::Creates(_), Some(_)) => {}
            (_, Some(s)) => s.apply(effective),
            (_, None) => {}
        }
    }
    if let Some(s) = state.as_mut() {
        // The record last changed with the last event about it, corrections included.
        s.updated_seq = last_seq;
    }
    state
}
