//! Response letters drafted from the record, on both Ombudsman cases (Clarion 202208650, L&Q
//! 202209500): each draft carries the case's remedies and commitments, and `check()` names the
//! decision and reasons — which only the officer can give — together with exactly the gaps the
//! record itself has: no outcome sought was recorded, no remedy says when it will be delivered,
//! promises already broken by the letter's date, and promises "kept to the year" because the
//! response gave no date (the failings both reports found).

use homesafe_core::complaints::letters::{
    Element, OutstandingAction, Remedy, ResponseLetter, RouteOnward, action_due, draft_from_record,
};
use homesafe_core::complaints::{Decision, Stage};
use homesafe_core::history::{Event, Hash, HistoryTime, RecordId, read_history};
use homesafe_core::remedies::RemedyHead;
use homesafe_core::rules::RulesConfig;
use jiff::civil::{Date, date};

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

fn load(text: &str) -> Vec<Event> {
    read_history(text, (), (0, Hash::GENESIS)).expect("valid case history")
}

fn draft(events: &[Event], complaint: &str, stage: Stage, on: Date) -> ResponseLetter {
    let id = RecordId::parse(complaint).expect("id");
    draft_from_record(events, &RulesConfig::default(), &id, stage, on).expect("draft")
}

/// What `check()` names: each problem's element and item.
fn named(letter: &ResponseLetter) -> Vec<(Element, Option<usize>, String)> {
    match letter.check() {
        Ok(()) => Vec::new(),
        Err(e) => e
            .problems
            .into_iter()
            .map(|p| (p.element, p.item, p.problem))
            .collect(),
    }
}

fn missing(element: Element, item: Option<usize>, what: &str) -> (Element, Option<usize>, String) {
    (element, item, format!("missing '{what}'"))
}

/// The remedy's items as (what, head, pence).
fn offered(letter: &ResponseLetter) -> Vec<(String, RemedyHead, i64)> {
    match &letter.remedy {
        Some(Remedy::Offered { items }) => items
            .iter()
            .flat_map(|i| {
                i.compensation
                    .iter()
                    .map(|c| (i.what.clone(), c.head, c.amount.0))
            })
            .collect(),
        other => panic!("no remedy offered: {other:?}"),
    }
}

fn actions(letter: &ResponseLetter) -> &[OutstandingAction] {
    letter.outstanding_actions.as_deref().expect("actions")
}

/// The officer decides, and gives the reasons; nothing else.
fn decided(mut letter: ResponseLetter, decision: Decision) -> ResponseLetter {
    for d in &mut letter.decisions {
        d.decision = Some(decision);
        d.reasons = "Our repairs records show the works were not done when we said.".to_string();
    }
    letter
}

