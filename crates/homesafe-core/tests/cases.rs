//! The two Housing Ombudsman cases HomeSafe is built from, encoded as history files
//! (`examples/cases/`): each must be valid, canonical (re-export reproduces it byte for byte), in
//! chronological order, and hold the dated facts later rules replay.

use std::collections::HashSet;

use homesafe_core::commitments::promised_vs_done::row_for;
use homesafe_core::history::{Event, Hash, Precision, RecordId, read_history};
use homesafe_core::rules::RulesConfig;
use jiff::Timestamp;
use serde_json::Value;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

fn load(name: &str, text: &str) -> Vec<Event> {
    let events =
        read_history(text, (), (0, Hash::GENESIS)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let exported: String = events.iter().map(|e| e.line() + "\n").collect();
    assert!(
        exported == text,
        "{name}: re-export differs from the file: it is not in canonical form"
    );
    events
}

/// Dates are kept at the precision the report gives, so order is checked the only way mixed
/// precision allows: no event can certainly have happened before one written earlier.
fn assert_chronological(name: &str, events: &[Event]) {
    let mut latest_start = None;
    for e in events {
        if let Some(start) = latest_start {
            assert!(
                e.at.last_date() >= start,
                "{name}: {} ({}) is out of order",
                e.id,
                e.at
            );
        }
        latest_start = latest_start.max(Some(e.at.first_date()));
    }
}

fn of_type<'a>(events: &'a [Event], type_name: &str) -> Vec<&'a Event> {
    events.iter().filter(|e| e.type_name == type_name).collect()
}

fn about<'a>(events: &'a [Event], type_name: &str, subject: &str) -> Vec<&'a Event> {
    events
        .iter()
        .filter(|e| e.type_name == type_name && e.subject.as_str() == subject)
        .collect()
}

fn one<'a>(events: &'a [Event], type_name: &str, subject: &str) -> &'a Event {
    let found = about(events, type_name, subject);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {type_name} about {subject}"
    );
    found[0]
}

fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    let mut cur = v;
    for key in path.split('.') {
        cur = &cur[key];
    }
    cur.as_str()
        .unwrap_or_else(|| panic!("{path} is not a string in {v}"))
}

fn at(e: &Event) -> String {
    e.at.to_string()
}

fn amounts(events: &[&Event]) -> i64 {
    events
        .iter()
        .map(|e| e.data_json["amount"].as_i64().expect("amount"))
        .sum()
}

fn text_of(e: &Event) -> String {
    e.data_json.to_string()
}

#[test]
fn clarion_is_valid_canonical_and_chronological() {
    let events = load("clarion", CLARION);
    assert_eq!(events.len(), 141);
    assert_chronological("clarion", &events);
}

#[test]
fn lq_is_valid_canonical_and_chronological() {
    let events = load("lq", LQ);
    assert_eq!(events.len(), 84);
    assert_chronological("lq", &events);
}

