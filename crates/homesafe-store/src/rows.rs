//! Conversions between rows and domain values, and the multi-row statements bulk writes use.
//! Everything is stored as TEXT or BIGINT so one code path serves both backends.

use homesafe_core::history::{Event, HistoryTime, RecordId, parse_line};
use homesafe_core::records::RecordState;
use homesafe_core::references::RecordKind;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::connect::Backend;
use crate::error::StoreError;

/// Rows per multi-row INSERT: well inside SQLite's and PostgreSQL's parameter limits.
pub(crate) const ROWS_PER_STATEMENT: usize = 400;

/// The `n`th bind parameter (1-based) in the backend's preferred form. SQLite gets anonymous
/// `?`: resolving `$N` names costs a scan of the statement's parameter list per bind, which
/// makes a bulk statement quadratic. PostgreSQL only understands `$N`. (The one dialect
/// difference in bulk SQL; statements with a fixed handful of parameters use `$N` everywhere.)
pub(crate) fn param(backend: Backend, n: usize, out: &mut String) {
    match backend {
        Backend::Sqlite => out.push('?'),
        Backend::Postgres => {
            out.push('$');
            out.push_str(&n.to_string());
        }
    }
}

/// `n` comma-separated parameters, for `IN (…)` lists.
pub(crate) fn param_list(backend: Backend, n: usize) -> String {
    let mut out = String::with_capacity(n * 4);
    for i in 1..=n {
        if i > 1 {
            out.push(',');
        }
        param(backend, i, &mut out);
    }
    out
}

/// `INSERT INTO {table} ({cols}) VALUES (…),(…) {suffix}` for `rows` rows.
pub(crate) fn multi_row_insert(
    backend: Backend,
    table: &str,
    cols: &[&str],
    rows: usize,
    suffix: &str,
) -> String {
    let mut sql = String::with_capacity(64 + rows * cols.len() * 6);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&cols.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..cols.len() {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            param(backend, n, &mut sql);
        }
        sql.push(')');
    }
    if !suffix.is_empty() {
        sql.push(' ');
        sql.push_str(suffix);
    }
    sql
}

/// A stored event back from its body and hash, re-checked on the way.
pub(crate) fn event_from_row(body: &str, hash: &str) -> Result<Event, StoreError> {
    let line = format!(
        "{},\"hash\":\"{hash}\"}}",
        &body[..body.len().saturating_sub(1)]
    );
    let parsed = parse_line(0, &line).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    match parsed {
        homesafe_core::history::ParsedLine::Sealed(e) => Ok(e),
        homesafe_core::history::ParsedLine::Draft(_) => {
            Err(StoreError::Corrupt("stored event without a hash".into()))
        }
    }
}

pub(crate) const RECORD_COLUMNS: &str =
    "id, kind, status, property, opened, updated, created_seq, updated_seq, state";

pub(crate) fn record_from_row(row: &AnyRow) -> Result<RecordState, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("records.{what}"));
    let id: String = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let property: Option<String> = row.try_get("property")?;
    let opened: String = row.try_get("opened")?;
    let updated: String = row.try_get("updated")?;
    let state: String = row.try_get("state")?;
    let fields = match serde_json::from_str(&state) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => return Err(corrupt("state")),
    };
    Ok(RecordState {
        id: RecordId::parse(id).map_err(|_| corrupt("id"))?,
        kind: RecordKind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
        status: row.try_get("status")?,
        property: property
            .map(RecordId::parse)
            .transpose()
            .map_err(|_| corrupt("property"))?,
        opened: opened
            .parse::<HistoryTime>()
            .map_err(|_| corrupt("opened"))?,
        updated: updated
            .parse::<HistoryTime>()
            .map_err(|_| corrupt("updated"))?,
        created_seq: row.try_get::<i64, _>("created_seq")? as u64,
        updated_seq: row.try_get::<i64, _>("updated_seq")? as u64,
        fields,
    })
}

/// The `state` column: the record's fields in canonical JSON, so rebuilds compare byte for byte.
pub(crate) fn state_json(state: &RecordState) -> String {
    let mut out = String::with_capacity(256);
    homesafe_core::history::write_canonical_object(&state.fields, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_statements_number_their_parameters_in_order() {
        assert_eq!(
            multi_row_insert(
                Backend::Postgres,
                "t",
                &["a", "b"],
                2,
                "ON CONFLICT DO NOTHING"
            ),
            "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            multi_row_insert(Backend::Sqlite, "t", &["a", "b"], 2, ""),
            "INSERT INTO t (a, b) VALUES (?,?),(?,?)"
        );
    }
}
