//! The rules as data, checked against their provisions, and worked due dates for every
//! complaint and Awaab's Law clock across bank holidays. Each row names its provision; each
//! worked example spells out the count (day 0 = the trigger day, rules.md §9.2).

use homesafe_core::history::HistoryTime;
use homesafe_core::rules::clock::{due_after, due_on};
use homesafe_core::rules::complaint_code::{
    Anchor, CHC_2020, CHC_2022, CHC_2024, ComplaintRules, TimeRule, lq_complaints_policy,
};
use homesafe_core::rules::{Limit, RuleStatus, RulesConfig, rules_in_force};
use jiff::Timestamp;
use jiff::civil::{Date, date};

fn day(d: Date) -> HistoryTime {
    HistoryTime::Day(d)
}

fn rule<'a>(r: &'a Option<TimeRule>, what: &str) -> &'a TimeRule {
    r.as_ref().unwrap_or_else(|| panic!("{what} has no rule"))
}

/// (provision, the rule's source must say, limit, counts from)
#[test]
fn the_2024_code_timescales_as_data() {
    let c: &ComplaintRules = &CHC_2024;
    let table: [(&str, &TimeRule, Limit, Anchor); 6] = [
        (
            "6.2",
            rule(&c.stage1_ack, "6.2"),
            Limit::WorkingDays(5),
            Anchor::Receipt,
        ),
        (
            "6.3",
            rule(&c.stage1_response, "6.3"),
            Limit::WorkingDays(10),
            Anchor::Stage1Acknowledgement,
        ),
        (
            "6.4",
            rule(&c.stage1_extension_max, "6.4"),
            Limit::WorkingDays(10),
            Anchor::Stage1Acknowledgement,
        ),
        (
            "6.11",
            rule(&c.stage2_ack, "6.11"),
            Limit::WorkingDays(5),
            Anchor::EscalationRequest,
        ),
        (
            "6.14",
            rule(&c.stage2_response, "6.14"),
            Limit::WorkingDays(20),
            Anchor::Stage2Acknowledgement,
        ),
        (
            "6.15",
            rule(&c.stage2_extension_max, "6.15"),
            Limit::WorkingDays(20),
            Anchor::Stage2Acknowledgement,
        ),
    ];
    for (provision, r, limit, from) in table {
        assert!(
            r.source.contains(provision),
            "{provision}: cites {}",
            r.source
        );
        assert_eq!((r.limit, r.from), (limit, from), "{provision}");
        assert!(r.confirmed, "{provision}");
    }
    assert!(c.statutory);
    assert_eq!(c.effective_from, Some(date(2024, 4, 1)));
    assert!(
        c.extension_ombudsman_details
            .as_deref()
            .is_some_and(|s| s.contains("6.5"))
    );
}

/// The earlier, non-statutory Codes (rules.md §1.10): stage 1 from logging, stage 2 from the
/// request to escalate, no stage 2 acknowledgement timescale; the 2020 wording is unconfirmed.
#[test]
fn the_earlier_codes_as_data() {
    for (c, confirmed) in [(&CHC_2022, true), (&CHC_2020, false)] {
        assert!(!c.statutory);
        assert_eq!(rule(&c.stage1_ack, "ack").limit, Limit::WorkingDays(5));
        assert_eq!(
            rule(&c.stage1_response, "response").from,
            Anchor::Stage1Acknowledgement
        );
        assert_eq!(
            rule(&c.stage2_response, "s2").from,
            Anchor::EscalationRequest
        );
        assert_eq!(rule(&c.stage2_response, "s2").limit, Limit::WorkingDays(20));
        assert_eq!(
            rule(&c.stage2_extension_max, "ext").limit,
            Limit::WorkingDays(10)
        );
        assert!(c.stage2_ack.is_none());
        assert_eq!(rule(&c.stage1_ack, "ack").confirmed, confirmed, "{}", c.id);
    }
    assert_eq!(CHC_2022.effective_from, Some(date(2022, 4, 1)));
    assert_eq!(CHC_2022.effective_to, Some(date(2024, 3, 31)));
    assert_eq!(CHC_2020.effective_to, Some(date(2022, 3, 31)));
}

