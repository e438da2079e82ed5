//! The record as it stood at a knowledge instant: events folded into per-record case state.
//!
//! **Visibility.** An event is known from the end of its `recorded` time
//! ([`HistoryTime::end`]): an instant from that instant, a day from the end of that London day, a
//! month from the end of the month. HomeSafe never claims to have known something before it could
//! have been recorded.
//!
//! **Corrections** follow `records::fold`: a corrected event is replaced, in its place, by its
//! latest correction; `entry.voided` withdraws it — each from the moment the correction itself
//! became known. Before that, the original stands (it is what the record showed).
//!
//! Relationships (which works orders belong to a report, which appointments to a works order...)
//! are found through an index of every reference any version of any event makes, and then
//! confirmed against the effective events at the instant asked about.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use crate::events::{EventData, SubjectRule};
use crate::history::{Event, EventId, HistoryTime, RecordId};
use crate::people::{ReviewOutcome, VulnerabilityCode};
use crate::references::RecordKind;
use crate::repairs::{VisitOutcome, WorkPurpose, WorksOrderCompleted, WorksOrderRaised};
use crate::rules::RulesConfig;

/// When an event became known: the end of its `recorded` time.
pub(crate) fn visible(ev: &Event) -> Timestamp {
    ev.recorded.end()
}

pub(crate) struct Model<'e> {
    pub cfg: &'e RulesConfig,
    pub events: &'e [Event],
    by_subject: HashMap<&'e RecordId, Vec<&'e Event>>,
    kinds: HashMap<&'e RecordId, RecordKind>,
    /// A sub-record's parent (a recommendation's survey).
    owner: HashMap<&'e RecordId, &'e RecordId>,
    /// Record → the subjects of events whose data refers to it (any version), first seen first.
    referenced_by: HashMap<&'e RecordId, Vec<&'e RecordId>>,
    /// Records in creation order, by kind.
    by_kind: HashMap<RecordKind, Vec<&'e RecordId>>,
    /// Records with at least one correction among their events.
    corrected: HashSet<&'e RecordId>,
}

