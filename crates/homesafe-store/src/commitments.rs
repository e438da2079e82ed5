//! Commitments over the stored record (requirements R9 and R14): what became of every promise
//! at a moment (`homesafe_core::commitments::fate`) and the promised-vs-done table for a home, a
//! household or a complaint (`homesafe_core::commitments::promised_vs_done`). The core decides
//! both; this module only feeds it the record and orders what comes back.
//!
//! **Scale.** The promised-vs-done table reads only its household's slice of the history
//! (`households.rs`). The fates of every commitment replay the whole history through the core on
//! every call, as [`Store::alerts_as_of_by_replay`] does: fine for one landlord's cases and the
//! demo, and the reference anything faster must equal; evaluating household group by household
//! group and keeping the results in tables, as the alert tables do, is the next step.

use homesafe_core::commitments::promised_vs_done::{self, Scope, Table};
use homesafe_core::commitments::{self, CommitmentFate, Fate};
use homesafe_core::history::Event;
use homesafe_core::references::RecordKind;
use homesafe_core::rules::RulesConfig;
use jiff::Timestamp;

use crate::connect::Store;
use crate::error::StoreError;

/// The fates from most to least urgent: broken, at risk, unverified, open, kept.
pub const FATES_BY_URGENCY: [Fate; 5] = [
    Fate::Broken,
    Fate::AtRisk,
    Fate::Unverified,
    Fate::Open,
    Fate::Kept,
];

/// Where a fate comes in [`FATES_BY_URGENCY`]: 0 is the most urgent.
pub fn urgency(fate: Fate) -> usize {
    FATES_BY_URGENCY
        .iter()
        .position(|f| *f == fate)
        .unwrap_or(FATES_BY_URGENCY.len())
}

/// Sorts fates most urgent first: by fate ([`FATES_BY_URGENCY`]), then the earliest due (the
/// longest overdue first among the broken), then the commitment's id.
pub fn sort_by_urgency(fates: &mut [CommitmentFate]) {
    fates.sort_by(|a, b| {
        (urgency(a.fate), a.due_at, &a.commitment).cmp(&(urgency(b.fate), b.due_at, &b.commitment))
    });
}

/// The kind of record a scope names: a property, a tenancy (the household) or a complaint.
pub fn scope_kind(scope: &Scope) -> RecordKind {
    match scope {
        Scope::Property(_) => RecordKind::Property,
        Scope::Household(_) => RecordKind::Tenancy,
        Scope::Complaint(_) => RecordKind::Complaint,
    }
}

impl Store {
    /// Every commitment on the record at `as_of` with its fate — open, at risk, unverified,
    /// kept or broken — the reasons and the records behind it, most urgent first
    /// ([`sort_by_urgency`]). The record is taken as it had been recorded by `as_of`.
    ///
    /// Replays the whole history through the core on a blocking thread (see the module's note
    /// on scale).
    pub async fn commitment_fates_as_of(
        &self,
        as_of: Timestamp,
    ) -> Result<Vec<CommitmentFate>, StoreError> {
        self.replay(move |events, config| {
            let mut fates = commitments::fates_at(events, config, as_of);
            sort_by_urgency(&mut fates);
            fates
        })
        .await
    }

    /// The promised-vs-done table for a home, a household (its tenancy) or a complaint, as the
    /// record stood at `as_of`: one row for everything raised, each date the landlord said it
    /// would be done, and whether and when it was. Dates keep the precision they were recorded
    /// at (a month stays `2022-05`, a year `2022`).
    ///
    /// [`StoreError::NotFound`] if the scope's record does not exist, or is not a property,
    /// tenancy or complaint as the scope says. A record that exists but was not yet on the
    /// record at `as_of` gives a table with no rows.
    ///
    /// Replays the scope's household slice of the history through the core on a blocking
    /// thread (see the module's note on scale).
    pub async fn promised_vs_done(
        &self,
        scope: Scope,
        as_of: Timestamp,
    ) -> Result<Table, StoreError> {
        let (Scope::Property(id) | Scope::Household(id) | Scope::Complaint(id)) = &scope;
        let want = scope_kind(&scope);
        match self.record(id).await? {
            None => {
                return Err(StoreError::NotFound(format!(
                    "no {} '{id}': no such record",
                    want.as_str()
                )));
            }
            Some(r) if r.kind != want => {
                return Err(StoreError::NotFound(format!(
                    "no {} '{id}': it is a {} record",
                    want.as_str(),
                    r.kind.as_str()
                )));
            }
            Some(_) => {}
        }
        let record = id.clone();
        self.replay_for(
            &record,
            "the promised-vs-done table",
            move |events, config| promised_vs_done::promised_vs_done(events, config, scope, as_of),
        )
        .await
    }

    /// Runs `f` over the whole history and [`Store::rules_config`] on a blocking thread, so the
    /// replay never holds up the server.
    pub(crate) async fn replay<T: Send + 'static>(
        &self,
        f: impl FnOnce(&[Event], &RulesConfig) -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let config = self.rules_config().await?;
        let events = self.history_events().await?;
        match tokio::task::spawn_blocking(move || f(&events, &config)).await {
            Ok(out) => Ok(out),
            Err(e) => match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(e) => Err(StoreError::Io(std::io::Error::other(format!(
                    "the replay did not finish: {e}"
                )))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use homesafe_core::history::RecordId;

    #[test]
    fn urgency_runs_broken_at_risk_unverified_open_kept() {
        let order: Vec<usize> = [
            Fate::Kept,
            Fate::Open,
            Fate::Broken,
            Fate::Unverified,
            Fate::AtRisk,
        ]
        .map(urgency)
        .to_vec();
        assert_eq!(order, [4, 3, 0, 2, 1]);
        let id = |s: &str| RecordId::parse(s).expect("id");
        assert_eq!(scope_kind(&Scope::Household(id("t"))), RecordKind::Tenancy);
    }
}
