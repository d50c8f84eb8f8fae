-- The needs catalogue: every need of an area, wherever it came from, with its moderation.
--
-- A form submission becomes a need in status 'neu' at once (its original text stays unchanged in
-- need_submissions); needs noted in closed minutes, from the 2021 Sondierungsgespräche or typed in
-- by staff start as 'angenommen'. A need merged into another keeps its row as one of the other's
-- sources; `supporters` counts the sources (itself and everything merged into it).
CREATE TABLE needs (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    area_id           INTEGER NOT NULL REFERENCES areas (id),
    field_number      INTEGER NOT NULL REFERENCES fields_of_action (number),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    organisation_name TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL
                          CHECK (source IN ('formular', 'akteursgespraech', 'sondierung', 'manuell')),
    submission_id     INTEGER NULL UNIQUE REFERENCES need_submissions (id),
    meeting_item_id   TEXT NULL UNIQUE REFERENCES meeting_items (id),
    status            TEXT NOT NULL
                          CHECK (status IN ('neu', 'angenommen', 'abgelehnt', 'zusammengefuehrt')),
    reject_reason     TEXT NOT NULL DEFAULT '',
    merged_into       INTEGER NULL REFERENCES needs (id),
    supporters        INTEGER NOT NULL DEFAULT 1,
    -- When the need was raised (the form sent, the meeting held, the talk noted).
    noted_at          INTEGER NOT NULL,
    created_by        INTEGER NULL REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- Snowball stems of title, description and organisation for the full-text index; NULL until
    -- the server has computed them (rows written by a migration).
    search_stems      TEXT NULL,
    CHECK ((status = 'zusammengefuehrt') = (merged_into IS NOT NULL)),
    CHECK ((source = 'formular') = (submission_id IS NOT NULL)),
    CHECK (source <> 'akteursgespraech' OR meeting_item_id IS NOT NULL)
) STRICT;
CREATE INDEX needs_by_area ON needs (area_id, noted_at, id);
CREATE INDEX needs_by_noted ON needs (noted_at, id);
CREATE INDEX needs_by_status ON needs (status, area_id);
CREATE INDEX needs_by_merged_into ON needs (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX needs_unstemmed ON needs (id) WHERE search_stems IS NULL;

-- Full-text index over the stems (FTS5 has no German tokenizer; the server stems).
CREATE VIRTUAL TABLE needs_fts USING fts5 (
    search_stems,
    content = 'needs',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER needs_fts_insert AFTER INSERT ON needs WHEN new.search_stems IS NOT NULL BEGIN
    INSERT INTO needs_fts (rowid, search_stems) VALUES (new.id, new.search_stems);
END;
CREATE TRIGGER needs_fts_delete AFTER DELETE ON needs WHEN old.search_stems IS NOT NULL BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, search_stems) VALUES ('delete', old.id, old.search_stems);
END;
CREATE TRIGGER needs_fts_update AFTER UPDATE OF search_stems ON needs BEGIN
    INSERT INTO needs_fts (needs_fts, rowid, search_stems)
        SELECT 'delete', old.id, old.search_stems WHERE old.search_stems IS NOT NULL;
    INSERT INTO needs_fts (rowid, search_stems)
        SELECT new.id, new.search_stems WHERE new.search_stems IS NOT NULL;
END;

-- Every moderation step with what it changed, so that it can be undone.
CREATE TABLE need_moderations (
    id          INTEGER PRIMARY KEY,
    need_id     INTEGER NOT NULL REFERENCES needs (id),
    action      TEXT NOT NULL CHECK (action IN ('angenommen', 'abgelehnt', 'zusammengefuehrt')),
    from_status TEXT NOT NULL,
    from_title  TEXT NOT NULL,
    from_field  INTEGER NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    merged_into INTEGER NULL REFERENCES needs (id),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    at          INTEGER NOT NULL,
    undone_by   INTEGER NULL REFERENCES users (id),
    undone_at   INTEGER NULL
) STRICT;
CREATE INDEX need_moderations_by_need ON need_moderations (need_id, id);

-- The submission's status now lives with its need.
DROP INDEX need_submissions_by_area;
ALTER TABLE need_submissions DROP COLUMN status;
CREATE INDEX need_submissions_by_area ON need_submissions (area_id, submitted_at);

-- Submissions so far become new needs under their own reference numbers.
INSERT INTO needs (reference, area_id, field_number, title, description, organisation_name,
                   source, submission_id, status, noted_at, created_at, updated_at)
SELECT reference, area_id, field_number, title, description, organisation_name,
       'formular', id, 'neu', submitted_at, submitted_at, submitted_at
FROM need_submissions;

-- Needs noted in minutes closed so far, with fresh B-numbers after the form's.
INSERT INTO needs (reference, area_id, field_number, title, description, organisation_name,
                   source, meeting_item_id, status, noted_at, created_by, created_at, updated_at)
SELECT 'B-' || year || '-' || printf('%04d',
           coalesce((SELECT last FROM reference_counters WHERE prefix = 'B' AND year = n.year), 0)
           + row_number() OVER (PARTITION BY year ORDER BY starts_at, meeting_id, position)),
       area_id, field_number, title, detail, organisation_name, 'akteursgespraech', item_id,
       'angenommen', starts_at, closed_by, closed_at, closed_at
FROM (SELECT i.id AS item_id, i.meeting_id, i.position, i.field_number, i.title, i.detail,
             coalesce(o.name, '') AS organisation_name, m.area_id, m.starts_at,
             m.minutes_closed_at AS closed_at, m.minutes_closed_by AS closed_by,
             CAST(strftime('%Y', m.starts_at, 'unixepoch') AS INTEGER) AS year
      FROM meeting_items i
      JOIN meetings m ON m.id = i.meeting_id
      LEFT JOIN organisations o ON o.id = i.organisation_id
      WHERE i.list = 'bedarf' AND m.minutes_closed_at IS NOT NULL) n;

INSERT INTO reference_counters (prefix, year, last)
SELECT 'B', CAST(substr(reference, 3, 4) AS INTEGER), max(CAST(substr(reference, 8) AS INTEGER))
FROM needs WHERE true GROUP BY 2
ON CONFLICT (prefix, year) DO UPDATE SET last = max(last, excluded.last);

-- The catalogue's other orders.
CREATE INDEX needs_by_title ON needs (title COLLATE NOCASE, id);
CREATE INDEX needs_by_supporters ON needs (supporters, id);
