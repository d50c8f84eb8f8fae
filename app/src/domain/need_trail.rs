//! "Was ist aus meinem Bedarf geworden?": the path of one need from the form to the measures of
//! the published programme and their Umsetzung. Only what the submitter sent, the decision on
//! it and what is public anyway; nothing of other submissions, no contact data.
use super::catalogue::NeedStatus;
use super::city_implementation::PublicImplementation;
use super::field_of_action::FieldOfAction;
use super::programme::ProgrammeContent;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What became of the need in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Not looked at yet.
    Waiting,
    /// Taken up; `wording`: the coordinators' title when it differs from the one sent.
    Accepted { wording: Option<String> },
    /// Taken up together with `others` similar needs; `title`: the common need's title when the
    /// published programme names it (then it is public anyway).
    Merged { others: i64, title: Option<String> },
    /// Not taken up, with the reason.
    Rejected { reason: String },
}

/// A measure of the published programme that answers the need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailMeasure {
    pub measure_id: String,
    pub title: String,
    pub implementation: Option<PublicImplementation>,
}

/// Where the need stands in the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InProgramme {
    /// Nothing published for the area yet, or the need was not taken up.
    NotYet,
    /// The published programme answers it with these measures.
    Answered {
        version: i64,
        measures: Vec<TrailMeasure>,
    },
    /// The published programme takes it up in a goal, not (yet) in a measure.
    InGoal { version: i64, goal: String },
    /// The published programme says why it does not take it up.
    Excluded { version: i64, reason: String },
    /// Published, but the programme neither answers nor excludes it (yet).
    NotNamed { version: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedTrail {
    pub reference: String,
    pub area_slug: String,
    pub area_name: String,
    pub field: FieldOfAction,
    /// As the submitter wrote it.
    pub title: String,
    pub submitted_on: NaiveDate,
    /// The language the form was sent in ("de", "en", "tr", "ar").
    pub language: String,
    pub decision: Decision,
    pub programme: InProgramme,
}

/// A need as the trail needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedFacts {
    pub id: i64,
    pub title: String,
    pub status: NeedStatus,
    pub reject_reason: String,
    /// Its sources: itself and the needs merged into it.
    pub supporters: i64,
}

/// The decision on the submitter's need (`own`), following it into the need it was merged into
/// (`merged_into`); and the need whose place in the programme counts.
pub fn decide<'a>(
    sent_title: &str,
    own: &'a NeedFacts,
    merged_into: Option<&'a NeedFacts>,
) -> (Decision, &'a NeedFacts) {
    let decided = match (own.status, merged_into) {
        (NeedStatus::Merged, Some(target)) => target,
        _ => own,
    };
    let decision = match (own.status, decided.status) {
        (_, NeedStatus::New) => Decision::Waiting,
        (_, NeedStatus::Rejected) => Decision::Rejected {
            reason: decided.reject_reason.clone(),
        },
        (NeedStatus::Merged, _) => Decision::Merged {
            others: (decided.supporters - 1).max(1),
            title: None,
        },
        _ => Decision::Accepted {
            wording: (own.title.trim() != sent_title.trim()).then(|| own.title.clone()),
        },
    };
    (decision, decided)
}

/// Where the need `need_id` stands in the published version `version` (if any) with its
/// measures' Umsetzung (`implementation_of(measure id)`).
pub fn place_in_programme(
    need_id: i64,
    decision: &Decision,
    published: Option<(i64, &ProgrammeContent)>,
    implementation_of: impl Fn(&str) -> Option<PublicImplementation>,
) -> InProgramme {
    let Some((version, content)) = published else {
        return InProgramme::NotYet;
    };
    if matches!(decision, Decision::Waiting | Decision::Rejected { .. }) {
        return InProgramme::NotYet;
    }
    let measures: Vec<TrailMeasure> = content
        .measures
        .iter()
        .filter(|m| m.need_ids.contains(&need_id))
        .map(|m| TrailMeasure {
            measure_id: m.id.clone(),
            title: m.title.clone(),
            implementation: implementation_of(&m.id),
        })
        .collect();
    if !measures.is_empty() {
        return InProgramme::Answered { version, measures };
    }
    if let Some(goal) = content.goals.iter().find(|g| g.need_ids.contains(&need_id)) {
        return InProgramme::InGoal {
            version,
            goal: goal.title.clone(),
        };
    }
    match content.excluded_needs.iter().find(|e| e.need_id == need_id) {
        Some(excluded) => InProgramme::Excluded {
            version,
            reason: excluded.reason.clone(),
        },
        None => InProgramme::NotNamed { version },
    }
}

/// Whether the programme names the need (answers or excludes it): then its title is public.
pub fn named_publicly(place: &InProgramme) -> bool {
    matches!(
        place,
        InProgramme::Answered { .. } | InProgramme::InGoal { .. } | InProgramme::Excluded { .. }
    )
}

