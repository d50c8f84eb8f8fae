//! Demo Umsetzung: the measures of the published programmes with update histories in every
//! state, milestones and some spending, written through the same service as the form; a few
//! measures are left without an update for long enough to be flagged.
use super::{fail, Staff};
use app::domain::format::euro_input;
use app::domain::implementation::ImplementationInput;
use app::domain::programme::Measure;
use app::domain::schedule::to_local;
use app::server::access;
use app::server::db::Db;
use app::server::services::implementation;

const DAY: i64 = 86_400;

/// What happens to a measure, by its place in the area's programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Started a year ago, updated recently.
    Running,
    /// Carried out and finished.
    Done,
    /// Still ahead, with its first milestones set.
    Planned,
    /// Started, then nobody updated it for eight months: flagged.
    Forgotten,
    /// Put off until rooms are found.
    Deferred,
    /// Not carried out: somebody else offers it now.
    Dropped,
    /// Nothing recorded since publication: flagged.
    Untouched,
}

const STORIES: [Story; 9] = [
    Story::Running,
    Story::Done,
    Story::Planned,
    Story::Running,
    Story::Forgotten,
    Story::Deferred,
    Story::Done,
    Story::Untouched,
    Story::Dropped,
];

fn day(at: i64) -> String {
    to_local(at).date().format("%d.%m.%Y").to_string()
}

/// A share of the planned money, as typed in the form.
fn share(cents: i64, percent: i64) -> String {
    euro_input(cents * percent / 100)
}

/// The updates of one story: (when, what was typed).
fn updates(story: Story, measure: &Measure, now: i64) -> Vec<(i64, ImplementationInput)> {
    let started = now - 420 * DAY;
    let milestones = |done: usize| {
        [
            (started + 10 * DAY, "Auftakt mit den Partnern"),
            (started + 120 * DAY, "Erste Gruppe gestartet"),
            (now + 60 * DAY, "Zwischenbilanz im Stadtteilforum"),
            (now + 200 * DAY, "Abschlussfest"),
        ]
        .into_iter()
        .enumerate()
        .map(|(n, (at, title))| (day(at), title.to_owned(), n < done))
        .collect::<Vec<_>>()
    };
    let input = |state: &str, progress: u8, spent_percent: i64, done: usize, note: &str| {
        ImplementationInput {
            state: state.into(),
            progress: progress.to_string(),
            started_on: if state == "geplant" {
                String::new()
            } else {
                day(started)
            },
            spent_project_funds: share(measure.project_funds_cents, spent_percent),
            spent_area_fund: share(measure.area_fund_cents, spent_percent),
            spent_third_party: share(measure.third_party_cents, spent_percent),
            milestones: milestones(done),
            note: note.into(),
            ..ImplementationInput::default()
        }
    };
    match story {
        Story::Running => vec![
            (
                started + 12 * DAY,
                input("in-umsetzung", 15, 10, 1, "Auftakt war gut besucht."),
            ),
            (
                now - 40 * DAY,
                input(
                    "in-umsetzung",
                    55,
                    45,
                    2,
                    "Die erste Gruppe läuft, eine zweite ist in Planung.",
                ),
            ),
        ],
        Story::Done => {
            let mut finished = input("umgesetzt", 100, 95, 4, "Abgeschlossen und abgerechnet.");
            finished.ended_on = day(now - 150 * DAY);
            finished.milestones = finished
                .milestones
                .into_iter()
                .take(2)
                .map(|(date, title, _)| (date, title, true))
                .collect();
            vec![
                (
                    started + 12 * DAY,
                    input("in-umsetzung", 30, 20, 1, "Gestartet."),
                ),
                (now - 140 * DAY, finished),
            ]
        }
        Story::Planned => {
            let mut planned = input("geplant", 0, 0, 0, "Träger gefunden, Start im Frühjahr.");
            planned.milestones.drain(..2);
            vec![(now - 30 * DAY, planned)]
        }
        Story::Forgotten => vec![(
            now - 250 * DAY,
            input("in-umsetzung", 35, 25, 1, "Läuft, Teilnahme schwankt."),
        )],
        Story::Deferred => {
            let mut deferred = input(
                "zurueckgestellt",
                10,
                5,
                1,
                "Zurückgestellt bis Räume da sind.",
            );
            deferred.reason =
                "Der Träger sucht noch geeignete Räume im Quartier; Start frühestens im nächsten Jahr."
                    .into();
            vec![(now - 90 * DAY, deferred)]
        }
        Story::Dropped => {
            let mut dropped = input("entfallen", 0, 0, 0, "Entfällt, Angebot gibt es schon.");
            dropped.reason = "Ein vergleichbares Angebot der Familienbildungsstätte deckt den Bedarf inzwischen ab; die Mittel bleiben im Gebiet."
                .into();
            dropped.started_on = String::new();
            dropped.milestones.clear();
            vec![(now - 300 * DAY, dropped)]
        }
        Story::Untouched => vec![],
    }
}

/// Writes the demo updates for every published measure; returns how many.
pub async fn fill(db: &Db, staff: &Staff, now: i64) -> Result<usize, String> {
    let mut written = 0;
    let published = implementation::published_everywhere(db)
        .await
        .map_err(fail)?;
    for area in published {
        let coordinator = staff.coordinator_of(area.area_id)?;
        for (n, measure) in area.content.measures.iter().enumerate() {
            let story = STORIES[(n + area.area_id as usize) % STORIES.len()];
            // The Projektbüro records the endings it decided itself.
            let who = if story == Story::Dropped {
                &staff.office
            } else {
                coordinator
            };
            let proof = access::measure_of(db, who, &area.slug, &measure.id)
                .await
                .map_err(fail)?;
            for (at, input) in updates(story, measure, now) {
                implementation::update(db, &proof, &input, at)
                    .await
                    .map_err(|e| format!("{}: {e:?}", measure.title))?;
                written += 1;
            }
        }
    }
    Ok(written)
}
