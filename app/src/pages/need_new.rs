//! A need typed in by staff, e.g. from the notes of the 2021 Sondierungsgespräche.
use crate::api::areas::my_areas;
use crate::api::catalogue::AddNeed;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{field_error, SelectField, TextArea, TextField};
use crate::components::form_echo::EchoScope;
use crate::components::form_errors::FormErrors;
use crate::domain::catalogue::NeedSource;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::need::{DESCRIPTION_MAX, ORGANISATION_MAX, TITLE_MAX};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NeedNewPage() -> impl IntoView {
    let areas = Resource::new(|| (), |_| my_areas());
    let add = ServerAction::<AddNeed>::new();
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <Title text="Bedarf erfassen" />
        <p class="breadcrumb"><a href="/intern/bedarfe">"Bedarfe"</a></p>
        <h1 id="neu">"Bedarf von Hand erfassen"</h1>
        <p>"Für Bedarfe, die nicht über ein Akteursgespräch oder das Formular kamen – etwa aus den Notizen der Sondierungsgespräche 2021. Sie stehen danach als angenommen im Katalog."</p>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match areas.await {
                    Ok(areas) => {
                        let area_options: Vec<(String, String)> = areas
                            .into_iter()
                            .filter(|a| a.retired_on.is_none())
                            .map(|a| (a.slug, a.name))
                            .collect();
                        let field_options: Vec<(String, String)> = FieldOfAction::ALL
                            .into_iter()
                            .map(|f| (f.number().to_string(), format!("{} {}", f.number(), f.name())))
                            .collect();
                        let source_options: Vec<(String, String)> = [NeedSource::Exploration, NeedSource::Manual]
                            .into_iter()
                            .map(|s| (s.code().to_owned(), s.label().to_owned()))
                            .collect();
                        view! {
                            <EchoScope path="/api/bedarf-erfassen">
                                <ActionForm action=add attr:class="form" attr:aria-labelledby="neu">
                                    <FormErrors error />
                                    <SelectField label="Gebiet" name="area" options=area_options error=field_error(error, "area") />
                                    <SelectField label="Handlungsfeld" name="field" options=field_options error=field_error(error, "field") />
                                    <SelectField label="Herkunft" name="source" options=source_options error=field_error(error, "source") />
                                    <TextField label="Was wird gebraucht?" name="title" required=true maxlength=TITLE_MAX error=field_error(error, "title") />
                                    <TextArea label="Beschreibung" name="description" rows=4 hint=format!("höchstens {DESCRIPTION_MAX} Zeichen") error=field_error(error, "description") />
                                    <TextField label="Von welcher Organisation?" name="organisation" maxlength=ORGANISATION_MAX error=field_error(error, "organisation") />
                                    <TextField label="Genannt am" name="noted_on" input_type="date" hint="leer lassen für heute" error=field_error(error, "noted_on") />
                                    <button type="submit">"Bedarf erfassen"</button>
                                </ActionForm>
                            </EchoScope>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
