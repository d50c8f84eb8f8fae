//! HTTP tests through the whole router: statuses per role, CSRF, headers, limits, sessions.
use app::server::access;
use app::server::db;
use app::server::request::ClientIp;
use app::server::state::{AppState, Config};
use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use leptos::config::LeptosOptions;
use std::net::{IpAddr, Ipv4Addr};
use tower::ServiceExt as _;

struct TestApp {
    _dir: tempfile::TempDir,
    router: Router,
    state: AppState,
    /// The second-factor secrets of the Projektbüro accounts, by e-mail…
    secrets: std::sync::Mutex<std::collections::HashMap<String, String>>,
    /// …and the last time step used for each (a code works once).
    used_steps: std::sync::Mutex<std::collections::HashMap<String, u64>>,
}

const PASSWORD: &str = "Borsigplatz ist grün";

impl TestApp {
    async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        // One connection for everything: a request that held one while asking for another would fail.
        let db = db::Db::open_shaped(&dir.path().join("http.sqlite"), db::Shape::Single)
            .await
            .expect("db");
        let options = LeptosOptions::builder()
            .output_name("aktionsplan")
            .site_root(dir.path().to_string_lossy().to_string())
            .build();
        let state = AppState::new(
            db,
            options,
            Config {
                public_url: "http://localhost".into(),
                link_key: app::server::links::LinkKey::random(),
                contact_retention_months: 12,
                yearly_budget_cents: app::domain::programme::DEFAULT_YEARLY_BUDGET_CENTS,
                second_factor_for_coordinators: false,
                stale_after_months: app::domain::implementation::DEFAULT_STALE_MONTHS,
                mail_enabled: false,
            },
        );
        let router = server::router(state.clone());
        Self {
            _dir: dir,
            router,
            state,
            secrets: Default::default(),
            used_steps: Default::default(),
        }
    }

    async fn user(&self, email: &str, role: &str, areas: &[&str]) {
        use app::server::services::users::{insert_account, NewUser};
        let new_user = NewUser::parse("Test", email, role, PASSWORD).expect("valid");
        let mut conn = self.state.db.read().await.expect("conn");
        let slugs: Vec<String> = areas.iter().map(|s| (*s).to_owned()).collect();
        let ids: Vec<i64> = app::server::repo::areas::ids_by_slugs(&mut conn, &slugs)
            .await
            .expect("areas")
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        drop(conn);
        let (id, _) = insert_account(&self.state.db, "http://localhost", new_user, &ids)
            .await
            .expect("user");
        if role == "projektbuero" {
            // As if set up with an app at the first login (that path has its own test).
            let secret = app::server::second_factor::new_secret();
            app::server::services::second_factor::enrol_with_secret(&self.state.db, id, &secret)
                .await
                .expect("second factor");
            lock(&self.secrets).insert(email.to_owned(), secret);
        }
    }

    /// The app's code for the account's next login: the current time step, or the next one
    /// when the current was used (waiting when both were).
    async fn next_code(&self, email: &str) -> String {
        let secret = lock(&self.secrets)
            .get(email)
            .cloned()
            .expect("a Projektbüro secret");
        loop {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("time")
                .as_secs();
            let current = now / 30;
            let step = match lock(&self.used_steps).get(email) {
                Some(&last) if last >= current => last + 1,
                _ => current,
            };
            if step <= current + 1 {
                lock(&self.used_steps).insert(email.to_owned(), step);
                return app::server::second_factor::code_at(&secret, step * 30).expect("code");
            }
            tokio::time::sleep(std::time::Duration::from_secs((step - 1) * 30 - now + 1)).await;
        }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("response")
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        let mut builder = Request::get(path).header(header::HOST, "localhost");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.send(with_ip(builder.body(Body::empty()).expect("request"), 1))
            .await
    }

    /// A server-function call as the hydrated app sends it.
    async fn post(&self, path: &str, form: &str, cookie: Option<&str>) -> Response<Body> {
        self.send(form_request(path, form, None, cookie, 1)).await
    }

    /// Logs in (with the second factor where the account has one) and returns the
    /// `name=value` of the session cookie.
    async fn login(&self, email: &str) -> String {
        let response = self
            .post(
                "/api/anmelden",
                &format!("email={}&password={}", enc(email), enc(PASSWORD)),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        if let Some(session) = session_cookie(&response) {
            return session;
        }
        let challenge = challenge_cookie(&response).expect("session or challenge cookie");
        let code = self.next_code(email).await;
        let response = self
            .post(
                "/api/anmelden-code",
                &format!("code={code}"),
                Some(&challenge),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        session_cookie(&response).expect("session cookie after the code")
    }
}

fn with_ip(mut request: Request<Body>, last_octet: u8) -> Request<Body> {
    request
        .extensions_mut()
        .insert(ClientIp(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last_octet))));
    request
}

/// A same-origin form POST from 10.0.0.`ip`. With a `referer` it is a form sent without
/// JavaScript (accepting HTML, answered by a redirect back); without, a call of the hydrated app.
fn form_request(
    path: &str,
    body: &str,
    referer: Option<&str>,
    cookie: Option<&str>,
    ip: u8,
) -> Request<Body> {
    let mut builder = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "http://localhost")
        .header("sec-fetch-site", "same-origin");
    if let Some(referer) = referer {
        builder = builder
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, referer);
    }
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    with_ip(
        builder.body(Body::from(body.to_owned())).expect("request"),
        ip,
    )
}

fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn session_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("aktionsplan_sitzung=") && !v.starts_with("aktionsplan_sitzung=;"))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// The `name=value` of the cookie of a login waiting for its second factor.
fn challenge_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| {
            v.starts_with("aktionsplan_anmeldung=") && !v.starts_with("aktionsplan_anmeldung=;")
        })
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn body_text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 10 * 1024 * 1024)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn pages_carry_security_headers_with_a_fresh_nonce() {
    let app = TestApp::new().await;
    let response = app.get("/", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP")
        .to_owned();
    let html = body_text(response).await;
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the CSP nonce"
    );
    assert!(!html.contains("crossorigin=\"{nonce}\""));
    assert!(html.contains("Hafen") && html.contains("Meylantviertel"));

    let second = app.get("/", None).await;
    let csp2 = second.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .to_owned();
    assert_ne!(csp, csp2, "every response has its own nonce");
    assert!(
        !second
            .headers()
            .contains_key(header::STRICT_TRANSPORT_SECURITY),
        "no HSTS over plain http"
    );

    // Reached over https, browsers are told to stay on https.
    let mut app = app;
    let mut config = (*app.state.config).clone();
    config.public_url = "https://aktionsplan.stadt.example".into();
    app.state.config = std::sync::Arc::new(config);
    app.router = server::router(app.state.clone());
    let secure = app.get("/", None).await;
    assert_eq!(
        secure.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
}

fn csp_nonce(response: &Response<Body>) -> String {
    response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP")
        .to_owned()
}

fn cache_state(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get(server::page_cache::CACHE_HEADER)
        .map(|v| v.to_str().expect("ascii").to_owned())
}

#[tokio::test]
async fn public_pages_come_from_the_cache_with_a_fresh_nonce_until_something_is_written() {
    let app = TestApp::new().await;
    let first = app.get("/gebiete/hafen", None).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(cache_state(&first).as_deref(), Some("miss"));
    let first_nonce = csp_nonce(&first);
    let first_html = body_text(first).await;

    let second = app.get("/gebiete/hafen", None).await;
    assert_eq!(cache_state(&second).as_deref(), Some("hit"));
    let second_nonce = csp_nonce(&second);
    assert_ne!(first_nonce, second_nonce, "every answer has its own nonce");
    let second_html = body_text(second).await;
    assert!(second_html.contains(&format!("nonce=\"{second_nonce}\"")));
    assert!(
        !second_html.contains(&first_nonce),
        "no trace of the cached nonce"
    );
    assert_eq!(first_html.replace(&first_nonce, &second_nonce), second_html);

    // A committed write shows at once, through a write transaction and through the bare writer.
    let mut tx = app.state.db.write().await.expect("tx");
    sqlx::query("UPDATE areas SET name = 'Hafen am Kanal' WHERE slug = 'hafen'")
        .execute(&mut *tx)
        .await
        .expect("rename");
    tx.commit().await.expect("commit");
    let renamed = app.get("/gebiete/hafen", None).await;
    assert_eq!(cache_state(&renamed).as_deref(), Some("miss"));
    assert!(body_text(renamed).await.contains("Hafen am Kanal"));
    assert_eq!(
        cache_state(&app.get("/gebiete/hafen", None).await).as_deref(),
        Some("hit")
    );
    sqlx::query("UPDATE areas SET name = 'Hafen' WHERE slug = 'hafen'")
        .execute(&mut *app.state.db.writer().await.expect("writer"))
        .await
        .expect("rename back");
    let back = app.get("/gebiete/hafen", None).await;
    assert_eq!(cache_state(&back).as_deref(), Some("miss"));
    assert!(!body_text(back).await.contains("Hafen am Kanal"));

    // Signed-in staff, addresses with a query, and pages with a per-visitor part are never cached.
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    let cookie = app.login("buero@stadt.example").await;
    let staff = app.get("/gebiete/hafen", Some(&cookie)).await;
    assert_eq!(staff.status(), StatusCode::OK);
    assert_eq!(cache_state(&staff), None);
    for path in ["/gebiete/hafen?x=1", "/bedarf/hafen", "/anmelden"] {
        app.get(path, None).await;
        assert_eq!(cache_state(&app.get(path, None).await), None, "{path}");
    }
    // Two visitors of the needs form get different one-time keys.
    let form_key = |html: String| {
        html.split("name=\"form_key\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("form key")
            .to_owned()
    };
    let one = form_key(body_text(app.get("/bedarf/hafen", None).await).await);
    let two = form_key(body_text(app.get("/bedarf/hafen", None).await).await);
    assert_ne!(one, two);
}

#[tokio::test]
async fn open_data_files_come_from_the_cache_and_still_answer_conditional_requests() {
    let app = TestApp::new().await;
    let path = "/offene-daten/katalog.jsonld";
    let first = app.get(path, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(cache_state(&first).as_deref(), Some("miss"));
    let etag = first
        .headers()
        .get(header::ETAG)
        .expect("an ETag")
        .to_str()
        .expect("ascii")
        .to_owned();
    let first_body = body_text(first).await;
    let second = app.get(path, None).await;
    assert_eq!(cache_state(&second).as_deref(), Some("hit"));
    assert_eq!(
        second
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.as_bytes()),
        Some(&b"application/ld+json; charset=utf-8"[..])
    );
    assert_eq!(body_text(second).await, first_body, "the same file");

    let conditional = app
        .send(with_ip(
            Request::get(path)
                .header(header::HOST, "localhost")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .expect("request"),
            1,
        ))
        .await;
    assert_eq!(conditional.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        conditional
            .headers()
            .get(header::ETAG)
            .map(|v| v.as_bytes()),
        Some(etag.as_bytes())
    );
    // The CSV, too; a file that does not exist is not kept.
    app.get("/offene-daten/massnahmen.csv", None).await;
    assert_eq!(
        cache_state(&app.get("/offene-daten/massnahmen.csv", None).await).as_deref(),
        Some("hit")
    );
    let missing = app
        .get("/offene-daten/aktionsprogramme/nirgendwo.json", None)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(cache_state(&missing), None);
}

/// The value of the hidden field `name` in a rendered form.
fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"));
    let tag_start = html[..at].rfind('<').expect("tag start");
    let tag_end = at + html[at..].find('>').expect("tag end");
    let tag = &html[tag_start..tag_end];
    tag.split("value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no value in {tag}"))
        .to_owned()
}

#[tokio::test]
async fn two_visitors_of_a_public_form_get_their_own_keys_and_no_report_is_dropped() {
    let app = TestApp::new().await;
    // Two people open the statement: each gets a key of their own, and no page with a key is
    // kept in (or served from) the page cache.
    let first_page = app.get("/barrierefreiheit", None).await;
    assert_eq!(first_page.status(), StatusCode::OK);
    assert_ne!(cache_state(&first_page).as_deref(), Some("hit"));
    let first_key = hidden_value(&body_text(first_page).await, "form_key");
    let second_page = app.get("/barrierefreiheit", None).await;
    assert_ne!(cache_state(&second_page).as_deref(), Some("hit"));
    let second_key = hidden_value(&body_text(second_page).await, "form_key");
    assert_ne!(
        first_key, second_key,
        "every visitor has a key of their own"
    );
    // The same holds for every page the cache keeps: none carries a form key.
    for path in [
        "/",
        "/termine",
        "/umsetzung",
        "/leichte-sprache",
        "/gebiete/hafen",
    ] {
        app.get(path, None).await;
        let again = app.get(path, None).await;
        assert_eq!(cache_state(&again).as_deref(), Some("hit"), "{path}");
        assert!(!body_text(again).await.contains("form_key"), "{path}");
    }

    // A person needs a few seconds to fill the form in (the key says when it was issued).
    tokio::time::sleep(std::time::Duration::from_millis(
        u64::try_from(app::server::form_token::MIN_FILL_SECS).expect("positive") * 1000 + 500,
    ))
    .await;
    let report = |key: &str, description: &str| {
        format!(
            "form_key={}&website=&page=&description={}&contact_name=&contact_email=",
            enc(key),
            enc(description)
        )
    };
    let send = |body: String, ip: u8| {
        form_request(
            "/api/barriere-melden",
            &body,
            Some("http://localhost/barrierefreiheit"),
            None,
            ip,
        )
    };
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM accessibility_feedback")
            .fetch_one(&mut *app.state.db.read().await.expect("conn"))
            .await
            .expect("count")
    };
    let first = app
        .send(send(report(&first_key, "Der Kontrast ist zu schwach"), 21))
        .await;
    let second = app
        .send(send(
            report(&second_key, "Das Video hat keine Untertitel"),
            22,
        ))
        .await;
    let location = |response: &Response<Body>| {
        response.headers()[header::LOCATION]
            .to_str()
            .expect("location")
            .to_owned()
    };
    let (first_receipt, second_receipt) = (location(&first), location(&second));
    assert!(first_receipt.contains("schluessel="), "{first_receipt}");
    assert_ne!(
        first_receipt, second_receipt,
        "each report has its own receipt"
    );
    assert_eq!(count().await, 2);

    // A resend of the same report is stored once and answered with its receipt…
    let again = app
        .send(send(report(&first_key, "Der Kontrast ist zu schwach"), 21))
        .await;
    assert_eq!(location(&again), first_receipt);
    assert_eq!(count().await, 2);
    // …while other content under a used key is refused with a message, not dropped silently.
    let changed = app
        .post(
            "/api/barriere-melden",
            &report(&first_key, "Die Schrift ist zu klein"),
            None,
        )
        .await;
    assert_eq!(changed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body_text(changed).await.contains("mit anderem Inhalt"),
        "the form says why"
    );
    assert_eq!(count().await, 2);

    // The needs form alike: a key used for one need refuses another need.
    let need_key = app::server::form_token::issue(
        &app.state.config.link_key,
        "bedarf:hafen",
        chrono::Utc::now().timestamp() - 30,
    );
    let need = |title: &str| {
        format!(
            "area=hafen&form_key={}&website=&field=3&title={}&description=Seit+das+Caf%C3%A9+zu+hat.\
             &affected=&organisation=&contact_name=&contact_email=",
            enc(&need_key),
            enc(title)
        )
    };
    let stored = app
        .post("/api/bedarf-melden", &need("Ein Treffpunkt"), None)
        .await;
    assert!(stored.status().is_success() || stored.status().is_redirection());
    let resent = app
        .post("/api/bedarf-melden", &need("Ein Treffpunkt"), None)
        .await;
    assert!(resent.status().is_success() || resent.status().is_redirection());
    let other = app
        .post("/api/bedarf-melden", &need("Eine Bank"), None)
        .await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let needs: i64 = sqlx::query_scalar("SELECT count(*) FROM need_submissions")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("count");
    assert_eq!(needs, 1);
}

