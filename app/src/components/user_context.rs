//! The logged-in user for the whole page, refetched on every navigation and after logout.
use crate::api::auth::{get_current_user, Logout};
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[derive(Clone, Copy)]
pub struct Session {
    pub logout: ServerAction<Logout>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Session {
    /// Login, setup and reset pages own their actions (so that errors sent back in the URL without
    /// JavaScript reach them) and navigate afterwards, which refetches the user here.
    pub fn provide() -> Self {
        let logout = ServerAction::<Logout>::new();
        let location = use_location();
        let user = Resource::new(
            move || (location.pathname.get(), logout.version().get()),
            |_| get_current_user(),
        );
        let session = Self { logout, user };
        provide_context(session);
        session
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
