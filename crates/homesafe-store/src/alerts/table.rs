//! Alerts kept in tables (migrations 0003 and 0004), so that a worklist at any moment is a query,
//! not a replay of the whole history.
//!
//! The rules engine evaluates one household group at a time (`rules::alerts::households`): the
//! alert spans and vulnerability spans of all groups together are exactly those of the whole
//! history. Before any alert is read the store brings the tables up to date:
//!
//! - **catch up** — the events appended since the tables were last brought up to date are placed
//!   in their household groups; only the groups they touch are re-evaluated (their stored events
//!   with the new ones, split again, since a new event can join two groups). A change to a shared
//!   record that already existed (a block, a contractor) may matter to any household, so it
//!   rebuilds instead;
//! - **rebuild** — from nothing, when there are none yet, when the calendar the rules count on has
//!   changed (a GOV.UK feed imported) or the engine has, or when more than
//!   [`CATCH_UP_LIMIT`] events are new (an import): one pass places every event, a second reads
//!   each group's events together (the database sorts them by group) and evaluates it.
//!
//! The tables are derived, never a source of truth: deleting them loses nothing.

use std::collections::{BTreeSet, HashSet};

use futures_util::TryStreamExt;
use homesafe_core::events::SubjectRule;
use homesafe_core::history::{Event, RecordId};
use homesafe_core::people::VulnerabilityCode;
use homesafe_core::references::RecordKind;
use homesafe_core::rules::alerts::households::{
    Households, Place, SharedRecords, is_shared, split,
};
use homesafe_core::rules::{
    self, Alert, AlertCode, AlertSpan, AlertStage, RulesConfig, Severity, ShownStretch,
    VulnerabilitySpan,
};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use crate::connect::Store;
use crate::error::StoreError;
use crate::history::Progress;
use crate::rows::{event_from_row, multi_row_insert, param_list};

/// Bumped whenever the alert rules change what they derive, so stored alerts are rebuilt.
const ENGINE_VERSION: u32 = 4;

/// More new events than this and the tables are rebuilt rather than caught up.
pub const CATCH_UP_LIMIT: i64 = 20_000;

/// "Never cleared" in the `clears` columns.
const NEVER: i64 = i64::MAX;

/// Rows per multi-row INSERT.
const ROWS_PER_INSERT: usize = 200;

/// What bringing the alert tables up to date did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    UpToDate,
    CaughtUp { events: u64, households: u64 },
    Rebuilt { events: u64, households: u64 },
}

fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

fn from_micros(us: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(us)
        .map_err(|e| StoreError::Corrupt(format!("alert time {us}: {e}")))
}

fn clears_column(t: Option<Timestamp>) -> i64 {
    t.map_or(NEVER, micros)
}

