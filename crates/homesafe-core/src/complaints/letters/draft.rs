//! A response letter drafted from the record: everything the history says about the complaint
//! at the stage, filled in, and everything it cannot say left empty, so that
//! [`ResponseLetter::check`] names what the officer still has to decide or supply.
//!
//! From the record, as it stood at the end of the letter's date (corrections and voids applied,
//! as the alerts read it):
//!
//! - **landlord** — the landlord of the complaint's home (or the only landlord on the record);
//! - **addressed to** — the complainant's name, and the home's address;
//! - **complaint definition** — the stage's acknowledgement, if it defined the complaint; else
//!   the description on `complaint.received` (at stage 2 with the reasons given for escalating);
//!   the outcome sought from `complaint.received`;
//! - **decisions** — one element, the complaint as defined, and one for each new issue raised
//!   during the stage and included in it (Code 6.8), with no decision and no reasons: the record
//!   cannot supply them; issues logged as complaints of their own are named in the definition;
//! - **remedy** — every `remedy.offered` for the complaint: at stage 1 those offered before the
//!   resident asked for stage 2, at stage 2 all of them (stage 1's marked as such), each with its
//!   compensation by head, and "by when" from the offer's `due` (a month: its last day; a year
//!   or no date: left empty for the officer, Code 7.3 — the policy's default period is the
//!   alert's, not a date the landlord gave). An offer withdrawn or replaced by the letter's date
//!   is left out: it is no longer offered;
//! - **outstanding actions** — every commitment made with the complaint as its source that is
//!   not done on the letter's date (not kept, and its works not recorded complete), with its
//!   owner and its due date as last rescheduled. A due date kept to the day is that day; to the
//!   month, the last day of the month (the landlord said "in March"); kept only to the year,
//!   the record says no date was given, so none is invented and the gap is named;
//! - **route onward** — stage 1: how to ask for stage 2 and whom to contact; stage 2: the
//!   Housing Ombudsman's details;
//! - **signed by** — the stage's handler, if the record names one (`complaint.acknowledged` or
//!   `complaint.responded`); at stage 2 the stage 1 handler too, for the Code 6.13 check.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{
    ComplaintDefinition, ElementDecision, OmbudsmanDetails, OutstandingAction, Remedy, RemedyItem,
    ResponseLetter, RouteOnward, Signatory,
};
use crate::commitments::{Fate, fates_at};
use crate::complaints::Stage;
use crate::complaints::handlers::StageHandlers;
use crate::events::EventData;
use crate::history::{Event, HistoryTime, RecordId, london, start_of_london_day};
use crate::references::RecordKind;
use crate::remedies::HeadAmount;
use crate::rules::RulesConfig;
use crate::rules::alerts::model::Model;

/// Why no draft could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("no complaint '{0}' on the record on {1}")]
    NoSuchComplaint(RecordId, Date),
}

/// The due date an outstanding action can state, from a commitment's due date: see the module
/// documentation. `None` when the record keeps it only to the year.
pub fn action_due(due: &HistoryTime) -> Option<Date> {
    match due {
        HistoryTime::Year(_) => None,
        HistoryTime::Month(..) => Some(due.last_date()),
        HistoryTime::Day(d) => Some(*d),
        HistoryTime::Instant(ts) => Some(ts.to_zoned(london()).date()),
    }
}

fn name_of(m: &Model<'_>, id: &RecordId, k: jiff::Timestamp) -> Option<String> {
    match m.created(id, k).map(|e| &e.data) {
        Some(EventData::PersonRegistered(p)) => Some(p.name.clone()),
        Some(EventData::RepresentativeRegistered(r)) => Some(r.name.clone()),
        Some(EventData::LandlordRegistered(l)) => Some(l.name.clone()),
        _ => None,
    }
}

