//! Server functions, one file per feature: state, authorization, service call.
pub mod areas;
pub mod auth;
pub mod catalogue;
pub mod invitations;
pub mod meetings;
pub mod needs;
pub mod organisations;
pub mod personal_data;
pub mod programmes;
pub mod records;
pub mod users;

/// A same-site path to continue to after login; anything else falls back to the staff start page.
pub fn safe_next_path(next: &str) -> String {
    let next = next.trim();
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && next.len() < 500
    {
        next.to_owned()
    } else {
        "/intern".to_owned()
    }
}

pub use crate::domain::format::urlencode;

#[cfg(test)]
mod tests {
    use super::{safe_next_path, urlencode};

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(urlencode("/intern/benutzer"), "/intern/benutzer");
        assert_eq!(
            urlencode("http://x/passwort?token=a_b-c"),
            "http%3A//x/passwort%3Ftoken%3Da_b-c"
        );
        assert_eq!(urlencode("Hörde & mehr"), "H%C3%B6rde%20%26%20mehr");
    }

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next_path("/intern/benutzer"), "/intern/benutzer");
        assert_eq!(safe_next_path("https://evil.example"), "/intern");
        assert_eq!(safe_next_path("//evil.example"), "/intern");
        assert_eq!(safe_next_path("/\\evil.example"), "/intern");
        assert_eq!(safe_next_path(""), "/intern");
    }
}
