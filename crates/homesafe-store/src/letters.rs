//! Complaint response letters over the stored record: a draft filled in from the history
//! (`homesafe_core::complaints::letters::draft_from_record`), and issuing — a letter is checked,
//! rendered to HTML and PDF, both kept by SHA-256 in the [`DocumentStore`] (written and synced
//! first), then recorded by two `document.added` events, evidence for the complaint, in one
//! append. A letter missing any element is refused before anything is written.
//!
//! The draft replays the whole history on a blocking thread, as the commitment fates do.

use homesafe_core::complaints::Stage;
use homesafe_core::complaints::letters::{
    LetterIncomplete, RenderedLetter, ResponseLetter, draft_from_record,
};
use homesafe_core::events::EventData;
use homesafe_core::history::{Actor, Draft, Event, HistoryTime, RecordId};
use homesafe_core::references::RecordKind;
use jiff::civil::Date;

use crate::connect::Store;
use crate::documents::DocumentStore;
use crate::error::StoreError;

/// One rendering of an issued letter, as kept and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterDocument {
    /// `sha256:<hex>`.
    pub id: RecordId,
    pub media_type: String,
    pub filename: String,
    pub sha256: String,
    pub size: u64,
    /// False when these exact bytes were already recorded (the same letter issued before).
    pub new: bool,
}

/// A letter issued: its documents (HTML, then PDF) and the events that recorded them.
#[derive(Debug, Clone)]
pub struct IssuedLetterRecord {
    pub complaint: RecordId,
    pub stage: Stage,
    pub documents: Vec<LetterDocument>,
    /// The `document.added` events written (none when the letter was already issued).
    pub events: Vec<Event>,
}

/// Why a letter was not issued.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The letter is missing elements (every one is named); nothing was written.
    #[error(transparent)]
    Incomplete(#[from] LetterIncomplete),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// The stage `stage` response to `complaint`, drafted from the record as it stood at the end
    /// of `on` (the letter's date). [`StoreError::NotFound`] if there is no such complaint then.
    pub async fn letter_draft(
        &self,
        complaint: &RecordId,
        stage: Stage,
        on: Date,
    ) -> Result<ResponseLetter, StoreError> {
        self.complaint_exists(complaint).await?;
        let id = complaint.clone();
        self.replay_for(complaint, "the letter draft", move |events, config| {
            draft_from_record(events, config, &id, stage, on)
        })
        .await?
        .map_err(|e| StoreError::NotFound(e.to_string()))
    }

    /// Issues `letter` as `actor`: refused with every missing element if it is incomplete, and
    /// [`StoreError::NotFound`] if its complaint is not on the record — in both cases before
    /// anything is written. Otherwise the HTML and PDF are kept in `documents` (synced), then
    /// both `document.added` events are appended in one write. Issuing the same letter again
    /// writes nothing and returns the same documents.
    pub async fn issue_letter(
        &self,
        documents: &DocumentStore,
        letter: ResponseLetter,
        actor: Actor,
    ) -> Result<IssuedLetterRecord, IssueError> {
        let issued = letter.issue()?;
        let complaint = issued.letter().complaint.clone();
        self.complaint_exists(&complaint).await?;
        let renderings: Vec<RenderedLetter> = vec![issued.html(), issued.pdf()];

        // The bytes first: the record never acknowledges a document it does not hold.
        let docs = documents.clone();
        let bytes: Vec<Vec<u8>> = renderings.iter().map(|r| r.bytes.clone()).collect();
        let stored = tokio::task::spawn_blocking(move || {
            bytes
                .iter()
                .map(|b| docs.put(b))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| {
            StoreError::Io(std::io::Error::other(format!("document write task: {e}")))
        })??;

        let at = HistoryTime::now();
        let mut drafts = Vec::new();
        let mut out = Vec::new();
        for (r, s) in renderings.iter().zip(&stored) {
            if s.sha256 != r.sha256 {
                return Err(StoreError::Corrupt(format!(
                    "{}: kept as {} but rendered as {}",
                    r.filename, s.sha256, r.sha256
                ))
                .into());
            }
            let id = r
                .document_id()
                .ok_or_else(|| StoreError::Corrupt("a SHA-256 made an invalid record id".into()))?;
            let new = self.record(&id).await?.is_none();
            if new {
                drafts.push(Draft {
                    id: None,
                    subject: id.clone(),
                    at,
                    recorded: None,
                    actor: actor.clone(),
                    reason: Some(format!(
                        "The stage {} response letter to complaint '{complaint}', issued ({})",
                        u8::from(issued.stage()),
                        r.media_type
                    )),
                    corrects: None,
                    data: EventData::DocumentAdded(issued.document_added(r)),
                });
            }
            out.push(LetterDocument {
                id,
                media_type: r.media_type.to_string(),
                filename: r.filename.clone(),
                sha256: r.sha256.clone(),
                size: s.size,
                new,
            });
        }
        let events = if drafts.is_empty() {
            Vec::new()
        } else {
            self.append(drafts).await?.events
        };
        Ok(IssuedLetterRecord {
            complaint,
            stage: issued.stage(),
            documents: out,
            events,
        })
    }

    async fn complaint_exists(&self, complaint: &RecordId) -> Result<(), StoreError> {
        match self.record(complaint).await? {
            Some(r) if r.kind == RecordKind::Complaint => Ok(()),
            Some(r) => Err(StoreError::NotFound(format!(
                "no complaint '{complaint}': it is a {} record",
                r.kind.as_str()
            ))),
            None => Err(StoreError::NotFound(format!(
                "no complaint '{complaint}': no such record"
            ))),
        }
    }
}
