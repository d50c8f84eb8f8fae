-- Umsetzung: every update of a published measure's implementation is kept; the newest per
-- measure is its current state. An update is not a new programme version.
CREATE TABLE implementation_updates (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES areas (id),
    -- The measure's id inside the programme content (stable across versions).
    measure_id TEXT NOT NULL,
    -- domain::implementation::Implementation as JSON.
    data       TEXT NOT NULL,
    -- Its state's slug, for filters and counts without reading the JSON.
    state      TEXT NOT NULL,
    note       TEXT NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX implementation_updates_by_measure ON implementation_updates (area_id, measure_id, id);
