//! Staff roles and the logged-in user.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Projektbüro: oversees all areas, approves, administers.
    ProjectOffice,
    /// Aktionsraumbeauftragte/r: responsible for some areas.
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::ProjectOffice, Role::Coordinator];

    /// The stable name used in the database and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Role::ProjectOffice => "projektbuero",
            Role::Coordinator => "beauftragte",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|role| role.slug() == slug.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::ProjectOffice => "Projektbüro",
            Role::Coordinator => "Aktionsraumbeauftragte/r",
        }
    }
}

/// The proof of login: only the server creates it, from a valid session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Ids of the areas this user coordinates (empty for the Projektbüro).
    pub area_ids: Vec<i64>,
}

/// An account as the Projektbüro sees it in the user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub has_password: bool,
    /// A second factor (authenticator app) is set up.
    pub has_second_factor: bool,
    pub area_ids: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_slugs_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.slug()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}

/// What the staff start page tells about second factors: the wrong codes entered before this
/// account's last login (told once), and for the Projektbüro the accounts whose factor is locked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactorAlerts {
    pub wrong_codes_before_login: i64,
    /// (account id, name, locked since), for the Projektbüro only.
    pub locked: Vec<(i64, String, String)>,
}
