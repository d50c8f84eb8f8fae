//! Demo Aktionsprogramme: one per area, in every workflow state, built from the area's accepted
//! needs and the potentials and role expectations of its meetings through the same services the
//! pages use. Most have five or more versions with questions, returns and approvals; two areas
//! have published twice, so an older published version stays reachable.
use super::directory::Directory;
use super::{fail, Staff};
use app::domain::area::{Area, AreaKind};
use app::domain::field_of_action::FieldOfAction;
use app::domain::programme::{
    Exclusion, Goal, Measure, MeasureStatus, MeetingOffer, NeedRef, ProgrammeContent, TextItem,
};
use app::domain::programme_diff::Saved;
use app::domain::user::CurrentUser;
use app::domain::workflow::Step;
use app::server::access;
use app::server::db::Db;
use app::server::services::programmes;
use app::server::state::Config;

/// 1 September 2022, 10:00 in Dortmund: work on the programmes begins.
const AUTUMN_2022: i64 = 1_662_019_200;
const DAY: i64 = 86_400;

/// How far an area's programme has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// Two versions, not yet submitted.
    Draft,
    /// Three versions, the third submitted.
    Submitted,
    /// Two versions, the second returned with questions.
    Returned,
    /// Returned, then revised: five versions, a draft again.
    Revised,
    /// Returned, revised, resubmitted and approved: five versions.
    Approved,
    /// As approved, then published.
    Published,
    /// Published, then brought up to date and published again: six versions.
    PublishedTwice,
}

/// The plans by the areas' order: every state, most of them more than once.
const PLANS: [Plan; 15] = [
    Plan::PublishedTwice,
    Plan::Published,
    Plan::Submitted,
    Plan::Published,
    Plan::Returned,
    Plan::Draft,
    Plan::Approved,
    Plan::PublishedTwice,
    Plan::Revised,
    Plan::Submitted,
    Plan::Draft,
    Plan::Approved,
    Plan::Published,
    Plan::Returned,
    Plan::Published,
];

/// The change notes of the versions, by stage.
const NOTES: [&str; 6] = [
    "Erster Entwurf aus dem Akteursgespräch und den Rückmeldungen",
    "Weitere Maßnahmen und die Potentiale des Gebiets",
    "Rolle, Kosten und Finanzierung ergänzt",
    "Rückfragen des Projektbüros eingearbeitet",
    "Zeiträume mit den Trägern abgestimmt, eine Maßnahme verschoben",
    "Stand 2023: laufende und abgeschlossene Maßnahmen",
];

/// Creates the programmes; returns how many versions were saved.
pub async fn fill(
    db: &Db,
    config: &Config,
    staff: &Staff,
    directory: &Directory,
    scale: usize,
) -> Result<usize, String> {
    let mut versions = 0;
    let areas = directory.iter().filter(|(a, _)| a.retired_on.is_none());
    for (index, (area, organisations)) in areas.enumerate() {
        let coordinator = staff.coordinator_of(area.id)?;
        let as_staff = access::area_of(db, coordinator, &area.slug)
            .await
            .map_err(fail)?;
        let page = programmes::overview(db, config, &as_staff, programmes::OverviewFor::Editor)
            .await
            .map_err(fail)?;
        let orgs: Vec<i64> = organisations.iter().map(|o| o.id).collect();
        let needs: Vec<NeedRef> = page
            .need_pages
            .iter()
            .flat_map(|p| p.needs.iter().cloned())
            .collect();
        let material = Material {
            area,
            needs: &needs,
            offers: &page.offers,
            orgs: &orgs,
        };
        let mut run = Run {
            db,
            slug: &area.slug,
            coordinator,
            office: &staff.office,
            head: 0,
            at: AUTUMN_2022 + index as i64 * 3 * DAY,
            // About 500 versions over all areas at scale 50.
            drafts: (scale - 1) * 2 / 3,
        };
        let plan = PLANS[index % PLANS.len()];
        versions += run.follow(plan, &material).await?;
    }
    Ok(versions)
}

/// What an area's programme is made of.
struct Material<'a> {
    area: &'a Area,
    needs: &'a [NeedRef],
    offers: &'a [MeetingOffer],
    orgs: &'a [i64],
}

/// One area's way through the workflow.
struct Run<'a> {
    db: &'a Db,
    slug: &'a str,
    coordinator: &'a CurrentUser,
    office: &'a CurrentUser,
    head: i64,
    at: i64,
    /// Further intermediate drafts saved in the second stage.
    drafts: usize,
}

