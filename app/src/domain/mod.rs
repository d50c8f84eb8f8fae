//! Plain domain types and rules: no Leptos, no SQL; shared by browser and server.
pub mod area;
pub mod calendar;
pub mod email;
pub mod field_of_action;
pub mod format;
pub mod icalendar;
pub mod meeting;
pub mod need;
pub mod organisation;
pub mod password;
pub mod policy;
pub mod progress;
pub mod record;
#[cfg(feature = "ssr")]
pub mod schedule;
pub mod user;
pub mod validation;
