-- E-mail updates only after the address is confirmed (double opt-in: the German standard of proof
-- that its owner asked for them). A subscription gets a salt; its links (confirm, unsubscribe)
-- are derived from the server's link key and that salt, and only their SHA-256 (hex) is kept, so
-- a copy of the database opens none of them. `unsubscribe_token` now holds such a hash;
-- `unsubscribe_earlier` the hash of a token sent in mails before this change (still honoured).
-- An address not confirmed by `confirm_by` is deleted with its subscription.
ALTER TABLE need_update_subscriptions ADD COLUMN link_salt BLOB NULL;
ALTER TABLE need_update_subscriptions ADD COLUMN confirm_hash TEXT NULL;
ALTER TABLE need_update_subscriptions ADD COLUMN confirmed_at INTEGER NULL;
ALTER TABLE need_update_subscriptions ADD COLUMN confirm_by INTEGER NULL;
-- When the confirmation mail is (next) due; NULL once sent.
ALTER TABLE need_update_subscriptions ADD COLUMN confirmation_due_at INTEGER NULL;
ALTER TABLE need_update_subscriptions ADD COLUMN confirmation_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE need_update_subscriptions ADD COLUMN unsubscribe_earlier TEXT NULL;
CREATE UNIQUE INDEX need_update_subscriptions_by_confirm ON need_update_subscriptions (confirm_hash)
    WHERE confirm_hash IS NOT NULL;
CREATE UNIQUE INDEX need_update_subscriptions_by_earlier ON need_update_subscriptions (unsubscribe_earlier)
    WHERE unsubscribe_earlier IS NOT NULL;
CREATE INDEX need_update_subscriptions_confirmation_due ON need_update_subscriptions (confirmation_due_at)
    WHERE confirmation_due_at IS NOT NULL;

-- Subscriptions made before: asked to confirm too (their salt and links are made at the next
-- start, which needs the link key), within seven days from now.
UPDATE need_update_subscriptions
SET confirm_by = unixepoch() + 7 * 86400, confirmation_due_at = unixepoch();