impl Store {
    /// What the stored alerts were derived with: the engine and the calendar's feeds.
    async fn alerts_fingerprint(&self) -> Result<String, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS last FROM calendar_feeds")
                .fetch_one(&self.pool)
                .await?;
        let n: i64 = row.try_get("n")?;
        let last: i64 = row.try_get("last")?;
        Ok(format!(
            "engine {ENGINE_VERSION}; calendar feeds {n}, last {last}"
        ))
    }

    async fn last_seq(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS last FROM events")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("last")?)
    }

    /// Brings the alert tables up to date with the history (see the module documentation).
    pub async fn refresh_alerts(
        &self,
        progress: &mut (dyn Progress + Send),
    ) -> Result<Refreshed, StoreError> {
        let _guard = self.alerts_lock.lock().await;
        let fingerprint = self.alerts_fingerprint().await?;
        let last = self.last_seq().await?;
        let state = sqlx::query("SELECT covered_seq, calendar FROM alert_state WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = state {
            let covered: i64 = row.try_get("covered_seq")?;
            let used: String = row.try_get("calendar")?;
            if used == fingerprint && covered == last {
                return Ok(Refreshed::UpToDate);
            }
            if used == fingerprint && covered < last && last - covered <= CATCH_UP_LIMIT {
                let new_events = self.events_between(covered, last).await?;
                if !self.changes_shared_records(&new_events).await? {
                    return self.catch_up(new_events, last, &fingerprint).await;
                }
            }
        }
        self.rebuild_tables(last, &fingerprint, progress).await
    }

    /// Rebuilds the alert tables from the whole history, whatever their state.
    pub async fn rebuild_alerts(
        &self,
        progress: &mut (dyn Progress + Send),
    ) -> Result<Refreshed, StoreError> {
        let _guard = self.alerts_lock.lock().await;
        let fingerprint = self.alerts_fingerprint().await?;
        let last = self.last_seq().await?;
        self.rebuild_tables(last, &fingerprint, progress).await
    }

    async fn rebuild_tables(
        &self,
        last: i64,
        fingerprint: &str,
        progress: &mut (dyn Progress + Send),
    ) -> Result<Refreshed, StoreError> {
        let config = self.rules_config().await?;
        // Pass 1: place every event. Only the placement is kept, and the shared records' events.
        // The database reads the next page while a second thread parses and places this one.
        let (page_tx, mut page_rx) = tokio::sync::mpsc::channel::<Vec<(String, String)>>(2);
        let placing = tokio::task::spawn_blocking(move || -> Result<Placement, StoreError> {
            let mut p = Placement::default();
            while let Some(page) = page_rx.blocking_recv() {
                for (body, hash) in page {
                    let ev = event_from_row(&body, &hash)?;
                    match p.households.place(&ev) {
                        Place::Household(n) => p.placed.push((ev.seq, n)),
                        Place::Several(nodes) => p.attached.push((ev.seq, nodes)),
                        Place::Shared => p.shared.add(ev),
                    }
                }
            }
            Ok(p)
        });
        let mut done = 0u64;
        let mut after = 0i64;
        while after < last {
            let rows = sqlx::query(
                "SELECT seq, body, hash FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 10000",
            )
            .bind(after)
            .bind(last)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                break;
            }
            let mut page = Vec::with_capacity(rows.len());
            for row in &rows {
                after = row.try_get("seq")?;
                page.push((row.try_get("body")?, row.try_get("hash")?));
            }
            done += rows.len() as u64;
            if page_tx.send(page).await.is_err() {
                break; // the placing thread stopped: its error is reported below
            }
            progress.set(done);
        }
        drop(page_tx);
        let Placement {
            mut households,
            shared,
            placed,
            attached,
        } = join(placing).await??;

        // The groups, written first so the second pass can read each group's events together.
        let mut tx = self.pool.begin().await?;
        for table in [
            "alert_state",
            "alert_households",
            "alert_household_events",
            "alert_shared_events",
            "alert_spans",
            "alert_vulnerabilities",
        ] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}")))
                .execute(&mut *tx)
                .await?;
        }
        let mut rows: Vec<[String; 2]> = Vec::new();
        for (record, key) in households.records() {
            rows.push([record.to_string(), key.to_string()]);
        }
        for (record, key) in households.attached_records() {
            rows.push([record.to_string(), key.to_string()]);
        }
        // Inserted in key order: a 45-million-row index filled at random is many times slower.
        rows.sort_unstable();
        self.insert_text_pairs(&mut tx, "alert_households", ["record", "household"], &rows)
            .await?;
        drop(rows);
        let mut member_rows: Vec<(String, i64)> = Vec::with_capacity(placed.len());
        for (seq, n) in &placed {
            member_rows.push((households.group_of(*n).to_string(), *seq as i64));
        }
        drop(placed);
        for (seq, nodes) in &attached {
            let keys: BTreeSet<String> = nodes
                .iter()
                .map(|n| households.group_of(*n).to_string())
                .collect();
            member_rows.extend(keys.into_iter().map(|k| (k, *seq as i64)));
        }
        drop(attached);
        drop(households);
        member_rows.sort_unstable();
        self.insert_members(&mut tx, &member_rows).await?;
        let households_count = {
            let keys: HashSet<&str> = member_rows.iter().map(|(k, _)| k.as_str()).collect();
            keys.len() as u64
        };
        drop(member_rows);
        self.insert_shared(&mut tx, shared.events()).await?;
        tx.commit().await?;

        // Pass 2: each group's events together, evaluated, written in one transaction. The
        // database streams the rows and writes the spans while a second thread parses and
        // evaluates each group.
        let shared = std::sync::Arc::new(shared);
        let (group_tx, mut group_rx) =
            tokio::sync::mpsc::channel::<(String, Vec<(String, String)>)>(64);
        // Unbounded, so the evaluating thread never waits on a reader that waits on it.
        let (spans_tx, mut spans_rx) = tokio::sync::mpsc::unbounded_channel::<SpanWriter>();
        let evaluating = {
            let shared = shared.clone();
            let config = config.clone();
            tokio::task::spawn_blocking(move || -> Result<(), StoreError> {
                let mut batch = SpanWriter::default();
                while let Some((key, rows)) = group_rx.blocking_recv() {
                    let mut group = Vec::with_capacity(rows.len());
                    for (body, hash) in rows {
                        group.push(event_from_row(&body, &hash)?);
                    }
                    batch.evaluate(&key, &shared.complete(group), &config);
                    if batch.spans.len() >= 5_000 {
                        let full = std::mem::take(&mut batch);
                        if spans_tx.send(full).is_err() {
                            return Ok(());
                        }
                    }
                }
                let _ = spans_tx.send(batch);
                Ok(())
            })
        };
        let mut tx = self.pool.begin().await?;
        {
            let mut stream = sqlx::query(
                "SELECT g.household, e.body, e.hash FROM alert_household_events g \
                 JOIN events e ON e.seq = g.seq ORDER BY g.household, g.seq",
            )
            .fetch(&self.pool);
            let mut current: Option<String> = None;
            let mut group: Vec<(String, String)> = Vec::new();
            let mut read = 0u64;
            while let Some(row) = stream.try_next().await? {
                let key: String = row.try_get("household")?;
                if current.as_deref() != Some(key.as_str()) {
                    if let Some(done_key) = current.take()
                        && group_tx
                            .send((done_key, std::mem::take(&mut group)))
                            .await
                            .is_err()
                    {
                        break; // the evaluating thread stopped: its error is reported below
                    }
                    current = Some(key);
                }
                group.push((row.try_get("body")?, row.try_get("hash")?));
                read += 1;
                if read.is_multiple_of(10_000) {
                    progress.set(done + read);
                }
                while let Ok(mut batch) = spans_rx.try_recv() {
                    batch.flush(self, &mut tx).await?;
                }
            }
            if let Some(done_key) = current.take() {
                let _ = group_tx.send((done_key, group)).await;
            }
        }
        drop(group_tx);
        while let Some(mut batch) = spans_rx.recv().await {
            batch.flush(self, &mut tx).await?;
        }
        join(evaluating).await??;
        let mut writer = SpanWriter::default();
        if let Some(first) = shared.events().first() {
            writer.evaluate(first.subject.as_str(), shared.events(), &config);
        }
        writer.flush(self, &mut tx).await?;
        self.set_state(&mut tx, last, fingerprint).await?;
        tx.commit().await?;
        Ok(Refreshed::Rebuilt {
            events: last as u64,
            households: households_count,
        })
    }

    /// Whether new events change a shared record that existed before them (a block, a
    /// contractor...). Any household may depend on it, and which ones is not kept, so the
    /// tables are rebuilt; registering a new shared record changes nobody's alerts.
    async fn changes_shared_records(&self, new_events: &[Event]) -> Result<bool, StoreError> {
        let mut created: HashSet<&RecordId> = HashSet::new();
        let mut existing: BTreeSet<String> = BTreeSet::new();
        for ev in new_events {
            let creates = matches!(ev.data.subject_rule(), SubjectRule::Creates(_));
            if creates && ev.corrects.is_none() {
                created.insert(&ev.subject);
            } else if !created.contains(&ev.subject) {
                existing.insert(ev.subject.to_string());
            }
        }
        let existing: Vec<String> = existing.into_iter().collect();
        let kinds = self
            .distinct_in("SELECT DISTINCT kind FROM records WHERE id IN", &existing)
            .await?;
        Ok(kinds
            .iter()
            .filter_map(|k| RecordKind::parse(k))
            .any(is_shared))
    }

    /// Re-evaluates the household groups that new events touch.
    async fn catch_up(
        &self,
        new_events: Vec<Event>,
        last: i64,
        fingerprint: &str,
    ) -> Result<Refreshed, StoreError> {
        let config = self.rules_config().await?;
        // The groups any new event names a record of.
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for ev in &new_events {
            ids.insert(ev.subject.to_string());
            for r in ev.data.refs().list {
                ids.insert(r.id.to_string());
            }
            for (id, _) in ev.data.also_creates() {
                ids.insert(id.to_string());
            }
        }
        let ids: Vec<String> = ids.into_iter().collect();
        let touched: Vec<String> = self
            .distinct_in(
                "SELECT DISTINCT household FROM alert_households WHERE record IN",
                &ids,
            )
            .await?;
        // Their events, the new ones, and the shared events all of them need.
        let mut events: Vec<Event> = self.household_events(&touched).await?;
        events.extend(new_events.iter().cloned());
        events.sort_by_key(|e| e.seq);
        events.dedup_by_key(|e| e.seq);
        let mut needed: Vec<Event> = self.shared_events_needed(&events).await?;
        needed.append(&mut events);
        needed.sort_by_key(|e| e.seq);
        needed.dedup_by_key(|e| e.seq);
        let split = split(&needed);
        let new_seqs: HashSet<u64> = new_events.iter().map(|e| e.seq).collect();
        let new_shared: Vec<&Event> = split
            .shared
            .events()
            .iter()
            .filter(|e| new_seqs.contains(&e.seq))
            .collect();

        let mut tx = self.pool.begin().await?;
        for table in [
            "alert_households",
            "alert_household_events",
            "alert_spans",
            "alert_vulnerabilities",
        ] {
            for chunk in touched.chunks(500) {
                let sql = format!(
                    "DELETE FROM {table} WHERE household IN ({})",
                    param_list(self.backend, chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for k in chunk {
                    q = q.bind(k.as_str());
                }
                q.execute(&mut *tx).await?;
            }
        }
        let mut pairs: Vec<[String; 2]> = Vec::new();
        let mut members: Vec<(String, i64)> = Vec::new();
        let mut writer = SpanWriter::default();
        for g in &split.groups {
            pairs.extend(g.records.iter().map(|r| [r.to_string(), g.key.to_string()]));
            members.extend(g.own.iter().map(|s| (g.key.to_string(), *s as i64)));
            writer.evaluate(g.key.as_str(), &g.events, &config);
        }
        self.insert_text_pairs(&mut tx, "alert_households", ["record", "household"], &pairs)
            .await?;
        self.insert_members(&mut tx, &members).await?;
        if !new_shared.is_empty() {
            let owned: Vec<Event> = new_shared.iter().map(|e| (*e).clone()).collect();
            self.insert_shared(&mut tx, &owned).await?;
            // The shared records on their own, evaluated again with every shared event.
            let all_shared = self.all_shared_events(&mut tx).await?;
            if let Some(first) = all_shared.first() {
                let key = first.subject.to_string();
                for table in ["alert_spans", "alert_vulnerabilities"] {
                    sqlx::query(AssertSqlSafe(format!(
                        "DELETE FROM {table} WHERE household = $1"
                    )))
                    .bind(key.as_str())
                    .execute(&mut *tx)
                    .await?;
                }
                writer.evaluate(&key, &all_shared, &config);
            }
        }
        writer.flush(self, &mut tx).await?;
        self.set_state(&mut tx, last, fingerprint).await?;
        tx.commit().await?;
        Ok(Refreshed::CaughtUp {
            events: new_events.len() as u64,
            households: split.groups.len() as u64,
        })
    }

    async fn events_between(&self, after: i64, last: i64) -> Result<Vec<Event>, StoreError> {
        let rows =
            sqlx::query("SELECT body, hash FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq")
                .bind(after)
                .bind(last)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| event_from_row(r.try_get("body")?, r.try_get("hash")?))
            .collect()
    }

    /// `SELECT DISTINCT x … IN (values)`, in chunks, results sorted and deduplicated.
    async fn distinct_in(
        &self,
        select: &str,
        values: &[String],
    ) -> Result<Vec<String>, StoreError> {
        let mut out: BTreeSet<String> = BTreeSet::new();
        for chunk in values.chunks(500) {
            let sql = format!("{select} ({})", param_list(self.backend, chunk.len()));
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for v in chunk {
                q = q.bind(v.as_str());
            }
            for row in q.fetch_all(&self.pool).await? {
                out.insert(row.try_get::<String, _>(0)?);
            }
        }
        Ok(out.into_iter().collect())
    }

    pub(crate) async fn household_events(
        &self,
        households: &[String],
    ) -> Result<Vec<Event>, StoreError> {
        let mut out = Vec::new();
        for chunk in households.chunks(500) {
            let sql = format!(
                "SELECT DISTINCT e.seq, e.body, e.hash FROM alert_household_events g \
                 JOIN events e ON e.seq = g.seq WHERE g.household IN ({}) ORDER BY e.seq",
                param_list(self.backend, chunk.len())
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for k in chunk {
                q = q.bind(k.as_str());
            }
            for row in q.fetch_all(&self.pool).await? {
                out.push(event_from_row(row.try_get("body")?, row.try_get("hash")?)?);
            }
        }
        Ok(out)
    }

    /// The stored shared events a set of events needs, directly or through other shared records.
    pub(crate) async fn shared_events_needed(
        &self,
        events: &[Event],
    ) -> Result<Vec<Event>, StoreError> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut frontier: Vec<String> = Vec::new();
        let mut visit = |id: &RecordId, frontier: &mut Vec<String>| {
            if seen.insert(id.to_string()) {
                frontier.push(id.to_string());
            }
        };
        for ev in events {
            visit(&ev.subject, &mut frontier);
            for r in ev.data.refs().list {
                visit(r.id, &mut frontier);
            }
        }
        let mut out: Vec<Event> = Vec::new();
        while !frontier.is_empty() {
            let ask = std::mem::take(&mut frontier);
            for chunk in ask.chunks(500) {
                let sql = format!(
                    "SELECT e.body, e.hash FROM alert_shared_events s JOIN events e ON e.seq = s.seq \
                     WHERE s.subject IN ({}) ORDER BY e.seq",
                    param_list(self.backend, chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind(id.as_str());
                }
                for row in q.fetch_all(&self.pool).await? {
                    let ev = event_from_row(row.try_get("body")?, row.try_get("hash")?)?;
                    for r in ev.data.refs().list {
                        visit(r.id, &mut frontier);
                    }
                    out.push(ev);
                }
            }
        }
        Ok(out)
    }

    async fn all_shared_events(
        &self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<Vec<Event>, StoreError> {
        let rows = sqlx::query(
            "SELECT e.body, e.hash FROM alert_shared_events s JOIN events e ON e.seq = s.seq ORDER BY e.seq",
        )
        .fetch_all(&mut **tx)
        .await?;
        rows.iter()
            .map(|r| event_from_row(r.try_get("body")?, r.try_get("hash")?))
            .collect()
    }

    async fn insert_text_pairs(
        &self,
        tx: &mut Transaction<'static, Any>,
        table: &str,
        cols: [&str; 2],
        rows: &[[String; 2]],
    ) -> Result<(), StoreError> {
        for chunk in rows.chunks(ROWS_PER_INSERT * 2) {
            let sql = multi_row_insert(self.backend, table, &cols, chunk.len(), "");
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for [a, b] in chunk {
                q = q.bind(a.as_str()).bind(b.as_str());
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn insert_members(
        &self,
        tx: &mut Transaction<'static, Any>,
        rows: &[(String, i64)],
    ) -> Result<(), StoreError> {
        for chunk in rows.chunks(ROWS_PER_INSERT * 2) {
            let sql = multi_row_insert(
                self.backend,
                "alert_household_events",
                &["household", "seq"],
                chunk.len(),
                "",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (k, seq) in chunk {
                q = q.bind(k.as_str()).bind(*seq);
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn insert_shared(
        &self,
        tx: &mut Transaction<'static, Any>,
        events: &[Event],
    ) -> Result<(), StoreError> {
        for chunk in events.chunks(ROWS_PER_INSERT) {
            let sql = multi_row_insert(
                self.backend,
                "alert_shared_events",
                &["seq", "subject"],
                chunk.len(),
                "",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for ev in chunk {
                q = q.bind(ev.seq as i64).bind(ev.subject.as_str());
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn set_state(
        &self,
        tx: &mut Transaction<'static, Any>,
        covered: i64,
        fingerprint: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM alert_state")
            .execute(&mut **tx)
            .await?;
        sqlx::query("INSERT INTO alert_state (id, covered_seq, calendar) VALUES (1, $1, $2)")
            .bind(covered)
            .bind(fingerprint)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The worklist a dashboard showed at `as_of`, from the alert tables (brought up to date
    /// first): the same alerts, in the same order, as replaying the whole history
    /// ([`Store::alerts_as_of_by_replay`]).
    pub async fn alerts_as_of(&self, as_of: Timestamp) -> Result<Vec<Alert>, StoreError> {
        self.refresh_alerts(&mut |_| {}).await?;
        let (spans, vulnerabilities) = self.present_rows(as_of, None).await?;
        assemble_rows(&spans, &vulnerabilities)
    }

    /// One home's alerts at `as_of` (every alert whose home it is), from the alert tables.
    pub async fn household_alerts(
        &self,
        property: &RecordId,
        as_of: Timestamp,
    ) -> Result<Vec<Alert>, StoreError> {
        self.refresh_alerts(&mut |_| {}).await?;
        let (spans, vulnerabilities) = self.present_rows(as_of, Some(property.as_str())).await?;
        assemble_rows(&spans, &vulnerabilities)
    }

    /// One page of the worklist a dashboard showed at `as_of`: the alerts at positions
    /// `offset..offset + limit` of [`Store::alerts_as_of`], in the same order, read from the
    /// worklist-order index without building the rest; and how many alerts there were in all.
    pub async fn alerts_page(
        &self,
        as_of: Timestamp,
        offset: u64,
        limit: u64,
    ) -> Result<WorklistPage, StoreError> {
        self.refresh_alerts(&mut |_| {}).await?;
        let rows = self.page_rows(as_of, offset, limit).await?;
        let t = micros(as_of);
        let total: i64 = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM alert_spans WHERE {SHOWN}"
        )))
        .bind(t)
        .bind(t)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        let mut homes: Vec<String> = Vec::new();
        for row in &rows {
            if let Some(p) = row.try_get::<Option<String>, _>("property")? {
                homes.push(p);
            }
        }
        homes.sort();
        homes.dedup();
        let mut vulnerabilities: std::collections::HashMap<String, Vec<VulnerabilityCode>> =
            std::collections::HashMap::new();
        let mut suspected: HashSet<String> = HashSet::new();
        for chunk in homes.chunks(ROWS_PER_INSERT) {
            let homes_list = params_from(3, chunk.len());
            let bind_all = |sql: String| {
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(t).bind(t);
                for h in chunk {
                    q = q.bind(h.as_str());
                }
                q
            };
            for row in bind_all(format!(
                "SELECT property, codes FROM alert_vulnerabilities \
                 WHERE clears > $1 AND appears <= $2 AND property IN ({homes_list})"
            ))
            .fetch_all(&self.pool)
            .await?
            {
                let codes: &str = row.try_get("codes")?;
                vulnerabilities.insert(row.try_get("property")?, parse_codes(codes)?);
            }
            for row in bind_all(format!(
                "SELECT DISTINCT property FROM alert_spans WHERE {SHOWN} \
                 AND code = '{}' AND property IN ({homes_list})",
                AlertCode::VulnerabilityPossiblyUnrecorded.as_str()
            ))
            .fetch_all(&self.pool)
            .await?
            {
                suspected.insert(row.try_get("property")?);
            }
        }
        let mut alerts = Vec::with_capacity(rows.len());
        for row in &rows {
            let span = span_from_row(row)?;
            let home = span.property.as_ref().map(|p| p.as_str().to_string());
            alerts.push(Alert {
                vulnerabilities: home
                    .as_ref()
                    .and_then(|h| vulnerabilities.get(h).cloned())
                    .unwrap_or_default(),
                suspected_vulnerability: home.is_some_and(|h| suspected.contains(&h)),
                span,
            });
        }
        Ok(WorklistPage {
            alerts,
            total: total as u64,
        })
    }

    /// The rows of one page of the worklist, in worklist order (the alerts benchmark reads the
    /// same rows as its baseline).
    pub(crate) async fn page_rows(
        &self,
        as_of: Timestamp,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let t = micros(as_of);
        Ok(sqlx::query(AssertSqlSafe(page_sql(self.backend)))
            .bind(t)
            .bind(t)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await?)
    }

    /// The rows of the spans present at `as_of` and of the homes' vulnerabilities then — of one
    /// home, or all. (The alerts benchmark reads the same rows as its baseline.)
    pub(crate) async fn present_rows(
        &self,
        as_of: Timestamp,
        home: Option<&str>,
    ) -> Result<(Vec<AnyRow>, Vec<AnyRow>), StoreError> {
        let t = micros(as_of);
        let (spans, vulnerabilities) = match home {
            None => (
                format!("SELECT {SPAN_COLUMNS} FROM alert_spans WHERE {SHOWN}"),
                "SELECT property, codes FROM alert_vulnerabilities WHERE clears > $1 AND appears <= $2"
                    .to_string(),
            ),
            Some(_) => (
                format!(
                    "SELECT {SPAN_COLUMNS} FROM alert_spans WHERE {SHOWN} AND property = $3"
                ),
                "SELECT property, codes FROM alert_vulnerabilities \
                 WHERE clears > $1 AND appears <= $2 AND property = $3"
                    .to_string(),
            ),
        };
        let mut out = Vec::with_capacity(2);
        for sql in [spans, vulnerabilities] {
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(t).bind(t);
            if let Some(home) = home {
                q = q.bind(home);
            }
            out.push(q.fetch_all(&self.pool).await?);
        }
        let vulnerabilities = out.pop().unwrap_or_default();
        let spans = out.pop().unwrap_or_default();
        Ok((spans, vulnerabilities))
    }
}

/// A page of the worklist at `$1` = `$2`, `$3` alerts from `$4`: in the order of the index
/// `alert_spans_in_worklist_order` (migration 0004), so the database reads the page in order and
/// stops, with no sort. Records compare byte by byte, as `sort_worklist` compares them (on
/// PostgreSQL the "C" collation, which the index is built with).
fn page_sql(backend: crate::connect::Backend) -> String {
    let records = match backend {
        crate::connect::Backend::Sqlite => "records",
        crate::connect::Backend::Postgres => "records COLLATE \"C\"",
    };
    format!(
        "SELECT {SPAN_COLUMNS} FROM alert_spans WHERE {SHOWN} \
         ORDER BY band, due, code_rank, {records}, stage_rank LIMIT $3 OFFSET $4"
    )
}

/// A page of the worklist ([`Store::alerts_page`]).
#[derive(Debug, Clone)]
pub struct WorklistPage {
    pub alerts: Vec<Alert>,
    /// How many alerts the whole worklist holds.
    pub total: u64,
}

/// `n` parameters numbered from `first` (`$3,$4,…`), comma-separated, for an `IN (…)` list after
/// `first - 1` others. Numbered on SQLite too: sqlx counts SQLite's anonymous `?` from 1 whatever
/// precedes it, so after `$1` and `$2` a `?` would take the first value again.
fn params_from(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// How many alerts of one code, severity and stage were present at a moment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AlertCount {
    pub code: AlertCode,
    pub severity: Severity,
    pub stage: AlertStage,
    pub count: u64,
}

impl Store {
    /// The dashboard's tiles at `as_of`: how many alerts of each code, severity and stage were
    /// present, counted in the database (most severe first, then code). The same alerts as
    /// [`Store::alerts_as_of`], without building the worklist.
    pub async fn alert_counts_as_of(
        &self,
        as_of: Timestamp,
    ) -> Result<Vec<AlertCount>, StoreError> {
        self.refresh_alerts(&mut |_| {}).await?;
        let t = micros(as_of);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT code, severity, stage, COUNT(*) AS n FROM alert_spans \
                 WHERE {SHOWN} GROUP BY code, severity, stage"
        )))
        .bind(t)
        .bind(t)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("alert {what} '{v}'"));
            let code: &str = row.try_get("code")?;
            let severity: &str = row.try_get("severity")?;
            let stage: &str = row.try_get("stage")?;
            out.push(AlertCount {
                code: AlertCode::parse(code).ok_or_else(|| corrupt("code", code))?,
                severity: Severity::parse(severity).ok_or_else(|| corrupt("severity", severity))?,
                stage: AlertStage::parse(stage).ok_or_else(|| corrupt("stage", stage))?,
                count: row.try_get::<i64, _>("n")? as u64,
            });
        }
        out.sort_by(|a, b| {
            (std::cmp::Reverse(a.severity), a.code, a.stage).cmp(&(
                std::cmp::Reverse(b.severity),
                b.code,
                b.stage,
            ))
        });
        Ok(out)
    }
}

/// The stretches shown at a moment (bound twice, as `$1` and `$2`): one per alert present then.
pub(crate) const SHOWN: &str = "shown_until > $1 AND shown_from <= $2";

const SPAN_COLUMNS: &str =
    "code, severity, stage, rule, source, property, records, started, due, appears, detail";

fn assemble_rows(spans: &[AnyRow], vulnerabilities: &[AnyRow]) -> Result<Vec<Alert>, StoreError> {
    let mut by_home: std::collections::HashMap<String, Vec<VulnerabilityCode>> =
        std::collections::HashMap::new();
    for row in vulnerabilities {
        let property: String = row.try_get("property")?;
        let codes: &str = row.try_get("codes")?;
        by_home.insert(property, parse_codes(codes)?);
    }
    let present = spans
        .iter()
        .map(span_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rules::assemble(present, |p| {
        by_home.get(p.as_str()).cloned().unwrap_or_default()
    }))
}

fn span_from_row(row: &AnyRow) -> Result<AlertSpan, StoreError> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("alert {what} '{v}'"));
    let code: &str = row.try_get("code")?;
    let severity: &str = row.try_get("severity")?;
    let stage: &str = row.try_get("stage")?;
    let records: &str = row.try_get("records")?;
    let property: Option<String> = row.try_get("property")?;
    Ok(AlertSpan {
        code: AlertCode::parse(code).ok_or_else(|| corrupt("code", code))?,
        severity: Severity::parse(severity).ok_or_else(|| corrupt("severity", severity))?,
        stage: AlertStage::parse(stage).ok_or_else(|| corrupt("stage", stage))?,
        rule: row.try_get::<String, _>("rule")?.into(),
        source: row.try_get::<String, _>("source")?.into(),
        property: property.map(record_id).transpose()?,
        records: records
            .split('\n')
            .filter(|r| !r.is_empty())
            .map(record_id)
            .collect::<Result<_, _>>()?,
        started: from_micros(row.try_get("started")?)?,
        due: from_micros(row.try_get("due")?)?,
        appears: from_micros(row.try_get("appears")?)?,
        clears: None,
        detail: row.try_get("detail")?,
    })
}

fn record_id(s: impl Into<String>) -> Result<RecordId, StoreError> {
    RecordId::parse(s).map_err(|e| StoreError::Corrupt(format!("alert record: {e}")))
}

fn code_str(code: VulnerabilityCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn parse_codes(codes: &str) -> Result<Vec<VulnerabilityCode>, StoreError> {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| {
            serde_json::from_value(serde_json::Value::String(c.to_string()))
                .map_err(|_| StoreError::Corrupt(format!("vulnerability code '{c}'")))
        })
        .collect()
}

/// What the first pass of a rebuild learns: every event's household group, and the shared
/// records' events.
#[derive(Default)]
struct Placement {
    households: Households,
    shared: SharedRecords,
    placed: Vec<(u64, u32)>,
    attached: Vec<(u64, Vec<u32>)>,
}

/// Waits for a blocking task, passing its panic on.
async fn join<T>(task: tokio::task::JoinHandle<T>) -> Result<T, StoreError> {
    match task.await {
        Ok(v) => Ok(v),
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(e) => Err(StoreError::Io(std::io::Error::other(format!(
                "rebuilding alerts did not finish: {e}"
            )))),
        },
    }
}

/// Evaluates household groups and writes their spans in batches, each as its stretches of
/// constant worklist order (`rules::shown_stretches`).
#[derive(Default)]
struct SpanWriter {
    spans: Vec<(String, AlertSpan, Vec<ShownStretch>)>,
    vulnerabilities: Vec<(String, VulnerabilitySpan)>,
}

impl SpanWriter {
    fn evaluate(&mut self, household: &str, events: &[Event], config: &RulesConfig) {
        let spans = rules::alert_spans(events, config);
        let vulnerabilities = rules::vulnerability_spans(events, config);
        let stretches = rules::shown_stretches(&spans, &vulnerabilities);
        for (s, stretches) in spans.into_iter().zip(stretches) {
            self.spans.push((household.to_string(), s, stretches));
        }
        for v in vulnerabilities {
            self.vulnerabilities.push((household.to_string(), v));
        }
    }

    async fn flush(
        &mut self,
        store: &Store,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<(), StoreError> {
        const COLS: [&str; 18] = [
            "household",
            "code",
            "severity",
            "stage",
            "rule",
            "source",
            "property",
            "records",
            "started",
            "due",
            "appears",
            "clears",
            "detail",
            "shown_from",
            "shown_until",
            "band",
            "code_rank",
            "stage_rank",
        ];
        let rows: Vec<(&str, &AlertSpan, &ShownStretch)> = self
            .spans
            .iter()
            .flat_map(|(h, s, stretches)| stretches.iter().map(move |x| (h.as_str(), s, x)))
            .collect();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = multi_row_insert(store.backend, "alert_spans", &COLS, chunk.len(), "");
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (household, s, stretch) in chunk {
                let records: Vec<&str> = s.records.iter().map(|r| r.as_str()).collect();
                q = q
                    .bind(*household)
                    .bind(s.code.as_str())
                    .bind(s.severity.as_str())
                    .bind(s.stage.as_str())
                    .bind(s.rule.as_ref())
                    .bind(s.source.as_ref())
                    .bind(s.property.as_ref().map(|p| p.as_str()))
                    .bind(records.join("\n"))
                    .bind(micros(s.started))
                    .bind(micros(s.due))
                    .bind(micros(s.appears))
                    .bind(clears_column(s.clears))
                    .bind(s.detail.as_str())
                    .bind(micros(stretch.from))
                    .bind(clears_column(stretch.until))
                    .bind(rules::worklist_band(s.severity, stretch.vulnerable))
                    .bind(rules::code_rank(s.code))
                    .bind(rules::stage_rank(s.stage));
            }
            q.execute(&mut **tx).await?;
        }
        drop(rows);
        self.spans.clear();
        for chunk in self.vulnerabilities.chunks(ROWS_PER_INSERT) {
            let sql = multi_row_insert(
                store.backend,
                "alert_vulnerabilities",
                &["household", "property", "codes", "appears", "clears"],
                chunk.len(),
                "",
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (household, v) in chunk {
                let codes: Vec<String> = v.codes.iter().map(|c| code_str(*c)).collect();
                q = q
                    .bind(household.as_str())
                    .bind(v.property.as_str())
                    .bind(codes.join(","))
                    .bind(micros(v.appears))
                    .bind(clears_column(v.clears));
            }
            q.execute(&mut **tx).await?;
        }
        self.vulnerabilities.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::Backend;
    use crate::testing::TestDb;

    /// A page is read from the worklist-order index and nothing is sorted: a page costs the
    /// same on a landlord with a million open alerts as on one with a hundred. (SQLite's plan
    /// does not depend on the table's size; PostgreSQL's does, so it is checked on SQLite.)
    #[tokio::test]
    async fn a_page_is_read_in_index_order_without_sorting() {
        let db = TestDb::new().await;
        if db.store.backend == Backend::Sqlite {
            let plan = sqlx::query(AssertSqlSafe(format!(
                "EXPLAIN QUERY PLAN {}",
                page_sql(Backend::Sqlite)
            )))
            .bind(0i64)
            .bind(0i64)
            .bind(100i64)
            .bind(0i64)
            .fetch_all(&db.store.pool)
            .await
            .expect("plan");
            let plan: Vec<String> = plan
                .iter()
                .map(|r| r.try_get::<String, _>("detail").expect("detail"))
                .collect();
            assert!(
                plan.iter()
                    .any(|d| d.contains("USING INDEX alert_spans_in_worklist_order")),
                "{plan:?}"
            );
            assert!(!plan.iter().any(|d| d.contains("TEMP B-TREE")), "{plan:?}");
        }
        db.drop_db().await;
    }
}