#[test]
fn clarion_repairs_and_vulnerabilities_as_they_happened() {
    let ev = load("clarion", CLARION);
    let tenancy = one(&ev, "tenancy.started", "clarion-tenancy");
    assert_eq!(
        (at(tenancy).as_str(), s(&tenancy.data_json, "start")),
        ("2020-10", "2020-10")
    );

    // March 2021: first report, at month precision, opens the damp and mould hazard.
    let first = one(&ev, "report.received", "clarion-rep-damp-2021-03");
    assert_eq!(
        (at(first).as_str(), first.at.precision()),
        ("2021-03", Precision::Month)
    );
    let hazard = one(&ev, "hazard.opened", "clarion-hazard-damp-mould");
    assert_eq!(s(&hazard.data_json, "hazard_type"), "damp_and_mould");
    assert_eq!(s(&hazard.data_json, "aware_at"), "2021-03");
    assert!(
        of_type(&ev, "hazard.alternative_accommodation").is_empty(),
        "no decant decision was ever recorded"
    );

    // Disclosures stay in notes and reports: none was put on the person's record.
    assert!(of_type(&ev, "vulnerability.recorded").is_empty());
    let disclosed = |day: &str, words: &[&str]| {
        let found = ev
            .iter()
            .any(|e| at(e) == day && words.iter().all(|w| text_of(e).contains(w)));
        assert!(found, "no event at {day} mentions {words:?}");
    };
    disclosed("2021-03", &["disabled"]);
    disclosed("2021-03-30", &["pregnant", "mobility issues"]);
    disclosed(
        "2021-11",
        &[
            "health visitor",
            "two-month old baby, who had health issues",
        ],
    );
    disclosed("2022-05-09", &["two children"]);
    let members: Vec<(String, &str)> = about(&ev, "tenancy.member_added", "clarion-tenancy")
        .iter()
        .map(|e| (at(e), s(&e.data_json, "person")))
        .collect();
    assert_eq!(
        members,
        [
            ("2021-09".to_string(), "clarion-child-1"),
            ("2022-05-09".to_string(), "clarion-child-2")
        ]
    );

    // Appointments: who moved them, whether she was told, what happened.
    let missed = one(
        &ev,
        "appointment.outcome",
        "clarion-appt-bathroom-floor-2021-03",
    );
    assert_eq!(s(&missed.data_json, "outcome"), "operative_did_not_attend");
    assert!(s(&missed.data_json, "reason").starts_with("two days needed, booked for one"));
    let moved = one(
        &ev,
        "appointment.rearranged",
        "clarion-appt-mould-wash-2021-11-23",
    );
    assert_eq!(s(&moved.data_json, "date"), "2021-12-09");
    assert_eq!(moved.data_json["resident_told"]["told"], Value::Bool(false));
    assert_eq!(
        at(one(
            &ev,
            "appointment.outcome",
            "clarion-appt-mould-wash-2021-11-23"
        )),
        "2021-12-09"
    );
    let june = one(
        &ev,
        "appointment.outcome",
        "clarion-appt-repoint-2022-06-16",
    );
    assert_eq!(
        (at(june).as_str(), s(&june.data_json, "outcome")),
        ("2022-06-16", "could_not_complete")
    );
    assert_eq!(
        s(&june.data_json, "reason"),
        "area too large for the hours set aside to complete the job"
    );
    let cancelled = one(&ev, "works_order.cancelled", "clarion-wo-repoint-2022-06");
    assert_eq!(
        s(&cancelled.data_json, "reason"),
        "cancelled the following day; the records do not say why"
    );
    assert_eq!(
        s(&cancelled.data_json, "no_replacement_because"),
        "none recorded"
    );

    // Completion claimed in the stage 2 response, disputed on 28 July 2022, withdrawn in 2023.
    let voided: HashSet<&str> = of_type(&ev, "entry.voided")
        .iter()
        .filter_map(|e| e.corrects.as_ref().map(|c| c.as_str()))
        .collect();
    for wo in [
        "clarion-wo-boxing-2022-05-17",
        "clarion-wo-cavity-2022-03-17",
    ] {
        let claim = one(&ev, "works_order.completed", wo);
        assert_eq!(at(claim), "2022-05-20");
        assert!(
            voided.contains(claim.id.as_str()),
            "{wo}: the false claim is withdrawn"
        );
        assert_eq!(at(one(&ev, "works_order.disputed", wo)), "2022-07-28");
    }
    let repoint_again = one(&ev, "works_order.raised", "clarion-wo-repoint-2023-02-12");
    assert_eq!(
        s(&repoint_again.data_json, "follow_on_of"),
        "clarion-wo-repoint-2022-06"
    );
    let wet = one(&ev, "survey.recorded", "clarion-survey-2023-03-14");
    assert_eq!(s(&wet.data_json["readings"][0], "value"), "wet");
}