impl<'e> Model<'e> {
    pub fn new(events: &'e [Event], cfg: &'e RulesConfig) -> Model<'e> {
        let mut m = Model {
            cfg,
            events,
            by_subject: HashMap::new(),
            kinds: HashMap::new(),
            owner: HashMap::new(),
            referenced_by: HashMap::new(),
            by_kind: HashMap::new(),
            corrected: HashSet::new(),
        };
        let mut seen_ref: HashSet<(&RecordId, &RecordId)> = HashSet::new();
        for ev in events {
            m.by_subject.entry(&ev.subject).or_default().push(ev);
            if ev.corrects.is_some() {
                m.corrected.insert(&ev.subject);
            }
            if let SubjectRule::Creates(kind) = ev.data.subject_rule()
                && !m.kinds.contains_key(&ev.subject)
            {
                m.kinds.insert(&ev.subject, kind);
                m.by_kind.entry(kind).or_default().push(&ev.subject);
            }
            for (id, kind) in ev.data.also_creates() {
                if !m.kinds.contains_key(id) {
                    m.kinds.insert(id, kind);
                    m.by_kind.entry(kind).or_default().push(id);
                    m.owner.insert(id, &ev.subject);
                }
            }
            for r in ev.data.refs().list {
                if seen_ref.insert((r.id, &ev.subject)) {
                    m.referenced_by.entry(r.id).or_default().push(&ev.subject);
                }
            }
        }
        for events in m.by_subject.values_mut() {
            events.sort_by_key(|e| e.seq);
        }
        m
    }

    pub fn kind(&self, id: &RecordId) -> Option<RecordKind> {
        self.kinds.get(id).copied()
    }

    /// The model's own reference to a record id, if the record exists.
    pub fn record_ref(&self, id: &RecordId) -> Option<&'e RecordId> {
        self.kinds.get_key_value(id).map(|(k, _)| *k)
    }

    pub fn records_of(&self, kind: RecordKind) -> &[&'e RecordId] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    pub fn owner(&self, id: &RecordId) -> Option<&'e RecordId> {
        self.owner.get(id).copied()
    }

    /// The records whose events refer to `id`, of the given kind (any version of the event).
    pub fn referring(&self, id: &RecordId, kind: RecordKind) -> Vec<&'e RecordId> {
        self.referenced_by
            .get(id)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|r| self.kind(r) == Some(kind))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every event about `id` (its own subject, and for a sub-record its parent's), any version.
    pub fn all_events(&self, id: &RecordId) -> impl Iterator<Item = &'e Event> + '_ {
        let own = self.by_subject.get(id).into_iter().flatten().copied();
        let parent = self
            .owner(id)
            .and_then(|o| self.by_subject.get(o))
            .into_iter()
            .flatten()
            .copied();
        own.chain(parent)
    }

    /// The distinct instants at which any event about these records became known, in order.
    pub fn instants<'a>(&self, ids: impl IntoIterator<Item = &'a RecordId>) -> Vec<Timestamp> {
        let mut out: Vec<Timestamp> = ids
            .into_iter()
            .flat_map(|id| self.all_events(id).map(visible).collect::<Vec<_>>())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The effective events about `id` known at `k`, in history order: corrections applied as
    /// far as they were known at `k`.
    pub fn effective(&self, id: &RecordId, k: Timestamp) -> Vec<&'e Event> {
        let Some(all) = self.by_subject.get(id) else {
            return Vec::new();
        };
        let known: Vec<&'e Event> = all.iter().copied().filter(|e| visible(e) <= k).collect();
        if !self.corrected.contains(id) {
            return known;
        }
        let mut replacement: HashMap<&EventId, &'e Event> = HashMap::new();
        for ev in &known {
            if let Some(c) = &ev.corrects {
                replacement.insert(c, ev);
            }
        }
        let mut out = Vec::new();
        for ev in &known {
            if ev.corrects.is_some() {
                continue;
            }
            let mut current: &'e Event = ev;
            for _ in 0..known.len() {
                match replacement.get(&current.id) {
                    Some(next) => current = next,
                    None => break,
                }
            }
            if current.type_name != "entry.voided" {
                out.push(current);
            }
        }
        out
    }

    /// The record's creating event as known at `k` (`None` if not yet known or voided).
    pub fn created(&self, id: &RecordId, k: Timestamp) -> Option<&'e Event> {
        self.effective(id, k)
            .into_iter()
            .find(|e| matches!(e.data.subject_rule(), SubjectRule::Creates(_)))
    }

    /// The landlord a property belongs to, as known at `k`.
    pub fn landlord_of_property(&self, property: &RecordId, k: Timestamp) -> Option<RecordId> {
        match self.created(property, k).map(|e| &e.data) {
            Some(EventData::PropertyRegistered(p)) => p.landlord.clone(),
            _ => None,
        }
    }

    /// The home a record belongs to, as known at `k`.
    pub fn property_of(&self, id: &RecordId, k: Timestamp) -> Option<RecordId> {
        self.property_of_depth(id, k, 0)
    }

    fn property_of_depth(&self, id: &RecordId, k: Timestamp, depth: u8) -> Option<RecordId> {
        if depth > 6 {
            return None;
        }
        let next = |other: &RecordId| self.property_of_depth(other, k, depth + 1);
        match self.kind(id)? {
            RecordKind::Property => return Some(id.clone()),
            RecordKind::Person => return self.person_property(id, k),
            RecordKind::Recommendation => return self.owner(id).and_then(next),
            _ => {}
        }
        let created = self.created(id, k)?;
        match &created.data {
            EventData::ReportReceived(d) => Some(d.property.clone()),
            EventData::WorksOrderRaised(d) => Some(d.property.clone()),
            EventData::HazardOpened(d) => Some(d.property.clone()),
            EventData::TenancyStarted(d) => Some(d.property.clone()),
            EventData::LegalCaseOpened(d) => Some(d.property.clone()),
            EventData::SurveyRecorded(d) => d.property.clone(),
            EventData::ComplaintReceived(d) => d
                .property
                .clone()
                .or_else(|| self.person_property(&d.complainant, k)),
            EventData::AppointmentBooked(d) => next(&d.works_order),
            EventData::CommitmentMade(d) => next(&d.source),
            EventData::RemedyOffered(d) => next(&d.for_case),
            EventData::OmbudsmanCaseOpened(d) => d.complaints.iter().find_map(next),
            EventData::OmbudsmanOrderMade(d) => next(&d.case),
            EventData::VulnerabilityRecorded(d) => next(&d.person),
            EventData::AdjustmentAgreed(d) => next(&d.person),
            EventData::QuoteReceived(d) => next(&d.works_order),
            EventData::ConductCaseOpened(d) => d
                .works_orders
                .iter()
                .find_map(next)
                .or_else(|| d.complaint.as_ref().and_then(next))
                .or_else(|| d.reported_by.as_ref().and_then(next)),
            EventData::ContactLogged(d) => d.about.iter().find_map(next).or_else(|| {
                d.parties
                    .iter()
                    .filter_map(|p| p.person.as_ref())
                    .find_map(next)
            }),
            _ => None,
        }
    }

    /// The home of the latest tenancy a person is a tenant or member of, as known at `k`.
    pub fn person_property(&self, person: &RecordId, k: Timestamp) -> Option<RecordId> {
        let mut found = None;
        for tenancy in self.referring(person, RecordKind::Tenancy) {
            let evs = self.effective(tenancy, k);
            let Some(EventData::TenancyStarted(t)) = evs.first().map(|e| &e.data) else {
                continue;
            };
            let member = t.tenants.contains(person)
                || t.members.iter().any(|m| &m.person == person)
                || evs.iter().any(|e| matches!(&e.data, EventData::HouseholdMemberAdded(a) if &a.person == person));
            if member {
                found = Some(t.property.clone());
            }
        }
        found
    }

    /// The people of the household at `property` as known at `k` (tenancies not ended).
    pub fn household(&self, property: &RecordId, k: Timestamp) -> Vec<RecordId> {
        let mut people: Vec<RecordId> = Vec::new();
        for tenancy in self.referring(property, RecordKind::Tenancy) {
            let evs = self.effective(tenancy, k);
            let Some(EventData::TenancyStarted(t)) = evs.first().map(|e| &e.data) else {
                continue;
            };
            if t.property != *property
                || evs
                    .iter()
                    .any(|e| matches!(e.data, EventData::TenancyEnded(_)))
            {
                continue;
            }
            people.extend(t.tenants.iter().cloned());
            people.extend(t.members.iter().map(|m| m.person.clone()));
            for e in &evs {
                if let EventData::HouseholdMemberAdded(a) = &e.data {
                    people.push(a.person.clone());
                }
            }
        }
        let mut seen = HashSet::new();
        people.retain(|p| seen.insert(p.clone()));
        people
    }

    /// The tenancy records of a property (any version), for knowledge instants.
    pub fn tenancies_of(&self, property: &RecordId) -> Vec<&'e RecordId> {
        self.referring(property, RecordKind::Tenancy)
    }

    /// The vulnerabilities recorded for a person (any version), for knowledge instants.
    pub fn vulnerabilities_of(&self, person: &RecordId) -> Vec<&'e RecordId> {
        self.referring(person, RecordKind::Vulnerability)
    }

    /// The current (recorded, not ended) vulnerabilities of the household at `property`, known at
    /// `k`: (vulnerability record, person, code).
    pub fn household_vulnerabilities(
        &self,
        property: &RecordId,
        k: Timestamp,
    ) -> Vec<(&'e RecordId, RecordId, VulnerabilityCode)> {
        let mut out = Vec::new();
        for person in self.household(property, k) {
            for v in self.vulnerabilities_of(&person) {
                let evs = self.effective(v, k);
                let Some(EventData::VulnerabilityRecorded(rec)) = evs.first().map(|e| &e.data)
                else {
                    continue;
                };
                if rec.person != person {
                    continue;
                }
                let ended = evs
                    .iter()
                    .rev()
                    .find_map(|e| match &e.data {
                        EventData::VulnerabilityReviewed(r) => {
                            Some(r.outcome == ReviewOutcome::Ended)
                        }
                        _ => None,
                    })
                    .unwrap_or(false);
                if !ended {
                    out.push((v, person.clone(), rec.code));
                }
            }
        }
        out
    }

    /// A works order as known at `k`.
    pub fn works_order(&self, id: &'e RecordId, k: Timestamp) -> Option<WorksOrder<'e>> {
        let evs = self.effective(id, k);
        let first = *evs.first()?;
        let EventData::WorksOrderRaised(raised) = &first.data else {
            return None;
        };
        Some(WorksOrder {
            id,
            raised_ev: first,
            raised,
            evs,
        })
    }

    /// Works orders raised for a report, as known at `k`.
    pub fn works_orders_for_report(&self, report: &RecordId, k: Timestamp) -> Vec<WorksOrder<'e>> {
        self.referring(report, RecordKind::WorksOrder)
            .into_iter()
            .filter_map(|w| self.works_order(w, k))
            .filter(|w| w.raised.report.as_ref() == Some(report))
            .collect()
    }

    /// Works orders that follow on from `wo`, as known at `k`.
    pub fn follow_ons(&self, wo: &RecordId, k: Timestamp) -> Vec<WorksOrder<'e>> {
        self.referring(wo, RecordKind::WorksOrder)
            .into_iter()
            .filter_map(|w| self.works_order(w, k))
            .filter(|w| w.raised.follow_on_of.as_ref() == Some(wo))
            .collect()
    }

    /// Appointments booked on a works order, as known at `k`.
    pub fn appointments(&self, wo: &RecordId, k: Timestamp) -> Vec<Appointment<'e>> {
        self.referring(wo, RecordKind::Appointment)
            .into_iter()
            .filter_map(|a| self.appointment(a, k))
            .filter(|a| a.works_order() == Some(wo))
            .collect()
    }

    pub fn appointment(&self, id: &'e RecordId, k: Timestamp) -> Option<Appointment<'e>> {
        let evs = self.effective(id, k);
        matches!(
            evs.first().map(|e| &e.data),
            Some(EventData::AppointmentBooked(_))
        )
        .then_some(Appointment { id, evs })
    }

    /// Whether the work of `wo` is settled at `k`: believed done, or replaced by (cancelled with
    /// `replaced_by`) or followed on by work that is itself settled. Cancelled with no
    /// replacement, or still open, it is not.
    pub fn settled(&self, wo: &'e RecordId, k: Timestamp) -> bool {
        let mut visiting = HashSet::new();
        self.settled_inner(wo, k, &mut visiting)
    }

    fn settled_inner(
        &self,
        wo: &'e RecordId,
        k: Timestamp,
        visiting: &mut HashSet<&'e RecordId>,
    ) -> bool {
        if !visiting.insert(wo) {
            return false;
        }
        let Some(w) = self.works_order(wo, k) else {
            return false;
        };
        if w.done() {
            return true;
        }
        let mut next: Vec<&'e RecordId> =
            self.follow_ons(wo, k).into_iter().map(|f| f.id).collect();
        if let Some(r) = w.cancellation().and_then(|c| c.replaced_by.as_ref()) {
            next.push(r);
        }
        !next.is_empty() && next.into_iter().all(|n| self.settled_inner(n, k, visiting))
    }

    /// Document records that evidence `id` and that the landlord holds, known at `k`.
    pub fn held_documents_for(&self, id: &RecordId, k: Timestamp) -> Vec<&'e RecordId> {
        self.referring(id, RecordKind::Document)
            .into_iter()
            .filter(|d| {
                let evs = self.effective(d, k);
                let held = matches!(evs.first().map(|e| &e.data), Some(EventData::DocumentAdded(a)) if a.held);
                let links = evs.iter().any(|e| match &e.data {
                    EventData::DocumentAdded(a) => a.evidences.contains(id),
                    EventData::DocumentLinked(l) => l.evidences.contains(id),
                    _ => false,
                });
                held && links
            })
            .collect()
    }

    /// Whether a document record is held, as known at `k`.
    pub fn document_held(&self, id: &RecordId, k: Timestamp) -> bool {
        matches!(self.created(id, k).map(|e| &e.data), Some(EventData::DocumentAdded(a)) if a.held)
    }
}

