//! The remedies ledger over the stored record (requirements R10): every remedy of a complaint or
//! Ombudsman case, a household or a home, from offer to paid, as the record stood at a moment
//! (`homesafe_core::remedies::ledger`). The core decides it; this module checks the scope's record
//! and feeds the core the history.
//!
//! **Scale.** Reads only the scope's household slice of the history (`households.rs`), as the
//! promised-vs-done table does.

use homesafe_core::references::RecordKind;
use homesafe_core::remedies::ledger::{self, Ledger, Scope};
use jiff::Timestamp;

use crate::connect::Store;
use crate::error::StoreError;

/// The kinds of record a ledger scope may name, in words for a refusal.
pub fn ledger_scope_kinds(scope: &Scope) -> (&'static [RecordKind], &'static str) {
    match scope {
        Scope::Case(_) => (
            &[RecordKind::Complaint, RecordKind::OmbudsmanCase],
            "complaint or ombudsman_case",
        ),
        Scope::Household(_) => (&[RecordKind::Tenancy], "tenancy"),
        Scope::Property(_) => (&[RecordKind::Property], "property"),
    }
}

impl Store {
    /// The remedies ledger for a case, a household (its tenancy) or a home, as the record stood
    /// at `as_of`.
    ///
    /// [`StoreError::NotFound`] if the scope's record does not exist or is not of a kind the
    /// scope takes. A record not yet on the record at `as_of` gives a ledger with no remedies.
    pub async fn remedies_ledger(
        &self,
        scope: Scope,
        as_of: Timestamp,
    ) -> Result<Ledger, StoreError> {
        let (Scope::Case(id) | Scope::Household(id) | Scope::Property(id)) = &scope;
        let (kinds, words) = ledger_scope_kinds(&scope);
        match self.record(id).await? {
            None => {
                return Err(StoreError::NotFound(format!(
                    "no {words} '{id}': no such record"
                )));
            }
            Some(r) if !kinds.contains(&r.kind) => {
                return Err(StoreError::NotFound(format!(
                    "no {words} '{id}': it is a {} record",
                    r.kind.as_str()
                )));
            }
            Some(_) => {}
        }
        let record = id.clone();
        self.replay_for(&record, "the remedies ledger", move |events, config| {
            ledger::ledger(events, config, scope, as_of)
        })
        .await
    }
}
