//! Server functions, one file per feature: state, authorization, service call.
pub mod accessibility;
pub mod areas;
pub mod auth;
pub mod catalogue;
pub mod implementation;
pub mod invitations;
pub mod meetings;
pub mod needs;
pub mod office_overview;
pub mod organisations;
pub mod personal_data;
pub mod programmes;
pub mod records;
pub mod status_report;
pub mod users;

/// A same-origin path to continue to after login; anything else falls back to the staff start
/// page. The path is taken only if a browser resolving it against the app's own origin must stay
/// on that origin: it starts with one `/`, and holds no control characters or spaces (browsers
/// drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`), no backslashes
/// (read as slashes) and no percent-encoded slash, backslash or control character.
pub fn safe_next_path(next: &str) -> String {
    let fallback = || "/intern".to_owned();
    let next = next.trim();
    let bytes = next.as_bytes();
    if next.len() >= 500 || bytes.first() != Some(&b'/') || bytes.get(1) == Some(&b'/') {
        return fallback();
    }
    if next
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return fallback();
    }
    // Encoded: %2f '/', %5c '\\', %00–%1f and %7f control characters (a proxy or a later decoder
    // could turn them back).
    let encoded_danger = next.match_indices('%').any(|(at, _)| {
        next.get(at + 1..at + 3)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .is_some_and(|byte| byte < 0x20 || matches!(byte, b'/' | b'\\' | 0x7f))
    });
    if encoded_danger {
        return fallback();
    }
    next.to_owned()
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
        // What a form decodes `next=/%09/evil.example` to; browsers drop the tab.
        assert_eq!(safe_next_path("/\t/evil.example"), "/intern");
        assert_eq!(safe_next_path("/\n/evil.example"), "/intern");
        assert_eq!(safe_next_path("/%09/evil.example"), "/intern");
        assert_eq!(safe_next_path("/%2F/evil.example"), "/intern");
        assert_eq!(safe_next_path("/%5c/evil.example"), "/intern");
        assert_eq!(safe_next_path("/ /evil.example"), "/intern");
        assert_eq!(safe_next_path("https:/evil.example"), "/intern");
        assert_eq!(
            safe_next_path("/intern/bedarfe?q=Kita%20Hafen&nach=3"),
            "/intern/bedarfe?q=Kita%20Hafen&nach=3"
        );
        assert_eq!(
            safe_next_path("/intern/bedarfe/%C3%BC"),
            "/intern/bedarfe/%C3%BC"
        );
    }
}
