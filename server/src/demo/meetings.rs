//! Demo meetings: the Akteursgespräche of 2022 in all 15 areas (most held and recorded, some
//! planned, one cancelled, one postponed), with invitations, replies, attendance and minutes,
//! and upcoming public Projektkonferenzen.
use super::directory::{DemoOrganisation, Directory};
use super::{fail, Staff};
use app::domain::area::Area;
use app::domain::field_of_action::FieldOfAction;
use app::domain::meeting::{CaptureItem, CaptureList, MeetingStatus};
use app::domain::record::{Change, ChangeEnvelope};
use app::domain::schedule::MeetingInput;
use app::domain::user::CurrentUser;
use app::server::access;
use app::server::db::now_unix;
use app::server::db::Db;
use app::server::repo;
use app::server::services::invitations::{self, Invitee};
use app::server::services::meetings::{self, StatusChange};
use app::server::services::records;
use app::server::state::Config;
use chrono::{Datelike as _, Days, NaiveDate, Weekday};

/// Needs per Handlungsfeld: (title, detail).
const NEEDS: [&[(&str, &str)]; 3] = [
    &[
        ("Beratung zu Arbeit und Ausbildung direkt im Quartier", "Viele trauen sich nicht in die Innenstadt; eine offene Sprechstunde im Stadtteilzentrum würde helfen."),
        ("Sprachkurse mit Kinderbetreuung", "Mütter mit kleinen Kindern können die Kurse sonst nicht besuchen."),
        ("Begleitung beim Übergang von der Schule in den Beruf", "Jugendliche ohne Abschluss brauchen feste Ansprechpersonen über mehrere Jahre."),
        ("Hilfe bei der Anerkennung ausländischer Berufsabschlüsse", "Fachkräfte arbeiten weit unter ihrer Qualifikation."),
        ("Mehr Praktikumsplätze bei Betrieben im Stadtteil", ""),
        ("Qualifizierung für Langzeitarbeitslose im Quartier", "Zum Beispiel in der Pflege oder im Garten- und Landschaftsbau."),
        ("Digitale Grundkenntnisse für die Jobsuche", "Bewerbungen laufen fast nur noch online."),
    ],
    &[
        ("Mehr Kita-Plätze für Kinder unter drei Jahren", "Die Wartelisten sind lang, besonders für Familien, die neu zugezogen sind."),
        ("Hausaufgabenhilfe nach der Schule", "Ehrenamtliche sind da, es fehlen Räume und Koordination."),
        ("Ferienangebote für Kinder aus Familien mit wenig Geld", ""),
        ("Elterncafé mit Beratung in mehreren Sprachen", "Eltern erreicht man am besten dort, wo sie ohnehin sind: an Kita und Schule."),
        ("Schwimmkurse für Grundschulkinder", "Viele Kinder können am Ende der Grundschule nicht schwimmen."),
        ("Bekanntmachen von Bildung und Teilhabe (BuT)", "Leistungen werden oft nicht abgerufen, weil Familien sie nicht kennen."),
        ("Gesundes Frühstück in Kita und Grundschule", ""),
    ],
    &[
        ("Treffpunkt für ältere Menschen im Quartier", "Seit der Schließung des Cafés gibt es keinen Ort ohne Verzehrzwang."),
        ("Spielplätze sauber und sicher halten", "Glasscherben und kaputte Geräte werden spät beseitigt."),
        ("Nachbarschaftsfest für alle Kulturen", ""),
        ("Vermittlung bei Konflikten in den Wohnhäusern", "Lärm und Müll führen zu Streit; eine neutrale Stelle fehlt."),
        ("Mehr Bänke und Grün auf dem Platz", ""),
        ("Informationen in einfacher Sprache und mehreren Sprachen", "Aushänge und Flyer erreichen viele Menschen nicht."),
        ("Bessere Beleuchtung am Weg zur Haltestelle", "Besonders Frauen meiden den Weg am Abend."),
    ],
];

