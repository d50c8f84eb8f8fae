//! The Verzeichnis von Verarbeitungstätigkeiten as this server is configured (Projektbüro only).
use crate::domain::processing_register::{register, ProcessingRegister, ProcessingSettings};
use crate::server::access::ProjectOffice;
use crate::server::session::{ABSOLUTE_TIMEOUT_SECS, IDLE_TIMEOUT_SECS};
use crate::server::state::Config;

pub fn settings(config: &Config) -> ProcessingSettings {
    ProcessingSettings {
        contact_retention_months: config.contact_retention_months,
        session_idle_hours: IDLE_TIMEOUT_SECS / 3600,
        session_absolute_hours: ABSOLUTE_TIMEOUT_SECS / 3600,
        mail_enabled: config.mail_enabled,
        second_factor_for_coordinators: config.second_factor_for_coordinators,
    }
}

pub fn current(config: &Config, _office: &ProjectOffice) -> ProcessingRegister {
    register(settings(config))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::test_support::test_config;

    #[test]
    fn the_register_reads_the_server_configuration() {
        let mut config = test_config();
        config.contact_retention_months = 7;
        config.mail_enabled = true;
        let settings = settings(&config);
        assert_eq!(settings.contact_retention_months, 7);
        assert_eq!(
            (settings.session_idle_hours, settings.session_absolute_hours),
            (4, 12)
        );
        assert!(settings.mail_enabled);
    }
}
