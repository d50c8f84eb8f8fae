//! Meetings (Akteursgespräche): kinds, formats, the status machine, overlap rules, replies.
use super::field_of_action::FieldOfAction;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

macro_rules! coded_enum {
    ($name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

coded_enum!(MeetingKind {
    Stakeholder => "akteursgespraech", "Akteursgespräch";
    Exploratory => "sondierung", "Sondierungsgespräch";
    ProjectConference => "projektkonferenz", "Projektkonferenz";
    Other => "sonstiges", "sonstiger Termin";
});

coded_enum!(MeetingFormat {
    InPerson => "praesenz", "in Präsenz";
    Online => "online", "online";
    Hybrid => "hybrid", "hybrid";
});

coded_enum!(MeetingStatus {
    Planned => "geplant", "geplant";
    Held => "durchgefuehrt", "durchgeführt";
    Cancelled => "abgesagt", "abgesagt";
    Postponed => "verschoben", "verschoben";
});

coded_enum!(Reply {
    Yes => "zusage", "Zusage";
    No => "absage", "Absage";
    Maybe => "vielleicht", "vielleicht";
});

coded_enum!(CaptureList {
    Need => "bedarf", "Bedarfe";
    Potential => "potential", "Potentiale und Voraussetzungen";
    RoleExpectation => "anforderung", "Anforderungen an Rolle und Funktion";
});

impl MeetingStatus {
    /// The allowed changes: a planned meeting is held, cancelled or postponed; a cancellation can
    /// be taken back; held and postponed meetings stay as they are (a postponed meeting lives on
    /// in its new date).
    pub fn can_change_to(self, to: MeetingStatus) -> bool {
        use MeetingStatus::*;
        matches!(
            (self, to),
            (Planned, Held) | (Planned, Cancelled) | (Planned, Postponed) | (Cancelled, Planned)
        )
    }

    /// Whether the meeting's date and details may still be edited.
    pub fn is_editable(self) -> bool {
        self == MeetingStatus::Planned
    }
}

/// A stretch of time as instants (Unix seconds); the end is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub starts_at: i64,
    pub ends_at: i64,
}

impl Span {
    /// Overlapping means sharing a moment; one meeting ending when the next starts does not.
    pub fn overlaps(self, other: Span) -> bool {
        self.starts_at < other.ends_at && other.starts_at < self.ends_at
    }

    pub fn duration_minutes(self) -> i64 {
        (self.ends_at - self.starts_at) / 60
    }
}

/// Start and end as shown on a wall clock in Dortmund, computed by the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalSpan {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl LocalSpan {
    /// "Mo., 14.03.2022, 17:00–19:00 Uhr" (the end date is named when it differs).
    pub fn label(&self) -> String {
        let day = weekday_de(self.start.date());
        let start = self.start.format("%d.%m.%Y, %H:%M");
        if self.start.date() == self.end.date() {
            format!("{day}, {start}–{} Uhr", self.end.format("%H:%M"))
        } else {
            format!(
                "{day}, {start} Uhr – {} Uhr",
                self.end.format("%d.%m.%Y, %H:%M")
            )
        }
    }
}

pub fn weekday_de(date: NaiveDate) -> &'static str {
    use chrono::Datelike;
    match date.weekday() {
        chrono::Weekday::Mon => "Mo.",
        chrono::Weekday::Tue => "Di.",
        chrono::Weekday::Wed => "Mi.",
        chrono::Weekday::Thu => "Do.",
        chrono::Weekday::Fri => "Fr.",
        chrono::Weekday::Sat => "Sa.",
        chrono::Weekday::Sun => "So.",
    }
}

/// The same venue, however it was typed: case, spacing and punctuation do not matter.
pub fn venue_key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A meeting in lists and calendars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    pub id: i64,
    pub area_slug: String,
    pub area_name: String,
    pub title: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub when: LocalSpan,
    /// The start as Unix seconds: the list's paging position.
    pub starts_at: i64,
    pub venue_name: String,
    pub organiser_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub summary: MeetingSummary,
    pub area_id: i64,
    pub venue_address: String,
    pub venue_notes: String,
    pub format: MeetingFormat,
    pub organiser_id: i64,
    pub agenda: Vec<String>,
    pub capacity: Option<i64>,
    pub public_listed: bool,
    pub status_reason: String,
    pub postponed_to: Option<i64>,
    pub postponed_from: Option<i64>,
    pub minutes_closed: bool,
}