const POTENTIALS: [(&str, &str); 6] = [
    (
        "Engagierte Vereine mit langer Tradition",
        "Sie erreichen Familien, die sonst kaum jemand erreicht.",
    ),
    (
        "Gut vernetzte Träger im Quartier",
        "Die Träger kennen sich und arbeiten schon zusammen.",
    ),
    (
        "Stadtteilzentrum als Treffpunkt",
        "Räume können abends und am Wochenende genutzt werden.",
    ),
    ("Viele mehrsprachige Ehrenamtliche", ""),
    ("Aktive Elternschaft an der Grundschule", ""),
    (
        "Freiflächen, die gemeinsam gestaltet werden können",
        "Die Wohnungsgenossenschaft ist offen für Vorschläge.",
    ),
];

const ROLE_EXPECTATIONS: [(&str, &str); 5] = [
    (
        "Aktionsraumbeauftragte als feste Ansprechperson vor Ort",
        "Regelmäßige Sprechzeiten im Quartier.",
    ),
    ("Träger und Initiativen besser miteinander vernetzen", ""),
    (
        "Einfacher und schneller Zugang zum Aktionsraumfonds",
        "Kleine Vorhaben scheitern an aufwendigen Anträgen.",
    ),
    ("Zweimal im Jahr ein Akteurstreffen", ""),
    (
        "Ergebnisse und Entscheidungen transparent zurückmelden",
        "Was ist aus unseren Vorschlägen geworden?",
    ),
];

const AGENDA: &str = "Begrüßung und Vorstellungsrunde
Was braucht das Quartier? Bedarfe in den drei Handlungsfeldern
Potentiale und Voraussetzungen im Gebiet
Erwartungen an den Aktionsplan und die Aktionsraumbeauftragten
Wie geht es weiter? Das Aktionsprogramm für das Gebiet";

const STREETS: [&str; 5] = [
    "Schillerstraße",
    "Kirchplatz",
    "Am Markt",
    "Bahnhofstraße",
    "Lindenweg",
];

/// What happens to an area's Akteursgespräch 2022 in the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Held, minutes closed (`true`) or still a draft.
    Held(bool),
    /// Postponed once, then held at the new date.
    PostponedThenHeld,
    Planned,
    Cancelled,
}

fn outcome(index: usize) -> Outcome {
    match index {
        3 | 7 => Outcome::Held(false),
        11 => Outcome::PostponedThenHeld,
        12 | 13 => Outcome::Planned,
        14 => Outcome::Cancelled,
        _ => Outcome::Held(true),
    }
}

fn meeting_input(area: &Area, index: usize, date: NaiveDate, public: bool) -> MeetingInput {
    let (start, end) = if index.is_multiple_of(3) {
        ("10:00", "12:30")
    } else {
        ("17:00", "19:30")
    };
    MeetingInput {
        title: format!("Akteursgespräch {}", area.name),
        kind: "akteursgespraech".into(),
        date: date.to_string(),
        start_time: start.into(),
        end_time: end.into(),
        end_date: String::new(),
        venue_name: format!("Stadtteilzentrum {}", area.name),
        venue_address: format!(
            "{} {}, 44{:03} Dortmund",
            STREETS[index % STREETS.len()],
            3 + index * 4,
            135 + index * 17
        ),
        venue_notes: if index.is_multiple_of(2) {
            "Barrierefreier Zugang über den Hof, Aufzug vorhanden.".into()
        } else {
            "Eingang mit zwei Stufen; eine Rampe wird auf Wunsch angelegt.".into()
        },
        format: if index == 5 { "hybrid" } else { "praesenz" }.into(),
        agenda: AGENDA.into(),
        capacity: "40".into(),
        public_listed: public.then(|| "ja".to_owned()),
    }
}

/// `offset` days after `base`, moved to the Monday after when that falls on a weekend.
fn day(base: NaiveDate, offset: usize) -> Result<NaiveDate, String> {
    let date = base
        .checked_add_days(Days::new(offset as u64))
        .ok_or("Datum außerhalb des Kalenders")?;
    let weekend = match date.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    date.checked_add_days(Days::new(weekend))
        .ok_or_else(|| "Datum außerhalb des Kalenders".to_owned())
}

fn first_round() -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(2022, 2, 22).ok_or_else(|| "Datum außerhalb des Kalenders".to_owned())
}

