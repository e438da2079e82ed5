//! Promised vs done (requirements R14): for a property, a household or a complaint, one row for
//! everything raised — when it was raised, each date the landlord said it would be done, and
//! whether and when it was, with whether the record shows that done with evidence and verified.
//! It is the table the Ombudsman had to build by hand in the Clarion case (202208650, assessment
//! ¶11: "Works complained about or raised | When landlord said works would be attended to |
//! Completed or not"), derived from history alone and as the record stood at any instant.
//!
//! **A row** starts from where the work was raised: a report, a survey recommendation, or a works
//! order raised on its own; a works order that follows on from or replaces another joins its
//! origin's row, and one raised from a report or to fulfil a recommendation joins that row. A
//! promise with no works order at all is a row of its own, so nothing promised is missing.
//!
//! **Said**: the due date of each commitment linked to the row's works (linked when made, by
//! `commitment.works_linked`, or by a works order raised to fulfil it), counted when the link was
//! made — unless that due date had already passed — and at each later reschedule.
//!
//! **Done**: the row's works followed through follow-ons and replacements as the commitment fate
//! does ([`super::fate`]); a job cancelled with nothing replacing it does not hold a row open when
//! a later job was raised for the same report or recommendation. A completion that was disputed,
//! failed its post-inspection or was withdrawn is not done.

use jiff::Timestamp;
use serde::Serialize;

use crate::events::EventData;
use crate::history::{Event, HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::rules::RulesConfig;
use crate::rules::alerts::model::Model;

use super::fate::{WorkState, follow};

/// What the table is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    Property(RecordId),
    /// A household: its tenancy record. Rows raised during the tenancy, at its home.
    Household(RecordId),
    Complaint(RecordId),
}

/// Where a row starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Report,
    Recommendation,
    WorksOrder,
    /// A commitment with no works order.
    Promise,
}

/// One date the landlord said the work would be done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Said {
    pub due: HistoryTime,
    /// When it was said (the commitment, link or reschedule).
    pub said_on: HistoryTime,
    pub commitment: RecordId,
}

/// When the work was done, and whether the record shows it verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Done {
    pub on: HistoryTime,
    /// Complete with evidence and confirmed or passed at a post-inspection.
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub root: RecordId,
    pub origin: Origin,
    /// The earliest of the root and its works.
    pub raised: HistoryTime,
    pub what: String,
    pub works: Vec<RecordId>,
    pub commitments: Vec<RecordId>,
    pub said: Vec<Said>,
    pub done: Option<Done>,
    /// Where the work stands; `None` when no works order was ever raised.
    pub state: Option<WorkState>,
    /// Each works order on the row and where it stood, in words.
    pub detail: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub scope: Scope,
    pub at: Timestamp,
    /// By the date raised, then root.
    pub rows: Vec<Row>,
}

/// The table for `scope` as the record stood at `at`. An unknown scope record gives no rows.
pub fn promised_vs_done(
    events: &[Event],
    config: &RulesConfig,
    scope: Scope,
    at: Timestamp,
) -> Table {
    let m = Model::new(events, config);
    let roots = match &scope {
        Scope::Property(p) => property_roots(&m, p, at, None),
        Scope::Household(t) => household_roots(&m, t, at),
        Scope::Complaint(c) => complaint_roots(&m, c, at),
    };
    let mut rows: Vec<Row> = roots
        .into_iter()
        .filter_map(|(root, origin)| row(&m, root, origin, at))
        .collect();
    rows.sort_by(|a, b| (a.raised.first_date(), &a.root).cmp(&(b.raised.first_date(), &b.root)));
    Table { scope, at, rows }
}

/// One row, for a report, recommendation, works order or commitment, as the record stood at
/// `at`; `None` if the record was not known then (or is not one of those).
pub fn row_for(
    events: &[Event],
    config: &RulesConfig,
    root: &RecordId,
    at: Timestamp,
) -> Option<Row> {
    let m = Model::new(events, config);
    let root = m.record_ref(root)?;
    let origin = match m.kind(root)? {
        RecordKind::Report => Origin::Report,
        RecordKind::Recommendation => Origin::Recommendation,
        RecordKind::WorksOrder => Origin::WorksOrder,
        RecordKind::Commitment => Origin::Promise,
        _ => return None,
    };
    row(&m, root, origin, at)
}

