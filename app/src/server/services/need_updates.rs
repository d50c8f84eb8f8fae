//! E-mail updates on needs: the subscription made with the form, a message queued in the
//! transaction of each event (moderation, publication, a measure umgesetzt), sending what is
//! due through the configured SMTP server, and unsubscribing with one click.
use crate::domain::catalogue::NeedStatus;
use crate::domain::need_updates::{
    compose, compose_confirmation, ConfirmationFacts, UpdateDetail, UpdateFacts, UpdateKind,
};
use crate::domain::programme::ProgrammeContent;
use crate::error::AppError;
use crate::server::db::Db;
use crate::server::links::{new_salt, LinkKey};
use crate::server::mail::Mailer;
use crate::server::repo;
use crate::server::repo::need_updates::NewSubscription;
use crate::server::services::needs::tracking_path;
use sqlx::SqliteConnection;

/// Moderation messages wait this long, so that a step undone at once never reaches anybody.
pub const MODERATION_DELAY_SECS: i64 = 10 * 60;
/// Failed sends are tried again with growing pauses, then given up.
const MAX_ATTEMPTS: i64 = 8;
/// Messages sent per round of the worker.
pub const BATCH: usize = 20;

/// The address of the one-click unsubscribe page (also the RFC 8058 POST target).
pub fn unsubscribe_path(token: &str) -> String {
    format!("/abbestellen/{}", crate::domain::format::urlencode(token))
}

/// The address of the page that confirms the address for e-mail updates.
pub fn confirm_path(token: &str) -> String {
    format!("/bestaetigen/{}", crate::domain::format::urlencode(token))
}

/// An address must be confirmed within this time, else it is deleted.
pub const CONFIRM_WITHIN_SECS: i64 = 7 * 86_400;

/// The links of a subscription, derived from the link key and its salt: (confirm, unsubscribe).
pub fn link_tokens(key: &LinkKey, salt: &[u8]) -> (String, String) {
    (
        key.token(&[b"bestaetigen:".as_slice(), salt].concat()),
        key.token(&[b"abbestellen:".as_slice(), salt].concat()),
    )
}

/// What the database keeps of a link: its SHA-256, in hex.
fn kept(token: &str) -> String {
    crate::server::token::hash(token)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Inside the transaction that stores the submission: the address waits for its confirmation
/// (the mail worker sends the link at once).
#[allow(clippy::too_many_arguments)]
pub async fn subscribe(
    tx: &mut SqliteConnection,
    key: &LinkKey,
    submission_id: i64,
    area_id: i64,
    email: &str,
    language: &str,
    tracking_key: &str,
    now: i64,
) -> Result<(), AppError> {
    let salt = new_salt();
    let (confirm, unsubscribe) = link_tokens(key, &salt);
    repo::need_updates::subscribe(
        tx,
        &NewSubscription {
            submission_id,
            area_id,
            email,
            language,
            tracking_key,
            link_salt: &salt,
            unsubscribe_hash: &kept(&unsubscribe),
            confirm_hash: &kept(&confirm),
            confirm_by: now + CONFIRM_WITHIN_SECS,
        },
        now,
    )
    .await?;
    Ok(())
}

/// At start-up: subscriptions from before derived links get a salt and the hashes of their
/// links; the token their earlier mails carry keeps working by its hash.
pub async fn derive_earlier_links(db: &Db, key: &LinkKey) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let earlier = repo::need_updates::without_salt(&mut tx).await?;
    for (id, token) in &earlier {
        let salt = new_salt();
        let (confirm, unsubscribe) = link_tokens(key, &salt);
        repo::need_updates::set_links(
            &mut tx,
            *id,
            &salt,
            &kept(&unsubscribe),
            &kept(&confirm),
            &kept(token),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(earlier.len() as u64)
}

/// The owner of the address followed the link from the confirmation mail; whether the address
/// is confirmed now (also when it was before). A link after the deadline confirms nothing.
pub async fn confirm(db: &Db, token: &str, now: i64) -> Result<bool, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Ok(false);
    }
    let mut tx = db.write().await?;
    let confirmed = repo::need_updates::confirm(&mut tx, &kept(token), now).await?;
    tx.commit().await?;
    if confirmed {
        tracing::info!("address for e-mail updates confirmed");
    }
    Ok(confirmed)
}

