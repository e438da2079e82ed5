//! Complaint response letters: a letter missing any element of Complaint Handling Code 2024 6.9
//! (stage 1) or 6.19 (stage 2) is refused, naming every missing element; an issued letter renders
//! to HTML and PDF deterministically, byte for byte.
//!
//! The letters are modelled on the Clarion case (202208650): its stage 1 response of 24 March 2022
//! listed works "scheduled" for 7 April 2022 with no owner, and its stage 2 response of 20 May
//! 2022 promised a manager's visit with no date — the gaps these checks refuse.

use homesafe_core::codes::Pence;
use homesafe_core::complaints::letters::{
    ComplaintDefinition, Element, ElementDecision, IssuedLetter, OmbudsmanDetails,
    OutstandingAction, Remedy, RemedyItem, ResponseLetter, RouteOnward, Signatory,
};
use homesafe_core::complaints::{Decision, Stage};
use homesafe_core::documents;
use homesafe_core::history::RecordId;
use homesafe_core::remedies::{HeadAmount, RemedyHead};
use jiff::civil::{Date, date};

fn id(s: &str) -> RecordId {
    RecordId::parse(s).expect("id")
}

fn stage1() -> ResponseLetter {
    let on = date(2022, 3, 24);
    ResponseLetter {
        complaint: id("clarion-complaint-2022-03"),
        landlord: "Clarion Housing".to_string(),
        addressed_to: "Ms A Resident".to_string(),
        address: vec!["1 Example Bungalow".to_string(), "Exampletown".to_string()],
        date: Some(on),
        stage: Some(Stage::One),
        definition: Some(ComplaintDefinition {
            understanding: "Damp and mould in the bathroom and kitchen have not been put right, and your complaint of November 2021 was not answered.".to_string(),
            outcome_sought: "The works done, and the cause of the damp found and fixed.".to_string(),
            not_responsible_for: None,
        }),
        decisions: vec![
            ElementDecision {
                element: "Delay in repairing the damp and mould".to_string(),
                decision: Some(Decision::Upheld),
                reasons: "Works recommended after the inspection of 20 December 2021 did not go ahead; our repairs policy offers an appointment within 28 days.".to_string(),
            },
            ElementDecision {
                element: "No answer to your complaint of November 2021".to_string(),
                decision: Some(Decision::Upheld),
                reasons: "We did not respond, contrary to our complaints policy.".to_string(),
            },
        ],
        remedy: Some(Remedy::Offered {
            items: vec![
                RemedyItem {
                    what: "An apology and compensation".to_string(),
                    by_when: Some(date(2022, 4, 7)),
                    compensation: vec![
                        HeadAmount {
                            head: RemedyHead::Delay,
                            amount: Pence(15_000),
                        },
                        HeadAmount {
                            head: RemedyHead::ComplaintHandling,
                            amount: Pence(2_500),
                        },
                    ],
                },
                RemedyItem {
                    what: "Rake out and repoint the rear wall under the kitchen and bathroom".to_string(),
                    by_when: Some(date(2022, 4, 7)),
                    compensation: Vec::new(),
                },
            ],
        }),
        outstanding_actions: Some(vec![OutstandingAction {
            what: "Assess the cavity wall insulation and install an airbrick if required".to_string(),
            owner: "Repairs manager, south region".to_string(),
            due: Some(date(2022, 4, 7)),
        }]),
        route_onward: Some(RouteOnward::Stage2 {
            how: "Reply to this letter, call us or use the online form, within 20 working days.".to_string(),
            contact: "Complaints team, 0300 000 0000, complaints@example.org".to_string(),
        }),
        signed_by: Some(Signatory {
            name: "J Smith".to_string(),
            role: "Complaints officer".to_string(),
        }),
        stage1_handler: None,
    }
}

