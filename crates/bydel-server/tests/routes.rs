//! Oneshot tests of every route: status, content type, security headers, error shapes, and
//! the access rules (401 without login, 403 with too small a role), on a small fixture run
//! folder (tests/fixtures/run) copied to a temporary folder per test.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use bydel_server::{AppState, Options, Proxy, PublicView, Role, User, Users, app};
use serde_json::Value;
use tower::ServiceExt;

const VIEWER: &str = "vera:viewer-secret-123";
const ANALYST: &str = "ana:analyst-secret-456";
const ADMIN: &str = "adam:admin-secret-789";

struct Fixture {
    dir: tempfile::TempDir,
    app: Router,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn users() -> Users {
    let mut u = Users::none();
    for (cred, role) in [
        (VIEWER, Role::Viewer),
        (ANALYST, Role::Analyst),
        (ADMIN, Role::Admin),
    ] {
        let (name, secret) = cred.split_once(':').unwrap();
        u.insert(User::new(name, role, secret).unwrap());
    }
    u
}

fn fixture_with(view: PublicView) -> Fixture {
    fixture_full(view, Proxy::None)
}

fn fixture_full(view: PublicView, proxy: Proxy) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run");
    copy_dir(&src, dir.path());
    let state = AppState::load(
        dir.path(),
        Options {
            users: users(),
            public_view: view,
            proxy,
        },
    )
    .unwrap();
    Fixture {
        dir,
        app: app(state),
    }
}

fn fixture() -> Fixture {
    fixture_with(PublicView::Open)
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_as(app: &Router, uri: &str, cred: &str) -> Reply {
    let req = Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {cred}"))
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

fn assert_secure(r: &Reply) {
    let csp = r.header(header::CONTENT_SECURITY_POLICY);
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(r.header(header::X_FRAME_OPTIONS), "DENY");
}

fn assert_page(r: &Reply, lang: &str) {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(r.body.starts_with("<!doctype html>"));
    assert!(r.body.contains(&format!("<html lang=\"{lang}\">")));
    // CSP without inline code: no inline scripts, no style attributes, no inline handlers.
    assert!(
        !r.body.contains("<script>") && !r.body.contains("style=") && !r.body.contains(" onclick=")
    );
    assert_secure(r);
}

fn assert_api_error(r: &Reply, status: u16, code: &str) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    assert!(
        r.header(header::CONTENT_TYPE)
            .starts_with("application/json")
    );
    let j = r.json();
    assert_eq!(j["error"]["status"], status);
    assert_eq!(j["error"]["code"], code);
    assert!(j["error"]["message"].is_string());
    assert_secure(r);
}

fn assert_html_error(r: &Reply, status: u16, code: &str) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(
        r.body.contains(&format!("data-code=\"{code}\"")),
        "{}",
        r.body
    );
    for leak in ["src/", ".rs", "panicked", "/tmp", "Failed to deserialize"] {
        assert!(
            !r.body.contains(leak),
            "error page leaks {leak:?}: {}",
            r.body
        );
    }
    assert_secure(r);
}

#[tokio::test]
async fn overview_in_danish_with_map_list_and_watchlist() {
    let f = fixture();
    let r = get(&f.app, "/").await;
    assert_page(&r, "da");
    assert!(
        r.body.contains("<svg") && r.body.contains("data-area=\"999-nord\""),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("href=\"/area/district/999-nord\""),
        "districts by default"
    );
    assert!(r.body.contains("26,0 %"), "Danish decimal comma");
    let r = get(&f.app, "/?kind=housing_area").await;
    assert!(r.body.contains("href=\"/area/housing_area/999-parken\""));
    assert!(r.body.contains("Haven &amp; Co"), "names are escaped");
    assert!(
        r.body
            .contains("Parken ligger markant dårligere &lt;i&gt;end&lt;/i&gt; resten.")
    );
    assert!(r.body.contains("type=\"range\""), "year slider");
    assert!(r.body.contains("10,0 %"));
}

