//! The stakeholder directory: every staff member searches it; the Projektbüro and the
//! coordinators of an organisation's areas edit it and its contact people.
use crate::domain::organisation::{
    ContactFields, Organisation, OrganisationFields, OrganisationSummary, DIRECTORY_PAGE_SIZE,
};
use crate::domain::policy::{can_place_organisation_in, can_see_contacts, is_project_office};
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use crate::server::access::{ContactEditor, OrganisationEditor};
use crate::server::db::{now_unix, Db};
use crate::server::repo;
use sqlx::SqliteConnection;

/// One page of the directory search (`after`: the last organisation of the page before) and the
/// id to continue after, if more follow.
pub async fn search(
    db: &Db,
    text: &str,
    area_slug: Option<&str>,
    after: Option<i64>,
) -> Result<(Vec<OrganisationSummary>, Option<i64>), AppError> {
    let mut conn = db.read().await?;
    let area_id = match area_slug.filter(|s| !s.is_empty()) {
        Some(slug) => match repo::areas::by_slug(&mut conn, slug).await? {
            Some(area) => Some(area.id),
            None => return Ok((Vec::new(), None)),
        },
        None => None,
    };
    let mut found = repo::organisations::search(
        &mut conn,
        text.trim(),
        area_id,
        after,
        DIRECTORY_PAGE_SIZE as i64 + 1,
    )
    .await?;
    let next = (found.len() > DIRECTORY_PAGE_SIZE).then(|| {
        found.truncate(DIRECTORY_PAGE_SIZE);
        found.last().map(|o| o.id)
    });
    Ok((found, next.flatten()))
}

/// An organisation with its contacts, for those who may edit it. Others see it without
/// personal data.
pub async fn get(db: &Db, actor: &CurrentUser, id: i64) -> Result<(Organisation, bool), AppError> {
    let mut conn = db.read().await?;
    let mut organisation = repo::organisations::by_id(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found("Diese Organisation"))?;
    let may_edit = can_see_contacts(actor, &organisation.area_ids);
    if !may_edit {
        organisation.contacts.clear();
    }
    Ok((organisation, may_edit))
}

/// Area ids for the chosen slugs, all of which must exist.
async fn area_ids(conn: &mut SqliteConnection, slugs: &[String]) -> Result<Vec<i64>, AppError> {
    let found = repo::areas::ids_by_slugs(conn, slugs).await?;
    if found.len() != slugs.len() {
        return Err(AppError::field(
            "areas",
            "Bitte wählen Sie nur angebotene Gebiete.",
        ));
    }
    Ok(found.into_iter().map(|(_, id)| id).collect())
}

