//! Keeping the current-state tables in step with history. The same projector serves every
//! write and `rebuild`, so a rebuild reproduces the tables exactly.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use homesafe_core::events::SubjectRule;
use homesafe_core::history::{Event, RecordId};
use homesafe_core::records::{RecordState, fold, parent_for_property};
use sqlx::{Any, AssertSqlSafe, Transaction};

use crate::connect::Backend;
use crate::error::StoreError;
use crate::rows::{
    RECORD_COLUMNS, ROWS_PER_STATEMENT, event_from_row, multi_row_insert, param_list,
    record_from_row, state_json,
};

/// How much of the current state a long write (an import, a rebuild) holds in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MemoryLimits {
    /// History lines parsed, checked and written per chunk of an import; events read per page
    /// by a rebuild.
    pub(crate) lines_per_chunk: usize,
    /// Changed records held before they are written out to `records`.
    pub(crate) flush_after_dirty: usize,
    /// States held between flushes. When the cache grows past this at a flush it becomes the
    /// older generation and a new one starts: a state used again is moved back without reading
    /// `records`, and the generation before is dropped. Clearing everything instead made a
    /// long import re-read every live repair from `records` — disk reads once the record
    /// outgrows memory (docs/benchmarks.md: 0.25 → 0.38 of the raw insert rate at 45M events).
    pub(crate) states_per_generation: usize,
}

impl Default for MemoryLimits {
    fn default() -> Self {
        MemoryLimits {
            lines_per_chunk: 5_000,
            flush_after_dirty: 100_000,
            states_per_generation: 250_000,
        }
    }
}

pub(crate) struct Projector {
    backend: Backend,
    limits: MemoryLimits,
    cache: HashMap<RecordId, RecordState>,
    /// The previous generation of `cache` (never dirty: a flush precedes each rotation).
    older: HashMap<RecordId, RecordState>,
    dirty: HashSet<RecordId>,
}

impl Projector {
    pub(crate) fn new(backend: Backend, limits: MemoryLimits) -> Self {
        Projector {
            backend,
            limits,
            cache: HashMap::new(),
            older: HashMap::new(),
            dirty: HashSet::new(),
        }
    }

    /// Whether enough records have changed since the last flush to write them out now.
    pub(crate) fn should_flush(&self) -> bool {
        self.dirty.len() >= self.limits.flush_after_dirty
    }

    /// Loads from the database the states these events need that are not in memory.
    async fn prefetch(
        &mut self,
        tx: &mut Transaction<'static, Any>,
        events: &[Event],
    ) -> Result<(), StoreError> {
        let mut need: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let older = &mut self.older;
        let cache = &mut self.cache;
        // Whether the state must be read from `records`: not in memory (a state in the older
        // generation moves back into the current one).
        let mut must_read = |id: &RecordId| -> bool {
            if cache.contains_key(id) {
                return false;
            }
            if let Some(state) = older.remove(id) {
                cache.insert(id.clone(), state);
                return false;
            }
            seen.insert(id.clone())
        };
        for ev in events {
            let creates =
                matches!(ev.data.subject_rule(), SubjectRule::Creates(_)) && ev.corrects.is_none();
            if !creates && must_read(&ev.subject) {
                need.push(ev.subject.to_string());
            }
            if ev.corrects.is_some() {
                // A correction may re-state sub-records; those that exist keep their state.
                for (id, _) in ev.data.also_creates() {
                    if must_read(id) {
                        need.push(id.to_string());
                    }
                }
            }
            if let Some(p) = parent_for_property(&ev.data)
                && must_read(p)
            {
                need.push(p.to_string());
            }
        }
        for ids in need.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({})",
                param_list(self.backend, ids.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in ids {
                q = q.bind(id.as_str());
            }
            for row in q.fetch_all(&mut **tx).await? {
                let state = record_from_row(&row)?;
                self.cache.insert(state.id.clone(), state);
            }
        }
        Ok(())
    }

    /// Applies events (already inserted in `tx`) to the current state.
    pub(crate) async fn project(
        &mut self,
        tx: &mut Transaction<'static, Any>,
        events: &mut [Event],
    ) -> Result<(), StoreError> {
        self.prefetch(tx, events).await?;
        for ev in events.iter_mut() {
            // The event's data object moves into the state: the body already holds its bytes.
            let fields = match std::mem::take(&mut ev.data_json) {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            };
            if ev.corrects.is_some() {
                self.refold(tx, ev).await?;
            } else {
                match ev.data.subject_rule() {
                    SubjectRule::Creates(kind) => {
                        let state =
                            RecordState::create_with(ev, kind, fields, |p| self.property_of(p));
                        self.cache.insert(ev.subject.clone(), state);
                    }
                    SubjectRule::Changes(_) | SubjectRule::ChangesAny => {
                        match self.cache.get_mut(&ev.subject) {
                            Some(state) => state.apply_with(ev, fields),
                            None => {
                                return Err(StoreError::Corrupt(format!(
                                    "event {} changes '{}', which has no current state",
                                    ev.seq, ev.subject
                                )));
                            }
                        }
                    }
                }
            }
            self.dirty.insert(ev.subject.clone());
            for (id, kind) in ev.data.also_creates() {
                if ev.corrects.is_some() && self.cache.contains_key(id) {
                    continue;
                }
                self.cache
                    .insert(id.clone(), RecordState::create_sub(ev, id, kind));
                self.dirty.insert(id.clone());
            }
        }
        Ok(())
    }

