//! The public list of dates: upcoming meetings marked as public, without personal data.
use crate::domain::meeting::{MeetingStatus, PublicMeeting};
use leptos::prelude::*;

#[component]
pub fn PublicDates(
    meetings: Vec<PublicMeeting>,
    /// Whether to name the area of each meeting (not needed on an area's own page).
    #[prop(default = true)]
    show_area: bool,
) -> impl IntoView {
    if meetings.is_empty() {
        return view! { <p>"Zurzeit sind keine öffentlichen Termine angekündigt."</p> }.into_any();
    }
    view! {
        <ul class="public-dates">
            {meetings.into_iter().map(|m| {
                let area_href = format!("/gebiete/{}", m.area_slug);
                let off = matches!(m.status, MeetingStatus::Cancelled | MeetingStatus::Postponed);
                let address = (!m.venue_address.is_empty()).then(|| format!(", {}", m.venue_address));
                view! {
                    <li class:called-off=off>
                        <h3>{m.title}</h3>
                        {off.then(|| view! {
                            <p><span class=format!("status status-{}", m.status.code())>{format!("Dieser Termin ist {}.", m.status.label())}</span></p>
                        })}
                        <dl class="facts">
                            <dt>"Wann"</dt>
                            <dd><time datetime=m.when.start.format("%Y-%m-%dT%H:%M").to_string()>{m.when.label()}</time></dd>
                            <dt>"Wo"</dt>
                            <dd>{m.venue_name}{address}" ("{m.format.label()}")"</dd>
                            {(!m.venue_notes.is_empty()).then(|| view! {
                                <dt>"Hinweise zum Ort"</dt>
                                <dd>{m.venue_notes}</dd>
                            })}
                            <dt>"Art"</dt>
                            <dd>{m.kind.label()}</dd>
                            {show_area.then(|| view! {
                                <dt>"Gebiet"</dt>
                                <dd><a href=area_href>{m.area_name}</a></dd>
                            })}
                        </dl>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