type Root<'e> = (&'e RecordId, Origin);

fn push<'e>(roots: &mut Vec<Root<'e>>, r: Root<'e>) {
    if !roots.iter().any(|(id, _)| *id == r.0) {
        roots.push(r);
    }
}

/// The row a works order belongs to: back through what it follows on from or replaces to its
/// origin, then that origin's report or recommendation.
fn root_of<'e>(m: &Model<'e>, wo: &'e RecordId, at: Timestamp) -> Root<'e> {
    let mut cur = wo;
    for _ in 0..64 {
        let Some(w) = m.works_order(cur, at) else {
            break;
        };
        let back = w
            .raised
            .follow_on_of
            .as_ref()
            .and_then(|p| m.record_ref(p))
            .or_else(|| replaced(m, cur, at));
        match back {
            Some(b) if b != wo => cur = b,
            _ => break,
        }
    }
    let Some(w) = m.works_order(cur, at) else {
        return (cur, Origin::WorksOrder);
    };
    if let Some(r) = w.raised.report.as_ref().and_then(|r| m.record_ref(r)) {
        return (r, Origin::Report);
    }
    let rec = w
        .raised
        .fulfils
        .iter()
        .filter_map(|f| m.record_ref(f))
        .find(|f| m.kind(f) == Some(RecordKind::Recommendation));
    match rec {
        Some(r) => (r, Origin::Recommendation),
        None => (cur, Origin::WorksOrder),
    }
}

/// The order that `wo` replaced (cancelled with `replaced_by` naming it), if any.
fn replaced<'e>(m: &Model<'e>, wo: &'e RecordId, at: Timestamp) -> Option<&'e RecordId> {
    m.referring(wo, RecordKind::WorksOrder)
        .into_iter()
        .find(|other| {
            m.works_order(other, at)
                .and_then(|o| o.cancellation())
                .is_some_and(|c| c.replaced_by.as_ref() == Some(wo))
        })
}

fn property_roots<'e>(
    m: &Model<'e>,
    property: &RecordId,
    at: Timestamp,
    since: Option<(jiff::civil::Date, Option<jiff::civil::Date>)>,
) -> Vec<Root<'e>> {
    let in_window = |t: &HistoryTime| {
        since.is_none_or(|(from, to)| {
            t.last_date() >= from && to.is_none_or(|to| t.first_date() <= to)
        })
    };
    let mut roots = Vec::new();
    for r in m.records_of(RecordKind::Report) {
        if let Some(ev) = m.created(r, at)
            && let EventData::ReportReceived(rep) = &ev.data
            && rep.property == *property
            && in_window(&ev.at)
        {
            push(&mut roots, (r, Origin::Report));
        }
    }
    for w in m.records_of(RecordKind::WorksOrder) {
        if let Some(wo) = m.works_order(w, at)
            && wo.raised.property == *property
            && in_window(&wo.raised_ev.at)
        {
            push(&mut roots, root_of(m, w, at));
        }
    }
    for c in m.records_of(RecordKind::Commitment) {
        if let Some(ev) = m.created(c, at)
            && in_window(&ev.at)
            && m.property_of(c, at).as_ref() == Some(property)
            && linked_works(m, c, at).is_empty()
        {
            push(&mut roots, (c, Origin::Promise));
        }
    }
    roots
}

fn household_roots<'e>(m: &Model<'e>, tenancy: &RecordId, at: Timestamp) -> Vec<Root<'e>> {
    let evs = m.effective(tenancy, at);
    let Some(EventData::TenancyStarted(t)) = evs.first().map(|e| &e.data) else {
        return Vec::new();
    };
    let ended = evs.iter().find_map(|e| match &e.data {
        EventData::TenancyEnded(_) => Some(e.at.last_date()),
        _ => None,
    });
    property_roots(m, &t.property, at, Some((t.start.first_date(), ended)))
}

