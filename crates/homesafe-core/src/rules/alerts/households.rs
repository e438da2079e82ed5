//! Households: which records' alerts must be worked out together, so that a landlord's clocks
//! can be evaluated one household at a time and kept in a table instead of replaying the whole
//! history for every dashboard.
//!
//! Two records belong to the same **household group** when an event ties them: a report names
//! its home, a works order its report, a tenancy its people, a complaint its complainant, a
//! report the shared component it is about. The groups are the connected parts of that graph —
//! usually one home and everything about it; flats whose reports name the same soil stack fall
//! into one group, so a recurrence across them is still seen; a person who moved joins both
//! homes.
//!
//! A few kinds of record are **shared** by many homes and would join everything into one group:
//! the landlord, estates, blocks, contractors and operatives. They join nothing. Their own events
//! (registering a block, naming an operative) are given to every group that refers to them,
//! directly or through another shared record (an operative's contractor).
//!
//! A **conduct case** (a report about a contractor's conduct or workmanship) belongs with what it
//! names besides the contractor — its works orders, the complaint it came in, the person who
//! reported it — so its alerts, and a complaint answered while it was uninvestigated, are worked
//! out with that household. The contractor and operative it names are shared and join nothing:
//! two homes' reports about one contractor stay two households.
//!
//! An **invoice** bills works orders of many homes at once; it joins nothing either, and its events
//! are given to the group of each works order it bills.
//!
//! Evaluating each group with [`alert_spans`](super::alert_spans) gives exactly the spans of the
//! whole history (tests/alerts_by_household.rs checks it on the cases and the demo landlord).

use std::collections::{HashMap, HashSet};

use crate::events::SubjectRule;
use crate::history::{Event, RecordId};
use crate::references::RecordKind;

/// Kinds shared by many homes: they never join two records into one group.
pub fn is_shared(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Landlord
            | RecordKind::Estate
            | RecordKind::Block
            | RecordKind::Contractor
            | RecordKind::Operative
    )
}

/// Kinds that tie several homes' records without making them one household: their events go to
/// each group they refer to.
pub fn is_attached(kind: RecordKind) -> bool {
    matches!(kind, RecordKind::Invoice)
}

/// Where an event goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// To the group of this record (a node of [`Households`]; resolve it with
    /// [`Households::group_of`] once every event has been placed — groups merge as history goes).
    Household(u32),
    /// To the group of each of these records (an invoice's works orders).
    Several(Vec<u32>),
    /// To every group that refers to its subject, a shared record.
    Shared,
}

/// Union–find over the records of a history, fed its events in order.
#[derive(Debug, Default)]
pub struct Households {
    node: HashMap<RecordId, u32>,
    ids: Vec<RecordId>,
    shared: Vec<bool>,
    parent: Vec<u32>,
    /// An attached record (an invoice) → the records it refers to.
    attached: HashMap<u32, Vec<u32>>,
}

impl Households {
    pub fn new() -> Households {
        Households::default()
    }

    /// The node of a record, made on first sight. A record's kind is known from the event that
    /// created it, which comes first in a valid history; a reference to a record never seen is
    /// judged by the kinds its field allows.
    fn node_for(&mut self, id: &RecordId, shared: impl FnOnce() -> bool) -> u32 {
        if let Some(n) = self.node.get(id) {
            return *n;
        }
        let n = self.ids.len() as u32;
        self.node.insert(id.clone(), n);
        self.ids.push(id.clone());
        self.shared.push(shared());
        self.parent.push(n);
        n
    }

    /// The root of a node's group.
    pub fn find(&mut self, mut n: u32) -> u32 {
        while self.parent[n as usize] != n {
            let grand = self.parent[self.parent[n as usize] as usize];
            self.parent[n as usize] = grand;
            n = grand;
        }
        n
    }

