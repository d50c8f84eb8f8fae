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

/// E-mail updates on a need, asked for with the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateSubscriptionRecord {
    pub reference: String,
    pub area: String,
    pub subscribed_on: String,
}

/// Contact data given with a reported barrier (accessibility feedback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarrierReportRecord {
    pub reference: String,
    pub received_on: String,
    pub name: String,
}

/// Everything stored about one address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalDataReport {
    pub email: String,
    pub submissions: Vec<SubmissionContactRecord>,
    pub contacts: Vec<DirectoryContactRecord>,
    #[serde(default)]
    pub update_subscriptions: Vec<UpdateSubscriptionRecord>,
    #[serde(default)]
    pub barrier_reports: Vec<BarrierReportRecord>,
}

impl PersonalDataReport {
    pub fn is_empty(&self) -> bool {
        self.submissions.is_empty()
            && self.contacts.is_empty()
            && self.update_subscriptions.is_empty()
            && self.barrier_reports.is_empty()
    }
}

/// What an erasure removed (counted, never named).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureSummary {
    pub submissions: i64,
    pub contacts: i64,
    #[serde(default)]
    pub subscriptions: i64,
    #[serde(default)]
    pub barrier_reports: i64,
}

impl ErasureSummary {
    pub fn total(&self) -> i64 {
        self.submissions + self.contacts + self.subscriptions + self.barrier_reports
    }
}
