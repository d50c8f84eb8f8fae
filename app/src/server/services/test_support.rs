//! Fresh databases and accounts for service tests.
use crate::domain::user::{CurrentUser, Role};
use crate::server::db::Db;
use crate::server::{db, password, repo};

/// A new SQLite file in a temporary directory, migrated; keep the directory alive.
pub async fn fresh_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db::Db::open(&dir.path().join("test.sqlite"))
        .await
        .expect("database");
    (dir, db)
}

/// Creates an account with the password "Borsigplatz ist grün".
pub async fn make_user(db: &Db, email: &str, role: Role, area_slugs: &[&str]) -> i64 {
    let hash = password::hash("Borsigplatz ist grün".into())
        .await
        .expect("hash");
    let mut conn = db.write().await.expect("writer");
    let id = repo::users::insert(&mut conn, email, "Test Person", role, Some(&hash))
        .await
        .expect("insert");
    let slugs: Vec<String> = area_slugs.iter().map(|s| (*s).to_owned()).collect();
    let ids: Vec<i64> = repo::areas::ids_by_slugs(&mut conn, &slugs)
        .await
        .expect("areas")
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    repo::users::replace_areas(&mut conn, id, &ids)
        .await
        .expect("assign");
    conn.commit().await.expect("commit");
    id
}

pub async fn current(db: &Db, id: i64) -> CurrentUser {
    let mut conn = db.read().await.expect("conn");
    repo::users::current_user(&mut conn, id)
        .await
        .expect("query")
        .expect("user")
}

/// Sends the public needs form of an area like a person would (key fetched a minute earlier)
/// and returns the id of the need it became.
/// The link key of the tests' server: random, the same for the whole test run (links made in a
/// test can be worked out again in it).
pub fn test_link_key() -> crate::server::links::LinkKey {
    static KEY: std::sync::OnceLock<crate::server::links::LinkKey> = std::sync::OnceLock::new();
    KEY.get_or_init(crate::server::links::LinkKey::random)
        .clone()
}

/// The configuration of a server at localhost with the tests' link key and the defaults.
pub fn test_config() -> crate::server::state::Config {
    crate::server::state::Config {
        public_url: "http://localhost".into(),
        link_key: test_link_key(),
        contact_retention_months: 12,
        yearly_budget_cents: crate::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
        second_factor_for_coordinators: false,
        stale_after_months: crate::domain::implementation::DEFAULT_STALE_MONTHS,
        mail_enabled: false,
    }
}

pub async fn submit_need(db: &Db, slug: &str, title: &str, description: &str, now: i64) -> i64 {
    submit_need_with_key(db, slug, title, description, now)
        .await
        .0
}

/// As [`submit_need`], with the receipt key the submitter gets.
pub async fn submit_need_with_key(
    db: &Db,
    slug: &str,
    title: &str,
    description: &str,
    now: i64,
) -> (i64, String) {
    let input = crate::domain::need::SubmissionInput {
        field: "2".into(),
        title: title.into(),
        description: description.into(),
        organisation: "Kita Regenbogen".into(),
        ..Default::default()
    };
    submit_input(db, slug, &input, now).await
}

/// Sends the form as typed; the need's id and the receipt key.
pub async fn submit_input(
    db: &Db,
    slug: &str,
    input: &crate::domain::need::SubmissionInput,
    now: i64,
) -> (i64, String) {
    use crate::server::rate_limit::WindowLimiter;
    use crate::server::services::needs::{form, submit, SubmitLimits, Submitted};
    use std::time::Duration;
    let config = test_config();
    let (per_ip, per_area) = (
        WindowLimiter::new(1000, Duration::from_secs(600)),
        WindowLimiter::new(1000, Duration::from_secs(3600)),
    );
    let (_, key) = form(db, &config, slug, now - 60).await.expect("form");
    let limits = SubmitLimits {
        per_ip: &per_ip,
        per_area: &per_area,
    };
    let sent = submit(db, &config, limits, None, slug, &key, "", input, now)
        .await
        .expect("submitted");
    let Submitted::Stored { key: receipt_key } = sent else {
        panic!("not stored: {sent:?}");
    };
    let id = sqlx::query_scalar("SELECT id FROM needs ORDER BY id DESC LIMIT 1")
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("need");
    (id, receipt_key)
}

