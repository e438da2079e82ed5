//! The remedies ledger (requirements R10) from the two Ombudsman cases in `examples/cases/`, and
//! from small histories written here: the ledger adds up to the reports' figures; a payment above
//! what is outstanding is refused when written; part payments, rent-account offsets, withdrawn
//! and replaced offers and credits land where they should; and `remedy.payment_overdue` appears
//! the day after a remedy's due date and clears when it is paid.

use homesafe_core::codes::Pence;
use homesafe_core::complaints::Stage;
use homesafe_core::complaints::letters::{Remedy, draft_from_record};
use homesafe_core::history::{Event, Hash, RecordId, read_history};
use homesafe_core::remedies::RemedyHead;
use homesafe_core::remedies::ledger::{DueFrom, Ledger, Row, Scope, Status, Totals, ledger};
use homesafe_core::rules::RulesConfig;
use homesafe_core::rules::calendar::{london_date, london_day_start};
use homesafe_core::rules::remedy_bands::BandFit;
use homesafe_core::rules::{AlertStage, alert_spans};
use jiff::Timestamp;
use jiff::civil::{Date, date};
use serde_json::{Value, json};

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

fn pounds(n: i64) -> Pence {
    Pence(n * 100)
}

fn id(s: &str) -> RecordId {
    RecordId::parse(s).expect("id")
}

fn load(text: &str) -> Vec<Event> {
    read_history(text, (), (0, Hash::GENESIS)).expect("valid history")
}

/// The end of a London day, as the API reads a date: everything recorded that day is known,
/// and anything due that day and not done is overdue.
fn end_of(d: Date) -> Timestamp {
    london_day_start(d.tomorrow().expect("date")).expect("in range")
}

fn ledger_at(events: &[Event], scope: Scope, on: Date) -> Ledger {
    ledger(events, &RulesConfig::default(), scope, end_of(on))
}

fn row<'a>(l: &'a Ledger, remedy: &str) -> &'a Row {
    l.remedies
        .iter()
        .find(|r| r.remedy.as_str() == remedy)
        .unwrap_or_else(|| panic!("no remedy {remedy} in the ledger"))
}

fn head(l: &Ledger, head: RemedyHead) -> Totals {
    l.by_head
        .iter()
        .find(|h| h.head == head)
        .unwrap_or_else(|| panic!("no {head:?} in the ledger"))
        .totals
}

fn band_ids(fit: &BandFit) -> Vec<String> {
    match fit {
        BandFit::Within { bands } => bands.iter().map(|b| b.id.to_string()).collect(),
        other => vec![format!("{other:?}")],
    }
}

