//! Who did it. Every event names its actor and the role they acted in; roles are refined with
//! the web application, but they are on every event from the start.

use serde::{Deserialize, Serialize};

/// The role an actor acted in when the event was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Configures HomeSafe, issues tokens.
    Admin,
    /// Any landlord staff member without a more specific role.
    Staff,
    CallHandler,
    RepairsOfficer,
    Surveyor,
    ComplaintsHandler,
    /// Senior manager or board member responsible for complaints.
    Manager,
    Contractor,
    Operative,
    Resident,
    /// Advocate, councillor, MP or solicitor acting for a resident.
    Representative,
    Ombudsman,
    /// Read-only auditor or regulator.
    Auditor,
    /// HomeSafe itself (scheduled checks) or a system it imports from.
    System,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::Admin,
        Role::Staff,
        Role::CallHandler,
        Role::RepairsOfficer,
        Role::Surveyor,
        Role::ComplaintsHandler,
        Role::Manager,
        Role::Contractor,
        Role::Operative,
        Role::Resident,
        Role::Representative,
        Role::Ombudsman,
        Role::Auditor,
        Role::System,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::CallHandler => "call_handler",
            Role::RepairsOfficer => "repairs_officer",
            Role::Surveyor => "surveyor",
            Role::ComplaintsHandler => "complaints_handler",
            Role::Manager => "manager",
            Role::Contractor => "contractor",
            Role::Operative => "operative",
            Role::Resident => "resident",
            Role::Representative => "representative",
            Role::Ombudsman => "ombudsman",
            Role::Auditor => "auditor",
            Role::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Who wrote an event: a stable identifier (token name, operator login, legacy user), the role
/// they acted in, and optionally a display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Actor {
    pub fn new(id: impl Into<String>, role: Role) -> Self {
        Actor {
            id: id.into(),
            role,
            name: None,
        }
    }
}
