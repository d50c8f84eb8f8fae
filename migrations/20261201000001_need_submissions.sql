-- Bedarfsmeldungen: needs sent by stakeholders through the public form of an area.

-- Running numbers per prefix and year for reference numbers such as B-2022-0042.
CREATE TABLE reference_counters (
    prefix TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
) STRICT;

-- Contact data only with consent; markup is stored as typed and always shown escaped.
CREATE TABLE need_submissions (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    -- SHA-256 of the form's one-time key: the same form sent twice is stored once, and the key
    -- opens the receipt.
    form_key_hash     BLOB NOT NULL UNIQUE,
    area_id           INTEGER NOT NULL REFERENCES areas (id),
    field_number      INTEGER NOT NULL REFERENCES fields_of_action (number),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    affected          TEXT NOT NULL DEFAULT '',
    organisation_name TEXT NOT NULL DEFAULT '',
    contact_name      TEXT NOT NULL DEFAULT '',
    contact_email     TEXT NOT NULL DEFAULT '',
    consent_at        INTEGER NULL,
    language          TEXT NOT NULL DEFAULT 'de',
    status            TEXT NOT NULL DEFAULT 'neu'
                          CHECK (status IN ('neu', 'angenommen', 'abgelehnt', 'zusammengefuehrt')),
    submitted_at      INTEGER NOT NULL,
    CHECK ((contact_name = '' AND contact_email = '') OR consent_at IS NOT NULL)
) STRICT;
CREATE INDEX need_submissions_by_area ON need_submissions (area_id, status, submitted_at);