/// L&Q (202209500): "The landlord offered the resident £550 redress broken down as follows:
/// £150 ... £50 ... £250 ... £100"; the Ombudsman ordered "in addition to the £550 already
/// offered ... a further £1000 made up of £500 ... £100 ... £400", "within 4 weeks".
#[test]
fn lq_ledger_is_the_550_by_item_and_the_further_1000() {
    let events = load(LQ);
    let complaint = ledger_at(
        &events,
        Scope::Case(id("lq-complaint-2022-03")),
        date(2023, 10, 22),
    );
    let items: Vec<(RemedyHead, Pence)> = complaint
        .remedies
        .iter()
        .map(|r| (r.head, r.amount))
        .collect();
    assert_eq!(
        items,
        [
            (RemedyHead::RecordKeeping, pounds(150)),
            (RemedyHead::ComplaintHandling, pounds(50)),
            (RemedyHead::Goodwill, pounds(250)),
            (RemedyHead::DamageToBelongings, pounds(100)),
        ]
    );
    assert_eq!(complaint.totals.offered, pounds(550));
    assert_eq!(complaint.totals.standing, pounds(550));
    assert_eq!(complaint.totals.paid, Pence(0));
    assert_eq!(complaint.totals.outstanding, pounds(550));
    // No date was given and no payment is recorded: the policy's 28 days ran out on 29 September
    // 2022, so by October 2023 every item is overdue.
    let goodwill = row(&complaint, "lq-remedy-s2-contractor-conduct");
    assert_eq!(goodwill.due_from, DueFrom::Policy);
    assert_eq!(goodwill.due, None);
    assert_eq!(goodwill.due_date, Some(date(2022, 9, 29)));
    assert!(
        complaint
            .remedies
            .iter()
            .all(|r| r.status == Status::Overdue)
    );
    assert_eq!(complaint.totals.overdue, pounds(550));
    // Before the Ombudsman's guidance bands are held (September 2023), only L&Q's policy —
    // HomeSafe's default, L&Q has none configured — is beside the £250.
    assert_eq!(goodwill.bands.ombudsman, BandFit::NoneInForce);
    assert_eq!(
        band_ids(&goodwill.bands.landlord_policy),
        ["policy.homesafe.remedies.adverse_effect"]
    );

    // The order: £1,000 under order 1, due 20 November 2023 (the order's date).
    let ordered = ledger_at(
        &events,
        Scope::Case(id("lq-ombudsman-202209500")),
        date(2023, 11, 19),
    );
    assert_eq!(ordered.totals.standing, pounds(1_000));
    for r in &ordered.remedies {
        assert_eq!(
            r.order.as_ref().map(RecordId::as_str),
            Some("lq-order-1-compensation")
        );
        assert_eq!(r.due_from, DueFrom::Order);
        assert_eq!(r.due_date, Some(date(2023, 11, 20)));
        assert_eq!(r.status, Status::Offered, "{}: not yet overdue", r.remedy);
    }
    // Beside each, the Ombudsman's band: £500 and £400 in £100–£600; £100 on the shared edge.
    assert_eq!(
        band_ids(
            &row(&ordered, "lq-remedy-ombudsman-stack-delay")
                .bands
                .ombudsman
        ),
        ["hos.remedies.adverse_effect"]
    );
    assert_eq!(
        band_ids(
            &row(&ordered, "lq-remedy-ombudsman-contractor-reports")
                .bands
                .ombudsman
        ),
        ["hos.remedies.minor", "hos.remedies.adverse_effect"]
    );
    let next_day = ledger_at(
        &events,
        Scope::Case(id("lq-ombudsman-202209500")),
        date(2023, 11, 20),
    );
    assert!(
        next_day
            .remedies
            .iter()
            .all(|r| r.status == Status::Overdue)
    );
    assert_eq!(next_day.totals.overdue, pounds(1_000));

    // The household: £1,550 in all, by head.
    let household = ledger_at(
        &events,
        Scope::Household(id("lq-tenancy")),
        date(2023, 12, 1),
    );
    assert_eq!(household.totals.standing, pounds(1_550));
    assert_eq!(household.totals.outstanding, pounds(1_550));
    assert_eq!(
        head(&household, RemedyHead::ComplaintHandling).standing,
        pounds(450)
    );
    assert_eq!(head(&household, RemedyHead::Delay).standing, pounds(500));
    assert_eq!(
        head(&household, RemedyHead::RecordKeeping).standing,
        pounds(150)
    );
    assert_eq!(
        household.by_head.iter().map(|h| h.head).collect::<Vec<_>>(),
        [
            RemedyHead::Delay,
            RemedyHead::ComplaintHandling,
            RemedyHead::RecordKeeping,
            RemedyHead::DamageToBelongings,
            RemedyHead::Goodwill,
            RemedyHead::Other,
        ]
    );
    // The home gives the same.
    let home = ledger_at(
        &events,
        Scope::Property(id("lq-flat-resident")),
        date(2023, 12, 1),
    );
    assert_eq!(home.totals, household.totals);
}

