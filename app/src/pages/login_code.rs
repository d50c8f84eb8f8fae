//! The login's second step: the code from the authenticator app or a recovery code.
use crate::api::auth::{login_waits_for_code, ConfirmCode};
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
pub fn LoginCodePage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmCode>::new();
    let query = use_query_map();
    let next = move || query.read().get("weiter").unwrap_or_default();
    let waiting = Resource::new(|| (), |()| login_waits_for_code());
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <Title text="Anmelden: Code" />
        <h1>"Anmelden: Code aus Ihrer App"</h1>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match waiting.await {
                    Ok(_) => view! {
                        <p>"Ihr Passwort stimmt. Öffnen Sie jetzt die App, in der Sie den Aktionsplan eingerichtet haben (zum Beispiel Aegis, FreeOTP oder Microsoft Authenticator), und geben Sie den sechsstelligen Code ein, den sie für „Aktionsplan Dortmund“ zeigt."</p>
                        <ActionForm action=confirm attr:class="form narrow">
                            <FormErrors error />
                            <input type="hidden" name="next" value=next />
                            <TextField label="Code" name="code" autocomplete="one-time-code" required=true maxlength=40 hint="Sechs Ziffern aus der App. Ohne Handy: einer Ihrer Wiederherstellungscodes, zum Beispiel abcd-efgh-jkmn." error=field_error(error, "code") />
                            <button type="submit">"Bestätigen und anmelden"</button>
                        </ActionForm>
                        <p class="hint">"Handy verloren und keine Wiederherstellungscodes mehr? Das Projektbüro (oder die IT mit dem Befehl „user reset-mfa“) setzt den zweiten Faktor zurück; danach richten Sie ihn neu ein."</p>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
