//! Account management by the Projektbüro: create, assign areas, disable, passwords.
use crate::domain::email::Email;
use crate::domain::password::NewPassword;
use crate::domain::user::Role;
use crate::domain::validation::{required_text, FieldErrors};
use crate::error::AppError;
use crate::server::access::ProjectOffice;
use crate::server::db::Db;
use crate::server::password;
use crate::server::repo::users::UserRecord;
use crate::server::repo::{sessions, users};
use crate::server::services::auth::issue_reset_link;

pub async fn list(db: &Db, office: &ProjectOffice) -> Result<Vec<UserRecord>, AppError> {
    let _ = office;
    let mut conn = db.read().await?;
    Ok(users::list(&mut conn).await?)
}

pub async fn get(db: &Db, office: &ProjectOffice, id: i64) -> Result<UserRecord, AppError> {
    let _ = office;
    let mut conn = db.read().await?;
    users::by_id(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Das Benutzerkonto"))
}

pub struct NewUser {
    pub name: String,
    pub email: Email,
    pub role: Role,
    /// Without an initial password the user gets a one-time link to set their own.
    pub password: Option<NewPassword>,
}

impl NewUser {
    pub fn parse(name: &str, email: &str, role: &str, password: &str) -> Result<Self, AppError> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", required_text(name, "den Namen", 100));
        let email = errors.check("email", Email::parse(email));
        let role = errors.check(
            "role",
            Role::parse(role).ok_or("Bitte wählen Sie eine Rolle."),
        );
        let mut password = if password.is_empty() {
            Some(None)
        } else {
            errors
                .check("password", NewPassword::parse(password, password))
                .map(Some)
        };
        if let (Some(name), Some(email), Some(Some(new))) = (&name, &email, &password) {
            if crate::server::password::guessable(new.expose(), &[name.as_str(), email.as_str()]) {
                errors.add("password", crate::server::password::guessable_message());
                password = None;
            }
        }
        match (name, email, role, password) {
            (Some(name), Some(email), Some(role), Some(password)) => Ok(Self {
                name,
                email,
                role,
                password,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// The new account's id and, without an initial password, its one-time link.
pub async fn create(
    db: &Db,
    public_url: &str,
    office: &ProjectOffice,
    new_user: NewUser,
    area_ids: &[i64],
) -> Result<(i64, Option<String>), AppError> {
    let actor = office.user();
    let created = insert_account(db, public_url, new_user, area_ids).await?;
    tracing::info!(actor = actor.id, user_id = created.0, "account created");
    Ok(created)
}

/// Creates an account without an acting user: for the command line, which runs as the operator.
pub async fn insert_account(
    db: &Db,
    public_url: &str,
    new_user: NewUser,
    area_ids: &[i64],
) -> Result<(i64, Option<String>), AppError> {
    let hash = match &new_user.password {
        Some(p) => Some(
            password::hash(p.expose().to_owned())
                .await
                .map_err(AppError::internal)?,
        ),
        None => None,
    };
    let mut tx = db.write().await?;
    if users::id_by_email(&mut tx, new_user.email.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::field(
            "email",
            "Zu dieser E-Mail-Adresse gibt es schon ein Konto.",
        ));
    }
    let id = users::insert(
        &mut tx,
        new_user.email.as_str(),
        &new_user.name,
        new_user.role,
        hash.as_deref(),
    )
    .await?;
    if new_user.role == Role::Coordinator {
        users::replace_areas(&mut tx, id, area_ids).await?;
    }
    tx.commit().await?;
    let link = match hash {
        Some(_) => None,
        None => Some(issue_reset_link(db, public_url, id).await?),
    };
    Ok((id, link))
}

pub async fn assign_areas(
    db: &Db,
    office: &ProjectOffice,
    user_id: i64,
    area_ids: &[i64],
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let user = users::by_id(&mut tx, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("Das Benutzerkonto"))?;
    if user.role != Role::Coordinator && !area_ids.is_empty() {
        return Err(AppError::field(
            "areas",
            "Aktionsräume werden nur Aktionsraumbeauftragten zugeordnet.",
        ));
    }
    users::replace_areas(&mut tx, user_id, area_ids).await?;
    if user.role == Role::Coordinator {
        // Calendar feeds of the areas taken away end with them.
        crate::server::repo::invitations::revoke_feeds_outside_areas(
            &mut tx,
            user_id,
            crate::server::db::now_unix(),
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(actor = office.user().id, user_id, "areas assigned");
    Ok(())
}

/// Disabling ends all of the user's sessions at once.
pub async fn set_disabled(
    db: &Db,
    office: &ProjectOffice,
    user_id: i64,
    disabled: bool,
) -> Result<(), AppError> {
    let actor = office.user();
    if disabled && actor.id == user_id {
        return Err(AppError::Conflict("Sie können Ihr eigenes Konto nicht sperren. Bitten Sie eine Kollegin oder einen Kollegen im Projektbüro darum.".into()));
    }
    let mut tx = db.write().await?;
    if !users::set_disabled(&mut tx, user_id, disabled).await? {
        return Err(AppError::not_found("Das Benutzerkonto"));
    }
    if disabled {
        sessions::delete_for_user(&mut tx, user_id).await?;
    }
    tx.commit().await?;
    tracing::info!(
        actor = actor.id,
        user_id,
        disabled,
        "account disabled state changed"
    );
    Ok(())
}

/// Removes another account's second factor (a lost phone and lost recovery codes) and ends its
/// sessions; at its next login the account sets the factor up again where it is required.
pub async fn reset_second_factor(
    db: &Db,
    office: &ProjectOffice,
    user_id: i64,
) -> Result<(), AppError> {
    let actor = office.user();
    if actor.id == user_id {
        return Err(AppError::Conflict("Ihren eigenen zweiten Faktor setzt eine Kollegin oder ein Kollege im Projektbüro zurück (oder die IT mit „user reset-mfa“). Neue Wiederherstellungscodes erzeugen Sie selbst unter „Anmeldung absichern“.".into()));
    }
    if users::by_id(&mut *db.read().await?, user_id)
        .await?
        .is_none()
    {
        return Err(AppError::not_found("Das Benutzerkonto"));
    }
    crate::server::services::second_factor::reset(db, user_id).await?;
    tracing::info!(actor = actor.id, user_id, "second factor reset");
    Ok(())
}

/// Sets an initial password chosen by the Projektbüro; the user's sessions end.
pub async fn set_password(
    db: &Db,
    office: &ProjectOffice,
    user_id: i64,
    new_password: NewPassword,
) -> Result<(), AppError> {
    let user = users::by_id(&mut *db.read().await?, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("Das Benutzerkonto"))?;
    if password::guessable(
        new_password.expose(),
        &[user.name.as_str(), user.email.as_str()],
    ) {
        return Err(password::guessable_error());
    }
    let hash = password::hash(new_password.expose().to_owned())
        .await
        .map_err(AppError::internal)?;
    let mut tx = db.write().await?;
    if users::by_id(&mut tx, user_id).await?.is_none() {
        return Err(AppError::not_found("Das Benutzerkonto"));
    }
    users::set_password_hash(&mut tx, user_id, &hash).await?;
    sessions::delete_for_user(&mut tx, user_id).await?;
    tx.commit().await?;
    tracing::info!(
        actor = office.user().id,
        user_id,
        "password set by the Projektbüro"
    );
    Ok(())
}

pub async fn reset_link(
    db: &Db,
    public_url: &str,
    office: &ProjectOffice,
    user_id: i64,
) -> Result<String, AppError> {
    get(db, office, user_id).await?;
    issue_reset_link(db, public_url, user_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::CurrentUser;
    use crate::server::services::test_support::{current, fresh_db, make_user};
    use crate::server::{rate_limit::WindowLimiter, services::auth, session};
    use std::time::Duration;

    // The services as a caller reaches them: through the door (`access::project_office`)
    // first. These shadow the service functions of the same name.
    fn office(actor: &CurrentUser) -> Result<ProjectOffice, AppError> {
        crate::server::access::project_office(actor)
    }

    async fn list(db: &Db, actor: &CurrentUser) -> Result<Vec<UserRecord>, AppError> {
        super::list(db, &office(actor)?).await
    }

    async fn get(db: &Db, actor: &CurrentUser, id: i64) -> Result<UserRecord, AppError> {
        super::get(db, &office(actor)?, id).await
    }

    async fn create(
        db: &Db,
        public_url: &str,
        actor: &CurrentUser,
        new_user: NewUser,
        area_ids: &[i64],
    ) -> Result<(i64, Option<String>), AppError> {
        super::create(db, public_url, &office(actor)?, new_user, area_ids).await
    }

    async fn set_disabled(
        db: &Db,
        actor: &CurrentUser,
        user_id: i64,
        disabled: bool,
    ) -> Result<(), AppError> {
        super::set_disabled(db, &office(actor)?, user_id, disabled).await
    }

    #[tokio::test]
    async fn office_creates_coordinator_with_areas_and_duplicate_email_is_a_field_error() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "buero@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let new_user =
            NewUser::parse("Kai Nord", "kai@dortmund.de", "beauftragte", "").expect("valid");
        let (id, link) = create(&db, "http://x", &office, new_user, &[1, 2])
            .await
            .expect("create");
        assert!(link.is_some_and(|l| l.contains("/passwort?token=")));
        assert_eq!(
            get(&db, &office, id).await.expect("get").area_ids,
            vec![1, 2]
        );

        let again = NewUser::parse("Kai", "KAI@dortmund.de", "beauftragte", "").expect("valid");
        let error = create(&db, "http://x", &office, again, &[])
            .await
            .expect_err("duplicate");
        assert!(error.field_message("email").is_some());
    }

    #[tokio::test]
    async fn coordinators_cannot_manage_accounts() {
        let (_dir, db) = fresh_db().await;
        let coordinator = current(
            &db,
            make_user(&db, "kai@dortmund.de", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        assert_eq!(list(&db, &coordinator).await, Err(AppError::Forbidden));
        assert_eq!(
            set_disabled(&db, &coordinator, coordinator.id, true).await,
            Err(AppError::Forbidden)
        );
    }

    #[tokio::test]
    async fn disabling_ends_sessions_at_once() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "buero@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let kai = make_user(&db, "kai@dortmund.de", Role::Coordinator, &["hafen"]).await;
        let limiter = WindowLimiter::new(10, Duration::from_secs(60));
        let token = auth::login(
            &db,
            &limiter,
            "kai@dortmund.de",
            "Borsigplatz ist grün".into(),
            None,
            false,
        )
        .await
        .expect("login")
        .signed_in();
        set_disabled(&db, &office, kai, true)
            .await
            .expect("disable");
        assert_eq!(session::resolve(&db, &token).await.expect("ok"), None);
        let again = auth::login(
            &db,
            &limiter,
            "kai@dortmund.de",
            "Borsigplatz ist grün".into(),
            None,
            false,
        )
        .await;
        assert_eq!(again, Err(AppError::LoginFailed));
        assert!(matches!(
            set_disabled(&db, &office, office.id, true).await,
            Err(AppError::Conflict(_))
        ));
    }
}