#[tokio::test]
async fn english_by_query_then_by_cookie() {
    let f = fixture();
    let r = get(&f.app, "/?lang=en").await;
    assert_page(&r, "en");
    assert!(r.header(header::SET_COOKIE).starts_with("bydel_lang=en"));
    assert!(r.body.contains("Parken is markedly worse"));
    assert!(r.body.contains("26.0%"));
    let req = Request::get("/indicators")
        .header(header::COOKIE, "bydel_lang=en")
        .body(Body::empty())
        .unwrap();
    assert_page(&send(&f.app, req).await, "en");
}

#[tokio::test]
async fn overview_selection_and_unknown_selection() {
    let f = fixture();
    let r = get(
        &f.app,
        "/?ind=area_figures.residents&kind=district&year=2019",
    )
    .await;
    assert_page(&r, "da");
    assert!(r.body.contains("3.000"), "{}", r.body);
    assert_html_error(&get(&f.app, "/?ind=nope").await, 400, "bad_request");
    assert_html_error(&get(&f.app, "/?year=abc").await, 400, "bad_request");
}

#[tokio::test]
async fn area_page_has_profile_comparison_and_warnings() {
    let f = fixture();
    let r = get(&f.app, "/area/housing_area/999-parken").await;
    assert_page(&r, "da");
    assert!(r.body.contains("<h1>Parken (boligområde)</h1>"));
    assert!(r.body.contains("id=\"profile-table\""));
    // the fixture publishes no `comparisons`: no comparison is made up from other tables
    assert!(!r.body.contains("id=\"comparison-table\""));
    assert!(r.body.contains("class=\"chart\""), "time series chart");
    assert!(
        r.body.contains("<abbr class=\"supp\""),
        "suppressed cell marked"
    );
    assert!(
        r.body.contains("href=\"/area/district/999-nord\""),
        "parent link"
    );
    assert!(
        r.body.contains("Parken ligger markant"),
        "watch-list warning"
    );
    assert_html_error(
        &get(&f.app, "/area/housing_area/nowhere").await,
        404,
        "not_found",
    );
}

#[tokio::test]
async fn indicator_pages_and_compare() {
    let f = fixture();
    let r = get(&f.app, "/indicators").await;
    assert_page(&r, "da");
    assert!(
        r.body.contains("/indicator/area_figures.non_western")
            && r.body.contains("/download/area_figures.csv")
    );
    let r = get(
        &f.app,
        "/indicator/area_figures.non_western?kind=district&year=2020",
    )
    .await;
    assert_page(&r, "da");
    assert!(r.body.contains("id=\"ranking\"") && r.body.contains("id=\"distribution\""));
    let nord = r.body.find(">Nord<").unwrap();
    let syd = r.body.find(">Syd<").unwrap();
    assert!(nord < syd, "ranked high to low");
    assert_html_error(&get(&f.app, "/indicator/nope").await, 404, "not_found");
    let r = get(
        &f.app,
        "/compare?a=housing_area/999-parken&b=housing_area/999-haven",
    )
    .await;
    assert_page(&r, "da");
    assert!(r.body.contains("id=\"compare-table\""));
    assert_page(&get(&f.app, "/compare").await, "da");
    assert_html_error(&get(&f.app, "/compare?a=x/y").await, 400, "bad_request");
}

