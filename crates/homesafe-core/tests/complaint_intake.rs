//! Intake under the Complaint Handling Code 2024, sections 1 and 2: a dissatisfied resident is
//! offered a complaint while the service request stays open (1.3, 1.5), and a refusal rests on a
//! ground the record supports (2.2, 2.3) — each checked from the history alone.

use homesafe_core::history::{Event, Hash, read_history};
use homesafe_core::rules::{AlertSpan, RulesConfig, alert_spans, alerts_as_of};
use jiff::Timestamp;
use serde_json::{Value, json};

fn line(id: &str, ty: &str, subject: &str, at: &str, data: Value) -> Value {
    json!({
        "id": id,
        "type": ty,
        "subject": subject,
        "at": at,
        "actor": {"id": "officer", "role": "complaints_handler"},
        "data": data,
    })
}

/// A home and its tenant; a report of a dripping tap on Monday 12 January 2026, triaged and
/// finished the same week, so that it raises nothing itself.
fn home() -> Vec<Value> {
    vec![
        line(
            "prop",
            "property.registered",
            "p1",
            "2024-01-05",
            json!({"address": {"line1": "1 High Street"}, "property_type": "flat"}),
        ),
        line(
            "person",
            "person.registered",
            "r1",
            "2024-01-05",
            json!({"name": "A. Tenant"}),
        ),
        line(
            "tenancy",
            "tenancy.started",
            "t1",
            "2024-01-05",
            json!({"property": "p1", "tenancy_type": "secure", "start": "2024-01-05", "tenants": ["r1"]}),
        ),
        line(
            "rep",
            "report.received",
            "rep1",
            "2026-01-12T09:00:00Z",
            json!({"property": "p1", "channel": "phone", "reporter": {"kind": "resident", "person": "r1"}, "description": "Kitchen tap dripping", "room": "kitchen", "element": "tap"}),
        ),
        line(
            "rep-closed",
            "report.closed",
            "rep1",
            "2026-01-12T10:00:00Z",
            json!({"outcome": "resolved", "reason": "Advice given: the resident fitted a new washer"}),
        ),
    ]
}

fn read(lines: &[Value]) -> Result<Vec<Event>, String> {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    read_history(&text, (), (0, Hash::GENESIS)).map_err(|e| e.to_string())
}

fn spans(lines: &[Value], code: &str) -> Vec<AlertSpan> {
    let events = read(lines).unwrap_or_else(|e| panic!("the history is not valid: {e}"));
    alert_spans(&events, &RulesConfig::default())
        .into_iter()
        .filter(|s| s.code.as_str() == code)
        .collect()
}

fn shown(lines: &[Value], t: &str) -> Vec<String> {
    let events = read(lines).unwrap_or_else(|e| panic!("the history is not valid: {e}"));
    alerts_as_of(&events, ts(t), &RulesConfig::default())
        .into_iter()
        .map(|a| a.span.code.as_str().to_string())
        .collect()
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("a timestamp")
}

fn dissatisfied(id: &str, at: &str, offered: bool) -> Value {
    let mut data = json!({"channel": "phone", "summary": "Unhappy the tap is still dripping", "complaint_offered": offered});
    if offered {
        data["resident_choice"] = json!("not_now");
    }
    line(id, "report.dissatisfaction_expressed", "rep1", at, data)
}

const NOT_OFFERED: &str = "complaint.not_offered";

#[test]
fn dissatisfaction_without_an_offer_to_complain_is_an_alert_until_one_is_made() {
    let mut h = home();
    h.push(dissatisfied("d1", "2026-01-20T11:00:00Z", false));
    assert_eq!(shown(&h, "2026-01-20T10:59:59Z"), Vec::<String>::new());
    assert_eq!(shown(&h, "2026-01-20T11:00:00Z"), vec![NOT_OFFERED]);
    let s = &spans(&h, NOT_OFFERED)[0];
    assert_eq!(s.source, "Complaint Handling Code 2024, 1.3 and 1.5");
    assert_eq!(s.records[0].as_str(), "rep1");
    assert_eq!(s.property.as_ref().map(|p| p.as_str()), Some("p1"));
    assert!(s.detail.contains("not offered"), "{}", s.detail);
    assert_eq!(s.clears, None);

    // A later call offers it: the alert clears then, and stays on the record.
    h.push(dissatisfied("d2", "2026-01-22T15:00:00Z", true));
    let s = &spans(&h, NOT_OFFERED)[0];
    assert_eq!(s.clears, Some(ts("2026-01-22T15:00:00Z")));
    assert_eq!(shown(&h, "2026-01-23T09:00:00Z"), Vec::<String>::new());
}