/// Clarion (202208650): £175 at stage 1 (£150 + £25, "if she had arrears on her account, it
/// would offset the payment against those"), £650 at stage 2; the Ombudsman ordered "£4100
/// which includes the compensation already offered", "within four weeks".
#[test]
fn clarion_ledger_is_the_825_offered_then_the_4100_that_includes_it() {
    let events = load(CLARION);
    // The day after the stage 2 response: £825 offered, the stage 1 items past the policy's 28
    // days (24 March + 28 = 21 April 2022) with nothing paid.
    let complaint = Scope::Case(id("clarion-complaint-2022-03"));
    let may = ledger_at(&events, complaint.clone(), date(2022, 5, 21));
    assert_eq!(may.totals.offered, pounds(825));
    assert_eq!(may.totals.standing, pounds(825));
    assert_eq!(head(&may, RemedyHead::Delay).standing, pounds(550));
    let s1 = row(&may, "clarion-remedy-s1-delay");
    assert_eq!(s1.offset_against_arrears, Some(true));
    assert_eq!(s1.due_date, Some(date(2022, 4, 21)));
    assert_eq!(s1.status, Status::Overdue);
    assert_eq!(
        row(&may, "clarion-remedy-s2-goodwill").status,
        Status::Offered
    );
    assert_eq!(may.totals.overdue, pounds(175));
    // Clarion's own policy is beside each: the £150 in its lower band (£50–£250), which the
    // Ombudsman found "should have been within the higher range".
    assert_eq!(s1.bands.policy.as_deref(), Some("policy.clarion.remedies"));
    assert_eq!(
        band_ids(&s1.bands.landlord_policy),
        ["policy.clarion.remedies.lower"]
    );

    // After the determination: the £825 is replaced by the £4,100 order, which stands alone.
    let after = ledger_at(&events, complaint, date(2023, 8, 11));
    assert!(
        after
            .remedies
            .iter()
            .all(|r| r.status == Status::Replaced && r.outstanding == Pence(0))
    );
    assert_eq!(after.totals.withdrawn, pounds(825));
    assert_eq!(after.totals.standing, Pence(0));
    let ordered = ledger_at(
        &events,
        Scope::Case(id("clarion-ombudsman-202208650")),
        date(2023, 9, 7),
    );
    assert_eq!(ordered.totals.standing, pounds(4_100));
    assert_eq!(
        ordered
            .remedies
            .iter()
            .map(|r| (r.head, r.amount))
            .collect::<Vec<_>>(),
        [
            (RemedyHead::Delay, pounds(600)),
            (RemedyHead::LossOfUse, pounds(2_600)),
            (RemedyHead::ComplaintHandling, pounds(400)),
            (RemedyHead::RecordKeeping, pounds(500)),
        ]
    );
    assert!(ordered.remedies.iter().all(|r| r.status == Status::Offered
        && r.due_date == Some(date(2023, 9, 8))
        && r.due_from == DueFrom::Order));
    // Loss of use is calculated, not banded; Clarion's policy has no band up to £2,600.
    let lou = row(&ordered, "clarion-remedy-ombudsman-loss-of-use");
    assert!(matches!(lou.bands.landlord_policy, BandFit::Above { .. }));

    // At the end of the order's date, 8 September 2023, all of it is overdue.
    let household = ledger_at(
        &events,
        Scope::Household(id("clarion-tenancy")),
        date(2023, 9, 8),
    );
    assert_eq!(household.totals.offered, pounds(4_925));
    assert_eq!(household.totals.withdrawn, pounds(825));
    assert_eq!(household.totals.standing, pounds(4_100));
    assert_eq!(household.totals.outstanding, pounds(4_100));
    assert_eq!(household.totals.overdue, pounds(4_100));
    let delay = head(&household, RemedyHead::Delay);
    assert_eq!(
        (delay.offered, delay.withdrawn, delay.standing),
        (pounds(1_150), pounds(550), pounds(600))
    );
    assert_eq!(head(&household, RemedyHead::Goodwill).standing, Pence(0));
}

/// Draft lines after the L&Q case, each sealed onto it.
fn with(base: &str, lines: &[Value]) -> Result<Vec<Event>, (String, String)> {
    let mut text = base.to_string();
    for l in lines {
        text.push_str(&l.to_string());
        text.push('\n');
    }
    read_history(&text, (), (0, Hash::GENESIS)).map_err(|e| (e.field, e.reason))
}