#[test]
fn clarion_complaints_promises_remedies_and_orders() {
    let ev = load("clarion", CLARION);
    // November 2021: received, never acknowledged or answered.
    assert_eq!(
        at(one(&ev, "complaint.received", "clarion-complaint-2021-11")),
        "2021-11"
    );
    for t in ["complaint.acknowledged", "complaint.responded"] {
        assert!(about(&ev, t, "clarion-complaint-2021-11").is_empty());
    }
    let c = "clarion-complaint-2022-03";
    assert_eq!(at(one(&ev, "complaint.received", c)), "2022-03-03");
    assert_eq!(
        at(one(&ev, "complaint.escalation_requested", c)),
        "2022-04-13"
    );
    let responses: Vec<(String, u64)> = about(&ev, "complaint.responded", c)
        .iter()
        .map(|e| (at(e), e.data_json["stage"].as_u64().expect("stage")))
        .collect();
    assert_eq!(
        responses,
        [("2022-03-24".to_string(), 1), ("2022-05-20".to_string(), 2)]
    );

    let remedies = of_type(&ev, "remedy.offered");
    let offered_on =
        |day: &str| -> Vec<&Event> { remedies.iter().copied().filter(|e| at(e) == day).collect() };
    assert_eq!(amounts(&offered_on("2022-03-24")), 17_500);
    assert!(
        offered_on("2022-03-24")
            .iter()
            .all(|e| e.data_json["offset_against_arrears"] == Value::Bool(true))
    );
    assert_eq!(amounts(&offered_on("2022-05-20")), 65_000);
    assert_eq!(amounts(&offered_on("2023-08-11")), 410_000);

    let stage1: Vec<&Event> = of_type(&ev, "commitment.made")
        .into_iter()
        .filter(|e| at(e) == "2022-03-24")
        .collect();
    assert_eq!(stage1.len(), 8);
    let dues: Vec<&str> = stage1.iter().map(|e| s(&e.data_json, "due")).collect();
    assert_eq!(dues.iter().filter(|d| **d == "2022-04-07").count(), 7);
    assert_eq!(
        about(&ev, "commitment.rescheduled", "clarion-com-s1-repointing").len(),
        3
    );

    assert_eq!(
        at(one(
            &ev,
            "ombudsman.case_opened",
            "clarion-ombudsman-202208650"
        )),
        "2022-07-28"
    );
    let determined = one(&ev, "ombudsman.determined", "clarion-ombudsman-202208650");
    assert_eq!(at(determined), "2023-08-11");
    let findings: Vec<(&str, &str)> = determined.data_json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (s(f, "finding"), s(f, "scheme_paragraph")))
        .collect();
    assert_eq!(
        findings,
        [
            ("severe_maladministration", "52"),
            ("maladministration", "52"),
            ("severe_maladministration", "52")
        ]
    );
    let orders = of_type(&ev, "ombudsman.order_made");
    assert_eq!(orders.len(), 9);
    let due = |d: &str| {
        orders
            .iter()
            .filter(|e| s(&e.data_json, "due") == d)
            .count()
    };
    assert_eq!((due("2023-09-08"), due("2023-10-06")), (6, 3));
    assert_eq!(
        amounts(
            &orders
                .iter()
                .copied()
                .filter(|e| e.data_json.get("amount").is_some())
                .collect::<Vec<_>>()
        ),
        410_000
    );
}

/// One row of the Ombudsman's Clarion table: month raised, each month the landlord said the work
/// would be done, and the month it was completed.
#[derive(Debug, PartialEq)]
struct Row {
    raised: String,
    said: Vec<String>,
    completed: Option<String>,
}

fn month(t: &str) -> String {
    t.chars().take(7).collect()
}

/// A row of the table as the core derives it (`commitments::promised_vs_done`), as the record
/// stood after everything in the file, reduced to the months the Ombudsman's table gives: the
/// month raised, each month the landlord said the work would be done (in the order said), and
/// the month it was completed.
fn rebuild_row(events: &[Event], root: &str) -> Row {
    let cfg = RulesConfig::default();
    let root = RecordId::parse(root).expect("record id");
    let row = row_for(events, &cfg, &root, Timestamp::MAX).expect("row root exists");
    let mut said: Vec<String> = Vec::new();
    for s in &row.said {
        let m = month(&s.due.to_string());
        if !said.contains(&m) {
            said.push(m);
        }
    }
    Row {
        raised: month(&row.raised.first_date().to_string()),
        said,
        completed: row.done.map(|d| month(&d.on.to_string())),
    }
}

#[test]
fn clarion_table_of_works_rebuilds_from_the_history() {
    let ev = load("clarion", CLARION);
    let row = |raised: &str, said: &[&str], completed: Option<&str>| Row {
        raised: raised.into(),
        said: said.iter().map(|m| m.to_string()).collect(),
        completed: completed.map(String::from),
    };
    let table = [
        (
            "clarion-wo-cavity-2022-03-17",
            row("2022-03", &["2022-04"], None),
        ),
        (
            "clarion-wo-repoint-2022-03-17",
            row(
                "2022-03",
                &["2022-04", "2022-05", "2022-06", "2022-07"],
                None,
            ),
        ),
        ("clarion-rep-vermin-2022-03-03", row("2022-03", &[], None)),
        (
            "clarion-rep-boxing-2022-04-13",
            row("2022-04", &["2022-05"], None),
        ),
        (
            "clarion-rep-bathroom-floor-2022-04-13",
            row("2022-04", &["2022-05"], Some("2023-07")),
        ),
        (
            "clarion-wo-french-drain-2022-03",
            row("2022-03", &["2022-03"], None),
        ),
        // The Ombudsman's table leaves the month raised blank for this row.
        (
            "clarion-wo-kitchen-cupboards-2022-05",
            row("2022-05", &["2022-05"], None),
        ),
    ];
    for (root, expected) in table {
        assert_eq!(rebuild_row(&ev, root), expected, "row {root}");
    }
    // Vermin: "Not acknowledged" — the report was never acknowledged, triaged or given a job.
    for t in ["report.acknowledged", "report.triaged"] {
        assert!(about(&ev, t, "clarion-rep-vermin-2022-03-03").is_empty());
    }
}

