//! Server-only code: database access, services, authentication and the shared state.
pub mod db;
pub mod export;
pub mod form_echo;
pub mod form_token;
pub mod links;
pub mod markdown;
pub mod password;
pub mod programme_pdf;
pub mod qr;
pub mod rate_limit;
pub mod repo;
pub mod request;
pub mod search;
pub mod services;
pub mod session;
pub mod state;
pub mod token;