fn ev(ty: &str, subject: &str, at: &str, data: Value) -> Value {
    json!({
        "type": ty,
        "subject": subject,
        "at": at,
        "actor": {"id": "lq-finance", "role": "staff"},
        "data": data,
    })
}

fn paid(subject: &str, on: &str, pence: i64) -> Value {
    ev(
        "remedy.paid",
        subject,
        on,
        json!({"amount": pence, "paid_on": on, "method": "bank_transfer"}),
    )
}

const GOODWILL: &str = "lq-remedy-s2-contractor-conduct";

#[test]
fn a_part_payment_is_part_paid_and_the_rest_pays_it() {
    let part = with(
        LQ,
        &[ev(
            "remedy.paid",
            GOODWILL,
            "2022-09-10",
            json!({"amount": 10000, "paid_on": "2022-09-10", "method": "rent_account_credit", "offset_against_arrears": 10000}),
        )],
    )
    .expect("a part payment is accepted");
    let l = ledger_at(
        &part,
        Scope::Case(id("lq-complaint-2022-03")),
        date(2022, 9, 12),
    );
    let r = row(&l, GOODWILL);
    assert_eq!(r.status, Status::PartPaid);
    assert_eq!((r.paid, r.outstanding), (pounds(100), pounds(150)));
    assert_eq!((r.to_rent_account, r.to_resident), (pounds(100), Pence(0)));
    assert_eq!(l.totals.paid, pounds(100));
    assert_eq!(l.totals.outstanding, pounds(450));

    let mut lines = vec![ev(
        "remedy.paid",
        GOODWILL,
        "2022-09-10",
        json!({"amount": 10000, "paid_on": "2022-09-10", "method": "rent_account_credit", "offset_against_arrears": 10000}),
    )];
    lines.push(paid(GOODWILL, "2022-09-20", 15000));
    let all = with(LQ, &lines).expect("the rest is accepted");
    let l = ledger_at(
        &all,
        Scope::Case(id("lq-complaint-2022-03")),
        date(2022, 9, 20),
    );
    let r = row(&l, GOODWILL);
    assert_eq!(r.status, Status::Paid);
    assert_eq!(r.outstanding, Pence(0));
    assert_eq!(
        (r.to_rent_account, r.to_resident),
        (pounds(100), pounds(150))
    );
    assert_eq!(r.payments.len(), 2);
    // Paid ten days before its due date; the other three items were not paid and are overdue
    // once the 28 days are out.
    let later = ledger_at(
        &all,
        Scope::Case(id("lq-complaint-2022-03")),
        date(2022, 9, 30),
    );
    assert_eq!(row(&later, GOODWILL).status, Status::Paid);
    assert_eq!(later.totals.overdue, pounds(300));
}

#[test]
fn a_payment_above_what_is_outstanding_is_refused() {
    // More than the whole offer.
    let (field, reason) =
        with(LQ, &[paid(GOODWILL, "2022-09-10", 25001)]).expect_err("more than the £250 offered");
    assert_eq!(field, "data.amount");
    assert!(
        reason.contains("£250.01 is more than the £250.00 outstanding on remedy 'lq-remedy-s2-contractor-conduct'"),
        "{reason}"
    );
    // More than what is left after a part payment.
    let (field, reason) = with(
        LQ,
        &[
            paid(GOODWILL, "2022-09-10", 20000),
            paid(GOODWILL, "2022-09-11", 6000),
        ],
    )
    .expect_err("£60 when £50 is left");
    assert_eq!(field, "data.amount");
    assert!(
        reason.contains("£60.00 is more than the £50.00 outstanding"),
        "{reason}"
    );
    // A correction that would raise a payment above the offer.
    let mut lines = vec![paid(GOODWILL, "2022-09-10", 20000)];
    lines[0]["id"] = json!("pay-1");
    let mut fix = paid(GOODWILL, "2022-09-10", 30000);
    fix["corrects"] = json!("pay-1");
    fix["reason"] = json!("Keyed wrongly");
    lines.push(fix);
    let (field, _) = with(LQ, &lines).expect_err("a correction to £300");
    assert_eq!(field, "corrects");
    // Part of a payment set against arrears cannot be more than the payment.
    let (field, _) = with(
        LQ,
        &[ev(
            "remedy.paid",
            GOODWILL,
            "2022-09-10",
            json!({"amount": 1000, "paid_on": "2022-09-10", "method": "rent_account_credit", "offset_against_arrears": 2000}),
        )],
    )
    .expect_err("£20 of £10 to arrears");
    assert_eq!(field, "data.offset_against_arrears");
}

