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
        let smtp_url = transport_url(smtp_url)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp_url)
            .map_err(|e| format!("SMTP-Adresse ist ungültig: {e}"))?
            // A stuck server must not stall the worker for long.
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Self { transport, from })
    }
}

/// The SMTP address as lettre reads it, after our rule: messages carry addresses and the titles
/// of needs, so a mail server on another host is reached with TLS (`smtps://`, or STARTTLS with
/// `?tls=required`/`opportunistic`). Plain SMTP only to this machine, or when the address says
/// so with `?tls=none` (a relay in the same protected network).
fn transport_url(smtp_url: &str) -> Result<String, String> {
    let (base, query) = match smtp_url.split_once('?') {
        Some((base, query)) => (base, query),
        None => (smtp_url, ""),
    };
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let tls = params
        .iter()
        .find_map(|p| p.strip_prefix("tls="))
        .map(str::to_owned);
    let plain_asked = tls.as_deref() == Some("none");
    if plain_asked {
        params.retain(|p| !p.starts_with("tls="));
    }
    let Some(rest) = base.strip_prefix("smtp://") else {
        if plain_asked {
            return Err("„tls=none“ gilt nur für smtp://-Adressen.".into());
        }
        // smtps:// (TLS from the start) or an address lettre refuses with its own message.
        return Ok(smtp_url.to_owned());
    };
    if tls.is_none() {
        let authority = rest.split('/').next().unwrap_or_default();
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = match host_port.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host_port.split(':').next().unwrap_or_default(),
        };
        let local = matches!(
            host.to_ascii_lowercase().as_str(),
            "localhost" | "127.0.0.1" | "::1"
        );
        if !local {
            return Err(format!(
                "Der Mailserver {host} würde ohne Verschlüsselung erreicht (E-Mail-Adressen und Bedarfstitel lesbar im Netz). \
                 Bitte nutzen Sie smtps://{host} oder smtp://{host}:587?tls=required; \
                 nur für einen Relay im selben geschützten Netz: smtp://{host}:25?tls=none."
            ));
        }
    }
    Ok(if params.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", params.join("&"))
    })
}

impl Mailer {
    /// A plain-text message from our sender, marked as sent by a machine (no auto-replies).
    fn plain(&self, to: &str, subject: &str) -> Result<lettre::message::MessageBuilder, String> {
        let to: Mailbox = to.parse().map_err(|e| format!("Empfänger ungültig: {e}"))?;
        Ok(Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            )))
    }

    async fn deliver(&self, email: Message) -> Result<(), String> {
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Sends a plain-text notice to a staff member (no unsubscribe: it is about their account).
    pub async fn send_plain(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let email = self
            .plain(to, subject)?
            .body(body.to_owned())
            .map_err(|e| e.to_string())?;
        self.deliver(email).await
    }

    /// Sends a plain-text message with a one-click unsubscribe (RFC 8058).
    pub async fn send(
        &self,
        to: &str,
        message: &UpdateMessage,
        unsubscribe_url: &str,
    ) -> Result<(), String> {
        let email = self
            .plain(to, &message.subject)?
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{unsubscribe_url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ))
            .body(message.body.clone())
            .map_err(|e| e.to_string())?;
        self.deliver(email).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_only_to_this_machine_or_when_asked_for() {
        assert_eq!(
            transport_url("smtp://127.0.0.1:2525").as_deref(),
            Ok("smtp://127.0.0.1:2525")
        );
        assert!(transport_url("smtp://localhost").is_ok());
        assert!(transport_url("smtp://[::1]:25").is_ok());
        let refused = transport_url("smtp://mail.stadt.example:25").expect_err("refused");
        assert!(refused.contains("tls=required"), "{refused}");
        assert!(transport_url("smtp://user:pw@mail.stadt.example").is_err());
        assert_eq!(
            transport_url("smtp://mail.stadt.example:25?tls=none").as_deref(),
            Ok("smtp://mail.stadt.example:25")
        );
        assert_eq!(
            transport_url("smtp://u:p@mail.stadt.example:587?tls=required").as_deref(),
            Ok("smtp://u:p@mail.stadt.example:587?tls=required")
        );
        assert!(transport_url("smtps://u:p@mail.stadt.example").is_ok());
        assert!(transport_url("smtps://mail.stadt.example?tls=none").is_err());
        assert!(Mailer::new("smtp://mail.stadt.example", DEFAULT_FROM).is_err());
        assert!(Mailer::new("smtp://mail.stadt.example?tls=none", DEFAULT_FROM).is_ok());
    }
}
