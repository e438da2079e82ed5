//! Ombudsman cases (requirements R13): each binding order with its due date and the evidence it
//! was met; each recommendation (not binding) with the date to reply by and the landlord's answer
//! — accepted, or declined with reasons; each information request with a due date and the
//! landlord's answer to it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::model::{Model, on_when, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::events::EventData;
use crate::history::{Event, EventId, RecordId};
use crate::ombudsman::{OmbudsmanInformationRequested, OrderKind};
use crate::references::RecordKind;
use crate::rules::clock::due_on;

pub(crate) const RULE: &str = "ombudsman.order";
pub(crate) const SOURCE: &str =
    "Housing Ombudsman order (Housing Act 1996 Sch. 2 para 7; rules.md §5.2)";

pub(crate) const RECOMMENDATION_RULE: &str = "ombudsman.recommendation";
/// Determinations ask the landlord to reply with its intentions on recommendations, usually
/// within four weeks; the date is taken from the recommendation as recorded (its `due`). The
/// Scheme paragraph is not cited in rules.md §5.2 (UNCONFIRMED).
pub(crate) const RECOMMENDATION_SOURCE: &str = "Housing Ombudsman recommendation (not binding; rules.md §5.2): the landlord replies with its intentions by the date given — Scheme paragraph UNCONFIRMED";

pub(crate) const INFORMATION_RULE: &str = "ombudsman.information";
/// The Scheme paragraph under which the Ombudsman asks a landlord for information is not cited
/// in rules.md §5 (docs/rules.md §5 lists it as UNCONFIRMED).
pub(crate) const INFORMATION_SOURCE: &str =
    "Housing Ombudsman Scheme, information requests — paragraph UNCONFIRMED";

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = orders(m);
    out.extend(information(m));
    out
}

/// Each binding order with a due date, until compliance is recorded; each recommendation with a
/// date to reply by, until the landlord's answer (or compliance) is recorded.
fn orders(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for order in m.records_of(RecordKind::OmbudsmanOrder) {
        out.extend(track(m, [*order], |k| {
            let evs = m.effective(order, k);
            let Some(EventData::OmbudsmanOrderMade(made)) = evs.first().map(|e| &e.data) else {
                return Vec::new();
            };
            let Some(due) = &made.due else {
                return Vec::new();
            };
            let binding = made.kind == OrderKind::Order;
            let settled = evs.iter().any(|e| match e.data {
                EventData::OmbudsmanOrderComplied(_) => true,
                EventData::OmbudsmanRecommendationAnswered(_) => !binding,
                _ => false,
            });
            if settled {
                return Vec::new();
            }
            let (code, rule, source, made_words, missing) = if binding {
                (
                    AlertCode::OmbudsmanOrderOverdue,
                    RULE,
                    SOURCE,
                    "Ordered",
                    "no compliance recorded",
                )
            } else {
                (
                    AlertCode::OmbudsmanRecommendationUnanswered,
                    RECOMMENDATION_RULE,
                    RECOMMENDATION_SOURCE,
                    "Recommended",
                    "no answer (accepted or declined with reasons) recorded",
                )
            };
            let records = vec![(*order).clone(), made.case.clone()];
            match due_or(
                due_on(due, &m.cfg.calendar, &m.cfg.due_soon),
                rule,
                &records,
                visible(evs[0]),
            ) {
                DueOr::Failed(p) => vec![p],
                DueOr::Due(d) => vec![Pending {
                    code,
                    rule: Cow::Borrowed(rule),
                    source: Cow::Borrowed(source),
                    property: None,
                    records,
                    started: evs[0].at.earliest(),
                    due: d.at,
                    warn_from: d.warn_from,
                    detail: format!(
                        "{made_words} {} in case {}: \"{}\" — due {}; {missing} by {}.",
                        when(&evs[0].at),
                        made.case,
                        excerpt(&made.text, 140),
                        when(due),
                        due_text(&d)
                    ),
                }],
            }
        }));
    }
    out
}

/// One information request as known at an instant.
struct Request<'e> {
    /// The id of the request as first written (a correction stands in its original's place).
    root: EventId,
    ev: &'e Event,
    data: &'e OmbudsmanInformationRequested,
    /// Answered by an `ombudsman.information_provided`, or overtaken by the determination.
    settled: bool,
}

