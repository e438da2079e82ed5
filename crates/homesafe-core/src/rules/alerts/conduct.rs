//! Contractor conduct and workmanship cases (requirements R11; `contractors::conduct`).
//!
//! Two alerts, both from the Ombudsman's finding of maladministration in L&Q (202209500), "The
//! landlord's handling of the resident's reports about its contractor": told of a poor finish on
//! 18 March 2022, the landlord "did not attend to inspect the soil stack and investigate", and "no
//! evidence has been provided that the landlord took any other investigative steps before issuing
//! its complaint responses".
//!
//! - `conduct.not_investigated`: a case with no investigation on the record within the landlord's
//!   investigation period (`RulesConfig::conduct_investigation_within`, HomeSafe default 10
//!   working days from the case being opened — landlord policy, UNCONFIRMED: no law or Code sets
//!   one). Concluding a case does not stop the clock: a conclusion reached without investigating
//!   is exactly what the Ombudsman criticised ("could not be proven", L&Q's stage 2).
//! - `conduct.response_without_investigation`: a complaint response (`complaint.responded`)
//!   issued while a conduct case raised from that complaint — or about a works order the
//!   complaint is about, or named in the complaint's `about` — had no investigation. It appears
//!   when the response is known and clears when an investigation is recorded. One alert per
//!   case and response: each response given without the facts is its own failure (L&Q answered
//!   at stage 1 and at stage 2 without investigating).
//!
//! A case counts for a response only if it was certainly opened by then: its last possible day
//! no later than the response's first (a case known only to August 2022 was open by a response
//! of 1 September 2022; one known only to September 2022 might not have been).

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::Timestamp;

use super::model::{Model, on_when, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track, words};
use crate::complaints::{ComplaintResponded, Stage};
use crate::contractors::ConductCaseOpened;
use crate::events::EventData;
use crate::history::{Event, RecordId};
use crate::references::RecordKind;
use crate::rules::clock::{clock_start, due_after, precision_note};

/// The investigation period (landlord policy).
pub(crate) const INVESTIGATE_RULE: &str = "conduct.investigate";
pub(crate) const INVESTIGATE_SOURCE: &str = "Landlord's policy, HomeSafe default 10 working days (UNCONFIRMED: no statutory clock); the duty to investigate reports about a contractor: Housing Ombudsman determination 202209500 (L&Q), findings on the resident's reports about its contractor; requirements R11";

/// A complaint is not answered while a conduct case it raised is uninvestigated.
pub(crate) const RESPONSE_RULE: &str = "conduct.investigated_before_response";
pub(crate) const RESPONSE_SOURCE: &str = "Housing Ombudsman determination 202209500 (L&Q), 'The landlord's handling of the resident's reports about its contractor': no inspection and 'no evidence ... that the landlord took any other investigative steps before issuing its complaint responses' (maladministration); requirements R11";

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for case in m.records_of(RecordKind::ConductCase) {
        out.extend(not_investigated(m, case));
        out.extend(responses(m, case));
    }
    out
}

/// The case as known at `k`: its opening, and whether an investigation is on the record.
struct Case<'e> {
    opened_ev: &'e Event,
    opened: &'e ConductCaseOpened,
    investigated: bool,
    /// The latest conclusion, if any (its event and outcome words).
    concluded: Option<(&'e Event, String)>,
}

fn case_at<'e>(m: &Model<'e>, case: &RecordId, k: Timestamp) -> Option<Case<'e>> {
    let evs = m.effective(case, k);
    let opened_ev = *evs.first()?;
    let EventData::ConductCaseOpened(opened) = &opened_ev.data else {
        return None;
    };
    let mut investigated = false;
    let mut concluded = None;
    for e in &evs {
        match &e.data {
            EventData::ConductCaseInvestigated(_) => investigated = true,
            EventData::ConductCaseConcluded(c) => concluded = Some((*e, words(&c.outcome))),
            _ => {}
        }
    }
    Some(Case {
        opened_ev,
        opened,
        investigated,
        concluded,
    })
}

/// "the conduct and workmanship of Aquaseal Ltd": the concerns, and the contractor as registered.
fn about(m: &Model<'_>, c: &Case<'_>, k: Timestamp) -> String {
    let name = match m.created(&c.opened.contractor, k).map(|e| &e.data) {
        Some(EventData::ContractorRegistered(r)) => r.name.clone(),
        _ => c.opened.contractor.to_string(),
    };
    let mut concerns: Vec<String> = c.opened.concerns.iter().map(words).collect();
    let last = concerns.pop().unwrap_or_default();
    let listed = if concerns.is_empty() {
        last
    } else {
        format!("{} and {last}", concerns.join(", "))
    };
    format!("the {listed} of {name}")
}

/// The records behind an alert about a case: the case, then what it names.
fn case_records(case: &RecordId, o: &ConductCaseOpened) -> Vec<RecordId> {
    let mut records = vec![case.clone()];
    records.extend(o.complaint.iter().cloned());
    records.extend(o.works_orders.iter().cloned());
    records.push(o.contractor.clone());
    records
}

