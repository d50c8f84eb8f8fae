//! The year's Akteursgespräche per area: held, planned or still missing, as a table.
use crate::domain::format::date_de;
use crate::domain::progress::{progress_summary, AreaProgress};
use leptos::prelude::*;

#[component]
pub fn MeetingProgress(year: i32, lines: Vec<AreaProgress>) -> impl IntoView {
    let summary = progress_summary(&lines);
    let caption = format!("Akteursgespräche {year} je Gebiet");
    view! {
        <p id="fortschritt-summe"><strong>"Stand: "</strong>{summary}</p>
        <table class="table progress-table" aria-describedby="fortschritt-summe">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"Gebiet"</th>
                <th scope="col">"Stadtbezirk"</th>
                <th scope="col">"Stand"</th>
                <th scope="col">"Termin"</th>
                <th scope="col">"Anzahl"</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|line| {
                    let area_href = format!("/intern/gebiete/{}", line.area_slug);
                    let plan_href = format!("/intern/termine/neu?gebiet={}", line.area_slug);
                    let meeting = match line.meeting {
                        Some((id, date)) => view! {
                            <a href=format!("/intern/termine/{id}")>{date_de(date)}</a>
                        }.into_any(),
                        None => view! {
                            <a href=plan_href>"Termin planen"<span class="visually-hidden">{format!(" für {}", line.area_name)}</span></a>
                        }.into_any(),
                    };
                    let mut counts = Vec::new();
                    if line.held > 0 { counts.push(format!("{} durchgeführt", line.held)); }
                    if line.planned > 0 { counts.push(format!("{} geplant", line.planned)); }
                    if line.cancelled > 0 { counts.push(format!("{} abgesagt", line.cancelled)); }
                    let counts = if counts.is_empty() { "keiner".to_owned() } else { counts.join(", ") };
                    view! {
                        <tr>
                            <th scope="row"><a href=area_href>{line.area_name}</a></th>
                            <td>{line.district}</td>
                            <td><span class=line.progress.class()>{line.progress.label()}</span></td>
                            <td>{meeting}</td>
                            <td>{counts}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
