//! Demo needs: about 2,000 needs over all areas, sent through the public form in 2022 (many
//! saying the same thing in other words), notes from the 2021 Sondierungsgespräche, and their
//! moderation: accepted (some with a better title), merged into an earlier one, rejected, new.
use super::{fail, Staff};
use app::domain::area::Area;
use app::domain::catalogue::{AcceptInput, ManualNeedInput};
use app::domain::need::SubmissionInput;
use app::server::access;
use app::server::db::Db;
use app::server::rate_limit::WindowLimiter;
use app::server::services::{catalogue, needs};
use app::server::state::Config;
use std::collections::HashMap;
use std::time::Duration;

/// A need as stakeholders put it: Handlungsfeld, ways of saying it (the first is the title the
/// coordinators settle on), descriptions.
struct Theme {
    field: u8,
    titles: &'static [&'static str],
    descriptions: &'static [&'static str],
}

const THEMES: &[Theme] = &[
    Theme { field: 1, titles: &["Sprechstunde für Arbeit und Ausbildung im Stadtteil", "Jobberatung direkt im Quartier", "Beratung zur Arbeitssuche vor Ort"], descriptions: &["Der Weg zum Jobcenter in der Innenstadt ist für viele zu weit.", "Viele trauen sich nicht in große Ämter; eine offene Sprechstunde im Stadtteilzentrum würde helfen."] },
    Theme { field: 1, titles: &["Sprachkurse mit Kinderbetreuung", "Deutschkurs für Mütter mit Kinderbetreuung", "Sprachkurs, bei dem die Kinder betreut werden"], descriptions: &["Ohne Betreuung können Mütter mit kleinen Kindern nicht teilnehmen.", "Die Kurse sind morgens, wenn die Kleinen keinen Kita-Platz haben."] },
    Theme { field: 1, titles: &["Anerkennung ausländischer Berufsabschlüsse", "Hilfe bei der Anerkennung von Abschlüssen", "Beratung zur Anerkennung des Berufsabschlusses"], descriptions: &["Pflegekräfte und Handwerker arbeiten weit unter ihrer Qualifikation.", "Die Unterlagen und Übersetzungen sind teuer und kompliziert."] },
    Theme { field: 1, titles: &["Praktikumsplätze bei Betrieben im Stadtteil", "Mehr Praktika in örtlichen Betrieben", "Betriebe aus dem Viertel für Praktika gewinnen"], descriptions: &["Jugendliche finden ohne Kontakte keine Praktikumsstelle.", "Die Betriebe kennen die Schulen im Quartier kaum."] },
    Theme { field: 1, titles: &["Digitale Grundkenntnisse für die Jobsuche", "Computerkurs für Bewerbungen", "Hilfe bei Online-Bewerbungen"], descriptions: &["Bewerbungen laufen fast nur noch online.", "Viele haben nur ein Handy und keinen Drucker."] },
    Theme { field: 1, titles: &["Qualifizierung für Langzeitarbeitslose", "Weiterbildung für Menschen ohne Arbeit seit Jahren", "Beschäftigungsprojekte im Quartier"], descriptions: &["Zum Beispiel in der Pflege oder im Garten- und Landschaftsbau.", "Ein fester Tagesablauf und ein kleiner Verdienst würden vielen helfen."] },
    Theme { field: 2, titles: &["Mehr Kita-Plätze", "Kitaplätze fehlen im Viertel", "Zu wenige Plätze in den Kitas"], descriptions: &["Auf der Warteliste stehen über 40 Kinder.", "Familien finden keinen Platz und können deshalb nicht arbeiten."] },
    Theme { field: 2, titles: &["Hausaufgabenhilfe für Grundschulkinder", "Hausaufgabenbetreuung nach der Schule", "Lernhilfe für Kinder in der Grundschule"], descriptions: &["Viele Eltern können bei den Hausaufgaben nicht helfen.", "Ein ruhiger Ort mit Hilfe am Nachmittag fehlt."] },
    Theme { field: 2, titles: &["Familienzentrum mit offenem Treff", "Offener Treff für Familien", "Ort für Eltern mit kleinen Kindern"], descriptions: &["Junge Eltern sind oft allein und kennen niemanden.", "Ein Elterncafé mit Beratung würde viele erreichen."] },
    Theme { field: 2, titles: &["Kostenloses Mittagessen für Schulkinder", "Mittagstisch für Kinder", "Warmes Essen für Kinder nach der Schule"], descriptions: &["Manche Kinder kommen ohne Frühstück und essen mittags nichts.", "Das Geld reicht am Monatsende nicht für warme Mahlzeiten."] },
    Theme { field: 2, titles: &["Spielplatz sanieren", "Spielplatz ist kaputt", "Sicherer Spielplatz für kleine Kinder"], descriptions: &["Die Geräte sind seit Monaten gesperrt.", "Auf dem Spielplatz liegen Scherben; Eltern gehen nicht mehr hin."] },
    Theme { field: 2, titles: &["Schwimmkurse für Kinder", "Kinder lernen nicht mehr schwimmen", "Seepferdchen-Kurse im Stadtteil"], descriptions: &["Die Wartelisten im Bad sind lang und die Kurse teuer.", "Viele Kinder in der dritten Klasse können nicht schwimmen."] },
    Theme { field: 2, titles: &["Beratung für Alleinerziehende", "Unterstützung für alleinerziehende Mütter", "Anlaufstelle für Alleinerziehende"], descriptions: &["Anträge, Unterhalt, Kinderbetreuung: Alleinerziehende wissen oft nicht, wo sie Hilfe bekommen.", "Eine Sprechstunde am späten Nachmittag wäre gut."] },
    Theme { field: 3, titles: &["Nachbarschaftscafé ohne Verzehrzwang", "Treffpunkt für Nachbarn", "Café als Begegnungsort im Quartier"], descriptions: &["Seit die Gaststätte zu hat, gibt es keinen Ort, an dem man sich trifft.", "Ältere Menschen sitzen allein in ihren Wohnungen."] },
    Theme { field: 3, titles: &["Jugendtreff am Abend", "Angebote für Jugendliche abends", "Offener Jugendtreff auch am Wochenende"], descriptions: &["Abends stehen die Jugendlichen an der Haltestelle, weil es keinen Raum gibt.", "Das Jugendzentrum schließt um 18 Uhr."] },
    Theme { field: 3, titles: &["Sauberkeit im Park", "Müll im Park und auf den Wegen", "Mehr Mülleimer und Reinigung im Park"], descriptions: &["Der Park ist vermüllt; Familien meiden ihn.", "Nach dem Wochenende liegt überall Müll."] },
    Theme { field: 3, titles: &["Sprachmittlung bei Behördengängen", "Dolmetscher für Termine bei Ämtern", "Begleitung zu Ämtern mit Übersetzung"], descriptions: &["Kinder übersetzen für ihre Eltern beim Amt; das überfordert sie.", "Briefe vom Amt versteht man ohne Hilfe nicht."] },
    Theme { field: 3, titles: &["Seniorentreff im Quartier", "Angebote für ältere Menschen", "Treffpunkt für Senioren"], descriptions: &["Viele Ältere kommen kaum noch aus dem Haus.", "Ein Mittagstisch mit Gesprächen würde Einsamkeit lindern."] },
    Theme { field: 3, titles: &["Mehr Beleuchtung auf dem Schulweg", "Dunkle Wege zur Schule", "Licht im Durchgang zur Grundschule"], descriptions: &["Im Winter ist der Weg morgens stockdunkel.", "Eltern lassen ihre Kinder nicht allein gehen."] },
    Theme { field: 3, titles: &["Sportangebote für Mädchen", "Sport nur für Mädchen", "Mädchenfußball im Stadtteil"], descriptions: &["Viele Mädchen dürfen in gemischte Gruppen nicht mit.", "Es gibt kaum Vereinsangebote für Mädchen."] },
];

