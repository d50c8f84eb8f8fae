-- Akteursgespräche: the stakeholder directory, meetings, invitations, attendance, minutes and
-- what a meeting collects (needs, potentials, role expectations).

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('wohlfahrt', 'schule', 'kita', 'familienbuero',
                   'jobcenter', 'wohnungsgesellschaft', 'verein', 'initiative', 'verwaltung',
                   'politik', 'sonstige')),
    notes      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX organisations_by_name ON organisations (name COLLATE NOCASE);

CREATE TABLE organisation_areas (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    area_id         INTEGER NOT NULL REFERENCES areas (id),
    PRIMARY KEY (organisation_id, area_id)
) STRICT;
CREATE INDEX organisation_areas_by_area ON organisation_areas (area_id);

CREATE TABLE organisation_fields (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    field_number    INTEGER NOT NULL REFERENCES fields_of_action (number),
    PRIMARY KEY (organisation_id, field_number)
) STRICT;

-- Contact people. Personal data is stored only with recorded consent and erased on request
-- (the row is deleted; invitations keep the organisation).
CREATE TABLE contacts (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    function            TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    consent_on          TEXT NOT NULL,
    consent_purpose     TEXT NOT NULL,
    consent_recorded_by INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_by_organisation ON contacts (organisation_id);

-- Erasures are logged without the erased data.
CREATE TABLE contact_erasures (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    erased_by       INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    erased_at       INTEGER NOT NULL
) STRICT;

-- Start and end are instants (Unix seconds, UTC): unambiguous across the summer-time change.
CREATE TABLE meetings (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT NOT NULL UNIQUE,
    area_id            INTEGER NOT NULL REFERENCES areas (id),
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('akteursgespraech', 'sondierung',
                           'projektkonferenz', 'sonstiges')),
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL,
    venue_name         TEXT NOT NULL,
    venue_key          TEXT NOT NULL,
    venue_address      TEXT NOT NULL DEFAULT '',
    venue_notes        TEXT NOT NULL DEFAULT '',
    format             TEXT NOT NULL CHECK (format IN ('praesenz', 'online', 'hybrid')),
    organiser_id       INTEGER NOT NULL REFERENCES users (id),
    agenda             TEXT NOT NULL DEFAULT '',
    capacity           INTEGER NULL CHECK (capacity IS NULL OR capacity > 0),
    public_listed      INTEGER NOT NULL DEFAULT 0 CHECK (public_listed IN (0, 1)),
    status             TEXT NOT NULL DEFAULT 'geplant' CHECK (status IN ('geplant',
                           'durchgefuehrt', 'abgesagt', 'verschoben')),
    status_reason      TEXT NOT NULL DEFAULT '',
    postponed_to       INTEGER NULL REFERENCES meetings (id),
    -- iCalendar SEQUENCE: raised by every change a calendar would show.
    sequence           INTEGER NOT NULL DEFAULT 0,
    minutes            TEXT NOT NULL DEFAULT '',
    minutes_closed_at  INTEGER NULL,
    minutes_closed_by  INTEGER NULL REFERENCES users (id),
    created_by         INTEGER NOT NULL REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX meetings_by_time ON meetings (starts_at);
CREATE INDEX meetings_by_area ON meetings (area_id, starts_at);
CREATE INDEX meetings_by_organiser ON meetings (organiser_id, starts_at);
CREATE INDEX meetings_by_venue ON meetings (venue_key, starts_at);

-- Reply links: the token is HMAC(server key, token_salt); only its SHA-256 is stored.
CREATE TABLE invitations (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    contact_id      INTEGER NULL REFERENCES contacts (id) ON DELETE SET NULL,
    token_salt      BLOB NOT NULL,
    token_hash      BLOB NOT NULL UNIQUE,
    reply           TEXT NULL CHECK (reply IN ('zusage', 'absage', 'vielleicht')),
    reply_note      TEXT NOT NULL DEFAULT '',
    reply_people    INTEGER NULL CHECK (reply_people IS NULL OR reply_people BETWEEN 0 AND 99),
    replied_at      INTEGER NULL,
    attended        INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
    created_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX invitations_by_meeting ON invitations (meeting_id);
CREATE UNIQUE INDEX invitations_unique_invitee
    ON invitations (meeting_id, organisation_id, ifnull(contact_id, 0));

-- People who came without an invitation. Ids are made by the browser (idempotent saves).
CREATE TABLE walk_ins (
    id                TEXT PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organisation_name TEXT NOT NULL,
    person_name       TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX walk_ins_by_meeting ON walk_ins (meeting_id);

-- What a meeting collects. Ids are made by the browser so that a change sent twice is stored once.
CREATE TABLE meeting_items (
    id              TEXT PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    list            TEXT NOT NULL CHECK (list IN ('bedarf', 'potential', 'anforderung')),
    field_number    INTEGER NULL REFERENCES fields_of_action (number),
    title           TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER NULL REFERENCES organisations (id) ON DELETE SET NULL,
    position        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK ((list = 'bedarf') = (field_number IS NOT NULL))
) STRICT;
CREATE INDEX meeting_items_by_meeting ON meeting_items (meeting_id, list, position);

-- Changes the browser sent, by their client id: a change delivered twice is applied once.
CREATE TABLE applied_changes (
    id         TEXT PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    applied_at INTEGER NOT NULL
) STRICT;

-- Corrections to closed minutes.
CREATE TABLE minutes_addenda (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;

-- Subscribable calendars per coordinator or per area at a secret URL; revoking makes a new row.
CREATE TABLE calendar_feeds (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NULL REFERENCES users (id) ON DELETE CASCADE,
    area_id    INTEGER NULL REFERENCES areas (id),
    token_salt BLOB NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NULL,
    CHECK ((user_id IS NULL) <> (area_id IS NULL))
) STRICT;
