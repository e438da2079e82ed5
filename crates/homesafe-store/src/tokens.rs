//! API bearer tokens. The secret is shown once at creation; only its SHA-256 is stored, so a
//! copy of the database does not hand out working tokens.

use homesafe_core::history::{Hash, Role};
use sqlx::Row;

use crate::connect::Store;
use crate::error::StoreError;

/// A token just created: the only time its secret is available.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
    pub secret: String,
}

/// Who a presented token belongs to: becomes the actor of every event written with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenIdentity {
    pub name: String,
    pub role: Role,
}

fn new_secret() -> Result<String, StoreError> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
    Ok(format!(
        "hs_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

fn secret_hash(secret: &str) -> String {
    Hash::of(secret.as_bytes()).to_string()
}

impl Store {
    pub async fn create_token(
        &self,
        name: &str,
        role: Role,
        created_by: &str,
    ) -> Result<NewToken, StoreError> {
        if name.trim().is_empty() || name.len() > 100 {
            return Err(StoreError::invalid(
                None,
                "name",
                "a token needs a name of 1 to 100 characters",
            ));
        }
        let secret = new_secret()?;
        let result = sqlx::query(
            "INSERT INTO api_tokens (name, role, secret_sha256, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(secret_hash(&secret))
        .bind(jiff::Timestamp::now().to_string())
        .bind(created_by)
        .execute(&self.pool)
        .await;
        match result {
            Ok(_) => Ok(NewToken {
                name: name.to_string(),
                role,
                secret,
            }),
            Err(sqlx::Error::Database(e))
                if e.kind() == sqlx::error::ErrorKind::UniqueViolation =>
            {
                Err(StoreError::Conflict(format!(
                    "a token named '{name}' already exists"
                )))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The identity behind a presented secret, if it is a live token.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<TokenIdentity>, StoreError> {
        let row = sqlx::query(
            "SELECT name, role FROM api_tokens WHERE secret_sha256 = $1 AND revoked_at IS NULL",
        )
        .bind(secret_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role")?;
        let role = Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("token role '{role}'")))?;
        Ok(Some(TokenIdentity {
            name: row.try_get("name")?,
            role,
        }))
    }

    /// Issues a new secret for the token `name` (creating it if needed): the old secret stops
    /// working, the name — and so the actor on events written with it — stays the same.
    pub async fn rotate_token(
        &self,
        name: &str,
        role: Role,
        by: &str,
    ) -> Result<NewToken, StoreError> {
        let secret = new_secret()?;
        let done = sqlx::query(
            "UPDATE api_tokens SET secret_sha256 = $1, role = $2, revoked_at = NULL, created_at = $3, created_by = $4 WHERE name = $5",
        )
        .bind(secret_hash(&secret))
        .bind(role.as_str())
        .bind(jiff::Timestamp::now().to_string())
        .bind(by)
        .bind(name)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return self.create_token(name, role, by).await;
        }
        Ok(NewToken {
            name: name.to_string(),
            role,
            secret,
        })
    }

    pub async fn revoke_token(&self, name: &str) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(jiff::Timestamp::now().to_string())
        .bind(name)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("live token '{name}'")));
        }
        Ok(())
    }
}