/// Submissions that do not belong in the programme, with the coordinators' reason.
const OFF_TOPIC: &[(&str, &str, &str)] = &[
    (
        "Mehr Parkplätze für Pendler",
        "Autos parken die Straße zu.",
        "Kein Thema des Aktionsplans; an das Tiefbauamt weitergegeben.",
    ),
    (
        "Werbung: Nachhilfe-Institut sucht Kunden",
        "Wir bieten Nachhilfe ab 25 Euro.",
        "Werbung, kein Bedarf aus dem Quartier.",
    ),
    (
        "Straßenlaterne defekt",
        "Die Laterne vor Hausnummer 12 ist aus.",
        "An die Stadtbeleuchtung weitergegeben; kein Thema des Aktionsplans.",
    ),
];

const PLACES: &[&str] = &[
    "",
    "",
    "",
    " am Marktplatz",
    " in der Siedlung",
    " rund um die Grundschule",
    " an der Hauptstraße",
];
const ORGANISATIONS: &[&str] = &[
    "",
    "",
    "",
    "Kita Sonnenblume",
    "Grundschule am Park",
    "Quartiersbüro",
    "Moscheegemeinde",
    "Sportverein 09",
    "Mieterinitiative",
    "Seniorenbüro",
];

/// A small deterministic generator: the same demo on every run.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Submissions per area, and Sondierung notes per area.
const PER_AREA: usize = 120;
const EXPLORATION_PER_AREA: usize = 12;
/// 1 March 2022 and the 245 days after it.
const SPRING_2022: i64 = 1_646_118_000;

