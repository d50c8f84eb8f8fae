//! Fresh databases and accounts for service tests.
use crate::domain::user::{CurrentUser, Role};
use crate::server::{db, password, repo};
use sqlx::SqlitePool;

/// A new SQLite file in a temporary directory, migrated; keep the directory alive.
pub async fn fresh_db() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = db::connect(&dir.path().join("test.sqlite"))
        .await
        .expect("database");
    (dir, pool)
}

/// Creates an account with the password "Borsigplatz ist grün".
pub async fn make_user(pool: &SqlitePool, email: &str, role: Role, area_slugs: &[&str]) -> i64 {
    let hash = password::hash("Borsigplatz ist grün".into())
        .await
        .expect("hash");
    let mut conn = pool.acquire().await.expect("conn");
    let id = repo::users::insert(&mut conn, email, "Test Person", role, Some(&hash))
        .await
        .expect("insert");
    let slugs: Vec<String> = area_slugs.iter().map(|s| (*s).to_owned()).collect();
    let ids: Vec<i64> = repo::areas::ids_by_slugs(&mut conn, &slugs)
        .await
        .expect("areas")
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    repo::users::replace_areas(&mut conn, id, &ids)
        .await
        .expect("assign");
    id
}

pub async fn current(pool: &SqlitePool, id: i64) -> CurrentUser {
    let mut conn = pool.acquire().await.expect("conn");
    repo::users::current_user(&mut conn, id)
        .await
        .expect("query")
        .expect("user")
}
