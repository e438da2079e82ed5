//! The history format from the outside: lines in, sealed events out, errors that name the line.

use homesafe_core::history::{Hash, read_history};

const MINI: &str = r#"{"type":"property.registered","subject":"p1","at":"2020-10","actor":{"id":"legacy","role":"system"},"data":{"address":{"line1":"1 Example Road"},"property_type":"bungalow","bedrooms":2}}
{"type":"person.registered","subject":"r1","at":"2020-10","actor":{"id":"legacy","role":"system"},"data":{"name":"Resident A"}}
{"type":"report.received","subject":"rep1","at":"2021-03","actor":{"id":"legacy","role":"call_handler"},"data":{"property":"p1","channel":"phone","reporter":{"kind":"resident","person":"r1"},"description":"Damp and mould near bathroom and kitchen"}}
"#;

fn export(events: &[homesafe_core::history::Event]) -> String {
    events.iter().map(|e| e.line() + "\n").collect()
}

#[test]
fn import_then_export_is_a_fixed_point() {
    let events = read_history(MINI, (), (0, Hash::GENESIS)).expect("valid history");
    assert_eq!(events.len(), 3);
    assert_eq!(events[2].seq, 3);
    assert_eq!(events[1].prev, events[0].hash);
    let once = export(&events);
    let again = read_history(&once, (), (0, Hash::GENESIS)).expect("export re-reads");
    assert_eq!(
        export(&again),
        once,
        "export of an export is byte-identical"
    );
    // Month precision is kept, never turned into a day.
    assert!(once.contains(r#""at":"2021-03""#));
}

#[test]
fn a_third_party_can_verify_a_line_without_homesafe() {
    let events = read_history(MINI, (), (0, Hash::GENESIS)).expect("valid history");
    for e in &events {
        let line = e.line();
        // The documented recipe: drop the trailing `,"hash":"…"` member and hash the rest.
        let cut = line.rfind(r#","hash":""#).expect("hash member");
        let body = format!("{}}}", &line[..cut]);
        assert_eq!(Hash::of(body.as_bytes()), e.hash);
    }
}

#[test]
fn an_altered_exported_line_is_refused_with_its_line_number() {
    let events = read_history(MINI, (), (0, Hash::GENESIS)).expect("valid history");
    let tampered = export(&events).replace("Damp and mould", "Damp and mold");
    let err = read_history(&tampered, (), (0, Hash::GENESIS)).expect_err("tampered");
    assert_eq!(err.line, 3);
    assert_eq!(err.field, "hash");
}

#[test]
fn an_unknown_reference_is_an_error_not_a_creation() {
    let bad = MINI.replace(r#""property":"p1""#, r#""property":"p9""#);
    let err = read_history(&bad, (), (0, Hash::GENESIS)).expect_err("unknown ref");
    assert_eq!((err.line, err.field.as_str()), (3, "data.property"));
    assert!(err.reason.contains("p9"), "{err}");
}

#[test]
fn malformed_lines_name_line_field_and_reason() {
    let cases = [
        (
            r#"{"type":"property.registered","subject":"p2","at":"2021-13","actor":{"id":"x","role":"staff"},"data":{}}"#,
            "at",
        ),
        (
            r#"{"type":"no.such","subject":"p2","at":"2021","actor":{"id":"x","role":"staff"},"data":{}}"#,
            "type",
        ),
        (
            r#"{"type":"person.registered","subject":"p2","at":"2021","actor":{"id":"x","role":"king"},"data":{"name":"A"}}"#,
            "actor.role",
        ),
        (
            r#"{"type":"person.registered","subject":"p2","at":"2021","actor":{"id":"x","role":"staff"},"data":{"nmae":"A"}}"#,
            "data",
        ),
        (
            r#"{"type":"works_order.cancelled","subject":"p1","at":"2021","actor":{"id":"x","role":"staff"},"data":{"reason":"dup"}}"#,
            "data.replaced_by",
        ),
        (r#"not json"#, "(line)"),
    ];
    for (line, field) in cases {
        let text = format!("{MINI}{line}\n");
        let err = read_history(&text, (), (0, Hash::GENESIS)).expect_err(line);
        assert_eq!(err.line, 4, "{err}");
        assert!(
            err.field.starts_with(field),
            "expected field {field}, got {err}"
        );
        assert!(!err.reason.is_empty());
    }
}

#[test]
fn corrections_must_name_an_earlier_event_about_the_same_record() {
    let events = read_history(MINI, (), (0, Hash::GENESIS)).expect("valid history");
    let first = events[0].id.clone();
    let ok = format!(
        "{MINI}{{\"type\":\"property.registered\",\"subject\":\"p1\",\"at\":\"2020-10\",\"actor\":{{\"id\":\"x\",\"role\":\"staff\"}},\"reason\":\"three bedrooms, not two\",\"corrects\":\"{first}\",\"data\":{{\"address\":{{\"line1\":\"1 Example Road\"}},\"property_type\":\"bungalow\",\"bedrooms\":3}}}}\n"
    );
    // Ids derived on sealing depend only on content and position, so they are stable.
    let evs = read_history(&ok, (), (0, Hash::GENESIS)).expect("correction accepted");
    assert_eq!(evs[3].corrects.as_ref(), Some(&first));
    let wrong_subject = ok.replace(
        "\"subject\":\"p1\",\"at\":\"2020-10\",\"actor\":{\"id\":\"x\"",
        "\"subject\":\"r1\",\"at\":\"2020-10\",\"actor\":{\"id\":\"x\"",
    );
    let err = read_history(&wrong_subject, (), (0, Hash::GENESIS)).expect_err("wrong subject");
    assert_eq!(err.line, 4);
}

#[test]
fn errors_inside_data_name_the_exact_field() {
    let cases = [
        (
            r#""property_type":"bungalow""#,
            r#""property_type":"castle""#,
            "data.property_type",
            "unknown variant `castle`",
        ),
        (
            r#""line1":"1 Example Road""#,
            r#""line1":7"#,
            "data.address.line1",
            "invalid type",
        ),
    ];
    for (from, to, field, reason) in cases {
        let bad = MINI.replacen(from, to, 1);
        let err = read_history(&bad, (), (0, Hash::GENESIS)).expect_err(to);
        assert_eq!((err.line, err.field.as_str()), (1, field), "{err}");
        assert!(err.reason.starts_with(reason), "{err}");
        assert!(
            !err.reason.contains(" column "),
            "no misleading serde position: {err}"
        );
    }
}

/// `ombudsman.information_provided` may name the request it answers by event id: it must be an
/// earlier `ombudsman.information_requested` on the same case (requests are events on the case,
/// not records, so the check is the one `corrects` gets).
#[test]
fn information_provided_answers_a_request_on_the_same_case() {
    let actor = r#""actor":{"id":"x","role":"complaints_handler"}"#;
    let base = format!(
        r#"{{"id":"open-1","type":"ombudsman.case_opened","subject":"hos-1","at":"2022-01-10",{actor},"data":{{"reference":"1","referred":"2022-01-10"}}}}
{{"id":"open-2","type":"ombudsman.case_opened","subject":"hos-2","at":"2022-01-10",{actor},"data":{{"reference":"2","referred":"2022-01-10"}}}}
{{"id":"rfi-1","type":"ombudsman.information_requested","subject":"hos-1","at":"2022-01-24",{actor},"data":{{"what":"Repair records","due":"2022-02-07"}}}}
{{"id":"rfi-2","type":"ombudsman.information_requested","subject":"hos-2","at":"2022-01-24",{actor},"data":{{"what":"Repair records"}}}}
"#
    );
    let provided = |subject: &str, data: &str| {
        format!(
            "{base}{{\"type\":\"ombudsman.information_provided\",\"subject\":\"{subject}\",\"at\":\"2022-02-01\",{actor},\"data\":{data}}}\n"
        )
    };
    let ok = read_history(
        &provided(
            "hos-1",
            r#"{"what":"Repair records 2020-2022","answers":"rfi-1"}"#,
        ),
        (),
        (0, Hash::GENESIS),
    )
    .expect("an answer to a request on the same case");
    assert_eq!(ok[4].type_name, "ombudsman.information_provided");
    let unnamed = read_history(
        &provided("hos-1", r#"{"what":"Repair records 2020-2022"}"#),
        (),
        (0, Hash::GENESIS),
    )
    .expect("an answer naming no request");
    assert_eq!(unnamed.len(), 5);
    for (subject, data, field, reason) in [
        (
            "hos-1",
            r#"{"what":"Records","answers":"rfi-9"}"#,
            "data.answers",
            "unknown event 'rfi-9'",
        ),
        (
            "hos-1",
            r#"{"what":"Records","answers":"rfi-2"}"#,
            "data.answers",
            "event 'rfi-2' is about 'hos-2', not 'hos-1'",
        ),
        (
            "hos-1",
            r#"{"what":"Records","answers":"open-1"}"#,
            "data.answers",
            "event 'open-1' is ombudsman.case_opened, not ombudsman.information_requested",
        ),
        (
            "hos-1",
            r#"{"what":"  ","answers":"rfi-1"}"#,
            "data.what",
            "say what information was provided",
        ),
    ] {
        let err = read_history(&provided(subject, data), (), (0, Hash::GENESIS)).expect_err(data);
        assert_eq!(err.line, 5, "{err}");
        assert_eq!(err.field, field, "{err}");
        assert_eq!(err.reason, reason, "{err}");
    }
}

/// A conduct case's investigation is only recorded with the steps taken: one with none is
/// refused on import, naming the line and `data.steps`, and nothing after it is read; a case
/// names a contractor, never another kind of record.
#[test]
fn an_investigation_without_steps_is_refused_with_its_field() {
    let actor = r#""actor":{"id":"x","role":"repairs_officer"}"#;
    let base = format!(
        r#"{{"type":"contractor.registered","subject":"ctr-1","at":"2022-01-10",{actor},"data":{{"name":"Stacks Ltd"}}}}
{{"type":"conduct_case.opened","subject":"cnd-1","at":"2022-03-18",{actor},"data":{{"contractor":"ctr-1","concerns":["workmanship","invoicing"],"description":"Worked off a ladder; invoiced scaffolding","channel":"web"}}}}
"#
    );
    let investigated = |steps: &str| {
        format!(
            "{base}{{\"type\":\"conduct_case.investigated\",\"subject\":\"cnd-1\",\"at\":\"2022-03-25\",{actor},\"data\":{{\"investigator\":\"Repairs manager\",\"steps\":{steps},\"findings\":\"Could not be proven\"}}}}\n"
        )
    };
    let err = read_history(&investigated("[]"), (), (0, Hash::GENESIS))
        .expect_err("an investigation without steps");
    assert_eq!((err.line, err.field.as_str()), (3, "data.steps"), "{err}");
    assert!(err.reason.contains("at least one step"), "{err}");
    let ok = read_history(
        &investigated(r#"[{"step":"inspected_work","on":"2022-03-22"},{"step":"spoke_to_witnesses","notes":"Neighbour saw a ladder"}]"#),
        (),
        (0, Hash::GENESIS),
    )
    .expect("an investigation with steps");
    assert_eq!(ok[2].type_name, "conduct_case.investigated");
    let err = read_history(
        &base.replace(r#""contractor":"ctr-1""#, r#""contractor":"cnd-0""#),
        (),
        (0, Hash::GENESIS),
    )
    .expect_err("an unknown contractor");
    assert_eq!(
        (err.line, err.field.as_str()),
        (2, "data.contractor"),
        "{err}"
    );
}