#[tokio::test]
async fn api_lists_and_serves_every_table() {
    let f = fixture();
    let r = get(&f.app, "/api").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_secure(&r);
    let j = r.json();
    let names: Vec<&str> = j["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["area_figures", "warnings"]);
    for t in names {
        let r = get(&f.app, &format!("/api/tables/{t}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.json()["rows"].as_array().unwrap().is_empty());
    }
    let r = get(
        &f.app,
        "/api/tables/area_figures?area_id=999-parken&year=2020",
    )
    .await;
    let rows = r.json()["rows"].clone();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["non_western"], "..");
    assert_eq!(rows[0]["residents"], 1210);
    assert_api_error(
        &get(&f.app, "/api/tables/area_figures?colour=red").await,
        400,
        "bad_request",
    );
    assert_api_error(&get(&f.app, "/api/tables/nope").await, 404, "not_found");
    assert_api_error(&get(&f.app, "/api/nope").await, 404, "not_found");
}

#[tokio::test]
async fn api_areas_geojson_and_openapi() {
    let f = fixture();
    let r = get(&f.app, "/api/areas").await;
    assert_eq!(r.json().as_array().unwrap().len(), 5);
    let r = get(&f.app, "/api/areas/housing_area/999-parken").await;
    let j = r.json();
    assert_eq!(j["name"], "Parken");
    assert_eq!(j["tables"]["area_figures"].as_array().unwrap().len(), 2);
    assert_eq!(j["tables"]["warnings"].as_array().unwrap().len(), 1);
    assert_api_error(
        &get(&f.app, "/api/areas/housing_area/nope").await,
        404,
        "not_found",
    );
    let r = get(&f.app, "/api/areas.geojson").await;
    assert_eq!(r.header(header::CONTENT_TYPE), "application/geo+json");
    assert_eq!(r.json()["type"], "FeatureCollection");
    let r = get(&f.app, "/api/openapi.json").await;
    let j = r.json();
    assert_eq!(j["openapi"], "3.0.3");
    for path in [
        "/api",
        "/api/tables/{name}",
        "/api/areas",
        "/api/areas/{kind}/{id}",
        "/api/areas.geojson",
        "/download/{file}",
    ] {
        assert!(j["paths"][path].is_object(), "OpenAPI documents {path}");
    }
}

#[tokio::test]
async fn csv_downloads_are_the_published_files_only() {
    let f = fixture();
    let r = get(&f.app, "/download/area_figures.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header(header::CONTENT_TYPE).starts_with("text/csv"));
    let file = std::fs::read_to_string(f.dir.path().join("published/area_figures.csv")).unwrap();
    assert_eq!(r.body, file);
    for bad in [
        "/download/area_figures.privacy.json",
        "/download/..%2Fwork%2Fcounts_secret.csv",
        "/download/%2E%2E%2Fdataset%2Fpersons.csv",
        "/download/areas.geojson",
    ] {
        let r = get(&f.app, bad).await;
        assert_html_error(&r, 404, "not_found");
        assert!(!r.body.contains("Secret"));
    }
}

#[tokio::test]
async fn assets_health_and_unknown_routes() {
    let f = fixture();
    let r = get(&f.app, "/assets/app.js").await;
    assert!(
        r.header(header::CONTENT_TYPE)
            .starts_with("text/javascript")
    );
    assert!(
        get(&f.app, "/assets/app.css")
            .await
            .header(header::CONTENT_TYPE)
            .starts_with("text/css")
    );
    assert_html_error(
        &get(&f.app, "/assets/../Cargo.toml").await,
        404,
        "not_found",
    );
    assert_eq!(get(&f.app, "/healthz").await.body, "ok");
    assert_html_error(&get(&f.app, "/nope").await, 404, "not_found");
    let r = send(&f.app, Request::post("/").body(Body::empty()).unwrap()).await;
    assert_html_error(&r, 405, "method_not_allowed");
    let r = send(&f.app, Request::delete("/api").body(Body::empty()).unwrap()).await;
    assert_api_error(&r, 405, "method_not_allowed");
}

#[tokio::test]
async fn analyst_pages_need_login_and_role() {
    let f = fixture();
    assert_html_error(&get(&f.app, "/analyst").await, 401, "unauthorized");
    assert_html_error(&get_as(&f.app, "/analyst", VIEWER).await, 403, "forbidden");
    let r = get_as(&f.app, "/analyst", ANALYST).await;
    assert_page(&r, "da");
    assert!(r.body.contains("counts_secret.csv") && r.body.contains("analysis/trend.csv"));
    assert!(!r.body.contains("persons.csv"), "dataset/ is never listed");
    assert!(!r.body.contains("/admin/audit"));
    assert!(
        get_as(&f.app, "/analyst", ADMIN)
            .await
            .body
            .contains("/admin/audit")
    );
    assert_html_error(
        &get(&f.app, "/analyst/files/counts_secret.csv").await,
        401,
        "unauthorized",
    );
    assert_html_error(
        &get_as(&f.app, "/analyst/files/counts_secret.csv", VIEWER).await,
        403,
        "forbidden",
    );
    let r = get_as(&f.app, "/analyst/files/counts_secret.csv", ANALYST).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("999-parken,2020,non_western,2"));
    assert_eq!(
        get_as(&f.app, "/analyst/files/analysis/trend.csv", ANALYST)
            .await
            .status,
        StatusCode::OK
    );
    for bad in [
        "/analyst/files/../dataset/persons.csv",
        "/analyst/files/..%2Fdataset%2Fpersons.csv",
        "/analyst/files/%2Fetc%2Fpasswd",
        "/analyst/files/analysis",
    ] {
        let r = get_as(&f.app, bad, ANALYST).await;
        assert!(matches!(r.status.as_u16(), 404), "{bad}: {}", r.status);
        assert!(!r.body.contains("Secret Person") && !r.body.contains("root:"));
    }
}

#[tokio::test]
async fn audit_log_is_for_admins_and_records_who_did_what() {
    let f = fixture();
    get_as(&f.app, "/analyst/files/counts_secret.csv", ANALYST).await;
    assert_html_error(&get(&f.app, "/admin/audit").await, 401, "unauthorized");
    assert_html_error(
        &get_as(&f.app, "/admin/audit", ANALYST).await,
        403,
        "forbidden",
    );
    let r = get_as(&f.app, "/admin/audit", ADMIN).await;
    assert_page(&r, "da");
    assert!(
        r.body
            .contains("ana\tanalyst\tdownload_work_file\tcounts_secret.csv\tok"),
        "{}",
        r.body
    );
    let log = std::fs::read_to_string(f.dir.path().join("audit.log")).unwrap();
    assert!(log.contains("adam\tadmin\tview_audit_log"));
}

#[tokio::test]
async fn bad_bearer_tokens_are_401_and_audited() {
    let f = fixture();
    assert_api_error(
        &get_as(&f.app, "/api", "ana:wrong").await,
        401,
        "unauthorized",
    );
    assert_api_error(
        &get_as(&f.app, "/api", "no-colon").await,
        401,
        "unauthorized",
    );
    let log = std::fs::read_to_string(f.dir.path().join("audit.log")).unwrap();
    assert!(
        log.contains("-\tanonymous\tbearer_auth\tana\tfailed"),
        "{log}"
    );
}

fn login_request(user: &str, password: &str) -> Request<Body> {
    Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("user={user}&password={password}")))
        .unwrap()
}

