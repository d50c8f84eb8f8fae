//! The three Handlungsfelder of the Aktionsplan Soziale Stadt.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldOfAction {
    Work,
    ParentsAndChildren,
    Cohesion,
}

impl FieldOfAction {
    pub const ALL: [FieldOfAction; 3] = [
        FieldOfAction::Work,
        FieldOfAction::ParentsAndChildren,
        FieldOfAction::Cohesion,
    ];

    pub fn number(self) -> u8 {
        match self {
            FieldOfAction::Work => 1,
            FieldOfAction::ParentsAndChildren => 2,
            FieldOfAction::Cohesion => 3,
        }
    }

    pub fn from_number(number: i64) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| i64::from(f.number()) == number)
    }

    /// The number as sent by a form ("1", "2", "3").
    pub fn parse_number(input: &str) -> Option<Self> {
        input.trim().parse().ok().and_then(Self::from_number)
    }

    pub fn name(self) -> &'static str {
        match self {
            FieldOfAction::Work => "Arbeit und Beschäftigung im Quartier",
            FieldOfAction::ParentsAndChildren => {
                "Eltern und Kinder stärken – Kinderarmut bekämpfen"
            }
            FieldOfAction::Cohesion => "Sozialen Zusammenhalt im Quartier stärken",
        }
    }

    /// One plain sentence for people who do not know the programme.
    pub fn explanation(self) -> &'static str {
        match self {
            FieldOfAction::Work => "Wege in Arbeit, Ausbildung und Beschäftigung für Menschen im Stadtteil.",
            FieldOfAction::ParentsAndChildren => "Unterstützung für Familien, damit Kinder gut aufwachsen – unabhängig vom Geldbeutel.",
            FieldOfAction::Cohesion => "Nachbarschaft, Begegnung und Mitmachen, damit niemand ausgeschlossen ist.",
        }
    }
}
