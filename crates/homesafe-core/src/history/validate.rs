//! Checks that need more than one line: references must point at records that exist (an
//! unknown reference is an error, never a silent creation), a record is created once, a
//! correction corrects an event about the same record, information provided to the Ombudsman
//! answers a request on the same case, a complaint's stage 2 is handled by
//! someone other than its stage 1 handler (Complaint Handling Code 2024, 6.13; see
//! [`crate::complaints::handlers`]), no remedy is paid more than is outstanding on it (see
//! [`crate::remedies::balance`]) — and the hash chain is unbroken.

use foldhash::{HashMap, HashMapExt};

use super::event::{Event, Hash};
use super::ids::{EventId, RecordId};
use crate::complaints::handlers::{StageHandlers, named_handler};
use crate::events::{EventData, Invalid, SubjectRule};
use crate::references::RecordKind;
use crate::remedies::balance::{self, Entry};

/// What is already in the record, outside the batch being checked.
pub trait Known {
    fn record_kind(&self, id: &RecordId) -> Option<RecordKind>;
    /// The subject and type of an existing event.
    fn event(&self, id: &EventId) -> Option<(RecordId, String)>;
    /// The handlers already named at each stage of a complaint (Complaint Handling Code 2024,
    /// 6.13), folded from its events with [`StageHandlers::from_events`] — or `None` when this
    /// source does not say, in which case a stage 2 handler is checked only against the stage 1
    /// handlers named earlier in the same write.
    fn complaint_handlers(&self, _complaint: &RecordId) -> Option<StageHandlers> {
        None
    }
    /// The entries of a remedy's money ([`crate::remedies::balance`]): its own events and its
    /// replacements' credits naming it, in history order — or `None` when this source does not
    /// say (an empty history, or a remedy the write created itself).
    fn remedy_entries(&self, _remedy: &RecordId) -> Option<Vec<Entry>> {
        None
    }
}

/// Nothing known: an empty history.
impl Known for () {
    fn record_kind(&self, _: &RecordId) -> Option<RecordKind> {
        None
    }
    fn event(&self, _: &EventId) -> Option<(RecordId, String)> {
        None
    }
}

/// Validates a batch of events in order against what is already known.
pub struct Validator<K> {
    base: K,
    records: HashMap<RecordId, RecordKind>,
    events: HashMap<EventId, (RecordId, String)>,
    /// Complaints this write has named handlers for, seeded from the base on first touch.
    handlers: HashMap<RecordId, StageHandlers>,
    /// The money entries of every remedy this write has touched, seeded from the base on first
    /// touch.
    remedies: HashMap<RecordId, Vec<Entry>>,
}

impl<K: Known> Validator<K> {
    /// What the validator consults beyond its own batch (refreshed by the store per chunk).
    pub fn base_mut(&mut self) -> &mut K {
        &mut self.base
    }

    /// Whether the batch itself created this record or event id.
    pub fn knows_record(&self, id: &RecordId) -> bool {
        self.records.contains_key(id)
    }

    pub fn knows_event(&self, id: &EventId) -> bool {
        self.events.contains_key(id)
    }

    /// Whether the batch itself holds this remedy's money entries (it created or touched it).
    pub fn knows_remedy(&self, id: &RecordId) -> bool {
        self.remedies.contains_key(id)
    }

    pub fn new(base: K) -> Self {
        Validator {
            base,
            records: HashMap::new(),
            events: HashMap::new(),
            handlers: HashMap::new(),
            remedies: HashMap::new(),
        }
    }

    pub fn record_kind(&self, id: &RecordId) -> Option<RecordKind> {
        self.records
            .get(id)
            .copied()
            .or_else(|| self.base.record_kind(id))
    }

    fn event(&self, id: &EventId) -> Option<(RecordId, String)> {
        self.events.get(id).cloned().or_else(|| self.base.event(id))
    }

    /// A remedy's money entries: this write's view if it touched the remedy, else the base's.
    fn remedy_entries(&self, id: &RecordId) -> Vec<Entry> {
        self.remedies
            .get(id)
            .cloned()
            .or_else(|| self.base.remedy_entries(id))
            .unwrap_or_default()
    }

    fn concerns_remedy(&self, ev: &Event) -> bool {
        balance::concerns(ev, || {
            self.record_kind(&ev.subject) == Some(RecordKind::Remedy)
        })
    }