#[tokio::test]
async fn login_session_and_logout() {
    let f = fixture();
    assert_page(&get(&f.app, "/login").await, "da");
    let r = send(&f.app, login_request("ana", "wrong")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("role=\"alert\""));
    let r = send(&f.app, login_request("ana", "analyst-secret-456")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let cookie = r.header(header::SET_COOKIE).to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();
    let with = |uri: &str, method: &str| {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, &session)
            .body(Body::empty())
            .unwrap()
    };
    let r = send(&f.app, with("/analyst", "GET")).await;
    assert_page(&r, "da");
    assert!(r.body.contains("counts_secret.csv"));
    assert_eq!(
        send(&f.app, with("/logout", "POST")).await.status,
        StatusCode::SEE_OTHER
    );
    assert_html_error(
        &send(&f.app, with("/analyst", "GET")).await,
        401,
        "unauthorized",
    );
    let log = std::fs::read_to_string(f.dir.path().join("audit.log")).unwrap();
    assert!(
        log.contains("-\tanonymous\tlogin\tana\tfailed")
            && log.contains("ana\tanalyst\tlogin\tana\tok")
            && log.contains("ana\tanalyst\tlogout"),
        "{log}"
    );
    let r = send(
        &f.app,
        Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("user=ana"))
            .unwrap(),
    )
    .await;
    assert_html_error(&r, 422, "unprocessable");
}

#[tokio::test]
async fn request_bodies_are_limited() {
    let f = fixture();
    let big = format!("user=ana&password={}", "x".repeat(20 * 1024));
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big))
        .unwrap();
    assert_html_error(&send(&f.app, req).await, 413, "payload_too_large");
}