fn stage2() -> ResponseLetter {
    ResponseLetter {
        date: Some(date(2022, 5, 20)),
        stage: Some(Stage::Two),
        remedy: Some(Remedy::Offered {
            items: vec![RemedyItem {
                what: "Compensation for failing to do the works when we said we would".to_string(),
                by_when: Some(date(2022, 6, 3)),
                compensation: vec![
                    HeadAmount {
                        head: RemedyHead::Delay,
                        amount: Pence(40_000),
                    },
                    HeadAmount {
                        head: RemedyHead::Goodwill,
                        amount: Pence(25_000),
                    },
                ],
            }],
        }),
        outstanding_actions: Some(vec![OutstandingAction {
            what: "A senior manager visits to scope the works and consider a decant".to_string(),
            owner: "Head of repairs".to_string(),
            due: Some(date(2022, 6, 10)),
        }]),
        route_onward: Some(RouteOnward::Ombudsman(OmbudsmanDetails::housing_ombudsman())),
        signed_by: Some(Signatory {
            name: "P Jones".to_string(),
            role: "Stage 2 reviewer".to_string(),
        }),
        stage1_handler: Some("J Smith".to_string()),
        ..stage1()
    }
}

fn issued(l: ResponseLetter) -> IssuedLetter {
    l.issue().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn complete_letters_are_issued() {
    assert_eq!(stage1().check(), Ok(()));
    assert_eq!(stage2().check(), Ok(()));
    assert_eq!(issued(stage2()).stage(), Stage::Two);
}

/// Removing one element refuses the letter, naming that element and nothing else.
#[test]
fn every_missing_element_is_refused_by_name() {
    type Change = fn(&mut ResponseLetter);
    let cases: Vec<(Element, &str, Change)> = vec![
        (Element::Landlord, "landlord: missing", |l| {
            l.landlord.clear()
        }),
        (
            Element::AddressedTo,
            "addressed to: missing 'resident's name'",
            |l| l.addressed_to = " ".to_string(),
        ),
        (Element::Date, "date: missing 'date'", |l| l.date = None),
        (Element::Stage, "stage: missing 'stage 1 or 2'", |l| {
            l.stage = None
        }),
        (
            Element::ComplaintDefinition,
            "complaint definition: missing",
            |l| l.definition = None,
        ),
        (
            Element::ComplaintDefinition,
            "complaint definition: missing 'outcome sought'",
            |l| {
                if let Some(d) = &mut l.definition {
                    d.outcome_sought.clear()
                }
            },
        ),
        (
            Element::Decision,
            "decision: missing: no part of the complaint has a decision",
            |l| l.decisions.clear(),
        ),
        (
            Element::Decision,
            "decision: missing 'upheld, partly upheld or not upheld' for item 2",
            |l| l.decisions[1].decision = None,
        ),
        (
            Element::Reasons,
            "reasons: missing 'reasons' for item 1",
            |l| l.decisions[0].reasons.clear(),
        ),
        (Element::Remedy, "remedy: missing", |l| l.remedy = None),
        (
            Element::Remedy,
            "remedy: missing 'by when' for item 2",
            |l| {
                if let Some(Remedy::Offered { items }) = &mut l.remedy {
                    items[1].by_when = None
                }
            },
        ),
        (Element::Remedy, "remedy: missing 'what' for item 1", |l| {
            if let Some(Remedy::Offered { items }) = &mut l.remedy {
                items[0].what.clear()
            }
        }),
        (
            Element::OutstandingActions,
            "outstanding actions: missing: list them, or say there are none",
            |l| l.outstanding_actions = None,
        ),
        (
            Element::OutstandingActions,
            "outstanding actions: missing 'owner' for item 1",
            |l| {
                if let Some(a) = &mut l.outstanding_actions {
                    a[0].owner.clear()
                }
            },
        ),
        (
            Element::OutstandingActions,
            "outstanding actions: missing 'due date' for item 1",
            |l| {
                if let Some(a) = &mut l.outstanding_actions {
                    a[0].due = None
                }
            },
        ),
        (
            Element::RouteOnward,
            "route onward: missing 'how to escalate to stage 2'",
            |l| l.route_onward = None,
        ),
        (
            Element::SignedBy,
            "signed by: missing 'name and role'",
            |l| l.signed_by = None,
        ),
    ];
    for (element, message, change) in cases {
        let mut letter = stage1();
        change(&mut letter);
        let err = letter.check().expect_err(message);
        assert!(
            err.problems
                .iter()
                .any(|p| p.to_string().starts_with(message)),
            "expected '{message}' in: {err}"
        );
        assert!(
            err.problems.iter().all(|p| p.element == element),
            "only {element} should be named: {err}"
        );
        assert!(err.to_string().starts_with("the letter cannot be issued: "));
        assert!(letter.issue().is_err(), "{message}: issued anyway");
    }
}

#[test]
fn an_empty_draft_lists_every_element_at_once() {
    let draft = ResponseLetter::draft(id("c-1"), "", "");
    let err = draft.check().expect_err("empty");
    for element in [
        Element::Landlord,
        Element::AddressedTo,
        Element::Date,
        Element::Stage,
        Element::ComplaintDefinition,
        Element::Decision,
        Element::Remedy,
        Element::OutstandingActions,
        Element::RouteOnward,
        Element::SignedBy,
    ] {
        assert!(err.names(element), "{element} not named in {err}");
        assert!(!element.provision().is_empty());
    }
    // Each problem has a stable code for the API.
    let codes: Vec<&str> = err.problems.iter().map(|p| p.element.as_str()).collect();
    assert!(codes.contains(&"route_onward") && codes.contains(&"complaint_definition"));
}

#[test]
fn a_stage_2_letter_without_the_ombudsmans_details_is_refused() {
    let mut none = stage2();
    none.route_onward = None;
    let err = none.check().expect_err("no route");
    assert_eq!(
        err.problems[0].to_string(),
        "route onward: missing 'the Housing Ombudsman's details'"
    );

    let mut wrong = stage2();
    wrong.route_onward = Some(RouteOnward::Stage2 {
        how: "Reply to this letter".to_string(),
        contact: "Complaints team".to_string(),
    });
    let err = wrong.issue().expect_err("stage 2 route at stage 2");
    assert!(err.to_string().contains("Code 6.19"), "{err}");

    let mut unreachable = stage2();
    unreachable.route_onward = Some(RouteOnward::Ombudsman(OmbudsmanDetails {
        name: "Housing Ombudsman Service".to_string(),
        address: Vec::new(),
        phone: None,
        email: Some(" ".to_string()),
        website: None,
    }));
    let err = unreachable.check().expect_err("no way to contact");
    assert!(
        err.to_string().contains("how to contact the Ombudsman"),
        "{err}"
    );
}

#[test]
fn a_stage_1_letter_without_the_escalation_route_is_refused() {
    let mut none = stage1();
    none.route_onward = None;
    assert_eq!(
        none.check().expect_err("no route").problems[0].to_string(),
        "route onward: missing 'how to escalate to stage 2'"
    );
    let mut ombudsman_only = stage1();
    ombudsman_only.route_onward =
        Some(RouteOnward::Ombudsman(OmbudsmanDetails::housing_ombudsman()));
    let err = ombudsman_only.issue().expect_err("Ombudsman at stage 1");
    assert!(
        err.to_string()
            .contains("escalate to stage 2 (Code 6.9(g))"),
        "{err}"
    );
    let mut blank_how = stage1();
    blank_how.route_onward = Some(RouteOnward::Stage2 {
        how: String::new(),
        contact: "Complaints team".to_string(),
    });
    assert!(blank_how.check().is_err());
}

#[test]
fn remedies_and_handlers_must_make_sense() {
    // Upheld, but nothing put right (Code 7.1).
    let mut nothing = stage1();
    nothing.remedy = Some(Remedy::NoneDue {
        why: "We do not think anything went wrong.".to_string(),
    });
    assert!(
        nothing
            .check()
            .expect_err("upheld without remedy")
            .to_string()
            .contains("Code 7.1")
    );
    // Not upheld: no remedy is then fine, with a reason.
    for d in &mut nothing.decisions {
        d.decision = Some(Decision::NotUpheld);
    }
    assert_eq!(nothing.check(), Ok(()));

    // A date already past when the letter is sent.
    let mut late = stage1();
    if let Some(Remedy::Offered { items }) = &mut late.remedy {
        items[0].by_when = Some(date(2022, 3, 1));
    }
    assert_eq!(
        late.check().expect_err("past").problems[0].to_string(),
        "remedy: 'by when' is before the letter's date for item 1"
    );

    // A zero amount.
    let mut zero = stage1();
    if let Some(Remedy::Offered { items }) = &mut zero.remedy {
        items[0].compensation[0].amount = Pence(0);
    }
    assert!(zero.check().is_err());

    // Stage 2 from the stage 1 handler (Code 6.13).
    let mut same = stage2();
    same.stage1_handler = Some("p jones".to_string());
    let err = same.issue().expect_err("same handler");
    assert!(
        err.names(Element::SignedBy) && err.to_string().contains("6.13"),
        "{err}"
    );
}

#[test]
fn a_draft_survives_json_and_can_be_previewed() {
    let mut draft = stage1();
    draft.remedy = None;
    let json = serde_json::to_string(&draft).expect("serialises");
    let back: ResponseLetter = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, draft);
    let preview = draft.preview_html();
    assert!(preview.contains("Draft: not issued"));
    assert!(preview.contains("[not yet given: remedy]"));
    assert!(
        !issued(stage1())
            .html()
            .bytes
            .windows(5)
            .any(|w| w == b"Draft")
    );
}

