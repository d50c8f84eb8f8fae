//! The one door: turns the current user and an object into a proof that they may touch it.
//! The rules are the pure functions of `domain::policy`; this module looks the object up and
//! applies them. Services take the proofs as arguments, so a service cannot run without the
//! check, and only this module can make a proof (their fields are private).
//!
//! Each check takes a connection; the `*_of` variants take the database and hold a read
//! connection only for the check itself (a caller holding another connection must use the
//! connection variant: never ask for a second connection while holding one).
use crate::domain::area::Area;
use crate::domain::meeting::MeetingDetail;
use crate::domain::policy;
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use crate::server::db::Db;
use crate::server::repo;
use crate::server::request::SessionUser;
use sqlx::SqliteConnection;

/// Proof: the caller gave a current code of their second factor in this session, now or in the
/// last five minutes (step-up): asked before actions that give lasting control over accounts.
#[derive(Debug, Clone)]
pub struct RecentCode(CurrentUser);

impl RecentCode {
    pub fn user(&self) -> &CurrentUser {
        &self.0
    }
}

/// The step-up check: `code` as typed into the action's form (empty: a code given in this
/// session in the last five minutes must exist). A request without a session has no step-up.
pub async fn recent_code(
    db: &Db,
    user: &CurrentUser,
    session_hash: Option<&[u8]>,
    code: &str,
    now: i64,
) -> Result<RecentCode, AppError> {
    let session_hash = session_hash.ok_or(AppError::Unauthorized)?;
    crate::server::services::second_factor::step_up(db, user.id, session_hash, code, now).await?;
    Ok(RecentCode(user.clone()))
}

/// Proof: the caller is the Projektbüro.
#[derive(Debug, Clone)]
pub struct ProjectOffice(CurrentUser);

impl ProjectOffice {
    pub fn user(&self) -> &CurrentUser {
        &self.0
    }
}

/// Proof: the caller works in this area (one of its coordinators, or the Projektbüro).
#[derive(Debug, Clone)]
pub struct AreaStaff {
    user: CurrentUser,
    area: Area,
}

impl AreaStaff {
    pub fn user(&self) -> &CurrentUser {
        &self.user
    }

    pub fn area(&self) -> &Area {
        &self.area
    }
}

/// Proof: the caller may plan, invite to and record this meeting (staff of its area).
#[derive(Debug, Clone)]
pub struct MeetingStaff {
    user: CurrentUser,
    meeting: MeetingDetail,
}

impl MeetingStaff {
    pub fn user(&self) -> &CurrentUser {
        &self.user
    }

    /// The meeting as it was when the check ran (read it again inside a write transaction).
    pub fn meeting(&self) -> &MeetingDetail {
        &self.meeting
    }

    pub fn meeting_id(&self) -> i64 {
        self.meeting.summary.id
    }

    pub fn area_id(&self) -> i64 {
        self.meeting.area_id
    }

    /// The meeting as it is now, read on the caller's connection or inside its write
    /// transaction (the proof may be older than a change made meanwhile).
    pub async fn current(&self, conn: &mut SqliteConnection) -> Result<MeetingDetail, AppError> {
        repo::meetings::by_id(conn, self.meeting_id())
            .await?
            .ok_or_else(|| AppError::not_found("Dieser Termin"))
    }
}

/// Proof: the caller may renew or withdraw this invitation (staff of its meeting's area).
#[derive(Debug, Clone)]
pub struct InvitationStaff {
    meeting: MeetingStaff,
    invitation_id: i64,
}

impl InvitationStaff {
    pub fn meeting(&self) -> &MeetingStaff {
        &self.meeting
    }

    pub fn invitation_id(&self) -> i64 {
        self.invitation_id
    }
}

/// Proof: the caller may moderate this need (staff of its area).
#[derive(Debug, Clone)]
pub struct NeedStaff {
    user: CurrentUser,
    need_id: i64,
    area_id: i64,
}

impl NeedStaff {
    pub fn user(&self) -> &CurrentUser {
        &self.user
    }

    pub fn need_id(&self) -> i64 {
        self.need_id
    }

    pub fn area_id(&self) -> i64 {
        self.area_id
    }
}

/// Proof: the caller may edit this organisation and see its contact people (staff of one of
/// the areas it is active in).
#[derive(Debug, Clone)]
pub struct OrganisationEditor {
    user: CurrentUser,
    organisation_id: i64,
    area_ids: Vec<i64>,
}

impl OrganisationEditor {
    pub fn user(&self) -> &CurrentUser {
        &self.user
    }

    pub fn organisation_id(&self) -> i64 {
        self.organisation_id
    }

    pub fn area_ids(&self) -> &[i64] {
        &self.area_ids
    }
}

