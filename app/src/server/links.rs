//! Secret links that must stay showable (invitation replies, calendar feeds): the token is
//! HMAC-SHA256(server key, random salt); the database keeps the salt and the token's SHA-256,
//! so a copy of the database alone yields no working link.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use sha2::Sha256;
use std::path::Path;

#[derive(Clone)]
pub struct LinkKey([u8; 32]);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

impl LinkKey {
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self(key)
    }

    /// Reads the key file, or creates it (readable only by its owner) on first start.
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == 32 => {
                let mut key = [0u8; 32];
                key.copy_from_slice(&bytes);
                Ok(Self(key))
            }
            Ok(_) => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{} ist kein gültiger Schlüssel (32 Bytes erwartet)",
                    path.display()
                ),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::random();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                write_private(path, &key.0)?;
                Ok(key)
            }
            Err(e) => Err(e),
        }
    }

    /// A key of its own for `purpose`, derived from this one (HMAC-SHA256): the file keeps one
    /// key, and no use of it can stand in for another.
    pub fn derive(&self, purpose: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(b"abgeleitet:");
        mac.update(purpose);
        mac.finalize().into_bytes().into()
    }

    /// The token for a salt: 256 bits, URL-safe.
    pub fn token(&self, salt: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(salt);
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// A fresh random salt (128 bits) for a new link.
pub fn new_salt() -> Vec<u8> {
    let mut salt = vec![0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    salt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_key_and_salt_and_are_long() {
        let key = LinkKey::random();
        let salt = new_salt();
        let token = key.token(&salt);
        assert_eq!(token.len(), 43);
        assert_eq!(token, key.token(&salt));
        assert_ne!(token, key.token(&new_salt()));
        assert_ne!(token, LinkKey::random().token(&salt));
    }

    #[test]
    fn the_key_file_is_created_once_and_read_again() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub").join("link.key");
        let first = LinkKey::load_or_create(&path).expect("created");
        let again = LinkKey::load_or_create(&path).expect("read");
        assert_eq!(first.token(b"x"), again.token(b"x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, b"short").expect("write");
        assert!(LinkKey::load_or_create(&path).is_err());
    }
}
