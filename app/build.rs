//! Generates the `i18n` module (leptos_i18n) from `locales/*.json`: the public needs form and its
//! receipt in German, English, Turkish and Arabic.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // sqlx::migrate! embeds ../migrations; without this a new migration file goes unnoticed by
    // incremental builds.
    println!("cargo::rerun-if-changed=../migrations");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("de")?
        .add_locales(["en", "tr", "ar"])?
        .parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(PathBuf::from(out_dir).join("i18n"))?;
    Ok(())
}