impl Run<'_> {
    async fn follow(&mut self, plan: Plan, material: &Material<'_>) -> Result<usize, String> {
        let last_stage = match plan {
            Plan::Draft | Plan::Returned => 2,
            Plan::Submitted => 3,
            Plan::Revised | Plan::Approved | Plan::Published => 5,
            Plan::PublishedTwice => 6,
        };
        for stage in 1..=last_stage.min(3) {
            self.save(material, stage).await?;
            if stage == 2 {
                for draft in 1..=self.drafts {
                    self.save_draft(material, draft).await?;
                }
            }
        }
        let drafts = self.drafts;
        match plan {
            Plan::Draft => return Ok(2 + drafts),
            Plan::Submitted => {
                self.submit().await?;
                return Ok(3 + drafts);
            }
            _ => {}
        }
        self.submit().await?;
        self.office_step(
            Step::Return,
            "Bitte prüfen Sie die Mittel aus dem Aktionsraumfonds und ergänzen Sie die Ausgangslage.",
            &[
                (
                    "situation",
                    "Bitte nennen Sie die Datengrundlage und den Stand der Zahlen.",
                ),
                (
                    "budget",
                    "Der Aktionsraumfonds reicht nicht für alle Maßnahmen; bitte verteilen Sie die Kosten neu.",
                ),
            ],
        )
        .await?;
        if plan == Plan::Returned {
            return Ok(2 + drafts);
        }
        for stage in 4..=5 {
            self.save(material, stage).await?;
        }
        if plan == Plan::Revised {
            return Ok(5 + drafts);
        }
        self.submit().await?;
        self.office_step(
            Step::Approve,
            "Die Rückfragen sind beantwortet. Freigegeben.",
            &[],
        )
        .await?;
        if plan == Plan::Approved {
            return Ok(5 + drafts);
        }
        self.office_step(Step::Publish, "", &[]).await?;
        if plan == Plan::Published {
            return Ok(5 + drafts);
        }
        self.at += 120 * DAY;
        self.save(material, 6).await?;
        self.submit().await?;
        self.office_step(Step::Approve, "Fortschreibung 2023 freigegeben.", &[])
            .await?;
        self.office_step(Step::Publish, "", &[]).await?;
        Ok(6 + drafts)
    }

    async fn save(&mut self, material: &Material<'_>, stage: usize) -> Result<(), String> {
        self.at += 5 * DAY;
        self.store(&content(material, stage), NOTES[stage - 1])
            .await
    }

    /// An intermediate draft of the second stage, saved an hour after the one before.
    async fn save_draft(&mut self, material: &Material<'_>, draft: usize) -> Result<(), String> {
        self.at += 3_600;
        let mut content = content(material, 2);
        content.situation.push_str(&format!(
            "\n\nZwischenstand {draft}: Rückmeldungen der Träger eingearbeitet."
        ));
        self.store(&content, &format!("Zwischenstand {draft}"))
            .await
    }

    async fn store(&mut self, content: &ProgrammeContent, note: &str) -> Result<(), String> {
        let as_staff = access::area_of(self.db, self.coordinator, self.slug)
            .await
            .map_err(fail)?;
        match programmes::save(self.db, &as_staff, self.head, content, note, self.at)
            .await
            .map_err(fail)?
        {
            Saved::Stored { number } => {
                self.head = number;
                Ok(())
            }
            Saved::Concurrent(_) => Err(format!(
                "{}: unerwartet gleichzeitig gespeichert",
                self.slug
            )),
        }
    }

    async fn submit(&mut self) -> Result<(), String> {
        self.at += DAY;
        let as_staff = access::area_of(self.db, self.coordinator, self.slug)
            .await
            .map_err(fail)?;
        programmes::take_step(
            self.db,
            &as_staff,
            Step::Submit,
            self.head,
            "Bitte prüfen.",
            &[],
            self.at,
        )
        .await
        .map(drop)
        .map_err(fail)
    }

    async fn office_step(
        &mut self,
        step: Step,
        comment: &str,
        sections: &[(&str, &str)],
    ) -> Result<(), String> {
        self.at += 4 * DAY;
        let sections: Vec<(String, String)> = sections
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let as_office = access::area_of(self.db, self.office, self.slug)
            .await
            .map_err(fail)?;
        programmes::take_step(
            self.db, &as_office, step, self.head, comment, &sections, self.at,
        )
        .await
        .map(drop)
        .map_err(|e| format!("{} ({step:?}): {e}", self.slug))
    }
}

/// A measure as the demo plans it; amounts in euro.
struct Blueprint {
    title: &'static str,
    description: &'static str,
    period: &'static str,
    project_funds: i64,
    area_fund: i64,
    third_party: i64,
}

