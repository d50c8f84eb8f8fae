//! The SQLite database: one writer connection and a pool of read-only readers (WAL), so that
//! readers never queue behind writes. `repo` functions take a connection, never the pool, so only
//! services acquire; the tests run on a single connection, where a service that held one while
//! asking for another would wait until the acquire timeout and fail.
use crate::error::AppError;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, SqlitePool};
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// How long a write waits for SQLite's lock held by another process before the request gets 503.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request waits for a free connection before it gets 503 instead of hanging.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How the connections are arranged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One writer connection and this many read-only reader connections (the server's shape).
    Split { readers: u32 },
    /// One connection for reads and writes alike. A request that holds a connection and asks for
    /// another could never be served here (it fails after the acquire timeout); the tests run so
    /// to prove that no code path does.
    Single,
}

impl Default for Shape {
    fn default() -> Self {
        Shape::Split { readers: 8 }
    }
}

impl Shape {
    /// The shape for `--database-readers N`: 0 means a single connection for everything.
    pub fn with_readers(readers: u32) -> Self {
        if readers == 0 {
            Shape::Single
        } else {
            Shape::Split { readers }
        }
    }
}

/// The database handle that services take: reads through [`Db::read`], writes through
/// [`Db::write`]. Cloning is cheap (two pool handles).
#[derive(Clone, Debug)]
pub struct Db {
    readers: SqlitePool,
    writer: SqlitePool,
    changes: Changes,
    grouped: Arc<GroupQueue>,
    /// Seals the second factor's seeds (see [`Db::with_seed_key`]).
    seeds: Arc<super::sealed::SealingKey>,
}

/// Counts the writes this process made: a committed write transaction, and every use of the bare
/// writer connection, add one (after the fact). A page rendered while the count stayed the same
/// saw the data as it still is; the public page cache relies on that.
#[derive(Clone, Debug, Default)]
struct Changes(Arc<AtomicU64>);

impl Changes {
    fn bump(&self) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

/// Why a database path from the command line cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("„{0}“ ist keine Datei-Adresse; bitte einen Dateipfad angeben (zum Beispiel data/aktionsplan.sqlite) oder sqlite:///absoluter/pfad.sqlite")]
    UnsupportedUrl(String),
}

/// The file a `--database` value names: a plain path, or an `sqlite:` URL as sqlx writes them
/// (`sqlite:///abs/path.sqlite`, `sqlite://rel/path.sqlite`, `sqlite:rel.sqlite`, with an
/// optional `?…` query that is ignored). In-memory databases are refused: nothing would be kept.
pub fn database_file(value: &Path) -> Result<std::path::PathBuf, PathError> {
    let Some(text) = value.to_str() else {
        return Ok(value.to_path_buf());
    };
    let Some(rest) = text.strip_prefix("sqlite:") else {
        return Ok(value.to_path_buf());
    };
    let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
    let path = rest.strip_prefix("//").unwrap_or(rest);
    if path.is_empty() || path == ":memory:" || path.contains(":memory:") {
        return Err(PathError::UnsupportedUrl(text.to_owned()));
    }
    Ok(std::path::PathBuf::from(path))
}

/// The database holds personal data and secrets: only the server's own user may read it. A new
/// file is created 0600 before SQLite opens it (SQLite gives its WAL and shared-memory files the
/// database file's mode); an existing one is tightened to 0600 with its WAL files.
#[cfg(unix)]
pub fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            for suffix in ["", "-wal", "-shm"] {
                let mut file = path.as_os_str().to_owned();
                file.push(suffix);
                match std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    other => other?,
                }
            }
            Ok(())
        }
        Err(error) => Err(error),
    }
}

#[cfg(not(unix))]
pub fn make_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

fn options(path: &Path) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT))
}

