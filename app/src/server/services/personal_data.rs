//! Requests about personal data by e-mail address (GDPR Art. 15 and 17): the Projektbüro finds
//! everything stored about an address, exports it, or erases it. Erasures are logged as counts.
use crate::domain::email::Email;
use crate::domain::format::{date_de, date_time_de};
use crate::domain::personal_data::{
    BarrierReportRecord, DirectoryContactRecord, ErasureSummary, PersonalDataReport,
    SubmissionContactRecord, UpdateSubscriptionRecord,
};
use crate::domain::schedule::to_local;
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::{now_unix, Db};
use crate::server::repo;
use sqlx::SqliteConnection;

fn checked(email: &str) -> Result<Email, AppError> {
    Email::parse(email).map_err(|e| AppError::field("email", e.to_string()))
}

async fn collect(
    conn: &mut SqliteConnection,
    email: &Email,
) -> Result<PersonalDataReport, AppError> {
    let submissions = repo::needs::with_contact_email(conn, email.as_str())
        .await?
        .into_iter()
        .map(
            |(reference, area, at, title, name, email, consent)| SubmissionContactRecord {
                reference,
                area,
                submitted_on: date_time_de(to_local(at)),
                need_title: title,
                name,
                email,
                consent_given_on: consent.map(|c| date_time_de(to_local(c))),
            },
        )
        .collect();
    let contacts = repo::organisations::contacts_with_email(conn, email.as_str())
        .await?
        .into_iter()
        .map(
            |(_, _, organisation, name, function, email, phone, consent_on, consent_purpose)| {
                DirectoryContactRecord {
                    organisation,
                    name,
                    function,
                    email,
                    phone,
                    consent_on: chrono::NaiveDate::parse_from_str(&consent_on, "%Y-%m-%d")
                        .map(date_de)
                        .unwrap_or(consent_on),
                    consent_purpose,
                }
            },
        )
        .collect();
    let update_subscriptions = repo::need_updates::with_email(conn, email.as_str())
        .await?
        .into_iter()
        .map(|(reference, area, at)| UpdateSubscriptionRecord {
            reference,
            area,
            subscribed_on: date_time_de(to_local(at)),
        })
        .collect();
    let barrier_reports = repo::accessibility::contacts_by_email(conn, email.as_str())
        .await?
        .into_iter()
        .map(|(id, at, name)| {
            let received = to_local(at);
            BarrierReportRecord {
                reference: crate::domain::accessibility::feedback_reference(
                    chrono::Datelike::year(&received),
                    id,
                ),
                received_on: date_time_de(received),
                name,
            }
        })
        .collect();
    Ok(PersonalDataReport {
        email: email.as_str().to_owned(),
        submissions,
        contacts,
        update_subscriptions,
        barrier_reports,
    })
}

/// Everything stored about the address.
pub async fn report(
    db: &Db,
    _office: &ProjectOffice,
    email: &str,
) -> Result<PersonalDataReport, AppError> {
    let email = checked(email)?;
    let mut conn = db.read().await?;
    collect(&mut conn, &email).await
}

