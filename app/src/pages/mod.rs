//! One component per page.
pub mod area;
pub mod area_new;
pub mod area_staff;
pub mod dashboard;
pub mod datenschutz;
pub mod home;
pub mod impressum;
pub mod login;
pub mod not_found;
pub mod reset;
pub mod setup;
pub mod user_detail;
pub mod users;
