//! Open data at stable addresses (no login): the published Aktionsprogramme as JSON and their
//! measures as CSV, described by an OpenAPI document. Only published versions are ever served.
use crate::public_files::{etag_of, respond};
use app::domain::open_data::{
    implementation_rows, measure_rows, open_implementation, open_programme, OpenProgramme,
    CSV_HEADERS, IMPLEMENTATION_CSV_HEADERS,
};
use app::error::AppError;
use app::server::export::csv_table;
use app::server::services::{implementation, programmes};
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde_json::json;

/// Open data may be cached a little (with an ETag of its content) and read by any site.
fn open_file(request_headers: &HeaderMap, content_type: &'static str, bytes: Vec<u8>) -> Response {
    respond(
        request_headers,
        &etag_of(&bytes),
        &[
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        bytes,
    )
}

fn json_response(
    request_headers: &HeaderMap,
    value: Result<serde_json::Value, serde_json::Error>,
) -> Response {
    match value.and_then(|v| serde_json::to_vec_pretty(&v)) {
        Ok(bytes) => open_file(request_headers, "application/json; charset=utf-8", bytes),
        Err(error) => crate::plain_error(AppError::internal(error)),
    }
}

async fn all(state: &AppState) -> Result<Vec<OpenProgramme>, AppError> {
    programmes::open_data(&state.db, &state.config.public_url).await
}

/// `/offene-daten/katalog.jsonld`: the catalogue of all of the above in DCAT-AP.de 2.0.
pub async fn catalogue(State(state): State<AppState>, asked: HeaderMap) -> Response {
    match all(&state).await {
        Ok(list) => {
            let today = app::domain::schedule::to_local(app::server::db::now_unix())
                .date()
                .format("%Y-%m-%d")
                .to_string();
            let document = app::domain::open_data_catalogue::catalogue(
                &list,
                &state.catalogue,
                &state.config.public_url,
                &today,
            );
            match serde_json::to_vec_pretty(&document) {
                Ok(bytes) => open_file(&asked, "application/ld+json; charset=utf-8", bytes),
                Err(error) => crate::plain_error(AppError::internal(error)),
            }
        }
        Err(error) => crate::plain_error(error),
    }
}

/// `/offene-daten/aktionsprogramme.json`
pub async fn programmes_json(State(state): State<AppState>, asked: HeaderMap) -> Response {
    match all(&state).await {
        Ok(list) => json_response(
            &asked,
            serde_json::to_value(list).map(|list| json!({ "aktionsprogramme": list })),
        ),
        Err(error) => crate::plain_error(error),
    }
}

/// `/offene-daten/aktionsprogramme/{gebiet}.json`
pub async fn programme_json(
    State(state): State<AppState>,
    Path(file): Path<String>,
    asked: HeaderMap,
) -> Response {
    let Some(slug) = file.strip_suffix(".json") else {
        return crate::plain_error(AppError::not_found("Diese Datei"));
    };
    match programmes::published(&state.db, slug, None).await {
        Ok(p) => json_response(
            &asked,
            serde_json::to_value(open_programme(&p, &state.config.public_url)),
        ),
        Err(error) => crate::plain_error(error),
    }
}

/// `/offene-daten/massnahmen.csv`: one row per measure of every published programme.
pub async fn measures_csv(State(state): State<AppState>, asked: HeaderMap) -> Response {
    let result = all(&state)
        .await
        .and_then(|list| csv_table(CSV_HEADERS, measure_rows(&list).into_iter()));
    match result {
        Ok(bytes) => csv_file(&asked, bytes, "attachment; filename=\"massnahmen.csv\""),
        Err(error) => crate::plain_error(error),
    }
}

fn csv_file(asked: &HeaderMap, bytes: Vec<u8>, disposition: &'static str) -> Response {
    let mut response = open_file(asked, "text/csv; charset=utf-8", bytes);
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        header::HeaderValue::from_static(disposition),
    );
    response
}

/// `/offene-daten/umsetzung.json`: every published measure and its Umsetzung.
pub async fn implementation_json(State(state): State<AppState>, asked: HeaderMap) -> Response {
    match implementation::all_measures(&state.db).await {
        Ok(measures) => json_response(
            &asked,
            serde_json::to_value(open_implementation(&measures, &state.config.public_url))
                .map(|list| json!({ "umsetzung": list })),
        ),
        Err(error) => crate::plain_error(error),
    }
}

