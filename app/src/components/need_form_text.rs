//! The public needs form in the submitter's language: the language from the address, the switch
//! between languages, and the form's errors told in that language (by their [`Problem`]; the
//! German message stays the authority and is the fallback).
use super::form_errors::{ErrorSummary, SummaryItem};
use crate::domain::field_of_action::FieldOfAction;
use crate::domain::validation::{FieldError, Problem};
use crate::error::AppError;
use crate::i18n::{td_string, Locale};
use leptos::prelude::*;

/// The query parameter that chooses the language (`?sprache=tr`).
pub const LANGUAGE_PARAM: &str = "sprache";

/// The language an address asks for, if it is one of ours.
pub fn parse_locale(value: &str) -> Option<Locale> {
    value.trim().parse().ok()
}

/// The page title in the form's language. On the server it is a plain string, read once: the
/// document head is written after the page's reactive owners may already be gone (reading a
/// signal there panicked under load). In the browser it follows the language switch.
pub fn localized_title(
    locale: Signal<Locale>,
    title: impl Fn(Locale) -> String + Send + Sync + 'static,
) -> leptos::text_prop::TextProp {
    #[cfg(feature = "ssr")]
    {
        title(locale.get_untracked()).into()
    }
    #[cfg(not(feature = "ssr"))]
    {
        (move || title(locale.get())).into()
    }
}

/// The language's tag and writing direction, for `lang` and `dir`.
pub fn lang_and_dir(locale: Locale) -> (&'static str, &'static str) {
    use leptos_i18n::Locale as _;
    (locale.as_str(), locale.direction().as_str())
}

/// "Arabisch" for a submission sent through the Arabic form, for the staff; nothing for German.
pub fn form_language(tag: &str) -> Option<&'static str> {
    parse_locale(tag)
        .filter(|l| *l != Locale::de)
        .map(|l| td_string!(l, language_in_german))
}

pub fn field_name(locale: Locale, field: FieldOfAction) -> &'static str {
    match field {
        FieldOfAction::Work => td_string!(locale, field_1),
        FieldOfAction::ParentsAndChildren => td_string!(locale, field_2),
        FieldOfAction::Cohesion => td_string!(locale, field_3),
    }
}

pub fn field_explanation(locale: Locale, field: FieldOfAction) -> &'static str {
    match field {
        FieldOfAction::Work => td_string!(locale, field_1_explained),
        FieldOfAction::ParentsAndChildren => td_string!(locale, field_2_explained),
        FieldOfAction::Cohesion => td_string!(locale, field_3_explained),
    }
}

/// The label of a form field, as the messages about it name it.
fn field_label(locale: Locale, field: &str) -> &'static str {
    match field {
        "title" => td_string!(locale, title_label),
        "description" => td_string!(locale, description_label),
        "affected" => td_string!(locale, affected_label),
        "organisation" => td_string!(locale, organisation_label),
        "contact_name" => td_string!(locale, name_label),
        "contact_email" => td_string!(locale, email_label),
        _ => td_string!(locale, field_legend),
    }
}

/// One field's message in the language. German is the message as the server sent it (the
/// authority; `de.json` holds the same texts because every language needs every key), and so is
/// any problem the form does not know.
fn problem_text(locale: Locale, error: &FieldError) -> String {
    if locale == Locale::de {
        return error.message.clone();
    }
    let field = error.field.as_str();
    match (error.problem, field) {
        (Some(Problem::Missing), "field") => td_string!(locale, errors.field_missing).to_owned(),
        (Some(Problem::Missing), "title") => td_string!(locale, errors.title_missing).to_owned(),
        (Some(Problem::Missing), "description") => {
            td_string!(locale, errors.description_missing).to_owned()
        }
        (Some(Problem::TooLong { max }), _) => td_string!(
            locale,
            errors.too_long,
            label = field_label(locale, field),
            max = max
        )
        .to_string(),
        (Some(Problem::ControlCharacters), _) => td_string!(
            locale,
            errors.control_chars,
            label = field_label(locale, field)
        )
        .to_string(),
        (Some(Problem::InvalidEmail), _) => td_string!(locale, errors.email_invalid).to_owned(),
        (Some(Problem::ConsentMissing), _) => td_string!(locale, errors.consent_missing).to_owned(),
        (Some(Problem::UpdatesNeedEmail), _) => {
            td_string!(locale, errors.updates_need_email).to_owned()
        }
        (Some(Problem::SentTooFast), _) => td_string!(locale, errors.too_fast).to_owned(),
        (Some(Problem::OpenTooLong), _) => td_string!(locale, errors.open_too_long).to_owned(),
        (Some(Problem::ArrivedIncomplete), _) => td_string!(locale, errors.incomplete).to_owned(),
        (Some(Problem::SentAgainChanged), _) => td_string!(locale, errors.sent_changed).to_owned(),
        (Some(Problem::Malformed), _) => td_string!(locale, errors.malformed).to_owned(),
        _ => error.message.clone(),
    }
}