struct Limits(WindowLimiter, WindowLimiter);

/// How many needs were written, and the receipt keys of some submissions (the first and the
/// last few of each area), to find examples of every kind of trail.
pub async fn fill(
    db: &Db,
    config: &Config,
    staff: &Staff,
    areas: &[Area],
    scale: usize,
) -> Result<(usize, Vec<String>), String> {
    let limits = Limits(
        WindowLimiter::new(usize::MAX, Duration::from_secs(1)),
        WindowLimiter::new(usize::MAX, Duration::from_secs(1)),
    );
    let mut rng = Lcg(2022);
    let mut count = 0;
    let mut keys = Vec::new();
    // At scale 1 the spring and summer of 2022; larger fills reach into the years after it.
    let total = PER_AREA * scale;
    let span_days: i64 = if scale > 1 { 1_700 } else { 245 };
    for area in areas.iter().filter(|a| a.retired_on.is_none()) {
        let coordinator = staff.coordinator_of(area.id)?;
        for _ in 0..scale {
            count += exploration_notes(db, coordinator, area, &mut rng).await?;
        }
        // Theme → the accepted need that later mentions are merged into (a new one every
        // PER_AREA submissions: needs said again years later are new needs).
        let mut accepted: HashMap<usize, i64> = HashMap::new();
        for n in 0..total {
            if n % PER_AREA == 0 {
                accepted.clear();
            }
            let sent_at = SPRING_2022
                + (n as i64 * span_days * 86_400 / total as i64)
                + rng.below(36_000) as i64;
            let off_topic = rng.below(40) == 0;
            let theme_index = rng.below(THEMES.len());
            let theme = &THEMES[theme_index];
            let (title, description, field) = if off_topic {
                let (t, d, _) = OFF_TOPIC[rng.below(OFF_TOPIC.len())];
                (t.to_owned(), d.to_owned(), 1 + rng.below(3) as u8)
            } else {
                let variant = theme.titles[rng.below(theme.titles.len())];
                (
                    format!("{variant}{}", PLACES[rng.below(PLACES.len())]),
                    theme.descriptions[rng.below(theme.descriptions.len())].to_owned(),
                    theme.field,
                )
            };
            // Every seventh asks for e-mail updates (at example.org, in the form's languages).
            let asks = n % 7 == 3;
            let input = SubmissionInput {
                field: field.to_string(),
                title,
                description,
                organisation: ORGANISATIONS[rng.below(ORGANISATIONS.len())].to_owned(),
                contact_email: if asks {
                    format!("melder.{}.{n}@example.org", area.slug)
                } else {
                    String::new()
                },
                updates: asks.then(|| "ja".to_owned()),
                language: ["de", "tr", "de", "ar", "en"][n % 5].to_owned(),
                ..SubmissionInput::default()
            };
            let (id, key) = submit(db, config, &limits, area, &input, sent_at).await?;
            if n < 20 || n >= total - 3 {
                keys.push(key);
            }
            count += 1;
            let decided_at = sent_at + 3 * 86_400;
            if off_topic {
                let reason = OFF_TOPIC
                    .iter()
                    .find(|(t, _, _)| *t == input.title)
                    .map(|(_, _, r)| *r)
                    .unwrap_or("Kein Bedarf im Sinne des Aktionsplans.");
                let need = access::need_of(db, coordinator, id).await.map_err(fail)?;
                catalogue::reject(db, &need, reason, decided_at)
                    .await
                    .map_err(fail)?;
                continue;
            }
            // The newest (a fifth of the demo's) wait for moderation.
            if n >= total - PER_AREA / 5 {
                continue;
            }
            match accepted.get(&theme_index) {
                Some(&target) if rng.below(10) < 8 => {
                    let need = access::need_of(db, coordinator, id).await.map_err(fail)?;
                    catalogue::merge(db, &need, target, decided_at)
                        .await
                        .map_err(fail)?;
                }
                _ => {
                    // Accepted under the coordinators' wording of the theme.
                    let accept = AcceptInput {
                        field: theme.field.to_string(),
                        title: theme.titles[0].to_owned(),
                    };
                    let need = access::need_of(db, coordinator, id).await.map_err(fail)?;
                    catalogue::accept(db, &need, &accept, decided_at)
                        .await
                        .map_err(fail)?;
                    accepted.entry(theme_index).or_insert(id);
                }
            }
        }
    }
    Ok((count, keys))
}

