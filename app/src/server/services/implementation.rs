//! Umsetzung: updates of a published measure's implementation, its history, and the measures
//! whose last update is too old.
use crate::domain::city_implementation::{
    CityImplementation, CityMeasure, ImplementationFilter, PublicImplementation,
};
use crate::domain::implementation::{
    is_stale, Implementation, ImplementationInput, ImplementationState,
};
use crate::domain::programme::ProgrammeContent;
use crate::domain::schedule::to_local;
use crate::error::AppError;
use crate::server::access::MeasureStaff;
use crate::server::db::Db;
use crate::server::repo::{
    self,
    implementation::{PublishedRow, UpdateRow},
};
use crate::server::services::need_updates;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Updates shown per page of a measure's history.
pub const HISTORY_PAGE: usize = 50;

/// One kept update: what the implementation was after it, who made it, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImplementationUpdate {
    pub id: i64,
    pub implementation: Implementation,
    pub note: String,
    pub author_name: String,
    pub updated_at: i64,
}

fn view(row: UpdateRow) -> Result<ImplementationUpdate, AppError> {
    Ok(ImplementationUpdate {
        id: row.id,
        implementation: serde_json::from_str(&row.data).map_err(AppError::internal)?,
        note: row.note,
        author_name: row.author_name,
        updated_at: row.created_at,
    })
}

impl ImplementationUpdate {
    /// What everybody may see of it: no author, no note.
    pub fn public(&self) -> PublicImplementation {
        PublicImplementation::of(&self.implementation, to_local(self.updated_at).date())
    }
}

/// The current Umsetzung of each updated measure of the area as everybody sees it, read on the
/// caller's connection (measure id → public view).
pub async fn public_for_area(
    conn: &mut sqlx::SqliteConnection,
    area_id: i64,
) -> Result<HashMap<String, PublicImplementation>, AppError> {
    repo::implementation::current_for_area(conn, area_id)
        .await?
        .into_iter()
        .map(|row| Ok((row.measure_id.clone(), view(row)?.public())))
        .collect()
}

