//! Who is calling, and what they may do.
//!
//! Every `/api/v1` route except the OpenAPI document takes a [`Caller`], so a handler cannot be
//! written without authentication: the extractor reads `Authorization: Bearer <secret>` and asks
//! the store whose token it is. The token's name and role become the actor of every event the
//! caller writes; a client can never choose its actor.
//!
//! The role policy here is interim (see `docs/api.md`); the web-application work refines it.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use homesafe_core::history::{Actor, Role};
use homesafe_core::records::RecordState;
use homesafe_core::references::RecordKind;

use crate::AppState;
use crate::error::ApiError;

/// What an access-log entry says the read was for.
pub const READ_PURPOSE: &str = "api read";

/// The authenticated caller: an API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The token's name.
    pub name: String,
    pub role: Role,
}

impl Caller {
    /// The actor id written on events and in the access log: `token:<name>`.
    pub fn actor_id(&self) -> String {
        format!("token:{}", self.name)
    }

    pub fn actor(&self) -> Actor {
        Actor::new(self.actor_id(), self.role)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secret = bearer_secret(parts)?;
        match state.store.authenticate(secret).await? {
            Some(identity) => Ok(Caller {
                name: identity.name,
                role: identity.role,
            }),
            None => Err(ApiError::InvalidToken),
        }
    }
}

/// The secret in `Authorization: Bearer <secret>` (scheme case-insensitive, RFC 9110 §11.1).
fn bearer_secret(parts: &Parts) -> Result<&str, ApiError> {
    let value = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or(ApiError::MissingToken)?;
    let value = value.to_str().map_err(|_| ApiError::InvalidToken)?;
    let (scheme, secret) = value.trim().split_once(' ').ok_or(ApiError::MissingToken)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::MissingToken);
    }
    let secret = secret.trim();
    if secret.is_empty() {
        return Err(ApiError::MissingToken);
    }
    Ok(secret)
}

/// Interim policy: auditors and the Ombudsman read; they never write to the record.
pub fn may_write(role: Role) -> bool {
    !matches!(role, Role::Auditor | Role::Ombudsman)
}

/// Interim policy: contractors and their operatives never see special category data
/// (vulnerabilities and reasonable adjustments: health and disability).
pub fn may_read_special_category(role: Role) -> bool {
    !matches!(role, Role::Contractor | Role::Operative)
}

/// Refuses a write for a read-only role.
pub fn check_write(caller: &Caller) -> Result<(), ApiError> {
    if may_write(caller.role) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(format!(
            "a token with role '{}' may read but not write to the record",
            caller.role.as_str()
        )))
    }
}

/// Refuses a read of records of `kind` the caller's role may not see.
pub fn check_read_kind(caller: &Caller, kind: RecordKind) -> Result<(), ApiError> {
    if kind.is_special_category() && !may_read_special_category(caller.role) {
        return Err(ApiError::Forbidden(format!(
            "{} records hold special category data, which a token with role '{}' may not read",
            kind.as_str(),
            caller.role.as_str()
        )));
    }
    Ok(())
}

/// Call before returning special category records: checks the role may read them, then writes
/// one access-log entry per record (requirements R19). If the log cannot be written, the read
/// fails: no special category data leaves without its entry.
pub async fn disclose(
    state: &AppState,
    caller: &Caller,
    records: &[&RecordState],
) -> Result<(), ApiError> {
    let actor_id = caller.actor_id();
    for record in records.iter().filter(|r| r.kind.is_special_category()) {
        check_read_kind(caller, record.kind)?;
        state
            .store
            .log_access(&actor_id, caller.role.as_str(), record, READ_PURPOSE)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interim_policy() {
        for role in Role::ALL {
            let read_only = matches!(role, Role::Auditor | Role::Ombudsman);
            assert_eq!(may_write(role), !read_only, "{}", role.as_str());
            let contractor_side = matches!(role, Role::Contractor | Role::Operative);
            assert_eq!(
                may_read_special_category(role),
                !contractor_side,
                "{}",
                role.as_str()
            );
        }
    }
}
