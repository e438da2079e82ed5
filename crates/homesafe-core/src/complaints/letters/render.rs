//! The letter's wording, laid out once as blocks and set twice: as HTML and as PDF. Both say the
//! same thing in the same order.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::pdf::{Pdf, Style};
use super::{Remedy, ResponseLetter, RouteOnward};
use crate::complaints::{Decision, Stage};
use crate::remedies::{HeadAmount, by_head, pounds, total};

/// One piece of the letter.
enum Block {
    /// Lines without space between them (an address, a signature).
    Lines(Vec<String>),
    Heading(u8, String),
    Para(String),
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Table {
        caption: String,
        head: [String; 2],
        rows: Vec<[String; 2]>,
        foot: [String; 2],
    },
    /// Shown only on a draft.
    DraftNote(String),
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn long_date(d: Date) -> String {
    let m = MONTHS[usize::from(d.month().unsigned_abs()).saturating_sub(1) % 12];
    format!("{} {m} {}", d.day(), d.year())
}

/// What a draft shows where an element is still missing.
fn gap(what: &str) -> String {
    format!("[not yet given: {what}]")
}

fn or_gap(s: &str, what: &str) -> String {
    if s.trim().is_empty() {
        gap(what)
    } else {
        s.to_string()
    }
}

fn date_or_gap(d: Option<Date>, what: &str) -> String {
    d.map_or_else(|| gap(what), long_date)
}

fn decision_words(d: Option<Decision>) -> String {
    match d {
        Some(Decision::Upheld) => "upheld".to_string(),
        Some(Decision::PartlyUpheld) => "partly upheld".to_string(),
        Some(Decision::NotUpheld) => "not upheld".to_string(),
        None => gap("decision"),
    }
}

pub(super) fn title(l: &ResponseLetter) -> String {
    match l.stage {
        Some(Stage::One) => "Stage 1 response to your complaint".to_string(),
        Some(Stage::Two) => "Stage 2 final response to your complaint".to_string(),
        None => "Response to your complaint".to_string(),
    }
}

fn blocks(l: &ResponseLetter, draft: bool) -> Vec<Block> {
    let mut b = Vec::new();
    if draft {
        b.push(Block::DraftNote(
            "Draft: not issued. A letter can be issued only when every element is complete."
                .to_string(),
        ));
    }
    b.push(Block::Lines(vec![or_gap(&l.landlord, "landlord")]));
    let mut to = vec![or_gap(&l.addressed_to, "resident's name")];
    to.extend(l.address.iter().cloned());
    b.push(Block::Lines(to));
    b.push(Block::Lines(vec![
        date_or_gap(l.date, "date"),
        format!("Our reference: {}", l.complaint),
    ]));
    b.push(Block::Heading(1, title(l)));
    b.push(Block::Para(format!(
        "Dear {},",
        or_gap(&l.addressed_to, "resident's name")
    )));
    b.push(Block::Para(match l.stage {
        Some(Stage::One) => "This is our stage 1 response to your complaint, under our complaints policy and the Housing Ombudsman's Complaint Handling Code.".to_string(),
        Some(Stage::Two) => "This is our stage 2 response to your complaint. It is our final response under our complaints policy and the Housing Ombudsman's Complaint Handling Code.".to_string(),
        None => gap("stage 1 or 2"),
    }));

    b.push(Block::Heading(2, "Your complaint".to_string()));
    match &l.definition {
        Some(d) => {
            b.push(Block::Para(format!(
                "Our understanding of your complaint: {}",
                or_gap(&d.understanding, "our understanding")
            )));
            b.push(Block::Para(format!(
                "The outcome you are seeking: {}",
                or_gap(&d.outcome_sought, "outcome sought")
            )));
            if let Some(n) = d
                .not_responsible_for
                .as_deref()
                .filter(|n| !n.trim().is_empty())
            {
                b.push(Block::Para(format!("What we are not responsible for: {n}")));
            }
        }
        None => b.push(Block::Para(gap("complaint definition"))),
    }

    b.push(Block::Heading(2, "Our decision".to_string()));
    if l.decisions.is_empty() {
        b.push(Block::Para(gap("decision")));
    }
    for (i, d) in l.decisions.iter().enumerate() {
        b.push(Block::Heading(
            3,
            format!(
                "{}. {}: {}",
                i + 1,
                or_gap(&d.element, "what was complained about"),
                decision_words(d.decision)
            ),
        ));
        b.push(Block::Para(format!(
            "Our reasons: {}",
            or_gap(&d.reasons, "reasons")
        )));
    }

    b.push(Block::Heading(2, "Putting things right".to_string()));
    match &l.remedy {
        None => b.push(Block::Para(gap("remedy"))),
        Some(Remedy::NoneDue { why }) => b.push(Block::Para(or_gap(why, "why no remedy is due"))),
        Some(Remedy::Offered { items }) => {
            b.push(Block::Para(
                "We will do the following, by the dates given:".to_string(),
            ));
            let listed = items
                .iter()
                .map(|r| {
                    let mut s = format!(
                        "{} \u{2014} by {}",
                        or_gap(&r.what, "what"),
                        date_or_gap(r.by_when, "by when")
                    );
                    if !r.compensation.is_empty() {
                        let parts: Vec<String> = r
                            .compensation
                            .iter()
                            .map(|c| format!("{}: {}", c.head.describe(), pounds(c.amount)))
                            .collect();
                        let _ = write!(s, " ({})", parts.join("; "));
                    }
                    s
                })
                .collect();
            b.push(Block::List {
                ordered: true,
                items: listed,
            });
            let all: Vec<HeadAmount> = items
                .iter()
                .flat_map(|r| r.compensation.iter().copied())
                .collect();
            if !all.is_empty() {
                b.push(Block::Table {
                    caption: "Compensation by head".to_string(),
                    head: ["What it is for".to_string(), "Amount".to_string()],
                    rows: by_head(&all)
                        .iter()
                        .map(|h| [h.head.describe().to_string(), pounds(h.amount)])
                        .collect(),
                    foot: ["Total".to_string(), pounds(total(&all))],
                });
            }
        }
    }

    b.push(Block::Heading(2, "Actions still outstanding".to_string()));
    match &l.outstanding_actions {
        None => b.push(Block::Para(gap("outstanding actions"))),
        Some(a) if a.is_empty() => {
            b.push(Block::Para("There are no outstanding actions.".to_string()))
        }
        Some(a) => {
            b.push(Block::List {
                ordered: true,
                items: a
                    .iter()
                    .map(|a| {
                        format!(
                            "{} \u{2014} {} will do this by {}",
                            or_gap(&a.what, "what"),
                            or_gap(&a.owner, "owner"),
                            date_or_gap(a.due, "due date")
                        )
                    })
                    .collect(),
            });
            b.push(Block::Para(
                "We will keep you updated on each of these until it is done.".to_string(),
            ));
        }
    }

    b.push(Block::Heading(2, "If you are not satisfied".to_string()));
    match &l.route_onward {
        None => b.push(Block::Para(gap("route onward"))),
        Some(RouteOnward::Stage2 { how, contact }) => {
            b.push(Block::Para(
                "If you are not satisfied with this response, you can ask us to look at your complaint again at stage 2. You do not have to give a reason.".to_string(),
            ));
            b.push(Block::Para(format!(
                "How to ask: {}",
                or_gap(how, "how to escalate")
            )));
            b.push(Block::Para(format!(
                "Contact: {}",
                or_gap(contact, "who to contact")
            )));
        }
        Some(RouteOnward::Ombudsman(o)) => {
            b.push(Block::Para(format!(
                "If you remain dissatisfied, you can ask the {} to look at your complaint. It is free and independent.",
                or_gap(&o.name, "the Ombudsman's name")
            )));
            let mut lines = vec![or_gap(&o.name, "the Ombudsman's name")];
            lines.extend(o.address.iter().cloned());
            for (label, v) in [
                ("Telephone", &o.phone),
                ("Email", &o.email),
                ("Website", &o.website),
            ] {
                if let Some(v) = v {
                    lines.push(format!("{label}: {v}"));
                }
            }
            b.push(Block::Lines(lines));
        }
    }

    b.push(Block::Para("Yours sincerely,".to_string()));
    b.push(Block::Lines(match &l.signed_by {
        Some(s) => vec![or_gap(&s.name, "name"), or_gap(&s.role, "role")],
        None => vec![gap("signed by")],
    }));
    b
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#111;max-width:40em;margin:2em auto;padding:0 1em}\
.lines{margin:0 0 1em}.draft{border:2px solid #b00;padding:.5em;font-weight:bold}\
table{border-collapse:collapse}th,td{border:1px solid #666;padding:.25em .5em;text-align:left}td.amount{text-align:right}";

/// The letter as a complete, self-contained HTML page.
pub(super) fn html(l: &ResponseLetter, draft: bool) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} \u{2014} {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        esc(&title(l)),
        esc(l.complaint.as_str())
    );
    let lines = |h: &mut String, ls: &[String]| {
        let joined: Vec<String> = ls.iter().map(|s| esc(s)).collect();
        let _ = writeln!(h, "<p class=\"lines\">{}</p>", joined.join("<br>\n"));
    };
    for block in blocks(l, draft) {
        match block {
            Block::DraftNote(t) => {
                let _ = writeln!(h, "<p class=\"draft\" role=\"note\">{}</p>", esc(&t));
            }
            Block::Lines(ls) => lines(&mut h, &ls),
            Block::Heading(n, t) => {
                let _ = writeln!(h, "<h{n}>{}</h{n}>", esc(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(h, "<p>{}</p>", esc(&t));
            }
            Block::List { ordered, items } => {
                let tag = if ordered { "ol" } else { "ul" };
                let _ = writeln!(h, "<{tag}>");
                for i in items {
                    let _ = writeln!(h, "<li>{}</li>", esc(&i));
                }
                let _ = writeln!(h, "</{tag}>");
            }
            Block::Table {
                caption,
                head,
                rows,
                foot,
            } => {
                let _ = writeln!(
                    h,
                    "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
                    esc(&caption),
                    esc(&head[0]),
                    esc(&head[1])
                );
                for [a, b] in rows {
                    let _ = writeln!(
                        h,
                        "<tr><th scope=\"row\">{}</th><td class=\"amount\">{}</td></tr>",
                        esc(&a),
                        esc(&b)
                    );
                }
                let _ = writeln!(
                    h,
                    "</tbody>\n<tfoot><tr><th scope=\"row\">{}</th><td class=\"amount\">{}</td></tr></tfoot>\n</table>",
                    esc(&foot[0]),
                    esc(&foot[1])
                );
            }
        }
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The letter as a PDF.
pub(super) fn pdf(l: &ResponseLetter) -> Vec<u8> {
    let footer = format!("{} \u{2014} our reference {}", l.landlord, l.complaint);
    let mut doc = Pdf::new(&title(l), "en-GB", &footer);
    for block in blocks(l, false) {
        match block {
            Block::DraftNote(t) => {
                doc.text(Style::Strong, 0, &t);
                doc.gap(6);
            }
            Block::Lines(ls) => {
                for line in ls {
                    doc.text(Style::Body, 0, &line);
                }
                doc.gap(8);
            }
            Block::Heading(1, t) => {
                doc.gap(4);
                doc.text(Style::Title, 0, &t);
                doc.gap(8);
            }
            Block::Heading(2, t) => {
                doc.keep(70);
                doc.gap(6);
                doc.text(Style::Heading, 0, &t);
                doc.gap(4);
            }
            Block::Heading(_, t) => {
                doc.keep(45);
                doc.text(Style::Subheading, 0, &t);
            }
            Block::Para(t) => {
                doc.text(Style::Body, 0, &t);
                doc.gap(6);
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = if ordered {
                        format!("{}.", i + 1)
                    } else {
                        "\u{2022}".to_string()
                    };
                    doc.item(Style::Body, 6, &marker, item);
                    doc.gap(2);
                }
                doc.gap(4);
            }
            Block::Table {
                caption,
                head,
                rows,
                foot,
            } => {
                doc.text(Style::Subheading, 0, &caption);
                doc.columns(Style::Strong, 6, &head[0], &head[1]);
                for [a, b] in rows {
                    doc.columns(Style::Body, 6, &a, &b);
                }
                doc.columns(Style::Strong, 6, &foot[0], &foot[1]);
                doc.gap(6);
            }
        }
    }
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything_it_is_given() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(long_date(jiff::civil::date(2022, 3, 24)), "24 March 2022");
    }
}
