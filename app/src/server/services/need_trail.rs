//! "Was ist aus meinem Bedarf geworden?": the trail behind a receipt key, read on one
//! connection: the submission, its need (and the need it was merged into), the area's published
//! programme and the Umsetzung of the measures that answer it.
use crate::domain::catalogue::NeedStatus;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::need_trail::{
    decide, named_publicly, place_in_programme, Decision, InProgramme, NeedFacts, NeedTrail,
};
use crate::domain::programme::ProgrammeContent;
use crate::domain::schedule::to_local;
use crate::error::AppError;
use crate::server::db::Db;
use crate::server::repo::{self, catalogue::NeedRow};
use crate::server::token;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// How many merges the trail follows (a merged need merged again, and so on).
const MERGE_HOPS: usize = 5;

fn facts(row: &NeedRow) -> NeedFacts {
    NeedFacts {
        id: row.id,
        title: row.title.clone(),
        status: NeedStatus::from_code(&row.status).unwrap_or(NeedStatus::New),
        reject_reason: row.reject_reason.clone(),
        supporters: row.supporters,
    }
}

/// The need a merged need ended up in (following chains), if it was merged.
pub(crate) async fn common_need(
    conn: &mut SqliteConnection,
    own: &NeedRow,
) -> Result<Option<NeedRow>, AppError> {
    let mut next = own.merged_into;
    let mut found = None;
    for _ in 0..MERGE_HOPS {
        let Some(id) = next else { break };
        let Some(row) = repo::catalogue::by_id(conn, id).await? else {
            break;
        };
        next = row.merged_into;
        found = Some(row);
    }
    Ok(found)
}

/// The trail of the submission with this receipt key; 404 for an unknown key.
pub async fn trail(db: &Db, key: &str) -> Result<NeedTrail, AppError> {
    let mut conn = db.read().await?;
    let submission = repo::needs::by_key(&mut conn, &token::hash(key.trim()))
        .await?
        .ok_or_else(|| AppError::not_found("Diese Meldung"))?;
    let own = match submission.need_id {
        Some(id) => repo::catalogue::by_id(&mut conn, id).await?,
        None => None,
    };
    let common = match &own {
        Some(own) if own.status == NeedStatus::Merged.code() => common_need(&mut conn, own).await?,
        _ => None,
    };
    let (decision, decided_id) = match &own {
        Some(own_row) => {
            let own_facts = facts(own_row);
            let common_facts = common.as_ref().map(facts);
            let (decision, decided) = decide(&submission.title, &own_facts, common_facts.as_ref());
            (decision, decided.id)
        }
        // The need behind a submission is written with it; without one it waits.
        None => (Decision::Waiting, 0),
    };
    let published = repo::implementation::published(&mut conn, Some(submission.area_id))
        .await?
        .into_iter()
        .next();
    let (programme, implementation) = match published {
        Some(row) => {
            let content: ProgrammeContent =
                serde_json::from_str(&row.content).map_err(AppError::internal)?;
            let current = crate::server::services::implementation::public_for_area(
                &mut conn,
                submission.area_id,
            )
            .await?;
            (Some((row.number, content)), current)
        }
        None => (None, HashMap::new()),
    };
    let place = place_in_programme(
        decided_id,
        &decision,
        programme.as_ref().map(|(n, c)| (*n, c)),
        |id| implementation.get(id).cloned(),
    );
    // The common need's title is told only where the published programme names it anyway.
    let decision = match decision {
        Decision::Merged { others, .. } if named_publicly(&place) => Decision::Merged {
            others,
            title: common.map(|c| c.title),
        },
        other => other,
    };
    Ok(NeedTrail {
        reference: submission.reference,
        area_slug: submission.area_slug,
        area_name: submission.area_name,
        field: FieldOfAction::from_number(submission.field_number).unwrap_or(FieldOfAction::Work),
        title: submission.title,
        submitted_on: to_local(submission.submitted_at).date(),
        language: submission.language,
        decision,
        programme: place,
    })
}

