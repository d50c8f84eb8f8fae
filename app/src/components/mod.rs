//! Reusable view pieces: form fields, error notices, header and footer.
pub mod area_checkboxes;
pub mod area_fields;
pub mod area_list;
pub mod error_notice;
pub mod field;
pub mod footer;
pub mod form_echo;
pub mod form_errors;
pub mod header;
pub mod meeting_fields;
pub mod meeting_needs;
pub mod meeting_progress;
pub mod organisation_fields;
pub mod public_dates;
pub mod record_sync;
pub mod success_notice;
pub mod user_context;
