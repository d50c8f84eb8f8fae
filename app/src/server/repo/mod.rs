//! SQL, one module per feature; parameterised queries only.
pub mod accessibility;
pub mod areas;
pub mod catalogue;
pub mod implementation;
pub mod invitations;
pub mod meetings;
pub mod need_updates;
pub mod needs;
pub mod office_overview;
pub mod organisations;
pub mod programmes;
pub mod records;
pub mod second_factor;
pub mod sessions;
pub mod status_report;
pub mod tokens;
pub mod users;
