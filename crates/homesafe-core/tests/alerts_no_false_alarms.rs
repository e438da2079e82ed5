//! No false alarms: a synthetic history in which a landlord does everything on time — reports
//! triaged, appointments kept and the resident told, completions evidenced and confirmed,
//! complaints acknowledged and answered within the 2024 Code, an Awaab's Law significant hazard
//! and an emergency hazard handled in time, commitments met, survey recommendations decided,
//! vulnerabilities recorded and reviewed, reports about a contractor investigated (before the
//! complaint they came in is answered) and concluded, an Ombudsman information request answered
//! and an order complied with, remedies paid by their dates — raises no alert at all, not even "due soon". Then targeted mutations, each breaking one duty, raise exactly that
//! duty's alert.
//!
//! The history is written as draft lines (the interchange format) and read with `read_history`,
//! which seals each draft with `Draft::seal` and validates it (references, record kinds,
//! corrections) — so every mutation is itself a valid history.

use std::collections::BTreeSet;

use homesafe_core::history::{Event, Hash, read_history};
use homesafe_core::rules::{AlertStage, RulesConfig, alert_spans, alerts_as_of};
use jiff::Timestamp;
use serde_json::{Value, json};

/// One draft line. `key` becomes the event id so mutations can find it.
fn line(key: &str, ty: &str, subject: &str, at: &str, data: Value) -> Value {
    json!({
        "id": key,
        "type": ty,
        "subject": subject,
        "at": at,
        "actor": {"id": "officer", "role": "staff"},
        "data": data,
    })
}

fn doc(n: u32) -> String {
    format!("sha256:{n:064x}")
}

const TENANT: &str = "hs-tenant";
const PROP: &str = "hs-prop";

fn resident() -> Value {
    json!({"kind": "resident", "person": TENANT})
}

fn told() -> Value {
    json!({"told": true, "how": "phone"})
}

/// A whole repair: works order, appointment kept, evidence, completion, verification.
struct Job<'a> {
    wo: &'a str,
    raised: &'a str,
    fields: Value,
    booked: &'a str,
    date: &'a str,
    done: &'a str,
    doc: u32,
    /// `works_order.confirmed` or `works_order.post_inspected`.
    verify: Option<(&'a str, &'a str)>,
}

fn job(out: &mut Vec<Value>, j: Job<'_>) {
    let mut raised = json!({"property": PROP, "purpose": "repair"});
    if let (Value::Object(r), Value::Object(f)) = (&mut raised, j.fields) {
        r.extend(f);
    }
    out.push(line(
        &format!("{}-raised", j.wo),
        "works_order.raised",
        j.wo,
        j.raised,
        raised,
    ));
    let appt = format!("{}-appt", j.wo);
    out.push(line(
        &format!("{}-booked", j.wo),
        "appointment.booked",
        &appt,
        j.booked,
        json!({"works_order": j.wo, "date": j.date, "decided_by": "landlord", "resident_told": told()}),
    ));
    out.push(line(
        &format!("{}-visit", j.wo),
        "appointment.outcome",
        &appt,
        j.done,
        json!({"outcome": "completed"}),
    ));
    out.push(line(
        &format!("{}-doc", j.wo),
        "document.added",
        &doc(j.doc),
        j.done,
        json!({"media_type": "image/jpeg", "title": "After photo", "held": true, "evidences": [j.wo]}),
    ));
    out.push(line(
        &format!("{}-completed", j.wo),
        "works_order.completed",
        j.wo,
        j.done,
        json!({"completed_on": &j.done[..10], "scope_done": "Work done as ordered", "outcome": "resolved", "evidence": [doc(j.doc)], "first_time_fix": true}),
    ));
    if let Some((at, how)) = j.verify {
        let data = if how == "post_inspection" {
            json!({"inspector": "Inspector", "passed": true, "findings": "Done to standard"})
        } else {
            json!({"by": "resident"})
        };
        let ty = if how == "post_inspection" {
            "works_order.post_inspected"
        } else {
            "works_order.confirmed"
        };
        out.push(line(&format!("{}-verified", j.wo), ty, j.wo, at, data));
    }
}