/// Information requests with a due date, each pending until information is provided in answer
/// to it — a provision naming it (`answers`, its event id or any correction's), or else the
/// first provision after it that names no request, which answers the earliest request not yet
/// answered — or until the Ombudsman determines the case after it (the request is then moot; the
/// alert it raised stays on the record).
fn information(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for case in m.records_of(RecordKind::OmbudsmanCase) {
        if !m.all_events(case).any(
            |e| matches!(&e.data, EventData::OmbudsmanInformationRequested(r) if r.due.is_some()),
        ) {
            continue;
        }
        // Every version of the case's events: a correction's id leads to the event it corrects.
        let corrects: HashMap<&EventId, &EventId> = m
            .all_events(case)
            .filter_map(|e| e.corrects.as_ref().map(|c| (&e.id, c)))
            .collect();
        let root = |id: &EventId| root_of(&corrects, id);
        out.extend(track(m, [*case], |k| {
            let evs = m.effective(case, k);
            let mut requests: Vec<Request<'_>> = Vec::new();
            for e in &evs {
                match &e.data {
                    EventData::OmbudsmanInformationRequested(data) => {
                        requests.push(Request {
                            root: root(&e.id),
                            ev: e,
                            data,
                            settled: false,
                        });
                    }
                    EventData::OmbudsmanInformationProvided(p) => {
                        let answered = match &p.answers {
                            Some(a) => {
                                let a = root(a);
                                requests.iter().position(|q| q.root == a)
                            }
                            None => requests.iter().position(|q| !q.settled),
                        };
                        if let Some(i) = answered {
                            requests[i].settled = true;
                        }
                    }
                    EventData::OmbudsmanDetermined(_) => {
                        for q in &mut requests {
                            q.settled = true;
                        }
                    }
                    _ => {}
                }
            }
            // One alert per due date: two requests due the same day are one duty on the case.
            let mut by_due: BTreeMap<jiff::civil::Date, Vec<&Request<'_>>> = BTreeMap::new();
            for q in requests.iter().filter(|q| !q.settled) {
                if let Some(due) = &q.data.due {
                    by_due.entry(due.last_date()).or_default().push(q);
                }
            }
            let records: Vec<RecordId> = vec![(*case).clone()];
            let mut pending = Vec::new();
            for qs in by_due.values() {
                let first = qs[0];
                let Some(due) = &first.data.due else {
                    continue;
                };
                let known = qs.iter().map(|q| visible(q.ev)).min().unwrap_or(k);
                match due_or(
                    due_on(due, &m.cfg.calendar, &m.cfg.due_soon),
                    INFORMATION_RULE,
                    &records,
                    known,
                ) {
                    DueOr::Failed(p) => pending.push(p),
                    DueOr::Due(d) => {
                        let asked: Vec<String> = qs
                            .iter()
                            .map(|q| {
                                format!(
                                    "\"{}\" (asked {}, event {})",
                                    excerpt(&q.data.what, 140),
                                    on_when(&q.ev.at),
                                    q.root
                                )
                            })
                            .collect();
                        pending.push(Pending {
                            code: AlertCode::OmbudsmanInformationOverdue,
                            rule: Cow::Borrowed(INFORMATION_RULE),
                            source: Cow::Borrowed(INFORMATION_SOURCE),
                            property: None,
                            records: records.clone(),
                            started: qs
                                .iter()
                                .map(|q| q.ev.at.earliest())
                                .min()
                                .unwrap_or(first.ev.at.earliest()),
                            due: d.at,
                            warn_from: d.warn_from,
                            detail: format!(
                                "Ombudsman case {case} asked for {} — due {}; no information provided by {}.",
                                asked.join("; "),
                                when(due),
                                due_text(&d)
                            ),
                        });
                    }
                }
            }
            pending
        }));
    }
    out
}

/// The event a correction (or a chain of them) ultimately corrects; the id itself if none.
fn root_of(corrects: &HashMap<&EventId, &EventId>, id: &EventId) -> EventId {
    let mut id = id;
    for _ in 0..=corrects.len() {
        match corrects.get(id) {
            Some(c) => id = c,
            None => break,
        }
    }
    id.clone()
}