/// A meeting on the public list of dates: no organiser, no reasons, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicMeeting {
    pub area_slug: String,
    pub area_name: String,
    pub title: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub when: LocalSpan,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_notes: String,
    pub format: MeetingFormat,
}

impl From<MeetingDetail> for PublicMeeting {
    fn from(meeting: MeetingDetail) -> Self {
        let MeetingSummary {
            area_slug,
            area_name,
            title,
            kind,
            status,
            when,
            venue_name,
            ..
        } = meeting.summary;
        PublicMeeting {
            area_slug,
            area_name,
            title,
            kind,
            status,
            when,
            venue_name,
            venue_address: meeting.venue_address,
            venue_notes: meeting.venue_notes,
            format: meeting.format,
        }
    }
}

/// Another meeting that collides with the one being saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleConflict {
    pub meeting_id: i64,
    pub title: String,
    pub area_name: String,
    pub when: String,
    pub same_organiser: bool,
    pub same_venue: bool,
}

impl ScheduleConflict {
    pub fn describe(&self) -> String {
        let reason = match (self.same_organiser, self.same_venue) {
            (true, true) => "Die organisierende Person hat dann schon einen Termin am selben Ort",
            (true, false) => "Die organisierende Person hat zur selben Zeit einen anderen Termin",
            _ => "Der Ort ist zur selben Zeit schon belegt",
        };
        format!(
            "{reason}: „{}“ ({}, {}).",
            self.title, self.area_name, self.when
        )
    }
}

/// An invitee as the organiser sees them, with the personal reply link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub reply: Option<Reply>,
    pub reply_note: String,
    pub reply_people: Option<i64>,
    pub attended: bool,
    pub link: String,
}

impl InvitationView {
    pub fn invitee(&self) -> String {
        match &self.contact_name {
            Some(name) => format!("{name} ({})", self.organisation_name),
            None => self.organisation_name.clone(),
        }
    }
}

/// An organisation of the area that can be invited, with its contact people (id, name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationCandidate {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub contacts: Vec<(i64, String)>,
}

/// What a stakeholder sees behind their reply link: the meeting, and their answer so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyPage {
    pub invitee: String,
    pub title: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub status_reason: String,
    pub when: LocalSpan,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_notes: String,
    pub format: MeetingFormat,
    pub agenda: Vec<String>,
    pub reply: Option<Reply>,
    pub reply_note: String,
    pub reply_people: Option<i64>,
    pub open: bool,
}

/// A stakeholder's answer, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyFields {
    pub reply: Reply,
    pub note: String,
    pub people: Option<i64>,
}

impl ReplyFields {
    pub fn parse(
        reply: &str,
        note: &str,
        people: &str,
        errors: &mut super::validation::FieldErrors,
    ) -> Option<Self> {
        let reply = errors.check(
            "reply",
            Reply::parse(reply).ok_or("Bitte wählen Sie: Zusage, Absage oder vielleicht."),
        );
        let note = errors.check(
            "note",
            super::validation::optional_text(note, "die Nachricht", 1000),
        );
        let people = match people.trim() {
            "" => Some(None),
            text => errors.check(
                "people",
                text.parse::<i64>()
                    .ok()
                    .filter(|n| (0..=99).contains(n))
                    .map(Some)
                    .ok_or("Bitte geben Sie die Zahl der Personen als Zahl von 0 bis 99 an."),
            ),
        };
        let (reply, note, people) = (reply?, note?, people?);
        // Whoever declines brings nobody.
        let people = if reply == Reply::No { None } else { people };
        Some(Self {
            reply,
            note,
            people,
        })
    }
}

