//! The public needs form: checks against abuse without CAPTCHAs (honeypot, minimum fill time,
//! rate limits per IP and per area), each form stored once, the receipt; and the area's
//! submissions for its staff.
use crate::domain::area::Area;
use crate::domain::catalogue::{NeedSource, NeedStatus};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::need::{
    reference, SubmissionFields, SubmissionInput, SubmissionReceipt, SubmissionView,
};
use crate::domain::schedule::to_local;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::server::access::{AreaStaff, OrganisationEditor};
use crate::server::db::Db;
use crate::server::form_token;
use crate::server::rate_limit::WindowLimiter;
use crate::server::repo::{self, catalogue::NewNeed, needs::SubmissionRow};
use crate::server::search::need_stems;
use crate::server::services::need_updates;
use crate::server::state::Config;
use crate::server::token;
use chrono::Datelike as _;
use std::net::IpAddr;
use std::time::Instant;

/// The limits a submission must pass; a community centre's Wi-Fi is one IP for many people.
pub struct SubmitLimits<'a> {
    pub per_ip: &'a WindowLimiter,
    pub per_area: &'a WindowLimiter,
}

/// What became of a sent form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Stored (now or the first time this form came); the key opens the receipt.
    Stored { key: String },
    /// The hidden field was filled in: a bot. Nothing is stored and nothing said.
    Ignored,
}

fn purpose(slug: &str) -> String {
    format!("bedarf:{slug}")
}

async fn open_area(db: &Db, slug: &str) -> Result<Area, AppError> {
    let mut conn = db.read().await?;
    repo::areas::by_slug(&mut conn, slug)
        .await?
        .filter(|a| a.retired_on.is_none())
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))
}

/// The area and a fresh form key for its form.
pub async fn form(
    db: &Db,
    config: &Config,
    slug: &str,
    now: i64,
) -> Result<(Area, String), AppError> {
    let area = open_area(db, slug).await?;
    let key = form_token::issue(&config.link_key, &purpose(&area.slug), now);
    Ok((area, key))
}

/// The `von` value of an organisation's personal form link: its id and a MAC over the area and
/// the id, so that nobody can put another organisation's name into a form by editing the address.
fn organisation_code(config: &Config, slug: &str, organisation_id: i64) -> String {
    let mac = config
        .link_key
        .token(format!("bedarf-organisation:{slug}:{organisation_id}").as_bytes());
    format!("{organisation_id}-{}", &mac[..22])
}

