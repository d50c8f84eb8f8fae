//! The Erklärung zur Barrierefreiheit and its feedback mechanism: the statement's facts, the
//! public form for reporting barriers (no account, the needs form's protection against abuse),
//! and the Projektbüro's queue with the day each answer is due.
use crate::domain::accessibility::{
    answer_due, feedback_reference, AccessibilityStatement, Conformity, FeedbackInput,
    FeedbackItem, FeedbackQueue, FeedbackReceipt, FeedbackState, FeedbackUpdateInput,
    StatementFacts, StatementInput,
};
use crate::domain::format::{date_de, date_time_de};
use crate::domain::schedule::to_local;
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::Db;
use crate::server::form_token;
use crate::server::rate_limit::WindowLimiter;
use crate::server::repo::accessibility::{self as repo, FeedbackRow, NewFeedback};
use crate::server::state::Config;
use crate::server::token;
use chrono::{Datelike, NaiveDate};
use std::net::IpAddr;
use std::time::Instant;

const FORM_PURPOSE: &str = "barriere";
/// Answered reports per page of the queue.
pub const ANSWERED_PAGE: i64 = 20;
/// Open reports shown at once (more than this many open would be a problem of its own).
const OPEN_LIMIT: i64 = 200;

/// The statement as everybody reads it; `for_office` adds who changed it last.
pub async fn statement(db: &Db, for_office: bool) -> Result<AccessibilityStatement, AppError> {
    let mut conn = db.read().await?;
    let (conformity, assessed_on, method, known_gaps, contact_email, contact_phone, by, at) =
        repo::statement(&mut conn)
            .await?
            .ok_or_else(|| AppError::not_found("Die Erklärung zur Barrierefreiheit"))?;
    let changed = if for_office {
        format!(
            "Zuletzt geändert am {}{}",
            date_time_de(to_local(at)),
            by.map(|name| format!(" von {name}")).unwrap_or_default()
        )
    } else {
        String::new()
    };
    Ok(AccessibilityStatement {
        facts: StatementFacts {
            conformity: Conformity::from_slug(&conformity).unwrap_or(Conformity::Partial),
            assessed_on,
            method,
            known_gaps,
            contact_email,
            contact_phone,
        },
        updated_on: date_de(to_local(at).date()),
        changed,
    })
}