/// The needs a programme version takes up (in a measure or a goal) and those it excludes, each
/// sorted, for the catalogue's filter.
pub fn taken_up_and_excluded(content: &ProgrammeContent) -> (Vec<i64>, Vec<i64>) {
    let mut taken_up: Vec<i64> = content
        .goals
        .iter()
        .flat_map(|g| g.need_ids.iter())
        .chain(content.measures.iter().flat_map(|m| m.need_ids.iter()))
        .copied()
        .collect();
    taken_up.sort_unstable();
    taken_up.dedup();
    let mut excluded: Vec<i64> = content.excluded_needs.iter().map(|e| e.need_id).collect();
    excluded.sort_unstable();
    excluded.dedup();
    (taken_up, excluded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::tests::measure;
    use crate::domain::programme::Exclusion;

    fn need(id: i64, title: &str, status: NeedStatus) -> NeedFacts {
        NeedFacts {
            id,
            title: title.into(),
            status,
            reject_reason: if status == NeedStatus::Rejected {
                "Dafür ist das Land zuständig.".into()
            } else {
                String::new()
            },
            supporters: 1,
        }
    }

    #[test]
    fn a_waiting_or_accepted_need_tells_the_coordinators_wording_only_when_changed() {
        let waiting = need(1, "Spielplatz", NeedStatus::New);
        assert_eq!(decide("Spielplatz", &waiting, None).0, Decision::Waiting);
        let same = need(1, "Spielplatz", NeedStatus::Accepted);
        assert_eq!(
            decide(" Spielplatz ", &same, None).0,
            Decision::Accepted { wording: None }
        );
        let reworded = need(1, "Spielplatz am Nordmarkt erneuern", NeedStatus::Accepted);
        assert_eq!(
            decide("Spielplatz", &reworded, None).0,
            Decision::Accepted {
                wording: Some("Spielplatz am Nordmarkt erneuern".into())
            }
        );
    }

    #[test]
    fn a_merged_need_follows_the_common_need_and_counts_the_others() {
        let own = need(1, "Mehr Spielgeräte", NeedStatus::Merged);
        let common = NeedFacts {
            supporters: 4,
            ..need(9, "Spielplatz erneuern", NeedStatus::Accepted)
        };
        let (decision, decided) = decide("Mehr Spielgeräte", &own, Some(&common));
        assert_eq!(
            decision,
            Decision::Merged {
                others: 3,
                title: None
            }
        );
        assert_eq!(decided.id, 9);
        let rejected_common = need(9, "Spielplatz erneuern", NeedStatus::Rejected);
        assert!(matches!(
            decide("x", &own, Some(&rejected_common)).0,
            Decision::Rejected { .. }
        ));
        let rejected = need(1, "Hallenbad", NeedStatus::Rejected);
        assert_eq!(
            decide("Hallenbad", &rejected, None).0,
            Decision::Rejected {
                reason: "Dafür ist das Land zuständig.".into()
            }
        );
    }

    #[test]
    fn the_programme_answers_excludes_or_does_not_name_the_need() {
        let mut answering = measure("m1", FieldOfAction::ParentsAndChildren, 0, 0);
        answering.need_ids = vec![9];
        let content = ProgrammeContent {
            measures: vec![
                answering,
                measure("m2", FieldOfAction::ParentsAndChildren, 0, 0),
            ],
            excluded_needs: vec![Exclusion {
                id: "x1".into(),
                need_id: 5,
                reason: "Schon im Bau.".into(),
            }],
            ..ProgrammeContent::default()
        };
        let accepted = Decision::Accepted { wording: None };
        let none = |_: &str| None;
        match place_in_programme(9, &accepted, Some((3, &content)), none) {
            InProgramme::Answered { version, measures } => {
                assert_eq!(version, 3);
                assert_eq!(measures.len(), 1);
                assert_eq!(measures[0].measure_id, "m1");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            place_in_programme(5, &accepted, Some((3, &content)), none),
            InProgramme::Excluded {
                version: 3,
                reason: "Schon im Bau.".into()
            }
        );
        assert_eq!(
            place_in_programme(7, &accepted, Some((3, &content)), none),
            InProgramme::NotNamed { version: 3 }
        );
        let with_goal = ProgrammeContent {
            goals: vec![crate::domain::programme::Goal {
                id: "z1".into(),
                field: FieldOfAction::Work,
                title: "Mehr Ausbildung".into(),
                description: String::new(),
                need_ids: vec![7],
            }],
            ..content.clone()
        };
        assert_eq!(
            place_in_programme(7, &accepted, Some((3, &with_goal)), none),
            InProgramme::InGoal {
                version: 3,
                goal: "Mehr Ausbildung".into()
            }
        );
        assert_eq!(taken_up_and_excluded(&with_goal), (vec![7, 9], vec![5]));
        assert_eq!(
            place_in_programme(9, &accepted, None, none),
            InProgramme::NotYet
        );
        let rejected = Decision::Rejected { reason: "x".into() };
        assert_eq!(
            place_in_programme(9, &rejected, Some((3, &content)), none),
            InProgramme::NotYet,
            "a rejected need is never shown as answered"
        );
    }
}