#[test]
fn clarion_stage1_draft_carries_the_offer_and_every_promise() {
    let events = load(CLARION);
    let letter = draft(
        &events,
        "clarion-complaint-2022-03",
        Stage::One,
        date(2022, 3, 24),
    );
    assert_eq!(letter.landlord, "Clarion Housing Association Limited");
    assert_eq!(
        letter.addressed_to,
        "Resident (name withheld in the published report)"
    );
    assert_eq!(letter.date, Some(date(2022, 3, 24)));
    assert_eq!(letter.stage, Some(Stage::One));
    assert!(
        letter
            .definition
            .as_ref()
            .expect("definition")
            .understanding
            .starts_with("Formal complaint."),
        "{:?}",
        letter.definition
    );
    // The £175 offered at stage 1: £150 for delay, £25 for the late response.
    let remedy = offered(&letter);
    assert_eq!(
        remedy.iter().map(|(_, h, p)| (*h, *p)).collect::<Vec<_>>(),
        [
            (RemedyHead::Delay, 15_000),
            (RemedyHead::ComplaintHandling, 2_500)
        ]
    );
    assert!(remedy[0].0.contains("rent arrears"), "{}", remedy[0].0);
    // The eight promises of 24 March 2022, with their owner and due date: 7 April, and the
    // French drain "in March 2022" (by 31 March).
    let got: Vec<(&str, &str, Option<Date>)> = actions(&letter)
        .iter()
        .map(|a| (a.what.as_str(), a.owner.as_str(), a.due))
        .collect();
    let apr7 = Some(date(2022, 4, 7));
    let team = "Clarion repairs team";
    assert_eq!(
        got,
        [
            ("Rake out and repoint.", team, apr7),
            (
                "Upgrade the bathroom fan and inspect the kitchen for a replacement.",
                team,
                apr7
            ),
            (
                "Inspect the vinyl in the bathroom for replacement following a toilet leak.",
                team,
                apr7
            ),
            ("Reinstate the boxing in the bathroom.", team, apr7),
            (
                "Inspect the kitchen and bathroom wastepipes for leaks.",
                team,
                apr7
            ),
            (
                "Assess the cavity wall and install an airbrick if required.",
                team,
                apr7
            ),
            (
                "Install a French drain for the length of the front elevation.",
                team,
                Some(date(2022, 3, 31))
            ),
            (
                "Block the holes where vermin were getting into the property.",
                team,
                apr7
            ),
        ]
    );
    assert!(matches!(
        letter.route_onward,
        Some(RouteOnward::Stage2 { .. })
    ));
    assert_eq!(
        letter.signed_by.as_ref().map(|s| s.name.as_str()),
        Some("Stage 1 complaints handler")
    );

    // Left for the officer: the decision and its reasons; and the record's own gaps — no
    // outcome sought was recorded, and neither payment says when it will be made.
    assert_eq!(
        named(&letter),
        [
            missing(Element::ComplaintDefinition, None, "outcome sought"),
            missing(
                Element::Decision,
                Some(1),
                "upheld, partly upheld or not upheld"
            ),
            missing(Element::Reasons, Some(1), "reasons"),
            missing(Element::Remedy, Some(1), "by when"),
            missing(Element::Remedy, Some(2), "by when"),
        ]
    );
    // With the decision and reasons given, only the record's gaps remain.
    let letter = decided(letter, Decision::Upheld);
    assert!(
        named(&letter)
            .iter()
            .all(|(e, _, _)| matches!(e, Element::ComplaintDefinition | Element::Remedy))
    );
    // Fill those, and it issues.
    let mut letter = letter;
    if let Some(d) = &mut letter.definition {
        d.outcome_sought = "The works done and the damp put right.".to_string();
    }
    if let Some(Remedy::Offered { items }) = &mut letter.remedy {
        for i in items {
            i.by_when = Some(date(2022, 4, 21));
        }
    }
    let issued = letter.issue().expect("a complete letter issues");
    assert!(issued.pdf().bytes.starts_with(b"%PDF-1.4"));
}

#[test]
fn clarion_stage2_draft_names_the_broken_and_undated_promises() {
    let events = load(CLARION);
    let letter = draft(
        &events,
        "clarion-complaint-2022-03",
        Stage::Two,
        date(2022, 5, 20),
    );
    // Stage 1's £175 and stage 2's further £650: £825 in all, as the Ombudsman's report says.
    let remedy = offered(&letter);
    assert_eq!(remedy.len(), 5);
    assert_eq!(remedy.iter().map(|(_, _, p)| p).sum::<i64>(), 82_500);
    assert!(remedy[0].0.starts_with("Offered at stage 1: "));
    assert!(!remedy[2].0.starts_with("Offered at stage 1: "));
    // Promises still outstanding on 20 May 2022 — the cavity wall assessment, recorded complete
    // that day, is not among them — and the two new ones with no date.
    let acts = actions(&letter);
    assert_eq!(acts.len(), 10);
    assert!(!acts.iter().any(|a| a.what.contains("cavity wall")));
    let undated: Vec<&str> = acts
        .iter()
        .filter(|a| a.due.is_none())
        .map(|a| a.owner.as_str())
        .collect();
    assert_eq!(undated, ["Senior manager", "Senior manager"]);
    assert!(matches!(
        letter.route_onward,
        Some(RouteOnward::Ombudsman(_))
    ));
    assert_eq!(
        letter.stage1_handler.as_deref(),
        Some("Stage 1 complaints handler")
    );
    assert_eq!(
        letter.signed_by.as_ref().map(|s| s.name.as_str()),
        Some("Stage 2 reviewer (senior manager)")
    );

    let letter = decided(letter, Decision::Upheld);
    let before = |i: usize| {
        (
            Element::OutstandingActions,
            Some(i),
            "due date is before the letter's date".to_string(),
        )
    };
    assert_eq!(
        named(&letter),
        [
            missing(Element::ComplaintDefinition, None, "outcome sought"),
            missing(Element::Remedy, Some(1), "by when"),
            missing(Element::Remedy, Some(2), "by when"),
            missing(Element::Remedy, Some(3), "by when"),
            missing(Element::Remedy, Some(4), "by when"),
            missing(Element::Remedy, Some(5), "by when"),
            // The fan (7 April), the French drain (March) and the vermin (7 April): broken.
            before(2),
            before(6),
            before(7),
            // The senior manager's visit and the decant decision: no date given.
            missing(Element::OutstandingActions, Some(9), "due date"),
            missing(Element::OutstandingActions, Some(10), "due date"),
        ]
    );
}

