//! Running and recording a meeting: attendance, minutes and the three capture lists, changed by
//! small idempotent changes that the browser can queue while offline.
use super::field_of_action::FieldOfAction;
use super::meeting::{CaptureItem, CaptureList, MeetingDetail, Reply};
use super::validation::{optional_text, required_text};
use serde::{Deserialize, Serialize};

pub const MAX_MINUTES_CHARS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub invitation_id: i64,
    pub invitee: String,
    pub reply: Option<Reply>,
    pub attended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkIn {
    pub id: String,
    pub organisation_name: String,
    pub person_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addendum {
    pub author: String,
    pub written_at: String,
    pub text: String,
}

/// Everything that can change while a meeting is recorded; the browser keeps a copy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordState {
    pub attendance: Vec<AttendanceRow>,
    pub walk_ins: Vec<WalkIn>,
    pub minutes: String,
    pub items: Vec<CaptureItem>,
    /// How many changes the server has applied; a local copy with more is newer.
    pub revision: i64,
}

/// The recording page: the meeting, the state, and what the page needs around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecord {
    pub meeting: MeetingDetail,
    pub state: RecordState,
    /// Organisations of the area, to name who raised an item.
    pub organisations: Vec<(i64, String)>,
    /// Set once the minutes are closed: "am … von …".
    pub closed: Option<String>,
    pub minutes_html: String,
    pub addenda: Vec<Addendum>,
}

/// A need collected in a meeting, with its source, for the area's list of needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingNeed {
    pub field: FieldOfAction,
    pub title: String,
    pub detail: String,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_date: chrono::NaiveDate,
    pub organisation: Option<String>,
}

/// One change as the browser sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "art", rename_all = "snake_case")]
pub enum Change {
    Attendance {
        invitation_id: i64,
        attended: bool,
    },
    AddWalkIn {
        id: String,
        organisation_name: String,
        person_name: String,
    },
    RemoveWalkIn {
        id: String,
    },
    Minutes {
        text: String,
    },
    UpsertItem {
        item: CaptureItem,
    },
    RemoveItem {
        id: String,
    },
    /// Moves an item one place up (`-1`) or down (`1`) within its list.
    MoveItem {
        id: String,
        by: i64,
    },
}

/// A change with the id the browser gave it, so that a change sent twice is applied once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEnvelope {
    pub id: String,
    pub change: Change,
}

/// Client ids: 8 to 64 characters of letters, digits and dashes (UUIDs fit).
pub fn valid_client_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl Change {
    /// Checks lengths and shapes; returns the change with trimmed texts or a German message.
    pub fn checked(self) -> Result<Change, String> {
        Ok(match self {
            Change::AddWalkIn {
                id,
                organisation_name,
                person_name,
            } => {
                if !valid_client_id(&id) {
                    return Err("Ungültige Kennung.".into());
                }
                Change::AddWalkIn {
                    id,
                    organisation_name: required_text(&organisation_name, "die Organisation", 200)?,
                    person_name: optional_text(&person_name, "den Namen", 200)?,
                }
            }
            Change::Minutes { text } => {
                if text.chars().count() > MAX_MINUTES_CHARS {
                    return Err("Das Protokoll ist zu lang (höchstens 100.000 Zeichen).".into());
                }
                Change::Minutes {
                    text: text.replace("\r\n", "\n"),
                }
            }
            Change::UpsertItem { mut item } => {
                if !valid_client_id(&item.id) {
                    return Err("Ungültige Kennung.".into());
                }
                item.title = required_text(&item.title, "einen kurzen Titel", 300)?;
                item.detail = optional_text(&item.detail, "die Erläuterung", 5000)?;
                match (item.list, item.field) {
                    (CaptureList::Need, None) => {
                        return Err("Ein Bedarf gehört zu genau einem Handlungsfeld. Bitte wählen Sie es (Taste 1, 2 oder 3).".into())
                    }
                    (CaptureList::Need, Some(_)) => {}
                    (_, _) => item.field = None,
                }
                Change::UpsertItem { item }
            }
            Change::MoveItem { id, by } => Change::MoveItem {
                id,
                by: by.clamp(-1, 1),
            },
            other => other,
        })
    }
}