/// An offer replaced by a larger award after part of it was paid: the payment is credited to the
/// award, the withdrawn offer takes no more payments, and cash is counted once.
#[test]
fn a_replaced_offer_passes_what_was_paid_on_it_to_its_replacement() {
    let award = "lq-remedy-ombudsman-complaint-handling";
    let handling = "lq-remedy-s2-escalation-delay";
    let lines = vec![
        paid(handling, "2022-09-10", 5000),
        ev(
            "remedy.withdrawn",
            handling,
            "2023-10-24",
            json!({"reason": "Included in the Ombudsman's £400 for complaint handling", "replaced_by": [award]}),
        ),
        ev(
            "remedy.credited",
            award,
            "2023-10-24",
            json!({"from": handling, "amount": 5000}),
        ),
    ];
    let events = with(LQ, &lines).expect("valid");
    let l = ledger_at(
        &events,
        Scope::Household(id("lq-tenancy")),
        date(2023, 10, 25),
    );
    let old = row(&l, handling);
    assert_eq!(old.status, Status::Replaced);
    assert_eq!(
        (old.paid, old.carried_to_replacements, old.outstanding),
        (pounds(50), pounds(50), Pence(0))
    );
    let new = row(&l, award);
    assert_eq!((new.credited, new.outstanding), (pounds(50), pounds(350)));
    assert_eq!(new.status, Status::PartPaid);
    assert_eq!(l.totals.paid, pounds(50), "cash counted once");
    assert_eq!(l.totals.credited, pounds(50));
    assert_eq!(l.totals.standing, pounds(1_500));
    assert_eq!(l.totals.outstanding, pounds(1_450));

    // The withdrawn offer takes no payment; a credit is no more than was paid on it, and comes
    // only from an offer this remedy replaced.
    let mut more = lines.clone();
    more.push(paid(handling, "2023-10-25", 100));
    let (field, reason) = with(LQ, &more).expect_err("paid after withdrawal");
    assert_eq!(field, "subject");
    assert!(
        reason.contains("was replaced by 'lq-remedy-ombudsman-complaint-handling'"),
        "{reason}"
    );
    let mut more = lines[..2].to_vec();
    more.push(ev(
        "remedy.credited",
        award,
        "2023-10-24",
        json!({"from": handling, "amount": 5001}),
    ));
    assert_eq!(with(LQ, &more).expect_err("too much").0, "data.amount");
    let mut more = lines[..1].to_vec();
    more.push(ev(
        "remedy.credited",
        award,
        "2023-10-24",
        json!({"from": handling, "amount": 1000}),
    ));
    assert_eq!(with(LQ, &more).expect_err("not replaced").0, "data.from");
}

