//! The Projektbüro takes a new area into the Aktionsplan.
use crate::api::areas::CreateArea;
use crate::components::area_fields::{AreaFieldInputs, ChangeReasonInputs};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, TextField};
use crate::components::form_errors::FormErrors;
use crate::components::user_context::use_session;
use crate::domain::policy::can_edit_area_master_data;
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AreaNewPage() -> impl IntoView {
    let session = use_session();
    let create = ServerAction::<CreateArea>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <Title text="Neues Gebiet" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) if can_edit_area_master_data(&user) => view! {
                        <h1>"Neues Gebiet aufnehmen"</h1>
                        <ActionForm action=create attr:class="form">
                            <FormErrors error />
                            <TextField label="Kurzadresse" name="slug" required=true maxlength=60 hint="Für die Adresse der Seite: Kleinbuchstaben ohne Umlaute, Ziffern und Bindestriche, z. B. „westerfilde-sued“." error=field_error(error, "slug") />
                            <AreaFieldInputs area=None error />
                            <ChangeReasonInputs error />
                            <button type="submit">"Gebiet aufnehmen"</button>
                        </ActionForm>
                    }
                        .into_any(),
                    Ok(Some(_)) => view! { <ErrorNotice error=AppError::Forbidden /> }.into_any(),
                    Ok(None) => view! { <ErrorNotice error=AppError::Unauthorized /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
