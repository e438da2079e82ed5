//! The remedies ledger (requirements R10): for a complaint or Ombudsman case, a household or a
//! home, every remedy from offer to paid — head, amount, reason, when offered and by when it is
//! due, what has been paid (to the rent account and to the resident), what is outstanding and its
//! status — with, beside each amount, the band of the Ombudsman's remedies guidance and of the
//! landlord's compensation policy it falls in (`rules::remedy_bands`, rules.md §5.3), and totals
//! by head and overall. Derived from history alone, as the record stood at any instant.
//!
//! **Due.** The remedy's own `due`; for a remedy paid under an Ombudsman order (`order`), the
//! order's `due` — the earlier of the two when both are given, since a landlord cannot give
//! itself longer than the Ombudsman allowed; with neither, the landlord's policy default after
//! the offer (`RulesConfig::remedy_payment_within`, 28 calendar days, UNCONFIRMED). Dates follow
//! the clocks' conventions (`rules::clock`): a date known only to a month is due at the end of
//! the month.
//!
//! **Status** at the instant asked about: `withdrawn` or `replaced` (the offer no longer stands);
//! `no_payment` (an amount of nothing: a remedy that is an action, not money — its delivery is a
//! commitment's to track); `paid` (nothing outstanding); `overdue` (something outstanding after
//! the due date); `part_paid` (something paid or credited, something outstanding, not yet due);
//! `offered`.
//!
//! **Totals.** `offered` is every offer as made; `withdrawn` the amounts of offers withdrawn or
//! replaced; `standing` the rest. `paid` is cash, counted once, on the remedy it was paid on —
//! including money paid on an offer later replaced; `credited` is that money counted again
//! towards a replacement, so it is never added to `paid`. For the remedies in scope:
//! `standing` = (`paid` on standing remedies − what they carried away) + `credited` +
//! `outstanding`.

use std::borrow::Cow;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::balance::{self, Balance, Entry};
use super::{RemedyCredited, RemedyHead, RemedyOffered, RemedyPaid, RemedyWithdrawn};
use crate::codes::Pence;
use crate::events::EventData;
use crate::history::{Event, EventId, HistoryTime, RecordId};
use crate::references::RecordKind;
use crate::rules::RulesConfig;
use crate::rules::alerts::model::{Model, visible};
use crate::rules::calendar::CalendarError;
use crate::rules::clock::{Due, due_after, due_on};
use crate::rules::remedy_bands::{BandFit, place};

/// What the ledger is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// A complaint or an Ombudsman case: the remedies offered or ordered in it.
    Case(RecordId),
    /// A household, by its tenancy: remedies for its home offered during the tenancy.
    Household(RecordId),
    /// A home: every remedy about it.
    Property(RecordId),
}

/// Where a remedy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Offered,
    PartPaid,
    Paid,
    Overdue,
    /// Withdrawn with nothing replacing it.
    Withdrawn,
    /// Replaced by other remedies (`remedy.withdrawn` with `replaced_by`).
    Replaced,
    /// An amount of nothing: no money to track.
    NoPayment,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Overdue,
        Status::PartPaid,
        Status::Offered,
        Status::Paid,
        Status::NoPayment,
        Status::Replaced,
        Status::Withdrawn,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Offered => "offered",
            Status::PartPaid => "part_paid",
            Status::Paid => "paid",
            Status::Overdue => "overdue",
            Status::Withdrawn => "withdrawn",
            Status::Replaced => "replaced",
            Status::NoPayment => "no_payment",
        }
    }
}

/// Where a remedy's due date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueFrom {
    /// The remedy's own `due`.
    Remedy,
    /// The Ombudsman order it is paid under.
    Order,
    /// No date given: the landlord's policy default after the offer.
    Policy,
}

impl DueFrom {
    pub fn as_str(&self) -> &'static str {
        match self {
            DueFrom::Remedy => "remedy",
            DueFrom::Order => "order",
            DueFrom::Policy => "policy",
        }
    }
}

/// One payment on a remedy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub event: EventId,
    pub paid_on: HistoryTime,
    pub amount: Pence,
    /// Of `amount`, what went to the rent account against arrears.
    pub to_rent_account: Pence,
    pub method: String,
}