/// `/offene-daten/umsetzung.csv`: the same, one row per measure.
pub async fn implementation_csv(State(state): State<AppState>, asked: HeaderMap) -> Response {
    let result = implementation::all_measures(&state.db).await.and_then(|m| {
        csv_table(
            IMPLEMENTATION_CSV_HEADERS,
            implementation_rows(&m).into_iter(),
        )
    });
    match result {
        Ok(bytes) => csv_file(&asked, bytes, "attachment; filename=\"umsetzung.csv\""),
        Err(error) => crate::plain_error(error),
    }
}

/// `/offene-daten/openapi.json`: what the files above contain.
pub async fn openapi(State(state): State<AppState>, asked: HeaderMap) -> Response {
    json_response(&asked, Ok(openapi_document(&state.config.public_url)))
}

pub fn openapi_document(public_url: &str) -> serde_json::Value {
    let text = json!({ "type": "string" });
    let cents = json!({ "type": "integer", "description": "Betrag in Cent (ganze Zahl)" });
    let date = json!({ "type": "string", "format": "date", "nullable": true });
    let money = json!({
        "type": "object",
        "required": ["projektmittel_cent", "aktionsraumfonds_cent", "dritte_cent"],
        "properties": { "projektmittel_cent": cents, "aktionsraumfonds_cent": cents, "dritte_cent": cents }
    });
    let need = json!({
        "type": "object",
        "required": ["kennung", "titel"],
        "properties": { "kennung": text, "titel": text }
    });
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Aktionsplan Soziale Stadt Dortmund – offene Daten",
            "version": "1",
            "description": "Die veröffentlichten Aktionsprogramme der Aktionsräume und Aktionsquartiere und die Umsetzung ihrer Maßnahmen. Nur veröffentlichte Fassungen, ohne Namen von Mitarbeitenden und ohne Kontaktdaten. Beträge in Cent."
        },
        "servers": [{ "url": public_url }],
        "paths": {
            "/offene-daten/aktionsprogramme.json": {
                "get": {
                    "summary": "Alle veröffentlichten Aktionsprogramme (je Gebiet die aktuelle Fassung)",
                    "responses": { "200": { "description": "Liste", "content": { "application/json": { "schema": {
                        "type": "object",
                        "required": ["aktionsprogramme"],
                        "properties": { "aktionsprogramme": { "type": "array", "items": { "$ref": "#/components/schemas/Aktionsprogramm" } } }
                    } } } } }
                }
            },
            "/offene-daten/aktionsprogramme/{gebiet}.json": {
                "get": {
                    "summary": "Das veröffentlichte Aktionsprogramm eines Gebiets",
                    "parameters": [{ "name": "gebiet", "in": "path", "required": true, "schema": text, "description": "Kurzname des Gebiets, etwa nordmarkt" }],
                    "responses": {
                        "200": { "description": "Aktionsprogramm", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Aktionsprogramm" } } } },
                        "404": { "description": "Gebiet unbekannt oder noch kein Programm veröffentlicht" }
                    }
                }
            },
            "/offene-daten/massnahmen.csv": {
                "get": {
                    "summary": "Alle Maßnahmen der veröffentlichten Programme als CSV (UTF-8 mit BOM, Semikolon, Dezimalkomma)",
                    "responses": { "200": { "description": "CSV", "content": { "text/csv": { "schema": text } } } }
                }
            },
            "/offene-daten/umsetzung.json": {
                "get": {
                    "summary": "Umsetzung: Stand, Fortschritt, Meilensteine und Geld jeder Maßnahme der veröffentlichten Programme",
                    "responses": { "200": { "description": "Liste", "content": { "application/json": { "schema": {
                        "type": "object",
                        "required": ["umsetzung"],
                        "properties": { "umsetzung": { "type": "array", "items": { "$ref": "#/components/schemas/Umsetzung" } } }
                    } } } } }
                }
            },
            "/offene-daten/umsetzung.csv": {
                "get": {
                    "summary": "Umsetzung aller Maßnahmen als CSV (UTF-8 mit BOM, Semikolon, Dezimalkomma)",
                    "responses": { "200": { "description": "CSV", "content": { "text/csv": { "schema": text } } } }
                }
            }
        },
        "components": { "schemas": {
            "Bedarf": need,
            "Geld": money,
            "Umsetzung": {
                "type": "object",
                "required": ["gebiet", "gebietsname", "fassung", "massnahme", "titel", "handlungsfeld", "stand", "grund", "fortschritt_prozent", "beginn", "ende", "meilensteine", "geplant", "ausgegeben", "zuletzt_aktualisiert", "adresse"],
                "properties": {
                    "gebiet": text, "gebietsname": text,
                    "fassung": { "type": "integer", "description": "Die veröffentlichte Fassung, aus der die Maßnahme stammt" },
                    "massnahme": { "type": "string", "description": "Kennung der Maßnahme im Programm (bleibt über Fassungen gleich)" },
                    "titel": text,
                    "handlungsfeld": { "type": "integer", "enum": [1, 2, 3] },
                    "stand": { "type": "string", "enum": ["geplant", "in-umsetzung", "umgesetzt", "zurueckgestellt", "entfallen"] },
                    "grund": { "type": "string", "description": "Warum zurückgestellt oder entfallen (sonst leer)" },
                    "fortschritt_prozent": { "type": "integer", "minimum": 0, "maximum": 100 },
                    "beginn": date, "ende": date,
                    "meilensteine": { "type": "array", "items": {
                        "type": "object", "required": ["datum", "titel", "erreicht"],
                        "properties": { "datum": { "type": "string", "format": "date" }, "titel": text, "erreicht": { "type": "boolean" } }
                    } },
                    "geplant": { "$ref": "#/components/schemas/Geld" },
                    "ausgegeben": { "$ref": "#/components/schemas/Geld" },
                    "zuletzt_aktualisiert": { "type": "string", "format": "date", "nullable": true, "description": "null, solange nichts eingetragen ist" },
                    "adresse": { "type": "string", "format": "uri" }
                }
            },
            "Aktionsprogramm": {
                "type": "object",
                "required": ["gebiet", "name", "art", "fassung", "veroeffentlicht_am", "adresse", "ausgangslage", "datengrundlage", "handlungsfelder", "potentiale", "rolle", "nicht_im_programm", "kosten"],
                "properties": {
                    "gebiet": text, "name": text,
                    "art": { "type": "string", "enum": ["Aktionsraum", "Aktionsquartier"] },
                    "fassung": { "type": "integer" },
                    "veroeffentlicht_am": { "type": "string", "format": "date" },
                    "adresse": { "type": "string", "format": "uri" },
                    "ausgangslage": text, "datengrundlage": text,
                    "handlungsfelder": { "type": "array", "items": { "$ref": "#/components/schemas/Handlungsfeld" } },
                    "potentiale": { "type": "array", "items": text },
                    "rolle": { "type": "array", "items": text },
                    "nicht_im_programm": { "type": "array", "items": {
                        "type": "object", "required": ["bedarf", "grund"],
                        "properties": { "bedarf": { "$ref": "#/components/schemas/Bedarf" }, "grund": text }
                    } },
                    "kosten": {
                        "type": "object",
                        "required": ["projektmittel_cent", "aktionsraumfonds_cent", "dritte_cent", "summe_cent"],
                        "properties": { "projektmittel_cent": cents, "aktionsraumfonds_cent": cents, "dritte_cent": cents, "summe_cent": cents }
                    }
                }
            },
            "Handlungsfeld": {
                "type": "object",
                "required": ["nummer", "name", "ziele", "massnahmen"],
                "properties": {
                    "nummer": { "type": "integer", "enum": [1, 2, 3] },
                    "name": text,
                    "ziele": { "type": "array", "items": {
                        "type": "object", "required": ["titel", "beschreibung", "bedarfe"],
                        "properties": { "titel": text, "beschreibung": text, "bedarfe": { "type": "array", "items": { "$ref": "#/components/schemas/Bedarf" } } }
                    } },
                    "massnahmen": { "type": "array", "items": { "$ref": "#/components/schemas/Massnahme" } }
                }
            },
            "Massnahme": {
                "type": "object",
                "required": ["titel", "beschreibung", "ziel", "verantwortlich", "partner", "zeitraum", "stand", "projektmittel_cent", "aktionsraumfonds_cent", "dritte_cent", "dritte_geldgeber", "bedarfe"],
                "properties": {
                    "titel": text, "beschreibung": text,
                    "ziel": { "type": "string", "nullable": true },
                    "verantwortlich": { "type": "string", "nullable": true },
                    "partner": { "type": "array", "items": text },
                    "zeitraum": text,
                    "stand": { "type": "string", "enum": ["geplant", "läuft", "abgeschlossen", "verworfen"] },
                    "projektmittel_cent": cents, "aktionsraumfonds_cent": cents, "dritte_cent": cents,
                    "dritte_geldgeber": text,
                    "bedarfe": { "type": "array", "items": { "$ref": "#/components/schemas/Bedarf" } }
                }
            }
        } }
    })
}
