//! Fictitious demo content for trying the app: one Projektbüro account and five coordinators.
use app::domain::password::NewPassword;
use app::domain::user::Role;
use app::error::AppError;
use app::server::repo;
use app::server::services::users::{insert_account, NewUser};
use sqlx::SqlitePool;

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

/// Fills an empty database and returns (e-mail, password) of every demo account.
pub async fn fill(pool: &SqlitePool) -> Result<Vec<(String, String)>, String> {
    if repo::users::count(pool).await.map_err(|e| e.to_string())? > 0 {
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
    for (name, email, role, area_slugs) in accounts {
        let password = demo_password();
        let new_user = NewUser {
            name: name.to_owned(),
            email: app::domain::email::Email::parse(email).map_err(|e| e.to_string())?,
            role,
            password: Some(NewPassword::parse(&password, &password).map_err(|e| e.to_string())?),
        };
        let slugs: Vec<String> = area_slugs.iter().map(|s| (*s).to_owned()).collect();
        let mut conn = pool.acquire().await.map_err(|e| e.to_string())?;
        let ids: Vec<i64> = repo::areas::ids_by_slugs(&mut conn, &slugs)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        drop(conn);
        insert_account(pool, "http://127.0.0.1:3000", new_user, &ids)
            .await
            .map_err(|e: AppError| e.to_string())?;
        printed.push((email.to_owned(), password));
    }
    Ok(printed)
}

fn demo_password() -> String {
    // 20 URL-safe random characters: about 120 bits.
    app::server::token::generate().chars().take(20).collect()
}
