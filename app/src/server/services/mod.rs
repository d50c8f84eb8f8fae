//! Use cases, each in one transaction, tested without HTTP.
pub mod accessibility;
pub mod areas;
pub mod auth;
pub mod catalogue;
pub mod implementation;
pub mod invitations;
pub mod meetings;
pub mod need_trail;
pub mod need_updates;
pub mod needs;
pub mod office_overview;
pub mod organisations;
pub mod personal_data;
pub mod processing_register;
pub mod programmes;
pub mod records;
pub mod second_factor;
pub mod status_report;
pub mod users;

#[cfg(test)]
pub(crate) mod test_support;
