//! Areas: public listing, and master-data changes by the Projektbüro with their history.
use crate::domain::area::{parse_slug, Area, AreaChange, AreaFields, AreaPage, ChangeReason};
use crate::domain::policy;
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use crate::server::access::{AreaStaff, ProjectOffice};
use crate::server::db::Db;
use crate::server::repo::areas;

pub async fn list(db: &Db) -> Result<Vec<Area>, AppError> {
    Ok(areas::list(&mut *db.read().await?).await?)
}

/// The ids of areas chosen by slug in a form (`field`: where a vanished area is reported).
pub async fn ids_of(db: &Db, slugs: &[String], field: &str) -> Result<Vec<i64>, AppError> {
    let found = areas::ids_by_slugs(&mut *db.read().await?, slugs).await?;
    if found.len() != slugs.len() {
        return Err(AppError::field(
            field,
            "Ein ausgewähltes Gebiet gibt es nicht mehr. Bitte laden Sie die Seite neu.",
        ));
    }
    Ok(found.into_iter().map(|(_, id)| id).collect())
}

/// An area with its history, for the public area page.
pub async fn with_history(db: &Db, slug: &str) -> Result<(Area, Vec<AreaChange>), AppError> {
    let mut conn = db.read().await?;
    let area = areas::by_slug(&mut conn, slug)
        .await?
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))?;
    let history = areas::history(&mut conn, area.id).await?;
    Ok((area, history))
}

/// The public area page; `staff_access` tells the viewer whether the staff part is theirs.
pub async fn public_page(
    db: &Db,
    slug: &str,
    viewer: Option<&CurrentUser>,
) -> Result<AreaPage, AppError> {
    let (area, history) = with_history(db, slug).await?;
    let staff_access = viewer.is_some_and(|u| policy::can_view_area_staff_part(u, area.id));
    page(db, area, history, staff_access).await
}

/// The staff part of an area page (its coordinators and the Projektbüro).
pub async fn staff_page(db: &Db, staff: &AreaStaff) -> Result<AreaPage, AppError> {
    let area = staff.area().clone();
    let history = areas::history(&mut *db.read().await?, area.id).await?;
    page(db, area, history, true).await
}

async fn page(
    db: &Db,
    area: Area,
    history: Vec<AreaChange>,
    staff_access: bool,
) -> Result<AreaPage, AppError> {
    let mut conn = db.read().await?;
    let coordinators = areas::coordinator_names(&mut conn, area.id).await?;
    let published_programme = crate::server::repo::programmes::by_area(&mut conn, area.id)
        .await?
        .and_then(|p| p.published_version);
    Ok(AreaPage {
        area,
        history,
        coordinators,
        staff_access,
        published_programme,
    })
}