/// Deletes the addresses not confirmed in time (daily).
pub async fn erase_unconfirmed(db: &Db, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let erased = repo::need_updates::erase_unconfirmed(&mut tx, now).await?;
    tx.commit().await?;
    Ok(erased)
}

/// One message for one subscription, due at `due_at`.
async fn queue(
    tx: &mut SqliteConnection,
    subscription: i64,
    need_id: i64,
    kind: UpdateKind,
    detail: &UpdateDetail,
    now: i64,
    due_at: i64,
) -> Result<(), AppError> {
    let detail = serde_json::to_string(detail).map_err(AppError::internal)?;
    repo::need_updates::queue(tx, subscription, need_id, kind, &detail, now, due_at).await?;
    Ok(())
}

/// A moderation step on the need (accepted, merged, rejected) for the submitter who asked.
pub async fn queue_moderation(
    tx: &mut SqliteConnection,
    need_id: i64,
    kind: UpdateKind,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let Some(subscription) = repo::need_updates::of_need(tx, need_id).await? else {
        return Ok(());
    };
    // A step replaces what the one before it still had waiting.
    repo::need_updates::withdraw_moderation(tx, need_id).await?;
    let detail = UpdateDetail {
        reason: reason.to_owned(),
        measures: vec![],
    };
    queue(
        tx,
        subscription,
        need_id,
        kind,
        &detail,
        now,
        now + MODERATION_DELAY_SECS,
    )
    .await?;
    Ok(())
}

/// An undone moderation step takes back its message while it still waits.
pub async fn withdraw(tx: &mut SqliteConnection, need_id: i64) -> Result<(), AppError> {
    repo::need_updates::withdraw_moderation(tx, need_id).await?;
    Ok(())
}

/// The need whose place in the programme counts for a subscription: its own, or the one it was
/// merged into; none while it waits or when it was rejected.
async fn decided_need(tx: &mut SqliteConnection, need_id: i64) -> Result<Option<i64>, AppError> {
    let Some(own) = repo::catalogue::by_id(tx, need_id).await? else {
        return Ok(None);
    };
    let decided = if own.status == NeedStatus::Merged.code() {
        crate::server::services::need_trail::common_need(tx, &own).await?
    } else {
        Some(own)
    };
    Ok(decided
        .filter(|n| n.status != NeedStatus::New.code() && n.status != NeedStatus::Rejected.code())
        .map(|n| n.id))
}

/// The area's subscriptions with the need each one's place in the programme depends on.
async fn decided_in_area(
    tx: &mut SqliteConnection,
    area_id: i64,
) -> Result<Vec<(i64, i64, i64)>, AppError> {
    let mut decided = vec![];
    for (subscription, need_id) in repo::need_updates::in_area(tx, area_id).await? {
        if let Some(counted) = decided_need(tx, need_id).await? {
            decided.push((subscription, need_id, counted));
        }
    }
    Ok(decided)
}

fn takes_up(content: &ProgrammeContent, need_id: i64) -> bool {
    content
        .measures
        .iter()
        .any(|m| m.need_ids.contains(&need_id))
        || content.goals.iter().any(|g| g.need_ids.contains(&need_id))
}

/// A version of the area's programme was published: each subscriber whose need it answers
/// (with measures) or takes up (in a goal) is told, unless the version published `before` it
/// already did.
pub async fn queue_published(
    tx: &mut SqliteConnection,
    area_id: i64,
    content: &ProgrammeContent,
    before: Option<&ProgrammeContent>,
    now: i64,
) -> Result<(), AppError> {
    for (subscription, need_id, counted) in decided_in_area(tx, area_id).await? {
        if !takes_up(content, counted) || before.is_some_and(|b| takes_up(b, counted)) {
            continue;
        }
        let measures: Vec<String> = content
            .measures
            .iter()
            .filter(|m| m.need_ids.contains(&counted))
            .map(|m| m.title.clone())
            .collect();
        let detail = UpdateDetail {
            reason: String::new(),
            measures,
        };
        queue(
            tx,
            subscription,
            need_id,
            UpdateKind::InProgramme,
            &detail,
            now,
            now,
        )
        .await?;
    }
    Ok(())
}