/// Records an update of the measure made at `now`; the responsible organisation must exist in
/// the directory.
pub async fn update(
    db: &Db,
    measure: &MeasureStaff,
    input: &ImplementationInput,
    now: i64,
) -> Result<i64, AppError> {
    let (implementation, note) = input.parse().map_err(AppError::Validation)?;
    let data = serde_json::to_string(&implementation).map_err(AppError::internal)?;
    let mut tx = db.write().await?;
    if let Some(id) = implementation.responsible_id {
        if repo::organisations::by_id(&mut tx, id).await?.is_none() {
            return Err(AppError::field(
                "responsible_id",
                "Diese Organisation gibt es im Akteursverzeichnis nicht (mehr). Bitte wählen Sie eine aus der Liste.",
            ));
        }
    }
    let was_done =
        repo::need_updates::latest_state(&mut tx, measure.area().id, measure.measure_id())
            .await?
            .is_some_and(|state| state == ImplementationState::Done.slug());
    let id = repo::implementation::insert(
        &mut tx,
        measure.area().id,
        measure.measure_id(),
        &data,
        implementation.state.slug(),
        &note,
        measure.user().id,
        now,
    )
    .await?;
    // Stakeholders whose need the measure answers hear when it is done (once).
    if implementation.state == ImplementationState::Done && !was_done {
        need_updates::queue_implemented(&mut tx, measure.area().id, measure.measure_id(), now)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(
        user_id = measure.user().id,
        area_id = measure.area().id,
        measure = measure.measure_id(),
        state = implementation.state.slug(),
        "implementation updated"
    );
    Ok(id)
}

/// The measure's current implementation (if any was recorded) and who is responsible now: the
/// last update's choice, else the organisation the published programme names.
pub async fn current_of(
    db: &Db,
    measure: &MeasureStaff,
) -> Result<(Option<Implementation>, Option<i64>), AppError> {
    let Some(area) = published_area(db, measure.area().id).await? else {
        return Ok((None, None));
    };
    let planned = area
        .content
        .measures
        .iter()
        .find(|m| m.id == measure.measure_id())
        .and_then(|m| m.responsible_id);
    let current = area
        .current
        .get(measure.measure_id())
        .map(|u| u.implementation.clone());
    let responsible = match &current {
        Some(implementation) => implementation.responsible_id.or(planned),
        None => planned,
    };
    Ok((current, responsible))
}

/// Most organisations the form offers (an area has far fewer).
pub const RESPONSIBLE_CHOICES: i64 = 300;

/// The organisations that may be named responsible: those working in the area, by name, and
/// the current one wherever it works.
pub async fn responsible_choices(
    db: &Db,
    measure: &MeasureStaff,
    current: Option<i64>,
) -> Result<Vec<(i64, String)>, AppError> {
    let mut conn = db.read().await?;
    let mut choices: Vec<(i64, String)> = repo::organisations::search(
        &mut conn,
        "",
        Some(measure.area().id),
        None,
        RESPONSIBLE_CHOICES,
    )
    .await?
    .into_iter()
    .map(|o| (o.id, o.name))
    .collect();
    if let Some(id) = current.filter(|id| !choices.iter().any(|(c, _)| c == id)) {
        if let Some(organisation) = repo::organisations::by_id(&mut conn, id).await? {
            choices.insert(0, (id, organisation.name));
        }
    }
    Ok(choices)
}

/// A page of the measure's updates, newest first (`before`: the last id of the previous page).
pub async fn history(
    db: &Db,
    measure: &MeasureStaff,
    before: Option<i64>,
) -> Result<Vec<ImplementationUpdate>, AppError> {
    let rows = repo::implementation::history(
        &mut *db.read().await?,
        measure.area().id,
        measure.measure_id(),
        before,
        HISTORY_PAGE as i64,
    )
    .await?;
    rows.into_iter().map(view).collect()
}

/// An area's current published programme with the current implementation of its measures.
#[derive(Debug, Clone)]
pub struct AreaMeasures {
    pub area_id: i64,
    pub slug: String,
    pub name: String,
    pub version: i64,
    pub published_at: i64,
    pub content: ProgrammeContent,
    /// Measure id → its newest update (measures never updated are missing).
    pub current: HashMap<String, ImplementationUpdate>,
}

impl AreaMeasures {
    fn of(
        row: PublishedRow,
        current: HashMap<String, ImplementationUpdate>,
    ) -> Result<Self, AppError> {
        Ok(AreaMeasures {
            area_id: row.area_id,
            slug: row.slug,
            name: row.name,
            version: row.number,
            published_at: row.published_at,
            content: serde_json::from_str(&row.content).map_err(AppError::internal)?,
            current,
        })
    }

    /// The measure's state and since when it has stood still: its last update or, without
    /// one, the publication.
    pub fn standing(&self, measure_id: &str) -> (ImplementationState, i64) {
        match self.current.get(measure_id) {
            Some(update) => (update.implementation.state, update.updated_at),
            None => (ImplementationState::default(), self.published_at),
        }
    }

    /// Every measure of the version with what the public may see of its implementation.
    pub fn city_measures(&self) -> Vec<CityMeasure> {
        self.content
            .measures
            .iter()
            .map(|m| {
                let implementation = self.current.get(&m.id).map(ImplementationUpdate::public);
                CityMeasure::of(&self.slug, &self.name, self.version, m, implementation)
            })
            .collect()
    }
}

/// The area's published programme and its measures' implementation (`None`: nothing published).
pub async fn published_area(db: &Db, area_id: i64) -> Result<Option<AreaMeasures>, AppError> {
    let mut conn = db.read().await?;
    let Some(row) = repo::implementation::published(&mut conn, Some(area_id))
        .await?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let current = repo::implementation::current_for_area(&mut conn, area_id)
        .await?
        .into_iter()
        .map(|row| Ok((row.measure_id.clone(), view(row)?)))
        .collect::<Result<_, AppError>>()?;
    AreaMeasures::of(row, current).map(Some)
}

/// Every area's published programme with its measures' implementation, by area name (two
/// queries on one connection; at most one programme per area).
pub async fn published_everywhere(db: &Db) -> Result<Vec<AreaMeasures>, AppError> {
    published_everywhere_at(db, None).await
}

/// As [`published_everywhere`], but as it stood at `until` when given: the versions published
/// by then with the updates made by then.
pub async fn published_everywhere_at(
    db: &Db,
    until: Option<i64>,
) -> Result<Vec<AreaMeasures>, AppError> {
    let (rows, updates) = {
        let mut conn = db.read().await?;
        let rows = match until {
            None => repo::implementation::published(&mut conn, None).await?,
            Some(until) => repo::implementation::published_at(&mut conn, until).await?,
        };
        let updates =
            repo::implementation::current_everywhere(&mut conn, until.unwrap_or(i64::MAX)).await?;
        (rows, updates)
    };
    let mut by_area: HashMap<i64, HashMap<String, ImplementationUpdate>> = HashMap::new();
    for (area_id, row) in updates {
        by_area
            .entry(area_id)
            .or_default()
            .insert(row.measure_id.clone(), view(row)?);
    }
    rows.into_iter()
        .map(|row| {
            let current = by_area.remove(&row.area_id).unwrap_or_default();
            AreaMeasures::of(row, current)
        })
        .collect()
}

/// The city-wide list of published measures: one page of what the filter keeps, with counts
/// and money sums over all of it.
pub async fn city(
    db: &Db,
    filter: ImplementationFilter,
    page: usize,
    yearly_budget_cents: i64,
) -> Result<CityImplementation, AppError> {
    let everywhere = published_everywhere(db).await?;
    let areas = everywhere
        .iter()
        .map(|a| (a.slug.clone(), a.name.clone()))
        .collect();
    let all = everywhere
        .iter()
        .flat_map(AreaMeasures::city_measures)
        .collect();
    Ok(CityImplementation::of(
        all,
        areas,
        filter,
        page,
        yearly_budget_cents,
    ))
}

/// Every published measure with its implementation, for open data.
pub async fn all_measures(db: &Db) -> Result<Vec<CityMeasure>, AppError> {
    Ok(published_everywhere(db)
        .await?
        .iter()
        .flat_map(AreaMeasures::city_measures)
        .collect())
}

/// An open measure of a published programme without an update for too long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleMeasure {
    pub area_id: i64,
    pub area_slug: String,
    pub area_name: String,
    pub measure_id: String,
    pub title: String,
    /// The last update, or the publication when there was none.
    pub since: i64,
}

