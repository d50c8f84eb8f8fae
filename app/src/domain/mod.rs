//! Plain domain types and rules: no Leptos, no SQL; shared by browser and server.
pub mod area;
pub mod email;
pub mod field_of_action;
pub mod format;
pub mod password;
pub mod policy;
pub mod user;
pub mod validation;