#[tokio::test]
async fn closed_public_view_needs_a_viewer() {
    let f = fixture_with(PublicView::LoginRequired);
    assert_html_error(&get(&f.app, "/").await, 401, "unauthorized");
    assert_api_error(
        &get(&f.app, "/api/tables/area_figures").await,
        401,
        "unauthorized",
    );
    assert_html_error(
        &get(&f.app, "/download/area_figures.csv").await,
        401,
        "unauthorized",
    );
    assert_page(&get_as(&f.app, "/", VIEWER).await, "da");
    assert_page(&get(&f.app, "/login").await, "da");
    assert_eq!(get(&f.app, "/healthz").await.status, StatusCode::OK);
    assert_eq!(get(&f.app, "/assets/app.css").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_broken_run_folder_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let e = AppState::load(dir.path(), Options::default()).unwrap_err();
    assert!(e.to_string().contains("published"), "{e}");
    std::fs::create_dir_all(dir.path().join("published")).unwrap();
    std::fs::write(dir.path().join("published/manifest.json"), "{").unwrap();
    let e = AppState::load(dir.path(), Options::default()).unwrap_err();
    assert!(e.to_string().contains("manifest.json"), "{e}");
}

#[tokio::test]
async fn api_shapes_snapshot() {
    let f = fixture();
    let index = get(&f.app, "/api").await.json();
    insta::assert_json_snapshot!("api_index", index);
    let area = get(&f.app, "/api/areas/housing_area/999-parken")
        .await
        .json();
    insta::assert_json_snapshot!("api_area_parken", area);
    let err = get(&f.app, "/api/tables/nope?lang=en").await.json();
    insta::assert_json_snapshot!("api_error_not_found", err);
}

// ---- issue 13: the server's hardening ----

#[tokio::test]
async fn issue_13_the_indicator_page_checks_its_layer_and_year() {
    let f = fixture();
    let page = "/indicator/area_figures.non_western";
    assert_page(&get(&f.app, &format!("{page}?kind=district")).await, "da");
    let r = get(&f.app, &format!("{page}?kind=nosuch&lang=en")).await;
    assert_html_error(&r, 400, "bad_request");
    assert!(
        r.body
            .contains("parameter &quot;kind&quot;: expected one of district"),
        "{}",
        r.body
    );
    assert_html_error(
        &get(&f.app, &format!("{page}?year=1850")).await,
        400,
        "bad_request",
    );
    assert_html_error(
        &get(&f.app, &format!("{page}?year=x")).await,
        400,
        "bad_request",
    );
    assert_html_error(&get(&f.app, "/?kind=nosuch").await, 400, "bad_request");
    assert_html_error(&get(&f.app, "/?year=1850").await, 400, "bad_request");
}

#[tokio::test]
async fn issue_13_every_route_refuses_unknown_and_repeated_parameters() {
    let f = fixture();
    for route in [
        "/",
        "/indicators",
        "/indicator/area_figures.non_western",
        "/compare",
        "/area/housing_area/999-parken",
        "/login",
        "/analyst",
        "/admin/audit",
        "/healthz",
        "/assets/app.css",
    ] {
        let r = get(&f.app, &format!("{route}?nosuch=1")).await;
        assert_html_error(&r, 400, "bad_request");
        assert!(r.body.contains("nosuch"), "{route}: {}", r.body);
    }
    for route in [
        "/api",
        "/api/areas",
        "/api/areas.geojson",
        "/api/openapi.json",
        "/api/areas/housing_area/999-parken",
        "/api/tables/area_figures",
    ] {
        assert_api_error(
            &get(&f.app, &format!("{route}?nosuch=1")).await,
            400,
            "bad_request",
        );
    }
    let r = get(&f.app, "/download/area_figures.csv?nosuch=1").await;
    assert_html_error(&r, 400, "bad_request");
    assert_html_error(
        &get(&f.app, "/?year=2020&year=2019").await,
        400,
        "bad_request",
    );
    assert_html_error(&get(&f.app, "/?lang=fr").await, 400, "bad_request");
    // The parameters a page takes, and `lang`, still work.
    assert_page(&get(&f.app, "/indicators?lang=en").await, "en");
    let r = get(&f.app, "/api/tables/area_figures?year=2020&lang=en").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn issue_13_errors_speak_the_pages_language() {
    let f = fixture();
    let r = get(&f.app, "/nope").await;
    assert_html_error(&r, 404, "not_found");
    assert!(
        r.body.contains("<html lang=\"da\">") && r.body.contains("ikke fundet"),
        "{}",
        r.body
    );
    let r = get(&f.app, "/nope?lang=en").await;
    assert!(
        r.body.contains("<html lang=\"en\">") && r.body.contains("not found"),
        "{}",
        r.body
    );
    let r = get(&f.app, "/api/tables/nope").await;
    assert_api_error(&r, 404, "not_found");
    assert_eq!(r.json()["error"]["message"], "ikke fundet: tabel nope");
    let req = Request::get("/api/tables/nope")
        .header(header::COOKIE, "bydel_lang=en")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&f.app, req).await.json()["error"]["message"],
        "not found: table nope"
    );
    let r = get(&f.app, "/analyst?lang=en").await;
    assert!(r.body.contains("login required"), "{}", r.body);
    let r = get(&f.app, "/analyst").await;
    assert!(r.body.contains("log ind for at se siden"), "{}", r.body);
}

