-- Areas, Handlungsfelder, staff accounts, sessions and one-time links.

CREATE TABLE fields_of_action (
    number INTEGER PRIMARY KEY,
    slug   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL
) STRICT;

CREATE TABLE areas (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('aktionsraum', 'aktionsquartier')),
    district     TEXT NOT NULL,
    social_space TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',
    retired_on   TEXT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('projektbuero', 'beauftragte')),
    password_hash TEXT NULL,
    disabled_at   TEXT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- History of an area's master data: every change is dated and names its decision.
CREATE TABLE area_changes (
    id           INTEGER PRIMARY KEY,
    area_id      INTEGER NOT NULL REFERENCES areas (id),
    effective_on TEXT NOT NULL,
    decision     TEXT NOT NULL,
    summary      TEXT NOT NULL,
    changed_by   INTEGER NULL REFERENCES users (id),
    recorded_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX area_changes_by_area ON area_changes (area_id, effective_on);

CREATE TABLE coordinator_areas (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    area_id INTEGER NOT NULL REFERENCES areas (id),
    PRIMARY KEY (user_id, area_id)
) STRICT;
CREATE INDEX coordinator_areas_by_area ON coordinator_areas (area_id);

-- Server-side sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

-- One-time links: the first-start setup and password resets. Only hashes are stored.
CREATE TABLE one_time_tokens (
    token_hash BLOB PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
    user_id    INTEGER NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER NULL,
    CHECK ((purpose = 'setup') = (user_id IS NULL))
) STRICT;
