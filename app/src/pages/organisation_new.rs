//! A new organisation in the stakeholder directory.
use crate::api::areas::my_areas;
use crate::api::organisations::CreateOrganisation;
use crate::components::error_notice::ErrorNotice;
use crate::components::form_errors::FormErrors;
use crate::components::organisation_fields::OrganisationFieldInputs;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OrganisationNewPage() -> impl IntoView {
    let areas = Resource::new(|| (), |_| my_areas());
    let create = ServerAction::<CreateOrganisation>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    view! {
        <Title text="Neue Organisation" />
        <p class="breadcrumb"><a href="/intern/akteure">"Akteure"</a></p>
        <h1 id="neu">"Neue Organisation"</h1>
        <p>"Ansprechpersonen tragen Sie nach dem Anlegen auf der Seite der Organisation ein, zusammen mit ihrer Einwilligung."</p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match areas.await {
                    Ok(areas) => view! {
                        <ActionForm action=create attr:class="form" attr:aria-labelledby="neu">
                            <FormErrors error />
                            <OrganisationFieldInputs organisation=None areas error />
                            <button type="submit">"Organisation anlegen"</button>
                        </ActionForm>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