/// Money paid on an earlier offer this remedy replaced, counted towards it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credit {
    pub event: EventId,
    pub on: HistoryTime,
    pub from: RecordId,
    pub amount: Pence,
}

/// An offer that no longer stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    pub on: HistoryTime,
    pub reason: String,
    pub replaced_by: Vec<RecordId>,
}

/// The bands beside an amount: the Ombudsman's guidance in force on the offer's date and the
/// landlord's policy (its own, else HomeSafe's default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bands {
    /// The guidance version used; `None` when none is held for the date.
    pub guidance: Option<Cow<'static, str>>,
    pub ombudsman: BandFit,
    /// The policy used.
    pub policy: Option<Cow<'static, str>>,
    pub landlord_policy: BandFit,
}

/// One remedy in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub remedy: RecordId,
    pub for_case: RecordId,
    /// `complaint` or `ombudsman_case`.
    pub case_kind: &'static str,
    pub head: RemedyHead,
    pub amount: Pence,
    pub reason: String,
    pub offered_on: HistoryTime,
    /// The offer's stance on arrears: to be set against any rent arrears.
    pub offset_against_arrears: Option<bool>,
    /// The Ombudsman order it is paid under.
    pub order: Option<RecordId>,
    /// The due date the record gives (the remedy's or the order's); `None` when the policy
    /// default applies.
    pub due: Option<HistoryTime>,
    pub due_from: DueFrom,
    /// The last day it is in time; `None` if the calendar cannot say.
    pub due_date: Option<Date>,
    /// Cash paid on it.
    pub paid: Pence,
    /// Of `paid`: to the rent account, and to the resident.
    pub to_rent_account: Pence,
    pub to_resident: Pence,
    /// Money paid on offers it replaced, counted towards it.
    pub credited: Pence,
    /// Of `paid`, what was counted towards its replacements.
    pub carried_to_replacements: Pence,
    pub outstanding: Pence,
    pub status: Status,
    pub withdrawn: Option<Withdrawal>,
    pub payments: Vec<Payment>,
    pub credits: Vec<Credit>,
    pub bands: Bands,
}

/// Totals for one head, or for the whole ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Every offer as made.
    pub offered: Pence,
    /// Offers withdrawn or replaced.
    pub withdrawn: Pence,
    /// Offers that stand: `offered` − `withdrawn`.
    pub standing: Pence,
    /// Cash paid, on any remedy in scope.
    pub paid: Pence,
    pub to_rent_account: Pence,
    pub to_resident: Pence,
    /// Money paid on replaced offers counted towards their replacements (not added to `paid`).
    pub credited: Pence,
    pub outstanding: Pence,
    /// Of `outstanding`, what is overdue.
    pub overdue: Pence,
}

impl Totals {
    fn add(&mut self, r: &Row) {
        self.offered.0 += r.amount.0;
        if r.withdrawn.is_some() {
            self.withdrawn.0 += r.amount.0;
        } else {
            self.standing.0 += r.amount.0;
        }
        self.paid.0 += r.paid.0;
        self.to_rent_account.0 += r.to_rent_account.0;
        self.to_resident.0 += r.to_resident.0;
        self.credited.0 += r.credited.0;
        self.outstanding.0 += r.outstanding.0;
        if r.status == Status::Overdue {
            self.overdue.0 += r.outstanding.0;
        }
    }
}

/// The totals of one head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HeadTotals {
    pub head: RemedyHead,
    #[serde(flatten)]
    pub totals: Totals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ledger {
    pub scope: Scope,
    pub at: Timestamp,
    /// In the order offered.
    pub remedies: Vec<Row>,
    /// In [`RemedyHead`] order, heads with no remedy left out.
    pub by_head: Vec<HeadTotals>,
    pub totals: Totals,
}

