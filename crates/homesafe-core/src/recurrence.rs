//! What came before (requirements R7): beside every report or works order, the earlier reports,
//! works orders and surveys for the same home, its block, the same shared component, building
//! element or hazard, within the recurrence window (`RulesConfig::recurrence_window_months`,
//! default 24 months) — so the officer taking a report sees at once that the wall was repointed
//! last year and surveyed the winter before (Clarion), or that the soil stack was renewed in
//! 2020 (L&Q).
//!
//! Each earlier item says why it is linked, strongest first: the same follow-on chain, the same
//! hazard case, the same shared component, the same building element of the home, the same
//! hazard type at the home, a survey of the block, or only the same home. The alert
//! `issue.recurring` (`rules/alerts/recurrence.rs`) is the stricter judgement of when a report
//! is *not a new issue*; this is the record an officer reads before deciding.

use std::collections::HashSet;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::events::EventData;
use crate::hazards::HazardType;
use crate::history::{Event, HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::rules::RulesConfig;
use crate::rules::alerts::model::Model;
use crate::rules::alerts::recurrence::ancestors;

/// Why an earlier item is linked, strongest first (the order items are listed by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Link {
    /// Work this job follows on from, directly or further back.
    FollowOnChain,
    /// The same hazard case.
    SameHazard { hazard: RecordId },
    /// The same shared component (a soil stack, a roof).
    SameComponent { component: RecordId },
    /// The same building element of the home.
    SameElement { element: String },
    /// The same hazard type at the home, on another case.
    SameHazardType { hazard_type: HazardType },
    /// A survey of the home's block.
    SameBlock { block: RecordId },
    /// Only the same home.
    SameHome,
}

impl Link {
    /// 0 is the strongest.
    pub fn strength(&self) -> u8 {
        match self {
            Link::FollowOnChain => 0,
            Link::SameHazard { .. } => 1,
            Link::SameComponent { .. } => 2,
            Link::SameElement { .. } => 3,
            Link::SameHazardType { .. } => 4,
            Link::SameBlock { .. } => 5,
            Link::SameHome => 6,
        }
    }
}

/// One earlier report, works order or survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlierItem {
    pub record: RecordId,
    pub kind: RecordKind,
    /// When it was reported, raised or surveyed.
    pub at: HistoryTime,
    /// What it was about: the description, the task, or the survey's findings.
    pub what: String,
    /// `open`, `closed`, `done`, `cancelled` or, for a survey, `recorded` — as known then.
    pub status: &'static str,
    /// Why it is linked, strongest first.
    pub links: Vec<Link>,
}

/// The earlier items linked to a report or works order, as the record stood at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Earlier {
    pub record: RecordId,
    pub property: RecordId,
    pub window_months: u32,
    /// Items whose last activity was on or after this day are shown.
    pub since: Date,
    /// Strongest link first, then the most recent first.
    pub items: Vec<EarlierItem>,
}

/// What a report, works order or survey is about.
struct About<'e> {
    created: &'e Event,
    kind: RecordKind,
    property: Option<RecordId>,
    block: Option<RecordId>,
    component: Option<RecordId>,
    element: Option<String>,
    hazards: HashSet<RecordId>,
    hazard_types: HashSet<HazardType>,
    follow_on_of: Option<RecordId>,
    what: String,
    status: &'static str,
    last: Date,
}

fn hazard_type(m: &Model<'_>, hazard: &RecordId, k: Timestamp) -> Option<HazardType> {
    match m.created(hazard, k).map(|e| &e.data) {
        Some(EventData::HazardOpened(h)) => Some(h.hazard_type),
        _ => None,
    }
}

fn block_of(m: &Model<'_>, property: &RecordId, k: Timestamp) -> Option<RecordId> {
    match m.created(property, k).map(|e| &e.data) {
        Some(EventData::PropertyRegistered(p)) => p.block.clone(),
        _ => None,
    }
}