/// Applies a change to a copy of the state, as the server does: the browser shows the result at
/// once, before the server has it.
pub fn apply(state: &mut RecordState, change: &Change) {
    match change {
        Change::Attendance {
            invitation_id,
            attended,
        } => {
            if let Some(row) = state
                .attendance
                .iter_mut()
                .find(|r| r.invitation_id == *invitation_id)
            {
                row.attended = *attended;
            }
        }
        Change::AddWalkIn {
            id,
            organisation_name,
            person_name,
        } => {
            if !state.walk_ins.iter().any(|w| &w.id == id) {
                state.walk_ins.push(WalkIn {
                    id: id.clone(),
                    organisation_name: organisation_name.clone(),
                    person_name: person_name.clone(),
                });
            }
        }
        Change::RemoveWalkIn { id } => state.walk_ins.retain(|w| &w.id != id),
        Change::Minutes { text } => state.minutes = text.clone(),
        Change::UpsertItem { item } => match state.items.iter_mut().find(|i| i.id == item.id) {
            Some(existing) => *existing = item.clone(),
            None => state.items.push(item.clone()),
        },
        Change::RemoveItem { id } => state.items.retain(|i| &i.id != id),
        Change::MoveItem { id, by } => {
            let Some(item) = state.items.iter().find(|i| &i.id == id).cloned() else {
                return;
            };
            let mut list: Vec<CaptureItem> = state
                .items
                .iter()
                .filter(|i| i.list == item.list)
                .cloned()
                .collect();
            list.sort_by_key(|i| i.position);
            let Some(from) = list.iter().position(|i| i.id == item.id) else {
                return;
            };
            let to = from as i64 + by;
            if to < 0 || to >= list.len() as i64 {
                return;
            }
            list.swap(from, to as usize);
            for (position, moved) in list.iter().enumerate() {
                if let Some(i) = state.items.iter_mut().find(|i| i.id == moved.id) {
                    i.position = position as i64;
                }
            }
        }
    }
    state
        .items
        .sort_by_key(|i| (list_order(i.list), i.position));
}

fn list_order(list: CaptureList) -> u8 {
    match list {
        CaptureList::Need => 0,
        CaptureList::Potential => 1,
        CaptureList::RoleExpectation => 2,
    }
}

/// The next position at the end of a list.
pub fn next_position(state: &RecordState, list: CaptureList) -> i64 {
    state
        .items
        .iter()
        .filter(|i| i.list == list)
        .map(|i| i.position + 1)
        .max()
        .unwrap_or(0)
}

/// Keys 1, 2 and 3 choose the Handlungsfeld while entering needs.
pub fn field_for_key(key: &str) -> Option<FieldOfAction> {
    FieldOfAction::parse_number(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, list: CaptureList, position: i64) -> CaptureItem {
        CaptureItem {
            id: id.into(),
            list,
            field: (list == CaptureList::Need).then_some(FieldOfAction::Work),
            title: format!("Titel {id}"),
            detail: String::new(),
            organisation_id: None,
            position,
        }
    }

    #[test]
    fn applying_a_change_twice_is_the_same_as_once() {
        let changes = [
            Change::UpsertItem {
                item: item("aaaaaaaa-1", CaptureList::Need, 0),
            },
            Change::AddWalkIn {
                id: "bbbbbbbb-1".into(),
                organisation_name: "Verein".into(),
                person_name: String::new(),
            },
            Change::Minutes {
                text: "Begrüßung".into(),
            },
            Change::RemoveItem {
                id: "cccccccc".into(),
            },
        ];
        for change in changes {
            let mut once = RecordState::default();
            apply(&mut once, &change);
            let mut twice = once.clone();
            apply(&mut twice, &change);
            assert_eq!(once, twice, "{change:?}");
        }
    }

    #[test]
    fn items_move_within_their_list_only() {
        let mut state = RecordState::default();
        for (id, list, pos) in [
            ("n1", CaptureList::Need, 0),
            ("n2", CaptureList::Need, 1),
            ("p1", CaptureList::Potential, 0),
        ] {
            apply(
                &mut state,
                &Change::UpsertItem {
                    item: item(id, list, pos),
                },
            );
        }
        apply(
            &mut state,
            &Change::MoveItem {
                id: "n2".into(),
                by: -1,
            },
        );
        let order: Vec<&str> = state.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(order, ["n2", "n1", "p1"]);
        apply(
            &mut state,
            &Change::MoveItem {
                id: "n2".into(),
                by: -1,
            },
        );
        apply(
            &mut state,
            &Change::MoveItem {
                id: "p1".into(),
                by: 1,
            },
        );
        let order: Vec<&str> = state.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(order, ["n2", "n1", "p1"]);
        assert_eq!(next_position(&state, CaptureList::Need), 2);
        assert_eq!(next_position(&state, CaptureList::RoleExpectation), 0);
    }

    #[test]
    fn a_need_needs_exactly_one_field_and_others_none() {
        let mut need = item("aaaaaaaa", CaptureList::Need, 0);
        need.field = None;
        assert!(Change::UpsertItem { item: need }.checked().is_err());
        let mut potential = item("aaaaaaaa", CaptureList::Potential, 0);
        potential.field = Some(FieldOfAction::Cohesion);
        match (Change::UpsertItem { item: potential }).checked() {
            Ok(Change::UpsertItem { item }) => assert_eq!(item.field, None),
            other => panic!("{other:?}"),
        }
        let mut empty = item("aaaaaaaa", CaptureList::Potential, 0);
        empty.title = "  ".into();
        assert!(Change::UpsertItem { item: empty }.checked().is_err());
        assert!(!valid_client_id("x"));
        assert!(!valid_client_id("aaaaaaaa'; DROP"));
        assert!(valid_client_id("3f2c9a4e-6b1d-4c2a-9f0e-1a2b3c4d5e6f"));
        assert_eq!(field_for_key("2"), Some(FieldOfAction::ParentsAndChildren));
        assert_eq!(field_for_key("4"), None);
    }
}
