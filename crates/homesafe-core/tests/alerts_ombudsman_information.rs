//! Ombudsman information requests with due dates (`ombudsman.information_overdue`): the alert is
//! due soon in the last two working days, overdue from the day after the due date (never on the
//! due day), and clears when the information is provided — or the case is determined. A
//! provision answers the request it names (by event id, or a correction's id), or else the
//! earliest request not yet answered.

use homesafe_core::history::{Event, Hash, read_history};
use homesafe_core::rules::{
    AlertSpan, AlertStage, RuleStatus, RulesConfig, Severity, alert_spans, alerts_as_of,
    rules_in_force,
};
use jiff::Timestamp;
use serde_json::{Value, json};

const CODE: &str = "ombudsman.information_overdue";
const CASE: &str = "hos-1";

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

/// A home, its tenant, a complaint (closed at once, so it raises nothing itself) referred to the
/// Ombudsman on Monday 2 March 2026, and a request made on Tuesday 3 March, due Tuesday 17 March.
/// (London is on GMT until 29 March.)
fn history() -> Vec<Value> {
    vec![
        line(
            "prop",
            "property.registered",
            "p1",
            "2026-01-05",
            json!({"address": {"line1": "1 High Street"}, "property_type": "flat"}),
        ),
        line(
            "person",
            "person.registered",
            "r1",
            "2026-01-05",
            json!({"name": "A. Tenant"}),
        ),
        line(
            "tenancy",
            "tenancy.started",
            "t1",
            "2026-01-05",
            json!({"property": "p1", "tenancy_type": "secure", "start": "2026-01-05", "tenants": ["r1"]}),
        ),
        line(
            "complaint",
            "complaint.received",
            "c1",
            "2026-01-12T10:00:00Z",
            json!({"complainant": "r1", "property": "p1", "channel": "email", "description": "Damp in the bedroom"}),
        ),
        line(
            "closed",
            "complaint.closed",
            "c1",
            "2026-01-13T10:00:00Z",
            json!({"reason": "Resident went straight to the Ombudsman"}),
        ),
        line(
            "open",
            "ombudsman.case_opened",
            CASE,
            "2026-03-02T09:00:00Z",
            json!({"reference": "202600001", "complaints": ["c1"], "referred": "2026-03-02"}),
        ),
        line(
            "rfi-1",
            "ombudsman.information_requested",
            CASE,
            "2026-03-03T10:00:00Z",
            json!({"what": "Repair records and the complaint correspondence", "due": "2026-03-17"}),
        ),
    ]
}

fn provided(id: &str, at: &str, answers: Option<&str>) -> Value {
    let mut data = json!({"what": "Repair records and both complaint responses"});
    if let Some(a) = answers {
        data["answers"] = json!(a);
    }
    line(id, "ombudsman.information_provided", CASE, at, data)
}

fn read(lines: &[Value]) -> Vec<Event> {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    read_history(&text, (), (0, Hash::GENESIS))
        .unwrap_or_else(|e| panic!("the history is not valid: {e}"))
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("a timestamp")
}

fn spans(lines: &[Value]) -> Vec<AlertSpan> {
    alert_spans(&read(lines), &RulesConfig::default())
}

/// The codes and stages a dashboard showed at `t`.
fn shown(lines: &[Value], t: &str) -> Vec<(String, AlertStage)> {
    alerts_as_of(&read(lines), ts(t), &RulesConfig::default())
        .into_iter()
        .map(|a| (a.span.code.as_str().to_string(), a.span.stage))
        .collect()
}

fn overdue() -> Vec<(String, AlertStage)> {
    vec![(CODE.to_string(), AlertStage::Overdue)]
}

fn due_soon() -> Vec<(String, AlertStage)> {
    vec![(CODE.to_string(), AlertStage::DueSoon)]
}

#[test]
fn unanswered_it_is_overdue_from_the_day_after_the_due_date_not_before() {
    let h = history();
    // Friday 13 March: nothing yet.
    assert_eq!(shown(&h, "2026-03-13T12:00:00Z"), []);
    // Monday 16 and Tuesday 17 March (the due day, to its last second): due soon, not overdue.
    assert_eq!(shown(&h, "2026-03-16T00:00:00Z"), due_soon());
    assert_eq!(shown(&h, "2026-03-17T12:00:00Z"), due_soon());
    assert_eq!(shown(&h, "2026-03-17T23:59:59Z"), due_soon());
    // Wednesday 18 March: overdue, and it stays.
    assert_eq!(shown(&h, "2026-03-18T00:00:00Z"), overdue());
    assert_eq!(shown(&h, "2026-09-01T12:00:00Z"), overdue());

    let all = spans(&h);
    let over: Vec<&AlertSpan> = all
        .iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(over.len(), 1, "{all:?}");
    let s = over[0];
    assert_eq!(s.code.as_str(), CODE);
    assert_eq!(s.severity, Severity::High);
    assert_eq!(s.appears, ts("2026-03-18T00:00:00Z"));
    assert_eq!(s.due, ts("2026-03-18T00:00:00Z"));
    assert_eq!(s.clears, None);
    assert_eq!(s.rule, "ombudsman.information");
    assert_eq!(
        s.source,
        "Housing Ombudsman Scheme, information requests — paragraph UNCONFIRMED"
    );
    assert_eq!(s.records[0].as_str(), CASE);
    assert_eq!(s.property.as_ref().map(|p| p.as_str()), Some("p1"));
    assert!(
        s.detail
            .contains("Repair records and the complaint correspondence")
    );
    assert!(s.detail.contains("event rfi-1"), "{}", s.detail);
    assert!(s.detail.contains("17 March 2026"), "{}", s.detail);
}

