//! What came before a report or job (requirements R7): earlier reports, jobs and surveys for the
//! same home, block, component, element or hazard within the window, each saying why.

use homesafe_core::history::{Event, Hash, RecordId, read_history};
use homesafe_core::recurrence::{Earlier, Link, earlier};
use homesafe_core::references::RecordKind;
use homesafe_core::rules::RulesConfig;
use jiff::Timestamp;
use serde_json::{Value, json};

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");

fn load(text: &str) -> Vec<Event> {
    read_history(text, (), (0, Hash::GENESIS)).expect("a valid history")
}

fn ask(events: &[Event], id: &str, at: &str) -> Option<Earlier> {
    let id = RecordId::parse(id).expect("id");
    let at: Timestamp = at.parse().expect("instant");
    earlier(events, &RulesConfig::default(), &id, at)
}

fn ids(e: &Earlier) -> Vec<&str> {
    e.items.iter().map(|i| i.record.as_str()).collect()
}

/// Clarion: the repointing raised again in February 2023 shows, first, the three repointing jobs
/// it follows on from (March, May and June 2022), then everything else on the damp and mould
/// case — the December 2021 survey among them — then the rest of the home's history since
/// 12 February 2021 (24 months).
#[test]
fn clarion_repointing_in_2023_shows_the_2022_jobs_and_the_2021_survey() {
    let events = load(CLARION);
    let e = ask(
        &events,
        "clarion-wo-repoint-2023-02-12",
        "2026-01-01T00:00:00Z",
    )
    .expect("a job");
    assert_eq!(e.property.as_str(), "clarion-property");
    assert_eq!(e.window_months, 24);
    assert_eq!(e.since, jiff::civil::date(2021, 2, 12));
    assert_eq!(
        &ids(&e)[..3],
        [
            "clarion-wo-repoint-2022-06",
            "clarion-wo-repoint-2022-05-17",
            "clarion-wo-repoint-2022-03-17"
        ]
    );
    for item in &e.items[..3] {
        assert_eq!(item.links[0], Link::FollowOnChain, "{item:?}");
    }
    let survey = e
        .items
        .iter()
        .find(|i| i.record.as_str() == "clarion-survey-2021-12-20")
        .expect("the December 2021 survey");
    assert_eq!(survey.kind, RecordKind::Survey);
    assert_eq!(survey.status, "recorded");
    assert!(
        survey.links.contains(&Link::SameHazard {
            hazard: RecordId::parse("clarion-hazard-damp-mould").expect("id")
        }),
        "{survey:?}"
    );
    assert!(e.items.iter().all(|i| i.links.contains(&Link::SameHome)));
    // Nothing from before the window, nothing after the job, and not the job itself.
    assert!(
        e.items.iter().all(|i| i.at.last_date() >= e.since),
        "{:?}",
        ids(&e)
    );
    assert!(!ids(&e).contains(&"clarion-wo-repoint-2023-02-12"));
    assert!(!ids(&e).contains(&"clarion-survey-2023-03-14"));
    // Before the job was on the record, there is nothing to ask about.
    assert_eq!(
        ask(
            &events,
            "clarion-wo-repoint-2023-02-12",
            "2023-02-01T00:00:00Z"
        ),
        None
    );
}

fn line(id: &str, ty: &str, subject: &str, at: &str, data: Value) -> Value {
    json!({"id": id, "type": ty, "subject": subject, "at": at,
        "actor": {"id": "officer", "role": "repairs_officer"}, "data": data})
}

fn report(id: &str, at: &str, property: &str, extra: Value) -> Value {
    let mut data = json!({"property": property, "channel": "phone",
        "reporter": {"kind": "resident"}, "description": format!("Report {id}")});
    for (k, v) in extra.as_object().expect("object") {
        data[k] = v.clone();
    }
    line(id, "report.received", id, at, data)
}

/// Two flats on one soil stack: flat B's report shows flat A's report about the stack (the same
/// component, another home) and the survey of their block, but not flat A's kitchen tap, nor
/// flat B's own report from beyond the window.
#[test]
fn a_shared_component_and_a_block_survey_link_across_homes_within_the_window() {
    let h = vec![
        line(
            "blk",
            "block.registered",
            "blk-1",
            "2019-04",
            json!({"name": "Alder House"}),
        ),
        line(
            "pa",
            "property.registered",
            "flat-a",
            "2019-04",
            json!({"address": {"line1": "1 Alder House"}, "property_type": "flat", "block": "blk-1"}),
        ),
        line(
            "pb",
            "property.registered",
            "flat-b",
            "2019-04",
            json!({"address": {"line1": "2 Alder House"}, "property_type": "flat", "block": "blk-1"}),
        ),
        line(
            "stack",
            "component.registered",
            "stack-1",
            "2019-04",
            json!({"block": "blk-1", "kind": "soil_stack", "serves": ["flat-a", "flat-b"]}),
        ),
        report(
            "b-old",
            "2022-01-10",
            "flat-b",
            json!({"element": "soil_stack", "component": "stack-1"}),
        ),
        report(
            "a-stack",
            "2024-01-15",
            "flat-a",
            json!({"element": "soil_stack", "component": "stack-1"}),
        ),
        report("a-tap", "2024-02-01", "flat-a", json!({"element": "tap"})),
        line(
            "survey",
            "survey.recorded",
            "sur-1",
            "2024-06-03",
            json!({"block": "blk-1", "kind": "stock_condition", "surveyor": "R. Ahmed", "on": "2024-06-03", "findings": "Soil stack brackets corroded"}),
        ),
        report(
            "b-stack",
            "2025-03-10",
            "flat-b",
            json!({"element": "soil_stack", "component": "stack-1"}),
        ),
    ];
    let text: String = h.iter().map(|l| format!("{l}\n")).collect();
    let events = load(&text);
    let e = ask(&events, "b-stack", "2026-01-01T00:00:00Z").expect("a report");
    assert_eq!(ids(&e), ["a-stack", "sur-1"]);
    assert_eq!(
        e.items[0].links,
        [Link::SameComponent {
            component: RecordId::parse("stack-1").expect("id")
        }]
    );
    assert_eq!(
        e.items[1].links,
        [Link::SameBlock {
            block: RecordId::parse("blk-1").expect("id")
        }]
    );
    // A wider window reaches flat B's own report of January 2022, on the same element.
    let wide = RulesConfig {
        recurrence_window_months: 48,
        ..RulesConfig::default()
    };
    let id = RecordId::parse("b-stack").expect("id");
    let e = earlier(
        &events,
        &wide,
        &id,
        "2026-01-01T00:00:00Z".parse().expect("t"),
    )
    .expect("a report");
    assert_eq!(ids(&e), ["a-stack", "b-old", "sur-1"]);
    assert_eq!(
        e.items[1].links,
        [
            Link::SameComponent {
                component: RecordId::parse("stack-1").expect("id")
            },
            Link::SameElement {
                element: "soil_stack".to_string()
            },
            Link::SameHome
        ]
    );
}
