//! iCalendar (RFC 5545) output for meetings: one event per meeting, times in UTC.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEvent {
    pub uid: String,
    /// Raised by every change, so that calendars replace their copy.
    pub sequence: i64,
    /// When this version of the meeting was last changed (Unix seconds).
    pub changed_at: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    pub cancelled: bool,
}

fn utc(instant: i64) -> String {
    chrono::DateTime::from_timestamp(instant, 0)
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines longer than 75 octets are folded (CRLF and a space), never inside a character.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A whole calendar; `name` titles a subscribed feed.
pub fn calendar(name: Option<&str>, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(
        &mut out,
        "PRODID:-//Stadt Dortmund//Aktionsplan Soziale Stadt//DE",
    );
    push_line(&mut out, "CALSCALE:GREGORIAN");
    if let Some(name) = name {
        push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    }
    for event in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape(&event.uid)));
        push_line(&mut out, &format!("DTSTAMP:{}", utc(event.changed_at)));
        push_line(
            &mut out,
            &format!("LAST-MODIFIED:{}", utc(event.changed_at)),
        );
        push_line(&mut out, &format!("SEQUENCE:{}", event.sequence));
        push_line(&mut out, &format!("DTSTART:{}", utc(event.starts_at)));
        push_line(&mut out, &format!("DTEND:{}", utc(event.ends_at)));
        push_line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        if !event.location.is_empty() {
            push_line(&mut out, &format!("LOCATION:{}", escape(&event.location)));
        }
        if !event.description.is_empty() {
            push_line(
                &mut out,
                &format!("DESCRIPTION:{}", escape(&event.description)),
            );
        }
        if !event.url.is_empty() {
            push_line(&mut out, &format!("URL:{}", event.url));
        }
        let status = if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        push_line(&mut out, &format!("STATUS:{status}"));
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_umlauts() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "ä".repeat(60));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
