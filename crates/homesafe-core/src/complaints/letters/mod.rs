//! Complaint response letters: drafted from the record, checked, and only then issued.
//!
//! The Code lists what a written response must say — at stage 1: (a) the complaint stage,
//! (b) the complaint definition, (c) the decision, (d) the reasons, (e) the remedy offered,
//! (f) outstanding actions, (g) how to escalate to stage 2 (Complaint Handling Code 2024, 6.9;
//! (b) is a 2024 addition, UNCONFIRMED); at stage 2 the same, with (g) how to take the complaint to
//! the Housing Ombudsman (6.19, wording UNCONFIRMED; the 2022 Code's 5.16 as quoted in the L&Q
//! report 202209500 has the same seven items). A remedy says what will happen and by when (7.3).
//! Both Ombudsman cases turned on responses that "said the right things" while the remedy had no
//! date and the actions no owner, so here a letter missing any element cannot be issued:
//! [`ResponseLetter::check`] names every problem at once, and only [`ResponseLetter::issue`] makes
//! an [`IssuedLetter`], whose HTML and PDF are stored as documents with their SHA-256.
//!
//! Renderings are deterministic — the same letter gives the same bytes — so a document's hash
//! identifies the letter the resident received.

mod check;
mod draft;
pub mod pdf;
mod render;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use check::{Element, LetterIncomplete, LetterProblem};
pub use draft::{DraftError, action_due, draft_from_record};

use super::{Decision, Stage};
use crate::documents::{self, DocumentAdded};
use crate::history::RecordId;
use crate::remedies::HeadAmount;

/// A response letter being drafted. Every element is optional here so a draft can be saved and
/// shown while incomplete; [`ResponseLetter::check`] says what is missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseLetter {
    /// The complaint this responds to; its id is the reference quoted in the letter.
    pub complaint: RecordId,
    /// The landlord's name, as it heads the letter.
    pub landlord: String,
    /// The resident (or representative) it is addressed to.
    pub addressed_to: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// (a) The complaint stage (6.9(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// (b) The complaint definition (6.9(b); 5.6–5.7, numbering UNCONFIRMED).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<ComplaintDefinition>,
    /// (c), (d) The decision on each element of the complaint, with reasons (6.7, 6.9(c)–(d)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<ElementDecision>,
    /// (e) The remedy (6.9(e), 7.1–7.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Remedy>,
    /// (f) Outstanding actions (6.6, 6.9(f)). `Some(vec![])` says there are none; `None` has not
    /// said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outstanding_actions: Option<Vec<OutstandingAction>>,
    /// (g) The route onward (6.9(g) at stage 1, 6.19 at stage 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_onward: Option<RouteOnward>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<Signatory>,
    /// Who handled stage 1, for a stage 2 letter: the stage 2 handler must be someone else
    /// (6.13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage1_handler: Option<String>,
}

/// The landlord's understanding of the complaint and the outcome the resident seeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintDefinition {
    pub understanding: String,
    pub outcome_sought: String,
    /// Parts the landlord is not responsible for, and who is (5.6–5.7, UNCONFIRMED numbering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_responsible_for: Option<String>,
}

/// The decision on one element of the complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementDecision {
    /// What this part of the complaint is about, in the resident's terms.
    pub element: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// Why, citing the policy, law or good practice relied on (6.7).
    pub reasons: String,
}

/// What the landlord will do to put things right — or why nothing is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Remedy {
    Offered {
        items: Vec<RemedyItem>,
    },
    /// Nothing to put right; allowed only when no element is upheld.
    NoneDue {
        why: String,
    },
}

/// One thing the landlord will do, by when, with any compensation by head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemedyItem {
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_when: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compensation: Vec<HeadAmount>,
}

/// Something still to be done after the response; it becomes a tracked commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutstandingAction {
    pub what: String,
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

/// Where the resident goes next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "snake_case", deny_unknown_fields)]
pub enum RouteOnward {
    /// Stage 1: how to ask for stage 2. No reason is needed to escalate (6.12).
    Stage2 { how: String, contact: String },
    /// Stage 2: the Housing Ombudsman.
    Ombudsman(OmbudsmanDetails),
}

/// How to reach the Housing Ombudsman.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmbudsmanDetails {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

