//! Planning a new meeting and changing a planned one.
use crate::api::meetings::{get_meeting, meeting_form_data, SaveMeeting};
use crate::components::error_notice::ErrorNotice;
use crate::components::form_echo::EchoScope;
use crate::components::form_errors::FormErrors;
use crate::components::meeting_fields::{ConfirmConflicts, MeetingFieldInputs};
use crate::error::AppError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The server function both forms send to; its failed no-JS submissions are filled in again.
const SAVE_PATH: &str = <SaveMeeting as ServerFn>::PATH;

#[component]
pub fn MeetingNewPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(|| (), |_| meeting_form_data());
    let save = ServerAction::<SaveMeeting>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <Title text="Neuer Termin" />
        <p class="breadcrumb"><a href="/intern/termine">"Termine"</a></p>
        <h1 id="neu">"Neuen Termin planen"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((areas, _, _)) if areas.is_empty() => view! {
                        <p>"Ihnen ist noch kein Gebiet zugeordnet, für das Sie Termine planen können. Bitte wenden Sie sich an das Projektbüro."</p>
                    }
                        .into_any(),
                    Ok((areas, organisers, current_user)) => {
                        let preselected_area = query.read_untracked().get("gebiet").unwrap_or_default();
                        view! {
                            <ActionForm action=save attr:class="form" attr:aria-labelledby="neu">
                                <FormErrors error />
                                <EchoScope path=SAVE_PATH>
                                    <MeetingFieldInputs meeting=None areas organisers current_user preselected_area error />
                                </EchoScope>
                                <ConfirmConflicts error />
                                <button type="submit">"Termin speichern"</button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MeetingEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, |id| async move {
        let meeting = get_meeting(id).await?;
        let form = meeting_form_data().await?;
        Ok::<_, AppError>((meeting, form))
    });
    let save = ServerAction::<SaveMeeting>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <Title text="Termin bearbeiten" />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((meeting, (areas, organisers, current_user))) => {
                        let back = format!("/intern/termine/{}", meeting.summary.id);
                        let id = meeting.summary.id;
                        let editable = meeting.summary.status.is_editable();
                        view! {
                            <p class="breadcrumb"><a href=back>{meeting.summary.title.clone()}</a></p>
                            <h1 id="bearbeiten">"Termin bearbeiten"</h1>
                            {if editable {
                                view! {
                                    <p>"Jede Änderung erhöht die Versionsnummer im Kalender, damit abonnierte Kalender sie übernehmen."</p>
                                    <ActionForm action=save attr:class="form" attr:aria-labelledby="bearbeiten">
                                        <FormErrors error />
                                        <input type="hidden" name="id" value=id />
                                        <EchoScope path=SAVE_PATH>
                                            <MeetingFieldInputs meeting=Some(meeting) areas organisers current_user error />
                                        </EchoScope>
                                        <ConfirmConflicts error />
                                        <button type="submit">"Änderungen speichern"</button>
                                    </ActionForm>
                                }
                                    .into_any()
                            } else {
                                view! { <p>"Dieser Termin ist "{meeting.summary.status.label()}" und kann nicht mehr geändert werden."</p> }.into_any()
                            }}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
