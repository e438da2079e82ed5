//! Household by household (rules/alerts/households.rs): evaluating each household group on its
//! own gives exactly the alerts of the whole history — the spans, the vulnerabilities a worklist
//! shows beside them, and so the worklist at any moment. This is what lets the store keep alerts
//! in a table and re-evaluate only the household an event touches.

use homesafe_core::demo::{DemoConfig, generate};
use homesafe_core::history::{Draft, Event, Hash, RecordId, read_history};
use homesafe_core::rules::alerts::households::{Households, Place};
use homesafe_core::rules::{
    AlertSpan, RulesConfig, VulnerabilitySpan, alert_spans, alerts_as_of, assemble,
    split_by_household, vulnerability_spans,
};
use jiff::{SignedDuration, Timestamp};

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");
const LQ: &str = include_str!("../../../examples/cases/lq-202209500.jsonl");

fn demo(homes: u32, years: u32, seed: u64) -> Vec<Event> {
    let cfg = DemoConfig {
        homes,
        years,
        seed,
        ..DemoConfig::default()
    };
    let mut events = Vec::new();
    let mut prev = Hash::GENESIS;
    let mut seq = 0;
    generate(&cfg, |d: Draft| {
        seq += 1;
        let ev = d.seal(seq, prev);
        prev = ev.hash;
        events.push(ev);
    });
    events
}

fn sorted(mut spans: Vec<AlertSpan>) -> Vec<AlertSpan> {
    spans.sort_by(|a, b| {
        (a.appears, a.code, &a.records, a.due, a.stage)
            .cmp(&(b.appears, b.code, &b.records, b.due, b.stage))
    });
    spans
}

struct ByHousehold {
    spans: Vec<AlertSpan>,
    vulnerabilities: Vec<VulnerabilitySpan>,
    groups: usize,
}

fn by_household(events: &[Event], cfg: &RulesConfig) -> ByHousehold {
    let groups = split_by_household(events);
    let mut spans = Vec::new();
    let mut vulnerabilities = Vec::new();
    for (_, group) in &groups {
        spans.extend(alert_spans(group, cfg));
        vulnerabilities.extend(vulnerability_spans(group, cfg));
    }
    ByHousehold {
        spans: sorted(spans),
        vulnerabilities,
        groups: groups.len(),
    }
}

fn worklist_from(parts: &ByHousehold, t: Timestamp) -> Vec<homesafe_core::rules::Alert> {
    let present = parts
        .spans
        .iter()
        .filter(|s| s.present_at(t))
        .cloned()
        .collect();
    assemble(present, |p: &RecordId| {
        parts
            .vulnerabilities
            .iter()
            .find(|v| &v.property == p && v.present_at(t))
            .map(|v| v.codes.clone())
            .unwrap_or_default()
    })
}

fn check(name: &str, events: &[Event], instants: &[Timestamp], min_groups: usize) {
    let cfg = RulesConfig::default();
    let whole = sorted(alert_spans(events, &cfg));
    let parts = by_household(events, &cfg);
    assert!(
        parts.groups >= min_groups,
        "{name}: {} groups, expected at least {min_groups}",
        parts.groups
    );
    assert!(!whole.is_empty(), "{name}: the history raises alerts");
    assert_eq!(parts.spans.len(), whole.len(), "{name}: span count");
    for (a, b) in parts.spans.iter().zip(&whole) {
        assert_eq!(a, b, "{name}");
    }
    for &t in instants {
        assert_eq!(
            worklist_from(&parts, t),
            alerts_as_of(events, t, &cfg),
            "{name}: the worklist at {t}"
        );
    }
}

fn every(from: &str, step_days: i64, n: usize) -> Vec<Timestamp> {
    let mut t: Timestamp = from.parse().expect("instant");
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(t);
        t = t
            .checked_add(SignedDuration::from_hours(24 * step_days + 7))
            .expect("in range");
    }
    out
}