/// Measures per Handlungsfeld.
static MEASURES: [[Blueprint; 2]; 3] = [
    [
        Blueprint {
            title: "Offene Sprechstunde Arbeit und Ausbildung",
            description: "Einmal in der Woche beraten Jobcenter und Träger im Stadtteil zu Arbeit, Ausbildung und Anerkennung von Abschlüssen; ohne Termin, mit Sprachmittlung.",
            period: "ab Januar 2023, zwei Jahre",
            project_funds: 3_000,
            area_fund: 800,
            third_party: 0,
        },
        Blueprint {
            title: "Bewerbungswerkstatt mit Computerplätzen",
            description: "Hilfe bei Online-Bewerbungen, Lebenslauf und E-Mail an vier Computerplätzen im Stadtteilzentrum; Ehrenamtliche begleiten.",
            period: "ab März 2023, jeden Dienstag",
            project_funds: 2_000,
            area_fund: 600,
            third_party: 1_500,
        },
    ],
    [
        Blueprint {
            title: "Hausaufgabenhilfe und Lernzeit",
            description: "Drei Nachmittage in der Woche lernen Grundschulkinder in kleinen Gruppen mit Studierenden; ein warmes Essen gehört dazu.",
            period: "Schuljahr 2022/23 und 2023/24",
            project_funds: 3_500,
            area_fund: 900,
            third_party: 2_000,
        },
        Blueprint {
            title: "Elterncafé im Familienzentrum",
            description: "Ein offener Treff für Eltern mit kleinen Kindern, mit Beratung zu Kita-Plätzen, Anträgen und Unterstützung für Alleinerziehende.",
            period: "ab Februar 2023, wöchentlich",
            project_funds: 1_500,
            area_fund: 700,
            third_party: 0,
        },
    ],
    [
        Blueprint {
            title: "Nachbarschaftscafé ohne Verzehrzwang",
            description: "Ein Ort für Begegnung im Quartier, zweimal in der Woche geöffnet, getragen von Vereinen und Nachbarinnen und Nachbarn.",
            period: "ab Frühjahr 2023",
            project_funds: 2_000,
            area_fund: 800,
            third_party: 500,
        },
        Blueprint {
            title: "Jugendtreff am Abend und am Wochenende",
            description: "Die offene Tür des Jugendzentrums bleibt freitags und samstags bis 22 Uhr geöffnet; Sportangebote nur für Mädchen kommen dazu.",
            period: "ab Sommer 2023, ein Jahr zur Erprobung",
            project_funds: 2_500,
            area_fund: 1_000,
            third_party: 3_000,
        },
    ],
];

/// Goals per Handlungsfeld: (title, description).
const GOALS: [(&str, &str); 3] = [
    (
        "Wege in Arbeit und Ausbildung im Quartier öffnen",
        "Beratung und Qualifizierung dort, wo die Menschen wohnen, und in ihrer Sprache.",
    ),
    (
        "Kinder und Eltern früh und verlässlich unterstützen",
        "Betreuung, Lernen und Beratung für Familien, besonders für Alleinerziehende.",
    ),
    (
        "Begegnung und Zusammenhalt im Quartier stärken",
        "Orte, an denen sich Nachbarschaft, Ältere und Jugendliche treffen.",
    ),
];