/// Erases the address everywhere: contact data of needs (the needs stay, anonymous), directory
/// contacts (the organisations stay), subscriptions to e-mail updates and the contact data of
/// reported barriers (the reports stay). Logged without the address.
pub async fn erase(
    db: &Db,
    office: &ProjectOffice,
    email: &str,
) -> Result<ErasureSummary, AppError> {
    let actor = office.user();
    let email = checked(email)?;
    let now = now_unix();
    let mut tx = db.write().await?;
    let contacts = repo::organisations::contacts_with_email(&mut tx, email.as_str()).await?;
    for (contact_id, organisation_id, ..) in &contacts {
        repo::organisations::erase_contact(&mut tx, *contact_id, *organisation_id, actor.id, now)
            .await?;
    }
    let submissions = repo::needs::erase_contact_email(&mut tx, email.as_str()).await? as i64;
    let subscriptions = repo::need_updates::erase_email(&mut tx, email.as_str()).await? as i64;
    let barrier_reports =
        repo::accessibility::erase_contacts_by_email(&mut tx, email.as_str(), now).await? as i64;
    let summary = ErasureSummary {
        submissions,
        contacts: contacts.len() as i64,
        subscriptions,
        barrier_reports,
    };
    if summary.total() > 0 {
        repo::needs::log_personal_data_erasure(&mut tx, actor.id, &summary, now).await?;
    }
    tx.commit().await?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::CurrentUser;

    // The services as a caller reaches them: through the door first (shadowing them here).
    async fn report(
        db: &Db,
        actor: &CurrentUser,
        email: &str,
    ) -> Result<PersonalDataReport, AppError> {
        super::report(db, &crate::server::access::project_office(actor)?, email).await
    }

    async fn erase(db: &Db, actor: &CurrentUser, email: &str) -> Result<ErasureSummary, AppError> {
        super::erase(db, &crate::server::access::project_office(actor)?, email).await
    }
    use crate::domain::organisation::{ContactFields, OrganisationFields};
    use crate::domain::user::Role;
    use crate::domain::validation::FieldErrors;
    use crate::server::services::test_support::{current, fresh_db, make_user};
    use crate::server::services::{needs, organisations};

    #[tokio::test]
    async fn the_office_finds_exports_and_erases_one_address_everywhere() {
        let (_dir, db) = fresh_db().await;
        let office = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office).await;
        let coordinator = make_user(&db, "k@stadt.example", Role::Coordinator, &["hafen"]).await;
        let coordinator = current(&db, coordinator).await;

        // A directory contact and a need with contact data, both with the same address.
        let mut errors = FieldErrors::new();
        let organisation = OrganisationFields::parse(
            "Kita Sonnenschein",
            "kita",
            "",
            vec!["hafen".into()],
            &[],
            &mut errors,
        )
        .expect("organisation");
        let organisation = organisations::create(&db, &office, organisation)
            .await
            .expect("create");
        let contact = ContactFields::parse(
            "Anna Kaya",
            "Leitung",
            "Anna.Kaya@Example.org",
            "",
            "14.02.2022",
            "Einladungen",
            &mut errors,
        )
        .expect("contact");
        crate::server::services::test_support::door::add_contact(
            &db,
            &office,
            organisation,
            contact,
        )
        .await
        .expect("contact");
        let config = crate::server::state::Config {
            public_url: "http://localhost".into(),
            link_key: crate::server::links::LinkKey::random(),
            contact_retention_months: 12,
            yearly_budget_cents: crate::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
            second_factor_for_coordinators: false,
            stale_after_months: crate::domain::implementation::DEFAULT_STALE_MONTHS,
            mail_enabled: false,
        };
        let limits = (
            crate::server::rate_limit::WindowLimiter::new(20, std::time::Duration::from_secs(600)),
            crate::server::rate_limit::WindowLimiter::new(100, std::time::Duration::from_secs(600)),
        );
        let now = now_unix();
        let (_, key) = needs::form(&db, &config, "hafen", now - 60)
            .await
            .expect("form");
        let input = crate::domain::need::SubmissionInput {
            field: "2".into(),
            title: "Mehr Kita-Plätze".into(),
            description: "Lange Warteliste.".into(),
            contact_name: "Anna Kaya".into(),
            contact_email: "anna.kaya@example.org".into(),
            consent: Some("ja".into()),
            ..Default::default()
        };
        let limits_ref = needs::SubmitLimits {
            per_ip: &limits.0,
            per_area: &limits.1,
        };
        needs::submit(
            &db, &config, limits_ref, None, "hafen", &key, "", &input, now,
        )
        .await
        .expect("need");

        assert_eq!(
            report(&db, &coordinator, "anna.kaya@example.org").await,
            Err(AppError::Forbidden)
        );
        assert!(report(&db, &office, "keine adresse")
            .await
            .expect_err("invalid")
            .field_message("email")
            .is_some());
        let found = report(&db, &office, " ANNA.KAYA@example.org ")
            .await
            .expect("report");
        assert_eq!(found.submissions.len(), 1);
        assert_eq!(found.submissions[0].need_title, "Mehr Kita-Plätze");
        assert_eq!(found.contacts.len(), 1);
        assert_eq!(found.contacts[0].consent_on, "14.02.2022");
        assert!(serde_json::to_string(&found)
            .expect("json")
            .contains("Kita Sonnenschein"));

        let erased = erase(&db, &office, "anna.kaya@example.org")
            .await
            .expect("erase");
        assert_eq!(
            erased,
            ErasureSummary {
                submissions: 1,
                contacts: 1,
                subscriptions: 0,
                barrier_reports: 0,
            }
        );
        assert!(report(&db, &office, "anna.kaya@example.org")
            .await
            .expect("again")
            .is_empty());
        // The need and the organisation stay; the log holds counts only.
        let (needs_left, names_left): (i64, i64) = sqlx::query_as(
            "SELECT count(*), sum(contact_name <> '' OR contact_email <> '' OR consent_at IS NOT NULL) FROM need_submissions",
        )
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("needs");
        assert_eq!((needs_left, names_left), (1, 0));
        let log: (i64, i64) =
            sqlx::query_as("SELECT submissions, contacts FROM personal_data_erasures")
                .fetch_one(&mut *db.read().await.expect("conn"))
                .await
                .expect("log");
        assert_eq!(log, (1, 1));
        let everything: Vec<String> = sqlx::query_scalar(
            "SELECT group_concat(submissions || contacts || erased_at) FROM personal_data_erasures",
        )
        .fetch_all(&mut *db.read().await.expect("conn"))
        .await
        .expect("log row");
        assert!(!everything.concat().contains("kaya"));
        assert_eq!(
            organisations::get(&db, &office, organisation)
                .await
                .expect("kept")
                .0
                .name,
            "Kita Sonnenschein"
        );
    }
}