/// The stale measures of the areas `areas` (`None`: all): open (geplant or in Umsetzung) and
/// not updated for `months` since the last update or, without one, since publication.
pub async fn stale(
    db: &Db,
    areas: Option<&[i64]>,
    now: i64,
    months: u32,
) -> Result<Vec<StaleMeasure>, AppError> {
    let mut found = Vec::new();
    let published = published_everywhere(db).await?;
    for area in published
        .iter()
        .filter(|a| areas.is_none_or(|ids| ids.contains(&a.area_id)))
    {
        let area_id = area.area_id;
        for measure in &area.content.measures {
            let (state, since) = area.standing(&measure.id);
            if is_stale(state, since, now, months) {
                found.push(StaleMeasure {
                    area_id,
                    area_slug: area.slug.clone(),
                    area_name: area.name.clone(),
                    measure_id: measure.id.clone(),
                    title: measure.title.clone(),
                    since,
                });
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::implementation::ImplementationState;
    use crate::domain::user::{CurrentUser, Role};
    use crate::server::access;
    use crate::server::db::now_unix;
    use crate::server::services::test_support::{
        current, fresh_db, make_user, publish_first_version,
    };

    const NOW: i64 = 1_700_000_000;

    /// Hafen's programme with the measures m1 and m2, published by the Projektbüro.
    async fn published_hafen(db: &Db, kai: &CurrentUser, office: &CurrentUser) {
        let content: ProgrammeContent = serde_json::from_str(
            r#"{"situation":"Lage am Hafen","measures":[
                {"id":"m1","field":"Work","title":"Sprachcafé","status":"Planned","project_funds_cents":250000},
                {"id":"m2","field":"Cohesion","title":"Nachbarschaftsfest","status":"Planned"}]}"#,
        )
        .expect("content");
        publish_first_version(db, kai, office, "hafen", &content, NOW).await;
    }

    fn running(note: &str) -> ImplementationInput {
        ImplementationInput {
            state: "in-umsetzung".into(),
            progress: "30".into(),
            spent_project_funds: "800".into(),
            milestones: vec![("01.06.2023".into(), "Start".into(), true)],
            note: note.into(),
            ..ImplementationInput::default()
        }
    }

    #[tokio::test]
    async fn the_areas_staff_update_a_published_measure_and_every_update_is_kept() {
        let (_dir, db) = fresh_db().await;
        let kai = current(
            &db,
            make_user(&db, "kai@stadt.example", Role::Coordinator, &["hafen"]).await,
        )
        .await;
        let ute = current(
            &db,
            make_user(&db, "ute@stadt.example", Role::Coordinator, &["nordmarkt"]).await,
        )
        .await;
        let office = current(
            &db,
            make_user(&db, "pb@stadt.example", Role::ProjectOffice, &[]).await,
        )
        .await;
        published_hafen(&db, &kai, &office).await;

        let m1 = access::measure_of(&db, &kai, "hafen", "m1")
            .await
            .expect("kai's measure");
        update(&db, &m1, &running("Der Kurs läuft."), now_unix())
            .await
            .expect("first");
        let as_office = access::measure_of(&db, &office, "hafen", "m1")
            .await
            .expect("office");
        let done = ImplementationInput {
            state: "umgesetzt".into(),
            progress: "100".into(),
            ended_on: "30.11.2023".into(),
            ..running("Abgeschlossen.")
        };
        update(&db, &as_office, &done, now_unix())
            .await
            .expect("second");

        let area = m1.area().id;
        let now = published_area(&db, area)
            .await
            .expect("read")
            .expect("published")
            .current;
        assert_eq!(now.len(), 1, "m2 has no update yet");
        assert_eq!(now["m1"].implementation.state, ImplementationState::Done);
        assert_eq!(now["m1"].author_name, "Test Person");
        let kept = history(&db, &m1, None).await.expect("history");
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].note, "Abgeschlossen.");
        assert_eq!(kept[1].note, "Der Kurs läuft.");
        assert_eq!(kept[1].implementation.spent_project_funds_cents, 80_000);
        let older = history(&db, &m1, Some(kept[0].id)).await.expect("page");
        assert_eq!(older.len(), 1);

        // Another area's coordinator, an unknown measure, an unpublished programme.
        assert_eq!(
            access::measure_of(&db, &ute, "hafen", "m1")
                .await
                .map(|_| ()),
            Err(AppError::Forbidden)
        );
        assert!(matches!(
            access::measure_of(&db, &kai, "hafen", "m9").await,
            Err(AppError::NotFound(_))
        ));
        assert!(matches!(
            access::measure_of(&db, &ute, "nordmarkt", "m1").await,
            Err(AppError::NotFound(_))
        ));
    }

    #[tokio::test]
    async fn bad_updates_write_nothing() {
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
        published_hafen(&db, &kai, &office).await;
        let m1 = access::measure_of(&db, &kai, "hafen", "m1")
            .await
            .expect("measure");
        let dropped = ImplementationInput {
            state: "entfallen".into(),
            ..running("Fällt aus.")
        };
        assert!(update(&db, &m1, &dropped, now_unix())
            .await
            .expect_err("no reason")
            .field_message("reason")
            .is_some());
        let unknown_organisation = ImplementationInput {
            responsible_id: "999".into(),
            ..running("Träger gewechselt.")
        };
        assert!(update(&db, &m1, &unknown_organisation, now_unix())
            .await
            .expect_err("unknown")
            .field_message("responsible_id")
            .is_some());
        assert!(published_area(&db, m1.area().id)
            .await
            .expect("read")
            .expect("published")
            .current
            .is_empty());
    }

    #[tokio::test]
    async fn open_measures_without_updates_for_months_are_flagged() {
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
        published_hafen(&db, &kai, &office).await;
        let m1 = access::measure_of(&db, &kai, "hafen", "m1")
            .await
            .expect("measure");
        let area = m1.area().id;
        let month = 2_629_746;
        // Published at NOW + 3, nothing updated: both measures are stale seven months later.
        let late = NOW + 7 * month;
        let flagged = stale(&db, Some(&[area]), late, 6).await.expect("stale");
        assert_eq!(flagged.len(), 2);
        assert_eq!(flagged[0].since, NOW + 3);
        assert!(stale(&db, Some(&[area]), NOW + 5 * month, 6)
            .await
            .expect("stale")
            .is_empty());
        // An update after the seven months takes m1 off the list for the next six.
        let done = ImplementationInput {
            state: "umgesetzt".into(),
            progress: "100".into(),
            ended_on: "30.11.2023".into(),
            ..running("Abgeschlossen.")
        };
        update(&db, &m1, &done, NOW + 7 * month)
            .await
            .expect("update");
        let flagged = stale(&db, Some(&[area]), NOW + 8 * month, 6)
            .await
            .expect("stale");
        assert_eq!(
            flagged
                .iter()
                .map(|m| m.measure_id.as_str())
                .collect::<Vec<_>>(),
            vec!["m2"]
        );
    }
}
