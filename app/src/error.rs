//! The one error type of the application: an HTTP status, a German message, causes only in the log.
use crate::domain::validation::{FieldErrors, Problem};
use http::StatusCode;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Bitte melden Sie sich an, um diese Seite zu sehen.")]
    Unauthorized,
    #[error("Für diese Seite fehlt Ihnen die Berechtigung. Wenn Sie sie brauchen, wenden Sie sich bitte an das Projektbüro.")]
    Forbidden,
    #[error("E-Mail-Adresse oder Passwort stimmen nicht. Bitte prüfen Sie beide Eingaben.")]
    LoginFailed,
    /// The login waited too long for its second factor or had too many wrong codes.
    #[error("Die Anmeldung ist abgelaufen (nach fünf Minuten oder nach fünf falschen Codes). Bitte melden Sie sich noch einmal mit E-Mail-Adresse und Passwort an.")]
    LoginExpired,
    #[error("{0}")]
    NotFound(String),
    #[error("Bitte prüfen Sie die markierten Eingaben.")]
    Validation(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    /// Saving would double-book the organiser or the venue; the user may confirm and save anyway.
    #[error("Zur selben Zeit gibt es schon einen Termin. Bitte prüfen Sie die Überschneidung und bestätigen Sie, wenn Sie trotzdem speichern möchten.")]
    ScheduleConflicts(Vec<crate::domain::meeting::ScheduleConflict>),
    #[error("Zu viele Versuche. Bitte warten Sie {retry_after_secs} Sekunden und versuchen Sie es dann erneut.")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("Der Link ist ungültig oder abgelaufen. Bitte fordern Sie beim Projektbüro einen neuen Link an.")]
    InvalidLink,
    #[error("Die Verbindung zum Server ist unterbrochen. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.")]
    Network,
    /// The database is busy (locked by another process, disk full, every connection in use).
    #[error("Der Aktionsplan ist gerade überlastet. Bitte versuchen Sie es in einer Minute noch einmal. Was Sie eben abgeschickt haben, wurde nicht gespeichert.")]
    Unavailable,
    #[error("Entschuldigung, da ist etwas schiefgegangen. Ihre Eingaben wurden nicht gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.")]
    Internal,
    /// Too many wrong second-factor codes in a row: only the Projektbüro can unlock it.
    #[error("Ihr zweiter Faktor ist gesperrt, weil zu oft ein falscher Code eingegeben wurde. Bitte wenden Sie sich an das Projektbüro: Es setzt ihn zurück, danach richten Sie ihn bei der Anmeldung neu ein. Wenn Sie die falschen Codes nicht selbst eingegeben haben, kennt jemand Ihr Passwort – bitte ändern Sie es dann.")]
    SecondFactorLocked,
    /// What a page shows for an error message in its address that the server did not make (a
    /// link someone else wrote): never their text.
    #[error("Das hat nicht geklappt. Bitte versuchen Sie es noch einmal; wenn es wieder nicht klappt, wenden Sie sich bitte an das Projektbüro.")]
    NotDone,
}

/// Seconds after which a client may try again when the database was busy (`Retry-After`).
pub const RETRY_AFTER_UNAVAILABLE_SECS: u64 = 60;

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::LoginFailed | AppError::LoginExpired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::ScheduleConflicts(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::InvalidLink => StatusCode::GONE,
            AppError::Network | AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::NotDone => StatusCode::BAD_REQUEST,
            AppError::SecondFactorLocked => StatusCode::LOCKED,
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(FieldErrors::single(field, message))
    }

    /// A validation error whose kind is known (see [`Problem`]).
    pub fn field_problem(field: &str, problem: Problem, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add_problem(field, problem, message);
        AppError::Validation(errors)
    }

    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(format!("{what} wurde nicht gefunden. Vielleicht wurde der Link falsch kopiert oder der Eintrag entfernt."))
    }

    /// The message for one form field, if this is a validation error about it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.get(field).map(str::to_owned),
            _ => None,
        }
    }

    /// Logs an unexpected cause with its chain and hides it from the user.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal
    }
}

/// The JSON body of a failed server function: the error for our client, its German message for
/// everybody else (scripts, logs, other clients).
#[derive(Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: AppError,
    pub message: String,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn ser(&self) -> leptos::server_fn::Bytes {
        let body = ErrorBody {
            error: self.clone(),
            message: self.to_string(),
        };
        serde_json::to_vec(&body).unwrap_or_default().into()
    }

    fn de(data: leptos::server_fn::Bytes) -> Self {
        serde_json::from_slice::<ErrorBody>(&data)
            .map(|body| body.error)
            .unwrap_or_else(|e| {
                AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(e.to_string()))
            })
    }

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::field_problem(
                    "form",
                    Problem::Malformed,
                    "Das Formular war unvollständig. Bitte laden Sie die Seite neu und füllen Sie es noch einmal aus.",
                )
            }
            ServerFnErrorErr::MissingArg(arg) => AppError::field_problem(
                "form",
                Problem::Malformed,
                format!("Im Formular fehlt das Feld „{arg}“. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."),
            ),
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if crate::server::db::is_unavailable(&error) {
            tracing::warn!(%error, "database unavailable");
            AppError::Unavailable
        } else {
            AppError::internal(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_client_errors_for_user_mistakes() {
        assert_eq!(
            AppError::field("email", "x").status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(AppError::Unauthorized.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(AppError::Forbidden.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            AppError::TooManyRequests {
                retry_after_secs: 60
            }
            .status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            AppError::Internal.status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn errors_travel_with_their_german_message() {
        let error = AppError::field("email", "Falsch.");
        let bytes = error.ser();
        let text = String::from_utf8_lossy(&bytes).to_string();
        assert!(
            text.contains("Bitte prüfen Sie die markierten Eingaben."),
            "{text}"
        );
        assert_eq!(AppError::de(bytes), error);
    }

    #[test]
    fn bad_arguments_become_a_validation_error() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into()));
        assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(error.field_message("form").is_some());
    }
}