    /// Checks one event against everything before it.
    pub fn check(&self, ev: &Event) -> Result<(), Invalid> {
        if self.event(&ev.id).is_some() {
            return Err(Invalid::new(
                "id",
                format!("event id '{}' is already in the history", ev.id),
            ));
        }
        let existing = self.record_kind(&ev.subject);
        match ev.data.subject_rule() {
            SubjectRule::Creates(kind) => {
                // A correction of a creating event re-states the record; it does not create it.
                if ev.corrects.is_none() {
                    if let Some(k) = existing {
                        return Err(Invalid::new(
                            "subject",
                            format!(
                                "'{}' already exists (a {}); {} creates a new record",
                                ev.subject,
                                k.as_str(),
                                ev.type_name
                            ),
                        ));
                    }
                } else if existing != Some(kind) {
                    return Err(Invalid::new(
                        "subject",
                        format!("no {} '{}' to correct", kind.as_str(), ev.subject),
                    ));
                }
            }
            SubjectRule::Changes(kind) => match existing {
                Some(k) if k == kind => {}
                Some(k) => {
                    return Err(Invalid::new(
                        "subject",
                        format!(
                            "'{}' is a {}, but {} applies to a {}",
                            ev.subject,
                            k.as_str(),
                            ev.type_name,
                            kind.as_str()
                        ),
                    ));
                }
                None => {
                    return Err(Invalid::new(
                        "subject",
                        format!(
                            "unknown {} '{}': it must be created by an earlier event",
                            kind.as_str(),
                            ev.subject
                        ),
                    ));
                }
            },
            SubjectRule::ChangesAny => {
                if existing.is_none() {
                    return Err(Invalid::new(
                        "subject",
                        format!("unknown record '{}'", ev.subject),
                    ));
                }
            }
        }
        for (id, kind) in ev.data.also_creates() {
            let existing = self.record_kind(id);
            // A correction may re-state sub-records its original created.
            if ev.corrects.is_some() && existing == Some(kind) {
                continue;
            }
            if let Some(k) = existing {
                return Err(Invalid::new(
                    "data",
                    format!(
                        "'{id}' already exists (a {}); cannot create it as a {}",
                        k.as_str(),
                        kind.as_str()
                    ),
                ));
            }
        }
        for r in ev.data.refs().list {
            match self.record_kind(r.id) {
                Some(k) if r.kinds.contains(&k) => {}
                Some(k) => {
                    let wanted: Vec<&str> = r.kinds.iter().map(|k| k.as_str()).collect();
                    return Err(Invalid::new(
                        format!("data.{}", r.field),
                        format!(
                            "'{}' is a {}, expected {}",
                            r.id,
                            k.as_str(),
                            wanted.join(" or ")
                        ),
                    ));
                }
                None => {
                    return Err(Invalid::new(
                        format!("data.{}", r.field),
                        format!("unknown reference '{}': no such record", r.id),
                    ));
                }
            }
        }
        if let Some(c) = &ev.corrects {
            match self.event(c) {
                None => return Err(Invalid::new("corrects", format!("unknown event '{c}'"))),
                Some((subject, _)) if subject != ev.subject => {
                    return Err(Invalid::new(
                        "corrects",
                        format!("event '{c}' is about '{subject}', not '{}'", ev.subject),
                    ));
                }
                Some((_, t)) if t != ev.type_name && ev.type_name != "entry.voided" => {
                    return Err(Invalid::new(
                        "corrects",
                        format!(
                            "a correction of a {t} event must itself be a {t} (or entry.voided)"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        // Information provided to the Ombudsman answers a request on the same case.
        if let EventData::OmbudsmanInformationProvided(p) = &ev.data
            && let Some(r) = &p.answers
        {
            const REQUESTED: &str = "ombudsman.information_requested";
            match self.event(r) {
                None => {
                    return Err(Invalid::new("data.answers", format!("unknown event '{r}'")));
                }
                Some((subject, _)) if subject != ev.subject => {
                    return Err(Invalid::new(
                        "data.answers",
                        format!("event '{r}' is about '{subject}', not '{}'", ev.subject),
                    ));
                }
                Some((_, t)) if t != REQUESTED => {
                    return Err(Invalid::new(
                        "data.answers",
                        format!("event '{r}' is {t}, not {REQUESTED}"),
                    ));
                }
                Some(_) => {}
            }
        }
        // Stage 2 handled by someone other than the stage 1 handler (Code 6.13).
        if named_handler(&ev.data).is_some() {
            match self.handlers.get(&ev.subject) {
                Some(h) => h.check(ev)?,
                None => self
                    .base
                    .complaint_handlers(&ev.subject)
                    .unwrap_or_default()
                    .check(ev)?,
            }
        }
        // A remedy is never paid more than is outstanding on it.
        if self.concerns_remedy(ev) {
            let own = self.remedy_entries(&ev.subject);
            let lists: Vec<(RecordId, Vec<Entry>)> = balance::affected(ev, &own)
                .into_iter()
                .map(|id| {
                    let l = self.remedy_entries(&id);
                    (id, l)
                })
                .collect();
            balance::check(ev, &lists)?;
        }
        Ok(())
    }

    /// Adds an accepted event to what is known.
    pub fn accept(&mut self, ev: &Event) {
        if let SubjectRule::Creates(kind) = ev.data.subject_rule() {
            self.records.insert(ev.subject.clone(), kind);
        }
        for (id, kind) in ev.data.also_creates() {
            self.records.insert(id.clone(), kind);
        }
        self.events
            .insert(ev.id.clone(), (ev.subject.clone(), ev.type_name.clone()));
        if StageHandlers::concerns(ev)
            && self.record_kind(&ev.subject) == Some(RecordKind::Complaint)
        {
            let base = &self.base;
            self.handlers
                .entry(ev.subject.clone())
                .or_insert_with(|| base.complaint_handlers(&ev.subject).unwrap_or_default())
                .accept(ev);
        }
        if self.concerns_remedy(ev)
            && let Some(entry) = Entry::of(ev)
        {
            let own = self.remedy_entries(&ev.subject);
            for id in balance::affected(ev, &own) {
                let base = &self.base;
                self.remedies
                    .entry(id.clone())
                    .or_insert_with(|| base.remedy_entries(&id).unwrap_or_default())
                    .push(entry.clone());
            }
        }
    }

    /// Forgets the batch's event ids (the store checks earlier chunks' ids in the database),
    /// keeping memory bounded on very large imports. Record ids are kept: they are far fewer.
    pub fn forget_events(&mut self) {
        self.events.clear();
    }

    /// Checks and accepts.
    pub fn admit(&mut self, ev: &Event) -> Result<(), Invalid> {
        self.check(ev)?;
        self.accept(ev);
        Ok(())
    }
}

/// Why a stored history fails verification, naming the first event that does not match.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("event {seq}: expected event {expected} next: an event is missing or out of order")]
    Gap { seq: u64, expected: u64 },
    #[error(
        "event {seq}: its content does not match its hash: it was altered after it was written"
    )]
    ContentAltered { seq: u64 },
    #[error(
        "event {seq}: it does not follow the event before it (prev hash mismatch): the chain was broken"
    )]
    ChainBroken { seq: u64 },
    #[error("event {seq}: its stored column '{column}' does not match its content")]
    ColumnAltered { seq: u64, column: &'static str },
    #[error("event {seq}: stored content is not a valid event: {reason}")]
    Unreadable { seq: u64, reason: String },
}

/// One stored event as the store holds it: the hashed body, its hash, and the columns derived
/// from it for querying (which must agree with the body).
pub struct StoredEvent<'a> {
    pub seq: u64,
    pub id: &'a str,
    pub type_name: &'a str,
    pub subject: &'a str,
    pub recorded: &'a str,
    pub body: &'a str,
    pub hash: &'a str,
}

/// Verifies stored events in order. Returns the hash of the last event.
pub fn verify_chain<'a>(
    events: impl IntoIterator<Item = StoredEvent<'a>>,
) -> Result<Hash, ChainError> {
    let mut prev = Hash::GENESIS;
    for (expected, ev) in (1u64..).zip(events) {
        prev = verify_one(&ev, expected, prev)?;
    }
    Ok(prev)
}