#[test]
fn the_demo_landlord_household_by_household_equals_the_whole() {
    let events = demo(40, 4, 5);
    let cfg = RulesConfig::default();
    assert!(
        vulnerability_spans(&events, &cfg).len() > 5,
        "the demo records vulnerabilities"
    );
    check("demo", &events, &every("2023-01-10T09:00:00Z", 61, 24), 20);
}

#[test]
fn the_cases_household_by_household_equal_the_whole() {
    let clarion = read_history(CLARION, (), (0, Hash::GENESIS)).expect("clarion");
    check(
        "clarion",
        &clarion,
        &every("2020-06-01T09:00:00Z", 45, 30),
        1,
    );
    let lq = read_history(LQ, (), (0, Hash::GENESIS)).expect("lq");
    check("lq", &lq, &every("2021-01-01T09:00:00Z", 45, 30), 1);
}

/// Shared records never join two homes; a record that names two homes' records does.
#[test]
fn shared_records_join_nothing_and_a_shared_component_joins_its_reports() {
    let events = demo(40, 4, 5);
    let mut households = Households::new();
    let mut shared = 0;
    for ev in &events {
        match households.place(ev) {
            Place::Shared => shared += 1,
            Place::Several(nodes) => {
                assert_eq!(ev.type_name.split('.').next(), Some("invoice"), "{nodes:?}")
            }
            Place::Household(_) => {}
        }
    }
    assert!(shared > 0, "the demo registers a landlord, estates, blocks");
    let records = households.records();
    let groups: std::collections::HashSet<&RecordId> = records.iter().map(|(_, g)| g).collect();
    let homes = records
        .iter()
        .filter(|(id, _)| id.as_str().starts_with("prop"))
        .count();
    // The demo's flats share components (stacks, roofs) serving several flats each, which join
    // a block's flats; houses stand alone. Contractors and invoices join nothing.
    assert!(
        groups.len() > homes / 2,
        "{} groups for {homes} homes: shared records must not join them",
        groups.len()
    );
    let flats_together = records
        .iter()
        .filter(|(id, _)| id.as_str().starts_with("prop"))
        .filter(|(_, g)| {
            records
                .iter()
                .filter(|(id, g2)| id.as_str().starts_with("prop") && g2 == g)
                .count()
                > 1
        })
        .count();
    assert!(
        flats_together >= 6,
        "a block's flats sharing components are one group"
    );
    // Every record's group is the group of its earliest record, so keys are records of the group.
    for (_, key) in &records {
        assert!(records.iter().any(|(id, g)| id == key && g == key));
    }
}