#[test]
fn a_complaint_about_the_request_clears_it_and_an_offer_raises_nothing() {
    let mut h = home();
    h.push(dissatisfied("d1", "2026-01-20T11:00:00Z", false));
    h.push(line(
        "c",
        "complaint.received",
        "c1",
        "2026-01-21T09:30:00Z",
        json!({"complainant": "r1", "property": "p1", "channel": "email", "description": "The tap", "about": ["rep1"]}),
    ));
    let s = &spans(&h, NOT_OFFERED)[0];
    assert_eq!(s.clears, Some(ts("2026-01-21T09:30:00Z")));

    let mut h = home();
    h.push(dissatisfied("d1", "2026-01-20T11:00:00Z", true));
    assert_eq!(spans(&h, NOT_OFFERED), []);
}

#[test]
fn a_choice_is_recorded_only_with_an_offer() {
    let mut h = home();
    h.push(line(
        "d1",
        "report.dissatisfaction_expressed",
        "rep1",
        "2026-01-20T11:00:00Z",
        json!({"channel": "phone", "summary": "Unhappy", "complaint_offered": false, "resident_choice": "complain"}),
    ));
    let err = read(&h).expect_err("refused");
    assert!(err.contains("line 6"), "{err}");
    assert!(err.contains("resident_choice"), "{err}");
}

const UNFOUNDED: &str = "complaint.refusal_unfounded";

fn complaint(at: &str) -> Value {
    line(
        "c",
        "complaint.received",
        "c1",
        at,
        json!({"complainant": "r1", "property": "p1", "channel": "email", "description": "The boiler broke down repeatedly"}),
    )
}

fn refused(at: &str, data: Value) -> Value {
    let mut d = json!({"reason": "Explained in our letter", "ombudsman_rights_given": true});
    for (k, v) in data.as_object().expect("an object") {
        d[k] = v.clone();
    }
    line("refused", "complaint.refused", "c1", at, d)
}

#[test]
fn out_of_time_is_judged_from_the_issue_date_in_the_residents_favour() {
    // The issue arose in March 2025 (known to the month); the complaint came on 31 March 2026 —
    // within 12 months if the issue arose on 31 March 2025, so the refusal is unfounded.
    let mut h = home();
    h.push(complaint("2026-03-31T10:00:00Z"));
    h.push(refused(
        "2026-04-02T10:00:00Z",
        json!({"ground": "older_than_12_months", "issue_arose": "2025-03", "discretion_considered": "No reason for the delay"}),
    ));
    let s = spans(&h, UNFOUNDED);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].appears, ts("2026-04-02T10:00:00Z"));
    assert_eq!(s[0].source, "Complaint Handling Code 2024, 2.2 and 2.3");
    assert!(s[0].detail.contains("within 12 months"), "{}", s[0].detail);
    assert!(s[0].detail.contains("31 March 2026"), "{}", s[0].detail);

    // An issue of February 2025 is out of time: no alert.
    let mut h = home();
    h.push(complaint("2026-03-31T10:00:00Z"));
    h.push(refused(
        "2026-04-02T10:00:00Z",
        json!({"ground": "older_than_12_months", "issue_arose": "2025-02", "discretion_considered": "No reason for the delay"}),
    ));
    assert_eq!(spans(&h, UNFOUNDED), []);
}

