//! Appending to history: validate, seal into the chain, insert, project — all in one
//! transaction, so nothing is half-written.

use foldhash::{HashMap, HashSet, HashSetExt};

use homesafe_core::complaints::handlers::{StageHandlers, named_handler};
use homesafe_core::events::EventData;
use homesafe_core::history::{Draft, Event, EventId, Hash, Known, RecordId, Validator};
use homesafe_core::references::RecordKind;
use homesafe_core::remedies::balance::Entry;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use crate::connect::Backend;
use crate::connect::Store;
use crate::error::StoreError;
use crate::project::Projector;
use crate::rows::{ROWS_PER_STATEMENT, event_from_row, multi_row_insert, param_list};

/// What the database already holds that a chunk refers to, fetched before the chunk is checked.
#[derive(Default)]
pub(crate) struct Prefetched {
    records: HashMap<RecordId, RecordKind>,
    events: HashMap<EventId, (RecordId, String)>,
    /// The stored handlers of each complaint a draft in the chunk names a handler for, or may
    /// withdraw one from (Complaint Handling Code 2024, 6.13).
    handlers: HashMap<RecordId, StageHandlers>,
    /// The stored money entries of each remedy a draft pays, credits, withdraws, corrects or
    /// voids, or draws a credit from (`homesafe_core::remedies::balance`).
    remedies: HashMap<RecordId, Vec<Entry>>,
}

impl Known for Prefetched {
    fn record_kind(&self, id: &RecordId) -> Option<RecordKind> {
        self.records.get(id).copied()
    }
    fn event(&self, id: &EventId) -> Option<(RecordId, String)> {
        self.events.get(id).cloned()
    }
    fn complaint_handlers(&self, complaint: &RecordId) -> Option<StageHandlers> {
        self.handlers.get(complaint).cloned()
    }
    fn remedy_entries(&self, remedy: &RecordId) -> Option<Vec<Entry>> {
        self.remedies.get(remedy).cloned()
    }
}

/// The stored event types a remedy's money is folded from.
const REMEDY_TYPES: &str =
    "'remedy.offered', 'remedy.paid', 'remedy.credited', 'remedy.withdrawn', 'entry.voided'";

/// The stored event types that name, rename or withdraw a complaint stage's handler.
const HANDLER_TYPES: &str = "'complaint.responded', 'complaint.acknowledged', 'entry.voided'";

/// An event waiting to be written: drafted by a client, or already sealed by the file it came
/// from (an export being re-imported), in which case its seal is reused if it lands at the
/// same place in the chain.
pub(crate) enum Pending {
    Draft(Box<Draft>),
    Sealed(Box<Event>),
}

impl Pending {
    fn subject(&self) -> &RecordId {
        match self {
            Pending::Draft(d) => &d.subject,
            Pending::Sealed(e) => &e.subject,
        }
    }
    fn data(&self) -> &EventData {
        match self {
            Pending::Draft(d) => &d.data,
            Pending::Sealed(e) => &e.data,
        }
    }
    fn ids(&self) -> (Option<&EventId>, Option<&EventId>) {
        match self {
            Pending::Draft(d) => (d.id.as_ref(), d.corrects.as_ref()),
            Pending::Sealed(e) => (Some(&e.id), e.corrects.as_ref()),
        }
    }
    fn seal(self, seq: u64, prev: Hash) -> Event {
        match self {
            Pending::Sealed(e) if e.seq == seq && e.prev == prev => *e,
            Pending::Sealed(e) => e.to_draft().seal(seq, prev),
            Pending::Draft(d) => (*d).seal(seq, prev),
        }
    }
}

impl From<homesafe_core::history::ParsedLine> for Pending {
    fn from(p: homesafe_core::history::ParsedLine) -> Self {
        match p {
            homesafe_core::history::ParsedLine::Sealed(e) => Pending::Sealed(Box::new(e)),
            homesafe_core::history::ParsedLine::Draft(d) => Pending::Draft(Box::new(d)),
        }
    }
}

/// The result of an append: the events as sealed into the chain.
#[derive(Debug)]
pub struct Appended {
    pub events: Vec<Event>,
}

/// A write in progress: one transaction, any number of chunks.
pub(crate) struct Writer {
    pub(crate) tx: Transaction<'static, Any>,
    pub(crate) seq: u64,
    pub(crate) prev: Hash,
    pub(crate) first_seq: u64,
    backend: Backend,
    /// The store held no history when this write began: nothing to look up in it.
    started_empty: bool,
    validator: Validator<Prefetched>,
    projector: Projector,
}