pub async fn create(
    db: &Db,
    actor: &CurrentUser,
    fields: OrganisationFields,
) -> Result<i64, AppError> {
    let mut tx = db.write().await?;
    let areas = area_ids(&mut tx, &fields.area_slugs).await?;
    // The form offers only the caller's own areas; anything else is a forged request.
    if !can_place_organisation_in(actor, &areas) {
        return Err(AppError::Forbidden);
    }
    let id = repo::organisations::insert(&mut tx, &fields, &areas, now_unix()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(
    db: &Db,
    editor: &OrganisationEditor,
    fields: OrganisationFields,
) -> Result<(), AppError> {
    let (actor, id) = (editor.user(), editor.organisation_id());
    let mut tx = db.write().await?;
    let before = repo::organisations::area_ids(&mut tx, id).await?;
    let areas = area_ids(&mut tx, &fields.area_slugs).await?;
    // A coordinator may add or remove only their own areas; other areas stay as they were.
    if !is_project_office(actor) {
        let foreign_before: Vec<i64> = before
            .iter()
            .copied()
            .filter(|a| !actor.area_ids.contains(a))
            .collect();
        let foreign_after: Vec<i64> = areas
            .iter()
            .copied()
            .filter(|a| !actor.area_ids.contains(a))
            .collect();
        if foreign_before != foreign_after {
            return Err(AppError::field(
                "areas",
                "Gebiete anderer Aktionsraumbeauftragter können Sie hier nicht ändern.",
            ));
        }
    }
    repo::organisations::update(&mut tx, id, &fields, &areas, now_unix()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_contact(
    db: &Db,
    editor: &OrganisationEditor,
    fields: ContactFields,
) -> Result<i64, AppError> {
    let (actor, organisation_id) = (editor.user(), editor.organisation_id());
    let mut tx = db.write().await?;
    let id = repo::organisations::insert_contact(
        &mut tx,
        organisation_id,
        &fields,
        actor.id,
        now_unix(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Erases a contact person on request; the organisation and its invitations stay.
pub async fn erase_contact(db: &Db, contact: &ContactEditor) -> Result<i64, AppError> {
    let (actor, contact_id) = (contact.organisation().user(), contact.contact_id());
    let organisation_id = contact.organisation().organisation_id();
    let mut tx = db.write().await?;
    repo::organisations::erase_contact(&mut tx, contact_id, organisation_id, actor.id, now_unix())
        .await?;
    tx.commit().await?;
    Ok(organisation_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organisation::OrganisationKind;
    use crate::domain::user::Role;
    use crate::server::services::test_support::{current, fresh_db, make_user};
    use chrono::NaiveDate;

    // The services as a caller reaches them: through the door (`server::access`) first. These
    // shadow the service functions of the same name.
    async fn update(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        fields: OrganisationFields,
    ) -> Result<(), AppError> {
        super::update(
            db,
            &crate::server::access::organisation_of(db, actor, id).await?,
            fields,
        )
        .await
    }

    async fn add_contact(
        db: &Db,
        actor: &CurrentUser,
        id: i64,
        fields: ContactFields,
    ) -> Result<i64, AppError> {
        let editor = crate::server::access::organisation_of(db, actor, id).await?;
        super::add_contact(db, &editor, fields).await
    }

    async fn erase_contact(db: &Db, actor: &CurrentUser, id: i64) -> Result<i64, AppError> {
        super::erase_contact(db, &crate::server::access::contact_of(db, actor, id).await?).await
    }

    fn organisation(name: &str, areas: &[&str]) -> OrganisationFields {
        OrganisationFields {
            name: name.into(),
            kind: OrganisationKind::Welfare,
            notes: String::new(),
            area_slugs: areas.iter().map(|s| (*s).to_owned()).collect(),
            fields: vec![],
        }
    }

    fn contact() -> ContactFields {
        ContactFields {
            name: "Anna Kaya".into(),
            function: "Leitung".into(),
            email: "anna.kaya@example.org".into(),
            phone: String::new(),
            consent_on: NaiveDate::from_ymd_opt(2022, 2, 14).expect("date"),
            consent_purpose: "Einladungen".into(),
        }
    }

    #[tokio::test]
    async fn coordinators_edit_organisations_of_their_areas_only() {
        let (_dir, db) = fresh_db().await;
        let own = make_user(&db, "a@stadt.example", Role::Coordinator, &["hafen"]).await;
        let other = make_user(&db, "b@stadt.example", Role::Coordinator, &["nordmarkt"]).await;
        let (own, other) = (current(&db, own).await, current(&db, other).await);
        let err = create(&db, &own, organisation("Kita Sonnenschein", &["nordmarkt"]))
            .await
            .expect_err("foreign area");
        // The form offers only one's own areas: another area is a forged request.
        assert_eq!(err, AppError::Forbidden);
        let id = create(&db, &own, organisation("Kita Sonnenschein", &["hafen"]))
            .await
            .expect("own area");
        let contact_id = add_contact(&db, &own, id, contact())
            .await
            .expect("contact");
        assert_eq!(
            add_contact(&db, &other, id, contact()).await,
            Err(AppError::Forbidden)
        );
        // The other coordinator finds the organisation but sees no personal data.
        let (seen, may_edit) = get(&db, &other, id).await.expect("visible");
        assert!(!may_edit && seen.contacts.is_empty());
        let (seen, may_edit) = get(&db, &own, id).await.expect("visible");
        assert!(may_edit);
        assert_eq!(
            seen.contacts[0].consent_recorded_by.as_deref(),
            Some("Test Person")
        );
        assert_eq!(
            search(&db, "sonnen", None, None)
                .await
                .expect("search")
                .0
                .len(),
            1
        );
        assert_eq!(
            search(&db, "sonnen", Some("nordmarkt"), None)
                .await
                .expect("search")
                .0
                .len(),
            0
        );

        assert_eq!(
            erase_contact(&db, &other, contact_id).await,
            Err(AppError::Forbidden)
        );
        erase_contact(&db, &own, contact_id).await.expect("erased");
        let (after, _) = get(&db, &own, id).await.expect("organisation stays");
        assert!(after.contacts.is_empty());
        assert_eq!(after.erasures, 1);
        let leftovers: i64 =
            sqlx::query_scalar("SELECT count(*) FROM contacts WHERE name = 'Anna Kaya'")
                .fetch_one(&mut *db.read().await.expect("conn"))
                .await
                .expect("count");
        assert_eq!(leftovers, 0);
    }

    #[tokio::test]
    async fn coordinator_keeps_foreign_areas_of_a_shared_organisation() {
        let (_dir, db) = fresh_db().await;
        let office = make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await;
        let office = current(&db, office).await;
        let own = make_user(&db, "a@stadt.example", Role::Coordinator, &["hafen"]).await;
        let own = current(&db, own).await;
        let id = create(
            &db,
            &office,
            organisation("Jobcenter Dortmund", &["hafen", "nordmarkt"]),
        )
        .await
        .expect("created");
        let err = update(
            &db,
            &own,
            id,
            organisation("Jobcenter Dortmund", &["hafen"]),
        )
        .await
        .expect_err("removes a foreign area");
        assert!(err.field_message("areas").is_some());
        update(
            &db,
            &own,
            id,
            organisation("Jobcenter Dortmund Nord", &["hafen", "nordmarkt"]),
        )
        .await
        .expect("renamed");
    }

    #[tokio::test]
    async fn the_directory_is_paged_by_name() {
        let (_dir, db) = fresh_db().await;
        let office = current(
            &db,
            make_user(&db, "pb@dortmund.de", Role::ProjectOffice, &[]).await,
        )
        .await;
        // 205 organisations, some with the same name (the id breaks the tie).
        for n in 0..205 {
            let name = format!("Treff {:03}", n / 2);
            create(&db, &office, organisation(&name, &["hafen"]))
                .await
                .expect("created");
        }
        let mut seen = Vec::new();
        let mut after = None;
        let mut pages = 0;
        loop {
            let (page, next) = search(&db, "treff", Some("hafen"), after)
                .await
                .expect("page");
            assert!(page.len() <= DIRECTORY_PAGE_SIZE);
            seen.extend(page.into_iter().map(|o| (o.name, o.id)));
            pages += 1;
            match next {
                Some(id) => after = Some(id),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted, "in name order, none twice");
        assert_eq!(seen.len(), 205, "none left out");
    }
}
