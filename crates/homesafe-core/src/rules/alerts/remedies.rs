//! Remedies (requirements R10): `remedy.payment_overdue` when a remedy offered or ordered is not
//! fully paid by its due date — the remedy's own, the Ombudsman order's it is paid under, or,
//! with neither, the landlord's policy default after the offer. "Paid" is the ledger's
//! ([`crate::remedies::ledger`]): nothing outstanding, credits from replaced offers counted. A
//! withdrawn or replaced offer, or one for no money, runs no clock. A payment clears the alert
//! from the moment it is known; a part payment does not.

use std::borrow::Cow;

use super::model::{Model, visible, when};
use super::repairs::due_text;
use super::timeline::Pending;
use super::{AlertCode, AlertSpan, DueOr, due_or, excerpt, track};
use crate::references::RecordKind;
use crate::remedies::ledger::{DueFrom, Status, money_records, remedy_at};
use crate::remedies::pounds;
use crate::rules::clock::precision_note;

/// A remedy with its own date: the landlord said by when.
pub(crate) const RULE: &str = "remedy.payment";
pub(crate) const SOURCE: &str = "The landlord's own remedy: Complaint Handling Code 2024, 7.3 (a remedy says what will happen and by when, and is followed through to completion); requirements R10";

/// A remedy paid under an Ombudsman order: the order's date.
pub(crate) const ORDERED_RULE: &str = "remedy.payment.ordered";
pub(crate) const ORDERED_SOURCE: &str = "Housing Ombudsman order to pay compensation by a date (Housing Act 1996 Sch. 2 para 7; rules.md §5.2)";

/// A remedy with no date: the landlord's policy default.
pub(crate) const DEFAULT_RULE: &str = "remedy.payment.default";
pub(crate) const DEFAULT_SOURCE: &str = "Landlord policy: a remedy offered with no date is paid within the policy's period of the offer (HomeSafe default 28 calendar days, UNCONFIRMED; Complaint Handling Code 2024, 7.3 requires a date but sets none)";

pub(super) fn spans(m: &Model<'_>) -> Vec<AlertSpan> {
    let mut out = Vec::new();
    for r in m.records_of(RecordKind::Remedy) {
        // The remedy's money depends on its own events and its replacements' credits; its due
        // date on the order it names (any version).
        let mut deps = money_records(m, r);
        for e in m.all_events(r) {
            if let crate::events::EventData::RemedyOffered(o) = &e.data
                && let Some(order) = o.order.as_ref().and_then(|o| m.record_ref(o))
                && !deps.contains(&order)
            {
                deps.push(order);
            }
        }
        out.extend(track(m, deps, |k| {
            let Some(s) = remedy_at(m, r, k) else {
                return Vec::new();
            };
            // No clock for an offer that no longer stands, one for no money, or one paid.
            if matches!(
                s.status(k),
                Status::Withdrawn | Status::Replaced | Status::NoPayment | Status::Paid
            ) {
                return Vec::new();
            }
            let (rule, source) = match s.due_from {
                DueFrom::Remedy => (RULE, SOURCE),
                DueFrom::Order => (ORDERED_RULE, ORDERED_SOURCE),
                DueFrom::Policy => (DEFAULT_RULE, DEFAULT_SOURCE),
            };
            let mut records = vec![(*r).clone(), s.offer.for_case.clone()];
            records.extend(s.offer.order.iter().cloned());
            let b = &s.balance;
            let due_words = match (s.due_given, s.due_from) {
                (Some(d), DueFrom::Order) => format!(
                    "due {}{} under Ombudsman order {}",
                    when(d),
                    precision_note("the due date", d),
                    s.offer.order.as_ref().map_or("", |o| o.as_str())
                ),
                (Some(d), _) => format!("due {}{}", when(d), precision_note("the due date", d)),
                (None, _) => format!(
                    "no date given, so due within the landlord's policy period ({}) of the offer",
                    m.cfg.remedy_payment_within
                ),
            };
            let credited = if b.credited.0 > 0 {
                format!(", {} credited from replaced offers", pounds(b.credited))
            } else {
                String::new()
            };
            match due_or(s.due, rule, &records, visible(s.offered_ev)) {
                DueOr::Failed(p) => vec![p],
                DueOr::Due(d) => vec![Pending {
                    code: AlertCode::RemedyPaymentOverdue,
                    rule: Cow::Borrowed(rule),
                    source: Cow::Borrowed(source),
                    property: None,
                    records,
                    started: s.offered_ev.at.earliest(),
                    due: d.at,
                    warn_from: d.warn_from,
                    detail: format!(
                        "Offered {} ({}): {} {} — \"{}\" — {due_words}; {} paid{credited}, {} outstanding by {}.",
                        when(&s.offered_ev.at),
                        s.offer.for_case,
                        s.offer.head.describe().to_lowercase(),
                        pounds(s.offer.amount),
                        excerpt(&s.offer.reason, 120),
                        pounds(b.paid),
                        pounds(b.outstanding()),
                        due_text(&d)
                    ),
                }],
            }
        }));
    }
    out
}