/// A measure of the area's published programme became umgesetzt: each subscriber whose need it
/// answers is told.
pub async fn queue_implemented(
    tx: &mut SqliteConnection,
    area_id: i64,
    measure_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let Some(published) = repo::implementation::published(tx, Some(area_id))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let content: ProgrammeContent =
        serde_json::from_str(&published.content).map_err(AppError::internal)?;
    let Some(measure) = content.measures.iter().find(|m| m.id == measure_id) else {
        return Ok(());
    };
    for (subscription, need_id, counted) in decided_in_area(tx, area_id).await? {
        if !measure.need_ids.contains(&counted) {
            continue;
        }
        let detail = UpdateDetail {
            reason: String::new(),
            measures: vec![measure.title.clone()],
        };
        queue(
            tx,
            subscription,
            need_id,
            UpdateKind::Implemented,
            &detail,
            now,
            now,
        )
        .await?;
    }
    Ok(())
}

/// How long a failed message waits before the next try: 1, 2, 4 … minutes, at most 6 hours.
fn retry_pause_secs(attempts: i64) -> i64 {
    (60_i64 << attempts.clamp(0, 10)).min(6 * 3600)
}

/// Sends what is due (at most one batch) and records the outcome; how many were sent. No
/// connection is held while the SMTP server answers.
pub async fn send_due(
    db: &Db,
    mailer: &Mailer,
    key: &LinkKey,
    public_url: &str,
    now: i64,
) -> Result<usize, AppError> {
    let confirmations = send_confirmations(db, mailer, key, public_url, now).await?;
    let due = {
        let mut conn = db.read().await?;
        repo::need_updates::due(&mut conn, now, BATCH as i64).await?
    };
    let mut outcomes = Vec::with_capacity(due.len());
    for message in &due {
        let Some(kind) = UpdateKind::from_code(&message.kind) else {
            continue;
        };
        let detail: UpdateDetail = serde_json::from_str(&message.detail).unwrap_or_default();
        let tracking_url = format!("{public_url}{}", tracking_path(&message.tracking_key));
        // The page after the click speaks the language of the form.
        let (_, unsubscribe) = link_tokens(key, &message.link_salt);
        let unsubscribe_url = format!(
            "{public_url}{}?sprache={}",
            unsubscribe_path(&unsubscribe),
            crate::domain::format::urlencode(&message.language)
        );
        let composed = compose(&UpdateFacts {
            kind,
            detail: &detail,
            language: &message.language,
            reference: &message.reference,
            title: &message.title,
            area: &message.area_name,
            tracking_url: &tracking_url,
            unsubscribe_url: &unsubscribe_url,
        });
        let sent = mailer
            .send(&message.email, &composed, &unsubscribe_url)
            .await;
        outcomes.push((message.id, message.attempts, sent));
    }
    let mut sent_count = 0;
    let mut tx = db.write().await?;
    for (id, attempts, outcome) in outcomes {
        match outcome {
            Ok(()) => {
                repo::need_updates::mark_sent(&mut tx, id, now).await?;
                sent_count += 1;
            }
            Err(error) => {
                tracing::warn!(message = id, attempts = attempts + 1, %error, "sending an update failed");
                let retry_at =
                    (attempts + 1 < MAX_ATTEMPTS).then(|| now + retry_pause_secs(attempts));
                repo::need_updates::mark_failed(&mut tx, id, &error, now, retry_at).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(confirmations + sent_count)
}

/// Sends the confirmation mails that are due (at most one batch); how many were sent.
async fn send_confirmations(
    db: &Db,
    mailer: &Mailer,
    key: &LinkKey,
    public_url: &str,
    now: i64,
) -> Result<usize, AppError> {
    let due = {
        let mut conn = db.read().await?;
        repo::need_updates::due_confirmations(&mut conn, now, BATCH as i64).await?
    };
    if due.is_empty() {
        return Ok(0);
    }
    let mut outcomes = Vec::with_capacity(due.len());
    for confirmation in &due {
        let (confirm, unsubscribe) = link_tokens(key, &confirmation.link_salt);
        let language = crate::domain::format::urlencode(&confirmation.language);
        let confirm_url = format!("{public_url}{}?sprache={language}", confirm_path(&confirm));
        let unsubscribe_url = format!(
            "{public_url}{}?sprache={language}",
            unsubscribe_path(&unsubscribe)
        );
        let confirm_by = confirmation
            .confirm_by
            .map(|at| crate::domain::format::date_de(crate::domain::schedule::to_local(at).date()))
            .unwrap_or_default();
        let composed = compose_confirmation(&ConfirmationFacts {
            language: &confirmation.language,
            reference: &confirmation.reference,
            title: &confirmation.title,
            area: &confirmation.area_name,
            confirm_url: &confirm_url,
            confirm_by: &confirm_by,
        });
        let sent = mailer
            .send(&confirmation.email, &composed, &unsubscribe_url)
            .await;
        outcomes.push((confirmation.id, confirmation.attempts, sent));
    }
    let mut sent_count = 0;
    let mut tx = db.write().await?;
    for (id, attempts, outcome) in outcomes {
        let retry_at = match outcome {
            Ok(()) => {
                sent_count += 1;
                None
            }
            Err(error) => {
                tracing::warn!(subscription = id, attempts = attempts + 1, %error, "sending a confirmation failed");
                (attempts + 1 < MAX_ATTEMPTS).then(|| now + retry_pause_secs(attempts))
            }
        };
        repo::need_updates::confirmation_tried(&mut tx, id, retry_at).await?;
    }
    tx.commit().await?;
    Ok(sent_count)
}

/// One click from the message (or the mail program): the subscription and its address are
/// deleted. Whether there was one; an unknown token is no error (it may be gone already).
pub async fn unsubscribe(db: &Db, token: &str) -> Result<bool, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Ok(false);
    }
    let mut tx = db.write().await?;
    let removed = repo::need_updates::unsubscribe(&mut tx, &kept(token)).await?;
    tx.commit().await?;
    if removed {
        tracing::info!("e-mail updates unsubscribed");
    }
    Ok(removed)
}

/// The retention rule of contact data applied to the addresses of updates.
pub async fn erase_expired(db: &Db, months: u32, now: i64) -> Result<u64, AppError> {
    let mut tx = db.write().await?;
    let erased = repo::need_updates::erase_after_approval(&mut tx, months, now).await?;
    tx.commit().await?;
    Ok(erased)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_pause_longer_each_time_up_to_six_hours() {
        assert_eq!(retry_pause_secs(0), 60);
        assert_eq!(retry_pause_secs(1), 120);
        assert_eq!(retry_pause_secs(3), 480);
        assert_eq!(retry_pause_secs(9), 6 * 3600);
        assert_eq!(retry_pause_secs(100), 6 * 3600);
    }
}

#[cfg(test)]
mod service_tests {
    use super::*;
    use crate::domain::catalogue::AcceptInput;
    use crate::domain::implementation::ImplementationInput;
    use crate::domain::need::SubmissionInput;
    use crate::domain::user::Role;
    use crate::server::access;
    use crate::server::services::test_support::{
        current, fresh_db, make_user, publish_first_version, submit_input, test_link_key,
    };
    use crate::server::services::{catalogue, implementation, needs, programmes};

    const NOW: i64 = 1_656_000_000; // June 2022

    /// (kind, subscription's address, detail) of every message, oldest first.
    async fn messages(db: &Db) -> Vec<(String, String, String, i64)> {
        sqlx::query_as(
            "SELECT m.kind, s.email, m.detail, m.due_at FROM need_update_messages m
             JOIN need_update_subscriptions s ON s.id = m.subscription_id ORDER BY m.id",
        )
        .fetch_all(&mut *db.read().await.expect("conn"))
        .await
        .expect("messages")
    }

    fn asking(title: &str, email: &str, language: &str) -> SubmissionInput {
        SubmissionInput {
            field: "2".into(),
            title: title.into(),
            description: "Beschreibung".into(),
            contact_email: email.into(),
            updates: Some("ja".into()),
            language: language.into(),
            ..SubmissionInput::default()
        }
    }

    #[tokio::test]
    async fn each_step_of_a_need_queues_one_message_for_those_who_asked() {
        let (_dir, db) = fresh_db().await;
        let kai = current(
            &db,
            make_user(&db, "kai@stadt.example", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let office = current(
            &db,
            make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await,
        )
        .await;
        let (playground, key) = submit_input(
            &db,
            "hafen",
            &asking("Spielplatz", "ana@example.org", "tr"),
            NOW,
        )
        .await;
        let (swings, _) = submit_input(
            &db,
            "hafen",
            &asking("Schaukeln", "ben@example.org", "de"),
            NOW + 1,
        )
        .await;
        let (pool, _) = submit_input(
            &db,
            "hafen",
            &asking("Hallenbad", "cem@example.org", "ar"),
            NOW + 2,
        )
        .await;
        // Without the box nobody is written to, even with an address for questions.
        let quiet = SubmissionInput {
            consent: Some("ja".into()),
            updates: None,
            ..asking("Bücherei", "dora@example.org", "de")
        };
        let (library, _) = submit_input(&db, "hafen", &quiet, NOW + 3).await;
        let receipt = needs::receipt(&db, &key, "http://localhost")
            .await
            .expect("receipt");
        assert!(
            receipt.with_updates && !receipt.with_contact,
            "updates alone"
        );

        let moderate = |id| access::need_of(&db, &kai, id);
        // A rejection undone at once never reaches anybody.
        catalogue::reject(
            &db,
            &moderate(playground).await.expect("door"),
            "Doppelt",
            NOW + 10,
        )
        .await
        .expect("rejected");
        assert_eq!(messages(&db).await.len(), 1);
        catalogue::undo(&db, &moderate(playground).await.expect("door"), NOW + 11)
            .await
            .expect("undone");
        assert!(messages(&db).await.is_empty(), "withdrawn with the undo");
        catalogue::accept(
            &db,
            &moderate(playground).await.expect("door"),
            &AcceptInput {
                field: "2".into(),
                title: "Spielplatz am Hafen".into(),
            },
            NOW + 12,
        )
        .await
        .expect("accepted");
        catalogue::merge(
            &db,
            &moderate(swings).await.expect("door"),
            playground,
            NOW + 13,
        )
        .await
        .expect("merged");
        catalogue::reject(
            &db,
            &moderate(pool).await.expect("door"),
            "Dafür ist das Sportamt zuständig.",
            NOW + 14,
        )
        .await
        .expect("rejected");
        catalogue::accept(
            &db,
            &moderate(library).await.expect("door"),
            &AcceptInput {
                field: "2".into(),
                title: "Bücherei".into(),
            },
            NOW + 15,
        )
        .await
        .expect("accepted");
        let queued = messages(&db).await;
        let kinds: Vec<(&str, &str)> = queued
            .iter()
            .map(|(kind, email, ..)| (kind.as_str(), email.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("angenommen", "ana@example.org"),
                ("zusammengefuehrt", "ben@example.org"),
                ("abgelehnt", "cem@example.org"),
            ]
        );
        assert_eq!(
            queued[0].3,
            NOW + 12 + MODERATION_DELAY_SECS,
            "time to undo"
        );
        assert!(queued[2].2.contains("Sportamt"), "the reason goes along");

        // Published: the answered need and the one merged into it; not the rejected one.
        let content: ProgrammeContent = serde_json::from_str(&format!(
            r#"{{"situation":"Lage","measures":[
                {{"id":"m1","field":"ParentsAndChildren","title":"Spielplatz-Werkstatt","status":"Planned","need_ids":[{playground}]}},
                {{"id":"m2","field":"Work","title":"Sprachcafé","status":"Planned","need_ids":[{library}]}}]}}"#
        ))
        .expect("content");
        publish_first_version(&db, &kai, &office, "hafen", &content, NOW + 20).await;
        let queued = messages(&db).await;
        let published: Vec<(&str, &str)> = queued[3..]
            .iter()
            .map(|(kind, email, detail, _)| {
                assert!(detail.contains("Spielplatz-Werkstatt"), "{detail}");
                (kind.as_str(), email.as_str())
            })
            .collect();
        assert_eq!(
            published,
            vec![
                ("im-programm", "ana@example.org"),
                ("im-programm", "ben@example.org")
            ]
        );

        // A second version that answers the same needs tells nobody again.
        let staff = access::area_of(&db, &kai, "hafen").await.expect("staff");
        programmes::save(&db, &staff, 1, &content, "Kleinigkeit", NOW + 30)
            .await
            .expect("saved");
        programmes::take_step(
            &db,
            &staff,
            crate::domain::workflow::Step::Submit,
            2,
            "",
            &[],
            NOW + 31,
        )
        .await
        .expect("submitted");
        let review = access::area_of(&db, &office, "hafen")
            .await
            .expect("office");
        for step in [
            crate::domain::workflow::Step::Approve,
            crate::domain::workflow::Step::Publish,
        ] {
            programmes::take_step(&db, &review, step, 2, "", &[], NOW + 32)
                .await
                .expect("step");
        }
        assert_eq!(messages(&db).await.len(), 5);

        // Umgesetzt: once, however often the finished measure is updated.
        let m1 = access::measure_of(&db, &kai, "hafen", "m1")
            .await
            .expect("measure");
        let done = ImplementationInput {
            state: "umgesetzt".into(),
            progress: "100".into(),
            started_on: "2022-07-01".into(),
            ended_on: "2022-09-30".into(),
            note: "Fertig.".into(),
            ..ImplementationInput::default()
        };
        for at in [NOW + 40, NOW + 41] {
            implementation::update(&db, &m1, &done, at)
                .await
                .expect("update");
        }
        let queued = messages(&db).await;
        let done: Vec<(&str, &str)> = queued[5..]
            .iter()
            .map(|(kind, email, ..)| (kind.as_str(), email.as_str()))
            .collect();
        assert_eq!(
            done,
            vec![
                ("umgesetzt", "ana@example.org"),
                ("umgesetzt", "ben@example.org")
            ]
        );
    }

    #[tokio::test]
    async fn the_addresses_go_with_the_retention_rule_and_on_unsubscribing() {
        let (_dir, db) = fresh_db().await;
        let kai = current(
            &db,
            make_user(&db, "kai@stadt.example", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let office = current(
            &db,
            make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await,
        )
        .await;
        let (need, _) = submit_input(
            &db,
            "hafen",
            &asking("Spielplatz", "ana@example.org", "de"),
            NOW,
        )
        .await;
        submit_input(
            &db,
            "hafen",
            &asking("Bänke", "ben@example.org", "de"),
            NOW + 1,
        )
        .await;
        let salt: Vec<u8> = sqlx::query_scalar(
            "SELECT link_salt FROM need_update_subscriptions WHERE email = 'ben@example.org'",
        )
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("salt");
        let (_, token) = link_tokens(&test_link_key(), &salt);
        assert!(unsubscribe(&db, &token).await.expect("unsubscribed"));
        assert!(
            !unsubscribe(&db, &token).await.expect("again"),
            "gone already"
        );
        assert!(!unsubscribe(&db, "").await.expect("empty"));

        catalogue::accept(
            &db,
            &access::need_of(&db, &kai, need).await.expect("door"),
            &AcceptInput {
                field: "2".into(),
                title: "Spielplatz".into(),
            },
            NOW + 10,
        )
        .await
        .expect("accepted");
        let content: ProgrammeContent =
            serde_json::from_str(r#"{"situation":"Lage"}"#).expect("content");
        publish_first_version(&db, &kai, &office, "hafen", &content, NOW + 20).await;
        let count = |db: Db| async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT (SELECT count(*) FROM need_update_subscriptions)
                      + (SELECT count(*) FROM need_update_messages)",
            )
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("count")
        };
        assert_eq!(count(db.clone()).await, 2, "one subscription, one message");
        // 12 months after the approval (at NOW + 22) the address goes, like contact data.
        let year = 366 * 24 * 3600;
        needs::erase_expired_contacts(&db, 12, NOW + 22 + year - 10 * 24 * 3600)
            .await
            .expect("too early");
        assert_eq!(count(db.clone()).await, 2);
        needs::erase_expired_contacts(&db, 12, NOW + 22 + year)
            .await
            .expect("erased");
        assert_eq!(count(db.clone()).await, 0, "the address and what waited");
    }
}