/// The landlord that does everything on time (January to March 2026: London is on GMT, so the
/// instants below are London wall-clock times too).
fn good_landlord() -> Vec<Value> {
    let mut h = Vec::new();
    let at0 = "2026-01-05T09:00:00Z";
    h.push(line(
        "landlord",
        "landlord.registered",
        "hs",
        at0,
        json!({"name": "Good Homes"}),
    ));
    h.push(line(
        "property",
        "property.registered",
        PROP,
        at0,
        json!({"address": {"line1": "1 High Street"}, "property_type": "flat", "landlord": "hs"}),
    ));
    h.push(line(
        "tenant",
        "person.registered",
        TENANT,
        at0,
        json!({"name": "A. Tenant"}),
    ));
    h.push(line("tenancy", "tenancy.started", "hs-tenancy", at0, json!({"property": PROP, "tenancy_type": "secure", "start": "2026-01-05", "tenants": [TENANT]})));
    h.push(line("vuln-preg", "vulnerability.recorded", "hs-vuln-preg", at0, json!({"person": TENANT, "code": "pregnancy", "source": "resident", "disclosed": "2026-01-05", "consent": "given", "review_by": "2026-03-02"})));
    h.push(line(
        "contractor",
        "contractor.registered",
        "hs-ctr",
        at0,
        json!({"name": "Good Repairs Ltd", "trades": ["plumbing", "electrical"]}),
    ));
    h.push(line("contact-1", "contact.logged", "hs-contact-1", "2026-01-05T09:10:00Z", json!({"direction": "inbound", "channel": "phone", "parties": [{"role": "resident", "person": TENANT}], "summary": "Tenant said she is pregnant, due in February.", "about": [TENANT]})));

    // A routine repair, Monday 12 January.
    h.push(line("rep1", "report.received", "hs-rep-1", "2026-01-12T09:00:00Z", json!({"property": PROP, "channel": "phone", "reporter": resident(), "description": "Kitchen tap dripping", "room": "kitchen", "element": "tap"})));
    h.push(line(
        "rep1-triaged",
        "report.triaged",
        "hs-rep-1",
        "2026-01-12T09:30:00Z",
        json!({"priority": "routine", "category": "leak"}),
    ));
    // Unhappy to wait three days: offered a complaint (Code 1.3), the resident declines for now.
    h.push(line(
        "rep1-dissatisfied",
        "report.dissatisfaction_expressed",
        "hs-rep-1",
        "2026-01-12T09:32:00Z",
        json!({"channel": "phone", "summary": "Unhappy to wait until Thursday", "complaint_offered": true, "resident_choice": "not_now"}),
    ));
    job(
        &mut h,
        Job {
            wo: "hs-wo-1",
            raised: "2026-01-12T09:35:00Z",
            fields: json!({"report": "hs-rep-1", "task": {"description": "Replace tap washer"}, "priority": "routine"}),
            booked: "2026-01-12T09:40:00Z",
            date: "2026-01-15",
            done: "2026-01-15T10:00:00Z",
            doc: 1,
            verify: Some(("2026-01-15T10:15:00Z", "confirmed")),
        },
    );

    // An emergency repair, Tuesday 20 January: done within 24 hours.
    h.push(line("rep2", "report.received", "hs-rep-2", "2026-01-20T08:00:00Z", json!({"property": PROP, "channel": "phone", "reporter": resident(), "description": "No power to the kitchen sockets, burning smell", "room": "kitchen", "element": "electrics"})));
    h.push(line(
        "rep2-triaged",
        "report.triaged",
        "hs-rep-2",
        "2026-01-20T08:15:00Z",
        json!({"priority": "emergency"}),
    ));
    job(
        &mut h,
        Job {
            wo: "hs-wo-2",
            raised: "2026-01-20T08:20:00Z",
            fields: json!({"report": "hs-rep-2", "task": {"description": "Make safe and repair kitchen circuit"}, "priority": "emergency"}),
            booked: "2026-01-20T08:25:00Z",
            date: "2026-01-20",
            done: "2026-01-20T12:00:00Z",
            doc: 2,
            verify: Some(("2026-01-20T12:30:00Z", "confirmed")),
        },
    );

    // A report about the emergency electrician, Wednesday 21 January: investigated in two
    // working days (the landlord's policy allows 10), then concluded.
    h.push(line("conduct-2", "conduct_case.opened", "hs-conduct-2", "2026-01-21T09:00:00Z", json!({"contractor": "hs-ctr", "works_orders": ["hs-wo-2"], "reported_by": TENANT, "concerns": ["health_and_safety"], "description": "The electrician left the consumer unit cover off when he went.", "channel": "phone"})));
    h.push(line("conduct-2-investigated", "conduct_case.investigated", "hs-conduct-2", "2026-01-23T11:00:00Z", json!({"investigator": "Electrical supervisor", "steps": [{"step": "inspected_work", "notes": "Cover fitted and secure"}, {"step": "spoke_to_operative"}], "findings": "The cover was refitted before he left; the resident saw the spare cover plate."})));
    h.push(line(
        "conduct-2-concluded",
        "conduct_case.concluded",
        "hs-conduct-2",
        "2026-01-26T09:00:00Z",
        json!({"outcome": "not_upheld", "reasons": "The unit was left safe and covered."}),
    ));

    // A complaint under the 2024 Code, Monday 26 January.
    h.push(line("c1", "complaint.received", "hs-complaint-1", "2026-01-26T10:00:00Z", json!({"complainant": TENANT, "property": PROP, "channel": "email", "description": "The operative left a mess after the tap repair.", "outcome_sought": "An apology and a clean-up", "about": ["hs-wo-1"]})));
    // The complaint is about an operative's conduct: a case of its own, investigated before the
    // complaint is answered.
    h.push(line("conduct-1", "conduct_case.opened", "hs-conduct-1", "2026-01-26T10:05:00Z", json!({"contractor": "hs-ctr", "works_orders": ["hs-wo-1"], "reported_by": TENANT, "complaint": "hs-complaint-1", "concerns": ["conduct", "workmanship"], "description": "The operative left dirt and old washers on the kitchen floor.", "channel": "email"})));
    h.push(line("c1-ack1", "complaint.acknowledged", "hs-complaint-1", "2026-01-27T09:00:00Z", json!({"stage": 1, "definition": "Mess left after the tap repair", "handler": "A. Handler"})));
    h.push(line("conduct-1-photo", "document.added", &doc(11), "2026-01-27T12:00:00Z", json!({"media_type": "image/jpeg", "title": "Resident's photo of the kitchen floor", "held": true, "evidences": ["hs-conduct-1"]})));
    h.push(line("conduct-1-investigated", "conduct_case.investigated", "hs-conduct-1", "2026-01-28T11:00:00Z", json!({"investigator": "Repairs supervisor", "steps": [{"step": "spoke_to_resident", "on": "2026-01-27"}, {"step": "spoke_to_contractor", "notes": "The operative accepts he did not clear up"}, {"step": "reviewed_evidence"}], "findings": "The floor was left dirty.", "evidence": [doc(11)]})));
    h.push(line("conduct-1-concluded", "conduct_case.concluded", "hs-conduct-1", "2026-01-29T09:00:00Z", json!({"outcome": "upheld", "reasons": "The operative admits it and the photo shows it.", "contractor_actions": ["Remind operatives to clear up after every job"], "learning": "Ask for an after photo of the whole work area"})));
    h.push(line("c1-resp1", "complaint.responded", "hs-complaint-1", "2026-01-30T15:00:00Z", json!({"stage": 1, "handler": "A. Handler", "decision": "partly_upheld", "summary": "We apologise; we will deep clean the floor.", "outstanding_actions": ["Deep clean the kitchen floor"]})));
    h.push(line("wo3-raised", "works_order.raised", "hs-wo-3", "2026-01-30T15:05:00Z", json!({"property": PROP, "purpose": "cleaning", "task": {"description": "Deep clean the kitchen floor"}})));
    // Remedies paid on time: one with a date, paid in two parts (the first to the rent account);
    // one with no date, paid well within the policy's 28 days.
    h.push(line("rem1", "remedy.offered", "hs-remedy-1", "2026-01-30T15:05:00Z", json!({"for_case": "hs-complaint-1", "head": "time_and_trouble", "amount": 5000, "reason": "A wasted morning waiting in", "offset_against_arrears": true, "due": "2026-02-13"})));
    h.push(line("rem1-paid-a", "remedy.paid", "hs-remedy-1", "2026-02-03T11:00:00Z", json!({"amount": 2000, "paid_on": "2026-02-03", "method": "rent_account_credit", "offset_against_arrears": 2000})));
    h.push(line(
        "rem1-paid-b",
        "remedy.paid",
        "hs-remedy-1",
        "2026-02-05T11:00:00Z",
        json!({"amount": 3000, "paid_on": "2026-02-05", "method": "bank_transfer"}),
    ));
    h.push(line("rem2", "remedy.offered", "hs-remedy-2", "2026-01-30T15:06:00Z", json!({"for_case": "hs-complaint-1", "head": "goodwill", "amount": 2500, "reason": "Goodwill for the mess left"})));
    h.push(line(
        "rem2-paid",
        "remedy.paid",
        "hs-remedy-2",
        "2026-02-06T11:00:00Z",
        json!({"amount": 2500, "paid_on": "2026-02-06", "method": "bank_transfer"}),
    ));
    h.push(line("com1", "commitment.made", "hs-com-1", "2026-01-30T15:10:00Z", json!({"source": "hs-complaint-1", "description": "Deep clean the kitchen floor", "owner": "Repairs team", "due": "2026-02-13", "works_orders": ["hs-wo-3"]})));
    h.push(line("wo3-booked", "appointment.booked", "hs-wo-3-appt", "2026-02-03T10:00:00Z", json!({"works_order": "hs-wo-3", "date": "2026-02-05", "decided_by": "landlord", "resident_told": told()})));
    h.push(line(
        "wo3-visit",
        "appointment.outcome",
        "hs-wo-3-appt",
        "2026-02-05T11:00:00Z",
        json!({"outcome": "completed"}),
    ));
    h.push(line("wo3-doc", "document.added", &doc(3), "2026-02-05T11:00:00Z", json!({"media_type": "image/jpeg", "title": "Clean floor", "held": true, "evidences": ["hs-wo-3"]})));
    h.push(line("wo3-completed", "works_order.completed", "hs-wo-3", "2026-02-05T11:05:00Z", json!({"completed_on": "2026-02-05", "scope_done": "Floor deep cleaned", "outcome": "resolved", "evidence": [doc(3)]})));
    h.push(line(
        "wo3-confirmed",
        "works_order.confirmed",
        "hs-wo-3",
        "2026-02-05T12:00:00Z",
        json!({"by": "resident"}),
    ));

    // A significant damp and mould hazard (Awaab's Law phase 1), aware Monday 2 February.
    h.push(line("rep4", "report.received", "hs-rep-4", "2026-02-02T09:00:00Z", json!({"property": PROP, "channel": "phone", "reporter": resident(), "description": "Black mould on the bedroom wall", "room": "bedroom_1", "element": "bedroom_wall"})));
    h.push(line(
        "rep4-triaged",
        "report.triaged",
        "hs-rep-4",
        "2026-02-02T09:30:00Z",
        json!({"priority": "routine", "hazard_suspected": "damp_and_mould"}),
    ));
    h.push(line("hz1", "hazard.opened", "hs-hazard-1", "2026-02-02T09:35:00Z", json!({"property": PROP, "hazard_type": "damp_and_mould", "aware_at": "2026-02-02T09:00:00Z", "aware_how": "report", "source": "hs-rep-4", "description": "Black mould on the bedroom wall"})));
    h.push(line("hz1-classified", "hazard.classified", "hs-hazard-1", "2026-02-02T10:00:00Z", json!({"classification": "significant", "reasons": "Mould over 1 m2; pregnant resident", "category": 1, "vulnerabilities_considered": ["hs-vuln-preg"]})));
    h.push(line("hz1-investigated", "hazard.investigated", "hs-hazard-1", "2026-02-04T11:00:00Z", json!({"investigator": "Damp surveyor", "competent": true, "method": "in_person", "concluded": "2026-02-04T11:00:00Z", "findings": "Condensation mould; extractor fan failed"})));
    job(
        &mut h,
        Job {
            wo: "hs-wo-4",
            raised: "2026-02-04T11:30:00Z",
            fields: json!({"report": "hs-rep-4", "hazard": "hs-hazard-1", "purpose": "safety", "task": {"description": "Mould wash and treat the bedroom wall"}}),
            booked: "2026-02-04T11:35:00Z",
            date: "2026-02-04",
            done: "2026-02-04T15:00:00Z",
            doc: 4,
            verify: Some(("2026-02-05T10:00:00Z", "post_inspection")),
        },
    );
    h.push(line(
        "hz1-summary",
        "hazard.summary_sent",
        "hs-hazard-1",
        "2026-02-05T10:30:00Z",
        json!({"sent": "2026-02-05T10:30:00Z", "channel": "letter"}),
    ));
    job(
        &mut h,
        Job {
            wo: "hs-wo-5",
            raised: "2026-02-05T11:00:00Z",
            fields: json!({"hazard": "hs-hazard-1", "purpose": "preventative", "task": {"description": "Replace the bathroom extractor fan"}}),
            booked: "2026-02-05T11:05:00Z",
            date: "2026-02-20",
            done: "2026-02-20T12:00:00Z",
            doc: 5,
            verify: Some(("2026-02-20T13:00:00Z", "confirmed")),
        },
    );

    // Stage 2, with a valid extension.
    h.push(line(
        "c1-esc",
        "complaint.escalation_requested",
        "hs-complaint-1",
        "2026-02-09T09:00:00Z",
        json!({"channel": "email", "reasons": "Wants compensation"}),
    ));
    h.push(line(
        "c1-ack2",
        "complaint.acknowledged",
        "hs-complaint-1",
        "2026-02-10T09:00:00Z",
        json!({"stage": 2, "handler": "B. Reviewer"}),
    ));

    // A survey with a recommendation, decided and done.
    h.push(line(
        "survey-doc",
        "document.added",
        &doc(10),
        "2026-02-10T09:55:00Z",
        json!({"media_type": "application/pdf", "title": "Damp survey report", "held": true}),
    ));
    h.push(line("survey", "survey.recorded", "hs-survey-1", "2026-02-10T10:00:00Z", json!({"property": PROP, "kind": "damp_survey", "surveyor": "C. Surveyor", "on": "2026-02-10", "findings": "Poor ventilation in the bedroom", "recommendations": [{"id": "hs-rec-1", "text": "Fit trickle vents to the bedroom windows"}], "documents": [doc(10)]})));
    job(
        &mut h,
        Job {
            wo: "hs-wo-7",
            raised: "2026-02-12T09:55:00Z",
            fields: json!({"task": {"description": "Fit trickle vents"}, "fulfils": ["hs-rec-1"]}),
            booked: "2026-02-12T10:05:00Z",
            date: "2026-02-19",
            done: "2026-02-19T11:00:00Z",
            doc: 7,
            verify: None,
        },
    );
    h.push(line(
        "rec-decided",
        "recommendation.decided",
        "hs-rec-1",
        "2026-02-12T10:00:00Z",
        json!({"decision": "act", "works_order": "hs-wo-7", "reason": "Agreed"}),
    ));

    // The baby arrives: the pregnancy ends, the infant is recorded, reviews on time.
    h.push(line(
        "baby",
        "person.registered",
        "hs-baby",
        "2026-02-16T12:00:00Z",
        json!({"name": "Baby", "date_of_birth": "2026-02-16"}),
    ));
    h.push(line("vuln-infant", "vulnerability.recorded", "hs-vuln-infant", "2026-02-16T12:00:00Z", json!({"person": "hs-baby", "code": "infant", "source": "resident", "disclosed": "2026-02-16", "consent": "given"})));
    h.push(line(
        "baby-joined",
        "tenancy.member_added",
        "hs-tenancy",
        "2026-02-16T12:00:00Z",
        json!({"person": "hs-baby", "relationship": "child", "from": "2026-02-16"}),
    ));
    h.push(line(
        "vuln-preg-reviewed",
        "vulnerability.reviewed",
        "hs-vuln-preg",
        "2026-02-16T12:05:00Z",
        json!({"outcome": "ended", "notes": "Baby born"}),
    ));
    h.push(line("contact-2", "contact.logged", "hs-contact-2", "2026-02-17T09:00:00Z", json!({"direction": "outbound", "channel": "phone", "parties": [{"role": "resident", "person": TENANT}], "summary": "Called to check on the newborn baby; all well.", "about": [TENANT]})));

    h.push(line("c1-ext2", "complaint.extended", "hs-complaint-1", "2026-02-18T09:00:00Z", json!({"stage": 2, "new_due": "2026-03-20", "reason": "Waiting for the contractor's account", "ombudsman_details_given": true})));
    h.push(line("c1-resp2", "complaint.responded", "hs-complaint-1", "2026-02-20T14:00:00Z", json!({"stage": 2, "handler": "B. Reviewer", "decision": "not_upheld", "summary": "Stage 1 put it right."})));
    h.push(line(
        "hz1-closed",
        "hazard.closed",
        "hs-hazard-1",
        "2026-02-21T10:00:00Z",
        json!({"reason": "Safety and preventative work done"}),
    ));

    // An emergency hazard (every hazard but crowding is on the emergency track in phase 1).
    h.push(line("rep5", "report.received", "hs-rep-5", "2026-03-02T20:00:00Z", json!({"property": PROP, "channel": "phone", "reporter": resident(), "description": "Exposed live wires in the hallway after a ceiling leak", "room": "hallway", "element": "wiring"})));
    h.push(line(
        "rep5-triaged",
        "report.triaged",
        "hs-rep-5",
        "2026-03-02T20:10:00Z",
        json!({"priority": "emergency", "hazard_suspected": "electrical_hazards"}),
    ));
    h.push(line("hz2", "hazard.opened", "hs-hazard-2", "2026-03-02T20:12:00Z", json!({"property": PROP, "hazard_type": "electrical_hazards", "aware_at": "2026-03-02T20:00:00Z", "aware_how": "report", "source": "hs-rep-5", "description": "Exposed live wires"})));
    h.push(line(
        "hz2-classified",
        "hazard.classified",
        "hs-hazard-2",
        "2026-03-02T20:15:00Z",
        json!({"classification": "emergency", "reasons": "Imminent risk of electric shock"}),
    ));
    job(
        &mut h,
        Job {
            wo: "hs-wo-6",
            raised: "2026-03-02T20:30:00Z",
            fields: json!({"report": "hs-rep-5", "hazard": "hs-hazard-2", "purpose": "safety", "task": {"description": "Isolate and make safe the hallway circuit"}, "priority": "emergency"}),
            booked: "2026-03-02T20:35:00Z",
            date: "2026-03-02",
            done: "2026-03-02T23:30:00Z",
            doc: 6,
            verify: Some(("2026-03-03T09:00:00Z", "post_inspection")),
        },
    );
    h.push(line("hz2-investigated", "hazard.investigated", "hs-hazard-2", "2026-03-02T23:00:00Z", json!({"investigator": "Electrician", "competent": true, "method": "in_person", "concluded": "2026-03-02T23:00:00Z", "findings": "Water in the light fitting; circuit isolated"})));
    h.push(line(
        "hz2-closed",
        "hazard.closed",
        "hs-hazard-2",
        "2026-03-03T10:00:00Z",
        json!({"reason": "Made safe and repaired"}),
    ));

    // An Ombudsman order complied with in time.
    h.push(line("omb", "ombudsman.case_opened", "hs-omb-1", "2026-03-05T09:00:00Z", json!({"reference": "202600001", "complaints": ["hs-complaint-1"], "referred": "2026-03-05"})));
    h.push(line(
        "rfi",
        "ombudsman.information_requested",
        "hs-omb-1",
        "2026-03-05T10:00:00Z",
        json!({"what": "Repair records and the complaint correspondence", "due": "2026-03-19"}),
    ));
    h.push(line("rfi-provided", "ombudsman.information_provided", "hs-omb-1", "2026-03-12T10:00:00Z", json!({"what": "Repair records January to March 2026 and both complaint responses", "answers": "rfi"})));
    h.push(line("order", "ombudsman.order_made", "hs-order-1", "2026-03-05T12:00:00Z", json!({"case": "hs-omb-1", "kind": "order", "text": "Pay the resident £100", "due": "2026-04-02", "amount": 10000})));
    h.push(line("rem3", "remedy.offered", "hs-remedy-3", "2026-03-05T12:05:00Z", json!({"for_case": "hs-omb-1", "head": "complaint_handling", "amount": 10000, "reason": "Ordered by the Ombudsman", "order": "hs-order-1"})));
    h.push(line(
        "rem3-paid",
        "remedy.paid",
        "hs-remedy-3",
        "2026-03-09T11:00:00Z",
        json!({"amount": 10000, "paid_on": "2026-03-09", "method": "bank_transfer"}),
    ));
    h.push(line(
        "order-complied",
        "ombudsman.order_complied",
        "hs-order-1",
        "2026-03-10T12:00:00Z",
        json!({"notes": "Paid"}),
    ));
    h
}