pub async fn save_statement(
    db: &Db,
    office: &ProjectOffice,
    input: &StatementInput,
    now: i64,
) -> Result<(), AppError> {
    let facts = input
        .parse(to_local(now).date())
        .map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    repo::save_statement(&mut tx, &facts, office.user().id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A fresh one-time key for the feedback form.
pub fn form_key(config: &Config, now: i64) -> String {
    form_token::issue(&config.link_key, FORM_PURPOSE, now)
}

/// What became of a sent form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Stored; the key opens its receipt.
    Stored { key: String },
    /// A bot filled in the hidden field: answered like a success, stored nowhere.
    Ignored,
}

/// Stores a reported barrier. The same checks as the needs form: a hidden field for bots, a
/// signed key that must be at least a few seconds old and makes a resend idempotent, and a
/// limit per address.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    db: &Db,
    config: &Config,
    per_ip: &WindowLimiter,
    client: Option<IpAddr>,
    form_key: &str,
    trap: &str,
    input: &FeedbackInput,
    now: i64,
) -> Result<Sent, AppError> {
    if !trap.trim().is_empty() {
        tracing::info!("feedback form: honeypot filled, ignored");
        return Ok(Sent::Ignored);
    }
    let fields = input.parse().map_err(AppError::Validation)?;
    let key = form_token::verify_public(&config.link_key, FORM_PURPOSE, form_key, now)?;
    let key_hash = token::hash(&key.nonce);
    // The same key again: the same report sent twice is answered with the first; other content
    // under the same key is refused with a fresh form, never dropped.
    let resend = |stored: Option<(String, String)>| match stored {
        None => Ok(false),
        Some((page, description)) if page == fields.page && description == fields.description => {
            Ok(true)
        }
        Some(_) => Err(form_token::sent_again_changed()),
    };
    let mut conn = db.read().await?;
    if resend(repo::feedback_content_by_key(&mut conn, &key_hash).await?)? {
        return Ok(Sent::Stored { key: key.nonce });
    }
    drop(conn);

    let ip_key = client.map(|ip| format!("ip:{}", crate::server::request::limit_key(ip)));
    if let Some(ip_key) = &ip_key {
        per_ip
            .take(&[ip_key], Instant::now())
            .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    }
    let due_on = answer_due(to_local(now).date());
    let stored = async {
        let mut tx = db.write().await?;
        // A form sent twice at the same moment: the second sees the first here.
        if resend(repo::feedback_content_by_key(&mut tx, &key_hash).await?)? {
            return Ok::<_, AppError>(());
        }
        repo::insert_feedback(
            &mut tx,
            &NewFeedback {
                form_key_hash: &key_hash,
                received_at: now,
                due_on,
                page: &fields.page,
                description: &fields.description,
                contact_name: &fields.contact_name,
                contact_email: &fields.contact_email,
                consent_at: fields.consent.then_some(now),
            },
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(error) = stored {
        if let Some(ip_key) = &ip_key {
            per_ip.give_back(ip_key);
        }
        return Err(error);
    }
    Ok(Sent::Stored { key: key.nonce })
}

pub async fn receipt(db: &Db, key: &str) -> Result<FeedbackReceipt, AppError> {
    let mut conn = db.read().await?;
    let (id, received_at, due_on, with_contact) =
        repo::receipt(&mut conn, &token::hash(key.trim()))
            .await?
            .ok_or_else(|| AppError::not_found("Diese Eingangsbestätigung"))?;
    let received = to_local(received_at).date();
    Ok(FeedbackReceipt {
        reference: feedback_reference(received.year(), id),
        received_on: date_de(received),
        due_on: date_de(due_on),
        with_contact,
    })
}

fn item(row: FeedbackRow, today: NaiveDate) -> FeedbackItem {
    let state = FeedbackState::from_slug(&row.state).unwrap_or(FeedbackState::New);
    let received = to_local(row.received_at);
    let by = row
        .updated_by
        .map(|name| format!(" von {name}"))
        .unwrap_or_default();
    let changed = match (state, row.answered_at) {
        (FeedbackState::Answered, Some(at)) => {
            format!("beantwortet am {}{by}", date_time_de(to_local(at)))
        }
        _ if row.updated_at > row.received_at => {
            format!(
                "zuletzt geändert am {}{by}",
                date_time_de(to_local(row.updated_at))
            )
        }
        _ => String::new(),
    };
    FeedbackItem {
        id: row.id,
        reference: feedback_reference(received.year(), row.id),
        received: date_time_de(received),
        due_on: row.due_on,
        overdue: state != FeedbackState::Answered && row.due_on < today,
        page: row.page,
        description: row.description,
        contact_name: row.contact_name,
        contact_email: row.contact_email,
        contact_erased: row.contact_erased_at.is_some(),
        state,
        answer: row.answer,
        changed,
    }
}

/// The queue: every open report (soonest due first) and page `page` (from 1) of the answered.
pub async fn queue(
    db: &Db,
    _office: &ProjectOffice,
    page: i64,
    now: i64,
) -> Result<FeedbackQueue, AppError> {
    let today = to_local(now).date();
    let page = page.max(1);
    let mut conn = db.read().await?;
    let open = repo::open_feedback(&mut conn, OPEN_LIMIT).await?;
    let answered =
        repo::answered_feedback(&mut conn, ANSWERED_PAGE, (page - 1) * ANSWERED_PAGE).await?;
    let answered_total = repo::answered_count(&mut conn).await?;
    Ok(FeedbackQueue {
        open: open.into_iter().map(|r| item(r, today)).collect(),
        answered: answered.into_iter().map(|r| item(r, today)).collect(),
        answered_total,
    })
}

/// One report, for answering it.
pub async fn report(
    db: &Db,
    _office: &ProjectOffice,
    id: i64,
    now: i64,
) -> Result<FeedbackItem, AppError> {
    let mut conn = db.read().await?;
    let row = repo::feedback(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Diese Rückmeldung"))?;
    Ok(item(row, to_local(now).date()))
}

/// (open, overdue) reports, for the Projektbüro's overview.
pub async fn open_counts(
    db: &Db,
    _office: &ProjectOffice,
    now: i64,
) -> Result<(i64, i64), AppError> {
    let mut conn = db.read().await?;
    Ok(repo::open_counts(&mut conn, to_local(now).date()).await?)
}

/// Sets a report's state and answer.
pub async fn update(
    db: &Db,
    office: &ProjectOffice,
    id: i64,
    input: &FeedbackUpdateInput,
    now: i64,
) -> Result<(), AppError> {
    let (state, answer) = input.parse().map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    if !repo::update_feedback(&mut tx, id, state.slug(), &answer, office.user().id, now).await? {
        return Err(AppError::not_found("Diese Rückmeldung"));
    }
    tx.commit().await?;
    Ok(())
}

/// Erases the contact data of reports answered more than `months` ago (unanswered: received).
pub async fn erase_expired_contacts(db: &Db, months: u32, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let erased = repo::erase_expired_contacts(&mut tx, months, now).await?;
    tx.commit().await?;
    Ok(erased)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;
    use crate::server::access;
    use crate::server::services::test_support::{current, fresh_db, make_user, test_config};

    const NOW: i64 = 1_796_000_000; // 2026-11-30

    fn report(description: &str, email: &str) -> FeedbackInput {
        FeedbackInput {
            page: "/gebiete/hafen".into(),
            description: description.into(),
            contact_name: if email.is_empty() {
                String::new()
            } else {
                "Alex".into()
            },
            contact_email: email.into(),
            consent: !email.is_empty(),
        }
    }

    async fn office_user(db: &Db) -> crate::domain::user::CurrentUser {
        current(
            db,
            make_user(db, "pb@stadt.example", Role::ProjectOffice, &[]).await,
        )
        .await
    }

    async fn send(
        db: &Db,
        config: &Config,
        limiter: &WindowLimiter,
        input: &FeedbackInput,
        at: i64,
    ) -> Sent {
        let key = form_key(config, at - 10);
        submit(db, config, limiter, None, &key, "", input, at)
            .await
            .expect("stored")
    }

    #[tokio::test]
    async fn a_report_is_stored_once_queued_with_its_due_day_and_answered() {
        let (_dir, db) = fresh_db().await;
        let config = test_config();
        let limiter = WindowLimiter::new(20, std::time::Duration::from_secs(600));
        let office_user = office_user(&db).await;
        let office = access::project_office(&office_user).expect("office");

        // Sent twice with the same key (a reload): stored once.
        let key = form_key(&config, NOW - 10);
        let input = report(
            "Die Karte lässt sich nicht mit der Tastatur bedienen.",
            "alex@example.org",
        );
        let first = submit(&db, &config, &limiter, None, &key, "", &input, NOW)
            .await
            .expect("stored");
        let again = submit(&db, &config, &limiter, None, &key, "", &input, NOW + 5)
            .await
            .expect("stored");
        assert_eq!(first, again);
        let Sent::Stored { key: receipt_key } = first else {
            panic!("stored")
        };
        let receipt = receipt(&db, &receipt_key).await.expect("receipt");
        assert_eq!(receipt.due_on, "30.12.2026");
        assert!(receipt.with_contact);

        // Too fast, a bot, and bad input store nothing.
        let fresh = form_key(&config, NOW);
        let too_fast = submit(&db, &config, &limiter, None, &fresh, "", &input, NOW + 1).await;
        assert!(matches!(too_fast, Err(AppError::Validation(_))));
        let bot = submit(
            &db,
            &config,
            &limiter,
            None,
            &form_key(&config, NOW - 10),
            "http://spam",
            &input,
            NOW,
        )
        .await;
        assert_eq!(bot.expect("ignored"), Sent::Ignored);
        let empty = submit(
            &db,
            &config,
            &limiter,
            None,
            &form_key(&config, NOW - 10),
            "",
            &report(" ", ""),
            NOW,
        )
        .await;
        assert!(matches!(empty, Err(AppError::Validation(_))));

        send(
            &db,
            &config,
            &limiter,
            &report("Zu wenig Kontrast im Kopf.", ""),
            NOW + 86_400 * 40,
        )
        .await;
        let listed = queue(&db, &office, 1, NOW + 86_400 * 40)
            .await
            .expect("queue");
        assert_eq!(listed.open.len(), 2);
        assert!(listed.open[0].overdue, "the first one is past its month");
        assert!(!listed.open[1].overdue);
        assert_eq!(listed.open[0].contact_email, "alex@example.org");
        assert_eq!(
            open_counts(&db, &office, NOW + 86_400 * 40)
                .await
                .expect("counts"),
            (2, 1)
        );

        // Answered needs an answer; then it leaves the open list.
        let id = listed.open[0].id;
        let no_answer = FeedbackUpdateInput {
            state: "beantwortet".into(),
            answer: String::new(),
        };
        assert!(matches!(
            update(&db, &office, id, &no_answer, NOW).await,
            Err(AppError::Validation(_))
        ));
        let answered = FeedbackUpdateInput {
            state: "beantwortet".into(),
            answer: "Ist behoben.".into(),
        };
        update(&db, &office, id, &answered, NOW + 86_400 * 41)
            .await
            .expect("answered");
        let listed = queue(&db, &office, 1, NOW + 86_400 * 41)
            .await
            .expect("queue");
        assert_eq!(listed.open.len(), 1);
        assert_eq!(listed.answered_total, 1);
        assert_eq!(listed.answered[0].answer, "Ist behoben.");
        assert!(listed.answered[0].changed.starts_with("beantwortet am"));
        assert!(matches!(
            update(&db, &office, 999, &answered, NOW).await,
            Err(AppError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn contact_data_of_reports_is_erased_after_the_retention_period() {
        let (_dir, db) = fresh_db().await;
        let config = test_config();
        let limiter = WindowLimiter::new(20, std::time::Duration::from_secs(600));
        let office_user = office_user(&db).await;
        let office = access::project_office(&office_user).expect("office");
        send(
            &db,
            &config,
            &limiter,
            &report("Alt und beantwortet.", "alt@example.org"),
            NOW,
        )
        .await;
        send(
            &db,
            &config,
            &limiter,
            &report("Neu.", "neu@example.org"),
            NOW + 86_400 * 300,
        )
        .await;
        let old = queue(&db, &office, 1, NOW).await.expect("queue").open[0].id;
        let answered = FeedbackUpdateInput {
            state: "beantwortet".into(),
            answer: "Danke!".into(),
        };
        update(&db, &office, old, &answered, NOW + 86_400)
            .await
            .expect("answered");

        // Twelve months after the answer: only the old report loses its contact data.
        let later = NOW + 86_400 * 370;
        assert_eq!(
            erase_expired_contacts(&db, 12, later)
                .await
                .expect("erased"),
            1
        );
        let listed = queue(&db, &office, 1, later).await.expect("queue");
        assert_eq!(listed.answered[0].contact_email, "");
        assert!(listed.answered[0].contact_erased);
        assert_eq!(listed.answered[0].description, "Alt und beantwortet.");
        assert_eq!(listed.open[0].contact_email, "neu@example.org");
        assert_eq!(
            erase_expired_contacts(&db, 12, later)
                .await
                .expect("erased"),
            0
        );

        // A request about personal data finds the other address and erases it; the report stays.
        use crate::server::services::personal_data;
        let found = personal_data::report(&db, &office, "neu@example.org")
            .await
            .expect("report");
        assert_eq!(found.barrier_reports.len(), 1);
        assert_eq!(found.barrier_reports[0].name, "Alex");
        let erased = personal_data::erase(&db, &office, "neu@example.org")
            .await
            .expect("erase");
        assert_eq!(erased.barrier_reports, 1);
        assert!(personal_data::report(&db, &office, "neu@example.org")
            .await
            .expect("report")
            .is_empty());
        let listed = queue(&db, &office, 1, later).await.expect("queue");
        assert_eq!(listed.open[0].description, "Neu.");
        assert!(listed.open[0].contact_erased);
    }

    #[tokio::test]
    async fn the_statement_starts_with_the_facts_of_the_migration_and_keeps_its_editor() {
        let (_dir, db) = fresh_db().await;
        let first = statement(&db, false).await.expect("statement");
        assert_eq!(first.facts.conformity, Conformity::Partial);
        assert!(first.facts.gaps().len() >= 2);
        assert_eq!(first.changed, "");
        let office_user = office_user(&db).await;
        let office = access::project_office(&office_user).expect("office");
        let input = StatementInput {
            conformity: "teilweise".into(),
            assessed_on: "2026-11-20".into(),
            method: "Selbstbewertung".into(),
            known_gaps: "Die PDF-Dateien sind nicht getaggt.".into(),
            contact_email: "Barrierefreiheit@Stadt.example".into(),
            contact_phone: "0231 50-0".into(),
        };
        save_statement(&db, &office, &input, NOW)
            .await
            .expect("saved");
        let saved = statement(&db, true).await.expect("statement");
        assert_eq!(saved.facts.contact_email, "barrierefreiheit@stadt.example");
        assert_eq!(
            saved.facts.gaps(),
            vec!["Die PDF-Dateien sind nicht getaggt."]
        );
        assert!(saved.changed.contains("von "), "{}", saved.changed);
        let future = StatementInput {
            assessed_on: "2027-06-01".into(),
            ..input
        };
        assert!(matches!(
            save_statement(&db, &office, &future, NOW).await,
            Err(AppError::Validation(_))
        ));
    }
}
