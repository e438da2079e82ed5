//! As-at replay (requirement B1): what a dashboard showed at T is decided by the history as it
//! had been recorded by T. For any T, evaluating only the events recorded by T gives exactly the
//! alerts the whole history shows at T. Later events can end an alert but never change what was
//! shown before they were recorded — except that an event recorded late (its `recorded` after
//! its `at`) only counts from when it was recorded, which is exactly what `recorded` models.

use homesafe_core::demo::{DemoConfig, generate};
use homesafe_core::history::{Draft, Event, Hash, read_history};
use homesafe_core::rules::{AlertStage, RulesConfig, alert_spans, alerts_as_of};
use jiff::{SignedDuration, Timestamp};

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

fn known_by(events: &[Event], t: Timestamp) -> Vec<Event> {
    events
        .iter()
        .filter(|e| e.recorded.end() <= t)
        .cloned()
        .collect()
}

/// A synthetic landlord's history — thousands of events, many recorded after they happened,
/// missed appointments, disputes, hazards, complaints — evaluated at moments a month apart.
#[test]
fn the_dashboard_at_any_moment_is_decided_by_what_was_recorded_by_then() {
    let cfg = RulesConfig::default();
    let events = demo(15, 3, 11);
    assert!(
        events.iter().any(|e| e.recorded != e.at),
        "the demo records some events late"
    );
    let spans = alert_spans(&events, &cfg);
    assert!(spans.len() > 50, "only {} spans", spans.len());
    let mut t: Timestamp = "2023-12-15T09:30:00Z".parse().expect("time");
    for _ in 0..8 {
        let shown = alerts_as_of(&events, t, &cfg);
        assert_eq!(
            alerts_as_of(&known_by(&events, t), t, &cfg),
            shown,
            "at {t}"
        );
        t = t
            .checked_add(SignedDuration::from_hours(24 * 97 + 5))
            .expect("time");
    }
}

/// A stage 1 acknowledgement sent in time but recorded eight working days later: until it was
/// recorded, the dashboard showed the acknowledgement overdue; from then, it did not. The alert's
/// span is exactly that interval.
#[test]
fn a_late_recorded_event_clears_an_alert_only_from_when_it_was_recorded() {
    let lines = [
        r#"{"type":"landlord.registered","subject":"ll","at":"2026-01-05T09:00:00Z","actor":{"id":"a","role":"staff"},"data":{"name":"L"}}"#,
        r#"{"type":"property.registered","subject":"p1","at":"2026-01-05T09:00:00Z","actor":{"id":"a","role":"staff"},"data":{"address":{"line1":"1 Road"},"property_type":"flat","landlord":"ll"}}"#,
        r#"{"type":"person.registered","subject":"t1","at":"2026-01-05T09:00:00Z","actor":{"id":"a","role":"staff"},"data":{"name":"T"}}"#,
        // Received Monday 12 January 2026: acknowledge by the end of Monday 19 January (6.2).
        r#"{"type":"complaint.received","subject":"c1","at":"2026-01-12T10:00:00Z","actor":{"id":"a","role":"staff"},"data":{"complainant":"t1","property":"p1","channel":"email","description":"Noise from the boiler"}}"#,
        // Acknowledged on Tuesday 13 January, but entered on Friday 23 January.
        r#"{"type":"complaint.acknowledged","subject":"c1","at":"2026-01-13T09:00:00Z","recorded":"2026-01-23T16:00:00Z","actor":{"id":"a","role":"complaints_handler"},"data":{"stage":1}}"#,
        r#"{"type":"complaint.responded","subject":"c1","at":"2026-01-23T16:05:00Z","actor":{"id":"a","role":"complaints_handler"},"data":{"stage":1,"handler":"H","decision":"upheld","summary":"Boiler serviced"}}"#,
    ];
    let events = read_history(&lines.join("\n"), (), (0, Hash::GENESIS)).expect("valid");
    let cfg = RulesConfig::default();
    let spans: Vec<_> = alert_spans(&events, &cfg)
        .into_iter()
        .filter(|s| s.stage == AlertStage::Overdue)
        .collect();
    assert_eq!(spans.len(), 1, "{spans:?}");
    let s = &spans[0];
    assert_eq!(s.code.as_str(), "complaint.stage1.ack_overdue");
    assert_eq!(s.appears.to_string(), "2026-01-20T00:00:00Z");
    assert_eq!(
        s.clears.map(|c| c.to_string()).as_deref(),
        Some("2026-01-23T16:00:00Z")
    );
    // On Wednesday 21 January the dashboard showed it, from the history alone.
    let wed: Timestamp = "2026-01-21T12:00:00Z".parse().expect("time");
    assert_eq!(alerts_as_of(&known_by(&events, wed), wed, &cfg).len(), 1);
    assert_eq!(alerts_as_of(&events, wed, &cfg).len(), 1);
}