impl Db {
    /// Opens (and creates, with its directory) the database file in the default shape and brings
    /// its schema up to date.
    pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
        Db::open_shaped(path, Shape::default()).await
    }

    pub async fn open_shaped(path: &Path, shape: Shape) -> Result<Db, sqlx::Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        make_private(path)?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_release(|conn, _| Box::pin(end_open_transaction(conn)))
            .connect_with(
                options(path)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal),
            )
            .await?;
        MIGRATOR.run(&writer).await?;
        let readers = match shape {
            Shape::Single => writer.clone(),
            // Read-only: a write through a reader fails at once instead of bypassing the writer.
            Shape::Split { readers } => {
                SqlitePoolOptions::new()
                    .max_connections(readers.max(1))
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options(path)?.read_only(true))
                    .await?
            }
        };
        Ok(Db {
            readers,
            writer,
            changes: Changes::default(),
            grouped: Arc::default(),
            seeds: Arc::new(super::sealed::SealingKey::random()),
        })
    }

    /// The key that seals the second factor's seeds in this database: the server derives it from
    /// its link key (kept outside the database). Without it, a fresh random key: fine for tests
    /// and for commands that read no seeds.
    pub fn with_seed_key(mut self, key: super::sealed::SealingKey) -> Self {
        self.seeds = Arc::new(key);
        self
    }

    pub fn seeds(&self) -> &super::sealed::SealingKey {
        &self.seeds
    }

    /// A connection for reading. Never ask for one while holding another connection.
    pub async fn read(&self) -> Result<Conn, sqlx::Error> {
        Ok(Conn(self.readers.acquire().await?, None))
    }

    /// The number of writes so far (see [`Changes`]): equal before and after a render means
    /// nothing was written in between.
    pub fn change_count(&self) -> u64 {
        self.changes.0.load(Ordering::Acquire)
    }

    /// A write transaction on the one writer connection (`BEGIN IMMEDIATE`, so SQLite's write
    /// lock is taken at once). Never ask for one while holding another connection.
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        let mut conn = self.writer.acquire().await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        Ok(WriteTx(conn, self.changes.clone()))
    }

    /// A write that shares its transaction, and so its one `fsync`, with the grouped writes
    /// waiting at the same moment (group commit): many people sending the needs form at once are
    /// stored at the pace of one commit per group rather than one per form, and each is answered
    /// only after the commit that holds it. Each write runs inside a savepoint: one that fails is
    /// undone alone, and its caller gets its error. Never ask for it while holding a connection.
    pub async fn write_grouped<T, F>(&self, write: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxedWrite<'c, T> + Send + 'static,
    {
        let (answer, mut answered) = tokio::sync::oneshot::channel::<Result<T, AppError>>();
        let job: GroupJob = Box::new(move |conn| {
            Box::pin(async move {
                let result = write(conn).await;
                let ok = result.is_ok();
                let deliver: Deliver = Box::new(move |committed| {
                    let _ = answer.send(match (result, committed) {
                        (Ok(value), Ok(())) => Ok(value),
                        (Ok(_), Err(error)) | (Err(error), _) => Err(error),
                    });
                });
                (ok, deliver)
            })
        });
        let id = self.grouped.push(job);
        loop {
            match answered.try_recv() {
                Ok(result) => return result,
                Err(tokio::sync::oneshot::error::TryRecvError::Closed) => {
                    return Err(AppError::Unavailable)
                }
                Err(tokio::sync::oneshot::error::TryRecvError::Empty) => {}
            }
            let mut conn = match self.writer.acquire().await {
                Ok(conn) => conn,
                Err(error) => {
                    if self.grouped.remove(id) {
                        return Err(error.into());
                    }
                    // Taken by a group that is running now: its answer comes.
                    return answered.await.unwrap_or(Err(AppError::Unavailable));
                }
            };
            let jobs = self.grouped.take();
            if jobs.is_empty() {
                // Ours was carried by the group that had the writer before us.
                continue;
            }
            run_group(&mut conn, jobs, &self.changes).await;
        }
    }

    /// The writer connection without a transaction, for one statement that commits by itself
    /// (tests, maintenance).
    pub async fn writer(&self) -> Result<Conn, sqlx::Error> {
        Ok(Conn(
            self.writer.acquire().await?,
            Some(self.changes.clone()),
        ))
    }

    /// Waits for the connections in use and closes all of them.
    pub async fn close(&self) {
        self.readers.close().await;
        self.writer.close().await;
    }
}

/// The future of one grouped write (see [`Db::write_grouped`]).
pub type BoxedWrite<'c, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, AppError>> + Send + 'c>>;

/// Hands a grouped write its result once the group's commit is known.
type Deliver = Box<dyn FnOnce(Result<(), AppError>) + Send>;
type GroupJob = Box<
    dyn for<'c> FnOnce(
            &'c mut SqliteConnection,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = (bool, Deliver)> + Send + 'c>,
        > + Send,
>;

/// The most writes one group commits together.
const GROUP_MAX: usize = 64;

/// Grouped writes waiting for the writer, with an id each.
#[derive(Default)]
struct GroupQueue(std::sync::Mutex<Waiting>);

#[derive(Default)]
struct Waiting {
    last_id: u64,
    jobs: Vec<(u64, GroupJob)>,
}

