//! Fictitious demo content for trying the app: one Projektbüro account, five coordinators, the
//! stakeholder directory, the Akteursgespräche of 2022, the needs and the Aktionsprogramme.
mod directory;
mod implementation;
mod meetings;
mod needs;
mod programmes;

use app::domain::password::NewPassword;
use app::domain::user::{CurrentUser, Role};
use app::error::AppError;
use app::server::db::Db;
use app::server::repo;
use app::server::services::users::{insert_account, NewUser};
use app::server::state::Config;

/// (name, e-mail, areas) of the five fictitious coordinators, covering all 15 areas.
const COORDINATORS: [(&str, &str, &[&str]); 5] = [
    (
        "Aylin Demir",
        "a.demir@stadt.example",
        &["hafen", "nordmarkt", "borsigplatz"],
    ),
    (
        "Jonas Wieczorek",
        "j.wieczorek@stadt.example",
        &["dorstfelder-bruecke", "dorstfeld", "marten"],
    ),
    (
        "Sabine Kowalski",
        "s.kowalski@stadt.example",
        &[
            "boevinghausen-westrich",
            "bodelschwingh-westerfilde",
            "nette",
        ],
    ),
    (
        "Murat Yıldız",
        "m.yildiz@stadt.example",
        &["eving-kemminghausen", "eving-lindenhorst", "hoerde"],
    ),
    (
        "Claudia Hoffmann",
        "c.hoffmann@stadt.example",
        &["scharnhorst-ost", "wambeler-heide", "meylantviertel"],
    ),
];

/// The demo accounts that act in the demo content.
pub(crate) struct Staff {
    office: CurrentUser,
    coordinators: Vec<CurrentUser>,
}

impl Staff {
    fn coordinator_of(&self, area_id: i64) -> Result<&CurrentUser, String> {
        self.coordinators
            .iter()
            .find(|c| c.area_ids.contains(&area_id))
            .ok_or_else(|| format!("Kein Demo-Konto betreut das Gebiet {area_id}."))
    }
}

