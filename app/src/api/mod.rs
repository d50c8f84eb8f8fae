//! Server functions, one file per feature: state, authorization, service call.
pub mod areas;
pub mod auth;
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

#[cfg(test)]
mod tests {
    use super::safe_next_path;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next_path("/intern/benutzer"), "/intern/benutzer");
        assert_eq!(safe_next_path("https://evil.example"), "/intern");
        assert_eq!(safe_next_path("//evil.example"), "/intern");
        assert_eq!(safe_next_path("/\\evil.example"), "/intern");
        assert_eq!(safe_next_path(""), "/intern");
    }
}
