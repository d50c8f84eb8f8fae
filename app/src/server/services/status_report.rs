//! The Sachstandsbericht for the committee: the Projektbüro's overview of the whole city, the
//! decisions on areas up to the meeting, and the outlook the Projektbüro writes.
use crate::domain::format::date_time_de;
use crate::domain::schedule::to_local;
use crate::domain::status_report::{parse_outlook, ReportArea, ReportDecision, StatusReport};
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::Db;
use crate::server::repo;
use crate::server::services::office_overview;
use chrono::NaiveDate;

/// The name of the outlook among the report's texts.
const OUTLOOK: &str = "ausblick";

/// "2026-12-07" as a date input sends it; empty: `today`.
pub fn meeting_date(input: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(today);
    }
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d.%m.%Y"))
        .map_err(|_| {
            AppError::field(
                "datum",
                "Bitte geben Sie das Datum der Sitzung an, zum Beispiel 07.12.2026.",
            )
        })
}

/// The report for the committee meeting on `meeting_on`, with today's figures.
pub async fn report(
    db: &Db,
    office: &ProjectOffice,
    meeting_on: NaiveDate,
    yearly_budget_cents: i64,
    now: i64,
) -> Result<StatusReport, AppError> {
    let overview = office_overview::overview(db, office, None, yearly_budget_cents).await?;
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
        figures_on: to_local(now).date(),
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
        let before = report(&db, &office, day(2026, 12, 7), 1, NOW)
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
        let after = report(&db, &office, day(2030, 1, 1), 1, NOW)
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
        let written = report(&db, &office, day(2026, 12, 7), 1, NOW)
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