/// Worked due dates. (provision, rule, trigger, due date: the arithmetic.)
#[test]
fn worked_complaint_deadlines_across_bank_holidays() {
    let cfg = RulesConfig::default();
    let lq = lq_complaints_policy();
    let rows: Vec<(&str, &TimeRule, Date, Date)> = vec![
        // Thu 28 Mar 2024 (day 0); Good Friday 29 Mar and Easter Monday 1 Apr are bank holidays;
        // Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 Apr (5).
        (
            "CHC 2024 6.2",
            rule(&CHC_2024.stage1_ack, "6.2"),
            date(2024, 3, 28),
            date(2024, 4, 8),
        ),
        // Fri 19 Dec 2025; Mon 22 (1), Tue 23 (2), Wed 24 (3); 25, 26 Dec bank holidays; Mon 29
        // (4), Tue 30 (5), Wed 31 (6); 1 Jan bank holiday; Fri 2 (7), Mon 5 (8), Tue 6 (9), Wed 7
        // Jan 2026 (10).
        (
            "CHC 2024 6.3",
            rule(&CHC_2024.stage1_response, "6.3"),
            date(2025, 12, 19),
            date(2026, 1, 7),
        ),
        // Fri 22 Aug 2025; Mon 25 Aug (summer bank holiday); Tue 26 (1) … Fri 29 (4), Mon 1 Sep (5).
        (
            "CHC 2024 6.11",
            rule(&CHC_2024.stage2_ack, "6.11"),
            date(2025, 8, 22),
            date(2025, 9, 1),
        ),
        // Wed 1 Apr 2026; Thu 2 (1); Good Friday 3 and Easter Monday 6 Apr; Tue 7 – Fri 10 (5);
        // 13–17 (10); 20–24 (15); 27 Apr – Fri 1 May (20). (Early May bank holiday is 4 May.)
        (
            "CHC 2024 6.14",
            rule(&CHC_2024.stage2_response, "6.14"),
            date(2026, 4, 1),
            date(2026, 5, 1),
        ),
        // Fri 22 May 2026 + the longest extension: Mon 25 May (spring bank holiday); Tue 26 (1) …
        // Fri 29 (4); 1–5 Jun (9); Mon 8 Jun (10).
        (
            "CHC 2024 6.4",
            rule(&CHC_2024.stage1_extension_max, "6.4"),
            date(2026, 5, 22),
            date(2026, 6, 8),
        ),
        // Fri 18 Dec 2026 + 20: Mon 21 – Thu 24 (4); Christmas Fri 25 and Boxing Day substitute
        // Mon 28 Dec; Tue 29 – Thu 31 (7); New Year Fri 1 Jan 2027; 4–8 Jan (12); 11–15 (17);
        // Mon 18 (18), Tue 19 (19), Wed 20 Jan 2027 (20).
        (
            "CHC 2024 6.15–6.16",
            rule(&CHC_2024.stage2_extension_max, "6.15"),
            date(2026, 12, 18),
            date(2027, 1, 20),
        ),
        // Wed 13 Apr 2022 + 5: Thu 14 (1); 15, 18 Apr (Easter); Tue 19 – Fri 22 Apr (5).
        (
            "CHC 2022 s.5 (stage 1 ack)",
            rule(&CHC_2022.stage1_ack, "ack"),
            date(2022, 4, 13),
            date(2022, 4, 22),
        ),
        // Clarion: escalation Wed 13 Apr 2022 + 20: 14 Apr (1); Easter; 19–22 (5); 25–29 (10);
        // 2 May bank holiday; 3–6 (14); 9–13 (19); Mon 16 May (20).
        (
            "CHC 2022 s.5 (stage 2)",
            rule(&CHC_2022.stage2_response, "s2"),
            date(2022, 4, 13),
            date(2022, 5, 16),
        ),
        // Clarion: no acknowledgement of the November 2021 complaint, so the response runs from
        // the acknowledgement deadline, Tue 7 Dec 2021: 8–10 (3), 13–17 (8), 20 (9), Tue 21 (10).
        (
            "CHC 2020 (stage 1 response)",
            rule(&CHC_2020.stage1_response, "s1"),
            date(2021, 12, 7),
            date(2021, 12, 21),
        ),
        // L&Q: received Fri 4 Mar 2022 + 5 working days: Fri 11 Mar.
        (
            "L&Q policy (stage 1 ack)",
            rule(&lq.stage1_ack, "lq ack"),
            date(2022, 3, 4),
            date(2022, 3, 11),
        ),
        // L&Q: escalation Tue 29 Mar 2022 + 20: 30 Mar – 1 Apr (3); 4–8 (8); 11–14 (12); Easter;
        // 19–22 (16); 25–28 Apr (20).
        (
            "L&Q policy (stage 2)",
            rule(&lq.stage2_response, "lq s2"),
            date(2022, 3, 29),
            date(2022, 4, 28),
        ),
    ];
    for (provision, r, trigger, expected) in rows {
        let due =
            due_after(r.limit, &day(trigger), &cfg.calendar, &cfg.due_soon).expect("known years");
        assert_eq!(
            due.date,
            Some(expected),
            "{provision}: {} from {trigger}",
            r.limit
        );
        assert!(!due.provisional, "{provision}");
    }
}

