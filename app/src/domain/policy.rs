//! Who may do what: pure functions over the current user, called by every server function.
use super::user::{CurrentUser, Role};

pub fn is_project_office(user: &CurrentUser) -> bool {
    user.role == Role::ProjectOffice
}

/// Creating, disabling and assigning accounts is the Projektbüro's task.
pub fn can_manage_users(user: &CurrentUser) -> bool {
    is_project_office(user)
}

/// Master data of areas (name, kind, retirement) changes only by the Projektbüro.
pub fn can_edit_area_master_data(user: &CurrentUser) -> bool {
    is_project_office(user)
}

/// The staff part of an area: its coordinators and the Projektbüro.
pub fn can_view_area_staff_part(user: &CurrentUser, area_id: i64) -> bool {
    is_project_office(user) || user.area_ids.contains(&area_id)
}

/// Meetings of an area are planned and recorded by its coordinators and the Projektbüro.
pub fn can_manage_meetings(user: &CurrentUser, area_id: i64) -> bool {
    can_view_area_staff_part(user, area_id)
}

/// An organisation (and its contact people) is edited by the Projektbüro and by the
/// coordinators of any area it is active in.
pub fn can_edit_organisation(user: &CurrentUser, organisation_area_ids: &[i64]) -> bool {
    is_project_office(user)
        || organisation_area_ids
            .iter()
            .any(|a| user.area_ids.contains(a))
}

/// An organisation named inside an area's work (invited to its meeting, responsible for or
/// partner in a measure of its programme) must be active in that area.
pub fn organisation_works_in(organisation_area_ids: &[i64], area_id: i64) -> bool {
    organisation_area_ids.contains(&area_id)
}

/// Contact people of an organisation (names, e-mail addresses, phone numbers) are seen by those
/// who may edit it: the Projektbüro and the coordinators of its areas.
pub fn can_see_contacts(user: &CurrentUser, organisation_area_ids: &[i64]) -> bool {
    can_edit_organisation(user, organisation_area_ids)
}

/// A new organisation may be placed only in areas the user works in (the Projektbüro: any).
pub fn can_place_organisation_in(user: &CurrentUser, area_ids: &[i64]) -> bool {
    is_project_office(user) || area_ids.iter().all(|a| user.area_ids.contains(a))
}

/// Invitations and records belong to the meeting: the staff of its area.
pub fn can_invite(user: &CurrentUser, meeting_area_id: i64) -> bool {
    can_manage_meetings(user, meeting_area_id)
}

/// Needs of an area (and the personal data of those who sent them) are moderated and seen by
/// its staff.
pub fn can_moderate_need(user: &CurrentUser, need_area_id: i64) -> bool {
    can_view_area_staff_part(user, need_area_id)
}

/// An area's programme is drafted and saved by its staff.
pub fn can_edit_programme(user: &CurrentUser, area_id: i64) -> bool {
    can_view_area_staff_part(user, area_id)
}

/// Review steps (questions, approval, publication) are the Projektbüro's.
pub fn can_review_programmes(user: &CurrentUser) -> bool {
    is_project_office(user)
}

/// Requests about personal data (what is stored, erasure) are answered by the Projektbüro.
pub fn can_answer_personal_data_requests(user: &CurrentUser) -> bool {
    is_project_office(user)
}

/// A calendar feed of an area works while its owner may still manage the area's meetings.
pub fn can_follow_area_calendar(owner: &CurrentUser, area_id: i64) -> bool {
    can_manage_meetings(owner, area_id)
}

/// The implementation of a published programme's measures is kept up to date by the area's
/// coordinators and the Projektbüro.
pub fn can_update_implementation(user: &CurrentUser, area_id: i64) -> bool {
    can_view_area_staff_part(user, area_id)
}

/// Whether the account must confirm its login with a second factor: always for the
/// Projektbüro (it creates accounts, sets passwords, exports and erases personal data), for
/// coordinators when the city switches it on.
pub fn second_factor_required(role: Role, for_coordinators: bool) -> bool {
    match role {
        Role::ProjectOffice => true,
        Role::Coordinator => for_coordinators,
    }
}

