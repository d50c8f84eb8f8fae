//! The Sachstandsbericht for the committee: the Projektbüro's overview of the whole city, the
//! decisions on areas up to the meeting, and the outlook the Projektbüro writes.
use crate::domain::format::date_time_de;
use crate::domain::schedule::{day_bounds, to_local};
use crate::domain::status_report::{parse_outlook, ReportArea, ReportDecision, StatusReport};
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::Db;
use crate::server::repo;
use crate::server::services::office_overview;
use chrono::NaiveDate;

/// The name of the outlook among the report's texts.
const OUTLOOK: &str = "ausblick";

/// "2026-12-07" as a date input sends it (or "07.12.2026"); empty: `today`. `field` names the
/// form field a wrong date is told at.
fn parse_date(
    input: &str,
    today: NaiveDate,
    field: &str,
    message: &str,
) -> Result<NaiveDate, AppError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(today);
    }
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d.%m.%Y"))
        .map_err(|_| AppError::field(field, message))
}

/// The date of the committee meeting; empty: today.
pub fn meeting_date(input: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    parse_date(
        input,
        today,
        "datum",
        "Bitte geben Sie das Datum der Sitzung an, zum Beispiel 07.12.2026.",
    )
}

/// The day whose figures the report shows ("Datenstand"); empty: the meeting's day, or today
/// for a meeting still to come. Not after the meeting and not after today.
pub fn figures_date(
    input: &str,
    meeting_on: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let figures_on = parse_date(
        input,
        meeting_on.min(today),
        "stand",
        "Bitte geben Sie den Tag des Datenstands an, zum Beispiel 30.11.2026.",
    )?;
    if figures_on > today {
        return Err(AppError::field(
            "stand",
            "Der Datenstand kann nicht in der Zukunft liegen. Wählen Sie heute oder einen Tag davor.",
        ));
    }
    if figures_on > meeting_on {
        return Err(AppError::field(
            "stand",
            "Der Datenstand kann nicht nach der Sitzung liegen. Wählen Sie den Sitzungstag oder einen Tag davor.",
        ));
    }
    Ok(figures_on)
}

/// The report as the page and the PDF ask for it: the meeting's date and the day of the figures
/// as the form sends them.
pub async fn for_request(
    db: &Db,
    office: &ProjectOffice,
    meeting: &str,
    figures: &str,
    yearly_budget_cents: i64,
    now: i64,
) -> Result<StatusReport, AppError> {
    let today = to_local(now).date();
    let meeting_on = meeting_date(meeting, today)?;
    let figures_on = figures_date(figures, meeting_on, today)?;
    report(db, office, meeting_on, figures_on, yearly_budget_cents, now).await
}

/// The report for the committee meeting on `meeting_on` with the figures as they stood at the
/// end of `figures_on` (today's: as they are now).
pub async fn report(
    db: &Db,
    office: &ProjectOffice,
    meeting_on: NaiveDate,
    figures_on: NaiveDate,
    yearly_budget_cents: i64,
    now: i64,
) -> Result<StatusReport, AppError> {
    let today = to_local(now).date();
    let figures_on = figures_on.min(today);
    let until = (figures_on < today).then(|| day_bounds(figures_on).1 - 1);
    let overview =
        office_overview::overview_at(db, office, None, yearly_budget_cents, until).await?;
    let mut conn = db.read().await?;
    let areas = repo::areas::list(&mut conn)
        .await?
        .into_iter()
        .filter(|a| a.retired_on.is_none_or(|retired| retired > meeting_on))
        .map(|a| ReportArea {
            name: a.name,
            kind: a.kind.label().to_owned(),
            district: a.district,
        })
        .collect();
    let decisions = repo::status_report::decisions_until(&mut conn, meeting_on)
        .await?
        .into_iter()
        .map(|(effective_on, area, decision, summary)| ReportDecision {
            effective_on,
            area,
            decision,
            summary,
        })
        .collect();
    let (outlook, outlook_changed) = match repo::status_report::text(&mut conn, OUTLOOK).await? {
        Some((body, by, at)) => (
            body,
            format!(
                "zuletzt geändert am {}{}",
                date_time_de(to_local(at)),
                by.map(|name| format!(" von {name}")).unwrap_or_default()
            ),
        ),
        None => (String::new(), String::new()),
    };
    Ok(StatusReport {
        meeting_on,
        figures_on,
        figures_past: until.is_some(),
        areas,
        decisions,
        overview,
        outlook,
        outlook_changed,
    })
}

