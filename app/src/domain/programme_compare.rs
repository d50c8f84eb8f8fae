//! Differences between programme versions as people read them: in which section, which goal or
//! measure, which field, before and after in words (with the word-level difference of texts).
use super::field_of_action::FieldOfAction;
use super::format::euro_de;
use super::programme::MeasureStatus;
use super::programme_diff::{word_diff, Change, Item, Place, Tree, Words};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// Names for the ids a programme holds (needs, organisations).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Names {
    /// Need id → "B-2022-0012 Sprachkurse mit Kinderbetreuung"
    pub needs: HashMap<i64, String>,
    pub organisations: HashMap<i64, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Added,
    Removed,
    Moved,
    Changed,
}

impl Kind {
    /// Said in words, so that the kind never rests on colour.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Added => "hinzugefügt",
            Kind::Removed => "entfernt",
            Kind::Moved => "verschoben",
            Kind::Changed => "geändert",
        }
    }
}

/// One difference, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    /// "Ausgangslage", "Handlungsfeld 1: Arbeit und Beschäftigung im Quartier", "Potentiale" …
    pub section: String,
    /// "Maßnahme „Sprachcafé“"; empty for a plain text like the Ausgangslage.
    pub subject: String,
    pub kind: Kind,
    /// The field that changed ("Beschreibung"); empty when the whole item was added or removed.
    pub field: String,
    pub old: String,
    pub new: String,
    /// The word-level difference when a text changed; empty otherwise.
    pub words: Vec<Words>,
}

fn list_noun(list: &str) -> &'static str {
    match list {
        "goals" => "Ziel",
        "measures" => "Maßnahme",
        "potentials" => "Potential",
        "role" => "Erwartung an die Rolle",
        "excluded_needs" => "Nicht aufgenommener Bedarf",
        _ => "Eintrag",
    }
}

/// The German name of a field of a list item or of a plain value.
pub fn field_label(key: &str) -> &'static str {
    match key {
        "situation" => "Ausgangslage",
        "data_basis" => "Hinweis zur Datengrundlage",
        "title" => "Titel",
        "description" => "Beschreibung",
        "need_ids" => "Beantwortete Bedarfe",
        "goal_id" => "Ziel",
        "responsible_id" => "Verantwortlich",
        "partner_ids" => "Partner",
        "period" => "Zeitraum",
        "project_funds_cents" => "Projektmittel",
        "area_fund_cents" => "Aktionsraumfonds",
        "third_party_cents" => "Mittel Dritter",
        "third_party_name" => "Geldgeber (Dritte)",
        "status" => "Stand",
        "field" => "Handlungsfeld",
        "text" => "Text",
        "reason" => "Grund",
        "need_id" => "Bedarf",
        "source_item_id" => "Übernommen aus einem Akteursgespräch",
        _ => "Angabe",
    }
}

/// Fields whose changes are shown word by word.
fn is_text(key: &str) -> bool {
    matches!(
        key,
        "situation"
            | "data_basis"
            | "title"
            | "description"
            | "text"
            | "reason"
            | "period"
            | "third_party_name"
    )
}

fn field_of(value: &Value) -> Option<FieldOfAction> {
    serde_json::from_value(value.clone()).ok()
}

pub fn field_heading(field: FieldOfAction) -> String {
    format!("Handlungsfeld {}: {}", field.number(), field.name())
}

/// A value in words: amounts in euro, needs and organisations by name, goals by title.
pub fn show(key: &str, value: &Value, names: &Names, goals: &HashMap<String, String>) -> String {
    let need = |id: i64| {
        names
            .needs
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Bedarf Nr. {id} (nicht mehr angenommen)"))
    };
    let organisation = |id: i64| {
        names
            .organisations
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Organisation Nr. {id}"))
    };
    match (key, value) {
        (_, Value::Null) => "–".to_owned(),
        ("project_funds_cents" | "area_fund_cents" | "third_party_cents", Value::Number(n)) => {
            euro_de(n.as_i64().unwrap_or_default())
        }
        ("need_ids", Value::Array(ids)) => join(ids.iter().filter_map(Value::as_i64).map(need)),
        ("partner_ids", Value::Array(ids)) => {
            join(ids.iter().filter_map(Value::as_i64).map(organisation))
        }
        ("need_id", Value::Number(n)) => need(n.as_i64().unwrap_or_default()),
        ("responsible_id", Value::Number(n)) => organisation(n.as_i64().unwrap_or_default()),
        ("goal_id", Value::String(id)) => goals
            .get(id)
            .map(|t| format!("„{t}“"))
            .unwrap_or_else(|| "ein entferntes Ziel".to_owned()),
        ("field", value) => field_of(value)
            .map(field_heading)
            .unwrap_or_else(|| "–".to_owned()),
        ("status", value) => serde_json::from_value::<MeasureStatus>(value.clone())
            .map(|s| s.label().to_owned())
            .unwrap_or_else(|_| "–".to_owned()),
        ("source_item_id", _) => "ja".to_owned(),
        (_, Value::String(text)) if text.is_empty() => "(leer)".to_owned(),
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    }
}