/// The signed-in caller, for the plain axum handlers (calendar files, exports, data requests):
/// the same door as `request::require_user` in the server functions. Without a valid session
/// the handler is not run and the answer is a German 401.
pub struct SignedIn(pub CurrentUser);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SignedIn {
    type Rejection = axum::response::Response;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse as _;
        match parts.extensions.get::<SessionUser>() {
            Some(SessionUser(user)) => Ok(SignedIn(user.clone())),
            None => Err((
                http::StatusCode::UNAUTHORIZED,
                [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                AppError::Unauthorized.to_string(),
            )
                .into_response()),
        }
    }
}

/// Proof: the caller may erase this contact person (an editor of their organisation).
#[derive(Debug, Clone)]
pub struct ContactEditor {
    organisation: OrganisationEditor,
    contact_id: i64,
}

impl ContactEditor {
    pub fn organisation(&self) -> &OrganisationEditor {
        &self.organisation
    }

    pub fn contact_id(&self) -> i64 {
        self.contact_id
    }
}

fn allowed(rule: bool) -> Result<(), AppError> {
    if rule {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The Projektbüro, or 403.
pub fn project_office(user: &CurrentUser) -> Result<ProjectOffice, AppError> {
    allowed(policy::is_project_office(user))?;
    Ok(ProjectOffice(user.clone()))
}

/// Staff of the area named by `slug`: 404 for an unknown area, 403 for someone else's.
pub async fn area(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    slug: &str,
) -> Result<AreaStaff, AppError> {
    let area = repo::areas::by_slug(conn, slug.trim())
        .await?
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))?;
    allowed(policy::can_view_area_staff_part(user, area.id))?;
    Ok(AreaStaff {
        user: user.clone(),
        area,
    })
}

/// [`area`] with a read connection held only for the check.
pub async fn area_of(db: &Db, user: &CurrentUser, slug: &str) -> Result<AreaStaff, AppError> {
    area(&mut *db.read().await?, user, slug).await
}

/// [`area_of`] for an area chosen in a form: an unknown one is a mistake in the field `field`
/// (422 with a message), not a missing page.
pub async fn chosen_area_of(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    field: &str,
) -> Result<AreaStaff, AppError> {
    area_of(db, user, slug).await.map_err(|e| match e {
        AppError::NotFound(_) => {
            AppError::field(field, "Bitte wählen Sie ein Gebiet aus der Liste.")
        }
        other => other,
    })
}

/// Staff of the meeting's area: 404 for an unknown meeting, 403 for another area's.
pub async fn meeting(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    meeting_id: i64,
) -> Result<MeetingStaff, AppError> {
    let meeting = repo::meetings::by_id(conn, meeting_id)
        .await?
        .ok_or_else(|| AppError::not_found("Dieser Termin"))?;
    allowed(policy::can_manage_meetings(user, meeting.area_id))?;
    Ok(MeetingStaff {
        user: user.clone(),
        meeting,
    })
}

/// [`meeting`] with a read connection held only for the check.
pub async fn meeting_of(
    db: &Db,
    user: &CurrentUser,
    meeting_id: i64,
) -> Result<MeetingStaff, AppError> {
    meeting(&mut *db.read().await?, user, meeting_id).await
}

/// Staff of the invitation's meeting: 404 for an unknown invitation, 403 for another area's.
pub async fn invitation(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    invitation_id: i64,
) -> Result<InvitationStaff, AppError> {
    let row = repo::invitations::by_id(conn, invitation_id)
        .await?
        .ok_or_else(|| AppError::not_found("Diese Einladung"))?;
    Ok(InvitationStaff {
        meeting: meeting(conn, user, row.meeting_id).await?,
        invitation_id,
    })
}

/// [`invitation`] with a read connection held only for the check.
pub async fn invitation_of(
    db: &Db,
    user: &CurrentUser,
    invitation_id: i64,
) -> Result<InvitationStaff, AppError> {
    invitation(&mut *db.read().await?, user, invitation_id).await
}

/// Staff of the need's area: 404 for an unknown need, 403 for another area's.
pub async fn need(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    need_id: i64,
) -> Result<NeedStaff, AppError> {
    let need = repo::catalogue::by_id(conn, need_id)
        .await?
        .ok_or_else(|| AppError::not_found("Dieser Bedarf"))?;
    allowed(policy::can_moderate_need(user, need.area_id))?;
    Ok(NeedStaff {
        user: user.clone(),
        need_id,
        area_id: need.area_id,
    })
}

/// [`need`] with a read connection held only for the check.
pub async fn need_of(db: &Db, user: &CurrentUser, need_id: i64) -> Result<NeedStaff, AppError> {
    need(&mut *db.read().await?, user, need_id).await
}

/// An editor of the organisation: 404 for an unknown one, 403 when it works in none of the
/// caller's areas.
pub async fn organisation(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    organisation_id: i64,
) -> Result<OrganisationEditor, AppError> {
    if repo::organisations::by_id(conn, organisation_id)
        .await?
        .is_none()
    {
        return Err(AppError::not_found("Diese Organisation"));
    }
    let area_ids = repo::organisations::area_ids(conn, organisation_id).await?;
    allowed(policy::can_edit_organisation(user, &area_ids))?;
    Ok(OrganisationEditor {
        user: user.clone(),
        organisation_id,
        area_ids,
    })
}