    /// Joins two groups. The older root (first seen) stays root, so a group's key is always its
    /// earliest record, whatever order the joins came in.
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[join as usize] = keep;
        }
    }

    /// Places one event (in history order) and joins the records it ties together.
    pub fn place(&mut self, ev: &Event) -> Place {
        let subject_kind = match ev.data.subject_rule() {
            SubjectRule::Creates(k) | SubjectRule::Changes(k) => Some(k),
            SubjectRule::ChangesAny => None,
        };
        let subject = self.node_for(&ev.subject, || subject_kind.is_some_and(is_shared));
        let mut tied: Vec<u32> = Vec::new();
        for (id, kind) in ev.data.also_creates() {
            tied.push(self.node_for(id, || is_shared(kind)));
        }
        for r in ev.data.refs().list {
            tied.push(self.node_for(r.id, || r.kinds.iter().all(|k| is_shared(*k))));
        }
        tied.retain(|n| !self.shared[*n as usize]);
        if subject_kind.is_some_and(is_attached) || self.attached.contains_key(&subject) {
            let targets = self.attached.entry(subject).or_default();
            for n in tied {
                if !targets.contains(&n) {
                    targets.push(n);
                }
            }
            return Place::Several(targets.clone());
        }
        let mut home = (!self.shared[subject as usize]).then_some(subject);
        for n in tied {
            home = Some(self.join_into(home, n));
        }
        match home {
            Some(n) => Place::Household(n),
            None => Place::Shared,
        }
    }

    fn join_into(&mut self, home: Option<u32>, n: u32) -> u32 {
        if let Some(h) = home {
            self.union(h, n);
            h
        } else {
            n
        }
    }

    /// The key of a node's group: the id of its earliest record.
    pub fn group_of(&mut self, n: u32) -> &RecordId {
        let root = self.find(n);
        &self.ids[root as usize]
    }

    /// Every attached record (an invoice) with the key of each group it is in, once per group.
    pub fn attached_records(&mut self) -> Vec<(RecordId, RecordId)> {
        let mut attached: Vec<(u32, Vec<u32>)> =
            self.attached.iter().map(|(k, v)| (*k, v.clone())).collect();
        attached.sort_unstable();
        let mut out = Vec::new();
        for (n, targets) in attached {
            let mut keys: Vec<RecordId> =
                targets.iter().map(|t| self.group_of(*t).clone()).collect();
            keys.sort();
            keys.dedup();
            out.extend(keys.into_iter().map(|k| (self.ids[n as usize].clone(), k)));
        }
        out
    }

    /// The node of a record, if it has been seen.
    pub fn node_of(&self, id: &RecordId) -> Option<u32> {
        self.node.get(id).copied()
    }

    /// Whether a record is of a shared kind.
    pub fn is_shared_record(&self, id: &RecordId) -> bool {
        self.node_of(id).is_some_and(|n| self.shared[n as usize])
    }

    /// Every record that belongs to one household group (not shared, not attached), with its
    /// group's key.
    pub fn records(&mut self) -> Vec<(RecordId, RecordId)> {
        let mut out = Vec::new();
        for n in 0..self.ids.len() as u32 {
            if !self.shared[n as usize] && !self.attached.contains_key(&n) {
                let key = self.group_of(n).clone();
                out.push((self.ids[n as usize].clone(), key));
            }
        }
        out
    }
}

/// The events of shared records (the landlord, estates, blocks, contractors, operatives), and
/// which of them a group needs.
#[derive(Debug, Default, Clone)]
pub struct SharedRecords {
    events: Vec<Event>,
    by_subject: HashMap<RecordId, Vec<usize>>,
}

impl SharedRecords {
    pub fn new() -> SharedRecords {
        SharedRecords::default()
    }

    /// Keeps an event placed [`Place::Shared`].
    pub fn add(&mut self, ev: Event) {
        self.by_subject
            .entry(ev.subject.clone())
            .or_default()
            .push(self.events.len());
        self.events.push(ev);
    }