pub(crate) async fn head(tx: &mut Transaction<'static, Any>) -> Result<(u64, Hash), StoreError> {
    let row = sqlx::query("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        None => Ok((0, Hash::GENESIS)),
        Some(row) => {
            let seq: i64 = row.try_get("seq")?;
            let hash: String = row.try_get("hash")?;
            let hash = Hash::parse(&hash).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((seq as u64, hash))
        }
    }
}

impl Writer {
    pub(crate) async fn begin(store: &Store) -> Result<Writer, StoreError> {
        let mut tx = store.pool.begin().await?;
        let (seq, prev) = head(&mut tx).await?;
        Ok(Writer {
            tx,
            seq,
            prev,
            first_seq: seq + 1,
            backend: store.backend,
            started_empty: seq == 0,
            validator: Validator::new(Prefetched::default()),
            projector: Projector::new(store.backend, store.memory),
        })
    }

    /// Looks up, in the database, every record and event id the drafts mention that this
    /// write has not itself created.
    async fn prefetch(&mut self, drafts: &[(usize, Pending)]) -> Result<(), StoreError> {
        let mut record_ids: HashSet<String> = HashSet::new();
        let mut event_ids: HashSet<String> = HashSet::new();
        // Complaints whose stored stage handlers the validator may need (Code 6.13).
        let mut complaint_ids: HashSet<String> = HashSet::new();
        for (_, d) in drafts {
            // A store that started empty holds nothing this write did not create itself.
            if !self.started_empty {
                let mut want = |id: &RecordId| {
                    if !self.validator.knows_record(id) {
                        record_ids.insert(id.to_string());
                    }
                };
                want(d.subject());
                for r in d.data().refs().list {
                    want(r.id);
                }
                for (id, _) in d.data().also_creates() {
                    want(id);
                }
                // A draft naming a stage's handler is checked against the handlers the store
                // holds; a void is included because the validator's first touch of a complaint
                // (whichever event it is) seeds what it tracks for the rest of the write. A
                // complaint this write created has nothing stored.
                let voids = matches!(d.data(), EventData::EntryVoided(_));
                if (voids || named_handler(d.data()).is_some())
                    && !self.validator.knows_record(d.subject())
                {
                    complaint_ids.insert(d.subject().to_string());
                }
            }
            let (id, corrects) = d.ids();
            // On an empty store, repeated ids are caught by the unique index (see `insert`).
            let id = id.filter(|_| !self.started_empty);
            // Information provided to the Ombudsman names the request (an event) it answers,
            // which may have been written in an earlier chunk or request.
            let answers = match d.data() {
                EventData::OmbudsmanInformationProvided(p) => p.answers.as_ref(),
                _ => None,
            };
            for id in id.into_iter().chain(corrects).chain(answers) {
                if !self.validator.knows_event(id) {
                    event_ids.insert(id.to_string());
                }
            }
        }
        let mut found = Prefetched::default();
        let record_ids: Vec<String> = record_ids.into_iter().collect();
        for ids in record_ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "SELECT id, kind FROM records WHERE id IN ({})",
                param_list(self.backend, ids.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in ids {
                q = q.bind(id.as_str());
            }
            for row in q.fetch_all(&mut *self.tx).await? {
                let id: String = row.try_get("id")?;
                let kind: String = row.try_get("kind")?;
                if let (Ok(id), Some(kind)) = (RecordId::parse(id), RecordKind::parse(&kind)) {
                    found.records.insert(id, kind);
                }
            }
        }
        let event_ids: Vec<String> = event_ids.into_iter().collect();
        for ids in event_ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "SELECT id, subject, type FROM events WHERE id IN ({})",
                param_list(self.backend, ids.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in ids {
                q = q.bind(id.as_str());
            }
            for row in q.fetch_all(&mut *self.tx).await? {
                let id: String = row.try_get("id")?;
                let subject: String = row.try_get("subject")?;
                let type_name: String = row.try_get("type")?;
                if let (Ok(id), Ok(subject)) = (EventId::parse(id), RecordId::parse(subject)) {
                    found.events.insert(id, (subject, type_name));
                }
            }
        }
        let complaint_ids: Vec<String> = complaint_ids.into_iter().collect();
        for ids in complaint_ids.chunks(ROWS_PER_STATEMENT) {
            // Served by events_by_subject (subject, seq) without a sort; each complaint in history
            // order for the fold.
            let sql = format!(
                "SELECT subject, body, hash FROM events WHERE subject IN ({}) AND type IN ({HANDLER_TYPES}) ORDER BY subject, seq",
                param_list(self.backend, ids.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in ids {
                q = q.bind(id.as_str());
            }
            let mut by_complaint: HashMap<String, Vec<Event>> = HashMap::default();
            for row in q.fetch_all(&mut *self.tx).await? {
                let subject: String = row.try_get("subject")?;
                let body: String = row.try_get("body")?;
                let hash: String = row.try_get("hash")?;
                by_complaint
                    .entry(subject)
                    .or_default()
                    .push(event_from_row(&body, &hash)?);
            }
            for id in ids {
                let Ok(rid) = RecordId::parse(id.clone()) else {
                    continue;
                };
                let events = by_complaint.remove(id).unwrap_or_default();
                found
                    .handlers
                    .insert(rid, StageHandlers::from_events(&events));
            }
        }
        if !self.started_empty {
            self.prefetch_remedies(drafts, &mut found).await?;
        }
        *self.validator.base_mut() = found;
        Ok(())
    }

    /// The money entries of every stored remedy a draft can change the balance of — its subject,
    /// the remedy a credit draws on, and the remedy a corrected or voided credit drew on — each
    /// with the credits of the remedies that replaced it (named by its withdrawal).
    async fn prefetch_remedies(
        &mut self,
        drafts: &[(usize, Pending)],
        found: &mut Prefetched,
    ) -> Result<(), StoreError> {
        let is_remedy = |id: &RecordId, found: &Prefetched| {
            self.validator.record_kind(id) == Some(RecordKind::Remedy)
                || found.records.get(id) == Some(&RecordKind::Remedy)
        };
        let mut wanted: Vec<RecordId> = Vec::new();
        for (_, d) in drafts {
            let data = d.data();
            let (_, corrects) = d.ids();
            let touches = match data {
                EventData::RemedyPaid(_)
                | EventData::RemedyCredited(_)
                | EventData::RemedyWithdrawn(_) => true,
                EventData::RemedyOffered(_) => corrects.is_some(),
                EventData::EntryVoided(_) => is_remedy(d.subject(), found),
                _ => false,
            };
            if touches {
                wanted.push(d.subject().clone());
            }
            if let EventData::RemedyCredited(c) = data {
                wanted.push(c.from.clone());
            }
        }
        wanted.retain(|id| !self.validator.knows_remedy(id));
        wanted.sort();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(());
        }
        let mut lists = self.remedy_lists(&wanted).await?;
        // A correction or void of a credit changes what the remedy it drew on has carried away.
        let mut more: Vec<RecordId> = Vec::new();
        for (_, d) in drafts {
            let (_, Some(corrects)) = d.ids() else {
                continue;
            };
            let Some(list) = lists.get(d.subject()) else {
                continue;
            };
            for e in list.iter().filter(|e| e.event == *corrects) {
                if let homesafe_core::remedies::balance::Movement::Credited { from, .. } =
                    &e.movement
                    && !lists.contains_key(from)
                    && !self.validator.knows_remedy(from)
                {
                    more.push(from.clone());
                }
            }
        }
        more.sort();
        more.dedup();
        if !more.is_empty() {
            lists.extend(self.remedy_lists(&more).await?);
        }
        found.remedies = lists;
        Ok(())
    }

    /// For each remedy, its stored money events and those of the remedies any version of its
    /// withdrawal names as replacements, in history order, as entries.
    async fn remedy_lists(
        &mut self,
        ids: &[RecordId],
    ) -> Result<HashMap<RecordId, Vec<Entry>>, StoreError> {
        let own = self.remedy_events(ids).await?;
        let mut replacements: Vec<RecordId> = Vec::new();
        for events in own.values() {
            for e in events {
                if let EventData::RemedyWithdrawn(w) = &e.data {
                    replacements.extend(w.replaced_by.iter().cloned());
                }
            }
        }
        replacements.sort();
        replacements.dedup();
        replacements.retain(|r| !own.contains_key(r));
        let others = self.remedy_events(&replacements).await?;
        let mut out = HashMap::default();
        for id in ids {
            let mine = own.get(id).map(Vec::as_slice).unwrap_or_default();
            let mut events: Vec<&Event> = mine.iter().collect();
            for e in mine {
                if let EventData::RemedyWithdrawn(w) = &e.data {
                    for r in &w.replaced_by {
                        let theirs = own.get(r).or_else(|| others.get(r));
                        events.extend(theirs.into_iter().flatten());
                    }
                }
            }
            events.sort_by_key(|e| e.seq);
            events.dedup_by_key(|e| e.seq);
            out.insert(
                id.clone(),
                events.into_iter().filter_map(Entry::of).collect(),
            );
        }
        Ok(out)
    }

    /// The stored money events of each remedy, in history order.
    async fn remedy_events(
        &mut self,
        ids: &[RecordId],
    ) -> Result<HashMap<RecordId, Vec<Event>>, StoreError> {
        let mut out: HashMap<RecordId, Vec<Event>> = HashMap::default();
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            // Served by events_by_subject (subject, seq).
            let sql = format!(
                "SELECT subject, body, hash FROM events WHERE subject IN ({}) AND type IN ({REMEDY_TYPES}) ORDER BY subject, seq",
                param_list(self.backend, chunk.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(id.as_str());
            }
            for row in q.fetch_all(&mut *self.tx).await? {
                let body: String = row.try_get("body")?;
                let hash: String = row.try_get("hash")?;
                let e = event_from_row(&body, &hash)?;
                out.entry(e.subject.clone()).or_default().push(e);
            }
        }
        Ok(out)
    }

    /// Validates, seals and inserts a chunk of drafts (each with the input line it came from,
    /// if any), then projects them. The first invalid draft fails the whole write.
    pub(crate) async fn write_chunk(
        &mut self,
        drafts: Vec<(usize, Pending)>,
    ) -> Result<Vec<Event>, StoreError> {
        self.prefetch(&drafts).await?;
        let mut events = Vec::with_capacity(drafts.len());
        let mut lines = Vec::with_capacity(drafts.len());
        for (line, pending) in drafts {
            let event = pending.seal(self.seq + 1, self.prev);
            self.validator
                .admit(&event)
                .map_err(|inv| StoreError::Invalid {
                    line: Some(line),
                    field: inv.field,
                    reason: inv.reason,
                })?;
            self.seq = event.seq;
            self.prev = event.hash;
            events.push(event);
            lines.push(line);
        }
        self.insert(&events, &lines).await?;
        self.projector.project(&mut self.tx, &mut events).await?;
        // Keep memory bounded on long imports: write derived state out now and then.
        if self.projector.should_flush() {
            self.projector.flush(&mut self.tx).await?;
        }
        self.validator.forget_events();
        Ok(events)
    }

    /// Inserts sealed events. Event ids are unique in the history: the check is the database's
    /// unique index, inside a savepoint, so a repeated id is reported with its line and the
    /// write can still be abandoned cleanly on either backend.
    async fn insert(&mut self, events: &[Event], lines: &[usize]) -> Result<(), StoreError> {
        let mut savepoint = sqlx::Acquire::begin(&mut *self.tx).await?;
        match insert_events(self.backend, &mut savepoint, events).await {
            Ok(()) => {
                savepoint.commit().await?;
                Ok(())
            }
            Err(sqlx::Error::Database(e))
                if e.kind() == sqlx::error::ErrorKind::UniqueViolation =>
            {
                savepoint.rollback().await?;
                for (event, line) in events.iter().zip(lines) {
                    let found = sqlx::query("SELECT seq FROM events WHERE id = $1")
                        .bind(event.id.as_str())
                        .fetch_optional(&mut *self.tx)
                        .await?;
                    if found.is_some() {
                        return Err(StoreError::invalid(
                            Some(*line),
                            "id",
                            format!("event id '{}' is already in the history", event.id),
                        ));
                    }
                }
                Err(StoreError::Conflict(
                    "an event id is already in the history".into(),
                ))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Flushes derived state; the caller commits.
    pub(crate) async fn flush(&mut self) -> Result<(), StoreError> {
        self.projector.flush(&mut self.tx).await
    }

    pub(crate) async fn commit(mut self) -> Result<(), StoreError> {
        self.flush().await?;
        self.tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Appends events written through the API or CLI. All or nothing.
    pub async fn append(&self, drafts: Vec<Draft>) -> Result<Appended, StoreError> {
        let _guard = self.write_lock.lock().await;
        let mut writer = Writer::begin(self).await?;
        let numbered = drafts
            .into_iter()
            .enumerate()
            .map(|(i, d)| (i + 1, Pending::Draft(Box::new(d))))
            .collect();
        let events = writer.write_chunk(numbered).await?;
        writer.commit().await?;
        Ok(Appended { events })
    }
}

async fn insert_events(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    events: &[Event],
) -> Result<(), sqlx::Error> {
    let cols = ["seq", "id", "type", "subject", "recorded", "body", "hash"];
    for chunk in events.chunks(ROWS_PER_STATEMENT) {
        let sql = multi_row_insert(backend, "events", &cols, chunk.len(), "");
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for e in chunk {
            q = q
                .bind(e.seq as i64)
                .bind(e.id.as_str())
                .bind(e.type_name.as_str())
                .bind(e.subject.as_str())
                .bind(e.recorded.to_string())
                .bind(e.body.as_str())
                .bind(e.hash.to_string());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}
