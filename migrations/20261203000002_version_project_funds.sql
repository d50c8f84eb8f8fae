-- The Projektmittel a version plans (dropped measures cost nothing), kept as a number when the
-- version is saved: the staff programme page sums them over every area's newest version, which
-- parsed 15 versions' JSON per view (about 7 ms at 500 versions). Versions stay immutable: the
-- guard is lifted only to fill the new column from each version's own content.
ALTER TABLE programme_versions ADD COLUMN project_funds_cents INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER programme_versions_immutable_update;
UPDATE programme_versions SET project_funds_cents = (
    SELECT COALESCE(SUM(json_extract(m.value, '$.project_funds_cents')), 0)
    FROM json_each(programme_versions.content, '$.measures') m
    WHERE json_extract(m.value, '$.status') <> 'Dropped'
);
CREATE TRIGGER programme_versions_immutable_update BEFORE UPDATE ON programme_versions BEGIN
    SELECT RAISE (ABORT, 'programme versions are immutable');
END;
-- The sum reads the number from this index: in the table it sits behind each version's JSON, in
-- its overflow pages (14 ms for the sum without the index).
CREATE INDEX programme_versions_funds ON programme_versions (programme_id, number, project_funds_cents);