    /// Every shared event, in history order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The shared events a group's events refer to, directly or through other shared records.
    pub fn needed_by<'s>(&'s self, group: &[Event]) -> Vec<&'s Event> {
        let mut wanted: Vec<&RecordId> = Vec::new();
        let mut seen: HashSet<&RecordId> = HashSet::new();
        let mut visit = |id: &RecordId, wanted: &mut Vec<&'s RecordId>| {
            if let Some((key, _)) = self.by_subject.get_key_value(id)
                && seen.insert(key)
            {
                wanted.push(key);
            }
        };
        for ev in group {
            visit(&ev.subject, &mut wanted);
            for r in ev.data.refs().list {
                visit(r.id, &mut wanted);
            }
        }
        let mut out: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < wanted.len() {
            for &e in &self.by_subject[wanted[i]] {
                out.push(e);
                for r in self.events[e].data.refs().list {
                    visit(r.id, &mut wanted);
                }
            }
            i += 1;
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|e| &self.events[e]).collect()
    }

    /// A group's events with the shared events it needs, in history order — a self-contained
    /// history for [`alert_spans`](super::alert_spans).
    pub fn complete(&self, group: Vec<Event>) -> Vec<Event> {
        let mut all: Vec<Event> = self.needed_by(&group).into_iter().cloned().collect();
        all.extend(group);
        all.sort_by_key(|e| e.seq);
        all
    }
}

/// One household group of a history: its key (its earliest record), its records, the sequence
/// numbers of its own events, and those events completed with the shared events they need.
#[derive(Debug, Clone)]
pub struct HouseholdGroup {
    pub key: RecordId,
    /// Its records (an invoice is listed in each group it bills).
    pub records: Vec<RecordId>,
    /// Its own events' sequence numbers, in order (not the shared events).
    pub own: Vec<u64>,
    /// A self-contained history for [`alert_spans`](super::alert_spans): its own events and the
    /// shared events they need, in history order.
    pub events: Vec<Event>,
}

/// A set of events split into household groups, and the shared events among them.
#[derive(Debug, Default)]
pub struct Split {
    /// In order of their first event.
    pub groups: Vec<HouseholdGroup>,
    pub shared: SharedRecords,
}

/// Splits events (a whole history, or some household groups' events with new events) into
/// household groups. A group made only of invoice events — an invoice naming works orders whose
/// own events are not in the set — is left out: it is part of a group not being split.
pub fn split(events: &[Event]) -> Split {
    let mut households = Households::new();
    let mut shared = SharedRecords::new();
    let mut placed: Vec<(u32, &Event, bool)> = Vec::new();
    for ev in events {
        match households.place(ev) {
            Place::Household(n) => placed.push((n, ev, true)),
            Place::Several(nodes) => placed.extend(nodes.into_iter().map(|n| (n, ev, false))),
            Place::Shared => shared.add(ev.clone()),
        }
    }
    let mut order: Vec<RecordId> = Vec::new();
    let mut groups: HashMap<RecordId, (Vec<Event>, bool)> = HashMap::new();
    for (n, ev, own) in placed {
        let key = households.group_of(n).clone();
        let (group, has_own) = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            (Vec::new(), false)
        });
        *has_own |= own;
        // An invoice's event goes to a group once, however many of its works orders are there.
        if group.last().is_none_or(|last| last.seq != ev.seq) {
            group.push(ev.clone());
        }
    }
    let mut records: HashMap<RecordId, Vec<RecordId>> = HashMap::new();
    for (record, key) in households.records() {
        records.entry(key).or_default().push(record);
    }
    for (record, key) in households.attached_records() {
        records.entry(key).or_default().push(record);
    }
    let groups = order
        .into_iter()
        .filter_map(|key| {
            let (own_events, has_own) = groups.remove(&key)?;
            has_own.then(|| HouseholdGroup {
                records: records.remove(&key).unwrap_or_default(),
                own: own_events.iter().map(|e| e.seq).collect(),
                events: shared.complete(own_events),
                key,
            })
        })
        .collect();
    Split { groups, shared }
}

/// A whole history split into household groups: each group's key and its self-contained events,
/// then the shared records on their own (keyed by the first of them), for any duty about them
/// alone.
pub fn split_by_household(events: &[Event]) -> Vec<(RecordId, Vec<Event>)> {
    let Split { groups, shared } = split(events);
    let mut out: Vec<(RecordId, Vec<Event>)> =
        groups.into_iter().map(|g| (g.key, g.events)).collect();
    if let Some(first) = shared.events().first() {
        out.push((first.subject.clone(), shared.events().to_vec()));
    }
    out
}