/// The ledger for `scope` as the record stood at `at`. An unknown scope record gives no rows.
pub fn ledger(events: &[Event], config: &RulesConfig, scope: Scope, at: Timestamp) -> Ledger {
    let m = Model::new(events, config);
    let window = match &scope {
        Scope::Household(t) => household_window(&m, t, at),
        _ => None,
    };
    let mut rows: Vec<(u64, Row)> = Vec::new();
    for r in m.records_of(RecordKind::Remedy) {
        let Some(state) = remedy_at(&m, r, at) else {
            continue;
        };
        let wanted = match &scope {
            Scope::Case(c) => state.offer.for_case == *c,
            Scope::Property(p) => m.property_of(r, at).as_ref() == Some(p),
            Scope::Household(_) => window.as_ref().is_some_and(|(home, from, to)| {
                let on = &state.offered_ev.at;
                m.property_of(r, at).as_ref() == Some(home)
                    && on.last_date() >= *from
                    && to.is_none_or(|to| on.first_date() <= to)
            }),
        };
        if wanted {
            rows.push((state.offered_ev.seq, row(&m, &state, at)));
        }
    }
    rows.sort_by(|a, b| (a.0, &a.1.remedy).cmp(&(b.0, &b.1.remedy)));
    let remedies: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
    let mut totals = Totals::default();
    for r in &remedies {
        totals.add(r);
    }
    let by_head = RemedyHead::ALL
        .iter()
        .filter_map(|&head| {
            let mut t = Totals::default();
            let mut any = false;
            for r in remedies.iter().filter(|r| r.head == head) {
                t.add(r);
                any = true;
            }
            any.then_some(HeadTotals { head, totals: t })
        })
        .collect();
    Ledger {
        scope,
        at,
        remedies,
        by_head,
        totals,
    }
}

/// A tenancy's home and the dates it ran, as known at `at`.
fn household_window(
    m: &Model<'_>,
    tenancy: &RecordId,
    at: Timestamp,
) -> Option<(RecordId, Date, Option<Date>)> {
    let evs = m.effective(tenancy, at);
    let Some(EventData::TenancyStarted(t)) = evs.first().map(|e| &e.data) else {
        return None;
    };
    let ended = evs.iter().find_map(|e| match &e.data {
        EventData::TenancyEnded(_) => Some(e.at.last_date()),
        _ => None,
    });
    Some((t.property.clone(), t.start.first_date(), ended))
}

/// One remedy as the record stood at an instant: its offer, payments, credits, withdrawal, money
/// and due date. Shared by the ledger and the `remedy.payment_overdue` alert.
pub(crate) struct RemedyAt<'e> {
    pub offered_ev: &'e Event,
    pub offer: &'e RemedyOffered,
    pub payments: Vec<(&'e Event, &'e RemedyPaid)>,
    pub credits: Vec<(&'e Event, &'e RemedyCredited)>,
    pub withdrawal: Option<(&'e Event, &'e RemedyWithdrawn)>,
    pub balance: Balance,
    /// The date given (remedy's or order's) and where the due date comes from.
    pub due_given: Option<&'e HistoryTime>,
    pub due_from: DueFrom,
    pub due: Result<Due, CalendarError>,
}

impl RemedyAt<'_> {
    pub fn status(&self, at: Timestamp) -> Status {
        match &self.balance.withdrawn {
            Some(by) if by.is_empty() => return Status::Withdrawn,
            Some(_) => return Status::Replaced,
            None => {}
        }
        let out = self.balance.outstanding();
        if self.balance.amount.0 == 0 {
            Status::NoPayment
        } else if out.0 <= 0 {
            Status::Paid
        } else if self.due.as_ref().is_ok_and(|d| at >= d.at) {
            Status::Overdue
        } else if out < self.balance.amount {
            Status::PartPaid
        } else {
            Status::Offered
        }
    }
}

