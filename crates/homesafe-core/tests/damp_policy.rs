//! A landlord's own damp-and-mould policy (`rules::damp_policy`, requirements R3): recurring
//! mould on a hazard must be risk-assessed within the policy's period. Clarion's case: the
//! repointing raised again on 12 February 2023 made the mould recurring (known 13 February); its
//! policy, dated February 2023, holds it from 28 February; no risk assessment followed.

use homesafe_core::history::{Hash, read_history};
use homesafe_core::rules::{AlertSpan, RulesConfig, alert_spans};
use serde_json::json;

const CLARION: &str = include_str!("../../../examples/cases/clarion-202208650.jsonl");

fn risk_assessment(at: &str) -> String {
    json!({
        "id": format!("test-risk-{at}"),
        "type": "hazard.risk_assessed",
        "subject": "clarion-hazard-damp-mould",
        "at": at,
        "actor": {"id": "clarion-surveyor", "role": "surveyor"},
        "data": {"assessor": "Damp surveyor", "outcome": "Severe recurring mould", "actions": ["dehumidifier supplied"]},
    })
    .to_string()
}

fn missing(extra: &[String], cfg: &RulesConfig) -> Vec<AlertSpan> {
    let mut text = CLARION.to_string();
    for l in extra {
        text.push_str(l);
        text.push('\n');
    }
    let events = read_history(&text, (), (0, Hash::GENESIS)).expect("a valid history");
    alert_spans(&events, cfg)
        .into_iter()
        .filter(|s| s.code.as_str() == "hazard.risk_assessment_missing")
        .collect()
}

#[test]
fn recurring_mould_needs_a_risk_assessment_under_the_landlords_policy() {
    let cfg = RulesConfig::default();
    let spans = missing(&[], &cfg);
    let overdue = spans
        .iter()
        .find(|s| s.stage.as_str() == "overdue")
        .expect("overdue without a risk assessment");
    assert_eq!(overdue.rule, "policy.clarion.damp.risk_assessment");
    assert_eq!(overdue.records[0].as_str(), "clarion-hazard-damp-mould");
    assert!(
        overdue
            .records
            .iter()
            .any(|r| r.as_str() == "clarion-wo-repoint-2023-02-12"),
        "{:?}",
        overdue.records
    );
    assert!(overdue.source.contains("UNCONFIRMED"), "{}", overdue.source);
    assert!(
        overdue.detail.contains("28 February 2023"),
        "{}",
        overdue.detail
    );
    assert_eq!(overdue.clears, None, "never assessed");

    // Assessed in time: nothing to show.
    assert!(missing(&[risk_assessment("2023-03-20")], &cfg).is_empty());
    // Assessed late: the alert clears when the assessment becomes known.
    let late = missing(&[risk_assessment("2023-05-02")], &cfg);
    let overdue = late
        .iter()
        .find(|s| s.stage.as_str() == "overdue")
        .expect("overdue until assessed");
    assert_eq!(
        overdue.clears.map(|t| t.to_string()),
        Some("2023-05-02T23:00:00Z".to_string()),
        "known at the end of the day it is dated"
    );
    // An assessment from before the mould came back is not the one the policy asks for.
    let before = missing(&[risk_assessment("2023-01-10")], &cfg);
    assert!(before.iter().any(|s| s.stage.as_str() == "overdue"));

    // A landlord without a damp policy is held to none.
    let none = RulesConfig {
        damp_policies: Vec::new(),
        ..RulesConfig::default()
    };
    assert!(missing(&[], &none).is_empty());
}
