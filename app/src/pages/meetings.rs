//! The calendar of all meetings: list, month and week, filtered by area, organiser and status.
use crate::api::meetings::{calendar, CalendarData, LIST_PAGE_SIZE};
use crate::api::urlencode;
use crate::components::error_notice::ErrorNotice;
use crate::domain::calendar::{CalendarView, Period};
use crate::domain::meeting::{weekday_de, MeetingStatus, MeetingSummary};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The calendar's query: what to show and how.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Query {
    view: String,
    date: String,
    area: String,
    organiser: String,
    status: String,
    /// The list's page position (`nach=`).
    after: String,
}

impl Query {
    /// The address of this calendar with another view or date, keeping the filters.
    fn href(&self, view: &str, date: Option<NaiveDate>) -> String {
        let mut href = format!("/intern/termine?ansicht={view}");
        if let Some(date) = date {
            href.push_str(&format!("&datum={}", date.format("%Y-%m-%d")));
        }
        for (key, value) in [
            ("gebiet", &self.area),
            ("person", &self.organiser),
            ("status", &self.status),
        ] {
            if !value.is_empty() {
                href.push_str(&format!("&{key}={}", urlencode(value)));
            }
        }
        href
    }
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let q = query_map.read();
        Query {
            view: q.get("ansicht").unwrap_or_else(|| "liste".into()),
            date: q.get("datum").unwrap_or_default(),
            area: q.get("gebiet").unwrap_or_default(),
            organiser: q.get("person").unwrap_or_default(),
            status: q.get("status").unwrap_or_default(),
            after: q.get("nach").unwrap_or_default(),
        }
    });
    let data = Resource::new(
        move || query.get(),
        |q| calendar(q.view, q.date, q.area, q.organiser, q.status, q.after),
    );
    view! {
        <Title text="Termine" />
        <p class="breadcrumb"><a href="/intern">"Übersicht"</a></p>
        <h1>"Termine"</h1>
        <ul class="actions">
            <li><a class="button" href="/intern/termine/neu">"Neuen Termin planen"</a></li>
            <li><a class="button secondary" href="/intern/kalender">"Kalender abonnieren"</a></li>
        </ul>
        <Suspense fallback=|| view! { <p>"Wird geladen …"</p> }>
            {move || Suspend::new(async move {
                let query = query.get_untracked();
                match data.await {
                    Ok(data) => view! { <Calendar data query /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Calendar(data: CalendarData, query: Query) -> impl IntoView {
    let CalendarData {
        meetings,
        areas,
        organisers,
        period,
        next_after,
    } = data;
    let view_code = period.as_ref().map(|p| p.view.code()).unwrap_or("liste");
    let date = period.as_ref().map(|p| p.first);
    let tabs = [("liste", "Liste"), ("monat", "Monat"), ("woche", "Woche")]
        .into_iter()
        .map(|(code, label)| {
            let href = query.href(code, date);
            let current = (code == view_code).then_some("page");
            view! { <li><a href=href aria-current=current>{label}</a></li> }
        })
        .collect_view();
    // Only where there is somewhere to go: the list's first page, or a next one.
    let first = (period.is_none() && !query.after.is_empty()).then(|| query.href("liste", None));
    let next = next_after.map(|after| format!("{}&nach={after}", query.href("liste", None)));
    let list_paging = (first.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="paging" aria-label="Weitere Termine">
                {first.map(|href| view! { <a href=href>"← Zum Anfang der Liste"</a> })}
                {next.map(|href| view! { <a href=href>"Weitere Termine →"</a> })}
            </nav>
        }
    });
    let body = match &period {
        None => view! {
            <MeetingTable meetings caption=format!("Alle Termine, die zum Filter passen (je {LIST_PAGE_SIZE} auf einer Seite)") />
        }.into_any(),
        Some(p) if p.view == CalendarView::Month => view! { <MonthGrid period=p.clone() meetings /> }.into_any(),
        Some(p) => view! { <WeekList period=p.clone() meetings /> }.into_any(),
    };
    let paging = period.clone().map(|p| {
        let previous = query.href(p.view.code(), Some(p.previous));
        let next = query.href(p.view.code(), Some(p.next));
        let (previous_label, next_label) = match p.view {
            CalendarView::Month => ("Vorheriger Monat", "Nächster Monat"),
            CalendarView::Week => ("Vorherige Woche", "Nächste Woche"),
        };
        view! {
            <nav class="paging" aria-label="Zeitraum wechseln">
                <a href=previous>"← "{previous_label}</a>
                <h2 class="period-label">{p.label.clone()}</h2>
                <a href=next>{next_label}" →"</a>
            </nav>
        }
    });
    view! {
        <nav aria-label="Ansicht"><ul class="tabs">{tabs}</ul></nav>
        <form method="get" action="/intern/termine" class="filter-form" aria-label="Termine filtern">
            <input type="hidden" name="ansicht" value=view_code />
            {date.map(|d| view! { <input type="hidden" name="datum" value=d.format("%Y-%m-%d").to_string() /> })}
            <div class="field">
                <label for="filter-gebiet">"Gebiet"</label>
                <select id="filter-gebiet" name="gebiet">
                    <option value="" selected=query.area.is_empty()>"alle Gebiete"</option>
                    {areas.into_iter().map(|a| {
                        let selected = a.slug == query.area;
                        view! { <option value=a.slug selected=selected>{a.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-person">"Organisiert von"</label>
                <select id="filter-person" name="person">
                    <option value="" selected=query.organiser.is_empty()>"alle"</option>
                    {organisers.into_iter().map(|(id, name)| {
                        let id = id.to_string();
                        let selected = id == query.organiser;
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status">
                    <option value="" selected=query.status.is_empty()>"alle"</option>
                    {MeetingStatus::ALL.iter().map(|s| {
                        let selected = s.code() == query.status;
                        view! { <option value=s.code() selected=selected>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">"Filtern"</button>
        </form>
        {paging}
        {body}
        {list_paging}
    }
}

fn meeting_link(m: &MeetingSummary) -> impl IntoView {
    let href = format!("/intern/termine/{}", m.id);
    let class = format!("meeting-chip status-{}", m.status.code());
    let time = m.when.start.format("%H:%M").to_string();
    let status = (m.status != MeetingStatus::Planned).then(|| format!(" ({})", m.status.label()));
    view! {
        <a class=class href=href>
            <span class="time">{time}" Uhr"</span>" "{m.title.clone()}" – "{m.area_name.clone()}{status}
        </a>
    }
}

#[component]
fn MeetingTable(meetings: Vec<MeetingSummary>, caption: String) -> impl IntoView {
    let none = meetings.is_empty();
    view! {
        {none.then(|| view! { <p>"Keine Termine gefunden. Ändern Sie den Filter oder planen Sie einen neuen Termin."</p> })}
        <table class="table" hidden=none>
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">"Wann"</th><th scope="col">"Titel"</th><th scope="col">"Gebiet"</th>
                <th scope="col">"Ort"</th><th scope="col">"Organisiert von"</th><th scope="col">"Status"</th>
            </tr></thead>
            <tbody>
                {meetings.into_iter().map(|m| {
                    let href = format!("/intern/termine/{}", m.id);
                    view! {
                        <tr>
                            <td>{m.when.label()}</td>
                            <th scope="row"><a href=href>{m.title.clone()}</a></th>
                            <td>{m.area_name.clone()}</td>
                            <td>{m.venue_name.clone()}</td>
                            <td>{m.organiser_name.clone()}</td>
                            <td><span class=format!("status status-{}", m.status.code())>{m.status.label()}</span></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn on_day(meetings: &[MeetingSummary], day: NaiveDate) -> Vec<MeetingSummary> {
    meetings
        .iter()
        .filter(|m| m.when.start.date() <= day && day <= m.when.end.date())
        .cloned()
        .collect()
}

/// A month as a table: weeks as rows, weekdays as columns; screen readers announce the headers.
#[component]
fn MonthGrid(period: Period, meetings: Vec<MeetingSummary>) -> impl IntoView {
    let headers = [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ];
    let rows = period
        .weeks()
        .into_iter()
        .map(|week| {
            let cells = week
                .into_iter()
                .map(|day| {
                    let outside = day < period.first || day > period.last;
                    let todays = on_day(&meetings, day);
                    view! {
                        <td class:outside=outside>
                            <span class="day-number"><span aria-hidden="true">{day.format("%d").to_string()}</span><span class="visually-hidden">{format!("{} {}", weekday_de(day), day.format("%d.%m."))}</span></span>
                            <ul class="day-meetings">{todays.iter().map(|m| view! { <li>{meeting_link(m)}</li> }).collect_view()}</ul>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="month-grid">
            <caption class="visually-hidden">{format!("Termine im {}", period.label)}</caption>
            <thead><tr>{headers.map(|h| view! { <th scope="col"><abbr title=h>{&h[..2]}</abbr></th> }).collect_view()}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A week as a list of days with their meetings.
#[component]
fn WeekList(period: Period, meetings: Vec<MeetingSummary>) -> impl IntoView {
    view! {
        <ol class="week-list">
            {period.days().into_iter().map(|day| {
                let todays = on_day(&meetings, day);
                let empty = todays.is_empty();
                view! {
                    <li>
                        <h3>{format!("{} {}", weekday_de(day), day.format("%d.%m.%Y"))}</h3>
                        {if empty {
                            view! { <p class="hint">"keine Termine"</p> }.into_any()
                        } else {
                            view! { <ul>{todays.iter().map(|m| view! { <li>{meeting_link(m)}" · "{m.venue_name.clone()}</li> }).collect_view()}</ul> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
