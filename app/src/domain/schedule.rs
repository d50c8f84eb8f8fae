//! Wall-clock times in Dortmund (Europe/Berlin) to instants and back, and the meeting form.
//! Server only: the time-zone rules are not shipped to the browser.
use super::format::parse_date;
use super::meeting::{venue_key, LocalSpan, MeetingFormat, MeetingKind, Span};
use super::validation::{optional_text, required_text, FieldErrors};
use chrono::{LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Europe::Berlin;

/// Longest meeting we accept; anything longer is almost certainly a typing mistake.
const MAX_HOURS: i64 = 24;

/// The instant of a Dortmund wall-clock time. In the hour skipped in spring there is no such
/// time; in the hour repeated in autumn the first (summer-time) occurrence is meant.
pub fn to_instant(local: NaiveDateTime) -> Result<i64, String> {
    match Berlin.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.timestamp()),
        LocalResult::Ambiguous(first, _) => Ok(first.timestamp()),
        LocalResult::None => Err(format!(
            "{} Uhr gibt es am {} wegen der Umstellung auf Sommerzeit nicht. Bitte wählen Sie eine Uhrzeit ab 03:00 Uhr.",
            local.format("%H:%M"),
            local.format("%d.%m.%Y")
        )),
    }
}

pub fn to_local(instant: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(instant, 0)
        .unwrap_or_default()
        .with_timezone(&Berlin)
        .naive_local()
}

pub fn local_span(span: Span) -> LocalSpan {
    LocalSpan {
        start: to_local(span.starts_at),
        end: to_local(span.ends_at),
    }
}

/// The instants from which a calendar day (in Dortmund) starts and the next one starts.
pub fn day_bounds(day: NaiveDate) -> (i64, i64) {
    let start = |d: NaiveDate| to_instant(d.and_time(NaiveTime::MIN)).unwrap_or_default();
    (start(day), start(day.succ_opt().unwrap_or(day)))
}

fn parse_time(input: &str) -> Option<NaiveTime> {
    let input = input.trim().trim_end_matches(" Uhr");
    NaiveTime::parse_from_str(input, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(input, "%H.%M"))
        .or_else(|_| NaiveTime::parse_from_str(input, "%H:%M:%S"))
        .ok()
}

/// The checked input of the meeting form (area and organiser are resolved by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    pub title: String,
    pub kind: MeetingKind,
    pub span: Span,
    pub venue_name: String,
    pub venue_key: String,
    pub venue_address: String,
    pub venue_notes: String,
    pub format: MeetingFormat,
    pub agenda: String,
    pub capacity: Option<i64>,
    pub public_listed: bool,
}

/// What the meeting form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeetingInput {
    pub title: String,
    pub kind: String,
    pub date: String,
    pub start_time: String,
    pub end_time: String,
    pub end_date: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_notes: String,
    pub format: String,
    pub agenda: String,
    pub capacity: String,
    pub public_listed: Option<String>,
}

