//! Demo stakeholder directory: about 120 fictitious organisations with contact people.
use super::{fail, Staff};
use app::domain::area::Area;
use app::domain::organisation::{ContactFields, OrganisationFields};
use app::domain::validation::FieldErrors;
use app::server::access;
use app::server::db::Db;
use app::server::services::organisations;

const WELFARE: [&str; 5] = ["AWO", "Caritas", "Diakonie", "DRK", "Paritätischer"];
const DAYCARE: [&str; 6] = [
    "Sonnenblume",
    "Regenbogen",
    "Pusteblume",
    "Kunterbunt",
    "Löwenzahn",
    "Sternschnuppe",
];
const FIRST_NAMES: [&str; 16] = [
    "Anna", "Mehmet", "Katrin", "Thomas", "Fatma", "Stefan", "Olga", "Ahmad", "Sandra", "Michael",
    "Leyla", "Andreas", "Monika", "Dariusz", "Julia", "Hakan",
];
const LAST_NAMES: [&str; 16] = [
    "Schulte",
    "Yilmaz",
    "Becker",
    "Nowak",
    "Krüger",
    "Hoffmann",
    "Petrović",
    "Wagner",
    "Özdemir",
    "Schäfer",
    "Lange",
    "Richter",
    "Kaya",
    "Zimmermann",
    "Wolff",
    "Brandt",
];

/// One organisation of an area, as the demo knows it.
#[derive(Debug, Clone)]
pub struct DemoOrganisation {
    pub id: i64,
    pub contact_id: Option<i64>,
}

/// Organisations per area (the area's own first, then those shared with its Stadtbezirk).
pub type Directory = Vec<(Area, Vec<DemoOrganisation>)>;

/// A blueprint: name, kind code, Handlungsfelder, contact function.
struct Blueprint {
    name: String,
    kind: &'static str,
    fields: &'static [&'static str],
    function: &'static str,
    area_slugs: Vec<String>,
}

fn own_organisations(index: usize, area: &Area) -> Vec<Blueprint> {
    let own = |name: String, kind, fields, function| Blueprint {
        name,
        kind,
        fields,
        function,
        area_slugs: vec![area.slug.clone()],
    };
    let name = &area.name;
    let club = if index.is_multiple_of(2) {
        own(
            format!("Bürgerverein {name} e. V."),
            "verein",
            &["3"],
            "Vorsitz",
        )
    } else {
        own(
            format!("SV {name} 1919 e. V."),
            "verein",
            &["2", "3"],
            "Jugendwart",
        )
    };
    vec![
        own(
            format!("{} Quartierstreff {name}", WELFARE[index % WELFARE.len()]),
            "wohlfahrt",
            &["1", "2", "3"],
            "Einrichtungsleitung",
        ),
        own(
            format!("Grundschule {name}"),
            "schule",
            &["2"],
            "Schulleitung",
        ),
        own(
            format!("Kita {} {name}", DAYCARE[index % DAYCARE.len()]),
            "kita",
            &["2"],
            "Kita-Leitung",
        ),
        own(
            format!("Wohnungsgenossenschaft {name} eG"),
            "wohnungsgesellschaft",
            &["3"],
            "Quartiersentwicklung",
        ),
        club,
        own(
            format!("Nachbarschaftsinitiative {name}"),
            "initiative",
            &["3"],
            "Sprecherin",
        ),
    ]
}

fn district_organisations(district: &str, area_slugs: Vec<String>) -> Vec<Blueprint> {
    let shared = |name: String, kind, fields, function| Blueprint {
        name,
        kind,
        fields,
        function,
        area_slugs: area_slugs.clone(),
    };
    vec![
        shared(
            format!("Familienbüro {district}"),
            "familienbuero",
            &["2"],
            "Beratung",
        ),
        shared(
            format!("Jobcenter Dortmund, Standort {district}"),
            "jobcenter",
            &["1"],
            "Teamleitung Markt und Integration",
        ),
        shared(
            format!("Bezirksvertretung {district}"),
            "politik",
            &["1", "2", "3"],
            "Bezirksbürgermeisterin",
        ),
    ]
}

