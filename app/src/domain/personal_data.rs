//! What the app keeps about one e-mail address, for requests under the GDPR (Auskunft, Löschung).
use serde::{Deserialize, Serialize};

/// Contact data given with a need through the public form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionContactRecord {
    pub reference: String,
    pub area: String,
    pub submitted_on: String,
    pub need_title: String,
    pub name: String,
    pub email: String,
    pub consent_given_on: Option<String>,
}

/// A contact person in the stakeholder directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryContactRecord {
    pub organisation: String,
    pub name: String,
    pub function: String,
    pub email: String,
    pub phone: String,
    pub consent_on: String,
    pub consent_purpose: String,
}

/// Everything stored about one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDataReport {
    pub email: String,
    pub submissions: Vec<SubmissionContactRecord>,
    pub contacts: Vec<DirectoryContactRecord>,
}

impl PersonalDataReport {
    pub fn is_empty(&self) -> bool {
        self.submissions.is_empty() && self.contacts.is_empty()
    }
}

/// What an erasure removed (counted, never named).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureSummary {
    pub submissions: i64,
    pub contacts: i64,
}