/// A calendar subscription as shown to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedView {
    pub label: String,
    /// "ich" or the area slug.
    pub key: String,
    pub url: Option<String>,
    /// For the Projektbüro: how many people's feeds of this area are active (it can end them
    /// all, with the key `alle:<slug>`).
    pub area_feeds: Option<i64>,
}

/// An item collected in a meeting: a need, a potential or a role expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureItem {
    pub id: String,
    pub list: CaptureList,
    pub field: Option<FieldOfAction>,
    pub title: String,
    pub detail: String,
    pub organisation_id: Option<i64>,
    pub position: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(a: i64, b: i64) -> Span {
        Span {
            starts_at: a,
            ends_at: b,
        }
    }

    #[test]
    fn overlap_shares_a_moment_back_to_back_does_not() {
        assert!(span(0, 60).overlaps(span(30, 90)));
        assert!(span(30, 90).overlaps(span(0, 60)));
        assert!(span(0, 100).overlaps(span(10, 20)));
        assert!(span(10, 20).overlaps(span(0, 100)));
        assert!(span(0, 60).overlaps(span(0, 60)));
        assert!(!span(0, 60).overlaps(span(60, 120)));
        assert!(!span(60, 120).overlaps(span(0, 60)));
        assert!(!span(0, 60).overlaps(span(61, 120)));
    }

    #[test]
    fn status_transitions_as_a_table() {
        use MeetingStatus::*;
        let allowed = [
            (Planned, Held),
            (Planned, Cancelled),
            (Planned, Postponed),
            (Cancelled, Planned),
        ];
        for &from in MeetingStatus::ALL {
            for &to in MeetingStatus::ALL {
                assert_eq!(
                    from.can_change_to(to),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
        assert!(Planned.is_editable());
        assert!(!Held.is_editable());
    }

    #[test]
    fn codes_round_trip() {
        for &k in MeetingKind::ALL {
            assert_eq!(MeetingKind::parse(k.code()), Some(k));
        }
        for &s in MeetingStatus::ALL {
            assert_eq!(MeetingStatus::parse(s.code()), Some(s));
        }
        assert_eq!(Reply::parse("zusage"), Some(Reply::Yes));
        assert_eq!(Reply::parse("ja"), None);
    }

    #[test]
    fn replies_are_checked() {
        let mut errors = super::super::validation::FieldErrors::new();
        assert!(ReplyFields::parse("ja", "", "100", &mut errors).is_none());
        assert!(errors.get("reply").is_some() && errors.get("people").is_some());
        let mut errors = super::super::validation::FieldErrors::new();
        let yes = ReplyFields::parse("zusage", " Wir kommen zu zweit ", "2", &mut errors);
        assert_eq!(
            yes,
            Some(ReplyFields {
                reply: Reply::Yes,
                note: "Wir kommen zu zweit".into(),
                people: Some(2)
            })
        );
        let no = ReplyFields::parse("absage", "", "3", &mut errors).expect("valid");
        assert_eq!(no.people, None);
    }

    #[test]
    fn venues_match_however_typed() {
        assert_eq!(
            venue_key("  Stadtteilzentrum  ADLERSTRASSE, Raum 2 "),
            venue_key("stadtteilzentrum adlerstrasse - raum 2")
        );
        assert_ne!(venue_key("Raum 2"), venue_key("Raum 3"));
    }

    #[test]
    fn local_span_labels() {
        let day = NaiveDate::from_ymd_opt(2022, 3, 14).expect("date");
        let span = LocalSpan {
            start: day.and_hms_opt(17, 0, 0).expect("time"),
            end: day.and_hms_opt(19, 0, 0).expect("time"),
        };
        assert_eq!(span.label(), "Mo., 14.03.2022, 17:00–19:00 Uhr");
        let next = LocalSpan {
            start: day.and_hms_opt(22, 0, 0).expect("time"),
            end: day
                .succ_opt()
                .expect("day")
                .and_hms_opt(1, 0, 0)
                .expect("time"),
        };
        assert_eq!(
            next.label(),
            "Mo., 14.03.2022, 22:00 Uhr – 15.03.2022, 01:00 Uhr"
        );
    }
}