/// Saves `content` as the area's first version and takes it through submission (by the
/// coordinator), approval and publication (by the Projektbüro), at `at` to `at + 3`.
pub async fn publish_first_version(
    db: &Db,
    coordinator: &CurrentUser,
    office: &CurrentUser,
    slug: &str,
    content: &crate::domain::programme::ProgrammeContent,
    at: i64,
) {
    use crate::domain::workflow::Step;
    use crate::server::{access, services::programmes};
    let staff = access::area_of(db, coordinator, slug).await.expect("staff");
    programmes::save(db, &staff, 0, content, "", at)
        .await
        .expect("saved");
    programmes::take_step(db, &staff, Step::Submit, 1, "", &[], at + 1)
        .await
        .expect("submitted");
    let review = access::area_of(db, office, slug).await.expect("office");
    for (step, when) in [(Step::Approve, at + 2), (Step::Publish, at + 3)] {
        programmes::take_step(db, &review, step, 1, "", &[], when)
            .await
            .expect("step");
    }
}

/// The services as a caller reaches them: through the door (`server::access`) first, with the
/// arguments a request carries (an area's slug, an object's id).
pub mod door {
    use crate::domain::meeting::{MeetingDetail, MeetingStatus};
    use crate::domain::schedule::MeetingInput;
    use crate::domain::user::CurrentUser;
    use crate::error::AppError;
    use crate::server::access;
    use crate::server::db::Db;
    use crate::server::services::meetings;

    pub async fn schedule(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        organiser: &str,
        input: &MeetingInput,
        confirmed: bool,
    ) -> Result<i64, AppError> {
        let staff = access::area_of(db, actor, slug).await?;
        meetings::schedule(db, &staff, organiser, input, confirmed).await
    }

    pub async fn change_status(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        to: MeetingStatus,
        change: meetings::StatusChange,
    ) -> Result<i64, AppError> {
        let meeting = access::meeting_of(db, actor, id).await?;
        meetings::change_status(db, &meeting, to, change).await
    }

    pub async fn update(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        slug: &str,
        organiser: &str,
        input: &MeetingInput,
        confirmed: bool,
    ) -> Result<(), AppError> {
        let meeting = access::meeting_of(db, actor, id).await?;
        let to = access::area_of(db, actor, slug).await?;
        meetings::update(db, &meeting, &to, organiser, input, confirmed).await
    }

    pub use meetings::StatusChange;

    pub async fn accept(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        input: &crate::domain::catalogue::AcceptInput,
        now: i64,
    ) -> Result<(), AppError> {
        let need = access::need_of(db, actor, id).await?;
        crate::server::services::catalogue::accept(db, &need, input, now).await
    }

    pub async fn add_contact(
        db: &Db,
        actor: &CurrentUser,
        organisation_id: i64,
        fields: crate::domain::organisation::ContactFields,
    ) -> Result<i64, AppError> {
        let editor = access::organisation_of(db, actor, organisation_id).await?;
        crate::server::services::organisations::add_contact(db, &editor, fields).await
    }

    pub async fn assign_areas(
        db: &Db,
        actor: &CurrentUser,
        user_id: i64,
        area_ids: &[i64],
    ) -> Result<(), AppError> {
        let office = access::project_office(actor)?;
        crate::server::services::users::assign_areas(db, &office, user_id, area_ids).await
    }

    pub async fn set_disabled(
        db: &Db,
        actor: &CurrentUser,
        user_id: i64,
        disabled: bool,
    ) -> Result<(), AppError> {
        let office = access::project_office(actor)?;
        crate::server::services::users::set_disabled(db, &office, user_id, disabled).await
    }

    pub async fn detail(db: &Db, actor: &CurrentUser, id: i64) -> Result<MeetingDetail, AppError> {
        Ok(access::meeting_of(db, actor, id).await?.meeting().clone())
    }
}