impl OmbudsmanDetails {
    /// The Housing Ombudsman Service's contact details as landlords publish them (e.g.
    /// <https://www.manchester.gov.uk/info/200025/complaints_comments_and_questions/8579/social_housing_complaints/2>,
    /// <https://welhat.gov.uk/policies/complaints-policy-procedure/14>). UNCONFIRMED against the
    /// Ombudsman's own site: check before relying on them; a landlord can give its own.
    pub fn housing_ombudsman() -> OmbudsmanDetails {
        OmbudsmanDetails {
            name: "Housing Ombudsman Service".to_string(),
            address: vec![
                "PO Box 1484".to_string(),
                "Unit D".to_string(),
                "Preston".to_string(),
                "PR2 0ET".to_string(),
            ],
            phone: Some("0300 111 3000".to_string()),
            email: Some("info@housing-ombudsman.org.uk".to_string()),
            website: Some("www.housing-ombudsman.org.uk".to_string()),
        }
    }
}

/// Who signs the letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub name: String,
    pub role: String,
}

impl ResponseLetter {
    /// A blank draft for `complaint`, to be filled in from the record.
    pub fn draft(
        complaint: RecordId,
        landlord: impl Into<String>,
        addressed_to: impl Into<String>,
    ) -> ResponseLetter {
        ResponseLetter {
            complaint,
            landlord: landlord.into(),
            addressed_to: addressed_to.into(),
            address: Vec::new(),
            date: None,
            stage: None,
            definition: None,
            decisions: Vec::new(),
            remedy: None,
            outstanding_actions: None,
            route_onward: None,
            signed_by: None,
            stage1_handler: None,
        }
    }

    /// Every missing or invalid element, all at once, each naming its element and item.
    pub fn check(&self) -> Result<(), LetterIncomplete> {
        let problems = check::problems(self);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(LetterIncomplete { problems })
        }
    }

    /// The letter, checked and fixed: the only way to get an [`IssuedLetter`].
    pub fn issue(self) -> Result<IssuedLetter, LetterIncomplete> {
        self.check()?;
        Ok(IssuedLetter { letter: self })
    }

    /// The draft as HTML, marked as a draft, with gaps shown where elements are missing.
    pub fn preview_html(&self) -> String {
        render::html(self, true)
    }
}

/// A letter that has passed [`ResponseLetter::check`]. It cannot be built any other way, and it
/// cannot be changed: a new draft is a new letter.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedLetter {
    letter: ResponseLetter,
}

/// One rendering of an issued letter, ready to store as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedLetter {
    pub media_type: &'static str,
    pub filename: String,
    pub bytes: Vec<u8>,
    /// Lower-case hex SHA-256 of `bytes`.
    pub sha256: String,
}

impl RenderedLetter {
    fn new(media_type: &'static str, filename: String, bytes: Vec<u8>) -> RenderedLetter {
        let sha256 = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        RenderedLetter {
            media_type,
            filename,
            bytes,
            sha256,
        }
    }

    /// The document's record id, `sha256:<hex>`.
    pub fn document_id(&self) -> Option<RecordId> {
        documents::id_for_sha256(&self.sha256)
    }
}

impl IssuedLetter {
    pub fn letter(&self) -> &ResponseLetter {
        &self.letter
    }

    pub fn stage(&self) -> Stage {
        // `check` refuses a letter without a stage.
        self.letter.stage.unwrap_or(Stage::One)
    }

    /// Accessible HTML: `lang`, headings in order, lists and a table with header cells; every
    /// piece of text escaped.
    pub fn html(&self) -> RenderedLetter {
        RenderedLetter::new(
            "text/html",
            format!("{}.html", self.file_stem()),
            render::html(&self.letter, false).into_bytes(),
        )
    }

    /// PDF 1.4 in Helvetica, A4, wrapped and paginated by [`pdf::Pdf`].
    pub fn pdf(&self) -> RenderedLetter {
        RenderedLetter::new(
            "application/pdf",
            format!("{}.pdf", self.file_stem()),
            render::pdf(&self.letter),
        )
    }

    /// The `document.added` data that records a rendering as evidence for the complaint.
    pub fn document_added(&self, rendered: &RenderedLetter) -> DocumentAdded {
        DocumentAdded {
            media_type: rendered.media_type.to_string(),
            title: render::title(&self.letter),
            filename: Some(rendered.filename.clone()),
            size: Some(rendered.bytes.len() as u64),
            held: true,
            evidences: vec![self.letter.complaint.clone()],
        }
    }

    fn file_stem(&self) -> String {
        let stage = u8::from(self.stage());
        let safe: String = self
            .letter
            .complaint
            .as_str()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{safe}-stage{stage}-response")
    }
}