    fn property_of(&self, id: &RecordId) -> Option<RecordId> {
        self.cache.get(id).and_then(|s| s.property.clone())
    }

    /// A correction: re-derive the record from its events up to this one.
    async fn refold(
        &mut self,
        tx: &mut Transaction<'static, Any>,
        ev: &Event,
    ) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT body, hash FROM events WHERE subject = $1 AND seq <= $2 ORDER BY seq",
        )
        .bind(ev.subject.as_str())
        .bind(ev.seq as i64)
        .fetch_all(&mut **tx)
        .await?;
        let mut events = Vec::with_capacity(rows.len());
        for row in &rows {
            use sqlx::Row;
            events.push(event_from_row(row.try_get("body")?, row.try_get("hash")?)?);
        }
        let refs: Vec<&Event> = events.iter().collect();
        let folded = fold(&refs, |p| self.property_of(p));
        match folded {
            Some(state) => {
                self.cache.insert(ev.subject.clone(), state);
            }
            None => {
                // Voided at birth: keep the record so references to it still resolve.
                if let Some(state) = self.cache.get_mut(&ev.subject) {
                    state.status = "voided".into();
                    state.updated_seq = ev.seq;
                }
            }
        }
        Ok(())
    }

    /// Writes changed states.
    pub(crate) async fn flush(
        &mut self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<(), StoreError> {
        let mut dirty: Vec<&RecordState> = self
            .dirty
            .iter()
            .filter_map(|id| self.cache.get(id))
            .collect();
        dirty.sort_by(|a, b| a.id.cmp(&b.id));
        let cols = [
            "id",
            "kind",
            "status",
            "property",
            "opened",
            "updated",
            "created_seq",
            "updated_seq",
            "state",
        ];
        let upsert = "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, status = excluded.status, \
                      property = excluded.property, opened = excluded.opened, updated = excluded.updated, \
                      created_seq = excluded.created_seq, updated_seq = excluded.updated_seq, state = excluded.state";
        for chunk in dirty.chunks(ROWS_PER_STATEMENT) {
            let sql = multi_row_insert(self.backend, "records", &cols, chunk.len(), upsert);
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for s in chunk {
                q = q
                    .bind(s.id.to_string())
                    .bind(s.kind.as_str())
                    .bind(s.status.clone())
                    .bind(s.property.as_ref().map(|p| p.to_string()))
                    .bind(s.opened.to_string())
                    .bind(s.updated.to_string())
                    .bind(s.created_seq as i64)
                    .bind(s.updated_seq as i64)
                    .bind(state_json(s));
            }
            q.execute(&mut **tx).await?;
        }
        self.dirty.clear();
        if self.cache.len() > self.limits.states_per_generation {
            self.older = std::mem::take(&mut self.cache);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use homesafe_core::demo::{DemoConfig, generate};
    use homesafe_core::history::Hash;

    use super::MemoryLimits;
    use crate::testing::TestDb;

    /// A demo landlord's history as the lines of a history file.
    fn demo_history(homes: u32, years: u32) -> String {
        let config = DemoConfig {
            homes,
            years,
            seed: 7,
            ..DemoConfig::default()
        };
        let (mut seq, mut prev, mut out) = (0, Hash::GENESIS, String::new());
        generate(&config, |draft| {
            seq += 1;
            let event = draft.seal(seq, prev);
            prev = event.hash;
            out.push_str(&event.line());
            out.push('\n');
        });
        out
    }

    async fn import(db: &TestDb, history: &str) {
        db.store
            .import(
                std::io::Cursor::new(history.as_bytes().to_vec()),
                "test",
                &mut |_: u64| {},
            )
            .await
            .expect("import");
    }

    async fn count_records(db: &TestDb) -> i64 {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM records")
            .fetch_one(&db.store.pool)
            .await
            .expect("count")
            .try_get("n")
            .expect("n")
    }

    /// States moved between generations, dropped with the older one and read back from
    /// `records` must give exactly the tables a write holding everything gives — on import and
    /// on rebuild.
    #[tokio::test]
    async fn small_memory_limits_derive_the_same_current_state() {
        let history = demo_history(12, 3);
        let roomy = TestDb::new().await;
        import(&roomy, &history).await;
        let expected = roomy.store.state_digest().await.expect("digest");
        let records = count_records(&roomy).await;

        let limits = MemoryLimits {
            lines_per_chunk: 50,
            flush_after_dirty: 20,
            states_per_generation: 30,
        };
        // Enough records that states are rotated and dropped many times over.
        assert!(
            records > 10 * limits.states_per_generation as i64,
            "{records} records"
        );
        let mut tight = TestDb::new().await;
        tight.store.memory = limits;
        import(&tight, &history).await;
        assert_eq!(tight.store.state_digest().await.expect("digest"), expected);
        tight
            .store
            .rebuild(&mut |_: u64| {})
            .await
            .expect("rebuild");
        assert_eq!(tight.store.state_digest().await.expect("digest"), expected);
        roomy.drop_db().await;
        tight.drop_db().await;
    }
}
