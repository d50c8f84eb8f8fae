-- E-mail updates on a submitted need ("Was ist aus meinem Bedarf geworden?"), only with their own
-- consent on the form. Unsubscribing or the retention rules delete the subscription, and with it
-- the address and every message still waiting.
CREATE TABLE need_update_subscriptions (
    id                INTEGER PRIMARY KEY,
    submission_id     INTEGER NOT NULL UNIQUE REFERENCES need_submissions (id) ON DELETE CASCADE,
    area_id           INTEGER NOT NULL REFERENCES areas (id),
    email             TEXT NOT NULL CHECK (email <> ''),
    language          TEXT NOT NULL DEFAULT 'de',
    -- The receipt key, so that every message can link the trail; it opens nothing but the trail.
    tracking_key      TEXT NOT NULL,
    -- Opens nothing but unsubscribing (one click, also RFC 8058 from the mail program).
    unsubscribe_token TEXT NOT NULL UNIQUE,
    consent_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX need_update_subscriptions_by_area ON need_update_subscriptions (area_id);
CREATE INDEX need_update_subscriptions_by_email ON need_update_subscriptions (email);

-- One message per event and subscription, written in the transaction of the event and sent by
-- the mail worker when it is due (a few minutes later: an undone moderation step withdraws it).
CREATE TABLE need_update_messages (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES need_update_subscriptions (id) ON DELETE CASCADE,
    -- The catalogue need whose step caused it (an undo withdraws what is still waiting).
    need_id         INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('angenommen', 'zusammengefuehrt', 'abgelehnt',
                                                  'im-programm', 'umgesetzt')),
    -- What the message names: the reason of a rejection, the measures (JSON).
    detail          TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         INTEGER NULL,
    -- Given up after too many failed attempts.
    failed_at       INTEGER NULL
) STRICT;
CREATE INDEX need_update_messages_due ON need_update_messages (due_at)
    WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX need_update_messages_by_subscription ON need_update_messages (subscription_id);
CREATE INDEX need_update_messages_by_need ON need_update_messages (need_id) WHERE sent_at IS NULL;
CREATE INDEX need_update_messages_failed ON need_update_messages (failed_at) WHERE failed_at IS NOT NULL;

-- Erasures on request count the subscriptions they deleted too.
ALTER TABLE personal_data_erasures ADD COLUMN subscriptions INTEGER NOT NULL DEFAULT 0;