impl std::fmt::Debug for GroupQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GroupQueue")
    }
}

impl GroupQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Waiting> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, job: GroupJob) -> u64 {
        let mut queue = self.lock();
        queue.last_id += 1;
        let id = queue.last_id;
        queue.jobs.push((id, job));
        id
    }

    /// Takes a write out that has not run yet; `false` when a group has taken it already.
    fn remove(&self, id: u64) -> bool {
        let mut queue = self.lock();
        let before = queue.jobs.len();
        queue.jobs.retain(|(queued, _)| *queued != id);
        queue.jobs.len() < before
    }

    fn take(&self) -> Vec<GroupJob> {
        let mut queue = self.lock();
        let n = queue.jobs.len().min(GROUP_MAX);
        queue.jobs.drain(..n).map(|(_, job)| job).collect()
    }
}

/// Runs a group of writes in one transaction, each in its own savepoint, and answers each after
/// the commit. If the transaction itself fails (disk full, locked), every write of the group is
/// answered with that error and nothing of it stays.
async fn run_group(conn: &mut SqliteConnection, jobs: Vec<GroupJob>, changes: &Changes) {
    async fn exec(conn: &mut SqliteConnection, sql: &'static str) -> Result<(), AppError> {
        sqlx::query(sql)
            .execute(conn)
            .await
            .map(|_| ())
            .map_err(AppError::from)
    }
    let mut delivers = Vec::with_capacity(jobs.len());
    let outcome: Result<(), AppError> = async {
        exec(conn, "BEGIN IMMEDIATE").await?;
        for job in jobs {
            exec(conn, "SAVEPOINT grouped_write").await?;
            let (ok, deliver) = job(conn).await;
            delivers.push(deliver);
            if !ok {
                exec(conn, "ROLLBACK TO grouped_write").await?;
            }
            exec(conn, "RELEASE grouped_write").await?;
        }
        exec(conn, "COMMIT").await
    }
    .await;
    match outcome {
        Ok(()) => {
            changes.bump();
            for deliver in delivers {
                deliver(Ok(()));
            }
        }
        Err(error) => {
            let _ = end_open_transaction(conn).await;
            for deliver in delivers {
                deliver(Err(error.clone()));
            }
            // Writes of the group that did not run yet are dropped: their callers get 503.
        }
    }
}

/// A pooled connection for reading; derefs to the connection that `repo` functions take. The
/// bare writer connection counts as a change when it goes back.
pub struct Conn(PoolConnection<Sqlite>, Option<Changes>);

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(changes) = &self.1 {
            changes.bump();
        }
    }
}

impl Deref for Conn {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.0
    }
}

impl DerefMut for Conn {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }
}

/// A write transaction; rolled back when dropped without [`WriteTx::commit`] (by the pool, as
/// the connection comes back).
///
/// The transaction is our own `BEGIN IMMEDIATE … COMMIT`, not sqlx's `Transaction`: when SQLite
/// ends a transaction by itself (a full disk rolls it back), sqlx's rollback fails and its count
/// of open transactions stays at one, after which the writer could never begin again.
pub struct WriteTx(PoolConnection<Sqlite>, Changes);

impl WriteTx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match sqlx::query("COMMIT").execute(&mut *self.0).await {
            Ok(_) => {
                self.1.bump();
                Ok(())
            }
            Err(error) => {
                // A failed COMMIT (disk full, I/O) may leave the transaction open: end it here
                // so that nothing of it can be committed later by accident.
                let _ = sqlx::query("ROLLBACK").execute(&mut *self.0).await;
                Err(error)
            }
        }
    }
}

/// Run on the writer as it goes back to the pool: a transaction still open there (dropped
/// without commit, or its request cancelled half-way) is rolled back, so the next writer starts
/// clean. A connection that cannot even do that is closed and replaced.
async fn end_open_transaction(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    match sqlx::query("ROLLBACK").execute(&mut *conn).await {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.message().contains("no transaction is active") => {
            Ok(true)
        }
        Err(error) => {
            tracing::warn!(%error, "writer connection closed after a failed rollback");
            Ok(false)
        }
    }
}

impl Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.0
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }
}

/// Whether an error means "try again later" (locked by another process beyond the busy timeout,
/// disk full, no connection free in time) rather than a bug: the user gets 503, not 500.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => {
            // Primary result codes: 5 BUSY, 6 LOCKED, 10 IOERR, 13 FULL (extended codes keep
            // the primary code in the low byte).
            let code = db.code().and_then(|c| c.parse::<i32>().ok()).unwrap_or(0);
            matches!(code & 0xff, 5 | 6 | 10 | 13)
        }
        _ => false,
    }
}