fn join(parts: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = parts.collect();
    if all.is_empty() {
        "keine".to_owned()
    } else {
        all.join("; ")
    }
}

/// An item as a few lines of text (for added and removed items).
fn show_item(item: &Item, names: &Names, goals: &HashMap<String, String>) -> String {
    const ORDER: [&str; 12] = [
        "title",
        "text",
        "need_id",
        "reason",
        "description",
        "goal_id",
        "responsible_id",
        "partner_ids",
        "period",
        "project_funds_cents",
        "area_fund_cents",
        "need_ids",
    ];
    ORDER
        .iter()
        .filter_map(|key| {
            let value = item.get(*key)?;
            let empty = matches!(value, Value::Null)
                || value.as_str() == Some("")
                || value.as_array().is_some_and(Vec::is_empty)
                || value.as_i64() == Some(0);
            if empty {
                return None;
            }
            let shown = show(key, value, names, goals);
            Some(if matches!(*key, "title" | "text") {
                shown
            } else {
                format!("{}: {shown}", field_label(key))
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn section_of(list: &str, item: Option<&Item>) -> String {
    match list {
        "goals" | "measures" => item
            .and_then(|i| i.get("field"))
            .and_then(field_of)
            .map(field_heading)
            .unwrap_or_else(|| "Handlungsfelder".to_owned()),
        "potentials" => "Potentiale des Gebiets".to_owned(),
        "role" => "Rolle und Funktion der Aktionsraumbeauftragten".to_owned(),
        "excluded_needs" => "Nicht im Programm".to_owned(),
        _ => String::new(),
    }
}

fn subject_of(list: &str, item: Option<&Item>, names: &Names) -> String {
    let noun = list_noun(list);
    let Some(item) = item else {
        return noun.to_owned();
    };
    let name = match list {
        "excluded_needs" => item
            .get("need_id")
            .and_then(Value::as_i64)
            .and_then(|id| names.needs.get(&id).cloned()),
        _ => item
            .get("title")
            .or_else(|| item.get("text"))
            .and_then(Value::as_str)
            .map(|t| shorten(t, 80)),
    };
    match name {
        Some(name) if !name.is_empty() => format!("{noun} „{name}“"),
        _ => noun.to_owned(),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

fn goal_titles(tree: &Tree) -> HashMap<String, String> {
    tree.lists
        .get("goals")
        .into_iter()
        .flatten()
        .filter_map(|g| {
            Some((
                g.get("id")?.as_str()?.to_owned(),
                g.get("title")?.as_str()?.to_owned(),
            ))
        })
        .collect()
}

fn find<'a>(tree: &'a Tree, list: &str, id: &str) -> Option<&'a Item> {
    tree.lists
        .get(list)?
        .iter()
        .find(|i| i.get("id").and_then(Value::as_str) == Some(id))
}

/// Every change from `old` to `new` in words, in the order of [`super::programme_diff::diff`].
pub fn describe(changes: &[Change], old: &Tree, new: &Tree, names: &Names) -> Vec<ChangeLine> {
    let mut goals = goal_titles(old);
    goals.extend(goal_titles(new));
    changes
        .iter()
        .map(|change| match change {
            Change::Value { key, old, new } => {
                let (old_text, new_text) =
                    (show(key, old, names, &goals), show(key, new, names, &goals));
                ChangeLine {
                    section: field_label(key).to_owned(),
                    subject: String::new(),
                    kind: Kind::Changed,
                    field: field_label(key).to_owned(),
                    words: text_words(key, old, new),
                    old: old_text,
                    new: new_text,
                }
            }
            Change::Added { list, item, .. } => ChangeLine {
                section: section_of(list, Some(item)),
                subject: subject_of(list, Some(item), names),
                kind: Kind::Added,
                field: String::new(),
                old: String::new(),
                new: show_item(item, names, &goals),
                words: vec![],
            },
            Change::Removed { list, item } => ChangeLine {
                section: section_of(list, Some(item)),
                subject: subject_of(list, Some(item), names),
                kind: Kind::Removed,
                field: String::new(),
                old: show_item(item, names, &goals),
                new: String::new(),
                words: vec![],
            },
            Change::Moved { list, id, from, to } => {
                let item = find(new, list, id);
                ChangeLine {
                    section: section_of(list, item),
                    subject: subject_of(list, item, names),
                    kind: Kind::Moved,
                    field: "Reihenfolge".to_owned(),
                    old: format!("an Stelle {}", from + 1),
                    new: format!("an Stelle {}", to + 1),
                    words: vec![],
                }
            }
            Change::Field {
                list,
                id,
                key,
                old: before,
                new: after,
            } => {
                let item = find(new, list, id);
                let moved_field = key == "field";
                ChangeLine {
                    section: section_of(list, item),
                    subject: subject_of(list, item, names),
                    kind: if moved_field {
                        Kind::Moved
                    } else {
                        Kind::Changed
                    },
                    field: field_label(key).to_owned(),
                    old: show(key, before, names, &goals),
                    new: show(key, after, names, &goals),
                    words: text_words(key, before, after),
                }
            }
        })
        .collect()
}

fn text_words(key: &str, old: &Value, new: &Value) -> Vec<Words> {
    match (old, new) {
        (Value::String(a), Value::String(b)) if is_text(key) => word_diff(a, b),
        _ => vec![],
    }
}

/// Where a merge conflict lies, in words: (section, subject, field).
pub fn describe_place(place: &Place, tree: &Tree, names: &Names) -> (String, String, String) {
    match place {
        Place::Value { key } => (field_label(key).to_owned(), String::new(), String::new()),
        Place::Field { list, id, key } => {
            let item = find(tree, list, id);
            (
                section_of(list, item),
                subject_of(list, item, names),
                field_label(key).to_owned(),
            )
        }
        Place::Item { list, id } => {
            let item = find(tree, list, id);
            (
                section_of(list, item),
                subject_of(list, item, names),
                "ganzer Eintrag".to_owned(),
            )
        }
    }
}

/// A side of a conflict in words (`key` names the field; `None` for a whole item).
pub fn show_conflict_side(place: &Place, value: &Value, tree: &Tree, names: &Names) -> String {
    let goals = goal_titles(tree);
    match (place, value) {
        (Place::Item { .. }, Value::Null) => "entfernt".to_owned(),
        (Place::Item { .. }, Value::Object(item)) => show_item(item, names, &goals),
        (Place::Value { key } | Place::Field { key, .. }, value) => show(key, value, names, &goals),
        (_, other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::programme::tests::measure;
    use crate::domain::programme::ProgrammeContent;
    use crate::domain::programme_diff::diff;

    #[test]
    fn changes_are_told_in_words_with_section_subject_and_field() {
        let mut before = measure("m1", FieldOfAction::Work, 100_000, 0);
        before.title = "Sprachcafé".into();
        before.description = "Jeden Dienstag im Stadtteilzentrum".into();
        let mut after = before.clone();
        after.description = "Jeden Donnerstag im Stadtteilzentrum".into();
        after.project_funds_cents = 250_000;
        after.field = FieldOfAction::Cohesion;
        after.need_ids = vec![7];
        let old = ProgrammeContent {
            situation: "Viele junge Familien".into(),
            measures: vec![before, measure("m2", FieldOfAction::Work, 0, 0)],
            ..ProgrammeContent::default()
        };
        let new = ProgrammeContent {
            situation: "Viele junge Familien und Ältere".into(),
            measures: vec![after],
            ..ProgrammeContent::default()
        };
        let names = Names {
            needs: HashMap::from([(7, "B-7 Kinderbetreuung".to_owned())]),
            organisations: HashMap::new(),
        };
        let (old, new) = (Tree::of(&old), Tree::of(&new));
        let lines = describe(&diff(&old, &new), &old, &new, &names);
        let line = |field: &str| {
            lines
                .iter()
                .find(|l| l.field == field)
                .unwrap_or_else(|| panic!("{field}: {lines:?}"))
        };
        let situation = line("Ausgangslage");
        assert_eq!(
            situation.words,
            vec![
                Words::Same("Viele junge Familien".into()),
                Words::Added(" und Ältere".into())
            ]
        );
        let description = line("Beschreibung");
        assert_eq!(description.subject, "Maßnahme „Sprachcafé“");
        assert!(description.section.starts_with("Handlungsfeld 3"));
        assert!(description
            .words
            .contains(&Words::Removed("Dienstag".into())));
        let funds = line("Projektmittel");
        assert_eq!(
            (funds.old.as_str(), funds.new.as_str()),
            ("1.000\u{a0}€", "2.500\u{a0}€")
        );
        assert_eq!(line("Beantwortete Bedarfe").new, "B-7 Kinderbetreuung");
        let field = line("Handlungsfeld");
        assert_eq!(field.kind, Kind::Moved);
        assert!(field.old.starts_with("Handlungsfeld 1"));
        let removed = lines
            .iter()
            .find(|l| l.kind == Kind::Removed)
            .expect("m2 removed");
        assert_eq!(removed.subject, "Maßnahme „Maßnahme m2“");
        assert!(removed.old.contains("Maßnahme m2"));
    }

    #[test]
    fn a_version_compared_with_itself_has_nothing_to_tell() {
        let content = ProgrammeContent {
            situation: "Text".into(),
            measures: vec![measure("m", FieldOfAction::Work, 1, 2)],
            ..ProgrammeContent::default()
        };
        let tree = Tree::of(&content);
        assert!(describe(&diff(&tree, &tree), &tree, &tree, &Names::default()).is_empty());
    }
}