fn complaint_roots<'e>(m: &Model<'e>, complaint: &RecordId, at: Timestamp) -> Vec<Root<'e>> {
    let mut roots = Vec::new();
    let Some(EventData::ComplaintReceived(received)) = m.created(complaint, at).map(|e| &e.data)
    else {
        return roots;
    };
    for a in received.about.iter().filter_map(|a| m.record_ref(a)) {
        match m.kind(a) {
            Some(RecordKind::Report) => push(&mut roots, (a, Origin::Report)),
            Some(RecordKind::Recommendation) => push(&mut roots, (a, Origin::Recommendation)),
            Some(RecordKind::WorksOrder) => push(&mut roots, root_of(m, a, at)),
            _ => {}
        }
    }
    for c in m.referring(complaint, RecordKind::Commitment) {
        let from_here = matches!(
            m.created(c, at).map(|e| &e.data),
            Some(EventData::CommitmentMade(made)) if made.source == *complaint
        );
        if !from_here {
            continue;
        }
        let works = linked_works(m, c, at);
        if works.is_empty() {
            push(&mut roots, (c, Origin::Promise));
        }
        for w in works {
            push(&mut roots, root_of(m, w, at));
        }
    }
    roots
}

/// The works orders linked to a commitment at `at`: named when made, linked since, or raised
/// to fulfil it.
pub(crate) fn linked_works<'e>(
    m: &Model<'e>,
    commitment: &'e RecordId,
    at: Timestamp,
) -> Vec<&'e RecordId> {
    let mut out: Vec<&'e RecordId> = Vec::new();
    for (_, _, w) in link_events(m, commitment, at) {
        if let Some(w) = w
            && !out.contains(&w)
        {
            out.push(w);
        }
    }
    out
}

/// What happened to a commitment, in history order: (event, new due, newly linked order).
fn link_events<'e>(
    m: &Model<'e>,
    commitment: &'e RecordId,
    at: Timestamp,
) -> Vec<(&'e Event, Option<&'e HistoryTime>, Option<&'e RecordId>)> {
    let mut out = Vec::new();
    for e in m.effective(commitment, at) {
        match &e.data {
            EventData::CommitmentMade(made) => {
                out.push((e, Some(&made.due), None));
                // Kept even when the order is not (yet) on the record: the promise names it.
                for w in &made.works_orders {
                    out.push((e, None, Some(w)));
                }
            }
            EventData::CommitmentWorksLinked(l) => out.push((e, None, Some(&l.works_order))),
            EventData::CommitmentRescheduled(r) => out.push((e, Some(&r.due), None)),
            _ => {}
        }
    }
    for w in m.referring(commitment, RecordKind::WorksOrder) {
        if let Some(wo) = m.works_order(w, at)
            && wo.raised.fulfils.contains(commitment)
        {
            out.push((wo.raised_ev, None, Some(w)));
        }
    }
    out.sort_by_key(|(e, _, _)| e.seq);
    out
}