/// The headline of an error in the language.
fn headline(locale: Locale, error: &AppError) -> String {
    if locale == Locale::de {
        return error.to_string();
    }
    match error {
        AppError::Validation(_) => td_string!(locale, errors.summary).to_owned(),
        AppError::TooManyRequests { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            td_string!(locale, errors.too_many, minutes = minutes).to_string()
        }
        AppError::Network => td_string!(locale, errors.network).to_owned(),
        AppError::NotFound(_) => td_string!(locale, errors.not_found).to_owned(),
        _ => td_string!(locale, errors.internal).to_owned(),
    }
}

/// The summary at the top of the form, in the language.
pub fn summary(locale: Locale, error: &AppError) -> ErrorSummary {
    let items = match error {
        AppError::Validation(errors) => errors
            .0
            .iter()
            .map(|e| SummaryItem {
                text: problem_text(locale, e),
                href: (e.field != "form").then(|| format!("#feld-{}", e.field)),
            })
            .collect(),
        _ => Vec::new(),
    };
    ErrorSummary {
        headline: headline(locale, error),
        items,
    }
}

/// The message next to one field, in the language.
pub fn field_error(
    error: Signal<Option<AppError>>,
    locale: Signal<Locale>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.with(|error| match error {
            Some(AppError::Validation(errors)) => errors
                .0
                .iter()
                .find(|e| e.field == field)
                .map(|e| problem_text(locale.get(), e)),
            _ => None,
        })
    })
}

/// Links to the same page in each language, each named in its own language; plain links, so
/// that they work without JavaScript. With JavaScript only the texts change: what was typed stays.
#[component]
pub fn LanguageSwitch(
    locale: Signal<Locale>,
    /// The page's address in a language.
    href: Callback<Locale, String>,
) -> impl IntoView {
    use leptos_i18n::Locale as _;
    let links = Locale::get_all()
        .iter()
        .map(|&option| {
            let (lang, dir) = lang_and_dir(option);
            view! {
                <li>
                    <a
                        href=href.run(option)
                        lang=lang
                        dir=dir
                        hreflang=lang
                        aria-current=move || (locale.get() == option).then_some("true")
                    >
                        {td_string!(option, language_name)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="language-switch" aria-label=move || td_string!(locale.get(), language_switch)>
            <ul>{links}</ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::need::{SubmissionFields, SubmissionInput};
    use crate::domain::validation::FieldErrors;

    fn errors_of(input: &SubmissionInput) -> AppError {
        let mut errors = FieldErrors::new();
        assert!(SubmissionFields::parse(input, &mut errors).is_none());
        AppError::Validation(errors)
    }

    #[test]
    fn every_form_problem_is_told_in_every_language() {
        let error = errors_of(&SubmissionInput {
            field: "7".into(),
            affected: "x".repeat(2000),
            contact_name: "Ali".into(),
            contact_email: "kein-at".into(),
            ..SubmissionInput::default()
        });
        let AppError::Validation(errors) = &error else {
            unreachable!()
        };
        for locale in [Locale::en, Locale::tr, Locale::ar] {
            let summary = summary(locale, &error);
            assert_eq!(summary.items.len(), errors.0.len());
            for (item, german) in summary.items.iter().zip(&errors.0) {
                assert_ne!(
                    item.text, german.message,
                    "{locale:?}: untranslated {german:?}"
                );
                assert!(!item.text.contains("{{"), "{locale:?}: {}", item.text);
            }
            assert_ne!(summary.headline, error.to_string());
        }
        let arabic = summary(Locale::ar, &error);
        assert!(
            arabic.items.iter().any(|i| i.text.contains("1000")),
            "the limit is named: {arabic:?}"
        );
        assert_eq!(arabic.items[0].href.as_deref(), Some("#feld-field"));
    }

    #[test]
    fn german_keeps_the_authoritative_messages() {
        let error = errors_of(&SubmissionInput::default());
        let AppError::Validation(errors) = &error else {
            unreachable!()
        };
        let summary = summary(Locale::de, &error);
        let texts: Vec<_> = summary.items.iter().map(|i| i.text.as_str()).collect();
        let german: Vec<_> = errors.0.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(texts, german);
    }

    #[test]
    fn rate_limits_name_whole_minutes() {
        let error = AppError::TooManyRequests {
            retry_after_secs: 61,
        };
        assert!(summary(Locale::en, &error).headline.contains("2 min"));
        assert!(summary(Locale::tr, &error).headline.contains("2 dakika"));
    }

    #[test]
    fn arabic_is_written_right_to_left() {
        assert_eq!(lang_and_dir(Locale::ar), ("ar", "rtl"));
        assert_eq!(lang_and_dir(Locale::tr), ("tr", "ltr"));
        assert_eq!(parse_locale(" ar "), Some(Locale::ar));
        assert_eq!(parse_locale("fr"), None);
    }
}