#[test]
fn provided_on_the_due_day_raises_nothing_overdue_and_clears_the_warning() {
    let mut h = history();
    h.push(provided("given", "2026-03-17T16:00:00Z", Some("rfi-1")));
    let all = spans(&h);
    assert!(
        all.iter().all(|s| s.stage == AlertStage::DueSoon),
        "{all:?}"
    );
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].clears, Some(ts("2026-03-17T16:00:00Z")));
    assert_eq!(shown(&h, "2026-03-18T00:00:00Z"), []);

    // Provided a week early: no alert at all.
    let mut h = history();
    h.push(provided("given", "2026-03-10T16:00:00Z", None));
    assert_eq!(spans(&h), []);
}

#[test]
fn provided_late_it_clears_when_provided() {
    let mut h = history();
    h.push(provided("given", "2026-03-20T11:30:00Z", Some("rfi-1")));
    let over: Vec<AlertSpan> = spans(&h)
        .into_iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(over[0].appears, ts("2026-03-18T00:00:00Z"));
    assert_eq!(over[0].clears, Some(ts("2026-03-20T11:30:00Z")));
    assert_eq!(shown(&h, "2026-03-20T11:29:59Z"), overdue());
    assert_eq!(shown(&h, "2026-03-20T11:30:00Z"), []);
}

#[test]
fn a_provision_answers_the_request_it_names_or_else_the_earliest_unanswered() {
    let second = line(
        "rfi-2",
        "ombudsman.information_requested",
        CASE,
        "2026-03-04T10:00:00Z",
        json!({"what": "The damp survey report", "due": "2026-03-24"}),
    );
    // Naming the second request leaves the first unanswered.
    let mut h = history();
    h.push(second.clone());
    h.push(provided("given", "2026-03-06T10:00:00Z", Some("rfi-2")));
    let over: Vec<AlertSpan> = spans(&h)
        .into_iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(
        over[0].due,
        ts("2026-03-18T00:00:00Z"),
        "the first request's"
    );
    assert!(over[0].detail.contains("event rfi-1"), "{}", over[0].detail);

    // Naming none answers the first; the second then falls due on 24 March.
    let mut h = history();
    h.push(second.clone());
    h.push(provided("given", "2026-03-06T10:00:00Z", None));
    let over: Vec<AlertSpan> = spans(&h)
        .into_iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(
        over[0].due,
        ts("2026-03-25T00:00:00Z"),
        "the second request's"
    );
    assert!(over[0].detail.contains("event rfi-2"), "{}", over[0].detail);

    // Two provisions naming none answer both.
    let mut h = history();
    h.push(second);
    h.push(provided("given-1", "2026-03-06T10:00:00Z", None));
    h.push(provided("given-2", "2026-03-09T10:00:00Z", None));
    assert_eq!(spans(&h), []);
}

#[test]
fn a_corrected_request_is_answered_under_either_id_and_its_new_date_counts() {
    let mut h = history();
    h.push(json!({
        "id": "rfi-1-fix",
        "type": "ombudsman.information_requested",
        "subject": CASE,
        "at": "2026-03-03T10:00:00Z",
        "recorded": "2026-03-04T09:00:00Z",
        "actor": {"id": "officer", "role": "complaints_handler"},
        "reason": "Due date mis-keyed: the Ombudsman gave until 31 March",
        "corrects": "rfi-1",
        "data": {"what": "Repair records and the complaint correspondence", "due": "2026-03-31"},
    }));
    // Unanswered: overdue from 1 April, not 18 March.
    let over: Vec<AlertSpan> = spans(&h)
        .into_iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(over[0].appears, ts("2026-03-31T23:00:00Z"), "1 April, BST");
    for answers in ["rfi-1", "rfi-1-fix"] {
        let mut answered = h.clone();
        answered.push(provided("given", "2026-03-25T10:00:00Z", Some(answers)));
        assert_eq!(spans(&answered), [], "answering {answers}");
    }
}

#[test]
fn a_determination_after_the_request_stops_it_and_a_request_without_a_date_raises_nothing() {
    let mut h = history();
    h.push(line(
        "determined",
        "ombudsman.determined",
        CASE,
        "2026-03-25T10:00:00Z",
        json!({"findings": [{"element": "Repairs", "finding": "maladministration"}]}),
    ));
    let over: Vec<AlertSpan> = spans(&h)
        .into_iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(over.len(), 1);
    assert_eq!(
        over[0].clears,
        Some(ts("2026-03-25T10:00:00Z")),
        "the breach stays on the record; the alert clears"
    );
    assert_eq!(shown(&h, "2026-03-26T12:00:00Z"), []);

    let mut h = history();
    h[6]["data"]
        .as_object_mut()
        .expect("data")
        .remove("due")
        .expect("a due date");
    assert_eq!(spans(&h), []);
}

#[test]
fn the_rule_is_in_the_table_and_unconfirmed() {
    let table = rules_in_force(jiff::civil::date(2026, 3, 3), &RulesConfig::default());
    let row = table
        .iter()
        .find(|r| r.id == "ombudsman.information")
        .expect("the rule is listed");
    assert_eq!(row.status, RuleStatus::Unconfirmed);
    assert_eq!(row.alert.map(|a| a.as_str()), Some(CODE));
    assert!(row.source.contains("UNCONFIRMED"));
}