/// The records whose events a remedy's money depends on: itself and every remedy any version of
/// its withdrawal names as a replacement (their credits may draw on it).
pub(crate) fn money_records<'e>(m: &Model<'e>, remedy: &'e RecordId) -> Vec<&'e RecordId> {
    let mut out = vec![remedy];
    for e in m.all_events(remedy) {
        if let EventData::RemedyWithdrawn(w) = &e.data {
            for r in &w.replaced_by {
                if let Some(r) = m.record_ref(r)
                    && !out.contains(&r)
                {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// The remedy as known at `k`; `None` if its offer was not on the record then.
pub(crate) fn remedy_at<'e>(
    m: &Model<'e>,
    remedy: &'e RecordId,
    k: Timestamp,
) -> Option<RemedyAt<'e>> {
    let own = m.effective(remedy, k);
    let offered_ev = *own.first()?;
    let EventData::RemedyOffered(offer) = &offered_ev.data else {
        return None;
    };
    let mut payments = Vec::new();
    let mut credits = Vec::new();
    let mut withdrawal = None;
    for e in &own {
        match &e.data {
            EventData::RemedyPaid(p) => payments.push((*e, p)),
            EventData::RemedyCredited(c) => credits.push((*e, c)),
            EventData::RemedyWithdrawn(w) => withdrawal = Some((*e, w)),
            _ => {}
        }
    }
    // The balance folds raw entries (corrections applied by `balance::effective`, as
    // `Model::effective` applies them), known at `k`.
    let mut known: Vec<&Event> = money_records(m, remedy)
        .into_iter()
        .flat_map(|r| m.all_events(r))
        .filter(|e| visible(e) <= k)
        .collect();
    known.sort_by_key(|e| e.seq);
    known.dedup_by_key(|e| e.seq);
    let entries: Vec<Entry> = known.into_iter().filter_map(Entry::of).collect();
    let balance = balance::balance(remedy, &entries);

    let order_due =
        offer
            .order
            .as_ref()
            .and_then(|o| match m.effective(o, k).first().map(|e| &e.data) {
                Some(EventData::OmbudsmanOrderMade(made)) => made.due.as_ref(),
                _ => None,
            });
    let (due_given, due_from) = match (offer.due.as_ref(), order_due) {
        (Some(own), Some(ordered)) if ordered.last_date() < own.last_date() => {
            (Some(ordered), DueFrom::Order)
        }
        (Some(own), _) => (Some(own), DueFrom::Remedy),
        (None, Some(ordered)) => (Some(ordered), DueFrom::Order),
        (None, None) => (None, DueFrom::Policy),
    };
    let cfg = m.cfg;
    let due = match due_given {
        Some(d) => due_on(d, &cfg.calendar, &cfg.due_soon),
        None => due_after(
            cfg.remedy_payment_within,
            &offered_ev.at,
            &cfg.calendar,
            &cfg.due_soon,
        ),
    };
    Some(RemedyAt {
        offered_ev,
        offer,
        payments,
        credits,
        withdrawal,
        balance,
        due_given,
        due_from,
        due,
    })
}

fn row(m: &Model<'_>, s: &RemedyAt<'_>, at: Timestamp) -> Row {
    let remedy = s.offered_ev.subject.clone();
    let landlord = m
        .property_of(&remedy, at)
        .and_then(|p| m.landlord_of_property(&p, at));
    let placed = place(
        s.offer.head,
        s.offer.amount,
        s.offered_ev.at.last_date(),
        landlord.as_ref(),
        &m.cfg.remedy_guidance,
        &m.cfg.remedy_policies,
    );
    let b = &s.balance;
    Row {
        for_case: s.offer.for_case.clone(),
        case_kind: m
            .kind(&s.offer.for_case)
            .map_or("complaint", |k| k.as_str()),
        head: s.offer.head,
        amount: s.offer.amount,
        reason: s.offer.reason.clone(),
        offered_on: s.offered_ev.at,
        offset_against_arrears: s.offer.offset_against_arrears,
        order: s.offer.order.clone(),
        due: s.due_given.copied(),
        due_from: s.due_from,
        due_date: s.due.as_ref().ok().and_then(|d| d.date),
        paid: b.paid,
        to_rent_account: b.to_rent_account,
        to_resident: Pence(b.paid.0 - b.to_rent_account.0),
        credited: b.credited,
        carried_to_replacements: b.carried_out,
        outstanding: b.outstanding(),
        status: s.status(at),
        withdrawn: s.withdrawal.map(|(e, w)| Withdrawal {
            on: e.at,
            reason: w.reason.clone(),
            replaced_by: w.replaced_by.clone(),
        }),
        payments: s
            .payments
            .iter()
            .map(|(e, p)| Payment {
                event: e.id.clone(),
                paid_on: p.paid_on,
                amount: p.amount,
                to_rent_account: p.offset_against_arrears.unwrap_or(Pence(0)),
                method: p.method.clone(),
            })
            .collect(),
        credits: s
            .credits
            .iter()
            .map(|(e, c)| Credit {
                event: e.id.clone(),
                on: e.at,
                from: c.from.clone(),
                amount: c.amount,
            })
            .collect(),
        bands: Bands {
            guidance: placed.guidance,
            ombudsman: placed.ombudsman,
            policy: placed.policy,
            landlord_policy: placed.landlord_policy,
        },
        remedy,
    }
}
