//! A programme version to read (staff page, public page, print): Ausgangslage, the three
//! Handlungsfelder with their needs, goals and measures, potentials, role, budget and annex.
use crate::domain::city_implementation::PublicImplementation;
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::format::{date_de, euro_de};
use crate::domain::programme::{
    Budget, FundingSource, Measure, NeedRef, ProgrammeContent, AREA_FUND_LIMIT_CENTS,
};
use leptos::prelude::*;

/// What the reader needs to name the ids of a version.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub needs: Vec<NeedRef>,
    pub organisations: Vec<(i64, String)>,
    /// The measures' Umsetzung, on the public page of the current version (`None`: not shown).
    pub implementation: Option<Vec<(String, PublicImplementation)>>,
}

impl Lookup {
    fn need(&self, id: i64) -> String {
        self.needs
            .iter()
            .find(|n| n.id == id)
            .map(|n| format!("{} ({})", n.title, n.reference))
            .unwrap_or_else(|| format!("Bedarf Nr. {id}"))
    }

    fn organisation(&self, id: i64) -> String {
        self.organisations
            .iter()
            .find(|(o, _)| *o == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| format!("Organisation Nr. {id}"))
    }
}

/// "Handlungsfeld 1: Arbeit und Beschäftigung im Quartier"
pub fn field_title(field: FieldOfAction) -> String {
    crate::domain::programme_compare::field_heading(field)
}