#[test]
fn a_pre_action_letter_is_not_legal_proceedings() {
    let legal = |id: &str, ty: &str, at: &str, stage: &str| {
        let data = if ty == "legal_case.opened" {
            json!({"kind": "disrepair_claim", "stage": stage, "property": "p1", "claimant": "r1", "description": "Disrepair claim"})
        } else {
            json!({"stage": stage, "notes": "Claim form and particulars filed"})
        };
        line(id, ty, "lc1", at, data)
    };
    let mut h = home();
    h.push(legal("lc", "legal_case.opened", "2026-02-01", "pre_action"));
    h.push(complaint("2026-03-02T10:00:00Z"));
    h.push(refused(
        "2026-03-04T10:00:00Z",
        json!({"ground": "legal_proceedings_issued", "legal_case": "lc1"}),
    ));
    let s = spans(&h, UNFOUNDED);
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].detail.contains("pre-action"), "{}", s[0].detail);
    assert_eq!(s[0].clears, None);

    // Once a claim is filed before the refusal, the ground holds.
    let mut h = home();
    h.push(legal("lc", "legal_case.opened", "2026-02-01", "pre_action"));
    h.push(legal(
        "lc-issued",
        "legal_case.progressed",
        "2026-03-01",
        "proceedings_issued",
    ));
    h.push(complaint("2026-03-02T10:00:00Z"));
    h.push(refused(
        "2026-03-04T10:00:00Z",
        json!({"ground": "legal_proceedings_issued", "legal_case": "lc1"}),
    ));
    assert_eq!(spans(&h, UNFOUNDED), []);
}

#[test]
fn already_considered_needs_an_answered_complaint_and_acceptance_clears_the_alert() {
    let mut h = home();
    h.push(line(
        "c0",
        "complaint.received",
        "c0",
        "2026-01-05T10:00:00Z",
        json!({"complainant": "r1", "property": "p1", "channel": "email", "description": "The boiler"}),
    ));
    h.push(line(
        "c0-closed",
        "complaint.closed",
        "c0",
        "2026-01-06T10:00:00Z",
        json!({"reason": "Withdrawn"}),
    ));
    h.push(complaint("2026-03-02T10:00:00Z"));
    h.push(refused(
        "2026-03-04T10:00:00Z",
        json!({"ground": "already_considered", "earlier_complaint": "c0"}),
    ));
    let s = spans(&h, UNFOUNDED);
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].detail.contains("no response"), "{}", s[0].detail);

    h.push(line(
        "ack",
        "complaint.acknowledged",
        "c1",
        "2026-03-05T10:00:00Z",
        json!({"stage": 1, "definition": "The boiler breaking down", "handler": "A. Officer"}),
    ));
    let s = spans(&h, UNFOUNDED);
    assert_eq!(s[0].clears, Some(ts("2026-03-05T10:00:00Z")));
}

#[test]
fn a_refusal_missing_its_evidence_is_refused_naming_the_line_and_field() {
    let mut h = home();
    h.push(complaint("2026-03-02T10:00:00Z"));
    h.push(refused(
        "2026-03-04T10:00:00Z",
        json!({"ground": "older_than_12_months", "discretion_considered": "None"}),
    ));
    let err = read(&h).expect_err("refused");
    assert!(err.contains("line 7"), "{err}");
    assert!(err.contains("issue_arose"), "{err}");

    let mut h = home();
    h.push(complaint("2026-03-02T10:00:00Z"));
    h.push(refused(
        "2026-03-04T10:00:00Z",
        json!({"ground": "we_do_not_like_it"}),
    ));
    let err = read(&h).expect_err("refused");
    assert!(err.contains("ground"), "{err}");
}

#[test]
fn a_new_issue_logged_as_a_new_complaint_names_it() {
    let mut h = home();
    h.push(complaint("2026-03-02T10:00:00Z"));
    h.push(line(
        "issue",
        "complaint.issue_raised",
        "c1",
        "2026-03-05T10:00:00Z",
        json!({"stage": 1, "description": "Also the fence is down", "handling": "new_complaint"}),
    ));
    let err = read(&h).expect_err("refused");
    assert!(err.contains("new_complaint"), "{err}");

    h.pop();
    h.push(line(
        "c2",
        "complaint.received",
        "c2",
        "2026-03-05T10:00:00Z",
        json!({"complainant": "r1", "property": "p1", "channel": "phone", "description": "The fence is down"}),
    ));
    h.push(line(
        "issue",
        "complaint.issue_raised",
        "c1",
        "2026-03-05T10:00:00Z",
        json!({"stage": 1, "description": "Also the fence is down", "handling": "new_complaint", "new_complaint": "c2", "reason": "Unrelated to the boiler"}),
    ));
    assert!(read(&h).is_ok());
}