#[test]
fn lq_drafts_carry_the_stage2_offer_and_the_undated_investigation() {
    let events = load(LQ);
    let complaint = "lq-complaint-2022-03";

    // Stage 1: nothing was offered, and the investigation promised had no date.
    let s1 = draft(&events, complaint, Stage::One, date(2022, 3, 29));
    assert_eq!(s1.landlord, "London & Quadrant Housing Trust (L&Q)");
    assert_eq!(s1.remedy, None);
    assert_eq!(actions(&s1).len(), 1);
    assert_eq!(actions(&s1)[0].owner, "L&Q complaints team");
    assert_eq!(actions(&s1)[0].due, None);
    assert_eq!(
        named(&s1),
        [
            missing(Element::ComplaintDefinition, None, "outcome sought"),
            missing(
                Element::Decision,
                Some(1),
                "upheld, partly upheld or not upheld"
            ),
            missing(Element::Reasons, Some(1), "reasons"),
            missing(Element::Remedy, None, "what we will do to put things right"),
            missing(Element::OutstandingActions, Some(1), "due date"),
        ]
    );

    // Stage 2: the £550 by head, the definition from the stage 2 acknowledgement, a different
    // handler from stage 1.
    let s2 = draft(&events, complaint, Stage::Two, date(2022, 9, 1));
    let remedy = offered(&s2);
    assert_eq!(
        remedy.iter().map(|(_, h, p)| (*h, *p)).collect::<Vec<_>>(),
        [
            (RemedyHead::RecordKeeping, 15_000),
            (RemedyHead::ComplaintHandling, 5_000),
            (RemedyHead::Goodwill, 25_000),
            (RemedyHead::DamageToBelongings, 10_000),
        ]
    );
    assert!(
        s2.definition
            .as_ref()
            .expect("definition")
            .understanding
            .starts_with("The resident's report that scaffolding was not put up")
    );
    assert_eq!(
        s2.signed_by.as_ref().map(|s| s.name.as_str()),
        Some("Stage 2 complaints handler")
    );
    assert_eq!(
        named(&decided(s2, Decision::PartlyUpheld)),
        [
            missing(Element::ComplaintDefinition, None, "outcome sought"),
            missing(Element::Remedy, Some(1), "by when"),
            missing(Element::Remedy, Some(2), "by when"),
            missing(Element::Remedy, Some(3), "by when"),
            missing(Element::Remedy, Some(4), "by when"),
            missing(Element::OutstandingActions, Some(1), "due date"),
        ]
    );
}

#[test]
fn a_complaint_not_yet_on_the_record_has_no_draft() {
    let events = load(CLARION);
    let id = RecordId::parse("clarion-complaint-2022-03").expect("id");
    let before = draft_from_record(
        &events,
        &RulesConfig::default(),
        &id,
        Stage::One,
        date(2022, 3, 2),
    );
    assert!(before.is_err(), "{before:?}");
    let unknown = RecordId::parse("no-such-complaint").expect("id");
    assert!(
        draft_from_record(
            &events,
            &RulesConfig::default(),
            &unknown,
            Stage::One,
            date(2022, 3, 24)
        )
        .is_err()
    );
}

