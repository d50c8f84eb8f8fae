-- Aktionsprogramme: one per area, a chain of immutable versions, and the approval workflow.
--
-- A save names the version it started from (`based_on`); the service stores it only if that is
-- still the newest version, so that nobody overwrites another person's save unseen. Versions are
-- never changed or deleted (triggers below); every workflow step is recorded with who, when and a
-- comment, and the Projektbüro's questions hang on sections of the version they were asked about.
CREATE TABLE programmes (
    id                INTEGER PRIMARY KEY,
    area_id           INTEGER NOT NULL UNIQUE REFERENCES areas (id),
    state             TEXT NOT NULL DEFAULT 'entwurf'
                          CHECK (state IN ('entwurf', 'eingereicht', 'rueckfragen', 'freigegeben',
                                           'veroeffentlicht')),
    -- The newest version's number (0 before the first save).
    head_version      INTEGER NOT NULL DEFAULT 0,
    -- The version under review, who handed it in and when.
    submitted_version INTEGER NULL,
    submitted_by      INTEGER NULL REFERENCES users (id),
    -- The version approved last and when (the retention of contact data counts from here).
    approved_version  INTEGER NULL,
    approved_at       INTEGER NULL,
    -- The version on the public page.
    published_version INTEGER NULL,
    published_at      INTEGER NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    CHECK ((state = 'eingereicht') = (submitted_version IS NOT NULL))
) STRICT;

CREATE TABLE programme_versions (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    -- The version the editor started from (NULL for the first).
    based_on     INTEGER NULL,
    -- The version's content as JSON (`domain::programme::ProgrammeContent`).
    content      TEXT NOT NULL CHECK (json_valid(content)),
    note         TEXT NOT NULL DEFAULT '',
    author_id    INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (programme_id, number)
) STRICT;

CREATE TRIGGER programme_versions_immutable_update BEFORE UPDATE ON programme_versions BEGIN
    SELECT RAISE (ABORT, 'programme versions are immutable');
END;
CREATE TRIGGER programme_versions_immutable_delete BEFORE DELETE ON programme_versions BEGIN
    SELECT RAISE (ABORT, 'programme versions are immutable');
END;

CREATE TABLE programme_steps (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    step         TEXT NOT NULL
                     CHECK (step IN ('einreichen', 'zurueckziehen', 'zurueckgeben', 'freigeben',
                                     'veroeffentlichen', 'ueberarbeiten')),
    from_state   TEXT NOT NULL,
    to_state     TEXT NOT NULL,
    -- The version the step concerns.
    version      INTEGER NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES users (id),
    comment      TEXT NOT NULL DEFAULT '',
    at           INTEGER NOT NULL
) STRICT;
CREATE INDEX programme_steps_by_programme ON programme_steps (programme_id, at, id);

-- The Projektbüro's questions, attached to a section of the returned version.
CREATE TABLE programme_comments (
    id           INTEGER PRIMARY KEY,
    step_id      INTEGER NOT NULL REFERENCES programme_steps (id),
    section      TEXT NOT NULL,
    text         TEXT NOT NULL
) STRICT;
CREATE INDEX programme_comments_by_step ON programme_comments (step_id);