#[test]
fn lq_estate_repairs_and_surveys() {
    let ev = load("lq", LQ);
    assert_eq!(
        one(&ev, "block.registered", "lq-block").data_json["storeys"],
        4
    );
    let flats: Vec<&Event> = of_type(&ev, "property.registered")
        .into_iter()
        .filter(|e| e.data_json["block"] == "lq-block")
        .collect();
    assert_eq!(flats.len(), 4);
    let stack = one(&ev, "component.registered", "lq-soil-stack");
    assert_eq!(s(&stack.data_json, "kind"), "soil_stack");
    assert_eq!(stack.data_json["serves"].as_array().map(Vec::len), Some(4));
    let tenancy = one(&ev, "tenancy.started", "lq-tenancy");
    assert_eq!(
        (
            s(&tenancy.data_json, "tenancy_type"),
            s(&tenancy.data_json, "start")
        ),
        ("secure", "2013-04-04")
    );

    let claim = one(&ev, "legal_case.opened", "lq-disrepair-claim");
    assert_eq!(
        (at(claim).as_str(), s(&claim.data_json, "stage")),
        ("2020-10", "pre_action")
    );
    assert_eq!(
        at(one(&ev, "representative.registered", "lq-rep-solicitors")),
        "2020-10"
    );
    assert_eq!(
        s(
            &one(&ev, "representative.registered", "lq-rep-councillor").data_json,
            "kind"
        ),
        "councillor"
    );

    let report = one(&ev, "report.received", "lq-rep-soil-stack-2022-02-21");
    assert!(text_of(report).contains("18 February 2022"));
    assert!(!about(&ev, "works_order.cancelled", "lq-wo-soil-stack-2022-02-21").is_empty());
    let hazards: Vec<(String, &str)> = of_type(&ev, "hazard.opened")
        .iter()
        .map(|e| (at(e), s(&e.data_json, "hazard_type")))
        .collect();
    assert_eq!(
        hazards,
        [
            (
                "2022-02-21".to_string(),
                "personal_hygiene_sanitation_drainage"
            ),
            ("2022-08-19".to_string(), "structural_collapse")
        ]
    );

    // The 2022 replacement "complete" on 30 March 2022; the rebuild complete on 30 March 2023.
    let wo_2022 = "lq-wo-soil-stack-replacement-2022-03-06";
    assert_eq!(at(one(&ev, "works_order.raised", wo_2022)), "2022-03-06");
    assert_eq!(at(one(&ev, "works_order.completed", wo_2022)), "2022-03-30");
    assert_eq!(about(&ev, "works_order.disputed", wo_2022).len(), 2);
    assert!(!about(&ev, "quote.received", "lq-quote-soil-stack-2022-03").is_empty());
    let survey = one(&ev, "survey.recorded", "lq-survey-2022-08-19");
    assert_eq!(
        s(&survey.data_json["recommendations"][0], "id"),
        "lq-rec-2022-08-19-rebuild-stack"
    );
    let decided = one(
        &ev,
        "recommendation.decided",
        "lq-rec-2022-08-19-rebuild-stack",
    );
    assert_eq!(at(decided), "2023-03");
    let rebuilt = one(
        &ev,
        "works_order.completed",
        "lq-wo-soil-stack-rebuild-2023-03",
    );
    assert_eq!(at(rebuilt), "2023-03-30");
    // Dated as the report dates it, though it sits among September 2022 events there.
    assert!(
        ev.iter()
            .any(|e| at(e) == "2023-09-09" && e.type_name == "contact.logged")
    );
    assert!(of_type(&ev, "vulnerability.recorded").is_empty());
    assert!(
        ev.iter()
            .any(|e| at(e) == "2022-03-18" && text_of(e).contains("mental health"))
    );
}

