//! Secrets the database must keep in a usable form but a copy of it must not reveal (the second
//! factor's seeds): sealed with ChaCha20-Poly1305 under a key derived from the link key, which is
//! kept outside the database. A backup alone then gives no codes; with the key file beside it, it
//! restores every account as it was.
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine as _;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom as _, SystemRandom};

/// Marks a sealed value (anything else is a seed stored before sealing, sealed at the next start).
const PREFIX: &str = "v1.";

pub struct SealingKey(LessSafeKey);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(…)")
    }
}

/// Why a sealed value cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotOpened;

impl SealingKey {
    fn from_bytes(bytes: &[u8; 32]) -> Self {
        let key = UnboundKey::new(&CHACHA20_POLY1305, bytes)
            .unwrap_or_else(|_| unreachable!("ChaCha20-Poly1305 takes 32-byte keys"));
        Self(LessSafeKey::new(key))
    }

    /// The key for the second factor's seeds, from the server's link key.
    pub fn for_second_factor(link_key: &super::links::LinkKey) -> Self {
        Self::from_bytes(&link_key.derive(b"zweiter-faktor-siegel:v1"))
    }

    /// A key for tests and for databases that keep no seeds.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        // The OS random source; without it nothing here can be secret anyway.
        SystemRandom::new()
            .fill(&mut bytes)
            .unwrap_or_else(|_| unreachable!("the OS random source is available"));
        Self::from_bytes(&bytes)
    }

    /// Seals `plain` for `bound_to` (the account it belongs to): a sealed value copied to
    /// another account does not open there.
    pub fn seal(&self, plain: &str, bound_to: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .unwrap_or_else(|_| unreachable!("the OS random source is available"));
        let mut sealed = plain.as_bytes().to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(bound_to.as_bytes()),
                &mut sealed,
            )
            .unwrap_or_else(|_| unreachable!("a seed is far below the AEAD's length limit"));
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD_NO_PAD.encode(out))
    }

    /// Whether a stored value is sealed (else it is a seed from before sealing).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }

    /// Opens a sealed value; a value from before sealing comes back as it is.
    pub fn open(&self, stored: &str, bound_to: &str) -> Result<String, NotOpened> {
        let Some(encoded) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_owned());
        };
        let bytes = STANDARD_NO_PAD.decode(encoded).map_err(|_| NotOpened)?;
        if bytes.len() < NONCE_LEN {
            return Err(NotOpened);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| NotOpened)?;
        let mut sealed = sealed.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(bound_to.as_bytes()), &mut sealed)
            .map_err(|_| NotOpened)?;
        String::from_utf8(plain.to_vec()).map_err(|_| NotOpened)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::links::LinkKey;

    #[test]
    fn sealed_seeds_open_only_with_the_key_and_for_their_account() {
        let link_key = LinkKey::random();
        let key = SealingKey::for_second_factor(&link_key);
        let seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        let sealed = key.seal(seed, "7");
        assert!(SealingKey::is_sealed(&sealed));
        assert!(!sealed.contains(seed));
        assert_ne!(key.seal(seed, "7"), sealed, "a fresh nonce each time");
        assert_eq!(key.open(&sealed, "7").as_deref(), Ok(seed));
        // The same link key gives the same sealing key (a restart, a restore with the key file).
        let again = SealingKey::for_second_factor(&link_key);
        assert_eq!(again.open(&sealed, "7").as_deref(), Ok(seed));
        assert_eq!(key.open(&sealed, "8"), Err(NotOpened), "another account");
        assert_eq!(
            SealingKey::random().open(&sealed, "7"),
            Err(NotOpened),
            "another key"
        );
        let mut broken = sealed.clone();
        broken.pop();
        assert_eq!(key.open(&broken, "7"), Err(NotOpened));
        assert_eq!(key.open("v1.!!", "7"), Err(NotOpened));
        // A seed from before sealing is read as it is (and sealed at the next start).
        assert_eq!(key.open(seed, "7").as_deref(), Ok(seed));
    }
}
