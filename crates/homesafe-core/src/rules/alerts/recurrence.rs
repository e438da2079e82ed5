//! Recurring problems (requirements R7): a new report — or a works order raised without one —
//! is matched against the earlier reports and works orders for the same home or shared
//! component, so that "new issue" can never be said of an old one (Clarion: the repointing
//! re-raised in February 2023 was the job of March 2022).
//!
//! An earlier item matches when its last activity falls within the recurrence window
//! (`RulesConfig::recurrence_window_months`, default 24) before the new one, and:
//!
//! - it is **the same case** and the case was **closed** when the new one came — the issue was
//!   treated as dealt with and came back: an ancestor through `follow_on_of` when the nearest one
//!   was done or cancelled, or earlier work on the same hazard record when that hazard had been
//!   closed. (A follow-on of still-open work, or more work on an open hazard, is a continuation.)
//! - or it is **another case about the same thing** — the same shared component, the same
//!   building element of the home, or the same hazard type at the home — open or closed: the
//!   issue was reported before.
//!
//! The alert appears when the match is known and clears when the new item is resolved.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use super::model::{Model, visible, when};
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, excerpt, track_since};
use crate::events::EventData;
use crate::hazards::HazardType;
use crate::history::{Event, RecordId};
use crate::references::RecordKind;

pub(crate) const RULE: &str = "homesafe.recurrence";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Component(RecordId),
    Element(RecordId, String),
    Hazard(RecordId, HazardType),
}

/// What an item (a report or works order) is about, as known at `k`.
struct Facts<'e> {
    created: &'e Event,
    property: RecordId,
    keys: HashSet<Key>,
    hazards: HashSet<RecordId>,
    resolved: bool,
    last_activity: Date,
    follow_on_of: Option<RecordId>,
    text: String,
}

fn hazard_type(m: &Model<'_>, hazard: &RecordId, k: Timestamp) -> Option<HazardType> {
    match m.created(hazard, k).map(|e| &e.data) {
        Some(EventData::HazardOpened(h)) => Some(h.hazard_type),
        _ => None,
    }
}

fn facts<'e>(m: &Model<'e>, id: &'e RecordId, k: Timestamp) -> Option<Facts<'e>> {
    let evs = m.effective(id, k);
    let created = *evs.first()?;
    let mut keys = HashSet::new();
    let mut hazards = HashSet::new();
    let mut last = evs.iter().map(|e| e.at.last_date()).max()?;
    match &created.data {
        EventData::ReportReceived(r) => {
            let p = r.property.clone();
            if let Some(c) = &r.component {
                keys.insert(Key::Component(c.clone()));
            }
            if let Some(e) = &r.element {
                keys.insert(Key::Element(p.clone(), e.to_string()));
            }
            for e in &evs {
                if let EventData::ReportTriaged(t) = &e.data
                    && let Some(h) = t.hazard_suspected
                {
                    keys.insert(Key::Hazard(p.clone(), h));
                }
            }
            for h in m.referring(id, RecordKind::Hazard) {
                if let Some(EventData::HazardOpened(o)) = m.created(h, k).map(|e| &e.data)
                    && o.source.as_ref() == Some(id)
                {
                    hazards.insert(h.clone());
                    keys.insert(Key::Hazard(p.clone(), o.hazard_type));
                }
            }
            let wos = m.works_orders_for_report(id, k);
            for w in &wos {
                if let Some(c) = &w.raised.component {
                    keys.insert(Key::Component(c.clone()));
                }
                if let Some(h) = &w.raised.hazard {
                    hazards.insert(h.clone());
                    if let Some(t) = hazard_type(m, h, k) {
                        keys.insert(Key::Hazard(p.clone(), t));
                    }
                }
                if let Some(d) = w.evs.iter().map(|e| e.at.last_date()).max() {
                    last = last.max(d);
                }
            }
            let closed = evs
                .iter()
                .any(|e| matches!(e.data, EventData::ReportClosed(_)));
            Some(Facts {
                created,
                property: p,
                keys,
                hazards,
                resolved: closed || wos.iter().any(|w| w.done()),
                last_activity: last,
                follow_on_of: None,
                text: r.description.clone(),
            })
        }
        EventData::WorksOrderRaised(_) => {
            let w = m.works_order(id, k)?;
            let p = w.raised.property.clone();
            if let Some(c) = &w.raised.component {
                keys.insert(Key::Component(c.clone()));
            }
            if let Some(h) = &w.raised.hazard {
                hazards.insert(h.clone());
                if let Some(t) = hazard_type(m, h, k) {
                    keys.insert(Key::Hazard(p.clone(), t));
                }
            }
            if let Some(r) = &w.raised.report
                && let Some(EventData::ReportReceived(rr)) = m.created(r, k).map(|e| &e.data)
                && let Some(e) = &rr.element
            {
                keys.insert(Key::Element(p.clone(), e.to_string()));
            }
            Some(Facts {
                created,
                property: p,
                keys,
                hazards,
                resolved: w.done() || w.cancellation().is_some(),
                last_activity: last,
                follow_on_of: w.raised.follow_on_of.clone(),
                text: w.raised.task.description.clone(),
            })
        }
        _ => None,
    }
}

