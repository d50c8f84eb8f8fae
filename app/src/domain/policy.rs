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

#[cfg(test)]
mod tests {
    use super::*;

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
}