fn row<'e>(m: &Model<'e>, root: &'e RecordId, origin: Origin, at: Timestamp) -> Option<Row> {
    let created = m.created(root, at).or_else(|| {
        // A recommendation is created by its survey.
        m.owner(root).and_then(|s| m.created(s, at))
    })?;
    let mut raised = created.at;
    let what = match (&created.data, origin) {
        (EventData::ReportReceived(r), _) => r.description.clone(),
        (EventData::WorksOrderRaised(w), _) => w.task.description.clone(),
        (EventData::CommitmentMade(c), _) => c.description.clone(),
        (EventData::SurveyRecorded(s), Origin::Recommendation) => s
            .recommendations
            .iter()
            .find(|r| r.id == *root)
            .map(|r| r.text.clone())
            .unwrap_or_default(),
        _ => return None,
    };

    // The row's own works: raised from the report or for the recommendation, or the order itself.
    let top: Vec<&'e RecordId> = match origin {
        Origin::WorksOrder => vec![root],
        Origin::Promise => Vec::new(),
        Origin::Report | Origin::Recommendation => m
            .records_of(RecordKind::WorksOrder)
            .iter()
            .copied()
            .filter(|w| {
                m.works_order(w, at).is_some_and(|wo| {
                    let from_root = match origin {
                        Origin::Report => wo.raised.report.as_ref() == Some(root),
                        _ => wo.raised.fulfils.contains(root),
                    };
                    from_root && root_of(m, w, at).0 == root
                })
            })
            .collect(),
    };
    // Orders reached from another top-level order are followed from it.
    let mut chains = Vec::new();
    let mut works: Vec<RecordId> = Vec::new();
    let mut detail = Vec::new();
    let mut ignored = Vec::new();
    for w in &top {
        if works.contains(w) {
            continue;
        }
        let mut via = Vec::new();
        let mut visiting = Vec::new();
        let (state, completed_on, lines) = follow(m, w, at, &mut via, &mut visiting, &mut ignored);
        works.push((*w).clone());
        for v in via {
            if !works.contains(&v) {
                works.push(v);
            }
        }
        detail.extend(lines);
        chains.push((state, completed_on));
    }
    for w in &works {
        if let Some(r) = m.record_ref(w)
            && let Some(wo) = m.works_order(r, at)
            && wo.raised_ev.at.first_date() < raised.first_date()
        {
            raised = wo.raised_ev.at;
        }
    }
    // A job cancelled with nothing replacing it is superseded by a later job on the same row.
    if chains.len() > 1 {
        let last = chains.len() - 1;
        let mut i = 0;
        chains.retain(|(s, _)| {
            let keep = i == last || *s != WorkState::Cancelled;
            i += 1;
            keep
        });
    }
    let state = if chains.is_empty() {
        None
    } else if chains.iter().all(|(s, _)| *s == WorkState::Verified) {
        Some(WorkState::Verified)
    } else if chains.iter().all(|(s, _)| s.done()) {
        Some(WorkState::Unverified)
    } else {
        Some(
            chains
                .iter()
                .map(|(s, _)| *s)
                .find(|s| s.threatens())
                .unwrap_or(WorkState::NotDone),
        )
    };
    let done = state.filter(WorkState::done).and_then(|s| {
        chains
            .iter()
            .filter_map(|(_, c)| *c)
            .max_by_key(|c| c.last_date())
            .map(|on| Done {
                on,
                verified: s == WorkState::Verified,
            })
    });

    // What the landlord said, and when.
    let commitments: Vec<&'e RecordId> = match origin {
        Origin::Promise => vec![root],
        _ => {
            let mut cs: Vec<&'e RecordId> = Vec::new();
            for w in &works {
                if let Some(w) = m.record_ref(w) {
                    for c in m.referring(w, RecordKind::Commitment) {
                        if !cs.contains(&c) {
                            cs.push(c);
                        }
                    }
                    if let Some(wo) = m.works_order(w, at) {
                        for f in wo.raised.fulfils.iter().filter_map(|f| m.record_ref(f)) {
                            if m.kind(f) == Some(RecordKind::Commitment) && !cs.contains(&f) {
                                cs.push(f);
                            }
                        }
                    }
                }
            }
            cs
        }
    };
    let mut said: Vec<(u64, Said)> = Vec::new();
    let mut linked_commitments = Vec::new();
    for c in commitments {
        let mut links_row = origin == Origin::Promise;
        let mut due: Option<&HistoryTime> = None;
        let mut any = false;
        for (e, new_due, link) in link_events(m, c, at) {
            let mut say = false;
            if let Some(d) = new_due {
                due = Some(d);
                say = links_row;
            }
            if let Some(w) = link
                && works.contains(w)
                && !links_row
            {
                links_row = true;
                // A link made after the due date passed says nothing about when.
                say = due.is_some_and(|d| d.end() > e.at.earliest());
            }
            if say && let Some(d) = due {
                any = true;
                if !said.iter().any(|(_, s)| s.due == *d) {
                    said.push((
                        e.seq,
                        Said {
                            due: *d,
                            said_on: e.at,
                            commitment: c.clone(),
                        },
                    ));
                }
            }
        }
        if links_row || any {
            linked_commitments.push(c.clone());
        }
    }
    said.sort_by_key(|(seq, _)| *seq);
    if origin == Origin::Promise {
        detail.push("No works order was raised for this promise.".to_string());
    } else if top.is_empty() {
        detail.push("No works order was raised.".to_string());
    }
    Some(Row {
        root: root.clone(),
        origin,
        raised,
        what,
        works,
        commitments: linked_commitments,
        said: said.into_iter().map(|(_, s)| s).collect(),
        done,
        state,
        detail,
    })
}
