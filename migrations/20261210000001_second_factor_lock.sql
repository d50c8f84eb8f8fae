-- Wrong second-factor codes are counted per account across logins (a login that starts again
-- with the right password no longer starts from zero): after 20 in a row the factor is locked
-- until the Projektbüro resets it. The count before the last successful login is kept so that
-- the account's owner is told of it once.
ALTER TABLE users ADD COLUMN totp_wrong_codes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_locked_at INTEGER NULL;
ALTER TABLE users ADD COLUMN totp_wrong_codes_seen INTEGER NOT NULL DEFAULT 0;
-- When the owner and the Projektbüro were told of the lock by e-mail (where a mail server is set).
ALTER TABLE users ADD COLUMN totp_lock_notified_at INTEGER NULL;