pub async fn update(
    db: &Db,
    office: &ProjectOffice,
    slug: &str,
    fields: AreaFields,
    reason: ChangeReason,
) -> Result<(), AppError> {
    let actor = office.user();
    let mut tx = db.write().await?;
    let current = areas::by_slug(&mut tx, slug)
        .await?
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))?;
    let summary = fields.describe_changes(&current).ok_or_else(|| {
        AppError::field(
            "form",
            "Sie haben nichts geändert. Ändern Sie mindestens ein Feld oder brechen Sie ab.",
        )
    })?;
    areas::update(&mut tx, current.id, &fields).await?;
    areas::record_change(
        &mut tx,
        current.id,
        reason.effective_on,
        &reason.decision,
        &summary,
        actor.id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn create(
    db: &Db,
    office: &ProjectOffice,
    slug: &str,
    fields: AreaFields,
    reason: ChangeReason,
) -> Result<String, AppError> {
    let actor = office.user();
    let slug = parse_slug(slug).map_err(|m| AppError::field("slug", m))?;
    let mut tx = db.write().await?;
    if areas::by_slug(&mut tx, &slug).await?.is_some() {
        return Err(AppError::field(
            "slug",
            "Diese Kurzadresse ist schon vergeben. Bitte wählen Sie eine andere.",
        ));
    }
    let id = areas::insert(&mut tx, &slug, &fields).await?;
    let summary = format!(
        "Als {} in den Aktionsplan Soziale Stadt aufgenommen",
        fields.kind.label()
    );
    areas::record_change(
        &mut tx,
        id,
        reason.effective_on,
        &reason.decision,
        &summary,
        actor.id,
    )
    .await?;
    tx.commit().await?;
    Ok(slug)
}

/// Retires an area (or takes a retired one back in), dated and with its decision.
pub async fn set_retired(
    db: &Db,
    office: &ProjectOffice,
    slug: &str,
    retire: bool,
    reason: ChangeReason,
) -> Result<(), AppError> {
    let actor = office.user();
    let mut tx = db.write().await?;
    let area = areas::by_slug(&mut tx, slug)
        .await?
        .ok_or_else(|| AppError::not_found("Dieses Gebiet"))?;
    if retire == area.retired_on.is_some() {
        let message = if retire {
            "Dieses Gebiet ist bereits ausgeschieden."
        } else {
            "Dieses Gebiet ist bereits aktiv."
        };
        return Err(AppError::Conflict(message.into()));
    }
    let (retired_on, summary) = if retire {
        (
            Some(reason.effective_on),
            "Aus dem Aktionsplan Soziale Stadt ausgeschieden",
        )
    } else {
        (None, "Wieder in den Aktionsplan Soziale Stadt aufgenommen")
    };
    areas::set_retired(&mut tx, area.id, retired_on).await?;
    areas::record_change(
        &mut tx,
        area.id,
        reason.effective_on,
        &reason.decision,
        summary,
        actor.id,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::area::AreaKind;
    use crate::domain::user::CurrentUser;
    use crate::domain::user::Role;
    use crate::domain::validation::FieldErrors;
    use crate::server::access;
    use crate::server::services::test_support::{current, fresh_db, make_user};

    // The services as a caller reaches them: through the door (`server::access`) first. These
    // shadow the service functions of the same name.
    async fn staff_page(db: &Db, actor: &CurrentUser, slug: &str) -> Result<AreaPage, AppError> {
        super::staff_page(db, &access::area_of(db, actor, slug).await?).await
    }

    async fn update(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        fields: AreaFields,
        reason: ChangeReason,
    ) -> Result<(), AppError> {
        super::update(db, &access::project_office(actor)?, slug, fields, reason).await
    }

    async fn create(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        fields: AreaFields,
        reason: ChangeReason,
    ) -> Result<String, AppError> {
        super::create(db, &access::project_office(actor)?, slug, fields, reason).await
    }

    async fn set_retired(
        db: &Db,
        actor: &CurrentUser,
        slug: &str,
        retire: bool,
        reason: ChangeReason,
    ) -> Result<(), AppError> {
        super::set_retired(db, &access::project_office(actor)?, slug, retire, reason).await
    }

    fn reason() -> ChangeReason {
        let mut errors = FieldErrors::new();
        ChangeReason::parse(
            "2022-05-01",
            "ASAG 01.05.2022, Drucksache Nr. 12345-22",
            &mut errors,
        )
        .expect("valid")
    }

    #[tokio::test]
    async fn seed_has_fifteen_areas_and_the_2021_decisions() {
        let (_dir, db) = fresh_db().await;
        let all = list(&db).await.expect("list");
        assert_eq!(all.len(), 15);
        assert_eq!(
            all.iter()
                .filter(|a| a.kind == AreaKind::Aktionsquartier)
                .count(),
            2
        );
        let (_, history) = with_history(&db, "wambeler-heide").await.expect("area");
        assert_eq!(history.len(), 1);
        assert!(history[0].decision.contains("19100-20"));
    }

    #[tokio::test]
    async fn kind_change_lands_in_history_and_coordinators_cannot_edit() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "buero@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let kai = current(
            &db,
            make_user(&db, "kai@dortmund.de", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let (hafen, _) = with_history(&db, "hafen").await.expect("area");
        let mut errors = FieldErrors::new();
        let fields = AreaFields::parse(
            &hafen.name,
            "aktionsquartier",
            &hafen.district,
            &hafen.social_space,
            "",
            "",
            &mut errors,
        )
        .expect("valid");
        assert_eq!(
            update(&db, &kai, "hafen", fields.clone(), reason()).await,
            Err(AppError::Forbidden)
        );
        update(&db, &office, "hafen", fields.clone(), reason())
            .await
            .expect("update");
        let (hafen, history) = with_history(&db, "hafen").await.expect("area");
        assert_eq!(hafen.kind, AreaKind::Aktionsquartier);
        assert!(history[0].summary.contains("Aktionsquartier"));
        let unchanged = update(&db, &office, "hafen", fields, reason())
            .await
            .expect_err("nothing changed");
        assert!(unchanged.field_message("form").is_some());
    }

    #[tokio::test]
    async fn staff_part_only_for_own_coordinators() {
        let (_dir, db) = fresh_db().await;
        let kai = current(
            &db,
            make_user(&db, "kai@dortmund.de", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let page = staff_page(&db, &kai, "hafen").await.expect("own area");
        assert!(page.staff_access);
        assert_eq!(page.area.slug, "hafen");
        assert_eq!(
            staff_page(&db, &kai, "nordmarkt").await.map(|_| ()),
            Err(AppError::Forbidden)
        );
    }

    #[tokio::test]
    async fn new_area_and_retirement() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "buero@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        let mut errors = FieldErrors::new();
        let fields = AreaFields::parse(
            "Westerfilde-Süd",
            "aktionsquartier",
            "Mengede",
            "Westerfilde",
            "",
            "",
            &mut errors,
        )
        .expect("valid");
        let slug = create(&db, &office, "westerfilde-sued", fields.clone(), reason())
            .await
            .expect("create");
        assert!(create(&db, &office, "westerfilde-sued", fields, reason())
            .await
            .expect_err("dup")
            .field_message("slug")
            .is_some());
        set_retired(&db, &office, &slug, true, reason())
            .await
            .expect("retire");
        let (area, history) = with_history(&db, &slug).await.expect("area");
        assert!(area.retired_on.is_some());
        assert_eq!(history.len(), 2);
    }
}