#[test]
fn html_is_escaped_and_accessible() {
    let mut l = stage1();
    if let Some(d) = &mut l.definition {
        d.understanding = "<script>alert('x')</script> & more".to_string();
    }
    l.addressed_to = "Mr \"Quote\" O'Neil".to_string();
    let html = String::from_utf8(issued(l).html().bytes).expect("UTF-8");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
    assert!(html.contains("Mr &quot;Quote&quot; O&#39;Neil"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(html.contains("<title>Stage 1 response to your complaint"));
    // One h1, then sections as h2 and each decision as h3.
    assert_eq!(html.matches("<h1>").count(), 1);
    assert_eq!(html.matches("<h2>").count(), 5);
    assert!(html.contains("<h3>1. Delay in repairing the damp and mould: upheld</h3>"));
    assert!(html.contains("<ol>\n<li>An apology and compensation \u{2014} by 7 April 2022 (Delay: £150.00; Complaint handling: £25.00)</li>"));
    assert!(html.contains("<caption>Compensation by head</caption>"));
    assert!(
        html.contains("<tfoot><tr><th scope=\"row\">Total</th><td class=\"amount\">£175.00</td>")
    );
    assert!(html.contains("Assess the cavity wall insulation and install an airbrick if required \u{2014} Repairs manager, south region will do this by 7 April 2022"));
    assert!(html.contains("You do not have to give a reason."));
}

#[test]
fn stage_2_html_gives_the_ombudsman() {
    let html = String::from_utf8(issued(stage2()).html().bytes).expect("UTF-8");
    assert!(html.contains("Stage 2 final response to your complaint"));
    assert!(html.contains("Housing Ombudsman Service<br>\nPO Box 1484"));
    assert!(html.contains("Telephone: 0300 111 3000"));
    assert!(html.contains("£650.00"));
}

/// The file as text, one character per byte (anything outside ASCII shown as `?`), so that
/// string positions are byte offsets.
fn ascii(pdf: &[u8]) -> String {
    pdf.iter()
        .map(|&b| if b.is_ascii() { b as char } else { '?' })
        .collect()
}

/// The objects the cross-reference table points at: checks every offset and returns the count.
fn check_xref(pdf: &[u8]) -> usize {
    let text = ascii(pdf);
    let tail = text.rfind("startxref\n").expect("startxref");
    let xref_at: usize = text[tail + 10..]
        .lines()
        .next()
        .expect("offset")
        .parse()
        .expect("number");
    assert!(
        pdf[xref_at..].starts_with(b"xref\n0 "),
        "startxref points at xref"
    );
    let section = &text[xref_at..];
    let mut lines = section.lines().skip(1);
    let count: usize = lines
        .next()
        .and_then(|l| l.strip_prefix("0 "))
        .expect("subsection")
        .parse()
        .expect("count");
    // Every entry is exactly 20 bytes.
    let entries_at = xref_at + "xref\n".len() + format!("0 {count}\n").len();
    let entries = &pdf[entries_at..entries_at + 20 * count];
    assert_eq!(&entries[..20], b"0000000000 65535 f \n");
    for n in 1..count {
        let e = &entries[20 * n..20 * (n + 1)];
        assert!(
            e.ends_with(b" 00000 n \n"),
            "{:?}",
            String::from_utf8_lossy(e)
        );
        let offset: usize = std::str::from_utf8(&e[..10])
            .expect("ascii")
            .parse()
            .expect("offset");
        let expect = format!("{n} 0 obj\n");
        assert!(
            pdf[offset..].starts_with(expect.as_bytes()),
            "object {n} is not at {offset}"
        );
    }
    assert!(text[xref_at..].contains(&format!("/Size {count} ")));
    count
}

/// Every stream's /Length is the number of bytes between `stream\n` and `\nendstream`.
fn check_stream_lengths(pdf: &[u8]) {
    let text = ascii(pdf);
    let mut checked = 0;
    let mut from = 0;
    while let Some(i) = text[from..].find("<< /Length ") {
        let at = from + i + "<< /Length ".len();
        let len: usize = text[at..]
            .split(' ')
            .next()
            .expect("length")
            .parse()
            .expect("number");
        let start = at + text[at..].find("stream\n").expect("stream") + "stream\n".len();
        assert!(
            pdf[start + len..].starts_with(b"\nendstream"),
            "stream at {start} is not {len} bytes"
        );
        checked += 1;
        from = start + len;
    }
    assert!(checked > 0);
}

fn page_count(pdf: &[u8]) -> usize {
    let text = ascii(pdf);
    let at = text.find("/Count ").expect("page tree") + "/Count ".len();
    text[at..]
        .split(' ')
        .next()
        .expect("count")
        .parse()
        .expect("number")
}

#[test]
fn the_pdf_is_well_formed() {
    let pdf = issued(stage1()).pdf();
    assert_eq!(pdf.media_type, "application/pdf");
    let bytes = &pdf.bytes;
    assert!(bytes.starts_with(b"%PDF-1.4\n"));
    assert!(bytes.ends_with(b"%%EOF\n"));
    let objects = check_xref(bytes);
    assert_eq!(objects, 1 + 5 + 2 * page_count(bytes));
    check_stream_lengths(bytes);
    let text = ascii(bytes);
    assert!(text.contains("/BaseFont /Helvetica "));
    assert!(text.contains("/Lang (en-GB)"));
    assert!(text.contains("(Stage 1 response to your complaint) Tj"));
    // £ in WinAnsi is octal 243.
    assert!(text.contains("\\243150.00"), "pound sign encoded");
    let pages = page_count(bytes);
    assert!(
        text.contains(&format!(
            "our reference clarion-complaint-2022-03 \\227 page 1 of {pages})"
        )),
        "footer"
    );
}

#[test]
fn long_letters_run_onto_more_pages() {
    let mut l = stage1();
    l.decisions = (1..=30)
        .map(|n| ElementDecision {
            element: format!("Part {n} of the complaint"),
            decision: Some(Decision::PartlyUpheld),
            reasons: "The operative attended but said the job needed more time than was booked, and no follow-on appointment was made; our first-time-fix policy was not met. ".repeat(3),
        })
        .collect();
    let pdf = issued(l).pdf().bytes;
    let pages = page_count(&pdf);
    assert!(pages >= 3, "{pages} pages");
    assert_eq!(check_xref(&pdf), 6 + 2 * pages);
    check_stream_lengths(&pdf);
    let text = ascii(&pdf);
    for n in 1..=pages {
        assert!(
            text.contains(&format!("page {n} of {pages})")),
            "footer on page {n}"
        );
    }
    // No line runs past the right margin: every text position is inside the page.
    for line in text.lines().filter(|l| l.starts_with("BT /F")) {
        let parts: Vec<&str> = line.split(' ').collect();
        let x: f64 = parts[4].parse().expect("x");
        let y: f64 = parts[5].parse().expect("y");
        assert!(
            (56.0..539.0).contains(&x) && (56.0..=786.0).contains(&y),
            "{line}"
        );
    }
}

#[test]
fn the_same_letter_gives_the_same_bytes() {
    let a = issued(stage2());
    let b = issued(stage2());
    assert_eq!(a.html(), b.html());
    assert_eq!(a.pdf(), b.pdf());
    assert_eq!(a.pdf().sha256, b.pdf().sha256);
    // A different letter gives a different hash.
    let mut other = stage2();
    other.date = Some(date(2022, 5, 21));
    assert_ne!(issued(other).pdf().sha256, a.pdf().sha256);

    // The hash names the document record.
    let html = a.html();
    let doc_id = html.document_id().expect("document id");
    assert_eq!(documents::sha256_of(&doc_id), Some(html.sha256.as_str()));
    assert_eq!(html.sha256.len(), 64);
    let added = a.document_added(&html);
    assert_eq!(added.media_type, "text/html");
    assert_eq!(added.size, Some(html.bytes.len() as u64));
    assert_eq!(added.evidences, vec![id("clarion-complaint-2022-03")]);
    assert_eq!(
        added.filename.as_deref(),
        Some("clarion-complaint-2022-03-stage2-response.html")
    );
    let _: Option<Date> = a.letter().date;
}