/// Awaab's Law limits, worked (rules.md §2.3).
#[test]
fn worked_awaabs_law_deadlines() {
    let cfg = RulesConfig::default();
    let law = &cfg.awaab;
    // (provision, limit, trigger, due instant)
    let rows: [(&str, Limit, &str, &str); 5] = [
        // 24 continuous hours across the clocks going back: Sat 25 Oct 2025 11:00 UTC (12:00 BST)
        // → Sun 26 Oct 11:00 UTC (11:00 GMT).
        (
            "emergency: 24 hours",
            law.emergency,
            "2025-10-25T11:00:00Z",
            "2025-10-26T11:00:00Z",
        ),
        // Significant: Fri 19 Dec 2025 + 10 WD = Wed 7 Jan 2026; due at the end of that day.
        (
            "reg 6: investigate within 10 WD",
            law.investigate,
            "2025-12-19",
            "2026-01-08T00:00:00Z",
        ),
        // Investigation concluded Wed 24 Dec 2025: 25, 26 Dec bank holidays; Mon 29 (1), Tue 30
        // (2), Wed 31 Dec (3).
        (
            "reg 9: summary within 3 WD",
            law.summary,
            "2025-12-24",
            "2026-01-01T00:00:00Z",
        ),
        // Concluded Thu 2 Apr 2026: Good Friday 3, Easter Monday 6 Apr; Tue 7 (1) … Fri 10 (4),
        // Mon 13 Apr (5); the end of 13 April is 23:00 UTC (BST).
        (
            "reg 11(2)(a): safety work within 5 WD",
            law.safety_work,
            "2026-04-02",
            "2026-04-13T23:00:00Z",
        ),
        // Concluded Mon 12 Jan 2026 + 12 weeks (84 days) = Mon 6 Apr 2026; ends 23:00 UTC.
        (
            "preventative work physically started within 12 weeks",
            law.preventative_start,
            "2026-01-12",
            "2026-04-06T23:00:00Z",
        ),
    ];
    for (provision, limit, trigger, expected) in rows {
        let trigger: HistoryTime = trigger.parse().expect("time");
        let due = due_after(limit, &trigger, &cfg.calendar, &cfg.due_soon).expect("known years");
        let expected: Timestamp = expected.parse().expect("time");
        assert_eq!(due.at, expected, "{provision}");
    }
    assert_eq!(law.phases[0].commencement, Some(date(2025, 10, 27)));
    assert!(law.phases[0].confirmed);
    assert_eq!(
        law.phases[1].commencement,
        Some(date(2026, 11, 30)),
        "configurable default"
    );
    assert!(!law.phases[1].confirmed, "phase 2's date is UNCONFIRMED");
}