/// The areas whose staff lists (catalogue, exports, progress) a user gets: `None` for all.
pub fn visible_areas(user: &CurrentUser) -> Option<&[i64]> {
    if is_project_office(user) {
        None
    } else {
        Some(&user.area_ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_office_always_needs_a_second_factor_coordinators_when_configured() {
        assert!(second_factor_required(Role::ProjectOffice, false));
        assert!(second_factor_required(Role::ProjectOffice, true));
        assert!(!second_factor_required(Role::Coordinator, false));
        assert!(second_factor_required(Role::Coordinator, true));
    }

    fn user(role: Role, area_ids: Vec<i64>) -> CurrentUser {
        CurrentUser {
            id: 1,
            name: "Test".into(),
            email: "t@dortmund.de".into(),
            role,
            area_ids,
        }
    }

    #[test]
    fn implementation_is_updated_by_the_areas_coordinators_and_the_project_office() {
        assert!(can_update_implementation(
            &user(Role::ProjectOffice, vec![]),
            3
        ));
        assert!(can_update_implementation(
            &user(Role::Coordinator, vec![3]),
            3
        ));
        assert!(!can_update_implementation(
            &user(Role::Coordinator, vec![4]),
            3
        ));
    }

    #[test]
    fn project_office_may_do_everything_here() {
        let office = user(Role::ProjectOffice, vec![]);
        assert!(can_manage_users(&office));
        assert!(can_edit_area_master_data(&office));
        assert!(can_view_area_staff_part(&office, 7));
    }

    #[test]
    fn coordinator_sees_only_own_areas_and_administers_nothing() {
        let coordinator = user(Role::Coordinator, vec![1, 2]);
        assert!(!can_manage_users(&coordinator));
        assert!(!can_edit_area_master_data(&coordinator));
        assert!(can_view_area_staff_part(&coordinator, 1));
        assert!(can_view_area_staff_part(&coordinator, 2));
        assert!(!can_view_area_staff_part(&coordinator, 3));
    }

    #[test]
    fn meetings_and_organisations_follow_the_areas() {
        let office = user(Role::ProjectOffice, vec![]);
        let coordinator = user(Role::Coordinator, vec![1, 2]);
        assert!(can_manage_meetings(&office, 9));
        assert!(can_manage_meetings(&coordinator, 2));
        assert!(!can_manage_meetings(&coordinator, 9));
        assert!(can_edit_organisation(&office, &[9]));
        assert!(can_edit_organisation(&coordinator, &[9, 2]));
        assert!(!can_edit_organisation(&coordinator, &[9]));
        assert!(!can_edit_organisation(&coordinator, &[]));
    }

    #[test]
    fn objects_named_in_an_areas_work_must_belong_to_it() {
        let office = user(Role::ProjectOffice, vec![]);
        let coordinator = user(Role::Coordinator, vec![1, 2]);
        assert!(organisation_works_in(&[3, 1], 1));
        assert!(!organisation_works_in(&[3], 1));
        assert!(!organisation_works_in(&[], 1));
        assert!(can_see_contacts(&coordinator, &[2]));
        assert!(!can_see_contacts(&coordinator, &[3]));
        assert!(can_place_organisation_in(&coordinator, &[1, 2]));
        assert!(!can_place_organisation_in(&coordinator, &[1, 3]));
        assert!(can_place_organisation_in(&office, &[9]));
        assert!(can_invite(&coordinator, 1) && !can_invite(&coordinator, 3));
        assert!(can_moderate_need(&coordinator, 2) && !can_moderate_need(&coordinator, 3));
        assert!(can_edit_programme(&office, 5) && !can_edit_programme(&coordinator, 5));
        assert!(can_review_programmes(&office) && !can_review_programmes(&coordinator));
        assert!(can_answer_personal_data_requests(&office));
        assert!(!can_answer_personal_data_requests(&coordinator));
        assert!(can_follow_area_calendar(&coordinator, 1));
        assert!(!can_follow_area_calendar(&coordinator, 4));
        assert_eq!(visible_areas(&office), None);
        assert_eq!(visible_areas(&coordinator), Some(&[1, 2][..]));
    }
}