async fn schedule(
    db: &Db,
    organiser: &CurrentUser,
    area: &Area,
    input: &MeetingInput,
) -> Result<i64, String> {
    schedule_confirmed(db, organiser, area, input, false).await
}

/// `overlap_confirmed`: as when the coordinator confirms a warned overlap.
async fn schedule_confirmed(
    db: &Db,
    organiser: &CurrentUser,
    area: &Area,
    input: &MeetingInput,
    overlap_confirmed: bool,
) -> Result<i64, String> {
    let staff = access::area_of(db, organiser, &area.slug)
        .await
        .map_err(fail)?;
    meetings::schedule(
        db,
        &staff,
        &organiser.id.to_string(),
        input,
        overlap_confirmed,
    )
    .await
    .map_err(fail)
}

/// Invites the area's organisations (their contact person where there is one) and stores
/// replies as if they had come in through the reply links.
async fn invite_and_reply(
    db: &Db,
    config: &Config,
    organiser: &CurrentUser,
    meeting_id: i64,
    organisations: &[DemoOrganisation],
    index: usize,
) -> Result<(), String> {
    let invitees: Vec<Invitee> = organisations
        .iter()
        .map(|o| match o.contact_id {
            Some(contact) => Invitee::Contact(contact),
            None => Invitee::Organisation(o.id),
        })
        .collect();
    let proof = access::meeting_of(db, organiser, meeting_id)
        .await
        .map_err(fail)?;
    invitations::invite(db, config, &proof, &invitees)
        .await
        .map_err(fail)?;
    let mut conn = db.write().await.map_err(fail)?;
    let rows = repo::invitations::for_meeting(&mut conn, meeting_id)
        .await
        .map_err(fail)?;
    let now = now_unix();
    for (n, row) in rows.iter().enumerate() {
        let (reply, note, people) = match (n + index) % 6 {
            0..=2 => ("zusage", "", Some(1 + (n % 2) as i64)),
            3 => (
                "absage",
                "Leider haben wir an dem Tag eine Teamsitzung. Bitte halten Sie uns auf dem Laufenden.",
                None,
            ),
            4 => ("vielleicht", "Wir versuchen, jemanden zu schicken.", Some(1)),
            _ => continue,
        };
        repo::invitations::set_reply(&mut conn, row.id, reply, note, people, now)
            .await
            .map_err(fail)?;
    }
    conn.commit().await.map_err(fail)
}

fn minutes(area: &Area, present: usize) -> String {
    format!(
        "## Akteursgespräch {name}\n\n\
         Anwesend waren {present} Vertreterinnen und Vertreter von Einrichtungen, Vereinen und \
         Initiativen aus dem Gebiet. Die Aktionsraumbeauftragte stellte den Aktionsplan Soziale \
         Stadt und den Ablauf bis zum Aktionsprogramm vor.\n\n\
         ### Ergebnisse\n\n\
         - Die Bedarfe wurden nach den drei Handlungsfeldern gesammelt (siehe Listen).\n\
         - Mehrere Teilnehmende betonten, dass Angebote **im Quartier** stattfinden müssen.\n\
         - Die Träger wollen sich künftig regelmäßig austauschen.\n\n\
         ### Verabredungen\n\n\
         1. Das Protokoll geht allen Eingeladenen zu.\n\
         2. Ein Entwurf des Aktionsprogramms wird im Herbst vorgestellt.\n\
         3. Weitere Bedarfe können über das Formular gemeldet werden.\n",
        name = area.name
    )
}