fn read(lines: &[Value]) -> Vec<Event> {
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    read_history(&text, (), (0, Hash::GENESIS))
        .unwrap_or_else(|e| panic!("the synthetic history is not valid: {e}"))
}

fn find<'a>(lines: &'a mut [Value], key: &str) -> &'a mut Value {
    lines
        .iter_mut()
        .find(|l| l["id"] == key)
        .unwrap_or_else(|| panic!("no line {key}"))
}

fn set(lines: &mut [Value], key: &str, path: &str, value: Value) {
    let mut v = find(lines, key);
    for part in path.split('.') {
        v = &mut v[part];
    }
    *v = value;
}

/// Removes a member of a line's data.
fn unset(lines: &mut [Value], key: &str, member: &str) {
    let data = find(lines, key)["data"].as_object_mut().expect("data");
    assert!(data.remove(member).is_some(), "{key} has no {member}");
}

fn remove(lines: &mut Vec<Value>, key: &str) {
    let before = lines.len();
    lines.retain(|l| l["id"] != key);
    assert_eq!(lines.len(), before - 1, "no line {key}");
}

fn insert_after(lines: &mut Vec<Value>, key: &str, new: Value) {
    let i = lines
        .iter()
        .position(|l| l["id"] == key)
        .unwrap_or_else(|| panic!("no line {key}"));
    lines.insert(i + 1, new);
}