#[tokio::test]
async fn staff_pages_redirect_anonymous_users_to_login_and_are_not_cached() {
    let app = TestApp::new().await;
    let response = app.get("/intern/benutzer", None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        "/anmelden?weiter=/intern/benutzer"
    );

    app.user("buero@stadt.example", "projektbuero", &[]).await;
    let cookie = app.login("buero@stadt.example").await;
    let page = app.get("/intern/benutzer", Some(&cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn server_functions_answer_401_and_403_per_role() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;

    assert_eq!(
        app.post("/api/benutzer", "", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let kai = app.login("kai@stadt.example").await;
    assert_eq!(
        app.post("/api/benutzer", "", Some(&kai)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post("/api/gebiet-intern", "slug=hafen", Some(&kai))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post("/api/gebiet-intern", "slug=nordmarkt", Some(&kai))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let change = "slug=hafen&name=Hafen&kind=aktionsquartier&district=Innenstadt-Nord&social_space=x&description=&contact=&effective_on=2022-01-01&decision=Test";
    assert_eq!(
        app.post("/api/gebiet-aendern", change, Some(&kai))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let office = app.login("buero@stadt.example").await;
    assert_eq!(
        app.post("/api/benutzer", "", Some(&office)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.post("/api/gebiet-aendern", change, Some(&office))
            .await
            .status(),
        StatusCode::OK
    );

    // Staff pages: the wrong role gets the 403 page.
    let page = app.get("/intern/gebiete/nordmarkt", Some(&kai)).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(body_text(page).await.contains("Kein Zugriff"));
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::new().await;
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let request = Request::post("/api/anmelden")
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(name, value)
            .body(Body::from("email=a%40b.de&password=x"))
            .expect("request");
        let response = app.send(with_ip(request, 2)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(body_text(response).await.contains("Sicherheitsgründen"));
    }
    // The same request from our own origin reaches the login (and fails there for the password).
    let ok = app
        .post("/api/anmelden", "email=a%40b.de&password=x", None)
        .await;
    assert_eq!(ok.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn login_flood_gets_429_with_german_message() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &[]).await;
    for attempt in 0..10 {
        let response = app
            .post(
                "/api/anmelden",
                "email=kai%40stadt.example&password=falsch",
                None,
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
        assert!(body_text(response)
            .await
            .contains("E-Mail-Adresse oder Passwort stimmen nicht"));
    }
    let blocked = app
        .post(
            "/api/anmelden",
            &format!("email=kai%40stadt.example&password={}", enc(PASSWORD)),
            None,
        )
        .await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers().contains_key(header::RETRY_AFTER));
    assert!(body_text(blocked).await.contains("Zu viele Versuche"));

    // One IP trying many accounts is stopped too.
    for attempt in 0..10 {
        let response = app
            .post(
                "/api/anmelden",
                &format!("email=user{attempt}%40stadt.example&password=x"),
                None,
            )
            .await;
        assert_ne!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
    let by_ip = app
        .post(
            "/api/anmelden",
            "email=noch-einer%40stadt.example&password=x",
            None,
        )
        .await;
    assert_eq!(by_ip.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn bad_input_gets_4xx_with_field_messages_never_500() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    let office = app.login("buero@stadt.example").await;

    let response = app
        .post(
            "/api/benutzer-neu",
            "name=&email=kein-at&role=chef&password=kurz",
            Some(&office),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_text(response).await;
    for expected in [
        "Bitte geben Sie den Namen an",
        "keine gültige E-Mail-Adresse",
        "Bitte wählen Sie eine Rolle",
        "mindestens 12 Zeichen",
    ] {
        assert!(body.contains(expected), "{expected} in {body}");
    }
    // Missing and malformed arguments.
    let missing = app.post("/api/benutzer-neu", "name=x", Some(&office)).await;
    assert!(missing.status().is_client_error(), "{}", missing.status());
    let malformed = app
        .post(
            "/api/benutzer-sperren",
            "id=abc&disabled=vielleicht",
            Some(&office),
        )
        .await;
    assert!(
        malformed.status().is_client_error(),
        "{}",
        malformed.status()
    );
    let unknown_area = app
        .post(
            "/api/benutzer-neu",
            "name=x&email=x%40stadt.example&role=beauftragte&password=&areas%5Bmond%5D=on",
            Some(&office),
        )
        .await;
    assert_eq!(unknown_area.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing_user = app
        .post("/api/benutzer-details", "id=9999", Some(&office))
        .await;
    assert_eq!(missing_user.status(), StatusCode::NOT_FOUND);
    // Nothing half-written: the refused account does not exist.
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("count");
    assert_eq!(count, 1);
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = TestApp::new().await;
    let big = format!(
        "email=a%40b.de&password={}",
        "x".repeat(server::BODY_LIMIT_BYTES + 10)
    );
    let response = app.post("/api/anmelden", &big, None).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn sessions_rotate_at_login_end_at_logout_and_use_safe_cookies() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let response = app
        .post(
            "/api/anmelden",
            &format!("email=kai%40stadt.example&password={}", enc(PASSWORD)),
            None,
        )
        .await;
    let set_cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let first = session_cookie(&response).expect("cookie");
    let second = app.login("kai@stadt.example").await;
    assert_ne!(first, second, "every login gets a new session id");

    assert_eq!(
        app.post("/api/meine-gebiete", "", Some(&second))
            .await
            .status(),
        StatusCode::OK
    );
    let logout = app.post("/api/abmelden", "", Some(&second)).await;
    assert!(logout.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .contains("Max-Age=0"));
    // The browser drops what it kept of the record pages (localStorage, service worker).
    assert_eq!(
        logout.headers()["clear-site-data"],
        "\"cache\", \"storage\""
    );
    assert_eq!(
        app.post("/api/meine-gebiete", "", Some(&second))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post("/api/meine-gebiete", "", Some(&first))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn setup_through_http_stores_an_argon2id_hash_at_owasp_parameters() {
    let app = TestApp::new().await;
    let link = app::server::services::auth::setup_link_if_needed(&app.state.db, "http://localhost")
        .await
        .expect("ok")
        .expect("link");
    let token = link.split("token=").nth(1).expect("token");
    let page = app.get(&format!("/einrichten?token={token}"), None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let form = format!(
        "token={token}&name=Petra&email=petra%40stadt.example&password={p}&password_repeat={p}",
        p = enc(PASSWORD)
    );
    let response = app.post("/api/einrichten", &form, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    // No session yet: the Projektbüro sets up its second factor first.
    assert_eq!(session_cookie(&response), None);
    assert!(challenge_cookie(&response).is_some());
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("hash");
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    // Used once: the page and the function refuse it now.
    let again = app.post("/api/einrichten", &form, None).await;
    assert_eq!(again.status(), StatusCode::GONE);
    assert_eq!(
        app.get(&format!("/einrichten?token={token}"), None)
            .await
            .status(),
        StatusCode::GONE
    );
}

#[tokio::test]
async fn unknown_pages_get_a_real_404() {
    let app = TestApp::new().await;
    let response = app.get("/gibt-es-nicht", None).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(body_text(response)
        .await
        .contains("Diese Seite gibt es nicht"));
    assert_eq!(
        app.get("/gebiete/atlantis", None).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn html_is_compressed_for_clients_that_accept_it() {
    let app = TestApp::new().await;
    let request = Request::get("/")
        .header(header::HOST, "localhost")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("request");
    let response = app.send(with_ip(request, 3)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn slow_clients_cannot_hold_a_connection() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve::serve_with(
        listener,
        app.router.clone(),
        async {
            let _ = stopped.await;
        },
        server::serve::ServeLimits {
            header_read_timeout: Duration::from_millis(500),
            ..Default::default()
        },
    ));

    // A complete request is answered over the real socket.
    let mut ok = tokio::net::TcpStream::connect(addr).await.expect("connect");
    ok.write_all(b"GET /impressum HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    ok.read_to_end(&mut answer).await.expect("read");
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));

    // Half a request line, then silence: the server closes the connection after the timeout.
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: loc")
        .await
        .expect("write");
    let started = Instant::now();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "connection still open after 5 s");
    assert!(started.elapsed() < Duration::from_secs(3));

    let _ = stop.send(());
    server.await.expect("join").expect("serve");
}

#[tokio::test]
async fn meetings_belong_to_their_areas_and_double_bookings_answer_409() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    app.user("ute@stadt.example", "beauftragte", &["nordmarkt"])
        .await;
    let kai = app.login("kai@stadt.example").await;
    let ute = app.login("ute@stadt.example").await;
    let kai_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = 'kai@stadt.example'")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("id");
    let form = |area: &str, date: &str, extra: &str| {
        format!(
            "area={area}&organiser={kai_id}&title=Akteursgespr%C3%A4ch&kind=akteursgespraech&date={date}&start_time=17%3A00&end_time=19%3A00&end_date=&venue_name=Depot&venue_address=&venue_notes=&format=praesenz&agenda=&capacity={extra}"
        )
    };
    let saved = app
        .post(
            "/api/termin-speichern",
            &form("hafen", "2022-03-14", ""),
            Some(&kai),
        )
        .await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{:?}",
        saved.status()
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM meetings")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("meeting");

    // The coordinator of another area neither sees nor changes it.
    let page = app.get(&format!("/intern/termine/{id}"), Some(&ute)).await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(body_text(page).await.contains("Kein Zugriff"));
    let cancel = format!("id={id}&status=abgesagt&reason=weg");
    assert_eq!(
        app.post("/api/termin-status", &cancel, Some(&ute))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(
            "/api/termin-speichern",
            &form("hafen", "2022-03-15", ""),
            Some(&ute)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/intern/termine/{id}"), Some(&kai))
            .await
            .status(),
        StatusCode::OK
    );

    // Bad input: 422 with the field named; a double booking: 409 naming the other meeting.
    let bad = app
        .post(
            "/api/termin-speichern",
            &form("hafen", "31.02.2022", "viele"),
            Some(&kai),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = body_text(bad).await;
    assert!(text.contains("Datum") && text.contains("Plätze"), "{text}");
    let clash = app
        .post(
            "/api/termin-speichern",
            &form("hafen", "2022-03-14", ""),
            Some(&kai),
        )
        .await;
    assert_eq!(clash.status(), StatusCode::CONFLICT);
    assert!(body_text(clash).await.contains("Akteursgespräch"));
    let confirmed = app
        .post(
            "/api/termin-speichern",
            &(form("hafen", "2022-03-14", "") + "&confirm=ja"),
            Some(&kai),
        )
        .await;
    assert!(confirmed.status().is_success() || confirmed.status().is_redirection());
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM meetings")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("count");
    assert_eq!(count, 2);

    // Calendar files: the organiser's area only; unknown links are gone (410).
    let ics = app
        .get(&format!("/intern/termine/{id}/termin.ics"), Some(&kai))
        .await;
    assert_eq!(ics.status(), StatusCode::OK);
    assert!(ics.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("text/calendar"));
    assert!(body_text(ics).await.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(
        app.get(&format!("/intern/termine/{id}/termin.ics"), Some(&ute))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/kalender/unbekannt.ics", None).await.status(),
        StatusCode::GONE
    );
    let reply = app.get("/einladung/unbekannt", None).await;
    assert_eq!(reply.status(), StatusCode::GONE);
    assert!(body_text(reply).await.contains("Link ungültig"));
}

#[tokio::test]
async fn a_form_sent_without_javascript_comes_back_filled_in_and_escaped() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let kai = app.login("kai@stadt.example").await;
    let form = "area=hafen&organiser=1&title=B%C3%BCrgerforum+%3Cscript%3Ealert(1)%3C%2Fscript%3E\
                &kind=akteursgespraech&date=31.02.2022&start_time=17%3A00&end_time=19%3A00&end_date=\
                &venue_name=Depot&venue_address=&venue_notes=&format=praesenz\
                &agenda=Begr%C3%BC%C3%9Fung%0D%0ABedarfe&capacity=&public_listed=ja";
    let page = "http://localhost/intern/termine/neu?gebiet=hafen";
    let plain_form = |body: &str, referer: &str| {
        form_request("/api/termin-speichern", body, Some(referer), Some(&kai), 1)
    };
    let failed = app.send(plain_form(form, page)).await;
    assert!(failed.status().is_redirection(), "{:?}", failed.status());
    let location = failed.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.contains("__err=")
            && location.contains("__echo=")
            && location.contains("gebiet=hafen"),
        "{location}"
    );
    let path = location.trim_start_matches("http://localhost");
    let page = app.get(path, Some(&kai)).await;
    // The page that shows the error answers with its status, as the call with JavaScript does.
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(page).await;
    assert!(
        html.contains("value=\"Bürgerforum &lt;script&gt;alert(1)&lt;/script&gt;\""),
        "the title comes back, escaped"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("Begrüßung\r\nBedarfe") || html.contains("Begrüßung\nBedarfe"));
    assert!(html.contains("value=\"31.02.2022\""));
    let checkbox = html
        .split("<input")
        .find(|tag| tag.contains("id=\"feld-public_listed\""))
        .and_then(|tag| tag.split('>').next())
        .expect("checkbox");
    assert!(checkbox.contains("checked"), "{checkbox}");

    // Shown once: the address left in the browser history fills nothing in any more.
    let again = body_text(app.get(path, Some(&kai)).await).await;
    assert!(!again.contains("Bürgerforum"));
    // Another address, or the same without the error, shows an empty form again.
    let fresh = body_text(app.get("/intern/termine/neu", Some(&kai)).await).await;
    assert!(!fresh.contains("Bürgerforum"));
    let stale = location.replace("__err=", "__alt=");
    let stale = body_text(
        app.get(stale.trim_start_matches("http://localhost"), Some(&kai))
            .await,
    )
    .await;
    assert!(!stale.contains("Bürgerforum"));

    // A later success drops the echo from the address it returns to.
    let ok = plain_form(&form.replace("31.02.2022", "14.03.2022"), &location);
    let saved = app.send(ok).await;
    assert!(saved.status().is_redirection(), "{:?}", saved.status());
    let next = saved.headers()[header::LOCATION]
        .to_str()
        .expect("location");
    assert!(
        !next.contains("__echo") && !next.contains("__err"),
        "{next}"
    );
}

#[tokio::test]
async fn an_error_message_in_the_address_is_shown_only_if_the_server_made_it() {
    use base64::Engine as _;
    use leptos::server_fn::error::FromServerFnError as _;
    let app = TestApp::new().await;
    let phishing = "Ihr Konto ist gesperrt. Bitte rufen Sie 0800 1234567 an.";
    let forged = base64::engine::general_purpose::URL_SAFE
        .encode(app::error::AppError::Conflict(phishing.into()).ser());
    let link = format!("/anmelden?__path=%2Fapi%2Fanmelden&__err={forged}");
    let answer = app.get(&link, None).await;
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "replaced by a redirect"
    );
    let target = answer.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        target.starts_with("/anmelden?") && !target.contains(&forged),
        "{target}"
    );
    let page = app.get(&target, None).await;
    assert_eq!(page.status(), StatusCode::BAD_REQUEST);
    let html = body_text(page).await;
    assert!(
        html.contains("Das hat nicht geklappt"),
        "the generic message"
    );
    assert!(!html.contains("gesperrt") && !html.contains("0800"));
    // A signature for another error, or an error without its server function, fares alike.
    let other_sig = target
        .split('&')
        .find(|p| p.starts_with("__sig="))
        .expect("signed")
        .to_owned();
    let swapped = format!("/anmelden?__path=%2Fapi%2Fanmelden&__err={forged}&{other_sig}");
    assert_eq!(
        app.get(&swapped, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let bare = app.get(&format!("/anmelden?__err={forged}"), None).await;
    assert_eq!(bare.status(), StatusCode::SEE_OTHER);
    assert_eq!(bare.headers()[header::LOCATION], "/anmelden");
    // The server's own error of a form sent without JavaScript still shows (see the test of
    // the form echo for a whole round).
    let failed = app
        .send(form_request(
            "/api/anmelden",
            "email=niemand%40stadt.example&password=falsch",
            Some("http://localhost/anmelden"),
            None,
            31,
        ))
        .await;
    assert!(failed.status().is_redirection());
    let back = failed.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .trim_start_matches("http://localhost")
        .to_owned();
    assert!(back.contains("__sig="), "{back}");
    let page = app.get(&back, None).await;
    assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
    assert!(body_text(page)
        .await
        .contains("E-Mail-Adresse oder Passwort stimmen nicht"));
}

#[tokio::test]
async fn the_public_list_of_dates_is_open_to_everybody() {
    let app = TestApp::new().await;
    let page = app.get("/termine", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(body_text(page)
        .await
        .contains("Zurzeit sind keine öffentlichen Termine angekündigt."));
    assert_eq!(
        app.post("/api/oeffentliche-termine", "area=gibt-es-nicht", None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post("/api/fortschritt", "year=2022", None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

/// The form's translated title was once read after its reactive owner was gone: under
/// concurrent load some renders panicked. 200 renders, 32 at a time, German and Arabic.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_needs_form_renders_under_concurrent_load() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(32));
    let mut renders = tokio::task::JoinSet::new();
    for n in 0..200 {
        let (app, gate) = (app.clone(), gate.clone());
        renders.spawn(async move {
            let _slot = gate.acquire_owned().await.expect("gate");
            let path = if n % 2 == 0 {
                "/bedarf/hafen"
            } else {
                "/bedarf/hafen?sprache=ar"
            };
            let response = app.get(path, None).await;
            let status = response.status();
            (n, status, body_text(response).await)
        });
    }
    while let Some(joined) = renders.join_next().await {
        let (n, status, html) = joined.expect("no render panicked");
        assert_eq!(status, StatusCode::OK, "render {n}");
        let arabic = n % 2 == 1;
        assert!(
            html.contains("name=\"form_key\""),
            "render {n} has the form"
        );
        let form_language = if arabic {
            "<div lang=\"ar\" dir=\"rtl\" class=\"public-form\">"
        } else {
            "<div lang=\"de\" dir=\"ltr\" class=\"public-form\">"
        };
        assert!(
            html.contains(form_language),
            "render {n} language and direction"
        );
        let title = html
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title)
            .expect("title");
        assert!(title.contains("Hafen"), "render {n} title: {title}");
    }
}

#[tokio::test]
async fn the_needs_form_works_without_javascript_stores_once_and_keeps_bots_out() {
    use app::server::form_token;
    let app = TestApp::new().await;
    let page = app.get("/bedarf/hafen", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    assert!(html.contains("Was braucht Hafen?") && html.contains("name=\"form_key\""));
    assert_eq!(
        app.get("/bedarf/gibt-es-nicht", None).await.status(),
        StatusCode::NOT_FOUND
    );
    // The poster carries the address and its QR code.
    let poster = body_text(app.get("/bedarf/hafen/plakat", None).await).await;
    assert!(poster.contains("http://localhost/bedarf/hafen") && poster.contains("<svg"));

    let opened = chrono::Utc::now().timestamp() - 30;
    let key = || form_token::issue(&app.state.config.link_key, "bedarf:hafen", opened);
    let form = |key: &str, title: &str, trap: &str| {
        format!(
            "area=hafen&form_key={}&website={}&field=3&title={}&description=Seit+das+Caf%C3%A9+zu+hat.\
             &affected=&organisation=&contact_name=&contact_email=",
            enc(key),
            enc(trap),
            enc(title)
        )
    };
    let without_js = |body: String| {
        form_request(
            "/api/bedarf-melden",
            &body,
            Some("http://localhost/bedarf/hafen"),
            None,
            9,
        )
    };
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM need_submissions")
            .fetch_one(&mut *app.state.db.read().await.expect("conn"))
            .await
            .expect("count")
    };

    // Sent twice (double click, reload of the POST): one need, the same receipt.
    let first_key = key();
    let body = form(&first_key, "Treffpunkt <script>alert(1)</script>", "");
    let first = app.send(without_js(body.clone())).await;
    assert!(first.status().is_redirection(), "{:?}", first.status());
    let receipt = first.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        receipt.starts_with("/bedarf/hafen/eingang?schluessel="),
        "{receipt}"
    );
    let again = app.send(without_js(body)).await;
    assert_eq!(again.headers()[header::LOCATION], receipt.as_str());
    assert_eq!(count().await, 1);
    let shown = body_text(app.get(&receipt, None).await).await;
    assert!(shown.contains(&format!("B-{}-0001", chrono::Utc::now().format("%Y"))));
    assert!(shown.contains("Treffpunkt &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!shown.contains("<script>alert(1)"));
    assert_eq!(
        app.get("/bedarf/hafen/eingang?schluessel=geraten", None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // The honeypot: answered like a success, nothing stored.
    let trapped = app
        .send(without_js(form(
            &key(),
            "Billige Uhren",
            "http://spam.example",
        )))
        .await;
    assert_eq!(trapped.headers()[header::LOCATION], "/bedarf/hafen/eingang");
    assert_eq!(count().await, 1);

    // Malformed input: 422 with the fields named; the no-JS page shows it with that status.
    let bad = app
        .post(
            "/api/bedarf-melden",
            &format!("area=hafen&form_key={}&title=&description=", enc(&key())),
            None,
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = body_text(bad).await;
    assert!(
        text.contains("Handlungsfeld") && text.contains("gebraucht"),
        "{text}"
    );
    let bad_without_js = app
        .send(without_js(format!(
            "area=hafen&form_key={}&title=Nur+ein+Titel&description=",
            enc(&key())
        )))
        .await;
    let back = bad_without_js.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    let page = app
        .get(back.trim_start_matches("http://localhost"), None)
        .await;
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(page).await;
    assert!(
        html.contains("value=\"Nur ein Titel\""),
        "typed values come back"
    );
    assert!(html.contains("Bitte beschreiben Sie den Bedarf"));
    assert_eq!(count().await, 1);

    // From another site: refused.
    let cross = app
        .send(with_ip(
            Request::post("/api/bedarf-melden")
                .header(header::HOST, "localhost")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ORIGIN, "https://boese.example")
                .header("sec-fetch-site", "cross-site")
                .body(Body::from(form(&key(), "Fremd", "")))
                .expect("request"),
            9,
        ))
        .await;
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);

    // Twenty needs in ten minutes from one address, then 429 with a German explanation.
    for n in 1..20 {
        let response = app
            .send(without_js(form(&key(), &format!("Bedarf {n}"), "")))
            .await;
        assert!(response.status().is_redirection());
    }
    assert_eq!(count().await, 20);
    let limited = app
        .send(form_request(
            "/api/bedarf-melden",
            &form(&key(), "Einer zu viel", ""),
            None,
            None,
            9,
        ))
        .await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key(header::RETRY_AFTER));
    assert!(body_text(limited).await.contains("Bitte warten Sie"));
    assert_eq!(count().await, 20);
}

#[tokio::test]
async fn personal_data_requests_are_for_the_project_office_only() {
    let app = TestApp::new().await;
    app.user("pb@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let mut tx = app.state.db.write().await.expect("writer");
    sqlx::query(
        "INSERT INTO need_submissions (reference, form_key_hash, area_id, field_number, title,
             description, contact_name, contact_email, consent_at, submitted_at)
         VALUES ('B-2022-0007', x'01', 1, 1, 'Sprachkurse', 'Mit Kinderbetreuung', 'Anna Kaya',
             'anna@example.org', 1650000000, 1650000000)",
    )
    .execute(&mut *tx)
    .await
    .expect("submission");
    tx.commit().await.expect("commit");
    let office = app.login("pb@stadt.example").await;
    let kai = app.login("kai@stadt.example").await;
    let path = "/intern/datenschutz/auskunft.json";
    let asked = "email=ANNA%40example.org";

    // The address travels in the body: a GET with it in the URL is not answered.
    assert_eq!(
        app.get(&format!("{path}?{asked}"), Some(&office))
            .await
            .status(),
        StatusCode::METHOD_NOT_ALLOWED
    );
    let export = app.post(path, asked, Some(&office)).await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(export.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("application/json"));
    assert!(export.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("disposition")
        .contains("auskunft.json"));
    let json: serde_json::Value = serde_json::from_str(&body_text(export).await).expect("json");
    assert_eq!(json["email"], "anna@example.org");
    assert_eq!(json["submissions"][0]["reference"], "B-2022-0007");
    assert_eq!(json["submissions"][0]["name"], "Anna Kaya");

    assert_eq!(
        app.post(path, asked, Some(&kai)).await.status(),
        StatusCode::FORBIDDEN
    );
    let anonymous = app.post(path, asked, None).await.status();
    assert!(
        anonymous == StatusCode::UNAUTHORIZED || anonymous == StatusCode::SEE_OTHER,
        "{anonymous:?}"
    );
    assert_eq!(
        app.post(
            "/api/personendaten-loeschen",
            "email=anna%40example.org&confirm=ja",
            Some(&kai)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let unconfirmed = app
        .post(
            "/api/personendaten-loeschen",
            "email=anna%40example.org",
            Some(&office),
        )
        .await;
    assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Erasing asks for a current code (step-up), also of a signed-in Projektbüro…
    let without_code = app
        .post(
            "/api/personendaten-loeschen",
            "email=anna%40example.org&confirm=ja",
            Some(&office),
        )
        .await;
    assert_eq!(without_code.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(without_code)
        .await
        .contains("aktuellen Code aus Ihrer App"));
    let still: serde_json::Value =
        serde_json::from_str(&body_text(app.post(path, asked, Some(&office)).await).await)
            .expect("json");
    assert_ne!(
        still["submissions"],
        serde_json::json!([]),
        "nothing erased"
    );
    let wrong = app
        .post(
            "/api/personendaten-loeschen",
            "email=anna%40example.org&confirm=ja&step_up_code=000000x",
            Some(&office),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let code = app.next_code("pb@stadt.example").await;
    let erased = app
        .post(
            "/api/personendaten-loeschen",
            &format!("email=anna%40example.org&confirm=ja&step_up_code={code}"),
            Some(&office),
        )
        .await;
    assert!(erased.status().is_success() || erased.status().is_redirection());
    let after: serde_json::Value =
        serde_json::from_str(&body_text(app.post(path, asked, Some(&office)).await).await)
            .expect("json");
    assert_eq!(after["submissions"], serde_json::json!([]));
    let title: String = sqlx::query_scalar("SELECT title FROM need_submissions")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("need stays");
    assert_eq!(title, "Sprachkurse");
}

#[tokio::test]
async fn the_needs_catalogue_exports_for_its_staff_and_moderation_refuses_bad_input() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    app.user("nora@stadt.example", "beauftragte", &["nordmarkt"])
        .await;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO needs (reference, area_id, field_number, title, description, source, status,
             noted_at, created_at, updated_at, search_stems)
         SELECT 'B-2022-0001', id, 2, 'Spielplätze für Übergänge', '=HYPERLINK(\"x\")', 'manuell',
             'angenommen', 1650000000, 1650000000, 1650000000, 'spielplatz ubergang'
         FROM areas WHERE slug = 'hafen' RETURNING id",
    )
    .fetch_one(&mut *app.state.db.read().await.expect("conn"))
    .await
    .expect("need");
    let kai = app.login("kai@stadt.example").await;
    let nora = app.login("nora@stadt.example").await;

    let csv = app
        .get(
            "/intern/bedarfe/bedarfe.csv?gebiet=hafen&q=Spielplatz",
            Some(&kai),
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(
        csv.headers()[header::CONTENT_TYPE].to_str().expect("type"),
        "text/csv; charset=utf-8"
    );
    let bytes = axum::body::to_bytes(csv.into_body(), usize::MAX)
        .await
        .expect("body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    assert!(
        text.contains("B-2022-0001;Hafen;2 Eltern und Kinder"),
        "{text}"
    );
    assert!(text.contains("Spielplätze für Übergänge"));
    assert!(text.contains("\"'=HYPERLINK"), "formula defused: {text}");

    let xlsx = app
        .get("/intern/bedarfe/bedarfe.xlsx?gebiet=hafen", Some(&kai))
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(xlsx.into_body(), usize::MAX)
        .await
        .expect("body");
    assert!(bytes.starts_with(b"PK"));

    // Other coordinators see neither the file nor the need; anonymous users go to the login.
    assert_eq!(
        app.get("/intern/bedarfe/bedarfe.csv?gebiet=hafen", Some(&nora))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let own_only = body_text(app.get("/intern/bedarfe/bedarfe.csv", Some(&nora)).await).await;
    assert!(!own_only.contains("Spielplätze"));
    assert_eq!(
        app.get("/intern/bedarfe/bedarfe.csv", None).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post(
            "/api/bedarf-ablehnen",
            &format!("id={id}&reason=doppelt"),
            Some(&nora)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );

    // Bad input: 4xx with a message, never a 500.
    let no_reason = app
        .post(
            "/api/bedarf-ablehnen",
            &format!("id={id}&reason=+"),
            Some(&kai),
        )
        .await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(no_reason)
        .await
        .contains("warum der Bedarf abgelehnt wird"));
    let malformed = app
        .post("/api/bedarf-annehmen", "id=abc&field=1&title=x", Some(&kai))
        .await;
    assert!(
        malformed.status().is_client_error(),
        "{}",
        malformed.status()
    );
    let unknown = app
        .post(
            "/api/bedarf-annehmen",
            "id=999999&field=1&title=x",
            Some(&kai),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // Already accepted: a second accept (another tab) is a conflict, not a second step.
    let again = app
        .post(
            "/api/bedarf-annehmen",
            &format!("id={id}&field=1&title=Neu"),
            Some(&kai),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let unknown_target = app
        .post(
            "/api/bedarf-zusammenfuehren",
            &format!("id={id}&target_reference=B-1999-0001"),
            Some(&kai),
        )
        .await;
    assert_eq!(unknown_target.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// A JSON server-function call as the hydrated editor sends it.
fn json_request(path: &str, body: &str, cookie: &str) -> Request<Body> {
    with_ip(
        Request::post(path)
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, "http://localhost")
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, cookie)
            .body(Body::from(body.to_owned()))
            .expect("request"),
        1,
    )
}

#[tokio::test]
async fn programmes_answer_403_409_422_and_only_published_ones_are_open_data() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    app.user("eva@stadt.example", "beauftragte", &["nordmarkt"])
        .await;
    let kai = app.login("kai@stadt.example").await;
    let eva = app.login("eva@stadt.example").await;
    let office = app.login("buero@stadt.example").await;
    let save = |based_on: i64, title: &str| {
        format!(
            r#"{{"area":"hafen","based_on":{based_on},"note":"","content":{{"situation":"Lage","measures":[{{"id":"m1","field":"Work","title":"{title}","status":"Planned","project_funds_cents":250000}}]}}}}"#
        )
    };
    let status = |response: Response<Body>| response.status();

    // Another area's coordinator may not save; a measure without a title is explained (422).
    assert_eq!(
        status(
            app.send(json_request(
                "/api/programm-speichern",
                &save(0, "Sprachcafé"),
                &eva
            ))
            .await
        ),
        StatusCode::FORBIDDEN
    );
    let empty = app
        .send(json_request("/api/programm-speichern", &save(0, " "), &kai))
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(empty).await.contains("Titel für die Maßnahme"));
    let garbage = app
        .send(json_request(
            "/api/programm-speichern",
            "{\"area\":1}",
            &kai,
        ))
        .await;
    assert!(garbage.status().is_client_error(), "{}", garbage.status());

    let saved = app
        .send(json_request(
            "/api/programm-speichern",
            &save(0, "Sprachcafé"),
            &kai,
        ))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert!(body_text(saved).await.contains("Stored"));
    // Saving on an old version changes nothing and answers with the merge.
    let late = app
        .send(json_request(
            "/api/programm-speichern",
            &save(0, "Sprachtreff"),
            &kai,
        ))
        .await;
    assert_eq!(late.status(), StatusCode::OK);
    assert!(body_text(late).await.contains("Concurrent"));

    let step =
        |step: &str, version: i64| format!("area=hafen&step={step}&version={version}&comment=");
    assert_eq!(
        status(
            app.post("/api/programm-schritt", &step("freigeben", 1), Some(&kai))
                .await
        ),
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(
            app.post("/api/programm-schritt", &step("einreichen", 1), Some(&kai))
                .await
        ),
        StatusCode::OK
    );
    // Submitted: nobody saves; a return needs a question; the submitter cannot approve.
    assert_eq!(
        status(
            app.send(json_request(
                "/api/programm-speichern",
                &save(1, "Neu"),
                &kai
            ))
            .await
        ),
        StatusCode::CONFLICT
    );
    assert_eq!(
        status(
            app.post(
                "/api/programm-schritt",
                &step("zurueckgeben", 1),
                Some(&office)
            )
            .await
        ),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        status(
            app.post(
                "/api/programm-schritt",
                &step("gibt-es-nicht", 1),
                Some(&office)
            )
            .await
        ),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for unpublished in [
        "/offene-daten/aktionsprogramme/hafen.json",
        "/gebiete/hafen/aktionsprogramm.pdf",
    ] {
        assert_eq!(
            status(app.get(unpublished, None).await),
            StatusCode::NOT_FOUND,
            "{unpublished}"
        );
    }
    for (name, version) in [("freigeben", 1), ("veroeffentlichen", 1)] {
        assert_eq!(
            status(
                app.post("/api/programm-schritt", &step(name, version), Some(&office))
                    .await
            ),
            StatusCode::OK,
            "{name}"
        );
    }

    let open = app
        .get("/offene-daten/aktionsprogramme/hafen.json", None)
        .await;
    assert_eq!(open.status(), StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body_text(open).await).expect("json");
    assert_eq!(json["fassung"], 1);
    assert_eq!(
        json["handlungsfelder"][0]["massnahmen"][0]["titel"],
        "Sprachcafé"
    );
    let csv = app.get("/offene-daten/massnahmen.csv", None).await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = body_text(csv).await;
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("Hafen;1;"), "{text}");
    assert!(text.contains(";2500,00;"), "{text}");
    let openapi = app.get("/offene-daten/openapi.json", None).await;
    let doc: serde_json::Value =
        serde_json::from_str(&body_text(openapi).await).expect("openapi json");
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/offene-daten/massnahmen.csv"].is_object());
    assert_eq!(
        status(
            app.get("/offene-daten/aktionsprogramme/hafen.txt", None)
                .await
        ),
        StatusCode::NOT_FOUND
    );
    // Open data may be kept by caches, and revalidated by its ETag.
    let again = app.get("/offene-daten/massnahmen.csv", None).await;
    assert_eq!(
        again.headers()[header::CACHE_CONTROL],
        "public, max-age=300"
    );
    let csv_tag = again.headers()[header::ETAG]
        .to_str()
        .expect("etag")
        .to_owned();
    let mut revalidate = Request::get("/offene-daten/massnahmen.csv")
        .header(header::HOST, "localhost")
        .header(header::IF_NONE_MATCH, &csv_tag)
        .body(Body::empty())
        .expect("request");
    revalidate
        .extensions_mut()
        .insert(ClientIp(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    let unchanged = app.send(revalidate).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.headers()[header::ETAG], csv_tag.as_str());
    // The PDF: made by the server, with the area in its file name; a bad version is explained.
    // Asked for by several people at once, it is laid out once, and they all get it.
    let asking: Vec<_> = (0..6)
        .map(|_| {
            let router = app.router.clone();
            tokio::spawn(async move {
                router
                    .oneshot(with_ip(
                        Request::get("/gebiete/hafen/aktionsprogramm.pdf")
                            .header(header::HOST, "localhost")
                            .body(Body::empty())
                            .expect("request"),
                        1,
                    ))
                    .await
                    .expect("response")
            })
        })
        .collect();
    let mut answers = Vec::new();
    for asked in asking {
        answers.push(asked.await.expect("task"));
    }
    let pdf = answers.pop().expect("an answer");
    assert_eq!(pdf.status(), StatusCode::OK);
    for other in &answers {
        assert_eq!(other.status(), StatusCode::OK);
        assert_eq!(other.headers()[header::ETAG], pdf.headers()[header::ETAG]);
    }
    assert_eq!(pdf.headers()[header::CONTENT_TYPE], "application/pdf");
    // Published versions never change: public caching, an ETag, and laid out only once.
    assert_eq!(pdf.headers()[header::CACHE_CONTROL], "public, max-age=300");
    let pdf_tag = pdf.headers()[header::ETAG]
        .to_str()
        .expect("etag")
        .to_owned();
    assert!(server::programme_pdf::kept_pdfs() >= 1);
    let second = app.get("/gebiete/hafen/aktionsprogramm.pdf", None).await;
    assert_eq!(second.headers()[header::ETAG], pdf_tag.as_str());
    assert_eq!(
        server::programme_pdf::renderings(&pdf_tag),
        1,
        "laid out once for seven requests"
    );
    let mut cached = Request::get("/gebiete/hafen/aktionsprogramm.pdf")
        .header(header::HOST, "localhost")
        .header(header::IF_NONE_MATCH, &pdf_tag)
        .body(Body::empty())
        .expect("request");
    cached
        .extensions_mut()
        .insert(ClientIp(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    assert_eq!(app.send(cached).await.status(), StatusCode::NOT_MODIFIED);
    assert!(pdf.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains("aktionsprogramm-hafen-fassung-1.pdf"));
    let bytes = axum::body::to_bytes(pdf.into_body(), 10 * 1024 * 1024)
        .await
        .expect("pdf body");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(bytes.len() > 2_000, "PDF of {} bytes", bytes.len());
    assert_eq!(
        status(
            app.get("/gebiete/hafen/aktionsprogramm.pdf?fassung=zwei", None)
                .await
        ),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        status(
            app.get("/gebiete/hafen/aktionsprogramm.pdf?fassung=9", None)
                .await
        ),
        StatusCode::NOT_FOUND
    );
    // One version, one address: other spellings and numbers past any version are 404 and
    // never fill the page cache; the real address is kept.
    for path in [
        "/gebiete/hafen/programm/fassung/01",
        "/gebiete/hafen/programm/fassung/0",
        "/gebiete/hafen/programm/fassung/99999999999999999999",
        "/gebiete/hafen/programm/fassung/7",
    ] {
        assert_eq!(
            status(app.get(path, None).await),
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_ne!(
            cache_state(&app.get(path, None).await).as_deref(),
            Some("hit"),
            "{path}"
        );
    }
    assert_eq!(
        status(app.get("/gebiete/hafen/programm/fassung/1", None).await),
        StatusCode::OK
    );
    assert_eq!(
        cache_state(&app.get("/gebiete/hafen/programm/fassung/1", None).await).as_deref(),
        Some("hit")
    );
    let page = app.get("/gebiete/hafen/programm", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    assert!(html.contains("Sprachcafé"));
    assert!(
        !html.contains("Test</"),
        "no staff names on the public page"
    );

    // The editor's needs column and organisation search: for the area's staff, paged, bounded.
    let needs = |cookie: &str, query: &str| {
        json_request(
            "/api/programm-bedarfe",
            &format!(r#"{{"area":"hafen","query":{query}}}"#),
            cookie,
        )
    };
    let first = app
        .send(needs(
            &kai,
            r#"{"field":null,"text":"","skip":[],"after":null}"#,
        ))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let pages: serde_json::Value = serde_json::from_str(&body_text(first).await).expect("pages");
    assert_eq!(
        pages.as_array().map(Vec::len),
        Some(app::domain::field_of_action::FieldOfAction::ALL.len()),
        "one page per Handlungsfeld: {pages}"
    );
    assert_eq!(
        status(
            app.send(needs(
                &eva,
                r#"{"field":null,"text":"","skip":[],"after":null}"#
            ))
            .await
        ),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(
            app.send(needs(
                &kai,
                r#"{"field":"Work","text":"","skip":[],"after":"gestern"}"#
            ))
            .await
        ),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let search = app
        .post(
            "/api/programm-organisationen",
            "area=hafen&text=ve",
            Some(&kai),
        )
        .await;
    assert_eq!(search.status(), StatusCode::OK);
    assert_eq!(
        status(
            app.post("/api/programm-organisationen", "area=hafen&text=ve", None)
                .await
        ),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(
            app.post(
                "/api/programm-organisationen",
                "area=hafen&text=ve",
                Some(&eva)
            )
            .await
        ),
        StatusCode::FORBIDDEN
    );
    // The staff page pages its history by query.
    let older = app
        .get(
            "/intern/gebiete/hafen/programm?fassungen_vor=2&verlauf_vor=1",
            Some(&kai),
        )
        .await;
    assert_eq!(older.status(), StatusCode::OK);
    assert!(body_text(older).await.contains("Neueste Fassungen zeigen"));
}

/// Another process holds SQLite's write lock beyond the busy timeout: writes answer a calm German
/// 503 with `Retry-After` and leave nothing behind, reads go on, and the app recovers by itself.
#[tokio::test]
async fn a_database_locked_by_another_process_gives_503_and_recovers() {
    use sqlx::ConnectOptions as _;
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let sessions = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sessions")
            .fetch_one(&mut *app.state.db.read().await.expect("conn"))
            .await
            .expect("count")
    };
    let mut other = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(app._dir.path().join("http.sqlite"))
        .connect()
        .await
        .expect("second connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("lock");

    let refused = app
        .post(
            "/api/anmelden",
            &format!("email=kai%40stadt.example&password={}", enc(PASSWORD)),
            None,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        refused
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("60")
    );
    assert!(body_text(refused).await.contains("gerade überlastet"));
    assert_eq!(sessions().await, 0, "no session half-written");
    // Reading does not wait for the lock (WAL).
    let page = app.get("/gebiete/hafen", None).await;
    let status = page.status();
    assert_eq!(status, StatusCode::OK, "{}", body_text(page).await);

    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("unlock");
    app.login("kai@stadt.example").await;
    assert_eq!(sessions().await, 1);
}

/// A full disk (simulated by capping the database's pages): writes answer 503 in German, what
/// was answered as saved is all there, reads keep working, and writing works again with room.
#[tokio::test]
async fn a_full_disk_gives_503_for_writes_and_reads_keep_working() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&mut *app.state.db.writer().await.expect("writer"))
        .await
        .expect("pages");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA max_page_count = {pages}"
    )))
    .execute(&mut *app.state.db.writer().await.expect("writer"))
    .await
    .expect("cap");
    let login = format!("email=kai%40stadt.example&password={}", enc(PASSWORD));
    let mut saved = 0;
    let mut full = None;
    for attempt in 0..400 {
        let response = app.post("/api/anmelden", &login, None).await;
        match response.status() {
            StatusCode::OK => saved += 1,
            StatusCode::SERVICE_UNAVAILABLE => {
                full = Some(body_text(response).await);
                break;
            }
            other => panic!("attempt {attempt}: {other}"),
        }
    }
    let full = full.expect("the capped database fills up");
    assert!(full.contains("gerade überlastet"), "{full}");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions")
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("count");
    assert_eq!(stored, saved, "every acknowledged login and nothing else");
    assert_eq!(
        app.get("/gebiete/hafen", None).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/bedarf/hafen", None).await.status(),
        StatusCode::OK
    );

    sqlx::query("PRAGMA max_page_count = 1073741823")
        .execute(&mut *app.state.db.writer().await.expect("writer"))
        .await
        .expect("room again");
    app.login("kai@stadt.example").await;
}

/// The staff list of meetings comes in pages of 100, continued by position: every meeting once.
#[tokio::test]
async fn the_meeting_list_is_paged() {
    use app::domain::schedule::MeetingInput;
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let kai = {
        let mut conn = app.state.db.read().await.expect("conn");
        let id = app::server::repo::users::id_by_email(&mut conn, "kai@stadt.example")
            .await
            .expect("query")
            .expect("id");
        app::server::repo::users::current_user(&mut conn, id)
            .await
            .expect("query")
            .expect("user")
    };
    for n in 0..105 {
        let input = MeetingInput {
            title: format!("Gespräch {n}"),
            kind: "akteursgespraech".into(),
            date: format!("2031-{:02}-{:02}", 1 + n % 12, 1 + n / 12),
            start_time: "10:00".into(),
            end_time: "11:00".into(),
            venue_name: format!("Raum {n}"),
            format: "praesenz".into(),
            ..MeetingInput::default()
        };
        let staff = access::area_of(&app.state.db, &kai, "hafen")
            .await
            .expect("staff");
        app::server::services::meetings::schedule(
            &app.state.db,
            &staff,
            &kai.id.to_string(),
            &input,
            true,
        )
        .await
        .expect("planned");
    }
    let cookie = app.login("kai@stadt.example").await;
    let page = |after: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            let form = format!("view=liste&date=&area=&organiser=&status=&after={after}");
            let response = app.post("/api/termine", &form, Some(&cookie)).await;
            assert_eq!(response.status(), StatusCode::OK);
            let data: serde_json::Value =
                serde_json::from_str(&body_text(response).await).expect("json");
            let ids: Vec<i64> = data["meetings"]
                .as_array()
                .expect("meetings")
                .iter()
                .map(|m| m["id"].as_i64().expect("id"))
                .collect();
            (ids, data["next_after"].as_str().map(str::to_owned))
        }
    };
    let (first, next) = page(String::new()).await;
    assert_eq!(first.len(), 100);
    let (rest, end) = page(next.expect("a second page")).await;
    assert_eq!(rest.len(), 5);
    assert_eq!(end, None);
    let mut all: Vec<i64> = first.into_iter().chain(rest).collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 105, "every meeting exactly once");
}

/// The `CurrentUser` of an account, for setting up data through the services.
/// Saves `content` as Hafen's first version; submitted, approved and published.
async fn publish_in_hafen(
    app: &TestApp,
    kai: &app::domain::user::CurrentUser,
    office: &app::domain::user::CurrentUser,
    content: &app::domain::programme::ProgrammeContent,
    now: i64,
) {
    use app::domain::workflow::Step;
    use app::server::services::programmes;
    let db = &app.state.db;
    let staff = access::area_of(db, kai, "hafen").await.expect("staff");
    programmes::save(db, &staff, 0, content, "", now)
        .await
        .expect("saved");
    programmes::take_step(db, &staff, Step::Submit, 1, "", &[], now)
        .await
        .expect("submit");
    let review = access::area_of(db, office, "hafen").await.expect("office");
    for step in [Step::Approve, Step::Publish] {
        programmes::take_step(db, &review, step, 1, "", &[], now)
            .await
            .expect("step");
    }
}

async fn current_user(app: &TestApp, email: &str) -> app::domain::user::CurrentUser {
    let mut conn = app.state.db.read().await.expect("conn");
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
        .bind(email)
        .fetch_one(&mut *conn)
        .await
        .expect("id");
    app::server::repo::users::current_user(&mut conn, id)
        .await
        .expect("query")
        .expect("user")
}

#[tokio::test]
async fn a_coordinator_cannot_invite_or_read_contacts_of_another_area() {
    use app::domain::organisation::{ContactFields, OrganisationFields, OrganisationKind};
    use app::domain::schedule::MeetingInput;
    use app::server::services::{meetings, organisations};
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let office = current_user(&app, "buero@stadt.example").await;
    let kai = current_user(&app, "kai@stadt.example").await;
    let elsewhere = organisations::create(
        &app.state.db,
        &office,
        OrganisationFields {
            name: "Jugendtreff Westerfilde".into(),
            kind: OrganisationKind::Daycare,
            notes: String::new(),
            area_slugs: vec!["bodelschwingh-westerfilde".into()],
            fields: vec![],
        },
    )
    .await
    .expect("organisation");
    let editor = access::organisation_of(&app.state.db, &office, elsewhere)
        .await
        .expect("editor");
    let contact = organisations::add_contact(
        &app.state.db,
        &editor,
        ContactFields {
            name: "Bernd Fremd".into(),
            function: String::new(),
            email: "bernd.fremd@example.org".into(),
            phone: "0231 555 0101".into(),
            consent_on: chrono::NaiveDate::from_ymd_opt(2022, 2, 1).expect("date"),
            consent_purpose: "Einladungen".into(),
        },
    )
    .await
    .expect("contact");
    let input = MeetingInput {
        title: "Akteursgespräch Hafen".into(),
        kind: "akteursgespraech".into(),
        date: "2030-03-31".into(),
        start_time: "17:00".into(),
        end_time: "19:00".into(),
        venue_name: "Depot".into(),
        format: "praesenz".into(),
        ..MeetingInput::default()
    };
    let hafen = access::area_of(&app.state.db, &kai, "hafen")
        .await
        .expect("staff");
    let meeting = meetings::schedule(&app.state.db, &hafen, &kai.id.to_string(), &input, false)
        .await
        .expect("meeting");

    let session = app.login("kai@stadt.example").await;
    for invitee in [format!("c{contact}"), format!("o{elsewhere}")] {
        let answer = app
            .post(
                "/api/einladen",
                &format!("meeting={meeting}&invitees%5B{invitee}%5D=on"),
                Some(&session),
            )
            .await;
        assert_eq!(
            answer.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{invitee}"
        );
    }
    let list = app
        .post(
            "/api/einladungen",
            &format!("meeting={meeting}"),
            Some(&session),
        )
        .await;
    assert_eq!(list.status(), StatusCode::OK);
    let text = body_text(list).await;
    for personal in ["Bernd Fremd", "bernd.fremd@example.org", "555 0101"] {
        assert!(!text.contains(personal), "{personal} leaked: {text}");
    }
}

#[tokio::test]
async fn after_login_only_paths_of_this_site_are_followed() {
    let app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    for (next, expected) in [
        ("%2F%09%2Fevil.example", "/intern"),
        ("%2F%2Fevil.example", "/intern"),
        ("%2F%5Cevil.example", "/intern"),
        ("%2F%252F%2Fevil.example", "/intern"),
        ("https%3A%2F%2Fevil.example", "/intern"),
        ("%2Fintern%2Fbedarfe%3Fq%3DKita", "/intern/bedarfe?q=Kita"),
    ] {
        let form = format!(
            "email=kai%40stadt.example&password={}&next={next}",
            enc(PASSWORD)
        );
        let answer = app
            .send(form_request(
                "/api/anmelden",
                &form,
                Some("http://localhost/anmelden"),
                None,
                7,
            ))
            .await;
        assert!(
            answer.status().is_redirection(),
            "{next}: {:?}",
            answer.status()
        );
        assert_eq!(answer.headers()[header::LOCATION], expected, "{next}");
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_visitor_has_their_own_limits() {
    let mut app = TestApp::new().await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let wrong_from = |forwarded_for: &str, email: &str| {
        let mut request = form_request(
            "/api/anmelden",
            &format!("email={}&password=falsch", enc(email)),
            None,
            None,
            1,
        );
        request.headers_mut().insert(
            "x-forwarded-for",
            forwarded_for.parse().expect("header value"),
        );
        request
    };
    // Without --trusted-proxy the header is ignored: the peer 10.0.0.1 is one client.
    for n in 0..10 {
        let answer = app
            .send(wrong_from(&format!("203.0.113.{n}"), &format!("a{n}@x.de")))
            .await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    }
    let answer = app.send(wrong_from("203.0.113.99", "b@x.de")).await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);

    // With the proxy trusted, the address it names counts; a forged entry left of it does not.
    app.state.trusted_proxies =
        std::sync::Arc::new(app::server::client_address::TrustedProxies::new(vec![
            "10.0.0.1".parse().expect("net"),
        ]));
    app.router = server::router(app.state.clone());
    for n in 0..10 {
        let answer = app
            .send(wrong_from(
                &format!("{n}.9.9.9, 198.51.100.7"),
                &format!("c{n}@x.de"),
            ))
            .await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "try {n}");
    }
    let limited = app.send(wrong_from("198.51.100.7", "d@x.de")).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another visitor behind the same proxy, and the staff member, still get in.
    let other = app.send(wrong_from("198.51.100.8", "e@x.de")).await;
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
    let mut right = form_request(
        "/api/anmelden",
        &format!("email=kai%40stadt.example&password={}", enc(PASSWORD)),
        None,
        None,
        1,
    );
    right
        .headers_mut()
        .insert("x-forwarded-for", "192.0.2.44".parse().expect("value"));
    assert_eq!(app.send(right).await.status(), StatusCode::OK);

    // The proxy appends to X-Forwarded-For only: a `Forwarded` the client writes itself reaches
    // the app unchanged and must not make each try a new visitor.
    for n in 0..10 {
        let mut forged = wrong_from("192.0.2.50", &format!("f{n}@x.de"));
        forged.headers_mut().insert(
            header::FORWARDED,
            format!("for=198.51.100.{}", 100 + n)
                .parse()
                .expect("header value"),
        );
        assert_eq!(app.send(forged).await.status(), StatusCode::UNAUTHORIZED);
    }
    let mut forged = wrong_from("192.0.2.50", "g@x.de");
    forged.headers_mut().insert(
        header::FORWARDED,
        "for=198.51.100.200".parse().expect("header value"),
    );
    assert_eq!(
        app.send(forged).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged Forwarded is ignored"
    );

    // An operator whose proxy writes `Forwarded` names it; then X-Forwarded-For is ignored.
    app.state.trusted_proxies =
        std::sync::Arc::new(app::server::client_address::TrustedProxies::with_header(
            vec!["10.0.0.1".parse().expect("net")],
            app::server::client_address::ForwardedHeader::Forwarded,
        ));
    app.router = server::router(app.state.clone());
    for n in 0..10 {
        let mut request = wrong_from(&format!("203.0.113.{}", 100 + n), &format!("h{n}@x.de"));
        request.headers_mut().insert(
            header::FORWARDED,
            "for=192.0.2.60".parse().expect("header value"),
        );
        assert_eq!(app.send(request).await.status(), StatusCode::UNAUTHORIZED);
    }
    let mut request = wrong_from("203.0.113.250", "i@x.de");
    request.headers_mut().insert(
        header::FORWARDED,
        "for=192.0.2.60".parse().expect("header value"),
    );
    assert_eq!(
        app.send(request).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

// ---------------------------------------------------------------------------------------------
// The authorization matrix: every server function and plain route, asked by every kind of caller.

/// Who may call a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Everybody, also without an account.
    Public,
    /// Everybody behind a secret link (invitation, receipt): what it shows belongs to the
    /// holder of the link, so personal data in it is no leak.
    Link,
    /// Every logged-in staff member; each sees only what their areas allow.
    Staff,
    /// The Projektbüro and the coordinators of the object's area (Hafen).
    Area,
    /// The Projektbüro only.
    Office,
    /// Only a login waiting for its second factor (its own cookie, which no caller of the
    /// matrix has): everybody else gets 401, even a signed-in session.
    Challenge,
}

/// A caller of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    /// Logged in, then locked by the Projektbüro (the session ended with it).
    Locked,
    /// The coordinator of Nordmarkt: another area.
    OtherArea,
    /// The coordinator of Hafen, where every object of the matrix lives.
    OwnArea,
    ProjectOffice,
}

enum Call {
    /// A server function: endpoint, form or JSON body.
    Form(&'static str, Box<dyn Fn() -> String>),
    Json(&'static str, String),
    /// A plain route or page (GET).
    Get(String),
    /// A plain route that takes a form (POST).
    Post(&'static str, String),
}

struct Row {
    call: Call,
    access: Access,
}

fn form(endpoint: &'static str, body: impl Into<String>, access: Access) -> Row {
    let body = body.into();
    Row {
        call: Call::Form(endpoint, Box::new(move || body.clone())),
        access,
    }
}

/// Personal data of Hafen's stakeholders that only Hafen's staff may see.
const HAFEN_PERSONAL_DATA: [&str; 7] = [
    "Carla Kontakt",
    "carla.kontakt@example.org",
    "0231 777 1234",
    "Sina Meldung",
    "sina.meldung@example.org",
    "Walter Zugang",
    "0231 777",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_over_every_server_function_and_route() {
    use app::domain::organisation::{ContactFields, OrganisationFields, OrganisationKind};
    use app::domain::schedule::MeetingInput;
    use app::server::form_token;
    use app::server::services::{invitations, meetings, organisations};
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    app.user("ute@stadt.example", "beauftragte", &["nordmarkt"])
        .await;
    app.user("lena@stadt.example", "beauftragte", &["hafen"])
        .await;
    app.user("opfer@stadt.example", "beauftragte", &["hafen"])
        .await;
    let office = current_user(&app, "buero@stadt.example").await;
    let kai = current_user(&app, "kai@stadt.example").await;
    let victim = current_user(&app, "opfer@stadt.example").await;
    let db = &app.state.db;

    // Hafen's objects, with the personal data the matrix looks for.
    let org = organisations::create(
        db,
        &kai,
        OrganisationFields {
            name: "Kita Hafenkante".into(),
            kind: OrganisationKind::Daycare,
            notes: String::new(),
            area_slugs: vec!["hafen".into()],
            fields: vec![],
        },
    )
    .await
    .expect("organisation");
    let contact = |name: &str, email: &str| ContactFields {
        name: name.into(),
        function: String::new(),
        email: email.into(),
        phone: "0231 777 1234".into(),
        consent_on: chrono::NaiveDate::from_ymd_opt(2022, 2, 1).expect("date"),
        consent_purpose: "Einladungen".into(),
    };
    let editor = access::organisation_of(db, &kai, org)
        .await
        .expect("editor");
    let carla = organisations::add_contact(
        db,
        &editor,
        contact("Carla Kontakt", "carla.kontakt@example.org"),
    )
    .await
    .expect("contact");
    let spare_contact =
        organisations::add_contact(db, &editor, contact("Carla Kontakt", "carla2@example.org"))
            .await
            .expect("contact");
    let meeting_input = |title: &str, date: &str| MeetingInput {
        title: title.into(),
        kind: "akteursgespraech".into(),
        date: date.into(),
        start_time: "17:00".into(),
        end_time: "19:00".into(),
        venue_name: format!("Depot {title}"),
        format: "praesenz".into(),
        ..MeetingInput::default()
    };
    let hafen = access::area_of(db, &kai, "hafen").await.expect("staff");
    let meeting = meetings::schedule(
        db,
        &hafen,
        &kai.id.to_string(),
        &meeting_input("Akteursgespräch Hafen", "2030-03-31"),
        true,
    )
    .await
    .expect("meeting");
    let spare_meeting = meetings::schedule(
        db,
        &hafen,
        &kai.id.to_string(),
        &meeting_input("Zweiter Termin", "2030-04-07"),
        true,
    )
    .await
    .expect("meeting");
    let at_meeting = access::meeting_of(db, &kai, meeting).await.expect("proof");
    let at_spare = access::meeting_of(db, &kai, spare_meeting)
        .await
        .expect("proof");
    invitations::invite(
        db,
        &app.state.config,
        &at_meeting,
        &[invitations::Invitee::Contact(carla)],
    )
    .await
    .expect("invited");
    invitations::invite(
        db,
        &app.state.config,
        &at_spare,
        &[invitations::Invitee::Contact(carla)],
    )
    .await
    .expect("invited");
    let (_, invited, _) = invitations::overview(db, &app.state.config, &at_meeting)
        .await
        .expect("invitations");
    let invitation = invited[0].id;
    let reply_token = invited[0]
        .link
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned();
    let (_, spare_invited, _) = invitations::overview(db, &app.state.config, &at_spare)
        .await
        .expect("invitations");
    let spare_invitation = spare_invited[0].id;

    let kai_session = app.login("kai@stadt.example").await;
    let walk_in = app
        .post(
            "/api/protokoll-formular",
            &format!("meeting={meeting}&op=gast&person_name=Walter+Zugang&organisation_name=Nachbarschaft"),
            Some(&kai_session),
        )
        .await;
    assert!(walk_in.status().as_u16() < 400, "{:?}", walk_in.status());

    // A need from the public form, with the submitter's name and address.
    let opened = chrono::Utc::now().timestamp() - 30;
    let need_form = |title: &str| {
        format!(
            "area=hafen&form_key={}&website=&field=2&title={}&description=Zu+wenig+Pl%C3%A4tze.\
             &affected=&organisation=&contact_name=Sina+Meldung&contact_email=sina.meldung%40example.org&consent=ja&language=de",
            enc(&form_token::issue(&app.state.config.link_key, "bedarf:hafen", opened)),
            enc(title)
        )
    };
    let sent = app
        .send(form_request(
            "/api/bedarf-melden",
            &need_form("Kita-Plätze"),
            Some("http://localhost/bedarf/hafen"),
            None,
            30,
        ))
        .await;
    assert!(sent.status().is_redirection(), "{:?}", sent.status());
    let receipt_key = sent.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .rsplit('=')
        .next()
        .expect("key")
        .to_owned();
    let need: i64 = sqlx::query_scalar("SELECT id FROM needs ORDER BY id LIMIT 1")
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("need");
    let programme = r#"{"area":"hafen","based_on":BASE,"note":"","content":{"situation":"Lage am Hafen","measures":[{"id":"m1","field":"Work","title":"Sprachcafé","status":"Planned","project_funds_cents":250000}]}}"#;
    let saved = app
        .send(json_request(
            "/api/programm-speichern",
            &programme.replace("BASE", "0"),
            &kai_session,
        ))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);

    // Sessions of every caller; Lena is locked after logging in.
    let lena = app.login("lena@stadt.example").await;
    let lena_id = current_user(&app, "lena@stadt.example").await.id;
    let as_office = access::project_office(&office).expect("office");
    app::server::services::users::set_disabled(db, &as_office, lena_id, true)
        .await
        .expect("locked");
    let sessions = [
        (Caller::Anonymous, None),
        (Caller::Locked, Some(lena)),
        (
            Caller::OtherArea,
            Some(app.login("ute@stadt.example").await),
        ),
        (Caller::OwnArea, Some(kai_session.clone())),
        (
            Caller::ProjectOffice,
            Some(app.login("buero@stadt.example").await),
        ),
    ];

    let area_change = "slug=hafen&name=Hafen&kind=aktionsraum&district=Innenstadt-Nord&social_space=Hafen&description=&contact=&effective_on=2022-01-01&decision=Matrix";
    let meeting_save = format!(
        "id={meeting}&area=hafen&organiser={}&title=Akteursgespr%C3%A4ch+Hafen&kind=akteursgespraech&date=2030-03-31&start_time=17%3A00&end_time=19%3A00&end_date=&venue_name=Depot&venue_address=&venue_notes=&format=praesenz&agenda=&capacity=&confirm=ja",
        kai.id
    );
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let new_user = {
        let counter = counter.clone();
        move || {
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!("name=Neu&email=neu{n}%40stadt.example&role=beauftragte&password=&areas%5Bhafen%5D=on")
        }
    };
    let need_submission = {
        let key = app.state.config.link_key.clone();
        move || {
            format!(
                "area=hafen&form_key={}&website=&field=1&title=Matrix&description=&affected=&organisation=&contact_name=&contact_email=&language=de",
                enc(&form_token::issue(&key, "bedarf:hafen", chrono::Utc::now().timestamp() - 30))
            )
        }
    };
    let barrier_report = {
        let key = app.state.config.link_key.clone();
        move || {
            format!(
                "form_key={}&website=&page=%2Fgebiete%2Fhafen&description=Kontrast+zu+schwach&contact_name=&contact_email=",
                enc(&form_token::issue(&key, "barriere", chrono::Utc::now().timestamp() - 30))
            )
        }
    };
    use Access::*;
    let rows: Vec<Row> = vec![
        // Accessibility: the statement and its feedback form are public, the queue is the Projektbüro's.
        form("barrierefreiheit", "", Public),
        form("barrierefreiheit-stand", "", Public),
        Row { call: Call::Form("barriere-melden", Box::new(barrier_report)), access: Public },
        form("barriere-eingang", "key=unbekannt", Public),
        form("barrierefreiheit-intern", "page=1", Office),
        form("barrieren-offen", "", Office),
        form("barriere", "id=1", Office),
        form("barrierefreiheit-erklaerung", "conformity=teilweise&assessed_on=2026-12-01&method=Matrix&known_gaps=PDF&contact_email=&contact_phone=", Office),
        form("barriere-antwort", "id=1&state=in_bearbeitung&answer=", Office),
        form("verarbeitungsverzeichnis", "", Office),
        // Areas
        form("gebiete", "", Public),
        form("gebiet", "slug=hafen", Public),
        form("gebiet-intern", "slug=hafen", Area),
        form("meine-gebiete", "", Staff),
        form("gebiet-aendern", area_change, Office),
        form("gebiet-neu", area_change.replace("slug=hafen&name=Hafen", "slug=matrix&name=Matrix"), Office),
        form("gebiet-status", "slug=matrix&retire=true&effective_on=2026-01-01&decision=Matrix", Office),
        // Accounts and links
        form("anmelden", format!("email=kai%40stadt.example&password={}", enc(PASSWORD)), Public),
        form("ich", "", Public),
        form("link-pruefen", "token=geraten&purpose=setup", Public),
        form("einrichten", "token=geraten&name=X&email=x%40y.de&password=a&password_repeat=a", Public),
        form("passwort", "token=geraten&password=a&password_repeat=a", Public),
        form("anmelden-wartet", "", Challenge),
        form("zweiter-faktor-angebot", "", Challenge),
        form("anmelden-code", "code=123456", Challenge),
        form("wiederherstellungscodes", "hinweis=geraten", Staff),
        form("zweiter-faktor-stand", "", Staff),
        form("zweiter-faktor-hinweise", "", Staff),
        form("wiederherstellungscodes-neu", "", Staff),
        form("zweiter-faktor-einrichten", "", Staff),
        // Needs catalogue
        form("bedarfe", "filter%5Btext%5D=&filter%5Bsort%5D=Newest", Staff),
        form("bedarfe", "filter%5Barea%5D=hafen&filter%5Btext%5D=&filter%5Bsort%5D=Newest", Area),
        form("bedarf", format!("id={need}"), Area),
        form("bedarf-annehmen", format!("id={need}&field=&title="), Area),
        form("bedarf-ablehnen", format!("id={need}&reason=Doppelt"), Area),
        form("bedarf-zusammenfuehren", format!("id={need}&target_reference=B-1999-0001"), Area),
        form("bedarf-rueckgaengig", format!("id={need}"), Area),
        form("bedarf-erfassen", "area=hafen&field=1&source=handeingabe&title=Matrix&description=&organisation=&noted_on=2022-01-10", Area),
        // Invitations and calendars
        form("einladungen", format!("meeting={meeting}"), Area),
        form("einladen", format!("meeting={meeting}&invitees%5Bo{org}%5D=on"), Area),
        form("einladung-neuer-link", format!("invitation={invitation}"), Area),
        form("einladung-zurueckziehen", format!("invitation={spare_invitation}"), Area),
        form("antwort-seite", format!("token={reply_token}"), Link),
        form("antworten", format!("token={reply_token}&reply=zusage&note=&people=1"), Link),
        form("kalender-abos", "", Staff),
        form("kalender-abo-aendern", "key=hafen&renew=true", Area),
        form("kalender-abo-aendern", "key=alle%3Ahafen&renew=false", Office),
        // Meetings
        form("termine", "view=liste&date=&area=&organiser=&status=", Staff),
        // Every staff member sees the dates of all areas (no personal data in them).
        form("termine", "view=liste&date=&area=hafen&organiser=&status=", Staff),
        form("termin-formular", "", Staff),
        form("termin", format!("id={meeting}"), Area),
        form("termin-speichern", meeting_save, Area),
        form("termin-status", format!("id={spare_meeting}&status=abgesagt&reason=Matrix"), Area),
        form("fortschritt", "year=2030", Staff),
        form("oeffentliche-termine", "area=hafen", Public),
        // Public needs form
        form("bedarfsformular", "area=hafen", Public),
        form("bedarf-links", format!("id={org}"), Area),
        Row { call: Call::Form("bedarf-melden", Box::new(need_submission)), access: Public },
        form("bedarf-eingang", format!("key={receipt_key}"), Link),
        form("bedarf-verlauf", format!("key={receipt_key}"), Link),
        form("gebiet-bedarfsmeldungen", "area=hafen", Area),
        form("bedarfsplakat", "area=hafen", Public),
        // Directory
        form("akteure", "q=&area=", Staff),
        form("akteure", "q=&area=hafen", Staff),
        form("akteur", format!("id={org}"), Staff),
        form("akteur-neu", "name=Matrix+Verein&kind=verein&notes=&areas%5Bhafen%5D=on", Area),
        form("akteur-aendern", format!("id={org}&name=Kita+Hafenkante&kind=kita&notes=&areas%5Bhafen%5D=on"), Area),
        form("kontakt-neu", format!("organisation={org}&name=Carla+Kontakt&function=&email=carla3%40example.org&phone=0231+777+1234&consent_on=2022-02-01&consent_purpose=Einladungen"), Area),
        form("kontakt-loeschen", format!("contact={spare_contact}"), Area),
        // Personal data requests
        form("personendaten-suche", "email=sina.meldung%40example.org", Office),
        form("personendaten", "suche=geraten", Office),
        form("personendaten-loeschen", "email=weg%40example.org&confirm=ja", Office),
        // Programme
        form("programm", "area=hafen", Area),
        Row { call: Call::Json("programm-bedarfe", r#"{"area":"hafen","query":{"field":null,"text":"","skip":[],"after":null}}"#.into()), access: Area },
        Row { call: Call::Json("programm-bedarfe-namen", format!(r#"{{"area":"hafen","ids":[{need}]}}"#)), access: Area },
        form("programm-organisationen", "area=hafen&text=Kita", Area),
        form("programm-editor", "area=hafen", Area),
        Row { call: Call::Json("programm-speichern", programme.replace("BASE", "1")), access: Area },
        form("programm-vergleich", "area=hafen&old=1&new=1", Area),
        form("programm-wiederherstellen", "area=hafen&number=1&based_on=1", Area),
        form("programm-schritt", "area=hafen&step=einreichen&version=1&comment=", Area),
        form("programm-oeffentlich", "area=hafen", Public),
        // Umsetzung
        form("umsetzung", "slug=hafen", Area),
        form("umsetzung-speichern", "area=hafen&measure=m1&state=in-umsetzung&progress=10&note=Matrix", Area),
        form("umsetzung-massnahme", "area=hafen&measure=m1", Area),
        form("umsetzung-stadt", "area=hafen&state=geplant", Public),
        form("umsetzung-ueberfaellig", "", Staff),
        form("projektbuero-uebersicht", "district=Innenstadt-Nord", Office),
        form("sachstandsbericht", "date=2026-12-07&figures=2026-12-01", Office),
        form("sachstand-ausblick", "outlook=Weiter+so.&date=2026-12-07&figures=2026-12-01", Office),
        // Records
        form("protokoll", format!("meeting={meeting}"), Area),
        Row { call: Call::Json("protokoll-aenderungen", format!(r#"{{"meeting":{meeting},"changes":[]}}"#)), access: Area },
        form("protokoll-formular", format!("meeting={meeting}&op=protokoll&minutes=Matrix"), Area),
        form("gebiet-bedarfe", "slug=hafen", Area),
        form("protokoll-abschliessen", format!("meeting={spare_meeting}"), Area),
        form("protokoll-nachtrag", format!("meeting={spare_meeting}&addendum=Matrix"), Area),
        // Accounts
        form("benutzer", "", Office),
        form("benutzer-details", format!("id={}", victim.id), Office),
        Row { call: Call::Form("benutzer-neu", Box::new(new_user)), access: Office },
        form("benutzer-gebiete", format!("id={}&areas%5Bhafen%5D=on", victim.id), Office),
        form("benutzer-sperren", format!("id={}&disabled=false", victim.id), Office),
        form("benutzer-passwort", format!("id={}&password=Ein+langes+neues+Passwort&password_repeat=Ein+langes+neues+Passwort", victim.id), Office),
        form("benutzer-link", format!("id={}", victim.id), Office),
        form("benutzer-zweiter-faktor", format!("id={}", victim.id), Office),
        // Plain routes and pages
        Row { call: Call::Get(format!("/intern/termine/{meeting}/termin.ics")), access: Area },
        Row { call: Call::Get(format!("/einladung/{reply_token}/termin.ics")), access: Link },
        Row { call: Call::Get(format!("/verfolgen/{receipt_key}")), access: Link },
        // Unsubscribing from e-mail updates: whoever has the link (an unknown token, so that
        // every caller meets the same; the mail test unsubscribes for real).
        Row { call: Call::Get("/abbestellen/ein-link-aus-einer-mail?sprache=de".into()), access: Link },
        Row { call: Call::Post("/abbestellen/ein-link-aus-einer-mail", "List-Unsubscribe=One-Click".into()), access: Link },
        Row { call: Call::Get("/bestaetigen/ein-link-aus-einer-mail?sprache=de".into()), access: Link },
        Row { call: Call::Post("/bestaetigen/ein-link-aus-einer-mail", "".into()), access: Link },
        Row { call: Call::Post("/intern/datenschutz/auskunft.json", "email=sina.meldung%40example.org".into()), access: Office },
        Row { call: Call::Get("/intern/bedarfe/bedarfe.csv".into()), access: Staff },
        Row { call: Call::Get("/intern/bedarfe/bedarfe.csv?gebiet=hafen".into()), access: Area },
        Row { call: Call::Get("/intern/bedarfe/bedarfe.xlsx?gebiet=hafen".into()), access: Area },
        Row { call: Call::Get("/offene-daten/aktionsprogramme.json".into()), access: Public },
        Row { call: Call::Get("/offene-daten/massnahmen.csv".into()), access: Public },
        Row { call: Call::Get("/offene-daten/katalog.jsonld".into()), access: Public },
        Row { call: Call::Get("/offene-daten/umsetzung.json".into()), access: Public },
        Row { call: Call::Get("/offene-daten/umsetzung.csv".into()), access: Public },
        Row { call: Call::Get("/umsetzung".into()), access: Public },
        Row { call: Call::Get("/gebiete/hafen/aktionsprogramm.pdf".into()), access: Public },
        Row { call: Call::Get("/intern".into()), access: Staff },
        Row { call: Call::Get("/intern/gebiete/hafen".into()), access: Area },
        Row { call: Call::Get(format!("/intern/termine/{meeting}")), access: Area },
        Row { call: Call::Get(format!("/intern/termine/{meeting}/einladungen")), access: Area },
        Row { call: Call::Get(format!("/intern/termine/{meeting}/protokoll")), access: Area },
        Row { call: Call::Get(format!("/intern/akteure/{org}")), access: Staff },
        Row { call: Call::Get(format!("/intern/bedarfe/{need}")), access: Area },
        Row { call: Call::Get("/intern/gebiete/hafen/programm".into()), access: Area },
        Row { call: Call::Get("/intern/gebiete/hafen/umsetzung".into()), access: Area },
        Row { call: Call::Get("/intern/gebiete/hafen/umsetzung/m1".into()), access: Area },
        Row { call: Call::Get("/intern/benutzer".into()), access: Office },
        Row { call: Call::Get("/intern/ueberblick".into()), access: Office },
        Row { call: Call::Get("/intern/sachstand?datum=2026-12-07".into()), access: Office },
        Row { call: Call::Get("/intern/sachstand/sachstandsbericht.pdf?datum=2026-12-07".into()), access: Office },
        Row { call: Call::Get("/intern/sachstand/sachstandsbericht.pdf?datum=2026-12-07&stand=2026-11-30".into()), access: Office },
        Row { call: Call::Get("/intern/datenschutz".into()), access: Office },
        Row { call: Call::Get("/barrierefreiheit?seite=%2Fgebiete%2Fhafen".into()), access: Public },
        Row { call: Call::Get("/barrierefreiheit/eingang".into()), access: Public },
        Row { call: Call::Get("/leichte-sprache".into()), access: Public },
        Row { call: Call::Get("/intern/verarbeitungsverzeichnis".into()), access: Office },
        Row { call: Call::Get("/intern/verarbeitungsverzeichnis.md".into()), access: Office },
        Row { call: Call::Get("/intern/barrierefreiheit".into()), access: Office },
        Row { call: Call::Get("/intern/barrierefreiheit/meldung/1".into()), access: Office },
        // Last: it ends the caller's session.
        form("abmelden", "", Public),
    ];

    // Every server function has a row.
    let listed: std::collections::BTreeSet<String> = rows
        .iter()
        .filter_map(|row| match &row.call {
            Call::Form(endpoint, _) | Call::Json(endpoint, _) => Some(format!("/api/{endpoint}")),
            Call::Get(_) | Call::Post(..) => None,
        })
        .collect();
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "server functions without a row in the matrix: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rows for server functions that do not exist: {stale:?}"
    );

    let mut failures = Vec::new();
    for row in &rows {
        for (caller, cookie) in &sessions {
            let (label, response) = match &row.call {
                Call::Form(endpoint, body) => {
                    let path = format!("/api/{endpoint}");
                    let response = app
                        .send(form_request(&path, &body(), None, cookie.as_deref(), 40))
                        .await;
                    (path, response)
                }
                Call::Json(endpoint, body) => {
                    let path = format!("/api/{endpoint}");
                    let mut request = json_request(&path, body, cookie.as_deref().unwrap_or(""));
                    if cookie.is_none() {
                        request.headers_mut().remove(header::COOKIE);
                    }
                    (path, app.send(request).await)
                }
                Call::Get(path) => (path.clone(), app.get(path, cookie.as_deref()).await),
                Call::Post(path, body) => (
                    (*path).to_owned(),
                    app.send(form_request(path, body, None, cookie.as_deref(), 40))
                        .await,
                ),
            };
            let status = response.status();
            // Logged out, everything under /intern (pages and files) sends the browser to the
            // login; server functions answer 401.
            let is_page = match &row.call {
                Call::Get(path) => path.starts_with("/intern"),
                Call::Post(path, _) => path.starts_with("/intern"),
                Call::Form(..) | Call::Json(..) => false,
            };
            let bytes = axum::body::to_bytes(response.into_body(), 8 * 1024 * 1024)
                .await
                .expect("body");
            let body = String::from_utf8_lossy(&bytes);
            let logged_out = matches!(caller, Caller::Anonymous | Caller::Locked);
            let may = match row.access {
                Public | Link => true,
                Staff => !logged_out,
                Area => matches!(caller, Caller::OwnArea | Caller::ProjectOffice),
                Office => *caller == Caller::ProjectOffice,
                Challenge => false,
            };
            let expected_denial = if logged_out && is_page {
                "a redirect to the login"
            } else if logged_out || row.access == Challenge {
                "401"
            } else {
                "403"
            };
            let ok = if may {
                status != StatusCode::UNAUTHORIZED
                    && status != StatusCode::FORBIDDEN
                    && !status.is_server_error()
            } else if logged_out && is_page {
                status.is_redirection()
            } else if logged_out || row.access == Challenge {
                status == StatusCode::UNAUTHORIZED
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{label} as {caller:?}: {status}, expected {}",
                    if may { "access" } else { expected_denial }
                ));
            }
            // Hafen's personal data goes to Hafen's staff only (and to holders of its links).
            let sees_hafen = matches!(caller, Caller::OwnArea | Caller::ProjectOffice);
            if !sees_hafen && row.access != Link {
                for personal in HAFEN_PERSONAL_DATA {
                    if body.contains(personal) {
                        failures.push(format!("{label} as {caller:?} shows {personal:?}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn guessable_passwords_are_refused_with_a_reason() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    let office = app.login("buero@stadt.example").await;
    for (n, guessable) in [
        "Passwort12345",
        "Dortmund2022",
        "KaiNordstadt1990",
        "qwertzuiop1234",
    ]
    .into_iter()
    .enumerate()
    {
        let answer = app
            .post(
                "/api/benutzer-neu",
                &format!(
                    "name=Kai+Nordstadt&email=kai{n}%40stadt.example&role=beauftragte&password={}",
                    enc(guessable)
                ),
                Some(&office),
            )
            .await;
        assert_eq!(
            answer.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{guessable}"
        );
        assert!(
            body_text(answer).await.contains("zu leicht zu erraten"),
            "{guessable}"
        );
    }
    let accepted = app
        .post(
            "/api/benutzer-neu",
            &format!(
                "name=Kai+Nordstadt&email=kai%40stadt.example&role=beauftragte&password={}",
                enc("Kai mag den Borsigplatz sehr")
            ),
            Some(&office),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_time_links_are_shown_once_and_never_travel_in_an_address() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("zweite@stadt.example", "projektbuero", &[]).await;
    let office = app.login("buero@stadt.example").await;
    let other_office = app.login("zweite@stadt.example").await;
    let created = app
        .send(form_request(
            "/api/benutzer-neu",
            "name=Lena+Link&email=lena%40stadt.example&role=beauftragte&password=",
            Some("http://localhost/intern/benutzer"),
            Some(&office),
            3,
        ))
        .await;
    assert!(created.status().is_redirection(), "{:?}", created.status());
    let location = created.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(!location.contains("token"), "{location}");
    let key = location
        .split("hinweis=")
        .nth(1)
        .expect("a key for the note")
        .to_owned();
    let id: i64 = location
        .trim_start_matches("/intern/benutzer/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .expect("id");
    let asked = format!("id={id}&hinweis={key}");
    // Another member of the Projektbüro cannot take it, the creator sees it once.
    let theirs = body_text(
        app.post("/api/benutzer-details", &asked, Some(&other_office))
            .await,
    )
    .await;
    assert!(!theirs.contains("/passwort?token="), "{theirs}");
    let mine = body_text(
        app.post("/api/benutzer-details", &asked, Some(&office))
            .await,
    )
    .await;
    assert!(mine.contains("/passwort?token="), "{mine}");
    let again = body_text(
        app.post("/api/benutzer-details", &asked, Some(&office))
            .await,
    )
    .await;
    assert!(!again.contains("/passwort?token="), "{again}");
}

#[tokio::test]
async fn second_factor_seeds_are_sealed_in_the_database() {
    let app = TestApp::new().await;
    app.user("pb@stadt.example", "projektbuero", &[]).await;
    let secret = lock(&app.secrets)
        .get("pb@stadt.example")
        .cloned()
        .expect("secret");
    let stored = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT totp_secret FROM users WHERE email = 'pb@stadt.example'",
        )
        .fetch_one(&mut *app.state.db.read().await.expect("conn"))
        .await
        .expect("seed")
    };
    let sealed = stored().await;
    assert!(
        sealed.starts_with("v1.") && !sealed.contains(&secret),
        "{sealed}"
    );
    app.login("pb@stadt.example").await;

    // A seed stored before sealing still works and is sealed at the next start.
    sqlx::query("UPDATE users SET totp_secret = ? WHERE email = 'pb@stadt.example'")
        .bind(&secret)
        .execute(&mut *app.state.db.writer().await.expect("conn"))
        .await
        .expect("plain seed");
    let sealed_now = app::server::services::second_factor::seal_stored_seeds(&app.state.db)
        .await
        .expect("sealed");
    assert_eq!(sealed_now, 1);
    let resealed = stored().await;
    assert!(resealed.starts_with("v1.") && !resealed.contains(&secret));
    app.login("pb@stadt.example").await;

    // A copy of the database opened with another key (a backup without its key file) yields
    // no seed: the code step fails instead of working with a guessed key.
    let opened = app::server::sealed::SealingKey::random().open(&resealed, "konto:1");
    assert!(opened.is_err());
}

#[tokio::test]
async fn wrong_codes_count_across_logins_and_lock_the_factor_until_the_office_resets_it() {
    use app::server::services::second_factor::LOCK_AFTER_WRONG_CODES;
    let mut app = TestApp::new().await;
    app.user("pb@stadt.example", "projektbuero", &[]).await;
    app.user("kollegin@stadt.example", "projektbuero", &[])
        .await;
    let colleague = app.login("kollegin@stadt.example").await;
    // Wrong codes also count against the login limits (10 a minute); lifted here so that the
    // test needs no waiting: the lock is what is tested.
    let lift_limits = |app: &mut TestApp| {
        app.state.login_failures = std::sync::Arc::new(
            app::server::rate_limit::WindowLimiter::new(1000, std::time::Duration::from_secs(60)),
        );
        app.router = server::router(app.state.clone());
    };
    lift_limits(&mut app);
    let secret = lock(&app.secrets)
        .get("pb@stadt.example")
        .cloned()
        .expect("secret");
    // A code that is none of the ones valid around now.
    let wrong_code = || {
        let now = chrono::Utc::now().timestamp();
        let valid: Vec<String> = [-60, -30, 0, 30, 60]
            .iter()
            .map(|d| {
                app::server::second_factor::code_at(&secret, u64::try_from(now + d).expect("time"))
                    .expect("code")
            })
            .collect();
        (0..1_000_000u32)
            .map(|n| format!("{:06}", (n * 7919 + 123_456) % 1_000_000))
            .find(|c| !valid.contains(c))
            .expect("a wrong code")
    };
    let password = |app: &TestApp| {
        let router = app.router.clone();
        async move {
            let response = router
                .oneshot(form_request(
                    "/api/anmelden",
                    &format!("email=pb%40stadt.example&password={}", enc(PASSWORD)),
                    None,
                    None,
                    41,
                ))
                .await
                .expect("response");
            assert_eq!(response.status(), StatusCode::OK);
            challenge_cookie(&response).expect("the code step")
        }
    };
    let mut wrong = 0;
    'logins: for login in 0.. {
        // Halfway, the server restarts (new limiters): the count is in the database.
        if login == 3 {
            app.state = AppState::new(
                app.state.db.clone(),
                app.state.leptos_options.clone(),
                (*app.state.config).clone(),
            );
            lift_limits(&mut app);
        }
        let challenge = password(&app).await;
        // Four per login: the fifth would end the login itself.
        for _ in 0..4 {
            let answer = app
                .post(
                    "/api/anmelden-code",
                    &format!("code={}", wrong_code()),
                    Some(&challenge),
                )
                .await;
            wrong += 1;
            if wrong < LOCK_AFTER_WRONG_CODES {
                assert_eq!(
                    answer.status(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "code {wrong}"
                );
            } else {
                assert_eq!(answer.status(), StatusCode::LOCKED, "code {wrong}");
                assert!(body_text(answer).await.contains("gesperrt"));
                break 'logins;
            }
        }
    }
    assert_eq!(wrong, 20);
    // The 21st code, even the right one (or a recovery code), is refused after the password.
    let challenge = password(&app).await;
    let right = app.next_code("pb@stadt.example").await;
    let answer = app
        .post(
            "/api/anmelden-code",
            &format!("code={right}"),
            Some(&challenge),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::LOCKED);
    assert!(session_cookie(&answer).is_none());

    // The Projektbüro sees it on its start page and resets the factor; then the account sets
    // it up again at its next login.
    let start = body_text(app.get("/intern", Some(&colleague)).await).await;
    assert!(start.contains("Gesperrte zweite Faktoren"), "{start}");
    let pb = current_user(&app, "pb@stadt.example").await;
    let code = app.next_code("kollegin@stadt.example").await;
    let reset = app
        .post(
            "/api/benutzer-zweiter-faktor",
            &format!("id={}&step_up_code={code}", pb.id),
            Some(&colleague),
        )
        .await;
    assert!(reset.status().is_success() || reset.status().is_redirection());
    let start = body_text(app.get("/intern", Some(&colleague)).await).await;
    assert!(!start.contains("Gesperrte zweite Faktoren"));
    let challenge = password(&app).await;
    let offer = app
        .post("/api/zweiter-faktor-angebot", "", Some(&challenge))
        .await;
    assert_eq!(offer.status(), StatusCode::OK, "set up anew");
}

#[tokio::test]
async fn the_project_office_sets_up_and_uses_its_second_factor_without_javascript() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    let office = current_user(&app, "buero@stadt.example").await;
    // As before its first login: no factor yet.
    app::server::services::second_factor::reset(&app.state.db, office.id)
        .await
        .expect("reset");
    let login_form = format!(
        "email=buero%40stadt.example&password={}&next=%2Fintern%2Fbenutzer",
        enc(PASSWORD)
    );
    let referer = Some("http://localhost/anmelden?weiter=/intern/benutzer");

    // The password alone gives no session, only a short-lived cookie for the next step.
    let response = app
        .send(form_request("/api/anmelden", &login_form, referer, None, 7))
        .await;
    assert!(
        response.status().is_redirection(),
        "{:?}",
        response.status()
    );
    assert_eq!(
        response.headers()[header::LOCATION],
        "/anmelden/zweiter-faktor?weiter=/intern/benutzer"
    );
    assert_eq!(session_cookie(&response), None);
    let set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("aktionsplan_anmeldung="))
        .expect("challenge cookie")
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Strict")
            && set_cookie.contains("Max-Age=300"),
        "{set_cookie}"
    );
    let challenge = challenge_cookie(&response).expect("challenge");
    let page = app.get("/intern/benutzer", Some(&challenge)).await;
    assert!(
        page.status().is_redirection(),
        "the challenge is no session"
    );

    // The setup page shows the secret as QR code and as text.
    let page = app.get("/anmelden/zweiter-faktor", Some(&challenge)).await;
    assert_eq!(page.status(), StatusCode::OK);
    // The secret is for this login only: never kept by a cache.
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
    let html = body_text(page).await;
    assert!(html.contains("<svg") && html.contains("QR-Code für die Authenticator-App"));
    let offer = app
        .post("/api/zweiter-faktor-angebot", "", Some(&challenge))
        .await;
    assert_eq!(offer.status(), StatusCode::OK);
    let offer: serde_json::Value = serde_json::from_str(&body_text(offer).await).expect("json");
    let secret = offer["secret"].as_str().expect("secret").replace(' ', "");
    assert!(html.contains(offer["secret"].as_str().expect("secret")));

    // A wrong code is a field error; the right one signs in and shows the recovery codes once.
    let wrong = app
        .post("/api/anmelden-code", "code=000000", Some(&challenge))
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let now = chrono::Utc::now().timestamp() as u64;
    let code = app::server::second_factor::code_at(&secret, now).expect("code");
    let response = app
        .send(form_request(
            "/api/anmelden-code",
            &format!("code={code}&next=%2Fintern%2Fbenutzer"),
            Some("http://localhost/anmelden/zweiter-faktor?weiter=/intern/benutzer"),
            Some(&challenge),
            7,
        ))
        .await;
    assert!(
        response.status().is_redirection(),
        "{:?}",
        response.status()
    );
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.starts_with("/intern/wiederherstellungscodes?hinweis=")
            && location.ends_with("&weiter=/intern/benutzer"),
        "{location}"
    );
    let session = session_cookie(&response).expect("session");
    assert!(response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("aktionsplan_anmeldung=;")));
    let hinweis = location
        .split("hinweis=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .expect("key");
    let page = app.get(&location, Some(&session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    let shown = html.matches("<li><code>").count();
    assert_eq!(shown, 10, "ten recovery codes on the page");
    let again = app
        .post(
            "/api/wiederherstellungscodes",
            &format!("hinweis={hinweis}"),
            Some(&session),
        )
        .await;
    assert_eq!(body_text(again).await, "[]", "shown once");

    // The next login needs a code; a recovery code works once and says how many are left.
    let recovery = html
        .split("<li><code>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("a code")
        .to_owned();
    for (attempt, expected) in [(1, StatusCode::OK), (2, StatusCode::UNPROCESSABLE_ENTITY)] {
        let response = app.post("/api/anmelden", &login_form, None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(session_cookie(&response), None);
        let challenge = challenge_cookie(&response).expect("challenge");
        let page = app.get("/anmelden/code", Some(&challenge)).await;
        assert!(body_text(page).await.contains("Code aus Ihrer App"));
        let response = app
            .post(
                "/api/anmelden-code",
                &format!("code={}", enc(&recovery)),
                Some(&challenge),
            )
            .await;
        assert_eq!(response.status(), expected, "attempt {attempt}");
    }
    let status = app
        .post("/api/zweiter-faktor-stand", "", Some(&session))
        .await;
    let status: serde_json::Value = serde_json::from_str(&body_text(status).await).expect("json");
    assert_eq!(status["set_up"], true);
    assert_eq!(status["required"], true);
    assert_eq!(status["recovery_codes_left"], 9);
}

#[tokio::test]
async fn a_coordinator_records_how_a_published_measure_is_implemented_without_javascript() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    app.user("ute@stadt.example", "beauftragte", &["nordmarkt"])
        .await;
    let db = &app.state.db;
    // A name to look for: the public must never see who made an update.
    let mut tx = db.write().await.expect("tx");
    sqlx::query("UPDATE users SET name = 'Kai Kranefeld' WHERE email = 'kai@stadt.example'")
        .execute(&mut *tx)
        .await
        .expect("renamed");
    tx.commit().await.expect("commit");
    let kai = current_user(&app, "kai@stadt.example").await;
    let office = current_user(&app, "buero@stadt.example").await;
    let content: app::domain::programme::ProgrammeContent = serde_json::from_str(
        r#"{"situation":"Lage am Hafen","measures":[{"id":"m1","field":"Work","title":"Sprachcafé","status":"Planned","project_funds_cents":250000}]}"#,
    )
    .expect("content");
    let now = chrono::Utc::now().timestamp();
    publish_in_hafen(&app, &kai, &office, &content, now).await;

    let session = app.login("kai@stadt.example").await;
    let page = app
        .get("/intern/gebiete/hafen/umsetzung", Some(&session))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    assert!(html.contains("Sprachcafé") && html.contains("noch nie"));

    let referer = Some("http://localhost/intern/gebiete/hafen/umsetzung");
    let form = "area=hafen&measure=m1&state=in-umsetzung&reason=&progress=40&started_on=2023-03-01&ended_on=\
                &spent_project_funds=1.250%2C50&spent_area_fund=&spent_third_party=\
                &milestones%5B0%5D%5Bdate%5D=2023-04-15&milestones%5B0%5D%5Btitle%5D=Erster+Kurs&milestones%5B0%5D%5Bdone%5D=ja\
                &milestones%5B1%5D%5Bdate%5D=2023-09-01&milestones%5B1%5D%5Btitle%5D=Zweiter+Kurs\
                &milestones%5B2%5D%5Bdate%5D=&milestones%5B2%5D%5Btitle%5D=\
                &note=Der+erste+Kurs+ist+gelaufen.";
    let saved = app
        .send(form_request(
            "/api/umsetzung-speichern",
            form,
            referer,
            Some(&session),
            9,
        ))
        .await;
    assert!(saved.status().is_redirection(), "{:?}", saved.status());
    assert_eq!(
        saved.headers()[header::LOCATION],
        "/intern/gebiete/hafen/umsetzung/m1?ok=gespeichert"
    );
    let measure_page = body_text(
        app.get(
            "/intern/gebiete/hafen/umsetzung/m1?ok=gespeichert",
            Some(&session),
        )
        .await,
    )
    .await;
    assert!(measure_page.contains("Der Stand der Umsetzung ist gespeichert."));
    assert!(
        measure_page.contains("Der erste Kurs ist gelaufen."),
        "the update in the history"
    );
    assert!(
        measure_page.contains("value=\"Zweiter Kurs\""),
        "the form holds the saved milestones"
    );
    assert!(
        measure_page.contains("<label for=\"feld-responsible_id\">Verantwortliche Organisation"),
        "the responsible organisation can be chosen"
    );
    let html = body_text(
        app.get("/intern/gebiete/hafen/umsetzung", Some(&session))
            .await,
    )
    .await;
    assert!(html.contains("in Umsetzung"), "state shown");
    assert!(
        html.contains("01.09.2023: Zweiter Kurs"),
        "next milestone shown"
    );
    assert!(html.contains("Der erste Kurs ist gelaufen."), "note shown");

    // Without JavaScript a refused update comes back with what was typed.
    let typed = form
        .replace("progress=40", "progress=140")
        .replace("Zweiter+Kurs", "Dritter+Kurs");
    let refused = app
        .send(form_request(
            "/api/umsetzung-speichern",
            &typed,
            Some("http://localhost/intern/gebiete/hafen/umsetzung/m1"),
            Some(&session),
            9,
        ))
        .await;
    assert!(refused.status().is_redirection(), "{:?}", refused.status());
    let back = refused.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(back.contains("__echo="), "{back}");
    let page = app
        .get(back.trim_start_matches("http://localhost"), Some(&session))
        .await;
    assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(page).await;
    assert!(
        html.contains("value=\"140\""),
        "the typed progress comes back"
    );
    assert!(
        html.contains("value=\"Dritter Kurs\""),
        "the typed milestone comes back"
    );
    assert!(html.contains("ganze Zahl von 0 bis 100"));

    // Dropped without a reason: 422, nothing written; another area's coordinator: 403.
    let dropped = form.replace("state=in-umsetzung", "state=entfallen");
    let refused = app
        .post("/api/umsetzung-speichern", &dropped, Some(&session))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM implementation_updates")
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("count");
    assert_eq!(rows, 1);
    let ute = app.login("ute@stadt.example").await;
    assert_eq!(
        app.post("/api/umsetzung-speichern", form, Some(&ute))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(
            "/api/umsetzung-speichern",
            &form.replace("measure=m1", "measure=m9"),
            Some(&session)
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    // Everybody sees the state on the programme page and in the city-wide list, without the
    // author or the note.
    let public = body_text(app.get("/gebiete/hafen/programm", None).await).await;
    assert!(public.contains("in Umsetzung"), "state on the public page");
    assert!(public.contains("40 % erreicht"));
    assert!(public.contains("Nächster Meilenstein: Zweiter Kurs (geplant für 01.09.2023)"));
    assert!(public.contains("zuletzt aktualisiert am"));
    assert!(
        !public.contains("Der erste Kurs ist gelaufen."),
        "no staff note"
    );
    assert!(!public.contains("Kranefeld"), "no author");
    let city = app.get("/umsetzung", None).await;
    assert_eq!(city.status(), StatusCode::OK);
    let city = body_text(city).await;
    assert!(city.contains("Sprachcafé") && city.contains("Zweiter Kurs (01.09.2023)"));
    assert!(city.contains("1.250,50"), "spent Projektmittel summed");
    assert!(city.contains("226.000\u{a0}€"), "against the yearly budget");
    let none = body_text(app.get("/umsetzung?stand=umgesetzt", None).await).await;
    assert!(none.contains("Keine Maßnahme passt zu diesem Filter."));
    let json = app.get("/offene-daten/umsetzung.json", None).await;
    assert_eq!(json.status(), StatusCode::OK);
    let json: serde_json::Value =
        serde_json::from_str(&body_text(json).await).expect("open data json");
    let first = &json["umsetzung"][0];
    assert_eq!(first["stand"], "in-umsetzung");
    assert_eq!(first["fortschritt_prozent"], 40);
    assert_eq!(first["ausgegeben"]["projektmittel_cent"], 125_050);
    assert_eq!(first["meilensteine"][1]["titel"], "Zweiter Kurs");
    let csv = body_text(app.get("/offene-daten/umsetzung.csv", None).await).await;
    assert!(
        csv.contains("Sprachcafé;in Umsetzung;;40;01.03.2023;"),
        "{csv}"
    );
    assert!(!csv.contains("Kranefeld"));
    let doc: serde_json::Value =
        serde_json::from_str(&body_text(app.get("/offene-daten/openapi.json", None).await).await)
            .expect("openapi");
    assert!(doc["paths"]["/offene-daten/umsetzung.json"].is_object());
    assert!(doc["components"]["schemas"]["Umsetzung"]["required"]
        .as_array()
        .is_some_and(|r| r.len() == 16));
}

#[tokio::test]
async fn a_stakeholder_follows_the_receipt_link_to_what_became_of_the_need() {
    use app::domain::catalogue::AcceptInput;
    use app::domain::implementation::ImplementationInput;
    use app::server::form_token;
    use app::server::services::{catalogue, implementation};
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let opened = chrono::Utc::now().timestamp() - 30;
    let form_key = form_token::issue(&app.state.config.link_key, "bedarf:hafen", opened);
    let body = format!(
        "area=hafen&form_key={}&website=&field=2&title=Spielplatz&description=Der+alte+ist+kaputt.\
         &affected=&organisation=&contact_name=Sina+Meldung&contact_email=sina.meldung%40example.org\
         &consent=ja&language=ar",
        enc(&form_key)
    );
    let sent = app
        .send(form_request(
            "/api/bedarf-melden",
            &body,
            Some("http://localhost/bedarf/hafen"),
            None,
            9,
        ))
        .await;
    assert!(sent.status().is_redirection(), "{:?}", sent.status());
    let receipt = sent.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    let key = receipt.split("schluessel=").nth(1).expect("key").to_owned();
    let shown = body_text(app.get(&receipt, None).await).await;
    let trail_url = format!("http://localhost/verfolgen/{key}");
    assert!(shown.contains(&trail_url), "the receipt names the link");
    let qr = shown
        .split("class=\"tracking-qr\"")
        .nth(1)
        .expect("a QR code for the link");
    assert!(qr.contains("<svg"), "drawn as SVG");

    // In the language of the form (Arabic), then in German; never the contact data.
    let path = format!("/verfolgen/{key}");
    let arabic = app.get(&path, None).await;
    assert_eq!(arabic.status(), StatusCode::OK);
    let arabic = body_text(arabic).await;
    assert!(arabic.contains("lang=\"ar\" dir=\"rtl\""), "Arabic page");
    assert!(arabic.contains("ماذا حدث لاحتياجكم؟"));
    assert!(arabic.contains("Spielplatz"), "the need as sent");
    let german = body_text(app.get(&format!("{path}?sprache=de"), None).await).await;
    assert!(german.contains("Was ist aus Ihrem Bedarf geworden?"));
    assert!(german.contains("noch nicht eingeordnet"));
    for page in [&arabic, &german] {
        assert!(
            !page.contains("Sina") && !page.contains("sina.meldung"),
            "no contact data"
        );
    }
    let unknown = app.get("/verfolgen/geraten", None).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(body_text(unknown).await.contains("nicht gefunden"));

    // Accepted, answered by a published measure, implemented: the trail shows each step.
    let kai = current_user(&app, "kai@stadt.example").await;
    let office = current_user(&app, "buero@stadt.example").await;
    let db = &app.state.db;
    let need: i64 = sqlx::query_scalar("SELECT id FROM needs ORDER BY id DESC LIMIT 1")
        .fetch_one(&mut *db.read().await.expect("conn"))
        .await
        .expect("need");
    let now = chrono::Utc::now().timestamp();
    let moderate = access::need_of(db, &kai, need).await.expect("door");
    catalogue::accept(
        db,
        &moderate,
        &AcceptInput {
            field: "2".into(),
            title: "Spielplatz am Hafen erneuern".into(),
        },
        now,
    )
    .await
    .expect("accepted");
    let german = body_text(app.get(&format!("{path}?sprache=de"), None).await).await;
    assert!(german.contains("Angenommen"));
    assert!(
        german.contains("Spielplatz am Hafen erneuern"),
        "the coordinators' wording"
    );
    assert!(german.contains("noch nicht veröffentlicht"));
    let content: app::domain::programme::ProgrammeContent = serde_json::from_str(&format!(
        r#"{{"situation":"Lage","measures":[{{"id":"m1","field":"ParentsAndChildren","title":"Spielplatz-Werkstatt","status":"Planned","need_ids":[{need}]}}]}}"#
    ))
    .expect("content");
    publish_in_hafen(&app, &kai, &office, &content, now).await;
    let measure = access::measure_of(db, &kai, "hafen", "m1")
        .await
        .expect("measure");
    let running = ImplementationInput {
        state: "in-umsetzung".into(),
        progress: "30".into(),
        note: "Erste Werkstatt war voll.".into(),
        ..ImplementationInput::default()
    };
    implementation::update(db, &measure, &running, now)
        .await
        .expect("update");
    // The staff see the same on the need page, and the catalogue filters by it.
    let session = app.login("kai@stadt.example").await;
    let need_page = body_text(
        app.get(&format!("/intern/bedarfe/{need}"), Some(&session))
            .await,
    )
    .await;
    assert!(
        need_page.contains("Beantwortet in Fassung 1 durch:"),
        "staff trail"
    );
    assert!(need_page.contains("/intern/gebiete/hafen/umsetzung/m1"));
    assert!(need_page.contains("Umsetzung: in Umsetzung, 30 %"));
    let answered = body_text(
        app.get(
            "/intern/bedarfe?gebiet=hafen&programm=beantwortet",
            Some(&session),
        )
        .await,
    )
    .await;
    assert!(
        answered.contains("Spielplatz am Hafen erneuern"),
        "answered"
    );
    let unanswered = body_text(
        app.get(
            "/intern/bedarfe?gebiet=hafen&programm=nicht-beantwortet",
            Some(&session),
        )
        .await,
    )
    .await;
    assert!(!unanswered.contains("Spielplatz am Hafen erneuern"));
    assert!(
        unanswered.contains("<option value=\"nicht-beantwortet\" selected>"),
        "filter kept"
    );

    let german = body_text(app.get(&format!("{path}?sprache=de"), None).await).await;
    assert!(german.contains("Spielplatz-Werkstatt"));
    assert!(
        german.contains("/gebiete/hafen/programm#massnahme-m1"),
        "linked"
    );
    assert!(german.contains("in Umsetzung") && german.contains("30 % erreicht"));
    assert!(
        !german.contains("Erste Werkstatt war voll."),
        "no staff note"
    );
    let arabic = body_text(app.get(&path, None).await).await;
    assert!(arabic.contains("قيد التنفيذ"), "the state in Arabic");
    let at = arabic.find("Spielplatz-Werkstatt").expect("measure named");
    assert!(
        arabic[..at].ends_with("<span lang=\"de\" dir=\"ltr\">"),
        "German texts marked as German: {}",
        &arabic[at.saturating_sub(120)..at + 40]
    );
}

/// A real SMTP server for the test: Python's aiosmtpd (`tests/smtp_sink.py`), which writes every
/// message it receives, decoded, as JSON into a directory.
struct SmtpSink {
    child: std::process::Child,
    dir: tempfile::TempDir,
    port: u16,
}

impl SmtpSink {
    fn start() -> Self {
        use std::io::BufRead as _;
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = std::process::Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py"))
            .arg(dir.path())
            .arg(port.to_string())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (.ci/tools.sh installs it)");
        let mut ready = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut ready)
            .expect("the SMTP server starts");
        assert_eq!(
            ready.trim(),
            "bereit",
            "aiosmtpd missing? pip install aiosmtpd"
        );
        Self { child, dir, port }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first.
    fn received(&self) -> Vec<serde_json::Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| {
                serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json")
            })
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_locked_second_factor_is_told_to_its_owner_and_the_office_by_e_mail() {
    use app::server::mail::Mailer;
    use app::server::services::second_factor::tell_locks;
    let sink = SmtpSink::start();
    let mailer = Mailer::new(
        &sink.url(),
        "Aktionsplan Dortmund <aktionsplan@stadt.example>",
    )
    .expect("mailer");
    let app = TestApp::new().await;
    app.user("pb@stadt.example", "projektbuero", &[]).await;
    app.user("kollegin@stadt.example", "projektbuero", &[])
        .await;
    let db = &app.state.db;
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        tell_locks(db, &mailer, "http://localhost", now)
            .await
            .expect("told"),
        0,
        "nothing locked"
    );
    let pb = current_user(&app, "pb@stadt.example").await;
    // As count_wrong_code leaves it after the 20th wrong code (that path has its own test).
    sqlx::query("UPDATE users SET totp_wrong_codes = 20, totp_locked_at = ? WHERE id = ?")
        .bind(now)
        .bind(pb.id)
        .execute(&mut *db.writer().await.expect("conn"))
        .await
        .expect("locked");
    assert_eq!(
        tell_locks(db, &mailer, "http://localhost", now)
            .await
            .expect("told"),
        1
    );
    let received = sink.received();
    let to: Vec<&str> = received
        .iter()
        .map(|m| m["rcpt_to"][0].as_str().expect("recipient"))
        .collect();
    assert_eq!(to, ["pb@stadt.example", "kollegin@stadt.example"]);
    assert_eq!(
        received[0]["headers"]["Subject"],
        "Ihr zweiter Faktor ist gesperrt"
    );
    let office_body = received[1]["body"].as_str().expect("body");
    assert!(
        office_body.contains(&format!("http://localhost/intern/benutzer/{}", pb.id)),
        "{office_body}"
    );
    // Told once.
    assert_eq!(
        tell_locks(db, &mailer, "http://localhost", now + 60)
            .await
            .expect("told"),
        0
    );
    assert_eq!(sink.received().len(), 2);
}

#[tokio::test]
async fn stakeholders_who_asked_get_e_mails_on_each_step_and_leave_with_one_click() {
    use app::domain::catalogue::AcceptInput;
    use app::domain::implementation::ImplementationInput;
    use app::server::form_token;
    use app::server::mail::Mailer;
    use app::server::services::need_updates::{send_due, MODERATION_DELAY_SECS};
    use app::server::services::{catalogue, implementation, personal_data};
    let sink = SmtpSink::start();
    let mailer = Mailer::new(
        &sink.url(),
        "Aktionsplan Dortmund <aktionsplan@stadt.example>",
    )
    .expect("mailer");
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let db = &app.state.db;
    let send_form = |title: &'static str, contact: &'static str, language: &'static str| {
        let opened = chrono::Utc::now().timestamp() - 30;
        let form_key = form_token::issue(&app.state.config.link_key, "bedarf:hafen", opened);
        let body = format!(
            "area=hafen&form_key={}&website=&field=2&title={title}&description=Bitte.{contact}&language={language}",
            enc(&form_key)
        );
        app.send(form_request(
            "/api/bedarf-melden",
            &body,
            Some("http://localhost/bedarf/hafen"),
            None,
            9,
        ))
    };
    // Turkish, updates only: the address is not contact data for the staff.
    let sent = send_form(
        "Spielplatz",
        "&contact_email=deniz%40example.org&updates=ja",
        "tr",
    )
    .await;
    assert!(sent.status().is_redirection(), "{:?}", sent.status());
    let receipt = sent.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    let shown = body_text(app.get(&receipt, None).await).await;
    assert!(
        shown.contains("Lütfen içinden adresinizi onaylayın"),
        "the receipt says that a confirmation mail comes"
    );
    // German, both boxes, at an address the mail server refuses.
    let sent = send_form(
        "Bänke",
        "&contact_name=Abel&contact_email=abweisen%40example.org&consent=ja&updates=ja",
        "de",
    )
    .await;
    assert!(sent.status().is_redirection());
    // The box without an address: a field message, nothing stored (as the hydrated form sends
    // it; without JavaScript the same comes back in the form).
    let opened = chrono::Utc::now().timestamp() - 30;
    let form_key = form_token::issue(&app.state.config.link_key, "bedarf:hafen", opened);
    let refused = app
        .post(
            "/api/bedarf-melden",
            &format!(
                "area=hafen&form_key={}&website=&field=2&title=Ohne&description=Bitte.&updates=ja&language=de",
                enc(&form_key)
            ),
            None,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(refused)
        .await
        .contains("Für Nachrichten per E-Mail geben Sie bitte Ihre E-Mail-Adresse an"));

    let (playground, benches): (i64, i64) =
        sqlx::query_as("SELECT min(n.id), max(n.id) FROM needs n")
            .fetch_one(&mut *db.read().await.expect("conn"))
            .await
            .expect("needs");
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT contact_name, contact_email FROM need_submissions ORDER BY id")
            .fetch_all(&mut *db.read().await.expect("conn"))
            .await
            .expect("submissions");
    assert_eq!(
        stored,
        vec![
            (String::new(), String::new()),
            ("Abel".into(), "abweisen@example.org".into())
        ]
    );

    let kai = current_user(&app, "kai@stadt.example").await;
    let office = current_user(&app, "buero@stadt.example").await;
    let now = chrono::Utc::now().timestamp();
    let moderate = |id| access::need_of(db, &kai, id);
    catalogue::accept(
        db,
        &moderate(playground).await.expect("door"),
        &AcceptInput {
            field: "2".into(),
            title: "Spielplatz am Hafen".into(),
        },
        now,
    )
    .await
    .expect("accepted");
    catalogue::reject(
        db,
        &moderate(benches).await.expect("door"),
        "Gibt es schon.",
        now,
    )
    .await
    .expect("rejected");
    // First each address is asked to confirm (double opt-in), in the form's language; nothing
    // else is sent before.
    let key = app.state.config.link_key.clone();
    assert_eq!(
        send_due(db, &mailer, &key, "http://localhost", now)
            .await
            .expect("sent"),
        1,
        "the confirmation to the address the server accepts; an undo may still come"
    );
    let received = sink.received();
    assert_eq!(received.len(), 1, "the refused address got nothing");
    let confirmation = &received[0];
    assert_eq!(confirmation["rcpt_to"][0], "deniz@example.org");
    let subject = confirmation["headers"]["Subject"]
        .as_str()
        .expect("subject");
    assert!(
        subject.starts_with("Lütfen e-posta adresinizi onaylayın (B-"),
        "{subject}"
    );
    let body = confirmation["body"].as_str().expect("body");
    let confirm_link = body
        .split_whitespace()
        .find(|w| w.starts_with("http://localhost/bestaetigen/"))
        .expect("the confirmation link")
        .to_owned();
    assert!(confirm_link.ends_with("?sprache=tr"), "{confirm_link}");
    let later = now + MODERATION_DELAY_SECS;
    assert_eq!(
        send_due(db, &mailer, &key, "http://localhost", later)
            .await
            .expect("sent"),
        0,
        "nothing for an address not confirmed"
    );
    // Opening the link shows a button (mail scanners open links too); its POST confirms.
    let confirm_path = confirm_link
        .trim_start_matches("http://localhost")
        .to_owned();
    let page = body_text(app.get(&confirm_path, None).await).await;
    assert!(page.contains("lang=\"tr\"") && page.contains("Evet, bu e-postaları almak istiyorum"));
    let stored_links: Vec<String> = sqlx::query_scalar(
        "SELECT unsubscribe_token || ' ' || confirm_hash FROM need_update_subscriptions",
    )
    .fetch_all(&mut *db.read().await.expect("conn"))
    .await
    .expect("links");
    let token = confirm_path
        .trim_start_matches("/bestaetigen/")
        .split('?')
        .next()
        .expect("token")
        .to_owned();
    assert!(
        stored_links.iter().all(|l| !l.contains(&token)),
        "only hashes of the links are stored"
    );
    let confirmed = app
        .send(form_request(
            &confirm_path,
            "",
            Some("http://localhost/bestaetigen"),
            None,
            7,
        ))
        .await;
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    let location = confirmed.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.ends_with("ergebnis=bestaetigt"), "{location}");
    assert!(body_text(app.get(&location, None).await)
        .await
        .contains("Adresiniz onaylandı"));
    assert_eq!(
        send_due(db, &mailer, &key, "http://localhost", later)
            .await
            .expect("sent"),
        1
    );
    let received = sink.received();
    assert_eq!(received.len(), 2);
    let accepted = &received[1];
    assert_eq!(accepted["rcpt_to"][0], "deniz@example.org");
    let subject = accepted["headers"]["Subject"].as_str().expect("subject");
    assert!(
        subject.starts_with("İhtiyacınız kabul edildi (B-"),
        "{subject}"
    );
    let body = accepted["body"].as_str().expect("body");
    assert!(
        body.contains("bölge koordinatörleri ihtiyacınızı kabul etti"),
        "{body}"
    );
    assert!(
        body.contains("http://localhost/verfolgen/"),
        "the trail is linked"
    );
    assert_eq!(
        accepted["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(accepted["headers"]["Auto-Submitted"], "auto-generated");
    let unsubscribe = accepted["headers"]["List-Unsubscribe"]
        .as_str()
        .expect("List-Unsubscribe")
        .trim_matches(|c| c == '<' || c == '>')
        .to_owned();
    assert!(
        unsubscribe.starts_with("http://localhost/abbestellen/")
            && unsubscribe.ends_with("?sprache=tr")
    );
    assert!(body.contains(&unsubscribe), "the link is in the text too");
    // The refused confirmation waits for another try; the message for that address waits for
    // a confirmation that does not come.
    let (attempts, due): (i64, Option<i64>) = sqlx::query_as(
        "SELECT confirmation_attempts, confirmation_due_at FROM need_update_subscriptions
         WHERE email = 'abweisen@example.org'",
    )
    .fetch_one(&mut *db.read().await.expect("conn"))
    .await
    .expect("failed confirmation");
    assert_eq!(attempts, 2, "tried at once and again a minute later");
    assert!(
        due.is_some_and(|due| due > later),
        "and waits for the next try"
    );
    let waiting: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM need_update_messages WHERE kind = 'abgelehnt' AND attempts = 0",
    )
    .fetch_one(&mut *db.read().await.expect("conn"))
    .await
    .expect("waiting");
    assert_eq!(waiting, 1);

    // The staff see that the person asked, and that no mail server is configured here.
    let session = app.login("kai@stadt.example").await;
    let need_page = body_text(
        app.get(&format!("/intern/bedarfe/{playground}"), Some(&session))
            .await,
    )
    .await;
    assert!(need_page
        .contains("Die Person hat Nachrichten per E-Mail bestellt (1 verschickt, 0 warten)"));
    assert!(need_page.contains("kein Mailserver eingerichtet"));
    assert!(!need_page.contains("deniz@example.org"), "not contact data");

    // Published and implemented: a message each, in Turkish, naming the measure.
    let content: app::domain::programme::ProgrammeContent = serde_json::from_str(&format!(
        r#"{{"situation":"Lage","measures":[{{"id":"m1","field":"ParentsAndChildren","title":"Spielplatz-Werkstatt","status":"Planned","need_ids":[{playground}]}}]}}"#
    ))
    .expect("content");
    publish_in_hafen(&app, &kai, &office, &content, now).await;
    let measure = access::measure_of(db, &kai, "hafen", "m1")
        .await
        .expect("measure");
    let done = ImplementationInput {
        state: "umgesetzt".into(),
        progress: "100".into(),
        started_on: "2026-01-10".into(),
        ended_on: "2026-06-30".into(),
        note: "Fertig.".into(),
        ..ImplementationInput::default()
    };
    implementation::update(db, &measure, &done, now)
        .await
        .expect("update");
    send_due(db, &mailer, &key, "http://localhost", later)
        .await
        .expect("sent");
    let received = sink.received();
    assert_eq!(received.len(), 4);
    for (message, words) in received[2..]
        .iter()
        .zip(["eylem programı yayımlandı", "hayata geçirildi"])
    {
        let body = message["body"].as_str().expect("body");
        assert!(
            body.contains(words) && body.contains("Spielplatz-Werkstatt"),
            "{body}"
        );
    }

    // One click: the mail program's POST (no cookie, no Origin) or the page's button.
    let page = app
        .get(unsubscribe.trim_start_matches("http://localhost"), None)
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = body_text(page).await;
    assert!(page.contains("lang=\"tr\""), "the form's language");
    assert!(page.contains("Bilgilendirmeden çık"));
    let one_click = |path: String| {
        let request = Request::post(path)
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("List-Unsubscribe=One-Click"))
            .expect("request");
        app.send(with_ip(request, 7))
    };
    let path = unsubscribe
        .trim_start_matches("http://localhost")
        .to_owned();
    let gone = one_click(path.clone()).await;
    assert_eq!(gone.status(), StatusCode::SEE_OTHER);
    let location = gone.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.ends_with("?sprache=tr&ergebnis=abbestellt"),
        "{location}"
    );
    assert!(body_text(app.get(&location, None).await)
        .await
        .contains("Çıkış yapıldı"));
    let again = one_click(path).await;
    assert!(again.headers()[header::LOCATION]
        .to_str()
        .expect("location")
        .ends_with("ergebnis=unbekannt"));
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM need_update_subscriptions WHERE email = 'deniz@example.org'",
    )
    .fetch_one(&mut *db.read().await.expect("conn"))
    .await
    .expect("count");
    assert_eq!(left, 0, "the address is gone");

    // A request about personal data finds and erases the other subscription.
    let office_door = access::project_office(&office).expect("office");
    let report = personal_data::report(db, &office_door, "abweisen@example.org")
        .await
        .expect("report");
    assert_eq!(report.update_subscriptions.len(), 1);
    let erased = personal_data::erase(db, &office_door, "abweisen@example.org")
        .await
        .expect("erased");
    assert_eq!((erased.submissions, erased.subscriptions), (1, 1));

    // An address nobody confirms is deleted after seven days, with what waits for it; its link
    // confirms nothing after that.
    use app::server::services::need_updates::{erase_unconfirmed, CONFIRM_WITHIN_SECS};
    let sent = send_form(
        "Licht",
        "&contact_email=spaeter%40example.org&updates=ja",
        "de",
    )
    .await;
    assert!(sent.status().is_redirection());
    let asked = chrono::Utc::now().timestamp();
    assert_eq!(
        erase_unconfirmed(db, asked + CONFIRM_WITHIN_SECS - 60)
            .await
            .expect("erase"),
        0
    );
    assert_eq!(
        erase_unconfirmed(db, asked + CONFIRM_WITHIN_SECS + 60)
            .await
            .expect("erase"),
        1
    );
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM need_update_subscriptions WHERE email = 'spaeter@example.org'",
    )
    .fetch_one(&mut *db.read().await.expect("conn"))
    .await
    .expect("count");
    assert_eq!(left, 0);
}

/// The `<input>` of the report's "Datenstand vom".
fn stand_input(html: &str) -> String {
    let at = html.find(r#"id="feld-stand""#).expect("the field");
    let start = html[..at].rfind("<input").expect("an input");
    let end = at + html[at..].find('>').expect("its end");
    html[start..=end].to_owned()
}

/// The Sachstandsbericht for a past day: the page and the PDF carry the day of the figures; a
/// day after today or after the meeting is a field error (422), not a report.
#[tokio::test]
async fn the_status_report_shows_the_figures_of_a_chosen_day() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    let office = app.login("buero@stadt.example").await;
    let page = app
        .get(
            "/intern/sachstand?datum=2025-12-09&stand=2025-11-30",
            Some(&office),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body_text(page).await;
    assert!(html.contains("Datenstand: Ende des 30.11.2025."), "{html}");
    assert!(html.contains("sachstandsbericht.pdf?datum=2025-12-09&amp;stand=2025-11-30"));
    assert!(stand_input(&html).contains(r#"value="2025-11-30""#));

    // Without a day of the figures a past meeting's report shows the figures of its own day,
    // and the field stays empty, so that choosing another meeting moves them along.
    let html = body_text(
        app.get("/intern/sachstand?datum=2025-12-09", Some(&office))
            .await,
    )
    .await;
    assert!(html.contains("Datenstand: Ende des 09.12.2025."), "{html}");
    assert!(html.contains("sachstandsbericht.pdf?datum=2025-12-09&amp;stand=2025-12-09"));
    assert!(
        !stand_input(&html).contains("value=\"2025"),
        "{}",
        stand_input(&html)
    );

    let pdf = app
        .get(
            "/intern/sachstand/sachstandsbericht.pdf?datum=2025-12-09&stand=2025-11-30",
            Some(&office),
        )
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(
        pdf.headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.as_bytes()),
        Some(&b"application/pdf"[..])
    );

    for (query, told) in [
        ("datum=2099-12-01&stand=2099-11-30", "nicht in der Zukunft"),
        (
            "datum=2025-12-09&stand=2025-12-10",
            "nicht nach der Sitzung",
        ),
        ("datum=2025-12-09&stand=irgendwann", "Tag des Datenstands"),
    ] {
        let refused = app
            .get(
                &format!("/intern/sachstand/sachstandsbericht.pdf?{query}"),
                Some(&office),
            )
            .await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        assert!(body_text(refused).await.contains(told), "{query}");
        let page = body_text(
            app.get(&format!("/intern/sachstand?{query}"), Some(&office))
                .await,
        )
        .await;
        assert!(page.contains(told), "{query}: {page}");
        assert!(
            page.contains(r#"aria-invalid="true""#),
            "the field is marked: {query}"
        );
    }
}

/// The catalogue of the open data passes the SHACL shapes of DCAT-AP.de 2.0 (pyshacl), and
/// names the published programme with its files, the licence, the place and the contact.
#[tokio::test]
async fn the_open_data_catalogue_is_valid_dcat_ap_de() {
    let app = TestApp::new().await;
    app.user("buero@stadt.example", "projektbuero", &[]).await;
    app.user("kai@stadt.example", "beauftragte", &["hafen"])
        .await;
    let kai = current_user(&app, "kai@stadt.example").await;
    let office = current_user(&app, "buero@stadt.example").await;
    let content: app::domain::programme::ProgrammeContent = serde_json::from_str(
        r#"{"situation":"Lage am Hafen","measures":[{"id":"m1","field":"Work","title":"Sprachcafé","status":"Planned","project_funds_cents":250000}]}"#,
    )
    .expect("content");
    publish_in_hafen(
        &app,
        &kai,
        &office,
        &content,
        chrono::Utc::now().timestamp(),
    )
    .await;

    let response = app.get("/offene-daten/katalog.jsonld", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/ld+json; charset=utf-8"
    );
    let body = body_text(response).await;
    let document: serde_json::Value = serde_json::from_str(&body).expect("JSON-LD");
    let graph = document["@graph"].as_array().expect("graph");
    let hafen = graph
        .iter()
        .find(|n| n["@id"] == "http://localhost/gebiete/hafen/programm#datensatz")
        .expect("Hafen's programme as a dataset");
    assert_eq!(hafen["dct:title"]["@value"], "Aktionsprogramm Hafen");
    assert_eq!(hafen["owl:versionInfo"], "1");
    assert!(graph.iter().any(
        |n| n["@id"] == "http://localhost/offene-daten/aktionsprogramme/hafen.json#verteilung"
    ));
    assert!(
        !body.contains("kai@stadt.example"),
        "no staff in the open data"
    );

    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), &body).expect("written");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dcat_validate.py");
    let output = std::process::Command::new("python3")
        .arg(&script)
        .arg(file.path())
        .output()
        .expect("python3 runs (pyshacl is installed by .ci/tools.sh)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(
        output.status.success(),
        "DCAT-AP.de validation failed:\n{report}"
    );
    assert!(report.contains("3 datasets, 0 violations"), "{report}");

    // The check can fail: without its title and with a licence outside the list, a dataset and
    // its file are refused.
    let mut broken = document.clone();
    for node in broken["@graph"].as_array_mut().expect("graph") {
        if node["@id"] == "http://localhost/gebiete/hafen/programm#datensatz" {
            node.as_object_mut().expect("node").remove("dct:title");
        }
        if node["@id"] == "http://localhost/offene-daten/aktionsprogramme/hafen.json#verteilung" {
            node["dct:license"] = serde_json::json!({ "@id": "https://example.org/eigene-lizenz" });
        }
    }
    std::fs::write(file.path(), broken.to_string()).expect("written");
    let output = std::process::Command::new("python3")
        .arg(&script)
        .arg(file.path())
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        !output.status.success(),
        "a broken catalogue passed:\n{report}"
    );
    assert!(report.contains("dct:title"), "{report}");
    assert!(report.contains("dct:license"), "{report}");
}
