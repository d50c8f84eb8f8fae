//! How fast the needs catalogue answers at 100,000 needs: first and deep pages in every order,
//! filters, full-text search, duplicate suggestions and the CSV export. Prints figures; run with
//! `cargo bench -p app --features ssr --bench catalogue` (optionally `-- 250000` needs).
use app::domain::catalogue::{CatalogueFilter, CatalogueSort, NeedSource, NeedStatus};
use app::domain::field_of_action::FieldOfAction;
use app::domain::need::reference;
use app::domain::user::{CurrentUser, Role};
use app::server::db;
use app::server::db::Db;
use app::server::repo::catalogue::{insert, NewNeed};
use app::server::search::need_stems;
use app::server::services::catalogue;
use std::time::{Duration, Instant};

const WHAT: &[&str] = &[
    "Kita-Plätze",
    "Hausaufgabenhilfe",
    "Sprachkurs",
    "Treffpunkt",
    "Beratung",
    "Spielplatz",
    "Ausbildungsplätze",
    "Sprechstunde",
    "Familienzentrum",
    "Mittagstisch",
    "Nachbarschaftscafé",
    "Schuldnerberatung",
    "Bewerbungstraining",
    "Jugendtreff",
    "Sportangebot",
    "Lernpaten",
];
const FOR_WHOM: &[&str] = &[
    "für Alleinerziehende",
    "für Jugendliche",
    "für Ältere",
    "für neu Zugewanderte",
    "für Familien",
    "für Langzeitarbeitslose",
    "für Grundschulkinder",
    "im Quartier",
];
const DETAIL: &[&str] = &[
    "Viele Familien finden keinen Platz und warten monatelang.",
    "Der Weg in die Innenstadt ist für viele zu weit und zu teuer.",
    "Es fehlt ein Ort ohne Verzehrzwang, an dem man sich treffen kann.",
    "Die Häuser sind feucht, die Mieten steigen, Beratung gibt es kaum.",
    "Abends ist nichts los; die Jugendlichen stehen an der Haltestelle.",
];

/// A small deterministic generator: the same data on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

async fn fill(db: &Db, count: i64) {
    let mut rng = Lcg(42);
    let mut tx = db.write().await.expect("tx");
    let statuses = [
        NeedStatus::Accepted,
        NeedStatus::Accepted,
        NeedStatus::Accepted,
        NeedStatus::New,
        NeedStatus::Rejected,
    ];
    // Meeting and form needs point at their meeting item or submission; the bench keeps to the
    // two kinds without (the catalogue's queries do not join the sources).
    let sources = [NeedSource::Exploration, NeedSource::Manual];
    for i in 0..count {
        let title = format!(
            "{} {}",
            WHAT[rng.next(WHAT.len())],
            FOR_WHOM[rng.next(FOR_WHOM.len())]
        );
        let description = DETAIL[rng.next(DETAIL.len())];
        insert(
            &mut tx,
            &NewNeed {
                reference: &reference(2022, i + 1),
                area_id: 1 + rng.next(15) as i64,
                field: FieldOfAction::ALL[rng.next(3)],
                title: &title,
                description,
                organisation: "",
                source: sources[rng.next(sources.len())],
                submission_id: None,
                meeting_item_id: None,
                status: statuses[rng.next(statuses.len())],
                noted_at: 1_640_000_000 + rng.next(30_000_000) as i64,
                created_by: None,
                stems: &need_stems(&title, description, ""),
            },
            1_660_000_000,
        )
        .await
        .expect("insert");
    }
    tx.commit().await.expect("commit");
    let mut tx = db.write().await.expect("writer");
    sqlx::query("ANALYZE")
        .execute(&mut *tx)
        .await
        .expect("analyze");
    tx.commit().await.expect("commit");
}

/// Median and worst of `runs` timings of `f`.
async fn measure<F, Fut>(runs: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1])
}