/// The works orders `wo` follows on from, nearest first, as known at `k`.
pub(crate) fn ancestors(m: &Model<'_>, first: Option<RecordId>, k: Timestamp) -> Vec<RecordId> {
    let mut out: Vec<RecordId> = Vec::new();
    let mut next = first;
    while let Some(id) = next.take() {
        if out.contains(&id) || out.len() > 50 {
            break;
        }
        next = m
            .record_ref(&id)
            .and_then(|w| m.works_order(w, k))
            .and_then(|w| w.raised.follow_on_of.clone());
        out.push(id);
    }
    out
}

/// The source cited for the recurrence rule with its window.
pub(crate) fn source(window: u32) -> String {
    format!(
        "HomeSafe rule (requirements R7): new reports and jobs matched against earlier ones for the same home, element, component or hazard within {window} months"
    )
}

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let window = m.cfg.recurrence_window_months;
    // Every report and works order, with what it was about in its latest version.
    let items: Vec<&RecordId> = m
        .records_of(RecordKind::Report)
        .iter()
        .chain(m.records_of(RecordKind::WorksOrder))
        .copied()
        .collect();
    let all: Vec<(&RecordId, Facts<'_>)> = items
        .iter()
        .filter_map(|id| facts(m, id, Timestamp::MAX).map(|f| (*id, f)))
        .collect();
    // Cheap bounds that hold for every version of the record, so that pre-filtering with them
    // never hides a candidate the record showed at some earlier moment: the first seq, the last
    // date any event about the item (or its works orders) could be, and whether any of those
    // events was ever corrected (then the item's keys may have changed, so no key pre-filter).
    struct Bounds {
        seq: u64,
        last: Date,
        corrected: bool,
    }
    let bounds: HashMap<&RecordId, Bounds> = all
        .iter()
        .map(|(id, _)| {
            let mut evs: Vec<&Event> = m.all_events(id).collect();
            for w in m.referring(id, RecordKind::WorksOrder) {
                evs.extend(m.all_events(w));
            }
            let b = Bounds {
                seq: m.all_events(id).map(|e| e.seq).min().unwrap_or(u64::MAX),
                last: evs
                    .iter()
                    .map(|e| e.at.last_date())
                    .max()
                    .unwrap_or(Date::MIN),
                corrected: evs.iter().any(|e| e.corrects.is_some()),
            };
            (*id, b)
        })
        .collect();
    // Items by home and by shared component.
    let mut by_home: HashMap<&RecordId, Vec<usize>> = HashMap::new();
    let mut by_component: HashMap<&RecordId, Vec<usize>> = HashMap::new();
    for (i, (_, f)) in all.iter().enumerate() {
        by_home.entry(&f.property).or_default().push(i);
        for k in &f.keys {
            if let Key::Component(c) = k {
                by_component.entry(c).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (r, rf) in &all {
        // A works order raised for a report is judged with its report.
        if let EventData::WorksOrderRaised(w) = &rf.created.data
            && w.report.is_some()
        {
            continue;
        }
        let Some(rb) = bounds.get(r) else { continue };
        let r_ancestors = ancestors(m, rf.follow_on_of.clone(), Timestamp::MAX);
        let mut near: Vec<usize> = by_home.get(&rf.property).cloned().unwrap_or_default();
        for k in &rf.keys {
            if let Key::Component(c) = k {
                near.extend(by_component.get(c).into_iter().flatten());
            }
        }
        near.sort_unstable();
        near.dedup();
        let window_start = rf
            .created
            .at
            .first_date()
            .checked_sub(i64::from(window).months())
            .unwrap_or(Date::MIN);
        let candidates: Vec<&RecordId> = near
            .into_iter()
            .map(|i| &all[i])
            .filter(|(e, ef)| {
                let Some(eb) = bounds.get(e) else { return false };
                let in_chain = r_ancestors.iter().any(|a| a == *e);
                e != r
                    && eb.seq < rb.seq
                    && eb.last >= window_start
                    && !matches!(&ef.created.data, EventData::WorksOrderRaised(w) if w.report.as_ref() == Some(*r) || (w.report.is_some() && !in_chain))
                    && (rb.corrected
                        || eb.corrected
                        || in_chain
                        || ef.keys.intersection(&rf.keys).next().is_some()
                        || ef.hazards.intersection(&rf.hazards).next().is_some())
            })
            .map(|(e, _)| *e)
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let mut deps: Vec<&RecordId> = vec![r];
        for id in std::iter::once(*r).chain(candidates.iter().copied()) {
            deps.push(id);
            for w in m.referring(id, RecordKind::WorksOrder) {
                deps.push(w);
            }
            for h in m.referring(id, RecordKind::Hazard) {
                deps.push(h);
            }
        }
        // The earlier items as they stood when the new one became known, computed once per
        // such moment (it only changes if the new item's creation is corrected).
        let mut cache: Option<(Timestamp, Vec<(&RecordId, Facts<'_>)>)> = None;
        let since = m.all_events(r).map(visible).min().unwrap_or(Timestamp::MIN);
        out.extend(track_since(m, deps, since, |k| {
            let Some(now) = facts(m, r, k) else {
                return Vec::new();
            };
            if now.resolved {
                return Vec::new();
            }
            let chain = ancestors(m, now.follow_on_of.clone(), k);
            let new_first = now.created.at.first_date();
            // Earlier items are judged as they stood when the new one became known: "closed"
            // means dealt with before the issue came back.
            let then = visible(now.created);
            if cache.as_ref().is_none_or(|(t, _)| *t != then) {
                let known = candidates
                    .iter()
                    .filter_map(|e| facts(m, e, then).map(|f| (*e, f)))
                    .collect();
                cache = Some((then, known));
            }
            let Some((_, known)) = &cache else {
                return Vec::new();
            };
            // The earlier items, as they stood then, within the window.
            let earlier: Vec<&(&RecordId, Facts<'_>)> = known
                .iter()
                .filter(|(_, ef)| {
                    ef.property == now.property
                        || ef
                            .keys
                            .iter()
                            .any(|x| matches!(x, Key::Component(_)) && now.keys.contains(x))
                })
                .filter(|(_, ef)| {
                    ef.last_activity
                        .checked_add(i64::from(window).months())
                        .is_ok_and(|limit| limit >= new_first)
                })
                .collect();
            // Same case: a follow-on of work that was closed, or new work on a hazard all of
            // whose earlier work was closed. Another case: the same key, open or closed.
            let parent_closed = chain
                .first()
                .and_then(|p| earlier.iter().find(|(e, _)| *e == p))
                .is_some_and(|(_, f)| f.resolved);
            // The hazard records this item is on that were closed when it was raised.
            let closed_hazards: HashSet<&RecordId> = now
                .hazards
                .iter()
                .filter(|h| {
                    m.record_ref(h).is_some_and(|h| {
                        m.effective(h, then)
                            .iter()
                            .any(|e| matches!(e.data, EventData::HazardClosed(_)))
                    })
                })
                .collect();
            let same_hazard =
                |ef: &Facts<'_>| ef.hazards.intersection(&now.hazards).next().is_some();
            let hazard_case_closed =
                |ef: &Facts<'_>| ef.hazards.iter().any(|h| closed_hazards.contains(h));
            let mut found: Vec<(RecordId, String)> = Vec::new();
            for (e, ef) in earlier.iter().copied() {
                let in_chain = chain.contains(*e);
                let (flag, how) = if in_chain {
                    (parent_closed, "earlier work in the same follow-on chain")
                } else if same_hazard(ef) {
                    (
                        hazard_case_closed(ef),
                        "earlier work on the same hazard, closed since",
                    )
                } else {
                    (
                        ef.keys.intersection(&now.keys).next().is_some(),
                        "an earlier report or job about the same thing",
                    )
                };
                if flag {
                    found.push((
                        (*e).clone(),
                        format!(
                            "{e} ({how}: raised {}, {} when this was raised; \"{}\")",
                            when(&ef.created.at),
                            if ef.resolved { "closed" } else { "still open" },
                            excerpt(&ef.text, 70)
                        ),
                    ));
                }
            }
            if found.is_empty() {
                return Vec::new();
            }
            let mut records = vec![(*r).clone()];
            records.extend(found.iter().map(|(id, _)| id.clone()));
            let mut p = Pending::immediate(
                AlertCode::IssueRecurring,
                RULE,
                Cow::Owned(source(window)),
                records,
                now.created.at.earliest(),
                visible(now.created),
                format!(
                    "\"{}\" ({}) is not a new issue: {}.",
                    excerpt(&now.text, 90),
                    when(&now.created.at),
                    found
                        .iter()
                        .map(|(_, d)| d.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            );
            p.property = Some(now.property.clone());
            vec![p]
        }));
    }
    out
}