#[test]
fn a_landlord_that_does_everything_on_time_raises_no_alert_at_all() {
    let events = read(&good_landlord());
    let spans = alert_spans(&events, &RulesConfig::default());
    assert!(
        spans.is_empty(),
        "false alarms:\n{}",
        spans
            .iter()
            .map(|s| format!(
                "{} {} {}: {}",
                s.code,
                s.stage.as_str(),
                s.records[0],
                s.detail
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Each mutation breaks one duty; the history must raise exactly the listed codes (overdue, and
/// possibly the same codes' due-soon warnings), and at least one of them overdue.
#[test]
fn each_broken_duty_raises_exactly_its_alert() {
    type Mutation = fn(&mut Vec<Value>);
    let table: &[(&str, &[&str], Mutation)] = &[
        (
            "report triaged two working days late",
            &["report.not_triaged"],
            |h| {
                remove(h, "rep1-triaged");
                set(h, "hs-wo-1-raised", "at", json!("2026-01-14T09:00:00Z"));
                set(h, "hs-wo-1-booked", "at", json!("2026-01-14T09:05:00Z"));
            },
        ),
        (
            "emergency completed after 28 hours",
            &["repair.target_missed"],
            |h| {
                for k in ["hs-wo-2-visit", "hs-wo-2-doc", "hs-wo-2-completed"] {
                    set(h, k, "at", json!("2026-01-21T12:00:00Z"));
                }
                set(
                    h,
                    "hs-wo-2-completed",
                    "data.completed_on",
                    json!("2026-01-21"),
                );
                set(h, "hs-wo-2-verified", "at", json!("2026-01-21T12:30:00Z"));
            },
        ),
        (
            "appointment rearranged without telling the resident",
            &["appointment.changed_resident_not_told"],
            |h| {
                insert_after(
                    h,
                    "hs-wo-1-booked",
                    line(
                        "rearranged",
                        "appointment.rearranged",
                        "hs-wo-1-appt",
                        "2026-01-13T08:00:00Z",
                        json!({"date": "2026-01-15", "slot": "pm", "decided_by": "landlord", "why": "Operative off sick", "resident_told": {"told": false}}),
                    ),
                );
            },
        ),
        (
            "no access and no follow-on",
            &["appointment.failed_no_follow_on"],
            |h| {
                set(
                    h,
                    "hs-wo-1-visit",
                    "data",
                    json!({"outcome": "no_access", "reason": "No answer; card left"}),
                );
                for k in ["hs-wo-1-doc", "hs-wo-1-completed", "hs-wo-1-verified"] {
                    remove(h, k);
                }
            },
        ),
        (
            "completion with no evidence and nothing to verify it",
            &["job.closed_without_evidence"],
            |h| {
                remove(h, "hs-wo-1-verified");
                remove(h, "hs-wo-1-doc");
                set(h, "hs-wo-1-completed", "data.evidence", json!([]));
            },
        ),
        (
            "a dissatisfied resident not offered a complaint",
            &["complaint.not_offered"],
            |h| {
                set(
                    h,
                    "rep1-dissatisfied",
                    "data.complaint_offered",
                    json!(false),
                );
                unset(h, "rep1-dissatisfied", "resident_choice");
            },
        ),
        (
            "the resident disputes a completed job",
            &["job.claimed_complete_disputed"],
            |h| {
                insert_after(
                    h,
                    "hs-wo-1-verified",
                    line(
                        "disputed",
                        "works_order.disputed",
                        "hs-wo-1",
                        "2026-01-20T09:00:00Z",
                        json!({"by": "resident", "what": "The tap drips again"}),
                    ),
                );
            },
        ),
        (
            "stage 1 acknowledged after six working days",
            &["complaint.stage1.ack_overdue"],
            |h| {
                set(h, "c1-ack1", "at", json!("2026-02-03T09:00:00Z"));
                set(h, "c1-resp1", "at", json!("2026-02-03T15:00:00Z"));
                set(h, "wo3-raised", "at", json!("2026-02-03T15:05:00Z"));
                set(h, "com1", "at", json!("2026-02-03T15:10:00Z"));
                set(h, "wo3-booked", "at", json!("2026-02-03T15:15:00Z"));
            },
        ),
        (
            "a second complaint answered late",
            &["complaint.stage1.response_overdue"],
            |h| {
                insert_after(
                    h,
                    "c1-resp2",
                    line(
                        "c2",
                        "complaint.received",
                        "hs-complaint-2",
                        "2026-03-02T09:00:00Z",
                        json!({"complainant": TENANT, "property": PROP, "channel": "email", "description": "The hallway light flickers."}),
                    ),
                );
                insert_after(
                    h,
                    "c2",
                    line(
                        "c2-ack",
                        "complaint.acknowledged",
                        "hs-complaint-2",
                        "2026-03-03T09:00:00Z",
                        json!({"stage": 1}),
                    ),
                );
                insert_after(
                    h,
                    "c2-ack",
                    line(
                        "c2-resp",
                        "complaint.responded",
                        "hs-complaint-2",
                        "2026-03-20T09:00:00Z",
                        json!({"stage": 1, "handler": "A. Handler", "decision": "upheld", "summary": "Fixed"}),
                    ),
                );
            },
        ),
        (
            "stage 2 acknowledged late",
            &["complaint.stage2.ack_overdue"],
            |h| {
                set(h, "c1-ack2", "at", json!("2026-02-17T09:00:00Z"));
            },
        ),
        (
            "stage 2 answered after the extended date",
            &["complaint.stage2.response_overdue"],
            |h| {
                set(h, "c1-resp2", "at", json!("2026-03-25T14:00:00Z"));
            },
        ),
        (
            "extension without the Ombudsman's details",
            &["complaint.extension_invalid"],
            |h| {
                set(h, "c1-ext2", "data.ombudsman_details_given", json!(false));
            },
        ),
        (
            "outstanding actions never made commitments",
            &["complaint.actions_not_tracked"],
            |h| {
                remove(h, "com1");
            },
        ),
        (
            "a promise kept three days late",
            &["commitment.overdue"],
            |h| {
                for k in ["wo3-visit", "wo3-doc", "wo3-completed", "wo3-confirmed"] {
                    set(h, k, "at", json!("2026-02-16T11:00:00Z"));
                }
                set(h, "wo3-completed", "data.completed_on", json!("2026-02-16"));
            },
        ),
        (
            "hazard investigated after eleven working days",
            &["hazard.investigation_overdue"],
            |h| {
                set(h, "hz1-investigated", "at", json!("2026-02-17T10:00:00Z"));
                set(
                    h,
                    "hz1-investigated",
                    "data.concluded",
                    json!("2026-02-17T10:00:00Z"),
                );
            },
        ),
        ("no written summary", &["hazard.summary_overdue"], |h| {
            remove(h, "hz1-summary");
        }),
        (
            "safety work late, alternative accommodation considered",
            &["hazard.safety_work_overdue"],
            |h| {
                set(h, "hs-wo-4-completed", "at", json!("2026-02-12T10:00:00Z"));
                set(h, "hs-wo-4-verified", "at", json!("2026-02-12T11:00:00Z"));
                insert_after(
                    h,
                    "hz1-summary",
                    line(
                        "aa",
                        "hazard.alternative_accommodation",
                        "hs-hazard-1",
                        "2026-02-09T10:00:00Z",
                        json!({"decision": "considered_not_needed", "reasons": "Bedroom not used until the work is done"}),
                    ),
                );
            },
        ),
        (
            "safety work late, no alternative accommodation decision",
            &[
                "hazard.safety_work_overdue",
                "hazard.alternative_accommodation_not_considered",
            ],
            |h| {
                set(h, "hs-wo-4-completed", "at", json!("2026-02-12T10:00:00Z"));
                set(h, "hs-wo-4-verified", "at", json!("2026-02-12T11:00:00Z"));
            },
        ),
        (
            "preventative work started after 12 weeks",
            &["hazard.preventative_work_overdue"],
            |h| {
                set(h, "hs-wo-5-booked", "data.date", json!("2026-05-05"));
                for k in [
                    "hs-wo-5-visit",
                    "hs-wo-5-doc",
                    "hs-wo-5-completed",
                    "hs-wo-5-verified",
                ] {
                    set(h, k, "at", json!("2026-05-05T12:00:00Z"));
                }
                set(
                    h,
                    "hs-wo-5-completed",
                    "data.completed_on",
                    json!("2026-05-05"),
                );
            },
        ),
        (
            "emergency hazard investigated after 25 hours",
            &["hazard.emergency_overdue"],
            |h| {
                set(h, "hz2-investigated", "at", json!("2026-03-03T21:00:00Z"));
                set(
                    h,
                    "hz2-investigated",
                    "data.concluded",
                    json!("2026-03-03T21:00:00Z"),
                );
            },
        ),
        (
            "recommendation never decided",
            &["recommendation.not_actioned"],
            |h| {
                remove(h, "rec-decided");
                unset(h, "hs-wo-7-raised", "fulfils");
            },
        ),
        ("survey report not held", &["survey.report_not_held"], |h| {
            unset(h, "survey", "documents");
        }),
        (
            "the same problem reported again",
            &["issue.recurring"],
            |h| {
                let mut extra = vec![
                    line(
                        "rep6",
                        "report.received",
                        "hs-rep-6",
                        "2026-03-09T09:00:00Z",
                        json!({"property": PROP, "channel": "phone", "reporter": resident(), "description": "Kitchen tap dripping again", "room": "kitchen", "element": "tap"}),
                    ),
                    line(
                        "rep6-triaged",
                        "report.triaged",
                        "hs-rep-6",
                        "2026-03-09T09:10:00Z",
                        json!({"priority": "routine"}),
                    ),
                ];
                job(
                    &mut extra,
                    Job {
                        wo: "hs-wo-8",
                        raised: "2026-03-09T09:15:00Z",
                        fields: json!({"report": "hs-rep-6", "task": {"description": "Replace the tap"}}),
                        booked: "2026-03-09T09:20:00Z",
                        date: "2026-03-10",
                        done: "2026-03-10T10:00:00Z",
                        doc: 8,
                        verify: Some(("2026-03-10T10:30:00Z", "confirmed")),
                    },
                );
                h.extend(extra);
            },
        ),
        (
            "vulnerability review missed",
            &["vulnerability.review_overdue"],
            |h| {
                remove(h, "vuln-preg-reviewed");
            },
        ),
        (
            "a note mentions a wheelchair nobody recorded",
            &["vulnerability.possibly_unrecorded"],
            |h| {
                h.push(line("contact-3", "contact.logged", "hs-contact-3", "2026-03-06T09:00:00Z", json!({"direction": "inbound", "channel": "phone", "parties": [{"role": "resident", "person": TENANT}], "summary": "Tenant now uses a wheelchair after a fall.", "about": [TENANT]})));
            },
        ),
        (
            "a report about a contractor investigated only after the complaint was answered",
            &["conduct.response_without_investigation"],
            |h| {
                set(
                    h,
                    "conduct-1-investigated",
                    "at",
                    json!("2026-02-02T10:00:00Z"),
                );
                set(
                    h,
                    "conduct-1-concluded",
                    "at",
                    json!("2026-02-03T10:00:00Z"),
                );
            },
        ),
        (
            "a report about a contractor investigated after eleven working days",
            &["conduct.not_investigated"],
            |h| {
                set(
                    h,
                    "conduct-2-investigated",
                    "at",
                    json!("2026-02-05T11:00:00Z"),
                );
                set(
                    h,
                    "conduct-2-concluded",
                    "at",
                    json!("2026-02-05T12:00:00Z"),
                );
            },
        ),
        (
            "a report about a contractor concluded without an investigation",
            &["conduct.not_investigated"],
            |h| {
                remove(h, "conduct-2-investigated");
            },
        ),
        (
            "Ombudsman information provided a day late",
            &["ombudsman.information_overdue"],
            |h| {
                set(h, "rfi-provided", "at", json!("2026-03-20T10:00:00Z"));
            },
        ),
        (
            "Ombudsman information never provided",
            &["ombudsman.information_overdue"],
            |h| {
                remove(h, "rfi-provided");
            },
        ),
        (
            "Ombudsman order not complied with",
            &["ombudsman.order_overdue"],
            |h| {
                remove(h, "order-complied");
            },
        ),
        (
            "a remedy's last part paid after its date",
            &["remedy.payment_overdue"],
            |h| {
                set(h, "rem1-paid-b", "at", json!("2026-02-16T11:00:00Z"));
                set(h, "rem1-paid-b", "data.paid_on", json!("2026-02-16"));
            },
        ),
        (
            "a remedy only part paid",
            &["remedy.payment_overdue"],
            |h| {
                remove(h, "rem1-paid-b");
            },
        ),
        (
            "a remedy with no date never paid (the policy's 28 days)",
            &["remedy.payment_overdue"],
            |h| {
                remove(h, "rem2-paid");
            },
        ),
        (
            "compensation the Ombudsman ordered paid after the order's date",
            &["remedy.payment_overdue"],
            |h| {
                set(h, "rem3-paid", "at", json!("2026-04-03T11:00:00Z"));
                set(h, "rem3-paid", "data.paid_on", json!("2026-04-03"));
            },
        ),
    ];
    let mut failures = Vec::new();
    for (what, expected, mutate) in table {
        let mut lines = good_landlord();
        mutate(&mut lines);
        let events = read(&lines);
        let spans = alert_spans(&events, &RulesConfig::default());
        let got: BTreeSet<&str> = spans.iter().map(|s| s.code.as_str()).collect();
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        let overdue = spans.iter().any(|s| s.stage == AlertStage::Overdue);
        if got != want || !overdue {
            failures.push(format!(
                "{what}: expected {want:?}, got {got:?}\n  {}",
                spans
                    .iter()
                    .map(|s| format!(
                        "{} {} {}: {}",
                        s.code,
                        s.stage.as_str(),
                        s.records[0],
                        s.detail
                    ))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The dashboard at any moment is decided by the history as it stood then: evaluating only the
/// events visible at T gives exactly the alerts the whole history shows at T.
#[test]
fn the_dashboard_at_t_depends_only_on_what_was_recorded_by_t() {
    let cfg = RulesConfig::default();
    let mut lines = good_landlord();
    // Break several duties so there is something to show.
    remove(&mut lines, "hz1-summary");
    remove(&mut lines, "order-complied");
    remove(&mut lines, "rfi-provided");
    remove(&mut lines, "vuln-preg-reviewed");
    set(&mut lines, "c1-ack2", "at", json!("2026-02-17T09:00:00Z"));
    // A report about a contractor investigated only after the complaint's stage 1 response (30
    // January): the alert shows from the response until the investigation is recorded.
    set(
        &mut lines,
        "conduct-1-investigated",
        "at",
        json!("2026-02-02T10:00:00Z"),
    );
    set(
        &mut lines,
        "conduct-1-concluded",
        "at",
        json!("2026-02-03T10:00:00Z"),
    );
    let events = read(&lines);
    let full = alert_spans(&events, &cfg);
    assert!(full.len() >= 6);
    assert!(full.iter().any(
        |s| s.code.as_str() == "conduct.response_without_investigation"
            && s.clears == Some("2026-02-02T10:00:00Z".parse().expect("time"))
    ));
    for t in [
        "2026-01-12T09:20:00Z",
        "2026-01-30T14:59:59Z",
        "2026-01-30T15:00:00Z",
        "2026-02-02T09:59:59Z",
        "2026-02-02T10:00:00Z",
        "2026-02-06T12:00:00Z",
        "2026-02-10T00:00:00Z",
        "2026-02-17T08:59:59Z",
        "2026-02-17T09:00:00Z",
        "2026-03-04T00:00:00Z",
        "2026-03-18T12:00:00Z",
        "2026-03-20T00:00:00Z",
        "2026-04-03T00:00:00Z",
        "2027-01-01T00:00:00Z",
    ] {
        let t: Timestamp = t.parse().expect("time");
        let prefix: Vec<Event> = events
            .iter()
            .filter(|e| e.recorded.end() <= t)
            .cloned()
            .collect();
        assert_eq!(
            alerts_as_of(&prefix, t, &cfg),
            alerts_as_of(&events, t, &cfg),
            "at {t}"
        );
    }
}

/// Alerts carry the household's vulnerabilities as recorded at the moment asked about, and the
/// worklist puts the most severe first.
#[test]
fn alerts_carry_the_vulnerabilities_known_then_and_sort_as_a_worklist() {
    use homesafe_core::people::VulnerabilityCode;
    let cfg = RulesConfig::default();
    let mut lines = good_landlord();
    remove(&mut lines, "hz1-summary");
    remove(&mut lines, "rec-decided");
    unset(&mut lines, "hs-wo-7-raised", "fulfils");
    let events = read(&lines);
    // 10 February: the summary (due 9 February) is overdue; the household is pregnant.
    let feb10: Timestamp = "2026-02-10T12:00:00Z".parse().expect("time");
    let alerts = alerts_as_of(&events, feb10, &cfg);
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].span.code.as_str(), "hazard.summary_overdue");
    assert_eq!(alerts[0].vulnerabilities, [VulnerabilityCode::Pregnancy]);
    assert_eq!(
        alerts[0].span.clears, None,
        "nobody knew on 10 February when it would clear"
    );
    // 11 March: the recommendation (due 10 March) is overdue too; the baby is recorded and the
    // pregnancy ended.
    let mar11: Timestamp = "2026-03-11T12:00:00Z".parse().expect("time");
    let alerts = alerts_as_of(&events, mar11, &cfg);
    let got: Vec<&str> = alerts.iter().map(|a| a.span.code.as_str()).collect();
    assert_eq!(
        got,
        ["hazard.summary_overdue", "recommendation.not_actioned"]
    );
    assert!(
        alerts
            .iter()
            .all(|a| a.vulnerabilities == [VulnerabilityCode::Infant])
    );
}