/// The Projektbüro writes what comes next.
pub async fn save_outlook(
    db: &Db,
    office: &ProjectOffice,
    text: &str,
    now: i64,
) -> Result<(), AppError> {
    let text = parse_outlook(text).map_err(|m| AppError::field("outlook", m))?;
    let mut tx = db.write().await?;
    repo::status_report::save_text(&mut tx, OUTLOOK, &text, office.user().id, now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;
    use crate::server::access;
    use crate::server::services::test_support::{current, fresh_db, make_user};

    const NOW: i64 = 1_796_000_000; // November 2026

    #[tokio::test]
    async fn the_report_lists_the_decisions_up_to_the_meeting_and_keeps_the_outlook() {
        let (_dir, db) = fresh_db().await;
        let office_user = current(
            &db,
            make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await,
        )
        .await;
        let office = access::project_office(&office_user).expect("office");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let today = to_local(NOW).date();
        let mut conn = db.write().await.expect("writer");
        sqlx::query(
            "INSERT INTO area_changes (area_id, effective_on, decision, summary)
             SELECT id, '2030-01-01', 'Ratsbeschluss DS-Nr. 99999-29', 'Art: Aktionsquartier'
             FROM areas WHERE slug = 'hafen'",
        )
        .execute(&mut *conn)
        .await
        .expect("a future decision");
        conn.commit().await.expect("commit");
        let before = report(&db, &office, day(2026, 12, 7), today, 1, NOW)
            .await
            .expect("report");
        assert_eq!(
            before.areas.len(),
            15,
            "13 Aktionsräume and 2 Aktionsquartiere"
        );
        assert!(before
            .decisions
            .iter()
            .all(|d| !d.decision.contains("99999-29")));
        let after = report(&db, &office, day(2030, 1, 1), today, 1, NOW)
            .await
            .expect("report");
        assert!(after
            .decisions
            .iter()
            .any(|d| d.decision.contains("99999-29") && d.area == "Hafen"));

        assert_eq!(before.outlook, "");
        save_outlook(
            &db,
            &office,
            "  2027: Fortschreibung der Programme.\r\n",
            NOW,
        )
        .await
        .expect("saved");
        save_outlook(
            &db,
            &office,
            "2027: Fortschreibung aller Programme.",
            NOW + 60,
        )
        .await
        .expect("saved again");
        let written = report(&db, &office, day(2026, 12, 7), today, 1, NOW)
            .await
            .expect("report");
        assert_eq!(written.outlook, "2027: Fortschreibung aller Programme.");
        assert!(
            written.outlook_changed.contains("von Test Person"),
            "{}",
            written.outlook_changed
        );
        assert!(matches!(
            save_outlook(&db, &office, &"x".repeat(7000), NOW).await,
            Err(AppError::Validation(_))
        ));
    }

    /// A need's moderation, a programme's publication and a measure's Umsetzung, each on its own
    /// day: the report for each day shows the state of that day, the report for today the
    /// current one.
    #[tokio::test]
    async fn a_past_day_shows_the_figures_of_that_day() {
        use crate::domain::catalogue::AcceptInput;
        use crate::domain::implementation::ImplementationInput;
        use crate::domain::programme::ProgrammeContent;
        use crate::server::services::test_support::{door, publish_first_version, submit_need};
        use crate::server::services::{catalogue, implementation};

        const DAY: i64 = 86_400;
        let (_dir, db) = fresh_db().await;
        let kai = current(
            &db,
            make_user(&db, "kai@stadt.example", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let office_user = current(
            &db,
            make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await,
        )
        .await;
        let office = access::project_office(&office_user).expect("office");
        let start = NOW - 40 * DAY;
        let on = |days: i64| to_local(start + days * DAY).date();
        let today = to_local(NOW).date();

        // Day 0: A arrives; day 1: A accepted; day 2: B arrives; day 3: B rejected; day 4: undone.
        let a = submit_need(
            &db,
            "hafen",
            "Sprachkurs für Eltern",
            "Viele Eltern möchten Deutsch lernen.",
            start,
        )
        .await;
        door::accept(
            &db,
            &kai,
            a,
            &AcceptInput {
                field: "2".into(),
                title: "Sprachkurs für Eltern".into(),
            },
            start + DAY,
        )
        .await
        .expect("accepted");
        let b = submit_need(
            &db,
            "hafen",
            "Bänke am Hafen",
            "Es fehlen Bänke an der Promenade.",
            start + 2 * DAY,
        )
        .await;
        let b_staff = access::need_of(&db, &kai, b).await.expect("b");
        catalogue::reject(&db, &b_staff, "Schon vorhanden.", start + 3 * DAY)
            .await
            .expect("rejected");
        catalogue::undo(&db, &b_staff, start + 4 * DAY)
            .await
            .expect("undone");
        // Day 5: the programme with a measure answering A is published; day 6: it is done.
        let content: ProgrammeContent = serde_json::from_str(&format!(
            r#"{{"situation":"Lage am Hafen","measures":[
                {{"id":"m1","field":"ParentsAndChildren","title":"Elterncafé","status":"Planned",
                  "project_funds_cents":250000,"need_ids":[{a}]}}]}}"#
        ))
        .expect("content");
        publish_first_version(&db, &kai, &office_user, "hafen", &content, start + 5 * DAY).await;
        let measure = access::measure_of(&db, &kai, "hafen", "m1")
            .await
            .expect("measure");
        let done = ImplementationInput {
            state: "umgesetzt".into(),
            progress: "100".into(),
            spent_project_funds: "2000".into(),
            started_on: "01.10.2026".into(),
            ended_on: "25.10.2026".into(),
            note: "Fertig.".into(),
            ..ImplementationInput::default()
        };
        implementation::update(&db, &measure, &done, start + 6 * DAY)
            .await
            .expect("updated");

        let figures = |report: &StatusReport| {
            let hafen = report
                .overview
                .areas
                .iter()
                .find(|a| a.slug == "hafen")
                .expect("Hafen")
                .clone();
            (
                hafen.needs[1],
                hafen.published_version,
                hafen.head_version,
                hafen.measures,
                hafen.spent_cents[0],
            )
        };
        let at = |day: i64| {
            let db = &db;
            let office = &office;
            async move {
                let report = report(db, office, today, on(day), 1, NOW)
                    .await
                    .expect("report");
                assert!(report.figures_past);
                assert_eq!(report.figures_on, on(day));
                figures(&report)
            }
        };
        // [new, accepted, answered] in Handlungsfeld 2; published and newest version; measures
        // per state (geplant … entfallen); money spent from the Projektmittel.
        let nothing = ([0, 0, 0], None, 0, [0; 5], 0);
        assert_eq!(at(-1).await, nothing, "before anything happened");
        assert_eq!(at(0).await, ([1, 0, 0], None, 0, [0; 5], 0));
        assert_eq!(at(1).await, ([0, 1, 0], None, 0, [0; 5], 0));
        assert_eq!(at(2).await, ([1, 1, 0], None, 0, [0; 5], 0));
        assert_eq!(at(3).await, ([0, 1, 0], None, 0, [0; 5], 0), "B rejected");
        assert_eq!(at(4).await, ([1, 1, 0], None, 0, [0; 5], 0), "the undo");
        assert_eq!(
            at(5).await,
            ([1, 1, 1], Some(1), 1, [1, 0, 0, 0, 0], 0),
            "published: A answered, the measure planned"
        );
        assert_eq!(
            at(6).await,
            ([1, 1, 1], Some(1), 1, [0, 0, 1, 0, 0], 200_000),
            "the measure done, the money spent"
        );
        // Today's report reads today's figures; they agree with the last past day.
        let now = report(&db, &office, today, today, 1, NOW)
            .await
            .expect("today");
        assert!(!now.figures_past);
        assert_eq!(figures(&now), at(6).await);
        assert!(now.figures_note().starts_with("Datenstand: "));
    }

    #[test]
    fn the_figures_are_of_a_day_not_after_the_meeting_nor_today() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).expect("date");
        let today = day(6);
        assert_eq!(figures_date("", day(10), today).ok(), Some(today));
        assert_eq!(figures_date("", day(3), today).ok(), Some(day(3)));
        assert_eq!(
            figures_date("2026-12-01", day(10), today).ok(),
            Some(day(1))
        );
        for (input, meeting) in [("2026-12-07", day(10)), ("2026-12-04", day(3))] {
            assert!(
                matches!(
                    figures_date(input, meeting, today),
                    Err(AppError::Validation(ref e)) if e.0[0].field == "stand"
                ),
                "{input}"
            );
        }
        assert!(figures_date("gestern", day(10), today).is_err());
    }

    #[test]
    fn the_meeting_date_comes_as_a_date_input_or_german() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        assert_eq!(meeting_date("", today).ok(), Some(today));
        assert_eq!(
            meeting_date("2026-12-07", today).ok(),
            NaiveDate::from_ymd_opt(2026, 12, 7)
        );
        assert_eq!(
            meeting_date("07.12.2026", today).ok(),
            NaiveDate::from_ymd_opt(2026, 12, 7)
        );
        assert!(matches!(
            meeting_date("morgen", today),
            Err(AppError::Validation(_))
        ));
    }
}