#[tokio::test]
async fn issue_13_an_over_long_url_has_the_documented_shape() {
    let f = fixture();
    let long = "a".repeat(20_000);
    let r = get(&f.app, &format!("/api/tables/{long}")).await;
    assert_api_error(&r, 414, "uri_too_long");
    let r = get(&f.app, &format!("/?x={long}&lang=en")).await;
    assert_html_error(&r, 414, "uri_too_long");
    assert!(r.body.contains("too long"), "{}", r.body);
}

#[tokio::test]
async fn issue_13_private_pages_are_never_cached() {
    let f = fixture();
    for (uri, cred) in [
        ("/analyst", Some(ANALYST)),
        ("/analyst/files/counts_secret.csv", Some(ANALYST)),
        ("/admin/audit", Some(ADMIN)),
        ("/analyst", None),
        ("/login", None),
        ("/", Some(VIEWER)),
    ] {
        let r = match cred {
            Some(c) => get_as(&f.app, uri, c).await,
            None => get(&f.app, uri).await,
        };
        assert_eq!(
            r.header(header::CACHE_CONTROL),
            "no-store",
            "{uri} as {cred:?}"
        );
    }
    assert_eq!(get(&f.app, "/").await.header(header::CACHE_CONTROL), "");
}

fn session_cookie(r: &Reply) -> String {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("bydel_session="))
        .expect("a session cookie")
}

#[tokio::test]
async fn issue_13_the_session_cookie_is_secure_over_https_behind_a_trusted_proxy() {
    let https = |req: Request<Body>| {
        let (mut parts, body) = req.into_parts();
        parts
            .headers
            .insert("x-forwarded-proto", "https".parse().unwrap());
        Request::from_parts(parts, body)
    };
    let trusted = fixture_full(PublicView::Open, Proxy::Trusted);
    let r = send(
        &trusted.app,
        https(login_request("ana", "analyst-secret-456")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let c = session_cookie(&r);
    assert!(c.contains("; Secure") && c.contains("HttpOnly"), "{c}");
    // Plain HTTP through the proxy: no Secure (the browser would drop the cookie).
    let r = send(&trusted.app, login_request("ana", "analyst-secret-456")).await;
    assert!(!session_cookie(&r).contains("Secure"));
    // Without --trust-proxy the header is anyone's and is ignored.
    let direct = fixture();
    let r = send(
        &direct.app,
        https(login_request("ana", "analyst-secret-456")),
    )
    .await;
    assert!(!session_cookie(&r).contains("Secure"));
}

#[tokio::test]
async fn issue_13_failed_logins_are_throttled() {
    let f = fixture();
    for i in 0..bydel_server::throttle::PER_NAME {
        let r = send(&f.app, login_request("ana", "wrong")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Now even the right secret is refused, before it is checked.
    let r = send(&f.app, login_request("ana", "analyst-secret-456")).await;
    assert_html_error(&r, 429, "too_many_requests");
    let wait: u64 = r.header(header::RETRY_AFTER).parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    // Bearer credentials count against the same name.
    assert_api_error(
        &get_as(&f.app, "/api", ANALYST).await,
        429,
        "too_many_requests",
    );
    // Other users are not affected.
    let r = send(&f.app, login_request("adam", "admin-secret-789")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let log = std::fs::read_to_string(f.dir.path().join("audit.log")).unwrap();
    assert!(log.contains("-\tanonymous\tlogin\tana\tthrottled"), "{log}");
}