fn not_investigated(m: &Model<'_>, case: &RecordId) -> Vec<AlertSpan> {
    let limit = m.cfg.conduct_investigation_within;
    track(m, [case], |k| {
        let Some(c) = case_at(m, case, k) else {
            return Vec::new();
        };
        if c.investigated {
            return Vec::new();
        }
        let opened_at = &c.opened_ev.at;
        let records = case_records(case, c.opened);
        match due_or(
            due_after(limit, opened_at, &m.cfg.calendar, &m.cfg.due_soon),
            INVESTIGATE_RULE,
            &records,
            visible(c.opened_ev),
        ) {
            DueOr::Failed(p) => vec![p],
            DueOr::Due(d) => {
                let concluded = c
                    .concluded
                    .as_ref()
                    .map(|(e, outcome)| {
                        format!(
                            " It was concluded ({outcome}) {} without one.",
                            on_when(&e.at)
                        )
                    })
                    .unwrap_or_default();
                vec![Pending {
                    code: AlertCode::ConductNotInvestigated,
                    rule: Cow::Borrowed(INVESTIGATE_RULE),
                    source: Cow::Borrowed(INVESTIGATE_SOURCE),
                    property: None,
                    records,
                    started: clock_start(limit, opened_at),
                    due: d.at,
                    warn_from: d.warn_from,
                    detail: format!(
                        "Report about {}, opened {}{}: \"{}\" — no investigation (steps taken, findings) recorded within {limit}, by {}.{concluded}",
                        about(m, &c, k),
                        when(opened_at),
                        precision_note("the opening", opened_at),
                        excerpt(&c.opened.description, 140),
                        due_text(&d)
                    ),
                }]
            }
        }
    })
}

/// Every complaint a case could be tied to (any version of either): the one it names, those
/// whose `about` names the case, and those about one of its works orders.
fn complaint_candidates<'e>(m: &Model<'e>, case: &RecordId) -> Vec<&'e RecordId> {
    let mut out: Vec<&'e RecordId> = Vec::new();
    let push = |c: &'e RecordId, out: &mut Vec<&'e RecordId>| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    for e in m.all_events(case) {
        if let EventData::ConductCaseOpened(o) = &e.data {
            if let Some(c) = o.complaint.as_ref().and_then(|c| m.record_ref(c)) {
                push(c, &mut out);
            }
            for wo in &o.works_orders {
                for c in m.referring(wo, RecordKind::Complaint) {
                    push(c, &mut out);
                }
            }
        }
    }
    for c in m.referring(case, RecordKind::Complaint) {
        push(c, &mut out);
    }
    out
}

/// Whether, as known at `k`, the complaint is one the case belongs to.
fn tied(
    m: &Model<'_>,
    case: &RecordId,
    o: &ConductCaseOpened,
    complaint: &RecordId,
    k: Timestamp,
) -> bool {
    if o.complaint.as_ref() == Some(complaint) {
        return true;
    }
    match m.created(complaint, k).map(|e| &e.data) {
        Some(EventData::ComplaintReceived(rc)) => rc
            .about
            .iter()
            .any(|a| a == case || o.works_orders.contains(a)),
        _ => false,
    }
}

fn responses(m: &Model<'_>, case: &RecordId) -> Vec<AlertSpan> {
    let complaints = complaint_candidates(m, case);
    if complaints.is_empty() {
        return Vec::new();
    }
    let Some(case) = m.record_ref(case) else {
        return Vec::new();
    };
    let mut deps: Vec<&RecordId> = vec![case];
    deps.extend(complaints.iter().copied());
    track(m, deps, |k| {
        let Some(c) = case_at(m, case, k) else {
            return Vec::new();
        };
        if c.investigated {
            return Vec::new();
        }
        let opened_by = c.opened_ev.at.last_date();
        // Responses given while the case was open, by the instant the alert shows from (both the
        // response and the case known): one alert per instant.
        let mut by_known: BTreeMap<Timestamp, Vec<(&RecordId, &Event, &ComplaintResponded)>> =
            BTreeMap::new();
        for complaint in &complaints {
            if !tied(m, case, c.opened, complaint, k) {
                continue;
            }
            for e in m.effective(complaint, k) {
                if let EventData::ComplaintResponded(r) = &e.data
                    && opened_by <= e.at.first_date()
                {
                    let known = visible(e).max(visible(c.opened_ev));
                    by_known.entry(known).or_default().push((complaint, e, r));
                }
            }
        }
        by_known
            .into_iter()
            .map(|(known, given)| {
                let mut records = vec![case.clone()];
                for (complaint, _, _) in &given {
                    if !records.contains(complaint) {
                        records.push((*complaint).clone());
                    }
                }
                records.extend(c.opened.works_orders.iter().cloned());
                records.push(c.opened.contractor.clone());
                let said: Vec<String> = given
                    .iter()
                    .map(|(complaint, e, r)| {
                        format!(
                            "the {} response to complaint {complaint} {} (\"{}\")",
                            match r.stage {
                                Stage::One => "stage 1",
                                Stage::Two => "stage 2",
                            },
                            on_when(&e.at),
                            excerpt(&r.summary, 100)
                        )
                    })
                    .collect();
                let started = given
                    .iter()
                    .map(|(_, e, _)| e.at.earliest())
                    .min()
                    .unwrap_or(known);
                Pending::immediate(
                    AlertCode::ConductResponseWithoutInvestigation,
                    RESPONSE_RULE,
                    RESPONSE_SOURCE,
                    records,
                    started,
                    known,
                    format!(
                        "{} was issued while the report about {} (conduct case {case}, opened {}) had no investigation on the record: the complaint was answered without the facts.",
                        capitalise(&said.join("; and ")),
                        about(m, &c, k),
                        when(&c.opened_ev.at)
                    ),
                )
            })
            .collect()
    })
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