/// [`organisation`] with a read connection held only for the check.
pub async fn organisation_of(
    db: &Db,
    user: &CurrentUser,
    organisation_id: i64,
) -> Result<OrganisationEditor, AppError> {
    organisation(&mut *db.read().await?, user, organisation_id).await
}

/// An editor of the contact person's organisation: 404 for an unknown contact, 403 otherwise.
pub async fn contact(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    contact_id: i64,
) -> Result<ContactEditor, AppError> {
    let organisation_id = repo::organisations::contact_organisation(conn, contact_id)
        .await?
        .ok_or_else(|| AppError::not_found("Diese Kontaktperson"))?;
    Ok(ContactEditor {
        organisation: organisation(conn, user, organisation_id).await?,
        contact_id,
    })
}

/// [`contact`] with a read connection held only for the check.
pub async fn contact_of(
    db: &Db,
    user: &CurrentUser,
    contact_id: i64,
) -> Result<ContactEditor, AppError> {
    contact(&mut *db.read().await?, user, contact_id).await
}

/// Whether the organisation works in the area, for ids a request names inside an area's work
/// (an invitee, a programme's responsible organisation or partner): `field` names the form
/// field in the message.
pub async fn organisation_in_area(
    conn: &mut SqliteConnection,
    area_id: i64,
    organisation_id: i64,
    field: &str,
) -> Result<(), AppError> {
    let areas = repo::organisations::area_ids(conn, organisation_id).await?;
    if policy::organisation_works_in(&areas, area_id) {
        Ok(())
    } else {
        Err(AppError::field(
            field,
            "Eine ausgewählte Organisation oder Person ist in diesem Gebiet nicht (mehr) aktiv. Bitte laden Sie die Seite neu.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;
    use crate::server::services::test_support::{current, fresh_db, make_user};

    #[tokio::test]
    async fn proofs_follow_the_areas() {
        let (_dir, db) = fresh_db().await;
        let kai = current(
            &db,
            make_user(&db, "k@x.de", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let office = current(
            &db,
            make_user(&db, "o@x.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        assert_eq!(
            area_of(&db, &kai, "hafen")
                .await
                .map(|s| s.area().slug.clone()),
            Ok("hafen".into())
        );
        assert!(matches!(
            area_of(&db, &kai, "nordmarkt").await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            area_of(&db, &kai, "atlantis").await,
            Err(AppError::NotFound(_))
        ));
        assert!(area_of(&db, &office, "nordmarkt").await.is_ok());
        assert!(matches!(project_office(&kai), Err(AppError::Forbidden)));
        assert_eq!(project_office(&office).map(|p| p.user().id), Ok(office.id));
        assert!(matches!(
            meeting_of(&db, &kai, 999).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            need_of(&db, &kai, 999).await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            organisation_of(&db, &kai, 999).await,
            Err(AppError::NotFound(_))
        ));
    }
}

/// Proof: the caller may update the implementation of this measure of the area's published
/// programme (its coordinators and the Projektbüro).
#[derive(Debug, Clone)]
pub struct MeasureStaff {
    user: CurrentUser,
    area: Area,
    measure_id: String,
    title: String,
}

impl MeasureStaff {
    pub fn user(&self) -> &CurrentUser {
        &self.user
    }

    pub fn area(&self) -> &Area {
        &self.area
    }

    pub fn measure_id(&self) -> &str {
        &self.measure_id
    }

    /// The measure's title in the published version.
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// Staff of the area for a measure of its published programme: 404 for an unknown area, an
/// unpublished programme or a measure it does not hold, 403 for another area's staff.
pub async fn measure_of(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    measure_id: &str,
) -> Result<MeasureStaff, AppError> {
    let mut conn = db.read().await?;
    let area = repo::areas::by_slug(&mut conn, slug.trim())
        .await?
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))?;
    allowed(policy::can_update_implementation(user, area.id))?;
    let missing = || AppError::not_found("Diese Maßnahme eines veröffentlichten Aktionsprogramms");
    let programme = repo::programmes::by_area(&mut conn, area.id)
        .await?
        .ok_or_else(missing)?;
    let number = programme.published_version.ok_or_else(missing)?;
    let version = repo::programmes::version(&mut conn, programme.id, number)
        .await?
        .ok_or_else(missing)?;
    let content: crate::domain::programme::ProgrammeContent =
        serde_json::from_str(&version.content).map_err(AppError::internal)?;
    let measure = content
        .measures
        .into_iter()
        .find(|m| m.id == measure_id)
        .ok_or_else(missing)?;
    Ok(MeasureStaff {
        user: user.clone(),
        area,
        measure_id: measure.id,
        title: measure.title,
    })
}