pub(crate) fn fail(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// What the demo wrote: the accounts with their passwords and how much content.
pub struct DemoSummary {
    pub accounts: Vec<(String, String)>,
    /// The Projektbüro's second-factor secret, for an authenticator app (printed once).
    pub office_second_factor: String,
    pub organisations: usize,
    pub meetings: usize,
    pub needs: usize,
    pub programme_versions: usize,
    pub implementation_updates: usize,
    /// (what the example shows, its "Was ist aus meinem Bedarf geworden?" link).
    pub tracking_links: Vec<(&'static str, String)>,
}

/// One submission for each kind of trail, found among `keys`, with its link.
async fn tracking_examples(
    db: &Db,
    config: &Config,
    keys: &[String],
) -> Result<Vec<(&'static str, String)>, String> {
    use app::domain::implementation::ImplementationState;
    use app::domain::need_trail::{Decision, InProgramme};
    let mut found: Vec<(&'static str, String)> = Vec::new();
    for key in keys {
        let trail = app::server::services::need_trail::trail(db, key)
            .await
            .map_err(fail)?;
        let state = match &trail.programme {
            InProgramme::Answered { measures, .. } => measures
                .first()
                .map(|m| m.implementation.as_ref().map(|i| i.state)),
            _ => None,
        };
        let kind = match (&trail.decision, &trail.programme, state) {
            (Decision::Waiting, ..) => "noch nicht eingeordnet",
            (Decision::Rejected { .. }, ..) => "nicht aufgenommen, mit Begründung",
            (_, InProgramme::NotYet, _) => "angenommen, Programm noch nicht veröffentlicht",
            (_, InProgramme::NotNamed { .. }, _) => "angenommen, im Programm nicht genannt",
            (_, InProgramme::Excluded { .. }, _) => "im Programm begründet nicht aufgenommen",
            (_, InProgramme::InGoal { .. }, _) => "in ein Ziel des Programms aufgenommen",
            (Decision::Merged { .. }, _, Some(Some(ImplementationState::Running))) => {
                "zusammengefasst, Maßnahme in Umsetzung"
            }
            (_, _, Some(Some(ImplementationState::Done))) => "beantwortet, Maßnahme umgesetzt",
            (Decision::Accepted { .. }, _, Some(Some(ImplementationState::Running))) => {
                "angenommen, Maßnahme in Umsetzung"
            }
            _ => continue,
        };
        if found.iter().all(|(k, _)| *k != kind) {
            let url = format!(
                "{}{}",
                config.public_url,
                app::server::services::needs::tracking_path(key)
            );
            found.push((kind, url));
        }
    }
    Ok(found)
}

/// Fills an empty database: accounts, stakeholder directory, meetings with records, needs and
/// programmes; `scale` N gives N times as much (1: the demo for trying the app).
pub async fn fill(db: &Db, config: &Config, scale: usize) -> Result<DemoSummary, String> {
    let scale = scale.max(1);
    if scale > 1 {
        // Hundreds of thousands of small transactions: in WAL mode NORMAL still never corrupts
        // the file, it only skips waiting for the disk after each commit; the checkpoint at the
        // end writes everything out. The server itself always runs with FULL.
        sqlx::query("PRAGMA synchronous = NORMAL")
            .execute(&mut *db.writer().await.map_err(fail)?)
            .await
            .map_err(fail)?;
    }
    let (accounts, ids) = accounts(db).await?;
    // The Projektbüro needs a second factor; the demo gives it one to add to an app by hand.
    let office_second_factor = app::server::second_factor::new_secret();
    app::server::services::second_factor::enrol_with_secret(db, ids[0], &office_second_factor)
        .await
        .map_err(fail)?;
    let mut conn = db.read().await.map_err(fail)?;
    let mut users = Vec::new();
    for id in ids {
        users.push(
            repo::users::current_user(&mut conn, id)
                .await
                .map_err(fail)?
                .ok_or("Ein Demo-Konto fehlt.")?,
        );
    }
    drop(conn);
    let office = users.remove(0);
    let staff = Staff {
        office,
        coordinators: users,
    };
    let areas = app::server::services::areas::list(db).await.map_err(fail)?;
    let (directory, organisations) = directory::fill(db, &staff, &areas, scale).await?;
    let meetings = meetings::fill(db, config, &staff, &directory, scale).await?;
    let (needs, receipt_keys) = needs::fill(db, config, &staff, &areas, scale).await?;
    let programme_versions = programmes::fill(db, config, &staff, &directory, scale).await?;
    let implementation_updates =
        implementation::fill(db, &staff, app::server::db::now_unix()).await?;
    let tracking_links = tracking_examples(db, config, &receipt_keys).await?;
    // The Sachstandsbericht's outlook, as the Projektbüro might write it.
    let office = app::server::access::project_office(&staff.office).map_err(fail)?;
    app::server::services::status_report::save_outlook(
        db,
        &office,
        "2027 schreiben die Aktionsräume ihre Aktionsprogramme fort: Im Frühjahr finden die nächsten Akteursgespräche statt, im Sommer legen die Aktionsraumbeauftragten die neuen Fassungen vor.\n\nDas Projektbüro berichtet dem Ausschuss im Dezember 2027 wieder, dann auch über die Wirkung der umgesetzten Maßnahmen.",
        app::server::db::now_unix(),
    )
    .await
    .map_err(fail)?;
    barrier_reports(db, config, &office).await?;
    if scale > 1 {
        let mut writer = db.writer().await.map_err(fail)?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *writer)
            .await
            .map_err(fail)?;
        sqlx::query("PRAGMA synchronous = FULL")
            .execute(&mut *writer)
            .await
            .map_err(fail)?;
    }
    Ok(DemoSummary {
        accounts,
        office_second_factor,
        organisations,
        meetings,
        needs,
        programme_versions,
        implementation_updates,
        tracking_links,
    })
}

/// Three reported barriers: one answered, one in progress, one new and already overdue.
async fn barrier_reports(
    db: &Db,
    config: &app::server::state::Config,
    office: &app::server::access::ProjectOffice,
) -> Result<(), String> {
    use app::domain::accessibility::{FeedbackInput, FeedbackUpdateInput};
    use app::server::services::accessibility::{self, Sent};
    let fail = |e: app::error::AppError| e.to_string();
    let limiter =
        app::server::rate_limit::WindowLimiter::new(100, std::time::Duration::from_secs(60));
    let now = app::server::db::now_unix();
    let reports = [
        (50, "/gebiete/hafen/programm", "Die Tabelle mit den Kosten ist auf dem Handy abgeschnitten.", "Kim Yilmaz", "kim.yilmaz@example.org", Some(("beantwortet", "Danke für den Hinweis! Die Tabelle lässt sich jetzt seitlich verschieben, auch mit der Tastatur."))),
        (12, "/bedarf/nordstadt", "Mein Screenreader liest die Auswahl der Handlungsfelder zweimal vor.", "", "", Some(("in_bearbeitung", ""))),
        (40, "/termine", "Gibt es die Termine auch in Leichter Sprache?", "", "", None),
    ];
    for (days_ago, page, description, name, email, step) in reports {
        let at = now - days_ago * 86_400;
        let input = FeedbackInput {
            page: page.into(),
            description: description.into(),
            contact_name: name.into(),
            contact_email: email.into(),
            consent: !email.is_empty(),
        };
        let key = accessibility::form_key(config, at - 60);
        let sent = accessibility::submit(db, config, &limiter, None, &key, "", &input, at)
            .await
            .map_err(fail)?;
        let (Sent::Stored { key }, Some((state, answer))) = (sent, step) else {
            continue;
        };
        let receipt = accessibility::receipt(db, &key).await.map_err(fail)?;
        let id: i64 = receipt
            .reference
            .rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or("Die Nummer der Demo-Meldung fehlt.")?;
        let update = FeedbackUpdateInput {
            state: state.into(),
            answer: answer.into(),
        };
        accessibility::update(db, office, id, &update, at + 86_400 * 5)
            .await
            .map_err(fail)?;
    }
    Ok(())
}

/// The accounts, as (e-mail, password) and their ids, the Projektbüro first.
async fn accounts(db: &Db) -> Result<(Vec<(String, String)>, Vec<i64>), String> {
    if repo::users::count(&mut *db.read().await.map_err(|e| e.to_string())?)
        .await
        .map_err(|e| e.to_string())?
        > 0
    {
        return Err("Die Datenbank enthält schon Benutzerkonten. Demodaten werden nur in eine neue, leere Datenbank geschrieben.".into());
    }
    let mut accounts = vec![(
        "Petra Brandt",
        "p.brandt@stadt.example",
        Role::ProjectOffice,
        &[][..],
    )];
    accounts.extend(
        COORDINATORS
            .iter()
            .map(|(n, e, a)| (*n, *e, Role::Coordinator, *a)),
    );
    let mut printed = Vec::new();
    let mut ids = Vec::new();
    for (name, email, role, area_slugs) in accounts {
        let password = demo_password();
        let new_user = NewUser {
            name: name.to_owned(),
            email: app::domain::email::Email::parse(email).map_err(|e| e.to_string())?,
            role,
            password: Some(NewPassword::parse(&password, &password).map_err(|e| e.to_string())?),
        };
        let slugs: Vec<String> = area_slugs.iter().map(|s| (*s).to_owned()).collect();
        let mut conn = db.read().await.map_err(|e| e.to_string())?;
        let area_ids: Vec<i64> = repo::areas::ids_by_slugs(&mut conn, &slugs)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        drop(conn);
        let (id, _) = insert_account(db, "http://127.0.0.1:3000", new_user, &area_ids)
            .await
            .map_err(|e: AppError| e.to_string())?;
        ids.push(id);
        printed.push((email.to_owned(), password));
    }
    Ok((printed, ids))
}

fn demo_password() -> String {
    // 20 URL-safe random characters: about 120 bits.
    app::server::token::generate().chars().take(20).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::progress::YearProgress;
    use app::server::links::LinkKey;

    #[tokio::test]
    async fn demo_fills_directory_meetings_and_records_through_the_services() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = app::server::db::Db::open(&dir.path().join("demo.sqlite"))
            .await
            .expect("database");
        let config = Config {
            public_url: "http://127.0.0.1:3000".into(),
            link_key: LinkKey::load_or_create(&dir.path().join("key")).expect("key"),
            contact_retention_months: 12,
            yearly_budget_cents: app::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
            second_factor_for_coordinators: false,
            stale_after_months: app::domain::implementation::DEFAULT_STALE_MONTHS,
            mail_enabled: false,
        };
        let demo = fill(&db, &config, 1).await.expect("demo");
        assert_eq!(demo.accounts.len(), 6);
        assert!(
            (100..=140).contains(&demo.organisations),
            "{} organisations",
            demo.organisations
        );
        let count = |sql: &'static str| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&mut *db.read().await.expect("conn"))
                    .await
                    .expect(sql)
            }
        };
        assert!(count("SELECT count(*) FROM contacts").await > 90);
        assert_eq!(
            count("SELECT count(DISTINCT area_id) FROM meetings WHERE strftime('%Y', starts_at, 'unixepoch') = '2022'").await,
            15
        );
        assert_eq!(
            count("SELECT count(*) FROM meetings WHERE status = 'abgesagt'").await,
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM meetings WHERE status = 'verschoben'").await,
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM meetings WHERE status = 'durchgefuehrt'").await,
            12
        );
        assert_eq!(
            count("SELECT count(*) FROM meetings WHERE minutes_closed_at IS NOT NULL").await,
            10
        );
        assert!(count("SELECT count(*) FROM meeting_items WHERE list = 'bedarf'").await >= 12 * 6);
        assert!(count("SELECT count(*) FROM meeting_items WHERE list = 'potential'").await >= 24);
        assert!(count("SELECT count(*) FROM meeting_items WHERE list = 'anforderung'").await >= 24);
        assert!(count("SELECT count(*) FROM invitations WHERE reply IS NOT NULL").await > 100);
        assert!(count("SELECT count(*) FROM invitations WHERE attended = 1").await > 50);
        assert!(count("SELECT count(*) FROM walk_ins").await >= 24);
        assert_eq!(count("SELECT count(*) FROM minutes_addenda").await, 1);
        let upcoming = app::server::services::meetings::public_dates(&db, None)
            .await
            .expect("public");
        assert!(upcoming.len() >= 3);

        let office = {
            let mut conn = db.read().await.expect("conn");
            let id: i64 =
                sqlx::query_scalar("SELECT id FROM users WHERE role = 'projektbuero' LIMIT 1")
                    .fetch_one(&mut *conn)
                    .await
                    .expect("office");
            app::server::repo::users::current_user(&mut conn, id)
                .await
                .expect("query")
                .expect("user")
        };
        let progress = app::server::services::meetings::progress(&db, &office, 2022)
            .await
            .expect("progress");
        let with = |p| progress.iter().filter(|l| l.progress == p).count();
        assert_eq!(
            (
                with(YearProgress::Held),
                with(YearProgress::Planned),
                with(YearProgress::Missing)
            ),
            (12, 2, 1)
        );

        // About 2,000 needs in every moderation state, near-duplicates merged.
        let needs = count("SELECT count(*) FROM needs").await;
        assert!((1_900..=2_200).contains(&needs), "{needs} needs");
        assert_eq!(
            demo.needs as i64
                + count("SELECT count(*) FROM needs WHERE source = 'akteursgespraech'").await,
            needs
        );
        for status in ["neu", "angenommen", "abgelehnt", "zusammengefuehrt"] {
            let n: i64 = sqlx::query_scalar("SELECT count(*) FROM needs WHERE status = ?")
                .bind(status)
                .fetch_one(&mut *db.read().await.expect("conn"))
                .await
                .expect("status");
            assert!(n >= 30, "{status}: {n}");
        }
        assert!(count("SELECT max(supporters) FROM needs").await >= 3);
        assert!(count("SELECT count(*) FROM needs WHERE source = 'sondierung'").await >= 150);
        assert_eq!(
            count("SELECT count(*) FROM needs WHERE search_stems IS NULL").await,
            0
        );

        // Programmes for all 15 areas in every state; most with five or more versions.
        let states: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, count(*) FROM programmes GROUP BY state ORDER BY state")
                .fetch_all(&mut *db.read().await.expect("conn"))
                .await
                .expect("states");
        assert_eq!(states.iter().map(|(_, n)| n).sum::<i64>(), 15, "{states:?}");
        assert_eq!(states.len(), 5, "every state: {states:?}");
        assert!(
            count("SELECT count(*) FROM (SELECT programme_id FROM programme_versions GROUP BY programme_id HAVING count(*) >= 5)").await
                >= 8
        );
        assert_eq!(
            demo.programme_versions as i64,
            count("SELECT count(*) FROM programme_versions").await
        );
        assert!(
            count("SELECT count(*) FROM programme_steps WHERE step = 'zurueckgeben'").await >= 8
        );
        let published = app::server::services::programmes::open_data(&db, &config.public_url)
            .await
            .expect("open data");
        assert_eq!(published.len(), 6);
        let twice: Vec<(String, i64)> = sqlx::query_as(
            "SELECT a.slug, min(s.version) FROM programme_steps s
             JOIN programmes p ON p.id = s.programme_id JOIN areas a ON a.id = p.area_id
             WHERE s.step = 'veroeffentlichen' GROUP BY p.id HAVING count(*) = 2",
        )
        .fetch_all(&mut *db.read().await.expect("conn"))
        .await
        .expect("published twice");
        assert_eq!(twice.len(), 2);
        let (slug, first) = &twice[0];
        let old = app::server::services::programmes::published(&db, slug, Some(*first))
            .await
            .expect("the first published version stays reachable");
        assert!(old.current_version > *first);
        assert!(!old.content.potentials.is_empty() && !old.content.role.is_empty());
        assert!(old.budget.area_fund_warning().is_none());

        // Umsetzung: every state, every update kept, a few measures flagged as stale.
        let states: Vec<(String, i64)> = sqlx::query_as(
            "SELECT state, count(*) FROM implementation_updates WHERE id IN
             (SELECT max(id) FROM implementation_updates GROUP BY area_id, measure_id)
             GROUP BY state",
        )
        .fetch_all(&mut *db.read().await.expect("conn"))
        .await
        .expect("implementation states");
        assert_eq!(states.len(), 5, "every state: {states:?}");
        assert_eq!(
            demo.implementation_updates as i64,
            count("SELECT count(*) FROM implementation_updates").await
        );
        let stale = app::server::services::implementation::stale(
            &db,
            None,
            app::server::db::now_unix(),
            app::domain::implementation::DEFAULT_STALE_MONTHS,
        )
        .await
        .expect("stale");
        assert!(!stale.is_empty(), "some measures are stale");
        let city = app::server::services::implementation::all_measures(&db)
            .await
            .expect("all measures");
        assert!(
            stale.len() * 3 < city.len(),
            "a few, not most: {} of {}",
            stale.len(),
            city.len()
        );
        assert!(city.iter().any(|m| m
            .implementation
            .as_ref()
            .is_some_and(|i| i.spent_cents[0] > 0)));

        // The Projektbüro's overview adds up what the demo holds.
        let proof = app::server::access::project_office(&office).expect("office");
        let all = app::server::services::office_overview::overview(&db, &proof, None, 1)
            .await
            .expect("overview");
        assert_eq!(all.areas.len(), 15);
        assert_eq!(all.districts.len(), 8, "{:?}", all.districts);
        assert_eq!(
            all.measures().iter().sum::<i64>() as usize,
            city.len(),
            "every published measure counted once"
        );
        let (held, planned) = all.meetings();
        assert_eq!(held + planned, count("SELECT count(*) FROM meetings WHERE kind = 'akteursgespraech' AND status IN ('durchgefuehrt', 'geplant')").await);
        let needs = all.needs();
        assert_eq!(
            needs.iter().map(|f| f[0] + f[1]).sum::<i64>(),
            count("SELECT count(*) FROM needs WHERE status IN ('neu', 'angenommen')").await
        );
        assert!(
            needs.iter().all(|f| f[2] <= f[1]),
            "taken up ⊆ accepted: {needs:?}"
        );
        assert!(needs.iter().any(|f| f[2] > 0));
        assert_eq!(all.spent(), {
            let mut planned = [0; 3];
            let mut spent = [0; 3];
            for m in &city {
                m.add_money_to(&mut planned, &mut spent);
            }
            spent
        });
        assert!(all.areas.iter().all(|a| !a.programme_state.is_empty()));

        // Worked back from the records to an instant after everything, the figures are today's:
        // the moderation steps, workflow steps and updates agree with the current state.
        let overview_at = |until: i64| {
            let (db, proof) = (&db, &proof);
            async move {
                app::server::services::office_overview::overview_at(db, proof, None, 1, Some(until))
                    .await
                    .expect("overview at")
            }
        };
        let later = overview_at(i64::MAX - 1).await;
        assert_eq!(later.areas, all.areas);
        // Before the first programme was published (autumn 2022): fewer needs and meetings,
        // nothing published, no measures.
        let first_published: i64 =
            count("SELECT min(at) FROM programme_steps WHERE step = 'veroeffentlichen'").await;
        let before = overview_at(first_published - 1).await;
        assert!(before.areas.iter().all(|a| a.published_version.is_none()));
        assert_eq!(before.measures(), [0; 5]);
        assert!(
            before.needs().iter().all(|f| f[2] == 0),
            "nothing answered yet"
        );
        let total = |o: &app::domain::office_overview::OfficeOverview| {
            o.needs().iter().map(|f| f[0] + f[1]).sum::<i64>()
        };
        assert!(0 < total(&before) && total(&before) < total(&all));
        assert!(0 < before.meetings().0 && before.meetings().0 <= all.meetings().0);
        // Meetings count by their dates, though the demo entered them all today.
        let first_held: i64 = count(
            "SELECT min(starts_at) FROM meetings
             WHERE kind = 'akteursgespraech' AND status = 'durchgefuehrt'",
        )
        .await;
        assert_eq!(overview_at(first_held - 1).await.meetings().0, 0);
        assert!(overview_at(first_held).await.meetings().0 >= 1);
        let after = overview_at(first_published).await;
        assert_eq!(
            after
                .areas
                .iter()
                .filter(|a| a.published_version.is_some())
                .count(),
            1,
            "the first publication"
        );
        let north = app::server::services::office_overview::overview(
            &db,
            &proof,
            Some("Innenstadt-Nord"),
            1,
        )
        .await
        .expect("one district");
        assert_eq!(north.district.as_deref(), Some("Innenstadt-Nord"));
        assert!(north.areas.iter().all(|a| a.district == "Innenstadt-Nord"));
        assert!(!north.areas.is_empty() && north.areas.len() < 15);
        let unknown =
            app::server::services::office_overview::overview(&db, &proof, Some("Atlantis"), 1)
                .await
                .expect("unknown district");
        assert_eq!(
            (unknown.district, unknown.areas.len()),
            (None, 15),
            "an unknown district means all"
        );

        // Tracking links for trying: several kinds, each a working page.
        assert!(demo.tracking_links.len() >= 5, "{:?}", demo.tracking_links);

        // A second run refuses to touch a database with accounts.
        assert!(fill(&db, &config, 1).await.is_err());
    }
}
