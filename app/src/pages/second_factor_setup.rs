//! Setting up the second factor: the secret as QR code and as text, confirmed by a first code.
use crate::api::auth::{second_factor_offer, ConfirmCode};
use crate::components::{
    error_notice::ErrorNotice,
    field::{field_error, TextField},
    form_errors::FormErrors,
};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactorSetupPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmCode>::new();
    let query = use_query_map();
    let next = move || query.read().get("weiter").unwrap_or_default();
    let offer = Resource::new(|| (), |()| second_factor_offer());
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <Title text="Zweiten Faktor einrichten" />
        <h1>"Anmeldung absichern: zweiten Faktor einrichten"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match offer.await {
                    Ok(offer) => view! {
                        <p>"Ihr Konto kann Konten anlegen und personenbezogene Daten ausgeben. Deshalb bestätigen Sie jede Anmeldung zusätzlich mit einem Code aus einer App auf Ihrem Handy. Das richten Sie jetzt einmal ein; es dauert zwei Minuten."</p>
                        <ol class="steps">
                            <li>"Installieren Sie eine Authenticator-App, falls Sie noch keine haben, zum Beispiel Aegis oder FreeOTP (Android), Microsoft Authenticator oder Google Authenticator."</li>
                            <li>
                                <p>"Fügen Sie in der App ein Konto hinzu und scannen Sie diesen QR-Code:"</p>
                                <figure class="qr">
                                    <div role="img" aria-label="QR-Code für die Authenticator-App" inner_html=offer.qr_svg></div>
                                    <figcaption>
                                        "Scannen geht nicht? Geben Sie in der App diesen Schlüssel von Hand ein (Konto „"
                                        {offer.account}
                                        "“, zeitbasiert):"
                                        <br />
                                        <code class="secret" data-secret="">{offer.secret}</code>
                                    </figcaption>
                                </figure>
                            </li>
                            <li>"Geben Sie den sechsstelligen Code ein, den die App jetzt zeigt."</li>
                        </ol>
                        <ActionForm action=confirm attr:class="form narrow">
                            <FormErrors error />
                            <input type="hidden" name="next" value=next />
                            <TextField label="Code" name="code" autocomplete="one-time-code" required=true maxlength=40 hint="Sechs Ziffern; die App zeigt alle 30 Sekunden einen neuen Code." error=field_error(error, "code") />
                            <button type="submit">"Einrichten und anmelden"</button>
                        </ActionForm>
                        <p class="hint">"Danach zeigen wir Ihnen einmal zehn Wiederherstellungscodes für den Fall, dass Sie Ihr Handy verlieren."</p>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
