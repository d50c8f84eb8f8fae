//! SQL, one module per feature; parameterised queries only.
pub mod areas;
pub mod sessions;
pub mod tokens;
pub mod users;