/// "The landlord's handling of the resident's reports about its contractor" and "The resident's
/// reports about the cleaning contractor": each report is a conduct case of its own, and the
/// record holds no investigation of either — the Ombudsman found none.
#[test]
fn lq_reports_about_the_contractors_are_cases_never_investigated() {
    let ev = load("lq", LQ);
    let stack = one(
        &ev,
        "conduct_case.opened",
        "lq-conduct-soil-stack-contractor-2022-03-18",
    );
    assert_eq!(at(stack), "2022-03-18");
    assert_eq!(
        (
            s(&stack.data_json, "contractor"),
            s(&stack.data_json, "complaint"),
            s(&stack.data_json, "reported_by"),
            s(&stack.data_json, "channel")
        ),
        (
            "lq-contractor-soil-stack",
            "lq-complaint-2022-03",
            "lq-resident",
            "web"
        )
    );
    assert_eq!(
        stack.data_json["concerns"],
        serde_json::json!(["conduct", "workmanship", "health_and_safety", "invoicing"])
    );
    assert_eq!(
        stack.data_json["works_orders"],
        serde_json::json!(["lq-wo-soil-stack-replacement-2022-03-06"])
    );
    let cleaning = one(
        &ev,
        "conduct_case.opened",
        "lq-conduct-cleaning-contractor-2022-08",
    );
    assert_eq!(
        (at(cleaning).as_str(), s(&cleaning.data_json, "contractor")),
        ("2022-08", "lq-contractor-cleaning")
    );
    assert_eq!(of_type(&ev, "conduct_case.opened").len(), 2);
    assert!(of_type(&ev, "conduct_case.investigated").is_empty());
    assert!(of_type(&ev, "conduct_case.concluded").is_empty());
}

#[test]
fn lq_complaint_remedies_and_orders() {
    let ev = load("lq", LQ);
    let c = "lq-complaint-2022-03";
    let received = one(&ev, "complaint.received", c);
    assert_eq!(
        (at(received).as_str(), s(&received.data_json, "channel")),
        ("2022-03-04", "web")
    );
    let acks: Vec<(String, u64)> = about(&ev, "complaint.acknowledged", c)
        .iter()
        .map(|e| (at(e), e.data_json["stage"].as_u64().expect("stage")))
        .collect();
    assert_eq!(
        acks,
        [
            ("2022-03-18".to_string(), 1),
            ("2022-04-12".to_string(), 2),
            ("2022-08-10".to_string(), 2)
        ]
    );
    assert!(
        of_type(&ev, "complaint.extended").is_empty(),
        "18 March 2022 was not a proper extension"
    );
    assert_eq!(
        at(one(&ev, "complaint.escalation_requested", c)),
        "2022-03-29"
    );
    let responses: Vec<String> = about(&ev, "complaint.responded", c)
        .iter()
        .map(|e| at(e))
        .collect();
    assert_eq!(responses, ["2022-03-29", "2022-09-01"]);

    let remedies = of_type(&ev, "remedy.offered");
    let by_case = |case: &str| -> Vec<&Event> {
        remedies
            .iter()
            .copied()
            .filter(|e| e.data_json["for_case"] == case)
            .collect()
    };
    assert_eq!(amounts(&by_case(c)), 55_000);
    assert_eq!(amounts(&by_case("lq-ombudsman-202209500")), 100_000);

    assert_eq!(
        at(one(&ev, "ombudsman.case_opened", "lq-ombudsman-202209500")),
        "2022-08-03"
    );
    let determined = one(&ev, "ombudsman.determined", "lq-ombudsman-202209500");
    assert_eq!(at(determined), "2023-10-23");
    let findings = determined.data_json["findings"]
        .as_array()
        .expect("findings");
    assert_eq!(findings.len(), 5);
    assert!(findings.iter().any(|f| s(f, "finding") == "reasonable_redress" && s(f, "scheme_paragraph") == "53(b)"));
    let orders = of_type(&ev, "ombudsman.order_made");
    let dues: Vec<&str> = orders.iter().map(|e| s(&e.data_json, "due")).collect();
    assert_eq!(dues, ["2023-11-20", "2023-11-20", "2023-12-18"]);
    assert_eq!(orders[0].data_json["amount"], 100_000);
}