fn about<'e>(m: &Model<'e>, id: &'e RecordId, k: Timestamp) -> Option<About<'e>> {
    let evs = m.effective(id, k);
    let created = *evs.first()?;
    let mut last = evs.iter().map(|e| e.at.last_date()).max()?;
    let mut hazards = HashSet::new();
    let mut a = match &created.data {
        EventData::ReportReceived(r) => {
            let wos = m.works_orders_for_report(id, k);
            for w in &wos {
                hazards.extend(w.raised.hazard.clone());
                if let Some(d) = w.evs.iter().map(|e| e.at.last_date()).max() {
                    last = last.max(d);
                }
            }
            for h in m.referring(id, RecordKind::Hazard) {
                if let Some(EventData::HazardOpened(o)) = m.created(h, k).map(|e| &e.data)
                    && o.source.as_ref() == Some(id)
                {
                    hazards.insert(h.clone());
                }
            }
            let closed = evs
                .iter()
                .any(|e| matches!(e.data, EventData::ReportClosed(_)));
            About {
                created,
                kind: RecordKind::Report,
                property: Some(r.property.clone()),
                block: None,
                component: r.component.clone(),
                element: r.element.as_ref().map(|e| e.to_string()),
                hazards: HashSet::new(),
                hazard_types: HashSet::new(),
                follow_on_of: None,
                what: r.description.clone(),
                status: if closed || wos.iter().any(|w| w.done()) {
                    "closed"
                } else {
                    "open"
                },
                last,
            }
        }
        EventData::WorksOrderRaised(_) => {
            let w = m.works_order(id, k)?;
            hazards.extend(w.raised.hazard.clone());
            let element =
                w.raised
                    .report
                    .as_ref()
                    .and_then(|r| match m.created(r, k).map(|e| &e.data) {
                        Some(EventData::ReportReceived(rr)) => {
                            rr.element.as_ref().map(|e| e.to_string())
                        }
                        _ => None,
                    });
            About {
                created,
                kind: RecordKind::WorksOrder,
                property: Some(w.raised.property.clone()),
                block: None,
                component: w.raised.component.clone(),
                element,
                hazards: HashSet::new(),
                hazard_types: HashSet::new(),
                follow_on_of: w.raised.follow_on_of.clone(),
                what: w.raised.task.description.clone(),
                status: if w.done() {
                    "done"
                } else if w.cancellation().is_some() {
                    "cancelled"
                } else {
                    "open"
                },
                last,
            }
        }
        EventData::SurveyRecorded(s) => {
            hazards.extend(s.hazard.clone());
            About {
                created,
                kind: RecordKind::Survey,
                property: s.property.clone(),
                block: s.block.clone(),
                component: None,
                element: None,
                hazards: HashSet::new(),
                hazard_types: HashSet::new(),
                follow_on_of: None,
                what: s.findings.clone(),
                status: "recorded",
                last,
            }
        }
        _ => return None,
    };
    a.hazard_types = hazards
        .iter()
        .filter_map(|h| hazard_type(m, h, k))
        .collect();
    a.hazards = hazards;
    if a.block.is_none()
        && let Some(p) = &a.property
    {
        a.block = block_of(m, p, k);
    }
    Some(a)
}

/// The earlier items linked to the report or works order `record`, as the record stood at `at`
/// — `None` if it is neither, or was not yet on the record. Events recorded after `at` are not
/// seen, so the answer at a past instant is what an officer could have seen then.
pub fn earlier(
    events: &[Event],
    config: &RulesConfig,
    record: &RecordId,
    at: Timestamp,
) -> Option<Earlier> {
    let m = Model::new(events, config);
    let id = m.record_ref(record)?;
    let item = about(&m, id, at)?;
    if item.kind == RecordKind::Survey {
        return None;
    }
    let property = item.property.clone()?;
    let window = config.recurrence_window_months;
    let since = item
        .created
        .at
        .first_date()
        .checked_sub(i64::from(window).months())
        .unwrap_or(Date::MIN);
    let ancestors = ancestors(&m, item.follow_on_of.clone(), at);
    let mut items = Vec::new();
    for kind in [
        RecordKind::Report,
        RecordKind::WorksOrder,
        RecordKind::Survey,
    ] {
        for other in m.records_of(kind) {
            if *other == id {
                continue;
            }
            let Some(o) = about(&m, other, at) else {
                continue;
            };
            // Earlier: written to the record before it, and active within the window.
            if o.created.seq >= item.created.seq || o.last < since {
                continue;
            }
            // A job raised for this report is part of it, not history.
            if let EventData::WorksOrderRaised(w) = &o.created.data
                && w.report.as_ref() == Some(record)
            {
                continue;
            }
            let mut links = Vec::new();
            if ancestors.iter().any(|a| a == *other) {
                links.push(Link::FollowOnChain);
            }
            for h in o.hazards.intersection(&item.hazards) {
                links.push(Link::SameHazard { hazard: h.clone() });
            }
            if let (Some(a), Some(b)) = (&o.component, &item.component)
                && a == b
            {
                links.push(Link::SameComponent {
                    component: a.clone(),
                });
            }
            let same_home = o.property.as_ref() == Some(&property);
            if same_home
                && let (Some(a), Some(b)) = (&o.element, &item.element)
                && a == b
            {
                links.push(Link::SameElement { element: a.clone() });
            }
            if same_home {
                for t in o.hazard_types.intersection(&item.hazard_types) {
                    if !links.iter().any(|l| matches!(l, Link::SameHazard { .. })) {
                        links.push(Link::SameHazardType { hazard_type: *t });
                    }
                }
            }
            if o.kind == RecordKind::Survey
                && o.property.is_none()
                && let (Some(a), Some(b)) = (&o.block, &item.block)
                && a == b
            {
                links.push(Link::SameBlock { block: a.clone() });
            }
            if same_home {
                links.push(Link::SameHome);
            }
            if links.is_empty() {
                continue;
            }
            links.sort_by_key(Link::strength);
            links.dedup();
            items.push(EarlierItem {
                record: (*other).clone(),
                kind: o.kind,
                at: o.created.at,
                what: o.what,
                status: o.status,
                links,
            });
        }
    }
    items.sort_by(|a, b| {
        a.links[0]
            .strength()
            .cmp(&b.links[0].strength())
            .then(b.at.first_date().cmp(&a.at.first_date()))
            .then(a.record.cmp(&b.record))
    });
    Some(Earlier {
        record: record.clone(),
        property,
        window_months: window,
        since,
        items,
    })
}