/// A works order as known at one instant.
pub(crate) struct WorksOrder<'e> {
    pub id: &'e RecordId,
    pub raised_ev: &'e Event,
    pub raised: &'e WorksOrderRaised,
    /// Every effective event, the raising first.
    pub evs: Vec<&'e Event>,
}

impl<'e> WorksOrder<'e> {
    /// Believed done: completed (or confirmed, or passed a post-inspection after a completion)
    /// and not disputed or failed since, and not cancelled since.
    pub fn done(&self) -> bool {
        let mut completed = false;
        let mut done = false;
        for e in &self.evs {
            match &e.data {
                EventData::WorksOrderCompleted(_) => {
                    completed = true;
                    done = true;
                }
                EventData::WorksOrderDisputed(_) => done = false,
                EventData::WorksOrderConfirmed(_) => done = completed,
                EventData::WorksOrderPostInspected(p) => done = completed && p.passed,
                EventData::WorksOrderCancelled(_) => done = false,
                _ => {}
            }
        }
        done
    }

    /// The cancellation, if the order's latest state is cancelled (no completion after it).
    pub fn cancellation(&self) -> Option<&'e crate::repairs::WorksOrderCancelled> {
        let mut out = None;
        for e in &self.evs {
            match &e.data {
                EventData::WorksOrderCancelled(c) => out = Some(c),
                EventData::WorksOrderCompleted(_) => out = None,
                _ => {}
            }
        }
        out
    }

    pub fn last_completion(&self) -> Option<(&'e Event, &'e WorksOrderCompleted)> {
        self.evs.iter().rev().find_map(|e| match &e.data {
            EventData::WorksOrderCompleted(c) => Some((*e, c)),
            _ => None,
        })
    }

    pub fn purpose(&self) -> WorkPurpose {
        self.raised.purpose
    }

    pub fn description(&self) -> &'e str {
        &self.raised.task.description
    }
}