/// The record of a held meeting as the browser would have sent it: attendance, a walk-in,
/// minutes and the three capture lists.
async fn record(
    db: &Db,
    organiser: &CurrentUser,
    meeting_id: i64,
    area: &Area,
    organisations: &[DemoOrganisation],
    index: usize,
) -> Result<(), String> {
    let mut conn = db.read().await.map_err(fail)?;
    let rows = repo::invitations::for_meeting(&mut conn, meeting_id)
        .await
        .map_err(fail)?;
    drop(conn);
    let mut changes = Vec::new();
    let mut present = 0;
    for row in &rows {
        let came = matches!(row.reply.as_deref(), Some("zusage"))
            || (row.reply.as_deref() == Some("vielleicht") && index.is_multiple_of(2));
        if came {
            present += 1;
            changes.push(Change::Attendance {
                invitation_id: row.id,
                attended: true,
            });
        }
    }
    changes.push(Change::AddWalkIn {
        id: format!("demo-gast-{meeting_id}"),
        organisation_name: "Bewohnerin aus dem Quartier".into(),
        person_name: String::new(),
    });
    changes.push(Change::AddWalkIn {
        id: format!("demo-gast2-{meeting_id}"),
        organisation_name: "Moscheegemeinde".into(),
        person_name: "Herr A.".into(),
    });
    changes.push(Change::Minutes {
        text: minutes(area, present + 2),
    });
    let mut items: Vec<(CaptureList, Option<FieldOfAction>, &str, &str)> = Vec::new();
    for (field_index, field) in FieldOfAction::ALL.into_iter().enumerate() {
        let list = NEEDS[field_index];
        let count = 2 + (index + field_index) % 2;
        for k in 0..count {
            let (title, detail) = list[(index * 2 + k * 3 + field_index) % list.len()];
            items.push((CaptureList::Need, Some(field), title, detail));
        }
    }
    for k in 0..2 {
        let (title, detail) = POTENTIALS[(index + k * 2) % POTENTIALS.len()];
        items.push((CaptureList::Potential, None, title, detail));
        let (title, detail) = ROLE_EXPECTATIONS[(index * 3 + k) % ROLE_EXPECTATIONS.len()];
        items.push((CaptureList::RoleExpectation, None, title, detail));
    }
    for (n, (list, field, title, detail)) in items.into_iter().enumerate() {
        changes.push(Change::UpsertItem {
            item: CaptureItem {
                id: format!("demo-{meeting_id}-{n:03}"),
                list,
                field,
                title: title.into(),
                detail: detail.into(),
                organisation_id: Some(organisations[(n + index) % organisations.len()].id),
                position: n as i64,
            },
        });
    }
    let envelopes = changes
        .into_iter()
        .enumerate()
        .map(|(n, change)| ChangeEnvelope {
            id: format!("demo-aenderung-{meeting_id}-{n:03}"),
            change,
        })
        .collect();
    let proof = access::meeting_of(db, organiser, meeting_id)
        .await
        .map_err(fail)?;
    records::apply_changes(db, &proof, envelopes)
        .await
        .map_err(fail)?;
    Ok(())
}

async fn set_status(
    db: &Db,
    actor: &CurrentUser,
    meeting_id: i64,
    to: MeetingStatus,
    change: StatusChange,
) -> Result<i64, String> {
    let proof = access::meeting_of(db, actor, meeting_id)
        .await
        .map_err(fail)?;
    meetings::change_status(db, &proof, to, change)
        .await
        .map_err(fail)
}

