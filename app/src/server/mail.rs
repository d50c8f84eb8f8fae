//! Sending e-mail through the SMTP server named by `--smtp-url` (lettre, TLS with rustls).
use crate::domain::need_updates::UpdateMessage;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// The sender's address when none is configured.
pub const DEFAULT_FROM: &str = "Aktionsplan Soziale Stadt <aktionsplan@localhost>";

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp://host:port`, `smtp://user:password@host:587?tls=required` or `smtps://…`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("Absenderadresse „{from}“ ist ungültig: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("SMTP-Adresse ist ungültig: {e}"))?
            // A stuck server must not stall the worker for long.
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Self { transport, from })
    }

    /// Sends a plain-text message with a one-click unsubscribe (RFC 8058).
    pub async fn send(
        &self,
        to: &str,
        message: &UpdateMessage,
        unsubscribe_url: &str,
    ) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("Empfänger ungültig: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.as_str())
            .header(ContentType::TEXT_PLAIN)
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{unsubscribe_url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .body(message.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
