//! The staff part of an area: master data and history; the Projektbüro edits and retires.
use crate::api::areas::{staff_area_page, SetAreaRetired, UpdateArea};
use crate::components::area_fields::{AreaFieldInputs, ChangeReasonInputs};
use crate::components::error_notice::ErrorNotice;
use crate::components::form_errors::FormErrors;
use crate::components::meeting_needs::MeetingNeeds;
use crate::components::need_submissions::NeedSubmissions;
use crate::components::success_notice::SuccessNotice;
use crate::components::user_context::use_session;
use crate::domain::area::AreaPage;
use crate::domain::format::date_de;
use crate::domain::policy::can_edit_area_master_data;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn message(ok: &str) -> Option<&'static str> {
    match ok {
        "gespeichert" => {
            Some("Die Änderung ist gespeichert und in der Geschichte des Gebiets vermerkt.")
        }
        "angelegt" => Some("Das Gebiet ist angelegt."),
        _ => None,
    }
}

#[component]
pub fn AreaStaffPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("ok"),
            )
        },
        |(slug, _)| staff_area_page(slug),
    );
    view! {
        <SuccessNotice messages=message />
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <StaffArea page /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StaffArea(page: AreaPage) -> impl IntoView {
    let session = use_session();
    let AreaPage {
        area,
        history,
        coordinators,
        ..
    } = page;
    let public_href = format!("/gebiete/{}", area.slug);
    let no_history = history.is_empty();
    let area_for_edit = area.clone();
    let editor = move || {
        let area = area_for_edit.clone();
        Suspend::new(async move {
            let may_edit =
                matches!(session.user.await, Ok(Some(ref user)) if can_edit_area_master_data(user));
            may_edit.then(|| view! { <AreaEditForms area /> })
        })
    };
    view! {
        <Title text=format!("{} (intern)", area.name) />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>{area.name.clone()}" – interner Bereich"</h1>
        <p><a href=public_href>"Öffentliche Seite ansehen"</a></p>
        <p>
            <a class="button" href=format!("/intern/gebiete/{}/programm", area.slug)>"Aktionsprogramm"</a>
            " "
            <a class="button secondary" href=format!("/intern/gebiete/{}/umsetzung", area.slug)>"Umsetzung der Maßnahmen"</a>
        </p>
        <dl class="facts">
            <dt>"Art"</dt><dd>{area.kind.label()}</dd>
            <dt>"Stadtbezirk"</dt><dd>{area.district.clone()}</dd>
            <dt>"Sozialraum / Abgrenzung"</dt><dd>{area.social_space.clone()}</dd>
            <dt>"Aktionsraumbeauftragte"</dt>
            <dd>{if coordinators.is_empty() { "noch niemand zugeordnet".to_owned() } else { coordinators.join(", ") }}</dd>
            {area.retired_on.map(|d| view! { <dt>"Ausgeschieden am"</dt><dd>{date_de(d)}</dd> })}
        </dl>
        <h2>"Geschichte"</h2>
        {no_history.then(|| view! { <p>"Für dieses Gebiet sind noch keine Änderungen verzeichnet."</p> })}
        <table class="table" hidden=no_history>
            <caption>"Änderungen mit Datum und Beschluss"</caption>
            <thead><tr><th scope="col">"Gültig ab"</th><th scope="col">"Änderung"</th><th scope="col">"Beschluss oder Anlass"</th></tr></thead>
            <tbody>
                {history
                    .into_iter()
                    .map(|c| view! {
                        <tr><td>{date_de(c.effective_on)}</td><td>{c.summary}</td><td>{c.decision}</td></tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p><a href=format!("/intern/termine?ansicht=liste&gebiet={}", area.slug)>"Termine dieses Gebiets"</a></p>
        <MeetingNeeds slug=area.slug.clone() />
        <NeedSubmissions slug=area.slug.clone() />
        <Transition fallback=|| ()>{editor}</Transition>
    }
}

#[component]
fn AreaEditForms(area: crate::domain::area::Area) -> impl IntoView {
    let update = ServerAction::<UpdateArea>::new();
    let retire = ServerAction::<SetAreaRetired>::new();
    let update_error = Signal::derive(move || update.value().get().and_then(Result::err));
    let retire_error = Signal::derive(move || retire.value().get().and_then(Result::err));
    let update_slug = area.slug.clone();
    let retire_slug = area.slug.clone();
    let retired = area.retired_on.is_some();
    view! {
        <h2 id="bearbeiten">"Stammdaten ändern"</h2>
        <p>"Jede Änderung wird mit Datum und Beschluss in der Geschichte des Gebiets vermerkt, auch der Wechsel zwischen Aktionsraum und Aktionsquartier."</p>
        <ActionForm action=update attr:class="form" attr:aria-labelledby="bearbeiten">
            <FormErrors error=update_error />
            <input type="hidden" name="slug" value=update_slug />
            <AreaFieldInputs area=Some(area) error=update_error />
            <ChangeReasonInputs error=update_error />
            <button type="submit">"Änderung speichern"</button>
        </ActionForm>
        <h2 id="status">{if retired { "Wieder aufnehmen" } else { "Aus dem Aktionsplan nehmen" }}</h2>
        <ActionForm action=retire attr:class="form" attr:aria-labelledby="status">
            <FormErrors error=retire_error id_prefix="status-" />
            <input type="hidden" name="slug" value=retire_slug />
            <input type="hidden" name="retire" value=(!retired).to_string() />
            <ChangeReasonInputs error=retire_error id_prefix="status-" />
            <button type="submit" class=if retired { "secondary" } else { "danger" }>
                {if retired { "Gebiet wieder aufnehmen" } else { "Gebiet ausscheiden lassen" }}
            </button>
        </ActionForm>
    }
}
