//! "Was ist aus meinem Bedarf geworden?": the trail behind a receipt key, read on one
//! connection: the submission, its need (and the need it was merged into), the area's published
//! programme and the Umsetzung of the measures that answer it.
use crate::domain::catalogue::NeedStatus;
use crate::domain::city_implementation::PublicImplementation;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::implementation::Implementation;
use crate::domain::need_trail::{
    decide, named_publicly, place_in_programme, Decision, NeedFacts, NeedTrail,
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
async fn common_need(
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
            let current: HashMap<String, PublicImplementation> =
                repo::implementation::current_for_area(&mut conn, submission.area_id)
                    .await?
                    .into_iter()
                    .map(|u| {
                        let data: Implementation =
                            serde_json::from_str(&u.data).map_err(AppError::internal)?;
                        Ok((
                            u.measure_id,
                            PublicImplementation::of(&data, to_local(u.created_at).date()),
                        ))
                    })
                    .collect::<Result<_, AppError>>()?;
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
