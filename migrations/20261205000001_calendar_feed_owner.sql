-- A calendar feed belongs to the person who made it: it ends when that person is locked or no
-- longer works in the feed's area. Area feeds were shared without an owner so far; nobody can
-- say whose they are, so they end now (their users make new ones on /intern/kalender).
ALTER TABLE calendar_feeds ADD COLUMN created_by INTEGER NULL REFERENCES users (id) ON DELETE CASCADE;
UPDATE calendar_feeds SET created_by = user_id WHERE user_id IS NOT NULL;
UPDATE calendar_feeds SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER)
WHERE created_by IS NULL AND revoked_at IS NULL;
CREATE INDEX calendar_feeds_by_area ON calendar_feeds (area_id, created_by) WHERE revoked_at IS NULL;