#[component]
pub fn ProgrammeContentView(
    content: ProgrammeContent,
    lookup: Lookup,
    /// Heading level of the sections (2 on its own page).
    #[prop(default = 2)]
    level: u8,
) -> impl IntoView {
    let lookup = StoredValue::new(lookup);
    let heading = move |text: String, id: String| match level {
        2 => view! { <h2 id=id>{text}</h2> }.into_any(),
        _ => view! { <h3 id=id>{text}</h3> }.into_any(),
    };
    let sub = move |text: String| match level {
        2 => view! { <h3>{text}</h3> }.into_any(),
        _ => view! { <h4>{text}</h4> }.into_any(),
    };
    let c = content.clone();
    view! {
        <section class="programme-section" aria-labelledby="p-situation">
            {heading("Ausgangslage".into(), "p-situation".into())}
            {if c.situation.trim().is_empty() {
                view! { <p class="empty">"Noch nicht beschrieben."</p> }.into_any()
            } else {
                view! { <p class="pre-line">{c.situation.clone()}</p> }.into_any()
            }}
            {(!c.data_basis.trim().is_empty()).then(|| view! {
                <p class="data-basis pre-line"><strong>"Datengrundlage: "</strong>{c.data_basis.clone()}</p>
            })}
        </section>
        {FieldOfAction::ALL.into_iter().map(|field| {
            let goals: Vec<_> = c.goals.iter().filter(|g| g.field == field).cloned().collect();
            let measures: Vec<_> = c.measures.iter().filter(|m| m.field == field).cloned().collect();
            let id = format!("p-field{}", field.number());
            let empty = goals.is_empty() && measures.is_empty();
            let all_goals = c.goals.clone();
            view! {
                <section class="programme-section" aria-labelledby=id.clone()>
                    {heading(field_title(field), id.clone())}
                    {empty.then(|| view! { <p class="empty">"Noch keine Ziele und Maßnahmen."</p> })}
                    {(!goals.is_empty()).then(|| view! {
                        {sub("Ziele".into())}
                        <ul class="goals">
                            {goals.into_iter().map(|goal| view! {
                                <li>
                                    <strong>{goal.title.clone()}</strong>
                                    {(!goal.description.is_empty()).then(|| view! { <p class="pre-line">{goal.description.clone()}</p> })}
                                    <NeedList ids=goal.need_ids.clone() lookup />
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!measures.is_empty()).then(|| view! {
                        {sub("Maßnahmen".into())}
                        {measures.into_iter().map(|measure| {
                            let goal = measure.goal_id.as_ref().and_then(|g| all_goals.iter().find(|x| &x.id == g)).map(|g| g.title.clone());
                            view! { <MeasureView measure goal lookup level /> }
                        }).collect_view()}
                    })}
                </section>
            }
        }).collect_view()}
        <section class="programme-section" aria-labelledby="p-potentials">
            {heading("Potentiale des Gebiets".into(), "p-potentials".into())}
            <TextList items=c.potentials.iter().map(|i| i.text.clone()).collect() />
        </section>
        <section class="programme-section" aria-labelledby="p-role">
            {heading("Rolle und Funktion der Aktionsraumbeauftragten".into(), "p-role".into())}
            <TextList items=c.role.iter().map(|i| i.text.clone()).collect() />
        </section>
        <section class="programme-section" aria-labelledby="p-budget">
            {heading("Kosten und Finanzierung".into(), "p-budget".into())}
            <BudgetTable budget=Budget::of(&c) />
        </section>
        {(!c.excluded_needs.is_empty()).then(|| view! {
            <section class="programme-section" aria-labelledby="p-excluded">
                {heading("Nicht im Programm".into(), "p-excluded".into())}
                <p>"Diese Bedarfe wurden genannt, das Programm nimmt sie aber nicht auf:"</p>
                <ul>
                    {c.excluded_needs.iter().map(|e| view! {
                        <li>{lookup.with_value(|l| l.need(e.need_id))}" – "<span class="pre-line">{e.reason.clone()}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn TextList(items: Vec<String>) -> impl IntoView {
    if items.is_empty() {
        view! { <p class="empty">"Noch keine Einträge."</p> }.into_any()
    } else {
        view! { <ul>{items.into_iter().map(|t| view! { <li class="pre-line">{t}</li> }).collect_view()}</ul> }
            .into_any()
    }
}

#[component]
fn NeedList(ids: Vec<i64>, lookup: StoredValue<Lookup>) -> impl IntoView {
    (!ids.is_empty()).then(|| {
        view! {
            <p class="answers">"Antwortet auf: "
                {ids.iter().map(|id| lookup.with_value(|l| l.need(*id))).collect::<Vec<_>>().join("; ")}
            </p>
        }
    })
}

#[component]
fn MeasureView(
    measure: Measure,
    goal: Option<String>,
    lookup: StoredValue<Lookup>,
    level: u8,
) -> impl IntoView {
    let partners = measure
        .partner_ids
        .iter()
        .map(|id| lookup.with_value(|l| l.organisation(*id)))
        .collect::<Vec<_>>()
        .join(", ");
    let costs: Vec<String> = FundingSource::ALL
        .into_iter()
        .filter(|s| measure.cost(*s) > 0)
        .map(|s| {
            let name = if s == FundingSource::ThirdParty && !measure.third_party_name.is_empty() {
                format!("{} ({})", s.label(), measure.third_party_name)
            } else {
                s.label().to_owned()
            };
            format!("{name}: {}", euro_de(measure.cost(s)))
        })
        .collect();
    let title = measure.title.clone();
    view! {
        <article class="measure" id=format!("massnahme-{}", measure.id)>
            {match level {
                2 => view! { <h4>{title}</h4> }.into_any(),
                _ => view! { <h5>{title}</h5> }.into_any(),
            }}
            {(!measure.description.is_empty()).then(|| view! { <p class="pre-line">{measure.description.clone()}</p> })}
            <dl class="facts">
                // Beside the Umsetzung the programme's own word is the state when it was published.
                <dt>{if lookup.with_value(|l| l.implementation.is_some()) { "Stand bei Veröffentlichung" } else { "Stand" }}</dt>
                <dd>{measure.status.label()}</dd>
                {goal.map(|g| view! { <dt>"Ziel"</dt><dd>{g}</dd> })}
                {measure.responsible_id.map(|id| view! { <dt>"Verantwortlich"</dt><dd>{lookup.with_value(|l| l.organisation(id))}</dd> })}
                {(!partners.is_empty()).then(|| view! { <dt>"Partner"</dt><dd>{partners}</dd> })}
                {(!measure.period.is_empty()).then(|| view! { <dt>"Zeitraum"</dt><dd>{measure.period.clone()}</dd> })}
                <dt>"Kosten"</dt><dd>{if costs.is_empty() { "keine".to_owned() } else { costs.join("; ") }}</dd>
            </dl>
            <NeedList ids=measure.need_ids.clone() lookup />
            {lookup.with_value(|l| l.implementation.as_ref().map(|all| {
                let found = all.iter().find(|(id, _)| *id == measure.id).map(|(_, i)| i.clone());
                view! { <ImplementationFacts implementation=found /> }
            }))}
        </article>
    }
}

/// A measure's Umsetzung as everybody sees it: state, progress, next milestone, last update.
#[component]
pub fn ImplementationFacts(implementation: Option<PublicImplementation>) -> impl IntoView {
    let Some(i) = implementation else {
        return view! {
            <p class="implementation-facts hint">"Umsetzung: noch keine Angaben"</p>
        }
        .into_any();
    };
    let reason = (!i.reason.is_empty()).then(|| i.reason.clone());
    view! {
        <div class="implementation-facts">
            <p class="implementation-state">
                <strong>"Umsetzung: "</strong>
                <span class=format!("state state-{}", i.state.slug())>{i.state.label()}</span>
                {format!(" · {} % erreicht", i.progress)}
            </p>
            // The sentence above says it; the bar only shows it.
            <progress max="100" value=i.progress.to_string() aria-hidden="true"></progress>
            {reason.map(|r| view! { <p>"Grund: "{r}</p> })}
            {i.next_milestone.clone().map(|m| view! {
                <p>{format!("Nächster Meilenstein: {} (geplant für {})", m.title, date_de(m.date))}</p>
            })}
            <p class="hint">{format!("zuletzt aktualisiert am {}", date_de(i.updated_on))}</p>
        </div>
    }
    .into_any()
}

/// Costs per Handlungsfeld and source, with sums and the Aktionsraumfonds warning.
#[component]
pub fn BudgetTable(budget: Budget) -> impl IntoView {
    let warning = budget.area_fund_warning();
    let b = budget.clone();
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label="Geplante Kosten nach Handlungsfeld und Finanzierung">
            <table class="budget">
                <caption>"Geplante Kosten nach Handlungsfeld und Finanzierung"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Handlungsfeld"</th>
                        {FundingSource::ALL.into_iter().map(|s| view! { <th scope="col" class="number">{s.label()}</th> }).collect_view()}
                        <th scope="col" class="number">"Summe"</th>
                    </tr>
                </thead>
                <tbody>
                    {FieldOfAction::ALL.into_iter().map(|f| view! {
                        <tr>
                            <th scope="row">{format!("{} {}", f.number(), f.name())}</th>
                            {FundingSource::ALL.into_iter().map(|s| view! { <td class="number">{euro_de(b.cell(f, s))}</td> }).collect_view()}
                            <td class="number">{euro_de(b.per_field(f))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Summe"</th>
                        {FundingSource::ALL.into_iter().map(|s| view! { <td class="number">{euro_de(b.per_source(s))}</td> }).collect_view()}
                        <td class="number">{euro_de(b.total())}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
        {match warning {
            Some(w) => view! { <div class="notice notice-warning" role="status"><p><strong>"Achtung: "</strong>{w}</p></div> }.into_any(),
            None => view! { <p class="hint">{format!("Der Aktionsraumfonds hat {} im Jahr.", euro_de(AREA_FUND_LIMIT_CENTS))}</p> }.into_any(),
        }}
    }
}