/// The version of `stage` (1–6): each stage adds to or revises the one before.
fn content(m: &Material<'_>, stage: usize) -> ProgrammeContent {
    let article = match m.area.kind {
        AreaKind::Aktionsraum => "Der",
        AreaKind::Aktionsquartier => "Das",
    };
    let mut situation = format!(
        "{article} {} {} liegt im Stadtbezirk {}.",
        m.area.kind.label(),
        m.area.name,
        m.area.district
    );
    if !m.area.description.trim().is_empty() {
        situation.push(' ');
        situation.push_str(m.area.description.trim());
    }
    situation.push_str(
        "\n\nIm Akteursgespräch und in den Rückmeldungen über das Bedarfsformular wurden vor allem \
         fehlende Beratung vor Ort, Betreuung und Lernhilfe für Kinder und Orte der Begegnung \
         genannt.",
    );
    if stage >= 4 {
        situation.push_str(
            " Viele Familien leben von geringen Einkommen; Angebote müssen kostenlos und ohne \
             Anmeldung erreichbar sein.",
        );
    }
    let data_basis = if stage >= 4 {
        "Akteursgespräch 2022, Bedarfsformular 2022, Sondierungsgespräche 2021 und die \
         kleinräumigen Daten der Sozialberichterstattung der Stadt Dortmund."
    } else {
        "Akteursgespräch 2022 und Bedarfsformular."
    };
    let mut content = ProgrammeContent {
        situation,
        data_basis: data_basis.to_owned(),
        ..ProgrammeContent::default()
    };
    let mut answered = Vec::new();
    for (f, field) in FieldOfAction::ALL.into_iter().enumerate() {
        let mut needs: Vec<&NeedRef> = m.needs.iter().filter(|n| n.field == field).collect();
        needs.sort_by_key(|n| std::cmp::Reverse(n.supporters));
        let goal_id = format!("ziel-{}", f + 1);
        let (goal_title, goal_text) = GOALS[f];
        content.goals.push(Goal {
            id: goal_id.clone(),
            field,
            title: goal_title.to_owned(),
            description: if stage >= 3 {
                goal_text.to_owned()
            } else {
                String::new()
            },
            need_ids: needs.iter().take(1).map(|n| n.id).collect(),
        });
        let count = if stage >= 2 { 2 } else { 1 };
        for (k, blueprint) in MEASURES[f].iter().take(count).enumerate() {
            let Blueprint {
                title,
                description,
                period,
                project_funds: project,
                area_fund: fund,
                third_party: third,
            } = *blueprint;
            // The first measure answers the two most supported needs, the second the next two.
            let need_ids: Vec<i64> = needs.iter().skip(k * 2).take(2).map(|n| n.id).collect();
            answered.extend(need_ids.iter().copied());
            let org = |n: usize| m.orgs.get((f * 2 + k + n) % m.orgs.len().max(1)).copied();
            let mut measure = Measure::new(
                format!("massnahme-{}-{}", f + 1, k + 1),
                field,
                title.to_owned(),
                need_ids,
            );
            measure.goal_id = Some(goal_id.clone());
            measure.description = description.to_owned();
            measure.responsible_id = org(0);
            if stage >= 2 {
                measure.partner_ids = org(1).into_iter().filter(|p| Some(*p) != org(0)).collect();
            }
            if stage >= 3 {
                measure.period = period.to_owned();
                measure.project_funds_cents = project * 100;
                // Before the return, the Aktionsraumfonds is planned over its 5,000 euro.
                measure.area_fund_cents = if stage == 3 {
                    fund * 100 + 100_000
                } else {
                    fund * 100
                };
                measure.third_party_cents = third * 100;
                if third > 0 {
                    measure.third_party_name = "Stiftung und Land NRW".to_owned();
                }
            }
            if stage >= 4 && k == 0 {
                measure.description = measure
                    .description
                    .replace("Einmal in der Woche", "Zweimal in der Woche")
                    .replace("Drei Nachmittage", "Vier Nachmittage")
                    .replace("zweimal in der Woche", "an drei Tagen in der Woche");
            }
            if stage >= 6 {
                measure.status = if k == 0 {
                    MeasureStatus::Running
                } else {
                    MeasureStatus::Done
                };
            }
            content.measures.push(measure);
        }
    }
    if stage >= 5 {
        // The parents' café moves to cohesion, without its goal.
        if let Some(cafe) = content
            .measures
            .iter_mut()
            .find(|x| x.id == "massnahme-2-2")
        {
            cafe.field = FieldOfAction::Cohesion;
            cafe.goal_id = None;
            cafe.period = "ab April 2023, wöchentlich".to_owned();
        }
    }
    if stage >= 2 {
        content.potentials = taken_over(m.offers, "potentials", "potential");
        if content.potentials.is_empty() {
            content.potentials.push(TextItem {
                id: "potential-1".into(),
                text: "Engagierte Vereine und Einrichtungen, die eng zusammenarbeiten.".into(),
                source_item_id: None,
            });
        }
    }
    if stage >= 3 {
        content.role = taken_over(m.offers, "role", "rolle");
        content.role.push(TextItem {
            id: "rolle-buero".into(),
            text: "Ansprechperson für Träger und Bewohnerschaft, Verbindung zu den Fachbereichen der Stadt.".into(),
            source_item_id: None,
        });
    }
    if stage >= 4 {
        if let Some(need) = m.needs.iter().find(|n| !answered.contains(&n.id)) {
            content.excluded_needs.push(Exclusion {
                id: format!("nicht-{}", need.id),
                need_id: need.id,
                reason: "Liegt in der Zuständigkeit eines Fachamts; wurde dorthin weitergegeben."
                    .into(),
            });
        }
    }
    content
}

/// The meeting items of `list` as programme items that remember where they came from.
fn taken_over(offers: &[MeetingOffer], list: &str, prefix: &str) -> Vec<TextItem> {
    offers
        .iter()
        .filter(|o| o.list == list)
        .take(4)
        .enumerate()
        .map(|(i, o)| TextItem {
            id: format!("{prefix}-{}", i + 1),
            text: o.text.clone(),
            source_item_id: Some(o.id.clone()),
        })
        .collect()
}