#[test]
fn due_dates_keep_their_meaning() {
    assert_eq!(action_due(&HistoryTime::Year(2022)), None);
    assert_eq!(
        action_due(&HistoryTime::Month(2022, 2)),
        Some(date(2022, 2, 28))
    );
    assert_eq!(
        action_due(&HistoryTime::Day(date(2022, 4, 7))),
        Some(date(2022, 4, 7))
    );
}

/// Code 6.7 and 6.8: a new issue raised during stage 1 and included in it is a point the letter
/// must decide with reasons; one logged as a complaint of its own is named in the definition.
#[test]
fn new_issues_raised_during_the_stage_are_answered_or_named() {
    let at = |s: &str| format!(r#""at":"{s}","actor":{{"id":"a","role":"complaints_handler"}}"#);
    let lines = [
        format!(
            r#"{{"type":"property.registered","subject":"p1",{},"data":{{"address":{{"line1":"1 Road"}},"property_type":"flat"}}}}"#,
            at("2026-01-05")
        ),
        format!(
            r#"{{"type":"person.registered","subject":"t1",{},"data":{{"name":"T. Resident"}}}}"#,
            at("2026-01-05")
        ),
        format!(
            r#"{{"type":"complaint.received","subject":"c1",{},"data":{{"complainant":"t1","property":"p1","channel":"email","description":"The boiler keeps failing"}}}}"#,
            at("2026-03-02T10:00:00Z")
        ),
        format!(
            r#"{{"type":"complaint.acknowledged","subject":"c1",{},"data":{{"stage":1,"definition":"The boiler failing three times in February","handler":"A. Officer"}}}}"#,
            at("2026-03-03T10:00:00Z")
        ),
        format!(
            r#"{{"type":"complaint.issue_raised","subject":"c1",{},"data":{{"stage":1,"description":"The engineer left the kitchen dirty","handling":"included"}}}}"#,
            at("2026-03-05T10:00:00Z")
        ),
        format!(
            r#"{{"type":"complaint.received","subject":"c2",{},"data":{{"complainant":"t1","property":"p1","channel":"phone","description":"The fence is down"}}}}"#,
            at("2026-03-06T10:00:00Z")
        ),
        format!(
            r#"{{"type":"complaint.issue_raised","subject":"c1",{},"data":{{"stage":1,"description":"The fence is down","handling":"new_complaint","new_complaint":"c2","reason":"Unrelated to the boiler"}}}}"#,
            at("2026-03-06T10:00:00Z")
        ),
    ];
    let events = load(&(lines.join("\n") + "\n"));
    let letter = draft(&events, "c1", Stage::One, date(2026, 3, 10));
    let elements: Vec<&str> = letter
        .decisions
        .iter()
        .map(|d| d.element.as_str())
        .collect();
    assert_eq!(
        elements,
        [
            "The boiler failing three times in February",
            "The engineer left the kitchen dirty"
        ]
    );
    let definition = letter.definition.as_ref().expect("a definition");
    assert!(
        definition
            .understanding
            .contains("\"The fence is down\" (logged as complaint c2)"),
        "{}",
        definition.understanding
    );
    let problems = named(&letter);
    // Items are numbered from 1: the included issue is the second point.
    for element in [Element::Decision, Element::Reasons] {
        assert!(
            problems
                .iter()
                .any(|(e, i, _)| *e == element && *i == Some(2)),
            "{problems:?}"
        );
    }
    // Decided with reasons, point by point, nothing about the decisions is named.
    let problems = named(&decided(letter, Decision::PartlyUpheld));
    assert!(
        problems
            .iter()
            .all(|(e, _, _)| !matches!(e, Element::Decision | Element::Reasons)),
        "{problems:?}"
    );
}