/// A conduct case belongs with what it names besides the contractor — its works orders, the
/// complaint it came in, the person who reported it — and its contractor and operative join
/// nothing: three homes' reports about one contractor stay three households, and each case's
/// alerts (including a complaint answered while it was uninvestigated, tied only through the
/// works order the complaint is about) are the same worked out household by household.
#[test]
fn a_conduct_case_joins_its_household_and_its_contractor_joins_nothing() {
    use serde_json::json;
    let actor = json!({"id": "officer", "role": "staff"});
    let line = |ty: &str, subject: &str, at: &str, data: serde_json::Value| {
        json!({"type": ty, "subject": subject, "at": at, "actor": actor, "data": data}).to_string()
    };
    let mut h = vec![
        line(
            "landlord.registered",
            "ll",
            "2026-01-05",
            json!({"name": "Landlord"}),
        ),
        line(
            "contractor.registered",
            "ctr",
            "2026-01-05",
            json!({"name": "Fix-It Ltd"}),
        ),
        line(
            "operative.registered",
            "op",
            "2026-01-05",
            json!({"name": "A. Fitter", "contractor": "ctr"}),
        ),
    ];
    for n in 1..=3 {
        h.push(line("property.registered", &format!("p{n}"), "2026-01-05", json!({"address": {"line1": format!("{n} High Street")}, "property_type": "house", "landlord": "ll"})));
        h.push(line(
            "person.registered",
            &format!("t{n}"),
            "2026-01-05",
            json!({"name": format!("Tenant {n}")}),
        ));
        h.push(line("tenancy.started", &format!("ten{n}"), "2026-01-05", json!({"property": format!("p{n}"), "tenancy_type": "secure", "start": "2026-01-05", "tenants": [format!("t{n}")]})));
    }
    h.push(line("works_order.raised", "wo1", "2026-01-12", json!({"property": "p1", "purpose": "repair", "task": {"description": "Replace the kitchen tap"}, "contractor": "ctr"})));
    h.push(line("complaint.received", "cmp1", "2026-01-19", json!({"complainant": "t1", "property": "p1", "channel": "email", "description": "The fitter was rude and left a mess", "about": ["wo1"]})));
    // Tied to the complaint only through the works order it is about.
    h.push(line("conduct_case.opened", "k1", "2026-01-19", json!({"contractor": "ctr", "operative": "op", "works_orders": ["wo1"], "concerns": ["conduct"], "description": "Rude to the tenant; left a mess", "channel": "email"})));
    h.push(line("complaint.responded", "cmp1", "2026-01-23", json!({"stage": 1, "handler": "A. Handler", "decision": "not_upheld", "summary": "The fitter denies it"})));
    // Tied to the second household only through the person who reported it.
    h.push(line("conduct_case.opened", "k2", "2026-01-20", json!({"contractor": "ctr", "reported_by": "t2", "concerns": ["health_and_safety"], "description": "Fitter smoking in the van outside with the engine running", "channel": "phone"})));
    // Naming only the contractor: a group of its own.
    h.push(line("conduct_case.opened", "k3", "2026-01-21", json!({"contractor": "ctr", "operative": "op", "concerns": ["invoicing"], "description": "Invoice for two hours on a twenty-minute job", "channel": "internal"})));
    let text: String = h.iter().map(|l| format!("{l}\n")).collect();
    let events = read_history(&text, (), (0, Hash::GENESIS)).expect("a valid history");

    let mut households = Households::new();
    for ev in &events {
        households.place(ev);
    }
    let records = households.records();
    let group = |id: &str| -> RecordId {
        records
            .iter()
            .find(|(r, _)| r.as_str() == id)
            .map(|(_, g)| g.clone())
            .unwrap_or_else(|| panic!("{id} is in no household group"))
    };
    assert!(households.is_shared_record(&RecordId::parse("ctr").expect("id")));
    assert!(households.is_shared_record(&RecordId::parse("op").expect("id")));
    assert_eq!(group("k1"), group("p1"));
    assert_eq!(group("k1"), group("cmp1"));
    assert_eq!(group("k2"), group("p2"));
    assert_ne!(group("p1"), group("p2"));
    assert_ne!(group("p3"), group("p1"));
    assert_ne!(group("k3"), group("p1"));
    assert_ne!(group("k3"), group("p2"));

    let cfg = RulesConfig::default();
    let whole = alert_spans(&events, &cfg);
    let codes = |record: &str| -> Vec<&str> {
        whole
            .iter()
            .filter(|s| s.stage == homesafe_core::rules::AlertStage::Overdue)
            .filter(|s| s.records[0].as_str() == record)
            .map(|s| s.code.as_str())
            .collect()
    };
    assert_eq!(
        codes("k1"),
        [
            "conduct.response_without_investigation",
            "conduct.not_investigated"
        ]
    );
    assert_eq!(codes("k2"), ["conduct.not_investigated"]);
    assert_eq!(codes("k3"), ["conduct.not_investigated"]);
    let k1 = whole
        .iter()
        .find(|s| s.code.as_str() == "conduct.not_investigated" && s.records[0].as_str() == "k1")
        .expect("k1 not investigated");
    assert_eq!(k1.property.as_ref().map(RecordId::as_str), Some("p1"));
    check("conduct", &events, &every("2026-01-20T09:00:00Z", 3, 10), 4);
}
