//! The catalogue of the open data in DCAT-AP.de 2.0 (JSON-LD): publisher, contact point,
//! licence, spatial coverage, one dataset per area's published Aktionsprogramm with its JSON and
//! PDF, and the city-wide tables of measures and their Umsetzung.
use super::open_data::OpenProgramme;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What the city configures about its open data (`--open-data-*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueSettings {
    /// A licence of the DCAT-AP.de licence list (http://dcat-ap.de/def/licenses/…).
    pub license: String,
    /// Political geocoding URI of the city (DCAT-AP.de vocabulary).
    pub spatial: String,
    /// Where questions about the data go (the contact point's e-mail).
    pub contact_email: String,
    /// "Stadt Dortmund": named with the licence (Namensnennung).
    pub attribution: String,
}

impl Default for CatalogueSettings {
    fn default() -> Self {
        Self {
            license: "http://dcat-ap.de/def/licenses/dl-by-de/2.0".into(),
            // Amtlicher Gemeindeschlüssel of Dortmund.
            spatial: "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05913000".into(),
            contact_email: "projektbuero@stadt.example".into(),
            attribution: "Stadt Dortmund".into(),
        }
    }
}

/// Why a configured licence or geocoding address cannot be used.
pub fn check_settings(settings: &CatalogueSettings) -> Result<(), String> {
    if !settings
        .license
        .starts_with("http://dcat-ap.de/def/licenses/")
    {
        return Err(format!(
            "Die Lizenz der offenen Daten muss aus der Liste von DCAT-AP.de stammen (http://dcat-ap.de/def/licenses/…), nicht „{}“.",
            settings.license
        ));
    }
    if !settings
        .spatial
        .starts_with("http://dcat-ap.de/def/politicalGeocoding/")
    {
        return Err(format!(
            "Der Raumbezug der offenen Daten muss eine Adresse der politischen Geokodierung von DCAT-AP.de sein (http://dcat-ap.de/def/politicalGeocoding/…), nicht „{}“.",
            settings.spatial
        ));
    }
    crate::domain::email::Email::parse(&settings.contact_email)
        .map(|_| ())
        .map_err(|_| {
            format!(
                "„{}“ ist keine E-Mail-Adresse für die offenen Daten.",
                settings.contact_email
            )
        })
}

const LANGUAGE_DE: &str = "http://publications.europa.eu/resource/authority/language/DEU";
const THEME_SOCIETY: &str = "http://publications.europa.eu/resource/authority/data-theme/SOCI";
const IRREGULAR: &str = "http://publications.europa.eu/resource/authority/frequency/IRREG";

fn de(text: &str) -> Value {
    json!({ "@value": text, "@language": "de" })
}

fn date(iso: &str) -> Value {
    json!({ "@value": iso, "@type": "xsd:date" })
}

/// The geocoding level of the spatial URI ("municipalityKey" → municipality).
fn geocoding_level(spatial: &str) -> &'static str {
    let kind = spatial
        .trim_start_matches("http://dcat-ap.de/def/politicalGeocoding/")
        .split('/')
        .next()
        .unwrap_or_default();
    match kind {
        "stateKey" => "http://dcat-ap.de/def/politicalGeocoding/Level/state",
        "districtKey" => "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict",
        "municipalAssociationKey" => {
            "http://dcat-ap.de/def/politicalGeocoding/Level/municipalAssociation"
        }
        _ => "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
    }
}

struct Files<'a> {
    url: &'a str,
    settings: &'a CatalogueSettings,
    modified: &'a str,
}

impl Files<'_> {
    /// A distribution: a file at `path` of the site, with its media type and file type.
    fn distribution(&self, path: &str, title: &str, media_type: &str, file_type: &str) -> Value {
        let address = format!("{}{path}", self.url);
        json!({
            "@id": format!("{address}#verteilung"),
            "@type": "dcat:Distribution",
            "dct:title": de(title),
            "dcat:accessURL": { "@id": address },
            "dcat:downloadURL": { "@id": address },
            "dcat:mediaType": { "@id": format!("http://www.iana.org/assignments/media-types/{media_type}"), "@type": "dct:MediaType" },
            "dct:format": { "@id": format!("http://publications.europa.eu/resource/authority/file-type/{file_type}") },
            "dct:license": { "@id": self.settings.license },
            "dcatde:licenseAttributionByText": self.settings.attribution,
            "dct:modified": date(self.modified),
        })
    }
}

/// The catalogue of `programmes` (each area's latest published version), as JSON-LD.
/// `url` is the site's public address; `today` the catalogue's date (YYYY-MM-DD).
pub fn catalogue(
    programmes: &[OpenProgramme],
    settings: &CatalogueSettings,
    url: &str,
    today: &str,
) -> Value {
    let catalogue_id = format!("{url}/offene-daten/katalog.jsonld#katalog");
    let publisher_id = format!("{url}/offene-daten/katalog.jsonld#herausgeber");
    let contact = json!({
        "@type": "vcard:Organization",
        "vcard:fn": "Projektbüro Aktionsplan Soziale Stadt, Sozialamt der Stadt Dortmund",
        "vcard:hasEmail": { "@id": format!("mailto:{}", settings.contact_email) },
    });
    let modified_all = programmes
        .iter()
        .map(|p| p.veroeffentlicht_am.as_str())
        .max()
        .unwrap_or(today);
    let mut graph = vec![json!({
        "@id": publisher_id,
        "@type": "foaf:Organization",
        "foaf:name": de("Stadt Dortmund, Sozialamt – Projektbüro Aktionsplan Soziale Stadt"),
    })];
    let mut datasets = Vec::new();
    // The common properties of every dataset.
    let dataset = |id: String,
                   title: String,
                   description: String,
                   keywords: Vec<Value>,
                   landing: String,
                   modified: &str,
                   distributions: Vec<Value>| {
        json!({
            "@id": id,
            "@type": "dcat:Dataset",
            "dct:title": de(&title),
            "dct:description": de(&description),
            "dct:publisher": { "@id": publisher_id },
            "dcat:contactPoint": contact,
            "dcat:theme": { "@id": THEME_SOCIETY },
            "dcat:keyword": keywords,
            "dct:spatial": { "@id": settings.spatial },
            "dcatde:politicalGeocodingLevelURI": { "@id": geocoding_level(&settings.spatial) },
            "dcatde:politicalGeocodingURI": { "@id": settings.spatial },
            "dct:language": { "@id": LANGUAGE_DE },
            "dct:accrualPeriodicity": { "@id": IRREGULAR },
            "dct:modified": date(modified),
            "dcat:landingPage": { "@id": landing },
            "dcat:distribution": distributions
                .iter()
                .map(|d| json!({ "@id": d["@id"] }))
                .collect::<Vec<_>>(),
        })
    };
    for p in programmes {
        let files = Files {
            url,
            settings,
            modified: &p.veroeffentlicht_am,
        };
        let distributions = vec![
            files.distribution(
                &format!("/offene-daten/aktionsprogramme/{}.json", p.gebiet),
                &format!("Aktionsprogramm {} als JSON", p.name),
                "application/json",
                "JSON",
            ),
            files.distribution(
                &format!("/gebiete/{}/aktionsprogramm.pdf", p.gebiet),
                &format!("Aktionsprogramm {} als PDF", p.name),
                "application/pdf",
                "PDF",
            ),
        ];
        let id = format!("{url}/gebiete/{}/programm#datensatz", p.gebiet);
        let mut entry = dataset(
            id.clone(),
            format!("Aktionsprogramm {}", p.name),
            format!(
                "Das Aktionsprogramm des {} {} im Aktionsplan Soziale Stadt Dortmund: Ausgangslage, Ziele und Maßnahmen in den drei Handlungsfeldern, beantwortete Bedarfe und geplante Kosten. Fassung {}, veröffentlicht am {}.",
                p.art, p.name, p.fassung, p.veroeffentlicht_am
            ),
            vec![de("Aktionsplan Soziale Stadt"), de("Aktionsprogramm"), de(&p.name), de(&p.art)],
            p.adresse.clone(),
            &p.veroeffentlicht_am,
            distributions.clone(),
        );
        entry["owl:versionInfo"] = json!(p.fassung.to_string());
        entry["dct:identifier"] = json!(format!("aktionsprogramm-{}", p.gebiet));
        datasets.push(json!({ "@id": id }));
        graph.push(entry);
        graph.extend(distributions);
    }
    // The city-wide tables.
    let files = Files {
        url,
        settings,
        modified: modified_all,
    };
    let measures = vec![files.distribution(
        "/offene-daten/massnahmen.csv",
        "Maßnahmen aller Aktionsprogramme als CSV",
        "text/csv",
        "CSV",
    )];
    let implementation = vec![
        files.distribution(
            "/offene-daten/umsetzung.json",
            "Umsetzung der Maßnahmen als JSON",
            "application/json",
            "JSON",
        ),
        files.distribution(
            "/offene-daten/umsetzung.csv",
            "Umsetzung der Maßnahmen als CSV",
            "text/csv",
            "CSV",
        ),
    ];
    for (slug, title, description, landing, distributions) in [
        (
            "massnahmen",
            "Maßnahmen aller Aktionsprogramme",
            "Jede Maßnahme der veröffentlichten Aktionsprogramme aller Gebiete in einer Zeile: Gebiet, Handlungsfeld, Ziel, Verantwortliche, Zeitraum, geplante Kosten nach Finanzierung und beantwortete Bedarfe.",
            format!("{url}/offene-daten"),
            measures,
        ),
        (
            "umsetzung",
            "Umsetzung der Maßnahmen",
            "Stand der Umsetzung jeder veröffentlichten Maßnahme: Stand, Fortschritt, Meilensteine, geplantes und ausgegebenes Geld nach Finanzierung.",
            format!("{url}/umsetzung"),
            implementation,
        ),
    ] {
        let id = format!("{url}/offene-daten#{slug}");
        let entry = dataset(
            id.clone(),
            title.to_owned(),
            description.to_owned(),
            vec![de("Aktionsplan Soziale Stadt"), de(title)],
            landing,
            modified_all,
            distributions.clone(),
        );
        datasets.push(json!({ "@id": id }));
        graph.push(entry);
        graph.extend(distributions);
    }
    graph.insert(
        0,
        json!({
            "@id": catalogue_id,
            "@type": "dcat:Catalog",
            "dct:title": de("Offene Daten des Aktionsplans Soziale Stadt Dortmund"),
            "dct:description": de("Die veröffentlichten Aktionsprogramme der Aktionsräume und Aktionsquartiere des Aktionsplans Soziale Stadt Dortmund und die Umsetzung ihrer Maßnahmen, als JSON, CSV und PDF."),
            "dct:publisher": { "@id": publisher_id },
            "foaf:homepage": { "@id": format!("{url}/offene-daten") },
            "dct:language": { "@id": LANGUAGE_DE },
            "dct:license": { "@id": settings.license },
            "dct:spatial": { "@id": settings.spatial },
            "dct:modified": date(modified_all),
            "dcat:themeTaxonomy": { "@id": "http://publications.europa.eu/resource/authority/data-theme" },
            "dcat:dataset": datasets,
        }),
    );
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatde": "http://dcat-ap.de/def/dcatde/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "owl": "http://www.w3.org/2002/07/owl#",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programme(slug: &str, name: &str, published: &str) -> OpenProgramme {
        OpenProgramme {
            gebiet: slug.into(),
            name: name.into(),
            art: "Aktionsraum".into(),
            fassung: 2,
            veroeffentlicht_am: published.into(),
            adresse: format!("https://aktionsplan.example/gebiete/{slug}/programm"),
            ausgangslage: String::new(),
            datengrundlage: String::new(),
            handlungsfelder: vec![],
            potentiale: vec![],
            rolle: vec![],
            nicht_im_programm: vec![],
            kosten: crate::domain::open_data::OpenCosts {
                projektmittel_cent: 0,
                aktionsraumfonds_cent: 0,
                dritte_cent: 0,
                summe_cent: 0,
            },
        }
    }

    #[test]
    fn one_dataset_per_programme_and_two_city_wide_each_with_its_files() {
        let list = [
            programme("hafen", "Hafen", "2026-06-01"),
            programme("nordmarkt", "Nordmarkt", "2026-09-15"),
        ];
        let doc = catalogue(
            &list,
            &CatalogueSettings::default(),
            "https://aktionsplan.example",
            "2026-12-06",
        );
        let graph = doc["@graph"].as_array().expect("graph");
        let of_type = |t: &str| graph.iter().filter(|n| n["@type"] == t).count();
        assert_eq!(of_type("dcat:Catalog"), 1);
        assert_eq!(of_type("dcat:Dataset"), 4);
        assert_eq!(of_type("dcat:Distribution"), 2 * 2 + 1 + 2);
        let catalogue = &graph[0];
        assert_eq!(catalogue["dcat:dataset"].as_array().map(Vec::len), Some(4));
        assert_eq!(catalogue["dct:modified"]["@value"], "2026-09-15");
        let hafen = graph
            .iter()
            .find(|n| n["@id"] == "https://aktionsplan.example/gebiete/hafen/programm#datensatz")
            .expect("dataset of Hafen");
        assert_eq!(hafen["owl:versionInfo"], "2");
        assert_eq!(
            hafen["dcat:contactPoint"]["vcard:hasEmail"]["@id"],
            "mailto:projektbuero@stadt.example"
        );
        assert_eq!(
            hafen["dcatde:politicalGeocodingLevelURI"]["@id"],
            "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
        );
        let pdf = graph
            .iter()
            .find(|n| {
                n["@id"]
                    == "https://aktionsplan.example/gebiete/hafen/aktionsprogramm.pdf#verteilung"
            })
            .expect("the PDF");
        assert_eq!(
            pdf["dcat:mediaType"]["@id"],
            "http://www.iana.org/assignments/media-types/application/pdf"
        );
        assert_eq!(
            pdf["dct:license"]["@id"],
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        );
    }

    #[test]
    fn settings_outside_the_vocabularies_are_refused() {
        assert!(check_settings(&CatalogueSettings::default()).is_ok());
        let wrong_license = CatalogueSettings {
            license: "https://creativecommons.org/licenses/by/4.0/".into(),
            ..Default::default()
        };
        assert!(check_settings(&wrong_license)
            .expect_err("licence")
            .contains("Liste von DCAT-AP.de"));
        let wrong_email = CatalogueSettings {
            contact_email: "projektbuero".into(),
            ..Default::default()
        };
        assert!(check_settings(&wrong_email).is_err());
    }
}