/// "Müller" → "mueller", for fictitious e-mail addresses.
fn mail_part(text: &str) -> String {
    text.to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
        .replace('ć', "c")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

async fn create(
    db: &Db,
    staff: &Staff,
    blueprint: &Blueprint,
    serial: usize,
) -> Result<DemoOrganisation, String> {
    let mut errors = FieldErrors::new();
    let fields: Vec<String> = blueprint.fields.iter().map(|f| (*f).to_owned()).collect();
    let organisation = OrganisationFields::parse(
        &blueprint.name,
        blueprint.kind,
        "",
        blueprint.area_slugs.clone(),
        &fields,
        &mut errors,
    )
    .ok_or_else(|| format!("{}: {errors:?}", blueprint.name))?;
    let id = organisations::create(db, &staff.office, organisation)
        .await
        .map_err(fail)?;
    // Most organisations have agreed to be contacted through one person; a few have not.
    let contact_id = if serial % 7 == 6 {
        None
    } else {
        let first = FIRST_NAMES[serial % FIRST_NAMES.len()];
        let last = LAST_NAMES[(serial * 5 + 3) % LAST_NAMES.len()];
        let email = format!(
            "{}.{}@{}.example",
            mail_part(first),
            mail_part(last),
            mail_part(blueprint.name.split_whitespace().next().unwrap_or("verein"))
        );
        let consent_on = format!("{:02}.01.2022", 3 + serial % 25);
        let contact = ContactFields::parse(
            &format!("{first} {last}"),
            blueprint.function,
            &email,
            &format!("0231 {:07}", 1_000_000 + serial * 7919 % 8_999_999),
            &consent_on,
            "Einladungen zu Akteursgesprächen und Rückfragen zum Aktionsplan Soziale Stadt",
            &mut errors,
        )
        .ok_or_else(|| format!("{first} {last}: {errors:?}"))?;
        let editor = access::organisation_of(db, &staff.office, id)
            .await
            .map_err(fail)?;
        Some(
            organisations::add_contact(db, &editor, contact)
                .await
                .map_err(fail)?,
        )
    };
    Ok(DemoOrganisation { id, contact_id })
}

/// Creates the organisations of every area and of every Stadtbezirk; at `scale` N each area has
/// N − 1 more sets of its own organisations (other sites of the same kinds), which the returned
/// directory leaves out: the meetings and programmes of the demo use the first set. Returns the
/// directory and how many organisations were created in all.
pub async fn fill(
    db: &Db,
    staff: &Staff,
    areas: &[Area],
    scale: usize,
) -> Result<(Directory, usize), String> {
    let mut directory: Directory = areas.iter().map(|a| (a.clone(), Vec::new())).collect();
    let mut serial = 0;
    for (index, (area, list)) in directory.iter_mut().enumerate() {
        for blueprint in own_organisations(index, area) {
            list.push(create(db, staff, &blueprint, serial).await?);
            serial += 1;
        }
    }
    let mut districts: Vec<String> = areas.iter().map(|a| a.district.clone()).collect();
    districts.sort();
    districts.dedup();
    for district in districts {
        let slugs: Vec<String> = areas
            .iter()
            .filter(|a| a.district == district)
            .map(|a| a.slug.clone())
            .collect();
        for blueprint in district_organisations(&district, slugs) {
            let organisation = create(db, staff, &blueprint, serial).await?;
            serial += 1;
            for (area, list) in &mut directory {
                if area.district == district {
                    list.push(organisation.clone());
                }
            }
        }
    }
    for site in 2..=scale {
        for (index, area) in areas.iter().enumerate() {
            for mut blueprint in own_organisations(index, area) {
                blueprint.name = format!("{}, Standort {site}", blueprint.name);
                create(db, staff, &blueprint, serial).await?;
                serial += 1;
            }
        }
    }
    Ok((directory, serial))
}