fn user(role: Role, area_ids: Vec<i64>) -> CurrentUser {
    CurrentUser {
        id: 1,
        name: "Bench".into(),
        email: "bench@stadt.example".into(),
        role,
        area_ids,
    }
}

#[tokio::main]
async fn main() {
    let count: i64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("dir");
    let db = db::Db::open(&dir.path().join("bench.sqlite"))
        .await
        .expect("db");
    let start = Instant::now();
    fill(&db, count).await;
    println!(
        "{count} needs written and indexed in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let office = user(Role::ProjectOffice, vec![]);
    let coordinator = user(Role::Coordinator, vec![3, 7, 11]);
    // An id deep in each order: the 1,000th page's start.
    let mut cases: Vec<(String, CurrentUser, CatalogueFilter)> = Vec::new();
    for sort in CatalogueSort::ALL {
        let filter = CatalogueFilter {
            sort,
            ..CatalogueFilter::default()
        };
        cases.push((
            format!("first page, {sort:?}"),
            office.clone(),
            filter.clone(),
        ));
        let mut deep = filter.clone();
        for _ in 0..(count / catalogue::PAGE_SIZE / 2) {
            let page = catalogue::catalogue(&db, &office, &deep)
                .await
                .expect("page");
            match page.next_after {
                Some(after) => deep.after = Some(after),
                None => break,
            }
        }
        cases.push((format!("middle page, {sort:?}"), office.clone(), deep));
    }
    let pairs = |p: &[(&str, &str)]| CatalogueFilter::from_pairs(p.iter().copied());
    cases.push((
        "coordinator, own 3 areas".into(),
        coordinator.clone(),
        pairs(&[]),
    ));
    cases.push((
        "area + HF + status + source".into(),
        office.clone(),
        pairs(&[
            ("gebiet", "nordmarkt"),
            ("hf", "2"),
            ("status", "angenommen"),
            ("quelle", "sondierung"),
        ]),
    ));
    cases.push((
        "search \"Kita\" (common)".into(),
        office.clone(),
        pairs(&[("q", "Kita")]),
    ));
    cases.push((
        "search \"Häuser Beratung\" by title".into(),
        office.clone(),
        pairs(&[("q", "Häuser Beratung"), ("sortierung", "titel")]),
    ));
    cases.push((
        "search, no hit".into(),
        office.clone(),
        pairs(&[("q", "Raumstation")]),
    ));

    println!(
        "{:<42} {:>10} {:>10} {:>8}",
        "catalogue page (50 needs + count)", "median", "worst", "found"
    );
    for (label, actor, filter) in &cases {
        let found = catalogue::catalogue(&db, actor, filter)
            .await
            .expect("page")
            .total;
        let (median, worst) = measure(21, || async {
            catalogue::catalogue(&db, actor, filter)
                .await
                .expect("page");
        })
        .await;
        println!(
            "{label:<42} {:>8.2}ms {:>8.2}ms {found:>8}",
            median.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3
        );
    }

    let new_need: i64 = sqlx::query_scalar("SELECT id FROM needs WHERE status = 'neu' LIMIT 1")
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("a new need");
    let need = app::server::access::need_of(&db, &office, new_need)
        .await
        .expect("the office may see it");
    let (median, worst) = measure(11, || async {
        catalogue::detail(&db, &need, false).await.expect("detail");
    })
    .await;
    println!(
        "{:<42} {:>8.2}ms {:>8.2}ms",
        "need page with duplicate suggestions",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );

    let start = Instant::now();
    let rows = catalogue::export_rows(&db, &office, &CatalogueFilter::default())
        .await
        .expect("rows");
    let csv = app::server::export::csv(&rows, "http://localhost").expect("csv");
    println!(
        "CSV export of all {} needs: {:.0} ms, {:.1} MB",
        rows.len(),
        start.elapsed().as_secs_f64() * 1e3,
        csv.len() as f64 / 1e6
    );
}