/// Where an accepted need stands in its area's published programme, for the staff's need page.
pub async fn place_of(db: &Db, area_id: i64, need_id: i64) -> Result<InProgramme, AppError> {
    let published = crate::server::services::implementation::published_area(db, area_id).await?;
    Ok(match published {
        Some(area) => place_in_programme(
            need_id,
            &Decision::Accepted { wording: None },
            Some((area.version, &area.content)),
            |id| area.current.get(id).map(|u| u.public()),
        ),
        None => InProgramme::NotYet,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::AcceptInput;
    use crate::domain::implementation::{ImplementationInput, ImplementationState};
    use crate::domain::user::Role;
    use crate::server::access;
    use crate::server::services::test_support::{
        current, fresh_db, make_user, publish_first_version, submit_need_with_key,
    };
    use crate::server::services::{catalogue, implementation};

    const NOW: i64 = 1_656_000_000; // June 2022

    #[tokio::test]
    async fn the_trail_follows_a_need_from_the_form_to_the_measure_and_its_umsetzung() {
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
        let sent = |title: &'static str, at: i64| {
            let db = db.clone();
            async move { submit_need_with_key(&db, "hafen", title, "Beschreibung", at).await }
        };
        let (playground, playground_key) = sent("Spielplatz", NOW).await;
        let (swings, swings_key) = sent("Mehr Schaukeln", NOW + 1).await;
        let (pool, pool_key) = sent("Hallenbad", NOW + 2).await;
        let (_, waiting_key) = sent("Bücherei", NOW + 3).await;

        let moderate = |id| access::need_of(&db, &kai, id);
        catalogue::accept(
            &db,
            &moderate(playground).await.expect("door"),
            &AcceptInput {
                field: "2".into(),
                title: "Spielplatz am Hafen erneuern".into(),
            },
            NOW + 10,
        )
        .await
        .expect("accepted");
        catalogue::merge(
            &db,
            &moderate(swings).await.expect("door"),
            playground,
            NOW + 11,
        )
        .await
        .expect("merged");
        catalogue::reject(
            &db,
            &moderate(pool).await.expect("door"),
            "Dafür ist das Sportamt zuständig; wir haben es weitergegeben.",
            NOW + 12,
        )
        .await
        .expect("rejected");

        let trail_of = |key: String| {
            let db = db.clone();
            async move { trail(&db, &key).await.expect("trail") }
        };
        let accepted = trail_of(playground_key.clone()).await;
        assert_eq!(
            accepted.decision,
            Decision::Accepted {
                wording: Some("Spielplatz am Hafen erneuern".into())
            }
        );
        assert_eq!(accepted.title, "Spielplatz", "as the submitter wrote it");
        assert_eq!(accepted.programme, InProgramme::NotYet);
        let merged = trail_of(swings_key.clone()).await;
        assert_eq!(
            merged.decision,
            Decision::Merged {
                others: 1,
                title: None
            },
            "the common need's title stays hidden while no programme names it"
        );
        let rejected = trail_of(pool_key).await;
        assert_eq!(
            rejected.decision,
            Decision::Rejected {
                reason: "Dafür ist das Sportamt zuständig; wir haben es weitergegeben.".into()
            }
        );
        assert_eq!(trail_of(waiting_key).await.decision, Decision::Waiting);
        assert!(matches!(
            trail(&db, "0123456789abcdef").await,
            Err(AppError::NotFound(_))
        ));

        // The programme answers the playground with a measure, which is then implemented.
        let content: ProgrammeContent = serde_json::from_str(&format!(
            r#"{{"situation":"Lage","measures":[
                {{"id":"m1","field":"ParentsAndChildren","title":"Spielplatz-Werkstatt","status":"Planned","need_ids":[{playground}]}},
                {{"id":"m2","field":"Work","title":"Sprachcafé","status":"Planned"}}]}}"#
        ))
        .expect("content");
        publish_first_version(&db, &kai, &office, "hafen", &content, NOW + 20).await;
        let answered = trail_of(playground_key).await;
        let InProgramme::Answered { version, measures } = &answered.programme else {
            panic!("{:?}", answered.programme);
        };
        assert_eq!((*version, measures.len()), (1, 1));
        assert_eq!(measures[0].title, "Spielplatz-Werkstatt");
        assert_eq!(measures[0].implementation, None);

        let m1 = access::measure_of(&db, &kai, "hafen", "m1")
            .await
            .expect("measure");
        let running = ImplementationInput {
            state: "in-umsetzung".into(),
            progress: "30".into(),
            note: "Erste Werkstatt war voll.".into(),
            ..ImplementationInput::default()
        };
        implementation::update(&db, &m1, &running, NOW + 30)
            .await
            .expect("update");
        let merged = trail_of(swings_key).await;
        assert_eq!(
            merged.decision,
            Decision::Merged {
                others: 1,
                title: Some("Spielplatz am Hafen erneuern".into())
            },
            "named by the published programme, the common need is public"
        );
        let InProgramme::Answered { measures, .. } = &merged.programme else {
            panic!("{:?}", merged.programme);
        };
        let shown = measures[0].implementation.as_ref().expect("umsetzung");
        assert_eq!(shown.state, ImplementationState::Running);
        assert_eq!(shown.progress, 30);
        let json = serde_json::to_string(&merged).expect("json");
        assert!(
            !json.contains("Erste Werkstatt") && !json.contains("Test Person"),
            "no staff note, no author"
        );
    }
}