/// Explicit due dates known only to a month or year fall due at the end of it.
#[test]
fn partial_due_dates_fall_due_at_the_end_of_their_period() {
    let cfg = RulesConfig::default();
    for (due, expected) in [
        ("2022-03", "2022-03-31T23:00:00Z"), // 1 April 2022 00:00 BST
        ("2022", "2023-01-01T00:00:00Z"),
        ("2023-09-08", "2023-09-08T23:00:00Z"),
    ] {
        let t: HistoryTime = due.parse().expect("time");
        let d = due_on(&t, &cfg.calendar, &cfg.due_soon).expect("known");
        assert_eq!(d.at.to_string(), expected, "{due}");
    }
}

/// `homesafe rules --on DATE`: the table in force changes with the date. (provision or source
/// the row must cite, rule id, date, status)
#[test]
fn the_rule_table_in_force_on_a_date() {
    let cfg = RulesConfig::default();
    let rows: [(&str, &str, Date, RuleStatus); 10] = [
        (
            "6.14",
            "chc2024.stage2.response",
            date(2024, 4, 1),
            RuleStatus::Confirmed,
        ),
        (
            "6.2",
            "chc2024.stage1.ack",
            date(2026, 1, 12),
            RuleStatus::Confirmed,
        ),
        (
            "Complaint Handling Code 2022",
            "chc2022.stage2.response",
            date(2022, 4, 13),
            RuleStatus::Confirmed,
        ),
        (
            "Complaint Handling Code 2020",
            "chc2020.stage1.response",
            date(2021, 11, 30),
            RuleStatus::Unconfirmed,
        ),
        (
            "L&Q complaints policy",
            "policy.lq.stage1.ack",
            date(2022, 3, 4),
            RuleStatus::Unconfirmed,
        ),
        (
            "Clarion repair policy",
            "policy.clarion.repairs.routine",
            date(2021, 3, 31),
            RuleStatus::Confirmed,
        ),
        (
            "L&Q emergency repairs policy",
            "policy.lq.repairs.emergencies",
            date(2022, 2, 21),
            RuleStatus::Confirmed,
        ),
        (
            "SI 2025/1042",
            "awaab.significant.investigate",
            date(2025, 10, 27),
            RuleStatus::Confirmed,
        ),
        (
            "phase 2",
            "awaab.phase2",
            date(2026, 11, 30),
            RuleStatus::Unconfirmed,
        ),
        (
            "rules.md §7",
            "calendar.working_day",
            date(2022, 1, 1),
            RuleStatus::Unconfirmed,
        ),
    ];
    for (cites, id, on, status) in rows {
        let table = rules_in_force(on, &cfg);
        let row = table
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("{id} not in force on {on}"));
        assert!(row.source.contains(cites), "{id}: cites {}", row.source);
        assert_eq!(row.status, status, "{id}");
    }
    // Not in force: the 2024 Code before 1 April 2024, Awaab's Law before 27 October 2025.
    let before = rules_in_force(date(2024, 3, 31), &cfg);
    assert!(
        !before
            .iter()
            .any(|r| r.id.starts_with("chc2024.") || r.id.starts_with("awaab."))
    );
    let day_before = rules_in_force(date(2025, 10, 26), &cfg);
    assert!(!day_before.iter().any(|r| r.id.starts_with("awaab.")));
    // Landlord-configurable values are marked as such; the law's are not.
    let table = rules_in_force(date(2026, 1, 12), &cfg);
    let configurable = |id: &str| {
        table
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.landlord_configurable)
    };
    assert_eq!(configurable("policy.homesafe.repairs.triage"), Some(true));
    assert_eq!(configurable("chc2024.stage1.response"), Some(false));
    assert_eq!(configurable("awaab.emergency"), Some(false));
}

/// Every rule id an alert can cite is in the table in force on the day it applies.
#[test]
fn alerts_cite_rules_listed_in_the_table() {
    use homesafe_core::history::{Hash, read_history};
    let cfg = RulesConfig::default();
    for text in [
        include_str!("../../../examples/cases/clarion-202208650.jsonl"),
        include_str!("../../../examples/cases/lq-202209500.jsonl"),
    ] {
        let events = read_history(text, (), (0, Hash::GENESIS)).expect("valid");
        for s in homesafe_core::rules::alert_spans(&events, &cfg) {
            let on = homesafe_core::rules::calendar::london_date(s.started);
            let table = rules_in_force(on, &cfg);
            assert!(
                table.iter().any(|r| r.id == s.rule),
                "{} cites {} (not in force on {on})",
                s.code,
                s.rule
            );
        }
    }
}