/// The current time as Unix seconds, the unit of session and token timestamps.
pub fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        let file = |s: &str| database_file(Path::new(s)).map(|p| p.display().to_string());
        assert_eq!(file("data/x.sqlite").expect("path"), "data/x.sqlite");
        assert_eq!(
            file("sqlite:///tmp/x.sqlite").expect("path"),
            "/tmp/x.sqlite"
        );
        assert_eq!(
            file("sqlite://data/x.sqlite?mode=rwc").expect("path"),
            "data/x.sqlite"
        );
        assert_eq!(file("sqlite:x.sqlite").expect("path"), "x.sqlite");
        assert!(file("sqlite::memory:").is_err());
        assert!(file("sqlite:").is_err());
    }

    /// SQLite before 3.50.2 has CVE-2025-6965 (memory corruption through aggregate queries);
    /// the bundled library must be at least that version.
    #[tokio::test]
    async fn the_bundled_sqlite_has_the_fix_of_cve_2025_6965() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(&dir.path().join("v.sqlite")).await.expect("db");
        let version: String = sqlx::query_scalar("SELECT sqlite_version()")
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("version");
        let parts: Vec<u32> = version
            .split('.')
            .map(|p| p.parse().expect("number"))
            .collect();
        assert!(parts >= vec![3, 50, 2], "SQLite {version}");
    }

    #[tokio::test]
    async fn grouped_writes_waiting_together_commit_together_and_fail_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(&dir.path().join("t.sqlite")).await.expect("db");
        sqlx::query("CREATE TABLE t (n INTEGER NOT NULL UNIQUE)")
            .execute(&mut *db.writer().await.expect("writer"))
            .await
            .expect("table");
        // While the writer is busy, ten writes queue up; one of them breaks the UNIQUE rule.
        let busy = db.write().await.expect("tx");
        let before = db.change_count();
        let writes: Vec<_> = (0..10i64)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.write_grouped(move |conn| {
                        Box::pin(async move {
                            let n = if i == 7 { 3 } else { i };
                            sqlx::query("INSERT INTO t (n) VALUES (?)")
                                .bind(n)
                                .execute(conn)
                                .await?;
                            Ok(n)
                        })
                    })
                    .await
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(200)).await;
        busy.commit().await.expect("commit");
        let mut results = Vec::new();
        for write in writes {
            results.push(write.await.expect("task"));
        }
        for (i, result) in results.iter().enumerate() {
            if i == 7 {
                assert!(matches!(result, Err(AppError::Internal)), "{result:?}");
            } else {
                assert_eq!(result.as_ref().ok(), Some(&(i as i64)));
            }
        }
        let stored: Vec<i64> = sqlx::query_scalar("SELECT n FROM t ORDER BY n")
            .fetch_all(&mut *db.read().await.expect("conn"))
            .await
            .expect("rows");
        assert_eq!(stored, vec![0, 1, 2, 3, 4, 5, 6, 8, 9]);
        assert_eq!(
            db.change_count() - before,
            2,
            "the busy transaction, then one commit for all ten"
        );
    }

    #[tokio::test]
    async fn on_one_connection_a_nested_acquire_fails_instead_of_hanging() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open_shaped(&dir.path().join("t.sqlite"), Shape::Single)
            .await
            .expect("db");
        let held = db.read().await.expect("first");
        let started = std::time::Instant::now();
        let nested = db.read().await;
        assert!(
            matches!(nested, Err(sqlx::Error::PoolTimedOut)),
            "{:?}",
            nested.err()
        );
        assert!(started.elapsed() < ACQUIRE_TIMEOUT * 2);
        // Another task is served as soon as the connection is given back.
        let other = tokio::spawn({
            let db = db.clone();
            async move { db.read().await.map(|_| ()) }
        });
        drop(held);
        other.await.expect("task").expect("served once released");
        let tx = db.write().await.expect("writer after release");
        tx.commit().await.expect("commit");
    }

    #[tokio::test]
    async fn readers_cannot_write() {
        let dir = tempfile::tempdir().expect("dir");
        let db = Db::open(&dir.path().join("t.sqlite")).await.expect("db");
        let mut conn = db.read().await.expect("reader");
        let refused = sqlx::query("DELETE FROM areas").execute(&mut *conn).await;
        assert!(refused.is_err());
    }
}
