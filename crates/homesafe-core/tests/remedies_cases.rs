//! The remedies in both Ombudsman reports, recomputed: the Clarion loss-of-use figure from the
//! rent and period in the report, and every report's heads adding up to its totals — both from
//! the figures in the reports and from the `remedy.offered` events in `examples/cases/`.

use std::collections::BTreeMap;

use homesafe_core::codes::Pence;
use homesafe_core::estate::{Rent, RentPeriod};
use homesafe_core::history::{Hash, read_history};
use homesafe_core::remedies::{
    HeadAmount, LossOfUse, LossPeriod, RemedyHead, RemedyOffered, Rounding, Share, by_head,
    loss_of_use, total,
};
use jiff::civil::date;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

fn pounds(n: i64) -> Pence {
    Pence(n * 100)
}

fn item(head: RemedyHead, p: i64) -> HeadAmount {
    HeadAmount {
        head,
        amount: pounds(p),
    }
}

/// Clarion (202208650), assessment ¶2–4 and order 1.2: "The resident has paid approximately £469
/// per month"; "Taking into account the rent paid by the resident since June 2022, the Ombudsman
/// considers it appropriate for the landlord to pay the resident £2600 ... calculated as
/// approximately 40% of the total rent during the period in question".
///
/// How the figure is reached. The period runs from June 2022 to the last whole month before the
/// determination (11 August 2023), July 2023: 14 calendar months.
///   £469 × 14 = £6,566 rent paid over the period
///   40% × £6,566 = £2,626.40
///   rounded to the nearest £100 = £2,600 (which is 39.6% of £6,566: "approximately 40%").
/// No other reading fits: 13 months gives £2,438.80 (→ £2,400), 15 months (to August 2023)
/// £2,814 (→ £2,800), and counting to the day of the determination, 14 months and 11 days,
/// about £2,694 (→ £2,700). The report does not state the rounding; nearest £100 (or down to a
/// multiple of £50 or £100) is the only rule that gives £2,600 from 14 months.
#[test]
fn clarion_loss_of_use_is_40_percent_of_14_months_rent_to_the_nearest_100() {
    let rent = Rent {
        amount: pounds(469),
        period: RentPeriod::Monthly,
    };
    let ask = |period| LossOfUse {
        rent: rent.clone(),
        period,
        share: Share::percent(40).expect("40%"),
        rounding: Rounding::NearestPounds(100),
    };

    let by_months = loss_of_use(&ask(LossPeriod::Months(14))).expect("calculates");
    assert_eq!(by_months.rent_over_period, pounds(6_566));
    assert_eq!(by_months.before_rounding, Pence(262_640));
    assert_eq!(by_months.total, pounds(2_600));
    assert_eq!(
        by_months.working(),
        vec![
            "Rent: £469.00 per calendar month",
            "Period: 14 calendar months",
            "Rent over the period: £469.00 × 14 = £6,566.00",
            "Share for loss of use: 40% of £6,566.00 = £2,626.40",
            "Rounded to the nearest £100 (halves up): £2,600.00",
        ]
    );

    // The same period given as dates: 1 June 2022 to 31 July 2023 is 14 whole months.
    let by_dates = loss_of_use(&ask(LossPeriod::Dates {
        first: date(2022, 6, 1),
        last: date(2023, 7, 31),
    }))
    .expect("calculates");
    assert_eq!(by_dates.total, pounds(2_600));
    assert_eq!(by_dates.rent_over_period, pounds(6_566));
    assert!(
        by_dates
            .period_described
            .contains("1 June 2022 to 31 July 2023")
    );

    // The readings that do not give £2,600, so the test would notice a wrong period.
    let total_for = |period| loss_of_use(&ask(period)).expect("calculates").total;
    assert_eq!(total_for(LossPeriod::Months(13)), pounds(2_400));
    assert_eq!(total_for(LossPeriod::Months(15)), pounds(2_800));
    assert_eq!(
        total_for(LossPeriod::Dates {
            first: date(2022, 6, 1),
            last: date(2023, 8, 11),
        }),
        pounds(2_700)
    );
}