/// `remedy.payment_overdue` appears at the end of the due day — the day after, for a dashboard —
/// and clears when the payment that leaves nothing outstanding becomes known; a part payment
/// does not clear it.
#[test]
fn the_overdue_alert_appears_the_day_after_the_due_date_and_clears_when_paid() {
    struct Case {
        what: &'static str,
        remedy: &'static str,
        lines: Vec<Value>,
        /// The London date it first shows, and the date it clears (if it does).
        appears: Option<Date>,
        clears: Option<Date>,
    }
    let offered = |due: Option<&str>, order: Option<&str>| {
        let mut data = json!({"for_case": "lq-complaint-2022-03", "head": "time_and_trouble", "amount": 10000, "reason": "Time and trouble"});
        if let Some(d) = due {
            data["due"] = json!(d);
        }
        if let Some(o) = order {
            data["for_case"] = json!("lq-ombudsman-202209500");
            data["order"] = json!(o);
        }
        ev("remedy.offered", "rmd-t", "2023-10-23", data)
    };
    let cases = vec![
        Case {
            what: "a date given, never paid",
            remedy: "rmd-t",
            lines: vec![offered(Some("2023-11-06"), None)],
            appears: Some(date(2023, 11, 7)),
            clears: None,
        },
        Case {
            what: "a date given, paid on the day after",
            remedy: "rmd-t",
            lines: vec![
                offered(Some("2023-11-06"), None),
                paid("rmd-t", "2023-11-07", 10000),
            ],
            appears: Some(date(2023, 11, 7)),
            clears: Some(date(2023, 11, 8)),
        },
        Case {
            what: "a date given, paid on the due date",
            remedy: "rmd-t",
            lines: vec![
                offered(Some("2023-11-06"), None),
                paid("rmd-t", "2023-11-06", 10000),
            ],
            appears: None,
            clears: None,
        },
        Case {
            what: "part paid in time, the rest late",
            remedy: "rmd-t",
            lines: vec![
                offered(Some("2023-11-06"), None),
                paid("rmd-t", "2023-11-01", 4000),
                paid("rmd-t", "2023-11-20", 6000),
            ],
            appears: Some(date(2023, 11, 7)),
            clears: Some(date(2023, 11, 21)),
        },
        Case {
            what: "no date: the policy's 28 calendar days (23 Oct + 28 = 20 Nov)",
            remedy: "rmd-t",
            lines: vec![offered(None, None)],
            appears: Some(date(2023, 11, 21)),
            clears: None,
        },
        Case {
            what: "paid under the Ombudsman's order: the order's date, 20 November",
            remedy: "rmd-t",
            lines: vec![
                offered(None, Some("lq-order-1-compensation")),
                paid("rmd-t", "2023-11-22", 10000),
            ],
            appears: Some(date(2023, 11, 21)),
            clears: Some(date(2023, 11, 23)),
        },
        Case {
            what: "its own date earlier than the order's: its own",
            remedy: "rmd-t",
            lines: vec![offered(Some("2023-11-01"), Some("lq-order-1-compensation"))],
            appears: Some(date(2023, 11, 2)),
            clears: None,
        },
        Case {
            what: "withdrawn before it fell due",
            remedy: "rmd-t",
            lines: vec![
                offered(Some("2023-11-06"), None),
                ev(
                    "remedy.withdrawn",
                    "rmd-t",
                    "2023-11-01",
                    json!({"reason": "Offered in error"}),
                ),
            ],
            appears: None,
            clears: None,
        },
        Case {
            what: "an amount of nothing runs no clock",
            remedy: "rmd-t",
            lines: vec![ev(
                "remedy.offered",
                "rmd-t",
                "2023-10-23",
                json!({"for_case": "lq-complaint-2022-03", "head": "other", "amount": 0, "reason": "An apology from a senior manager", "due": "2023-11-06"}),
            )],
            appears: None,
            clears: None,
        },
    ];
    let cfg = RulesConfig::default();
    let mut failures = Vec::new();
    for c in cases {
        let events = with(LQ, &c.lines).unwrap_or_else(|e| panic!("{}: {e:?}", c.what));
        let spans: Vec<_> = alert_spans(&events, &cfg)
            .into_iter()
            .filter(|s| {
                s.code.as_str() == "remedy.payment_overdue"
                    && s.stage == AlertStage::Overdue
                    && s.records[0].as_str() == c.remedy
            })
            .collect();
        let got_appears = spans.first().map(|s| london_date(s.appears));
        let got_clears = spans.first().and_then(|s| s.clears).map(london_date);
        if spans.len() > 1 || got_appears != c.appears || got_clears != c.clears {
            failures.push(format!(
                "{}: expected appears {:?} clears {:?}, got {:?}",
                c.what,
                c.appears,
                c.clears,
                spans
                    .iter()
                    .map(|s| (
                        london_date(s.appears),
                        s.clears.map(london_date),
                        s.detail.clone()
                    ))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Both case files' remedies raise the alert on the day a dashboard would first have shown
/// it: Clarion's £4,100 on 9 September 2023 (order of 11 August, four weeks), L&Q's further
/// £1,000 on 21 November 2023 — the day after each order's date — with the alert's source the
/// Ombudsman's order.
#[test]
fn the_ordered_compensation_in_both_cases_is_overdue_the_day_after_the_orders_date() {
    let cfg = RulesConfig::default();
    for (text, remedy, appears) in [
        (
            CLARION,
            "clarion-remedy-ombudsman-loss-of-use",
            date(2023, 9, 9),
        ),
        (LQ, "lq-remedy-ombudsman-stack-delay", date(2023, 11, 21)),
    ] {
        let spans = alert_spans(&load(text), &cfg);
        let s = spans
            .iter()
            .find(|s| {
                s.code.as_str() == "remedy.payment_overdue"
                    && s.stage == AlertStage::Overdue
                    && s.records[0].as_str() == remedy
            })
            .unwrap_or_else(|| panic!("no overdue alert for {remedy}"));
        assert_eq!(london_date(s.appears), appears, "{remedy}");
        assert_eq!(s.rule, "remedy.payment.ordered");
        assert!(s.source.contains("Housing Ombudsman order"), "{}", s.source);
        assert!(s.detail.contains("under Ombudsman order"), "{}", s.detail);
        assert_eq!(s.clears, None);
    }
    // Clarion's £825 fell due under the policy's 28 days and cleared when it was replaced.
    let spans = alert_spans(&load(CLARION), &cfg);
    let s1 = spans
        .iter()
        .find(|s| {
            s.code.as_str() == "remedy.payment_overdue"
                && s.stage == AlertStage::Overdue
                && s.records[0].as_str() == "clarion-remedy-s1-delay"
        })
        .expect("the stage 1 offer's alert");
    assert_eq!(london_date(s1.appears), date(2022, 4, 22));
    assert_eq!(s1.rule, "remedy.payment.default");
    assert_eq!(s1.clears.map(london_date), Some(date(2023, 8, 12)));
}

/// A response letter drafted from the record says by when each remedy will be paid when the
/// offer says, and leaves out an offer withdrawn by its date.
#[test]
fn a_letter_takes_by_when_from_the_offer_and_leaves_out_withdrawn_offers() {
    let lines = vec![
        ev(
            "remedy.offered",
            "rmd-dated",
            "2022-09-01",
            json!({"for_case": "lq-complaint-2022-03", "head": "time_and_trouble", "amount": 5000, "reason": "Time and trouble", "due": "2022-09-29"}),
        ),
        ev(
            "remedy.withdrawn",
            "lq-remedy-s2-cleaning-damage",
            "2022-09-01",
            json!({"reason": "Offered in error"}),
        ),
    ];
    let events = with(LQ, &lines).expect("valid");
    let letter = draft_from_record(
        &events,
        &RulesConfig::default(),
        &id("lq-complaint-2022-03"),
        Stage::Two,
        date(2022, 9, 2),
    )
    .expect("draft");
    let Some(Remedy::Offered { items }) = &letter.remedy else {
        panic!("no remedy: {:?}", letter.remedy);
    };
    let dated = items
        .iter()
        .find(|i| i.what.contains("Time and trouble"))
        .expect("the dated offer");
    assert_eq!(dated.by_when, Some(date(2022, 9, 29)));
    assert!(
        !items.iter().any(|i| i.what.contains("cleaning contractor")),
        "the withdrawn offer is not in the letter"
    );
    assert_eq!(items.len(), 4, "three of L&Q's four, and the dated one");
}