/// `docs/rules.md` lists every alert code with its severity, every statutory rule id, and the
/// whole vulnerability word list (a test keeps the document and the code in step).
#[test]
fn the_rules_document_lists_every_alert_rule_and_word() {
    use homesafe_core::rules::AlertCode;
    let doc = include_str!("../../../docs/rules.md");
    for c in AlertCode::ALL {
        let line = format!("| `{}` | {} |", c.as_str(), c.severity().as_str());
        assert!(doc.contains(&line), "docs/rules.md lacks {line}");
    }
    let cfg = RulesConfig::default();
    for on in [date(2021, 11, 30), date(2022, 4, 13), date(2026, 12, 1)] {
        for r in rules_in_force(on, &cfg) {
            let statutory = r.id.starts_with("awaab.") || r.id.starts_with("chc");
            let plain = !r.id.starts_with("policy.");
            if (statutory || plain) && !r.id.starts_with("chc20") {
                assert!(
                    doc.contains(&format!("`{}`", r.id)),
                    "docs/rules.md lacks rule {}",
                    r.id
                );
            }
        }
    }
    for g in &cfg.vulnerability_words {
        for w in &g.words {
            assert!(
                doc.contains(&format!("`{w}`")),
                "docs/rules.md lacks the word {w}"
            );
        }
    }
}

/// The conduct investigation period is the landlord's policy, not law: listed as UNCONFIRMED and
/// configurable, HomeSafe's default 10 working days, and the clock follows the configuration.
/// L&Q's soil stack contractor case, opened Friday 18 March 2022: 10 WD end on Friday 1 April
/// (shown 2 April); under a 5 WD policy, on Friday 25 March (shown 26 March).
#[test]
fn the_conduct_investigation_period_is_landlord_policy_data() {
    use homesafe_core::history::{Hash, read_history};
    use homesafe_core::rules::calendar::london_date;
    use homesafe_core::rules::{AlertStage, CONDUCT_INVESTIGATION_WITHIN, alert_spans};
    let row = |cfg: &RulesConfig| {
        rules_in_force(date(2022, 3, 18), cfg)
            .into_iter()
            .find(|r| r.id == "conduct.investigate")
            .expect("conduct.investigate is listed")
    };
    let mut cfg = RulesConfig::default();
    assert_eq!(CONDUCT_INVESTIGATION_WITHIN, Limit::WorkingDays(10));
    let r = row(&cfg);
    assert_eq!(r.limit, Some(Limit::WorkingDays(10)));
    assert_eq!(r.status, RuleStatus::Unconfirmed);
    assert!(r.landlord_configurable);
    assert!(r.source.contains("202209500") && r.source.contains("UNCONFIRMED"));
    let response = rules_in_force(date(2022, 3, 18), &cfg)
        .into_iter()
        .find(|r| r.id == "conduct.investigated_before_response")
        .expect("listed");
    assert_eq!(response.status, RuleStatus::Confirmed);
    assert!(!response.landlord_configurable);

    let lq = read_history(
        include_str!("../../../examples/cases/lq-202209500.jsonl"),
        (),
        (0, Hash::GENESIS),
    )
    .expect("valid");
    let shown = |cfg: &RulesConfig| {
        alert_spans(&lq, cfg)
            .into_iter()
            .find(|s| {
                s.code.as_str() == "conduct.not_investigated"
                    && s.stage == AlertStage::Overdue
                    && s.records[0].as_str() == "lq-conduct-soil-stack-contractor-2022-03-18"
            })
            .map(|s| london_date(s.appears))
    };
    assert_eq!(shown(&cfg), Some(date(2022, 4, 2)));
    cfg.conduct_investigation_within = Limit::WorkingDays(5);
    assert_eq!(row(&cfg).limit, Some(Limit::WorkingDays(5)));
    assert_eq!(shown(&cfg), Some(date(2022, 3, 26)));
}
