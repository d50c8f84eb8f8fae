-- The second factor (TOTP, RFC 6238): required for the Projektbüro, optional for coordinators.
-- The secret (base32) is NULL until the account has set it up; the last accepted time step
-- makes every code work once.
ALTER TABLE users ADD COLUMN totp_secret TEXT NULL;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NULL;

-- Ten single-use codes for when the phone is lost; only their SHA-256 is stored.
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    used_at   INTEGER NULL
) STRICT;
CREATE INDEX recovery_codes_by_user ON recovery_codes (user_id);

-- A login between the password and the second factor, named by a short-lived cookie. While
-- the account sets the factor up, the secret offered to it waits here.
CREATE TABLE login_challenges (
    token_hash   BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at   INTEGER NOT NULL,
    offered_secret TEXT NULL,
    failed_tries INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX login_challenges_by_user ON login_challenges (user_id);

-- Projektbüro sessions begun with the password alone end: the next login sets the factor up.
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'projektbuero');