/// The organisation a personal form link names; `None` for a spoiled or foreign code (the form
/// then simply starts empty).
pub async fn organisation_of_link(
    db: &Db,
    config: &Config,
    slug: &str,
    code: &str,
) -> Result<Option<String>, AppError> {
    let Some(id) = code
        .split_once('-')
        .and_then(|(id, _)| id.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    let expected = organisation_code(config, slug, id);
    if !token::same_mac(&expected, code) {
        return Ok(None);
    }
    let mut conn = db.read().await?;
    Ok(repo::organisations::by_id(&mut conn, id)
        .await?
        .map(|o| o.name))
}

/// Personal form links of an organisation, one per area it is active in: (area, address).
pub async fn organisation_links(
    db: &Db,
    config: &Config,
    editor: &OrganisationEditor,
) -> Result<Vec<(String, String)>, AppError> {
    let areas = repo::areas::list(&mut *db.read().await?).await?;
    Ok(areas
        .into_iter()
        .filter(|a| a.retired_on.is_none() && editor.area_ids().contains(&a.id))
        .map(|a| {
            let code = organisation_code(config, &a.slug, editor.organisation_id());
            let url = format!("{}/bedarf/{}?von={code}", config.public_url, a.slug);
            (a.name, url)
        })
        .collect())
}

pub async fn submit(
    db: &Db,
    config: &Config,
    limits: SubmitLimits<'_>,
    client: Option<IpAddr>,
    slug: &str,
    form_key: &str,
    trap: &str,
    input: &SubmissionInput,
    now: i64,
) -> Result<Submitted, AppError> {
    let area = open_area(db, slug).await?;
    if !trap.trim().is_empty() {
        tracing::info!(area = %area.slug, "needs form: honeypot filled, ignored");
        return Ok(Submitted::Ignored);
    }
    // Field errors first: a person who sends too early learns what is missing.
    let mut errors = FieldErrors::new();
    let fields = SubmissionFields::parse(input, &mut errors).ok_or(AppError::Validation(errors))?;
    let key = form_token::verify_public(&config.link_key, &purpose(&area.slug), form_key, now)?;
    let key_hash = token::hash(&key.nonce);
    let mut conn = db.read().await?;
    if is_resend(repo::needs::by_key(&mut conn, &key_hash).await?, &fields)? {
        return Ok(Submitted::Stored { key: key.nonce });
    }
    drop(conn);

    let clock = Instant::now();
    let ip_key = client.map(|ip| format!("ip:{}", crate::server::request::limit_key(ip)));
    let area_key = format!("area:{}", area.id);
    // Counted before the write, each in one step with its check (parallel forms cannot all
    // pass); a form that is refused or not stored gives its count back.
    let too_many = |retry_after_secs| AppError::TooManyRequests { retry_after_secs };
    if let Some(ip_key) = &ip_key {
        limits.per_ip.take(&[ip_key], clock).map_err(too_many)?;
    }
    let give_back_ip = || {
        if let Some(ip_key) = &ip_key {
            limits.per_ip.give_back(ip_key);
        }
    };
    if let Err(retry_after_secs) = limits.per_area.take(&[&area_key], clock) {
        give_back_ip();
        return Err(too_many(retry_after_secs));
    }

    // Stored in a group commit: at a rush of forms one fsync carries many of them.
    let area_id = area.id;
    let tracking_key = key.nonce.clone();
    let link_key = config.link_key.clone();
    db.write_grouped(move |tx| {
        Box::pin(async move {
            // A resend that raced this one is answered with the first.
            if is_resend(repo::needs::by_key(tx, &key_hash).await?, &fields)? {
                return Ok(());
            }
            let year = to_local(now).year();
            let number = repo::needs::next_number(tx, "B", year).await?;
            let reference = reference(year, number);
            let submission_id =
                repo::needs::insert(tx, &reference, &key_hash, area_id, &fields, now).await?;
            if let Some(email) = &fields.updates_email {
                let language = &fields.language;
                need_updates::subscribe(
                    tx,
                    &link_key,
                    submission_id,
                    area_id,
                    email,
                    language,
                    &tracking_key,
                    now,
                )
                .await?;
            }
            // The need enters the area's catalogue at once, waiting for moderation.
            let stems = need_stems(&fields.title, &fields.description, &fields.organisation);
            repo::catalogue::insert(
                tx,
                &NewNeed {
                    reference: &reference,
                    area_id,
                    field: fields.field,
                    title: &fields.title,
                    description: &fields.description,
                    organisation: &fields.organisation,
                    source: NeedSource::Form,
                    submission_id: Some(submission_id),
                    meeting_item_id: None,
                    status: NeedStatus::New,
                    noted_at: now,
                    created_by: None,
                    stems: &stems,
                },
                now,
            )
            .await?;
            Ok(())
        })
    })
    .await
    .inspect_err(|_| {
        give_back_ip();
        limits.per_area.give_back(&area_key);
    })?;
    Ok(Submitted::Stored { key: key.nonce })
}

/// Whether a form key came back with what was stored under it before (a double click, a reload
/// of the POST): then it is answered with the first. Other content under a used key is refused
/// with a fresh form, never dropped; a key unused so far is no resend.
fn is_resend(
    stored: Option<repo::needs::SubmissionRow>,
    fields: &SubmissionFields,
) -> Result<bool, AppError> {
    let Some(row) = stored else {
        return Ok(false);
    };
    let same = row.field_number == i64::from(fields.field.number())
        && row.title == fields.title
        && row.description == fields.description
        && row.affected == fields.affected
        && row.organisation_name == fields.organisation;
    if same {
        Ok(true)
    } else {
        Err(form_token::sent_again_changed())
    }
}

/// The receipt behind the key the submitter's browser got; 404 for any other key.
/// Erases name and e-mail of the submissions sent before their area's programme was approved,
/// once `months` have passed since that approval, and their subscriptions to e-mail updates;
/// the needs stay, anonymous. Returns how many contact data and subscriptions were erased.
pub async fn erase_expired_contacts(db: &Db, months: u32, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let erased = repo::needs::erase_contacts_after_approval(&mut tx, months, now).await?;
    // The addresses for e-mail updates follow the same rule.
    let unsubscribed = repo::need_updates::erase_after_approval(&mut tx, months, now).await?;
    tx.commit().await?;
    Ok(erased + unsubscribed)
}

/// The receipt behind a key; `public_url` makes the tracking link absolute (for printing).
pub async fn receipt(db: &Db, key: &str, public_url: &str) -> Result<SubmissionReceipt, AppError> {
    let mut conn = db.read().await?;
    let row = repo::needs::by_key(&mut conn, &token::hash(key.trim()))
        .await?
        .ok_or_else(|| AppError::not_found("Diese Eingangsbestätigung"))?;
    Ok(SubmissionReceipt {
        reference: row.reference,
        area_slug: row.area_slug,
        area_name: row.area_name,
        field: FieldOfAction::from_number(row.field_number).unwrap_or(FieldOfAction::Work),
        title: row.title,
        with_contact: !row.contact_name.is_empty() || !row.contact_email.is_empty(),
        with_updates: repo::need_updates::counts_for_submission(&mut conn, row.id)
            .await?
            .is_some(),
        language: row.language,
        tracking_url: format!("{public_url}{}", tracking_path(key.trim())),
        tracking_qr_svg: String::new(),
    })
}

/// The address of a need's trail: the receipt key is the only way in.
pub fn tracking_path(key: &str) -> String {
    format!("/verfolgen/{}", crate::domain::format::urlencode(key))
}

pub(crate) fn view(row: SubmissionRow) -> SubmissionView {
    SubmissionView {
        id: row.id,
        reference: row.reference,
        field: FieldOfAction::from_number(row.field_number).unwrap_or(FieldOfAction::Work),
        title: row.title,
        description: row.description,
        affected: row.affected,
        organisation: row.organisation_name,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        submitted_on: to_local(row.submitted_at).date(),
        need_id: row.need_id,
        status: row
            .status
            .as_deref()
            .and_then(NeedStatus::from_code)
            .unwrap_or(NeedStatus::New),
        language: row.language,
    }
}

/// The area's submissions, newest first, for its coordinators and the Projektbüro (with the
/// submitters' contact data).
pub async fn for_area(db: &Db, staff: &AreaStaff) -> Result<Vec<SubmissionView>, AppError> {
    let mut conn = db.read().await?;
    let shown = crate::domain::need::AREA_SUBMISSIONS_SHOWN as i64;
    Ok(repo::needs::for_area(&mut conn, staff.area().id, shown)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::CurrentUser;

    // The services as a caller reaches them: through the door (`server::access`) first. These
    // shadow the service functions of the same name.
    async fn for_area(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
    ) -> Result<Vec<SubmissionView>, AppError> {
        super::for_area(db, &crate::server::access::area_of(db, actor, slug).await?).await
    }

    async fn organisation_links(
        db: &Db,
        config: &Config,
        actor: &CurrentUser,
        id: i64,
    ) -> Result<Vec<(String, String)>, AppError> {
        let editor = crate::server::access::organisation_of(db, actor, id).await?;
        super::organisation_links(db, config, &editor).await
    }
    use crate::domain::user::Role;
    use crate::server::links::LinkKey;
    use crate::server::services::test_support::{current, fresh_db, make_user};
    use std::time::Duration;

    fn config() -> Config {
        Config {
            public_url: "http://localhost".into(),
            link_key: LinkKey::random(),
            contact_retention_months: 12,
            yearly_budget_cents: crate::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
            second_factor_for_coordinators: false,
            stale_after_months: crate::domain::implementation::DEFAULT_STALE_MONTHS,
            mail_enabled: false,
        }
    }

    fn input(title: &str) -> SubmissionInput {
        SubmissionInput {
            field: "3".into(),
            title: title.into(),
            description: "Seit das Café zu hat, gibt es keinen Ort ohne Verzehrzwang.".into(),
            ..SubmissionInput::default()
        }
    }

    struct Limits(WindowLimiter, WindowLimiter);

    impl Limits {
        fn new(per_ip: usize, per_area: usize) -> Self {
            Self(
                WindowLimiter::new(per_ip, Duration::from_secs(600)),
                WindowLimiter::new(per_area, Duration::from_secs(3600)),
            )
        }
        fn get(&self) -> SubmitLimits<'_> {
            SubmitLimits {
                per_ip: &self.0,
                per_area: &self.1,
            }
        }
    }

    const NOW: i64 = 1_656_000_000; // June 2022
    const IP: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 7)));

    async fn count(db: &Db) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM need_submissions")
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("count")
    }

    #[tokio::test]
    async fn a_form_is_stored_once_with_a_running_reference_and_a_receipt() {
        let (_dir, db) = fresh_db().await;
        let config = config();
        let limits = Limits::new(20, 100);
        let (_, key) = form(&db, &config, "hafen", NOW - 60).await.expect("form");
        let first = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "hafen",
            &key,
            "",
            &input("Treffpunkt für Ältere"),
            NOW,
        )
        .await
        .expect("stored");
        // Double click, reload of the POST, a retry: the same form is stored once.
        let again = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "hafen",
            &key,
            "",
            &input("Treffpunkt für Ältere"),
            NOW + 5,
        )
        .await
        .expect("again");
        assert_eq!(first, again);
        assert_eq!(count(&db).await, 1);
        let Submitted::Stored { key: receipt_key } = first else {
            panic!("stored");
        };
        let shown = receipt(&db, &receipt_key, "http://localhost")
            .await
            .expect("receipt");
        assert_eq!(shown.reference, "B-2022-0001");
        assert_eq!(shown.area_name, "Hafen");
        assert!(!shown.with_contact);
        assert_eq!(
            shown.tracking_url,
            format!("http://localhost/verfolgen/{receipt_key}")
        );

        let (_, second_key) = form(&db, &config, "nordmarkt", NOW - 60)
            .await
            .expect("form");
        let second = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "nordmarkt",
            &second_key,
            "",
            &input("Bänke"),
            NOW,
        )
        .await
        .expect("second");
        let Submitted::Stored { key } = second else {
            panic!("stored");
        };
        assert_eq!(
            receipt(&db, &key, "http://localhost")
                .await
                .expect("receipt")
                .reference,
            "B-2022-0002"
        );
        assert!(matches!(
            receipt(&db, "unbekannt", "http://localhost").await,
            Err(AppError::NotFound(_))
        ));
        // A key for one area does not work for another.
        let err = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "nordmarkt",
            &second_key.replace('a', "b"),
            "",
            &input("x"),
            NOW,
        )
        .await
        .expect_err("tampered");
        assert!(err.field_message("form").is_some());
    }

    #[tokio::test]
    async fn bots_are_ignored_or_slowed_and_nothing_half_written_stays() {
        let (_dir, db) = fresh_db().await;
        let config = config();
        let limits = Limits::new(2, 100);
        let (_, key) = form(&db, &config, "hafen", NOW - 1).await.expect("form");
        let err = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "hafen",
            &key,
            "",
            &input("Schnell"),
            NOW,
        )
        .await
        .expect_err("too fast");
        assert!(err
            .field_message("form")
            .expect("message")
            .contains("sehr schnell"));
        let ignored = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "hafen",
            &key,
            "http://spam.example",
            &input("Spam"),
            NOW + 10,
        )
        .await
        .expect("ignored");
        assert_eq!(ignored, Submitted::Ignored);
        let invalid = SubmissionInput {
            field: "9".into(),
            ..input("")
        };
        let err = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "hafen",
            &key,
            "",
            &invalid,
            NOW + 10,
        )
        .await
        .expect_err("invalid");
        assert!(err.field_message("field").is_some() && err.field_message("title").is_some());
        assert_eq!(count(&db).await, 0);
        let reference_counters: i64 = sqlx::query_scalar("SELECT count(*) FROM reference_counters")
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("counters");
        assert_eq!(reference_counters, 0, "no number used up by refused forms");

        // Two forms per IP in the window here; the third waits, another IP does not.
        for n in 0..2 {
            let (_, key) = form(&db, &config, "hafen", NOW - 60).await.expect("form");
            submit(
                &db,
                &config,
                limits.get(),
                IP,
                "hafen",
                &key,
                "",
                &input(&format!("Bedarf {n}")),
                NOW,
            )
            .await
            .expect("within the limit");
        }
        let (_, key) = form(&db, &config, "hafen", NOW - 60).await.expect("form");
        let err = submit(
            &db,
            &config,
            limits.get(),
            IP,
            "hafen",
            &key,
            "",
            &input("Zu viel"),
            NOW,
        )
        .await
        .expect_err("limited");
        assert!(
            matches!(err, AppError::TooManyRequests { retry_after_secs } if retry_after_secs > 0)
        );
        let other = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 8)));
        submit(
            &db,
            &config,
            limits.get(),
            other,
            "hafen",
            &key,
            "",
            &input("Andere Person"),
            NOW,
        )
        .await
        .expect("another IP");
        assert_eq!(count(&db).await, 3);
    }

    #[tokio::test]
    async fn the_area_limit_holds_across_ips_and_staff_of_other_areas_see_nothing() {
        let (_dir, db) = fresh_db().await;
        let config = config();
        let limits = Limits::new(100, 1);
        for (n, last) in [(1u8, false), (2, true)] {
            let (_, key) = form(&db, &config, "hafen", NOW - 60).await.expect("form");
            let ip = Some(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 1, n)));
            let result = submit(
                &db,
                &config,
                limits.get(),
                ip,
                "hafen",
                &key,
                "",
                &input("Bedarf"),
                NOW,
            )
            .await;
            assert_eq!(result.is_err(), last);
        }
        let mut with_contact = input("Mit Kontakt");
        with_contact.contact_name = "Anna Kaya".into();
        with_contact.contact_email = "anna@example.org".into();
        with_contact.consent = Some("ja".into());
        let (_, key) = form(&db, &config, "nordmarkt", NOW - 60)
            .await
            .expect("form");
        submit(
            &db,
            &config,
            limits.get(),
            IP,
            "nordmarkt",
            &key,
            "",
            &with_contact,
            NOW,
        )
        .await
        .expect("nordmarkt");

        let hafen = make_user(&db, "k@stadt.example", Role::Coordinator, &["hafen"]).await;
        let hafen = current(&db, hafen).await;
        assert_eq!(for_area(&db, &hafen, "hafen").await.expect("own").len(), 1);
        assert_eq!(
            for_area(&db, &hafen, "nordmarkt").await,
            Err(AppError::Forbidden)
        );
        let office = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office).await;
        let seen = for_area(&db, &office, "nordmarkt").await.expect("office");
        assert_eq!(seen[0].contact_email, "anna@example.org");
        assert!(matches!(
            form(&db, &config, "gibt-es-nicht", NOW).await,
            Err(AppError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn personal_form_links_name_their_organisation_and_cannot_be_forged() {
        let (_dir, db) = fresh_db().await;
        let config = config();
        let office = current(
            &db,
            make_user(&db, "pb@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let mut conn = db.write().await.expect("writer");
        let mut ids = Vec::new();
        for name in ["Kita Sonnenblume", "Grundschule am Hafen"] {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO organisations (name, kind, notes, created_at, updated_at)
                 VALUES (?, 'kita', '', 1, 1) RETURNING id",
            )
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .expect("organisation");
            sqlx::query(
                "INSERT INTO organisation_areas (organisation_id, area_id)
                 SELECT ?, id FROM areas WHERE slug = 'hafen'",
            )
            .bind(id)
            .execute(&mut *conn)
            .await
            .expect("area");
            ids.push(id);
        }
        conn.commit().await.expect("commit");
        let links = organisation_links(&db, &config, &office, ids[0])
            .await
            .expect("links");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].0, "Hafen");
        let code = links[0].1.split("?von=").nth(1).expect("code").to_owned();
        assert!(links[0].1.starts_with("http://localhost/bedarf/hafen?von="));
        assert_eq!(
            organisation_of_link(&db, &config, "hafen", &code)
                .await
                .expect("ok"),
            Some("Kita Sonnenblume".into())
        );
        // Another id with the same MAC, another area, a spoiled MAC, another key: nothing.
        let forged = code.replacen(&ids[0].to_string(), &ids[1].to_string(), 1);
        assert_eq!(
            organisation_of_link(&db, &config, "hafen", &forged)
                .await
                .expect("ok"),
            None
        );
        assert_eq!(
            organisation_of_link(&db, &config, "nordmarkt", &code)
                .await
                .expect("ok"),
            None
        );
        assert_eq!(
            organisation_of_link(&db, &config, "hafen", "1-x")
                .await
                .expect("ok"),
            None
        );
        let other_key = self::tests::config();
        assert_eq!(
            organisation_of_link(&db, &other_key, "hafen", &code)
                .await
                .expect("ok"),
            None
        );
        assert_eq!(
            organisation_of_link(&db, &config, "hafen", "kaputt")
                .await
                .expect("ok"),
            None
        );
    }

    /// Sends a form with name and e-mail (with consent) at `at`; the key was fetched a minute
    /// earlier.
    async fn send_with_contact(db: &Db, config: &Config, title: &str, at: i64) -> String {
        let limits = Limits::new(100, 100);
        let (_, key) = form(db, config, "hafen", at - 60).await.expect("form");
        let input = SubmissionInput {
            contact_name: "Anna Kaya".into(),
            contact_email: "anna@example.org".into(),
            consent: Some("ja".into()),
            ..input(title)
        };
        match submit(db, config, limits.get(), IP, "hafen", &key, "", &input, at).await {
            Ok(Submitted::Stored { key }) => key,
            other => panic!("stored expected: {other:?}"),
        }
    }

    #[tokio::test]
    async fn contact_data_is_erased_the_configured_months_after_the_programme_is_approved() {
        use crate::domain::programme::ProgrammeContent;
        use crate::domain::workflow::Step;
        use crate::server::services::programmes;
        let (_dir, db) = fresh_db().await;
        let config = config();
        let before = send_with_contact(&db, &config, "Treffpunkt", NOW).await;

        // Nothing is erased while no programme is approved, however long ago it was sent.
        assert_eq!(
            erase_expired_contacts(&db, 12, NOW + 3 * 365 * 86_400).await,
            Ok(0)
        );

        let coordinator = current(
            &db,
            make_user(&db, "c@dortmund.de", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let office = current(
            &db,
            make_user(&db, "o@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let approved_at = NOW + 30 * 86_400;
        let (as_coordinator, as_office) = (
            crate::server::access::area_of(&db, &coordinator, "hafen")
                .await
                .expect("staff"),
            crate::server::access::area_of(&db, &office, "hafen")
                .await
                .expect("staff"),
        );
        programmes::save(
            &db,
            &as_coordinator,
            0,
            &ProgrammeContent::default(),
            "",
            approved_at - 10,
        )
        .await
        .expect("saved");
        programmes::take_step(
            &db,
            &as_coordinator,
            Step::Submit,
            1,
            "",
            &[],
            approved_at - 5,
        )
        .await
        .expect("submitted");
        programmes::take_step(&db, &as_office, Step::Approve, 1, "", &[], approved_at)
            .await
            .expect("approved");
        let after = send_with_contact(&db, &config, "Bänke am Hafen", approved_at + 86_400).await;

        // 12 calendar months after the approval (23 July 2022 → 23 July 2023), not a day earlier.
        assert_eq!(
            erase_expired_contacts(&db, 12, approved_at + 364 * 86_400).await,
            Ok(0)
        );
        assert_eq!(
            erase_expired_contacts(&db, 12, approved_at + 365 * 86_400).await,
            Ok(1)
        );
        assert_eq!(
            erase_expired_contacts(&db, 12, approved_at + 366 * 86_400).await,
            Ok(0)
        );

        let mut conn = db.read().await.expect("conn");
        let erased = repo::needs::by_key(&mut conn, &token::hash(&before))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(
            (erased.contact_name.as_str(), erased.contact_email.as_str()),
            ("", "")
        );
        assert!(erased.need_id.is_some(), "the need stays, anonymous");
        let kept = repo::needs::by_key(&mut conn, &token::hash(&after))
            .await
            .expect("query")
            .expect("row");
        assert_eq!(
            kept.contact_email, "anna@example.org",
            "sent after the approval: kept until the next one"
        );
        let consent: Option<i64> =
            sqlx::query_scalar("SELECT consent_at FROM need_submissions WHERE id = ?")
                .bind(erased.id)
                .fetch_one(&mut *conn)
                .await
                .expect("consent");
        assert_eq!(consent, None);
    }
}
