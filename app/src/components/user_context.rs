//! The logged-in user for the whole page, refetched after login, setup, reset and logout.
use crate::api::auth::{get_current_user, CompleteReset, CompleteSetup, Login, Logout};
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub setup: ServerAction<CompleteSetup>,
    pub reset: ServerAction<CompleteReset>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Session {
    pub fn provide() -> Self {
        let login = ServerAction::<Login>::new();
        let logout = ServerAction::<Logout>::new();
        let setup = ServerAction::<CompleteSetup>::new();
        let reset = ServerAction::<CompleteReset>::new();
        let user = Resource::new(
            move || {
                (
                    login.version().get(),
                    logout.version().get(),
                    setup.version().get(),
                    reset.version().get(),
                )
            },
            |_| get_current_user(),
        );
        let session = Self {
            login,
            logout,
            setup,
            reset,
            user,
        };
        provide_context(session);
        session
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
