//! "Anmeldung absichern": the signed-in account's second factor and recovery codes.
use crate::api::auth::{second_factor_status, BeginSecondFactorSetup, RenewRecoveryCodes};
use crate::components::step_up::StepUpField;
use crate::components::{error_notice::ErrorNotice, form_errors::FormErrors};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let begin = ServerAction::<BeginSecondFactorSetup>::new();
    let query = use_query_map();
    let used_code = move || query.read().get("benutzt").is_some();
    let status = Resource::new(|| (), |()| second_factor_status());
    let renew_error = Signal::derive(move || renew.value().get().and_then(Result::err));
    let begin_error = Signal::derive(move || begin.value().get().and_then(Result::err));
    view! {
        <Title text="Anmeldung absichern" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Anmeldung absichern"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(status) => {
                        let left = status.recovery_codes_left;
                        view! {
                            {used_code().then(|| view! {
                                <section class="notice notice-success" role="status">
                                    <p>{format!("Sie haben sich mit einem Wiederherstellungscode angemeldet; er gilt jetzt nicht mehr. Sie haben noch {left} unbenutzte Codes.")}</p>
                                </section>
                            })}
                            {if status.set_up {
                                view! {
                                    <p>"Der zweite Faktor ist eingerichtet: Jede Anmeldung bestätigen Sie mit einem Code aus Ihrer App."</p>
                                    <p>{format!("Unbenutzte Wiederherstellungscodes: {left} von 10.")}</p>
                                    {(left <= 3).then(|| view! { <p class="warning">"Es sind nur noch wenige Codes übrig. Erzeugen Sie bitte neue."</p> })}
                                    <ActionForm action=renew attr:class="form narrow">
                                        <FormErrors error=renew_error />
                                        <p class="hint">"Neue Codes ersetzen alle bisherigen; die alten gelten dann nicht mehr."</p>
                                        <StepUpField error=crate::components::field::field_error(renew_error, "step_up_code") />
                                        <button type="submit">"Neue Wiederherstellungscodes erzeugen"</button>
                                    </ActionForm>
                                    <p class="hint">"Neues Handy? Bitten Sie das Projektbüro oder die IT, den zweiten Faktor zurückzusetzen; bei der nächsten Anmeldung richten Sie ihn neu ein."</p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <p>{if status.required {
                                        "Für Ihr Konto ist ein zweiter Faktor vorgeschrieben, aber noch nicht eingerichtet."
                                    } else {
                                        "Ihre Anmeldung ist bisher nur durch das Passwort geschützt. Mit einem zweiten Faktor bestätigen Sie jede Anmeldung zusätzlich mit einem Code aus einer App auf Ihrem Handy; wer Ihr Passwort kennt, kommt dann trotzdem nicht hinein."
                                    }}</p>
                                    <ActionForm action=begin attr:class="form narrow">
                                        <FormErrors error=begin_error />
                                        <button type="submit">"Zweiten Faktor einrichten"</button>
                                    </ActionForm>
                                }
                                    .into_any()
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