/// Drafts the `stage` response to `complaint` from `events` (a whole history, in order) as the
/// record stood at the end of `on`, the letter's date.
pub fn draft_from_record(
    events: &[Event],
    config: &RulesConfig,
    complaint: &RecordId,
    stage: Stage,
    on: Date,
) -> Result<ResponseLetter, DraftError> {
    let k = start_of_london_day(on.checked_add(1.day()).unwrap_or(Date::MAX));
    let m = Model::new(events, config);
    let evs = m.effective(complaint, k);
    let received = evs
        .iter()
        .find_map(|e| match &e.data {
            EventData::ComplaintReceived(r) => Some(r),
            _ => None,
        })
        .ok_or_else(|| DraftError::NoSuchComplaint(complaint.clone(), on))?;
    let escalation = evs.iter().find_map(|e| match &e.data {
        EventData::EscalationRequested(r) => Some((e.seq, r)),
        _ => None,
    });
    let handlers = StageHandlers::from_events(evs.iter().copied());
    let handler = |s: Stage| {
        handlers
            .0
            .iter()
            .rev()
            .find(|n| n.stage == s)
            .map(|n| n.handler.clone())
    };

    // Landlord and addressee.
    let landlord_id = received
        .property
        .as_ref()
        .and_then(|p| m.landlord_of_property(p, k))
        .or_else(|| match m.records_of(RecordKind::Landlord) {
            [only] => Some((*only).clone()),
            _ => None,
        });
    let landlord = landlord_id
        .and_then(|l| name_of(&m, &l, k))
        .unwrap_or_default();
    let addressed_to = name_of(&m, &received.complainant, k).unwrap_or_default();
    let address = match received
        .property
        .as_ref()
        .and_then(|p| m.created(p, k))
        .map(|e| &e.data)
    {
        Some(EventData::PropertyRegistered(p)) => [
            Some(p.address.line1.clone()),
            p.address.line2.clone(),
            p.address.town.clone(),
            p.address.postcode.clone(),
        ]
        .into_iter()
        .flatten()
        .filter(|l| !l.trim().is_empty())
        .collect(),
        _ => Vec::new(),
    };

    // (b) The definition.
    let acknowledged = evs.iter().rev().find_map(|e| match &e.data {
        EventData::ComplaintAcknowledged(a) if a.stage == stage => {
            a.definition.clone().filter(|d| !d.trim().is_empty())
        }
        _ => None,
    });
    let understanding = acknowledged.unwrap_or_else(|| match (stage, escalation) {
        (Stage::Two, Some((_, r))) => match r.reasons.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(reasons) => format!(
                "{} When you asked for stage 2, you told us: {reasons}",
                received.description
            ),
            None => received.description.clone(),
        },
        _ => received.description.clone(),
    });
    // New issues raised during the stage (Code 6.8): those included are answered in this
    // letter, each as an element of its own; those logged as complaints of their own are said so.
    let issues: Vec<&crate::complaints::ComplaintIssueRaised> = evs
        .iter()
        .filter_map(|e| match &e.data {
            EventData::ComplaintIssueRaised(i) if i.stage == stage => Some(i),
            _ => None,
        })
        .collect();
    let logged_apart: Vec<String> = issues
        .iter()
        .filter_map(|i| {
            i.new_complaint
                .as_ref()
                .map(|c| format!("\"{}\" (logged as complaint {c})", i.description.trim()))
        })
        .collect();
    let mut understood = understanding.clone();
    if !logged_apart.is_empty() {
        understood.push_str(&format!(
            " You also raised {}, which we are answering separately.",
            logged_apart.join(", ")
        ));
    }
    let definition = ComplaintDefinition {
        understanding: understood,
        outcome_sought: received.outcome_sought.clone().unwrap_or_default(),
        not_responsible_for: None,
    };

    // (c), (d) The decision and its reasons are the officer's, for every point (Code 6.7).
    let mut decisions = vec![ElementDecision {
        element: understanding,
        decision: None,
        reasons: String::new(),
    }];
    decisions.extend(
        issues
            .iter()
            .filter(|i| i.handling == crate::complaints::IssueHandling::Included)
            .map(|i| ElementDecision {
                element: i.description.clone(),
                decision: None,
                reasons: String::new(),
            }),
    );

    // (e) The remedy offered for the complaint.
    let mut offers: Vec<(&Event, &crate::remedies::RemedyOffered)> = m
        .referring(complaint, RecordKind::Remedy)
        .into_iter()
        .filter_map(|r| m.created(r, k))
        .filter_map(|e| match &e.data {
            EventData::RemedyOffered(o) if o.for_case == *complaint => Some((e, o)),
            _ => None,
        })
        .filter(|(e, _)| {
            !m.effective(&e.subject, k)
                .iter()
                .any(|w| matches!(w.data, EventData::RemedyWithdrawn(_)))
        })
        .collect();
    offers.sort_by_key(|(e, _)| e.seq);
    offers.dedup_by_key(|(e, _)| e.seq);
    let at_stage1 = |e: &Event| escalation.is_none_or(|(seq, _)| e.seq < seq);
    let items: Vec<RemedyItem> = offers
        .into_iter()
        .filter(|(e, _)| stage == Stage::Two || at_stage1(e))
        .map(|(e, o)| {
            let mut what = o.reason.trim().to_string();
            if o.offset_against_arrears == Some(true) {
                what.push_str(" (set against any rent arrears)");
            }
            if stage == Stage::Two && escalation.is_some() && at_stage1(e) {
                what = format!("Offered at stage 1: {what}");
            }
            RemedyItem {
                what,
                by_when: o.due.as_ref().and_then(action_due),
                compensation: if o.amount.0 > 0 {
                    vec![HeadAmount {
                        head: o.head,
                        amount: o.amount,
                    }]
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let remedy = (!items.is_empty()).then_some(Remedy::Offered { items });

    // (f) Outstanding actions: the complaint's commitments not done on the letter's date.
    let actions: Vec<OutstandingAction> = fates_at(events, config, k)
        .into_iter()
        .filter(|f| f.source == *complaint && !matches!(f.fate, Fate::Kept | Fate::Unverified))
        .map(|f| OutstandingAction {
            what: f.description,
            owner: f.owner.unwrap_or_default(),
            due: action_due(&f.due),
        })
        .collect();

    // (g) The route onward.
    let route_onward = match stage {
        Stage::One => RouteOnward::Stage2 {
            how: "If you are not satisfied with this response, tell us that you would like your \
                  complaint to go to stage 2: reply to this letter, write to us, phone or email. \
                  You do not have to explain why."
                .to_string(),
            contact: match (handler(Stage::One), landlord.trim().is_empty()) {
                (_, true) => String::new(),
                (Some(h), false) => format!("{h}, {landlord}"),
                (None, false) => format!("The complaints team, {landlord}"),
            },
        },
        Stage::Two => RouteOnward::Ombudsman(OmbudsmanDetails::housing_ombudsman()),
    };

    let signed_by = handler(stage).map(|name| Signatory {
        name,
        role: format!("Stage {} complaint handler", u8::from(stage)),
    });

    Ok(ResponseLetter {
        complaint: complaint.clone(),
        landlord,
        addressed_to,
        address,
        date: Some(on),
        stage: Some(stage),
        definition: Some(definition),
        decisions,
        remedy,
        outstanding_actions: Some(actions),
        route_onward: Some(route_onward),
        signed_by,
        stage1_handler: match stage {
            Stage::One => None,
            Stage::Two => handler(Stage::One),
        },
    })
}