/// Verifies the next stored event, given the seq and prev hash it must have.
pub fn verify_one(ev: &StoredEvent<'_>, expected_seq: u64, prev: Hash) -> Result<Hash, ChainError> {
    let seq = ev.seq;
    if seq != expected_seq {
        return Err(ChainError::Gap {
            seq,
            expected: expected_seq,
        });
    }
    let computed = Hash::of(ev.body.as_bytes());
    if Hash::parse(ev.hash).ok() != Some(computed) {
        return Err(ChainError::ContentAltered { seq });
    }
    #[derive(serde::Deserialize)]
    struct Head<'b> {
        seq: u64,
        #[serde(borrow)]
        id: std::borrow::Cow<'b, str>,
        #[serde(rename = "type", borrow)]
        type_name: std::borrow::Cow<'b, str>,
        #[serde(borrow)]
        subject: std::borrow::Cow<'b, str>,
        #[serde(borrow)]
        recorded: std::borrow::Cow<'b, str>,
        #[serde(borrow)]
        prev: std::borrow::Cow<'b, str>,
    }
    let head: Head<'_> = serde_json::from_str(ev.body).map_err(|e| ChainError::Unreadable {
        seq,
        reason: e.to_string(),
    })?;
    if Hash::parse(&head.prev).ok() != Some(prev) {
        return Err(ChainError::ChainBroken { seq });
    }
    if head.seq != seq {
        return Err(ChainError::ColumnAltered { seq, column: "seq" });
    }
    if head.id != ev.id {
        return Err(ChainError::ColumnAltered { seq, column: "id" });
    }
    if head.type_name != ev.type_name {
        return Err(ChainError::ColumnAltered {
            seq,
            column: "type",
        });
    }
    if head.subject != ev.subject {
        return Err(ChainError::ColumnAltered {
            seq,
            column: "subject",
        });
    }
    if head.recorded != ev.recorded {
        return Err(ChainError::ColumnAltered {
            seq,
            column: "recorded",
        });
    }
    Ok(computed)
}