/// Creates the meetings; returns how many there are. At `scale` N each area also has the
/// Projektkonferenzen and other dates of the years 2019 to 2026 (about 40 per N over all areas).
pub async fn fill(
    db: &Db,
    config: &Config,
    staff: &Staff,
    directory: &Directory,
    scale: usize,
) -> Result<usize, String> {
    let mut count = 0;
    for (index, (area, organisations)) in directory.iter().enumerate() {
        let organiser = staff.coordinator_of(area.id)?;
        // Spread over 2022: one area every eleven days from the end of February.
        let date = day(first_round()?, index * 11)?;
        let outcome = outcome(index);
        let input = meeting_input(area, index, date, outcome == Outcome::Planned);
        let mut id = schedule(db, organiser, area, &input).await?;
        count += 1;
        invite_and_reply(db, config, organiser, id, organisations, index).await?;
        match outcome {
            Outcome::Planned => continue,
            Outcome::Cancelled => {
                let change = StatusChange {
                    reason: "Zu wenige Zusagen in den Sommerferien; ein neuer Termin wird mit den Akteuren abgestimmt.".into(),
                    ..StatusChange::default()
                };
                set_status(db, organiser, id, MeetingStatus::Cancelled, change).await?;
                continue;
            }
            Outcome::PostponedThenHeld => {
                let later =
                    meeting_input(area, index, day(first_round()?, index * 11 + 21)?, false);
                let change = StatusChange {
                    reason: "Der Saal ist wegen eines Wasserschadens gesperrt.".into(),
                    new_date: Some(later),
                    confirmed: false,
                };
                id = set_status(db, organiser, id, MeetingStatus::Postponed, change).await?;
                count += 1;
                invite_and_reply(db, config, organiser, id, organisations, index + 1).await?;
            }
            Outcome::Held(_) => {}
        }
        set_status(
            db,
            organiser,
            id,
            MeetingStatus::Held,
            StatusChange::default(),
        )
        .await?;
        record(db, organiser, id, area, organisations, index).await?;
        if outcome != Outcome::Held(false) {
            let proof = access::meeting_of(db, organiser, id).await.map_err(fail)?;
            records::close(db, &proof).await.map_err(fail)?;
        }
        if index == 0 {
            let proof = access::meeting_of(db, organiser, id).await.map_err(fail)?;
            records::add_addendum(
                db,
                &proof,
                "Korrektur: Die Grundschule bietet die Hausaufgabenhilfe schon dienstags an; gewünscht ist ein zweiter Nachmittag.",
            )
            .await
            .map_err(fail)?;
        }
    }
    count += upcoming_conferences(db, staff, directory).await?;
    count += more_years(db, staff, directory, (scale - 1) * 40).await?;
    Ok(count)
}

/// `total` further dates spread over the areas and the years 2019 to 2026: the past ones held,
/// every tenth cancelled, the future ones planned.
async fn more_years(
    db: &Db,
    staff: &Staff,
    directory: &Directory,
    total: usize,
) -> Result<usize, String> {
    let start = NaiveDate::from_ymd_opt(2019, 1, 7).ok_or("Datum außerhalb des Kalenders")?;
    let today = app::domain::schedule::to_local(now_unix()).date();
    let span = usize::try_from((today - start).num_days() + 120).unwrap_or(2_900);
    for n in 0..total {
        let (area, _) = &directory[n % directory.len()];
        let organiser = staff.coordinator_of(area.id)?;
        let date = day(start, n * span / total.max(1))?;
        let mut input = meeting_input(area, n, date, n.is_multiple_of(3));
        if n.is_multiple_of(2) {
            input.title = format!("Projektkonferenz {} ({})", area.name, n / 2 + 1);
            input.kind = "projektkonferenz".into();
        } else {
            input.title = format!("Arbeitskreis Quartier {} ({})", area.name, n / 2 + 1);
            input.kind = "sonstiges".into();
        }
        // Busy coordinators: an overlap with another date is confirmed, as the form allows.
        let id = schedule_confirmed(db, organiser, area, &input, true).await?;
        if date >= today {
            continue;
        }
        let (to, change) = if n % 10 == 9 {
            let change = StatusChange {
                reason: "Der Raum stand nicht zur Verfügung.".into(),
                ..StatusChange::default()
            };
            (MeetingStatus::Cancelled, change)
        } else {
            (MeetingStatus::Held, StatusChange::default())
        };
        set_status(db, organiser, id, to, change).await?;
    }
    Ok(total)
}

/// A few Projektkonferenzen in the coming weeks, listed publicly, so that the calendar and the
/// public list of dates show what lies ahead.
async fn upcoming_conferences(
    db: &Db,
    staff: &Staff,
    directory: &Directory,
) -> Result<usize, String> {
    let today = app::domain::schedule::to_local(now_unix()).date();
    let mut count = 0;
    for (n, (area, _)) in directory.iter().enumerate().step_by(4) {
        let organiser = staff.coordinator_of(area.id)?;
        let date = day(today, 14 + n * 3)?;
        let mut input = meeting_input(area, n, date, true);
        input.title = format!("Projektkonferenz {}: Aktionsraumfonds", area.name);
        input.kind = "projektkonferenz".into();
        input.agenda = "Vorstellung der Projektideen\nEntscheidung über den Aktionsraumfonds (5.000 €)\nVerschiedenes".into();
        schedule(db, organiser, area, &input).await?;
        count += 1;
    }
    Ok(count)
}
