//! `docs/history-format.md` documents the history format for people writing importers and
//! verifiers. These tests keep it in step with the code: every event type is documented, every
//! example line is accepted, the examples read in order form one valid history, the exported
//! form shown is exactly what HomeSafe writes, and the verifier script shown is the one shipped.

use homesafe_core::history::{Event, Hash, Role, parse_line, read_history};
use homesafe_core::people::VulnerabilityCode;
use homesafe_core::references::RecordKind;

const DOC: &str = include_str!("../../../docs/history-format.md");
const VERIFIER: &str = include_str!("../../../docs/verify_history.py");
const EVENTS_RS: &str = include_str!("../src/events.rs");

/// Every `#[serde(rename = "…")]` value inside `pub enum EventData { … }`: the catalogue's
/// `type` strings. There is no public list, so the source is the list.
fn event_types() -> Vec<&'static str> {
    let start = EVENTS_RS
        .find("pub enum EventData {")
        .expect("events.rs declares `pub enum EventData {`");
    let body = &EVENTS_RS[start..];
    let body = &body[..body.find("\n}").expect("EventData has a closing brace")];
    let marker = "#[serde(rename = \"";
    body.match_indices(marker)
        .map(|(i, _)| {
            let rest = &body[i + marker.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

/// The lines inside ```jsonl fences, each with its 1-based line number in the document.
fn example_lines() -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in DOC.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        if !inside {
            inside = fence && line.trim() == "```jsonl";
        } else if fence {
            inside = false;
        } else if !line.trim().is_empty() {
            out.push((i + 1, line));
        }
    }
    out
}

/// Reads lines as one history file; on failure, names the document line at fault.
fn read_lines(lines: &[(usize, &str)]) -> Vec<Event> {
    let text: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
    match read_history(&text, (), (0, Hash::GENESIS)) {
        Ok(events) => events,
        Err(e) => {
            let doc_line = lines.get(e.line.wrapping_sub(1)).map_or(0, |(n, _)| *n);
            panic!(
                "docs/history-format.md line {doc_line}: {}: {}",
                e.field, e.reason
            );
        }
    }
}

fn export(events: &[Event]) -> String {
    events.iter().map(|e| e.line() + "\n").collect()
}

#[test]
fn the_type_list_is_read_from_the_catalogue() {
    let types = event_types();
    assert!(
        types.len() >= 60,
        "found only {} event types in events.rs",
        types.len()
    );
    for t in &types {
        // A real type gets past the type check and fails (if at all) on its data.
        let line = format!(
            r#"{{"type":"{t}","subject":"x1","at":"2021","actor":{{"id":"a","role":"staff"}},"data":{{}}}}"#
        );
        if let Err(e) = parse_line(1, &line) {
            assert_ne!(
                e.field, "type",
                "'{t}' read from events.rs is not an event type: {e}"
            );
        }
    }
}

#[test]
fn every_event_type_is_documented() {
    let missing: Vec<&str> = event_types()
        .into_iter()
        .filter(|t| !DOC.contains(&format!("#### `{t}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "event types without a `#### `type`` section in the doc: {missing:?}"
    );
    let in_summary: Vec<&str> = event_types()
        .into_iter()
        .filter(|t| !DOC.contains(&format!("| `{t}` |")))
        .collect();
    assert!(
        in_summary.is_empty(),
        "event types missing from the catalogue summary table: {in_summary:?}"
    );
}

#[test]
fn every_documented_event_type_exists() {
    let types = event_types();
    for line in DOC.lines().filter(|l| l.starts_with("#### `")) {
        let name = line["#### `".len()..].split('`').next().unwrap_or_default();
        assert!(
            types.contains(&name),
            "the doc documents '{name}', which is not an event type"
        );
    }
}

#[test]
fn every_role_record_kind_and_vulnerability_code_is_documented() {
    for role in Role::ALL {
        assert!(
            DOC.contains(&format!("| `{}` |", role.as_str())),
            "role {} is not documented",
            role.as_str()
        );
    }
    for kind in RecordKind::ALL {
        assert!(
            DOC.contains(&format!("`{}`", kind.as_str())),
            "record kind {} is not documented",
            kind.as_str()
        );
    }
    for code in VulnerabilityCode::ALL {
        let name = serde_json::to_value(code).expect("serialises");
        let name = name.as_str().expect("a string");
        assert!(
            DOC.contains(&format!("| `{name}` |")),
            "vulnerability code {name} is not documented"
        );
    }
}

#[test]
fn every_example_line_parses() {
    let lines = example_lines();
    assert!(
        lines.len() > 40,
        "expected the catalogue's examples, found {} lines",
        lines.len()
    );
    for (n, line) in &lines {
        if let Err(e) = parse_line(*n, line) {
            panic!("docs/history-format.md line {n}: {}: {}", e.field, e.reason);
        }
    }
}

#[test]
fn every_part_of_the_catalogue_has_an_example() {
    // By the part of the type before the dot: each documented domain shows at least one line.
    let shown: Vec<String> = example_lines()
        .iter()
        .filter_map(|(_, l)| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    for domain in [
        "landlord.",
        "person.",
        "tenancy.",
        "vulnerability.",
        "report.",
        "works_order.",
        "appointment.",
        "hazard.",
        "survey.",
        "recommendation.",
        "document.",
        "contact.",
        "contractor.",
        "quote.",
        "invoice.",
        "conduct_case.",
        "complaint.",
        "remedy.",
        "commitment.",
        "ombudsman.",
        "legal_case.",
        "entry.",
    ] {
        assert!(
            shown.iter().any(|t| t.starts_with(domain)),
            "no example line of a {domain}* event"
        );
    }
}

#[test]
fn the_draft_examples_read_in_order_form_one_valid_history() {
    let drafts: Vec<(usize, &str)> = example_lines()
        .into_iter()
        .filter(|(n, l)| {
            parse_line(*n, l)
                .map(|p| p.sealed().is_none())
                .unwrap_or(true)
        })
        .collect();
    let events = read_lines(&drafts);
    // The corrections section really corrects something, both ways.
    assert!(
        events
            .iter()
            .any(|e| e.corrects.is_some() && e.type_name == "entry.voided")
    );
    assert!(
        events
            .iter()
            .any(|e| e.corrects.is_some() && e.type_name != "entry.voided")
    );
    // Documents in the examples are named by content hash, as §5 requires.
    for e in events.iter().filter(|e| e.type_name == "document.added") {
        assert!(
            homesafe_core::documents::sha256_of(&e.subject).is_some(),
            "{} is not sha256:<hex>",
            e.subject
        );
    }
}

#[test]
fn the_exported_example_is_exactly_what_homesafe_exports() {
    let lines = example_lines();
    let sealed: Vec<(usize, &str)> = lines
        .iter()
        .copied()
        .filter(|(n, l)| {
            parse_line(*n, l)
                .map(|p| p.sealed().is_some())
                .unwrap_or(false)
        })
        .collect();
    assert!(!sealed.is_empty(), "the doc shows an exported history");
    let shown: String = sealed.iter().map(|(_, l)| format!("{l}\n")).collect();
    // The exported lines form a chain from the start of a history and re-export to themselves.
    let events = read_lines(&sealed);
    assert_eq!(events.first().map(|e| e.prev), Some(Hash::GENESIS));
    assert_eq!(
        export(&events),
        shown,
        "the exported example is not a fixed point of import and export"
    );
    // And they are the export of the document's first draft lines (§2). If you change those,
    // regenerate the export with `homesafe check FILE --canonical`.
    let drafts: Vec<(usize, &str)> = lines
        .iter()
        .copied()
        .filter(|(n, l)| {
            parse_line(*n, l)
                .map(|p| p.sealed().is_none())
                .unwrap_or(false)
        })
        .take(sealed.len())
        .collect();
    assert_eq!(
        export(&read_lines(&drafts)),
        shown,
        "the exported example is not the export of the opening drafts"
    );
}

#[test]
fn the_verifier_in_the_doc_is_the_shipped_script() {
    let start = DOC.find("```python\n").expect("the doc shows the verifier") + "```python\n".len();
    let end = start + DOC[start..].find("\n```").expect("closing fence");
    assert!(
        DOC[start..end].trim_end() == VERIFIER.trim_end(),
        "the script in docs/history-format.md §9 differs from docs/verify_history.py: copy the file into the doc"
    );
}