/// An appointment as known at one instant.
pub(crate) struct Appointment<'e> {
    pub id: &'e RecordId,
    pub evs: Vec<&'e Event>,
}

impl<'e> Appointment<'e> {
    pub fn works_order(&self) -> Option<&'e RecordId> {
        match self.evs.first().map(|e| &e.data) {
            Some(EventData::AppointmentBooked(b)) => Some(&b.works_order),
            _ => None,
        }
    }

    /// The appointment date as last booked or rearranged.
    pub fn date(&self) -> Option<&'e HistoryTime> {
        self.evs.iter().rev().find_map(|e| match &e.data {
            EventData::AppointmentBooked(b) => Some(&b.date),
            EventData::AppointmentRearranged(r) => Some(&r.date),
            _ => None,
        })
    }

    /// The latest recorded outcome.
    pub fn outcome(&self) -> Option<(&'e Event, VisitOutcome)> {
        self.evs.iter().rev().find_map(|e| match &e.data {
            EventData::AppointmentOutcome(o) => Some((*e, o.outcome)),
            _ => None,
        })
    }
}

/// A short, stable rendering of a time for alert details: "30 March 2021", "March 2021", "2022".
pub(crate) fn when(t: &HistoryTime) -> String {
    match t {
        HistoryTime::Year(y) => format!("{y}"),
        HistoryTime::Month(..) => t.first_date().strftime("%B %Y").to_string(),
        HistoryTime::Day(d) => d.strftime("%-d %B %Y").to_string(),
        HistoryTime::Instant(ts) => ts
            .to_zoned(crate::history::london())
            .strftime("%-d %B %Y %H:%M")
            .to_string(),
    }
}

/// "on 30 March 2021", "in March 2021", "in 2022": a time as a phrase.
pub(crate) fn on_when(t: &HistoryTime) -> String {
    match t {
        HistoryTime::Year(_) | HistoryTime::Month(..) => format!("in {}", when(t)),
        _ => format!("on {}", when(t)),
    }
}

/// A civil date for alert details.
pub(crate) fn day(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}