/// Sends the form; returns the need's id and the receipt key.
async fn submit(
    db: &Db,
    config: &Config,
    limits: &Limits,
    area: &Area,
    input: &SubmissionInput,
    sent_at: i64,
) -> Result<(i64, String), String> {
    let (_, key) = needs::form(db, config, &area.slug, sent_at - 240)
        .await
        .map_err(fail)?;
    let limits = needs::SubmitLimits {
        per_ip: &limits.0,
        per_area: &limits.1,
    };
    let sent = needs::submit(
        db, config, limits, None, &area.slug, &key, "", input, sent_at,
    )
    .await
    .map_err(fail)?;
    let needs::Submitted::Stored { key: receipt_key } = sent else {
        return Err("Eine Demo-Meldung wurde nicht gespeichert.".into());
    };
    let id = sqlx::query_scalar("SELECT id FROM needs WHERE area_id = ? ORDER BY id DESC LIMIT 1")
        .bind(area.id)
        .fetch_one(&mut *db.read().await.map_err(fail)?)
        .await
        .map_err(fail)?;
    Ok((id, receipt_key))
}

/// What the Sondierungsgespräche of autumn 2021 noted, typed in by the coordinator.
async fn exploration_notes(
    db: &Db,
    coordinator: &app::domain::user::CurrentUser,
    area: &Area,
    rng: &mut Lcg,
) -> Result<usize, String> {
    for n in 0..EXPLORATION_PER_AREA {
        let theme = &THEMES[rng.below(THEMES.len())];
        let input = ManualNeedInput {
            area: area.slug.clone(),
            field: theme.field.to_string(),
            source: "sondierung".into(),
            title: theme.titles[rng.below(theme.titles.len())].to_owned(),
            description: theme.descriptions[0].to_owned(),
            organisation: ORGANISATIONS[rng.below(ORGANISATIONS.len())].to_owned(),
            noted_on: format!("{:02}.11.2021", 2 + n * 2),
        };
        let staff = access::area_of(db, coordinator, &input.area)
            .await
            .map_err(fail)?;
        catalogue::add_manual(db, &staff, &input, SPRING_2022)
            .await
            .map_err(fail)?;
    }
    Ok(EXPLORATION_PER_AREA)
}