impl MeetingFields {
    pub fn parse(input: &MeetingInput, errors: &mut FieldErrors) -> Option<Self> {
        let title = errors.check("title", required_text(&input.title, "den Titel", 200));
        let kind = errors.check(
            "kind",
            MeetingKind::parse(&input.kind).ok_or("Bitte wählen Sie die Art des Termins."),
        );
        let format = errors.check(
            "format",
            MeetingFormat::parse(&input.format).ok_or("Bitte wählen Sie das Format."),
        );
        let span = parse_span(input, errors);
        let venue_name = errors.check(
            "venue_name",
            required_text(&input.venue_name, "den Ort", 200),
        );
        let venue_address = errors.check(
            "venue_address",
            optional_text(&input.venue_address, "die Adresse", 300),
        );
        let venue_notes = errors.check(
            "venue_notes",
            optional_text(&input.venue_notes, "die Hinweise zum Ort", 1000),
        );
        let agenda = errors.check(
            "agenda",
            optional_text(&input.agenda, "die Tagesordnung", 5000).map(|a| {
                a.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        );
        let capacity = match input.capacity.trim() {
            "" => Some(None),
            text => errors.check(
                "capacity",
                text.parse::<i64>()
                    .ok()
                    .filter(|n| (1..=10_000).contains(n))
                    .map(Some)
                    .ok_or("Bitte geben Sie die Zahl der Plätze als ganze Zahl ab 1 an oder lassen Sie das Feld leer."),
            ),
        };
        if !errors.is_empty() {
            return None;
        }
        let venue_name = venue_name?;
        Some(Self {
            title: title?,
            kind: kind?,
            span: span?,
            venue_key: venue_key(&venue_name),
            venue_name,
            venue_address: venue_address?,
            venue_notes: venue_notes?,
            format: format?,
            agenda: agenda?,
            capacity: capacity?,
            public_listed: input.public_listed.is_some(),
        })
    }
}

/// Date, start and end (and an end date for meetings past midnight) to instants.
pub fn parse_span(input: &MeetingInput, errors: &mut FieldErrors) -> Option<Span> {
    let date = errors.check(
        "date",
        parse_date(&input.date).ok_or("Bitte geben Sie das Datum an, zum Beispiel 14.03.2022."),
    );
    let start = errors.check(
        "start_time",
        parse_time(&input.start_time).ok_or("Bitte geben Sie den Beginn an, zum Beispiel 17:00."),
    );
    let end = errors.check(
        "end_time",
        parse_time(&input.end_time).ok_or("Bitte geben Sie das Ende an, zum Beispiel 19:00."),
    );
    let end_date = if input.end_date.trim().is_empty() {
        date
    } else {
        errors.check(
            "end_date",
            parse_date(&input.end_date)
                .ok_or("Bitte geben Sie das Enddatum an oder lassen Sie das Feld leer."),
        )
    };
    let (date, start, end, end_date) = (date?, start?, end?, end_date?);
    let starts_at = errors.check("start_time", to_instant(date.and_time(start)));
    let ends_at = errors.check("end_time", to_instant(end_date.and_time(end)));
    let span = Span {
        starts_at: starts_at?,
        ends_at: ends_at?,
    };
    if span.ends_at <= span.starts_at {
        errors.add(
            "end_time",
            "Das Ende muss nach dem Beginn liegen. Endet der Termin erst am nächsten Tag, geben Sie bitte auch das Enddatum an.",
        );
        return None;
    }
    if span.ends_at - span.starts_at > MAX_HOURS * 3600 {
        errors.add(
            "end_time",
            "Ein Termin darf höchstens 24 Stunden dauern. Bitte prüfen Sie Datum und Uhrzeiten.",
        );
        return None;
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(date: &str, start: &str, end: &str, end_date: &str) -> MeetingInput {
        MeetingInput {
            title: "Akteursgespräch".into(),
            kind: "akteursgespraech".into(),
            date: date.into(),
            start_time: start.into(),
            end_time: end.into(),
            end_date: end_date.into(),
            venue_name: "Stadtteilzentrum".into(),
            format: "praesenz".into(),
            ..MeetingInput::default()
        }
    }

    fn span(date: &str, start: &str, end: &str, end_date: &str) -> Result<Span, FieldErrors> {
        let mut errors = FieldErrors::new();
        parse_span(&input(date, start, end, end_date), &mut errors).ok_or(errors)
    }

    #[test]
    fn winter_and_summer_time_offsets() {
        // 14.03.2022 17:00 CET = 16:00 UTC; 14.06.2022 17:00 CEST = 15:00 UTC.
        assert_eq!(
            span("2022-03-14", "17:00", "19:00", "").map(|s| s.starts_at),
            Ok(1_647_273_600)
        );
        assert_eq!(
            span("14.06.2022", "17:00", "19:00", "").map(|s| s.starts_at),
            Ok(1_655_218_800)
        );
    }

    #[test]
    fn spring_change_day_is_one_hour_shorter() {
        // 27.03.2022: the clocks jump from 02:00 to 03:00.
        let s = span("2022-03-27", "01:00", "04:00", "").expect("valid");
        assert_eq!(s.duration_minutes(), 120);
        let errors = span("2022-03-27", "02:30", "04:00", "").expect_err("no such time");
        assert!(errors
            .get("start_time")
            .expect("message")
            .contains("Sommerzeit"));
    }

    #[test]
    fn autumn_change_day_is_one_hour_longer() {
        // 30.10.2022: the clocks go back from 03:00 to 02:00.
        let s = span("2022-10-30", "01:00", "04:00", "").expect("valid");
        assert_eq!(s.duration_minutes(), 240);
        // The repeated 02:30 means its first occurrence, still in summer time (00:30 UTC).
        let s = span("2022-10-30", "02:30", "03:30", "").expect("valid");
        assert_eq!(s.starts_at, 1_667_089_800);
        assert_eq!(s.duration_minutes(), 120);
    }

    #[test]
    fn overlap_is_judged_on_instants_across_the_change() {
        // Back to back across the spring change: 01:00–03:00 (one real hour) and 03:00–04:00.
        let a = span("2022-03-27", "01:00", "03:00", "").expect("valid");
        let b = span("2022-03-27", "03:00", "04:00", "").expect("valid");
        assert_eq!(a.duration_minutes(), 60);
        assert!(!a.overlaps(b));
        // Across midnight and the change: 22:00 on the 26th to 03:30 overlaps 03:15–05:00.
        let night = span("2022-03-26", "22:00", "03:30", "2022-03-27").expect("valid");
        let early = span("2022-03-27", "03:15", "05:00", "").expect("valid");
        assert!(night.overlaps(early));
        assert_eq!(night.duration_minutes(), 270);
        // In autumn, 02:30 (summer time) to 02:15 (winter time) is a real 45 minutes, but our
        // rule reads 02:15 as summer time too, so the form asks for a proper end.
        assert!(span("2022-10-30", "02:30", "02:15", "").is_err());
    }

    #[test]
    fn end_before_start_and_overlong_meetings_are_refused() {
        let errors = span("2022-03-14", "19:00", "17:00", "").expect_err("end first");
        assert!(errors
            .get("end_time")
            .expect("message")
            .contains("Enddatum"));
        assert!(span("2022-03-14", "19:00", "19:00", "2022-03-16").is_err());
        assert!(span("2022-03-14", "23:00", "01:00", "2022-03-15").is_ok());
    }

    #[test]
    fn bad_dates_and_times_name_their_field() {
        let errors = span("gestern", "5 Uhr", "", "").expect_err("invalid");
        assert!(errors.get("date").is_some());
        assert!(errors.get("start_time").is_some());
        assert!(errors.get("end_time").is_some());
    }

    #[test]
    fn local_times_round_trip() {
        let local = NaiveDate::from_ymd_opt(2022, 10, 30)
            .expect("date")
            .and_hms_opt(4, 0, 0)
            .expect("time");
        assert_eq!(to_local(to_instant(local).expect("valid")), local);
        let (start, end) = day_bounds(NaiveDate::from_ymd_opt(2022, 10, 30).expect("date"));
        assert_eq!(end - start, 25 * 3600);
    }

    #[test]
    fn the_whole_form_is_checked() {
        let mut errors = FieldErrors::new();
        let mut bad = input("2022-03-14", "17:00", "19:00", "");
        bad.capacity = "viele".into();
        bad.kind = "party".into();
        assert!(MeetingFields::parse(&bad, &mut errors).is_none());
        assert!(errors.get("capacity").is_some());
        assert!(errors.get("kind").is_some());

        let mut good = input("2022-03-14", "17:00", "19:00", "");
        good.agenda = " Begrüßung \n\n Bedarfe sammeln \n".into();
        good.capacity = "30".into();
        let mut errors = FieldErrors::new();
        let fields = MeetingFields::parse(&good, &mut errors).expect("valid");
        assert_eq!(fields.agenda, "Begrüßung\nBedarfe sammeln");
        assert_eq!(fields.capacity, Some(30));
        assert_eq!(fields.venue_key, "stadtteilzentrum");
    }
}