/// Clarion: the landlord offered £175 at stage 1 (including £25 for its late response) and a
/// further £650 at stage 2 (£300 + £100 + £250 goodwill); the Ombudsman ordered £4,100 "which
/// includes the compensation already offered", made of £600 + £2,600 + £400 + £500.
#[test]
fn clarion_heads_add_up_to_the_report_totals() {
    let stage1 = [
        item(RemedyHead::Delay, 150),
        item(RemedyHead::ComplaintHandling, 25),
    ];
    let stage2 = [
        item(RemedyHead::Delay, 300),
        item(RemedyHead::Delay, 100),
        item(RemedyHead::Goodwill, 250),
    ];
    let order = [
        item(RemedyHead::Delay, 600),
        item(RemedyHead::LossOfUse, 2_600),
        item(RemedyHead::ComplaintHandling, 400),
        item(RemedyHead::RecordKeeping, 500),
    ];
    assert_eq!(total(&stage1), pounds(175));
    assert_eq!(total(&stage2), pounds(650));
    let offered = Pence(total(&stage1).0 + total(&stage2).0);
    assert_eq!(offered, pounds(825));
    assert_eq!(total(&order), pounds(4_100));
    // What is still to pay once the landlord's offer is counted.
    assert_eq!(Pence(total(&order).0 - offered.0), pounds(3_275));
    assert_eq!(
        by_head(&[stage1.as_slice(), stage2.as_slice()].concat()),
        vec![
            item(RemedyHead::Delay, 550),
            item(RemedyHead::ComplaintHandling, 25),
            item(RemedyHead::Goodwill, 250),
        ]
    );
}

/// L&Q (202209500): the landlord offered £550 (£150 + £50 + £250 + £100); the Ombudsman ordered
/// "in addition to the £550 already offered ... a further £1000 made up of" £500 + £100 + £400.
#[test]
fn lq_heads_add_up_to_the_report_totals() {
    let offered = [
        item(RemedyHead::RecordKeeping, 150),
        item(RemedyHead::ComplaintHandling, 50),
        item(RemedyHead::Goodwill, 250),
        item(RemedyHead::DamageToBelongings, 100),
    ];
    let further = [
        item(RemedyHead::Delay, 500),
        item(RemedyHead::Other, 100),
        item(RemedyHead::ComplaintHandling, 400),
    ];
    assert_eq!(total(&offered), pounds(550));
    assert_eq!(total(&further), pounds(1_000));
    assert_eq!(
        total(&[offered.as_slice(), further.as_slice()].concat()),
        pounds(1_550)
    );
}

/// The offers and orders as the history files record them, summed per complaint or Ombudsman
/// case.
fn offered_per_case(name: &str, text: &str) -> BTreeMap<String, (Pence, Vec<HeadAmount>)> {
    let events =
        read_history(text, (), (0, Hash::GENESIS)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut out: BTreeMap<String, Vec<HeadAmount>> = BTreeMap::new();
    for e in events.iter().filter(|e| e.type_name == "remedy.offered") {
        let r: RemedyOffered =
            serde_json::from_value(e.data_json.clone()).expect("remedy.offered data");
        out.entry(r.for_case.to_string())
            .or_default()
            .push(HeadAmount {
                head: r.head,
                amount: r.amount,
            });
    }
    out.into_iter()
        .map(|(case, items)| (case, (total(&items), items)))
        .collect()
}

#[test]
fn the_history_files_hold_the_same_totals() {
    let clarion = offered_per_case("clarion", CLARION);
    assert_eq!(clarion["clarion-complaint-2022-03"].0, pounds(825));
    let ordered = &clarion["clarion-ombudsman-202208650"];
    assert_eq!(ordered.0, pounds(4_100));
    assert!(ordered.1.contains(&item(RemedyHead::LossOfUse, 2_600)));
    assert_eq!(clarion.len(), 2, "{:?}", clarion.keys());

    let lq = offered_per_case("lq", LQ);
    assert_eq!(lq["lq-complaint-2022-03"].0, pounds(550));
    assert_eq!(lq["lq-ombudsman-202209500"].0, pounds(1_000));
    assert_eq!(lq.len(), 2, "{:?}", lq.keys());
}
